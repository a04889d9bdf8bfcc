"""What a briefing shows, under which label and in which order: decided once here, so the Markdown and the HTML
renderers cannot disagree about it. Pure functions of ``Brief`` parts that return plain data (never escaped text):
each renderer escapes for its own format."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import PurePath
from typing import NamedTuple

from summarizer.schema import Brief, Discrepancy, Dropped, Entity, Figure, Quote, RunInfo, Side, Source, TimelineEntry

# Discrepancy kinds in the order a reader meets them, with the heading each is shown under.
DISCREPANCY_HEADINGS = {
    "numeric": "Numbers",
    "factual": "Facts",
    "naming": "Names and outlets",
    "framing": "Framing",
    "stale": "Out-of-date sources",
    "quote": "Quote wording",
    "provenance": "Quote provenance",
    "other": "Other",
}
ENTITY_KINDS = ("person", "organisation", "place")
# How a kind of dropped proposal is counted: "3 proposed points not shown".
DROPPED_NOUNS = {"article": "off-topic article", "summary": "summary sentence", "speaker": "proposed speaker", "entity": "proposed entity",
                 "point": "proposed point", "discrepancy": "proposed discrepancy"}
# The longest stretch of a dropped proposal that is shown; the reason says why it was dropped.
DROPPED_SHOWN_CHARS = 160
UNATTRIBUTED = "unattributed"


def plural(noun: str, count: int) -> str:
    if count == 1:
        return noun
    return noun[:-1] + "ies" if noun.endswith("y") else noun + "s"


def independent_sources(brief: Brief) -> int:
    """Merged sources that are not near-duplicates of another: what agreement is counted in."""
    return sum(1 for s in brief.sources if s.duplicate_of is None and s.off_topic is None)


def merged_sources(brief: Brief) -> list[Source]:
    """The sources the briefing merged: all but those left out as off-topic."""
    return [s for s in brief.sources if s.off_topic is None]


def off_topic_ids(brief: Brief) -> frozenset[str]:
    """Articles left out of the merge as off-topic: wherever their quotes or names appear, they are marked so."""
    return frozenset(s.id for s in brief.sources if s.off_topic is not None)


def discrepancies_by_kind(discrepancies: Iterable[Discrepancy]) -> list[tuple[str, list[Discrepancy]]]:
    """(heading, discrepancies) for each kind that has any, in ``DISCREPANCY_HEADINGS`` order."""
    items = list(discrepancies)
    grouped = [(heading, [d for d in items if d.kind == kind]) for kind, heading in DISCREPANCY_HEADINGS.items()]
    return [(heading, group) for heading, group in grouped if group]


def side_details(side: Side) -> tuple[str | None, str | None]:
    """(as-of date, claimant) of one side of a discrepancy, each None when unknown."""
    return (side.as_of.isoformat() if side.as_of else None), side.claimant


def inferred_from(entry: TimelineEntry) -> str | None:
    """The date phrases an inferred date was read from ("Aug. 6 / August 6"); None when the date was stated."""
    return None if entry.basis == "stated" else " / ".join(entry.when_texts)


def is_foreign(quote: Quote, language: str) -> bool:
    """Printed in another language than the briefing's: then its translation is shown, labelled as the model's."""
    return quote.language not in (None, language)


def figure_as_of(figure: Figure) -> str:
    return figure.as_of.isoformat() if figure.as_of else (figure.as_of_text or "")


def entities_by_kind(entities: Iterable[Entity]) -> list[tuple[str, list[Entity]]]:
    """("Persons", entities) for each kind that has any, in ``ENTITY_KINDS`` order."""
    items = list(entities)
    grouped = [(kind.capitalize() + "s", [e for e in items if e.kind == kind]) for kind in ENTITY_KINDS]
    return [(label, group) for label, group in grouped if group]


def source_name(source: Source) -> str:
    """How the sources table names an input, so a reader can find it: a fetched page by its URL, a file by its
    name (a file whose text names a source URL keeps its name)."""
    return source.path if source.path == source.url else PurePath(source.path).name


def source_date(source: Source) -> str:
    """The dateline and how it was found ("2024-08-31 (stated)"), or "unknown"."""
    return f"{source.dateline.isoformat()} ({source.dateline_basis})" if source.dateline else "unknown"


def source_notes(source: Source) -> list[str]:
    """The loader's warnings about a source, and what the briefing did with it: a copy of another, off-topic."""
    verdicts = []
    if source.duplicate_of:
        verdicts.append(f"near-duplicate of {source.duplicate_of}" if source.briefed
                        else f"duplicate of {source.duplicate_of} (same text; not briefed again)")
    if source.off_topic:
        verdicts.append(f"{source.off_topic}; left out of the merge")
    return list(source.warnings) + verdicts


def dropped_by_kind(items: Iterable[Dropped]) -> list[tuple[str, list[Dropped]]]:
    """("6 proposed entities not shown", dropped) per kind, kinds in alphabetical order."""
    grouped: dict[str, list[Dropped]] = defaultdict(list)
    for item in items:
        grouped[item.kind].append(item)
    return [(f"{len(grouped[kind])} {plural(DROPPED_NOUNS.get(kind, kind), len(grouped[kind]))} not shown",
             grouped[kind]) for kind in sorted(grouped)]


class Footer(NamedTuple):
    """How the briefing was made: model, calls, tokens, cost, and whether the answers were replayed or cached."""

    model: str
    calls: str
    tokens: str
    cost: str
    recording: str | None
    origin: str
    cached: str | None


def footer(run: RunInfo) -> Footer:
    usage = run.usage
    recording = (run.recording or "recordings") if run.replayed else None
    origin = ("answered through the Batch API, at batch prices" if run.batch_api
              else f"replayed from {recording}" if recording is not None else "live model calls")
    return Footer(
        model=run.model or "none",
        calls=f"{usage.calls} {plural('call', usage.calls)}",
        tokens=f"{usage.prompt_tokens} prompt + {usage.completion_tokens} completion tokens",
        cost=f"${usage.cost_usd:.4f}" if usage.cost_usd is not None else "cost unknown for this model",
        recording=recording,
        origin=origin,
        cached=f"{usage.cached_calls} answers from cache" if usage.cached_calls else None,
    )
