"""Budget versus actual to a date, driven through the page: the figures at mid-year 2024
(a leap year: 1.7. is day 183 of 366, exactly half), the highlight of an expense running
ahead of its budget, the drill-down, the chart and the clipboard."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from domain.finance import CategoryKind, Transaction
from domain.i18n import _, set_language
from services.finance import save_transaction, set_budget
from ui.common.figures import OVER_BUDGET_BACKGROUND
from ui.finance.budget_comparison_page import BudgetComparisonPage

NBSP = "\u00a0"
MID_2024 = date(2024, 7, 1)

BUDGET_2024 = {
    "Valtionavustus perustoimintaan": "400000",
    "Asiantuntijapalvelujen myynti": "300000",
    "Hankerahoitus": "100000",
    "Henkilöstökulut": "500000",
    "Toimitilakulut": "60000",
    "Matkakulut": "10000",
    "Ostopalvelut": "20000",
}
TRANSACTIONS = [
    (date(2024, 1, 15), "Valtionavustus perustoimintaan", "200000"),
    (date(2024, 3, 1), "Asiantuntijapalvelujen myynti", "100000"),
    (date(2024, 7, 1), "Asiantuntijapalvelujen myynti", "20000.50"),
    (date(2024, 7, 2), "Hankerahoitus", "60000"),  # after mid-year
    (date(2024, 5, 10), "Muut tuotot", "1500"),
    (date(2024, 1, 31), "Henkilöstökulut", "130000"),
    (date(2024, 6, 28), "Henkilöstökulut", "130000"),
    (date(2024, 4, 1), "Toimitilakulut", "25000"),
    (date(2023, 12, 31), "Henkilöstökulut", "99999.99"),  # the year before
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
    for name, amount in BUDGET_2024.items():
        set_budget(db, 2024, category_id(db, name), Decimal(amount))
    for day, name, amount in TRANSACTIONS:
        save_transaction(
            db, Transaction(day, category_id(db, name), Decimal(amount), "kirjaus"), None
        )


@pytest.fixture
def page(qtbot, db, booked):
    widget = BudgetComparisonPage(db)
    qtbot.addWidget(widget)
    widget.resize(1100, 720)
    with qtbot.waitActive(widget):  # Ctrl+C works in the active window only
        widget.show()
        widget.activateWindow()
    show_day(widget, qtbot, MID_2024)
    return widget


def show_day(page, qtbot, day: date) -> None:
    page.day_chooser.field.set_date(day)
    qtbot.keyClick(page.day_chooser.field.edit, Qt.Key.Key_Return)


def cells(page) -> list[list[str]]:
    model = page.model
    return [
        [model.row(r).cells[c] for c in range(model.columnCount())] for r in range(model.rowCount())
    ]


def row_named(page, name: str) -> int:
    return next(r for r, row in enumerate(cells(page)) if row[0] == name)


def test_today_is_the_day_shown_at_first(qtbot, db):
    widget = BudgetComparisonPage(db)
    qtbot.addWidget(widget)
    widget.show()
    assert widget.day_chooser.field.date() == date.today()
    assert widget.heading.text().endswith(
        f"{date.today().day}.{date.today().month}.{date.today().year}"
    )


def test_the_heading_names_the_period_and_the_share_of_the_year_passed(page):
    set_language("en")
    page.refresh()
    assert page.heading.text() == "Budget versus actual 1.1.–1.7.2024"
    assert page.elapsed_label.text() == f"50,0{NBSP}% of the year has passed (day 183 of 366)"


def test_the_income_rows_show_budget_actual_and_per_cents_at_mid_year(page):
    half = percent("50,0")
    assert page.model.header_texts() == [
        _("Category"),
        _("Budget €"),
        _("Actual €"),
        _("Realised %"),
        _("Year elapsed %"),
        _("Variance €"),
    ]
    assert cells(page)[:7] == [
        [CategoryKind.INCOME.heading, "", "", "", "", ""],
        [
            "Valtionavustus perustoimintaan",
            money("400 000,00"),
            money("200 000,00"),
            half,
            half,
            money("0,00"),
        ],
        [
            "Asiantuntijapalvelujen myynti",
            money("300 000,00"),
            money("120 000,50"),
            percent("40,0"),
            half,
            money("-29 999,50"),
        ],
        [
            "Hankerahoitus",
            money("100 000,00"),
            money("0,00"),
            percent("0,0"),
            half,
            money("-50 000,00"),
        ],
        [
            "Kuntarahoitus",
            money("0,00"),
            money("0,00"),
            "\u2013",
            half,
            money("0,00"),
        ],  # no budget: no per cent
        ["Muut tuotot", money("0,00"), money("1 500,00"), "\u2013", half, money("1 500,00")],
        [
            _("Income total"),
            money("800 000,00"),
            money("321 500,50"),
            percent("40,2"),
            half,
            money("-78 499,50"),
        ],
    ]


def test_the_expense_rows_and_their_total(page):
    half = percent("50,0")
    assert cells(page)[7:15] == [
        [CategoryKind.EXPENSE.heading, "", "", "", "", ""],
        [
            "Henkilöstökulut",
            money("500 000,00"),
            money("260 000,00"),
            percent("52,0"),
            half,
            money("10 000,00"),
        ],
        [
            "Toimitilakulut",
            money("60 000,00"),
            money("25 000,00"),
            percent("41,7"),
            half,
            money("-5 000,00"),
        ],
        ["Matkakulut", money("10 000,00"), money("0,00"), percent("0,0"), half, money("-5 000,00")],
        ["ICT-kulut", money("0,00"), money("0,00"), "\u2013", half, money("0,00")],
        [
            "Ostopalvelut",
            money("20 000,00"),
            money("0,00"),
            percent("0,0"),
            half,
            money("-10 000,00"),
        ],
        ["Muut kulut", money("0,00"), money("0,00"), "\u2013", half, money("0,00")],
        [
            _("Expenses total"),
            money("590 000,00"),
            money("285 000,00"),
            percent("48,3"),
            half,
            money("-10 000,00"),
        ],
    ]


def test_the_result_row_is_income_minus_expenses_budgeted_and_actual(page):
    assert cells(page)[-1] == [
        _("Result"),
        money("210 000,00"),
        money("36 500,50"),
        "",
        "",
        money("-68 499,50"),
    ]


def test_the_totals_and_the_result_are_bold_and_the_numbers_right_aligned(page):
    model = page.model
    for name in (_("Income total"), _("Expenses total"), _("Result")):
        assert model.data(model.index(row_named(page, name), 1), Qt.ItemDataRole.FontRole).bold()
    category = row_named(page, "Hankerahoitus")
    assert (
        model.data(model.index(category, 1), Qt.ItemDataRole.TextAlignmentRole)
        & Qt.AlignmentFlag.AlignRight
    )
    assert model.data(model.index(category, 0), Qt.ItemDataRole.FontRole) is None


def test_an_expense_ahead_of_its_budget_is_highlighted_and_says_why(page):
    model = page.model
    over = model.index(row_named(page, "Henkilöstökulut"), 2)
    under = model.index(row_named(page, "Toimitilakulut"), 2)
    assert model.data(over, Qt.ItemDataRole.BackgroundRole) == OVER_BUDGET_BACKGROUND
    assert model.data(under, Qt.ItemDataRole.BackgroundRole) is None
    tip = model.data(over, Qt.ItemDataRole.ToolTipRole)
    assert money("10 000,00") in tip and money("250 000,00") in tip
    assert page.note.isVisible() and percent("50,0") in page.note.text()


def test_income_beyond_its_budget_is_not_highlighted(page):
    model = page.model
    assert (
        model.data(model.index(row_named(page, "Muut tuotot"), 0), Qt.ItemDataRole.BackgroundRole)
        is None
    )


def test_changing_the_day_moves_the_figures(page, qtbot):
    show_day(page, qtbot, date(2024, 12, 31))
    hanke = cells(page)[row_named(page, "Hankerahoitus")]
    assert hanke[2:] == [money("60 000,00"), percent("60,0"), percent("100,0"), money("-40 000,00")]
    assert page.heading.text().endswith("1.1.–31.12.2024")
    show_day(page, qtbot, date(2024, 1, 31))
    staff = cells(page)[row_named(page, "Henkilöstökulut")]
    assert staff[2] == money("130 000,00")
    assert staff[4] == percent("8,5")  # 31 of 366 days


def test_typing_a_day_recomputes_after_a_pause(page, qtbot):
    page.day_chooser.field.setText("31.12.2024")
    qtbot.waitUntil(lambda: page.heading.text().endswith("31.12.2024"), timeout=2000)
    assert cells(page)[row_named(page, "Hankerahoitus")][2] == money("60 000,00")


def test_another_year_shows_its_own_budget_and_bookings(page, qtbot):
    show_day(page, qtbot, date(2023, 12, 31))
    assert cells(page)[row_named(page, "Henkilöstökulut")][1:3] == [
        money("0,00"),
        money("99 999,99"),
    ]
    assert page.no_budget_notice.isVisible()


def test_a_day_that_does_not_exist_is_refused_and_the_figures_are_greyed(page, qtbot):
    page.day_chooser.field.setText("31.11.2024")
    qtbot.keyClick(page.day_chooser.field.edit, Qt.Key.Key_Return)
    assert "31.11.2024" in page.day_chooser.error.text()
    assert not page.content.isEnabled()
    assert page.heading.text().endswith("1.7.2024")  # the last readable day's figures stay
    show_day(page, qtbot, MID_2024)
    assert page.day_chooser.error.text() == "" and page.content.isEnabled()


def open_row(page, qtbot, row: int, *, key: bool) -> tuple[object, str]:
    view = page.view
    view.setFocus()
    view.setCurrentIndex(page.model.index(row, 2))
    with qtbot.waitSignal(page.drill_down, timeout=1000) as blocker:
        if key:
            qtbot.keyClick(view, Qt.Key.Key_Return)
        else:
            centre = view.visualRect(page.model.index(row, 2)).center()
            # A real double-click: the view opens only the row the first click pressed.
            qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
            qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    return blocker.args[0], blocker.args[1]


def test_double_clicking_a_category_lists_the_transactions_behind_its_actual(page, qtbot, db):
    query, title = open_row(
        page, qtbot, row_named(page, "Asiantuntijapalvelujen myynti"), key=False
    )
    assert title == "Asiantuntijapalvelujen myynti 1.1.–1.7.2024"
    with db.unit_of_work() as uow:
        assert uow.transactions.totals(query)[CategoryKind.INCOME] == Decimal("120000.50")
        assert uow.transactions.count(query) == 2


def test_enter_on_a_total_lists_all_the_transactions_of_its_kind(page, qtbot, db):
    query, title = open_row(page, qtbot, row_named(page, _("Expenses total")), key=True)
    assert title == f"{CategoryKind.EXPENSE.heading} 1.1.–1.7.2024"
    with db.unit_of_work() as uow:
        totals = uow.transactions.totals(query)
    assert totals == {
        CategoryKind.INCOME: Decimal("0.00"),
        CategoryKind.EXPENSE: Decimal("285000.00"),
    }


def test_the_result_lists_every_transaction_of_the_period(page, qtbot, db):
    query, _title = open_row(page, qtbot, page.model.rowCount() - 1, key=True)
    with db.unit_of_work() as uow:
        totals = uow.transactions.totals(query)
    assert totals[CategoryKind.INCOME] - totals[CategoryKind.EXPENSE] == Decimal("36500.50")


def test_a_heading_row_opens_nothing(page, qtbot):
    opened = []
    page.drill_down.connect(lambda q, t: opened.append(t))
    page.view.setFocus()
    page.view.setCurrentIndex(page.model.index(0, 0))
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    assert opened == []


def test_the_chart_sets_budget_and_actual_side_by_side_per_category(page):
    chart = page.chart
    assert chart.categories == [
        "Valtionavustus perustoimintaan",
        "Asiantuntijapalvelujen myynti",
        "Hankerahoitus",
        "Kuntarahoitus",
        "Muut tuotot",
        "Henkilöstökulut",
        "Toimitilakulut",
        "Matkakulut",
        "ICT-kulut",
        "Ostopalvelut",
        "Muut kulut",
    ]
    (budget_name, budget), (actual_name, actual) = chart.series
    assert (budget_name, actual_name) == (_("Budget"), _("Actual"))
    assert budget[:3] == [Decimal(400000), Decimal(300000), Decimal(100000)]
    assert actual[1] == Decimal("120000.50") and actual[5] == Decimal(260000)
    assert chart.value_text(actual[1]) == money("120 000,50")


def test_ctrl_c_copies_the_table_as_tab_separated_text(page, qtbot):
    QGuiApplication.clipboard().clear()
    messages = []
    page.status_message.connect(messages.append)
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    lines = QGuiApplication.clipboard().text().split("\n")
    assert lines[0] == "\t".join(page.model.header_texts())
    assert lines[2] == "\t".join(
        [
            "Valtionavustus perustoimintaan",
            money("400 000,00"),
            money("200 000,00"),
            percent("50,0"),
            percent("50,0"),
            money("0,00"),
        ]
    )
    assert lines[-1].startswith(f"{_('Result')}\t")
    assert messages == [_("Copied the table")]


def test_the_copy_button_copies_an_html_table_too(page, qtbot):
    qtbot.mouseClick(page.copy_button, Qt.MouseButton.LeftButton)
    mime = QGuiApplication.clipboard().mimeData()
    assert "<table" in mime.html() and f"<b>{_('Result')}</b>" in mime.html()


def test_no_column_is_cut_at_1100_by_720(page, qtbot):
    qtbot.wait(20)
    view = page.view
    assert view.horizontalHeader().length() <= view.viewport().width()
    assert view.horizontalScrollBar().maximum() == 0
    assert page.chart.isVisible() and page.chart.width() >= page.chart.minimumSizeHint().width()


def test_the_table_model_passes_the_model_tester(page, qtmodeltester):
    qtmodeltester.check(page.model)


def test_a_narrow_page_leaves_out_the_elapsed_column_to_show_the_variance(qtbot, page):
    table = page.section.view
    elapsed = page.model.header_texts().index(_("Year elapsed %"))
    page.resize(1000, 700)
    QApplication.processEvents()
    assert table.isColumnHidden(elapsed)
    assert table.horizontalScrollBar().maximum() == 0  # the variance in view, whole
    assert _("Year elapsed %") in page.model.mime_data().text()  # Copy still has it
    page.resize(1500, 700)
    QApplication.processEvents()
    assert not table.isColumnHidden(elapsed)
    assert table.horizontalScrollBar().maximum() == 0
