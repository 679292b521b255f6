"""nbval in strict mode fails a notebook whose stored output is stale, and passes a current one.

This is the guarantee the book rests on: what a reader sees is what the code prints.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat

SANITIZE = Path(__file__).with_name("nbval_sanitize.cfg")


def _notebook(path: Path, source: str, stored_output: str) -> Path:
    cell = nbformat.v4.new_code_cell(source, execution_count=1)
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=stored_output)]
    notebook = nbformat.v4.new_notebook(cells=[cell])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, path)
    return path


def _nbval(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval", "-p", "no:cacheprovider", "-o", "addopts=",
         "--nbval-sanitize-with", str(SANITIZE), str(path)],
        capture_output=True, text=True, cwd=path.parent, timeout=300,
    )


def test_stale_output_fails(tmp_path):
    result = _nbval(_notebook(tmp_path / "stale.ipynb", "print(6 * 7)", "41\n"))
    assert result.returncode == 1, result.stdout[-2000:]
    assert "1 failed" in result.stdout


def test_current_output_passes(tmp_path):
    result = _nbval(_notebook(tmp_path / "current.ipynb", "print(6 * 7)", "42\n"))
    assert result.returncode == 0, result.stdout[-2000:]
    assert "1 passed" in result.stdout


def test_sanitizer_hides_memory_addresses(tmp_path):
    source = "class Thing: pass\nprint(Thing())"
    stored = "<__main__.Thing object at 0x7f00deadbeef>\n"
    result = _nbval(_notebook(tmp_path / "address.ipynb", source, stored))
    assert result.returncode == 0, result.stdout[-2000:]
