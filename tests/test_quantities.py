"""Counts as ranges: vague and approximate counts of one thing compared across languages."""

from __future__ import annotations

from summarizer.schema import Article
from summarizer.story.discrepancies.ranges import range_discrepancies
from summarizer.text.quantities import find_counts


def article(article_id: str, text: str, language: str) -> Article:
    return Article(id=article_id, path=f"{article_id}.txt", title="t", text=text, language=language)


def test_vague_words_of_each_language_become_ranges_of_one_concept() -> None:
    counts = [c for a in (article("A1", "The water reached dozens of villages.", "en"),
                          article("A2", "L'acqua ha raggiunto decine di paesi.", "it"),
                          article("A3", "Une centaine de localités sont touchées.", "fr"))
              for c in find_counts(a)]
    assert [(c.concept, c.low, c.high) for c in counts] == [
        ("settlements", 24, 75), ("settlements", 24, 75), ("settlements", 80, 120)]


def test_a_continental_count_before_a_noun_in_a_march_is_a_crowd_with_its_claimant() -> None:
    [count] = find_counts(article("A1", "Nach Angaben der Gewerkschaft zogen rund 4.000 Hafenarbeiter zum Rathaus.", "de"))
    assert (count.concept, count.low, count.high, count.claimant) == ("marchers", 3600, 4400, "Gewerkschaft")


def test_people_outside_a_march_are_not_a_crowd_but_what_the_sentence_says_happened_to_them() -> None:
    counts = find_counts(article("A1", "More than 1,000 people were evacuated and two people died.", "en"))
    assert [(c.concept, c.low, c.high, c.raw) for c in counts] == [
        ("evacuated", 1000, 1500, "More than 1,000 people were evacuated"), ("dead", 2, 2, "two people died")]


def test_a_count_written_as_a_word_is_read_only_in_its_own_language() -> None:
    [count] = find_counts(article("A1", "Près de quarante navires attendaient au large.", "fr"))
    assert (count.concept, count.low, count.high) == ("ships", 36, 44)
    assert find_counts(article("A2", "A maioria dos navios esperava ao largo.", "pt")) == []


def test_the_same_death_toll_in_four_languages_is_one_agreed_count_in_english_figures() -> None:
    from summarizer.story.agreement import agreeing_counts
    from summarizer.story.counts import count_clusters

    articles = [article("A1", "Two people have died.", "en"), article("A2", "Deux personnes sont mortes.", "fr"),
                article("A3", "La crecida ha dejado dos muertos.", "es"), article("A4", "Ci sono due morti.", "it")]
    [point] = agreeing_counts(count_clusters(articles), {})
    assert point.text == "Dead: 2 (Two people have died / Deux personnes sont mortes / dos muertos / due morti)"
    assert point.article_ids == ("A1", "A2", "A3", "A4")


def test_counts_read_for_agreement_only_never_contradict() -> None:
    articles = [article("A1", "Five people died on Monday.", "en"), article("A2", "Seven people died by Tuesday.", "en")]
    assert range_discrepancies(articles, {}) == []


def test_a_count_every_source_credits_to_someone_says_who() -> None:
    from summarizer.story.agreement import agreeing_counts
    from summarizer.story.counts import count_clusters

    articles = [article("A1", "According to the union, 1,800 jobs will go.", "en"),
                article("A2", "Según el sindicato, se perderán 1.800 empleos.", "es")]
    [point] = agreeing_counts(count_clusters(articles), {})
    assert point.text.startswith("Jobs according to union / sindicato: 1,800")


def test_dozens_against_about_a_hundred_is_a_numeric_discrepancy_across_languages() -> None:
    articles = [article("A1", "The flood reached dozens of villages.", "en"),
                article("A2", "El agua afecta a cerca de un centenar de localidades.", "es")]
    [found] = range_discrepancies(articles, {})
    assert found.kind == "numeric" and [s.article_ids for s in found.sides] == [("A1",), ("A2",)]


def test_compatible_counts_and_a_wide_range_between_them_are_no_discrepancy() -> None:
    articles = [article("A1", "Several thousand workers marched on Tuesday.", "en"),
                article("A2", "Quelque 2 500 dockers ont défilé mardi.", "fr"),
                article("A3", "About 2,600 dockers marched.", "en")]
    assert range_discrepancies(articles, {}) == []


def test_a_crowd_counted_by_the_union_and_by_the_police_disagrees() -> None:
    articles = [article("A1", "Nach Angaben der Gewerkschaft zogen rund 4.000 Hafenarbeiter durch die Stadt.", "de"),
                article("A2", "Quelque 2 500 dockers, selon la police, ont défilé.", "fr"),
                article("A3", "Several thousand workers marched.", "en")]
    [found] = range_discrepancies(articles, {})
    assert [(s.article_ids, s.claimant) for s in found.sides] == [(("A2",), "police"), (("A1",), "Gewerkschaft")]


def test_two_counts_in_one_article_are_not_a_disagreement_between_sources() -> None:
    text = "Kyiv said it captured dozens of settlements. Russia said it took three villages on Friday."
    assert range_discrepancies([article("A1", text, "en")], {}) == []


def test_being_forced_from_home_is_being_evacuated_in_every_wording() -> None:
    counts = [c for a in (article("A1", "More than 1,000 have been forced from their homes.", "en"),
                          article("A2", "Il bilancio è di 1.300 persone costrette a lasciare le proprie case.", "it"),
                          article("A3", "A cheia obrigou mais de mil pessoas a abandonar as suas casas.", "pt"))
              for c in find_counts(a)]
    assert [(c.concept, c.low, c.high) for c in counts] == [
        ("evacuated", 1000, 1500), ("evacuated", 1300, 1300), ("evacuated", 1000, 1500)]


def test_the_number_of_words_between_a_count_and_its_noun_are_read_through() -> None:
    [count] = find_counts(article("A1", "La Junta eleva a 1.300 el número de personas desalojadas.", "es"))
    assert (count.concept, count.value) == ("evacuated", 1300)


def test_a_thousand_in_words_multiplies_the_number_word_before_it_and_is_no_year() -> None:
    [count] = find_counts(article("A1", "Hay dos mil personas desalojadas.", "es"))
    assert (count.value, count.raw) == (2000, "dos mil personas desalojadas")


def test_counts_that_agree_with_different_numbers_show_each_number_not_one_for_all() -> None:
    from summarizer.story.agreement import agreeing_counts
    from summarizer.story.counts import count_clusters

    articles = [article("A1", "More than 1,000 have been forced from their homes.", "en"),
                article("A2", "1 300 habitants ont été évacués.", "fr"),
                article("A3", "Il bilancio è di 1.300 evacuati nella regione.", "it")]
    [point] = agreeing_counts(count_clusters(articles), {})
    assert point.text.startswith("Evacuated: 1,300 / more than 1,000 (")


def test_the_numbers_a_text_says_include_its_own_languages_number_words_but_not_years() -> None:
    from summarizer.text.quantities import numbers_said

    assert numbers_said("Vijf procent over twee jaar, sinds 2024 en 1.300 banen", "nl") == {5, 2, 1300}


def test_one_is_not_read_as_a_number_since_it_is_also_an_article() -> None:
    from summarizer.text.quantities import numbers_said

    assert numbers_said("Un acuerdo en dos años", "es") == {2}
