"""The board tab driven through its widgets, in Finnish, mostly with the keyboard."""

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from domain.board import BoardRole, BoardSeat, BoardTerm, Meeting, MeetingKind
from services.board import save_meeting, save_seat, save_term
from tests.ui.dialogs import error_beside
from ui.board.tab import BoardTab
from ui.forms.board_seat import SeatDialog
from ui.forms.board_term import TermDialog
from ui.forms.meeting import MeetingDialog

TODAY = date.today()


def submit(qtbot, dialog, widget) -> None:
    """Press Enter in ``widget``; the dialog must close (else it is closed and the test fails)."""
    qtbot.keyClick(widget, Qt.Key.Key_Return)
    if dialog.isVisible():
        errors = [
            label.text()
            for label in dialog.findChildren(QLabel)
            if label.objectName().startswith("error_")
        ]
        dialog.discard()
        raise AssertionError(f"the dialog stayed open: {[e for e in errors if e]}")


def cells(model) -> list[list[str]]:
    return [
        [model.data(model.index(r, c)) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


@pytest.fixture
def terms(db):
    """The term in force today, with a chair and a member, and the term before it."""
    current = BoardTerm(TODAY - timedelta(days=100), TODAY + timedelta(days=600))
    earlier = BoardTerm(current.start - timedelta(days=730), current.start - timedelta(days=1))
    for t in (earlier, current):
        save_term(db, t)
    save_seat(
        db,
        BoardSeat(
            current.id,
            BoardRole.CHAIR,
            "Lindqvist",
            "Marja",
            "johtaja",
            "Pirkanmaan hyvinvointialue",
            "Koivisto",
            "Timo",
            "Pirkanmaan hyvinvointialue",
        ),
        None,
    )
    save_seat(
        db,
        BoardSeat(
            current.id,
            BoardRole.MEMBER,
            "Aaltonen",
            "Riikka",
            deputy_last_name="Backman",
            deputy_first_name="Jukka",
        ),
        None,
    )
    save_seat(db, BoardSeat(earlier.id, BoardRole.CHAIR, "Räsänen", "Heikki"), None)
    return earlier, current


@pytest.fixture
def tab(qtbot, db, terms):
    widget = BoardTab(db)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    with qtbot.waitActive(widget):  # shortcuts work in the active window only
        widget.show()
        widget.activateWindow()
    return widget


def test_the_term_in_force_today_is_preselected_and_its_seats_shown(tab, terms):
    assert tab.current_term.id == terms[1].id
    assert "(toimessa)" in tab.term_combo.currentText()
    assert cells(tab.seat_model) == [
        [
            "puheenjohtaja",
            "Lindqvist Marja",
            "Pirkanmaan hyvinvointialue",
            "Koivisto Timo",
            "Pirkanmaan hyvinvointialue",
        ],
        ["jäsen", "Aaltonen Riikka", "", "Backman Jukka", ""],
    ]


def test_the_seats_are_listed_chair_vice_chair_members_expert_members_secretary(db, qtbot, terms):
    current = terms[1]
    for role, last in (
        (BoardRole.SECRETARY, "Sihvonen"),
        (BoardRole.EXPERT_MEMBER, "Pitkänen"),
        (BoardRole.VICE_CHAIR, "Vuorinen"),
    ):
        save_seat(db, BoardSeat(current.id, role, last, "Anna"), None)
    widget = BoardTab(db)
    qtbot.addWidget(widget)
    assert [row[0] for row in cells(widget.seat_model)] == [
        "puheenjohtaja",
        "varapuheenjohtaja",
        "jäsen",
        "asiantuntijajäsen",
        "sihteeri",
    ]


def test_choosing_another_term_shows_its_seats(tab, terms):
    tab.term_combo.setCurrentIndex(tab.term_combo.findData(terms[0].id))
    assert cells(tab.seat_model) == [["puheenjohtaja", "Räsänen Heikki", "", "", ""]]


def test_adding_a_seat_with_a_deputy_by_keyboard(tab, qtbot, on_modal):
    def fill(dialog):
        assert isinstance(dialog, SeatDialog)
        assert dialog.role.currentData() is BoardRole.MEMBER
        assert dialog.focusWidget() is dialog.role  # the form opens on its first field
        qtbot.keyClick(dialog.role, Qt.Key.Key_Tab)
        qtbot.keyClicks(dialog.focusWidget(), "Forsman")
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
        qtbot.keyClicks(dialog.focusWidget(), "Elina")
        dialog.member_organisation.setText("Tampereen kaupunki")
        dialog.deputy_last_name.setText("Grönlund")
        dialog.deputy_first_name.setFocus()
        qtbot.keyClicks(dialog.deputy_first_name, "Ville")
        submit(qtbot, dialog, dialog.deputy_first_name)

    on_modal(fill)
    tab.seat_view.setFocus()
    qtbot.keyClick(tab.seat_view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert ["jäsen", "Forsman Elina", "Tampereen kaupunki", "Grönlund Ville", ""] in cells(
        tab.seat_model
    )
    current = tab.seat_model.record(tab.seat_view.currentIndex().row())
    assert current.member_name == "Forsman Elina"


def test_a_second_chair_is_shown_beside_the_role_and_nothing_is_saved(db, tab, terms):
    dialog = SeatDialog(db, terms[1], parent=tab)
    dialog.role.setCurrentIndex(dialog.role.findData(BoardRole.CHAIR))
    dialog.member_last_name.setText("Hakala")
    dialog.member_first_name.setText("Tiina")
    dialog.accept()
    assert (
        error_beside(dialog, "role") == "Tällä toimikaudella on jo puheenjohtaja: Lindqvist Marja"
    )
    assert dialog.isVisible() is False or dialog.result() == 0
    with db.unit_of_work() as uow:
        assert len(uow.board_seats.of_term(terms[1].id)) == 2


def test_a_deputy_who_is_the_member_is_shown_beside_the_deputy(db, tab, terms):
    dialog = SeatDialog(db, terms[1], parent=tab)
    dialog.member_last_name.setText("Hakala")
    dialog.member_first_name.setText("Tiina")
    dialog.deputy_last_name.setText("hakala")
    dialog.deputy_first_name.setText("Tiina ")
    dialog.accept()
    assert error_beside(dialog, "deputy_last_name") == "Varajäsen ei voi olla jäsen itse"


def test_a_member_who_is_already_a_deputy_is_shown_beside_the_member(db, tab, terms):
    dialog = SeatDialog(db, terms[1], parent=tab)
    dialog.member_last_name.setText("Koivisto")
    dialog.member_first_name.setText("Timo")
    dialog.accept()
    assert error_beside(dialog, "member_last_name") == (
        "Koivisto Timo on jo varajäsen tällä toimikaudella (jäsenen Lindqvist Marja varalla); "
        "kukaan ei voi olla molempia"
    )


def test_a_deputy_who_is_already_a_member_is_shown_beside_the_deputy(db, tab, terms):
    dialog = SeatDialog(db, terms[1], parent=tab)
    dialog.member_last_name.setText("Hakala")
    dialog.member_first_name.setText("Tiina")
    dialog.deputy_last_name.setText("Aaltonen")
    dialog.deputy_first_name.setText("Riikka")
    dialog.accept()
    assert "on jo jäsen tällä toimikaudella" in error_beside(dialog, "deputy_last_name")


def test_one_deputy_name_alone_is_shown_beside_the_missing_one(db, tab, terms):
    dialog = SeatDialog(db, terms[1], parent=tab)
    dialog.member_last_name.setText("Hakala")
    dialog.member_first_name.setText("Tiina")
    dialog.deputy_last_name.setText("Ilvonen")
    dialog.accept()
    assert (
        error_beside(dialog, "deputy_first_name")
        == "Anna myös varajäsenen etunimi, tai ei kumpaakaan nimeä"
    )


def test_a_term_that_ends_before_it_starts_is_shown_beside_the_end(db, tab):
    dialog = TermDialog(db, parent=tab)
    dialog.start.setText("1.6.2030")
    dialog.end.setText("31.5.2029")
    dialog.accept()
    assert error_beside(dialog, "end") == "Päättymispäivä on ennen alkamispäivää"


def test_a_nonexistent_date_is_shown_beside_the_field(db, tab):
    dialog = TermDialog(db, parent=tab)
    dialog.start.setText("31.11.2030")
    dialog.accept()
    assert error_beside(dialog, "start") == "“31.11.2030” ei ole päivämäärä: kuussa 11 on 30 päivää"


def test_new_term_from_this_one_copies_the_seats_and_closes_nothing_it_should_not(
    tab, qtbot, on_modal, terms
):
    current = terms[1]

    def fill(dialog):
        assert isinstance(dialog, TermDialog)
        # Suggested: from the day after the current term ends, for as long again
        assert dialog.start.text() == f"{(current.end + timedelta(days=1)):%-d.%-m.%Y}"
        submit(qtbot, dialog, dialog.start.edit)

    on_modal(fill)
    tab.copy_term_button.click()
    new = tab.current_term
    assert new.id != current.id and new.start == current.end + timedelta(days=1)
    assert [row[1] for row in cells(tab.seat_model)] == ["Lindqvist Marja", "Aaltonen Riikka"]
    assert "toimessa" not in tab.term_combo.currentText()


def test_the_board_on_a_date_shows_who_sat_and_who_deputised(tab, terms):
    earlier, current = terms
    tab.on_date.setDate(QDate(current.start.year, current.start.month, current.start.day))
    assert cells(tab.on_date_model) == [
        ["puheenjohtaja", "Marja Lindqvist", "Timo Koivisto"],
        ["jäsen", "Riikka Aaltonen", "Jukka Backman"],
    ]
    day_before = current.start - timedelta(days=1)
    tab.on_date.setDate(QDate(day_before.year, day_before.month, day_before.day))
    assert cells(tab.on_date_model) == [["puheenjohtaja", "Heikki Räsänen", ""]]
    assert tab.on_date_info.text().startswith(f"Toimikausi {earlier.period}")


def test_copying_the_board_on_a_date_gives_the_printed_lines_as_a_table(tab):
    tab.copy_button.click()
    lines = QApplication.clipboard().text().splitlines()
    assert lines[0] == "Rooli\tJäsen\tHenkilökohtainen varajäsen"
    assert lines[1] == (
        "puheenjohtaja\tjohtaja Marja Lindqvist, Pirkanmaan hyvinvointialue\tTimo Koivisto, Pirkanmaan hyvinvointialue"
    )


def test_a_day_without_a_term_says_so(tab):
    tab.on_date.setDate(QDate(1990, 1, 1))
    assert tab.on_date_info.text() == "Päivälle 1.1.1990 ei ole toimikautta."
    assert tab.on_date_model.rowCount() == 0


def test_the_delete_key_deletes_a_seat_after_confirmation(db, tab, qtbot, on_modal):
    select = tab.seat_model.row_of(tab.seat_model.records()[1].id)
    tab.seat_view.selectRow(select)

    def answer(box):
        assert isinstance(box, QMessageBox)
        assert "Aaltonen Riikka" in box.text() and "Backman Jukka" in box.text()
        box.button(QMessageBox.StandardButton.Yes).click()

    on_modal(answer)
    qtbot.keyClick(tab.seat_view, Qt.Key.Key_Delete)
    assert [row[1] for row in cells(tab.seat_model)] == ["Lindqvist Marja"]


def test_meetings_of_the_year_and_the_report_sentence(db, qtbot):
    for day in (date(2022, 2, 10), date(2022, 3, 24), date(2022, 5, 12)):
        save_meeting(db, Meeting(day, MeetingKind.BOARD), None)
    save_meeting(db, Meeting(date(2022, 6, 7), MeetingKind.ANNUAL_GENERAL), None)
    save_meeting(db, Meeting(date(2023, 2, 9), MeetingKind.BOARD), None)
    widget = BoardTab(db)
    qtbot.addWidget(widget)
    widget.year_combo.setCurrentIndex(widget.year_combo.findData(2022))
    assert widget.meeting_summary.text() == (
        "Hallitus kokoontui 3 kertaa vuonna 2022; varsinainen yhtiökokous pidettiin 7.6.2022."
    )
    assert [row[0] for row in cells(widget.meeting_model)] == [
        "10.2.2022",
        "24.3.2022",
        "12.5.2022",
        "7.6.2022",
    ]


def test_adding_a_meeting_suggests_the_next_number_and_updates_the_sentence(db, qtbot, on_modal):
    save_meeting(db, Meeting(date(TODAY.year, 1, 1), MeetingKind.BOARD, f"1/{TODAY.year}"), None)
    widget = BoardTab(db)
    qtbot.addWidget(widget)
    with qtbot.waitActive(widget):  # shortcuts work in the active window only
        widget.show()
        widget.activateWindow()

    def fill(dialog):
        assert isinstance(dialog, MeetingDialog)
        assert dialog.number.text() == f"2/{TODAY.year}"
        dialog.held_on.set_date(date(TODAY.year, 1, 2))
        dialog.place.setText("Teams")
        submit(qtbot, dialog, dialog.place)

    on_modal(fill)
    qtbot.keyClick(
        widget.meeting_view,
        Qt.Key.Key_N,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert widget.meeting_summary.text() == f"Hallitus kokoontui 2 kertaa vuonna {TODAY.year}."
    assert cells(widget.meeting_model)[1][2:4] == [f"2/{TODAY.year}", "Teams"]


def test_a_meeting_without_a_date_is_shown_beside_the_date_and_not_saved(db, qtbot):
    dialog = MeetingDialog(db)
    qtbot.addWidget(dialog)
    dialog.held_on.set_date(None)
    dialog.accept()
    assert error_beside(dialog, "held_on") == "Päivämäärä on pakollinen tieto"
    assert dialog.saved is None
    with db.unit_of_work() as uow:
        assert uow.meetings.all() == []


def test_an_empty_board_tab_says_how_to_begin(db, qtbot):
    widget = BoardTab(db)
    qtbot.addWidget(widget)
    assert "Uusi toimikausi" in widget.term_info.text()
    assert not widget.seats.add_button.isEnabled()
    assert not widget.copy_term_button.isEnabled()


def test_a_whole_term_is_kept_with_the_keyboard_alone(db, qtbot, on_modal):
    """Alt+U opens a new term, Enter saves; Ctrl+N adds the chair; Enter edits; Delete deletes."""
    widget = BoardTab(db)
    qtbot.addWidget(widget)
    with qtbot.waitActive(widget):
        widget.show()
        widget.activateWindow()

    def new_term(dialog):
        assert isinstance(dialog, TermDialog) and dialog.focusWidget() is dialog.start.edit
        qtbot.keyClicks(dialog.start.edit, "1.6.2030")
        qtbot.keyClick(dialog.start.edit, Qt.Key.Key_Tab)
        qtbot.keyClicks(dialog.focusWidget(), "31.5.2032")
        submit(qtbot, dialog, dialog.focusWidget())

    on_modal(new_term)
    qtbot.keyClick(widget, Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)
    # A mnemonic "animates" the button's click, which comes a moment later
    qtbot.waitUntil(lambda: widget.term_combo.currentText() == "1.6.2030–31.5.2032", timeout=3000)

    def chair(dialog):
        assert dialog.role.currentData() is BoardRole.CHAIR  # an empty term starts with its chair
        qtbot.keyClick(dialog.role, Qt.Key.Key_Tab)
        qtbot.keyClicks(dialog.focusWidget(), "Lindqvist")
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
        qtbot.keyClicks(dialog.focusWidget(), "Marja")
        submit(qtbot, dialog, dialog.focusWidget())

    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    on_modal(chair)
    qtbot.keyClick(widget.seat_view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert cells(widget.seat_model) == [["puheenjohtaja", "Lindqvist Marja", "", "", ""]]

    def add_title(dialog):
        dialog.member_title.setFocus()
        qtbot.keyClicks(dialog.member_title, "johtaja")
        submit(qtbot, dialog, dialog.member_title)

    on_modal(add_title)
    qtbot.keyClick(widget.seat_view, Qt.Key.Key_Return)
    assert widget.seat_model.record(0).member_title == "johtaja"

    on_modal(lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    qtbot.keyClick(widget.seat_view, Qt.Key.Key_Delete)
    assert widget.seat_model.rowCount() == 0


def test_the_seat_model_passes_qts_model_tests(db, tab, qtmodeltester):
    assert tab.seat_model.rowCount() == 2
    qtmodeltester.check(tab.seat_model)


def test_the_board_on_a_date_model_passes_qts_model_tests(db, tab, qtmodeltester):
    assert tab.on_date_model.rowCount() == 2
    qtmodeltester.check(tab.on_date_model)


def test_the_meeting_model_passes_qts_model_tests(db, qtbot, qtmodeltester):
    save_meeting(db, Meeting(date(TODAY.year, 1, 2), MeetingKind.BOARD, "1", "Tampere"), None)
    save_meeting(
        db, Meeting(date(TODAY.year, 1, 3), MeetingKind.ANNUAL_GENERAL, notes="Teams"), None
    )
    widget = BoardTab(db)
    qtbot.addWidget(widget)
    assert widget.meeting_model.rowCount() == 2
    qtmodeltester.check(widget.meeting_model)
