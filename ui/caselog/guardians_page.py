"""Child-guardian coordination: the guardian bank, and the year's requests with their counts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import partial
from itertools import pairwise
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QKeySequence
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
from domain.errors import ConcurrentChange, ValidationError
from domain.formats import format_date, format_number
from domain.i18n import N_, _
from services.caselog import (
    delete_guardian,
    delete_guardians,
    delete_request,
    delete_requests,
    save_guardian,
    yearly_request_counts,
)
from storage.database import Database
from storage.repositories import DatedQuery, GuardianQuery
from storage.uow import UnitOfWork
from ui.common.list_page import ListPage, RecordList
from ui.common.table_model import (
    Columns,
    Index,
    LazyRecordModel,
    RecordListModel,
    TableColumn,
    field_column,
)
from ui.common.views import bind_keys, record_table, select_row
from ui.forms.base import RecordDialog
from ui.forms.guardian import GuardianDialog
from ui.forms.guardian_request import GuardianRequestDialog

TITLE_STYLE = "font-weight: bold; font-size: 11pt;"
INACTIVE_COLOUR = QColor("#777777")
MAX_COUNT_ROWS = 9


# --------------------------------------------------------------------------- the bank


class GuardianTableModel(LazyRecordModel[GuardianQuery]):
    def __init__(self, db: Database) -> None:
        super().__init__(db, lambda uow: uow.guardians, GuardianQuery())
        self._placements: dict[str, int] = {}
        self.COLUMNS = Columns(
            TableColumn(
                "name",
                N_("Name"),
                lambda g: g.full_name,
                lambda g: g.full_name.casefold(),
                width=24,
                stretch=True,
            ),
            field_column("phone", N_("Phone"), width=14, whole=True),
            TableColumn(
                "email", N_("Email"), lambda g: g.email, lambda g: g.email.casefold(), width=28
            ),
            TableColumn(
                "area", N_("Area"), lambda g: g.area, lambda g: g.area.casefold(), width=24
            ),
            TableColumn(
                "background",
                N_("Background"),
                lambda g: g.background,
                lambda g: g.background.casefold(),
                stretch=True,
            ),
            TableColumn(
                "active",
                N_("Active"),
                lambda g: _("yes") if g.active else _("no"),
                lambda g: g.active,
                width=8,
            ),
            TableColumn(
                "placements",
                N_("Placements"),
                lambda g: format_number(self.placements(g)),
                self.placements,
                align_right=True,
                width=10,
            ),
        )

    def placements(self, guardian: Guardian) -> int:
        """Requests in which the guardian was placed."""
        return self._placements.get(guardian.id, 0)

    def cleared(self) -> None:
        self._placements = {}

    def loaded(self, uow: UnitOfWork, rows: list[Any]) -> None:
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


class GuardianList(RecordList[Guardian]):
    """The guardian bank; a guardian saved is shown, filters cleared if they hid them."""

    record_type = Guardian
    page: GuardiansPage

    def dialog(self, guardian: Guardian | None) -> RecordDialog:
        return GuardianDialog(self.db, guardian, parent=self.page)

    def run(self, dialog: RecordDialog) -> None:
        super().run(dialog)
        self.view.setFocus()

    def reveal(self, guardian: Guardian) -> bool:
        self.page.select_guardian(guardian.id)
        return True

    def saved_message(self, saved: Sequence[Guardian]) -> str:
        return _("Saved {name}").format(name=saved[-1].full_name)

    def delete_question(self, guardian: Guardian) -> str:
        return _("Delete {name} from the guardian bank?").format(name=guardian.full_name)

    def delete_record(self, guardian: Guardian) -> bool:
        try:
            delete_guardian(self.db, guardian)
        except ConcurrentChange:
            raise  # changed since it was shown: the list asks again
        except ValidationError as exc:
            self.page.refuse_deletion(guardian, exc.message, self.view.currentIndex().row())
            return False
        return True

    def deleted_message(self, guardian: Guardian) -> str:
        return _("Deleted {name}").format(name=guardian.full_name)

    def several_question(self, guardians: Sequence[Guardian]) -> str:
        return _("Delete {n} guardians from the guardian bank?").format(
            n=format_number(len(guardians))
        )

    def delete_several(self, guardians: Sequence[Guardian]) -> None:
        delete_guardians(self.db, guardians)

    def several_deleted_message(self, guardians: Sequence[Guardian]) -> str:
        return _("Deleted {n} guardians").format(n=format_number(len(guardians)))


class GuardiansPage(ListPage):
    """The guardian bank (edunvalvojapankki): who can be asked, and how often they have been placed."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(db, parent)

        search_label = self.search_field(_("Search by name, area or background (Ctrl+F)"))
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
        self.model = GuardianTableModel(db)
        self.guardians = GuardianList(
            self, self.model, name="guardian_table", new_text=_("&New guardian…")
        )
        self.view = self.guardians.view

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(self.heading(self.guardians, _("Guardian bank"), self.summary))
        layout.addWidget(self.view, 1)

        self.show_filter.currentIndexChanged.connect(self.apply_filters)
        self.setTabOrder(self.search, self.show_filter)
        self.setTabOrder(self.show_filter, self.view)
        self.apply_filters()

    # --- showing -------------------------------------------------------------------------
    def apply_filters(self) -> None:
        self.model.set_query(
            replace(
                self.model.query, text=self.search.text(), active=self.show_filter.currentData()
            )
        )
        self.queried()

    def update_summary(self) -> None:
        with self.db.unit_of_work() as uow:
            active = uow.guardians.active_count()
        text = _("Active guardians: {n}").format(n=format_number(active))
        if self.search.text().strip() or self.show_filter.currentData() is not True:
            text += "  ·  " + _("{rows} shown").format(rows=format_number(self.model.total))
        self.summary.setText(text)

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
    def refuse_deletion(self, guardian: Guardian, message: str, row: int) -> None:
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
            try:
                save_guardian(self.db, replace(guardian, active=False), guardian)
            except ConcurrentChange as change:
                # changed by another user since it was shown: marked on their version, which
                # keeps their change; deleted meanwhile, there is nothing left to mark
                current = change.current
                if isinstance(current, Guardian):
                    save_guardian(self.db, replace(current, active=False), current)
            self.refresh()  # under "Active" the row goes, and the count drops
            select_row(self.view, row)
            self.status_message.emit(_("{name} marked inactive").format(name=guardian.full_name))
        self.view.setFocus()


# --------------------------------------------------------------------------- the requests


class RequestTableModel(LazyRecordModel[DatedQuery]):
    def __init__(self, db: Database) -> None:
        # The newest, still open, on top.
        super().__init__(
            db, lambda uow: uow.guardian_requests, DatedQuery(sort="day", descending=True)
        )
        self._values: dict[str, ReferenceValue] = {}
        self._guardians: dict[str, str] = {}
        self.COLUMNS = Columns(
            field_column("day", N_("Date"), format_date, align_right=True, width=12),
            TableColumn("requester", N_("Requester"), self.requester, self.requester, width=13),
            TableColumn(
                "matter",
                N_("Matter"),
                lambda r: r.matter.label if r.matter else "",
                lambda r: r.matter.value if r.matter else "",
                width=17,
            ),
            TableColumn(
                "area", N_("Area"), lambda r: r.area, lambda r: r.area.casefold(), width=22
            ),
            TableColumn(
                "reference",
                N_("Reference"),
                lambda r: r.reference,
                lambda r: r.reference.casefold(),
                width=14,
                whole=True,  # a case number: a cut one misleads, a wide one wastes the room
            ),
            TableColumn(
                "guardian",
                N_("Guardian"),
                self.guardian,
                lambda r: self.guardian(r).casefold(),
                width=20,
                stretch=True,
            ),
            TableColumn(
                "outcome",
                N_("Outcome"),
                lambda r: r.outcome.label,
                lambda r: r.outcome.value,
                width=12,
            ),
            field_column("closed", N_("Closed"), format_date, align_right=True, width=11),
        )

    def requester(self, request: GuardianRequest) -> str:
        value = self._values.get(request.requester_id or "")
        return value.label if value else ""

    def guardian(self, request: GuardianRequest) -> str:
        return self._guardians.get(request.guardian_id or "", "")

    def cleared(self) -> None:
        self._values, self._guardians = {}, {}

    def loaded(self, uow: UnitOfWork, rows: list[Any]) -> None:
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


def _count_columns(header: str) -> Columns[TableColumn]:
    return Columns(
        TableColumn("label", header, lambda r: r.label, lambda r: r.label, stretch=True),
        field_column("count", N_("Children"), format_number, align_right=True, width=7),
    )


class RequestList(RecordList[GuardianRequest]):
    """The year's requests; a request saved is shown, in its year, the search cleared if it
    hid it."""

    record_type = GuardianRequest
    page: GuardianRequestsPage

    def dialog(self, request: GuardianRequest | None) -> RecordDialog:
        return GuardianRequestDialog(self.db, request, parent=self.page)

    def run(self, dialog: RecordDialog) -> None:
        super().run(dialog)
        self.view.setFocus()

    def reveal(self, request: GuardianRequest) -> bool:
        self.page.select_request(request)
        return True

    def saved_message(self, saved: Sequence[GuardianRequest]) -> str:
        return _("Saved the request of {date}").format(date=format_date(saved[-1].day))

    def delete_question(self, request: GuardianRequest) -> str:
        matter = request.matter.label if request.matter else ""
        what = f"{format_date(request.day)}, {matter}".rstrip(", ")
        return _("Delete the request of {what}?").format(what=what)

    def delete_record(self, request: GuardianRequest) -> bool:
        delete_request(self.db, request)
        return True

    def deleted_message(self, request: GuardianRequest) -> str:
        return _("Deleted the request of {date}").format(date=format_date(request.day))

    def several_question(self, requests: Sequence[GuardianRequest]) -> str:
        return _("Delete {n} requests?").format(n=format_number(len(requests)))

    def delete_several(self, requests: Sequence[GuardianRequest]) -> None:
        delete_requests(self.db, requests)

    def several_deleted_message(self, requests: Sequence[GuardianRequest]) -> str:
        return _("Deleted {n} requests").format(n=format_number(len(requests)))


class GuardianRequestsPage(ListPage):
    """A year's requests for a child's guardian, and the counts the annual report gives."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(db, parent)
        self.counts: RequestCounts | None = None

        self.year_combo = QComboBox(self)
        self.year_combo.setMinimumContentsLength(4)
        year_label = QLabel(_("&Year:"), self)
        year_label.setBuddy(self.year_combo)
        search_label = self.search_field(_("Search by area or reference (Ctrl+F)"))
        filters = QHBoxLayout()
        filters.addWidget(year_label)
        filters.addWidget(self.year_combo)
        filters.addSpacing(16)
        filters.addWidget(search_label)
        filters.addWidget(self.search, 2)
        filters.addStretch(1)

        self.summary = QLabel(self)
        self.model = RequestTableModel(db)
        self.requests = RequestList(
            self, self.model, name="request_table", new_text=_("&New request…")
        )
        self.view = self.requests.view
        table_box = QWidget(self)
        table_layout = QVBoxLayout(table_box)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.addLayout(self.heading(self.requests, _("Guardian requests"), self.summary))
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
            view = record_table(model, self)
            bind_keys(view, {QKeySequence.StandardKey.Copy: partial(self._copy, model)})
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
        self.copy_button.clicked.connect(self.copy_counts)
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

    def apply_filters(self) -> None:
        self.model.set_query(replace(self.model.query, year=self.year, text=self.search.text()))
        self.queried()

    def reload(self) -> None:
        """Guardians' names and the years follow the other pages."""
        self._fill_years(self.year)
        self.model.refresh()

    def update_summary(self) -> None:
        text = _("Requests: {rows}").format(rows=format_number(self.model.total))
        self.summary.setText(text)
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
