"""Tests for mmlib.shrinkage: Gelman & Hill (2006) eq. 12.4 weights and their simulation.

Independent references: hand computation, and the best linear unbiased
predictions from Henderson's mixed-model equations solved with dense numpy.
"""

import numpy as np
import pandas as pd
import pytest

import mmlib
from mmlib import shrinkage_weights, simulate_shrinkage

# Sleepstudy, lmer(Reaction ~ Days + (1 | Subject)) in lme4: SDs 37.12 (Subject) and
# 30.99 (Residual), the values the lecture slides print.
SIGMA2_ALPHA, SIGMA2_Y = 37.12**2, 30.99**2


def test_weight_by_hand():
    expected = (10 / SIGMA2_Y) / (10 / SIGMA2_Y + 1 / SIGMA2_ALPHA)
    assert shrinkage_weights(10, SIGMA2_Y, SIGMA2_ALPHA) == pytest.approx(expected, rel=1e-14)
    assert expected == pytest.approx(0.93483, rel=1e-4)
    assert isinstance(shrinkage_weights(10, SIGMA2_Y, SIGMA2_ALPHA), float)


def test_weights_broadcast():
    n = np.array([[1], [5], [50]])
    s2_alpha = np.array([1.0, 10.0, 100.0, 1000.0])
    weights = shrinkage_weights(n, 9.0, s2_alpha)
    assert weights.shape == (3, 4)
    np.testing.assert_allclose(weights, n * s2_alpha / (n * s2_alpha + 9.0), rtol=1e-14)


def test_weights_grow_with_n_and_sigma_alpha_and_fall_with_sigma_y():
    n = np.arange(0, 50)
    assert np.all(np.diff(shrinkage_weights(n, SIGMA2_Y, SIGMA2_ALPHA)) > 0)
    s2 = np.geomspace(1e-3, 1e6, 40)
    assert np.all(np.diff(shrinkage_weights(10, SIGMA2_Y, s2)) > 0)
    assert np.all(np.diff(shrinkage_weights(10, s2, SIGMA2_ALPHA)) < 0)


def test_limit_n_to_zero():
    assert shrinkage_weights(0, SIGMA2_Y, SIGMA2_ALPHA) == 0.0
    # Near 0 the weight is n sigma2_alpha / sigma2_y to first order.
    n = 1e-9
    assert shrinkage_weights(n, SIGMA2_Y, SIGMA2_ALPHA) == pytest.approx(n * SIGMA2_ALPHA / SIGMA2_Y, rel=1e-8)
    # No data: the population mean, even when groups could differ without bound.
    assert shrinkage_weights(0, SIGMA2_Y, np.inf) == 0.0


def test_limit_n_to_infinity():
    assert shrinkage_weights(1e12, SIGMA2_Y, SIGMA2_ALPHA) == pytest.approx(1.0, abs=1e-11)


def test_limit_sigma_alpha_to_zero_is_complete_pooling():
    assert shrinkage_weights(10, SIGMA2_Y, 0.0) == 0.0
    small = shrinkage_weights(10, SIGMA2_Y, 1e-10)
    assert 0 < small < 1e-11
    # The value at 0 is the limit from above.
    assert small == pytest.approx(10 * 1e-10 / SIGMA2_Y, rel=1e-8)


def test_limit_sigma_alpha_to_infinity_is_no_pooling():
    assert shrinkage_weights(1, SIGMA2_Y, np.inf) == 1.0
    assert shrinkage_weights(1, SIGMA2_Y, 1e12) == pytest.approx(1.0, abs=1e-8)


def test_limits_of_sigma_y():
    assert shrinkage_weights(3, 1e-12, SIGMA2_ALPHA) == pytest.approx(1.0, abs=1e-14)
    assert shrinkage_weights(3, 1e12, SIGMA2_ALPHA) == pytest.approx(3 * SIGMA2_ALPHA / 1e12, rel=1e-6)


@pytest.mark.parametrize(
    ("n_j", "sigma2_y", "sigma2_alpha", "message"),
    [
        (-1, 1.0, 1.0, "n_j .* cannot be negative"),
        (5, 0.0, 1.0, "sigma2_y.* positive and finite"),
        (5, -2.0, 1.0, "sigma2_y.* positive and finite"),
        (5, np.inf, 1.0, "sigma2_y.* positive and finite"),
        (5, 1.0, -0.1, "sigma2_alpha.* cannot be negative"),
        ([5, np.nan], 1.0, 1.0, "n_j has missing values"),
    ],
)
def test_bad_input_is_a_value_error(n_j, sigma2_y, sigma2_alpha, message):
    with pytest.raises(ValueError, match=message):
        shrinkage_weights(n_j, sigma2_y, sigma2_alpha)


def test_equation_12_4_reproduces_the_blups_of_the_mixed_model_equations():
    # Radon (unbalanced: 1 to 116 houses a county), log_radon ~ floor + (1 | county)
    # with the variances held fixed. Henderson's equations give the BLUP of each
    # county intercept; eq. 12.4 must give the same numbers exactly.
    radon = mmlib.load_data("radon")
    sigma2_y, sigma2_alpha = 0.53, 0.10
    y = radon["log_radon"].to_numpy()
    x = radon["floor"].to_numpy(dtype=float)
    county = radon["county"].astype(str).factorize()[0]
    X = np.column_stack([np.ones_like(x), x])
    Z = np.eye(county.max() + 1)[county]
    lhs = np.block([[X.T @ X, X.T @ Z], [Z.T @ X, Z.T @ Z + sigma2_y / sigma2_alpha * np.eye(Z.shape[1])]])
    solution = np.linalg.solve(lhs, np.concatenate([X.T @ y, Z.T @ y]))
    mu_alpha, beta, b = solution[0], solution[1], solution[2:]

    sizes = np.bincount(county)
    y_bar, x_bar = np.bincount(county, weights=y) / sizes, np.bincount(county, weights=x) / sizes
    w = shrinkage_weights(sizes, sigma2_y, sigma2_alpha)
    alpha = w * (y_bar - beta * x_bar) + (1 - w) * mu_alpha
    np.testing.assert_allclose(alpha, mu_alpha + b, rtol=1e-10)
    assert sizes.min() == 1 and w.min() < 0.2 < 0.9 < w.max()


# --- simulation --------------------------------------------------------------------

def test_simulation_layout_and_reproducibility():
    sims = simulate_shrinkage([2, 4, 8], sigma_alpha=4, sigma_y=3, nsim=25, seed=7)
    assert list(sims.columns) == ["n", "sim", "sigma2_alpha_hat", "sigma2_y_hat", "weight", "weight_true",
                                  "sigma_alpha", "sigma_y"]
    assert len(sims) == 75
    assert sims.groupby("n").size().tolist() == [25, 25, 25]
    pd.testing.assert_frame_equal(sims, simulate_shrinkage([2, 4, 8], sigma_alpha=4, sigma_y=3, nsim=25, seed=7))
    pd.testing.assert_frame_equal(sims, simulate_shrinkage(np.array([2.0, 4.0, 8.0]), 4, 3, nsim=25, seed=7))
    other = simulate_shrinkage([2, 4, 8], sigma_alpha=4, sigma_y=3, nsim=25, seed=8)
    assert not np.allclose(sims["weight"], other["weight"])
    np.testing.assert_allclose(sims["weight_true"], shrinkage_weights(sims["n"], 9.0, 16.0), rtol=1e-14)
    np.testing.assert_allclose(
        sims["weight"], shrinkage_weights(sims["n"], sims["sigma2_y_hat"], sims["sigma2_alpha_hat"]), rtol=1e-14)
    assert (sims["sigma2_alpha_hat"] >= 0).all()


def test_simulated_variances_are_unbiased_when_nothing_is_truncated():
    # sigma_alpha = 4, sigma_y = 3, n = 10, 20 groups: MS_A ~ 169 chi2_19 / 19, so
    # sd(sigma2_alpha_hat) = 169 sqrt(2/19) / 10 = 5.48; the mean of 400 runs has
    # standard error 0.27. Tolerance: 4 standard errors.
    sims = simulate_shrinkage([10], sigma_alpha=4, sigma_y=3, nsim=400, seed=11)
    assert (sims["sigma2_alpha_hat"] > 0).all()
    assert sims["sigma2_alpha_hat"].mean() == pytest.approx(16.0, abs=4 * 0.27)
    # sigma2_y_hat = MS_E ~ 9 chi2_180 / 180: sd 0.95, standard error of the mean 0.047.
    assert sims["sigma2_y_hat"].mean() == pytest.approx(9.0, abs=4 * 0.047)


def test_lecture_settings_more_shrinkage_when_within_sd_is_larger():
    # The lecture's two panels: between-SD 4 with within-SD 3 and 10, 100 simulations.
    n_values = [2, 3, 5, 10, 20, 40]
    precise = simulate_shrinkage(n_values, sigma_alpha=4, sigma_y=3, nsim=100, seed=2024)
    noisy = simulate_shrinkage(n_values, sigma_alpha=4, sigma_y=10, nsim=100, seed=2024)
    median_precise = precise.groupby("n")["weight"].median()
    median_noisy = noisy.groupby("n")["weight"].median()
    assert (median_noisy < median_precise).all()
    assert median_noisy.is_monotonic_increasing and median_precise.is_monotonic_increasing
    # With sigma_alpha < sigma_y small groups often get a zero between-group variance.
    zero_share = noisy.groupby("n")["sigma2_alpha_hat"].apply(lambda s: (s == 0).mean())
    assert zero_share[2] > 0.05 and zero_share[40] == 0.0
    # The median estimated weight tracks the true weight as n grows.
    true = noisy.groupby("n")["weight_true"].first()
    assert abs(median_noisy[40] - true[40]) < 0.02


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n_values": [1, 5]}, "at least 2"),
        ({"n_values": [2.5, 5]}, "whole numbers"),
        ({"sigma_alpha": -1.0}, "sigma_alpha"),
        ({"sigma_y": 0.0}, "sigma_y"),
        ({"nsim": 0}, "nsim"),
        ({"n_groups": 1}, "n_groups"),
    ],
)
def test_simulation_input_errors(kwargs, message):
    arguments = {"n_values": [2, 5], "sigma_alpha": 4.0, "sigma_y": 3.0, "nsim": 5, "seed": 1} | kwargs
    with pytest.raises(ValueError, match=message):
        simulate_shrinkage(**arguments)


# --- shrinkage_table: equation 12.4 for a fitted lmer model -------------------------

@pytest.fixture(scope="module")
def sleep_intercept_model():
    return mmlib.lmer("Reaction ~ Days + (1 | Subject)", mmlib.load_data("sleepstudy"))


@pytest.fixture(scope="module")
def radon_model():
    return mmlib.lmer("log_radon ~ floor + (1 | county)", mmlib.load_data("radon"))


@pytest.mark.parametrize("fit", ["sleep_intercept_model", "radon_model"])
def test_shrinkage_table_alpha_is_lmers_coef(fit, request):
    # eq. 12.4 is exact for a random-intercept model, so it reproduces coef() to rounding
    m = request.getfixturevalue(fit)
    table = mmlib.shrinkage_table(m)
    group = next(iter(m.ngrps))
    intercepts = m.coef[group]["(Intercept)"]
    assert list(table.columns) == ["n", "group_estimate", "weight", "alpha"]
    assert table.index.equals(intercepts.index) and table.index.name == group
    np.testing.assert_allclose(table["alpha"], intercepts, rtol=1e-8, atol=1e-8)


def test_shrinkage_table_pieces_by_hand_on_unbalanced_radon(radon_model):
    radon = mmlib.load_data("radon")
    table = mmlib.shrinkage_table(radon_model)
    by_county = radon.groupby("county", observed=True)
    sizes = by_county.size()
    np.testing.assert_array_equal(table["n"], sizes.loc[table.index])
    slope = radon_model.fixef["floor"]
    own = by_county["log_radon"].mean() - slope * by_county["floor"].mean()
    np.testing.assert_allclose(table["group_estimate"], own.loc[table.index], rtol=1e-12)
    sigma2_alpha = radon_model.varcorr["vcov"].iloc[0]
    weight = sizes * sigma2_alpha / (sizes * sigma2_alpha + radon_model.sigma**2)
    np.testing.assert_allclose(table["weight"], weight.loc[table.index], rtol=1e-12)
    # unbalanced: the weights differ and rise with the county's size
    ordered = table.sort_values("n")
    assert np.all(np.diff(ordered["weight"]) >= 0) and table["weight"].nunique() > 10
    assert ordered["weight"].iloc[0] < 0.3 and ordered["weight"].iloc[-1] > 0.95


def test_shrinkage_table_weight_matches_the_lecture_values(sleep_intercept_model):
    # lme4 SDs 37.12 and 30.99 are rounded to 2 decimals, hence 1e-3 relative
    table = mmlib.shrinkage_table(sleep_intercept_model)
    assert (table["n"] == 10).all()
    np.testing.assert_allclose(table["weight"], shrinkage_weights(10, SIGMA2_Y, SIGMA2_ALPHA), rtol=1e-3)


def test_shrinkage_table_singular_fit_is_complete_pooling():
    # every group has the same mean: the between-group variance is estimated as 0
    data = pd.DataFrame({"y": [4.0, 5.0, 6.0, 6.0, 5.0, 4.0, 3.0, 5.0, 7.0, 5.0, 4.0, 6.0],
                         "g": np.repeat(list("abcd"), 3)})
    with pytest.warns(mmlib.SingularFitWarning):
        m = mmlib.lmer("y ~ 1 + (1 | g)", data)
    table = mmlib.shrinkage_table(m)
    np.testing.assert_array_equal(table["weight"], 0.0)
    np.testing.assert_allclose(table["alpha"], m.fixef["(Intercept)"], rtol=1e-12)


@pytest.mark.parametrize(
    ("formula", "message"),
    [
        ("Reaction ~ Days + (Days | Subject)", "single random intercept"),
        ("Reaction ~ Days + (0 + Days | Subject)", "single random intercept"),
        ("Reaction ~ 0 + Days + (1 | Subject)", "needs a fixed intercept"),
    ],
)
def test_shrinkage_table_refuses_other_models(formula, message):
    m = mmlib.lmer(formula, mmlib.load_data("sleepstudy"))
    with pytest.raises(ValueError, match=message):
        mmlib.shrinkage_table(m)


def test_shrinkage_table_refuses_two_random_terms_and_non_models():
    pastes = mmlib.load_data("pastes")
    m = mmlib.lmer("strength ~ 1 + (1 | batch/cask)", pastes)
    with pytest.raises(ValueError, match="single random intercept"):
        mmlib.shrinkage_table(m)
    with pytest.raises(TypeError, match="fit of mmlib.lmer"):
        mmlib.shrinkage_table(pastes)
