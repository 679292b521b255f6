"""Complete, no and partial pooling: three answers to "one line or one per group?".

For data in groups :math:`j = 1, \\dots, J` and a regression formula such as
``Reaction ~ Days``, there are three ways to estimate each group's
coefficients (Gelman & Hill 2006, section 12.2):

* **complete pooling** ignores the groups: one ordinary least-squares fit to
  all the data, the same coefficients for every group;
* **no pooling** fits each group on its own: a separate least-squares fit per
  group, which knows nothing of the other groups;
* **partial pooling** fits the mixed model with a correlated random effect
  for every coefficient, ``y ~ x + (x | group)``: each group's coefficients are
  the fixed effects plus that group's conditional modes (lme4's ``coef()``),
  pulled from the no-pooling estimate towards the population.

:func:`pooling_table` returns all three side by side, in one long table that
the plots of :mod:`mmlib.plots` draw.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mmlib.design import _codes_for_levels, _independent_columns
from mmlib.formula import parse_formula
from mmlib.lmm import LMMResult, lmer

__all__ = ["pooling_table"]

METHODS = ("complete", "none", "partial")


def pooling_table(data: pd.DataFrame, formula: str, group: str) -> pd.DataFrame:
    """Estimate each group's coefficients by complete, no and partial pooling.

    Parameters
    ----------
    data : pandas.DataFrame
        The data, in long format (one row per observation). Rows with
        missing values in the columns used are dropped with a warning, for
        all three methods alike.
    formula : str
        A regression formula without random effects, e.g. ``"Reaction ~ Days"``.
    group : str
        The column that defines the groups, e.g. ``"Subject"``.

    Returns
    -------
    pandas.DataFrame
        Long format, columns ``group, method, term, estimate``: one row per
        group, method (``"complete"``, ``"none"``, ``"partial"``, in that
        order) and term (the columns of the fixed-effects design, named as
        in :attr:`mmlib.LMMResult.fixef`). The complete-pooling estimates are
        repeated for every group. A term a group's own data cannot estimate
        (a slope from one observation, a factor level the group lacks) is
        NaN under ``"none"``, as R's ``lm`` gives ``NA`` for it; never 0.

    Raises
    ------
    TypeError
        If `formula` or `group` is not a string.
    KeyError
        If `group` or a variable of the formula is not a column of `data`.
    ValueError
        If the formula already has random effects, or uses `group` itself.

    Warns
    -----
    SingularFitWarning, ConvergenceWarning
        From the partial-pooling fit, as :func:`mmlib.lmer` raises them.

    See Also
    --------
    mmlib.plots.pooling_plot, mmlib.plots.topographic_map

    Notes
    -----
    With :math:`X` the fixed-effects design and :math:`X_j, y_j` the rows of
    group :math:`j`:

    .. math::

        \\hat\\beta^{\\text{complete}} = (X^\\top X)^{-1} X^\\top y, \\qquad
        \\hat\\beta^{\\text{none}}_j = (X_j^\\top X_j)^{-1} X_j^\\top y_j, \\qquad
        \\hat\\beta^{\\text{partial}}_j = \\hat\\beta + \\tilde b_j,

    where :math:`\\hat\\beta` and :math:`\\tilde b_j` come from
    ``lmer(y ~ x + (x | group))`` fitted by REML. When :math:`X_j` has
    dependent columns, the later column of a dependent set is dropped and its
    coefficient is NaN (R's ``lm``). Partial pooling pulls the no-pooling
    estimates towards :math:`\\hat\\beta`, the more so the less data a group
    has, so their spread across groups shrinks.

    Examples
    --------
    >>> import mmlib
    >>> table = mmlib.pooling_table(mmlib.load_data("sleepstudy"), "Reaction ~ Days", "Subject")
    >>> table.head(3)  # doctest: +NORMALIZE_WHITESPACE
       group    method         term    estimate
    0    308  complete  (Intercept)  251.405105
    1    308  complete         Days   10.467286
    2    309  complete  (Intercept)  251.405105
    >>> spread = table.groupby(["method", "term"])["estimate"].std().unstack()
    >>> spread.loc[["none", "partial"]].round(2)  # doctest: +NORMALIZE_WHITESPACE
    term     (Intercept)  Days
    method
    none           28.95  6.56
    partial        21.60  5.46
    """
    if not isinstance(formula, str):
        raise TypeError(f"formula must be a string such as 'Reaction ~ Days', not {type(formula).__name__}")
    if not isinstance(group, str):
        raise TypeError(f"group must be the name of a column, such as 'Subject', not {type(group).__name__}")
    terms = parse_formula(formula)
    if terms.random:
        raise ValueError(
            f"the formula {formula!r} already has random effects; give the fixed part only "
            f"(e.g. 'Reaction ~ Days') and the grouping column as group="
        )
    if len(terms.response) != 1:
        raise ValueError(f"pooling needs a single numeric response, not {terms.response_label!r}")
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"data must be a pandas DataFrame, not {type(data).__name__}")
    if group not in data.columns:
        raise KeyError(f"group column {group!r} not in the data; the columns are: {', '.join(map(str, data.columns))}")
    if group in terms.fixed.variables:
        raise ValueError(
            f"the grouping column {group!r} is also a predictor in {formula!r}; remove it from the formula"
        )
    right = formula.split("~", 1)[1].strip()
    quoted = group if group.isidentifier() else f"`{group}`"
    # a fresh index, so that the rows the fit used can be found by label
    model = lmer(f"{formula} + ({right} | {quoted})", data.reset_index(drop=True))
    return _pooling_estimates(model)


def _pooling_estimates(model: LMMResult) -> pd.DataFrame:
    """The long pooling table for a fitted ``y ~ x + (x | g)`` model and its data."""
    design = model.design
    if len(design.reterms) != 1 or design.reterms[0].columns != design.fixef_names:
        raise ValueError(
            f"pooling needs a model with one random term that has the same columns as the fixed effects, "
            f"like 'y ~ x + (x | g)'; got {model.formula!r}"
        )
    if model.data is None:
        raise ValueError("the model does not carry its data (a refit); fit it with mmlib.lmer(formula, data)")
    if not model.data.index.is_unique:
        raise ValueError("the model's data have duplicate row labels; fit it to data.reset_index(drop=True)")
    term = design.reterms[0]
    codes = _codes_for_levels(model.data.loc[design.index], [term.group], term.levels)
    names = list(design.fixef_names)

    complete, *_ = np.linalg.lstsq(design.X, design.y, rcond=None)
    none = np.full((len(term.levels), len(names)), np.nan)
    for j in range(len(term.levels)):
        rows = codes == j
        estimable = _independent_columns(design.X[rows])
        none[j, estimable], *_ = np.linalg.lstsq(design.X[rows][:, estimable], design.y[rows], rcond=None)
    partial = model.coef[term.group][names].to_numpy()

    n_levels, n_terms = len(term.levels), len(names)
    estimates = np.concatenate([np.tile(complete, n_levels), none.ravel(), partial.ravel()])
    return pd.DataFrame({
        "group": pd.Series(term.levels).iloc[np.tile(np.repeat(np.arange(n_levels), n_terms), 3)].to_numpy(),
        "method": np.repeat(METHODS, n_levels * n_terms),
        "term": np.tile(names, 3 * n_levels),
        "estimate": estimates,
    })
