"""The per-story work and what it is given: a pure function of (paths, options) that returns the Brief's JSON.

A distributed engine ships a task by pickling the function by reference (module and name) and its arguments by
value, so both stay plain: a module-level function, a list of path strings and a dict of JSON values (and the
API key as a ``SecretStr``). A worker
needs nothing from the client but these, and its own install of summarizer.
"""

from __future__ import annotations

from typing import Any

from summarizer.pipeline import summarize
from summarizer.settings import Settings
from summarizer.version import __version__

# Settings that change how a run goes but not what its briefing says: a change in them must not re-brief a story.
_NOT_IN_OUTPUT = frozenset({"api_key", "send_key_to_base_url", "cache", "cache_dir", "cache_max_mb", "concurrency",
                            "timeout_s", "http_retries"})


def brief_story(paths: list[str], options: dict[str, Any]) -> str:
    """Brief one story: ``options`` are ``Settings`` fields (see :func:`shipped_settings`) plus ``replay`` or
    ``record``; what comes back is the Brief as JSON, the same on any worker."""
    return summarize(paths, **options).model_dump_json()


def shipped_settings(config: Settings) -> dict[str, Any]:
    """The settings a worker needs: those given as flags, keywords or environment variables on the client, as
    JSON values, and the API key (the worker calls the model). Defaults are left out so each worker takes its
    own, above all its own default cache folder when no shared ``cache_dir`` was given.

    The key stays a ``SecretStr``: it pickles with its value, but its repr is stars, and a Dask worker logs the
    repr of a failed task's arguments ("Compute Failed ... Task: ...")."""
    given = config.model_dump(mode="json", include=config.model_fields_set - {"api_key"})
    if config.api_key is not None:
        given["api_key"] = config.api_key
    return given


def output_fingerprint(config: Settings, *, replay: str | None = None) -> dict[str, Any]:
    """Everything besides the inputs that decides a story's briefing: a rerun with any of it changed is no longer
    'unchanged' and briefs the story again. The base URL is kept without credentials, the key not at all."""
    from summarizer.urls import without_credentials

    fields = config.model_dump(mode="json", exclude=set(_NOT_IN_OUTPUT))
    fields["base_url"] = without_credentials(config.base_url)
    return {"settings": fields, "replay": replay, "summarizer_version": __version__}


__all__ = ["brief_story", "output_fingerprint", "shipped_settings"]
