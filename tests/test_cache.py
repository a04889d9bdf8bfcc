"""The answer cache: a repeated request costs no model call, anything that could change the answer misses."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ValidationInfo, model_validator

from summarizer.article.extract import ArticleExtraction
from summarizer.errors import ModelError
from summarizer.llm.cache import CachedLLM, cache_key
from summarizer.schema import Usage
from tests.fakes import FakeLLM

MESSAGES = [{"role": "system", "content": "Extract."}, {"role": "user", "content": "Title: Talks resume"}]
EXTRACTION = {"headline": "Talks resume", "summary": "Talks resumed on Monday.",
              "claims": [{"claim": "Talks resumed", "evidence": "Talks resumed"},
                         {"claim": "It was Monday", "evidence": "on Monday"}]}


class Tagged(BaseModel):
    """A response model whose validator depends on the context, to see that a hit is validated again."""

    label: str
    seen: list[str] = []

    @model_validator(mode="after")
    def _record_context(self, info: ValidationInfo) -> Tagged:
        context = info.context or {}
        if context.get("forbid") and context["forbid"] in self.label:
            raise ValueError(f"label may not contain {context['forbid']!r}")
        self.seen = [*self.seen, context.get("tag", "")]
        return self


class NamedLLM(FakeLLM):
    """A fake whose model name is only known after ``ensure_model``, like a local server's."""

    def __init__(self, answers: dict[str, Any], resolved: str) -> None:
        super().__init__(answers, model="")
        self.resolved = resolved

    async def ensure_model(self) -> str:
        self.model = self.resolved
        return self.model


def ask(llm: CachedLLM, model: type[BaseModel] = ArticleExtraction, messages: list[dict[str, str]] = MESSAGES,
        context: dict[str, Any] | None = None) -> tuple[Any, Usage]:
    return asyncio.run(llm.structured(model, messages, context=context))


def entries(directory: Path) -> list[Path]:
    return sorted(directory.glob("*/*.json"))


def test_a_repeated_request_is_answered_from_disk(tmp_path: Path) -> None:
    inner = FakeLLM({"ArticleExtraction": EXTRACTION})
    cached = CachedLLM(inner, tmp_path)
    first, first_usage = ask(cached)
    second, second_usage = ask(cached)
    assert len(inner.calls) == 1
    assert first_usage.calls == 1 and first_usage.cached_calls == 0
    assert second_usage == Usage(cached_calls=1)
    assert second == first and isinstance(second, ArticleExtraction)
    assert cached.model == "fake-model"


def test_the_entry_lives_under_its_key_prefix(tmp_path: Path) -> None:
    ask(CachedLLM(FakeLLM({"ArticleExtraction": EXTRACTION}), tmp_path))
    [entry] = entries(tmp_path)
    assert entry.parent.name == entry.stem[:2] and len(entry.stem) == 64
    stored = json.loads(entry.read_text())
    assert stored["answer"]["headline"] == "Talks resume"
    assert stored["usage"]["prompt_tokens"] == 100
    assert not list(tmp_path.glob("*/*.tmp"))


def test_a_different_message_misses(tmp_path: Path) -> None:
    inner = FakeLLM({"ArticleExtraction": EXTRACTION})
    cached = CachedLLM(inner, tmp_path)
    ask(cached)
    _, usage = ask(cached, messages=[MESSAGES[0], {"role": "user", "content": "Title: Talks resume again"}])
    assert len(inner.calls) == 2 and usage.calls == 1 and usage.cached_calls == 0
    assert len(entries(tmp_path)) == 2


def test_a_different_schema_misses(tmp_path: Path) -> None:
    class Other(BaseModel):
        headline: str
        summary: str

    inner = FakeLLM({"ArticleExtraction": EXTRACTION, "Other": EXTRACTION})
    cached = CachedLLM(inner, tmp_path)
    ask(cached)
    answer, usage = ask(cached, model=Other)
    assert isinstance(answer, Other) and usage.calls == 1
    assert [name for name, _ in inner.calls] == ["ArticleExtraction", "Other"]


def test_a_different_model_misses(tmp_path: Path) -> None:
    ask(CachedLLM(FakeLLM({"ArticleExtraction": EXTRACTION}, model="model-a"), tmp_path))
    other = FakeLLM({"ArticleExtraction": EXTRACTION}, model="model-b")
    _, usage = ask(CachedLLM(other, tmp_path))
    assert len(other.calls) == 1 and usage.cached_calls == 0


def test_different_generation_settings_miss(tmp_path: Path) -> None:
    inner = FakeLLM({"ArticleExtraction": EXTRACTION})
    ask(CachedLLM(inner, tmp_path, settings_fingerprint={"temperature": 0.0, "max_tokens": 1200, "mode": "json"}))
    ask(CachedLLM(inner, tmp_path, settings_fingerprint={"temperature": 0.7, "max_tokens": 1200, "mode": "json"}))
    ask(CachedLLM(inner, tmp_path, settings_fingerprint={"max_tokens": 1200, "mode": "json", "temperature": 0.7}))
    assert len(inner.calls) == 2


def test_the_key_uses_the_resolved_model_name(tmp_path: Path) -> None:
    ask(CachedLLM(NamedLLM({"ArticleExtraction": EXTRACTION}, resolved="local-a"), tmp_path))
    second = NamedLLM({"ArticleExtraction": EXTRACTION}, resolved="local-b")
    cached = CachedLLM(second, tmp_path)
    _, usage = ask(cached)
    assert usage.calls == 1 and cached.model == "local-b"
    assert sorted(json.loads(e.read_text())["model"] for e in entries(tmp_path)) == ["local-a", "local-b"]


def test_the_context_is_not_part_of_the_key(tmp_path: Path) -> None:
    inner = FakeLLM({"Tagged": {"label": "x"}})
    cached = CachedLLM(inner, tmp_path)
    ask(cached, model=Tagged, context={"tag": "first"})
    _, usage = ask(cached, model=Tagged, context={"tag": "second"})
    assert len(inner.calls) == 1 and usage.cached_calls == 1


def test_a_hit_runs_the_validators_again_with_the_callers_context(tmp_path: Path) -> None:
    cached = CachedLLM(FakeLLM({"Tagged": {"label": "Kursk"}}), tmp_path)
    ask(cached, model=Tagged, context={"tag": "live"})
    stored = json.loads(entries(tmp_path)[0].read_text())["answer"]
    hit, usage = ask(cached, model=Tagged, context={"tag": "replayed"})
    assert usage.cached_calls == 1
    assert hit.seen == [*stored["seen"], "replayed"]


def test_a_hit_that_no_longer_validates_asks_the_model_again(tmp_path: Path) -> None:
    inner = FakeLLM({"Tagged": {"label": "Kursk"}})
    cached = CachedLLM(inner, tmp_path)
    ask(cached, model=Tagged)
    with pytest.raises(ValueError, match="may not contain"):
        ask(cached, model=Tagged, context={"forbid": "Kursk"})
    assert len(inner.calls) == 2


@pytest.mark.parametrize("garbage", [b"", b"{not json", b"\xff\xfe\x00", b"[]", b'{"format": 1}',
                                     b'{"format": 1, "answer": {"headline": 3}}'])
def test_a_corrupt_entry_is_a_miss_and_is_overwritten(tmp_path: Path, garbage: bytes) -> None:
    inner = FakeLLM({"ArticleExtraction": EXTRACTION})
    cached = CachedLLM(inner, tmp_path)
    ask(cached)
    [entry] = entries(tmp_path)
    entry.write_bytes(garbage)
    _, usage = ask(cached)
    assert usage.calls == 1 and len(inner.calls) == 2
    _, usage = ask(cached)
    assert usage.cached_calls == 1 and len(inner.calls) == 2


def test_failures_are_never_cached(tmp_path: Path) -> None:
    inner = FakeLLM({"ArticleExtraction": ModelError("the model server answered HTTP 500")})
    cached = CachedLLM(inner, tmp_path)
    for _ in range(2):
        with pytest.raises(ModelError, match="HTTP 500"):
            ask(cached)
    assert len(inner.calls) == 2 and entries(tmp_path) == []


def test_an_unwritable_directory_costs_the_cache_not_the_answer(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    inner = FakeLLM({"ArticleExtraction": EXTRACTION})
    answer, usage = ask(CachedLLM(inner, blocker))
    assert answer.headline == "Talks resume" and usage.calls == 1


def test_a_leniently_kept_answer_is_replayed_leniently(tmp_path: Path) -> None:
    """An inner LLM's salvage (kept with ``lenient``) must not turn into a model call on every later run."""
    invented = {**EXTRACTION, "quotes": [{"text": "We never said this", "speaker": "X"}]}

    class SalvagingLLM(FakeLLM):
        async def structured(self, response_model: Any, messages: Any, *, context: Any = None) -> Any:
            return await super().structured(response_model, messages, context={**(context or {}), "lenient": True})

    inner = SalvagingLLM({"ArticleExtraction": invented})
    cached = CachedLLM(inner, tmp_path)
    context = {"article_text": "Talks resumed on Monday."}
    ask(cached, context=context)
    hit, usage = ask(cached, context=context)
    assert usage.cached_calls == 1 and len(inner.calls) == 1
    assert [q.text for q in hit.quotes] == ["We never said this"]


def test_the_key_is_canonical() -> None:
    schema = ArticleExtraction.model_json_schema()
    reordered = [{"content": m["content"], "role": m["role"]} for m in MESSAGES]
    assert cache_key("m", MESSAGES, schema, {"a": 1, "b": 2}) == cache_key("m", reordered, schema, {"b": 2, "a": 1})
    assert cache_key("m", MESSAGES, schema) != cache_key("m", MESSAGES[:1], schema)


def test_the_cache_key_does_not_depend_on_the_servers_address() -> None:
    from summarizer.pipeline import cache_fingerprint
    from summarizer.settings import Settings

    first = Settings(base_url="http://127.0.0.1:41001/v1", model="local")
    second = Settings(base_url="http://127.0.0.1:52002/v1", model="local")
    assert cache_fingerprint(first) == cache_fingerprint(second)


def test_cache_root_follows_the_platform_convention(monkeypatch, tmp_path):
    from summarizer.settings import cache_root

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_root() == tmp_path / "summarizer"


def _fill(folder, sizes):
    import os

    for i, size in enumerate(sizes):
        entry = folder / f"{i:02x}" / f"{i:02x}{'0' * 62}.json"
        entry.parent.mkdir(parents=True, exist_ok=True)
        entry.write_text("x" * size)
        os.utime(entry, (1_000_000 + i, 1_000_000 + i))


def test_cache_info_counts_answers_and_bytes(tmp_path):
    from summarizer.llm.cache import cache_info

    _fill(tmp_path, [100, 200])
    assert cache_info(tmp_path) == (2, 300)


def test_pruning_removes_the_oldest_answers_until_under_the_cap(tmp_path):
    from summarizer.llm.cache import cache_info, prune_cache

    _fill(tmp_path, [100, 100, 100])
    assert prune_cache(tmp_path, 250) == 1
    assert cache_info(tmp_path) == (2, 200)
    assert not list((tmp_path / "00").glob("*.json"))


def test_cache_clear_command_empties_the_cache(tmp_path, capsys):
    from summarizer.cli import main
    from summarizer.llm.cache import cache_info

    _fill(tmp_path, [10, 10])
    assert main(["cache", "clear", "--cache-dir", str(tmp_path)]) == 0
    assert cache_info(tmp_path) == (0, 0)
    assert "removed 2 cached answers" in capsys.readouterr().out


def test_cache_info_command_names_the_folder_and_size(tmp_path, capsys):
    from summarizer.cli import main

    _fill(tmp_path, [1000])
    assert main(["cache", "info", "--cache-dir", str(tmp_path)]) == 0
    assert f"{tmp_path}: 1 answers" in capsys.readouterr().out


def _rewrite_entry(path: str, entry_json: str, times: int) -> None:
    """A second run sharing the cache folder (another Dask worker) storing the same answer over and over."""
    from summarizer.files import write_atomically

    for _ in range(times):
        write_atomically(Path(path), entry_json)


def test_concurrent_writers_of_one_entry_never_show_a_reader_half_of_it(tmp_path: Path) -> None:
    """Workers that share a cache folder may store the same key at once; each write replaces the file whole."""
    import multiprocessing

    warm = CachedLLM(FakeLLM({"ArticleExtraction": EXTRACTION}), tmp_path)
    ask(warm)
    (path,) = entries(tmp_path)
    entry = json.loads(path.read_text())
    versions = []
    for tag in ("first", "second"):
        entry["answer"]["summary"] = f"Talks resumed on Monday ({tag} writer)."
        versions.append(json.dumps({**entry, "padding": "x" * 200_000}))  # large, so a torn write would show
    writers = [multiprocessing.get_context("fork").Process(target=_rewrite_entry, args=(str(path), v, 300))
               for v in versions]
    for writer in writers:
        writer.start()
    never_called = FakeLLM({})
    reader = CachedLLM(never_called, tmp_path)
    summaries = set()
    while any(w.is_alive() for w in writers):
        hit, usage = ask(reader)
        assert usage.cached_calls == 1
        summaries.add(hit.summary.split("(")[1].split(")")[0] if "writer" in hit.summary else "original")
    for writer in writers:
        writer.join()
        assert writer.exitcode == 0
    assert never_called.calls == [] and summaries <= {"original", "first writer", "second writer"}
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temp file left behind


def test_pruning_skips_an_answer_another_process_removed_meanwhile(tmp_path, monkeypatch, caplog):
    """On a shared cache two runs prune at once; an entry gone between listing and stat is not a failure."""
    from summarizer.llm import cache

    _fill(tmp_path, [100, 100, 100])
    listed = cache._entries(tmp_path)
    monkeypatch.setattr(cache, "_entries", lambda directory: [tmp_path / "ff" / "gone.json", *listed])
    assert cache.prune_cache(tmp_path, 150) == 2
    assert cache.cache_info(tmp_path) == (1, 100)
    assert "could not prune" not in caplog.text
