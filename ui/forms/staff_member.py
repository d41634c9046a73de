"""The dialog that adds or edits a staff member."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from domain.i18n import _
from domain.staff import Employment, StaffMember
from services.staff import save_staff_member
from storage.database import Database
from ui.common.widgets import DateField, DecimalField
from ui.forms.base import RecordDialog, read_and_validate


class StaffDialog(RecordDialog):
    text_limits = StaffMember.TEXT_LIMITS

    def __init__(
        self, db: Database, member: StaffMember | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            _("Edit staff member") if member else _("New staff member"),
            parent,
            db=db,
            original=member,
        )
        self.last_name = self.add_field(
            "last_name", _("&Last name"), QLineEdit(self), required=True
        )
        self.first_name = self.add_field(
            "first_name", _("&First name"), QLineEdit(self), required=True
        )
        self.title_edit = self.add_field("title", _("&Title"), QLineEdit(self), required=True)
        self.employment = QComboBox(self)
        for kind in Employment:
            self.employment.addItem(kind.label, kind)
        self.add_field("employment", _("E&mployment"), self.employment)
        self.fte = self.add_field("fte_percent", _("FTE &%"), DecimalField(self), required=True)
        self.fte.setMaximumWidth(80)
        self.start = self.add_field("start", _("&Start"), DateField(self))
        self.end = self.add_field("end", _("&End"), DateField(self))
        self.email = self.add_field("email", _("E-m&ail"), QLineEdit(self))
        self.phone = self.add_field("phone", _("&Phone"), QLineEdit(self))
        self.notes = self.add_field("notes", _("&Notes"), QLineEdit(self))
        self.title_edit.setMinimumWidth(320)
        self.start.edit.setToolTip(_("Empty: employed since before the records begin"))
        self.end.edit.setToolTip(_("Empty: still employed"))
        self._load(member)

    def _load(self, member: StaffMember | None) -> None:
        if member is None:
            self.fte.set_value(100)
            return
        self.last_name.setText(member.last_name)
        self.first_name.setText(member.first_name)
        self.title_edit.setText(member.title)
        self.employment.setCurrentIndex(self.employment.findData(member.employment))
        self.fte.set_value(member.fte_percent)
        self.start.set_date(member.start)
        self.end.set_date(member.end)
        self.email.setText(member.email)
        self.phone.setText(member.phone)
        self.notes.setText(member.notes)

    @property
    def values(self) -> StaffMember:
        readers = {
            "fte_percent": lambda: self.fte.value("fte_percent"),
            "start": lambda: self.start.date("start"),
            "end": lambda: self.end.date("end"),
        }

        def build(v: dict) -> StaffMember:
            record = StaffMember(
                last_name=self.last_name.text(),
                first_name=self.first_name.text(),
                title=self.title_edit.text(),
                employment=self.employment.currentData(),
                fte_percent=v["fte_percent"],
                start=v["start"],
                end=v["end"],
                email=self.email.text(),
                phone=self.phone.text(),
                notes=self.notes.text(),
            )
            return record

        return read_and_validate(readers, build)

    def save(self, values: StaffMember) -> None:
        self.saved = save_staff_member(self.db, values, self.original, overwrite=self.overwrite)
