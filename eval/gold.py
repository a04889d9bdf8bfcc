"""Gold annotations of one evaluation story, loaded and checked against the story's own articles.

A gold file that disagrees with its articles (a quote that is not verbatim, a date phrase that is not printed)
would score the pipeline against a fiction, so loading refuses it with a message naming the entry.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

EntityType = Literal["person", "organisation", "outlet", "agency", "place"]
DiscrepancyKind = Literal["numeric", "factual", "naming", "stale", "quote", "provenance", "framing", "other"]
STORIES = Path(__file__).resolve().parent / "stories"


class GoldError(ValueError):
    """A gold file that cannot be used: wrong shape, or not true of its own articles."""


class Strict(BaseModel):
    """Unknown keys are refused (a typo would silently drop an annotation); ``note`` is free text for readers."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    note: str = ""


class GoldArticle(Strict):
    language: str
    dateline: dt.date | None = None
    off_topic: bool = False
    copy_of: str | None = None


class GoldQuote(Strict):
    article: str
    text: str
    speaker: str | None = None
    form: str = ""
    not_speech: bool = False


class GoldPoint(Strict):
    id: str
    articles: tuple[str, ...] = Field(min_length=2)
    match: tuple[str, ...] = Field(min_length=1)
    required: bool = True


class GoldDiscrepancy(Strict):
    id: str
    kind: DiscrepancyKind
    match: tuple[str, ...] = ()
    sides: tuple[tuple[str, ...], ...] = Field(min_length=1)


class GoldNonDiscrepancy(Strict):
    id: str
    match: tuple[str, ...] = Field(min_length=1)
    why: str = ""


class GoldDate(Strict):
    date: dt.date
    article: str
    phrase: str
    what: str = ""


class GoldEntity(Strict):
    name: str
    type: EntityType
    aliases: tuple[str, ...] = ()


class GoldForbidden(Strict):
    pattern: str
    why: str = ""


class Gold(Strict):
    story: str
    summary: str = ""
    articles: dict[str, GoldArticle]
    quotes: tuple[GoldQuote, ...] = ()
    agreed_points: tuple[GoldPoint, ...] = ()
    discrepancies: tuple[GoldDiscrepancy, ...] = ()
    not_discrepancies: tuple[GoldNonDiscrepancy, ...] = ()
    timeline: tuple[GoldDate, ...] = ()
    entities: tuple[GoldEntity, ...] = ()
    summary_must_not: tuple[GoldForbidden, ...] = ()

    @property
    def off_topic(self) -> frozenset[str]:
        return frozenset(name for name, article in self.articles.items() if article.off_topic)


def squash(text: str) -> str:
    """Whitespace-insensitive form: gold quotes are copied by hand and may wrap lines differently."""
    return re.sub(r"\s+", " ", text).strip()


def story_dir(story: str) -> Path:
    return STORIES / story


def list_stories() -> list[str]:
    return sorted(p.name for p in STORIES.iterdir() if (p / "gold.yaml").is_file()) if STORIES.is_dir() else []


def read_articles(story: str) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted((story_dir(story) / "articles").glob("*.txt"))}


def load_gold(story: str) -> Gold:
    path = story_dir(story) / "gold.yaml"
    try:
        gold = Gold.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise GoldError(f"{path}: {str(exc).splitlines()[0]}") from exc
    problems = gold_problems(gold, read_articles(story))
    if problems:
        raise GoldError(f"{path}: " + "; ".join(problems))
    return gold


def gold_problems(gold: Gold, articles: dict[str, str]) -> list[str]:
    """Every way the gold is not true of the articles it annotates (empty when it can be scored against)."""
    problems = [f"articles/ and gold differ on {sorted(set(articles) ^ set(gold.articles))}"] \
        if set(articles) != set(gold.articles) else []
    texts = {name: squash(text) for name, text in articles.items()}
    for quote in gold.quotes:
        if squash(quote.text) not in texts.get(quote.article, ""):
            problems.append(f"quote not verbatim in {quote.article}: {quote.text[:60]!r}")
    for date in gold.timeline:
        if squash(date.phrase) not in texts.get(date.article, ""):
            problems.append(f"date phrase not in {date.article}: {date.phrase!r}")
    named = [*(a for p in gold.agreed_points for a in p.articles),
             *(a for d in gold.discrepancies for side in d.sides for a in side)]
    problems += [f"unknown article {name!r}" for name in sorted(set(named) - set(articles))]
    for pattern in [*(m for p in gold.agreed_points for m in p.match), *(f.pattern for f in gold.summary_must_not),
                    *(m for d in gold.discrepancies for m in d.match),
                    *(m for d in gold.not_discrepancies for m in d.match)]:
        try:
            re.compile(pattern)
        except re.error as exc:
            problems.append(f"bad pattern {pattern!r}: {exc}")
    return problems
