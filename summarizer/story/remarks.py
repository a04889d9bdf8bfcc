"""Quotes compared across articles: which printed quotes are one remark, in one language or several.

The grouping runs once per briefing; agreement and the provenance check both read its groups.
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz.distance import Levenshtein

from summarizer.schema import Quote
from summarizer.story.groups import group
from summarizer.text.names import same_name_token
from summarizer.text.normalise import fold, normalise_typography
from summarizer.text.quantities import numbers_said
from summarizer.text.verbatim import same_words
from summarizer.text.words import statement_words

# Across languages a remark is compared through translations: same speaker, and this share (and number) of the
# shorter rendering's content words in the other.
CROSS_LANGUAGE_SHARE = 0.6
CROSS_LANGUAGE_SHARED_WORDS = 2
# Or, translated or not, the same speaker and the same numbers, at least this many of them ("cinco por ciento en dos
# años, después de tres años" and "vijf procent over twee jaar is na drie jaar": 5, 2 and 3).
SHARED_NUMBERS = 2
# From this length, words one letter apart are one word in two spellings (see ``_same_word``).
COGNATE_LETTERS = 8


def _same_speaker(a: Quote, b: Quote) -> bool:
    return bool(a.speaker and b.speaker and same_name_token(a.speaker.split()[-1], b.speaker.split()[-1]))


def same_remark(a: Quote, b: Quote, output_language: str) -> bool:
    """One printed inside the other (same language), or, across languages, the same speaker and either the same
    numbers (at least two) or most of the shorter one's content words (at least two, or its only one) in the other
    once both are in the briefing's language."""
    if a.language == b.language or None in (a.language, b.language):
        return same_words(a.text, b.text)
    if not _same_speaker(a, b):
        return False
    if _same_numbers(a, b):
        return True
    left, right = a.readable_in(output_language), b.readable_in(output_language)
    if not (left and right):
        return False
    shorter, longer = sorted((statement_words(left, output_language), statement_words(right, output_language)), key=len)
    shared = {word for word in shorter if any(_same_word(word, other) for other in longer)}
    needed = min(CROSS_LANGUAGE_SHARED_WORDS, len(shorter))  # a one-word remark ("unacceptable") has one to share
    return bool(shorter) and len(shared) >= needed and len(shared) >= CROSS_LANGUAGE_SHARE * len(shorter)


def _same_numbers(a: Quote, b: Quote) -> bool:
    """Two renderings that print the same two or more numbers: no translation needed to see they are one remark."""
    numbers = numbers_said(a.text, a.language)
    return len(numbers) >= SHARED_NUMBERS and numbers == numbers_said(b.text, b.language)


def _same_word(a: str, b: str) -> bool:
    """The same word, or a long one a translation spelled as its cognate ("inacceptable" for "unacceptable")."""
    return a == b or (min(len(a), len(b)) >= COGNATE_LETTERS and Levenshtein.distance(a, b) == 1)


def one_name_per_speaker(quotes: list[Quote]) -> list[Quote]:
    """The same person under one name across articles and languages: "Aagaard" in one article and "Søren
    Aagaard" in another both become the fuller form, unless two different full names share the surname."""
    by_surname: dict[str, set[str]] = {}
    for quote in quotes:
        if quote.speaker:
            by_surname.setdefault(fold(quote.speaker.split()[-1]), set()).add(quote.speaker)
    fullest = {}
    for surname, names in by_surname.items():
        longest = max(names, key=len)
        if all(fold(longest).endswith(fold(n)) for n in names):
            fullest[surname] = longest
    return [q.model_copy(update={"speaker": fullest.get(fold(q.speaker.split()[-1]), q.speaker)}) if q.speaker else q
            for q in quotes]


def unique_quotes(quotes: Iterable[Quote]) -> list[Quote]:
    """Each article's quotes once: the model and code may both have found one, typeset differently."""
    seen: set[tuple[str, str]] = set()
    unique = []
    for quote in quotes:
        key = (quote.article_id, normalise_typography(quote.text))
        if key not in seen:
            seen.add(key)
            unique.append(quote)
    return unique


def remark_groups(quotes: list[Quote], output_language: str) -> list[list[Quote]]:
    """Quotes grouped by remark (see :func:`same_remark`), in input order."""
    return group(quotes, lambda a, b: same_remark(a, b, output_language))
