"""What an offline brief loads: a replay of English articles needs neither the SDK's resource modules nor
dateparser, the two slowest imports of a run (how fast it is belongs to ``bench/``; what it loads is behaviour)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_BRIEF_THEN_LIST_MODULES = """
import json, sys
from summarizer import summarize
summarize([sys.argv[1]], replay=sys.argv[2])
print(json.dumps(sorted(sys.modules)))
"""


def _modules_after_offline_seeds_brief(tmp_path: Path) -> set[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("OPENAI_", "SUMMARIZER_"))}
    done = subprocess.run(
        [sys.executable, "-c", _BRIEF_THEN_LIST_MODULES, str(ROOT / "seeds"),
         str(ROOT / "fixtures" / "recordings" / "seeds.yaml")],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120, check=True,
    )
    return set(json.loads(done.stdout.splitlines()[-1]))


def test_an_offline_english_brief_imports_neither_the_sdk_resources_nor_dateparser(tmp_path: Path) -> None:
    modules = _modules_after_offline_seeds_brief(tmp_path)
    assert "summarizer.story.assemble" in modules  # the brief did run
    assert "openai.resources" not in modules
    assert "dateparser" not in modules
