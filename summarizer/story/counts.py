"""Counts compared across articles: each concept's counts clustered by the ranges they allow.

Each source's counts of one concept (:mod:`summarizer.text.quantities`) are grouped into clusters of ranges that
all overlap one another, narrowest first; a wide range that fits two clusters ("several thousand" between 2,500
and 4,000) joins neither, since it contradicts no one. Agreement (:mod:`summarizer.story.agreement`) and range
discrepancies (:mod:`summarizer.story.discrepancies.ranges`) both read these clusters, as figures are read from
:mod:`summarizer.story.figures`, so the two cannot disagree about which counts are the same.
"""

from __future__ import annotations

from collections.abc import Mapping

from summarizer.schema import Article
from summarizer.story.duplicates import original
from summarizer.text.quantities import CONTRADICTION_CONCEPTS, Count, find_counts, overlap


def count_clusters(articles: list[Article]) -> dict[str, list[list[Count]]]:
    """Per concept, the articles' counts in clusters of mutually compatible ranges."""
    counts = [c for a in articles for c in find_counts(a)]
    return {concept: _clusters([c for c in counts if c.concept == concept])
            for concept in sorted({c.concept for c in counts})}


def disagree(concept: str, clusters: list[list[Count]], duplicates: Mapping[str, str]) -> bool:
    """Two clusters of a concept compared for contradiction, each with a source the others lack."""
    if concept not in CONTRADICTION_CONCEPTS or len(clusters) < 2:
        return False
    sources = [{original(c.article_id, duplicates) for c in cluster} for cluster in clusters]
    return all(s - set().union(*(o for o in sources if o is not s)) for s in sources)


def _clusters(counts: list[Count]) -> list[list[Count]]:
    clusters: list[list[Count]] = []
    for count in sorted(counts, key=lambda c: (c.high - c.low) / max(c.high, 1.0)):
        fits = [c for c in clusters if all(overlap(count, member) for member in c)]
        touches = [c for c in clusters if any(overlap(count, member) for member in c)]
        if len(touches) > 1:
            continue
        if fits:
            fits[0].append(count)
        elif not touches:
            clusters.append([count])
    return clusters
