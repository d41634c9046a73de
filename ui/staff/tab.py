"""The staff roster tab: staff with headcount and FTE on a date, and trainees apart."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Any, ClassVar, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from domain.formats import format_date, format_number, format_percent, format_period
from domain.i18n import N_, _
from domain.staff import StaffMember, Trainee
from exports.pasted import FULL_NAME
from services.staff import (
    delete_staff_member,
    delete_staff_members,
    delete_trainee,
    delete_trainees,
)
from storage.database import Database
from storage.repositories import PeriodQuery
from storage.uow import UnitOfWork
from ui.common.list_page import ListPage, RecordList
from ui.common.table_model import Columns, LazyRecordModel, TableColumn, field_column
from ui.common.views import select_row
from ui.common.widgets import DayFilter
from ui.forms.base import RecordDialog
from ui.forms.staff_member import StaffDialog
from ui.forms.trainee import TraineeDialog


class StaffTableModel(LazyRecordModel[PeriodQuery]):
    def __init__(self, db: Database) -> None:
        super().__init__(db, lambda uow: uow.staff, PeriodQuery())
        self._projects: dict[str, list[str]] = {}
        self.COLUMNS = Columns(
            TableColumn(
                "name",
                N_("Name"),
                lambda s: s.full_name,
                lambda s: s.full_name.casefold(),
                width=22,
                stretch=True,
            ),
            TableColumn(
                "title",
                N_("Title"),
                lambda s: s.title,
                lambda s: s.title.casefold(),
                width=30,
                stretch=True,
            ),
            TableColumn(
                "employment",
                N_("Employment"),
                lambda s: s.employment.label,
                lambda s: s.employment.value,
                width=13,
            ),
            field_column("fte_percent", N_("FTE %"), format_percent, align_right=True, width=9),
            field_column("start", N_("Start"), format_date, align_right=True, width=11),
            field_column("end", N_("End"), format_date, align_right=True, width=11),
            TableColumn(
                "projects",
                N_("Projects"),
                self.projects_text,
                self.projects_text,
                width=16,
                stretch=True,
                sort_by="name",
            ),
        )

    def projects_text(self, member: StaffMember) -> str:
        """As the annual report prints it: ``TulLas-hanke, Tool4Teen-hanke``."""
        return ", ".join(
            _("{code} project").format(code=code) for code in self._projects.get(member.id, [])
        )

    def cleared(self) -> None:
        self._projects = {}

    def loaded(self, uow: UnitOfWork, rows: list[Any]) -> None:
        # The projects of the rows read, in force on the chosen day (or ever, for "All").
        self._projects.update(uow.assignments.of_staff([m.id for m in rows], self.query.on_date))


class TraineeTableModel(LazyRecordModel[PeriodQuery]):
    def __init__(self, db: Database) -> None:
        super().__init__(db, lambda uow: uow.trainees, PeriodQuery())
        self._supervisors: dict[str, str] = {}
        self._projects: dict[str, str] = {}
        self.COLUMNS = Columns(
            TableColumn(
                "name",
                N_("Name"),
                lambda t: t.full_name,
                lambda t: t.full_name.casefold(),
                width=24,
                stretch=True,
            ),
            TableColumn(
                "kind", N_("Kind"), lambda t: t.kind.label, lambda t: t.kind.value, width=14
            ),
            TableColumn(
                "institution",
                N_("Institution"),
                lambda t: t.institution,
                lambda t: t.institution.casefold(),
                stretch=True,
            ),
            TableColumn(
                "project",
                N_("Project"),
                self._project_code,
                self._project_code,
                width=10,
                whole=True,
            ),
            TableColumn(
                "period",
                N_("Period"),
                lambda t: format_period(t.start, t.end),
                lambda t: t.start,
                width=22,
                whole=True,
                sort_by="start",
            ),
            TableColumn(
                "supervisor",
                N_("Supervisor"),
                self._supervisor_name,
                self._supervisor_name,
                width=24,
                stretch=True,
            ),
        )

    def _supervisor_name(self, trainee: Trainee) -> str:
        return self._supervisors.get(trainee.supervisor_id or "", "")

    def _project_code(self, trainee: Trainee) -> str:
        return self._projects.get(trainee.project_id or "", "")

    def loaded(self, uow: UnitOfWork, rows: list[Any]) -> None:
        # Only the supervisors of the rows read: the staff table may be long.
        ids = sorted({t.supervisor_id for t in rows if t.supervisor_id})
        self._supervisors.update(uow.staff.names(ids))
        self._projects.update(
            uow.projects.codes(sorted({t.project_id for t in rows if t.project_id}))
        )


P = TypeVar("P", StaffMember, Trainee)


class _People(RecordList[P]):
    """A list of people: a saved person is looked for however far down the list they are."""

    def reveal(self, record: P) -> bool:
        row = self.model.row_of(record.id)
        if row >= 0:
            select_row(self.view, row)
        self.view.setFocus()
        return True  # a person the day hides is not remarked on

    def saved_message(self, saved: Sequence[P]) -> str:
        return _("Saved {name}").format(name=saved[-1].full_name)

    def deleted_message(self, record: P) -> str:
        return _("Deleted {name}").format(name=record.full_name)


class StaffList(_People[StaffMember]):
    record_type = StaffMember
    paste_sheet = "staff"
    paste_columns: ClassVar[dict[str, str]] = {
        "name": FULL_NAME,
        "title": "title",
        "employment": "employment",
        "fte_percent": "fte_percent",
        "start": "start",
        "end": "end",
    }

    def dialog(self, record: StaffMember | None) -> RecordDialog:
        return StaffDialog(self.db, record, parent=self.page)

    def delete_question(self, member: StaffMember) -> str:
        with self.db.unit_of_work() as uow:
            supervised = uow.staff.supervised_count(member.id)
            roles = len(uow.assignments.of_staff([member.id]).get(member.id, []))
        question = _("Delete {name} ({title}) from the staff?").format(
            name=member.full_name, title=member.title
        )
        if supervised:
            question += "\n\n" + _(
                "They supervise {n} trainees; those will have no supervisor."
            ).format(n=supervised)
        if roles:
            question += "\n\n" + _("Their roles in {n} projects are deleted with them.").format(
                n=roles
            )
        return question

    def delete_record(self, member: StaffMember) -> bool:
        delete_staff_member(self.db, member)
        return True

    def several_question(self, members: Sequence[StaffMember]) -> str:
        return (
            _("Delete {n} people from the staff?").format(n=format_number(len(members)))
            + "\n\n"
            + _(
                "Their roles in projects are deleted with them; the trainees they supervise "
                "will have no supervisor."
            )
        )

    def delete_several(self, members: Sequence[StaffMember]) -> None:
        delete_staff_members(self.db, members)

    def several_deleted_message(self, members: Sequence[StaffMember]) -> str:
        return _("Deleted {n} people from the staff").format(n=format_number(len(members)))


class TraineeList(_People[Trainee]):
    record_type = Trainee

    def dialog(self, record: Trainee | None) -> RecordDialog:
        return TraineeDialog(self.db, record, parent=self.page)

    def delete_question(self, trainee: Trainee) -> str:
        return _("Delete the trainee {name}?").format(name=trainee.full_name)

    def delete_record(self, trainee: Trainee) -> bool:
        delete_trainee(self.db, trainee)
        return True

    def several_question(self, trainees: Sequence[Trainee]) -> str:
        return _("Delete {n} trainees?").format(n=format_number(len(trainees)))

    def delete_several(self, trainees: Sequence[Trainee]) -> None:
        delete_trainees(self.db, trainees)

    def several_deleted_message(self, trainees: Sequence[Trainee]) -> str:
        return _("Deleted {n} trainees").format(n=format_number(len(trainees)))


class StaffTab(ListPage):
    """Everything about the people: who works here on a date, and the trainees."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(db, parent)

        # --- filter row ------------------------------------------------------------
        search_label = self.search_field(_("Search by name or title (Ctrl+F)"))
        self.on_date = DayFilter(self)
        self.on_date.setObjectName("employed_on")
        date_label = QLabel(_("Employed &on:"), self)
        date_label.setBuddy(self.on_date)
        self.all_dates = QCheckBox(_("&All"), self)
        self.all_dates.setToolTip(_("Show everyone in the records, whatever their period"))
        self.summary = QLabel(self)
        self.summary.setObjectName("headcount")
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        filters = QHBoxLayout()
        filters.addWidget(search_label)
        filters.addWidget(self.search, 2)
        filters.addSpacing(16)
        filters.addWidget(date_label)
        filters.addWidget(self.on_date)
        filters.addWidget(self.all_dates)
        filters.addWidget(self.on_date.error)
        filters.addStretch(1)

        # --- staff -----------------------------------------------------------------
        self.staff_model = StaffTableModel(db)
        self.staff = StaffList(
            self, self.staff_model, name="staff_table", new_text=_("&New staff member…")
        )
        self.staff_view = self.staff.view
        staff_box = QWidget(self)
        staff_layout = QVBoxLayout(staff_box)
        staff_layout.setContentsMargins(0, 0, 0, 0)
        staff_layout.addLayout(self.heading(self.staff, _("Staff"), self.summary))
        staff_layout.addWidget(self.staff_view)

        # --- trainees --------------------------------------------------------------
        self.trainee_model = TraineeTableModel(db)
        self.trainees = TraineeList(
            self,
            self.trainee_model,
            name="trainee_table",
            new_text=_("Ne&w trainee…"),
            new_key=QKeySequence("Ctrl+Shift+N"),
            new_tip=_("Ctrl+Shift+N"),
            edit_text=_("Edit &trainee…"),
            delete_text=_("De&lete"),
            action_tips=False,
        )
        self.trainee_view = self.trainees.view
        self.trainee_summary = QLabel(self)
        trainee_box = QWidget(self)
        trainee_layout = QVBoxLayout(trainee_box)
        trainee_layout.setContentsMargins(0, 0, 0, 0)
        trainee_layout.addLayout(
            self.heading(self.trainees, _("Trainees and work trials"), self.trainee_summary)
        )
        trainee_layout.addWidget(self.trainee_view)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(staff_box)
        splitter.addWidget(trainee_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)

        # --- behaviour ---------------------------------------------------------------
        self.on_date.chosen.connect(self.apply_filters)
        self.all_dates.toggled.connect(self._all_toggled)
        self.setTabOrder(self.search, self.on_date)
        self.setTabOrder(self.on_date, self.all_dates)
        self.setTabOrder(self.all_dates, self.staff_view)
        self.apply_filters()

    # --- filtering -------------------------------------------------------------------
    @property
    def filter_date(self) -> date | None:
        return None if self.all_dates.isChecked() else self.on_date.day

    def _all_toggled(self, checked: bool) -> None:
        self.on_date.setEnabled(not checked)
        self.apply_filters()

    def _query(self, model: LazyRecordModel[PeriodQuery]) -> PeriodQuery:
        return replace(model.query, text=self.search.text(), on_date=self.filter_date)

    def apply_filters(self) -> None:
        self.staff_model.set_query(self._query(self.staff_model))
        self.trainee_model.set_query(self._query(self.trainee_model))
        self.queried()

    def update_summary(self) -> None:
        day = self.filter_date or date.today()
        with self.db.unit_of_work() as uow:
            hc = uow.staff.headcount_on(day)
        text = _("{date}: {people} employed, {fte} FTE").format(
            date=format_date(day), people=hc.people, fte=format_number(hc.fte, 1)
        )
        if self.filter_date is None:
            text = _("{rows} in the records; today {summary}").format(
                rows=self.staff_model.total, summary=text
            )
        elif self.search.text().strip():
            text = _("{rows} found; {summary}").format(rows=self.staff_model.total, summary=text)
        self.summary.setText(text)
        self.trainee_summary.setText(_("{rows} shown").format(rows=self.trainee_model.total))

    def focus_first(self) -> None:
        self.setFocus()
        self.staff_view.setFocus()
