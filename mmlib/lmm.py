"""Linear mixed models fitted as lme4 fits them: penalised least squares.

For a given relative covariance factor :math:`\\Lambda_\\theta` the conditional
modes of the spherical random effects :math:`u` and the fixed effects
:math:`\\beta` solve a penalised least-squares problem (Bates, Maechler, Bolker
& Walker 2015, section 3). Its solution gives the *profiled* deviance, a
function of :math:`\\theta` alone, which a bounded optimiser minimises. Every
other estimate follows from the solution at the optimum.

The pieces are public so that a lesson can show them: :func:`solve_pls` (one
PLS solution), :func:`profiled_deviance` and :func:`deviance_function` (the
criterion along :math:`\\theta`), :func:`fit_design` and :func:`lmer`.
"""

from __future__ import annotations

import dataclasses
import functools
import warnings
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.linalg
import scipy.linalg.lapack
import scipy.optimize
import threadpoolctl
from scipy import sparse

from mmlib.design import Design, fixed_matrix, make_design, random_matrix
from mmlib.exceptions import ConvergenceWarning, SingularFitWarning

__all__ = [
    "LMMResult",
    "PLSSolution",
    "deviance_function",
    "fit_design",
    "lmer",
    "profiled_deviance",
    "solve_pls",
]


@dataclass(frozen=True)
class _CrossProducts:
    """Products of the model matrices that do not change with theta, computed once per fit.

    Z'Z is stored dense and factored with a dense Cholesky: every course data
    set has fewer than 500 random effects, where that takes about a
    millisecond. A sparse Cholesky (lme4's CHOLMOD) pays off only for q in the
    thousands, and scipy has none.
    """

    ZtZ: np.ndarray
    ZtXy: np.ndarray  # [Z'X | Z'y]
    XtX: np.ndarray
    Xty: np.ndarray
    Z: np.ndarray | sparse.csr_array  # for the residuals; dense when small (no sparse overhead)

    @property
    def ZtX(self) -> np.ndarray:
        return self.ZtXy[:, :-1]

    @property
    def Zty(self) -> np.ndarray:
        return self.ZtXy[:, -1]


def _cross_products(design: Design) -> _CrossProducts:
    small = design.Z.shape[1] <= _DENSE_LAMBDA_MAX_Q and design.Z.shape[0] * design.Z.shape[1] <= 4_000_000
    Z = design.Z.toarray() if small else design.Z.tocsr()
    Zt = Z.T if small else design.Z.T.tocsc()
    ZtZ = Zt @ Z
    return _CrossProducts(
        ZtZ=ZtZ if small else ZtZ.toarray(),
        ZtXy=np.asarray(Zt @ np.column_stack([design.X, design.y])),
        XtX=design.X.T @ design.X,
        Xty=design.X.T @ design.y,
        Z=Z,
    )


def _cholesky(matrix: np.ndarray, lower: bool) -> np.ndarray:
    """Cholesky factor by LAPACK directly (the scipy wrapper's checks cost more than the work here)."""
    factor, info = scipy.linalg.lapack.dpotrf(matrix, lower=int(lower), clean=1)
    if info != 0:
        raise np.linalg.LinAlgError(
            "a matrix in the penalised least-squares problem is not positive definite; "
            "the fixed-effects columns may be nearly collinear: centre or rescale the predictors"
        )
    return factor


def _triangular_solve(factor: np.ndarray, rhs: np.ndarray, lower: bool, transpose: bool = False) -> np.ndarray:
    """Solve ``factor @ x = rhs`` (or with ``factor.T``) for a triangular factor."""
    solution, _ = scipy.linalg.lapack.dtrtrs(factor, rhs, lower=int(lower), trans=int(transpose))
    return solution


def _cholesky_solve(factor: np.ndarray, rhs: np.ndarray, lower: bool) -> np.ndarray:
    """Solve ``A @ x = rhs`` given the Cholesky factor of A (both triangular solves in one LAPACK call)."""
    solution, _ = scipy.linalg.lapack.dpotrs(factor, rhs.reshape(rhs.shape[0], -1), lower=int(lower))
    return solution.reshape(rhs.shape)


@dataclass(frozen=True, eq=False)
class PLSSolution:
    """The penalised least-squares solution at one value of theta.

    Attributes
    ----------
    theta : ndarray
    beta : ndarray
        Fixed effects that minimise the penalised residual sum of squares.
    u : ndarray
        Conditional modes of the spherical random effects; :math:`b = \\Lambda_\\theta u`.
    pwrss : float
        Penalised residual sum of squares :math:`\\|y - X\\beta - Z\\Lambda_\\theta u\\|^2 + \\|u\\|^2`.
    L : ndarray, shape (q, q)
        Lower Cholesky factor of :math:`\\Lambda_\\theta^\\top Z^\\top Z \\Lambda_\\theta + I`.
    RZX : ndarray, shape (q, p)
        :math:`L_\\theta^{-1} \\Lambda_\\theta^\\top Z^\\top X`.
    RX : ndarray, shape (p, p)
        Upper Cholesky factor of the Schur complement for :math:`\\beta`.
    n, p : int
        Numbers of observations and of fixed effects.
    """

    theta: np.ndarray
    beta: np.ndarray
    u: np.ndarray
    pwrss: float
    L: np.ndarray
    RZX: np.ndarray
    RX: np.ndarray
    n: int
    p: int

    @property
    def logdet_L(self) -> float:
        """:math:`\\log|L_\\theta|^2`."""
        return 2.0 * float(np.sum(np.log(np.diag(self.L))))

    @property
    def logdet_RX(self) -> float:
        """:math:`\\log|R_X|^2`."""
        return 2.0 * float(np.sum(np.log(np.abs(np.diag(self.RX)))))

    def objective(self, REML: bool = True) -> float:
        """The profiled deviance (ML) or REML criterion at this theta."""
        if REML:
            dof = self.n - self.p
            return float(self.logdet_L + self.logdet_RX + dof * (1.0 + np.log(2.0 * np.pi * self.pwrss / dof)))
        return float(self.logdet_L + self.n * (1.0 + np.log(2.0 * np.pi * self.pwrss / self.n)))

    def sigma(self, REML: bool = True) -> float:
        """The residual standard deviation estimated at this theta."""
        return float(np.sqrt(self.pwrss / (self.n - self.p if REML else self.n)))


def solve_pls(design: Design, theta) -> PLSSolution:
    """Solve the penalised least-squares problem of a mixed model at ``theta``.

    Parameters
    ----------
    design : Design
        From :func:`mmlib.design.make_design`.
    theta : array_like
        Covariance parameters in lme4's order (``design.theta_names``).

    Returns
    -------
    PLSSolution

    Notes
    -----
    :math:`\\beta` and :math:`u` minimise the penalised residual sum of squares

    .. math::

        r^2(\\theta, \\beta, u) = \\|y - X\\beta - Z\\Lambda_\\theta u\\|^2 + \\|u\\|^2 .

    With the Cholesky factors

    .. math::

        L_\\theta L_\\theta^\\top = \\Lambda_\\theta^\\top Z^\\top Z \\Lambda_\\theta + I_q, \\quad
        R_{ZX} = L_\\theta^{-1} \\Lambda_\\theta^\\top Z^\\top X, \\quad
        R_X^\\top R_X = X^\\top X - R_{ZX}^\\top R_{ZX},

    the solution is found by triangular solves:
    :math:`c_u = L_\\theta^{-1}\\Lambda_\\theta^\\top Z^\\top y`,
    :math:`R_X \\hat\\beta = R_X^{-\\top}(X^\\top y - R_{ZX}^\\top c_u)`,
    :math:`L_\\theta^\\top \\tilde u = c_u - R_{ZX}\\hat\\beta`.

    Examples
    --------
    >>> import pandas as pd
    >>> from mmlib.design import make_design
    >>> df = pd.DataFrame({"y": [1.0, 2.0, 4.0, 5.0, 7.0, 9.0], "g": list("aabbcc")})
    >>> solution = solve_pls(make_design("y ~ 1 + (1 | g)", df), [1.0])
    >>> round(float(solution.beta[0]), 4), round(solution.pwrss, 4)
    (4.6667, 17.1111)
    """
    theta = np.asarray(theta, dtype=float)
    return _solve(design, _cross_products(design), design.lambdat(theta), theta)


def _solve(
    design: Design, products: _CrossProducts, lambdat: sparse.csc_array, theta: np.ndarray,
    lambdat_ZtZ: np.ndarray | None = None,
) -> PLSSolution:
    """The PLS solution given cached cross-products and Lambda_theta transposed (and its product with Z'Z)."""
    q = lambdat.shape[0]
    if lambdat_ZtZ is None:
        lambdat_ZtZ = lambdat @ products.ZtZ
    crossprod = lambdat @ lambdat_ZtZ.T
    crossprod[np.diag_indices(q)] += 1.0
    L = _cholesky(crossprod, lower=True)
    both = _triangular_solve(L, lambdat @ products.ZtXy, lower=True)  # [RZX | cu] in one solve
    RZX, cu = both[:, :-1], both[:, -1]
    RX = _cholesky(products.XtX - RZX.T @ RZX, lower=False)
    beta = _cholesky_solve(RX, products.Xty - RZX.T @ cu, lower=False)
    u = _triangular_solve(L, cu - RZX @ beta, lower=True, transpose=True)
    # the residuals directly, not y'y minus fitted squares, to avoid cancellation
    residual = design.y - design.X @ beta - products.Z @ (lambdat.T @ u)
    return PLSSolution(
        theta=theta,
        beta=beta,
        u=u,
        pwrss=float(residual @ residual + u @ u),
        L=L,
        RZX=RZX,
        RX=RX,
        n=design.X.shape[0],
        p=design.X.shape[1],
    )


def profiled_deviance(design: Design, theta, REML: bool = True) -> float:
    """The REML criterion (or ML deviance) of a design at ``theta``.

    Parameters
    ----------
    design : Design
    theta : array_like
        Covariance parameters in lme4's order.
    REML : bool, default True
        REML criterion if True, profiled deviance (-2 log-likelihood) if False.

    Returns
    -------
    float

    Notes
    -----
    With :math:`r^2_\\theta` the minimised penalised residual sum of squares,
    :math:`n` observations and :math:`p` fixed effects,

    .. math::

        d(\\theta) &= \\log|L_\\theta|^2 + n\\left(1 + \\log\\frac{2\\pi r^2_\\theta}{n}\\right), \\\\
        d_R(\\theta) &= \\log|L_\\theta|^2 + \\log|R_X|^2
            + (n - p)\\left(1 + \\log\\frac{2\\pi r^2_\\theta}{n - p}\\right).

    Examples
    --------
    >>> import mmlib
    >>> from mmlib.design import make_design
    >>> design = make_design("Reaction ~ Days + (1 | Subject)", mmlib.load_data("sleepstudy"))
    >>> round(profiled_deviance(design, [1.1979]), 2)
    1786.47
    """
    return solve_pls(design, theta).objective(REML)


def deviance_function(design: Design, REML: bool = True) -> Callable[[np.ndarray], float]:
    """The criterion as a function of theta, with the cross-products computed once.

    This is what the optimiser minimises (lme4's ``devFunOnly = TRUE``); a
    lesson can evaluate it on a grid to plot the criterion along theta.

    Examples
    --------
    >>> import mmlib
    >>> from mmlib.design import make_design
    >>> design = make_design("Reaction ~ Days + (1 | Subject)", mmlib.load_data("sleepstudy"))
    >>> criterion = deviance_function(design)
    >>> [round(criterion([t]), 1) for t in (0.5, 1.0, 1.5)]
    [1811.2, 1787.4, 1787.7]
    """
    products = _cross_products(design)
    lambdat, update = _working_lambdat(design)

    def criterion(theta) -> float:
        theta = np.asarray(theta, dtype=float)
        update(theta)
        return _solve(design, products, lambdat, theta).objective(REML)

    return criterion


def _criterion_with_gradient(design: Design, REML: bool) -> Callable[[np.ndarray], tuple[float, np.ndarray]]:
    """The criterion and its exact gradient in theta, for the optimiser.

    :math:`\\Lambda_\\theta` is linear in theta: :math:`\\partial\\Lambda/\\partial\\theta_k`
    is the 0/1 pattern :math:`E_k` of the entries that hold :math:`\\theta_k`.
    With :math:`A = \\Lambda^\\top Z^\\top Z\\Lambda + I`, residuals :math:`e`,
    :math:`V = I + Z\\Lambda\\Lambda^\\top Z^\\top` and :math:`M = (X^\\top V^{-1} X)^{-1}`:

    * :math:`\\partial \\log|A| / \\partial\\theta_k = 2\\,\\mathrm{tr}(A^{-1}\\Lambda^\\top Z^\\top Z E_k)`;
    * :math:`\\partial r^2 / \\partial\\theta_k = -2\\, e^\\top Z E_k u` (the envelope
      theorem: beta and u are optimal, so only the explicit dependence counts);
    * :math:`\\partial \\log|R_X|^2 / \\partial\\theta_k =
      -2\\,\\mathrm{tr}(M X^\\top V^{-1} Z E_k \\Lambda^\\top Z^\\top V^{-1} X)`.

    Each trace is a sum over the stored entries of :math:`\\Lambda_\\theta^\\top`,
    collected per theta with ``bincount``. Exact gradients need far fewer
    evaluations than finite differences and let the optimiser stop on a
    small gradient rather than on a small change in the criterion.
    """
    products = _cross_products(design)
    lambdat, update = _working_lambdat(design)
    rows, cols = _stored_entries(design.lambdat_template)
    n_theta = design.theta_lower.size

    def criterion(theta) -> tuple[float, np.ndarray]:
        theta = np.array(theta, dtype=float)
        update(theta)
        lambdat_ZtZ = lambdat @ products.ZtZ
        solution = _solve(design, products, lambdat, theta, lambdat_ZtZ)
        criterion.last_solution = solution  # the fit reuses the one at the optimum
        L, beta, u = solution.L, solution.beta, solution.u
        A_inverse_part = _cholesky_solve(L, lambdat_ZtZ, lower=True)
        logdet_A = 2.0 * np.bincount(design.lind, A_inverse_part[rows, cols], minlength=n_theta)
        Zte = products.Zty - products.ZtX @ beta - lambdat_ZtZ.T @ u
        rss_part = -2.0 * np.bincount(design.lind, Zte[cols] * u[rows], minlength=n_theta)
        dof = solution.n - solution.p if REML else solution.n
        gradient = logdet_A + dof / solution.pwrss * rss_part
        if REML:
            S = _triangular_solve(L, solution.RZX, lower=True, transpose=True)
            H = products.ZtX - products.ZtZ @ (lambdat.T @ S)  # Z' V^-1 X
            G = lambdat @ H
            GM = _cholesky_solve(solution.RX, G.T, lower=False).T  # G M with M = (R_X' R_X)^-1
            gradient -= 2.0 * np.bincount(design.lind, np.sum(GM[rows] * H[cols], axis=1), minlength=n_theta)
        return solution.objective(REML), gradient

    return criterion


# Up to this many random effects a dense Lambda is faster: scipy.sparse's per-call overhead
# exceeds the cost of dense products with q^3 of about 2e5 flops.
_DENSE_LAMBDA_MAX_Q = 64


class _DiagonalLambdat:
    """Lambda_theta (transposed) when every random term is scalar: a diagonal matrix, kept as a vector.

    ``lambdat @ M`` scales the rows of M, which costs q^2 operations instead of a
    matrix product's q^3; ``.T`` is itself. Only the products the PLS code uses are defined.
    """

    def __init__(self, q: int):
        self.values = np.zeros(q)
        self.shape = (q, q)

    @property
    def T(self) -> _DiagonalLambdat:
        return self

    def __matmul__(self, other: np.ndarray) -> np.ndarray:
        return self.values[:, None] * other if other.ndim == 2 else self.values * other


def _working_lambdat(design: Design) -> tuple[np.ndarray | sparse.csc_array | _DiagonalLambdat, Callable]:
    """A Lambda_theta transposed to refill in place for each theta, and the function that refills it.

    A vector when Lambda is diagonal (only scalar terms such as ``(1 | g)``), dense for
    small q, sparse otherwise; all support ``@`` (on the left) and ``.T`` alike.
    """
    template = design.lambdat_template
    if all(term.n_columns == 1 for term in design.reterms):
        diagonal = _DiagonalLambdat(template.shape[0])

        def update(theta: np.ndarray) -> None:
            diagonal.values = theta[design.lind]

        return diagonal, update
    if template.shape[0] <= _DENSE_LAMBDA_MAX_Q:
        rows, cols = _stored_entries(template)
        dense = np.zeros(template.shape)

        def update(theta: np.ndarray) -> None:
            dense[rows, cols] = theta[design.lind]

        return dense, update
    working = template.copy()

    def update(theta: np.ndarray) -> None:
        working.data = theta[design.lind]

    return working, update


def _stored_entries(matrix: sparse.csc_array) -> tuple[np.ndarray, np.ndarray]:
    """Row and column of each stored entry of a CSC matrix, in storage order."""
    cols = np.repeat(np.arange(matrix.shape[1]), np.diff(matrix.indptr))
    return matrix.indices.copy(), cols


def _minimise(
    criterion: Callable, start: np.ndarray, lower: np.ndarray, scale: Callable[[], np.ndarray]
) -> scipy.optimize.OptimizeResult:
    """Minimise the criterion over theta within its bounds (L-BFGS-B, exact gradient).

    lme4 uses the derivative-free BOBYQA; with the exact gradient L-BFGS-B
    reaches the same optimum in fewer evaluations. Convergence is judged as
    lme4 judges it, by the gradient at the end (projected on the bounds): its
    largest element must be below 0.002 on the deviance scale (lme4's
    ``check.conv.grad``). If it is not, one restart from there, with a fresh
    Hessian approximation, gets past an early stop on a flat ridge.

    A boundary optimum can be an artefact of units: with time in seconds
    instead of days the slope's theta is 86400 times smaller than lme4's start
    of 1, and the path from there ends on the bound. So after a boundary
    optimum the fit is restarted in scaled coordinates ``theta = scale * phi``
    (``scale()`` gives :attr:`Design.theta_scale`, computed only then), with the bounded elements
    moved inside. A restart that converges to a lower criterion wins; one that
    runs off along a ridge (an unidentifiable model, such as random slopes for
    two nearly collinear predictors) does not, so a true singular fit stays
    singular, as in lme4.
    """
    options = {"ftol": 1e-15, "gtol": 1e-6, "maxiter": 5000}

    def run(theta0: np.ndarray, units: np.ndarray) -> scipy.optimize.OptimizeResult:
        def scaled(phi: np.ndarray) -> tuple[float, np.ndarray]:
            value, gradient = criterion(phi * units)
            return value, gradient * units

        bounds = scipy.optimize.Bounds(lower / units, np.inf)
        result = scipy.optimize.minimize(scaled, theta0 / units, method="L-BFGS-B", jac=True,
                                         bounds=bounds, options=options)
        at_bound = (result.x <= bounds.lb) & (result.jac > 0)
        result.gradient_max = float(np.max(np.abs(np.where(at_bound, 0.0, result.jac)), initial=0.0))
        result.success = result.gradient_max < 2e-3
        result.x = result.x * units
        return result

    unscaled = np.ones_like(lower)
    best = run(start, unscaled)
    evaluations = best.nfev
    if not best.success:
        best = run(best.x, unscaled)
        evaluations += best.nfev
    on_bound = np.isfinite(lower) & (best.x <= lower)
    if on_bound.any():
        units = scale()
        for inside in (1.0, 1e-1, 1e-2):
            candidate = run(np.where(on_bound, lower + inside * units, best.x), units)
            evaluations += candidate.nfev
            if candidate.success and candidate.fun < best.fun - 1e-6:
                best = candidate
    best.nfev = evaluations
    return best


@functools.cache
def _blas_controller() -> threadpoolctl.ThreadpoolController:
    """Found once: looking up the loaded BLAS libraries takes milliseconds."""
    return threadpoolctl.ThreadpoolController()


def fit_design(design: Design, REML: bool = True, start=None, data: pd.DataFrame | None = None) -> LMMResult:
    """Fit a linear mixed model to a prepared design.

    Parameters
    ----------
    design : Design
    REML : bool, default True
        Restricted maximum likelihood (True) or maximum likelihood (False).
    start : array_like, optional
        Starting theta; lme4's default (1 on the diagonal, 0 off it) if omitted.
    data : DataFrame, optional
        The data the design came from, kept on the result for refits.

    Returns
    -------
    LMMResult
    """
    criterion = _criterion_with_gradient(design, REML)
    start = design.theta_start if start is None else np.maximum(np.asarray(start, dtype=float), design.theta_lower)
    # the matrices are small: threaded BLAS only adds synchronisation cost (50x on a busy machine)
    with _blas_controller().limit(limits=1, user_api="blas"):
        result = _minimise(criterion, start, design.theta_lower, lambda: design.theta_scale)
        theta = np.where(np.abs(result.x) < 1e-10, 0.0, result.x)  # exact zeros on the boundary
        solution = criterion.last_solution
        if not np.array_equal(solution.theta, theta):
            solution = solve_pls(design, theta)
    if not result.success:
        warnings.warn(
            f"the optimiser did not converge (largest gradient element {result.gradient_max:.2g}, "
            f"{result.message}); the estimates may be off. "
            "Try rescaling predictors or simplifying the random effects.",
            ConvergenceWarning,
            stacklevel=3,
        )
    fit = LMMResult(design=design, REML=REML, pls=solution, data=data, optimizer=result)
    if fit.is_singular():
        warnings.warn("boundary (singular) fit: see LMMResult.is_singular", SingularFitWarning, stacklevel=3)
    return fit


def lmer(formula: str, data: pd.DataFrame, REML: bool = True, start=None) -> LMMResult:
    """Fit a linear mixed model written in lme4's formula language.

    Parameters
    ----------
    formula : str
        For example ``"Reaction ~ Days + (Days | Subject)"``; see
        :mod:`mmlib.formula` for the forms understood.
    data : pandas.DataFrame
        The data; never modified. Rows with missing values in the columns
        used are dropped with a warning.
    REML : bool, default True
        Restricted maximum likelihood (lme4's default) or maximum likelihood
        (``REML=False``, needed to compare fixed effects by likelihood ratio).
    start : array_like, optional
        Starting theta.

    Returns
    -------
    LMMResult

    Warns
    -----
    ConvergenceWarning
        If the optimiser did not converge.
    SingularFitWarning
        If a variance is estimated as zero or a correlation as +/-1.

    Notes
    -----
    The model is :math:`y = X\\beta + Z b + \\varepsilon` with
    :math:`b = \\Lambda_\\theta u`, :math:`u \\sim N(0, \\sigma^2 I)` and
    :math:`\\varepsilon \\sim N(0, \\sigma^2 I)`. The estimate of :math:`\\theta`
    minimises the profiled criterion (:func:`profiled_deviance`); then
    :math:`\\hat\\beta`, :math:`\\tilde u` come from :func:`solve_pls`, and

    .. math::

        \\hat\\sigma^2 = \\frac{r^2_{\\hat\\theta}}{n - p} \\text{ (REML) or }
        \\frac{r^2_{\\hat\\theta}}{n} \\text{ (ML)}, \\qquad
        \\widehat{\\operatorname{Var}}(\\hat\\beta) = \\hat\\sigma^2 R_X^{-1} R_X^{-\\top}
        = \\hat\\sigma^2 (X^\\top V^{-1} X)^{-1}.

    Examples
    --------
    >>> import mmlib
    >>> m = lmer("Reaction ~ Days + (Days | Subject)", mmlib.load_data("sleepstudy"))
    >>> m.fixef.round(3).to_dict()
    {'(Intercept)': 251.405, 'Days': 10.467}
    >>> round(m.reml_criterion, 3), round(m.sigma, 3)
    (1743.628, 25.592)
    """
    design = make_design(formula, data)
    if design.y.ndim != 1:
        raise ValueError("lmer needs a single numeric response; cbind(...) is for binomial models (glmer)")
    # With nothing left after the fixed effects there is no variance to split between groups and
    # residuals, and the criterion (a log of the residual sum of squares) is undefined.
    coefficients = np.linalg.lstsq(design.X, design.y, rcond=None)[0]
    if np.allclose(design.y, design.X @ coefficients, rtol=0.0, atol=1e-12 * max(1.0, np.abs(design.y).max())):
        raise ValueError(
            f"the response {design.terms.response_label!r} is constant, or exactly explained by the "
            "fixed effects: there is no variation left for a mixed model to describe"
        )
    return fit_design(design, REML=REML, start=start, data=data)


def _make_unique(names: list[str]) -> list[str]:
    """R's make.unique: the second 'Subject' becomes 'Subject.1'."""
    seen: dict[str, int] = {}
    unique = []
    for name in names:
        if name in seen:
            seen[name] += 1
            unique.append(f"{name}.{seen[name]}")
        else:
            seen[name] = 0
            unique.append(name)
    return unique


class LMMResult:
    """A fitted linear mixed model; attributes follow lme4's extractor functions.

    Created by :func:`lmer`. The estimates are read-only properties; see the
    package documentation for the full list.
    """

    def __init__(
        self, design: Design, REML: bool, pls: PLSSolution, data: pd.DataFrame | None, optimizer
    ):
        self.design = design
        self.REML = REML
        self.pls = pls
        self.data = data
        self.optimizer = optimizer

    # --- estimates -------------------------------------------------------------
    @property
    def formula(self) -> str:
        return self.design.terms.formula

    @property
    def nobs(self) -> int:
        """Number of observations used."""
        return self.pls.n

    @property
    def ngrps(self) -> dict[str, int]:
        """Number of levels of each grouping factor."""
        return self.design.groups

    @property
    def theta(self) -> pd.Series:
        """Relative covariance parameters, lme4's ``getME(m, "theta")``."""
        return pd.Series(self.pls.theta, index=list(self.design.theta_names), name="theta")

    @property
    def fixef(self) -> pd.Series:
        """Fixed-effect estimates."""
        return pd.Series(self.pls.beta, index=list(self.design.fixef_names), name="fixef")

    @property
    def sigma(self) -> float:
        """Residual standard deviation."""
        return self.pls.sigma(self.REML)

    @functools.cached_property
    def vcov(self) -> pd.DataFrame:
        """Covariance of the fixed effects, :math:`\\sigma^2 (X^\\top V^{-1} X)^{-1}`."""
        RX_inverse = scipy.linalg.solve_triangular(self.pls.RX, np.eye(self.pls.p))
        names = list(self.design.fixef_names)
        return pd.DataFrame(self.sigma**2 * RX_inverse @ RX_inverse.T, index=names, columns=names)

    @property
    def se(self) -> pd.Series:
        """Standard errors of the fixed effects."""
        return pd.Series(np.sqrt(np.diag(self.vcov)), index=self.vcov.index, name="se")

    def _covariance_blocks(self) -> list[np.ndarray]:
        """Covariance matrix of each term's effects within one group: sigma^2 T T'."""
        blocks = []
        for term in self.design.reterms:
            lower = np.zeros((term.n_columns, term.n_columns))
            # theta fills the lower triangle column by column: the transpose of numpy's row-wise upper triangle
            upper_rows, upper_cols = np.triu_indices(term.n_columns)
            lower[upper_cols, upper_rows] = self.pls.theta[term.theta_offset: term.theta_offset + term.n_theta]
            blocks.append(self.sigma**2 * lower @ lower.T)
        return blocks

    @property
    def varcorr(self) -> pd.DataFrame:
        """Variance components like R's ``as.data.frame(VarCorr(m))``.

        One row per variance (``var2`` missing, ``sdcor`` the SD), then one per
        covariance (``sdcor`` the correlation), for each term, and the residual.
        """
        rows = []
        groups = _make_unique([term.group for term in self.design.reterms])
        for group, term, covariance in zip(groups, self.design.reterms, self._covariance_blocks()):
            sd = np.sqrt(np.diag(covariance))
            for i, name in enumerate(term.columns):
                rows.append((group, name, None, covariance[i, i], sd[i]))
            for j in range(term.n_columns):
                for i in range(j + 1, term.n_columns):
                    correlation = covariance[i, j] / (sd[i] * sd[j]) if sd[i] * sd[j] > 0 else np.nan
                    rows.append((group, term.columns[j], term.columns[i], covariance[i, j], correlation))
        rows.append(("Residual", None, None, self.sigma**2, self.sigma))
        table = pd.DataFrame(rows, columns=["grp", "var1", "var2", "vcov", "sdcor"])
        return table.astype({"grp": "str", "var1": "str", "var2": "str"})  # missing as NaN, like R's NA

    # --- likelihood --------------------------------------------------------------
    @property
    def reml_criterion(self) -> float | None:
        """The REML criterion at the optimum (None for an ML fit)."""
        return self.pls.objective(True) if self.REML else None

    @property
    def deviance(self) -> float:
        """:math:`-2` times the log-likelihood; for REML fits the REML criterion, as lme4's ``deviance()``."""
        return self.pls.objective(self.REML)

    @property
    def loglik(self) -> float:
        """Log-likelihood (the REML log-likelihood for REML fits, as lme4's ``logLik``)."""
        return -0.5 * self.deviance

    @property
    def npar(self) -> int:
        """Number of parameters: fixed effects, theta, and the residual SD."""
        return self.pls.p + self.pls.theta.size + 1

    @property
    def df_resid(self) -> int:
        """Residual degrees of freedom as lme4 reports them: nobs - npar."""
        return self.nobs - self.npar

    @property
    def aic(self) -> float:
        """Akaike's criterion, :math:`-2\\ell + 2k`."""
        return self.deviance + 2 * self.npar

    @property
    def bic(self) -> float:
        """Schwarz's criterion, :math:`-2\\ell + k \\log n`."""
        return self.deviance + self.npar * np.log(self.nobs)

    # --- random effects -------------------------------------------------------------
    @property
    def u(self) -> np.ndarray:
        """Conditional modes of the spherical random effects."""
        return self.pls.u

    @property
    def b(self) -> np.ndarray:
        """Conditional modes of the random effects, :math:`\\Lambda_\\theta u`, in Z's column order."""
        return self.design.lambdat(self.pls.theta).T @ self.pls.u

    def _by_group(self, per_term: Callable) -> dict[str, pd.DataFrame]:
        """Collect per-term tables into one DataFrame per grouping factor, as lme4 does."""
        tables: dict[str, list[pd.DataFrame]] = {}
        for term in self.design.reterms:
            index = pd.Index(term.levels, name=term.group)
            table = pd.DataFrame(per_term(term), index=index, columns=list(term.columns))
            tables.setdefault(term.group, []).append(table)
        return {group: pd.concat(parts, axis=1) for group, parts in tables.items()}

    @property
    def ranef(self) -> dict[str, pd.DataFrame]:
        """Conditional modes of the random effects: group name -> DataFrame (one row per level)."""
        b = self.b
        return self._by_group(lambda term: b[term.offset: term.offset + term.size].reshape(-1, term.n_columns))

    @functools.cached_property
    def condvar(self) -> dict[str, np.ndarray]:
        """Conditional covariance of each level's random effects: group -> array (levels, k, k).

        :math:`\\sigma^2 \\Lambda_\\theta (L_\\theta L_\\theta^\\top)^{-1} \\Lambda_\\theta^\\top`,
        restricted to each level's effects (lme4's ``condVar``); the square
        roots of the diagonals are the conditional standard deviations.
        """
        lambdat = self.design.lambdat(self.pls.theta).toarray()
        half = scipy.linalg.solve_triangular(self.pls.L, lambdat, lower=True)
        covariance = self.sigma**2 * half.T @ half
        result = {}
        for group in self.ngrps:
            terms = [term for term in self.design.reterms if term.group == group]
            columns = np.concatenate([
                term.offset + np.arange(term.size).reshape(-1, term.n_columns) for term in terms
            ], axis=1)
            result[group] = np.stack([covariance[np.ix_(level, level)] for level in columns])
        return result

    @property
    def coef(self) -> dict[str, pd.DataFrame]:
        """Fixed plus random effects per level (lme4's ``coef``): group -> DataFrame."""
        fixef = self.fixef
        result = {}
        for group, ranef in self.ranef.items():
            table = pd.DataFrame(np.tile(fixef.to_numpy(), (len(ranef), 1)), index=ranef.index, columns=fixef.index)
            for column in ranef.columns:
                table[column] = table.get(column, 0.0) + ranef[column]
            result[group] = table
        return result

    # --- fitted values and prediction ----------------------------------------------
    @property
    def fitted(self) -> pd.Series:
        """Fitted values :math:`X\\hat\\beta + Z\\tilde b`."""
        values = self.design.X @ self.pls.beta + self.design.Z @ self.b
        return pd.Series(values, index=self.design.index, name="fitted")

    @property
    def residuals(self) -> pd.Series:
        """Response minus fitted values."""
        return pd.Series(self.design.y - self.fitted.to_numpy(), index=self.design.index, name="residuals")

    def predict(self, newdata: pd.DataFrame | None = None, re: bool = True) -> pd.Series:
        """Predictions, with (``re=True``) or without the random effects.

        Groups in ``newdata`` that the model has not seen get the
        population-level prediction (their random effects are zero).

        Parameters
        ----------
        newdata : DataFrame, optional
            Data to predict for; the fitted data if omitted.
        re : bool, default True
            Include the conditional modes of the random effects.

        Returns
        -------
        pandas.Series
        """
        if newdata is None:
            if re:
                return self.fitted.rename("predicted")
            return pd.Series(self.design.X @ self.pls.beta, index=self.design.index, name="predicted")
        values = fixed_matrix(self.design, newdata) @ self.pls.beta
        if re:
            values = values + random_matrix(self.design, newdata) @ self.b
        return pd.Series(values, index=newdata.index, name="predicted")

    # --- diagnostics, simulation, refits ---------------------------------------------
    def is_singular(self, tol: float = 1e-4) -> bool:
        """True if :math:`\\sigma^2\\Lambda_\\theta\\Lambda_\\theta^\\top` is rank-deficient.

        That is, a diagonal element of theta is (nearly) zero, as lme4's
        ``isSingular``, or a term's correlations are (nearly) :math:`\\pm 1`;
        :meth:`singularity` reports the rank term by term.
        """
        from mmlib.inference import is_singular

        return is_singular(self, tol)

    # --- inference: the math is in mmlib.inference (imported here, which imports this module) ---
    def singularity(self, tol: float = 1e-4) -> pd.DataFrame:
        """Rank of each random-effects covariance matrix; see :func:`mmlib.singularity`."""
        from mmlib.inference import singularity

        return singularity(self, tol)

    def check_convergence(self, tol: float = 2e-3, warn: bool = True) -> pd.Series:
        """Gradient and Hessian at the optimum; see :func:`mmlib.check_convergence`."""
        from mmlib.inference import check_convergence

        return check_convergence(self, tol, warn)

    def satterthwaite(self, L=None) -> pd.DataFrame:
        """t-tests with Satterthwaite df (lmerTest); see :func:`mmlib.satterthwaite`."""
        from mmlib.inference import satterthwaite

        return satterthwaite(self, L)

    def anova(self) -> pd.DataFrame:
        """F-test of each fixed-effect term (lmerTest's ``anova``); see :func:`mmlib.inference.type3_anova`."""
        from mmlib.inference import type3_anova

        return type3_anova(self)

    def confint(self, method: str = "profile", level: float = 0.95, **options) -> pd.DataFrame:
        """Confidence intervals (lme4's ``confint``); see :func:`mmlib.confint`."""
        from mmlib.inference import confint

        return confint(self, method=method, level=level, **options)

    def profile(self, parm=None, **options) -> pd.DataFrame:
        """Profile zeta curves (lme4's ``profile``); see :func:`mmlib.profile`."""
        from mmlib.inference import profile

        return profile(self, parm, **options)

    @property
    def converged(self) -> bool:
        """Whether the optimiser reported convergence."""
        return bool(self.optimizer.success)

    def simulate(self, nsim: int = 1, seed: int | None = None) -> pd.DataFrame:
        """Simulate responses from the fitted model (new random effects and noise).

        Returns a DataFrame with one column per simulation (``sim_1``, ...),
        like R's ``simulate()``.
        """
        if not isinstance(nsim, (int, np.integer)) or nsim < 1:
            raise ValueError(f"nsim must be a positive integer, not {nsim!r}")
        rng = np.random.default_rng(seed)
        lambdat = self.design.lambdat(self.pls.theta)
        mean = self.design.X @ self.pls.beta
        q = lambdat.shape[0]
        columns = {}
        for k in range(nsim):
            u = rng.standard_normal(q) * self.sigma
            noise = rng.standard_normal(self.nobs) * self.sigma
            columns[f"sim_{k + 1}"] = mean + self.design.Z @ (lambdat.T @ u) + noise
        return pd.DataFrame(columns, index=self.design.index)

    def refit(self, y, REML: bool | None = None) -> LMMResult:
        """Refit the same model to a new response vector (lme4's ``refit``)."""
        y = np.asarray(y, dtype=float)
        if y.shape != self.design.y.shape or not np.all(np.isfinite(y)):
            raise ValueError(f"the new response must be {self.nobs} finite numbers")
        design = dataclasses.replace(self.design, y=y)
        return fit_design(design, REML=self.REML if REML is None else REML, start=self.pls.theta, data=None)

    # --- printing -----------------------------------------------------------------------
    def summary(self) -> Summary:
        """A summary laid out like lme4's ``summary(m)``."""
        return Summary(_summary_text(self))

    def __repr__(self) -> str:
        kind = "REML" if self.REML else "maximum likelihood"
        return (
            f"<LMMResult: linear mixed model fit by {kind}: {self.formula}; "
            f"{self.nobs} obs, groups: {', '.join(f'{g} {n}' for g, n in self.ngrps.items())}>"
        )


class Summary(str):
    """Summary text that prints as itself in a notebook."""

    def __repr__(self) -> str:
        return str(self)


def _decimals(value: float, digits: int) -> int:
    """Decimals R needs to show ``value`` with ``digits`` significant digits, trailing zeros dropped."""
    if not np.isfinite(value) or value == 0:
        return 0
    needed = max(0, digits - 1 - int(np.floor(np.log10(abs(value)))))
    target = float(f"{value:.{digits - 1}e}")
    while needed > 0 and abs(round(value, needed - 1) - target) <= 1e-12 * abs(target):
        needed -= 1
    return needed


def _format_numbers(values, digits: int = 4) -> list[str]:
    """Format numbers with common decimals and width, as R's ``format(x, digits)``."""
    values = [float(v) for v in values]
    decimals = max((_decimals(v, digits) for v in values), default=0)
    texts = [f"{v:.{decimals}f}" if np.isfinite(v) else "NaN" for v in values]
    width = max((len(text) for text in texts), default=0)
    return [text.rjust(width) for text in texts]


def _abbreviate(name: str, length: int = 6) -> str:
    """R's ``abbreviate``: drop lower-case vowels, then lower-case letters, from the right."""
    characters = list(name)
    for removable in ("aeiou", "abcdefghijklmnopqrstuvwxyz"):
        position = len(characters) - 1
        while len(characters) > length and position > 0:
            if characters[position] in removable:
                del characters[position]
            position -= 1
    return "".join(characters[:length])


def _table(rows: list[list[str]], align: list[str]) -> list[str]:
    """Lay out rows of strings in columns; align 'l' or 'r' per column."""
    widths = [max(len(row[j]) for row in rows) for j in range(len(align))]
    lines = []
    for row in rows:
        cells = [cell.ljust(w) if a == "l" else cell.rjust(w) for cell, w, a in zip(row, widths, align)]
        lines.append(" ".join(cells).rstrip())
    return lines


def _summary_text(fit: LMMResult) -> str:
    lines = [
        "Linear mixed model fit by " + ("REML" if fit.REML else "maximum likelihood ") + " ['lmerMod']",
        f"Formula: {fit.formula}",
        "",
    ]
    if fit.REML:
        lines.append(f"REML criterion at convergence: {fit.reml_criterion:.1f}")
    else:
        values = [fit.aic, fit.bic, fit.loglik, fit.deviance]
        cells = [f"{v:.1f}" for v in values] + [str(fit.df_resid)]
        lines += _table([["AIC", "BIC", "logLik", "deviance", "df.resid"], cells], ["r"] * 5)
    scaled = fit.residuals.to_numpy() / fit.sigma
    quantiles = np.quantile(scaled, [0, 0.25, 0.5, 0.75, 1])
    # lme4 prints zapsmall(quantiles, 5) with 4 significant digits
    quantiles = np.round(quantiles, max(0, 5 - int(np.ceil(np.log10(np.max(np.abs(quantiles)))))))
    lines += ["", "Scaled residuals:"]
    lines += _table([["Min", "1Q", "Median", "3Q", "Max"], _format_numbers(quantiles)], ["r"] * 5)

    varcorr = fit.varcorr
    variances = varcorr[varcorr["var2"].isna()]
    has_correlation = any(term.n_columns > 1 for term in fit.design.reterms)
    variance_text = _format_numbers(variances["vcov"])
    sd_text = _format_numbers(variances["sdcor"])
    header = [" Groups", "Name", "Variance", "Std.Dev."] + (["Corr"] if has_correlation else [])
    rows, k = [header], 0
    groups = _make_unique([term.group for term in fit.design.reterms])
    for group, term, covariance in zip(groups, fit.design.reterms, fit._covariance_blocks()):
        sd = np.sqrt(np.diag(covariance))
        for i, name in enumerate(term.columns):
            row = [" " + (group if i == 0 else ""), name, variance_text[k], sd_text[k]]
            if has_correlation:
                correlations = [covariance[i, j] / (sd[i] * sd[j]) if sd[i] * sd[j] > 0 else np.nan for j in range(i)]
                row.append(" ".join(f"{c:5.2f}" if np.isfinite(c) else "  NaN" for c in correlations))
            rows.append(row)
            k += 1
    rows.append([" Residual", "", variance_text[k], sd_text[k]] + ([""] if has_correlation else []))
    lines += ["", "Random effects:"] + _table(rows, ["l"] * len(header))
    groups_text = "; ".join(f"{g}, {n}" for g, n in fit.ngrps.items())
    lines.append(f"Number of obs: {fit.nobs}, groups:  {groups_text}")

    estimates, se = fit.fixef, fit.se
    numbers = _format_numbers(list(estimates) + list(se))
    t_values = _format_numbers(estimates / se)
    p = len(estimates)
    rows = [["", "Estimate", "Std. Error", "t value"]]
    rows += [[name, numbers[i], numbers[p + i], t_values[i]] for i, name in enumerate(estimates.index)]
    lines += ["", "Fixed effects:"] + _table(rows, ["l", "r", "r", "r"])
    if p > 1:
        covariance = fit.vcov.to_numpy()
        correlation = covariance / np.outer(se, se)
        rows = [[""] + [_abbreviate(name) for name in estimates.index[:-1]]]
        for i in range(1, p):
            rows.append([estimates.index[i]] + [f"{correlation[i, j]:.3f}" for j in range(i)] + [""] * (p - 1 - i))
        lines += ["", "Correlation of Fixed Effects:"] + _table(rows, ["l"] + ["r"] * (p - 1))
    if fit.is_singular():
        lines += ["optimizer: boundary (singular) fit: see LMMResult.is_singular"]
    if not fit.converged:
        lines += ["optimizer: did not converge"]
    return "\n".join(lines)
