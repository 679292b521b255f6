"""Command line of the exercise workflow: ``python -m grading assign`` and ``python -m grading grade``.

``make exercises`` and ``make grade`` call these; ``python -m grading --help`` lists the options.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from grading.assign import ROOT, masters, release, week_name
from grading.grade import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, GradingTampered, grade_directory


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m grading", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    assign = commands.add_parser(
        "assign", help="write exercises/weekNN/, solutions/weekNN/weekNN-solutions.ipynb and "
        "_build/autograder/weekNN/ from each master notebook")
    assign.add_argument("--week", action="append",
                        help="only this week (repeatable); default: every week with a master")
    grade = commands.add_parser("grade", help="grade every .ipynb under a folder into a CSV")
    grade.add_argument("--week", required=True, help="the week: 1, 01 or week01")
    grade.add_argument("--submissions", required=True, type=Path,
                       help="folder searched recursively for .ipynb files (never modified)")
    grade.add_argument("--out", type=Path, help="CSV to write (default grades/weekNN.csv)")
    grade.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                       help=f"wall-clock seconds per submission (default {DEFAULT_TIMEOUT:g})")
    grade.add_argument("--memory", type=int, default=DEFAULT_MEMORY_MB,
                       help=f"memory limit per submission in MiB (default {DEFAULT_MEMORY_MB})")
    args = parser.parse_args(argv)

    try:
        if args.command == "assign":
            weeks = args.week or [path.stem for path in masters()]
            for week in weeks:
                print(f"releasing {week}", flush=True)
                release(week)
        else:
            out = args.out or ROOT / "grades" / f"{week_name(args.week)}.csv"
            results = grade_directory(args.week, args.submissions, out,
                                      timeout=args.timeout, memory_mb=args.memory)
            print(f"{len(results)} submissions graded into {out}")
    except (FileNotFoundError, ValueError, RuntimeError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2 if not isinstance(error, GradingTampered) else 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
