"""The project register tab: the projects, each one's partners, funding and staff, and a timeline."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from domain.errors import ConcurrentChange, ValidationError
from domain.formats import format_money, format_number, format_percent, format_period
from domain.i18n import N_, _
from domain.projects import (
    FundingLine,
    Project,
    ProjectAssignment,
    ProjectPartner,
    ProjectState,
    funding_warning,
)
from domain.timeline import default_span
from services.finance import project_deletion_problem
from services.projects import (
    delete_assignment,
    delete_assignments,
    delete_funding,
    delete_funding_lines,
    delete_partner,
    delete_partners,
    delete_project,
    delete_projects,
)
from storage.database import Database
from storage.repositories import ProjectQuery
from ui.common.list_page import ListPage, RecordList
from ui.common.table_model import (
    Columns,
    LazyRecordModel,
    RecordListModel,
    TableColumn,
    field_column,
)
from ui.common.views import select_row
from ui.forms.base import RecordDialog
from ui.forms.funding_line import FundingDialog
from ui.forms.project import ProjectDialog
from ui.forms.project_assignment import AssignmentDialog
from ui.forms.project_partner import PartnerDialog
from ui.projects.timeline import ProjectTimeline

TITLE_STYLE = "font-weight: bold;"
WARNING_STYLE = "color: #8a5a00;"


class ProjectRegisterModel(LazyRecordModel[ProjectQuery]):
    def __init__(self, db: Database) -> None:
        super().__init__(db, lambda uow: uow.projects, ProjectQuery())
        today = date.today()
        self.COLUMNS = Columns(
            TableColumn(
                "code",
                N_("Code"),
                lambda p: p.code,
                lambda p: p.code.casefold(),
                width=12,
                whole=True,
            ),
            TableColumn(
                "name",
                N_("Name"),
                lambda p: p.name,
                lambda p: p.name.casefold(),
                width=30,
                stretch=True,
                sort_by="title",
            ),
            TableColumn(
                "period",
                N_("Period"),
                lambda p: p.period,
                lambda p: p.start,
                width=20,
                whole=True,
                sort_by="start",
            ),
            TableColumn(
                "state",
                N_("State"),
                lambda p: p.state_on(today).label,
                lambda p: p.state_on(today).value,
                width=12,
            ),
            TableColumn(
                "our_role",
                N_("Our role"),
                lambda p: p.our_role.label,
                lambda p: p.our_role.value,
                width=18,
            ),
            TableColumn(
                "lead_organisation",
                N_("Lead organisation"),
                lambda p: p.lead_organisation,
                lambda p: p.lead_organisation.casefold(),
                width=26,
                stretch=True,
            ),
            field_column("our_budget", N_("Our budget"), format_money, align_right=True, width=14),
        )


PARTNER_COLUMNS = Columns(
    field_column("organisation", N_("Organisation"), stretch=True),
    TableColumn(
        "role", N_("Role"), lambda p: p.role.label if p.role else "", lambda p: p.role, width=13
    ),
    field_column("country", N_("Country"), width=9),
)
FUNDING_COLUMNS = Columns(
    field_column("funder", N_("Funder"), stretch=True),
    field_column("share_percent", N_("Share %"), format_percent, align_right=True, width=8),
    field_column("amount", N_("Amount"), format_money, align_right=True, width=14),
)
ASSIGNMENT_COLUMNS = Columns(
    TableColumn(
        "person",
        N_("Staff member"),
        lambda a: a.person_name,
        lambda a: a.person_name,
        width=16,
        stretch=True,
    ),
    field_column("role", N_("Role"), stretch=True),
    field_column("fte_percent", N_("FTE %"), format_percent, align_right=True, width=6),
    TableColumn(
        "period",
        N_("Period"),
        lambda a: format_period(a.start, a.end),
        lambda a: a.start,
        width=20,
        whole=True,
    ),
)


class ProjectList(RecordList[Project]):
    """The register's projects; a project saved is shown in the register, filters cleared
    if they hid it."""

    record_type = Project
    page: ProjectsTab

    def dialog(self, project: Project | None) -> RecordDialog:
        return ProjectDialog(self.db, project, parent=self.page)

    def reveal(self, project: Project) -> bool:
        self.page.pages.setCurrentIndex(0)
        self.page.select_project(project.id)
        self.view.setFocus()
        return True

    def saved_message(self, saved: Sequence[Project]) -> str:
        return _("Saved {name}").format(name=saved[-1].full_name)

    def delete_question(self, project: Project) -> str | None:
        with self.db.unit_of_work() as uow:
            problem = project_deletion_problem(uow, project.id)
        if problem:
            QMessageBox.information(self.page, _("Delete project"), problem)
            return None
        question = _("Delete the project {name}?").format(name=project.full_name)
        return (
            question
            + "\n\n"
            + _("Its partners, funding lines and staff roles are deleted with it.")
        )

    def delete_record(self, project: Project) -> bool:
        try:
            delete_project(self.db, project)
        except ConcurrentChange:
            raise  # changed since it was shown: the list asks again
        except ValidationError as exc:  # a transaction was booked to it meanwhile
            QMessageBox.information(self.page, _("Delete project"), str(exc))
            return False
        return True

    def deleted_message(self, project: Project) -> str:
        return _("Deleted {name}").format(name=project.full_name)

    def several_question(self, projects: Sequence[Project]) -> str:
        return (
            _("Delete {n} projects?").format(n=format_number(len(projects)))
            + "\n\n"
            + _("Their partners, funding lines and staff roles are deleted with them.")
        )

    def delete_several(self, projects: Sequence[Project]) -> None:
        delete_projects(self.db, projects)

    def several_deleted_message(self, projects: Sequence[Project]) -> str:
        return _("Deleted {n} projects").format(n=format_number(len(projects)))


class PartList(RecordList[Any]):
    """One of a project's lists (partners, funding, staff): a title, the table with its
    Add…, Edit… and Delete buttons beside it (Insert adds), and a note under it."""

    page: ProjectsTab
    model: RecordListModel

    def __init__(
        self,
        tab: ProjectsTab,
        title: str,
        model: RecordListModel,
        record_type: type[Any],
        dialog: Callable[..., RecordDialog],
        delete_row: Callable[[Database, Any], object],
        delete_rows: Callable[[Database, Sequence[Any]], None],
    ) -> None:
        self.box = QWidget(tab)
        super().__init__(
            tab,
            model,
            new_text=_("Add…"),
            new_key=None,
            new_tip=_("Insert key in the list"),
            edit_text=_("Edit…"),
            delete_text=_("Delete"),
            action_tips=False,
        )
        self.record_type = record_type
        self.make_dialog = dialog  # the form of one row: (db, project, row or None, parent)
        self.delete_row = delete_row  # the service that deletes one of these rows as shown
        self.delete_rows = delete_rows  # and several, all or none
        self.note = QLabel(self.box)
        self.note.setStyleSheet(WARNING_STYLE)
        self.note.setWordWrap(True)
        self.note.hide()
        top = QHBoxLayout()
        label = QLabel(title, self.box)
        label.setStyleSheet(TITLE_STYLE)
        label.setBuddy(self.view)
        top.addWidget(label)
        top.addStretch(1)
        # The buttons stand in a row under the list, so each of the three lists side by side
        # keeps the whole width of its third for its columns.
        buttons = QHBoxLayout()
        for b in (self.add_button, self.edit_button, self.delete_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self.box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.note)

    def dialog(self, record: Any) -> RecordDialog | None:
        project = self.page.current_project
        if project is None:
            return None
        return self.make_dialog(self.db, project, record, parent=self.page)

    def reload(self) -> None:
        self.page.show_project()

    def saved_message(self, saved: Sequence[Any]) -> str:
        return _("Saved")

    def delete_question(self, record: Any) -> str:
        return _("Delete the selected row?")

    def delete_record(self, record: Any) -> bool:
        self.delete_row(self.db, record)
        return True

    def deleted_message(self, record: Any) -> str:
        return _("Deleted")

    def several_question(self, records: Sequence[Any]) -> str:
        return _("Delete the {n} selected rows?").format(n=format_number(len(records)))

    def delete_several(self, records: Sequence[Any]) -> None:
        self.delete_rows(self.db, records)

    def several_deleted_message(self, records: Sequence[Any]) -> str:
        return _("Deleted {n} rows").format(n=format_number(len(records)))


class ProjectsTab(ListPage):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(db, parent)

        # --- filters -------------------------------------------------------------------
        search_label = self.search_field(_("Search by code, name or organisation (Ctrl+F)"))
        self.state_filter = QComboBox(self)
        self.state_filter.addItem(_("all"), None)
        for state in ProjectState:
            self.state_filter.addItem(state.label, state.value)
        state_label = QLabel(_("S&tate today:"), self)
        state_label.setBuddy(self.state_filter)
        self.year_filter = QComboBox(self)
        self.year_filter.addItem(_("all years"), None)
        for year in range(date.today().year + 3, date.today().year - 11, -1):
            self.year_filter.addItem(str(year), year)
        year_label = QLabel(_("&Year:"), self)
        year_label.setBuddy(self.year_filter)
        self.summary = QLabel(self)
        filters = QHBoxLayout()
        filters.addWidget(search_label)
        filters.addWidget(self.search, 2)
        filters.addSpacing(12)
        filters.addWidget(state_label)
        filters.addWidget(self.state_filter)
        filters.addSpacing(12)
        filters.addWidget(year_label)
        filters.addWidget(self.year_filter)
        filters.addStretch(1)

        # --- the projects ----------------------------------------------------------------
        self.model = ProjectRegisterModel(db)
        self.projects = ProjectList(
            self,
            self.model,
            name="project_table",
            new_text=_("&New project…"),
            action_tips=False,
        )
        self.view = self.projects.view
        head = self.heading(self.projects, summary=self.summary)

        # --- the chosen project's lists --------------------------------------------------
        self.partners = PartList(
            self,
            _("P&artners"),
            RecordListModel(PARTNER_COLUMNS),
            ProjectPartner,
            PartnerDialog,
            delete_partner,
            delete_partners,
        )
        self.funding = PartList(
            self,
            _("F&unding"),
            RecordListModel(FUNDING_COLUMNS),
            FundingLine,
            FundingDialog,
            delete_funding,
            delete_funding_lines,
        )
        self.staff = PartList(
            self,
            _("Staff in the pro&ject"),
            RecordListModel(ASSIGNMENT_COLUMNS),
            ProjectAssignment,
            AssignmentDialog,
            delete_assignment,
            delete_assignments,
        )
        self.parts = (self.partners, self.funding, self.staff)
        self.detail_title = QLabel(self)
        self.detail_title.setStyleSheet("font-weight: bold; font-size: 11pt;")
        lists = QSplitter(Qt.Orientation.Horizontal, self)
        for part in self.parts:
            lists.addWidget(part.box)
        lists.setChildrenCollapsible(False)
        for index, share in enumerate((30, 28, 42)):  # the staff list has the most columns
            lists.setStretchFactor(index, share)
        detail = QWidget(self)
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.detail_title)
        detail_layout.addWidget(lists, 1)

        table_box = QWidget(self)
        table_layout = QVBoxLayout(table_box)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.addLayout(filters)
        table_layout.addLayout(head)
        table_layout.addWidget(self.view)
        register = QSplitter(Qt.Orientation.Vertical, self)
        register.addWidget(table_box)
        register.addWidget(detail)
        register.setStretchFactor(0, 3)
        register.setStretchFactor(1, 2)
        register.setChildrenCollapsible(False)
        register_page = QWidget(self)  # the margins the other tabs' pages have
        QVBoxLayout(register_page).addWidget(register)

        # --- the timeline -----------------------------------------------------------------
        start, end = default_span(date.today())
        self.from_year = QSpinBox(self)
        self.to_year = QSpinBox(self)
        for spin, value in ((self.from_year, start.year), (self.to_year, end.year)):
            spin.setRange(1990, 2100)
            spin.setValue(value)
            # Qt's own width leaves the four digits a pixel short of their room.
            spin.setMinimumWidth(spin.sizeHint().width() + spin.fontMetrics().averageCharWidth())
        from_label = QLabel(_("&From year:"), self)
        from_label.setBuddy(self.from_year)
        to_label = QLabel(_("T&o year:"), self)
        to_label.setBuddy(self.to_year)
        self.timeline = ProjectTimeline(self)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.timeline)
        span_row = QHBoxLayout()
        span_row.addWidget(from_label)
        span_row.addWidget(self.from_year)
        span_row.addSpacing(12)
        span_row.addWidget(to_label)
        span_row.addWidget(self.to_year)
        span_row.addStretch(1)
        timeline_page = QWidget(self)
        timeline_layout = QVBoxLayout(timeline_page)
        timeline_layout.addLayout(span_row)
        timeline_layout.addWidget(scroll, 1)

        self.pages = QTabWidget(self)
        self.pages.addTab(register_page, _("Register"))
        self.pages.addTab(timeline_page, _("Timeline"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

        # --- behaviour ---------------------------------------------------------------------
        self.state_filter.currentIndexChanged.connect(self.apply_filters)
        self.year_filter.currentIndexChanged.connect(self.apply_filters)
        self.view.selectionModel().currentChanged.connect(self.show_project)
        self.model.modelReset.connect(self.show_project)
        self.from_year.valueChanged.connect(self._show_timeline)
        self.to_year.valueChanged.connect(self._show_timeline)
        self.timeline.project_clicked.connect(self.select_project)
        self.timeline.project_activated.connect(self._open_from_timeline)
        self.apply_filters()
        self._show_timeline()

    # --- showing -------------------------------------------------------------------------
    def focus_search(self) -> None:
        self.pages.setCurrentIndex(0)
        super().focus_search()

    def apply_filters(self) -> None:
        query = replace(
            self.model.query,
            text=self.search.text(),
            state=self.state_filter.currentData(),
            year=self.year_filter.currentData(),
            today=date.today(),
        )
        self.model.set_query(query)
        self.queried()

    def update_summary(self) -> None:
        self.summary.setText(_("{rows} projects").format(rows=self.model.total))

    def reload(self) -> None:
        self.model.refresh()
        self._show_timeline()

    @property
    def current_project(self) -> Project | None:
        return self.projects.current

    def show_project(self, *_args: Any) -> None:
        """The chosen project's partners, funding and staff under the register."""
        project = self.current_project
        for part in self.parts:
            part.add_button.setEnabled(project is not None)
        if project is None:
            self.detail_title.setText(_("Choose a project to see its partners, funding and staff."))
            for part in self.parts:
                part.model.set_rows([])
                part.note.hide()
            return
        with self.db.unit_of_work() as uow:
            partners = uow.partners.of_project(project.id)
            funding = uow.funding.of_project(project.id)
            roles = uow.assignments.of_project(project.id)
            names = uow.staff.names([a.staff_id for a in roles if a.staff_id])
        for role in roles:
            role.person_name = names.get(role.staff_id or "", "")
        self.detail_title.setText(f"{project.code} – {project.name}")
        self.partners.model.set_rows(partners)
        self.funding.model.set_rows(funding)
        self.staff.model.set_rows(roles)
        warning = funding_warning(project, funding)
        self.funding.note.setText(warning)
        self.funding.note.setVisible(bool(warning))
        total = sum((f.share_percent or 0 for f in funding), 0)
        if funding and not warning:
            self.funding.note.setText(
                _("Shares {total} in all").format(total=format_percent(total))
            )
            self.funding.note.setStyleSheet("")
            self.funding.note.show()
        else:
            self.funding.note.setStyleSheet(WARNING_STYLE)
        for part in self.parts:
            part.after_query()

    def _show_timeline(self) -> None:
        first, last = sorted((self.from_year.value(), self.to_year.value()))
        with self.db.unit_of_work() as uow:
            projects = uow.projects.all()
        self.timeline.set_projects(projects, date(first, 1, 1), date(last, 12, 31), date.today())

    def select_project(self, project_id: str) -> None:
        row = self.model.row_of(project_id)
        if row < 0:  # hidden by the filters: show every project
            self.search.clear()
            self.state_filter.setCurrentIndex(0)
            self.year_filter.setCurrentIndex(0)
            self.apply_filters()
            row = self.model.row_of(project_id)
        select_row(self.view, row, focus=False)

    def _open_from_timeline(self, project_id: str) -> None:
        self.select_project(project_id)
        self.pages.setCurrentIndex(0)
        self.view.setFocus()
