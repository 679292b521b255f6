# lmerTest and lme4 inference results for tests/test_inference_reference.py.
#
# Run once, from the repository root, when the list of models changes:
#
#     Rscript tests/reference/inference_reference.R
#
# It writes tests/reference/inference_reference.json (committed: R is never needed to run the
# tests) with, for REML fits of the models listed below:
#   - lmerTest's summary(m)$coefficients: t-tests with Satterthwaite df;
#   - lmerTest's anova(m): type-III F-tests with Satterthwaite df, where the model has terms;
#   - lme4's isSingular(m) and the fit's theta and REML criterion (to tell optimiser differences
#     from differences in the inference);
#   - lme4's anova(m0, m1) likelihood-ratio tables for nested pairs (lme4 refits REML fits by ML);
#   - lme4's confint(m, method = "profile") and confint(m, method = "Wald"), with lme4's default
#     parameter names (.sig01, ..., .sigma) and those of oldNames = FALSE (sd_(Intercept)|Subject,
#     ..., sigma), which are mmlib's.
# Written for R 4.2.2 with lme4 1.1-31, lmerTest 3.1-3, Matrix 1.5-3 and jsonlite 1.8.4 (Debian
# bookworm packages).
#
# The data are read and derived columns made exactly as in lme4_reference.R: its data helpers
# (categories, explicit_levels, natural_levels, load_course_data, apply_derive) are evaluated from
# that file rather than copied, so both scripts give every factor mmlib's level order.

suppressPackageStartupMessages({
  library(lme4)
  library(lmerTest)
  library(jsonlite)
})

helpers <- c("categories", "verbagg_items", "explicit_levels", "natural_levels", "load_course_data",
             "apply_derive")
for (expression in parse("tests/reference/lme4_reference.R")) {
  is_helper <- is.call(expression) && identical(expression[[1]], as.name("<-")) &&
    as.character(expression[[2]])[1] %in% helpers
  # verbagg_items is then edited in place by an indexed assignment
  is_helper <- is_helper || (is.call(expression) && identical(expression[[1]], as.name("<-")) &&
                               is.call(expression[[2]]) && identical(expression[[2]][[2]], as.name("verbagg_items")))
  if (is_helper) eval(expression, envir = globalenv())
}
stopifnot(all(vapply(helpers, exists, logical(1))))

course_data <- function(data, derive) apply_derive(load_course_data(data), derive)

day_factor <- list(list(op = "factor", column = "Days", new = "DayFactor"))
nitro_factor <- list(list(op = "factor", column = "nitro", new = "nitro_f"))
open_centred <- list(list(op = "centre", column = "open", new = "open_c"))

spec <- function(name, data, formula, derive = list()) {
  list(name = name, data = data, formula = formula, derive = derive)
}

# --- the models: REML fits -------------------------------------------------------------------
models <- list(
  spec("sleep_slopes", "sleepstudy", "Reaction ~ Days + (Days | Subject)"),
  spec("sleep_intercepts", "sleepstudy", "Reaction ~ Days + (1 | Subject)"),
  spec("sleep_day_factor", "sleepstudy", "Reaction ~ DayFactor + (Days | Subject)", day_factor),
  # unbalanced: two subjects with only a few days
  spec("incomplete_slopes", "sleepstudy_incomplete", "Reaction ~ 1 + Days + (1 + Days | Subject)"),
  # factor x factor interaction, nested random effects (split plot)
  spec("oats_factorial", "oats", "yield ~ Variety * nitro_f + (1 | Block/Variety)", nitro_factor),
  spec("oats_split_plot", "oats", "yield ~ nitro + Variety + (1 | Block/Variety)"),
  # crossed random effects, and a nested design, without fixed-effect terms to test
  spec("penicillin_crossed", "penicillin", "diameter ~ 1 + (1 | plate) + (1 | sample)"),
  spec("pastes_nested", "pastes", "strength ~ 1 + (1 | batch/cask)"),
  # numeric predictors, nested random effects, 1200 observations
  spec("school_nested", "school", "extro ~ open + agree + social + (1 | school/class)"),
  # unbalanced: 919 houses in 85 counties, 1 to 116 houses each
  spec("radon_intercepts", "radon", "log_radon ~ floor + log_uranium + (1 | county)"),
  # deliberately singular: the slope's SD is estimated as 0
  spec("school_slopes_singular", "school", "extro ~ open_c + (open_c | school)", open_centred)
)

# likelihood-ratio tests: each pair is (smaller, larger), both REML fits
pairs <- list(
  list(name = "sleep_random_slope",
       smaller = spec("sleep_intercepts", "sleepstudy", "Reaction ~ Days + (1 | Subject)"),
       larger = spec("sleep_slopes", "sleepstudy", "Reaction ~ Days + (Days | Subject)")),
  list(name = "sleep_days",
       smaller = spec("sleep_no_days", "sleepstudy", "Reaction ~ 1 + (Days | Subject)"),
       larger = spec("sleep_slopes", "sleepstudy", "Reaction ~ Days + (Days | Subject)")),
  list(name = "oats_interaction",
       smaller = spec("oats_additive", "oats", "yield ~ Variety + nitro_f + (1 | Block/Variety)", nitro_factor),
       larger = spec("oats_factorial", "oats", "yield ~ Variety * nitro_f + (1 | Block/Variety)", nitro_factor)),
  list(name = "radon_floor_slope",
       smaller = spec("radon_intercepts", "radon", "log_radon ~ floor + log_uranium + (1 | county)"),
       larger = spec("radon_slopes", "radon", "log_radon ~ floor + log_uranium + (1 + floor | county)"))
)

# profile and Wald intervals: small models (profiling is slow for large ones)
interval_models <- c("sleep_slopes", "penicillin_crossed", "pastes_nested")

# --- what lme4 and lmerTest report ------------------------------------------------------------
fit_reml <- function(model) {
  lme4::lmer(as.formula(model$formula), data = course_data(model$data, model$derive), REML = TRUE)
}

rows_of <- function(table, columns, key = "term") {
  lapply(seq_len(nrow(table)), function(i) {
    row <- setNames(list(rownames(table)[i]), key)
    for (column in names(columns)) row[[columns[[column]]]] <- unname(table[i, column])
    row
  })
}

coefficient_columns <- c("Estimate" = "estimate", "Std. Error" = "se", "df" = "df", "t value" = "t",
                         "Pr(>|t|)" = "p")
anova_columns <- c("Sum Sq" = "sum_sq", "Mean Sq" = "mean_sq", "NumDF" = "num_df", "DenDF" = "den_df",
                   "F value" = "F", "Pr(>F)" = "p")
lrt_columns <- c("npar" = "npar", "AIC" = "AIC", "BIC" = "BIC", "logLik" = "logLik", "deviance" = "deviance",
                 "Chisq" = "Chisq", "Df" = "Df", "Pr(>Chisq)" = "p")

intervals <- function(fit, method) {
  limits <- confint(fit, method = method, oldNames = TRUE)
  named <- confint(fit, method = method, oldNames = FALSE)  # the same limits, mmlib's names
  lapply(seq_len(nrow(limits)), function(i) {
    list(lme4_name = rownames(limits)[i], name = rownames(named)[i], lower = unname(limits[i, 1]),
         upper = unname(limits[i, 2]))
  })
}

model_results <- lapply(models, function(model) {
  message("fitting ", model$name)
  fit <- fit_reml(model)
  tested <- lmerTest::as_lmerModLmerTest(fit)
  result <- c(model, list(
    REML = TRUE,
    theta = as.list(getME(fit, "theta")),
    REMLcrit = REMLcrit(fit),
    singular = isSingular(fit),
    coefficients = rows_of(summary(tested, ddf = "Satterthwaite")$coefficients, coefficient_columns)
  ))
  if (length(attr(terms(fit), "term.labels")) > 0) {
    result$anova <- rows_of(anova(tested, type = 3, ddf = "Satterthwaite"), anova_columns)
  }
  if (model$name %in% interval_models) {
    message("  confint")
    result$confint <- list(level = 0.95, profile = intervals(fit, "profile"), wald = intervals(fit, "Wald"))
  }
  result
})

pair_results <- lapply(pairs, function(pair) {
  message("likelihood-ratio test ", pair$name)
  smaller <- fit_reml(pair$smaller)
  larger <- fit_reml(pair$larger)
  # lme4 orders the table by npar and names its rows after the arguments: smaller, larger
  table <- suppressMessages(anova(smaller, larger))
  c(pair, list(table = rows_of(table, lrt_columns, key = "model")))
})

output <- list(
  source = "tests/reference/inference_reference.R",
  R = R.version.string,
  lme4 = as.character(packageVersion("lme4")),
  lmerTest = as.character(packageVersion("lmerTest")),
  Matrix = as.character(packageVersion("Matrix")),
  platform = paste(utils::sessionInfo()$running, R.version$platform),
  models = model_results,
  likelihood_ratio_tests = pair_results
)
writeLines(toJSON(output, auto_unbox = TRUE, pretty = TRUE, digits = NA, na = "null", null = "null"),
           "tests/reference/inference_reference.json")
