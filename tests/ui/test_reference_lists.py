"""The reference-list editor as the office assistant uses it: add, rename, retire, bring back,
move and delete values, with the refusals shown where they belong."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from domain.caselog import CaseEvent, ReferenceKind, Sector
from domain.i18n import _
from services.caselog import save_case_event
from tests.ui.dialogs import error_beside
from ui.forms.reference_lists_dialog import (
    ReferenceListsDialog,
    ReferenceValueDialog,
)


def health_areas() -> str:
    """The label of the health care service areas' list."""
    return f"{ReferenceKind.SERVICE_AREA.label} – {Sector.HEALTH.label}"


def open_list(qtbot, d: ReferenceListsDialog, label: str) -> None:
    """Click the list named ``label`` among the lists on the left."""
    item = next(d.lists.item(r) for r in range(d.lists.count()) if d.lists.item(r).text() == label)
    d.lists.scrollToItem(item)
    rect = d.lists.visualItemRect(item)
    qtbot.mouseClick(d.lists.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


@pytest.fixture
def dialog(qtbot, db):
    d = ReferenceListsDialog(db)
    qtbot.addWidget(d)
    d.show()
    open_list(qtbot, d, ReferenceKind.CHANNEL.label)
    return d


def shown(d: ReferenceListsDialog, key: str = "name_fi") -> list[str]:
    column = d.model.column(key)
    return [d.model.data(d.model.index(row, column)) for row in range(d.model.rowCount())]


def choose(d: ReferenceListsDialog, name: str) -> None:
    d.view.setCurrentIndex(d.model.index(shown(d).index(name), 0))


def offered(db, kind: ReferenceKind, *, with_retired: bool = False) -> list[str]:
    with db.unit_of_work() as uow:
        return [v.name_fi for v in uow.references.of_kind(kind, with_retired=with_retired)]


def value_id(db, kind: ReferenceKind, name: str, sector: Sector | None = None) -> str:
    with db.unit_of_work() as uow:
        return next(
            v.id
            for v in uow.references.of_kind(kind, sector, with_retired=True)
            if v.name_fi == name
        )


def fill_and_save(dialog: ReferenceValueDialog, fi: str, en: str = "") -> None:
    dialog.name_fi.setText(fi)  # QTest types ASCII only
    dialog.name_en.setText(en)
    dialog.accept()


def test_the_lists_show_service_areas_per_sector_and_the_other_lists(dialog):
    labels = [dialog.lists.item(row).text() for row in range(dialog.lists.count())]
    assert labels[:2] == [
        f"{ReferenceKind.SERVICE_AREA.label} – {Sector.SOCIAL.label}",
        f"{ReferenceKind.SERVICE_AREA.label} – {Sector.HEALTH.label}",
    ]
    assert labels[2:] == [k.label for k in ReferenceKind if k is not ReferenceKind.SERVICE_AREA]


def test_choosing_a_list_shows_its_values_in_their_order(dialog):
    assert shown(dialog) == ["puhelin", "sähköposti", "tapaaminen", "etäyhteys", "kirje"]
    assert shown(dialog, "name_en") == [
        "phone",
        "email",
        "meeting",
        "video",
        "letter",
    ]


def test_the_health_care_service_areas_are_a_list_of_their_own(dialog, qtbot):
    open_list(qtbot, dialog, health_areas())
    assert shown(dialog) == [
        "sairaala",
        "päivystys",
        "terveysasema",
        "hammashoito",
        "mielenterveyspalvelut",
        "muut",
    ]


def test_adding_a_value_puts_it_at_the_end_of_the_list_and_selects_it(dialog, db, on_modal):
    on_modal(lambda d: fill_and_save(d, "tekstiviesti", "text message"))
    dialog.add_value()
    assert shown(dialog)[-1] == "tekstiviesti"
    assert dialog.current_value.name_en == "text message"
    assert offered(db, ReferenceKind.CHANNEL)[-1] == "tekstiviesti"


def test_a_service_area_is_added_to_the_sector_of_the_list_chosen(dialog, db, qtbot, on_modal):
    open_list(qtbot, dialog, health_areas())
    on_modal(lambda d: fill_and_save(d, "kuntoutus", "rehabilitation"))
    dialog.add_value()
    with db.unit_of_work() as uow:
        health = [
            v.name_fi for v in uow.references.of_kind(ReferenceKind.SERVICE_AREA, Sector.HEALTH)
        ]
    assert health[-1] == "kuntoutus"


def test_the_insert_key_adds_a_value(dialog, qtbot, on_modal):
    seen = []

    def look(d):
        seen.append(type(d))
        d.reject()

    on_modal(look)
    qtbot.keyClick(dialog.view, Qt.Key.Key_Insert)
    assert seen == [ReferenceValueDialog]


def test_renaming_a_value_shows_the_new_name_in_the_list(dialog, on_modal):
    choose(dialog, "etäyhteys")
    on_modal(lambda d: fill_and_save(d, "videoyhteys", "video call"))
    dialog.rename_value()
    assert shown(dialog) == ["puhelin", "sähköposti", "tapaaminen", "videoyhteys", "kirje"]
    assert dialog.current_value.name_fi == "videoyhteys"


def test_f2_opens_the_chosen_value_for_renaming(dialog, qtbot, on_modal):
    seen = []

    def look(d):
        seen.append(d.name_fi.text())
        d.reject()

    choose(dialog, "kirje")
    on_modal(look)
    qtbot.keyClick(dialog.view, Qt.Key.Key_F2)
    assert seen == ["kirje"]


def test_a_name_already_in_the_list_is_refused_beside_the_field(qtbot, db):
    d = ReferenceValueDialog(db, ReferenceKind.CHANNEL, None)
    qtbot.addWidget(d)
    fill_and_save(d, "Puhelin")
    assert d.result() != d.DialogCode.Accepted
    assert "Puhelin" in error_beside(d, "name_fi")
    assert offered(db, ReferenceKind.CHANNEL).count("puhelin") == 1


def test_an_english_name_already_in_the_list_is_refused_beside_its_field(qtbot, db):
    d = ReferenceValueDialog(db, ReferenceKind.CHANNEL, None)
    qtbot.addWidget(d)
    fill_and_save(d, "sähköinen asiointi", "email")
    assert error_beside(d, "name_en") and not error_beside(d, "name_fi")


def test_an_empty_finnish_name_is_refused_beside_the_field(qtbot, db):
    d = ReferenceValueDialog(db, ReferenceKind.CHANNEL, None)
    qtbot.addWidget(d)
    fill_and_save(d, "  ", "fax")
    assert error_beside(d, "name_fi")
    assert len(offered(db, ReferenceKind.CHANNEL)) == 5


def test_renaming_to_its_own_name_in_another_case_is_accepted(qtbot, db, dialog):
    choose(dialog, "kirje")
    d = ReferenceValueDialog(db, ReferenceKind.CHANNEL, None, dialog.current_value)
    qtbot.addWidget(d)
    fill_and_save(d, "Kirje", "letter")
    assert d.result() == d.DialogCode.Accepted
    assert "Kirje" in offered(db, ReferenceKind.CHANNEL)


def test_retiring_a_value_keeps_it_in_the_editor_but_no_longer_offers_it(dialog, db):
    choose(dialog, "kirje")
    dialog.retire_button.click()
    assert "kirje" not in offered(db, ReferenceKind.CHANNEL)
    assert "kirje" in offered(db, ReferenceKind.CHANNEL, with_retired=True)
    assert shown(dialog, "retired")[shown(dialog).index("kirje")] == _("retired")


def test_the_retire_button_becomes_bring_back_for_a_retired_value(dialog):
    choose(dialog, "kirje")
    before = dialog.retire_button.text()
    dialog.retire_button.click()
    assert dialog.retire_button.text() == _("&Bring back") != before


def test_bringing_back_a_retired_value_offers_it_again(dialog, db):
    choose(dialog, "kirje")
    dialog.toggle_retired()
    dialog.toggle_retired()
    assert "kirje" in offered(db, ReferenceKind.CHANNEL)
    assert shown(dialog, "retired")[shown(dialog).index("kirje")] == ""


def test_moving_a_value_up_changes_the_order_and_keeps_it_chosen(dialog, db):
    choose(dialog, "kirje")
    dialog.up_button.click()
    assert shown(dialog) == ["puhelin", "sähköposti", "tapaaminen", "kirje", "etäyhteys"]
    assert dialog.current_value.name_fi == "kirje"
    assert offered(db, ReferenceKind.CHANNEL)[3] == "kirje"


def test_ctrl_down_moves_the_chosen_value_down(dialog, qtbot):
    with qtbot.waitActive(dialog):
        dialog.activateWindow()
    choose(dialog, "puhelin")
    dialog.view.setFocus()
    qtbot.keyClick(dialog.view, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert shown(dialog)[:2] == ["sähköposti", "puhelin"]


def test_the_first_value_cannot_move_up(dialog):
    choose(dialog, "puhelin")
    assert not dialog.up_button.isEnabled() and dialog.down_button.isEnabled()


def test_deleting_an_unused_value_asks_first_and_removes_it(dialog, db, qtbot, on_modal):
    choose(dialog, "kirje")
    on_modal(lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    qtbot.keyClick(dialog.view, Qt.Key.Key_Delete)
    assert "kirje" not in shown(dialog)
    assert "kirje" not in offered(db, ReferenceKind.CHANNEL, with_retired=True)


def test_answering_no_keeps_the_value(dialog, on_modal):
    choose(dialog, "kirje")
    on_modal(lambda box: box.button(QMessageBox.StandardButton.No).click())
    dialog.delete_value()
    assert "kirje" in shown(dialog)


def test_deleting_a_used_value_is_refused_with_the_reason_and_keeps_it(dialog, db, on_modal):
    event = CaseEvent(
        date(2024, 3, 1),
        "Pirkanmaan hyvinvointialue",
        Sector.HEALTH,
        channel_id=value_id(db, ReferenceKind.CHANNEL, "kirje"),
    )
    save_case_event(db, event, None)
    seen = []

    def refuse(box):
        seen.append(box.text())
        box.button(QMessageBox.StandardButton.Cancel).click()

    choose(dialog, "kirje")
    on_modal(refuse)
    dialog.delete_value()
    assert "1" in seen[0]
    assert dialog.problem.text() == seen[0]
    assert "kirje" in offered(db, ReferenceKind.CHANNEL)


def test_a_refused_deletion_offers_to_retire_the_value(dialog, db, on_modal):
    event = CaseEvent(
        date(2024, 3, 1),
        "Pirkanmaan hyvinvointialue",
        Sector.HEALTH,
        channel_id=value_id(db, ReferenceKind.CHANNEL, "kirje"),
    )
    save_case_event(db, event, None)

    def retire(box):
        next(b for b in box.buttons() if b.text() == _("Retire")).click()

    choose(dialog, "kirje")
    on_modal(retire)
    dialog.delete_value()
    assert "kirje" not in offered(db, ReferenceKind.CHANNEL)
    assert "kirje" in offered(db, ReferenceKind.CHANNEL, with_retired=True)


def test_escape_closes_the_editor(dialog, qtbot):
    with qtbot.waitActive(dialog):
        dialog.activateWindow()
    qtbot.keyClick(dialog.view, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_enter_on_a_value_renames_rather_than_closing(dialog, qtbot, on_modal):
    seen = []

    def look(d):
        seen.append(type(d))
        d.reject()

    choose(dialog, "kirje")
    dialog.view.setFocus()
    on_modal(look)
    qtbot.keyClick(dialog.view, Qt.Key.Key_Return)
    assert seen == [ReferenceValueDialog]
    assert dialog.isVisible()


def test_tab_goes_from_the_lists_to_the_values(dialog, qtbot):
    with qtbot.waitActive(dialog):
        dialog.activateWindow()
    dialog.lists.setFocus()
    qtbot.keyClick(dialog.lists, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.view


def test_the_values_model_passes_qts_model_tests(qtmodeltester, dialog):
    choose(dialog, "kirje")
    dialog.toggle_retired()
    qtmodeltester.check(dialog.model)
