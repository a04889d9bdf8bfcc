"""Scale benchmark for ``summarizer batch`` on Dask: stories per minute against workers, peak memory per worker,
tokens per story, and what 10,000 stories a day would cost on a hosted model, live and through a batch API.

``.venv/bin/python bench/scale.py --stories 200 --articles 5 --latency-ms 200 --workers 1 2 4`` generates the
stories deterministically into a temporary folder (short wire-style articles on a handful of topics, each with
its own place, people, figures and a quotation), starts ``bench/fake_server.py`` with a fixed latency, and for
each worker count starts a ``distributed.LocalCluster`` of that many single-threaded worker processes and runs
``summarize_many(..., scheduler=cluster.scheduler_address, cache=False)`` on it: the real pipeline on every
worker, only the model faked. Cluster start and the workers' first import are timed apart from the run (a
long-lived cluster pays them once). Prints one Markdown table; ``--json FILE`` also writes the numbers.

It is a benchmark, not a test: it opens local TCP sockets and its numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import clean_env, fake_server  # noqa: E402  (bench/run.py: the fake server as a bounded subprocess)

PRICED_MODEL = "gpt-4o-mini"
STORIES_PER_DAY = 10_000
BATCH_DISCOUNT = 0.5  # OpenAI's Batch API: half the price of the same requests sent live

_TOPICS = [
    {"event": "dock workers' strike", "who": "dock workers", "verb": "walked out", "thing": "the port",
     "unit": "workers", "cause": "a dispute over pay", "org": "the Harbour Workers' Union"},
    {"event": "river flood", "who": "residents", "verb": "were evacuated", "thing": "the river",
     "unit": "homes", "cause": "three days of heavy rain", "org": "the regional civil protection agency"},
    {"event": "plant closure", "who": "employees", "verb": "were told their jobs would go", "thing": "the plant",
     "unit": "jobs", "cause": "falling orders", "org": "the works council"},
    {"event": "rail outage", "who": "commuters", "verb": "were stranded", "thing": "the main line",
     "unit": "trains", "cause": "a signalling fault", "org": "the national rail operator"},
]
_PLACES = ["Marlow", "Kestrel Bay", "Ostrava Nova", "Linden", "Port Aster", "Valmont", "Brightwater", "Castelrock",
           "Eldham", "Norrvik", "San Telmo", "Vierhaven", "Ashcombe", "Rivas", "Tallin Cross", "Oakmere"]
_FIRST = ["Maria", "Jonas", "Amelie", "Tomasz", "Leila", "Pieter", "Sofia", "Daniel", "Ines", "Henrik", "Clara", "Omar"]
_LAST = ["Santos", "Keller", "Dubois", "Novak", "Haddad", "de Vries", "Rossi", "Lindqvist", "Moreau", "Brandt"]
_OUTLETS = ["Wire Service", "The Daily Ledger", "Evening Courier", "Metro Post", "Coastal Herald"]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October"]


def article(story: int, n: int) -> str:
    """One short article: the same event as the story's other articles, told by another outlet in other words,
    with its own figures (outlets disagree a little, as they do) and a quotation from a named person."""
    rng = random.Random(story * 1000 + n)
    base = random.Random(story)
    topic = _TOPICS[story % len(_TOPICS)]
    place = base.choice(_PLACES)
    speaker = f"{base.choice(_FIRST)} {base.choice(_LAST)}"
    month, day = base.choice(_MONTHS), base.randint(2, 26)
    count = base.randint(300, 4000) + rng.choice([0, 0, 50, -40, 120])
    outlet = _OUTLETS[n % len(_OUTLETS)]
    quote = rng.choice([
        f"\"We will not accept this,\" {speaker} said.",
        f"\"This is the worst week we have seen in years,\" said {speaker}, a spokesperson for {topic['org']}.",
        f"\"Nobody warned us,\" {speaker} told reporters outside {topic['thing']}.",
    ])
    sentences = [
        f"About {count:,} {topic['unit']} were affected after {topic['who']} in {place} {topic['verb']} "
        f"on {month} {day}, following {topic['cause']}.",
        f"{topic['org'][0].upper()}{topic['org'][1:]} said the {topic['event']} could last until Friday.",
        quote,
        f"Officials in {place} said {rng.randint(2, 12)} meetings had been held since the weekend.",
        f"The {topic['event']} is the second in {place} this year, {outlet} reported.",
    ]
    middle = sentences[1:4]
    rng.shuffle(middle)
    sentences[1:4] = middle
    title = f"{topic['event'].capitalize()} in {place}: {count:,} {topic['unit']} affected"
    dateline = f"{place.upper()}, {month} {day + 1}, 2025 ({outlet}) -"
    return f"{title}\n\n{dateline} " + "\n\n".join(sentences) + "\n"


def make_stories(folder: Path, stories: int, articles: int) -> Path:
    """``folder/story-NNN/aN.txt``, the same bytes on every run."""
    for s in range(stories):
        story = folder / f"story-{s:03d}"
        story.mkdir(parents=True, exist_ok=True)
        for n in range(articles):
            (story / f"a{n}.txt").write_text(article(s, n), encoding="utf-8")
    return folder


def _peak_rss_mib() -> float:
    """This process's peak resident memory; run on each worker through ``client.run``."""
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 if sys.platform != "darwin" else peak / 1024 / 1024


def _warm() -> bool:
    """Import the pipeline on a worker before the clock starts, as a long-lived cluster already has."""
    import summarizer.batch.work  # noqa: F401

    return True


def measure(stories: Path, out: Path, workers: int, base_url: str, concurrency: int) -> dict[str, Any]:
    from distributed import Client, LocalCluster

    from summarizer.batch import summarize_many

    started = time.perf_counter()
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None, silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        client.run(_warm)
        ready = time.perf_counter()
        results = summarize_many(stories, out, scheduler=cluster.scheduler_address, base_url=base_url,
                                 cache=False, concurrency=concurrency, formats=["json"])
        wall = time.perf_counter() - ready
        peaks = sorted(client.run(_peak_rss_mib).values())
    briefed = [r for r in results if r.error is None]
    return {
        "workers": workers, "stories": len(results), "failed": len(results) - len(briefed),
        "startup_s": round(ready - started, 1), "wall_s": round(wall, 1),
        "stories_per_min": round(len(briefed) / wall * 60, 1),
        "peak_rss_mib": [round(p) for p in peaks],
        "prompt_tokens": sum(r.prompt_tokens for r in briefed),
        "completion_tokens": sum(r.completion_tokens for r in briefed),
        "calls": sum(r.calls for r in briefed),
    }


def cost_rows(prompt_per_story: float, completion_per_story: float) -> tuple[float | None, float | None, str]:
    """Dollars a day for ``STORIES_PER_DAY`` stories on the hosted model, live and at the batch discount."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from summarizer.llm.client import cost_usd

    live = cost_usd(PRICED_MODEL, round(prompt_per_story * STORIES_PER_DAY),
                    round(completion_per_story * STORIES_PER_DAY))
    source = f"{PRICED_MODEL} prices from genai-prices"
    if live is None:
        return None, None, f"{PRICED_MODEL} is not in genai-prices' table"
    return live, live * BATCH_DISCOUNT, source


def table(runs: list[dict[str, Any]], latency_ms: float, articles: int) -> str:
    rows = ["| workers | stories | failed | wall (s) | stories/min | speed-up | peak RSS per worker (MiB) | "
            "model calls | tokens per story (prompt + completion) | cluster start (s) |",
            "|---|---|---|---|---|---|---|---|---|---|"]
    base = runs[0]["stories_per_min"] or 1
    for r in runs:
        ok = r["stories"] - r["failed"] or 1
        rows.append(f"| {r['workers']} | {r['stories']} × {articles} articles | {r['failed']} | {r['wall_s']} | "
                    f"{r['stories_per_min']} | {r['stories_per_min'] / base:.2f}x | "
                    f"{', '.join(str(p) for p in r['peak_rss_mib'])} | {r['calls']} | "
                    f"{r['prompt_tokens'] / ok:,.0f} + {r['completion_tokens'] / ok:,.0f} | {r['startup_s']} |")
    last = runs[-1]
    ok = last["stories"] - last["failed"] or 1
    prompt, completion = last["prompt_tokens"] / ok, last["completion_tokens"] / ok
    live, batch, source = cost_rows(prompt, completion)
    rows += ["", f"Model latency {latency_ms:g} ms per call. Cost of {STORIES_PER_DAY:,} stories a day at "
             f"{prompt:,.0f} prompt + {completion:,.0f} completion tokens per story ({source}):", "",
             "| mode | per day | per 30 days | per story |", "|---|---|---|---|"]
    if live is not None and batch is not None:
        for mode, cost in (("live (chat completions)", live), (f"batch API ({BATCH_DISCOUNT:.0%} of live)", batch)):
            rows.append(f"| {mode} | ${cost:,.2f} | ${cost * 30:,.2f} | ${cost / STORIES_PER_DAY:.5f} |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=200)
    parser.add_argument("--articles", type=int, default=5, help="articles per story")
    parser.add_argument("--latency-ms", type=float, default=200.0, help="fake model latency per call")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--concurrency", type=int, default=5, help="articles of one story in flight at once")
    parser.add_argument("--json", type=Path, help="also write the measurements here")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="summarizer-scale-") as temp:
        work = Path(temp)
        os.environ.clear()
        os.environ.update(clean_env(work / "cache"))  # the workers inherit it: no developer key, no user cache
        stories = make_stories(work / "stories", args.stories, args.articles)
        runs = []
        with fake_server(args.latency_ms, max_seconds=3600) as server:
            for workers in args.workers:
                runs.append(measure(stories, work / f"out-{workers}", workers, server.base_url, args.concurrency))
                print(f"workers={workers}: {runs[-1]}", file=sys.stderr, flush=True)
    print(table(runs, args.latency_ms, args.articles))
    print(f"\n{os.cpu_count()} CPUs, Python {sys.version.split()[0]}, whole benchmark "
          f"{time.perf_counter() - started:.0f} s")
    if args.json:
        args.json.write_text(json.dumps(runs, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
