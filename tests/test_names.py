"""Entity lists from a model become names: titles stripped, descriptions refused with a reason."""

from __future__ import annotations

import pytest

from summarizer.text.names import organisation_name, person_name, place_name, without_descriptor


@pytest.mark.parametrize(("raw", "name"), [
    ("NATO Secretary-General Jens Stoltenberg", "Jens Stoltenberg"),
    ("EU High Representative for Foreign Affairs Josep Borrell", "Josep Borrell"),
    ("Ukrainian Armed Forces Commander Oleksandr Syrskyi", "Oleksandr Syrskyi"),
    ("Kyiv's President Volodymyr Zelensky", "Volodymyr Zelensky"),
    ("NATO chief Jens Stoltenberg", "Jens Stoltenberg"),
    ("Ursula von der Leyen", "Ursula von der Leyen"),
])
def test_titles_and_descriptions_are_stripped_from_people(raw: str, name: str) -> None:
    assert person_name(raw) == (name, "")


@pytest.mark.parametrize(("raw", "reason"), [
    ("German newspaper Die Welt", "an organisation, not a person"),
    ("US House of Representatives Intelligence Committee", "an organisation, not a person"),
    ("Russian soldiers", "a description, not a name"),
    ("Ukraine's largest European military donor", "a description, not a name"),
])
def test_things_that_are_not_people_are_refused_with_a_reason(raw: str, reason: str) -> None:
    assert person_name(raw) == (None, reason)


def test_an_outlet_keeps_its_name_without_the_description() -> None:
    assert organisation_name("German newspaper Die Welt") == ("Die Welt", "")
    assert organisation_name("Welt am Sonntag") == ("Welt am Sonntag", "")


@pytest.mark.parametrize("raw", ["Kursk region", "Russia's Kursk border region", "the Russian city of Kursk"])
def test_places_lose_how_the_article_described_them(raw: str) -> None:
    assert place_name(raw) == ("Kursk", "")


@pytest.mark.parametrize("text", ["Le secrétaire général, le Danois Søren Aagaard, a parlé.",
                                  "Der Däne Søren Aagaard sprach.", "The Dane Søren Aagaard spoke."])
def test_a_nationality_printed_after_a_determiner_is_not_part_of_the_name(text: str) -> None:
    first = text.split("Søren")[0].split()[-1]
    assert without_descriptor(f"{first} Søren Aagaard", text) == "Søren Aagaard"


def test_a_first_name_stays_part_of_the_name() -> None:
    assert without_descriptor("Søren Aagaard Jensen", "Søren Aagaard Jensen spoke.") == "Søren Aagaard Jensen"



@pytest.mark.parametrize("word", ["VHW-Chef", "SPD-Vorsitzender", "ex-minister", "Außenminister", "spokesman"])
def test_titles_include_compounds_and_hyphenated_words_ending_in_a_title(word: str) -> None:
    from summarizer.text.names import is_title

    assert is_title(word)


@pytest.mark.parametrize("word", ["Jean-Pierre", "Hans-Peter", "Dijkhuis"])
def test_hyphenated_first_names_are_not_titles(word: str) -> None:
    from summarizer.text.names import is_title

    assert not is_title(word)
