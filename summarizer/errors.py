"""Errors a user can act on. Each message is one line that says what went wrong and what to do next.

Exit codes belong to the error class so the CLI and its documentation cannot drift apart. The tree, for a Python
caller of ``summarize`` / ``asummarize`` / ``summarize_many``::

    SummarizerError                 anything the tool reports as one line instead of a traceback
    ├── UsageError (also ValueError) bad arguments or settings: unknown keyword, wrong type, invalid value
    ├── InputError                  no usable article among the inputs
    ├── ModelError                  the model server failed, or answered unusably, after the bounded retries
    │   └── NoRecordingError        a replay was asked for a request that was never recorded
    └── PartialResultError          some inputs failed and ``strict`` asked for that to be an error

Nothing else is raised on purpose: a ``pydantic.ValidationError``, ``TypeError`` or ``AttributeError`` escaping
the public functions is a bug.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError


class SummarizerError(Exception):
    """Base class: anything the CLI may print as a one-line error instead of a traceback."""

    exit_code = 1


class UsageError(SummarizerError, ValueError):
    """The command line, the arguments or the settings are inconsistent (exit 2).

    Also a ``ValueError``, so a caller that already handles bad values that way keeps working; its message is the
    one the CLI prints, naming the flag, keyword or environment variable that was set.
    """

    exit_code = 2


class InputError(SummarizerError):
    """No usable article among the inputs (exit 3)."""

    exit_code = 3


class ModelError(SummarizerError):
    """The model server failed or answered with something unusable, after the bounded retries (exit 4)."""

    exit_code = 4


class NoRecordingError(ModelError):
    """Replay was asked for a request that was never recorded; replays are strict by design (exit 4)."""


class PartialResultError(SummarizerError):
    """Some articles failed and the user asked for that to be an error (``--strict``, exit 5)."""

    exit_code = 5


def pydantic_reason(error: Any) -> str:
    """One pydantic error as a person reads it: without the "Value error, " its validators' messages carry."""
    return str(error["msg"]).removeprefix("Value error, ")


def one_line(exc: BaseException) -> str:
    """An exception as one line: a ValidationError says which field failed and why (``claims.0.text: String
    should have at most 300 characters``), not "1 validation error for ArticleExtraction"."""
    if isinstance(exc, ValidationError):
        errors = exc.errors()
        if errors:
            first = errors[0]
            where = ".".join(str(part) for part in first["loc"])
            more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
            return f"{where + ': ' if where else ''}{pydantic_reason(first)}{more}"
    text = str(exc).strip()
    return text.splitlines()[0][:300] if text else type(exc).__name__
