"""The dialog that adds or edits a partner of a project."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from domain.i18n import _
from domain.projects import PartnerRole, Project, ProjectPartner
from services.projects import save_partner
from storage.database import Database
from ui.forms.base import RecordDialog, read_and_validate


class PartnerDialog(RecordDialog):
    text_limits = ProjectPartner.TEXT_LIMITS

    def __init__(
        self,
        db: Database,
        project: Project,
        partner: ProjectPartner | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = _("Edit partner") if partner else _("New partner")
        super().__init__(f"{title} – {project.code}", parent, db=db, original=partner)
        self.project = project
        self.organisation = self.add_field(
            "organisation", _("&Organisation"), QLineEdit(self), required=True
        )
        self.organisation.setMinimumWidth(340)
        self.role = QComboBox(self)
        self.role.addItem(_("(not given)"), None)
        for role in PartnerRole:
            self.role.addItem(role.label, role)
        self.add_field("role", _("&Role"), self.role)
        self.country = self.add_field("country", _("&Country"), QLineEdit(self))
        if partner is not None:
            self._load(partner)
        else:
            self.country.setText("Suomi")

    def _load(self, partner: ProjectPartner) -> None:
        self.organisation.setText(partner.organisation)
        self.role.setCurrentIndex(max(self.role.findData(partner.role), 0))
        self.country.setText(partner.country)

    @property
    def values(self) -> ProjectPartner:
        return read_and_validate(
            {},
            lambda _v: ProjectPartner(
                self.project.id,
                self.organisation.text(),
                self.role.currentData(),
                self.country.text(),
            ),
        )

    def save(self, values: ProjectPartner) -> None:
        self.saved = save_partner(self.db, values, self.original, overwrite=self.overwrite)
