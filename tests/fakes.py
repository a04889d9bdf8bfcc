"""Test doubles. Nothing here came from a model: these answers are written by hand and named as fakes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from summarizer.errors import ModelError
from summarizer.schema import Usage

Answer = dict[str, Any] | Callable[[list[dict[str, str]]], dict[str, Any]] | Exception


class FakeLLM:
    """Implements the ``LLM`` protocol from hand-written answers keyed by response model name.

    Answers go through ``model_validate`` with the caller's context, so the same validators run as with a real
    model. An answer may be a dict, a function of the messages (to react to what was sent), or an exception.
    """

    def __init__(self, answers: dict[str, Answer], model: str = "fake-model") -> None:
        self.answers = answers
        self.model = model
        self.calls: list[tuple[str, list[dict[str, str]]]] = []

    async def structured(
        self, response_model: type[BaseModel], messages: list[dict[str, str]], *, context: dict[str, Any] | None = None
    ) -> tuple[Any, Usage]:
        self.calls.append((response_model.__name__, messages))
        answer = self.answers.get(response_model.__name__)
        if answer is None:
            raise ModelError(f"FakeLLM has no answer for {response_model.__name__}")
        if isinstance(answer, Exception):
            raise answer
        data = answer(messages) if callable(answer) else answer
        return response_model.model_validate(data, context=context), Usage(prompt_tokens=100, completion_tokens=10, calls=1)
