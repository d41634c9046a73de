"""The ombudsman's case events: a period, area, sector, service area and text to filter by,
and a table that loads lazily, so a log of 200 000 events opens as fast as one of 20."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Any, ClassVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from domain.caselog import CaseEvent, ReferenceKind, ReferenceValue, Sector, advocate_title
from domain.formats import format_date, format_number
from domain.i18n import N_, _
from services.caselog import delete_case_event, delete_case_events
from storage.database import Database
from storage.repositories import CaseEventQuery
from storage.uow import UnitOfWork
from ui.common.list_page import ListPage, RecordList
from ui.common.table_model import Columns, LazyRecordModel, TableColumn, field_column
from ui.common.views import PeriodFilter, refill
from ui.forms.base import RecordDialog
from ui.forms.case_event import CaseEventDialog


def _one_line(text: str) -> str:
    return " ".join((text or "").split())


class CaseEventTableModel(LazyRecordModel[CaseEventQuery]):
    """Case events, newest first; labels of the reference values from one dict per load.
    Reasons and measures are lists: there is no one order for them, so they do not sort.

    In a narrow window the channel, the contact, the ombudsman, the measures and the nature
    are hidden, in that order, so that the summary stays readable (the form shows them all)."""

    def __init__(self, db: Database) -> None:
        super().__init__(
            db, lambda uow: uow.case_events, CaseEventQuery(sort="day", descending=True)
        )
        self._values: dict[str, ReferenceValue] = {}
        self._names: dict[str, str] = {}
        self.ombudsman_header = advocate_title(date.today()).noun
        self.COLUMNS = Columns(
            field_column("day", N_("Date"), format_date, align_right=True, width=11),
            TableColumn(
                "ombudsman",
                N_("Ombudsman"),
                self.ombudsman_name,
                lambda e: self.ombudsman_name(e).casefold(),
                width=16,
                drop=3,
            ),
            TableColumn(
                "area", N_("Area"), lambda e: e.area, lambda e: e.area.casefold(), width=22
            ),
            TableColumn(
                "municipality",
                N_("Municipality"),
                lambda e: e.municipality,
                lambda e: e.municipality.casefold(),
                width=11,
            ),
            TableColumn(
                "sector",
                N_("Sector"),
                lambda e: e.sector.label if e.sector else "",
                lambda e: e.sector.value if e.sector else "",
                width=15,
            ),
            self._value_column("service_area", N_("Service area"), "service_area_id", 16),
            self._value_column("nature", N_("Nature"), "nature_id", 12, drop=1),
            TableColumn(
                "reasons",
                N_("Reasons"),
                lambda e: self.labels(e.reason_ids),
                lambda e: self.labels(e.reason_ids),
                width=18,
                sortable=False,
            ),
            self._value_column("contact_by", N_("Contact by"), "contact_by_id", 14, drop=4),
            self._value_column("channel", N_("Channel"), "channel_id", 9, drop=5),
            TableColumn(
                "measures",
                N_("Measures"),
                lambda e: self.labels(e.measure_ids),
                lambda e: self.labels(e.measure_ids),
                width=20,
                sortable=False,
                drop=2,
            ),
            TableColumn(
                "minutes",
                N_("Minutes"),
                lambda e: format_number(e.minutes),
                lambda e: -1 if e.minutes is None else e.minutes,
                align_right=True,
                width=6,
            ),
            TableColumn(
                "summary",
                N_("Summary"),
                lambda e: _one_line(e.summary),
                lambda e: e.summary.casefold(),
                width=40,
                stretch=True,
            ),
        )

    # --- what the cells show --------------------------------------------------------------
    def _value_column(
        self, key: str, header: str, attribute: str, width: int, *, drop: int = 0
    ) -> TableColumn:
        def label(event: CaseEvent) -> str:
            return self.label(getattr(event, attribute))

        def position(event: CaseEvent) -> int:
            value = self._values.get(getattr(event, attribute) or "")
            return -1 if value is None else value.position

        return TableColumn(key, header, label, position, width=width, drop=drop)

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
            and section == self.column("ombudsman")
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


class CaseEventList(RecordList[CaseEvent]):
    """The log; new events through the quick-entry dialog, which may save several."""

    record_type = CaseEvent
    model: CaseEventTableModel
    paste_sheet = "case_events"
    paste_columns: ClassVar[dict[str, str]] = {
        "day": "day",
        "ombudsman": "ombudsman_id",
        "area": "area",
        "municipality": "municipality",
        "sector": "sector",
        "service_area": "service_area_id",
        "nature": "nature_id",
        "reasons": "reason_ids",
        "contact_by": "contact_by_id",
        "channel": "channel_id",
        "measures": "measure_ids",
        "minutes": "minutes",
        "summary": "summary",
    }

    def dialog(self, event: CaseEvent | None) -> RecordDialog:
        return CaseEventDialog(self.db, event, parent=self.page)

    def saved_message(self, saved: Sequence[CaseEvent]) -> str:
        if len(saved) == 1:
            return _("Saved the case event")
        return _("Saved {n} case events").format(n=format_number(len(saved)))

    def _what(self, event: CaseEvent) -> str:
        return ", ".join(
            p
            for p in (format_date(event.day), event.area, self.model.label(event.service_area_id))
            if p
        )

    def delete_question(self, event: CaseEvent) -> str:
        return _("Delete the case event {event}?").format(event=self._what(event))

    def delete_record(self, event: CaseEvent) -> bool:
        delete_case_event(self.db, event)
        return True

    def deleted_message(self, event: CaseEvent) -> str:
        return _("Deleted the case event {event}").format(event=self._what(event))

    def several_question(self, events: Sequence[CaseEvent]) -> str:
        return _("Delete {n} case events?").format(n=format_number(len(events)))

    def delete_several(self, events: Sequence[CaseEvent]) -> None:
        delete_case_events(self.db, events)

    def several_deleted_message(self, events: Sequence[CaseEvent]) -> str:
        return _("Deleted {n} case events").format(n=format_number(len(events)))


class CaseEventsPage(ListPage):
    """The log of case events with its filters; new events through the quick-entry dialog."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(db, parent)
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
        search_label = self.search_field(_("Search area, municipality, summary (Ctrl+F)"))
        filters = QHBoxLayout()
        for i, (label, widget) in enumerate(
            (
                (start_label, self.start),
                (end_label, self.end),
                (area_label, self.area_filter),
                (sector_label, self.sector_filter),
                (service_area_label, self.service_area_filter),
            )
        ):
            if i:
                filters.addSpacing(2 if widget is self.end else 8)
            filters.addWidget(label)
            filters.addWidget(widget)
        filters.addStretch(1)
        # The search on a line of its own, wide enough to read a summary's words typed.
        search_line = QHBoxLayout()
        search_line.addWidget(search_label)
        search_line.addWidget(self.search, 1)
        search_line.addStretch(1)

        # --- the table and its buttons --------------------------------------------------------
        self.model = CaseEventTableModel(db)
        self.events = CaseEventList(
            self,
            self.model,
            name="case_event_table",
            new_text=_("&New case event…"),
            new_tip=_("Ctrl+N; in the dialog Ctrl+Enter saves and starts the next event"),
        )
        self.view = self.events.view
        self.count_line = QLabel(self)
        self.count_line.setObjectName("case_event_count")
        # The filter row wants about 930 pixels; a narrower window clips its end rather than
        # forcing the whole main window wider than the other tabs need.
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(search_line)
        layout.addLayout(self.heading(self.events, summary=self.count_line))
        layout.addWidget(self.view, 1)

        # --- behaviour ----------------------------------------------------------------------
        for field in (self.start, self.end):
            field.changed.connect(self.period.pause.start)
        self.area_filter.currentIndexChanged.connect(self.apply_filters)
        self.sector_filter.currentIndexChanged.connect(self._sector_changed)
        self.service_area_filter.currentIndexChanged.connect(self.apply_filters)

        self._load_filter_lists()
        self.apply_filters()

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
    def query(self) -> CaseEventQuery:
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
        self.queried()

    def update_summary(self) -> None:
        total = self.model.total
        text = _("{n} case event") if total == 1 else _("{n} case events")
        self.count_line.setText(text.format(n=format_number(total)))

    def reload(self) -> None:
        """New areas and renamed values show."""
        self._load_filter_lists()
        self.model.refresh()
