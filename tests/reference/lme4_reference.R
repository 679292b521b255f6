# lme4 reference values for tests/test_lme4_reference.py.
#
# Run once, from the repository root, when the list of models changes:
#
#     Rscript tests/reference/lme4_reference.R
#
# It reads the course's CSV files from data/, fits every model listed in `models` below with
# lme4 (lmer or glmer, lme4's default optimisers and settings) and writes what lme4 reports to
# tests/reference/lme4_reference.json. The JSON is committed: R is never needed to run the tests.
# Written for R 4.2.2 with lme4 1.1-31, Matrix 1.5-3 and jsonlite 1.8.4 (Debian bookworm packages).
#
# Factors get the level order that mmlib.load_data() gives them (mmlib/data.py, CODEBOOK): the
# codebook's explicit levels where it lists them, otherwise sorted labels, numerically when every
# label is a number. Sorting is in the C locale (method = "radix"), as Python sorts strings.
#
# Some lessons fit models to derived columns (days of restriction, a centred predictor, a factor
# made from a number). Each model's `derive` lists those steps, and the test applies the same
# steps in Python, so both sides fit the same data:
#   subset_at_least(column, value)  keep rows with column >= value
#   shift(column, by, new)          new = column + by
#   square(column, new)             new = column^2
#   centre(column, new)             new = column - mean(column)
#   factor(column, new)             new = factor(column), levels sorted by value, labelled as R
#                                   prints the numbers (0, 0.2, ...)

suppressPackageStartupMessages({
  library(lme4)
  library(jsonlite)
})

# --- data, with mmlib's factor levels ---------------------------------------------------------
categories <- list(
  sleepstudy = "Subject",
  sleepstudy_incomplete = "Subject",
  radon = "county",
  cbpp = c("herd", "period"),
  grouseticks = c("INDEX", "BROOD", "YEAR", "LOCATION"),
  verbagg = c("Gender", "item", "resp", "id", "btype", "situ", "mode"),
  oats = c("Block", "Variety"),
  pastes = c("batch", "cask", "sample"),
  penicillin = c("plate", "sample"),
  school = c("id", "class", "school")
)

# the codebook's explicit level orders (mmlib/data.py); every other factor is sorted
verbagg_items <- as.vector(outer(
  c("Curse", "Scold", "Shout"),
  outer(paste0("S", 1:4), c("Want", "Do"), paste0),
  function(behaviour, situation_mode) paste0(situation_mode, behaviour)
))
verbagg_items[verbagg_items == "S4WantCurse"] <- "S4wantCurse"
explicit_levels <- list(
  verbagg = list(item = verbagg_items, resp = c("no", "perhaps", "yes"), mode = c("want", "do"))
)

natural_levels <- function(values) {
  labels <- unique(values[!is.na(values)])
  numbers <- suppressWarnings(as.numeric(labels))
  if (all(!is.na(numbers))) labels[order(numbers)] else sort(labels, method = "radix")
}

load_course_data <- function(name) {
  frame <- read.csv(file.path("data", paste0(name, ".csv")), colClasses = "character",
                    check.names = FALSE, na.strings = "")
  for (column in names(frame)) {
    values <- frame[[column]]
    if (column %in% categories[[name]]) {
      levels <- explicit_levels[[name]][[column]]
      if (is.null(levels)) levels <- natural_levels(values)
      stopifnot(all(values %in% levels))
      frame[[column]] <- factor(values, levels = levels)
    } else {
      frame[[column]] <- as.numeric(values)
    }
  }
  frame
}

apply_derive <- function(frame, steps) {
  for (step in steps) {
    column <- frame[[step$column]]
    frame <- switch(step$op,
      subset_at_least = frame[column >= step$value, , drop = FALSE],
      shift = { frame[[step$new]] <- column + step$by; frame },
      square = { frame[[step$new]] <- column^2; frame },
      centre = { frame[[step$new]] <- column - mean(column); frame },
      factor = {
        levels <- sort(unique(column))
        frame[[step$new]] <- factor(as.character(column), levels = as.character(levels))
        frame
      },
      stop("unknown derive op ", step$op)
    )
  }
  frame
}

# --- the models -----------------------------------------------------------------------------
model <- function(name, data, formula, family = "gaussian", REML = TRUE, nAGQ = 1L, derive = list()) {
  list(name = name, data = data, formula = formula, family = family,
       REML = if (family == "gaussian") REML else FALSE, nAGQ = as.integer(nAGQ), derive = derive)
}
restricted <- list(
  list(op = "subset_at_least", column = "Days", value = 2),
  list(op = "shift", column = "Days", by = -2, new = "nights")
)

models <- list(
  # sleepstudy (JSS paper, lessons of weeks 2, 4, 5, 7, 11, 12)
  model("sleep_slopes_reml", "sleepstudy", "Reaction ~ Days + (Days | Subject)"),
  model("sleep_slopes_ml", "sleepstudy", "Reaction ~ Days + (Days | Subject)", REML = FALSE),
  model("sleep_intercepts_reml", "sleepstudy", "Reaction ~ Days + (1 | Subject)"),
  model("sleep_intercepts_ml", "sleepstudy", "Reaction ~ Days + (1 | Subject)", REML = FALSE),
  model("sleep_uncorrelated_reml", "sleepstudy", "Reaction ~ Days + (Days || Subject)"),
  model("sleep_uncorrelated_ml", "sleepstudy", "Reaction ~ Days + (Days || Subject)", REML = FALSE),
  model("sleep_split_terms_reml", "sleepstudy", "Reaction ~ Days + (1 | Subject) + (0 + Days | Subject)"),
  model("sleep_slope_only_reml", "sleepstudy", "Reaction ~ Days + (0 + Days | Subject)"),
  model("sleep_no_fixed_slope_ml", "sleepstudy", "Reaction ~ 1 + (Days | Subject)", REML = FALSE),
  model("sleep_day_factor_reml", "sleepstudy", "Reaction ~ DayFactor + (Days | Subject)",
        derive = list(list(op = "factor", column = "Days", new = "DayFactor"))),
  model("sleep_day_factor_ml", "sleepstudy", "Reaction ~ DayFactor + (Days | Subject)", REML = FALSE,
        derive = list(list(op = "factor", column = "Days", new = "DayFactor"))),
  model("sleep_nights_reml", "sleepstudy", "Reaction ~ nights + (nights | Subject)", derive = restricted),
  model("sleep_nights_quadratic_reml", "sleepstudy",
        "Reaction ~ nights + nights_squared + (nights | Subject)",
        derive = c(restricted, list(list(op = "square", column = "nights", new = "nights_squared")))),
  # sleepstudy_incomplete: the models of issue 4
  model("incomplete_slopes_reml", "sleepstudy_incomplete", "Reaction ~ 1 + Days + (1 + Days | Subject)"),
  model("incomplete_split_terms_reml", "sleepstudy_incomplete",
        "Reaction ~ 1 + Days + (0 + Days | Subject) + (1 | Subject)"),
  model("incomplete_uncorrelated_reml", "sleepstudy_incomplete", "Reaction ~ 1 + Days + (1 + Days || Subject)"),
  model("incomplete_intercepts_reml", "sleepstudy_incomplete", "Reaction ~ 1 + Days + (1 | Subject)"),
  model("incomplete_slope_only_reml", "sleepstudy_incomplete", "Reaction ~ 1 + Days + (0 + Days | Subject)"),
  # crossed and nested designs
  model("penicillin_crossed_reml", "penicillin", "diameter ~ 1 + (1 | plate) + (1 | sample)"),
  model("penicillin_crossed_ml", "penicillin", "diameter ~ 1 + (1 | plate) + (1 | sample)", REML = FALSE),
  model("pastes_nested_reml", "pastes", "strength ~ 1 + (1 | batch/cask)"),
  model("pastes_explicit_reml", "pastes", "strength ~ 1 + (1 | batch) + (1 | batch:cask)"),
  model("pastes_sample_ml", "pastes", "strength ~ 1 + (1 | batch) + (1 | sample)", REML = FALSE),
  # radon (Gelman & Hill chapter 12-13)
  model("radon_empty_reml", "radon", "log_radon ~ 1 + (1 | county)"),
  model("radon_intercepts_reml", "radon", "log_radon ~ floor + log_uranium + (1 | county)"),
  model("radon_intercepts_ml", "radon", "log_radon ~ floor + log_uranium + (1 | county)", REML = FALSE),
  model("radon_slopes_reml", "radon", "log_radon ~ floor + log_uranium + (1 + floor | county)"),
  # simulated school data (week 2)
  model("school_nested_reml", "school", "extro ~ open + agree + social + (1 | school/class)"),
  model("school_crossed_reml", "school", "extro ~ open + agree + social + (1 | school) + (1 | class)"),
  model("school_slopes_reml", "school", "extro ~ open_c + (open_c | school)",
        derive = list(list(op = "centre", column = "open", new = "open_c"))),
  # oats split plot (week 4)
  model("oats_split_plot_reml", "oats", "yield ~ nitro + Variety + (1 | Block/Variety)"),
  model("oats_factorial_reml", "oats", "yield ~ Variety * nitro_f + (1 | Block/Variety)",
        derive = list(list(op = "factor", column = "nitro", new = "nitro_f"))),
  # GLMMs (week 3)
  model("cbpp_laplace", "cbpp", "cbind(incidence, size - incidence) ~ period + (1 | herd)", "binomial"),
  model("cbpp_agq25", "cbpp", "cbind(incidence, size - incidence) ~ period + (1 | herd)", "binomial", nAGQ = 25),
  model("grouseticks_brood", "grouseticks", "TICKS ~ YEAR + cHEIGHT + (1 | BROOD)", "poisson"),
  model("grouseticks_observation_level", "grouseticks", "TICKS ~ YEAR + cHEIGHT + (1 | BROOD) + (1 | INDEX)",
        "poisson"),
  model("grouseticks_crossed", "grouseticks", "TICKS ~ YEAR + HEIGHT + (1 | BROOD) + (1 | INDEX) + (1 | LOCATION)",
        "poisson"),
  model("verbagg_crossed", "verbagg", "r2 ~ anger_c + Gender + btype + situ + (1 | id) + (1 | item)", "binomial",
        derive = list(list(op = "centre", column = "Anger", new = "anger_c")))
)

# --- what lme4 reports ------------------------------------------------------------------------
named <- function(x) as.list(x)  # a named vector becomes a JSON object

conditional_modes <- function(fit) {
  lapply(ranef(fit, condVar = FALSE), function(modes) {
    first <- head(modes, 3)
    lapply(seq_len(nrow(first)), function(i) c(list(level = rownames(first)[i]), as.list(first[i, , drop = FALSE])))
  })
}

# log|Lambda' Z' W Z Lambda + I| with the GLM weights W recomputed from lme4's final fitted values
recomputed_ldL2 <- function(fit) {
  fam <- family(fit)
  mu <- fitted(fit)
  eta <- fam$linkfun(mu)
  w <- weights(fit, type = "prior") * fam$mu.eta(eta)^2 / fam$variance(mu)
  LtZt <- getME(fit, "Lambdat") %*% getME(fit, "Zt")
  A <- tcrossprod(LtZt %*% Diagonal(x = sqrt(w))) + Diagonal(nrow(LtZt))
  as.numeric(determinant(A, logarithm = TRUE)$modulus)
}

fit_model <- function(spec) {
  frame <- apply_derive(load_course_data(spec$data), spec$derive)
  formula <- as.formula(spec$formula)
  fit <- if (spec$family == "gaussian") {
    lmer(formula, data = frame, REML = spec$REML)
  } else {
    glmer(formula, data = frame, family = spec$family, nAGQ = spec$nAGQ)
  }
  devcomp <- getME(fit, "devcomp")
  varcorr <- as.data.frame(VarCorr(fit))
  result <- c(spec, list(
    fixef = named(fixef(fit)),
    se = named(sqrt(diag(as.matrix(vcov(fit))))),
    theta = named(getME(fit, "theta")),
    sigma = sigma(fit),
    varcorr = lapply(seq_len(nrow(varcorr)), function(i) as.list(varcorr[i, ])),
    logLik = as.numeric(logLik(fit)),
    # for a REML fit deviance() is deprecated (it returned the REML criterion): record REMLcrit.
    # For a glmer fit deviance() is the conditional deviance (devcomp's drsum), not -2 logLik.
    deviance = if (isREML(fit)) NULL else deviance(fit),
    REMLcrit = if (isREML(fit)) REMLcrit(fit) else NULL,
    AIC = AIC(fit),
    BIC = BIC(fit),
    ngrps = named(ngrps(fit)),
    nobs = nobs(fit),
    conditional_modes = conditional_modes(fit),
    singular = isSingular(fit),
    optimizer_messages = as.list(fit@optinfo$conv$lme4$messages),
    devcomp = named(devcomp$cmp[!is.na(devcomp$cmp)])
  ))
  if (spec$family != "gaussian") {
    result$ldL2 <- unname(devcomp$cmp["ldL2"])
    result$ldL2_recomputed <- recomputed_ldL2(fit)
  }
  result
}

results <- lapply(models, function(spec) {
  message("fitting ", spec$name)
  fit_model(spec)
})

output <- list(
  source = "tests/reference/lme4_reference.R",
  R = R.version.string,
  lme4 = as.character(packageVersion("lme4")),
  Matrix = as.character(packageVersion("Matrix")),
  platform = paste(utils::sessionInfo()$running, R.version$platform),
  models = results
)
writeLines(toJSON(output, auto_unbox = TRUE, pretty = TRUE, digits = NA, na = "null", null = "null"),
           "tests/reference/lme4_reference.json")
