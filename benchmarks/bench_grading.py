"""Measure grading a class of 30 week 1 submissions, as `make grade` does.

The class: 24 answered notebooks, 4 unanswered and 2 with a cell that raises. Writes
benchmarks/grading.json. Run with `make bench`.
"""
from __future__ import annotations

import json
import os
import platform
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the grading package lives at the root, beside mmlib

from grading.assign import ensure_autograder  # noqa: E402
from grading.grade import STATUSES, grade_directory  # noqa: E402

WEEK = "week01"
CLASS = {"answered": 24, "unanswered": 4, "raises": 2}


def write_class(folder: Path, answered: Path, unanswered: Path) -> None:
    student = 0
    for kind, count in CLASS.items():
        for _ in range(count):
            student += 1
            notebook = nbformat.read(unanswered if kind == "unanswered" else answered, as_version=4)
            if kind == "raises":
                notebook.cells.insert(8, nbformat.v4.new_code_cell("raise ValueError('oops')"))
            nbformat.write(notebook, folder / f"student{student:02d}.ipynb")


def _cpu_seconds() -> float:
    usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    return sum(u.ru_utime + u.ru_stime for u in usage)


def main() -> None:
    autograder = ensure_autograder(WEEK, ROOT)
    folder = Path(tempfile.mkdtemp(prefix="bench-grading-"))
    try:
        write_class(folder, autograder / f"{WEEK}.ipynb", ROOT / "exercises" / WEEK / f"{WEEK}.ipynb")
        load_before = os.getloadavg()[0]
        cpu_before = _cpu_seconds()
        start = time.perf_counter()
        results = grade_directory(WEEK, folder, folder / "grades.csv", echo=lambda line: None)
        seconds = time.perf_counter() - start
        cpu = _cpu_seconds() - cpu_before
    finally:
        shutil.rmtree(folder)
    statuses = {s: sum(r.status == s for r in results) for s in STATUSES}
    report = {
        "machine": {"python": platform.python_version(), "cpu_count": os.cpu_count(),
                    "load_average_before": round(load_before, 2)},
        "week": WEEK,
        "submissions": len(results),
        "class": CLASS,
        "statuses": statuses,
        "total_seconds": round(seconds, 1),
        "seconds_per_submission": round(seconds / len(results), 2),
        # CPU time of the grader and the notebooks' processes: what an idle machine would need
        "cpu_seconds": round(cpu, 1),
        "cpu_seconds_per_submission": round(cpu / len(results), 2),
    }
    (ROOT / "benchmarks" / "grading.json").write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
