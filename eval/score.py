"""Score briefings against gold annotations, per category, and print the table.

    python -m eval.score                 # every story that has a recording, replayed offline
    python -m eval.score --details       # also list each wrong and missing item
    python -m eval.score --json          # the figures as JSON (what the regression test reads)
    python -m eval.score --write-baseline  # record today's figures as the floor the tests hold

Scoring is a pure function of (Brief, Gold, article texts). Wrong answers weigh twice as much as missing ones
in each category's score, because a briefing that says something false costs a reader more than one that is
silent.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from eval.gold import (
    Gold,
    GoldDiscrepancy,
    GoldEntity,
    GoldPoint,
    list_stories,
    load_gold,
    read_articles,
    squash,
    story_dir,
)
from summarizer.schema import Brief, Discrepancy, Point
from summarizer.text.normalise import fold

ROOT = Path(__file__).resolve().parent.parent
RECORDINGS = ROOT / "fixtures" / "recordings"
BASELINE = Path(__file__).resolve().parent / "baseline.json"
WRONG_WEIGHT = 2
_KIND_FAMILY = {"quote": "quote", "provenance": "quote"}
_ENTITY_FAMILY = {"person": "person", "organisation": "organisation", "outlet": "organisation",
                  "agency": "organisation", "place": "place"}


@dataclass
class Tally:
    """One category: ``right`` answers, ``wrong`` ones, ``missing`` ones, and what each was, for --details."""

    right: int = 0
    wrong: int = 0
    missing: int = 0
    notes: list[str] = field(default_factory=list)

    def add(self, verdict: str, note: str = "") -> None:
        setattr(self, verdict, getattr(self, verdict) + 1)
        if note and verdict != "right":
            self.notes.append(f"{verdict}: {note}")

    @property
    def score(self) -> float | None:
        """right / (right + missing + 2 × wrong); None when the category had nothing to score."""
        denominator = self.right + self.missing + WRONG_WEIGHT * self.wrong
        return None if denominator == 0 else self.right / denominator

    def __iadd__(self, other: Tally) -> Tally:
        self.right += other.right
        self.wrong += other.wrong
        self.missing += other.missing
        self.notes += other.notes
        return self


CATEGORIES = {
    "verbatim": "quotes shown that are verbatim in their article (wrong: not verbatim, or not speech)",
    "attribution": "quotations whose speaker the article names: right / wrong speaker / unattributed or not found",
    "agreed": "agreed points: found / spurious (matches no gold point, or merges the wrong articles) / missed",
    "discrepancies": "discrepancies: found / spurious (a trap, or matches nothing) / missed",
    "timeline": "timeline dates: a gold date shown / a date no article refers to / a gold date not shown",
    "entities": "entities: listed with their true type / listed with a wrong type",
    "summary": "headline and summary sentences: supported / unsupported (forbidden statement, unknown number)",
    "datelines": "article dates: right / wrong / not found",
}


@dataclass
class StoryScore:
    story: str
    tallies: dict[str, Tally]

    def as_dict(self) -> dict[str, dict[str, int]]:
        return {name: {k: v for k, v in asdict(t).items() if k != "notes"} for name, t in self.tallies.items()}


# ---------------------------------------------------------------------------------------------------------------
# Text helpers: loose comparison of names and numbers written by different outlets


def _last_token(name: str) -> str:
    tokens = re.findall(r"\w+", fold(name))
    return tokens[-1] if tokens else ""


def same_person(shown: str, gold_name: str, aliases: Iterable[str] = ()) -> bool:
    """A shown speaker is the gold person if it is one of their names or ends with their surname."""
    names = [gold_name, *aliases]
    if fold(shown).strip() in {fold(n).strip() for n in names}:
        return True
    return _last_token(shown) != "" and _last_token(shown) in {_last_token(n) for n in names}


def _digits(text: str) -> set[str]:
    """Numbers with separators removed, so 1,300 / 1.300 / 1 300 compare equal (and 1.2 with 1,2)."""
    pattern = r"\d{1,3}(?:[.,\u00a0\u202f ]\d{3})+(?!\d)|\d+(?:[.,]\d+)?"
    return {re.sub(r"\D", "", n) for n in re.findall(pattern, text)}


def _matches_all(patterns: Sequence[str], text: str) -> bool:
    return all(re.search(p, text, re.IGNORECASE) for p in patterns)


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]


# ---------------------------------------------------------------------------------------------------------------
# Categories


def score_quotes(brief: Brief, gold: Gold, files: dict[str, str], texts: dict[str, str]) -> tuple[Tally, Tally]:
    verbatim, attribution = Tally(), Tally()
    not_speech = [q for q in gold.quotes if q.not_speech]
    for quote in brief.quotes:
        name = files.get(quote.article_id, "")
        shown = squash(quote.text)
        if shown not in texts.get(name, ""):
            verbatim.add("wrong", f"{name}: not verbatim: {shown[:70]!r}")
        elif any(q.article == name and _overlaps(shown, q.text) for q in not_speech):
            verbatim.add("wrong", f"{name}: not anyone's words, shown as a quote: {shown[:70]!r}")
        else:
            verbatim.add("right")
    people = {e.name: e for e in gold.entities if e.type == "person"}
    for gold_quote in (q for q in gold.quotes if not q.not_speech):
        shown = [q for q in brief.quotes if files.get(q.article_id) == gold_quote.article
                 and _overlaps(squash(q.text), gold_quote.text)]
        label = f"{gold_quote.article}: {gold_quote.text[:50]!r} ({gold_quote.form or 'no form noted'})"
        if gold_quote.speaker is None:
            named = [q.speaker for q in shown if q.speaker]
            if named:
                attribution.add("wrong", f"{label}: the article names nobody, shown as {named[0]!r}")
            continue
        entity = people.get(gold_quote.speaker)
        aliases = entity.aliases if entity else ()
        speakers = [q.speaker for q in shown]
        if any(s and same_person(s, gold_quote.speaker, aliases) for s in speakers):
            attribution.add("right")
        elif any(speakers):
            attribution.add("wrong", f"{label}: {gold_quote.speaker} shown as {next(s for s in speakers if s)!r}")
        else:
            attribution.add("missing", f"{label}: {gold_quote.speaker}, " + ("unattributed" if shown else "not found"))
    return verbatim, attribution


def _overlaps(shown: str, gold_text: str) -> bool:
    """The same quotation: one printed inside the other (code may show a part, or the whole of a long quote)."""
    a, b = fold(squash(shown)), fold(squash(gold_text))
    return a in b or b in a


def _point_files(point: Point | Discrepancy, files: dict[str, str]) -> set[str]:
    ids = point.article_ids if isinstance(point, Point) else {i for side in point.sides for i in side.article_ids}
    return {files[i] for i in ids if i in files}


def _candidates(point: Point, gold: Gold, files: dict[str, str]) -> list[GoldPoint]:
    """The gold points a shown point states (its words and at least two of their articles), the likeliest first:
    required before optional, and for a dated point the gold point of its day ("2025-09-16: … marched … a strike
    that began on Monday" is the Tuesday march, not the Monday start it mentions)."""
    shown = _point_files(point, files)
    matches = [c for c in gold.agreed_points
               if _matches_all(c.match, point.text) and len(shown & set(c.articles)) >= 2]
    day = re.match(r"\d{4}-\d\d-\d\d", point.text)
    return sorted(matches, key=lambda c: (not c.required, not _dated(c, day.group() if day else None)))


def _dated(candidate: GoldPoint, day: str | None) -> bool:
    """Whether a gold point is about the day a timeline point is dated."""
    return day is not None and any(re.search(p, day, re.IGNORECASE) for p in candidate.match)


def _credited(candidates: Sequence[Sequence[GoldPoint | GoldDiscrepancy]]) -> dict[int, str]:
    """Which gold point each shown point is credited with (by index), one each and each gold point once, as many
    as can be (a maximum matching): a point that states two gold facts ("the minister called it unacceptable and
    meets them next week") counts for the one no other point shows, whatever order the briefing lists them in."""
    owner: dict[str, int] = {}

    def assign(index: int, seen: set[str]) -> bool:
        for candidate in candidates[index]:
            if candidate.id in seen:
                continue
            seen.add(candidate.id)
            if candidate.id not in owner or assign(owner[candidate.id], seen):
                owner[candidate.id] = index
                return True
        return False

    for index in range(len(candidates)):
        assign(index, set())
    return {index: gold_id for gold_id, index in owner.items()}


def score_agreed(brief: Brief, gold: Gold, files: dict[str, str]) -> Tally:
    tally = Tally()
    candidates = [_candidates(point, gold, files) for point in brief.shared_points]
    credited = _credited(candidates)
    required = {p.id for p in gold.agreed_points if p.required}
    for index, point in enumerate(brief.shared_points):
        off_topic = _point_files(point, files) & gold.off_topic
        if not candidates[index] or off_topic:
            why = f"merges off-topic {sorted(off_topic)}" if off_topic else "matches no gold point"
            tally.add("wrong", f"{point.text[:80]!r} ({', '.join(sorted(_point_files(point, files)))}): {why}")
        elif credited.get(index) in required:
            tally.add("right")
    found = set(credited.values())
    for missed in (p for p in gold.agreed_points if p.required and p.id not in found):
        tally.add("missing", f"{missed.id} ({len(missed.articles)} articles)")
    return tally


def _discrepancy_text(discrepancy: Discrepancy) -> str:
    return " ".join([discrepancy.topic, discrepancy.note, *(s.says for s in discrepancy.sides)])


def _discrepancy_matches(shown: Discrepancy, candidate: GoldDiscrepancy, files: dict[str, str]) -> bool:
    if _KIND_FAMILY.get(shown.kind, shown.kind) != _KIND_FAMILY.get(candidate.kind, candidate.kind):
        return False
    if not _matches_all(candidate.match, _discrepancy_text(shown)):
        return False
    involved = _point_files(shown, files)
    if candidate.kind == "stale":  # the briefing names the stale article; the witnesses are in its note
        return bool(involved & set(candidate.sides[0]))
    touched = sum(1 for side in candidate.sides if involved & set(side))
    return touched >= min(2, len(candidate.sides))


def score_discrepancies(brief: Brief, gold: Gold, files: dict[str, str]) -> Tally:
    """Each shown discrepancy is credited with a gold one by the same maximum matching as agreed points, so one
    that fits two gold findings counts for the one no other shown discrepancy takes."""
    tally = Tally()
    candidates = [[d for d in gold.discrepancies if _discrepancy_matches(shown, d, files)]
                  for shown in brief.discrepancies]
    credited = _credited(candidates)
    for index, shown in enumerate(brief.discrepancies):
        label = f"{shown.kind} {shown.topic[:60]!r} ({', '.join(sorted(_point_files(shown, files)))})"
        trap = next((t for t in gold.not_discrepancies if _matches_all(t.match, _discrepancy_text(shown))), None)
        if not candidates[index]:
            tally.add("wrong", f"{label}: trap {trap.id} ({trap.why})" if trap is not None
                      else f"{label}: matches no gold discrepancy")
        elif index in credited:
            tally.add("right")
    found = set(credited.values())
    for missed in (d for d in gold.discrepancies if d.id not in found):
        tally.add("missing", f"{missed.kind} {missed.id}")
    return tally


def score_timeline(brief: Brief, gold: Gold) -> Tally:
    tally = Tally()
    valid = {d.date for d in gold.timeline}
    shown = {entry.date for entry in brief.timeline}
    for entry in brief.timeline:
        if entry.date not in valid:
            tally.add("wrong", f"{entry.date} ({entry.basis}) {entry.what[:60]!r} from {', '.join(entry.when_texts)}")
    for date in sorted(valid):
        if date in shown:
            tally.add("right")
        else:
            phrases = ", ".join(sorted({d.phrase for d in gold.timeline if d.date == date}))
            tally.add("missing", f"{date} ({phrases})")
    return tally


def _gold_entity(name: str, gold: Gold) -> GoldEntity | None:
    wanted = fold(name).strip()
    for entity in gold.entities:
        if wanted in {fold(n).strip() for n in (entity.name, *entity.aliases)}:
            return entity
    return None


def score_entities(brief: Brief, gold: Gold) -> Tally:
    tally = Tally()
    credited: set[str] = set()
    for entity in brief.entities:
        known = _gold_entity(entity.name, gold)
        if known is None and entity.kind == "person":
            part_of = next((g for g in gold.entities if g.type != "person"
                            and fold(entity.name) in re.findall(r"\w+", fold(g.name))), None)
            if part_of is not None:
                tally.add("wrong", f"{entity.name!r} listed as a person: a word of {part_of.type} {part_of.name!r}")
            continue
        if known is None:
            continue
        if _ENTITY_FAMILY[known.type] == entity.kind:
            if known.name not in credited:  # "Iraq" and "Irak" listed apart are one entity, not two right answers
                credited.add(known.name)
                tally.add("right")
        else:
            tally.add("wrong", f"{entity.name!r} listed as {entity.kind}, is {known.type}")
    return tally


def score_summary(brief: Brief, gold: Gold, texts: dict[str, str]) -> Tally:
    tally = Tally()
    known_numbers = set().union(*(_digits(t) for t in texts.values()))
    for sentence in [brief.title, *_sentences(brief.summary)]:
        forbidden = next((f for f in gold.summary_must_not if re.search(f.pattern, sentence, re.IGNORECASE)), None)
        unknown = sorted(_digits(sentence) - known_numbers)
        if forbidden is not None:
            tally.add("wrong", f"{sentence[:90]!r}: {forbidden.why or forbidden.pattern}")
        elif unknown:
            tally.add("wrong", f"{sentence[:90]!r}: numbers in no article {unknown}")
        else:
            tally.add("right")
    return tally


def score_datelines(brief: Brief, gold: Gold, files: dict[str, str]) -> Tally:
    tally = Tally()
    shown = {files[s.id]: s.dateline for s in brief.sources if s.id in files}
    for name, article in sorted(gold.articles.items()):
        got = shown.get(name)
        if got == article.dateline:
            tally.add("right")
        elif got is None:
            tally.add("missing", f"{name}: {article.dateline} not found")
        else:
            tally.add("wrong", f"{name}: shown {got}, is {article.dateline or 'undated'}")
    return tally


def score_brief(brief: Brief, gold: Gold, articles: dict[str, str]) -> StoryScore:
    """Every category for one story's briefing; ``articles`` maps file name to its text."""
    files = {source.id: Path(source.path).name for source in brief.sources}
    texts = {name: squash(text) for name, text in articles.items()}
    verbatim, attribution = score_quotes(brief, gold, files, texts)
    tallies = {
        "verbatim": verbatim,
        "attribution": attribution,
        "agreed": score_agreed(brief, gold, files),
        "discrepancies": score_discrepancies(brief, gold, files),
        "timeline": score_timeline(brief, gold),
        "entities": score_entities(brief, gold),
        "summary": score_summary(brief, gold, texts),
        "datelines": score_datelines(brief, gold, files),
    }
    return StoryScore(gold.story, tallies)


# ---------------------------------------------------------------------------------------------------------------
# Running the pipeline and printing


def recording_for(story: str) -> Path:
    return RECORDINGS / f"eval-{story}.yaml"


def brief_story(story: str) -> Brief:
    """The story's briefing, replayed from its recording through the real pipeline (offline)."""
    from summarizer import summarize

    return summarize([story_dir(story) / "articles"], replay=recording_for(story))


def score_story(story: str) -> StoryScore:
    return score_brief(brief_story(story), load_gold(story), read_articles(story))


def total(scores: Sequence[StoryScore]) -> StoryScore:
    summed = {name: Tally() for name in CATEGORIES}
    for score in scores:
        for name, tally in score.tallies.items():
            summed[name] += tally
    return StoryScore("TOTAL", summed)


def _cell(tally: Tally) -> str:
    score = tally.score
    shown = "-" if score is None else f"{score:.2f}"
    return f"{tally.right}/{tally.wrong}/{tally.missing} ({shown})"


def table(scores: Sequence[StoryScore]) -> str:
    """A Markdown table: right/wrong/missing and the weighted score, per story and category."""
    header = "| story | " + " | ".join(CATEGORIES) + " |"
    rule = "|---" * (len(CATEGORIES) + 1) + "|"
    rows = [f"| {s.story} | " + " | ".join(_cell(s.tallies[c]) for c in CATEGORIES) + " |" for s in scores]
    return "\n".join([header, rule, *rows])


def details(scores: Sequence[StoryScore]) -> str:
    lines = []
    for score in scores:
        for name, tally in score.tallies.items():
            lines += [f"{score.story} · {name} · {note}" for note in tally.notes]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.score", description=__doc__.splitlines()[0])
    parser.add_argument("stories", nargs="*", help="story folders under eval/stories (default: all recorded)")
    parser.add_argument("--details", action="store_true", help="list every wrong and missing item")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--write-baseline", action="store_true", help=f"write the figures to {BASELINE.name}")
    args = parser.parse_args(argv)
    stories = args.stories or [s for s in list_stories() if recording_for(s).is_file()]
    unrecorded = [s for s in stories if not recording_for(s).is_file()]
    if unrecorded:
        print(f"eval: no recording for {', '.join(unrecorded)} (record with `summarizer brief "
              f"eval/stories/STORY/articles --base-url URL --concurrency 1 --record "
              f"fixtures/recordings/eval-STORY.yaml`)", file=sys.stderr)
        return 2
    scores = [score_story(s) for s in stories]
    everything = [*scores, total(scores)]
    if args.json:
        print(json.dumps({s.story: s.as_dict() for s in everything}, indent=2))
    else:
        print(table(everything))
        print("\nEach cell: right/wrong/missing (score = right / (right + missing + 2 x wrong)).")
        for name, meaning in CATEGORIES.items():
            print(f"- {name}: {meaning}")
        if args.details:
            print("\n" + details(scores))
    if args.write_baseline:
        BASELINE.write_text(json.dumps({s.story: s.as_dict() for s in scores}, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
