# Reference values for src/methods/disparity/theil.ts: Theil T and L with within/between parts, CV, SD of logs.
# Run from the repository root:  Rscript test/reference/theil/generate.R
# Needs the Debian package r-base-core (R 4.2.2 here). Not run in CI. Writes test/reference/theil/cases-r.json.
# The formulas are those of methods.md §3.2, written in base R independently of the TypeScript code. The between
# parts are computed from group means; the within parts from each group's own index; the totals from all units.

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

theil_parts <- function(y, g, groups) {
  n <- length(y); mu <- mean(y)
  T_ <- function(x) mean(x / mean(x) * log(x / mean(x)))
  L_ <- function(x) mean(log(mean(x) / x))
  member <- lapply(groups, function(a) y[g == a])
  nj <- sapply(member, length); muj <- sapply(member, mean)
  p <- nj / n; s <- nj * muj / (n * mu)
  Tg <- sapply(member, T_); Lg <- sapply(member, L_)
  pop_sd <- sqrt(mean((y - mu)^2))
  list(n = n, mean = mu,
       t = T_(y), tWithin = sum(s * Tg), tBetween = sum(s * log(muj / mu)),
       l = L_(y), lWithin = sum(p * Lg), lBetween = sum(p * log(mu / muj)),
       groupT = as_array(Tg), groupL = as_array(Lg),
       cv = sd(y) / mu, cvPopulation = pop_sd / mu,
       sdLog = sd(log(y)), sdLogPopulation = sqrt(mean((log(y) - mean(log(y)))^2)))
}

case <- function(name, source, y, g, groups) {
  list(name = name, source = source, input = list(y = as_array(y), group = as_array(g), groups = as_array(groups)),
       expected = theil_parts(y, g, groups))
}

cases <- list()
cases[[1]] <- case("methods-md", "methods.md §3.2 data (the §3.1 East/Central/West values)",
  c(0.60, 0.45, 0.52, 0.38, 0.30, 0.25, 0.33, 0.20, 0.28, 0.15, 0.22, 0.18),
  c(rep("East", 4), rep("Central", 3), rep("West", 5)), c("East", "Central", "West"))

set.seed(20240601)
sizes <- c(A = 10, B = 6, C = 12, D = 3)
shift <- c(A = 0.4, B = 0.1, C = 0, D = 0.15)
g <- rep(names(sizes), sizes)
y <- exp(rnorm(sum(sizes), mean = shift[g], sd = 0.5))
cases[[2]] <- case("lognormal-4-groups", "set.seed(20240601); exp(rnorm(31, shift[group], 0.5))", y, g, names(sizes))

long <- read.csv(gzfile("data/china/prov_nbs_annual_2000_2019_long.csv.gz"))
codes <- read.csv("data/china/province_codes.csv")
v <- long[long$variable == "gdp_per_capita" & long$year == 2019, c("adcode", "value")]
v$region <- codes$region_nbs4[match(v$adcode, codes$adcode)]
v <- v[order(v$adcode), ]
stopifnot(nrow(v) == 31, !anyNA(v$region))
cases[[3]] <- case("china-gdppc-2019", "data/china/prov_nbs_annual_2000_2019_long.csv.gz, gdp_per_capita 2019, region_nbs4 from province_codes.csv",
                   v$value, v$region, c("East", "Central", "West", "Northeast"))

out <- list(
  source = paste0("base R ", R.version$major, ".", R.version$minor, " (Debian r-base-core), formulas of methods.md §3.2"),
  generator = "Rscript test/reference/theil/generate.R",
  tolerance = 1e-12,
  cases = cases
)
writeLines(to_json(out), "test/reference/theil/cases-r.json")
