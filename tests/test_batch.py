"""``summarize_many``: one briefing per story folder, an index, a failing story recorded, unchanged stories skipped."""

import shutil
from pathlib import Path

from summarizer.batch import summarize_many

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def test_each_story_folder_gets_a_briefing_and_a_failing_one_is_listed_and_a_rerun_skips(tmp_path: Path) -> None:
    stories = tmp_path / "stories"
    shutil.copytree(SEEDS, stories / "kursk")
    (stories / "empty").mkdir()
    out = tmp_path / "out"
    first = {r.story: r for r in summarize_many(stories, out)}
    assert first["empty"].error and first["kursk"].articles == 5
    assert (out / "kursk.md").is_file() and "FAILED" in (out / "index.md").read_text()
    again = {r.story: r for r in summarize_many(stories, out)}
    assert again["kursk"].skipped
