"""The dialog that adds or edits a person of the guardian bank (edunvalvojapankki)."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QLineEdit, QPlainTextEdit, QWidget

from domain.caselog import Guardian
from domain.i18n import _
from services.caselog import save_guardian
from storage.database import Database
from ui.common.widgets import editable_combo
from ui.forms.base import RecordDialog, read_and_validate

# Offered for a guardian's background even before anyone has used them.
BACKGROUNDS = ("sosiaaliala", "juristi")


class GuardianDialog(RecordDialog):
    """A person of the guardian bank (edunvalvojapankki)."""

    text_limits = Guardian.TEXT_LIMITS

    def __init__(
        self, db: Database, guardian: Guardian | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            _("Edit guardian") if guardian else _("New guardian"), parent, db=db, original=guardian
        )
        with db.unit_of_work() as uow:
            areas = list(uow.settings.organisation().areas)
            bank = uow.guardians.all()
        used_areas = sorted({g.area for g in bank if g.area} - set(areas), key=str.casefold)
        backgrounds = sorted(
            {g.background for g in bank if g.background} | set(BACKGROUNDS), key=str.casefold
        )

        self.last_name = self.add_field(
            "last_name", _("&Last name"), QLineEdit(self), required=True
        )
        self.first_name = self.add_field(
            "first_name", _("&First name"), QLineEdit(self), required=True
        )
        self.phone = self.add_field("phone", _("&Phone"), QLineEdit(self))
        self.email = self.add_field("email", _("E-m&ail"), QLineEdit(self))
        self.area = editable_combo(self, areas + used_areas)
        self.area.setToolTip(
            _(
                "The area where the guardian takes requests; the list has the areas the centre serves"
            )
        )
        self.add_field("area", _("A&rea"), self.area)
        self.active = QCheckBox(_("Offered for new requests"), self)
        self.active.setChecked(True)
        self.active.setToolTip(
            _("An inactive guardian stays on their old requests but is not offered for new ones")
        )
        self.add_field("active", _("Ac&tive"), self.active)
        self.background = editable_combo(self, backgrounds)
        background_line = self.background.lineEdit()
        assert background_line is not None  # the combo box is editable
        background_line.setPlaceholderText(_("e.g. sosiaaliala, juristi"))
        self.add_field("background", _("&Background"), self.background)
        self.notes = QPlainTextEdit(self)
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(70)
        self.add_field("notes", _("&Notes"), self.notes)
        for line in (self.last_name, self.first_name):
            line.setMinimumWidth(300)
        for combo in (self.area, self.background):
            combo.setMinimumWidth(280)
        if guardian is not None:
            self._load(guardian)

    def _load(self, guardian: Guardian) -> None:
        self.last_name.setText(guardian.last_name)
        self.first_name.setText(guardian.first_name)
        self.phone.setText(guardian.phone)
        self.email.setText(guardian.email)
        self.area.setCurrentText(guardian.area)
        self.active.setChecked(guardian.active)
        self.background.setCurrentText(guardian.background)
        self.notes.setPlainText(guardian.notes)

    @property
    def values(self) -> Guardian:
        return read_and_validate(
            {},
            lambda _v: Guardian(
                last_name=self.last_name.text(),
                first_name=self.first_name.text(),
                phone=self.phone.text(),
                email=self.email.text(),
                area=self.area.currentText(),
                active=self.active.isChecked(),
                background=self.background.currentText(),
                notes=self.notes.toPlainText(),
            ),
        )

    def save(self, values: Guardian) -> None:
        self.saved = save_guardian(self.db, values, self.original, overwrite=self.overwrite)
