"""Link functions and exponential families for generalised linear (mixed) models.

A generalised linear model connects the mean :math:`\\mu` of the response to a
linear predictor :math:`\\eta = X\\beta` (plus :math:`Zb` in a mixed model)
through a *link function* :math:`g`:

.. math::

    \\eta = g(\\mu), \\qquad \\mu = g^{-1}(\\eta).

This module holds the seven links the course uses (identity, log, logit,
probit, cloglog, inverse, sqrt), each as a :class:`Link` with the link, its
inverse and both derivatives, and the four families (gaussian, binomial,
poisson, Gamma) as :class:`Family` objects with their variance functions,
deviances and log-likelihoods. ``mmlib.glmer`` builds its penalised
iteratively reweighted least squares (PIRLS) on these pieces.

Numerical safety follows R's ``make.link`` and ``family`` objects, so that
fits match lme4: the inverse of a probability link never returns exactly 0 or
1 (it is kept inside :math:`[\\epsilon, 1 - \\epsilon]`, with
:math:`\\epsilon` the machine epsilon), the inverse of the log link never
returns 0 or ``inf``, and :math:`d\\mu/d\\eta` is never below
:math:`\\epsilon`. The link itself clips :math:`\\mu` into the same range, so
:math:`g(0)` and :math:`g(1)` are finite and ``inverse(link(mu)) == mu`` on
that range. A mean outside the link's domain (a negative mean for the log
link, say) is a ``ValueError``, never a silent ``nan``.

Examples
--------
>>> from mmlib import links
>>> logit = links.get("logit")
>>> round(float(logit.link(0.75)), 4)
1.0986
>>> round(float(logit.inverse(1.0986)), 4)
0.75
>>> binomial = links.family("binomial")
>>> binomial.link.name, round(float(binomial.variance(0.5)), 2)
('logit', 0.25)
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable

import numpy as np
from numpy.typing import ArrayLike
from scipy import special

__all__ = ["Link", "Family", "get", "family", "LINK_NAMES", "FAMILY_NAMES"]

_EPS = np.finfo(float).eps
# exp() overflows to inf above this value.
_MAX_EXP_ARG = np.log(np.finfo(float).max)

Array = np.ndarray


@dataclass(frozen=True)
class Link:
    """A link function with its inverse and derivatives.

    Attributes
    ----------
    name : str
        Name as in R (``"logit"``, ``"log"``, ...).
    link : callable
        :math:`\\eta = g(\\mu)`.
    inverse : callable
        :math:`\\mu = g^{-1}(\\eta)`.
    deriv : callable
        :math:`d\\eta/d\\mu = g'(\\mu)`, as a function of :math:`\\mu`.
    mu_eta : callable
        :math:`d\\mu/d\\eta`, as a function of :math:`\\eta` (R's ``mu.eta``);
        PIRLS weights are :math:`w = (d\\mu/d\\eta)^2 / V(\\mu)`.
    valid_eta : callable
        ``True`` when every :math:`\\eta` maps to an admissible mean (R's
        ``valideta``); a fitting loop halves its step when this fails.
    domain : str
        The admissible means, for messages and plots.
    """

    name: str
    link: Callable[[ArrayLike], Array]
    inverse: Callable[[ArrayLike], Array]
    deriv: Callable[[ArrayLike], Array]
    mu_eta: Callable[[ArrayLike], Array]
    valid_eta: Callable[[ArrayLike], bool]
    domain: str

    def __repr__(self) -> str:
        return f"Link({self.name!r})"


def _as_float(x: ArrayLike) -> Array:
    return np.asarray(x, dtype=float)


def _check_mu(mu: Array, name: str, lower: float, upper: float, domain: str) -> None:
    """Raise if a mean lies outside the closed range [lower, upper]."""
    bad = (mu < lower) | (mu > upper)
    if np.any(bad):
        first = mu[bad].flat[0]
        raise ValueError(
            f"the {name} link needs means in {domain}, got {first!r}; "
            f"check the response or choose a link whose domain contains it"
        )


def _all_finite(eta: ArrayLike) -> bool:
    return bool(np.all(np.isfinite(eta)))


# --- identity -------------------------------------------------------------

def _identity(mu: ArrayLike) -> Array:
    return _as_float(mu)


def _ones(x: ArrayLike) -> Array:
    return np.ones_like(_as_float(x))


# --- log ------------------------------------------------------------------

def _log_link(mu: ArrayLike) -> Array:
    mu = _as_float(mu)
    _check_mu(mu, "log", 0.0, np.inf, "[0, inf)")
    return np.log(np.maximum(mu, _EPS))


def _log_inverse(eta: ArrayLike) -> Array:
    return np.maximum(np.exp(np.minimum(_as_float(eta), _MAX_EXP_ARG)), _EPS)


def _log_deriv(mu: ArrayLike) -> Array:
    return 1.0 / np.maximum(_as_float(mu), _EPS)


# --- logit ----------------------------------------------------------------

def _clip_probability(mu: ArrayLike, name: str) -> Array:
    mu = _as_float(mu)
    _check_mu(mu, name, 0.0, 1.0, "[0, 1]")
    return np.clip(mu, _EPS, 1.0 - _EPS)


def _logit_link(mu: ArrayLike) -> Array:
    return special.logit(_clip_probability(mu, "logit"))


def _logit_inverse(eta: ArrayLike) -> Array:
    return np.clip(special.expit(_as_float(eta)), _EPS, 1.0 - _EPS)


def _logit_deriv(mu: ArrayLike) -> Array:
    mu = _clip_probability(mu, "logit")
    return 1.0 / (mu * (1.0 - mu))


def _logit_mu_eta(eta: ArrayLike) -> Array:
    p = special.expit(_as_float(eta))
    return np.maximum(p * (1.0 - p), _EPS)


# --- probit ---------------------------------------------------------------

def _probit_link(mu: ArrayLike) -> Array:
    return special.ndtri(_clip_probability(mu, "probit"))


def _probit_inverse(eta: ArrayLike) -> Array:
    return np.clip(special.ndtr(_as_float(eta)), _EPS, 1.0 - _EPS)


def _normal_density(z: Array) -> Array:
    return np.exp(-0.5 * z * z) / np.sqrt(2.0 * np.pi)


def _probit_deriv(mu: ArrayLike) -> Array:
    return 1.0 / _normal_density(special.ndtri(_clip_probability(mu, "probit")))


def _probit_mu_eta(eta: ArrayLike) -> Array:
    return np.maximum(_normal_density(_as_float(eta)), _EPS)


# --- complementary log-log ------------------------------------------------

def _cloglog_link(mu: ArrayLike) -> Array:
    return np.log(-np.log1p(-_clip_probability(mu, "cloglog")))


def _cloglog_inverse(eta: ArrayLike) -> Array:
    eta = np.minimum(_as_float(eta), _MAX_EXP_ARG)
    return np.clip(-np.expm1(-np.exp(eta)), _EPS, 1.0 - _EPS)


def _cloglog_deriv(mu: ArrayLike) -> Array:
    mu = _clip_probability(mu, "cloglog")
    return -1.0 / ((1.0 - mu) * np.log1p(-mu))


def _cloglog_mu_eta(eta: ArrayLike) -> Array:
    # Capping eta keeps exp(eta) finite; the density is 0 in floating point there anyway.
    eta = np.minimum(_as_float(eta), 700.0)
    return np.maximum(np.exp(eta - np.exp(eta)), _EPS)


# --- inverse (canonical for Gamma) ----------------------------------------

def _check_nonzero(x: Array, what: str) -> None:
    if np.any(x == 0):
        raise ValueError(
            f"the inverse link is undefined at {what} = 0; "
            f"use the log link for means that can reach 0"
        )


def _inverse_link(mu: ArrayLike) -> Array:
    mu = _as_float(mu)
    _check_nonzero(mu, "mu")
    return 1.0 / mu


def _inverse_inverse(eta: ArrayLike) -> Array:
    eta = _as_float(eta)
    _check_nonzero(eta, "eta")
    return 1.0 / eta


def _inverse_deriv(mu: ArrayLike) -> Array:
    mu = _as_float(mu)
    _check_nonzero(mu, "mu")
    return -1.0 / mu**2


def _inverse_mu_eta(eta: ArrayLike) -> Array:
    eta = _as_float(eta)
    _check_nonzero(eta, "eta")
    return -1.0 / eta**2


def _inverse_valid_eta(eta: ArrayLike) -> bool:
    return _all_finite(eta) and bool(np.all(_as_float(eta) != 0))


# --- square root ----------------------------------------------------------

def _sqrt_link(mu: ArrayLike) -> Array:
    mu = _as_float(mu)
    _check_mu(mu, "sqrt", 0.0, np.inf, "[0, inf)")
    return np.sqrt(mu)


def _sqrt_inverse(eta: ArrayLike) -> Array:
    return _as_float(eta) ** 2


def _sqrt_deriv(mu: ArrayLike) -> Array:
    return 0.5 / np.sqrt(np.maximum(_as_float(mu), _EPS))


def _sqrt_mu_eta(eta: ArrayLike) -> Array:
    return 2.0 * _as_float(eta)


def _sqrt_valid_eta(eta: ArrayLike) -> bool:
    return _all_finite(eta) and bool(np.all(_as_float(eta) > 0))


_LINKS: dict[str, Link] = {
    link.name: link
    for link in (
        Link("identity", _identity, _identity, _ones, _ones, _all_finite, "(-inf, inf)"),
        Link("log", _log_link, _log_inverse, _log_deriv, _log_inverse, _all_finite, "[0, inf)"),
        Link("logit", _logit_link, _logit_inverse, _logit_deriv, _logit_mu_eta, _all_finite, "[0, 1]"),
        Link("probit", _probit_link, _probit_inverse, _probit_deriv, _probit_mu_eta, _all_finite, "[0, 1]"),
        Link("cloglog", _cloglog_link, _cloglog_inverse, _cloglog_deriv, _cloglog_mu_eta, _all_finite, "[0, 1]"),
        Link("inverse", _inverse_link, _inverse_inverse, _inverse_deriv, _inverse_mu_eta,
             _inverse_valid_eta, "mu != 0"),
        Link("sqrt", _sqrt_link, _sqrt_inverse, _sqrt_deriv, _sqrt_mu_eta, _sqrt_valid_eta, "[0, inf)"),
    )
}

LINK_NAMES: tuple[str, ...] = tuple(_LINKS)


def get(name: str) -> Link:
    """Look up a link function by name.

    Parameters
    ----------
    name : str
        One of ``"identity"``, ``"log"``, ``"logit"``, ``"probit"``,
        ``"cloglog"``, ``"inverse"``, ``"sqrt"`` (R's names).

    Returns
    -------
    Link
        The link with ``link``, ``inverse``, ``deriv`` (:math:`d\\eta/d\\mu`)
        and ``mu_eta`` (:math:`d\\mu/d\\eta`).

    Raises
    ------
    TypeError
        If `name` is not a string.
    KeyError
        If no link has that name; the message lists the known names.

    Notes
    -----
    The seven links, with :math:`\\Phi` the standard normal distribution
    function:

    .. math::

        \\begin{aligned}
        \\text{identity:}\\ & \\eta = \\mu, &
        \\text{log:}\\ & \\eta = \\log\\mu, \\\\
        \\text{logit:}\\ & \\eta = \\log\\frac{\\mu}{1-\\mu}, &
        \\text{probit:}\\ & \\eta = \\Phi^{-1}(\\mu), \\\\
        \\text{cloglog:}\\ & \\eta = \\log(-\\log(1-\\mu)), &
        \\text{inverse:}\\ & \\eta = 1/\\mu, \\\\
        \\text{sqrt:}\\ & \\eta = \\sqrt{\\mu}. & &
        \\end{aligned}

    By the inverse function rule,
    :math:`d\\mu/d\\eta = 1 / g'(\\mu)` evaluated at :math:`\\mu = g^{-1}(\\eta)`;
    for the logit link, for example,
    :math:`d\\mu/d\\eta = \\mu(1-\\mu)`.

    Examples
    --------
    >>> from mmlib import links
    >>> links.get("probit").inverse(0.0).item()
    0.5
    >>> round(float(links.get("logit").mu_eta(0.0)), 3)
    0.25
    """
    if not isinstance(name, str):
        raise TypeError(f"a link is named by a string such as 'logit', got {type(name).__name__}")
    try:
        return _LINKS[name]
    except KeyError:
        raise KeyError(
            f"unknown link {name!r}; known links are: {', '.join(LINK_NAMES)}"
        ) from None


@dataclass(frozen=True)
class Family:
    """An exponential family: variance function, deviance and log-likelihood.

    Build one with :func:`family`. The prior ``weights`` mean what they mean in
    R's ``glm``: for the binomial family they are the numbers of trials and
    ``y`` is the proportion of successes; for the Poisson family they are
    frequency weights; for the gaussian and Gamma families they divide the
    dispersion, :math:`\\operatorname{Var}(y_i) = \\phi V(\\mu_i) / w_i`.

    Attributes
    ----------
    name : str
        ``"gaussian"``, ``"binomial"``, ``"poisson"`` or ``"Gamma"``.
    link : Link
        The link in use.
    canonical_link : str
        Name of the canonical link of the family.
    links : tuple of str
        The links the family accepts (those R's family accepts among the
        seven of :func:`get`).
    fixed_dispersion : bool
        ``True`` when the dispersion :math:`\\phi` is 1 by definition
        (binomial, poisson); otherwise it is estimated.
    """

    name: str
    link: Link
    canonical_link: str
    links: tuple[str, ...]
    fixed_dispersion: bool
    _variance: Callable[[Array], Array]
    _unit_deviance: Callable[[Array, Array], Array]
    _loglik: Callable[[Array, Array, Array, float], Array]
    _valid_mu: Callable[[Array], bool]
    _check_y: Callable[[Array, Array], None]
    _initial_mu: Callable[[Array, Array], Array]

    def __repr__(self) -> str:
        return f"Family({self.name!r}, link={self.link.name!r})"

    def variance(self, mu: ArrayLike) -> Array:
        """Variance function :math:`V(\\mu)`: :math:`\\operatorname{Var}(y) = \\phi V(\\mu)/w`."""
        return self._variance(_as_float(mu))

    def unit_deviance(self, y: ArrayLike, mu: ArrayLike) -> Array:
        """Unit deviance :math:`d(y, \\mu)`, one value per observation, before weights.

        The deviance of a fit is :math:`D = \\sum_i w_i\\, d(y_i, \\mu_i)`; it is
        twice the log-likelihood gap to the saturated model (with
        :math:`\\phi = 1`).
        """
        return self._unit_deviance(_as_float(y), _as_float(mu))

    def deviance(self, y: ArrayLike, mu: ArrayLike, weights: ArrayLike | None = None) -> float:
        """Total deviance :math:`D = \\sum_i w_i\\, d(y_i, \\mu_i)`."""
        weights = self._weights(y, weights)
        return float(np.sum(weights * self.unit_deviance(y, mu)))

    def deviance_residuals(
        self, y: ArrayLike, mu: ArrayLike, weights: ArrayLike | None = None
    ) -> Array:
        """Deviance residuals :math:`\\operatorname{sign}(y - \\mu)\\sqrt{w\\, d(y, \\mu)}`."""
        y, mu = _as_float(y), _as_float(mu)
        weights = self._weights(y, weights)
        return np.sign(y - mu) * np.sqrt(weights * self.unit_deviance(y, mu))

    def loglik_obs(
        self,
        y: ArrayLike,
        mu: ArrayLike,
        weights: ArrayLike | None = None,
        scale: float = 1.0,
    ) -> Array:
        """Log-likelihood of each observation, with every constant included.

        Parameters
        ----------
        y, mu : array_like
            Response (a proportion for the binomial family) and mean.
        weights : array_like, optional
            Prior weights (binomial: numbers of trials); default 1.
        scale : float
            Dispersion :math:`\\phi` (gaussian: the residual variance;
            Gamma: :math:`1/\\text{shape}`); ignored by binomial and
            poisson, where it is 1.

        Returns
        -------
        numpy.ndarray
            :math:`\\log f(y_i; \\mu_i)`; the binomial term includes
            :math:`\\log\\binom{n_i}{n_i y_i}` and the Poisson term
            :math:`-\\log y_i!`, so the sum is the log-likelihood R reports.
        """
        y, mu = _as_float(y), _as_float(mu)
        weights = self._weights(y, weights)
        if not scale > 0:
            raise ValueError(f"scale (the dispersion) must be positive, got {scale!r}")
        return self._loglik(y, mu, weights, float(scale))

    def valid_mu(self, mu: ArrayLike) -> bool:
        """``True`` when every mean lies inside the family's parameter space."""
        return self._valid_mu(_as_float(mu))

    def check_y(self, y: ArrayLike, weights: ArrayLike | None = None) -> None:
        """Raise ``ValueError`` if the response is impossible for the family.

        Binomial: proportions in [0, 1] whose successes ``weights * y`` are
        whole numbers; poisson: non-negative whole numbers; Gamma: positive
        values; gaussian: finite values.
        """
        y = _as_float(y)
        if not np.all(np.isfinite(y)):
            raise ValueError(f"the {self.name} response has missing or infinite values; drop them first")
        self._check_y(y, self._weights(y, weights))

    def initial_mu(self, y: ArrayLike, weights: ArrayLike | None = None) -> Array:
        """Starting means for iterative fitting (R's ``mustart``).

        gaussian and Gamma: :math:`y`; binomial: :math:`(w y + 1/2)/(w + 1)`;
        poisson: :math:`y + 0.1`. Every start lies inside the parameter space.
        """
        y = _as_float(y)
        return self._initial_mu(y, self._weights(y, weights))

    @staticmethod
    def _weights(y: ArrayLike, weights: ArrayLike | None) -> Array:
        if weights is None:
            return np.ones_like(_as_float(y))
        weights = _as_float(weights)
        if np.any(weights < 0) or not np.all(np.isfinite(weights)):
            raise ValueError("prior weights must be finite and non-negative")
        return weights


# --- family pieces --------------------------------------------------------

def _gaussian_loglik(y: Array, mu: Array, w: Array, scale: float) -> Array:
    return -0.5 * (np.log(2.0 * np.pi * scale / w) + w * (y - mu) ** 2 / scale)


def _binomial_unit_deviance(y: Array, mu: Array) -> Array:
    # xlogy gives 0 * log(0) = 0 at y = 0 and y = 1.
    return 2.0 * (special.xlogy(y, y / mu) + special.xlogy(1.0 - y, (1.0 - y) / (1.0 - mu)))


def _binomial_loglik(y: Array, mu: Array, w: Array, scale: float) -> Array:
    successes = w * y
    log_choose = special.gammaln(w + 1) - special.gammaln(successes + 1) - special.gammaln(w - successes + 1)
    return log_choose + special.xlogy(successes, mu) + special.xlog1py(w - successes, -mu)


def _binomial_check(y: Array, w: Array) -> None:
    if np.any((y < 0) | (y > 1)):
        raise ValueError(
            "the binomial response must be a proportion in [0, 1] (or 0/1); "
            "for counts use cbind(successes, failures) or divide by the trials and pass them as weights"
        )
    successes = w * y
    if np.any(np.abs(successes - np.round(successes)) > 1e-7):
        raise ValueError("weights * y must be whole numbers of successes; pass the numbers of trials as weights")


def _poisson_unit_deviance(y: Array, mu: Array) -> Array:
    return 2.0 * (special.xlogy(y, y / mu) - (y - mu))


def _poisson_loglik(y: Array, mu: Array, w: Array, scale: float) -> Array:
    return w * (special.xlogy(y, mu) - mu - special.gammaln(y + 1))


def _poisson_check(y: Array, w: Array) -> None:
    if np.any(y < 0) or np.any(y != np.round(y)):
        raise ValueError("the poisson response must be non-negative whole numbers (counts)")


def _gamma_unit_deviance(y: Array, mu: Array) -> Array:
    return 2.0 * (-np.log(y / mu) + (y - mu) / mu)


def _gamma_loglik(y: Array, mu: Array, w: Array, scale: float) -> Array:
    shape = w / scale
    return (
        shape * np.log(shape * y / mu) - shape * y / mu - np.log(y) - special.gammaln(shape)
    )


def _positive_check(y: Array, w: Array) -> None:
    if np.any(y <= 0):
        raise ValueError("the Gamma response must be positive; use a different family for zeros")


def _base_family(name: str, links: tuple[str, ...], fixed_dispersion: bool, **pieces) -> Family:
    """A family with its canonical link, the first of `links`."""
    return Family(name, get(links[0]), links[0], links, fixed_dispersion, **pieces)


_FAMILIES: dict[str, Family] = {
    fam.name: fam
    for fam in (
        _base_family(
            "gaussian", ("identity", "log", "inverse"), False,
            _variance=_ones,
            _unit_deviance=lambda y, mu: (y - mu) ** 2,
            _loglik=_gaussian_loglik,
            _valid_mu=_all_finite,
            _check_y=lambda y, w: None,
            _initial_mu=lambda y, w: y,
        ),
        _base_family(
            "binomial", ("logit", "probit", "cloglog", "log"), True,
            _variance=lambda mu: mu * (1.0 - mu),
            _unit_deviance=_binomial_unit_deviance,
            _loglik=_binomial_loglik,
            _valid_mu=lambda mu: bool(np.all((mu > 0) & (mu < 1))),
            _check_y=_binomial_check,
            _initial_mu=lambda y, w: (w * y + 0.5) / (w + 1.0),
        ),
        _base_family(
            "poisson", ("log", "identity", "sqrt"), True,
            _variance=lambda mu: mu,
            _unit_deviance=_poisson_unit_deviance,
            _loglik=_poisson_loglik,
            _valid_mu=lambda mu: bool(np.all(np.isfinite(mu) & (mu > 0))),
            _check_y=_poisson_check,
            _initial_mu=lambda y, w: y + 0.1,
        ),
        _base_family(
            "Gamma", ("inverse", "identity", "log"), False,
            _variance=lambda mu: mu**2,
            _unit_deviance=_gamma_unit_deviance,
            _loglik=_gamma_loglik,
            _valid_mu=lambda mu: bool(np.all(np.isfinite(mu) & (mu > 0))),
            _check_y=_positive_check,
            _initial_mu=lambda y, w: y,
        ),
    )
}

FAMILY_NAMES: tuple[str, ...] = tuple(_FAMILIES)


def family(name: str, link: str | None = None) -> Family:
    """Build a family with its canonical link or a chosen one.

    Parameters
    ----------
    name : str
        ``"gaussian"``, ``"binomial"``, ``"poisson"`` or ``"Gamma"``
        (case-insensitive, so ``"gamma"`` works too).
    link : str, optional
        Name of the link; default the canonical link. Each family accepts
        the links R's family accepts among the seven of :func:`get`.

    Returns
    -------
    Family

    Raises
    ------
    TypeError
        If `name` or `link` is not a string.
    KeyError
        If the family or link name is unknown.
    ValueError
        If the link is known but not allowed for the family.

    Notes
    -----
    Variance functions :math:`V(\\mu)` and unit deviances :math:`d(y, \\mu)`:

    .. math::

        \\begin{array}{llll}
        \\text{family} & V(\\mu) & d(y, \\mu) & \\text{canonical link} \\\\
        \\text{gaussian} & 1 & (y-\\mu)^2 & \\text{identity} \\\\
        \\text{binomial} & \\mu(1-\\mu) &
            2\\left[y\\log\\frac{y}{\\mu} + (1-y)\\log\\frac{1-y}{1-\\mu}\\right] &
            \\text{logit} \\\\
        \\text{poisson} & \\mu & 2\\left[y\\log\\frac{y}{\\mu} - (y-\\mu)\\right] &
            \\text{log} \\\\
        \\text{Gamma} & \\mu^2 & 2\\left[-\\log\\frac{y}{\\mu} + \\frac{y-\\mu}{\\mu}\\right] &
            \\text{inverse}
        \\end{array}

    with :math:`0 \\log 0 = 0`. Log-likelihoods of one observation with prior
    weight :math:`w` and dispersion :math:`\\phi`:

    .. math::

        \\begin{aligned}
        \\text{gaussian:}\\ & -\\tfrac12\\left[\\log(2\\pi\\phi/w)
            + w(y-\\mu)^2/\\phi\\right] \\\\
        \\text{binomial:}\\ & \\log\\binom{w}{wy} + wy\\log\\mu + w(1-y)\\log(1-\\mu) \\\\
        \\text{poisson:}\\ & w\\left[y\\log\\mu - \\mu - \\log y!\\right] \\\\
        \\text{Gamma:}\\ & k\\log\\frac{k y}{\\mu} - \\frac{k y}{\\mu} - \\log y
            - \\log\\Gamma(k), \\quad k = w/\\phi.
        \\end{aligned}

    Examples
    --------
    >>> from mmlib import links
    >>> poisson = links.family("poisson")
    >>> poisson
    Family('poisson', link='log')
    >>> round(float(poisson.loglik_obs(2, 1.5).sum()), 4)
    -1.3822
    >>> links.family("binomial", link="probit").link.name
    'probit'
    """
    if not isinstance(name, str):
        raise TypeError(f"a family is named by a string such as 'binomial', got {type(name).__name__}")
    by_lower = {known.lower(): known for known in FAMILY_NAMES}
    if name.lower() not in by_lower:
        raise KeyError(f"unknown family {name!r}; known families are: {', '.join(FAMILY_NAMES)}")
    base = _FAMILIES[by_lower[name.lower()]]
    chosen = base.link if link is None else get(link)
    if chosen.name not in base.links:
        raise ValueError(
            f"the {base.name} family does not take the {chosen.name} link; "
            f"choose one of: {', '.join(base.links)}"
        )
    return replace(base, link=chosen)
