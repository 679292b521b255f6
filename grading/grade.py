"""Grade a class's submissions of one week's exercises: one CSV row per notebook.

Design: where the tests run, and why
------------------------------------
``otter run`` executes a submission in a Jupyter kernel, appends a cell that runs the tests in
that same kernel, and unpickles the results file the kernel writes. A submission can therefore
rewrite otter's checker, or write that file itself, and give itself full marks (the unanswered
week 1 notebook with ``otter.test_files.ok_test.run_doctest = lambda *a, **k: (True, "")`` in
its first cell gets 19/19 from ``otter run``), and unpickling a file a submission wrote lets it
run code in the grader. So here the two sides are split:

1. **The submission runs untrusted, on a copy.** The grader reads the file once (the
   submission folder is only ever read), checks that it is a notebook, and writes a copy into a
   fresh temporary directory laid out like the repository: the notebook in
   ``exercises/weekNN/`` beside the public tests ``grader.check`` needs, and a private copy of
   ``data/`` (``MMLIB_DATA_DIR`` points there), so a notebook that deletes or rewrites files
   around it only damages its own copy. :mod:`grading.runner` runs the code cells there, in a
   separate process with a minimal environment, a wall-clock timeout, and limits on memory,
   file size and core dumps, in its own process group (killed as a whole when it ends). Hidden
   tests never enter that directory. Whatever the notebook prints goes to ``/dev/null``; what
   it writes to files is never read.
2. **Only answers come back.** At the end the runner sends the values of the names the tests
   use over a pipe, as plain JSON (:mod:`grading.values`). The grader decodes them into plain
   numbers, strings, arrays and data frames, never objects with behaviour of their own. The
   notebook controls that pipe too, but all it can put there is answers, which is what it was
   asked for anyway.
3. **The tests run in the grader.** Every test, public and hidden, read from the autograder
   built by ``otter assign`` before grading starts, runs here, in the grader's own clean
   process, on the decoded answers, with otter's test runner. Patching otter, numpy or
   ``assert`` in the notebook changes nothing here; printing "All tests passed" or writing a
   ``results.json`` is never looked at. The score is the sum of the points of passing cases.

Statuses: ``ok`` (ran to the end), ``error`` (a cell raised, the process died, or the channel
held garbage: answers that did arrive are still graded), ``timeout`` (killed at the time limit:
no marks, nothing came back), ``invalid`` (not a notebook of this assignment: no marks).

The process is not a security sandbox: it runs as the grading user and could reach any file by
its absolute path. So the grader fingerprints the files the scores depend on (the submissions, the
tests, the data; ``mmlib`` and this package are imported before the first submission runs)
before grading and checks them after every submission, stopping with the culprit's name if
anything changed. For a class you do not trust
at all, run ``make grade`` in a throwaway container or as an unprivileged user.
"""
from __future__ import annotations

import ast
import builtins
import contextlib
import csv
import doctest
import hashlib
import io
import json
import os
import re
import resource
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from grading.assign import ROOT, ensure_autograder, week_name
from grading.runner import code_cells
from grading.values import decode

__all__ = ["STATUSES", "GradingTampered", "Question", "Result", "answer_names",
           "find_submissions", "grade_directory", "grade_submission", "load_questions",
           "write_csv"]

STATUSES = ("ok", "error", "timeout", "invalid")
DEFAULT_TIMEOUT = 300.0
DEFAULT_MEMORY_MB = 4096
MAX_NOTEBOOK_BYTES = 50 * 2**20
MAX_CHANNEL_BYTES = 64 * 2**20
MAX_FILE_BYTES = 256 * 2**20


class GradingTampered(RuntimeError):
    """A submission changed files the grading depends on; grading stopped."""


@dataclass(frozen=True)
class Question:
    """One autograded question: its name, its otter test spec, and the points it is worth."""

    name: str
    spec: dict
    possible: float

    def grade(self, answers: dict) -> float:
        """Run every test case, public and hidden, on ``answers`` (which the tests may change);
        return the points earned."""
        from otter.test_files.ok_test import OKTestFile

        test = OKTestFile.from_spec(self.spec, path=f"{self.name}.py")
        # The tests print nothing useful here and may warn about a student's odd values.
        with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
            warnings.simplefilter("ignore")
            test.run(answers)
        return float(test.score)


@dataclass
class Result:
    """The grade of one submission."""

    submission: str
    status: str
    scores: dict[str, float]
    max_score: float
    message: str = ""
    details: list[str] = field(default_factory=list)

    @property
    def score(self) -> float:
        return sum(self.scores.values())


def _natural_key(name: str) -> list:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]


def load_questions(tests_dir: Path) -> list[Question]:
    """Read an autograder's OK-format test files (all cases, public and hidden), in question order.

    Parameters
    ----------
    tests_dir : Path
        The ``tests`` folder that ``otter assign`` wrote into the autograder.

    Returns
    -------
    list of Question
        Sorted naturally by name (q2 before q10).
    """
    from otter.test_files.ok_test import OKTestFile

    questions = []
    for path in sorted(tests_dir.glob("*.py"), key=lambda p: _natural_key(p.stem)):
        namespace: dict = {}
        exec(compile(path.read_text(), str(path), "exec"), namespace)  # our own test file
        spec = namespace["test"]
        possible = OKTestFile.from_spec(spec, path=str(path)).possible
        questions.append(Question(spec["name"], spec, float(possible)))
    if not questions:
        raise FileNotFoundError(f"no test files in {tests_dir}: run `make exercises`")
    return questions


def answer_names(questions: list[Question]) -> list[str]:
    """The names the tests read from a notebook: used but not defined or imported by the tests.

    Examples
    --------
    >>> spec = {"name": "q1", "points": 1, "suites": [{"cases": [{"code":
    ...     ">>> import numpy as np\\n>>> _x = 2\\n>>> assert np.isclose(beta[0], _x)\\n"}]}]}
    >>> answer_names([Question("q1", spec, 1.0)])
    ['beta']
    """
    used, bound = set(), set(dir(builtins))
    parser = doctest.DocTestParser()
    for question in questions:
        for case in question.spec["suites"][0]["cases"]:
            for example in parser.get_examples(case["code"]):
                for node in ast.walk(ast.parse(example.source)):
                    if isinstance(node, ast.Name):
                        (used if isinstance(node.ctx, ast.Load) else bound).add(node.id)
                    elif isinstance(node, (ast.Import, ast.ImportFrom)):
                        bound.update((a.asname or a.name).split(".")[0] for a in node.names)
    return sorted(used - bound)


def _fingerprint(paths: list[Path]) -> dict[str, str]:
    """SHA-256 of every file under ``paths`` (bytecode caches aside)."""
    digests = {}
    for top in paths:
        files = [top] if top.is_file() else sorted(p for p in top.rglob("*") if p.is_file())
        for path in files:
            if "__pycache__" not in path.parts:
                digests[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return digests


def _limits(memory_mb: int):
    """The resource limits, applied in the child between fork and exec."""
    def apply() -> None:
        memory = memory_mb * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_FSIZE, (MAX_FILE_BYTES, MAX_FILE_BYTES))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    return apply


def _sandbox(scratch: Path, week: str, data: bytes, public_tests: Path, data_dir: Path,
             font_cache: list[Path]) -> tuple[Path, dict[str, str]]:
    """Lay out a fresh copy of what the notebook needs; return its folder and environment."""
    folder = scratch / "exercises" / week
    shutil.copytree(public_tests, folder / "tests")
    (folder / f"{week}.ipynb").write_bytes(data)
    shutil.copytree(data_dir, scratch / "data")
    home = scratch / "home"
    (home / ".matplotlib").mkdir(parents=True)
    (scratch / "tmp").mkdir()
    for cache in font_cache:  # saves each run a second or two of font scanning
        shutil.copy(cache, home / ".matplotlib")
    venv_bin = str(Path(sys.executable).parent)
    env = {
        "PATH": os.pathsep.join([venv_bin, "/usr/local/bin", "/usr/bin", "/bin"]),
        "HOME": str(home), "TMPDIR": str(scratch / "tmp"), "LANG": "C.UTF-8",
        "IPYTHONDIR": str(home / ".ipython"), "MPLCONFIGDIR": str(home / ".matplotlib"),
        "MPLBACKEND": "Agg", "MMLIB_DATA_DIR": str(scratch / "data"),
        "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1", "PYTHONHASHSEED": "0",
        # one thread each: fair to the machine, and the same numbers on every run
        "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
    }
    return folder, env


def _remove_tree(path: Path) -> None:
    """Delete a sandbox, even one whose notebook took its own permissions away."""
    pending = [str(path)]
    while pending:  # give every real directory (never a symlink's target) back its permissions
        directory = pending.pop()
        if os.path.isdir(directory) and not os.path.islink(directory):
            with contextlib.suppress(OSError):
                os.chmod(directory, 0o700)
                pending += [entry.path for entry in os.scandir(directory)]
    shutil.rmtree(path, ignore_errors=True)


@dataclass
class _Run:
    """What came back from running a notebook."""

    messages: list[dict]
    returncode: int | None
    timed_out: bool
    overflow: bool
    malformed: bool
    stderr: str


def _run_notebook(folder: Path, env: dict[str, str], week: str, names: list[str],
                  timeout: float, memory_mb: int) -> _Run:
    read_fd, write_fd = os.pipe()
    # an anonymous file outside the sandbox: the notebook cannot delete it from under us
    stderr = tempfile.TemporaryFile()
    process = subprocess.Popen(
        [sys.executable, "-m", "grading.runner", f"{week}.ipynb", str(write_fd), *names],
        cwd=folder, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=stderr, pass_fds=(write_fd,), start_new_session=True,
        preexec_fn=_limits(memory_mb))
    os.close(write_fd)
    received, timed_out, overflow = bytearray(), False, False
    deadline = time.monotonic() + timeout
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                timed_out = True
                break
            ready, _, _ = select.select([read_fd], [], [], min(remaining, 0.25))
            if ready:
                chunk = os.read(read_fd, 1 << 16)
                if not chunk:
                    break
                received += chunk
                if len(received) > MAX_CHANNEL_BYTES:
                    overflow = True
                    break
            elif process.poll() is not None:
                break  # exited, but something it started still holds the pipe open
        if not (timed_out or overflow):
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=max(deadline - time.monotonic(), 0.1))
            timed_out = process.poll() is None
    finally:
        os.close(read_fd)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)  # the runner and anything it started
        process.wait()
    messages, malformed = [], False
    for line in bytes(received).splitlines():
        try:
            message = json.loads(line)
        except (ValueError, RecursionError):
            malformed = True
            continue
        if isinstance(message, dict):
            messages.append(message)
        else:
            malformed = True
    with stderr:
        stderr.seek(max(stderr.seek(0, os.SEEK_END) - 2000, 0))
        tail = stderr.read().decode("utf-8", "replace")
    return _Run(messages, None if timed_out else process.returncode, timed_out, overflow,
                malformed, tail)


def _printable(text: object, limit: int = 200) -> str:
    """Text from a submission, safe to print on the instructor's terminal."""
    return "".join(c if c.isprintable() else "?" for c in str(text)[:limit])


def _describe_exit(run: _Run, last_cell: int | None) -> str:
    where = f" in code cell {last_cell}" if last_cell is not None else " before its first cell"
    if run.returncode is not None and run.returncode < 0:
        return f"the notebook's process was killed by signal {-run.returncode}{where}"
    return f"the notebook's process exited (code {run.returncode}){where} before reporting"


def grade_submission(path: Path, questions: list[Question], *, week: str, public_tests: Path,
                     data_dir: Path, timeout: float = DEFAULT_TIMEOUT,
                     memory_mb: int = DEFAULT_MEMORY_MB, name: str | None = None,
                     font_cache: list[Path] | None = None) -> Result:
    """Grade one submitted notebook (see the module docstring for how).

    Parameters
    ----------
    path : Path
        The submitted ``.ipynb`` file; only read.
    questions : list of Question
        From :func:`load_questions`.
    week : str
        ``"weekNN"``: the assignment a notebook must belong to, if it says.
    public_tests : Path
        The public tests (``exercises/weekNN/tests``), copied beside the notebook for its
        ``grader.check`` calls.
    data_dir : Path
        The course data, copied for the notebook.
    timeout : float
        Wall-clock seconds for the whole run.
    memory_mb : int
        Address-space limit of the notebook's process, in MiB.
    name : str, optional
        How the submission is named in the result (default: the file name).
    font_cache : list of Path, optional
        Matplotlib font-cache files to seed the sandbox with.

    Returns
    -------
    Result
    """
    name = name or path.name
    max_score = sum(q.possible for q in questions)
    zero = {q.name: 0.0 for q in questions}

    def result(status: str, message: str, scores: dict | None = None, details=()) -> Result:
        return Result(name, status, scores or dict(zero), max_score, message, list(details))

    try:
        data = path.read_bytes() if path.stat().st_size <= MAX_NOTEBOOK_BYTES else None
    except OSError as error:
        return result("invalid", f"cannot read the file: {error.strerror}")
    if data is None:
        return result("invalid", f"larger than {MAX_NOTEBOOK_BYTES // 2**20} MiB")
    try:
        code_cells(data)
    except ValueError as error:
        return result("invalid", str(error))
    assignment = json.loads(data).get("metadata", {})
    assignment = assignment.get("otter", {}) if isinstance(assignment, dict) else {}
    assignment = assignment.get("assignment_name") if isinstance(assignment, dict) else None
    if assignment not in (None, week):
        return result("invalid", f"this is a notebook of {assignment!r}, not {week!r}")

    names = answer_names(questions)
    scratch = Path(tempfile.mkdtemp(prefix="grade-"))
    try:
        folder, env = _sandbox(scratch, week, data, public_tests, data_dir, font_cache or [])
        run = _run_notebook(folder, env, week, names, timeout, memory_mb)
    finally:
        _remove_tree(scratch)

    started = [m["index"] for m in run.messages if m.get("event") == "cell"
               and isinstance(m.get("index"), int)]
    last_cell = started[-1] if started else None
    if run.timed_out:
        where = f" in code cell {last_cell}" if last_cell is not None else ""
        return result("timeout", f"still running after {timeout:g} s{where}")
    if run.overflow:
        return result("error", f"sent more than {MAX_CHANNEL_BYTES // 2**20} MiB to the grader")
    answers_messages = [m for m in run.messages if m.get("event") == "answers"]
    if not answers_messages:
        return result("error", _describe_exit(run, last_cell),
                      details=[_printable(line) for line in run.stderr.strip().splitlines()])

    report = answers_messages[-1]
    readable, details = {}, []
    values = report.get("values") if isinstance(report.get("values"), dict) else {}
    for answer_name in sorted(set(names) & set(values)):  # the names asked for, nothing else
        try:
            decode(values[answer_name])
        except (ValueError, RecursionError) as error:
            details.append(f"{answer_name}: could not be read ({error})")
        else:
            readable[answer_name] = values[answer_name]
    unsent = report.get("unsent") if isinstance(report.get("unsent"), dict) else {}
    details += [_printable(f"{n}: {reason}") for n, reason in unsent.items()
                if reason not in ("not defined", "not answered")]
    # decoded afresh for each question, so a test that changes a value in place affects no other
    scores = {q.name: q.grade({n: decode(v) for n, v in readable.items()}) for q in questions}

    errors = [m for m in run.messages if m.get("event") == "error"]
    if errors:
        first = errors[0]
        more = f" (and {len(errors) - 1} more cells)" if len(errors) > 1 else ""
        return result("error", f"code cell {first.get('index')} raised "
                      f"{_printable(first.get('error'))}{more}", scores, details)
    if run.malformed or run.returncode != 0:
        return result("error", "the notebook interfered with the grader's channel or exit "
                      f"(exit code {run.returncode})", scores, details)
    return result("ok", "", scores, details)


def find_submissions(folder: Path) -> list[Path]:
    """Every ``.ipynb`` under ``folder``, in sorted order, checkpoints aside."""
    if not folder.is_dir():
        raise FileNotFoundError(f"SUBMISSIONS={folder} is not a folder of notebooks")
    found = sorted(p for p in folder.rglob("*.ipynb")
                   if ".ipynb_checkpoints" not in p.parts and p.is_file())
    if not found:
        raise FileNotFoundError(f"no .ipynb files under {folder}")
    return found


def write_csv(results: list[Result], questions: list[Question], out: Path) -> None:
    """Write ``submission, status, score, max_score`` and one column per question."""
    out.parent.mkdir(parents=True, exist_ok=True)

    def number(x: float) -> str:
        return f"{round(x, 6):g}"

    with open(out, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["submission", "status", "score", "max_score", *[q.name for q in questions]])
        for r in results:
            writer.writerow([r.submission, r.status, number(r.score), number(r.max_score),
                             *[number(r.scores[q.name]) for q in questions]])


def grade_directory(week: str | int, submissions: Path, out: Path | None = None, *,
                    timeout: float = DEFAULT_TIMEOUT, memory_mb: int = DEFAULT_MEMORY_MB,
                    root: Path = ROOT, echo=print) -> list[Result]:
    """Grade every notebook under ``submissions`` and write the CSV.

    Parameters
    ----------
    week : str or int
        The week (``1``, ``"01"`` or ``"week01"``).
    submissions : Path
        Folder searched recursively for ``.ipynb`` files; never modified.
    out : Path, optional
        The CSV to write; default ``grades/weekNN.csv`` under ``root``.
    timeout : float
        Wall-clock seconds per submission.
    memory_mb : int
        Memory limit per submission, in MiB.
    root : Path
        The repository.
    echo : callable
        Called with one line of text per graded submission.

    Returns
    -------
    list of Result
        In the order of the CSV rows.

    Raises
    ------
    GradingTampered
        If grading a submission changed the submissions, the tests, the data or the code.
    """
    import matplotlib

    from mmlib.data import data_dir as mmlib_data_dir

    week = week_name(week)
    submissions = Path(submissions).resolve()
    out = Path(out) if out is not None else root / "grades" / f"{week}.csv"
    autograder = ensure_autograder(week, root)
    questions = load_questions(autograder / "tests")
    public_tests = root / "exercises" / week / "tests"
    data_dir = mmlib_data_dir()
    paths = find_submissions(submissions)
    font_cache = sorted(Path(matplotlib.get_cachedir()).glob("fontlist-*.json"))
    # mmlib and this package are already imported, so editing their files changes nothing now
    watched = [submissions, autograder, public_tests, data_dir]
    before = _fingerprint(watched)
    results = []
    for path in paths:
        result = grade_submission(path, questions, week=week, public_tests=public_tests,
                                  data_dir=data_dir, timeout=timeout, memory_mb=memory_mb,
                                  name=str(path.relative_to(submissions)), font_cache=font_cache)
        changed = sorted(set(before.items()) ^ set(_fingerprint(watched).items()))
        if changed:
            files = ", ".join(sorted({f for f, _ in changed})[:5])
            raise GradingTampered(
                f"grading {result.submission} changed files outside its sandbox ({files}); "
                "grading stopped. Restore them (`git status`, `make exercises`, your copy of "
                "the submissions) and grade that notebook by hand or in a container.")
        results.append(result)
        echo(f"{result.status:8} {result.score:g}/{result.max_score:g}  {result.submission}"
             + (f"  ({result.message})" if result.message else "")
             + "".join(f"\n         {line}" for d in result.details for line in d.splitlines()))
    write_csv(results, questions, out)
    return results
