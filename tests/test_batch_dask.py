"""``summarize_many`` on Dask distributed: a real ``LocalCluster`` of worker processes on this machine, briefing
tiny stories against the benchmark's fake OpenAI-compatible server (bench/fake_server.py) on 127.0.0.1.

The fake server's answers are a test double built from each request (see its docstring), not recordings. Only
loopback sockets are allowed: the cluster's scheduler, its workers and the fake server all listen on 127.0.0.1.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from summarizer.batch import summarize_many
from summarizer.cli import main

distributed = pytest.importorskip(
    "distributed", reason="Dask distributed is not installed: pip install '.[dask]' (the dev extra includes it)")

TEMPLATE = """{title}

PORTVILLE, March {day}, 2025 - Dock workers at the port of {town} walked out on Monday in a dispute over pay, the \
union said. About {count} workers joined the strike, according to union leader Maria Santos.

The port authority said talks with the union would resume next week. Shipping lines have diverted {ships} vessels \
to other harbours while the strike lasts.
"""


def write_story(folder: Path, town: str, articles: int = 2) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(articles):
        (folder / f"a{n}.txt").write_text(TEMPLATE.format(
            title=f"Dock workers strike in {town} over pay", day=3 + n, town=town, count=1200 + 35 * n, ships=4 + n))


@pytest.fixture
def fake_model() -> Iterator[str]:
    """The benchmark's fake model server in a thread, answering at once (latency 0 ms); its base URL."""
    from bench.fake_server import FakeModelServer

    server = FakeModelServer(0, latency_ms=0, ms_per_token=0, model="bench-model")
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()
    server.server_close()


def requests_so_far(base_url: str) -> int:
    import urllib.request

    with urllib.request.urlopen(base_url.removesuffix("/v1") + "/stats", timeout=10) as response:
        return int(json.load(response)["requests"])


@pytest.mark.allow_hosts(["127.0.0.1"])
def test_stories_run_on_a_local_dask_cluster_a_failing_one_is_recorded_and_a_rerun_resumes(
        tmp_path: Path, fake_model: str, capsys) -> None:
    stories = tmp_path / "stories"
    for town in ("Portville", "Harbourton", "Quayside"):
        write_story(stories / town.lower(), town)
    (stories / "broken").mkdir()
    (stories / "broken" / "empty.txt").write_text("")
    out, cache = tmp_path / "out", tmp_path / "shared-cache"
    settings = {"base_url": fake_model, "cache_dir": str(cache)}

    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        seen: list[tuple[str, int, int]] = []
        results = summarize_many(stories, out, scheduler=cluster.scheduler_address,
                                 progress=lambda r, done, total: seen.append((r.story, done, total)), **settings)

    by_story = {r.story: r for r in results}
    assert [r.story for r in results] == ["broken", "harbourton", "portville", "quayside"]  # index order
    assert sorted(s for s, _, _ in seen) == sorted(by_story) and [d for _, d, _ in seen] == [1, 2, 3, 4]
    assert by_story["broken"].error and by_story["broken"].error.startswith("no usable article")
    for town in ("harbourton", "portville", "quayside"):
        assert by_story[town].ok and by_story[town].articles == 2
        assert (out / f"{town}.md").read_text().startswith("# ") and (out / f"{town}.json").is_file()
    index = json.loads((out / "index.json").read_text())
    assert index["failed"] == 1 and [row["story"] for row in index["stories"]] == list(by_story)
    assert list(cache.glob("??/*.json")), "the workers wrote their answers into the shared cache folder"

    # One article of one story edited: a rerun on a fresh local cluster (the CLI's --workers) re-briefs that
    # story only, and the shared cache answers its unchanged article, so the model sees 2 new requests: the
    # edited article's extraction and the story's reconciliation.
    (stories / "portville" / "a1.txt").write_text(TEMPLATE.format(
        title="Dock workers strike in Portville over pay", day=5, town="Portville", count=1500, ships=7))
    before = requests_so_far(fake_model)
    assert main(["batch", str(stories), "-o", str(out), "--workers", "1", "--base-url", fake_model,
                 "--cache-dir", str(cache)]) == 5  # the broken story still fails
    err = capsys.readouterr().err
    assert "harbourton: skipped (unchanged)" in err and "quayside: skipped (unchanged)" in err
    assert "portville: done (2 articles" in err and "broken: failed: no usable article" in err
    assert requests_so_far(fake_model) - before == 2
    assert "1,500" in (out / "portville.md").read_text() or "1500" in (out / "portville.md").read_text()
