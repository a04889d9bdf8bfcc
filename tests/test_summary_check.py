"""The briefing's summary and headline may say only what the briefing's own points say."""

from __future__ import annotations

from summarizer.schema import Discrepancy, Point, Side
from summarizer.story.summary import Told, check_summary, check_title

SHARED = [Point(text="Dockers began a strike at the port of Rotterdam on Monday", article_ids=("A1", "A2")),
          Point(text="The union demands an 8% pay rise", article_ids=("A1", "A3"))]
TEXT = "Dockers began a strike at the port of Rotterdam on Monday. The union demands an 8% pay rise."


def told(discrepancies: list[Discrepancy] | None = None) -> Told:
    return Told(points=SHARED, shared=SHARED, discrepancies=discrepancies or [], timeline=[], quotes=[],
                article_text=TEXT)


def test_a_sentence_resting_on_the_points_is_kept() -> None:
    checked = check_summary("Dockers in Rotterdam began a strike on Monday.", told())
    assert checked.text == "Dockers in Rotterdam began a strike on Monday." and checked.dropped == ()


def test_a_dispute_no_discrepancy_reports_is_left_out() -> None:
    summary = "Dockers in Rotterdam began a strike on Monday. Some articles suggest the strike is disputed."
    checked = check_summary(summary, told())
    assert checked.text == "Dockers in Rotterdam began a strike on Monday."
    assert checked.dropped[0].reason == "speaks of a disagreement the briefing does not report"


def test_disagreement_may_be_mentioned_when_the_briefing_reports_one() -> None:
    crowd = Discrepancy(kind="numeric", topic="Dockers marching in Rotterdam", sides=(
        Side(says="4,000", article_ids=("A1",)), Side(says="2,500", article_ids=("A2",))))
    checked = check_summary("Accounts of the Rotterdam dockers march are conflicting.", told([crowd]))
    assert checked.dropped == ()


def test_a_sentence_on_nothing_the_briefing_shows_is_left_out() -> None:
    checked = check_summary("Dockers began a strike on Monday. Shipping insurers expect record losses.", told())
    assert [d.text for d in checked.dropped] == ["Shipping insurers expect record losses."]


def test_when_nothing_survives_the_summary_is_composed_from_the_top_agreed_points() -> None:
    checked = check_summary("Insurers expect record losses.", told())
    assert checked.composed_in_code
    assert checked.text == ("Dockers began a strike at the port of Rotterdam on Monday. "
                            "The union demands an 8% pay rise.")


def test_an_unsupported_headline_is_replaced_by_the_top_agreed_point() -> None:
    summary = check_summary("Dockers began a strike on Monday.", told())
    title = check_title("A Disputed Story", told(), summary)
    assert title.text == "Dockers began a strike at the port of Rotterdam on Monday" and title.composed_in_code
