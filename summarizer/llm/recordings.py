"""Record and replay real model exchanges (vcrpy cassettes) with their provenance.

A recording is only worth something if it is the real exchange and says where it came from, so recording writes
a provenance file beside the cassette (model, server, date, settings, duration). Replay is strict: vcrpy's
``record_mode="none"`` refuses any request that was not recorded, and ``llm.client`` turns that refusal into a
one-line message that says how to record. Requests are matched on method, path and JSON body, never on host, so
a recording made against one server replays whatever base URL is configured.

Only the tool's own client is replayed or recorded: its requests go to a :class:`CassetteTransport` (an httpx
transport in front of vcrpy's cassette, matchers and serializer), and vcrpy patches nothing
(``skip_patchers``), so another thread of an application that embeds the summarizer keeps its real HTTP.

The replay and record *policy* lives here too: when a run replays (asked to, or no model configured and the
demo recording present), which settings a replay must take from its recording so the requests stay
byte-identical, and what a recording's provenance says. The pipeline only asks.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import shutil
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx2
import vcr
from vcr.cassette import Cassette
from vcr.patch import PATCHER_NAMES
from vcr.stubs.httpx_stubs import vcr_handle_async_request

from summarizer.errors import UsageError
from summarizer.files import write_atomically
from summarizer.llm.client import LLM, OpenAICompatibleLLM
from summarizer.settings import Settings
from summarizer.urls import without_credentials
from summarizer.version import __version__

DEFAULT_RECORDING = Path("fixtures/recordings/seeds.yaml")
# The project a clone or editable install runs from: the demo recording is found there from any working directory.
PROJECT_ROOT = Path(__file__).resolve().parents[2]
# Where the demo recording is looked for, in order: beside the package, then the working directory.
DEMO_RECORDINGS = (PROJECT_ROOT / DEFAULT_RECORDING, DEFAULT_RECORDING)
# Settings that change the request bytes without changing the messages: a replay takes them from its recording.
RECORDED_SETTINGS = ("mode", "temperature", "max_tokens", "validation_retries")

SECRET_REQUEST_HEADERS = ["authorization", "api-key", "x-api-key", "cookie", "openai-organization", "openai-project"]
log = logging.getLogger(__name__)
_SECRET_RESPONSE_HEADERS = {"set-cookie", "openai-organization", "openai-project"}


def provenance_path(cassette: Path) -> Path:
    return cassette.with_suffix(".provenance.json")


def _drop_secret_response_headers(response: dict[str, Any]) -> dict[str, Any]:
    headers = response.get("headers", {})
    for name in list(headers):
        if name.lower() in _SECRET_RESPONSE_HEADERS:
            del headers[name]
    return response


def _scrub_request_uri(request: Any) -> Any:
    """No user, password or query (``?key=…``) from the base URL in a cassette: replay matches on the path only."""
    request.uri = without_credentials(request.uri)
    return request


def _failed_exchanges(tape: Any, since: int) -> int:
    """How many of the exchanges recorded after the first ``since`` got an HTTP error from the server."""
    return sum(1 for response in tape.responses[since:] if int(response["status"]["code"]) >= 400)


def _same_json_body(request: Any, recorded: Any) -> None:
    """vcrpy's body matcher for JSON requests, without the unified diff it builds for every recorded exchange
    that does not match (about a sixth of an offline brief's CPU went into those diffs, which nobody reads: an
    unmatched request is reported by the NoRecordingError, not per candidate). Equal bytes, else equal JSON."""
    mine, theirs = request.body or b"", recorded.body or b""
    if mine == theirs:
        return
    try:
        if json.loads(mine) == json.loads(theirs):
            return
    except ValueError:
        pass
    raise AssertionError("the bodies differ")


def _vcr(record_mode: str) -> vcr.VCR:
    """vcrpy's cassette handling (format, matching, filters) without any of its process-wide patches."""
    machine = vcr.VCR(
        record_mode=record_mode,
        match_on=("method", "path", "json_body"),
        filter_headers=SECRET_REQUEST_HEADERS,
        before_record_request=_scrub_request_uri,
        before_record_response=_drop_secret_response_headers,
        decode_compressed_response=True,
        skip_patchers=PATCHER_NAMES,
    )
    machine.register_matcher("json_body", _same_json_body)
    return machine


class CassetteTransport(httpx2.AsyncBaseTransport):
    """An httpx transport that answers from a cassette and, when recording, sends what it lacks to ``network``.

    vcrpy's own httpx handler does the matching, playback and serialisation, exactly as its global patch did,
    so the committed cassettes replay unchanged; only the client this transport is given is affected. Without
    ``network`` (replay) an unrecorded request raises vcrpy's CannotOverwriteExistingCassetteException, which
    ``llm.client`` reports as a NoRecordingError.
    """

    def __init__(self, tape: Cassette, network: httpx2.AsyncBaseTransport | None = None) -> None:
        self._network = network
        self._handle = vcr_handle_async_request(tape, CassetteTransport._send, httpx2)

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        return await self._handle(self, request)

    async def _send(self, request: httpx2.Request) -> httpx2.Response:
        if self._network is None:  # unreachable with record_mode "none", which refuses first; never go live
            raise RuntimeError("a replay tried to reach the network")
        return await self._network.handle_async_request(request)

    async def aclose(self) -> None:
        if self._network is not None:
            await self._network.aclose()


@contextlib.contextmanager
def replaying(cassette: Path) -> Iterator[Cassette]:
    """Strict replay of ``cassette``, which :func:`replay_path` has already checked exists."""
    with _vcr("none").use_cassette(str(cassette), allow_playback_repeats=True) as tape:
        yield tape


@contextlib.contextmanager
def recording(cassette: Path, provenance: dict[str, Any], *, add: bool = False) -> Iterator[Cassette]:
    """Record into a fresh cassette; it replaces the old one only when the whole run succeeded.

    ``add`` keeps the existing cassette's exchanges (replayed, not re-sent) and records only the requests it
    lacks, so a new kind of call can be recorded without re-running hours of unchanged ones; the provenance
    keeps the original recording's facts and lists each addition.
    """
    cassette.parent.mkdir(parents=True, exist_ok=True)
    earlier = read_provenance(cassette) if add and cassette.is_file() else {}
    with tempfile.TemporaryDirectory(dir=cassette.parent) as scratch:
        fresh = Path(scratch) / cassette.name
        if earlier:
            shutil.copyfile(cassette, fresh)
        started = dt.datetime.now(dt.timezone.utc)
        with _vcr("new_episodes" if earlier else "all").use_cassette(str(fresh)) as tape:
            before = len(tape)
            yield tape
        if failed := _failed_exchanges(tape, before):
            log.warning("recording not saved: %d of %d new exchanges got an HTTP error from the server; %s is "
                        "unchanged (re-run --record once the server answers)", failed, len(tape) - before, cassette)
            return
        facts = {
            "recorded_at": started.isoformat(timespec="seconds"),
            "duration_s": round((dt.datetime.now(dt.timezone.utc) - started).total_seconds(), 1),
        }
        if earlier:
            added = {**facts, "interactions_added": len(tape) - before, "model": provenance.get("model"),
                     "summarizer_version": provenance.get("summarizer_version")}
            record = {**earlier, "interactions": len(tape), "additions": [*earlier.get("additions", []), added]}
        else:
            record = {**provenance, **facts, "interactions": len(tape)}
        os.replace(fresh, cassette)
    write_atomically(provenance_path(cassette), json.dumps(record, indent=2, sort_keys=True) + "\n")


def read_provenance(cassette: Path) -> dict[str, Any]:
    path = provenance_path(cassette)
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def replay_path(config: Settings, llm: LLM | None, replay: Any, record: Any) -> Path | None:
    """The recording this run answers from, or None for a live run; the demo recording when nothing is configured."""
    if replay is not None and record is not None:
        raise UsageError("--replay and --record cannot be combined")
    if replay is not None:
        if not Path(replay).is_file():  # the user named a wrong file: a usage error, not a model failure
            raise UsageError(f"--replay {replay}: no such recording file; record one with --record {replay}")
        return Path(replay)
    if llm is not None or config.model_configured or record is not None:
        return None
    demo = demo_recording()
    if demo is not None:
        return demo
    looked = " or ".join(str(path) for path in DEMO_RECORDINGS)
    raise UsageError(
        "no model configured: set OPENAI_API_KEY (and OPENAI_BASE_URL for other servers) or pass --base-url URL; "
        f"or replay a recording with --replay CASSETTE.yaml (no demo recording at {looked})"
    )


def demo_recording() -> Path | None:
    """The bundled demo recording, found from any working directory of a clone; None when it is not shipped."""
    return next((path for path in DEMO_RECORDINGS if path.is_file()), None)


def demo_notice(cassette: Path) -> str:
    """Why a run with nothing configured still answers, so nobody mistakes the demo for their own model."""
    return ("no model configured (OPENAI_API_KEY / --base-url / --local): replaying the recorded exchanges in "
            f"{shown_path(cassette)}")


def settings_for_replay(config: Settings, cassette: Path) -> Settings:
    """Replay must send byte-identical requests, so the recording's own settings win over the defaults."""
    provenance = read_provenance(cassette)
    recorded = provenance.get("settings", {})
    update: dict[str, Any] = {key: recorded[key] for key in RECORDED_SETTINGS if key in recorded}
    update.update(model=provenance.get("model") or config.model or "recorded", http_retries=0, cache=False,
                  base_url=provenance.get("base_url") or config.base_url or "http://recorded.invalid/v1")
    return config.model_copy(update=update)


@contextlib.asynccontextmanager
async def exchange_log(config: Settings, llm: LLM, replay_path: Path | None, record: Any, *, add: bool = False
                       ) -> AsyncIterator[LLM]:
    """The model to run with: ``llm`` answering from ``replay_path``, recording into ``record``, or as it is.

    A replayed or recording client is a copy of ``llm`` whose HTTP goes through a :class:`CassetteTransport`;
    a custom ``LLM`` that is no OpenAI-compatible client sends no HTTP of ours and is replayed as it is.
    """
    if replay_path is not None:
        with replaying(replay_path) as tape:
            async with _through_cassette(llm, tape, live=False) as routed:
                yield routed
    elif record is not None:
        if not isinstance(llm, OpenAICompatibleLLM):
            raise UsageError("recording needs a real model server (--base-url or OPENAI_API_KEY), not a custom LLM")
        provenance = {
            "model": llm.model,
            "base_url": without_credentials(config.base_url),
            "server": "OpenAI" if config.is_openai else "OpenAI-compatible server at " + str(without_credentials(config.base_url)),
            "settings": {key: getattr(config, key) if key != "mode" else config.resolved_mode() for key in RECORDED_SETTINGS},
            "summarizer_version": __version__,
        }
        with recording(Path(record), provenance, add=add) as tape:
            async with _through_cassette(llm, tape, live=True) as routed:
                yield routed
    else:
        yield llm


@contextlib.asynccontextmanager
async def _through_cassette(llm: LLM, tape: Cassette, *, live: bool) -> AsyncIterator[LLM]:
    """``llm`` with its requests served by ``tape``; ``live`` sends those it lacks on to the real server."""
    if not isinstance(llm, OpenAICompatibleLLM):
        yield llm
        return
    routed = llm.through(CassetteTransport(tape, llm.network() if live else None))
    try:
        yield routed
    finally:
        await routed.aclose()  # before the cassette is saved, and while the event loop is running


def recording_label(cassette: Path) -> str:
    """Which recording answered, and where it came from, for the briefing's footer."""
    provenance = read_provenance(cassette)
    when = str(provenance.get("recorded_at", "unknown date"))[:10]
    return f"{shown_path(cassette)}, recorded {when} from {provenance.get('model', 'an unknown model')}"


def shown_path(cassette: Path) -> str:
    """A recording's path relative to the working directory or the project, so output is the same from anywhere."""
    for base in (Path.cwd(), PROJECT_ROOT):
        try:
            return cassette.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            continue
    return cassette.name
