"""A finished ``Brief`` out as text: Markdown (``markdown``) or JSON (``json``). A new output format (HTML) is a new
module here that reads a ``Brief`` and nothing else."""

from __future__ import annotations

from summarizer.output.json import to_json
from summarizer.output.markdown import markdown

__all__ = ["markdown", "to_json"]
