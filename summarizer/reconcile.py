"""Per-article briefs in, one ``Brief`` out: a deterministic merge first, then one model call for judgment.

Code merges what it can compare exactly (figures, dates, names, outlets, duplicates). The model is asked only
what needs judgment (which claims make the same point, where the framing differs, a title and summary), and it
may only answer by pointing at claim references. Source counts, independence and confidence are then computed
from those references in code, never taken from the model's word; a "shared" point that turns out to rest on one
independent source is demoted and the briefing says so.
"""

from __future__ import annotations

from collections.abc import Iterable

from summarizer.discrepancies import (
    agreeing_figures,
    provenance_discrepancies,
    quote_discrepancies,
    same_remark,
)
from summarizer.errors import ModelError, NoRecordingError
from summarizer.llm import LLM
from summarizer.merge import (
    build_timeline,
    factual_discrepancies,
    find_near_duplicates,
    group,
    merge_entities,
    naming_discrepancies,
    numeric_discrepancies,
    stale_articles,
)
from summarizer.prompts import render_prompt
from summarizer.schema import (
    ArticleBrief,
    Brief,
    Claim,
    Discrepancy,
    Dropped,
    Failure,
    Figure,
    Point,
    Quote,
    Reconciliation,
    Side,
    Source,
    TimelineEntry,
    Usage,
)
from summarizer.text.figures import unsupported_numbers
from summarizer.text.language import language_name
from summarizer.text.normalise import normalise_typography
from summarizer.text.words import content_words

# How alike two claims' wording must be for code to call them one point (see _similar_claims).
SIMILAR_CLAIM_WORDS = 3
SIMILAR_CLAIM_SHARE = 0.75
# Claims the reconciliation prompt may carry (~40 tokens each): keeps it inside an 8k context at any run size.
MAX_CLAIMS_SHOWN = 120


def claims_shown(briefs: list[ArticleBrief], budget: int = MAX_CLAIMS_SHOWN) -> set[str]:
    """Which claims fit the reconciliation prompt: round-robin over articles, each article's first claims first,
    so a run of hundreds of articles keeps a bounded prompt and every article is heard before any is heard twice."""
    rounds = max((len(b.claims) for b in briefs), default=0)
    order = [b.claims[i].ref for i in range(rounds) for b in briefs if i < len(b.claims)]
    return set(order[:budget])


def claims_listing(briefs: list[ArticleBrief], shown: set[str] | None = None) -> str:
    """The model sees claims by reference, with each article's date so it can tell an update from a clash."""
    blocks = []
    for brief in briefs:
        listed = [c for c in brief.claims if shown is None or c.ref in shown]
        if not listed:
            continue
        date = brief.article.dateline.isoformat() if brief.article.dateline else "date unknown"
        lines = [f"{brief.article.id} ({date}): {brief.headline}"]
        lines += [f"{claim.ref} {claim.readable}" for claim in listed]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def build_messages(
    briefs: list[ArticleBrief], shown: set[str] | None = None, output_language: str = "en"
) -> list[dict[str, str]]:
    """Articles in other languages than the briefing's add one instruction: write in the briefing's language."""
    system = render_prompt("reconcile")
    languages = sorted({b.article.language for b in briefs if b.article.language} | {output_language})
    if languages != [output_language]:
        system += "\n" + render_prompt("reconcile_language", output_language=language_name(output_language),
                                       languages=", ".join(map(language_name, languages)))
    return [
        {"role": "system", "content": system},
        {"role": "user", "content": render_prompt("reconcile_user", claims=claims_listing(briefs, shown))},
    ]


async def reconcile(
    briefs: list[ArticleBrief], llm: LLM, *, max_claims: int = MAX_CLAIMS_SHOWN, output_language: str = "en"
) -> Brief:
    """Merge in code, ask the model once (only when there is something to reconcile), then check its answer."""
    proposal: Reconciliation | None = None
    usage = Usage()
    failures: list[Failure] = []
    shown = claims_shown(briefs, max_claims)
    if len(briefs) > 1 and shown:
        try:
            proposal, usage = await llm.structured(Reconciliation, build_messages(briefs, shown, output_language))
        except NoRecordingError:
            raise
        except ModelError as exc:
            failures.append(Failure(path="(all articles)", stage="reconcile", reason=str(exc)))
    brief = merge(briefs, proposal, output_language)
    brief.failures += failures
    total = sum(len(b.claims) for b in briefs)
    if proposal is not None and len(shown) < total:
        brief.notes.append(f"The model reconciled {len(shown)} of {total} claims (the prompt is capped); "
                           "the rest were compared in code only.")
    brief.run.usage = sum((b.usage for b in briefs), Usage()) + usage
    return brief


def merge(briefs: list[ArticleBrief], proposal: Reconciliation | None, output_language: str = "en") -> Brief:
    """Everything after the model call: pure, so it is tested without any model."""
    articles = [b.article for b in briefs]
    duplicates = find_near_duplicates(articles)
    claims = {c.ref: c for b in briefs for c in b.claims}
    texts = {a.id: a.text for a in articles}
    figures = [f for b in briefs for f in b.figures]
    events = [e for b in briefs for e in b.events]
    shared, used, dropped = _shared_points(proposal, claims, duplicates, texts)
    similar = _similar_claims([c for c in claims.values() if c.ref not in used], duplicates)
    used.update(ref for point in similar for ref in point.claim_refs)
    timeline = build_timeline(events, duplicates)
    quotes = _unique_quotes(q for b in briefs for q in b.quotes)
    discrepancies = (
        numeric_discrepancies(figures, duplicates, datelines={a.id: a.dateline for a in articles})
        + factual_discrepancies(articles)
        + naming_discrepancies(articles)
        + stale_articles(briefs, timeline)
        + quote_discrepancies(quotes, duplicates)
        + provenance_discrepancies(quotes, articles, duplicates, output_language)
    )
    model_discrepancies, discrepancy_drops = _model_discrepancies(proposal, claims)
    title, summary, notes = _title_and_summary(briefs, proposal, texts)
    return Brief(
        title=title,
        summary=summary,
        summary_from_model=proposal is not None,
        shared_points=shared + similar + _agreed_in_code(timeline, quotes, figures, duplicates, output_language),
        single_source_points=[_single(c) for c in claims.values() if c.ref not in used],
        discrepancies=discrepancies + model_discrepancies,
        timeline=timeline,
        quotes=quotes,
        figures=figures,
        entities=merge_entities(briefs),
        sources=[_source(b, duplicates) for b in briefs],
        dropped=[d for b in briefs for d in b.dropped] + dropped + discrepancy_drops,
        notes=notes,
    )


def independent(article_ids: Iterable[str], duplicates: dict[str, str]) -> list[str]:
    """Article ids with syndicated copies folded into the article they copy."""
    return sorted({duplicates.get(a, a) for a in article_ids})


def confidence(sources: int, claims: list[Claim], number_problems: list[str]) -> tuple[str, str]:
    """Confidence from evidence: independent sources and how many claims code could verify, nothing else."""
    checked = sum(c.evidence_verified and not c.unsupported_numbers for c in claims)
    why = f"{sources} independent source{'s' if sources != 1 else ''}"
    if claims:
        why += f"; evidence found for {checked} of {len(claims)}"
    if number_problems:
        return "low", f"{why}; numbers not in the cited articles: {', '.join(number_problems)}"
    if sources >= 3 and checked == len(claims):
        return "high", why
    if sources >= 2 and checked * 2 >= len(claims):
        return "medium", why
    return "low", why


def _shared_points(
    proposal: Reconciliation | None, claims: dict[str, Claim], duplicates: dict[str, str], texts: dict[str, str]
) -> tuple[list[Point], set[str], list[Dropped]]:
    points: list[Point] = []
    used: set[str] = set()
    dropped: list[Dropped] = []
    for proposed in proposal.shared_points if proposal else []:
        refs = [r for r in dict.fromkeys(proposed.claims) if r in claims]
        unknown = [r for r in proposed.claims if r not in claims]
        ids = sorted({claims[r].article_id for r in refs})
        sources = independent(ids, duplicates)
        if len(sources) < 2:
            reason = f"rests on {len(sources)} independent source(s)" + (f"; unknown refs {unknown}" if unknown else "")
            dropped.append(Dropped(article_id=",".join(ids) or "-", kind="point", text=proposed.text, reason=reason))
            continue
        problems = unsupported_numbers(proposed.text, " ".join(texts[i] for i in ids))
        level, why = confidence(len(sources), [claims[r] for r in refs], problems)
        points.append(Point(text=proposed.text, article_ids=tuple(ids), claim_refs=tuple(refs), confidence=level, why=why))
        used.update(refs)
    points.sort(key=lambda p: (-len(p.article_ids), p.article_ids))
    return points, used, dropped


def _similar_claims(claims: list[Claim], duplicates: dict[str, str]) -> list[Point]:
    """Claims from different articles that say the same thing in nearly the same words, grouped without the model.

    Deliberately strict (most of the shorter claim's content words, and at least three of them, in the other):
    a small model often groups nothing, and a false agreement would be worse than a missed one.
    """
    words = {c.ref: content_words(c.readable) for c in claims}
    points = []
    for claims_alike in group(claims, lambda a, b: _same_claim(a, b, words)):
        sources = independent((c.article_id for c in claims_alike), duplicates)
        if len(sources) >= 2:
            level, why = confidence(len(sources), claims_alike, [])
            points.append(Point(text=min(claims_alike, key=lambda c: len(c.readable)).readable,
                                article_ids=tuple(sorted({c.article_id for c in claims_alike})),
                                claim_refs=tuple(c.ref for c in claims_alike), confidence=level,
                                why=f"{why}; claims worded alike", found_by="code"))
    return points


def _same_claim(a: Claim, b: Claim, words: dict[str, set[str]]) -> bool:
    if a.article_id == b.article_id:
        return False
    shorter, longer = sorted((words[a.ref], words[b.ref]), key=len)
    shared = shorter & longer
    return len(shared) >= SIMILAR_CLAIM_WORDS and len(shared) >= SIMILAR_CLAIM_SHARE * len(shorter)


def _agreed_in_code(timeline: list[TimelineEntry], quotes: list[Quote], figures: list[Figure],
                    duplicates: dict[str, str], output_language: str = "en") -> list[Point]:
    """Agreement code can see without the model: one dated event, one quote or one figure in several independent
    articles, whatever language each was printed in."""
    points = []
    for entry in timeline:
        sources = independent(entry.article_ids, duplicates)
        if len(sources) >= 2:
            level, why = confidence(len(sources), [], [])
            how = f"; reported in {len(entry.languages)} languages, compared through the model's translations" \
                if len(entry.languages) > 1 else ""
            points.append(Point(text=f"{entry.date.isoformat()}: {entry.what}", article_ids=tuple(sources),
                                confidence=level, why=f"{why}; same event on the same date{how}", found_by="code"))
    for text, speaker, ids, languages in _quotes_in_several(quotes, duplicates, output_language):
        level, why = confidence(len(ids), [], [])
        said = f"{speaker} was quoted" if speaker else "Quoted"
        if len(languages) > 1:
            why += f"; the same remark in {len(languages)} languages ({', '.join(languages)}), matched through the " \
                   "model's translations"
        else:
            why += "; same words in each"
        points.append(Point(text=f"{said}: {text}", article_ids=ids, confidence=level, why=why,
                            found_by="both" if len(languages) > 1 else "code"))
    for says, ids in agreeing_figures(figures, duplicates):
        level, why = confidence(len(ids), [], [])
        points.append(Point(text=says, article_ids=ids, confidence=level, why=f"{why}; same figure in each",
                            found_by="code"))
    return points


def _quotes_in_several(
    quotes: list[Quote], duplicates: dict[str, str], output_language: str = "en"
) -> list[tuple[str, str | None, tuple[str, ...], list[str]]]:
    """Quotes printed by several articles: one contained in the other once normalised, or the same remark in
    another language. The shortest wording printed in the briefing's language is the part they all carry; a
    group printed only in other languages shows its printed words, with the model's translation outside the
    quotation marks."""
    found = []
    for printed in group(quotes, lambda a, b: same_remark(a, b, output_language)):
        ids = tuple(independent((q.article_id for q in printed), duplicates))
        if len(ids) < 2:
            continue
        speaker = next((q.speaker for q in printed if q.speaker), None)
        languages = sorted({q.language for q in printed if q.language})
        originals = [q for q in printed if q.language in (None, output_language)]
        shortest = min(originals or printed, key=lambda q: len(q.text))
        text = f"“{shortest.text.strip(' .,')}”"
        if not originals and shortest.translation:
            text += f" ({shortest.language}; model translation: {shortest.translation})"
        found.append((text, speaker, ids, languages))
    return found


def _single(claim: Claim) -> Point:
    level, why = confidence(1, [claim], list(claim.unsupported_numbers))
    if claim.translation:
        why += "; claim translated by the model"
    return Point(text=claim.readable, article_ids=(claim.article_id,), claim_refs=(claim.ref,), confidence=level,
                 why=why)


def _model_discrepancies(
    proposal: Reconciliation | None, claims: dict[str, Claim]
) -> tuple[list[Discrepancy], list[Dropped]]:
    """Kept only if at least two articles' cited claims are about what the description says they disagree on."""
    found: list[Discrepancy] = []
    dropped: list[Dropped] = []
    for proposed in proposal.discrepancies if proposal else []:
        topic = content_words(proposed.description)
        by_article: dict[str, list[str]] = {}
        for ref in dict.fromkeys(proposed.claims):
            if ref in claims and topic & content_words(claims[ref].readable):
                by_article.setdefault(claims[ref].article_id, []).append(claims[ref].readable)
        if len(by_article) < 2:
            dropped.append(Dropped(article_id=",".join(by_article) or "-", kind="discrepancy", text=proposed.description,
                                   reason="the claims it cites from two or more articles are not about it"))
            continue
        sides = tuple(Side(says=" / ".join(texts), article_ids=(aid,)) for aid, texts in sorted(by_article.items()))
        found.append(Discrepancy(kind=proposed.kind, topic=proposed.description, sides=sides, found_by="model"))
    return found, dropped


def _title_and_summary(
    briefs: list[ArticleBrief], proposal: Reconciliation | None, texts: dict[str, str]
) -> tuple[str, str, list[str]]:
    if proposal is None:
        first = briefs[0]
        notes = [f"Summary taken from {first.article.id}: no reconciliation by the model."] if len(briefs) > 1 else []
        return first.headline, first.summary, notes
    notes = []
    stray = unsupported_numbers(proposal.summary, " ".join(texts.values()))
    if stray:
        notes.append(f"The summary mentions numbers no article contains: {', '.join(stray)}.")
    return proposal.title, proposal.summary, notes


def _unique_quotes(quotes: Iterable[Quote]) -> list[Quote]:
    seen: set[tuple[str, str]] = set()
    unique = []
    for quote in quotes:
        key = (quote.article_id, normalise_typography(quote.text))
        if key not in seen:
            seen.add(key)
            unique.append(quote)
    return unique


def _source(brief: ArticleBrief, duplicates: dict[str, str]) -> Source:
    a = brief.article
    return Source(
        id=a.id, title=a.title, path=a.path, outlet=a.outlet, dateline=a.dateline, dateline_basis=a.dateline_basis,
        words=a.words, language=a.language, dropped_lines=a.dropped_lines, duplicate_of=duplicates.get(a.id),
        warnings=a.warnings,
    )
