"""Turn each week's master notebook into what students, the book and the grader use.

The one source of a week's exercises is ``solutions/weekNN/weekNN.ipynb``, written in
otter-assign format (questions, solutions, public and hidden tests). :func:`release` makes
from it, with ``otter assign``:

- ``exercises/weekNN/weekNN.ipynb`` and ``exercises/weekNN/tests/`` (committed): the student
  notebook with the public tests that ``grader.check("qN")`` runs in class;
- ``_build/autograder/weekNN/`` (not committed): every test, public and hidden, for
  :mod:`grading.grade`, and otter's autograder zip; ``master.sha256`` records which master
  it was built from, so :func:`ensure_autograder` rebuilds it when the master changes;
- ``solutions/weekNN/weekNN-solutions.ipynb`` (committed, executed): the worked solutions the
  book shows, the master without its tests and otter markers (:func:`worked_solutions`).

Generated cells get ids numbered in order, so releasing an unchanged master rewrites the same
bytes; :func:`stale_files` regenerates into a temporary directory and lists what differs.
"""
from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat

__all__ = ["EXERCISES_ONLY", "ROOT", "autograder_dir", "ensure_autograder", "master_path", "masters", "release",
           "stale_files", "week_name", "worked_solutions"]

ROOT = Path(__file__).resolve().parent.parent
_WEEK = re.compile(r"(?:week)?0?([1-9]|1[0-2])")
_SOLUTION_MARKER = re.compile(r"\s*# (?:BEGIN|END) SOLUTION(?: NO PROMPT)?")
_SOLUTION_SUFFIX = re.compile(r"(.*?)\s*# SOLUTION(?: NO PROMPT)?")
_UNSUPPORTED_MARKERS = ("# IGNORE", "# BEGIN IGNORE", "# END IGNORE", "# SEED")
#: Cell tag of master cells meant only for the exercises, such as how to run the checks.
EXERCISES_ONLY = "exercises-only"


def week_name(week: str | int) -> str:
    """Normalise a week given as ``1``, ``"01"`` or ``"week01"`` to ``"week01"``.

    Examples
    --------
    >>> week_name(3), week_name("03"), week_name("week12")
    ('week03', 'week03', 'week12')
    """
    match = _WEEK.fullmatch(str(week).strip().lower())
    if match is None:
        raise ValueError(f"week must be a number from 1 to 12 (like 1, 01 or week01), got {week!r}")
    return f"week{int(match.group(1)):02d}"


def masters(root: Path = ROOT) -> list[Path]:
    """The master notebooks that exist, ``solutions/weekNN/weekNN.ipynb``, in week order."""
    return sorted(p for p in root.glob("solutions/week[0-9][0-9]/week[0-9][0-9].ipynb")
                  if p.stem == p.parent.name)


def master_path(week: str | int, root: Path = ROOT) -> Path:
    """The master notebook of one week; ``FileNotFoundError`` naming the weeks that have one."""
    name = week_name(week)
    path = root / "solutions" / name / f"{name}.ipynb"
    if not path.is_file():
        weeks = ", ".join(p.stem for p in masters(root)) or "none yet"
        raise FileNotFoundError(f"no exercise set for {name}: {path.relative_to(root)} does not "
                                f"exist (weeks with a set: {weeks})")
    return path


def autograder_dir(week: str | int, root: Path = ROOT) -> Path:
    """Where the autograder of a week lives: ``_build/autograder/weekNN``."""
    return root / "_build" / "autograder" / week_name(week)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _otter_assign(master: Path, dest: Path, run_tests: bool) -> tuple[Path, Path]:
    """Run ``otter assign``; return its student and autograder folders."""
    command = [sys.executable, "-m", "otter", "assign", str(master), str(dest)]
    if not run_tests:
        command.append("--no-run-tests")
    done = subprocess.run(command, cwd=master.parent, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"otter assign failed on {master.name} (exit {done.returncode}):\n"
                           f"{(done.stdout + done.stderr)[-4000:]}")
    return dest / "student", dest / "autograder"


def _number_cells(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    # Random cell ids would make every release a diff; ids only need to be unique.
    notebook.nbformat_minor = max(notebook.nbformat_minor, 5)
    for index, cell in enumerate(notebook.cells):
        cell.id = f"cell-{index:03d}"
    return notebook


def _write_student(student: Path, week: str, root: Path) -> None:
    target = root / "exercises" / week
    target.mkdir(parents=True, exist_ok=True)
    notebook = nbformat.read(student / f"{week}.ipynb", as_version=4)
    # a solution cell with nothing to prompt (NO PROMPT) leaves an empty cell
    notebook.cells = [c for c in notebook.cells if c.cell_type != "code" or c.source.strip()]
    # otter puts its set-up cell first; after the title reads better, and still runs first
    if len(notebook.cells) > 1 and notebook.cells[1].cell_type == "markdown":
        notebook.cells[:2] = notebook.cells[1::-1]
    for cell in notebook.cells:
        cell.metadata.pop("mystnb", None)  # a figure caption with no figure yet
    # the master's language_info names the Python version that last ran it
    notebook.metadata = {"kernelspec": notebook.metadata["kernelspec"],
                         "language_info": {"name": "python"},
                         "otter": notebook.metadata["otter"]}
    nbformat.write(_number_cells(notebook), target / f"{week}.ipynb")
    shutil.rmtree(target / "tests", ignore_errors=True)
    shutil.copytree(student / "tests", target / "tests")


def _write_autograder(autograder: Path, master: Path, week: str, root: Path) -> None:
    target = autograder_dir(week, root)
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(autograder, target)
    for archive in target.glob("*.zip"):  # otter stamps the time into the name
        archive.rename(target / f"{week}-autograder.zip")
    (target / "master.sha256").write_text(_sha256(master) + "\n")


def _reveal(source: str) -> str:
    """A solution cell as the worked solutions show it: the answer, without otter's markers."""
    lines, in_prompt = [], False
    for line in source.splitlines():
        stripped = line.rstrip()
        if stripped.endswith("# END PROMPT"):
            in_prompt = False
        elif in_prompt:
            continue
        elif stripped.endswith("# BEGIN PROMPT"):
            in_prompt = True
        elif stripped.endswith(_UNSUPPORTED_MARKERS):
            raise ValueError(f"the worked-solution renderer does not handle this otter marker; "
                             f"write the cell without it: {stripped!r}")
        elif not _SOLUTION_MARKER.fullmatch(stripped):
            lines.append(_SOLUTION_SUFFIX.sub(r"\1", stripped) if stripped.endswith(
                ("# SOLUTION", "# SOLUTION NO PROMPT")) else line)
    return "\n".join(lines)


def worked_solutions(master: nbformat.NotebookNode, week: str) -> nbformat.NotebookNode:
    """The worked solutions of a master notebook, unexecuted.

    Drops otter's configuration and block cells, the tests, the student-only prompts and
    cells tagged ``exercises-only``; keeps the prose and the solutions, without their markers; retitles the notebook (its H1
    must say "exercises") and links to the exercise version.

    Parameters
    ----------
    master : nbformat.NotebookNode
        A master notebook in otter-assign format.
    week : str
        Its week, ``"weekNN"``, for the link to the exercises.

    Returns
    -------
    nbformat.NotebookNode
        A new notebook, without outputs.

    Examples
    --------
    >>> v4 = nbformat.v4
    >>> master = v4.new_notebook(cells=[
    ...     v4.new_markdown_cell("# Week 1 exercises"),
    ...     v4.new_raw_cell("# BEGIN QUESTION\\nname: q1"),
    ...     v4.new_code_cell("x = 2  # SOLUTION"),
    ...     v4.new_raw_cell("# BEGIN TESTS"), v4.new_code_cell("assert x == 2"),
    ...     v4.new_raw_cell("# END TESTS"), v4.new_raw_cell("# END QUESTION")])
    >>> [c.source[:18] for c in worked_solutions(master, "week01").cells]
    ['# Week 1 solutions', 'These are the work', 'x = 2']
    """
    from otter.assign.blocks import BlockType, is_assignment_config_cell, is_block_boundary_cell

    def boundary(cell: nbformat.NotebookNode, kind: BlockType) -> str | None:
        if is_block_boundary_cell(cell, kind):
            return "begin"
        return "end" if is_block_boundary_cell(cell, kind, end=True) else None

    cells, skipping = [], set()
    for cell in master.cells:
        if is_assignment_config_cell(cell):
            continue
        edges = {kind: boundary(cell, kind) for kind in BlockType}
        if any(edges.values()):
            for kind in (BlockType.TESTS, BlockType.PROMPT):
                if edges[kind] == "begin":
                    skipping.add(kind)
                elif edges[kind] == "end":
                    skipping.discard(kind)
            continue
        if skipping or EXERCISES_ONLY in cell.metadata.get("tags", []):
            continue
        metadata = {k: v for k, v in cell.metadata.items() if k not in ("otter", "deletable",
                                                                         "editable")}
        if cell.cell_type == "code":
            cells.append(nbformat.v4.new_code_cell(_reveal(cell.source), metadata=metadata))
        else:
            new = getattr(nbformat.v4, f"new_{cell.cell_type}_cell")
            cells.append(new(cell.source, metadata=metadata))

    title = cells[0].source.splitlines()[0] if cells and cells[0].cell_type == "markdown" else ""
    if not (title.startswith("# ") and "exercises" in title.lower()):
        raise ValueError(f"the master's first cell must start with its title, a '# ' heading "
                         f"that says 'exercises' (it becomes 'solutions'), got {title!r}")
    cells[0].source = re.sub("exercises", lambda m: "Solutions" if m.group(0)[0] == "E"
                             else "solutions", cells[0].source, count=1, flags=re.IGNORECASE)
    cells.insert(1, nbformat.v4.new_markdown_cell(
        "These are the worked solutions, executed. The exercises, with the checks that tell you "
        f"how you are doing as you go, are in {{doc}}`../../exercises/{week}/{week}`: try them "
        "first."))
    metadata = {k: v for k, v in master.metadata.items() if k != "otter"}
    return _number_cells(nbformat.v4.new_notebook(cells=cells, metadata=metadata))


def _execute(notebook: nbformat.NotebookNode, folder: Path) -> None:
    """Execute in place from a fresh kernel, as ``make notebooks`` does."""
    from nbclient import NotebookClient

    NotebookClient(notebook, timeout=600, kernel_name="python3", record_timing=False,
                   resources={"metadata": {"path": str(folder)}}).execute()


def release(week: str | int, root: Path = ROOT, *, run_tests: bool = True,
            execute: bool = True) -> None:
    """Write a week's student notebook, public tests, autograder and worked solutions.

    Parameters
    ----------
    week : str or int
        The week, as :func:`week_name` accepts it.
    root : Path
        The repository (or a copy of its layout) to write into.
    run_tests : bool
        Let ``otter assign`` check that the master's solutions pass its tests.
    execute : bool
        Execute the worked solutions (the book shows their output).
    """
    name = week_name(week)
    master = master_path(name, root)
    with tempfile.TemporaryDirectory(prefix=f"assign-{name}-") as scratch:
        student, autograder = _otter_assign(master, Path(scratch) / "dist", run_tests)
        _write_student(student, name, root)
        _write_autograder(autograder, master, name, root)
    worked = worked_solutions(nbformat.read(master, as_version=4), name)
    if execute:
        _execute(worked, master.parent)
    nbformat.write(worked, master.parent / f"{name}-solutions.ipynb")


def ensure_autograder(week: str | int, root: Path = ROOT) -> Path:
    """Return the week's autograder folder, building it first if missing or from an older master."""
    name = week_name(week)
    master, target = master_path(name, root), autograder_dir(name, root)
    stamp = target / "master.sha256"
    if not (stamp.is_file() and stamp.read_text().strip() == _sha256(master)):
        with tempfile.TemporaryDirectory(prefix=f"assign-{name}-") as scratch:
            _, autograder = _otter_assign(master, Path(scratch) / "dist", run_tests=False)
            _write_autograder(autograder, master, name, root)
    return target


def stale_files(week: str | int, root: Path = ROOT) -> list[str]:
    """The committed files of a week that differ from what its master generates now.

    Compares the student notebook and public tests byte for byte, and the worked solutions'
    cells (their outputs are nbval's business). An empty list means up to date.
    """
    name = week_name(week)
    master = master_path(name, root)
    stale = []
    with tempfile.TemporaryDirectory(prefix=f"stale-{name}-") as scratch:
        fresh_root = Path(scratch)
        student, _ = _otter_assign(master, fresh_root / "dist", run_tests=False)
        _write_student(student, name, fresh_root)
        fresh = fresh_root / "exercises" / name
        committed = root / "exercises" / name
        names = {p.relative_to(fresh) for p in fresh.rglob("*") if p.is_file()}
        names |= {p.relative_to(committed) for p in committed.rglob("*") if p.is_file()
                  and "__pycache__" not in p.parts and ".ipynb_checkpoints" not in p.parts}
        for relative in sorted(names):
            old, new = committed / relative, fresh / relative
            if not (old.is_file() and new.is_file() and old.read_bytes() == new.read_bytes()):
                stale.append(str(Path("exercises", name, relative)))
    worked = worked_solutions(nbformat.read(master, as_version=4), name)
    path = master.parent / f"{name}-solutions.ipynb"
    cells = [(c.cell_type, c.source, dict(c.metadata)) for c in worked.cells]
    if not path.is_file() or cells != [(c.cell_type, c.source, dict(c.metadata))
                                       for c in nbformat.read(path, as_version=4).cells]:
        stale.append(str(path.relative_to(root)))
    return stale
