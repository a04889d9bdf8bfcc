"""Quotes: what code finds in the seeds, and the verbatim gate every model-proposed quote must pass."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.schema import Article, Quote
from summarizer.text.normalise import normalise_typography
from summarizer.text.quotes import _marked_spans, find_quotes, merge_quotes, verify_quotes
from summarizer.text.verbatim import locate_quote

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))


def seed(index: int) -> Article:
    """Seed NNN as article A<NNN>: first non-blank line is the title, the rest the text (no loader needed)."""
    title, _, text = SEEDS[index].read_text(encoding="utf-8").strip().partition("\n")
    return Article(id=f"A{index}", path=str(SEEDS[index]), title=title, text=text)


def speaker_of(article: Article, start: str) -> str | None:
    """The speaker code attributes to the quote beginning with ``start`` (fails if there is no such quote)."""
    matches = [q for q in find_quotes(article) if q.text.startswith(start)]
    assert len(matches) == 1, [q.text for q in find_quotes(article)]
    return matches[0].speaker


@pytest.mark.parametrize("index", range(len(SEEDS)))
def test_every_quote_found_in_code_passes_the_verbatim_gate(index: int) -> None:
    article = seed(index)
    for quote in find_quotes(article):
        assert locate_quote(quote.text, article.text) is not None, quote.text
        assert quote.found_by == "code" and quote.article_id == article.id


def test_quote_line_is_attributed_to_the_source_line_above_it() -> None:
    assert speaker_of(seed(2), "The time has come for allies") == "Jens Stoltenberg"


def test_he_said_after_a_quote_resolves_to_the_last_named_person() -> None:
    article = seed(4)
    assert speaker_of(article, "We have paid a price for these delays, resulting in damage and loss of lives")\
        == "Dmytro Kuleba"
    assert speaker_of(article, "If we have a sufficient number of missiles") == "Dmytro Kuleba"


def test_he_said_before_a_quote_ignores_names_inside_quotes() -> None:
    assert speaker_of(seed(4), "President Zelensky has clearly stated") == "Jens Stoltenberg"


def test_name_said_before_a_quote_and_he_told_reporters_both_give_the_full_name() -> None:
    article = seed(4)
    assert speaker_of(article, "We need to lift restrictions") == "Josep Borrell"
    assert speaker_of(article, "The weapons we provide to Ukraine") == "Josep Borrell"


def test_surname_after_a_quote_is_expanded_to_the_full_name() -> None:
    start = "Ukraine has a right to defend itself. And according to international law"
    assert speaker_of(seed(3), start) == "Jens Stoltenberg"


def test_told_a_newspaper_counts_as_attribution() -> None:
    assert speaker_of(seed(4), "Ukraine has the right to defend itself") == "Jens Stoltenberg"


def test_quote_broken_over_a_line_break_is_one_quote_from_the_same_speaker() -> None:
    quote = "The Russian soldiers, tanks and bases there [Kursk] are legitimate targets under international law."
    assert speaker_of(seed(3), quote) == "Jens Stoltenberg"


def test_quote_with_a_colon_before_it_is_not_given_to_the_person_named_there() -> None:
    assert speaker_of(seed(2), "That’s not the plan") == "Jens Stoltenberg"


def test_unclosed_paragraph_of_a_multi_paragraph_quote_is_its_own_quote_with_the_same_speaker() -> None:
    text = ("Foreign Minister Dmytro Kuleba said: “We need more weapons and we need them quickly.\n\n"
            "“And we need them now, not next year,” he added.")
    quotes = find_quotes(Article(id="T1", path="t.txt", title="t", text=text))
    assert [(q.text, q.speaker) for q in quotes] == [
        ("We need more weapons and we need them quickly.", "Dmytro Kuleba"),
        ("And we need them now, not next year", "Dmytro Kuleba"),
    ]


def test_scare_quotes_are_not_listed_as_quotes() -> None:
    texts = [q.text for i in range(len(SEEDS)) for q in find_quotes(seed(i))]
    scare = ("a lot", "major provocation", "played no role", "legitimate military targets", "extremely difficult")
    for phrase in scare:
        assert not any(normalise_typography(t).strip(".") == phrase for t in texts), phrase


def find_short_quotes(article_text: str) -> list[str]:
    """One-to-three-word quoted phrases (framing words such as "major provocation"): the spans the quote finder
    sees but does not list as quotes."""
    shorts: list[str] = []
    for start, end in _marked_spans(article_text):
        phrase = " ".join(article_text[start:end].split()).rstrip(".!?")
        if 1 <= len(phrase.split()) < 4 and phrase not in shorts:
            shorts.append(phrase)
    return shorts


def test_scare_quotes_are_kept_as_short_quotes() -> None:
    assert find_short_quotes(seed(3).text) == ["played no role", "extremely difficult"]
    assert find_short_quotes(seed(4).text) == ["major provocation", "legitimate military targets"]


def test_a_quote_repeated_in_a_bullet_with_a_misused_closing_mark_is_listed_once() -> None:
    glad = [q for q in find_quotes(seed(0)) if q.text.startswith("I am glad")]
    assert len(glad) == 1 and glad[0].speaker == "Jens Stoltenberg"


def test_normalise_folds_typography_and_layout_but_not_case() -> None:
    assert normalise_typography("  “It’s\u00a0a  fight—now…”\n\n‘OK’ ") == "\"It's a fight-now...\" 'OK'"


def test_curly_and_straight_quote_marks_are_interchangeable() -> None:
    article = seed(4)
    span = locate_quote('"Like all military operations, this also carries risks. But how to defend themselves is '
                        "Ukraine's decision\"", article.text)
    assert span is not None and "Ukraine’s decision" in span


def test_located_span_is_the_articles_own_characters() -> None:
    span = locate_quote("we don't escalate this into a full-scale conflict.", seed(2).text)
    assert span == "we don’t escalate this into a full-scale conflict"


def test_one_changed_word_fails_the_gate() -> None:
    assert locate_quote("Ukraine has the right to protect itself", seed(4).text) is None


def test_fabricated_quote_fails_the_gate() -> None:
    assert locate_quote("NATO will send troops to Kursk next week", seed(4).text) is None


def test_a_quote_must_not_end_inside_a_word() -> None:
    assert locate_quote("Ukraine has the right to defend itse", seed(4).text) is None


def test_only_the_first_letter_may_change_case() -> None:
    text = seed(3).text
    assert locate_quote("the Russian soldiers, tanks and bases there", text) is not None
    assert locate_quote("The russian soldiers, tanks and bases there", text) is None


def test_marked_ellipsis_accepts_fragments_in_order() -> None:
    text = seed(2).text
    assert locate_quote("That's not the plan ... to support Ukraine as we do", text) is not None
    assert locate_quote("That’s not the plan… to support Ukraine as we do", text) is not None


def test_ellipsis_between_single_words_does_not_verify() -> None:
    assert locate_quote("Ukraine … itself", seed(4).text) is None


def test_ellipsis_fragments_out_of_order_fail() -> None:
    assert locate_quote("to support Ukraine as we do ... That's not the plan", seed(2).text) is None


def test_verify_rejects_a_fabricated_quote_as_not_in_the_article() -> None:
    verified, rejected = verify_quotes([("NATO will send troops to Kursk next week", "Stoltenberg")], seed(4))
    assert verified == [] and rejected == [("NATO will send troops to Kursk next week", "not found in A4")]


def test_verify_rejects_a_one_word_paraphrase_as_near_verbatim() -> None:
    text = "We have paid a price for these delays, resulting in damage and loss of life"
    _, rejected = verify_quotes([(text, "Kuleba")], seed(4))
    assert rejected[0][1].startswith("near-verbatim (") and rejected[0][1].endswith("not exact in A4")


def test_verify_keeps_a_verbatim_quote_in_the_articles_characters_with_full_speaker_name() -> None:
    verified, rejected = verify_quotes([("\"Like all military operations, this also carries risks.\"", "Stoltenberg")],
                                       seed(4))
    assert rejected == []
    assert verified == [Quote(text="Like all military operations, this also carries risks", speaker="Jens Stoltenberg",
                              article_id="A4", found_by="model")]


def test_verify_keeps_an_ellipsis_quote_as_verbatim_fragments() -> None:
    verified, _ = verify_quotes([("That's not the plan... to support Ukraine as we do", None)], seed(2))
    assert verified[0].text == "That’s not the plan … to support Ukraine as we do"


def test_merge_marks_a_quote_found_by_both_and_prefers_codes_speaker() -> None:
    code = [Quote(text="We have paid a price for these delays", speaker="Dmytro Kuleba", article_id="A4")]
    model = [Quote(text="We have paid a price for these delays.", speaker="Zelensky", article_id="A4",
                   found_by="model")]
    assert merge_quotes(code, model) == [code[0].model_copy(update={"found_by": "both"})]


def test_merge_keeps_the_longer_text_when_one_quote_contains_the_other() -> None:
    code = [Quote(text="We have paid a price for these delays", speaker="Dmytro Kuleba", article_id="A4")]
    longer = "We have paid a price for these delays, resulting in damage and loss of lives"
    merged = merge_quotes(code, [Quote(text=longer, article_id="A4", found_by="model")])
    assert [(q.text, q.found_by) for q in merged] == [(longer, "both")]


def test_merge_appends_quotes_only_the_model_found() -> None:
    model = [Quote(text="Otherwise, the weapons are useless.", article_id="A4", found_by="model")]
    assert merge_quotes([], model) == model


def test_merge_takes_the_models_speaker_when_code_found_none() -> None:
    code = [Quote(text="Otherwise, the weapons are useless.", article_id="A4")]
    model = [Quote(text="Otherwise, the weapons are useless", speaker="Josep Borrell", article_id="A4",
                   found_by="model")]
    assert merge_quotes(code, model)[0].speaker == "Josep Borrell"


def test_fast_normalise_agrees_with_the_offset_keeping_fold() -> None:
    from summarizer.text.normalise import fold_with_offsets

    text = "a\u200b b  “x”\n\n– … \xadend ‘y’"
    assert normalise_typography(text) == fold_with_offsets(text)[0] == 'a b "x" - ... end \'y\''


def test_the_name_right_after_a_foreign_verb_is_the_speaker_whatever_capitalised_words_follow() -> None:
    text = ("Die Häfen sind voll. „Wir haben seit Montag Container auf der Maasvlakte stecken“, sagte Markus Brandt, "
            "Geschäftsführer des Duisburger Logistikers Rheinkontor.")
    article = Article(id="A1", path="a.txt", title="t", text=text, language="de")
    assert [q.speaker for q in find_quotes(article)] == ["Markus Brandt"]


@pytest.mark.parametrize(("language", "text"), [
    ("en", "Portugal's Economy Minister Henrique Valadares has called the decision \"unacceptable\" and left."),
    ("de", "Portugals Wirtschaftsminister Henrique Valadares nannte sie „inakzeptabel“; die Regierung schwieg."),
    ("pt", "O ministro da Economia, Henrique Valadares, classificou a decisão como “inaceitável”."),
])
def test_one_word_a_named_person_calls_something_is_their_quotation(language: str, text: str) -> None:
    article = Article(id="A1", path="a.txt", title="t", text=text, language=language)
    [quote] = find_quotes(article)
    assert len(quote.text.split()) == 1 and quote.speaker == "Henrique Valadares"


def test_a_short_quotation_nobody_is_named_calling_so_is_a_scare_quote() -> None:
    text = "The so-called \"voluntary departures\" were announced on Thursday by the company."
    assert find_quotes(Article(id="A1", path="a.txt", title="t", text=text)) == []


def test_a_one_word_remark_in_two_languages_is_one_remark_when_its_translation_is_a_cognate() -> None:
    from summarizer.story.remarks import same_remark

    english = Quote(text="unacceptable", speaker="Henrique Valadares", article_id="A1", language="en")
    german = Quote(text="inakzeptabel", speaker="Henrique Valadares", article_id="A2", language="de",
                   translation="inacceptable")
    assert same_remark(english, german, "en")


def test_a_shared_negation_does_not_make_two_remarks_one() -> None:
    from summarizer.story.remarks import same_remark

    spanish = Quote(text="Esto no es una misión de la Alianza", speaker="Søren Aagaard", article_id="A1",
                    language="es", translation="This is not a mission of the Alliance.")
    french = Quote(text="L'Alliance n'a joué aucun rôle dans la préparation de cette opération", article_id="A2",
                   speaker="Søren Aagaard", language="fr",
                   translation="The alliance has not played any role in preparing this operation.")
    assert not same_remark(spanish, french, "en")


def test_the_spanish_perfect_of_a_verb_of_saying_ties_the_name_after_it_to_the_quote() -> None:
    text = ("«Bienvenida sea la carga de trabajo, pero no queremos que nadie pierda su empleo», ha explicado el "
            "presidente del comité de empresa, Javier Ortega.")
    article = Article(id="A1", path="a.txt", title="t", text=text, language="es")
    assert [q.speaker for q in find_quotes(article)] == ["Javier Ortega"]


def test_a_lone_capitalised_word_after_the_verb_is_no_speaker_unless_it_names_a_person() -> None:
    text = ("El secretario general, Søren Aagaard, habló ayer. Turquía “tiene derecho a defenderse de ataques "
            "que parten de territorio iraquí”, ha añadido el secretario de la Alianza.")
    article = Article(id="A1", path="a.txt", title="t", text=text, language="es")
    assert [q.speaker for q in find_quotes(article)] == [None]


def test_one_remark_in_two_languages_is_one_remark_when_it_prints_the_same_numbers() -> None:
    from summarizer.story.remarks import same_remark

    spanish = Quote(text="Cinco por ciento en dos años, después de tres años sin subida, es una provocación",
                    speaker="Kees Dijkhuis", article_id="A1", language="es")
    dutch = Quote(text="Vijf procent over twee jaar is na drie jaar stilstand een belediging",
                  speaker="Kees Dijkhuis", article_id="A2", language="nl")
    assert same_remark(spanish, dutch, "en")


def test_the_same_numbers_from_two_speakers_are_two_remarks() -> None:
    from summarizer.story.remarks import same_remark

    spanish = Quote(text="Cinco por ciento en dos años es una provocación", speaker="Kees Dijkhuis",
                    article_id="A1", language="es")
    dutch = Quote(text="Vijf procent over twee jaar is genoeg", speaker="Marieke Aerts", article_id="A2",
                  language="nl")
    assert not same_remark(spanish, dutch, "en")


def test_one_shared_number_is_not_enough_to_make_two_remarks_one() -> None:
    from summarizer.story.remarks import same_remark

    spanish = Quote(text="Cinco por ciento es una provocación", speaker="Kees Dijkhuis", article_id="A1",
                    language="es")
    dutch = Quote(text="Wij eisen vijf procent", speaker="Kees Dijkhuis", article_id="A2", language="nl")
    assert not same_remark(spanish, dutch, "en")


def test_one_speakers_remark_in_two_outlets_english_wordings_is_a_quote_discrepancy() -> None:
    from summarizer.story.discrepancies.quotes import quote_discrepancies

    wire = Quote(text="Military targets across the border are legitimate targets, as long as the response stays "
                      "proportionate", speaker="Søren Aagaard", article_id="A1", language="en")
    paper = Quote(text="Military targets on the other side of the border are legitimate objectives, provided the "
                       "response remains proportionate", speaker="Søren Aagaard", article_id="A2", language="en")
    found = quote_discrepancies([wire, paper], {})
    assert [(d.kind, d.topic) for d in found] == [("quote", "Søren Aagaard quoted in different words")]


def test_two_speakers_saying_alike_things_are_no_quote_discrepancy() -> None:
    from summarizer.story.discrepancies.quotes import quote_discrepancies

    one = Quote(text="Military targets across the border are legitimate targets, as long as the response stays "
                     "proportionate", speaker="Søren Aagaard", article_id="A1", language="en")
    other = Quote(text="Military targets on the other side of the border are legitimate objectives, provided the "
                       "response remains proportionate", speaker="Ieva Kalniņa", article_id="A2", language="en")
    assert quote_discrepancies([one, other], {}) == []


def test_a_claim_that_is_a_fragment_of_a_quotation_in_other_words_echoes_it() -> None:
    from summarizer.text.quotes import echoed_quotation

    quote = Quote(text="Militärische Ziele jenseits der Grenze sind legitime Ziele, solange die Antwort "
                       "verhältnismäßig bleibt", speaker="Søren Aagaard", article_id="A1", language="de")
    assert echoed_quotation("Die Antwort verhältnismäßig bleibt jenseits der Grenze", [quote], "de") is quote


def test_a_claim_naming_the_speaker_reports_the_quotation_and_does_not_echo_it() -> None:
    from summarizer.text.quotes import echoed_quotation

    quote = Quote(text="Military targets across the border are legitimate targets", speaker="Søren Aagaard",
                  article_id="A1", language="en")
    assert echoed_quotation("Aagaard says military targets across the border are legitimate", [quote]) is None


POLISH = (
    "Wiedeń (PAP) – Siedmiu obywateli Polski zostało rannych w wypadku nocnego pociągu w Alpach.\n"
    "„Wszyscy ranni są pod opieką lekarzy” – powiedział PAP konsul generalny Tomasz Wróbel.\n"
    "Minister infrastruktury Paweł Nowak powiedział: „Jesteśmy w stałym kontakcie ze stroną austriacką”.\n"
    "„Pociąg jechał zgodnie z rozkładem” – przekazała w rozmowie z „Gazetą Wyborczą” rzeczniczka policji "
    "Maria Steiner."
)


@pytest.mark.parametrize(("start", "speaker"), [
    ("Wszyscy ranni", "Tomasz Wróbel"),  # dash, then the verb, the agency and the title before the name
    ("Jesteśmy w stałym", "Paweł Nowak"),  # the name and the verb before the quote
    ("Pociąg jechał", "Maria Steiner"),  # the newspaper between the verb and the person
])
def test_polish_copy_ties_the_quote_to_the_person_named_with_its_verb(start: str, speaker: str) -> None:
    assert speaker_of(Article(id="A1", path="a.txt", title="t", text=POLISH, language="pl"), start) == speaker
