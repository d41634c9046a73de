"""Find anything (Ctrl+K): one search over the office's records.

People (staff, trainees, board members and deputies, guardians), projects and their
partners, customers, transactions (descriptions and vouchers) and case-event summaries.
Each kind gives at most a few matches, in its list's own order, so that the answer comes
at once and a longer text narrows it. A match names the record so that the window can
open it in its tab, selected.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from domain.formats import format_date, format_money
from domain.i18n import N_
from storage.collation import fold
from storage.database import Database

PER_KIND = 5  # matches of one kind shown; a longer text finds the rest
SUMMARY_SHOWN = 90  # characters of a case event's summary in a match


class FoundKind(Enum):
    STAFF = "staff"
    TRAINEE = "trainee"
    BOARD_SEAT = "board_seat"
    PROJECT = "project"
    PARTNER = "partner"
    GUARDIAN = "guardian"
    CUSTOMER = "customer"
    TRANSACTION = "transaction"
    CASE_EVENT = "case_event"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    FoundKind.STAFF: N_("Staff"),
    FoundKind.TRAINEE: N_("Trainees"),
    FoundKind.BOARD_SEAT: N_("Board"),
    FoundKind.PROJECT: N_("Projects"),
    FoundKind.PARTNER: N_("Partners"),
    FoundKind.GUARDIAN: N_("Guardians"),
    FoundKind.CUSTOMER: N_("Customers"),
    FoundKind.TRANSACTION: N_("Transactions"),
    FoundKind.CASE_EVENT: N_("Case events"),
}


@dataclass(frozen=True)
class Found:
    """One match: what it is, the record (a customer: its name), and how it is shown."""

    kind: FoundKind
    record: Any
    text: str
    detail: str = ""


def _shortened(text: str, length: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def find_anything(db: Database, text: str, per_kind: int = PER_KIND) -> list[Found]:
    """The records matching every word of ``text`` (in any case), kind by kind."""
    if not text.split():
        return []
    found: list[Found] = []
    with db.unit_of_work() as uow:
        for member in uow.staff.matching(text, per_kind):
            found.append(Found(FoundKind.STAFF, member, member.full_name, member.title))
        for trainee in uow.trainees.matching(text, per_kind):
            found.append(Found(FoundKind.TRAINEE, trainee, trainee.full_name, trainee.institution))
        # A person sits on many terms: one match per member, from the latest term found.
        terms = {term.id: term for term in uow.board_terms.all()}
        seats = uow.board_seats.matching(text, per_kind * 4)
        seats.sort(key=lambda s: terms[s.term_id].start, reverse=True)
        shown: set[str] = set()
        for seat in seats:
            name = fold(seat.member_name)
            if name in shown or len(shown) == per_kind:
                continue
            shown.add(name)
            parts = [seat.role.label, seat.member_organisation, seat.deputy_name]
            found.append(
                Found(
                    FoundKind.BOARD_SEAT,
                    seat,
                    seat.member_name,
                    " · ".join(p for p in parts if p),
                )
            )
        for project in uow.projects.matching(text, per_kind):
            found.append(
                Found(
                    FoundKind.PROJECT,
                    project,
                    f"{project.code} {project.name}",
                    project.lead_organisation,
                )
            )
        partners = uow.partners.matching(text, per_kind)
        codes = uow.projects.codes([p.project_id for p in partners])
        for partner in partners:
            found.append(
                Found(
                    FoundKind.PARTNER,
                    partner,
                    partner.organisation,
                    codes.get(partner.project_id, ""),
                )
            )
        for guardian in uow.guardians.matching(text, per_kind):
            found.append(Found(FoundKind.GUARDIAN, guardian, guardian.full_name, guardian.area))
        words = fold(text).split()
        customers = [c for c in uow.transactions.customers() if all(w in fold(c) for w in words)]
        for customer in customers[:per_kind]:
            found.append(Found(FoundKind.CUSTOMER, customer, customer))
        for booked in uow.transactions.matching(text, per_kind):
            detail = " · ".join(
                p
                for p in (format_date(booked.day), booked.voucher, format_money(booked.amount))
                if p
            )
            found.append(
                Found(FoundKind.TRANSACTION, booked, booked.description or booked.voucher, detail)
            )
        for event in uow.case_events.matching(text, per_kind):
            detail = " · ".join(p for p in (format_date(event.day), event.area) if p)
            found.append(
                Found(
                    FoundKind.CASE_EVENT,
                    event,
                    _shortened(event.summary, SUMMARY_SHOWN) or event.area,
                    detail,
                )
            )
    return found
