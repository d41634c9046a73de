"""The change history in the window (issue 19, item 6): a form's Ctrl+H lists its record's
changes, File → Change history shows the whole log a page at a time with its filters, and
"Undo this change" undoes a record's latest change, itself listed as a change."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QTableWidget

from domain.staff import StaffMember
from services.staff import delete_staff_member, save_staff_member
from storage.database import Database
from ui.app.main_window import MainWindow
from ui.forms.staff_member import StaffDialog
from ui.history.log_window import HistoryLogModel, HistoryWindow
from ui.history.record_history import RecordHistoryDialog


def stored(db: Database, member_id: str) -> StaffMember | None:
    with db.unit_of_work() as uow:
        return uow.staff.get(member_id)


@pytest.fixture
def member(db) -> StaffMember:
    """Anni Mäkelä, added and then given a new phone number."""
    added = save_staff_member(
        db, StaffMember("Mäkelä", "Anni", "suunnittelija", phone="040 111"), None
    )
    shown = stored(db, added.id)
    assert shown is not None
    save_staff_member(db, replace(shown, phone="040 222"), shown)
    now = stored(db, added.id)
    assert now is not None
    return now


def table_rows(table: QTableWidget) -> list[list[str]]:
    return [
        [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]


def log_rows(window: HistoryWindow) -> list[list[str]]:
    model = window.model
    return [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


@pytest.fixture
def log(qtbot, db) -> HistoryWindow:
    window = HistoryWindow(db)
    qtbot.addWidget(window)
    window.show()
    return window


# --------------------------------------------------------------------------- a record's own


def test_ctrl_h_in_a_staff_form_lists_its_changes_newest_first(qtbot, db, member, on_modal):
    form = StaffDialog(db, member)
    qtbot.addWidget(form)
    with qtbot.waitActive(form):
        form.show()
        form.activateWindow()
    seen: list[list[list[str]]] = []

    def look(dialog):
        assert isinstance(dialog, RecordHistoryDialog)
        seen.append(table_rows(dialog.table))
        dialog.reject()

    on_modal(look)
    qtbot.keyClick(form, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    rows = seen[0]
    assert rows[0][2:] == ["muutettu", "Puhelin", "040 111", "040 222"]
    assert rows[1][2:] == ["lisätty", "Sukunimi", "", "Mäkelä"]
    assert ["", "", "", "Puhelin", "", "040 111"] in rows


def test_a_new_records_form_has_no_history_to_show(qtbot, db):
    form = StaffDialog(db)
    qtbot.addWidget(form)
    form.show()
    assert not form.history_button.isEnabled()


def test_undo_in_a_records_history_sets_the_old_value_back_and_lists_the_undo(qtbot, db, member):
    dialog = RecordHistoryDialog(db, "staff", member.id)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.undo_button, Qt.MouseButton.LeftButton)
    now = stored(db, member.id)
    assert now is not None and now.phone == "040 111"
    assert table_rows(dialog.table)[0][2:] == ["kumottu", "Puhelin", "040 222", "040 111"]
    assert "kumottiin" in dialog.message.text()


def test_only_a_records_latest_change_can_be_undone(qtbot, db, member):
    dialog = RecordHistoryDialog(db, "staff", member.id)
    qtbot.addWidget(dialog)
    assert dialog.undo_button.isEnabled()
    dialog.table.selectRow(1)  # the record's adding, an older change
    assert not dialog.undo_button.isEnabled()


def test_a_form_shows_the_record_as_an_undo_left_it(qtbot, db, member, on_modal):
    form = StaffDialog(db, member)
    qtbot.addWidget(form)
    form.show()
    on_modal(lambda dialog: (dialog.undo(), dialog.accept()))
    form.show_history()
    assert form.phone.text() == "040 111"
    form.title_edit.setText("erityisasiantuntija")
    form.accept()  # saved over the undone version, no conflict
    now = stored(db, member.id)
    assert now is not None and (now.phone, now.title) == ("040 111", "erityisasiantuntija")


# --------------------------------------------------------------------------- the whole log


def test_file_change_history_opens_the_log(qtbot, db, member, db_path):
    window = MainWindow(db, str(db_path))
    qtbot.addWidget(window)
    window.show()
    window.history_action.trigger()
    assert window.history_window is not None and window.history_window.isVisible()
    assert log_rows(window.history_window)[0][3:5] == ["Mäkelä Anni", "muutettu"]


def test_the_log_shows_one_line_per_change_newest_first(db, member, log):
    rows = log_rows(log)
    assert [r[4] for r in rows] == ["muutettu", "lisätty"]
    assert rows[0][2] == "Henkilö"
    assert rows[0][5] == "Puhelin: 040 111 → 040 222"


def test_the_log_reads_the_next_page_only_when_asked(qtbot, db, monkeypatch):
    monkeypatch.setattr(HistoryLogModel, "BATCH", 5)
    for n in range(8):
        save_staff_member(db, StaffMember(f"Henkilö{n}", "Testi", "ohjaaja"), None)
    window = HistoryWindow(db)
    qtbot.addWidget(window)
    model = window.model
    assert model.rowCount() == 5
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 8
    assert not model.canFetchMore()
    assert [model.index(r, 3).data() for r in (0, 7)] == ["Henkilö7 Testi", "Henkilö0 Testi"]


def test_the_log_model_passes_qts_model_tests(qtmodeltester, db, member, log):
    qtmodeltester.check(log.model)


def test_the_log_filters_by_person(qtbot, db, member, monkeypatch):
    monkeypatch.setattr("storage.actor._workstation", lambda: ("marjo", "TOIMISTO-3"))
    save_staff_member(db, StaffMember("Kantola", "Marjo", "toiminnanjohtaja"), None)
    window = HistoryWindow(db)
    qtbot.addWidget(window)
    window.person.setCurrentIndex(window.person.findData("marjo"))
    rows = log_rows(window)
    assert [(r[1], r[3]) for r in rows] == [("marjo (TOIMISTO-3)", "Kantola Marjo")]


def test_the_log_filters_by_record_kind(qtbot, db, member):
    delete_staff_member(db, member.id)
    window = HistoryWindow(db)
    qtbot.addWidget(window)
    window.kind.setCurrentIndex(window.kind.findData("transactions"))
    assert log_rows(window) == []
    window.kind.setCurrentIndex(window.kind.findData("staff"))
    assert [r[4] for r in log_rows(window)] == ["poistettu", "muutettu", "lisätty"]


def test_the_log_filters_by_period(db, member, log):
    today = date.today()
    log.start.set_date(today - timedelta(days=30))
    log.end.set_date(today - timedelta(days=1))
    log.period.settle()
    assert log_rows(log) == []
    log.end.set_date(today + timedelta(days=1))
    log.period.settle()
    assert len(log_rows(log)) == 2


def test_the_log_filters_by_words(qtbot, db, member, log):
    save_staff_member(db, StaffMember("Kantola", "Marjo", "toiminnanjohtaja"), None)
    log.refresh()
    log.search.setText("040 222")
    with qtbot.waitSignal(log.search.search):
        pass
    assert [(r[3], r[4]) for r in log_rows(log)] == [("Mäkelä Anni", "muutettu")]


def test_undo_in_the_log_undoes_the_selected_change_and_lists_the_undo(qtbot, db, member, log):
    qtbot.mouseClick(log.undo_button, Qt.MouseButton.LeftButton)
    now = stored(db, member.id)
    assert now is not None and now.phone == "040 111"
    rows = log_rows(log)
    assert rows[0][4:] == ["kumottu", "Puhelin: 040 222 → 040 111"]
    assert log.selected_entry() is not None and log.selected_entry().action.value == "undo"


def test_undo_in_the_log_of_an_older_change_says_why_not(qtbot, db, member, log):
    log.view.selectRow(1)  # the adding, changed since
    qtbot.mouseClick(log.undo_button, Qt.MouseButton.LeftButton)
    assert "viimeisimmän" in log.message.text()
    now = stored(db, member.id)
    assert now is not None and now.phone == "040 222"


def test_enter_on_an_entry_of_a_deleted_record_shows_the_entry(qtbot, db, member, log, on_modal):
    delete_staff_member(db, member.id)
    log.refresh()
    log.view.selectRow(0)
    shown: list[str] = []

    def look(box):
        assert isinstance(box, QMessageBox)
        shown.append(box.text())
        box.accept()

    on_modal(look)
    log.view.setFocus()
    qtbot.keyClick(log.view, Qt.Key.Key_Return)
    assert "Henkilö: Mäkelä Anni — poistettu" in shown[0]
    assert "Puhelin: 040 222 → –" in shown[0]


def test_enter_on_an_entry_opens_its_records_history(qtbot, db, member, log, on_modal):
    titles: list[str] = []
    on_modal(lambda dialog: (titles.append(dialog.windowTitle()), dialog.reject()))
    log.view.setFocus()
    qtbot.keyClick(log.view, Qt.Key.Key_Return)
    assert titles == ["Muutoshistoria: Henkilö: Mäkelä Anni"]


def test_the_log_names_a_referenced_record_rather_than_its_id(qtbot, db):
    from decimal import Decimal

    from domain.finance import Transaction
    from services.finance import save_transaction

    with db.unit_of_work() as uow:
        category = uow.categories.all()[0]
    save_transaction(
        db, Transaction(date(2022, 3, 1), category.id, Decimal("1234.5"), "Lasku"), None
    )
    window = HistoryWindow(db)
    qtbot.addWidget(window)
    changes = log_rows(window)[0][5]
    assert f"Luokka: {category.name}" in changes
    assert "Summa €: 1\u00a0234,50\u00a0€" in changes
    assert category.id not in changes


def test_enter_in_the_search_box_filters_and_keeps_the_window_open(qtbot, db, member, log):
    log.search.setFocus()
    log.search.setText("040 222")
    qtbot.keyClick(log.search, Qt.Key.Key_Return)
    assert log.isVisible()
    assert [r[4] for r in log_rows(log)] == ["muutettu"]
