"""A deliberately messy copy of ``sleepstudy``, and the cleaning that undoes the mess.

Week 11 of the course teaches data cleaning on a table that looks like a real
spreadsheet export: :func:`make_messy_sleepstudy` turns the tidy ``sleepstudy``
into such a table, and :func:`clean_sleepstudy` performs the cleaning steps the
lesson builds up one at a time. The round trip is exact: cleaning the messy
table gives back the rows of ``sleepstudy`` that survive, with the same values
and dtypes, minus the documented removals (cells recorded as missing, and the
one value that cannot be trusted).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from mmlib.data import _natural_levels, load_data

__all__ = ["make_messy_sleepstudy", "clean_sleepstudy"]

# One spelling per day, as different people typed them into the spreadsheet.
_DAY_COLUMNS = ("Day 0", "day1", "DAY_2", "Day.3", " day 4", "d5", "Day-6", "day_7", "DAY 8",
                "Day9 ")
_LABEL_FORMS = ("{}", "S{}", " {} ", "sub-{}")
_MISSING_CODES = ("-99", "")
_SOURCE_DECIMALS = 4  # sleepstudy's reaction times are recorded to 0.1 microsecond
_SECONDS_BELOW = 10.0  # a mean reaction time under 10 can only be in seconds


def make_messy_sleepstudy(seed: int = 2011) -> pd.DataFrame:
    r"""Turn the tidy ``sleepstudy`` into a wide, messy table of text.

    Parameters
    ----------
    seed : int, default 2011
        Seed of the random generator that decides which subjects and cells get
        which mess. The kinds and numbers of problems are the same for every seed.

    Returns
    -------
    pandas.DataFrame
        20 rows (18 subjects, two of them entered twice) and 12 columns, every
        cell a string: a subject column ``"subj ID "``, ten day columns with
        inconsistent names, and a free-text ``"Notes"`` column.

    Notes
    -----
    Starting from ``load_data("sleepstudy")`` (long: one row per subject and
    day), the table is made wide, one row per subject and one column per day,
    and then spoilt in eight ways:

    1. day columns spelt inconsistently (``"Day 0"``, ``"day1"``, ``"DAY_2"``, ...);
    2. subject labels in four forms: ``"308"``, ``"S308"``, ``" 308 "``, ``"sub-308"``;
    3. five cells coded ``"-99"`` and three left empty, the two missing-value codes;
    4. one subject's reaction times entered in seconds instead of milliseconds;
    5. four values written with a decimal comma, ``"321,4398"``;
    6. one value with its decimal point shifted one place, ten times too large;
    7. two subjects entered twice, the copy with a different label form;
    8. an extra ``"Notes"`` column of free text, and rows in no particular order.

    Every number is written with up to 15 significant digits, so no information
    is lost: :func:`clean_sleepstudy` recovers the original values exactly. The
    eight missing cells and the shifted value are gone for good; a clean table
    has :math:`180 - 8 - 1 = 171` rows.

    Examples
    --------
    >>> raw = make_messy_sleepstudy()
    >>> raw.shape
    (20, 12)
    >>> raw.columns[:4].tolist()
    ['subj ID ', 'Day 0', 'day1', 'DAY_2']
    >>> sorted(set(raw["subj ID "].str.replace(r"\d+", "#", regex=True)))
    [' # ', '#', 'S#', 'sub-#']
    """
    rng = np.random.default_rng(seed)
    tidy = load_data("sleepstudy")
    wide = tidy.pivot(index="Subject", columns="Days", values="Reaction")
    subjects = wide.index.astype(str).tolist()
    values = wide.to_numpy()
    n_subjects, n_days = values.shape

    text = np.array([[format(v, ".15g") for v in row] for row in values], dtype=object)
    # every (subject, day) cell, in random order, hands out the cell-level mess without overlap
    cells = [divmod(int(k), n_days) for k in rng.permutation(n_subjects * n_days)]

    seconds_subject = int(rng.integers(n_subjects))
    text[seconds_subject] = [format(v / 1000, ".15g") for v in values[seconds_subject]]
    free_cells = [(i, j) for i, j in cells if i != seconds_subject]
    for i, j in free_cells[:5]:
        text[i, j] = "-99"
    for i, j in free_cells[5:8]:
        text[i, j] = ""
    i, j = free_cells[8]
    text[i, j] = format(values[i, j] * 10, ".15g")
    with_point = [(i, j) for i, j in free_cells[9:] if "." in text[i, j]]
    for i, j in with_point[:4]:
        text[i, j] = text[i, j].replace(".", ",")

    forms = rng.choice(len(_LABEL_FORMS), size=n_subjects)
    labels = [_LABEL_FORMS[f].format(s) for f, s in zip(forms, subjects)]
    notes = [""] * n_subjects
    noted = rng.choice(n_subjects, size=2, replace=False)
    notes[noted[0]] = "fell asleep during the test on day 5?"
    notes[noted[1]] = "re-entered from the paper form"
    table = pd.DataFrame(text, columns=list(_DAY_COLUMNS))
    table.insert(0, "subj ID ", labels)
    table["Notes"] = notes

    twice = rng.choice(n_subjects, size=2, replace=False)
    copies = table.iloc[twice].copy()
    copies["subj ID "] = [_LABEL_FORMS[(forms[k] + 1) % len(_LABEL_FORMS)].format(subjects[k])
                          for k in twice]
    table = pd.concat([table, copies], ignore_index=True)
    order = rng.permutation(len(table))
    return table.iloc[order].reset_index(drop=True).astype(str)


def _standard_name(name: str) -> str:
    """Lower case, runs of anything but letters and digits turned into one underscore."""
    return re.sub(r"[^0-9a-z]+", "_", name.strip().lower()).strip("_")


def clean_sleepstudy(raw: pd.DataFrame,
                     plausible_ms: tuple[float, float] = (100.0, 1000.0)) -> pd.DataFrame:
    """Clean the output of :func:`make_messy_sleepstudy` into tidy ``sleepstudy`` form.

    Parameters
    ----------
    raw : pandas.DataFrame
        A wide table of text: one subject column (its name starts with "subj"),
        day columns whose names hold the day number, other columns ignored.
    plausible_ms : tuple of float, default (100, 1000)
        Mean reaction times outside this range (in ms, after converting
        seconds) cannot be trusted and are removed.

    Returns
    -------
    pandas.DataFrame
        Columns ``Reaction`` (float, ms), ``Days`` (int) and ``Subject``
        (categorical, levels in numeric order), one row per subject and day
        with a usable value, sorted by subject and day: the dtypes and layout of
        ``load_data("sleepstudy")``.

    Raises
    ------
    TypeError
        If ``raw`` is not a DataFrame.
    KeyError
        If there is not exactly one subject column, or no day column.
    ValueError
        If a subject label holds no number, a subject is entered twice with
        different values, or a cell is neither a number nor a missing-value code.

    Notes
    -----
    The steps, in the order the lesson teaches them:

    1. standardise the column names and keep the subject and day columns;
    2. reduce each subject label to its digits;
    3. drop rows that are exact duplicates, and refuse conflicting ones;
    4. reshape from wide to long (``melt``), the day number taken from the column name;
    5. parse the text: strip spaces, read a decimal comma as a point, the codes
       ``"-99"`` and ``""`` as missing;
    6. convert values recorded in seconds (below 10) to milliseconds, and round to
       the source's 4 decimals, which undoes the floating-point error of the
       conversion;
    7. remove values outside ``plausible_ms`` and missing values;
    8. set the dtypes and sort.

    A value :math:`r` in seconds becomes :math:`\\operatorname{round}(1000\\,r, 4)`
    milliseconds.

    Examples
    --------
    >>> tidy = clean_sleepstudy(make_messy_sleepstudy())
    >>> tidy.shape
    (171, 3)
    >>> tidy.dtypes.astype(str).tolist()
    ['float64', 'int64', 'category']
    """
    if not isinstance(raw, pd.DataFrame):
        raise TypeError(f"raw must be a pandas DataFrame, not {type(raw).__name__}")
    table = raw.rename(columns=_standard_name)

    subject_columns = [c for c in table.columns if c.startswith("subj")]
    if len(subject_columns) != 1:
        raise KeyError(f"expected one subject column (a name starting with 'subj'), found "
                       f"{subject_columns} among {raw.columns.tolist()}")
    day_numbers = {c: int(m.group(1)) for c in table.columns
                   if (m := re.fullmatch(r"d(?:ay)?_?(\d+)", c))}
    if not day_numbers:
        raise KeyError(f"no day columns (names like 'Day 0' or 'd5') in {raw.columns.tolist()}")
    table = table[subject_columns + list(day_numbers)].rename(
        columns={subject_columns[0]: "Subject", **day_numbers})

    digits = table["Subject"].astype(str).str.extract(r"(\d+)", expand=False)
    if digits.isna().any():
        bad = table.loc[digits.isna(), "Subject"].tolist()
        raise ValueError(f"subject labels without a number: {bad}; fix or drop those rows")
    table["Subject"] = digits

    table = table.drop_duplicates()
    conflicting = table["Subject"][table["Subject"].duplicated()].tolist()
    if conflicting:
        raise ValueError(f"subjects {conflicting} are entered more than once with different "
                         "values; decide which record is right before cleaning")

    long = table.melt(id_vars="Subject", var_name="Days", value_name="Reaction")
    text = long["Reaction"].astype(str).str.strip().str.replace(",", ".", regex=False)
    missing = text.isin(_MISSING_CODES)
    reaction = pd.to_numeric(text.mask(missing), errors="coerce")
    unreadable = reaction.isna() & ~missing
    if unreadable.any():
        raise ValueError(f"cells that are neither numbers nor missing codes {_MISSING_CODES}: "
                         f"{sorted(set(text[unreadable]))}")

    reaction = reaction.where(reaction >= _SECONDS_BELOW, reaction * 1000).round(_SOURCE_DECIMALS)
    low, high = plausible_ms
    reaction = reaction.where(reaction.between(low, high))
    long = long.assign(Reaction=reaction).dropna(subset=["Reaction"])

    long = long.assign(Days=long["Days"].astype("int64"),
                       order=long["Subject"].astype(int))
    long = long.sort_values(["order", "Days"]).reset_index(drop=True)
    subject = pd.Categorical(long["Subject"], categories=_natural_levels(long["Subject"]))
    return pd.DataFrame({"Reaction": long["Reaction"].astype("float64"),
                         "Days": long["Days"], "Subject": subject})
