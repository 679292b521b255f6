"""Tests for mmlib.pooling_table: complete, no and partial pooling side by side."""

import warnings

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

import mmlib
from mmlib import pooling_table


@pytest.fixture(scope="module")
def sleepstudy():
    return mmlib.load_data("sleepstudy")


@pytest.fixture(scope="module")
def sleep_table(sleepstudy):
    return pooling_table(sleepstudy, "Reaction ~ Days", "Subject")


def wide(table, method):
    """One row per group, one column per term."""
    return table[table["method"] == method].pivot(index="group", columns="term", values="estimate")


def test_layout(sleep_table, sleepstudy):
    assert list(sleep_table.columns) == ["group", "method", "term", "estimate"]
    assert list(sleep_table["method"].unique()) == ["complete", "none", "partial"]
    assert len(sleep_table) == 3 * 18 * 2
    assert set(sleep_table["group"]) == set(sleepstudy["Subject"].astype(str))
    assert (sleep_table.groupby(["method", "group"]).size() == 2).all()
    assert sleep_table["estimate"].notna().all()  # every subject has ten days: all estimable


def test_spread_across_subjects_shrinks_as_in_the_issue(sleep_table):
    # SDs (ddof=1) across the 18 subjects, from the issue: no pooling from lmList,
    # partial pooling from lme4's coef(lmer(Reaction ~ Days + (Days | Subject))),
    # quoted to two decimals, hence the absolute tolerance of half a unit in the last digit.
    none, partial = wide(sleep_table, "none"), wide(sleep_table, "partial")
    np.testing.assert_allclose(none.std(ddof=1)[["(Intercept)", "Days"]], [28.95, 6.56], atol=0.005)
    np.testing.assert_allclose(partial.std(ddof=1)[["(Intercept)", "Days"]], [21.60, 5.46], atol=0.005)
    # shrinkage pulls each subject towards the population, never away from it on average
    assert (partial.std() < none.std()).all()


def test_complete_pooling_is_one_ols_line_for_everyone(sleep_table, sleepstudy):
    ols = sm.OLS(sleepstudy["Reaction"], sm.add_constant(sleepstudy["Days"].astype(float))).fit()
    complete = wide(sleep_table, "complete")
    np.testing.assert_allclose(complete["(Intercept)"], ols.params["const"], rtol=1e-10)
    np.testing.assert_allclose(complete["Days"], ols.params["Days"], rtol=1e-10)


def test_no_pooling_is_a_separate_least_squares_fit_per_subject(sleep_table, sleepstudy):
    none = wide(sleep_table, "none")
    for subject, rows in sleepstudy.groupby("Subject", observed=True):
        X = np.column_stack([np.ones(len(rows)), rows["Days"].to_numpy(dtype=float)])
        expected, *_ = np.linalg.lstsq(X, rows["Reaction"].to_numpy(), rcond=None)
        np.testing.assert_allclose(none.loc[str(subject), ["(Intercept)", "Days"]], expected, rtol=1e-10)


def test_partial_pooling_is_lmers_coef(sleep_table, sleepstudy):
    m = mmlib.lmer("Reaction ~ Days + (Days | Subject)", sleepstudy)
    coef = m.coef["Subject"]
    partial = wide(sleep_table, "partial").loc[coef.index, coef.columns]
    np.testing.assert_allclose(partial.to_numpy(), coef.to_numpy(), rtol=1e-10)
    # lme4 1.1-35: ranef(fm1)$Subject["308", ] = 2.2585509, 9.1989758 and
    # fixef(fm1) = 251.405105, 10.467286; the optimiser tolerance allows 1e-4 relative
    np.testing.assert_allclose(partial.loc["308"], [251.405105 + 2.2585509, 10.467286 + 9.1989758], rtol=1e-4)


def test_a_subject_with_one_day_has_no_slope_of_its_own():
    data = mmlib.load_data("sleepstudy_incomplete")
    table = pooling_table(data, "Reaction ~ Days", "Subject")
    none, partial = wide(table, "none"), wide(table, "partial")
    # subject 373: one observation (Days 0, Reaction 245): an intercept, no slope (NaN, not 0)
    assert none.loc["373", "(Intercept)"] == pytest.approx(245.0, rel=1e-12)
    assert np.isnan(none.loc["373", "Days"])
    # subject 374: two observations (Days 0 and 1, 286 and 288): the line through them
    np.testing.assert_allclose(none.loc["374"], [286.0, 2.0], rtol=1e-10)
    # partial pooling gives both subjects both coefficients, pulled towards the population
    assert partial.notna().all().all()
    population = wide(table, "complete").loc["373"]
    assert abs(partial.loc["374", "Days"] - population["Days"]) < abs(none.loc["374", "Days"] - population["Days"])
    # only the one inestimable number is missing
    assert table["estimate"].isna().sum() == 1


def test_rank_deficient_group_designs_give_nan_for_the_inestimable_term():
    radon = mmlib.load_data("radon")
    table = pooling_table(radon, "log_radon ~ floor", "county")
    none = wide(table, "none")
    single_floor = radon.groupby("county", observed=True)["floor"].nunique() == 1
    single_floor.index = single_floor.index.astype(str)
    assert single_floor.sum() > 0
    np.testing.assert_array_equal(none["floor"].isna(), single_floor.loc[none.index])
    assert none["(Intercept)"].notna().all()
    # where the slope is not estimable, the intercept is the county's mean
    means = radon.groupby("county", observed=True)["log_radon"].mean()
    means.index = means.index.astype(str)
    flat = single_floor[single_floor].index
    one_floor = radon.groupby("county", observed=True)["floor"].first()
    one_floor.index = one_floor.index.astype(str)
    basement_only = flat[one_floor.loc[flat] == 0]
    np.testing.assert_allclose(none.loc[basement_only, "(Intercept)"], means.loc[basement_only], rtol=1e-10)


def test_rows_with_missing_values_are_dropped_for_all_three_methods(sleepstudy, sleep_table):
    data = sleepstudy.copy()
    data.loc[len(data)] = {"Reaction": np.nan, "Days": 3, "Subject": "308"}
    with pytest.warns(UserWarning, match="dropped 1 of 181 rows"):
        table = pooling_table(data, "Reaction ~ Days", "Subject")
    np.testing.assert_allclose(table["estimate"], sleep_table["estimate"], rtol=1e-8)


def test_a_messy_index_does_not_matter(sleepstudy, sleep_table):
    shuffled = sleepstudy.sample(frac=1.0, random_state=3)
    shuffled.index = np.zeros(len(shuffled), dtype=int)  # every row labelled 0
    table = pooling_table(shuffled, "Reaction ~ Days", "Subject")
    np.testing.assert_allclose(wide(table, "none"), wide(sleep_table, "none"), rtol=1e-10)


def test_factor_predictors_and_several_terms():
    data = mmlib.load_data("sleepstudy")
    data = data.assign(late=np.where(data["Days"] >= 5, "yes", "no"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the 3 x 3 covariance may be singular; not what this test is about
        table = pooling_table(data, "Reaction ~ Days + late", "Subject")
    assert list(table["term"].unique()) == ["(Intercept)", "Days", "lateyes"]
    rows = data[data["Subject"] == "308"]
    X = np.column_stack([np.ones(len(rows)), rows["Days"], rows["late"] == "yes"]).astype(float)
    expected, *_ = np.linalg.lstsq(X, rows["Reaction"].to_numpy(), rcond=None)
    np.testing.assert_allclose(wide(table, "none").loc["308", ["(Intercept)", "Days", "lateyes"]], expected, rtol=1e-10)


@pytest.mark.parametrize(
    ("formula", "group", "error", "message"),
    [
        ("Reaction ~ Days + (1 | Subject)", "Subject", ValueError, "already has random effects"),
        ("Reaction ~ Days", "subject", KeyError, "group column 'subject' not in the data"),
        ("Reaction ~ Days + Subject", "Subject", ValueError, "also a predictor"),
        ("Reaction ~ days", "Subject", KeyError, "did you mean 'Days'"),
        ("Reaction ~ Days", 3, TypeError, "group must be the name of a column"),
        (None, "Subject", TypeError, "formula must be a string"),
    ],
)
def test_bad_input(sleepstudy, formula, group, error, message):
    with pytest.raises(error, match=message):
        pooling_table(sleepstudy, formula, group)
