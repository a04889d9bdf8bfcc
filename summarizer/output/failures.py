"""Failures as a person reads them: many files skipped, or many articles failed, for one reason are one line.

An article's failure reason starts with its id (``A2: cannot reach …``, built by :func:`article_reason`), so a
reader can find it in the sources table; failures that differ only in that id share a reason and are summarised
("5 articles (A1, A2, A3 …)": the server was unreachable once, not five times).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import PurePath
from typing import NamedTuple

from summarizer.schema import Failure

# More files than this sharing a reason are summarised: 300 files over --max-articles must not print 100 lines.
_MAX_LISTED = 3
_ARTICLE_REASON = re.compile(r"^(A\d+): (.*)$", re.DOTALL)


class FailureLine(NamedTuple):
    """What failed (a path, or "N files skipped"), at which stage, and why."""

    where: str
    stage: str
    reason: str


def article_reason(article_id: str, reason: str) -> str:
    """The reason an article failed, led by its id; :func:`failure_lines` reads the id back to group them."""
    return f"{article_id}: {reason}"


def failure_lines(failures: Sequence[Failure]) -> list[FailureLine]:
    """One line per failure, except that a reason shared by more than three files is one line naming the first,
    and one shared by several articles is one line naming their ids."""
    groups: dict[tuple[str, str], list[Failure]] = {}
    for failure in failures:
        groups.setdefault((failure.stage, _shared_reason(failure.reason)), []).append(failure)
    lines = []
    for (stage, reason), group in groups.items():
        ids = [m.group(1) for f in group if (m := _ARTICLE_REASON.match(f.reason))]
        if len(ids) == len(group) > 1:
            shown = ", ".join(ids[:_MAX_LISTED]) + (" …" if len(ids) > _MAX_LISTED else "")
            lines.append(FailureLine(f"{len(group)} articles ({shown})", stage, reason))
        elif len(group) <= _MAX_LISTED:
            lines += [FailureLine(f.path, stage, f.reason) for f in group]
        else:
            first = ", ".join(PurePath(f.path).name for f in group[:_MAX_LISTED])
            lines.append(FailureLine(f"{len(group)} files skipped", stage, f"{reason}; first: {first} …"))
    return lines


def _shared_reason(reason: str) -> str:
    match = _ARTICLE_REASON.match(reason)
    return match.group(2) if match else reason
