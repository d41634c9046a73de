"""Find anything (Ctrl+K): one search over people, projects, partners, customers,
transactions and case events."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from domain.board import BoardRole, BoardSeat, BoardTerm
from domain.caselog import CaseEvent, Guardian, Sector
from domain.finance import Transaction
from domain.projects import OurRole, Project, ProjectPartner
from domain.staff import StaffMember
from services.board import save_seat, save_term
from services.caselog import save_case_event, save_guardian
from services.finance import save_transaction
from services.find import FoundKind, find_anything
from services.projects import save_partner, save_project
from services.staff import save_staff_member


@pytest.fixture
def office(db):
    save_staff_member(db, StaffMember("Virtanen", "Helena", "toimitusjohtaja"), None)
    save_staff_member(db, StaffMember("Kantola", "Marjo", "hallintoassistentti"), None)
    for start in (date(2022, 6, 1), date(2024, 6, 1)):
        term, _closed = save_term(db, BoardTerm(start, date(start.year + 2, 5, 31)))
        save_seat(
            db,
            BoardSeat(
                term.id,
                BoardRole.CHAIR,
                "Lindqvist",
                "Åsa",
                deputy_last_name="Mäki",
                deputy_first_name="Pekka",
            ),
            None,
        )
    project = save_project(
        db, Project("TulLas", "Tulevaisuuden lastensuojelu", OurRole.LEAD_IMPLEMENTER), None
    )
    save_partner(db, ProjectPartner(project.id, "Minties Bitės", country="Liettua"), None)
    save_guardian(db, Guardian("Heikkinen", "Virpi", area="Pirkanmaa"), None)
    with db.unit_of_work() as uow:
        sales = uow.categories.by_name("Asiantuntijapalvelujen myynti").id
    save_transaction(
        db,
        Transaction(
            date(2026, 3, 2),
            sales,
            Decimal("1200.00"),
            "Koulutus Virtain kaupungille",
            customer="Virtain kaupunki",
            voucher="M-17",
        ),
        None,
    )
    save_case_event(
        db,
        CaseEvent(
            date(2026, 4, 1), "Pirkanmaa", Sector.SOCIAL, summary="Kysymys Virtain kotihoidosta"
        ),
        None,
    )
    return db


def shown(found) -> list[tuple[FoundKind, str]]:
    return [(f.kind, f.text) for f in found]


def test_one_word_finds_people_customers_transactions_and_events(office):
    found = shown(find_anything(office, "virta"))

    assert (FoundKind.STAFF, "Virtanen Helena") in found
    assert (FoundKind.CUSTOMER, "Virtain kaupunki") in found
    assert (FoundKind.TRANSACTION, "Koulutus Virtain kaupungille") in found
    assert (FoundKind.CASE_EVENT, "Kysymys Virtain kotihoidosta") in found
    assert not any(kind is FoundKind.PROJECT for kind, _text in found)


def test_every_word_must_match_in_any_case(office):
    found = find_anything(office, "HELENA toimitus")

    assert [f.kind for f in found] == [FoundKind.STAFF]


def test_a_board_member_of_many_terms_is_found_once_at_the_latest_term(office):
    found = [f for f in find_anything(office, "lindqvist") if f.kind is FoundKind.BOARD_SEAT]

    assert len(found) == 1
    with office.unit_of_work() as uow:
        assert uow.board_terms.get(found[0].record.term_id).start == date(2024, 6, 1)


def test_a_deputy_is_found_by_name(office):
    found = [f for f in find_anything(office, "mäki") if f.kind is FoundKind.BOARD_SEAT]

    assert len(found) == 1


def test_partners_are_found_with_their_project(office):
    found = [f for f in find_anything(office, "bitės") if f.kind is FoundKind.PARTNER]

    assert [(f.text, f.detail) for f in found] == [("Minties Bitės", "TulLas")]


def test_a_voucher_finds_its_transaction(office):
    found = find_anything(office, "m-17")

    assert [f.kind for f in found] == [FoundKind.TRANSACTION]


def test_a_text_that_matches_nothing_finds_nothing(office):
    assert find_anything(office, "kvanttitietokone") == []


def test_wildcards_are_plain_letters(office):
    assert find_anything(office, "%") == []
    assert find_anything(office, "_") == []
