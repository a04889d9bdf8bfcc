"""A recording holds only what a successful run exchanged, and never the credentials of the server's URL."""

from __future__ import annotations

import json
from pathlib import Path

import httpx2

from summarizer import summarize
from summarizer.llm import OpenAICompatibleLLM
from summarizer.settings import Settings

GOOD = "Port talks resume\n\nNegotiators met in Rotterdam on Monday to resume the port talks, officials said.\n"
BAD = "Flood warning\n\nThe river rose two metres overnight in the valley, the weather service said on Tuesday.\n"
BASE_URL = "http://user:secret-pass@127.0.0.1:9/v1?key=secret-query"


def _answer(request: httpx2.Request) -> httpx2.Response:
    """Test double of a model server: a schema-valid extraction for one article, HTTP 500 for the flood one."""
    if b"river rose" in request.content:
        return httpx2.Response(500, json={"error": {"message": "server fault"}})
    evidence = "Negotiators met in Rotterdam on Monday to resume the port talks, officials said."
    extraction = {"headline": "Port talks resume", "summary": "Negotiators resumed the port talks.",
                  "claims": [{"claim": "Negotiators resumed the port talks", "evidence": evidence},
                             {"claim": "They met in Rotterdam", "evidence": evidence}]}
    return httpx2.Response(200, json={
        "id": "x", "object": "chat.completion", "created": 0, "model": "test-model",
        "choices": [{"index": 0, "finish_reason": "stop",
                     "message": {"role": "assistant", "content": json.dumps(extraction)}}],
        "usage": {"prompt_tokens": 5, "completion_tokens": 2, "total_tokens": 7}})


def _record(tmp_path: Path, texts: dict[str, str]) -> Path:
    for name, text in texts.items():
        (tmp_path / name).write_text(text)
    config = Settings(model="test-model", base_url=BASE_URL, http_retries=0)
    llm = OpenAICompatibleLLM(config, http_client=httpx2.AsyncClient(transport=httpx2.MockTransport(_answer)))
    cassette = tmp_path / "run.yaml"
    cassette.write_text("the earlier recording\n")
    summarize([tmp_path / name for name in texts], llm=llm, record=cassette, base_url=BASE_URL, model="test-model")
    return cassette


def test_a_partly_failed_record_run_leaves_the_earlier_recording_in_place(tmp_path: Path) -> None:
    cassette = _record(tmp_path, {"a.txt": GOOD, "b.txt": BAD})
    assert cassette.read_text() == "the earlier recording\n"


def test_a_successful_record_run_keeps_no_credentials_from_the_base_url(tmp_path: Path) -> None:
    cassette = _record(tmp_path, {"a.txt": GOOD})
    recorded = cassette.read_text()
    assert "uri: http://127.0.0.1:9/v1" in recorded
    assert "secret-pass" not in recorded and "secret-query" not in recorded
