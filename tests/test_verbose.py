"""``-v``: every model request, cache hit or miss and URL fetch is one INFO line on stderr, with no secret in it.

Model requests go to an in-process mock transport (no socket); the answers are hand-written test doubles.
"""

from __future__ import annotations

import asyncio
import json
import logging
from pathlib import Path

import httpx2
import pytest

from summarizer import summarize
from summarizer.cli import main
from summarizer.llm import OpenAICompatibleLLM
from summarizer.llm.cache import CachedLLM
from summarizer.schema import ExtractedQuote
from summarizer.settings import Settings
from tests.fakes import FakeLLM
from tests.test_llm_faults import GOOD, completion, sequence

KEY = "sk-test-0123456789abcdefSECRET"
PASSWORD = "hunter2-pass"
MESSAGES = [{"role": "user", "content": "quote?"}]


def ask_logged(caplog: pytest.LogCaptureFixture, *responses: httpx2.Response) -> list[str]:
    """One structured call against a server whose base URL and key both carry secrets; the INFO lines logged."""
    handler, _ = sequence(*responses)
    config = Settings(model="test-model", base_url=f"http://reader:{PASSWORD}@127.0.0.1:9/v1",
                      api_key=KEY, send_key_to_base_url=True, http_retries=2)
    llm = OpenAICompatibleLLM(config, http_client=httpx2.AsyncClient(transport=httpx2.MockTransport(handler)))
    with caplog.at_level(logging.INFO, logger="summarizer"):
        asyncio.run(llm.structured(ExtractedQuote, MESSAGES))
    return [r.getMessage() for r in caplog.records if r.name == "summarizer.llm.client"]


def test_each_model_request_is_one_line_with_method_url_model_sizes_and_status(
    caplog: pytest.LogCaptureFixture,
) -> None:
    [line] = ask_logged(caplog, completion(json.dumps(GOOD)))
    assert line.startswith("model request: POST http://127.0.0.1:9/v1/chat/completions model=test-model sent ")
    assert " bytes, got " in line and "HTTP 200 in " in line and "retry" not in line


def test_a_retried_request_says_which_retry_it_is(caplog: pytest.LogCaptureFixture) -> None:
    lines = ask_logged(caplog, httpx2.Response(500, headers={"retry-after-ms": "10"}, json={"error": {"message": "x"}}),
                       completion(json.dumps(GOOD)))
    assert "HTTP 500" in lines[0] and "retry" not in lines[0]
    assert "HTTP 200" in lines[1] and lines[1].endswith("(retry 1)")


def test_the_key_the_authorization_header_and_url_credentials_never_reach_the_log(
    caplog: pytest.LogCaptureFixture,
) -> None:
    ask_logged(caplog, completion(json.dumps(GOOD)))
    logged = caplog.text
    assert logged
    for secret in (KEY, "SECRET", PASSWORD, "reader", "Bearer", "authorization", "Authorization"):
        assert secret not in logged


def test_cache_hits_and_misses_are_logged(caplog: pytest.LogCaptureFixture, tmp_path: Path) -> None:
    cached = CachedLLM(FakeLLM({"ExtractedQuote": GOOD}), tmp_path)
    with caplog.at_level(logging.INFO, logger="summarizer"):
        asyncio.run(cached.structured(ExtractedQuote, MESSAGES))
        asyncio.run(cached.structured(ExtractedQuote, MESSAGES))
    lines = [r.getMessage() for r in caplog.records if r.name == "summarizer.llm.cache"]
    assert lines[0] == "cache miss: asking the model for ExtractedQuote"
    assert lines[1].startswith("cache hit: ExtractedQuote answer from ")


def scripted_run(*_: object, **__: object) -> object:
    """A run whose library code logs at INFO, as the fetcher and the model client do."""
    logging.getLogger("summarizer.load.fetch").info("fetched https://example.org/a: text/html, 5.0 KB in 0.10 s")
    return summarize([Path(__file__).parent.parent / "seeds"], llm=FakeLLM({
        "ArticleExtraction": {"headline": "h", "summary": "s.", "claims": [
            {"claim": "Stoltenberg spoke", "evidence": "Stoltenberg"}, {"claim": "Kursk", "evidence": "Kursk"}]},
        "ProposedSpeakers": {"items": []}, "Reconciliation": {"title": "t", "summary": "s."}}))


@pytest.mark.parametrize(("flags", "shown"), [(["-v"], True), ([], False)])
def test_verbose_puts_info_lines_on_stderr_and_only_then(
    flags: list[str], shown: bool, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("summarizer.cli.summarize", scripted_run)
    main(["brief", "story.txt", *flags])
    err = capsys.readouterr().err
    assert ("summarizer: info: fetched https://example.org/a: text/html, 5.0 KB in 0.10 s\n" in err) is shown


def test_verbose_and_quiet_cannot_be_combined(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["brief", "story.txt", "-v", "-q"])
    assert exit_.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err
