"""The live view: what another workstation saves shows in the open tab by itself, within two
seconds, without moving the list under the user's eyes; F5 reads the tab again by hand."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from domain.finance import CategoryKind
from domain.staff import StaffMember
from services.staff import delete_staff_member
from storage.database import Database, open_database
from tests.databases import ON_SERVER
from ui.app.main_window import MainWindow

LIVE = 2000  # ms: how soon another workstation's change must show


@pytest.fixture
def other(db: Database) -> Iterator[Database]:
    """The same database opened by another workstation."""
    second = open_database(db.url)
    yield second
    second.close()


def add(db: Database, *people: StaffMember) -> None:
    with db.unit_of_work() as uow:
        uow.staff.add_all(people)
        uow.commit()


@pytest.fixture
def staff(db: Database) -> list[StaffMember]:
    """More people than the staff table shows at once, in this order."""
    people = [StaffMember(f"Lehto{n:02}", "Anna", "suunnittelija") for n in range(80)]
    add(db, *people)
    return people


@pytest.fixture
def window(qtbot, db, db_path, staff) -> MainWindow:
    w = MainWindow(db, str(db_path))
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def view_of(window: MainWindow):
    return window.staff_tab.staff_view


def shown(window: MainWindow, person: StaffMember) -> bool:
    return window.staff_tab.staff_model.find(person.id, 0) >= 0


def choose(window: MainWindow, person: StaffMember) -> None:
    """Select a person far down the list, shown mid-table: the list is scrolled down."""
    view = view_of(window)
    model = window.staff_tab.staff_model
    index = model.index(model.find(person.id, 0), 0)
    view.setCurrentIndex(index)
    view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
    assert view.verticalScrollBar().value() > 0


def current_id(window: MainWindow) -> str:
    current = window.staff_tab.staff.current
    assert current is not None
    return current.id


def line_on_screen(window: MainWindow) -> int:
    view = view_of(window)
    return view.rowViewportPosition(view.currentIndex().row())


def test_a_person_added_elsewhere_shows_in_the_open_tab(qtbot, window, other):
    newcomer = StaffMember("Ylönen", "Pirjo", "ohjaaja")
    add(other, newcomer)
    qtbot.waitUntil(lambda: shown(window, newcomer), timeout=LIVE)


def test_the_selection_and_the_scroll_position_survive_the_refresh(qtbot, window, other, staff):
    choose(window, staff[50])
    scrolled = view_of(window).verticalScrollBar().value()
    newcomer = StaffMember("Ylönen", "Pirjo", "ohjaaja")  # after everyone
    add(other, newcomer)
    qtbot.waitUntil(lambda: shown(window, newcomer), timeout=LIVE)
    assert current_id(window) == staff[50].id
    assert view_of(window).verticalScrollBar().value() == scrolled


def test_a_row_added_above_does_not_push_the_selected_one_down_the_screen(
    qtbot, window, other, staff
):
    choose(window, staff[50])
    line = line_on_screen(window)
    newcomer = StaffMember("Aalto", "Pirjo", "ohjaaja")  # before everyone
    add(other, newcomer)
    qtbot.waitUntil(lambda: shown(window, newcomer), timeout=LIVE)
    assert current_id(window) == staff[50].id
    assert line_on_screen(window) == line


def test_when_the_selected_person_is_deleted_elsewhere_the_next_one_is_selected(
    qtbot, window, other, staff
):
    choose(window, staff[50])
    delete_staff_member(other, staff[50].id)
    qtbot.waitUntil(lambda: not shown(window, staff[50]), timeout=LIVE)
    assert current_id(window) == staff[51].id


def test_f5_reads_the_tab_again_by_hand(qtbot, window, other, staff):
    window.watch_timer.stop()  # nothing shows by itself
    choose(window, staff[50])
    newcomer = StaffMember("Ylönen", "Pirjo", "ohjaaja")
    add(other, newcomer)
    qtbot.keyClick(view_of(window), Qt.Key.Key_F5)
    assert shown(window, newcomer)
    assert current_id(window) == staff[50].id


def test_the_file_menu_offers_refresh_with_its_key(window):
    menu = window.menuBar().actions()[0].menu()
    assert window.refresh_action in menu.actions()
    assert window.refresh_action.text().replace("&", "") == "Päivitä"
    assert window.refresh_action.shortcut().toString() == "F5"


def test_an_open_dialog_keeps_what_was_typed_and_the_list_follows_once_it_closes(
    qtbot, window, other, staff, on_modal
):
    newcomer = StaffMember("Ylönen", "Pirjo", "ohjaaja")
    typed: list[str] = []

    def type_then_wait(dialog):
        field = dialog.last_name
        field.setText("Koskinen")
        add(other, newcomer)
        qtbot.wait(1200)  # longer than the window takes to notice
        typed.append(field.text())
        dialog.reject()

    on_modal(type_then_wait)
    window.staff_tab.staff.add()
    assert typed == ["Koskinen"]
    qtbot.waitUntil(lambda: shown(window, newcomer), timeout=LIVE)


def test_an_amount_being_typed_into_the_budget_is_not_lost(qtbot, window, other):
    finance = window.open_tab("finance_tab")
    finance.pages.setCurrentWidget(finance.budget_page)
    page = finance.budget_page
    row = next(
        r
        for r, line in enumerate(page.model.rows())
        if line.category is not None and line.category.kind is CategoryKind.EXPENSE
    )
    page.open_amount(page.model.index(row, page.model.column("budget")))
    editor = page.view.indexWidget(page.view.currentIndex())
    editor.insert("1 234")
    add(other, StaffMember("Ylönen", "Pirjo", "ohjaaja"))
    qtbot.wait(1200)  # longer than the window takes to notice
    assert page.view.state() == QAbstractItemView.State.EditingState
    assert page.view.indexWidget(page.view.currentIndex()).text() == "1 234"


def test_the_welcome_view_gives_way_to_the_tabs_once_another_workstation_starts(qtbot, tmp_path):
    from tests.databases import new_database

    db = new_database(tmp_path / "empty.sqlite")
    second = open_database(db.url)
    try:
        w = MainWindow(db, "empty")
        qtbot.addWidget(w)
        w.show()
        assert w.stack.currentWidget() is w.welcome
        add(second, StaffMember("Virtanen", "Helena", "toimitusjohtaja"))
        qtbot.waitUntil(lambda: w.stack.currentWidget() is w.tabs, timeout=LIVE)
        w.close()
    finally:
        second.close()
        db.close()


@pytest.mark.skipif(not ON_SERVER, reason="a server connection to lose")
def test_a_lost_connection_is_noted_calmly_and_the_note_goes_when_it_is_back(
    qtbot, window, db, other
):
    window.changes.retry_seconds = 0.5
    admin = create_engine(db.url, poolclass=NullPool)
    try:
        with admin.begin() as conn:
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND query LIKE 'LISTEN%'"
                )
            )
    finally:
        admin.dispose()
    qtbot.waitUntil(window.offline_note.isVisible, timeout=LIVE)
    assert "ei yhteyttä" in window.offline_note.text()
    qtbot.waitUntil(lambda: not window.offline_note.isVisible(), timeout=5000)
    newcomer = StaffMember("Ylönen", "Pirjo", "ohjaaja")
    add(other, newcomer)
    qtbot.waitUntil(lambda: shown(window, newcomer), timeout=LIVE)
