"""The change history's use cases: reading it (the CLI, the Changes sheet, the window),
the retention period, and purging what is older.

The history is written by storage (``storage/history.py``) in every transaction that
changes a record; nothing here writes an entry except the purge, which logs itself.
Reading for a window: ``uow.history.count(HistoryFilter(...))`` and
``uow.history.page(filter, offset, limit)`` (newest first), ``uow.history.of_record(kind,
record_id)`` and ``uow.history.last_of(kind, record_id)``; ``kind_of(record)`` names a
record's kind.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import MISSING, dataclass, replace
from dataclasses import fields as dataclass_fields
from datetime import date, timedelta
from typing import Any

from domain.board import BoardSeat, BoardTerm, Meeting, check_term_dates
from domain.caselog import (
    CaseEvent,
    Guardian,
    GuardianRequest,
    ReferenceValue,
    check_reference_name,
)
from domain.errors import ConcurrentChange, ValidationError
from domain.finance import BudgetLine, Category, Transaction, check_category_name
from domain.history import (
    DEFAULT_KEEP_YEARS,
    PRIVATE_FIELDS,
    Action,
    Entry,
    HistoryFilter,
    kind_name,
    label_of,
    utc_start,
)
from domain.i18n import N_, _
from domain.projects import FundingLine, Project, ProjectAssignment, ProjectPartner
from domain.staff import StaffMember, Trainee
from services.board import _seat_checker, check_meeting
from services.caselog import check_case_event, check_request
from services.finance import check_budget_line, check_transaction
from services.projects import check_funding, check_project, check_role
from services.records import own_rules, store
from services.staff import check_trainee
from storage.database import Database
from storage.history import money_fields, record_values, reference_kind
from storage.repositories import Repository
from storage.uow import UnitOfWork

# A record's kind in the history: the name of its table
KINDS: dict[type, str] = {
    StaffMember: "staff",
    Trainee: "trainees",
    BoardTerm: "board_terms",
    BoardSeat: "board_seats",
    Meeting: "meetings",
    Project: "projects",
    ProjectPartner: "project_partners",
    FundingLine: "project_funding",
    ProjectAssignment: "project_assignments",
    ReferenceValue: "reference_values",
    CaseEvent: "case_events",
    Guardian: "guardians",
    GuardianRequest: "guardian_requests",
    Category: "categories",
    BudgetLine: "budget_lines",
    Transaction: "transactions",
}
KEEP_YEARS_MAX = 100


def kind_of(record: Any) -> str:
    """The history's name for a record's kind ("transactions")."""
    return KINDS[type(record)]


def last_change(db: Database, record: Any) -> Entry | None:
    """The latest change of a record, or None when the history has none."""
    with db.unit_of_work() as uow:
        return uow.history.last_of(kind_of(record), record.id)


def entries(uow: UnitOfWork, query: HistoryFilter) -> Iterator[Entry]:
    """Every entry the filter finds, oldest first, read a batch at a time."""
    return iter(uow.history.oldest_first(query))


def newest_fitting(uow: UnitOfWork, query: HistoryFilter, max_rows: int) -> list[Entry]:
    """The newest entries whose lines (one per changed field) fit in ``max_rows``, oldest
    first: the Changes sheet of a workbook, which Excel limits."""
    kept: list[Entry] = []
    rows, offset, batch = 0, 0, 5000
    while True:
        page = uow.history.page(query, offset, batch)
        for entry in page:
            rows += max(1, len(entry.changes))
            if rows > max_rows:
                return kept[::-1]
            kept.append(entry)
        if len(page) < batch:
            return kept[::-1]
        offset += batch


def known_kind(kind: str) -> bool:
    return kind in KINDS.values() or kind in ("database", "history", "settings")


def history_lines(entry: Entry) -> list[str]:
    """An entry as the CLI prints it: one line per changed field, with old and new value."""
    record = f" [{entry.record_id}]" if entry.record_id else ""
    head = f"{entry.shown_time()}  {entry.who()}  {entry.title()}{record}  {entry.action.label()}"
    if not entry.changes:
        return [head]
    return [f"{head}  {c.field}: {_shown(c.old)} → {_shown(c.new)}" for c in entry.changes]


def _shown(value: str | None) -> str:
    return "–" if value is None else repr(value) if value == "" else value


def keep_years(db: Database) -> int:
    """How many years the history is kept (the setting; 5 unless changed)."""
    with db.unit_of_work() as uow:
        return uow.history.keep_years() or DEFAULT_KEEP_YEARS


def set_keep_years(db: Database, years: int) -> None:
    """Store the retention period; a change is itself an entry (kind ``settings``)."""
    if not 1 <= years <= KEEP_YEARS_MAX:
        raise ValidationError(
            "keep_years",
            _("Keep the history for 1 to {most} years.").format(most=KEEP_YEARS_MAX),
        )
    with db.unit_of_work() as uow:
        uow.history.set_keep_years(years)
        uow.commit()


def purge_cutoff(years: int, today: date) -> date:
    """The first day kept: ``years`` years before ``today`` (29 February: the 28th)."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def purge_preview(db: Database, years: int, today: date | None = None) -> tuple[date, int]:
    """What a purge keeping ``years`` years would do: the first day kept, and how many
    entries written before it would go (for the question asked before purging)."""
    first_kept = purge_cutoff(years, today or date.today())
    with db.unit_of_work() as uow:
        older = uow.history.count(HistoryFilter(end=first_kept - timedelta(days=1)))
    return first_kept, older


def purge_history(db: Database, today: date | None = None) -> int:
    """Remove the entries older than the retention period; the purge is itself an entry.
    Returns how many were removed."""
    years = keep_years(db)
    first_kept = purge_cutoff(years, today or date.today())
    with db.unit_of_work() as uow:
        note = _("entries before {day} (kept {years} years)").format(
            day=first_kept.isoformat(), years=years
        )
        removed = uow.history.purge_before(utc_start(first_kept), note)
        uow.commit()
    return removed


# ------------------------------------------------------------------------- undo

Check = Callable[[UnitOfWork, Any], None]
RepositoryGetter = Callable[[UnitOfWork], Repository[Any]]


def _check_term(uow: UnitOfWork, term: BoardTerm) -> None:
    term.tidy()
    check_term_dates(term, uow.board_terms.all())


def _check_category(uow: UnitOfWork, category: Category) -> None:
    own_rules(uow, category)
    check_category_name(category, uow.categories.all())


def _check_reference(uow: UnitOfWork, value: ReferenceValue) -> None:
    own_rules(uow, value)
    check_reference_name(value, uow.references.of_kind(value.kind, with_retired=True))


def _check_seat(uow: UnitOfWork, seat: BoardSeat) -> None:
    _seat_checker(uow.board_seats.get(seat.id))(uow, seat)


# What an undo stores a record of each kind through: its repository and the check its
# save runs (the record's own rules, and those against the other records).
UNDOABLE: dict[str, tuple[RepositoryGetter, Check]] = {
    "staff": (lambda uow: uow.staff, own_rules),
    "trainees": (lambda uow: uow.trainees, check_trainee),
    "board_terms": (lambda uow: uow.board_terms, _check_term),
    "board_seats": (lambda uow: uow.board_seats, _check_seat),
    "meetings": (lambda uow: uow.meetings, check_meeting),
    "projects": (lambda uow: uow.projects, check_project),
    "project_partners": (lambda uow: uow.partners, own_rules),
    "project_funding": (lambda uow: uow.funding, check_funding),
    "project_assignments": (lambda uow: uow.assignments, check_role),
    "reference_values": (lambda uow: uow.references, _check_reference),
    "case_events": (lambda uow: uow.case_events, check_case_event),
    "guardians": (lambda uow: uow.guardians, own_rules),
    "guardian_requests": (lambda uow: uow.guardian_requests, check_request),
    "categories": (lambda uow: uow.categories, _check_category),
    "budget_lines": (lambda uow: uow.budget, check_budget_line),
    "transactions": (lambda uow: uow.transactions, check_transaction),
}
# What the database's keys refusing an undo mean, by what the undone change did
_REFUSED_BY_KEYS = {
    Action.INSERT: N_("Other records refer to this record, so adding it cannot be undone."),
    Action.DELETE: N_(
        "Another record has this record's ID or values that must be unique, "
        "so the deletion cannot be undone."
    ),
    Action.UPDATE: N_(
        "Another record has values that must be unique, so the change cannot be undone."
    ),
}
# Columns the history may list that an undo does not set back: the record's version
_NOT_RESTORED = frozenset({"id", "version", "changed_at", "changed_by"})


def can_undo(entry: Entry) -> bool:
    """Whether an entry is of a kind an undo can revert (not a restore or a purge)."""
    return entry.kind in UNDOABLE and entry.action != Action.RESTORE


def undo_change(db: Database, entry: Entry) -> None:
    """Undo the latest change of a record: an update's fields set back to their old
    values, an added record deleted, a deleted one added again with its ID. The undo is
    itself an entry in the history (action ``undo``), and can be undone in turn.

    Raises ValidationError (field ``undo``), and changes nothing, when the record has
    changed since this entry, when the history keeps no values to go back to (the case
    log's private texts), when other records refer to a record to be deleted, or when the
    record as it would be breaks a rule."""
    kind = UNDOABLE.get(entry.kind)
    if kind is None or entry.action == Action.RESTORE:
        raise ValidationError("undo", _("A change of this kind cannot be undone."))
    repository_of, check = kind
    with db.unit_of_work() as uow:
        last = uow.history.last_of(entry.kind, entry.record_id)
        if last is None or last.id != entry.id:
            raise ValidationError(
                "undo",
                _("The record has been changed since; only its latest change can be undone."),
            )
        repository = repository_of(uow)
        current = repository.get(entry.record_id)
        effect = _effect(uow.history.of_record(entry.kind, entry.record_id), current)
        uow.history.mark_undo()
        try:
            with uow.history.refused_by_keys("undo", _(_REFUSED_BY_KEYS[effect])):
                if effect == Action.INSERT:
                    _remove(uow, repository, entry, current)
                elif effect == Action.DELETE:
                    _restore(uow, repository, check, entry, current)
                else:
                    _revert(uow, repository, check, entry, current)
            uow.commit()
        except ConcurrentChange:
            raise ValidationError(
                "undo", _("Another user changed the record just now; look at it again.")
            ) from None


def _effect(newest_first: list[Entry], current: Any) -> Action:
    """What the latest entry did to its record: INSERT, DELETE or UPDATE. An undo did the
    opposite of the entry before it, which it undid (an undo reverts only the latest)."""
    undos = 0
    for entry in newest_first:
        if entry.action != Action.UNDO:
            done = entry.action if entry.action in (Action.INSERT, Action.DELETE) else None
            break
        undos += 1
    else:  # the history before the undos was purged: the record tells what is left
        return Action.DELETE if current is None else Action.UPDATE
    if done is None:
        return Action.UPDATE
    if undos % 2:
        return Action.DELETE if done == Action.INSERT else Action.INSERT
    return done


def _values(uow: UnitOfWork, entry: Entry, texts: dict[str, str | None]) -> dict[str, Any]:
    try:
        return record_values(entry.kind, texts)
    except ValueError:
        raise ValidationError(
            "undo", _("The history's values of this record cannot be read back.")
        ) from None


def _checked(uow: UnitOfWork, check: Check, record: Any) -> None:
    """The save's check; a rule broken is named, for the undo."""
    try:
        check(uow, record)
    except ValidationError as broken:
        raise ValidationError(
            "undo",
            _("Undoing would break a rule: {problem}").format(
                problem=" ".join(e.message for e in broken.errors)
            ),
        ) from None


def _revert(
    uow: UnitOfWork, repository: Repository[Any], check: Check, entry: Entry, current: Any
) -> None:
    if current is None:
        raise ValidationError("undo", _("The record no longer exists."))
    if any(c.old is None and c.new is None for c in entry.changes):
        raise ValidationError(
            "undo",
            _(
                "The history keeps no earlier value of this record's private text, "
                "so the change cannot be undone."
            ),
        )
    names = {f.name for f in dataclass_fields(current) if f.init}
    old = _values(uow, entry, {c.field: c.old for c in entry.changes})
    record = replace(current, **{k: v for k, v in old.items() if k in names - _NOT_RESTORED})
    _checked(uow, check, record)
    store(repository, record, current)


def _remove(uow: UnitOfWork, repository: Repository[Any], entry: Entry, current: Any) -> None:
    if current is None:
        raise ValidationError("undo", _("The record no longer exists."))
    referring = uow.history.referring(entry.kind, entry.record_id)
    if referring:
        raise ValidationError(
            "undo",
            _(
                "Other records refer to this record ({n}), so adding it cannot be undone; "
                "delete them first."
            ).format(n=referring),
        )
    repository.delete(entry.record_id, current)


def _restore(
    uow: UnitOfWork, repository: Repository[Any], check: Check, entry: Entry, current: Any
) -> None:
    if current is not None:
        raise ValidationError(
            "undo", _("A record with this ID exists again, so the deletion cannot be undone.")
        )
    if not entry.changes:
        raise ValidationError(
            "undo",
            _(
                "The history keeps no values of a deleted case log record (privacy), "
                "so its deletion cannot be undone."
            ),
        )
    values = uow.history.absent_values(entry.kind)
    values.update(_values(uow, entry, {c.field: c.old for c in entry.changes}))
    values["id"] = entry.record_id
    record_class = repository.record
    given: dict[str, Any] = {}
    for f in dataclass_fields(record_class):
        if not f.init:
            continue
        if f.name in values and f.name not in _NOT_RESTORED - {"id"}:
            given[f.name] = values[f.name]
        elif f.default is MISSING and f.default_factory is MISSING:
            raise ValidationError(
                "undo",
                _("The history does not keep all of this record's values."),
            )
    record = record_class(**given)
    _checked(uow, check, record)
    store(repository, record, None)


# ------------------------------------------------------------------------- for the window


@dataclass(frozen=True)
class ValueChange:
    """A changed field with its values as the record holds them (a Decimal, a date, an
    enumeration …), or as the exact text where it cannot be read back; None is empty."""

    field: str
    old: Any
    new: Any
    money: bool = False  # shown in euros
    kept: bool = True  # False: a private text, recorded as changed without its values


Labels = Mapping[tuple[str, str], str]  # (kind, ID) → the record's label


def referenced_labels(uow: UnitOfWork, entries: Iterable[Entry]) -> dict[tuple[str, str], str]:
    """The labels of the records the entries' changes name by ID (a transaction's
    category, an event's ombudsman), for showing a name rather than an ID."""
    wanted: dict[str, set[str]] = {}
    for entry in entries:
        if entry.kind not in UNDOABLE:
            continue
        for change in entry.changes:
            target = reference_kind(entry.kind, change.field)
            if target is not None:
                wanted.setdefault(target, set()).update(v for v in (change.old, change.new) if v)
    found: dict[tuple[str, str], str] = {}
    for kind, ids in wanted.items():
        labels = uow.history.labels(kind, ids)
        missing = sorted(ids - set(labels))  # records from before the history (the lists)
        if missing and kind in UNDOABLE:
            for record_id, record in UNDOABLE[kind][0](uow).with_ids(missing).items():
                values = {f.name: getattr(record, f.name) for f in dataclass_fields(record)}
                labels[record_id] = label_of(kind, values)
        for record_id, label in labels.items():
            if label:
                found[(kind, record_id)] = label
    return found


def value_changes(entry: Entry, labels: Labels | None = None) -> list[ValueChange]:
    """An entry's changes with their values read back by the record's field types; an ID
    of another record as its label when ``labels`` (``referenced_labels``) has it."""
    known = entry.kind in UNDOABLE
    money = money_fields(entry.kind) if known else frozenset()
    private = PRIVATE_FIELDS.get(entry.kind, frozenset())
    found = []
    for change in entry.changes:
        old: Any = change.old
        new: Any = change.new
        target = reference_kind(entry.kind, change.field) if known else None
        if target is not None:
            if labels:
                old = labels.get((target, old), old) if old else old
                new = labels.get((target, new), new) if new else new
        elif known:
            try:
                old = record_values(entry.kind, {change.field: change.old}).get(change.field, old)
                new = record_values(entry.kind, {change.field: change.new}).get(change.field, new)
            except ValueError:
                old, new = change.old, change.new
        kept = not (change.field in private and change.old is None and change.new is None)
        found.append(ValueChange(change.field, old, new, change.field in money, kept))
    return found


def current_record(db: Database, kind: str, record_id: str) -> Any | None:
    """The record an entry names as it is stored now; None when it no longer exists (or
    the entry names no record)."""
    found = UNDOABLE.get(kind)
    if found is None or not record_id:
        return None
    with db.unit_of_work() as uow:
        return found[0](uow).get(record_id)


def record_history(db: Database, kind: str, record_id: str) -> list[Entry]:
    """One record's changes, newest first."""
    with db.unit_of_work() as uow:
        return uow.history.of_record(kind, record_id)


__all__ = [
    "HistoryFilter",
    "entries",
    "history_lines",
    "keep_years",
    "kind_name",
    "kind_of",
    "last_change",
    "purge_history",
    "purge_preview",
    "set_keep_years",
    "undo_change",
]
