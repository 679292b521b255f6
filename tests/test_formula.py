"""Parsing lme4 formulas: the forms the course uses, R's term rules, and errors that point."""

import pytest

from mmlib.formula import Effects, parse_formula


def random_terms(formula):
    """(group name, intercept, term labels) of each random-effects term."""
    return [(t.name, t.effects.intercept, t.effects.labels) for t in parse_formula(formula).random]


def test_response_fixed_and_one_random_term():
    terms = parse_formula("Reaction ~ Days + (Days | Subject)")
    assert terms.response == (((1, "Reaction"),),)
    assert terms.response_label == "Reaction"
    assert terms.fixed == Effects(intercept=True, terms=(("Days",),))
    assert random_terms(terms.formula) == [("Subject", True, ["Days"])]


@pytest.mark.parametrize(
    ("formula", "expected"),
    [
        ("y ~ x + (1 | g)", [("g", True, [])]),
        ("y ~ x + (x | g)", [("g", True, ["x"])]),
        ("y ~ x + (1 + x | g)", [("g", True, ["x"])]),
        ("y ~ x + (0 + x | g)", [("g", False, ["x"])]),
        ("y ~ x + (x - 1 | g)", [("g", False, ["x"])]),
        # lme4's expandDoubleVerts: an intercept term, then one term per effect
        ("y ~ x + (1 + x || g)", [("g", True, []), ("g", False, ["x"])]),
        ("y ~ x + (x || g)", [("g", True, []), ("g", False, ["x"])]),
        # lme4's expandSlash: (1 | a/b) is (1 | b:a) + (1 | a)
        ("y ~ 1 + (1 | batch/cask)", [("cask:batch", True, []), ("batch", True, [])]),
        ("y ~ 1 + (1 | a/b/c)", [("c:b:a", True, []), ("b:a", True, []), ("a", True, [])]),
        ("y ~ 1 + (1 | a:b)", [("a:b", True, [])]),
        ("y ~ 1 + (1 | plate) + (1 | sample)", [("plate", True, []), ("sample", True, [])]),
        ("y ~ 1 + (0 + x | g) + (1 | g)", [("g", False, ["x"]), ("g", True, [])]),
    ],
)
def test_random_term_forms(formula, expected):
    assert random_terms(formula) == expected


@pytest.mark.parametrize(
    ("formula", "intercept", "labels"),
    [
        ("y ~ a * b + (1 | g)", True, ["a", "b", "a:b"]),
        ("y ~ a:b + a + (1 | g)", True, ["a", "a:b"]),
        ("y ~ b:a + a + (1 | g)", True, ["a", "b:a"]),  # variables in order of first appearance
        ("y ~ (a + b) * c + (1 | g)", True, ["a", "b", "c", "a:c", "b:c"]),
        ("y ~ a / b + (1 | g)", True, ["a", "a:b"]),
        ("y ~ a * b - a:b + (1 | g)", True, ["a", "b"]),
        ("y ~ 0 + x + (1 | g)", False, ["x"]),
        ("y ~ x - 1 + (1 | g)", False, ["x"]),
        ("y ~ -1 + x + (1 | g)", False, ["x"]),
        ("y ~ 1 + (1 | g)", True, []),
        ("y ~ `odd name` + (1 | g)", True, ["odd name"]),
    ],
)
def test_fixed_part_follows_r_term_rules(formula, intercept, labels):
    fixed = parse_formula(formula).fixed
    assert fixed.intercept is intercept
    assert fixed.labels == labels


def test_binomial_response_with_cbind():
    terms = parse_formula("cbind(incidence, size - incidence) ~ period + (1 | herd)")
    assert terms.response == (((1, "incidence"),), ((1, "size"), (-1, "incidence")))
    assert terms.variables == ("incidence", "size", "period", "herd")


def test_variables_lists_every_column_once():
    terms = parse_formula("Reaction ~ Days + (Days | Subject) + (1 | Subject)")
    assert terms.variables == ("Reaction", "Days", "Subject")


@pytest.mark.parametrize(
    ("formula", "message", "position"),
    [
        ("y ~ x + ", "expected a variable name", 8),
        ("y ~ log(x) + (1 | g)", "function calls such as log", 4),
        ("~ x + (1 | g)", "no response", 0),
        ("y ~ x + (1 | )", "found ')'", 13),
        ("y ~ x + (1 | a + b)", "for crossed factors write separate terms", 15),
        ("y ~ x $ z", "unexpected character '$'", 6),
        ("y ~ x + (1 | g", "expected ')'", 14),
        ("y ~ x * (1 | g)", "must be added with '+'", 11),
        ("y ~ 2 + x", "the number 2", 4),
        ("y x + (1 | g)", "expected '~'", 2),
        ("y ~ (a + b)^2", "'^' is not supported", 11),
        ("y ~ x + (0 | g)", "has no effects", 11),
        ("y ~ x - (1 | g)", "cannot be subtracted", 11),
        ("log(y) ~ x + (1 | g)", "response left of '~' must be a column name", 0),
    ],
)
def test_malformed_formulas_point_at_the_problem(formula, message, position):
    with pytest.raises(ValueError, match="malformed formula") as error:
        parse_formula(formula)
    text = str(error.value)
    assert message in text
    # the caret line sits under the offending character
    formula_line, caret_line = text.splitlines()[-2:]
    assert caret_line.index("^") - formula_line.index(formula[0]) == position


def test_formula_must_be_text():
    with pytest.raises(TypeError, match="formula must be a string"):
        parse_formula(None)
