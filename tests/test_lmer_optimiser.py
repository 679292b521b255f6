"""The optimum does not depend on the units of a predictor.

`Reaction ~ t + (t | Subject)` is one model whether t counts days, hours or minutes: the maximum
log-likelihood is the same and theta's slope elements scale with the units. A first version of the
optimiser, started at lme4's theta = 1, stopped on the boundary (a singular fit 4.4 log-likelihood
units worse) when t was in hours, minutes or seconds.
"""
from __future__ import annotations

import warnings

import numpy as np
import pytest

import mmlib


@pytest.mark.parametrize("hours_per_unit", [24, 24 * 60, 24 * 60 * 60])
def test_rescaled_time_reaches_the_same_optimum(hours_per_unit):
    data = mmlib.load_data("sleepstudy")
    data["Rescaled"] = data["Days"] * hours_per_unit
    days = mmlib.lmer("Reaction ~ Days + (Days | Subject)", data, REML=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error", mmlib.ConvergenceWarning)
        warnings.simplefilter("ignore", mmlib.SingularFitWarning)
        rescaled = mmlib.lmer("Reaction ~ Rescaled + (Rescaled | Subject)", data, REML=False)
    assert rescaled.loglik == pytest.approx(days.loglik, rel=1e-9)
    # lme4's isSingular calls a diagonal theta below 1e-4 singular whatever the units, so in
    # seconds (theta about 2.6e-6) lme4 and mmlib both report a singular fit at the right optimum.
    assert rescaled.is_singular() == (hours_per_unit == 24 * 60 * 60)
    expected_theta = days.theta.to_numpy() / np.array([1, hours_per_unit, hours_per_unit])
    np.testing.assert_allclose(rescaled.theta.to_numpy(), expected_theta, rtol=1e-3)
    assert rescaled.fixef.iloc[1] * hours_per_unit == pytest.approx(days.fixef.iloc[1], rel=1e-6)
