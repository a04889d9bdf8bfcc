"""Recall and false-positive rate of the injection filter on the labelled set: ``python -m tests.injection_report``.

Each case is put between two ordinary news lines, as an article would carry it, and loaded the way an article is
(``load.clean.quarantine``). An injection counts as caught only when every one of its lines is out of the text; a
legitimate line counts as a false positive when it, or either news line around it, is taken out.
"""

from __future__ import annotations

from dataclasses import dataclass

from summarizer.load.clean import quarantine
from tests.data.injection_set import CONTEXT, INJECTIONS, LEGITIMATE


@dataclass(frozen=True)
class Measured:
    """Which cases the filter got wrong, and the two rates they give."""

    missed: tuple[str, ...]
    false_positives: tuple[str, ...]

    @property
    def recall(self) -> float:
        return 1 - len(self.missed) / len(INJECTIONS)

    @property
    def false_positive_rate(self) -> float:
        return len(self.false_positives) / len(LEGITIMATE)


def _kept(case: str) -> list[str]:
    body, _ = quarantine("\n".join((CONTEXT[0], case, CONTEXT[1])))
    return body.split("\n")


def measure() -> Measured:
    missed = tuple(case for case in INJECTIONS
                   if any(line.strip() and line in _kept(case) for line in case.split("\n")))
    false_positives = tuple(case for case in LEGITIMATE if _kept(case) != [CONTEXT[0], case, CONTEXT[1]])
    return Measured(missed, false_positives)


def main() -> None:
    result = measure()
    print(f"injections caught: {len(INJECTIONS) - len(result.missed)}/{len(INJECTIONS)} "
          f"(recall {result.recall:.1%})")
    print(f"legitimate lines removed: {len(result.false_positives)}/{len(LEGITIMATE)} "
          f"(false-positive rate {result.false_positive_rate:.1%})")
    for case in result.missed:
        print(f"  missed: {case!r}")
    for case in result.false_positives:
        print(f"  removed: {case!r}")


if __name__ == "__main__":
    main()
