"""The book builds strictly: zero warnings with -W -n, every page of the table of contents present."""
from __future__ import annotations

import re

import yaml

from helpers import toc_files


def test_strict_build_succeeds_without_warnings(built_site):
    assert built_site.returncode == 0, built_site.log[-5000:]
    warnings = [line for line in built_site.log.splitlines() if re.search(r"\bWARNING\b", line)]
    assert warnings == []


def test_every_toc_page_is_rendered(built_site, root):
    missing = [f for f in toc_files(root) if not (built_site.html / f"{f}.html").is_file()]
    assert missing == []


def test_twelve_weekly_parts_in_order(root):
    toc = yaml.safe_load((root / "_toc.yml").read_text())
    captions = [part["caption"] for part in toc["parts"]]
    weeks = [c for c in captions if c.startswith("Week ")]
    assert [int(re.match(r"Week (\d+):", c).group(1)) for c in weeks] == list(range(1, 13))
    assert captions[-3:] == ["Exercises", "Solutions", "Reference"]


def test_mathjax_is_served_from_the_site(built_site):
    page = (built_site.html / "book" / "notation.html").read_text()
    script = re.search(r'<script[^>]*src="([^"]*tex-chtml\.js)"', page)
    assert script is not None, "no MathJax script tag on a page with math"
    assert "://" not in script.group(1), f"MathJax is loaded from the network: {script.group(1)}"
    assert (built_site.html / "_static" / "mathjax" / "tex-chtml.js").is_file()
    assert (built_site.html / "_static" / "mathjax" / "output" / "chtml" / "fonts" / "woff-v2").is_dir()
