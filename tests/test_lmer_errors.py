"""Bad input to mmlib.lmer: clear errors at the boundary, and the caller's data left alone."""

import numpy as np
import pandas as pd
import pytest

import mmlib
from mmlib import lmer


@pytest.fixture
def sleep():
    return mmlib.load_data("sleepstudy")


def test_unknown_column_is_named_with_a_suggestion_and_the_columns(sleep):
    with pytest.raises(KeyError, match="'days' \\(did you mean 'Days'\\?\\) not in the data") as error:
        lmer("Reaction ~ days + (1 | Subject)", sleep)
    assert "the columns are: Reaction, Days, Subject" in str(error.value)


def test_unknown_grouping_column(sleep):
    with pytest.raises(KeyError, match="'Patient'"):
        lmer("Reaction ~ Days + (1 | Patient)", sleep)


def test_formula_without_random_effects_points_to_ols(sleep):
    with pytest.raises(ValueError, match="no random-effects term.*ordinary least squares"):
        lmer("Reaction ~ Days", sleep)


def test_malformed_random_term_is_shown(sleep):
    with pytest.raises(ValueError, match="malformed formula") as error:
        lmer("Reaction ~ Days + (Days | )", sleep)
    assert "Reaction ~ Days + (Days | )" in str(error.value)
    assert str(error.value).rstrip().endswith("^")


def test_grouping_factor_with_one_level(sleep):
    one_subject = sleep[sleep["Subject"] == "308"]
    with pytest.raises(ValueError, match="grouping factor 'Subject' has 1 level.*at least two groups"):
        lmer("Reaction ~ Days + (1 | Subject)", one_subject)


def test_grouping_factor_with_a_level_per_observation(sleep):
    data = sleep.assign(row=np.arange(180))
    with pytest.raises(ValueError, match="'row' has 180 levels for 180 observations"):
        lmer("Reaction ~ Days + (1 | row)", data)


def test_non_numeric_response(sleep):
    data = sleep.assign(Reaction=sleep["Reaction"].astype(str))
    with pytest.raises(ValueError, match="response column 'Reaction' must be numeric"):
        lmer("Reaction ~ Days + (1 | Subject)", data)


@pytest.mark.parametrize("column", ["Reaction", "Days"])
def test_infinite_values(sleep, column):
    data = sleep.astype({column: float})
    data.loc[5, column] = np.inf
    with pytest.raises(ValueError, match=f"column '{column}' has infinite values"):
        lmer("Reaction ~ Days + (1 | Subject)", data)


def test_empty_data(sleep):
    with pytest.raises(ValueError, match="the data frame has no rows"):
        lmer("Reaction ~ Days + (1 | Subject)", sleep.iloc[:0])


def test_only_missing_values(sleep):
    data = sleep.assign(Reaction=np.nan)
    with pytest.raises(ValueError, match="every row has a missing value in column\\(s\\) Reaction"):
        lmer("Reaction ~ Days + (1 | Subject)", data)


@pytest.mark.parametrize("data", [{"Reaction": [1.0]}, np.zeros((3, 3)), None])
def test_data_must_be_a_dataframe(data):
    with pytest.raises(TypeError, match="data must be a pandas DataFrame"):
        lmer("Reaction ~ Days + (1 | Subject)", data)


def test_formula_must_be_a_string(sleep):
    with pytest.raises(TypeError, match="formula must be a string"):
        lmer(42, sleep)


def test_binomial_response_is_not_for_lmer(sleep):
    data = sleep.assign(total=1000.0)
    with pytest.raises(ValueError, match="single numeric response; cbind"):
        lmer("cbind(Reaction, total - Reaction) ~ Days + (1 | Subject)", data)


def test_single_level_fixed_factor(sleep):
    data = sleep.assign(site="A")
    with pytest.raises(ValueError, match="factor 'site' has a single level \\(A\\)"):
        lmer("Reaction ~ Days + site + (1 | Subject)", data)


def test_missing_values_are_dropped_with_a_warning_and_the_data_not_modified(sleep):
    sleep.loc[[0, 1], "Reaction"] = np.nan
    before = sleep.copy()
    with pytest.warns(UserWarning, match="dropped 2 of 180 rows"):
        fit = lmer("Reaction ~ Days + (Days | Subject)", sleep)
    assert fit.nobs == 178
    pd.testing.assert_frame_equal(sleep, before)


def test_fitting_never_modifies_the_callers_data(sleep):
    before = sleep.copy()
    fit = lmer("Reaction ~ Days + (Days | Subject)", sleep)
    fit.predict(sleep)
    fit.summary()
    pd.testing.assert_frame_equal(sleep, before)


def test_simulate_rejects_a_bad_count(sleep):
    fit = lmer("Reaction ~ Days + (1 | Subject)", sleep)
    with pytest.raises(ValueError, match="nsim must be a positive integer"):
        fit.simulate(0)


def test_refit_rejects_a_response_of_the_wrong_length(sleep):
    fit = lmer("Reaction ~ Days + (1 | Subject)", sleep)
    with pytest.raises(ValueError, match="180 finite numbers"):
        fit.refit(np.ones(10))


def test_predict_with_missing_columns(sleep):
    fit = lmer("Reaction ~ Days + (1 | Subject)", sleep)
    with pytest.raises(KeyError, match="'Days'"):
        fit.predict(pd.DataFrame({"Subject": ["308"]}))


def test_constant_response_is_a_clear_error():
    # Found while writing the lme4-to-Python page: this was a bare ZeroDivisionError.
    data = pd.DataFrame({"y": [1.0] * 6, "g": list("aabbcc")})
    with pytest.raises(ValueError, match="'y' is constant"):
        mmlib.lmer("y ~ 1 + (1 | g)", data)
    exact = pd.DataFrame({"y": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0], "x": [0, 1, 2, 3, 4, 5], "g": list("aabbcc")})
    with pytest.raises(ValueError, match="exactly explained by the fixed effects"):
        mmlib.lmer("y ~ x + (1 | g)", exact)
