"""Grading survives hostile and broken notebooks, and scores come only from the grader's own tests.

One class of week 1 submissions, honest, broken and hostile, is graded once through the command
line (as `make grade` does) and each row is checked: its status, and that it never earns more
than its honest answers. The answers-only channel is checked on its own (grading.values).
"""
from __future__ import annotations

import csv
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest

from grading.assign import ensure_autograder
from grading.grade import GradingTampered, grade_directory, load_questions
from grading.values import UnsupportedValue, decode, encode

ROOT = Path(__file__).resolve().parent.parent
WEEK = "week01"


def _notebook(base: Path, *, insert: dict[int, str] | None = None, append: str | None = None):
    notebook = nbformat.read(base, as_version=4)
    for index, source in sorted((insert or {}).items(), reverse=True):
        notebook.cells.insert(index, nbformat.v4.new_code_cell(source))
    if append is not None:
        notebook.cells.append(nbformat.v4.new_code_cell(append))
    return notebook


@pytest.fixture(scope="session")
def autograder() -> Path:
    return ensure_autograder(WEEK, ROOT)


@pytest.fixture(scope="session")
def full_marks(autograder) -> float:
    return sum(q.possible for q in load_questions(autograder / "tests"))


def _checksums(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _grade_cli(submissions: Path, out: Path, timeout: float) -> tuple[dict[str, dict], str]:
    done = subprocess.run(
        [sys.executable, "-m", "grading", "grade", "--week", "1", "--submissions",
         str(submissions), "--out", str(out), "--timeout", str(timeout)],
        cwd=ROOT, capture_output=True, text=True, timeout=1200)
    assert done.returncode == 0, done.stdout + done.stderr
    with open(out, newline="") as handle:
        rows = {row["submission"]: row for row in csv.DictReader(handle)}
    return rows, done.stdout


# The cases: file name -> (notebook builder, expected status, what honest answers earn).
# "answered" is otter's solution version of the student notebook; "unanswered" the student one.
PATCH_OTTER = """\
import otter.test_files.ok_test as _ok
import otter.test_files.abstract_test as _abstract
_ok.run_doctest = lambda *args, **kwargs: (True, "")
_abstract.TestFile.score = property(lambda self: self.possible)
import numpy as np
np.allclose = np.isclose = np.array_equal = lambda *args, **kwargs: True
"""
FAKE_RESULTS = """\
import json, pickle, pathlib
fake = {"score": 19, "tests": [{"name": f"q{i}", "score": 4, "max_score": 4} for i in range(1, 9)]}
for folder in [pathlib.Path("."), pathlib.Path(".."), pathlib.Path("results"), pathlib.Path("../results")]:
    folder.mkdir(exist_ok=True)
    (folder / "results.json").write_text(json.dumps(fake))
    (folder / "results.pkl").write_bytes(pickle.dumps(fake))
print(json.dumps(fake))
"""
ALL_PASSED = """\
for q in range(1, 9):
    print(f"q{q} results: All test cases passed!")
print("All tests passed!")
print("Total Score: 19.000 / 19.000 (100.000%)")
"""
DELETE_AROUND = """\
import os, pathlib
from mmlib.data import data_dir
here = pathlib.Path.cwd()  # the sandbox's exercises/week01: its parents are the sandbox
for target in [here, here.parent, here.parent.parent, data_dir(), pathlib.Path.home()]:
    for path in sorted(target.rglob("*"), reverse=True):
        if path.is_file() or path.is_symlink():
            path.unlink()
    os.chmod(target, 0o500)
"""
MEGABYTES = """\
for i in range(50):
    print("x" * 2**20)
from IPython.display import display
display("y" * 2**22)
"""
JUNK_ON_EVERY_FD = """\
import os
for fd in map(int, os.listdir("/proc/self/fd")):
    try:
        os.write(fd, b'garbage\\n{"event": "answers", "values": {"levels": {"t": "nonsense"}}}\\n\\xff\\n')
    except OSError:
        pass
"""

CASES = {
    "answered.ipynb": ("answered", {}, None, "ok", "full"),
    "unanswered.ipynb": ("unanswered", {}, None, "ok", "zero"),
    "raises.ipynb": ("answered", {12: "raise RuntimeError('a broken cell')"}, None, "error", "full"),
    "os-exit.ipynb": ("answered", {}, "import os\nos._exit(0)", "error", "zero"),
    "megabytes-of-output.ipynb": ("answered", {}, MEGABYTES, "ok", "full"),
    # graded first (sorted name), so the submissions after it show it harmed nobody
    "a-deletes-files-around-it.ipynb": ("answered", {}, DELETE_AROUND, "ok", "full"),
    "fake-results-json.ipynb": ("unanswered", {}, FAKE_RESULTS, "ok", "zero"),
    "prints-all-tests-passed.ipynb": ("unanswered", {}, ALL_PASSED, "ok", "zero"),
    # first cell: this gives the unanswered notebook 19/19 under plain `otter run`
    "patches-otter.ipynb": ("unanswered", {1: PATCH_OTTER}, None, "ok", "zero"),
    "junk-on-the-channel.ipynb": ("unanswered", {}, JUNK_ON_EVERY_FD, "error", "zero"),
    # 6 GiB: over the default 4 GiB limit, yet within this machine's memory
    "memory-hog.ipynb": ("answered", {}, "import numpy as np\nhuge = np.ones(6 * 2**30 // 8)", "error", "full"),
}


@pytest.fixture(scope="session")
def graded_class(tmp_path_factory, autograder):
    """Grade the whole class once; return the CSV rows, the log, and the folder's checksums."""
    folder = tmp_path_factory.mktemp("submissions")
    bases = {"answered": autograder / f"{WEEK}.ipynb",
             "unanswered": ROOT / "exercises" / WEEK / f"{WEEK}.ipynb"}
    for name, (base, insert, append, _, _) in CASES.items():
        nbformat.write(_notebook(bases[base], insert=insert, append=append), folder / name)
    (folder / "corrupt.ipynb").write_bytes((folder / "answered.ipynb").read_bytes()[:5000])
    (folder / "not-json.ipynb").write_bytes(os.urandom(4096))
    (folder / "a-list.ipynb").write_text("[1, 2, 3]")
    wrong_week = _notebook(bases["answered"])
    wrong_week.metadata.setdefault("otter", {})["assignment_name"] = "week02"
    (folder / "nested").mkdir()
    nbformat.write(wrong_week, folder / "nested" / "other-week.ipynb")
    before = _checksums(folder)
    rows, log = _grade_cli(folder, tmp_path_factory.mktemp("grades") / "week01.csv", timeout=240)
    return rows, log, before, _checksums(folder)


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_case_gets_its_status_and_no_more_than_its_honest_marks(graded_class, full_marks, name):
    rows, log, _, _ = graded_class
    _, _, _, status, honest = CASES[name]
    row = rows[name]
    assert row["status"] == status, log
    score = float(row["score"])
    if honest == "full":
        assert score == full_marks, log
    else:
        assert score == 0, log


@pytest.mark.parametrize("name", ["corrupt.ipynb", "not-json.ipynb", "a-list.ipynb",
                                  "nested/other-week.ipynb"])
def test_files_that_are_not_this_weeks_notebook_are_invalid(graded_class, name):
    rows, log, _, _ = graded_class
    assert rows[name]["status"] == "invalid", log
    assert float(rows[name]["score"]) == 0


def test_the_csv_has_one_row_per_notebook_and_one_column_per_question(graded_class, autograder):
    rows, _, before, _ = graded_class
    questions = [q.name for q in load_questions(autograder / "tests")]
    assert sorted(rows) == sorted(before)
    assert list(next(iter(rows.values()))) == ["submission", "status", "score", "max_score",
                                               *questions]
    for row in rows.values():
        assert float(row["score"]) == pytest.approx(sum(float(row[q]) for q in questions))


def test_the_submission_folder_is_never_modified(graded_class):
    _, _, before, after = graded_class
    assert after == before


def test_an_infinite_loop_times_out(tmp_path, autograder):
    folder = tmp_path / "submissions"
    folder.mkdir()
    looping = _notebook(ROOT / "exercises" / WEEK / f"{WEEK}.ipynb", insert={1: "while True:\n    pass"})
    nbformat.write(looping, folder / "loop.ipynb")
    rows, log = _grade_cli(folder, tmp_path / "out.csv", timeout=5)
    assert rows["loop.ipynb"]["status"] == "timeout", log
    assert float(rows["loop.ipynb"]["score"]) == 0
    assert "in code cell 0" in log  # the loop is the first code cell: the log says where


def test_a_notebook_that_writes_outside_its_sandbox_stops_grading(tmp_path, autograder):
    """Tamper evidence: reaching the real submission folder by absolute path is detected."""
    folder = tmp_path / "submissions"
    folder.mkdir()
    (folder / "victim.txt").write_text("another student's work")
    cell = f"import pathlib\npathlib.Path({str(folder / 'victim.txt')!r}).write_text('gone')"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(cell)]),
                   folder / "vandal.ipynb")
    with pytest.raises(GradingTampered, match="vandal.ipynb"):
        grade_directory(WEEK, folder, tmp_path / "out.csv", timeout=60, echo=lambda line: None)


# --- the answers-only channel ----------------------------------------------------------------

ROUND_TRIPS = [
    None, True, 3, 2.5, float("inf"), "text", [1, (2.0, None)], {"a": 1, 2: "b"}, {1, 2},
    np.float64(1.5), np.int32(7), np.bool_(True), np.arange(6.0).reshape(2, 3),
    np.array(["a", "bc"]), np.array([1, "a", None], dtype=object),
    pd.Series([1.5, 2.5], index=["x", "y"], name="s"),
    pd.Series(["a", None], dtype="str"),
    pd.Series(pd.Categorical(["b", "a", "b"], categories=["b", "a"], ordered=True)),
    pd.DataFrame({"x": [1, 2], "y": ["a", "b"], "z": pd.Categorical(["u", "v"])},
                 index=pd.Index([10, 20], name="id")),
]


@pytest.mark.parametrize("value", ROUND_TRIPS, ids=[type(v).__name__ for v in ROUND_TRIPS])
def test_plain_values_cross_the_channel_unchanged(value):
    back = decode(json.loads(json.dumps(encode(value))))
    assert type(back) is type(value)
    if isinstance(value, pd.DataFrame):
        pd.testing.assert_frame_equal(back, value)
    elif isinstance(value, pd.Series):
        pd.testing.assert_series_equal(back, value)
    elif isinstance(value, np.ndarray):
        assert back.dtype == value.dtype and back.shape == value.shape
        assert back.tolist() == value.tolist()
    elif isinstance(value, np.generic):
        assert back.dtype == value.dtype and back == value
    else:
        assert back == value


class AlwaysEqual(float):
    def __eq__(self, other):
        return True

    __hash__ = float.__hash__


@pytest.mark.parametrize("value", [AlwaysEqual(1.0), lambda x: x, object(), np.matrix([[1]]),
                                   pd.Series([AlwaysEqual(2.0)], dtype=object)],
                         ids=["float-subclass", "function", "object", "matrix", "series-of-objects"])
def test_values_with_behaviour_of_their_own_cannot_be_sent(value):
    with pytest.raises(UnsupportedValue):
        encode(value)


@pytest.mark.parametrize("obj", [
    {"t": "pickle", "v": "gASV"},
    {"t": "npscalar", "dtype": "object", "v": 1},
    {"t": "npscalar", "dtype": "<f8", "v": [1, 2]},
    {"t": "ndarray", "dtype": "<f8", "shape": [3], "v": [1.0]},
    {"t": "ndarray", "dtype": "V8", "shape": [1], "v": [1]},
    {"t": "float", "v": "1.0"},
    {"t": "dict", "v": [[{"t": "list", "v": []}, {"t": "none"}]]},
    "not even a dict",
], ids=["unknown-tag", "object-dtype", "scalar-list", "short-data", "void-dtype", "string-float",
        "unhashable-key", "string"])
def test_malformed_values_are_rejected(obj):
    with pytest.raises(ValueError):
        decode(obj)
