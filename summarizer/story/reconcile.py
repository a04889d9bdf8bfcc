"""The reconciliation call: per-article briefs in, one model call for judgment, one ``Brief`` out.

Code merges what it can compare exactly (figures, dates, names, outlets, duplicates). The model is asked only
what needs judgment (which claims make the same point, where the framing differs, a title and summary), and it
may only answer by pointing at claim references. Source counts, independence and confidence are then computed
from those references in code, never taken from the model's word; a "shared" point that turns out to rest on one
independent source is demoted and the briefing says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from summarizer.errors import ModelError, NoRecordingError
from summarizer.llm import LLM
from summarizer.llm.prompts import render_prompt
from summarizer.schema import ArticleBrief, Brief, Claim, Failure, Reconciliation, RunInfo, Usage
from summarizer.story.agreement import stated_as_fact
from summarizer.story.assemble import assemble
from summarizer.story.topic import off_topic, on_topic
from summarizer.text.language import language_name

# Claims the reconciliation prompt may carry (~40 tokens each): keeps it inside an 8k context at any run size.
MAX_CLAIMS_SHOWN = 120


def reconcilable(briefs: list[ArticleBrief]) -> list[list[Claim]]:
    """Each article's claims that code may show as its fact (:func:`summarizer.story.agreement.stated_as_fact`):
    the model is not asked to build points, discrepancies or a summary on a claim code would refuse (a quotation
    restated without its speaker, a claim without evidence), which also keeps the prompt shorter."""
    return [[c for c in b.claims if stated_as_fact(c, b.quotes)] for b in briefs]


def claims_shown(briefs: list[ArticleBrief], budget: int = MAX_CLAIMS_SHOWN) -> set[str]:
    """Which reconcilable claims fit the prompt: round-robin over articles, each article's first claims first,
    so a run of hundreds of articles keeps a bounded prompt and every article is heard before any is heard twice."""
    return _round_robin(reconcilable(briefs), budget)


def _round_robin(eligible: list[list[Claim]], budget: int) -> set[str]:
    rounds = max(map(len, eligible), default=0)
    order = [claims[i].ref for i in range(rounds) for claims in eligible if i < len(claims)]
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


@dataclass(frozen=True)
class Answer:
    """What the one reconciliation call produced: the model's proposal (None when there was nothing to ask, or the
    call failed), its usage, the failure if any, and notes on what the model did not see."""

    proposal: Reconciliation | None = None
    usage: Usage = field(default_factory=Usage)
    failures: tuple[Failure, ...] = ()
    notes: tuple[str, ...] = ()


async def ask(
    briefs: list[ArticleBrief], llm: LLM, *, max_claims: int = MAX_CLAIMS_SHOWN, output_language: str = "en"
) -> Answer:
    """Ask the model once, only when there is something to reconcile; a failed call costs the judgment, not the
    briefing (a missing recording still fails the run: replays are strict)."""
    eligible = reconcilable(briefs)
    shown = _round_robin(eligible, max_claims)
    if len(briefs) < 2 or not shown:
        return Answer()
    try:
        proposal, usage = await llm.structured(Reconciliation, build_messages(briefs, shown, output_language))
    except NoRecordingError:
        raise
    except ModelError as exc:
        return Answer(failures=(Failure(path="(all articles)", stage="reconcile", reason=str(exc)),))
    total = sum(map(len, eligible))
    notes = (f"The model reconciled {len(shown)} of {total} claims (the prompt is capped); "
             "the rest were compared in code only.",) if len(shown) < total else ()
    return Answer(proposal=proposal, usage=usage, failures=(), notes=notes)


def total_usage(briefs: list[ArticleBrief], answer: Answer) -> Usage:
    """Every call of the run: each article's extraction and translation, and the reconciliation."""
    return sum((b.usage for b in briefs), Usage()) + answer.usage


async def reconcile(
    briefs: list[ArticleBrief], llm: LLM, *, max_claims: int = MAX_CLAIMS_SHOWN, output_language: str = "en",
    keep_off_topic: bool = False,
) -> Brief:
    """The story stage on its own: leave out articles about another story (unless ``keep_off_topic``), ask the
    model about the rest, then assemble the brief, with the run's usage."""
    left_out = {} if keep_off_topic else off_topic(briefs)
    answer = await ask(on_topic(briefs, left_out), llm, max_claims=max_claims, output_language=output_language)
    return assemble(briefs, answer.proposal, output_language, failures=answer.failures, notes=answer.notes,
                    run=RunInfo(usage=total_usage(briefs, answer)), off_topic=left_out)
