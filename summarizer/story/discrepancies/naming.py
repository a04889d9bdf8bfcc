"""Naming discrepancies: one interview credited to different outlets."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz

from summarizer.schema import Article, Discrepancy, Side
from summarizer.story.discrepancies.quotes import MIN_QUOTE_WORDS
from summarizer.story.groups import group_where
from summarizer.text.names import skeleton
from summarizer.text.quotes import find_quotes
from summarizer.text.sentences import sentences
from summarizer.text.verbatim import quote_key

# Articles whose datelines are at most this far apart may be reporting the same interview.
SAME_PERIOD_DAYS = 7
# partial_ratio above which two quotations are the same words (one quoting the other, or both one speech).
SAME_QUOTE_RATIO = 85
# Descriptors that make a following capitalised name an outlet ("newspaper Die Welt", "magazine Spiegel").
_MEDIUM = r"(?:newspaper|magazine|daily|weekly|broadcaster|tabloid|news agency|agency|outlet|television|TV|radio)"
# An outlet name: capitalised words, optionally joined by the lowercase particles of titles ("Welt am Sonntag").
_OUTLET_NAME = r"(?:The\s+)?[A-Z][\w&.-]*(?:\s+(?:(?:am|an|de|del|der|des|du|la|le|of|and)\s+)?[A-Z][\w&.-]*)*"
# Audiences that are not a named outlet; they are recognised so they are never read as an outlet name.
_GENERIC_AUDIENCE = (
    r"(?:[A-Z][a-z]+\s+)?(?:media|press|reporters|journalists|lawmakers)\b|a (?:news |press )?conference\b"
)
# "told German newspaper Die Welt", "in an interview with The Economist", "according to German magazine Spiegel".
_ATTRIBUTION = re.compile(
    r"\b(?P<verb>(?:said\s+)?in\s+an\s+interview\s+with|interview\s+with|told|according\s+to)\s+"
    rf"(?:(?P<descriptor>(?:(?:[A-Z][a-z]+|U\.S\.)\s+)?{_MEDIUM})\s+)?"
    rf"(?:(?P<generic>{_GENERIC_AUDIENCE})|(?P<outlet>{_OUTLET_NAME}))"
)
# A run of capitalised words (a speaker's name and title) at the end of the text before an attribution verb,
# allowing up to two lowercase words in between ("Zelenskyy confirmed in an interview with").
_SPEAKER = re.compile(r"([A-Z][\w-]+(?:\s+[A-Z][\w-]+)*)[,]?(?:\s+[a-z]+){0,2}\s*$")
# Pronouns and sentence openers that are not speakers.
_NOT_SPEAKERS = frozenset({"He", "She", "They", "It", "We", "I", "The", "This", "That", "Source", "Quote"})
# Particles dropped when comparing outlet names, so "The Economist" and "Economist" are one outlet.
_OUTLET_PARTICLES = frozenset({"the", "die", "der", "das", "le", "la", "les", "el"})


@dataclass(frozen=True)
class Attribution:
    """Who said something to which outlet, as written; ``generic`` ones ("told reporters") name no outlet."""

    article_id: str
    speaker: str | None
    outlet: str
    written: str
    sentence: str
    generic: bool


def _speaker_before(before: str) -> str | None:
    match = _SPEAKER.search(before)
    if not match:
        return None
    words = [w for w in match.group(1).split() if w not in _NOT_SPEAKERS]
    return words[-1] if words else None


def find_attributions(article: Article) -> list[Attribution]:
    """Bare "told X" is read as an outlet only with a descriptor ("newspaper") or in an article that mentions an
    interview, because "Stoltenberg told Zelensky" names a person, not a publication."""
    found: list[Attribution] = []
    for sentence in sentences(article.full_text):
        for match in _ATTRIBUTION.finditer(sentence):
            bare = match["verb"] in {"told", "according to"} and not match["descriptor"]
            if match["outlet"] and bare and "interview" not in article.full_text.casefold():
                continue
            outlet = (match["generic"] or match["outlet"]).rstrip(".")
            written = " ".join(p for p in (match["descriptor"], outlet) if p)
            found.append(
                Attribution(
                    article_id=article.id,
                    speaker=_speaker_before(sentence[: match.start()]),
                    outlet=outlet,
                    written=written,
                    sentence=sentence,
                    generic=match["generic"] is not None,
                )
            )
    return found


def _outlet_key(outlet: str) -> str:
    return " ".join(w for w in outlet.casefold().split() if w not in _OUTLET_PARTICLES)


@functools.lru_cache(maxsize=1024)
def _quotations(article: Article) -> tuple[str, ...]:
    """The article's quoted speech as found by ``quotes.find_quotes``, once per article however many pairs ask."""
    keys = (quote_key(q.text) for q in find_quotes(article))
    return tuple(k for k in keys if len(k.split()) >= MIN_QUOTE_WORDS)


def _far_apart(a: Article, b: Article) -> bool:
    return bool(a.dateline and b.dateline and abs((a.dateline - b.dateline).days) > SAME_PERIOD_DAYS)


def _linked(a: Article, b: Article) -> bool:
    """Same interview evidence: datelines days apart, or (for an undated article) a shared quotation, since the
    words an interview produced travel with it while the sentences around them are rewritten."""
    if a.id == b.id or (a.dateline and b.dateline and not _far_apart(a, b)):
        return True
    return any(fuzz.partial_ratio(x, y) >= SAME_QUOTE_RATIO for x in _quotations(a) for y in _quotations(b))


def _naming_note(outlets: list[str]) -> str:
    shared = set.intersection(*(set(_outlet_key(o).split()) for o in outlets))
    if shared:
        word = sorted(shared)[0].capitalize()
        return f"possibly the same {word} group interview under two names, or two publications"
    return "different outlets credited with what may be the same interview; check which one ran it"


def _same_interview(members: list[Attribution], article: Article, by_id: dict[str, Article]) -> bool:
    """Linked to one member and dated far from none."""
    return (not any(_far_apart(by_id[m.article_id], article) for m in members)
            and any(_linked(by_id[m.article_id], article) for m in members))


def naming_discrepancies(articles: list[Article]) -> list[Discrepancy]:
    """An attribution joins a group if it is linked to one member and dated far from none, so an undated
    article cannot chain two interviews months apart into one."""
    by_id = {a.id: a for a in articles}
    by_speaker: dict[str, list[Attribution]] = defaultdict(list)
    for article in sorted(articles, key=lambda a: (a.dateline is None, a.dateline or dt.date.min, a.id)):
        for attribution in find_attributions(article):
            if attribution.speaker and not attribution.generic:
                by_speaker[skeleton(attribution.speaker)].append(attribution)
    found: list[Discrepancy] = []
    for attributions in by_speaker.values():
        for same_interview in group_where(attributions, lambda g, item: _same_interview(g, by_id[item.article_id], by_id)):
            outlets: dict[str, list[Attribution]] = defaultdict(list)
            for item in same_interview:
                outlets[_outlet_key(item.outlet)].append(item)
            if len(outlets) < 2 or len({i.article_id for i in same_interview}) < 2:
                continue
            sides = tuple(
                Side(
                    says=f"{items[0].speaker} spoke to {max((i.written for i in items), key=len)}",
                    article_ids=tuple(sorted({i.article_id for i in items})),
                    claimant=items[0].speaker,
                )
                for items in outlets.values()
            )
            names = [items[0].outlet for items in outlets.values()]
            found.append(
                Discrepancy(
                    kind="naming",
                    topic=f"{same_interview[0].speaker} interview: {' or '.join(names)}?",
                    sides=sides,
                    note=_naming_note(names),
                )
            )
    return found
