"""The reconciliation model's answer, checked: what it proposes is shown only once code has confirmed it.

A shared point must rest on two independent sources and cite numbers the articles contain; a discrepancy must
cite claims from two articles that are about what it describes. The title and summary are checked sentence by
sentence in :mod:`summarizer.story.summary`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from summarizer.schema import ArticleBrief, Claim, Discrepancy, Dropped, Point, Reconciliation, Side
from summarizer.story.agreement import confidence
from summarizer.story.duplicates import independent
from summarizer.text.figures import unsupported_numbers
from summarizer.text.names import proper_names, skeleton
from summarizer.text.sentences import sentences
from summarizer.text.words import content_words


def shared_points(
    proposal: Reconciliation | None, claims: dict[str, Claim], duplicates: Mapping[str, str], texts: dict[str, str]
) -> tuple[list[Point], set[str], list[Dropped]]:
    """The proposed shared points that rest on two independent sources, the claim refs they use, and the rest
    dropped with the reason. A source counts only through a claim whose evidence code found in its article: an
    article the model says agrees, on a claim nothing in it backs, is not shown as agreeing."""
    points: list[Point] = []
    used: set[str] = set()
    dropped: list[Dropped] = []
    names = _story_names(texts.values()) if proposal and proposal.shared_points else frozenset()
    for proposed in proposal.shared_points if proposal else []:
        cited = [r for r in dict.fromkeys(proposed.claims) if r in claims]
        about = [r for r in cited if says_more_than_names(proposed.text, claims[r].readable, names)]
        refs = [r for r in about if claims[r].evidence_verified]
        unknown = [r for r in proposed.claims if r not in claims]
        unbacked = [r for r in about if r not in refs]
        elsewhere = [r for r in cited if r not in about]
        ids = sorted({claims[r].article_id for r in refs})
        sources = independent(ids, duplicates)
        if len(sources) < 2:
            reason = (f"rests on {len(sources)} independent source(s) with evidence found"
                      + (f"; no evidence for {unbacked}" if unbacked else "")
                      + (f"; {elsewhere} share only names with it" if elsewhere else "")
                      + (f"; unknown refs {unknown}" if unknown else ""))
            dropped.append(Dropped(article_id=",".join(ids) or "-", kind="point", text=proposed.text, reason=reason))
            continue
        problems = unsupported_numbers(proposed.text, " ".join(texts[i] for i in ids))
        level, why = confidence(len(sources), [claims[r] for r in refs], problems)
        points.append(Point(text=proposed.text, article_ids=tuple(ids), claim_refs=tuple(refs), confidence=level, why=why))
        used.update(refs)
    points.sort(key=lambda p: (-len(p.article_ids), p.article_ids))
    return points, used, dropped


def says_more_than_names(point: str, claim: str, names: frozenset[str]) -> bool:
    """Whether a cited claim shares with the point a word beyond the story's names: "Ukraine has made significant
    progress" shares only "Ukraine" with "Ukraine has the right to self-defense", which it does not say, while
    "praised Ukraine's ability to defend itself" shares "defend" with "Ukraine has the right to defend itself"."""
    return bool(_keys(point) & _keys(claim) - names)


def _keys(text: str) -> set[str]:
    return {skeleton(word) for word in content_words(text)}


def _story_names(texts: Iterable[str]) -> frozenset[str]:
    """Every word the articles capitalise past a sentence's start: the people, places and bodies a story is
    about, which two claims name alike whatever each says of them."""
    return frozenset(word for text in texts for sentence in sentences(text) for name in proper_names(sentence)
                     for word in name)


def discrepancies(
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


def title_and_summary(briefs: list[ArticleBrief], proposal: Reconciliation | None) -> tuple[str, str, list[str]]:
    """The model's title and summary; without a model answer, the first article's, and a note saying so. Either
    is then checked sentence by sentence (:mod:`summarizer.story.summary`)."""
    if proposal is None:
        first = briefs[0]
        notes = [f"Summary taken from {first.article.id}: no reconciliation by the model."] if len(briefs) > 1 else []
        return first.headline, first.summary, notes
    return proposal.title, proposal.summary, []
