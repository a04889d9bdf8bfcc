"""Dates are found and resolved in code; these tests document what each phrase turns into and on what basis."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from summarizer.text.dates import Dateline, DateMention, find_date_mentions, find_dateline, resolve_date

SEEDS = Path(__file__).parent.parent / "seeds"
THURSDAY = dt.date(2024, 9, 5)
SATURDAY = dt.date(2024, 8, 31)


def seed(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


# --- find_dateline -----------------------------------------------------------------------------------------------


def test_dateline_with_weekday_and_time_is_found_as_written() -> None:
    assert find_dateline(seed("002").splitlines()) == Dateline("Saturday, 25 May 2024, 01:45", dt.date(2024, 5, 25))


def test_dateline_in_month_day_year_form_is_found() -> None:
    assert find_dateline(seed("003").splitlines()) == Dateline("August 31, 2024", dt.date(2024, 8, 31))


def test_date_inside_a_photo_caption_is_not_a_dateline() -> None:
    assert find_dateline(seed("000").splitlines()) is None


@pytest.mark.parametrize("prefix", ["001", "004"])
def test_seeds_without_a_dated_line_have_no_dateline(prefix: str) -> None:
    assert find_dateline(seed(prefix).splitlines()) is None


def test_dateline_is_only_looked_for_near_the_top() -> None:
    lines = [f"Paragraph {n} of the story." for n in range(15)] + ["August 31, 2024"]
    assert find_dateline(lines) is None


def test_dateline_may_carry_a_short_label() -> None:
    assert find_dateline(["Headline", "Published: 2024-08-31 10:00"]) == Dateline(
        "Published: 2024-08-31 10:00", dt.date(2024, 8, 31))


def test_dateline_may_carry_a_twelve_hour_time_and_zone() -> None:
    line = "Updated: Aug. 31, 2024 at 5:00 p.m. EDT"
    assert find_dateline(["Headline", line]) == Dateline(line, dt.date(2024, 8, 31))


def test_short_sentence_containing_a_full_date_is_not_a_dateline() -> None:
    assert find_dateline(["Headline", "Talks end. They began on August 31, 2024."]) is None


@pytest.mark.parametrize(("line", "language", "month_day"), [
    ("MERIDA, Spain, Nov 11 (Atlas) - Two people have died in the floods.", "en", (11, 11)),
    ("MÉRIDA, 11 Nov. (AIN) -", "es", (11, 11)),
    ("(ANSA) - LISBONA, 16 OTT - Il costruttore chiuderà lo stabilimento.", "it", (10, 16)),
    ("Bruxelles, le 7 septembre – Le secrétaire général a parlé.", "fr", (9, 7)),
    ("ROTTERDAM, 16. September. Seit Montag steht der Hafen still.", "de", (9, 16)),
])
def test_a_wire_dateline_without_a_year_gives_its_day_and_month(line: str, language: str,
                                                                month_day: tuple[int, int]) -> None:
    found = find_dateline(["Headline", line], language)
    assert found is not None and found.date is None and found.month_day == month_day


def test_a_dateline_with_the_country_in_brackets_after_the_place_is_found_with_its_year() -> None:
    found = find_dateline(["Titre", "MÉRIDA (Espagne), le 11 novembre 2025 – Le Guadiana est sorti de son lit."], "fr")
    assert found is not None and found.date == dt.date(2025, 11, 11)
    assert found.text == "MÉRIDA (Espagne), le 11 novembre 2025"


@pytest.mark.parametrize("line", ["Von Jana Oberholz | 16.10.2025, 18:20 Uhr", "Door ANP – 16-10-2025, 15:40"])
def test_a_byline_with_a_numeric_date_is_a_dateline(line: str) -> None:
    found = find_dateline(["Headline", line], "de")
    assert found is not None and found.date == dt.date(2025, 10, 16)


def test_a_byline_with_a_weekday_and_time_is_a_dateline() -> None:
    found = find_dateline(["Titel", "Door onze verslaggever | dinsdag 16 september 2025, 18.05 uur"], "nl")
    assert found is not None and found.date == dt.date(2025, 9, 16)


# --- resolve_date ------------------------------------------------------------------------------------------------


def test_weekday_of_the_reference_means_the_reference_day() -> None:
    assert resolve_date("on Thursday", THURSDAY) == (THURSDAY, "inferred")


def test_weekday_in_a_future_tense_sentence_is_the_next_such_day() -> None:
    sentence = "Zelensky will on Friday attend a meeting of the Ramstein group."
    assert resolve_date("on Friday", THURSDAY, sentence=sentence) == (dt.date(2024, 9, 6), "inferred")


def test_weekday_in_past_reporting_is_the_most_recent_such_day() -> None:
    assert resolve_date("three villages on Friday", SATURDAY) == (dt.date(2024, 8, 30), "inferred")


def test_future_word_in_another_clause_does_not_make_a_weekday_future() -> None:
    sentence = "It is hard to say how it will develop next, Stoltenberg told reporters on Wednesday."
    assert resolve_date("on Wednesday", THURSDAY, sentence=sentence) == (dt.date(2024, 9, 4), "inferred")


def test_published_weekday_resolves_against_the_reference() -> None:
    assert resolve_date("published Saturday", SATURDAY) == (SATURDAY, "inferred")


def test_month_day_takes_the_reference_year() -> None:
    assert resolve_date("August 6", SATURDAY) == (dt.date(2024, 8, 6), "inferred")


def test_abbreviated_month_day_takes_the_year_hint_without_a_reference() -> None:
    assert resolve_date("Aug. 6", None, year_hint=2024) == (dt.date(2024, 8, 6), "inferred")


def test_month_day_well_after_the_reference_belongs_to_the_previous_year() -> None:
    assert resolve_date("December 20", dt.date(2024, 1, 10)) == (dt.date(2023, 12, 20), "inferred")


def test_full_date_is_stated_even_without_a_reference() -> None:
    assert resolve_date("August 31, 2024", None) == (dt.date(2024, 8, 31), "stated")


def test_day_month_year_with_weekday_is_stated() -> None:
    assert resolve_date("Saturday, 25 May 2024", None) == (dt.date(2024, 5, 25), "stated")


def test_last_week_is_seven_days_before_the_reference() -> None:
    assert resolve_date("last week", SATURDAY) == (dt.date(2024, 8, 24), "inferred")


def test_earlier_this_week_is_two_days_before_the_reference() -> None:
    assert resolve_date("Earlier this week", THURSDAY) == (dt.date(2024, 9, 3), "inferred")


def test_last_month_is_the_same_day_a_month_earlier() -> None:
    assert resolve_date("Last month", THURSDAY) == (dt.date(2024, 8, 5), "inferred")


@pytest.mark.parametrize(("phrase", "expected"), [("yesterday", dt.date(2024, 9, 4)), ("today", THURSDAY)])
def test_yesterday_and_today_resolve_against_the_reference(phrase: str, expected: dt.date) -> None:
    assert resolve_date(phrase, THURSDAY) == (expected, "inferred")


def test_relative_phrase_without_a_reference_is_unknown() -> None:
    assert resolve_date("last week", None) == (None, "unknown")


def test_month_day_without_reference_or_year_hint_is_unknown() -> None:
    assert resolve_date("August 6", None) == (None, "unknown")


@pytest.mark.parametrize("garbage", ["", "   ", "asdf qwerty", "\x00\x01", "February 30", "2024", "May", "x" * 500])
def test_garbage_resolves_to_unknown_without_raising(garbage: str) -> None:
    assert resolve_date(garbage, THURSDAY) == (None, "unknown")


# --- find_date_mentions ------------------------------------------------------------------------------------------


def test_mentions_cover_absolute_weekday_and_relative_phrases_in_order() -> None:
    texts = [m.text for m in find_date_mentions(seed("003"))]
    assert texts == [
        "August 31, 2024",
        "July 18, 2024",
        "Aug. 6",
        "published Saturday",
        "last week",
        "on Friday",
    ]


def test_mention_carries_its_sentence_and_offset() -> None:
    text = "Talks stalled. The offensive launched on Aug. 6 caught the Kremlin off guard. More later."
    [mention] = find_date_mentions(text)
    assert mention == DateMention(
        text="Aug. 6",
        sentence="The offensive launched on Aug. 6 caught the Kremlin off guard.",
        start=text.index("Aug. 6"),
        kind="absolute",
    )


def test_day_month_year_and_relative_mentions_are_found() -> None:
    texts = [m.text for m in find_date_mentions("On 25 May 2024 he spoke. Earlier this week, and Last month too.")]
    assert texts == ["25 May 2024", "Earlier this week", "Last month"]


def test_capitalised_preposition_belongs_to_the_weekday_mention() -> None:
    assert [m.text for m in find_date_mentions("On Friday, the talks resumed.")] == ["On Friday"]


def test_may_the_verb_and_a_month_without_a_day_are_not_mentions() -> None:
    assert find_date_mentions("Officials may resign in May. The council met in 2023 and may meet in June.") == []


def test_seed_000_mentions_include_caption_date_and_weekdays() -> None:
    texts = [m.text for m in find_date_mentions(seed("000"))]
    assert texts == ["Sept. 5, 2024", "on Thursday", "Aug. 6", "on Friday"]


def test_future_weekday_mention_resolves_from_its_own_sentence() -> None:
    friday = next(m for m in find_date_mentions(seed("000")) if m.text == "on Friday")
    assert resolve_date(friday.text, THURSDAY, sentence=friday.sentence) == (dt.date(2024, 9, 6), "inferred")


@pytest.mark.parametrize(("sentence", "language", "friday"), [
    ("Over acties na vrijdag wil de bond nog niets zeggen.", "nl", dt.date(2025, 9, 19)),
    ("O sindicato reuniu-se na sexta-feira.", "pt", dt.date(2025, 9, 12)),
])
def test_after_friday_looks_ahead_only_where_the_word_means_after(sentence: str, language: str,
                                                                   friday: dt.date) -> None:
    wednesday = dt.date(2025, 9, 17)
    [mention] = [m for m in find_date_mentions(sentence, language) if m.kind == "weekday"]
    assert resolve_date(mention.text, wednesday, sentence=sentence, language=language)[0] == friday


@pytest.mark.parametrize(("sentence", "language"), [
    ("The strike is to last until Friday.", "en"),
    ("Der Streik soll bis Freitag dauern.", "de"),
    ("Le mouvement doit se poursuivre jusqu’à vendredi.", "fr"),
    ("La huelga está prevista hasta el viernes.", "es"),
    ("Lo sciopero proseguirà fino a venerdì.", "it"),
    ("De staking duurt tot en met vrijdag.", "nl"),
])
def test_until_friday_points_forward_from_a_wednesday_dateline(sentence: str, language: str) -> None:
    wednesday = dt.date(2025, 9, 17)
    [mention] = find_date_mentions(sentence, language)
    assert resolve_date(mention.text, wednesday, sentence=mention.sentence, language=language)[0] == dt.date(2025, 9, 19)


def test_am_morgen_is_a_time_of_day_not_tomorrow() -> None:
    mentions = find_date_mentions("Am Morgen zogen rund 4.000 Hafenarbeiter durch die Stadt.", "de")
    assert mentions == []


def test_from_wednesday_points_forward() -> None:
    monday = dt.date(2025, 11, 10)
    sentence = "Officials expect the flood wave to reach the reservoir from Wednesday."
    [mention] = find_date_mentions(sentence, "en")
    assert resolve_date(mention.text, monday, sentence=sentence)[0] == dt.date(2025, 11, 12)


def test_a_past_verb_before_the_weekday_keeps_it_behind_the_dateline_whatever_follows() -> None:
    wednesday = dt.date(2025, 9, 17)
    sentence = "The walkout started at 6 a.m. on Monday and is due to last until Friday."
    mentions = find_date_mentions(sentence, "en")
    resolved = [resolve_date(m.text, wednesday, sentence=m.sentence)[0] for m in mentions]
    assert resolved == [dt.date(2025, 9, 15), dt.date(2025, 9, 19)]


def test_an_honorific_of_another_language_does_not_end_a_sentence() -> None:
    from summarizer.text.sentences import sentences

    assert sentences("« Nous accompagnerons chaque salarié », a assuré M. Voisin. Il a ajouté un mot.") == [
        "« Nous accompagnerons chaque salarié », a assuré M. Voisin.", "Il a ajouté un mot."]


def test_a_weekday_in_apposition_to_tomorrow_is_that_day_ahead() -> None:
    sentence = "Os trabalhadores marcaram um protesto para amanhã, sexta-feira, diante da fábrica."
    assert resolve_date("sexta-feira", THURSDAY, sentence=sentence, language="pt") == (dt.date(2024, 9, 6),
                                                                                          "inferred")


def test_next_week_is_the_monday_after_the_reference() -> None:
    assert resolve_date("next week", SATURDAY) == (dt.date(2024, 9, 2), "inferred")


def test_a_weekday_after_in_the_morning_is_not_read_as_tomorrow() -> None:
    sentence = "Los trabajadores llegaron por la mañana, viernes, a la fábrica."
    assert resolve_date("viernes", THURSDAY, sentence=sentence, language="es") == (dt.date(2024, 8, 30), "inferred")


def test_until_a_weekday_is_a_deadline_ahead_even_in_reported_speech() -> None:
    saturday = dt.date(2025, 10, 18)
    sentence = "The union leader told the crowd that management had until Friday to put alternatives on the table."
    [mention] = find_date_mentions(sentence, "en")
    assert resolve_date(mention.text, saturday, sentence=sentence) == (dt.date(2025, 10, 24), "inferred")


def test_until_a_weekday_after_a_past_verb_stays_behind() -> None:
    saturday = dt.date(2025, 10, 18)
    assert resolve_date("until Friday", saturday, sentence="The blockade lasted until Friday.")[0] == dt.date(2025, 10, 17)


@pytest.mark.parametrize(("language", "sentence", "phrase"), [
    ("en", "The carmaker will shut the factory by the end of 2026.", "the end of 2026"),
    ("de", "Die Fertigung soll Ende 2026 auslaufen.", "Ende 2026"),
    ("fr", "La fermeture de l’usine est prévue d’ici à la fin 2026.", "la fin 2026"),
    ("es", "La planta cerrará a finales de 2026.", "finales de 2026"),
    ("it", "Lo stabilimento chiuderà entro la fine del 2026.", "la fine del 2026"),
    ("pt", "A fábrica vai encerrar no final de 2026.", "final de 2026"),
    ("nl", "De fabriek sluit eind 2026.", "eind 2026"),
])
def test_the_end_of_a_year_is_its_last_day_inferred_in_every_language(language: str, sentence: str, phrase: str) -> None:
    [mention] = find_date_mentions(sentence, language)
    assert (mention.text, mention.kind) == (phrase, "period_end")
    assert resolve_date(mention.text, THURSDAY, sentence=sentence, language=language) == (dt.date(2026, 12, 31),
                                                                                           "inferred")


@pytest.mark.parametrize(("language", "phrase"), [
    ("en", "the end of the month"), ("de", "Monatsende"), ("fr", "fin du mois"), ("es", "fin de mes"),
    ("it", "fine mese"), ("pt", "final do mês"), ("nl", "eind van de maand")])
def test_the_end_of_the_month_is_the_last_day_of_the_reference_month(language: str, phrase: str) -> None:
    assert resolve_date(phrase, THURSDAY, language=language) == (dt.date(2024, 9, 30), "inferred")


def test_the_end_of_a_month_already_past_is_next_years_when_it_is_a_deadline() -> None:
    sentence = "The plant will close by the end of March."
    assert resolve_date("the end of March", THURSDAY, sentence=sentence) == (dt.date(2025, 3, 31), "inferred")


def test_a_weekend_is_no_period_end() -> None:
    assert find_date_mentions("Los trabajadores protestaron el fin de semana.", "es") == []


def test_the_end_of_last_year_is_not_resolved_to_this_one() -> None:
    assert find_date_mentions("At the end of last year the plant was profitable.", "en") == []


@pytest.mark.parametrize(("language", "sentence"), [
    ("it", "Il ministro incontrerà i vertici del gruppo la prossima settimana a Lisbona."),
    ("pt", "O ministro vai receber a administração na próxima semana, em Lisboa."),
    ("es", "La ministra visitará la planta la próxima semana."),
    ("fr", "Les discussions reprendront la semaine prochaine."),
    ("de", "Die Gespräche gehen nächste Woche weiter."),
    ("nl", "De gesprekken gaan volgende week verder."),
])
def test_next_week_in_every_language_is_the_monday_after_the_reference(language: str, sentence: str) -> None:
    [mention] = find_date_mentions(sentence, language)
    assert resolve_date(mention.text, THURSDAY, sentence=sentence, language=language) == (dt.date(2024, 9, 9),
                                                                                           "inferred")


@pytest.mark.parametrize(("language", "sentence", "phrase"), [
    ("nl", "Bond en werkgevers schuiven volgende week dinsdag aan bij de bemiddelaar.", "volgende week dinsdag"),
    ("en", "Union and employers meet the mediator on Tuesday next week.", "on Tuesday next week"),
])
def test_a_weekday_of_next_week_is_one_mention_that_weeks_day(language: str, sentence: str, phrase: str) -> None:
    monday = dt.date(2025, 9, 15)
    [mention] = find_date_mentions(sentence, language)
    assert mention.text == phrase
    assert resolve_date(mention.text, monday, sentence=sentence, language=language)[0] == dt.date(2025, 9, 23)


def test_the_article_before_next_week_is_no_time_of_day() -> None:
    assert [m.text for m in find_date_mentions("Lo vedrà la prossima settimana.", "it")] == ["prossima settimana"]



@pytest.mark.parametrize(("language", "sentence", "phrase", "reference", "expected"), [
    pytest.param("it", "Un treno partito ieri sera da Vienna è deragliato nella notte tra sabato e domenica.",
                 "sabato", dt.date(2025, 6, 15), dt.date(2025, 6, 14),
                 id="Italian 'sera' is the evening, not French 'sera' (will be)"),
    pytest.param("pl", "Troje lżej rannych ma wrócić do kraju we wtorek.",
                 "we wtorek", dt.date(2025, 6, 16), dt.date(2025, 6, 17), id="Polish verb of intent looks ahead"),
    pytest.param("en", "Three of them were going to return home on Tuesday.",
                 "Tuesday", dt.date(2025, 6, 16), dt.date(2025, 6, 17), id="'going to' looks ahead"),
    pytest.param("pl", "Do wypadku doszło w niedzielę na linii kolejowej.",
                 "w niedzielę", dt.date(2025, 6, 16), dt.date(2025, 6, 15),
                 id="Polish 'do' alone is 'to', not 'until'"),
])
def test_a_weekday_is_ahead_or_behind_by_the_tense_words_of_its_own_language(
    language: str, sentence: str, phrase: str, reference: dt.date, expected: dt.date,
) -> None:
    assert resolve_date(phrase, reference, sentence=sentence, language=language) == (expected, "inferred")
