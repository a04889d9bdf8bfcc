"""The naive pipeline the benchmark compares against: what anyone would write first with instructor.

One call per article with a plain schema, then one merge call over the per-article answers; no code-side finders,
no verification, no cache. It runs against the same server as ``summarize()`` so the benchmark can print our
tokens and wall time as a ratio to it.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import instructor
import openai
from pydantic import BaseModel, Field

SYSTEM = "You summarize news articles. Answer with JSON that matches the schema."


class NaiveArticle(BaseModel):
    headline: str
    summary: str
    key_points: list[str] = Field(max_length=8)
    quotes: list[str] = Field(max_length=8)
    figures: list[str] = Field(max_length=8)


class NaiveStory(BaseModel):
    title: str
    summary: str
    agreed: list[str] = Field(max_length=10)
    disagreements: list[str] = Field(max_length=10)


async def _ask(client: instructor.AsyncInstructor, model: type[BaseModel], user: str, name: str) -> BaseModel:
    return await client.create(
        model=name, response_model=model, max_retries=1, temperature=0,
        messages=[{"role": "system", "content": SYSTEM}, {"role": "user", "content": user}],
        extra_body={"response_format": {"type": "json_object", "schema": model.model_json_schema()}},
    )


async def naive_brief(paths: list[Path], base_url: str, model: str, concurrency: int = 8) -> NaiveStory:
    """Every article at once (bounded by ``concurrency``), then one merge of their JSON answers."""
    async with openai.AsyncOpenAI(base_url=base_url, api_key="bench") as raw:  # closed on this event loop
        client = instructor.from_openai(raw, mode=instructor.Mode.JSON)
        gate = asyncio.Semaphore(concurrency)

        async def one(path: Path) -> BaseModel:
            async with gate:
                text = path.read_text(encoding="utf-8")
                return await _ask(client, NaiveArticle, f"<article>\n{text}\n</article>", model)

        briefs = await asyncio.gather(*(one(p) for p in paths))
        listing = "\n\n".join(b.model_dump_json() for b in briefs)
        return await _ask(client, NaiveStory, f"Merge these article summaries into one briefing:\n{listing}", model)  # type: ignore[return-value]
