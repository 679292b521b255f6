"""Type-III F-tests of fixed-effect terms (mmlib.inference.type3_anova) against lmerTest.

Source of every reference value: lmerTest 3.1-3 ``anova(m, type = 3)`` (Satterthwaite's
denominator df, lmerTest's default) on lme4 1.1-31 REML fits, R 4.2.2, printed by
``Rscript tests/reference/lmertest_type3.R`` from the CSV files in data/. Tolerance: relative
1e-4, the package's tolerance for estimates; mmlib's optimum differs from lme4's in about the
6th digit of theta, and the tables move with it: the largest difference here is 2.2e-5 (Sum Sq
of the 9-df sleepstudy term). Where lme4 stops short of the optimum, the table is compared at
lme4's own theta, to 1e-6.
"""

import warnings

import numpy as np
import pandas as pd
import pytest

import mmlib
from mmlib.design import fixed_matrix
from mmlib.inference import _term_columns, _type3_contrasts, f_test, type3_anova
from mmlib.lmm import LMMResult, solve_pls

REL = 1e-4
COLUMNS = ["sum_sq", "num_df", "den_df", "F"]

# rows dropped for the unbalanced case: 0-based positions; the R script drops the same 1-based rows
DROPPED = [2, 9, 16, 24, 39, 40, 59]

# lmertest_type3.R: term -> (Sum Sq, NumDF, DenDF, F value)
REFERENCE = {
    "oats, factor x factor": {
        "N": (20020.50007, 3, 45.00003584, 37.68570408),
        "Variety": (526.0575084, 2, 10.00001754, 1.485341089),
        "N:Variety": (321.75, 6, 45.00003584, 0.3028239865),
    },
    "oats, factor x numeric": {
        "nitro": (19536.40009, 1, 51.0000048, 115.771264),
        "Variety": (655.5093786, 2, 21.57466157, 1.942250082),
        "nitro:Variety": (168.35, 2, 51.0000048, 0.4988148331),
    },
    "oats unbalanced, factor x factor": {
        "N": (14337.17292, 3, 38.27062825, 30.5235213),
        "Variety": (476.7221129, 2, 9.823924132, 1.522396115),
        "N:Variety": (446.6472054, 6, 38.20766388, 0.4754509682),
    },
    "oats unbalanced, factor x numeric": {
        "nitro": (14646.40573, 1, 44.6549179, 99.33360819),
        "Variety": (612.3123338, 2, 19.51499683, 2.076386336),
        "nitro:Variety": (213.0250693, 2, 44.5244309, 0.7223802605),
    },
    "oats unbalanced, one term": {
        "Variety": (2434.6667, 2, 57.0808292, 2.393844965),
    },
    "sleepstudy, one 9-df term": {
        # one term: lmerTest tests it with its type-I basis, which changes the df (not F)
        "DayFactor": (34138.27847, 9, 74.8851173, 5.682687707),
    },
    "school, numeric x factor": {
        "agree": (1256.023555, 1, 1174.023379, 102.0716552),
        "class": (125.9847585, 3, 225.8560063, 3.412747257),
        "agree:class": (38.49982754, 3, 1174.114977, 1.042905367),
    },
}


@pytest.fixture(scope="module")
def oats():
    oats = mmlib.load_data("oats")
    return oats.assign(N=oats["nitro"].astype(str))  # nitrogen as a factor: R's factor(nitro)


@pytest.fixture(scope="module")
def unbalanced(oats):
    return oats.drop(index=oats.index[DROPPED])


@pytest.fixture(scope="module")
def models(oats, unbalanced):
    school = mmlib.load_data("school")
    sleep = mmlib.load_data("sleepstudy")
    sleep_factor = sleep.assign(DayFactor=pd.Categorical(sleep["Days"]))
    specs = {
        "oats, factor x factor": ("yield ~ N * Variety + (1 | Block/Variety)", oats),
        "oats, factor x numeric": ("yield ~ nitro * Variety + (1 | Block/Variety)", oats),
        "oats unbalanced, factor x factor": ("yield ~ N * Variety + (1 | Block/Variety)", unbalanced),
        "oats unbalanced, factor x numeric": ("yield ~ nitro * Variety + (1 | Block/Variety)", unbalanced),
        "oats unbalanced, one term": ("yield ~ Variety + (1 | Block)", unbalanced),
        "sleepstudy, one 9-df term": ("Reaction ~ DayFactor + (Days | Subject)", sleep_factor),
        "school, numeric x factor": ("extro ~ agree * class + (1 | school/class)", school),
    }
    return {label: mmlib.lmer(formula, data) for label, (formula, data) in specs.items()}


@pytest.mark.parametrize("label", list(REFERENCE))
def test_type3_table_matches_lmertest(models, label):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no warning on complete data, contained terms included
        table = models[label].anova()
    expected = pd.DataFrame.from_dict(REFERENCE[label], orient="index", columns=COLUMNS)
    assert list(table.index) == list(expected.index)
    assert list(table.columns) == ["sum_sq", "mean_sq", "num_df", "den_df", "F", "p"]
    np.testing.assert_allclose(table[COLUMNS].to_numpy(dtype=float), expected.to_numpy(dtype=float), rtol=REL)


def test_balanced_main_effects_in_the_interaction_model_are_the_classical_split_plot_tests(models, oats):
    # an independent check: on balanced data the type-III F of each term is the classical
    # split-plot ANOVA's (mmlib.split_plot_anova, tested in test_moments.py), with the df of
    # its error stratum; the old coefficient test of Variety (at N = 0) was not
    classical = mmlib.split_plot_anova(oats, "yield", "Block", "Variety", "nitro")
    table = models["oats, factor x factor"].anova()
    assert table.loc["Variety", "F"] == pytest.approx(classical.loc["Variety", "F"], rel=REL)
    assert table.loc["Variety", "den_df"] == pytest.approx(10.0, rel=REL)
    assert table.loc["N", "F"] == pytest.approx(classical.loc["nitro", "F"], rel=REL)
    assert table.loc["N", "den_df"] == pytest.approx(45.0, rel=REL)
    fit = models["oats, factor x factor"]
    at_reference = f_test(fit, pd.DataFrame(np.eye(2), columns=["VarietyMarvellous", "VarietyVictory"]))
    assert abs(at_reference["F"] / classical.loc["Variety", "F"] - 1) > 0.1  # 1.22 against 1.49


def test_type3_table_does_not_depend_on_the_reference_levels(models, unbalanced):
    # lmertest_type3.R prints the same table with contr.sum; here the reference levels change
    releveled = unbalanced.assign(
        Variety=unbalanced["Variety"].cat.reorder_categories(["Victory", "Golden Rain", "Marvellous"]),
        N=pd.Categorical(unbalanced["N"], categories=["0.6", "0.4", "0.2", "0.0"]),
    )
    fit = mmlib.lmer("yield ~ N * Variety + (1 | Block/Variety)", releveled)
    assert list(fit.fixef.index[:2]) == ["(Intercept)", "N0.4"]  # the coding did change
    table = fit.anova()
    original = models["oats unbalanced, factor x factor"].anova()
    # the hypotheses are the same: F agrees to rounding; the df to the optimiser's tolerance
    np.testing.assert_allclose(table["F"], original["F"], rtol=1e-6)
    np.testing.assert_allclose(table["den_df"], original["den_df"], rtol=REL)


def test_main_effect_hypothesis_averages_over_the_other_factor(models):
    # SAS's type III for Variety in N * Variety: the varieties' means, each the unweighted
    # average of its four nitrogen cells, are equal; whatever the data's imbalance
    fit = models["oats unbalanced, factor x factor"]
    design = fit.design
    contrasts = _type3_contrasts(fit, _term_columns(design))
    assert [L.shape[0] for L in contrasts.values()] == [3, 2, 6]
    N_levels, varieties = design.factor_levels["N"], design.factor_levels["Variety"]
    cells = pd.DataFrame([(n, v) for v in varieties for n in N_levels], columns=["N", "Variety"])
    C = fixed_matrix(design, cells)  # cell means = C @ beta
    on_cells = contrasts["Variety"] @ np.linalg.inv(C)  # the same hypotheses, on the cell means
    averages = np.kron(np.eye(3), np.full(4, 0.25))  # variety means over the nitrogen cells
    marginal = averages[1:] - averages[0]  # Marvellous and Victory minus Golden Rain
    assert np.linalg.matrix_rank(np.vstack([on_cells, marginal]), tol=1e-8) == 2
    # the test of the treatment-coded coefficients of Variety is not that hypothesis: it
    # compares the varieties at the reference level of N only
    reference_level = np.eye(len(design.fixef_names))[_term_columns(design)["Variety"]] @ np.linalg.inv(C)
    assert np.linalg.matrix_rank(np.vstack([reference_level, marginal]), tol=1e-8) == 4


def test_a_missing_cell_is_reported_and_tested_as_lmertest_does(oats):
    no_cell = oats[~((oats["Variety"] == "Victory") & (oats["N"] == "0.6"))]
    with pytest.warns(UserWarning, match="rank deficient"):
        fit = mmlib.lmer("yield ~ N * Variety + (1 | Block/Variety)", no_cell)
    # lmertest_type3.R, "oats, missing cell": lme4 stops at a REML criterion 1.5e-7 above
    # mmlib's optimum, so the comparison is made at lme4's theta, where it is tight
    at_lme4 = LMMResult(fit.design, True, solve_pls(fit.design, [0.666368771895, 1.06813794963]),
                        fit.data, fit.optimizer)
    with pytest.warns(UserWarning, match="missing cells for: N0.6:VarietyVictory"):
        table = at_lme4.anova()
    expected = pd.DataFrame.from_dict({
        "N": (16559.89583, 3, 40.06269185, 30.7007875),
        "Variety": (661.6341622, 2, 10.54893029, 1.83992913),
        "N:Variety": (296.2291667, 5, 40.06269185, 0.3295118081),
    }, orient="index", columns=COLUMNS)
    np.testing.assert_allclose(table[COLUMNS].to_numpy(dtype=float), expected.to_numpy(dtype=float), rtol=1e-6)


def test_rows_with_missing_values_are_left_out_as_in_the_fit(models, oats):
    # the unbalanced data again, as missing yields: the cells are counted on the rows used
    lost = oats.assign(**{"yield": oats["yield"].where(~oats.index.isin(oats.index[DROPPED]))})
    with pytest.warns(UserWarning, match="dropped 7 of 72 rows"):
        fit = mmlib.lmer("yield ~ N * Variety + (1 | Block/Variety)", lost)
    expected = models["oats unbalanced, factor x factor"].anova()
    pd.testing.assert_frame_equal(fit.anova(), expected, rtol=1e-8)


def test_type3_needs_the_data():
    fit = mmlib.lmer("yield ~ nitro * Variety + (1 | Block/Variety)", mmlib.load_data("oats"))
    refitted = fit.refit(fit.design.y + 1.0)  # a refit keeps no data frame
    with pytest.raises(ValueError, match="needs the data the model was fitted to"):
        type3_anova(refitted)
    single = mmlib.lmer("yield ~ Variety + (1 | Block)", mmlib.load_data("oats")).refit(fit.design.y)
    assert single.anova().loc["Variety", "num_df"] == 2  # one term: type I, from X alone
