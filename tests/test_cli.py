"""The command line: one-line errors with documented exit codes, atomic output, never a traceback."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from summarizer.cli import _warn, main
from summarizer.llm import recordings
from summarizer.output.json import SCHEMA_VERSION
from summarizer.schema import Brief, Failure, Source
from summarizer.settings import Settings
from summarizer.version import __version__
from tests.conftest import RECORDING


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_missing_path_is_an_input_error_naming_the_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, "brief", str(tmp_path / "nope.txt"), "--replay", str(RECORDING))
    assert code == 3
    assert err.count("\n") == 1 and "nope.txt: no such file or directory" in err
    assert "Traceback" not in err and out == ""


def test_control_characters_in_a_file_name_do_not_reach_the_terminal(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _, _, err = run(capsys, "brief", str(tmp_path / "a\x1b[2J\x07b.txt"), "--replay", str(RECORDING))
    assert "a[2Jb.txt: no such file or directory" in err


def test_many_files_skipped_for_one_reason_are_one_warning_line(capsys: pytest.CaptureFixture[str]) -> None:
    failures = [Failure(path=f"in/{n}.txt", stage="load", reason="over the 2-article limit") for n in range(100)]
    _warn(Brief(title="t", summary="s", failures=failures))
    assert capsys.readouterr().err == (
        "summarizer: warning: 100 files skipped: over the 2-article limit; first: 0.txt, 1.txt, 2.txt …\n"
    )


def logging_summarize(*_: object, **__: object) -> Brief:
    """A run whose library code logs one warning and one error, as the answer cache does."""
    log = logging.getLogger("summarizer.llm.cache")
    log.warning("ignoring malformed cache entry x.json")
    log.error("cache folder vanished")
    return Brief(title="t", summary="s")


def test_an_off_topic_article_is_one_warning_line_saying_how_to_merge_it(capsys: pytest.CaptureFixture[str]) -> None:
    reason = "off-topic: shares no names, places or dates with the other 7 articles"
    _warn(Brief(title="t", summary="s", sources=[Source(id="A3", title="Lumen 3", path="en_gadgetline.txt",
                                                        off_topic=reason)]))
    assert capsys.readouterr().err == (f"summarizer: warning: en_gadgetline.txt: {reason}; left out of the merge "
                                       "(--keep-off-topic merges it)\n")


def test_library_warnings_are_prefixed_like_every_other_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("summarizer.cli.summarize", logging_summarize)
    _, _, err = run(capsys, "brief", "story.txt")
    assert "summarizer: warning: ignoring malformed cache entry x.json\n" in err


def test_quiet_shows_library_errors_but_not_warnings(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("summarizer.cli.summarize", logging_summarize)
    _, _, err = run(capsys, "brief", "story.txt", "-q")
    assert err == "summarizer: error: cache folder vanished\n"


def test_an_invalid_timeout_names_the_timeout_flag(capsys: pytest.CaptureFixture[str], seeds_dir: Path) -> None:
    _, _, err = run(capsys, "brief", str(seeds_dir), "--timeout", "0", "--replay", str(RECORDING))
    assert err.startswith("summarizer: error: --timeout: ")


def test_an_unknown_language_has_no_pydantic_prefix(capsys: pytest.CaptureFixture[str], seeds_dir: Path) -> None:
    _, _, err = run(capsys, "brief", str(seeds_dir), "--lang", "ge", "--replay", str(RECORDING))
    assert err.startswith("summarizer: error: --lang: unknown language code 'ge'")


def test_an_invalid_environment_variable_is_named_as_the_variable_not_the_flag(
    capsys: pytest.CaptureFixture[str], seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SUMMARIZER_CONCURRENCY", "abc")
    code, _, err = run(capsys, "brief", str(seeds_dir), "--replay", str(RECORDING))
    assert code == 2 and err == ("summarizer: error: environment variable SUMMARIZER_CONCURRENCY='abc': Input should "
                                 "be a valid integer, unable to parse string as an integer\n")


def test_batch_with_an_invalid_setting_is_one_usage_error(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUMMARIZER_MAX_TOKENS", "1")
    code, _, err = run(capsys, "batch", str(tmp_path), "-o", str(tmp_path / "out"))
    assert code == 2 and err.startswith("summarizer: error: environment variable SUMMARIZER_MAX_TOKENS='1': ")


def test_a_missing_replay_file_is_a_usage_error_naming_it(capsys: pytest.CaptureFixture[str], seeds_dir: Path,
                                                         tmp_path: Path) -> None:
    code, _, err = run(capsys, "brief", str(seeds_dir), "--replay", str(tmp_path / "nope.yaml"))
    assert code == 2 and f"--replay {tmp_path / 'nope.yaml'}: no such recording file" in err


def test_directory_without_articles_is_an_input_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "brief", str(tmp_path), "--replay", str(RECORDING))
    assert code == 3 and "directory has no article files" in err


def test_no_model_configured_and_no_recording_says_how_to_configure(
    capsys: pytest.CaptureFixture[str], seeds_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(recordings, "DEMO_RECORDINGS", (tmp_path / "absent.yaml",))
    code, _, err = run(capsys, "brief", str(seeds_dir))
    assert code == 2 and "OPENAI_API_KEY" in err and err.count("\n") == 1


def test_no_recording_error_says_where_it_looked(
    capsys: pytest.CaptureFixture[str], seeds_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(recordings, "DEMO_RECORDINGS", (tmp_path / "absent.yaml",))
    _, _, err = run(capsys, "brief", str(seeds_dir))
    assert f"no demo recording at {tmp_path / 'absent.yaml'}" in err


def test_demo_replay_works_from_another_directory(
    capsys: pytest.CaptureFixture[str], seeds_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = run(capsys, "brief", str(seeds_dir), "--replay", str(RECORDING))[1]
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "brief", str(seeds_dir))
    assert code == 0 and out == expected


def test_demo_replay_says_so_on_one_stderr_line(
    capsys: pytest.CaptureFixture[str], seeds_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _, _, err = run(capsys, "brief", str(seeds_dir))
    notice = ("summarizer: no model configured (OPENAI_API_KEY / --base-url / --local): replaying the recorded "
              "exchanges in fixtures/recordings/seeds.yaml\n")
    assert err.startswith(notice) and notice not in err[len(notice):]


def test_explicit_replay_prints_no_demo_notice(capsys: pytest.CaptureFixture[str], seeds_dir: Path) -> None:
    _, _, err = run(capsys, "brief", str(seeds_dir), "--replay", str(RECORDING))
    assert "no model configured" not in err


def test_unrecorded_input_in_replay_fails_with_how_to_record(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    article = tmp_path / "new.txt"
    article.write_text("A new story\n\nSomething happened in Oslo on Thursday, officials said.\n")
    code, _, err = run(capsys, "brief", str(article), "--replay", str(RECORDING))
    assert code == 4
    assert "no recording matches this request" in err and "--record" in err


def test_invalid_setting_is_a_usage_error_naming_the_flag(capsys: pytest.CaptureFixture[str], seeds_dir: Path) -> None:
    code, _, err = run(capsys, "brief", str(seeds_dir), "--concurrency", "0", "--replay", str(RECORDING))
    assert code == 2
    assert err == "summarizer: error: --concurrency: Input should be greater than or equal to 1\n"


def test_an_unwritable_output_is_a_one_line_error(capsys: pytest.CaptureFixture[str], seeds_dir: Path,
                                                  tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _, err = run(capsys, "brief", str(seeds_dir), "-o", str(blocker / "briefing.md"), "--replay", str(RECORDING))
    assert code == 1 and err.startswith("summarizer: error: cannot write") and err.count("\n") == 1


def test_output_file_is_not_touched_when_the_run_fails(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "briefing.md"
    target.write_text("previous briefing")
    code, _, _ = run(capsys, "brief", str(tmp_path / "missing"), "-o", str(target), "--replay", str(RECORDING))
    assert code == 3 and target.read_text() == "previous briefing"
    assert [p.name for p in tmp_path.iterdir()] == ["briefing.md"], "no temp file is left behind"


def test_replayed_seeds_briefing_is_written_to_the_output_file(
    capsys: pytest.CaptureFixture[str], seeds_dir: Path, tmp_path: Path
) -> None:
    target = tmp_path / "briefing.md"
    code, out, _ = run(capsys, "brief", str(seeds_dir), "-o", str(target), "--replay", str(RECORDING))
    assert code == 0 and out == ""
    assert target.read_text().startswith("# ")


def test_json_output_keeps_per_article_briefs_on_request(capsys: pytest.CaptureFixture[str], seeds_dir: Path) -> None:
    code, out, _ = run(capsys, "brief", str(seeds_dir), "--json", "--keep-articles", "--replay", str(RECORDING))
    data = json.loads(out)
    assert code == 0 and data["run"]["replayed"] is True
    assert [b["article"]["id"] for b in data["article_briefs"]] == ["A1", "A2", "A3", "A4", "A5"]


def test_usage_flag_prints_tokens_on_stderr(capsys: pytest.CaptureFixture[str], seeds_dir: Path) -> None:
    code, _, err = run(capsys, "brief", str(seeds_dir), "-u", "--replay", str(RECORDING))
    assert code == 0 and "summarizer: tokens: 6 calls" in err and "prompt +" in err


def test_an_output_file_that_is_an_input_article_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Title\n\nBody text of the article.\n")
    code, _, err = run(capsys, "brief", str(tmp_path), "-o", str(article))
    assert code == 2 and "is the input article" in err and err.count("\n") == 1
    assert article.read_text() == "Title\n\nBody text of the article.\n"


@pytest.mark.parametrize(("name", "starts"), [("b.json", "{"), ("b.md", "# "), ("b.txt", "# "), ("B.JSON", "{")])
def test_output_format_follows_the_file_extension(capsys: pytest.CaptureFixture[str], seeds_dir: Path,
                                                  tmp_path: Path, name: str, starts: str) -> None:
    target = tmp_path / name
    run(capsys, "brief", str(seeds_dir), "-o", str(target), "--replay", str(RECORDING))
    assert target.read_text().startswith(starts)


@pytest.mark.parametrize(("name", "fmt", "starts"), [("b.json", "markdown", "# "), ("b.md", "json", "{")])
def test_format_flag_overrides_the_extension(capsys: pytest.CaptureFixture[str], seeds_dir: Path, tmp_path: Path,
                                             name: str, fmt: str, starts: str) -> None:
    target = tmp_path / name
    run(capsys, "brief", str(seeds_dir), "-o", str(target), "--format", fmt, "--replay", str(RECORDING))
    assert target.read_text().startswith(starts)


def test_format_json_on_stdout(capsys: pytest.CaptureFixture[str], seeds_dir: Path) -> None:
    _, out, _ = run(capsys, "brief", str(seeds_dir), "--format", "json", "--replay", str(RECORDING))
    assert "title" in json.loads(out)


def test_version_flag_prints_the_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out == f"summarizer {__version__}\n"


def test_json_output_carries_the_versions(capsys: pytest.CaptureFixture[str], seeds_dir: Path) -> None:
    _, out, _ = run(capsys, "brief", str(seeds_dir), "--json", "--replay", str(RECORDING))
    data = json.loads(out)
    assert (data["summarizer_version"], data["schema_version"]) == (__version__, SCHEMA_VERSION)


@pytest.mark.parametrize("field", list(Settings.model_fields))
def test_help_lists_each_settings_environment_variable(capsys: pytest.CaptureFixture[str], field: str) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    assert f"SUMMARIZER_{field.upper()}" in capsys.readouterr().out


# ---------------------------------------------------------------------------------------------------------------
# A syndicated copy (same body, new headline) is normal in news: listed as a duplicate, never a failure.

@pytest.fixture
def seeds_and_a_copy(seeds_dir: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "story"
    folder.mkdir()
    for seed in sorted(seeds_dir.glob("*.txt")):
        (folder / seed.name).write_bytes(seed.read_bytes())
    first = sorted(seeds_dir.glob("*.txt"))[0].read_text(encoding="utf-8")
    (folder / "005_syndicated.txt").write_text("Syndicated under a new headline\n" + first.split("\n", 1)[1],
                                               encoding="utf-8")
    return folder


def test_an_exact_copy_exits_0_without_an_incomplete_banner(capsys: pytest.CaptureFixture[str],
                                                           seeds_and_a_copy: Path) -> None:
    code, out, err = run(capsys, "brief", str(seeds_and_a_copy), "--replay", str(RECORDING))
    assert code == 0
    assert "Incomplete" not in out and "warning" not in err


def test_strict_writes_the_briefing_when_an_input_is_an_exact_copy(capsys: pytest.CaptureFixture[str],
                                                                  seeds_and_a_copy: Path, tmp_path: Path) -> None:
    target = tmp_path / "briefing.md"
    code, _, err = run(capsys, "brief", str(seeds_and_a_copy), "--strict", "-o", str(target), "--replay",
                       str(RECORDING))
    assert (code, err.count("error")) == (0, 0)
    assert target.read_text().startswith("# ")


def test_an_exact_copy_is_a_duplicate_row_in_the_sources_table(capsys: pytest.CaptureFixture[str],
                                                               seeds_and_a_copy: Path) -> None:
    _, out, _ = run(capsys, "brief", str(seeds_and_a_copy), "--replay", str(RECORDING))
    assert "_Briefing from 6 articles (5 independent sources)._" in out
    [row] = [line for line in out.splitlines() if line.startswith("| A6 |")]
    assert "005\\_syndicated.txt" in row and row.endswith("| duplicate of A1 (same text; not briefed again) |")
