"""Shrinkage in a random-intercept model: Gelman & Hill (2006), equation 12.4.

In the random-intercept model

.. math::

    y_{ij} = \\alpha_j + \\beta x_{ij} + \\varepsilon_{ij}, \\qquad
    \\alpha_j \\sim N(\\mu_\\alpha, \\sigma^2_\\alpha), \\qquad
    \\varepsilon_{ij} \\sim N(0, \\sigma^2_y),

the estimate of a group's intercept is a precision-weighted average of the
group's own estimate and the population mean (Gelman & Hill 2006, eq. 12.4):

.. math::

    \\hat\\alpha_j = w_j\\,(\\bar y_j - \\beta \\bar x_j) + (1 - w_j)\\,\\mu_\\alpha,
    \\qquad
    w_j = \\frac{n_j / \\sigma^2_y}{n_j / \\sigma^2_y + 1 / \\sigma^2_\\alpha}.

The group's own mean gets more weight when it rests on more observations
(:math:`n_j` large), when the observations are less noisy (:math:`\\sigma_y`
small) and when groups differ more (:math:`\\sigma_\\alpha` large). Bates calls
this "borrowing strength": groups with little information borrow from the others.

:func:`shrinkage_weights` computes :math:`w_j`; :func:`simulate_shrinkage`
shows how the estimated weight grows with :math:`n_j` when the variances must
be estimated from data; :func:`shrinkage_table` takes the pieces of the
equation apart for a fitted random-intercept ``lmer`` model.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from mmlib.lmm import LMMResult
from mmlib.moments import _oneway_moments, _oneway_sums

__all__ = ["shrinkage_weights", "shrinkage_table", "simulate_shrinkage"]


def shrinkage_weights(n_j: ArrayLike, sigma2_y: ArrayLike, sigma2_alpha: ArrayLike) -> float | np.ndarray:
    """Weight of each group's own estimate in its partially pooled intercept.

    Parameters
    ----------
    n_j : array_like
        Number of observations in each group (:math:`n_j \\ge 0`; need not
        be whole, so the limit :math:`n_j \\to 0` can be drawn).
    sigma2_y : array_like
        Within-group (residual) variance :math:`\\sigma^2_y`, positive and finite.
    sigma2_alpha : array_like
        Between-group variance :math:`\\sigma^2_\\alpha`, in
        :math:`[0, \\infty]`: 0 (what a singular ``lmer`` fit reports)
        gives complete pooling, ``np.inf`` gives no pooling.

    Returns
    -------
    float or numpy.ndarray
        :math:`w_j \\in [0, 1]`, broadcast over the three arguments; a float
        when all three are scalars. The weight of the population mean is
        :math:`1 - w_j`.

    Raises
    ------
    ValueError
        For negative or missing values, a zero or infinite `sigma2_y`, or a
        negative `sigma2_alpha`.

    Notes
    -----
    .. math::

        w_j = \\frac{n_j / \\sigma^2_y}{n_j / \\sigma^2_y + 1 / \\sigma^2_\\alpha}
            = \\frac{n_j \\sigma^2_\\alpha}{n_j \\sigma^2_\\alpha + \\sigma^2_y}.

    The limits, as the formula gives them:

    * :math:`n_j \\to 0`: :math:`w_j \\to 0`; a group without data gets the
      population mean. :math:`n_j = 0` gives exactly 0, even with
      :math:`\\sigma^2_\\alpha = \\infty` where the formula reads 0/0.
    * :math:`n_j \\to \\infty`: :math:`w_j \\to 1`.
    * :math:`\\sigma^2_\\alpha \\to 0`: :math:`w_j \\to 0` (complete pooling);
      :math:`\\sigma^2_\\alpha = 0` gives exactly 0.
    * :math:`\\sigma^2_\\alpha \\to \\infty`: :math:`w_j \\to 1` for
      :math:`n_j > 0` (no pooling).
    * :math:`\\sigma^2_y \\to 0`: :math:`w_j \\to 1`; :math:`\\sigma^2_y \\to \\infty`:
      :math:`w_j \\to 0`. The endpoints themselves (no noise, infinite noise)
      are not a model and are refused.

    Examples
    --------
    Sleepstudy, ``Reaction ~ Days + (1 | Subject)``: :math:`\\hat\\sigma_\\alpha = 37.12`,
    :math:`\\hat\\sigma_y = 30.99`, ten days per subject:

    >>> from mmlib import shrinkage_weights
    >>> round(shrinkage_weights(10, 30.99**2, 37.12**2), 4)
    0.9348
    >>> shrinkage_weights([0, 1, 10, 100], 30.99**2, 37.12**2).round(3)
    array([0.   , 0.589, 0.935, 0.993])
    >>> shrinkage_weights(10, 30.99**2, [0, float("inf")])
    array([0., 1.])
    """
    n_j, sigma2_y, sigma2_alpha = (np.asarray(x, dtype=float) for x in (n_j, sigma2_y, sigma2_alpha))
    for name, values in (("n_j", n_j), ("sigma2_y", sigma2_y), ("sigma2_alpha", sigma2_alpha)):
        if np.any(np.isnan(values)):
            raise ValueError(f"{name} has missing values")
    if np.any(n_j < 0):
        raise ValueError(f"n_j counts observations and cannot be negative, got {n_j[n_j < 0].flat[0]:g}")
    if np.any(sigma2_y <= 0) or np.any(np.isinf(sigma2_y)):
        raise ValueError(
            "sigma2_y, the within-group variance, must be positive and finite; "
            "check that you passed a variance (sigma**2), not a count or a log"
        )
    if np.any(sigma2_alpha < 0):
        raise ValueError("sigma2_alpha, the between-group variance, cannot be negative; pass 0 for no variation")
    precision_own = n_j / sigma2_y
    with np.errstate(divide="ignore", invalid="ignore"):
        precision_prior = 1.0 / sigma2_alpha  # inf for sigma2_alpha = 0, 0 for inf
        weights = precision_own / (precision_own + precision_prior)
    # n_j = 0 with sigma2_alpha = inf is 0/0 in the formula; its limit in n_j is 0.
    weights = np.where(n_j == 0, 0.0, weights)
    return float(weights) if weights.ndim == 0 else weights


def shrinkage_table(model: LMMResult) -> pd.DataFrame:
    """Equation 12.4, group by group, for a fitted random-intercept model.

    Parameters
    ----------
    model : LMMResult
        A fit of :func:`mmlib.lmer` with a fixed intercept and exactly one
        random-effects term, a random intercept ``(1 | group)``, such as
        ``lmer("log_radon ~ floor + (1 | county)", radon)``.

    Returns
    -------
    pandas.DataFrame
        Indexed by the levels of the grouping factor, with columns

        ``n``
            observations in the group, :math:`n_j`;
        ``group_estimate``
            the group's own estimate of its intercept,
            :math:`\\bar y_j - \\bar x_j^\\top \\hat\\beta`, with :math:`\\bar x_j` the
            group means of the fixed-effect columns other than the intercept;
        ``weight``
            :math:`w_j` (:func:`shrinkage_weights` at the fitted variances);
        ``alpha``
            the partially pooled intercept, equal to the model's
            ``coef[group]["(Intercept)"]``.

    Raises
    ------
    TypeError
        If `model` is not an :class:`mmlib.LMMResult`.
    ValueError
        If the model has random slopes, several random terms, or no fixed
        intercept: equation 12.4 is the formula for one random intercept.

    Notes
    -----
    For :math:`y_{ij} = \\alpha_j + x_{ij}^\\top\\beta + \\varepsilon_{ij}` with
    :math:`\\alpha_j \\sim N(\\mu_\\alpha, \\sigma^2_\\alpha)`, the conditional mode
    of :math:`\\alpha_j` given the estimates
    :math:`\\hat\\mu_\\alpha, \\hat\\beta, \\hat\\sigma^2_y, \\hat\\sigma^2_\\alpha` is

    .. math::

        \\hat\\alpha_j = w_j\\,(\\bar y_j - \\bar x_j^\\top\\hat\\beta) + (1 - w_j)\\,\\hat\\mu_\\alpha,
        \\qquad w_j = \\frac{n_j \\hat\\sigma^2_\\alpha}{n_j \\hat\\sigma^2_\\alpha + \\hat\\sigma^2_y},

    where :math:`\\hat\\mu_\\alpha` is the fixed intercept. This is exact, not
    an approximation: it solves the group's row of the penalised
    least-squares equations, so ``alpha`` reproduces lme4's ``coef()``.
    Groups with few observations get small weights and are pulled towards
    :math:`\\hat\\mu_\\alpha`.

    Examples
    --------
    >>> import mmlib
    >>> m = mmlib.lmer("log_radon ~ floor + (1 | county)", mmlib.load_data("radon"))
    >>> table = mmlib.shrinkage_table(m)
    >>> table.loc[["AITKIN", "HENNEPIN", "LAC QUI PARLE"]].round(3)  # doctest: +NORMALIZE_WHITESPACE
                     n  group_estimate  weight  alpha
    county
    AITKIN           4           0.834   0.430  1.192
    HENNEPIN       105           1.358   0.952  1.363
    LAC QUI PARLE    2           2.945   0.274  1.868
    """
    if not isinstance(model, LMMResult):
        raise TypeError(f"model must be a fit of mmlib.lmer, not {type(model).__name__}")
    design = model.design
    if len(design.reterms) != 1 or design.reterms[0].columns != ("(Intercept)",):
        found = "; ".join(f"{', '.join(t.columns)} by {t.group}" for t in design.reterms)
        raise ValueError(
            f"shrinkage_table needs a model with a single random intercept, like 'y ~ x + (1 | g)'; "
            f"{model.formula!r} has random effects {found}"
        )
    if "(Intercept)" not in design.fixef_names:
        raise ValueError(
            f"shrinkage_table needs a fixed intercept, the mean mu_alpha of the group intercepts; "
            f"{model.formula!r} has none (remove the '0 +' or '- 1')"
        )
    term = design.reterms[0]
    intercept = design.fixef_names.index("(Intercept)")
    slopes = np.delete(model.fixef.to_numpy(), intercept)
    # Z is the indicator matrix of the groups: Z'1, Z'y and Z'X are group counts and sums
    n = np.asarray(design.Z.sum(axis=0)).ravel()
    y_bar = (design.Z.T @ design.y) / n
    x_bar = np.delete((design.Z.T @ design.X) / n[:, None], intercept, axis=1)
    group_estimate = y_bar - x_bar @ slopes
    varcorr = model.varcorr
    sigma2_alpha = varcorr.loc[varcorr["grp"] == term.group, "vcov"].item()
    weight = shrinkage_weights(n, model.sigma**2, sigma2_alpha)
    mu_alpha = model.fixef.iloc[intercept]
    return pd.DataFrame(
        {
            "n": n.round().astype(int),
            "group_estimate": group_estimate,
            "weight": weight,
            "alpha": weight * group_estimate + (1.0 - weight) * mu_alpha,
        },
        index=pd.Index(term.levels, name=term.group),
    )


def simulate_shrinkage(
    n_values: ArrayLike,
    sigma_alpha: float,
    sigma_y: float,
    nsim: int = 100,
    seed: int | None = None,
    n_groups: int = 20,
) -> pd.DataFrame:
    """Simulate how the estimated shrinkage weight grows with the group size.

    For each group size :math:`n` in `n_values` and each of `nsim`
    simulations: draw `n_groups` group means
    :math:`\\alpha_j \\sim N(0, \\sigma^2_\\alpha)`, then :math:`n` observations
    :math:`y_{ij} \\sim N(\\alpha_j, \\sigma^2_y)` per group; estimate both
    variances from the simulated data, and compute the weight the fitted model
    gives each group's own mean.

    Parameters
    ----------
    n_values : array_like of int
        Observations per group, each at least 2 (with one observation per
        group the two variances cannot be told apart).
    sigma_alpha : float
        Between-group standard deviation, :math:`\\ge 0`.
    sigma_y : float
        Within-group standard deviation, :math:`> 0`.
    nsim : int
        Simulations per group size.
    seed : int, optional
        Seed of the random generator; fix it for reproducible output.
    n_groups : int
        Groups in each simulated data set, at least 2.

    Returns
    -------
    pandas.DataFrame
        One row per (``n``, ``sim``) with the estimates
        ``sigma2_alpha_hat`` and ``sigma2_y_hat``, the estimated weight
        ``weight`` (:func:`shrinkage_weights` at the estimates), the weight
        at the true variances ``weight_true``, and the true ``sigma_alpha``
        and ``sigma_y`` (so that simulations can be stacked and labelled).

    Notes
    -----
    The data sets are balanced, so the variances are estimated by the method
    of moments of the one-way ANOVA (:func:`mmlib.mom_oneway`),

    .. math::

        \\hat\\sigma^2_y = MS_E, \\qquad
        \\hat\\sigma^2_\\alpha = \\max\\left(0, \\frac{MS_A - MS_E}{n}\\right),

    which for balanced data are the REML estimates of
    ``lmer(y ~ 1 + (1 | group))``, boundary included. The estimated weight
    scatters around :math:`w(n) = n\\sigma^2_\\alpha / (n\\sigma^2_\\alpha + \\sigma^2_y)`;
    when :math:`\\sigma_\\alpha < \\sigma_y` it is often 0 for small
    :math:`n`, where the between-group variance is estimated as 0.

    Examples
    --------
    >>> from mmlib import simulate_shrinkage
    >>> sims = simulate_shrinkage([2, 5, 20], sigma_alpha=4, sigma_y=3, nsim=100, seed=1)
    >>> sims.groupby("n")["weight"].median().round(2)
    n
    2     0.77
    5     0.90
    20    0.97
    Name: weight, dtype: float64
    >>> sims.groupby("n")["weight_true"].first().round(2).tolist()
    [0.78, 0.9, 0.97]
    """
    n_values = np.atleast_1d(np.asarray(n_values, dtype=float))
    if n_values.ndim != 1 or np.any(n_values != np.round(n_values)) or np.any(n_values < 2):
        raise ValueError(
            f"n_values must be whole numbers of observations per group, each at least 2, got {n_values.tolist()}; "
            f"with one observation per group the between and within variances cannot be separated"
        )
    n_values = n_values.astype(int)
    if not sigma_alpha >= 0 or not np.isfinite(sigma_alpha):
        raise ValueError(f"sigma_alpha must be a finite standard deviation >= 0, got {sigma_alpha!r}")
    if not sigma_y > 0 or not np.isfinite(sigma_y):
        raise ValueError(f"sigma_y must be a finite standard deviation > 0, got {sigma_y!r}")
    if int(nsim) != nsim or nsim < 1:
        raise ValueError(f"nsim must be a positive whole number, got {nsim!r}")
    if int(n_groups) != n_groups or n_groups < 2:
        raise ValueError(f"n_groups must be a whole number of at least 2, got {n_groups!r}")
    nsim, n_groups = int(nsim), int(n_groups)

    rng = np.random.default_rng(seed)
    frames = []
    for n in n_values.tolist():
        alpha = rng.normal(0.0, sigma_alpha, size=(nsim, n_groups, 1))
        y = alpha + rng.normal(0.0, sigma_y, size=(nsim, n_groups, n))
        means = y.mean(axis=2)
        ss_within = np.sum((y - means[..., None]) ** 2, axis=(1, 2))
        sizes = np.full(n_groups, float(n))
        s2_alpha, s2_y = _oneway_moments(*_oneway_sums(sizes, means, ss_within))
        s2_alpha = np.maximum(s2_alpha, 0.0)  # REML's boundary: a variance is never negative
        frames.append(pd.DataFrame({
            "n": n,
            "sim": np.arange(nsim),
            "sigma2_alpha_hat": s2_alpha,
            "sigma2_y_hat": s2_y,
            "weight": shrinkage_weights(n, s2_y, s2_alpha),
            "weight_true": shrinkage_weights(n, sigma_y**2, sigma_alpha**2),
        }))
    result = pd.concat(frames, ignore_index=True)
    return result.assign(sigma_alpha=float(sigma_alpha), sigma_y=float(sigma_y))
