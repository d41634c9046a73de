"""Help → User guide (F1): a page per tab, in the interface's language, searchable."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt

from domain.i18n import set_language
from ui.app.help_window import HELP_FOLDER, PAGE_NAMES, HelpWindow, help_pages
from ui.app.main_window import MainWindow


@pytest.fixture
def window(qtbot, db, db_path):
    shown = MainWindow(db, str(db_path))
    qtbot.addWidget(shown)
    shown.show()
    shown.show_tabs()
    return shown


@pytest.fixture
def guide(qtbot):
    shown = HelpWindow()
    qtbot.addWidget(shown)
    shown.show()
    return shown


def test_f1_opens_the_guide_at_the_page_of_the_tab_in_view(window, qtbot):
    window.open_tab("finance_tab")

    qtbot.keyClick(window, Qt.Key.Key_F1)

    assert window.help_window.isVisible()
    assert window.help_window.shown_page() == "finance"
    assert "Tositenumero" in window.help_window.browser.toPlainText()


def test_the_search_lists_the_pages_with_every_word_in_any_letters(guide, qtbot):
    qtbot.keyClicks(guide.search, "TOSITENUMERO vuoden")

    titles = [guide.contents.item(i).text() for i in range(guide.contents.count())]
    assert titles == ["Talous"]
    assert guide.browser.textCursor().selectedText().casefold() == "tositenumero"


def test_accents_need_not_be_typed(guide, qtbot):
    qtbot.keyClicks(guide.search, "hallituksen talousraportti paiva")

    assert guide.contents.count() >= 1
    assert not guide.no_match.isVisible()


def test_a_search_that_finds_nothing_says_so(guide, qtbot):
    qtbot.keyClicks(guide.search, "kvanttitietokone")

    assert guide.contents.count() == 0
    assert guide.no_match.isVisible()


def test_a_link_in_a_page_opens_that_page(guide):
    guide.show_page("start")

    guide.browser.anchorClicked.emit(guide.browser.source().resolved("keys.html"))

    assert guide.shown_page() == "keys"


def test_the_english_guide_is_english(qtbot):
    set_language("en")
    try:
        shown = HelpWindow()
        qtbot.addWidget(shown)
        shown.show_page("caselog")
        assert "Do not record identity codes" in shown.browser.toPlainText()
    finally:
        set_language("fi")


@pytest.mark.parametrize("language", ["fi", "en"])
def test_every_page_has_a_title_and_its_links_lead_to_pages(language):
    for page in help_pages(language):
        text = page.path.read_text(encoding="utf-8")
        assert page.title != page.name
        for link in re.findall(r'href="([^"]+)"', text):
            assert (HELP_FOLDER / language / link).is_file(), (page.name, link)
    assert [p.name for p in help_pages(language)] == list(PAGE_NAMES)
