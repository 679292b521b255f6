"""Satterthwaite t- and F-tests of fixed effects (mmlib.inference) against lmerTest and classical ANOVA.

Sources:
[lmerTest] lmerTest 3.1 ``summary(lmer(Reaction ~ 1 + Days + (1 + Days | Subject), sleepstudy_incomplete))``,
           quoted in issue 5 of this project: df 19.294 and 17.163, p < 2e-16 and 3.06e-06.
           Tolerance relative 1e-4: lme4's optimum differs from mmlib's in the 5th digit of
           the SDs (see tests/test_lmer_lme4.py), and the df moves with it.
[classical] On balanced data whose variance components are estimated inside their bounds,
           REML equals the ANOVA estimates and the Satterthwaite df equal the df of the
           error stratum of the classical ANOVA, with the same F. The classical split-plot
           ANOVA of oats comes from mmlib.split_plot_anova (tested on its own in test_moments.py).
"""

import numpy as np
import pandas as pd
import pytest
import scipy.stats

import mmlib
from mmlib.inference import f_test, satterthwaite, type3_anova

REL = 1e-4


@pytest.fixture(scope="module")
def incomplete_fit():
    return mmlib.lmer("Reaction ~ 1 + Days + (1 + Days | Subject)", mmlib.load_data("sleepstudy_incomplete"))


@pytest.fixture(scope="module")
def sleep_fit():
    return mmlib.lmer("Reaction ~ Days + (Days | Subject)", mmlib.load_data("sleepstudy"))


@pytest.fixture(scope="module")
def oats():
    oats = mmlib.load_data("oats")
    return oats.assign(N=oats["nitro"].astype(str))  # nitrogen as a factor, as in the ANOVA


def test_satterthwaite_reproduces_lmertest_on_incomplete_sleepstudy(incomplete_fit):
    table = incomplete_fit.satterthwaite().set_index("term")
    assert list(table.columns) == ["estimate", "se", "df", "t", "p"]
    # [lmerTest]
    assert table.loc["(Intercept)", "df"] == pytest.approx(19.294, rel=REL)
    assert table.loc["Days", "df"] == pytest.approx(17.163, rel=REL)
    assert table.loc["(Intercept)", "p"] < 2e-16
    assert table.loc["Days", "p"] == pytest.approx(3.06e-06, abs=0.005e-06)


def test_satterthwaite_columns_are_consistent(incomplete_fit):
    table = satterthwaite(incomplete_fit)
    np.testing.assert_allclose(table["estimate"], incomplete_fit.fixef, rtol=1e-12)
    np.testing.assert_allclose(table["se"], incomplete_fit.se, rtol=1e-10)
    np.testing.assert_allclose(table["t"], table["estimate"] / table["se"], rtol=1e-12)
    np.testing.assert_allclose(table["p"], 2 * scipy.stats.t.sf(table["t"].abs(), table["df"]), rtol=1e-10)


def test_balanced_random_slopes_give_the_classical_df(sleep_fit):
    # [classical] 18 subjects, each seen on the same 10 days: both tests have 18 - 1 = 17 df
    np.testing.assert_allclose(sleep_fit.satterthwaite()["df"], [17.0, 17.0], atol=1e-4)


def test_split_plot_f_tests_equal_the_classical_anova(oats):
    classical = mmlib.split_plot_anova(oats, "yield", "Block", "Variety", "nitro")
    # [classical] Variety is tested against the whole-plot error (10 df)
    additive = type3_anova(mmlib.lmer("yield ~ Variety + N + (1 | Block/Variety)", oats))
    assert additive.loc["Variety", "num_df"] == 2
    assert additive.loc["Variety", "den_df"] == pytest.approx(10.0, rel=REL)
    assert additive.loc["Variety", "F"] == pytest.approx(classical.loc["Variety", "F"], rel=REL)
    assert additive.loc["Variety", "p"] == pytest.approx(classical.loc["Variety", "p"], rel=REL)
    # [classical] the interaction is tested against the split-plot error (45 df)
    full = type3_anova(mmlib.lmer("yield ~ Variety * N + (1 | Block/Variety)", oats))
    assert full.loc["Variety:N", "num_df"] == 6
    assert full.loc["Variety:N", "den_df"] == pytest.approx(45.0, rel=REL)
    assert full.loc["Variety:N", "F"] == pytest.approx(classical.loc["Variety:nitro", "F"], rel=REL)


def test_type3_table_layout_and_sums_of_squares(oats):
    fit = mmlib.lmer("yield ~ Variety + N + (1 | Block/Variety)", oats)
    table = fit.anova()
    assert list(table.index) == ["Variety", "N"]
    assert list(table.columns) == ["sum_sq", "mean_sq", "num_df", "den_df", "F", "p"]
    # lmerTest's convention: Mean Sq = F sigma^2, Sum Sq = num_df * Mean Sq
    np.testing.assert_allclose(table["mean_sq"], table["F"] * fit.sigma**2, rtol=1e-12)
    np.testing.assert_allclose(table["sum_sq"], table["num_df"] * table["mean_sq"], rtol=1e-12)
    assert mmlib.anova(fit).equals(table)  # one model: the same table


def test_one_row_f_test_is_the_squared_t_test(incomplete_fit):
    t_test = satterthwaite(incomplete_fit).set_index("term").loc["Days"]
    test = f_test(incomplete_fit, [[0.0, 1.0]])
    assert test["num_df"] == 1
    assert test["F"] == pytest.approx(t_test["t"] ** 2, rel=1e-10)
    assert test["den_df"] == pytest.approx(t_test["df"], rel=1e-10)
    assert test["p"] == pytest.approx(t_test["p"], rel=1e-8)


def test_contrasts_by_name_and_their_df(sleep_fit):
    # the prediction at day 5: intercept + 5 * slope; its df lies between those of the parts
    L = pd.DataFrame({"(Intercept)": [1.0], "Days": [5.0]}, index=["day 5"])
    row = satterthwaite(sleep_fit, L).iloc[0]
    assert row["term"] == "day 5"
    assert row["estimate"] == pytest.approx(sleep_fit.fixef.iloc[0] + 5 * sleep_fit.fixef.iloc[1], rel=1e-12)
    vcov = sleep_fit.vcov.to_numpy()
    assert row["se"] ** 2 == pytest.approx(vcov[0, 0] + 25 * vcov[1, 1] + 10 * vcov[0, 1], rel=1e-8)
    assert 17.0 - 1e-4 <= row["df"] <= 17.0 + 1e-4  # balanced: every contrast has 17 df


def test_rank_deficient_contrast_matrix_counts_its_rank(sleep_fit):
    test = f_test(sleep_fit, [[0.0, 1.0], [0.0, 2.0]])
    assert test["num_df"] == 1
    assert test["F"] == pytest.approx(f_test(sleep_fit, [[0.0, 1.0]])["F"], rel=1e-8)


def test_bad_contrasts_and_models_are_rejected(sleep_fit):
    with pytest.raises(ValueError, match="needs 2 columns"):
        satterthwaite(sleep_fit, [[1.0, 0.0, 0.0]])
    with pytest.raises(KeyError, match="Day"):
        satterthwaite(sleep_fit, pd.DataFrame({"Day": [1.0]}))
    with pytest.raises(TypeError, match="mmlib.lmer"):
        satterthwaite("not a model")
    with pytest.raises(ValueError, match="no fixed-effect terms"):
        type3_anova(mmlib.lmer("Reaction ~ 1 + (1 | Subject)", mmlib.load_data("sleepstudy")))


def test_glmm_is_refused_with_a_pointer():
    cbpp = mmlib.load_data("cbpp")
    fit = mmlib.glmer("cbind(incidence, size - incidence) ~ period + (1 | herd)", cbpp, family="binomial")
    with pytest.raises(TypeError, match="linear mixed models"):
        satterthwaite(fit)
