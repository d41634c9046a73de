"""The dialogs of the project register: a project, a partner, a funding line, a staff role."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from domain.formats import format_decimal_short, format_number, parse_decimal
from domain.i18n import _
from domain.projects import (
    FundingLine,
    OurRole,
    PartnerRole,
    Project,
    ProjectAssignment,
    ProjectPartner,
    ProjectStatus,
)
from services.projects import save_assignment, save_funding, save_partner, save_project
from storage.database import Database
from ui.common.widgets import DateField, DecimalField, editable_combo
from ui.forms.base import RecordDialog, read_and_validate

FUNDERS = (
    "ESR",
    "EAKR",
    "STM",
    "RRP (NextGenerationEU)",
    "Erasmus+",
    "VTR",
    "omarahoitus",
    "kuntarahoitus",
)
PROJECT_ROLES = (
    "projektipäällikkö",
    "projektikoordinaattori",
    "koordinaattori",
    "suunnittelija",
    "erikoissuunnittelija",
    "asiantuntija",
    "tutkija",
)


class MoneyField(QLineEdit):
    """Euros typed the Finnish way (``988 216`` or ``4 530,77 €``); checked by the domain on save."""

    def set_value(self, value: Decimal | None) -> None:
        self.setText("" if value is None else format_number(value, 2 if value % 1 else 0))

    def value(self, field: str = "") -> Decimal | None:
        return parse_decimal(self.text(), field)


class ProjectDialog(RecordDialog):
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
        save_project(self.db, values, self.original)
        self.saved = values


class PartnerDialog(RecordDialog):
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
        self.country.setText(partner.country if partner else "Suomi")
        if partner is not None:
            self.organisation.setText(partner.organisation)
            self.role.setCurrentIndex(max(self.role.findData(partner.role), 0))

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
        save_partner(self.db, values, self.original)
        self.saved = values


class FundingDialog(RecordDialog):
    def __init__(
        self,
        db: Database,
        project: Project,
        line: FundingLine | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = _("Edit funding line") if line else _("New funding line")
        super().__init__(f"{title} – {project.code}", parent, db=db, original=line)
        self.project = project
        self.funder = editable_combo(self, FUNDERS)
        self.add_field("funder", _("&Funder"), self.funder, required=True)
        self.share = self.add_field("share_percent", _("&Share %"), DecimalField(self))
        self.share.setMaximumWidth(80)
        self.amount = self.add_field("amount", _("&Amount €"), MoneyField(self))
        self.amount.setMaximumWidth(160)
        if line is not None:
            self.funder.setCurrentText(line.funder)
            self.share.setText(
                format_decimal_short(line.share_percent) if line.share_percent is not None else ""
            )
            self.amount.set_value(line.amount)

    @property
    def values(self) -> FundingLine:
        readers = {
            "share_percent": lambda: self.share.value("share_percent"),
            "amount": lambda: self.amount.value("amount"),
        }
        return read_and_validate(
            readers,
            lambda v: FundingLine(
                self.project.id, self.funder.currentText(), v["share_percent"], v["amount"]
            ),
        )

    def save(self, values: FundingLine) -> None:
        save_funding(self.db, values, self.original)
        self.saved = values


class AssignmentDialog(RecordDialog):
    def __init__(
        self,
        db: Database,
        project: Project,
        assignment: ProjectAssignment | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = _("Edit role in the project") if assignment else _("New role in the project")
        super().__init__(f"{title} – {project.code}", parent, db=db, original=assignment)
        self.project = project
        self.member = QComboBox(self)
        self.member.addItem(_("(choose)"), None)
        with db.unit_of_work() as uow:
            for member in uow.staff.all():
                self.member.addItem(f"{member.full_name}, {member.title}", member.id)
        self.add_field("staff_id", _("Staff &member"), self.member, required=True)
        self.role = editable_combo(self, PROJECT_ROLES)
        self.add_field("role", _("&Role"), self.role, required=True)
        self.fte = self.add_field("fte_percent", _("FTE &%"), DecimalField(self))
        self.fte.setMaximumWidth(80)
        self.start = self.add_field("start", _("&Start"), DateField(self))
        self.end = self.add_field("end", _("&End"), DateField(self))
        self.start.edit.setToolTip(_("Empty: from the project's start"))
        self.end.edit.setToolTip(_("Empty: until the project's end"))
        if assignment is not None:
            self.member.setCurrentIndex(max(self.member.findData(assignment.staff_id), 0))
            self.role.setCurrentText(assignment.role)
            self.fte.set_value(assignment.fte_percent)
            self.start.set_date(assignment.start)
            self.end.set_date(assignment.end)

    @property
    def values(self) -> ProjectAssignment:
        readers = {
            "fte_percent": lambda: self.fte.value("fte_percent"),
            "start": lambda: self.start.date("start"),
            "end": lambda: self.end.date("end"),
        }
        return read_and_validate(
            readers,
            lambda v: ProjectAssignment(
                self.project.id,
                self.member.currentData(),
                self.role.currentText(),
                v["fte_percent"],
                v["start"],
                v["end"],
            ),
        )

    def save(self, values: ProjectAssignment) -> None:
        save_assignment(self.db, values, self.original)
        self.saved = values
