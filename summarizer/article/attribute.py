"""Who said each quotation: code's reading of the attribution and the model's, both checked against the text.

Code reads the attribution shapes it knows ("…," X said; „…“, sagte X); real copy has many more ("…», a
déclaré M. X au journal Le Monde", "ha añadido el secretario"), so the extraction call lists the quotations code
found, numbered, and asks the model for the speaker of each (:func:`listed_quotes`, :func:`proposals`). Neither
answer is shown unchecked (:mod:`summarizer.text.speakers`): a name must be printed near the quotation, or be
tied to a title printed there, and a publication, agency or place never speaks. When code and model name
different people the briefing says so instead of picking one. Pure: no model call here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from summarizer.schema import MAX_LISTED_QUOTES, ArticleBrief, Dropped, ProposedSpeaker, Quote
from summarizer.text.names import without_descriptor
from summarizer.text.normalise import fold
from summarizer.text.quotes import MIN_WORDS
from summarizer.text.speakers import (
    NonPersons,
    check_speaker,
    has_role,
    is_no_answer,
    not_persons,
    speaker_from_context,
)
from summarizer.text.verbatim import locate_spans

# Most quotations one extraction call asks the speakers of; the rest keep code's reading.
MAX_QUOTES = MAX_LISTED_QUOTES


def listed_quotes(found: Iterable[Quote]) -> list[str]:
    """The quotations code found, as the extraction prompt numbers them (1, 2, ...): each once, at most
    ``MAX_QUOTES``. A quotation of a word or three is left out: code keeps one only with the speaker it names
    itself ("Valadares has called the decision “unacceptable”"), so there is nothing to ask."""
    return list(dict.fromkeys(q.text for q in found if len(q.text.split()) >= MIN_WORDS))[:MAX_QUOTES]


def numbered(listed: Sequence[str]) -> str:
    """The listed quotations one per line, by number, as the prompt shows them."""
    return "\n".join(f"{n}. “{text}”" for n, text in enumerate(listed, start=1)) or "(none)"


def proposals(answers: Iterable[ProposedSpeaker], listed: Sequence[str]) -> dict[str, str]:
    """The model's speakers by quotation text: numbers outside the list, repeats and "nobody" answers ignored."""
    found: dict[str, str] = {}
    for item in answers:
        if 1 <= item.n <= len(listed) and listed[item.n - 1] not in found and not is_no_answer(item.speaker):
            found[listed[item.n - 1]] = item.speaker or ""
    return found


def settle(brief: ArticleBrief, proposed_by_model: dict[str, str]) -> ArticleBrief:
    """Each quotation's speaker from code's and the model's checked proposals (keyed by the quotation's text).

    A quotation only the model found comes with the model's speaker, checked as the model's."""
    article = brief.article
    # The model's lists of organisations and places veto speakers, code's readings too ("Arvena Motors Lyon said"),
    # except a name the model also lists as a person or the article gives a role ("Chief executive Tomas
    # Lindqvist said"): the model has filed a chief executive under organisations and places.
    persons = {fold(p) for p in brief.people}
    organisations = [n for n in brief.organisations if fold(n) not in persons and not has_role(n, article.text)]
    places = [n for n in brief.places if fold(n) not in persons and not has_role(n, article.text)]
    blocked = not_persons(article.text, extra=organisations)
    people = [*brief.people, *(q.speaker for q in brief.quotes if q.speaker), *proposed_by_model.values()]
    quotes: list[Quote] = []
    dropped: list[Dropped] = []
    for quote in brief.quotes:
        occurrences = _occurrences(quote.text, article.text) or [(0, len(article.text))]
        by_code = quote.speaker if quote.found_by != "model" else None
        by_model = proposed_by_model.get(quote.text) or (quote.speaker if quote.found_by == "model" else None)
        checked = {}
        for who, proposed in (("code", by_code), ("the model", by_model)):
            verdicts = [check_speaker(proposed, article.text, start, end, people=people, blocked=blocked,
                                      places=places, require_near=who != "code") for start, end in occurrences]
            verdict = next((v for v in verdicts if v.name), verdicts[0])
            checked[who] = verdict.name and without_descriptor(verdict.name, article.text)
            if proposed and verdict.name is None:
                dropped.append(Dropped(article_id=article.id, kind="speaker",
                                       text=f"{proposed} for “{quote.text[:70]}”",
                                       reason=f"proposed by {who}: {verdict.reason}"))
        combined = _combined(quote, checked["code"], checked["the model"])
        if combined.speaker is None and combined.speaker_note is None:
            combined = _from_context(combined, article.text, occurrences, people, blocked, places)
        quotes.append(combined)
    return brief.model_copy(update={"quotes": quotes, "dropped": [*brief.dropped, *dropped]})


def _from_context(quote: Quote, text: str, occurrences: list[tuple[int, int]], people: list[str],
                  blocked: NonPersons, places: Iterable[str]) -> Quote:
    """Nobody attributed the quotation: the one person the article names near it, if there is exactly one."""
    for start, end in occurrences:
        if name := speaker_from_context(text, start, end, people=people, blocked=blocked, places=places):
            return quote.model_copy(update={"speaker": without_descriptor(name, text), "speaker_by": "code"})
    return quote


def _occurrences(quote: str, text: str) -> list[tuple[int, int]]:
    """Every place the quotation is printed (a lede bullet may repeat a quote the body attributes)."""
    found: list[tuple[int, int]] = []
    offset = 0
    while spans := locate_spans(quote, text, offset):
        found.append((spans[0][0], spans[-1][1]))
        offset = spans[0][0] + 1
    return found


def _combined(quote: Quote, code: str | None, model: str | None) -> Quote:
    """One speaker, or none and a note when code and model name different people."""
    if code and model:
        if fold(code.split()[-1]) == fold(model.split()[-1]):
            fuller = model if len(model) > len(code) else code
            return quote.model_copy(update={"speaker": fuller, "speaker_by": "both"})
        return quote.model_copy(update={"speaker": None, "speaker_by": None,
                                        "speaker_note": f"speaker uncertain: code read {code}, the model {model}"})
    if code or model:
        return quote.model_copy(update={"speaker": code or model, "speaker_by": "code" if code else "model"})
    return quote.model_copy(update={"speaker": None, "speaker_by": None})
