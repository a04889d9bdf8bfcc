"""Everything that talks to a model, or stands in for one: the ``LLM`` protocol and its OpenAI-compatible client
(``client``), the answer cache (``cache``), recordings and the replay policy (``recordings``), the bundled local
server (``local``) and the prompt files (``prompts``)."""

from __future__ import annotations

from summarizer.llm.client import LLM, OpenAICompatibleLLM

__all__ = ["LLM", "OpenAICompatibleLLM"]
