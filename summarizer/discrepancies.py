"""Disagreements between articles that code can find on its own: numbers, outlet names and kinds of place.

Each detector is a pure function over code-checked inputs and returns ``Discrepancy(found_by="code")`` records,
so the briefing can show them without trusting the model. Every detector errs towards silence: a missed
disagreement costs the reader less than an invented one.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from summarizer.groups import group
from summarizer.schema import Article, Discrepancy, Figure, Quote, Side
from summarizer.text.figures import in_base_unit, measure_key
from summarizer.text.names import same_name_token, skeleton
from summarizer.text.quotes import find_quotes, printed_as_narrative
from summarizer.text.sentences import sentences
from summarizer.text.verbatim import quote_key, same_words
from summarizer.text.words import content_words

# How alike two printed quotes must be (rapidfuzz partial ratio, shorter against the best-matching part of the
# longer) to count as one remark worded differently, and how long the shorter must be for that to mean anything.
QUOTE_VARIANT_SIMILARITY = 90
QUOTE_VARIANT_MIN_WORDS = 5
# Across languages a remark is compared through translations: same speaker, and this share (and number) of the
# shorter rendering's content words in the other.
CROSS_LANGUAGE_SHARE = 0.6
CROSS_LANGUAGE_SHARED_WORDS = 2

# Numbers that agree within this relative difference are the same figure, whatever their rounding.
RELATIVE_TOLERANCE = 0.02
# A rounded figure ("nearly 500") only covers values this close to it, however coarse its rounding is.
ROUNDING_CAP = 0.10
# Articles whose datelines are at most this far apart may be reporting the same interview.
SAME_PERIOD_DAYS = 7
# partial_ratio above which two quotations are the same words (one quoting the other, or both one speech).
SAME_QUOTE_RATIO = 85
# Quotations shorter than this many words are stock phrases ("legitimate military targets"), not evidence.
MIN_QUOTE_WORDS = 6

# Everything of a figure's raw text up to its number and multiplier: "more than 1,200" of "... square kilometers".
_NUMBER_AS_WRITTEN = re.compile(r".*\d(?:\s+(?:thousand|million|billion|trillion))?")
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


def _full_text(article: Article) -> str:
    """The title counts as text: headlines often carry the very wording that disagrees."""
    return f"{article.title}\n{article.text}"


# ---------------------------------------------------------------------------------------------------------------
# Numeric


def _rounding_unit(value: float) -> float:
    """The place of the last significant digit as written: 1,200 -> 100, 594 -> 1, 12.5 -> 0.1."""
    if value != int(value):
        decimals = len(repr(abs(value)).split(".")[1])
        return 10.0**-decimals
    whole, unit = int(abs(value)), 1.0
    while whole and whole % 10 == 0:
        whole, unit = whole // 10, unit * 10
    return unit


def _covers(figure: Figure, base: float, other_base: float, rounded: bool) -> bool:
    """A rounded figure covers another value if that value, in the figure's own unit, rounds to it."""
    if not (rounded or figure.approx) or not figure.value:
        return False
    other = other_base / (base / figure.value)
    unit = _rounding_unit(figure.value)
    close = abs(other - figure.value) <= ROUNDING_CAP * abs(figure.value)
    return close and math.isclose(round(other / unit) * unit, figure.value)


def _agree(a: Figure, b: Figure, rounded: bool = False) -> bool:
    base_a, base_b = in_base_unit(a)[0], in_base_unit(b)[0]
    if math.isclose(base_a, base_b, rel_tol=RELATIVE_TOLERANCE):
        return True
    return _covers(a, base_a, base_b, rounded) or _covers(b, base_b, base_a, rounded)


@dataclass
class _Reading:
    """One figure of one source, with the same number restated in other units folded into it."""

    figure: Figure
    article_id: str
    conversions: list[Figure] = field(default_factory=list)


def measure_label(figure: Figure) -> str:
    """What a figure measures, for a heading: "Territory", or for a bare unit ("%", "EUR") a word a reader can
    scan instead of a symbol."""
    measure = figure.measure.strip()
    if measure == figure.unit.strip():
        measure = {"%": "percentage", "km²": "area", "mi²": "area"}.get(measure) or (
            f"amount in {measure}" if measure in ("EUR", "USD", "GBP") else measure)
    return measure[:1].upper() + measure[1:]


def _describe(figure: Figure) -> str:
    """"more than 1,200 square kilometers" reads as "more than 1,200 km²", the unit code compares in."""
    raw, unit = figure.raw.strip(), figure.unit.strip()
    if not unit or unit.casefold() in raw.casefold() or raw[:1] in "$€£":
        return raw
    number = _NUMBER_AS_WRITTEN.match(raw)
    return f"{number.group() if number else raw} {unit}"


def _unit_id(figure: Figure) -> tuple[str, float]:
    """km² and mi² share a base unit but are different ways of writing; the conversion factor tells them apart."""
    base, unit = in_base_unit(figure)
    return unit, round(base / figure.value, 6) if figure.value else 1.0


def _says(reading: _Reading) -> str:
    extra = ", ".join(_describe(f) for f in reading.conversions)
    return f"{_describe(reading.figure)} ({extra})" if extra else _describe(reading.figure)


def _readings(figures: list[Figure], duplicates: Mapping[str, str]) -> list[_Reading]:
    """Per source, fold "1,200 km² (nearly 500 mi²)" into one reading: a conversion is not a second claim."""
    by_article: dict[str, list[Figure]] = defaultdict(list)
    for figure in figures:
        by_article[duplicates.get(figure.article_id, figure.article_id)].append(figure)
    readings: list[_Reading] = []
    for article_id, own in by_article.items():
        mine: list[_Reading] = []
        for figure in sorted(own, key=lambda f: in_base_unit(f)[0] != f.value):
            same_unit = [r for r in mine if _unit_id(r.figure) == _unit_id(figure)]
            if any(_agree(r.figure, figure) for r in same_unit):
                continue
            other_unit = [r for r in mine if r not in same_unit and _agree(r.figure, figure, rounded=True)]
            if other_unit:
                other_unit[0].conversions.append(figure)
            else:
                mine.append(_Reading(figure, article_id))
        readings.extend(mine)
    return readings


def _as_of_label(reading: _Reading, datelines: Mapping[str, dt.date | None]) -> tuple[dt.date | None, str]:
    if reading.figure.as_of:
        return reading.figure.as_of, reading.figure.as_of.isoformat()
    if reading.figure.as_of_text:
        return None, f"as of {reading.figure.as_of_text}, unresolved"
    dateline = datelines.get(reading.article_id)
    return (dateline, f"article of {dateline.isoformat()}") if dateline else (None, "undated")


def _as_of_note(labels: list[tuple[dt.date | None, str]]) -> str:
    """Two different numbers for different days may both be right; the note keeps the reader from assuming a lie."""
    if any(day is None for day, _ in labels):
        written = " vs ".join(text for _, text in labels)
        return f"as-of dates not all known ({written}): cannot tell an update from a contradiction"
    if len({day for day, _ in labels}) == 1:
        return f"same as-of date ({labels[0][1]}): the figures contradict each other"
    distinct = list(dict.fromkeys(text for _, text in labels))
    return f"different as-of dates ({' vs '.join(distinct)}): may be an update, not a contradiction"


def _figure_clusters(figures: list[Figure], duplicates: Mapping[str, str]) -> list[list[list[_Reading]]]:
    """Per comparable measure, the sources' readings clustered by agreement: one cluster per value reported."""
    groups: dict[str, list[Figure]] = defaultdict(list)
    for figure in figures:
        groups[measure_key(figure)].append(figure)
    measures = []
    for key in sorted(groups):
        clusters: list[list[_Reading]] = []
        for reading in sorted(_readings(groups[key], duplicates), key=lambda r: in_base_unit(r.figure)[0]):
            home = next((c for c in clusters if any(_agree(m.figure, reading.figure) for m in c)), None)
            if home is None:
                clusters.append([reading])
            else:
                home.append(reading)
        measures.append(clusters)
    return measures


def agreeing_figures(figures: list[Figure], duplicates: Mapping[str, str]) -> list[tuple[str, tuple[str, ...]]]:
    """Figures two or more independent sources report alike, in whatever language and notation ("€1.2 billion",
    "1,2 Milliarden Euro", "1.200 millones de euros"): agreement code can see, as (what they say, article ids)."""
    agreed = []
    for clusters in _figure_clusters(figures, duplicates):
        for cluster in clusters:
            ids = tuple(sorted({r.article_id for r in cluster}))
            if len(ids) >= 2:
                first = cluster[0].figure
                written = " / ".join(dict.fromkeys(_says(r) for r in cluster))
                agreed.append((f"{measure_label(first)}: {written}", ids))
    return agreed


def numeric_discrepancies(
    figures: list[Figure],
    duplicates: dict[str, str],
    datelines: Mapping[str, dt.date | None] | None = None,
) -> list[Discrepancy]:
    """Compare only figures ``measure_key`` calls comparable; ``datelines`` (article id -> date) stands in for
    a missing as-of date, and the note says so."""
    datelines = datelines or {}
    found: list[Discrepancy] = []
    for clusters in _figure_clusters(figures, duplicates):
        articles = {r.article_id for c in clusters for r in c}
        if len(clusters) < 2 or len(articles) < 2:
            continue
        labelled = sorted(
            ((_as_of_label(c[0], datelines), c) for c in clusters),
            key=lambda item: (item[0][0] or dt.date.max, in_base_unit(item[1][0].figure)[0]),
        )
        sides = tuple(
            Side(
                says=" / ".join(dict.fromkeys(_says(r) for r in cluster)),
                article_ids=tuple(sorted({r.article_id for r in cluster})),
                as_of=next((r.figure.as_of for r in cluster if r.figure.as_of), None),
                claimant=next((r.figure.claimant for r in cluster if r.figure.claimant), None),
            )
            for _, cluster in labelled
        )
        found.append(
            Discrepancy(
                kind="numeric",
                topic=measure_label(clusters[0][0].figure),
                sides=sides,
                note=_as_of_note([label for label, _ in labelled]),
            )
        )
    return found


# ---------------------------------------------------------------------------------------------------------------
# Naming


@dataclass(frozen=True)
class Attribution:
    """Who said something to which outlet, as written; ``generic`` ones ("told reporters") name no outlet."""

    article_id: str
    speaker: str | None
    outlet: str
    written: str
    sentence: str
    generic: bool


def _speaker(before: str) -> str | None:
    match = _SPEAKER.search(before)
    if not match:
        return None
    words = [w for w in match.group(1).split() if w not in _NOT_SPEAKERS]
    return words[-1] if words else None


def find_attributions(article: Article) -> list[Attribution]:
    """Bare "told X" is read as an outlet only with a descriptor ("newspaper") or in an article that mentions an
    interview, because "Stoltenberg told Zelensky" names a person, not a publication."""
    found: list[Attribution] = []
    for sentence in sentences(_full_text(article)):
        for match in _ATTRIBUTION.finditer(sentence):
            bare = match["verb"] in {"told", "according to"} and not match["descriptor"]
            if match["outlet"] and bare and "interview" not in _full_text(article).casefold():
                continue
            outlet = (match["generic"] or match["outlet"]).rstrip(".")
            written = " ".join(p for p in (match["descriptor"], outlet) if p)
            found.append(
                Attribution(
                    article_id=article.id,
                    speaker=_speaker(sentence[: match.start()]),
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
        groups: list[list[Attribution]] = []
        for item in attributions:
            article = by_id[item.article_id]
            home = next(
                (
                    g
                    for g in groups
                    if not any(_far_apart(by_id[m.article_id], article) for m in g)
                    and any(_linked(by_id[m.article_id], article) for m in g)
                ),
                None,
            )
            if home is None:
                groups.append([item])
            else:
                home.append(item)
        for same_interview in groups:
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


# ---------------------------------------------------------------------------------------------------------------
# Factual


@dataclass(frozen=True)
class _PlaceKind:
    place: str
    kind: str
    written: str
    article_id: str


def _place_kinds(article: Article) -> list[_PlaceKind]:
    text = " ".join(_full_text(article).split())
    return [
        _PlaceKind(m["place"], " ".join(m["kind"].casefold().split()), m.group().strip(), article.id)
        for pattern in (_KIND_BEFORE, _KIND_AFTER)
        for m in pattern.finditer(text)
    ]


def _place_groups(mentions: list[_PlaceKind]) -> list[list[_PlaceKind]]:
    """Fuzzy on the name (:func:`same_name_token`) so a typo ("Kurk") lands with the place it misspells."""
    groups: list[list[_PlaceKind]] = []
    for mention in mentions:
        home = next(
            (g for g in groups if same_name_token(g[0].place, mention.place)), None
        )
        if home is None:
            groups.append([mention])
        else:
            home.append(mention)
    return groups


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


# ---------------------------------------------------------------------------------------------------------------
# Quote wording


def quote_discrepancies(quotes: list[Quote], duplicates: Mapping[str, str]) -> list[Discrepancy]:
    """The same words printed differently by two outlets ("a right" / "the right"): at least one is not what was
    said, or one is a re-translation. Near-identical but not identical once typography is normalised."""
    found: list[Discrepancy] = []
    keys = [quote_key(q.text) for q in quotes]
    words = [content_words(k) for k in keys]
    for i, first in enumerate(quotes):
        for j in range(i + 1, len(quotes)):
            second = quotes[j]
            if duplicates.get(second.article_id, second.article_id) == duplicates.get(first.article_id, first.article_id):
                continue
            if len(words[i] & words[j]) < QUOTE_VARIANT_MIN_WORDS - 2:
                continue
            a, b = sorted((keys[i], keys[j]), key=len)
            if a in b or len(a.split()) < QUOTE_VARIANT_MIN_WORDS or fuzz.partial_ratio(a, b) < QUOTE_VARIANT_SIMILARITY:
                continue
            speaker = first.speaker or second.speaker
            found.append(Discrepancy(
                kind="quote",
                topic=f"{speaker + ' quoted' if speaker else 'Quoted'} in different words",
                sides=(Side(says=f"“{first.text}”", article_ids=(first.article_id,)),
                       Side(says=f"“{second.text}”", article_ids=(second.article_id,))),
                note="the same remark printed differently: check which wording the speaker used",
            ))
    return found


# ---------------------------------------------------------------------------------------------------------------
# Quote provenance: who said it, and in which words


def readable(quote: Quote, output_language: str) -> str | None:
    """The quote in the briefing's language: as printed if it was printed in it, else the model's translation."""
    if quote.language in (None, output_language):
        return quote.text
    return quote.translation


def _same_speaker(a: Quote, b: Quote) -> bool:
    return bool(a.speaker and b.speaker and same_name_token(a.speaker.split()[-1], b.speaker.split()[-1]))


def same_remark(a: Quote, b: Quote, output_language: str) -> bool:
    """One printed inside the other (same language), or, across languages, the same speaker and most of the
    shorter one's content words in the other once both are in the briefing's language."""
    if a.language == b.language or None in (a.language, b.language):
        return same_words(a.text, b.text)
    if not _same_speaker(a, b):
        return False
    left, right = readable(a, output_language), readable(b, output_language)
    if not (left and right):
        return False
    shorter, longer = sorted((content_words(left), content_words(right)), key=len)
    shared = shorter & longer
    return len(shared) >= CROSS_LANGUAGE_SHARED_WORDS and len(shared) >= CROSS_LANGUAGE_SHARE * len(shorter)


def _printed(quote: Quote, output_language: str) -> str:
    language = f" ({quote.language})" if quote.language else ""
    shown = f"“{quote.text}”{language}"
    if quote.translation and quote.language not in (None, output_language):
        shown += f" — model translation: “{quote.translation}”"
    return shown


def provenance_discrepancies(
    quotes: list[Quote], articles: list[Article], duplicates: Mapping[str, str], output_language: str = "en"
) -> list[Discrepancy]:
    """Where a quote's own provenance is in doubt: the same remark printed in several languages (at most one
    wording is what was said; the rest are some outlet's translation), and a quote one outlet attributes to a
    speaker that another prints as its own narrative."""
    found: list[Discrepancy] = []
    for printed in group(quotes, lambda a, b: same_remark(a, b, output_language)):
        languages = sorted({q.language for q in printed if q.language})
        sources = {duplicates.get(q.article_id, q.article_id) for q in printed}
        if len(languages) < 2 or len(sources) < 2:
            continue
        speaker = next((q.speaker for q in printed if q.speaker), None)
        found.append(Discrepancy(
            kind="provenance",
            topic=f"{speaker or 'One remark'} printed in {len(languages)} languages ({', '.join(languages)})",
            sides=tuple(Side(says=_printed(q, output_language), article_ids=(q.article_id,)) for q in printed),
            note="at most one wording is what was said; the others are an outlet's translation, and matching them "
                 "relied on the model's translations",
        ))
    by_id = {a.id: a for a in articles}
    printed: dict[str, list[str]] = defaultdict(list)
    for quote in quotes:
        printed[quote.article_id].append(quote.text)
    long_quotes = [q for q in quotes if len(q.text.split()) >= MIN_QUOTE_WORDS and q.article_id in by_id]
    wanted = {q.text: content_words(q.text) for q in long_quotes}
    for article in articles:
        vocabulary = content_words(article.text)
        candidates = [
            q for q in long_quotes
            if duplicates.get(article.id, article.id) != duplicates.get(q.article_id, q.article_id)
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
            found.append(Discrepancy(
                kind="provenance",
                topic=f"Quote or narrative? {quote.article_id} quotes {who}; {article.id} prints the words as its own",
                sides=(Side(says=f"“{quote.text}” — {who}", article_ids=(quote.article_id,)),
                       Side(says=f"{passages[quote.text]} (no quotation marks)", article_ids=(article.id,))),
                note="one outlet turned a quote into narrative or narrative into a quote: check who said it",
            ))
    return found
