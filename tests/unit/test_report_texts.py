"""The annual report's free texts: their headings, the text of a section, and the limits."""

import pytest

from domain.errors import ValidationError
from domain.i18n import set_language
from domain.report_texts import MAX_TEXT_LENGTH, ReportSection, ReportTexts


def test_the_sections_are_the_foreword_and_then_the_highlights():
    assert list(ReportSection) == [ReportSection.FOREWORD, ReportSection.HIGHLIGHTS]


def test_the_headings_are_finnish_by_default():
    assert [s.label for s in ReportSection] == ["Esipuhe", "Vuoden kohokohdat"]


def test_the_headings_are_english_on_request():
    set_language("en")
    assert [s.label for s in ReportSection] == ["Foreword", "Highlights of the year"]


def test_a_section_without_text_gives_an_empty_text():
    texts = ReportTexts(2025, {ReportSection.FOREWORD: "Vuosi oli vilkas."})
    assert texts.text(ReportSection.FOREWORD) == "Vuosi oli vilkas."
    assert texts.text(ReportSection.HIGHLIGHTS) == ""


def test_the_texts_do_not_change_when_the_dict_they_were_made_from_does():
    given = {ReportSection.FOREWORD: "Alkuperäinen"}
    texts = ReportTexts(2025, given)
    given[ReportSection.FOREWORD] = "Muutettu"
    assert texts.text(ReportSection.FOREWORD) == "Alkuperäinen"


def test_tidying_drops_blank_space_around_a_text_and_empty_sections():
    texts = ReportTexts(
        2025, {ReportSection.FOREWORD: "\n  Rivi 1\n\nRivi 2  \n", ReportSection.HIGHLIGHTS: " \n "}
    )
    assert texts.tidied() == ReportTexts(2025, {ReportSection.FOREWORD: "Rivi 1\n\nRivi 2"})


def test_texts_of_only_blank_space_are_empty():
    assert ReportTexts(2025, {ReportSection.HIGHLIGHTS: "  \n"}).is_empty()


@pytest.mark.parametrize("year", [1900, 2025, 2100])
def test_a_year_from_1900_to_2100_is_accepted(year):
    ReportTexts(year, {ReportSection.FOREWORD: "Teksti"}).validate()


@pytest.mark.parametrize("year", [1899, 2101, 25])
def test_a_year_outside_1900_to_2100_is_refused_on_the_year(year):
    with pytest.raises(ValidationError) as caught:
        ReportTexts(year).validate()
    assert caught.value.field == "year"
    assert caught.value.message == "Vuoden on oltava välillä 1900–2100"


def test_a_text_of_the_longest_length_is_accepted():
    ReportTexts(2025, {ReportSection.HIGHLIGHTS: "a" * MAX_TEXT_LENGTH}).validate()


def test_a_text_one_character_too_long_is_refused_naming_its_section():
    with pytest.raises(ValidationError) as caught:
        ReportTexts(2025, {ReportSection.HIGHLIGHTS: "a" * 20_001}).validate()
    assert caught.value.field == "highlights"
    assert caught.value.message == (
        "Vuoden kohokohdat: teksti on liian pitkä, 20\u00a0001 merkkiä (enintään 20\u00a0000)"
    )


def test_blank_space_around_a_text_does_not_count_towards_its_length():
    ReportTexts(2025, {ReportSection.FOREWORD: "a" * MAX_TEXT_LENGTH + "\n\n"}).validate()


def test_every_section_too_long_is_reported_at_once():
    long = "a" * 20_001
    with pytest.raises(ValidationError) as caught:
        ReportTexts(2025, {ReportSection.FOREWORD: long, ReportSection.HIGHLIGHTS: long}).validate()
    assert set(caught.value.by_field()) == {"foreword", "highlights"}
