"""The organisation's settings and the start-up flag."""

from __future__ import annotations

from dataclasses import fields, replace
from enum import Enum
from typing import Any

from domain.errors import ValidationError
from domain.i18n import _
from domain.organisation import Organisation
from storage.database import Database


def save_organisation(
    db: Database, organisation: Organisation, shown: Organisation | None = None
) -> None:
    """Store the organisation's details; raises ValidationError and stores nothing when they
    break a rule.

    Given the details as the settings form showed them (``shown``), only the fields
    changed in the form are written over what is stored now, so that two workstations
    changing different settings both keep theirs. A field changed in the form and, since
    it was shown, on another workstation too is refused, naming it with the value stored
    now; nothing is stored then."""
    organisation.tidy()
    organisation.validate()
    with db.unit_of_work() as uow:
        uow.one_writer("settings")
        if shown is not None:
            organisation = _merged(organisation, shown, uow.settings.organisation())
        uow.settings.save_organisation(organisation)
        uow.commit()


def _merged(mine: Organisation, shown: Organisation, stored: Organisation) -> Organisation:
    """What is stored now, with the fields changed in the form (``mine`` against ``shown``)."""
    merged = replace(stored)
    for field in fields(Organisation):
        name = field.name
        ours, before, now = getattr(mine, name), getattr(shown, name), getattr(stored, name)
        if ours == before:
            continue  # not changed in the form: what another workstation stored stays
        if now != before and now != ours:
            raise ValidationError(
                name,
                _(
                    "Another workstation changed this meanwhile to “{value}”; nothing was "
                    "saved. Close the settings and open them again to see the values stored now."
                ).format(value=_shown(now)),
            )
        setattr(merged, name, ours)
    return merged


def _shown(value: Any) -> str:
    if value is None or value == "" or value == []:
        return _("(empty)")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, Enum):
        return str(getattr(value, "label", value.value))
    return str(value)


def mark_started(db: Database) -> None:
    """The user chose to start with an empty database: the welcome view is not shown again."""
    with db.unit_of_work() as uow:
        uow.settings.mark_started()
        uow.commit()
