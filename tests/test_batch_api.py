"""``--batch-api``: every model call of every story through /v1/files + /v1/batches, answered by a fake server.

The answers are scripted test doubles (``script``), served once live and once through the fake Batch API, so the
two paths can be compared briefing for briefing.
"""

from __future__ import annotations

import asyncio
import functools
import json
import shutil
from pathlib import Path
from typing import Any

import httpx2
import pytest

from summarizer import BatchPolicy, OpenAICompatibleLLM, Settings, summarize
from summarizer.batch import summarize_many
from summarizer.cli import main
from summarizer.errors import ModelError, UsageError
from summarizer.llm import batch_api
from summarizer.llm.batch_api import STATE_FILE, BatchAnsweredLLM, BatchAnswers, BatchNotFinished, Deferred
from summarizer.llm.client import cost_usd
from summarizer.schema import Brief, Translations
from tests.fake_batches import FakeBatchServer, live_transport

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
STORIES = {"alpha": ["000_66224ccab87b25ef.txt", "001_b4ee20ff16d8de97.txt"],
           "beta": ["002_61335ce61622f152.txt", "003_769d144c328907dd.txt"]}
# OpenAI's address (through a MockTransport: no socket is opened) so that tools mode and OpenAI's prices apply.
SETTINGS: dict[str, Any] = {"base_url": "https://api.openai.com/v1", "api_key": "sk-test-not-a-key", "cache": False}


def script(name: str, messages: list[dict[str, str]]) -> dict[str, Any]:
    """Scripted test-double answers by response model: an extraction naming the article, no speakers, a
    reconciliation of the first two claims."""
    if name == "ArticleExtraction":
        title = messages[1]["content"].splitlines()[1].removeprefix("Title: ")
        return {"headline": title, "summary": f"About {title}.",
                "claims": [{"claim": "Stoltenberg spoke", "evidence": "Stoltenberg"},
                           {"claim": "Kursk was discussed", "evidence": "Kursk"}]}
    if name == "Reconciliation":
        return {"title": "Stoltenberg on Kursk", "summary": "Stoltenberg spoke.",
                "shared_points": [{"text": "Stoltenberg spoke", "claims": ["A1.1", "A2.1"]}]}
    raise AssertionError(f"no scripted answer for {name}")


@pytest.fixture
def stories(tmp_path: Path) -> Path:
    folder = tmp_path / "stories"
    for story, names in STORIES.items():
        (folder / story).mkdir(parents=True)
        for name in names:
            shutil.copy(SEEDS / name, folder / story / name)
    return folder


def no_sleep(seconds: float) -> None:
    """Polls follow each other at once; the backoff's planned waits still count against ``wait_s``."""


def via_batches(stories: Path, out: Path, server: FakeBatchServer, **policy: Any) -> dict[str, Any]:
    results = summarize_many(stories, out, batch_api=BatchPolicy(http_client=server.client(), sleep=no_sleep,
                                                                 **policy), **SETTINGS)
    return {r.story: r for r in results}


def brief_of(out: Path, story: str) -> Brief:
    return Brief.model_validate_json((out / f"{story}.json").read_text())


def live_brief(stories: Path, story: str) -> Brief:
    llm = OpenAICompatibleLLM(Settings(**SETTINGS), http_client=httpx2.AsyncClient(transport=live_transport(script)))
    return summarize([str(stories / story)], llm=llm, **SETTINGS)


def test_the_batch_path_gives_the_briefing_the_live_path_gives_from_the_same_answers(stories: Path,
                                                                                     tmp_path: Path) -> None:
    server = FakeBatchServer(script)
    results = via_batches(stories, tmp_path / "out", server)
    assert not any(r.error for r in results.values())
    for story in STORIES:
        batched, live = brief_of(tmp_path / "out", story), live_brief(stories, story)
        assert batched.model_dump(exclude={"run"}) == live.model_dump(exclude={"run"})
        assert batched.run.usage.calls == live.run.usage.calls
        assert batched.run.usage.prompt_tokens == live.run.usage.prompt_tokens
    asked = [{line["body"]["tools"][0]["function"]["name"] for line in server.lines_of(b)} for b in server.batches]
    # Round by round, all stories together: extractions, then each story's reconciliation.
    assert asked == [{"ArticleExtraction"}, {"Reconciliation"}]
    assert len(server.lines_of(next(iter(server.batches)))) == 4


def test_the_footer_shows_batch_prices(stories: Path, tmp_path: Path) -> None:
    via_batches(stories, tmp_path / "out", FakeBatchServer(script))
    batched, live = brief_of(tmp_path / "out", "alpha"), live_brief(stories, "alpha")
    usage = batched.run.usage
    assert batched.run.batch_api and not live.run.batch_api
    assert usage.cost_usd == pytest.approx(cost_usd("gpt-4o-mini", usage.prompt_tokens, usage.completion_tokens,
                                                    batch=True))
    assert usage.cost_usd == pytest.approx(live.run.usage.cost_usd / 2)
    footer = (tmp_path / "out" / "alpha.md").read_text().rstrip().splitlines()[-1]
    assert f"${usage.cost_usd:.4f}" in footer and "answered through the Batch API, at batch prices" in footer


def test_batch_prices_come_from_the_price_table() -> None:
    assert cost_usd("gpt-4o-mini", 1_000_000, 1_000_000, batch=True) == pytest.approx(0.375)
    assert cost_usd("gpt-4o-mini", 1_000_000, 1_000_000) == pytest.approx(0.75)


def test_an_interrupted_run_resumes_polling_the_same_batch_without_resubmitting(stories: Path,
                                                                                tmp_path: Path) -> None:
    server = FakeBatchServer(script, hold=True)
    with pytest.raises(BatchNotFinished, match="run the same command again"):
        via_batches(stories, tmp_path / "out", server, wait_s=60)
    first = next(iter(server.batches))
    state = json.loads((tmp_path / "out" / STATE_FILE).read_text())
    assert server.creates == 1 and [b["id"] for b in state["batches"]] == [first]
    assert state["batches"][0]["status"] == "in_progress"

    def interrupted(seconds: float) -> None:
        raise KeyboardInterrupt  # Ctrl-C while waiting between polls

    with pytest.raises(KeyboardInterrupt):
        summarize_many(stories, tmp_path / "out", batch_api=BatchPolicy(http_client=server.client(),
                                                                        sleep=interrupted), **SETTINGS)
    assert server.creates == 1
    server.hold = False
    results = via_batches(stories, tmp_path / "out", server)
    assert not any(r.error for r in results.values())
    assert server.creates == 2  # the first batch was polled again, never resubmitted; then the reconciliations
    submitted = [line["custom_id"] for b in server.batches for line in server.lines_of(b)]
    assert len(submitted) == len(set(submitted))


def test_a_failed_line_fails_only_its_story_and_the_other_answers_land(stories: Path, tmp_path: Path) -> None:
    def fail(body: dict[str, Any]) -> str | None:
        """The extraction of beta's first article (the one interviewed by The Economist) fails in the batch."""
        extraction = body["tools"][0]["function"]["name"] == "ArticleExtraction"
        return "fake failure for this line" if extraction and "The Economist" in json.dumps(body) else None

    results = via_batches(stories, tmp_path / "out", FakeBatchServer(script, fail=fail))
    alpha, beta = brief_of(tmp_path / "out", "alpha"), brief_of(tmp_path / "out", "beta")
    assert alpha.failures == [] and results["alpha"].error is None
    assert [f.stage for f in beta.failures] == ["extract"]
    assert "fake failure for this line" in beta.failures[0].reason
    assert len(beta.sources) == 1 and beta.failures[0].path.endswith(STORIES["beta"][0])
    state = json.loads((tmp_path / "out" / STATE_FILE).read_text())
    assert list(state["batches"][0]["failed"].values()) == ["fake failure for this line"]


def test_an_expired_batch_fails_its_unanswered_requests(stories: Path, tmp_path: Path) -> None:
    server = FakeBatchServer(script, hold=True)
    with pytest.raises(BatchNotFinished):
        via_batches(stories, tmp_path / "out", server, wait_s=1)
    server.batches[next(iter(server.batches))]["status"] = "expired"
    results = via_batches(stories, tmp_path / "out", server)
    assert all(r.error and "the Batch API failed this request: no result in the expired batch" in r.error
               for r in results.values())
    assert server.creates == 1


def test_batch_wait_without_batch_api_is_a_usage_error(stories: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["batch", str(stories), "-o", str(tmp_path / "out"), "--batch-wait", "60"]) == 2
    assert "--batch-wait needs --batch-api" in capsys.readouterr().err


def test_an_answer_that_fails_validation_is_re_asked_in_the_next_batch_as_it_is_live(stories: Path,
                                                                                      tmp_path: Path) -> None:
    def invents_a_quote_once(name: str, messages: list[dict[str, str]]) -> dict[str, Any]:
        """Scripted: the first extraction carries a quote the article does not print; the re-ask drops it."""
        answer = script(name, messages)
        if name == "ArticleExtraction" and not any("not verbatim" in (m.get("content") or "") for m in messages):
            answer["quotes"] = [{"text": "words nobody printed", "speaker": "Jens Stoltenberg"}]
        return answer

    server = FakeBatchServer(invents_a_quote_once)
    summarize_many(stories, tmp_path / "out", batch_api=BatchPolicy(http_client=server.client(), sleep=no_sleep),
                   **SETTINGS)
    llm = OpenAICompatibleLLM(Settings(**SETTINGS),
                              http_client=httpx2.AsyncClient(transport=live_transport(invents_a_quote_once)))
    live = summarize([str(stories / "alpha")], llm=llm, **SETTINGS)
    batched = brief_of(tmp_path / "out", "alpha")
    assert batched.model_dump(exclude={"run"}) == live.model_dump(exclude={"run"})
    assert "words nobody printed" not in batched.model_dump_json()
    rounds = [{line["body"]["tools"][0]["function"]["name"] for line in server.lines_of(b)} for b in server.batches]
    assert rounds[:2] == [{"ArticleExtraction"}, {"ArticleExtraction"}]  # the re-asks are the second round


def test_batch_api_without_a_model_server_is_a_usage_error(stories: Path, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["batch", str(stories), "-o", str(tmp_path / "out"), "--batch-api"]) == 2
    assert "--batch-api needs a model server" in capsys.readouterr().err


def test_the_command_line_runs_the_batch_path_and_reports_its_batches(stories: Path, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    server = FakeBatchServer(script)
    monkeypatch.setattr(batch_api, "BatchPolicy", functools.partial(BatchPolicy, http_client=server.client(),
                                                                    sleep=no_sleep))
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-a-key")
    assert main(["batch", str(stories), "-o", str(tmp_path / "out"), "--batch-api", "--batch-wait", "3600"]) == 0
    err = capsys.readouterr().err
    assert "summarizer: batch batch-1: 4 requests submitted" in err and "summarizer: [1/2] alpha: done" in err
    assert server.creates == 2 and "Stoltenberg on Kursk" in (tmp_path / "out" / "index.md").read_text()


def test_a_crash_between_creating_the_batch_and_saving_its_id_adopts_that_batch(stories: Path,
                                                                               tmp_path: Path) -> None:
    server = FakeBatchServer(script, hold=True)
    with pytest.raises(BatchNotFinished):
        via_batches(stories, tmp_path / "out", server, wait_s=1)
    state_path = tmp_path / "out" / STATE_FILE
    state = json.loads(state_path.read_text())
    state["batches"][0].update(id=None, status="uploaded")  # as if the run died right after batches.create
    state_path.write_text(json.dumps(state))
    server.hold = False
    results = via_batches(stories, tmp_path / "out", server)
    assert not any(r.error for r in results.values())
    assert server.creates == 2 and server.uploads == 2  # the first batch was neither uploaded nor created again
    assert json.loads(state_path.read_text())["batches"][0]["id"] == next(iter(server.batches))


def test_after_a_deferral_the_rest_of_that_articles_chain_waits_but_other_articles_are_still_asked() -> None:
    llm = BatchAnsweredLLM(Settings(**SETTINGS, model="gpt-4o-mini"), BatchAnswers({}, {}, collect=True))

    async def chain(article: str) -> list[str]:
        outcomes = []
        for step in ("attribution", "translation"):
            try:
                await llm.structured(Translations, [{"role": "user", "content": f"{article} {step}"}])
            except Deferred:
                outcomes.append(f"{step} waits")
            except ModelError:
                outcomes.append(f"{step} deferred")
        return outcomes

    async def two_articles() -> list[list[str]]:
        return list(await asyncio.gather(chain("A1"), chain("A2")))

    assert asyncio.run(two_articles()) == [["attribution deferred", "translation waits"]] * 2
    sent = [body["messages"][-1]["content"] for body in llm.answers.deferred.values()]
    assert sorted(sent) == ["A1 attribution", "A2 attribution"]


def test_batch_api_with_another_source_of_answers_is_a_usage_error(stories: Path, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="cannot be combined with replay"):
        summarize_many(stories, tmp_path / "out", batch_api=True, replay="seeds.yaml", **SETTINGS)
