"""How the one network-facing module behaves when the model server misbehaves.

Each fault is served by an in-process mock transport (no socket): the openai client's own retries must recover
transient faults, instructor's bounded re-ask must recover bad output, and everything else must end as a
one-line ``ModelError``.
"""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import Callable
from typing import Any

import httpx2
import pytest

from summarizer.errors import ModelError
from summarizer.llm import OpenAICompatibleLLM
from summarizer.schema import ExtractedQuote
from summarizer.settings import Settings

Handler = Callable[[httpx2.Request], httpx2.Response]
GOOD = {"text": "We will not be directly involved", "speaker": "Jens Stoltenberg"}


def completion(content: str, finish_reason: str = "stop") -> httpx2.Response:
    body = {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 0,
        "model": "test-model",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": finish_reason}],
        "usage": {"prompt_tokens": 50, "completion_tokens": 7, "total_tokens": 57},
    }
    return httpx2.Response(200, json=body)


def sequence(*responses: httpx2.Response | Exception) -> tuple[Handler, list[httpx2.Request]]:
    """A handler that answers with each response in turn and remembers what it was sent."""
    seen: list[httpx2.Request] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        seen.append(request)
        item = responses[min(len(seen), len(responses)) - 1]
        if isinstance(item, Exception):
            raise item
        return item

    return handler, seen


def ask(handler: Handler, **settings: Any) -> tuple[ExtractedQuote, Any]:
    config = Settings(**{"model": "test-model", "base_url": "http://127.0.0.1:9/v1", "http_retries": 2, **settings})
    llm = OpenAICompatibleLLM(config, http_client=httpx2.AsyncClient(transport=httpx2.MockTransport(handler)))
    return asyncio.run(llm.structured(ExtractedQuote, [{"role": "user", "content": "quote?"}]))


def test_rate_limit_with_retry_after_is_retried_by_the_client() -> None:
    handler, seen = sequence(httpx2.Response(429, headers={"retry-after-ms": "10"}, json={"error": {"message": "slow"}}),
                             completion(json.dumps(GOOD)))
    quote, usage = ask(handler)
    assert quote.speaker == "Jens Stoltenberg"
    assert len(seen) == 2


@pytest.mark.parametrize("status", [500, 503])
def test_server_errors_are_retried_then_succeed(status: int) -> None:
    handler, seen = sequence(httpx2.Response(status, headers={"retry-after-ms": "10"}), completion(json.dumps(GOOD)))
    assert ask(handler)[0].text == GOOD["text"]
    assert len(seen) == 2


def test_persistent_server_error_ends_as_one_line_model_error() -> None:
    handler, seen = sequence(httpx2.Response(500, headers={"retry-after-ms": "10"}, json={"error": {"message": "boom"}}))
    with pytest.raises(ModelError, match=r"HTTP 500.*boom") as caught:
        ask(handler)
    assert "\n" not in str(caught.value)
    assert len(seen) == 3, "the client's own retries (2) and nothing stacked on top"


def test_timeout_ends_as_model_error_naming_the_timeout() -> None:
    handler, _ = sequence(httpx2.ReadTimeout("read timed out"))
    with pytest.raises(ModelError, match="timed out"):
        ask(handler, http_retries=0)


def test_connection_reset_is_retried() -> None:
    handler, seen = sequence(httpx2.ReadError("connection reset by peer"), completion(json.dumps(GOOD)))
    assert ask(handler, http_retries=1)[0].speaker == "Jens Stoltenberg"
    assert len(seen) == 2


def test_unreachable_server_ends_as_model_error() -> None:
    handler, _ = sequence(httpx2.ConnectError("connection refused"))
    with pytest.raises(ModelError, match="cannot reach the model server"):
        ask(handler, http_retries=0)


def test_non_json_answer_is_re_asked_once_then_recovered() -> None:
    handler, seen = sequence(completion("Sorry, here is prose instead of JSON."), completion(json.dumps(GOOD)))
    assert ask(handler)[0].text == GOOD["text"]
    assert len(seen) == 2
    assert "prose instead of JSON" in seen[1].content.decode(), "the re-ask shows the model its own bad answer"


def test_answer_failing_the_schema_twice_is_a_model_error() -> None:
    handler, seen = sequence(completion(json.dumps({"speaker": "no text field"})))
    with pytest.raises(ModelError, match="failed the ExtractedQuote schema after 2 attempts"):
        ask(handler)
    assert len(seen) == 2, "validation_retries=1 means one re-ask, not more"


def test_output_cut_off_at_token_limit_says_so() -> None:
    handler, _ = sequence(completion('{"text": "We will not', finish_reason="length"))
    with pytest.raises(ModelError, match="cut off at max_tokens"):
        ask(handler)


def test_refusal_is_a_model_error_not_a_crash() -> None:
    handler, _ = sequence(completion("I'm sorry, but I can't help with that request."))
    with pytest.raises(ModelError, match="schema"):
        ask(handler)


def test_usage_counts_every_attempt_including_re_asks() -> None:
    handler, _ = sequence(completion("not json"), completion(json.dumps(GOOD)))
    _, usage = ask(handler)
    assert (usage.prompt_tokens, usage.completion_tokens) == (100, 14)


def test_openai_key_is_not_sent_to_another_server() -> None:
    handler, seen = sequence(completion(json.dumps(GOOD)))
    ask(handler, api_key="sk-" + "x" * 40)
    assert seen[0].headers["authorization"] == "Bearer not-sent"


def test_openai_key_is_sent_to_another_server_when_asked() -> None:
    handler, seen = sequence(completion(json.dumps(GOOD)))
    ask(handler, api_key="sk-" + "x" * 40, send_key_to_base_url=True)
    assert seen[0].headers["authorization"] == "Bearer sk-" + "x" * 40


def test_api_key_never_appears_in_settings_repr() -> None:
    config = Settings(api_key="sk-" + "y" * 40)
    assert "yyyy" not in repr(config) and "yyyy" not in config.model_dump_json()


def test_cost_comes_from_the_maintained_price_table_on_openai():
    from summarizer.llm.client import cost_usd

    assert cost_usd("gpt-4o-mini", 1_000_000, 1_000_000) == pytest.approx(0.75)


def test_a_local_server_naming_its_model_like_openais_is_not_billed():
    from summarizer.llm.client import cost_usd

    assert cost_usd("gpt-4o-mini", 1_000_000, 1_000_000, on_openai=False) is None


def test_an_unknown_model_has_no_guessed_price():
    from summarizer.llm.client import cost_usd

    assert cost_usd("qwen-local", 1000, 1000) is None


@pytest.mark.parametrize("status", [401, 403])
def test_a_withheld_key_that_the_server_refuses_says_it_was_not_sent_and_how_to_send_it(status: int) -> None:
    handler, seen = sequence(httpx2.Response(status, json={"error": {"message": "invalid api key"}}))
    with pytest.raises(ModelError) as caught:
        ask(handler, api_key="sk-" + "x" * 40)
    message = str(caught.value)
    assert seen[0].headers["authorization"] == "Bearer not-sent"
    assert f"HTTP {status}" in message and "was NOT sent" in message
    assert "--send-key" in message and "SUMMARIZER_SEND_KEY_TO_BASE_URL" in message
    assert "check OPENAI_API_KEY" not in message and "xxxx" not in message


def test_a_key_that_was_sent_and_refused_still_says_to_check_it() -> None:
    handler, _ = sequence(httpx2.Response(401, json={"error": {"message": "invalid api key"}}))
    with pytest.raises(ModelError, match="rejected the API key.*check OPENAI_API_KEY"):
        ask(handler, api_key="sk-" + "x" * 40, send_key_to_base_url=True)


def test_a_schema_failure_says_which_field_failed_and_why_in_one_line() -> None:
    handler, _ = sequence(completion(json.dumps({"speaker": "no text field"})))
    with pytest.raises(ModelError) as caught:
        ask(handler)
    message = str(caught.value)
    assert message.endswith("failed the ExtractedQuote schema after 2 attempts: text: Field required")
    assert "validation error for" not in message and "\n" not in message


def test_an_unknown_host_is_reported_as_a_dns_failure_of_the_configured_server() -> None:
    def no_such_host(request: httpx2.Request) -> httpx2.Response:
        raise httpx2.ConnectError("[Errno -2] Name or service not known") from socket.gaierror(-2, "not known")

    with pytest.raises(ModelError) as caught:
        ask(no_such_host, http_retries=0, base_url="http://user:pw@nohost.invalid:8080/v1")
    assert str(caught.value) == "cannot reach the model server at http://nohost.invalid:8080/v1 (DNS lookup failed: no such host)"


def test_a_refused_connection_is_reported_as_such() -> None:
    def refused(request: httpx2.Request) -> httpx2.Response:
        raise httpx2.ConnectError("All connection attempts failed") from ConnectionRefusedError(111, "refused")

    with pytest.raises(ModelError, match=r"at http://127\.0\.0\.1:9/v1 \(connection refused"):
        ask(refused, http_retries=0)


def test_a_server_listing_no_models_is_named_without_its_credentials() -> None:
    def no_models(request: httpx2.Request) -> httpx2.Response:
        return httpx2.Response(200, json={"object": "list", "data": []})

    config = Settings(base_url="http://user:secret@127.0.0.1:9/v1?key=hush")
    llm = OpenAICompatibleLLM(config, http_client=httpx2.AsyncClient(transport=httpx2.MockTransport(no_models)))
    with pytest.raises(ModelError) as raised:
        asyncio.run(llm.ensure_model())
    assert str(raised.value) == "the server at http://127.0.0.1:9/v1 lists no models; pass -m MODEL"
