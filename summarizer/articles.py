"""Loading input files into cleaned ``Article`` records; no model and no network.

A bad input never stops a run: each one becomes a ``Failure`` whose one-line reason tells the user what to fix,
because a briefing built from four of five articles is still useful if it says which one was left out and why.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from summarizer.schema import Article, DateBasis, Failure
from summarizer.settings import default
from summarizer.text.dates import find_dateline, infer_dateline
from summarizer.text.language import detect_language
from summarizer.text.normalise import normalise_layout

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
INJECTION_WARNING = (
    "contains text addressed to an AI model (possible prompt injection); those lines were kept out of the model's "
    "input and the evidence"
)
INJECTION_MARK = "[addressed to an AI model] "

_I = re.IGNORECASE
_SHARE_WORD = (
    r"(?:share(?: this)?(?: article| story| on)?|tweet|facebook|twitter|x|whatsapp|telegram|linkedin|reddit"
    r"|e-?mail|print|copy link)"
)
_LINK = r"\[[^\]]+\]\([^)]*\)"
_AGENCY = r"(?:AFP|AP|Reuters|EPA|Getty Images|Anadolu|Xinhua|TASS|dpa|UPI|Shutterstock)"

# Whole lines that are site furniture rather than reporting. Each is matched against the line with bullets and
# Markdown emphasis removed (and against the line as written, for credits that rely on ``**``).
BOILERPLATE: tuple[re.Pattern[str], ...] = (
    # Newsletter and subscription prompts: "Subscribe now", "Sign up for our newsletter".
    re.compile(r"^(?:subscribe|sign up)(?: now| today| here)?(?: (?:to|for) (?:our|the|a free)\b.{0,40})?\W*$"
               r"|^get our (?:free )?newsletter\b.{0,60}$", _I),
    # Donation prompts: "Support Us", "Support UP or become our patron!".
    re.compile(r"^(?:support (?:us|up)\b.{0,60}|become (?:our|a) patron\b.{0,40}|donate(?: now)?!?)$", _I),
    # Social prompts: "Follow us on Instagram!".
    re.compile(r"^follow us\b.{0,60}$", _I),
    # Ad slot labels: "Advertisement:", "Sponsored content".
    re.compile(r"^(?:advertisement|advert|ads?|sponsored(?: content)?|promoted)\s*:?$", _I),
    # Short-link widgets: "Short Url".
    re.compile(r"^short (?:url|link)\b.{0,80}$", _I),
    # Share-button rows: "Share", "Facebook | Twitter | Email".
    re.compile(rf"^{_SHARE_WORD}(?:[\s|/·•,:]+{_SHARE_WORD})*\s*:?$", _I),
    # Cross-links: "Read more:", "Related articles".
    re.compile(r"^(?:read (?:more|also)|related(?: articles| stories| news)?|see also)\s*:?$", _I),
    # Copyright footers: "© 2024 Example Times. All rights reserved."
    re.compile(r"^(?:©|\(c\)|copyright\s*(?:©|\(c\))?\s*\d{4}).{0,120}$|\ball rights reserved\.?$", _I),
    # Photo credits: "Jens Stoltenberg. Photo: Getty Images", "(Photo by X/AFP via Getty Images)".
    re.compile(r"(?:^|\.\s+)(?:photos?|photograph|image|picture|credit)\s*(?:by\s*)?:\s*[^.!?\"“”]{1,60}$", _I),
    re.compile(r"^\(?(?:photo|image)s? (?:by|courtesy of)\b[^()]{1,80}\)?$", _I),
    # Captions signed by an agency: "... at the Oslo City Hall. (AFP)".
    re.compile(rf"\({_AGENCY}(?: photo)?(?:\s*/[^)]*)?\)$", _I),
    # Upper-case credit lines, alone or ending a caption: "**KIN CHEUNG / POOL / AFP**".
    re.compile(r"(?:^|[.)]\s*)\**[A-Z][A-Z .'’-]+(?:\s*/\s*[A-Z][A-Z .'’-]+)+\**$"),
    # Link-only lines, including Markdown bylines: "By [AFP](#)".
    re.compile(rf"^(?:by\s+)?{_LINK}(?:\s*(?:,|and|&)\s*{_LINK})*$", _I),
    # Bare URLs (the one after "Original url:" is kept in ``Article.url``).
    re.compile(r"^<?https?://\S+>?$", _I),
)
_ORIGINAL_URL = re.compile(r"^original (?:url|link|article|source)\s*:\s*<?(https?://[^\s>]+)?>?$", _I)
_URL = re.compile(r"https?://[^\s>)]+")
_BYLINE = re.compile(r"^by\s+([^\d.]{2,60})$", _I)

# Lines that speak to a model instead of a reader; removed from the text and listed (see _quarantine).
INJECTION_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(
        r"\b(?:ignore|forget)\s+(?:all\s+)?(?:the\s+|your\s+)?(?:previous|prior|above|earlier)\s+"
        r"(?:instructions|prompts|messages|rules)",
        _I,
    ),
    re.compile(r"\bdisregard\s+(?:all\s+)?(?:of\s+)?(?:the\s+)?(?:above|previous|prior)", _I),
    re.compile(r"\byou are now\b", _I),
    re.compile(r"\bsystem prompt\b", _I),
    re.compile(r"\bas an AI\b", _I),
)

# File signatures, so the failure can say what the file is rather than just "not text".
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"), (b"\xff\xd8\xff", "JPEG image"), (b"GIF8", "GIF image"),
    (b"%PDF-", "PDF document"), (b"PK\x03\x04", "zip archive"), (b"PK\x05\x06", "zip archive"),
    (b"\x1f\x8b", "gzip archive"), (b"7z\xbc\xaf\x27\x1c", "7z archive"), (b"\x7fELF", "executable"),
    (b"SQLite format 3\x00", "SQLite database"),
)
_TEXT_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# Menus that slip past trafilatura ("Home World") have no sentence-length line; real article text always does.
_MIN_PARAGRAPH_WORDS = 8


@dataclass
class LoadResult:
    """Articles and per-file failures side by side, so callers can report both without try/except."""

    articles: list[Article] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)


class _Skip(Exception):
    """Carries a user-facing reason out of the per-file pipeline."""


@dataclass(frozen=True)
class Cleaned:
    """Result of :func:`clean_text`: kept text plus what was removed and any source URL found in the removed part."""

    text: str
    dropped: tuple[str, ...]
    url: str | None


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 100_000 else f"{n / 1e3:.1f} KB" if n >= 1000 else f"{n} bytes"


def _bare(line: str) -> str:
    """Strip bullets and Markdown emphasis so a "**Advertisement:**" line matches the same pattern."""
    line = re.sub(r"^\s*(?:[•·*+-]\s+)", "", line.strip())
    return line.strip("*_ ").strip()


def _is_boilerplate(line: str) -> bool:
    forms = {line.strip(), _bare(line)}
    return any(p.search(form) for p in BOILERPLATE for form in forms if form)


def clean_text(text: str) -> Cleaned:
    """Drop boilerplate lines, keeping them for the report; the URL after "Original url:" is kept as the source."""
    kept: list[str] = []
    dropped: list[str] = []
    url: str | None = None
    awaiting_url = False
    for line in normalise_layout(text).split("\n"):
        original = _ORIGINAL_URL.match(_bare(line))
        link = _URL.search(line)
        if original or _is_boilerplate(line):
            dropped.append(line.strip())
            if original:
                url = url or original.group(1)
                awaiting_url = url is None
            elif awaiting_url and link:
                url, awaiting_url = link.group(), False
        else:
            kept.append(line)
            awaiting_url = awaiting_url and not line.strip()
    return Cleaned(normalise_layout("\n".join(kept)), tuple(dropped), url)


def _decode(data: bytes) -> tuple[str, str | None]:
    """UTF-8 first (no warning); otherwise charset-normalizer, breaking near-ties toward cp1252, the common case."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise _Skip(f"binary file ({kind}), not an article")
    if b"\x00" in data and not data.startswith(_TEXT_BOMS):
        raise _Skip("binary file (contains NUL bytes), not an article")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    import charset_normalizer

    matches = list(charset_normalizer.from_bytes(data))
    if not matches:
        raise _Skip("binary file (no text encoding found), not an article")
    best = matches[0]
    best = next((m for m in matches if m.encoding == "cp1252" and m.chaos <= best.chaos + 0.1), best)
    return str(best), None if best.encoding in ("utf_8", "ascii") else f"decoded as {best.encoding}"


def _looks_like_html(path: Path, text: str) -> bool:
    head = text.lstrip()[:200].lower()
    return path.suffix.lower() in (".html", ".htm") or head.startswith(("<!doctype html", "<html"))


def _from_html(text: str) -> tuple[str, dict[str, str]]:
    """Main text via trafilatura, with the page title on top so the plain-text path can treat it like any file."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(text, with_metadata=True, include_comments=False, favor_precision=True)
    except Exception as exc:  # noqa: BLE001 - a malformed page must become a failure, never stop the run
        raise _Skip(f"HTML page could not be parsed ({type(exc).__name__})") from exc
    body = (getattr(doc, "text", None) or "").strip() if doc else ""
    if not any(len(line.split()) >= _MIN_PARAGRAPH_WORDS for line in body.splitlines()):
        raise _Skip("HTML page with no extractable main text")
    meta = {k: str(v) for k in ("title", "date", "sitename", "url") if (v := getattr(doc, k, None))}
    return (f"{meta['title']}\n\n{body}" if "title" in meta else body), meta


def _title(line: str) -> str:
    return re.sub(r"^#+\s*", "", line.strip()).strip("*_ ").strip()


def _split_title(lines: list[str]) -> tuple[str, str, tuple[str, ...]]:
    """Title, body and repeats of the title: pages often print the headline twice, and once is enough."""
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
        byline = _BYLINE.match(re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", _bare(line)))
        if byline and len(byline.group(1).split()) <= 6:
            return byline.group(1).strip()
    return None


def _dateline(
    lines: list[str], raw: str, meta_date: str | None, language: str | None
) -> tuple[dt.date | None, DateBasis, str | None]:
    """Inference reads the raw text too: a dropped photo caption still proves the article is no older than it."""
    if found := find_dateline(lines, language):
        return found[0], "stated", found[1]
    if meta_date:
        try:
            return dt.date.fromisoformat(meta_date[:10]), "stated", meta_date
        except ValueError:
            pass
    if inferred := infer_dateline(raw, language):
        return inferred[0], "inferred", inferred[1]
    return None, "unknown", None


def _addresses_a_model(line: str) -> bool:
    return any(pattern.search(line) for pattern in INJECTION_PATTERNS)


def _quarantine(body: str) -> tuple[str, tuple[str, ...]]:
    """Lines that talk to a model are not news: a small model obeys them even inside delimiters (measured with
    the local model), and as evidence they would let an article vouch for its own injected claims. They are
    removed like boilerplate and listed, marked, among the dropped lines."""
    kept, removed = [], []
    for line in body.split("\n"):
        (removed if _addresses_a_model(line) else kept).append(line)
    return "\n".join(kept), tuple(INJECTION_MARK + line.strip() for line in removed)


def _build(path: Path, data: bytes) -> Article:
    """One file to one article (id assigned by the caller), or ``_Skip`` with the reason it cannot be one."""
    if not data:
        raise _Skip("empty file (0 bytes)")
    raw, decoded_as = _decode(data)
    if not raw.strip():
        raise _Skip("file contains only whitespace")
    meta: dict[str, str] = {}
    if _looks_like_html(path, raw):
        raw, meta = _from_html(raw)
    cleaned = clean_text(raw)
    if not cleaned.text:
        raise _Skip(f"no article text left after removing {len(cleaned.dropped)} boilerplate lines")
    lines = cleaned.text.split("\n")
    title, body, repeats = _split_title(lines)
    if not body:
        raise _Skip("only a title line, no article text")
    url = cleaned.url or meta.get("url")
    language = detect_language(f"{title}\n{body}")
    date, basis, date_text = _dateline(lines, normalise_layout(raw), meta.get("date"), language)
    warnings = [w for w in (decoded_as,) if w]
    body, quarantined = _quarantine(body)
    if quarantined or _addresses_a_model(title):
        warnings.append(INJECTION_WARNING)
    if not body.strip():
        raise _Skip("no article text left after removing lines addressed to an AI model")
    return Article(
        id="", path=str(path), title=title, text=body, dateline=date, dateline_basis=basis,
        dateline_text=date_text, outlet=_outlet(url, meta.get("sitename"), normalise_layout(raw).split("\n")),
        url=url, language=language, words=len(re.findall(r"\w+(?:['’-]\w+)*", body)),
        sha256=hashlib.sha256(body.encode()).hexdigest(), dropped_lines=cleaned.dropped + repeats + quarantined,
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
            raise _Skip(f"{_size(size)}, over the {_size(max_bytes)} limit; raise it with --max-bytes")
        return path.read_bytes()
    except OSError as exc:
        raise _Skip(f"cannot read file: {exc.strerror or exc}") from exc


def load_articles(
    paths: Sequence[str | os.PathLike[str]], *, max_bytes: int | None = None, max_articles: int | None = None
) -> LoadResult:
    """Ids follow load order (arguments in order, directories sorted) so the same inputs give the same ids.
    The limits default to the ``max_bytes`` and ``max_articles`` settings."""
    max_bytes = default("max_bytes") if max_bytes is None else max_bytes
    max_articles = default("max_articles") if max_articles is None else max_articles
    if isinstance(paths, (str, bytes, os.PathLike)):
        raise ValueError("paths must be a sequence of paths, not a single path")
    if max_bytes < 1 or max_articles < 1:
        raise ValueError("max_bytes and max_articles must be positive")
    result = LoadResult()
    by_hash: dict[str, Article] = {}
    for arg in paths:
        expanded = _expand(Path(arg))
        if isinstance(expanded, str):
            result.failures.append(Failure(path=str(arg), stage="load", reason=expanded))
            continue
        for path in expanded:
            try:
                if len(result.articles) >= max_articles:
                    raise _Skip(f"over the {max_articles}-article limit; raise it with --max-articles")
                article = _build(path, _read(path, max_bytes))
                if earlier := by_hash.get(article.sha256):
                    raise _Skip(f"same text as {earlier.id} ({earlier.path}); skipped")
            except _Skip as skip:
                result.failures.append(Failure(path=str(path), stage="load", reason=str(skip)))
                continue
            article = article.model_copy(update={"id": f"A{len(result.articles) + 1}"})
            by_hash[article.sha256] = article
            result.articles.append(article)
    return result
