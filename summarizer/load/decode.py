"""Bytes to text: encodings, binary files refused with what they are, and HTML pages reduced to their main text."""

from __future__ import annotations

import codecs
from pathlib import Path

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


def looks_like_html(path: Path, text: str) -> bool:
    head = text.lstrip()[:200].lower()
    return path.suffix.lower() in (".html", ".htm") or head.startswith(("<!doctype html", "<html"))


def from_html(text: str) -> tuple[str, dict[str, str]]:
    """Main text via trafilatura, with the page title on top so the plain-text path can treat it like any file."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(text, with_metadata=True, include_comments=False, favor_precision=True)
    except Exception as exc:  # noqa: BLE001 - a malformed page must become a failure, never stop the run
        raise Skip(f"HTML page could not be parsed ({type(exc).__name__})") from exc
    body = (getattr(doc, "text", None) or "").strip() if doc else ""
    if not any(len(line.split()) >= _MIN_PARAGRAPH_WORDS for line in body.splitlines()):
        raise Skip("HTML page with no extractable main text")
    meta = {k: str(v) for k in ("title", "date", "sitename", "url", "author") if (v := getattr(doc, k, None))}
    return (f"{meta['title']}\n\n{body}" if "title" in meta else body), meta
