# Reference values for nqpf's σ- and β-convergence (src/methods/disparity/convergence.ts).
# Run from the repository root:  Rscript test/reference/convergence/generate.R
# Needs Debian r-base-core (R 4.2.2), r-cran-sandwich (3.0-2) and r-cran-lmtest (0.9-40). Not run in CI.
#
# β regressions are fitted by lm() with explicit unit (and year) dummies (LSDV), independently of nqpf's within
# transformation. Covariances:
#   conventional  vcov(fit), t on fit$df.residual
#   robust        sandwich::vcovHC(fit, type = "HC1"), t on fit$df.residual
#   cluster       pooled: sandwich::vcovCL(fit, cluster = ~id, type = "HC1") (= G/(G-1)·(N-1)/(N-K)), t on G - 1
#                 fixed effects: vcovCL(fit, cluster = ~id, type = "HC0") · (N-1)/(N-K-1) with K the slopes
#                 other than the unit dummies (Stata's xtreg, fe vce(cluster id) factor), t on G - 1
# p-values from lmtest::coeftest(fit, vcov. = V, df = df). Within R² = 1 - RSS / Σ (g - mean_i g)².
suppressPackageStartupMessages({
  library(sandwich)
  library(lmtest)
})

num <- function(x) {
  ifelse(is.na(x), "null", sprintf("%.17g", x))
}
vec <- function(x) paste0("[", paste(num(x), collapse = ", "), "]")
str_vec <- function(x) paste0("[", paste0('"', x, '"', collapse = ", "), "]")
mat <- function(m) paste0("[", paste(apply(m, 1, vec), collapse = ",\n      "), "]")

# x: n × T matrix of levels; controls: named list of n × T matrices; returns a data frame of n·(T-1) intervals.
intervals <- function(units, times, x, controls) {
  n <- nrow(x)
  TT <- ncol(x)
  d <- data.frame(
    id = factor(rep(units, each = TT - 1), levels = units),
    year = rep(times[-TT], times = n),
    g = as.vector(t(log(x[, -1]) - log(x[, -TT]))),
    lnx = as.vector(t(log(x[, -TT])))
  )
  for (name in names(controls)) d[[name]] <- as.vector(t(controls[[name]][, -TT]))
  d
}

beta_model <- function(d, fe, se, controls) {
  rhs <- paste(c("lnx", controls), collapse = " + ")
  if (fe == "unit") rhs <- paste(rhs, "+ factor(id)")
  if (fe == "twoway") rhs <- paste(rhs, "+ factor(id) + factor(year)")
  fit <- lm(as.formula(paste("g ~", rhs)), data = d)
  N <- nrow(d)
  G <- nlevels(d$id)
  if (se == "conventional") {
    V <- vcov(fit)
    df <- fit$df.residual
  } else if (se == "robust") {
    V <- vcovHC(fit, type = "HC1")
    df <- fit$df.residual
  } else if (fe == "none") {
    V <- vcovCL(fit, cluster = ~id, type = "HC1")
    df <- G - 1
  } else {
    slopes <- sum(!grepl("^factor\\(id\\)|^\\(Intercept\\)", names(coef(fit))))
    V <- vcovCL(fit, cluster = ~id, type = "HC0") * (N - 1) / (N - slopes - 1)
    df <- G - 1
  }
  ct <- coeftest(fit, vcov. = V, df = df)
  terms <- c("lnx", controls, if (fe == "none") "(Intercept)")
  within <- d$g - ave(d$g, d$id)
  r2 <- if (fe == "none") summary(fit)$r.squared else 1 - sum(residuals(fit)^2) / sum(within^2)
  list(fe = fe, se = se, controls = controls, terms = terms,
       coefficients = ct[terms, 1], standard_errors = ct[terms, 2], t = ct[terms, 3], p = ct[terms, 4],
       r2 = r2, df = df, observations = N)
}

beta_json <- function(m) {
  paste0('    {"fe": "', m$fe, '", "se": "', m$se, '", "controls": ', if (length(m$controls) == 0) "[]" else str_vec(m$controls),
         ', "group": "', if (is.null(m$group)) "all" else m$group, '"',
         ',\n     "terms": ', str_vec(sub("\\(Intercept\\)", "_cons", m$terms)),
         ',\n     "coefficients": ', vec(m$coefficients),
         ',\n     "standard_errors": ', vec(m$standard_errors),
         ',\n     "t": ', vec(m$t), ',\n     "p": ', vec(m$p),
         ',\n     "r2": ', num(m$r2), ', "df": ', num(m$df), ', "observations": ', num(m$observations), '}')
}

sigma_json <- function(x, times, group) {
  n <- nrow(x)
  mu <- colMeans(x)
  cv <- sqrt(colMeans(sweep(x, 2, mu)^2)) / mu
  lx <- log(x)
  sdlog <- sqrt(colMeans(sweep(lx, 2, colMeans(lx))^2))
  yr <- times - times[1]
  cvfit <- summary(lm(cv ~ yr))$coefficients
  sdfit <- summary(lm(sdlog ~ yr))$coefficients
  paste0('    {"group": "', group, '", "n": ', n, ', "mean": ', vec(mu), ',\n     "cv": ', vec(cv), ',\n     "sd_log": ', vec(sdlog),
         ',\n     "cv_trend": ', vec(cvfit["yr", ]), ',\n     "sd_log_trend": ', vec(sdfit["yr", ]), '}')
}

write_fixture <- function(path, source, description, units, times, x, controls, groups, sigma, betas) {
  control_json <- if (length(controls) == 0) "{}" else paste0("{", paste0('\n      "', names(controls), '": ', sapply(controls, mat), collapse = ","), "}")
  text <- paste0(
    '{\n  "source": "', source, '",\n',
    '  "generator": "Rscript test/reference/convergence/generate.R (from the repository root)",\n',
    '  "description": "', description, '",\n',
    '  "tolerance": {"coefficients": 1e-10, "relative": 1e-8},\n',
    '  "input": {\n    "units": ', str_vec(units), ',\n    "times": ', vec(times),
    ',\n    "groups": ', if (is.null(groups)) "null" else str_vec(groups),
    ',\n    "x": ', mat(x), ',\n    "controls": ', control_json, '\n  },\n',
    '  "expected": {\n  "sigma": [\n', paste(sigma, collapse = ",\n"), '\n  ],\n  "beta": [\n', paste(betas, collapse = ",\n"), '\n  ]}\n}\n')
  writeLines(text, path)
}

source_line <- sprintf("R %s (Debian r-base-core), lm(); sandwich %s vcovHC/vcovCL; lmtest %s coeftest",
                       paste(R.version$major, R.version$minor, sep = "."), packageVersion("sandwich"), packageVersion("lmtest"))
all_betas <- function(d, controls_list, groups = NULL) {
  out <- c()
  for (controls in controls_list)
    for (fe in c("none", "unit", "twoway"))
      for (se in c("conventional", "robust", "cluster"))
        out <- c(out, beta_json(beta_model(d, fe, se, controls)))
  out
}

# 1. Synthetic panel: 6 units × 5 years, one control z.
set.seed(20240611)
units <- paste0("u", 1:6)
times <- 2001:2005
x <- matrix(exp(rnorm(30, 1, 0.4)) * rep(seq(1, 2, length.out = 5), each = 6), 6, 5)
z <- matrix(round(rnorm(30, 0, 1), 3), 6, 5)
x <- round(x, 4)
d <- intervals(units, times, x, list(z = z))
write_fixture("test/reference/convergence/synthetic.json", source_line,
              "6 units x 5 years drawn with set.seed(20240611), rounded to 4 (x) and 3 (z) decimals",
              units, times, x, list(z = z), NULL, c(sigma_json(x, times, "all")),
              all_betas(d, list(character(0), c("z"))))

# 2. China provinces, gdp_per_capita 2012–2019 (bundled china-nbs-annual; region_nbs4 from china-provinces).
long <- read.csv(gzfile("data/china/prov_nbs_annual_2000_2019_long.csv.gz"), colClasses = c(adcode = "character"))
codes <- read.csv("data/china/province_codes.csv", colClasses = c(adcode = "character"))
years <- 2012:2019
wide <- function(variable) {
  s <- long[long$variable == variable & long$year %in% years, c("adcode", "year", "value")]
  m <- tapply(s$value, list(s$adcode, s$year), function(v) v[1])
  m[order(rownames(m)), as.character(years)]
}
gdp <- wide("gdp_per_capita")
ctrl <- list(mobile_phone_per_100 = wide("mobile_phone_per_100"), unemp_rate_urban_registered = wide("unemp_rate_urban_registered"))
units <- rownames(gdp)
stopifnot(length(units) == 31, !anyNA(gdp), all(sapply(ctrl, function(m) !anyNA(m) && identical(rownames(m), units))))
region <- codes$region_nbs4[match(units, codes$adcode)]
d <- intervals(units, years, gdp, ctrl)
d$region <- rep(region, each = length(years) - 1)
sigma <- c(sigma_json(gdp, years, "all"))
for (r in sort(unique(region))) sigma <- c(sigma, sigma_json(gdp[region == r, , drop = FALSE], years, r))
betas <- all_betas(d, list(character(0), names(ctrl)))
for (r in sort(unique(region))) {
  m <- beta_model(droplevels(d[d$region == r, ]), "twoway", "cluster", character(0))
  m$group <- r
  betas <- c(betas, beta_json(m))
}
write_fixture("test/reference/convergence/china-gdp-per-capita.json", source_line,
              "China provinces (31), gdp_per_capita 2012-2019 from data/china/prov_nbs_annual_2000_2019_long.csv.gz; controls mobile_phone_per_100 and unemp_rate_urban_registered; groups region_nbs4 from data/china/province_codes.csv",
              units, years, gdp, ctrl, region, sigma, betas)
cat("wrote test/reference/convergence/{synthetic,china-gdp-per-capita}.json\n")
