"""``summarize()``: load, brief each article concurrently, reconcile the story. The CLI is a thin shell around this.

This module runs the steps in data-flow order and nothing else: files -> ``Article`` (:mod:`summarizer.load`) ->
``ArticleBrief`` (:mod:`summarizer.article`: extraction, then translation) -> ``Brief`` (:mod:`summarizer.story`).
A failed article costs only itself: its failure is recorded and the briefing is built from the rest (unless
``strict``). Neither an exact copy (not briefed again, listed as a duplicate) nor an article about another story
(briefed, then left out of the merge, see :mod:`summarizer.story.topic`) is a failure. Replay and recording
wrap the whole run, so the same code path serves a live model, the offline demo and the re-recording of
fixtures; when to replay, and with which settings, is :mod:`summarizer.llm.recordings`' decision.
"""

from __future__ import annotations

import asyncio
import functools
import os
import time
from collections import Counter
from collections.abc import Callable, Coroutine, Iterable, Mapping, Sequence
from typing import Any, Literal, ParamSpec, TypeVar

from pydantic import BaseModel, ValidationError

from summarizer import story
from summarizer.article.extract import extract
from summarizer.article.translate import translate
from summarizer.errors import InputError, ModelError, NoRecordingError, PartialResultError, UsageError, one_line
from summarizer.llm import LLM, OpenAICompatibleLLM, recordings
from summarizer.llm.cache import CachedLLM, prune_cache
from summarizer.load import load_articles
from summarizer.output.failures import article_reason, failure_lines
from summarizer.schema import Article, ArticleBrief, Brief, Failure, RunInfo, Usage
from summarizer.settings import Settings, load_settings
from summarizer.story.duplicates import exact_copies
from summarizer.story.reconcile import total_usage
from summarizer.urls import without_credentials

ProgressStatus = Literal["queued", "extracting", "done", "failed"]
ProgressCallback = Callable[[Article, ProgressStatus], None]
P = ParamSpec("P")
T = TypeVar("T", bound=BaseModel)


async def asummarize(
    paths: Sequence[str | os.PathLike[str]],
    *,
    llm: LLM | None = None,
    replay: str | os.PathLike[str] | None = None,
    record: str | os.PathLike[str] | None = None,
    record_missing: bool = False,
    keep_article_briefs: bool = False,
    progress: ProgressCallback | None = None,
    local: bool = False,
    notify: Callable[[str], None] | None = None,
    **settings: Any,
) -> Brief:
    """Brief the articles at ``paths``: files, directories, http(s) URLs (strings; fetched, then read like an
    HTML file) and ``"-"`` (one article from standard input), as a list or one of them. Keyword settings are
    those of ``Settings``.

    ``local=True`` assembles the bundled model once (the ``[local]`` extra), serves it on 127.0.0.1 for the
    duration of the run and goes through the same OpenAI-compatible path as any other server.

    Raises only :class:`summarizer.SummarizerError` subclasses: ``UsageError`` (also a ``ValueError``) for bad
    arguments or settings, with the one-line message the CLI prints; ``InputError``, ``ModelError``
    (``NoRecordingError``) and ``PartialResultError`` for what happened in the run.
    """
    paths = checked_paths(paths)
    _check_arguments(llm=llm, replay=replay, record=record, record_missing=record_missing,
                     keep_article_briefs=keep_article_briefs, progress=progress, local=local, notify=notify)
    if local:
        if llm is not None or replay is not None or "base_url" in settings:
            raise UsageError("--local cannot be combined with --base-url, --replay or a custom LLM")
        from summarizer.llm import local as bundled

        with bundled.LocalServer(bundled.prepare(notify=notify)) as server:
            overrides = {**bundled.local_settings(server.base_url), **settings, "base_url": server.base_url}
            return await asummarize(paths, record=record, record_missing=record_missing,
                                    keep_article_briefs=keep_article_briefs,
                                    progress=progress, **overrides)
    started = time.perf_counter()
    config = load_settings(settings)
    replay_path = recordings.replay_path(config, llm, replay, record)
    if replay_path is not None:
        config = recordings.settings_for_replay(config, replay_path)
        if replay is None and notify is not None:
            notify(recordings.demo_notice(replay_path))
    loaded = load_articles(paths, max_bytes=config.max_bytes, max_articles=config.max_articles,
                           fetch_timeout_s=config.fetch_timeout_s, concurrency=config.concurrency)
    if not loaded.articles:
        reasons = "; ".join(f"{f.where}: {f.reason}" for f in failure_lines(loaded.failures)) or "no input paths given"
        raise InputError(f"no usable article ({reasons})")
    client = OpenAICompatibleLLM(config) if llm is None else None
    model: LLM = llm or client  # type: ignore[assignment]
    try:
        if client is not None and replay_path is None:
            await client.ensure_model()
            if config.cache and record is None:
                model = CachedLLM(client, config.cache_dir, settings_fingerprint=cache_fingerprint(config))
        copies = exact_copies(loaded.articles)
        async with recordings.exchange_log(config, model, replay_path, record, add=record_missing) as routed:
            briefs, failures = await _brief_articles([a for a in loaded.articles if a.id not in copies], routed,
                                                     config, progress)
            left_out = {} if config.keep_off_topic else story.off_topic(briefs)
            answer, found = await _reconcile(briefs, routed, config.lang, left_out,
                                             [a for a in loaded.articles if a.id in copies])
    finally:
        if client is not None:
            await client.aclose()
        if isinstance(model, CachedLLM):
            prune_cache(config.cache_dir, config.cache_max_mb * 1_000_000)
    failures = loaded.failures + failures + list(answer.failures)
    if config.strict and failures:
        raise PartialResultError(f"{len(failures)} input(s) failed: " + "; ".join(
            f"{f.where}: {f.reason}" for f in failure_lines(failures)))
    run = RunInfo(
        model=routed.model,
        language=config.lang,
        base_url=without_credentials(config.base_url),
        replayed=replay_path is not None,
        recording=recordings.recording_label(replay_path) if replay_path is not None else None,
        usage=total_usage(briefs, answer),
        batch_api=getattr(model, "batch_api", False) is True,
        seconds=round(time.perf_counter() - started, 3),
    )
    return story.complete(found, answer.proposal, failures=failures, notes=answer.notes, run=run,
                          article_briefs=briefs if keep_article_briefs else None)


async def _reconcile(
    briefs: list[ArticleBrief], llm: LLM, output_language: str, left_out: dict[str, str], copies: list[Article]
) -> tuple[story.Answer, story.Findings]:
    """The reconciliation call, and meanwhile, in a worker thread, everything code finds without it: on a story
    of many articles that is most of the story stage's CPU, which the model's latency then hides."""
    finding = asyncio.get_running_loop().run_in_executor(  # submitted now, not at the loop's next turn
        None, functools.partial(story.findings, briefs, output_language, off_topic=left_out, copies=copies))
    try:
        answer = await story.ask(story.on_topic(briefs, left_out), llm, output_language=output_language)
    except BaseException:
        await asyncio.gather(finding, return_exceptions=True)  # a thread cannot be cancelled: let it finish
        raise
    return answer, await finding


def _blocking(run: Callable[P, Coroutine[Any, Any, Brief]]) -> Callable[P, Brief]:
    """The same call for callers without an event loop, with the same signature, so the two cannot drift apart."""

    @functools.wraps(run)
    def blocking(*args: P.args, **kwargs: P.kwargs) -> Brief:
        return asyncio.run(run(*args, **kwargs))

    blocking.__name__ = blocking.__qualname__ = "summarize"
    return blocking


summarize = _blocking(asummarize)


def cache_fingerprint(config: Settings) -> dict[str, Any]:
    """Settings that change the answer without changing the messages, so they must split cache entries.

    The server's address is not one of them: ``--local`` serves on a new port each run, and the same model at
    another address gives the same answer (the model's name is part of every key).
    """
    return {"temperature": config.temperature, "max_tokens": config.max_tokens, "mode": config.resolved_mode()}


class _Gated:
    """The model, ``limit`` calls at a time, first come first served.

    The limit is per call, not per article: with one call at a time (a local llama.cpp server) the calls then
    reach the server in the order they were asked for, every article's extraction first and then the
    translations, instead of each article's extraction and translation in turn.
    Consecutive calls of one kind share their long constant prefix (rules and schema), which llama.cpp keeps
    from the previous request and OpenAI's prompt caching bills at a discount.
    """

    def __init__(self, inner: LLM, limit: int) -> None:
        self.inner = inner
        self._gate = asyncio.Semaphore(limit)

    @property
    def model(self) -> str:
        return self.inner.model

    async def structured(
        self, response_model: type[T], messages: list[dict[str, str]], *, context: dict[str, Any] | None = None
    ) -> tuple[T, Usage]:
        async with self._gate:
            return await self.inner.structured(response_model, messages, context=context)


async def _brief_article(article: Article, llm: LLM, config: Settings, year_hint: int | None) -> ArticleBrief:
    """The article stage: extraction with its checks (the speakers of its quotations included), then translation
    of what was printed in another language."""
    extracted = await extract(article, llm, year_hint=year_hint, max_words=config.max_article_words,
                              output_language=config.lang)
    return await translate(extracted, llm, config.lang)


async def _brief_articles(
    articles: list[Article], llm: LLM, config: Settings, progress: ProgressCallback | None
) -> tuple[list[ArticleBrief], list[Failure]]:
    """Every article through the article stage, ``concurrency`` model calls at a time; a failure costs only its
    article."""
    gated = _Gated(llm, config.concurrency)
    year_hint = _common_year(articles)
    notify = progress or (lambda article, status: None)

    async def one(article: Article) -> ArticleBrief | Failure:
        notify(article, "extracting")
        try:
            brief = await _brief_article(article, gated, config, year_hint)
        except NoRecordingError:
            raise
        except (ModelError, ValidationError) as exc:
            notify(article, "failed")
            return Failure(path=article.path, stage="extract", reason=article_reason(article.id, one_line(exc)))
        notify(article, "done")
        return brief

    for article in articles:
        notify(article, "queued")
    results = await asyncio.gather(*(one(a) for a in articles))
    briefs = [r for r in results if isinstance(r, ArticleBrief)]
    failures = [r for r in results if isinstance(r, Failure)]
    if not briefs:
        raise ModelError("every article failed: " + "; ".join(f"{f.where}: {f.reason}" for f in failure_lines(failures)))
    return briefs, failures


def _common_year(articles: list[Article]) -> int | None:
    """Articles that never say the year borrow the most common year of the others' datelines (marked inferred)."""
    years = Counter(a.dateline.year for a in articles if a.dateline)
    return years.most_common(1)[0][0] if years else None


def checked_paths(paths: Any) -> list[str | os.PathLike[str]]:
    """``paths`` as a list: one path (str or os.PathLike) stands for itself, never for its characters; anything
    else must be an iterable of paths. A wrong type is a UsageError, not a TypeError from deep in the loader."""
    if isinstance(paths, (str, os.PathLike)):
        return [paths]
    if isinstance(paths, (bytes, Mapping)) or not isinstance(paths, Iterable):
        raise UsageError(f"paths: expected a path or a list of paths (str or os.PathLike), got {_kind(paths)}")
    listed = list(paths)
    for index, path in enumerate(listed):
        if not isinstance(path, (str, os.PathLike)):
            raise UsageError(f"paths[{index}]: expected a path (str or os.PathLike), got {_kind(path)}")
    return listed


# summarize()'s own keyword arguments (not settings), with their defaults.
_OPTIONS: dict[str, Any] = {"llm": None, "replay": None, "record": None, "record_missing": False,
                            "keep_article_briefs": False, "progress": None, "local": False, "notify": None}


def check_options(**options: Any) -> Settings:
    """``summarize``'s keyword arguments checked without running anything, as ``summarize`` checks them: for a
    caller that passes them on (``summarize_many``), so a bad one is one UsageError, not one failure per story."""
    own = {name: options.pop(name) for name in list(options) if name in _OPTIONS}
    _check_arguments(**{**_OPTIONS, **own})
    return load_settings(options)


def _check_arguments(*, llm: Any, replay: Any, record: Any, record_missing: Any, keep_article_briefs: Any,
                     progress: Any, local: Any, notify: Any) -> None:
    """The non-setting arguments of ``summarize``, checked before anything runs, each named in its message."""
    if llm is not None and not (callable(getattr(llm, "structured", None)) and isinstance(getattr(llm, "model", None), str)):
        raise UsageError(f"llm: {_kind(llm)} does not implement summarizer.LLM (a str attribute 'model' and an "
                         "async method 'structured(response_model, messages, *, context=None)')")
    for name, value in (("replay", replay), ("record", record)):
        if value is not None and not isinstance(value, (str, os.PathLike)):
            raise UsageError(f"{name}: expected a cassette path (str or os.PathLike), got {_kind(value)}")
    for name, value in (("record_missing", record_missing), ("keep_article_briefs", keep_article_briefs),
                        ("local", local)):
        if not isinstance(value, bool):
            raise UsageError(f"{name}: expected True or False, got {_kind(value)}")
    for name, value in (("progress", progress), ("notify", notify)):
        if value is not None and not callable(value):
            raise UsageError(f"{name}: expected a function or None, got {_kind(value)}")


def _kind(value: Any) -> str:
    """A value as a message shows it: its type, and a short repr."""
    shown = repr(value)
    return f"{type(value).__name__} {shown[:40] + '…' if len(shown) > 40 else shown}"
