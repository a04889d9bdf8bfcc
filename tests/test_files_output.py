"""-o PATH: atomic for regular files, follows symlinks, writes through devices, keeps an existing file's mode."""

from __future__ import annotations

import os
from pathlib import Path

from summarizer.files import write_atomically


def test_symlink_is_followed_and_kept(tmp_path: Path) -> None:
    target = tmp_path / "real.md"
    target.write_text("old")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    write_atomically(link, "new")
    assert link.is_symlink()
    assert target.read_text() == "new"


def test_character_device_is_written_through_not_replaced(tmp_path: Path) -> None:
    link = tmp_path / "null.md"
    link.symlink_to("/dev/null")
    write_atomically(link, "text")
    assert Path("/dev/null").is_char_device()
    assert link.is_symlink()


def test_fifo_is_written_through(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        write_atomically(fifo, "through")
        assert os.read(reader, 100) == b"through"
    finally:
        os.close(reader)


def test_existing_file_keeps_its_mode(tmp_path: Path) -> None:
    private = tmp_path / "private.md"
    private.write_text("old")
    private.chmod(0o600)
    write_atomically(private, "new")
    assert private.stat().st_mode & 0o777 == 0o600
