"""Generalised linear mixed models fitted by maximum likelihood, as lme4's ``glmer``.

A GLMM for a binomial or count response has a linear predictor with random
effects, :math:`\\eta = X\\beta + Z\\Lambda_\\theta u` with :math:`u \\sim N(0, I_q)`,
a link :math:`\\mu = g^{-1}(\\eta)` and a conditional distribution
:math:`y_i \\mid u` from an exponential family (:mod:`mmlib.links`). Its
likelihood is an integral over the random effects,

.. math::

    L(\\theta, \\beta) = \\int f(y \\mid u; \\theta, \\beta)\\, \\phi_q(u)\\, du,

with no closed form. lme4 (Bates, Maechler, Bolker & Walker 2015) and this
module approximate it in three steps:

1. *PIRLS* (:func:`pirls`): penalised iteratively reweighted least squares
   finds the conditional mode :math:`\\tilde u` that minimises the penalised
   deviance :math:`\\sum_i d_i(u) + \\|u\\|^2`;
2. the *Laplace approximation* replaces the integrand by a Gaussian at
   :math:`\\tilde u`; with *adaptive Gauss-Hermite quadrature* (``nAGQ > 1``,
   one scalar random effect only) the one-dimensional integral of each group
   is summed over quadrature nodes placed around that group's mode
   (:func:`glmm_deviance`);
3. a bounded optimiser minimises the approximate deviance, first over
   :math:`\\theta` with :math:`\\beta` updated inside PIRLS, then over
   :math:`(\\theta, \\beta)` together (:func:`glmer`).
"""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd
import scipy.linalg
import scipy.optimize
import scipy.sparse.linalg
import scipy.special
import scipy.stats
from scipy import sparse

from mmlib import links
from mmlib.design import Design, fixed_matrix, make_design, random_matrix
from mmlib.exceptions import ConvergenceWarning, SingularFitWarning
from mmlib.lmm import (
    LMMResult,
    PLSSolution,
    Summary,
    _abbreviate,
    _blas_controller,
    _format_numbers,
    _make_unique,
    _table,
)

__all__ = ["GLMMProblem", "GLMMResult", "PIRLSSolution", "fit_problem", "glmer", "glmm_deviance", "make_problem", "pirls"]

_FAMILIES = ("binomial", "poisson")


@dataclass(frozen=True, eq=False)
class GLMMProblem:
    """A design with its family and the response on the family's scale.

    Attributes
    ----------
    design : Design
        Model matrices from :func:`mmlib.design.make_design`.
    family : mmlib.links.Family
        Binomial or Poisson, with its link.
    y : ndarray
        The response: proportions of successes (binomial) or counts.
    weights : ndarray
        Prior weights: numbers of trials (binomial) or frequency weights.
    offset : ndarray
        A known term added to the linear predictor.
    saturated : float
        :math:`-2` times the log-likelihood of the saturated model
        (:math:`\\mu = y`), the constant that turns deviances into
        :math:`-2\\log f(y \\mid u)` with binomial coefficients and
        :math:`\\log y!` included.
    """

    design: Design
    family: links.Family
    y: np.ndarray
    weights: np.ndarray
    offset: np.ndarray
    saturated: float

    @cached_property
    def quadrature_groups(self) -> np.ndarray:
        """Group of each observation for a single scalar random effect; -1 where Z is zero."""
        coo = self.design.Z.tocoo()
        nonzero = coo.data != 0
        groups = np.full(self.design.Z.shape[0], -1)
        groups[coo.row[nonzero]] = coo.col[nonzero]
        return groups

    @cached_property
    def _z_entries(self) -> tuple[np.ndarray, ...]:
        """Nonzero entries of Z (rows, columns, values) and every pair of entries within a row.

        The pairs give :math:`Z^\\top W Z` as one weighted ``bincount`` per
        PIRLS step: its element (j, k) sums :math:`z_{ij} w_i z_{ik}` over rows i.
        """
        n, q = self.design.Z.shape
        coo = self.design.Z.tocsr().tocoo()  # entries sorted by row
        keep = coo.data != 0
        rows, cols, values = coo.row[keep], coo.col[keep], coo.data[keep]
        counts = np.bincount(rows, minlength=n)
        row_starts = np.cumsum(counts) - counts
        repeats = counts[rows]
        first = np.repeat(np.arange(rows.size), repeats)
        within_row = np.arange(first.size) - np.repeat(np.cumsum(repeats) - repeats, repeats)
        second = row_starts[rows[first]] + within_row
        return rows, cols, values, rows[first], cols[first] * q + cols[second], values[first] * values[second]

    def z_times(self, b: np.ndarray) -> np.ndarray:
        """:math:`Z b`."""
        rows, cols, values = self._z_entries[:3]
        return np.bincount(rows, values * b[cols], minlength=self.design.Z.shape[0])

    def zt_times(self, r: np.ndarray) -> np.ndarray:
        """:math:`Z^\\top r`."""
        rows, cols, values = self._z_entries[:3]
        return np.bincount(cols, values * r[rows], minlength=self.design.Z.shape[1])

    def ztwz(self, W: np.ndarray) -> np.ndarray:
        """:math:`Z^\\top \\operatorname{diag}(W) Z` as a dense matrix."""
        q = self.design.Z.shape[1]
        pair_rows, pair_positions, pair_products = self._z_entries[3:]
        return np.bincount(pair_positions, pair_products * W[pair_rows], minlength=q * q).reshape(q, q)

    def conditional_deviance(self, mu: np.ndarray) -> np.ndarray:
        """:math:`-2\\log f(y_i \\mid u)` per observation, without the saturated constant."""
        return self.weights * self.family.unit_deviance(self.y, mu)


# Above this many random effects the system matrix is factored as a sparse matrix.
_SPARSE_FROM = 200


@dataclass(frozen=True, eq=False)
class _Factor:
    """A factorisation of the symmetric positive-definite :math:`A = \\Lambda^\\top Z^\\top W Z \\Lambda + I`."""

    A: np.ndarray | sparse.csc_array
    solve: Callable[[np.ndarray], np.ndarray]
    logdet: float


def _factorise(A) -> _Factor:
    """Dense Cholesky for small A; sparse LU (fill-reducing ordering) for large, sparse A."""
    if sparse.issparse(A):
        lu = scipy.sparse.linalg.splu(A, permc_spec="MMD_AT_PLUS_A", diag_pivot_thresh=0.0,
                                      options={"SymmetricMode": True})
        return _Factor(A, lu.solve, float(np.sum(np.log(np.abs(lu.U.diagonal())))))
    L = scipy.linalg.cholesky(A, lower=True)
    return _Factor(A, lambda v: scipy.linalg.cho_solve((L, True), v), 2.0 * float(np.sum(np.log(np.diag(L)))))


@dataclass(frozen=True, eq=False)
class PIRLSSolution:
    """The conditional modes at one value of :math:`(\\theta, \\beta)`.

    Attributes
    ----------
    theta, beta, u : ndarray
        Parameters and conditional modes of the spherical random effects.
    eta, mu : ndarray
        Linear predictor and mean at the modes.
    A : ndarray or sparse matrix, shape (q, q)
        :math:`\\Lambda_\\theta^\\top Z^\\top W Z \\Lambda_\\theta + I_q` with the GLM
        weights :math:`W` at the modes; ``L`` is its lower Cholesky factor.
    logdet_L : float
        :math:`\\log|L|^2 = \\log|A|`.
    B : ndarray, shape (q, p)
        :math:`\\Lambda_\\theta^\\top Z^\\top W X`; ``RZX`` is :math:`L^{-1} B`.
    RX : ndarray, shape (p, p)
        Upper Cholesky factor of the Schur complement :math:`X^\\top W X - B^\\top A^{-1} B`
        (NaN where it is singular).
    pdev : float
        Penalised deviance :math:`\\sum_i d_i + \\|u\\|^2` (without the saturated constant).
    iterations : int
    """

    theta: np.ndarray
    beta: np.ndarray
    u: np.ndarray
    eta: np.ndarray
    mu: np.ndarray
    A: np.ndarray | sparse.csc_array
    logdet_L: float
    B: np.ndarray
    RX: np.ndarray
    pdev: float
    iterations: int

    @cached_property
    def L(self) -> np.ndarray:
        """Lower Cholesky factor of A, dense."""
        A = self.A.toarray() if sparse.issparse(self.A) else self.A
        return scipy.linalg.cholesky(A, lower=True)

    @cached_property
    def RZX(self) -> np.ndarray:
        """:math:`L^{-1}\\Lambda_\\theta^\\top Z^\\top W X`."""
        return scipy.linalg.solve_triangular(self.L, self.B, lower=True)


def _working_system(problem: GLMMProblem, lambdat, eta: np.ndarray, mu: np.ndarray, u: np.ndarray):
    """Factor of A, the blocks for beta, and the scores of one PIRLS step at (eta, mu, u)."""
    family, X = problem.family, problem.design.X
    mu_eta = family.link.mu_eta(eta)
    variance = family.variance(mu)
    W = problem.weights * mu_eta**2 / variance
    score = problem.weights * (problem.y - mu) * mu_eta / variance
    WX = W[:, None] * X
    ZtWZ = problem.ztwz(W)
    q = lambdat.shape[0]
    if q > _SPARSE_FROM:
        A = (lambdat @ sparse.csc_array(ZtWZ) @ lambdat.T + sparse.eye_array(q)).tocsc()
    else:
        A = lambdat @ (lambdat @ ZtWZ).T  # Lambda' Z'WZ Lambda, as Z'WZ is symmetric
        A[np.diag_indices_from(A)] += 1.0
    factor = _factorise(A)
    B = lambdat @ np.column_stack([problem.zt_times(column) for column in WX.T])
    A_inv_B = factor.solve(B)
    schur = X.T @ WX - B.T @ A_inv_B
    return factor, B, A_inv_B, (schur + schur.T) / 2, lambdat @ problem.zt_times(score) - u, X.T @ score


def _upper_cholesky(matrix: np.ndarray) -> np.ndarray | None:
    try:
        return scipy.linalg.cholesky(matrix, lower=False)
    except np.linalg.LinAlgError:
        return None


def pirls(
    problem: GLMMProblem,
    theta,
    beta,
    u=None,
    update_beta: bool = False,
    tol: float = 1e-10,
    max_iter: int = 100,
) -> PIRLSSolution:
    """Conditional modes by penalised iteratively reweighted least squares.

    Parameters
    ----------
    problem : GLMMProblem
    theta, beta : array_like
        Covariance parameters (lme4's order) and fixed effects.
    u : array_like, optional
        Starting modes; zeros if omitted.
    update_beta : bool, default False
        Also update :math:`\\beta` (lme4's first optimisation stage and
        ``nAGQ=0``), minimising the penalised deviance over both.
    tol : float
        Stop when no element of the Fisher-scoring step exceeds ``tol``.
    max_iter : int

    Returns
    -------
    PIRLSSolution

    Notes
    -----
    Each step solves the weighted, penalised least-squares problem of the
    Fisher-scoring update, with GLM weights
    :math:`W = \\operatorname{diag}\\{w_i (d\\mu_i/d\\eta_i)^2 / V(\\mu_i)\\}` and
    scores :math:`s_i = w_i (y_i - \\mu_i)(d\\mu_i/d\\eta_i)/V(\\mu_i)`:

    .. math::

        (\\Lambda^\\top Z^\\top W Z \\Lambda + I)\\,\\delta_u
            = \\Lambda^\\top Z^\\top s - u ,

    and halves the step until the penalised deviance
    :math:`\\sum_i w_i d(y_i, \\mu_i) + \\|u\\|^2` does not increase. For the
    canonical links (logit, log) this is Newton's method.

    Examples
    --------
    >>> import mmlib
    >>> from mmlib.glmm import pirls, make_problem
    >>> problem = make_problem("cbind(incidence, size - incidence) ~ period + (1 | herd)",
    ...                        mmlib.load_data("cbpp"), "binomial")
    >>> solution = pirls(problem, [0.64], [-1.4, -1.0, -1.1, -1.6])
    >>> round(float(solution.u[0]), 3), solution.iterations < 10
    (0.92, True)
    """
    design = problem.design
    theta = np.asarray(theta, dtype=float)
    beta = np.array(beta, dtype=float)
    lambdat = design.lambdat(theta)
    u = np.zeros(lambdat.shape[0]) if u is None else np.array(u, dtype=float)
    link = problem.family.link

    def evaluate(beta, u):
        eta = problem.offset + design.X @ beta + problem.z_times(lambdat.T @ u)
        mu = link.inverse(eta)
        return eta, mu, float(problem.conditional_deviance(mu).sum() + u @ u)

    eta, mu, pdev = evaluate(beta, u)
    for iteration in range(1, max_iter + 1):
        factor, B, A_inv_B, schur, gradient_u, gradient_beta = _working_system(problem, lambdat, eta, mu, u)
        A_inv_gradient = factor.solve(gradient_u)
        step_beta = np.zeros_like(beta)
        if update_beta:
            step_beta = np.linalg.lstsq(schur, gradient_beta - B.T @ A_inv_gradient, rcond=None)[0]
        step_u = A_inv_gradient - A_inv_B @ step_beta
        largest_step = max(np.max(np.abs(step_u)), np.max(np.abs(step_beta), initial=0.0))
        if largest_step < tol:
            break
        fraction = 1.0
        for _ in range(40):
            new = evaluate(beta + fraction * step_beta, u + fraction * step_u)
            if new[2] <= pdev + 1e-12 * abs(pdev):
                break
            fraction /= 2
        else:
            warnings.warn("PIRLS step-halvings failed to reduce the penalised deviance", ConvergenceWarning, stacklevel=2)
            break
        beta, u = beta + fraction * step_beta, u + fraction * step_u
        eta, mu, pdev = new
    else:
        warnings.warn(f"PIRLS did not converge in {max_iter} iterations", ConvergenceWarning, stacklevel=2)
    RX = _upper_cholesky(schur)
    if RX is None:
        RX = np.full_like(schur, np.nan)
    return PIRLSSolution(theta, beta, u, eta, mu, factor.A, factor.logdet, B, RX, pdev, iteration)


def glmm_deviance(problem: GLMMProblem, solution: PIRLSSolution, nAGQ: int = 1) -> float:
    """:math:`-2` times the approximate marginal log-likelihood at a PIRLS solution.

    Parameters
    ----------
    problem : GLMMProblem
    solution : PIRLSSolution
        Conditional modes at :math:`(\\theta, \\beta)`, from :func:`pirls`.
    nAGQ : int, default 1
        1 for the Laplace approximation; more for adaptive Gauss-Hermite
        quadrature with that many nodes (one scalar random effect only).

    Returns
    -------
    float
        The full :math:`-2\\log L`, with the binomial coefficients and the
        :math:`\\log y!` terms included, so values are comparable across
        ``nAGQ`` (lme4 drops a constant when ``nAGQ > 1``; this does not).

    Notes
    -----
    Laplace:

    .. math::

        -2\\log L \\approx \\sum_i -2\\log f(y_i \\mid \\tilde u) + \\|\\tilde u\\|^2 + \\log|L_\\theta|^2 .

    Adaptive Gauss-Hermite: with one scalar random effect the integral factors
    into one-dimensional integrals, one per group :math:`j`. With
    :math:`g_j(u) = -2\\log f(y_j \\mid u) + u^2`, the mode
    :math:`\\tilde u_j`, the conditional scale :math:`s_j = 1/L_{jj}`, and the
    Gauss-Hermite nodes :math:`z_k` and weights :math:`w_k` for the standard
    normal density (weights summing to one),

    .. math::

        \\int e^{-g_j(u)/2} \\frac{du}{\\sqrt{2\\pi}} \\approx
        s_j \\sum_k w_k \\exp\\left\\{-\\tfrac12 g_j(\\tilde u_j + s_j z_k) + \\tfrac12 z_k^2\\right\\},

    which with one node (:math:`z_1 = 0`) is the Laplace approximation.

    Examples
    --------
    >>> import mmlib
    >>> from mmlib.glmm import glmm_deviance, make_problem, pirls
    >>> problem = make_problem("cbind(incidence, size - incidence) ~ period + (1 | herd)",
    ...                        mmlib.load_data("cbpp"), "binomial")
    >>> solution = pirls(problem, [0.642], [-1.398, -0.992, -1.128, -1.580])
    >>> round(glmm_deviance(problem, solution), 2), round(glmm_deviance(problem, solution, 25), 2)
    (184.05, 183.97)
    """
    if nAGQ <= 1:
        return solution.pdev + solution.logdet_L + problem.saturated
    groups = problem.quadrature_groups
    q = solution.u.size
    nodes, node_weights = np.polynomial.hermite_e.hermegauss(nAGQ)
    log_weights = np.log(node_weights / node_weights.sum())
    # one scalar random effect: A is diagonal and 1/sqrt(A_jj) is the conditional SD of u_j
    diagonal = solution.A.diagonal() if sparse.issparse(solution.A) else np.diag(solution.A)
    scale = 1.0 / np.sqrt(diagonal)
    lambdat = problem.design.lambdat(solution.theta)
    fixed_eta = solution.eta - problem.z_times(lambdat.T @ solution.u)
    observed = groups >= 0
    log_terms = np.empty((q, nAGQ))
    for k, node in enumerate(nodes):
        u = solution.u + scale * node
        mu = problem.family.link.inverse(fixed_eta + problem.z_times(lambdat.T @ u))
        per_group = np.bincount(groups[observed], problem.conditional_deviance(mu)[observed], minlength=q)
        log_terms[:, k] = -0.5 * (per_group + u**2) + 0.5 * node**2 + log_weights[k]
    log_integrals = np.log(scale) + scipy.special.logsumexp(log_terms, axis=1)
    constant = problem.conditional_deviance(solution.mu)[~observed].sum()
    return float(-2.0 * log_integrals.sum() + constant + problem.saturated)


def _family(family) -> links.Family:
    if isinstance(family, links.Family):
        chosen = family
    elif isinstance(family, str):
        chosen = links.family(family)
    else:
        raise TypeError(
            f"family must be a name such as 'binomial' or a family from mmlib.links.family(), "
            f"not {type(family).__name__}"
        )
    if chosen.name not in _FAMILIES:
        raise ValueError(
            f"glmer fits the {' and '.join(_FAMILIES)} families, not {chosen.name}; "
            + ("a gaussian model with the identity link is a linear mixed model: use mmlib.lmer"
               if chosen.name == "gaussian" else "choose family='binomial' or 'poisson'")
        )
    return chosen


def _aligned(values, name: str, data: pd.DataFrame, positions: np.ndarray) -> np.ndarray:
    """A column name or a vector with one value per row of data, restricted to the rows used."""
    if isinstance(values, str):
        if values not in data.columns:
            raise KeyError(f"{name} column {values!r} not in the data; the columns are: {', '.join(map(str, data.columns))}")
        values = data[values]
    array = np.asarray(values, dtype=float)
    if array.shape != (len(data),):
        raise ValueError(f"{name} must have one value per row of data ({len(data)}), got shape {array.shape}")
    array = array[positions]
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} has missing or infinite values in rows used by the model; drop or fill them")
    return array


def _rows(mask: np.ndarray, index: pd.Index) -> str:
    """Name the offending rows: how many, and the first few labels."""
    labels = [str(label) for label in index[mask][:3]]
    return f"{int(mask.sum())} row(s), e.g. row(s) {', '.join(labels)}"


def _response(design: Design, family: links.Family, weights: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """The response on the family's scale and the prior weights, checked."""
    label = design.terms.response_label
    if design.y.ndim == 2:
        if family.name != "binomial":
            raise ValueError(f"a cbind(successes, failures) response is for the binomial family, not {family.name}")
        if weights is not None:
            raise ValueError("with cbind(successes, failures) the trials are implied; do not pass weights")
        successes, failures = design.y[:, 0], design.y[:, 1]
        if np.any(successes < 0):
            raise ValueError(f"negative numbers of successes in {label}: {_rows(successes < 0, design.index)}")
        if np.any(failures < 0):
            raise ValueError(
                f"successes above trials in {label} (the second column, the failures, is negative): "
                f"{_rows(failures < 0, design.index)}; check which column holds the trials"
            )
        whole = np.all(design.y == np.round(design.y))
        if not whole:
            raise ValueError(f"cbind(successes, failures) needs whole numbers; {label} has fractions")
        trials = successes + failures
        return np.divide(successes, trials, out=np.zeros_like(trials), where=trials > 0), trials
    y = design.y
    if weights is None:
        weights = np.ones_like(y)
    elif np.any(weights < 0):
        raise ValueError(f"weights must be non-negative: {_rows(weights < 0, design.index)} are negative")
    if family.name == "poisson":
        bad = (y < 0) | (y != np.round(y))
        if np.any(bad):
            raise ValueError(
                f"the poisson response {label!r} must be counts (non-negative whole numbers): "
                f"{_rows(bad, design.index)} are not"
            )
        return y, weights
    if np.all(weights == 1):
        bad = (y != 0) & (y != 1)
        if np.any(bad):
            raise ValueError(
                f"a binary response {label!r} must be 0 or 1: {_rows(bad, design.index)} are not; "
                "for counts of successes write cbind(successes, failures), "
                "for proportions pass the numbers of trials as weights="
            )
        return y, weights
    bad = (y < 0) | (y > 1)
    if np.any(bad):
        raise ValueError(
            f"with weights= (trials) the binomial response {label!r} must be a proportion in [0, 1]: "
            f"{_rows(bad, design.index)} are not; for counts write cbind(successes, failures)"
        )
    family.check_y(y, weights)
    return y, weights


def make_problem(
    formula: str, data: pd.DataFrame, family="binomial", weights=None, offset=None
) -> GLMMProblem:
    """Check the input and build the design, response and weights of a GLMM.

    The arguments are those of :func:`glmer`. A grouping factor may have one
    level per observation (an observation-level random effect).
    """
    family = _family(family)
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"data must be a pandas DataFrame, not {type(data).__name__}")
    # build on positional row labels, so weights and offset vectors line up with the rows used
    design = make_design(formula, data.reset_index(drop=True), observation_level=True)
    positions = design.index.to_numpy()
    design = dataclasses.replace(design, index=data.index[positions])
    prior = None if weights is None else _aligned(weights, "weights", data, positions)
    y, prior = _response(design, family, prior)
    offset = np.zeros(len(y)) if offset is None else _aligned(offset, "offset", data, positions)
    saturated = -2.0 * float(family.loglik_obs(y, y, prior).sum())
    return GLMMProblem(design, family, y, prior, offset, saturated)


def _check_separation(problem: GLMMProblem) -> None:
    """Warn if the fixed effects separate the responses at their bounds (infinite estimates).

    Solves Konis's (2007) linear programme: a direction :math:`b` with
    :math:`x_i^\\top b \\ge 0` where :math:`y_i` is at its upper bound (all
    successes), :math:`\\le 0` where it is at its lower bound (no successes,
    zero counts) and :math:`= 0` elsewhere, strictly somewhere. Moving
    :math:`\\beta` along :math:`b` raises the likelihood for ever, whatever
    the random effects.
    """
    X = problem.design.X
    used = problem.weights > 0
    lower = used & (problem.y == 0)
    upper = used & (problem.y == 1) if problem.family.name == "binomial" else np.zeros_like(used)
    inside = used & ~lower & ~upper
    sign = np.where(upper, 1.0, -1.0)[lower | upper]
    bounded = X[lower | upper] * sign[:, None]
    if bounded.shape[0] == 0:
        return
    result = scipy.optimize.linprog(
        -bounded.sum(axis=0),
        A_ub=-bounded,
        b_ub=np.zeros(bounded.shape[0]),
        A_eq=X[inside] if inside.any() else None,
        b_eq=np.zeros(int(inside.sum())) if inside.any() else None,
        bounds=[(-1.0, 1.0)] * X.shape[1],
        method="highs",
    )
    scale = np.abs(bounded).sum()
    if result.status == 0 and -result.fun > 1e-7 * scale:
        direction = result.x / np.max(np.abs(result.x))
        culprits = [name for name, b in zip(problem.design.fixef_names, direction) if abs(b) > 1e-6]
        warnings.warn(
            "complete or quasi-complete separation: the fixed effect(s) "
            f"{', '.join(culprits)} predict some responses perfectly (all or none of the successes, "
            "or only zero counts), so their maximum-likelihood estimates are infinite and the values "
            "reported are where the optimiser stopped. Merge or drop the predictor or its empty "
            "level, or use a penalised (Bayesian) fit.",
            ConvergenceWarning,
            stacklevel=3,
        )


# The deviance reported for a point where PIRLS fails, far above any real one.
_FAILED_DEVIANCE = 1e10


def _optimise(
    deviance: Callable[[np.ndarray], float], start: np.ndarray, lower: np.ndarray, theta_scale: Callable[[], np.ndarray]
) -> scipy.optimize.OptimizeResult:
    """Minimise a deviance within bounds: L-BFGS-B with central-difference gradients.

    The deviance comes from an inner PIRLS loop, so it has no cheap exact
    gradient; converged tightly, it is smooth enough for central differences.
    A restart from the solution with a fresh Hessian approximation guards
    against an early stop. Convergence is judged by the projected gradient.

    The deviance is an even function of each diagonal element of theta, so
    its derivative there is zero at the bound 0: a line search that lands on
    the bound stops, whatever lies inside (a probit cbpp fit stops at theta = 0,
    deviance 198.06, against 185.24 at theta = 0.34). So after a fit on the
    bound, the elements on it restart from inside, at ``theta_scale()`` (the
    first elements of the parameters are theta) and a tenth of it, and the
    better converged fit wins, as lme4's derivative-free optimiser would
    explore there.
    """
    bounds = scipy.optimize.Bounds(lower, np.full_like(lower, np.inf))
    options = {"ftol": 1e-12, "gtol": 1e-5, "maxiter": 2000}

    def criterion(x: np.ndarray) -> float:
        # A trial step far out (a random slope's SD of 0.9 per metre, say) can make exp(eta)
        # overflow, or Lambda'Z'WZ Lambda + I numerically singular, and PIRLS fail. Such a point
        # is far from the optimum: a large deviance there sends the line search back.
        try:
            with np.errstate(over="ignore", invalid="ignore"):  # caught below, not the user's concern
                value = deviance(x)
        except np.linalg.LinAlgError:
            return _FAILED_DEVIANCE
        return value if np.isfinite(value) else _FAILED_DEVIANCE

    def run(x0: np.ndarray) -> scipy.optimize.OptimizeResult:
        first = scipy.optimize.minimize(criterion, x0, method="L-BFGS-B", jac="3-point", bounds=bounds, options=options)
        second = scipy.optimize.minimize(criterion, first.x, method="L-BFGS-B", jac="3-point", bounds=bounds, options=options)
        best = second if second.fun <= first.fun else first
        best.nfev = first.nfev + second.nfev
        at_bound = (best.x <= lower) & (best.jac > 0)
        best.gradient_max = float(np.max(np.abs(np.where(at_bound, 0.0, best.jac)), initial=0.0))
        best.success = best.gradient_max < 1e-3
        return best

    best = run(start)
    on_bound = np.isfinite(lower) & (best.x <= lower)
    if on_bound.any():
        scale = np.ones_like(lower)
        scale[:theta_scale().size] = theta_scale()
        evaluations = best.nfev
        for inside in (1.0, 0.1):
            candidate = run(np.where(on_bound, lower + inside * scale, best.x))
            evaluations += candidate.nfev
            if candidate.success and candidate.fun < best.fun - 1e-6:
                best = candidate
        best.nfev = evaluations
    return best


def _hessian(function, x: np.ndarray, step: float = 1e-4) -> np.ndarray:
    """Central finite-difference Hessian, with lme4's step of 1e-4 (``deriv12``)."""
    k = x.size
    centre = function(x)
    hessian = np.empty((k, k))
    shift = np.eye(k) * step
    for i in range(k):
        hessian[i, i] = (function(x + shift[i]) - 2 * centre + function(x - shift[i])) / step**2
        for j in range(i):
            hessian[i, j] = hessian[j, i] = (
                function(x + shift[i] + shift[j]) - function(x + shift[i] - shift[j])
                - function(x - shift[i] + shift[j]) + function(x - shift[i] - shift[j])
            ) / (4 * step**2)
    return hessian


def fit_problem(problem: GLMMProblem, nAGQ: int = 1, start=None, data: pd.DataFrame | None = None) -> GLMMResult:
    """Fit a prepared GLMM problem (see :func:`glmer` for the method)."""
    design = problem.design
    theta_start = design.theta_start if start is None else np.maximum(np.asarray(start, dtype=float), design.theta_lower)
    initial_eta = problem.family.link.link(problem.family.initial_mu(problem.y, problem.weights))
    warm = {"beta": np.linalg.lstsq(design.X, initial_eta - problem.offset, rcond=None)[0], "u": None}

    def stage_one(theta):
        solution = pirls(problem, theta, warm["beta"], warm["u"], update_beta=True)
        warm["beta"], warm["u"] = solution.beta, solution.u
        return glmm_deviance(problem, solution)

    optimizer = _optimise(stage_one, theta_start, design.theta_lower, lambda: design.theta_scale)
    solution = pirls(problem, optimizer.x, warm["beta"], warm["u"], update_beta=True)
    n_theta = solution.theta.size
    # Stage two works with gamma = R beta, X = Q R sqrt(n): the columns of X R^-1 have unit root mean
    # square and are orthogonal, so the deviance is curved alike in every direction, whatever the
    # scales of the predictors (an uncentred HEIGHT of about 450 m, say).
    R = np.linalg.qr(design.X, mode="r") / np.sqrt(design.X.shape[0])

    def stage_two(parameters, u=None):
        beta = scipy.linalg.solve_triangular(R, parameters[n_theta:])
        solution = pirls(problem, parameters[:n_theta], beta, warm["u"] if u is None else u)
        if u is None:
            warm["u"] = solution.u
        return glmm_deviance(problem, solution, nAGQ)

    if nAGQ >= 1:
        lower = np.concatenate([design.theta_lower, np.full(solution.beta.size, -np.inf)])
        optimizer = _optimise(stage_two, np.concatenate([solution.theta, R @ solution.beta]), lower,
                              lambda: design.theta_scale)
        beta = scipy.linalg.solve_triangular(R, optimizer.x[n_theta:])
        solution = pirls(problem, optimizer.x[:n_theta], beta, warm["u"])
    if not optimizer.success:
        warnings.warn(
            f"the optimiser did not converge ({optimizer.message}); the estimates may be off. "
            "Try rescaling predictors or simplifying the random effects.",
            ConvergenceWarning,
            stacklevel=3,
        )
    vcov, vcov_method = _fixef_covariance(solution, stage_two if nAGQ >= 1 else None, R)
    fit = GLMMResult(problem, solution, nAGQ, glmm_deviance(problem, solution, nAGQ), vcov, vcov_method, optimizer, data)
    if fit.is_singular():
        warnings.warn("boundary (singular) fit: see GLMMResult.is_singular", SingularFitWarning, stacklevel=3)
    return fit


def _fixef_covariance(solution: PIRLSSolution, objective, R: np.ndarray) -> tuple[np.ndarray, str]:
    """Covariance of beta: lme4's default, twice the inverse Hessian of the deviance, beta block.

    The Hessian is taken over (theta, gamma) with gamma = R beta (see
    :func:`fit_problem`) and mapped back: Var(beta) = R^-1 Var(gamma) R^-T.
    Without an objective (nAGQ=0), or if the Hessian is not positive
    definite, the covariance conditional on theta, (R_X' R_X)^-1, is used.
    """
    p, n_theta = solution.beta.size, solution.theta.size
    if objective is not None:
        parameters = np.concatenate([solution.theta, R @ solution.beta])
        hessian = _hessian(lambda x: objective(x, solution.u), parameters)
        hessian = (hessian + hessian.T) / 2
        if _upper_cholesky(hessian) is not None:
            R_inverse = scipy.linalg.solve_triangular(R, np.eye(p))
            return R_inverse @ (2.0 * np.linalg.inv(hessian)[n_theta:, n_theta:]) @ R_inverse.T, "hessian"
        warnings.warn(
            "the Hessian of the deviance is not positive definite; standard errors are computed "
            "conditional on theta (from R_X) instead",
            ConvergenceWarning,
            stacklevel=4,
        )
    if not np.all(np.isfinite(solution.RX)):
        warnings.warn("the fixed-effects information matrix is singular; standard errors are undefined",
                      ConvergenceWarning, stacklevel=4)
        return np.full((p, p), np.nan), "conditional"
    RX_inverse = scipy.linalg.solve_triangular(solution.RX, np.eye(p))
    return RX_inverse @ RX_inverse.T, "conditional"


def glmer(
    formula: str,
    data: pd.DataFrame,
    family: str | links.Family = "binomial",
    nAGQ: int = 1,
    weights=None,
    offset=None,
    start=None,
) -> GLMMResult:
    """Fit a generalised linear mixed model by maximum likelihood, as lme4's ``glmer``.

    Parameters
    ----------
    formula : str
        lme4's formula language (see :mod:`mmlib.formula`). A binomial
        response is a 0/1 column, a proportion with ``weights`` (the trials),
        or ``cbind(successes, failures)``.
    data : pandas.DataFrame
        The data; rows with missing values in the columns used are dropped
        with a warning.
    family : str or mmlib.links.Family, default "binomial"
        ``"binomial"`` or ``"poisson"`` with the canonical link, or a family
        with another link, e.g. ``mmlib.links.family("binomial", "probit")``.
    nAGQ : int, default 1
        1: the Laplace approximation; 0: a faster, cruder fit that estimates
        :math:`\\beta` inside PIRLS (lme4's ``nAGQ=0``); above 1: adaptive
        Gauss-Hermite quadrature with that many nodes, for models with a
        single scalar random effect such as ``(1 | g)``.
    weights : str or array_like, optional
        A column name or one value per row: binomial trials for a
        proportion response, otherwise frequency weights.
    offset : str or array_like, optional
        A known term added to the linear predictor, e.g. a log exposure.
    start : array_like, optional
        Starting theta.

    Returns
    -------
    GLMMResult

    Raises
    ------
    KeyError
        Unknown family, link or column.
    ValueError
        A response that the family cannot have (successes above trials,
        negative counts, a binary response outside 0/1), or ``nAGQ > 1`` for
        a model with more than one random effect per observation.

    Warns
    -----
    ConvergenceWarning
        Complete separation (infinite estimates), or an optimiser that did
        not converge.
    SingularFitWarning
        A variance estimated as zero.

    Notes
    -----
    The model, with :math:`b = \\Lambda_\\theta u`, is

    .. math::

        g\\{E(y \\mid u)\\} = X\\beta + Z\\Lambda_\\theta u, \\qquad u \\sim N(0, I_q).

    The estimates minimise the Laplace (or quadrature) approximation of
    :math:`-2\\log L(\\theta, \\beta)` (:func:`glmm_deviance`): first over
    :math:`\\theta` with :math:`\\beta` estimated inside PIRLS, then over
    :math:`(\\theta, \\beta)` from there, as lme4 does. Standard errors are
    lme4's default: from a finite-difference Hessian :math:`H` of the
    deviance over :math:`(\\theta, \\beta)`,
    :math:`\\widehat{\\operatorname{Var}}(\\hat\\beta) = [2 H^{-1}]_{\\beta\\beta}`,
    which accounts for the uncertainty in :math:`\\theta`; with ``nAGQ=0`` (or
    if :math:`H` is not positive definite) they come from :math:`R_X`,
    conditional on :math:`\\theta`.

    On lme4's ``cbpp`` example the estimates are within 6e-4 of lme4 1.1-31's
    (-1.3985 against -1.3983 for the intercept, herd SD 0.6423 against
    0.6421) and the standard errors 0.6-1.3% larger (0.2325 against 0.2312).
    The cause is one term on lme4's side: its PIRLS leaves :math:`L_\\theta`
    factored with the weights of the iteration before the last, so the
    :math:`\\log|L_\\theta|^2` it adds is not the one at the conditional modes
    (16.89693 against 16.89637 at its estimates). With that term recomputed
    from its own fitted values, lme4's deviance function has its minimum and
    Hessian exactly here (``tests/reference/cbpp_laplace.R``).

    ``loglik`` is the full log-likelihood, binomial coefficients and
    :math:`\\log y!` included, for every ``nAGQ``; lme4 drops a constant when
    ``nAGQ > 1``, so its ``logLik`` then differs from this by that constant
    and cannot be compared with its Laplace fits. ``deviance`` is
    :math:`-2\\log L`, as lme4's summary prints it (R's ``deviance()`` of a
    glmer fit returns something else).

    Examples
    --------
    >>> import mmlib
    >>> cbpp = mmlib.load_data("cbpp")
    >>> m = glmer("cbind(incidence, size - incidence) ~ period + (1 | herd)", cbpp, family="binomial")
    >>> m.fixef.round(4).to_dict()
    {'(Intercept)': -1.3985, 'period2': -0.9923, 'period3': -1.1287, 'period4': -1.5803}
    >>> round(float(m.varcorr["sdcor"].iloc[0]), 4), round(m.loglik, 2)
    (0.6423, -92.03)
    """
    if isinstance(nAGQ, bool) or not isinstance(nAGQ, (int, np.integer)) or nAGQ < 0:
        raise ValueError(f"nAGQ must be a whole number >= 0 (1 for the Laplace approximation), not {nAGQ!r}")
    problem = make_problem(formula, data, family, weights, offset)
    reterms = problem.design.reterms
    if nAGQ > 1 and (len(reterms) > 1 or reterms[0].n_columns > 1):
        terms = " + ".join(f"({' + '.join(t.columns)} | {t.group})" for t in reterms)
        raise ValueError(
            f"nAGQ > 1 (adaptive Gauss-Hermite quadrature) needs a single scalar random effect such as "
            f"(1 | g), but this model has {terms}; use nAGQ=1 (the Laplace approximation)"
        )
    _check_separation(problem)
    # the matrices are small: threaded BLAS only adds synchronisation cost
    with _blas_controller().limit(limits=1, user_api="blas"):
        return fit_problem(problem, nAGQ=int(nAGQ), start=start, data=data)


class GLMMResult(LMMResult):
    """A fitted generalised linear mixed model; attributes follow lme4's extractors.

    Created by :func:`glmer`. It shares :class:`~mmlib.LMMResult`'s
    ``theta``, ``fixef``, ``se``, ``ranef``, ``coef``, ``condvar`` and
    ``is_singular``; the scale is fixed at 1, so ``sigma`` is 1 and
    ``varcorr`` has no residual row. ``fitted`` is on the response scale
    (probabilities or means), ``predict`` on the link scale unless
    ``type="response"``, and ``residuals`` are deviance residuals, all as in lme4.
    """

    def __init__(
        self,
        problem: GLMMProblem,
        solution: PIRLSSolution,
        nAGQ: int,
        deviance: float,
        vcov: np.ndarray,
        vcov_method: str,
        optimizer,
        data: pd.DataFrame | None,
    ):
        pls = PLSSolution(
            theta=solution.theta, beta=solution.beta, u=solution.u, pwrss=solution.pdev,
            L=solution.L, RZX=solution.RZX, RX=solution.RX, n=problem.y.size, p=solution.beta.size,
        )
        super().__init__(design=problem.design, REML=False, pls=pls, data=data, optimizer=optimizer)
        self.problem = problem
        self.family = problem.family
        self.nAGQ = nAGQ
        self.solution = solution
        self.vcov_method = vcov_method
        self._deviance = deviance
        self._vcov = vcov

    @property
    def sigma(self) -> float:
        """The scale, 1 for the binomial and Poisson families."""
        return 1.0

    @property
    def vcov(self) -> pd.DataFrame:
        """Covariance of the fixed effects (``vcov_method`` says how it was computed)."""
        names = list(self.design.fixef_names)
        return pd.DataFrame(self._vcov, index=names, columns=names)

    @property
    def varcorr(self) -> pd.DataFrame:
        """Variance components like R's ``as.data.frame(VarCorr(m))`` (no residual row)."""
        return super().varcorr.iloc[:-1]

    @property
    def deviance(self) -> float:
        """:math:`-2\\log L`, with every constant (the deviance of lme4's summary)."""
        return self._deviance

    @property
    def loglik(self) -> float:
        """The full log-likelihood, comparable across ``nAGQ`` values."""
        return -0.5 * self._deviance

    @property
    def npar(self) -> int:
        """Number of parameters: fixed effects and theta."""
        return self.pls.p + self.pls.theta.size

    @property
    def fitted(self) -> pd.Series:
        """Fitted means :math:`g^{-1}(X\\hat\\beta + Z\\tilde b)` (probabilities or counts)."""
        return pd.Series(self.solution.mu, index=self.design.index, name="fitted")

    @property
    def residuals(self) -> pd.Series:
        """Deviance residuals, lme4's default ``residuals()`` for a GLMM."""
        values = self.family.deviance_residuals(self.problem.y, self.solution.mu, self.problem.weights)
        return pd.Series(values, index=self.design.index, name="residuals")

    @property
    def pearson_residuals(self) -> pd.Series:
        """Pearson residuals :math:`(y - \\mu)/\\sqrt{V(\\mu)/w}`."""
        mu = self.solution.mu
        values = (self.problem.y - mu) * np.sqrt(self.problem.weights / self.family.variance(mu))
        return pd.Series(values, index=self.design.index, name="pearson_residuals")

    def predict(self, newdata: pd.DataFrame | None = None, re: bool = True, type: str = "link") -> pd.Series:
        """Predictions on the link scale (lme4's default) or the response scale.

        Parameters
        ----------
        newdata : DataFrame, optional
            Data to predict for; the fitted data if omitted. Groups the model
            has not seen get the population-level prediction. An offset is
            not applied to new data.
        re : bool, default True
            Include the conditional modes of the random effects.
        type : {"link", "response"}
            :math:`\\eta` or :math:`\\mu = g^{-1}(\\eta)`.

        Returns
        -------
        pandas.Series
        """
        if type not in ("link", "response"):
            raise ValueError(f"type must be 'link' or 'response', not {type!r}")
        if newdata is None:
            eta = self.problem.offset + self.design.X @ self.pls.beta + (self.design.Z @ self.b if re else 0.0)
            index = self.design.index
        else:
            eta = fixed_matrix(self.design, newdata) @ self.pls.beta
            if re:
                eta = eta + random_matrix(self.design, newdata) @ self.b
            index = newdata.index
        values = self.family.link.inverse(eta) if type == "response" else eta
        return pd.Series(values, index=index, name="predicted")

    def overdispersion(self) -> pd.Series:
        """Pearson's check for overdispersion (Bolker's GLMM FAQ).

        Returns
        -------
        pandas.Series
            ``chisq`` (sum of squared Pearson residuals), ``df`` (residual
            degrees of freedom, nobs - npar), ``ratio`` (``chisq / df``; well
            above 1 means more variation than the family allows) and ``p``
            (upper tail of :math:`\\chi^2_{df}`).

        Notes
        -----
        .. math::

            \\frac{1}{n - k}\\sum_i \\frac{w_i (y_i - \\hat\\mu_i)^2}{V(\\hat\\mu_i)}
            \\approx 1

        under the model. A common remedy for an overdispersed Poisson GLMM is
        an observation-level random effect, ``(1 | obs)`` with one level per
        row, which adds a lognormal multiplicative error to every count.

        Examples
        --------
        >>> import mmlib
        >>> ticks = mmlib.load_data("grouseticks")
        >>> m = glmer("TICKS ~ YEAR + cHEIGHT + (1 | BROOD)", ticks, family="poisson")
        >>> bool(m.overdispersion()["ratio"] > 1.5)
        True
        """
        chisq = float((self.pearson_residuals**2).sum())
        df = self.df_resid
        return pd.Series({"chisq": chisq, "df": df, "ratio": chisq / df, "p": scipy.stats.chi2.sf(chisq, df)})

    def simulate(self, nsim: int = 1, seed: int | None = None) -> pd.DataFrame:
        """Simulate responses from the fitted model, with new random effects.

        Binomial responses are simulated as proportions of the trials (0/1
        for binary data), on the scale of :meth:`refit`; one column per
        simulation (``sim_1``, ...), like R's ``simulate()``.
        """
        if isinstance(nsim, bool) or not isinstance(nsim, (int, np.integer)) or nsim < 1:
            raise ValueError(f"nsim must be a positive integer, not {nsim!r}")
        rng = np.random.default_rng(seed)
        lambdat = self.design.lambdat(self.pls.theta)
        fixed = self.problem.offset + self.design.X @ self.pls.beta
        trials = self.problem.weights
        columns = {}
        for k in range(nsim):
            u = rng.standard_normal(lambdat.shape[0])
            mu = self.family.link.inverse(fixed + self.design.Z @ (lambdat.T @ u))
            if self.family.name == "binomial":
                counts = rng.binomial(trials.astype(int), mu)
                columns[f"sim_{k + 1}"] = np.divide(counts, trials, out=np.zeros_like(mu), where=trials > 0)
            else:
                columns[f"sim_{k + 1}"] = rng.poisson(mu).astype(float)
        return pd.DataFrame(columns, index=self.design.index)

    def refit(self, y) -> GLMMResult:
        """Refit the model to a new response (proportions for binomial), as lme4's ``refit``."""
        y = np.asarray(y, dtype=float)
        if y.shape != self.problem.y.shape or not np.all(np.isfinite(y)):
            raise ValueError(f"the new response must be {self.nobs} finite numbers")
        design = dataclasses.replace(self.design, y=y)
        _, weights = _response(design, self.family, self.problem.weights)
        saturated = -2.0 * float(self.family.loglik_obs(y, y, weights).sum())
        problem = dataclasses.replace(self.problem, design=design, y=y, saturated=saturated)
        return fit_problem(problem, nAGQ=self.nAGQ, start=self.pls.theta)

    def summary(self) -> Summary:
        """A summary laid out like lme4's ``summary(glmer(...))``."""
        return Summary(_summary_text(self))

    def __repr__(self) -> str:
        return (
            f"<GLMMResult: {self.family.name} ({self.family.link.name}) mixed model fit by maximum "
            f"likelihood ({_method(self.nAGQ)}): {self.formula}; {self.nobs} obs, groups: "
            f"{', '.join(f'{g} {n}' for g, n in self.ngrps.items())}>"
        )


def _method(nAGQ: int) -> str:
    if nAGQ > 1:
        return f"Adaptive Gauss-Hermite Quadrature, nAGQ = {nAGQ}"
    return "Laplace Approximation" if nAGQ == 1 else "nAGQ = 0: PIRLS estimates of beta"


def _summary_text(fit: GLMMResult) -> str:
    lines = [
        f"Generalized linear mixed model fit by maximum likelihood ({_method(fit.nAGQ)}) ['glmerMod']",
        f" Family: {fit.family.name}  ( {fit.family.link.name} )",
        f"Formula: {fit.formula}",
        "",
    ]
    cells = [f"{v:.1f}" for v in (fit.aic, fit.bic, fit.loglik, fit.deviance)] + [str(fit.df_resid)]
    lines += _table([["AIC", "BIC", "logLik", "deviance", "df.resid"], cells], ["r"] * 5)
    quantiles = np.quantile(fit.pearson_residuals.to_numpy(), [0, 0.25, 0.5, 0.75, 1])
    lines += ["", "Scaled residuals:"]
    lines += _table([["Min", "1Q", "Median", "3Q", "Max"], _format_numbers(quantiles)], ["r"] * 5)

    varcorr = fit.varcorr
    variances = varcorr[varcorr["var2"].isna()]
    variance_text, sd_text = _format_numbers(variances["vcov"]), _format_numbers(variances["sdcor"])
    has_correlation = any(term.n_columns > 1 for term in fit.design.reterms)
    rows = [[" Groups", "Name", "Variance", "Std.Dev."] + (["Corr"] if has_correlation else [])]
    k = 0
    groups = _make_unique([term.group for term in fit.design.reterms])
    for group, term, covariance in zip(groups, fit.design.reterms, fit._covariance_blocks()):
        sd = np.sqrt(np.diag(covariance))
        for i, name in enumerate(term.columns):
            row = [" " + (group if i == 0 else ""), name, variance_text[k], sd_text[k]]
            if has_correlation:
                correlations = [covariance[i, j] / (sd[i] * sd[j]) if sd[i] * sd[j] > 0 else np.nan for j in range(i)]
                row.append(" ".join(f"{c:5.2f}" for c in correlations))
            rows.append(row)
            k += 1
    lines += ["", "Random effects:"] + _table(rows, ["l", "l", "r", "r", "l"][: len(rows[0])])
    lines.append(f"Number of obs: {fit.nobs}, groups:  " + "; ".join(f"{g}, {n}" for g, n in fit.ngrps.items()))

    estimates, se = fit.fixef, fit.se
    z = estimates / se
    p_values = 2 * scipy.stats.norm.sf(np.abs(z))
    numbers = _format_numbers(list(estimates) + list(se))
    n_fixed = len(estimates)
    rows = [["", "Estimate", "Std. Error", "z value", "Pr(>|z|)"]]
    rows += [
        [name, numbers[i], numbers[n_fixed + i], f"{z.iloc[i]:.3f}", f"{p_values[i]:.3g}"]
        for i, name in enumerate(estimates.index)
    ]
    lines += ["", "Fixed effects:"] + _table(rows, ["l", "r", "r", "r", "r"])
    if n_fixed > 1:
        correlation = fit.vcov.to_numpy() / np.outer(se, se)
        rows = [[""] + [_abbreviate(name) for name in estimates.index[:-1]]]
        for i in range(1, n_fixed):
            rows.append([estimates.index[i]] + [f"{correlation[i, j]:.3f}" for j in range(i)] + [""] * (n_fixed - 1 - i))
        lines += ["", "Correlation of Fixed Effects:"] + _table(rows, ["l"] + ["r"] * (n_fixed - 1))
    if fit.is_singular():
        lines.append("optimizer: boundary (singular) fit: see GLMMResult.is_singular")
    if not fit.converged:
        lines.append("optimizer: did not converge")
    return "\n".join(lines)
