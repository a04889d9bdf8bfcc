"""The briefing's title and summary, checked sentence by sentence against the briefing's own points.

A small model writes fluent summaries that say more than its inputs: "some articles suggest … others argue it
was not" when no article disputes anything. So every sentence must rest on something the briefing shows (an
agreed point, a single-source point, a discrepancy, a dated event, a verified quote) by sharing its content
words, must cite only numbers and acronyms an article prints, may speak of disagreement only when the briefing
reports one, may not repeat a quotation as a fact without its speaker, and may not copy an article's line
addressed to an AI model (what slipped past the loader's filter, such as an order inside quotation marks). A
clause tacked onto a supported statement ("…, which was involved in planning it", "while others argue …") must
rest on the briefing by itself, and a sentence or clause must keep the polarity of what carries it: "the alliance
was involved" is not carried by "the alliance had no role". What fails is dropped and listed; when too little
survives, the summary is composed in code from the top agreed points, and says so.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from summarizer.schema import Discrepancy, Dropped, Point, Quote, TimelineEntry
from summarizer.text.dates import find_date_mentions, resolve_date
from summarizer.text.figures import unsupported_numbers
from summarizer.text.injection import addresses_a_model, instruction_like
from summarizer.text.names import unknown_acronyms
from summarizer.text.quotes import restated_quotation
from summarizer.text.sentences import sentences
from summarizer.text.words import content_words, holds_most, negated, statement_words

# Share of a sentence's content words one briefing item must contain (and at least this many words) to carry it.
SUPPORT_SHARE = 0.3
SUPPORT_WORDS = 2
# Words that claim the sources disagree, in the briefing languages most used; only a reported discrepancy of a
# contradicting kind licenses them.
_DISPUTE = re.compile(
    r"\b(?:disput\w*|controvers\w*|contest\w*|contradict\w*|conflicting|disagree\w*|at odds|divided|"
    r"others? (?:argue|say|claim|suggest|insist)\w*|some (?:articles|sources|reports|outlets) (?:say|suggest|claim)\w*|"
    r"umstritten|widersprüch\w*|uneinig|contesté\w*|contradictoire\w*|en désaccord|polémi\w*|"
    r"polémic\w*|contradictori\w*|discrepan\w*|controvers\w*|contradditori\w*|in disaccordo|omstreden|tegenstrijdig\w*)",
    re.IGNORECASE,
)
# Share of a sentence's content words (and at least this many) an instruction-like article line must hold for
# the sentence to count as copying it.
COPY_SHARE = 0.6
COPY_WORDS = 3
_CONTRADICTING = {"numeric", "factual", "framing", "naming", "quote", "provenance", "other"}
# Words that open a clause a statement can carry on its own (relative, contrastive and concessive), per briefing
# language: where a small model adds what no article says to a sentence that starts out supported.
_CLAUSE_OPENERS = {
    "en": r"which|who|whom|whose|while|whereas|although|(?:even )?though|but",
    "de": r"während|obwohl|aber|jedoch|doch",
    "fr": r"tandis que|alors que|bien que|mais|qui",
    "es": r"mientras|aunque|pero|sino|quien(?:es)?",
    "it": r"mentre|sebbene|benché|ma|però",
    "nl": r"terwijl|hoewel|maar|echter",
    "pt": r"enquanto|embora|mas|porém",
}


@dataclass(frozen=True)
class CheckedText:
    """What survives the check, what was dropped (with reasons) and whether code had to write it."""

    text: str
    dropped: tuple[Dropped, ...] = ()
    composed_in_code: bool = False
    taken_from: str = ""  # for a headline code had to write: where its words come from


@dataclass(frozen=True)
class Told:
    """What the briefing shows, which is all a summary sentence may rest on."""

    points: Sequence[Point]
    shared: Sequence[Point]
    discrepancies: Sequence[Discrepancy]
    timeline: Sequence[TimelineEntry]
    quotes: Sequence[Quote]
    article_text: str
    language: str = "en"

    @functools.cached_property
    def items(self) -> list[str]:
        """The text of every item the briefing shows, in the briefing's language where there is one."""
        items = [p.text for p in self.points]
        items += [" ".join([d.topic, d.note, *(s.says for s in d.sides)]) for d in self.discrepancies]
        items += [e.what for e in self.timeline]
        items += [f"{q.speaker or ''} said {q.translation or q.text}" for q in self.quotes]
        return items

    @functools.cached_property
    def evidence(self) -> list[set[str]]:
        """Content words of every item, negations aside (polarity is compared on its own), computed once for the
        summary's and the headline's sentences."""
        return [statement_words(item, self.language) for item in self.items]

    @functools.cached_property
    def negations(self) -> list[bool | None]:
        """Whether each item is negated, for telling a clause that says the opposite of what carries it."""
        return [negated(item, self.language) for item in self.items]

    @property
    def instructions(self) -> tuple[frozenset[str], ...]:
        return instruction_lines(self.article_text)


@functools.lru_cache(maxsize=8)
def instruction_lines(article_text: str) -> tuple[frozenset[str], ...]:
    """Content words of every article line that reads like an order to a model, quoted or not: the loader
    removes only unquoted, unattributed ones, so these are what could have steered the model. Cached by text:
    the story stage reads them while the model reconciles (``story.assemble.findings``), the summary check after."""
    return tuple(frozenset(content_words(line)) for line in article_text.split("\n") if instruction_like(line))


def unsupported_reason(sentence: str, told: Told, min_words: int = SUPPORT_WORDS) -> str | None:
    """Why ``sentence`` may not stand in the briefing, or None when the briefing's own items carry it."""
    if copied := _copied_instruction(sentence, told):
        return copied
    if restated_quotation(sentence, told.quotes) is not None:
        return _RESTATES_QUOTE
    if _DISPUTE.search(sentence) and not any(d.kind in _CONTRADICTING for d in told.discrepancies):
        return "speaks of a disagreement the briefing does not report"
    stray = unsupported_numbers(sentence, told.article_text)
    if stray:
        return f"cites numbers no article contains ({', '.join(stray)})"
    if strange := unknown_acronyms(sentence, told.article_text):
        return f"names what no article names ({', '.join(strange)})"
    if _carried_by(statement_words(sentence, told.language), told, min_words) == []:
        return "rests on none of the briefing's points"
    clauses = _clauses(sentence, told.language)
    for clause in clauses:
        words = statement_words(clause, told.language) - _opener_words(told.language)
        carriers = _carried_by(words, told, SUPPORT_WORDS if len(clauses) > 1 else min_words)
        stated = len(words) >= SUPPORT_WORDS
        if carriers == [] and len(clauses) > 1 and stated:
            return f"adds what none of the briefing's points says ({clause!r})"
        polarity = negated(clause, told.language) if stated else None
        if carriers and polarity is not None and all(told.negations[i] not in (polarity, None) for i in carriers):
            return f"says the opposite of the points it rests on ({clause!r})"
    return None


def _carried_by(words: set[str], told: Told, min_words: int) -> list[int] | None:
    """The items that carry a text of these content ``words``: each holds enough of them (a share, and at least
    ``min_words``). None when there is nothing to carry. A sentence joining two facts is carried by the item of
    each, so its polarity is compared with every item that carries it, not only the closest."""
    if not words:
        return None
    needed = min(min_words, len(words))
    return [i for i, item in enumerate(told.evidence) if holds_most(words, item, needed, SUPPORT_SHARE)]


@functools.cache
def _opener_words(language: str) -> frozenset[str]:
    """The words that open a clause, which say nothing of what it is about."""
    return frozenset(re.findall(r"[^\W\d_]+", _CLAUSE_OPENERS.get(language, "")))


def _clauses(sentence: str, language: str) -> list[str]:
    """The sentence cut before each relative, contrastive or concessive clause, and at semicolons."""
    openers = _CLAUSE_OPENERS.get(language)
    pattern = rf";\s+|,?\s+(?=(?:{openers})\b)" if openers else r";\s+"
    return [part for part in re.split(pattern, sentence, flags=re.IGNORECASE) if part.strip()]


_IS_INSTRUCTION = "is an instruction addressed to an AI model, not news"
_COPIES_INSTRUCTION = "copies an article's line addressed to an AI model"
_INSTRUCTION_REASONS = {_IS_INSTRUCTION, _COPIES_INSTRUCTION}
_RESTATES_QUOTE = "repeats a quotation as a fact, without its speaker"


def _copied_instruction(sentence: str, told: Told) -> str | None:
    """A sentence that gives an order to a model, or restates an article's line that does, is the injection
    speaking through the model, however well the points carry it."""
    if addresses_a_model(sentence):
        return _IS_INSTRUCTION
    words = content_words(sentence)
    if any(len(shared := words & line) >= min(COPY_WORDS, len(words)) and len(shared) >= COPY_SHARE * len(words)
           for line in told.instructions if words):
        return _COPIES_INSTRUCTION
    return None


def check_summary(summary: str, told: Told) -> CheckedText:
    """Keep the sentences the briefing supports; compose from the top agreed points if none survives."""
    kept: list[str] = []
    dropped: list[Dropped] = []
    for sentence in sentences(summary):
        reason = unsupported_reason(sentence, told)
        if reason is None:
            kept.append(sentence)
        else:
            dropped.append(Dropped(article_id="-", kind="summary", text=sentence, reason=reason))
    if kept or not (told.shared or told.points):
        return CheckedText(" ".join(kept), tuple(dropped))
    return CheckedText(compose_summary(told), tuple(dropped), composed_in_code=True)


def compose_summary(told: Told, limit: int = 3) -> str:
    """The most widely shared points, as sentences: dull but true. A dated point's ISO date ("2025-08-31: …")
    is written as a reader writes it, in the briefing's language ("August 31, 2025: …")."""
    chosen = list(told.shared[:limit]) or list(told.points[:1])
    return " ".join(_dated_for_reading(p.text, told.language).rstrip(".") + "." for p in chosen)


_ISO_PREFIX = re.compile(r"^(\d{4})-(\d\d)-(\d\d): ")


def _dated_for_reading(text: str, language: str) -> str:
    match = _ISO_PREFIX.match(text)
    if match is None:
        return text
    from babel.core import UnknownLocaleError
    from babel.dates import format_date  # loaded only when code has to write the summary

    day = dt.date(*map(int, match.groups()))
    rest = text[match.end():]
    if any(m.kind == "absolute" and resolve_date(m.text, day, language=language)[0] == day
           for m in find_date_mentions(rest, language)):
        return rest  # "On June 14, 2022, the Commission opened …" needs no "June 14, 2022:" before it
    try:
        written = format_date(day, format="long", locale=language)
    except (UnknownLocaleError, ValueError):
        written = format_date(day, format="long", locale="en")
    return f"{written}: {rest}"


def check_title(title: str, told: Told, summary: CheckedText) -> CheckedText:
    """The headline passes the summary's check (one shared word is enough in a few words); otherwise it is the
    first sentence of the model's checked summary, which says what the story is (the top agreed point may be a
    detail: "The employers' association has offered 5%"), or, when code wrote the summary, the top agreed point;
    either shortened."""
    reason = unsupported_reason(title, told, min_words=1)
    if reason is None:
        return CheckedText(title)
    dropped = (Dropped(article_id="-", kind="summary", text=title, reason=f"headline {reason}"),)
    lede = sentences(summary.text)[:1] if summary.text and not summary.composed_in_code else []
    if lede:
        return CheckedText(_shorten(lede[0]), dropped, composed_in_code=True, taken_from="the summary's first sentence")
    top = told.shared or told.points
    return CheckedText(_shorten(top[0].text if top else summary.text), dropped, composed_in_code=True,
                       taken_from="the top agreed point")


def notes(summary: CheckedText, title: CheckedText) -> list[str]:
    """What the reader is told about the checks on the summary and headline."""
    out = []
    obeyed = [d for d in summary.dropped if d.reason in _INSTRUCTION_REASONS]
    quoted = [d for d in summary.dropped if d.reason == _RESTATES_QUOTE]
    unsupported = len(summary.dropped) - len(obeyed) - len(quoted)
    if unsupported:
        out.append(f"{unsupported} summary {'sentence' if unsupported == 1 else 'sentences'} "
                   "left out: not supported by the briefing's points (see what was left out).")
    if quoted:
        out.append(f"{len(quoted)} summary {'sentence' if len(quoted) == 1 else 'sentences'} left out: "
                   "repeating a quotation as a fact, without its speaker (see what was left out).")
    if obeyed:
        out.append(f"{len(obeyed)} summary {'sentence' if len(obeyed) == 1 else 'sentences'} left out: "
                   "repeating text addressed to an AI model (see what was left out).")
    if summary.composed_in_code:
        out.append("Summary composed in code from the agreed points: none of the model's sentences was supported.")
    if title.composed_in_code:
        out.append(f"Headline taken from {title.taken_from}: the model's headline was not supported.")
    return out


def _shorten(text: str, limit: int = 110) -> str:
    text = text.strip().rstrip(".")
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"
