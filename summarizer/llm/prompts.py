"""Prompt files, loaded by name and filled strictly.

Prompts are files so that they can be reviewed and diffed like code and ship inside the wheel. Templating is
``string.Template`` with ``substitute``: a missing or misspelt placeholder fails loudly instead of sending a
prompt with a hole in it.
"""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path
from string import Template

_SOURCE_CHECKOUT_DIR = Path(__file__).resolve().parents[2] / "prompts"


@functools.cache
def _read(name: str) -> str:
    packaged = resources.files("summarizer") / "prompts" / f"{name}.md"
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    # An editable install or a plain checkout has the prompts beside the package, not inside it.
    return (_SOURCE_CHECKOUT_DIR / f"{name}.md").read_text(encoding="utf-8")


def render_prompt(name: str, **values: str) -> str:
    """The named prompt with every ``$placeholder`` filled; raises ``KeyError`` for a missing value."""
    return Template(_read(name)).substitute(values).strip()
