"""Recording the change history, and reading it.

Every write of a record goes through a session (the repositories), so the session's events
see them all, in the transaction that makes them:

- ``before_flush`` reads what the flush will write: each new record's values, each changed
  record's old and new values (``inspect(record).attrs[...].history``), each record the
  session deletes; ``after_flush`` inserts the entries on the flush's own connection.
- ``do_orm_execute`` sees the statements the repositories send past the ORM: a Core
  ``insert`` of many rows (transactions and case events added together, the demo) and a
  Core ``delete`` (``Repository.delete``), whose rows it reads before they go.

A database copied whole (``storage/copy.py``) brings its history along and writes one
``restore`` entry of its own (``record_restore``).

The history is only inserted into: ``HistoryRepository`` reads it, and its one deletion is
``purge_before``, which logs itself. On PostgreSQL the workstations' role may be granted
INSERT and SELECT on ``history`` only (docs/admin.md); nothing here needs more.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Integer,
    String,
    Table,
    Text,
    delete,
    event,
    func,
    insert,
    or_,
    select,
)
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import ORMExecuteState, Session
from sqlalchemy.sql.dml import Delete, Insert

from domain.errors import ValidationError
from domain.history import (
    Action,
    Entry,
    FieldChange,
    HistoryFilter,
    canonical,
    kept_changes,
    label_of,
    utc_start,
)
from storage import orm
from storage.actor import Actor, actor_of
from storage.types import Cents, EnumValue, _Scaled

# The records a person edits are the ones that carry a version: the same tables keep a
# history, so a new record kind is tracked by being versioned.
TRACKED = frozenset(t.name for t in orm.metadata.tables.values() if "version" in t.c)
KEEP_YEARS_KEY = "history_keep_years"  # in the settings table
_PENDING = "oske_history_pending"
_ACTOR = "oske_history_actor"
_ACTION = "oske_history_action"


# ------------------------------------------------------------------------- recording


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _actor(session: Session) -> Actor:
    actor = session.info.get(_ACTOR)
    if actor is None:
        actor = session.info[_ACTOR] = actor_of(session.connection())
    return actor


def set_update_action(session: Session, action: Action) -> None:
    """Record the session's next updates as ``action`` (an overwrite, an undo) rather than
    a plain update; the unit of work passes it on for the version check's callers.

    ``Action.UNDO`` marks every write of the session, its inserts and deletes too (an
    undone insert deletes the record, an undone delete inserts it again); the values are
    kept as the insert's or the delete's would be, private ones left out alike."""
    session.info[_ACTION] = action


def _recorded(session: Session, action: Action) -> Action:
    """The action an entry is written with: UNDO for every write of a session marked so,
    the marked action (OVERWRITE) for an update, else the write's own."""
    marked = session.info.get(_ACTION)
    if marked == Action.UNDO or (marked is not None and action == Action.UPDATE):
        return marked
    return action


def _row(
    actor: Actor, at: datetime, kind: str, record_id: str, label: str, action: Action, changes
) -> dict[str, Any]:
    return {
        "at": at,
        "login": actor.login[:100],
        "host": actor.host[:255],
        "database_user": actor.database_user,
        "kind": kind,
        "record_id": str(record_id),
        "label": label,
        "action": action.value,
        "changes": json.dumps([[c.field, c.old, c.new] for c in changes], ensure_ascii=False),
    }


def _fields(table: Table) -> list[tuple[str, bool]]:
    """A table's recorded columns (name, is money); not the keys folded for searching."""
    return [
        (c.name, isinstance(c.type, Cents))
        for c in table.c
        if c.name != "id" and not c.name.endswith("_key")
    ]


def _entry_values(
    table: Table, values: Mapping[str, Any], action: Action
) -> tuple[str, list[FieldChange]]:
    """The label and field changes of a record inserted (new values) or deleted (old)."""
    changes = []
    for name, cents in _fields(table):
        value = canonical(values.get(name), cents=cents)
        if value is None or value == "":
            continue
        if action == Action.DELETE:
            changes.append(FieldChange(name, value, None))
        else:
            changes.append(FieldChange(name, None, value))
    return label_of(table.name, values), changes


def _record_values(record: Any, table: Table) -> dict[str, Any]:
    return {c.name: getattr(record, c.name, None) for c in table.c}


def _before_flush(session: Session, flush_context, instances) -> None:
    pending: list[tuple[str, str, str, Action, list[FieldChange]]] = []
    for record, action in (
        *((r, Action.INSERT) for r in session.new),
        *((r, Action.UPDATE) for r in session.dirty),
        *((r, Action.DELETE) for r in session.deleted),
    ):
        state = sa_inspect(record)
        table = state.mapper.local_table
        if not isinstance(table, Table) or table.name not in TRACKED:
            continue
        if action in (Action.INSERT, Action.DELETE):
            label, changes = _entry_values(table, _record_values(record, table), action)
        else:
            changes = []
            for name, cents in _fields(table):
                attr = state.attrs.get(name)
                if attr is None:
                    continue
                hist = attr.history
                if not hist.has_changes():
                    continue
                old = hist.deleted[0] if hist.deleted else None
                new = hist.added[0] if hist.added else None
                before, after = canonical(old, cents=cents), canonical(new, cents=cents)
                if before != after:
                    changes.append(FieldChange(name, before, after))
            if not changes:
                continue
            label = label_of(table.name, _record_values(record, table))
        recorded = _recorded(session, action)
        if recorded != action:  # what the history keeps follows the write's own action
            changes = list(kept_changes(table.name, action, changes))
        pending.append((table.name, record.id, label, recorded, changes))
    session.info[_PENDING] = pending


def _after_flush(session: Session, flush_context) -> None:
    pending = session.info.pop(_PENDING, None)
    if not pending:
        return
    actor, at = _actor(session), _now()
    rows = [
        _row(actor, at, kind, record_id, label, action, kept_changes(kind, action, changes))
        for kind, record_id, label, action, changes in pending
    ]
    session.connection().execute(insert(orm.history), rows)


def _on_execute(state: ORMExecuteState) -> None:
    """Core inserts and deletes of records sent through the session."""
    statement = state.statement
    if not isinstance(statement, Insert | Delete):
        return
    table = statement.table
    if not isinstance(table, Table) or table.name not in TRACKED:
        return
    session = state.session
    if isinstance(statement, Insert):
        params = state.parameters
        rows: Sequence[Mapping[str, Any]] = (
            [params] if isinstance(params, Mapping) else list(params or ())
        )
        records = [(row, Action.INSERT) for row in rows]
    else:
        where = statement.whereclause
        found = session.connection().execute(
            select(table).where(where) if where is not None else select(table)
        )
        records = [(dict(row), Action.DELETE) for row in found.mappings()]
    if not records:
        return
    actor, at = _actor(session), _now()
    entries = []
    for values, action in records:
        label, changes = _entry_values(table, values, action)
        entries.append(
            _row(
                actor,
                at,
                table.name,
                values["id"],
                label,
                _recorded(session, action),
                kept_changes(table.name, action, changes),
            )
        )
    for start in range(0, len(entries), 5000):
        session.connection().execute(insert(orm.history), entries[start : start + 5000])


def install() -> None:
    """Record every session's writes (idempotent; ``open_database`` calls it)."""
    if event.contains(Session, "before_flush", _before_flush):
        return
    event.listen(Session, "before_flush", _before_flush)
    event.listen(Session, "after_flush", _after_flush)
    event.listen(Session, "do_orm_execute", _on_execute)


def record_restore(conn: Connection, source: str, counts: Iterable[tuple[str, int]]) -> None:
    """One entry for a database copied in whole from ``source``: the records per table."""
    changes = [FieldChange(table, None, str(n)) for table, n in counts]
    conn.execute(
        insert(orm.history),
        [_row(actor_of(conn), _now(), "database", "", source[:300], Action.RESTORE, changes)],
    )


# ------------------------------------------------------------------------- reading


def _entry(row: Any) -> Entry:
    return Entry(
        at=row.at,
        login=row.login,
        host=row.host,
        database_user=row.database_user,
        kind=row.kind,
        record_id=row.record_id,
        label=row.label,
        action=Action(row.action),
        changes=tuple(FieldChange(f, old, new) for f, old, new in json.loads(row.changes)),
        id=row.id,
    )


def _parsed(column_type: Any, text: str | None) -> Any:
    """A value back from ``domain.history.canonical`` text, by its column's type."""
    if text is None:
        return None
    if isinstance(column_type, _Scaled):
        return Decimal(text)
    if isinstance(column_type, EnumValue):
        return column_type.enum_class(text)
    if isinstance(column_type, Boolean):
        if text not in ("true", "false"):
            raise ValueError(text)
        return text == "true"
    if isinstance(column_type, Date):
        return date.fromisoformat(text)
    if isinstance(column_type, DateTime | orm.UtcTime):
        return datetime.fromisoformat(text)
    if isinstance(column_type, Integer):
        return int(text)
    return text


def record_values(kind: str, texts: Mapping[str, str | None]) -> dict[str, Any]:
    """The fields' values parsed from the history's exact text by their column's type
    (money and per cents Decimal, dates, enumerations, numbers, yes/no, text); raises
    ValueError for a text the column cannot take. Fields the table lacks are left out."""
    table = orm.metadata.tables[kind]
    return {
        name: _parsed(table.c[name].type, text) for name, text in texts.items() if name in table.c
    }


def reference_kind(kind: str, field: str) -> str | None:
    """The kind of record a field names by its ID (a transaction's ``category_id``:
    ``categories``), or None for a field that names none."""
    table = orm.metadata.tables.get(kind)
    if table is None or field not in table.c:
        return None
    for key in table.c[field].foreign_keys:
        return key.column.table.name
    return None


def money_fields(kind: str) -> frozenset[str]:
    """The fields of a kind that hold money (shown as euros)."""
    table = orm.metadata.tables.get(kind)
    if table is None:
        return frozenset()
    return frozenset(c.name for c in table.c if isinstance(c.type, Cents))


@dataclass
class HistoryRepository:
    """The change history, read newest first a page at a time, filtered in SQL."""

    session: Session

    def _where(self, query: HistoryFilter) -> list[Any]:
        c = orm.history.c
        conditions: list[Any] = []
        if query.start is not None:
            conditions.append(c.at >= utc_start(query.start))
        if query.end is not None:
            conditions.append(c.at < utc_start(query.end + timedelta(days=1)))
        if query.login:
            conditions.append(c.login == query.login)
        if query.kind:
            conditions.append(c.kind == query.kind)
        if query.record_id:
            conditions.append(c.record_id == query.record_id)
        if query.actions:
            conditions.append(c.action.in_([a.value for a in query.actions]))
        for word in query.text.split():
            escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            pattern = f"%{escaped.lower()}%"
            conditions.append(
                or_(
                    func.lower(c.label).like(pattern, escape="\\"),
                    func.lower(c.changes).like(pattern, escape="\\"),
                )
            )
        return conditions

    def count(self, query: HistoryFilter) -> int:
        stmt = select(func.count()).select_from(orm.history).where(*self._where(query))
        return int(self.session.scalar(stmt) or 0)

    def page(self, query: HistoryFilter, offset: int, limit: int) -> list[Entry]:
        """Entries newest first (by their order of writing)."""
        c = orm.history.c
        stmt = (
            select(orm.history)
            .where(*self._where(query))
            .order_by(c.id.desc())
            .offset(offset)
            .limit(limit)
        )
        return [_entry(row) for row in self.session.execute(stmt)]

    def page_before(self, query: HistoryFilter, before_id: int | None, limit: int) -> list[Entry]:
        """The ``limit`` entries newest first written before the entry ``before_id`` (None:
        the newest): the window's next page, found by the primary key, however deep."""
        c = orm.history.c
        conditions = self._where(query)
        if before_id is not None:
            conditions.append(c.id < before_id)
        stmt = select(orm.history).where(*conditions).order_by(c.id.desc()).limit(limit)
        return [_entry(row) for row in self.session.execute(stmt)]

    def entry(self, entry_id: int) -> Entry | None:
        row = self.session.execute(select(orm.history).where(orm.history.c.id == entry_id)).first()
        return _entry(row) if row is not None else None

    def oldest_first(self, query: HistoryFilter, batch: int = 5000) -> Iterable[Entry]:
        """Every entry the query finds, oldest first, read a batch at a time."""
        c = orm.history.c
        after = 0
        while True:
            stmt = (
                select(orm.history)
                .where(*self._where(query), c.id > after)
                .order_by(c.id)
                .limit(batch)
            )
            rows = [_entry(row) for row in self.session.execute(stmt)]
            yield from rows
            if len(rows) < batch:
                return
            after = rows[-1].id or 0

    def of_record(self, kind: str, record_id: str) -> list[Entry]:
        """One record's changes, newest first."""
        return self.page(HistoryFilter(kind=kind, record_id=record_id), 0, 10_000)

    def last_of(self, kind: str, record_id: str) -> Entry | None:
        """The record's latest change (what an undo reverts, what a refused save names)."""
        found = self.page(HistoryFilter(kind=kind, record_id=record_id), 0, 1)
        return found[0] if found else None

    def logins(self) -> list[str]:
        """Everyone who has changed something, for the window's filter."""
        # One index seek per person (the next login after the last found) rather than a
        # DISTINCT over every entry: as fast with a million entries as with ten.
        c = orm.history.c
        later = orm.history.alias("later")
        found = select(func.min(c.login).label("login")).cte("found", recursive=True)
        following = (
            select(func.min(later.c.login)).where(later.c.login > found.c.login).scalar_subquery()
        )
        found = found.union_all(select(following).where(found.c.login.is_not(None)))
        stmt = select(found.c.login).where(found.c.login.is_not(None))
        return sorted(self.session.scalars(stmt))

    def labels(self, kind: str, record_ids: Iterable[str]) -> dict[str, str]:
        """The latest label the history gives each of these records (a category's name,
        a person's): what an ID in another record's change is shown as."""
        c = orm.history.c
        ids = sorted(set(record_ids))
        found: dict[str, str] = {}
        for start in range(0, len(ids), 500):
            stmt = (
                select(c.record_id, c.label)
                .where(c.kind == kind, c.record_id.in_(ids[start : start + 500]))
                .order_by(c.id.desc())
            )
            for record_id, label in self.session.execute(stmt):
                if label:
                    found.setdefault(record_id, label)
        return found

    # --- for an undo ----------------------------------------------------------------
    @contextmanager
    def refused_by_keys(self, field: str, message: str) -> Iterator[None]:
        """Write what the block does now; a foreign or unique key the database holds
        against it (a row still named by others, an ID or a value taken meanwhile) becomes
        a ValidationError with ``message`` rather than a database error."""
        try:
            yield
            self.session.flush()
        except IntegrityError:
            raise ValidationError(field, message) from None

    def mark_undo(self) -> None:
        """Record this unit of work's writes as an undo (``set_update_action``)."""
        set_update_action(self.session, Action.UNDO)

    def referring(self, kind: str, record_id: str) -> int:
        """How many rows name this record (a project's roles, a term's seats, an event
        naming a list value): what deleting it would take along or be refused for. The
        rows that are part of a record (an event's reasons, going with it) do not count."""
        target = orm.metadata.tables.get(kind)
        if target is None:
            return 0
        found = 0
        for table in orm.metadata.tables.values():
            for key in table.foreign_keys:
                part = table.name not in TRACKED and (key.ondelete or "").upper() == "CASCADE"
                if key.column.table is target and key.column.name == "id" and not part:
                    stmt = select(func.count()).select_from(table).where(key.parent == record_id)
                    found += int(self.session.scalar(stmt) or 0)
        return found

    def absent_values(self, kind: str) -> dict[str, Any]:
        """What a field not listed in an insert's or a delete's entry held: "" for a text
        that may not be empty (the history leaves empty texts out), else None."""
        table = orm.metadata.tables[kind]
        return {
            c.name: "" if not c.nullable and isinstance(c.type, String | Text) else None
            for c in table.c
        }

    def keep_years(self) -> int | None:
        """The retention setting (years), or None when not set."""
        c = orm.settings.c
        value = self.session.scalar(select(c.value).where(c.key == KEEP_YEARS_KEY))
        try:
            return int(json.loads(value)) if value is not None else None
        except (TypeError, ValueError):
            return None

    def set_keep_years(self, years: int) -> None:
        c = orm.settings.c
        self.session.execute(delete(orm.settings).where(c.key == KEEP_YEARS_KEY))
        self.session.execute(insert(orm.settings).values(key=KEEP_YEARS_KEY, value=str(years)))

    def purge_before(self, cutoff: datetime, note: str) -> int:
        """Remove the entries written before ``cutoff`` (UTC) and log the purge itself;
        returns how many were removed. The retention setting's one use."""
        c = orm.history.c
        connection = self.session.connection()
        removed = connection.execute(delete(orm.history).where(c.at < cutoff)).rowcount
        changes = [
            FieldChange("before", None, cutoff.isoformat()),
            FieldChange("removed", None, str(removed)),
        ]
        connection.execute(
            insert(orm.history),
            [_row(_actor(self.session), _now(), "history", "", note, Action.PURGE, changes)],
        )
        return int(removed or 0)
