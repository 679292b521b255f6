"""The built site holds together: every internal link and anchor resolves, and no page is heavy."""
from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

MAX_PAGE_BYTES = 2 * 1024 * 1024


class _PageParser(HTMLParser):
    """Collect the ids a page defines and the addresses it refers to."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.images: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("id", "name"):
            if attrs.get(key):
                self.ids.add(attrs[key])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag in ("img", "script") and attrs.get("src"):
            self.links.append(attrs["src"])
            if tag == "img":
                self.images.append(attrs["src"])
        if tag == "link" and attrs.get("href") and attrs.get("rel") != ["canonical"]:
            self.links.append(attrs["href"])


@pytest.fixture(scope="module")
def pages(built_site) -> dict[Path, _PageParser]:
    assert built_site.returncode == 0, built_site.log[-3000:]
    parsed = {}
    for path in sorted(built_site.html.rglob("*.html")):
        if "_static" in path.parts:
            continue
        parser = _PageParser()
        parser.feed(path.read_text(errors="replace"))
        parsed[path] = parser
    return parsed


def _internal(address: str) -> bool:
    scheme = urlsplit(address).scheme
    return scheme in ("", "file") and not address.startswith("//")


def test_site_has_pages(pages):
    assert len(pages) >= 15


def test_internal_links_and_anchors_resolve(pages, built_site):
    broken = []
    for page, parser in pages.items():
        for address in parser.links:
            if not _internal(address):
                continue
            parts = urlsplit(address)
            target = page if not parts.path else (page.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            where = f"{page.relative_to(built_site.html)} -> {address}"
            if not target.exists():
                broken.append(f"{where} (no such file)")
            elif parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else set()
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{where} (no such anchor)")
    assert broken == [], "\n".join(broken[:40])


def test_no_page_weighs_over_two_mebibytes(pages, built_site, capsys):
    weights = {}
    for page, parser in pages.items():
        images = {(page.parent / unquote(urlsplit(src).path)).resolve()
                  for src in parser.images if _internal(src) and not src.startswith("data:")}
        # Inline (data:) images are already part of the HTML file's size.
        weights[page] = page.stat().st_size + sum(i.stat().st_size for i in images if i.exists())
    heaviest = sorted(weights.items(), key=lambda kv: kv[1], reverse=True)[:5]
    with capsys.disabled():
        print("\nheaviest pages (HTML + images):")
        for page, size in heaviest:
            print(f"  {size / 1024:8.0f} KiB  {posixpath.join(*page.relative_to(built_site.html).parts)}")
    too_heavy = [str(p.relative_to(built_site.html)) for p, size in weights.items() if size > MAX_PAGE_BYTES]
    assert too_heavy == []
