"""A form whose record another workstation changed or deleted meanwhile: it stays open,
says who changed it when, and lets the user choose (two Database objects on one URL stand
for the two workstations)."""

from __future__ import annotations

from dataclasses import fields

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from domain.errors import ConcurrentChange
from domain.staff import StaffMember
from services.staff import delete_staff_member, save_staff_member
from storage.actor import actor_of
from storage.database import Database
from tests.ui.keys import alt_keys
from ui.forms.staff_member import StaffDialog
from ui.staff.tab import StaffTab


def read(db: Database, member_id: str) -> StaffMember | None:
    with db.unit_of_work() as uow:
        return uow.staff.get(member_id)


def changed_by_b(b: Database, member_id: str, **changes) -> StaffMember:
    shown = read(b, member_id)
    assert shown is not None
    typed = {f.name: getattr(shown, f.name) for f in fields(StaffMember) if f.name != "id"}
    save_staff_member(b, StaffMember(**{**typed, **changes}), shown)
    stored = read(b, member_id)
    assert stored is not None
    return stored


@pytest.fixture
def shown(a: Database) -> StaffMember:
    saved = save_staff_member(
        a, StaffMember("Mäkelä", "Anni", "suunnittelija", phone="040 111"), None
    )
    member = read(a, saved.id)
    assert member is not None
    return member


@pytest.fixture
def form(qtbot, a, shown) -> StaffDialog:
    dialog = StaffDialog(a, shown)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    dialog.title_edit.setText("erityisasiantuntija")
    return dialog


def rows_of(dialog: StaffDialog) -> list[tuple[str, ...]]:
    table = dialog.conflict.table
    return [
        tuple(table.item(r, c).text() for c in range(table.columnCount()))
        for r in range(table.rowCount())
    ]


def test_the_form_names_who_changed_the_record_when_and_the_fields_that_differ(form, b, shown):
    theirs = changed_by_b(b, shown.id, phone="050 999")
    form.accept()
    assert form.isVisible()
    at = ConcurrentChange(theirs, "", theirs._changed_at).when()  # type: ignore[attr-defined]
    message = form.conflict.message.text()
    assert f"{actor_of().label()} muutti tätä tietuetta klo {at}" in message
    assert rows_of(form) == [
        ("Tehtävänimike", "suunnittelija", "erityisasiantuntija"),
        ("Puhelin", "050 999", "040 111"),
    ]


def test_taking_theirs_loads_their_values_to_go_on_editing(form, b, shown):
    changed_by_b(b, shown.id, phone="050 999")
    form.accept()
    form.conflict.theirs_button.click()
    assert (form.phone.text(), form.title_edit.text()) == ("050 999", "suunnittelija")
    assert form.conflict.isHidden()
    form.title_edit.setText("erityisasiantuntija")
    form.accept()
    stored = read(b, shown.id)
    assert stored is not None
    assert (stored.phone, stored.title) == ("050 999", "erityisasiantuntija")


def test_saving_mine_over_theirs_stores_what_the_form_shows(form, b, shown):
    changed_by_b(b, shown.id, phone="050 999")
    form.accept()
    form.conflict.overwrite_button.click()
    assert not form.isVisible()
    stored = read(b, shown.id)
    assert stored is not None
    assert (stored.phone, stored.title) == ("040 111", "erityisasiantuntija")


def test_the_choices_have_alt_keys_of_their_own(form, b, shown, qtbot):
    changed_by_b(b, shown.id, phone="050 999")
    form.accept()
    keys = alt_keys(form)
    assert len(keys) == len(set(keys)), keys
    qtbot.keyClick(form, Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)
    # a mnemonic "animates" the button's click, which comes a moment later
    qtbot.waitUntil(lambda: form.phone.text() == "050 999", timeout=3000)


def test_a_record_deleted_meanwhile_can_be_saved_as_new(form, b, a, shown):
    delete_staff_member(b, shown.id)
    form.accept()
    assert "poisti tämän tietueen" in form.conflict.message.text()
    assert form.conflict.overwrite_button.isHidden()
    form.conflict.new_button.click()
    assert not form.isVisible()
    with a.unit_of_work() as uow:
        titles = [(m.id, m.title) for m in uow.staff.all()]
    assert len(titles) == 1 and titles[0] == (form.saved.id, "erityisasiantuntija")
    assert titles[0][0] != shown.id


def test_a_record_deleted_meanwhile_can_be_discarded(form, b, a, shown, qtbot):
    delete_staff_member(b, shown.id)
    form.accept()
    keys = alt_keys(form)
    assert len(keys) == len(set(keys)), keys
    qtbot.keyClick(form, Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)  # Hyl&kää
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=3000)
    with a.unit_of_work() as uow:
        assert uow.staff.all() == []


def test_deleting_a_record_changed_since_it_was_shown_asks_again(qtbot, a, b, shown, on_modal):
    tab = StaffTab(a)
    qtbot.addWidget(tab)
    tab.show()
    tab.staff_view.setCurrentIndex(tab.staff_model.index(0, 0))
    theirs = changed_by_b(b, shown.id, phone="050 999")
    at = ConcurrentChange(theirs, "", theirs._changed_at).when()  # type: ignore[attr-defined]
    asked = []

    def yes(box):
        asked.append(box.text())
        box.button(QMessageBox.StandardButton.Yes).click()

    on_modal(yes)
    on_modal(yes)
    qtbot.keyClick(tab.staff_view, Qt.Key.Key_Delete)
    assert asked[1] == f"{actor_of().label()} muutti tietuetta klo {at} — poistetaanko silti?"
    assert read(b, shown.id) is None


def test_a_delete_not_confirmed_again_keeps_their_version(qtbot, a, b, shown, on_modal):
    tab = StaffTab(a)
    qtbot.addWidget(tab)
    tab.show()
    tab.staff_view.setCurrentIndex(tab.staff_model.index(0, 0))
    changed_by_b(b, shown.id, phone="050 999")
    on_modal(lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    on_modal(lambda box: box.button(QMessageBox.StandardButton.No).click())
    qtbot.keyClick(tab.staff_view, Qt.Key.Key_Delete)
    stored = read(b, shown.id)
    assert stored is not None and stored.phone == "050 999"
