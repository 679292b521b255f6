"""The mmlib reference page documents every public function and class of the package."""
from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import mmlib

API_PAGE = Path(__file__).resolve().parent.parent / "book" / "api.md"


def public_objects():
    for info in pkgutil.iter_modules(mmlib.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"mmlib.{info.name}")
        for name, obj in vars(module).items():
            if name.startswith("_") or getattr(obj, "__module__", None) != module.__name__:
                continue
            if inspect.isfunction(obj) or inspect.isclass(obj):
                yield module.__name__, name, obj


def test_every_public_object_is_on_the_reference_page():
    page = API_PAGE.read_text()
    missing = []
    for module, name, obj in public_objects():
        top_level = getattr(mmlib, name, None) is obj
        documented = f":: mmlib.{name}\n" in page if top_level else f":: {module}.{name}\n" in page
        if not documented:
            missing.append(f"mmlib.{name}" if top_level else f"{module}.{name}")
    assert missing == [], f"add to book/api.md: {missing}"
