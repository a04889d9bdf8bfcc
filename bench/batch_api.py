"""What ``--batch-api`` costs in rounds, CPU and money, against the fake Files/Batches server of the tests.

``PYTHONPATH=. .venv/bin/python bench/batch_api.py --stories 10`` briefs N copies of the seed story twice, live
(scripted answers served at once through the openai client) and through the Batch API (the same scripted answers,
batches that finish on the third poll, no sleeping), and prints one Markdown table: wall time, batches, requests,
tokens and cost for each. The answers are the tests' scripted test doubles, so the token counts are the fake's
(1,000 prompt + 100 completion per call); the ratio of the costs and the CPU overhead of the rounds are the point.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

import httpx2

from summarizer import OpenAICompatibleLLM, Settings
from summarizer.batch import summarize_many
from summarizer.llm.batch_api import BatchPolicy
from summarizer.schema import Brief, Usage
from tests.fake_batches import FakeBatchServer, live_transport
from tests.test_batch_api import SEEDS, SETTINGS, no_sleep, script


def _stories(folder: Path, count: int) -> Path:
    """N copies of the seeds, each article ending in its story's number: identical requests are asked only once
    (they share a ``custom_id``), so copies that were not made different would measure nothing."""
    for n in range(count):
        shutil.copytree(SEEDS, folder / f"story{n:04d}")
        for article in (folder / f"story{n:04d}").iterdir():
            article.write_text(article.read_text(encoding="utf-8") + f"\n\nStory {n}.\n", encoding="utf-8")
    return folder


def _usage(out: Path) -> Usage:
    return sum((Brief.model_validate_json(p.read_text()).run.usage for p in sorted(out.glob("[!.]*.json"))), Usage())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=10)
    count = parser.parse_args().stories
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        stories = _stories(root / "stories", count)
        llm = OpenAICompatibleLLM(Settings(**SETTINGS), http_client=httpx2.AsyncClient(transport=live_transport(script)))
        started, cpu = time.perf_counter(), time.process_time()
        summarize_many(stories, root / "live", llm=llm, **SETTINGS)
        live_s, live_cpu = time.perf_counter() - started, time.process_time() - cpu
        server = FakeBatchServer(script)
        started, cpu = time.perf_counter(), time.process_time()
        summarize_many(stories, root / "batch", batch_api=BatchPolicy(http_client=server.client(), sleep=no_sleep),
                       **SETTINGS)
        batch_s, batch_cpu = time.perf_counter() - started, time.process_time() - cpu
        live, batch = _usage(root / "live"), _usage(root / "batch")
        lines = sum(len(server.lines_of(b)) for b in server.batches)
        print(f"{count} stories × 5 seed articles\n")
        print("| path | wall s | CPU s | batches | requests | prompt + completion tokens | cost |")
        print("|---|---|---|---|---|---|---|")
        print(f"| live | {live_s:.1f} | {live_cpu:.1f} | – | {live.calls} | {live.prompt_tokens:,} + {live.completion_tokens:,} "
              f"| ${live.cost_usd or 0:.4f} |")
        print(f"| Batch API | {batch_s:.1f} | {batch_cpu:.1f} | {len(server.batches)} | {lines} | {batch.prompt_tokens:,} + "
              f"{batch.completion_tokens:,} | ${batch.cost_usd or 0:.4f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
