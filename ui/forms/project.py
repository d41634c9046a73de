"""The dialog that adds or edits a project of the register, and the euro field of the forms."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from domain.formats import format_number, parse_decimal
from domain.i18n import _
from domain.projects import OurRole, Project, ProjectStatus
from services.projects import save_project
from storage.database import Database
from ui.common.widgets import DateField
from ui.forms.base import RecordDialog, read_and_validate


class MoneyField(QLineEdit):
    """Euros typed the Finnish way (``988 216`` or ``4 530,77 €``); checked by the domain on save."""

    def set_value(self, value: Decimal | None) -> None:
        self.setText("" if value is None else format_number(value, 2 if value % 1 else 0))

    def value(self, field: str = "") -> Decimal | None:
        return parse_decimal(self.text(), field)


class ProjectDialog(RecordDialog):
    text_limits = Project.TEXT_LIMITS

    def __init__(
        self, db: Database, project: Project | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            _("Edit project") if project else _("New project"), parent, db=db, original=project
        )
        self.code = self.add_field("code", _("&Code"), QLineEdit(self), required=True)
        self.code.setMaximumWidth(160)
        self.name = self.add_field("name", _("&Name"), QLineEdit(self), required=True)
        self.name.setMinimumWidth(380)
        self.start = self.add_field("start", _("&Start"), DateField(self))
        self.end = self.add_field("end", _("&End"), DateField(self))
        self.status = QComboBox(self)
        for status in ProjectStatus:
            self.status.addItem(status.label, status)
        self.add_field("status", _("Stat&us"), self.status)
        self.our_role = QComboBox(self)
        for role in OurRole:
            self.our_role.addItem(role.label, role)
        self.add_field("our_role", _("Our &role"), self.our_role, required=True)
        self.lead_organisation = self.add_field(
            "lead_organisation", _("&Lead organisation"), QLineEdit(self)
        )
        self.total_budget = self.add_field("total_budget", _("&Total budget €"), MoneyField(self))
        self.our_budget = self.add_field("our_budget", _("&Our budget €"), MoneyField(self))
        for money in (self.total_budget, self.our_budget):
            money.setMaximumWidth(160)
        self.description = QPlainTextEdit(self)
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(70)
        self.add_field("description", _("&Description"), self.description)
        if project is None:
            self.status.setCurrentIndex(self.status.findData(ProjectStatus.GRANTED))
            self.our_role.setCurrentIndex(self.our_role.findData(OurRole.ADMINISTRATOR))
            return
        self._load(project)

    def _load(self, project: Project) -> None:
        self.code.setText(project.code)
        self.name.setText(project.name)
        self.start.set_date(project.start)
        self.end.set_date(project.end)
        self.status.setCurrentIndex(self.status.findData(project.status))
        self.our_role.setCurrentIndex(self.our_role.findData(project.our_role))
        self.lead_organisation.setText(project.lead_organisation)
        self.total_budget.set_value(project.total_budget)
        self.our_budget.set_value(project.our_budget)
        self.description.setPlainText(project.description)

    @property
    def values(self) -> Project:
        readers = {
            "start": lambda: self.start.date("start"),
            "end": lambda: self.end.date("end"),
            "total_budget": lambda: self.total_budget.value("total_budget"),
            "our_budget": lambda: self.our_budget.value("our_budget"),
        }

        def build(v: dict) -> Project:
            return Project(
                code=self.code.text(),
                name=self.name.text(),
                our_role=self.our_role.currentData(),
                start=v["start"],
                end=v["end"],
                status=self.status.currentData(),
                lead_organisation=self.lead_organisation.text(),
                total_budget=v["total_budget"],
                our_budget=v["our_budget"],
                description=self.description.toPlainText(),
            )

        return read_and_validate(readers, build)

    def save(self, values: Project) -> None:
        self.saved = save_project(self.db, values, self.original, overwrite=self.overwrite)
