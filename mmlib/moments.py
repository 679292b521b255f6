"""ANOVA tables with expected mean squares, and variance components by the method of moments.

Before likelihood methods (ML, REML) were practical, variance components were
estimated from an analysis-of-variance table: each mean square :math:`MS_k`
has an expectation :math:`E[MS_k]` that is a linear combination of the
variance components, so setting every mean square equal to its expectation
and solving the linear system gives estimates. This is the *method of moments*
(MoM). A solution below zero is impossible for a variance; it is set to 0 and
reported with a :class:`~mmlib.exceptions.SingularFitWarning` (the same
boundary that lme4 calls a singular fit).

On balanced data, and when no estimate is truncated, the MoM estimates equal
the REML estimates; on unbalanced data they differ.

Three designs are covered, each with a table function and a MoM function:

* one-way random effects (:func:`anova_oneway`, :func:`mom_oneway`),
  balanced or not;
* two-stage nested random effects (:func:`anova_nested`, :func:`mom_nested`),
  such as the ``pastes`` data: casks within batches;
* the split-plot design (:func:`split_plot_anova`, :func:`mom_split_plot`),
  such as Yates' ``oats`` experiment.

Every table has the columns ``df``, ``SS``, ``MS``, ``E[MS]`` (as text), ``F``
and ``p``; the E[MS] text names the variance components as the MoM functions
do, with :math:`\\phi(\\cdot)` for the contribution of a fixed factor.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from scipy import stats

from mmlib.design import _codes, _levels, _used_rows
from mmlib.exceptions import SingularFitWarning

__all__ = [
    "anova_oneway",
    "mom_oneway",
    "anova_nested",
    "mom_nested",
    "split_plot_anova",
    "mom_split_plot",
]


# --- shared pieces ----------------------------------------------------------

def _prepare(data: pd.DataFrame, response: str, factors: tuple[str, ...]) -> tuple[np.ndarray, list, list]:
    """Numeric response, and codes and levels of each factor, from complete rows."""
    for name in (response, *factors):
        if not isinstance(name, str):
            raise TypeError(f"columns are named by strings, got {name!r}")
    if len(set(factors) | {response}) != len(factors) + 1:
        raise ValueError(f"the response and the factors must be different columns, got {response!r} and {factors}")
    used = _used_rows(data, (response, *factors))
    values = used[response]
    if pd.api.types.is_bool_dtype(values) or not pd.api.types.is_numeric_dtype(values):
        raise TypeError(f"the response {response!r} must be numeric, not {values.dtype}")
    levels = [_levels(used[name]) for name in factors]
    codes = [_codes(used[name], level) for name, level in zip(factors, levels)]
    return values.to_numpy(dtype=float), codes, levels


def _ems(components: list[tuple[float, str]], fixed: str | None = None) -> str:
    """Expected mean square as text: ``σ²_residual + 4 σ²_whole_plot + φ(A)``."""
    parts = ["σ²_residual"]
    for coefficient, name in components:
        parts.append(f"{coefficient:.4g} σ²_{name}")
    if fixed is not None:
        parts.append(f"φ({fixed})")
    return " + ".join(parts)


def _table(rows: list[tuple[str, int, float, str, str | None]]) -> pd.DataFrame:
    """ANOVA table from rows (source, df, SS, E[MS], source of the F denominator)."""
    table = pd.DataFrame(
        [(df, ss, ss / df, ems) for _, df, ss, ems, _ in rows],
        index=[source for source, *_ in rows],
        columns=["df", "SS", "MS", "E[MS]"],
    )
    table["F"] = np.nan
    table["p"] = np.nan
    for source, df, _, _, denominator in rows:
        if denominator is not None:
            f_value = table.at[source, "MS"] / table.at[denominator, "MS"]
            table.at[source, "F"] = f_value
            table.at[source, "p"] = stats.f.sf(f_value, df, table.at[denominator, "df"])
    return table


def _truncate_negative(estimates: dict[str, float]) -> pd.Series:
    """Set negative variance estimates to 0, with a warning that names them."""
    negative = {name: value for name, value in estimates.items() if value < 0}
    if negative:
        listed = ", ".join(f"{name} ({value:.4g})" for name, value in negative.items())
        warnings.warn(
            f"method-of-moments solution is negative for {listed}; set to 0. "
            f"The data show no variation at that level beyond what the level below explains",
            SingularFitWarning,
            stacklevel=3,
        )
    return pd.Series({name: max(value, 0.0) for name, value in estimates.items()}, name="variance", dtype=float)


# --- one-way ------------------------------------------------------------------

def _oneway_sums(sizes: np.ndarray, means: np.ndarray, ss_within):
    """Between and within sums of squares, their df, and n0, from group summaries.

    `means` has the groups along its last axis, so that a stack of data sets
    (simulations, say) is summarised at once; `ss_within` then has one value per set.
    """
    total = sizes.sum()
    grand = np.sum(sizes * means, axis=-1, keepdims=True) / total
    ss_between = np.sum(sizes * (means - grand) ** 2, axis=-1)
    df_between = len(sizes) - 1
    n0 = (total - np.sum(sizes**2) / total) / df_between
    return ss_between, df_between, ss_within, int(total - len(sizes)), float(n0)


def _oneway_moments(ss_between, df_between: int, ss_within, df_within: int, n0: float):
    """Raw MoM solution (between, residual); the between part may be negative."""
    ms_within = ss_within / df_within
    return (ss_between / df_between - ms_within) / n0, ms_within


def _oneway(data: pd.DataFrame, response: str, group: str) -> tuple[float, int, float, int, float]:
    y, (codes,), (levels,) = _prepare(data, response, (group,))
    if len(levels) < 2:
        raise ValueError(f"the grouping factor {group!r} needs at least two levels, it has {len(levels)}")
    if len(y) <= len(levels):
        raise ValueError(
            f"every level of {group!r} has a single observation, so there is no within-group variation to "
            f"separate from the between-group variation; a one-way ANOVA needs replicates"
        )
    sizes = np.bincount(codes).astype(float)
    means = np.bincount(codes, weights=y) / sizes
    ss_between, df_between, ss_within, df_within, n0 = _oneway_sums(sizes, means, np.sum((y - means[codes]) ** 2))
    return float(ss_between), df_between, float(ss_within), df_within, n0


def anova_oneway(data: pd.DataFrame, response: str, group: str) -> pd.DataFrame:
    """One-way random-effects ANOVA table with expected mean squares.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per observation.
    response : str
        Numeric response column.
    group : str
        Grouping column (the random factor).

    Returns
    -------
    pandas.DataFrame
        Rows `group` and ``"Residual"``; columns ``df``, ``SS``, ``MS``,
        ``E[MS]``, ``F``, ``p``.

    Notes
    -----
    For :math:`y_{ij} = \\mu + \\alpha_i + \\varepsilon_{ij}` with
    :math:`\\alpha_i \\sim N(0, \\sigma^2_\\alpha)`, :math:`a` groups of sizes
    :math:`n_i` and :math:`N = \\sum_i n_i`,

    .. math::

        SS_A = \\sum_i n_i (\\bar y_{i\\cdot} - \\bar y_{\\cdot\\cdot})^2, \\quad
        SS_E = \\sum_i \\sum_j (y_{ij} - \\bar y_{i\\cdot})^2,

    .. math::

        E[MS_A] = \\sigma^2 + n_0 \\sigma^2_\\alpha, \\quad E[MS_E] = \\sigma^2,
        \\qquad n_0 = \\frac{1}{a-1}\\left(N - \\frac{\\sum_i n_i^2}{N}\\right),

    where :math:`n_0` is the common group size :math:`n` when the design is
    balanced. :math:`F = MS_A / MS_E` tests :math:`\\sigma^2_\\alpha = 0`.

    Examples
    --------
    Radon in 85 Minnesota counties with 1 to 116 houses each (unbalanced):

    >>> import mmlib
    >>> table = mmlib.anova_oneway(mmlib.load_data("radon"), "log_radon", "county")
    >>> table[["df", "MS"]].round(3)
               df     MS
    county     84  1.630
    Residual  834  0.637
    >>> table.at["county", "E[MS]"]
    'σ²_residual + 10.43 σ²_county'
    """
    ss_between, df_between, ss_within, df_within, n0 = _oneway(data, response, group)
    return _table([
        (group, df_between, ss_between, _ems([(n0, group)]), "Residual"),
        ("Residual", df_within, ss_within, _ems([]), None),
    ])


def mom_oneway(data: pd.DataFrame, response: str, group: str) -> pd.Series:
    """Method-of-moments variance components of a one-way random-effects model.

    Parameters
    ----------
    data, response, group
        As for :func:`anova_oneway`.

    Returns
    -------
    pandas.Series
        Variances indexed by `group` and ``"residual"``.

    Warns
    -----
    SingularFitWarning
        If the between-group solution is negative (:math:`MS_A < MS_E`); it
        is set to 0.

    Notes
    -----
    Solving :math:`MS_A = \\hat\\sigma^2 + n_0 \\hat\\sigma^2_\\alpha` and
    :math:`MS_E = \\hat\\sigma^2` (see :func:`anova_oneway`) gives

    .. math::

        \\hat\\sigma^2 = MS_E, \\qquad
        \\hat\\sigma^2_\\alpha = \\frac{MS_A - MS_E}{n_0}.

    For balanced data with :math:`MS_A \\ge MS_E` these are the REML
    estimates of ``lmer(response ~ 1 + (1 | group))``.

    Examples
    --------
    >>> import mmlib
    >>> mmlib.mom_oneway(mmlib.load_data("radon"), "log_radon", "county").round(4)
    county      0.0951
    residual    0.6374
    Name: variance, dtype: float64
    """
    s2_group, s2_residual = _oneway_moments(*_oneway(data, response, group))
    return _truncate_negative({group: s2_group, "residual": s2_residual})


# --- two-stage nested -----------------------------------------------------------

def _nested(data: pd.DataFrame, response: str, outer: str, inner: str) -> dict:
    """Sums of squares, df and E[MS] coefficients of the two-stage nested design."""
    y, (outer_codes, inner_codes), (outer_levels, inner_levels) = _prepare(data, response, (outer, inner))
    if len(outer_levels) < 2:
        raise ValueError(f"the outer factor {outer!r} needs at least two levels, it has {len(outer_levels)}")
    # Inner labels may repeat across outer levels (cask 'a' of batch A is not
    # cask 'a' of batch B), so a cell is an (outer, inner) pair.
    cells, cell_codes = np.unique(outer_codes * len(inner_levels) + inner_codes, return_inverse=True)
    cell_outer = cells // len(inner_levels)
    n_cells, n_outer, total = len(cells), len(outer_levels), len(y)
    df_outer, df_inner, df_residual = n_outer - 1, n_cells - n_outer, total - n_cells
    if df_inner == 0:
        raise ValueError(f"each level of {outer!r} holds a single level of {inner!r}; nothing is nested")
    if df_residual == 0:
        raise ValueError(f"each {inner!r} within {outer!r} has a single observation; the design needs replicates")

    cell_sizes = np.bincount(cell_codes).astype(float)
    cell_means = np.bincount(cell_codes, weights=y) / cell_sizes
    outer_sizes = np.bincount(cell_outer, weights=cell_sizes)
    outer_means = np.bincount(cell_outer, weights=cell_sizes * cell_means) / outer_sizes
    grand = y.mean()
    # Sum over cells of n_ij^2 / n_i. appears in two coefficients.
    within_outer = np.sum(cell_sizes**2 / outer_sizes[cell_outer])
    return {
        "ss": (
            float(np.sum(outer_sizes * (outer_means - grand) ** 2)),
            float(np.sum(cell_sizes * (cell_means - outer_means[cell_outer]) ** 2)),
            float(np.sum((y - cell_means[cell_codes]) ** 2)),
        ),
        "df": (df_outer, df_inner, df_residual),
        "k_inner": (total - within_outer) / df_inner,
        "k_outer_inner": (within_outer - np.sum(cell_sizes**2) / total) / df_outer,
        "k_outer": (total - np.sum(outer_sizes**2) / total) / df_outer,
    }


def anova_nested(data: pd.DataFrame, response: str, outer: str, inner: str) -> pd.DataFrame:
    """ANOVA table of a two-stage nested random-effects design.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per observation.
    response : str
        Numeric response column.
    outer : str
        The outer random factor (``batch`` in ``pastes``).
    inner : str
        The inner random factor, nested in `outer` (``cask``). Its labels may
        repeat across outer levels, as lme4's ``(1 | outer/inner)`` allows:
        a level of `inner` is a pair (outer, inner).

    Returns
    -------
    pandas.DataFrame
        Rows `outer`, ``"inner:outer"`` and ``"Residual"``; columns ``df``,
        ``SS``, ``MS``, ``E[MS]``, ``F``, ``p``. The outer factor is tested
        against the inner mean square, the inner against the residual.

    Notes
    -----
    For :math:`y_{ijk} = \\mu + \\alpha_i + \\beta_{ij} + \\varepsilon_{ijk}` with
    :math:`n_{ij}` observations in cell :math:`ij`,
    :math:`n_{i\\cdot} = \\sum_j n_{ij}` and :math:`N = \\sum_{ij} n_{ij}`:

    .. math::

        \\begin{aligned}
        E[MS_A] &= \\sigma^2 + k_2 \\sigma^2_\\beta + k_3 \\sigma^2_\\alpha, &
        E[MS_{B(A)}] &= \\sigma^2 + k_1 \\sigma^2_\\beta, &
        E[MS_E] &= \\sigma^2,
        \\end{aligned}

    .. math::

        k_1 = \\frac{N - \\sum_{ij} n_{ij}^2 / n_{i\\cdot}}{df_{B(A)}}, \\quad
        k_2 = \\frac{\\sum_{ij} n_{ij}^2 / n_{i\\cdot} - \\sum_{ij} n_{ij}^2 / N}{df_A}, \\quad
        k_3 = \\frac{N - \\sum_i n_{i\\cdot}^2 / N}{df_A}

    (Searle, Casella & McCulloch 1992, section 3.6). For a balanced design
    with :math:`b` inner levels per outer level and :math:`n` replicates,
    :math:`k_1 = k_2 = n` and :math:`k_3 = bn`.

    Examples
    --------
    >>> import mmlib
    >>> table = mmlib.anova_nested(mmlib.load_data("pastes"), "strength", "batch", "cask")
    >>> table[["df", "MS"]].round(3)
                df      MS
    batch        9  27.489
    cask:batch  20  17.545
    Residual    30   0.678
    """
    parts = _nested(data, response, outer, inner)
    inner_name = f"{inner}:{outer}"
    (ss_outer, ss_inner, ss_residual), (df_outer, df_inner, df_residual) = parts["ss"], parts["df"]
    return _table([
        (outer, df_outer, ss_outer,
         _ems([(parts["k_outer_inner"], inner_name), (parts["k_outer"], outer)]), inner_name),
        (inner_name, df_inner, ss_inner, _ems([(parts["k_inner"], inner_name)]), "Residual"),
        ("Residual", df_residual, ss_residual, _ems([]), None),
    ])


def mom_nested(data: pd.DataFrame, response: str, outer: str, inner: str) -> pd.Series:
    """Method-of-moments variance components of a two-stage nested design.

    Parameters
    ----------
    data, response, outer, inner
        As for :func:`anova_nested`.

    Returns
    -------
    pandas.Series
        Variances indexed by ``"inner:outer"``, `outer` and ``"residual"``
        (lme4's order and names for ``(1 | outer/inner)``).

    Warns
    -----
    SingularFitWarning
        If a solution is negative; it is set to 0.

    Notes
    -----
    Solving the expected mean squares of :func:`anova_nested` from the
    bottom up:

    .. math::

        \\hat\\sigma^2 = MS_E, \\quad
        \\hat\\sigma^2_\\beta = \\frac{MS_{B(A)} - MS_E}{k_1}, \\quad
        \\hat\\sigma^2_\\alpha = \\frac{MS_A - MS_E - k_2 \\hat\\sigma^2_\\beta}{k_3}.

    The system is solved first and negative solutions are set to 0
    afterwards, so :math:`\\hat\\sigma^2_\\alpha` uses the untruncated
    :math:`\\hat\\sigma^2_\\beta`.

    Examples
    --------
    >>> import mmlib
    >>> mmlib.mom_nested(mmlib.load_data("pastes"), "strength", "batch", "cask").round(3)
    cask:batch    8.434
    batch         1.657
    residual      0.678
    Name: variance, dtype: float64
    """
    parts = _nested(data, response, outer, inner)
    ms_outer, ms_inner, ms_residual = np.divide(parts["ss"], parts["df"])
    s2_inner = (ms_inner - ms_residual) / parts["k_inner"]
    s2_outer = (ms_outer - ms_residual - parts["k_outer_inner"] * s2_inner) / parts["k_outer"]
    return _truncate_negative({f"{inner}:{outer}": s2_inner, outer: s2_outer, "residual": ms_residual})


# --- split plot -------------------------------------------------------------------

def _plain(value):
    """A level as Python prints it: 0.2 rather than np.float64(0.2)."""
    return value.item() if isinstance(value, np.generic) else value


def _split_plot_cube(data: pd.DataFrame, response: str, block: str, whole: str, split: str) -> np.ndarray:
    """The response as an array Y[block, whole, split], after checking the design."""
    y, codes, levels = _prepare(data, response, (block, whole, split))
    for name, level in zip((block, whole, split), levels):
        if len(level) < 2:
            raise ValueError(f"a split plot needs at least two levels of {name!r}, it has {len(level)}")
    shape = tuple(len(level) for level in levels)
    counts = np.zeros(shape, dtype=int)
    np.add.at(counts, tuple(codes), 1)
    for wrong, problem in ((counts == 0, "has no observation"), (counts > 1, "has more than one observation")):
        if wrong.any():
            cell = np.argwhere(wrong)[0]
            labels = ", ".join(
                f"{name}={_plain(level[i])!r}" for name, level, i in zip((block, whole, split), levels, cell)
            )
            raise ValueError(
                f"not a balanced split plot: the cell ({labels}) {problem}; every combination of "
                f"{block!r}, {whole!r} and {split!r} needs exactly one observation "
                f"({int((counts == 0).sum())} cells are empty, {int((counts > 1).sum())} are repeated). "
                f"Average replicates first, or fit the model with mmlib.lmer"
            )
    cube = np.empty(shape)
    cube[tuple(codes)] = y
    return cube


def split_plot_anova(data: pd.DataFrame, response: str, block: str, whole: str, split: str) -> pd.DataFrame:
    """ANOVA table of a balanced split-plot design, with expected mean squares.

    Each of :math:`r` blocks is divided into :math:`a` whole plots, which get
    the levels of the whole-plot factor A; each whole plot is divided into
    :math:`c` split plots, which get the levels of the split-plot factor C.

    Parameters
    ----------
    data : pandas.DataFrame
        Exactly one row per (block, whole, split) combination.
    response : str
        Numeric response column.
    block : str
        Block column (random).
    whole : str
        Whole-plot factor A (fixed).
    split : str
        Split-plot factor C (fixed); a numeric column is treated as a factor.

    Returns
    -------
    pandas.DataFrame
        Rows `block`, `whole`, ``"Error (whole plot)"``, `split`,
        ``"whole:split"`` and ``"Error (split plot)"``; columns ``df``,
        ``SS``, ``MS``, ``E[MS]``, ``F``, ``p``. Block and A are tested
        against the whole-plot error, C and A x C against the split-plot error.

    Raises
    ------
    ValueError
        If the data are not a balanced split plot; the message names a cell
        that is empty or repeated.

    Notes
    -----
    With :math:`\\sigma^2_b` (blocks), :math:`\\sigma^2_w` (whole plots) and
    :math:`\\sigma^2` (split plots, the residual):

    .. math::

        \\begin{array}{lll}
        \\text{source} & df & E[MS] \\\\
        \\text{Block} & r-1 & \\sigma^2 + c\\sigma^2_w + ac\\sigma^2_b \\\\
        \\text{A} & a-1 & \\sigma^2 + c\\sigma^2_w + \\phi(A) \\\\
        \\text{Error (whole plot)} & (r-1)(a-1) & \\sigma^2 + c\\sigma^2_w \\\\
        \\text{C} & c-1 & \\sigma^2 + \\phi(C) \\\\
        \\text{A} \\times \\text{C} & (a-1)(c-1) & \\sigma^2 + \\phi(AC) \\\\
        \\text{Error (split plot)} & a(r-1)(c-1) & \\sigma^2
        \\end{array}

    The sums of squares are those of the balanced factorial: for example
    :math:`SS_{\\text{Block}} = ac\\sum_k (\\bar y_{k\\cdot\\cdot} - \\bar y)^2`,
    :math:`SS_w = c \\sum_{k,i} (\\bar y_{ki\\cdot} - \\bar y_{k\\cdot\\cdot}
    - \\bar y_{\\cdot i\\cdot} + \\bar y)^2` (the Block x A interaction), and
    the split-plot error is what remains of the total.

    Examples
    --------
    >>> import mmlib
    >>> oats = mmlib.load_data("oats")
    >>> table = mmlib.split_plot_anova(oats, "yield", "Block", "Variety", "nitro")
    >>> table[["df", "SS"]].round(2)
                        df        SS
    Block                5  15875.28
    Variety              2   1786.36
    Error (whole plot)  10   6013.31
    nitro                3  20020.50
    Variety:nitro        6    321.75
    Error (split plot)  45   7968.75
    """
    cube = _split_plot_cube(data, response, block, whole, split)
    r, a, c = cube.shape
    grand = cube.mean()
    block_means = cube.mean(axis=(1, 2))
    whole_means = cube.mean(axis=(0, 2))
    split_means = cube.mean(axis=(0, 1))
    plot_means = cube.mean(axis=2)
    cell_means = cube.mean(axis=0)
    ss_block = a * c * np.sum((block_means - grand) ** 2)
    ss_whole = r * c * np.sum((whole_means - grand) ** 2)
    ss_whole_error = c * np.sum((plot_means - block_means[:, None] - whole_means[None, :] + grand) ** 2)
    ss_split = r * a * np.sum((split_means - grand) ** 2)
    ss_interaction = r * np.sum((cell_means - whole_means[:, None] - split_means[None, :] + grand) ** 2)
    ss_split_error = np.sum((cube - grand) ** 2) - ss_block - ss_whole - ss_whole_error - ss_split - ss_interaction
    whole_error, split_error = "Error (whole plot)", "Error (split plot)"
    return _table([
        (block, r - 1, ss_block, _ems([(c, "whole_plot"), (a * c, "block")]), whole_error),
        (whole, a - 1, ss_whole, _ems([(c, "whole_plot")], fixed=whole), whole_error),
        (whole_error, (r - 1) * (a - 1), ss_whole_error, _ems([(c, "whole_plot")]), None),
        (split, c - 1, ss_split, _ems([], fixed=split), split_error),
        (f"{whole}:{split}", (a - 1) * (c - 1), ss_interaction, _ems([], fixed=f"{whole}:{split}"), split_error),
        (split_error, a * (r - 1) * (c - 1), ss_split_error, _ems([]), None),
    ])


def mom_split_plot(data: pd.DataFrame, response: str, block: str, whole: str, split: str) -> pd.Series:
    """Method-of-moments variance components of a balanced split-plot design.

    Parameters
    ----------
    data, response, block, whole, split
        As for :func:`split_plot_anova`.

    Returns
    -------
    pandas.Series
        Variances indexed by ``"block"``, ``"whole_plot"`` (lme4's
        ``whole:block`` term) and ``"residual"``.

    Warns
    -----
    SingularFitWarning
        If a solution is negative; it is set to 0.

    Notes
    -----
    From the expected mean squares of :func:`split_plot_anova`:

    .. math::

        \\hat\\sigma^2 = MS_{E,\\text{split}}, \\quad
        \\hat\\sigma^2_w = \\frac{MS_{E,\\text{whole}} - MS_{E,\\text{split}}}{c}, \\quad
        \\hat\\sigma^2_b = \\frac{MS_{\\text{Block}} - MS_{E,\\text{whole}}}{ac}.

    On balanced data with no truncation these equal the REML estimates of
    ``lmer(response ~ whole * split + (1 | block/whole))``.

    Examples
    --------
    >>> import mmlib
    >>> oats = mmlib.load_data("oats")
    >>> mmlib.mom_split_plot(oats, "yield", "Block", "Variety", "nitro").round(2)
    block         214.48
    whole_plot    106.06
    residual      177.08
    Name: variance, dtype: float64
    """
    table = split_plot_anova(data, response, block, whole, split)
    a, c = table.at[whole, "df"] + 1, table.at[split, "df"] + 1
    ms_block = table.at[block, "MS"]
    ms_whole_error = table.at["Error (whole plot)", "MS"]
    ms_split_error = table.at["Error (split plot)", "MS"]
    return _truncate_negative({
        "block": (ms_block - ms_whole_error) / (a * c),
        "whole_plot": (ms_whole_error - ms_split_error) / c,
        "residual": ms_split_error,
    })
