"""The project sheets: the projects, and each project's partners, funding and roles."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from domain.board import person_key
from domain.errors import ValidationError
from domain.i18n import _
from domain.projects import AssignmentRow, Project, ProjectAssignment, check_shares
from domain.staff import StaffMember
from exports.sheets import PROJECTS, STAFF
from exports.workbook import RecordProblem
from services.projects import check_project, check_role
from services.sheets.base import ImportContext, SheetHandler, Year
from storage.uow import UnitOfWork


class ProjectsSheet(SheetHandler):
    """A project's code is its name in the other sheets: one already taken is refused."""

    def update(self, ctx: ImportContext, record: Project, changes: dict[str, Any]) -> None:
        if "code" in changes:
            same = ctx.uow.projects.by_code(changes["code"])
            if same is not None and same.id != record.id:
                # Refused before it is written: the database allows each code once.
                ctx.refuse(
                    self.key,
                    RecordProblem(
                        record.id,
                        "code",
                        _("The code {code} is already used by the project {name}").format(
                            code=changes["code"], name=same.name
                        ),
                    ),
                )
                changes = {k: v for k, v in changes.items() if k != "code"}
        super().update(ctx, record, changes)

    def check(
        self, ctx: ImportContext, records: list[Any], columns: set[str]
    ) -> list[RecordProblem]:
        problems = ctx.take_refused(self.key)
        if problems:
            return problems
        for project in records:
            try:
                check_project(ctx.uow, project)
            except ValidationError as exc:
                problems += [RecordProblem(project.id, e.field, e.message) for e in exc.errors]
        return problems


class ProjectPartSheet(SheetHandler):
    """A list of one project (its partners): in a year's workbook with its project."""

    year_follows = (PROJECTS.key,)

    def year_rows(
        self, rows: Sequence[Any], year: Year, kept: Mapping[str, list[Any]]
    ) -> list[Any]:
        projects = {p.id for p in kept.get(PROJECTS.key, ())}
        return [r for r in rows if r.project_id in projects]


class FundingSheet(ProjectPartSheet):
    """A project's funding lines: their shares are checked together, once they are all in."""

    def check(
        self, ctx: ImportContext, records: list[Any], columns: set[str]
    ) -> list[RecordProblem]:
        problems = []
        last_of: dict[str, str] = {}
        for line in records:
            last_of[line.project_id] = line.id
        for project_id, line_id in last_of.items():
            try:
                check_shares(ctx.uow.funding.of_project(project_id))
            except ValidationError as exc:
                problems.append(RecordProblem(line_id, "share_percent", exc.message))
        return problems


class ProjectRolesSheet(SheetHandler):
    """A role per row, its person by name (``AssignmentRow``); stored as an assignment of
    a staff member."""

    # Besides the project, the role's person must be in the year's staff.
    year_follows = (PROJECTS.key, STAFF.key)

    def rows(self, uow: UnitOfWork) -> list[Any]:
        staff = {s.id: s for s in uow.staff.all()}
        return [_role_row(a, staff.get(a.staff_id or "")) for a in uow.assignments.all()]

    def year_rows(
        self, rows: Sequence[Any], year: Year, kept: Mapping[str, list[Any]]
    ) -> list[Any]:
        projects = {p.id: p for p in kept.get(PROJECTS.key, ())}
        names = {person_key(s.last_name, s.first_name) for s in kept.get(STAFF.key, ())}
        return [
            r
            for r in rows
            if r.project_id in projects
            and _role_during(r, projects[r.project_id], year)
            and person_key(r.last_name, r.first_name) in names
        ]

    def get(self, ctx: ImportContext, record_id: str) -> AssignmentRow | None:
        assignment = ctx.uow.assignments.get(record_id)
        return None if assignment is None else _stored_role_row(ctx.uow, assignment)

    def find(self, ctx: ImportContext, natural_key: dict[str, Any]) -> AssignmentRow | None:
        assignment = ctx.uow.assignments.find_of_person(
            natural_key["project_id"],
            natural_key["last_name"],
            natural_key["first_name"],
            natural_key["start"],
        )
        return None if assignment is None else _stored_role_row(ctx.uow, assignment)

    def add(self, ctx: ImportContext, record: AssignmentRow) -> None:
        staff_id = self._staff_of(ctx, record)
        if staff_id is not None:
            ctx.uow.assignments.add(record.assignment(staff_id))
        ctx.uow.flush()

    def update(self, ctx: ImportContext, record: AssignmentRow, changes: dict[str, Any]) -> None:
        assignment = ctx.uow.assignments.get(record.id)
        assert assignment is not None
        if {"last_name", "first_name", "start"} & changes.keys():
            for key in ("last_name", "first_name", "start"):
                setattr(record, key, changes.get(key, getattr(record, key)))
            assignment.staff_id = self._staff_of(ctx, record) or assignment.staff_id
        for key in ("project_id", "role", "fte_percent", "start", "end"):
            if key in changes:
                setattr(assignment, key, changes[key])
        ctx.uow.assignments.update(assignment)
        ctx.uow.flush()

    def check(
        self, ctx: ImportContext, records: list[Any], columns: set[str]
    ) -> list[RecordProblem]:
        problems = ctx.take_refused(self.key)
        unplaced = {p.record_id for p in problems}
        for row in records:
            if row.id in unplaced:
                continue
            assignment = ctx.uow.assignments.get(row.id)
            if assignment is None:
                continue
            try:
                check_role(ctx.uow, assignment)
            except ValidationError as exc:
                for e in exc.errors:
                    problems.append(
                        RecordProblem(
                            row.id, e.field if e.field in ("start", "end") else "role", e.message
                        )
                    )
        return problems

    def _staff_of(self, ctx: ImportContext, row: AssignmentRow) -> str | None:
        """The staff member a role row names; a problem is noted when there is not exactly one."""
        ids = ctx.person_ids(STAFF.key, row.full_name, row.start)
        if len(ids) == 1:
            return ids.pop()
        message = (
            _("no person called “{name}” in the staff")
            if not ids
            else _("several people are called “{name}”")
        ).format(name=row.full_name)
        ctx.refuse(self.key, RecordProblem(row.id, "last_name", message))
        return None


def _role_row(assignment: ProjectAssignment, member: StaffMember | None) -> AssignmentRow:
    return AssignmentRow.of(
        assignment, member.last_name if member else "", member.first_name if member else ""
    )


def _stored_role_row(uow: UnitOfWork, assignment: ProjectAssignment) -> AssignmentRow:
    member = uow.staff.get(assignment.staff_id) if assignment.staff_id else None
    return _role_row(assignment, member)


def _role_during(role: AssignmentRow, project: Project, year: Year) -> bool:
    # An empty role date is the project's, as check_assignment reads it.
    start = role.start if role.start is not None else project.start
    end = role.end if role.end is not None else project.end
    return year.during(start, end)
