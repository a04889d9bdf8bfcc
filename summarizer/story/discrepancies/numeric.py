"""Numeric discrepancies: the same measure reported with different values, with what the as-of dates allow."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from summarizer.schema import Discrepancy, Figure, Side
from summarizer.story.figures import Reading, contradict, figure_clusters, measure_label, says
from summarizer.text.figures import in_base_unit


def _as_of_label(reading: Reading, datelines: Mapping[str, dt.date | None]) -> tuple[dt.date | None, str]:
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


def numeric_discrepancies(
    figures: list[Figure],
    duplicates: dict[str, str],
    datelines: Mapping[str, dt.date | None] | None = None,
) -> list[Discrepancy]:
    """Compare only figures ``measure_key`` calls comparable; ``datelines`` (article id -> date) stands in for
    a missing as-of date, and the note says so. Which clusters contradict is
    :func:`summarizer.story.figures.contradict`'s call."""
    datelines = datelines or {}
    found: list[Discrepancy] = []
    for clusters in figure_clusters(figures, duplicates):
        if not contradict(clusters):
            continue
        labelled = sorted(
            ((_as_of_label(c[0], datelines), c) for c in clusters),
            key=lambda item: (item[0][0] or dt.date.max, in_base_unit(item[1][0].figure)[0]),
        )
        sides = tuple(
            Side(
                says=" / ".join(dict.fromkeys(says(r) for r in cluster)),
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
