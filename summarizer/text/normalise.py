"""Two normal forms of text, one per meaning, so no caller has to guess which ``normalise`` it got.

``normalise_layout`` is the loader's: line endings, Unicode composition and blank runs, so that two copies of a
file hash alike while their lines stay lines. ``normalise_typography`` is the comparison form: quotation marks,
dashes and whitespace folded, so that outlets' typography never decides whether two texts say the same words.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Typographic variants folded to ASCII for comparison, so curly vs straight marks or dashes never decide a match.
_FOLD = {**dict.fromkeys("“”„‟«»", '"'), **dict.fromkeys("‘’‚‛", "'"), **dict.fromkeys("–—‒―−", "-"), "…": "..."}
_INVISIBLE = {"\u200b", "\ufeff", "\xad"}
_FOLD_TABLE = str.maketrans({**_FOLD, **dict.fromkeys(_INVISIBLE)})

# C0 controls except tab and newline, DEL and C1: ESC or BEL from a file name or article would drive the terminal.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def strip_controls(text: str) -> str:
    """Text safe to show a person: a file name or article cannot recolour, retitle or beep their terminal."""
    return _CONTROLS.sub("", text)


def normalise_layout(text: str) -> str:
    """One newline style, NFC, no trailing spaces, at most one blank line in a row: so hashes compare content."""
    lines = [line.rstrip() for line in unicodedata.normalize("NFC", text.lstrip("\ufeff")).splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


@functools.lru_cache(maxsize=64)
def fold_with_offsets(text: str) -> tuple[str, tuple[int, ...], tuple[int, ...]]:
    """Normalise while remembering, for each output character, the original slice it came from.

    The map is what lets a match found in normalised text be handed back as the article's own characters.
    """
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    space_at = -1
    for i, ch in enumerate(text):
        if ch in _INVISIBLE:
            continue
        if ch.isspace():
            space_at = i if space_at < 0 else space_at
            continue
        if space_at >= 0 and chars:
            chars.append(" ")
            starts.append(space_at)
            ends.append(i)
        space_at = -1
        for out in _FOLD.get(ch, ch):
            chars.append(out)
            starts.append(i)
            ends.append(i + 1)
    return "".join(chars), tuple(starts), tuple(ends)



@functools.lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Accent- and case-insensitive form, for names printed with and without diacritics ("Ibáñez", "Ibanez").

    Cached: the speaker checks fold the same article (and the same text before a quotation) once per candidate."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()


def normalise_typography(text: str) -> str:
    """Comparison form: typography and layout differ between outlets and copies, words must not.

    Same result as ``fold_with_offsets(text)[0]`` without the offset map, at C speed: it runs on every article for every check.
    """
    return " ".join(text.translate(_FOLD_TABLE).split())

