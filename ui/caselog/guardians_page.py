"""Child-guardian coordination: the guardian bank, and the year's requests with their counts."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from itertools import pairwise
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from domain.caselog import Guardian, GuardianRequest, Matter, Outcome, ReferenceValue, RequestCounts
from domain.errors import ValidationError
from domain.formats import format_date, format_number
from domain.i18n import N_, _
from services.caselog import delete_guardian, delete_request, save_guardian, yearly_request_counts
from storage.database import Database
from ui.common.table_model import Index, LazyRecordModel, RecordListModel, TableColumn
from ui.common.views import (
    bind_keys,
    confirm_deletion,
    current_record,
    ensure_current,
    list_header,
    record_table,
    select_row,
)
from ui.common.widgets import SearchBox
from ui.forms.base import RecordDialog
from ui.forms.guardian import GuardianDialog
from ui.forms.guardian_request import GuardianRequestDialog

TITLE_STYLE = "font-weight: bold; font-size: 11pt;"
INACTIVE_COLOUR = QColor("#777777")
MAX_COUNT_ROWS = 9


# --------------------------------------------------------------------------- the bank


class GuardianTableModel(LazyRecordModel):
    COL_NAME, COL_PHONE, COL_EMAIL, COL_AREA, COL_BACKGROUND, COL_ACTIVE, COL_PLACEMENTS = range(7)

    def __init__(self, db: Database) -> None:
        super().__init__(db, lambda uow: uow.guardians)
        self._placements: dict[str, int] = {}
        self.COLUMNS = (
            TableColumn(
                "name", N_("Name"), lambda g: g.full_name, lambda g: g.full_name.casefold()
            ),
            TableColumn("phone", N_("Phone"), lambda g: g.phone, lambda g: g.phone),
            TableColumn("email", N_("Email"), lambda g: g.email, lambda g: g.email.casefold()),
            TableColumn("area", N_("Area"), lambda g: g.area, lambda g: g.area.casefold()),
            TableColumn(
                "background",
                N_("Background"),
                lambda g: g.background,
                lambda g: g.background.casefold(),
            ),
            TableColumn(
                "active",
                N_("Active"),
                lambda g: _("yes") if g.active else _("no"),
                lambda g: g.active,
            ),
            TableColumn(
                "placements",
                N_("Placements"),
                lambda g: format_number(self.placements(g)),
                self.placements,
                True,
            ),
        )

    def placements(self, guardian: Guardian) -> int:
        """Requests in which the guardian was placed."""
        return self._placements.get(guardian.id, 0)

    def set_query(self, query) -> None:
        self._placements = {}
        super().set_query(query)

    def refresh(self) -> None:
        self._placements = {}
        super().refresh()

    def loaded(self, uow, rows) -> None:
        # Only the placements of the rows read: one query per batch.
        self._placements.update(uow.guardians.placements([g.id for g in rows]))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and index.isValid()
            and index.row() < self.rowCount()
        ):
            return None if self.record(index.row()).active else INACTIVE_COLOUR
        return super().data(index, role)


class GuardiansPage(QWidget):
    """The guardian bank (edunvalvojapankki): who can be asked, and how often they have been placed."""

    status_message = Signal(str)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db

        self.search = SearchBox(_("Search by name, area or background (Ctrl+F)"), self)
        search_label = QLabel(_("Sea&rch:"), self)
        search_label.setBuddy(self.search)
        self.show_filter = QComboBox(self)
        self.show_filter.addItem(_("Active"), True)
        self.show_filter.addItem(_("Inactive"), False)
        self.show_filter.addItem(_("All"), None)
        self.show_filter.setToolTip(
            _("An inactive guardian stays on their old requests but is not offered for new ones")
        )
        show_label = QLabel(_("Sho&w:"), self)
        show_label.setBuddy(self.show_filter)
        filters = QHBoxLayout()
        filters.addWidget(search_label)
        filters.addWidget(self.search, 2)
        filters.addSpacing(16)
        filters.addWidget(show_label)
        filters.addWidget(self.show_filter)
        filters.addStretch(1)

        self.summary = QLabel(self)
        self.summary.setObjectName("active_count")
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        head, self.add_button, self.edit_button, self.delete_button = list_header(
            self, _("Guardian bank"), self.summary, _("&New guardian…")
        )

        self.model = GuardianTableModel(db)
        G = GuardianTableModel
        self.view = record_table(
            self.model,
            self,
            {
                G.COL_NAME: 24,
                G.COL_PHONE: 14,
                G.COL_EMAIL: 28,
                G.COL_AREA: 24,
                G.COL_ACTIVE: 8,
                G.COL_PLACEMENTS: 10,
            },
            stretch=G.COL_BACKGROUND,
        )
        self.view.setObjectName("guardian_table")

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(head)
        layout.addWidget(self.view, 1)

        self.search.search.connect(lambda _text: self.apply_filters())
        self.show_filter.currentIndexChanged.connect(self.apply_filters)
        self.add_button.clicked.connect(self.add_guardian)
        self.edit_button.clicked.connect(self.edit_guardian)
        self.delete_button.clicked.connect(self.delete_guardian)
        self.view.activated.connect(lambda _i: self.edit_guardian())
        bind_keys(self.view, {Qt.Key.Key_Delete: self.delete_guardian})
        self.model.modelReset.connect(self._update_buttons)
        self.view.selectionModel().currentChanged.connect(self._update_buttons)
        QShortcut(QKeySequence.StandardKey.New, self, self.add_guardian)
        QShortcut(QKeySequence.StandardKey.Find, self, self._focus_search)
        self.setTabOrder(self.search, self.show_filter)
        self.setTabOrder(self.show_filter, self.view)
        self.apply_filters()

    # --- showing -------------------------------------------------------------------------
    def _focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def apply_filters(self) -> None:
        self.model.set_query(
            replace(
                self.model.query, text=self.search.text(), active=self.show_filter.currentData()
            )
        )
        self._update_summary()
        ensure_current(self.view)
        self._update_buttons()

    def refresh(self) -> None:
        """Ask the database again: placements follow the requests saved on the other page."""
        keep = self.current_guardian
        self.model.refresh()
        self._update_summary()
        if keep is not None and self.model.row_of(keep.id) >= 0:
            select_row(self.view, self.model.row_of(keep.id), focus=False)
        ensure_current(self.view)
        self._update_buttons()

    def _update_summary(self) -> None:
        with self.db.unit_of_work() as uow:
            active = uow.guardians.active_count()
        text = _("Active guardians: {n}").format(n=format_number(active))
        if self.search.text().strip() or self.show_filter.currentData() is not True:
            text += "  ·  " + _("{rows} shown").format(rows=format_number(self.model.total))
        self.summary.setText(text)

    def _update_buttons(self, *_args: Any) -> None:
        has = self.current_guardian is not None
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    @property
    def current_guardian(self) -> Guardian | None:
        record = current_record(self.view)
        return record if isinstance(record, Guardian) else None

    def select_guardian(self, guardian_id: str) -> None:
        row = self.model.row_of(guardian_id)
        if row < 0:  # hidden by the filters: show everyone
            self.search.clear()
            self.show_filter.setCurrentIndex(self.show_filter.findData(None))
            self.apply_filters()
            row = self.model.row_of(guardian_id)
        if row >= 0:
            select_row(self.view, row)

    # --- changes -------------------------------------------------------------------------
    def _run_dialog(self, dialog: RecordDialog) -> None:
        if dialog.exec() and dialog.saved is not None:
            self.refresh()
            self.select_guardian(dialog.saved.id)
            self.status_message.emit(_("Saved {name}").format(name=dialog.saved.full_name))
        self.view.setFocus()

    def add_guardian(self) -> None:
        self._run_dialog(GuardianDialog(self.db, parent=self))

    def edit_guardian(self) -> None:
        guardian = self.current_guardian
        if guardian is not None:
            self._run_dialog(GuardianDialog(self.db, guardian, parent=self))

    def delete_guardian(self) -> None:
        guardian = self.current_guardian
        if guardian is None:
            return
        if not confirm_deletion(
            self, _("Delete {name} from the guardian bank?").format(name=guardian.full_name)
        ):
            return
        row = self.view.currentIndex().row()
        try:
            delete_guardian(self.db, guardian.id)
        except ValidationError as exc:
            self._refuse_deletion(guardian, exc.message, row)
            return
        self.refresh()
        select_row(self.view, row)
        self.status_message.emit(_("Deleted {name}").format(name=guardian.full_name))

    def _refuse_deletion(self, guardian: Guardian, message: str, row: int) -> None:
        """A guardian with requests stays in the bank; offer to take them off the list of new requests."""
        box = QMessageBox(
            QMessageBox.Icon.Information, _("The guardian is kept"), message, parent=self
        )
        mark = None
        if guardian.active:
            box.setInformativeText(
                _(
                    "Mark {name} inactive now? They stay on their old requests but are no longer offered "
                    "for new ones."
                ).format(name=guardian.full_name)
            )
            mark = box.addButton(_("Mark inactive"), QMessageBox.ButtonRole.AcceptRole)
            box.setDefaultButton(mark)
            box.addButton(QMessageBox.StandardButton.Cancel)
        else:
            box.setInformativeText(
                _("{name} is already inactive and is not offered for new requests.").format(
                    name=guardian.full_name
                )
            )
            box.addButton(QMessageBox.StandardButton.Ok)
        box.exec()
        if mark is not None and box.clickedButton() is mark:
            save_guardian(self.db, replace(guardian, active=False), guardian)
            self.refresh()  # under "Active" the row goes, and the count drops
            select_row(self.view, row)
            self.status_message.emit(_("{name} marked inactive").format(name=guardian.full_name))
        self.view.setFocus()


# --------------------------------------------------------------------------- the requests


class RequestTableModel(LazyRecordModel):
    (
        COL_DAY,
        COL_REQUESTER,
        COL_MATTER,
        COL_AREA,
        COL_REFERENCE,
        COL_GUARDIAN,
        COL_OUTCOME,
        COL_CLOSED,
    ) = range(8)

    def __init__(self, db: Database) -> None:
        super().__init__(db, lambda uow: uow.guardian_requests)
        self._values: dict[str, ReferenceValue] = {}
        self._guardians: dict[str, str] = {}
        self.COLUMNS = (
            TableColumn("day", N_("Date"), lambda r: format_date(r.day), lambda r: r.day, True),
            TableColumn("requester", N_("Requester"), self.requester, self.requester),
            TableColumn(
                "matter",
                N_("Matter"),
                lambda r: r.matter.label if r.matter else "",
                lambda r: r.matter.value if r.matter else "",
            ),
            TableColumn("area", N_("Area"), lambda r: r.area, lambda r: r.area.casefold()),
            TableColumn(
                "reference",
                N_("Reference"),
                lambda r: r.reference,
                lambda r: r.reference.casefold(),
            ),
            TableColumn(
                "guardian", N_("Guardian"), self.guardian, lambda r: self.guardian(r).casefold()
            ),
            TableColumn(
                "outcome", N_("Outcome"), lambda r: r.outcome.label, lambda r: r.outcome.value
            ),
            TableColumn(
                "closed", N_("Closed"), lambda r: format_date(r.closed), lambda r: r.closed, True
            ),
        )

    def requester(self, request: GuardianRequest) -> str:
        value = self._values.get(request.requester_id or "")
        return value.label if value else ""

    def guardian(self, request: GuardianRequest) -> str:
        return self._guardians.get(request.guardian_id or "", "")

    def set_query(self, query) -> None:
        self._values, self._guardians = {}, {}
        super().set_query(query)

    def refresh(self) -> None:
        self._values, self._guardians = {}, {}
        super().refresh()

    def loaded(self, uow, rows) -> None:
        if not self._values:
            self._values = uow.references.by_id()  # a few dozen values: read whole, once per query
        self._guardians.update(
            uow.guardians.names(sorted({r.guardian_id for r in rows if r.guardian_id}))
        )


@dataclass(frozen=True)
class CountRow:
    label: str
    count: int
    id: str = ""


def _count_columns(header: str) -> tuple[TableColumn, ...]:
    return (
        TableColumn("label", header, lambda r: r.label, lambda r: r.label),
        TableColumn(
            "count", N_("Children"), lambda r: format_number(r.count), lambda r: r.count, True
        ),
    )


class GuardianRequestsPage(QWidget):
    """A year's requests for a child's guardian, and the counts the annual report gives."""

    status_message = Signal(str)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.counts: RequestCounts | None = None

        self.year_combo = QComboBox(self)
        self.year_combo.setMinimumContentsLength(4)
        year_label = QLabel(_("&Year:"), self)
        year_label.setBuddy(self.year_combo)
        self.search = SearchBox(_("Search by area or reference (Ctrl+F)"), self)
        search_label = QLabel(_("Sea&rch:"), self)
        search_label.setBuddy(self.search)
        filters = QHBoxLayout()
        filters.addWidget(year_label)
        filters.addWidget(self.year_combo)
        filters.addSpacing(16)
        filters.addWidget(search_label)
        filters.addWidget(self.search, 2)
        filters.addStretch(1)

        self.summary = QLabel(self)
        head, self.add_button, self.edit_button, self.delete_button = list_header(
            self, _("Guardian requests"), self.summary, _("&New request…")
        )

        self.model = RequestTableModel(db)
        R = RequestTableModel
        self.view = record_table(
            self.model,
            self,
            {
                R.COL_DAY: 12,
                R.COL_REQUESTER: 13,
                R.COL_MATTER: 17,
                R.COL_AREA: 22,
                R.COL_GUARDIAN: 20,
                R.COL_OUTCOME: 12,
                R.COL_CLOSED: 11,
            },
            stretch=R.COL_REFERENCE,
        )
        self.view.setObjectName("request_table")
        self.view.sortByColumn(
            R.COL_DAY, Qt.SortOrder.DescendingOrder
        )  # the newest, still open, on top
        table_box = QWidget(self)
        table_layout = QVBoxLayout(table_box)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.addLayout(head)
        table_layout.addWidget(self.view, 1)

        # --- the year's counts -----------------------------------------------------------
        self.total_label = QLabel(self)
        self.total_label.setObjectName("children_total")
        self.total_label.setStyleSheet(TITLE_STYLE)
        self.total_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.copy_button = QPushButton(_("Copy coun&ts"), self)
        self.copy_button.setToolTip(
            _("Copy the year's counts for the annual report; Ctrl+C copies one table")
        )
        counts_head = QHBoxLayout()
        counts_head.addWidget(self.total_label, 1)
        counts_head.addWidget(self.copy_button)
        self.matter_model = RecordListModel(_count_columns(N_("Matter")))
        self.requester_model = RecordListModel(_count_columns(N_("Requester")))
        self.outcome_model = RecordListModel(_count_columns(N_("Outcome")))
        self.count_views: list[QTableView] = []
        tables = QHBoxLayout()
        for model, heading in (
            (self.matter_model, _("Children by matter")),
            (self.requester_model, _("Children by requester")),
            (self.outcome_model, _("Children by outcome")),
        ):
            view = record_table(model, self, {1: 7}, stretch=0, sortable=False)
            bind_keys(view, {QKeySequence.StandardKey.Copy: lambda m=model: self._copy(m)})
            label = QLabel(heading, self)
            label.setBuddy(view)
            label.setToolTip(_("Ctrl+C copies the table"))
            box = QVBoxLayout()
            box.addWidget(label)
            box.addWidget(view)
            tables.addLayout(box, 1)
            self.count_views.append(view)
        counts_box = QWidget(self)
        counts_layout = QVBoxLayout(counts_box)
        counts_layout.setContentsMargins(0, 0, 0, 0)
        counts_layout.addLayout(counts_head)
        counts_layout.addLayout(tables)

        # The count tables are as tall as their rows; the requests take the rest of the page.
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(table_box, 1)
        layout.addSpacing(6)
        layout.addWidget(counts_box)

        self._fill_years(date.today().year)
        self.year_combo.currentIndexChanged.connect(self.apply_filters)
        self.search.search.connect(lambda _text: self.apply_filters())
        self.add_button.clicked.connect(self.add_request)
        self.edit_button.clicked.connect(self.edit_request)
        self.delete_button.clicked.connect(self.delete_request)
        self.copy_button.clicked.connect(self.copy_counts)
        self.view.activated.connect(lambda _i: self.edit_request())
        bind_keys(self.view, {Qt.Key.Key_Delete: self.delete_request})
        self.model.modelReset.connect(self._update_buttons)
        self.view.selectionModel().currentChanged.connect(self._update_buttons)
        QShortcut(QKeySequence.StandardKey.New, self, self.add_request)
        QShortcut(QKeySequence.StandardKey.Find, self, self._focus_search)
        chain = (self.year_combo, self.search, self.view, *self.count_views)
        for first, second in pairwise(chain):
            self.setTabOrder(first, second)
        self.apply_filters()

    # --- showing -------------------------------------------------------------------------
    @property
    def year(self) -> int:
        return int(self.year_combo.currentData() or date.today().year)

    def _fill_years(self, keep: int) -> None:
        """The years with requests, and this year even before its first request."""
        with self.db.unit_of_work() as uow:
            years = set(uow.guardian_requests.years())
        years |= {date.today().year, keep}
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        for year in sorted(years, reverse=True):
            self.year_combo.addItem(str(year), year)
        self.year_combo.setCurrentIndex(self.year_combo.findData(keep))
        self.year_combo.blockSignals(False)

    def _focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def apply_filters(self) -> None:
        self.model.set_query(replace(self.model.query, year=self.year, text=self.search.text()))
        self._after_query()

    def refresh(self) -> None:
        """Ask the database again: guardians' names and the lists follow the other pages."""
        keep = self.current_request
        self._fill_years(self.year)
        self.model.refresh()
        if keep is not None and self.model.row_of(keep.id) >= 0:
            select_row(self.view, self.model.row_of(keep.id), focus=False)
        self._after_query()

    def _after_query(self) -> None:
        text = _("Requests: {rows}").format(rows=format_number(self.model.total))
        self.summary.setText(text)
        ensure_current(self.view)
        self._update_buttons()
        self._show_counts()

    def _show_counts(self) -> None:
        with self.db.unit_of_work() as uow:
            counts = yearly_request_counts(uow, self.year)
        self.counts = counts
        total = _("Total")
        self.total_label.setText(
            _("Children in {year}: {n}").format(year=counts.year, n=format_number(counts.total))
        )
        self.total_label.setToolTip(_("Each request is one child"))
        self.matter_model.set_rows(
            [CountRow(m.label, counts.by_matter.get(m, 0)) for m in Matter]
            + [CountRow(total, counts.total)]
        )
        self.requester_model.set_rows(
            [CountRow(t.label, t.count) for t in counts.by_requester]
            + [CountRow(total, counts.total)]
        )
        self.outcome_model.set_rows(
            [CountRow(o.label, counts.by_outcome.get(o, 0)) for o in Outcome]
            + [CountRow(total, counts.total)]
        )
        self._fit_count_tables()

    def _fit_count_tables(self) -> None:
        """The count tables as tall as their longest (up to a point; then they scroll)."""
        rows = min(
            max(
                m.rowCount() for m in (self.matter_model, self.requester_model, self.outcome_model)
            ),
            MAX_COUNT_ROWS,
        )
        for view in self.count_views:
            height = (
                view.horizontalHeader().sizeHint().height()
                + rows * view.verticalHeader().defaultSectionSize()
                + 2 * view.frameWidth()
            )
            view.setFixedHeight(height)

    def _update_buttons(self, *_args: Any) -> None:
        has = self.current_request is not None
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    @property
    def current_request(self) -> GuardianRequest | None:
        record = current_record(self.view)
        return record if isinstance(record, GuardianRequest) else None

    def select_request(self, request: GuardianRequest) -> None:
        """Select the request's row, showing its year and clearing a search that hides it."""
        year = request.day.year if request.day else self.year
        row = self.model.row_of(request.id) if year == self.year else -1
        if row < 0:
            self._fill_years(year)
            self.search.blockSignals(True)  # no second, delayed query from the search box
            self.search.clear()
            self.search.blockSignals(False)
            self.apply_filters()
            row = self.model.row_of(request.id)
        if row >= 0:
            select_row(self.view, row)

    # --- copying -----------------------------------------------------------------------
    def _copy(self, model: RecordListModel) -> None:
        QGuiApplication.clipboard().setText(model.as_text())
        self.status_message.emit(_("Copied the table"))

    def counts_text(self) -> str:
        """The year's counts as tab-separated tables: they paste into Excel and Word."""
        parts = [self.total_label.text()]
        parts += [
            m.as_text() for m in (self.matter_model, self.requester_model, self.outcome_model)
        ]
        return "\n\n".join(parts)

    def copy_counts(self) -> None:
        QGuiApplication.clipboard().setText(self.counts_text())
        self.status_message.emit(_("Copied the counts of {year}").format(year=self.year))

    # --- changes -------------------------------------------------------------------------
    def _run_dialog(self, dialog: RecordDialog) -> None:
        if dialog.exec() and dialog.saved is not None:
            self.refresh()
            self.select_request(dialog.saved)
            self.status_message.emit(
                _("Saved the request of {date}").format(date=format_date(dialog.saved.day))
            )
        self.view.setFocus()

    def add_request(self) -> None:
        self._run_dialog(GuardianRequestDialog(self.db, parent=self))

    def edit_request(self) -> None:
        request = self.current_request
        if request is not None:
            self._run_dialog(GuardianRequestDialog(self.db, request, parent=self))

    def delete_request(self) -> None:
        request = self.current_request
        if request is None:
            return
        what = (
            f"{format_date(request.day)}, {request.matter.label if request.matter else ''}".rstrip(
                ", "
            )
        )
        if not confirm_deletion(self, _("Delete the request of {what}?").format(what=what)):
            return
        row = self.view.currentIndex().row()
        delete_request(self.db, request.id)
        self.refresh()
        select_row(self.view, row)
        self.status_message.emit(
            _("Deleted the request of {date}").format(date=format_date(request.day))
        )
