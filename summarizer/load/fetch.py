"""Web pages in: besides the model client, the one module that talks to the network, and only for URLs given.

An http(s) argument is fetched here, bounded every way a page can run away (a timeout for the whole fetch,
redirects included; a size cap enforced while streaming; at most ``MAX_REDIRECTS`` hops), and handed back as
bytes with where they came from. ``articles`` turns them into an ``Article`` exactly as it does a file's bytes,
so nothing downstream can tell a page from a file. A failed fetch is a ``Skip`` with one line (status, timeout,
size, content type, DNS) and costs only its URL. URLs are printed and logged without user, password or query.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx2

from summarizer.errors import UsageError
from summarizer.load.decode import Skip, decode, size_text
from summarizer.urls import is_url, without_credentials
from summarizer.version import __version__

log = logging.getLogger(__name__)

USER_AGENT = f"summarizer/{__version__} (news briefing tool; fetches only the links it is given)"
MAX_REDIRECTS = 5
# What a news page arrives as; anything else (a PDF, an image, a JSON feed) is refused by its type.
TEXT_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "text/markdown")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_DNS_FAILURE = ("name or service not known", "nodename nor servname", "getaddrinfo failed",
                "temporary failure in name resolution", "no address associated")


@dataclass(frozen=True)
class Page:
    """One fetched page: its bytes and what the server said they are. ``url`` is where they came from after
    redirects, already without credentials, because it is shown in the sources table."""

    url: str
    data: bytes
    content_type: str
    charset: str | None


def fetch_pages(
    urls: Sequence[str], *, max_bytes: int, timeout_s: float, concurrency: int
) -> list[Page | Skip]:
    """Each URL's page, or the reason it has none, in the order given; ``concurrency`` fetches at once over one
    connection pool, so a slow site delays only its own articles."""
    if not urls:
        return []
    with httpx2.Client(headers={"User-Agent": USER_AGENT}, timeout=timeout_s) as client, \
            ThreadPoolExecutor(max_workers=min(concurrency, len(urls))) as pool:
        return list(pool.map(lambda url: _attempt(client, url, max_bytes, timeout_s), urls))


def _attempt(client: httpx2.Client, url: str, max_bytes: int, timeout_s: float) -> Page | Skip:
    try:
        return fetch_page(client, url, max_bytes=max_bytes, timeout_s=timeout_s)
    except Skip as skip:
        log.info("fetch %s failed: %s", without_credentials(url), skip)
        return skip


def fetch_page(client: httpx2.Client, url: str, *, max_bytes: int, timeout_s: float) -> Page:
    """One GET, redirects followed here rather than by httpx so that ``timeout_s`` bounds the whole chain, and
    streamed so that a page over ``max_bytes`` is abandoned at the cap rather than downloaded."""
    started = time.perf_counter()
    try:
        page = _follow(client, client.build_request("GET", url), max_bytes, deadline=started + timeout_s)
    except httpx2.TimeoutException as exc:
        raise Skip(f"timed out after {timeout_s:g} s (raise it with --fetch-timeout)") from exc
    except httpx2.ConnectError as exc:
        raise Skip(_connect_failure(exc)) from exc
    except (httpx2.HTTPError, httpx2.InvalidURL) as exc:
        raise Skip(f"fetch failed ({type(exc).__name__}): {_first_line(exc, url)}") from exc
    except ValueError as exc:  # an unparsable host or port, an invalid international domain name
        raise Skip(f"not a valid URL ({_first_line(exc, url)})") from exc
    log.info("fetched %s: %s, %s in %.2f s", without_credentials(url), page.content_type or "no content type",
             size_text(len(page.data)), time.perf_counter() - started)
    return page


def _follow(client: httpx2.Client, request: httpx2.Request, max_bytes: int, *, deadline: float) -> Page:
    """The page at the end of at most ``MAX_REDIRECTS`` redirects, each hop given only the time that is left."""
    for _ in range(MAX_REDIRECTS + 1):
        left = deadline - time.perf_counter()
        if left <= 0:
            raise httpx2.ReadTimeout("deadline passed while following redirects")
        request.extensions["timeout"] = httpx2.Timeout(left).as_dict()
        response = client.send(request, stream=True)
        try:
            if not (response.is_redirect and response.next_request):
                return _read(response, max_bytes, deadline=deadline)
            request = response.next_request
        finally:
            response.close()
    raise Skip(f"more than {MAX_REDIRECTS} redirects")


def _read(response: httpx2.Response, max_bytes: int, *, deadline: float) -> Page:
    """The body of a successful text response, stopping at the cap or the deadline (a server that trickles
    bytes never trips the per-read timeout)."""
    if not response.is_success:
        raise Skip(f"HTTP {response.status_code} {response.reason_phrase}".strip())
    mime = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if mime and mime not in TEXT_TYPES:
        raise Skip(f"not an HTML or text page (content type {mime})")
    too_large = f"over the {size_text(max_bytes)} limit; raise it with --max-bytes"
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise Skip(f"{size_text(int(declared))}, {too_large}")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise Skip(f"more than {size_text(max_bytes)} sent, {too_large}")
        if time.perf_counter() > deadline:
            raise httpx2.ReadTimeout("page still arriving at the deadline")
        chunks.append(chunk)
    return Page(url=without_credentials(str(response.url)) or "", data=b"".join(chunks), content_type=mime,
                charset=response.charset_encoding)


def _connect_failure(exc: httpx2.ConnectError) -> str:
    text = str(exc).lower()
    if any(marker in text for marker in _DNS_FAILURE):
        return "host not found (DNS lookup failed)"
    return f"cannot connect: {_first_line(exc, '')}"


def _first_line(exc: BaseException, url: str) -> str:
    """The exception's first line, with the URL as typed (credentials and all) replaced by its shown form."""
    text = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    return text.replace(url, without_credentials(url) or "") if url else text


def page_text(page: Page) -> tuple[str, str | None]:
    """The page as text: the charset the server declared, else the page's own ``<meta charset>``, else detected
    like a file's bytes (which also refuses binary content served as HTML). A declaration that does not decode
    the bytes is ignored rather than trusted into mojibake."""
    meta = _META_CHARSET.search(page.data[:4096])
    for charset in (page.charset, meta.group(1).decode("ascii") if meta else None):
        if charset:
            try:
                return page.data.decode(charset).removeprefix("\ufeff"), None
            except (LookupError, UnicodeDecodeError):
                continue
    return decode(page.data)


def is_html_page(page: Page, text: str) -> bool:
    """HTML by its content type, or by its first bytes when the server did not say."""
    if page.content_type in ("text/html", "application/xhtml+xml"):
        return True
    head = text.lstrip()[:200].lower()
    return page.content_type == "" and head.startswith(("<!doctype html", "<html"))


def read_url_list(path: Path) -> list[str]:
    """``--urls FILE``: one URL per line; blank lines and ``#`` comments are skipped. Anything else is a usage
    error naming the line, since a typo would otherwise be looked for as a file of that name."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise UsageError(f"--urls {path}: cannot read it: {reason}") from exc
    urls = []
    for number, line in enumerate(lines, 1):
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        if not is_url(entry):
            raise UsageError(f"--urls {path} line {number}: not an http(s) URL: {without_credentials(entry)}")
        urls.append(entry)
    return urls
