"""The ombudsman's case events: quick entry with the keyboard, and the filtered list."""

from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from domain.caselog import MAX_MINUTES, CaseEvent, ReferenceKind, Sector
from domain.errors import ValidationError
from domain.formats import format_date
from domain.i18n import _
from domain.organisation import Organisation
from domain.staff import StaffMember
from services.caselog import save_case_event, set_retired
from tests.ui.dialogs import answer_yes, error_beside
from ui.app import preferences
from ui.caselog.case_events_page import CaseEventsPage, CaseEventTableModel
from ui.common.choice_widgets import CheckList, ChoiceBox
from ui.forms.case_event import CaseEventDialog

TODAY = date.today()
YEAR = TODAY.year
CTRL = Qt.KeyboardModifier.ControlModifier


# --------------------------------------------------------------------------- set-up


@pytest.fixture(autouse=True)
def no_remembered_defaults():
    """The defaults of the previous entry live in QSettings: each test starts without."""
    preferences.settings().remove("case_events")
    yield
    preferences.settings().remove("case_events")


@pytest.fixture
def office(db):
    helena = StaffMember("Virtanen", "Helena", "asiavastaava")
    anni = StaffMember("Mäkelä", "Anni", "asiavastaava")
    with db.unit_of_work() as uow:
        uow.staff.add_all([helena, anni])
        uow.settings.save_organisation(Organisation(name="Pikassos", areas=["Eksote", "Kymsote"]))
        uow.commit()
    return {"Virtanen": helena, "Mäkelä": anni}


@pytest.fixture
def values(db):
    """Reference values by Finnish name (service areas as "name/sector")."""
    with db.unit_of_work() as uow:
        out = {}
        for v in uow.references.by_id().values():
            key = (
                f"{v.name_fi}/{v.sector.name.lower()}"
                if v.kind is ReferenceKind.SERVICE_AREA
                else v.name_fi
            )
            out.setdefault(key, v)
    return out


def event(db, day, area, sector, service_area=None, summary="", **kw) -> CaseEvent:
    record = CaseEvent(
        day,
        area,
        sector,
        service_area_id=service_area.id if service_area else None,
        summary=summary,
        **kw,
    )
    return save_case_event(db, record, None)


def type_keys(qtbot, dialog, text: str) -> None:
    """Type as a person does: into the completion popup while it is open, else the focused field."""
    for ch in text:
        qtbot.keyClicks(QApplication.activePopupWidget() or dialog.focusWidget(), ch)


def press(qtbot, dialog, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(QApplication.activePopupWidget() or dialog.focusWidget(), key, modifier)


def shown(page, key: str) -> list[str]:
    model = page.model
    column = model.column(key)
    return [model.data(model.index(r, column)) for r in range(model.rowCount())]


def saved_line(dialog) -> str:
    """What the line above the buttons says was saved ('' while it is hidden)."""
    return dialog.saved_line.text() if dialog.saved_line.isVisibleTo(dialog) else ""


def saved_one(event: str) -> str:
    return _("{n} saved; the last: {event}").format(n="1", event=event)


def current(page, key: str) -> str:
    """The text of the current row's cell in the column ``key``."""
    model = page.model
    return model.data(model.index(page.view.currentIndex().row(), model.column(key)))


@pytest.fixture
def dialog(qtbot, db, office):
    widget = CaseEventDialog(db)
    qtbot.addWidget(widget)
    with qtbot.waitActive(widget):
        widget.show()
        widget.activateWindow()
    return widget


@pytest.fixture
def page(qtbot, db, office):
    widget = CaseEventsPage(db)
    qtbot.addWidget(widget)
    widget.resize(1100, 600)
    with qtbot.waitActive(widget):
        widget.show()
        widget.activateWindow()
    return widget


# --------------------------------------------------------------------------- quick entry


def test_three_events_typed_with_ctrl_enter_become_three_rows_and_keep_area_sector_and_ombudsman(
    page, qtbot, on_modal, values
):
    seen = {}

    def enter_three(dialog):
        qtbot.waitUntil(dialog.isActiveWindow)
        # the first event: every field from the keyboard, the cursor starting at the ombudsman
        assert dialog.focusWidget() is dialog.ombudsman
        type_keys(qtbot, dialog, "virt")
        press(qtbot, dialog, Qt.Key.Key_Tab)
        type_keys(qtbot, dialog, "eks")
        press(qtbot, dialog, Qt.Key.Key_Tab)
        type_keys(qtbot, dialog, "Lappeenranta")
        press(qtbot, dialog, Qt.Key.Key_Tab)
        type_keys(qtbot, dialog, "s")  # sosiaalihuolto
        press(qtbot, dialog, Qt.Key.Key_Tab)
        type_keys(qtbot, dialog, "lastens")
        press(qtbot, dialog, Qt.Key.Key_Tab)
        type_keys(qtbot, dialog, "tyyt")
        press(qtbot, dialog, Qt.Key.Key_Tab)
        type_keys(qtbot, dialog, "koh")  # the reasons: type-ahead, then Space ticks
        press(qtbot, dialog, Qt.Key.Key_Space)
        press(qtbot, dialog, Qt.Key.Key_Tab)
        type_keys(qtbot, dialog, "asiak")
        press(qtbot, dialog, Qt.Key.Key_Tab)
        type_keys(qtbot, dialog, "puh")
        press(qtbot, dialog, Qt.Key.Key_Tab)
        type_keys(qtbot, dialog, "neu")
        press(qtbot, dialog, Qt.Key.Key_Space)
        dialog.minutes.setFocus()
        type_keys(qtbot, dialog, "30")
        press(qtbot, dialog, Qt.Key.Key_Tab)
        type_keys(qtbot, dialog, "Kysyi muistutuksesta")
        press(qtbot, dialog, Qt.Key.Key_Return, CTRL)  # in the summary: saves, no new line
        seen["after first"] = (
            dialog.saved_line.text(),
            dialog.focusWidget() is dialog.service_area,
            dialog.ombudsman.currentText(),
            dialog.area.currentText(),
            dialog.sector.currentData(),
            dialog.day.text(),
            dialog.summary.toPlainText(),
        )
        # the second and third: only what differs, Ctrl+Enter from wherever the cursor is
        type_keys(qtbot, dialog, "toimeen")
        press(qtbot, dialog, Qt.Key.Key_Return, CTRL)
        type_keys(qtbot, dialog, "vamma")
        press(qtbot, dialog, Qt.Key.Key_Tab)
        type_keys(qtbot, dialog, "tiedon")
        press(qtbot, dialog, Qt.Key.Key_Return, CTRL)
        seen["saved"] = dialog.saved_line.text()
        press(qtbot, dialog, Qt.Key.Key_Escape)

    on_modal(enter_three)
    messages = []
    page.status_message.connect(messages.append)
    qtbot.keyClick(page.view, Qt.Key.Key_N, CTRL)

    assert seen["after first"] == (
        _("{n} saved; the last: {event}").format(
            n="1", event=f"{format_date(TODAY)}, Eksote, lastensuojelu"
        ),
        True,
        "Virtanen Helena",
        "Eksote",
        Sector.SOCIAL,
        format_date(TODAY),
        "",
    )
    assert seen["saved"] == _("{n} saved; the last: {event}").format(
        n="3", event=f"{format_date(TODAY)}, Eksote, vammaispalvelut"
    )
    # one day's events among themselves come in no particular order: find them by service area
    rows = {
        page.model.record(r).service_area_id: page.model.record(r)
        for r in range(page.model.rowCount())
    }
    assert sorted(shown(page, "service_area")) == [
        "lastensuojelu",
        "toimeentulotuki",
        "vammaispalvelut",
    ]
    assert set(shown(page, "ombudsman")) == {"Virtanen Helena"}
    assert set(shown(page, "area")) == {"Eksote"}
    first = rows[values["lastensuojelu/social"].id]
    assert (first.municipality, first.minutes, first.summary) == (
        "Lappeenranta",
        30,
        "Kysyi muistutuksesta",
    )
    assert first.reason_ids == [values["kohtelu"].id]
    assert first.measure_ids == [values["neuvonta ja ohjaus"].id]
    assert (first.nature_id, first.contact_by_id, first.channel_id) == (
        values["tyytymättömyys"].id,
        values["asiakas"].id,
        values["puhelin"].id,
    )
    assert rows[values["vammaispalvelut/social"].id].nature_id == values["tiedon tarve"].id
    assert current(page, "service_area") == "vammaispalvelut"  # the last saved is selected
    assert messages == [_("Saved {n} case events").format(n="3")]
    assert page.count_line.text() == _("{n} case events").format(n="3")


def test_the_next_dialog_starts_with_the_area_sector_and_ombudsman_of_the_previous_entry(
    qtbot, db, office, values
):
    first = CaseEventDialog(db)
    qtbot.addWidget(first)
    first.ombudsman.set_value(office["Mäkelä"].id)
    first.area.set_value("Kymsote")
    first.sector.setCurrentIndex(first.sector.findData(Sector.HEALTH))
    first.service_area.set_value(values["hammashoito/health"].id)
    first.accept()
    assert first.result() == CaseEventDialog.DialogCode.Accepted

    second = CaseEventDialog(db)
    qtbot.addWidget(second)
    with qtbot.waitActive(second):
        second.show()
        second.activateWindow()
    assert (
        second.day.text(),
        second.ombudsman.currentText(),
        second.area.currentText(),
        second.sector.currentData(),
    ) == (format_date(TODAY), "Mäkelä Anni", "Kymsote", Sector.HEALTH)
    assert second.service_area.currentText() == ""
    assert second.focusWidget() is second.service_area  # the first field that needs typing


def test_enter_saves_and_closes_and_escape_cancels(dialog, qtbot, db, on_modal):
    dialog.area.set_value("Eksote")
    dialog.sector.setCurrentIndex(0)
    on_modal(answer_yes("Hylätäänkö muutokset?"))
    press(qtbot, dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    with db.unit_of_work() as uow:
        assert uow.case_events.all() == []

    again = CaseEventDialog(db)
    qtbot.addWidget(again)
    with qtbot.waitActive(again):
        again.show()
        again.activateWindow()
    again.area.set_value("Eksote")
    again.sector.setCurrentIndex(0)
    again.minutes.setFocus()
    type_keys(qtbot, again, "15")
    press(qtbot, again, Qt.Key.Key_Return)
    assert again.result() == CaseEventDialog.DialogCode.Accepted
    with db.unit_of_work() as uow:
        assert [e.minutes for e in uow.case_events.all()] == [15]


def test_enter_on_the_fresh_form_after_ctrl_enter_closes_without_saving_an_empty_event(
    dialog, qtbot, db
):
    dialog.area.set_value("Eksote")
    dialog.sector.setCurrentIndex(0)
    press(qtbot, dialog, Qt.Key.Key_Return, CTRL)
    assert saved_line(dialog) == saved_one(f"{format_date(TODAY)}, Eksote")
    press(qtbot, dialog, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    with db.unit_of_work() as uow:
        assert len(uow.case_events.all()) == 1


@pytest.mark.parametrize(
    "field", ["day", "ombudsman", "municipality", "reasons", "measures", "provider", "minutes"]
)
def test_ctrl_enter_saves_and_starts_the_next_event_from_any_field(dialog, qtbot, field):
    dialog.area.set_value("Eksote")
    dialog.sector.setCurrentIndex(0)
    getattr(dialog, field).setFocus()
    press(qtbot, dialog, Qt.Key.Key_Return, CTRL)
    assert saved_line(dialog) == saved_one(f"{format_date(TODAY)}, Eksote")
    assert dialog.isVisible()


def test_ctrl_enter_with_the_completion_list_open_takes_the_completed_value(dialog, qtbot):
    dialog.area.set_value("Eksote")
    dialog.sector.setCurrentIndex(0)
    dialog.service_area.setFocus()
    type_keys(qtbot, dialog, "lastens")
    press(qtbot, dialog, Qt.Key.Key_Return, CTRL)
    assert saved_line(dialog) == saved_one(f"{format_date(TODAY)}, Eksote, lastensuojelu")
    assert QApplication.activePopupWidget() is None


def test_errors_are_shown_beside_their_fields_and_nothing_is_saved(dialog, qtbot, db):
    dialog.area.set_value("Eksote")
    dialog.sector.setCurrentIndex(0)
    dialog.service_area.setEditText("xyz")
    dialog.minutes.setText("-5")
    dialog.summary.setPlainText("Asiakas 131052-308T soitti")
    dialog.accept()
    assert dialog.result() != CaseEventDialog.DialogCode.Accepted
    assert error_beside(dialog, "service_area_id") == _("“{text}” is not in the list").format(
        text="xyz"
    )
    assert error_beside(dialog, "minutes") == _(
        "Time spent must be between 0 and {max} minutes"
    ).format(max=MAX_MINUTES)
    with pytest.raises(ValidationError) as raised:
        CaseEvent(TODAY, "Eksote", Sector.SOCIAL, summary="Asiakas 131052-308T soitti").validate()
    assert error_beside(dialog, "summary") == raised.value.by_field()["summary"]
    assert dialog.focusWidget() is dialog.service_area  # the first faulty field
    with db.unit_of_work() as uow:
        assert uow.case_events.all() == []


def test_ctrl_enter_with_an_error_keeps_the_event_in_the_form(dialog, qtbot):
    dialog.area.set_value("Eksote")
    dialog.sector.setCurrentIndex(0)
    dialog.minutes.setText("-5")
    dialog.minutes.setFocus()
    press(qtbot, dialog, Qt.Key.Key_Return, CTRL)
    assert saved_line(dialog) == ""
    assert dialog.minutes.text() == "-5"
    assert error_beside(dialog, "minutes")


def test_the_service_areas_follow_the_sector(dialog, values):
    dialog.sector.setCurrentIndex(dialog.sector.findData(Sector.SOCIAL))
    labels = [label for label, _id in dialog.service_area.items()]
    assert "lastensuojelu" in labels and "hammashoito" not in labels
    dialog.service_area.set_value(values["lastensuojelu/social"].id)
    dialog.sector.setCurrentIndex(dialog.sector.findData(Sector.HEALTH))
    labels = [label for label, _id in dialog.service_area.items()]
    assert "hammashoito" in labels and "lastensuojelu" not in labels
    assert dialog.service_area.currentText() == ""  # a social value does not stay on a health event


def test_a_service_area_chosen_before_the_sector_sets_the_sector(dialog, values):
    assert dialog.sector.currentData() is None
    dialog.service_area.set_value(values["hammashoito/health"].id)
    assert dialog.sector.currentData() is Sector.HEALTH
    assert dialog.service_area.value() == values["hammashoito/health"].id


def test_retired_values_are_not_offered_but_an_edited_event_keeps_its_own(
    qtbot, db, office, values
):
    old = event(
        db,
        date(YEAR, 2, 1),
        "Eksote",
        Sector.SOCIAL,
        values["lastensuojelu/social"],
        reason_ids=[values["kohtelu"].id],
    )
    set_retired(db, values["lastensuojelu/social"].id, True)
    set_retired(db, values["kohtelu"].id, True)

    new = CaseEventDialog(db)
    qtbot.addWidget(new)
    new.sector.setCurrentIndex(new.sector.findData(Sector.SOCIAL))
    assert "lastensuojelu" not in [label for label, _id in new.service_area.items()]
    assert values["kohtelu"].id not in [data for _label, data in _check_items(new.reasons)]

    with db.unit_of_work() as uow:
        stored = uow.case_events.get(old.id)
    edit = CaseEventDialog(db, stored)
    qtbot.addWidget(edit)
    assert edit.service_area.value() == values["lastensuojelu/social"].id
    assert edit.reasons.values() == [values["kohtelu"].id]
    assert edit.reasons.labels() == [_("{name} (retired)").format(name="kohtelu")]
    edit.minutes.setText("20")
    edit.accept()
    assert edit.result() == CaseEventDialog.DialogCode.Accepted
    with db.unit_of_work() as uow:
        again = uow.case_events.get(old.id)
    assert (again.service_area_id, again.reason_ids, again.minutes) == (
        values["lastensuojelu/social"].id,
        [values["kohtelu"].id],
        20,
    )


def test_without_areas_in_the_settings_the_area_is_free_text(qtbot, db):
    dialog = CaseEventDialog(db)
    qtbot.addWidget(dialog)
    dialog.area.setText("Etelä-Karjala")
    dialog.sector.setCurrentIndex(0)
    dialog.accept()
    assert dialog.result() == CaseEventDialog.DialogCode.Accepted
    assert dialog.saved.area == "Etelä-Karjala"


def test_the_dialog_fits_a_768_pixel_high_screen_even_with_errors(dialog):
    dialog.service_area.setEditText("xyz")
    dialog.minutes.setText("-5")
    dialog.accept()
    assert dialog.sizeHint().height() <= 700


# --------------------------------------------------------------------------- the widgets


def _check_items(check_list: CheckList) -> list[tuple[str, str]]:
    return [
        (check_list.item(i).text(), check_list.item(i).data(Qt.ItemDataRole.UserRole))
        for i in range(check_list.count())
    ]


def test_a_choice_box_reads_a_value_whatever_its_case_and_reports_a_text_not_in_the_list(qtbot):
    box = ChoiceBox(items=[("lastensuojelu", "a"), ("muut", "b")])
    qtbot.addWidget(box)
    box.setEditText("  LASTENSUOJELU ")
    assert box.value("service_area_id") == "a"
    box.setEditText("")
    assert box.value("service_area_id") is None
    box.setEditText("lasten suojelu")
    with pytest.raises(ValidationError) as raised:
        box.value("service_area_id")
    assert raised.value.field == "service_area_id"
    assert raised.value.message == _("“{text}” is not in the list").format(text="lasten suojelu")


def test_a_choice_box_completes_a_part_that_names_one_value_only(qtbot):
    box = ChoiceBox(
        items=[("iäkkäiden palvelut", 1), ("lapsiperheiden palvelut", 2), ("lastensuojelu", 3)]
    )
    qtbot.addWidget(box)
    box.setEditText("suoj")
    box.finish_typing()
    assert box.currentText() == "lastensuojelu"
    box.setEditText("palvelut")  # two values: left for the user to choose
    box.finish_typing()
    assert box.currentText() == "palvelut"


def test_a_check_list_finds_a_value_by_its_first_letters_and_space_ticks_it(qtbot):
    check = CheckList(items=[("päätös", "p"), ("kohtelu", "k"), ("maksut", "m")])
    qtbot.addWidget(check)
    check.show()
    check.setFocus()
    qtbot.keyClicks(check, "mak")
    qtbot.keyClick(check, Qt.Key.Key_Space)
    qtbot.keyClicks(check, "p")
    qtbot.keyClick(check, Qt.Key.Key_Space)
    assert check.values() == ["p", "m"]  # in the list's order
    assert check.item(2).font().bold() and not check.item(1).font().bold()
    qtbot.keyClick(check, Qt.Key.Key_Space)
    assert check.values() == ["m"]


# --------------------------------------------------------------------------- the list


@pytest.fixture
def log(db, office, values):
    return {
        "eksote": event(
            db,
            date(YEAR, 2, 1),
            "Eksote",
            Sector.SOCIAL,
            values["lastensuojelu/social"],
            "Soitto koulukuraattorista",
            ombudsman_id=office["Virtanen"].id,
            reason_ids=[values["päätös"].id, values["kohtelu"].id],
        ),
        "kymsote": event(
            db,
            date(YEAR, 3, 3),
            "Kymsote",
            Sector.HEALTH,
            values["hammashoito/health"],
            "Hammashoidon jono",
            ombudsman_id=office["Mäkelä"].id,
        ),
        "last year": event(
            db, date(YEAR - 1, 12, 31), "Eksote", Sector.HEALTH, values["muut/health"], "Vanha"
        ),
    }


@pytest.fixture
def listed(page, log):
    page.refresh()
    return page


def test_the_list_shows_this_years_events_newest_first_with_labels_and_names(listed):
    assert shown(listed, "day") == [
        format_date(date(YEAR, 3, 3)),
        format_date(date(YEAR, 2, 1)),
    ]
    assert shown(listed, "ombudsman") == ["Mäkelä Anni", "Virtanen Helena"]
    assert shown(listed, "service_area") == ["hammashoito", "lastensuojelu"]
    assert shown(listed, "reasons") == ["", "päätös, kohtelu"]
    assert listed.count_line.text() == _("{n} case events").format(n="2")
    assert listed.start.text() == f"1.1.{YEAR}" and listed.end.text() == f"31.12.{YEAR}"


def test_filtering_by_area_sector_and_service_area(listed, values):
    listed.area_filter.setCurrentIndex(listed.area_filter.findData("Kymsote"))
    assert shown(listed, "area") == ["Kymsote"]
    listed.area_filter.setCurrentIndex(0)
    listed.sector_filter.setCurrentIndex(listed.sector_filter.findData(Sector.SOCIAL.value))
    assert shown(listed, "area") == ["Eksote"]
    service_areas = [
        listed.service_area_filter.itemText(i) for i in range(listed.service_area_filter.count())
    ]
    assert "lastensuojelu" in service_areas and "hammashoito" not in service_areas
    listed.sector_filter.setCurrentIndex(0)
    listed.service_area_filter.setCurrentIndex(
        listed.service_area_filter.findData(values["hammashoito/health"].id)
    )
    assert shown(listed, "service_area") == ["hammashoito"]
    assert listed.count_line.text() == _("{n} case event").format(n="1")


def test_the_search_finds_words_of_the_summary(listed, qtbot):
    qtbot.keyClick(listed.view, Qt.Key.Key_F, CTRL)
    assert listed.search.hasFocus()
    qtbot.keyClicks(listed.search, "kuraattori")
    qtbot.waitUntil(lambda: shown(listed, "area") == ["Eksote"], timeout=2000)


def test_a_wider_period_shows_last_years_event_and_a_bad_date_keeps_the_list(listed, qtbot):
    listed.start.setText(f"1.12.{YEAR - 1}")
    qtbot.keyClick(listed.start.edit, Qt.Key.Key_Return)
    assert len(shown(listed, "day")) == 3
    listed.end.setText("31.2.2020")
    qtbot.keyClick(listed.end.edit, Qt.Key.Key_Return)
    assert len(shown(listed, "day")) == 3
    assert listed.end.edit.toolTip()  # says why the date is not read


def test_the_ombudsman_column_is_named_by_the_title_of_the_period(listed, qtbot):
    listed.start.setText("1.1.2023")
    listed.end.setText("31.12.2023")
    qtbot.keyClick(listed.end.edit, Qt.Key.Key_Return)
    header = listed.model.headerData(listed.model.column("ombudsman"), Qt.Orientation.Horizontal)
    assert header == _("Ombudsman")


def test_sorting_by_date_ascending_and_clicking_the_reasons_header_changes_nothing(listed, qtbot):
    listed.view.sortByColumn(listed.model.column("day"), Qt.SortOrder.AscendingOrder)
    assert shown(listed, "area") == ["Eksote", "Kymsote"]
    header = listed.view.horizontalHeader()
    x = header.sectionViewportPosition(listed.model.column("reasons")) + 5
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert shown(listed, "area") == ["Eksote", "Kymsote"]
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (
        listed.model.column("day"),
        Qt.SortOrder.AscendingOrder,
    )


def test_enter_on_a_row_opens_the_event_and_a_change_shows_in_the_row(listed, qtbot, on_modal):
    def change(dialog):
        assert dialog.summary.toPlainText() == "Hammashoidon jono"
        dialog.minutes.setText("45")
        dialog.accept()

    on_modal(change)
    listed.view.setFocus()
    qtbot.keyClick(listed.view, Qt.Key.Key_Return)
    assert shown(listed, "minutes")[0] == "45"
    assert listed.view.currentIndex().row() == 0


def test_delete_asks_first_and_yes_removes_the_event(listed, qtbot, on_modal):
    on_modal(lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    listed.view.setFocus()
    qtbot.keyClick(listed.view, Qt.Key.Key_Delete)
    assert shown(listed, "area") == ["Eksote"]
    assert listed.count_line.text() == _("{n} case event").format(n="1")


def test_the_table_model_passes_qts_model_tests(qtmodeltester, db, log):
    model = CaseEventTableModel(db)
    model.set_query(model.query)
    qtmodeltester.check(model)


def test_the_next_event_starts_on_the_previous_events_date(dialog, qtbot):
    dialog.day.setText("3.3.2026")
    dialog.area.set_value("Eksote")
    dialog.sector.setCurrentIndex(0)
    press(qtbot, dialog, Qt.Key.Key_Return, CTRL)
    assert saved_line(dialog) == saved_one("3.3.2026, Eksote")
    assert (dialog.day.text(), dialog.area.currentText()) == ("3.3.2026", "Eksote")


def test_ctrl_d_puts_today_in_the_date(dialog, qtbot):
    dialog.day.setText("3.3.2026")
    dialog.day.setFocus()
    press(qtbot, dialog, Qt.Key.Key_D, CTRL)
    assert dialog.day.text() == format_date(TODAY)
    assert dialog.isVisible()


def test_an_error_beside_a_field_goes_as_soon_as_the_field_is_right(dialog, qtbot):
    dialog.area.set_value("Eksote")
    dialog.sector.setCurrentIndex(0)
    dialog.minutes.setText("-5")
    dialog.day.setText("31.2.2026")
    dialog.accept()
    assert error_beside(dialog, "minutes") != ""
    assert error_beside(dialog, "day") != ""
    dialog.minutes.setText("15")
    qtbot.waitUntil(lambda: error_beside(dialog, "minutes") == "", timeout=2000)
    assert error_beside(dialog, "day") != ""  # still wrong: its message stays
    dialog.day.setText("28.2.2026")
    qtbot.waitUntil(lambda: error_beside(dialog, "day") == "", timeout=2000)


def test_ctrl_c_in_a_narrow_window_copies_the_columns_left_out_too(qtbot, db, office, values):
    event(db, date(2026, 3, 4), "Eksote", Sector.SOCIAL, channel_id=values["puhelin"].id)
    page = CaseEventsPage(db)
    qtbot.addWidget(page)
    page.resize(900, 500)
    with qtbot.waitActive(page):
        page.show()
        page.activateWindow()
    page.period.start.setText("1.1.2026")
    page.period.settle()
    channel = page.model.column("channel")
    assert page.view.isColumnHidden(channel)
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)

    header, row = QApplication.clipboard().text().splitlines()
    assert header.split("\t")[channel] == _("Channel")
    assert row.split("\t")[channel] == "puhelin"
