"""Data shapes that flow through the pipeline.

Two families live here. The ``Extracted*`` / ``Proposed*`` models are what the LLM is asked to fill: short
field names and hard length bounds, because a small model loops or rambles without them and every output token
costs seconds. Everything else is what code builds after checking the model's proposals against the text; those
models carry provenance (which article, found by code or model, verified or not) so the renderer never has to
guess what may be shown as fact.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, create_model
from typing_extensions import Self

FoundBy = Literal["code", "model", "both"]
DateBasis = Literal["stated", "inferred", "unknown"]


class Frozen(BaseModel):
    """Base for code-built records: immutable so a merge step cannot quietly edit an article's evidence."""

    model_config = ConfigDict(frozen=True)


# ---------------------------------------------------------------------------------------------------------------
# Input


class Article(Frozen):
    """One loaded, cleaned input document. ``id`` is short and stable within a run (A1, A2, ...)."""

    id: str
    path: str
    title: str
    text: str
    dateline: dt.date | None = None
    dateline_basis: DateBasis = "unknown"
    dateline_text: str | None = None
    outlet: str | None = None
    url: str | None = None
    author: str | None = Field(default=None, description="The page's author metadata (HTML pages only).")
    language: str | None = None
    words: int = 0
    sha256: str = ""
    dropped_lines: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def full_text(self) -> str:
        """Title and text: headlines often carry the very wording that disagrees, or the only mention of a name."""
        return f"{self.title}\n{self.text}"


# ---------------------------------------------------------------------------------------------------------------
# What the model is asked to produce for one article (kept compact: every field costs output tokens)


class ExtractedClaim(BaseModel):
    claim: str = Field(max_length=240, description="One factual statement the article makes, in your words.")
    evidence: str = Field(max_length=240, description="The shortest exact span of the article supporting it.")


# Most quotations found in code that one extraction prompt lists for the model to name their speakers.
MAX_LISTED_QUOTES = 16


class ExtractedQuote(BaseModel):
    text: str = Field(max_length=400, description="Words inside quotation marks, copied exactly.")
    speaker: str | None = Field(default=None, max_length=80)


class ProposedSpeaker(BaseModel):
    n: int = Field(description="The quotation's number as given.")
    speaker: str | None = Field(default=None, max_length=80, description="Who said it, as the article names them.")


class ExtractedFigure(BaseModel):
    value: str = Field(max_length=40, description="The number as written, e.g. '1,300'.")
    unit: str = Field(default="", max_length=40, description="e.g. 'square kilometers', 'soldiers'.")
    measure: str = Field(max_length=100, description="What is counted, e.g. 'territory captured in Kursk'.")
    as_of: str | None = Field(default=None, max_length=40, description="Date the figure refers to, as written.")
    claimant: str | None = Field(default=None, max_length=80, description="Who states the figure.")


class ExtractedEvent(BaseModel):
    when: str = Field(max_length=40, description="The date or time phrase exactly as written.")
    what: str = Field(max_length=160)


class ExtractedArticle(BaseModel):
    """The per-article extraction schema sent to the model."""

    headline: str = Field(max_length=160)
    summary: str = Field(max_length=700, description="One paragraph, 2-4 sentences.")
    claims: list[ExtractedClaim] = Field(min_length=2, max_length=6)
    people: list[str] = Field(default_factory=list, max_length=8)
    organisations: list[str] = Field(default_factory=list, max_length=8)
    places: list[str] = Field(default_factory=list, max_length=8)
    speakers: list[ProposedSpeaker] = Field(default_factory=list, max_length=MAX_LISTED_QUOTES,
                                            description="Who said each numbered quotation.")
    quotes: list[ExtractedQuote] = Field(default_factory=list, max_length=3,
                                         description="Only quotations missing from the numbered list.")
    figures: list[ExtractedFigure] = Field(default_factory=list, max_length=5)
    events: list[ExtractedEvent] = Field(default_factory=list, max_length=5)


# ---------------------------------------------------------------------------------------------------------------
# What the model is asked to produce when reconciling (it may only point at claims by reference)


class ProposedPoint(BaseModel):
    text: str = Field(max_length=240, description="The shared point, stated once.")
    claims: list[str] = Field(max_length=10, description="Refs of the claims that make this point, e.g. ['A1.2'].")


class ProposedDiscrepancy(BaseModel):
    kind: Literal["numeric", "factual", "naming", "framing", "stale", "other"]
    description: str = Field(max_length=300)
    claims: list[str] = Field(max_length=8, description="Refs of the claims on each side.")


class TranslatedPassage(BaseModel):
    n: int = Field(description="The passage's number as given.")
    text: str = Field(max_length=700, description="The passage translated; names and numbers unchanged.")


class Translations(BaseModel):
    """What the model is asked for when an article is not in the briefing's language: numbered translations."""

    items: list[TranslatedPassage] = Field(default_factory=list, max_length=24)


class Reconciliation(BaseModel):
    title: str = Field(max_length=140)
    summary: str = Field(max_length=900, description="One paragraph for a reader new to the story.")
    shared_points: list[ProposedPoint] = Field(default_factory=list, max_length=8)
    discrepancies: list[ProposedDiscrepancy] = Field(default_factory=list, max_length=6)


# ---------------------------------------------------------------------------------------------------------------
# Code-checked, per-article results


class Quote(Frozen):
    """``text`` is always the printed words; ``translation`` is the model's rendering, shown only as such."""

    text: str
    speaker: str | None = None
    article_id: str
    found_by: FoundBy = "code"
    language: str | None = None
    translation: str | None = None
    speaker_by: FoundBy | None = Field(default=None, description="Who named the speaker: code's reading of the "
                                       "attribution, the model's (checked against the text), or both.")
    speaker_note: str | None = Field(default=None, description="Why no speaker is shown although one was proposed, "
                                     "e.g. code and the model named different people.")

    def readable_in(self, output_language: str) -> str | None:
        """The quote in the briefing's language: as printed if it was printed in it, else the model's translation
        (None when there is none: a quote is never shown in words nobody printed or translated)."""
        if self.language in (None, output_language):
            return self.text
        return self.translation


class Figure(Frozen):
    value: float
    raw: str
    unit: str
    measure: str
    approx: bool = False
    as_of: dt.date | None = None
    as_of_text: str | None = None
    claimant: str | None = None
    article_id: str
    sentence: str = ""
    found_by: FoundBy = "code"


class Event(Frozen):
    what: str
    when_text: str
    date: dt.date | None = None
    basis: DateBasis = "unknown"
    article_id: str
    found_by: FoundBy = "code"
    language: str | None = None
    translation: str | None = None

    @property
    def readable(self) -> str:
        """The event's sentence in the briefing's language: its translation when the article is in another one."""
        return self.translation or self.what


class Claim(Frozen):
    ref: str
    text: str
    evidence: str
    article_id: str
    evidence_verified: bool
    evidence_found_by: FoundBy | None = None
    unsupported_numbers: tuple[str, ...] = ()
    translation: str | None = Field(default=None, description="The model's translation, when it wrote the claim in "
                                    "the article's language instead of the briefing's.")
    evidence_by_names_only: bool = Field(default=False, description="The evidence is in another language and shares "
                                         "only names with the claim: code found the passage, not the statement.")

    @property
    def readable(self) -> str:
        """The claim in the briefing's language: what comparisons and the briefing use."""
        return self.translation or self.text


class Entity(Frozen):
    name: str
    kind: Literal["person", "organisation", "place"]
    variants: tuple[str, ...] = ()
    article_ids: tuple[str, ...] = ()


class Dropped(Frozen):
    """Something the model proposed that code refused to show as fact, kept so the briefing can say so."""

    article_id: str
    kind: Literal["quote", "claim", "figure", "event", "entity", "point", "discrepancy", "translation", "speaker",
                  "summary", "article"]
    text: str
    reason: str


class Usage(BaseModel):
    """Tokens and money, summed over calls; ``calls`` counts requests sent, ``cached_calls`` answers from cache."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    calls: int = 0
    cached_calls: int = 0
    cost_usd: float | None = None

    def __add__(self, other: Usage) -> Usage:
        cost = None
        if self.cost_usd is not None or other.cost_usd is not None:
            cost = (self.cost_usd or 0.0) + (other.cost_usd or 0.0)
        return Usage(
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
            calls=self.calls + other.calls,
            cached_calls=self.cached_calls + other.cached_calls,
            cost_usd=cost,
        )


class ArticleBrief(BaseModel):
    """One article after extraction and code-side verification."""

    article: Article
    headline: str
    summary: str
    claims: list[Claim] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    people: list[str] = Field(default_factory=list)
    organisations: list[str] = Field(default_factory=list)
    places: list[str] = Field(default_factory=list)
    dropped: list[Dropped] = Field(default_factory=list)
    usage: Usage = Field(default_factory=Usage)


# ---------------------------------------------------------------------------------------------------------------
# The reconciled brief


class Point(Frozen):
    text: str
    article_ids: tuple[str, ...]
    claim_refs: tuple[str, ...] = ()
    confidence: Literal["high", "medium", "low"] = "low"
    why: str = ""
    found_by: FoundBy = "model"


class Side(Frozen):
    says: str
    article_ids: tuple[str, ...]
    as_of: dt.date | None = None
    claimant: str | None = None


class Discrepancy(Frozen):
    kind: Literal["numeric", "factual", "naming", "framing", "stale", "quote", "provenance", "other"]
    topic: str
    sides: tuple[Side, ...]
    note: str = ""
    found_by: FoundBy = "code"


class TimelineEntry(Frozen):
    date: dt.date
    what: str
    basis: DateBasis
    article_ids: tuple[str, ...]
    when_texts: tuple[str, ...] = ()
    translated_from: str | None = Field(default=None, description="Language of the sentence the model translated.")
    languages: tuple[str, ...] = Field(default=(), description="Languages of the articles reporting the event.")


# What the briefing says about a source beyond its article's own fields: whether it copies another, whether it was
# briefed on its own, whether it was left out of the merge as belonging to another story.
_SOURCE_VERDICTS = {
    "duplicate_of": (str | None, Field(default=None, description="The article this one copies (exact or near).")),
    "briefed": (bool, Field(default=True, description="False for an exact copy: its text was not sent to the "
                                                      "model again, and what it says counts under duplicate_of.")),
    "off_topic": (str | None, Field(default=None, description="Why it was left out of the merge as belonging to "
                                                              "another story (None: merged).")),
}


class _SourceBase(Frozen):
    """How a ``Source`` is made: from its article, so the two cannot drift apart field by field."""

    @classmethod
    def of(cls, article: Article, **verdicts: object) -> Self:
        shown = set(cls.model_fields) - set(_SOURCE_VERDICTS)
        return cls(**article.model_dump(include=shown), **verdicts)


# The article fields a briefing's source table shows, in the order the JSON output has always listed them (the
# verdicts added later come last).
_SOURCE_FIELDS = ("id", "title", "path", "outlet", "dateline", "dateline_basis", "words", "language", "dropped_lines",
                  "duplicate_of", "warnings", "url", "author", "briefed", "off_topic")
# One input article as the briefing lists it: Article's own fields (same types and defaults), minus its text, plus
# the verdicts above.
Source = create_model(
    "Source",
    __base__=_SourceBase,
    __module__=__name__,
    **{name: _SOURCE_VERDICTS[name] if name in _SOURCE_VERDICTS else (Article.model_fields[name].annotation,
                                                                      Article.model_fields[name])
       for name in _SOURCE_FIELDS},
)


class Failure(Frozen):
    path: str
    stage: Literal["load", "extract", "reconcile"]
    reason: str


class RunInfo(BaseModel):
    model: str = ""
    language: str = Field(default="en", description="The briefing's language (ISO 639-1).")
    base_url: str | None = None
    replayed: bool = False
    recording: str | None = Field(default=None, description="Which recording answered, and where it came from.")
    usage: Usage = Field(default_factory=Usage)
    batch_api: bool = Field(default=False, description="Answered through the Batch API, and priced as such.")
    seconds: float = 0.0


class Brief(BaseModel):
    title: str
    summary: str
    summary_from_model: bool = True
    shared_points: list[Point] = Field(default_factory=list)
    single_source_points: list[Point] = Field(default_factory=list)
    discrepancies: list[Discrepancy] = Field(default_factory=list)
    timeline: list[TimelineEntry] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)
    dropped: list[Dropped] = Field(default_factory=list)
    failures: list[Failure] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list, description="Checks the summary or points failed, in words.")
    run: RunInfo = Field(default_factory=RunInfo)
    article_briefs: list[ArticleBrief] | None = None

    def to_markdown(self) -> str:
        from summarizer.output.markdown import markdown

        return markdown(self)

    def to_html(self) -> str:
        """One self-contained page: no script, nothing loaded from elsewhere, every article text escaped."""
        from summarizer.output.html import html

        return html(self)
