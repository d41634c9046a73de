"""The ledger: entering transactions with the keyboard, the filters and their sums, the
running total, deleting, and the drill-down window behind a report's figure."""

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from domain.finance import CategoryKind, Transaction
from domain.formats import format_date, format_money
from domain.i18n import _, set_language
from domain.projects import OurRole, Project
from services.finance import (
    budget_comparison,
    drill_down_query,
    save_transaction,
    set_category_retired,
)
from services.projects import save_project
from tests.ui.dialogs import error_beside
from tests.ui.showing import show
from ui.common.figures import EXPENSE_TEXT
from ui.finance.transactions_page import (
    CUSTOM_PERIOD,
    TransactionsDialog,
    TransactionsPage,
    TransactionTableModel,
    show_transactions,
)
from ui.forms.transaction import TransactionDialog, next_voucher

TODAY = date.today()
YEAR = TODAY.year
CTRL = Qt.KeyboardModifier.ControlModifier


# --------------------------------------------------------------------------- set-up


@pytest.fixture(autouse=True)
def no_previous_entry():
    """The date of the previous entry lives for the session: each test starts without."""
    TransactionDialog.last_day = None
    yield
    TransactionDialog.last_day = None


@pytest.fixture
def categories(db):
    """The default categories by name."""
    with db.unit_of_work() as uow:
        return {c.name: c for c in uow.categories.all()}


@pytest.fixture
def monni(db):
    project = Project("MONNI", "Monialainen verkosto", OurRole.ADMINISTRATOR)
    save_project(db, project, None)
    return project


def book(db, categories, day, category, amount, description="", **kw) -> Transaction:
    t = Transaction(day, categories[category].id, Decimal(amount), description, **kw)
    return save_transaction(db, t, None)


@pytest.fixture
def ledger(db, categories, monni):
    """Four transactions this year (1 500,00 € income, 345,50 € expenses) and one last year."""
    return {
        "grant": book(
            db,
            categories,
            date(YEAR, 1, 10),
            "Valtionavustus perustoimintaan",
            "1000.00",
            "Valtionavustus erä 1",
            voucher="V1",
        ),
        "sale": book(
            db,
            categories,
            date(YEAR, 2, 15),
            "Asiantuntijapalvelujen myynti",
            "500.00",
            "Koulutus",
            customer="Eksote",
            work_days=Decimal(1),
            voucher="V2",
        ),
        "salaries": book(
            db,
            categories,
            date(YEAR, 2, 20),
            "Henkilöstökulut",
            "300.00",
            "Palkat helmikuu",
            project_id=monni.id,
            voucher="V3",
        ),
        "train": book(
            db,
            categories,
            date(YEAR, 3, 1),
            "Matkakulut",
            "45.50",
            "Juna Tampere",
            project_id=monni.id,
            voucher="V4",
        ),
        "old": book(
            db,
            categories,
            date(YEAR - 1, 12, 31),
            "Matkakulut",
            "99.99",
            "Vanha matka",
            voucher="V0",
        ),
    }


@pytest.fixture
def page(qtbot, db, categories):
    widget = TransactionsPage(db)
    widget.resize(1200, 600)
    return show(qtbot, widget)


@pytest.fixture
def listed(page, ledger):
    page.refresh()
    return page


def shown(model, key: str) -> list[str]:
    column = model.column(key)
    return [model.data(model.index(r, column)) for r in range(model.rowCount())]


def summary(n: int, income: str, expenses: str) -> str:
    count = (_("{n} transaction") if n == 1 else _("{n} transactions")).format(n=n)
    income_, expenses_ = Decimal(income), Decimal(expenses)
    figures = _("income {income} · expenses {expenses} · result {result}").format(
        income=format_money(income_),
        expenses=format_money(expenses_),
        result=format_money(income_ - expenses_),
    )
    return f"{count} · {figures}"


def type_keys(qtbot, window, text: str) -> None:
    """Type as a person does: into the completion popup while it is open, else the focused field."""
    for ch in text:
        qtbot.keyClicks(QApplication.activePopupWidget() or window.focusWidget(), ch)


def press(qtbot, window, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(QApplication.activePopupWidget() or window.focusWidget(), key, modifier)


def choose(combo, data) -> None:
    combo.setCurrentIndex(combo.findData(data))


# --------------------------------------------------------------------------- entering


def test_a_transaction_typed_with_the_keyboard_shows_in_the_list_and_moves_the_summary(
    qtbot, db, categories, page, on_modal
):
    book(db, categories, TODAY, "Valtionavustus perustoimintaan", "1000.00", "Valtionavustus")
    page.refresh()
    assert page.summary.text() == summary(1, "1000", "0")

    def enter(dialog):
        qtbot.waitUntil(dialog.isActiveWindow)
        assert dialog.focusWidget() is dialog.category  # the date is today already
        type_keys(qtbot, dialog, "henkil")
        press(qtbot, dialog, Qt.Key.Key_Tab)
        type_keys(qtbot, dialog, "250,50")
        press(qtbot, dialog, Qt.Key.Key_Tab)
        type_keys(qtbot, dialog, "Palkat")
        press(qtbot, dialog, Qt.Key.Key_Return)

    on_modal(enter)
    messages = []
    page.status_message.connect(messages.append)
    with qtbot.waitSignal(page.data_changed):
        qtbot.keyClick(page.view, Qt.Key.Key_N, CTRL)

    assert page.summary.text() == summary(2, "1000", "250.50")
    row = page.view.currentIndex().row()
    assert shown(page.model, "description")[row] == "Palkat"  # the saved row is selected
    assert shown(page.model, "category")[row] == "Henkilöstökulut"
    assert shown(page.model, "amount")[row] == format_money(Decimal("-250.50"))  # an expense
    assert shown(page.model, "day")[row] == format_date(TODAY)
    assert messages == [_("Saved the transaction")]


def test_ctrl_enter_saves_and_starts_the_next_with_the_same_date_and_category_and_the_next_voucher(
    qtbot, db
):
    dialog = show(qtbot, TransactionDialog(db))
    dialog.day.setText("5.3.2024")
    dialog.category.setEditText("Ostopalvelut")
    dialog.amount.setText("120")
    dialog.customer.setCurrentText("Eksote")
    dialog.voucher.setText("2024-009")
    press(qtbot, dialog, Qt.Key.Key_Return, CTRL)
    assert dialog.customer_question.isVisible()  # "Uusi asiakas: Eksote?"
    press(qtbot, dialog, Qt.Key.Key_Return)  # yes: saved, and the next one starts
    assert dialog.isVisible()
    assert dialog.saved_line.text() == _("{n} saved; the last: {event}").format(
        n="1", event=f"5.3.2024, Ostopalvelut, {format_money(Decimal(120))}, 2024-009"
    )
    assert (
        dialog.day.text(),
        dialog.category.currentText(),
        dialog.amount.text(),
        dialog.customer.currentText(),
        dialog.voucher.text(),
    ) == ("5.3.2024", "Ostopalvelut", "", "", "2024-010")
    assert dialog.focusWidget() is dialog.amount
    type_keys(qtbot, dialog, "80")
    press(qtbot, dialog, Qt.Key.Key_Return, CTRL)
    press(qtbot, dialog, Qt.Key.Key_Return)  # on the fresh form: closes, saves nothing more
    assert not dialog.isVisible()
    with db.unit_of_work() as uow:
        stored = uow.transactions.all()
    assert sorted((t.amount, t.voucher) for t in stored) == [
        (Decimal(80), "2024-010"),
        (Decimal(120), "2024-009"),
    ]


def test_a_new_transaction_starts_on_the_date_of_the_previous_entry(qtbot, db, categories):
    first = TransactionDialog(db)
    qtbot.addWidget(first)
    first.day.setText("28.2.2025")
    first.category.set_value(categories["Matkakulut"].id)
    first.amount.setText("12,40")
    first.accept()
    assert first.result() == TransactionDialog.DialogCode.Accepted
    second = TransactionDialog(db)
    qtbot.addWidget(second)
    assert second.day.text() == "28.2.2025"


def test_next_voucher_counts_on_and_keeps_the_leading_zeros():
    assert (
        next_voucher("2024-009"),
        next_voucher("T99"),
        next_voucher("kuitti"),
        next_voucher(""),
    ) == ("2024-010", "T100", "", "")


@pytest.mark.parametrize("typed", ["12,345", "kaksi"])
def test_a_three_decimal_or_text_amount_is_reported_beside_the_amount_and_nothing_is_saved(
    qtbot, db, categories, typed
):
    dialog = show(qtbot, TransactionDialog(db))
    dialog.category.set_value(categories["Matkakulut"].id)
    dialog.amount.setText(typed)
    dialog.accept()
    assert dialog.result() != TransactionDialog.DialogCode.Accepted
    expected = (
        _("{field} may have at most two decimals (cents)").format(field=_("Amount"))
        if typed == "12,345"
        else _("“{text}” is not a number").format(text=typed)
    )
    assert error_beside(dialog, "amount") == expected
    assert error_beside(dialog, "category_id") == ""
    assert dialog.focusWidget() is dialog.amount
    with db.unit_of_work() as uow:
        assert uow.transactions.all() == []


def test_a_category_not_in_the_list_is_reported_beside_the_category(qtbot, db):
    dialog = show(qtbot, TransactionDialog(db))
    dialog.category.setEditText("Lahjoitukset")
    dialog.amount.setText("10")
    dialog.accept()
    assert error_beside(dialog, "category_id") == _("“{text}” is not in the list").format(
        text="Lahjoitukset"
    )
    with db.unit_of_work() as uow:
        assert uow.transactions.all() == []


def test_the_categories_offered_are_income_first_and_leave_out_retired_ones(qtbot, db, categories):
    set_category_retired(db, categories["Kuntarahoitus"].id, True)
    dialog = TransactionDialog(db)
    qtbot.addWidget(dialog)
    names = [label for label, data in dialog.category.items() if data is not None]
    assert names[:4] == [
        "Valtionavustus perustoimintaan",
        "Asiantuntijapalvelujen myynti",
        "Hankerahoitus",
        "Muut tuotot",
    ]
    assert names[4] == "Henkilöstökulut" and "Kuntarahoitus" not in names
    assert dialog.category.itemText(4) == ""  # the line between income and expenses


def test_editing_keeps_a_retired_category(qtbot, db, categories):
    old = book(db, categories, date(YEAR, 1, 5), "Kuntarahoitus", "800.00", "Kunnan avustus")
    set_category_retired(db, categories["Kuntarahoitus"].id, True)
    with db.unit_of_work() as uow:
        stored = uow.transactions.get(old.id)
    dialog = TransactionDialog(db, stored)
    qtbot.addWidget(dialog)
    assert dialog.category.currentText() == f"Kuntarahoitus {_('(retired)')}"
    dialog.description.setText("Kunnan avustus, 1. erä")
    dialog.accept()
    assert dialog.result() == TransactionDialog.DialogCode.Accepted
    with db.unit_of_work() as uow:
        again = uow.transactions.get(old.id)
    assert (again.category_id, again.description) == (
        categories["Kuntarahoitus"].id,
        "Kunnan avustus, 1. erä",
    )


def test_ctrl_n_opens_the_form(page, qtbot, on_modal):
    opened = []

    def note(dialog):
        opened.append((type(dialog), dialog.windowTitle()))
        dialog.reject()

    on_modal(note)
    qtbot.keyClick(page.view, Qt.Key.Key_N, CTRL)
    assert opened == [(TransactionDialog, _("New transaction"))]


# --------------------------------------------------------------------------- the list


def test_the_list_shows_this_years_transactions_newest_first_with_the_summary(listed):
    assert shown(listed.model, "description") == [
        "Juna Tampere",
        "Palkat helmikuu",
        "Koulutus",
        "Valtionavustus erä 1",
    ]
    assert shown(listed.model, "project") == ["MONNI", "MONNI", "", ""]
    assert shown(listed.model, "work_days") == ["", "", "1", ""]
    assert listed.summary.text() == summary(4, "1500", "345.50")
    assert (listed.year_filter.currentData(), listed.start.text(), listed.end.text()) == (
        YEAR,
        f"1.1.{YEAR}",
        f"31.12.{YEAR}",
    )


def test_the_running_total_of_both_kinds_counts_expenses_negative(listed):
    assert shown(listed.model, "running_total") == [
        format_money(Decimal(v)) for v in ("1154.50", "1200", "1500", "1000")
    ]


def test_the_running_total_of_one_category_is_a_plain_sum(listed, categories):
    choose(listed.year_filter, None)
    choose(listed.category_filter, "category:" + categories["Matkakulut"].id)
    assert shown(listed.model, "description") == ["Juna Tampere", "Vanha matka"]
    assert shown(listed.model, "running_total") == [
        format_money(Decimal("145.49")),
        format_money(Decimal("99.99")),
    ]


def test_the_category_filter_narrows_the_list_and_the_summary(listed, categories):
    choose(listed.category_filter, "category:" + categories["Henkilöstökulut"].id)
    assert shown(listed.model, "description") == ["Palkat helmikuu"]
    assert listed.summary.text() == summary(1, "0", "300")


def test_the_kind_filter_shows_all_income_or_all_expenses(listed):
    choose(listed.category_filter, "kind:income")
    assert shown(listed.model, "description") == ["Koulutus", "Valtionavustus erä 1"]
    assert listed.summary.text() == summary(2, "1500", "0")
    choose(listed.category_filter, "kind:expense")
    assert shown(listed.model, "running_total") == [
        format_money(Decimal("345.50")),
        format_money(Decimal(300)),
    ]
    assert listed.summary.text() == summary(2, "0", "345.50")


def test_the_project_filter_narrows_the_list_and_the_summary(listed, monni):
    labels = [listed.project_filter.itemText(i) for i in range(listed.project_filter.count())]
    assert labels == [_("All projects"), "MONNI Monialainen verkosto"]
    choose(listed.project_filter, monni.id)
    assert shown(listed.model, "description") == ["Juna Tampere", "Palkat helmikuu"]
    assert listed.summary.text() == summary(2, "0", "345.50")


def test_the_customer_filter_takes_a_customer_in_any_case(listed, qtbot):
    listed.customer_filter.setFocus()
    qtbot.keyClicks(listed.customer_filter.lineEdit(), "eksote")
    qtbot.keyClick(listed.customer_filter.lineEdit(), Qt.Key.Key_Return)
    assert shown(listed.model, "description") == ["Koulutus"]
    assert listed.summary.text() == summary(1, "500", "0")
    listed.customer_filter.lineEdit().clear()
    assert len(shown(listed.model, "description")) == 4


def test_the_search_finds_description_customer_and_voucher(listed, qtbot):
    qtbot.keyClick(listed.view, Qt.Key.Key_F, CTRL)
    assert listed.search.hasFocus()
    qtbot.keyClicks(listed.search, "juna")
    qtbot.waitUntil(lambda: shown(listed.model, "description") == ["Juna Tampere"], timeout=2000)
    assert listed.summary.text() == summary(1, "0", "45.50")
    listed.search.setText("V2")
    qtbot.keyClick(listed.search, Qt.Key.Key_Return)
    assert shown(listed.model, "description") == ["Koulutus"]


def test_typed_dates_make_the_period_custom_and_all_years_shows_everything(listed, qtbot):
    listed.start.setText(f"1.2.{YEAR}")
    listed.end.setText(f"28.2.{YEAR}")
    qtbot.keyClick(listed.end.edit, Qt.Key.Key_Return)
    assert listed.year_filter.currentData() == CUSTOM_PERIOD
    assert shown(listed.model, "description") == ["Palkat helmikuu", "Koulutus"]
    assert listed.summary.text() == summary(2, "500", "300")
    choose(listed.year_filter, None)
    assert (listed.start.text(), listed.end.text()) == ("", "")
    assert listed.summary.text() == summary(5, "1500", "445.49")


def test_choosing_last_year_shows_its_transactions(listed):
    choose(listed.year_filter, YEAR - 1)
    assert (listed.start.text(), listed.end.text()) == (f"1.1.{YEAR - 1}", f"31.12.{YEAR - 1}")
    assert shown(listed.model, "description") == ["Vanha matka"]


def test_sorting_by_amount_and_a_click_on_the_running_total_changes_nothing(listed, qtbot):
    listed.view.sortByColumn(listed.model.column("amount"), Qt.SortOrder.AscendingOrder)
    assert shown(listed.model, "description") == [
        "Juna Tampere",
        "Palkat helmikuu",
        "Koulutus",
        "Valtionavustus erä 1",
    ]
    header = listed.view.horizontalHeader()
    x = header.sectionViewportPosition(listed.model.column("running_total")) + 5
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (
        listed.model.column("amount"),
        Qt.SortOrder.AscendingOrder,
    )


@pytest.mark.parametrize("order", [Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder])
def test_sorted_by_amount_the_running_total_follows_the_rows_shown(listed, order):
    listed.view.sortByColumn(listed.model.column("amount"), order)
    totals = ["-45.50", "-345.50", "154.50", "1154.50"]  # the smallest amount first
    if order == Qt.SortOrder.DescendingOrder:
        totals.reverse()
    assert shown(listed.model, "running_total") == [format_money(Decimal(v)) for v in totals]


@pytest.fixture
def one_day(db, categories):
    """Three sales on one day, entered with the vouchers 2, 10 and 1."""
    day = date(YEAR, 5, 4)
    for voucher, amount in (("2", "20.00"), ("10", "100.00"), ("1", "1.00")):
        book(
            db,
            categories,
            day,
            "Asiantuntijapalvelujen myynti",
            amount,
            f"Tosite {voucher}",
            voucher=voucher,
        )


def test_a_days_rows_run_by_voucher_number_with_their_running_totals(page, one_day):
    page.view.sortByColumn(page.model.column("day"), Qt.SortOrder.AscendingOrder)
    assert shown(page.model, "voucher") == ["1", "2", "10"]
    assert shown(page.model, "running_total") == [
        format_money(Decimal(v)) for v in ("1", "21", "121")
    ]


def test_newest_first_a_days_last_voucher_is_on_top_and_carries_the_total(page, one_day):
    page.refresh()
    assert shown(page.model, "voucher") == ["10", "2", "1"]
    assert shown(page.model, "running_total") == [
        format_money(Decimal(v)) for v in ("121", "21", "1")
    ]


def test_enter_on_a_row_opens_it_and_the_change_shows(listed, qtbot, on_modal):
    def change(dialog):
        assert dialog.description.text() == "Juna Tampere"
        dialog.amount.setText("55,50")
        dialog.accept()

    on_modal(change)
    listed.view.setFocus()
    with qtbot.waitSignal(listed.data_changed):
        qtbot.keyClick(listed.view, Qt.Key.Key_Return)
    assert shown(listed.model, "amount")[0] == format_money(Decimal("-55.50"))  # an expense
    assert listed.summary.text() == summary(4, "1500", "355.50")
    assert shown(listed.model, "running_total")[0] == format_money(Decimal("1144.50"))
    assert listed.view.currentIndex().row() == 0


def test_a_saved_transaction_outside_the_filters_is_said_to_be_hidden(listed, qtbot, on_modal):
    def move_to_last_year(dialog):
        dialog.day.setText(f"1.6.{YEAR - 1}")
        dialog.accept()

    messages = []
    listed.status_message.connect(messages.append)
    on_modal(move_to_last_year)
    listed.view.setFocus()
    qtbot.keyClick(listed.view, Qt.Key.Key_Return)
    assert messages == [_("Saved the transaction") + " " + _("(not shown: outside the filters)")]
    assert len(shown(listed.model, "description")) == 3


def test_delete_asks_first_and_yes_removes_the_transaction(listed, qtbot, on_modal):
    asked = []

    def yes(box):
        asked.append(box.text())
        box.button(QMessageBox.StandardButton.Yes).click()

    on_modal(yes)
    listed.view.setFocus()
    with qtbot.waitSignal(listed.data_changed):
        qtbot.keyClick(listed.view, Qt.Key.Key_Delete)
    what = f"{format_date(date(YEAR, 3, 1))}, Matkakulut, {format_money(Decimal('45.50'))}"
    assert asked == [_("Delete the transaction {transaction}?").format(transaction=what)]
    assert shown(listed.model, "description") == [
        "Palkat helmikuu",
        "Koulutus",
        "Valtionavustus erä 1",
    ]
    assert listed.summary.text() == summary(3, "1500", "300")


def test_enter_in_the_deletion_question_keeps_the_transaction(listed, qtbot, on_modal):
    on_modal(lambda box: qtbot.keyClick(box, Qt.Key.Key_Return))  # No is the default
    listed.view.setFocus()
    qtbot.keyClick(listed.view, Qt.Key.Key_Delete)
    assert len(shown(listed.model, "description")) == 4


def test_the_table_model_passes_qts_model_tests(qtmodeltester, db, ledger):
    model = TransactionTableModel(db)
    model.set_query(model.query)
    qtmodeltester.check(model)


# --------------------------------------------------------------------------- the drill-down


def test_the_drill_down_of_a_category_totals_the_figure_of_budget_versus_actual(
    qtbot, db, categories, ledger
):
    as_of = date(YEAR, 12, 31)
    with db.unit_of_work() as uow:
        row = next(
            r
            for r in budget_comparison(uow, as_of).expenses.rows
            if r.category.name == "Matkakulut"
        )
    query = drill_down_query(categories["Matkakulut"].id, date(YEAR, 1, 1), as_of)
    dialog = TransactionsDialog(db, query, "Matkakulut")
    qtbot.addWidget(dialog)
    assert dialog.total == row.actual == Decimal("45.50")
    assert dialog.total_line.text() == _("Total {amount}").format(
        amount=format_money(Decimal("45.50"))
    )


def test_the_drill_down_total_equals_the_sum_of_its_rows_oldest_first(qtbot, db, ledger):
    dialog = TransactionsDialog(
        db,
        drill_down_query(None, date(YEAR, 1, 1), date(YEAR, 12, 31), kind=CategoryKind.EXPENSE),
        "Kulut",
    )
    qtbot.addWidget(dialog)
    rows = [dialog.model.record(r) for r in range(dialog.model.rowCount())]
    assert [t.description for t in rows] == ["Palkat helmikuu", "Juna Tampere"]
    assert dialog.total == sum(t.amount for t in rows) == Decimal("345.50")
    assert shown(dialog.model, "running_total")[-1] == format_money(dialog.total)


def test_the_drill_down_of_both_kinds_totals_the_result(qtbot, db, ledger):
    dialog = TransactionsDialog(
        db, drill_down_query(None, date(YEAR, 1, 1), date(YEAR, 12, 31)), "Tulos"
    )
    qtbot.addWidget(dialog)
    assert dialog.total == Decimal("1154.50")
    assert shown(dialog.model, "running_total")[-1] == format_money(Decimal("1154.50"))


def test_the_drill_down_opens_beside_the_report_and_escape_closes_it(qtbot, db, ledger):
    dialog = show_transactions(
        None, db, drill_down_query(None, date(YEAR, 1, 1), date(YEAR, 12, 31)), "Tulos"
    )
    qtbot.waitExposed(dialog)
    assert dialog.isVisible() and not dialog.isModal()
    assert dialog.testAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    with qtbot.waitSignal(dialog.destroyed):
        qtbot.keyClick(dialog.view, Qt.Key.Key_Escape)


def test_a_change_made_in_the_drill_down_shows_in_its_total(
    qtbot, db, categories, ledger, on_modal
):
    query = drill_down_query(categories["Henkilöstökulut"].id, date(YEAR, 1, 1), date(YEAR, 12, 31))
    dialog = show(qtbot, TransactionsDialog(db, query, "Henkilöstökulut"))

    def change(form):
        form.amount.setText("310")
        form.accept()

    on_modal(change)
    with qtbot.waitSignal(dialog.data_changed):
        qtbot.keyClick(dialog.view, Qt.Key.Key_Return)
    assert dialog.total == Decimal("310.00")
    assert shown(dialog.model, "amount") == [format_money(Decimal(310))]


def test_an_impossible_date_in_the_period_says_why_it_is_not_applied(listed, qtbot):
    from PySide6.QtWidgets import QLabel

    listed.start.setText("1.2.2026")
    listed.end.setText("31.2.2026")
    qtbot.keyClick(listed.end.edit, Qt.Key.Key_Return)
    message = listed.findChild(QLabel, "period_message")
    assert message.isVisibleTo(listed)
    assert message.text() == (
        "Ajanjaksoa ei otettu käyttöön: “31.2.2026” ei ole päivämäärä: kuussa 2 on 28 päivää. "
        "Luettelossa näkyy edellinen ajanjakso."
    )
    listed.end.setText("28.2.2026")
    qtbot.keyClick(listed.end.edit, Qt.Key.Key_Return)
    assert not message.isVisibleTo(listed)


def test_the_english_list_names_the_categories_in_english(qtbot, db, ledger):
    set_language("en")
    widget = show(qtbot, TransactionsPage(db))
    widget.refresh()
    model = widget.model
    assert "Travel expenses" in shown(model, "category")
    assert "Matkakulut" not in shown(model, "category")


def test_the_ledger_shows_expenses_negative_and_red_and_income_as_it_is(qtbot, db):
    with db.unit_of_work() as uow:
        travel = uow.categories.by_name("Matkakulut").id
        grant = uow.categories.by_name("Kuntarahoitus").id
    save_transaction(db, Transaction(date(2026, 3, 2), travel, Decimal("40.00"), "juna"), None)
    save_transaction(db, Transaction(date(2026, 3, 1), grant, Decimal("500.00"), "avustus"), None)
    page = TransactionsPage(db)
    qtbot.addWidget(page)
    page.refresh()
    rows = {page.model.record(row).description: row for row in range(page.model.rowCount())}
    amount = page.model.column("amount")

    def cell(description: str, role: Qt.ItemDataRole) -> object:
        return page.model.index(rows[description], amount).data(role)

    assert cell("juna", Qt.ItemDataRole.DisplayRole) == format_money(Decimal("-40.00"))
    assert cell("juna", Qt.ItemDataRole.ForegroundRole) == EXPENSE_TEXT
    assert cell("avustus", Qt.ItemDataRole.DisplayRole) == format_money(Decimal("500.00"))
    assert cell("avustus", Qt.ItemDataRole.ForegroundRole) != EXPENSE_TEXT
