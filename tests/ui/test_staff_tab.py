from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from domain.staff import StaffMember, Trainee, TraineeKind
from tests.ui.dialogs import answer_yes, error_beside
from ui.forms.staff_member import StaffDialog
from ui.staff.tab import StaffTab, StaffTableModel, TraineeTableModel


def add(db, *records) -> None:
    with db.unit_of_work() as uow:
        uow.staff.add_all(records)
        uow.commit()


@pytest.fixture
def tab(qtbot, db):
    add(
        db,
        StaffMember("Virtanen", "Helena", "toimitusjohtaja", start=date(2014, 3, 1)),
        StaffMember("Mäkelä", "Anni", "erikoissuunnittelija", fte_percent=Decimal(80)),
    )
    widget = StaffTab(db)
    qtbot.addWidget(widget)
    widget.resize(1000, 600)
    widget.show()
    return widget


def shown_names(tab) -> list[str]:
    model = tab.staff_model
    return [model.data(model.index(r, 0)) for r in range(model.rowCount())]


def type_into(qtbot, widget, text: str) -> None:
    widget.setFocus()
    qtbot.keyClicks(widget, text)


def test_the_headcount_line_shows_people_and_fte_on_the_chosen_day(tab):
    assert (
        tab.summary.text()
        == f"{date.today().day}.{date.today().month}.{date.today().year}: 2 henkilöä, 1,8 htv"
    )


def test_adding_a_staff_member_through_the_dialog_shows_the_row_and_the_new_headcount(
    tab, qtbot, on_modal
):
    def fill(dialog):
        type_into(qtbot, dialog.last_name, "Kantola")
        type_into(qtbot, dialog.first_name, "Marjo")
        type_into(qtbot, dialog.title_edit, "hallintoassistentti")
        dialog.fte.clear()
        type_into(qtbot, dialog.fte, "50")
        type_into(qtbot, dialog.start.edit, "1.4.2022")
        qtbot.keyClick(dialog.start.edit, Qt.Key.Key_Return)  # Enter saves

    on_modal(fill)
    qtbot.keyClick(tab.staff_view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert "Kantola Marjo" in shown_names(tab)
    assert tab.summary.text().endswith("3 henkilöä, 2,3 htv")
    current = tab.staff_model.record(tab.staff_view.currentIndex().row())
    assert current.full_name == "Kantola Marjo"


def test_escape_cancels_the_dialog_and_saves_nothing(tab, qtbot, on_modal):
    def cancel(dialog):
        type_into(qtbot, dialog.last_name, "Peruttava")
        on_modal(answer_yes("Hylätäänkö muutokset?"))
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    on_modal(cancel)
    qtbot.mouseClick(tab.staff.add_button, Qt.MouseButton.LeftButton)
    assert len(shown_names(tab)) == 2


def test_the_search_box_filters_as_you_type(tab, qtbot):
    type_into(qtbot, tab.search, "kel")  # QTest types ASCII only
    qtbot.waitUntil(lambda: shown_names(tab) == ["Mäkelä Anni"], timeout=2000)


def test_the_search_ignores_case_of_finnish_letters(tab, qtbot):
    tab.search.setText("MÄK")
    qtbot.waitUntil(lambda: shown_names(tab) == ["Mäkelä Anni"], timeout=2000)


def test_employed_on_a_day_before_someone_started_hides_them(tab, qtbot):
    tab.on_date.setDate(date(2010, 1, 1))
    assert shown_names(tab) == ["Mäkelä Anni"]
    assert tab.summary.text() == "1.1.2010: 1 henkilöä, 0,8 htv"


def test_a_day_typed_into_employed_on_is_read_as_typed(tab, qtbot):
    """A QDateEdit read "15.4.2024" typed in as 15.1.4202."""
    tab.on_date.edit.selectAll()
    qtbot.keyClicks(tab.on_date.edit, "1.1.2010")
    qtbot.keyClick(tab.on_date.edit, Qt.Key.Key_Return)
    assert tab.summary.text() == "1.1.2010: 1 henkilöä, 0,8 htv"
    tab.on_date.edit.selectAll()
    qtbot.keyClicks(tab.on_date.edit, "15.4.2024")
    qtbot.keyClick(tab.on_date.edit, Qt.Key.Key_Return)
    assert tab.filter_date == date(2024, 4, 15)


def test_a_day_that_does_not_exist_is_said_and_the_list_keeps_its_day(tab, qtbot):
    tab.on_date.setDate(date(2010, 1, 1))
    tab.on_date.edit.selectAll()
    qtbot.keyClicks(tab.on_date.edit, "31.2.2024")
    qtbot.keyClick(tab.on_date.edit, Qt.Key.Key_Return)
    assert tab.on_date.error.text() != ""
    assert tab.summary.text() == "1.1.2010: 1 henkilöä, 0,8 htv"


def test_ctrl_d_in_employed_on_shows_today(tab, qtbot):
    tab.on_date.setDate(date(2010, 1, 1))
    qtbot.keyClick(tab.on_date.edit, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert tab.filter_date == date.today()


def test_all_shows_everyone_whatever_the_day(tab):
    tab.on_date.setDate(date(2010, 1, 1))
    tab.all_dates.setChecked(True)
    assert sorted(shown_names(tab)) == ["Mäkelä Anni", "Virtanen Helena"]


def test_clicking_a_header_sorts_by_the_real_value(tab, qtbot):
    tab.staff_view.sortByColumn(tab.staff_model.column("fte_percent"), Qt.SortOrder.AscendingOrder)
    assert shown_names(tab) == ["Mäkelä Anni", "Virtanen Helena"]
    tab.staff_view.sortByColumn(tab.staff_model.column("fte_percent"), Qt.SortOrder.DescendingOrder)
    assert shown_names(tab) == ["Virtanen Helena", "Mäkelä Anni"]


def test_enter_on_a_row_opens_it_for_editing(tab, qtbot, on_modal):
    seen = []

    def look(dialog):
        seen.append((dialog.last_name.text(), dialog.windowTitle()))
        dialog.reject()

    tab.staff_view.setCurrentIndex(tab.staff_model.index(0, 0))
    on_modal(look)
    qtbot.keyClick(tab.staff_view, Qt.Key.Key_Return)
    assert [name for name, _title in seen] == ["Mäkelä"]


def test_delete_asks_first_and_no_keeps_the_person(tab, qtbot, on_modal):
    tab.staff_view.setCurrentIndex(tab.staff_model.index(0, 0))
    on_modal(lambda box: box.button(QMessageBox.StandardButton.No).click())
    qtbot.keyClick(tab.staff_view, Qt.Key.Key_Delete)
    assert len(shown_names(tab)) == 2


def test_delete_with_yes_removes_the_person(tab, qtbot, on_modal):
    tab.staff_view.setCurrentIndex(tab.staff_model.index(0, 0))
    on_modal(lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    qtbot.keyClick(tab.staff_view, Qt.Key.Key_Delete)
    assert shown_names(tab) == ["Virtanen Helena"]


def test_the_confirmation_speaks_finnish(tab, qtbot, on_modal):
    texts = []

    def look(box):
        texts.append((box.text(), box.button(QMessageBox.StandardButton.No).text()))
        box.button(QMessageBox.StandardButton.No).click()

    tab.staff_view.setCurrentIndex(tab.staff_model.index(0, 0))
    on_modal(look)
    qtbot.mouseClick(tab.staff.delete_button, Qt.MouseButton.LeftButton)
    question, no = texts[0]
    assert "Mäkelä Anni" in question and no.replace("&", "") == "Ei"


def test_a_trainee_is_listed_apart_with_their_supervisor(qtbot, db):
    boss = StaffMember("Virtanen", "Helena", "toimitusjohtaja")
    add(
        db,
        boss,
        Trainee(
            "Saarinen",
            "Veera",
            TraineeKind.THESIS,
            date(2020, 2, 1),
            date(2020, 5, 31),
            institution="Tampereen yliopisto",
            supervisor_id=boss.id,
        ),
    )
    tab = StaffTab(db)
    qtbot.addWidget(tab)
    tab.all_dates.setChecked(True)
    model = tab.trainee_model
    row = [model.data(model.index(0, c)) for c in range(model.columnCount())]
    assert row == [
        "Saarinen Veera",
        "opinnäytetyö",
        "Tampereen yliopisto",
        "",
        "1.2.\u201331.5.2020",
        "Virtanen Helena",
    ]


def test_the_table_models_pass_qts_model_tests(qtmodeltester, db):
    add(db, StaffMember("Virtanen", "Helena", "toimitusjohtaja"))
    qtmodeltester.check(StaffTableModel(db))
    qtmodeltester.check(TraineeTableModel(db))


def test_the_staff_table_loads_lazily_in_batches(db):
    add(db, *[StaffMember(f"Henkilö{i:03d}", "Testi", "suunnittelija") for i in range(450)])
    model = StaffTableModel(db)
    model.set_query(model.query)
    assert (model.rowCount(), model.total) == (200, 450)
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == 450


# --- the dialog's messages beside the fields ------------------------------------------


@pytest.fixture
def dialog(qtbot, db):
    d = StaffDialog(db)
    qtbot.addWidget(d)
    d.last_name.setText("Kantola")
    d.first_name.setText("Marjo")
    d.title_edit.setText("hallintoassistentti")
    return d


def saved_count(db) -> int:
    with db.unit_of_work() as uow:
        return len(uow.staff.all())


def test_an_end_before_the_start_is_shown_beside_the_end_field(dialog, db):
    dialog.start.setText("1.5.2022")
    dialog.end.setText("30.4.2022")
    dialog.accept()
    assert error_beside(dialog, "end") == "Päättymispäivä on ennen alkamispäivää"
    assert saved_count(db) == 0


def test_31_november_is_shown_beside_the_start_field(dialog, db):
    dialog.start.setText("31.11.2023")
    dialog.accept()
    assert error_beside(dialog, "start") == "“31.11.2023” ei ole päivämäärä: kuussa 11 on 30 päivää"
    assert saved_count(db) == 0


@pytest.mark.parametrize("fte", ["0", "150"])
def test_working_time_outside_1_to_100_is_shown_beside_the_field(dialog, db, fte):
    dialog.fte.setText(fte)
    dialog.accept()
    assert "1" in error_beside(dialog, "fte_percent") and "100" in error_beside(
        dialog, "fte_percent"
    )
    assert saved_count(db) == 0


def test_a_malformed_email_is_shown_beside_the_email_field(dialog, db):
    dialog.email.setText("marjo@")
    dialog.accept()
    assert "marjo@" in error_beside(dialog, "email")
    assert saved_count(db) == 0


def test_missing_required_fields_are_all_marked_at_once(qtbot, db):
    d = StaffDialog(db)
    qtbot.addWidget(d)
    d.accept()
    assert all(error_beside(d, f) for f in ("last_name", "first_name", "title"))
    assert saved_count(db) == 0


def test_a_corrected_form_saves_and_clears_the_messages(dialog, db):
    dialog.fte.setText("150")
    dialog.accept()
    dialog.fte.setText("62,5")
    dialog.accept()
    assert error_beside(dialog, "fte_percent") == ""
    with db.unit_of_work() as uow:
        assert uow.staff.all()[0].fte_percent == Decimal("62.5")


def test_editing_keeps_the_id_and_changes_the_record(qtbot, db):
    person = StaffMember("Kantola", "Marjo", "hallintoassistentti")
    add(db, person)
    d = StaffDialog(db, person)
    qtbot.addWidget(d)
    d.title_edit.setText("toimistosihteeri")
    d.accept()
    with db.unit_of_work() as uow:
        assert [(s.id, s.title) for s in uow.staff.all()] == [(person.id, "toimistosihteeri")]


def test_no_modal_dialog_is_left_open(qtbot):
    assert QApplication.activeModalWidget() is None
