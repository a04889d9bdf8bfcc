"""A content-addressed on-disk cache of validated model answers.

Re-running the same articles should cost nothing, and editing one article should re-extract only that one. So the
cache sits in front of any ``LLM`` and is keyed by everything that determines the answer: the model's name, the
exact messages, the JSON schema asked for and the generation settings. The key never includes the validation
``context``: the pipeline derives it from the messages, so it adds nothing but would make keys depend on how a
caller spells it.

What is stored is the model's answer after it passed validation, as plain JSON. A hit is validated again with the
caller's context, so a check that got stricter since the answer was stored still applies; an answer that no longer
passes is treated as a miss and asked again. A cache must never turn a working run into a failing one, so an
unreadable or corrupt entry is a miss too, a failed write is logged and ignored, and exceptions are never stored.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from summarizer.files import write_atomically
from summarizer.llm.client import LLM, json_schema
from summarizer.schema import Usage

T = TypeVar("T", bound=BaseModel)

# Bump when the key recipe or the entry layout changes, so old entries are simply never looked up again.
CACHE_FORMAT = 1

log = logging.getLogger(__name__)


def canonical_json(value: Any) -> str:
    """One spelling per value (sorted keys, no whitespace), so equal inputs always hash to the same key."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def cache_key(
    model: str,
    messages: list[dict[str, str]],
    schema: dict[str, Any],
    settings_fingerprint: dict[str, Any] | None = None,
) -> str:
    """The sha256 of everything that decides the model's answer; the hex digest names the entry's file."""
    material = {
        "format": CACHE_FORMAT,
        "model": model,
        "messages": messages,
        "schema": schema,
        "settings": settings_fingerprint or {},
    }
    return hashlib.sha256(canonical_json(material).encode("utf-8")).hexdigest()


class CachedLLM:
    """Wraps any ``LLM`` and answers repeated requests from ``directory`` without calling the model.

    ``settings_fingerprint`` holds the generation settings that change answers but are not in the messages
    (temperature, max_tokens, structured-output mode): two runs that differ there must not share entries.
    """

    def __init__(self, inner: LLM, directory: Path, *, settings_fingerprint: dict[str, Any] | None = None) -> None:
        self.inner = inner
        self.directory = Path(directory)
        self.settings_fingerprint = dict(settings_fingerprint or {})

    @property
    def model(self) -> str:
        """The inner model's name, read live because ``OpenAICompatibleLLM`` may only learn it from the server."""
        return self.inner.model

    async def ensure_model(self) -> str:
        """Resolve the inner model's name before keying: an empty name would let two models share entries."""
        ensure = getattr(self.inner, "ensure_model", None)
        if ensure is not None:
            return await ensure()
        return self.inner.model

    def path_for(self, key: str) -> Path:
        """Two-hex-digit fan-out keeps any one directory small even with many thousands of entries."""
        return self.directory / key[:2] / f"{key}.json"

    async def structured(
        self, response_model: type[T], messages: list[dict[str, str]], *, context: dict[str, Any] | None = None
    ) -> tuple[T, Usage]:
        model = await self.ensure_model()
        key = cache_key(model, messages, json_schema(response_model), self.settings_fingerprint)
        path = self.path_for(key)
        hit = self._load(path, response_model, context)
        if hit is not None:
            log.info("cache hit: %s answer from %s", response_model.__name__, path)
            return hit, Usage(cached_calls=1)
        log.info("cache miss: asking the model for %s", response_model.__name__)
        instance, usage = await self.inner.structured(response_model, messages, context=context)
        self._store(path, key, model, response_model, instance, usage, context)
        return instance, usage

    def _load(self, path: Path, response_model: type[T], context: dict[str, Any] | None) -> T | None:
        """The stored answer re-validated with this call's context, or ``None`` for anything short of that."""
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            log.warning("ignoring unreadable cache entry %s: %s", path, exc)
            return None
        if not isinstance(entry, dict) or entry.get("format") != CACHE_FORMAT or "answer" not in entry:
            log.warning("ignoring malformed cache entry %s", path)
            return None
        if entry.get("lenient"):
            context = {**(context or {}), "lenient": True}
        try:
            return response_model.model_validate(entry["answer"], context=context)
        except ValidationError as exc:
            log.info("cached answer in %s no longer validates, asking the model again: %s", path, exc)
            return None

    def _store(
        self,
        path: Path,
        key: str,
        model: str,
        response_model: type[BaseModel],
        instance: BaseModel,
        usage: Usage,
        context: dict[str, Any] | None,
    ) -> None:
        """Write via a temp file and ``os.replace`` so a concurrent reader or a crash never sees half an entry.

        The answer is validated once more before it is stored. An answer the inner LLM only kept leniently (its
        salvage after failed re-asks) is marked so, and a hit replays it the same way instead of re-asking the model
        on every run; an answer that cannot be read back at all is not stored.
        """
        answer = instance.model_dump(mode="json")
        lenient = bool((context or {}).get("lenient"))
        try:
            response_model.model_validate(answer, context=context)
        except ValidationError:
            try:
                response_model.model_validate(answer, context={**(context or {}), "lenient": True})
            except ValidationError as exc:
                log.warning("not caching a %s answer that does not validate: %s", response_model.__name__, exc)
                return
            lenient = True
        entry = {
            "format": CACHE_FORMAT,
            "key": key,
            "model": model,
            "response_model": response_model.__name__,
            "lenient": lenient,
            "answer": answer,
            "usage": usage.model_dump(mode="json"),
        }
        try:
            write_atomically(path, canonical_json(entry))
        except OSError as exc:
            log.warning("could not write cache entry %s: %s", path, exc)


def _entries(directory: Path) -> list[Path]:
    return [p for p in Path(directory).glob("??/*.json") if p.is_file()]


def _stat(path: Path) -> os.stat_result | None:
    """An entry's stat, or None when another process (a concurrent run, a pruner on a shared cache) just removed
    it: that is the normal life of a shared cache, not a failure worth a warning."""
    try:
        return path.stat()
    except FileNotFoundError:
        return None


def cache_info(directory: Path) -> tuple[int, int]:
    """How many answers the cache holds and how many bytes they take, for ``summarizer cache info``."""
    stats = [stat for p in _entries(directory) if (stat := _stat(p)) is not None]
    return len(stats), sum(stat.st_size for stat in stats)


def clear_cache(directory: Path) -> int:
    """Remove every cached answer (and nothing else in the folder); the number removed."""
    entries = _entries(directory)
    for path in entries:
        path.unlink(missing_ok=True)
    return len(entries)


def prune_cache(directory: Path, max_bytes: int) -> int:
    """Keep the cache under ``max_bytes`` by removing the least recently written answers first; the number
    removed. Oldest first because an answer not rewritten for long belongs to inputs nobody re-runs. Like every
    cache failure, one here is logged and never fails the run (another process may be pruning too)."""
    try:
        sizes = {p: stat for p in _entries(directory) if (stat := _stat(p)) is not None}
        total = sum(s.st_size for s in sizes.values())
        removed = 0
        for path in sorted(sizes, key=lambda p: sizes[p].st_mtime):
            if total <= max_bytes:
                break
            total -= sizes[path].st_size
            path.unlink(missing_ok=True)
            removed += 1
    except OSError as exc:
        log.warning("could not prune the cache in %s: %s", directory, exc)
        return 0
    return removed


__all__ = ["CACHE_FORMAT", "CachedLLM", "cache_info", "cache_key", "canonical_json", "clear_cache", "prune_cache"]
