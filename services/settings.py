"""The organisation's settings and the start-up flag."""

from __future__ import annotations

from domain.organisation import Organisation
from storage.database import Database


def save_organisation(db: Database, organisation: Organisation) -> None:
    """Store the organisation's details; raises ValidationError and stores nothing when they
    break a rule."""
    organisation.tidy()
    organisation.validate()
    with db.unit_of_work() as uow:
        uow.settings.save_organisation(organisation)
        uow.commit()


def mark_started(db: Database) -> None:
    """The user chose to start with an empty database: the welcome view is not shown again."""
    with db.unit_of_work() as uow:
        uow.settings.mark_started()
        uow.commit()
