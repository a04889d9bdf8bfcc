"""Loading inputs (files, directories, URLs, ``-`` for stdin) into cleaned ``Article`` records; no model.

A bad input never stops a run: each one becomes a ``Failure`` whose one-line reason tells the user what to fix,
because a briefing built from four of five articles is still useful if it says which one was left out and why.
URLs are fetched by :mod:`summarizer.load.fetch` (the only network access here) and then built like files.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import re
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from summarizer.load.clean import INJECTION_WARNING, bare, clean_text, quarantine
from summarizer.load.decode import (
    Skip,
    decode,
    from_html,
    from_markdown,
    looks_like_html,
    looks_like_markdown,
    size_text,
)
from summarizer.load.fetch import Page, fetch_pages, is_html_page, page_text
from summarizer.schema import Article, DateBasis, Failure
from summarizer.settings import default
from summarizer.text.dates import find_dateline, with_year
from summarizer.text.injection import addresses_a_model
from summarizer.text.language import detect_language
from summarizer.text.normalise import normalise_layout
from summarizer.urls import is_url, without_credentials

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
STDIN = "-"
# How an article read from standard input is named in the sources table and in failures.
STDIN_NAME = "stdin"
_BYLINE = re.compile(r"^by\s+([^\d.]{2,60})$", re.IGNORECASE)


@dataclass
class LoadResult:
    """Articles and per-file failures side by side, so callers can report both without try/except."""

    articles: list[Article] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)


@dataclass(frozen=True)
class _Text:
    """An input's text before cleaning, whatever it was read from: decoded, with how, and whether it is HTML."""

    raw: str
    decoded_as: str | None
    html: bool
    url: str | None = None
    markdown: bool = False


def _title(line: str) -> str:
    return re.sub(r"^#+\s*", "", line.strip()).strip("*_ ").strip()


def _split_title(lines: list[str]) -> tuple[str, str, tuple[str, ...]]:
    """Title, body and repeats of the title: pages often print the headline twice, and once is enough. A repeat
    is the title again, not site boilerplate, so it is not listed among the dropped lines."""
    title = _title(lines[0])
    repeats = tuple(ln for ln in lines[1:] if ln.strip() and _title(ln) == title)
    return title, normalise_layout("\n".join(ln for ln in lines[1:] if ln not in repeats)), repeats


def _outlet(url: str | None, sitename: str | None, lines: list[str]) -> str | None:
    """Site name, else the URL's domain, else a short "By X" byline (Markdown link syntax removed)."""
    if sitename:
        return sitename
    if url and (host := urlparse(url).hostname):
        return host.removeprefix("www.")
    for line in [ln for ln in lines if ln.strip()][:12]:
        byline = _BYLINE.match(re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", bare(line)))
        if byline and len(byline.group(1).split()) <= 6:
            return byline.group(1).strip()
    return None


def _dateline(
    lines: list[str], meta_date: str | None, language: str | None
) -> tuple[dt.date | None, DateBasis, str | None]:
    """The dateline or byline date, else the page's metadata, else unknown: a date in the body is when something
    happened, not when the article was written, so it never stands in for the article's date. A wire dateline
    without a year ("PORT CALDER, March 14") takes the year of the page's own date metadata."""
    published = _iso_date(meta_date)
    if found := find_dateline(lines, language):
        if found.date is None and found.month_day and published and (date := with_year(found.month_day, published.year)):
            return date, "stated", found.text
        return found.date, "stated" if found.date else "unknown", found.text
    if published:
        return published, "stated", meta_date
    return None, "unknown", None


def _iso_date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def _file_text(path: Path, data: bytes) -> _Text:
    if not data:
        raise Skip("empty file (0 bytes)")
    raw, decoded_as = decode(data)
    html = looks_like_html(path, raw)
    return _Text(raw, decoded_as, html, markdown=not html and looks_like_markdown(path))


def _page_text(page: Page) -> _Text:
    if not page.data:
        raise Skip("empty page (0 bytes)")
    raw, decoded_as = page_text(page)
    return _Text(raw, decoded_as, is_html_page(page, raw), url=page.url)


def _build(name: str, text: _Text, article_id: str) -> Article:
    """One input's text to the article with this id, or ``Skip`` with the reason it cannot be one."""
    raw, decoded_as = text.raw, text.decoded_as
    if not raw.strip():
        raise Skip("file contains only whitespace")
    meta: dict[str, str] = {}
    if text.html:
        raw, meta = from_html(raw)
    cleaned = clean_text(raw)
    if text.markdown:  # after the line checks, which know Markdown link-only lines and bylines
        cleaned = dataclasses.replace(cleaned, text=normalise_layout(from_markdown(cleaned.text)))
    if not cleaned.text:
        raise Skip(f"no article text left after removing {len(cleaned.dropped)} boilerplate lines")
    lines = cleaned.text.split("\n")
    title, body, _ = _split_title(lines)
    if not body:
        raise Skip("only a title line, no article text")
    url = text.url or cleaned.url or meta.get("url")
    language = detect_language(f"{title}\n{body}")
    date, basis, date_text = _dateline(lines, meta.get("date"), language)
    warnings = [w for w in (decoded_as,) if w]
    body, quarantined = quarantine(body)
    if quarantined or addresses_a_model(title):
        warnings.append(INJECTION_WARNING)
    if not body.strip():
        raise Skip("no article text left after removing lines addressed to an AI model")
    return Article(
        id=article_id, path=name, title=title, text=body, dateline=date, dateline_basis=basis,
        dateline_text=date_text, outlet=_outlet(url, meta.get("sitename"), normalise_layout(raw).split("\n")),
        url=url, author=meta.get("author"), language=language, words=len(re.findall(r"\w+(?:['’-]\w+)*", body)),
        sha256=hashlib.sha256(body.encode()).hexdigest(), dropped_lines=cleaned.dropped + quarantined,
        warnings=tuple(warnings),
    )


def _expand(arg: Path) -> list[Path] | str:
    """Files an argument stands for, or the reason it stands for none."""
    if arg.is_dir():
        files = sorted(
            p for p in arg.rglob("*")
            if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES
            and not any(part.startswith(".") for part in p.relative_to(arg).parts)
        )
        return files or f"directory has no article files ({', '.join(ARTICLE_SUFFIXES)})"
    if not arg.exists():
        return "no such file or directory"
    return [arg] if arg.is_file() else "not a regular file"


def _read(path: Path, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise Skip(f"{size_text(size)}, over the {size_text(max_bytes)} limit; raise it with --max-bytes")
        return path.read_bytes()
    except OSError as exc:
        raise Skip(f"cannot read file: {exc.strerror or exc}") from exc


Reader = Callable[[], _Text]


def _stdin_text(max_bytes: int) -> _Text:
    """``-``: one article from standard input, decoded and sniffed for HTML exactly like a file."""
    data = sys.stdin.buffer.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise Skip(f"more than {size_text(max_bytes)} on standard input; raise the limit with --max-bytes")
    return _file_text(Path(STDIN_NAME), data)


def _fetched(outcome: Page | Skip) -> Reader:
    def read() -> _Text:
        if isinstance(outcome, Skip):
            raise outcome
        return _page_text(outcome)

    return read


def _readers(
    paths: Sequence[str | os.PathLike[str]], max_bytes: int, pages: dict[str, Page | Skip]
) -> list[tuple[str, Reader | str]]:
    """Each input as (the name it is listed under, how to read it), or (name, why it is no input), in order."""
    inputs: list[tuple[str, Reader | str]] = []
    stdin_read = False
    for arg in paths:
        if isinstance(arg, str) and is_url(arg):
            inputs.append((without_credentials(arg) or arg, _fetched(pages[arg])))
        elif arg == STDIN:
            inputs.append((STDIN_NAME, "standard input can be read only once" if stdin_read
                           else lambda: _stdin_text(max_bytes)))
            stdin_read = True
        elif isinstance(expanded := _expand(Path(arg)), str):
            inputs.append((str(arg), expanded))
        else:
            inputs += [(str(path), lambda path=path: _file_text(path, _read(path, max_bytes))) for path in expanded]
    return inputs


def load_articles(
    paths: Sequence[str | os.PathLike[str]], *, max_bytes: int | None = None, max_articles: int | None = None,
    fetch_timeout_s: float | None = None, concurrency: int | None = None,
) -> LoadResult:
    """Ids follow load order (arguments in order, directories sorted) so the same inputs give the same ids.

    A path is a file or a directory of articles; a string that is an http(s) URL is fetched (all URLs first,
    ``concurrency`` at once, each within ``fetch_timeout_s``); ``"-"`` is one article read from standard input.
    The limits default to the ``max_bytes``, ``max_articles``, ``fetch_timeout_s`` and ``concurrency`` settings.
    A file with the same text as an earlier one is loaded too, with its own id: a copy is normal in news, and
    which article it copies is decided in one place, :mod:`summarizer.story.duplicates`.
    """
    max_bytes = default("max_bytes") if max_bytes is None else max_bytes
    max_articles = default("max_articles") if max_articles is None else max_articles
    if isinstance(paths, (str, bytes, os.PathLike)):
        raise ValueError("paths must be a sequence of paths, not a single path")
    if max_bytes < 1 or max_articles < 1:
        raise ValueError("max_bytes and max_articles must be positive")
    urls = list(dict.fromkeys(arg for arg in paths if isinstance(arg, str) and is_url(arg)))
    fetched = fetch_pages(urls, max_bytes=max_bytes, concurrency=concurrency or default("concurrency"),
                          timeout_s=default("fetch_timeout_s") if fetch_timeout_s is None else fetch_timeout_s)
    result = LoadResult()
    for name, read in _readers(paths, max_bytes, dict(zip(urls, fetched, strict=True))):
        if isinstance(read, str):
            result.failures.append(Failure(path=name, stage="load", reason=read))
            continue
        try:
            if len(result.articles) >= max_articles:
                raise Skip(f"over the {max_articles}-article limit; raise it with --max-articles")
            article = _build(name, read(), f"A{len(result.articles) + 1}")
        except Skip as skip:
            result.failures.append(Failure(path=name, stage="load", reason=str(skip)))
            continue
        result.articles.append(article)
    result.articles = _years_for_datelines(result.articles)
    return result


def _years_for_datelines(articles: list[Article]) -> list[Article]:
    """A wire dateline without a year ("MERIDA, Nov 11 (Atlas) -") takes the year the other datelines share, and
    is marked inferred; with no dated article to borrow from it stays unknown."""
    years = Counter(a.dateline.year for a in articles if a.dateline)
    if not years:
        return articles
    year = years.most_common(1)[0][0]
    filled = []
    for article in articles:
        month_day = None
        if article.dateline is None and article.dateline_text:
            found = find_dateline([article.dateline_text], article.language)
            month_day = found.month_day if found else None
        date = with_year(month_day, year) if month_day else None
        filled.append(article.model_copy(update={"dateline": date, "dateline_basis": "inferred"}) if date else article)
    return filled
