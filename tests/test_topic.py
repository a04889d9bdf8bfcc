"""Off-topic articles: one about another story is left out of the merge and listed, never an on-topic one.

The briefs here are built by hand (test doubles, not model output); the recorded stories are checked at the end.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

import pytest

from eval.gold import load_gold, story_dir
from summarizer import summarize
from summarizer.cli import main
from summarizer.schema import Article, ArticleBrief, Brief, Claim, Event, Figure, Quote
from summarizer.story import reconcile
from summarizer.story.topic import RELATED, off_topic, relatedness
from tests.conftest import ROOT
from tests.fakes import FakeLLM

DAY = dt.date(2025, 11, 11)
FLOODED = dt.date(2025, 11, 10)
ON_SALE = dt.date(2025, 11, 20)


def brief(article_id: str, text: str, language: str, *, people: list[str], places: list[str],
          events: list[tuple[dt.date, str]] = (), quote: str | None = None, figure: float | None = None) -> ArticleBrief:
    article = Article(id=article_id, path=f"{article_id}.txt", title=text.split(".")[0], text=text, dateline=DAY,
                      dateline_basis="stated", language=language)
    claim = text.split(" - ", 1)[1].split(".")[0]
    return ArticleBrief(
        article=article, headline=article.title, summary=claim,
        claims=[Claim(ref=f"{article_id}.1", text=claim, evidence=claim, article_id=article_id, evidence_verified=True)],
        people=people, places=places,
        events=[Event(what=what, when_text="on Monday", date=when, basis="inferred", article_id=article_id,
                      language=language) for when, what in events],
        quotes=[Quote(text=quote, speaker=people[0], article_id=article_id, language=language)] if quote else [],
        figures=[Figure(value=figure, raw=f"{figure:g}", unit="pounds", measure="price", article_id=article_id)]
        if figure else [],
    )


FLOOD_EN = brief("A1", "MERIDA, Nov 11 - The Guadiana burst its banks on Monday in Extremadura. Andrés Mayoral said "
                 "two people died near Badajoz.", "en", people=["Andrés Mayoral"], places=["Extremadura", "Badajoz"],
                 events=[(FLOODED, "The Guadiana burst its banks")])
FLOOD_ES = brief("A2", "MÉRIDA, 11 nov - El Guadiana se desbordó el lunes en Extremadura. Andrés Mayoral confirmó dos "
                 "muertos cerca de Badajoz.", "es", people=["Andrés Mayoral"], places=["Extremadura", "Badajoz"],
                 events=[(FLOODED, "El Guadiana se desbordó")])
FLOOD_DE = brief("A3", "MÉRIDA, 11. Nov - Der Guadiana trat am Montag in der Extremadura über die Ufer. Andrés Mayoral "
                 "bestätigte zwei Tote bei Badajoz.", "de", people=["Andrés Mayoral"],
                 places=["Extremadura", "Badajoz"], events=[(FLOODED, "Der Guadiana trat über die Ufer")])
GADGET = brief("A4", "LONDON, Nov 11 - Brightwell unveiled the Lumen 3 e-reader in London. Chief executive Hannah "
               "Okafor said people wanted colour and it goes on sale on Nov 20 for 189 pounds.", "en",
               people=["Hannah Okafor"], places=["London"], events=[(ON_SALE, "The Lumen 3 goes on sale")],
               quote="People wanted colour", figure=189)
STORY = [FLOOD_EN, FLOOD_ES, FLOOD_DE, GADGET]


def reconciliation(messages: list[dict[str, str]]) -> dict[str, object]:
    """Scripted answer: a model that lumps the launch in with the flood, as a careless merge would."""
    return {"title": "Guadiana floods", "summary": "The Guadiana burst its banks.",
            "shared_points": [{"text": "The Guadiana burst its banks", "claims": ["A1.1", "A4.1"]}]}


def merged(briefs: list[ArticleBrief], **options: bool) -> tuple[Brief, FakeLLM]:
    llm = FakeLLM({"Reconciliation": reconciliation})
    return asyncio.run(reconcile(briefs, llm, **options)), llm


def test_an_article_about_another_story_is_left_out_of_points_timeline_and_the_prompt() -> None:
    result, llm = merged(STORY)
    [(_, messages)] = llm.calls
    assert "A4" not in messages[1]["content"]
    assert all("A4" not in p.article_ids for p in result.shared_points + result.single_source_points)
    assert [(t.date, t.article_ids) for t in result.timeline] == [(FLOODED, ("A1", "A2", "A3"))]
    assert "Lumen" not in result.title + result.summary


def test_an_off_topic_articles_checked_quotes_and_names_stay_listed_and_marked() -> None:
    """They are what it prints, not part of the story: cited to it, marked off-topic, compared with nothing."""
    result, _ = merged(STORY)
    assert [(q.text, q.article_id) for q in result.quotes] == [("People wanted colour", "A4")]
    assert ("Hannah Okafor", ("A4",)) in [(e.name, e.article_ids) for e in result.entities]
    text = result.to_markdown()
    assert "— **Hannah Okafor**, A4 (off-topic) _(found by code)_" in text
    assert "Hannah Okafor [A4 (off-topic)]" in text and "| A4 (off-topic) | code |" in text


def test_an_off_topic_article_is_still_listed_with_why_it_was_left_out() -> None:
    result, _ = merged(STORY)
    assert [s.off_topic for s in result.sources] == [
        None, None, None, "off-topic: shares no names, places or dates with the other 3 articles"]
    [left] = [d for d in result.dropped if d.kind == "article"]
    assert (left.article_id, left.text) == ("A4", GADGET.article.title)
    text = result.to_markdown()
    assert "_Briefing from 3 articles (3 independent sources); 1 off-topic article left out (A4)._" in text
    assert "1 off-topic article not shown:" in text and "--keep-off-topic merges it" in text


def test_keep_off_topic_merges_it_like_any_other_article() -> None:
    result, llm = merged(STORY, keep_off_topic=True)
    assert "A4.1" in llm.calls[0][1][1]["content"]
    assert (ON_SALE, ("A4",)) in [(t.date, t.article_ids) for t in result.timeline]
    assert all(s.off_topic is None for s in result.sources)


def test_with_two_articles_there_is_no_majority_and_nothing_is_flagged() -> None:
    assert off_topic([FLOOD_EN, GADGET]) == {}


def test_articles_in_different_languages_about_one_story_are_on_topic() -> None:
    """No content word is shared across English, Spanish and German; the names, places and date carry over."""
    assert off_topic([FLOOD_EN, FLOOD_ES, FLOOD_DE]) == {}
    assert min(relatedness([FLOOD_EN, FLOOD_ES, FLOOD_DE]).values()) >= RELATED


def test_an_article_sharing_one_name_with_the_story_stays_in() -> None:
    """A background piece about the same person, months earlier, with no date or place in common."""
    background = brief("A4", "MADRID, May 2 - Andrés Mayoral was appointed to head the interior department. He "
                       "promised new river defences.", "en", people=["Andrés Mayoral"], places=["Madrid"])
    assert off_topic([FLOOD_EN, FLOOD_ES, FLOOD_DE, background]) == {}


def test_a_folder_without_a_majority_story_flags_nothing() -> None:
    other = brief("A5", "PARIS, Nov 11 - The Louvre reopened its Denon wing. Director Claire Vasseur welcomed the "
                  "first visitors.", "en", people=["Claire Vasseur"], places=["Paris"])
    assert off_topic([FLOOD_EN, GADGET, other]) == {}


# ---------------------------------------------------------------------------------------------------------------
# The recorded stories: seven languages, a background article months older (seeds A3), an article whose extraction
# listed no names (alliance-interview), a syndicated copy and one planted off-topic article (river-flood).

RECORDED = {
    "seeds": ([ROOT / "seeds"], ROOT / "fixtures/recordings/seeds.yaml", set()),
    "multilingual": ([ROOT / "examples/multilingual"], ROOT / "fixtures/recordings/multilingual.yaml", set()),
    **{story: ([story_dir(story) / "articles"], ROOT / f"fixtures/recordings/eval-{story}.yaml",
               {name for name in load_gold(story).off_topic})
       for story in ("alliance-interview", "plant-closure", "port-strike", "river-flood")},
}


@pytest.mark.parametrize("story", sorted(RECORDED))
def test_recorded_stories_flag_exactly_the_gold_off_topic_articles(story: str) -> None:
    paths, recording, expected = RECORDED[story]
    briefs = summarize(paths, replay=recording, keep_off_topic=True, keep_article_briefs=True).article_briefs
    assert briefs is not None
    flagged = off_topic(briefs)
    assert {Path(b.article.path).name for b in briefs if b.article.id in flagged} == expected


RIVER_FLOOD = story_dir("river-flood") / "articles"
RIVER_FLOOD_RECORDING = ROOT / "fixtures/recordings/eval-river-flood.yaml"


def test_keep_off_topic_flag_merges_the_e_reader_launch_into_the_flood_briefing(
        capsys: pytest.CaptureFixture[str]) -> None:
    """The flag sends the reconciliation request that was recorded before off-topic articles were left out."""
    code = main(["brief", str(RIVER_FLOOD), "--replay", str(RIVER_FLOOD_RECORDING), "--keep-off-topic"])
    out = capsys.readouterr().out
    assert code == 0 and "_Briefing from 8 articles (7 independent sources)._" in out
    [row] = [line for line in out.splitlines() if "en\\_gadgetline.txt" in line]
    assert "off-topic" not in row


def test_the_river_flood_briefing_leaves_out_the_e_reader_launch_planted_in_its_folder() -> None:
    """Replays the reconciliation recorded without the off-topic article (the request the model saw)."""
    result = summarize([RIVER_FLOOD], replay=RIVER_FLOOD_RECORDING)
    [flagged] = [s for s in result.sources if s.off_topic]
    assert Path(flagged.path).name == "en_gadgetline.txt"
    assert flagged.off_topic.startswith("off-topic: shares no names, places or dates with the other 7 articles")
    cited = {a for p in result.shared_points + result.single_source_points for a in p.article_ids}
    assert flagged.id not in cited | {a for t in result.timeline for a in t.article_ids}
    assert result.failures == []
