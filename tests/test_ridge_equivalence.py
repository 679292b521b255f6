"""A linear mixed model's conditional modes are a ridge regression (week 7's bridge).

For ``Reaction ~ Days + (1 | Subject)`` the conditional modes b and the fixed effects beta
minimise

    ||y - X beta - Z b||^2 + lambda ||b||^2,   lambda = sigma^2 / sigma_alpha^2,

a ridge regression on the subject indicators Z with the fixed effects left unpenalised
(Henderson's mixed-model equations). For ``(Days | Subject)`` the penalty is the generalised
ridge ||Lambda^-1 b||^2, with Lambda Lambda' = Sigma_b / sigma^2 per subject.

The ridge solutions here are computed independently with dense numpy from the data frame (no
mmlib design matrices), at the variance components mmlib.lmer reports; they must reproduce
lmer's ranef and fixef. Both are exact solutions of the same linear system, so they agree to
rounding error: the tolerance, relative 1e-8, is far tighter than the 1e-6 the lesson promises
and far looser than the ~1e-12 the two linear solves actually reach.
"""

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import Ridge

import mmlib

RTOL = 1e-8


@pytest.fixture(scope="module")
def intercepts(sleep):
    return mmlib.lmer("Reaction ~ Days + (1 | Subject)", sleep)


@pytest.fixture(scope="module")
def slopes(sleep):
    return mmlib.lmer("Reaction ~ Days + (Days | Subject)", sleep)


def design(sleep: pd.DataFrame, slopes: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray, list]:
    """X = [1, Days]; Z = subject indicators (and, for slopes, indicators times Days)."""
    subjects = sorted(sleep["Subject"].unique(), key=int)
    indicators = (sleep["Subject"].to_numpy()[:, None] == np.array(subjects)[None, :]).astype(float)
    days = sleep["Days"].to_numpy(dtype=float)
    X = np.column_stack([np.ones(len(sleep)), days])
    if slopes:
        # columns per subject: intercept, Days (subject j occupies columns 2j, 2j + 1)
        Z = np.stack([indicators, indicators * days[:, None]], axis=2).reshape(len(sleep), -1)
    else:
        Z = indicators
    return X, Z, sleep["Reaction"].to_numpy(dtype=float), subjects


def ridge_with_unpenalised_columns(X: np.ndarray, Z: np.ndarray, y: np.ndarray, penalty: np.ndarray):
    """Minimise ||y - X beta - Z b||^2 + b' penalty b: solve the normal equations of [X Z]."""
    C = np.hstack([X, Z])
    p = X.shape[1]
    P = np.zeros((C.shape[1], C.shape[1]))
    P[p:, p:] = penalty
    solution = np.linalg.solve(C.T @ C + P, C.T @ y)
    return solution[:p], solution[p:]


def lmer_variances(fit) -> tuple[float, float]:
    """(sigma^2, sigma_alpha^2) from lmer's variance-component table."""
    table = fit.varcorr.set_index("grp")["vcov"]
    return float(table["Residual"]), float(table["Subject"])


def test_random_intercepts_are_ridge_with_lambda_sigma2_over_sigma2_alpha(sleep, intercepts):
    X, Z, y, subjects = design(sleep, slopes=False)
    sigma2, sigma2_alpha = lmer_variances(intercepts)
    lam = sigma2 / sigma2_alpha
    beta, b = ridge_with_unpenalised_columns(X, Z, y, lam * np.eye(Z.shape[1]))
    ranef = intercepts.ranef["Subject"]["(Intercept)"]
    modes = ranef.loc[[str(s) for s in subjects]].to_numpy()
    np.testing.assert_allclose(b, modes, rtol=RTOL, atol=RTOL * np.abs(modes).max())
    np.testing.assert_allclose(beta, intercepts.fixef.to_numpy(), rtol=RTOL)
    # lambda is 1 / theta^2 in lme4's parametrisation
    assert lam == pytest.approx(1 / intercepts.theta.iloc[0] ** 2, rel=1e-12)


def test_the_equivalence_needs_the_right_lambda(sleep, intercepts):
    """The check can fail: the inverse ratio, or lambda off by 1%, misses lmer's modes by far
    more than the tolerance."""
    X, Z, y, subjects = design(sleep, slopes=False)
    sigma2, sigma2_alpha = lmer_variances(intercepts)
    modes = intercepts.ranef["Subject"]["(Intercept)"].loc[[str(s) for s in subjects]].to_numpy()
    for wrong in (sigma2_alpha / sigma2, 1.01 * sigma2 / sigma2_alpha):
        _, b = ridge_with_unpenalised_columns(X, Z, y, wrong * np.eye(Z.shape[1]))
        assert np.max(np.abs(b - modes)) > 1000 * RTOL * np.abs(modes).max()


def test_scikit_learn_ridge_on_residualised_indicators(sleep, intercepts):
    """Profiling out the unpenalised X (Frisch-Waugh) leaves a plain ridge that sklearn solves."""
    X, Z, y, subjects = design(sleep, slopes=False)
    sigma2, sigma2_alpha = lmer_variances(intercepts)
    residual_maker = np.eye(len(y)) - X @ np.linalg.pinv(X)
    ridge = Ridge(alpha=sigma2 / sigma2_alpha, fit_intercept=False, solver="cholesky")
    ridge.fit(residual_maker @ Z, residual_maker @ y)
    modes = intercepts.ranef["Subject"]["(Intercept)"].loc[[str(s) for s in subjects]].to_numpy()
    np.testing.assert_allclose(ridge.coef_, modes, rtol=RTOL, atol=RTOL * np.abs(modes).max())


def test_random_slopes_are_generalised_ridge(sleep, slopes):
    X, Z, y, subjects = design(sleep, slopes=True)
    theta = slopes.theta.to_numpy()
    # relative covariance factor of one subject: lower triangle filled column by column
    T = np.array([[theta[0], 0.0], [theta[1], theta[2]]])
    per_subject = np.linalg.inv(T @ T.T)  # ||T^-1 b_j||^2 = b_j' (T T')^-1 b_j
    beta, b = ridge_with_unpenalised_columns(X, Z, y, np.kron(np.eye(len(subjects)), per_subject))
    ranef = slopes.ranef["Subject"].loc[[str(s) for s in subjects], ["(Intercept)", "Days"]].to_numpy()
    np.testing.assert_allclose(b.reshape(-1, 2), ranef, rtol=RTOL, atol=RTOL * np.abs(ranef).max())
    np.testing.assert_allclose(beta, slopes.fixef.to_numpy(), rtol=RTOL)
    # the same penalty from the reported variance components: sigma^2 Sigma_b^-1
    covariance = np.array([[slopes.varcorr["vcov"].iloc[0], slopes.varcorr["vcov"].iloc[2]],
                           [slopes.varcorr["vcov"].iloc[2], slopes.varcorr["vcov"].iloc[1]]])
    np.testing.assert_allclose(slopes.sigma**2 * np.linalg.inv(covariance), per_subject, rtol=1e-10)


def test_penalty_limits_are_complete_and_no_pooling(sleep):
    """A huge lambda gives complete pooling (the OLS line); a tiny one the per-subject fixed effects."""
    X, Z, y, _ = design(sleep, slopes=False)
    beta_big, b_big = ridge_with_unpenalised_columns(X, Z, y, 1e12 * np.eye(Z.shape[1]))
    np.testing.assert_allclose(beta_big, np.linalg.lstsq(X, y, rcond=None)[0], rtol=1e-8)
    assert np.max(np.abs(b_big)) < 1e-6
    beta_small, b_small = ridge_with_unpenalised_columns(X, Z, y, 1e-8 * np.eye(Z.shape[1]))
    no_pooling = np.linalg.lstsq(np.column_stack([X[:, 1], Z]), y, rcond=None)[0]
    np.testing.assert_allclose(beta_small[0] + b_small, no_pooling[1:], rtol=1e-6)
    np.testing.assert_allclose(beta_small[1], no_pooling[0], rtol=1e-6)
