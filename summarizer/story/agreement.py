"""Where the sources agree, as far as code can see it, and how much that agreement is worth.

Confidence comes from evidence only: independent sources (copies folded, see :mod:`summarizer.story.duplicates`)
and how many claims code could verify. Code finds agreement on its own in claims worded alike, a claim that
other articles' quotations say too, dated events, quotes, figures and counts; the model's proposed shared points
are checked in :mod:`summarizer.story.proposal`.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence

from summarizer.schema import Article, Claim, Dropped, Figure, Point, Quote, TimelineEntry
from summarizer.story.counts import count_clusters, disagree
from summarizer.story.details import shared_details
from summarizer.story.duplicates import independent, original
from summarizer.story.figures import contradict, figure_clusters, measure_label, plain_value, says
from summarizer.story.groups import group
from summarizer.text.figures import says_only_time
from summarizer.text.quantities import Count
from summarizer.text.quotes import echoed_quotation, restated_quotation
from summarizer.text.sentences import sentences
from summarizer.text.words import content_words, holds_most, negated, statement_words

# How alike two claims' wording must be for code to call them one point (see _similar_claims).
SIMILAR_CLAIM_WORDS = 3
SIMILAR_CLAIM_SHARE = 0.75
# How much of a claim one sentence of another article's quotation must say, in the briefing's language, for the two
# to be one fact told twice: this share of the claim's content words, and at least this many (see _says).
QUOTED_CLAIM_WORDS = 3
QUOTED_CLAIM_SHARE = 0.6


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


def similar_claims(claims: list[Claim], duplicates: Mapping[str, str]) -> list[Point]:
    """Claims from different articles that say the same thing in nearly the same words, grouped without the model.

    Deliberately strict (most of the shorter claim's content words, and at least three of them, in the other):
    a small model often groups nothing, and a false agreement would be worse than a missed one. Only claims whose
    evidence code found take part: an article agrees only on what it can be shown to say.
    """
    claims = [c for c in claims if c.evidence_verified]
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
    return holds_most(shorter, longer, SIMILAR_CLAIM_WORDS, SIMILAR_CLAIM_SHARE)


def claims_quoted_elsewhere(claims: list[Claim], quotes: Sequence[Quote], duplicates: Mapping[str, str],
                            output_language: str = "en") -> list[Point]:
    """Verified claims that quotations printed by other articles say too: one fact, told by one article in its own
    words and by others in a speaker's ("the alliance had played no role in planning the offensive" beside Aagaard
    quoted in French: "L'Alliance n'a joué aucun rôle dans la préparation de cette opération").

    Quotations are compared in the briefing's language (as printed, or through their checked translation), one
    sentence at a time, and must keep the claim's polarity: "had no role" is not borne out by "had a role". A
    quotation backs one claim only, the first that it says. A claim that is itself a quotation without its
    speaker is left to the quotes (and to what was left out): agreeing on it would state an opinion as fact.
    """
    points: list[Point] = []
    taken: set[int] = set()
    said = [_sentences_said(q, output_language) for q in quotes]
    for claim in claims:
        if not claim.evidence_verified or claim.unsupported_numbers or restated_quotation(claim.readable, quotes):
            continue
        wanted = statement_words(claim.readable, output_language)
        if len(wanted) < QUOTED_CLAIM_WORDS:
            continue
        polarity = negated(claim.readable, output_language)
        quoting = [i for i, q in enumerate(quotes) if i not in taken and q.article_id != claim.article_id
                   and _says(said[i], wanted, polarity)]
        sources = independent([claim.article_id, *(quotes[i].article_id for i in quoting)], duplicates)
        if len(sources) < 2:
            continue
        taken.update(quoting)
        level, why = confidence(len(sources), [claim], [])
        speakers = sorted({quotes[i].speaker for i in quoting if quotes[i].speaker})
        quoted_in = ", ".join(sorted({quotes[i].article_id for i in quoting}))
        who = f"{' and '.join(speakers)} quoted saying so" if speakers else "a quotation saying so"
        points.append(Point(text=claim.readable, article_ids=tuple(sorted(sources)), claim_refs=(claim.ref,),
                            confidence=level, why=f"{why}; {who} in {quoted_in}", found_by="code"))
    return points


def _sentences_said(quote: Quote, output_language: str) -> list[tuple[set[str], bool | None]]:
    """Each sentence of the quotation in the briefing's language (none without a checked translation), as the
    words it is compared on and whether it is negated: computed once per quotation, not once per claim."""
    readable = quote.readable_in(output_language)
    return [(statement_words(s, output_language), negated(s, output_language)) for s in sentences(readable or "")]


def _says(said: list[tuple[set[str], bool | None]], wanted: set[str], polarity: bool | None) -> bool:
    """Whether one sentence of the quotation carries the claim's words (``wanted``) with its polarity."""
    return any(holds_most(wanted, words, QUOTED_CLAIM_WORDS, QUOTED_CLAIM_SHARE) and negated_sentence == polarity
               for words, negated_sentence in said)


def agreed_in_code(timeline: list[TimelineEntry], remarks: list[list[Quote]], figures: list[Figure],
                   duplicates: Mapping[str, str], output_language: str = "en", articles: Sequence[Article] = ()
                   ) -> list[Point]:
    """Agreement code can see without the model: one dated event, one quote, one figure, one count or one detail
    (a name beside a number, of the ``articles``' text) in several independent articles, whatever language each
    was printed in. ``remarks`` are the quotes grouped by :func:`summarizer.story.remarks.remark_groups`. A figure
    or count that a detail's sentence already tells, for no other source, gives way to that sentence; a dated event
    none of whose reports reads in the briefing's language stays in the timeline only."""
    counts = count_clusters(list(articles))
    details = shared_details(articles, duplicates, output_language, _disputed(figures, counts, duplicates))

    def told(value: float, ids: Sequence[str]) -> bool:
        return any(math.isclose(value, d.value) and set(ids) <= set(d.article_ids) for d in details)

    points = []
    for detail in details:
        level, why = confidence(detail.sources, [], [])
        points.append(Point(text=detail.text, article_ids=detail.article_ids, confidence=level,
                            why=f"{why}; {detail.evidence}", found_by="code"))
    points += agreeing_counts(counts, duplicates, output_language, told)
    quotes = [q for printed in remarks for q in printed]
    for entry in timeline:
        sources = independent(entry.article_ids, duplicates)
        if len(sources) >= 2 and _told_in(entry, output_language):
            level, why = confidence(len(sources), [], [])
            how = f"; reported in {len(entry.languages)} languages, compared through the model's translations" \
                if len(entry.languages) > 1 else ""
            points.append(Point(text=f"{entry.date.isoformat()}: {_as_reported(entry.what, quotes)}",
                                article_ids=tuple(sources), confidence=level,
                                why=f"{why}; same event on the same date{how}", found_by="code"))
    for text, speaker, ids, languages in _quotes_in_several(remarks, duplicates, output_language):
        level, why = confidence(len(ids), [], [])
        said = f"{speaker} was quoted" if speaker else "Quoted"
        if len(languages) > 1:
            why += f"; the same remark in {len(languages)} languages ({', '.join(languages)}), matched through the " \
                   "model's translations"
        else:
            why += "; same words in each"
        points.append(Point(text=f"{said}: {text}", article_ids=ids, confidence=level, why=why,
                            found_by="both" if len(languages) > 1 else "code"))
    for written, ids in agreeing_figures(figures, duplicates, output_language, told):
        level, why = confidence(len(ids), [], [])
        points.append(Point(text=written, article_ids=ids, confidence=level, why=f"{why}; same figure in each",
                            found_by="code"))
    return points


def _as_reported(what: str, quotes: Sequence[Quote]) -> str:
    """A dated line that is someone's quotation ("the water will not start going down before Thursday") is what
    they said, not the sources' fact: it is shown as theirs."""
    restated = restated_quotation(what, quotes)
    if restated is None:
        return what
    return f"according to {restated.speaker}, {what}" if restated.speaker else f"in a quotation: {what}"


def _told_in(entry: TimelineEntry, output_language: str) -> bool:
    """Whether a timeline line reads in the briefing's language (printed so, or translated): a line left in
    Portuguese stays in the timeline, but is no point a reader of an English briefing can take in."""
    return entry.translated_from is not None or not entry.languages or output_language in entry.languages


def _disputed(figures: list[Figure], counts: Mapping[str, list[list[Count]]], duplicates: Mapping[str, str]
              ) -> Callable[[float], bool]:
    """Whether a number is one side of a numeric discrepancy (figures of one measure, or counts of one concept,
    that contradict each other): such a number is reported there, never as agreement."""
    values = [r.figure.value for clusters in figure_clusters(figures, duplicates) if contradict(clusters)
              for cluster in clusters for r in cluster]
    ranges = [(c.low, c.high) for concept, clusters in counts.items() if disagree(concept, clusters, duplicates)
              for cluster in clusters for c in cluster]
    return lambda value: (any(math.isclose(value, v) for v in values)
                          or any(low <= value <= high for low, high in ranges))


def _quotes_in_several(
    remarks: list[list[Quote]], duplicates: Mapping[str, str], output_language: str = "en"
) -> list[tuple[str, str | None, tuple[str, ...], list[str]]]:
    """Quotes printed by several articles: one contained in the other once normalised, or the same remark in
    another language. The shortest wording printed in the briefing's language is the part they all carry; a
    group printed only in other languages shows its printed words, with the model's translation outside the
    quotation marks."""
    found = []
    for printed in remarks:
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


def agreeing_figures(figures: list[Figure], duplicates: Mapping[str, str], output_language: str = "en",
                     told: Callable[[float, Sequence[str]], bool] = lambda value, ids: False
                     ) -> list[tuple[str, tuple[str, ...]]]:
    """Figures two or more independent sources report alike, in whatever language and notation ("€1.2 billion",
    "1,2 Milliarden Euro", "1.200 millones de euros"): agreement code can see, as (what they say, article ids).
    A bare span of time ("78 years", "two years") says nothing about what it measures, so it is no point on its
    own: "Years: 78 years" agreed by four sources tells a reader nothing, nor does "Years offered: over two years".
    A figure ``told`` already (its value, for these articles) is not repeated."""
    agreed = []
    for clusters in figure_clusters(figures, duplicates):
        if clusters and says_only_time(clusters[0][0].figure):
            continue
        for cluster in clusters:
            ids = tuple(sorted({r.article_id for r in cluster}))
            if len(ids) >= 2 and not told(cluster[0].figure.value, ids):
                first = cluster[0].figure
                written = " / ".join(dict.fromkeys(says(r) for r in cluster))
                plain = plain_value(first, approx=all(r.figure.approx for r in cluster)) \
                    if output_language == "en" else None
                agreed.append((f"{measure_label(first)}: {plain} ({written})" if plain else
                               f"{measure_label(first)}: {written}", ids))
    return agreed


_COUNT_LABELS = {"settlements": "Settlements", "marchers": "Marchers", "dead": "Dead", "evacuated": "Evacuated",
                 "ships": "Ships", "workers": "Workers", "jobs": "Jobs"}


def agreeing_counts(counts: Mapping[str, list[list[Count]]], duplicates: Mapping[str, str],
                    output_language: str = "en",
                    told: Callable[[float, Sequence[str]], bool] = lambda value, ids: False) -> list[Point]:
    """One count several independent sources give alike ("Two people have died", "deux morts", "due morti"), as a
    point with each wording, and in English figures for an English briefing; a concept whose counts contradict
    each other is a discrepancy instead (:mod:`summarizer.story.discrepancies.ranges`), not also agreement.
    ``counts`` are :func:`summarizer.story.counts.count_clusters`; a count ``told`` already is not repeated."""
    points = []
    for concept, clusters in counts.items():
        if disagree(concept, clusters, duplicates):
            continue
        for cluster in clusters:
            sources = independent((c.article_id for c in cluster), duplicates)
            ids = tuple(sorted({c.article_id for c in cluster}))
            if len(sources) < 2 or any(c.value is not None and told(c.value, ids) for c in cluster):
                continue
            written = " / ".join(dict.fromkeys(c.raw for c in cluster))
            plain = _plain_count(cluster) if output_language == "en" else None
            level, why = confidence(len(sources), [], [])
            label = _COUNT_LABELS[concept]
            if all(c.claimant for c in cluster):  # who counts is part of what is counted (a union's job losses)
                label += f" according to {' / '.join(dict.fromkeys(c.claimant or '' for c in cluster))}"
            points.append(Point(text=f"{label}: {plain} ({written})" if plain else f"{label}: {written}",
                                article_ids=ids, confidence=level,
                                why=f"{why}; counts that agree, read in code from each article", found_by="code"))
    return points


def _plain_count(cluster: list[Count]) -> str | None:
    """The numbers the cluster's counts print, in English figures, most printed first ("1,300 / more than 1,000"):
    counts that agree need not be one number, and no source's number stands for everyone's."""
    printed = Counter(_plain(c) for c in cluster if c.value is not None)
    return " / ".join(text for text, _ in printed.most_common()) or None


def _plain(count: Count) -> str:
    """One count in English figures with the approximation its range stands for ("about 6,000")."""
    value = count.value or 0.0
    if count.low == count.high == value:
        qualifier = ""
    elif count.low == 0:
        qualifier = "up to "
    elif count.low == value:
        qualifier = "more than "
    elif count.high == value:
        qualifier = "nearly "
    else:
        qualifier = "about "
    return f"{qualifier}{value:,.0f}"


def single_source_points(claims: list[Claim], quotes: Sequence[Quote] = (),
                         duplicates: Mapping[str, str] | None = None) -> tuple[list[Point], list[Dropped]]:
    """Claims only one article makes, as points; a claim whose evidence is not in its article is not what that
    source reports, and a claim that repeats one of its quotations without the speaker states someone's words
    as the source's fact, so both go to what was left out instead (the quotation is listed with its speaker).
    The same claim from an article and its copy (``duplicates``: copy -> original) is one point of one source,
    citing both, not the same line twice."""
    points: list[Point] = []
    dropped: list[Dropped] = []
    first_ref: dict[tuple[str, str], str] = {}
    shown: dict[tuple[str, str], int] = {}
    for claim in claims:
        wording = " ".join(claim.readable.casefold().split())
        same = first_ref.setdefault((claim.article_id, wording), claim.ref)
        if same != claim.ref:
            dropped.append(Dropped(article_id=claim.article_id, kind="claim", text=claim.readable,
                                   reason=f"repeats claim {same} word for word"))
            continue
        copied = (original(claim.article_id, duplicates or {}), wording)
        if claim.evidence_verified and copied in shown:
            earlier = points[shown[copied]]
            points[shown[copied]] = earlier.model_copy(update={
                "article_ids": (*earlier.article_ids, claim.article_id),
                "claim_refs": (*earlier.claim_refs, claim.ref),
                "why": f"{earlier.why}; also in {claim.article_id}, a copy"})
            continue
        restated = quotation_restated(claim, [q for q in quotes if q.article_id == claim.article_id])
        if restated is not None:
            who = f"{restated.speaker}'s" if restated.speaker else "an unattributed"
            dropped.append(Dropped(article_id=claim.article_id, kind="claim", text=claim.readable,
                                   reason=f"repeats {who} quotation as a fact; listed under the quotes"))
        elif claim.evidence_verified:
            shown[copied] = len(points)
            points.append(single_source_point(claim))
        else:
            reason = (f"no sentence of {claim.article_id} supports it" if claim.evidence_found_by is None
                      else "its translation failed a check (see the translations not shown)")
            dropped.append(Dropped(article_id=claim.article_id, kind="claim", text=claim.readable, reason=reason))
    return points, dropped


def quotation_restated(claim: Claim, own_quotes: Sequence[Quote]) -> Quote | None:
    """The quotation of its own article (``own_quotes``) that a claim repeats without its speaker, word for word or
    in other words, if any: someone's words, not what the source reports as fact."""
    language = next((q.language for q in own_quotes if q.language), None)
    return restated_quotation(claim.readable, own_quotes) or echoed_quotation(claim.text, own_quotes, language)


def stated_as_fact(claim: Claim, own_quotes: Sequence[Quote]) -> bool:
    """Whether code may show a claim as its source's fact: its evidence was found in the article, and it is not
    one of the article's quotations restated."""
    return claim.evidence_verified and quotation_restated(claim, own_quotes) is None


# A single-source point is one an agreed point already says when the agreed point's text holds this share of its
# content words (and at least FOLDED_WORDS of them).
FOLDED_SHARE = 0.8
FOLDED_WORDS = 3


def fold_into_agreement(singles: Sequence[Point], agreed: Sequence[Point], output_language: str = "en"
                        ) -> tuple[list[Point], list[Point]]:
    """Single-source points that an agreed point citing their own article already says, with the same polarity
    ("Two people have died" under "Dead: 2 (Two people have died / dos muertos / …)"), are that point, not a second
    line: each one's claim joins the agreed point's references instead. Returns the remaining singles and the
    agreed points."""
    agreed = list(agreed)
    said = [(statement_words(p.text, output_language), negated(p.text, output_language)) for p in agreed]
    kept: list[Point] = []
    for single in singles:
        words, polarity = statement_words(single.text, output_language), negated(single.text, output_language)
        home = next((i for i, point in enumerate(agreed) if set(single.article_ids) <= set(point.article_ids)
                     and holds_most(words, said[i][0], FOLDED_WORDS, FOLDED_SHARE) and said[i][1] == polarity), None)
        if home is None:
            kept.append(single)
            continue
        point = agreed[home]
        agreed[home] = point.model_copy(update={"claim_refs": (*point.claim_refs, *(
            ref for ref in single.claim_refs if ref not in point.claim_refs))})
    return kept, agreed


def single_source_point(claim: Claim) -> Point:
    """A claim only one article makes: shown apart, with the confidence one source allows."""
    level, why = confidence(1, [claim], list(claim.unsupported_numbers))
    if claim.translation:
        why += "; claim translated by the model"
    if claim.evidence_by_names_only:
        why += "; its evidence, in the article's language, shares only names with it: the statement is not checked"
    return Point(text=claim.readable, article_ids=(claim.article_id,), claim_refs=(claim.ref,), confidence=level,
                 why=why)
