"""Every text a record keeps has a limit in the domain, and no column is shorter than it.

SQLite takes text of any length; a PostgreSQL VARCHAR(n) refuses a longer one with a
database error. The domain's limits (``TEXT_LIMITS`` of each record, from the constants in
``domain/records.py``) are checked by the records' ``validate``, so a text that passes
there fits every column on either backend. These tests walk the mapping in
``storage/orm.py``: a new text column without a limit, or a limit longer than its column,
fails here.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import String
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import ColumnProperty

from domain.board import BoardRole, BoardSeat, BoardTerm, Meeting, MeetingKind, TermSeat
from domain.caselog import (
    CaseEvent,
    Guardian,
    GuardianRequest,
    Matter,
    ReferenceKind,
    ReferenceValue,
    Sector,
)
from domain.errors import ValidationError
from domain.finance import Category, CategoryKind, Transaction
from domain.formats import format_number
from domain.i18n import _
from domain.organisation import Organisation
from domain.projects import (
    AssignmentRow,
    FundingLine,
    OurRole,
    Project,
    ProjectAssignment,
    ProjectPartner,
)
from domain.records import TextLimit
from domain.staff import StaffMember, Trainee, TraineeKind
from storage.orm import mapper_registry
from storage.types import EnumValue

SERVER = postgresql.dialect()  # type: ignore[no-untyped-call]


def text_columns() -> list[tuple[type, str, String]]:
    """(record class, attribute, the column's type on a server) for every text column a
    record maps, IDs and references (``id``, ``…_id``) and enums aside."""
    found = []
    for mapper in mapper_registry.mappers:
        for prop in mapper.column_attrs:
            assert isinstance(prop, ColumnProperty)
            column = prop.columns[0]
            if isinstance(column.type, EnumValue) or prop.key == "id" or prop.key.endswith("_id"):
                continue
            on_server = column.type.dialect_impl(SERVER)
            if isinstance(on_server, String):
                found.append((mapper.class_, prop.key, on_server))
    return found


TYPED = [(cls, key, kind) for cls, key, kind in text_columns() if not key.startswith("_")]
FOLDED = [(cls, key, kind) for cls, key, kind in text_columns() if key.startswith("_")]


def test_the_walk_finds_the_text_columns_of_every_record_kind():
    # Guards the walk itself: were it to find nothing, every test below would pass vacuously.
    kinds = {cls.__name__ for cls, _key, _kind in TYPED}
    assert len(kinds) == 15 and len(TYPED) >= 47 and len(FOLDED) >= 8, kinds


@pytest.mark.parametrize(
    ("cls", "key", "column"), TYPED, ids=[f"{c.__name__}.{k}" for c, k, _t in TYPED]
)
def test_every_text_column_has_a_domain_limit_that_fits_it(cls, key, column):
    limits: dict[str, TextLimit] = getattr(cls, "TEXT_LIMITS", {})
    assert key in limits, f"{cls.__name__}.{key} has no limit in {cls.__name__}.TEXT_LIMITS"
    if column.length is not None:
        assert limits[key].limit <= column.length, (
            f"{cls.__name__}.{key}: the domain allows {limits[key].limit} characters, "
            f"the column on a server {column.length}"
        )


@pytest.mark.parametrize(
    ("cls", "key", "column"), FOLDED, ids=[f"{c.__name__}.{k}" for c, k, _t in FOLDED]
)
def test_a_key_folded_from_typed_text_is_unbounded_on_a_server(cls, key, column):
    # Folding may lengthen text ("ß" → "ss", "ﬃ" → "ffi"): a key's length follows from no limit.
    assert column.length is None, f"{cls.__name__}.{key} is VARCHAR({column.length}) on a server"


def test_every_limit_names_a_text_column_of_its_record():
    mapped = {(cls, key) for cls, key, _kind in TYPED}
    for cls in {cls for cls, _key, _kind in TYPED}:
        for key in cls.TEXT_LIMITS:
            assert (cls, key) in mapped, f"{cls.__name__}.TEXT_LIMITS names {key}"


# --------------------------------------------------------------------------- the checks


def records() -> list:
    """One valid record of every kind that keeps text, the workbook's row records too."""
    return [
        StaffMember("Kantola", "Marjo", "hallintoassistentti"),
        Trainee("Koski", "Oona", TraineeKind.THESIS, date(2023, 1, 9)),
        BoardTerm(date(2022, 6, 7)),
        BoardSeat(
            "t", BoardRole.MEMBER, "Levonen", "Mari", "johtaja", "Porin kaupunki", "Aho", "Ari"
        ),
        Meeting(date(2022, 6, 7), MeetingKind.BOARD),
        Project("MONNI", "Monialainen nuorisotyö", OurRole.ADMINISTRATOR),
        ProjectPartner("p", "Tampereen yliopisto"),
        FundingLine("p", "STEA"),
        ProjectAssignment("p", "s", "projektipäällikkö"),
        AssignmentRow("p", "Kantola", "Marjo", "projektipäällikkö"),
        ReferenceValue(ReferenceKind.NATURE, "neuvonta"),
        CaseEvent(date(2023, 3, 1), "Pirkanmaa", Sector.SOCIAL),
        Guardian("Aalto", "Sari"),
        GuardianRequest(date(2023, 3, 1), "r", Matter.CRIMINAL),
        Category("Muut tuotot", CategoryKind.INCOME),
        Transaction(date(2023, 3, 1), "c", Decimal("10.00")),
        Organisation(name="Pikassos Oy"),
    ]


LIMITED = [(type(r), k) for r in records() for k in type(r).TEXT_LIMITS]
LIMITED_IDS = [f"{cls.__name__}.{key}" for cls, key in LIMITED]


def fresh(cls: type):
    """A new valid record of ``cls``, for a test to change."""
    return next(r for r in records() if type(r) is cls)


def problems(record) -> dict[str, str]:
    try:
        record.validate()
    except ValidationError as exc:
        return exc.by_field()
    return {}


@pytest.mark.parametrize(("cls", "key"), LIMITED, ids=LIMITED_IDS)
def test_a_text_one_character_too_long_is_refused_naming_the_field_and_the_limit(cls, key):
    rule = cls.TEXT_LIMITS[key]
    record = fresh(cls)
    setattr(record, key, "x" * (rule.limit + 1))
    limit, length = format_number(rule.limit), format_number(rule.limit + 1)
    assert problems(record) == {
        key: f"{_(rule.label)} voi olla enintään {limit} merkkiä (nyt {length})"
    }


@pytest.mark.parametrize(("cls", "key"), LIMITED, ids=LIMITED_IDS)
def test_a_text_as_long_as_its_limit_is_taken(cls, key):
    if key in ("email", "business_id"):
        pytest.skip("a row of x is no address or business ID: see the e-mail test below")
    record = fresh(cls)
    setattr(record, key, "x" * cls.TEXT_LIMITS[key].limit)
    assert problems(record) == {}


def test_the_message_names_the_field_and_the_limit_in_finnish():
    member = StaffMember("K" * 101, "Marjo", "hallintoassistentti")
    assert problems(member) == {"last_name": "Sukunimi voi olla enintään 100 merkkiä (nyt 101)"}


def test_a_long_limit_is_written_with_a_thousands_space():
    member = StaffMember("Kantola", "Marjo", "hallintoassistentti", notes="x" * 10_001)
    assert problems(member) == {
        "notes": "Lisätiedot voi olla enintään 10\xa0000 merkkiä (nyt 10\xa0001)"
    }


def test_characters_are_counted_not_bytes():
    # 100 letters of two bytes each in UTF-8 fit a limit of 100 characters
    assert problems(StaffMember("Ä" * 100, "Marjo", "hallintoassistentti")) == {}


def test_an_email_address_as_long_as_its_limit_is_taken():
    address = "a" * 64 + "@" + "b" * 63 + "." + "c" * 63 + ".dddd.fi"
    assert len(address) == StaffMember.TEXT_LIMITS["email"].limit
    assert problems(StaffMember("Kantola", "Marjo", "assistentti", email=address)) == {}


def test_a_too_long_email_address_is_refused_once_not_quoted_whole():
    member = StaffMember("Kantola", "Marjo", "assistentti", email="a" * 300 + "@example.fi")
    assert problems(member) == {"email": "Sähköposti voi olla enintään 200 merkkiä (nyt 311)"}


def test_a_board_seat_row_of_the_workbook_has_the_seats_limits():
    row = TermSeat(date(2022, 6, 7), BoardRole.MEMBER, "Levonen", "M" * 101)
    assert problems(row) == {
        "member_first_name": "Jäsenen etunimi voi olla enintään 100 merkkiä (nyt 101)"
    }


def test_an_area_served_is_no_longer_than_a_case_events_area():
    org = Organisation(name="Pikassos Oy", areas=["Pirkanmaa", "a" * 201])
    assert problems(org) == {"areas": "Alue voi olla enintään 200 merkkiä (nyt 201)"}
