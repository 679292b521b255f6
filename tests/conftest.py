"""Shared fixtures: the repository root, the sleep-study data, one strict build of the book per
test session, and that site served on loopback."""
from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

import mmlib

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


@pytest.fixture(scope="module")
def sleep() -> pd.DataFrame:
    """lme4's sleepstudy, read afresh for each test module."""
    return mmlib.load_data("sleepstudy")


@pytest.fixture(scope="module")
def incomplete() -> pd.DataFrame:
    """sleepstudy plus the two thin subjects 373 and 374, read afresh for each test module."""
    return mmlib.load_data("sleepstudy_incomplete")


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


@pytest.fixture(scope="session")
def site_url(built_site: BuiltSite):
    """The built site served on a loopback port for the browser tests."""
    assert built_site.returncode == 0, built_site.log[-3000:]
    handler = functools.partial(_QuietHandler, directory=str(built_site.html))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep the test output readable
        pass
