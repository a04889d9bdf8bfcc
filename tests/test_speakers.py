"""Who said a quotation: a proposed speaker is shown only if the article names that person near the quotation."""

from __future__ import annotations

import pytest

from summarizer.article.attribute import proposals, settle
from summarizer.schema import Article, ArticleBrief, ProposedSpeaker, Quote
from summarizer.text.speakers import check_speaker, not_persons, speaker_from_context
from summarizer.text.verbatim import locate_spans

GERMAN = (
    "Berlin (dpa) – Der Generalsekretär des Bündnisses, Piet Aalbers, hat den Einsatz verteidigt.\n"
    "„Wir waren an der Planung nicht beteiligt“, sagte Aalbers der „Welt am Sonntag“.\n"
    "Die Regierung in Ankara äußerte sich nicht."
)
SPANISH = (
    "MADRID, 7 Sep. (EUROPA PRESS) - La ministra de Industria, Carmen Ibáñez, ha visitado Burgos.\n"
    "El alcalde, Javier Ortega, ha celebrado la noticia.\n"
    "“No ha habido ni un euro de ayudas”, ha señalado la ministra en declaraciones a la Cadena SER."
)
ENGLISH = (
    "BRUSSELS – The secretary general of the alliance said on Sunday that the operation was national.\n"
    "Lena Marsh, who leads the alliance, spoke to reporters after the meeting. Tom Reyes, a diplomat, listened.\n"
    "Marsh said the allies were informed late.\n"
    "“We were told only hours before,” the secretary general said.\n"
    "Reyes declined to comment. “It is too early to judge,” he said."
)


def verdict(text: str, quote: str, proposed: str | None, people: list[str]) -> str | None:
    spans = locate_spans(quote, text)
    assert spans, quote
    return check_speaker(proposed, text, spans[0][0], spans[-1][1], people=people, blocked=not_persons(text)).name


def test_a_speaker_named_beside_the_quotation_is_accepted_with_the_full_name() -> None:
    assert verdict(GERMAN, "Wir waren an der Planung nicht beteiligt", "Aalbers", ["Piet Aalbers"]) == "Piet Aalbers"


def test_a_word_of_the_newspaper_after_the_speaker_is_never_the_speaker() -> None:
    assert verdict(GERMAN, "Wir waren an der Planung nicht beteiligt", "Sonntag", ["Piet Aalbers"]) is None


def test_publications_and_agencies_the_article_names_are_not_persons() -> None:
    blocked = not_persons(SPANISH)
    assert {"cadena ser", "europa press"} <= set(blocked.publications)
    assert "welt am sonntag" in not_persons(GERMAN).publications


def test_a_title_near_the_quotation_names_the_one_person_given_that_title() -> None:
    people = ["Carmen Ibáñez", "Javier Ortega"]
    assert verdict(SPANISH, "No ha habido ni un euro de ayudas", "Carmen Ibáñez", people) == "Carmen Ibáñez"
    assert verdict(SPANISH, "No ha habido ni un euro de ayudas", "la ministra", people) == "Carmen Ibáñez"


def test_another_person_of_the_article_is_refused_when_not_named_near_the_quotation() -> None:
    people = ["Carmen Ibáñez", "Javier Ortega"]
    assert verdict(SPANISH, "No ha habido ni un euro de ayudas", "Javier Ortega", people) is None


def test_a_role_the_lede_gives_refers_to_the_most_mentioned_person() -> None:
    people = ["Lena Marsh", "Tom Reyes"]
    assert verdict(ENGLISH, "We were told only hours before", "Lena Marsh", people) == "Lena Marsh"
    assert verdict(ENGLISH, "We were told only hours before", "Tom Reyes", people) is None


def test_he_said_refers_to_the_last_person_named_before_the_quotation() -> None:
    people = ["Lena Marsh", "Tom Reyes"]
    assert verdict(ENGLISH, "It is too early to judge", "Tom Reyes", people) == "Tom Reyes"
    assert verdict(ENGLISH, "It is too early to judge", "Lena Marsh", people) is None


def test_a_place_or_a_name_not_in_the_article_is_refused() -> None:
    spans = locate_spans("Wir waren an der Planung nicht beteiligt", GERMAN)
    assert spans
    checked = check_speaker("Ankara", GERMAN, spans[0][0], spans[-1][1], people=["Piet Aalbers"],
                            blocked=not_persons(GERMAN), places=["Ankara"])
    assert checked.name is None and "place" in checked.reason
    assert verdict(GERMAN, "Wir waren an der Planung nicht beteiligt", "Jens Berg", ["Piet Aalbers"]) is None


def brief_with(text: str, quotes: list[Quote], people: list[str]) -> ArticleBrief:
    article = Article(id="A1", path="a.txt", title="t", text=text, language="es")
    return ArticleBrief(article=article, headline="h", summary="s", quotes=quotes, people=people)


def test_code_and_model_naming_different_people_leaves_the_speaker_open_and_says_why() -> None:
    quote = Quote(text="No ha habido ni un euro de ayudas", speaker="Javier Ortega", article_id="A1")
    settled = settle(brief_with(SPANISH, [quote], ["Carmen Ibáñez", "Javier Ortega"]), {quote.text: "Carmen Ibáñez"})
    assert settled.quotes[0].speaker is None
    assert settled.quotes[0].speaker_note == "speaker uncertain: code read Javier Ortega, the model Carmen Ibáñez"


def test_a_refused_proposal_is_listed_with_its_reason() -> None:
    quote = Quote(text="Wir waren an der Planung nicht beteiligt", speaker="Sonntag", article_id="A1")
    settled = settle(brief_with(GERMAN, [quote], ["Piet Aalbers"]), {quote.text: "Piet Aalbers"})
    assert settled.quotes[0].speaker == "Piet Aalbers" and settled.quotes[0].speaker_by == "model"
    assert [d.kind for d in settled.dropped] == ["speaker"] and "“Welt am Sonntag”" in settled.dropped[0].reason


def test_the_models_speakers_are_matched_to_the_quotations_by_their_number() -> None:
    listed = ["first quotation here", "second quotation here"]
    answers = [ProposedSpeaker(n=2, speaker="Lena Marsh"), ProposedSpeaker(n=1, speaker="null"),
               ProposedSpeaker(n=7, speaker="Tom Reyes"), ProposedSpeaker(n=2, speaker="Tom Reyes")]
    assert proposals(answers, listed) == {"second quotation here": "Lena Marsh"}


def test_a_quotation_only_the_model_found_has_its_speaker_checked_as_the_models() -> None:
    quote = Quote(text="Wir waren an der Planung nicht beteiligt", speaker="Sonntag", article_id="A1", found_by="model")
    settled = settle(brief_with(GERMAN, [quote], ["Piet Aalbers"]), {})
    assert settled.quotes[0].speaker_by != "model"
    assert [(d.text.split(" for ")[0], d.reason.split(":")[0]) for d in settled.dropped] == [
        ("Sonntag", "proposed by the model")]


def test_one_person_is_one_speaker_across_articles() -> None:
    from summarizer.story.remarks import one_name_per_speaker

    quotes = [Quote(text="a b c d", speaker="Aagaard", article_id="A1"),
              Quote(text="e f g h", speaker="Søren Aagaard", article_id="A2"),
              Quote(text="i j k l", speaker="Carmen Ibáñez", article_id="A3")]
    assert [q.speaker for q in one_name_per_speaker(quotes)] == ["Søren Aagaard", "Søren Aagaard", "Carmen Ibáñez"]


def from_context(text: str, quote: str, people: list[str]) -> str | None:
    spans = locate_spans(quote, text)
    assert spans, quote
    return speaker_from_context(text, spans[0][0], spans[-1][1], people=people, blocked=not_persons(text))


PORTUGUESE = (
    "LISBOA – O coordenador da comissão de trabalhadores, Carlos Amaral, falou à porta da fábrica.\n"
    "“Espanha pôs dinheiro em cima da mesa”, afirmou.\n"
    "Amaral e a ministra Sofia Reis reuniram-se depois. “Vamos ver”, disse um operário."
)


def test_an_unattributed_quotation_goes_to_the_one_person_named_near_it() -> None:
    assert from_context(PORTUGUESE, "Espanha pôs dinheiro em cima da mesa", ["Carlos Amaral"]) == "Carlos Amaral"


def test_a_role_the_article_ties_to_one_person_names_them_for_an_unattributed_quotation() -> None:
    assert from_context(SPANISH, "No ha habido ni un euro de ayudas",
                        ["Carmen Ibáñez", "Javier Ortega"]) == "Carmen Ibáñez"


def test_two_people_named_near_an_unattributed_quotation_leave_it_unattributed() -> None:
    assert from_context(PORTUGUESE, "Vamos ver", ["Carlos Amaral", "Sofia Reis"]) is None


def test_a_newspaper_named_near_an_unattributed_quotation_is_never_its_speaker() -> None:
    text = "„Der Einsatz war national“, schreibt die „Rheinische Post“ in ihrem Kommentar."
    assert from_context(text, "Der Einsatz war national", ["Rheinische Post"]) is None


def test_settling_a_quotation_nobody_attributed_takes_the_one_person_named_near_it_as_codes_reading() -> None:
    quote = Quote(text="No ha habido ni un euro de ayudas", article_id="A1")
    settled = settle(brief_with(SPANISH, [quote], ["Carmen Ibáñez", "Javier Ortega"]), {})
    assert (settled.quotes[0].speaker, settled.quotes[0].speaker_by) == ("Carmen Ibáñez", "code")


def test_the_models_list_of_organisations_does_not_veto_codes_reading_of_x_said() -> None:
    text = "Tomas Lindqvist, the chief executive, spoke on Tuesday.\n“We will appeal this decision,” Lindqvist said."
    quote = Quote(text="We will appeal this decision", speaker="Tomas Lindqvist", article_id="A1")
    brief = brief_with(text, [quote], []).model_copy(update={"organisations": ["Tomas Lindqvist"],
                                                             "places": ["Tomas Lindqvist"]})
    assert settle(brief, {}).quotes[0].speaker == "Tomas Lindqvist"


POLISH = (
    "Landeck (PAP) – Rzeczniczka przewoźnika, Anna Huber, potwierdziła, że w pociągu było 312 pasażerów.\n"
    "„Przyczyna wypadku nie jest jeszcze znana” – powiedziała rzeczniczka w rozmowie z „Gazetą Krakowską”."
)


def test_a_polish_title_near_the_quotation_names_the_person_given_that_title() -> None:
    assert verdict(POLISH, "Przyczyna wypadku nie jest", "rzeczniczka", ["Anna Huber"]) == "Anna Huber"


def test_a_polish_newspaper_the_speaker_talked_to_is_not_a_person() -> None:
    assert "gazeta krakowska" in not_persons(POLISH).publications  # keys are folded
    assert verdict(POLISH, "Przyczyna wypadku nie jest", "Gazeta Krakowska", ["Anna Huber"]) is None


def test_an_age_epithet_refers_back_to_the_last_person_named_like_a_pronoun() -> None:
    text = ("Landeck – Der Lokführer, Martin Gasser, blieb unverletzt.\n"
            "Die Strecke bleibt bis Mittwoch gesperrt, teilte die Polizei mit.\n"
            "„Ich habe nur einen Schlag gehört“, sagte der 54-Jährige am Sonntag.")
    assert verdict(text, "Ich habe nur einen Schlag gehört", "Martin Gasser", ["Martin Gasser"]) == "Martin Gasser"


@pytest.mark.parametrize(("text", "quotation", "person"), [
    ("Kraków – Na pokładzie była studentka Zofia Nowak.\nLinia pozostanie zamknięta do piątku.\n"
     "„Najgorsze było czekanie w ciemności” – dodała 22-latka.", "Najgorsze było czekanie", "Zofia Nowak"),
    ("Lausanne – Parmi les passagers se trouvait Marc Dubois.\nLa ligne reste fermée jusqu’à vendredi.\n"
     "« Nous avons eu beaucoup de chance », a ajouté le quadragénaire.", "Nous avons eu beaucoup de chance",
     "Marc Dubois"),
])
def test_a_polish_or_french_age_epithet_refers_back_like_a_pronoun(text: str, quotation: str, person: str) -> None:
    assert verdict(text, quotation, person, [person]) == person
