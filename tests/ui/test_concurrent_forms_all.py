"""Every record form, when another workstation changed its record meanwhile: the form shows
their value beside the user's, takes theirs on request, or saves over theirs as an
overwrite the history records (two Database objects on one URL stand for the two
workstations; each kind's form and its service, the same three behaviours)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QMessageBox, QPlainTextEdit, QWidget

from domain.board import BoardRole, BoardSeat, BoardTerm, Meeting, MeetingKind
from domain.caselog import (
    CaseEvent,
    Guardian,
    GuardianRequest,
    Matter,
    ReferenceKind,
    ReferenceValue,
    Sector,
)
from domain.finance import Category, CategoryKind, Transaction
from domain.history import Action
from domain.i18n import _
from domain.projects import FundingLine, OurRole, Project, ProjectAssignment, ProjectPartner
from domain.staff import StaffMember, Trainee, TraineeKind
from services.board import (
    delete_meeting,
    delete_seat,
    delete_term,
    save_meeting,
    save_seat,
    save_term,
)
from services.caselog import (
    add_reference,
    delete_case_event,
    delete_guardian,
    delete_reference,
    delete_request,
    rename_reference,
    save_case_event,
    save_guardian,
    save_request,
)
from services.finance import (
    add_category,
    delete_category,
    delete_transaction,
    rename_category,
    save_transaction,
    set_budget,
)
from services.projects import (
    delete_assignment,
    delete_funding,
    delete_partner,
    delete_project,
    save_assignment,
    save_funding,
    save_partner,
    save_project,
)
from services.staff import delete_staff_member, delete_trainee, save_staff_member, save_trainee
from storage.database import Database
from storage.uow import UnitOfWork
from ui.caselog.guardians_page import GuardiansPage
from ui.finance.budget_page import BudgetPage, BudgetTableModel
from ui.forms.base import RecordDialog
from ui.forms.board_seat import SeatDialog
from ui.forms.board_term import TermDialog
from ui.forms.case_event import CaseEventDialog
from ui.forms.categories_dialog import CategoriesDialog, CategoryDialog
from ui.forms.funding_line import FundingDialog
from ui.forms.guardian import GuardianDialog
from ui.forms.guardian_request import GuardianRequestDialog
from ui.forms.meeting import MeetingDialog
from ui.forms.project import ProjectDialog
from ui.forms.project_assignment import AssignmentDialog
from ui.forms.project_partner import PartnerDialog
from ui.forms.reference_lists_dialog import ReferenceValueDialog
from ui.forms.staff_member import StaffDialog
from ui.forms.trainee import TraineeDialog
from ui.forms.transaction import TransactionDialog

# --------------------------------------------------------------------------- two workstations


# --------------------------------------------------------------------------- the form kinds


def _project(db: Database) -> Project:
    project = Project("HANKE-7", "Hyvinvointia yhdessä", OurRole.ADMINISTRATOR)
    return save_project(db, project, None)


def _staff(db: Database) -> StaffMember:
    return save_staff_member(db, StaffMember("Mäkelä", "Anni", "suunnittelija"), None)


def _project_of(db: Database, record: Any) -> Project:
    with db.unit_of_work() as uow:
        project = uow.projects.get(record.project_id)
    assert project is not None
    return project


def _term_of(db: Database, seat: BoardSeat) -> BoardTerm:
    with db.unit_of_work() as uow:
        term = uow.board_terms.get(seat.term_id)
    assert term is not None
    return term


def _first_category(db: Database) -> Category:
    with db.unit_of_work() as uow:
        return next(c for c in uow.categories.all() if c.kind is CategoryKind.EXPENSE)


def _requester(db: Database) -> str:
    with db.unit_of_work() as uow:
        return uow.references.of_kind(ReferenceKind.REQUESTER)[0].id


def _seat(db: Database) -> BoardSeat:
    term, _closed = save_term(db, BoardTerm(date(2026, 6, 1), date(2028, 5, 31)))
    return save_seat(db, BoardSeat(term.id, BoardRole.CHAIR, "Laine", "Liisa", "johtaja"), None)


@dataclass(frozen=True)
class Kind:
    """One kind of record form: how to add its record, how the other workstation saves a
    change of it, how to open its form, and the text field both users change."""

    name: str
    repository: Callable[[UnitOfWork], Any]
    add: Callable[[Database], Any]
    save: Callable[[Database, Any, Any], Any]  # (db, record, original as read)
    form: Callable[[Database, Any], RecordDialog]
    field: str
    theirs: str
    mine: str
    delete: Callable[[Database, str], None]

    def __str__(self) -> str:
        return self.name


KINDS = [
    Kind(
        "staff member",
        lambda uow: uow.staff,
        _staff,
        save_staff_member,
        StaffDialog,
        "phone",
        "050 999",
        "040 111",
        delete_staff_member,
    ),
    Kind(
        "trainee",
        lambda uow: uow.trainees,
        lambda db: save_trainee(
            db, Trainee("Virtanen", "Ville", TraineeKind.INTERNSHIP, date(2026, 1, 7)), None
        ),
        save_trainee,
        TraineeDialog,
        "institution",
        "Tampereen ammattikorkeakoulu",
        "Tampereen yliopisto",
        delete_trainee,
    ),
    Kind(
        "transaction",
        lambda uow: uow.transactions,
        lambda db: save_transaction(
            db,
            Transaction(date(2026, 3, 2), _first_category(db).id, Decimal("-120.00"), "matkat"),
            None,
        ),
        save_transaction,
        TransactionDialog,
        "description",
        "junaliput Tampere–Helsinki",
        "taksi asemalta",
        delete_transaction,
    ),
    Kind(
        "board term",
        lambda uow: uow.board_terms,
        lambda db: save_term(db, BoardTerm(date(2026, 6, 1), date(2028, 5, 31)))[0],
        save_term,
        TermDialog,
        "note",
        "valittu vuosikokouksessa 3.6.2026",
        "valittu ylimääräisessä kokouksessa",
        delete_term,
    ),
    Kind(
        "board seat",
        lambda uow: uow.board_seats,
        _seat,
        save_seat,
        lambda db, seat: SeatDialog(db, _term_of(db, seat), seat),
        "member_title",
        "perhepalveluiden johtaja",
        "sosiaalijohtaja",
        delete_seat,
    ),
    Kind(
        "meeting",
        lambda uow: uow.meetings,
        lambda db: save_meeting(db, Meeting(date(2026, 3, 10), MeetingKind.BOARD, "1/2026"), None),
        save_meeting,
        MeetingDialog,
        "place",
        "Tampere-talo",
        "toimisto",
        delete_meeting,
    ),
    Kind(
        "project",
        lambda uow: uow.projects,
        _project,
        save_project,
        ProjectDialog,
        "name",
        "Hyvinvointia yhdessä II",
        "Hyvinvointia kaikille",
        delete_project,
    ),
    Kind(
        "project partner",
        lambda uow: uow.partners,
        lambda db: save_partner(db, ProjectPartner(_project(db).id, "Tampereen kaupunki"), None),
        save_partner,
        lambda db, partner: PartnerDialog(db, _project_of(db, partner), partner),
        "organisation",
        "Pirkanmaan hyvinvointialue",
        "Tampereen yliopisto",
        delete_partner,
    ),
    Kind(
        "funding line",
        lambda uow: uow.funding,
        lambda db: save_funding(db, FundingLine(_project(db).id, "ESR", Decimal(80)), None),
        save_funding,
        lambda db, line: FundingDialog(db, _project_of(db, line), line),
        "funder",
        "EAKR",
        "STM",
        delete_funding,
    ),
    Kind(
        "project assignment",
        lambda uow: uow.assignments,
        lambda db: save_assignment(
            db, ProjectAssignment(_project(db).id, _staff(db).id, "suunnittelija"), None
        ),
        save_assignment,
        lambda db, role: AssignmentDialog(db, _project_of(db, role), role),
        "role",
        "projektipäällikkö",
        "koordinaattori",
        delete_assignment,
    ),
    Kind(
        "guardian",
        lambda uow: uow.guardians,
        lambda db: save_guardian(db, Guardian("Koski", "Kaarina", phone="040 123"), None),
        save_guardian,
        GuardianDialog,
        "phone",
        "050 999",
        "040 111",
        delete_guardian,
    ),
    Kind(
        "guardian request",
        lambda uow: uow.guardian_requests,
        lambda db: save_request(
            db, GuardianRequest(date(2026, 2, 3), _requester(db), Matter.CRIMINAL), None
        ),
        save_request,
        GuardianRequestDialog,
        "reference",
        "Dnro 2026/17",
        "Dnro 2026/71",
        delete_request,
    ),
    Kind(
        "case event",
        lambda uow: uow.case_events,
        lambda db: save_case_event(
            db, CaseEvent(date(2026, 2, 3), "Pirkanmaa", Sector.SOCIAL, municipality="Nokia"), None
        ),
        save_case_event,
        CaseEventDialog,
        "municipality",
        "Ylöjärvi",
        "Kangasala",
        delete_case_event,
    ),
    Kind(
        "category",
        lambda uow: uow.categories,
        lambda db: add_category(db, Category("Koulutuskulut", CategoryKind.EXPENSE)),
        lambda db, category, original: rename_category(db, original, category.name),
        lambda db, category: CategoryDialog(db, category.kind, category),
        "name",
        "Koulutus- ja kokouskulut",
        "Koulutukset ja seminaarit",
        delete_category,
    ),
    Kind(
        "list value",
        lambda uow: uow.references,
        lambda db: add_reference(
            db, ReferenceValue(ReferenceKind.REQUESTER, "käräjäoikeuden kanslia")
        ),
        lambda db, value, original: rename_reference(db, original, value.name_fi, value.name_en),
        lambda db, value: ReferenceValueDialog(db, value.kind, value.sector, value),
        "name_fi",
        "hovioikeuden kanslia",
        "tuomioistuimen kanslia",
        delete_reference,
    ),
]


@pytest.fixture(params=KINDS, ids=str)
def kind(request) -> Kind:
    return request.param


def read(db: Database, kind: Kind, record_id: str) -> Any:
    with db.unit_of_work() as uow:
        return kind.repository(uow).get(record_id)


def text_of(widget: QWidget) -> str:
    if isinstance(widget, QComboBox):
        return widget.currentText()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    assert isinstance(widget, QLineEdit)
    return widget.text()


def type_into(widget: QWidget, text: str) -> None:
    if isinstance(widget, QComboBox):
        widget.setCurrentText(text)
    elif isinstance(widget, QPlainTextEdit):
        widget.setPlainText(text)
    else:
        assert isinstance(widget, QLineEdit)
        widget.setText(text)


@pytest.fixture
def shown(a: Database, kind: Kind) -> Any:
    """The record as workstation A read it to show it in its form."""
    return read(a, kind, kind.add(a).id)


@pytest.fixture
def form(qtbot, a: Database, kind: Kind, shown: Any) -> RecordDialog:
    """A's form of the record, the field changed to A's value, not yet saved."""
    dialog = kind.form(a, shown)
    qtbot.addWidget(dialog)
    dialog.show()
    type_into(dialog.field(kind.field), kind.mine)
    return dialog


@pytest.fixture
def changed_by_b(b: Database, kind: Kind, shown: Any) -> Any:
    """B's change of the same field, saved while A's form is open."""
    theirs = read(b, kind, shown.id)
    kind.save(b, replace(theirs, **{kind.field: kind.theirs}), theirs)
    return theirs


def rows_of(dialog: RecordDialog) -> list[tuple[str, ...]]:
    table = dialog.conflict.table
    return [
        tuple(table.item(r, c).text() for c in range(table.columnCount()))
        for r in range(table.rowCount())
    ]


# --------------------------------------------------------------------------- every form


@pytest.mark.usefixtures("changed_by_b")
def test_a_save_over_their_change_shows_their_value_beside_mine(form, kind):
    form.accept()
    assert form.isVisible()
    assert form.conflict.isVisible()
    caption = form.captions()[kind.field]
    assert (caption, kind.theirs, kind.mine) in rows_of(form)


@pytest.mark.usefixtures("changed_by_b")
def test_taking_theirs_loads_their_value_into_the_form(form, kind):
    form.accept()
    form.conflict.theirs_button.click()
    assert text_of(form.field(kind.field)) == kind.theirs
    assert form.conflict.isHidden()
    assert form.isVisible()


@pytest.mark.usefixtures("changed_by_b")
def test_saving_over_theirs_stores_mine_and_the_history_says_so(form, kind, b, shown):
    form.accept()
    form.conflict.overwrite_button.click()
    assert not form.isVisible()
    assert getattr(read(b, kind, shown.id), kind.field) == kind.mine
    with b.unit_of_work() as uow:
        last = uow.history.last_of(kind.repository(uow).table.name, shown.id)
    assert last is not None and last.action is Action.OVERWRITE


def test_a_record_deleted_meanwhile_is_saved_as_a_new_one_on_request(form, kind, b, shown):
    kind.delete(b, shown.id)
    form.accept()
    assert form.conflict.new_button.isVisible()
    form.conflict.new_button.click()
    assert not form.isVisible()
    assert form.saved.id != shown.id
    assert getattr(read(b, kind, form.saved.id), kind.field) == kind.mine


# --------------------------------------------------------------------------- what one form saves with its record


def kind_named(name: str) -> Kind:
    return next(k for k in KINDS if k.name == name)


CASE_EVENT, CATEGORY, GUARDIAN = (kind_named(n) for n in ("case event", "category", "guardian"))


@pytest.fixture
def event_form(qtbot, a: Database, b: Database) -> tuple[CaseEventDialog, list[str]]:
    """A's form of an event with one reason, its municipality typed; B has since changed
    the event's reason to another. The ids of the two reasons."""
    with a.unit_of_work() as uow:
        reasons = [v.id for v in uow.references.of_kind(ReferenceKind.REASON)[:2]]
    event = save_case_event(
        a, CaseEvent(date(2026, 2, 3), "Pirkanmaa", Sector.SOCIAL, reason_ids=reasons[:1]), None
    )
    dialog = CaseEventDialog(a, read(a, CASE_EVENT, event.id))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.municipality.setText("Kangasala")
    theirs = read(b, CASE_EVENT, event.id)
    save_case_event(b, replace(theirs, reason_ids=reasons[1:]), theirs)
    dialog.accept()
    return dialog, reasons


def test_taking_their_case_event_ticks_their_reasons(event_form):
    dialog, reasons = event_form
    dialog.conflict.theirs_button.click()
    assert dialog.reasons.values() == reasons[1:]


def test_a_case_event_saved_over_theirs_keeps_the_reasons_the_form_shows(event_form, b):
    dialog, reasons = event_form
    dialog.conflict.overwrite_button.click()
    assert dialog.saved is not None
    stored = read(b, CASE_EVENT, dialog.saved.id)
    assert (stored.reason_ids, stored.municipality) == (reasons[:1], "Kangasala")


# --------------------------------------------------------------------------- list values' deletes


def test_deleting_a_category_renamed_since_it_was_shown_asks_again(qtbot, a, b, on_modal):
    category = add_category(a, Category("Koulutuskulut", CategoryKind.EXPENSE))
    dialog = CategoriesDialog(a)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.choose(CategoryKind.EXPENSE)
    row = dialog.model.row_of(category.id)
    dialog.view.setCurrentIndex(dialog.model.index(row, 0))
    stored = read(b, CATEGORY, category.id)
    rename_category(b, stored, "Koulutus- ja kokouskulut")
    asked = []

    def yes(box):
        asked.append(box.text())
        box.button(QMessageBox.StandardButton.Yes).click()

    on_modal(yes)
    on_modal(yes)
    qtbot.keyClick(dialog.view, Qt.Key.Key_Delete)
    assert len(asked) == 2 and "poistetaanko silti?" in asked[1]
    assert read(b, CATEGORY, category.id) is None


def test_a_category_delete_not_confirmed_again_keeps_their_name(qtbot, a, b, on_modal):
    category = add_category(a, Category("Koulutuskulut", CategoryKind.EXPENSE))
    dialog = CategoriesDialog(a)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.choose(CategoryKind.EXPENSE)
    dialog.view.setCurrentIndex(dialog.model.index(dialog.model.row_of(category.id), 0))
    rename_category(b, read(b, CATEGORY, category.id), "Koulutus- ja kokouskulut")
    on_modal(lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    on_modal(lambda box: box.button(QMessageBox.StandardButton.No).click())
    qtbot.keyClick(dialog.view, Qt.Key.Key_Delete)
    stored = read(b, CATEGORY, category.id)
    assert stored is not None and stored.name == "Koulutus- ja kokouskulut"


# --------------------------------------------------------------------------- names, not IDs


def test_their_choice_of_a_list_is_shown_by_its_name(qtbot, a, b):
    with a.unit_of_work() as uow:
        police, prosecutor = uow.references.of_kind(ReferenceKind.REQUESTER)[:2]
    saved = save_request(a, GuardianRequest(date(2026, 2, 3), police.id, Matter.CRIMINAL), None)
    kind = kind_named("guardian request")
    dialog = GuardianRequestDialog(a, read(a, kind, saved.id))
    qtbot.addWidget(dialog)
    dialog.show()
    theirs = read(b, kind, saved.id)
    save_request(b, replace(theirs, requester_id=prosecutor.id), theirs)
    dialog.accept()
    caption = dialog.captions()["requester_id"]
    assert (caption, prosecutor.label, police.label) in rows_of(dialog)


# --------------------------------------------------------------------------- the budget's amounts

BUDGET_YEAR = 2026


def budget_of(db: Database, name: str) -> Any:
    with db.unit_of_work() as uow:
        return uow.budget.find(BUDGET_YEAR, uow.categories.by_name(name).id)


@pytest.fixture
def budget_page(qtbot, a: Database, b: Database) -> BudgetPage:
    """A's budget page showing 10 000 € for travel; B has since set it to 12 000 €."""
    travel = next(c for c in a_categories(a) if c.name == "Matkakulut")
    set_budget(a, BUDGET_YEAR, travel.id, Decimal(10000))
    page = BudgetPage(a)
    qtbot.addWidget(page)
    page.show()
    page.year_spin.setValue(BUDGET_YEAR)
    page.refresh()
    set_budget(b, BUDGET_YEAR, travel.id, Decimal(12000))
    return page


def a_categories(db: Database) -> list[Category]:
    with db.unit_of_work() as uow:
        return uow.categories.all()


def type_budget(page: BudgetPage, qtbot, name: str, text: str) -> None:
    row = next(r for r in range(page.model.rowCount()) if page.model.name(r) == name)
    page.open_amount(page.model.index(row, BudgetTableModel.column("budget")))
    line = page.view.indexWidget(page.view.currentIndex())
    line.selectAll()
    line.insert(text)
    qtbot.keyClick(line, Qt.Key.Key_Return)


def test_an_amount_typed_over_their_change_asks_and_saves_over_it(budget_page, b, qtbot, on_modal):
    asked = []

    def yes(box):
        asked.append(box.text())
        box.button(QMessageBox.StandardButton.Yes).click()

    on_modal(yes)
    type_budget(budget_page, qtbot, "Matkakulut", "11 000")
    assert "12\u00a0000,00\u00a0€" in asked[0]
    line = budget_of(b, "Matkakulut")
    assert line.amount == Decimal(11000)
    with b.unit_of_work() as uow:
        last = uow.history.last_of("budget_lines", line.id)
    assert last is not None and last.action is Action.OVERWRITE


def test_an_amount_not_saved_over_theirs_leaves_theirs_shown(budget_page, b, qtbot, on_modal):
    on_modal(lambda box: box.button(QMessageBox.StandardButton.No).click())
    type_budget(budget_page, qtbot, "Matkakulut", "11 000")
    assert budget_of(b, "Matkakulut").amount == Decimal(12000)
    row = next(
        r for r in range(budget_page.model.rowCount()) if budget_page.model.name(r) == "Matkakulut"
    )
    cell = budget_page.model.index(row, BudgetTableModel.column("budget"))
    assert budget_page.model.data(cell) == "12\u00a0000,00\u00a0€"
    assert budget_page.message.isVisible()


def test_removing_an_amount_changed_since_it_was_shown_asks_again(budget_page, b, qtbot, on_modal):
    on_modal(lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    on_modal(lambda box: box.button(QMessageBox.StandardButton.No).click())
    row = next(
        r for r in range(budget_page.model.rowCount()) if budget_page.model.name(r) == "Matkakulut"
    )
    budget_page.view.setCurrentIndex(
        budget_page.model.index(row, BudgetTableModel.column("budget"))
    )
    qtbot.keyClick(budget_page.view, Qt.Key.Key_Delete)
    assert budget_of(b, "Matkakulut").amount == Decimal(12000)


# --------------------------------------------------------------------------- a guardian kept


def test_a_guardian_changed_meanwhile_is_marked_inactive_keeping_their_change(
    qtbot, a, b, on_modal
):
    guardian = save_guardian(a, Guardian("Koski", "Kaarina", phone="040 123"), None)
    with a.unit_of_work() as uow:
        police = uow.references.of_kind(ReferenceKind.REQUESTER)[0].id
    save_request(
        a, GuardianRequest(date(2026, 2, 3), police, Matter.CRIMINAL, guardian_id=guardian.id), None
    )
    page = GuardiansPage(a)
    qtbot.addWidget(page)
    page.show()
    page.select_guardian(guardian.id)
    theirs = read(b, GUARDIAN, guardian.id)
    save_guardian(b, replace(theirs, phone="050 999"), theirs)

    def mark_inactive(box):
        next(button for button in box.buttons() if button.text() == _("Mark inactive")).click()

    on_modal(lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    on_modal(mark_inactive)
    qtbot.keyClick(page.view, Qt.Key.Key_Delete)
    stored = read(b, GUARDIAN, guardian.id)
    assert (stored.active, stored.phone) == (False, "050 999")


def test_taking_theirs_keeps_a_guardian_added_since_the_form_opened(qtbot, a, b):
    kind = kind_named("guardian request")
    saved = kind.add(a)
    dialog = GuardianRequestDialog(a, read(a, kind, saved.id))
    qtbot.addWidget(dialog)
    dialog.show()
    newcomer = save_guardian(b, Guardian("Nieminen", "Aino"), None)
    theirs = read(b, kind, saved.id)
    save_request(b, replace(theirs, guardian_id=newcomer.id), theirs)
    dialog.accept()
    caption = dialog.captions()["guardian_id"]
    assert (caption, "Nieminen Aino", "") in rows_of(dialog)
    dialog.conflict.theirs_button.click()
    dialog.accept()
    assert read(b, kind, saved.id).guardian_id == newcomer.id
