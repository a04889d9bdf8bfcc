"""The model's proposals for one article checked against its text, and merged with what code finds on its own.

Quotes must be verbatim, evidence must be in the article and about its claim, figures' numbers and dates'
phrases must be printed there, names must be names the article mentions. Whatever fails is kept in ``dropped``
with the reason, so the briefing can say what it left out. Pure: tested without any model.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from typing import Any

from rapidfuzz import fuzz

from summarizer.schema import (
    Article,
    ArticleBrief,
    Claim,
    Dropped,
    Event,
    ExtractedArticle,
    ExtractedEvent,
    ExtractedFigure,
    Figure,
    FoundBy,
    Quote,
    Usage,
)
from summarizer.text.dates import DateMention, find_date_mentions, resolve_date
from summarizer.text.figures import find_figures, numbers_in, parse_number, unsupported_numbers
from summarizer.text.names import organisation_name, person_name, place_name, without_descriptor
from summarizer.text.normalise import fold, normalise_typography
from summarizer.text.quotes import find_quotes, merge_quotes, verify_quotes
from summarizer.text.sentences import sentences
from summarizer.text.speakers import NonPersons, non_person_reason, not_persons, person_index
from summarizer.text.verbatim import locate_quote
from summarizer.text.words import content_words, overlap

NEAR_VERBATIM = 90
# Share of a claim's content words its evidence must contain to count as evidence for it, and the higher share an
# article sentence needs when code has to find the evidence itself.
RELEVANT_EVIDENCE = 0.25
SUPPORTING_SENTENCE = 0.6
SUPPORTING_WORDS = 3
# "on August 27" should match an article's "as of August 27": the date is the checkable part, not the preposition.
_LEADING_PREPOSITION = re.compile(r"^(?:on|in|at|by|since|until|from|as of|as at)\s+")


def verify(
    article: Article, proposed: ExtractedArticle, usage: Usage | None = None, *, year_hint: int | None = None,
    output_language: str = "en", code_quotes: list[Quote] | None = None,
) -> ArticleBrief:
    """Check the model's proposals against the article and merge in what code found (``code_quotes``: the
    article's quotations as :func:`find_quotes` reads them, when the caller already has them). Pure."""
    dropped: list[Dropped] = []
    model_quotes, rejected = verify_quotes([(q.text, q.speaker) for q in proposed.quotes], article)
    dropped += [Dropped(article_id=article.id, kind="quote", text=t, reason=r) for t, r in rejected]
    mentions = find_date_mentions(article.text, article.language)
    figures, figure_drops = _figures(article, proposed.figures, year_hint, mentions)
    events, event_drops = _events(article, proposed.events, year_hint, mentions, output_language)
    organisations, org_drops = _names_in_text(article, proposed.organisations, organisation_name)
    blocked = not_persons(article.text, extra=organisations)
    places, place_drops = _names_in_text(article, proposed.places, _place_in(blocked))
    people, people_drops = _names_in_text(article, proposed.people, _person_in(article, blocked, places),
                                          not_also=organisations + places)
    return ArticleBrief(
        article=article,
        headline=proposed.headline,
        summary=proposed.summary,
        claims=_claims(article, proposed, output_language),
        quotes=merge_quotes(find_quotes(article) if code_quotes is None else code_quotes, model_quotes),
        figures=figures,
        events=events,
        people=people,
        organisations=organisations,
        places=places,
        dropped=dropped + figure_drops + event_drops + people_drops + org_drops + place_drops,
        usage=usage or Usage(),
    )


def _person_in(article: Article, blocked: NonPersons, places: Sequence[str]
               ) -> Callable[[str], tuple[str | None, str]]:
    """A person's name, unless the article shows it is a publication, agency or place (a paper's "Sonntag")."""
    folded_places = {fold(p) for p in places}

    def clean(raw: str) -> tuple[str | None, str]:
        name, why = person_name(raw)
        if name is None:
            return None, why
        name = without_descriptor(name, article.text)
        if fold(name) in folded_places:
            return None, "a place, not a person"
        if " " not in name and not person_index(article.text, [raw]).get(fold(name)) \
                and not re.search(rf"\b[A-ZÀ-Þ][\w'’-]+[ \xa0]+{re.escape(name)}\b", article.text):
            return None, "one word the article never gives as a person's name (no first name, no title)"
        return (None, reason) if (reason := non_person_reason(name, blocked)) else (name, "")

    return clean


def _place_in(blocked: NonPersons) -> Callable[[str], tuple[str | None, str]]:
    """A place's name, unless the article shows it is a publication or agency ("El País", "Le Monde")."""

    def clean(raw: str) -> tuple[str | None, str]:
        name, why = place_name(raw)
        if name is not None and fold(name) in blocked.publications:
            return None, "a publication or agency, not a place"
        return name, why

    return clean


def evidence_found(evidence: str, text: str) -> bool:
    """Verbatim, or near-verbatim enough that a reader would find the passage: evidence is not shown as a quote."""
    if not evidence.strip():
        return False
    if locate_quote(evidence, text) is not None:
        return True
    return fuzz.partial_ratio(normalise_typography(evidence), normalise_typography(text)) >= NEAR_VERBATIM


def _anchors(text: str) -> set[str]:
    """Words that survive translation: names (capitalised, not opening the text) and numbers."""
    tokens = re.findall(r"\w+", text)
    return {t.casefold() for t in tokens[1:] if (t[0].isupper() and len(t) > 2) or t.isdigit()}


def ground_claim(
    claim: str, evidence: str, text: str, *, cross_language: bool = False, language: str | None = None
) -> tuple[str, FoundBy | None]:
    """Evidence that is in the article and about the claim; else the article sentence that backs it best.

    Small models often cite a real sentence that says something else, so "the span exists" is not enough: it must
    share the claim's content words. Code then looks for the sentence that does, so a true claim is not lost to
    a bad citation. ``None`` means nothing in the article backs the claim.

    A claim written in the briefing's language about an article in another (``cross_language``) shares no words
    with its evidence, only names and numbers; a verbatim span sharing one of those is the best code can check.
    """
    for cited in _cited_spans(evidence):
        found = evidence_found(cited, text)
        if found and overlap(claim, cited, language) >= RELEVANT_EVIDENCE:
            return cited, "model"
        if cross_language and found and _anchors(claim) & _anchors(cited):
            return cited, "model"
    best = max(sentences(text), key=lambda sentence: overlap(claim, sentence, language), default="")
    shared = content_words(claim, language) & content_words(best, language)
    if overlap(claim, best, language) >= SUPPORTING_SENTENCE and len(shared) >= SUPPORTING_WORDS:
        return best, "code"
    return evidence, None


# A passage the model quotes inside its evidence ("The article states: 'Les portiques sont à l’arrêt…'"), twelve
# characters or more, an apostrophe inside a word ("l’arrêt") not closing it: small models often wrap the real
# span in words of their own.
_WRAPPED_SPAN = re.compile(
    r"""(?<!\w)['‘"“«„]\s*(?P<span>(?:[^'’"”»“]|(?<=\w)['’](?=\w)){12,}?)\s*['’"”»“](?!\w)""")


def _cited_spans(evidence: str) -> list[str]:
    """The evidence as given, then each passage quoted inside it: the article's words a wrapper like "The article
    states: '…'" or "Het artikel states: '…'" holds."""
    return [evidence, *(m.group("span") for m in _WRAPPED_SPAN.finditer(evidence))]


def _claims(article: Article, proposed: ExtractedArticle, output_language: str) -> list[Claim]:
    claims = []
    cross_language = article.language not in (None, output_language)
    for number, item in enumerate(proposed.claims, start=1):
        evidence, found_by = ground_claim(
            item.claim, item.evidence, article.full_text, cross_language=cross_language, language=article.language
        )
        claims.append(Claim(
            ref=f"{article.id}.{number}",
            text=item.claim,
            evidence=evidence,
            evidence_found_by=found_by,
            article_id=article.id,
            evidence_verified=found_by is not None,
            unsupported_numbers=tuple(unsupported_numbers(item.claim, article.text, article.language)),
            evidence_by_names_only=(cross_language and found_by is not None
                                    and by_names_only(item.claim, evidence, article.language)),
        ))
    return claims


def by_names_only(claim: str, evidence: str, language: str | None = None) -> bool:
    """Whether a claim shares nothing with its evidence in another language but names: "the company will lay off
    employees" beside "Konzernchef Tomas Lindqvist kündigte an, das Unternehmen werde Berufung einlegen" (will
    appeal) shares only "Tomas Lindqvist". No word but a name in common, and no number of the claim that the
    evidence states too (compared by value: "€1.2 billion" is "1.200 millones de euros")."""
    stated = set(numbers_in(claim)) - set(unsupported_numbers(claim, evidence, language))
    if any(char.isdigit() for number in stated for char in number):
        return False
    return not content_words(claim) & content_words(evidence) - _anchors(claim) - _anchors(evidence)


def _resolve(phrase: str | None, article: Article, sentence: str, year_hint: int | None) -> tuple[dt.date | None, Any]:
    if not phrase:
        return None, "unknown"
    return resolve_date(phrase, article.dateline, sentence=sentence, year_hint=year_hint, language=article.language)


def _without_dates(text: str, mentions: list[DateMention]) -> str:
    """The text with its date phrases blanked out: a day of the month ("March 14") or a year counts nothing, so a
    figure the model built from one ("PORT CALDER, March": 14) is not a number the article reports."""
    for mention in sorted(mentions, key=lambda m: m.start, reverse=True):
        text = text[:mention.start] + " " * len(mention.text) + text[mention.start + len(mention.text):]
    return text


def _figures(
    article: Article, proposed: list[ExtractedFigure], year_hint: int | None, mentions: list[DateMention]
) -> tuple[list[Figure], list[Dropped]]:
    figures = [
        f.model_copy(update={"as_of": _resolve(f.as_of_text, article, f.sentence, year_hint)[0]})
        for f in find_figures(article)
    ]
    dropped: list[Dropped] = []
    undated = _without_dates(article.text, mentions) if proposed else article.text
    for item in proposed:
        value = parse_number(item.value, article.language)
        reason = None
        if value is None or unsupported_numbers(item.value, article.text, article.language):
            reason = f"number not in {article.id}"
        elif unsupported_numbers(item.value, undated, article.language):
            reason = f"{article.id} prints this number only as part of a date"
        if reason:
            dropped.append(Dropped(article_id=article.id, kind="figure", text=f"{item.value} {item.unit}".strip(),
                                   reason=reason))
            continue
        match = next((i for i, f in enumerate(figures) if abs(f.value - value) < 1e-9), None)
        if match is not None:
            figures[match] = figures[match].model_copy(update={"found_by": "both"})
            continue
        as_of, _ = _resolve(item.as_of, article, "", year_hint)
        figures.append(
            Figure(value=value, raw=item.value, unit=item.unit, measure=item.measure, as_of=as_of,
                   as_of_text=item.as_of, claimant=item.claimant, article_id=article.id, found_by="model")
        )
    return figures, dropped


def _events(
    article: Article, proposed: list[ExtractedEvent], year_hint: int | None, mentions: list[DateMention],
    output_language: str = "en",
) -> tuple[list[Event], list[Dropped]]:
    """Dated sentences found in code, labelled with the model's shorter wording where both agree on the date and
    the label describes the sentence."""
    same_language = article.language in (None, output_language)
    events: list[Event] = []
    for mention in mentions:
        if article.dateline_text and mention.sentence.strip() in article.dateline_text:
            continue
        date, basis = _resolve(mention.text, article, mention.sentence, year_hint)
        if date is None:
            continue
        what = " ".join(mention.sentence.split())
        events.append(Event(what=what, when_text=mention.text, date=date, basis=basis, article_id=article.id,
                            language=article.language))
    dropped: list[Dropped] = []
    haystack = normalise_typography(article.text).lower()
    for item in proposed:
        phrase = _LEADING_PREPOSITION.sub("", normalise_typography(item.when).lower())
        if not phrase or phrase not in haystack:
            dropped.append(Dropped(article_id=article.id, kind="event", text=f"{item.when}: {item.what}",
                                   reason=f"date phrase not in {article.id}"))
            continue
        date, basis = _resolve(item.when, article, item.what, year_hint)
        same_day = [i for i, e in enumerate(events) if e.date == date]
        unlabelled = [i for i in same_day if events[i].found_by == "code"]
        labelled = _sentence_for(item.what, unlabelled, events, article.language, same_language)
        if date is not None and labelled is not None:
            events[labelled] = events[labelled].model_copy(update={"what": item.what, "found_by": "both"})
        elif date is not None and same_day:
            reason = (f"describes none of the sentences of {article.id} dated that day" if unlabelled else
                      f"every sentence of {article.id} dated that day already has its event")
            left_out = Dropped(article_id=article.id, kind="event", text=f"{item.when}: {item.what}", reason=reason)
            dropped += [left_out] if left_out not in dropped else []
        elif date is not None:
            events.append(Event(what=item.what, when_text=item.when, date=date, basis=basis,
                                article_id=article.id, found_by="model", language=article.language))
    return events, dropped


def _sentence_for(what: str, same_day: list[int], events: list[Event], language: str | None,
                  same_language: bool) -> int | None:
    """Which of code's sentences dated that day the model's event describes: the one sharing most of its words.
    A sentence already labelled keeps its label, so "the evacuation was ordered on Monday" cannot replace the
    lede that says the river burst its banks on Monday. In the article's own language the label must share some
    of the sentence's words ("Aveiro workers will rally" is no label for the minister's meeting next week); a
    label in another language cannot be compared word for word, and takes the best (else the first) sentence."""
    if not same_day:
        return None
    best = max(same_day, key=lambda i: (overlap(what, events[i].what, language), -i))
    return best if not same_language or overlap(what, events[best].what, language) >= RELEVANT_EVIDENCE else None


def _names_in_text(
    article: Article, proposed: list[str], clean: Callable[[str], tuple[str | None, str]], not_also: Sequence[str] = ()
) -> tuple[list[str], list[Dropped]]:
    """Names only, each one the article really mentions; a one-word "person" the article lists as a place or
    organisation too (the model's "Kyiv") is not a person."""
    kept: list[str] = []
    dropped: list[Dropped] = []
    haystack = normalise_typography(article.text).lower()
    for raw in dict.fromkeys(n.strip() for n in proposed if n.strip()):
        name, why_not = clean(raw)
        if name is not None and " " not in name and name in not_also:
            name, why_not = None, "listed as a place or organisation too"
        if name is not None and fuzz.partial_ratio(normalise_typography(name).lower(), haystack) < 85:
            name, why_not = None, f"name not in {article.id}"
        if name is None:
            dropped.append(Dropped(article_id=article.id, kind="entity", text=raw, reason=why_not))
        elif name not in kept:
            kept.append(name)
    return kept, dropped
