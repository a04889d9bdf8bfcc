"""``summarizer completion bash|zsh`` prints a completion script generated from the argument parser (shtab)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from summarizer.cli import main


def script(shell: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["completion", shell]) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_the_script_knows_the_commands_and_flags(shell: str, capsys: pytest.CaptureFixture[str]) -> None:
    text = script(shell, capsys)
    for word in ("brief", "batch", "--output", "--urls", "--verbose", "--fetch-timeout"):
        assert word in text


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
@pytest.mark.parametrize(("words", "expected"), [("summarizer br", "brief"), ("summarizer brief --out", "--output")])
def test_bash_completes_a_command_and_a_flag(words: str, expected: str, capsys: pytest.CaptureFixture[str]) -> None:
    """The script sourced in a real bash: typing the start of a word and pressing Tab offers the word."""
    typed = words.split()
    probe = (f"COMP_WORDS=({words}); COMP_CWORD={len(typed) - 1}; COMP_LINE='{words}'; COMP_POINT={len(words)}; "
             '_shtab_summarizer; printf "%s\\n" "${COMPREPLY[@]}"')
    done = subprocess.run(["bash", "-c", script("bash", capsys) + "\n" + probe], capture_output=True, text=True,
                          check=True, timeout=30)
    assert done.stdout.split() == [expected]


def test_an_unknown_shell_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["completion", "tcsh"])
    assert exit_.value.code == 2
    assert "invalid choice: 'tcsh'" in capsys.readouterr().err
