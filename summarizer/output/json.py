"""Brief in, JSON out: the schema's own serialisation, so the JSON output is exactly the ``Brief`` model, headed by
the versions a consumer needs to know whether it can read it."""

from __future__ import annotations

import json

from summarizer.schema import Brief
from summarizer.version import __version__

# The shape of the JSON output. Bumped on every breaking change (a field renamed, removed or retyped), so a
# consumer can refuse a shape it does not know instead of misreading it; additions do not bump it.
SCHEMA_VERSION = 1


def to_json(brief: Brief) -> str:
    """Indented, without empty optional fields, ending in a newline like the Markdown output."""
    body = brief.model_dump(mode="json", exclude_none=True)
    headed = {"summarizer_version": __version__, "schema_version": SCHEMA_VERSION, **body}
    return json.dumps(headed, indent=2, ensure_ascii=False) + "\n"
