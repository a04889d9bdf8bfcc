"""Errors a user can act on. Each message is one line that says what went wrong and what to do next.

Exit codes belong to the error class so the CLI and its documentation cannot drift apart.
"""

from __future__ import annotations


class SummarizerError(Exception):
    """Base class: anything the CLI may print as a one-line error instead of a traceback."""

    exit_code = 1


class UsageError(SummarizerError):
    """The command line or the settings are inconsistent."""

    exit_code = 2


class InputError(SummarizerError):
    """No usable article among the inputs."""

    exit_code = 3


class ModelError(SummarizerError):
    """The model server failed or answered with something unusable, after the bounded retries."""

    exit_code = 4


class NoRecordingError(ModelError):
    """Replay was asked for a request that was never recorded; replays are strict by design."""


class PartialResultError(SummarizerError):
    """Some articles failed and the user asked for that to be an error (``--strict``)."""

    exit_code = 5
