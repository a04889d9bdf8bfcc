"""Stories told in several languages: detection, quotes verified as printed, translations labelled as such, and
figures, dates and remarks matched across languages.

Inputs are the invented articles in ``examples/multilingual/`` (English, German, French, Spanish, Italian, Dutch),
written for these tests, and a few one-line texts made up below. Model answers here come from ``FakeLLM``, a
hand-written test double; the real model's answers are replayed in ``test_recordings.py``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re
from pathlib import Path

import pytest

from summarizer.article.extract import build_messages
from summarizer.article.translate import check, translate
from summarizer.article.verify import ground_claim
from summarizer.cli import main
from summarizer.load import load_articles
from summarizer.schema import Article, ArticleBrief, Brief, Event, Quote, Reconciliation, RunInfo
from summarizer.story.agreement import agreeing_figures
from summarizer.story.discrepancies import numeric_discrepancies, provenance_discrepancies
from summarizer.text.dates import find_date_mentions, resolve_date
from summarizer.text.figures import find_figures, parse_number, unsupported_numbers
from summarizer.text.language import which_of
from summarizer.text.quotes import find_quotes, printed_as_narrative, verify_quotes
from summarizer.text.sentences import sentences
from tests.conftest import ROOT
from tests.fakes import FakeLLM

STORY = ROOT / "examples" / "multilingual"


@pytest.fixture(scope="module")
def story() -> dict[str, Article]:
    """The story's articles keyed by file stem (en_wire, de_handelsblick, ...)."""
    return {Path(a.path).stem: a for a in load_articles([STORY]).articles}


def article(text: str, language: str, dateline: dt.date | None = None) -> Article:
    return Article(id="T1", path="t.txt", title="t", text=text, language=language, dateline=dateline)


# ---------------------------------------------------------------------------------------------------------------
# Detection


def test_each_articles_language_is_detected(story: dict[str, Article]) -> None:
    assert {stem: a.language for stem, a in story.items()} == {
        "en_wire": "en", "en_techledger": "en", "de_handelsblick": "de", "fr_lequotidien": "fr",
        "es_eldiario": "es", "it_corriere": "it", "nl_dagblad": "nl",
    }


# ---------------------------------------------------------------------------------------------------------------
# Quotes in the language they were printed in


def test_german_quote_in_low_high_marks_is_found_with_its_speaker(story: dict[str, Article]) -> None:
    quotes = find_quotes(story["de_handelsblick"])
    assert [(q.text, q.speaker) for q in quotes] == [
        ("Unternehmen, die ihre Kunden einsperren, werden dafür bezahlen", "Elena Varga")]


def test_french_guillemets_and_inverted_verb_attribute_to_the_last_person_named(story: dict[str, Article]) -> None:
    quotes = {q.text: q.speaker for q in find_quotes(story["fr_lequotidien"])}
    assert quotes == {
        "Les entreprises qui enferment leurs clients le paieront": "Elena Varga",
        "Cette décision ignore la manière dont nos clients utilisent réellement nos services": "Tomas Lindqvist",
    }


def test_spanish_speaker_after_a_lower_case_title(story: dict[str, Article]) -> None:
    [quote] = find_quotes(story["es_eldiario"])
    assert quote.text == "Las empresas que encierran a sus clientes lo pagarán" and quote.speaker == "Elena Varga"


def test_reversed_german_guillemets_are_paired_the_german_way() -> None:
    text = "Die Ministerin sagte: »Wir werden das Gesetz noch in diesem Jahr ändern«. Danach ging sie."
    [quote] = find_quotes(article(text, "de"))
    assert quote.text == "Wir werden das Gesetz noch in diesem Jahr ändern"


def test_a_german_zitat_line_is_a_quote_of_the_named_source() -> None:
    text = "Quelle: Olaf Berger im Interview\nZitat: Wir bauen die Brücke bis zum Sommer wieder auf"
    [quote] = find_quotes(article(text, "de"))
    assert quote.text == "Wir bauen die Brücke bis zum Sommer wieder auf" and quote.speaker == "Olaf Berger"


def test_a_portuguese_quote_names_the_speaker_after_his_title() -> None:
    text = "“Vamos recorrer desta decisão em tribunal”, disse o presidente executivo Tomas Lindqvist."
    [quote] = find_quotes(article(text, "pt"))
    assert quote.speaker == "Tomas Lindqvist"


def test_a_non_english_quote_is_verified_verbatim_and_a_reworded_one_is_refused(story: dict[str, Article]) -> None:
    source = story["it_corriere"]
    verified, rejected = verify_quotes([("Faremo ricorso contro questa decisione", "Lindqvist"),
                                        ("Faremo ricorso contro la decisione", "Lindqvist")], source)
    assert [q.text for q in verified] == ["Faremo ricorso contro questa decisione"]
    assert rejected == [("Faremo ricorso contro la decisione", "not found in A6")]


# ---------------------------------------------------------------------------------------------------------------
# Translations: beside the printed words, labelled, checked


def _translations(messages: list[dict[str, str]]) -> dict[str, object]:
    """Test double: a fixed English rendering for each passage of the Italian article, by its number."""
    english = {"Faremo ricorso contro questa decisione": "We will appeal against this decision"}
    items = re.findall(r"^(\d+)\. (.*)$", messages[1]["content"], re.M)
    return {"items": [{"n": int(n), "text": english.get(t, t)} for n, t in items]}


def _italian_brief(story: dict[str, Article]) -> ArticleBrief:
    source = story["it_corriere"]
    return ArticleBrief(article=source, headline="h", summary="s", quotes=find_quotes(source))


def test_a_translated_quote_keeps_the_printed_words_and_carries_the_translation_beside_them(
    story: dict[str, Article],
) -> None:
    llm = FakeLLM({"Translations": _translations})
    brief = asyncio.run(translate(_italian_brief(story), llm, "en"))
    [quote] = brief.quotes
    assert quote.text == "Faremo ricorso contro questa decisione"
    assert (quote.language, quote.translation) == ("it", "We will appeal against this decision")
    assert "Passages in Italian" in llm.calls[0][1][1]["content"]


def test_the_briefing_labels_a_translation_as_the_models_and_never_puts_it_in_quotation_marks() -> None:
    quote = Quote(text="Faremo ricorso contro questa decisione", speaker="Tomas Lindqvist", article_id="A6",
                  language="it", translation="We will appeal against this decision")
    markdown = Brief(title="t", summary="s", quotes=[quote], run=RunInfo(language="en")).to_markdown()
    assert "> “Faremo ricorso contro questa decisione” (it) — **Tomas Lindqvist**, A6" in markdown
    assert "> _Translation by the model, not the printed words:_ We will appeal against this decision" in markdown
    assert "“We will appeal" not in markdown


def test_articles_in_the_briefings_language_are_not_sent_for_translation(story: dict[str, Article]) -> None:
    source = story["en_wire"]
    llm = FakeLLM({})
    brief = asyncio.run(translate(ArticleBrief(article=source, headline="h", summary="s",
                                               quotes=find_quotes(source)), llm, "en"))
    assert llm.calls == [] and all(q.translation is None and q.language == "en" for q in brief.quotes)


def test_a_translation_that_changes_a_number_is_dropped_with_the_reason() -> None:
    assert check("am 14. Juni 2022 begonnen", "began on 14 June 2021") == "numbers 2022 changed in translation"
    assert check("Faremo ricorso", "Faremo ricorso") == "returned untranslated"
    assert check("Faremo ricorso contro questa decisione", "We will appeal against this decision") is None


def test_a_translation_may_rewrite_a_number_in_its_own_notation_but_not_change_its_value() -> None:
    original = "una multa de 1.200 millones de euros"
    assert check(original, "a fine of 1.2 billion euros", "es") is None
    assert check(original, "a fine of 1.3 billion euros", "es") == "numbers 1.200 millones changed in translation"


def test_a_number_copied_as_printed_survives_the_translation_check() -> None:
    assert check("1.300 personas desalojadas", "1.300 people evacuated", "es") is None
    assert check("un uomo di 78 anni", "a 78-year-old man", "it") is None
    assert check("1.300 personas desalojadas", "1,400 people evacuated", "es") == "numbers 1.300 changed in translation"


def test_a_translation_that_loses_a_place_the_article_names_is_dropped() -> None:
    assert check("Il Guadiana esonda in Estremadura", "The Guardian is going out of the extreme.", "it",
                 places=["Guadiana", "Estremadura"]) == "Guadiana, Estremadura no longer named in translation"


def test_a_place_may_change_by_a_letter_or_become_the_countrys_name_in_the_briefings_language() -> None:
    assert check("Il Guadiana esonda in Estremadura", "The Guadiana bursts its banks in Extremadura", "it",
                 places=["Guadiana", "Estremadura"]) is None
    assert check("Bagdad convoca al embajador turco", "Baghdad summons the Turkish ambassador", "es",
                 places=["Bagdad"]) is None
    assert check("Irak protesta", "Iraq protests", "es", places=["Irak"]) is None


def test_a_translation_that_changes_a_vague_quantity_is_dropped() -> None:
    assert check("L'acqua ha invaso decine di paesi", "Water has invaded several countries", "it") == (
        "a vague quantity changed in translation")


def test_a_vague_quantity_may_become_a_vague_word_or_a_number_in_its_range() -> None:
    assert check("Une centaine de localités sont touchées", "About a hundred localities are affected", "fr") is None
    assert check("L'acqua ha invaso decine di paesi", "The water has flooded dozens of villages", "it") is None


def test_a_translation_left_mostly_in_the_articles_language_is_dropped() -> None:
    original = "Militaire doelen aan de andere kant van de grens zijn legitieme doelen"
    assert check(original, "Military doelen aan de andere kant van de grens zijn legitieme doelen", "nl") == (
        "mostly left untranslated")


def test_a_passage_already_in_the_briefings_language_may_come_back_alike() -> None:
    assert check("Arvena Motors Lyon plans to invest 450 million euros in Burgos",
                 "Arvena Motors Lyon plans to invest 450 million euros in Burgos.", "es") is None


def test_a_claim_the_model_wrote_in_the_articles_language_is_translated_and_compared_in_english(
    story: dict[str, Article],
) -> None:
    from summarizer.schema import Claim

    source = story["de_handelsblick"]
    german = Claim(ref="A1.1", text="Calyra muss seine Verträge innerhalb von 90 Tagen ändern", evidence="",
                   article_id=source.id, evidence_verified=False)
    english = Claim(ref="A1.2", text="Calyra must change its contracts within 90 days", evidence="",
                    article_id=source.id, evidence_verified=False)
    llm = FakeLLM({"Translations": lambda messages: {"items": [
        {"n": int(n), "text": "Calyra must change its contracts within 90 days"}
        for n, t in re.findall(r"^(\d+)\. (.*)$", messages[1]["content"], re.M) if t.startswith("Calyra muss")]}})
    brief = asyncio.run(translate(ArticleBrief(article=source, headline="h", summary="s", claims=[german, english]),
                                  llm, "en"))
    assert "Calyra must change its contracts" not in llm.calls[0][1][1]["content"]
    assert [c.readable for c in brief.claims] == ["Calyra must change its contracts within 90 days"] * 2
    assert brief.claims[0].text == german.text and brief.claims[1].translation is None


def test_an_english_claim_full_of_dutch_place_names_is_english_between_english_and_dutch() -> None:
    claim = "The dockers at Maasvlakte and Waalhaven in Rotterdam walked out before dawn on Tuesday."
    assert which_of(claim, "en", "nl") == "en"


def test_a_dutch_claim_is_dutch_between_english_and_dutch() -> None:
    assert which_of("De havenarbeiders in Rotterdam legden dinsdag voor zonsopgang het werk neer.", "en", "nl") == "nl"


def test_a_claim_too_short_to_tell_has_no_language() -> None:
    assert which_of("Two people died", "en", "nl") is None


def test_the_same_language_twice_is_asked_of_the_open_detector() -> None:
    assert which_of("Die Hafenarbeiter legten am Dienstag vor der Morgendämmerung die Arbeit nieder.", "en", "en") == "de"


def test_a_failed_translation_call_keeps_the_article_and_says_so(story: dict[str, Article]) -> None:
    from summarizer.errors import ModelError

    brief = asyncio.run(translate(_italian_brief(story), FakeLLM({"Translations": ModelError("timed out")}), "en"))
    assert brief.quotes[0].translation is None
    assert [(d.kind, "timed out" in d.reason) for d in brief.dropped] == [("translation", True)]


def test_a_foreign_article_asks_for_the_briefings_language_and_an_english_one_is_sent_as_before(
    story: dict[str, Article],
) -> None:
    german = build_messages(story["de_handelsblick"], "en")[1]["content"]
    english = build_messages(story["en_wire"], "en")[1]["content"]
    assert "This article is written in German. Write headline, summary" in german and "in English" in german
    assert "This article is written in" not in english


# ---------------------------------------------------------------------------------------------------------------
# Figures across languages


def test_one_fine_written_six_ways_is_one_value(story: dict[str, Article]) -> None:
    fines = {stem: [(f.value, f.unit) for f in find_figures(a) if f.unit == "EUR"] for stem, a in story.items()}
    assert all(found == [(1.2e9, "EUR")] for found in fines.values()), fines


def test_the_same_figure_in_several_languages_is_code_found_agreement(story: dict[str, Article]) -> None:
    figures = [f for a in story.values() for f in find_figures(a) if f.unit == "EUR" and f.measure == "EUR"]
    [(says, ids)] = agreeing_figures(figures, {})
    assert "1,2 Milliarden Euro" in says and "1.200 millones de euros" in says and len(ids) == 6


def test_a_market_share_that_differs_across_languages_is_a_numeric_discrepancy(story: dict[str, Article]) -> None:
    figures = [f for a in story.values() for f in find_figures(a) if f.unit == "%"]
    [discrepancy] = numeric_discrepancies(figures, {})
    assert [side.says for side in discrepancy.sides][-1] == "45 %"


def test_continental_numbers_read_as_continental_only_in_a_foreign_article() -> None:
    assert parse_number("1.200", "es") == 1200 and parse_number("1,5", "de") == 1.5
    assert parse_number("1,2 Milliarden", "de") == 1.2e9
    assert parse_number("1.200") == 1.2


def test_an_english_claim_about_a_german_article_is_checked_by_value() -> None:
    text = "Die Kommission verhängte eine Geldbuße von 1,2 Milliarden Euro."
    assert unsupported_numbers("The fine was 1.2 billion euros", text) == []
    assert unsupported_numbers("The fine was 1.3 billion euros", text) == ["1.3"]


def test_an_english_claim_is_grounded_in_german_evidence_by_shared_names_and_numbers(story: dict[str, Article]) -> None:
    evidence = "Calyra kommt nach Angaben der Kommission auf rund 40 Prozent des europäischen Marktes."
    claim = "Calyra holds about 40 percent of the European market for business cloud storage"
    text = story["de_handelsblick"].text
    assert ground_claim(claim, evidence, text, cross_language=True) == (evidence, "model")
    assert ground_claim(claim, evidence, text)[1] is None


def test_an_english_claim_sharing_only_a_name_with_its_german_evidence_is_marked_unchecked() -> None:
    from summarizer.article.verify import by_names_only

    evidence = "Konzernchef Tomas Lindqvist kündigte an, das Unternehmen werde Berufung einlegen."
    assert by_names_only("Tomas Lindqvist announced that the company will lay off employees", evidence)


def test_an_english_claim_sharing_a_number_with_its_german_evidence_is_not_marked() -> None:
    from summarizer.article.verify import by_names_only

    evidence = "Die Kommission verhängte eine Strafe von 1,2 Milliarden Euro gegen Calyra, die 2025 fällig wird."
    assert not by_names_only("Calyra must pay the fine in 2025", evidence)


def test_no_summary_sentence_rests_on_a_claim_checked_by_names_only(story: dict[str, Article]) -> None:
    from summarizer.schema import Claim
    from summarizer.story import assemble

    claims = [Claim(ref=f"{a}.1", text="Tomas Lindqvist said the company will lay off employees", evidence="e",
                    article_id=a, evidence_verified=True, evidence_by_names_only=True) for a in ("A1",)]
    brief = ArticleBrief(article=story["de_handelsblick"].model_copy(update={"id": "A1"}), headline="h",
                         summary="s", claims=claims)
    other = ArticleBrief(article=story["en_wire"].model_copy(update={"id": "A2"}), headline="h", summary="s")
    result = assemble([brief, other], Reconciliation.model_validate({
        "title": "Calyra", "summary": "Tomas Lindqvist said the company will lay off employees."}))
    assert "lay off" not in result.summary
    assert [d.reason for d in result.dropped if d.kind == "summary" and "lay off" in d.text] == [
        "rests on none of the briefing's points"]


def test_evidence_the_model_wrapped_in_its_own_words_is_the_span_it_quotes() -> None:
    text = "De bond wil de actie tot en met vrijdag volhouden. Bond en werkgevers schuiven dinsdag aan bij Ineke Vos."
    wrapped = "Het artikel states: 'Bond en werkgevers schuiven dinsdag aan bij Ineke Vos'"
    claim = "Bond en werkgevers schuiven dinsdag aan bij bemiddelaar Ineke Vos"
    assert ground_claim(claim, wrapped, text, language="nl") == (
        "Bond en werkgevers schuiven dinsdag aan bij Ineke Vos", "model")


# ---------------------------------------------------------------------------------------------------------------
# Dates across languages


def test_the_same_date_written_in_five_languages_resolves_to_one_day(story: dict[str, Article]) -> None:
    found = {}
    for stem, a in story.items():
        for mention in find_date_mentions(a.text, a.language):
            date, basis = resolve_date(mention.text, a.dateline, sentence=mention.sentence, language=a.language)
            if date == dt.date(2022, 6, 14):
                found[stem] = (mention.text, basis)
    assert found == {
        "en_wire": ("June 14, 2022", "stated"), "de_handelsblick": ("14. Juni 2022", "stated"),
        "fr_lequotidien": ("14 juin 2022", "stated"), "es_eldiario": ("14 de junio de 2022", "stated"),
        "it_corriere": ("14 giugno 2022", "stated"), "nl_dagblad": ("14 juni 2022", "stated"),
    }


@pytest.mark.parametrize(("stem", "phrase"), [("fr_lequotidien", "mardi"), ("it_corriere", "ieri"),
                                              ("de_handelsblick", "Dienstag"), ("es_eldiario", "martes")])
def test_relative_days_resolve_against_the_dateline_and_are_marked_inferred(
    story: dict[str, Article], stem: str, phrase: str,
) -> None:
    a = story[stem]
    [mention] = [m for m in find_date_mentions(a.text, a.language) if m.text == phrase]
    assert resolve_date(phrase, a.dateline, sentence=mention.sentence, language=a.language) == (
        dt.date(2025, 3, 11), "inferred")


def test_foreign_datelines_are_read(story: dict[str, Article]) -> None:
    assert story["es_eldiario"].dateline_text == "Bruselas, 11 de marzo de 2025"
    assert story["fr_lequotidien"].dateline == dt.date(2025, 3, 12)


def test_a_german_ordinal_day_does_not_end_the_sentence() -> None:
    assert sentences("Sie hatte am 14. Juni 2022 begonnen. Dann kam mehr.") == [
        "Sie hatte am 14. Juni 2022 begonnen.", "Dann kam mehr."]


def test_a_spanish_abbreviation_that_is_also_a_word_is_not_a_month() -> None:
    assert find_date_mentions("Hace 3 ago mar de fondo.", "es") == []


# ---------------------------------------------------------------------------------------------------------------
# Quote provenance


def test_an_outlet_printing_a_quote_as_its_own_narrative_is_flagged(story: dict[str, Article]) -> None:
    wire, ledger = story["en_wire"], story["en_techledger"]
    quotes = [q for q in find_quotes(wire) if q.text.startswith("Cloud customers")]
    [flag] = provenance_discrepancies(quotes, [wire, ledger], {})
    assert flag.kind == "provenance" and flag.sides[1].article_ids == (ledger.id,)
    assert printed_as_narrative([quotes[0].text], wire.text) == {}


def test_one_remark_printed_in_several_languages_is_a_provenance_issue_naming_each_language() -> None:
    english = Quote(text="Companies that lock in their customers will pay for it", speaker="Elena Varga",
                    article_id="A1", language="en")
    german = Quote(text="Unternehmen, die ihre Kunden einsperren, werden dafür bezahlen", speaker="Elena Varga",
                   article_id="A2", language="de", translation="Companies that lock in their customers will pay for it")
    other = Quote(text="Faremo ricorso contro questa decisione", speaker="Tomas Lindqvist", article_id="A3",
                  language="it", translation="We will appeal this decision")
    [flag] = provenance_discrepancies([english, german, other], [], {})
    assert flag.topic == "Elena Varga printed in 2 languages (de, en)"
    assert "model translation, not the printed words: Companies that lock in" in flag.sides[1].says


def test_a_remark_printed_only_in_other_languages_is_agreed_with_its_translation_outside_the_quote_marks() -> None:
    from summarizer.story import assemble

    def brief(article_id: str, language: str, text: str, translation: str) -> ArticleBrief:
        source = Article(id=article_id, path=f"{article_id}.txt", title="t", text=text, language=language)
        quote = Quote(text=text, speaker="Tomas Lindqvist", article_id=article_id, language=language,
                      translation=translation)
        return ArticleBrief(article=source, headline="h", summary="s", quotes=[quote])

    briefs = [brief("A1", "it", "Faremo ricorso contro questa decisione", "We will appeal against this decision"),
              brief("A2", "es", "Recurriremos esta decisión ante los tribunales", "We will appeal this decision")]
    [point] = [p for p in assemble(briefs, None).shared_points if "quoted" in p.text]
    assert point.text == ("Tomas Lindqvist was quoted: “Faremo ricorso contro questa decisione” "
                          "(it; model translation: We will appeal against this decision)")
    assert "2 languages (es, it)" in point.why


def test_timeline_merges_one_day_across_languages_through_translations() -> None:
    from summarizer.story.timeline import build_timeline

    english = Event(what="The Commission opened its investigation on June 14, 2022.", when_text="June 14, 2022",
                    date=dt.date(2022, 6, 14), basis="stated", article_id="A1", language="en")
    german = Event(what="Die Untersuchung hatte am 14. Juni 2022 begonnen.", when_text="14. Juni 2022",
                   date=dt.date(2022, 6, 14), basis="stated", article_id="A2", language="de",
                   translation="The investigation began on June 14, 2022.")
    [entry] = build_timeline([english, german], {})
    assert entry.article_ids == ("A1", "A2") and entry.what.startswith("The Commission opened")


def test_a_timeline_line_is_never_a_sentence_left_in_another_language_when_a_translation_exists() -> None:
    from summarizer.story.timeline import build_timeline

    italian = Event(what="L'indagine è stata aperta il 14 giugno 2022.", when_text="14 giugno 2022",
                    date=dt.date(2022, 6, 14), basis="stated", article_id="A1", language="it")
    german = Event(what="Die Untersuchung hatte am 14. Juni 2022 begonnen, sagte die Kommission.",
                   when_text="14. Juni 2022", date=dt.date(2022, 6, 14), basis="stated", article_id="A2",
                   language="de", translation="The investigation began on June 14, 2022, the Commission said.")
    [entry] = build_timeline([italian, german], {})
    assert entry.what.startswith("The investigation began") and entry.translated_from == "de"


# ---------------------------------------------------------------------------------------------------------------
# Command line


def test_an_invalid_lang_is_a_one_line_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["brief", str(STORY), "--lang", "german"])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "lang" in err and "Traceback" not in err


def test_a_wrapped_span_keeps_the_apostrophes_inside_its_words() -> None:
    text = "Les portiques sont à l’arrêt depuis lundi 6 heures. Aucun navire n’a accosté."
    wrapped = "The article states that 'Les portiques sont à l’arrêt depuis lundi 6 heures'."
    assert ground_claim("Les portiques sont à l’arrêt depuis lundi", wrapped, text, language="fr") == (
        "Les portiques sont à l’arrêt depuis lundi 6 heures", "model")
