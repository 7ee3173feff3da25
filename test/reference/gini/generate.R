# Reference values for src/methods/disparity/gini.ts (Dagum's Gini decomposition), by explicit double sums in base R.
# Run from the repository root:  Rscript test/reference/gini/generate.R
# Needs the Debian package r-base-core (R 4.2.2 here). Not run in CI. Writes test/reference/gini/cases-r.json.
#
# The decomposition follows Dagum (1997) as stated in methods.md §3.1, written independently of the TypeScript code:
# every sum is an outer() of all pairs, and the between-group parts loop over ordered pairs (j, h), j != h, with
# weight p_j s_h (the ginisufe layout), which equals the (p_j s_h + p_h s_j) form over unordered pairs.

# JSON with 17 significant digits; length-1 vectors are scalars unless marked as arrays.
to_json <- function(x, indent = "") {
  inner <- paste0(indent, "  ")
  if (is.list(x)) {
    parts <- vapply(x, to_json, "", indent = inner)
    if (!is.null(names(x)) && length(x) > 0)
      return(paste0("{\n", paste0(inner, '"', names(x), '": ', parts, collapse = ",\n"), "\n", indent, "}"))
    return(paste0("[", paste(parts, collapse = ", "), "]"))
  }
  if (length(x) == 0) return("[]")
  one <- if (is.character(x)) paste0('"', x, '"') else ifelse(is.finite(x), sprintf("%.17g", x), "null")
  if (length(x) == 1 && is.null(attr(x, "array"))) one else paste0("[", paste(one, collapse = ", "), "]")
}
as_array <- function(x) { attr(x, "array") <- TRUE; x }

dagum <- function(y, g, groups) {
  n <- length(y); mu <- mean(y); k <- length(groups)
  G <- sum(abs(outer(y, y, "-"))) / (2 * n^2 * mu)
  member <- lapply(groups, function(a) y[g == a])
  nj <- sapply(member, length); muj <- sapply(member, mean)
  pj <- nj / n; sj <- nj * muj / (n * mu)
  Gjj <- sapply(member, function(x) sum(abs(outer(x, x, "-"))) / (2 * length(x)^2 * mean(x)))
  Gw <- sum(Gjj * pj * sj)
  between <- function(j, h) {
    # j, h in either order; d and p are taken with the higher-mean group first.
    hi <- if (muj[h] > muj[j]) h else j; lo <- if (hi == j) h else j
    x <- member[[hi]]; z <- member[[lo]]
    diffs <- outer(x, z, "-")                      # y_hi,i - y_lo,r
    d <- sum(pmax(diffs, 0)) / length(diffs)
    p <- sum(pmax(-diffs, 0)) / length(diffs)
    list(hi = hi, lo = lo, G = sum(abs(diffs)) / (length(x) * length(z) * (mean(x) + mean(z))),
         d = d, p = p, D = if (d + p > 0) (d - p) / (d + p) else 0)
  }
  Gnb <- 0; Gt <- 0
  for (j in seq_len(k)) for (h in seq_len(k)) if (j != h) {
    b <- between(j, h)
    Gnb <- Gnb + b$G * pj[j] * sj[h] * b$D
    Gt <- Gt + b$G * pj[j] * sj[h] * (1 - b$D)
  }
  pairs <- list()
  for (j in seq_len(k)) for (h in seq_len(k)) if (j < h) {
    b <- between(j, h)
    pairs[[length(pairs) + 1]] <- list(high = groups[b$hi], low = groups[b$lo], gini = b$G,
                                       grossAffluence = b$d, transvariation = b$p, affluence = b$D)
  }
  list(n = n, mean = mu, gini = G, groupMean = as_array(muj), within = as_array(Gjj),
       withinContribution = Gw, netBetweenContribution = Gnb, transvariationContribution = Gt, pairs = pairs)
}

case <- function(name, source, y, g, groups) {
  list(name = name, source = source, input = list(y = as_array(y), group = as_array(g), groups = as_array(groups)),
       expected = dagum(y, g, groups))
}

cases <- list()
# methods.md §3.1 data at full precision.
cases[[1]] <- case("methods-md", "methods.md §3.1 data (East/Central/West)",
  c(0.60, 0.45, 0.52, 0.38, 0.30, 0.25, 0.33, 0.20, 0.28, 0.15, 0.22, 0.18),
  c(rep("East", 4), rep("Central", 3), rep("West", 5)), c("East", "Central", "West"))

# Seeded lognormal data, four groups of unequal size, means close enough for transvariation.
set.seed(20240601)
sizes <- c(A = 10, B = 6, C = 12, D = 3)
shift <- c(A = 0.4, B = 0.1, C = 0, D = 0.15)
g <- rep(names(sizes), sizes)
y <- exp(rnorm(sum(sizes), mean = shift[g], sd = 0.5))
cases[[2]] <- case("lognormal-4-groups", "set.seed(20240601); exp(rnorm(31, shift[group], 0.5))", y, g, names(sizes))

# Ties across groups, a one-unit group and a group listed before its first appearance.
set.seed(7)
g <- c("solo", rep("north", 5), rep("south", 6))
y <- round(runif(12, 1, 4), 1)
y[2] <- y[8]
cases[[3]] <- case("ties-and-single-unit", "set.seed(7); round(runif(12, 1, 4), 1) with a tie", y, g,
                   c("south", "north", "solo"))

# China gdp_per_capita 2019 (bundled NBS data) by NBS region.
long <- read.csv(gzfile("data/china/prov_nbs_annual_2000_2019_long.csv.gz"))
codes <- read.csv("data/china/province_codes.csv")
v <- long[long$variable == "gdp_per_capita" & long$year == 2019, c("adcode", "value")]
v$region <- codes$region_nbs4[match(v$adcode, codes$adcode)]
v <- v[order(v$adcode), ]
stopifnot(nrow(v) == 31, !anyNA(v$region))
cases[[4]] <- case("china-gdppc-2019", "data/china/prov_nbs_annual_2000_2019_long.csv.gz, gdp_per_capita 2019, region_nbs4 from province_codes.csv",
                   v$value, v$region, c("East", "Central", "West", "Northeast"))

out <- list(
  source = paste0("base R ", R.version$major, ".", R.version$minor, " (Debian r-base-core), explicit double sums of methods.md §3.1"),
  generator = "Rscript test/reference/gini/generate.R",
  tolerance = 1e-12,
  cases = cases
)
writeLines(to_json(out), "test/reference/gini/cases-r.json")
