"""Many stories' model calls through the Batch API (``/v1/files`` + ``/v1/batches``), at half the live price.

Design, the simplest one found that is correct: **the pipeline runs unchanged, in rounds, over an OpenAI client
whose HTTP transport answers ``/chat/completions`` from batch results instead of the network.**

- Each request is keyed by the sha256 of its HTTP body (:func:`request_key`): exactly what would have been sent,
  so the key covers model, messages, schema, mode and generation settings, and it is the batch line's
  ``custom_id``.
- A round runs every unfinished story through ``summarize`` with :class:`BatchAnsweredLLM`. A request the batch
  has answered is served its stored completion; one it has not is recorded as *deferred* and answered with an
  HTTP error, so the pipeline treats it as a failed call and carries on with the other articles. The round's
  briefings are thrown away; its deferred requests, from every story, become one JSONL batch.
- A call that depends on a deferred answer is not asked in that round (its request would be built from an
  incomplete article): after a deferral the rest of that article's chain raises :class:`Deferred` before sending
  (a context variable, one per article task), and the story's reconciliation waits until none of its articles
  deferred anything. So round 1 holds every extraction of every story, the next the attributions, then the
  translations, then the reconciliations; an answer that fails validation makes instructor re-ask, and the
  re-ask is simply a new request for the next round.
- When a round defers nothing, every answer is known. The final pass is the ordinary per-story run of
  ``summarize_many`` with the same LLM: each answer goes through exactly the code a live answer goes through
  (the openai SDK's parsing, instructor's validation with the article as context, then every pipeline check),
  because it *is* that code, fed from a different transport.

Why not pre-fill the answers cache instead: the cache stores answers after validation, keyed before instructor
builds the request, so a batch result would have to be parsed and validated here, a second copy of what
instructor does, and a re-ask could not be expressed at all.

State lives in ``OUT/.batch-state.json`` (written atomically after every change): each batch's input file id,
batch id, status, its ``custom_id``s, which of them are done and which failed and why; each batch's downloaded
output is kept in ``OUT/.batch/BATCH_ID.jsonl``. A run that is interrupted after submitting (Ctrl-C, a crash, or
``wait_s`` running out) resumes polling the same batch on the next run and never submits it again; one that died
between uploading and saving the batch's id reuses the file and adopts a batch already created from it. A request
that failed in the batch (a line of the errors file, a non-200 line, a batch that expired, failed or was
cancelled) is not resubmitted: the call fails, and the story reports it like any failed call, while the other
answers still land.

Cost: genai-prices' batch price for the model (``processing: batch``), or half the live price, OpenAI's
documented Batch discount, where the table has no batch price for it (see ``client.cost_usd``).
"""

from __future__ import annotations

import contextvars
import hashlib
import json
import logging
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import httpx2
import openai
from pydantic import BaseModel
from tenacity import RetryCallState, Retrying, retry_if_result, wait_exponential

from summarizer.errors import ModelError, SummarizerError, UsageError
from summarizer.files import write_atomically
from summarizer.llm.cache import canonical_json
from summarizer.llm.client import OpenAICompatibleLLM, _model_error
from summarizer.schema import Reconciliation, Usage
from summarizer.settings import DEFAULT_OPENAI_MODEL, Settings

T = TypeVar("T", bound=BaseModel)

STATE_FILE = ".batch-state.json"
ANSWERS_FOLDER = ".batch"
STATE_FORMAT = 1
ENDPOINT = "/v1/chat/completions"
COMPLETION_WINDOW = "24h"
# OpenAI's limit per batch; a larger round is split into several batches.
MAX_REQUESTS_PER_BATCH = 50_000
TERMINAL = frozenset({"completed", "failed", "expired", "cancelled"})
# summarize() arguments that choose another source of answers.
_OTHER_ANSWERERS = frozenset({"llm", "replay", "record", "record_missing", "local"})
# The story stage: asked only once every article of the story has its answers.
STORY_STAGE: type[BaseModel] = Reconciliation

log = logging.getLogger(__name__)

DEFERRED = "deferred to the next Batch API round"

# Set in an article's task once one of its requests was deferred: the rest of its chain waits for the next round.
_waiting: contextvars.ContextVar[bool] = contextvars.ContextVar("summarizer_batch_waiting", default=False)


class Deferred(ModelError):
    """The call waits for a Batch API answer; raised only in collecting rounds, whose briefings are discarded."""


class BatchNotFinished(ModelError):
    """A submitted batch did not finish within the wait; the state is saved, so running again resumes it."""


@dataclass(frozen=True)
class BatchPolicy:
    """How long to wait and how to poll; ``http_client`` (an ``httpx2.Client``) carries the Files/Batches calls
    (tests pass one with a fake server), ``sleep`` is the pause between polls and ``notify`` gets progress lines."""

    wait_s: float = 26 * 3600.0  # the 24 h completion window, plus time to finalize
    first_poll_s: float = 10.0
    max_poll_s: float = 300.0
    max_rounds: int = 12
    http_client: Any | None = None
    sleep: Callable[[float], None] = time.sleep
    notify: Callable[[str], None] = field(default=lambda message: log.info("%s", message))


def request_key(body: Mapping[str, Any]) -> str:
    """The sha256 of the request body in one canonical spelling: the batch line's ``custom_id``."""
    return hashlib.sha256(canonical_json(body).encode("utf-8")).hexdigest()


def _error(status: int, message: str) -> httpx2.Response:
    return httpx2.Response(status, json={"error": {"message": message, "type": "batch_api"}})


class BatchAnswers(httpx2.AsyncBaseTransport):
    """The transport under :class:`BatchAnsweredLLM`: answers chat completions from batch results, never the network.

    With ``collect`` an unknown request is recorded in ``deferred`` (the next batch); without it (the final pass) it
    simply fails. Either way the pipeline sees an HTTP 422, which the openai client does not retry.
    """

    def __init__(self, answers: Mapping[str, dict[str, Any]], failures: Mapping[str, str], *, collect: bool) -> None:
        self.answers = answers
        self.failures = failures
        self.collect = collect
        self.deferred: dict[str, dict[str, Any]] = {}

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        if not request.url.path.endswith("/chat/completions"):
            return _error(404, f"the Batch API mode answers chat completions only, not {request.url.path}")
        body = json.loads(await request.aread())
        key = request_key(body)
        if key in self.answers:
            return httpx2.Response(200, json=self.answers[key])
        if key in self.failures:
            return _error(422, f"the Batch API failed this request: {self.failures[key]}")
        if not self.collect:
            return _error(422, "the Batch API returned no answer for this request")
        self.deferred[key] = body
        _waiting.set(True)
        return _error(422, DEFERRED)


class BatchAnsweredLLM(OpenAICompatibleLLM):
    """The project's OpenAI-compatible client (instructor and all) over :class:`BatchAnswers`, priced as a batch."""

    batch_api = True

    def __init__(self, settings: Settings, answers: BatchAnswers) -> None:
        super().__init__(settings, http_client=httpx2.AsyncClient(transport=answers))
        self.answers = answers

    async def structured(
        self, response_model: type[T], messages: list[dict[str, str]], *, context: dict[str, Any] | None = None
    ) -> tuple[T, Usage]:
        if _waiting.get():
            raise Deferred("waits for an earlier request's Batch API answer")
        if response_model is STORY_STAGE and self.answers.deferred:
            raise Deferred("the story stage waits for every article's Batch API answers")
        return await super().structured(response_model, messages, context=context)


class _QuietDeferrals(logging.Filter):
    """instructor logs every failed API call at ERROR; a deferral is the design working, not an error to show."""

    def filter(self, record: logging.LogRecord) -> bool:
        return DEFERRED not in record.getMessage()


_QUIET_DEFERRALS = _QuietDeferrals()
_INSTRUCTOR_RETRY_LOGGER = "instructor.v2.retry"


class BatchRun:
    """The Files/Batches side of a run: its state file, its batches and their downloaded answers."""

    def __init__(self, settings: Settings, out: Path, policy: BatchPolicy) -> None:
        self.settings = settings
        self.out = out
        self.policy = policy
        self.client = openai.OpenAI(api_key=settings.key_for_request(), base_url=settings.base_url,
                                    timeout=settings.timeout_s, max_retries=settings.http_retries,
                                    http_client=policy.http_client)
        self.state = _load_state(out / STATE_FILE)

    def model_name(self) -> str:
        """The model every line names: the setting, OpenAI's default, or the server's first model."""
        if self.settings.model:
            return self.settings.model
        if self.settings.is_openai:
            return DEFAULT_OPENAI_MODEL
        with _as_model_error("listing models"):
            names = [m.id for m in self.client.models.list().data]
        if not names:
            raise ModelError(f"the server at {self.settings.shown_url} lists no models; pass -m MODEL")
        return names[0]

    def known(self) -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
        """Every answer and every failure of the batches collected so far, by ``custom_id``."""
        answers: dict[str, dict[str, Any]] = {}
        failures: dict[str, str] = {}
        for record in self.state["batches"]:
            if record.get("collected"):
                answers.update(_answers_in(self._answers_path(record)))
                failures.update(record.get("failed", {}))
        return answers, failures

    def finish_open_batches(self) -> None:
        """Poll every submitted batch that is not collected yet (the resume path too), then download its results."""
        for record in self.state["batches"]:
            if record.get("id") and not record.get("collected"):
                self._collect(record, self._wait(record))

    def submit(self, requests: Mapping[str, dict[str, Any]]) -> None:
        """Upload the requests as JSONL and create one batch per ``MAX_REQUESTS_PER_BATCH`` of them."""
        keys = sorted(requests)
        for start in range(0, len(keys), MAX_REQUESTS_PER_BATCH):
            self._submit_one({k: requests[k] for k in keys[start:start + MAX_REQUESTS_PER_BATCH]})

    def _submit_one(self, requests: dict[str, dict[str, Any]]) -> None:
        """Upload, record the file, create the batch, record it. A run interrupted in between left a record without
        a batch id: its file is reused, and a batch already created from it is adopted, so nothing is paid twice."""
        ids = sorted(requests)
        record = next((r for r in self.state["batches"] if not r.get("id") and r["custom_ids"] == ids), None)
        batch = None if record is None else self._created_from(record["input_file_id"])
        if record is None:
            lines = "".join(canonical_json({"custom_id": k, "method": "POST", "url": ENDPOINT, "body": requests[k]})
                            + "\n" for k in ids)
            with _as_model_error("uploading the batch file"):
                uploaded = self.client.files.create(file=("summarizer-batch.jsonl", lines.encode("utf-8"),
                                                          "application/jsonl"), purpose="batch")
            record = {"id": None, "input_file_id": uploaded.id, "status": "uploaded", "custom_ids": ids}
            self.state["batches"].append(record)
            self._save()
        if batch is None:
            with _as_model_error("creating the batch"):
                batch = self.client.batches.create(input_file_id=record["input_file_id"], endpoint=ENDPOINT,
                                                   completion_window=COMPLETION_WINDOW,
                                                   metadata={"created_by": "summarizer"})
        record.update(id=batch.id, status=batch.status)
        self._save()
        self.policy.notify(f"batch {batch.id}: {len(ids)} requests submitted (state in {self.out / STATE_FILE})")

    def _created_from(self, input_file_id: str) -> Any | None:
        """The batch an interrupted run created from this file before it could save the batch's id, if any."""
        with _as_model_error("listing batches"):
            return next((b for b in self.client.batches.list(limit=100) if b.input_file_id == input_file_id), None)

    def _wait(self, record: dict[str, Any]) -> Any:
        """Poll with exponential backoff until the batch is terminal or ``wait_s`` of waiting has passed."""
        policy = self.policy
        retrying = Retrying(
            wait=wait_exponential(multiplier=policy.first_poll_s, min=policy.first_poll_s, max=policy.max_poll_s),
            stop=lambda state: state.idle_for >= policy.wait_s,
            retry=retry_if_result(lambda batch: batch.status not in TERMINAL),
            retry_error_callback=_last_result,
            sleep=policy.sleep,
        )
        batch = retrying(self._poll, record)
        if batch.status not in TERMINAL:
            raise BatchNotFinished(f"batch {batch.id} is still {batch.status} after waiting {policy.wait_s:g} s; "
                                   f"run the same command again to keep waiting (state in {self.out / STATE_FILE})")
        return batch

    def _poll(self, record: dict[str, Any]) -> Any:
        with _as_model_error(f"checking batch {record['id']}"):
            batch = self.client.batches.retrieve(record["id"])
        if batch.status != record["status"]:
            counts = batch.request_counts
            done = f" ({counts.completed}/{counts.total} done)" if counts else ""
            self.policy.notify(f"batch {batch.id}: {batch.status}{done}")
            record["status"] = batch.status
            self._save()
        return batch

    def _collect(self, record: dict[str, Any], batch: Any) -> None:
        """Download the output and error files; every id that did not come back answered is a failure."""
        failed: dict[str, str] = {}
        answered: set[str] = set()
        if batch.output_file_id:
            text = self._download(batch.output_file_id)
            write_atomically(self._answers_path(record), text)
            answered = set(_answers_in(self._answers_path(record)))
            failed.update(_failures_in(text))
        if batch.error_file_id:
            failed.update(_failures_in(self._download(batch.error_file_id)))
        missing = f"no result in the {batch.status} batch" + (f": {_batch_errors(batch)}" if _batch_errors(batch) else "")
        failed.update({cid: missing for cid in record["custom_ids"] if cid not in answered and cid not in failed})
        record.update(status=batch.status, output_file_id=batch.output_file_id, error_file_id=batch.error_file_id,
                      done=sorted(answered), failed=failed, collected=True)
        self._save()
        if failed:
            self.policy.notify(f"batch {batch.id}: {len(failed)} of {len(record['custom_ids'])} requests failed")

    def _download(self, file_id: str) -> str:
        with _as_model_error(f"downloading file {file_id}"):
            return self.client.files.content(file_id).text

    def _answers_path(self, record: dict[str, Any]) -> Path:
        return self.out / ANSWERS_FOLDER / f"{record['id']}.jsonl"

    def _save(self) -> None:
        write_atomically(self.out / STATE_FILE, json.dumps(self.state, indent=1, sort_keys=True))


def answer_through_batches(
    stories: Mapping[str, list[Path]], out: Path, settings: Mapping[str, Any], policy: BatchPolicy | None = None
) -> BatchAnsweredLLM:
    """Run the collecting rounds for ``stories`` and return the LLM that answers their final pass from the batches.

    ``settings`` are ``summarize``'s keyword settings. Raises ``ModelError`` (a ``BatchNotFinished`` when the wait
    runs out) with the state saved, so the same call resumes.
    """
    from summarizer.pipeline import summarize  # the pipeline imports llm/: import it only when a batch runs

    policy = policy or BatchPolicy()
    if clash := sorted(set(settings) & _OTHER_ANSWERERS):
        raise UsageError(f"the Batch API answers every call itself: it cannot be combined with {', '.join(clash)}")
    config = Settings(**{k: v for k, v in settings.items() if k in Settings.model_fields})
    if not config.model_configured:
        raise UsageError("--batch-api needs a model server: set OPENAI_API_KEY, or --base-url for a server that "
                         "implements /v1/files and /v1/batches")
    if not stories:  # every story is up to date: nothing to ask, and no server to ask it of
        return BatchAnsweredLLM(config, BatchAnswers({}, {}, collect=False))
    logging.getLogger(_INSTRUCTOR_RETRY_LOGGER).addFilter(_QUIET_DEFERRALS)  # idempotent: one filter object
    run = BatchRun(config, Path(out), policy)
    config = config.model_copy(update={"model": run.model_name()})
    run_settings = {**settings, "model": config.model}
    unfinished = dict(stories)
    for round_number in range(1, policy.max_rounds + 1):
        run.finish_open_batches()
        answers, failures = run.known()
        deferred = {name: _deferred_by(paths, BatchAnsweredLLM(config, BatchAnswers(answers, failures, collect=True)),
                                       run_settings, summarize) for name, paths in unfinished.items()}
        # A story that deferred nothing has every answer it will ask for: later rounds leave it alone.
        unfinished = {name: unfinished[name] for name, asked in deferred.items() if asked}
        requests = {key: body for asked in deferred.values() for key, body in asked.items()}
        if not requests:
            break
        policy.notify(f"Batch API round {round_number}: {len(requests)} requests")
        run.submit(requests)
    else:
        run.finish_open_batches()
        policy.notify(f"stopped after {policy.max_rounds} Batch API rounds; unanswered calls are reported as failed")
    answers, failures = run.known()
    return BatchAnsweredLLM(config, BatchAnswers(answers, failures, collect=False))


def _deferred_by(paths: list[Path], llm: BatchAnsweredLLM, settings: Mapping[str, Any],
                 summarize: Callable[..., Any]) -> dict[str, dict[str, Any]]:
    """One story's requests that this round could not answer; its briefing is discarded, its errors are the final
    pass's to report."""
    try:
        summarize([str(p) for p in paths], llm=llm, **settings)
    except SummarizerError:
        pass
    return llm.answers.deferred


class _as_model_error:
    """The Files/Batches calls fail as the model calls do: one line, never the request's headers."""

    def __init__(self, what: str) -> None:
        self.what = what

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: Any) -> bool:
        if isinstance(exc, openai.OpenAIError):
            raise _model_error(exc, self.what) from exc
        return False


def _last_result(state: RetryCallState) -> Any:
    """When the wait runs out, the last poll's batch (still not terminal) rather than tenacity's RetryError."""
    assert state.outcome is not None
    return state.outcome.result()


def _lines(text: str) -> Iterator[dict[str, Any]]:
    for line in text.splitlines():
        if line.strip():
            try:
                yield json.loads(line)
            except ValueError:
                log.warning("ignoring a batch result line that is not JSON: %.80s", line)


def _answers_in(path: Path) -> dict[str, dict[str, Any]]:
    """The completions of an output file's successful lines, by ``custom_id``."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return {}
    return {line["custom_id"]: line["response"]["body"] for line in _lines(text)
            if (line.get("response") or {}).get("status_code") == 200 and "custom_id" in line}


def _failures_in(text: str) -> dict[str, str]:
    """Why each failed line failed: a non-200 response or an entry of the errors file."""
    failed = {}
    for line in _lines(text):
        response = line.get("response") or {}
        if "custom_id" not in line or response.get("status_code") == 200:
            continue
        error = line.get("error") or (response.get("body") or {}).get("error") or {}
        reason = error.get("message") if isinstance(error, dict) else str(error)
        status = f"HTTP {response['status_code']}: " if response.get("status_code") else ""
        failed[line["custom_id"]] = status + (reason or "no detail")
    return failed


def _batch_errors(batch: Any) -> str:
    errors = getattr(getattr(batch, "errors", None), "data", None) or []
    return "; ".join(e.message for e in errors[:3] if getattr(e, "message", None))


def _load_state(path: Path) -> dict[str, Any]:
    """The saved state, or a fresh one; a state file this version cannot read is an error, never overwritten."""
    if not path.is_file():
        return {"format": STATE_FORMAT, "batches": []}
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"{path}: unreadable Batch API state ({exc}); move it away to start over") from exc
    if not isinstance(state, dict) or state.get("format") != STATE_FORMAT or not isinstance(state.get("batches"), list):
        raise ModelError(f"{path}: not a Batch API state this version can read; move it away to start over")
    return state


__all__ = ["BatchAnsweredLLM", "BatchAnswers", "BatchNotFinished", "BatchPolicy", "BatchRun", "Deferred",
           "answer_through_batches", "request_key"]
