"""People, organisations and places merged across articles, with every spelling each article used.

Name comparison itself (transliteration noise, typos) is :mod:`summarizer.text.names`; this module decides which
spellings are one entity and which articles mention it.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter, defaultdict
from typing import Literal

from summarizer.schema import Article, ArticleBrief, Entity
from summarizer.text.names import COUNTRY_NAME_LANGUAGES, country_code, country_name, same_name_token, strip_titles
from summarizer.text.normalise import fold
from summarizer.text.speakers import named_as_outlets

EntityKind = Literal["person", "organisation", "place"]
# A leading lowercase "the" a model adds ("the EU"); a capitalised "The" may be part of a name ("The Economist").
_LOWERCASE_THE = re.compile(r"^the\s+")
# Lowercase words skipped when forming an organisation's acronym ("North Atlantic Treaty Organization" -> NATO).
_ACRONYM_SKIP = frozenset({"of", "the", "and", "for"})


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
    return article.full_text


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


def merge_entities(briefs: list[ArticleBrief], output_language: str = "en") -> list[Entity]:
    """Also scans each article's own text for every merged spelling: the model lists names selectively, and a
    place named in an article is mentioned there whether or not the model listed it. Then code corrects the
    kinds it can tell on its own (see :func:`_corrected`)."""
    fields: tuple[tuple[EntityKind, str], ...] = (
        ("person", "people"), ("organisation", "organisations"), ("place", "places")
    )
    merged = [
        entity
        for kind, field_name in fields
        for entity in _entities_of_kind(briefs, kind, field_name)
    ]
    return sorted(_corrected(merged, briefs, output_language), key=lambda e: (-len(e.article_ids), e.name))


def _spellings(entity: Entity) -> tuple[str, ...]:
    return (entity.name, *entity.variants)


def _corrected(entities: list[Entity], briefs: list[ArticleBrief], output_language: str) -> list[Entity]:
    """Kinds code can tell without the model: a country is a place ("Spain" listed as an organisation), and one
    place in every language ("Irak", "Iraq"); a name an article prints as a newspaper or agency ("in an interview
    with El País") is an organisation, not a place; a place whose acronym is a listed organisation is that
    organisation ("Maasvlakte Container Terminals", "MCT"). Country names are read in the briefing's and the
    articles' languages only."""
    outlets = set().union(*(named_as_outlets(b.article.text) for b in briefs))
    languages = _languages(briefs, output_language)
    organisations = {name: e for e in entities if e.kind == "organisation" for name in _spellings(e)}
    kept: list[Entity] = []
    for entity in entities:
        if entity.kind == "organisation" and any(country_code(n, languages) for n in _spellings(entity)):
            entity = entity.model_copy(update={"kind": "place"})
        elif entity.kind == "place" and any(fold(n) in outlets for n in _spellings(entity)):
            entity = entity.model_copy(update={"kind": "organisation"})
        elif entity.kind == "place" and len(entity.name.split()) > 1 and (
                owner := organisations.get(_acronym(entity.name.split()))):
            merged = _with(owner, entity)
            kept = [merged if e is owner else e for e in kept]
            organisations.update(dict.fromkeys(_spellings(merged), merged))
            continue
        kept.append(entity)
    return _one_per_country(_one_per_name(kept), output_language, languages)


def _languages(briefs: list[ArticleBrief], output_language: str) -> tuple[str, ...]:
    """The languages a story's names can be in: the briefing's and its articles', every supported one when an
    article's language is not known."""
    if any(b.article.language is None for b in briefs):
        return (output_language, *COUNTRY_NAME_LANGUAGES)
    return tuple(dict.fromkeys([output_language, *(b.article.language or "" for b in briefs)]))


def _with(entity: Entity, other: Entity) -> Entity:
    """``entity`` with ``other``'s spellings and articles."""
    variants = tuple(sorted(set(entity.variants) | set(_spellings(other)) - {entity.name}))
    return entity.model_copy(update={"variants": variants,
                                     "article_ids": tuple(sorted(set(entity.article_ids) | set(other.article_ids)))})


def _one_per_name(entities: list[Entity]) -> list[Entity]:
    """A name listed both as a place and as an organisation ("Ukraine") is shown once, as a place."""
    places = {name for e in entities if e.kind == "place" for name in _spellings(e)}
    return [e for e in entities if e.kind != "organisation" or e.name not in places]


def _one_per_country(entities: list[Entity], output_language: str, languages: tuple[str, ...]) -> list[Entity]:
    """Places that name one country in several languages become one, under its name in the briefing's language
    when an article used it, else the spelling most articles used."""
    by_country: dict[str, list[Entity]] = defaultdict(list)
    others: list[Entity] = []
    for entity in entities:
        code = country_code(entity.name, languages) if entity.kind == "place" else None
        (by_country[code] if code else others).append(entity)
    for code, places in by_country.items():
        own = [p for p in places if country_name(code, output_language) in _spellings(p)]
        first = max(own or places, key=lambda p: len(p.article_ids))
        for other in places:
            if other is not first:
                first = _with(first, other)
        others.append(first)
    return others
