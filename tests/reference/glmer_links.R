# glmer with non-canonical links and an offset, for tests/test_glmer.py.
#
# Run: Rscript tests/reference/glmer_links.R   (R 4.2.2, lme4 1.1-31, Debian bookworm)
# A probit fit of cbpp is where a first version of mmlib.glmer stopped on the boundary
# (theta = 0): the Laplace deviance is even in theta, so its slope at theta = 0 is zero.

suppressMessages(library(lme4))
cbpp_csv <- read.csv("data/cbpp.csv")
cbpp_csv$herd <- factor(cbpp_csv$herd, levels = sort(unique(cbpp_csv$herd)))
cbpp_csv$period <- factor(cbpp_csv$period)

show <- function(label, fit) {
  cat(label, "\n  fixef ", format(fixef(fit), digits = 10),
      "\n  theta ", format(getME(fit, "theta"), digits = 10),
      "\n  logLik", format(as.numeric(logLik(fit)), digits = 12), "\n")
}
response <- cbind(incidence, size - incidence) ~ period + (1 | herd)
show("binomial, probit", glmer(response, data = cbpp_csv, family = binomial(link = "probit")))
show("binomial, cloglog", glmer(response, data = cbpp_csv, family = binomial(link = "cloglog")))
show("poisson, offset log(size)",
     glmer(incidence ~ period + (1 | herd) + offset(log(size)), data = cbpp_csv, family = poisson))

# A Poisson GLMM with a correlated random slope, where a first version of mmlib.glmer failed:
# a trial step to a large slope SD made exp(eta) overflow and PIRLS's Cholesky factor fail.
grouse <- read.csv("data/grouseticks.csv")
grouse$LOCATION <- factor(grouse$LOCATION, levels = sort(unique(grouse$LOCATION)))
grouse$YEAR <- factor(grouse$YEAR)
slopes <- glmer(TICKS ~ YEAR + cHEIGHT + (1 + cHEIGHT | LOCATION), data = grouse, family = poisson)
show("poisson, random slope of cHEIGHT by LOCATION", slopes)
cat("  ldL2  ", format(getME(slopes, "devcomp")$cmp["ldL2"], digits = 12), "\n")
