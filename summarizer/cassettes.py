"""Record and replay real model exchanges (vcrpy cassettes) with their provenance.

A recording is only worth something if it is the real exchange and says where it came from, so recording writes
a provenance file beside the cassette (model, server, date, settings, duration). Replay is strict: vcrpy's
``record_mode="none"`` refuses any request that was not recorded, and ``llm.py`` turns that refusal into a
one-line message that says how to record. Requests are matched on method, path and JSON body, never on host, so
a recording made against one server replays whatever base URL is configured.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import vcr

from summarizer.files import write_atomically

SECRET_REQUEST_HEADERS = ["authorization", "api-key", "x-api-key", "cookie", "openai-organization", "openai-project"]
_SECRET_RESPONSE_HEADERS = {"set-cookie", "openai-organization", "openai-project"}


def provenance_path(cassette: Path) -> Path:
    return cassette.with_suffix(".provenance.json")


def _drop_secret_response_headers(response: dict[str, Any]) -> dict[str, Any]:
    headers = response.get("headers", {})
    for name in list(headers):
        if name.lower() in _SECRET_RESPONSE_HEADERS:
            del headers[name]
    return response


def _vcr(record_mode: str) -> vcr.VCR:
    return vcr.VCR(
        record_mode=record_mode,
        match_on=("method", "path", "body"),
        filter_headers=SECRET_REQUEST_HEADERS,
        before_record_response=_drop_secret_response_headers,
        decode_compressed_response=True,
    )


@contextlib.contextmanager
def replaying(cassette: Path) -> Iterator[None]:
    if not cassette.is_file():
        from summarizer.errors import NoRecordingError

        raise NoRecordingError(f"recording {cassette} does not exist; record it with --record {cassette}")
    with _vcr("none").use_cassette(str(cassette), allow_playback_repeats=True):
        yield


@contextlib.contextmanager
def recording(cassette: Path, provenance: dict[str, Any]) -> Iterator[None]:
    """Record into a fresh cassette; it replaces the old one only when the whole run succeeded."""
    cassette.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cassette.parent) as scratch:
        fresh = Path(scratch) / cassette.name
        started = dt.datetime.now(dt.timezone.utc)
        with _vcr("all").use_cassette(str(fresh)) as tape:
            yield
        record = {
            **provenance,
            "recorded_at": started.isoformat(timespec="seconds"),
            "duration_s": round((dt.datetime.now(dt.timezone.utc) - started).total_seconds(), 1),
            "interactions": len(tape),
        }
        os.replace(fresh, cassette)
    write_atomically(provenance_path(cassette), json.dumps(record, indent=2, sort_keys=True) + "\n")


def read_provenance(cassette: Path) -> dict[str, Any]:
    path = provenance_path(cassette)
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
