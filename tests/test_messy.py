"""The messy sleepstudy of week 11: the mess is really there, and cleaning undoes it exactly."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

import mmlib
from mmlib.messy import clean_sleepstudy, make_messy_sleepstudy

SEEDS = [2011, 0, 1, 7]


def _day_columns(raw: pd.DataFrame) -> list[str]:
    return [c for c in raw.columns if re.search(r"\d", c)]


def _subject_numbers(raw: pd.DataFrame) -> pd.Series:
    return raw["subj ID "].str.extract(r"(\d+)", expand=False)


def _parsed(raw: pd.DataFrame) -> pd.DataFrame:
    """Day cells as numbers, read independently of clean_sleepstudy (NaN for missing codes)."""
    days = raw[_day_columns(raw)]
    return days.apply(lambda col: pd.to_numeric(col.str.strip().str.replace(",", "."),
                                                 errors="coerce"))


@pytest.fixture(scope="module")
def raw() -> pd.DataFrame:
    return make_messy_sleepstudy()


def test_wide_text_table_with_duplicated_rows(raw):
    assert raw.shape == (20, 12)  # 18 subjects + 2 entered twice; subject, 10 days, notes
    assert all(pd.api.types.is_string_dtype(raw[c]) for c in raw.columns)
    assert "Notes" in raw.columns and _once(raw)["Notes"].str.len().gt(0).sum() == 2


def test_day_column_names_are_inconsistent(raw):
    days = _day_columns(raw)
    assert len(days) == 10
    patterns = {re.sub(r"\d+", "#", c) for c in days}
    assert len(patterns) >= 8, patterns
    assert any(c != c.strip() for c in days)


def test_subject_labels_come_in_several_forms(raw):
    labels = raw["subj ID "]
    forms = {re.sub(r"\d+", "#", label) for label in labels}
    assert forms == {"#", "S#", " # ", "sub-#"}


def _once(raw: pd.DataFrame) -> pd.DataFrame:
    """Each subject's first row only: the cell-level mess counted once per subject."""
    return raw[~_subject_numbers(raw).duplicated()]


@pytest.mark.parametrize("seed", SEEDS)
def test_missing_codes_are_minus_99_and_empty(seed):
    days = _once(make_messy_sleepstudy(seed))[_day_columns(make_messy_sleepstudy(seed))]
    assert int((days == "-99").sum().sum()) == 5
    assert int((days == "").sum().sum()) == 3


@pytest.mark.parametrize("seed", SEEDS)
def test_one_subject_in_seconds_one_shifted_value_four_decimal_commas(seed):
    raw = _once(make_messy_sleepstudy(seed))
    values = _parsed(raw)
    seconds_rows = values.lt(10) | values.isna()
    assert int(seconds_rows.all(axis=1).sum()) == 1
    assert int(values[~seconds_rows.all(axis=1)].gt(1000).sum().sum()) == 1
    commas = raw[_day_columns(raw)].apply(lambda col: col.str.fullmatch(r"\d+,\d+"))
    assert int(commas.sum().sum()) == 4


def test_duplicated_subjects_carry_different_labels(raw):
    numbers = _subject_numbers(raw)
    twice = numbers[numbers.duplicated()]
    assert len(twice) == 2
    for number in twice:
        rows = raw[numbers == number]
        assert rows["subj ID "].nunique() == 2                      # spelt differently
        assert (rows.drop(columns="subj ID ").nunique() == 1).all()  # otherwise identical


def test_the_same_seed_gives_the_same_table_and_another_seed_another():
    pd.testing.assert_frame_equal(make_messy_sleepstudy(3), make_messy_sleepstudy(3))
    assert not make_messy_sleepstudy(3).equals(make_messy_sleepstudy(4))


@pytest.mark.parametrize("seed", SEEDS)
def test_cleaning_recovers_sleepstudy_exactly_up_to_documented_removals(seed):
    raw = make_messy_sleepstudy(seed)
    # the documented removals, found in the raw table: missing codes and the shifted value
    once = _once(raw)
    values = _parsed(once)
    codes = once[_day_columns(once)].apply(lambda col: col.str.strip().isin(["-99", ""]))
    removed = codes | values.gt(1000)
    day_of = {c: int(re.search(r"\d+", c).group()) for c in removed.columns}
    numbers = _subject_numbers(once).to_numpy()
    dropped = {(numbers[row], day_of[removed.columns[col]])
               for row, col in zip(*np.nonzero(removed.to_numpy()))}
    assert len(dropped) == 9  # 5 x "-99", 3 x "", 1 shifted value

    sleep = mmlib.load_data("sleepstudy")
    keep = [(s, d) not in dropped for s, d in zip(sleep["Subject"].astype(str), sleep["Days"])]
    expected = sleep[keep].reset_index(drop=True)

    cleaned = clean_sleepstudy(raw)
    assert len(cleaned) == 171
    pd.testing.assert_frame_equal(cleaned, expected, check_exact=True)


def test_cleaning_does_not_modify_its_input(raw):
    before = raw.copy()
    clean_sleepstudy(raw)
    pd.testing.assert_frame_equal(raw, before)


def test_plausible_range_is_a_parameter(raw):
    narrow = clean_sleepstudy(raw, plausible_ms=(200.0, 400.0))
    assert narrow["Reaction"].between(200, 400).all()
    assert len(narrow) < 171


def test_rejects_a_non_dataframe():
    with pytest.raises(TypeError, match="DataFrame"):
        clean_sleepstudy([["308", "250"]])


def test_rejects_conflicting_duplicates(raw):
    numbers = _subject_numbers(raw)
    first_copy = numbers[numbers.duplicated()].index[0]
    broken = raw.copy()
    broken.loc[first_copy, "day1"] = "999"
    with pytest.raises(ValueError, match="more than once with different values"):
        clean_sleepstudy(broken)


def test_rejects_an_unreadable_cell_and_names_it(raw):
    broken = raw.copy()
    broken.loc[0, "d5"] = "n/a"
    with pytest.raises(ValueError, match="n/a"):
        clean_sleepstudy(broken)


def test_rejects_a_table_without_a_subject_column(raw):
    with pytest.raises(KeyError, match="subject column"):
        clean_sleepstudy(raw.rename(columns={"subj ID ": "person"}))


def test_rejects_a_label_without_a_number(raw):
    broken = raw.copy()
    broken.loc[0, "subj ID "] = "unknown"
    with pytest.raises(ValueError, match="unknown"):
        clean_sleepstudy(broken)
