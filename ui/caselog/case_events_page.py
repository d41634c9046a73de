"""The ombudsman's case events: a period, area, sector, service area and text to filter by,
and a table that loads lazily, so a log of 200 000 events opens as fast as one of 20."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from domain.caselog import CaseEvent, ReferenceKind, ReferenceValue, Sector, advocate_title
from domain.formats import format_date, format_number
from domain.i18n import N_, _
from services.caselog import delete_case_event
from storage.database import Database
from storage.repositories import ListQuery
from storage.uow import UnitOfWork
from ui.common.table_model import SqlSortedModel, TableColumn
from ui.common.views import (
    PeriodFilter,
    RecordListPage,
    ensure_current,
    record_table,
    refill,
    show_sql_sort,
)
from ui.common.widgets import SearchBox
from ui.forms.case_event import CaseEventDialog


def _one_line(text: str) -> str:
    return " ".join((text or "").split())


class CaseEventTableModel(SqlSortedModel):
    """Case events, newest first; labels of the reference values from one dict per load.
    Reasons and measures are lists: there is no one order for them, so they do not sort."""

    (
        COL_DAY,
        COL_OMBUDSMAN,
        COL_AREA,
        COL_MUNICIPALITY,
        COL_SECTOR,
        COL_SERVICE_AREA,
        COL_NATURE,
        COL_REASONS,
        COL_CONTACT_BY,
        COL_CHANNEL,
        COL_MEASURES,
        COL_MINUTES,
        COL_SUMMARY,
    ) = range(13)

    def __init__(self, db: Database) -> None:
        super().__init__(db, lambda uow: uow.case_events)
        self._query = ListQuery(sort="day", descending=True)
        self._values: dict[str, ReferenceValue] = {}
        self._names: dict[str, str] = {}
        self.ombudsman_header = advocate_title(date.today()).noun
        self.COLUMNS = (
            TableColumn("day", N_("Date"), lambda e: format_date(e.day), lambda e: e.day, True),
            TableColumn(
                "ombudsman",
                N_("Ombudsman"),
                self.ombudsman_name,
                lambda e: self.ombudsman_name(e).casefold(),
            ),
            TableColumn("area", N_("Area"), lambda e: e.area, lambda e: e.area.casefold()),
            TableColumn(
                "municipality",
                N_("Municipality"),
                lambda e: e.municipality,
                lambda e: e.municipality.casefold(),
            ),
            TableColumn(
                "sector",
                N_("Sector"),
                lambda e: e.sector.label if e.sector else "",
                lambda e: e.sector.value if e.sector else "",
            ),
            self._value_column("service_area", N_("Service area"), "service_area_id"),
            self._value_column("nature", N_("Nature"), "nature_id"),
            TableColumn(
                "",
                N_("Reasons"),
                lambda e: self.labels(e.reason_ids),
                lambda e: self.labels(e.reason_ids),
            ),
            self._value_column("contact_by", N_("Contact by"), "contact_by_id"),
            self._value_column("channel", N_("Channel"), "channel_id"),
            TableColumn(
                "",
                N_("Measures"),
                lambda e: self.labels(e.measure_ids),
                lambda e: self.labels(e.measure_ids),
            ),
            TableColumn(
                "minutes",
                N_("Minutes"),
                lambda e: format_number(e.minutes),
                lambda e: -1 if e.minutes is None else e.minutes,
                True,
            ),
            TableColumn(
                "summary",
                N_("Summary"),
                lambda e: _one_line(e.summary),
                lambda e: e.summary.casefold(),
            ),
        )

    # --- what the cells show --------------------------------------------------------------
    def _value_column(self, sort_key: str, header: str, attribute: str) -> TableColumn:
        def label(event: CaseEvent) -> str:
            return self.label(getattr(event, attribute))

        def position(event: CaseEvent) -> int:
            value = self._values.get(getattr(event, attribute) or "")
            return -1 if value is None else value.position

        return TableColumn(sort_key, header, label, position)

    def label(self, value_id: str | None) -> str:
        value = self._values.get(value_id or "")
        return value.label if value is not None else ""

    def labels(self, value_ids: list[str]) -> str:
        return ", ".join(self.label(v) for v in value_ids)

    def ombudsman_name(self, event: CaseEvent) -> str:
        return self._names.get(event.ombudsman_id or "", "")

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and section == self.COL_OMBUDSMAN
        ):
            return self.ombudsman_header  # asiamies or asiavastaava, by the period shown
        return super().headerData(section, orientation, role)

    # --- loading ------------------------------------------------------------------------------
    def loaded(self, uow: UnitOfWork, rows: list[Any]) -> None:
        if self._stale:  # once per load: a renamed value shows its new name at the next refresh
            self._values = uow.references.by_id()
            self._names = {}
            self._stale = False
        ids = sorted(
            {e.ombudsman_id for e in rows if e.ombudsman_id and e.ombudsman_id not in self._names}
        )
        self._names.update(uow.staff.names(ids))


class CaseEventsPage(RecordListPage):
    """The log of case events with its filters; new events through the quick-entry dialog."""

    record_type = CaseEvent
    model: CaseEventTableModel

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        year = date.today().year

        # --- filters, on one row ---------------------------------------------------------------
        self.period = PeriodFilter(
            self, lambda: (self.model.query.start, self.model.query.end), self.apply_filters
        )
        self.start, self.end = self.period.start, self.period.end
        self.start.set_date(date(year, 1, 1))
        self.end.set_date(date(year, 12, 31))
        start_label = QLabel(_("Fro&m:"), self)
        start_label.setBuddy(self.start)
        end_label = QLabel(_("T&o:"), self)
        end_label.setBuddy(self.end)
        self.area_filter = self._filter_combo()
        area_label = QLabel(_("&Area:"), self)
        area_label.setBuddy(self.area_filter)
        self.sector_filter = self._filter_combo()
        self.sector_filter.addItem(_("All"), None)
        for sector in Sector:
            self.sector_filter.addItem(sector.label, sector.value)
        sector_label = QLabel(_("Sec&tor:"), self)
        sector_label.setBuddy(self.sector_filter)
        self.service_area_filter = self._filter_combo()
        self.service_area_filter.setMinimumContentsLength(9)
        service_area_label = QLabel(_("Ser&vice area:"), self)
        service_area_label.setBuddy(self.service_area_filter)
        self.search = SearchBox(_("Search area, municipality, summary (Ctrl+F)"), self)
        self.search.setMinimumWidth(80)
        search_label = QLabel(_("Sea&rch:"), self)
        search_label.setBuddy(self.search)
        filters = QHBoxLayout()
        for i, (label, widget) in enumerate(
            (
                (start_label, self.start),
                (end_label, self.end),
                (area_label, self.area_filter),
                (sector_label, self.sector_filter),
                (service_area_label, self.service_area_filter),
                (search_label, self.search),
            )
        ):
            if i:
                filters.addSpacing(2 if widget is self.end else 8)
            filters.addWidget(label)
            filters.addWidget(widget, 2 if widget is self.search else 0)

        # --- the table and its buttons --------------------------------------------------------
        self.model = CaseEventTableModel(db)
        M = CaseEventTableModel
        self.view = record_table(
            self.model,
            self,
            {
                M.COL_DAY: 11,
                M.COL_OMBUDSMAN: 16,
                M.COL_AREA: 22,
                M.COL_MUNICIPALITY: 11,
                M.COL_SECTOR: 15,
                M.COL_SERVICE_AREA: 16,
                M.COL_NATURE: 12,
                M.COL_REASONS: 18,
                M.COL_CONTACT_BY: 14,
                M.COL_CHANNEL: 9,
                M.COL_MEASURES: 20,
                M.COL_MINUTES: 6,
            },
            stretch=M.COL_SUMMARY,
            sortable=False,
        )
        self.view.setObjectName("case_event_table")
        self.view.horizontalHeader().setStretchLastSection(False)
        self.count_line = QLabel(self)
        self.count_line.setObjectName("case_event_count")
        self.add_button = QPushButton(_("&New case event…"), self)
        self.add_button.setToolTip(
            _("Ctrl+N; in the dialog Ctrl+Enter saves and starts the next event")
        )
        self.edit_button = QPushButton(_("&Edit…"), self)
        self.edit_button.setToolTip(_("Enter or double-click a row"))
        self.delete_button = QPushButton(_("&Delete"), self)
        self.delete_button.setToolTip(_("Delete key"))
        head = QHBoxLayout()
        head.addWidget(self.count_line, 1)
        head.addWidget(self.add_button)
        head.addWidget(self.edit_button)
        head.addWidget(self.delete_button)
        # The filter row wants about 1 050 pixels; a narrower window clips its end rather than
        # forcing the whole main window wider than the other tabs need.
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(head)
        layout.addWidget(self.view, 1)

        # --- behaviour ----------------------------------------------------------------------
        for field in (self.start, self.end):
            field.changed.connect(self.period.pause.start)
        self.area_filter.currentIndexChanged.connect(self.apply_filters)
        self.sector_filter.currentIndexChanged.connect(self._sector_changed)
        self.service_area_filter.currentIndexChanged.connect(self.apply_filters)
        self.search.search.connect(lambda _text: self.apply_filters())
        self.connect_actions(self.add_event, self.edit_event, self.delete_event)
        show_sql_sort(self.view, self.model)

        self._load_filter_lists()
        self.apply_filters()
        self.view.setSortingEnabled(True)  # the rows are already in this order: no second query

    def _filter_combo(self) -> QComboBox:
        combo = QComboBox(self)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(7)
        combo.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        combo.setMinimumWidth(
            combo.fontMetrics().averageCharWidth() * 4 + 30
        )  # a narrow window squeezes them
        return combo

    # --- the filter lists ---------------------------------------------------------------------
    def _load_filter_lists(self) -> None:
        with self.db.unit_of_work() as uow:
            areas = uow.case_events.areas()
            self._values = uow.references.by_id()
        refill(self.area_filter, [(_("All"), None), *((a, a) for a in areas)])
        self._fill_service_areas()

    def _fill_service_areas(self) -> None:
        """The service areas of the chosen sector (retired ones too: old events have them)."""
        chosen = self.sector_filter.currentData()
        sector = Sector(chosen) if chosen else None
        values = [
            v
            for v in self._values.values()
            if v.kind is ReferenceKind.SERVICE_AREA and (sector is None or v.sector is sector)
        ]
        values.sort(
            key=lambda v: (
                list(Sector).index(v.sector) if v.sector else 0,
                v.position,
                v.name_fi.casefold(),
            )
        )

        def label(v: ReferenceValue) -> str:
            text = _("{name} (retired)").format(name=v.label) if v.retired else v.label
            return f"{text} – {v.sector.label}" if sector is None and v.sector else text

        refill(self.service_area_filter, [(_("All"), None), *((label(v), v.id) for v in values)])

    def _sector_changed(self) -> None:
        self._fill_service_areas()
        self.apply_filters()

    # --- filtering ------------------------------------------------------------------------------
    def _period_changed(self) -> None:
        self.period.settle()  # scripts/benchmark.py times the period through this

    def query(self) -> ListQuery:
        """What the filters ask for (an unreadable date keeps the period shown)."""
        period = self.period.read()
        start, end = (
            period if period is not None else (self.model.query.start, self.model.query.end)
        )
        return replace(
            self.model.query,
            text=self.search.text(),
            start=start,
            end=end,
            area=self.area_filter.currentData(),
            sector=self.sector_filter.currentData(),
            service_area_id=self.service_area_filter.currentData(),
        )

    def apply_filters(self) -> None:
        query = self.query()
        today = date.today()
        self.model.ombudsman_header = advocate_title(
            query.start or query.end or today, query.end or today
        ).noun
        self.model.set_query(query)
        self._update_count()
        ensure_current(self.view)
        self._update_buttons()

    def _update_count(self) -> None:
        total = self.model.total
        text = _("{n} case event") if total == 1 else _("{n} case events")
        self.count_line.setText(text.format(n=format_number(total)))

    def refresh(self) -> None:
        """Ask the database again: new areas and renamed values show, the current row stays."""
        keep = self.current_event
        self._load_filter_lists()
        self.model.refresh()
        self._update_count()
        self.restore_current(keep)

    # --- records ------------------------------------------------------------------------------
    @property
    def current_event(self) -> CaseEvent | None:
        return self.current

    def add_event(self) -> None:
        """The quick-entry dialog; afterwards the table shows and selects the last event saved."""
        self.add_with(
            CaseEventDialog(self.db, parent=self),
            _("Saved the case event"),
            _("Saved {n} case events"),
        )

    def edit_event(self) -> None:
        event = self.current_event
        if event is not None:
            self.edit_with(CaseEventDialog(self.db, event, parent=self), _("Saved the case event"))

    def delete_event(self) -> None:
        event = self.current_event
        if event is None:
            return
        what = ", ".join(
            p
            for p in (format_date(event.day), event.area, self.model.label(event.service_area_id))
            if p
        )
        self.delete_with(
            _("Delete the case event {event}?").format(event=what),
            lambda: delete_case_event(self.db, event.id),
            _("Deleted the case event {event}").format(event=what),
        )
