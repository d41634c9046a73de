"""The funding sources of a year, driven through the page: € and % per source with the
per cents adding up to 100, the total row, the drill-down, the chart, an empty year."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from domain.finance import CategoryKind, Transaction
from domain.i18n import _, set_language
from services.finance import save_transaction
from ui.finance.funding_page import FundingPage

NBSP = "\u00a0"

TRANSACTIONS = [
    (date(2024, 1, 15), "Valtionavustus perustoimintaan", "200000"),
    (date(2024, 3, 1), "Asiantuntijapalvelujen myynti", "100000"),
    (date(2024, 9, 1), "Asiantuntijapalvelujen myynti", "20000.50"),
    (date(2024, 7, 2), "Hankerahoitus", "60000"),
    (date(2024, 5, 10), "Muut tuotot", "1500"),
    (date(2024, 2, 1), "Henkilöstökulut", "130000"),  # an expense: no funding source
    # 2023: three equal sources, 33⅓ % each
    (date(2023, 2, 1), "Valtionavustus perustoimintaan", "1000"),
    (date(2023, 3, 1), "Hankerahoitus", "1000"),
    (date(2023, 4, 1), "Kuntarahoitus", "1000"),
]


def money(text: str) -> str:
    return text.replace(" ", NBSP) + NBSP + "€"


def percent(text: str) -> str:
    return text + NBSP + "%"


def category_id(db, name: str) -> str:
    with db.unit_of_work() as uow:
        return uow.categories.by_name(name).id


@pytest.fixture
def booked(db):
    for day, name, amount in TRANSACTIONS:
        save_transaction(
            db, Transaction(day, category_id(db, name), Decimal(amount), "kirjaus"), None
        )


@pytest.fixture
def page(qtbot, db, booked):
    widget = FundingPage(db)
    qtbot.addWidget(widget)
    widget.resize(1100, 720)
    with qtbot.waitActive(widget):  # Ctrl+C works in the active window only
        widget.show()
        widget.activateWindow()
    return widget


def choose_year(page, year: int) -> None:
    page.year_combo.setCurrentIndex(page.year_combo.findData(year))


def cells(page) -> list[list[str]]:
    model = page.model
    return [
        [model.row(r).cells[c] for c in range(model.columnCount())] for r in range(model.rowCount())
    ]


def test_the_newest_year_with_income_is_shown_when_this_year_has_none(page):
    this_year = date.today().year
    assert this_year > 2024  # the data are older than the clock
    assert page.year_combo.currentData() == 2024
    offered = [page.year_combo.itemData(i) for i in range(page.year_combo.count())]
    assert offered == sorted({this_year, *range(2023, 2025)}, reverse=True)


def test_the_current_year_is_shown_when_it_has_income(qtbot, db, booked):
    this_year = date.today().year
    save_transaction(
        db,
        Transaction(date(this_year, 1, 2), category_id(db, "Muut tuotot"), Decimal(10), ""),
        None,
    )
    widget = FundingPage(db)
    qtbot.addWidget(widget)
    widget.show()
    assert widget.year_combo.currentData() == this_year
    assert cells(widget)[0] == ["Muut tuotot", money("10,00"), percent("100")]


def test_each_source_shows_its_income_and_share_with_a_total_row(page):
    assert page.model.header_texts() == [_("Source"), _("€"), _("%")]
    assert cells(page) == [
        ["Valtionavustus perustoimintaan", money("200 000,00"), percent("52")],
        ["Asiantuntijapalvelujen myynti", money("120 000,50"), percent("32")],
        ["Hankerahoitus", money("60 000,00"), percent("16")],
        ["Muut tuotot", money("1 500,00"), percent("0")],
        [_("TOTAL"), money("381 500,50"), percent("100")],
    ]
    total = page.model.index(page.model.rowCount() - 1, 0)
    assert page.model.data(total, Qt.ItemDataRole.FontRole).bold()


def test_three_equal_sources_take_34_33_and_33_per_cent_adding_up_to_100(page):
    choose_year(page, 2023)
    rows = cells(page)
    assert [r[2] for r in rows] == [percent("34"), percent("33"), percent("33"), percent("100")]
    assert sum(page.table.rows[i].percent for i in range(3)) == 100
    assert rows[-1][:2] == [_("TOTAL"), money("3 000,00")]


def test_the_heading_names_the_year(page):
    set_language("en")
    page.refresh()
    assert page.heading.text() == "Funding sources 2024"


def test_a_year_without_income_says_so(page):
    choose_year(page, date.today().year)
    assert page.empty_notice.isVisible()
    assert str(date.today().year) in page.empty_notice.text()
    assert cells(page) == []
    assert not page.copy_button.isEnabled()
    assert page.chart.is_empty() and not page.chart.grab().isNull()


def test_opening_a_source_lists_its_transactions_of_the_year(page, qtbot, db):
    view = page.view
    view.setFocus()
    view.setCurrentIndex(page.model.index(1, 1))
    with qtbot.waitSignal(page.drill_down, timeout=1000) as blocker:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    query, title = blocker.args
    assert title == "Asiantuntijapalvelujen myynti 1.1.–31.12.2024"
    with db.unit_of_work() as uow:
        assert uow.transactions.totals(query)[CategoryKind.INCOME] == Decimal("120000.50")


def test_opening_the_total_lists_all_the_income_of_the_year(page, qtbot, db):
    view = page.view
    view.setFocus()
    view.setCurrentIndex(page.model.index(page.model.rowCount() - 1, 1))
    with qtbot.waitSignal(page.drill_down, timeout=1000) as blocker:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    query, _title = blocker.args
    with db.unit_of_work() as uow:
        totals = uow.transactions.totals(query)
    assert totals == {
        CategoryKind.INCOME: Decimal("381500.50"),
        CategoryKind.EXPENSE: Decimal("0.00"),
    }


def test_the_chart_shows_the_income_by_source(page):
    assert page.chart.categories == [
        "Valtionavustus perustoimintaan",
        "Asiantuntijapalvelujen myynti",
        "Hankerahoitus",
        "Muut tuotot",
    ]
    assert page.chart.series == [
        (_("Income"), [Decimal(200000), Decimal("120000.50"), Decimal(60000), Decimal(1500)])
    ]


def test_ctrl_c_copies_the_table_as_tab_separated_text(page, qtbot):
    QGuiApplication.clipboard().clear()
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text().split("\n")[-2:] == [
        f"Muut tuotot\t{money('1 500,00')}\t{percent('0')}",
        f"{_('TOTAL')}\t{money('381 500,50')}\t{percent('100')}",
    ]


def test_a_new_booking_shows_after_a_refresh(page, db):
    save_transaction(
        db,
        Transaction(date(2024, 12, 1), category_id(db, "Kuntarahoitus"), Decimal("18499.50"), ""),
        None,
    )
    page.refresh()
    assert page.year_combo.currentData() == 2024  # the year chosen stays
    assert cells(page)[-1] == [_("TOTAL"), money("400 000,00"), percent("100")]


def test_no_column_is_cut_at_1100_by_720(page, qtbot):
    qtbot.wait(20)
    view = page.view
    assert view.horizontalHeader().length() <= view.viewport().width()
    assert view.verticalScrollBar().maximum() == 0


def test_the_table_model_passes_the_model_tester(page, qtmodeltester):
    qtmodeltester.check(page.model)
