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
from services.finance import project_deletion_problem
from storage.database import Database
from storage.repositories import Repository
from storage.uow import UnitOfWork


def _store(repository: Repository[Any], record: Any, original: Any | None) -> None:
    """Add the record (``original`` None) or store it over the original."""
    if original is None:
        repository.add(record)
    else:
        record.id = original.id
        repository.update(record)


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
        _store(uow.projects, project, original)
        uow.commit()


def save_partner(db: Database, partner: ProjectPartner, original: ProjectPartner | None) -> None:
    partner.tidy()
    partner.validate()
    with db.unit_of_work() as uow:
        _store(uow.partners, partner, original)
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
        _store(uow.funding, line, original)
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
        _store(uow.assignments, assignment, original)
        uow.commit()


def delete_project(db: Database, project_id: str) -> None:
    """Delete a project with its partners, funding lines and roles; one with transactions
    booked to it cannot be (``services.finance.project_deletion_problem`` says why)."""
    with db.unit_of_work() as uow:
        problem = project_deletion_problem(uow, project_id)
        if problem:
            raise ValidationError("", problem)
        uow.projects.delete(project_id)
        uow.commit()


def delete_partner(db: Database, partner_id: str) -> None:
    with db.unit_of_work() as uow:
        uow.partners.delete(partner_id)
        uow.commit()


def delete_funding(db: Database, line_id: str) -> None:
    with db.unit_of_work() as uow:
        uow.funding.delete(line_id)
        uow.commit()


def delete_assignment(db: Database, assignment_id: str) -> None:
    with db.unit_of_work() as uow:
        uow.assignments.delete(assignment_id)
        uow.commit()
