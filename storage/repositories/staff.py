"""The staff roster and the trainees."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import ClassVar

from sqlalchemy import (
    Integer,
    func,
    select,
    type_coerce,
)

from domain.staff import Headcount, StaffMember, Trainee
from storage import orm
from storage.collation import finnish_key_order, finnish_order, fold, folded
from storage.repositories.base import (
    PeriodQuery,
    PlaceOf,
    SortColumns,
    _PeriodRepository,
)

# Names in Finnish alphabetical order: the search key starts "Sukunimi Etunimi".
_staff_name = finnish_key_order(orm.staff.c.search_key)
_trainee_name = finnish_key_order(orm.trainees.c.search_key)


class StaffRepository(_PeriodRepository[StaffMember]):
    record = StaffMember
    table = orm.staff
    sort_columns: ClassVar[SortColumns] = {
        "name": (_staff_name,),
        "title": (finnish_order(orm.staff.c.title), _staff_name),
        "employment": (orm.staff.c.employment, _staff_name),
        "fte_percent": (orm.staff.c.fte_percent, _staff_name),
        "start": (orm.staff.c.start, _staff_name),
        "end": (orm.staff.c.end, _staff_name),
    }

    def headcount_on(self, day: date) -> Headcount:
        """Headcount and FTE on a day, counted by SQL (inclusive ends, open ends allowed)."""
        c = orm.staff.c
        raw_hundredths = type_coerce(c.fte_percent, Integer)
        stmt = select(func.count(), func.coalesce(func.sum(raw_hundredths), 0)).where(
            *self._where(PeriodQuery(on_date=day))
        )
        people, hundredths = self.session.execute(stmt).one()
        # fte_percent is stored in hundredths of a per cent: 10000 is one person-year
        return Headcount(day, int(people), Decimal(int(hundredths)) / Decimal(10000))

    def by_full_name(self, full_name: str) -> list[StaffMember]:
        """Staff whose ``Sukunimi Etunimi`` is this (case-insensitive)."""
        key = fold(" ".join(full_name.split()))
        stmt = select(StaffMember).where(
            folded(orm.staff.c.last_name + " " + orm.staff.c.first_name) == key
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


class TraineeRepository(_PeriodRepository[Trainee]):
    record = Trainee
    table = orm.trainees
    sort_columns: ClassVar[SortColumns] = {
        "name": (_trainee_name,),
        "institution": (finnish_order(orm.trainees.c.institution), _trainee_name),
        "kind": (orm.trainees.c.kind, _trainee_name),
        "project": (
            PlaceOf(
                orm.trainees.c.project_id,
                orm.projects.c.id,
                finnish_key_order(orm.projects.c.code_key),
            ),
            _trainee_name,
        ),
        "start": (orm.trainees.c.start, _trainee_name),
        "end": (orm.trainees.c.end, _trainee_name),
        "supervisor": (
            PlaceOf(
                orm.trainees.c.supervisor_id,
                orm.staff.c.id,
                finnish_key_order(orm.staff.c.search_key),
            ),
            _trainee_name,
        ),
    }
