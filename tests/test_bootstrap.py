"""Parametric and case bootstraps (mmlib.bootstrap).

No reference software here: each test checks a property the bootstrap must have. Monte
Carlo tolerances are stated where they apply; all seeds are fixed, so the tests are
deterministic.
"""

import numpy as np
import pandas as pd
import pytest

import mmlib
from mmlib import ConvergenceWarning
from mmlib.inference import BootstrapResult, _case_sample, bootstrap

TRUE = {"(Intercept)": 2.0, "x": 0.5, "sd": 1.0, "sigma": 0.5}


@pytest.fixture(scope="module")
def simulated():
    """40 groups of 8 observations from a known random-intercept model."""
    rng = np.random.default_rng(2024)
    groups, per_group = 40, 8
    g = np.repeat(np.arange(groups), per_group)
    x = rng.uniform(0, 4, size=g.size)
    effects = TRUE["sd"] * rng.normal(size=groups)
    y = TRUE["(Intercept)"] + TRUE["x"] * x + effects[g] + TRUE["sigma"] * rng.normal(size=g.size)
    data = pd.DataFrame({"y": y, "x": x, "g": [f"g{i}" for i in g]})
    return mmlib.lmer("y ~ x + (1 | g)", data)


@pytest.fixture(scope="module")
def simulated_boot(simulated):
    return bootstrap(simulated, 300, seed=7, progress=False)


def test_parametric_bootstrap_recovers_the_true_parameters(simulated, simulated_boot):
    boot = simulated_boot
    assert isinstance(boot, BootstrapResult) and boot.n_failed == 0
    assert list(boot.replicates.columns) == ["sd_(Intercept)|g", "sigma", "(Intercept)", "x"]
    # each estimate is within 3.5 bootstrap SEs of the truth (a larger miss has probability
    # below 5e-4 per parameter for a normal estimator)
    truth = pd.Series([TRUE["sd"], TRUE["sigma"], TRUE["(Intercept)"], TRUE["x"]], index=boot.observed.index)
    assert ((boot.observed - truth).abs() < 3.5 * boot.se).all()
    # and the SDs are not under-covered: the 99 % percentile intervals hold them
    intervals = boot.confint(0.99)
    for name in ["sd_(Intercept)|g", "sigma"]:
        assert intervals.loc[name, "0.5 %"] < truth[name] < intervals.loc[name, "99.5 %"]
    # the replicates are centred on the estimates they were simulated from: the mean of 300
    # replicates of a fixed effect is within 4 Monte Carlo SEs (se / sqrt(300)) of it
    fixed = ["(Intercept)", "x"]
    centre_error = (boot.replicates[fixed].mean() - simulated.fixef) / (boot.se[fixed] / np.sqrt(300))
    assert centre_error.abs().max() < 4
    # bootstrap SEs of the fixed effects agree with the model-based SEs; the SD of 300 normal
    # draws has a Monte Carlo error near 4 %, so 15 % is more than three of them
    np.testing.assert_allclose(boot.se[fixed], simulated.se[fixed], rtol=0.15)


def test_percentile_intervals_are_quantiles_of_the_replicates(simulated_boot):
    table = simulated_boot.confint()
    assert list(table.columns) == ["2.5 %", "97.5 %"]
    np.testing.assert_allclose(table["2.5 %"], np.quantile(simulated_boot.replicates, 0.025, axis=0), rtol=1e-12)
    summary = simulated_boot.summary()
    assert list(summary.columns) == ["original", "bias", "std. error"]
    np.testing.assert_allclose(summary["bias"], simulated_boot.replicates.mean() - simulated_boot.observed, rtol=1e-12)


def test_same_seed_gives_the_same_replicates(simulated):
    first = bootstrap(simulated, 5, statistic=lambda fit: fit.fixef, seed=3, progress=False)
    second = bootstrap(simulated, 5, statistic=lambda fit: fit.fixef, seed=3, progress=False)
    other = bootstrap(simulated, 5, statistic=lambda fit: fit.fixef, seed=4, progress=False)
    pd.testing.assert_frame_equal(first.replicates, second.replicates)
    assert not first.replicates.equals(other.replicates)


def test_failed_refits_are_counted_and_reported(simulated):
    calls = {"n": 0}

    def fragile(fit):
        calls["n"] += 1
        if calls["n"] % 3 == 0:  # every third call after the first fails
            raise np.linalg.LinAlgError("matrix is not positive definite")
        return fit.sigma

    with pytest.warns(ConvergenceWarning, match="3 of 10 bootstrap refits failed"):
        boot = bootstrap(simulated, 10, statistic=fragile, seed=1, progress=False)
    assert boot.n_failed == 3
    assert boot.replicates["stat_1"].isna().sum() == 3
    assert boot.errors == ("LinAlgError: matrix is not positive definite",)
    assert np.isfinite(boot.confint().to_numpy()).all()  # the intervals use the 7 that worked
    assert "3 failed" in repr(boot)


def test_case_bootstrap_resamples_whole_groups():
    incomplete = mmlib.load_data("sleepstudy_incomplete")
    fit = mmlib.lmer("Reaction ~ Days + (1 | Subject)", incomplete)
    boot = bootstrap(fit, 30, kind="case", statistic=lambda f: [f.ngrps["Subject"], f.nobs], seed=5, progress=False)
    # every replicate has as many groups as the data (a group drawn twice counts twice) ...
    assert (boot.replicates["stat_1"] == fit.ngrps["Subject"]).all()
    # ... and the number of rows varies, because the subjects have different numbers of days
    assert boot.replicates["stat_2"].nunique() > 1
    assert boot.kind == "case"


def test_case_bootstrap_sees_the_variation_that_a_misspecified_model_misses():
    # subjects differ in their slopes; a random-intercept model ignores that and its SE for
    # Days (0.80) is too small. Resampling whole subjects keeps each subject's slope, so
    # the case-bootstrap SE is near that of the random-slope model (1.55), as in the lecture
    sleep = mmlib.load_data("sleepstudy")
    intercepts = mmlib.lmer("Reaction ~ Days + (1 | Subject)", sleep)
    slopes = mmlib.lmer("Reaction ~ Days + (Days | Subject)", sleep)
    boot = bootstrap(intercepts, 100, kind="case", statistic=lambda f: f.fixef, seed=11, progress=False)
    assert boot.se["Days"] > 1.5 * intercepts.se["Days"]
    # 100 replicates: Monte Carlo error of an SD near 7 %, and the subjects are only 18
    assert boot.se["Days"] == pytest.approx(slopes.se["Days"], rel=0.25)


def test_case_bootstrap_needs_the_grouping_column_when_ambiguous():
    penicillin = mmlib.load_data("penicillin")
    fit = mmlib.lmer("diameter ~ 1 + (1 | plate) + (1 | sample)", penicillin)
    with pytest.raises(ValueError, match="pass group= one of \\['plate', 'sample'\\]"):
        bootstrap(fit, 2, kind="case", progress=False)
    with pytest.raises(KeyError, match="'plates' is not a column"):
        bootstrap(fit, 2, kind="case", group="plates", progress=False)
    boot = bootstrap(fit, 2, kind="case", group="plate", statistic=lambda f: f.ngrps["plate"], seed=1, progress=False)
    assert (boot.replicates["stat_1"] == 24).all()


def test_bad_arguments_are_rejected(simulated):
    for nsim in (0, -5, 2.5, True):
        with pytest.raises(ValueError, match="nsim must be a positive integer"):
            bootstrap(simulated, nsim, progress=False)
    with pytest.raises(ValueError, match="kind must be 'parametric' or 'case'"):
        bootstrap(simulated, 10, kind="rows", progress=False)
    with pytest.raises(TypeError, match="mmlib.lmer or mmlib.glmer"):
        bootstrap(pd.DataFrame(), 10)


def test_parametric_bootstrap_of_a_glmm():
    cbpp = mmlib.load_data("cbpp")
    fit = mmlib.glmer("cbind(incidence, size - incidence) ~ period + (1 | herd)", cbpp, family="binomial")
    boot = bootstrap(fit, 3, seed=2, progress=False)
    assert "sigma" not in boot.replicates.columns  # a binomial GLMM has no residual SD
    assert list(boot.replicates.columns[:2]) == ["sd_(Intercept)|herd", "(Intercept)"]
    assert boot.n_failed == 0 and np.isfinite(boot.replicates.to_numpy()).all()


def test_bootstrap_intervals_through_confint(simulated):
    table = mmlib.confint(simulated, method="boot", nsim=20, seed=9, progress=False, parm=["x", "sigma"])
    boot = bootstrap(simulated, 20, seed=9, progress=False)
    pd.testing.assert_frame_equal(table, boot.confint().loc[["x", "sigma"]])


# --- case bootstrap of a GLMM -------------------------------------------------------------------
CBPP_FORMULA = "cbind(incidence, size - incidence) ~ period + (1 | herd)"


@pytest.fixture(scope="module")
def cbpp_fit():
    return mmlib.glmer(CBPP_FORMULA, mmlib.load_data("cbpp"), family="binomial")


def test_case_bootstrap_of_a_glmm_resamples_herds(cbpp_fit):
    def statistic(fit):
        return pd.concat([fit.fixef, pd.Series({"herds": fit.ngrps["herd"], "trials": fit.problem.weights.sum()})])

    boot = bootstrap(cbpp_fit, 20, kind="case", statistic=statistic, seed=4, progress=False)
    assert boot.kind == "case" and boot.n_failed == 0
    assert np.isfinite(boot.replicates.to_numpy()).all()
    # every replicate has 15 herds, a herd drawn twice counting twice ...
    assert (boot.replicates["herds"] == 15).all()
    # ... and whole herds move together: the total number of animals varies with the herds drawn
    assert boot.replicates["trials"].nunique() > 1
    # the percentile interval of the intercept holds the estimate, and has a width near
    # 2 x 1.96 x the model's SE (0.23); 20 replicates give only a rough interval
    interval = boot.confint().loc["(Intercept)"]
    assert interval.iloc[0] < cbpp_fit.fixef["(Intercept)"] < interval.iloc[1]
    assert 0.3 < interval.iloc[1] - interval.iloc[0] < 2.0


def test_case_sample_relabels_duplicated_groups():
    cbpp = mmlib.load_data("cbpp")
    sample, rows = _case_sample(cbpp, "herd", np.random.default_rng(0))
    drawn = cbpp["herd"].to_numpy()[rows]
    # the draws: whole herds, some more than once (15 draws from 15 herds)
    first_rows = pd.Series(drawn).groupby(sample["herd"].to_numpy(), sort=False).first()
    assert first_rows.duplicated().any()
    # each new label is one draw of one herd, with all that herd's rows
    assert sample["herd"].nunique() == 15
    for label, herd in first_rows.items():
        original = cbpp[cbpp["herd"] == herd].drop(columns="herd").reset_index(drop=True)
        copy = sample[sample["herd"] == label].drop(columns="herd").reset_index(drop=True)
        pd.testing.assert_frame_equal(copy, original)


def test_case_bootstrap_of_a_glmm_carries_weights_and_counts_failures(cbpp_fit):
    # the same model with a proportion response and the herd sizes as weights= must give the
    # same replicates: the weights travel with their rows
    cbpp = mmlib.load_data("cbpp")
    proportions = cbpp.assign(proportion=cbpp["incidence"] / cbpp["size"])
    weighted = mmlib.glmer("proportion ~ period + (1 | herd)", proportions, family="binomial", weights="size")
    calls = {"n": 0}

    def fragile(fit):
        calls["n"] += 1
        if calls["n"] in (3, 5):  # the 2nd and 4th refits fail (call 1 is the original fit)
            raise ValueError("PIRLS did not converge")
        return fit.fixef

    with pytest.warns(ConvergenceWarning, match="2 of 6 bootstrap refits failed"):
        failing = bootstrap(cbpp_fit, 6, kind="case", statistic=fragile, seed=8, progress=False)
    assert failing.n_failed == 2 and failing.errors == ("ValueError: PIRLS did not converge",)
    assert failing.replicates.isna().all(axis=1).tolist() == [False, True, False, True, False, False]
    with_weights = bootstrap(weighted, 6, kind="case", statistic=lambda f: f.fixef, seed=8, progress=False)
    kept = ~failing.replicates.isna().all(axis=1)
    np.testing.assert_allclose(with_weights.replicates[kept], failing.replicates[kept], rtol=1e-5)
