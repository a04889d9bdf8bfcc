"""The deterministic half of reconciliation, read as documentation: each test is one behaviour.

Inputs are schema objects built by small helpers; naming and factual detection also run on the real seed texts,
which disagree about the territory taken, the outlet that interviewed Stoltenberg and whether Kursk is a city.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from summarizer.schema import Article, ArticleBrief, DateBasis, Discrepancy, Entity, Event, Figure
from summarizer.story.discrepancies import (
    factual_discrepancies,
    find_attributions,
    naming_discrepancies,
    numeric_discrepancies,
    stale_articles,
)
from summarizer.story.duplicates import find_near_duplicates
from summarizer.story.entities import merge_entities
from summarizer.story.timeline import build_timeline

SEEDS = Path(__file__).parent.parent / "seeds"
# Datelines as a reader finds them: 002 states 25 May 2024, 003 states August 31, 2024; 000 carries
# Sept. 5, 2024 in its caption; 001 and 004 carry none.
SEED_DATELINES: dict[str, dt.date | None] = {
    "000": dt.date(2024, 9, 5),
    "001": None,
    "002": dt.date(2024, 5, 25),
    "003": dt.date(2024, 8, 31),
    "004": None,
}
AUG_6 = dt.date(2024, 8, 6)

# A wire paragraph long enough to be judged as a copy.
WIRE = (
    "Ukraine was fully within its rights to launch its surprise offensive into Russia's Kursk border region as an "
    "act of self-defense, NATO chief Jens Stoltenberg told a German newspaper. The offensive launched on Aug. 6 "
    "caught the Kremlin off guard, with Kyiv claiming to have captured dozens of settlements and more than 1,200 "
    "square kilometers of territory. The offensive also surprised Kyiv's allies, Stoltenberg said."
)


def article(
    id: str, text: str = "", dateline: dt.date | None = None, title: str = "", path: str = ""
) -> Article:
    return Article(id=id, path=path or f"{id}.txt", title=title or f"Article {id}", text=text, dateline=dateline,
                   dateline_basis="stated" if dateline else "unknown")


def seed(number: str, id: str | None = None) -> Article:
    """A seed as the loader would give it: first non-empty line is the title, the rest is the text."""
    path = next(SEEDS.glob(f"{number}_*.txt"))
    title, _, text = path.read_text(encoding="utf-8").strip().partition("\n")
    return article(id or f"A{number}", text.strip(), SEED_DATELINES[number], title.strip("# "), str(path))


def brief(
    source: Article,
    people: list[str] | None = None,
    organisations: list[str] | None = None,
    places: list[str] | None = None,
    events: list[Event] | None = None,
) -> ArticleBrief:
    return ArticleBrief(article=source, headline=source.title, summary="", people=people or [],
                        organisations=organisations or [], places=places or [], events=events or [])


def figure(
    article_id: str,
    value: float,
    raw: str,
    unit: str = "km²",
    measure: str = "territory captured",
    approx: bool = False,
    as_of: dt.date | None = None,
    claimant: str | None = None,
) -> Figure:
    return Figure(value=value, raw=raw, unit=unit, measure=measure, approx=approx, as_of=as_of,
                  as_of_text=as_of.strftime("%B %d") if as_of else None, claimant=claimant, article_id=article_id)


def event(article_id: str, what: str, when_text: str, date: dt.date | None, basis: DateBasis = "stated") -> Event:
    return Event(what=what, when_text=when_text, date=date, basis=basis if date else "unknown",
                 article_id=article_id)


def entity(entities: list[Entity], name: str) -> Entity:
    return next(e for e in entities if e.name == name)


def all_seeds() -> list[Article]:
    return [seed(n) for n in SEED_DATELINES]


def kursk_territory_figures() -> list[Figure]:
    """What seeds 003 and 004 say about the territory taken, as the figure finder reports it."""
    return [
        figure("A3", 1200, "more than 1,200 square kilometers", approx=True, claimant="Kyiv"),
        figure("A3", 500, "nearly 500 square miles", unit="mi²", approx=True, claimant="Kyiv"),
        figure("A4", 1300, "nearly 1,300 square kilometers", measure="territory occupied in Kursk", approx=True,
               as_of=dt.date(2024, 8, 27), claimant="Oleksandr Syrskyi"),
    ]


# ---------------------------------------------------------------------------------------------------------------
# Near-duplicates


def test_syndicated_copy_with_its_own_footer_maps_to_the_earlier_article() -> None:
    original = article("A1", WIRE, dt.date(2024, 8, 31))
    copy = article("A2", WIRE + " Follow us on Instagram for more news.", dt.date(2024, 9, 1))
    assert find_near_duplicates([copy, original]) == {"A2": "A1"}


def test_lightly_edited_copy_is_still_a_duplicate() -> None:
    edited = WIRE.replace("caught the Kremlin off guard", "surprised the Kremlin")
    assert find_near_duplicates([article("A1", WIRE), article("A2", edited)]) == {"A2": "A1"}


def test_different_articles_on_the_same_story_are_not_duplicates() -> None:
    assert find_near_duplicates(all_seeds()) == {}


# ---------------------------------------------------------------------------------------------------------------
# Numeric discrepancies


def test_territory_disagreement_lists_both_values_with_claimants_and_as_of_note() -> None:
    datelines = {"A3": dt.date(2024, 8, 31), "A4": None}
    [found] = numeric_discrepancies(kursk_territory_figures(), {}, datelines)
    assert found.kind == "numeric"
    assert [(s.says, s.article_ids, s.claimant) for s in found.sides] == [
        ("nearly 1,300 km²", ("A4",), "Oleksandr Syrskyi"),
        ("more than 1,200 km² (nearly 500 mi²)", ("A3",), "Kyiv"),
    ]
    assert found.sides[0].as_of == dt.date(2024, 8, 27)
    assert found.note == (
        "different as-of dates (2024-08-27 vs article of 2024-08-31): may be an update, not a contradiction"
    )


def test_same_as_of_date_is_called_a_contradiction() -> None:
    day = dt.date(2024, 8, 27)
    figures = [figure("A1", 1200, "1,200", as_of=day), figure("A2", 1300, "1,300", as_of=day)]
    [found] = numeric_discrepancies(figures, {})
    assert found.note == "same as-of date (2024-08-27): the figures contradict each other"


def test_same_figure_written_in_two_units_is_not_a_discrepancy() -> None:
    figures = kursk_territory_figures()[:2]
    assert numeric_discrepancies(figures, {}) == []


def test_a_rounded_figure_agrees_with_a_precise_one_that_rounds_to_it() -> None:
    figures = [figure("A1", 1300, "nearly 1,300", approx=True), figure("A2", 1296, "1,296")]
    assert numeric_discrepancies(figures, {}) == []


def test_figures_of_different_measures_are_not_compared() -> None:
    figures = [
        figure("A1", 100, "over 100 missiles", unit="missiles", measure="missiles fired", approx=True),
        figure("A2", 150, "150 drones", unit="drones", measure="drones fired"),
    ]
    assert numeric_discrepancies(figures, {}) == []


def test_a_syndicated_copy_does_not_become_a_second_side() -> None:
    figures = [
        figure("A1", 1200, "1,200"),
        figure("A2", 1200, "1,200"),
        figure("A3", 1300, "1,300"),
    ]
    [found] = numeric_discrepancies(figures, {"A2": "A1"})
    assert [s.article_ids for s in found.sides] == [("A1",), ("A3",)]


def test_a_copy_disagreeing_only_with_its_original_is_not_a_discrepancy_between_sources() -> None:
    figures = [figure("A1", 1200, "1,200"), figure("A2", 1300, "1,300")]
    assert numeric_discrepancies(figures, {"A2": "A1"}) == []


# ---------------------------------------------------------------------------------------------------------------
# Entities


def test_transliteration_variants_of_a_name_merge_under_the_most_frequent_spelling() -> None:
    briefs = [
        brief(article("A1"), people=["Volodymyr Zelensky"]),
        brief(article("A2"), people=["Volodymyr Zelensky"]),
        brief(article("A3"), people=["Volodymyr Zelenskyy"]),
    ]
    [zelensky] = merge_entities(briefs)
    assert (zelensky.name, zelensky.variants, zelensky.article_ids) == (
        "Volodymyr Zelensky", ("Volodymyr Zelenskyy",), ("A1", "A2", "A3"))


def test_a_misspelt_place_merges_with_the_place() -> None:
    briefs = [brief(article("A1"), places=["Kursk"]), brief(article("A2"), places=["Kursk"]),
              brief(article("A3"), places=["Kurk"])]
    [kursk] = merge_entities(briefs)
    assert (kursk.name, kursk.kind, kursk.variants) == ("Kursk", "place", ("Kurk",))


def test_a_dropped_final_letter_in_a_surname_is_the_same_person() -> None:
    briefs = [brief(article("A1"), people=["Oleksandr Syrskyi"]), brief(article("A2"), people=["Oleksandr Syrsky"])]
    assert [e.name for e in merge_entities(briefs)] == ["Oleksandr Syrskyi"]


def test_a_bare_surname_joins_the_only_full_name_that_carries_it() -> None:
    briefs = [brief(article("A1"), people=["Stoltenberg"]), brief(article("A2"), people=["Jens Stoltenberg"])]
    [person] = merge_entities(briefs)
    assert (person.name, person.variants, person.article_ids) == ("Jens Stoltenberg", ("Stoltenberg",), ("A1", "A2"))


def test_two_people_sharing_only_a_first_name_stay_apart() -> None:
    briefs = [brief(article("A1"), people=["Jens Stoltenberg"]), brief(article("A2"), people=["Jens Weidmann"]),
              brief(article("A3"), people=["Jens"])]
    assert sorted(e.name for e in merge_entities(briefs)) == ["Jens", "Jens Stoltenberg", "Jens Weidmann"]


def test_different_countries_one_letter_apart_stay_apart() -> None:
    briefs = [brief(article("A1"), places=["Iran", "Austria"]), brief(article("A2"), places=["Iraq", "Australia"])]
    assert len(merge_entities(briefs)) == 4


def test_an_acronym_merges_with_the_organisation_it_abbreviates() -> None:
    briefs = [brief(article("A1"), organisations=["NATO"]), brief(article("A2"), organisations=["NATO"]),
              brief(article("A3"), organisations=["North Atlantic Treaty Organization"])]
    [nato] = merge_entities(briefs)
    assert (nato.name, nato.variants) == ("NATO", ("North Atlantic Treaty Organization",))


def test_an_article_that_names_a_place_counts_even_if_the_model_did_not_list_it() -> None:
    briefs = [brief(article("A1", "Fighting in Kursk."), places=["Kursk"]),
              brief(article("A2", "Troops crossed into Russia’s Kursk region on Aug. 6."))]
    assert merge_entities(briefs)[0].article_ids == ("A1", "A2")


def test_a_country_a_model_lists_as_an_organisation_is_a_place() -> None:
    [spain] = merge_entities([brief(article("A1", "Spain objected."), organisations=["Spain"])])
    assert spain.kind == "place"


def test_one_country_named_in_three_languages_is_one_place_under_its_name_in_the_briefings_language() -> None:
    briefs = [brief(article("A1", "Troops entered Iraq."), places=["Iraq"]),
              brief(article("A2", "Truppen drangen in den Irak vor."), places=["Irak"]),
              brief(article("A3", "Le truppe sono entrate in Iraq."), places=["Iraq"]),
              brief(article("A4", "Las tropas entraron en Irak."), places=["Irak"]),
              brief(article("A5", "Le armate entrarono in Iraq."), places=["Iraq"])]
    [iraq] = merge_entities(briefs)
    assert (iraq.name, iraq.variants, iraq.article_ids) == ("Iraq", ("Irak",), ("A1", "A2", "A3", "A4", "A5"))


def test_a_name_the_article_calls_a_newspaper_is_an_organisation_not_a_place() -> None:
    text = "Lo dijo en una entrevista al diario La Razón de Toledo."
    [paper] = merge_entities([brief(article("A1", text), places=["La Razón de Toledo"])])
    assert paper.kind == "organisation"


def test_a_place_whose_acronym_is_a_listed_organisation_is_that_organisation() -> None:
    text = "Harbour Crane Operators (HCO) halted work."
    [operator] = merge_entities([brief(article("A1", text), organisations=["HCO"],
                                       places=["Harbour Crane Operators"])])
    assert (operator.name, operator.kind, operator.variants) == ("HCO", "organisation", ("Harbour Crane Operators",))


def test_two_places_with_one_organisations_acronym_both_join_it() -> None:
    text = "Harbour Crane Operators (HCO) halted work; Harbour Crane Owners backed them."
    [operator] = merge_entities([brief(article("A1", text), organisations=["HCO"],
                                       places=["Harbour Crane Operators", "Harbour Crane Owners"])])
    assert operator.variants == ("Harbour Crane Operators", "Harbour Crane Owners")


def test_entities_are_ordered_by_how_many_articles_mention_them() -> None:
    briefs = [brief(article("A1"), places=["Pokrovsk", "Kursk"]), brief(article("A2"), places=["Kursk"])]
    assert [e.name for e in merge_entities(briefs)] == ["Kursk", "Pokrovsk"]


# ---------------------------------------------------------------------------------------------------------------
# Naming discrepancies


def test_die_welt_and_welt_am_sonntag_for_one_interview_is_a_naming_discrepancy() -> None:
    [found] = naming_discrepancies([seed("003"), seed("004")])
    assert found.kind == "naming"
    assert [(s.says, s.article_ids) for s in found.sides] == [
        ("Stoltenberg spoke to German newspaper Die Welt", ("A003",)),
        ("Stoltenberg spoke to Welt am Sonntag", ("A004",)),
    ]
    assert "possibly the same Welt group interview" in found.note


def test_the_economist_interview_months_earlier_is_not_paired_with_the_welt_one() -> None:
    found = naming_discrepancies(all_seeds())
    assert [sorted(i for s in d.sides for i in s.article_ids) for d in found] == [["A003", "A004"]]


def test_told_reporters_is_an_attribution_but_names_no_outlet() -> None:
    [reporters] = [a for a in find_attributions(seed("000")) if a.outlet == "reporters"]
    assert (reporters.speaker, reporters.generic) == ("Stoltenberg", True)


def test_told_followed_by_a_person_is_not_an_outlet() -> None:
    text = "Stoltenberg told Zelensky that allies would help. Later Stoltenberg told Scholz the same."
    assert find_attributions(article("A1", text)) == []


@pytest.mark.parametrize(("text", "outlet", "speaker"), [
    ("„Das ist legitim“, sagte Aagaard der „Welt am Sonntag“.", "Welt am Sonntag", "Aagaard"),
    ("“Es legítimo”, ha afirmado Aagaard en declaraciones al diario El País.", "El País", "Aagaard"),
    ("Dat zei Aagaard in een interview met de Duitse krant Welt am Sonntag.", "Welt am Sonntag", "Aagaard"),
    ("Military targets are legitimate, Aagaard told Germany's Welt am Sonntag.", "Welt am Sonntag", "Aagaard"),
])
def test_outlets_an_interview_was_given_to_are_read_in_each_language(text: str, outlet: str, speaker: str) -> None:
    [found] = find_attributions(article("A1", f"Interview. {text}"))
    assert (found.outlet, found.speaker) == (outlet, speaker)


def test_with_no_name_beside_the_outlet_the_speaker_is_the_person_the_article_quotes_most() -> None:
    text = "Parole di Søren Aagaard, che in un'intervista al quotidiano tedesco Die Welt ha difeso l'offensiva."
    quoted = ["Aagaard"]
    [found] = find_attributions(article("A1", text), quoted)
    assert (found.outlet, found.written, found.speaker) == ("Die Welt", "quotidiano tedesco Die Welt", "Aagaard")


def test_one_outlet_under_two_names_is_reported_without_the_partner_of_a_joint_interview() -> None:
    from summarizer.schema import Quote

    day = dt.date(2025, 9, 7)
    articles = [article("A1", "Interview. “It is legitimate,” Aagaard told Germany's Welt am Sonntag.", day),
                article("A2", "Interview. “Es legítimo”, ha afirmado Aagaard en declaraciones al diario El País.", day),
                article("A3", "Parole di Aagaard, che in un'intervista al quotidiano tedesco Die Welt parla.", day)]
    quotes = [Quote(text="Es legítimo", speaker="Søren Aagaard", article_id="A2")]
    [found] = naming_discrepancies(articles, quotes + [Quote(text="x", speaker="Søren Aagaard", article_id="A3")])
    assert found.topic == "Aagaard interview: Welt am Sonntag or Die Welt?"
    assert [s.article_ids for s in found.sides] == [("A1",), ("A3",)]


# ---------------------------------------------------------------------------------------------------------------
# Factual discrepancies


def test_kursk_called_a_city_in_one_seed_and_a_region_in_others_is_a_factual_discrepancy() -> None:
    [found] = factual_discrepancies([seed("000"), seed("001"), seed("003"), seed("004")])
    assert (found.kind, found.topic) == ("factual", "Kursk: city or region?")
    city, region = found.sides
    assert (city.says, city.article_ids) == ("the Russian city of Kursk", ("A004",))
    assert "Russia's Kursk border region" in region.says
    assert region.article_ids == ("A000", "A001", "A003", "A004")


def test_a_misspelt_place_still_counts_as_the_place() -> None:
    found = factual_discrepancies([article("A1", "Troops entered the city of Kurk."),
                                   article("A2", "Troops entered the Kursk region.")])
    assert [d.topic for d in found] == ["Kursk: city or region?"]


def test_one_kind_of_place_across_articles_is_no_discrepancy() -> None:
    found = factual_discrepancies([article("A1", "Fighting in the Donetsk region."),
                                   article("A2", "Russia's Donetsk border region is calm.")])
    assert found == []


# ---------------------------------------------------------------------------------------------------------------
# Stale articles and the timeline


def offensive_events() -> list[Event]:
    return [
        event("A000", "Ukraine launched attack into Russia's Kursk region", "Aug. 6", AUG_6),
        event("A001", "The offensive began", "August 6", AUG_6),
        event("A004", "Ukraine launched a large-scale incursion into the Kursk region", "August 6", AUG_6),
        event("A002", "Stoltenberg interview published", "25 May 2024", dt.date(2024, 5, 25)),
    ]


def test_an_article_dated_before_events_two_others_report_is_stale() -> None:
    briefs = [brief(seed(n)) for n in ("000", "001", "002", "004")]
    [found] = stale_articles(briefs, build_timeline(offensive_events(), {}))
    assert found.kind == "stale"
    assert found.topic.startswith("A002 (2024-05-25) predates events the others report (2024-08-06")
    assert [s.article_ids for s in found.sides] == [("A002",)]


def test_an_event_only_one_other_article_reports_does_not_make_an_article_stale() -> None:
    events = [event("A1", "Offensive launched", "Aug. 6", AUG_6)]
    briefs = [brief(article("A1", dateline=dt.date(2024, 8, 31))), brief(article("A2", dateline=dt.date(2024, 5, 1)))]
    assert stale_articles(briefs, build_timeline(events, {})) == []


def test_an_article_with_unknown_dateline_is_never_stale() -> None:
    briefs = [brief(article("A1")), brief(article("A2")), brief(article("A3"))]
    events = [event("A2", "Offensive launched", "Aug. 6", AUG_6), event("A3", "Offensive began", "Aug. 6", AUG_6)]
    assert stale_articles(briefs, build_timeline(events, {})) == []


def test_one_launch_reported_by_two_articles_is_one_timeline_entry() -> None:
    events = [
        event("A1", "Ukraine launched its offensive into Russia's Kursk region", "Aug. 6", AUG_6),
        event("A2", "The offensive began", "August 6", AUG_6),
    ]
    [entry] = build_timeline(events, {})
    assert (entry.date, entry.article_ids, entry.when_texts) == (AUG_6, ("A1", "A2"), ("Aug. 6", "August 6"))
    assert entry.what == "Ukraine launched its offensive into Russia's Kursk region"


def test_an_incursion_launched_and_the_offensive_began_are_one_event() -> None:
    events = [event("A1", "Ukraine launched a large-scale incursion into the Kursk region", "August 6", AUG_6),
              event("A2", "The offensive began", "Aug. 6", AUG_6)]
    assert [e.article_ids for e in build_timeline(events, {})] == [("A1", "A2")]


def test_different_events_on_one_day_stay_separate_lines() -> None:
    events = [event("A1", "Offensive launched into Kursk", "Aug. 6", AUG_6),
              event("A2", "Parliament approved the budget", "August 6", AUG_6)]
    assert len(build_timeline(events, {})) == 2


def test_timeline_keeps_only_dated_events_in_date_order() -> None:
    events = [event("A1", "Interview published", "Saturday", dt.date(2024, 8, 31), basis="inferred"),
              event("A1", "Offensive launched", "Aug. 6", AUG_6),
              event("A2", "Talks some day", "soon", None)]
    assert [(e.date, e.basis) for e in build_timeline(events, {})] == [
        (AUG_6, "stated"), (dt.date(2024, 8, 31), "inferred")]


def test_a_stated_date_from_any_source_makes_the_entry_stated() -> None:
    events = [event("A1", "Offensive launched", "Tuesday", AUG_6, basis="inferred"),
              event("A2", "Offensive launched", "Aug. 6", AUG_6)]
    assert build_timeline(events, {})[0].basis == "stated"


def test_a_duplicate_articles_event_counts_under_its_original() -> None:
    events = [event("A1", "Offensive launched", "Aug. 6", AUG_6), event("A2", "Offensive launched", "Aug. 6", AUG_6)]
    assert build_timeline(events, {"A2": "A1"})[0].article_ids == ("A1",)


@pytest.mark.parametrize("detector", [factual_discrepancies, naming_discrepancies])
def test_code_found_discrepancies_say_so(detector: object) -> None:
    found: list[Discrepancy] = detector(all_seeds())  # type: ignore[operator]
    assert found and all(d.found_by == "code" for d in found)


def test_one_remark_printed_in_different_words_is_a_quote_discrepancy() -> None:
    from summarizer.schema import Quote
    from summarizer.story.discrepancies import quote_discrepancies

    quotes = [Quote(text="Ukraine has a right to defend itself. And this right does not stop at the border",
                    speaker="Jens Stoltenberg", article_id="A4"),
              Quote(text="Ukraine has the right to defend itself", speaker="Jens Stoltenberg", article_id="A5")]
    [found] = quote_discrepancies(quotes, {})
    assert found.kind == "quote" and [s.article_ids for s in found.sides] == [("A4",), ("A5",)]


def test_a_quote_printed_in_part_by_another_article_is_not_a_discrepancy() -> None:
    from summarizer.schema import Quote
    from summarizer.story.discrepancies import quote_discrepancies

    quotes = [Quote(text="Ukraine has a right to defend itself. And this right does not stop at the border",
                    article_id="A4"),
              Quote(text="this right does not stop at the border", article_id="A2")]
    assert quote_discrepancies(quotes, {}) == []


def test_an_event_several_articles_report_is_worded_without_a_figure_only_one_of_them_gives() -> None:
    day = dt.date(2025, 11, 10)
    events = [Event(what="The river burst its banks on Monday and more than 1,000 people fled their homes in the night",
                    when_text="on Monday", date=day, article_id="A1"),
              Event(what="The river burst its banks on Monday, flooding the fields and the old road",
                    when_text="on Monday", date=day, article_id="A2")]
    [entry] = build_timeline(events, {})
    assert entry.article_ids == ("A1", "A2") and "1,000" not in entry.what


def test_an_event_is_worded_with_a_figure_most_of_its_reports_give() -> None:
    day = dt.date(2025, 11, 10)
    events = [Event(what=f"The Commission fined Calyra €1.2 billion on Monday {tail}", when_text="on Monday",
                    date=day, article_id=f"A{n}")
              for n, tail in enumerate(["for blocking its clients", "for locking in customers"], start=1)]
    events.append(Event(what="On Monday the Commission punished Calyra", when_text="On Monday", date=day,
                        article_id="A3"))
    [entry] = build_timeline(events, {})
    assert "€1.2 billion" in entry.what


def test_an_event_the_others_only_announce_makes_no_article_stale() -> None:
    from summarizer.story.discrepancies import stale_articles

    def dated(article_id: str, day: dt.date) -> ArticleBrief:
        article = Article(id=article_id, path=f"{article_id}.txt", title=f"T {article_id}", text="x", dateline=day)
        return ArticleBrief(article=article, headline="h", summary="s")

    monday = dt.date(2025, 11, 10)
    briefs = [dated("A1", monday), dated("A2", monday), dated("A3", monday)]
    forecast = Event(what="The water will not fall before Thursday", when_text="Thursday",
                     date=dt.date(2025, 11, 13), article_id="A2")
    timeline = build_timeline([forecast, forecast.model_copy(update={"article_id": "A3"})], {})
    assert stale_articles(briefs, timeline) == []


def test_an_amount_agreed_across_languages_is_also_given_in_english_figures() -> None:
    from summarizer.story.agreement import agreeing_figures

    figures = [Figure(value=1.2e9, raw=raw, unit="EUR", measure="EUR", approx=True, article_id=article)
               for raw, article in (("rund 1,2 Milliarden Euro", "A1"), ("unos 1.200 millones de euros", "A2"))]
    [(text, ids)] = agreeing_figures(figures, {})
    assert text.startswith("Amount in EUR: about €1.2 billion (") and ids == ("A1", "A2")


def test_a_bare_span_of_time_several_sources_print_is_not_an_agreed_point() -> None:
    from summarizer.story.agreement import agreeing_figures

    ages = [Figure(value=78, raw=raw, unit="years", measure="years", article_id=article)
            for raw, article in (("78 años", "A1"), ("78 ans", "A2"), ("78 anni", "A3"))]
    assert agreeing_figures(ages, {}) == []


def test_a_model_event_resolved_to_another_day_than_codes_reading_of_the_same_phrase_is_left_out() -> None:
    code = Event(what="The strike ends on Friday, the union said.", when_text="Friday", date=dt.date(2025, 9, 19),
                 basis="inferred", article_id="A1")
    model = Event(what="strike ends", when_text="Friday", date=dt.date(2025, 9, 12), basis="inferred",
                  article_id="A1", found_by="model")
    assert [e.date for e in build_timeline([code, model], {})] == [dt.date(2025, 9, 19)]


@pytest.mark.parametrize("text", ["Das sei legitim, sagte Müller der Zeitung.",
                                  "Das sei legitim, sagte Müller gegenüber der Presse im Interview."])
def test_a_capitalised_german_common_noun_after_the_verb_names_no_outlet(text: str) -> None:
    assert [a.outlet for a in find_attributions(article("A1", text)) if not a.generic] == []


def test_a_possessive_place_after_told_is_no_outlet() -> None:
    text = "In an interview, Aagaard told Europe's leaders to wait."
    assert [a.outlet for a in find_attributions(article("A1", text))] == []


def test_a_dateline_line_whose_date_phrase_keeps_its_period_is_the_dateline_not_an_event() -> None:
    from summarizer.story.timeline import is_dateline

    burgos = Article(id="A4", path="a.txt", title="t", text="BURGOS, 17 Oct. –\n\nLa ministra ha celebrado.",
                     dateline=dt.date(2025, 10, 17), dateline_text="BURGOS, 17 Oct")
    assert is_dateline(event("A4", "BURGOS, 17 Oct.", "17 Oct.", dt.date(2025, 10, 17)), burgos)


def test_an_event_with_no_words_left_makes_no_timeline_line() -> None:
    assert build_timeline([event("A4", ".", "17 Oct.", dt.date(2025, 10, 17))], {}) == []
