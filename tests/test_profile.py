"""Profile zeta curves (mmlib.profile) and their plot (mmlib.plots.plot_profile).

Source of the reference values: lme4 1.1-31, R 4.2.2, ``profile(fm1, signames = FALSE)`` for
``fm1 <- lmer(Reaction ~ Days + (Days | Subject), sleepstudy)``, printed by
``Rscript tests/reference/lme4_profile.R``: for each parameter, the profile points nearest to
zeta = -2, -1, 1 and 2 (the value lme4 held the parameter at and its zeta there).
Tolerances: mmlib's zeta evaluated at lme4's values agrees to 1e-5 (lme4's profile
optimisations stop at about that accuracy); read off mmlib's own curve by cubic interpolation,
to 1e-3 (the brief's tolerance: the curve's points are not lme4's).
"""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
import scipy.stats  # noqa: E402
from scipy.interpolate import CubicSpline  # noqa: E402

import mmlib  # noqa: E402
from mmlib import plots  # noqa: E402
from mmlib.inference import _Profile  # noqa: E402

# lme4_profile.R: parameter -> [(value, zeta), ...]
LME4_ZETA = {
    "sd_(Intercept)|Subject": [(13.81826144, -2.08986440), (18.66398935, -1.00383842),
                               (29.40802556, 0.91122832), (36.46736943, 1.82076561)],
    "cor_Days.(Intercept)|Subject": [(-0.478499711, -1.94706979), (-0.1727775179, -0.80862558),
                                     (0.3378538502, 0.79508065), (0.6610379737, 1.87476065)],
    "sd_Days|Subject": [(3.596760456, -2.21277309), (4.570565995, -1.08446887),
                        (6.995741155, 0.95538599), (8.550539092, 1.85816879)],
    "sigma": [(22.66441027, -2.14849690), (24.05925588, -1.07000339),
              (27.43254273, 1.15206096), (29.16805304, 2.12706735)],
    "(Intercept)": [(237.4614994, -1.98808733), (244.5818501, -1.01413509),
                    (258.21592, 1.01233789), (265.3351924, 1.98635663)],
    "Days": [(7.309004517, -1.98808732), (8.921791935, -1.01413508),
             (12.00996291, 1.01233823), (13.62250618, 1.98635697)],
}


@pytest.fixture(scope="module")
def fm1(sleep):
    return mmlib.lmer("Reaction ~ Days + (Days | Subject)", sleep)


@pytest.fixture(scope="module")
def curves(fm1):
    return mmlib.profile(fm1)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_profile_table_layout(fm1, curves):
    assert list(curves.columns) == ["parameter", "value", "zeta"]
    # the parameters of confint, in its order and with its names
    assert list(dict.fromkeys(curves["parameter"])) == list(mmlib.confint(fm1, method="wald").index)
    cutoff = np.sqrt(scipy.stats.chi2.ppf(0.99, 6))  # lme4's alphamax = 0.01, six parameters
    for name, curve in curves.groupby("parameter", sort=False):
        assert curve["value"].is_monotonic_increasing
        assert curve["zeta"].is_monotonic_increasing, name  # a profile rises away from the estimate
        assert (curve["zeta"] == 0).sum() == 1
        assert len(curve) >= 15  # lme4 has 19 to 21 points per parameter
        # each side runs past the cutoff, unless it stops at a bound (a correlation of 1)
        assert curve["zeta"].iloc[0] < -cutoff
        assert curve["zeta"].iloc[-1] > cutoff or curve["value"].iloc[-1] == 1.0
    correlation = curves[curves["parameter"] == "cor_Days.(Intercept)|Subject"]
    assert correlation["value"].max() == 1.0  # as lme4's profile, which ends at 1 with zeta 2.98


@pytest.mark.parametrize("name", list(LME4_ZETA))
def test_zeta_matches_lme4(fm1, curves, name):
    values, expected = np.array(LME4_ZETA[name]).T
    # at lme4's own parameter values
    profile = _Profile(fm1)
    direct = [profile.zeta(name, value) for value in values]
    np.testing.assert_allclose(direct, expected, atol=1e-5)
    # read off the public curve
    curve = curves[curves["parameter"] == name]
    np.testing.assert_allclose(CubicSpline(curve["value"], curve["zeta"])(values), expected, atol=1e-3)


def test_profile_crosses_the_confidence_limits_where_confint_puts_them(fm1, curves):
    # one implementation: the 95 % profile interval is where zeta = -/+ 1.96 on the curve
    intervals = mmlib.confint(fm1, parm=["sd_Days|Subject", "Days"])
    z = scipy.stats.norm.ppf(0.975)
    for name in intervals.index:
        curve = curves[curves["parameter"] == name]
        inverse = CubicSpline(curve["zeta"], curve["value"])
        np.testing.assert_allclose(inverse([-z, z]), intervals.loc[name], rtol=1e-4)


def test_profile_of_a_zero_variance_starts_at_zero():
    # 8 groups of 5 draws of pure noise: with this seed the SD between groups is estimated as 0,
    # and its profile has no lower side
    rng = np.random.default_rng(1)
    data = pd.DataFrame({"y": rng.normal(size=40), "g": [f"g{i}" for i in np.repeat(np.arange(8), 5)]})
    with pytest.warns(mmlib.SingularFitWarning):
        fit = mmlib.lmer("y ~ 1 + (1 | g)", data)
    assert mmlib.inference.variance_parameters(fit)["sd_(Intercept)|g"] == 0
    curve = mmlib.profile(fit, parm=["sd_(Intercept)|g"], max_points=8)
    assert curve["value"].iloc[0] == 0 and curve["zeta"].iloc[0] == 0
    assert (curve["zeta"].iloc[1:] > 0).all() and curve["zeta"].is_monotonic_increasing
    assert len(curve) <= 1 + 8


def test_profile_input_errors(fm1):
    with pytest.raises(KeyError, match="unknown parameter"):
        mmlib.profile(fm1, parm=["Day"])
    with pytest.raises(ValueError, match="alpha_max must be between 0 and 1"):
        mmlib.profile(fm1, alpha_max=5)
    with pytest.raises(ValueError, match="max_points must be a positive integer"):
        mmlib.profile(fm1, max_points=0)
    cbpp = mmlib.load_data("cbpp")
    glmm = mmlib.glmer("cbind(incidence, size - incidence) ~ period + (1 | herd)", cbpp, family="binomial")
    with pytest.raises(TypeError, match="linear mixed models"):
        mmlib.profile(glmm)


# --- the plot -----------------------------------------------------------------------------
def test_plot_profile_draws_one_panel_per_parameter(curves):
    figure = plots.plot_profile(curves)
    panels = [ax for ax in figure.axes if ax.get_visible()]
    names = list(dict.fromkeys(curves["parameter"]))
    assert [ax.get_title() for ax in panels] == names
    z = scipy.stats.norm.ppf(0.975)
    for ax, name in zip(panels, names):
        curve = curves[curves["parameter"] == name]
        profile_line, *reference = ax.get_lines()
        np.testing.assert_allclose(profile_line.get_xdata(), curve["value"])
        np.testing.assert_allclose(profile_line.get_ydata(), curve["zeta"])
        assert profile_line.get_marker() == plots.MARKERS[0]
        horizontal = sorted(line.get_ydata()[0] for line in reference if line.get_linestyle() == "--")
        np.testing.assert_allclose(horizontal, [-z, z], rtol=1e-12)
        vertical = [line.get_xdata()[0] for line in reference if line.get_linestyle() == ":"]
        assert vertical == [curve.loc[curve["zeta"] == 0, "value"].iloc[0]]


def test_plot_profile_absolute_zeta_and_level(curves):
    days = curves[curves["parameter"] == "Days"]
    figure = plots.plot_profile(days, level=0.9, absolute=True)
    ax = figure.axes[0]
    profile_line, *reference = ax.get_lines()
    np.testing.assert_allclose(profile_line.get_ydata(), days["zeta"].abs())
    horizontal = [line.get_ydata()[0] for line in reference if line.get_linestyle() == "--"]
    np.testing.assert_allclose(horizontal, [scipy.stats.norm.ppf(0.95)], rtol=1e-12)
    assert ax.get_ylabel() == r"$|\zeta|$"


def test_plot_profile_uses_given_axes_and_rejects_bad_input(curves):
    _, axes = plt.subplots(2, 3)
    figure = plots.plot_profile(curves, axes=axes)
    assert figure is axes[0, 0].figure and len(plt.get_fignums()) == 1
    with pytest.raises(ValueError, match="needs 6 panels"):
        plots.plot_profile(curves, axes=axes[0])
    with pytest.raises(KeyError, match="zeta"):
        plots.plot_profile(curves.drop(columns="zeta"))
    with pytest.raises(TypeError, match="mmlib.profile"):
        plots.plot_profile(curves.to_numpy())
    with pytest.raises(ValueError, match="level must be between 0 and 1"):
        plots.plot_profile(curves, level=95)


def test_profile_method_is_the_function(fm1, curves):
    days = fm1.profile(["Days"])
    pd.testing.assert_frame_equal(days.reset_index(drop=True),
                                  curves[curves["parameter"] == "Days"].reset_index(drop=True))
