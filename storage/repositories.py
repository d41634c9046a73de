"""Queries that the tabs, the reports and the workbook ask of the database.

Tables in the interface load lazily: they ask for a count and for pages, filtered and
sorted by SQL, so a table of 200 000 rows opens as fast as one of 20.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar, Generic, TypeVar

from sqlalchemy import ColumnElement, Integer, delete, func, or_, select, type_coerce
from sqlalchemy.orm import Session

from domain.board import BoardSeat, BoardTerm, Meeting, MeetingKind, seat_order
from domain.organisation import LegalForm, Organisation
from domain.projects import (
    FundingLine,
    Project,
    ProjectAssignment,
    ProjectPartner,
    ProjectState,
    ProjectStatus,
    code_key,
)
from domain.staff import Headcount, StaffMember, Trainee
from storage import orm

T = TypeVar("T")


@dataclass(frozen=True)
class ListQuery:
    """What a table shows: a search text, an optional date, and the sort column."""

    text: str = ""
    on_date: date | None = None  # only records whose period covers this day; None: all
    sort: str = "name"
    descending: bool = False
    year: int | None = None  # only records whose period touches this year
    state: str | None = None  # a ProjectState value, as it is today
    today: date | None = None  # the day the state is judged on


class Repository(Generic[T]):
    record: ClassVar[type]
    table: ClassVar[Any]
    sort_columns: ClassVar[dict[str, tuple[ColumnElement[Any], ...]]] = {}

    def __init__(self, session: Session) -> None:
        self.session = session

    # --- single records ---------------------------------------------------------
    def add(self, record: T) -> None:
        self.session.add(record)

    def get(self, record_id: str) -> T | None:
        return self.session.get(self.record, record_id)

    def delete(self, record_id: str) -> None:
        self.session.execute(delete(self.table).where(self.table.c.id == record_id))

    def all(self) -> list[T]:
        return list(self.session.scalars(self._ordered(select(self.record), ListQuery())))

    # --- lists ------------------------------------------------------------------
    def _where(self, query: ListQuery) -> list[ColumnElement[bool]]:
        conditions: list[ColumnElement[bool]] = []
        text = query.text.strip().casefold()
        if text:
            for word in text.split():
                escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
                conditions.append(self.table.c.search_key.like(f"%{escaped}%", escape="\\"))
        if query.on_date is not None:
            c = self.table.c
            conditions.append(or_(c.start.is_(None), c.start <= query.on_date))
            conditions.append(or_(c.end.is_(None), c.end >= query.on_date))
        return conditions

    def _ordered(self, stmt, query: ListQuery):
        columns = self.sort_columns.get(query.sort) or self.sort_columns["name"]
        order = []
        for col in columns:
            expr = col.desc() if query.descending else col.asc()
            name = getattr(col, "name", None)
            if name == "start":
                # an open start means "before the records begin": first when ascending
                expr = expr.nulls_first() if not query.descending else expr.nulls_last()
            elif name == "end":
                # an open end means "still going": last when ascending
                expr = expr.nulls_last() if not query.descending else expr.nulls_first()
            order.append(expr)
        order.append(self.table.c.id.asc())  # a total order, so pages never overlap
        return stmt.order_by(*order)

    def count(self, query: ListQuery) -> int:
        stmt = select(func.count()).select_from(self.table).where(*self._where(query))
        return int(self.session.scalar(stmt) or 0)

    def page(self, query: ListQuery, offset: int, limit: int) -> list[T]:
        stmt = select(self.record).where(*self._where(query))
        stmt = self._ordered(stmt, query).offset(offset).limit(limit)
        return list(self.session.scalars(stmt))


class StaffRepository(Repository[StaffMember]):
    record = StaffMember
    table = orm.staff
    sort_columns = {
        "name": (orm.staff.c.search_key,),
        "title": (func.lower(orm.staff.c.title), orm.staff.c.search_key),
        "employment": (orm.staff.c.employment, orm.staff.c.search_key),
        "fte_percent": (orm.staff.c.fte_percent, orm.staff.c.search_key),
        "start": (orm.staff.c.start, orm.staff.c.search_key),
        "end": (orm.staff.c.end, orm.staff.c.search_key),
    }

    def headcount_on(self, day: date) -> Headcount:
        """Headcount and FTE on a day, counted by SQL (inclusive ends, open ends allowed)."""
        c = orm.staff.c
        raw_hundredths = type_coerce(c.fte_percent, Integer)
        stmt = select(func.count(), func.coalesce(func.sum(raw_hundredths), 0)).where(
            *self._where(ListQuery(on_date=day))
        )
        people, hundredths = self.session.execute(stmt).one()
        # fte_percent is stored in hundredths of a per cent: 10000 is one person-year
        return Headcount(day, int(people), Decimal(int(hundredths)) / Decimal(10000))

    def by_full_name(self, full_name: str) -> list[StaffMember]:
        """Staff whose ``Sukunimi Etunimi`` is this (case-insensitive)."""
        key = " ".join(full_name.split()).lower()
        stmt = select(StaffMember).where(
            func.lower(orm.staff.c.last_name + " " + orm.staff.c.first_name) == key
        )
        return list(self.session.scalars(stmt))

    def names(self, ids: Sequence[str]) -> dict[str, str]:
        if not ids:
            return {}
        rows = self.session.execute(
            select(orm.staff.c.id, orm.staff.c.last_name, orm.staff.c.first_name).where(
                orm.staff.c.id.in_(list(ids))
            )
        )
        return {r.id: f"{r.last_name} {r.first_name}" for r in rows}

    def supervised_count(self, staff_id: str) -> int:
        stmt = select(func.count()).select_from(orm.trainees).where(
            orm.trainees.c.supervisor_id == staff_id
        )
        return int(self.session.scalar(stmt) or 0)


class TraineeRepository(Repository[Trainee]):
    record = Trainee
    table = orm.trainees
    sort_columns = {
        "name": (orm.trainees.c.search_key,),
        "institution": (func.lower(orm.trainees.c.institution), orm.trainees.c.search_key),
        "kind": (orm.trainees.c.kind, orm.trainees.c.search_key),
        "project": (
            select(orm.projects.c.code_key)
            .where(orm.projects.c.id == orm.trainees.c.project_id)
            .scalar_subquery(),
            orm.trainees.c.search_key,
        ),
        "start": (orm.trainees.c.start, orm.trainees.c.search_key),
        "end": (orm.trainees.c.end, orm.trainees.c.search_key),
        "supervisor": (
            select(orm.staff.c.search_key)
            .where(orm.staff.c.id == orm.trainees.c.supervisor_id)
            .scalar_subquery(),
            orm.trainees.c.search_key,
        ),
    }


class BoardTermRepository(Repository[BoardTerm]):
    record = BoardTerm
    table = orm.board_terms
    sort_columns = {"name": (orm.board_terms.c.start,)}

    def in_force_on(self, day: date) -> BoardTerm | None:
        c = orm.board_terms.c
        stmt = (
            select(BoardTerm)
            .where(c.start <= day, or_(c.end.is_(None), c.end >= day))
            .order_by(c.start.desc())
            .limit(1)
        )
        return self.session.scalars(stmt).first()

    def by_start(self, start: date) -> BoardTerm | None:
        return self.session.scalars(select(BoardTerm).where(orm.board_terms.c.start == start)).first()

    def seat_counts(self) -> dict[str, int]:
        c = orm.board_seats.c
        rows = self.session.execute(select(c.term_id, func.count()).group_by(c.term_id))
        return {term_id: int(n) for term_id, n in rows}


class BoardSeatRepository(Repository[BoardSeat]):
    record = BoardSeat
    table = orm.board_seats
    sort_columns = {"name": (orm.board_seats.c.term_id,)}

    def of_term(self, term_id: str) -> list[BoardSeat]:
        """The seats of a term in the report's order (a term has a handful: sorted here)."""
        stmt = select(BoardSeat).where(orm.board_seats.c.term_id == term_id)
        return sorted(self.session.scalars(stmt), key=seat_order)

    def all(self) -> list[BoardSeat]:
        return list(self.session.scalars(select(BoardSeat)))

    def organisations(self) -> list[str]:
        """Every organisation a member or a deputy has represented, for completion."""
        c = orm.board_seats.c
        stmt = select(c.member_organisation).union(select(c.deputy_organisation))
        return sorted((o for o in self.session.scalars(stmt) if o), key=str.casefold)


class MeetingRepository(Repository[Meeting]):
    record = Meeting
    table = orm.meetings
    sort_columns = {"name": (orm.meetings.c.held_on, orm.meetings.c.kind)}

    def in_year(self, year: int | None) -> list[Meeting]:
        """A year's meetings by date (None: every meeting)."""
        c = orm.meetings.c
        stmt = select(Meeting)
        if year is not None:
            stmt = stmt.where(c.held_on >= date(year, 1, 1), c.held_on <= date(year, 12, 31))
        return list(self.session.scalars(stmt.order_by(c.held_on, c.kind, c.id)))

    def years(self) -> list[int]:
        days = self.session.scalars(select(orm.meetings.c.held_on))
        return sorted({d.year for d in days}, reverse=True)

    def same_day(self, held_on: date, kind: MeetingKind) -> Meeting | None:
        c = orm.meetings.c
        stmt = select(Meeting).where(c.held_on == held_on, c.kind == kind)
        return self.session.scalars(stmt).first()


class ProjectRepository(Repository[Project]):
    record = Project
    table = orm.projects
    sort_columns = {
        "name": (orm.projects.c.code_key,),
        "code": (orm.projects.c.code_key,),
        "title": (func.lower(orm.projects.c.name), orm.projects.c.code_key),
        "start": (orm.projects.c.start, orm.projects.c.code_key),
        "state": (orm.projects.c.status, orm.projects.c.start, orm.projects.c.code_key),
        "our_role": (orm.projects.c.our_role, orm.projects.c.code_key),
        "lead_organisation": (func.lower(orm.projects.c.lead_organisation), orm.projects.c.code_key),
        "our_budget": (orm.projects.c.our_budget, orm.projects.c.code_key),
    }

    def _where(self, query: ListQuery) -> list[ColumnElement[bool]]:
        conditions = super()._where(query)
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
                conditions += [granted, or_(c.start.is_(None), c.start <= today), or_(c.end.is_(None), c.end >= today)]
        return conditions

    def by_code(self, code: str) -> Project | None:
        return self.session.scalars(select(Project).where(orm.projects.c.code_key == code_key(code))).first()

    def codes(self, ids: Sequence[str]) -> dict[str, str]:
        if not ids:
            return {}
        rows = self.session.execute(
            select(orm.projects.c.id, orm.projects.c.code).where(orm.projects.c.id.in_(list(ids)))
        )
        return {r.id: r.code for r in rows}

    def all(self) -> list[Project]:
        return list(self.session.scalars(select(Project).order_by(orm.projects.c.code_key)))


class _ProjectPartRepository(Repository[Any]):
    """Partners, funding lines and roles: the lists of one project."""

    def of_project(self, project_id: str) -> list[Any]:
        stmt = select(self.record).where(self.table.c.project_id == project_id)
        return list(self.session.scalars(stmt.order_by(*self.sort_columns["name"], self.table.c.id)))

    def all(self) -> list[Any]:
        return list(self.session.scalars(select(self.record)))


class ProjectPartnerRepository(_ProjectPartRepository):
    record = ProjectPartner
    table = orm.project_partners
    sort_columns = {"name": (func.lower(orm.project_partners.c.organisation),)}


class FundingLineRepository(_ProjectPartRepository):
    record = FundingLine
    table = orm.project_funding
    sort_columns = {"name": (orm.project_funding.c.share_percent.desc(), func.lower(orm.project_funding.c.funder))}


class ProjectAssignmentRepository(_ProjectPartRepository):
    record = ProjectAssignment
    table = orm.project_assignments
    sort_columns = {"name": (orm.project_assignments.c.start, orm.project_assignments.c.role)}

    def of_staff(self, staff_ids: Sequence[str], day: date | None = None) -> dict[str, list[str]]:
        """The codes of the projects each person works in (on a day, or ever), by start."""
        if not staff_ids:
            return {}
        a, p = orm.project_assignments.c, orm.projects.c
        stmt = (
            select(a.staff_id, p.code)
            .join(orm.projects, p.id == a.project_id)
            .where(a.staff_id.in_(list(staff_ids)))
            .order_by(p.start, p.code_key)
        )
        if day is not None:
            stmt = stmt.where(or_(a.start.is_(None), a.start <= day), or_(a.end.is_(None), a.end >= day))
            stmt = stmt.where(or_(p.start.is_(None), p.start <= day), or_(p.end.is_(None), p.end >= day))
        out: dict[str, list[str]] = {}
        for staff_id, code in self.session.execute(stmt):
            codes = out.setdefault(staff_id, [])
            if code not in codes:
                codes.append(code)
        return out


class SettingsRepository:
    """The organisation's settings, kept as JSON values under fixed keys."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def _get(self, key: str) -> Any:
        value = self.session.scalar(select(orm.settings.c.value).where(orm.settings.c.key == key))
        return None if value is None else json.loads(value)

    def _put(self, key: str, value: Any) -> None:
        self.session.execute(delete(orm.settings).where(orm.settings.c.key == key))
        self.session.execute(
            orm.settings.insert().values(key=key, value=json.dumps(value, ensure_ascii=False))
        )

    def organisation(self) -> Organisation:
        data = self._get("organisation") or {}
        try:
            form = LegalForm(data.get("legal_form", LegalForm.LIMITED_COMPANY.value))
        except ValueError:
            form = LegalForm.OTHER
        return Organisation(
            name=data.get("name", ""),
            short_name=data.get("short_name", ""),
            business_id=data.get("business_id", ""),
            legal_form=form,
            address=data.get("address", ""),
            areas=list(data.get("areas", [])),
            board_seat_cap=data.get("board_seat_cap"),
        )

    def save_organisation(self, org: Organisation) -> None:
        org.tidy()
        org.validate()
        self._put(
            "organisation",
            {
                "name": org.name,
                "short_name": org.short_name,
                "business_id": org.business_id,
                "legal_form": org.legal_form.value,
                "address": org.address,
                "areas": org.areas,
                "board_seat_cap": org.board_seat_cap,
            },
        )

    def is_empty_database(self) -> bool:
        """True before anything has been entered: the welcome view is shown then."""
        if self._get("started"):
            return False
        for table in (orm.staff, orm.trainees, orm.board_terms, orm.meetings, orm.projects):
            if self.session.scalar(select(func.count()).select_from(table)):
                return False
        return True

    def mark_started(self) -> None:
        """The user chose to start with an empty database: do not welcome again."""
        self._put("started", True)


