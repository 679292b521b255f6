# Reference values for tests/test_type3_anova.py: lmerTest's type-III anova tables.
#
# Run: Rscript tests/reference/lmertest_type3.R   (R 4.2.2, lme4 1.1-31, lmerTest 3.1-3, Debian bookworm)
# It reads the course's own CSV files and makes factors with the level order mmlib.load_data gives
# (alphabetical for all of those used here), fits each model by REML and prints
# anova(m, type = 3) with Satterthwaite's denominator df (lmerTest's defaults).

suppressMessages(library(lmerTest))
cat("R ", R.version$major, ".", R.version$minor, ", lme4 ", format(packageVersion("lme4")),
    ", lmerTest ", format(packageVersion("lmerTest")), "\n", sep = "")

oats <- read.csv("data/oats.csv")
oats$Block <- factor(oats$Block)
oats$Variety <- factor(oats$Variety)
oats$N <- factor(oats$nitro)                       # mmlib: oats["nitro"].astype(str)
unbalanced <- oats[-c(3, 10, 17, 25, 40, 41, 60), ]  # 1-based rows; mmlib drops 0-based 2, 9, 16, ...

sleepstudy <- read.csv("data/sleepstudy.csv")
sleepstudy$Subject <- factor(sleepstudy$Subject)
sleepstudy$DayFactor <- factor(sleepstudy$Days)

school <- read.csv("data/school.csv")
school$class <- factor(school$class)
school$school <- factor(school$school)

show <- function(label, formula, data, theta = FALSE) {
  fit <- lmer(formula, data = data)
  table <- anova(fit, type = 3)
  cat("\n", label, ": ", deparse(formula), "\n", sep = "")
  for (term in rownames(table)) {
    cat(sprintf("  %-16s SumSq %.10g  MeanSq %.10g  NumDF %d  DenDF %.10g  F %.10g  p %.6g\n", term,
                table[term, "Sum Sq"], table[term, "Mean Sq"], as.integer(table[term, "NumDF"]),
                table[term, "DenDF"], table[term, "F value"], table[term, "Pr(>F)"]))
  }
  if (theta) cat(sprintf("  theta %s\n", paste(sprintf("%.12g", getME(fit, "theta")), collapse = "  ")))
}

show("oats, factor x factor", yield ~ N * Variety + (1 | Block/Variety), oats)
show("oats, factor x numeric", yield ~ nitro * Variety + (1 | Block/Variety), oats)
show("oats unbalanced, factor x factor", yield ~ N * Variety + (1 | Block/Variety), unbalanced)
show("oats unbalanced, factor x numeric", yield ~ nitro * Variety + (1 | Block/Variety), unbalanced)
show("oats unbalanced, one term", yield ~ Variety + (1 | Block), unbalanced)
show("sleepstudy, one 9-df term", Reaction ~ DayFactor + (Days | Subject), sleepstudy)
# A missing cell (no Victory at the highest nitrogen level): lmerTest says "Missing cells for:
# N0.6:VarietyVictory". lme4 stops here with a REML criterion 1.5e-7 above mmlib's optimum, which
# moves the table in the 4th digit, so theta is printed to evaluate mmlib's table at lme4's theta.
no_cell <- oats[!(oats$Variety == "Victory" & oats$N == "0.6"), ]
show("oats, missing cell", yield ~ N * Variety + (1 | Block/Variety), no_cell, theta = TRUE)
show("school, numeric x factor", extro ~ agree * class + (1 | school/class), school)

# The hypotheses do not depend on the coding: sum-to-zero contrasts give the same table.
options(contrasts = c("contr.sum", "contr.poly"))
show("oats unbalanced, factor x factor, contr.sum", yield ~ N * Variety + (1 | Block/Variety), unbalanced)
