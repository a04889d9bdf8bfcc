"""Bytes to text: encodings, binary files refused with what they are, and HTML pages reduced to their main text."""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml.html import HtmlElement
    from markdown_it.token import Token

# File signatures, so the failure can say what the file is rather than just "not text".
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"), (b"\xff\xd8\xff", "JPEG image"), (b"GIF8", "GIF image"),
    (b"%PDF-", "PDF document"), (b"PK\x03\x04", "zip archive"), (b"PK\x05\x06", "zip archive"),
    (b"\x1f\x8b", "gzip archive"), (b"7z\xbc\xaf\x27\x1c", "7z archive"), (b"\x7fELF", "executable"),
    (b"SQLite format 3\x00", "SQLite database"),
)
_TEXT_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# A file counts as UTF-8 with damage, not as another encoding, when its valid multi-byte characters outnumber
# the bad bytes; a cp1252 file has no valid multi-byte characters at all, so it still goes to charset-normalizer.
_MAX_BAD_UTF8 = 100
# UTF-16 without a BOM: NULs (the high byte of ASCII) at one parity only, on at least this share of its bytes.
_MIN_UTF16_NUL_SHARE = 0.1
# Menus that slip past trafilatura ("Home World") have no sentence-length line; real article text always does.
_MIN_PARAGRAPH_WORDS = 8


class Skip(Exception):
    """Carries a user-facing reason out of the per-file pipeline."""


def size_text(n: int) -> str:
    """A byte count as a limit message shows it: "2.0 MB", "3.5 KB", "12 bytes"."""
    return f"{n / 1e6:.1f} MB" if n >= 100_000 else f"{n / 1e3:.1f} KB" if n >= 1000 else f"{n} bytes"


def decode(data: bytes) -> tuple[str, str | None]:
    """UTF-8 first (no warning); otherwise charset-normalizer, breaking near-ties toward cp1252, the common case."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise Skip(f"binary file ({kind}), not an article")
    if b"\x00" in data and not data.startswith(_TEXT_BOMS):
        utf16 = _bomless_utf16(data)
        if utf16 is None:
            raise Skip("binary file (contains NUL bytes), not an article")
        return utf16
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    damaged = _damaged_utf8(data.removeprefix(codecs.BOM_UTF8))
    if damaged is not None:
        return damaged
    import charset_normalizer

    matches = list(charset_normalizer.from_bytes(data))
    if not matches:
        raise Skip("binary file (no text encoding found), not an article")
    best = matches[0]
    best = next((m for m in matches if m.encoding == "cp1252" and m.chaos <= best.chaos + 0.1), best)
    return str(best), None if best.encoding in ("utf_8", "ascii") else f"decoded as {best.encoding}"


def _bomless_utf16(data: bytes) -> tuple[str, str] | None:
    """UTF-16 saved without a BOM has NULs on one parity only; binary data has them anywhere."""
    even, odd = data[0::2].count(0), data[1::2].count(0)
    for nuls, other, half, encoding in ((odd, even, data[1::2], "utf_16_le"), (even, odd, data[0::2], "utf_16_be")):
        if other == 0 and nuls >= _MIN_UTF16_NUL_SHARE * len(half):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                return None
            return (text, f"decoded as {encoding} (no byte-order mark)") if "\x00" not in text else None
    return None


def _damaged_utf8(data: bytes) -> tuple[str, str] | None:
    """UTF-8 with a few bad bytes: guessing another encoding would garble every valid character to save a few."""
    parts: list[str] = []
    bad = 0
    while bad <= _MAX_BAD_UTF8:
        try:
            parts.append(data.decode("utf-8"))
            break
        except UnicodeDecodeError as exc:
            parts.extend((data[: exc.start].decode("utf-8"), "\ufffd"))
            bad += exc.end - exc.start
            data = data[exc.end :]
    else:
        return None
    text = "".join(parts)
    if sum(ord(c) > 127 and c != "\ufffd" for c in text) <= bad:
        return None
    return text, f"decoded as UTF-8 with {bad} invalid byte{'s' if bad != 1 else ''} replaced by U+FFFD"


def looks_like_markdown(path: Path) -> bool:
    return path.suffix.lower() in (".md", ".markdown")


# An inline HTML tag that opens something a reader does not see: its text is skipped up to the closing tag.
_HIDDEN_TAG = re.compile(
    r"^<(?P<name>[a-z][a-z0-9-]*)\b(?:[^>]*\b(?:hidden|aria-hidden\s*=\s*[\"']?true|style\s*=\s*[\"'][^\"']*"
    r"(?:display\s*:\s*none|visibility\s*:\s*hidden))|(?<=<template)|(?<=<noscript))",
    re.IGNORECASE,
)


def from_markdown(text: str) -> str:
    """The article's text out of Markdown, so that syntax is not mistaken for content: links become their text,
    images, emphasis markers, heading hashes and reference definitions go, as do raw HTML blocks and comments
    (not shown to a reader) and hidden inline elements. Blocks are paragraphs; a line break stays a line break,
    so the loader's line-by-line checks see the author's lines. Tables keep a row per line, cells joined by " | "."""
    from markdown_it import MarkdownIt

    blocks: list[str] = []
    row: list[str] | None = None
    for token in MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(text):
        if token.type == "tr_open":
            row = []
        elif token.type == "tr_close" and row is not None:
            blocks.append(" | ".join(row))
            row = None
        elif token.type == "inline":
            inline = _inline_text(token.children or [])
            row.append(inline) if row is not None else blocks.append(inline)
        elif token.type in ("fence", "code_block"):
            blocks.append(token.content.rstrip("\n"))
    return "\n\n".join(block for block in blocks if block.strip())


def _inline_text(children: list[Token]) -> str:
    """Text of one block's inline tokens; images and raw HTML tags drop out, a hidden element with its text."""
    out: list[str] = []
    hidden: list[str] = []  # names of the hidden elements we are inside
    for child in children:
        if child.type == "html_inline":
            tag = child.content
            if hidden and re.match(rf"</{hidden[-1]}\s*>", tag, re.IGNORECASE):
                hidden.pop()
            elif opened := _HIDDEN_TAG.match(tag):
                if not tag.rstrip().endswith("/>"):
                    hidden.append(opened.group("name").lower())
            elif hidden and re.match(rf"<{hidden[-1]}\b", tag, re.IGNORECASE) and not tag.endswith("/>"):
                hidden.append(hidden[-1])
        elif hidden:
            continue
        elif child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append("\n")
    return re.sub(r"[ \t]{2,}", " ", "".join(out)).strip()


def looks_like_html(path: Path, text: str) -> bool:
    head = text.lstrip()[:200].lower()
    return path.suffix.lower() in (".html", ".htm") or head.startswith(("<!doctype html", "<html"))


# What a reader never sees on the page: comments, hidden elements, templates and no-script fallbacks. trafilatura
# keeps some of them (``hidden``, ``<template>``), and a number inside one was listed under Figures.
_LOWER = "translate({}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ ', 'abcdefghijklmnopqrstuvwxyz')"  # and spaces out
_INVISIBLE = (
    "//comment() | //processing-instruction() | //template | //noscript | //*[@hidden]"
    f" | //*[{_LOWER.format('@aria-hidden')} = 'true']"
    f" | //*[contains({_LOWER.format('@style')}, 'display:none')]"
    f" | //*[contains({_LOWER.format('@style')}, 'visibility:hidden')]"
)


def visible_html(text: str) -> HtmlElement:
    """The page as an lxml tree without what a browser does not show (see ``_INVISIBLE``); tails are kept, so
    the visible text after a removed element stays. An XML declaration goes first: lxml refuses one in a str."""
    from lxml import html as lxml_html

    tree = lxml_html.document_fromstring(re.sub(r"^\s*<\?xml[^>]*\?>", "", text))
    for node in tree.xpath(_INVISIBLE):
        if node.getparent() is not None:
            node.drop_tree()
    return tree


def from_html(text: str) -> tuple[str, dict[str, str]]:
    """Main text via trafilatura, with the page title on top so the plain-text path can treat it like any file.
    Only what a reader sees is text: comments and hidden elements go first (:func:`visible_html`)."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(visible_html(text), with_metadata=True, include_comments=False,
                                          favor_precision=True)
    except Exception as exc:  # noqa: BLE001 - a malformed page must become a failure, never stop the run
        raise Skip(f"HTML page could not be parsed ({type(exc).__name__})") from exc
    body = (getattr(doc, "text", None) or "").strip() if doc else ""
    if not any(len(line.split()) >= _MIN_PARAGRAPH_WORDS for line in body.splitlines()):
        raise Skip("HTML page with no extractable main text")
    meta = {k: str(v) for k in ("title", "date", "sitename", "url", "author") if (v := getattr(doc, k, None))}
    return (f"{meta['title']}\n\n{body}" if "title" in meta else body), meta
