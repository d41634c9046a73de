"""The change history: who changed which record, when, and from what to what.

Every insert, update and delete of a record writes one ``Entry`` in the same transaction
(``storage/history.py`` records them). An entry names the record by its kind (the table's
name, e.g. ``transactions``), its ID and a readable label made when the change was made
("2022-0113" for a transaction, "Kantola Marjo" for a staff member), and lists the fields
that changed with their old and new values as exact text: a Decimal as its exact string
("1234.50"), a date in ISO form, an enumeration by its stored value.

A case event's reasons and measures (kept in a table of their own) are fields of the
event's entry, ``reason_ids`` and ``measure_ids``: the IDs of the list values, sorted and
joined with ", ", as its other classifications (``service_area_id`` …) are recorded. A
deletion the database carries on by itself (a project's partners, funding and roles, a
board term's seats; a trainee whose supervisor goes keeps no supervisor) is an entry of
each record it deleted or changed.

Privacy: the history of case events and guardian requests holds no more than those records
do. Their free-text fields are recorded as changed without their values, and a deletion
of one of them keeps no values at all, so nothing a record has given up stays behind. The
reasons and measures are kept like the other classifications: they are codes of the
office's own lists, which the event itself holds, not anything a person wrote about a
client — and they go with the rest of the event's values when it is deleted.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from domain.formats import format_date
from domain.i18n import N_, _

FINNISH_TIME = ZoneInfo("Europe/Helsinki")
DEFAULT_KEEP_YEARS = 5  # how long entries are kept unless the settings say otherwise


class Action(enum.StrEnum):
    INSERT = "insert"
    UPDATE = "update"
    DELETE = "delete"
    OVERWRITE = "overwrite"  # an update that knowingly saved over another user's change
    UNDO = "undo"  # a change that reverts an earlier one
    RESTORE = "restore"  # a database copied in whole (main.py copy)
    PURGE = "purge"  # entries older than the retention period removed

    def label(self) -> str:
        return _(_ACTION_LABELS[self])


_ACTION_LABELS = {
    Action.INSERT: N_("added"),
    Action.UPDATE: N_("changed"),
    Action.DELETE: N_("deleted"),
    Action.OVERWRITE: N_("saved over"),
    Action.UNDO: N_("undone"),
    Action.RESTORE: N_("restored"),
    Action.PURGE: N_("history purged"),
}


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class Entry:
    at: datetime  # UTC, without tzinfo as stored
    login: str
    host: str
    database_user: str | None
    kind: str
    record_id: str
    label: str
    action: Action
    changes: tuple[FieldChange, ...] = ()
    id: int | None = None

    def who(self) -> str:
        """``login (host)``, as the concurrent-change message names a person."""
        return f"{self.login} ({self.host})" if self.host else self.login

    def local_time(self) -> datetime:
        """When, in Finnish time (what the office's clocks showed)."""
        return self.at.replace(tzinfo=UTC).astimezone(FINNISH_TIME)

    def shown_time(self) -> str:
        local = self.local_time()
        return f"{format_date(local.date())} {local:%H.%M.%S}"

    def title(self) -> str:
        """The record as a person reads it: "Kirjaus: 2022-0113"."""
        name = kind_name(self.kind)
        return f"{name}: {self.label}" if self.label else name


# The kind of a record is its table's name; what a person calls it:
KIND_NAMES: dict[str, str] = {
    "staff": N_("Staff member"),
    "trainees": N_("Trainee"),
    "board_terms": N_("Board term"),
    "board_seats": N_("Board seat"),
    "meetings": N_("Meeting"),
    "projects": N_("Project"),
    "project_partners": N_("Project partner"),
    "project_funding": N_("Project funding"),
    "project_assignments": N_("Project role"),
    "reference_values": N_("Case log list value"),
    "case_events": N_("Case event"),
    "guardians": N_("Guardian"),
    "guardian_requests": N_("Guardian request"),
    "categories": N_("Category"),
    "budget_lines": N_("Budget line"),
    "transactions": N_("Transaction"),
    "database": N_("Database"),
    "history": N_("Change history"),
    "settings": N_("Settings"),
}


def kind_name(kind: str) -> str:
    name = KIND_NAMES.get(kind)
    return _(name) if name else kind


# Free-text fields whose values the history does not keep (see the module's docstring)
PRIVATE_FIELDS: dict[str, frozenset[str]] = {
    "case_events": frozenset({"summary"}),
    "guardian_requests": frozenset({"reference"}),
}
PRIVATE_KINDS = frozenset(PRIVATE_FIELDS)


def _name(last: Any, first: Any) -> str:
    return " ".join(str(p) for p in (last, first) if p)


def _day(value: Any) -> str:
    return format_date(value) if isinstance(value, date) else ""


def _text(value: Any) -> str:
    if isinstance(value, enum.Enum):
        return str(value.value)
    return "" if value is None else str(value)


def _joined(*parts: str) -> str:
    return " ".join(p for p in parts if p)


Values = Mapping[str, Any]

# A record's readable label, from its field values; only fields the record itself holds.
LABELS: dict[str, Callable[[Values], str]] = {
    "staff": lambda v: _name(v.get("last_name"), v.get("first_name")),
    "trainees": lambda v: _name(v.get("last_name"), v.get("first_name")),
    "board_terms": lambda v: _day(v.get("start")),
    "board_seats": lambda v: _name(v.get("member_last_name"), v.get("member_first_name")),
    "meetings": lambda v: _joined(_text(v.get("number")), _day(v.get("held_on"))),
    "projects": lambda v: _joined(_text(v.get("code")), _text(v.get("name"))),
    "project_partners": lambda v: _text(v.get("organisation")),
    "project_funding": lambda v: _text(v.get("funder")),
    "project_assignments": lambda v: _text(v.get("role")),
    "reference_values": lambda v: _text(v.get("name_fi")),
    "case_events": lambda v: _joined(_day(v.get("day")), _text(v.get("area"))),
    "guardians": lambda v: _name(v.get("last_name"), v.get("first_name")),
    "guardian_requests": lambda v: _joined(_day(v.get("day")), _text(v.get("matter"))),
    "categories": lambda v: _text(v.get("name")),
    "budget_lines": lambda v: _text(v.get("year")),
    "transactions": lambda v: (
        _text(v.get("voucher")) or _joined(_day(v.get("day")), canonical(v.get("amount")) or "")
    ),
}


def label_of(kind: str, values: Values) -> str:
    label = LABELS.get(kind)
    return label(values)[:300] if label else ""


def canonical(value: Any, *, cents: bool = False) -> str | None:
    """A field's value as exact text: ``None`` stays ``None``; money keeps its two decimals."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, Decimal):
        return str(value.quantize(Decimal("0.01")) if cents else value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def kept_changes(kind: str, action: Action, changes: list[FieldChange]) -> tuple[FieldChange, ...]:
    """What the history keeps of these changes (the privacy rule above)."""
    private = PRIVATE_FIELDS.get(kind)
    if not private:
        return tuple(changes)
    if action == Action.DELETE:
        return ()
    return tuple(FieldChange(c.field, None, None) if c.field in private else c for c in changes)


@dataclass(frozen=True)
class HistoryFilter:
    """What the history window (and the CLI, and the Changes sheet) asks: a period of
    Finnish-time days, a person (login name), a record kind, one record, words."""

    start: date | None = None
    end: date | None = None
    login: str | None = None
    kind: str | None = None
    record_id: str | None = None
    text: str = ""
    actions: tuple[Action, ...] = field(default=())


def utc_start(day: date) -> datetime:
    """The moment a Finnish-time day begins, in UTC as stored (naive)."""
    local = datetime(day.year, day.month, day.day, tzinfo=FINNISH_TIME)
    return local.astimezone(UTC).replace(tzinfo=None)
