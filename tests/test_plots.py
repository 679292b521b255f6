"""Tests for mmlib.plots: what each figure draws, checked from the drawn data."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
import seaborn as sns  # noqa: E402
from scipy import special, stats  # noqa: E402

import mmlib  # noqa: E402
from mmlib import plots  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture
def ax():
    return plt.subplots()[1]


def test_set_style_uses_colour_blind_palette_line_styles_and_larger_fonts():
    with matplotlib.rc_context():
        plots.set_style()
        cycle = matplotlib.rcParams["axes.prop_cycle"].by_key()
        colourblind = [matplotlib.colors.to_hex(c) for c in sns.color_palette("colorblind", len(plots.LINESTYLES))]
        assert [matplotlib.colors.to_hex(c) for c in cycle["color"]] == colourblind
        assert len(set(map(str, cycle["linestyle"]))) == len(plots.LINESTYLES)
        assert matplotlib.rcParams["font.size"] > 10  # matplotlib's default is 10


def test_every_plot_draws_on_the_axes_it_is_given(ax):
    sims = mmlib.simulate_shrinkage([2, 4], 4, 3, nsim=5, seed=1)
    for draw in (lambda a: plots.link_plot(ax=a), lambda a: plots.covariance_ellipse(np.eye(2), ax=a),
                 lambda a: plots.shrinkage_plot(sims, ax=a)):
        assert draw(ax) is ax
    assert len(plt.get_fignums()) == 1
    assert isinstance(plots.link_plot(), matplotlib.axes.Axes)  # and a new figure without one
    with pytest.raises(TypeError, match="matplotlib Axes"):
        plots.link_plot(ax="left")


def test_link_plot_draws_the_inverse_links(ax):
    plots.link_plot(["logit", "probit", "cloglog"], ax=ax)
    lines = {line.get_label(): line for line in ax.get_lines()}
    assert list(lines) == ["logit", "probit", "cloglog"]
    eta = lines["logit"].get_xdata()
    np.testing.assert_allclose(lines["logit"].get_ydata(), special.expit(eta), rtol=1e-12)
    np.testing.assert_allclose(lines["probit"].get_ydata(), special.ndtr(eta), rtol=1e-12)
    np.testing.assert_allclose(lines["cloglog"].get_ydata(), 1 - np.exp(-np.exp(eta)), rtol=1e-10)
    # Colour is not the only difference between the lines.
    styles = {(line.get_linestyle(), line.get_marker()) for line in lines.values()}
    assert len(styles) == 3


def test_link_plot_draws_the_links_and_skips_undefined_points(ax):
    plots.link_plot(["log", "sqrt"], kind="link", ax=ax)
    log, sqrt = ax.get_lines()
    mu = log.get_xdata()
    assert mu.min() == pytest.approx(0.05) and mu.max() == pytest.approx(5.0)
    np.testing.assert_allclose(log.get_ydata(), np.log(mu), rtol=1e-12)
    np.testing.assert_allclose(sqrt.get_ydata(), np.sqrt(mu), rtol=1e-12)
    _, ax2 = plt.subplots()
    (inverse_sqrt,) = plots.link_plot("sqrt", ax=ax2, eta_range=(-2, 2)).get_lines()
    eta, mu = inverse_sqrt.get_xdata(), inverse_sqrt.get_ydata()
    assert np.all(np.isnan(mu[eta <= 0]))
    np.testing.assert_allclose(mu[eta > 0], eta[eta > 0] ** 2, rtol=1e-12)


def test_link_plot_errors():
    with pytest.raises(KeyError, match="known links are"):
        plots.link_plot(["logit", "tanh"])
    with pytest.raises(ValueError, match="kind must be 'inverse' or 'link'"):
        plots.link_plot(kind="derivative")


def test_covariance_ellipses_are_the_chi_square_contours(ax):
    sigma = np.array([[24.7**2, 0.07 * 24.7 * 5.9], [0.07 * 24.7 * 5.9, 5.9**2]])
    mean = np.array([251.4, 10.5])
    plots.covariance_ellipse(sigma, mean=mean, levels=[0.5, 0.9, 0.99], ax=ax)
    contours = [line for line in ax.get_lines() if line.get_label().endswith("%")]
    assert [line.get_label() for line in contours] == ["50%", "90%", "99%"]
    inverse = np.linalg.inv(sigma)
    for line, level in zip(contours, [0.5, 0.9, 0.99]):
        points = np.column_stack([line.get_xdata(), line.get_ydata()]) - mean
        distance = np.einsum("ij,jk,ik->i", points, inverse, points)
        np.testing.assert_allclose(distance, stats.chi2.ppf(level, 2), rtol=1e-10)
    assert len({line.get_linestyle() for line in contours}) == 3
    assert len({line.get_color() for line in contours}) == 1


def test_singular_covariance_gives_a_segment_along_the_correlation(ax):
    # Correlation 1: every point lies on the line through the mean with slope s2 / s1.
    sigma = pd.DataFrame([[4.0, 6.0], [6.0, 9.0]])
    plots.covariance_ellipse(sigma, levels=[0.95], ax=ax)
    line = ax.get_lines()[0]
    np.testing.assert_allclose(line.get_ydata(), 1.5 * line.get_xdata(), atol=1e-10)
    half_length = np.sqrt(stats.chi2.ppf(0.95, 2) * 13.0)
    assert np.hypot(line.get_xdata(), line.get_ydata()).max() == pytest.approx(half_length, rel=1e-4)


@pytest.mark.parametrize(
    ("sigma", "message"),
    [
        (np.eye(3), "2 x 2"),
        ([[1.0, 0.5], [0.4, 1.0]], "symmetric"),
        ([[1.0, 2.0], [2.0, 1.0]], "positive semi-definite"),
        ([[1.0, np.nan], [np.nan, 1.0]], "missing"),
    ],
)
def test_covariance_ellipse_rejects_bad_matrices(sigma, message):
    with pytest.raises(ValueError, match=message):
        plots.covariance_ellipse(sigma)


def test_covariance_ellipse_rejects_bad_levels_and_mean():
    with pytest.raises(ValueError, match="levels are probabilities"):
        plots.covariance_ellipse(np.eye(2), levels=[0.5, 1.0])
    with pytest.raises(ValueError, match="mean must hold two numbers"):
        plots.covariance_ellipse(np.eye(2), mean=[0.0, 0.0, 0.0])


def test_shrinkage_plot_draws_simulations_medians_and_the_true_curves(ax):
    sims = mmlib.simulate_shrinkage([2, 5, 10, 20], sigma_alpha=4, sigma_y=10, nsim=30, seed=3)
    plots.shrinkage_plot(sims, ax=ax)
    lines = {line.get_label(): line for line in ax.get_lines()}
    median = lines["estimate, median"]
    np.testing.assert_array_equal(median.get_xdata(), [2, 5, 10, 20])
    np.testing.assert_allclose(median.get_ydata(), sims.groupby("n")["weight"].median(), rtol=1e-12)
    own, pooled = lines["true, own mean"], lines["true, population mean"]
    n = own.get_xdata()
    np.testing.assert_allclose(own.get_ydata(), mmlib.shrinkage_weights(n, 100.0, 16.0), rtol=1e-12)
    np.testing.assert_allclose(own.get_ydata() + pooled.get_ydata(), 1.0, rtol=1e-12)
    (points,) = ax.collections
    offsets = points.get_offsets()
    assert len(offsets) == len(sims)
    np.testing.assert_allclose(np.sort(offsets[:, 1]), np.sort(sims["weight"]), rtol=1e-12)
    # Spread sideways by at most 0.15 times the smallest gap between sizes (3).
    assert np.abs(offsets[:, 0] - sims["n"]).max() == pytest.approx(0.45, rel=1e-12)
    assert ax.get_title() == "$\\sigma_\\alpha$ = 4, $\\sigma_y$ = 10"
    assert ax.get_legend() is not None


def test_shrinkage_plot_errors():
    sims = mmlib.simulate_shrinkage([2, 5], 4, 3, nsim=5, seed=1)
    other = mmlib.simulate_shrinkage([2, 5], 4, 10, nsim=5, seed=1)
    with pytest.raises(ValueError, match="mixes 2 settings"):
        plots.shrinkage_plot(pd.concat([sims, other]))
    with pytest.raises(KeyError, match="weight"):
        plots.shrinkage_plot(sims.drop(columns="weight"))
    assert plots.shrinkage_plot(sims, legend=False).get_legend() is None


# --- pooling, topographic map and residual diagnostics ---------------------------------

@pytest.fixture(scope="module")
def incomplete_model(incomplete):
    return mmlib.lmer("Reaction ~ Days + (Days | Subject)", incomplete)


@pytest.fixture(scope="module")
def incomplete_table(incomplete):
    return mmlib.pooling_table(incomplete, "Reaction ~ Days", "Subject")


def estimates(table, method):
    return table[table["method"] == method].pivot(index="group", columns="term", values="estimate")


def test_pooling_plot_draws_the_data_and_three_lines_per_group(incomplete, incomplete_table):
    figure = plots.pooling_plot(incomplete_table, incomplete, "Days", "Reaction", "Subject")
    panels = [ax for ax in figure.axes if ax.get_visible()]
    assert [ax.get_title() for ax in panels] == list(incomplete_table["group"].unique())
    assert len(panels) == 20
    for ax in panels:
        rows = incomplete[incomplete["Subject"] == ax.get_title()]
        np.testing.assert_array_equal(ax.collections[0].get_offsets(), rows[["Days", "Reaction"]].to_numpy())
        for line in ax.get_lines():
            method = {"complete pooling": "complete", "no pooling": "none", "partial pooling": "partial"}[
                line.get_label()]
            intercept, slope = estimates(incomplete_table, method).loc[ax.get_title(), ["(Intercept)", "Days"]]
            np.testing.assert_allclose(line.get_ydata(), intercept + slope * line.get_xdata(), rtol=1e-12)
            np.testing.assert_array_equal(line.get_xdata(), [0.0, 9.0])  # the full range of Days
    lines_per_panel = {ax.get_title(): len(ax.get_lines()) for ax in panels}
    # subject 373 has one day: no slope of its own, so no no-pooling line
    assert lines_per_panel.pop("373") == 2
    assert set(lines_per_panel.values()) == {3}
    styles = {(line.get_linestyle(), matplotlib.colors.to_hex(line.get_color())) for line in panels[0].get_lines()}
    assert len(styles) == 3 and len({style for style, _ in styles}) == 3
    (legend,) = figure.legends
    assert [text.get_text() for text in legend.get_texts()] == [
        "data", "complete pooling", "no pooling", "partial pooling"]


def test_pooling_plot_on_given_axes_and_a_subset_of_groups(incomplete, incomplete_table):
    figure, axes = plt.subplots(1, 3)
    returned = plots.pooling_plot(incomplete_table, incomplete, "Days", "Reaction", "Subject",
                                  groups=["374", "308"], axes=axes, legend=False)
    assert returned is figure and len(plt.get_fignums()) == 1
    assert [ax.get_title() for ax in axes] == ["374", "308", ""]
    assert len(axes[2].get_lines()) == 0 and not figure.legends


def test_pooling_plot_errors(incomplete, incomplete_table):
    quadratic = incomplete_table.replace({"term": {"Days": "Days2"}})
    with pytest.raises(ValueError, match="must have the terms"):
        plots.pooling_plot(quadratic, incomplete, "Days", "Reaction", "Subject")
    with pytest.raises(KeyError, match="not in the table"):
        plots.pooling_plot(incomplete_table, incomplete, "Days", "Reaction", "Subject", groups=["999"])
    with pytest.raises(KeyError, match="'days' not in the data"):
        plots.pooling_plot(incomplete_table, incomplete, "days", "Reaction", "Subject")
    with pytest.raises(ValueError, match="needs 20 panels"):
        plots.pooling_plot(incomplete_table, incomplete, "Days", "Reaction", "Subject", axes=plt.subplots(1, 2)[1])
    with pytest.raises(KeyError, match="mmlib.pooling_table"):
        plots.pooling_plot(incomplete_table.drop(columns="method"), incomplete, "Days", "Reaction", "Subject")


def test_topographic_map_points_arrows_and_contours(incomplete_model, incomplete_table, ax):
    m = incomplete_model
    assert plots.topographic_map(m, levels=[0.5, 0.95], ax=ax) is ax
    none, partial = estimates(incomplete_table, "none"), estimates(incomplete_table, "partial")
    scatters = {collection.get_label(): collection.get_offsets() for collection in ax.collections}
    np.testing.assert_allclose(scatters["partial pooling"], partial.loc[none.index].to_numpy(), rtol=1e-10)
    drawn = scatters["no pooling"]
    # subject 373's slope is NaN: matplotlib masks the point (it is not drawn), and it gets no arrow
    hidden = np.ma.getmaskarray(drawn).any(axis=1)
    assert list(none.index[hidden]) == ["373"]
    np.testing.assert_allclose(drawn[~hidden], none[~hidden].to_numpy(), rtol=1e-10)
    arrows = ax.texts
    assert len(arrows) == 19
    for arrow in arrows:
        start = np.asarray(arrow.xyann)
        subject = none.index[np.all(np.isclose(none.to_numpy(), start, rtol=1e-12), axis=1)][0]
        np.testing.assert_allclose(arrow.xy, partial.loc[subject], rtol=1e-12)
    # contours: Sigma = sigma^2 T T' from theta, independently of varcorr, centred on fixef
    theta, sigma = m.theta.to_numpy(), m.sigma
    factor = np.array([[theta[0], 0.0], [theta[1], theta[2]]])
    precision = np.linalg.inv(sigma**2 * factor @ factor.T)
    contours = [line for line in ax.get_lines() if line.get_label().startswith("fitted distribution")]
    assert [line.get_label() for line in contours] == ["fitted distribution, 50%", "fitted distribution, 95%"]
    for line, level in zip(contours, [0.5, 0.95]):
        points = np.column_stack([line.get_xdata(), line.get_ydata()]) - m.fixef.to_numpy()
        distance = np.einsum("ij,jk,ik->i", points, precision, points)
        np.testing.assert_allclose(distance, stats.chi2.ppf(level, 2), rtol=1e-8)
    (complete,) = [line for line in ax.get_lines() if line.get_label() == "complete pooling"]
    np.testing.assert_allclose(complete.get_xydata()[0], estimates(incomplete_table, "complete").iloc[0], rtol=1e-12)


def test_topographic_map_from_a_table_centres_on_the_fixed_effects(incomplete_model, incomplete_table):
    # the conditional modes sum to zero, so the mean of the partial estimates is fixef
    partial = estimates(incomplete_table, "partial")
    np.testing.assert_allclose(partial.mean()[["(Intercept)", "Days"]], incomplete_model.fixef, rtol=1e-10)
    from_model = plots.topographic_map(incomplete_model, levels=[0.9])
    sigma = np.cov(np.random.default_rng(0).normal(size=(2, 50)))  # any valid Sigma: the centre is what is tested
    from_table = plots.topographic_map(incomplete_table, Sigma=sigma, levels=[0.9])
    centre = [line for line in from_table.get_lines() if line.get_marker() == "+"][0]
    np.testing.assert_allclose(centre.get_xydata()[0], incomplete_model.fixef, rtol=1e-10)
    assert len(from_model.texts) == len(from_table.texts) == 19
    no_contours = plots.topographic_map(incomplete_table, levels=())
    assert not [line for line in no_contours.get_lines() if line.get_label().startswith("fitted")]


def test_topographic_map_errors(incomplete_table):
    with pytest.raises(ValueError, match="pass Sigma="):
        plots.topographic_map(incomplete_table)
    with pytest.raises(ValueError, match="terms must name two"):
        plots.topographic_map(incomplete_table, terms=["Days"], levels=())
    m = mmlib.lmer("Reaction ~ Days + (1 | Subject)", mmlib.load_data("sleepstudy"))
    with pytest.raises(ValueError, match="same columns as the fixed effects"):
        plots.topographic_map(m)


def test_residual_plots_draw_residuals_and_normal_qq_plots(incomplete_model):
    m = incomplete_model
    figure = plots.residual_plots(m)
    panels = [ax for ax in figure.axes if ax.get_visible()]
    assert [ax.get_title() for ax in panels] == [
        "residuals vs fitted", "residuals", "Subject: (Intercept)", "Subject: Days"]
    np.testing.assert_allclose(panels[0].collections[0].get_offsets(),
                               np.column_stack([m.fitted, m.residuals]), rtol=1e-12)
    # R's qqnorm: ppoints(n) = (i - 1/2) / n for n > 10 (183 residuals, 20 subjects)
    for ax, values in zip(panels[1:], [m.residuals, m.ranef["Subject"]["(Intercept)"], m.ranef["Subject"]["Days"]]):
        n = len(values)
        expected = np.column_stack([stats.norm.ppf((np.arange(1, n + 1) - 0.5) / n), np.sort(values)])
        np.testing.assert_allclose(ax.collections[0].get_offsets(), expected, rtol=1e-12)
        (line,) = ax.get_lines()  # qqline through the quartiles
        q1, q3 = np.quantile(values, [0.25, 0.75])
        z1, z3 = stats.norm.ppf([0.25, 0.75])
        slope = (q3 - q1) / (z3 - z1)
        x0, y0 = line.get_xy1()
        assert line.get_slope() == pytest.approx(slope, rel=1e-12)
        assert y0 + slope * (z1 - x0) == pytest.approx(q1, rel=1e-12)


def test_residual_plots_small_groups_and_two_factors():
    # pastes: 10 batches (R's ppoints uses a = 3/8 for n <= 10) and 30 casks within batches
    m = mmlib.lmer("strength ~ 1 + (1 | batch/cask)", mmlib.load_data("pastes"))
    figure, axes = plt.subplots(2, 3)
    assert plots.residual_plots(m, axes=axes) is figure
    titles = [ax.get_title() for ax in axes.ravel()]
    assert titles[:4] == ["residuals vs fitted", "residuals", "cask:batch: (Intercept)", "batch: (Intercept)"]
    batch = np.sort(m.ranef["batch"]["(Intercept)"])
    expected_x = stats.norm.ppf((np.arange(1, 11) - 3 / 8) / (10 + 1 - 3 / 4))
    np.testing.assert_allclose(axes.ravel()[3].collections[0].get_offsets(), np.column_stack([expected_x, batch]),
                               rtol=1e-12)
    with pytest.raises(ValueError, match="needs 4 panels"):
        plots.residual_plots(m, axes=axes[0, :2])
    with pytest.raises(TypeError, match="fit of mmlib.lmer"):
        plots.residual_plots(mmlib.load_data("pastes"))
