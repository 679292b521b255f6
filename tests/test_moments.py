"""Tests for mmlib.moments: ANOVA tables, expected mean squares, method-of-moments components.

Independent references: statsmodels OLS sums of squares, statsmodels MixedLM
(REML), published tables (cited at each use), and expected mean squares computed
directly as traces, E[y'Ay] = tr(A V) for y ~ N(mu 1, V) and A 1 = 0.
"""

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
import statsmodels.formula.api as smf
from scipy import optimize, stats

import mmlib
from mmlib import moments
from mmlib.exceptions import SingularFitWarning

SPLIT_PLOT_ROWS = ["Block", "Variety", "Error (whole plot)", "nitro", "Variety:nitro", "Error (split plot)"]


@pytest.fixture(scope="module")
def oats():
    return mmlib.load_data("oats")


@pytest.fixture(scope="module")
def pastes():
    return mmlib.load_data("pastes")


def _reml_variances(y, X, Zs):
    """REML variance components straight from the definition, with dense matrices.

    Maximises the restricted log-likelihood of y ~ N(X beta, sum_k s_k Z_k Z_k' + s I),
    -2 l = log|V| + log|X'V^-1 X| + r'V^-1 r (+ const), over the log variances
    [s_1, ..., s_K, s] with Nelder-Mead at tight tolerances.
    """
    n = len(y)
    covariances = [Z @ Z.T for Z in Zs]

    def minus_two_reml(log_variances):
        variances = np.exp(log_variances)
        V = variances[-1] * np.eye(n) + sum(s * G for s, G in zip(variances[:-1], covariances))
        L = np.linalg.cholesky(V)
        X_white, y_white = np.linalg.solve(L, X), np.linalg.solve(L, y)
        beta = np.linalg.lstsq(X_white, y_white, rcond=None)[0]
        r = y_white - X_white @ beta
        return 2 * np.log(np.diag(L)).sum() + np.linalg.slogdet(X_white.T @ X_white)[1] + r @ r

    start = np.full(len(Zs) + 1, np.log(np.var(y)))
    result = optimize.minimize(minus_two_reml, start, method="Nelder-Mead",
                               options={"xatol": 1e-10, "fatol": 1e-12, "maxiter": 20000, "maxfev": 20000})
    assert result.success
    return np.exp(result.x)


def _indicators(*columns):
    """Indicator matrix of the combinations of one or more factor columns."""
    codes = pd.MultiIndex.from_arrays([c.astype(str) for c in columns]).factorize()[0]
    return np.eye(codes.max() + 1)[codes]


def _projection(codes):
    """Matrix projecting onto the indicator columns of a factor (group means)."""
    indicators = np.eye(codes.max() + 1)[codes]
    return indicators @ np.linalg.pinv(indicators)


# --- split plot ---------------------------------------------------------------------

def test_split_plot_sums_of_squares_match_statsmodels_ols(oats):
    table = mmlib.split_plot_anova(oats, "yield", "Block", "Variety", "nitro")
    fit = smf.ols("Q('yield') ~ C(Block) + C(Variety) + C(Block):C(Variety) + C(nitro) + C(Variety):C(nitro)",
                  data=oats).fit()
    ols = sm.stats.anova_lm(fit, typ=1)
    # statsmodels orders the terms Block, Variety, nitro, Block:Variety, Variety:nitro, Residual.
    expected = ols["sum_sq"].to_numpy()[[0, 1, 3, 2, 4, 5]]
    assert list(table.index) == SPLIT_PLOT_ROWS
    np.testing.assert_allclose(table["SS"].to_numpy(), expected, rtol=1e-10)
    np.testing.assert_array_equal(table["df"].to_numpy(), ols["df"].to_numpy()[[0, 1, 3, 2, 4, 5]])


def test_split_plot_matches_the_published_oats_table(oats):
    # Yates (1935) oats; the table of summary(aov(Y ~ N * V + Error(B/V), oats)) in
    # Venables & Ripley (2002), MASS 4th ed., section 6.7, printed to 5 significant
    # digits: hence rtol 1e-4 (half a unit in the last printed digit).
    table = mmlib.split_plot_anova(oats, "yield", "Block", "Variety", "nitro")
    published_ss = [15875.3, 1786.4, 6013.3, 20020.5, 321.75, 7968.75]
    np.testing.assert_allclose(table["SS"].to_numpy(), published_ss, rtol=1e-4)
    np.testing.assert_array_equal(table["df"].to_numpy(), [5, 2, 10, 3, 6, 45])
    np.testing.assert_allclose(table.loc[["Variety", "nitro", "Variety:nitro"], "F"], [1.4853, 37.686, 0.3028],
                               rtol=1e-4)
    np.testing.assert_allclose(table.loc[["Variety", "nitro", "Variety:nitro"], "p"], [0.2724, 2.458e-12, 0.9322],
                               rtol=5e-4)


def test_split_plot_f_tests_use_the_right_error_strata(oats):
    table = mmlib.split_plot_anova(oats, "yield", "Block", "Variety", "nitro")
    ms = table["MS"]
    for source, error in [("Block", "Error (whole plot)"), ("Variety", "Error (whole plot)"),
                          ("nitro", "Error (split plot)"), ("Variety:nitro", "Error (split plot)")]:
        f_value = ms[source] / ms[error]
        assert table.at[source, "F"] == pytest.approx(f_value, rel=1e-12)
        assert table.at[source, "p"] == pytest.approx(
            stats.f.sf(f_value, table.at[source, "df"], table.at[error, "df"]), rel=1e-10)
    assert table.loc[["Error (whole plot)", "Error (split plot)"], ["F", "p"]].isna().all().all()


def test_split_plot_expected_mean_squares_text(oats):
    ems = mmlib.split_plot_anova(oats, "yield", "Block", "Variety", "nitro")["E[MS]"]
    # r = 6 blocks, a = 3 varieties, c = 4 nitrogen levels.
    assert ems["Block"] == "σ²_residual + 4 σ²_whole_plot + 12 σ²_block"
    assert ems["Variety"] == "σ²_residual + 4 σ²_whole_plot + φ(Variety)"
    assert ems["Error (whole plot)"] == "σ²_residual + 4 σ²_whole_plot"
    assert ems["Variety:nitro"] == "σ²_residual + φ(Variety:nitro)"
    assert ems["Error (split plot)"] == "σ²_residual"


def test_split_plot_table_ignores_row_order(oats):
    shuffled = oats.sample(frac=1.0, random_state=3)
    pd.testing.assert_frame_equal(
        mmlib.split_plot_anova(shuffled, "yield", "Block", "Variety", "nitro"),
        mmlib.split_plot_anova(oats, "yield", "Block", "Variety", "nitro"),
        rtol=1e-12,
    )


def test_mom_split_plot_equals_reml_on_balanced_oats(oats):
    mom = mmlib.mom_split_plot(oats, "yield", "Block", "Variety", "nitro")
    # By hand from the table: MS_block = 3175.06, MS_w = 601.33, MS_e = 177.08.
    np.testing.assert_allclose(mom, [(15875.2778 / 5 - 6013.3056 / 10) / 12, (6013.3056 / 10 - 7968.75 / 45) / 4,
                                     7968.75 / 45], rtol=1e-6)
    X = smf.ols("Q('yield') ~ C(Variety) * C(nitro)", oats).fit().model.exog
    reml = _reml_variances(oats["yield"].to_numpy(float), X,
                           [_indicators(oats["Block"]), _indicators(oats["Block"], oats["Variety"])])
    # REML by Nelder-Mead: agreement to its tolerance, 1e-6 relative.
    np.testing.assert_allclose(mom, reml, rtol=1e-6)


def _oats_cube(oats):
    """The oats yields as an array [block, variety, nitro], for building edge cases."""
    return oats.pivot_table(index=["Block", "Variety"], columns="nitro", values="yield", observed=True)


def _from_cube(wide):
    return wide.stack().rename("yield").reset_index()


def test_negative_block_component_is_set_to_zero_with_a_warning(oats):
    wide = _oats_cube(oats)
    # Remove every difference between block means: MS_block = 0 < MS_whole-plot error.
    block_means = wide.groupby(level="Block", observed=True).transform("mean").mean(axis=1)
    flat = _from_cube(wide.sub(block_means, axis=0))
    with pytest.warns(SingularFitWarning, match=r"negative for block \(-"):
        mom = mmlib.mom_split_plot(flat, "yield", "Block", "Variety", "nitro")
    assert mom["block"] == 0.0
    assert mom["whole_plot"] > 0 and mom["residual"] > 0


def test_negative_whole_plot_component_is_set_to_zero_with_a_warning(oats):
    wide = _oats_cube(oats)
    # Replace each whole-plot mean by its additive block + variety fit: SS_w = 0.
    plot_means = wide.mean(axis=1)
    block = plot_means.groupby(level="Block", observed=True).transform("mean")
    variety = plot_means.groupby(level="Variety", observed=True).transform("mean")
    additive = block + variety - plot_means.mean()
    flat = _from_cube(wide.sub(plot_means - additive, axis=0))
    with pytest.warns(SingularFitWarning, match="whole_plot"):
        mom = mmlib.mom_split_plot(flat, "yield", "Block", "Variety", "nitro")
    assert mom["whole_plot"] == 0.0
    assert mmlib.split_plot_anova(flat, "yield", "Block", "Variety", "nitro").at["Error (whole plot)", "SS"] \
        == pytest.approx(0.0, abs=1e-8)


def test_missing_cell_is_named(oats):
    dropped = oats.drop(index=oats.index[5])
    row = oats.loc[oats.index[5]]
    with pytest.raises(ValueError, match=rf"not a balanced split plot: the cell \(Block='{row.Block}', "
                                         rf"Variety='{row.Variety}', nitro={row.nitro}\) has no observation"):
        mmlib.split_plot_anova(dropped, "yield", "Block", "Variety", "nitro")


def test_duplicated_cell_is_named(oats):
    doubled = pd.concat([oats, oats.iloc[[0]]], ignore_index=True)
    with pytest.raises(ValueError, match="has more than one observation"):
        mmlib.mom_split_plot(doubled, "yield", "Block", "Variety", "nitro")


def test_a_design_that_is_not_a_split_plot_is_refused(pastes):
    # pastes is nested (casks within batches), not crossed: most cells are empty.
    with pytest.raises(ValueError, match="not a balanced split plot"):
        mmlib.split_plot_anova(pastes, "strength", "batch", "cask", "sample")


def test_split_plot_input_errors(oats):
    with pytest.raises(KeyError, match="'Blok'.*did you mean 'Block'"):
        mmlib.split_plot_anova(oats, "yield", "Blok", "Variety", "nitro")
    with pytest.raises(TypeError, match="response 'Variety' must be numeric"):
        mmlib.split_plot_anova(oats, "Variety", "Block", "yield", "nitro")
    one_block = oats[oats["Block"] == "I"]
    with pytest.raises(ValueError, match="at least two levels of 'Block'"):
        mmlib.split_plot_anova(one_block, "yield", "Block", "Variety", "nitro")


# --- nested ---------------------------------------------------------------------------

def test_nested_pastes_matches_lme4_reml(pastes):
    # lme4 REML fit of strength ~ 1 + (1 | batch/cask) to Pastes: variances
    # cask:batch 8.434, batch 1.657, residual 0.678 (Bates, lme4: Mixed-effects
    # modeling with R, 2010, section 2.2), printed to 4 digits: rtol 5e-4.
    mom = mmlib.mom_nested(pastes, "strength", "batch", "cask")
    assert list(mom.index) == ["cask:batch", "batch", "residual"]
    np.testing.assert_allclose(mom, [8.434, 1.657, 0.678], rtol=5e-4)


def test_nested_pastes_equals_reml_from_its_definition(pastes):
    mom = mmlib.mom_nested(pastes, "strength", "batch", "cask")
    reml = _reml_variances(pastes["strength"].to_numpy(), np.ones((len(pastes), 1)),
                           [_indicators(pastes["batch"], pastes["cask"]), _indicators(pastes["batch"])])
    np.testing.assert_allclose(mom, reml, rtol=1e-6)  # Nelder-Mead tolerance


def test_nested_table_sums_to_total_and_repeated_labels_are_nested(pastes):
    table = mmlib.anova_nested(pastes, "strength", "batch", "cask")
    y = pastes["strength"]
    assert table["SS"].sum() == pytest.approx(((y - y.mean()) ** 2).sum(), rel=1e-12)
    # Casks are labelled a, b, c in every batch; nested, they are 30 casks, not 3.
    np.testing.assert_array_equal(table["df"].to_numpy(), [9, 20, 30])
    # The unique 'sample' labels give the same table.
    by_sample = mmlib.anova_nested(pastes, "strength", "batch", "sample")
    np.testing.assert_allclose(by_sample["SS"].to_numpy(), table["SS"].to_numpy(), rtol=1e-12)
    assert table.at["batch", "F"] == pytest.approx(table.at["batch", "MS"] / table.at["cask:batch", "MS"])


def test_unbalanced_nested_coefficients_equal_traces():
    # E[MS_k] = sum over components of tr(A_k Z Z') / df_k times the variance.
    outer = np.array([0] * 5 + [1] * 4 + [2] * 7)
    inner_sizes = [[2, 3], [1, 1, 2], [4, 2, 1]]
    cell = np.repeat(np.arange(8), sum(inner_sizes, []))
    inner = np.concatenate([np.repeat(np.arange(len(s)), s) for s in inner_sizes])
    data = pd.DataFrame({"y": np.random.default_rng(0).normal(size=16),
                         "outer": outer.astype(str), "inner": inner.astype(str)})
    parts = moments._nested(data, "y", "outer", "inner")
    n = len(data)
    p_mean, p_outer, p_cell = np.full((n, n), 1 / n), _projection(outer), _projection(cell)
    z_outer, z_cell = np.eye(3)[outer], np.eye(8)[cell]
    a_outer, a_inner = p_outer - p_mean, p_cell - p_outer
    df_outer, df_inner, _ = parts["df"]
    assert parts["k_outer"] == pytest.approx(np.trace(a_outer @ z_outer @ z_outer.T) / df_outer, rel=1e-12)
    assert parts["k_outer_inner"] == pytest.approx(np.trace(a_outer @ z_cell @ z_cell.T) / df_outer, rel=1e-12)
    assert parts["k_inner"] == pytest.approx(np.trace(a_inner @ z_cell @ z_cell.T) / df_inner, rel=1e-12)
    # The inner mean square carries no outer variance: tr(A_inner Z_outer Z_outer') = 0.
    assert np.trace(a_inner @ z_outer @ z_outer.T) == pytest.approx(0.0, abs=1e-10)
    ss = [y @ a @ y for y in [data["y"].to_numpy()] for a in (a_outer, a_inner, np.eye(n) - p_cell)]
    np.testing.assert_allclose(parts["ss"], ss, rtol=1e-10)


def test_nested_input_errors(pastes):
    with pytest.raises(ValueError, match="each level of 'sample' holds a single level of 'batch'"):
        mmlib.anova_nested(pastes, "strength", "sample", "batch")
    means = pastes.groupby(["batch", "cask"], observed=True, as_index=False)["strength"].mean()
    with pytest.raises(ValueError, match="single observation"):
        mmlib.mom_nested(means, "strength", "batch", "cask")
    with pytest.raises(ValueError, match="different columns"):
        mmlib.mom_nested(pastes, "strength", "batch", "batch")


# --- one-way --------------------------------------------------------------------------

def test_oneway_balanced_equals_reml_and_n0_is_the_group_size(pastes):
    table = mmlib.anova_oneway(pastes, "strength", "sample")
    assert table.at["sample", "E[MS]"] == "σ²_residual + 2 σ²_sample"
    mom = mmlib.mom_oneway(pastes, "strength", "sample")
    reml = _reml_variances(pastes["strength"].to_numpy(), np.ones((len(pastes), 1)), [_indicators(pastes["sample"])])
    np.testing.assert_allclose(mom, reml, rtol=1e-6)  # Nelder-Mead tolerance


def test_oneway_matches_statsmodels_ols_anova():
    radon = mmlib.load_data("radon")
    table = mmlib.anova_oneway(radon, "log_radon", "county")
    ols = sm.stats.anova_lm(smf.ols("log_radon ~ C(county)", data=radon).fit(), typ=1)
    np.testing.assert_allclose(table["SS"].to_numpy(), ols["sum_sq"].to_numpy(), rtol=1e-10)
    np.testing.assert_allclose(table.at["county", "F"], ols["F"].iloc[0], rtol=1e-10)
    np.testing.assert_allclose(table.at["county", "p"], ols["PR(>F)"].iloc[0], rtol=1e-8)


def test_oneway_unbalanced_n0_is_the_trace_coefficient():
    sizes = np.array([1, 3, 7, 2])
    codes = np.repeat(np.arange(4), sizes)
    _, df_between, _, _, n0 = moments._oneway_sums(sizes.astype(float), np.zeros(4), 0.0)
    n = sizes.sum()
    a_between = _projection(codes) - np.full((n, n), 1 / n)
    z = np.eye(4)[codes]
    assert n0 == pytest.approx(np.trace(a_between @ z @ z.T) / df_between, rel=1e-12)
    assert n0 == pytest.approx((13 - (1 + 9 + 49 + 4) / 13) / 3, rel=1e-12)


def test_oneway_unbalanced_mom_differs_from_reml():
    # On unbalanced data the method of moments is not REML: radon by county
    # (1 to 116 houses a county). REML county variance 0.0958 (statsmodels, below);
    # MoM gives 0.0951, 0.7% lower.
    radon = mmlib.load_data("radon")
    mom = mmlib.mom_oneway(radon, "log_radon", "county")
    fit = smf.mixedlm("log_radon ~ 1", radon, groups="county").fit(reml=True)
    reml = fit.cov_re.iloc[0, 0]
    assert abs(mom["county"] - reml) / reml > 5e-3
    assert mom["county"] == pytest.approx(reml, rel=0.05)


def test_oneway_negative_between_variance_is_truncated():
    data = pd.DataFrame({"y": [1.0, 5.0, 2.0, 4.0, 3.0, 3.0], "g": list("aabbcc")})  # equal group means
    with pytest.warns(SingularFitWarning, match="negative for g"):
        mom = mmlib.mom_oneway(data, "y", "g")
    assert mom["g"] == 0.0
    assert mom["residual"] == pytest.approx((8 + 2 + 0) / 3)


def test_oneway_drops_missing_rows_with_a_warning():
    data = pd.DataFrame({"y": [1.0, 2.0, np.nan, 4.0, 6.0, 7.0], "g": list("aabbcc")})
    with pytest.warns(UserWarning, match="dropped 1 of 6 rows"):
        table = mmlib.anova_oneway(data, "y", "g")
    assert table["df"].sum() == 4


def test_oneway_input_errors():
    data = pd.DataFrame({"y": [1.0, 2.0, 3.0], "g": ["a", "b", "c"], "h": ["a"] * 3})
    with pytest.raises(ValueError, match="replicates"):
        mmlib.anova_oneway(data, "y", "g")
    with pytest.raises(ValueError, match="at least two levels"):
        mmlib.mom_oneway(data, "y", "h")
    with pytest.raises(TypeError, match="DataFrame"):
        mmlib.anova_oneway(data.to_numpy(), "y", "g")
