"""The dialog that adds or edits a staff member's role in a project."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

from domain.i18n import _
from domain.projects import Project, ProjectAssignment
from services.projects import save_assignment
from storage.database import Database
from ui.common.widgets import DateField, DecimalField, editable_combo
from ui.forms.base import RecordDialog, read_and_validate
from ui.forms.shown_values import offer

PROJECT_ROLES = (
    "projektipäällikkö",
    "projektikoordinaattori",
    "koordinaattori",
    "suunnittelija",
    "erikoissuunnittelija",
    "asiantuntija",
    "tutkija",
)


class AssignmentDialog(RecordDialog):
    text_limits = ProjectAssignment.TEXT_LIMITS

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
            self._load(assignment)

    def _offer(self, assignment: ProjectAssignment) -> None:
        """The staff member it names, though added since the form was opened."""

        def member(member_id: str) -> str | None:
            with self.db.unit_of_work() as uow:
                found = uow.staff.get(member_id)
            return f"{found.full_name}, {found.title}" if found else None

        offer(self.member, assignment.staff_id, member)

    def _load(self, assignment: ProjectAssignment) -> None:
        self._offer(assignment)
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
        self.saved = save_assignment(self.db, values, self.original, overwrite=self.overwrite)
