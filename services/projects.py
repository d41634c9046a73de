"""Project use cases that check a record against the others: codes, shares, roles' periods."""

from __future__ import annotations

from collections.abc import Sequence

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
from services.records import delete_record, delete_records, own_rules, save_record
from storage.database import Database
from storage.uow import UnitOfWork


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


def save_project(
    db: Database, project: Project, original: Project | None, *, overwrite: bool = False
) -> Project:
    return save_record(
        db, lambda uow: uow.projects, project, original, check_project, overwrite=overwrite
    )


def save_partner(
    db: Database,
    partner: ProjectPartner,
    original: ProjectPartner | None,
    *,
    overwrite: bool = False,
) -> ProjectPartner:
    return save_record(
        db, lambda uow: uow.partners, partner, original, own_rules, overwrite=overwrite
    )


def check_funding(uow: UnitOfWork, line: FundingLine) -> None:
    line.tidy()
    line.validate()
    others = [f for f in uow.funding.of_project(line.project_id) if f.id != line.id]
    check_shares([*others, line])


def save_funding(
    db: Database, line: FundingLine, original: FundingLine | None, *, overwrite: bool = False
) -> FundingLine:
    return save_record(
        db, lambda uow: uow.funding, line, original, check_funding, overwrite=overwrite
    )


def check_role(uow: UnitOfWork, assignment: ProjectAssignment) -> None:
    assignment.tidy()
    assignment.validate()
    project = uow.projects.get(assignment.project_id)
    member = uow.staff.get(assignment.staff_id) if assignment.staff_id else None
    if project is None or member is None:
        raise ValidationError("staff_id", _("The project or the staff member no longer exists"))
    check_assignment(assignment, project, (member.start, member.end))


def save_assignment(
    db: Database,
    assignment: ProjectAssignment,
    original: ProjectAssignment | None,
    *,
    overwrite: bool = False,
) -> ProjectAssignment:
    return save_record(
        db, lambda uow: uow.assignments, assignment, original, check_role, overwrite=overwrite
    )


def delete_project(db: Database, project: Project | str) -> bool:
    """Delete a project with its partners, funding lines and roles; one with transactions
    booked to it cannot be (``services.finance.project_deletion_problem`` says why)."""
    return delete_record(db, lambda uow: uow.projects, project, _without_bookings)


def delete_projects(db: Database, projects: Sequence[Project]) -> None:
    """Delete the projects as shown, all or none; one with bookings refuses them all."""
    delete_records(db, lambda uow: uow.projects, projects, _without_bookings)


def _without_bookings(uow: UnitOfWork, project_id: str) -> None:
    problem = project_deletion_problem(uow, project_id)
    if problem:
        raise ValidationError("", problem)


def delete_partner(db: Database, partner: ProjectPartner | str) -> bool:
    return delete_record(db, lambda uow: uow.partners, partner)


def delete_partners(db: Database, partners: Sequence[ProjectPartner]) -> None:
    delete_records(db, lambda uow: uow.partners, partners)


def delete_funding(db: Database, line: FundingLine | str) -> bool:
    return delete_record(db, lambda uow: uow.funding, line)


def delete_funding_lines(db: Database, lines: Sequence[FundingLine]) -> None:
    delete_records(db, lambda uow: uow.funding, lines)


def delete_assignment(db: Database, assignment: ProjectAssignment | str) -> bool:
    return delete_record(db, lambda uow: uow.assignments, assignment)


def delete_assignments(db: Database, assignments: Sequence[ProjectAssignment]) -> None:
    delete_records(db, lambda uow: uow.assignments, assignments)
