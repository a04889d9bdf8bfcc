"""Content words: the part of a sentence that says what it is about, for comparing sentences cheaply."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from stop_words import StopWordError, get_stop_words

WORD = re.compile(r"\w+")
# English words that never make two sentences about the same thing. Kept short on purpose: the stop-words
# package's English list (1,333 words) also removes "fire", "million", "year", "first", "group", which are what
# news sentences are about; for every other language its list is the function words alone, and is used.
STOPWORDS = frozenset(
    "a an and are as at be been by for from had has have he her his in into is it its of on or our she said says "
    "that the their them they this to was we were which who will with".split()
)


@functools.cache
def stopwords(language: str | None) -> frozenset[str]:
    """English function words, plus those of ``language``: a German claim is compared on its nouns and verbs,
    not on "die", "den", "hat" and "und"."""
    if language in (None, "en"):
        return STOPWORDS
    try:
        return STOPWORDS | {w.casefold() for w in get_stop_words(language)}
    except StopWordError:
        return STOPWORDS


@functools.cache
def function_words(language: str | None) -> frozenset[str]:
    """Every function word of English and of ``language`` (the full lists, "after", "off", "early" included):
    for telling whether two sentences, one perhaps translated, report the same thing, where the short list above
    would let "after" and "off" make two events one."""
    english = {w.casefold() for w in get_stop_words("en")}
    return stopwords(language) | english


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of literal words, longest first, so "mil millones" wins over "mil"."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def content_words(text: str, language: str | None = None) -> set[str]:
    """The words of ``text`` that are not function words of English or of ``language`` (the text's language)."""
    ignored = stopwords(language)
    return {w for w in (t.casefold() for t in WORD.findall(text)) if w not in ignored and len(w) > 1}


def holds_most(wanted: set[str], words: set[str], at_least: int, share: float) -> bool:
    """Whether ``words`` hold at least ``at_least`` of ``wanted`` and that ``share`` of them: the one test of "says
    the same thing" that claims, quotations and summary sentences are compared by."""
    shared = len(wanted & words)
    return shared >= at_least and shared >= share * len(wanted)


def overlap(claim: str, passage: str, language: str | None = None) -> float:
    """Share of the claim's content words that the passage contains: how much of the claim it can back."""
    wanted = content_words(claim, language)
    return len(wanted & content_words(passage, language)) / len(wanted) if wanted else 0.0


# Words that negate a statement, per language: a translation that loses (or adds) one says the opposite.
NEGATIONS = {
    "en": r"not|no|never|nothing|nobody|none|neither|nor|without|cannot|n't",
    "de": r"nicht|kein|keine|keinen|keinem|keiner|keines|nie|niemals|nichts|niemand|weder|ohne",
    "fr": r"ne|n'|n’|jamais|rien|aucun|aucune|ni|sans|personne ne",
    "es": r"no|nunca|jamás|nada|nadie|ningún|ninguna|ninguno|ni|sin|tampoco",
    "it": r"non|mai|niente|nulla|nessuno|nessuna|né|senza",
    "nl": r"niet|geen|nooit|niets|niemand|noch|zonder",
    "pt": r"não|nunca|nada|ninguém|nenhum|nenhuma|nem|sem",
}


def negation_words(language: str | None) -> frozenset[str]:
    """The one-word negations of ``language`` (casefolded), for comparisons that must not count them as content."""
    return frozenset(w for w in NEGATIONS.get(language or "en", "").split("|") if w.isalpha())


def statement_words(text: str, language: str | None = None) -> set[str]:
    """The content words two statements are compared on, negations left out (their polarity is compared apart):
    "This is not a mission of the Alliance" and "The Alliance has not played any role" share "Alliance", not a
    second word in "not"."""
    return content_words(text, language) - negation_words(language)


def negated(text: str, language: str | None) -> bool | None:
    """Whether ``text`` contains a negation in ``language``; None for a language without a list here."""
    words = NEGATIONS.get(language or "en")
    if words is None:
        return None
    return re.search(rf"(?<!\w)(?:{words})(?!\w)|n't\b", text, re.IGNORECASE) is not None
