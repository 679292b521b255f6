"""Method of moments against mmlib.lmer's REML: equal on balanced data, different on unbalanced.

For balanced designs whose method-of-moments solutions are all positive, the
ANOVA estimators are the REML estimates; on unbalanced data they are not.
lmer's optimiser stops at a relative tolerance near 1e-6 in theta, so variance
components are compared at rtol 1e-4.
"""

import numpy as np
import pytest

import mmlib


def _variances(fit):
    """lmer variance components as a Series indexed by lme4's group names."""
    varcorr = fit.varcorr
    return varcorr[varcorr["var2"].isna()].set_index("grp")["vcov"]


def test_split_plot_mom_equals_lmer_reml_on_balanced_oats():
    oats = mmlib.load_data("oats")
    oats = oats.assign(N=oats["nitro"].astype(str))  # nitrogen as a factor, as in the ANOVA
    fit = mmlib.lmer("yield ~ Variety * N + (1 | Block/Variety)", oats)
    mom = mmlib.mom_split_plot(oats, "yield", "Block", "Variety", "nitro")
    reml = _variances(fit)
    np.testing.assert_allclose(
        [reml["Block"], reml["Variety:Block"], reml["Residual"]],
        mom[["block", "whole_plot", "residual"]],
        rtol=1e-4,
    )


def test_nested_mom_equals_lmer_reml_on_balanced_pastes():
    pastes = mmlib.load_data("pastes")
    fit = mmlib.lmer("strength ~ 1 + (1 | batch/cask)", pastes)
    mom = mmlib.mom_nested(pastes, "strength", "batch", "cask")
    reml = _variances(fit)
    np.testing.assert_allclose(
        [reml["cask:batch"], reml["batch"], reml["Residual"]], mom.to_numpy(), rtol=1e-4
    )


def test_nested_mom_differs_from_lmer_reml_on_unbalanced_pastes():
    pastes = mmlib.load_data("pastes")
    # Drop one of the two strength measurements in six of the thirty casks.
    unbalanced = pastes.drop(index=pastes.index[[0, 9, 20, 31, 42, 53]])
    fit = mmlib.lmer("strength ~ 1 + (1 | batch/cask)", unbalanced)
    mom = mmlib.mom_nested(unbalanced, "strength", "batch", "cask")
    reml = _variances(fit)
    relative = np.abs(mom.to_numpy() / [reml["cask:batch"], reml["batch"], reml["Residual"]] - 1)
    assert relative.max() > 0.05  # the batch variance differs by about 19%


def test_oneway_mom_differs_from_lmer_reml_on_unbalanced_radon():
    radon = mmlib.load_data("radon")
    fit = mmlib.lmer("log_radon ~ 1 + (1 | county)", radon)
    reml = _variances(fit)
    # statsmodels MixedLM REML on the same data: county 0.095814, residual 0.636621.
    assert reml["county"] == pytest.approx(0.095814, rel=1e-4)
    mom = mmlib.mom_oneway(radon, "log_radon", "county")
    assert abs(mom["county"] / reml["county"] - 1) > 5e-3
