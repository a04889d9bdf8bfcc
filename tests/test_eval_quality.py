"""The quality benchmark as a regression test: each recorded story scores at least what eval/baseline.json says.

Raise the floor with `python -m eval.score --write-baseline` when the code improves; never lower it to pass.
"""

from __future__ import annotations

import json

import pytest

from eval.score import BASELINE, recording_for, score_story

FLOOR = json.loads(BASELINE.read_text(encoding="utf-8"))


@pytest.mark.parametrize("story", sorted(FLOOR))
def test_a_recorded_story_keeps_its_right_answers_and_adds_no_wrong_ones(story: str) -> None:
    assert recording_for(story).is_file(), f"eval story {story} has a baseline but no recording"
    measured = score_story(story).as_dict()
    for category, floor in FLOOR[story].items():
        now = measured[category]
        assert now["right"] >= floor["right"], f"{story} · {category}: {now['right']} right, floor {floor['right']}"
        assert now["wrong"] <= floor["wrong"], f"{story} · {category}: {now['wrong']} wrong, ceiling {floor['wrong']}"
