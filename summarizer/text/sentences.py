"""The package's one sentence splitter, so every module cuts a text into the same sentences.

It lives apart from dates because everything uses it (figures, quotes, attributions, evidence), but it knows
about dates on purpose: "Aug. 6" and "am 14. Juni" carry a full stop that does not end a sentence.
"""

from __future__ import annotations

import bisect
import functools
import re

# Abbreviations whose full stop ends no sentence, English and the honorifics of other languages' copy ("M. Voisin",
# "Sra. Ibáñez", "Dhr. Vos").
_ABBREVIATIONS = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|St|Gen|Sen|Rep|Gov|Lt|Col|Sgt|Prof|No|vs|U\.S|U\.N|U\.K|M|Mme|Mlle|Sr|Sra|"
                            r"Srta|Sig|Dott|Dhr|Mevr)\.$")
_SENTENCE_END = re.compile(r"[.!?…][\"”’')\]]*\s+|\n+")
# Languages that write a day as an ordinal with a full stop ("14. Juni", "6. srpna").
_ORDINAL_DAY_LANGUAGES = ("de", "da", "nb", "cs", "pl", "fi", "sk", "sl", "hr")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Split on sentence ends, but not inside "Aug. 6" or before a name after "Mr.", which would cut a date off."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        is_newline = not match.group().strip()
        following = text[match.end() : match.end() + 1]
        head = text[start : match.start() + 1]
        if not is_newline and (following.islower() or following.isdigit() or _ABBREVIATIONS.search(head)
                               or _ordinal_date(head, text[match.end():match.end() + 12])):
            continue
        spans.append((start, match.start() + len(match.group().rstrip())))
        start = match.end()
    spans.append((start, len(text)))
    return spans


@functools.cache
def _ordinal_months() -> re.Pattern[str]:
    """Month names of the languages that write a day as an ordinal with a full stop ("14. Juni", "6. srpna")."""
    from summarizer.text.dates import month_pattern  # dates splits its text into sentences with this module

    words = []
    for language in _ORDINAL_DAY_LANGUAGES:
        month = month_pattern(language)
        if month is not None:
            words.append(month.pattern)
    return re.compile("|".join(words) or r"(?!)")


def _ordinal_date(head: str, following: str) -> bool:
    """"am 14. Juni": the full stop after a day number is not a sentence end when a month name follows."""
    return bool(re.search(r"\b\d{1,2}\.$", head)) and _ordinal_months().match(following) is not None


def sentences(text: str) -> list[str]:
    """The text's sentences, stripped; one splitter for the whole package so every module cuts alike."""
    return [text[start:end].strip() for start, end in sentence_spans(text) if text[start:end].strip()]


def sentence_at(spans: list[tuple[int, int]], text: str, offset: int) -> str:
    index = bisect.bisect_right(spans, (offset, len(text) + 1)) - 1
    begin, end = spans[max(index, 0)]
    return text[begin:end].strip()
