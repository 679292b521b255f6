"""Every reader can use every page of the built site.

- Figures carry alt text that describes them (a screen reader reads it instead of the image).
- Headings are in order: one title (h1) per page, and no level skipped on the way down, so that
  a screen reader's outline of the page is the page's structure.
- Search works offline: the index is part of the site, the search page loads nothing from the
  network, and a real browser finds a term.
- Every notebook page offers its notebook for download and a launch button for the repository
  configured in ``_config.yml``; every page links to that repository.

Headings are checked in the page's own content (``<article class="bd-article">``) only: the
theme also writes a print-only copy of the title and the table of contents, which is never
displayed on screen.
"""
from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from helpers import dump_dom, toc_files

FIGURE_FOLDER = "_images"
MIN_ALT_WORDS = 3


class _ArticleParser(HTMLParser):
    """Headings of a page's main content; images and links of the whole page."""

    def __init__(self) -> None:
        super().__init__()
        self._in_article = False
        self.headings: list[int] = []
        self.images: list[dict[str, str | None]] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "article" and "bd-article" in (attrs.get("class") or "").split():
            self._in_article = True
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "img":
            self.images.append(attrs)
        if self._in_article and re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))

    def handle_endtag(self, tag):
        if tag == "article":
            self._in_article = False


@pytest.fixture(scope="module")
def pages(built_site) -> dict[str, _ArticleParser]:
    assert built_site.returncode == 0, built_site.log[-3000:]
    parsed = {}
    for path in sorted(built_site.html.rglob("*.html")):
        if "_static" in path.parts:
            continue
        parser = _ArticleParser()
        parser.feed(path.read_text(errors="replace"))
        parsed[path.relative_to(built_site.html).as_posix()] = parser
    return parsed


@pytest.fixture(scope="module")
def config(root) -> dict:
    return yaml.safe_load((root / "_config.yml").read_text())


def _content_pages(pages: dict[str, _ArticleParser]) -> dict[str, _ArticleParser]:
    # the redirect at index.html has no article
    return {name: page for name, page in pages.items() if page.headings}


# --- figures -----------------------------------------------------------------------------------
def test_every_image_has_alt_text(pages):
    missing = [f"{name}: {image.get('src')}" for name, page in pages.items()
               for image in page.images if not (image.get("alt") or "").strip()]
    assert missing == [], "images without alt text:\n" + "\n".join(missing[:30])


def test_figures_have_descriptive_alt_text(pages):
    """A figure's alt text describes it in words: not a file name, not one or two words."""
    figures = [(name, image) for name, page in pages.items() for image in page.images
               if FIGURE_FOLDER in urlsplit(image.get("src") or "").path.split("/")]
    assert len(figures) >= 20, "the lessons have figures; did the build drop them?"
    poor = []
    for name, image in figures:
        alt = html.unescape(image.get("alt") or "").strip()
        if len(alt.split()) < MIN_ALT_WORDS or re.search(r"\.(png|jpe?g|svg|gif)$", alt, re.I):
            poor.append(f"{name}: {image.get('src')} alt={alt!r}")
    assert poor == [], "figures whose alt text does not describe them:\n" + "\n".join(poor[:30])


# --- headings ----------------------------------------------------------------------------------
def test_each_page_has_exactly_one_title(pages):
    wrong = {name: page.headings.count(1) for name, page in _content_pages(pages).items()
             if page.headings[0] != 1 or page.headings.count(1) != 1}
    assert wrong == {}, f"pages whose content does not start with a single h1: {wrong}"


def test_headings_never_skip_a_level(pages):
    skips = []
    for name, page in _content_pages(pages).items():
        for before, after in zip(page.headings, page.headings[1:]):
            if after > before + 1:
                skips.append(f"{name}: h{before} followed by h{after}")
                break
    assert skips == [], "\n".join(skips)


# --- offline search ----------------------------------------------------------------------------
def test_search_index_is_part_of_the_site(built_site):
    index = built_site.html / "searchindex.js"
    assert index.is_file()
    text = index.read_text()
    assert text.startswith("Search.setIndex(")
    # terms from the front matter, the glossary and a lesson are all indexed
    for word in ("shrinkag", "glossari", "sleepstudi"):
        assert f'"{word}"' in text, f"{word!r} is not in the search index"


def test_search_page_loads_nothing_from_the_network(built_site):
    page = (built_site.html / "search.html").read_text()
    sources = re.findall(r'<script[^>]*\bsrc="([^"]+)"', page)
    sources += re.findall(r'<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"', page)
    assert "searchindex.js" in sources
    external = [s for s in sources if "://" in s or s.startswith("//")]
    assert external == []


def test_search_finds_a_glossary_term_in_a_browser(site_url, tmp_path):  # noqa: F811
    dom = dump_dom(f"{site_url}/search.html?q=shrinkage", tmp_path)
    results = re.search(r'<ul class="search">(.*?)</ul>', dom, re.S)
    assert results is not None, "the search page showed no results list"
    assert 'href="book/glossary.html#term-shrinkage"' in results.group(1)
    assert len(re.findall(r"<li>", results.group(1))) >= 5


# --- download, launch and repository buttons -----------------------------------------------------
def _notebook_pages(root: Path) -> list[str]:
    return [name for name in toc_files(root) if (root / f"{name}.ipynb").is_file()]


def test_every_notebook_page_offers_its_notebook_for_download(pages, built_site, root):
    notebooks = _notebook_pages(root)
    assert len(notebooks) >= 20
    missing = []
    for name in notebooks:
        page = f"{name}.html"
        links = pages[page].links if page in pages else []  # a page not built is missing too
        downloads = [link for link in links if link.endswith(f"_sources/{name}.ipynb")]
        target = (built_site.html / page).parent / unquote(downloads[0]) if downloads else None
        if target is None or not target.resolve().is_file():
            missing.append(page)
    assert missing == []


def test_every_notebook_page_has_a_launch_button(pages, config, root):
    repository = config["repository"]
    launch = config["launch_buttons"]
    assert launch.get("binderhub_url"), "no launch service configured in _config.yml"
    owner_and_name = urlsplit(repository["url"]).path.strip("/")
    interface = {"jupyterlab": "lab/tree", "classic": "tree"}[launch.get("notebook_interface", "classic")]
    base = f"{launch['binderhub_url'].rstrip('/')}/v2/gh/{owner_and_name}/{repository['branch']}"
    without = []
    for name in _notebook_pages(root):
        expected = f"{base}?urlpath={interface}/{repository.get('path_to_book') or ''}{name}.ipynb"
        page = pages.get(f"{name}.html")
        if page is None or expected not in [html.unescape(link) for link in page.links]:
            without.append(f"{name}.html (expected {expected})")
    assert without == [], "\n".join(without)


def test_every_page_links_to_the_repository(pages, config, root):
    url = config["repository"]["url"].rstrip("/")
    without = [name for name in (f"{f}.html" for f in toc_files(root))
               if name not in pages or not any(link.rstrip("/") == url for link in pages[name].links)]
    assert without == []
