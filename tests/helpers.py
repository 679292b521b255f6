"""Small helpers shared by the test modules."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml


def shown(value: float, printed: str) -> bool:
    """True if ``value`` rounds to ``printed``, a number as R prints it (half a unit in its last digit).

    Reference values from lme4's printed output carry only the digits R shows; this is the honest
    comparison for them.
    """
    decimals = len(printed.split(".")[1]) if "." in printed else 0
    return abs(value - float(printed)) <= 0.5 * 10.0**-decimals * (1 + 1e-9)


def toc_files(root: Path) -> list[str]:
    """Every file the table of contents lists, front page first."""
    toc = yaml.safe_load((root / "_toc.yml").read_text())
    files = [toc["root"]]
    for part in toc["parts"]:
        files += [chapter["file"] for chapter in part["chapters"]]
    return files


CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
    "--virtual-time-budget=5000",
]


def chromium() -> str:
    """Path of headless Chromium; skip the test without it, but fail under CI."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        message = "headless Chromium is not installed (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(message + "; .ci/run must install it")
        pytest.skip(message)
    return path


def dump_dom(url: str, tmp_path) -> str:
    """The DOM of a page after Chromium has run its scripts (MathJax included)."""
    result = subprocess.run(
        [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", url],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout
