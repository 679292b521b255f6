"""Likelihood-ratio tests, confidence intervals and fit checks (mmlib.inference).

Sources:
[JSS]    Bates, Maechler, Bolker & Walker (2015), J. Stat. Softw. 67(1), section 5:
         ``anova(fm1, fm2)`` of the sleepstudy models (Chisq 0.0639, Pr 0.8004).
[confint] lme4 1.1 ``confint(fm1)`` (the profile method) for
         ``fm1 <- lmer(Reaction ~ Days + (Days | Subject), sleepstudy)``, as printed in lme4's
         documentation of ``confint.merMod``. lme4 interpolates its profiles with splines, so
         agreement is to about 1e-5; the tolerance is relative 1e-4.
Everything else is recomputed independently inside the tests (two ML fits for a
likelihood ratio; the profiled deviance at an interval's end; a simulated singular model).
"""

import warnings

import numpy as np
import pandas as pd
import pytest
import scipy.stats

import mmlib
from mmlib import ConvergenceWarning, SingularFitWarning
from mmlib.inference import all_fit, anova, check_convergence, confint, singularity, variance_parameters
from mmlib.lmm import LMMResult, solve_pls
from helpers import shown

REL = 1e-4



@pytest.fixture(scope="module")
def fm1(sleep):
    return mmlib.lmer("Reaction ~ Days + (Days | Subject)", sleep)


@pytest.fixture(scope="module")
def singular_fit():
    """Random slopes for x1 and x2 = 2 x1 + tiny noise: their covariance cannot have full rank."""
    rng = np.random.default_rng(42)
    groups, per_group = 30, 10
    g = np.repeat(np.arange(groups), per_group)
    x1 = rng.normal(size=g.size)
    x2 = 2 * x1 + 1e-6 * rng.normal(size=g.size)
    y = 1 + x1 + rng.normal(size=groups)[g] + 0.5 * rng.normal(size=groups)[g] * x1 + rng.normal(size=g.size)
    data = pd.DataFrame({"y": y, "x1": x1, "x2": x2, "g": g.astype(str)})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fit = mmlib.lmer("y ~ x1 + (1 + x1 + x2 | g)", data)
    return fit, caught


# --- likelihood-ratio tests -------------------------------------------------------------------
def test_likelihood_ratio_is_recomputed_from_two_ml_fits(sleep):
    small = mmlib.lmer("Reaction ~ 1 + (Days | Subject)", sleep, REML=False)
    large = mmlib.lmer("Reaction ~ Days + (Days | Subject)", sleep, REML=False)
    table = anova(large, small, names=["large", "small"])  # sorted by npar
    assert list(table.index) == ["small", "large"]
    assert list(table.columns) == ["npar", "AIC", "BIC", "logLik", "deviance", "Chisq", "Df", "p"]
    chisq = 2 * (large.loglik - small.loglik)
    assert table.loc["large", "Chisq"] == pytest.approx(chisq, rel=1e-12)
    assert table.loc["large", "Df"] == large.npar - small.npar == 1
    assert table.loc["large", "p"] == pytest.approx(scipy.stats.chi2.sf(chisq, 1), rel=1e-10)
    assert np.isnan(table.loc["small", "Chisq"])
    # AIC and BIC of every fit, from their definitions
    assert table.loc["small", "AIC"] == pytest.approx(-2 * small.loglik + 2 * 5, rel=1e-12)
    assert table.loc["large", "BIC"] == pytest.approx(-2 * large.loglik + 6 * np.log(180), rel=1e-12)


def test_reml_fits_are_refitted_with_ml_as_lme4_does(sleep, fm1):
    fm2 = mmlib.lmer("Reaction ~ Days + (Days || Subject)", sleep)
    with pytest.warns(UserWarning, match="refitting model\\(s\\) with ML"):
        table = mmlib.anova(fm1, fm2, names=["fm1", "fm2"])
    # [JSS] anova(fm1, fm2)
    assert list(table.index) == ["fm2", "fm1"]
    assert shown(table.loc["fm1", "Chisq"], "0.0639")
    assert shown(table.loc["fm1", "p"], "0.8004")
    assert shown(table.loc["fm2", "AIC"], "1762.0") and shown(table.loc["fm1", "BIC"], "1783.1")


def test_reml_comparison_without_refit_only_for_equal_fixed_effects(sleep, fm1):
    intercepts = mmlib.lmer("Reaction ~ Days + (1 | Subject)", sleep)
    table = anova(intercepts, fm1, refit=False)  # same fixed effects: the REML likelihoods compare
    assert table["Chisq"].iloc[1] == pytest.approx(2 * (fm1.loglik - intercepts.loglik), rel=1e-12)
    no_days = mmlib.lmer("Reaction ~ 1 + (Days | Subject)", sleep)
    with pytest.raises(ValueError, match="REML fits can be compared only when their fixed effects are the same"):
        anova(no_days, fm1, refit=False)


def test_models_fitted_to_different_data_are_refused(sleep, fm1):
    fewer = mmlib.lmer("Reaction ~ Days + (1 | Subject)", sleep.iloc[:170])
    with pytest.raises(ValueError, match="different data \\(180 vs 170 observations\\)"):
        anova(fm1, fewer)
    other_response = mmlib.lmer("Reaction ~ Days + (1 | Subject)", sleep.assign(Reaction=sleep["Reaction"] + 1))
    with pytest.raises(ValueError, match="different data"):
        anova(fm1, other_response)


def test_non_nested_models_are_refused(sleep):
    data = sleep.assign(noise=np.random.default_rng(0).normal(size=len(sleep)))
    days = mmlib.lmer("Reaction ~ Days + (1 | Subject)", data, REML=False)
    noise = mmlib.lmer("Reaction ~ noise + (1 | Subject)", data, REML=False)
    with pytest.raises(ValueError, match="same number of parameters"):
        anova(days, noise)
    noise_slopes = mmlib.lmer("Reaction ~ noise + (Days | Subject)", data, REML=False)
    with pytest.raises(ValueError, match="fixed effects of .* are not contained"):
        anova(days, noise_slopes)
    # more parameters, but the intercepts per subject are gone: not nested either
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SingularFitWarning)  # the variance between days is near zero
        slopes = mmlib.lmer("Reaction ~ Days + (0 + Days | Subject) + (1 | Days)", data, REML=False)
    with pytest.raises(ValueError, match="random effects of .* for 'Subject' \\(\\(Intercept\\)\\) are not contained"):
        anova(days, slopes)


def test_likelihood_ratio_between_glmms():
    cbpp = mmlib.load_data("cbpp")
    response = "cbind(incidence, size - incidence)"
    small = mmlib.glmer(f"{response} ~ 1 + (1 | herd)", cbpp, family="binomial")
    large = mmlib.glmer(f"{response} ~ period + (1 | herd)", cbpp, family="binomial")
    table = anova(small, large)  # GLMMs are ML fits: no refit, no warning
    assert table["Df"].iloc[1] == 3
    assert table["Chisq"].iloc[1] == pytest.approx(2 * (large.loglik - small.loglik), rel=1e-12)


def test_anova_input_errors(fm1):
    with pytest.raises(TypeError, match="at least one"):
        anova()
    with pytest.raises(TypeError, match="mmlib.lmer"):
        anova(fm1, "fm0")
    with pytest.raises(ValueError, match="names must give 2 different labels"):
        anova(fm1, fm1, names=["a"])


# --- confidence intervals ---------------------------------------------------------------------
def test_profile_intervals_match_lme4(fm1):
    table = confint(fm1)
    assert list(table.columns) == ["2.5 %", "97.5 %"]
    # [confint] rows .sig01, .sig02, .sig03, .sigma, (Intercept), Days
    expected = np.array([
        [14.3814732, 37.7159958],
        [-0.4815004, 0.6849861],
        [3.8011641, 8.7533885],
        [22.8982669, 28.8579965],
        [237.6806955, 265.1295147],
        [7.3586533, 13.5759188],
    ])
    assert list(table.index) == [
        "sd_(Intercept)|Subject", "cor_Days.(Intercept)|Subject", "sd_Days|Subject", "sigma", "(Intercept)", "Days"
    ]
    np.testing.assert_allclose(table.to_numpy(), expected, rtol=REL)


def test_profile_limit_is_where_the_deviance_rises_by_the_chi_square_quantile(sleep):
    fit = mmlib.lmer("Reaction ~ Days + (1 | Subject)", sleep, REML=False)
    table = fit.confint(level=0.9, parm=["sigma", "Days"])
    assert list(table.columns) == ["5 %", "95 %"]
    cutoff = scipy.stats.chi2.ppf(0.9, 1)
    # sigma fixed at the upper limit: refit the SD of the intercepts and beta by brute force
    upper = table.loc["sigma", "95 %"]
    n = fit.nobs

    def deviance_at_sigma(log_sd: float) -> float:
        solution = solve_pls(fit.design, [np.exp(log_sd) / upper])
        return solution.logdet_L + n * np.log(2 * np.pi * upper**2) + solution.pwrss / upper**2

    best = min(deviance_at_sigma(x) for x in np.log(fit.varcorr["sdcor"].iloc[0]) + np.linspace(-0.5, 0.5, 2001))
    assert best - fit.deviance == pytest.approx(cutoff, abs=2e-3)  # grid step limits the accuracy
    # Days fixed at its lower limit: the same model fitted to y - Days * limit without Days
    lower = table.loc["Days", "5 %"]
    offset = sleep.assign(shifted=sleep["Reaction"] - lower * sleep["Days"])
    constrained = mmlib.lmer("shifted ~ 1 + (1 | Subject)", offset, REML=False)
    assert constrained.deviance - fit.deviance == pytest.approx(cutoff, rel=1e-6)


def test_wald_intervals(fm1):
    table = confint(fm1, method="wald")
    z = scipy.stats.norm.ppf(0.975)
    np.testing.assert_allclose(table.loc["Days"], fm1.fixef["Days"] + np.array([-z, z]) * fm1.se["Days"], rtol=1e-12)
    assert table.loc["sigma"].isna().all()  # as lme4: no Wald interval for variance components


def test_confint_input_errors(fm1):
    with pytest.raises(KeyError, match="unknown parameter"):
        confint(fm1, parm=["Day"])
    with pytest.raises(ValueError, match="level must be between 0 and 1"):
        confint(fm1, level=95)
    with pytest.raises(ValueError, match="method must be"):
        confint(fm1, method="bayes")


def test_variance_parameters_agree_with_varcorr(fm1):
    values = variance_parameters(fm1)
    varcorr = fm1.varcorr
    assert values["sd_Days|Subject"] == pytest.approx(varcorr["sdcor"].iloc[1], rel=1e-12)
    assert values["cor_Days.(Intercept)|Subject"] == pytest.approx(varcorr["sdcor"].iloc[2], rel=1e-12)
    assert values["sigma"] == pytest.approx(fm1.sigma, rel=1e-12)


# --- singular fits and convergence ------------------------------------------------------------
def test_deliberately_singular_model_is_flagged(singular_fit):
    fit, caught = singular_fit
    assert any(issubclass(w.category, SingularFitWarning) for w in caught)
    assert fit.is_singular()
    table = fit.singularity()
    assert table.loc[0, "n_effects"] == 3
    assert table.loc[0, "rank"] < 3 and table.loc[0, "singular"]
    assert table.attrs["q"] == 90
    assert table.attrs["rank"] == 30 * table.loc[0, "rank"]


def test_regular_fit_has_full_rank(fm1):
    table = singularity(fm1)
    assert not table["singular"].any()
    assert table.attrs["rank"] == table.attrs["q"] == 36


def test_convergence_check_passes_at_the_optimum(fm1):
    check = fm1.check_convergence()
    assert check["converged"]
    assert check["max_grad"] < 1e-3
    assert check["min_hessian_eigenvalue"] > 0


def test_convergence_check_fails_away_from_the_optimum(fm1):
    theta = fm1.pls.theta * np.array([1.2, 1.0, 0.8])
    moved = LMMResult(fm1.design, True, solve_pls(fm1.design, theta), fm1.data, fm1.optimizer)
    with pytest.warns(ConvergenceWarning, match="max\\|grad\\|"):
        check = check_convergence(moved)
    assert not check["converged"]
    assert check["max_scaled_grad"] > 2e-3


def test_all_fit_optimisers_agree_on_sleepstudy(fm1):
    table = mmlib.all_fit(fm1)
    assert list(table.index) == ["L-BFGS-B", "Nelder-Mead", "Powell", "TNC", "SLSQP", "trust-constr"]
    assert table["converged"].all()
    # the criterion is flat near the optimum: the optimisers agree to about 1e-6 in it
    np.testing.assert_allclose(table["criterion"], fm1.reml_criterion, rtol=1e-8)
    np.testing.assert_allclose(table["Days"], fm1.fixef["Days"], rtol=REL)
    np.testing.assert_allclose(table["sigma"], fm1.sigma, rtol=REL)


def test_all_fit_reports_an_unknown_optimiser(fm1):
    table = all_fit(fm1, optimizers=["L-BFGS-B", "no-such-method"])
    assert not table.loc["no-such-method", "converged"]
    assert "no-such-method" in table.loc["no-such-method", "message"]


# --- simulation-based checks ------------------------------------------------------------------
def test_simulation_reveals_unequal_variances():
    # two kinds of participants: half with residual SD 1, half with SD 4; a random-intercept
    # model assumes one SD, so its simulations spread the per-person SDs far less than the data
    rng = np.random.default_rng(3)
    people, trials = 40, 20
    person = np.repeat(np.arange(people), trials)
    sd = np.where(person < people // 2, 1.0, 4.0)
    data = pd.DataFrame({"y": rng.normal(size=people)[person] + sd * rng.normal(size=person.size),
                         "person": person.astype(str)})
    fit = mmlib.lmer("y ~ 1 + (1 | person)", data)
    observed = data.groupby("person")["y"].std().std()
    simulated = fit.simulate(200, seed=1).groupby(data["person"]).std().std()
    assert observed > simulated.quantile(0.99)
