"""Writing files so that a crash or a full disk never leaves a half-written or clobbered one."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path


def _umask() -> int:
    """mkstemp creates files private (0600); a briefing should get the permissions any new file would."""
    current = os.umask(0)
    os.umask(current)
    return current


def _is_stream(path: Path) -> bool:
    """A character device or FIFO (/dev/null, /dev/stdout, a pipe) must be written to, never replaced by a file."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)


def _mode_for(path: Path) -> int:
    """An existing file keeps its permissions (a 0600 file stays private); a new one gets the umask's."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        return 0o666 & ~_umask()


def write_atomically(path: Path, text: str) -> None:
    """Temp file in the same directory, then rename: a crash never leaves a half-written or clobbered file.

    A symlink is followed (its target is replaced, the link stays); a character device or FIFO is written
    through, since replacing it would destroy the node.
    """
    path = Path(os.path.realpath(path))
    if _is_stream(path):
        with open(path, "w", encoding="utf-8") as out:
            out.write(text)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = _mode_for(path)
    handle, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(temp_name, mode)
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise
