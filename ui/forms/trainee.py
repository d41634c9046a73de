"""The dialog that adds or edits a trainee, thesis writer or work-trial participant."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from domain.i18n import _
from domain.staff import Trainee, TraineeKind
from services.staff import save_trainee
from storage.database import Database
from ui.common.widgets import DateField
from ui.forms.base import RecordDialog, read_and_validate
from ui.forms.shown_values import offer


class TraineeDialog(RecordDialog):
    text_limits = Trainee.TEXT_LIMITS

    def __init__(
        self, db: Database, trainee: Trainee | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            _("Edit trainee") if trainee else _("New trainee"), parent, db=db, original=trainee
        )
        self.last_name = self.add_field(
            "last_name", _("&Last name"), QLineEdit(self), required=True
        )
        self.first_name = self.add_field(
            "first_name", _("&First name"), QLineEdit(self), required=True
        )
        self.kind = QComboBox(self)
        for kind in TraineeKind:
            self.kind.addItem(kind.label, kind)
        self.add_field("kind", _("&Kind"), self.kind, required=True)
        self.institution = self.add_field("institution", _("&Institution"), QLineEdit(self))
        self.project = QComboBox(self)
        self.project.addItem(_("(no project)"), None)
        with db.unit_of_work() as uow:
            for project in uow.projects.all():
                self.project.addItem(f"{project.code} – {project.name}", project.id)
        self.add_field("project_id", _("P&roject"), self.project)
        self.start = self.add_field("start", _("&Start"), DateField(self), required=True)
        self.end = self.add_field("end", _("&End"), DateField(self))
        self.supervisor = QComboBox(self)
        self.supervisor.addItem(_("(none)"), None)
        with db.unit_of_work() as uow:
            for member in uow.staff.all():
                self.supervisor.addItem(f"{member.full_name}, {member.title}", member.id)
        self.add_field("supervisor_id", _("S&upervisor"), self.supervisor)
        self.notes = self.add_field("notes", _("&Notes"), QLineEdit(self))
        self.institution.setMinimumWidth(320)
        self._load(trainee)

    def _offer(self, trainee: Trainee) -> None:
        """The project and the supervisor it names, though added since the form opened."""

        def project(project_id: str) -> str | None:
            with self.db.unit_of_work() as uow:
                found = uow.projects.get(project_id)
            return f"{found.code} – {found.name}" if found else None

        def member(member_id: str) -> str | None:
            with self.db.unit_of_work() as uow:
                found = uow.staff.get(member_id)
            return f"{found.full_name}, {found.title}" if found else None

        offer(self.project, trainee.project_id, project)
        offer(self.supervisor, trainee.supervisor_id, member)

    def _load(self, trainee: Trainee | None) -> None:
        if trainee is None:
            return
        self._offer(trainee)
        self.last_name.setText(trainee.last_name)
        self.first_name.setText(trainee.first_name)
        self.kind.setCurrentIndex(self.kind.findData(trainee.kind))
        self.institution.setText(trainee.institution)
        self.project.setCurrentIndex(max(self.project.findData(trainee.project_id), 0))
        self.start.set_date(trainee.start)
        self.end.set_date(trainee.end)
        index = self.supervisor.findData(trainee.supervisor_id)
        self.supervisor.setCurrentIndex(max(index, 0))
        self.notes.setText(trainee.notes)

    @property
    def values(self) -> Trainee:
        readers = {
            "start": lambda: self.start.date("start"),
            "end": lambda: self.end.date("end"),
        }

        def build(v: dict) -> Trainee:
            record = Trainee(
                last_name=self.last_name.text(),
                first_name=self.first_name.text(),
                kind=self.kind.currentData(),
                start=v["start"],
                end=v["end"],
                institution=self.institution.text(),
                project_id=self.project.currentData(),
                supervisor_id=self.supervisor.currentData(),
                notes=self.notes.text(),
            )
            return record

        return read_and_validate(readers, build)

    def save(self, values: Trainee) -> None:
        self.saved = save_trainee(self.db, values, self.original, overwrite=self.overwrite)
