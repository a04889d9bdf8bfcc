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


def _existing_mode(path: Path) -> int | None:
    """What is at ``path`` now (its ``st_mode``), or None when nothing is."""
    try:
        return os.stat(path).st_mode
    except FileNotFoundError:
        return None


def write_atomically(path: Path, text: str) -> None:
    """Temp file in the same directory, then rename: a crash never leaves a half-written or clobbered file.

    A symlink is followed (its target is replaced, the link stays); a character device or FIFO is written
    through, since replacing it would destroy the node.
    """
    path = Path(os.path.realpath(path))
    existing = _existing_mode(path)
    if existing is not None and (stat.S_ISCHR(existing) or stat.S_ISFIFO(existing)):
        with open(path, "w", encoding="utf-8") as out:
            out.write(text)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    # an existing file keeps its permissions (a 0600 file stays private); a new one gets the umask's
    mode = stat.S_IMODE(existing) if existing is not None else 0o666 & ~_umask()
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
