"""Tests for mmlib.links: link functions and families.

Independent references: scipy.special (expit, logit, ndtr, ndtri), scipy.stats
distributions, statsmodels.genmod.families, and central finite differences.
"""

import numpy as np
import pytest
import statsmodels.api as sm
from scipy import special, stats

from mmlib import links

EPS = np.finfo(float).eps

# Means inside each link's domain, avoiding the clipped edges.
PROBABILITIES = np.concatenate([[1e-10, 1e-6, 1e-3], np.linspace(0.01, 0.99, 25), [1 - 1e-6, 1 - 1e-10]])
POSITIVE = np.geomspace(1e-8, 1e6, 30)
DOMAINS = {
    "identity": np.linspace(-50, 50, 31),
    "log": POSITIVE,
    "logit": PROBABILITIES,
    "probit": PROBABILITIES,
    "cloglog": PROBABILITIES,
    "inverse": np.concatenate([-POSITIVE, POSITIVE]),
    "sqrt": POSITIVE,
}

STATSMODELS_LINKS = {
    "identity": sm.families.links.Identity(),
    "log": sm.families.links.Log(),
    "logit": sm.families.links.Logit(),
    "probit": sm.families.links.Probit(),
    "cloglog": sm.families.links.CLogLog(),
    "inverse": sm.families.links.InversePower(),
    "sqrt": sm.families.links.Sqrt(),
}


def test_registry_has_the_seven_links():
    assert links.LINK_NAMES == ("identity", "log", "logit", "probit", "cloglog", "inverse", "sqrt")
    for name in links.LINK_NAMES:
        assert links.get(name).name == name


@pytest.mark.parametrize("name", list(DOMAINS))
def test_inverse_undoes_link_over_the_domain(name):
    link = links.get(name)
    mu = DOMAINS[name]
    np.testing.assert_allclose(link.inverse(link.link(mu)), mu, rtol=1e-9)


def _step(x):
    """Central-difference step: relative to x, absolute at x = 0."""
    return 1e-6 * np.where(x == 0, 1.0, np.abs(x))


@pytest.mark.parametrize("name", list(DOMAINS))
def test_deriv_matches_central_difference(name):
    link = links.get(name)
    # Stay away from the domain edges, where the step would leave the domain.
    mu = DOMAINS[name]
    if name in ("logit", "probit", "cloglog"):
        mu = mu[(mu > 1e-3) & (mu < 1 - 1e-3)]
    h = _step(mu)
    numeric = (link.link(mu + h) - link.link(mu - h)) / (2 * h)
    np.testing.assert_allclose(link.deriv(mu), numeric, rtol=1e-5)


@pytest.mark.parametrize("name", list(DOMAINS))
def test_mu_eta_matches_central_difference_and_inverse_rule(name):
    link = links.get(name)
    mu = DOMAINS[name]
    if name in ("logit", "probit", "cloglog"):
        mu = mu[(mu > 1e-3) & (mu < 1 - 1e-3)]
    eta = link.link(mu)
    h = _step(eta)
    numeric = (link.inverse(eta + h) - link.inverse(eta - h)) / (2 * h)
    np.testing.assert_allclose(link.mu_eta(eta), numeric, rtol=1e-5)
    # dmu/deta = 1 / (deta/dmu): the inverse function rule.
    np.testing.assert_allclose(link.mu_eta(eta) * link.deriv(mu), 1.0, rtol=1e-9)


@pytest.mark.parametrize("name", list(DOMAINS))
def test_agrees_with_statsmodels_links(name):
    ours, theirs = links.get(name), STATSMODELS_LINKS[name]
    mu = DOMAINS[name]
    if name in ("logit", "probit", "cloglog"):
        mu = mu[(mu > 1e-3) & (mu < 1 - 1e-3)]
    eta = ours.link(mu)
    np.testing.assert_allclose(eta, theirs(mu), rtol=1e-10)
    np.testing.assert_allclose(ours.inverse(eta), theirs.inverse(eta), rtol=1e-10)
    np.testing.assert_allclose(ours.deriv(mu), theirs.deriv(mu), rtol=1e-8)
    np.testing.assert_allclose(ours.mu_eta(eta), theirs.inverse_deriv(eta), rtol=1e-8)


def test_logit_and_probit_agree_with_scipy_special():
    p = PROBABILITIES
    eta = np.linspace(-30, 30, 61)
    np.testing.assert_allclose(links.get("logit").link(p), special.logit(p), rtol=1e-13)
    np.testing.assert_allclose(links.get("logit").inverse(eta), special.expit(eta), rtol=1e-13)
    np.testing.assert_allclose(links.get("probit").link(p), special.ndtri(p), rtol=1e-13)
    eta = np.linspace(-8, 8, 33)  # inside the clipping range of the probit inverse
    np.testing.assert_allclose(links.get("probit").inverse(eta), special.ndtr(eta), rtol=1e-13)


@pytest.mark.parametrize("name", ["logit", "probit", "cloglog"])
def test_probability_links_are_finite_and_silent_at_the_edges(name):
    link = links.get(name)
    with np.errstate(over="raise", divide="raise", invalid="raise"):  # overflow, 1/0 or nan fail
        eta = link.link(np.array([0.0, 1e-17, 1 - 1e-17, 1.0]))
        mu = link.inverse(np.array([-1e4, -800.0, 800.0, 1e4]))
        slope = link.mu_eta(np.array([-1e4, 0.0, 1e4]))
        deriv = link.deriv(np.array([0.0, 1.0]))
    assert np.all(np.isfinite(eta)) and np.all(np.isfinite(deriv))
    # The link maps [0, 1] onto the range the inverse returns: [eps, 1 - eps].
    np.testing.assert_allclose(link.inverse(eta[[0, 3]]), [EPS, 1 - EPS], rtol=1e-6)
    assert np.all((mu >= EPS) & (mu <= 1 - EPS))
    assert np.all(slope >= EPS)


def test_logit_of_tiny_probability_is_finite_and_monotone():
    logit = links.get("logit")
    values = logit.link(np.array([0.0, 1e-17, 1e-12]))
    assert np.all(np.isfinite(values))
    assert values[0] <= values[1] < values[2]


def test_log_link_is_finite_and_silent_at_the_edges():
    log = links.get("log")
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        assert np.isfinite(log.link(0.0))
        mu = log.inverse(np.array([-1e4, 1e4]))
        assert np.isfinite(log.deriv(0.0))
    assert mu[0] == EPS and np.isfinite(mu[1])


@pytest.mark.parametrize(
    ("name", "bad"),
    [("log", -0.5), ("sqrt", -1.0), ("logit", 1.5), ("probit", -0.1), ("cloglog", 2.0), ("inverse", 0.0)],
)
def test_mean_outside_the_domain_is_a_value_error(name, bad):
    with pytest.raises(ValueError, match=name if name != "inverse" else "inverse link"):
        links.get(name).link(np.array([0.5, bad]) if name != "inverse" else bad)


def test_valid_eta():
    assert links.get("sqrt").valid_eta([0.5, 2.0])
    assert not links.get("sqrt").valid_eta([0.5, -2.0])
    assert not links.get("inverse").valid_eta([1.0, 0.0])
    assert not links.get("logit").valid_eta([1.0, np.nan])


def test_unknown_link_lists_the_known_names():
    with pytest.raises(KeyError, match="known links are: identity, log, logit"):
        links.get("cauchit")
    with pytest.raises(TypeError, match="string"):
        links.get(3)


# --- families -------------------------------------------------------------

STATSMODELS_FAMILIES = {
    "gaussian": sm.families.Gaussian(),
    "binomial": sm.families.Binomial(),
    "poisson": sm.families.Poisson(),
    "Gamma": sm.families.Gamma(),
}


def _sample(name, rng):
    """Response, mean and prior weights typical of each family."""
    size = 40
    if name == "binomial":
        trials = rng.integers(1, 12, size).astype(float)
        mu = rng.uniform(0.05, 0.95, size)
        y = rng.binomial(trials.astype(int), mu) / trials
        return y, mu, trials
    if name == "poisson":
        mu = rng.uniform(0.2, 20, size)
        return rng.poisson(mu).astype(float), mu, rng.integers(1, 4, size).astype(float)
    if name == "Gamma":
        mu = rng.uniform(0.5, 5, size)
        return rng.gamma(2.0, mu / 2.0), mu, rng.uniform(0.5, 2, size)
    mu = rng.normal(0, 3, size)
    return mu + rng.normal(0, 1, size), mu, rng.uniform(0.5, 2, size)


def test_canonical_links_and_case_insensitive_names():
    assert {name: links.family(name).link.name for name in links.FAMILY_NAMES} == {
        "gaussian": "identity",
        "binomial": "logit",
        "poisson": "log",
        "Gamma": "inverse",
    }
    assert links.family("gamma").name == "Gamma"
    assert links.family("binomial", link="cloglog").link.name == "cloglog"


@pytest.mark.parametrize("name", ["gaussian", "binomial", "poisson", "Gamma"])
def test_canonical_link_has_dmu_deta_equal_to_the_variance(name):
    # For a canonical link, dmu/deta = V(mu) (up to the sign convention of
    # R's inverse link, whose derivative is -mu^2).
    fam = links.family(name)
    _, mu, _ = _sample(name, np.random.default_rng(1))
    np.testing.assert_allclose(np.abs(fam.link.mu_eta(fam.link.link(mu))), fam.variance(mu), rtol=1e-10)


@pytest.mark.parametrize("name", ["gaussian", "binomial", "poisson", "Gamma"])
def test_variance_deviance_and_residuals_agree_with_statsmodels(name):
    fam, theirs = links.family(name), STATSMODELS_FAMILIES[name]
    y, mu, w = _sample(name, np.random.default_rng(2))
    np.testing.assert_allclose(fam.variance(mu), theirs.variance(mu), rtol=1e-12)
    np.testing.assert_allclose(fam.deviance(y, mu, w), theirs.deviance(y, mu, var_weights=w), rtol=1e-10)
    np.testing.assert_allclose(
        fam.deviance_residuals(y, mu, w), theirs.resid_dev(y, mu, var_weights=w), rtol=1e-8, atol=1e-12
    )


def test_binomial_loglik_includes_the_binomial_coefficient():
    fam = links.family("binomial")
    y, mu, trials = _sample("binomial", np.random.default_rng(3))
    expected = stats.binom.logpmf(np.round(y * trials), trials, mu)
    np.testing.assert_allclose(fam.loglik_obs(y, mu, trials), expected, rtol=1e-12)


def test_poisson_loglik_includes_log_factorial_and_frequency_weights():
    fam = links.family("poisson")
    y, mu, w = _sample("poisson", np.random.default_rng(4))
    np.testing.assert_allclose(fam.loglik_obs(y, mu, w), w * stats.poisson.logpmf(y, mu), rtol=1e-12)


def test_gaussian_and_gamma_loglik_with_dispersion_divided_by_weights():
    rng = np.random.default_rng(5)
    y, mu, w = _sample("gaussian", rng)
    scale = 1.7
    np.testing.assert_allclose(
        links.family("gaussian").loglik_obs(y, mu, w, scale),
        stats.norm.logpdf(y, mu, np.sqrt(scale / w)),
        rtol=1e-12,
    )
    y, mu, w = _sample("Gamma", rng)
    scale = 0.4
    shape = w / scale
    np.testing.assert_allclose(
        links.family("Gamma").loglik_obs(y, mu, w, scale),
        stats.gamma.logpdf(y, a=shape, scale=mu / shape),
        rtol=1e-10,
    )
    # statsmodels uses the same convention for var_weights.
    np.testing.assert_allclose(
        links.family("Gamma").loglik_obs(y, mu, w, scale),
        sm.families.Gamma().loglike_obs(y, mu, var_weights=w, scale=scale),
        rtol=1e-10,
    )


@pytest.mark.parametrize("name", ["binomial", "poisson"])
def test_deviance_is_twice_the_loglik_gap_to_the_saturated_model(name):
    fam = links.family(name)
    y, mu, w = _sample(name, np.random.default_rng(6))
    gap = fam.loglik_obs(y, y, w).sum() - fam.loglik_obs(y, mu, w).sum()
    np.testing.assert_allclose(fam.deviance(y, mu, w), 2 * gap, rtol=1e-10)


@pytest.mark.parametrize(
    ("name", "y", "weights", "message"),
    [
        ("binomial", [0.0, 1.5], None, "proportion"),
        ("binomial", [0.5, 0.25], [3.0, 4.0], "whole numbers"),
        ("poisson", [1.0, -1.0], None, "non-negative whole"),
        ("poisson", [1.0, 2.5], None, "non-negative whole"),
        ("Gamma", [1.0, 0.0], None, "positive"),
        ("gaussian", [1.0, np.nan], None, "missing"),
    ],
)
def test_check_y_rejects_impossible_responses(name, y, weights, message):
    with pytest.raises(ValueError, match=message):
        links.family(name).check_y(y, weights)


def test_check_y_accepts_possible_responses():
    links.family("binomial").check_y([0.0, 0.5, 1.0], [1.0, 4.0, 2.0])
    links.family("poisson").check_y([0.0, 3.0])
    links.family("Gamma").check_y([0.1, 3.0])


@pytest.mark.parametrize("name", ["gaussian", "binomial", "poisson", "Gamma"])
def test_initial_mu_is_valid_even_for_boundary_responses(name):
    fam = links.family(name)
    y = {"binomial": [0.0, 1.0, 0.5], "poisson": [0.0, 4.0, 1.0]}.get(name, [0.5, 2.0, 7.0])
    mu = fam.initial_mu(y)
    assert fam.valid_mu(mu)
    assert np.all(np.isfinite(fam.link.link(mu)))


def test_valid_mu():
    assert not links.family("binomial").valid_mu([0.2, 1.0])
    assert not links.family("poisson").valid_mu([0.0, 1.0])
    assert links.family("Gamma").valid_mu([0.1, 2.0])


def test_family_errors_name_the_culprit():
    with pytest.raises(KeyError, match="known families are: gaussian, binomial, poisson, Gamma"):
        links.family("negbin")
    with pytest.raises(ValueError, match="poisson family does not take the logit link; choose one of: log"):
        links.family("poisson", link="logit")
    with pytest.raises(KeyError, match="unknown link 'logt'"):
        links.family("binomial", link="logt")
    with pytest.raises(ValueError, match="scale"):
        links.family("gaussian").loglik_obs([1.0], [1.0], scale=0.0)
    with pytest.raises(ValueError, match="weights"):
        links.family("poisson").deviance([1.0], [1.0], weights=[-1.0])
