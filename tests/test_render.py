"""Rendering: text from articles and models is inert in the Markdown, and every section a reader needs is there."""

from __future__ import annotations

import datetime as dt

from summarizer.output.markdown import escape, markdown
from summarizer.schema import (
    Brief,
    Discrepancy,
    Dropped,
    Failure,
    Point,
    Quote,
    RunInfo,
    Side,
    Source,
    TimelineEntry,
    Usage,
)


def test_links_and_images_from_articles_are_not_rendered_as_links() -> None:
    assert escape("see [here](http://evil.example) ![x](http://evil.example/i.png)") == (
        "see \\[here\\](`http://evil.example)` !\\[x\\](`http://evil.example/i.png)`"
    )


def test_raw_html_from_articles_is_escaped() -> None:
    assert escape("<script>alert(1)</script>") == "\\<script\\>alert(1)\\</script\\>"


def test_line_start_markers_cannot_start_headings_or_lists() -> None:
    assert escape("# Breaking") == "\\# Breaking"
    assert escape("- item") == "\\- item"


def test_newlines_in_article_text_cannot_break_out_of_a_list_item() -> None:
    assert "\n" not in escape("first line\n\n# injected heading")


def test_table_cells_escape_pipes() -> None:
    assert escape("a | b") == "a \\| b"


def test_terminal_control_characters_from_articles_are_stripped_from_the_markdown() -> None:
    brief = sample_brief().model_copy(update={"title": "Kursk\x1b]0;pwned\x07 \x1b[31moffensive\x9b"})
    assert markdown(brief).startswith("# Kursk\\]0;pwned \\[31moffensive\n")


def test_many_files_skipped_for_one_reason_are_one_incomplete_entry() -> None:
    failures = [Failure(path=f"in/{n}.txt", stage="load", reason="over the 2-article limit") for n in range(5)]
    [line] = [x for x in markdown(sample_brief().model_copy(update={"failures": failures})).splitlines() if "Incomplete" in x]
    assert line.endswith("**Incomplete:** 5 files skipped (load): over the 2-article limit; first: 0.txt, 1.txt, 2.txt …")


def sample_brief() -> Brief:
    return Brief(
        title="Kursk [offensive]",
        summary="Summary.",
        shared_points=[Point(text="NATO had no role", article_ids=("A1", "A2"), confidence="medium", why="2 sources")],
        discrepancies=[Discrepancy(kind="numeric", topic="Territory", note="different as-of dates",
                                   sides=(Side(says="1,200 km²", article_ids=("A1",), claimant="Kyiv"),
                                          Side(says="1,300 km²", article_ids=("A2",), as_of=dt.date(2024, 8, 27))))],
        timeline=[TimelineEntry(date=dt.date(2024, 8, 30), what="Three villages taken", basis="inferred",
                                article_ids=("A1",), when_texts=("on Friday",))],
        quotes=[Quote(text="Ukraine has a right to defend itself", speaker="Jens Stoltenberg", article_id="A1")],
        sources=[Source(id="A1", title="T1", path="a.txt"), Source(id="A2", title="T2", path="b.txt", duplicate_of="A1")],
        dropped=[Dropped(article_id="A1", kind="quote", text="invented", reason="not found in A1")],
        run=RunInfo(model="qwen", replayed=True, recording="seeds.yaml, recorded 2026-11-23 from qwen", usage=Usage(prompt_tokens=10, completion_tokens=5, calls=2)),
    )


def test_briefing_has_every_section_a_reader_needs() -> None:
    text = markdown(sample_brief())
    for heading in ("## Where the sources agree", "## Where the sources differ", "## Reported by one source only",
                    "## Timeline", "## Quotes", "## Figures", "## People, organisations, places", "## Sources",
                    "## What was left out"):
        assert heading in text


def test_agreed_points_show_their_source_count() -> None:
    assert "NATO had no role — **2 sources** (A1, A2)" in markdown(sample_brief())


def test_numeric_disagreement_shows_values_dates_and_claimants() -> None:
    text = markdown(sample_brief())
    assert "A1: 1,200 km² (claimed by Kyiv)" in text
    assert "A2: 1,300 km² (as of 2024-08-27)" in text


def test_inferred_dates_are_marked_with_the_phrase_they_came_from() -> None:
    assert "**2024-08-30** _(date inferred from “on Friday”)_" in markdown(sample_brief())


def test_dropped_items_are_counted_and_listed() -> None:
    assert "1 quote not shown:" in markdown(sample_brief())


def test_footer_names_the_model_tokens_and_replay() -> None:
    assert markdown(sample_brief()).rstrip().endswith(
        "_Model: qwen · 2 calls · 10 prompt + 5 completion tokens · cost unknown for this model · replayed from seeds.yaml, recorded 2026-11-23 from qwen._"
    )


def test_duplicate_sources_are_counted_once_in_the_header() -> None:
    assert "_Briefing from 2 articles (1 independent source)._" in markdown(sample_brief())


def test_title_from_the_model_is_escaped() -> None:
    assert markdown(sample_brief()).startswith("# Kursk \\[offensive\\]")


def test_a_number_opening_a_line_escapes_the_list_dot_not_the_digit() -> None:
    from summarizer.output.markdown import escape

    assert escape("1. Kyiv") == "1\\. Kyiv"
    assert escape("1.300 km²") == "1.300 km²" and escape("52.4 MB") == "52.4 MB"
