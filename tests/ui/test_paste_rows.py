"""Ctrl+V of rows copied from a spreadsheet: the import's preview opens for those rows, the
user imports or cancels as with a file; rows that are not a table of the list get one
message. Real parts: the clipboard, the workbook written to the private temporary folder,
the preview and the import in their background threads."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from domain.finance import Transaction
from domain.formats import format_number
from domain.staff import StaffMember
from exports.datafolder import temp_folder
from services.finance import save_transaction
from services.staff import save_staff_member
from tests.ui.showing import show as show_widget
from ui.app.import_dialog import ImportDialog
from ui.caselog.case_events_page import CaseEventsPage
from ui.finance.transactions_page import TransactionsPage
from ui.staff.tab import StaffTab

TIMEOUT = 10000
CTRL = Qt.KeyboardModifier.ControlModifier
YEAR = date.today().year


def show(qtbot, widget):
    shown = show_widget(qtbot, widget, (1200, 600))
    shown.refresh()
    return shown


@pytest.fixture
def ledger(qtbot, db) -> TransactionsPage:
    return show(qtbot, TransactionsPage(db))


def paste(qtbot, view, text: str) -> None:
    QApplication.clipboard().setText(text)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_V, CTRL)


def previewed(qtbot, records) -> ImportDialog:
    dialog = records.paste_dialog
    assert isinstance(dialog, ImportDialog)
    qtbot.waitUntil(dialog.isVisible, timeout=TIMEOUT)
    return dialog


def preview_rows(dialog: ImportDialog) -> dict[str, list[str]]:
    table = dialog.preview_view.table
    return {
        table.item(r, 0).text(): [table.item(r, c).text() for c in (1, 2, 3)]
        for r in range(table.rowCount() - 1)  # the last row is the total
    }


def import_them(qtbot, dialog: ImportDialog) -> None:
    task = dialog.start_import()
    qtbot.waitUntil(lambda: task.finished, timeout=TIMEOUT)
    dialog.close_button.click()


def descriptions(db) -> list[tuple[str, Decimal]]:
    with db.unit_of_work() as uow:
        return sorted((t.description, t.amount) for t in uow.transactions.all())


LEDGER_ROWS = (
    "Päivämäärä\tLuokka\tSumma €\tSelite\n"
    f"3.2.{YEAR}\tMatkakulut\t45,50\tJuna Tampere\n"
    f"4.2.{YEAR}\tMatkakulut\t12,00\tBussi\n"
)


def test_two_ledger_rows_with_headers_open_the_preview_and_import_adds_them(qtbot, db, ledger):
    paste(qtbot, ledger.view, LEDGER_ROWS)
    dialog = previewed(qtbot, ledger.transactions)

    assert preview_rows(dialog) == {"Kirjaukset": ["2", "0", "0"]}
    import_them(qtbot, dialog)
    assert descriptions(db) == [("Bussi", Decimal("12.00")), ("Juna Tampere", Decimal("45.50"))]
    assert sorted(
        ledger.model.index(r, ledger.model.column("description")).data()
        for r in range(ledger.model.rowCount())
    ) == ["Bussi", "Juna Tampere"]


def test_cancel_in_the_preview_adds_nothing_and_leaves_no_file(qtbot, db, ledger):
    paste(qtbot, ledger.view, LEDGER_ROWS)
    dialog = previewed(qtbot, ledger.transactions)
    dialog.cancel_button.click()

    assert descriptions(db) == []
    assert not [p for p in temp_folder().iterdir() if p.name.startswith("paste-")]


def test_rows_in_the_lists_column_order_without_headers_are_previewed(qtbot, db, ledger):
    rows = (
        f"3.2.{YEAR}\tMatkakulut\tJuna Tampere\t\t\t\tT7\t45,50\n"
        f"4.2.{YEAR}\tMatkakulut\tBussi\t\t\t\tT8\t12,00\n"
    )
    paste(qtbot, ledger.view, rows)
    dialog = previewed(qtbot, ledger.transactions)

    assert preview_rows(dialog) == {"Kirjaukset": ["2", "0", "0"]}
    import_them(qtbot, dialog)
    with db.unit_of_work() as uow:
        assert sorted(t.voucher for t in uow.transactions.all()) == ["T7", "T8"]


def test_rows_copied_from_the_ledger_paste_back_as_new_ones(qtbot, db, ledger, categories):
    for day in (1, 2):
        save_transaction(
            db,
            Transaction(date(YEAR, 3, day), categories["Muut tuotot"].id, Decimal("50"), "Jäsen"),
            None,
        )
    ledger.refresh()
    ledger.view.setFocus()
    qtbot.keyClick(ledger.view, Qt.Key.Key_Home)
    qtbot.keyClick(ledger.view, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(ledger.view, Qt.Key.Key_C, CTRL)
    qtbot.keyClick(ledger.view, Qt.Key.Key_V, CTRL)
    dialog = previewed(qtbot, ledger.transactions)

    assert preview_rows(dialog) == {"Kirjaukset": ["2", "0", "0"]}


@pytest.fixture
def categories(db):
    with db.unit_of_work() as uow:
        return {c.name: c for c in uow.categories.all()}


def test_staff_rows_in_the_lists_order_split_the_name(qtbot, db):
    tab = show(qtbot, StaffTab(db))
    paste(
        qtbot,
        tab.staff_view,
        "Kantola Marjo Anneli\thallintoassistentti\tvakinainen\t80\t1.1.2024\n"
        "Östman Eija\tsuunnittelija\tmääräaikainen\t100\t1.3.2024\t31.12.2024\n",
    )
    dialog = previewed(qtbot, tab.staff)
    assert preview_rows(dialog) == {"Henkilöstö": ["2", "0", "0"]}
    import_them(qtbot, dialog)
    with db.unit_of_work() as uow:
        assert sorted((s.last_name, s.first_name, s.fte_percent) for s in uow.staff.all()) == [
            ("Kantola", "Marjo Anneli", Decimal(80)),
            ("Östman", "Eija", Decimal(100)),
        ]


def test_case_events_in_the_lists_order_keep_their_ombudsman_and_reasons(qtbot, db):
    save_staff_member(db, StaffMember("Virtanen", "Helena", "asiavastaava"), None)
    page = show(qtbot, CaseEventsPage(db))
    paste(
        qtbot,
        page.view,
        f"3.2.{YEAR}\tVirtanen Helena\tEksote\tLappeenranta\tsosiaalihuolto\t"
        "lastensuojelu\ttyytymättömyys\tpäätös, kohtelu\n",
    )
    dialog = previewed(qtbot, page.events)
    assert preview_rows(dialog) == {"Asiatapahtumat": ["1", "0", "0"]}
    import_them(qtbot, dialog)
    with db.unit_of_work() as uow:
        (stored,) = uow.case_events.all()
        names = {v.id: v.name_fi for v in uow.references.by_id().values()}
    assert (stored.area, stored.municipality) == ("Eksote", "Lappeenranta")
    assert sorted(names[r] for r in stored.reason_ids) == ["kohtelu", "päätös"]
    assert stored.ombudsman_id is not None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Juna Tampere\nBussi\n", "one column"),
        ("Päivämäärä\tLuokka\tSumma\tMaksaja\n1.2.2026\tMatkakulut\t1\tX\n", "unknown"),
        ("1.2.2026\tMatkakulut\t1\n" * 5001, "too many"),
    ],
)
def test_a_bad_paste_gets_one_message_and_opens_nothing(qtbot, db, ledger, on_modal, text, message):
    told: list[str] = []

    def note(box: QMessageBox) -> None:
        told.append(box.text())
        box.button(QMessageBox.StandardButton.Ok).click()

    on_modal(note)
    paste(qtbot, ledger.view, text)
    qtbot.waitUntil(lambda: bool(told))

    expected = {
        "one column": "Leikepöydällä on vain yksi sarake",
        "unknown": "Taulukossa Kirjaukset ei ole saraketta “Summa”, “Maksaja”",
        "too many": f"Leikepöydällä on {format_number(5001)} riviä",
    }[message]
    assert told[0].startswith(expected), told[0]
    assert ledger.transactions.paste_dialog is None


NEGATIVE_EXPENSE = (
    "Päivämäärä\tLuokka\tSumma €\tSelite\n"
    f"3.2.{YEAR}\tMatkakulut\t-45,50\tJuna Tampere\n"
    f"4.2.{YEAR}\tMatkakulut\t12,00\tBussi\n"
)


@pytest.mark.parametrize(
    ("answer", "stored"), [("Menoja", Decimal("45.50")), ("Palautuksia", Decimal("-45.50"))]
)
def test_an_expense_pasted_with_a_minus_is_asked_about(qtbot, db, ledger, on_modal, answer, stored):
    asked: list[str] = []

    def choose(box: QMessageBox) -> None:
        asked.append(box.text())
        next(b for b in box.buttons() if b.text().replace("&", "") == answer).click()

    on_modal(choose)
    paste(qtbot, ledger.view, NEGATIVE_EXPENSE)
    dialog = previewed(qtbot, ledger.transactions)
    import_them(qtbot, dialog)

    assert asked[0].startswith("Yhden liitetyn menon summa on negatiivinen.")
    assert descriptions(db) == [("Bussi", Decimal("12.00")), ("Juna Tampere", stored)]


def test_cancelling_the_question_about_minus_signs_opens_nothing(qtbot, db, ledger, on_modal):
    on_modal(lambda box: box.button(QMessageBox.StandardButton.Cancel).click())
    paste(qtbot, ledger.view, NEGATIVE_EXPENSE)
    qtbot.wait(200)

    assert ledger.transactions.paste_dialog is None
    assert descriptions(db) == []
