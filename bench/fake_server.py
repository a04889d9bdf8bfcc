"""A fake OpenAI-compatible model server for the benchmark: real HTTP, fake intelligence, configurable latency.

The benchmark needs the real pipeline (openai SDK, instructor, httpx, concurrency limits) talking to something
whose latency is known exactly, so that wall times can be compared with the critical path. This server answers
``POST /v1/chat/completions`` for the response models the pipeline asks for on English articles,
``ArticleExtraction`` and ``Reconciliation``, with answers built from the request itself so that every code-side
check passes (the headline is the ``Title:`` line, claims cite the article's first sentences, no invented quotes,
no speaker named for the listed quotations). Token counts in
``usage`` are approximations (characters / 4), the same rule for prompt and answer, good enough to compare the
prompt's overhead with the article's own size.

It binds to 127.0.0.1 only and stops by itself after ``--max-seconds``, so a crashed benchmark cannot leave a
listening server behind. ``GET /stats`` returns what was asked (counts by response model, tokens per extraction)
and ``POST /stats/reset`` clears it, so one server can serve several measured runs.

Run alone: ``python bench/fake_server.py --port 8099 --latency-ms 200``; it prints ``listening on PORT`` first.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

HOST = "127.0.0.1"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“‘'(])")
_NAME = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+\b")
_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?![\w,])|(?<![\w.,])\d+(?:\.\d+)?(?![\w,.]\d)")
_CLAIM_LINE = re.compile(r"^(A\d+\.\d+) (.+)$")
_ARTICLE_LINE = re.compile(r"^(A\d+) \(([^)]*)\): (.*)$")


def approx_tokens(text: str) -> int:
    """About four characters a token for English and JSON alike; the benchmark compares ratios, not bills."""
    return math.ceil(len(text) / 4)


def _clip(text: str, limit: int) -> str:
    """A prefix that ends on a word boundary: still an exact span of the article, within the schema's bound."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut or text[:limit]


def parse_article(user: str) -> dict[str, str]:
    """Title, dateline and body from the pipeline's ``extract_user`` prompt."""
    inner = user.split("<article>", 1)[-1].rsplit("</article>", 1)[0].strip("\n")
    head, _, body = inner.partition("\n\n")
    fields = dict(line.split(": ", 1) for line in head.splitlines() if ": " in line)
    return {"title": fields.get("Title", ""), "dateline": fields.get("Dateline", ""), "text": body}


def answer_extraction(user: str) -> tuple[dict[str, Any], int]:
    """An ``ArticleExtraction`` that verifies against the article, and the article's own token count."""
    article = parse_article(user)
    text = article["text"]
    sentences = [s for s in (p.strip() for p in _SENTENCE_END.split(" ".join(text.split()))) if len(s) > 30]
    claims = [{"claim": _clip(s, 240), "evidence": _clip(s, 240)} for s in sentences[:4]]
    names = list(dict.fromkeys(m.group(0) for m in _NAME.finditer(text)))[:4]
    figures = [
        {"value": m.group(0), "unit": "", "measure": _clip(text[max(0, m.start() - 60) : m.start()], 100) or "count"}
        for m in list(_NUMBER.finditer(text))[:3]
    ]
    answer = {
        "headline": _clip(article["title"] or (sentences[0] if sentences else "Untitled"), 160),
        "summary": _clip(" ".join(sentences[:2]) or text, 700),
        "claims": claims,
        "people": names[:2],
        "organisations": [],
        "places": names[2:4],
        "speakers": [{"n": n, "speaker": None} for n in numbered_quotations(user)],
        "quotes": [],
        "figures": figures,
        "events": [],
    }
    return answer, approx_tokens(text)


def answer_reconciliation(user: str) -> dict[str, Any]:
    """A ``Reconciliation`` that only points at claim references it was given, as the real prompt demands."""
    listing = user.split("<claims>", 1)[-1].rsplit("</claims>", 1)[0]
    headlines: list[str] = []
    first_claims: list[tuple[str, str]] = []
    for block in listing.strip().split("\n\n"):
        lines = block.strip().splitlines()
        header = _ARTICLE_LINE.match(lines[0]) if lines else None
        if header:
            headlines.append(header.group(3))
        claims = [m.groups() for m in (_CLAIM_LINE.match(line) for line in lines[1:]) if m]
        if claims:
            first_claims.append(claims[0])
    points = []
    if len(first_claims) >= 2:
        points.append({"text": _clip(first_claims[0][1], 240), "claims": [ref for ref, _ in first_claims[:10]]})
    return {
        "title": _clip(headlines[0] if headlines else "One story", 140),
        "summary": "Several outlets report on this story; their accounts are compared below.",
        "shared_points": points,
        "discrepancies": [],
    }


def numbered_quotations(user: str) -> list[int]:
    """The numbers of the quotations the extraction prompt lists between <quotations> and </quotations>."""
    listing = user.rsplit("<quotations>", 1)[-1].rsplit("</quotations>", 1)[0]
    return [int(m.group(1)) for m in re.finditer(r"^(\d+)\. ", listing, re.M)]


def answer_naive_article(user: str) -> dict[str, Any]:
    """The naive baseline's per-article answer (bench/naive.py): its first sentences as summary and points."""
    text = user.split("</article>", 1)[0].split("<article>", 1)[-1]
    sentences = [s for s in (p.strip() for p in _SENTENCE_END.split(" ".join(text.split()))) if len(s) > 30]
    return {"headline": _clip(sentences[0] if sentences else "Untitled", 160),
            "summary": _clip(" ".join(sentences[:2]), 700), "key_points": [_clip(s, 240) for s in sentences[:4]],
            "quotes": [], "figures": [_clip(m.group(0), 40) for m in list(_NUMBER.finditer(text))[:3]]}


def answer_naive_story(user: str) -> dict[str, Any]:
    """The naive baseline's merge answer: one agreed point, no disagreement."""
    return {"title": "One story", "summary": "Several outlets report on this story.",
            "agreed": [_clip(user[:200], 200)], "disagreements": []}


def schema_title(body: dict[str, Any]) -> str:
    """Which response model is asked for: the JSON-mode schema, a tool's name, or the system message."""
    schema = (body.get("response_format") or {}).get("schema") or {}
    if isinstance(schema, dict) and schema.get("title"):
        return str(schema["title"])
    wrapped = (body.get("response_format") or {}).get("json_schema") or {}
    if isinstance(wrapped, dict) and wrapped.get("name"):
        return str(wrapped["name"])
    for tool in body.get("tools") or []:
        name = (tool.get("function") or {}).get("name")
        if name:
            return str(name)
    system = " ".join(str(m.get("content", "")) for m in body.get("messages", []) if m.get("role") == "system")
    for title in ("ArticleExtraction", "Reconciliation", "Translations"):
        if f'"title": "{title}"' in system:
            return title
    return "unknown"


class Stats:
    """What the server was asked, behind a lock because the server answers on many threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with self._lock:
            self.requests = 0
            self.by_model: dict[str, int] = {}
            self.extractions: list[dict[str, int]] = []
            self.reconciliations: list[dict[str, int]] = []
            self.in_flight = 0
            self.peak_in_flight = 0
            self.prompt_tokens = 0
            self.completion_tokens = 0

    def start(self) -> None:
        with self._lock:
            self.in_flight += 1
            self.peak_in_flight = max(self.peak_in_flight, self.in_flight)

    def finish(self, title: str, record: dict[str, int]) -> None:
        with self._lock:
            self.in_flight -= 1
            self.requests += 1
            self.by_model[title] = self.by_model.get(title, 0) + 1
            self.prompt_tokens += record.get("prompt_tokens", 0)
            self.completion_tokens += record.get("completion_tokens", 0)
            if title == "ArticleExtraction":
                self.extractions.append(record)
            elif title == "Reconciliation":
                self.reconciliations.append(record)

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            return {
                "requests": self.requests,
                "by_model": dict(self.by_model),
                "extractions": list(self.extractions),
                "reconciliations": list(self.reconciliations),
                "peak_in_flight": self.peak_in_flight,
                "prompt_tokens": self.prompt_tokens,
                "completion_tokens": self.completion_tokens,
            }


class FakeModelServer(ThreadingHTTPServer):
    """One thread per connection, so concurrent requests sleep their latency in parallel like a batched server."""

    daemon_threads = True
    request_queue_size = 256  # the default of 5 drops SYNs under a burst of connections and adds 1 s retransmits

    def __init__(self, port: int, *, latency_ms: float, ms_per_token: float, model: str) -> None:
        super().__init__((HOST, port), Handler)
        self.latency_ms = latency_ms
        self.ms_per_token = ms_per_token
        self.model = model
        self.stats = Stats()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: FakeModelServer

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the benchmark's output is its table."""

    def _send(self, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _body(self) -> dict[str, Any]:
        length = int(self.headers.get("Content-Length") or 0)
        return json.loads(self.rfile.read(length) or b"{}")

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0].rstrip("/")
        if path.endswith("/models"):
            self._send(200, {"object": "list", "data": [{"id": self.server.model, "object": "model", "owned_by": "bench"}]})
        elif path == "/stats":
            self._send(200, self.server.stats.snapshot())
        else:
            self._send(404, {"error": {"message": f"no route {self.path}"}})

    def do_POST(self) -> None:
        path = self.path.split("?", 1)[0].rstrip("/")
        body = self._body()
        if path == "/stats/reset":
            self.server.stats.reset()
            self._send(200, {"ok": True})
        elif path.endswith("/chat/completions"):
            self._complete(body)
        else:
            self._send(404, {"error": {"message": f"no route {self.path}"}})

    def _complete(self, body: dict[str, Any]) -> None:
        stats = self.server.stats
        stats.start()
        title = schema_title(body)
        messages = body.get("messages", [])
        user = "\n".join(str(m.get("content", "")) for m in messages if m.get("role") == "user")
        article_tokens = 0
        if title == "ArticleExtraction":
            answer, article_tokens = answer_extraction(user)
        elif title == "Reconciliation":
            answer = answer_reconciliation(user)
        elif title == "NaiveArticle":
            answer = answer_naive_article(user)
        elif title == "NaiveStory":
            answer = answer_naive_story(user)
        else:
            stats.finish(title, {})
            self._send(400, {"error": {"message": f"fake server cannot answer schema {title!r}"}})
            return
        content = json.dumps(answer, ensure_ascii=False)
        prompt_tokens = sum(approx_tokens(str(m.get("content", ""))) for m in messages)
        completion_tokens = approx_tokens(content)
        time.sleep((self.server.latency_ms + self.server.ms_per_token * completion_tokens) / 1000)
        stats.finish(title, {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                             "article_tokens": article_tokens})
        if body.get("tools"):
            name = body["tools"][0]["function"]["name"]
            message: dict[str, Any] = {"role": "assistant", "content": None, "tool_calls": [
                {"id": "call_bench", "type": "function", "function": {"name": name, "arguments": content}}]}
        else:
            message = {"role": "assistant", "content": content}
        self._send(200, {
            "id": "chatcmpl-bench",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body.get("model") or self.server.model,
            "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                      "total_tokens": prompt_tokens + completion_tokens},
        })


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port (printed on the first line)")
    parser.add_argument("--latency-ms", type=float, default=200.0, help="fixed latency added to every completion")
    parser.add_argument("--ms-per-token", type=float, default=0.0, help="extra latency per (approximate) output token")
    parser.add_argument("--max-seconds", type=float, default=600.0, help="stop by itself after this long")
    parser.add_argument("--model", default="bench-model", help="the one model name /v1/models lists")
    args = parser.parse_args(argv)
    server = FakeModelServer(args.port, latency_ms=args.latency_ms, ms_per_token=args.ms_per_token, model=args.model)
    deadline = threading.Timer(args.max_seconds, server.shutdown)
    deadline.daemon = True
    deadline.start()
    print(f"listening on {server.server_address[1]}", flush=True)
    try:
        server.serve_forever(poll_interval=0.1)
    except KeyboardInterrupt:
        pass
    finally:
        deadline.cancel()
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
