"""The organisation's settings, how long the change history is kept, and this
workstation's interface language."""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from domain.errors import ValidationError
from domain.formats import format_date, format_number, parse_whole_number
from domain.i18n import _, current_language
from domain.organisation import LegalForm, Organisation
from services.history import (
    KEEP_YEARS_MAX,
    keep_years,
    purge_history,
    purge_preview,
    set_keep_years,
)
from services.settings import save_organisation
from storage.database import Database
from ui.app.preferences import store_language, stored_language
from ui.forms.base import RecordDialog, read_and_validate

LANGUAGE_NAMES = (("fi", "suomi"), ("en", "English"))


class SettingsDialog(RecordDialog):
    text_limits = Organisation.TEXT_LIMITS

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(_("Settings"), parent)
        # Not a record: its changes are in File → Change history, so no button that never acts.
        self.history_button.hide()
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
            "board_seat_cap", _("Board &members at most"), QLineEdit(self)
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
        self.keep_years = QSpinBox(self)
        self.keep_years.setRange(1, KEEP_YEARS_MAX)
        self.keep_years.setMaximumWidth(80)
        self.keep_years.setToolTip(
            _(
                "Entries older than this are removed only when purged: with the button below, "
                "or with main.py history --purge."
            )
        )
        self.add_field("keep_years", _("&Keep the change history (years)"), self.keep_years)
        self.purge_button = QPushButton(_("&Purge older now…"), self)
        self.purge_button.setAutoDefault(False)
        self.purge_button.clicked.connect(self.purge)
        self.form.addRow("", self.purge_button)
        self.name.setMinimumWidth(380)
        with db.unit_of_work() as uow:
            org = uow.settings.organisation()
        self._shown = org  # what the fields showed: only what is changed here is saved
        self.name.setText(org.name)
        self.short_name.setText(org.short_name)
        self.business_id.setText(org.business_id)
        self.legal_form.setCurrentIndex(self.legal_form.findData(org.legal_form))
        self.address.setText(org.address)
        self.areas.setPlainText("\n".join(org.areas))
        self.board_seat_cap.setText("" if org.board_seat_cap is None else str(org.board_seat_cap))
        self.stored_keep_years = keep_years(db)
        self.keep_years.setValue(self.stored_keep_years)
        self.language_changed = False
        self.purged: int | None = None  # entries removed by a purge from this dialog

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

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Tab goes from the years to the purge button, then on to Save
        self.setTabOrder(self.keep_years, self.purge_button)
        self.setTabOrder(
            self.purge_button, self.buttons.button(QDialogButtonBox.StandardButton.Save)
        )

    def _store_keep_years(self) -> None:
        years = self.keep_years.value()
        if years != self.stored_keep_years:
            set_keep_years(self.db, years)  # a change of the setting is itself logged
            self.stored_keep_years = years

    def purge(self) -> None:
        """Remove the entries older than the years shown, once the user has confirmed how
        many go and from before which day; the purge writes its own entry."""
        years = self.keep_years.value()
        first_kept, older = purge_preview(self.db, years)
        day = format_date(first_kept)
        if not older:
            QMessageBox.information(
                self,
                _("Purge the change history"),
                _("The change history has no entries from before {day}.").format(day=day),
            )
            return
        question = _(
            "Entries older than the retention period, written before {day}: {n}.\n\n"
            "Remove them from the change history? This cannot be undone; the removal is "
            "itself recorded."
        ).format(n=format_number(older), day=day)
        answer = QMessageBox.question(
            self,
            _("Purge the change history"),
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self._store_keep_years()
            self.purged = purge_history(self.db)
        except ValidationError as refused:
            QMessageBox.warning(self, _("Purge the change history"), refused.message)
            return
        QMessageBox.information(
            self,
            _("Purge the change history"),
            _("Entries removed from the change history: {n}.").format(n=format_number(self.purged)),
        )

    def save(self, values: Organisation) -> None:
        save_organisation(self.db, values, self._shown)
        self._shown = values
        self._store_keep_years()
        language = self.language.currentData()
        if language != stored_language():
            store_language(language)
            self.language_changed = language != current_language()
            if self.language_changed:
                QMessageBox.information(
                    self, _("Language"), _("The new language is used when Oske is started again.")
                )
