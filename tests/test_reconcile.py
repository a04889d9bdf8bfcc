"""Reconciliation: the model may only point at claims; sources, independence and confidence are computed in code."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from summarizer.errors import ModelError, NoRecordingError
from summarizer.schema import Article, ArticleBrief, Claim, Event, Point, Quote, Reconciliation
from summarizer.story import assemble, reconcile
from summarizer.story.agreement import confidence
from summarizer.story.reconcile import claims_listing, claims_shown
from tests.fakes import FakeLLM

TEXT = "Ukraine launched an offensive into Kursk on Aug. 6. NATO played no role in planning it, officials said today."


def brief(article_id: str, *claims: str, verified: bool = True, text: str = TEXT) -> ArticleBrief:
    article = Article(id=article_id, path=f"{article_id}.txt", title=f"Title {article_id}", text=text,
                      dateline=dt.date(2024, 8, 31))
    return ArticleBrief(
        article=article,
        headline=f"Headline {article_id}",
        summary=f"Summary {article_id}",
        claims=[Claim(ref=f"{article_id}.{i}", text=c, evidence="NATO played no role", article_id=article_id,
                      evidence_verified=verified) for i, c in enumerate(claims, start=1)],
    )


def proposal(points: list[tuple[str, list[str]]], summary: str = "Ukraine advanced.",
             discrepancies: list[tuple[str, str, list[str]]] = ()) -> Reconciliation:
    return Reconciliation.model_validate({
        "title": "Kursk", "summary": summary,
        "shared_points": [{"text": t, "claims": refs} for t, refs in points],
        "discrepancies": [{"kind": k, "description": d, "claims": refs} for k, d, refs in discrepancies],
    })


def test_a_point_two_articles_make_is_shared_with_its_source_count() -> None:
    result = assemble([brief("A1", "NATO had no role"), brief("A2", "NATO was not involved")],
                   proposal([("NATO had no role", ["A1.1", "A2.1"])]))
    assert [(p.text, p.article_ids) for p in result.shared_points] == [("NATO had no role", ("A1", "A2"))]
    assert result.single_source_points == []


def test_a_shared_point_resting_on_one_article_is_demoted_and_reported() -> None:
    result = assemble([brief("A1", "NATO had no role", "Kyiv planned alone"), brief("A2", "Other")],
                   proposal([("NATO had no role", ["A1.1", "A1.2"])]))
    assert result.shared_points == []
    assert {p.claim_refs for p in result.single_source_points} == {("A1.1",), ("A1.2",), ("A2.1",)}
    assert [(d.kind, d.text) for d in result.dropped if d.kind == "point"] == [("point", "NATO had no role")]


def test_syndicated_copies_count_as_one_source() -> None:
    long_text = " ".join(f"Sentence number {i} about the Kursk offensive and NATO's role." for i in range(40))
    copies = [brief("A1", "NATO had no role", text=long_text), brief("A2", "NATO had no role", text=long_text)]
    result = assemble(copies, proposal([("NATO had no role", ["A1.1", "A2.1"])]))
    assert result.shared_points == []
    assert result.sources[1].duplicate_of == "A1"


def test_references_the_model_invented_are_ignored() -> None:
    result = assemble([brief("A1", "NATO played no role"), brief("A2", "NATO had no role in planning")],
                      proposal([("NATO had no role", ["A1.1", "A2.1", "A9.9"])]))
    assert result.shared_points[0].claim_refs == ("A1.1", "A2.1")


KYIV = "Officials said Ukraine has the right to defend itself. They added that Ukraine has made significant progress."


def test_a_cited_claim_that_shares_only_the_storys_names_with_the_point_does_not_count_as_agreeing() -> None:
    result = assemble([brief("A1", "Ukraine has the right to self-defense", text=KYIV),
                       brief("A2", "Ukraine has made significant progress", text=KYIV)],
                      proposal([("Ukraine has the right to self-defense", ["A1.1", "A2.1"])]))
    assert result.shared_points == []
    assert [d.reason for d in result.dropped if d.kind == "point"] == [
        "rests on 1 independent source(s) with evidence found; ['A2.1'] share only names with it"]


def test_a_cited_claim_saying_the_point_in_other_words_besides_the_names_counts() -> None:
    result = assemble([brief("A1", "Ukraine has the right to defend itself", text=KYIV),
                       brief("A2", "NATO praised Ukraine's ability to defend itself", text=KYIV)],
                      proposal([("Ukraine has the right to defend itself", ["A1.1", "A2.1"])]))
    assert [p.article_ids for p in result.shared_points] == [("A1", "A2")]


def test_confidence_comes_from_sources_and_verification_not_the_model() -> None:
    claims = [Claim(ref="A1.1", text="t", evidence="e", article_id="A1", evidence_verified=True)] * 3
    unverified = [Claim(ref="A1.1", text="t", evidence="e", article_id="A1", evidence_verified=False)] * 3
    assert confidence(3, claims, [])[0] == "high"
    assert confidence(2, claims, [])[0] == "medium"
    assert confidence(3, unverified, [])[0] == "low"
    assert confidence(3, claims, ["1,500"])[0] == "low"


def test_a_summary_sentence_citing_a_number_no_article_contains_is_left_out_and_listed() -> None:
    summary = "NATO played no role in planning the offensive. Ukraine took 4,000 km²."
    result = assemble([brief("A1", "NATO played no role in planning"), brief("A2", "b")], proposal([], summary=summary))
    assert result.summary == "NATO played no role in planning the offensive."
    [left_out] = [d for d in result.dropped if d.text == "Ukraine took 4,000 km²."]
    assert left_out.kind == "summary" and "4,000" in left_out.reason


def test_the_model_sees_claims_by_reference_with_article_dates() -> None:
    listing = claims_listing([brief("A1", "NATO had no role")])
    assert listing.splitlines() == ["A1 (2024-08-31): Headline A1", "A1.1 NATO had no role"]


def test_a_failed_reconciliation_keeps_the_articles_work() -> None:
    llm = FakeLLM({"Reconciliation": ModelError("server down")})
    result = asyncio.run(reconcile([brief("A1", "a"), brief("A2", "b")], llm))
    assert not result.summary_from_model
    assert [(f.stage, f.reason) for f in result.failures] == [("reconcile", "server down")]
    assert len(result.single_source_points) == 2


def test_an_unrecorded_reconciliation_during_replay_stops_the_run_instead_of_degrading_it() -> None:
    llm = FakeLLM({"Reconciliation": NoRecordingError("no recorded answer; record with --record")})
    with pytest.raises(NoRecordingError):
        asyncio.run(reconcile([brief("A1", "a"), brief("A2", "b")], llm))


def test_a_single_article_needs_no_reconciliation_call() -> None:
    llm = FakeLLM({})
    result = asyncio.run(reconcile([brief("A1", "a")], llm))
    assert llm.calls == [] and [p.text for p in result.single_source_points] == ["a"]


def test_a_model_discrepancy_whose_claims_are_not_about_it_is_dropped() -> None:
    proposed = proposal([], discrepancies=[("naming", "NATO and Kyiv used interchangeably", ["A1.1", "A2.1"])])
    result = assemble([brief("A1", "Ukraine gains ground"), brief("A2", "Russia strikes Kharkiv")], proposed)
    assert [d for d in result.discrepancies if d.found_by == "model"] == []
    assert [(d.kind, d.reason) for d in result.dropped if d.kind == "discrepancy"] == [
        ("discrepancy", "the claims it cites from two or more articles are not about it")]


def test_a_model_discrepancy_about_its_claims_is_kept_with_each_side() -> None:
    proposed = proposal([], discrepancies=[("factual", "Kursk called a city or a region", ["A1.1", "A2.1"])])
    result = assemble([brief("A1", "Kursk is a city"), brief("A2", "Kursk is a region")], proposed)
    [found] = [d for d in result.discrepancies if d.found_by == "model"]
    assert [(s.article_ids, s.says) for s in found.sides] == [(("A1",), "Kursk is a city"), (("A2",), "Kursk is a region")]


def test_an_event_dated_by_two_articles_is_an_agreed_point_found_in_code() -> None:
    events = [Event(what="Ukraine launched an offensive into Kursk on Aug. 6.", when_text="Aug. 6",
                    date=dt.date(2024, 8, 6), basis="inferred", article_id=a) for a in ("A1", "A2")]
    briefs = [brief("A1", "a").model_copy(update={"events": events[:1]}),
              brief("A2", "b").model_copy(update={"events": events[1:]})]
    [point] = assemble(briefs, None).shared_points
    assert point.found_by == "code" and point.article_ids == ("A1", "A2")
    assert point.text.startswith("2024-08-06: Ukraine launched")


def test_a_quote_printed_by_two_articles_is_an_agreed_point_with_the_common_words() -> None:
    quotes = [Quote(text="Ukraine has a right to defend itself. And this right does not stop at the border",
                    speaker="Jens Stoltenberg", article_id="A1"),
              Quote(text="does not stop at the border", speaker=None, article_id="A2")]
    briefs = [brief("A1", "a").model_copy(update={"quotes": quotes[:1]}),
              brief("A2", "b").model_copy(update={"quotes": quotes[1:]})]
    [point] = assemble(briefs, None).shared_points
    assert point.text == "Jens Stoltenberg was quoted: “does not stop at the border”"
    assert point.article_ids == ("A1", "A2")


def test_claims_worded_alike_in_two_articles_are_agreed_in_code_when_the_model_groups_none() -> None:
    result = assemble([brief("A1", "Ukraine has the right to self-defense, including with missiles"),
                    brief("A2", "Kyiv has the right to self-defense")], proposal([]))
    [point] = result.shared_points
    assert (point.text, point.claim_refs, point.found_by) == ("Kyiv has the right to self-defense", ("A1.1", "A2.1"), "code")
    assert result.single_source_points == []


def test_claims_sharing_only_story_words_are_not_called_agreement() -> None:
    result = assemble([brief("A1", "Ukraine has achieved a lot in its Kursk offensive into Russia"),
                    brief("A2", "NATO chief backs Ukraine offensive in Russia's Kursk region")], proposal([]))
    assert result.shared_points == []


def test_the_reconciliation_prompt_stays_bounded_and_hears_every_article_first() -> None:
    briefs = [brief(f"A{i}", "first claim", "second claim", "third claim") for i in range(1, 101)]
    shown = claims_shown(briefs, budget=150)
    assert len(shown) == 150
    assert {f"A{i}.1" for i in range(1, 101)} <= shown, "every article's first claim before any third claim"
    assert not any(ref.endswith(".3") for ref in shown)


def test_the_model_is_not_asked_about_a_claim_without_evidence() -> None:
    briefs = [brief("A1", "NATO had no role"), brief("A2", "NATO was not involved", verified=False)]
    assert claims_shown(briefs) == {"A1.1"}


def test_the_model_is_not_asked_about_a_claim_that_restates_its_articles_quotation() -> None:
    said = "We will not be drawn into this war, whatever happens on the border"
    quoting = brief("A2", said, "NATO played no role").model_copy(update={"quotes": [
        Quote(text=said, speaker="Jens Stoltenberg", article_id="A2", language="en")]})
    briefs = [brief("A1", "NATO had no role"), quoting]
    assert claims_shown(briefs) == {"A1.1", "A2.2"}
    assert said not in claims_listing(briefs, claims_shown(briefs))


def test_a_capped_reconciliation_says_how_much_the_model_saw() -> None:
    briefs = [brief(f"A{i}", "c1", "c2") for i in range(1, 4)]
    llm = FakeLLM({"Reconciliation": {"title": "t", "summary": "s"}})
    result = asyncio.run(reconcile(briefs, llm, max_claims=4))
    assert "The model reconciled 4 of 6 claims" in result.notes[-1]
    assert "A3.2" not in llm.calls[0][1][1]["content"]


def _claim(text: str, article_id: str = "A1") -> Claim:
    return Claim(ref=f"{article_id}.1", text=text, evidence=text, article_id=article_id, evidence_verified=True)


NO_ROLE = Quote(text="L'Alliance n'a joué aucun rôle dans la préparation de cette opération.", article_id="A2",
                speaker="Søren Aagaard", language="fr",
                translation="The alliance has not played any role in preparing this operation.")


def test_a_claim_another_articles_quotation_says_too_is_agreed_by_both() -> None:
    from summarizer.story.agreement import claims_quoted_elsewhere

    points = claims_quoted_elsewhere([_claim("The alliance had played no role in planning the offensive")],
                                     [NO_ROLE], {})
    assert [(p.text, p.article_ids) for p in points] == [
        ("The alliance had played no role in planning the offensive", ("A1", "A2"))]
    assert "Søren Aagaard quoted saying so in A2" in points[0].why


def test_a_quotation_saying_the_opposite_does_not_bear_a_claim_out() -> None:
    from summarizer.story.agreement import claims_quoted_elsewhere

    assert claims_quoted_elsewhere([_claim("The alliance had played a role in planning the offensive")],
                                   [NO_ROLE], {}) == []


def test_a_quotation_of_the_claims_own_article_is_no_second_source() -> None:
    from summarizer.story.agreement import claims_quoted_elsewhere

    claim = _claim("The alliance had played no role in planning the offensive", article_id="A2")
    assert claims_quoted_elsewhere([claim], [NO_ROLE], {}) == []


def test_a_claim_that_is_a_quotation_without_its_speaker_is_not_agreed_as_fact() -> None:
    from summarizer.story.agreement import claims_quoted_elsewhere

    claim = _claim("The alliance has not played any role in preparing this operation")
    assert claims_quoted_elsewhere([claim], [NO_ROLE], {}) == []


def test_an_agreed_dated_line_that_is_a_quotation_is_shown_as_its_speakers_words() -> None:
    from summarizer.schema import TimelineEntry
    from summarizer.story.agreement import agreed_in_code

    said = "The water will not start going down before Thursday, and nobody should go back home"
    quotes = [Quote(text=said, speaker="Andrés Mayoral", article_id="A1", language="en")]
    entry = TimelineEntry(date=dt.date(2025, 11, 13), what=said, basis="inferred", article_ids=("A1", "A2"),
                          languages=("en",))
    points = agreed_in_code([entry], [quotes], [], {})
    assert [p.text for p in points] == [f"2025-11-13: according to Andrés Mayoral, {said}"]


def test_an_article_whose_claim_has_no_evidence_does_not_count_as_agreeing() -> None:
    result = assemble([brief("A1", "NATO had no role"), brief("A2", "NATO was not involved", verified=False)],
                      proposal([("NATO had no role", ["A1.1", "A2.1"])]))
    assert result.shared_points == []
    assert [d.reason for d in result.dropped if d.kind == "point"] == [
        "rests on 1 independent source(s) with evidence found; no evidence for ['A2.1']"]


def test_claims_worded_alike_agree_in_code_only_where_their_evidence_was_found() -> None:
    from summarizer.story.agreement import similar_claims

    alike = [Claim(ref=f"A{i}.1", text="Production will move to Burgos in Spain", evidence="e", article_id=f"A{i}",
                   evidence_verified=verified) for i, verified in ((1, True), (2, False), (3, True))]
    assert [p.article_ids for p in similar_claims(alike, {})] == [("A1", "A3")]


def test_the_same_claim_from_an_article_and_its_copy_is_one_single_source_point_citing_both() -> None:
    from summarizer.story.agreement import single_source_points

    claims = [Claim(ref=f"{a}.1", text="Two people have died", evidence="e", article_id=a, evidence_verified=True)
              for a in ("A1", "A2")]
    points, _ = single_source_points(claims, duplicates={"A2": "A1"})
    assert [(p.text, p.article_ids) for p in points] == [("Two people have died", ("A1", "A2"))]


DEAD = Point(text="Dead: 2 (Two people have died / dos muertos)", article_ids=("A1", "A2"), found_by="code")


def test_a_single_source_point_an_agreed_point_of_its_article_already_says_is_folded_into_it() -> None:
    from summarizer.story.agreement import fold_into_agreement

    single = Point(text="Two people have died", article_ids=("A1",), claim_refs=("A1.3",))
    singles, agreed = fold_into_agreement([single], [DEAD])
    assert singles == [] and agreed[0].claim_refs == ("A1.3",) and agreed[0].article_ids == ("A1", "A2")


def test_a_single_source_point_saying_the_opposite_of_the_agreed_point_stays_apart() -> None:
    from summarizer.story.agreement import fold_into_agreement

    single = Point(text="Two people have not died", article_ids=("A1",), claim_refs=("A1.3",))
    assert fold_into_agreement([single], [DEAD])[0] == [single]


def test_a_single_source_point_of_another_article_is_not_folded_into_an_agreement_it_is_not_part_of() -> None:
    from summarizer.story.agreement import fold_into_agreement

    single = Point(text="Two people have died", article_ids=("A3",), claim_refs=("A3.1",))
    assert fold_into_agreement([single], [DEAD])[0] == [single]

