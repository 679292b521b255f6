"""Every stored notebook is clean: executed in order from a fresh kernel, no unexpected errors,
the python3 kernel, no machine paths and no huge outputs.

nbval (run by `make test`) proves that the stored outputs are still what the code prints; these
checks catch what nbval cannot see: a notebook run out of order, by hand, or on someone's machine.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted(
    p for folder in ("lessons", "solutions", "book") for p in (ROOT / folder).rglob("*.ipynb")
    if ".ipynb_checkpoints" not in p.parts
)
MACHINE_PATH = re.compile(r"(?<![\w.])/(?:root|tmp|work|home|Users)/")
MAX_OUTPUT_BYTES = 1024 * 1024


def _ids(paths):
    return [str(p.relative_to(ROOT)) for p in paths]


def test_there_are_notebooks_to_check():
    assert any(p.parts[-3] == "lessons" for p in NOTEBOOKS)


def code_cells(path: Path):
    notebook = json.loads(path.read_text())
    return notebook, [c for c in notebook["cells"] if c["cell_type"] == "code"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_executed_in_order_from_one(path):
    _, cells = code_cells(path)
    counts = [c["execution_count"] for c in cells if "".join(c["source"]).strip()]
    assert counts == list(range(1, len(counts) + 1)), "run `make notebooks` to re-execute it in order"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_no_unexpected_errors(path):
    _, cells = code_cells(path)
    for index, cell in enumerate(cells):
        expected = "raises-exception" in cell.get("metadata", {}).get("tags", [])
        errors = [o for o in cell.get("outputs", []) if o["output_type"] == "error"]
        assert expected or not errors, f"code cell {index} has an error output: {errors[0]['ename']}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_python3_kernel(path):
    notebook, _ = code_cells(path)
    assert notebook["metadata"]["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_outputs_have_no_machine_paths_and_are_small(path):
    _, cells = code_cells(path)
    for index, cell in enumerate(cells):
        for output in cell.get("outputs", []):
            text = json.dumps(output)
            assert len(text.encode()) <= MAX_OUTPUT_BYTES, f"code cell {index}: an output over 1 MiB"
            match = MACHINE_PATH.search(json.dumps({k: v for k, v in output.items() if k != "data"})
                                        + json.dumps(output.get("data", {}).get("text/plain", "")))
            assert match is None, f"code cell {index} prints a machine path: {match.group(0)}..."
