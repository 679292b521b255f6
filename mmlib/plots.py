"""The house style of the course's figures, and the plots the lessons share.

Call :func:`set_style` once at the top of a notebook. Every plotting function
draws on the Axes passed as ``ax=`` (or on a new figure) and returns that
Axes, so figures can be composed and captioned by the caller. Colour is never
the only carrier of meaning: lines also differ in line style, and points in
marker shape, so the figures read in grey scale and with colour-vision
deficiencies.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from cycler import cycler
from numpy.typing import ArrayLike
from scipy import stats

from mmlib import links as _links
from mmlib.lmm import LMMResult
from mmlib.pooling import _pooling_estimates
from mmlib.shrinkage import shrinkage_weights

__all__ = [
    "set_style", "link_plot", "covariance_ellipse", "shrinkage_plot", "pooling_plot", "topographic_map",
    "residual_plots", "plot_profile", "LINESTYLES", "MARKERS",
]

#: Line styles paired with the colour cycle, in order.
LINESTYLES: tuple = ("-", "--", ":", "-.", (0, (5, 1)), (0, (3, 1, 1, 1, 1, 1)), (0, (1, 3)))
#: Marker shapes for point series, in order.
MARKERS: tuple[str, ...] = ("o", "s", "^", "D", "v", "P", "X")

_PROBABILITY_LINKS = ("logit", "probit", "cloglog")


def set_style() -> None:
    """Apply the course's figure style to matplotlib and seaborn.

    Seaborn's ``whitegrid`` theme with the colour-blind-safe ``colorblind``
    palette, fonts a little larger than matplotlib's defaults (readable on a
    projector and in the rendered book), and a property cycle that changes
    line style together with colour.

    Examples
    --------
    >>> from mmlib import plots
    >>> plots.set_style()
    >>> import matplotlib as mpl
    >>> mpl.rcParams["axes.prop_cycle"].keys == {"color", "linestyle"}
    True
    """
    sns.set_theme(context="notebook", style="whitegrid", palette="colorblind", font_scale=1.15)
    colours = sns.color_palette("colorblind", len(LINESTYLES))
    mpl.rcParams.update({
        "axes.prop_cycle": cycler(color=colours) + cycler(linestyle=LINESTYLES),
        "figure.figsize": (6.4, 4.4),
        "figure.dpi": 100,
        "savefig.dpi": 150,
        "savefig.bbox": "tight",
        "axes.titleweight": "bold",
        "legend.frameon": False,
        "lines.linewidth": 2.0,
    })


def _axes(ax: plt.Axes | None) -> plt.Axes:
    """The given Axes, or the Axes of a new figure."""
    if ax is None:
        _, ax = plt.subplots()
    elif not isinstance(ax, mpl.axes.Axes):
        raise TypeError(f"ax must be a matplotlib Axes, not {type(ax).__name__}")
    return ax


def link_plot(
    links: Sequence[str] = _PROBABILITY_LINKS,
    kind: str = "inverse",
    ax: plt.Axes | None = None,
    eta_range: tuple[float, float] = (-5.0, 5.0),
    mu_range: tuple[float, float] | None = None,
) -> plt.Axes:
    """Draw link functions or their inverses, one line per link.

    Parameters
    ----------
    links : sequence of str
        Names known to :func:`mmlib.links.get`; default the three links for
        probabilities.
    kind : {"inverse", "link"}
        ``"inverse"`` draws :math:`\\mu = g^{-1}(\\eta)` over `eta_range`
        (how a linear predictor becomes a mean); ``"link"`` draws
        :math:`\\eta = g(\\mu)` over `mu_range`.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure if omitted.
    eta_range : (float, float)
        Range of the linear predictor for ``kind="inverse"``.
    mu_range : (float, float), optional
        Range of the mean for ``kind="link"``; default (0.001, 0.999) when a
        probability link is drawn, otherwise (0.05, 5).

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    Points where a link is undefined (:math:`\\eta \\le 0` for the inverse of
    the square-root link, :math:`\\eta = 0` for the inverse link) are left
    out rather than drawn. Each link gets its own line style and markers as
    well as its colour.

    Examples
    --------
    >>> from mmlib import plots
    >>> ax = plots.link_plot(["logit", "probit"])
    >>> [line.get_label() for line in ax.get_lines()]
    ['logit', 'probit']
    """
    if kind not in ("inverse", "link"):
        raise ValueError(f"kind must be 'inverse' or 'link', got {kind!r}")
    if isinstance(links, str):
        links = [links]
    chosen = [_links.get(name) for name in links]
    ax = _axes(ax)
    if kind == "inverse":
        x = np.linspace(*eta_range, 401)
        xlabel, ylabel = "linear predictor $\\eta$", "mean $\\mu = g^{-1}(\\eta)$"
    else:
        if mu_range is None:
            mu_range = (0.001, 0.999) if any(link.name in _PROBABILITY_LINKS for link in chosen) else (0.05, 5.0)
        x = np.linspace(*mu_range, 401)
        xlabel, ylabel = "mean $\\mu$", "linear predictor $\\eta = g(\\mu)$"
    for i, link in enumerate(chosen):
        if kind == "inverse":
            # Evaluate only where the inverse is defined; elsewhere leave a gap.
            defined = np.array([link.valid_eta(value) for value in x])
            y = np.full_like(x, np.nan)
            y[defined] = link.inverse(x[defined])
        else:
            y = link.link(x)
        ax.plot(x, y, label=link.name, linestyle=LINESTYLES[i % len(LINESTYLES)],
                marker=MARKERS[i % len(MARKERS)], markevery=(5 * i, 50))
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(title="link")
    return ax


def _check_covariance(sigma: ArrayLike) -> np.ndarray:
    """A 2 x 2 symmetric positive semi-definite matrix, or a ValueError."""
    sigma = np.asarray(sigma.to_numpy() if isinstance(sigma, pd.DataFrame) else sigma, dtype=float)
    if sigma.shape != (2, 2):
        raise ValueError(f"Sigma must be a 2 x 2 covariance matrix, got shape {sigma.shape}")
    if not np.all(np.isfinite(sigma)):
        raise ValueError("Sigma has missing or infinite entries")
    if not np.isclose(sigma[0, 1], sigma[1, 0], rtol=1e-8, atol=1e-12 * np.abs(sigma).max()):
        raise ValueError(f"Sigma must be symmetric, got off-diagonal entries {sigma[0, 1]:g} and {sigma[1, 0]:g}")
    if np.linalg.eigvalsh(sigma).min() < -1e-10 * np.abs(sigma).max():
        raise ValueError(
            "Sigma is not positive semi-definite (a correlation beyond +/-1); "
            "build it as [[s1**2, r*s1*s2], [r*s1*s2, s2**2]] with -1 <= r <= 1"
        )
    return sigma


def covariance_ellipse(
    Sigma: ArrayLike,
    mean: ArrayLike = (0.0, 0.0),
    levels: Sequence[float] = (0.5, 0.95),
    ax: plt.Axes | None = None,
    color=None,
    label: str | None = None,
) -> plt.Axes:
    """Draw contours of a bivariate normal distribution with covariance `Sigma`.

    The picture of a 2 x 2 random-effects covariance matrix: for a random
    intercept and slope, the contours show their spreads and their
    correlation (the "topographic map" of the lecture).

    Parameters
    ----------
    Sigma : array_like or pandas.DataFrame
        2 x 2 symmetric positive semi-definite covariance matrix. A singular
        matrix (correlation :math:`\\pm 1`) gives flat ellipses: line segments.
    mean : array_like
        Centre of the distribution, marked with a cross.
    levels : sequence of float
        Probability contents of the contours, each in (0, 1).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure if omitted.
    color : matplotlib colour, optional
        One colour for all contours; they differ in line style.
    label : str, optional
        Prefix of the legend labels, e.g. ``"partial pooling"``.

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    For :math:`x \\sim N_2(m, \\Sigma)`, :math:`(x - m)^\\top \\Sigma^{-1} (x - m)`
    follows a :math:`\\chi^2_2` distribution, so the region holding
    probability :math:`p` is the ellipse

    .. math::

        (x - m)^\\top \\Sigma^{-1} (x - m) \\le c_p = \\chi^2_{2}(p) = -2\\log(1 - p).

    With the eigendecomposition :math:`\\Sigma = V \\Lambda V^\\top`, its
    boundary is :math:`x(t) = m + \\sqrt{c_p}\\, V \\Lambda^{1/2} (\\cos t, \\sin t)^\\top`,
    which also works when an eigenvalue is 0.

    Examples
    --------
    >>> from mmlib import plots
    >>> Sigma = [[24.7**2, 0.07 * 24.7 * 5.9], [0.07 * 24.7 * 5.9, 5.9**2]]
    >>> ax = plots.covariance_ellipse(Sigma, mean=(251.4, 10.5), levels=[0.5, 0.9])
    >>> [line.get_label() for line in ax.get_lines()][:2]
    ['50%', '90%']
    """
    sigma = _check_covariance(Sigma)
    mean = np.asarray(mean, dtype=float)
    if mean.shape != (2,):
        raise ValueError(f"mean must hold two numbers, got shape {mean.shape}")
    levels = np.atleast_1d(np.asarray(levels, dtype=float))
    if np.any((levels <= 0) | (levels >= 1)):
        raise ValueError(f"levels are probabilities strictly between 0 and 1, got {levels.tolist()}")
    ax = _axes(ax)
    eigenvalues, eigenvectors = np.linalg.eigh(sigma)
    scale = eigenvectors * np.sqrt(np.clip(eigenvalues, 0.0, None))
    t = np.linspace(0.0, 2.0 * np.pi, 361)
    circle = np.vstack([np.cos(t), np.sin(t)])
    for i, level in enumerate(levels):
        radius = np.sqrt(stats.chi2.ppf(level, df=2))
        x, y = mean[:, None] + radius * scale @ circle
        text = f"{level:.0%}" if label is None else f"{label}, {level:.0%}"
        (line,) = ax.plot(x, y, color=color, linestyle=LINESTYLES[i % len(LINESTYLES)], label=text)
        color = line.get_color()  # the first contour takes the next colour of the cycle
    ax.plot(*mean, marker="+", markersize=12, color=color, linestyle="none")
    return ax


def shrinkage_plot(sim_df: pd.DataFrame, ax: plt.Axes | None = None, legend: bool = True) -> plt.Axes:
    """Draw the weight of the group's own mean against the group size.

    Parameters
    ----------
    sim_df : pandas.DataFrame
        Output of :func:`mmlib.simulate_shrinkage` for one pair of
        standard deviations.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure if omitted.
    legend : bool
        Draw the legend (below the axes); turn it off on all but one panel
        of a figure with several.

    Returns
    -------
    matplotlib.axes.Axes
        With the estimated weight of every simulation (circles, spread
        sideways so they do not hide each other), its median at each group
        size (squares, solid line), the weight at the true variances (dashed)
        and the weight of the population mean, one minus it (dotted).

    Notes
    -----
    The true curve is

    .. math::

        w(n) = \\frac{n / \\sigma^2_y}{n / \\sigma^2_y + 1 / \\sigma^2_\\alpha},

    drawn for continuous :math:`n` (see :func:`mmlib.shrinkage_weights`).

    Examples
    --------
    >>> import mmlib
    >>> from mmlib import plots
    >>> sims = mmlib.simulate_shrinkage([2, 5, 10], sigma_alpha=4, sigma_y=10, nsim=20, seed=1)
    >>> ax = plots.shrinkage_plot(sims)
    >>> ax.get_title()
    '$\\\\sigma_\\\\alpha$ = 4, $\\\\sigma_y$ = 10'
    """
    needed = ["n", "sim", "weight", "sigma_alpha", "sigma_y"]
    if not isinstance(sim_df, pd.DataFrame):
        raise TypeError(f"sim_df must be the DataFrame from mmlib.simulate_shrinkage, not {type(sim_df).__name__}")
    missing = [column for column in needed if column not in sim_df.columns]
    if missing:
        raise KeyError(f"sim_df lacks column(s) {', '.join(missing)}; pass the output of mmlib.simulate_shrinkage")
    settings = sim_df[["sigma_alpha", "sigma_y"]].drop_duplicates()
    if len(settings) != 1:
        raise ValueError(
            f"sim_df mixes {len(settings)} settings of (sigma_alpha, sigma_y); "
            f"draw each on its own axes, e.g. sim_df[sim_df['sigma_y'] == 3]"
        )
    sigma_alpha, sigma_y = settings.iloc[0]
    ax = _axes(ax)
    n_values = np.sort(sim_df["n"].unique())
    # Spread the simulations evenly across a band around each n (no randomness).
    step = np.diff(n_values).min() if len(n_values) > 1 else 1.0
    nsim = sim_df["sim"].max() + 1
    offset = 0.3 * step * (sim_df["sim"] / max(nsim - 1, 1) - 0.5)
    colours = sns.color_palette("colorblind", 3)
    ax.scatter(sim_df["n"] + offset, sim_df["weight"], s=12, alpha=0.3, marker=MARKERS[0], color=colours[0],
               linewidths=0, label="estimate, one simulation")
    medians = sim_df.groupby("n")["weight"].median()
    ax.plot(medians.index, medians.to_numpy(), color=colours[0], linestyle="-", marker=MARKERS[1],
            label="estimate, median")
    n_grid = np.linspace(0.0, n_values.max(), 400)
    true = shrinkage_weights(n_grid, sigma_y**2, sigma_alpha**2)
    ax.plot(n_grid, true, color=colours[1], linestyle="--", label="true, own mean")
    ax.plot(n_grid, 1.0 - true, color=colours[2], linestyle=":", label="true, population mean")
    ax.set_ylim(-0.03, 1.03)
    ax.set_xlabel("observations per group, $n_j$")
    ax.set_ylabel("weight")
    ax.set_title(f"$\\sigma_\\alpha$ = {sigma_alpha:g}, $\\sigma_y$ = {sigma_y:g}")
    if legend:  # below the axes: the points fill the panel
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2, fontsize="small")
    return ax


# --- pooling, topographic map and diagnostics of lmer fits ---------------------------------

#: Colour index, line style and legend label of each pooling method.
_POOLING_STYLE = {
    "complete": (2, ":", "complete pooling"),
    "none": (0, "--", "no pooling"),
    "partial": (1, "-", "partial pooling"),
}


def _axes_grid(
    n_panels: int, axes, ncols: int, panel_size: tuple[float, float], share: bool
) -> tuple[mpl.figure.Figure, list]:
    """The first `n_panels` of the given Axes, or a new grid of them (spare panels hidden)."""
    if axes is None:
        ncols = max(1, min(ncols, n_panels))
        nrows = -(-n_panels // ncols)
        figure, grid = plt.subplots(nrows, ncols, squeeze=False, sharex=share, sharey=share, layout="constrained",
                                    figsize=(panel_size[0] * ncols, panel_size[1] * nrows))
        flat = list(grid.ravel())
        for spare in flat[n_panels:]:
            spare.set_visible(False)
        return figure, flat[:n_panels]
    flat = list(np.ravel(np.asarray(axes, dtype=object)))
    if not all(isinstance(ax, mpl.axes.Axes) for ax in flat):
        raise TypeError("axes must be a matplotlib Axes or an array of them, as plt.subplots returns")
    if len(flat) < n_panels:
        raise ValueError(f"this figure needs {n_panels} panels, but only {len(flat)} Axes were given")
    return flat[0].figure, flat[:n_panels]


def _check_pooling_table(table: pd.DataFrame) -> None:
    """A table from :func:`mmlib.pooling_table`, or a TypeError/KeyError/ValueError."""
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"table must be the DataFrame from mmlib.pooling_table, not {type(table).__name__}")
    missing = [column for column in ("group", "method", "term", "estimate") if column not in table.columns]
    if missing:
        raise KeyError(f"table lacks column(s) {', '.join(missing)}; pass the output of mmlib.pooling_table")
    unknown = set(table["method"]) - set(_POOLING_STYLE)
    if unknown:
        raise ValueError(f"table has unknown method(s) {sorted(map(str, unknown))}; expected {list(_POOLING_STYLE)}")


def pooling_plot(
    table: pd.DataFrame,
    data: pd.DataFrame,
    x: str,
    y: str,
    group: str,
    groups: Sequence | None = None,
    ncols: int = 6,
    axes=None,
    legend: bool = True,
) -> mpl.figure.Figure:
    """Draw each group's data with its complete, no and partial pooling lines.

    Parameters
    ----------
    table : pandas.DataFrame
        Output of :func:`mmlib.pooling_table` for the formula ``y ~ x``.
    data : pandas.DataFrame
        The data the table was estimated from.
    x, y, group : str
        The predictor, the response and the grouping column in `data`.
    groups : sequence, optional
        The groups to draw, in this order; all groups of the table if omitted.
    ncols : int
        Panels per row of a new figure.
    axes : array of matplotlib.axes.Axes, optional
        One Axes per group, as ``plt.subplots`` returns them; a new grid
        of shared-axis panels if omitted.
    legend : bool
        Draw one legend for the figure, below the panels.

    Returns
    -------
    matplotlib.figure.Figure
        One panel per group, titled with the group, holding its points and
        one line per pooling method. A method whose line a group cannot
        have (a no-pooling slope from a single observation) is left out
        of that panel rather than drawn made up.

    Notes
    -----
    Each line is :math:`\\hat y = \\hat\\beta_{0} + \\hat\\beta_{1} x` with the
    group's coefficients of that method: one common line (complete pooling),
    the group's own least-squares line (no pooling), and the line of the
    mixed model, :math:`\\hat\\beta + \\tilde b_j` (partial pooling). The lines
    differ in colour and style.

    Examples
    --------
    >>> import mmlib
    >>> from mmlib import plots
    >>> data = mmlib.load_data("sleepstudy_incomplete")
    >>> table = mmlib.pooling_table(data, "Reaction ~ Days", "Subject")
    >>> figure = plots.pooling_plot(table, data, "Days", "Reaction", "Subject", groups=["308", "373"])
    >>> [[line.get_label() for line in ax.get_lines()] for ax in figure.axes]
    [['complete pooling', 'no pooling', 'partial pooling'], ['complete pooling', 'partial pooling']]
    """
    _check_pooling_table(table)
    for name in (x, y, group):
        if name not in data.columns:
            raise KeyError(f"column {name!r} not in the data; the columns are: {', '.join(map(str, data.columns))}")
    intercept_and_slope = ["(Intercept)", x]
    if sorted(table["term"].unique()) != sorted(intercept_and_slope):
        raise ValueError(
            f"pooling_plot draws straight lines in {x!r}, so the table must have the terms {intercept_and_slope}; "
            f"it has {list(table['term'].unique())} (fit the pooling table for '{y} ~ {x}')"
        )
    known = list(table["group"].unique())
    groups = known if groups is None else list(groups)
    unknown = [level for level in groups if level not in known]
    if unknown:
        raise KeyError(f"group(s) {unknown} not in the table; its groups are {known}")
    lines = table.pivot(index=["group", "method"], columns="term", values="estimate")[intercept_and_slope]
    figure, panels = _axes_grid(len(groups), axes, ncols, (2.4, 2.2), share=True)
    colours = sns.color_palette("colorblind", 3)
    span = np.array([data[x].min(), data[x].max()], dtype=float)
    for ax, level in zip(panels, groups):
        rows = data[data[group] == level]
        ax.scatter(rows[x], rows[y], s=14, color="0.25", marker=MARKERS[0], label="data", zorder=3)
        for method, (colour, style, label) in _POOLING_STYLE.items():
            if (level, method) not in lines.index:
                continue
            intercept, slope = lines.loc[(level, method)]
            if np.isfinite(intercept) and np.isfinite(slope):
                ax.plot(span, intercept + slope * span, color=colours[colour], linestyle=style, label=label)
        ax.set_title(str(level), fontsize="medium")
        ax.set_xlabel(x)
        ax.set_ylabel(y)
    if axes is None:  # label only the outer panels of the new grid, bottom of each column included
        columns = min(ncols, len(panels))
        for i, ax in enumerate(panels):
            bottom = i + columns >= len(panels)
            ax.tick_params(labelbottom=bottom)  # plt.subplots hid all but the last row's
            if not bottom:
                ax.set_xlabel("")
            if i % columns:
                ax.tick_params(labelleft=False)
                ax.set_ylabel("")
    if legend:
        handles = [mpl.lines.Line2D([], [], color="0.25", marker=MARKERS[0], linestyle="none", label="data")]
        handles += [mpl.lines.Line2D([], [], color=colours[c], linestyle=s, label=lab)
                    for c, s, lab in _POOLING_STYLE.values()]
        figure.legend(handles=handles, loc="outside lower center", ncol=4)
    return figure


def _random_effects_covariance(model: LMMResult, group: str, terms: Sequence[str]) -> np.ndarray:
    """The fitted covariance of the random effects `terms` of `group`, read from ``varcorr``."""
    varcorr = model.varcorr
    rows = varcorr[varcorr["grp"] == group]
    sigma = np.zeros((len(terms), len(terms)))
    for i, first in enumerate(terms):
        for j, second in enumerate(terms):
            if i == j:
                match = (rows["var1"] == first) & rows["var2"].isna()
            else:
                match = ((rows["var1"] == first) & (rows["var2"] == second)) | (
                    (rows["var1"] == second) & (rows["var2"] == first))
            sigma[i, j] = rows.loc[match, "vcov"].item()
    return sigma


def topographic_map(
    source: LMMResult | pd.DataFrame,
    terms: Sequence[str] | None = None,
    Sigma: ArrayLike | None = None,
    levels: Sequence[float] = (0.5, 0.95),
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Draw no- and partial-pooling estimates in the plane of two coefficients.

    The lecture's "topographic map": every group is a point at its own
    estimates (no pooling) with an arrow to its partially pooled estimates,
    over the contour lines of the fitted normal distribution of the groups'
    coefficients. The arrows point into the valley: towards the centre, and
    furthest for groups with little or noisy data.

    Parameters
    ----------
    source : LMMResult or pandas.DataFrame
        A fit of ``lmer("y ~ x + (x | g)", data)`` (random effects with the
        same columns as the fixed effects), or the output of
        :func:`mmlib.pooling_table`.
    terms : pair of str, optional
        The two coefficients on the axes; default the first two, usually
        ``"(Intercept)"`` and the slope.
    Sigma : array_like, optional
        2 x 2 covariance of the random effects of `terms`. Taken from the
        model's ``varcorr`` when `source` is a model; needed for the contours
        when `source` is a table.
    levels : sequence of float
        Probability contents of the contours (see :func:`covariance_ellipse`);
        empty for no contours.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure if omitted.

    Returns
    -------
    matplotlib.axes.Axes
        With the no-pooling points (circles; a group whose own data cannot
        estimate a coefficient has none), the partial-pooling points
        (squares), one arrow per group that has both, the complete-pooling
        estimate (a cross) and the contours, centred on the fixed effects.

    Notes
    -----
    The partially pooled coefficients of group :math:`j` are
    :math:`\\hat\\beta + \\tilde b_j` with :math:`b_j \\sim N(0, \\Sigma)`, so the
    contours are those of :math:`N(\\hat\\beta, \\hat\\Sigma)`. From a table
    the centre is the mean of the partial-pooling estimates; when the random
    effects have the columns of the fixed effects, the penalised least-squares
    equations make the conditional modes sum to zero,
    :math:`\\sum_j \\tilde b_j = 0`, so that mean is :math:`\\hat\\beta`.

    Examples
    --------
    >>> import mmlib
    >>> from mmlib import plots
    >>> m = mmlib.lmer("Reaction ~ Days + (Days | Subject)", mmlib.load_data("sleepstudy"))
    >>> ax = plots.topographic_map(m, levels=[0.5, 0.9])
    >>> len(ax.texts)  # one arrow per subject
    18
    >>> ax.get_xlabel(), ax.get_ylabel()
    ('(Intercept)', 'Days')
    """
    if isinstance(source, LMMResult):
        table = _pooling_estimates(source)
    else:
        _check_pooling_table(source)
        table = source
    available = list(table["term"].unique())
    terms = available[:2] if terms is None else list(terms)
    if len(terms) != 2 or any(term not in available for term in terms):
        raise ValueError(f"terms must name two of the coefficients {available}, got {terms}")
    wide = {method: rows.pivot(index="group", columns="term", values="estimate")[terms]
            for method, rows in table.groupby("method", sort=False)}
    missing = [method for method in _POOLING_STYLE if method not in wide]
    if missing:
        raise ValueError(f"the table has no rows for method(s) {missing}; pass the output of mmlib.pooling_table")
    if isinstance(source, LMMResult):
        mean = source.fixef[terms].to_numpy()
        if Sigma is None:
            Sigma = _random_effects_covariance(source, source.design.reterms[0].group, terms)
    else:
        mean = wide["partial"].mean().to_numpy()
    levels = list(levels)
    if levels and Sigma is None:
        raise ValueError(
            "the contours need the random-effects covariance: pass Sigma= (from the model's varcorr), "
            "pass the fitted model instead of the table, or levels=() for no contours"
        )

    ax = _axes(ax)
    colours = sns.color_palette("colorblind", 3)
    none, partial = wide["none"], wide["partial"].loc[wide["none"].index]
    ax.scatter(none.iloc[:, 0], none.iloc[:, 1], color=colours[0], marker=MARKERS[0], s=30, label="no pooling",
               zorder=3)
    ax.scatter(partial.iloc[:, 0], partial.iloc[:, 1], color=colours[1], marker=MARKERS[1], s=30,
               label="partial pooling", zorder=3)
    for level in none.index[none.notna().all(axis=1)]:
        ax.annotate("", xy=tuple(partial.loc[level]), xytext=tuple(none.loc[level]),
                    arrowprops={"arrowstyle": "->", "color": "0.45", "linewidth": 1.0, "shrinkA": 3, "shrinkB": 3})
    complete = wide["complete"].iloc[0]
    ax.plot(*complete, marker="X", markersize=11, color=colours[2], linestyle="none", label="complete pooling")
    if levels:
        covariance_ellipse(Sigma, mean=mean, levels=levels, ax=ax, color=colours[1], label="fitted distribution")
    ax.set_xlabel(terms[0])
    ax.set_ylabel(terms[1])
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2, fontsize="small")
    return ax


def _normal_qq(ax: plt.Axes, values: ArrayLike, title: str) -> None:
    """A normal QQ plot as R's qqnorm and qqline draw it."""
    values = np.sort(np.asarray(values, dtype=float))
    n = values.size
    offset = 3 / 8 if n <= 10 else 1 / 2  # R's ppoints
    theoretical = stats.norm.ppf((np.arange(1, n + 1) - offset) / (n + 1 - 2 * offset))
    ax.scatter(theoretical, values, s=14, color=sns.color_palette("colorblind", 1)[0], marker=MARKERS[0])
    # the line through the quartiles, robust to the tails it is meant to reveal
    quartiles = np.quantile(values, [0.25, 0.75])
    z = stats.norm.ppf([0.25, 0.75])
    slope = (quartiles[1] - quartiles[0]) / (z[1] - z[0])
    ax.axline((0.0, quartiles[0] - slope * z[0]), slope=slope, color="0.3", linestyle="--", linewidth=1.2)
    ax.set_xlabel("standard normal quantiles")
    ax.set_ylabel("sample quantiles")
    ax.set_title(title, fontsize="medium")


def residual_plots(model: LMMResult, axes=None, ncols: int = 2) -> mpl.figure.Figure:
    """Diagnostic plots of a linear mixed model fit.

    Parameters
    ----------
    model : LMMResult
        A fit of :func:`mmlib.lmer`.
    axes : array of matplotlib.axes.Axes, optional
        At least ``2 + k`` Axes, with :math:`k` the number of random-effect
        columns over all grouping factors; a new figure if omitted.
    ncols : int
        Panels per row of a new figure.

    Returns
    -------
    matplotlib.figure.Figure
        Panels, in order: residuals against fitted values (a dashed line at
        0), a normal QQ plot of the residuals, and a normal QQ plot of each
        random effect's conditional modes, titled ``"group: effect"``.

    Notes
    -----
    The model assumes :math:`\\varepsilon \\sim N(0, \\sigma^2 I)` and
    :math:`b \\sim N(0, \\Sigma)`. Residuals should scatter evenly around 0
    whatever the fitted value, and the QQ points should follow the straight
    line. The :math:`i`-th smallest of :math:`n` values is drawn against
    :math:`\\Phi^{-1}\\big((i - a)/(n + 1 - 2a)\\big)`, :math:`a = 3/8` for
    :math:`n \\le 10` and :math:`1/2` otherwise (R's ``qqnorm``); the line
    passes through the quartiles (R's ``qqline``). Conditional modes are
    shrunk towards 0, so their spread is smaller than :math:`\\Sigma` says.

    Examples
    --------
    >>> import mmlib
    >>> from mmlib import plots
    >>> m = mmlib.lmer("Reaction ~ Days + (Days | Subject)", mmlib.load_data("sleepstudy"))
    >>> figure = plots.residual_plots(m)
    >>> [ax.get_title() for ax in figure.axes if ax.get_visible()]
    ['residuals vs fitted', 'residuals', 'Subject: (Intercept)', 'Subject: Days']
    """
    if not isinstance(model, LMMResult):
        raise TypeError(f"model must be a fit of mmlib.lmer, not {type(model).__name__}")
    effects = [(group, column, table[column]) for group, table in model.ranef.items() for column in table.columns]
    figure, panels = _axes_grid(2 + len(effects), axes, ncols, (3.8, 3.4), share=False)
    first = panels[0]
    first.scatter(model.fitted, model.residuals, s=14, color=sns.color_palette("colorblind", 1)[0], marker=MARKERS[0])
    first.axhline(0.0, color="0.3", linestyle="--", linewidth=1.2)
    first.set_xlabel("fitted values")
    first.set_ylabel("residuals")
    first.set_title("residuals vs fitted", fontsize="medium")
    _normal_qq(panels[1], model.residuals, "residuals")
    for ax, (group, column, values) in zip(panels[2:], effects):
        _normal_qq(ax, values, f"{group}: {column}")
    return figure


def plot_profile(
    profile: pd.DataFrame, level: float = 0.95, absolute: bool = False, ncols: int = 3, axes=None
) -> mpl.figure.Figure:
    """Draw profile zeta curves in small multiples, one panel per parameter (lme4's ``xyplot(profile)``).

    Parameters
    ----------
    profile : pandas.DataFrame
        Output of :func:`mmlib.profile`: columns ``parameter``,
        ``value`` and ``zeta``.
    level : float, default 0.95
        Confidence level of the horizontal reference lines at
        :math:`\\pm z_{(1+\\text{level})/2}`.
    absolute : bool, default False
        Draw :math:`|\\zeta|` (a V with its tip at the estimate) instead of
        :math:`\\zeta`.
    ncols : int, default 3
        Panels per row of a new figure.
    axes : array of matplotlib.axes.Axes, optional
        One Axes per parameter; a new grid if omitted.

    Returns
    -------
    matplotlib.figure.Figure
        One panel per parameter, in the order of the table, titled with its
        name: the curve with a marker at each profiled point, dashed lines at
        the interval's :math:`\\zeta` limits, and a dotted vertical line at the
        estimate.

    Notes
    -----
    Where a curve crosses the dashed lines are the ends of the profile
    confidence interval (:func:`mmlib.confint`). A straight :math:`\\zeta`
    means a quadratic log-likelihood, where the Wald interval
    :math:`\\hat\\psi \\pm z\\,\\mathrm{se}` would be as good; a bent one (SDs are
    typically skewed to the right) shows where it is not.

    Examples
    --------
    >>> import pandas as pd
    >>> from mmlib import plots
    >>> curves = pd.DataFrame({"parameter": ["a"] * 3, "value": [1.0, 2.0, 3.0], "zeta": [-2.0, 0.0, 2.5]})
    >>> figure = plots.plot_profile(curves)
    >>> figure.axes[0].get_title(), figure.axes[0].get_lines()[0].get_ydata().tolist()
    ('a', [-2.0, 0.0, 2.5])
    """
    if not isinstance(profile, pd.DataFrame):
        raise TypeError(f"profile must be the DataFrame from mmlib.profile, not {type(profile).__name__}")
    missing = [column for column in ("parameter", "value", "zeta") if column not in profile.columns]
    if missing:
        raise KeyError(f"profile lacks column(s) {', '.join(missing)}; pass the output of mmlib.profile")
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1, not {level!r}")
    parameters = list(dict.fromkeys(profile["parameter"]))
    if not parameters:
        raise ValueError("profile has no rows to draw")
    figure, panels = _axes_grid(len(parameters), axes, ncols, (3.2, 2.8), share=False)
    z = float(stats.norm.ppf(0.5 + level / 2))
    colour = sns.color_palette("colorblind", 1)[0]
    for ax, name in zip(panels, parameters):
        curve = profile[profile["parameter"] == name].sort_values("value")
        zeta = curve["zeta"].to_numpy(dtype=float)
        ax.plot(curve["value"], np.abs(zeta) if absolute else zeta, color=colour, linestyle="-",
                marker=MARKERS[0], markersize=3.5, label="profile")
        for limit in ([z] if absolute else [-z, z]):
            ax.axhline(limit, color="0.3", linestyle="--", linewidth=1.2)
        at_estimate = curve.loc[curve["zeta"] == 0, "value"]
        if len(at_estimate):
            ax.axvline(float(at_estimate.iloc[0]), color="0.3", linestyle=":", linewidth=1.2)
        ax.set_title(str(name), fontsize="medium")
        ax.set_xlabel("value")
        ax.set_ylabel(r"$|\zeta|$" if absolute else r"$\zeta$")
    return figure
