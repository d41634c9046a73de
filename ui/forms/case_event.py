"""The ombudsman's case event: one dialog for a new or an existing event, made for fast entry.

Ctrl+Enter saves the event and starts the next one in the same dialog: the previous
event's date, area, sector and ombudsman stay, everything else is cleared, and the
cursor waits in the first field that needs typing. Enter saves and closes, Esc cancels.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from domain.caselog import (
    CaseEvent,
    Language,
    Provider,
    ReferenceKind,
    ReferenceValue,
    Sector,
    advocate_title,
)
from domain.formats import format_date, parse_whole_number
from domain.i18n import _
from domain.staff import StaffMember
from services.caselog import save_case_event
from storage.database import Database
from ui.app import preferences
from ui.common.choice_widgets import CheckList, ChoiceBox, Item
from ui.common.widgets import DateField, tab_takes_suggestion
from ui.forms.base import SAVE_AND_NEW_LABEL, QuickEntryDialog, read_and_validate


class _Columns:
    """The dialog's form layouts (two columns and a full-width row below) answering as one,
    so RecordDialog's error rows work whichever column a field is in."""

    def __init__(self, *forms: QFormLayout) -> None:
        self.forms = forms
        self.target = forms[0]

    def addRow(self, *args: Any) -> None:
        self.target.addRow(*args)

    def labelForField(self, widget: QWidget) -> QWidget | None:
        return self._owner(widget).labelForField(widget)

    def _owner(self, widget: QWidget) -> QFormLayout:
        return next(f for f in self.forms if f.indexOf(widget) >= 0)

    def setRowVisible(self, widget: QWidget, visible: bool) -> None:
        self._owner(widget).setRowVisible(widget, visible)

    def isRowVisible(self, widget: QWidget) -> bool:
        return self._owner(widget).isRowVisible(widget)


def _with_mnemonic(text: str, taken: set[str]) -> str:
    """``text`` with an Alt key on its first letter not already taken in the dialog."""
    for i, ch in enumerate(text):
        if ch.isalpha() and ch.casefold() not in taken:
            return f"{text[:i]}&{text[i:]}"
    return text


def _mnemonic_of(text: str) -> str:
    plain = text.replace("&&", "")
    i = plain.find("&")
    return plain[i + 1].casefold() if 0 <= i < len(plain) - 1 else ""


def _label(value: ReferenceValue) -> str:
    return _("{name} (retired)").format(name=value.label) if value.retired else value.label


class CaseEventDialog(QuickEntryDialog):
    """A new event (``event`` None) or an existing one. ``saved_records`` holds every event
    saved while the dialog was open; ``saved`` the last of them."""

    text_limits = CaseEvent.TEXT_LIMITS

    def __init__(
        self, db: Database, event: CaseEvent | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            _("Edit case event") if event else _("New case event"), parent, db=db, original=event
        )
        today = date.today()
        kept = {i for ids in event.reference_ids().values() for i in ids} if event else set()
        with db.unit_of_work() as uow:
            self._values = uow.references.by_id()
            served = uow.settings.organisation().areas
            log_areas = [] if served else uow.case_events.areas()
            staff = uow.staff.all()
            known_municipalities = uow.case_events.municipalities()
        self._kept = kept
        self._staff = staff
        default_area, default_sector, default_ombudsman = preferences.case_event_defaults()

        # --- the layout: two columns, the summary across both below -------------------
        left, right, bottom = QFormLayout(), QFormLayout(), QFormLayout()
        for form in (left, right, bottom):
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
            form.setFormAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        columns = QHBoxLayout()
        for i, form in enumerate((left, right)):
            column = QVBoxLayout()  # the shorter column keeps its rows together at the top
            column.addLayout(form)
            column.addStretch(1)
            if i:
                columns.addSpacing(18)
            columns.addLayout(column, 1)
        outer = self.layout()
        assert isinstance(outer, QVBoxLayout)  # made by RecordDialog
        outer.insertLayout(0, columns)
        outer.insertLayout(1, bottom)
        rows = _Columns(left, right, bottom)
        # Not a QFormLayout: it answers the few calls RecordDialog makes on self.form.
        self.form = rows  # type: ignore[assignment]

        labels = {
            "day": _("&Date"),
            "area": _("&Area"),
            "municipality": _("&Municipality"),
            "sector": _("&Sector"),
            "service_area_id": _("Se&rvice area"),
            "nature_id": _("&Nature"),
            "reason_ids": _("R&eason"),
            "contact_by_id": _("&Contact by"),
            "channel_id": _("C&hannel"),
            "measure_ids": _("Meas&ure"),
            "provider": _("&Provider"),
            "language": _("&Language"),
            "minutes": _("&Time (min)"),
            "summary": _("Summar&y"),
        }
        taken = {_mnemonic_of(t) for t in [*labels.values(), _(SAVE_AND_NEW_LABEL)]}
        labels["ombudsman_id"] = _with_mnemonic(advocate_title(today).noun, taken)

        # --- left column ------------------------------------------------------------
        self.day = self.add_field("day", labels["day"], DateField(self), required=True)
        self.ombudsman = ChoiceBox(self)
        self.add_field("ombudsman_id", labels["ombudsman_id"], self.ombudsman)
        if served:
            self.area: ChoiceBox | QLineEdit = ChoiceBox(self)
        else:
            self.area = QLineEdit(
                self
            )  # no areas in the settings: any text, completed from the log
            self.area.setCompleter(self._completer(log_areas))
            tab_takes_suggestion(self.area.completer())
        self.add_field("area", labels["area"], self.area, required=True)
        self.municipality = self.add_field("municipality", labels["municipality"], QLineEdit(self))
        self.municipality.setCompleter(self._completer(known_municipalities))
        tab_takes_suggestion(self.municipality.completer())
        self.sector = QComboBox(self)
        for sector in Sector:
            self.sector.addItem(sector.label, sector)
        self.add_field("sector", labels["sector"], self.sector, required=True)
        self.service_area = ChoiceBox(self)
        self.add_field("service_area_id", labels["service_area_id"], self.service_area)
        self.nature = ChoiceBox(self, self._items(ReferenceKind.NATURE))
        self.add_field("nature_id", labels["nature_id"], self.nature)
        self.reasons = CheckList(self, self._items(ReferenceKind.REASON), rows=10)
        self.add_field("reason_ids", labels["reason_ids"], self.reasons)
        # Wide enough for "Kanta-Hämeen hyvinvointialue" and "perheoikeudelliset palvelut"
        for combo, width in (
            (self.ombudsman, 240),
            (self.area, 300),
            (self.service_area, 260),
            (self.nature, 260),
        ):
            combo.setMinimumWidth(width)

        # --- right column -----------------------------------------------------------
        rows.target = right
        self.contact_by = ChoiceBox(self, self._items(ReferenceKind.CONTACT_BY))
        self.add_field("contact_by_id", labels["contact_by_id"], self.contact_by)
        self.channel = ChoiceBox(self, self._items(ReferenceKind.CHANNEL))
        self.add_field("channel_id", labels["channel_id"], self.channel)
        self.measures = CheckList(self, self._items(ReferenceKind.MEASURE), rows=10)
        self.add_field("measure_ids", labels["measure_ids"], self.measures)
        self.provider = QComboBox(self)
        self.provider.addItem("", None)
        for provider in Provider:
            self.provider.addItem(provider.label, provider)
        self.add_field("provider", labels["provider"], self.provider)
        self.language = QComboBox(self)
        self.language.addItem("", None)
        for language in Language:
            self.language.addItem(language.label, language)
        self.add_field("language", labels["language"], self.language)
        self.minutes = self.add_field("minutes", labels["minutes"], QLineEdit(self))
        self.minutes.setMaximumWidth(90)

        # --- below --------------------------------------------------------------------
        rows.target = bottom
        self.summary = QPlainTextEdit(self)
        self.summary.setTabChangesFocus(True)
        self.summary.setFixedHeight(self.summary.fontMetrics().lineSpacing() * 3 + 14)
        self.summary.setPlaceholderText(_("No names or personal identity codes"))
        self.add_field("summary", labels["summary"], self.summary)

        # --- the choices of people and areas ------------------------------------------
        self.ombudsman.set_items(
            self._staff_items(today, event.ombudsman_id if event else default_ombudsman)
        )
        if isinstance(self.area, ChoiceBox):
            self.area.set_items([(a, a) for a in served])
        self.sector.currentIndexChanged.connect(self._sector_changed)
        self.service_area.currentIndexChanged.connect(self._service_area_chosen)

        self.add_save_and_new(_("Saves this event and starts the next one; the dialog stays open"))
        self.setMinimumWidth(860)

        if event is None:
            self.day.set_date(today)
            start_sector = _sector_or_none(default_sector)
            self.sector.setCurrentIndex(
                -1 if start_sector is None else self.sector.findData(start_sector)
            )
            self._sector_changed()
            self._set_area(default_area)
            self.ombudsman.set_value(default_ombudsman or None)
            self.mark_untouched()
        else:
            self._load(event)

    # --- lists --------------------------------------------------------------------------
    def _completer(self, words: Sequence[str]) -> QCompleter:
        completer = QCompleter(list(words), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        return completer

    def _items(self, kind: ReferenceKind, sector: Sector | None = None) -> list[Item]:
        """The values offered: those in use, plus retired ones this event already has."""
        values = [
            v
            for v in self._values.values()
            if v.kind is kind
            and (not v.retired or v.id in self._kept)
            and (sector is None or v.sector is sector)
        ]
        values.sort(
            key=lambda v: (
                0 if v.sector is None else list(Sector).index(v.sector),
                v.position,
                v.name_fi.casefold(),
            )
        )
        if kind is ReferenceKind.SERVICE_AREA and sector is None:
            # both sectors' lists: "muut" is in each, so the sector is named
            return [
                (f"{_label(v)} – {v.sector.label}" if v.sector else _label(v), v.id) for v in values
            ]
        return [(_label(v), v.id) for v in values]

    def _staff_items(self, day: date, keep: str | None) -> list[Item]:
        """The staff employed on the day, and whoever the event (or the last one) names."""
        people: Iterable[StaffMember] = (
            m for m in self._staff if m.employed_on(day) or m.id == keep
        )
        return [(m.full_name, m.id) for m in sorted(people, key=lambda m: m.full_name.casefold())]

    def _set_area(self, area: str) -> None:
        if isinstance(self.area, ChoiceBox):
            self.area.set_value(area or None)
        else:
            self.area.setText(area)

    def _sector_changed(self) -> None:
        """The service areas follow the sector; a value of the other sector is cleared."""
        self.service_area.set_items(
            self._items(ReferenceKind.SERVICE_AREA, self.sector.currentData())
        )

    def _service_area_chosen(self) -> None:
        """A service area chosen before the sector tells the sector (hammashoito: health care)."""
        if self.sector.currentData() is not None:
            return
        value = self._values.get(self.service_area.currentData() or "")
        if value is not None and value.sector is not None:
            chosen = value.id
            self.sector.setCurrentIndex(self.sector.findData(value.sector))
            self.service_area.set_value(chosen)

    # --- an existing event ---------------------------------------------------------------
    def _offer(self, event: CaseEvent) -> None:
        """Offer the values, the area and the ombudsman ``event`` names, though retired, no
        longer served, no longer employed or added since the form was opened: they stay on
        the event."""
        named = {i for ids in event.reference_ids().values() for i in ids}
        unknown = not named <= set(self._values) or (
            event.ombudsman_id is not None and all(m.id != event.ombudsman_id for m in self._staff)
        )
        if unknown:
            with self.db.unit_of_work() as uow:
                self._values = uow.references.by_id()
                self._staff = uow.staff.all()
        if unknown or not named <= self._kept:
            self._kept |= named
            for box, kind in (
                (self.nature, ReferenceKind.NATURE),
                (self.contact_by, ReferenceKind.CONTACT_BY),
                (self.channel, ReferenceKind.CHANNEL),
            ):
                box.set_items(self._items(kind))
            self.reasons.set_items(self._items(ReferenceKind.REASON))
            self.measures.set_items(self._items(ReferenceKind.MEASURE))
        if isinstance(self.area, ChoiceBox) and event.area:
            items = self.area.items()
            if not any(a.casefold() == event.area.casefold() for a, _data in items):
                self.area.set_items([*items, (event.area, event.area)])
        if event.ombudsman_id and self.ombudsman.findData(event.ombudsman_id) < 0:
            self.ombudsman.set_items(self._staff_items(date.today(), event.ombudsman_id))

    def _load(self, event: CaseEvent) -> None:
        self._offer(event)
        self.day.set_date(event.day)
        self.ombudsman.set_value(event.ombudsman_id)
        self._set_area(event.area)
        self.municipality.setText(event.municipality)
        self.sector.setCurrentIndex(self.sector.findData(event.sector))
        self._sector_changed()
        self.service_area.set_value(event.service_area_id)
        self.nature.set_value(event.nature_id)
        self.reasons.set_values(event.reason_ids)
        self.contact_by.set_value(event.contact_by_id)
        self.channel.set_value(event.channel_id)
        self.measures.set_values(event.measure_ids)
        self.provider.setCurrentIndex(max(0, self.provider.findData(event.provider)))
        self.language.setCurrentIndex(max(0, self.language.findData(event.language)))
        self.minutes.setText("" if event.minutes is None else str(event.minutes))
        self.summary.setPlainText(event.summary)

    # --- focus ---------------------------------------------------------------------------
    def first_to_fill(self) -> QWidget:
        """Where typing starts in a new event: the first of ombudsman, area and sector still
        empty, else the service area. The date is set (today, or the previous event's) and
        the municipality optional, so neither is stopped at; they stay one Alt key away."""
        if self.ombudsman.count() and not self.ombudsman.currentText().strip():
            return self.ombudsman
        if not self._area_text():
            return self.area
        if self.sector.currentData() is None:
            return self.sector
        return self.service_area

    def _area_text(self) -> str:
        return self.area.currentText() if isinstance(self.area, ChoiceBox) else self.area.text()

    # --- reading and saving --------------------------------------------------------------
    def _choice_boxes(self) -> list[ChoiceBox]:
        boxes = [self.ombudsman, self.service_area, self.nature, self.contact_by, self.channel]
        if isinstance(self.area, ChoiceBox):
            boxes.append(self.area)
        return boxes

    @property
    def values(self) -> CaseEvent:
        for box in self._choice_boxes():
            box.finish_typing()
        area = self.area
        readers = {
            "day": lambda: self.day.date("day"),
            "ombudsman_id": lambda: self.ombudsman.value("ombudsman_id"),
            "area": (lambda: area.value("area") or "")
            if isinstance(area, ChoiceBox)
            else area.text,
            "service_area_id": lambda: self.service_area.value("service_area_id"),
            "nature_id": lambda: self.nature.value("nature_id"),
            "contact_by_id": lambda: self.contact_by.value("contact_by_id"),
            "channel_id": lambda: self.channel.value("channel_id"),
            "minutes": lambda: parse_whole_number(self.minutes.text(), "minutes"),
        }

        def build(v: dict[str, Any]) -> CaseEvent:
            return CaseEvent(
                day=v["day"],
                area=v["area"] or "",
                sector=self.sector.currentData(),
                ombudsman_id=v["ombudsman_id"],
                municipality=self.municipality.text(),
                service_area_id=v["service_area_id"],
                nature_id=v["nature_id"],
                reason_ids=self.reasons.values(),
                contact_by_id=v["contact_by_id"],
                channel_id=v["channel_id"],
                measure_ids=self.measures.values(),
                provider=self.provider.currentData(),
                language=self.language.currentData(),
                minutes=v["minutes"],
                summary=self.summary.toPlainText(),
            )

        return read_and_validate(readers, build)

    def save(self, values: CaseEvent) -> None:
        stored = save_case_event(self.db, values, self.original, overwrite=self.overwrite)
        self.saved = stored
        if self.original is None:
            self.saved_records.append(stored)
            preferences.store_case_event_defaults(
                stored.area, stored.sector.value if stored.sector else "", stored.ombudsman_id or ""
            )

    def describe(self, event: CaseEvent) -> str:
        return ", ".join(
            part
            for part in (format_date(event.day), event.area, self._label_of(event.service_area_id))
            if part
        )

    def _label_of(self, value_id: str | None) -> str:
        value = self._values.get(value_id or "")
        return value.label if value else ""

    def _start_next(self, previous: CaseEvent) -> None:
        """The same date, area, sector and ombudsman (left as they are: a week's events are
        typed one after another); everything else empty."""
        self.municipality.clear()
        self.service_area.set_value(None)
        for box in (self.nature, self.contact_by, self.channel):
            box.set_value(None)
        for check_list in (self.reasons, self.measures):
            check_list.set_values([])
            check_list.setCurrentRow(-1)
            check_list.scrollToTop()
        self.provider.setCurrentIndex(0)
        self.language.setCurrentIndex(0)
        self.minutes.clear()
        self.summary.clear()
        self.mark_untouched()
        self.first_to_fill().setFocus(Qt.FocusReason.OtherFocusReason)

    def _state(self) -> tuple[Any, ...]:
        """What the form shows, to tell whether anything was typed since it was reset."""
        return (
            self.day.text(),
            self.ombudsman.currentText(),
            self._area_text(),
            self.municipality.text(),
            self.sector.currentIndex(),
            self.service_area.currentText(),
            self.nature.currentText(),
            tuple(self.reasons.values()),
            self.contact_by.currentText(),
            self.channel.currentText(),
            tuple(self.measures.values()),
            self.provider.currentIndex(),
            self.language.currentIndex(),
            self.minutes.text(),
            self.summary.toPlainText(),
        )


def _sector_or_none(value: str) -> Sector | None:
    try:
        return Sector(value) if value else None
    except ValueError:
        return None
