"""Brief in, JSON out: the schema's own serialisation, so the JSON output is exactly the ``Brief`` model."""

from __future__ import annotations

from summarizer.schema import Brief


def to_json(brief: Brief) -> str:
    """Indented, without empty optional fields, ending in a newline like the Markdown output."""
    return brief.model_dump_json(indent=2, exclude_none=True) + "\n"
