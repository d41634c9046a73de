"""Recording the change history, and reading it.

Every write of a record goes through a session (the repositories), so the session's events
see them all, in the transaction that makes them:

- ``before_flush`` reads what the flush will write: each new record's values, each changed
  record's old and new values (``inspect(record).attrs[...].history``), each record the
  session deletes; ``after_flush`` inserts the entries on the flush's own connection.
- ``do_orm_execute`` sees the statements the repositories send past the ORM: a Core
  ``insert`` of many rows (transactions and case events added together, the demo), a
  Core ``delete`` (``Repository.delete``), whose rows it reads before they go, and a Core
  ``update``, which it runs itself between reading the rows before and after.
- A deletion the database carries on (``ON DELETE CASCADE`` / ``SET NULL``: a project's
  partners, funding and roles, a term's seats, a trainee's supervisor) is read before the
  delete, and each row it takes or empties has an entry of its own (``_cascaded``).
- A case event's reasons and measures (``case_event_choices``, no version of their own)
  are fields of the event's entry (``CHILD_LISTS``, ``note_lists``).
- The settings (one row per key) are recorded by their repository (``record_setting``).

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
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import ORMExecuteState, Session
from sqlalchemy.sql.dml import Delete, Insert, Update

from domain.caselog import ReferenceKind
from domain.errors import ValidationError
from domain.history import (
    DEFAULT_KEEP_YEARS,
    PRIVATE_FIELDS,
    Action,
    Entry,
    FieldChange,
    HistoryFilter,
    canonical,
    kept_changes,
    label_of,
    utc_start,
)
from domain.i18n import _
from storage import orm
from storage.actor import Actor, actor_of
from storage.bulk import insert_tuples
from storage.types import Cents, EnumValue, Hundredths, _Scaled

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


# Not recorded as fields: the ID (the entry names it), the version's columns (the entry is
# the version) and the keys folded for searching.
_SKIPPED = frozenset({"id", *orm.VERSION_COLUMNS})


_FIELDS: dict[Table, list[tuple[str, Any]]] = {}


def _fields(table: Table) -> list[tuple[str, Any]]:
    """A table's recorded columns: (name, column type); worked out once per table, as a
    bulk insert asks for every row."""
    found = _FIELDS.get(table)
    if found is None:
        found = _FIELDS[table] = [
            (c.name, c.type)
            for c in table.c
            if c.name not in _SKIPPED and not c.name.endswith("_key")
        ]
    return found


def _text(value: Any, kind: Any = None) -> str | None:
    """A column's value as the history keeps it: money with two decimals, a percentage
    as the record shows it (80, 62.5), whether it came from a form, the database or a
    bulk statement's parameters."""
    if value is None:
        return None
    if value.__class__ is str:
        return value  # canonical's own answer, without its questions (most values are texts)
    if isinstance(kind, Cents | Hundredths):
        value = kind.shown(Decimal(value))
    return canonical(value, cents=isinstance(kind, Cents))


# ----------------------------------------------------------- lists kept in child tables
# A child table without a version whose rows are part of a record a person edits: a case
# event's reasons and measures (``case_event_choices``). They are not records of their
# own; the parent's entry lists them as fields (the value IDs, sorted), so one change of
# the event is one entry whether it changed a field, a list, or both.
CHILD_LISTS: dict[str, tuple[str, ...]] = {"case_events": ("reason_ids", "measure_ids")}
_LISTS_NOTED = "oske_history_lists"


def note_lists(session: Session, kind: str, records: Iterable[Any]) -> None:
    """Tell the recorder that these records' lists (``CHILD_LISTS``) are being written: an
    update compares them with the stored ones, a bulk insert takes them from the records.
    Only the repository that writes the lists calls this, so a record read without its
    lists is never taken to have lost them."""
    noted = session.info.setdefault(_LISTS_NOTED, {})
    for record in records:
        noted[(kind, record.id)] = record


def _lists_of(record: Any, kind: str) -> dict[str, str]:
    return {
        name: canonical(sorted(getattr(record, name) or ())) or "" for name in CHILD_LISTS[kind]
    }


def _stored_lists(
    connection: Connection, kind: str, ids: Sequence[str]
) -> dict[str, dict[str, str]]:
    """The lists stored for these records now, by record ID."""
    if kind != "case_events" or not ids:
        return {}
    ch, v = orm.case_event_choices.c, orm.reference_values.c
    found: dict[str, dict[str, list[str]]] = {
        i: {name: [] for name in CHILD_LISTS[kind]} for i in ids
    }
    for start in range(0, len(ids), 500):  # SQLite limits the parameters of one query
        stmt = (
            select(ch.event_id, ch.value_id, v.kind)
            .join(orm.reference_values, v.id == ch.value_id)
            .where(ch.event_id.in_(ids[start : start + 500]))
        )
        for event_id, value_id, value_kind in connection.execute(stmt):
            name = "reason_ids" if value_kind == ReferenceKind.REASON else "measure_ids"
            found[event_id][name].append(value_id)
    return {
        i: {name: canonical(sorted(values)) or "" for name, values in lists.items()}
        for i, lists in found.items()
    }


def _list_changes(old: Mapping[str, str], new: Mapping[str, str]) -> list[FieldChange]:
    return [
        FieldChange(name, old.get(name) or None, new.get(name) or None)
        for name in new
        if (old.get(name) or "") != (new.get(name) or "")
    ]


# --------------------------------------------------------------------------- entries


def _entry_values(
    table: Table,
    values: Mapping[str, Any],
    action: Action,
    lists: Mapping[str, str] | None = None,
) -> tuple[str, list[FieldChange]]:
    """The label and field changes of a record inserted (new values) or deleted (old)."""
    changes = []
    texts = [(name, _text(values.get(name), kind)) for name, kind in _fields(table)]
    for name, value in [*texts, *(lists or {}).items()]:
        if value is None or value == "":
            continue
        if action == Action.DELETE:
            changes.append(FieldChange(name, value, None))
        else:
            changes.append(FieldChange(name, None, value))
    return label_of(table.name, values), changes


def _record_values(record: Any, table: Table) -> dict[str, Any]:
    return {c.name: getattr(record, c.name, None) for c in table.c}


Pending = tuple[str, str, str, Action, list[FieldChange]]


def _cascaded(connection: Connection, table: Table, ids: Sequence[str]) -> list[Pending]:
    """What the database does by itself when these rows of ``table`` are deleted: each
    child row a foreign key's ON DELETE CASCADE deletes (and its children in turn) is a
    deletion, each one ON DELETE SET NULL empties is an update. Read before the delete."""
    found: list[Pending] = []
    if not ids:
        return found
    for child in orm.metadata.sorted_tables:
        if child.name not in TRACKED:
            continue  # a list kept in a child table goes with its record's own entry
        for fk in child.foreign_keys:
            rule = (fk.ondelete or "").upper()
            if fk.column.table is not table or rule not in ("CASCADE", "SET NULL"):
                continue
            rows: list[dict[str, Any]] = []
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                stmt = select(child).where(fk.parent.in_(chunk))
                rows += [dict(row) for row in connection.execute(stmt).mappings()]
            if rule == "CASCADE":
                found += _cascaded(connection, child, [r["id"] for r in rows])
                lists = _stored_lists(connection, child.name, [r["id"] for r in rows])
                for row in rows:
                    label, changes = _entry_values(child, row, Action.DELETE, lists.get(row["id"]))
                    found.append((child.name, row["id"], label, Action.DELETE, changes))
            else:
                for row in rows:
                    change = FieldChange(fk.parent.name, _text(row[fk.parent.name]), None)
                    label = label_of(child.name, row)
                    found.append((child.name, row["id"], label, Action.UPDATE, [change]))
    return found


def _before_flush(session: Session, flush_context, instances) -> None:
    pending: list[Pending] = []
    noted: dict[tuple[str, str], Any] = session.info.pop(_LISTS_NOTED, {})
    connection = session.connection()
    # the stored lists of the records whose lists are being written, read together
    stored_lists: dict[tuple[str, str], dict[str, str]] = {}
    by_kind: dict[str, list[str]] = {}
    for (kind, record_id), record in noted.items():
        if record not in session.new:
            by_kind.setdefault(kind, []).append(record_id)
    for kind, ids in by_kind.items():
        for record_id, stored in _stored_lists(connection, kind, ids).items():
            stored_lists[(kind, record_id)] = stored
    seen: set[tuple[str, str]] = set()
    for record, action in (
        *((r, Action.INSERT) for r in session.new),
        *((r, Action.UPDATE) for r in session.dirty),
        *((r, Action.DELETE) for r in session.deleted),
    ):
        state = sa_inspect(record)
        table = state.mapper.local_table
        if not isinstance(table, Table) or table.name not in TRACKED:
            continue
        key = (table.name, record.id)
        seen.add(key)
        lists: Mapping[str, str] | None
        if action == Action.INSERT:
            lists = _lists_of(record, table.name) if table.name in CHILD_LISTS else None
            label, changes = _entry_values(table, _record_values(record, table), action, lists)
        elif action == Action.DELETE:
            pending += _cascaded(connection, table, [record.id])
            lists = _stored_lists(connection, table.name, [record.id]).get(record.id)
            label, changes = _entry_values(table, _record_values(record, table), action, lists)
        else:
            changes = []
            for name, kind in _fields(table):
                attr = state.attrs.get(name)
                if attr is None:
                    continue
                hist = attr.history
                if not hist.has_changes():
                    continue
                old = hist.deleted[0] if hist.deleted else None
                new = hist.added[0] if hist.added else None
                before, after = _text(old, kind), _text(new, kind)
                if before != after:
                    changes.append(FieldChange(name, before, after))
            if key in stored_lists:
                changes += _list_changes(stored_lists[key], _lists_of(record, table.name))
            if not changes:
                continue
            label = label_of(table.name, _record_values(record, table))
        pending.append((table.name, record.id, label, action, changes))
    # lists written for a record whose own fields did not change (not in this flush)
    for key, stored in stored_lists.items():
        if key in seen:
            continue
        record = noted[key]
        changes = _list_changes(stored, _lists_of(record, key[0]))
        if changes:
            table = orm.metadata.tables[key[0]]
            label = label_of(key[0], _record_values(record, table))
            pending.append((key[0], key[1], label, Action.UPDATE, changes))
    session.info[_PENDING] = pending


def _as_recorded(session: Session, pending: Pending) -> Pending:
    """An entry with the action it is written as (``_recorded``); what the history keeps
    of its values follows the write's own action (a private record's undone delete keeps
    none, as its delete would)."""
    kind, record_id, label, action, changes = pending
    recorded = _recorded(session, action)
    if recorded != action:
        changes = list(kept_changes(kind, action, changes))
    return (kind, record_id, label, recorded, changes)


def _write(session: Session, pending: Sequence[Pending]) -> None:
    """Insert the entries (what the privacy rule keeps of them) on the session's
    connection, a few thousand rows a statement."""
    if not pending:
        return
    pending = [_as_recorded(session, p) for p in pending]
    actor, at = _actor(session), _now()
    rows = [
        _row(actor, at, kind, record_id, label, action, kept_changes(kind, action, changes))
        for kind, record_id, label, action, changes in pending
    ]
    for start in range(0, len(rows), 5000):
        session.connection().execute(insert(orm.history), rows[start : start + 5000])


def record_inserted(session: Session, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """The entries of rows inserted in bulk (by a Core insert through the session, as the
    demo's, or by ``Repository.insert_rows`` past it, which calls this): what
    ``_entry_values`` and ``_write`` make of them, made for tens of thousands of rows (an
    import of 50 000 case events spent 3.7 s here through them, now about 1 s): each
    entry's changes are put together as the JSON's lists, and the entries are inserted as
    plain tuples past SQLAlchemy's handling of each parameter, as the values that vary
    are texts (the moment, the same for all, is converted once)."""
    kind = table.name
    noted = session.info.get(_LISTS_NOTED, {})
    private = PRIVATE_FIELDS.get(kind, frozenset())
    recorded = _recorded(session, Action.INSERT)  # an undone delete keeps the same
    # (name, the column's type when its values need more than str's own text)
    fields = [
        (name, None if isinstance(kind_, String | Text) else kind_)
        for name, kind_ in _fields(table)
    ]
    dumps = json.dumps
    entries = []
    for row in rows:
        record_id = row["id"]
        changes = []
        for name, column_type in fields:
            value = row.get(name)
            if value is None or value == "":
                continue
            if name in private:
                changes.append([name, None, None])
                continue
            if column_type is not None or value.__class__ is not str:
                value = _text(value, column_type)
                if value is None or value == "":
                    continue
            changes.append([name, None, value])
        record = noted.pop((kind, record_id), None)
        if record is not None:
            for name, value in _lists_of(record, kind).items():
                if value:
                    changes.append([name, None, value])
        label = label_of(kind, row)
        entries.append((str(record_id), label, dumps(changes, ensure_ascii=False)))
    _insert_entries(session.connection(), _actor(session), kind, recorded, entries)


def _insert_entries(
    connection: Connection,
    actor: Actor,
    kind: str,
    action: Action,
    entries: Sequence[tuple[str, str, str]],
) -> None:
    """Insert entries of one kind and action, each (record ID, label, changes as JSON)."""
    if not entries:
        return
    h = orm.history
    names = ("at", "login", "host", "database_user", "kind", "action", "record_id", "label")
    dialect = connection.dialect
    at = _now()
    process = h.c.at.type.dialect_impl(dialect).bind_processor(dialect)
    same = (
        process(at) if process else at,
        actor.login[:100],
        actor.host[:255],
        actor.database_user,
        kind,
        action.value,
    )
    for start in range(0, len(entries), 5000):
        rows = [(*same, *entry) for entry in entries[start : start + 5000]]
        insert_tuples(connection, h.name, [*names, "changes"], rows)


def _after_flush(session: Session, flush_context) -> None:
    _write(session, session.info.pop(_PENDING, None) or [])


def _on_execute(state: ORMExecuteState) -> Any:
    """Core inserts, updates and deletes of records sent through the session."""
    statement = state.statement
    if not isinstance(statement, Insert | Update | Delete):
        return None
    table = statement.table
    if not isinstance(table, Table) or table.name not in TRACKED:
        return None
    session = state.session
    connection = session.connection()
    pending: list[Pending] = []
    if isinstance(statement, Insert):
        params = state.parameters
        rows: Sequence[Mapping[str, Any]] = (
            [params] if isinstance(params, Mapping) else list(params or ())
        )
        if not rows or rows == [{}]:
            rows = [statement.compile().params]  # insert(...).values(...)
        record_inserted(session, table, rows)
        return None
    where = statement.whereclause
    found = connection.execute(select(table).where(where) if where is not None else select(table))
    before = [dict(row) for row in found.mappings()]
    ids = [row["id"] for row in before]
    if isinstance(statement, Delete):
        pending += _cascaded(connection, table, ids)
        stored = _stored_lists(connection, table.name, ids)
        for row in before:
            label, changes = _entry_values(table, row, Action.DELETE, stored.get(row["id"]))
            pending.append((table.name, row["id"], label, Action.DELETE, changes))
        _write(session, pending)
        return None
    # An UPDATE: run it here, then read what it wrote and record what changed.
    result = state.invoke_statement()
    after: dict[str, dict[str, Any]] = {}
    for start in range(0, len(ids), 500):
        stmt = select(table).where(table.c.id.in_(ids[start : start + 500]))
        after.update((row["id"], dict(row)) for row in connection.execute(stmt).mappings())
    action = Action.UPDATE
    for old in before:
        new = after.get(old["id"])
        if new is None:
            continue
        changes = []
        for name, kind in _fields(table):
            was, now = _text(old.get(name), kind), _text(new.get(name), kind)
            if was != now:
                changes.append(FieldChange(name, was, now))
        if changes:
            pending.append((table.name, old["id"], label_of(table.name, new), action, changes))
    _write(session, pending)
    return result


def _setting_changes(key: str, old: Any, new: Any) -> list[FieldChange]:
    """A setting's change, field by field when it is a group of values (the organisation)."""
    if isinstance(old, Mapping | None) and isinstance(new, Mapping | None) and (old or new):
        before, after = old or {}, new or {}
        names = [*before, *(n for n in after if n not in before)]
        pairs = [(name, before.get(name), after.get(name)) for name in names]
    else:
        pairs = [(key, old, new)]
    return [
        FieldChange(name, canonical(was), canonical(now))
        for name, was, now in pairs
        if canonical(was) != canonical(now)
    ]


def record_setting(session: Session, key: str, old: Any, new: Any) -> None:
    """An entry (kind ``settings``, the setting's key as its ID) for a setting changed from
    ``old`` to ``new`` (None: not set); nothing when it did not change. The settings are one
    row per key without a version, written by their repository, which calls this."""
    changes = _setting_changes(key, old, new)
    if changes:
        _write(session, [("settings", key, "", Action.UPDATE, changes)])


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
    ValueError for a text the column cannot take. A list kept in a child table (a case
    event's ``reason_ids``) is its IDs. Fields the table lacks are left out."""
    table = orm.metadata.tables[kind]
    lists = CHILD_LISTS.get(kind, ())
    values = {
        name: _parsed(table.c[name].type, text) for name, text in texts.items() if name in table.c
    }
    values.update(
        {name: text.split(", ") if text else [] for name, text in texts.items() if name in lists}
    )
    return values


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
        """Store the retention setting; a change is itself an entry (kind ``settings``)."""
        before = self.keep_years() or DEFAULT_KEEP_YEARS
        c = orm.settings.c
        self.session.execute(delete(orm.settings).where(c.key == KEEP_YEARS_KEY))
        self.session.execute(insert(orm.settings).values(key=KEEP_YEARS_KEY, value=str(years)))
        record_setting(self.session, "keep_years", before, years)

    def purge_before(self, cutoff: datetime, note: str) -> int:
        """Remove the entries written before ``cutoff`` (UTC) and log the purge itself;
        returns how many were removed. The retention setting's one use."""
        c = orm.history.c
        connection = self.session.connection()
        try:
            removed = connection.execute(delete(orm.history).where(c.at < cutoff)).rowcount
        except DBAPIError as error:
            if "permission denied" not in str(error.orig).lower():
                raise
            # docs/admin.md: the workstations' role may only add to the history
            raise ValidationError(
                "keep_years",
                _(
                    "This workstation's database user may not remove change history "
                    "entries. Ask the administrator to purge them (docs/admin.md); "
                    "nothing was removed."
                ),
            ) from error
        changes = [
            FieldChange("before", None, cutoff.isoformat()),
            FieldChange("removed", None, str(removed)),
        ]
        connection.execute(
            insert(orm.history),
            [_row(_actor(self.session), _now(), "history", "", note, Action.PURGE, changes)],
        )
        return int(removed or 0)
