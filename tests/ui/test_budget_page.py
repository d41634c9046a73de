"""The budget page as the CEO uses it to plan a year: amounts typed in the table the Finnish
way, Enter going on to the next category, wrong amounts refused with the reason, the totals
and the result following, the previous year's figures beside, and copying a year."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QMessageBox

from domain.finance import CategoryKind, Transaction
from domain.i18n import _
from services.finance import save_transaction, set_budget, set_category_retired
from ui.finance.budget_page import BudgetPage, BudgetTableModel

NBSP = "\u00a0"
YEAR = 2025


def money(text: str) -> str:
    return text.replace(" ", NBSP) + NBSP + "€"


def category_id(db, name: str) -> str:
    with db.unit_of_work() as uow:
        return uow.categories.by_name(name).id


def stored(db, year: int = YEAR) -> dict[str, Decimal]:
    with db.unit_of_work() as uow:
        names = {c.id: c.name for c in uow.categories.all()}
        return {names[i]: amount for i, amount in uow.budget.amounts(year).items()}


def type_year(qtbot, page: BudgetPage, year: int) -> None:
    """Type the year over the one shown and press Enter, as the CEO does."""
    page.year_spin.setFocus()
    page.year_spin.selectAll()
    qtbot.keyClicks(page.year_spin, str(year))
    qtbot.keyClick(page.year_spin, Qt.Key.Key_Return)


@pytest.fixture
def page(qtbot, db):
    widget = BudgetPage(db)
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    with qtbot.waitActive(widget):
        widget.show()
        widget.activateWindow()
    type_year(qtbot, widget, YEAR)
    return widget


def row_of(page: BudgetPage, name: str) -> int:
    m = page.model
    return next(r for r in range(m.rowCount()) if m.name(r) == name)


def names(page: BudgetPage) -> list[str]:
    return [page.model.name(r) for r in range(page.model.rowCount())]


def shown(page: BudgetPage, name: str, key: str = "budget") -> str:
    return page.model.data(page.model.index(row_of(page, name), page.model.column(key)))


def editor(page: BudgetPage):
    return page.view.indexWidget(page.view.currentIndex())


def type_amount(page: BudgetPage, qtbot, name: str, text: str) -> None:
    """Open a category's amount, type over it and press Enter."""
    page.open_amount(page.model.index(row_of(page, name), BudgetTableModel.column("budget")))
    line = editor(page)
    line.selectAll()
    line.insert(text)  # QTest types ASCII only; amounts are ASCII but this keeps one way
    qtbot.keyClick(line, Qt.Key.Key_Return)


def test_the_page_opens_on_the_current_year(qtbot, db):
    widget = BudgetPage(db)
    qtbot.addWidget(widget)
    assert widget.year == date.today().year


def test_the_table_lists_income_first_then_expenses_with_totals_and_the_result(page):
    assert names(page) == [
        CategoryKind.INCOME.heading,
        "Valtionavustus perustoimintaan",
        "Asiantuntijapalvelujen myynti",
        "Hankerahoitus",
        "Kuntarahoitus",
        "Muut tuotot",
        _("Income total"),
        CategoryKind.EXPENSE.heading,
        "Henkilöstökulut",
        "Toimitilakulut",
        "Matkakulut",
        "ICT-kulut",
        "Ostopalvelut",
        "Muut kulut",
        _("Expenses total"),
        _("Result"),
    ]


def test_entering_an_amount_saves_it_and_moves_the_totals(page, db, qtbot):
    type_amount(page, qtbot, "Valtionavustus perustoimintaan", "400 000")
    type_amount(page, qtbot, "Henkilöstökulut", "4 530,77")
    assert stored(db) == {
        "Valtionavustus perustoimintaan": Decimal(400000),
        "Henkilöstökulut": Decimal("4530.77"),
    }
    assert shown(page, "Henkilöstökulut") == money("4 530,77")
    assert shown(page, _("Income total")) == money("400 000,00")
    assert shown(page, _("Expenses total")) == money("4 530,77")
    assert shown(page, _("Result")) == money("395 469,23")


def test_the_totals_are_bold(page):
    font = page.model.data(page.model.index(row_of(page, _("Result")), 1), Qt.ItemDataRole.FontRole)
    assert font.bold()


def test_enter_goes_on_to_the_next_categorys_amount_past_the_total_and_heading(page, qtbot):
    type_amount(page, qtbot, "Muut tuotot", "1 500")
    assert page.view.state() == QAbstractItemView.State.EditingState
    assert page.view.currentIndex().row() == row_of(page, "Henkilöstökulut")
    assert page.view.currentIndex().column() == BudgetTableModel.column("budget")


def test_amounts_can_be_typed_one_after_another(page, db, qtbot):
    type_amount(page, qtbot, "Henkilöstökulut", "500 000")
    for text in ("60 000", "10 000"):
        line = editor(page)
        line.insert(text)
        qtbot.keyClick(line, Qt.Key.Key_Return)
    assert stored(db) == {
        "Henkilöstökulut": Decimal(500000),
        "Toimitilakulut": Decimal(60000),
        "Matkakulut": Decimal(10000),
    }


def test_enter_on_a_row_opens_its_amount(page, qtbot):
    page.view.setCurrentIndex(
        page.model.index(row_of(page, "Matkakulut"), BudgetTableModel.column("name"))
    )
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    assert page.view.state() == QAbstractItemView.State.EditingState
    assert page.view.currentIndex() == page.model.index(
        row_of(page, "Matkakulut"), BudgetTableModel.column("budget")
    )


def test_tab_saves_the_amount_and_leaves_the_table(page, db, qtbot):
    page.open_amount(
        page.model.index(row_of(page, "Matkakulut"), BudgetTableModel.column("budget"))
    )
    line = editor(page)
    line.insert("10 000")
    qtbot.keyClick(line, Qt.Key.Key_Tab)
    assert stored(db) == {"Matkakulut": Decimal(10000)}
    assert page.view.state() != QAbstractItemView.State.EditingState
    assert page.focusWidget() is not page.view


def test_clicking_elsewhere_saves_the_amount_typed(page, db, qtbot):
    page.open_amount(
        page.model.index(row_of(page, "Matkakulut"), BudgetTableModel.column("budget"))
    )
    editor(page).insert("10 000")
    page.year_spin.setFocus()
    qtbot.waitUntil(lambda: stored(db) == {"Matkakulut": Decimal(10000)})
    assert shown(page, "Matkakulut") == money("10 000,00")


def test_escape_leaves_the_amount_as_it_was(page, db, qtbot):
    page.open_amount(
        page.model.index(row_of(page, "Matkakulut"), BudgetTableModel.column("budget"))
    )
    line = editor(page)
    line.insert("10 000")
    qtbot.keyClick(line, Qt.Key.Key_Escape)
    assert stored(db) == {}
    assert shown(page, "Matkakulut") == ""


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("paljon", lambda: _("“{text}” is not a number").format(text="paljon")),
        (
            "4 530,775",
            lambda: _("{field} may have at most two decimals (cents)").format(field=_("Amount")),
        ),
        ("-100", lambda: _("{field} cannot be negative").format(field=_("Amount"))),
    ],
)
def test_a_wrong_amount_is_refused_naming_the_category_and_nothing_is_saved(
    page, db, qtbot, text, reason
):
    reason = reason()
    type_amount(page, qtbot, "Matkakulut", text)
    assert stored(db) == {}
    assert "Matkakulut" in page.message.text() and reason in page.message.text()
    assert page.message.isVisibleTo(page)
    assert "#b00020" in page.message.styleSheet()
    # The amount stays open as typed, to be corrected.
    assert page.view.state() == QAbstractItemView.State.EditingState
    assert editor(page).text() == text


def test_a_refused_amount_keeps_the_stored_one(page, db, qtbot):
    set_budget(db, YEAR, category_id(db, "Matkakulut"), Decimal(10000))
    page.refresh()
    type_amount(page, qtbot, "Matkakulut", "10 000,001")
    assert stored(db) == {"Matkakulut": Decimal(10000)}
    assert shown(page, "Matkakulut") == money("10 000,00")


def test_a_corrected_amount_clears_the_message(page, qtbot):
    type_amount(page, qtbot, "Matkakulut", "abc")
    line = editor(page)
    line.selectAll()
    line.insert("12 500")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    assert shown(page, "Matkakulut") == money("12 500,00")
    assert not page.message.isVisibleTo(page)


def test_clearing_an_amount_removes_the_line(page, db, qtbot):
    set_budget(db, YEAR, category_id(db, "Matkakulut"), Decimal(10000))
    set_budget(db, YEAR, category_id(db, "Henkilöstökulut"), Decimal(500000))
    page.refresh()
    type_amount(page, qtbot, "Matkakulut", "")
    assert stored(db) == {"Henkilöstökulut": Decimal(500000)}
    assert shown(page, "Matkakulut") == ""
    assert shown(page, _("Expenses total")) == money("500 000,00")


def test_the_delete_key_removes_a_line_after_asking(page, db, qtbot, on_modal):
    set_budget(db, YEAR, category_id(db, "Matkakulut"), Decimal(10000))
    page.refresh()
    page.view.setCurrentIndex(
        page.model.index(row_of(page, "Matkakulut"), BudgetTableModel.column("budget"))
    )
    on_modal(lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    qtbot.keyClick(page.view, Qt.Key.Key_Delete)
    assert stored(db) == {}


def test_a_change_is_announced(page, qtbot):
    with qtbot.waitSignal(page.data_changed), qtbot.waitSignal(page.status_message) as message:
        type_amount(page, qtbot, "Matkakulut", "10 000")
    assert "Matkakulut" in message.args[0] and money("10 000,00") in message.args[0]


def test_another_year_shows_its_own_budget(page, db, qtbot):
    set_budget(db, 2027, category_id(db, "Matkakulut"), Decimal(12000))
    type_year(qtbot, page, 2027)
    assert shown(page, "Matkakulut") == money("12 000,00")
    assert page.caption.text() == _("B&udget {year} by category").format(year=2027)


def test_the_previous_years_budget_is_shown_beside(page, db):
    set_budget(db, YEAR - 1, category_id(db, "Matkakulut"), Decimal(9000))
    set_budget(db, YEAR - 1, category_id(db, "Henkilöstökulut"), Decimal(480000))
    page.refresh()
    assert shown(page, "Matkakulut", "previous_budget") == money("9 000,00")
    assert shown(page, _("Expenses total"), "previous_budget") == money("489 000,00")
    assert shown(page, "Matkakulut") == ""


def test_the_previous_years_actual_column_shows_the_booked_sums(page, db):
    for day, name, amount in (
        (date(YEAR - 1, 1, 10), "Matkakulut", "1200.50"),
        (date(YEAR - 1, 12, 31), "Matkakulut", "300"),
        (date(YEAR - 1, 6, 1), "Matkakulut", "-100.25"),  # a refund
        (date(YEAR, 1, 1), "Matkakulut", "5000"),  # this year: not in the column
        (date(YEAR - 1, 3, 3), "Asiantuntijapalvelujen myynti", "8000"),
    ):
        save_transaction(
            db, Transaction(day, category_id(db, name), Decimal(amount), "kirjaus"), None
        )
    page.refresh()
    assert shown(page, "Matkakulut", "previous_actual") == money("1 400,25")
    assert shown(page, _("Result"), "previous_actual") == money("6 599,75")


def test_the_previous_years_figures_cannot_be_edited(page):
    index = page.model.index(row_of(page, "Matkakulut"), BudgetTableModel.column("previous_budget"))
    assert not page.model.flags(index) & Qt.ItemFlag.ItemIsEditable


def test_copy_from_the_previous_year(page, db):
    set_budget(db, YEAR - 1, category_id(db, "Matkakulut"), Decimal(9000))
    set_budget(db, YEAR - 1, category_id(db, "Valtionavustus perustoimintaan"), Decimal(400000))
    page.refresh()
    assert page.copy_button.isEnabled()
    page.copy_button.click()
    assert stored(db) == {
        "Matkakulut": Decimal(9000),
        "Valtionavustus perustoimintaan": Decimal(400000),
    }
    assert shown(page, _("Result")) == money("391 000,00")
    assert not page.copy_button.isEnabled()


def test_copy_is_not_offered_when_the_year_already_has_a_budget(page, db):
    set_budget(db, YEAR - 1, category_id(db, "Matkakulut"), Decimal(9000))
    set_budget(db, YEAR, category_id(db, "Matkakulut"), Decimal(9500))
    page.refresh()
    assert not page.copy_button.isEnabled()
    assert page.copy_button.toolTip() == _("{year} already has a budget").format(year=YEAR)


def test_copy_is_not_offered_when_the_previous_year_has_no_budget(page):
    assert not page.copy_button.isEnabled()
    assert page.copy_button.toolTip() == _("{year} has no budget to copy").format(year=YEAR - 1)


def test_the_first_amount_typed_ends_the_copy_offer(page, db, qtbot):
    set_budget(db, YEAR - 1, category_id(db, "Matkakulut"), Decimal(9000))
    page.refresh()
    type_amount(page, qtbot, "Henkilöstökulut", "1")
    assert not page.copy_button.isEnabled()


def retired(name: str) -> str:
    return f"{name} {_('(retired)')}"


def test_a_retired_category_is_left_out_without_a_figure(page, db):
    set_category_retired(db, category_id(db, "Muut kulut"), True)
    page.refresh()
    assert "Muut kulut" not in " ".join(names(page))


def test_a_retired_category_with_a_figure_is_shown_marked(page, db):
    set_budget(db, YEAR, category_id(db, "Muut kulut"), Decimal(700))
    set_category_retired(db, category_id(db, "Muut kulut"), True)
    page.refresh()
    assert retired("Muut kulut") in names(page)
    assert shown(page, retired("Muut kulut")) == money("700,00")
    assert shown(page, _("Expenses total")) == money("700,00")


def test_a_retired_category_shown_only_for_last_years_figures_takes_no_new_amount(page, db):
    set_budget(db, YEAR - 1, category_id(db, "Muut kulut"), Decimal(700))
    set_category_retired(db, category_id(db, "Muut kulut"), True)
    page.refresh()
    index = page.model.index(row_of(page, retired("Muut kulut")), BudgetTableModel.column("budget"))
    assert not page.model.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert shown(page, _("Expenses total"), "previous_budget") == money("700,00")


def test_the_budget_model_passes_qts_model_tests(qtmodeltester, page, db):
    set_budget(db, YEAR, category_id(db, "Matkakulut"), Decimal(10000))
    page.refresh()
    qtmodeltester.check(page.model)
