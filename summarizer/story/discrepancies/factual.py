"""Factual discrepancies code can see: one place described as a settlement by some and as a region by others."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from summarizer.schema import Article, Discrepancy, Side
from summarizer.story.groups import group_where
from summarizer.text.names import same_name_token

# "the Russian city of Kursk", "the border town of Sudzha": a settlement or region named after its kind.
_KIND_BEFORE = re.compile(
    r"(?:\b(?:the|a)\s+)?(?:(?:[A-Z][a-z]+|border|eastern|western|southern|northern|strategic)\s+)?"
    r"\b(?P<kind>city|town|village|region|oblast|province)\s+of\s+(?P<place>[A-Z][\w-]+)"
)
# "Kursk region", "Russia's Kursk border region", "Donetsk Oblast": a region named before its kind.
_KIND_AFTER = re.compile(
    r"(?:\b[A-Z][a-z]+[’']s\s+)?\b(?P<place>[A-Z][\w-]+)\s+(?P<kind>(?i:(?:border\s+)?(?:region|oblast|province)))\b"
)
# Kinds of place that cannot describe the same thing as each other.
_SETTLEMENTS = frozenset({"city", "town", "village"})


@dataclass(frozen=True)
class _PlaceKind:
    place: str
    kind: str
    written: str
    article_id: str


def _place_kinds(article: Article) -> list[_PlaceKind]:
    text = " ".join(article.full_text.split())
    return [
        _PlaceKind(m["place"], " ".join(m["kind"].casefold().split()), m.group().strip(), article.id)
        for pattern in (_KIND_BEFORE, _KIND_AFTER)
        for m in pattern.finditer(text)
    ]


def _place_groups(mentions: list[_PlaceKind]) -> list[list[_PlaceKind]]:
    """Fuzzy on the name (:func:`same_name_token`) so a typo ("Kurk") lands with the place it misspells."""
    return group_where(mentions, lambda g, mention: same_name_token(g[0].place, mention.place))


def _as_written(mentions: list[_PlaceKind]) -> str:
    """Each description once, most used first; case and apostrophe style do not make a new description."""
    counts: dict[str, list[str]] = defaultdict(list)
    for mention in mentions:
        counts[mention.written.replace("’", "'").casefold()].append(mention.written)
    ranked = sorted(counts.values(), key=len, reverse=True)
    return " / ".join(max(dict.fromkeys(forms), key=forms.count) for forms in ranked)


def factual_discrepancies(articles: list[Article]) -> list[Discrepancy]:
    """A place cannot be both a settlement and a region; when articles disagree the reader should know which
    ones said what, because "the city of Kursk" and "Kursk region" imply very different depths of advance."""
    mentions = [m for article in articles for m in _place_kinds(article)]
    found: list[Discrepancy] = []
    for same_place in _place_groups(mentions):
        settlement = {m.article_id for m in same_place if m.kind in _SETTLEMENTS}
        region = {m.article_id for m in same_place if m.kind not in _SETTLEMENTS}
        if not settlement or not region or len(settlement | region) < 2:
            continue
        names = [m.place for m in same_place]
        place = max(set(names), key=lambda n: (names.count(n), n))
        sides = tuple(
            Side(says=_as_written(items), article_ids=tuple(sorted({m.article_id for m in items})))
            for items in (
                [m for m in same_place if m.kind in _SETTLEMENTS],
                [m for m in same_place if m.kind not in _SETTLEMENTS],
            )
        )
        both = sorted(settlement & region)
        note = "settlement and region are incompatible descriptions of one place"
        if both:
            note += f"; {', '.join(both)} use(s) both"
        found.append(Discrepancy(kind="factual", topic=f"{place}: city or region?", sides=sides, note=note))
    return found
