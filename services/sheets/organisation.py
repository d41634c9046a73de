"""The Organisation sheet's database side: the organisation's settings as stored.

Not a sheet of records, so not in ``SHEET_HANDLERS``: the import (``exports.workbook``)
reads the sheet's rows and asks the store (``services.workbook_store``) for these two.
"""

from __future__ import annotations

from domain.organisation import Organisation
from storage.uow import UnitOfWork


def is_unset(organisation: Organisation) -> bool:
    """Nothing of the organisation is set: a new database, or one rebuilt from workbooks
    that had no Organisation sheet (the legal form always has a value)."""
    return (
        not organisation.name
        and not organisation.short_name
        and not organisation.business_id
        and not organisation.address
        and not organisation.areas
        and organisation.board_seat_cap is None
    )


def stored_organisation(uow: UnitOfWork) -> Organisation | None:
    """The organisation's settings in the database; None when it has none."""
    organisation = uow.settings.organisation()
    return None if is_unset(organisation) else organisation


def take_organisation(uow: UnitOfWork, organisation: Organisation) -> None:
    """Store the workbook's settings in place of the database's; the repository records
    the change in the history (kind ``settings``), as a save in Settings does."""
    uow.settings.save_organisation(organisation)
