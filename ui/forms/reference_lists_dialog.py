"""The case log's reference lists (service areas, natures, reasons, …), edited in the settings.

A value used by old events cannot be deleted, only retired: it stays on those events and in
their statistics, but the forms no longer offer it. The order set here is the order of the
forms and of the statistics.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QWidget

from domain.caselog import ReferenceKind, ReferenceValue, Sector
from domain.i18n import N_, _
from services.caselog import (
    add_reference,
    delete_reference,
    move_reference,
    rename_reference,
    set_retired,
)
from storage.database import Database
from storage.uow import UnitOfWork
from ui.common.table_model import Columns, TableColumn
from ui.forms.base import RecordDialog, read_and_validate
from ui.forms.list_editor import ListEditorDialog, ListTexts, RetirableModel

ReferenceList = tuple[ReferenceKind, Sector | None]


def list_label(kind: ReferenceKind, sector: Sector | None) -> str:
    """``Palvelutehtävät – sosiaalihuolto``: service areas are one list per sector."""
    return f"{kind.label} – {sector.label}" if sector is not None else kind.label


def reference_lists() -> list[ReferenceList]:
    """The lists in the order the dialog shows them."""
    out: list[ReferenceList] = []
    for kind in ReferenceKind:
        if kind is ReferenceKind.SERVICE_AREA:
            out += [(kind, sector) for sector in Sector]
        else:
            out.append((kind, None))
    return out


class ReferenceValuesModel(RetirableModel):
    """One list's values in their order; retired ones greyed and marked."""

    COLUMNS = Columns(
        TableColumn(
            "name_fi", N_("Finnish name"), lambda v: v.name_fi, lambda v: v.position, stretch=True
        ),
        TableColumn(
            "name_en", N_("English name"), lambda v: v.name_en, lambda v: v.position, width=26
        ),
        TableColumn(
            "retired",
            N_("Status"),
            lambda v: _("retired") if v.retired else "",
            lambda v: v.retired,
            width=10,
        ),
    )

    def retired_tip(self) -> str:
        return _("Retired: kept on old records and in old statistics, no longer offered")


class ReferenceValueDialog(RecordDialog):
    """Add a value to a list, or rename one: a Finnish name (required) and an English one."""

    text_limits = ReferenceValue.TEXT_LIMITS

    def __init__(
        self,
        db: Database,
        kind: ReferenceKind,
        sector: Sector | None,
        value: ReferenceValue | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = (
            _("Rename “{name}”").format(name=value.name_fi)
            if value is not None
            else _("New value in “{list}”").format(list=list_label(kind, sector))
        )
        super().__init__(title, parent, db=db, original=value)
        self.kind, self.sector = kind, sector
        self.setMinimumWidth(460)
        self.name_fi = self.add_field("name_fi", _("&Finnish name"), QLineEdit(self), required=True)
        self.name_en = self.add_field("name_en", _("&English name"), QLineEdit(self))
        self.name_en.setPlaceholderText(_("Shown when the interface is in English"))
        if value is not None:
            self._load(value)

    def _load(self, value: ReferenceValue) -> None:
        self.name_fi.setText(value.name_fi)
        self.name_en.setText(value.name_en)

    @property
    def values(self) -> ReferenceValue:
        def build(_v: dict) -> ReferenceValue:
            value = ReferenceValue(
                self.kind, self.name_fi.text(), self.name_en.text(), sector=self.sector
            )
            if self.original is not None:
                value.id = self.original.id
            return value

        return read_and_validate({}, build)

    def save(self, values: ReferenceValue) -> None:
        if self.original is None:
            self.saved = add_reference(self.db, values)
        else:
            self.saved = rename_reference(
                self.db, self.original, values.name_fi, values.name_en, overwrite=self.overwrite
            )


class ReferenceListsDialog(ListEditorDialog):
    """The lists on the left, the chosen list's values on the right, the actions beside them.
    A list is a (kind, sector) pair; the sector is None but for the service areas."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        texts = ListTexts(
            title=_("Case log reference lists"),
            note=_(
                "A retired value stays on old records and in old statistics, "
                "but is no longer offered for new ones."
            ),
            delete_tip=_("Delete key; only a value that no record uses"),
            bring_back_tip=_("Offer the value again for new records"),
            retire_tip=_("No longer offer the value; old records keep it"),
            kept_title=_("The value is kept"),
            retire_offer=_(
                "Retire “{name}” now? It stays on the old records but is no longer "
                "offered for new ones."
            ),
            already_retired=_("“{name}” is already retired and is not offered for new records."),
        )
        super().__init__(
            db,
            parent,
            texts,
            lists=[
                (list_label(kind, sector), (kind, sector)) for kind, sector in reference_lists()
            ],
            model=ReferenceValuesModel(),
            size=(860, 520),
            list_room=60,
            names=("reference_lists", "reference_values"),
        )

    # --- hooks -----------------------------------------------------------------------
    def records(self, uow: UnitOfWork, key: ReferenceList) -> list[ReferenceValue]:
        kind, sector = key
        return uow.references.of_kind(kind, sector, with_retired=True)

    def heading(self, key: ReferenceList) -> str:
        return _("&Values: {list}").format(list=list_label(*key))

    def form(self, key: ReferenceList, value: ReferenceValue | None) -> ReferenceValueDialog:
        kind, sector = key
        return ReferenceValueDialog(self.db, kind, sector, value, parent=self)

    def name_of(self, value: ReferenceValue) -> str:
        return value.name_fi

    def deletion_question(self, value: ReferenceValue) -> str:
        return _("Delete “{name}” from the list “{list}”?").format(
            name=value.name_fi, list=list_label(*self.current_list)
        )

    def usage(self, uow: UnitOfWork, value_id: str) -> int:
        return uow.references.usage(value_id)

    def store_retired(self, value_id: str, retired: bool) -> None:
        set_retired(self.db, value_id, retired)

    def store_move(self, value_id: str, step: int) -> None:
        move_reference(self.db, value_id, step)

    def store_delete(self, value: ReferenceValue) -> None:
        delete_reference(self.db, value)
