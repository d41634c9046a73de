"""Project use cases that check a record against the others: codes, shares, roles' periods."""

from __future__ import annotations

from typing import Any

from domain.errors import ValidationError
from domain.i18n import _
from domain.projects import (
    FundingLine,
    Project,
    ProjectAssignment,
    ProjectPartner,
    check_assignment,
    check_shares,
)
from storage.database import Database
from storage.uow import UnitOfWork


def _store(uow: UnitOfWork, record: Any, original: Any | None) -> None:
    if original is None:
        uow.session.add(record)
    else:
        record.id = original.id
        uow.session.merge(record)


def check_project(uow: UnitOfWork, project: Project) -> None:
    project.tidy()
    project.validate()
    same = uow.projects.by_code(project.code)
    if same is not None and same.id != project.id:
        raise ValidationError(
            "code",
            _("The code {code} is already used by the project {name}").format(
                code=project.code, name=same.name
            ),
        )


def save_project(db: Database, project: Project, original: Project | None) -> None:
    if original is not None:
        project.id = original.id
    with db.unit_of_work() as uow:
        check_project(uow, project)
        _store(uow, project, original)
        uow.commit()


def save_partner(db: Database, partner: ProjectPartner, original: ProjectPartner | None) -> None:
    partner.tidy()
    partner.validate()
    with db.unit_of_work() as uow:
        _store(uow, partner, original)
        uow.commit()


def check_funding(uow: UnitOfWork, line: FundingLine) -> None:
    line.tidy()
    line.validate()
    others = [f for f in uow.funding.of_project(line.project_id) if f.id != line.id]
    check_shares([*others, line])


def save_funding(db: Database, line: FundingLine, original: FundingLine | None) -> None:
    if original is not None:
        line.id = original.id
    with db.unit_of_work() as uow:
        check_funding(uow, line)
        _store(uow, line, original)
        uow.commit()


def check_role(uow: UnitOfWork, assignment: ProjectAssignment) -> None:
    assignment.tidy()
    assignment.validate()
    project = uow.projects.get(assignment.project_id)
    member = uow.staff.get(assignment.staff_id) if assignment.staff_id else None
    if project is None or member is None:
        raise ValidationError("staff_id", _("The project or the staff member no longer exists"))
    check_assignment(assignment, project, (member.start, member.end))


def save_assignment(
    db: Database, assignment: ProjectAssignment, original: ProjectAssignment | None
) -> None:
    if original is not None:
        assignment.id = original.id
    with db.unit_of_work() as uow:
        check_role(uow, assignment)
        _store(uow, assignment, original)
        uow.commit()
