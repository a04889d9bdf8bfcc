"""Content words: the part of a sentence that says what it is about, for comparing sentences cheaply."""

from __future__ import annotations

import re

WORD = re.compile(r"\w+")
# Words that never make two sentences about the same thing.
STOPWORDS = frozenset(
    "a an and are as at be been by for from had has have he her his in into is it its of on or our she said says "
    "that the their them they this to was we were which who will with".split()
)


def content_words(text: str) -> set[str]:
    return {w for w in (t.casefold() for t in WORD.findall(text)) if w not in STOPWORDS and len(w) > 1}


def overlap(claim: str, passage: str) -> float:
    """Share of the claim's content words that the passage contains: how much of the claim it can back."""
    wanted = content_words(claim)
    return len(wanted & content_words(passage)) / len(wanted) if wanted else 0.0
