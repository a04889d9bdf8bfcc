"""Many stories at once: each subfolder of a folder, or each group of a manifest, is one story, briefed by the same
``summarize`` as one story.

The per-story work (:func:`~summarizer.batch.work.brief_story`) is a pure function of (paths, settings) that
returns the Brief's JSON, so an engine (:mod:`summarizer.batch.engines`: this process, or Dask distributed) can
ship it to workers as is. Everything with a side effect stays here, on the client: the briefings, the resume
stamps and the index are written as each story's result arrives. A story whose outputs exist, whose last run had
no failed input and whose inputs and output-relevant settings did not change (same hash) is skipped, so a rerun
resumes. One failing story is recorded in the index and never stops the others. With ``batch_api`` the stories'
model calls go through the Batch API first (:mod:`summarizer.llm.batch_api`) and the same per-story run, here,
then answers from its results.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

from summarizer.batch.engines import Job, check_engine, engine
from summarizer.batch.index import StoryResult, index_json, index_page
from summarizer.batch.manifest import MANIFEST_SUFFIXES, check_story_id, read_manifest, story_folders
from summarizer.batch.work import brief_story, output_fingerprint, shipped_settings
from summarizer.errors import SummarizerError, UsageError
from summarizer.files import write_atomically
from summarizer.llm import recordings
from summarizer.llm.batch_api import BatchPolicy, answer_through_batches
from summarizer.llm.cache import canonical_json
from summarizer.output import RENDERERS, render, suffix_for
from summarizer.pipeline import check_options
from summarizer.schema import Brief
from summarizer.settings import Settings
from summarizer.urls import is_url

DEFAULT_FORMATS = ("markdown", "json")
Progress = Callable[[StoryResult, int, int], None]
StorySource = str | os.PathLike[str] | Mapping[str, Sequence[str | os.PathLike[str]]]


def stories_from(source: StorySource) -> dict[str, list[str]]:
    """Story id → inputs, from a folder of story folders, a manifest file (.toml, .json) or a mapping."""
    if isinstance(source, Mapping):
        stories: dict[str, list[str]] = {}
        for story, paths in source.items():
            try:
                check_story_id(str(story))
            except ValueError as exc:
                raise UsageError(str(exc)) from None
            stories[str(story)] = [str(p) for p in ([paths] if isinstance(paths, (str, os.PathLike)) else paths)]
        return stories
    path = Path(source)
    return read_manifest(path) if path.is_file() and path.suffix.lower() in MANIFEST_SUFFIXES else story_folders(path)


def inputs_digest(paths: Sequence[str], fingerprint: Mapping[str, Any] | None = None) -> str:
    """A hash of every input file's name and bytes (a URL: its text) and of the settings that decide the output:
    the story is briefed again only if this changes. A file that cannot be read adds its name and error instead,
    so the pipeline, not the hash, reports it as a failed input."""
    digest = hashlib.sha256(canonical_json(fingerprint or {}).encode())
    for entry in paths:
        if is_url(entry):
            digest.update(f"url:{entry}".encode())
            continue
        path = Path(entry)
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            digest.update(str(file.relative_to(path) if path.is_dir() else file.name).encode())
            try:
                digest.update(hashlib.sha256(file.read_bytes()).digest())
            except OSError as exc:
                digest.update(f"unreadable:{exc.errno}".encode())
    return digest.hexdigest()


def summarize_many(
    stories: StorySource,
    output: str | os.PathLike[str],
    *,
    formats: Sequence[str] = DEFAULT_FORMATS,
    scheduler: str | None = None,
    workers: int | None = None,
    replay: str | os.PathLike[str] | None = None,
    record: str | os.PathLike[str] | None = None,
    progress: Progress | None = None,
    notify: Callable[[str], None] | None = None,
    batch_api: bool | BatchPolicy = False,
    **settings: Any,
) -> list[StoryResult]:
    """Brief every story into ``output``: ``STORY.md`` and ``STORY.json`` (or ``formats``), ``index.md`` and
    ``index.json``; the results in story order.

    ``stories`` is a folder whose subfolders are one story each, a manifest file, or a mapping story id → paths.
    ``scheduler`` (``tcp://host:8786``) runs the stories on an existing Dask cluster, ``workers`` on a local one
    of that many processes; with neither they run here, one after another. ``replay`` is one cassette for every
    story or a folder of ``STORY.yaml`` cassettes, ``record`` a folder to record those into. Keyword settings
    are those of ``Settings``. ``progress(result, done, total)`` is called as each story finishes.

    ``batch_api`` (True, or a ``BatchPolicy`` for the wait and polling) answers every model call through the Batch
    API at its price, on this machine; an interrupted run resumes its batches when called again with the same
    ``output``.

    Bad arguments raise :class:`summarizer.UsageError` before any story runs (the settings as ``summarize``
    checks them, the folders, ``progress``); a story that fails for any other reason is listed in the index.
    """
    _check_arguments(stories, output, progress, replay, record)
    out = Path(output)
    named = stories_from(stories)
    _check_output(out, _with_root(stories, named))
    formats = _checked_formats(formats)
    config = check_options(**settings)
    clash = [name for name, value in (("replay", replay), ("record", record), ("scheduler", scheduler),
                                      ("workers", workers)) if value is not None]
    if batch_api and clash:
        raise UsageError(f"batch_api answers every call itself, on this machine: it cannot be combined with "
                         f"{', '.join(clash)}")
    demo = None if batch_api else _check_recordings(config, replay, record, scheduler)
    check_engine(scheduler, workers)
    if demo is not None and notify is not None:
        notify(recordings.demo_notice(demo))
    fingerprint = {**output_fingerprint(config, replay=None if replay is None else str(replay)),
                   "formats": list(formats)}
    shipped = shipped_settings(config)
    results: dict[str, StoryResult] = {}
    digests: dict[str, str] = {}
    pending: list[Job] = []

    def done(result: StoryResult) -> None:
        results[result.story] = result
        if progress:
            progress(result, len(results), len(named))

    for story, paths in named.items():
        digests[story] = inputs_digest(paths, fingerprint)
        unchanged = _unchanged(out, story, digests[story], formats)
        if unchanged is not None:
            done(unchanged)
        else:
            shipped_paths = paths if scheduler is None and workers is None else _absolute(paths)
            pending.append(Job(story, tuple(shipped_paths), {**shipped, **_recording_options(story, replay, record)}))
    if pending and batch_api:
        policy = batch_api if isinstance(batch_api, BatchPolicy) else None
        answers = answer_through_batches({job.story: [Path(p) for p in job.paths] for job in pending}, out,
                                         settings, policy)
        pending = [replace(job, options={**job.options, "llm": answers}) for job in pending]
    if pending:
        with engine(scheduler, workers) as run:
            for job, outcome in run(pending):
                done(_finish(out, job.story, outcome, digests[job.story], formats))
    ordered = [results[story] for story in named]
    write_atomically(out / "index.md", index_page(ordered))
    write_atomically(out / "index.json", index_json(ordered))
    return ordered


def _check_arguments(stories: Any, output: Any, progress: Any, replay: Any, record: Any) -> None:
    """The arguments' types, checked once up front (the folder itself is checked where it is listed)."""
    if not isinstance(stories, (str, os.PathLike, Mapping)):
        raise UsageError(f"stories: expected a folder, a manifest file or a mapping, got {type(stories).__name__}")
    if not isinstance(output, (str, os.PathLike)):
        raise UsageError(f"output: expected a folder path (str or os.PathLike), got {type(output).__name__}")
    if progress is not None and not callable(progress):
        raise UsageError(f"progress: expected a function or None, got {type(progress).__name__}")
    for name, value in (("replay", replay), ("record", record)):
        if value is not None and not isinstance(value, (str, os.PathLike)):
            raise UsageError(f"{name}: expected a cassette path or a folder of them (str or os.PathLike), "
                             f"got {type(value).__name__}")


def _with_root(source: StorySource, named: dict[str, list[str]]) -> dict[str, list[str]]:
    """The stories, and under the key "" the folder of story folders when that is what was given."""
    folder = not isinstance(source, Mapping) and Path(source).is_dir()
    return {"": [str(source)], **named} if folder else named


def _absolute(paths: Sequence[str]) -> list[str]:
    """A worker process does not share this process's working directory (on another host, not even its files
    unless mounted at the same place), so paths travel absolute; URLs as written."""
    return [entry if is_url(entry) else str(Path(entry).resolve()) for entry in paths]


def _check_output(out: Path, stories: Mapping[str, Sequence[str]]) -> None:
    """OUT inside a story's folder (or the folder of story folders) would make the briefings articles, or a story,
    of the next run. The key "" stands for the folder of story folders."""
    target = out.resolve()
    for story, paths in stories.items():
        for entry in paths:
            if is_url(entry):
                continue
            source = Path(entry).resolve()
            if source.is_dir() and (target == source or target.is_relative_to(source)):
                where = f"story {story!r}'s folder {entry}" if story else f"the stories folder {entry}"
                raise UsageError(f"-o {out} is inside {where}: it would become a story of the next run; choose "
                                 "an output folder outside the stories")


def _checked_formats(formats: Sequence[str]) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(formats))
    unknown = [f for f in chosen if f not in RENDERERS]
    if unknown or not chosen:
        raise UsageError(f"--format {', '.join(unknown) or '(none)'}: choose from {', '.join(RENDERERS)}")
    return chosen


def _check_recordings(config: Settings, replay: Any, record: Any, scheduler: str | None) -> Path | None:
    """The recording flags' mistakes, once for the whole batch; the demo recording every story will replay when
    no model is configured (so its notice is given once, not per story)."""
    if replay is not None and record is not None:
        raise UsageError("--replay and --record cannot be combined")
    if scheduler is not None and (replay is not None or record is not None):
        raise UsageError("--replay and --record work on this machine's files: use them without --scheduler")
    if replay is not None and not Path(replay).exists():
        raise UsageError(f"--replay {replay}: no such cassette or folder of STORY.yaml cassettes")
    if record is not None and Path(record).is_file():
        raise UsageError(f"--record {record}: give a folder; a batch records one cassette per story into it")
    if replay is None and record is None:
        return recordings.replay_path(config, None, None, None)
    return None


def _recording_options(story: str, replay: Any, record: Any) -> dict[str, str]:
    """One cassette replayed for every story, or each story's own ``STORY.yaml`` in a folder; absolute, as a
    local cluster's worker processes need them."""
    if replay is not None:
        folder = Path(replay).resolve()
        return {"replay": str(folder / f"{story}.yaml" if folder.is_dir() else folder)}
    if record is not None:
        return {"record": str(Path(record).resolve() / f"{story}.yaml")}
    return {}


def _outputs(story: str, formats: Sequence[str]) -> tuple[str, ...]:
    return tuple(f"{story}{suffix_for(fmt)}" for fmt in formats)


def _stamp(out: Path, story: str) -> Path:
    return out / f".{story}.inputs"


def _unchanged(out: Path, story: str, digest: str, formats: Sequence[str]) -> StoryResult | None:
    """The story's earlier result when nothing about it changed, it had no failed input and its files are there."""
    try:
        stamp = json.loads(_stamp(out, story).read_text(encoding="utf-8"))
        earlier = StoryResult(**{**stamp["result"], "outputs": tuple(stamp["result"]["outputs"])})
    except (OSError, ValueError, TypeError, KeyError):
        return None
    outputs = _outputs(story, formats)
    if stamp.get("digest") != digest or not earlier.ok or earlier.outputs != outputs \
            or not all((out / name).is_file() for name in outputs):
        return None
    return replace(earlier, skipped=True)


def _finish(out: Path, story: str, outcome: str | Exception, digest: str, formats: Sequence[str]) -> StoryResult:
    """Write one story's briefings and then its stamp (so a stamp always means the files are complete)."""
    if isinstance(outcome, Exception):
        return StoryResult(story=story, error=_error_line(outcome))
    brief = Brief.model_validate_json(outcome)
    outputs = _outputs(story, formats)
    for fmt, name in zip(formats, outputs, strict=True):
        write_atomically(out / name, render(brief, fmt))
    usage = brief.run.usage
    result = StoryResult(story=story, headline=brief.title, articles=len(brief.sources),
                         discrepancies=len(brief.discrepancies), failures=len(brief.failures), outputs=outputs,
                         prompt_tokens=usage.prompt_tokens, completion_tokens=usage.completion_tokens,
                         calls=usage.calls, cost_usd=usage.cost_usd, seconds=brief.run.seconds)
    write_atomically(_stamp(out, story), json.dumps({"digest": digest, "result": asdict(result)}) + "\n")
    return result


def _error_line(exc: Exception) -> str:
    """Our errors are one line already; anything else (a bug, a worker that died) is named by its type too."""
    text = str(exc).strip()
    first = text.splitlines()[0] if text else ""
    if isinstance(exc, SummarizerError):
        return first or type(exc).__name__
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__


__all__ = ["DEFAULT_FORMATS", "StoryResult", "brief_story", "index_json", "index_page", "inputs_digest",
           "stories_from", "summarize_many"]
