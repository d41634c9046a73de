"""Every form's Alt keys: each caption's Alt key takes the cursor to its own field, and no
two captions or buttons of one form share a letter (in Finnish and in English)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from domain.finance import CategoryKind
from domain.i18n import set_language
from services.demo import load_demo
from storage.database import Database
from tests.ui.keys import alt_key, alt_keys
from ui.app.reports_menu import AnnualReportDialog, BoardSummaryDialog
from ui.forms.board_seat import SeatDialog
from ui.forms.board_term import TermDialog
from ui.forms.case_event import CaseEventDialog
from ui.forms.categories_dialog import CategoryDialog
from ui.forms.funding_line import FundingDialog
from ui.forms.guardian import GuardianDialog
from ui.forms.guardian_request import GuardianRequestDialog
from ui.forms.meeting import MeetingDialog
from ui.forms.project import ProjectDialog
from ui.forms.project_assignment import AssignmentDialog
from ui.forms.project_partner import PartnerDialog
from ui.forms.report_texts_dialog import ReportTextsDialog
from ui.forms.settings_dialog import SettingsDialog
from ui.forms.staff_member import StaffDialog
from ui.forms.trainee import TraineeDialog
from ui.forms.transaction import TransactionDialog


def _project(db: Database):
    with db.unit_of_work() as uow:
        return uow.projects.all()[0]


def _term(db: Database):
    with db.unit_of_work() as uow:
        return uow.board_terms.all()[0]


FORMS: dict[str, Callable[[Database], QWidget]] = {
    "staff": StaffDialog,
    "trainee": TraineeDialog,
    "term": TermDialog,
    "seat": lambda db: SeatDialog(db, _term(db)),
    "meeting": MeetingDialog,
    "project": ProjectDialog,
    "partner": lambda db: PartnerDialog(db, _project(db)),
    "funding": lambda db: FundingDialog(db, _project(db)),
    "assignment": lambda db: AssignmentDialog(db, _project(db)),
    "case_event": CaseEventDialog,
    "guardian": GuardianDialog,
    "guardian_request": GuardianRequestDialog,
    "transaction": TransactionDialog,
    "category": lambda db: CategoryDialog(db, CategoryKind.EXPENSE),
    "settings": SettingsDialog,
    "report_texts": lambda db: ReportTextsDialog(db, 2025),
    "board_summary": lambda _db: BoardSummaryDialog(),
    "annual_report": lambda _db: AnnualReportDialog(),
}


@pytest.fixture
def demo_db(db: Database) -> Database:
    load_demo(db)
    return db


def captions(dialog: QWidget) -> list[QLabel]:
    return [
        label
        for label in dialog.findChildren(QLabel)
        if label.isVisible() and alt_key(label.text()) is not None
    ]


def target(widget: QWidget) -> QWidget:
    """Where the focus lands when ``widget`` is given it."""
    while widget.focusProxy() is not None:
        widget = widget.focusProxy()
    return widget


@pytest.mark.parametrize("language", ["fi", "en"])
@pytest.mark.parametrize("form", list(FORMS))
def test_every_caption_alt_key_names_a_field_and_none_is_shared(qtbot, demo_db, language, form):
    set_language(language)
    dialog = FORMS[form](demo_db)
    qtbot.addWidget(dialog)
    dialog.show()
    if isinstance(dialog, TransactionDialog):  # the question under a new customer too
        dialog.customer.setCurrentText("Uusi Oy")
        dialog.customer_question.check()
        assert dialog.customer_question.isVisible()
    labels = captions(dialog)
    assert labels, "the form has captions with Alt keys"
    for label in labels:
        assert label.buddy() is not None, f"{label.text()!r} has no field"
        field = target(label.buddy())
        assert field.focusPolicy() != Qt.FocusPolicy.NoFocus, f"{label.text()!r}: no focus"
    keys = alt_keys(dialog)
    assert sorted(k for k in set(keys) if keys.count(k) > 1) == []


@pytest.mark.parametrize("form", ["case_event", "transaction", "staff"])
def test_alt_on_a_date_caption_goes_to_the_date(qtbot, demo_db, form):
    dialog = FORMS[form](demo_db)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    for label in captions(dialog):
        key = alt_key(label.text())
        assert key is not None
        qtbot.keyClick(dialog.focusWidget(), key, Qt.KeyboardModifier.AltModifier)
        assert dialog.focusWidget() is target(label.buddy()), label.text()
