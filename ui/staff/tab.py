"""The staff roster tab: staff with headcount and FTE on a date, and trainees apart."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from domain.formats import format_date, format_number, format_percent, format_period
from domain.i18n import N_, _
from domain.staff import StaffMember, Trainee
from services.staff import delete_staff_member, delete_trainee
from storage.database import Database
from ui.common.formatting import from_qdate, to_qdate
from ui.common.table_model import LazyRecordModel, TableColumn
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
from ui.forms.staff_member import StaffDialog
from ui.forms.trainee import TraineeDialog


class StaffTableModel(LazyRecordModel):
    COL_NAME, COL_TITLE, COL_EMPLOYMENT, COL_FTE, COL_START, COL_END, COL_PROJECTS = range(7)

    def __init__(self, db: Database) -> None:
        super().__init__(db, lambda uow: uow.staff)
        self._projects: dict[str, list[str]] = {}
        self.COLUMNS = (
            TableColumn(
                "name", N_("Name"), lambda s: s.full_name, lambda s: s.full_name.casefold()
            ),
            TableColumn("title", N_("Title"), lambda s: s.title, lambda s: s.title.casefold()),
            TableColumn(
                "employment",
                N_("Employment"),
                lambda s: s.employment.label,
                lambda s: s.employment.value,
            ),
            TableColumn(
                "fte_percent",
                N_("FTE %"),
                lambda s: format_percent(s.fte_percent),
                lambda s: s.fte_percent,
                True,
            ),
            TableColumn(
                "start", N_("Start"), lambda s: format_date(s.start), lambda s: s.start, True
            ),
            TableColumn("end", N_("End"), lambda s: format_date(s.end), lambda s: s.end, True),
            TableColumn("name", N_("Projects"), self.projects_text, self.projects_text),
        )

    def projects_text(self, member: StaffMember) -> str:
        """As the annual report prints it: ``TulLas-hanke, Tool4Teen-hanke``."""
        return ", ".join(
            _("{code} project").format(code=code) for code in self._projects.get(member.id, [])
        )

    def printed(self, member: StaffMember) -> str:
        """``Mäkelä Anni, erikoissuunnittelija, TulLas-hanke, Tool4Teen-hanke``."""
        return ", ".join(
            part for part in (member.full_name, member.title, self.projects_text(member)) if part
        )

    def set_query(self, query) -> None:
        self._projects = {}
        super().set_query(query)

    def refresh(self) -> None:
        self._projects = {}
        super().refresh()

    def loaded(self, uow, rows) -> None:
        # The projects of the rows read, in force on the chosen day (or ever, for "All").
        self._projects.update(uow.assignments.of_staff([m.id for m in rows], self.query.on_date))


class TraineeTableModel(LazyRecordModel):
    COL_NAME, COL_KIND, COL_INSTITUTION, COL_PROJECT, COL_PERIOD, COL_SUPERVISOR = range(6)

    def __init__(self, db: Database) -> None:
        super().__init__(db, lambda uow: uow.trainees)
        self._supervisors: dict[str, str] = {}
        self._projects: dict[str, str] = {}
        self.COLUMNS = (
            TableColumn(
                "name", N_("Name"), lambda t: t.full_name, lambda t: t.full_name.casefold()
            ),
            TableColumn("kind", N_("Kind"), lambda t: t.kind.label, lambda t: t.kind.value),
            TableColumn(
                "institution",
                N_("Institution"),
                lambda t: t.institution,
                lambda t: t.institution.casefold(),
            ),
            TableColumn("project", N_("Project"), self._project_code, self._project_code),
            TableColumn(
                "start", N_("Period"), lambda t: format_period(t.start, t.end), lambda t: t.start
            ),
            TableColumn(
                "supervisor", N_("Supervisor"), self._supervisor_name, self._supervisor_name
            ),
        )

    def _supervisor_name(self, trainee: Trainee) -> str:
        return self._supervisors.get(trainee.supervisor_id or "", "")

    def _project_code(self, trainee: Trainee) -> str:
        return self._projects.get(trainee.project_id or "", "")

    def loaded(self, uow, rows) -> None:
        # Only the supervisors of the rows read: the staff table may be long.
        ids = sorted({t.supervisor_id for t in rows if t.supervisor_id})
        self._supervisors.update(uow.staff.names(ids))
        self._projects.update(
            uow.projects.codes(sorted({t.project_id for t in rows if t.project_id}))
        )


class StaffTab(QWidget):
    """Everything about the people: who works here on a date, and the trainees."""

    status_message = Signal(str)
    data_changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db

        # --- filter row ------------------------------------------------------------
        self.search = SearchBox(_("Search by name or title (Ctrl+F)"), self)
        search_label = QLabel(_("Sea&rch:"), self)
        search_label.setBuddy(self.search)
        self.on_date = QDateEdit(self)
        self.on_date.setCalendarPopup(True)
        self.on_date.setDisplayFormat("d.M.yyyy")
        self.on_date.setDate(to_qdate(date.today()))
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
        filters.addStretch(1)

        # --- staff -----------------------------------------------------------------
        self.staff_model = StaffTableModel(db)
        S = StaffTableModel
        self.staff_view = record_table(
            self.staff_model,
            self,
            {
                S.COL_NAME: 22,
                S.COL_TITLE: 30,
                S.COL_EMPLOYMENT: 13,
                S.COL_FTE: 9,
                S.COL_START: 11,
                S.COL_END: 11,
            },
            stretch=S.COL_PROJECTS,
        )
        self.staff_view.setObjectName("staff_table")
        self.add_button = QPushButton(_("&New staff member…"), self)
        self.edit_button = QPushButton(_("&Edit…"), self)
        self.delete_button = QPushButton(_("&Delete"), self)
        self.add_button.setToolTip(_("Ctrl+N"))
        self.edit_button.setToolTip(_("Enter or double-click a row"))
        self.delete_button.setToolTip(_("Delete key"))
        staff_title = QLabel(_("Staff"), self)
        staff_title.setStyleSheet("font-weight: bold; font-size: 11pt;")
        staff_buttons = QHBoxLayout()
        staff_buttons.addWidget(staff_title)
        staff_buttons.addSpacing(12)
        staff_buttons.addWidget(self.summary, 1)
        staff_buttons.addWidget(self.add_button)
        staff_buttons.addWidget(self.edit_button)
        staff_buttons.addWidget(self.delete_button)
        staff_box = QWidget(self)
        staff_layout = QVBoxLayout(staff_box)
        staff_layout.setContentsMargins(0, 0, 0, 0)
        staff_layout.addLayout(staff_buttons)
        staff_layout.addWidget(self.staff_view)

        # --- trainees --------------------------------------------------------------
        self.trainee_model = TraineeTableModel(db)
        T = TraineeTableModel
        self.trainee_view = record_table(
            self.trainee_model,
            self,
            {
                T.COL_NAME: 24,
                T.COL_KIND: 14,
                T.COL_PROJECT: 10,
                T.COL_PERIOD: 22,
                T.COL_SUPERVISOR: 24,
            },
            stretch=T.COL_INSTITUTION,
        )
        self.trainee_view.setObjectName("trainee_table")
        self.add_trainee_button = QPushButton(_("Ne&w trainee…"), self)
        self.edit_trainee_button = QPushButton(_("Edit &trainee…"), self)
        self.delete_trainee_button = QPushButton(_("De&lete"), self)
        self.add_trainee_button.setToolTip(_("Ctrl+Shift+N"))
        trainee_title = QLabel(_("Trainees and work trials"), self)
        trainee_title.setStyleSheet("font-weight: bold; font-size: 11pt;")
        self.trainee_summary = QLabel(self)
        trainee_buttons = QHBoxLayout()
        trainee_buttons.addWidget(trainee_title)
        trainee_buttons.addSpacing(12)
        trainee_buttons.addWidget(self.trainee_summary, 1)
        trainee_buttons.addWidget(self.add_trainee_button)
        trainee_buttons.addWidget(self.edit_trainee_button)
        trainee_buttons.addWidget(self.delete_trainee_button)
        trainee_box = QWidget(self)
        trainee_layout = QVBoxLayout(trainee_box)
        trainee_layout.setContentsMargins(0, 0, 0, 0)
        trainee_layout.addLayout(trainee_buttons)
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
        self.search.search.connect(lambda _text: self.apply_filters())
        self.on_date.dateChanged.connect(self.apply_filters)
        self.all_dates.toggled.connect(self._all_toggled)
        self.add_button.clicked.connect(self.add_staff)
        self.edit_button.clicked.connect(self.edit_staff)
        self.delete_button.clicked.connect(self.delete_staff)
        self.add_trainee_button.clicked.connect(self.add_trainee)
        self.edit_trainee_button.clicked.connect(self.edit_trainee)
        self.delete_trainee_button.clicked.connect(self.delete_trainee)
        self.staff_view.activated.connect(lambda _i: self.edit_staff())
        self.trainee_view.activated.connect(lambda _i: self.edit_trainee())
        QShortcut(QKeySequence.StandardKey.Find, self, self._focus_search)
        QShortcut(QKeySequence.StandardKey.New, self, self.add_staff)
        QShortcut(QKeySequence("Ctrl+Shift+N"), self, self.add_trainee)
        bind_keys(self.staff_view, {Qt.Key.Key_Delete: self.delete_staff})
        bind_keys(self.trainee_view, {Qt.Key.Key_Delete: self.delete_trainee})
        for model, view in (
            (self.staff_model, self.staff_view),
            (self.trainee_model, self.trainee_view),
        ):
            model.modelReset.connect(self._update_buttons)
            view.selectionModel().currentChanged.connect(self._update_buttons)
        self.setTabOrder(self.search, self.on_date)
        self.setTabOrder(self.on_date, self.all_dates)
        self.setTabOrder(self.all_dates, self.staff_view)
        self.apply_filters()

    # --- filtering -------------------------------------------------------------------
    @property
    def filter_date(self) -> date | None:
        return None if self.all_dates.isChecked() else from_qdate(self.on_date.date())

    def _all_toggled(self, checked: bool) -> None:
        self.on_date.setEnabled(not checked)
        self.apply_filters()

    def _focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def apply_filters(self) -> None:
        text = self.search.text()
        self.staff_model.set_query(
            replace(self.staff_model.query, text=text, on_date=self.filter_date)
        )
        self.trainee_model.set_query(
            replace(self.trainee_model.query, text=text, on_date=self.filter_date)
        )
        self._update_summary()
        self._ensure_current()

    def _update_summary(self) -> None:
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

    def _update_buttons(self) -> None:
        self.edit_button.setEnabled(self._current(self.staff_view) is not None)
        self.delete_button.setEnabled(self._current(self.staff_view) is not None)
        self.edit_trainee_button.setEnabled(self._current(self.trainee_view) is not None)
        self.delete_trainee_button.setEnabled(self._current(self.trainee_view) is not None)

    def refresh(self) -> None:
        self.staff_model.refresh()
        self.trainee_model.refresh()
        self._update_summary()
        self._ensure_current()

    def _ensure_current(self) -> None:
        for view in (self.staff_view, self.trainee_view):
            ensure_current(view)
        self._update_buttons()

    # --- records ---------------------------------------------------------------------
    def _current(self, view: QTableView) -> object | None:
        return current_record(view)

    def _select(self, view: QTableView, model: LazyRecordModel, record_id: str) -> None:
        row = model.row_of(record_id)
        if row >= 0:
            self._select_row(view, row)
        view.setFocus()

    def _after_change(self, message: str) -> None:
        self.refresh()
        self.status_message.emit(message)
        self.data_changed.emit()

    def _run_dialog(self, dialog: RecordDialog, view: QTableView, model: LazyRecordModel) -> None:
        """Show an add or edit dialog; after a save, show and select the saved row."""
        if dialog.exec() and dialog.saved is not None:
            self._after_change(_("Saved {name}").format(name=dialog.saved.full_name))
            self._select(view, model, dialog.saved.id)

    def add_staff(self) -> None:
        self._run_dialog(StaffDialog(self.db, parent=self), self.staff_view, self.staff_model)

    def edit_staff(self) -> None:
        member = self._current(self.staff_view)
        if isinstance(member, StaffMember):
            self._run_dialog(
                StaffDialog(self.db, member, parent=self), self.staff_view, self.staff_model
            )

    def delete_staff(self) -> None:
        member = self._current(self.staff_view)
        if not isinstance(member, StaffMember):
            return
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
        if not self._confirm(question):
            return
        row = self.staff_view.currentIndex().row()
        delete_staff_member(self.db, member.id)
        self._after_change(_("Deleted {name}").format(name=member.full_name))
        self._select_row(self.staff_view, row)

    def add_trainee(self) -> None:
        self._run_dialog(TraineeDialog(self.db, parent=self), self.trainee_view, self.trainee_model)

    def edit_trainee(self) -> None:
        trainee = self._current(self.trainee_view)
        if isinstance(trainee, Trainee):
            self._run_dialog(
                TraineeDialog(self.db, trainee, parent=self), self.trainee_view, self.trainee_model
            )

    def delete_trainee(self) -> None:
        trainee = self._current(self.trainee_view)
        if not isinstance(trainee, Trainee):
            return
        if not self._confirm(_("Delete the trainee {name}?").format(name=trainee.full_name)):
            return
        row = self.trainee_view.currentIndex().row()
        delete_trainee(self.db, trainee.id)
        self._after_change(_("Deleted {name}").format(name=trainee.full_name))
        self._select_row(self.trainee_view, row)

    def _select_row(self, view: QTableView, row: int) -> None:
        select_row(view, row)

    def _confirm(self, question: str) -> bool:
        return confirm_deletion(self, question)
