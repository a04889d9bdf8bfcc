"""Verbatim matching: whether a quotation's words occur in an article, and as which of its characters.

Every quote the briefing shows passes ``locate_quote``; ``quote_key`` and ``same_words`` are the looser forms used
only to spot one quotation printed twice, never to verify one.
"""

from __future__ import annotations

import bisect
import functools
import re

from summarizer.text.normalise import fold_with_offsets, normalise_typography

_NEARBY = 300  # most normalised characters an ellipsis may stand for between two quoted fragments

# An ellipsis inside a quote (already folded): "...", ". . ." or "[...]", marking omitted words.
_ELLIPSIS = re.compile(r"\[?\s*\.\s?\.\s?\.\s*\]?")


@functools.lru_cache(maxsize=8192)
def quote_key(text: str) -> str:
    """Looser form used only to spot the same quote twice, never to verify one."""
    return normalise_typography(text).strip(" \"'.,;:!?").lower()


def same_words(a: str, b: str) -> bool:
    """One quotation printed inside the other once normalised: the same words, one copy perhaps cut shorter."""
    first, second = quote_key(a), quote_key(b)
    return first in second or second in first


def _fragments(quote: str) -> list[str]:
    """Split a quote at marked omissions; edges lose quote marks and punctuation that outlets change freely.

    With an omission, every fragment needs two words: "Ukraine … lives" would otherwise verify almost anything.
    """
    core = normalise_typography(quote).strip(" \"'")
    parts = [p for p in (p.strip(" \"'.,;:!?") for p in _ELLIPSIS.split(core)) if p]
    return parts if len(parts) < 2 or all(len(p.split()) >= 2 for p in parts) else []


def _bounded(folded: str, i: int, j: int) -> bool:
    """A match must not begin or end inside a word, or "defend itsel" would verify."""
    before = i > 0 and folded[i - 1].isalnum() and folded[i].isalnum()
    after = j < len(folded) and folded[j].isalnum() and folded[j - 1].isalnum()
    return not (before or after)


def _find(fragment: str, folded: str, start: int, stop: int) -> int:
    """Earliest bounded occurrence at or after start (beginning by stop); only the first letter may differ in case."""
    variants = {fragment, fragment[0].swapcase() + fragment[1:]}
    found = [-1]
    for variant in variants:
        i = folded.find(variant, start)
        while 0 <= i <= stop and not _bounded(folded, i, i + len(variant)):
            i = folded.find(variant, i + 1)
        if 0 <= i <= stop:
            found.append(i)
    return min((i for i in found if i >= 0), default=-1)


def locate_spans(quote: str, article_text: str, start: int = 0) -> list[tuple[int, int]] | None:
    """Original-text slices of each quoted fragment, in order and near each other, or None; the first fragment
    at or after the article's character ``start`` (so a caller finds every occurrence without slicing the text,
    whose folded form is cached per text)."""
    fragments = _fragments(quote)
    if not fragments:
        return None
    folded, starts, ends = fold_with_offsets(article_text)
    first = _find(fragments[0], folded, bisect.bisect_left(starts, start), len(folded))
    while first >= 0:
        spans = [(first, first + len(fragments[0]))]
        for fragment in fragments[1:]:
            i = _find(fragment, folded, spans[-1][1], spans[-1][1] + _NEARBY)
            if i < 0:
                break
            spans.append((i, i + len(fragment)))
        if len(spans) == len(fragments):
            return [(starts[i], ends[j - 1]) for i, j in spans]
        first = _find(fragments[0], folded, first + 1, len(folded))
    return None


def locate_quote(quote: str, article_text: str) -> str | None:
    """The gate every displayed quote passes: the article's own characters for it, or None if not verbatim.

    For a quote with an ellipsis the returned span runs from the first fragment to the last, omitted words included.
    """
    spans = locate_spans(quote, article_text)
    return article_text[spans[0][0]:spans[-1][1]] if spans else None

