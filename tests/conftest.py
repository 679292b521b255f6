"""Shared fixtures: the repository root and one strict build of the book per test session."""
from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
JUPYTER_BOOK = Path(sys.executable).with_name("jupyter-book")


@dataclass
class BuiltSite:
    """Where a strict build wrote the site, and what the build printed."""

    html: Path
    returncode: int
    log: str


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """Build the whole book once, strictly (-W -n), into a temporary directory."""
    out = tmp_path_factory.mktemp("book")
    result = subprocess.run(
        [str(JUPYTER_BOOK), "build", str(ROOT), "-W", "-n", "--keep-going", "--path-output", str(out)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore::DeprecationWarning"},
        timeout=1800,
    )
    return BuiltSite(html=out / "_build" / "html", returncode=result.returncode,
                     log=result.stdout + result.stderr)
