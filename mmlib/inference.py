"""Inference for fitted mixed models: tests, intervals, bootstrap and fit checks.

What R users get from lmerTest and lme4's extractors, built on :mod:`mmlib.lmm`:

* :func:`satterthwaite` and :func:`f_test`: t- and F-tests of fixed effects with
  Satterthwaite's denominator degrees of freedom (lmerTest's default), and
  :func:`anova` for a type-III table of one model or likelihood-ratio tests
  between several (lme4's ``anova``);
* :func:`confint`: Wald, profile-likelihood and bootstrap intervals, and
  :func:`profile`, the profile zeta curves behind them (lme4's ``profile``);
* :func:`bootstrap`: parametric (lme4's ``bootMer``) and case (resample whole
  groups) bootstraps of any statistic;
* :func:`check_convergence`, :func:`singularity` and :func:`all_fit`: the
  gradient and Hessian at the optimum, the rank of the random-effects
  covariance, and refits with other optimisers (lme4's ``allFit``).

Variance components are named as lme4 names them with ``oldNames = FALSE``:
``sd_(Intercept)|Subject``, ``cor_Days.(Intercept)|Subject``, ``sigma``
(see :func:`variance_parameters`).
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.optimize
import scipy.stats
from tqdm import tqdm

from mmlib.design import Design, _level_label, _model_matrix
from mmlib.exceptions import ConvergenceWarning, SingularFitWarning
from mmlib.formula import Effects
from mmlib.glmm import GLMMResult, glmer
from mmlib.lmm import (
    LMMResult,
    PLSSolution,
    _blas_controller,
    _criterion_with_gradient,
    _cross_products,
    _solve,
    _working_lambdat,
    deviance_function,
    fit_design,
    lmer,
    solve_pls,
)

__all__ = [
    "BootstrapResult",
    "all_fit",
    "anova",
    "bootstrap",
    "check_convergence",
    "confint",
    "f_test",
    "profile",
    "satterthwaite",
    "singularity",
    "type3_anova",
    "variance_parameters",
]


# --- shared helpers ------------------------------------------------------------------------
@contextlib.contextmanager
def _one_blas_thread() -> Iterator[None]:
    """Single-threaded BLAS: the matrices are small and threads only add synchronisation cost."""
    with _blas_controller().limit(limits=1, user_api="blas"):
        yield


def _require_lmm(fit, what: str) -> None:
    """Raise TypeError unless ``fit`` is a linear mixed model (not a GLMM)."""
    if not isinstance(fit, LMMResult):
        raise TypeError(f"{what} needs a fitted model from mmlib.lmer, not {type(fit).__name__}")
    if isinstance(fit, GLMMResult):
        raise TypeError(
            f"{what} is defined for linear mixed models (mmlib.lmer) only; for a GLMM use "
            "Wald tests (m.se), mmlib.anova between nested fits, or mmlib.bootstrap"
        )


def _pls_function(design: Design) -> Callable[[np.ndarray], PLSSolution]:
    """theta -> PLS solution, with the cross-products computed once (many calls per derivative)."""
    products = _cross_products(design)
    lambdat, update = _working_lambdat(design)

    def solution(theta: np.ndarray) -> PLSSolution:
        theta = np.asarray(theta, dtype=float)
        update(theta)
        return _solve(design, products, lambdat, theta)

    return solution


def _steps(x: np.ndarray, relative: float) -> np.ndarray:
    """Finite-difference steps: ``relative`` times |x|, or 1e-4 where x is near zero (as numDeriv)."""
    return np.where(np.abs(x) < 1e-4, 1e-4, relative * np.abs(x))


def _richardson(difference: Callable[[float], np.ndarray], levels: int = 4) -> np.ndarray:
    """Extrapolate a central difference D(h), whose error is a series in h^2, to h -> 0.

    ``difference(scale)`` evaluates the difference at the base step times
    ``scale``; the step is halved ``levels - 1`` times and the Richardson
    table eliminates the :math:`h^2, h^4, \\dots` error terms.
    """
    table = [difference(0.5**k) for k in range(levels)]
    for order in range(1, levels):
        factor = 4.0**order
        table = [(factor * fine - coarse) / (factor - 1.0) for coarse, fine in zip(table, table[1:])]
    return table[0]


def _hessian(function: Callable[[np.ndarray], float], x: np.ndarray, relative: float = 1e-2) -> np.ndarray:
    """Hessian of a scalar function by central second differences with Richardson extrapolation.

    Second differences lose half the digits to rounding, so the base step is
    large (1% of |x|; numDeriv uses 10%) and extrapolation removes the
    truncation error; steps of 1e-4 |x| leave errors near 1e-3 in
    Satterthwaite's df.
    """
    x = np.asarray(x, dtype=float)
    k = x.size
    base = _steps(x, relative)
    hessian = np.empty((k, k))
    for i in range(k):
        for j in range(i + 1):
            def difference(scale: float, i=i, j=j) -> float:
                ei = np.zeros(k)
                ej = np.zeros(k)
                ei[i] = base[i] * scale
                ej[j] = base[j] * scale
                # with i == j this is [f(x + 2h) - 2 f(x) + f(x - 2h)] / (4 h^2)
                total = function(x + ei + ej) - function(x + ei - ej) - function(x - ei + ej) + function(x - ei - ej)
                return total / (4.0 * ei[i] * ej[j])

            hessian[i, j] = hessian[j, i] = _richardson(difference)
    return hessian


def _jacobian(function: Callable[[np.ndarray], np.ndarray], x: np.ndarray, relative: float = 1e-4) -> np.ndarray:
    """Derivatives of an array-valued function, stacked on a new first axis (one per element of x)."""
    x = np.asarray(x, dtype=float)
    base = _steps(x, relative)
    derivatives = []
    for i in range(x.size):
        def difference(scale: float, i=i) -> np.ndarray:
            step = np.zeros(x.size)
            step[i] = base[i] * scale
            return (function(x + step) - function(x - step)) / (2.0 * step[i])

        derivatives.append(_richardson(difference))
    return np.stack(derivatives)


# --- variance parameters on the SD/correlation scale ----------------------------------------
def _lower_positions(n_columns: int) -> tuple[np.ndarray, np.ndarray]:
    """Rows and columns of a term's lower triangle in theta's (column-major) order."""
    upper_rows, upper_cols = np.triu_indices(n_columns)
    return upper_cols, upper_rows


def _parameter_names(design: Design, with_sigma: bool = True) -> list[str]:
    names = []
    for term in design.reterms:
        for row, col in zip(*_lower_positions(term.n_columns)):
            if row == col:
                names.append(f"sd_{term.columns[row]}|{term.group}")
            else:
                names.append(f"cor_{term.columns[row]}.{term.columns[col]}|{term.group}")
    return names + (["sigma"] if with_sigma else [])


def _natural_from_theta(design: Design, theta: np.ndarray, sigma: float) -> np.ndarray:
    """theta (and sigma) -> SDs and correlations in theta's order."""
    values = []
    for term in design.reterms:
        rows, cols = _lower_positions(term.n_columns)
        factor = np.zeros((term.n_columns, term.n_columns))
        factor[rows, cols] = theta[term.theta_offset: term.theta_offset + term.n_theta]
        covariance = sigma**2 * factor @ factor.T
        sd = np.sqrt(np.diag(covariance))
        for row, col in zip(rows, cols):
            if row == col:
                values.append(sd[row])
            else:
                values.append(covariance[row, col] / (sd[row] * sd[col]) if sd[row] * sd[col] > 0 else 0.0)
    return np.array(values)


def _psd_cholesky(correlation: np.ndarray, tol: float = 1e-10) -> np.ndarray | None:
    """Lower Cholesky factor of a positive semi-definite matrix (zero columns where it is singular).

    Returns None if the matrix is not positive semi-definite, e.g. three
    correlations that no covariance matrix can have.
    """
    k = correlation.shape[0]
    factor = np.zeros((k, k))
    for j in range(k):
        pivot = correlation[j, j] - factor[j, :j] @ factor[j, :j]
        if pivot < -tol:
            return None
        if pivot <= tol:
            continue
        factor[j, j] = np.sqrt(pivot)
        factor[j + 1:, j] = (correlation[j + 1:, j] - factor[j + 1:, :j] @ factor[j, :j]) / factor[j, j]
    return factor


def _theta_from_natural(design: Design, natural: np.ndarray, sigma: float) -> np.ndarray | None:
    """SDs and correlations (theta's order) -> theta; None if a correlation matrix is impossible."""
    theta = np.empty(design.theta_lower.size)
    for term in design.reterms:
        block = natural[term.theta_offset: term.theta_offset + term.n_theta]
        rows, cols = _lower_positions(term.n_columns)
        correlation = np.eye(term.n_columns)
        sd = np.zeros(term.n_columns)
        for value, row, col in zip(block, rows, cols):
            if row == col:
                sd[row] = value
            else:
                correlation[row, col] = correlation[col, row] = value
        root = _psd_cholesky(correlation)
        if root is None:
            return None
        factor = (sd / sigma)[:, None] * root
        theta[term.theta_offset: term.theta_offset + term.n_theta] = factor[rows, cols]
    return theta


def variance_parameters(fit: LMMResult) -> pd.Series:
    """Random-effect SDs and correlations and the residual SD, named as lme4 names them.

    Parameters
    ----------
    fit : LMMResult or GLMMResult

    Returns
    -------
    pandas.Series
        ``sd_<effect>|<group>`` and ``cor_<effect>.<effect>|<group>`` in the
        order of theta, then ``sigma`` (not for a GLMM, whose scale is fixed).

    Notes
    -----
    For each term the covariance of one group's effects is
    :math:`\\Sigma = \\sigma^2 T_\\theta T_\\theta^\\top`, with :math:`T_\\theta` the
    lower-triangular block of :math:`\\Lambda_\\theta`; the SDs are
    :math:`\\sqrt{\\Sigma_{ii}}` and the correlations
    :math:`\\Sigma_{ij} / \\sqrt{\\Sigma_{ii}\\Sigma_{jj}}`.

    Examples
    --------
    >>> import mmlib
    >>> m = mmlib.lmer("Reaction ~ Days + (Days | Subject)", mmlib.load_data("sleepstudy"))
    >>> variance_parameters(m).round(3).to_dict()
    {'sd_(Intercept)|Subject': 24.74, 'cor_Days.(Intercept)|Subject': 0.066, 'sd_Days|Subject': 5.922, 'sigma': 25.592}
    """
    return _estimates(fit).iloc[: -fit.pls.p or None]


def _estimate_values(fit: LMMResult) -> np.ndarray:
    """Variance parameters then fixed effects, as a plain array (the bootstrap's default statistic)."""
    values = _natural_from_theta(fit.design, fit.pls.theta, fit.sigma)
    if not isinstance(fit, GLMMResult):
        values = np.append(values, fit.sigma)
    return np.concatenate([values, fit.pls.beta])


def _estimates(fit: LMMResult) -> pd.Series:
    """Variance parameters then fixed effects: the rows of :func:`confint`, as in lme4."""
    names = _parameter_names(fit.design, with_sigma=not isinstance(fit, GLMMResult)) + list(fit.design.fixef_names)
    return pd.Series(_estimate_values(fit), index=names, name="estimate")


def _used_data(fit: LMMResult, what: str) -> pd.DataFrame:
    """The rows of the fit's data that the model used (rows with missing values left out)."""
    if fit.data is None:
        raise ValueError(
            f"{what} needs the data the model was fitted to; fit the model with mmlib.lmer or mmlib.glmer"
        )
    positions = np.flatnonzero(fit.data.index.isin(fit.design.index))
    if positions.size != fit.nobs:
        raise ValueError(
            f"{what} cannot tell which rows the model used because the data's row labels repeat; "
            "fit the model to data.reset_index(drop=True)"
        )
    return fit.data.iloc[positions]


# --- Satterthwaite degrees of freedom -----------------------------------------------------
@dataclass(frozen=True)
class _VarparDerivatives:
    """What Satterthwaite's approximation needs, at varpar = (theta, sigma)."""

    vcov: np.ndarray  # covariance of beta, p x p
    jacobian: np.ndarray  # d vcov / d varpar_k, shape (k, p, p)
    varpar_cov: np.ndarray  # asymptotic covariance of varpar, 2 H^-1


def _varpar_derivatives(fit: LMMResult) -> _VarparDerivatives:
    design, REML = fit.design, fit.REML
    solution = _pls_function(design)
    n, p = fit.nobs, fit.pls.p
    dof = n - p if REML else n

    def deviance(varpar: np.ndarray) -> float:
        pls = solution(varpar[:-1])
        sigma2 = varpar[-1] ** 2
        value = pls.logdet_L + dof * np.log(2.0 * np.pi * sigma2) + pls.pwrss / sigma2
        return value + pls.logdet_RX if REML else value

    def vcov(varpar: np.ndarray) -> np.ndarray:
        RX_inverse = np.linalg.inv(solution(varpar[:-1]).RX)
        return varpar[-1] ** 2 * RX_inverse @ RX_inverse.T

    varpar = np.append(fit.pls.theta, fit.sigma)
    with _one_blas_thread():
        hessian = _hessian(deviance, varpar)
        jacobian = _jacobian(vcov, varpar)
        covariance = vcov(varpar)
    eigenvalues, eigenvectors = np.linalg.eigh(hessian)
    tol = 1e-8 * max(1.0, float(np.max(np.abs(eigenvalues))))
    positive = eigenvalues > tol
    if not np.all(positive):
        warnings.warn(
            f"the Hessian of the {'REML' if REML else 'ML'} deviance in (theta, sigma) has "
            f"{int(np.sum(~positive))} eigenvalue(s) that are not positive; the model may not have "
            "converged or be singular, and the Satterthwaite degrees of freedom are uncertain",
            ConvergenceWarning,
            stacklevel=3,
        )
    inverse = (eigenvectors[:, positive] / eigenvalues[positive]) @ eigenvectors[:, positive].T
    return _VarparDerivatives(vcov=covariance, jacobian=jacobian, varpar_cov=2.0 * inverse)


def _contrast_matrix(fit: LMMResult, L, what: str) -> np.ndarray:
    """Coerce a contrast (vector or matrix over the fixed effects) to a 2-d float array."""
    names = list(fit.design.fixef_names)
    if isinstance(L, pd.Series):
        L = L.to_frame().T
    if isinstance(L, pd.DataFrame):
        missing = [c for c in L.columns if c not in names]
        if missing:
            raise KeyError(f"{what}: {missing} are not fixed effects; the fixed effects are {names}")
        L = L.reindex(columns=names, fill_value=0.0)
    matrix = np.atleast_2d(np.asarray(L, dtype=float))
    if matrix.ndim != 2 or matrix.shape[1] != len(names):
        raise ValueError(f"{what} needs {len(names)} columns, one per fixed effect ({', '.join(names)})")
    return matrix


def satterthwaite(fit: LMMResult, L=None) -> pd.DataFrame:
    """t-tests of fixed effects (or contrasts) with Satterthwaite degrees of freedom.

    Parameters
    ----------
    fit : LMMResult
        A fit from :func:`mmlib.lmer`, REML or ML.
    L : array_like or DataFrame, optional
        Contrasts, one per row, over the fixed effects; a DataFrame's columns
        name fixed effects (missing ones count as 0). Default: each fixed
        effect on its own.

    Returns
    -------
    pandas.DataFrame
        Columns ``term, estimate, se, df, t, p`` (two-sided p), one row per contrast.

    Notes
    -----
    For a contrast :math:`c`, the estimate :math:`c^\\top\\hat\\beta` has variance
    :math:`v(\\tau) = c^\\top V_\\beta(\\tau) c` with
    :math:`V_\\beta = \\sigma^2 (X^\\top V_\\theta^{-1} X)^{-1}`, a function of the
    variance parameters :math:`\\tau = (\\theta, \\sigma)`. Satterthwaite's
    approximation treats :math:`v(\\hat\\tau)` as a scaled :math:`\\chi^2` and
    matches its first two moments:

    .. math::

        \\nu = \\frac{2\\, v(\\hat\\tau)^2}{g^\\top A\\, g}, \\qquad
        g = \\frac{\\partial v}{\\partial \\tau}, \\qquad
        A = 2 H^{-1},

    where :math:`H` is the Hessian of the REML (or ML) deviance in
    :math:`\\tau` at the optimum, so :math:`A` is the asymptotic covariance of
    :math:`\\hat\\tau`. Derivatives are central differences with Richardson
    extrapolation, as lmerTest does (Kuznetsova, Brockhoff & Christensen 2017).

    Examples
    --------
    >>> import mmlib
    >>> m = mmlib.lmer("Reaction ~ Days + (Days | Subject)", mmlib.load_data("sleepstudy"))
    >>> satterthwaite(m).set_index("term")["df"].round(1).to_dict()
    {'(Intercept)': 17.0, 'Days': 17.0}
    """
    _require_lmm(fit, "satterthwaite")
    contrasts = np.eye(fit.pls.p) if L is None else _contrast_matrix(fit, L, "satterthwaite's L")
    if L is None:
        labels = list(fit.design.fixef_names)
    elif isinstance(L, pd.DataFrame):
        labels = [str(label) for label in L.index]
    else:
        labels = [f"contrast {i + 1}" for i in range(len(contrasts))]
    derivatives = _varpar_derivatives(fit)
    rows = []
    for label, c in zip(labels, contrasts):
        estimate = float(c @ fit.pls.beta)
        variance = float(c @ derivatives.vcov @ c)
        gradient = np.einsum("i,kij,j->k", c, derivatives.jacobian, c)
        df = 2.0 * variance**2 / float(gradient @ derivatives.varpar_cov @ gradient)
        t = estimate / np.sqrt(variance)
        rows.append((label, estimate, np.sqrt(variance), df, t, 2.0 * scipy.stats.t.sf(abs(t), df)))
    return pd.DataFrame(rows, columns=["term", "estimate", "se", "df", "t", "p"])


def _f_denominator_df(nu: np.ndarray) -> float:
    """Denominator df of the F statistic from the per-direction t df (Fai & Cornelius 1996)."""
    if nu.size == 1:
        return float(nu[0])
    if np.all(np.abs(np.diff(nu)) < 1e-8):
        return float(nu.mean())
    if np.any(nu <= 2):
        return 2.0
    expected = float(np.sum(nu / (nu - 2.0)))
    return 2.0 * expected / (expected - nu.size)


def f_test(fit: LMMResult, L) -> pd.Series:
    """F-test of :math:`L\\beta = 0` with Satterthwaite's denominator degrees of freedom.

    Parameters
    ----------
    fit : LMMResult
    L : array_like or DataFrame
        Contrast matrix, one row per hypothesis, one column per fixed effect.

    Returns
    -------
    pandas.Series
        ``F``, ``num_df`` (the rank of :math:`L`), ``den_df`` and ``p``.

    Notes
    -----
    With the eigen-decomposition :math:`L V_\\beta L^\\top = P D P^\\top` the
    statistic splits into :math:`q` independent t-statistics
    :math:`t_m = p_m^\\top L\\hat\\beta / \\sqrt{d_m}`, each with Satterthwaite df
    :math:`\\nu_m`; :math:`F = \\sum_m t_m^2 / q`. The denominator df matches
    the mean of :math:`qF` (Fai & Cornelius 1996, as lmerTest):

    .. math::

        E = \\sum_m \\frac{\\nu_m}{\\nu_m - 2}, \\qquad \\nu = \\frac{2E}{E - q}.

    Examples
    --------
    >>> import mmlib
    >>> m = mmlib.lmer("Reaction ~ Days + (Days | Subject)", mmlib.load_data("sleepstudy"))
    >>> round(float(f_test(m, [[0, 1]])["F"]), 2)
    45.85
    """
    _require_lmm(fit, "f_test")
    return _f_test(fit, _contrast_matrix(fit, L, "f_test's L"), _varpar_derivatives(fit))


def _f_test(fit: LMMResult, contrasts: np.ndarray, derivatives: _VarparDerivatives) -> pd.Series:
    covariance = contrasts @ derivatives.vcov @ contrasts.T
    eigenvalues, eigenvectors = np.linalg.eigh(covariance)
    keep = eigenvalues > 1e-8 * max(float(eigenvalues.max()), np.finfo(float).tiny)
    directions = eigenvectors[:, keep].T @ contrasts  # independent rows of L
    variances = eigenvalues[keep]
    t = directions @ fit.pls.beta / np.sqrt(variances)
    gradients = np.einsum("mi,kij,mj->mk", directions, derivatives.jacobian, directions)
    nu = 2.0 * variances**2 / np.einsum("mk,kl,ml->m", gradients, derivatives.varpar_cov, gradients)
    q = int(keep.sum())
    F = float(np.sum(t**2) / q)
    den_df = _f_denominator_df(nu)
    return pd.Series({"F": F, "num_df": q, "den_df": den_df, "p": float(scipy.stats.f.sf(F, q, den_df))})


def _term_columns(design: Design) -> dict[str, list[int]]:
    """Which columns of X belong to which fixed-effect term (R's ``assign``), intercept excluded."""
    def piece_matches(piece: str, variable: str) -> bool:
        if variable in design.factor_levels:
            return piece in {variable + _level_label(level) for level in design.factor_levels[variable]}
        return piece == variable

    columns: dict[str, list[int]] = {}
    for term in design.terms.fixed.terms:
        label = ":".join(term)
        columns[label] = [
            j for j, name in enumerate(design.fixef_names)
            if len(pieces := name.split(":")) == len(term) and all(map(piece_matches, pieces, term))
        ]
    return {label: cols for label, cols in columns.items() if cols}


def _zapsmall(values: np.ndarray, digits: int = 7) -> np.ndarray:
    """R's ``zapsmall``: round to ``digits`` significant digits of the largest absolute value."""
    largest = float(np.max(np.abs(values))) if values.size else 0.0
    if largest == 0.0:
        return values
    return np.round(values, max(0, digits - int(np.ceil(np.log10(largest)))))


def _containing_terms(design: Design) -> dict[str, list[str]]:
    """For each term, the terms that contain it (lmerTest's ``containment``).

    Term A is contained in term B if B has all of A's variables and more, and
    both have the same numeric variables: ``Variety`` is contained in
    ``Variety:N`` (N a factor), ``nitro`` in ``nitro:Variety``, but
    ``Variety`` is not contained in ``nitro:Variety`` (nitro numeric).
    """
    terms = [set(term) for term in design.terms.fixed.terms]
    labels = [":".join(term) for term in design.terms.fixed.terms]
    numeric = [{name for name in term if name not in design.factor_levels} for term in terms]
    return {
        label: [other for other, larger, larger_numeric in zip(labels, terms, numeric)
                if term < larger and term_numeric == larger_numeric]
        for label, term, term_numeric in zip(labels, terms, numeric)
    }


def _type1_contrasts(design: Design, columns: dict[str, list[int]]) -> dict[str, np.ndarray]:
    """Sequential (type-I) hypotheses: rows of the Cholesky factor of X'X scaled to a unit diagonal.

    lmerTest takes the Doolittle factorisation :math:`X^\\top X = LU` and uses
    the rows of :math:`L^\\top`; with :math:`X^\\top X = R^\\top R` that is
    :math:`\\operatorname{diag}(R)^{-1}R`. It does so for a model with a
    single term, where type I and type III test the same hypothesis.
    """
    R = np.linalg.cholesky(design.X.T @ design.X).T
    L = R / np.diag(R)[:, None]
    L[np.abs(L) < 1e-6] = 0.0  # as lmerTest's doolittle()
    return {label: L[cols] for label, cols in columns.items()}


def _type3_contrasts(fit: LMMResult, columns: dict[str, list[int]]) -> dict[str, np.ndarray]:
    """Type-III hypotheses for every term, independent of the coding (lmerTest's ``get_contrasts_type3``)."""
    design = fit.design
    data = _used_data(fit, "the type-III table")
    # every term coded by indicators of all its levels (R's model.matrix(~ 0 + term)):
    # the over-parametrised model matrix of SAS, with one column per cell
    blocks = [(np.ones((len(data), 1)), ["(Intercept)"])] if design.terms.fixed.intercept else []
    blocks += [_model_matrix(Effects(intercept=False, terms=(term,)), data, design.factor_levels)
               for term in design.terms.fixed.terms]
    full = np.hstack([block for block, _ in blocks])
    full_names = [name for _, names in blocks for name in names]
    empty = [name for name, column in zip(full_names, full.T) if not np.any(column)]
    if empty:
        warnings.warn(
            f"missing cells for: {', '.join(empty)}; interpret the type-III hypotheses with care",
            UserWarning,
            stacklevel=4,
        )
    missing = [name for name in design.fixef_names if name not in full_names]
    if missing:
        raise ValueError(
            f"type-III hypotheses need every column of X among the cells of its terms, and "
            f"{', '.join(missing)} is not; add the main effects of the interactions to the formula"
        )
    # row k: the cell column k of the full coding written in the columns of X
    L = _zapsmall(np.linalg.pinv(design.X) @ full).T
    containing = _containing_terms(design)
    by_order = sorted(columns, key=lambda label: len(label.split(":")), reverse=True)
    for label in by_order:
        others = [j for other in containing[label] for j in columns.get(other, [])]
        if others:
            # the hypothesis of a term is orthogonal to those of the terms containing it
            basis, target = L[:, others], L[:, columns[label]]
            coefficients, *_ = np.linalg.lstsq(basis, target, rcond=None)
            L[:, columns[label]] = _zapsmall(target - basis @ coefficients)
    L = L[[full_names.index(name) for name in design.fixef_names]]
    return {label: (rows := L[:, cols].T)[np.sum(np.abs(rows), axis=1) > 1e-8] for label, cols in columns.items()}


def type3_anova(fit: LMMResult) -> pd.DataFrame:
    """Type-III F-test of each fixed-effect term, with Satterthwaite df (lmerTest's ``anova(m)``).

    Parameters
    ----------
    fit : LMMResult
        A fit from :func:`mmlib.lmer` (its data are needed).

    Returns
    -------
    pandas.DataFrame
        Indexed by term: ``sum_sq``, ``mean_sq``, ``num_df``, ``den_df``, ``F``,
        ``p`` (lmerTest's Sum Sq, Mean Sq, NumDF, DenDF, F value, Pr(>F)).

    Warns
    -----
    UserWarning
        If some combination of factor levels in a term has no observations
        (missing cells), where type-III hypotheses are hard to interpret.

    Notes
    -----
    Each term is tested by :func:`f_test` with a hypothesis matrix :math:`L`
    built as SAS and lmerTest build type-III hypotheses, from the model
    matrix and not from the contrasts that code it:

    1. Code every term by indicators of all its cells, :math:`\\tilde X`
       (one column per level, or per combination of levels), and write those
       columns in the columns of :math:`X`: :math:`L = (X^+\\tilde X)^\\top`.
    2. From the highest-order terms down, replace a term's columns of
       :math:`L` by their residuals after projection on the columns of the
       terms that contain it (same numeric variables, more factors). The
       hypothesis of a main effect is then orthogonal to its interactions:
       it compares the levels averaged over the other factor's levels,
       whatever the reference levels are.

    A model with a single term is tested sequentially (type I), as lmerTest
    does; for one term both test the same hypothesis.
    :math:`\\text{Mean Sq} = F\\hat\\sigma^2` and
    :math:`\\text{Sum Sq} = q F \\hat\\sigma^2`, as in lmerTest.

    Examples
    --------
    >>> import mmlib
    >>> oats = mmlib.load_data("oats")
    >>> m = mmlib.lmer("yield ~ nitro * Variety + (1 | Block/Variety)", oats)
    >>> type3_anova(m)[["num_df", "den_df", "F"]].round(2)
                   num_df  den_df       F
    nitro             1.0   51.00  115.77
    Variety           2.0   21.57    1.94
    nitro:Variety     2.0   51.00    0.50
    """
    _require_lmm(fit, "type3_anova")
    columns = _term_columns(fit.design)
    if not columns:
        raise ValueError(f"the model {fit.formula!r} has no fixed-effect terms besides the intercept to test")
    if len(columns) == 1:
        contrasts = _type1_contrasts(fit.design, columns)
    else:
        contrasts = _type3_contrasts(fit, columns)
    derivatives = _varpar_derivatives(fit)
    rows = {}
    for label, L in contrasts.items():
        if L.shape[0] == 0:  # nothing left to test, as lmerTest's NA row
            rows[label] = (np.nan,) * 6
            continue
        test = _f_test(fit, L, derivatives)
        mean_sq = test["F"] * fit.sigma**2
        rows[label] = (mean_sq * test["num_df"], mean_sq, test["num_df"], test["den_df"], test["F"], test["p"])
    return pd.DataFrame.from_dict(rows, orient="index", columns=["sum_sq", "mean_sq", "num_df", "den_df", "F", "p"])


# --- likelihood-ratio tests ----------------------------------------------------------------
def _in_span(inner: np.ndarray, outer: np.ndarray) -> bool:
    """Whether every column of ``inner`` is a linear combination of the columns of ``outer``."""
    if inner.shape[1] == 0:
        return True
    if outer.shape[1] == 0:
        return False
    coefficients, *_ = np.linalg.lstsq(outer, inner, rcond=None)
    residual = np.linalg.norm(inner - outer @ coefficients, axis=0)
    return bool(np.all(residual <= 1e-8 * np.maximum(np.linalg.norm(inner, axis=0), 1.0)))


def _random_effects_by_group(fit: LMMResult) -> dict[str, set[str]]:
    effects: dict[str, set[str]] = {}
    for term in fit.design.reterms:
        effects.setdefault(term.group, set()).update(term.columns)
    return effects


def _check_nested(smaller: LMMResult, larger: LMMResult, names: tuple[str, str]) -> None:
    if smaller.npar == larger.npar:
        raise ValueError(
            f"models {names[0]} and {names[1]} have the same number of parameters ({smaller.npar}), "
            "so they are not nested and a likelihood-ratio test has 0 df; compare them by AIC/BIC instead"
        )
    if not _in_span(smaller.design.X, larger.design.X):
        raise ValueError(
            f"the fixed effects of {names[0]} ({', '.join(smaller.design.fixef_names)}) are not contained in "
            f"those of {names[1]} ({', '.join(larger.design.fixef_names)}): the models are not nested; "
            "compare them by AIC/BIC instead"
        )
    larger_effects = _random_effects_by_group(larger)
    for group, effects in _random_effects_by_group(smaller).items():
        if not effects <= larger_effects.get(group, set()):
            raise ValueError(
                f"the random effects of {names[0]} for {group!r} ({', '.join(sorted(effects))}) are not "
                f"contained in those of {names[1]}: the models are not nested; compare them by AIC/BIC instead"
            )


def _same_data(fits: Sequence[LMMResult], names: Sequence[str]) -> None:
    first = fits[0]
    for fit, name in zip(fits[1:], names[1:]):
        if fit.nobs != first.nobs:
            raise ValueError(
                f"models {names[0]} and {name} were fitted to different data ({first.nobs} vs {fit.nobs} "
                "observations), often because of missing values in a variable only one model uses; "
                "drop those rows first and refit both"
            )
        same_rows = fit.design.index.equals(first.design.index)
        if not same_rows or not np.array_equal(np.asarray(fit.design.y), np.asarray(first.design.y)):
            raise ValueError(
                f"models {names[0]} and {name} were fitted to different data (different rows or "
                "responses); a likelihood-ratio test needs the same observations of the same response"
            )


def _lrt_table(fits: Sequence[LMMResult], names: Sequence[str]) -> pd.DataFrame:
    npar = np.array([fit.npar for fit in fits])
    loglik = np.array([fit.loglik for fit in fits])
    chisq = np.r_[np.nan, 2.0 * np.maximum(0.0, np.diff(loglik))]
    df = np.r_[np.nan, np.diff(npar)]
    table = pd.DataFrame({
        "npar": npar,
        "AIC": [fit.aic for fit in fits],
        "BIC": [fit.bic for fit in fits],
        "logLik": loglik,
        "deviance": -2.0 * loglik,
        "Chisq": chisq,
        "Df": df,
        "p": scipy.stats.chi2.sf(chisq, df),
    }, index=pd.Index(list(names), name="model"))
    return table


def anova(*models: LMMResult, refit: bool = True, names: Sequence[str] | None = None) -> pd.DataFrame:
    """Likelihood-ratio tests between nested models, or a type-III table for one model.

    Parameters
    ----------
    *models : LMMResult or GLMMResult
        One model: its :func:`type3_anova` table. Two or more: nested fits to
        the same data, compared in order of their number of parameters.
    refit : bool, default True
        Refit REML fits by maximum likelihood first (with a warning that says
        so), as lme4 does. With ``refit=False`` REML fits are compared as they
        are, which is allowed only when their fixed effects are the same.
    names : sequence of str, optional
        Row labels; the formulas by default.

    Returns
    -------
    pandas.DataFrame
        lme4's table: ``npar, AIC, BIC, logLik, deviance, Chisq, Df, p``,
        where ``p`` is lme4's ``Pr(>Chisq)``.

    Raises
    ------
    ValueError
        Models fitted to different data; models that are not nested; REML
        fits with different fixed effects and ``refit=False``.

    Notes
    -----
    For nested models with :math:`k_0 < k_1` parameters and maximised
    log-likelihoods :math:`\\ell_0 \\le \\ell_1`,

    .. math::

        \\chi^2 = 2(\\ell_1 - \\ell_0) \\;\\dot\\sim\\; \\chi^2_{k_1 - k_0}

    under the smaller model. REML likelihoods of models with different fixed
    effects are likelihoods of different data (different residual
    contrasts) and cannot be compared. A test of a variance component against
    zero is on the boundary of the parameter space, where the
    :math:`\\chi^2` reference is conservative (its p-value is about twice too
    large for one variance).

    Examples
    --------
    >>> import mmlib
    >>> sleep = mmlib.load_data("sleepstudy")
    >>> m0 = mmlib.lmer("Reaction ~ 1 + (Days | Subject)", sleep, REML=False)
    >>> m1 = mmlib.lmer("Reaction ~ Days + (Days | Subject)", sleep, REML=False)
    >>> table = anova(m0, m1, names=["m0", "m1"])
    >>> table["npar"].tolist(), round(float(table.loc["m1", "Chisq"]), 2)
    ([5, 6], 23.54)
    """
    if not models:
        raise TypeError("anova needs at least one fitted model")
    for model in models:
        if not isinstance(model, LMMResult):
            raise TypeError(f"anova needs models from mmlib.lmer or mmlib.glmer, not {type(model).__name__}")
    if len(models) == 1:
        return type3_anova(models[0])
    if names is None:
        names = [model.formula for model in models]
    names = [str(name) for name in names]
    if len(names) != len(models) or len(set(names)) != len(names):
        raise ValueError(f"names must give {len(models)} different labels, one per model, not {names}")
    _same_data(models, names)
    order = sorted(range(len(models)), key=lambda i: models[i].npar)
    fits = [models[i] for i in order]
    names = [names[i] for i in order]
    for (smaller, small_name), (larger, large_name) in zip(zip(fits, names), zip(fits[1:], names[1:])):
        _check_nested(smaller, larger, (small_name, large_name))
    reml = [fit.REML for fit in fits]
    if any(reml) and refit:
        warnings.warn("refitting model(s) with ML (instead of REML)", UserWarning, stacklevel=2)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SingularFitWarning)  # already reported for the REML fit
            fits = [fit_design(fit.design, REML=False, start=fit.pls.theta, data=fit.data) if fit.REML else fit
                    for fit in fits]
    elif any(reml):
        if not all(reml) or any(not _in_span(fits[-1].design.X, fit.design.X) for fit in fits):
            raise ValueError(
                "REML fits can be compared only when their fixed effects are the same (and all are REML "
                "fits); use refit=True to compare maximum-likelihood fits"
            )
    return _lrt_table(fits, names)


# --- profile likelihood ---------------------------------------------------------------------
def _ml_fit(fit: LMMResult) -> LMMResult:
    if not fit.REML:
        return fit
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SingularFitWarning)
        return fit_design(fit.design, REML=False, start=fit.pls.theta, data=fit.data)


def _chosen_parameters(estimates: pd.Series, parm) -> list[str]:
    """The parameters named in ``parm`` (all if None), checked against the fit's."""
    names = list(estimates.index) if parm is None else list(parm)
    unknown = [name for name in names if name not in estimates.index]
    if unknown:
        raise KeyError(f"unknown parameter(s) {unknown}; the parameters are {list(estimates.index)}")
    return names


def _minimise_box(function: Callable, start: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> float:
    """Minimum of a smooth function of a few parameters within a box (L-BFGS-B)."""
    if start.size == 0:
        return float(function(start))
    bounds = scipy.optimize.Bounds(lower, upper)
    result = scipy.optimize.minimize(
        function, np.clip(start, lower, upper), method="L-BFGS-B", bounds=bounds,
        options={"ftol": 1e-13, "gtol": 1e-9, "maxiter": 2000},
    )
    return float(result.fun)


class _Profile:
    """The ML deviance profiled along one parameter at a time (lme4's ``profile``)."""

    def __init__(self, fit: LMMResult):
        self.fit = _ml_fit(fit)
        design = self.fit.design
        self.design = design
        self.solution = _pls_function(design)
        self.n = self.fit.nobs
        self.deviance_min = self.fit.deviance
        self.variance = variance_parameters(self.fit)
        names = list(self.variance.index)
        self.lower = np.array([-1.0 if name.startswith("cor_") else 0.0 for name in names])
        self.lower[-1] = 1e-8 * self.fit.sigma  # sigma > 0
        self.upper = np.array([1.0 if name.startswith("cor_") else np.inf for name in names])

    def _variance_deviance(self, natural: np.ndarray) -> float:
        """ML deviance at the SDs, correlations and sigma in ``natural``, beta profiled out."""
        sigma = natural[-1]
        theta = _theta_from_natural(self.design, natural[:-1], sigma)
        if theta is None:
            return 1e10  # no covariance matrix has these correlations
        try:
            pls = self.solution(theta)
        except np.linalg.LinAlgError:
            # a trial step of the optimiser with sigma near its bound makes theta = SD / sigma so
            # large that the factorisation fails; such a point is far from the profile's minimum
            return 1e10
        return pls.logdet_L + self.n * np.log(2.0 * np.pi * sigma**2) + pls.pwrss / sigma**2

    def _fixed_deviance(self, j: int, value: float, theta: np.ndarray) -> float:
        """ML deviance with beta_j = value, the other betas and sigma profiled out, at theta."""
        try:
            pls = self.solution(theta)
        except np.linalg.LinAlgError:
            return 1e10  # an extreme trial theta, as in _variance_deviance
        RX_inverse = np.linalg.inv(pls.RX)
        # the PWRSS is quadratic in beta: r2 + |R_X (beta - beta_hat)|^2, minimised over beta_-j
        pwrss = pls.pwrss + (value - pls.beta[j]) ** 2 / float(RX_inverse[j] @ RX_inverse[j])
        return pls.logdet_L + self.n * (1.0 + np.log(2.0 * np.pi * pwrss / self.n))

    def deviance(self, name: str, value: float) -> float:
        """The profiled deviance with parameter ``name`` held at ``value``."""
        names = list(self.variance.index)
        if name in names:
            k = names.index(name)
            free = np.arange(len(names)) != k
            start = self.variance.to_numpy().copy()

            def objective(others: np.ndarray) -> float:
                natural = start.copy()
                natural[free] = others
                natural[k] = value
                return self._variance_deviance(natural)

            return _minimise_box(objective, start[free], self.lower[free], self.upper[free])
        j = list(self.design.fixef_names).index(name)
        return _minimise_box(
            lambda theta: self._fixed_deviance(j, value, theta),
            self.fit.pls.theta, self.design.theta_lower, np.full(self.design.theta_lower.size, np.inf),
        )

    def zeta_squared(self, name: str, value: float) -> float:
        return self.deviance(name, value) - self.deviance_min

    def zeta(self, name: str, value: float) -> float:
        """The signed root deviance: sign(value - estimate) sqrt(d(value) - d_min)."""
        estimate = self.parameter_range(name)[0]
        # the minimisation over the other parameters can land a hair below d_min near the estimate
        return float(np.sign(value - estimate) * np.sqrt(max(0.0, self.zeta_squared(name, value))))

    def parameter_range(self, name: str) -> tuple[float, float, float, float]:
        """The estimate, the lower and upper bounds, and a natural step size of one parameter."""
        names = list(self.variance.index)
        if name in names:
            k = names.index(name)
            estimate = float(self.variance.iloc[k])
            return estimate, float(self.lower[k]), float(self.upper[k]), max(abs(estimate), 0.05) * 0.25
        return float(self.fit.fixef[name]), -np.inf, np.inf, float(self.fit.se[name])

    def limit(self, name: str, side: int, z: float) -> float:
        """The value on one side (-1 or +1) where the signed root deviance reaches ``side * z``."""
        estimate, lower, upper, scale = self.parameter_range(name)
        bound = lower if side < 0 else upper
        target = z**2

        def excess(value: float) -> float:
            return self.zeta_squared(name, value) - target

        near, step = estimate, scale
        for _ in range(60):
            far = estimate + side * step
            if (side < 0 and far <= bound) or (side > 0 and far >= bound):
                if excess(bound) <= 0:
                    return float(bound)  # the interval reaches the parameter's bound
                far = bound
            if excess(far) > 0:
                return float(scipy.optimize.brentq(excess, min(near, far), max(near, far), xtol=1e-10, rtol=1e-10))
            near, step = far, 2.0 * step
        raise RuntimeError(f"could not bracket the profile limit of {name}")  # pragma: no cover

    def curve(self, name: str, cutoff: float, step: float, max_points: int) -> list[tuple[float, float]]:
        """(value, zeta) pairs from the estimate outwards until |zeta| passes ``cutoff`` (lme4's walk).

        Each new value aims ``step`` further in zeta, by the secant through the
        last two points, as lme4's ``profile`` does; a step grows at most
        tenfold, and the walk stops at the parameter's bounds.
        """
        estimate, lower, upper, scale = self.parameter_range(name)
        points = [(estimate, 0.0)]
        for side, bound in ((-1, lower), (+1, upper)):
            if estimate == bound:
                continue  # e.g. an SD estimated as zero has no lower side
            # a first small move that tells the secant how fast zeta changes: 1 % of a variance
            # parameter (lme4's), ``step`` standard errors of a fixed effect
            if name in self.variance.index:
                first = 0.01 * abs(estimate) if estimate != 0 else 1e-3
            else:
                first = step * scale
            previous, value = (estimate, 0.0), float(np.clip(estimate + side * first, lower, upper))
            for _ in range(max_points):
                current = (value, self.zeta(name, value))
                points.append(current)
                if abs(current[1]) > cutoff or value == bound:
                    break
                last_move = abs(current[0] - previous[0])
                rise = abs(current[1]) - abs(previous[1])
                # as lme4, a step grows at most tenfold; where zeta did not grow (a flat
                # profile, or rounding), repeat the last step
                move = min(step * last_move / rise, 10.0 * last_move) if rise > 0 else last_move
                previous, value = current, float(np.clip(current[0] + side * move, lower, upper))
        return sorted(points)


def profile(
    fit: LMMResult,
    parm: Sequence[str] | None = None,
    alpha_max: float = 0.01,
    step: float = 1 / 8,
    max_points: int = 50,
) -> pd.DataFrame:
    """Profile zeta curves of the variance components and fixed effects (lme4's ``profile``).

    Parameters
    ----------
    fit : LMMResult
        A fit from :func:`mmlib.lmer`; a REML fit is profiled after a refit
        by maximum likelihood, as lme4 does.
    parm : sequence of str, optional
        Names from :func:`variance_parameters` (SDs, correlations, ``sigma``)
        or fixed effects, as in :func:`confint`; all by default.
    alpha_max : float, default 0.01
        How far out to go: each curve runs until :math:`|\\zeta|` passes
        :math:`\\sqrt{\\chi^2_{k}(1 - \\alpha_{\\max})}` with :math:`k` the number
        of parameters (lme4's ``alphamax``), or reaches a bound (an SD of 0,
        a correlation of :math:`\\pm 1`).
    step : float, default 1/8
        The spacing of the points in :math:`\\zeta`, as a fraction of that
        cutoff (lme4's ``delta.cutoff``).
    max_points : int, default 50
        At most this many points on each side of the estimate.

    Returns
    -------
    pandas.DataFrame
        Columns ``parameter``, ``value`` and ``zeta``, one row per point,
        sorted by value within each parameter (the estimate is the point with
        ``zeta == 0``). Draw it with :func:`mmlib.plots.plot_profile`.

    Notes
    -----
    For a parameter :math:`\\psi`, :math:`d(\\psi)` is the ML deviance
    minimised over all the other parameters with :math:`\\psi` held fixed,
    and

    .. math::

        \\zeta(\\psi) = \\operatorname{sign}(\\psi - \\hat\\psi)
            \\sqrt{d(\\psi) - d(\\hat\\psi)} .

    If the estimate were normally distributed (a quadratic log-likelihood)
    :math:`\\zeta` would be a straight line in :math:`\\psi`; curvature shows
    where Wald intervals mislead. The profile interval at level
    :math:`1-\\alpha` is where :math:`|\\zeta| \\le z_{1-\\alpha/2}`: these are
    the curves behind ``confint(method="profile")``, and the two share one
    implementation. Each new point aims one ``step`` further in
    :math:`\\zeta` along the secant through the last two, as lme4 does.

    Examples
    --------
    >>> import mmlib
    >>> m = mmlib.lmer("Reaction ~ Days + (1 | Subject)", mmlib.load_data("sleepstudy"))
    >>> curves = profile(m, parm=["Days"])
    >>> list(curves.columns), bool(curves["zeta"].is_monotonic_increasing)
    (['parameter', 'value', 'zeta'], True)
    >>> round(float(curves.loc[curves["zeta"] == 0, "value"].iloc[0]), 3)
    10.467
    """
    _require_lmm(fit, "profile")
    if not 0 < alpha_max < 1:
        raise ValueError(f"alpha_max must be between 0 and 1, not {alpha_max!r}")
    if not step > 0:
        raise ValueError(f"step must be positive, not {step!r}")
    if isinstance(max_points, bool) or not isinstance(max_points, (int, np.integer)) or max_points < 1:
        raise ValueError(f"max_points must be a positive integer, not {max_points!r}")
    estimates = _estimates(fit)
    names = _chosen_parameters(estimates, parm)
    cutoff = float(np.sqrt(scipy.stats.chi2.ppf(1.0 - alpha_max, estimates.size)))
    curves = _Profile(fit)
    with _one_blas_thread():
        rows = [(name, value, zeta) for name in names
                for value, zeta in curves.curve(name, cutoff, step * cutoff, max_points)]
    return pd.DataFrame(rows, columns=["parameter", "value", "zeta"])


def _level_columns(level: float) -> list[str]:
    tail = (1.0 - level) / 2.0
    return [f"{100 * tail:.3g} %", f"{100 * (1 - tail):.3g} %"]


def confint(
    fit: LMMResult,
    method: str = "profile",
    level: float = 0.95,
    parm: Sequence[str] | None = None,
    nsim: int = 500,
    seed: int | None = None,
    progress: bool = True,
) -> pd.DataFrame:
    """Confidence intervals for variance components and fixed effects (lme4's ``confint``).

    Parameters
    ----------
    fit : LMMResult
    method : {"profile", "wald", "boot"}
        ``"profile"``: profile likelihood (for REML fits, profiles of the ML
        refit, as lme4). ``"wald"``: estimate :math:`\\pm z\\,\\mathrm{se}`
        for fixed effects; variance components get NaN, as in lme4.
        ``"boot"``: percentile intervals of a parametric bootstrap.
    level : float, default 0.95
    parm : sequence of str, optional
        Names from :func:`variance_parameters` or fixed effects; all by default.
    nsim, seed, progress
        For ``method="boot"``: see :func:`bootstrap`.

    Returns
    -------
    pandas.DataFrame
        One row per parameter (variance parameters first), columns such as
        ``"2.5 %"`` and ``"97.5 %"``.

    Notes
    -----
    The profile interval of a parameter :math:`\\psi` is the set of values
    whose signed root deviance

    .. math::

        \\zeta(\\psi) = \\operatorname{sign}(\\psi - \\hat\\psi)
            \\sqrt{d(\\psi) - d(\\hat\\psi)}

    lies within :math:`\\pm z_{1 - \\alpha/2}`, where :math:`d(\\psi)` is the ML
    deviance minimised over all the other parameters. Unlike the Wald
    interval it need not be symmetric, which matters for SDs near zero.

    Examples
    --------
    >>> import mmlib
    >>> m = mmlib.lmer("Reaction ~ Days + (Days | Subject)", mmlib.load_data("sleepstudy"))
    >>> confint(m, method="wald").loc["Days"].round(2).tolist()
    [7.44, 13.5]
    """
    _require_lmm(fit, "confint")
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1, not {level!r}")
    estimates = _estimates(fit)
    names = _chosen_parameters(estimates, parm)
    columns = _level_columns(level)
    z = float(scipy.stats.norm.ppf(1.0 - (1.0 - level) / 2.0))
    method = method.lower()
    if method == "wald":
        se = fit.se.reindex(names)
        centre = estimates[names]
        return pd.DataFrame({columns[0]: centre - z * se, columns[1]: centre + z * se}, index=names)
    if method == "profile":
        profile = _Profile(fit)
        with _one_blas_thread():
            limits = [(profile.limit(name, -1, z), profile.limit(name, +1, z)) for name in names]
        return pd.DataFrame(limits, index=names, columns=columns)
    if method == "boot":
        result = bootstrap(fit, nsim, kind="parametric", seed=seed, progress=progress)
        return result.confint(level).loc[names]
    raise ValueError(f"method must be 'profile', 'wald' or 'boot', not {method!r}")


# --- bootstrap --------------------------------------------------------------------------------
@dataclass(frozen=True)
class BootstrapResult:
    """Replicates of a statistic from :func:`bootstrap`.

    Attributes
    ----------
    observed : pandas.Series
        The statistic on the original fit.
    replicates : pandas.DataFrame
        One row per replicate (NaN where the refit failed), one column per
        element of the statistic.
    kind : str
        ``"parametric"`` or ``"case"``.
    n_failed : int
        Refits that raised an error (excluded from intervals and SEs).
    n_singular, n_not_converged : int
        Refits that warned of a singular fit or of non-convergence (kept).
    errors : tuple of str
        The distinct error messages of the failed refits.
    """

    observed: pd.Series
    replicates: pd.DataFrame
    kind: str
    n_failed: int
    n_singular: int
    n_not_converged: int
    errors: tuple[str, ...]

    @property
    def se(self) -> pd.Series:
        """Bootstrap standard errors: the SD of the successful replicates."""
        return self.replicates.std(ddof=1).rename("se")

    @property
    def bias(self) -> pd.Series:
        """Mean of the replicates minus the observed statistic."""
        return (self.replicates.mean() - self.observed).rename("bias")

    def confint(self, level: float = 0.95) -> pd.DataFrame:
        """Percentile intervals: the (1 - level)/2 and (1 + level)/2 quantiles of the replicates."""
        if not 0 < level < 1:
            raise ValueError(f"level must be between 0 and 1, not {level!r}")
        tail = (1.0 - level) / 2.0
        quantiles = self.replicates.quantile([tail, 1.0 - tail]).T
        quantiles.columns = _level_columns(level)
        return quantiles

    def summary(self) -> pd.DataFrame:
        """Observed value, bias and SE per statistic, like R's ``print(bootMer(...))``."""
        return pd.DataFrame({"original": self.observed, "bias": self.bias, "std. error": self.se})

    def __repr__(self) -> str:
        n = len(self.replicates)
        return (
            f"<BootstrapResult: {self.kind} bootstrap, {n} replicates, {self.n_failed} failed, "
            f"{self.n_singular} singular, {self.n_not_converged} not converged>"
        )


def _as_series(value, names: list[str] | None = None) -> pd.Series:
    if isinstance(value, pd.Series):
        return value.astype(float)
    values = np.atleast_1d(np.asarray(value, dtype=float))
    if values.ndim != 1:
        raise ValueError("statistic must return a number, a 1-d array or a pandas Series")
    return pd.Series(values, index=names or [f"stat_{i + 1}" for i in range(values.size)])


def _case_group(fit: LMMResult, group: str | None) -> str:
    """The data column whose levels the case bootstrap resamples."""
    shared = set.intersection(*(set(term.group) for term in fit.design.terms.random))
    if group is None:
        if len(shared) != 1:
            raise ValueError(
                "the case bootstrap needs the grouping factor to resample: pass group= one of "
                f"{sorted({name for term in fit.design.terms.random for name in term.group})}"
            )
        return shared.pop()
    if group not in fit.data.columns:
        raise KeyError(f"group {group!r} is not a column of the data; the columns are {list(fit.data.columns)}")
    return group


def _case_sample(data: pd.DataFrame, group: str, rng: np.random.Generator) -> tuple[pd.DataFrame, np.ndarray]:
    """Whole groups drawn with replacement, and the positions of their rows in ``data``.

    A group drawn twice becomes two groups: the draws are relabelled ``"1"``,
    ``"2"``, ... so that the refit sees as many groups as the data have.
    """
    positions = pd.Series(np.arange(len(data))).groupby(data[group].to_numpy(), sort=True).indices
    levels = list(positions)
    draws = rng.integers(len(levels), size=len(levels))
    rows = np.concatenate([positions[levels[d]] for d in draws])
    labels = np.repeat([f"{i + 1}" for i in range(len(draws))], [len(positions[levels[d]]) for d in draws])
    return data.iloc[rows].reset_index(drop=True).assign(**{group: labels}), rows


def _case_refit(fit: LMMResult, group: str | None, rng: np.random.Generator) -> Callable[[], LMMResult]:
    """A function that refits the model to one case-bootstrap sample of its data."""
    data = _used_data(fit, "the case bootstrap")
    column = _case_group(fit, group)
    if isinstance(fit, GLMMResult):
        problem = fit.problem

        def replicate() -> LMMResult:
            sample, rows = _case_sample(data, column, rng)
            # weights and offset go along with their rows; cbind() responses carry their own trials
            weights = None if fit.design.y.ndim == 2 else problem.weights[rows]
            return glmer(fit.formula, sample, family=fit.family, nAGQ=fit.nAGQ, weights=weights,
                         offset=problem.offset[rows], start=fit.pls.theta)
    else:
        def replicate() -> LMMResult:
            return lmer(fit.formula, _case_sample(data, column, rng)[0], REML=fit.REML, start=fit.pls.theta)
    return replicate


def bootstrap(
    fit: LMMResult,
    nsim: int,
    kind: str = "parametric",
    statistic: Callable[[LMMResult], object] | None = None,
    seed: int | np.random.Generator | None = None,
    group: str | None = None,
    progress: bool = True,
) -> BootstrapResult:
    """Bootstrap a statistic of a mixed model: parametric (lme4's ``bootMer``) or by cases.

    Parameters
    ----------
    fit : LMMResult or GLMMResult
    nsim : int
        Number of replicates, at least 1.
    kind : {"parametric", "case"}
        ``"parametric"``: simulate new responses from the fitted model
        (:meth:`~mmlib.LMMResult.simulate`: new random effects and noise)
        and refit. ``"case"``: draw whole groups of the grouping factor with
        replacement, relabel them so that a group drawn twice counts as two
        groups, and refit (with :func:`~mmlib.lmer` or :func:`~mmlib.glmer`,
        as the model was fitted).
    statistic : callable, optional
        Function of a fit returning a number, array or Series; by default the
        variance parameters and fixed effects (the rows of :func:`confint`).
    seed : int or numpy Generator, optional
    group : str, optional
        For ``kind="case"``: the data column to resample; needed only when the
        random terms do not share one grouping column (for ``(1 | a/b)`` the
        shared, outermost factor ``a`` is resampled).
    progress : bool, default True
        Show a tqdm progress bar (lessons pass False to keep output stable).

    Returns
    -------
    BootstrapResult

    Warns
    -----
    ConvergenceWarning
        If refits failed; they are counted and left out of the intervals.

    Notes
    -----
    The parametric bootstrap draws :math:`y^* = X\\hat\\beta + Z\\Lambda_{\\hat\\theta}u^* +
    \\varepsilon^*` with :math:`u^*, \\varepsilon^*` normal, so it answers "how
    variable would the estimates be if the fitted model were true". The
    case bootstrap keeps each group's rows together: groups, not rows, are
    the independent units, and resampling single rows would treat correlated
    observations as independent and understate the uncertainty.

    Examples
    --------
    >>> import mmlib
    >>> m = mmlib.lmer("Reaction ~ Days + (1 | Subject)", mmlib.load_data("sleepstudy"))
    >>> boot = bootstrap(m, 20, statistic=lambda fit: fit.fixef, seed=1, progress=False)
    >>> boot.replicates.shape, boot.n_failed
    ((20, 2), 0)
    """
    if not isinstance(fit, LMMResult):
        raise TypeError(f"bootstrap needs a model from mmlib.lmer or mmlib.glmer, not {type(fit).__name__}")
    if isinstance(nsim, bool) or not isinstance(nsim, (int, np.integer)) or nsim < 1:
        raise ValueError(f"nsim must be a positive integer, not {nsim!r}")
    if kind not in ("parametric", "case"):
        raise ValueError(f"kind must be 'parametric' or 'case', not {kind!r}")
    observed = _as_series(_estimates(fit) if statistic is None else statistic(fit))
    statistic = _estimate_values if statistic is None else statistic
    rng = np.random.default_rng(seed)
    if kind == "case":
        replicate = _case_refit(fit, group, rng)
    else:
        def replicate() -> LMMResult:
            return fit.refit(fit.simulate(1, seed=rng).iloc[:, 0].to_numpy())

    values = np.full((nsim, observed.size), np.nan)
    errors: dict[str, None] = {}
    n_failed = n_singular = n_not_converged = 0
    with _one_blas_thread():
        for i in tqdm(range(nsim), disable=not progress, desc=f"{kind} bootstrap"):
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                try:
                    values[i] = _as_series(statistic(replicate()), list(observed.index)).to_numpy()
                except (np.linalg.LinAlgError, ValueError, FloatingPointError) as error:
                    n_failed += 1
                    errors[f"{type(error).__name__}: {error}"] = None
            n_singular += any(issubclass(w.category, SingularFitWarning) for w in caught)
            n_not_converged += any(issubclass(w.category, ConvergenceWarning) for w in caught)
    if n_failed:
        warnings.warn(
            f"{n_failed} of {nsim} bootstrap refits failed and are left out (first error: {next(iter(errors))})",
            ConvergenceWarning,
            stacklevel=2,
        )
    return BootstrapResult(
        observed=observed.rename("observed"),
        replicates=pd.DataFrame(values, columns=observed.index),
        kind=kind,
        n_failed=n_failed,
        n_singular=n_singular,
        n_not_converged=n_not_converged,
        errors=tuple(errors),
    )


# --- convergence and singular fits -------------------------------------------------------
def check_convergence(fit: LMMResult, tol: float = 2e-3, warn: bool = True) -> pd.Series:
    """Gradient and Hessian of the criterion at the optimum, as lme4 checks them.

    Parameters
    ----------
    fit : LMMResult
    tol : float, default 0.002
        lme4's ``check.conv.grad`` tolerance.
    warn : bool, default True
        Issue a :class:`~mmlib.exceptions.ConvergenceWarning` if a check fails.

    Returns
    -------
    pandas.Series
        ``max_grad`` (largest absolute gradient element, on the deviance scale),
        ``max_scaled_grad`` (lme4's ``max|grad|``: elementwise the smaller of the
        gradient and the gradient scaled by the Hessian), ``min_hessian_eigenvalue``
        and ``converged``. Elements of theta on their bound (a zero variance)
        are left out, as the gradient there need not vanish.

    Notes
    -----
    At a minimum :math:`\\hat\\theta` of the profiled criterion :math:`d(\\theta)`
    the gradient :math:`g` vanishes and the Hessian :math:`H` is positive
    definite. lme4 judges the gradient relative to the curvature: the
    Newton step :math:`H^{-1}g` is what the optimiser would still move, and its
    scaled version :math:`R^{-\\top}g` (with :math:`H = R^\\top R`) is compared with the
    tolerance. The gradient is exact; the Hessian is its derivative by
    Richardson-extrapolated central differences.

    Examples
    --------
    >>> import mmlib
    >>> m = mmlib.lmer("Reaction ~ Days + (Days | Subject)", mmlib.load_data("sleepstudy"))
    >>> bool(check_convergence(m)["converged"])
    True
    """
    _require_lmm(fit, "check_convergence")
    criterion = _criterion_with_gradient(fit.design, fit.REML)
    theta = fit.pls.theta
    interior = ~((fit.design.theta_lower == 0) & (theta <= 1e-8))
    with _one_blas_thread():
        gradient = criterion(theta)[1]
        hessian = _jacobian(lambda x: criterion(x)[1], theta)
    hessian = 0.5 * (hessian + hessian.T)[np.ix_(interior, interior)]
    gradient = gradient[interior]
    if gradient.size == 0:
        return pd.Series({"max_grad": 0.0, "max_scaled_grad": 0.0, "min_hessian_eigenvalue": np.nan, "converged": True})
    eigenvalues = np.linalg.eigvalsh(hessian)
    positive_definite = bool(eigenvalues.min() > 0)
    scaled = np.linalg.solve(np.linalg.cholesky(hessian), gradient) if positive_definite else gradient
    max_scaled = float(np.max(np.minimum(np.abs(scaled), np.abs(gradient))))
    converged = positive_definite and max_scaled < tol
    if warn and not converged:
        reason = (f"max|grad| = {max_scaled:.3g} (tol = {tol})" if positive_definite else
                  f"the Hessian has {int(np.sum(eigenvalues <= 0))} non-positive eigenvalue(s)")
        warnings.warn(f"the model failed to converge: {reason}", ConvergenceWarning, stacklevel=2)
    return pd.Series({
        "max_grad": float(np.max(np.abs(gradient))),
        "max_scaled_grad": max_scaled,
        "min_hessian_eigenvalue": float(eigenvalues.min()),
        "converged": converged,
    })


def _term_ranks(design: Design, theta: np.ndarray, tol: float) -> list[tuple[int, float, bool]]:
    """Per random term: rank of its covariance, smallest diagonal of T_theta, and whether it is singular."""
    results = []
    for term in design.reterms:
        if term.n_columns == 1:  # a scalar term: its theta is the relative SD
            value = abs(float(theta[term.theta_offset]))
            results.append((int(value >= tol), value, value < tol))
            continue
        positions = _lower_positions(term.n_columns)
        factor = np.zeros((term.n_columns, term.n_columns))
        factor[positions] = theta[term.theta_offset: term.theta_offset + term.n_theta]
        min_diagonal = float(np.min(np.diag(factor)))
        sd = np.sqrt(np.sum(factor**2, axis=1))  # SDs relative to sigma
        varying = factor[sd >= tol] / sd[sd >= tol, None]
        rank = int(np.sum(np.linalg.eigvalsh(varying @ varying.T) >= tol)) if varying.size else 0
        results.append((rank, min_diagonal, min_diagonal < tol or rank < term.n_columns))
    return results


def singularity(fit: LMMResult, tol: float = 1e-4) -> pd.DataFrame:
    """The rank of each random-effects covariance matrix: which terms make a fit singular.

    Parameters
    ----------
    fit : LMMResult or GLMMResult
    tol : float, default 1e-4
        lme4's ``isSingular`` tolerance on the diagonal of :math:`T_\\theta`,
        also used for SDs (relative to :math:`\\sigma`) and for the
        eigenvalues of the correlation matrix.

    Returns
    -------
    pandas.DataFrame
        One row per random term: ``group``, ``effects``, ``n_effects``,
        ``rank`` (of :math:`\\sigma^2 T_\\theta T_\\theta^\\top`), ``min_diagonal``
        (smallest diagonal element of :math:`T_\\theta`) and ``singular``.
        ``attrs["rank"]`` and ``attrs["q"]`` give the rank and size of the whole
        :math:`\\sigma^2 \\Lambda_\\theta\\Lambda_\\theta^\\top`.

    Notes
    -----
    :math:`\\Lambda_\\theta` repeats one lower-triangular block :math:`T_\\theta`
    per level, so :math:`\\operatorname{rank}(\\Lambda_\\theta\\Lambda_\\theta^\\top)`
    is the sum over terms of levels times the rank of the term's covariance.
    That rank is counted free of the predictors' units: effects whose SD
    (relative to :math:`\\sigma`) is below ``tol`` count as zero, and the rest
    contribute the eigenvalues of their correlation matrix above ``tol``.
    A term is singular if its rank is short of its number of effects (a
    variance of zero, or correlations of :math:`\\pm 1`), or if a diagonal
    element of :math:`T_\\theta` is below ``tol`` (lme4's ``isSingular``). The
    correlation check also catches an optimiser that stops short of the
    boundary, where lme4's rule alone does not.

    Examples
    --------
    >>> import mmlib
    >>> m = mmlib.lmer("Reaction ~ Days + (Days | Subject)", mmlib.load_data("sleepstudy"))
    >>> singularity(m)[["group", "n_effects", "rank", "singular"]]
         group  n_effects  rank  singular
    0  Subject          2     2     False
    """
    rows, total_rank = [], 0
    for term, (rank, min_diagonal, singular) in zip(fit.design.reterms, _term_ranks(fit.design, fit.pls.theta, tol)):
        total_rank += rank * len(term.levels)
        rows.append((term.group, ", ".join(term.columns), term.n_columns, rank, min_diagonal, singular))
    table = pd.DataFrame(rows, columns=["group", "effects", "n_effects", "rank", "min_diagonal", "singular"])
    table.attrs.update(rank=total_rank, q=int(fit.design.lambdat_template.shape[0]))
    return table


def is_singular(fit: LMMResult, tol: float = 1e-4) -> bool:
    """Whether any random term is singular (see :func:`singularity`); :meth:`LMMResult.is_singular`."""
    return any(singular for *_, singular in _term_ranks(fit.design, fit.pls.theta, tol))


_OPTIMIZERS = ("L-BFGS-B", "Nelder-Mead", "Powell", "TNC", "SLSQP", "trust-constr")


def all_fit(fit: LMMResult, optimizers: Sequence[str] = _OPTIMIZERS) -> pd.DataFrame:
    """Refit a model with several optimisers and tabulate the results side by side (lme4's ``allFit``).

    If all optimisers agree, a convergence warning was a false alarm; if they
    disagree, the fit is not to be trusted.

    Parameters
    ----------
    fit : LMMResult
    optimizers : sequence of str
        Methods of :func:`scipy.optimize.minimize` that accept bounds. Each
        starts from lme4's default theta; ``"L-BFGS-B"`` uses the exact
        gradient (mmlib's default fit), the others evaluate the criterion only
        (or its finite differences).

    Returns
    -------
    pandas.DataFrame
        One row per optimiser: ``converged`` (lme4's gradient check),
        ``criterion`` (REML criterion or deviance), ``logLik``, ``max_grad``,
        ``evaluations``, the fixed effects, and the variance parameters.
        ``message`` holds the error if an optimiser failed.

    Examples
    --------
    >>> import mmlib
    >>> m = mmlib.lmer("Reaction ~ Days + (Days | Subject)", mmlib.load_data("sleepstudy"))
    >>> table = all_fit(m, optimizers=["L-BFGS-B", "Nelder-Mead"])
    >>> table["logLik"].round(2).tolist()
    [-871.81, -871.81]
    """
    _require_lmm(fit, "all_fit")
    design = fit.design
    rows = {}
    for name in optimizers:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the table reports convergence; the optimisers' own chatter is noise
            try:
                if name == "L-BFGS-B":
                    refit = fit_design(design, REML=fit.REML, data=fit.data)
                    evaluations = int(refit.optimizer.nfev)
                else:
                    criterion = deviance_function(design, fit.REML)
                    bounds = scipy.optimize.Bounds(design.theta_lower, np.full(design.theta_lower.size, np.inf))
                    with _one_blas_thread():
                        result = scipy.optimize.minimize(criterion, design.theta_start, method=name, bounds=bounds)
                        theta = np.where(np.abs(result.x) < 1e-10, 0.0, result.x)
                        solution = solve_pls(design, theta)
                    refit = LMMResult(design=design, REML=fit.REML, pls=solution, data=fit.data, optimizer=result)
                    evaluations = int(result.nfev)
                check = check_convergence(refit, warn=False)
            except (ValueError, np.linalg.LinAlgError) as error:
                rows[name] = {"converged": False, "message": f"{type(error).__name__}: {error}"}
                continue
        rows[name] = {
            "converged": bool(check["converged"]),
            "criterion": refit.deviance,
            "logLik": refit.loglik,
            "max_grad": check["max_scaled_grad"],
            "evaluations": evaluations,
            **refit.fixef.to_dict(),
            **variance_parameters(refit).to_dict(),
            "message": "",
        }
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "optimizer"
    return table
