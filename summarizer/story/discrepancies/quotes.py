"""Quote discrepancies: one remark printed in different words, in several languages, or as narrative elsewhere."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Literal

from rapidfuzz import fuzz

from summarizer.schema import Article, Discrepancy, Quote, Side
from summarizer.story.duplicates import original
from summarizer.story.remarks import remark_groups
from summarizer.text.quotes import printed_as_narrative
from summarizer.text.verbatim import quote_key, same_words
from summarizer.text.words import content_words, holds_most, negated

# How alike two printed quotes must be (rapidfuzz partial ratio, shorter against the best-matching part of the
# longer) to count as one remark worded differently, and how long the shorter must be for that to mean anything.
QUOTE_VARIANT_SIMILARITY = 90
QUOTE_VARIANT_MIN_WORDS = 5
# Or, for one named speaker, this share of the shorter one's content words in the other (see _reworded).
QUOTE_REWORDED_SHARE = 0.6
# Quotations shorter than this many words are stock phrases ("legitimate military targets"), not evidence.
MIN_QUOTE_WORDS = 6


def _between(kind: Literal["quote", "provenance"], topic: str, first: tuple[str, str], second: tuple[str, str],
             note: str) -> Discrepancy:
    """Two sides, one article each: what each printed, as (says, article id)."""
    sides = tuple(Side(says=says, article_ids=(article_id,)) for says, article_id in (first, second))
    return Discrepancy(kind=kind, topic=topic, sides=sides, note=note)


def quote_discrepancies(quotes: list[Quote], duplicates: Mapping[str, str]) -> list[Discrepancy]:
    """The same words printed differently by two outlets ("a right" / "the right"): at least one is not what was
    said, or one is a re-translation. Near-identical but not identical once typography is normalised."""
    found: list[Discrepancy] = []
    keys = [quote_key(q.text) for q in quotes]
    words = [content_words(k) for k in keys]
    for i, first in enumerate(quotes):
        for j in range(i + 1, len(quotes)):
            second = quotes[j]
            if original(second.article_id, duplicates) == original(first.article_id, duplicates):
                continue
            if len(words[i] & words[j]) < QUOTE_VARIANT_MIN_WORDS - 2:
                continue
            a, b = sorted((keys[i], keys[j]), key=len)
            if a in b or len(a.split()) < QUOTE_VARIANT_MIN_WORDS:
                continue
            if fuzz.partial_ratio(a, b) < QUOTE_VARIANT_SIMILARITY and not _reworded(first, second, words[i], words[j]):
                continue
            speaker = first.speaker or second.speaker
            found.append(_between(
                "quote", f"{speaker + ' quoted' if speaker else 'Quoted'} in different words",
                (f"“{first.text}”", first.article_id), (f"“{second.text}”", second.article_id),
                "the same remark printed differently: check which wording the speaker used",
            ))
    return found


def _reworded(first: Quote, second: Quote, first_words: set[str], second_words: set[str]) -> bool:
    """One speaker's remark in two outlets' words in one language, as two translations of an interview give it
    ("legitimate targets, as long as the response stays proportionate" / "legitimate objectives, provided the
    response remains proportionate"): the same named speaker, the same polarity, and most of the shorter one's
    content words (at least ``QUOTE_VARIANT_MIN_WORDS``) in the other."""
    if not first.speaker or first.speaker != second.speaker or first.language != second.language:
        return False
    if negated(first.text, first.language) != negated(second.text, second.language):
        return False
    shorter, longer = sorted((first_words, second_words), key=len)
    return holds_most(shorter, longer, QUOTE_VARIANT_MIN_WORDS, QUOTE_REWORDED_SHARE)


def _printed(quote: Quote, output_language: str) -> str:
    language = f" ({quote.language})" if quote.language else ""
    shown = f"“{quote.text}”{language}"
    if quote.translation and quote.language not in (None, output_language):
        shown += f" — model translation, not the printed words: {quote.translation}"
    return shown


def provenance_discrepancies(
    quotes: list[Quote], articles: list[Article], duplicates: Mapping[str, str], output_language: str = "en",
    remarks: list[list[Quote]] | None = None,
) -> list[Discrepancy]:
    """Where a quote's own provenance is in doubt: the same remark printed in several languages (at most one
    wording is what was said; the rest are some outlet's translation), and a quote one outlet attributes to a
    speaker that another prints as its own narrative. ``remarks`` is :func:`remark_groups` of ``quotes`` when the
    caller has it already."""
    found: list[Discrepancy] = []
    for printed in remark_groups(quotes, output_language) if remarks is None else remarks:
        languages = sorted({q.language for q in printed if q.language})
        sources = {original(q.article_id, duplicates) for q in printed}
        if len(languages) < 2 or len(sources) < 2:
            continue
        speaker = next((q.speaker for q in printed if q.speaker), None)
        found.append(Discrepancy(
            kind="provenance",
            topic=f"{speaker or 'One remark'} printed in {len(languages)} languages ({', '.join(languages)})",
            sides=tuple(Side(says=_printed(q, output_language), article_ids=(q.article_id,)) for q in printed),
            note="at most one wording is what was said; the others are an outlet's translation, and matching them "
                 "relied on the speaker and the model's translations or the numbers each prints",
        ))
    by_id = {a.id: a for a in articles}
    printed: dict[str, list[str]] = defaultdict(list)
    for quote in quotes:
        printed[quote.article_id].append(quote.text)
    long_quotes = [q for q in quotes if len(q.text.split()) >= MIN_QUOTE_WORDS and q.article_id in by_id]
    wanted = {q.text: content_words(q.text, by_id[q.article_id].language) for q in long_quotes}
    for article in articles:
        vocabulary = content_words(article.text, article.language)
        candidates = [
            q for q in long_quotes
            if original(article.id, duplicates) != original(q.article_id, duplicates)
            and article.language == by_id[q.article_id].language
            # narrative carrying a quote's words has nearly all of them, and an article that prints the same
            # words as a quote of its own is not telling them as narrative
            and len(wanted[q.text] - vocabulary) <= 1
            and not any(same_words(q.text, own) for own in printed[article.id])
        ]
        passages = printed_as_narrative([q.text for q in candidates], article.text) if candidates else {}
        for quote in candidates:
            if quote.text not in passages:
                continue
            who = quote.speaker or "a speaker"
            found.append(_between(
                "provenance", f"Quote or narrative? {quote.article_id} quotes {who}; {article.id} prints the words as its own",
                (f"“{quote.text}” — {who}", quote.article_id), (f"{passages[quote.text]} (no quotation marks)", article.id),
                "one outlet turned a quote into narrative or narrative into a quote: check who said it",
            ))
    return found
