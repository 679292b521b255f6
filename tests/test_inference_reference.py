"""mmlib's inference tools against lmerTest and lme4, model by model.

Source of every reference value: lmerTest 3.1-3 and lme4 1.1-31, R 4.2.2 (Debian bookworm), by
tests/reference/inference_reference.R, which fits each model by REML to the course's CSV files
and stores in tests/reference/inference_reference.json:

- lmerTest's ``summary(m)$coefficients`` (Satterthwaite df), against ``m.satterthwaite()``;
- lmerTest's ``anova(m)`` (type III, Satterthwaite), against ``m.anova()``;
- lme4's ``anova(m0, m1)`` (both refitted by ML), against ``mmlib.anova(m0, m1)``;
- lme4's ``confint(m, method = "profile")`` and ``confint(m, method = "Wald")``, against
  ``m.confint(method="profile")`` and ``m.confint(method="wald")``. lme4 names the variance
  parameters ``.sig01, .sig02, ..., .sigma`` in the order of theta; the script also records the
  names of ``oldNames = FALSE`` (``sd_(Intercept)|Subject``, ``cor_Days.(Intercept)|Subject``,
  ``sigma``), which are mmlib's (``mmlib.inference.variance_parameters``), and
  ``test_interval_names`` holds mmlib to both the names and the order;
- lme4's ``isSingular(m)``, against ``m.is_singular()``.
A model's ``derive`` steps are applied with ``derive`` from tests/test_lme4_reference.py, so both
sides fit the same data.

Tolerances (relative unless stated): estimates and SEs 1e-4; df 1e-3; t 1e-4; F, Sum Sq and
Mean Sq 1e-4; p-values 1e-3 with an absolute floor of 1e-12; likelihood-ratio Chisq 1e-4
absolute, logLik, deviance, AIC and BIC 1e-6 absolute; profile limits 1e-3; Wald limits 1e-4.

What the comparison found. mmlib's REML optimum is never higher than lme4's (checked below,
``test_reml_criterion_no_higher_than_lme4``); lme4's BOBYQA stops up to 8.5e-9 above it
(penicillin), with theta up to 8e-5 relative away (sleepstudy with Days as a factor). The
Satterthwaite table moves with theta: at mmlib's own optimum the SEs agree to 2.7e-5 and the df
to 9.1e-5, but the two-sided p of a large |t| is so steep in t that those differences move it
beyond the 1e-3 tolerance once: the penicillin intercept (t = 28.4 on 5.5 df, p = 3.6e-7), whose
p-values are 1.2e-3 apart. That is the optimiser, not the inference: evaluated at lme4's own
theta, mmlib's table equals lmerTest's to 1e-7 (p to 1.6e-6), so the t-test p-values are
compared there (``test_coefficients_at_lme4_theta``), and estimates, SEs, df and t at mmlib's own
optimum. The type-III tables, the likelihood-ratio tables (to 1e-11: both sides refit by ML to
the same optimum; lme4 and mmlib both order the models by their number of parameters, whatever
order they are given in) and the intervals meet the tolerances at mmlib's own optimum.

The crossed penicillin model's upper profile limit for the plate SD (lme4: 1.18210) once raised
``LinAlgError``: while the plate SD was held at about 1.06, the inner minimisation stepped sigma
to its lower bound, theta = SD / sigma became 3e8 and a Cholesky factor failed. The profile now
treats such a trial point as far from the minimum, and the limit agrees with lme4.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import mmlib
from mmlib import SingularFitWarning
from mmlib.lmm import LMMResult, solve_pls
from test_lme4_reference import assert_close, derive

REFERENCE_FILE = Path(__file__).parent / "reference" / "inference_reference.json"
REFERENCE = json.loads(REFERENCE_FILE.read_text())
MODELS = {model["name"]: model for model in REFERENCE["models"]}
TESTS = {test["name"]: test for test in REFERENCE["likelihood_ratio_tests"]}
WITH_ANOVA = [name for name, model in MODELS.items() if "anova" in model]
WITH_INTERVALS = [name for name, model in MODELS.items() if "confint" in model]

P_FLOOR = 1e-12

# the one profile limit mmlib cannot compute (see the module docstring)
def course_data(spec: dict) -> pd.DataFrame:
    return derive(mmlib.load_data(spec["data"]), spec["derive"])


@pytest.fixture(scope="module")
def fitted():
    """REML fits keyed by formula and data, made once for this module; ``fitted.warned[key]``
    holds the categories of the warnings each fit raised."""
    cache, warned = {}, {}

    def fit(spec: dict) -> LMMResult:
        key = (spec["data"], spec["formula"])
        if key not in cache:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                cache[key] = mmlib.lmer(spec["formula"], course_data(spec))
            warned[key] = {warning.category for warning in caught}
        return cache[key]

    fit.warned = warned
    return fit


@pytest.fixture(scope="module")
def satterthwaite_tables(fitted):
    """m.satterthwaite() of each model, indexed by term."""
    return {name: fitted(model).satterthwaite().set_index("term") for name, model in MODELS.items()}


def table(rows: list[dict], key: str) -> pd.DataFrame:
    """The numbers of a reference table from the JSON (R's NA read as NaN)."""
    return pd.DataFrame(rows).set_index(key).drop(columns="lme4_name", errors="ignore").astype(float)


def assert_p_close(actual, desired) -> None:
    assert_close(actual, desired, rtol=1e-3, atol=P_FLOOR)


def test_reference_file_records_its_source():
    assert REFERENCE["source"] == "tests/reference/inference_reference.R"
    assert REFERENCE["R"].startswith("R version 4.2.2")
    assert REFERENCE["lme4"] == "1.1.31"
    assert REFERENCE["lmerTest"] == "3.1.3"
    # the designs the brief asks for: factors, an interaction, unbalanced data, crossed and
    # nested random effects, and a singular fit
    assert {"sleep_day_factor", "oats_factorial", "incomplete_slopes", "radon_intercepts",
            "penicillin_crossed", "pastes_nested", "school_nested"} <= MODELS.keys()
    assert any(model["singular"] for model in MODELS.values())
    assert len(TESTS) >= 3 and len(WITH_INTERVALS) >= 3


@pytest.mark.parametrize("name", list(MODELS))
def test_singularity(fitted, name):
    model = MODELS[name]
    fit = fitted(model)
    assert fit.is_singular() == model["singular"]
    assert (SingularFitWarning in fitted.warned[(model["data"], model["formula"])]) == model["singular"]


@pytest.mark.parametrize("name", list(MODELS))
def test_reml_criterion_no_higher_than_lme4(fitted, name):
    # the premise of comparing p-values at lme4's theta: where the fits differ, lme4 stopped short
    model = MODELS[name]
    assert fitted(model).reml_criterion <= model["REMLcrit"] + 1e-7


@pytest.mark.parametrize("name", list(MODELS))
def test_coefficients(satterthwaite_tables, name):
    ours, lmertest = satterthwaite_tables[name], table(MODELS[name]["coefficients"], "term")
    assert list(ours.index) == list(lmertest.index)
    assert_close(ours["estimate"], lmertest["estimate"], rtol=1e-4, atol=0)
    assert_close(ours["se"], lmertest["se"], rtol=1e-4, atol=0)
    assert_close(ours["df"], lmertest["df"], rtol=1e-3, atol=0)
    assert_close(ours["t"], lmertest["t"], rtol=1e-4, atol=0)


@pytest.mark.parametrize("name", list(MODELS))
def test_coefficients_at_lme4_theta(fitted, name):
    # the same calculation at the same variance parameters: lmerTest's table to 1e-6, p to 1e-5
    model = MODELS[name]
    fit = fitted(model)
    at_lme4 = LMMResult(fit.design, True, solve_pls(fit.design, list(model["theta"].values())), fit.data,
                        fit.optimizer)
    ours, lmertest = at_lme4.satterthwaite().set_index("term"), table(model["coefficients"], "term")
    for column in ["estimate", "se", "df", "t"]:
        assert_close(ours[column], lmertest[column], rtol=1e-6, atol=0)
    assert_close(ours["p"], lmertest["p"], rtol=1e-5, atol=P_FLOOR)
    assert_p_close(ours["p"], lmertest["p"])


@pytest.mark.parametrize("name", WITH_ANOVA)
def test_type3_anova(fitted, name):
    model = MODELS[name]
    ours, lmertest = fitted(model).anova(), table(model["anova"], "term")
    assert list(ours.index) == list(lmertest.index)
    np.testing.assert_array_equal(ours["num_df"], lmertest["num_df"])
    for column in ["sum_sq", "mean_sq", "F"]:
        assert_close(ours[column], lmertest[column], rtol=1e-4, atol=0)
    assert_close(ours["den_df"], lmertest["den_df"], rtol=1e-3, atol=0)
    assert_p_close(ours["p"], lmertest["p"])


def test_models_without_terms_have_no_anova(fitted):
    # lmerTest's anova(m) of an intercept-only model is an empty table; mmlib says there is nothing to test
    for name in set(MODELS) - set(WITH_ANOVA):
        with pytest.raises(ValueError, match="no fixed-effect terms"):
            fitted(MODELS[name]).anova()


@pytest.mark.parametrize("order", ["smaller first", "larger first"])
@pytest.mark.parametrize("name", list(TESTS))
def test_likelihood_ratio_table(fitted, name, order):
    test = TESTS[name]
    roles = ["smaller", "larger"] if order == "smaller first" else ["larger", "smaller"]
    with pytest.warns(UserWarning, match="refitting model"):
        ours = mmlib.anova(*(fitted(test[role]) for role in roles), names=roles)
    lme4 = table(test["table"], "model")
    # both order the models by their number of parameters, whatever order they were given in
    assert list(ours.index) == list(lme4.index) == ["smaller", "larger"]
    np.testing.assert_array_equal(ours["npar"], lme4["npar"])
    for column in ["logLik", "deviance", "AIC", "BIC"]:
        np.testing.assert_allclose(ours[column], lme4[column], rtol=0, atol=1e-6)
    # the first row has no test, NA in R
    assert ours.iloc[0][["Chisq", "Df", "p"]].isna().all() and lme4.iloc[0][["Chisq", "Df", "p"]].isna().all()
    assert ours.loc["larger", "Df"] == lme4.loc["larger", "Df"]
    assert ours.loc["larger", "Chisq"] == pytest.approx(lme4.loc["larger", "Chisq"], rel=0, abs=1e-4)
    assert_p_close(ours.loc[["larger"], "p"], lme4.loc[["larger"], "p"])


@pytest.mark.parametrize("name", WITH_INTERVALS)
def test_interval_names(fitted, name):
    model = MODELS[name]
    fit, rows = fitted(model), model["confint"]["wald"]
    # lme4's .sig01, .sig02, ... then .sigma, in the order of theta, are mmlib's variance parameters
    variance = [row for row in rows if row["lme4_name"].startswith(".sig")]
    assert [row["name"] for row in variance] == list(mmlib.inference.variance_parameters(fit).index)
    assert [row["lme4_name"] for row in variance] == [f".sig{i + 1:02d}" for i in range(len(variance) - 1)] + [".sigma"]
    for method in ["wald", "profile"]:
        names = [row["name"] for row in model["confint"][method]]
        assert list(fit.confint(method="wald").index) == names


@pytest.mark.parametrize("name", WITH_INTERVALS)
def test_wald_intervals(fitted, name):
    model = MODELS[name]
    ours = fitted(model).confint(method="wald")
    lme4 = table(model["confint"]["wald"], "name")
    assert list(ours.columns) == ["2.5 %", "97.5 %"] and model["confint"]["level"] == 0.95
    # lme4 gives no Wald interval for a variance parameter (NA); mmlib gives NaN
    np.testing.assert_array_equal(ours.isna().to_numpy(), lme4[["lower", "upper"]].isna().to_numpy())
    known = lme4["lower"].notna()
    assert_close(ours.loc[known, "2.5 %"], lme4.loc[known, "lower"], rtol=1e-4, atol=0)
    assert_close(ours.loc[known, "97.5 %"], lme4.loc[known, "upper"], rtol=1e-4, atol=0)


def profile_cases() -> list:
    cases = []
    for name in WITH_INTERVALS:
        for row in MODELS[name]["confint"]["profile"]:
            cases.append(pytest.param(name, row["name"], id=f"{name}-{row['name']}"))
    return cases


@pytest.mark.parametrize(("name", "parameter"), profile_cases())
def test_profile_interval(fitted, name, parameter):
    model = MODELS[name]
    ours = fitted(model).confint(method="profile", parm=[parameter])
    lme4 = table(model["confint"]["profile"], "name").loc[parameter]
    # a limit at a bound (an SD's lower limit 0) is compared exactly
    assert_close(ours.loc[parameter].to_numpy(), lme4[["lower", "upper"]].to_numpy(), rtol=1e-3, atol=0)
