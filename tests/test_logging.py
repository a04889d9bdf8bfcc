"""The Python API logs only under its own names and leaves output to the application."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import httpx2
import pytest

from summarizer import ModelError, summarize
from summarizer.llm import OpenAICompatibleLLM
from summarizer.settings import Settings

STORY = "Ceasefire talks resume\n\nNegotiators met in Geneva on Monday to resume ceasefire talks, officials said.\n"


def schema_failing_llm() -> OpenAICompatibleLLM:
    """A real client against a fake server whose every answer fails the schema, so instructor exhausts re-asks."""
    body = {"id": "x", "object": "chat.completion", "created": 0, "model": "test-model",
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": json.dumps({"wrong": "shape"})}}],
            "usage": {"prompt_tokens": 5, "completion_tokens": 2, "total_tokens": 7}}
    transport = httpx2.MockTransport(lambda request: httpx2.Response(200, json=body))
    config = Settings(model="test-model", base_url="http://127.0.0.1:9/v1", http_retries=0)
    return OpenAICompatibleLLM(config, http_client=httpx2.AsyncClient(transport=transport))


def test_exhausted_reasks_do_not_log_instructors_max_retries_error(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "a.txt").write_text(STORY)
    with caplog.at_level(logging.DEBUG), pytest.raises(ModelError, match="failed the ArticleExtraction schema"):
        summarize([tmp_path / "a.txt"], llm=schema_failing_llm())
    assert "Max retries exceeded" not in caplog.text
