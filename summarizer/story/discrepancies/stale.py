"""Stale articles: written before events the others report, so their "latest" is out of date."""

from __future__ import annotations

import datetime as dt

from summarizer.schema import ArticleBrief, Discrepancy, Side, TimelineEntry

# A key event must be reported by at least this many articles other than the one being judged stale.
STALE_WITNESSES = 2
# An article written the day before an event is not out of date, only earlier: stale means this much older.
STALE_DAYS = 3


def _witnesses(event: TimelineEntry, datelines: dict[str, dt.date | None]) -> set[str]:
    """Articles that report ``event`` as having happened: dated on or after it (or undated, which cannot be told
    apart). An article announcing something for next Thursday witnesses nothing yet, and a shared forecast makes
    no one stale."""
    return {i for i in event.article_ids if (day := datelines.get(i)) is None or day >= event.date}


def stale_articles(briefs: list[ArticleBrief], timeline: list[TimelineEntry]) -> list[Discrepancy]:
    """An article written before something that two other articles report cannot know about it, so its
    "latest" reads as out of date. An undated article is never judged: silence beats a false accusation.
    Takes the merged timeline, where syndicated copies already count as one article."""
    found: list[Discrepancy] = []
    datelines = {b.article.id: b.article.dateline for b in briefs}
    for brief in briefs:
        article = brief.article
        if article.dateline is None:
            continue
        later = [e for e in timeline if (e.date - article.dateline).days > STALE_DAYS
                 and len(_witnesses(e, datelines) - {article.id}) >= STALE_WITNESSES]
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
