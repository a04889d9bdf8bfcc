"""Agreement code reads on its own: one fact several articles state with the same detail name and number.

Every sentence here was written for these tests.
"""

from __future__ import annotations

from summarizer.schema import Article, Figure
from summarizer.story.agreement import agreed_in_code, agreeing_figures
from summarizer.story.details import shared_details
from summarizer.text.figures import find_figures
from summarizer.text.names import proper_names


def article(article_id: str, text: str, language: str = "en", dateline_text: str | None = None) -> Article:
    return Article(id=article_id, path=f"{article_id}.txt", title="t", text=text, language=language,
                   dateline_text=dateline_text)


BRIDGE = [
    article("A1", "The storm hit the coast overnight. A 64-year-old woman was rescued from a roof near Villaverde."),
    article("A2", "La tormenta azotó la costa. Una mujer de 64 años fue rescatada de un tejado cerca de Villaverde."),
    article("A3", "La tempête a frappé la côte. Une femme de 64 ans a été secourue sur un toit près de Villaverde.", "fr"),
    article("A4", "La tempesta ha colpito la costa. Una donna di 64 anni è stata salvata da un tetto a Villaverde.", "it"),
]
BRIDGE[1] = BRIDGE[1].model_copy(update={"language": "es"})


def test_a_name_and_a_number_printed_together_in_four_languages_are_one_agreed_fact_told_in_english() -> None:
    [detail] = shared_details(BRIDGE, {})
    assert detail.text == "A 64-year-old woman was rescued from a roof near Villaverde."
    assert detail.article_ids == ("A1", "A2", "A3", "A4")
    assert (detail.name, detail.value, detail.sources) == ("Villaverde", 64.0, 4)


def test_the_point_says_what_code_compared() -> None:
    [point] = [p for p in agreed_in_code([], [], [], {}, "en", BRIDGE) if "Villaverde" in p.text]
    assert point.confidence == "high"
    assert "the same name and number (Villaverde, 64) in a sentence of each, in 4 languages" in point.why


def test_without_a_sentence_in_the_briefings_language_nothing_is_shown() -> None:
    assert shared_details(BRIDGE[1:], {}) == []


def test_copies_of_one_article_are_one_source_and_agree_with_nobody() -> None:
    copy = BRIDGE[0].model_copy(update={"id": "A2"})
    assert shared_details([BRIDGE[0], copy], {"A2": "A1"}) == []


def test_the_storys_subject_beside_a_number_is_no_shared_detail() -> None:
    story = [article(f"A{i}", "Rivermouth is flooded. Rivermouth has 12 pumps running. Help reached Rivermouth.")
             for i in (1, 2)]
    assert shared_details(story, {}) == []


def test_a_dateline_day_is_not_a_shared_number() -> None:
    articles = [article("A1", "MADRID, 11 November - Rain fell in Toledo.", dateline_text="MADRID, 11 November"),
                article("A2", "Madrid, 11 novembre - La pluie est tombée à Toledo.", "fr",
                        dateline_text="Madrid, 11 novembre")]
    assert shared_details(articles, {}) == []


def test_a_quotation_is_a_remark_not_the_outlets_own_statement() -> None:
    articles = [article("A1", '"We moved 300 people out of Portvale," the mayor said.'),
                article("A2", '« Nous avons évacué 300 personnes de Portvale », a dit le maire.', "fr")]
    assert shared_details(articles, {}) == []


def test_a_sentence_with_a_number_the_others_do_not_print_does_not_speak_for_them() -> None:
    articles = [article("A1", "Crews cleared 40 roads and 15 bridges around Elmstead."),
                article("A2", "Les équipes ont dégagé 40 routes autour d'Elmstead.", "fr"),
                article("A3", "Los equipos despejaron 40 carreteras en torno a Elmstead.", "es")]
    assert shared_details(articles, {}) == []


def test_a_number_one_side_of_a_discrepancy_is_reported_there_not_as_agreement() -> None:
    assert shared_details(BRIDGE, {}, disputed=lambda value: value == 64) == []


def test_a_figure_the_detail_sentence_already_tells_for_the_same_sources_gives_way_to_it() -> None:
    offer = [article("A1", "The employers of the Harbourside group have offered 4% this year."),
             article("A2", "Los empresarios del grupo Harbourside ofrecen un 4% este año.", "es")]
    figures = [f for a in offer for f in find_figures(a)]
    texts = [p.text for p in agreed_in_code([], [], figures, {}, "en", offer)]
    assert texts == ["The employers of the Harbourside group have offered 4% this year."]


def test_a_span_of_time_that_only_says_who_offers_it_is_no_agreed_point() -> None:
    spans = [Figure(value=2, raw="over two years", unit="years", measure="years offered", article_id=a)
             for a in ("A1", "A2")]
    assert agreeing_figures(spans, {}) == []


def test_names_are_runs_of_capitalised_words_past_the_first_without_titles() -> None:
    names = proper_names("Rescuers said Mayor Ana Ruiz met them near Don Benito on the road.")
    assert names == [("ana", "ruiz"), ("don", "benito")]


def test_a_lead_sentences_event_is_told_without_the_dateline_in_the_original_and_the_translation() -> None:
    from summarizer.schema import Event
    from summarizer.story.timeline import without_dateline

    lead = article("A1", "LISBOA, 3 mar (Norte) – O rio subiu na segunda-feira.", "pt",
                   dateline_text="LISBOA, 3 mar (Norte)")
    event = Event(what=lead.text, when_text="segunda-feira", article_id="A1", language="pt",
                  translation="LISBON, March 3 (Norte) – The river rose on Monday.")
    told = without_dateline(event, lead)
    assert (told.what, told.translation) == ("O rio subiu na segunda-feira.", "The river rose on Monday.")


def test_a_dated_event_no_report_of_which_reads_in_the_briefings_language_stays_in_the_timeline_only() -> None:
    import datetime as dt

    from summarizer.schema import TimelineEntry

    untranslated = TimelineEntry(date=dt.date(2025, 3, 3), what="O rio subiu.", basis="inferred",
                                 article_ids=("A1", "A2"), languages=("es", "pt"))
    translated = untranslated.model_copy(update={"what": "The river rose.", "translated_from": "pt"})
    assert agreed_in_code([untranslated], [], [], {}) == []
    assert [p.text for p in agreed_in_code([translated], [], [], {})] == ["2025-03-03: The river rose."]
