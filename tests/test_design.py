"""Model matrices: R's model.matrix names and coding, lme4's Z, Lambda template and term order."""

import numpy as np
import pandas as pd
import pytest

import mmlib
from mmlib.design import fixed_matrix, make_design, random_matrix


@pytest.fixture
def small():
    """12 rows: factor a (3 levels), factor b (2), numeric x, grouping g (6 groups)."""
    return pd.DataFrame({
        "y": np.arange(12.0) ** 1.5,
        "a": list("abc") * 4,
        "b": list("xxyy") * 3,
        "x": np.arange(12) % 5 + 0.5,
        "g": list("ppqqrrsstuuv"),
    })


@pytest.mark.parametrize(
    ("formula", "names"),
    [
        # names as R's model.matrix() with treatment contrasts prints them
        ("y ~ a * b + (1 | g)", ["(Intercept)", "ab", "ac", "by", "ab:by", "ac:by"]),
        ("y ~ 0 + a + b + (1 | g)", ["aa", "ab", "ac", "by"]),
        ("y ~ x:a + (1 | g)", ["(Intercept)", "x:aa", "x:ab", "x:ac"]),
        ("y ~ x + x:a + (1 | g)", ["(Intercept)", "x", "x:ab", "x:ac"]),
        ("y ~ x * a + (1 | g)", ["(Intercept)", "x", "ab", "ac", "x:ab", "x:ac"]),
    ],
)
def test_fixed_effect_names_and_coding_follow_r(small, formula, names):
    design = make_design(formula, small)
    assert list(design.fixef_names) == names
    assert design.X.shape == (12, len(names))


def test_interaction_columns_are_products_with_first_factor_fastest(small):
    design = make_design("y ~ a * b + (1 | g)", small)
    X = pd.DataFrame(design.X, columns=design.fixef_names)
    expected = ((small["a"] == "c") & (small["b"] == "y")).astype(float)
    np.testing.assert_array_equal(X["ac:by"], expected)


def test_rank_deficient_columns_are_dropped_last_first_with_a_warning(small):
    # a:b with an intercept has one indicator too many; R's qr() drops the last one
    with pytest.warns(UserWarning, match="rank deficient so dropping 1 column.*ac:by"):
        design = make_design("y ~ a:b + (1 | g)", small)
    assert design.fixef_names[-1] == "ab:by"
    assert np.linalg.matrix_rank(design.X) == design.X.shape[1]


def test_boolean_predictor_is_a_factor_named_like_r(small):
    data = small.assign(flag=small["x"] > 2)
    design = make_design("y ~ flag + (1 | g)", data)
    assert design.fixef_names == ("(Intercept)", "flagTRUE")


def test_z_holds_each_effect_in_its_groups_column():
    sleep = mmlib.load_data("sleepstudy")
    design = make_design("Reaction ~ Days + (Days | Subject)", sleep)
    assert design.Z.shape == (180, 36)
    Z = design.Z.toarray()
    subject = design.reterms[0].levels.index("309")
    rows = (sleep["Subject"] == "309").to_numpy()
    np.testing.assert_array_equal(Z[rows, 2 * subject], 1.0)
    np.testing.assert_array_equal(Z[rows, 2 * subject + 1], sleep["Days"][rows])
    assert np.count_nonzero(Z[~rows][:, 2 * subject: 2 * subject + 2]) == 0


def test_theta_names_bounds_and_lambda_template_follow_lme4():
    design = make_design("Reaction ~ Days + (Days | Subject)", mmlib.load_data("sleepstudy"))
    assert design.theta_names == ("Subject.(Intercept)", "Subject.Days.(Intercept)", "Subject.Days")
    np.testing.assert_array_equal(design.theta_lower, [0.0, -np.inf, 0.0])
    np.testing.assert_array_equal(design.theta_start, [1.0, 0.0, 1.0])
    lambdat = design.lambdat([2.0, 0.5, 3.0]).toarray()
    block = np.array([[2.0, 0.5], [0.0, 3.0]])  # transpose of the lower-triangular factor
    np.testing.assert_array_equal(lambdat, np.kron(np.eye(18), block))


def test_nested_groups_are_named_and_labelled_like_lme4():
    design = make_design("strength ~ 1 + (1 | batch/cask)", mmlib.load_data("pastes"))
    assert [term.group for term in design.reterms] == ["cask:batch", "batch"]
    assert design.groups == {"cask:batch": 30, "batch": 10}
    assert design.reterms[0].levels[:4] == ("a:A", "a:B", "a:C", "a:D")
    assert design.theta_names == ("cask:batch.(Intercept)", "batch.(Intercept)")


def test_terms_are_reordered_by_decreasing_levels_with_ties_reversed():
    # lme4's mkReTrms applies rev(order(nl)) when the levels increase somewhere
    rng = np.random.default_rng(0)
    data = pd.DataFrame({
        "y": rng.normal(size=40),
        "few": np.arange(40) % 5,
        "many1": np.arange(40) % 10,
        "many2": (np.arange(40) * 3) % 10,
    })
    design = make_design("y ~ 1 + (1 | few) + (1 | many1) + (1 | many2)", data)
    assert [term.group for term in design.reterms] == ["many2", "many1", "few"]
    # already non-increasing: kept as written
    design = make_design("y ~ 1 + (1 | many1) + (1 | many2) + (1 | few)", data)
    assert [term.group for term in design.reterms] == ["many1", "many2", "few"]


def test_missing_values_are_dropped_with_a_count_and_the_data_left_alone():
    sleep = mmlib.load_data("sleepstudy")
    sleep.loc[[3, 10, 50], "Reaction"] = np.nan
    sleep.loc[60, "Days"] = np.nan
    before = sleep.copy()
    with pytest.warns(UserWarning, match="dropped 4 of 180 rows with missing values in column.*Reaction, Days"):
        design = make_design("Reaction ~ Days + (1 | Subject)", sleep)
    assert design.X.shape == (176, 2)
    assert 3 not in design.index and 60 not in design.index
    pd.testing.assert_frame_equal(sleep, before)


def test_unused_columns_with_missing_values_do_not_drop_rows():
    sleep = mmlib.load_data("sleepstudy").assign(note=np.nan)
    design = make_design("Reaction ~ Days + (1 | Subject)", sleep)
    assert design.X.shape[0] == 180


def test_new_data_matrices_use_the_fitted_coding_and_zero_new_groups():
    sleep = mmlib.load_data("sleepstudy")
    design = make_design("Reaction ~ Days + (Days | Subject)", sleep)
    new = pd.DataFrame({"Days": [0.0, 5.0], "Subject": ["309", "999"]})
    np.testing.assert_array_equal(fixed_matrix(design, new), [[1.0, 0.0], [1.0, 5.0]])
    Z = random_matrix(design, new).toarray()
    assert Z.shape == (2, 36)
    column = 2 * design.reterms[0].levels.index("309")
    np.testing.assert_array_equal(Z[0, column: column + 2], [1.0, 0.0])
    assert not Z[1].any()  # a new subject gets no random effect


def test_new_data_with_an_unseen_fixed_level_is_an_error(small):
    design = make_design("y ~ a + (1 | g)", small)
    with pytest.raises(ValueError, match="column 'a' has level\\(s\\) z that the model was not fitted with"):
        fixed_matrix(design, pd.DataFrame({"a": ["a", "z"]}))
