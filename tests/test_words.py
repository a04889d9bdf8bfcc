"""Content words: what two sentences must share to be about the same thing, in the sentence's own language."""

from summarizer.text.words import content_words, overlap


def test_german_function_words_are_not_content_words():
    assert content_words("Die Stadt hat den Hafen und die Brücke gesperrt", "de") == {
        "stadt", "hafen", "brücke", "gesperrt"}


def test_two_unrelated_german_sentences_share_no_content_words():
    claim = "Die Regierung hat den Plan und die Kosten verteidigt"
    passage = "Die Polizei hat den Fahrer und die Zeugen befragt"
    assert overlap(claim, passage, "de") == 0.0


def test_english_keeps_words_news_is_about():
    assert {"fire", "million", "year"} <= content_words("The fire cost a million euros this year", "en")


def test_unknown_language_falls_back_to_english_function_words():
    assert content_words("the strike and the talks", None) == {"strike", "talks"}


def test_holding_most_of_a_texts_words_needs_both_the_count_and_the_share() -> None:
    from summarizer.text.words import holds_most

    wanted = {"alliance", "role", "planning", "offensive", "played"}
    assert holds_most(wanted, {"alliance", "role", "played", "operation"}, 3, 0.6)
    assert not holds_most(wanted, {"alliance", "role"}, 3, 0.6)
    assert not holds_most(wanted, {"alliance", "role", "played"}, 3, 0.7)
