"""Counts that cannot both be right: "dozens of villages" against "about 100 localities", in any language.

Two clusters of one concept's counts (:mod:`summarizer.story.counts`), each with a source the other lacks, are a
numeric discrepancy.
"""

from __future__ import annotations

from collections.abc import Mapping

from summarizer.schema import Article, Discrepancy, Side
from summarizer.story.counts import count_clusters, disagree


def range_discrepancies(articles: list[Article], duplicates: Mapping[str, str]) -> list[Discrepancy]:
    """Per concept, clusters of mutually compatible counts; two or more from different sources disagree."""
    found: list[Discrepancy] = []
    for concept, clusters in count_clusters(articles).items():
        if not disagree(concept, clusters, duplicates):
            continue
        sides = tuple(
            Side(says=" / ".join(dict.fromkeys(c.raw for c in cluster)),
                 article_ids=tuple(sorted({c.article_id for c in cluster})),
                 claimant=next((c.claimant for c in cluster if c.claimant), None))
            for cluster in sorted(clusters, key=lambda cl: min(c.low for c in cl))
        )
        found.append(Discrepancy(kind="numeric", topic=f"Number of {concept}", sides=sides,
                                 note="the ranges these words allow do not overlap: the counts contradict each other"))
    return found
