"""Expert-service sales per customer, driven through the page: the sums per customer with a
total row, one customer whatever the case it is written in, only income counting as a sale,
the year, the drill-down and the clipboard."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from domain.finance import CategoryKind, Transaction
from domain.i18n import _
from services.finance import save_transaction
from ui.finance.sales_page import SalesPage

NBSP = "\u00a0"
PIRKANMAA = "Pirkanmaan hyvinvointialue"
KANTA_HAME = "Kanta-Hämeen hyvinvointialue"
SATAKUNTA = "Satakunnan hyvinvointialue"
SALES = "Asiantuntijapalvelujen myynti"

# (day, category, amount, customer, work days)
TRANSACTIONS = [
    (date(2024, 2, 1), SALES, "1200.00", PIRKANMAA, "2.5"),
    (date(2024, 5, 3), SALES, "4800.50", PIRKANMAA, "10"),
    (date(2024, 9, 9), SALES, "500.00", "pirkanmaan HYVINVOINTIALUE", "1"),  # the same customer
    (date(2024, 3, 3), SALES, "300.00", KANTA_HAME, "0.25"),
    (date(2024, 4, 4), "Muut tuotot", "99.99", KANTA_HAME, None),  # income with a customer: a sale
    (date(2024, 6, 6), "Ostopalvelut", "7000.00", "Tampereen kaupunki", "3"),  # an expense: no sale
    (date(2024, 1, 15), "Valtionavustus perustoimintaan", "200000.00", "", None),  # no customer
    (date(2023, 11, 11), SALES, "2500.00", SATAKUNTA, "5"),
]


def money(text: str) -> str:
    return text.replace(" ", NBSP) + NBSP + "€"


@pytest.fixture
def booked(db):
    with db.unit_of_work() as uow:
        ids = {c.name: c.id for c in uow.categories.all()}
    for day, category, amount, customer, days in TRANSACTIONS:
        save_transaction(
            db,
            Transaction(
                day,
                ids[category],
                Decimal(amount),
                description="myynti",
                customer=customer,
                work_days=Decimal(days) if days else None,
            ),
            None,
        )


@pytest.fixture
def page(qtbot, db, booked):
    widget = SalesPage(db)
    qtbot.addWidget(widget)
    widget.resize(1000, 640)
    with qtbot.waitActive(widget):  # Ctrl+C works in the active window only
        widget.show()
        widget.activateWindow()
    return widget


def choose_year(page, year: int) -> None:
    page.year_combo.setCurrentIndex(page.year_combo.findData(year))


def cells(page) -> list[list[str]]:
    model = page.model
    return [
        [model.data(model.index(r, c)) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def row_of(page, customer: str) -> int:
    return next(r for r, row in enumerate(cells(page)) if row[0] == customer)


def test_the_current_year_is_shown_first_and_the_years_with_transactions_are_offered(page):
    this_year = date.today().year
    assert page.year_combo.currentData() == this_year
    offered = [page.year_combo.itemData(i) for i in range(page.year_combo.count())]
    assert offered == sorted({this_year, 2024, 2023}, reverse=True)


def test_sales_are_summed_per_customer_largest_first_with_a_total_row(page):
    choose_year(page, 2024)
    assert page.model.header_texts() == [
        _("Customer"),
        _("Work days"),
        _("Amount €"),
        _("Transactions"),
    ]
    assert cells(page) == [
        [PIRKANMAA, "13,5", money("6 500,50"), "3"],
        [KANTA_HAME, "0,25", money("399,99"), "2"],
        [_("Total"), "13,75", money("6 900,49"), "5"],
    ]
    assert page.heading.text() == _("Expert-service sales {year}").format(year=2024)


def test_a_customer_written_in_two_cases_is_one_customer(page):
    choose_year(page, 2024)
    customers = [row[0] for row in cells(page)[:-1]]
    assert [c.casefold() for c in customers].count(PIRKANMAA.casefold()) == 1
    assert cells(page)[row_of(page, PIRKANMAA)][3] == "3"


def test_an_expense_with_a_customer_and_income_without_one_are_not_sales(page):
    choose_year(page, 2024)
    customers = [row[0] for row in cells(page)]
    assert "Tampereen kaupunki" not in customers
    assert "" not in customers


def test_the_total_row_is_bold_and_the_figures_right_aligned(page):
    choose_year(page, 2024)
    model = page.model
    last = model.rowCount() - 1
    assert model.data(model.index(last, 0), Qt.ItemDataRole.FontRole).bold()
    assert model.data(model.index(0, 0), Qt.ItemDataRole.FontRole) is None
    for column in (1, 2, 3):
        assert (
            model.data(model.index(0, column), Qt.ItemDataRole.TextAlignmentRole)
            & Qt.AlignmentFlag.AlignRight
        )
    assert (
        model.data(model.index(0, 0), Qt.ItemDataRole.TextAlignmentRole)
        & Qt.AlignmentFlag.AlignLeft
    )


def test_choosing_another_year_shows_its_sales(page, qtbot):
    choose_year(page, 2024)
    page.year_combo.setFocus()
    qtbot.keyClick(page.year_combo, Qt.Key.Key_Down)  # the year before: 2023
    assert page.year_combo.currentData() == 2023
    assert cells(page) == [
        [SATAKUNTA, "5", money("2 500,00"), "1"],
        [_("Total"), "5", money("2 500,00"), "1"],
    ]
    assert page.heading.text() == _("Expert-service sales {year}").format(year=2023)


def test_a_year_without_sales_says_so(page):
    choose_year(page, date.today().year)
    assert page.model.rowCount() == 0
    assert page.empty_notice.isVisible()
    assert str(date.today().year) in page.empty_notice.text()
    assert not page.copy_button.isEnabled()


def test_double_clicking_a_customer_lists_its_sales_summing_to_the_row(db, page, qtbot):
    choose_year(page, 2024)
    opened = []
    page.drill_down.connect(lambda query, title: opened.append((query, title)))
    row = row_of(page, PIRKANMAA)
    view = page.view
    rect = view.visualRect(page.model.index(row, 2))
    # A real double-click: the view opens only the row the first click pressed.
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    [(query, title)] = opened
    assert title == _("Sales to {customer} {year}").format(customer=PIRKANMAA, year=2024)
    with db.unit_of_work() as uow:
        totals = uow.transactions.totals(query)
        count = uow.transactions.count(query)
    assert totals[CategoryKind.INCOME] == Decimal("6500.50")
    assert totals[CategoryKind.EXPENSE] == Decimal("0.00")
    assert count == 3


def test_enter_on_a_customer_opens_its_sales_and_the_total_row_opens_nothing(db, page, qtbot):
    choose_year(page, 2024)
    opened = []
    page.drill_down.connect(lambda query, title: opened.append((query, title)))
    page.view.setFocus()
    page.view.setCurrentIndex(page.model.index(row_of(page, KANTA_HAME), 0))
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    page.view.setCurrentIndex(page.model.index(page.model.rowCount() - 1, 0))
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    [(query, _title)] = opened
    with db.unit_of_work() as uow:
        assert uow.transactions.totals(query)[CategoryKind.INCOME] == Decimal("399.99")


def test_every_customers_drill_down_sums_to_its_amount(db, page):
    choose_year(page, 2024)
    for number, row in enumerate(page.table.rows):
        query = page.model.row(number).query
        with db.unit_of_work() as uow:
            assert uow.transactions.totals(query)[CategoryKind.INCOME] == row.amount, row.customer


def test_a_new_sale_shows_after_a_refresh(db, page):
    choose_year(page, 2024)
    with db.unit_of_work() as uow:
        sales_id = uow.categories.by_name(SALES).id
    save_transaction(
        db,
        Transaction(
            date(2024, 12, 1), sales_id, Decimal(10000), customer=SATAKUNTA, work_days=Decimal(8)
        ),
        None,
    )
    page.refresh()
    assert page.year_combo.currentData() == 2024
    assert cells(page)[0] == [SATAKUNTA, "8", money("10 000,00"), "1"]
    assert cells(page)[-1] == [_("Total"), "21,75", money("16 900,49"), "6"]


def test_the_copy_button_puts_the_table_on_the_clipboard_as_tsv(page, qtbot):
    choose_year(page, 2024)
    messages = []
    page.status_message.connect(messages.append)
    qtbot.mouseClick(page.copy_button, Qt.MouseButton.LeftButton)
    mime = QGuiApplication.clipboard().mimeData()
    assert mime.text().split("\n") == [
        "\t".join([_("Customer"), _("Work days"), _("Amount €"), _("Transactions")]),
        f"{PIRKANMAA}\t13,5\t{money('6 500,50')}\t3",
        f"{KANTA_HAME}\t0,25\t{money('399,99')}\t2",
        f"{_('Total')}\t13,75\t{money('6 900,49')}\t5",
    ]
    assert mime.hasHtml() and "<table" in mime.html()
    assert messages == [_("Copied the table")]


def test_ctrl_c_in_the_table_copies_it(page, qtbot):
    choose_year(page, 2024)
    QGuiApplication.clipboard().clear()
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert (
        QGuiApplication.clipboard().text().split("\n")[1]
        == f"{PIRKANMAA}\t13,5\t{money('6 500,50')}\t3"
    )


def test_tab_goes_from_the_year_to_the_table_and_the_copy_button(page, qtbot):
    choose_year(page, 2024)
    page.year_combo.setFocus()
    qtbot.keyClick(page.year_combo, Qt.Key.Key_Tab)
    assert page.view.hasFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Tab)
    assert page.copy_button.hasFocus()


def test_the_table_model_passes_the_model_tester(page, qtmodeltester):
    choose_year(page, 2024)
    qtmodeltester.check(page.model)
