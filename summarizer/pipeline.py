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
from collections.abc import Callable, Coroutine, Sequence
from typing import Any, Literal, ParamSpec

from pydantic import ValidationError

from summarizer import story
from summarizer.article.attribute import attribute
from summarizer.article.extract import extract
from summarizer.article.translate import translate
from summarizer.errors import InputError, ModelError, NoRecordingError, PartialResultError, UsageError
from summarizer.llm import LLM, OpenAICompatibleLLM, recordings
from summarizer.llm.cache import CachedLLM, prune_cache
from summarizer.load import load_articles
from summarizer.output.failures import failure_lines
from summarizer.schema import Article, ArticleBrief, Brief, Failure, RunInfo
from summarizer.settings import Settings
from summarizer.story.duplicates import exact_copies
from summarizer.story.reconcile import total_usage

ProgressStatus = Literal["queued", "extracting", "done", "failed"]
ProgressCallback = Callable[[Article, ProgressStatus], None]
P = ParamSpec("P")


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
    """Brief the articles at ``paths`` (files or directories). Keyword settings are those of ``Settings``.

    ``local=True`` assembles the bundled model once (the ``[local]`` extra), serves it on 127.0.0.1 for the
    duration of the run and goes through the same OpenAI-compatible path as any other server.
    """
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
    config = Settings(**settings)
    replay_path = recordings.replay_path(config, llm, replay, record)
    if replay_path is not None:
        config = recordings.settings_for_replay(config, replay_path)
        if replay is None and notify is not None:
            notify(recordings.demo_notice(replay_path))
    loaded = load_articles(paths, max_bytes=config.max_bytes, max_articles=config.max_articles)
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
        with recordings.exchange_log(config, client or model, replay_path, record, add=record_missing):
            briefs, failures = await _brief_articles([a for a in loaded.articles if a.id not in copies], model,
                                                     config, progress)
            left_out = {} if config.keep_off_topic else story.off_topic(briefs)
            answer = await story.ask(story.on_topic(briefs, left_out), model, output_language=config.lang)
    finally:
        if client is not None:
            await client.aclose()
        if isinstance(model, CachedLLM):
            prune_cache(config.cache_dir, config.cache_max_mb * 1_000_000)
    failures = loaded.failures + failures + list(answer.failures)
    if config.strict and failures:
        raise PartialResultError(f"{len(failures)} input(s) failed: " + "; ".join(
            f"{f.path}: {f.reason}" for f in failures))
    run = RunInfo(
        model=model.model,
        language=config.lang,
        base_url=recordings.without_credentials(config.base_url),
        replayed=replay_path is not None,
        recording=recordings.recording_label(replay_path) if replay_path is not None else None,
        usage=total_usage(briefs, answer),
        seconds=round(time.perf_counter() - started, 3),
    )
    return story.assemble(briefs, answer.proposal, config.lang, failures=failures, notes=answer.notes, run=run,
                          article_briefs=briefs if keep_article_briefs else None, off_topic=left_out,
                          copies=[a for a in loaded.articles if a.id in copies])


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


async def _brief_article(article: Article, llm: LLM, config: Settings, year_hint: int | None) -> ArticleBrief:
    """The article stage: extraction with its checks, the speakers of its quotations, then translation of what
    was printed in another language."""
    extracted = await extract(article, llm, year_hint=year_hint, max_words=config.max_article_words,
                              output_language=config.lang)
    return await translate(await attribute(extracted, llm), llm, config.lang)


async def _brief_articles(
    articles: list[Article], llm: LLM, config: Settings, progress: ProgressCallback | None
) -> tuple[list[ArticleBrief], list[Failure]]:
    """Every article through the article stage, ``concurrency`` at a time; a failure costs only its article."""
    gate = asyncio.Semaphore(config.concurrency)
    year_hint = _common_year(articles)
    notify = progress or (lambda article, status: None)

    async def one(article: Article) -> ArticleBrief | Failure:
        async with gate:
            notify(article, "extracting")
            try:
                brief = await _brief_article(article, llm, config, year_hint)
            except NoRecordingError:
                raise
            except (ModelError, ValidationError) as exc:
                notify(article, "failed")
                return Failure(path=article.path, stage="extract", reason=f"{article.id}: {_one_line(exc)}")
            notify(article, "done")
            return brief

    for article in articles:
        notify(article, "queued")
    results = await asyncio.gather(*(one(a) for a in articles))
    briefs = [r for r in results if isinstance(r, ArticleBrief)]
    failures = [r for r in results if isinstance(r, Failure)]
    if not briefs:
        raise ModelError("every article failed: " + "; ".join(f"{f.path}: {f.reason}" for f in failures))
    return briefs, failures


def _common_year(articles: list[Article]) -> int | None:
    """Articles that never say the year borrow the most common year of the others' datelines (marked inferred)."""
    years = Counter(a.dateline.year for a in articles if a.dateline)
    return years.most_common(1)[0][0] if years else None


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
