"""Recording goes through the tool's own client over real HTTP, and what it records replays offline.

The model server is the benchmark's fake OpenAI-compatible server (``bench/fake_server.py``, hand-written answers
built from each request, not a model) on 127.0.0.1, so the SDK's own default HTTP client and its sockets are used.
"""

from __future__ import annotations

import json
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.fake_server import FakeModelServer
from summarizer import summarize
from summarizer.llm.recordings import read_provenance
from summarizer.schema import Article


@pytest.fixture
def fake_server() -> Iterator[FakeModelServer]:
    server = FakeModelServer(0, latency_ms=0, ms_per_token=0, model="fake-bench-model")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def _url(server: FakeModelServer) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}/v1"


@pytest.mark.enable_socket
def test_a_recorded_run_replays_to_the_same_briefing_once_the_server_is_gone(
        fake_server: FakeModelServer, seeds_dir: Path, tmp_path: Path) -> None:
    cassette = tmp_path / "seeds.yaml"
    live = summarize([seeds_dir], base_url=_url(fake_server), record=cassette, concurrency=2)
    sent = fake_server.stats.snapshot()["requests"]
    fake_server.shutdown()
    replayed = summarize([seeds_dir], replay=cassette)
    assert replayed.model_dump(exclude={"run"}) == live.model_dump(exclude={"run"})
    assert read_provenance(cassette)["interactions"] == sent  # every completion the server answered


@pytest.mark.enable_socket
def test_record_missing_sends_only_what_the_cassette_lacks_and_keeps_the_rest(
        fake_server: FakeModelServer, seeds_dir: Path, tmp_path: Path) -> None:
    cassette = tmp_path / "seeds.yaml"
    articles = sorted(seeds_dir.glob("*.txt"))
    summarize(articles[:2], base_url=_url(fake_server), model="fake-bench-model", record=cassette)
    first = fake_server.stats.snapshot()["by_model"]
    fake_server.stats.reset()
    summarize(articles[:3], base_url=_url(fake_server), model="fake-bench-model", record=cassette,
              record_missing=True)
    again = fake_server.stats.snapshot()["by_model"]
    assert again["ArticleExtraction"] == 1 and first["ArticleExtraction"] == 2  # the two recorded ones replayed
    provenance = json.loads(cassette.with_suffix(".provenance.json").read_text())
    assert provenance["interactions"] == sum(first.values()) + sum(again.values())
    assert provenance["additions"][0]["interactions_added"] == sum(again.values())


@pytest.mark.enable_socket
def test_a_recording_holds_only_the_tool_s_own_exchanges_not_another_thread_s(
        fake_server: FakeModelServer, seeds_dir: Path, tmp_path: Path) -> None:
    cassette = tmp_path / "one.yaml"
    other: list[int] = []

    def fetch_stats() -> None:
        with urllib.request.urlopen(f"http://127.0.0.1:{fake_server.server_address[1]}/stats", timeout=10) as reply:
            other.append(reply.status)

    def during_recording(article: Article, status: str) -> None:
        if status == "extracting" and not other:
            thread = threading.Thread(target=fetch_stats)
            thread.start()
            thread.join(timeout=20)

    summarize(sorted(seeds_dir.glob("*.txt"))[:1], base_url=_url(fake_server), model="fake-bench-model",
              record=cassette, progress=during_recording)
    assert other == [200]
    assert "/stats" not in cassette.read_text() and "/v1/chat/completions" in cassette.read_text()
