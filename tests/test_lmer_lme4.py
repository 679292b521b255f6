"""mmlib.lmer against lme4's published numbers.

Sources, named at each test:
[issue4]  lme4 1.1 output quoted in issue 4 of this project (R, lme4 1.1-x, default REML fits);
[JSS]     Bates, Maechler, Bolker & Walker (2015), "Fitting Linear Mixed-Effects Models Using
          lme4", Journal of Statistical Software 67(1): the sleepstudy summaries and anova tables;
[lme4bk]  Bates (2010), "lme4: Mixed-effects modeling with R", chapter 2 (Penicillin, Pastes);
[GH]      Gelman & Hill (2007), "Data Analysis Using Regression and Multilevel/Hierarchical
          Models", section 12.3, lmer output for the radon model.
Tolerance: relative 1e-4 where lme4 printed many digits; otherwise half a unit in the last
printed digit (what "matches the digits shown" means). Exception, written where it applies:
variance-component SDs printed to 5 digits are compared at relative 1e-4, because the criterion
is flat along them and lme4's BOBYQA stops a little short of the optimum. Example: for the
sleepstudy_incomplete slopes model lme4 prints an intercept SD of 24.140; mmlib's optimum gives
24.1391, and forcing the SD to 24.1400 raises the REML criterion by 2.8e-8 (checked with a
constrained SLSQP fit), so mmlib's value is the better optimum.
"""

import numpy as np
import pandas as pd
import pytest
import scipy.optimize

import mmlib
import mmlib.lmm
from mmlib import ConvergenceWarning, SingularFitWarning, lmer
from helpers import shown

REL = 1e-4



@pytest.fixture(scope="module")
def fm1(sleep):
    return lmer("Reaction ~ Days + (Days | Subject)", sleep)


def sd_of(fit, var1, grp=None):
    table = fit.varcorr
    rows = table[(table["var1"] == var1) & table["var2"].isna()]
    if grp is not None:
        rows = rows[rows["grp"] == grp]
    assert len(rows) == 1
    return float(rows["sdcor"].iloc[0])


# --- sleepstudy, Reaction ~ Days + (Days | Subject), REML ------------------------------------
def test_sleepstudy_slopes_criterion_fixef_theta(fm1):
    # [issue4]
    assert shown(fm1.reml_criterion, "1743.628")
    assert fm1.fixef["(Intercept)"] == pytest.approx(251.405105, rel=REL)
    assert fm1.fixef["Days"] == pytest.approx(10.467286, rel=REL)
    assert list(fm1.theta.index) == ["Subject.(Intercept)", "Subject.Days.(Intercept)", "Subject.Days"]
    np.testing.assert_allclose(fm1.theta, [0.96674177, 0.01516906, 0.23090995], rtol=REL)


def test_sleepstudy_slopes_variance_components(fm1):
    # [issue4]; [JSS] prints the same SDs (24.740, 5.922), correlation 0.07, residual 25.592
    assert sd_of(fm1, "(Intercept)") == pytest.approx(24.7407, rel=REL)
    assert sd_of(fm1, "Days") == pytest.approx(5.9221, rel=REL)
    assert fm1.sigma == pytest.approx(25.5918, rel=REL)
    correlation = fm1.varcorr.dropna(subset=["var2"])["sdcor"].item()
    assert shown(correlation, "0.0656")
    assert list(fm1.varcorr.columns) == ["grp", "var1", "var2", "vcov", "sdcor"]
    assert list(fm1.varcorr["grp"]) == ["Subject"] * 3 + ["Residual"]


def test_sleepstudy_slopes_standard_errors_and_correlation(fm1):
    # [JSS] summary(fm1): Std. Error 6.825 and 1.546; correlation of fixed effects -0.138
    assert shown(fm1.se["(Intercept)"], "6.825")
    assert shown(fm1.se["Days"], "1.546")
    correlation = fm1.vcov.iloc[0, 1] / (fm1.se.iloc[0] * fm1.se.iloc[1])
    assert shown(correlation, "-0.138")


@pytest.mark.parametrize(
    ("subject", "intercept", "slope"),
    [("308", 2.2585509, 9.1989758), ("309", -40.3987381, -8.6196806), ("372", 12.3145921, 1.2840221)],
)
def test_sleepstudy_conditional_modes(fm1, subject, intercept, slope):
    # [issue4] ranef(fm1)$Subject
    row = fm1.ranef["Subject"].loc[subject]
    assert row["(Intercept)"] == pytest.approx(intercept, rel=REL)
    assert row["Days"] == pytest.approx(slope, rel=REL)


def test_sleepstudy_counts(fm1):
    assert fm1.nobs == 180
    assert fm1.ngrps == {"Subject": 18}
    assert fm1.npar == 6
    assert fm1.loglik == pytest.approx(-fm1.reml_criterion / 2)


# --- sleepstudy, random intercept -------------------------------------------------------------
def test_sleepstudy_random_intercept(sleep):
    # [issue4]
    fit = lmer("Reaction ~ Days + (1 | Subject)", sleep)
    assert shown(fit.reml_criterion, "1786.465")
    assert shown(sd_of(fit, "(Intercept)"), "37.12")
    assert shown(fit.sigma, "30.99")


# --- maximum likelihood: information criteria -----------------------------------------------
@pytest.mark.parametrize(
    ("formula", "aic", "bic", "loglik", "deviance", "df_resid"),
    [
        # [JSS] anova(fm1, fm2) and [JSS] summary(fm1 with REML = FALSE)
        ("Reaction ~ Days + (Days | Subject)", "1763.9", "1783.1", "-875.97", "1751.9", 174),
        ("Reaction ~ Days + (Days || Subject)", "1762.0", "1778.0", "-876.00", "1752.0", 175),
        ("Reaction ~ Days + (1 | Subject)", "1802.1", None, "-897.04", "1794.1", 176),
    ],
)
def test_ml_fits_information_criteria(sleep, formula, aic, bic, loglik, deviance, df_resid):
    fit = lmer(formula, sleep, REML=False)
    assert fit.reml_criterion is None
    assert shown(fit.aic, aic) and (bic is None or shown(fit.bic, bic))
    assert shown(fit.loglik, loglik) and shown(fit.deviance, deviance)
    assert fit.df_resid == df_resid


def test_ml_fit_of_sleepstudy_estimates(sleep):
    # [JSS] summary of the ML fit: SDs 23.780 and 5.717, residual 25.592; SEs 6.632 and 1.502
    fit = lmer("Reaction ~ Days + (Days | Subject)", sleep, REML=False)
    assert sd_of(fit, "(Intercept)") == pytest.approx(23.780, rel=REL)  # flat criterion, see top
    assert shown(sd_of(fit, "Days"), "5.717")
    assert shown(fit.sigma, "25.592")
    assert shown(fit.se["(Intercept)"], "6.632")
    assert shown(fit.se["Days"], "1.502")


def test_aic_and_bic_of_a_reml_fit_use_the_reml_loglik(fm1):
    # lme4: AIC(fm1) = REMLcrit + 2 * 6 for a REML fit
    assert fm1.aic == pytest.approx(fm1.reml_criterion + 12)
    assert fm1.bic == pytest.approx(fm1.reml_criterion + 6 * np.log(180))


# --- sleepstudy_incomplete ------------------------------------------------------------------
def test_incomplete_correlated_slopes(incomplete):
    # [issue4]
    fit = lmer("Reaction ~ 1 + Days + (1 + Days | Subject)", incomplete)
    assert shown(fit.reml_criterion, "1771.4")
    assert shown(fit.fixef["(Intercept)"], "252.543") and shown(fit.se["(Intercept)"], "6.433")
    assert shown(fit.fixef["Days"], "10.452") and shown(fit.se["Days"], "1.542")
    # flat criterion: relative 1e-4, see the module docstring
    assert sd_of(fit, "(Intercept)") == pytest.approx(24.140, rel=REL)
    assert shown(sd_of(fit, "Days"), "5.919")
    assert shown(fit.varcorr.dropna(subset=["var2"])["sdcor"].item(), "0.07")
    assert shown(fit.sigma, "25.483")


@pytest.mark.parametrize(
    "formula",
    ["Reaction ~ 1 + Days + (0 + Days | Subject) + (1 | Subject)", "Reaction ~ 1 + Days + (1 + Days || Subject)"],
)
def test_incomplete_uncorrelated_slopes(incomplete, formula):
    # [issue4]
    fit = lmer(formula, incomplete)
    assert shown(fit.reml_criterion, "1771.5")
    assert shown(fit.fixef["(Intercept)"], "252.550") and shown(fit.se["(Intercept)"], "6.491")
    assert shown(fit.fixef["Days"], "10.439") and shown(fit.se["Days"], "1.556")
    assert shown(sd_of(fit, "Days"), "5.99") and shown(sd_of(fit, "(Intercept)"), "24.46")
    assert shown(fit.sigma, "25.45")
    # lme4 names the second term on the same factor 'Subject.1'
    assert list(fit.varcorr["grp"]) == ["Subject", "Subject.1", "Residual"]


@pytest.mark.parametrize(
    ("formula", "expected"),
    [
        # [issue4] coef(m)$Subject: (subject, intercept, slope)
        ("Reaction ~ 1 + Days + (1 | Subject)", [("308", 292.2749, 10.43191), ("374", None, 10.43191)]),
        ("Reaction ~ 1 + Days + (0 + Days | Subject)", [("308", 252.2965, 19.9526801), ("373", 252.2965, None)]),
        (
            "Reaction ~ 1 + Days + (1 + Days | Subject)",
            [("308", 253.9479, 19.6264139), ("373", 248.9752, 10.3915245), ("374", 271.1451, 11.0782697)],
        ),
    ],
)
def test_incomplete_coef(incomplete, formula, expected):
    coef = lmer(formula, incomplete).coef["Subject"]
    assert list(coef.columns) == ["(Intercept)", "Days"]
    for subject, intercept, slope in expected:
        if intercept is not None:
            assert coef.loc[subject, "(Intercept)"] == pytest.approx(intercept, rel=REL)
        if slope is not None:
            assert coef.loc[subject, "Days"] == pytest.approx(slope, rel=REL)


# --- nested and crossed: Pastes, Penicillin; radon ------------------------------------------
def test_pastes_nested():
    # [lme4bk] fm <- lmer(strength ~ 1 + (1 | batch/cask), Pastes)
    fit = lmer("strength ~ 1 + (1 | batch/cask)", mmlib.load_data("pastes"))
    assert shown(fit.reml_criterion, "247.0")
    assert fit.ngrps == {"cask:batch": 30, "batch": 10}
    vc = fit.varcorr.set_index("grp")
    assert shown(vc.loc["cask:batch", "vcov"], "8.434") and shown(vc.loc["cask:batch", "sdcor"], "2.9041")
    assert shown(vc.loc["batch", "vcov"], "1.657") and shown(vc.loc["batch", "sdcor"], "1.2874")
    assert shown(vc.loc["Residual", "vcov"], "0.678") and shown(vc.loc["Residual", "sdcor"], "0.8234")
    assert shown(fit.fixef.item(), "60.0533") and shown(fit.se.item(), "0.6769")


def test_penicillin_crossed():
    # [lme4bk] fm <- lmer(diameter ~ 1 + (1 | plate) + (1 | sample), Penicillin)
    fit = lmer("diameter ~ 1 + (1 | plate) + (1 | sample)", mmlib.load_data("penicillin"))
    assert shown(fit.reml_criterion, "330.9")
    assert fit.ngrps == {"plate": 24, "sample": 6}
    vc = fit.varcorr.set_index("grp")
    assert shown(vc.loc["plate", "vcov"], "0.7169") and shown(vc.loc["plate", "sdcor"], "0.8467")
    # printed 3.7311; the criterion is flat here: rel 1e-4 (mmlib's optimum is no worse than lme4's)
    assert vc.loc["sample", "vcov"] == pytest.approx(3.7311, rel=REL)
    assert shown(vc.loc["sample", "sdcor"], "1.9316")
    assert shown(vc.loc["Residual", "vcov"], "0.3024") and shown(vc.loc["Residual", "sdcor"], "0.5499")
    assert shown(fit.fixef.item(), "22.9722") and shown(fit.se.item(), "0.8086")


def test_radon_varying_intercepts():
    # [GH] lmer(y ~ x + (1 | county)): 1.46 (0.05), -0.69 (0.07); county SD 0.33, residual SD 0.76
    fit = lmer("log_radon ~ floor + (1 | county)", mmlib.load_data("radon"))
    assert shown(fit.fixef["(Intercept)"], "1.46") and shown(fit.se["(Intercept)"], "0.05")
    assert shown(fit.fixef["floor"], "-0.69") and shown(fit.se["floor"], "0.07")
    assert shown(sd_of(fit, "(Intercept)"), "0.33") and shown(fit.sigma, "0.76")


# --- the engine's own identities --------------------------------------------------------------
def test_vcov_is_sigma2_inverse_of_x_vinv_x(fm1):
    """lme4's convention, checked against the dense marginal covariance V."""
    design = fm1.design
    Z = design.Z.toarray()
    Lambda = design.lambdat(fm1.theta.to_numpy()).toarray().T
    V = fm1.sigma**2 * (Z @ Lambda @ Lambda.T @ Z.T + np.eye(fm1.nobs))
    expected = np.linalg.inv(design.X.T @ np.linalg.solve(V, design.X))
    np.testing.assert_allclose(fm1.vcov.to_numpy(), expected, rtol=1e-8)


def test_conditional_variance_of_a_random_intercept(sleep):
    # scalar term: Var(b_j | y) = sigma^2 theta^2 / (n_j theta^2 + 1), n_j = 10
    fit = lmer("Reaction ~ Days + (1 | Subject)", sleep)
    theta = fit.theta.item()
    expected = fit.sigma**2 * theta**2 / (10 * theta**2 + 1)
    np.testing.assert_allclose(fit.condvar["Subject"][:, 0, 0], expected, rtol=1e-10)


def test_fitted_residuals_and_predict(fm1, sleep):
    np.testing.assert_allclose(fm1.fitted + fm1.residuals, sleep["Reaction"], rtol=1e-12)
    np.testing.assert_allclose(fm1.predict(sleep), fm1.fitted, rtol=1e-12)
    new = pd.DataFrame({"Days": [0, 9], "Subject": ["308", "new subject"]})
    predicted = fm1.predict(new)
    coef = fm1.coef["Subject"].loc["308"]
    assert predicted.iloc[0] == pytest.approx(coef["(Intercept)"], rel=1e-12)
    # an unseen subject gets the population-level prediction
    assert predicted.iloc[1] == pytest.approx(fm1.fixef.iloc[0] + 9 * fm1.fixef.iloc[1], rel=1e-12)
    population = fm1.predict(new, re=False)
    assert population.iloc[0] == pytest.approx(fm1.fixef.iloc[0], rel=1e-12)


def test_predict_for_nested_groups_uses_the_levels_it_knows():
    pastes = mmlib.load_data("pastes")
    fit = lmer("strength ~ 1 + (1 | batch/cask)", pastes)
    np.testing.assert_allclose(fit.predict(pastes), fit.fitted, rtol=1e-12)
    new = pd.DataFrame({"batch": ["A", "Z", "A"], "cask": ["a", "a", "z"]})
    batch_a = fit.fixef.item() + fit.ranef["batch"].loc["A"].item()
    expected = [batch_a + fit.ranef["cask:batch"].loc["a:A"].item(), fit.fixef.item(), batch_a]
    np.testing.assert_allclose(fit.predict(new), expected, rtol=1e-12)


def test_refit_to_the_same_response_gives_the_same_fit(fm1):
    again = fm1.refit(fm1.design.y)
    np.testing.assert_allclose(again.theta, fm1.theta, rtol=1e-5)
    assert again.reml_criterion == pytest.approx(fm1.reml_criterion, rel=1e-10)


def test_simulate_is_reproducible_and_has_the_model_spread(fm1):
    first, second = fm1.simulate(200, seed=1), fm1.simulate(200, seed=1)
    assert first.shape == (180, 200) and list(first.columns[:2]) == ["sim_1", "sim_2"]
    pd.testing.assert_frame_equal(first, second)
    # day-0 spread between subjects: sqrt(24.74^2 + 25.59^2) = 35.6; simulation error about 2 %
    day0 = first.to_numpy()[(fm1.design.X[:, 1] == 0)]
    assert np.std(day0) == pytest.approx(np.hypot(24.74, 25.59), rel=0.05)


def test_summary_is_laid_out_like_lme4(fm1):
    text = fm1.summary()
    lines = text.splitlines()
    assert lines[0] == "Linear mixed model fit by REML ['lmerMod']"
    assert lines[1] == "Formula: Reaction ~ Days + (Days | Subject)"
    assert "REML criterion at convergence: 1743.6" in lines
    assert "Scaled residuals:" in lines
    assert lines[lines.index("Random effects:") + 1].split() == ["Groups", "Name", "Variance", "Std.Dev.", "Corr"]
    assert "Number of obs: 180, groups:  Subject, 18" in lines
    assert lines[lines.index("Fixed effects:") + 2].split() == ["(Intercept)", "251.405", "6.825", "36.838"]
    assert lines[-2:] == ["     (Intr)", "Days -0.138"]
    assert repr(text) == str(text)  # prints as text in a notebook


def test_ml_summary_shows_the_information_criteria(sleep):
    text = lmer("Reaction ~ Days + (1 | Subject)", sleep, REML=False).summary()
    assert "Linear mixed model fit by maximum likelihood" in text
    header, values = text.splitlines()[3:5]
    assert header.split() == ["AIC", "BIC", "logLik", "deviance", "df.resid"]
    aic, _, loglik, deviance, df_resid = values.split()
    assert [aic, loglik, deviance, df_resid] == ["1802.1", "-897.0", "1794.1", "176"]


# --- warnings ---------------------------------------------------------------------------------
def test_singular_fit_warns_and_reports():
    # identical group means: the between-group variance is estimated as exactly zero
    data = pd.DataFrame({"y": [1.0, 2.0, 3.0] * 3, "g": list("aaabbbccc")})
    with pytest.warns(SingularFitWarning, match="boundary \\(singular\\) fit"):
        fit = lmer("y ~ 1 + (1 | g)", data)
    assert fit.is_singular()
    assert fit.theta.item() == 0.0
    assert "singular" in fit.summary()


def test_regular_fit_is_not_singular(fm1):
    assert not fm1.is_singular()
    assert fm1.converged


def test_convergence_warning_when_the_optimiser_stops_early(monkeypatch, sleep):
    minimize = scipy.optimize.minimize

    def one_iteration(*args, **kwargs):
        kwargs["options"] = {**kwargs["options"], "maxiter": 1}
        return minimize(*args, **kwargs)

    monkeypatch.setattr(mmlib.lmm.scipy.optimize, "minimize", one_iteration)
    with pytest.warns(ConvergenceWarning, match="did not converge"):
        fit = lmer("Reaction ~ Days + (Days | Subject)", sleep)
    assert not fit.converged
