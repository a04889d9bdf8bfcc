"""Figures compared across articles: each source's readings, clustered by the value they report.

Agreement (:mod:`summarizer.story.agreement`) and numeric discrepancies
(:mod:`summarizer.story.discrepancies.numeric`) both read these clusters, so the two cannot disagree about
which figures are the same.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from summarizer.schema import Figure
from summarizer.story.duplicates import original
from summarizer.story.groups import group_where
from summarizer.text.figures import in_base_unit, is_bare_span, measure_key

# Numbers that agree within this relative difference are the same figure, whatever their rounding.
RELATIVE_TOLERANCE = 0.02
# A rounded figure ("nearly 500") only covers values this close to it, however coarse its rounding is.
ROUNDING_CAP = 0.10
# Everything of a figure's raw text up to its number and multiplier: "more than 1,200" of "... square kilometers".
_NUMBER_AS_WRITTEN = re.compile(r".*\d(?:\s+(?:thousand|million|billion|trillion))?")


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
class Reading:
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


_CURRENCY_SIGNS = {"EUR": "€", "USD": "$", "GBP": "£"}
_SCALES = ((1e9, "billion"), (1e6, "million"))


def plain_value(figure: Figure, *, approx: bool = False) -> str | None:
    """An amount of money in English figures ("about €1.2 billion"), so that "1,2 Milliarden Euro" and "1.200
    millones de euros" read as one number in an English briefing; None for other units, which print alike."""
    sign = _CURRENCY_SIGNS.get(figure.unit.strip())
    if sign is None:
        return None
    return f"{'about ' if approx else ''}{sign}{plain_number(figure.value)}"


def plain_number(value: float) -> str:
    """A number as an English briefing writes it: "1.2 billion", "6,000", "3.1"."""
    for scale, word in _SCALES:
        if value >= scale:
            return f"{value / scale:.2f}".rstrip("0").rstrip(".") + f" {word}"
    return f"{value:,.0f}" if value.is_integer() else f"{value:g}"


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


def says(reading: Reading) -> str:
    extra = ", ".join(_describe(f) for f in reading.conversions)
    return f"{_describe(reading.figure)} ({extra})" if extra else _describe(reading.figure)


def _per_source_readings(figures: list[Figure], duplicates: Mapping[str, str]) -> list[Reading]:
    """Per source, fold "1,200 km² (nearly 500 mi²)" into one reading: a conversion is not a second claim."""
    by_article: dict[str, list[Figure]] = defaultdict(list)
    for figure in figures:
        by_article[original(figure.article_id, duplicates)].append(figure)
    readings: list[Reading] = []
    for article_id, own in by_article.items():
        mine: list[Reading] = []
        for figure in sorted(own, key=lambda f: in_base_unit(f)[0] != f.value):
            same_unit = [r for r in mine if _unit_id(r.figure) == _unit_id(figure)]
            if any(_agree(r.figure, figure) for r in same_unit):
                continue
            other_unit = [r for r in mine if r not in same_unit and _agree(r.figure, figure, rounded=True)]
            if other_unit:
                other_unit[0].conversions.append(figure)
            else:
                mine.append(Reading(figure, article_id))
        readings.extend(mine)
    return readings


def figure_clusters(figures: list[Figure], duplicates: Mapping[str, str]) -> list[list[list[Reading]]]:
    """Per comparable measure, the sources' readings clustered by agreement: one cluster per value reported."""
    groups: dict[str, list[Figure]] = defaultdict(list)
    for figure in figures:
        groups[measure_key(figure)].append(figure)
    measures = []
    for key in sorted(groups):
        readings = sorted(_per_source_readings(groups[key], duplicates), key=lambda r: in_base_unit(r.figure)[0])
        measures.append(group_where(readings, lambda c, reading: any(_agree(m.figure, reading.figure) for m in c)))
    return measures


def contradict(clusters: list[list[Reading]]) -> bool:
    """One measure's clusters that report different values from at least two articles. A bare span of time or
    money ("22 years" on the crane, "six years" at the union's head) says nothing about what it measures, so two
    of them agree when equal but never contradict."""
    articles = {r.article_id for c in clusters for r in c}
    return len(clusters) >= 2 and len(articles) >= 2 and not is_bare_span(clusters[0][0].figure)
