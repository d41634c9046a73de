"""The staff sheet: the people the other sheets name (trainees' supervisors, ombudsmen)."""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.staff import StaffMember
from services.sheets.base import SheetHandler
from storage.uow import UnitOfWork


class StaffSheet(SheetHandler):
    """Staff members, found by name for the sheets that name them."""

    def people_named(self, uow: UnitOfWork, full_name: str) -> list[Any]:
        return uow.staff.by_full_name(full_name)

    def on_day(self, people: list[StaffMember], day: date) -> list[StaffMember]:
        # One person with several employment periods: the one in force that day
        return [p for p in people if p.employed_on(day)] or people
