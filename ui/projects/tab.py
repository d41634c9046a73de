"""The project register tab: the projects, each one's partners, funding and staff, and a timeline."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from domain.errors import ValidationError
from domain.formats import format_money, format_percent, format_period
from domain.i18n import N_, _
from domain.projects import Project, ProjectState, funding_warning
from domain.timeline import default_span
from services.finance import project_deletion_problem
from services.projects import delete_assignment, delete_funding, delete_partner, delete_project
from storage.database import Database
from ui.common.table_model import LazyRecordModel, RecordListModel, TableColumn
from ui.common.views import (
    bind_keys,
    confirm_deletion,
    current_record,
    ensure_current,
    record_table,
    select_row,
)
from ui.common.widgets import SearchBox
from ui.forms.base import RecordDialog
from ui.forms.funding_line import FundingDialog
from ui.forms.project import ProjectDialog
from ui.forms.project_assignment import AssignmentDialog
from ui.forms.project_partner import PartnerDialog
from ui.projects.timeline import ProjectTimeline

TITLE_STYLE = "font-weight: bold;"
WARNING_STYLE = "color: #8a5a00;"


class ProjectRegisterModel(LazyRecordModel):
    COL_CODE, COL_NAME, COL_PERIOD, COL_STATE, COL_ROLE, COL_LEAD, COL_BUDGET = range(7)

    def __init__(self, db: Database) -> None:
        super().__init__(db, lambda uow: uow.projects)
        today = date.today()
        self.COLUMNS = (
            TableColumn("code", N_("Code"), lambda p: p.code, lambda p: p.code.casefold()),
            TableColumn("title", N_("Name"), lambda p: p.name, lambda p: p.name.casefold()),
            TableColumn("start", N_("Period"), lambda p: p.period, lambda p: p.start),
            TableColumn(
                "state",
                N_("State"),
                lambda p: p.state_on(today).label,
                lambda p: p.state_on(today).value,
            ),
            TableColumn(
                "our_role", N_("Our role"), lambda p: p.our_role.label, lambda p: p.our_role.value
            ),
            TableColumn(
                "lead_organisation",
                N_("Lead organisation"),
                lambda p: p.lead_organisation,
                lambda p: p.lead_organisation.casefold(),
            ),
            TableColumn(
                "our_budget",
                N_("Our budget"),
                lambda p: format_money(p.our_budget),
                lambda p: p.our_budget,
                True,
            ),
        )


PARTNER_COLUMNS = (
    TableColumn(
        "organisation", N_("Organisation"), lambda p: p.organisation, lambda p: p.organisation
    ),
    TableColumn("role", N_("Role"), lambda p: p.role.label if p.role else "", lambda p: p.role),
    TableColumn("country", N_("Country"), lambda p: p.country, lambda p: p.country),
)
FUNDING_COLUMNS = (
    TableColumn("funder", N_("Funder"), lambda f: f.funder, lambda f: f.funder),
    TableColumn(
        "share_percent",
        N_("Share %"),
        lambda f: format_percent(f.share_percent),
        lambda f: f.share_percent,
        True,
    ),
    TableColumn("amount", N_("Amount"), lambda f: format_money(f.amount), lambda f: f.amount, True),
)


class AssignmentListModel(RecordListModel):
    COLUMNS = (
        TableColumn("person", N_("Staff member"), lambda a: a.person_name, lambda a: a.person_name),
        TableColumn("role", N_("Role"), lambda a: a.role, lambda a: a.role),
        TableColumn(
            "fte_percent",
            N_("FTE %"),
            lambda a: format_percent(a.fte_percent),
            lambda a: a.fte_percent,
            True,
        ),
        TableColumn(
            "period", N_("Period"), lambda a: format_period(a.start, a.end), lambda a: a.start
        ),
    )


class _PartList(QWidget):
    """One of a project's lists (partners, funding, staff) with its add, edit and delete buttons."""

    def __init__(
        self,
        title: str,
        delete_row: Callable[[Database, str], None],
        model: RecordListModel,
        widths: dict[int, int],
        stretch: int,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.delete_row = delete_row  # the service that deletes one of these rows by its ID
        self.model = model
        self.view = record_table(model, self, widths, stretch, sortable=False)
        self.add_button = QPushButton(_("Add…"), self)
        self.add_button.setToolTip(_("Insert key in the list"))
        self.edit_button = QPushButton(_("Edit…"), self)
        self.delete_button = QPushButton(_("Delete"), self)
        self.note = QLabel(self)
        self.note.setStyleSheet(WARNING_STYLE)
        self.note.setWordWrap(True)
        self.note.hide()
        top = QHBoxLayout()
        label = QLabel(title, self)
        label.setStyleSheet(TITLE_STYLE)
        label.setBuddy(self.view)
        top.addWidget(label)
        top.addStretch(1)
        # The buttons stand beside the list, so three lists fit side by side.
        buttons = QVBoxLayout()
        for b in (self.add_button, self.edit_button, self.delete_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        body = QHBoxLayout()
        body.addWidget(self.view, 1)
        body.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(body)
        layout.addWidget(self.note)


class ProjectsTab(QWidget):
    status_message = Signal(str)
    data_changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db

        # --- filters -------------------------------------------------------------------
        self.search = SearchBox(_("Search by code, name or organisation (Ctrl+F)"), self)
        search_label = QLabel(_("Sea&rch:"), self)
        search_label.setBuddy(self.search)
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
        P = ProjectRegisterModel
        self.view = record_table(
            self.model,
            self,
            {
                P.COL_CODE: 12,
                P.COL_PERIOD: 20,
                P.COL_STATE: 12,
                P.COL_ROLE: 18,
                P.COL_LEAD: 26,
                P.COL_BUDGET: 14,
            },
            stretch=P.COL_NAME,
        )
        self.view.setObjectName("project_table")
        self.add_button = QPushButton(_("&New project…"), self)
        self.add_button.setToolTip(_("Ctrl+N"))
        self.edit_button = QPushButton(_("&Edit…"), self)
        self.delete_button = QPushButton(_("&Delete"), self)
        head = QHBoxLayout()
        head.addWidget(self.summary, 1)
        head.addWidget(self.add_button)
        head.addWidget(self.edit_button)
        head.addWidget(self.delete_button)

        # --- the chosen project's lists --------------------------------------------------
        self.partners = _PartList(
            _("P&artners"), delete_partner, RecordListModel(PARTNER_COLUMNS), {1: 13, 2: 9}, 0, self
        )
        self.funding = _PartList(
            _("F&unding"), delete_funding, RecordListModel(FUNDING_COLUMNS), {1: 8, 2: 14}, 0, self
        )
        self.staff = _PartList(
            _("Staff in the pro&ject"),
            delete_assignment,
            AssignmentListModel(),
            {0: 13, 2: 6, 3: 12},
            1,
            self,
        )
        self.detail_title = QLabel(self)
        self.detail_title.setStyleSheet("font-weight: bold; font-size: 11pt;")
        lists = QSplitter(Qt.Orientation.Horizontal, self)
        for part in (self.partners, self.funding, self.staff):
            lists.addWidget(part)
        lists.setChildrenCollapsible(False)
        lists.setSizes([30, 28, 42])  # proportions: the staff list has the most columns
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

        # --- the timeline -----------------------------------------------------------------
        start, end = default_span(date.today())
        self.from_year = QSpinBox(self)
        self.to_year = QSpinBox(self)
        for spin, value in ((self.from_year, start.year), (self.to_year, end.year)):
            spin.setRange(1990, 2100)
            spin.setValue(value)
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
        self.pages.addTab(register, _("Register"))
        self.pages.addTab(timeline_page, _("Timeline"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

        # --- behaviour ---------------------------------------------------------------------
        self.search.search.connect(lambda _text: self.apply_filters())
        self.state_filter.currentIndexChanged.connect(self.apply_filters)
        self.year_filter.currentIndexChanged.connect(self.apply_filters)
        self.view.selectionModel().currentChanged.connect(self._show_project)
        self.model.modelReset.connect(self._show_project)
        self.view.activated.connect(lambda _i: self.edit_project())
        self.add_button.clicked.connect(self.add_project)
        self.edit_button.clicked.connect(self.edit_project)
        self.delete_button.clicked.connect(self.delete_project)
        for part, dialog in (
            (self.partners, PartnerDialog),
            (self.funding, FundingDialog),
            (self.staff, AssignmentDialog),
        ):
            part.add_button.clicked.connect(lambda _c=False, p=part, d=dialog: self._add_part(p, d))
            part.edit_button.clicked.connect(
                lambda _c=False, p=part, d=dialog: self._edit_part(p, d)
            )
            part.delete_button.clicked.connect(lambda _c=False, p=part: self._delete_part(p))
            part.view.activated.connect(lambda _i, p=part, d=dialog: self._edit_part(p, d))
            bind_keys(
                part.view,
                {
                    Qt.Key.Key_Insert: part.add_button.click,
                    Qt.Key.Key_Delete: lambda p=part: self._delete_part(p),
                },
            )
            part.view.selectionModel().currentChanged.connect(self._update_part_buttons)
        bind_keys(self.view, {Qt.Key.Key_Delete: self.delete_project})
        self.from_year.valueChanged.connect(self._show_timeline)
        self.to_year.valueChanged.connect(self._show_timeline)
        self.timeline.project_clicked.connect(self.select_project)
        self.timeline.project_activated.connect(self._open_from_timeline)
        QShortcut(QKeySequence.StandardKey.New, self, self.add_project)
        QShortcut(QKeySequence.StandardKey.Find, self, self._focus_search)
        self.apply_filters()
        self._show_timeline()

    # --- showing -------------------------------------------------------------------------
    def _focus_search(self) -> None:
        self.pages.setCurrentIndex(0)
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def apply_filters(self) -> None:
        query = replace(
            self.model.query,
            text=self.search.text(),
            state=self.state_filter.currentData(),
            year=self.year_filter.currentData(),
            today=date.today(),
        )
        self.model.set_query(query)
        self.summary.setText(_("{rows} projects").format(rows=self.model.total))
        ensure_current(self.view)

    def refresh(self) -> None:
        keep = self.current_project
        self.model.refresh()
        self.summary.setText(_("{rows} projects").format(rows=self.model.total))
        if keep is not None and self.model.row_of(keep.id) >= 0:
            select_row(self.view, self.model.row_of(keep.id), focus=False)
        ensure_current(self.view)
        self._show_project()
        self._show_timeline()

    @property
    def current_project(self) -> Project | None:
        record = current_record(self.view)
        return record if isinstance(record, Project) else None

    def _show_project(self, *_args: Any) -> None:
        project = self.current_project
        has = project is not None
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)
        for part in (self.partners, self.funding, self.staff):
            part.add_button.setEnabled(has)
        if project is None:
            self.detail_title.setText(_("Choose a project to see its partners, funding and staff."))
            for part in (self.partners, self.funding, self.staff):
                part.model.set_rows([])
                part.note.hide()
            self._update_part_buttons()
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
        for part in (self.partners, self.funding, self.staff):
            ensure_current(part.view)
        self._update_part_buttons()

    def _update_part_buttons(self) -> None:
        for part in (self.partners, self.funding, self.staff):
            has = current_record(part.view) is not None
            part.edit_button.setEnabled(has)
            part.delete_button.setEnabled(has)

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

    # --- projects ------------------------------------------------------------------------
    def _after_change(self, message: str) -> None:
        self.refresh()
        self.status_message.emit(message)
        self.data_changed.emit()

    def _run_project_dialog(self, dialog: RecordDialog) -> None:
        if dialog.exec() and dialog.saved is not None:
            self.pages.setCurrentIndex(0)
            self.model.refresh()
            self.select_project(dialog.saved.id)
            self._after_change(_("Saved {name}").format(name=dialog.saved.full_name))
            self.view.setFocus()

    def add_project(self) -> None:
        self._run_project_dialog(ProjectDialog(self.db, parent=self))

    def edit_project(self) -> None:
        project = self.current_project
        if project is not None:
            self._run_project_dialog(ProjectDialog(self.db, project, parent=self))

    def delete_project(self) -> None:
        project = self.current_project
        if project is None:
            return
        with self.db.unit_of_work() as uow:
            problem = project_deletion_problem(uow, project.id)
        if problem:
            QMessageBox.information(self, _("Delete project"), problem)
            return
        question = _("Delete the project {name}?").format(name=project.full_name)
        question += "\n\n" + _("Its partners, funding lines and staff roles are deleted with it.")
        if not confirm_deletion(self, question):
            return
        row = self.view.currentIndex().row()
        try:
            delete_project(self.db, project.id)
        except ValidationError as exc:  # a transaction was booked to it meanwhile
            QMessageBox.information(self, _("Delete project"), str(exc))
            return
        self._after_change(_("Deleted {name}").format(name=project.full_name))
        select_row(self.view, row)

    # --- a project's lists -----------------------------------------------------------------
    def _add_part(self, part: _PartList, dialog_class: type) -> None:
        project = self.current_project
        if project is not None:
            self._run_part(part, dialog_class(self.db, project, parent=self))

    def _edit_part(self, part: _PartList, dialog_class: type) -> None:
        project, record = self.current_project, current_record(part.view)
        if project is not None and record is not None:
            self._run_part(part, dialog_class(self.db, project, record, parent=self))

    def _run_part(self, part: _PartList, dialog: RecordDialog) -> None:
        if dialog.exec() and dialog.saved is not None:
            self._show_project()
            select_row(part.view, part.model.row_of(dialog.saved.id))
            self.status_message.emit(_("Saved"))
            self.data_changed.emit()

    def _delete_part(self, part: _PartList) -> None:
        record = current_record(part.view)
        if record is None or not confirm_deletion(self, _("Delete the selected row?")):
            return
        row = part.view.currentIndex().row()
        part.delete_row(self.db, record.id)
        self._show_project()
        select_row(part.view, row)
        self.status_message.emit(_("Deleted"))
        self.data_changed.emit()
