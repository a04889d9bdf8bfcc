"""Who said each quotation: code's reading of the attribution and the model's, both checked against the text.

Code reads the attribution shapes it knows ("…," X said; „…“, sagte X); real copy has many more ("…», a
déclaré M. X au journal Le Monde", "ha añadido el secretario"), so one short call per article asks the model
for the speaker of every quotation. Neither answer is shown unchecked (:mod:`summarizer.text.speakers`): a
name must be printed near the quotation, or be tied to a title printed there, and a publication, agency or
place never speaks. When code and model name different people the briefing says so instead of picking one.
"""

from __future__ import annotations

from collections.abc import Iterable

from summarizer.article.extract import escape_delimiters
from summarizer.errors import ModelError, NoRecordingError, one_line
from summarizer.llm import LLM
from summarizer.llm.prompts import render_prompt
from summarizer.schema import ArticleBrief, Dropped, ProposedSpeakers, Quote, Usage
from summarizer.text.normalise import fold
from summarizer.text.speakers import NonPersons, check_speaker, is_no_answer, not_persons, speaker_from_context
from summarizer.text.verbatim import locate_spans

MAX_QUOTES = 24


def build_messages(brief: ArticleBrief) -> list[dict[str, str]]:
    """The constant rules first, then the article, then its numbered quotations: one stable prefix per call."""
    numbered = "\n".join(f"{n}. “{q.text}”" for n, q in enumerate(brief.quotes[:MAX_QUOTES], start=1))
    tags = ("article", "quotations")
    return [
        {"role": "system", "content": render_prompt("attribute")},
        {"role": "user", "content": render_prompt("attribute_user", text=escape_delimiters(brief.article.text, tags),
                                                  quotations=escape_delimiters(numbered, tags))},
    ]


async def attribute(brief: ArticleBrief, llm: LLM) -> ArticleBrief:
    """Ask for the speakers of the article's quotations (none asked when it has none), then settle them in code.

    A failed call costs the model's proposals, not the quotations: code's checked attributions still stand.
    """
    if not brief.quotes:
        return brief
    try:
        answer, usage = await llm.structured(ProposedSpeakers, build_messages(brief))
    except NoRecordingError:
        raise
    except ModelError as exc:
        failed = Dropped(article_id=brief.article.id, kind="speaker", text="(every quotation)",
                         reason=f"the attribution call failed: {one_line(exc)}")
        return settle(brief, {}, Usage(), extra_dropped=(failed,))
    proposals = {item.n: item.speaker for item in answer.items if not is_no_answer(item.speaker)}
    return settle(brief, proposals, usage)


def settle(brief: ArticleBrief, proposals: dict[int, str], usage: Usage,
           extra_dropped: tuple[Dropped, ...] = ()) -> ArticleBrief:
    """Each quotation's speaker from code's and the model's checked proposals (numbered as in the prompt). Pure."""
    article = brief.article
    blocked = not_persons(article.text, extra=brief.organisations)
    people = [*brief.people, *(q.speaker for q in brief.quotes if q.speaker), *proposals.values()]
    quotes: list[Quote] = []
    dropped: list[Dropped] = list(extra_dropped)
    for n, quote in enumerate(brief.quotes, start=1):
        occurrences = _occurrences(quote.text, article.text) or [(0, len(article.text))]
        checked = {}
        for who, proposed in (("code", quote.speaker), ("the model", proposals.get(n))):
            verdicts = [check_speaker(proposed, article.text, start, end, people=people, blocked=blocked,
                                      places=brief.places, require_near=who != "code") for start, end in occurrences]
            verdict = next((v for v in verdicts if v.name), verdicts[0])
            checked[who] = verdict.name
            if proposed and verdict.name is None:
                dropped.append(Dropped(article_id=article.id, kind="speaker",
                                       text=f"{proposed} for “{quote.text[:70]}”",
                                       reason=f"proposed by {who}: {verdict.reason}"))
        combined = _combined(quote, checked["code"], checked["the model"])
        if combined.speaker is None and combined.speaker_note is None:
            combined = _from_context(combined, article.text, occurrences, people, blocked, brief.places)
        quotes.append(combined)
    return brief.model_copy(update={"quotes": quotes, "dropped": [*brief.dropped, *dropped],
                                    "usage": brief.usage + usage})


def _from_context(quote: Quote, text: str, occurrences: list[tuple[int, int]], people: list[str],
                  blocked: NonPersons, places: Iterable[str]) -> Quote:
    """Nobody attributed the quotation: the one person the article names near it, if there is exactly one."""
    for start, end in occurrences:
        if name := speaker_from_context(text, start, end, people=people, blocked=blocked, places=places):
            return quote.model_copy(update={"speaker": name, "speaker_by": "code"})
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
