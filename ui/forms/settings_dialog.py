"""The organisation's settings and this workstation's interface language."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QMessageBox, QPlainTextEdit, QWidget

from domain.formats import parse_whole_number
from domain.i18n import _, current_language
from domain.organisation import LegalForm, Organisation
from services.settings import save_organisation
from storage.database import Database
from ui.app.preferences import store_language, stored_language
from ui.forms.base import RecordDialog, read_and_validate

LANGUAGE_NAMES = (("fi", "suomi"), ("en", "English"))


class SettingsDialog(RecordDialog):
    text_limits = Organisation.TEXT_LIMITS

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(_("Settings"), parent)
        self.db = db
        self.name = self.add_field("name", _("&Name"), QLineEdit(self), required=True)
        self.short_name = self.add_field("short_name", _("S&hort name"), QLineEdit(self))
        self.business_id = self.add_field("business_id", _("&Business ID"), QLineEdit(self))
        self.business_id.setPlaceholderText("1234567-8")
        self.business_id.setMaximumWidth(120)
        self.legal_form = QComboBox(self)
        for form in LegalForm:
            self.legal_form.addItem(form.label, form)
        self.add_field("legal_form", _("&Legal form"), self.legal_form)
        self.address = self.add_field("address", _("&Address"), QLineEdit(self))
        self.areas = QPlainTextEdit(self)
        self.areas.setTabChangesFocus(True)
        self.areas.setPlaceholderText(_("One area per line, e.g. Pirkanmaan hyvinvointialue"))
        self.areas.setFixedHeight(110)
        self.add_field("areas", _("Areas &served"), self.areas)
        self.board_seat_cap = self.add_field(
            "board_seat_cap", _("&Board members at most"), QLineEdit(self)
        )
        self.board_seat_cap.setMaximumWidth(80)
        self.board_seat_cap.setToolTip(
            _(
                "The maximum of the articles, if any; the secretary is not counted. Empty: no maximum."
            )
        )
        self.language = QComboBox(self)
        for code, name in LANGUAGE_NAMES:
            self.language.addItem(name, code)
        self.language.setCurrentIndex(self.language.findData(stored_language()))
        self.add_field("language", _("Interface lan&guage"), self.language)
        self.name.setMinimumWidth(380)
        with db.unit_of_work() as uow:
            org = uow.settings.organisation()
        self.name.setText(org.name)
        self.short_name.setText(org.short_name)
        self.business_id.setText(org.business_id)
        self.legal_form.setCurrentIndex(self.legal_form.findData(org.legal_form))
        self.address.setText(org.address)
        self.areas.setPlainText("\n".join(org.areas))
        self.board_seat_cap.setText("" if org.board_seat_cap is None else str(org.board_seat_cap))
        self.language_changed = False

    @property
    def values(self) -> Organisation:
        def build(v: dict) -> Organisation:
            return Organisation(
                name=self.name.text(),
                short_name=self.short_name.text(),
                business_id=self.business_id.text(),
                legal_form=self.legal_form.currentData(),
                address=self.address.text(),
                areas=self.areas.toPlainText().splitlines(),
                board_seat_cap=v["board_seat_cap"],
            )

        readers = {
            "board_seat_cap": lambda: parse_whole_number(
                self.board_seat_cap.text(), "board_seat_cap"
            )
        }
        return read_and_validate(readers, build)

    def save(self, values: Organisation) -> None:
        save_organisation(self.db, values)
        language = self.language.currentData()
        if language != stored_language():
            store_language(language)
            self.language_changed = language != current_language()
            if self.language_changed:
                QMessageBox.information(
                    self, _("Language"), _("The new language is used when Oske is started again.")
                )
