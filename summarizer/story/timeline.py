"""Dated events from every article merged into one timeline: one line per event and day, however many report it."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import Counter, defaultdict

from rapidfuzz import fuzz

from summarizer.schema import Article, Event, TimelineEntry
from summarizer.story.duplicates import original
from summarizer.story.groups import group
from summarizer.text.dates import after_dateline, calendar_words
from summarizer.text.figures import values_in
from summarizer.text.words import WORD, function_words

# token_set_ratio between two same-day event descriptions (stopwords removed) that makes them one event.
SAME_EVENT_RATIO = 60
# Words either side of a date phrase that say what happened that day, and how many must match.
EVENT_WINDOW = 10
SHARED_WORDS_NEAR_DATE = 2
TIMELINE_TEXT = 180
# A letter: an event whose text has none (a bare "BURGOS, 17 Oct." once its dateline is off) is nothing to show.
_WORDS = re.compile(r"[^\W\d_]")
MIN_TIMELINE_WORDS = 8
# Words reporters use interchangeably for the start of one military push; deliberately narrow ("strikes" and
# "raids" are usually separate events from an offensive, so they are not folded in).
_EVENT_SYNONYMS = {
    **dict.fromkeys(("incursion", "counteroffensive", "invasion", "operation", "offensive"), "offensive"),
    **dict.fromkeys(("began", "begun", "begins", "started", "starts", "launch", "launches", "launched"), "launched"),
}


@functools.lru_cache(maxsize=4096)
def _content(what: str, language: str | None = None, dates: bool = False) -> str:
    """Function words out, and (unless ``dates``) weekdays, months and day numbers, since the day is already the
    same; news synonyms folded, so "the offensive began" meets "launched an incursion" and "after" or "Monday"
    make no two sentences one. Two sentences that both print the full date ("14 June 2022") keep it: the same
    date written out in two reports is evidence of one event, a weekday or a dateline's day is not."""
    ignored = function_words(language)
    words = (t.casefold() for t in WORD.findall(what))
    return " ".join(_EVENT_SYNONYMS.get(w, w) for w in words if w not in ignored and len(w) > 1 and (
        dates or not (calendar_words(w, language) or _day_or_year(w))))


def _day_or_year(word: str) -> bool:
    return word.isdigit() and (int(word) <= 31 or 1900 <= int(word) <= 2100)


def _around_date(event: Event) -> set[str]:
    """Content words near the date phrase: what a sentence says happened on that day, not everything else in it."""
    at = event.what.find(event.when_text)
    if at < 0:
        return set(_content(event.what, event.language).split())
    before = _content(event.what[:at], event.language).split()[-EVENT_WINDOW:]
    after = _content(event.what[at + len(event.when_text):], event.language).split()[:EVENT_WINDOW]
    return set(before + after)


def same_event(a: Event, b: Event) -> bool:
    """Same day is given; then two shared words next to the date, or similar wording overall, make one event.

    Sentences from articles in different languages are compared through their translations."""
    if a.translation or b.translation:
        dates = a.basis == b.basis == "stated"
        left, right = _readable_words(a, dates), _readable_words(b, dates)
        return (len(set(left.split()) & set(right.split())) >= SHARED_WORDS_NEAR_DATE
                or fuzz.token_set_ratio(left, right) >= SAME_EVENT_RATIO)
    shared = _around_date(a) & _around_date(b)
    return (len(shared) >= SHARED_WORDS_NEAR_DATE
            or fuzz.token_set_ratio(_content(a.what, a.language), _content(b.what, b.language)) >= SAME_EVENT_RATIO)


def _readable_words(event: Event, dates: bool = False) -> str:
    """The content words of what a reader is shown: a translation is English, the original its own language."""
    return _content(event.readable, None if event.translation else event.language, dates)


def _numbers(event: Event) -> set[float]:
    return values_in(event.readable, None if event.translation else event.language)


def _fair_wordings(cluster: list[Event]) -> list[Event]:
    """Wordings that state only numbers most reports of the event print: an event four articles report must not
    read as if all four gave the one figure the first of them printed, while a figure six of seven print is the
    event's, not one source's."""
    numbers = [_numbers(e) for e in cluster]
    counts = Counter(value for own in numbers for value in own)
    shared = {value for value, seen in counts.items() if seen * 2 > len(cluster)}
    fair = [e for e, own in zip(cluster, numbers, strict=True) if own <= shared]
    return fair or [min(zip(cluster, numbers, strict=True), key=lambda pair: len(pair[1]))[0]]


def _telling(cluster: list[Event], output_language: str) -> Event:
    """The wording the other reports agree with most, the shortest of those: a line should read at a glance but not
    as a fragment.
    A sentence printed in the briefing's language beats a translated one, which beats one left in another language
    (its translation failed a check, or none was made); one with figures most reports do not print loses to one
    without."""
    fair = _fair_wordings(cluster)
    printed = ([e for e in fair if e.language in (None, output_language)] or [e for e in fair if e.translation]
               or fair)
    full = [e for e in printed if len(e.readable.split()) >= MIN_TIMELINE_WORDS]
    if not full:
        return max(printed, key=lambda e: len(e.readable))
    return max(full, key=lambda e: (_agreement(e, cluster), -len(e.readable)))


def _agreement(event: Event, cluster: list[Event]) -> float:
    """The share of a wording's content words the other reports of its event also use, summed over them: a
    faithful wording scores high, a translation gone wrong ("Commissioner is working on Calyra Systems") low, and
    a long sentence gains nothing for its length."""
    own = set(_readable_words(event).split())
    if not own:
        return 0.0
    return sum(len(own & set(_readable_words(other).split())) / len(own) for other in cluster if other is not event)


def _clip(text: str, limit: int = TIMELINE_TEXT) -> str:
    """Cut at a word, with a visible ellipsis, so a long sentence does not swamp the timeline."""
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def is_dateline(event: Event, article: Article) -> bool:
    """The article's own dateline ("MERIDA, Spain, Nov 11 (Atlas) - Two people …") dates the article, not an event
    in it: a timeline line for it would repeat the first sentence under the day it was written."""
    dateline = " ".join((article.dateline_text or "").split())
    when = event.when_text.strip(" .,;:–—-")
    return bool(dateline) and bool(when) and when in dateline and " ".join(event.what.split()).startswith(dateline)


def without_dateline(event: Event, article: Article) -> Event:
    """A lead sentence's event told without the dateline it opens with, in the original and the translation."""
    what, translation = after_dateline(event.what, article.dateline_text, event.translation)
    return event if what == event.what else event.model_copy(update={"what": what, "translation": translation})


def _without_misdated(events: list[Event]) -> list[Event]:
    """A model event whose date phrase code also found in that article, on another day, is the same phrase
    resolved without its sentence ("strike ends" on Friday, read as the Friday before): code's reading of the
    article's own sentence, which carries the tense, stands, and the model's copy goes."""
    def phrase(event: Event) -> tuple[str, str]:
        return event.article_id, event.when_text.casefold().strip()

    printed = {phrase(e): e.date for e in events if e.found_by != "model"}
    return [e for e in events if e.found_by != "model" or printed.get(phrase(e), e.date) == e.date]


def build_timeline(events: list[Event], duplicates: dict[str, str], output_language: str = "en") -> list[TimelineEntry]:
    """Two articles reporting one launch on one day must make one line, not two; same day is required, so the
    text test can be lenient (token_set_ratio over content words, which also fires on a shared key noun such as
    "offensive"). A duplicate article's events count under the article it copies."""
    by_day: dict[dt.date, list[Event]] = defaultdict(list)
    events = _without_misdated(events)
    told = (e for e in events if e.date is not None and _WORDS.search(e.readable))
    for event in sorted(told, key=lambda e: (e.date, e.article_id)):
        by_day[event.date].append(event)  # type: ignore[index]
    entries = [
        TimelineEntry(
            date=day,
            what=_clip(telling.readable),
            basis="stated" if any(e.basis == "stated" for e in cluster) else "inferred",
            article_ids=tuple(sorted({original(e.article_id, duplicates) for e in cluster})),
            when_texts=tuple(dict.fromkeys(e.when_text for e in cluster)),
            translated_from=telling.language if telling.translation else None,
            languages=tuple(sorted({e.language for e in cluster if e.language})),
        )
        for day, same_day in by_day.items()
        for cluster in group(same_day, same_event)
        for telling in [_telling(cluster, output_language)]
    ]
    return sorted(entries, key=lambda e: (e.date, e.what))
