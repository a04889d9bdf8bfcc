"""``summarize()``: load, extract each article concurrently, reconcile. The CLI is a thin shell around this.

A failed article costs only itself: its failure is recorded and the briefing is built from the rest (unless
``strict``). Replay and recording wrap the whole run, so the same code path serves a live model, the offline
demo and the re-recording of fixtures.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit, urlunsplit

from pydantic import ValidationError

from summarizer.articles import load_articles
from summarizer.cache import CachedLLM
from summarizer.cassettes import read_provenance, recording, replaying
from summarizer.errors import InputError, ModelError, NoRecordingError, PartialResultError, UsageError
from summarizer.extract import extract
from summarizer.llm import LLM, OpenAICompatibleLLM
from summarizer.schema import Article, ArticleBrief, Brief, Failure
from summarizer.settings import Settings
from summarizer.story import reconcile
from summarizer.translate import translate
from summarizer.version import __version__

DEFAULT_RECORDING = Path("fixtures/recordings/seeds.yaml")
ProgressStatus = Literal["queued", "extracting", "done", "failed"]
ProgressCallback = Callable[[Article, ProgressStatus], None]
_RECORDED_SETTINGS = ("mode", "temperature", "max_tokens", "validation_retries")


def summarize(
    paths: Sequence[str | os.PathLike[str]],
    *,
    llm: LLM | None = None,
    replay: str | os.PathLike[str] | None = None,
    record: str | os.PathLike[str] | None = None,
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
    return asyncio.run(
        asummarize(paths, llm=llm, replay=replay, record=record, keep_article_briefs=keep_article_briefs,
                   progress=progress, local=local, notify=notify, **settings)
    )


async def asummarize(
    paths: Sequence[str | os.PathLike[str]],
    *,
    llm: LLM | None = None,
    replay: str | os.PathLike[str] | None = None,
    record: str | os.PathLike[str] | None = None,
    keep_article_briefs: bool = False,
    progress: ProgressCallback | None = None,
    local: bool = False,
    notify: Callable[[str], None] | None = None,
    **settings: Any,
) -> Brief:
    if local:
        if llm is not None or replay is not None or "base_url" in settings:
            raise UsageError("--local cannot be combined with --base-url, --replay or a custom LLM")
        from summarizer import local as bundled

        with bundled.LocalServer(bundled.prepare(notify=notify)) as server:
            overrides = {**bundled.local_settings(server.base_url), **settings, "base_url": server.base_url}
            return await asummarize(paths, record=record, keep_article_briefs=keep_article_briefs,
                                    progress=progress, **overrides)
    started = time.perf_counter()
    config = Settings(**settings)
    replay_path = _replay_path(config, llm, replay, record)
    if replay_path is not None:
        config = _settings_for_replay(config, replay_path)
    loaded = load_articles(paths, max_bytes=config.max_bytes, max_articles=config.max_articles)
    if not loaded.articles:
        reasons = "; ".join(f"{f.path}: {f.reason}" for f in loaded.failures) or "no input paths given"
        raise InputError(f"no usable article ({reasons})")
    client = OpenAICompatibleLLM(config) if llm is None else None
    model: LLM = llm or client  # type: ignore[assignment]
    try:
        if client is not None and replay_path is None:
            await client.ensure_model()
            if config.cache and record is None:
                model = CachedLLM(client, config.cache_dir, settings_fingerprint=_cache_fingerprint(config))
        with _exchange_log(config, client or model, replay_path, record):
            briefs, failures = await _extract_all(loaded.articles, model, config, progress)
            brief = await reconcile(briefs, model, output_language=config.lang)
    finally:
        if client is not None:
            await client.aclose()
    brief.failures = loaded.failures + failures + brief.failures
    if config.strict and brief.failures:
        raise PartialResultError(f"{len(brief.failures)} input(s) failed: " + "; ".join(
            f"{f.path}: {f.reason}" for f in brief.failures))
    brief.run.model = model.model
    brief.run.language = config.lang
    brief.run.base_url = _without_credentials(config.base_url)
    brief.run.replayed = replay_path is not None
    brief.run.recording = _recording_label(replay_path) if replay_path is not None else None
    brief.run.seconds = round(time.perf_counter() - started, 3)
    if keep_article_briefs:
        brief.article_briefs = briefs
    return brief


def _recording_label(cassette: Path) -> str:
    provenance = read_provenance(cassette)
    when = str(provenance.get("recorded_at", "unknown date"))[:10]
    try:
        shown = cassette.resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        shown = cassette.name
    return f"{shown}, recorded {when} from {provenance.get('model', 'an unknown model')}"


def _cache_fingerprint(config: Settings) -> dict[str, Any]:
    """Settings that change the answer without changing the messages, so they must split cache entries."""
    return {"temperature": config.temperature, "max_tokens": config.max_tokens, "mode": config.resolved_mode(),
            "base_url": _without_credentials(config.base_url)}


def _replay_path(config: Settings, llm: LLM | None, replay: Any, record: Any) -> Path | None:
    if replay is not None and record is not None:
        raise UsageError("--replay and --record cannot be combined")
    if replay is not None:
        return Path(replay)
    if llm is not None or config.model_configured or record is not None:
        return None
    if DEFAULT_RECORDING.is_file():
        return DEFAULT_RECORDING
    raise UsageError(
        "no model configured: set OPENAI_API_KEY (and OPENAI_BASE_URL for other servers) or pass --base-url URL; "
        "or replay a recording with --replay CASSETTE.yaml"
    )


def _settings_for_replay(config: Settings, cassette: Path) -> Settings:
    """Replay must send byte-identical requests, so the recording's own settings win over the defaults."""
    provenance = read_provenance(cassette)
    recorded = provenance.get("settings", {})
    update: dict[str, Any] = {key: recorded[key] for key in _RECORDED_SETTINGS if key in recorded}
    update.update(model=provenance.get("model") or config.model or "recorded", http_retries=0, cache=False,
                  base_url=provenance.get("base_url") or config.base_url or "http://recorded.invalid/v1")
    return config.model_copy(update=update)


@contextlib.contextmanager
def _exchange_log(config: Settings, llm: LLM, replay_path: Path | None, record: Any) -> Iterator[None]:
    if replay_path is not None:
        with replaying(replay_path):
            yield
    elif record is not None:
        if not isinstance(llm, OpenAICompatibleLLM):
            raise UsageError("recording needs a real model server (--base-url or OPENAI_API_KEY), not a custom LLM")
        provenance = {
            "model": llm.model,
            "base_url": _without_credentials(config.base_url),
            "server": "OpenAI" if config.is_openai else "OpenAI-compatible server at " + str(_without_credentials(config.base_url)),
            "settings": {key: getattr(config, key) if key != "mode" else config.resolved_mode() for key in _RECORDED_SETTINGS},
            "summarizer_version": __version__,
        }
        with recording(Path(record), provenance):
            yield
    else:
        yield


async def _extract_all(
    articles: list[Article], llm: LLM, config: Settings, progress: ProgressCallback | None
) -> tuple[list[ArticleBrief], list[Failure]]:
    gate = asyncio.Semaphore(config.concurrency)
    year_hint = _common_year(articles)
    notify = progress or (lambda article, status: None)

    async def one(article: Article) -> ArticleBrief | Failure:
        async with gate:
            notify(article, "extracting")
            try:
                brief = await extract(article, llm, year_hint=year_hint, max_words=config.max_article_words,
                                      output_language=config.lang)
                brief = await translate(brief, llm, config.lang)
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


def _without_credentials(url: str | None) -> str | None:
    if not url:
        return url
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))
