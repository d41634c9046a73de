"""Fill an empty database with the demo records."""

from __future__ import annotations

from datetime import date

from sqlalchemy import insert

from domain.caselog import check_references
from domain.organisation import LegalForm, Organisation
from domain.projects import Project
from resources.demo_caselog import CaseLogDemo, demo_caselog
from resources.demo_data import demo_board, demo_meetings, demo_projects, demo_staff, demo_trainees
from resources.demo_finance import FinanceDemo, demo_finance
from services.finance import check_budget_line, check_transaction
from storage import orm
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
        parts = [p for p in projects if not isinstance(p, Project)]
        records = [*staff, *trainees, *terms, *seats, *meetings, *projects]
        # Added in dependency order, flushed in between: the mapping has no relationships
        # from which SQLAlchemy could infer that staff precede trainees and terms seats.
        for group in (staff, main_projects, parts, trainees, terms, seats, meetings):
            for record in group:
                record.validate()
                uow.session.add(record)
            uow.session.flush()
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
    """Check every record as a form would, then insert the events in bulk.

    Two thousand events through the ORM's unit of work would take a second; one executemany
    per table takes a few hundredths."""
    values = uow.references.by_id()
    for e in demo.events:
        e.tidy()
        e.validate()
        check_references(e, values)
    for guardian in demo.guardians:
        guardian.tidy()
        guardian.validate()
        uow.session.add(guardian)
    uow.session.flush()
    for request in demo.requests:
        request.tidy()
        request.validate()
        check_references(request, values)
        uow.session.add(request)
    columns = [c.name for c in orm.case_events.c if c.name != "search_key"]
    uow.session.execute(
        insert(orm.case_events),
        [
            {
                **{name: getattr(e, name) for name in columns},
                "search_key": orm.search_key(e.area, e.municipality, e.summary),
            }
            for e in demo.events
        ],
    )
    uow.session.execute(
        insert(orm.case_event_choices),
        [
            {"event_id": e.id, "value_id": value_id}
            for e in demo.events
            for value_id in dict.fromkeys([*e.reason_ids, *e.measure_ids])
        ],
    )
    uow.session.flush()


def _add_finance(uow: UnitOfWork, demo: FinanceDemo) -> None:
    """Check the budget lines and the transactions as the forms would, then insert the
    transactions in bulk (one executemany, as for the case events)."""
    for line in demo.budget:
        check_budget_line(uow, line)
        uow.budget.add(line)
    uow.session.flush()
    categories = uow.categories.by_id()
    for t in demo.transactions:
        check_transaction(uow, t, categories=categories)
    uow.session.execute(
        insert(orm.transactions), [orm.transaction_row(t) for t in demo.transactions]
    )
    uow.session.flush()
