"""mmlib.glmer: bad input gets a clear message; separation gets a warning."""

import numpy as np
import pandas as pd
import pytest

import mmlib
from mmlib.exceptions import ConvergenceWarning


@pytest.fixture(scope="module")
def cbpp():
    return mmlib.load_data("cbpp")


def test_successes_above_trials(cbpp):
    bad = cbpp.assign(size=cbpp["size"].where(cbpp.index != 1, 1))  # 3 cases in a herd of 1
    with pytest.raises(ValueError, match=r"successes above trials.*1 row\(s\), e.g. row\(s\) 1"):
        mmlib.glmer("cbind(incidence, size - incidence) ~ period + (1 | herd)", bad)


def test_negative_poisson_counts():
    ticks = mmlib.load_data("grouseticks")
    bad = ticks.assign(TICKS=ticks["TICKS"].where(ticks.index != 5, -2))
    with pytest.raises(ValueError, match="poisson response 'TICKS' must be counts"):
        mmlib.glmer("TICKS ~ YEAR + (1 | BROOD)", bad, family="poisson")


def test_binary_response_outside_0_1(cbpp):
    with pytest.raises(ValueError, match="binary response 'incidence' must be 0 or 1.*cbind"):
        mmlib.glmer("incidence ~ period + (1 | herd)", cbpp)


def test_proportion_above_one_with_weights(cbpp):
    with pytest.raises(ValueError, match="must be a proportion in \\[0, 1\\]"):
        mmlib.glmer("incidence ~ period + (1 | herd)", cbpp, weights="size")


def test_unknown_family_and_link(cbpp):
    formula = "cbind(incidence, size - incidence) ~ period + (1 | herd)"
    with pytest.raises(KeyError, match="unknown family 'binomal'"):
        mmlib.glmer(formula, cbpp, family="binomal")
    with pytest.raises(KeyError, match="unknown link 'logistic'"):
        mmlib.glmer(formula, cbpp, family=mmlib.links.family("binomial", link="logistic"))
    with pytest.raises(ValueError, match="use mmlib.lmer"):
        mmlib.glmer(formula, cbpp, family="gaussian")
    with pytest.raises(TypeError, match="family must be a name"):
        mmlib.glmer(formula, cbpp, family=3)


def test_nagq_needs_a_single_scalar_random_effect():
    sleep = mmlib.load_data("sleepstudy")
    data = sleep.assign(slow=(sleep["Reaction"] > 300).astype(float))
    with pytest.raises(ValueError, match=r"nAGQ > 1 .*\(\(Intercept\) \+ Days \| Subject\); use nAGQ=1"):
        mmlib.glmer("slow ~ Days + (Days | Subject)", data, nAGQ=5)
    ticks = mmlib.load_data("grouseticks")
    with pytest.raises(ValueError, match="single scalar random effect"):
        mmlib.glmer("TICKS ~ YEAR + (1 | BROOD) + (1 | LOCATION)", ticks, family="poisson", nAGQ=9)


def test_bad_nagq_value(cbpp):
    with pytest.raises(ValueError, match="nAGQ must be a whole number"):
        mmlib.glmer("cbind(incidence, size - incidence) ~ period + (1 | herd)", cbpp, nAGQ=-1)


def test_weights_of_wrong_length_and_with_cbind(cbpp):
    with pytest.raises(ValueError, match="weights must have one value per row of data \\(56\\)"):
        mmlib.glmer("incidence ~ period + (1 | herd)", cbpp, weights=[1.0, 2.0])
    with pytest.raises(ValueError, match="do not pass weights"):
        mmlib.glmer("cbind(incidence, size - incidence) ~ period + (1 | herd)", cbpp, weights="size")


def test_complete_separation_warns():
    rng = np.random.default_rng(3)
    group = np.repeat(np.arange(10), 12)
    treated = np.tile([0.0, 1.0], 60)
    # every treated row is a success: the treatment effect is infinite
    y = np.where(treated == 1, 1.0, rng.binomial(1, 0.4, group.size).astype(float))
    data = pd.DataFrame({"y": y, "treated": treated, "g": group.astype(str)})
    with pytest.warns(ConvergenceWarning, match="separation: the fixed effect\\(s\\) .*treated"):
        fit = mmlib.glmer("y ~ treated + (1 | g)", data)
    assert fit.fixef["treated"] > 5  # large, as the warning says; never a silent number
