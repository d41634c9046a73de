"""The annual report's free texts kept per year, on a real SQLite file."""

import pytest

from domain.errors import ValidationError
from domain.report_texts import ReportSection, ReportTexts
from services.report_texts import load_report_texts, save_report_texts
from storage.database import open_database

FOREWORD = ReportSection.FOREWORD
HIGHLIGHTS = ReportSection.HIGHLIGHTS


def test_saved_texts_are_read_back_as_written(db):
    written = {
        FOREWORD: "Vuosi 2025 oli muutosten vuosi.\n\nKiitos kaikille!",
        HIGHLIGHTS: "– Uusi toimisto\n– 40 edunvalvojaa",
    }
    save_report_texts(db, ReportTexts(2025, written))
    assert load_report_texts(db, 2025) == ReportTexts(2025, written)


def test_saved_texts_are_there_when_the_file_is_opened_again(db):
    save_report_texts(db, ReportTexts(2025, {FOREWORD: "Esipuheen teksti"}))
    db.close()
    again = open_database(db.url)
    try:
        assert load_report_texts(again, 2025).text(FOREWORD) == "Esipuheen teksti"
    finally:
        again.close()


def test_a_year_never_written_has_empty_texts(db):
    texts = load_report_texts(db, 2024)
    assert texts.year == 2024
    assert [texts.text(s) for s in ReportSection] == ["", ""]


def test_each_year_keeps_its_own_texts(db):
    save_report_texts(db, ReportTexts(2024, {FOREWORD: "Vuoden 2024 esipuhe"}))
    save_report_texts(
        db, ReportTexts(2025, {FOREWORD: "Vuoden 2025 esipuhe", HIGHLIGHTS: "Kohokohdat 2025"})
    )
    assert load_report_texts(db, 2024) == ReportTexts(2024, {FOREWORD: "Vuoden 2024 esipuhe"})
    assert load_report_texts(db, 2025).text(FOREWORD) == "Vuoden 2025 esipuhe"


def test_saving_replaces_the_years_earlier_texts(db):
    save_report_texts(db, ReportTexts(2025, {FOREWORD: "Luonnos", HIGHLIGHTS: "Luonnos"}))
    save_report_texts(db, ReportTexts(2025, {FOREWORD: "Lopullinen", HIGHLIGHTS: "Lopullinen"}))
    assert load_report_texts(db, 2025) == ReportTexts(
        2025, {FOREWORD: "Lopullinen", HIGHLIGHTS: "Lopullinen"}
    )


def test_a_text_emptied_is_removed(db):
    save_report_texts(db, ReportTexts(2025, {FOREWORD: "Esipuhe", HIGHLIGHTS: "Kohokohdat"}))
    save_report_texts(db, ReportTexts(2025, {FOREWORD: "Esipuhe", HIGHLIGHTS: "  \n"}))
    assert load_report_texts(db, 2025).texts == {FOREWORD: "Esipuhe"}


def test_a_year_whose_texts_are_all_emptied_has_none_left(db):
    save_report_texts(db, ReportTexts(2025, {FOREWORD: "Esipuhe"}))
    save_report_texts(db, ReportTexts(2025, {FOREWORD: ""}))
    assert load_report_texts(db, 2025) == ReportTexts(2025)


def test_blank_space_around_a_text_is_not_kept(db):
    save_report_texts(db, ReportTexts(2025, {FOREWORD: "\n  Teksti  \n\n"}))
    assert load_report_texts(db, 2025).text(FOREWORD) == "Teksti"


def test_a_text_too_long_is_refused_naming_its_section_and_nothing_is_saved(db):
    save_report_texts(db, ReportTexts(2025, {FOREWORD: "Ennallaan", HIGHLIGHTS: "Ennallaan"}))
    with pytest.raises(ValidationError) as caught:
        save_report_texts(db, ReportTexts(2025, {FOREWORD: "Uusi", HIGHLIGHTS: "x" * 20_001}))
    assert caught.value.field == "highlights"
    assert "Vuoden kohokohdat" in caught.value.message
    assert load_report_texts(db, 2025) == ReportTexts(
        2025, {FOREWORD: "Ennallaan", HIGHLIGHTS: "Ennallaan"}
    )
