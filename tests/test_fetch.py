"""URL and stdin input: news pages served from a local HTTP server on 127.0.0.1 become articles like files do.

The pages in tests/data/pages/ are written for these tests (an invented story) with the furniture real sites
have: navigation, cookie banners, share rows, footers, og:site_name, author and date metadata, one of them in
windows-1252 declared only in its own <meta>. Only loopback connections are allowed here; nothing reaches the
internet, and no test talks to a model (the end-to-end runs use a scripted test-double LLM).
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import logging
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx2
import pytest

from summarizer import UsageError, summarize
from summarizer.cli import main
from summarizer.load import load_articles
from summarizer.load.fetch import USER_AGENT, _connect_failure, read_url_list
from summarizer.output.markdown import escape
from summarizer.version import __version__
from tests.fakes import FakeLLM

pytestmark = pytest.mark.allow_hosts(["127.0.0.1"])
PAGES = Path(__file__).parent / "data" / "pages"
SECRET = "s3cret-pass"


class NewsSite(BaseHTTPRequestHandler):
    """Serves the test pages, a redirect, a redirect loop, a 404, an oversized page, a PDF and a slow page."""

    seen_agents: list[str] = []
    in_flight = 0
    peak_in_flight = 0
    lock = threading.Lock()

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        NewsSite.seen_agents.append(self.headers.get("User-Agent", ""))
        path = self.path.split("?")[0]
        if path.startswith("/busy/"):
            self._busy()
        if path.startswith("/drip/") and path != "/drip/0":
            time.sleep(0.3)  # each hop well inside the timeout, the chain not
            return self._redirect(f"/drip/{int(path.rsplit('/', 1)[1]) - 1}")
        routes = {
            "/news/harbour-strike": lambda: self._send(200, "text/html; charset=utf-8",
                                                       (PAGES / "harbour-strike.html").read_bytes()),
            "/ports/strike-over": lambda: self._send(200, "text/html", (PAGES / "harbour-ships.html").read_bytes()),
            "/old/harbour-strike": lambda: self._redirect("/news/harbour-strike"),
            "/loop": lambda: self._redirect("/loop"),
            "/report.pdf": lambda: self._send(200, "application/pdf", b"%PDF-1.7\n" + b"0" * 500),
            "/huge": self._huge,
            "/slow": self._slow,
        }
        if path.startswith(("/busy/", "/drip/")):
            self._send(200, "text/html", (PAGES / "harbour-strike.html").read_bytes())
        elif path in routes:
            routes[path]()
        else:
            self._send(404, "text/html", b"<html><body><h1>Page not found</h1></body></html>")

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, to: str) -> None:
        self.send_response(301)
        self.send_header("Location", to)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _huge(self) -> None:
        """No Content-Length: the cap must be enforced while reading, not from the header."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        paragraph = b"<p>" + b"The harbour was quiet again and the cranes stood still for the night. " * 20 + b"</p>\n"
        try:
            for _ in range(2000):  # about 2.9 MB
                self.wfile.write(paragraph)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped reading at its cap, as it should

    def _slow(self) -> None:
        time.sleep(3)
        self._send(200, "text/html", (PAGES / "harbour-strike.html").read_bytes())

    def _busy(self) -> None:
        with NewsSite.lock:
            NewsSite.in_flight += 1
            NewsSite.peak_in_flight = max(NewsSite.peak_in_flight, NewsSite.in_flight)
        time.sleep(0.4)
        with NewsSite.lock:
            NewsSite.in_flight -= 1

    def log_message(self, *_: Any) -> None:
        """Quiet: the test output is the assertions'."""


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), NewsSite)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """A developer's proxy settings must not send the loopback requests elsewhere."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)


def reasons(result: Any) -> dict[str, str]:
    return {f.path: f.reason for f in result.failures}


def test_a_news_page_becomes_an_article_with_outlet_author_date_and_url(site: str) -> None:
    result = load_articles([f"{site}/news/harbour-strike"])
    [article] = result.articles
    assert article.title == "Dock workers end three-week strike at Port Calder"
    assert (article.outlet, article.author) == ("The Northern Ledger", "Marta Ilves")
    assert (article.dateline, article.dateline_basis) == (dt.date(2025, 3, 14), "stated")
    assert article.url == article.path == f"{site}/news/harbour-strike"
    assert "1,400 workers had walked out" in article.text
    for furniture in ("Subscribe", "Privacy", "Related stories", "Follow us", "All rights reserved"):
        assert furniture not in article.text


def test_the_charset_a_page_declares_in_its_meta_decodes_it(site: str) -> None:
    [article] = load_articles([f"{site}/ports/strike-over"]).articles
    assert "Liis Kõiv" in article.text and "€45 million" in article.text
    assert (article.outlet, article.author, article.dateline) == ("Coastline Daily", "Pieter Kask", dt.date(2025, 3, 15))
    assert "cookies" not in article.text and "Facebook" not in article.text


def test_a_redirect_is_followed_and_the_page_it_lands_on_is_listed(site: str) -> None:
    [article] = load_articles([f"{site}/old/harbour-strike"]).articles
    assert article.path == f"{site}/old/harbour-strike"
    assert article.url == f"{site}/news/harbour-strike"


@pytest.mark.parametrize(("path", "reason"), [
    ("/missing", "HTTP 404 Not Found"),
    ("/loop", "more than 5 redirects"),
    ("/report.pdf", "not an HTML or text page (content type application/pdf)"),
    ("/huge", "more than 50.0 KB sent, over the 50.0 KB limit; raise it with --max-bytes"),
])
def test_a_failing_url_is_one_line_and_costs_only_itself(site: str, path: str, reason: str) -> None:
    result = load_articles([f"{site}{path}", f"{site}/news/harbour-strike"], max_bytes=50_000)
    assert reasons(result) == {f"{site}{path}": reason}
    assert [a.outlet for a in result.articles] == ["The Northern Ledger"]


def test_a_slow_server_times_out_with_the_flag_to_raise(site: str) -> None:
    started = time.perf_counter()
    result = load_articles([f"{site}/slow"], fetch_timeout_s=0.5)
    assert reasons(result) == {f"{site}/slow": "timed out after 0.5 s (raise it with --fetch-timeout)"}
    assert time.perf_counter() - started < 2.5


def test_the_timeout_bounds_the_whole_redirect_chain(site: str) -> None:
    assert load_articles([f"{site}/drip/1"], fetch_timeout_s=1).articles
    result = load_articles([f"{site}/drip/5"], fetch_timeout_s=1)
    assert reasons(result) == {f"{site}/drip/5": "timed out after 1 s (raise it with --fetch-timeout)"}


def test_a_malformed_url_is_one_failure_not_a_crash() -> None:
    assert reasons(load_articles(["http://[::1/news"])) == {
        "http://[::1": "fetch failed (InvalidURL): Invalid port: ':1'"}


def test_a_refused_connection_names_the_url(site: str) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again before the fetch: nothing listens there
    result = load_articles([f"http://127.0.0.1:{port}/news"])
    assert reasons(result)[f"http://127.0.0.1:{port}/news"].startswith("cannot connect: ")


def test_a_dns_failure_says_the_host_was_not_found() -> None:
    assert _connect_failure(httpx2.ConnectError("[Errno -2] Name or service not known")) == (
        "host not found (DNS lookup failed)")


def test_credentials_in_a_url_are_never_shown_or_logged(site: str, caplog: pytest.LogCaptureFixture) -> None:
    host = site.removeprefix("http://")
    with caplog.at_level(logging.INFO, logger="summarizer"):
        result = load_articles([f"http://reader:{SECRET}@{host}/news/harbour-strike?token={SECRET}",
                                f"http://reader:{SECRET}@{host}/missing?token={SECRET}"])
    [article] = result.articles
    assert article.path == article.url == f"{site}/news/harbour-strike"
    assert reasons(result) == {f"{site}/missing": "HTTP 404 Not Found"}
    assert SECRET not in caplog.text and "reader" not in caplog.text
    assert f"fetched {site}/news/harbour-strike" in caplog.text


def test_the_user_agent_names_summarizer_and_its_version(site: str) -> None:
    NewsSite.seen_agents.clear()
    load_articles([f"{site}/news/harbour-strike"])
    assert NewsSite.seen_agents == [USER_AGENT]
    assert USER_AGENT.startswith(f"summarizer/{__version__} ")


def test_several_urls_are_fetched_at_once_and_keep_their_order(site: str) -> None:
    NewsSite.peak_in_flight = 0
    urls = [f"{site}/busy/{n}" for n in range(3)]
    result = load_articles([*urls, f"{site}/ports/strike-over"], concurrency=4)
    assert NewsSite.peak_in_flight >= 2
    assert [a.path for a in result.articles] == [*urls, f"{site}/ports/strike-over"]
    assert not result.failures  # the busy pages are copies of one page: duplicates, decided in story/, not failures


def test_stdin_is_one_article_named_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    page = (PAGES / "harbour-strike.html").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(page)))
    result = load_articles(["-", "-"])
    [article] = result.articles
    assert (article.path, article.outlet) == ("stdin", "The Northern Ledger")
    assert reasons(result) == {"stdin": "standard input can be read only once"}


def test_stdin_over_the_size_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"word " * 1000)))
    assert reasons(load_articles(["-"], max_bytes=1000)) == {
        "stdin": "more than 1.0 KB on standard input; raise the limit with --max-bytes"}


def test_a_url_list_skips_blank_lines_and_comments(tmp_path: Path) -> None:
    listed = tmp_path / "urls.txt"
    listed.write_text("# today's links\nhttps://a.example/one\n\n  https://b.example/two  # not a comment\n")
    with pytest.raises(UsageError, match=r"urls.txt line 4: not an http\(s\) URL"):
        read_url_list(listed)
    listed.write_text("# today's links\nhttps://a.example/one\n\n   \nhttps://b.example/two\n")
    assert read_url_list(listed) == ["https://a.example/one", "https://b.example/two"]


def test_a_missing_url_list_is_a_usage_error_naming_the_flag(capsys: pytest.CaptureFixture[str],
                                                             tmp_path: Path) -> None:
    assert main(["brief", "--urls", str(tmp_path / "absent.txt")]) == 2
    err = capsys.readouterr().err
    assert err == f"summarizer: error: --urls {tmp_path / 'absent.txt'}: cannot read it: No such file or directory\n"


def scripted_extraction(messages: list[dict[str, str]]) -> dict[str, Any]:
    """Test double: what a model that read the harbour pages would propose, evidence copied from both."""
    return {"headline": "Port Calder strike ends", "summary": "Dock workers accepted a pay deal.",
            "claims": [{"claim": "The strike at Port Calder ended", "evidence": "Port Calder"},
                       {"claim": "The deal is a 6 percent pay rise", "evidence": "6 percent"}]}


def scripted_llm() -> FakeLLM:
    return FakeLLM({
        "ArticleExtraction": scripted_extraction,
        "ProposedSpeakers": {"items": []},
        "Reconciliation": {"title": "Port Calder strike ends", "summary": "Dock workers accepted a pay deal.",
                           "shared_points": [{"text": "The strike ended", "claims": ["A1.1", "A2.1"]}]},
    })


def test_brief_url_url_writes_a_briefing_listing_both_outlets(
    site: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("summarizer.cli.summarize", functools.partial(summarize, llm=scripted_llm()))
    out = tmp_path / "brief.md"
    code = main(["brief", f"{site}/news/harbour-strike", f"{site}/ports/strike-over", "-o", str(out)])
    assert code == 0, capsys.readouterr().err
    briefing = out.read_text()
    sources = briefing[briefing.index("## Sources"):]
    assert "The Northern Ledger" in sources and "Coastline Daily" in sources
    assert "2025-03-14 (stated)" in sources and "2025-03-15 (stated)" in sources


def test_the_sources_table_shows_a_fetched_article_by_its_url(
    site: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("summarizer.cli.summarize", functools.partial(summarize, llm=scripted_llm()))
    out = tmp_path / "brief.md"
    assert main(["brief", f"{site}/news/harbour-strike", f"{site}/ports/strike-over", "-o", str(out)]) == 0
    sources = out.read_text().split("## Sources")[1]
    assert f"| {escape(site + '/news/harbour-strike')} |" in sources
    page = tmp_path / "brief.html"
    assert main(["brief", f"{site}/news/harbour-strike", f"{site}/ports/strike-over", "-o", str(page)]) == 0
    assert f'<span class="meta">{site}/news/harbour-strike · ' in page.read_text()


def test_urls_file_and_paths_together_in_the_python_api(site: str, tmp_path: Path) -> None:
    listed = tmp_path / "urls.txt"
    listed.write_text(f"# harbour story\n{site}/news/harbour-strike\n")
    brief = summarize([*read_url_list(listed), f"{site}/ports/strike-over"], llm=scripted_llm())
    assert [(s.url, s.outlet, s.author) for s in brief.sources] == [
        (f"{site}/news/harbour-strike", "The Northern Ledger", "Marta Ilves"),
        (f"{site}/ports/strike-over", "Coastline Daily", "Pieter Kask"),
    ]


def test_urls_flag_adds_the_listed_urls_to_the_arguments(
    site: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("summarizer.cli.summarize", functools.partial(summarize, llm=scripted_llm()))
    listed = tmp_path / "urls.txt"
    listed.write_text(f"{site}/ports/strike-over\n# a dead link:\n{site}/missing\n")
    code = main(["brief", f"{site}/news/harbour-strike", "--urls", str(listed), "--json"])
    out, err = capsys.readouterr()
    assert code == 5
    assert f"summarizer: warning: {site}/missing: HTTP 404 Not Found\n" in err
    assert '"outlet": "Coastline Daily"' in out
