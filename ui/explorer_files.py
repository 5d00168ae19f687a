"""What the explorers share in Python: their scripts, served from ``ui/js`` so the browser imports and caches them,
and the look as their scripts read it."""

from __future__ import annotations

from pathlib import Path

import streamlit.components.v1 as components_v1

from viz import Look

JS_DIR = Path(__file__).with_name("js")
# A file-only component, never drawn: Streamlit serves the files of ui/js at its URL, so the explorers import the
# same mathematics modules that node tests.
_FILES = components_v1.declare_component("explorer_js", path=str(JS_DIR))


def source(name: str) -> str:
    """The text of ``ui/js/<name>``."""
    return JS_DIR.joinpath(name).read_text(encoding="utf-8")


def loader(module: str) -> str:
    """A component script of a few hundred bytes that imports ``ui/js/<module>`` and runs its default export:
    Streamlit sends a component's inline script with every run, the module itself only once."""
    return source("loader.js").replace("__MODULE_URL__", f"component/{_FILES.name}/{module}")


def look_data(look: Look) -> dict:
    """The sizes and colours of ``look`` that an explorer draws with."""
    return {
        "fontSize": look.font_size,
        "lineWidth": look.line_width,
        "markerSize": look.marker_size,
        "text": look.text,
        "outline": look.outline,
        "neutral": look.neutral,
    }
