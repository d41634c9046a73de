"""A form's line edits stop taking characters at the domain's limit for their field."""

from __future__ import annotations

from PySide6.QtCore import Qt

from domain.staff import StaffMember
from tests.ui.dialogs import error_beside
from ui.forms.guardian import GuardianDialog
from ui.forms.staff_member import StaffDialog


def shown(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_typing_a_last_name_stops_at_100_characters(qtbot, db):
    dialog = shown(qtbot, StaffDialog(db))
    qtbot.keyClicks(dialog.last_name, "K" * 105)
    assert dialog.last_name.text() == "K" * 100


def test_each_line_edit_of_the_staff_form_takes_its_fields_limit(qtbot, db):
    dialog = shown(qtbot, StaffDialog(db))
    lengths = {
        key: dialog.field(key).maxLength()  # type: ignore[attr-defined]
        for key in StaffMember.TEXT_LIMITS
    }
    assert lengths == {
        "last_name": 100,
        "first_name": 100,
        "title": 200,
        "email": 200,
        "phone": 50,
        "notes": 10_000,
    }


def test_an_editable_combo_box_stops_at_its_fields_limit(qtbot, db):
    dialog = shown(qtbot, GuardianDialog(db))
    line = dialog.area.lineEdit()
    qtbot.keyClicks(line, "a" * 205)
    assert line.text() == "a" * 200


def test_a_longer_text_kept_before_the_limits_opens_whole_and_saving_names_the_limit(qtbot, db):
    # A note is kept in a column of any length, so an earlier version could store a longer one
    person = StaffMember("Kantola", "Marjo", "hallintoassistentti", notes="n" * 10_050)
    with db.unit_of_work() as uow:
        uow.staff.add(person)
        uow.commit()
    dialog = shown(qtbot, StaffDialog(db, person))
    assert len(dialog.notes.text()) == 10_050  # not cut silently by the line edit

    qtbot.keyClick(dialog.notes, Qt.Key.Key_Return)

    assert error_beside(dialog, "notes") == (
        "Lisätiedot voi olla enintään 10\xa0000 merkkiä (nyt 10\xa0050)"
    )
    with db.unit_of_work() as uow:
        assert len(uow.staff.get(person.id).notes) == 10_050
