"""Fill an empty database with the demo records."""

from __future__ import annotations

from datetime import date

from domain.organisation import LegalForm, Organisation
from domain.projects import Project
from resources.demo_data import demo_board, demo_meetings, demo_projects, demo_staff, demo_trainees
from storage.database import Database


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
        uow.settings.save_organisation(
            Organisation(
                name="Sosiaalialan osaamiskeskus Esimerkki Oy",
                short_name="Esimerkki",
                business_id="1572860-0",
                legal_form=LegalForm.LIMITED_COMPANY,
                address="Hämeenkatu 1 A, 33100 Tampere",
                areas=["Pirkanmaan hyvinvointialue", "Kanta-Hämeen hyvinvointialue",
                       "Satakunnan hyvinvointialue"],
            )
        )
        uow.commit()
    return len(records)
