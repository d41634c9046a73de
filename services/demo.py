"""Fill an empty database with the demo records."""

from __future__ import annotations

from datetime import date

from domain.caselog import check_references
from domain.organisation import LegalForm, Organisation
from domain.projects import FundingLine, Project, ProjectAssignment, ProjectPartner
from resources.demo_caselog import CaseLogDemo, demo_caselog
from resources.demo_data import demo_board, demo_meetings, demo_projects, demo_staff, demo_trainees
from resources.demo_finance import FinanceDemo, demo_finance
from services.finance import check_budget_line, check_transaction
from storage.database import Database
from storage.uow import UnitOfWork

DEMO_AREAS = [
    "Pirkanmaan hyvinvointialue",
    "Kanta-Hämeen hyvinvointialue",
    "Satakunnan hyvinvointialue",
]
OMBUDSMAN = "Heikkinen Satu"


class NotEmpty(Exception):
    """Demo data goes only into an empty database, never on top of real records."""


def load_demo(db: Database, today: date | None = None) -> int:
    """Add the demo records; returns how many were added."""
    today = today or date.today()
    with db.unit_of_work() as uow:
        if not uow.settings.is_empty_database():
            raise NotEmpty()
        staff = demo_staff(today)
        projects = demo_projects(today, staff)
        trainees = demo_trainees(today, staff, projects)
        terms, seats = demo_board(today)
        meetings = demo_meetings(today)
        main_projects = [p for p in projects if isinstance(p, Project)]
        records = [*staff, *trainees, *terms, *seats, *meetings, *projects]
        # Added in dependency order (each add_all stores what came before it first): staff
        # before the projects' roles and the trainees, terms before their seats.
        for repository, group in (
            (uow.staff, staff),
            (uow.projects, main_projects),
            (uow.partners, [p for p in projects if isinstance(p, ProjectPartner)]),
            (uow.funding, [p for p in projects if isinstance(p, FundingLine)]),
            (uow.assignments, [p for p in projects if isinstance(p, ProjectAssignment)]),
            (uow.trainees, trainees),
            (uow.board_terms, terms),
            (uow.board_seats, seats),
            (uow.meetings, meetings),
        ):
            for record in group:
                record.validate()
            repository.add_all(group)
        ombudsman = next(s for s in staff if s.full_name == OMBUDSMAN)
        caselog = demo_caselog(today, ombudsman.id, uow.references.all(), DEMO_AREAS)
        _add_caselog(uow, caselog)
        finance = demo_finance(today, uow.categories.all(), main_projects)
        _add_finance(uow, finance)
        uow.settings.save_organisation(
            Organisation(
                name="Sosiaalialan osaamiskeskus Esimerkki Oy",
                short_name="Esimerkki",
                business_id="1572860-0",
                legal_form=LegalForm.LIMITED_COMPANY,
                address="Hämeenkatu 1 A, 33100 Tampere",
                areas=list(DEMO_AREAS),
            )
        )
        uow.commit()
    return (
        len(records)
        + len(caselog.events)
        + len(caselog.guardians)
        + len(caselog.requests)
        + len(finance.budget)
        + len(finance.transactions)
    )


def _add_caselog(uow: UnitOfWork, demo: CaseLogDemo) -> None:
    """Check every record as a form would, then add them; the events go in bulk (the
    repository inserts two thousand in a few hundredths of a second)."""
    values = uow.references.by_id()
    for e in demo.events:
        e.tidy()
        e.validate()
        check_references(e, values)
    for guardian in demo.guardians:
        guardian.tidy()
        guardian.validate()
    uow.guardians.add_all(demo.guardians)
    for request in demo.requests:
        request.tidy()
        request.validate()
        check_references(request, values)
    uow.guardian_requests.add_all(demo.requests)
    uow.case_events.add_all(demo.events)


def _add_finance(uow: UnitOfWork, demo: FinanceDemo) -> None:
    """Check the budget lines and the transactions as the forms would, then add them (the
    transactions in bulk, as the case events are)."""
    for line in demo.budget:
        check_budget_line(uow, line)
        uow.budget.add(line)
    categories = uow.categories.by_id()
    for t in demo.transactions:
        check_transaction(uow, t, categories=categories)
    uow.transactions.add_all(demo.transactions)
