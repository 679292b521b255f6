"""Model matrices for a linear mixed model: X, Z and the template of Lambda_theta.

Following Bates, Maechler, Bolker & Walker (2015, section 2), the model is

.. math::

    y = X\\beta + Z\\Lambda_\\theta u + \\varepsilon, \\qquad
    u \\sim N(0, \\sigma^2 I_q), \\qquad \\varepsilon \\sim N(0, \\sigma^2 I_n),

so the random effects are :math:`b = \\Lambda_\\theta u` with covariance
:math:`\\sigma^2 \\Lambda_\\theta \\Lambda_\\theta^\\top`. :func:`make_design` builds
everything that does not depend on the parameters: the response, :math:`X`,
the sparse :math:`Z`, the sparsity pattern of :math:`\\Lambda_\\theta^\\top` with the
map from its stored entries to :math:`\\theta`, the lower bounds of
:math:`\\theta`, and names for all of them in lme4's conventions.
"""

from __future__ import annotations

import difflib
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

from mmlib.formula import Effects, Terms, parse_formula

__all__ = ["Design", "ReTerm", "make_design", "fixed_matrix", "random_matrix"]


@dataclass(frozen=True)
class ReTerm:
    """One random-effects term of a design, e.g. ``(Days | Subject)``.

    Attributes
    ----------
    group : str
        Name of the grouping factor, ``'Subject'`` or ``'cask:batch'``.
    effects : Effects
        The model-matrix specification left of the bar.
    columns : tuple of str
        Names of the effects, e.g. ``('(Intercept)', 'Days')``.
    levels : tuple
        The groups, in the order of the columns of :math:`Z`.
    offset : int
        Index of this term's first column in :math:`Z` (and entry in u).
    theta_offset : int
        Index of this term's first element of theta.
    """

    group: str
    effects: Effects
    columns: tuple[str, ...]
    levels: tuple
    offset: int
    theta_offset: int

    @property
    def n_columns(self) -> int:
        """Number of effects per group (lme4's ``nc``)."""
        return len(self.columns)

    @property
    def n_theta(self) -> int:
        """Number of theta elements: the lower triangle of an ``nc x nc`` factor."""
        return self.n_columns * (self.n_columns + 1) // 2

    @property
    def size(self) -> int:
        """Number of columns of :math:`Z` for this term (levels times effects)."""
        return len(self.levels) * self.n_columns


@dataclass(frozen=True, eq=False)
class Design:
    """Everything about a linear mixed model that does not depend on theta.

    Attributes
    ----------
    terms : Terms
        The parsed formula.
    y : ndarray, shape (n,) or (n, 2)
        The response; two columns for ``cbind(successes, failures)``.
    X : ndarray, shape (n, p)
        The fixed-effects model matrix.
    Z : scipy.sparse.csc_array, shape (n, q)
        The random-effects model matrix.
    fixef_names : tuple of str
        Column names of X in R's ``model.matrix`` style.
    reterms : tuple of ReTerm
        Random-effects terms in lme4's order (decreasing number of levels).
    lambdat_template : scipy.sparse.csc_array, shape (q, q)
        Sparsity pattern of :math:`\\Lambda_\\theta^\\top` (upper triangular).
    lind : ndarray of int
        ``lambdat.data = theta[lind]`` gives :math:`\\Lambda_\\theta^\\top`.
    theta_lower : ndarray
        Lower bounds: 0 for diagonal elements, ``-inf`` for off-diagonal.
    theta_names : tuple of str
        lme4's names, e.g. ``'Subject.(Intercept)'``, ``'Subject.Days.(Intercept)'``.
    factor_levels : dict
        Levels of every factor used, to code new data the same way.
    fixef_keep : ndarray of int
        Columns of the full fixed-effects matrix kept (rank-deficient columns dropped).
    index : pandas.Index
        Row labels of the data rows used.
    """

    terms: Terms
    y: np.ndarray
    X: np.ndarray
    Z: sparse.csc_array
    fixef_names: tuple[str, ...]
    reterms: tuple[ReTerm, ...]
    lambdat_template: sparse.csc_array
    lind: np.ndarray
    theta_lower: np.ndarray
    theta_names: tuple[str, ...]
    factor_levels: dict
    fixef_keep: np.ndarray
    index: pd.Index

    @property
    def theta_start(self) -> np.ndarray:
        """lme4's starting value: 1 on the diagonal, 0 off it."""
        return np.where(self.theta_lower == 0, 1.0, 0.0)

    @property
    def theta_scale(self) -> np.ndarray:
        """A natural size for each element of theta.

        The elements in row r of a term's factor turn spherical effects into the random effect
        of column r (an intercept or a covariate x). Their size is of the order of 1 / rms(x),
        so that rescaling x (days to seconds) rescales them with it; for an intercept it is 1.
        """
        scale = np.ones(self.theta_lower.size)
        for term in self.reterms:
            nc = term.n_columns
            block = self.Z[:, term.offset:term.offset + term.size]
            rows, _ = np.tril_indices(nc)
            order = np.lexsort((rows, np.tril_indices(nc)[1]))  # lower triangle, column-wise
            for position, row in enumerate(rows[order]):
                values = np.asarray(block[:, row::nc].sum(axis=1)).ravel()
                rms = np.sqrt(np.mean(values**2))
                scale[term.theta_offset + position] = 1.0 / rms if rms > 0 else 1.0
        return scale

    @property
    def groups(self) -> dict[str, int]:
        """Number of levels of each grouping factor, once per factor, in lme4's order."""
        return {term.group: len(term.levels) for term in self.reterms}

    def lambdat(self, theta: np.ndarray) -> sparse.csc_array:
        """The relative covariance factor :math:`\\Lambda_\\theta^\\top` at ``theta``."""
        theta = np.asarray(theta, dtype=float)
        if theta.shape != self.theta_lower.shape:
            raise ValueError(f"theta must have {self.theta_lower.size} elements ({', '.join(self.theta_names)})")
        lambdat = self.lambdat_template.copy()
        lambdat.data = theta[self.lind]
        return lambdat


def make_design(formula: str | Terms, data: pd.DataFrame, observation_level: bool = False) -> Design:
    """Build the response, X, Z and the Lambda template for a mixed model.

    Parameters
    ----------
    formula : str or Terms
        An lme4 formula such as ``"Reaction ~ Days + (Days | Subject)"``.
    data : pandas.DataFrame
        The data; it is not modified. Rows with missing values in the columns
        the formula uses are dropped with a warning.
    observation_level : bool, default False
        Allow a grouping factor with one level per observation (an
        observation-level random effect), which a GLMM can estimate (glmer).

    Returns
    -------
    Design

    Raises
    ------
    TypeError
        If ``data`` is not a DataFrame.
    KeyError
        If the formula names a column that is not in ``data``.
    ValueError
        For an empty data set, a non-numeric or infinite response or numeric
        predictor, a grouping factor with fewer than two levels or with as many
        levels as observations, or a formula without random effects.

    Notes
    -----
    A term ``(x | g)`` with :math:`n_c` effects and :math:`\\ell` levels gives
    :math:`\\ell n_c` columns of :math:`Z`, grouped by level. Its block of
    :math:`\\Lambda_\\theta` repeats one lower-triangular :math:`n_c \\times n_c`
    matrix :math:`T` on the diagonal, whose lower triangle, read column by
    column, is this term's part of :math:`\\theta`:

    .. math::

        \\Lambda_\\theta = I_\\ell \\otimes T, \\qquad
        T = \\begin{pmatrix} \\theta_1 & 0 \\\\ \\theta_2 & \\theta_3 \\end{pmatrix}
        \\text{ for } n_c = 2.

    Terms are ordered by decreasing number of levels, as lme4 orders them.

    Examples
    --------
    >>> df = pd.DataFrame({"y": [1.0, 2.0, 3.0, 4.0, 6.0, 5.0],
    ...                    "x": [0.0, 1.0, 0.0, 1.0, 0.0, 1.0],
    ...                    "g": ["a", "a", "b", "b", "c", "c"]})
    >>> design = make_design("y ~ x + (x | g)", df)
    >>> design.X.shape, design.Z.shape, design.fixef_names
    ((6, 2), (6, 6), ('(Intercept)', 'x'))
    >>> design.theta_names
    ('g.(Intercept)', 'g.x.(Intercept)', 'g.x')
    >>> design.lambdat([1.0, 0.5, 2.0]).toarray()[:2, :2]
    array([[1. , 0.5],
           [0. , 2. ]])
    """
    terms = formula if isinstance(formula, Terms) else parse_formula(formula)
    if not terms.random:
        raise ValueError(
            f"the formula {terms.formula!r} has no random-effects term such as (1 | group); "
            "for a model without random effects use ordinary least squares "
            "(statsmodels.formula.api.ols)"
        )
    data = _used_rows(data, terms.variables)
    response_names = [name for column in terms.response for _, name in column]
    for name in response_names:
        if not pd.api.types.is_numeric_dtype(data[name]) or pd.api.types.is_bool_dtype(data[name]):
            raise ValueError(f"the response column {name!r} must be numeric; it has dtype {data[name].dtype}")
    predictors = [name for name in terms.variables if name not in response_names]
    factor_levels = {name: _levels(data[name]) for name in predictors if _is_factor(data[name])}
    for name in terms.variables:
        if name not in factor_levels and not np.all(np.isfinite(data[name].to_numpy(dtype=float))):
            raise ValueError(f"column {name!r} has infinite values; remove or replace them before fitting")

    y = np.column_stack([
        sum(sign * data[name].to_numpy(dtype=float) for sign, name in column) for column in terms.response
    ])
    y = y[:, 0] if y.shape[1] == 1 else y
    full_X, full_names = _model_matrix(terms.fixed, data, factor_levels)
    keep = _independent_columns(full_X)
    if keep.size < full_X.shape[1]:
        dropped = [full_names[j] for j in range(full_X.shape[1]) if j not in keep]
        warnings.warn(
            f"fixed-effect model matrix is rank deficient so dropping {len(dropped)} "
            f"column(s): {', '.join(dropped)}",
            UserWarning,
            stacklevel=3,
        )

    blocks = []
    for term in terms.random:
        levels, codes = _group_codes(data, term.group, factor_levels)
        if len(levels) < 2:
            raise ValueError(
                f"grouping factor {term.name!r} has {len(levels)} level; a random effect needs at least "
                "two groups (remove the term or use the factor as a fixed effect)"
            )
        if len(levels) >= len(data) and not observation_level:
            raise ValueError(
                f"grouping factor {term.name!r} has {len(levels)} levels for {len(data)} observations; "
                "the number of levels must be smaller than the number of observations"
            )
        matrix, columns = _model_matrix(term.effects, data, factor_levels)
        blocks.append((term, levels, codes, matrix, columns))
    n_levels = [len(block[1]) for block in blocks]
    if np.any(np.diff(n_levels) > 0):
        # lme4's mkReTrms: rev(order(nl)), so ties end up in reverse order
        order = np.argsort(n_levels, kind="stable")[::-1]
        blocks = [blocks[i] for i in order]

    reterms, z_parts, lambda_parts, theta_names = [], [], [], []
    offset = theta_offset = 0
    for term, levels, codes, matrix, columns in blocks:
        reterm = ReTerm(term.name, term.effects, tuple(columns), tuple(levels), offset, theta_offset)
        reterms.append(reterm)
        z_parts.append((matrix, codes, len(levels)))
        lambda_parts.append(_term_lambdat(reterm))
        for col in range(reterm.n_columns):
            for row in range(col, reterm.n_columns):
                label = columns[row] if row == col else f"{columns[row]}.{columns[col]}"
                theta_names.append(f"{term.name}.{label}")
        offset += reterm.size
        theta_offset += reterm.n_theta

    rows = np.concatenate([part[0] + reterm.offset for part, reterm in zip(lambda_parts, reterms)])
    cols = np.concatenate([part[1] + reterm.offset for part, reterm in zip(lambda_parts, reterms)])
    lind = np.concatenate([part[2] + reterm.theta_offset for part, reterm in zip(lambda_parts, reterms)])
    # carry the theta index through the COO -> CSC reordering by storing position + 1
    template = sparse.csc_array((np.arange(1.0, rows.size + 1), (rows, cols)), shape=(offset, offset))
    template.sort_indices()
    lind = lind[template.data.astype(int) - 1]
    theta_lower = np.concatenate([
        [0.0 if row == col else -np.inf for col in range(t.n_columns) for row in range(col, t.n_columns)]
        for t in reterms
    ])
    template.data = np.where(theta_lower == 0, 1.0, 0.0)[lind]
    return Design(
        terms=terms,
        y=y,
        X=full_X[:, keep],
        Z=_z_matrix(z_parts, len(data)),
        fixef_names=tuple(full_names[j] for j in keep),
        reterms=tuple(reterms),
        lambdat_template=template,
        lind=lind,
        theta_lower=theta_lower,
        theta_names=tuple(theta_names),
        factor_levels=factor_levels,
        fixef_keep=keep,
        index=data.index,
    )


def fixed_matrix(design: Design, newdata: pd.DataFrame) -> np.ndarray:
    """The fixed-effects model matrix X for new data, coded like the fitted data.

    Raises ``ValueError`` if a factor has a level that the model has not seen.
    """
    fixed = design.terms.fixed
    data = _used_rows(newdata, fixed.variables, drop_missing=False)
    matrix, _ = _model_matrix(fixed, data, design.factor_levels, strict=True)
    return matrix[:, design.fixef_keep]


def random_matrix(design: Design, newdata: pd.DataFrame) -> sparse.csc_array:
    """The random-effects model matrix Z for new data.

    Rows whose group was not in the fitted data get zeros for that term, so a
    prediction for a new group is the population-level prediction.
    """
    variables = tuple(dict.fromkeys(
        name for term in design.reterms for name in term.effects.variables + tuple(term.group.split(":"))
    ))
    data = _used_rows(newdata, variables, drop_missing=False)
    parts = []
    for term in design.reterms:
        matrix, _ = _model_matrix(term.effects, data, design.factor_levels, strict=True)
        codes = _codes_for_levels(data, term.group.split(":"), term.levels)
        parts.append((matrix, codes, len(term.levels)))
    return _z_matrix(parts, len(data))


class _Columns:
    """The columns of a data frame, each looked up once.

    pandas builds a new Series on every ``frame[name]``; a design reads each
    column several times, and for a small data set those look-ups cost more
    than the model matrices. Only reading is supported.
    """

    def __init__(self, frame: pd.DataFrame):
        self.frame = frame
        self.index = frame.index
        self._cache: dict = {}

    def __getitem__(self, name) -> pd.Series:
        column = self._cache.get(name)
        if column is None:
            column = self._cache[name] = self.frame[name]
        return column

    def __len__(self) -> int:
        return len(self.frame)


def _used_rows(data: pd.DataFrame, names: tuple[str, ...], drop_missing: bool = True) -> _Columns:
    """Check the data frame and its columns; the used columns of the complete rows, for reading."""
    if not isinstance(data, pd.DataFrame):
        raise TypeError(
            f"data must be a pandas DataFrame, not {type(data).__name__}; convert it with pd.DataFrame(...)"
        )
    missing = [name for name in names if name not in data.columns]
    if missing:
        hints = []
        for name in missing:
            close = difflib.get_close_matches(name, [str(c) for c in data.columns], n=1)
            hints.append(f"{name!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
        raise KeyError(
            f"column(s) {', '.join(hints)} not in the data; the columns are: "
            f"{', '.join(map(str, data.columns))}"
        )
    if len(data) == 0:
        raise ValueError("the data frame has no rows")
    columns = _Columns(data)
    missing_by_column = {name: columns[name].isna().to_numpy() for name in names}
    incomplete = np.logical_or.reduce([np.zeros(len(data), dtype=bool), *missing_by_column.values()])
    if not incomplete.any():
        return columns  # the caller's frame, only read: no copy needed
    used = data.loc[:, list(names)]
    columns = [name for name in names if missing_by_column[name].any()]
    if not drop_missing:
        raise ValueError(f"new data have missing values in column(s) {', '.join(columns)}; drop those rows first")
    if incomplete.all():
        raise ValueError(f"every row has a missing value in column(s) {', '.join(columns)}; nothing to fit")
    warnings.warn(
        f"dropped {int(incomplete.sum())} of {len(used)} rows with missing values in "
        f"column(s) {', '.join(columns)}",
        UserWarning,
        stacklevel=4,
    )
    return _Columns(used.loc[~incomplete])


def _is_factor(values: pd.Series) -> bool:
    """Categorical, string, object and boolean columns are factors, as in R."""
    return pd.api.types.is_bool_dtype(values) or not pd.api.types.is_numeric_dtype(values)


def _levels(values: pd.Series) -> tuple:
    """Observed levels in R's order: a categorical's own order, otherwise sorted."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes = values.array.codes  # the ndarray, without building a Series
        present = np.flatnonzero(np.bincount(codes[codes >= 0], minlength=len(values.dtype.categories)))
        return tuple(values.dtype.categories[present].tolist())  # tolist: no per-element boxing
    return tuple(sorted(values.unique()))


def _codes(values: pd.Series, levels: tuple) -> np.ndarray:
    """Position of each value among ``levels``; -1 where the value is not a level."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        # recode the few categories instead of looking up every value; code -1 (missing) picks the -1
        position = {level: k for k, level in enumerate(levels)}
        positions = np.array([position.get(c, -1) for c in values.dtype.categories.tolist()] + [-1])
        return positions[values.array.codes]
    return pd.Index(levels, dtype=object).get_indexer(values.to_numpy(dtype=object))


def _level_label(level) -> str:
    """A level as R prints it in a column name: TRUE/FALSE for booleans."""
    if isinstance(level, (bool, np.bool_)):
        return "TRUE" if level else "FALSE"
    return str(level)


def _group_codes(data: pd.DataFrame, group: tuple[str, ...], factor_levels: dict) -> tuple[tuple, np.ndarray]:
    """Levels and codes of a grouping factor, or of an interaction ``a:b`` of several.

    Levels of an interaction are the observed combinations, labelled ``'a1:b1'``,
    ordered with the first variable varying slowest (R's ``a:b`` for factors).
    """
    per_variable = []
    for name in group:
        levels = factor_levels.get(name) or _levels(data[name])
        per_variable.append((levels, _codes(data[name], levels)))
    if len(group) == 1:
        return per_variable[0]
    combined = np.zeros(len(data), dtype=np.int64)
    for levels, codes in per_variable:
        combined = combined * len(levels) + codes
    observed, codes = np.unique(combined, return_inverse=True)
    labels = []
    for value in observed:
        parts = []
        for levels, _ in reversed(per_variable):
            value, position = divmod(value, len(levels))
            parts.append(_level_label(levels[position]))
        labels.append(":".join(reversed(parts)))
    return tuple(labels), codes


def _codes_for_levels(data: pd.DataFrame, group: list[str], levels: tuple) -> np.ndarray:
    """Codes of (possibly new) data for a fitted grouping factor; -1 for new groups."""
    if len(group) == 1:
        return _codes(data[group[0]], levels)
    columns = [data[name].to_numpy(dtype=object) for name in group]
    labels = pd.Series([":".join(map(_level_label, values)) for values in zip(*columns)], dtype=object)
    return _codes(labels, levels)


def _model_matrix(
    effects: Effects, data: pd.DataFrame, factor_levels: dict, strict: bool = False
) -> tuple[np.ndarray, list[str]]:
    """R's model.matrix with treatment contrasts.

    A factor in a term is coded by contrasts (first level dropped) when the term
    without it is empty or contained in an earlier term, and by indicators
    otherwise; without an intercept the first factor gets indicators. This is
    R's rule (Chambers & Hastie 1992, p. 38). In an interaction the first
    variable's columns vary fastest. With ``strict``, a level not in
    ``factor_levels`` is an error (new data).
    """
    n = len(data)
    columns, names = [], []
    if effects.intercept:
        columns.append(np.ones((n, 1)))
        names.append("(Intercept)")
    indicators_for = None
    if not effects.intercept:
        indicators_for = next(
            ((j, name) for j, term in enumerate(effects.terms) for name in term if name in factor_levels), None
        )
    for j, term in enumerate(effects.terms):
        block, block_names = np.ones((n, 1)), [""]
        for name in term:
            if name in factor_levels:
                levels = factor_levels[name]
                if len(levels) < 2:
                    raise ValueError(
                        f"factor {name!r} has a single level ({_level_label(levels[0])}); "
                        "it cannot be a predictor: remove it from the formula"
                    )
                codes = _codes(data[name], levels)
                if strict and np.any(codes < 0):
                    new = sorted({str(v) for v in data[name][codes < 0]})
                    raise ValueError(
                        f"column {name!r} has level(s) {', '.join(new)} that the model was not fitted with"
                    )
                rest = set(term) - {name}
                contrasts = (j, name) != indicators_for and (
                    not rest or any(rest <= set(earlier) for earlier in effects.terms[:j])
                )
                used = range(1, len(levels)) if contrasts else range(len(levels))
                values = np.column_stack([codes == k for k in used]).astype(float)
                labels = [f"{name}{_level_label(levels[k])}" for k in used]
            else:
                values = data[name].to_numpy(dtype=float)[:, None]
                labels = [name]
            # the variable first in the term varies fastest, as in R
            block = (block[:, None, :] * values[:, :, None]).reshape(n, -1)
            block_names = [f"{old}:{new}" if old else new for new in labels for old in block_names]
        columns.append(block)
        names += block_names
    matrix = np.hstack(columns) if columns else np.zeros((n, 0))
    return matrix, names


def _independent_columns(X: np.ndarray, tolerance: float = 1e-7) -> np.ndarray:
    """Indices of the columns that are not linear combinations of earlier ones.

    Like R's ``qr()`` (LINPACK ``dqrdc2``), a column is dropped when its part
    orthogonal to the columns kept before it is tiny relative to its length,
    so the last of a set of dependent columns is the one dropped.
    """
    basis = np.zeros((X.shape[0], 0))
    keep = []
    for j in range(X.shape[1]):
        column = X[:, j]
        residual = column - basis @ (basis.T @ column)
        residual -= basis @ (basis.T @ residual)  # second pass for orthogonality
        norm = np.linalg.norm(residual)
        if norm > tolerance * max(np.linalg.norm(column), np.finfo(float).tiny):
            basis = np.column_stack([basis, residual / norm])
            keep.append(j)
    return np.array(keep, dtype=int)


def _z_matrix(blocks: list[tuple[np.ndarray, np.ndarray, int]], n: int) -> sparse.csc_array:
    """Z from its terms, each ``(matrix, codes, n_levels)``, built as one sparse matrix.

    A term's column ``level * nc + k`` holds effect k for that level's rows; its
    columns follow the previous term's. Rows whose code is -1 (a group the model
    was not fitted with) get no entries.
    """
    rows, cols, values = [], [], []
    offset = 0
    for matrix, codes, n_levels in blocks:
        n_columns = matrix.shape[1]
        known = codes >= 0
        rows.append(np.repeat(np.flatnonzero(known), n_columns))
        cols.append((offset + codes[known, None] * n_columns + np.arange(n_columns)).ravel())
        values.append(matrix[known].ravel())
        offset += n_levels * n_columns
    return sparse.csc_array(
        (np.concatenate(values), (np.concatenate(rows), np.concatenate(cols))), shape=(n, offset)
    )


def _term_lambdat(term: ReTerm) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows, columns and theta indices of one term's block of Lambda transposed."""
    n_columns = term.n_columns
    lower = [(row, col) for col in range(n_columns) for row in range(col, n_columns)]
    block_rows = np.array([col for row, col in lower])  # transposed: (col, row)
    block_cols = np.array([row for row, col in lower])
    starts = np.arange(len(term.levels)) * n_columns
    rows = (starts[:, None] + block_rows).ravel()
    cols = (starts[:, None] + block_cols).ravel()
    lind = np.tile(np.arange(len(lower)), len(term.levels))
    return rows, cols, lind
