"""``summarize_many`` and ``summarizer batch``: one briefing per story, an index, a failing story recorded,
unchanged stories skipped, stories named by a manifest. The model answers come from the seeds recording
(fixtures/recordings/seeds.yaml, replayed because no model is configured in tests)."""

from __future__ import annotations

import json
import pickle
import shutil
from pathlib import Path

import pytest

from summarizer.batch import inputs_digest, stories_from, summarize_many
from summarizer.batch.manifest import read_manifest
from summarizer.batch.work import output_fingerprint, shipped_settings
from summarizer.cli import main
from summarizer.errors import UsageError
from summarizer.settings import Settings

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture
def stories(tmp_path: Path) -> Path:
    """Two stories: the five seeds, and a folder with nothing to brief."""
    folder = tmp_path / "stories"
    shutil.copytree(SEEDS, folder / "kursk")
    (folder / "empty").mkdir()
    return folder


def test_each_story_folder_gets_a_briefing_and_a_failing_one_is_listed_and_a_rerun_skips(stories: Path,
                                                                                          tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = {r.story: r for r in summarize_many(stories, out)}
    assert first["empty"].error and first["kursk"].articles == 5
    assert (out / "kursk.md").is_file() and (out / "kursk.json").is_file()
    assert "FAILED" in (out / "index.md").read_text()
    again = {r.story: r for r in summarize_many(stories, out)}
    assert again["kursk"].skipped and again["kursk"].headline == first["kursk"].headline
    assert not again["empty"].skipped


def test_the_index_lists_every_story_with_headline_counts_and_failures_in_markdown_and_json(stories: Path,
                                                                                             tmp_path: Path) -> None:
    out = tmp_path / "out"
    summarize_many(stories, out)
    rows = {row["story"]: row for row in json.loads((out / "index.json").read_text())["stories"]}
    assert list(rows) == ["empty", "kursk"]
    assert rows["kursk"]["articles"] == 5 and rows["kursk"]["discrepancies"] > 0 and rows["kursk"]["failures"] == 0
    assert rows["kursk"]["outputs"] == ["kursk.md", "kursk.json"] and rows["kursk"]["calls"] > 0
    assert rows["empty"]["error"].startswith("no usable article")
    page = (out / "index.md").read_text()
    assert f"| [kursk](kursk.md) | {rows['kursk']['headline']} | 5 | {rows['kursk']['discrepancies']} | 0 |" in page
    assert "| empty | FAILED: no usable article" in page  # a failed story links to no briefing


def test_a_rerun_with_a_setting_that_changes_the_briefing_briefs_again(stories: Path, tmp_path: Path) -> None:
    """max_articles does not change the seeds' requests, so the replay still answers; it must not be 'unchanged'."""
    out = tmp_path / "out"
    summarize_many(stories, out)
    again = {r.story: r for r in summarize_many(stories, out, max_articles=150)}
    assert not again["kursk"].skipped and again["kursk"].error is None
    # how the run goes (concurrency, cache, timeouts) does not change what the briefing says
    assert {r.story: r for r in summarize_many(stories, out, max_articles=150, concurrency=1)}["kursk"].skipped


def test_a_story_with_a_failed_input_is_partial_and_briefed_again_on_rerun(tmp_path: Path) -> None:
    story = tmp_path / "stories" / "kursk"
    shutil.copytree(SEEDS, story)
    (story / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    out = tmp_path / "out"
    (first,) = summarize_many(tmp_path / "stories", out)
    assert first.error is None and first.failures == 1 and not first.ok
    (again,) = summarize_many(tmp_path / "stories", out)
    assert not again.skipped  # a transient failure (a timeout) deserves another try; the cache makes it cheap


def test_formats_choose_the_files_written_per_story(stories: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    summarize_many(stories, out, formats=["json"])
    assert (out / "kursk.json").is_file() and not (out / "kursk.md").exists()
    assert "[kursk](kursk.json)" in (out / "index.md").read_text()
    (kursk,) = [r for r in summarize_many(stories, out, formats=["markdown", "json"]) if r.story == "kursk"]
    assert not kursk.skipped and (out / "kursk.md").is_file()  # a format not written yet is not 'unchanged'


def test_a_manifest_groups_paths_relative_to_its_own_folder_and_keeps_urls(tmp_path: Path) -> None:
    (tmp_path / "articles").mkdir()
    (tmp_path / "stories.toml").write_text(
        'kursk = ["articles/", "/abs/a.txt"]\n'
        'single = "articles/one.txt"\n'
        'web = ["https://example.org/a.html"]\n')
    assert read_manifest(tmp_path / "stories.toml") == {
        "kursk": [str(tmp_path / "articles"), "/abs/a.txt"],
        "single": [str(tmp_path / "articles" / "one.txt")],
        "web": ["https://example.org/a.html"],
    }
    (tmp_path / "stories.json").write_text(json.dumps({"b": ["x.txt"], "a": ["y.txt"]}))
    assert list(read_manifest(tmp_path / "stories.json")) == ["b", "a"]  # the manifest's order, not sorted


@pytest.mark.parametrize(("name", "content", "problem"), [
    ("s.toml", "kursk = [", "not valid TOML"),
    ("s.json", '{"kursk": ["a.txt"], "kursk": ["b.txt"]}', "story 'kursk' is listed twice"),
    ("s.toml", "kursk = []", "story 'kursk': lists no path or URL"),
    ("s.toml", "kursk = [1]", "story 'kursk': Input should be a valid string"),
    ("s.json", '{"../up": ["a.txt"]}', "must be a plain file name"),
    ("s.json", '{"index": ["a.txt"]}', "would overwrite index.md"),
    ("s.json", '["a.txt"]', "expected a table of story id = list of paths or URLs"),
    ("s.toml", "", "names no story"),
    ("s.yaml", "kursk: [a.txt]", "use a .toml or .json file"),
    ("missing.toml", None, "cannot read it"),
])
def test_a_bad_manifest_is_one_line_naming_the_file_and_the_problem(tmp_path: Path, name: str,
                                                                    content: str | None, problem: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_text(content)
    with pytest.raises(UsageError) as error:
        read_manifest(path)
    message = str(error.value)
    assert message.startswith(f"--manifest {path}: ") and problem in message and "\n" not in message


def test_an_output_folder_inside_a_manifest_storys_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "kursk").mkdir()
    with pytest.raises(UsageError, match="is inside story 'kursk'"):
        summarize_many({"kursk": [tmp_path / "kursk"]}, tmp_path / "kursk" / "out")


def test_a_story_folder_called_index_is_refused_before_anything_runs(tmp_path: Path) -> None:
    (tmp_path / "stories" / "index").mkdir(parents=True)
    with pytest.raises(UsageError, match="would overwrite index.md"):
        stories_from(tmp_path / "stories")


def test_cli_batch_from_a_manifest_writes_the_briefings_and_exits_5_when_a_story_failed(tmp_path: Path,
                                                                                        capsys) -> None:
    shutil.copytree(SEEDS, tmp_path / "seeds")
    (tmp_path / "stories.toml").write_text('kursk = ["seeds/"]\nbroken = ["nowhere/"]\n')
    out = tmp_path / "out"
    assert main(["batch", "--manifest", str(tmp_path / "stories.toml"), "-o", str(out), "--format", "json"]) == 5
    err = capsys.readouterr().err
    assert "[1/2] kursk: done (5 articles" in err and "[2/2] broken: failed: no usable article" in err
    assert sorted(p.name for p in out.iterdir()) == [".kursk.inputs", "index.json", "index.md", "kursk.json"]
    (tmp_path / "stories.toml").write_text('kursk = ["seeds/"]\n')
    assert main(["batch", "--manifest", str(tmp_path / "stories.toml"), "-o", str(out), "--format", "json",
                 "-q"]) == 0
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(("argv", "message"), [
    (["batch", "-o", "out"], "give either a folder of story folders or --manifest FILE"),
    (["batch", "nowhere", "-o", "out"], "nowhere: no such folder of stories"),
    (["batch", "--manifest", "nowhere.toml", "-o", "out"], "--manifest nowhere.toml: cannot read it"),
    (["batch", "STORIES", "-o", "out", "--timeout", "0"], "--timeout: Input should be greater than 0"),
    (["batch", "STORIES", "-o", "out", "--replay", "no.yaml"], "--replay no.yaml: no such cassette"),
    (["batch", "STORIES", "-o", "out", "--workers", "0"], "--workers 0: give at least 1"),
    (["batch", "STORIES", "-o", "STORIES/kursk/out"], "is inside the stories folder"),
    (["batch", "STORIES", "-o", "STORIES/out"], "it would become a story of the next run"),
    (["batch", "STORIES", "-o", "out", "--scheduler", "tcp://127.0.0.1:1", "--record", "rec"],
     "use them without --scheduler"),
])
def test_cli_batch_usage_errors_are_one_line_and_exit_2(stories: Path, tmp_path: Path, monkeypatch, capsys,
                                                        argv: list[str], message: str) -> None:
    monkeypatch.chdir(tmp_path)
    argv = [a.replace("STORIES", str(stories)) for a in argv]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err
    assert not (tmp_path / "out").exists() and not (stories / "kursk" / "out").exists()
    assert not (stories / "out").exists()


def test_the_shipped_settings_are_plain_values_with_a_hidden_key_and_without_defaults(monkeypatch) -> None:
    """A worker takes its own defaults (its own cache folder) unless the client gave one; it needs the key."""
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-real")
    config = Settings(base_url="http://127.0.0.1:9/v1", lang="de")
    shipped = shipped_settings(config)
    assert {k: v for k, v in shipped.items() if k != "api_key"} == {"base_url": "http://127.0.0.1:9/v1", "lang": "de"}
    assert json.loads(json.dumps({k: v for k, v in shipped.items() if k != "api_key"})) == {
        "base_url": "http://127.0.0.1:9/v1", "lang": "de"}
    # a Dask worker logs repr(args) of a failed task: the key must travel, but never show
    assert "sk-test" not in repr(shipped) and "sk-test" not in repr(pickle.loads(pickle.dumps(shipped)))
    assert Settings(**pickle.loads(pickle.dumps(shipped))).api_key.get_secret_value() == "sk-test-not-real"
    assert Settings(**shipped) == config
    assert "sk-test" not in json.dumps(output_fingerprint(config))  # the resume stamp never holds the key


def test_the_inputs_digest_changes_with_a_file_and_names_an_unreadable_one_instead_of_failing(tmp_path: Path) -> None:
    story = tmp_path / "story"
    story.mkdir()
    (story / "a.txt").write_text("one")
    before = inputs_digest([str(story)])
    (story / "a.txt").write_text("two")
    assert inputs_digest([str(story)]) != before
    assert inputs_digest([str(tmp_path / "gone.txt")])  # the pipeline, not the hash, reports the missing file
    assert inputs_digest(["https://example.org/a"]) != inputs_digest(["https://example.org/b"])


def test_dask_flags_without_the_extra_are_one_line_naming_it(stories: Path, tmp_path: Path, monkeypatch,
                                                             capsys) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "distributed", None)  # as if the [dask] extra were not installed
    assert main(["batch", str(stories), "-o", str(tmp_path / "out"), "--workers", "2"]) == 2
    err = capsys.readouterr().err
    assert err == "summarizer: error: --scheduler and --workers need Dask distributed: pip install 'summarizer[dask]'\n"


def test_replay_from_a_folder_answers_each_story_from_its_own_cassette(stories: Path, tmp_path: Path) -> None:
    recordings = Path(__file__).resolve().parent.parent / "fixtures" / "recordings"
    cassettes = tmp_path / "cassettes"
    cassettes.mkdir()
    shutil.copyfile(recordings / "seeds.yaml", cassettes / "kursk.yaml")
    shutil.copyfile(recordings / "seeds.provenance.json", cassettes / "kursk.provenance.json")
    by_story = {r.story: r for r in summarize_many(stories, tmp_path / "out", replay=cassettes)}
    assert by_story["kursk"].ok and by_story["kursk"].articles == 5
    assert "kursk.yaml, recorded" in (tmp_path / "out" / "kursk.md").read_text()
    assert by_story["empty"].error is not None and "empty.yaml" in by_story["empty"].error
