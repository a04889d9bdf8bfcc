"""One article in, one checked ``ArticleBrief`` out: the extraction prompt and call.

Code finds the article's quotations first and lists them in the prompt, numbered, so the model names their
speakers instead of copying them again. The model proposes (one call); code then checks every proposal
(:mod:`summarizer.article.verify`, :mod:`summarizer.article.attribute`) against the article text and adds what
code can find on its own (quotes, figures, dates), so a weak model cannot lose them and a confident one cannot
invent them. Whatever fails a check is kept in ``dropped`` with the reason, so the briefing can say what it left
out.
"""

from __future__ import annotations

import asyncio
import functools
import re
from collections.abc import Sequence
from typing import Any

from pydantic import ConfigDict, Field, ValidationInfo, model_validator

from summarizer.article.attribute import MAX_QUOTES, listed_quotes, numbered, proposals, settle
from summarizer.article.verify import verify
from summarizer.llm import LLM
from summarizer.llm.prompts import render_prompt
from summarizer.schema import Article, ArticleBrief, ExtractedArticle, ExtractedQuote, ProposedSpeaker, Quote, Usage
from summarizer.settings import default
from summarizer.text.injection import skeleton
from summarizer.text.language import language_name
from summarizer.text.quotes import find_quotes
from summarizer.text.sentences import sentences
from summarizer.text.verbatim import locate_quote


class ArticleExtraction(ExtractedArticle):
    """The extraction schema plus the one check worth a re-ask: quotes must be the article's exact words."""

    @model_validator(mode="after")
    def _quotes_are_verbatim(self, info: ValidationInfo) -> ArticleExtraction:
        context = info.context or {}
        text = context.get("article_text")
        if text is None or context.get("lenient"):
            return self
        invented = [q.text for q in self.quotes if locate_quote(q.text, text) is None]
        if invented:
            listed = "; ".join(repr(q[:80]) for q in invented)
            raise ValueError(
                f"these quotes are not verbatim in the article: {listed}. "
                "Copy the exact words between quotation marks, or remove the quote."
            )
        return self


def _every_field_required(schema: dict[str, Any]) -> None:
    """Every field in the grammar, in the schema's order: llama.cpp puts required fields first and lets the model
    end the object after them, so with only some required it skipped the rest (names, figures, events)."""
    schema["required"] = list(schema["properties"])


@functools.cache
def extraction_model(quotations: int) -> type[ArticleExtraction]:
    """The extraction schema for an article with ``quotations`` listed in its prompt: exactly one speaker item per
    listed quotation, and room for quotations code missed only when it listed none.

    The bounds are in the JSON schema only: a llama.cpp server builds its grammar from it and so holds the model
    to them (the 1.5B model, given the list, copied the quotations into ``quotes`` again and named no speaker),
    while validation stays as lenient as before, a short or missing answer costing only the model's proposals.
    The schema the prompt shows (structure only, see ``llm.client.prompt_schema``) is the same for every count,
    so the system message stays one shared prefix.
    """

    class Bounded(ArticleExtraction):
        model_config = ConfigDict(title="ArticleExtraction", json_schema_extra=_every_field_required)

        speakers: list[ProposedSpeaker] = Field(
            default_factory=list, max_length=MAX_QUOTES,
            json_schema_extra={"minItems": quotations, "maxItems": quotations})
        quotes: list[ExtractedQuote] = Field(
            default_factory=list, max_length=3, json_schema_extra={"maxItems": 0 if quotations else 3})

    Bounded.__name__ = Bounded.__qualname__ = "ArticleExtraction"
    Bounded.__doc__ = ArticleExtraction.__doc__
    return Bounded


@functools.cache
def _delimiter(tags: tuple[str, ...]) -> re.Pattern[str]:
    """A delimiter tag as a model could read it: any case, spacing, width or look-alike letters (on the skeleton)."""
    return re.compile(rf"<\s*/?\s*(?:{'|'.join(tags)})\b[^<>\n]{{0,80}}>")


def escape_delimiters(text: str, tags: tuple[str, ...] = ("article",)) -> str:
    """The text with every tag that could open or close one of the prompt's delimiters (``<article>``) written
    with ‹ › instead of its angle brackets: article text can then never end the data early or open a second
    article. Text without such a tag is returned unchanged, so the requests recorded for ordinary articles stay
    byte for byte alike."""
    folded, offsets = skeleton(text)
    pieces: list[str] = []
    done = 0
    for match in _delimiter(tags).finditer(folded):
        start, end = offsets[match.start()], offsets[match.end() - 1] + 1
        pieces += [text[done:start], "‹", text[start + 1 : end - 1], "›"]
        done = end
    return "".join(pieces) + text[done:]


def build_messages(article: Article, output_language: str = "en", quotations: Sequence[str] = ()
                   ) -> list[dict[str, str]]:
    """The constant rules in the system message (instructor appends the schema there), everything about this
    article in the user message: consecutive extractions share one long prefix, which llama.cpp keeps from the
    previous request and OpenAI's prompt caching bills at a discount.

    The user message holds, in order: for an article in another language than the briefing's, the instruction to
    write in the briefing's language and copy what is checked against the text (evidence, figures, dates) as
    printed; the article as delimited data; the quotations code found in it (``quotations``), numbered, whose
    speakers the model is asked for.
    """
    tags = ("article", "quotations")
    dateline = article.dateline.isoformat() if article.dateline else "not stated"
    language = ""
    if article.language and article.language != output_language:
        language = render_prompt("extract_language", article_language=language_name(article.language),
                                 output_language=language_name(output_language)) + "\n"
    return [
        {"role": "system", "content": render_prompt("extract", output_language=language_name(output_language))},
        {"role": "user", "content": language + render_prompt(
            "extract_user", title=escape_delimiters(article.title, tags), dateline=dateline,
            text=escape_delimiters(article.text, tags), quotations=escape_delimiters(numbered(quotations), tags))},
    ]


async def extract(
    article: Article, llm: LLM, *, year_hint: int | None = None, max_words: int | None = None,
    output_language: str = "en",
) -> ArticleBrief:
    """One call per article (an article longer than ``max_words``, default the ``max_article_words`` setting, is
    split on paragraphs, never truncated): the model's proposals, verified, with the speakers it named for the
    quotations code found settled against code's reading."""
    max_words = default("max_article_words") if max_words is None else max_words
    parts = split_text(article.text, max_words)
    answers = []
    speakers: dict[str, str] = {}
    found: list[Quote] = []
    usage = Usage()
    for part in parts:
        piece = article if len(parts) == 1 else article.model_copy(update={"text": part})
        found = find_quotes(piece)
        listed = listed_quotes(found)
        messages = build_messages(piece, output_language, listed)
        proposed, part_usage = await llm.structured(extraction_model(len(listed)), messages,
                                                    context={"article_text": part})
        answers.append(proposed)
        for text, who in proposals(proposed.speakers, listed).items():
            speakers.setdefault(text, who)
        usage += part_usage
    return await asyncio.to_thread(_checked, article, answers, usage, speakers, found, max_words=max_words,
                                   year_hint=year_hint, output_language=output_language)


def _checked(article: Article, answers: list[ArticleExtraction], usage: Usage, speakers: dict[str, str],
             code_quotes: list[Quote], *, max_words: int, year_hint: int | None, output_language: str) -> ArticleBrief:
    """The answers verified and the speakers settled. Pure, and run in a worker thread: its ~0.1 s of CPU per
    article would otherwise hold the event loop while other articles' requests wait to be sent or read.
    ``code_quotes`` are the quotations code found in the one part sent; a split article's are found again on
    its whole text."""
    if len(answers) == 1:
        return settle(verify(article, answers[0], usage, year_hint=year_hint, output_language=output_language,
                             code_quotes=code_quotes), speakers)
    note = f"split into {len(answers)} parts of at most {max_words} words for the model"
    noted = article.model_copy(update={"warnings": (*article.warnings, note)})
    return settle(verify(noted, _combined(answers), usage, year_hint=year_hint, output_language=output_language),
                  speakers)


def split_text(text: str, max_words: int) -> list[str]:
    """Whole paragraphs packed up to ``max_words``; a paragraph longer than that is cut between sentences."""
    if len(text.split()) <= max_words:
        return [text]
    pieces: list[str] = []
    for paragraph in (p for p in text.split("\n") if p.strip()):
        pieces += sentences(paragraph) if len(paragraph.split()) > max_words else [paragraph]
    parts: list[str] = []
    current: list[str] = []
    words = 0
    for piece in pieces:
        size = len(piece.split())
        if current and words + size > max_words:
            parts.append("\n".join(current))
            current, words = [], 0
        current.append(piece)
        words += size
    return parts + ["\n".join(current)] if current else parts


def _combined(answers: list[ArticleExtraction]) -> ExtractedArticle:
    """The parts' answers as one: each part was validated on its own, so the union is not re-bounded."""
    first = answers[0]
    return ExtractedArticle.model_construct(
        headline=first.headline,
        summary=" ".join(a.summary for a in answers),
        **{field: [item for a in answers for item in getattr(a, field)]
           for field in ("claims", "people", "organisations", "places", "quotes", "figures", "events")},
    )


__all__ = ["ArticleExtraction", "build_messages", "escape_delimiters", "extract", "extraction_model", "split_text"]
