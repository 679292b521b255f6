"""Measure the book: a clean strict build, a rebuild with no change, and each notebook's run time.

Writes benchmarks/results.json. Run with `make bench`.
"""
from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
JUPYTER_BOOK = Path(sys.executable).with_name("jupyter-book")


def timed_build(output: Path) -> float:
    start = time.perf_counter()
    subprocess.run([str(JUPYTER_BOOK), "build", str(ROOT), "-W", "-n", "--keep-going",
                    "--path-output", str(output)], check=True, capture_output=True)
    return time.perf_counter() - start


def notebook_seconds(path: Path) -> float:
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, kernel_name="python3", timeout=600,
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start


def main() -> None:
    output = Path(tempfile.mkdtemp(prefix="bench-book-"))
    try:
        clean = timed_build(output)
        rebuild = timed_build(output)
    finally:
        shutil.rmtree(output)
    notebooks = sorted(p for folder in ("lessons", "solutions", "book")
                       for p in (ROOT / folder).rglob("*.ipynb"))
    per_notebook = {str(p.relative_to(ROOT)): round(notebook_seconds(p), 2) for p in notebooks}
    results = {
        "machine": {"python": platform.python_version(), "cpu_count": os.cpu_count()},
        "clean_build_seconds": round(clean, 2),
        "no_change_rebuild_seconds": round(rebuild, 2),
        "notebook_seconds": per_notebook,
        "slowest_notebook": max(per_notebook.items(), key=lambda kv: kv[1]) if per_notebook else None,
    }
    (ROOT / "benchmarks" / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
