"""Queries that the tabs, the reports and the workbook ask of the database.

Tables in the interface load lazily: they ask for a count and for pages, filtered and
sorted by SQL, so a table of 200 000 rows opens as fast as one of 20.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar, Generic, TypeVar

from sqlalchemy import (
    ColumnElement,
    Integer,
    and_,
    case,
    delete,
    func,
    insert,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.orm import Session

from domain.board import BoardSeat, BoardTerm, Meeting, MeetingKind, seat_order
from domain.caselog import (
    CaseEvent,
    Guardian,
    GuardianRequest,
    Outcome,
    ReferenceKind,
    ReferenceValue,
    Sector,
)
from domain.finance import (
    BudgetLine,
    Category,
    CategoryKind,
    CustomerSales,
    Transaction,
    customer_key,
    name_key,
)
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
from domain.report_texts import ReportSection, ReportTexts
from domain.staff import Headcount, StaffMember, Trainee
from storage import orm

T = TypeVar("T")
# the ORDER BY columns of each sort key a list offers
SortColumns = dict[str, tuple[ColumnElement[Any], ...]]


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
    start: date | None = None  # only records dated on or after this day
    end: date | None = None  # … and on or before this day
    area: str | None = None  # case events of one area
    sector: str | None = None  # a Sector value
    service_area_id: str | None = None
    active: bool | None = None  # guardians: only the active (True) or the inactive (False)
    category_id: str | None = None  # transactions of one category
    kind: str | None = (
        None  # transactions of income or of expense categories (a CategoryKind value)
    )
    project_id: str | None = None  # transactions booked to one project
    customer: str | None = None  # transactions with this customer (any case)


class Repository(Generic[T]):
    record: ClassVar[type]
    table: ClassVar[Any]
    sort_columns: ClassVar[SortColumns] = {}

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
    sort_columns: ClassVar[SortColumns] = {
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
        stmt = (
            select(func.count())
            .select_from(orm.trainees)
            .where(orm.trainees.c.supervisor_id == staff_id)
        )
        return int(self.session.scalar(stmt) or 0)


class TraineeRepository(Repository[Trainee]):
    record = Trainee
    table = orm.trainees
    sort_columns: ClassVar[SortColumns] = {
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
    sort_columns: ClassVar[SortColumns] = {"name": (orm.board_terms.c.start,)}

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
        return self.session.scalars(
            select(BoardTerm).where(orm.board_terms.c.start == start)
        ).first()

    def seat_counts(self) -> dict[str, int]:
        c = orm.board_seats.c
        rows = self.session.execute(select(c.term_id, func.count()).group_by(c.term_id))
        return {term_id: int(n) for term_id, n in rows}


class BoardSeatRepository(Repository[BoardSeat]):
    record = BoardSeat
    table = orm.board_seats
    sort_columns: ClassVar[SortColumns] = {"name": (orm.board_seats.c.term_id,)}

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
    sort_columns: ClassVar[SortColumns] = {"name": (orm.meetings.c.held_on, orm.meetings.c.kind)}

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
    sort_columns: ClassVar[SortColumns] = {
        "name": (orm.projects.c.code_key,),
        "code": (orm.projects.c.code_key,),
        "title": (func.lower(orm.projects.c.name), orm.projects.c.code_key),
        "start": (orm.projects.c.start, orm.projects.c.code_key),
        "state": (orm.projects.c.status, orm.projects.c.start, orm.projects.c.code_key),
        "our_role": (orm.projects.c.our_role, orm.projects.c.code_key),
        "lead_organisation": (
            func.lower(orm.projects.c.lead_organisation),
            orm.projects.c.code_key,
        ),
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
        return list(self.session.scalars(select(Project).order_by(orm.projects.c.code_key)))


class _ProjectPartRepository(Repository[Any]):
    """Partners, funding lines and roles: the lists of one project."""

    def of_project(self, project_id: str) -> list[Any]:
        stmt = select(self.record).where(self.table.c.project_id == project_id)
        return list(
            self.session.scalars(stmt.order_by(*self.sort_columns["name"], self.table.c.id))
        )

    def all(self) -> list[Any]:
        return list(self.session.scalars(select(self.record)))


class ProjectPartnerRepository(_ProjectPartRepository):
    record = ProjectPartner
    table = orm.project_partners
    sort_columns: ClassVar[SortColumns] = {
        "name": (func.lower(orm.project_partners.c.organisation),)
    }


class FundingLineRepository(_ProjectPartRepository):
    record = FundingLine
    table = orm.project_funding
    sort_columns: ClassVar[SortColumns] = {
        "name": (
            orm.project_funding.c.share_percent.desc(),
            func.lower(orm.project_funding.c.funder),
        )
    }


class ProjectAssignmentRepository(_ProjectPartRepository):
    record = ProjectAssignment
    table = orm.project_assignments
    sort_columns: ClassVar[SortColumns] = {
        "name": (orm.project_assignments.c.start, orm.project_assignments.c.role)
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
            .order_by(p.start, p.code_key)
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


class ReferenceValueRepository(Repository[ReferenceValue]):
    record = ReferenceValue
    table = orm.reference_values
    sort_columns: ClassVar[SortColumns] = {
        "name": (
            orm.reference_values.c.kind,
            orm.reference_values.c.sector,
            orm.reference_values.c.position,
        )
    }

    def all(self) -> list[ReferenceValue]:
        return list(self.session.scalars(self._ordered(select(ReferenceValue), ListQuery())))

    def by_id(self) -> dict[str, ReferenceValue]:
        """Every value of every list, retired ones too (old events still name them)."""
        return {v.id: v for v in self.all()}

    def of_kind(
        self, kind: ReferenceKind, sector: Sector | None = None, *, with_retired: bool = False
    ) -> list[ReferenceValue]:
        """One list in its order; service areas of one sector when ``sector`` is given."""
        c = orm.reference_values.c
        stmt = select(ReferenceValue).where(c.kind == kind)
        if sector is not None:
            stmt = stmt.where(c.sector == sector)
        if not with_retired:
            stmt = stmt.where(c.retired.is_(False))
        return list(self.session.scalars(stmt.order_by(c.sector, c.position, c.id)))

    def next_position(self, kind: ReferenceKind, sector: Sector | None) -> int:
        c = orm.reference_values.c
        stmt = select(func.max(c.position)).where(c.kind == kind)
        stmt = stmt.where(c.sector.is_(None) if sector is None else c.sector == sector)
        return int(self.session.scalar(stmt) or 0) + 1

    def usage(self, value_id: str) -> int:
        """How many events and requests name this value."""
        e, ch, r = orm.case_events.c, orm.case_event_choices.c, orm.guardian_requests.c
        counts = [
            select(func.count())
            .select_from(orm.case_events)
            .where(
                or_(
                    e.service_area_id == value_id,
                    e.nature_id == value_id,
                    e.contact_by_id == value_id,
                    e.channel_id == value_id,
                )
            ),
            select(func.count()).select_from(orm.case_event_choices).where(ch.value_id == value_id),
            select(func.count())
            .select_from(orm.guardian_requests)
            .where(r.requester_id == value_id),
        ]
        return sum(int(self.session.scalar(q) or 0) for q in counts)


def _label_order(column: ColumnElement[Any]) -> Any:
    """Sort by a referenced value's place in its list."""
    v = orm.reference_values.c
    return select(v.position).where(v.id == column).scalar_subquery()


class _DatedRepository(Repository[T]):
    """Records of a day (case events, guardian requests, transactions): filtered by a year
    or a period, listed newest first a page at a time, and counted per year."""

    def _where(self, query: ListQuery) -> list[ColumnElement[bool]]:
        c = self.table.c
        conditions = super()._where(replace(query, on_date=None))
        if query.year is not None:
            conditions += [c.day >= date(query.year, 1, 1), c.day <= date(query.year, 12, 31)]
        if query.start is not None:
            conditions.append(c.day >= query.start)
        if query.end is not None:
            conditions.append(c.day <= query.end)
        return conditions

    def _ordered(self, stmt, query: ListQuery):
        columns = self.sort_columns.get(query.sort) or self.sort_columns["name"]
        # The tie-break follows the sort's direction, so newest-first reads the (day, id) index.
        order = [col.desc() if query.descending else col.asc() for col in columns]
        order.append(self.table.c.id.desc() if query.descending else self.table.c.id.asc())
        return stmt.order_by(*order)

    def years(self) -> list[int]:
        """The years from the first to the last record, newest first."""
        c = self.table.c
        first, last = self.session.execute(select(func.min(c.day), func.max(c.day))).one()
        if first is None:
            return []
        return list(range(last.year, first.year - 1, -1))


class CaseEventRepository(_DatedRepository[CaseEvent]):
    """The case log: 200 000 events are filtered, sorted, paged and counted by SQL."""

    record = CaseEvent
    table = orm.case_events
    _c = orm.case_events.c
    sort_columns: ClassVar[SortColumns] = {
        "name": (_c.day,),
        "day": (_c.day,),
        "ombudsman": (
            select(orm.staff.c.search_key)
            .where(orm.staff.c.id == _c.ombudsman_id)
            .scalar_subquery(),
            _c.day,
        ),
        "area": (_c.area, _c.day),
        "municipality": (func.lower(_c.municipality), _c.day),
        "sector": (_c.sector, _c.day),
        "service_area": (_c.sector, _label_order(_c.service_area_id), _c.day),
        "nature": (_label_order(_c.nature_id), _c.day),
        "contact_by": (_label_order(_c.contact_by_id), _c.day),
        "channel": (_label_order(_c.channel_id), _c.day),
        "provider": (_c.provider, _c.day),
        "language": (_c.language, _c.day),
        "minutes": (_c.minutes, _c.day),
        "summary": (func.lower(_c.summary), _c.day),
    }

    def _where(self, query: ListQuery) -> list[ColumnElement[bool]]:
        c = orm.case_events.c
        conditions = super()._where(query)
        if query.area:
            conditions.append(c.area == query.area)
        if query.sector:
            conditions.append(c.sector == Sector(query.sector))
        if query.service_area_id:
            conditions.append(c.service_area_id == query.service_area_id)
        return conditions

    # --- records with their reasons and measures -----------------------------------
    def get(self, record_id: str) -> CaseEvent | None:
        found = self.session.get(CaseEvent, record_id)
        if found is not None:
            self._fill_choices([found])
        return found

    def page(self, query: ListQuery, offset: int, limit: int) -> list[CaseEvent]:
        rows = super().page(query, offset, limit)
        self._fill_choices(rows)
        return rows

    def all(self) -> list[CaseEvent]:
        c = orm.case_events.c
        rows = list(self.session.scalars(select(CaseEvent).order_by(c.day, c.id)))
        self._fill_choices(rows)
        return rows

    def _fill_choices(self, events: Sequence[CaseEvent]) -> None:
        if not events:
            return
        ch, v = orm.case_event_choices.c, orm.reference_values.c
        by_id = {e.id: e for e in events}
        for e in events:
            e.reason_ids, e.measure_ids = [], []
        ids = list(by_id)
        for start in range(0, len(ids), 500):  # SQLite limits the parameters of one query
            stmt = (
                select(ch.event_id, ch.value_id, v.kind)
                .join(orm.reference_values, v.id == ch.value_id)
                .where(ch.event_id.in_(ids[start : start + 500]))
                .order_by(v.position, v.id)
            )
            for event_id, value_id, kind in self.session.execute(stmt):
                target = by_id[event_id]
                (target.reason_ids if kind is ReferenceKind.REASON else target.measure_ids).append(
                    value_id
                )

    def add(self, record: CaseEvent) -> None:
        self.session.add(record)
        self.session.flush()
        self.save_choices(record)

    def save_choices(self, record: CaseEvent) -> None:
        """Store the event's reasons and measures (after its row exists)."""
        ch = orm.case_event_choices
        self.session.flush()
        self.session.execute(delete(ch).where(ch.c.event_id == record.id))
        chosen = list(dict.fromkeys([*record.reason_ids, *record.measure_ids]))
        if chosen:
            self.session.execute(
                insert(ch), [{"event_id": record.id, "value_id": v} for v in chosen]
            )

    # --- statistics ----------------------------------------------------------------
    def _in_period(self, start: date, end: date) -> list[ColumnElement[bool]]:
        c = orm.case_events.c
        return [c.day >= start, c.day <= end]

    def area_sector_counts(self, start: date, end: date) -> dict[tuple[str, Sector], int]:
        c = orm.case_events.c
        stmt = (
            select(c.area, c.sector, func.count())
            .where(*self._in_period(start, end))
            .group_by(c.area, c.sector)
        )
        return {(area, sector): int(n) for area, sector, n in self.session.execute(stmt)}

    def value_counts(self, column: str, start: date, end: date) -> dict[str | None, int]:
        """Events per value of a one-value list (``service_area_id``, ``nature_id``, …)."""
        col = orm.case_events.c[column]
        stmt = select(col, func.count()).where(*self._in_period(start, end)).group_by(col)
        return {value: int(n) for value, n in self.session.execute(stmt)}

    def choice_counts(self, kind: ReferenceKind, start: date, end: date) -> dict[str | None, int]:
        """Events per reason (or measure); an event with two reasons counts for both.
        ``None`` counts the events with none of this list."""
        c, ch, v = orm.case_events.c, orm.case_event_choices.c, orm.reference_values.c
        joined = orm.case_event_choices.join(orm.case_events, c.id == ch.event_id).join(
            orm.reference_values, v.id == ch.value_id
        )
        stmt = (
            select(ch.value_id, func.count())
            .select_from(joined)
            .where(*self._in_period(start, end), v.kind == kind)
            .group_by(ch.value_id)
        )
        out: dict[str | None, int] = {value: int(n) for value, n in self.session.execute(stmt)}
        with_any = (
            select(ch.event_id)
            .join(orm.reference_values, v.id == ch.value_id)
            .where(v.kind == kind)
        )
        without = (
            select(func.count())
            .select_from(orm.case_events)
            .where(*self._in_period(start, end), c.id.not_in(with_any))
        )
        missing = int(self.session.scalar(without) or 0)
        if missing:
            out[None] = missing
        return out

    def minutes_by_sector(self, start: date, end: date) -> dict[Sector, int]:
        c = orm.case_events.c
        stmt = (
            select(c.sector, func.coalesce(func.sum(c.minutes), 0))
            .where(*self._in_period(start, end))
            .group_by(c.sector)
        )
        return {sector: int(n) for sector, n in self.session.execute(stmt)}

    def municipalities(self, limit: int = 2000) -> list[str]:
        """The municipalities named in the log, most used first, for completion."""
        c = orm.case_events.c
        stmt = (
            select(c.municipality)
            .where(c.municipality != "")
            .group_by(c.municipality)
            .order_by(func.count().desc(), c.municipality)
            .limit(limit)
        )
        return list(self.session.scalars(stmt))

    def areas(self) -> list[str]:
        """Every area named in the log, for the filter."""
        c = orm.case_events.c
        return sorted(self.session.scalars(select(c.area).distinct()), key=str.casefold)


class GuardianRepository(Repository[Guardian]):
    record = Guardian
    table = orm.guardians
    _c = orm.guardians.c
    _placed = (
        select(func.count())
        .where(
            orm.guardian_requests.c.guardian_id == _c.id,
            orm.guardian_requests.c.outcome == Outcome.PLACED,
        )
        .scalar_subquery()
    )
    sort_columns: ClassVar[SortColumns] = {
        "name": (_c.search_key,),
        "phone": (_c.phone, _c.search_key),
        "email": (func.lower(_c.email), _c.search_key),
        "area": (func.lower(_c.area), _c.search_key),
        "active": (_c.active.desc(), _c.search_key),
        "background": (func.lower(_c.background), _c.search_key),
        "placements": (_placed, _c.search_key),
    }

    def _where(self, query: ListQuery) -> list[ColumnElement[bool]]:
        conditions = super()._where(replace(query, on_date=None))
        if query.active is not None:
            conditions.append(orm.guardians.c.active.is_(query.active))
        return conditions

    def all(self) -> list[Guardian]:
        c = orm.guardians.c
        return list(
            self.session.scalars(select(Guardian).order_by(c.last_name, c.first_name, c.id))
        )

    def active_count(self) -> int:
        stmt = (
            select(func.count()).select_from(orm.guardians).where(orm.guardians.c.active.is_(True))
        )
        return int(self.session.scalar(stmt) or 0)

    def by_full_name(self, full_name: str) -> list[Guardian]:
        key = " ".join(full_name.split()).lower()
        c = orm.guardians.c
        return list(
            self.session.scalars(
                select(Guardian).where(func.lower(c.last_name + " " + c.first_name) == key)
            )
        )

    def names(self, ids: Sequence[str]) -> dict[str, str]:
        if not ids:
            return {}
        c = orm.guardians.c
        rows = self.session.execute(
            select(c.id, c.last_name, c.first_name).where(c.id.in_(list(ids)))
        )
        return {r.id: f"{r.last_name} {r.first_name}" for r in rows}

    def placements(self, ids: Sequence[str]) -> dict[str, int]:
        """Each guardian's placements: requests that ended with them placed."""
        if not ids:
            return {}
        r = orm.guardian_requests.c
        stmt = (
            select(r.guardian_id, func.count())
            .where(r.guardian_id.in_(list(ids)), r.outcome == Outcome.PLACED)
            .group_by(r.guardian_id)
        )
        return {gid: int(n) for gid, n in self.session.execute(stmt)}

    def request_count(self, guardian_id: str) -> int:
        r = orm.guardian_requests.c
        return int(
            self.session.scalar(
                select(func.count())
                .select_from(orm.guardian_requests)
                .where(r.guardian_id == guardian_id)
            )
            or 0
        )


class GuardianRequestRepository(_DatedRepository[GuardianRequest]):
    record = GuardianRequest
    table = orm.guardian_requests
    _c = orm.guardian_requests.c
    sort_columns: ClassVar[SortColumns] = {
        "name": (_c.day,),
        "day": (_c.day,),
        "requester": (_label_order(_c.requester_id), _c.day),
        "matter": (_c.matter, _c.day),
        "area": (func.lower(_c.area), _c.day),
        "reference": (func.lower(_c.reference), _c.day),
        "guardian": (
            select(orm.guardians.c.search_key)
            .where(orm.guardians.c.id == _c.guardian_id)
            .scalar_subquery(),
            _c.day,
        ),
        "outcome": (_c.outcome, _c.day),
        "closed": (_c.closed, _c.day),
    }

    def all(self) -> list[GuardianRequest]:
        c = orm.guardian_requests.c
        return list(self.session.scalars(select(GuardianRequest).order_by(c.day, c.id)))

    def in_year(self, year: int) -> list[GuardianRequest]:
        return list(
            self.session.scalars(
                self._ordered(
                    select(GuardianRequest).where(*self._where(ListQuery(year=year))),
                    ListQuery(sort="day"),
                )
            )
        )


def _euros(raw_cents: Any) -> Decimal:
    """An SQL sum of integer cents as exact euros."""
    return (Decimal(int(raw_cents or 0)) / 100).quantize(Decimal("0.01"))


def _short(value: Decimal) -> Decimal:
    """10.00 as 10 and 1.50 as 1.5, never in exponent form (1E+1)."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def _cents_of(column: Any) -> Any:
    """A money column as its stored integer cents, for SQL arithmetic."""
    return type_coerce(column, Integer)


class CategoryRepository(Repository[Category]):
    record = Category
    table = orm.categories
    sort_columns: ClassVar[SortColumns] = {
        "name": (orm.categories.c.kind, orm.categories.c.position)
    }

    def all(self) -> list[Category]:
        """Every category, income first, each kind in its order; retired ones too."""
        c = orm.categories.c
        stmt = select(Category).order_by(
            c.kind.desc(), c.position, c.name_key, c.id
        )  # "income" > "expense"
        return list(self.session.scalars(stmt))

    def by_id(self) -> dict[str, Category]:
        return {c.id: c for c in self.all()}

    def by_name(self, name: str) -> Category | None:
        return self.session.scalars(
            select(Category).where(orm.categories.c.name_key == name_key(name))
        ).first()

    def next_position(self, kind: CategoryKind) -> int:
        c = orm.categories.c
        return int(self.session.scalar(select(func.max(c.position)).where(c.kind == kind)) or 0) + 1

    def usage(self, category_id: str) -> int:
        """Transactions and budget lines that name the category."""
        counts = [
            select(func.count())
            .select_from(orm.transactions)
            .where(orm.transactions.c.category_id == category_id),
            select(func.count())
            .select_from(orm.budget_lines)
            .where(orm.budget_lines.c.category_id == category_id),
        ]
        return sum(int(self.session.scalar(q) or 0) for q in counts)


class BudgetRepository(Repository[BudgetLine]):
    record = BudgetLine
    table = orm.budget_lines
    sort_columns: ClassVar[SortColumns] = {
        "name": (orm.budget_lines.c.year, orm.budget_lines.c.category_id)
    }

    def all(self) -> list[BudgetLine]:
        return list(self.session.scalars(select(BudgetLine)))

    def of_year(self, year: int) -> dict[str, BudgetLine]:
        """The year's budget lines by category ID."""
        stmt = select(BudgetLine).where(orm.budget_lines.c.year == year)
        return {line.category_id: line for line in self.session.scalars(stmt)}

    def amounts(self, year: int) -> dict[str, Decimal]:
        return {category_id: line.amount for category_id, line in self.of_year(year).items()}

    def find(self, year: int, category_id: str) -> BudgetLine | None:
        c = orm.budget_lines.c
        return self.session.scalars(
            select(BudgetLine).where(c.year == year, c.category_id == category_id)
        ).first()

    def years(self) -> list[int]:
        return list(
            self.session.scalars(
                select(orm.budget_lines.c.year).distinct().order_by(orm.budget_lines.c.year.desc())
            )
        )


class TransactionRepository(_DatedRepository[Transaction]):
    """The ledger: 100 000 transactions are filtered, summed, paged and counted by SQL."""

    record = Transaction
    table = orm.transactions
    _c = orm.transactions.c
    sort_columns: ClassVar[SortColumns] = {
        "name": (_c.day,),
        "day": (_c.day,),
        "category": (
            # income before expenses, then the categories' own order
            select(case((orm.categories.c.kind == CategoryKind.INCOME.value, 0), else_=1))
            .where(orm.categories.c.id == _c.category_id)
            .scalar_subquery(),
            select(orm.categories.c.position)
            .where(orm.categories.c.id == _c.category_id)
            .scalar_subquery(),
            _c.day,
        ),
        "amount": (_c.amount, _c.day),
        "description": (func.lower(_c.description), _c.day),
        "project": (
            select(orm.projects.c.code_key)
            .where(orm.projects.c.id == _c.project_id)
            .scalar_subquery(),
            _c.day,
        ),
        "customer": (_c.customer_key, _c.day),
        "work_days": (_c.work_days, _c.day),
        "voucher": (_c.voucher, _c.day),
    }

    def _where(self, query: ListQuery) -> list[ColumnElement[bool]]:
        c = orm.transactions.c
        conditions = super()._where(query)
        if query.category_id:
            conditions.append(c.category_id == query.category_id)
        if query.kind:
            # Half the categories: reading the (day, id) index in the list's order beats the
            # category index, which would sort every row first (measured: 270 → 20 ms), so the
            # condition is written so that the category index does not apply.
            conditions.append(
                func.coalesce(c.category_id, "").in_(self._ids_of_kind(CategoryKind(query.kind)))
            )
        if query.project_id:
            conditions.append(c.project_id == query.project_id)
        if query.customer:
            conditions.append(c.customer_key == customer_key(query.customer))
        return conditions

    def _ids_of_kind(self, kind: CategoryKind) -> list[str]:
        k = orm.categories.c
        return list(self.session.scalars(select(k.id).where(k.kind == kind)))

    def all(self) -> list[Transaction]:
        c = orm.transactions.c
        return list(self.session.scalars(select(Transaction).order_by(c.day, c.id)))

    def _signed(self) -> Any:
        """Cents with an expense counted negative: income minus expenses."""
        t = orm.transactions.c
        expense_ids = self._ids_of_kind(CategoryKind.EXPENSE)
        return case(
            (t.category_id.in_(expense_ids), -_cents_of(t.amount)), else_=_cents_of(t.amount)
        )

    def totals(self, query: ListQuery) -> dict[CategoryKind, Decimal]:
        """The sums of income and of expenses among the transactions the query shows."""
        t, k = orm.transactions.c, orm.categories.c
        stmt = (
            select(k.kind, func.sum(_cents_of(t.amount)))
            .select_from(orm.transactions.join(orm.categories, k.id == t.category_id))
            .where(*self._where(query))
            .group_by(k.kind)
        )
        out = {kind: _euros(0) for kind in CategoryKind}
        for kind, raw in self.session.execute(stmt):
            out[CategoryKind(kind)] = _euros(raw)
        return out

    def running_totals(
        self, query: ListQuery, ids: Sequence[str], *, net: bool
    ) -> dict[str, Decimal]:
        """For each of ``ids``: the sum of the shown transactions up to and including it, in
        date order (the balance after it). ``net`` counts expenses negative (a list of
        both kinds); otherwise amounts are summed as they are."""
        if not ids:
            return {}
        t = orm.transactions.c
        amount = self._signed() if net else _cents_of(t.amount)
        if query.sort not in ("day", "name"):
            # Rows in another order: each one's balance by a window over the shown rows
            running = func.sum(amount).over(order_by=(t.day, t.id)).label("running")
            inner = select(t.id, running).where(*self._where(query)).subquery()
            stmt = select(inner.c.id, inner.c.running).where(inner.c.id.in_(list(ids)))
            return {row_id: _euros(raw) for row_id, raw in self.session.execute(stmt)}
        # A page of a date-ordered list is a run of consecutive rows: the balance before its
        # oldest row, then each row's amount added in date order. The balance is summed from
        # the nearer end (all shown minus what is newer) so the newest pages cost little.
        rows = sorted(
            self.session.execute(select(t.id, t.day, amount).where(t.id.in_(list(ids)))).all(),
            key=lambda r: (r[1], r[0]),
        )
        oldest, newest = rows[0], rows[-1]
        shown = self._where(query)
        if query.descending:
            newer = or_(t.day > newest[1], and_(t.day == newest[1], t.id > newest[0]))
            every = self.session.scalar(select(func.coalesce(func.sum(amount), 0)).where(*shown))
            after = self.session.scalar(
                select(func.coalesce(func.sum(amount), 0)).where(*shown, newer)
            )
            balance = int(every or 0) - int(after or 0) - sum(int(r[2]) for r in rows)
        else:
            older = or_(t.day < oldest[1], and_(t.day == oldest[1], t.id < oldest[0]))
            balance = int(
                self.session.scalar(select(func.coalesce(func.sum(amount), 0)).where(*shown, older))
                or 0
            )
        out = {}
        for row_id, _day, raw in rows:
            balance += int(raw)
            out[row_id] = _euros(balance)
        return out

    def sums_by_category(
        self, start: date, end: date, project_id: str | None = None
    ) -> dict[str, Decimal]:
        """What is booked per category ID from ``start`` to ``end`` (inclusive)."""
        t = orm.transactions.c
        stmt = select(t.category_id, func.sum(_cents_of(t.amount))).where(
            t.day >= start, t.day <= end
        )
        if project_id is not None:
            stmt = stmt.where(t.project_id == project_id)
        return {
            category_id: _euros(raw)
            for category_id, raw in self.session.execute(stmt.group_by(t.category_id))
        }

    def sales_by_customer(self, year: int) -> list[CustomerSales]:
        """Income with a customer in the year, per customer whatever the case it is written in
        (named by one of its spellings)."""
        t, k = orm.transactions.c, orm.categories.c
        key = t.customer_key
        stmt = (
            select(
                func.min(t.customer),
                func.sum(func.coalesce(_cents_of(t.work_days), 0)),
                func.sum(_cents_of(t.amount)),
                func.count(),
            )
            .select_from(orm.transactions.join(orm.categories, k.id == t.category_id))
            .where(
                k.kind == CategoryKind.INCOME,
                t.customer != "",
                t.day >= date(year, 1, 1),
                t.day <= date(year, 12, 31),
            )
            .group_by(key)
        )
        rows = [
            CustomerSales(name, Decimal(int(days or 0)) / 100, _euros(raw), int(n))
            for name, days, raw, n in self.session.execute(stmt)
        ]
        rows = [replace(r, work_days=_short(r.work_days)) for r in rows]
        return sorted(rows, key=lambda r: (-r.amount, r.customer.casefold()))

    def by_project(self, end: date) -> dict[str, dict[CategoryKind, Decimal]]:
        """Income and expenses booked to each project up to ``end``."""
        t, k = orm.transactions.c, orm.categories.c
        stmt = (
            select(t.project_id, k.kind, func.sum(_cents_of(t.amount)))
            .select_from(orm.transactions.join(orm.categories, k.id == t.category_id))
            .where(t.project_id.is_not(None), t.day <= end)
            .group_by(t.project_id, k.kind)
        )
        out: dict[str, dict[CategoryKind, Decimal]] = {}
        for project_id, kind, raw in self.session.execute(stmt):
            out.setdefault(project_id, {})[CategoryKind(kind)] = _euros(raw)
        return out

    def customers(self, limit: int = 2000) -> list[str]:
        """The customers named in the ledger, most used first, for completion."""
        c = orm.transactions.c
        stmt = (
            select(func.min(c.customer))
            .where(c.customer != "")
            .group_by(c.customer_key)
            .order_by(func.count().desc(), func.min(c.customer))
            .limit(limit)
        )
        return list(self.session.scalars(stmt))

    def last_voucher(self, year: int) -> str:
        """The highest voucher number of the year's transactions ('' without any)."""
        c = orm.transactions.c
        stmt = select(func.max(c.voucher)).where(
            c.voucher != "", c.day >= date(year, 1, 1), c.day <= date(year, 12, 31)
        )
        return self.session.scalar(stmt) or ""

    def project_count(self, project_id: str) -> int:
        c = orm.transactions.c
        return int(
            self.session.scalar(
                select(func.count()).select_from(orm.transactions).where(c.project_id == project_id)
            )
            or 0
        )


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
        for table in (
            orm.staff,
            orm.trainees,
            orm.board_terms,
            orm.meetings,
            orm.projects,
            orm.case_events,
            orm.guardians,
            orm.guardian_requests,
            orm.budget_lines,
            orm.transactions,
        ):
            if self.session.scalar(select(func.count()).select_from(table)):
                return False
        return True

    def mark_started(self) -> None:
        """The user chose to start with an empty database: do not welcome again."""
        self._put("started", True)

    def report_texts(self, year: int) -> ReportTexts:
        """The annual report's free texts of ``year``; sections never written are absent."""
        data = self._get(f"report_texts.{year}") or {}
        texts = {s: data[s.value] for s in ReportSection if isinstance(data.get(s.value), str)}
        return ReportTexts(year, texts).tidied()

    def set_report_texts(self, texts: ReportTexts) -> None:
        """Store one year's free texts in place of the earlier ones; an empty section is not kept."""
        texts.validate()
        key = f"report_texts.{texts.year}"
        kept = texts.tidied()
        if kept.texts:
            self._put(key, {s.value: t for s, t in kept.texts.items()})
        else:
            self.session.execute(delete(orm.settings).where(orm.settings.c.key == key))
