# Reference values for src/methods/disparity/kernel-density.ts: bandwidth rules, exact kernel densities, grids and peaks.
# Run from the repository root:  Rscript test/reference/kernel-density/generate.R
# Needs the Debian package r-base-core (R 4.2.2 here). Not run in CI. Writes test/reference/kernel-density/cases-r.json.
#
# - bw.nrd0 and bw.nrd are R's own functions (stats); "silverman" and "stata" are written here from their stated
#   definitions (type-7 and type-2 quartiles, IQR/1.349).
# - Densities are exact sums in R (dnorm for the Gaussian; the kernels of ?density written out), not density(),
#   which bins the data; density()'s own values are stored separately ("binned") for a loose check.
# - The grid is density()$x (512 points from min - 3 bw to max + 3 bw); peaks are the interior local maxima of the
#   exact Gaussian density on that grid, found with diff(sign(diff(f))).

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

exact <- function(x, h, at, kernel) {
  sapply(at, function(a) {
    u <- a - x
    k <- switch(kernel,
      gaussian = dnorm(u / h) / h,
      # ?density: "epanechnikov" has support [-sqrt(5) bw, sqrt(5) bw], bw the kernel's standard deviation.
      epanechnikov = { s <- sqrt(5) * h; ifelse(abs(u) < s, 3 / 4 * (1 - (u / s)^2) / s, 0) },
      epan2 = ifelse(abs(u) < h, 3 / 4 * (1 - (u / h)^2) / h, 0))
    mean(k)
  })
}

case <- function(name, source, x, at) {
  n <- length(x)
  q7 <- quantile(x, c(0.25, 0.75), type = 7, names = FALSE)
  q2 <- quantile(x, c(0.25, 0.75), type = 2, names = FALSE)
  bw <- list(
    silverman = 0.9 * min(sd(x), diff(q7) / 1.349) * n^(-1 / 5),
    stata = 0.9 * min(sd(x), diff(q2) / 1.349) * n^(-1 / 5),
    nrd0 = bw.nrd0(x),
    scott = bw.nrd(x))
  h <- bw$nrd0
  d <- density(x, bw = h, kernel = "gaussian", n = 512)
  f <- exact(x, h, d$x, "gaussian")
  peaks <- which(diff(sign(diff(f))) == -2) + 1
  list(name = name, source = source,
       input = list(x = as_array(x), at = as_array(at)),
       expected = list(
         sd = sd(x), iqr = IQR(x), quartiles7 = as_array(q7), quartiles2 = as_array(q2),
         mean = mean(x), median = median(x),
         bandwidth = bw,
         # exact densities at `at` with h = bw.nrd0 for each kernel
         gaussian = as_array(exact(x, h, at, "gaussian")),
         epanechnikov = as_array(exact(x, h, at, "epanechnikov")),
         epan2 = as_array(exact(x, h, at, "epan2")),
         # density()'s grid, the exact Gaussian density on it, its peaks, and density()'s binned values
         grid = list(from = d$x[1], to = d$x[512], points = 512L),
         gridDensity = as_array(f),
         peakLocation = as_array(d$x[peaks]), peakHeight = as_array(f[peaks]),
         binned = as_array(approx(d$x, d$y, at)$y)))
}

cases <- list()
x <- c(0.20, 0.25, 0.30, 0.45, 0.60, 0.38, 0.52, 0.33, 0.28, 0.15, 0.22, 0.18)
cases[[1]] <- case("methods-md", "methods.md §3.3 data", x, c(0.1, 0.3, 0.5, 0.2, 0.45, 0.7))

set.seed(20240602)
x <- rnorm(50, 10, 2)
cases[[2]] <- case("normal-50", "set.seed(20240602); rnorm(50, 10, 2)", x, seq(4, 16, by = 1.5))

set.seed(11)
x <- c(rnorm(40, 0, 1), rnorm(40, 5, 0.7))
cases[[3]] <- case("bimodal-80", "set.seed(11); c(rnorm(40, 0, 1), rnorm(40, 5, 0.7))", x, seq(-3, 8, by = 1))

# Many ties: type-2 and type-7 quartiles differ, and n p is whole for n = 24.
set.seed(3)
x <- round(rexp(24, 0.5), 0) + 1
cases[[4]] <- case("ties-24", "set.seed(3); round(rexp(24, 0.5)) + 1", x, c(0, 1, 2, 3.5, 6))

# Constant data: bw.nrd0 falls back to |x[1]| (sd and IQR are 0).
cases[[5]] <- case("constant", "rep(3, 5): bw.nrd0 fallback", rep(3, 5), c(2, 3, 4))

out <- list(
  source = paste0("base R ", R.version$major, ".", R.version$minor, " (Debian r-base-core): stats::bw.nrd0, bw.nrd, quantile(type = 2, 7), density()$x, dnorm; Stata and statsmodels rules written from their definitions"),
  generator = "Rscript test/reference/kernel-density/generate.R",
  tolerance = 1e-12,
  binned_tolerance = 5e-3,
  cases = cases
)
writeLines(to_json(out), "test/reference/kernel-density/cases-r.json")
