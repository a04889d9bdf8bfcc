"""Speed, cost and scale of the real pipeline against a fake model server whose latency is known exactly.

One command, ``.venv/bin/python bench/run.py``, prints one Markdown table. Every row runs the real ``summarize()``
(openai SDK, instructor, httpx, the concurrency gate, code-side verification, reconciliation) against
``bench/fake_server.py`` on a free 127.0.0.1 port, so the only thing faked is the model's thinking. Because the
server's latency is a setting, the ideal wall time is known and the table can say how far the pipeline is from it.
See ``bench/README.md`` for what each row means.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
RECORDING = ROOT / "fixtures" / "recordings" / "seeds.yaml"
PY = sys.executable
MODEL = "bench-model"

_MONTHS_AND_DAYS = {
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
    "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Monday",
    "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "The", "A", "An", "In", "On", "At", "But",
}
_SYLLABLES = ["ka", "lo", "mi", "ra", "ten", "vos", "dar", "el", "quin", "sor", "bel", "tam", "nor", "vi", "gar"]
_PROPER = re.compile(r"(?<=[a-z,;:] )[A-Z][a-z]{2,}\b")
_NUMBER = re.compile(r"\b\d{1,3}(?:,\d{3})+\b|\b\d+\b")


# ---------------------------------------------------------------------------------------------------------------
# The fake server, in its own process so its threads never compete with the pipeline for the GIL


@dataclass
class Server:
    port: int
    latency_ms: float

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def stats(self) -> dict[str, Any]:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/stats", timeout=10) as response:
            return json.load(response)

    def reset(self) -> None:
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}/stats/reset", data=b"{}", method="POST")
        urllib.request.urlopen(request, timeout=10).close()


@contextlib.contextmanager
def fake_server(latency_ms: float, *, max_seconds: float = 600) -> Iterator[Server]:
    """The server as a subprocess with a bounded lifetime; it prints its port on its first line."""
    process = subprocess.Popen(
        [PY, str(ROOT / "bench" / "fake_server.py"), "--port", "0", "--latency-ms", str(latency_ms),
         "--max-seconds", str(max_seconds), "--model", MODEL],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line.startswith("listening on "):
            raise RuntimeError(f"fake server did not start: {line!r}")
        yield Server(int(line.split()[-1]), latency_ms)
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# ---------------------------------------------------------------------------------------------------------------
# Synthetic articles: the seeds, with names and numbers changed per copy so no copy is a near-duplicate


def _fake_name(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def vary(text: str, copy: int) -> str:
    """A different article on the same template: every mid-sentence proper noun renamed, counts rescaled.

    Years and day-of-month numbers are kept so the date code still has real dates to resolve.
    """
    if copy == 0:
        return text
    rng = random.Random(copy)
    names = {w: _fake_name(rng) for w in dict.fromkeys(_PROPER.findall(text)) if w not in _MONTHS_AND_DAYS}
    if names:
        pattern = re.compile(r"\b(" + "|".join(map(re.escape, sorted(names, key=len, reverse=True))) + r")\b")
        text = pattern.sub(lambda m: names[m.group(1)], text)
    factor = 1 + 0.13 * copy

    def rescale(match: re.Match[str]) -> str:
        raw = match.group(0)
        value = int(raw.replace(",", ""))
        if value <= 31 or 1900 <= value <= 2100:
            return raw
        scaled = int(value * factor)
        return f"{scaled:,}" if "," in raw else str(scaled)

    return _NUMBER.sub(rescale, text)


def make_corpus(directory: Path, count: int) -> list[Path]:
    seeds = sorted(SEEDS.glob("*.txt"))
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        seed = seeds[index % len(seeds)]
        path = directory / f"{index:04d}_{seed.stem}.txt"
        path.write_text(vary(seed.read_text(encoding="utf-8"), index // len(seeds)), encoding="utf-8")
        paths.append(path)
    return paths


# ---------------------------------------------------------------------------------------------------------------
# Measurements


def seconds(command: list[str], *, env: dict[str, str], ok: tuple[int, ...] = (0,)) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode not in ok:
        raise RuntimeError(f"{' '.join(command)} exited {done.returncode}: {done.stderr.strip()[-500:]}")
    return time.perf_counter() - started


def median_pair(first: list[str], second: list[str], *, env: dict[str, str], runs: int,
                ok: tuple[int, ...] = (0,)) -> tuple[float, float]:
    """Median seconds of two commands run in turns, so the machine's load drifts over both alike."""
    times = [(seconds(first, env=env), seconds(second, env=env, ok=ok)) for _ in range(runs)]
    return statistics.median(t for t, _ in times), statistics.median(t for _, t in times)


def clean_env(cache_home: Path) -> dict[str, str]:
    """No developer key or base URL may leak into a benchmark run, and no run may touch the user's cache."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SUMMARIZER_"))}
    env["XDG_CACHE_HOME"] = str(cache_home)
    return env


def run_pipeline(server: Server, paths: list[Path], concurrency: int, **settings: Any) -> tuple[float, Any, dict]:
    """Wall seconds of one ``summarize()``, its brief, and what the server saw (reset before the run)."""
    from summarizer import summarize

    server.reset()
    settings.setdefault("cache", False)
    started = time.perf_counter()
    brief = summarize(paths, base_url=server.base_url, api_key="bench", model=MODEL, concurrency=concurrency,
                      **settings)
    return time.perf_counter() - started, brief, server.stats()


def critical_path(latency_s: float, articles: int, concurrency: int | None) -> float:
    """Ideal wall time: the extraction waves the concurrency limit allows, then the one reconciliation call."""
    waves = 1 if concurrency is None else math.ceil(articles / concurrency)
    return waves * latency_s + latency_s


@dataclass
class Row:
    measure: str
    value: str
    compared_with: str
    ratio: str
    target: str
    verdict: str


def fmt_s(seconds: float) -> str:
    return f"{seconds:.2f} s"


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("met" if ok else "**missed**")


# Runs of each startup command: a 2-core machine's load moves single runs by a second.
STARTUP_RUNS = 5


def row_startup(work: Path) -> list[Row]:
    env = clean_env(work / "cache-startup")
    bare_import = [PY, "-c", "import summarizer"]
    if RECORDING.is_file():
        bare, brief = median_pair(bare_import, [PY, "-m", "summarizer", "brief", "seeds/", "--quiet"], env=env,
                                  runs=STARTUP_RUNS, ok=(0, 5))
        label = (f"offline seeds brief (CLI replay of fixtures/recordings/seeds.yaml), median of {STARTUP_RUNS}, "
                 "run in turns with the bare import")
    else:
        with fake_server(0) as server:
            env["SUMMARIZER_CACHE"] = "false"
            bare, brief = median_pair(bare_import, [PY, "-m", "summarizer", "brief", "seeds/", "--quiet",
                                                    "--base-url", server.base_url, "-m", MODEL],
                                      env=env, runs=STARTUP_RUNS, ok=(0, 5))
        label = f"seeds brief via CLI (no recording present: fake server at 0 ms instead of replay), median of {STARTUP_RUNS}"
    return [Row(label, fmt_s(brief), f"bare `import summarizer`: {fmt_s(bare)}", f"{brief / bare:.2f}x", "≤ 1.5",
                verdict(brief <= 1.5 * bare))]


def row_concurrency(work: Path, latency_ms: float, sizes: tuple[int, ...], concurrency: int) -> tuple[list[Row], dict]:
    rows: list[Row] = []
    token_stats: dict[str, Any] = {}
    latency = latency_ms / 1000
    with fake_server(latency_ms) as server:
        warm = make_corpus(work / "warmup", 5)
        run_pipeline(server, warm, concurrency)
        for n in sizes:
            paths = make_corpus(work / f"n{n}", n)
            sequential, _, _ = run_pipeline(server, paths, 1)
            concurrent, brief, stats = run_pipeline(server, paths, concurrency)
            bounded = critical_path(latency, n, concurrency)
            unbounded = critical_path(latency, n, None)
            calls = stats["requests"]
            rows.append(Row(
                f"N={n}, {latency_ms:.0f} ms/call: sequential (c=1) vs concurrent (c={concurrency}); {calls} model "
                f"calls, peak {stats['peak_in_flight']} in flight",
                f"seq {fmt_s(sequential)} / conc {fmt_s(concurrent)} ({sequential / concurrent:.1f}x faster)",
                f"critical path {fmt_s(bounded)} at c={concurrency} ({math.ceil(n / concurrency)} waves + reconcile);"
                f" {fmt_s(unbounded)} unlimited",
                f"{concurrent / bounded:.2f} (c={concurrency}); {concurrent / unbounded:.2f} (unlimited)",
                "≤ 1.25",
                verdict(concurrent / bounded <= 1.25),
            ))
            if brief.failures:
                rows[-1].measure += f" ({len(brief.failures)} failures!)"
            token_stats[f"n{n}"] = stats
    with fake_server(0) as server:
        n = sizes[-1]
        cpu_only, _, _ = run_pipeline(server, make_corpus(work / f"n{n}", n), concurrency)
    rows.append(Row(
        f"N={n} with a 0 ms model, c={concurrency}: the pipeline's own time (loading, HTTP, verification, merge)",
        fmt_s(cpu_only), f"{cpu_only / n * 1000:.0f} ms per article", "-", "-", "n/a"))
    return rows, token_stats


def row_cache(work: Path, latency_ms: float, n: int, concurrency: int) -> list[Row]:
    from summarizer.llm import OpenAICompatibleLLM
    from summarizer.llm.cache import CachedLLM
    from summarizer.settings import Settings

    paths = make_corpus(work / "cache-articles", n)
    cache_dir = work / "answer-cache"
    with fake_server(latency_ms) as server:
        def run(wrapped: bool) -> tuple[float, Any, dict]:
            if not wrapped:
                return run_pipeline(server, paths, concurrency, cache=True, cache_dir=cache_dir)
            settings = Settings(base_url=server.base_url, api_key="bench", model=MODEL, concurrency=concurrency,
                                cache=False)
            fingerprint = {"temperature": settings.temperature, "max_tokens": settings.max_tokens,
                           "mode": settings.resolved_mode()}
            llm = CachedLLM(OpenAICompatibleLLM(settings), cache_dir, settings_fingerprint=fingerprint)
            return run_pipeline(server, paths, concurrency, llm=llm)

        wrapped = False
        cold, _, cold_stats = run(wrapped)
        if not any(cache_dir.rglob("*.json")):
            wrapped = True
            cold, _, cold_stats = run(wrapped)
        warm, brief, warm_stats = run(wrapped)
        edit = paths[n // 2]
        title, _, body = edit.read_text(encoding="utf-8").partition("\n")
        edit.write_text(f"{title}\nOfficials revised their account of the events late on the same evening. {body}",
                        encoding="utf-8")
        edited, edited_brief, edited_stats = run(wrapped)
    how = "CachedLLM wrapped by the bench (pipeline not wired yet)" if wrapped else "summarize(cache=True)"
    return [
        Row(f"cached rerun, N={n}, {latency_ms:.0f} ms/call, c={concurrency} [{how}]: model calls on the 2nd run",
            f"{warm_stats['requests']} calls ({brief.run.usage.cached_calls} cache hits), {fmt_s(warm)}",
            f"1st run: {cold_stats['requests']} calls, {fmt_s(cold)}", f"{warm / cold:.2f} of the cold time", "0 calls",
            verdict(warm_stats["requests"] == 0)),
        Row(f"one of the {n} articles edited, then rerun", f"{edited_stats['requests']} calls "
            f"({edited_stats['by_model']}), {fmt_s(edited)}", f"{edited_brief.run.usage.cached_calls} cache hits",
            "-", "2 calls (the edited article's extraction + reconcile)",
            verdict(edited_stats["by_model"] == {"ArticleExtraction": 1, "Reconciliation": 1})),
    ]


def row_tokens(token_stats: dict[str, Any]) -> list[Row]:
    rows = []
    for name, stats in token_stats.items():
        records = stats["extractions"]
        prompt = statistics.mean(r["prompt_tokens"] for r in records)
        article = statistics.mean(r["article_tokens"] for r in records)
        completion = statistics.mean(r["completion_tokens"] for r in records)
        rows.append(Row(
            f"tokens sent per extraction call, {name[1:]} articles (server count, ≈ chars/4)",
            f"{prompt:.0f} prompt + {completion:.0f} completion",
            f"article itself: {article:.0f}; fixed overhead {prompt - article:.0f} (prompt + schema)",
            f"{prompt / article:.2f}x the article", "-", "n/a"))
        for record in stats["reconciliations"]:
            rows.append(Row(f"reconciliation call, {name[1:]} articles", f"{record['prompt_tokens']} prompt tokens",
                            f"{record['prompt_tokens'] / int(name[1:]):.0f} per article", "-", "-", "n/a"))
    return rows


def row_naive(latency_ms: float, concurrency: int) -> list[Row]:
    """Ours against bench/naive.py on the five seeds, same fake server: tokens (the bill) and wall (the wait)."""
    import asyncio

    sys.path.insert(0, str(ROOT / "bench"))
    from naive import naive_brief

    seeds = sorted(SEEDS.glob("*.txt"))
    with fake_server(0) as warm:  # one untimed run of each first: both are timed warm, imports and caches paid
        asyncio.run(naive_brief(seeds, warm.base_url, MODEL, concurrency))
        run_pipeline(warm, seeds, concurrency)
    with fake_server(latency_ms) as server:
        server.reset()
        started = time.perf_counter()
        asyncio.run(naive_brief(seeds, server.base_url, MODEL, concurrency))
        naive_wall, naive = time.perf_counter() - started, server.stats()
        ours_wall, _, ours = run_pipeline(server, seeds, concurrency)
    naive_tokens = naive["prompt_tokens"] + naive["completion_tokens"]
    ours_tokens = ours["prompt_tokens"] + ours["completion_tokens"]
    return [
        Row(f"seeds (5 articles): tokens, ours vs the naive instructor pipeline (bench/naive.py), "
            f"{ours['requests']} vs {naive['requests']} calls",
            f"{ours['prompt_tokens']} + {ours['completion_tokens']} = {ours_tokens}",
            f"naive {naive['prompt_tokens']} + {naive['completion_tokens']} = {naive_tokens}",
            f"{ours_tokens / naive_tokens:.2f}", "≤ 1.0", verdict(ours_tokens <= naive_tokens)),
        Row(f"seeds: wall, ours vs naive, {latency_ms:.0f} ms/call, c={concurrency}", fmt_s(ours_wall),
            f"naive {fmt_s(naive_wall)}", f"{ours_wall / naive_wall:.2f}", "≤ 1.0", verdict(ours_wall <= naive_wall)),
    ]


def row_scale(work: Path, latency_ms: float, n: int, concurrency: int) -> list[Row]:
    """In a child process, so its peak RSS is the pipeline's and not this benchmark's."""
    directory = work / f"scale-{n}"
    make_corpus(directory, n)
    with fake_server(latency_ms) as server:
        done = subprocess.run(
            [PY, str(Path(__file__).resolve()), "--child", "--base-url", server.base_url, "--articles", str(directory),
             "--concurrency", str(concurrency)],
            cwd=ROOT, env=clean_env(work / "cache-scale"), capture_output=True, text=True, timeout=300,
        )
        stats = server.stats()
    if done.returncode != 0:
        raise RuntimeError(f"scale run failed: {done.stderr.strip()[-800:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    bounded = critical_path(latency_ms / 1000, n, concurrency)
    return [Row(
        f"{n} articles, {latency_ms:.0f} ms/call, c={concurrency} (child process, {stats['requests']} model calls, "
        f"{result['failures']} failures)",
        f"{fmt_s(result['wall'])} pipeline ({fmt_s(result['process'])} with startup); peak RSS "
        f"{result['maxrss_mb']:.0f} MiB",
        f"critical path {fmt_s(bounded)} at c={concurrency}", f"{result['wall'] / bounded:.2f}", "-", "n/a")]


def child(base_url: str, articles: Path, concurrency: int) -> int:
    """One measured pipeline run; prints one JSON line. Runs in its own process for an honest peak RSS."""
    started = time.perf_counter()
    from summarizer import summarize

    paths = sorted(articles.glob("*.txt"))
    begun = time.perf_counter()
    brief = summarize(paths, base_url=base_url, api_key="bench", model=MODEL, concurrency=concurrency, cache=False)
    ended = time.perf_counter()
    maxrss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"wall": ended - begun, "process": ended - started, "maxrss_mb": maxrss_kb / 1024,
                      "failures": len(brief.failures), "sources": len(brief.sources)}))
    return 0


def table(rows: list[Row]) -> str:
    header = ["#", "Measure", "Measured", "Compared with", "Ratio", "Target", "Verdict"]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    for number, row in enumerate(rows, start=1):
        cells = [str(number), row.measure, row.value, row.compared_with, row.ratio, row.target, row.verdict]
        lines.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency-ms", type=float, default=200.0, help="fake model latency per call")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--scale", type=int, default=200, help="articles in the scale row")
    parser.add_argument("--only-naive", action="store_true", help="only the comparison with the naive pipeline")
    parser.add_argument("--only-startup", action="store_true", help="only the offline brief against a bare import")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--base-url", help=argparse.SUPPRESS)
    parser.add_argument("--articles", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args.base_url, args.articles, args.concurrency)
    if args.only_naive:
        print(table(row_naive(args.latency_ms, args.concurrency)))
        return 0
    if args.only_startup:
        with tempfile.TemporaryDirectory(prefix="summarizer-bench-") as temp:
            print(table(row_startup(Path(temp))))
        return 0

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="summarizer-bench-") as temp:
        work = Path(temp)
        os.environ["XDG_CACHE_HOME"] = str(work / "cache-inprocess")
        for name in [k for k in os.environ if k.startswith(("OPENAI_", "SUMMARIZER_"))]:
            del os.environ[name]
        rows = row_startup(work)
        concurrency_rows, token_stats = row_concurrency(work, args.latency_ms, (5, 50), args.concurrency)
        rows += concurrency_rows
        rows += row_cache(work, args.latency_ms, 50, args.concurrency)
        rows += row_tokens(token_stats)
        rows += row_naive(args.latency_ms, args.concurrency)
        rows += row_scale(work, args.latency_ms, args.scale, args.concurrency)
    print(table(rows))
    print(f"\n{os.cpu_count()} CPUs, Python {sys.version.split()[0]}, whole benchmark {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
