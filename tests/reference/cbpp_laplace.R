# Why mmlib's cbpp estimates differ from lme4's in the 4th decimal.
#
# Run: Rscript tests/reference/cbpp_laplace.R   (R 4.2.2, lme4 1.1-31 from Debian bookworm)
# The numbers it prints are the reference values in tests/test_glmer.py.
#
# lme4's Laplace deviance is  drsum + ussq + ldL2  (plus the saturated constant), where ldL2 is
# log|L|^2 of  Lambda' Z' W Z Lambda + I.  Its PIRLS leaves L factored with the weights W of the
# iteration before the last, so the stored ldL2 is not the one at the final conditional modes.
# Recomputing ldL2 from the final fitted values, and nothing else, moves lme4's own optimum and
# standard errors onto mmlib's.

suppressMessages(library(lme4))
cat("R ", R.version$major, ".", R.version$minor, ", lme4 ", format(packageVersion("lme4")), "\n", sep = "")

gm1 <- glmer(cbind(incidence, size - incidence) ~ period + (1 | herd), data = cbpp, family = binomial)
show <- function(label, x) cat(sprintf("%-34s %s\n", label, paste(format(x, digits = 12), collapse = "  ")))

show("lme4 fixef", fixef(gm1))
show("lme4 theta", getME(gm1, "theta"))
show("lme4 se (Hessian)", sqrt(diag(vcov(gm1))))
cmp <- getME(gm1, "devcomp")$cmp
show("lme4 drsum, ussq, ldL2", cmp[c("drsum", "ussq", "ldL2")])

# log|L|^2 from lme4's own final fitted values: for one scalar random intercept L is diagonal,
# with entries 1 + theta^2 * (sum of the binomial weights size * mu * (1 - mu) in the herd)
theta <- getME(gm1, "theta")
mu <- fitted(gm1)
fresh_ldL2 <- function(theta, mu) sum(log(1 + theta^2 * tapply(cbpp$size * mu * (1 - mu), cbpp$herd, sum)))
show("ldL2 from final fitted values", fresh_ldL2(theta, mu))

# lme4's deviance function with that one term recomputed (three calls so PIRLS has converged)
devfun <- update(gm1, devFunOnly = TRUE)
env <- environment(devfun)
corrected <- function(pars) {
  for (k in 1:3) value <- devfun(pars)
  value - env$pp$ldL2() + fresh_ldL2(pars[1], env$resp$mu)
}
start <- c(theta, fixef(gm1))
fit <- optim(start, corrected, method = "Nelder-Mead", control = list(reltol = 1e-14, maxit = 20000))
fit <- optim(fit$par, corrected, method = "BFGS", control = list(reltol = 1e-15, maxit = 2000))
show("corrected optimum (theta, fixef)", fit$par)
show("corrected minimum deviance", fit$value)
hessian <- lme4:::deriv12(corrected, fit$par, delta = 1e-4)$Hessian
show("corrected se", sqrt(diag(solve(hessian / 2)))[-1])
