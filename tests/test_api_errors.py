"""Bad arguments to the Python API raise the package's own UsageError, with the one-line message the CLI prints.

Before, ``summarize`` let pydantic's ValidationError, a TypeError or an AttributeError escape from wherever the bad
value was first touched; an application had to catch three foreign types and show their multi-line wording.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from summarizer import SummarizerError, UsageError, summarize, summarize_many
from tests.conftest import RECORDING
from tests.fakes import FakeLLM


def usage_error(**arguments: Any) -> str:
    """The message of the UsageError that ``summarize`` raises for these arguments (paths default to a file)."""
    with pytest.raises(UsageError) as caught:
        summarize(arguments.pop("paths", ["story.txt"]), **arguments)
    assert "\n" not in str(caught.value)
    return str(caught.value)


def test_usage_error_is_also_a_value_error_and_a_summarizer_error() -> None:
    assert issubclass(UsageError, ValueError) and issubclass(UsageError, SummarizerError)
    assert UsageError.exit_code == 2


def test_an_unknown_keyword_names_it_and_the_setting_it_resembles() -> None:
    assert usage_error(concurency=2) == "unknown setting 'concurency': did you mean 'concurrency'?"


def test_a_wrongly_typed_setting_names_the_keyword_and_the_reason() -> None:
    assert usage_error(concurrency="x") == ("concurrency='x': Input should be a valid integer, unable to parse string "
                                            "as an integer")


def test_an_out_of_range_setting_has_no_pydantic_prefix() -> None:
    assert usage_error(lang="ge") == "lang='ge': unknown language code 'ge': use an ISO 639-1 code such as en, de, fr"


def test_an_invalid_environment_variable_is_named_as_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUMMARIZER_CONCURRENCY", "abc")
    assert usage_error().startswith("environment variable SUMMARIZER_CONCURRENCY='abc': Input should be a valid")


@pytest.mark.parametrize("paths", [123, None, b"story.txt", {"a": 1}])
def test_paths_that_are_not_paths_are_a_usage_error(paths: Any) -> None:
    assert usage_error(paths=paths).startswith("paths: expected a path or a list of paths (str or os.PathLike), got ")


def test_a_list_holding_something_else_than_paths_names_the_entry() -> None:
    assert usage_error(paths=["a.txt", 7]) == "paths[1]: expected a path (str or os.PathLike), got int 7"


def test_one_path_stands_for_itself_not_for_its_characters(seeds_dir: Path) -> None:
    assert len(summarize(str(seeds_dir), replay=RECORDING).sources) == 5


def test_an_llm_without_the_protocol_method_is_a_usage_error() -> None:
    assert usage_error(llm=object()).startswith("llm: object <object object at")
    assert "does not implement summarizer.LLM" in usage_error(llm=object())


@pytest.mark.parametrize(("name", "value", "expected"), [
    ("replay", 5, "replay: expected a cassette path (str or os.PathLike), got int 5"),
    ("record", ["x"], "record: expected a cassette path (str or os.PathLike), got list ['x']"),
    ("keep_article_briefs", "yes", "keep_article_briefs: expected True or False, got str 'yes'"),
    ("progress", "print", "progress: expected a function or None, got str 'print'"),
])
def test_other_wrong_arguments_name_the_argument(name: str, value: Any, expected: str) -> None:
    assert usage_error(**{name: value}) == expected


def test_good_arguments_with_a_custom_llm_still_run(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Port talks\n\nNegotiators met in Rotterdam on Monday, officials said.\n")
    claims = [{"claim": "Negotiators met", "evidence": "Negotiators met in Rotterdam"},
              {"claim": "They met on Monday", "evidence": "on Monday"}]
    llm = FakeLLM({"ArticleExtraction": {"headline": "Port talks", "summary": "Talks.", "claims": claims},
                   "Reconciliation": {"title": "Port talks", "summary": "Talks."}})
    assert summarize(tmp_path / "a.txt", llm=llm).sources[0].path.endswith("a.txt")


def test_summarize_many_raises_a_bad_setting_once_instead_of_failing_every_story(tmp_path: Path) -> None:
    (tmp_path / "stories" / "one").mkdir(parents=True)
    (tmp_path / "stories" / "two").mkdir()
    with pytest.raises(UsageError, match=r"^max_tokens=1: Input should be greater than or equal to 64$"):
        summarize_many(tmp_path / "stories", tmp_path / "out", max_tokens=1)
    assert not (tmp_path / "out").exists()


def test_summarize_many_names_a_missing_stories_folder(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="nope: no such folder of stories"):
        summarize_many(tmp_path / "nope", tmp_path / "out")


def test_summarize_many_checks_summarize_own_arguments_too(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="replay: expected a cassette path"):
        summarize_many(tmp_path, tmp_path / "out", replay=3)
