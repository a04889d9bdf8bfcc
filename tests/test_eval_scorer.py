"""The quality benchmark's scorer: each category counts right, wrong and missing as a reader would."""

from __future__ import annotations

import datetime as dt

import pytest

from eval.gold import Gold, GoldError, gold_problems, load_gold
from eval.score import Tally, same_person, score_brief
from summarizer.schema import Brief, Discrepancy, Entity, Point, Quote, Side, Source, TimelineEntry

ARTICLES = {
    "en_wire.txt": "Strike halts port\n\nROTTERDAM, March 12, 2025 - Dockers walked out on Monday. "
                   "\"We will not back down,\" union spokeswoman Ana Ruiz told reporters. "
                   "About 4,000 marched, police said. Employers offered 5%; the union demands 8%.",
    "de_zeitung.txt": "Streik im Hafen\n\nROTTERDAM (dpa) - Rund 3.000 Hafenarbeiter streiken seit Montag. "
                      "\"Wir geben nicht nach\", sagte Ana Ruiz der \"Welt am Sonntag\".",
    "en_other.txt": "Football: City win 2-0\n\nLONDON - City beat United on Sunday.",
}


def gold(**overrides: object) -> Gold:
    data: dict[str, object] = {
        "story": "test",
        "articles": {
            "en_wire.txt": {"language": "en", "dateline": "2025-03-12"},
            "de_zeitung.txt": {"language": "de", "dateline": None},
            "en_other.txt": {"language": "en", "off_topic": True},
        },
        "quotes": [
            {"article": "en_wire.txt", "text": "We will not back down", "speaker": "Ana Ruiz"},
            {"article": "de_zeitung.txt", "text": "Wir geben nicht nach", "speaker": "Ana Ruiz"},
        ],
        "agreed_points": [{"id": "walkout", "articles": ["en_wire.txt", "de_zeitung.txt"],
                           "match": ["strike|walk", "monday"]}],
        "discrepancies": [{"id": "crowd", "kind": "numeric", "match": ["march|crowd|arbeiter"],
                           "sides": [["en_wire.txt"], ["de_zeitung.txt"]]}],
        "not_discrepancies": [{"id": "offer", "match": ["offer", "demand"], "why": "different measures"}],
        "timeline": [{"date": "2025-03-10", "article": "en_wire.txt", "phrase": "on Monday"}],
        "entities": [{"name": "Ana Ruiz", "type": "person", "aliases": ["Ruiz"]},
                     {"name": "Welt am Sonntag", "type": "outlet"},
                     {"name": "Rotterdam", "type": "place"}],
        "summary_must_not": [{"pattern": "disput", "why": "nobody disputes the strike"}],
    }
    data.update(overrides)
    return Gold.model_validate(data)


SOURCES = [Source(id="A1", title="t", path="x/de_zeitung.txt"),
           Source(id="A2", title="t", path="x/en_other.txt"),
           Source(id="A3", title="t", path="x/en_wire.txt", dateline=dt.date(2025, 3, 12))]


def brief(**fields: object) -> Brief:
    base: dict[str, object] = {"title": "Dockers strike in Rotterdam", "summary": "Dockers walked out.",
                               "sources": SOURCES}
    base.update(fields)
    return Brief(**base)  # type: ignore[arg-type]


def tally(b: Brief, category: str, g: Gold | None = None) -> Tally:
    return score_brief(b, g or gold(), ARTICLES).tallies[category]


def test_a_surname_alone_is_the_right_speaker_but_another_person_is_not() -> None:
    assert same_person("Ruiz", "Ana Ruiz") and same_person("Mme Ruiz", "Ana Ruiz")
    assert not same_person("Sonntag", "Ana Ruiz")


def test_a_quote_given_to_a_newspaper_word_is_a_wrong_attribution() -> None:
    quotes = [Quote(text="Wir geben nicht nach", speaker="Sonntag", article_id="A1"),
              Quote(text="We will not back down", speaker="Ana Ruiz", article_id="A3")]
    result = tally(brief(quotes=quotes), "attribution")
    assert (result.right, result.wrong, result.missing) == (1, 1, 0)


def test_an_unattributed_or_unfound_quotation_is_missing_not_wrong() -> None:
    result = tally(brief(quotes=[Quote(text="We will not back down", article_id="A3")]), "attribution")
    assert (result.right, result.wrong, result.missing) == (0, 0, 2)


def test_a_quote_that_is_not_in_its_article_counts_against_verbatim() -> None:
    quotes = [Quote(text="We will never back down", speaker="Ana Ruiz", article_id="A3")]
    assert tally(brief(quotes=quotes), "verbatim").wrong == 1


def test_an_agreed_point_is_found_when_its_words_and_two_of_its_articles_match() -> None:
    point = Point(text="Dockers began a strike on Monday", article_ids=("A1", "A3"))
    result = tally(brief(shared_points=[point]), "agreed")
    assert (result.right, result.wrong, result.missing) == (1, 0, 0)


def test_a_point_stating_two_gold_facts_counts_for_the_one_not_yet_shown() -> None:
    two_facts = gold(agreed_points=[
        {"id": "walkout", "articles": ["en_wire.txt", "de_zeitung.txt"], "match": ["strike|walk", "monday"]},
        {"id": "strike-start", "articles": ["en_wire.txt", "de_zeitung.txt"], "match": ["strike", "began"]},
    ])
    points = [Point(text="Dockers went on strike on Monday", article_ids=("A1", "A3")),
              Point(text="Dockers began a strike on Monday", article_ids=("A1", "A3"))]
    result = tally(brief(shared_points=points), "agreed", two_facts)
    assert (result.right, result.wrong, result.missing) == (2, 0, 0)


def test_a_point_stating_two_gold_facts_is_credited_with_the_one_a_later_point_does_not_show() -> None:
    two_facts = gold(agreed_points=[
        {"id": "strike-start", "articles": ["en_wire.txt", "de_zeitung.txt"], "match": ["strike", "began"]},
        {"id": "walkout", "articles": ["en_wire.txt", "de_zeitung.txt"], "match": ["walk", "monday"]},
    ])
    points = [Point(text="Dockers walked out on Monday and the strike began", article_ids=("A1", "A3")),
              Point(text="The strike began", article_ids=("A1", "A3"))]
    result = tally(brief(shared_points=points), "agreed", two_facts)
    assert (result.right, result.wrong, result.missing) == (2, 0, 0)


def test_a_dated_point_counts_for_the_gold_point_of_its_day_not_for_an_earlier_day_it_mentions() -> None:
    two_days = gold(agreed_points=[
        {"id": "walkout", "articles": ["en_wire.txt", "de_zeitung.txt"], "match": ["strike", "monday|2025-03-10"]},
        {"id": "march", "articles": ["en_wire.txt", "de_zeitung.txt"], "match": ["march", "tuesday|2025-03-11"]},
    ])
    point = Point(text="2025-03-11: Dockers marched as the strike that began on Monday went on", article_ids=("A1", "A3"))
    result = tally(brief(shared_points=[point]), "agreed", two_days)
    assert (result.right, result.notes) == (1, ["missing: walkout (2 articles)"])


def test_a_point_that_merges_the_off_topic_article_is_spurious() -> None:
    point = Point(text="Dockers began a strike on Monday", article_ids=("A1", "A2", "A3"))
    assert tally(brief(shared_points=[point]), "agreed").wrong == 1


def test_a_missed_required_point_is_missing() -> None:
    assert tally(brief(), "agreed").missing == 1


def test_a_trap_reported_as_a_discrepancy_is_wrong_and_the_real_one_is_found() -> None:
    trap = Discrepancy(kind="numeric", topic="Pay rise", sides=(
        Side(says="5% offered", article_ids=("A3",)), Side(says="8% demanded", article_ids=("A3",))))
    real = Discrepancy(kind="numeric", topic="Marchers", sides=(
        Side(says="about 4,000", article_ids=("A3",)), Side(says="rund 3.000 Hafenarbeiter", article_ids=("A1",))))
    result = tally(brief(discrepancies=[trap, real]), "discrepancies")
    assert (result.right, result.wrong, result.missing) == (1, 1, 0)


def test_a_timeline_date_no_article_refers_to_is_wrong() -> None:
    entries = [TimelineEntry(date=dt.date(2025, 3, 10), what="walkout", basis="inferred", article_ids=("A3",)),
               TimelineEntry(date=dt.date(2025, 3, 7), what="walkout", basis="inferred", article_ids=("A3",))]
    result = tally(brief(timeline=entries), "timeline")
    assert (result.right, result.wrong, result.missing) == (1, 1, 0)


def test_one_entity_listed_under_two_spellings_is_one_right_answer() -> None:
    entities = [Entity(name="Ana Ruiz", kind="person"), Entity(name="Ruiz", kind="person")]
    assert tally(brief(entities=entities), "entities").right == 1


def test_a_word_of_an_outlet_listed_as_a_person_is_an_entity_error() -> None:
    entities = [Entity(name="Sonntag", kind="person"), Entity(name="Ana Ruiz", kind="person"),
                Entity(name="Rotterdam", kind="person")]
    result = tally(brief(entities=entities), "entities")
    assert (result.right, result.wrong) == (1, 2)


def test_a_summary_sentence_with_a_forbidden_statement_or_an_unknown_number_is_unsupported() -> None:
    summary = "Dockers walked out. The strike is disputed. Some 9,999 workers joined."
    result = tally(brief(summary=summary), "summary")
    assert (result.right, result.wrong) == (2, 2)


def test_article_dates_are_right_wrong_or_missing() -> None:
    sources = [SOURCES[0].model_copy(update={"dateline": dt.date(2025, 3, 10)}), SOURCES[1],
               SOURCES[2].model_copy(update={"dateline": None})]
    result = tally(brief(sources=sources), "datelines")
    assert (result.right, result.wrong, result.missing) == (1, 1, 1)


def test_wrong_answers_weigh_twice_as_much_as_missing_ones() -> None:
    assert Tally(right=2, wrong=1, missing=0).score == pytest.approx(0.5)
    assert Tally(right=2, wrong=0, missing=2).score == pytest.approx(0.5)


def test_gold_that_is_not_true_of_its_articles_is_reported() -> None:
    bad = gold(quotes=[{"article": "en_wire.txt", "text": "We shall overcome", "speaker": "Ana Ruiz"}])
    assert any("not verbatim" in p for p in gold_problems(bad, ARTICLES))


def test_every_committed_story_has_gold_that_holds_for_its_articles() -> None:
    from eval.gold import list_stories

    for story in list_stories():
        try:
            load_gold(story)
        except GoldError as exc:
            pytest.fail(str(exc))


def test_a_discrepancy_fitting_two_gold_findings_counts_for_the_one_no_other_shown_discrepancy_takes() -> None:
    two = gold(discrepancies=[
        {"id": "crowd", "kind": "numeric", "match": ["march|arbeiter"], "sides": [["en_wire.txt"], ["de_zeitung.txt"]]},
        {"id": "police-count", "kind": "numeric", "match": ["police"],
         "sides": [["en_wire.txt"], ["de_zeitung.txt"]]}])
    sides = (Side(says="about 4,000", article_ids=("A3",)), Side(says="rund 3.000", article_ids=("A1",)))
    both = Discrepancy(kind="numeric", topic="Marchers counted by police", sides=sides)
    crowd_only = Discrepancy(kind="numeric", topic="Marchers", sides=sides)
    result = tally(brief(discrepancies=[both, crowd_only]), "discrepancies", two)
    assert (result.right, result.wrong, result.missing) == (2, 0, 0)
