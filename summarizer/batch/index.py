"""The batch's index: every story with its headline, article count, discrepancy count and failures, as a Markdown
page for people (``index.md``) and as JSON for programs (``index.json``)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from urllib.parse import quote

from summarizer.output.markdown import cell
from summarizer.version import __version__


@dataclass(frozen=True)
class StoryResult:
    """One story's outcome, as the index lists it. ``error`` is why a story has no briefing; ``failures`` counts
    the inputs its briefing had to leave out; ``skipped`` means unchanged since the run that wrote its files."""

    story: str
    headline: str = ""
    articles: int = 0
    discrepancies: int = 0
    failures: int = 0
    error: str | None = None
    skipped: bool = False
    outputs: tuple[str, ...] = ()
    prompt_tokens: int = 0
    completion_tokens: int = 0
    calls: int = 0
    cost_usd: float | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """Briefed from every input: neither failed nor partial."""
        return self.error is None and self.failures == 0


def index_page(results: list[StoryResult]) -> str:
    """One Markdown table; a failed story says why instead of a headline, and links nowhere."""
    failed = sum(1 for r in results if r.error)
    rows = ["# Stories", "", f"{len(results)} stories, {failed} failed, "
            f"{sum(1 for r in results if r.error is None and r.failures)} with failed inputs.", "",
            "| story | headline | articles | discrepancies | failures |", "|---|---|---|---|---|"]
    for r in results:
        story = f"[{cell(r.story)}]({quote(r.outputs[0])})" if r.outputs and r.error is None else cell(r.story)
        headline = cell(r.headline) if r.error is None else f"FAILED: {cell(r.error)}"
        rows.append(f"| {story} | {headline} | {r.articles} | {r.discrepancies} | {r.failures} |")
    return "\n".join(rows) + "\n"


def index_json(results: list[StoryResult]) -> str:
    """The same rows as ``index.md``, every field of each :class:`StoryResult`, for a program to read."""
    body = {
        "summarizer_version": __version__,
        "stories": [asdict(r) for r in results],
        "failed": sum(1 for r in results if r.error),
        "partial": sum(1 for r in results if r.error is None and r.failures),
    }
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


__all__ = ["StoryResult", "index_json", "index_page"]
