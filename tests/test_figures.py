"""Figures: what code reads out of the seeds, and the number check applied to claims."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.schema import Article, Figure
from summarizer.text.figures import (
    find_figures,
    in_base_unit,
    measure_key,
    numbers_in,
    parse_number,
    unsupported_numbers,
)

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))


def seed(index: int) -> Article:
    """Seed NNN as article A<NNN>: first non-blank line is the title, the rest the text (no loader needed)."""
    title, _, text = SEEDS[index].read_text(encoding="utf-8").strip().partition("\n")
    return Article(id=f"A{index}", path=str(SEEDS[index]), title=title, text=text)


def article(text: str) -> Article:
    return Article(id="T1", path="t.txt", title="t", text=text)


def figure(index: int, raw: str) -> Figure:
    """The one figure of seed ``index`` written exactly as ``raw``."""
    matches = [f for f in find_figures(seed(index)) if f.raw == raw]
    assert len(matches) == 1, [f.raw for f in find_figures(seed(index))]
    return matches[0]


def test_area_with_more_than_is_approximate_and_claimed_by_kyiv() -> None:
    area = figure(3, "more than 1,200 square kilometers")
    assert (area.value, area.unit, area.approx, area.claimant) == (1200.0, "km²", True, "Kyiv")
    assert area.sentence.startswith("The offensive launched on Aug. 6") and area.article_id == "A3"


def test_parenthetical_conversion_is_its_own_figure_in_square_miles() -> None:
    area = figure(3, "nearly 500 square miles")
    assert (area.value, area.unit, area.approx, area.claimant) == (500.0, "mi²", True, "Kyiv")
    value, unit = in_base_unit(area)
    assert value == pytest.approx(1295.0, rel=1e-3) and unit == "km²"


def test_area_as_of_a_date_names_the_commander_who_stated_it() -> None:
    area = figure(4, "nearly 1,300 square kilometers")
    assert (area.value, area.unit, area.approx) == (1300.0, "km²", True)
    assert (area.as_of_text, area.as_of, area.claimant) == ("August 27", None, "Oleksandr Syrskyi")
    assert area.measure == "territory occupied in Kursk"


def test_count_unit_is_the_noun_and_measure_keeps_the_verb() -> None:
    soldiers = figure(4, "594 Russian soldiers")
    assert (soldiers.value, soldiers.unit, soldiers.approx) == (594.0, "soldiers", False)
    assert soldiers.measure == "Russian soldiers captured"


def test_over_and_approximately_mark_counts_approximate() -> None:
    missiles, drones = figure(4, "over 100 missiles"), figure(4, "approximately 100 drones")
    assert (missiles.value, missiles.unit, missiles.approx) == (100.0, "missiles", True)
    assert (drones.value, drones.unit, drones.approx) == (100.0, "drones", True)


def test_sets_of_a_system_count_the_system() -> None:
    patriots = figure(4, "25 sets of Patriot air defense systems")
    assert (patriots.value, patriots.unit, patriots.claimant) == (25.0, "Patriot systems", "Ukraine")


def test_word_numbers_and_multipliers_are_parsed() -> None:
    assert figure(3, "three villages").value == 3.0
    shells = figure(2, "one million artillery shells")
    assert (shells.value, shells.unit) == (1_000_000.0, "artillery shells")


def test_vague_quantities_are_not_figures() -> None:
    assert not [f for f in find_figures(seed(3)) if "dozens" in f.raw or "settlements" in f.unit]


def test_years_dates_times_ordinals_and_war_names_are_not_figures() -> None:
    text = ("On Aug. 6, 2024 at 01:45, on July 18 and on 25 May 2024 the second-largest donor, in its 2023 budget, "
            "recalled World War Two and a two-fold purpose. No one knew. See https://example.com/2024/08/31/a86213.")
    assert find_figures(article(text)) == []


def test_seed_datelines_yield_no_figures() -> None:
    assert find_figures(seed(0)) == [] and find_figures(seed(1)) == []


def test_territory_figures_from_two_sources_share_a_measure_key() -> None:
    km_003, mi_003 = figure(3, "more than 1,200 square kilometers"), figure(3, "nearly 500 square miles")
    km_004 = figure(4, "nearly 1,300 square kilometers")
    assert measure_key(km_003) == measure_key(mi_003) == measure_key(km_004) == "area:km²"
    assert measure_key(figure(4, "594 Russian soldiers")) != measure_key(km_004)


def test_model_unit_spellings_map_onto_the_same_key() -> None:
    model = Figure(value=1300, raw="1,300", unit="square kilometres", measure="land taken", article_id="A9")
    assert measure_key(model) == "area:km²" and in_base_unit(model) == (1300.0, "km²")


def test_numbers_in_lists_every_numeric_token_as_written() -> None:
    assert numbers_in("Nearly 1,300 km² and 594 soldiers in three days, one million shells, 2024") == \
        ["1,300", "594", "three", "one", "million", "2024"]


@pytest.mark.parametrize("text, value", [("1,300", 1300.0), ("nearly 1,300", 1300.0), ("One million", 1e6),
                                         ("1.3 thousand", 1300.0), ("three", 3.0), ("dozens", None)])
def test_parse_number_reads_what_a_model_writes(text: str, value: float | None) -> None:
    assert parse_number(text) == value


def test_unsupported_numbers_flags_a_number_the_article_never_states() -> None:
    assert unsupported_numbers("Ukraine took 1,500 square kilometers", seed(4).text) == ["1,500"]


def test_unsupported_numbers_accepts_numbers_the_article_states() -> None:
    text = seed(4).text
    assert unsupported_numbers("Ukraine held 1,300 km² and captured 594 soldiers", text) == []
    assert unsupported_numbers("Ukraine held 1300 km²", text) == []


def test_unsupported_numbers_matches_word_numbers_and_digits_both_ways() -> None:
    assert unsupported_numbers("Russia claimed 3 villages", seed(3).text) == []
    assert unsupported_numbers("Russia claimed three villages", "Russia claimed 3 villages.") == []


def test_rescaled_numbers_are_unsupported() -> None:
    assert unsupported_numbers("about 1.3 thousand square kilometers", seed(4).text) == ["1.3", "thousand"]


def test_a_relative_time_is_not_a_figure() -> None:
    article = Article(id="A1", path="x", title="t", text="Forces held positions two weeks after the incursion began.")
    assert find_figures(article) == []


def test_an_offered_and_a_demanded_figure_are_different_measures() -> None:
    text = "El sindicato exige una subida del 8 %. La patronal ofrece un 5 % en dos años."
    figures = find_figures(Article(id="A1", path="a.txt", title="t", text=text, language="es"))
    assert [(f.raw, f.measure) for f in figures] == [("8 %", "% demanded"), ("5 %", "% offered")]
    assert measure_key(figures[0]) != measure_key(figures[1])


def test_number_words_parse_to_their_value():
    assert [parse_number(w) for w in ("twenty-five", "two hundred and fifty", "thirty")] == [25, 250, 30]


def test_number_words_parse_in_other_languages():
    assert parse_number("vingt-cinq", "fr") == 25


def test_a_claim_in_digits_matches_an_article_in_words():
    assert unsupported_numbers("25 soldiers were killed", "Twenty-five soldiers were killed on Monday.") == []


def test_a_claim_in_words_matches_an_article_in_digits():
    assert unsupported_numbers("twenty-five soldiers", "25 soldiers died") == []


def test_a_different_number_stays_unsupported_after_reading_words():
    assert unsupported_numbers("25 soldiers were killed", "Thirty soldiers were killed.") == ["25"]
