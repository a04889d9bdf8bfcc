"""Many stories at once: each subfolder of a folder is one story, briefed by the same ``summarize`` as one story.

The per-story work (:func:`brief_story`) is a pure function of (paths, settings) that returns the Brief's JSON, so
a distributed engine can ship it to workers as is; here the stories run one after another on this machine. A
story whose outputs exist and whose inputs did not change (same content hash) is skipped, so a rerun resumes.
One failing story is recorded in the index and never stops the others. With ``batch_api`` the stories' model
calls go through the Batch API first (:mod:`summarizer.llm.batch_api`) and the same per-story run then answers
from its results.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from summarizer.errors import SummarizerError, UsageError
from summarizer.files import write_atomically
from summarizer.llm.batch_api import BatchPolicy, answer_through_batches
from summarizer.output import markdown
from summarizer.output.markdown import cell
from summarizer.pipeline import check_options, summarize
from summarizer.schema import Brief


@dataclass(frozen=True)
class StoryResult:
    """One story's outcome, as the index lists it."""

    story: str
    headline: str = ""
    articles: int = 0
    discrepancies: int = 0
    failures: int = 0
    error: str | None = None
    skipped: bool = False


def stories_in(folder: Path) -> dict[str, list[Path]]:
    """Each subfolder is one story, in name order so the index and the progress are stable."""
    return {d.name: [d] for d in sorted(folder.iterdir()) if d.is_dir() and not d.name.startswith(".")}


def inputs_digest(paths: list[Path]) -> str:
    """A hash of every input file's name and bytes: the story is briefed again only if this changes."""
    digest = hashlib.sha256()
    for path in paths:
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            digest.update(str(file.relative_to(path) if path.is_dir() else file.name).encode())
            digest.update(hashlib.sha256(file.read_bytes()).digest())
    return digest.hexdigest()


def brief_story(paths: list[str], settings: dict[str, Any]) -> str:
    """The per-story work as a pure function of (paths, settings) returning the Brief's JSON."""
    return summarize(paths, **settings).model_dump_json()


def summarize_many(
    stories: str | os.PathLike[str],
    output: str | os.PathLike[str],
    *,
    progress: Callable[[StoryResult], None] | None = None,
    batch_api: bool | BatchPolicy = False,
    **settings: Any,
) -> list[StoryResult]:
    """Brief every story under ``stories`` into ``output`` (``STORY.md``, ``STORY.json``, ``index.md``).

    ``batch_api`` (True, or a ``BatchPolicy`` for the wait and polling) answers every model call through the Batch
    API at its price; an interrupted run resumes its batches when called again with the same ``output``.

    Bad arguments raise :class:`summarizer.UsageError` before any story runs (the settings as ``summarize``
    checks them, the two folders, ``progress``); a story that fails for any other reason is listed in the index.
    """
    _check_arguments(stories, output, progress, settings)
    out = Path(output)
    found = stories_in(Path(stories))
    if batch_api:
        pending = {name: paths for name, paths in found.items() if not up_to_date(name, paths, out)}
        policy = batch_api if isinstance(batch_api, BatchPolicy) else None
        settings = {**settings, "llm": answer_through_batches(pending, out, settings, policy)}
    results = []
    for name, paths in found.items():
        results.append(_one(name, paths, out, settings))
        if progress:
            progress(results[-1])
    write_atomically(out / "index.md", index_page(results))
    return results


def _check_arguments(stories: Any, output: Any, progress: Any, settings: dict[str, Any]) -> None:
    """Checked once up front: a bad setting would otherwise fail every story alike, and a missing folder raise an
    OSError from deep in the listing."""
    check_options(**settings)
    for name, value in (("stories", stories), ("output", output)):
        if not isinstance(value, (str, os.PathLike)):
            raise UsageError(f"{name}: expected a folder path (str or os.PathLike), got {type(value).__name__}")
    if not Path(stories).is_dir():
        raise UsageError(f"stories: {stories} is not a folder (each of its subfolders is one story)")
    if progress is not None and not callable(progress):
        raise UsageError(f"progress: expected a function or None, got {type(progress).__name__}")


def _one(name: str, paths: list[Path], out: Path, settings: dict[str, Any]) -> StoryResult:
    try:
        digest = inputs_digest(paths)
    except OSError as exc:
        return StoryResult(story=name, error=f"cannot read the story's files: {exc.strerror or exc}")
    stamp = out / f".{name}.inputs"
    if _is_current(name, digest, out):
        return _result(name, Brief.model_validate_json((out / f"{name}.json").read_text()), skipped=True)
    try:
        brief = Brief.model_validate_json(brief_story([str(p) for p in paths], settings))
    except UsageError:
        raise  # the same for every story: the caller's mistake, not this story's
    except SummarizerError as exc:
        return StoryResult(story=name, error=str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
    write_atomically(out / f"{name}.json", brief.model_dump_json(indent=2))
    write_atomically(out / f"{name}.md", markdown(brief))
    write_atomically(stamp, digest)
    return _result(name, brief)


def up_to_date(name: str, paths: list[Path], out: Path) -> bool:
    """The story's outputs exist and its inputs did not change since they were written: a rerun skips it."""
    try:
        return _is_current(name, inputs_digest(paths), out)
    except OSError:
        return False


def _is_current(name: str, digest: str, out: Path) -> bool:
    stamp = out / f".{name}.inputs"
    return stamp.is_file() and stamp.read_text() == digest and (out / f"{name}.json").is_file() \
        and (out / f"{name}.md").is_file()


def _result(name: str, brief: Brief, skipped: bool = False) -> StoryResult:
    return StoryResult(story=name, headline=brief.title, articles=len(brief.sources),
                       discrepancies=len(brief.discrepancies), failures=len(brief.failures), skipped=skipped)


def index_page(results: list[StoryResult]) -> str:
    """Every story with its headline, article count, discrepancy count and failures, as one Markdown table."""
    rows = ["# Stories", "", "| story | headline | articles | discrepancies | failures |", "|---|---|---|---|---|"]
    for r in results:
        headline = cell(r.headline) if r.error is None else f"FAILED: {cell(r.error)}"
        rows.append(f"| [{cell(r.story)}]({quote(r.story)}.md) | {headline} | {r.articles} | {r.discrepancies} | {r.failures} |")
    return "\n".join(rows) + "\n"
