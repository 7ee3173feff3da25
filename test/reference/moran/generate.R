# Reference values for src/methods/spatial/weights.ts and moran.ts from R spdep + sf.
# Run from the repository root:  Rscript test/reference/moran/generate.R
# Needs Debian packages r-base-core, r-cran-spdep, r-cran-sf. Not run in CI.
suppressMessages({ library(sf); library(spdep) })

# JSON with 17 significant digits (jsonlite stops at 15); length-1 vectors are scalars.
to_json <- function(x, indent = "") {
  inner <- paste0(indent, "  ")
  if (is.list(x)) {
    parts <- vapply(x, to_json, "", indent = inner)
    if (!is.null(names(x)) && length(x) > 0)
      return(paste0("{\n", paste0(inner, '"', names(x), '": ', parts, collapse = ",\n"), "\n", indent, "}"))
    return(paste0("[", paste(parts, collapse = ", "), "]"))
  }
  if (length(x) == 0) return("[]")
  one <- if (is.character(x)) paste0('"', gsub('"', '\\\\"', x), '"') else
    if (is.logical(x)) ifelse(x, "true", "false") else
    ifelse(is.finite(x), sprintf("%.17g", x), "null")
  if (length(x) == 1 && is.null(attr(x, "array"))) one else paste0("[", paste(one, collapse = ", "), "]")
}
as_array <- function(x) { attr(x, "array") <- TRUE; x }
sf_use_s2(FALSE)  # planar centroids and contiguity in lon/lat, as the TypeScript code does

map <- st_read("data/geo/china_provinces.geojson", quiet = TRUE)
map <- map[!(map$adcode %in% c(710000, 810000, 820000)), ]  # the 31 provinces of the data
ids <- as.character(map$adcode)

long <- read.csv(gzfile("data/china/prov_nbs_annual_2000_2019_long.csv.gz"))
gdppc <- long[long$variable == "gdp_per_capita" & long$year == 2019, c("adcode", "value")]
y <- gdppc$value[match(map$adcode, gdppc$adcode)]
stopifnot(!anyNA(y))

queen <- poly2nb(map, row.names = ids, queen = TRUE)
rook <- poly2nb(map, row.names = ids, queen = FALSE)
nb_list <- function(nb) lapply(nb, function(v) as_array(if (length(v) == 1 && v[1] == 0) character(0) else ids[v]))

cent <- st_coordinates(st_centroid(st_geometry(map)))
haversine <- function(lon1, lat1, lon2, lat2) {
  r <- pi / 180; R <- 6371.0088
  h <- sin((lat2 - lat1) * r / 2)^2 + cos(lat1 * r) * cos(lat2 * r) * sin((lon2 - lon1) * r / 2)^2
  2 * R * asin(pmin(1, sqrt(h)))
}
n <- length(ids)
D <- outer(1:n, 1:n, function(i, j) haversine(cent[i, 1], cent[i, 2], cent[j, 1], cent[j, 2]))
knn4 <- lapply(1:n, function(i) { o <- order(D[i, ], seq_len(n)); o <- o[o != i][1:4]; ids[sort(o)] })

# Queen with Hainan (460000) linked to Guangdong (440000), as Chinese papers do.
hn <- which(ids == "460000"); gd <- which(ids == "440000")
linked <- queen
linked[[hn]] <- as.integer(gd)
linked[[gd]] <- sort(c(linked[[gd]], hn))
attr(linked, "region.id") <- ids

moran_case <- function(listw, zero.policy = FALSE) {
  out <- list()
  for (rand in c(TRUE, FALSE)) {
    t <- moran.test(y, listw, randomisation = rand, alternative = "two.sided",
                    zero.policy = zero.policy, adjust.n = FALSE)
    key <- if (rand) "randomisation" else "normality"
    out[[key]] <- list(I = unname(t$estimate[1]), expected = unname(t$estimate[2]),
                       variance = unname(t$estimate[3]), z = unname(t$statistic), p = t$p.value)
  }
  for (cond in c(TRUE, FALSE)) {
    l <- localmoran(y, listw, zero.policy = zero.policy, conditional = cond, alternative = "two.sided")
    key <- if (cond) "local_conditional" else "local_total"
    out[[key]] <- list(Ii = unname(l[, 1]), expected = unname(l[, 2]), variance = unname(l[, 3]),
                       z = unname(l[, 4]), p = unname(l[, 5]),
                       quadrant = as.character(attr(l, "quadr")$pysal))
  }
  out
}

result <- list(
  source = paste0("R ", R.version$major, ".", R.version$minor, ", spdep ", packageVersion("spdep"),
                  ", sf ", packageVersion("sf"), " (GEOS ", sf_extSoftVersion()[["GEOS"]], "), sf_use_s2(FALSE)"),
  generator = "Rscript test/reference/moran/generate.R (writes test/reference/moran/china-gdppc-2019.json)",
  tolerance = list(statistics = 1e-10, centroid_degrees = 1e-9, distance_km = 1e-6),
  calls = c("poly2nb(map, queen = TRUE|FALSE) with the default snap = sqrt(.Machine$double.eps)",
            "st_coordinates(st_centroid(st_geometry(map)))",
            "moran.test(y, nb2listw(nb, style = 'W'|'B'), randomisation = TRUE|FALSE, alternative = 'two.sided', adjust.n = FALSE)",
            "localmoran(y, listw, conditional = TRUE|FALSE, alternative = 'two.sided') (mlvar = TRUE)"),
  input = list(ids = ids, names = map$name_en,
               variable = "gdp_per_capita 2019 (yuan per person), data/china/prov_nbs_annual_2000_2019_long.csv.gz",
               y = y),
  expected = list(
    queen = nb_list(queen), rook = nb_list(rook),
    centroid_lon = unname(cent[, 1]), centroid_lat = unname(cent[, 2]),
    distance_km = lapply(1:n, function(i) D[i, ]),
    knn4 = knn4,
    moran_queen_linked_W = moran_case(nb2listw(linked, style = "W")),
    moran_queen_linked_B = moran_case(nb2listw(linked, style = "B")),
    moran_queen_island_W = moran_case(nb2listw(queen, style = "W", zero.policy = TRUE), zero.policy = TRUE),
    moran_knn4_W = moran_case(nb2listw(knn2nb(knearneigh(cent, k = 4)), style = "W"))
  )
)
# knn2nb(knearneigh(cent)) above is planar in degrees; the knn4 ids are its neighbours, for the same weights.
result$expected$moran_knn4_W_neighbours <- nb_list(knn2nb(knearneigh(cent, k = 4), row.names = ids))
writeLines(to_json(result), "test/reference/moran/china-gdppc-2019.json")
