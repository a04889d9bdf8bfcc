"""A finished ``Brief`` out as text: Markdown (``markdown``), JSON (``json``) or one self-contained HTML page
(``html``). A new output format is a new module here that reads a ``Brief`` and nothing else; what every format
shows, and in which order, is decided once in ``sections``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from summarizer.output.html import html
from summarizer.output.json import to_json
from summarizer.output.markdown import markdown
from summarizer.schema import Brief

# Each output format's renderer; the first is the default.
RENDERERS: dict[str, Callable[[Brief], str]] = {"markdown": markdown, "json": to_json, "html": html}
_SUFFIXES = {".md": "markdown", ".markdown": "markdown", ".json": "json", ".html": "html", ".htm": "html"}


def format_for(path: Path | None, asked: str | None = None) -> str:
    """The format asked for, else the one the output file's extension names, else Markdown: ``-o x.json`` means JSON."""
    if asked:
        return asked
    return _SUFFIXES.get(path.suffix.lower(), "markdown") if path else "markdown"


def suffix_for(fmt: str) -> str:
    """The file extension a format is written with (``.md`` for Markdown), the first one ``format_for`` reads."""
    return next((suffix for suffix, name in _SUFFIXES.items() if name == fmt), f".{fmt}")


def render(brief: Brief, fmt: str) -> str:
    return RENDERERS[fmt](brief)


__all__ = ["RENDERERS", "format_for", "html", "markdown", "render", "suffix_for", "to_json"]
