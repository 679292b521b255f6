# Reference values for tests/test_profile.py: lme4's profile zeta of the sleepstudy model.
#
# Run: Rscript tests/reference/lme4_profile.R   (R 4.2.2, lme4 1.1-31, Debian bookworm)
# profile() of a REML fit profiles the ML deviance (lme4 refits with ML first), over the SDs,
# the correlation, sigma and the fixed effects. signames = FALSE names the parameters as
# mmlib does (sd_(Intercept)|Subject, ...). For each parameter the script prints the profile
# points nearest to zeta = -2, -1, 1 and 2: the value lme4 held the parameter at, and zeta there.

suppressMessages(library(lme4))
cat("R ", R.version$major, ".", R.version$minor, ", lme4 ", format(packageVersion("lme4")), "\n", sep = "")

sleepstudy <- read.csv("data/sleepstudy.csv")
sleepstudy$Subject <- factor(sleepstudy$Subject)
fm1 <- lmer(Reaction ~ Days + (Days | Subject), sleepstudy)
pr <- profile(fm1, signames = FALSE)

for (parameter in levels(pr$.par)) {
  rows <- pr[pr$.par == parameter, ]
  picked <- unique(sapply(c(-2, -1, 1, 2), function(z) which.min(abs(rows$.zeta - z))))
  for (i in picked) {
    cat(sprintf("%-30s value %.10g  zeta %.8f\n", parameter, rows[i, parameter], rows$.zeta[i]))
  }
  cat(sprintf("%-30s %d points, value from %.6g to %.6g, zeta from %.4f to %.4f\n", parameter,
              nrow(rows), min(rows[, parameter]), max(rows[, parameter]), min(rows$.zeta), max(rows$.zeta)))
}
