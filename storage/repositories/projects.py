"""The project register and each project's partners, funding and staff."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from sqlalchemy import (
    ColumnElement,
    Select,
    or_,
    select,
)

from domain.projects import (
    FundingLine,
    Project,
    ProjectAssignment,
    ProjectPartner,
    ProjectState,
    ProjectStatus,
    code_key,
)
from domain.records import clean
from storage import orm
from storage.collation import finnish_key_order, finnish_order, fold, folded
from storage.repositories.base import (
    ListQuery,
    Repository,
    SortColumns,
    query_as,
)


@dataclass(frozen=True)
class ProjectQuery(ListQuery):
    """The register: projects touching a year, or in one state as it is on a day."""

    year: int | None = None
    state: str | None = None  # a ProjectState value
    today: date | None = None  # the day the state is judged on (None: today)


# Projects come by code in Finnish alphabetical order, as the reports list them.
_code = finnish_key_order(orm.projects.c.code_key)


class ProjectRepository(Repository[Project]):
    record = Project
    table = orm.projects
    sort_columns: ClassVar[SortColumns] = {
        "name": (_code,),
        "code": (_code,),
        "title": (finnish_order(orm.projects.c.name), _code),
        "start": (orm.projects.c.start, _code),
        "state": (orm.projects.c.status, orm.projects.c.start, _code),
        "our_role": (orm.projects.c.our_role, _code),
        "lead_organisation": (finnish_order(orm.projects.c.lead_organisation), _code),
        "our_budget": (orm.projects.c.our_budget, _code),
    }

    def _where(self, query: ListQuery) -> list[ColumnElement[bool]]:
        conditions = super()._where(query)
        query = query_as(query, ProjectQuery)
        c = orm.projects.c
        if query.year is not None:
            conditions.append(or_(c.start.is_(None), c.start <= date(query.year, 12, 31)))
            conditions.append(or_(c.end.is_(None), c.end >= date(query.year, 1, 1)))
        if query.state:
            state = ProjectState(query.state)
            today = query.today or date.today()
            granted = c.status == ProjectStatus.GRANTED
            if state in (ProjectState.PLANNED, ProjectState.APPLIED, ProjectState.REJECTED):
                conditions.append(c.status == ProjectStatus(state.value))
            elif state is ProjectState.UPCOMING:
                conditions += [granted, c.start > today]
            elif state is ProjectState.ENDED:
                conditions += [granted, c.end < today]
            else:
                conditions += [
                    granted,
                    or_(c.start.is_(None), c.start <= today),
                    or_(c.end.is_(None), c.end >= today),
                ]
        return conditions

    def by_code(self, code: str) -> Project | None:
        return self.session.scalars(
            select(Project).where(orm.projects.c.code_key == code_key(code))
        ).first()

    def codes(self, ids: Sequence[str]) -> dict[str, str]:
        if not ids:
            return {}
        rows = self.session.execute(
            select(orm.projects.c.id, orm.projects.c.code).where(orm.projects.c.id.in_(list(ids)))
        )
        return {r.id: r.code for r in rows}

    def all(self) -> list[Project]:
        return list(self.session.scalars(select(Project).order_by(_code, orm.projects.c.id)))


class _ProjectPartRepository(Repository[Any]):
    """Partners, funding lines and roles: the lists of one project."""

    def of_project(self, project_id: str) -> list[Any]:
        stmt: Select[Any] = select(self.record).where(self.table.c.project_id == project_id)
        return list(self.session.scalars(stmt.order_by(*self._sort_by("name"), self.table.c.id)))

    def all(self) -> list[Any]:
        return list(self.session.scalars(select(self.record)))


class ProjectPartnerRepository(_ProjectPartRepository):
    record = ProjectPartner
    table = orm.project_partners
    sort_columns: ClassVar[SortColumns] = {
        "name": (finnish_order(orm.project_partners.c.organisation),)
    }
    find_columns = (orm.project_partners.c.organisation, orm.project_partners.c.country)


class FundingLineRepository(_ProjectPartRepository):
    record = FundingLine
    table = orm.project_funding
    sort_columns: ClassVar[SortColumns] = {
        "name": (
            orm.project_funding.c.share_percent.desc(),
            finnish_order(orm.project_funding.c.funder),
        )
    }


class ProjectAssignmentRepository(_ProjectPartRepository):
    record = ProjectAssignment
    table = orm.project_assignments
    sort_columns: ClassVar[SortColumns] = {
        "name": (
            orm.project_assignments.c.start,
            finnish_order(orm.project_assignments.c.role),
        )
    }

    def of_staff(self, staff_ids: Sequence[str], day: date | None = None) -> dict[str, list[str]]:
        """The codes of the projects each person works in (on a day, or ever), by start."""
        if not staff_ids:
            return {}
        a, p = orm.project_assignments.c, orm.projects.c
        stmt = (
            select(a.staff_id, p.code)
            .join(orm.projects, p.id == a.project_id)
            .where(a.staff_id.in_(list(staff_ids)))
            .order_by(p.start.asc().nulls_first(), _code)  # an open start: from the beginning
        )
        if day is not None:
            stmt = stmt.where(
                or_(a.start.is_(None), a.start <= day), or_(a.end.is_(None), a.end >= day)
            )
            stmt = stmt.where(
                or_(p.start.is_(None), p.start <= day), or_(p.end.is_(None), p.end >= day)
            )
        out: dict[str, list[str]] = {}
        for staff_id, code in self.session.execute(stmt):
            codes = out.setdefault(staff_id, [])
            if code not in codes:
                codes.append(code)
        return out

    def find_of_person(
        self, project_id: str, last_name: str | None, first_name: str | None, start: date | None
    ) -> ProjectAssignment | None:
        """The role in a project of the staff member so named (any case) starting ``start``
        (None: a role without a start)."""
        a, st = orm.project_assignments.c, orm.staff.c
        stmt = (
            select(ProjectAssignment)
            .join(orm.staff, st.id == a.staff_id)
            .where(
                a.project_id == project_id,
                folded(st.last_name) == fold(clean(last_name)),
                folded(st.first_name) == fold(clean(first_name)),
                a.start.is_(None) if start is None else a.start == start,
            )
        )
        return self.session.scalars(stmt.limit(1)).first()
