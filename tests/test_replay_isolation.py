"""A replay answers only the summarizer's own client: the rest of an embedding application keeps its real HTTP.

Replay used to patch HTTP for the whole process (vcrpy), so a request from another thread during
``summarize(replay=…)`` was refused as "not in the cassette". Each test here makes such a request, from another
thread, at a moment the replay is certainly running (from the progress callback), to a local ``http.server``.
"""

from __future__ import annotations

import threading
import urllib.request
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx2
import pytest

from summarizer import summarize
from summarizer.schema import Article
from tests.conftest import RECORDING


class _Hello(BaseHTTPRequestHandler):
    """A local server that is not a model: it answers every GET with ``hello``."""

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self.send_response(200)
        self.send_header("Content-Length", "5")
        self.end_headers()
        self.wfile.write(b"hello")

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (http.server's signature)
        pass


@pytest.fixture
def local_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hello)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/unrelated"
    finally:
        server.shutdown()
        server.server_close()


def _with_urllib(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (a local test server)
        return response.read().decode()


def _with_httpx(url: str) -> str:
    with httpx2.Client(timeout=10) as client:
        return client.get(url).text


def _from_another_thread_during_replay(fetch: Callable[[str], str], url: str, seeds_dir: Path) -> list[str]:
    """Replay the seeds; while an article is being extracted, ``fetch(url)`` in another thread. Its outcomes."""
    outcomes: list[str] = []

    def fetch_in_a_thread() -> None:
        try:
            outcomes.append(fetch(url))
        except Exception as exc:  # the old global patch refused it: CannotOverwriteExistingCassetteException
            outcomes.append(f"{type(exc).__name__}: {exc}")

    def during_replay(article: Article, status: str) -> None:
        if status == "extracting" and not outcomes:
            other = threading.Thread(target=fetch_in_a_thread)
            other.start()
            other.join(timeout=20)

    brief = summarize([seeds_dir], replay=RECORDING, progress=during_replay)
    assert not brief.failures  # and the replay itself was served from the cassette as before
    return outcomes


@pytest.mark.enable_socket
def test_a_urllib_request_from_another_thread_during_a_replay_reaches_its_server(local_url: str,
                                                                                   seeds_dir: Path) -> None:
    assert _from_another_thread_during_replay(_with_urllib, local_url, seeds_dir) == ["hello"]


@pytest.mark.enable_socket
def test_an_httpx_request_from_another_thread_during_a_replay_reaches_its_server(local_url: str,
                                                                                   seeds_dir: Path) -> None:
    assert _from_another_thread_during_replay(_with_httpx, local_url, seeds_dir) == ["hello"]
