"""Assembly: every part of the story stage computed once, then one ``Brief`` built from the finished parts.

Two steps: :func:`findings` needs only the articles (so it runs while the model reconciles), :func:`complete`
checks the model's answer against them. Pure, so the whole deterministic half of reconciliation is tested
without any model.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from summarizer.schema import (
    Article,
    ArticleBrief,
    Brief,
    Discrepancy,
    Dropped,
    Entity,
    Failure,
    Figure,
    Point,
    Quote,
    Reconciliation,
    RunInfo,
    Source,
    TimelineEntry,
)
from summarizer.story import agreement
from summarizer.story import proposal as checked
from summarizer.story import summary as storyline
from summarizer.story.discrepancies import code_discrepancies
from summarizer.story.duplicates import find_duplicates, original
from summarizer.story.entities import merge_entities
from summarizer.story.remarks import one_name_per_speaker, remark_groups, unique_quotes
from summarizer.story.timeline import build_timeline, is_dateline, without_dateline
from summarizer.story.topic import on_topic


@dataclass(frozen=True)
class Findings:
    """What code finds in the articles alone, before the model's answer: computed while the reconciliation call
    is in flight (on a story of 200 articles it is most of the story stage's seconds), and completed by
    :func:`complete` once the answer is in."""

    listed: list[ArticleBrief]
    briefs: list[ArticleBrief]
    everything: list[Article]
    copies: frozenset[str]
    left_out: dict[str, str]
    duplicates: dict[str, str]
    timeline: list[TimelineEntry]
    all_quotes: list[Quote]
    quotes: list[Quote]
    all_figures: list[Figure]
    in_code: list[Point]
    found_in_code: list[Discrepancy]
    entities: list[Entity]
    output_language: str
    article_text: str


def findings(
    briefs: list[ArticleBrief], output_language: str = "en", *, off_topic: Mapping[str, str] | None = None,
    copies: Sequence[Article] = (),
) -> Findings:
    """Everything the story stage finds without the model, in data-flow order.

    ``off_topic`` (article id -> reason, from :func:`summarizer.story.topic.off_topic`) are briefs left out of the
    merge (agreement, discrepancies, timeline, single-source points, title and summary); their checked quotes,
    figures and names stay in those inventories, cited to them, and they are listed as sources and under what was
    left out. ``copies`` are exact copies that were not briefed: listed as sources, duplicates of the article
    they copy."""
    left_out = dict(off_topic or {})
    everything = [b.article for b in briefs] + list(copies)
    duplicates = find_duplicates(everything)
    merged = on_topic(briefs, left_out)
    articles = [b.article for b in merged]
    all_figures = [f for b in briefs for f in b.figures]
    figures = [f for f in all_figures if f.article_id not in left_out]
    timeline = build_timeline([without_dateline(e, b.article) for b in merged for e in b.events
                               if not is_dateline(e, b.article)], duplicates, output_language)
    all_quotes = one_name_per_speaker(unique_quotes(q for b in briefs for q in b.quotes))
    quotes = [q for q in all_quotes if q.article_id not in left_out]
    remarks = remark_groups(quotes, output_language)
    article_text = " ".join(a.text for a in articles)
    storyline.instruction_lines(article_text)  # read now, while the model reconciles; the summary check reuses it
    return Findings(
        listed=briefs, briefs=merged, everything=everything, copies=frozenset(c.id for c in copies),
        left_out=left_out, duplicates=dict(duplicates), timeline=timeline, all_quotes=all_quotes, quotes=quotes,
        all_figures=all_figures,
        in_code=agreement.agreed_in_code(timeline, remarks, figures, duplicates, output_language, articles),
        found_in_code=code_discrepancies(merged, figures, quotes, remarks, timeline, duplicates, output_language),
        entities=merge_entities(briefs, output_language), output_language=output_language, article_text=article_text,
    )


def complete(
    found: Findings,
    proposal: Reconciliation | None,
    *,
    failures: Sequence[Failure] = (),
    notes: Sequence[str] = (),
    run: RunInfo | None = None,
    article_briefs: list[ArticleBrief] | None = None,
) -> Brief:
    """The model's answer checked against the findings, and the ``Brief`` built from both; the caller's
    ``failures``, ``notes`` and ``run`` are the parts that come from outside the story stage (loading,
    extraction, the call itself, the run)."""
    briefs, duplicates, quotes = found.briefs, found.duplicates, found.quotes
    claims = {c.ref: c for b in briefs for c in b.claims}
    texts = {b.article.id: b.article.text for b in briefs}
    shared, used, dropped = checked.shared_points(proposal, claims, duplicates, texts)
    similar = agreement.similar_claims([c for c in claims.values() if c.ref not in used], duplicates)
    used.update(ref for point in similar for ref in point.claim_refs)
    quoted = agreement.claims_quoted_elsewhere([c for c in claims.values() if c.ref not in used], quotes, duplicates,
                                               found.output_language)
    used.update(ref for point in quoted for ref in point.claim_refs)
    model_discrepancies, discrepancy_drops = checked.discrepancies(proposal, claims)
    agreed = shared + similar + quoted + found.in_code
    singles, unbacked = agreement.single_source_points([c for c in claims.values() if c.ref not in used], quotes,
                                                       duplicates)
    singles, agreed = agreement.fold_into_agreement(singles, agreed, found.output_language)
    discrepancies = found.found_in_code + model_discrepancies
    title, summary, title_notes = checked.title_and_summary(briefs, proposal)
    checked_singles = [p for p in singles if not all(claims[r].evidence_by_names_only for r in p.claim_refs)]
    told = storyline.Told(points=agreed + checked_singles, shared=agreed, discrepancies=discrepancies,
                          timeline=found.timeline, quotes=quotes, article_text=found.article_text,
                          language=found.output_language)
    summary_checked = storyline.check_summary(summary, told)
    title_checked = storyline.check_title(title, told, summary_checked)
    return Brief(
        title=title_checked.text,
        summary=summary_checked.text,
        summary_from_model=proposal is not None and not summary_checked.composed_in_code,
        shared_points=agreed,
        single_source_points=singles,
        discrepancies=discrepancies,
        timeline=found.timeline,
        quotes=found.all_quotes,
        figures=found.all_figures,
        entities=found.entities,
        sources=_sources(found.everything, duplicates, found.copies, found.left_out),
        dropped=[d for b in found.listed for d in b.dropped] + _left_out(found.everything, found.left_out) + dropped
        + unbacked + discrepancy_drops + list(summary_checked.dropped) + list(title_checked.dropped),
        failures=list(failures),
        notes=title_notes + storyline.notes(summary_checked, title_checked) + list(notes),
        run=run or RunInfo(),
        article_briefs=article_briefs,
    )


def assemble(
    briefs: list[ArticleBrief],
    proposal: Reconciliation | None,
    output_language: str = "en",
    *,
    failures: Sequence[Failure] = (),
    notes: Sequence[str] = (),
    run: RunInfo | None = None,
    article_briefs: list[ArticleBrief] | None = None,
    off_topic: Mapping[str, str] | None = None,
    copies: Sequence[Article] = (),
) -> Brief:
    """:func:`findings`, then :func:`complete`: the whole story stage after the model call, in one step."""
    return complete(findings(briefs, output_language, off_topic=off_topic, copies=copies), proposal,
                    failures=failures, notes=notes, run=run, article_briefs=article_briefs)


def _load_order(article: Article) -> tuple[int, str]:
    """A2 before A10: ids are numbered in load order, and the sources table follows it, copies in their place."""
    return len(article.id), article.id


def _sources(articles: list[Article], duplicates: Mapping[str, str], copies: set[str],
             left_out: Mapping[str, str]) -> list[Source]:
    """Every input article once, in load order, with what the briefing decided about it."""
    return [Source.of(a, duplicate_of=duplicates.get(a.id), briefed=a.id not in copies,
                      off_topic=left_out.get(a.id) or left_out.get(original(a.id, duplicates)))
            for a in sorted(articles, key=_load_order)]


def _left_out(articles: list[Article], left_out: Mapping[str, str]) -> list[Dropped]:
    """An off-topic article is not dropped silently: it is listed with the reason, and how to merge it anyway."""
    return [Dropped(article_id=a.id, kind="article", text=a.title,
                    reason=f"{left_out[a.id]}; left out of the merge (--keep-off-topic merges it)")
            for a in sorted(articles, key=_load_order) if a.id in left_out]
