"""Which articles are copies of another, and so how many independent sources a set of articles is.

Syndicated wire copy printed by five outlets is one source, not five; every count of sources in the briefing goes
through ``independent`` (or ``original`` for one article), so no step can count a copy twice. A copy is normal in
news, not a failure: it is listed among the sources as a duplicate, and an exact copy is not even briefed again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from summarizer.schema import Article
from summarizer.text.words import WORD

# Word n-gram length for duplicate detection: three words keep word order but survive light copy-editing.
SHINGLE_WORDS = 3
# Texts with fewer shingles than this are too short to call copies of anything.
MIN_SHINGLES = 20


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = [w.casefold() for w in WORD.findall(text)]
    return {tuple(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


def find_near_duplicates(articles: list[Article], threshold: float = 0.9) -> dict[str, str]:
    """Containment of word 3-shingles (shared / smaller set), not token_set_ratio: a bag of words calls any two
    articles on one story similar, and Jaccard punishes the copy that kept only part of the wire text or gained
    a footer. Titles are left out because each outlet rewrites the headline of the same wire copy. Duplicates
    map to the earliest article of their group (by dateline, then input order)."""
    order = sorted(range(len(articles)), key=lambda i: (articles[i].dateline is None, articles[i].dateline, i))
    originals: list[tuple[str, set[tuple[str, ...]]]] = []
    duplicates: dict[str, str] = {}
    for index in order:
        article = articles[index]
        shingles = _shingles(article.text)
        match = next(
            (
                original_id
                for original_id, seen in originals
                if min(len(seen), len(shingles)) >= MIN_SHINGLES
                and len(seen & shingles) / min(len(seen), len(shingles)) >= threshold
            ),
            None,
        )
        if match is None:
            originals.append((article.id, shingles))
        else:
            duplicates[article.id] = match
    return duplicates


def exact_copies(articles: Sequence[Article]) -> dict[str, str]:
    """Articles whose cleaned text is byte for byte an earlier one's (same ``sha256``), mapped to the first of
    them in load order: nothing in a copy is new, so the pipeline does not send it to the model again."""
    first: dict[str, str] = {}
    copies: dict[str, str] = {}
    for article in articles:
        if not article.sha256:
            continue
        if article.sha256 in first:
            copies[article.id] = first[article.sha256]
        else:
            first[article.sha256] = article.id
    return copies


def find_duplicates(articles: Sequence[Article]) -> dict[str, str]:
    """Every copy, exact or near, mapped to the article it copies: the map all source counts are folded with."""
    exact = exact_copies(articles)
    return exact | find_near_duplicates([a for a in articles if a.id not in exact])


def original(article_id: str, duplicates: Mapping[str, str]) -> str:
    """The article an article copies, or itself: the one place "duplicate of" is resolved."""
    return duplicates.get(article_id, article_id)


def independent(article_ids: Iterable[str], duplicates: Mapping[str, str]) -> list[str]:
    """Article ids with syndicated copies folded into the article they copy."""
    return sorted({original(a, duplicates) for a in article_ids})
