"""The advocate case log: reference lists, case events, the guardian bank and requests."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from sqlalchemy import (
    ColumnElement,
    delete,
    func,
    insert,
    or_,
    select,
)

from domain.caselog import (
    CaseEvent,
    Guardian,
    GuardianRequest,
    Outcome,
    ReferenceKind,
    ReferenceValue,
    Sector,
)
from domain.errors import ConcurrentChange
from domain.records import finnish_key
from storage import orm
from storage.bulk import insert_tuples
from storage.collation import (
    binary,
    binary_unindexed,
    finnish_key_order,
    finnish_order,
    fold,
    folded,
)
from storage.history import note_lists
from storage.repositories.base import (
    DatedQuery,
    ListQuery,
    PlaceOf,
    Repository,
    SortColumns,
    TextOrder,
    _DatedRepository,
    analyze_after_bulk,
    plain_rows,
    query_as,
)


@dataclass(frozen=True)
class CaseEventQuery(DatedQuery):
    """The case events of a period, optionally of one area, sector or service area."""

    area: str | None = None
    sector: str | None = None  # a Sector value
    service_area_id: str | None = None


@dataclass(frozen=True)
class GuardianQuery(ListQuery):
    """The guardian bank: only the active (True), only the inactive (False), or all."""

    active: bool | None = None


def _label_order(column: ColumnElement[Any], kind: ReferenceKind) -> PlaceOf:
    """Sort by a referenced value's place in its list."""
    v = orm.reference_values.c
    return PlaceOf(column, v.id, v.position, among=v.kind == kind)


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


class CaseEventRepository(_DatedRepository[CaseEvent]):
    """The case log: 200 000 events are filtered, sorted, paged and counted by SQL."""

    record = CaseEvent
    table = orm.case_events
    _c = orm.case_events.c
    sort_columns: ClassVar[SortColumns] = {
        "name": (_c.day,),
        "day": (_c.day,),
        "ombudsman": (
            PlaceOf(_c.ombudsman_id, orm.staff.c.id, finnish_key_order(orm.staff.c.search_key)),
            _c.day,
        ),
        "area": (TextOrder(_c.area), _c.day),
        "municipality": (TextOrder(_c.municipality), _c.day),
        "sector": (_c.sector, _c.day),
        "service_area": (
            binary_unindexed(_c.sector),
            _label_order(_c.service_area_id, ReferenceKind.SERVICE_AREA),
            _c.day,
        ),
        "nature": (_label_order(_c.nature_id, ReferenceKind.NATURE), _c.day),
        "contact_by": (_label_order(_c.contact_by_id, ReferenceKind.CONTACT_BY), _c.day),
        "channel": (_label_order(_c.channel_id, ReferenceKind.CHANNEL), _c.day),
        "provider": (_c.provider, _c.day),
        "language": (_c.language, _c.day),
        "minutes": (_c.minutes, _c.day),
        "summary": (finnish_order(_c.summary), _c.day),
    }

    def _where(self, query: ListQuery) -> list[ColumnElement[bool]]:
        c = orm.case_events.c
        conditions = super()._where(query)
        query = query_as(query, CaseEventQuery)
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
        """A page of the log with the events' reasons and measures: the IDs in the list's
        order first (``ids``), then the events."""
        ids = self.ids(query, offset, limit)
        found = self.with_ids(ids)
        return [found[i] for i in ids if i in found]

    def all(self) -> list[CaseEvent]:
        c = orm.case_events.c
        rows = list(self.session.scalars(select(CaseEvent).order_by(c.day, c.id)))
        self._fill_choices(rows)
        return rows

    def export_rows(self) -> list[Any]:
        """Every event as a plain row (its columns as attributes, with ``reason_ids`` and
        ``measure_ids``), by day and ID: what the workbook export reads. Two queries and no
        mapped records, which cost ten times as much for 200 000 events."""
        c = orm.case_events.c
        events = plain_rows(
            self.session, orm.case_events, (c.day, c.id), lists=("reason_ids", "measure_ids")
        )
        by_id = {e.id: e for e in events}
        values: dict[str, str] = {}  # each listed value's ID once, not once per row
        ch, v = orm.case_event_choices.c, orm.reference_values.c
        stmt = (
            select(ch.event_id, ch.value_id, v.kind)
            .join(orm.reference_values, v.id == ch.value_id)
            .order_by(v.position, v.id)
        )
        for event_id, value_id, kind in self.session.execute(stmt):
            target = by_id[event_id]
            (target.reason_ids if kind is ReferenceKind.REASON else target.measure_ids).append(
                values.setdefault(value_id, value_id)
            )
        return events

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

    def update(
        self, record: CaseEvent, read: CaseEvent | None = None, *, overwrite: bool = False
    ) -> CaseEvent:
        """Store a changed event over the stored one, its reasons and measures with it.
        Refused, the event another user stored comes with its reasons and measures too."""
        try:
            stored = super().update(record, read, overwrite=overwrite)
        except ConcurrentChange as change:
            if isinstance(change.current, CaseEvent):
                self._fill_choices([change.current])
            raise
        ch = orm.case_event_choices
        with self.session.no_autoflush:  # one UPDATE below, for the fields and the choices
            before = set(
                self.session.scalars(select(ch.c.value_id).where(ch.c.event_id == stored.id))
            )
        stored.reason_ids, stored.measure_ids = list(record.reason_ids), list(record.measure_ids)
        if before != {*stored.reason_ids, *stored.measure_ids}:
            # the reasons and measures are the event's too: changing them is a new version
            setattr(stored, "_changed_at", orm.utc_now())  # noqa: B010 - mapped only
        note_lists(self.session, "case_events", [stored])  # the history compares them
        self.save_choices(stored)
        return stored

    def add_all(self, records: Iterable[CaseEvent]) -> None:
        """Add many events with their reasons and measures: a few executemany statements
        per table (``insert_rows``), as new versions with their history entries.

        Two thousand events through the ORM's unit of work would take a second; this takes
        a few hundredths. The events are stored but not kept in the session."""
        events = list(records)
        if not events:
            return
        skipped = {"search_key", *orm.VERSION_COLUMNS}  # insert_rows stamps the version
        columns = [c.name for c in orm.case_events.c if c.name not in skipped]
        note_lists(self.session, "case_events", events)  # their entries list the choices
        self.insert_rows(
            [
                {
                    **{name: getattr(e, name) for name in columns},
                    "search_key": orm.search_key(e.area, e.municipality, e.summary),
                }
                for e in events
            ]
        )
        choices = self._insert_choices(events)
        analyze_after_bulk(self.session.connection(), [orm.case_event_choices.name], choices)

    def update_in_batch(self, record: CaseEvent, *, lists_changed: bool = False) -> CaseEvent:
        """``update`` for one of the many stored events an import changes (read with their
        reasons and measures): written with the next rows, not one flush each; changed
        reasons and measures (``lists_changed``) are a new version, recorded in its history
        entry, and stored for all the events together by ``replace_choices``."""
        with self.session.no_autoflush:
            stored = Repository.update(self, record)
        if lists_changed:
            setattr(stored, "_changed_at", orm.utc_now())  # noqa: B010 - mapped only
            note_lists(self.session, "case_events", [stored])  # the history compares them
        return stored

    def replace_choices(self, events: Sequence[CaseEvent]) -> None:
        """Store these events' reasons and measures in place of the stored ones, in a few
        statements for them all; their rows are written first, so the history has compared
        the lists with the stored ones."""
        if not events:
            return
        self.session.flush()
        ch = orm.case_event_choices
        ids = [e.id for e in events]
        for start in range(0, len(ids), 500):  # SQLite limits the parameters of one query
            self.session.execute(delete(ch).where(ch.c.event_id.in_(ids[start : start + 500])))
        self._insert_choices(events)

    def _insert_choices(self, events: Sequence[CaseEvent]) -> int:
        """Insert the rows of these events' reasons and measures, whose events are written;
        returns how many. They are not records of their own (the events' history entries
        list them, ``note_lists``), so they go as plain tuples: as parameters of an ORM
        insert, an import's 125 000 of them took three times as long."""
        rows = [
            (e.id, value_id)
            for e in events
            for value_id in dict.fromkeys([*e.reason_ids, *e.measure_ids])
        ]
        connection = self.session.connection()
        for start in range(0, len(rows), 10_000):
            insert_tuples(
                connection,
                orm.case_event_choices.name,
                ("event_id", "value_id"),
                rows[start : start + 10_000],
            )
        return len(rows)

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
            .order_by(func.count().desc(), finnish_order(c.municipality), binary(c.municipality))
            .limit(limit)
        )
        return list(self.session.scalars(stmt))

    def areas(self) -> list[str]:
        """Every area named in the log, for the filter."""
        c = orm.case_events.c
        return sorted(self.session.scalars(select(c.area).distinct()), key=finnish_key)

    # --- a workbook import ---------------------------------------------------------
    def with_ids(self, ids: Sequence[str]) -> dict[str, CaseEvent]:
        """The events with these IDs, with their reasons and measures, read together."""
        found = super().with_ids(ids)
        self._fill_choices(list(found.values()))
        return found


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
    _name = finnish_key_order(_c.search_key)  # "Sukunimi Etunimi …"
    sort_columns: ClassVar[SortColumns] = {
        "name": (_name,),
        "phone": (_c.phone, _name),
        "email": (finnish_order(_c.email), _name),
        "area": (finnish_order(_c.area), _name),
        "active": (_c.active.desc(), _name),
        "background": (finnish_order(_c.background), _name),
        "placements": (_placed, _name),
    }

    def _where(self, query: ListQuery) -> list[ColumnElement[bool]]:
        conditions = super()._where(query)
        active = query_as(query, GuardianQuery).active
        if active is not None:
            conditions.append(orm.guardians.c.active.is_(active))
        return conditions

    def all(self) -> list[Guardian]:
        c = orm.guardians.c
        return list(
            self.session.scalars(
                select(Guardian).order_by(
                    finnish_order(c.last_name), finnish_order(c.first_name), c.id
                )
            )
        )

    def active_count(self) -> int:
        stmt = (
            select(func.count()).select_from(orm.guardians).where(orm.guardians.c.active.is_(True))
        )
        return int(self.session.scalar(stmt) or 0)

    def by_full_name(self, full_name: str) -> list[Guardian]:
        key = fold(" ".join(full_name.split()))
        c = orm.guardians.c
        return list(
            self.session.scalars(
                select(Guardian).where(folded(c.last_name + " " + c.first_name) == key)
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
        "requester": (_label_order(_c.requester_id, ReferenceKind.REQUESTER), _c.day),
        "matter": (_c.matter, _c.day),
        "area": (finnish_order(_c.area), _c.day),
        "reference": (finnish_order(_c.reference), _c.day),
        "guardian": (
            PlaceOf(
                _c.guardian_id, orm.guardians.c.id, finnish_key_order(orm.guardians.c.search_key)
            ),
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
                    select(GuardianRequest).where(*self._where(DatedQuery(year=year))),
                    DatedQuery(sort="day"),
                )
            )
        )
