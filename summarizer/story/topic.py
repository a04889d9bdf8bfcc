"""Which articles belong to another story than the rest of the folder, so they can be left out of the merge.

A folder of articles about one flood can hold an e-reader launch someone saved by mistake; merged, its figures,
dates and quotes would stand beside the flood's as if they were part of it. Pure code, no model: two articles are
*related* when they share anchors that carry over languages (a name or place one article lists and the other
prints, an event date, a number) or, in one language, a good share of their content words. Articles linked by
related pairs form groups; when one group holds most of the folder, every article outside it is off-topic.

Deliberately conservative, because leaving out an on-topic article hides news: one shared name, place or date
is enough to stay in; with two articles there is no majority to judge by; and content words count only between
articles in one language (across languages names, places, dates and numbers carry over, words do not).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from summarizer.schema import ArticleBrief
from summarizer.story.timeline import is_dateline
from summarizer.text.names import is_title, skeleton
from summarizer.text.words import WORD, content_words

# Score at which two articles are related: one shared name, place or date is enough on its own.
RELATED = 1.0
# A shared number is half an anchor: "78 years" or "1,300" is telling, but numbers recur by chance more than names.
NUMBER_WEIGHT = 0.5
# Numbers below this ("two dead", "three days") are too common to link two stories.
SMALLEST_NUMBER = 10
# Weight of the share of content words two same-language articles have in common. Measured on the recorded
# stories: the e-reader launch and the flood wire share 8 % (0.4 here), same-language articles on one story
# 21-64 % (1.05-3.2); so words alone decide only near the line, and names, places and dates do the rest.
WORD_WEIGHT = 5.0
# Texts with fewer content words than this are too short for a share of words to mean anything.
MIN_WORDS = 30
# Fewer articles than this have no majority to tell the story from an outlier.
MIN_ARTICLES = 3


@dataclass(frozen=True)
class Shared:
    """What two articles have in common, by kind: what the relatedness score and the note are made of."""

    names: frozenset[str] = frozenset()
    places: frozenset[str] = frozenset()
    dates: frozenset[str] = frozenset()
    numbers: frozenset[float] = frozenset()
    word_share: float = 0.0

    @property
    def score(self) -> float:
        anchors = len(self.names) + len(self.places) + len(self.dates)
        return anchors + NUMBER_WEIGHT * len(self.numbers) + WORD_WEIGHT * self.word_share


@dataclass(frozen=True)
class _Anchors:
    """One article's side of the comparison: what it names (as name tokens) and prints, dates and counts."""

    language: str | None
    printed: frozenset[str]
    names: tuple[tuple[str, tuple[str, ...]], ...]
    places: tuple[tuple[str, tuple[str, ...]], ...]
    dates: frozenset[str]
    numbers: frozenset[float]
    words: frozenset[str]


def _name_tokens(name: str) -> tuple[str, ...]:
    """The capitalised words of a name, titles left out, folded by :func:`skeleton` ("Estrémadure" ~ "Estremadure")."""
    return tuple(skeleton(t) for t in WORD.findall(name) if t[:1].isupper() and len(t) >= 3 and not is_title(t))


def _named(names: Iterable[str]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((name, tokens) for name in dict.fromkeys(names) if (tokens := _name_tokens(name)))


def _anchors(brief: ArticleBrief) -> _Anchors:
    """What the extraction gave (names, places, events, figures, checked speakers) and the article's own words.
    The dateline's day is not an anchor: any two articles written the same day share it."""
    article = brief.article
    speakers = [q.speaker for q in brief.quotes if q.speaker]
    dates = {e.date.isoformat() for e in brief.events if e.date and not is_dateline(e, article)}
    return _Anchors(
        language=article.language,
        printed=frozenset(skeleton(w) for w in WORD.findall(article.full_text)),
        names=_named(brief.people + brief.organisations + speakers),
        places=_named(brief.places),
        dates=frozenset(dates - {article.dateline.isoformat()} if article.dateline else dates),
        numbers=frozenset(f.value for f in brief.figures if f.value >= SMALLEST_NUMBER),
        words=frozenset(w for w in content_words(article.full_text, article.language) if not _has_digit(w)),
    )


def _has_digit(word: str) -> bool:
    """Numbers are compared as figures ("1,300" is "1.300"), not as the word pieces "1" and "300"."""
    return any(ch.isdigit() for ch in word)


def _mentioned(names: tuple[tuple[str, tuple[str, ...]], ...], printed: frozenset[str]) -> set[str]:
    """Names one article lists that the other prints, every word of them: a name is the same in every language,
    and the other article's extraction may have missed it."""
    return {name for name, tokens in names if all(t in printed for t in tokens)}


def _shared(a: _Anchors, b: _Anchors) -> Shared:
    comparable = a.language == b.language and min(len(a.words), len(b.words)) >= MIN_WORDS
    words = a.words & b.words if comparable else frozenset()
    return Shared(
        names=frozenset(_mentioned(a.names, b.printed) | _mentioned(b.names, a.printed)),
        places=frozenset(_mentioned(a.places, b.printed) | _mentioned(b.places, a.printed)),
        dates=a.dates & b.dates,
        numbers=a.numbers & b.numbers,
        word_share=len(words) / min(len(a.words), len(b.words)) if words else 0.0,
    )


def shared_between(briefs: Sequence[ArticleBrief]) -> dict[tuple[str, str], Shared]:
    """What every pair of articles shares, keyed by both orders of their ids."""
    anchors = {b.article.id: _anchors(b) for b in briefs}
    pairs: dict[tuple[str, str], Shared] = {}
    ids = list(anchors)
    for i, first in enumerate(ids):
        for second in ids[i + 1:]:
            pairs[first, second] = pairs[second, first] = _shared(anchors[first], anchors[second])
    return pairs


def relatedness(briefs: Sequence[ArticleBrief]) -> dict[str, float]:
    """Each article's score with the article it is most related to: what decides, and what the report prints."""
    pairs = shared_between(briefs)
    ids = [b.article.id for b in briefs]
    return {a: max((pairs[a, b].score for b in ids if b != a), default=0.0) for a in ids}


def _groups(ids: list[str], pairs: Mapping[tuple[str, str], Shared]) -> list[set[str]]:
    """Articles linked by related pairs, transitively (a background piece related to one report is in)."""
    groups: list[set[str]] = []
    for article_id in ids:
        linked = [g for g in groups if any(pairs[article_id, other].score >= RELATED for other in g)]
        merged = {article_id}.union(*linked)
        groups = [g for g in groups if g not in linked] + [merged]
    return groups


def off_topic(briefs: Sequence[ArticleBrief]) -> dict[str, str]:
    """Article id -> why it is left out, for every article outside the group that holds most of the folder.

    Nothing is flagged with fewer than three articles, nor when no group holds more than half of them (then the
    folder has no one story to judge by)."""
    ids = [b.article.id for b in briefs]
    if len(ids) < MIN_ARTICLES:
        return {}
    pairs = shared_between(briefs)
    story = max(_groups(ids, pairs), key=len)
    if len(story) * 2 <= len(ids):
        return {}
    outside = [a for a in ids if a not in story]
    return {a: _note(a, sorted(story, key=ids.index), pairs, alone=len(outside) == 1) for a in outside}


def _note(article_id: str, story: list[str], pairs: Mapping[tuple[str, str], Shared], alone: bool) -> str:
    """The reason in words, true of what was measured: no names, places or dates in common, and what little it
    does share (a number, a few words)."""
    others = f"the other {len(story)} articles" if alone else f"the {len(story)} articles of the main story"
    numbers = sorted(set().union(*(pairs[article_id, b].numbers for b in story)))
    words = max(pairs[article_id, b].word_share for b in story)
    extra = []
    if numbers:
        extra.append("only the number" + ("s " if len(numbers) > 1 else " ") + ", ".join(f"{n:g}" for n in numbers))
    if words:
        extra.append(f"at most {words:.0%} of content words in common")
    also = f" ({'; '.join(extra)})" if extra else ""
    return f"off-topic: shares no names, places or dates with {others}{also}"


def on_topic(briefs: Sequence[ArticleBrief], left_out: Mapping[str, str]) -> list[ArticleBrief]:
    """The briefs the merge is built from: all but those left out as off-topic."""
    return [b for b in briefs if b.article.id not in left_out]
