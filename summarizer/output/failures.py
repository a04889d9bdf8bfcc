"""Failures as a person reads them: many files skipped for one reason are one line, not one line each."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath
from typing import NamedTuple

from summarizer.schema import Failure

# More files than this sharing a reason are summarised: 300 files over --max-articles must not print 100 lines.
_MAX_LISTED = 3


class FailureLine(NamedTuple):
    """What failed (a path, or "N files skipped"), at which stage, and why."""

    where: str
    stage: str
    reason: str


def failure_lines(failures: Sequence[Failure]) -> list[FailureLine]:
    """One line per failure, except a reason shared by more than three files, which is one line naming the first."""
    groups: dict[tuple[str, str], list[Failure]] = {}
    for failure in failures:
        groups.setdefault((failure.stage, failure.reason), []).append(failure)
    lines = []
    for (stage, reason), group in groups.items():
        if len(group) <= _MAX_LISTED:
            lines += [FailureLine(f.path, stage, reason) for f in group]
            continue
        first = ", ".join(PurePath(f.path).name for f in group[:_MAX_LISTED])
        lines.append(FailureLine(f"{len(group)} files skipped", stage, f"{reason}; first: {first} …"))
    return lines
