"""The tables on one MetaData, and the domain classes mapped onto them imperatively.

The domain classes stay plain dataclasses; only this module knows they are stored.
Alembic migrations in ``storage/migrations`` create these tables; a test checks that the
migrated schema and this metadata agree.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.engine import Engine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, registry
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import TypeDecorator

from domain.board import BoardRole, BoardSeat, BoardTerm, Meeting, MeetingKind
from domain.caselog import (
    CaseEvent,
    Guardian,
    GuardianRequest,
    Language,
    Matter,
    Outcome,
    Provider,
    ReferenceKind,
    ReferenceValue,
    Sector,
)
from domain.finance import BudgetLine, Category, CategoryKind, Transaction, customer_key, name_key
from domain.projects import (
    FundingLine,
    OurRole,
    PartnerRole,
    Project,
    ProjectAssignment,
    ProjectPartner,
    ProjectStatus,
    code_key,
)
from domain.staff import Employment, StaffMember, Trainee, TraineeKind
from storage.actor import actor_of
from storage.types import Cents, EnumValue, Hundredths

R = TypeVar("R")

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)
mapper_registry = registry(metadata=metadata)


def folded_key(length: int) -> String:
    """A key folded from typed text, for searching or matching: unbounded on PostgreSQL,
    since folding may lengthen text ("ß" → "ss") past the sum of its parts' limits. SQLite
    enforces no length; its files keep the VARCHAR the key was created with (0008)."""
    return String(length).with_variant(Text(), "postgresql")


class UtcTime(TypeDecorator[datetime]):
    """A moment in UTC, stored without a zone (SQLite keeps none) and read back aware."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        return None if value is None else value.replace(tzinfo=UTC)


def utc_now() -> datetime:
    return datetime.now(UTC)


def actor_label() -> str:
    """Who this workstation is, as a record's ``changed_by`` names them."""
    return actor_of().label()


# Every editable record's version: ``version`` counts its writes (1 when added; the
# mapper adds one at every update and refuses one whose version the row no longer has),
# ``changed_at`` and ``changed_by`` say when and by whom the stored version was written.
VERSION_COLUMNS = ("version", "changed_at", "changed_by")


def version_columns() -> list[Column]:
    return [
        Column("version", Integer, nullable=False, default=1, server_default="1"),
        Column("changed_at", UtcTime(), default=utc_now),
        Column("changed_by", Text, nullable=False, default=actor_label, server_default=""),
    ]


oske_meta = Table(
    "oske_meta",
    metadata,
    Column("key", String(40), primary_key=True),
    Column("value", Text, nullable=False),
)

settings = Table(
    "settings",
    metadata,
    Column("key", String(40), primary_key=True),
    Column("value", Text, nullable=False),
)

staff = Table(
    "staff",
    metadata,
    Column("id", String(36), primary_key=True),
    *version_columns(),
    Column("last_name", String(100), nullable=False),
    Column("first_name", String(100), nullable=False),
    Column("title", String(200), nullable=False),
    Column("employment", EnumValue(Employment), nullable=False),
    Column("fte_percent", Hundredths, nullable=False),
    Column("start", Date),
    Column("end", Date),
    Column("email", String(200), nullable=False, default=""),
    Column("phone", String(50), nullable=False, default=""),
    Column("notes", Text, nullable=False, default=""),
    # Case-folded name and title: SQLite's lower() folds only ASCII, so Ä and ä would
    # not match; searching and sorting by this column behaves the same on PostgreSQL.
    Column("search_key", folded_key(500), nullable=False, default=""),
    CheckConstraint("fte_percent BETWEEN 100 AND 10000", name="fte_range"),
    CheckConstraint('"end" IS NULL OR start IS NULL OR "end" >= start', name="period"),
)
Index("ix_staff_search_key", staff.c.search_key)
Index("ix_staff_period", staff.c.start, staff.c.end)

trainees = Table(
    "trainees",
    metadata,
    Column("id", String(36), primary_key=True),
    *version_columns(),
    Column("last_name", String(100), nullable=False),
    Column("first_name", String(100), nullable=False),
    Column("kind", EnumValue(TraineeKind), nullable=False),
    Column("institution", String(200), nullable=False, default=""),
    Column("project_id", String(36), ForeignKey("projects.id", ondelete="SET NULL")),
    Column("start", Date, nullable=False),
    Column("end", Date),
    Column(
        "supervisor_id",
        String(36),
        ForeignKey("staff.id", ondelete="SET NULL"),
    ),
    Column("notes", Text, nullable=False, default=""),
    Column("search_key", folded_key(500), nullable=False, default=""),
    CheckConstraint('"end" IS NULL OR "end" >= start', name="period"),
)

board_terms = Table(
    "board_terms",
    metadata,
    Column("id", String(36), primary_key=True),
    *version_columns(),
    Column("start", Date, nullable=False),
    Column("end", Date),
    Column("note", Text, nullable=False, default=""),
    CheckConstraint('"end" IS NULL OR "end" >= start', name="period"),
    UniqueConstraint("start"),
)

board_seats = Table(
    "board_seats",
    metadata,
    Column("id", String(36), primary_key=True),
    *version_columns(),
    Column("term_id", String(36), ForeignKey("board_terms.id", ondelete="CASCADE"), nullable=False),
    Column("role", EnumValue(BoardRole), nullable=False),
    Column("member_last_name", String(100), nullable=False),
    Column("member_first_name", String(100), nullable=False),
    Column("member_title", String(200), nullable=False, default=""),
    Column("member_organisation", String(200), nullable=False, default=""),
    Column("deputy_last_name", String(100), nullable=False, default=""),
    Column("deputy_first_name", String(100), nullable=False, default=""),
    Column("deputy_organisation", String(200), nullable=False, default=""),
)
Index("ix_board_seats_term_id", board_seats.c.term_id)

meetings = Table(
    "meetings",
    metadata,
    Column("id", String(36), primary_key=True),
    *version_columns(),
    Column("held_on", Date, nullable=False),
    Column("kind", EnumValue(MeetingKind), nullable=False),
    Column("number", String(40), nullable=False, default=""),
    Column("place", String(200), nullable=False, default=""),
    Column("notes", Text, nullable=False, default=""),
    # The workbook's natural key: one meeting of a kind per day
    UniqueConstraint("held_on", "kind", name="uq_meetings_held_on_kind"),
)

projects = Table(
    "projects",
    metadata,
    Column("id", String(36), primary_key=True),
    *version_columns(),
    Column("code", String(40), nullable=False),
    Column("name", String(300), nullable=False),
    Column("start", Date),
    Column("end", Date),
    Column("status", EnumValue(ProjectStatus), nullable=False),
    Column("our_role", EnumValue(OurRole), nullable=False),
    Column("lead_organisation", String(200), nullable=False, default=""),
    Column("total_budget", Cents),
    Column("our_budget", Cents),
    Column("description", Text, nullable=False, default=""),
    # Case-folded code: unique whatever the case (TulLas = TULLAS), and for searching
    Column("code_key", folded_key(40), nullable=False),
    Column("search_key", folded_key(600), nullable=False, default=""),
    CheckConstraint('"end" IS NULL OR start IS NULL OR "end" >= start', name="period"),
    CheckConstraint(
        "our_budget IS NULL OR total_budget IS NULL OR our_budget <= total_budget", name="budget"
    ),
    UniqueConstraint("code_key"),
)
Index("ix_projects_period", projects.c.start, projects.c.end)

project_partners = Table(
    "project_partners",
    metadata,
    Column("id", String(36), primary_key=True),
    *version_columns(),
    Column("project_id", String(36), ForeignKey("projects.id", ondelete="CASCADE"), nullable=False),
    Column("organisation", String(200), nullable=False),
    Column("role", EnumValue(PartnerRole)),
    Column("country", String(80), nullable=False, default="Suomi"),
)
Index("ix_project_partners_project_id", project_partners.c.project_id)

project_funding = Table(
    "project_funding",
    metadata,
    Column("id", String(36), primary_key=True),
    *version_columns(),
    Column("project_id", String(36), ForeignKey("projects.id", ondelete="CASCADE"), nullable=False),
    Column("funder", String(200), nullable=False),
    Column("share_percent", Hundredths),
    Column("amount", Cents),
)
Index("ix_project_funding_project_id", project_funding.c.project_id)

project_assignments = Table(
    "project_assignments",
    metadata,
    Column("id", String(36), primary_key=True),
    *version_columns(),
    Column("project_id", String(36), ForeignKey("projects.id", ondelete="CASCADE"), nullable=False),
    Column("staff_id", String(36), ForeignKey("staff.id", ondelete="CASCADE"), nullable=False),
    Column("role", String(200), nullable=False),
    Column("fte_percent", Hundredths),
    Column("start", Date),
    Column("end", Date),
    CheckConstraint('"end" IS NULL OR start IS NULL OR "end" >= start', name="period"),
)
Index("ix_project_assignments_project_id", project_assignments.c.project_id)
Index("ix_project_assignments_staff_id", project_assignments.c.staff_id)

reference_values = Table(
    "reference_values",
    metadata,
    Column("id", String(36), primary_key=True),
    *version_columns(),
    Column("kind", EnumValue(ReferenceKind), nullable=False),
    Column("name_fi", String(200), nullable=False),
    Column("name_en", String(200), nullable=False, default=""),
    Column("sector", EnumValue(Sector)),
    Column("position", Integer, nullable=False, default=0),
    Column("retired", Boolean(name="retired_bool"), nullable=False, default=False),
)
Index("ix_reference_values_kind", reference_values.c.kind)

case_events = Table(
    "case_events",
    metadata,
    Column("id", String(36), primary_key=True),
    *version_columns(),
    Column("day", Date, nullable=False),
    Column("ombudsman_id", String(36), ForeignKey("staff.id", ondelete="SET NULL")),
    Column("area", String(200), nullable=False),
    Column("municipality", String(100), nullable=False, default=""),
    Column("sector", EnumValue(Sector), nullable=False),
    Column("service_area_id", String(36), ForeignKey("reference_values.id")),
    Column("nature_id", String(36), ForeignKey("reference_values.id")),
    Column("contact_by_id", String(36), ForeignKey("reference_values.id")),
    Column("channel_id", String(36), ForeignKey("reference_values.id")),
    Column("provider", EnumValue(Provider)),
    Column("language", EnumValue(Language)),
    Column("minutes", Integer),
    Column("summary", Text, nullable=False, default=""),
    Column("search_key", Text, nullable=False, default=""),
    CheckConstraint("minutes IS NULL OR minutes >= 0", name="minutes"),
)
# The log is read newest first, a page at a time: (day, id) serves that order directly.
Index("ix_case_events_day", case_events.c.day, case_events.c.id)
# Each filter of the log reads its own index in the list's order (measured: 67 → 8 ms)
Index("ix_case_events_area", case_events.c.area, case_events.c.day, case_events.c.id)
Index("ix_case_events_sector", case_events.c.sector, case_events.c.day, case_events.c.id)
Index(
    "ix_case_events_service_area",
    case_events.c.service_area_id,
    case_events.c.day,
    case_events.c.id,
)
Index("ix_case_events_municipality", case_events.c.municipality)

# An event's reasons and measures: several values of a list each.
case_event_choices = Table(
    "case_event_choices",
    metadata,
    Column(
        "event_id", String(36), ForeignKey("case_events.id", ondelete="CASCADE"), nullable=False
    ),
    Column("value_id", String(36), ForeignKey("reference_values.id"), nullable=False),
    PrimaryKeyConstraint("event_id", "value_id"),
)
Index("ix_case_event_choices_value_id", case_event_choices.c.value_id)

guardians = Table(
    "guardians",
    metadata,
    Column("id", String(36), primary_key=True),
    *version_columns(),
    Column("last_name", String(100), nullable=False),
    Column("first_name", String(100), nullable=False),
    Column("phone", String(50), nullable=False, default=""),
    Column("email", String(200), nullable=False, default=""),
    Column("area", String(200), nullable=False, default=""),
    Column("active", Boolean(name="active_bool"), nullable=False, default=True),
    Column("background", String(200), nullable=False, default=""),
    Column("notes", Text, nullable=False, default=""),
    Column("search_key", folded_key(600), nullable=False, default=""),
)

guardian_requests = Table(
    "guardian_requests",
    metadata,
    Column("id", String(36), primary_key=True),
    *version_columns(),
    Column("day", Date, nullable=False),
    Column("requester_id", String(36), ForeignKey("reference_values.id"), nullable=False),
    Column("matter", EnumValue(Matter), nullable=False),
    Column("area", String(200), nullable=False, default=""),
    Column("reference", String(200), nullable=False, default=""),
    # A guardian with requests cannot be deleted (mark them inactive): the counts stay true.
    Column("guardian_id", String(36), ForeignKey("guardians.id")),
    Column("outcome", EnumValue(Outcome), nullable=False),
    Column("closed", Date),
    Column("search_key", folded_key(600), nullable=False, default=""),
    CheckConstraint("closed IS NULL OR closed >= day", name="closed"),
)
Index("ix_guardian_requests_day", guardian_requests.c.day)
Index("ix_guardian_requests_guardian_id", guardian_requests.c.guardian_id)

categories = Table(
    "categories",
    metadata,
    Column("id", String(36), primary_key=True),
    *version_columns(),
    Column("name", String(200), nullable=False),
    # The English name, shown in the English interface and reports ("": the Finnish one)
    Column("name_en", String(200), nullable=False, default=""),
    Column("kind", EnumValue(CategoryKind), nullable=False),
    Column("position", Integer, nullable=False, default=0),
    Column("retired", Boolean(name="retired_bool"), nullable=False, default=False),
    # Case-folded name: unique whatever the case (the workbook's natural key)
    Column("name_key", folded_key(200), nullable=False),
    UniqueConstraint("name_key"),
)

budget_lines = Table(
    "budget_lines",
    metadata,
    Column("id", String(36), primary_key=True),
    *version_columns(),
    Column("year", Integer, nullable=False),
    Column("category_id", String(36), ForeignKey("categories.id"), nullable=False),
    Column("amount", Cents, nullable=False),
    CheckConstraint("amount >= 0", name="amount"),
    UniqueConstraint("year", "category_id", name="uq_budget_lines_year_category"),
)

transactions = Table(
    "transactions",
    metadata,
    Column("id", String(36), primary_key=True),
    *version_columns(),
    Column("day", Date, nullable=False),
    Column("category_id", String(36), ForeignKey("categories.id"), nullable=False),
    Column("amount", Cents, nullable=False),
    Column("description", Text, nullable=False, default=""),
    # A project with bookings cannot be deleted: its costs would vanish from its finances.
    Column("project_id", String(36), ForeignKey("projects.id")),
    Column("customer", String(200), nullable=False, default=""),
    # Case-folded customer: the sales table and the filter count one customer however written
    Column("customer_key", folded_key(200), nullable=False, default=""),
    Column("work_days", Hundredths),
    Column("voucher", String(60), nullable=False, default=""),
    Column("search_key", Text, nullable=False, default=""),
    CheckConstraint("amount <> 0", name="amount"),
    CheckConstraint("work_days IS NULL OR work_days >= 0", name="work_days"),
)
# The ledger is read newest first a page at a time, and summed per category and period:
# (day, id) serves that order, and with the category and the amount the sums, the totals
# and the running balances read this index alone, not the rows (migration 0013).
Index(
    "ix_transactions_day",
    transactions.c.day,
    transactions.c.id,
    transactions.c.category_id,
    transactions.c.amount,
)
Index("ix_transactions_category", transactions.c.category_id, transactions.c.day)
# The ledger sorted by amount reads its pages from here instead of sorting every row
Index("ix_transactions_amount", transactions.c.amount, transactions.c.day, transactions.c.id)
Index("ix_transactions_project", transactions.c.project_id, transactions.c.day)
Index("ix_transactions_customer", transactions.c.customer_key, transactions.c.day)


class booking_year(FunctionElement[int]):
    """The year of a date column, as the same expression on both backends: SQLite stores a
    date as 'YYYY-MM-DD' text. An index on it is used by a query that says it alike."""

    type = Integer()
    inherit_cache = True
    name = "booking_year"


@compiles(booking_year)
def _booking_year(element: booking_year, compiler: Any, **kw: Any) -> str:
    return f"EXTRACT(YEAR FROM {compiler.process(element.clauses, **kw)})"


@compiles(booking_year, "sqlite")
def _booking_year_sqlite(element: booking_year, compiler: Any, **kw: Any) -> str:
    return f"CAST(substr({compiler.process(element.clauses, **kw)}, 1, 4) AS INTEGER)"


# A voucher number names one transaction of its booking day's year (an empty one is none).
# Migration 0010 creates it; a write that would break it raises VoucherTaken (repository).
VOUCHER_INDEX = "uq_transactions_voucher"
_voucher_index = Index(
    VOUCHER_INDEX,
    transactions.c.voucher,
    booking_year(transactions.c.day),
    unique=True,
    sqlite_where=transactions.c.voucher != "",
)


# PostgreSQL's name for the same WHERE is given once a PostgreSQL engine first connects:
# naming it here would make SQLAlchemy import its PostgreSQL dialect (~0.13 s) to check
# the option on every SQLite start too.
@event.listens_for(Engine, "engine_connect")
def _postgresql_options(conn: Any) -> None:
    if conn.dialect.name == "postgresql" and not _voucher_index.info.get("postgresql"):
        _voucher_index.dialect_kwargs["postgresql_where"] = transactions.c.voucher != ""
        _voucher_index.info["postgresql"] = True


# The change history (storage/history.py writes it, never updates it): one row per change
# of a record, its changed fields as JSON text [[field, old, new], …] with exact values.
history = Table(
    "history",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column("at", DateTime, nullable=False),  # UTC
    Column("login", String(100), nullable=False),
    Column("host", String(255), nullable=False),
    Column("database_user", String(100)),
    Column("kind", String(40), nullable=False),
    Column("record_id", String(36), nullable=False),
    Column("label", String(300), nullable=False),
    Column("action", String(20), nullable=False),
    Column("changes", Text, nullable=False),
    # No RETURNING of the new ID: a role that may only INSERT here could not read it back.
    implicit_returning=False,
)
# The log newest first, a page at a time; one record's changes; one person's.
Index("ix_history_at", history.c.at, history.c.id)
Index("ix_history_record", history.c.kind, history.c.record_id, history.c.id)
Index("ix_history_login", history.c.login, history.c.at)

_mapped = False
VERSIONED: list[type] = []  # the classes mapped with a version, in the order mapped


def _map_versioned(cls: type, table: Table, properties: dict | None = None) -> None:
    """Map a record kind with its version: ``_version``, ``_changed_at`` and ``_changed_by``
    live only on the mapping (the domain classes never see them), and the version is the
    mapper's ``version_id_col``, so every UPDATE says ``WHERE version = <the one read>``."""
    mapper_registry.map_imperatively(
        cls,
        table,
        properties={
            **(properties or {}),
            "_version": table.c.version,
            "_changed_at": table.c.changed_at,
            "_changed_by": table.c.changed_by,
        },
        version_id_col=table.c.version,
    )
    VERSIONED.append(cls)


def start_mappers() -> None:
    """Map the domain classes once per process (idempotent)."""
    global _mapped
    if _mapped:
        return
    _map_versioned(StaffMember, staff, properties={"_search_key": staff.c.search_key})
    _map_versioned(Trainee, trainees, properties={"_search_key": trainees.c.search_key})
    _map_versioned(BoardTerm, board_terms)
    _map_versioned(BoardSeat, board_seats)
    _map_versioned(Meeting, meetings)
    _map_versioned(
        Project,
        projects,
        properties={"_code_key": projects.c.code_key, "_search_key": projects.c.search_key},
    )
    _map_versioned(ProjectPartner, project_partners)
    _map_versioned(FundingLine, project_funding)
    _map_versioned(ProjectAssignment, project_assignments)
    _map_versioned(ReferenceValue, reference_values)
    _map_versioned(CaseEvent, case_events, properties={"_search_key": case_events.c.search_key})
    _map_versioned(Guardian, guardians, properties={"_search_key": guardians.c.search_key})
    _map_versioned(
        GuardianRequest,
        guardian_requests,
        properties={"_search_key": guardian_requests.c.search_key},
    )
    _map_versioned(Category, categories, properties={"_name_key": categories.c.name_key})
    _map_versioned(BudgetLine, budget_lines)
    _map_versioned(
        Transaction,
        transactions,
        properties={
            "_search_key": transactions.c.search_key,
            "_customer_key": transactions.c.customer_key,
        },
    )
    _mapped = True


def search_key(*parts: str) -> str:
    return " ".join(p.strip() for p in parts if p and p.strip()).casefold()


@event.listens_for(Session, "before_flush")
def _stamp_changes(session: Session, flush_context, instances) -> None:
    """Every record added or changed is stamped with when and by whom."""
    versioned = tuple(VERSIONED)
    now = label = None
    new = session.new  # built anew on every access: once, or a flush grows as n²
    for obj in list(new) + list(session.dirty):
        if not isinstance(obj, versioned):
            continue
        if obj not in new and not session.is_modified(obj):
            continue
        if now is None:
            now, label = utc_now(), actor_label()
        obj._changed_at = now  # type: ignore[attr-defined]
        obj._changed_by = label  # type: ignore[attr-defined]


@event.listens_for(Session, "before_flush")
def _refresh_search_keys(session: Session, flush_context, instances) -> None:
    for obj in list(session.new) + list(session.dirty):
        if isinstance(obj, StaffMember):
            obj._search_key = search_key(obj.last_name, obj.first_name, obj.title)  # type: ignore[attr-defined]
        elif isinstance(obj, Project):
            obj._code_key = code_key(obj.code)  # type: ignore[attr-defined]
            obj._search_key = search_key(obj.code, obj.name, obj.lead_organisation)  # type: ignore[attr-defined]
        elif isinstance(obj, CaseEvent):
            obj._search_key = search_key(obj.area, obj.municipality, obj.summary)  # type: ignore[attr-defined]
        elif isinstance(obj, Guardian):
            obj._search_key = search_key(  # type: ignore[attr-defined]
                obj.last_name, obj.first_name, obj.area, obj.background
            )
        elif isinstance(obj, GuardianRequest):
            obj._search_key = search_key(obj.area, obj.reference)  # type: ignore[attr-defined]
        elif isinstance(obj, Transaction):
            obj._search_key = search_key(obj.description, obj.customer, obj.voucher)  # type: ignore[attr-defined]
            obj._customer_key = customer_key(obj.customer)  # type: ignore[attr-defined]
        elif isinstance(obj, Category):
            obj._name_key = name_key(obj.name)  # type: ignore[attr-defined]
        elif isinstance(obj, Trainee):
            obj._search_key = search_key(  # type: ignore[attr-defined]
                obj.last_name, obj.first_name, obj.institution
            )


_BUILT_FIELDS: dict[type, list[tuple[str, Any, Any]]] = {}


def new_unattached(cls: type[R], values: Mapping[str, Any]) -> R:
    """``cls(**values)`` for a mapped domain class, built as the ORM builds a record it
    reads: the values go straight into the record, the dataclass's defaults for the fields
    not given. The instrumented ``__init__`` sends an event for every field set, 1.5 s of
    an import of 50 000 case events; a record so built is the same (equal, transient) and
    is changed, added and saved as one made by its class."""
    fields = _BUILT_FIELDS.get(cls)
    if fields is None:
        fields = _BUILT_FIELDS[cls] = [
            (f.name, f.default, f.default_factory)
            for f in dataclasses.fields(cls)  # type: ignore[arg-type]
        ]
    unknown = values.keys() - {name for name, _default, _factory in fields}
    if unknown:
        raise TypeError(f"{cls.__name__} has no field {sorted(unknown)[0]!r}")
    record = cls._sa_class_manager.new_instance()  # type: ignore[attr-defined]
    state = record.__dict__
    for name, default, factory in fields:
        if name in values:
            state[name] = values[name]
        elif factory is not dataclasses.MISSING:
            state[name] = factory()
        elif default is not dataclasses.MISSING:
            state[name] = default
        else:
            raise TypeError(f"{cls.__name__} needs a value for {name!r}")
    return record


def transaction_row(t: Transaction) -> dict[str, object]:
    """A transaction as the row a bulk insert writes, with the keys the flush would set."""
    keys = {"search_key", "customer_key", *VERSION_COLUMNS}
    row: dict[str, object] = {
        c.name: getattr(t, c.name) for c in transactions.c if c.name not in keys
    }
    row["search_key"] = search_key(t.description, t.customer, t.voucher)
    row["customer_key"] = customer_key(t.customer)
    return row


def _empty_choices(event_record: CaseEvent, context) -> None:
    # Reasons and measures live in case_event_choices; the repository fills them in for
    # the events it reads (one query per page, not one per event).
    event_record.reason_ids = []
    event_record.measure_ids = []


# Mapped as soon as storage is imported: a record created before mapping would lack
# SQLAlchemy's instrumentation and could never be saved.
start_mappers()
event.listen(CaseEvent, "load", _empty_choices)
