"""The lesson house style (DESIGN.md section 5), checked on every week that has been written.

A week still holding its placeholder notebook (which says plainly that the chapter is being
written) is not checked; as soon as a week's lessons land, all of these apply to it.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = "This chapter is being written"
WEEK_DIRS = sorted((ROOT / "lessons").glob("week[0-9][0-9]"))


def _load(path: Path) -> dict:
    return json.loads(path.read_text())


def _markdown(notebook: dict) -> list[str]:
    return ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown"]


def _written(week: Path) -> bool:
    return not any(PLACEHOLDER in "".join(_markdown(_load(p))) for p in week.glob("*.ipynb"))


WRITTEN = [w for w in WEEK_DIRS if _written(w)]
LESSONS = [p for w in WRITTEN for p in sorted(w.glob("*.ipynb"))]


def prose_words(markdown: str) -> int:
    """Words a reader reads: markdown without code blocks, directive options, math and markup."""
    text = re.sub(r"```.*?\n", "", markdown)             # directive/code fences (keep their body)
    text = re.sub(r"^:[a-z-]+:.*$", "", text, flags=re.M)  # directive options such as :class:
    text = re.sub(r"\$\$.*?\$\$", " ", text, flags=re.S)
    text = re.sub(r"\$[^$]*\$", " x ", text)
    return len(re.findall(r"[A-Za-z][A-Za-z'-]*", text))


def _figures(notebook: dict) -> list[dict]:
    return [c for c in notebook["cells"] if c["cell_type"] == "code"
            and any("image/png" in o.get("data", {}) for o in c.get("outputs", []))]


def test_every_week_has_a_folder():
    assert [w.name for w in WEEK_DIRS] == [f"week{n:02d}" for n in range(1, 13)]


@pytest.mark.parametrize("week", WRITTEN, ids=[w.name for w in WRITTEN])
def test_week_meets_the_floor(week):
    notebooks = [_load(p) for p in sorted(week.glob("*.ipynb"))]
    assert len(notebooks) >= 2, "at least two lesson notebooks per week"
    words = sum(prose_words(m) for nb in notebooks for m in _markdown(nb))
    code = sum(c["cell_type"] == "code" for nb in notebooks for c in nb["cells"])
    figures = sum(len(_figures(nb)) for nb in notebooks)
    assert words >= 3000, f"{words} words of prose"
    assert code >= 15, f"{code} code cells"
    assert figures >= 4, f"{figures} figures"


@pytest.mark.parametrize("path", LESSONS, ids=[p.name for p in LESSONS])
def test_lesson_structure(path):
    notebook = _load(path)
    markdown = _markdown(notebook)
    text = "\n".join(markdown)
    assert markdown[0].lstrip().startswith("# "), "the first cell is the title"
    assert sum(re.match(r"^# ", line) is not None for m in markdown for line in m.splitlines()) == 1
    assert re.search(r"```\{admonition\} Learning goals", text), "a 'Learning goals' admonition"
    assert re.search(r"^## Summary", text, flags=re.M), "a '## Summary' section"
    assert "{cite" in text, "further reading with {cite} references"
    assert re.search(r":class: dropdown", text), "reader questions with dropdown answers"


@pytest.mark.parametrize("path", LESSONS, ids=[p.name for p in LESSONS])
def test_every_figure_has_caption_and_alt_text(path):
    for cell in _figures(_load(path)):
        options = cell.get("metadata", {}).get("mystnb", {})
        assert options.get("image", {}).get("alt"), f"figure without alt text: {cell['source'][:1]}"
        assert options.get("figure", {}).get("caption"), f"figure without caption: {cell['source'][:1]}"


@pytest.mark.parametrize("path", LESSONS, ids=[p.name for p in LESSONS])
def test_no_typed_in_estimates(path):
    """Numbers with two or more decimals in prose must come from glue, not be typed in."""
    for markdown in _markdown(_load(path)):
        text = re.sub(r"```.*?```", "", markdown, flags=re.S)
        text = re.sub(r"`[^`]*`", "", text)
        typed = re.findall(r"(?<![\w.])\d+\.\d{2,}", text)
        assert typed == [], f"typed-in numbers {typed}: compute them and glue them"


def test_written_lessons_are_in_the_table_of_contents():
    toc = (ROOT / "_toc.yml").read_text()
    listed = set(re.findall(r"file: (lessons/\S+)", toc))
    missing = [str(p.relative_to(ROOT).with_suffix("")) for p in LESSONS
               if str(p.relative_to(ROOT).with_suffix("")) not in listed]
    assert missing == []
    assert yaml.safe_load(toc)["format"] == "jb-book"
