"""Disagreements between articles that code finds on its own, one module per kind.

Each detector is a pure function over code-checked inputs and returns ``Discrepancy(found_by="code")`` records,
so the briefing can show them without trusting the model. Every detector errs towards silence: a missed
disagreement costs the reader less than an invented one. A new check goes in a module of its own here and one line
in :func:`code_discrepancies`.
"""

from __future__ import annotations

from collections.abc import Mapping

from summarizer.schema import ArticleBrief, Discrepancy, Figure, Quote, TimelineEntry
from summarizer.story.discrepancies.factual import factual_discrepancies
from summarizer.story.discrepancies.naming import find_attributions, naming_discrepancies
from summarizer.story.discrepancies.numeric import numeric_discrepancies
from summarizer.story.discrepancies.quotes import provenance_discrepancies, quote_discrepancies
from summarizer.story.discrepancies.ranges import range_discrepancies
from summarizer.story.discrepancies.stale import stale_articles

__all__ = [
    "code_discrepancies",
    "factual_discrepancies",
    "find_attributions",
    "naming_discrepancies",
    "numeric_discrepancies",
    "provenance_discrepancies",
    "quote_discrepancies",
    "range_discrepancies",
    "stale_articles",
]


def code_discrepancies(
    briefs: list[ArticleBrief],
    figures: list[Figure],
    quotes: list[Quote],
    remarks: list[list[Quote]],
    timeline: list[TimelineEntry],
    duplicates: Mapping[str, str],
    output_language: str = "en",
) -> list[Discrepancy]:
    """Every detector, in the order the briefing lists their findings."""
    articles = [b.article for b in briefs]
    return (
        numeric_discrepancies(figures, duplicates, datelines={a.id: a.dateline for a in articles})
        + range_discrepancies(articles, duplicates)
        + factual_discrepancies(articles)
        + naming_discrepancies(articles, quotes)
        + stale_articles(briefs, timeline)
        + quote_discrepancies(quotes, duplicates)
        + provenance_discrepancies(quotes, articles, duplicates, output_language, remarks)
    )
