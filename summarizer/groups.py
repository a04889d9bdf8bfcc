"""Grouping by a pairwise test, shared by the merge step and the discrepancy detectors."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")


def group(items: Iterable[T], same: Callable[[T, T], bool]) -> list[list[T]]:
    """Greedy single-link grouping in input order: an item joins the first group holding something it matches.
    Order-dependent by design, so results are stable for a given input order."""
    groups: list[list[T]] = []
    for item in items:
        home = next((g for g in groups if any(same(item, other) for other in g)), None)
        if home is None:
            groups.append([item])
        else:
            home.append(item)
    return groups
