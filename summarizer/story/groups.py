"""Grouping in input order, shared by every step of the story stage that puts like with like.

One loop serves all of them, so every grouping is greedy and order-dependent in the same way: results are stable
for a given input order, and a change to how groups form is made once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")


def group_where(items: Iterable[T], joins: Callable[[list[T], T], bool]) -> list[list[T]]:
    """Greedy grouping in input order: an item joins the first group that ``joins`` accepts it into, else starts
    one. For tests that look at a group as a whole (its first member, or none of it too far away)."""
    groups: list[list[T]] = []
    for item in items:
        home = next((g for g in groups if joins(g, item)), None)
        if home is None:
            groups.append([item])
        else:
            home.append(item)
    return groups


def group(items: Iterable[T], same: Callable[[T, T], bool]) -> list[list[T]]:
    """Single-link grouping: an item joins the first group holding something it matches."""
    return group_where(items, lambda members, item: any(same(item, other) for other in members))
