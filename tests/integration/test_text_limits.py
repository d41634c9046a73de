"""The same text limits on both backends: what the domain takes, the database keeps whole.

With ``OSKE_TEST_DATABASE_URL`` set these run on a PostgreSQL server, whose VARCHAR
columns refuse a longer text with a database error; on a SQLite file any length fits.
Either way a text past its limit is refused with the field's message before the database
sees it, and a text as long as its limit is kept, folded keys included.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from domain.board import BoardRole, BoardSeat, BoardTerm, Meeting, MeetingKind
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
from domain.organisation import Organisation
from domain.projects import FundingLine, OurRole, Project, ProjectAssignment, ProjectPartner
from domain.staff import StaffMember, Trainee, TraineeKind
from services.board import save_meeting, save_seat, save_term
from services.caselog import add_reference, save_case_event, save_guardian, save_request
from services.finance import add_category, save_transaction
from services.projects import save_assignment, save_funding, save_partner, save_project
from services.settings import save_organisation
from services.staff import save_staff_member, save_trainee
from services.workbook import import_file
from storage.database import open_database
from storage.repositories import ListQuery
from tests.databases import empty_url
from tests.integration.workbook_files import write_workbook

# Folds to three characters ("ffi"): a key folded from texts at their limits is as long
# as folding can make it.
WIDE = "\ufb03"
# 200 characters, a valid address (a local part of 64, labels of at most 63)
LONGEST_EMAIL = "a" * 64 + "@" + "b" * 63 + "." + "c" * 63 + ".dddd.fi"


def at_limits(record):
    """``record`` with every text field as long as its limit allows."""
    for key, rule in type(record).TEXT_LIMITS.items():
        value = LONGEST_EMAIL if key == "email" else WIDE * rule.limit
        setattr(record, key, value)
    return record


def texts(record) -> dict[str, str]:
    return {key: getattr(record, key) for key in type(record).TEXT_LIMITS}


def test_every_text_as_long_as_its_limit_is_kept_whole(db):
    staff = at_limits(StaffMember("", "", ""))
    save_staff_member(db, staff, None)
    project = at_limits(Project("", "", OurRole.ADMINISTRATOR))
    save_project(db, project, None)
    trainee = at_limits(
        Trainee("", "", TraineeKind.THESIS, date(2023, 1, 9), project_id=project.id)
    )
    save_trainee(db, trainee, None)
    partner = at_limits(ProjectPartner(project.id, ""))
    save_partner(db, partner, None)
    funding = at_limits(FundingLine(project.id, ""))
    save_funding(db, funding, None)
    assignment = at_limits(ProjectAssignment(project.id, staff.id, ""))
    save_assignment(db, assignment, None)
    term = at_limits(BoardTerm(date(2022, 6, 7)))
    save_term(db, term)
    seat = at_limits(BoardSeat(term.id, BoardRole.CHAIR, "", ""))
    seat.deputy_last_name = "Aho"  # a deputy of another name than the member
    save_seat(db, seat, None)
    meeting = at_limits(Meeting(date(2022, 6, 7), MeetingKind.BOARD))
    save_meeting(db, meeting, None)
    nature = add_reference(db, at_limits(ReferenceValue(ReferenceKind.NATURE, "")))
    event = at_limits(CaseEvent(date(2023, 3, 1), "", Sector.SOCIAL, nature_id=nature.id))
    save_case_event(db, event, None)
    guardian = at_limits(Guardian("", ""))
    save_guardian(db, guardian, None)
    with db.unit_of_work() as uow:
        requester = uow.references.of_kind(ReferenceKind.REQUESTER)[0]
    request = at_limits(GuardianRequest(date(2023, 3, 1), requester.id, Matter.CRIMINAL))
    save_request(db, request, None)
    category = add_category(db, at_limits(Category("", CategoryKind.INCOME)))
    transaction = at_limits(Transaction(date(2023, 3, 1), category.id, Decimal("10.00")))
    save_transaction(db, transaction, None)
    organisation = at_limits(Organisation(areas=[WIDE * 200]))
    organisation.business_id = "1572860-0"
    save_organisation(db, organisation)

    saved = [staff, project, trainee, partner, funding, assignment, term, seat, meeting]
    saved += [nature, event, guardian, request, category, transaction]
    with db.unit_of_work() as uow:
        stored = [
            uow.staff.get(staff.id),
            uow.projects.get(project.id),
            uow.trainees.get(trainee.id),
            uow.partners.get(partner.id),
            uow.funding.get(funding.id),
            uow.assignments.get(assignment.id),
            uow.board_terms.get(term.id),
            uow.board_seats.get(seat.id),
            uow.meetings.get(meeting.id),
            uow.references.get(nature.id),
            uow.case_events.get(event.id),
            uow.guardians.get(guardian.id),
            uow.guardian_requests.get(request.id),
            uow.categories.get(category.id),
            uow.transactions.get(transaction.id),
        ]
        kept_organisation = uow.settings.organisation()
    assert [texts(r) for r in stored] == [texts(r) for r in saved]
    assert texts(kept_organisation) == texts(organisation)
    assert kept_organisation.areas == [WIDE * 200]


def test_a_101_character_last_name_is_refused_with_the_fields_message(db):
    person = StaffMember("K" * 101, "Marjo", "hallintoassistentti")

    with pytest.raises(ValidationError) as refused:
        save_staff_member(db, person, None)

    assert refused.value.by_field() == {
        "last_name": "Sukunimi voi olla enintään 100 merkkiä (nyt 101)"
    }
    with db.unit_of_work() as uow:
        assert uow.staff.all() == []


def test_an_over_long_cell_of_a_workbook_is_refused_naming_sheet_row_and_column(db, tmp_path):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Henkilöstö": [
                ["Sukunimi", "Etunimi", "Tehtävänimike", "Lisätiedot"],
                ["Kantola", "Marjo", "hallintoassistentti", None],
                ["Kulo", "Outi", "sihteeri", "x" * 10_001],
            ],
        },
    )

    report = import_file(db, path)

    assert [(e.sheet, e.row, e.column, e.message) for e in report.errors] == [
        (
            "Henkilöstö",
            3,
            "Lisätiedot",
            "Lisätiedot voi olla enintään 10\xa0000 merkkiä (nyt 10\xa0001)",
        )
    ]
    with db.unit_of_work() as uow:
        assert uow.staff.all() == []  # the valid row is not kept either


def test_an_upgraded_database_keeps_its_search_keys_and_takes_longer_folded_ones(tmp_path):
    url = empty_url(tmp_path / "old.sqlite")
    open_database(url, upgrade_to="0007").close()
    engine = create_engine(url, poolclass=NullPool)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO guardians (id, last_name, first_name, phone, email, area, active,"
                " background, notes, search_key) VALUES ('g1', 'Östman', 'Eija', '', '',"
                " 'Pirkanmaa', :yes, '', '', 'östman eija pirkanmaa')"
            ),
            {"yes": True},
        )
    engine.dispose()

    db = open_database(url, backup_to=tmp_path / "before-upgrade.backup")
    try:
        with db.unit_of_work() as uow:
            found = uow.guardians.page(ListQuery(text="östm"), 0, 10)
        # Four texts at their limits fold to more than the 600 characters the key once had
        longest = at_limits(Guardian("", ""))
        save_guardian(db, longest, None)
        with db.unit_of_work() as uow:
            kept = uow.guardians.get(longest.id)
    finally:
        db.close()
    assert [g.full_name for g in found] == ["Östman Eija"]
    assert texts(kept) == texts(longest)
