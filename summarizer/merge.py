"""The deterministic half of reconciliation: pure functions over per-article results.

Whatever can be compared exactly (duplicate texts, name spellings, dates, numbers, outlet names, kinds of
place) is merged here, in code, so the model is only asked for judgment. Discrepancy detectors live in
:mod:`summarizer.discrepancies` and are re-exported so callers have one place to import from.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections import Counter, defaultdict
from typing import Literal

from rapidfuzz import fuzz

from summarizer.discrepancies import (
    Attribution,
    factual_discrepancies,
    find_attributions,
    naming_discrepancies,
    numeric_discrepancies,
)
from summarizer.groups import group
from summarizer.schema import Article, ArticleBrief, Discrepancy, Entity, Event, Side, TimelineEntry
from summarizer.text.names import same_name_token, strip_titles
from summarizer.text.words import STOPWORDS, WORD

EntityKind = Literal["person", "organisation", "place"]

__all__ = [
    "Attribution",
    "build_timeline",
    "factual_discrepancies",
    "find_attributions",
    "find_near_duplicates",
    "group",
    "merge_entities",
    "naming_discrepancies",
    "numeric_discrepancies",
    "stale_articles",
]

# Word n-gram length for duplicate detection: three words keep word order but survive light copy-editing.
SHINGLE_WORDS = 3
# Texts with fewer shingles than this are too short to call copies of anything.
MIN_SHINGLES = 20
# token_set_ratio between two same-day event descriptions (stopwords removed) that makes them one event.
SAME_EVENT_RATIO = 60
# Words either side of a date phrase that say what happened that day, and how many must match.
EVENT_WINDOW = 10
SHARED_WORDS_NEAR_DATE = 2
TIMELINE_TEXT = 180
MIN_TIMELINE_WORDS = 8
# A key event must be reported by at least this many articles other than the one being judged stale.
STALE_WITNESSES = 2

# A leading lowercase "the" a model adds ("the EU"); a capitalised "The" may be part of a name ("The Economist").
_LOWERCASE_THE = re.compile(r"^the\s+")
# Words reporters use interchangeably for the start of one military push; deliberately narrow ("strikes" and
# "raids" are usually separate events from an offensive, so they are not folded in).
_EVENT_SYNONYMS = {
    **dict.fromkeys(("incursion", "counteroffensive", "invasion", "operation", "offensive"), "offensive"),
    **dict.fromkeys(("began", "begun", "begins", "started", "starts", "launch", "launches", "launched"), "launched"),
}
# Lowercase words skipped when forming an organisation's acronym ("North Atlantic Treaty Organization" -> NATO).
_ACRONYM_SKIP = frozenset({"of", "the", "and", "for"})



# ---------------------------------------------------------------------------------------------------------------
# Near-duplicates


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


# ---------------------------------------------------------------------------------------------------------------
# Entities


def _clean(name: str, kind: EntityKind) -> str:
    text = " ".join(unicodedata.normalize("NFKC", name).replace("’", "'").split()).strip(" .,;:'\"")
    text = _LOWERCASE_THE.sub("", text)
    return " ".join(strip_titles(text.split())) if kind == "person" else text


def _acronym(long: list[str]) -> str:
    return "".join(w[0] for w in long if w.casefold() not in _ACRONYM_SKIP).upper()


def _first_names_match(a: str, b: str, initials: bool) -> bool:
    x, y = a.rstrip("."), b.rstrip(".")
    return same_name_token(x, y) or (initials and min(len(x), len(y)) == 1 and x[0].casefold() == y[0].casefold())


def _names_match(a: str, b: str, kind: EntityKind) -> bool:
    """Same length: every word matches; people with a middle name or an initial: first and last match; an
    organisation may be its acronym. A bare surname is handled separately because it needs the whole list to be
    unambiguous."""
    ta, tb = a.split(), b.split()
    full_names = kind == "person" and len(ta) > 1 and len(tb) > 1
    if len(ta) == len(tb):
        return _first_names_match(ta[0], tb[0], full_names) and all(map(same_name_token, ta[1:], tb[1:]))
    if full_names:
        return _first_names_match(ta[0], tb[0], True) and same_name_token(ta[-1], tb[-1])
    if kind == "organisation" and min(len(ta), len(tb)) == 1:
        short, long = (ta, tb) if len(ta) == 1 else (tb, ta)
        return short[0].isupper() and len(short[0]) >= 2 and short[0] == _acronym(long)
    return False


class _Clusters:
    """Union-find over spellings, so transitive variants ("Zelensky" ~ "Zelenskyy" ~ "Zelenskiy") end up together."""

    def __init__(self, items: list[str]) -> None:
        self.parent = {item: item for item in items}

    def find(self, item: str) -> str:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: str, b: str) -> None:
        self.parent[self.find(a)] = self.find(b)

    def groups(self) -> list[list[str]]:
        grouped: dict[str, list[str]] = defaultdict(list)
        for item in self.parent:
            grouped[self.find(item)].append(item)
        return list(grouped.values())


@functools.lru_cache(maxsize=4096)
def _spelling_pattern(spelling: str) -> re.Pattern[str]:
    either_apostrophe = re.escape(spelling).replace("'", "['’]")
    return re.compile(rf"(?<!\w){either_apostrophe}(?!\w)")


def _mentioned(text: str, spelling: str) -> bool:
    """Whole words only, and either apostrophe, since names were cleaned to straight ones."""
    head = spelling.split("'")[0]
    return head in text and _spelling_pattern(spelling).search(text) is not None


def _entities_of_kind(briefs: list[ArticleBrief], kind: EntityKind, field_name: str) -> list[Entity]:
    written: dict[str, Counter[str]] = defaultdict(Counter)
    ids: dict[str, set[str]] = defaultdict(set)
    for brief in briefs:
        for raw in dict.fromkeys(getattr(brief, field_name)):
            name = _clean(raw, kind)
            if name:
                written[name.casefold()][name] += 1
                ids[name.casefold()].add(brief.article.id)
    spelling = {key: counts.most_common(1)[0][0] for key, counts in written.items()}
    clusters = _Clusters(list(spelling))
    keys = list(spelling)
    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            if _names_match(spelling[a], spelling[b], kind):
                clusters.union(a, b)
    if kind == "person":
        _attach_surnames(clusters, spelling)
    entities: list[Entity] = []
    for members in clusters.groups():
        best = max(members, key=lambda k: (len(spelling[k].split()) if kind == "person" else 0,
                                         sum(written[k].values()), len(spelling[k]), spelling[k]))
        variants = tuple(sorted({spelling[k] for k in members if k != best}))
        listed = set().union(*(ids[k] for k in members))
        found = listed | _articles_naming(briefs, [spelling[best], *variants], kind)
        entities.append(Entity(name=spelling[best], kind=kind, variants=variants, article_ids=tuple(sorted(found))))
    return entities


def _articles_naming(briefs: list[ArticleBrief], spellings: list[str], kind: EntityKind) -> set[str]:
    """A person is also found by surname alone ("Stoltenberg said"), once the surname is long enough to be
    distinctive; other kinds only by a full spelling."""
    if kind == "person":
        spellings = spellings + [s.split()[-1] for s in spellings if len(s.split()) > 1 and len(s.split()[-1]) >= 4]
    return {b.article.id for b in briefs if any(_mentioned(_searchable(b.article), s) for s in spellings)}


@functools.lru_cache(maxsize=1024)
def _searchable(article: Article) -> str:
    return f"{article.title}\n{article.text}"


def _attach_surnames(clusters: _Clusters, spelling: dict[str, str]) -> None:
    """A bare surname joins a full name only when exactly one full-name cluster carries that surname; a bare
    first name never does, since "Jens" alone says nothing about which Jens."""
    for key, name in spelling.items():
        if len(name.split()) != 1 or any(len(spelling[k].split()) > 1 for k in _members(clusters, key)):
            continue
        owners = {clusters.find(k) for k, full in spelling.items()
                  if len(full.split()) > 1 and same_name_token(full.split()[-1], name)}
        if len(owners) == 1:
            clusters.union(key, owners.pop())


def _members(clusters: _Clusters, key: str) -> list[str]:
    root = clusters.find(key)
    return [k for k in clusters.parent if clusters.find(k) == root]


def merge_entities(briefs: list[ArticleBrief]) -> list[Entity]:
    """Also scans each article's own text for every merged spelling: the model lists names selectively, and a
    place named in an article is mentioned there whether or not the model listed it."""
    fields: tuple[tuple[EntityKind, str], ...] = (
        ("person", "people"), ("organisation", "organisations"), ("place", "places")
    )
    merged = [
        entity
        for kind, field_name in fields
        for entity in _entities_of_kind(briefs, kind, field_name)
    ]
    places = {name for e in merged if e.kind == "place" for name in (e.name, *e.variants)}
    # A country or city a model also listed as an organisation ("Ukraine") is shown once, as a place.
    merged = [e for e in merged if e.kind != "organisation" or e.name not in places]
    return sorted(merged, key=lambda e: (-len(e.article_ids), e.name))


# ---------------------------------------------------------------------------------------------------------------
# Timeline and stale articles


def _content(what: str) -> str:
    """Stopwords out and news synonyms folded, so "the offensive began" meets "launched an incursion"."""
    words = (t.casefold() for t in WORD.findall(what))
    return " ".join(_EVENT_SYNONYMS.get(w, w) for w in words if w not in STOPWORDS)


def _around_date(event: Event) -> set[str]:
    """Content words near the date phrase: what a sentence says happened on that day, not everything else in it."""
    at = event.what.find(event.when_text)
    if at < 0:
        return set(_content(event.what).split())
    before = _content(event.what[:at]).split()[-EVENT_WINDOW:]
    after = _content(event.what[at + len(event.when_text):]).split()[:EVENT_WINDOW]
    return set(before + after)


def _readable(event: Event) -> str:
    """The event's sentence in the briefing's language: its translation when the article is in another one."""
    return event.translation or event.what


def same_event(a: Event, b: Event) -> bool:
    """Same day is given; then two shared words next to the date, or similar wording overall, make one event.

    Sentences from articles in different languages are compared through their translations."""
    if a.translation or b.translation:
        left, right = set(_content(_readable(a)).split()), set(_content(_readable(b)).split())
        return (len(left & right) >= SHARED_WORDS_NEAR_DATE
                or fuzz.token_set_ratio(_content(_readable(a)), _content(_readable(b))) >= SAME_EVENT_RATIO)
    shared = _around_date(a) & _around_date(b)
    return len(shared) >= SHARED_WORDS_NEAR_DATE or fuzz.token_set_ratio(_content(a.what), _content(b.what)) >= SAME_EVENT_RATIO


def _telling(cluster: list[Event]) -> Event:
    """The shortest wording that still says something: a line should read at a glance but not as a fragment.
    A sentence printed in the briefing's language beats a translated one."""
    printed = [e for e in cluster if not e.translation] or cluster
    full = [e for e in printed if len(_readable(e).split()) >= MIN_TIMELINE_WORDS]
    return min(full, key=lambda e: len(_readable(e))) if full else max(printed, key=lambda e: len(_readable(e)))


def _clip(text: str, limit: int = TIMELINE_TEXT) -> str:
    """Cut at a word, with a visible ellipsis, so a long sentence does not swamp the timeline."""
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def build_timeline(events: list[Event], duplicates: dict[str, str]) -> list[TimelineEntry]:
    """Two articles reporting one launch on one day must make one line, not two; same day is required, so the
    text test can be lenient (token_set_ratio over content words, which also fires on a shared key noun such as
    "offensive"). A duplicate article's events count under the article it copies."""
    by_day: dict[dt.date, list[Event]] = defaultdict(list)
    for event in sorted((e for e in events if e.date is not None), key=lambda e: (e.date, e.article_id)):
        by_day[event.date].append(event)  # type: ignore[index]
    entries = [
        TimelineEntry(
            date=day,
            what=_clip(_readable(telling)),
            basis="stated" if any(e.basis == "stated" for e in cluster) else "inferred",
            article_ids=tuple(sorted({duplicates.get(e.article_id, e.article_id) for e in cluster})),
            when_texts=tuple(dict.fromkeys(e.when_text for e in cluster)),
            translated_from=telling.language if telling.translation else None,
            languages=tuple(sorted({e.language for e in cluster if e.language})),
        )
        for day, same_day in by_day.items()
        for cluster in group(same_day, same_event)
        for telling in [_telling(cluster)]
    ]
    return sorted(entries, key=lambda e: (e.date, e.what))


def stale_articles(briefs: list[ArticleBrief], timeline: list[TimelineEntry]) -> list[Discrepancy]:
    """An article written before something that two other articles report cannot know about it, so its
    "latest" reads as out of date. An undated article is never judged: silence beats a false accusation.
    Takes the merged timeline, where syndicated copies already count as one article."""
    found: list[Discrepancy] = []
    for brief in briefs:
        article = brief.article
        if article.dateline is None:
            continue
        later = [e for e in timeline
                 if e.date > article.dateline and len(set(e.article_ids) - {article.id}) >= STALE_WITNESSES]
        if not later:
            continue
        day = article.dateline.isoformat()
        dates = ", ".join(dict.fromkeys(e.date.isoformat() for e in later[:3])) + (" …" if len(later) > 3 else "")
        witnesses = ", ".join(sorted({i for e in later for i in e.article_ids} - {article.id}))
        side = Side(says=f"{article.title} (dated {day}, {article.dateline_basis})", article_ids=(article.id,),
                    as_of=article.dateline)
        found.append(
            Discrepancy(
                kind="stale",
                topic=f"{article.id} ({day}) predates events the others report ({dates})",
                sides=(side,),
                note=f"{later[0].what} ({later[0].date.isoformat()}), reported by {witnesses}: "
                     f"treat {article.id} as background, not the latest",
            )
        )
    return found
