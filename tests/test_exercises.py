"""Every week's exercise set: generated files up to date with the master, master solutions worth
full marks, the unanswered student notebook running to the end below full marks, and the book
showing the exercises and the worked solutions (without test scaffolding)."""
from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest
import yaml

from grading.assign import autograder_dir, ensure_autograder, masters, stale_files
from grading.grade import grade_directory, load_questions

ROOT = Path(__file__).resolve().parent.parent
MASTERS = masters(ROOT)
WEEKS = [m.stem for m in MASTERS]


def test_the_first_set_exists():
    assert "week01" in WEEKS


@pytest.mark.parametrize("week", WEEKS)
def test_committed_files_are_up_to_date_with_the_master(week):
    assert stale_files(week, ROOT) == [], "the master changed: run `make exercises` and commit"


def test_an_edited_student_notebook_or_worked_solution_counts_as_stale(tmp_path):
    for relative in ("solutions/week01", "exercises/week01"):
        shutil.copytree(ROOT / relative, tmp_path / relative)
    assert stale_files("week01", tmp_path) == []
    student = tmp_path / "exercises" / "week01" / "week01.ipynb"
    notebook = nbformat.read(student, as_version=4)
    notebook.cells[-1].source += "\nedited by hand"
    nbformat.write(notebook, student)
    (tmp_path / "solutions" / "week01" / "week01-solutions.ipynb").unlink()
    (tmp_path / "exercises" / "week01" / "tests" / "q1.py").unlink()
    assert stale_files("week01", tmp_path) == [
        "exercises/week01/tests/q1.py", "exercises/week01/week01.ipynb",
        "solutions/week01/week01-solutions.ipynb"]


@pytest.mark.parametrize("week", WEEKS)
def test_master_scores_full_marks_and_the_unanswered_notebook_less(week, tmp_path):
    questions = load_questions(ensure_autograder(week, ROOT) / "tests")
    folder = tmp_path / "submissions"
    folder.mkdir()
    shutil.copy(ROOT / "solutions" / week / f"{week}.ipynb", folder / "master.ipynb")
    shutil.copy(ROOT / "exercises" / week / f"{week}.ipynb", folder / "unanswered.ipynb")
    results = {r.submission: r for r in grade_directory(week, folder, tmp_path / "out.csv",
                                                        timeout=240, echo=lambda line: None)}
    full = sum(q.possible for q in questions)
    master, unanswered = results["master.ipynb"], results["unanswered.ipynb"]
    assert (master.status, master.score) == ("ok", full), master.message
    assert unanswered.status == "ok", f"the student notebook does not run: {unanswered.message}"
    assert unanswered.score < full


@pytest.mark.parametrize("week", WEEKS)
def test_each_set_has_six_questions_each_with_public_and_hidden_tests(week):
    questions = load_questions(ensure_autograder(week, ROOT) / "tests")
    assert len(questions) >= 6
    for question in questions:
        cases = question.spec["suites"][0]["cases"]
        assert any(not c.get("hidden") for c in cases), f"{question.name}: no public test (hint)"
        assert any(c.get("hidden") for c in cases), f"{question.name}: no hidden test"
        assert question.possible > 0


@pytest.mark.parametrize("week", WEEKS)
def test_public_tests_beside_the_student_notebook_hold_no_hidden_cases(week):
    public = ROOT / "exercises" / week / "tests"
    assert sorted(p.name for p in public.glob("*.py")) == sorted(
        p.name for p in (autograder_dir(week, ROOT) / "tests").glob("*.py"))
    for path in public.glob("*.py"):
        namespace: dict = {}
        exec(path.read_text(), namespace)
        assert not any(c.get("hidden") for c in namespace["test"]["suites"][0]["cases"]), path


@pytest.mark.parametrize("week", WEEKS)
def test_worked_solutions_show_no_test_scaffolding(week):
    notebook = nbformat.read(ROOT / "solutions" / week / f"{week}-solutions.ipynb", as_version=4)
    assert all(cell.cell_type != "raw" for cell in notebook.cells)
    text = "\n".join(cell.source for cell in notebook.cells)
    for scaffolding in ("# BEGIN", "# END", "# SOLUTION", "TEST CONFIG", "grader.", "# PROMPT"):
        assert scaffolding not in text
    assert notebook.cells[0].source.startswith("# ") and "solutions" in notebook.cells[0].source


def test_the_book_lists_each_weeks_exercises_and_solutions():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    parts = {part["caption"]: [c["file"] for c in part["chapters"]] for part in toc["parts"]}
    assert parts["Exercises"] == ["exercises/index", *[f"exercises/{w}/{w}" for w in WEEKS]]
    assert parts["Solutions"] == ["solutions/index", *[f"solutions/{w}/{w}-solutions" for w in WEEKS]]
