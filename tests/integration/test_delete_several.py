"""Deleting several records at once: one transaction, all or none."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from domain.errors import ConcurrentChange, ValidationError
from domain.finance import Transaction
from domain.history import Action, HistoryFilter
from domain.projects import OurRole, Project
from domain.staff import StaffMember
from services.finance import save_transaction
from services.projects import delete_projects, save_project
from services.staff import delete_staff_member, delete_staff_members, save_staff_member


def test_a_project_with_bookings_among_those_selected_keeps_them_all(db):
    kept = save_project(db, Project("MONNI", "Monialainen verkosto", OurRole.ADMINISTRATOR), None)
    booked = save_project(db, Project("KOTI", "Kotona kaikki hyvin", OurRole.CO_IMPLEMENTER), None)
    with db.unit_of_work() as uow:
        category = uow.categories.all()[0]
    save_transaction(
        db,
        Transaction(date(2026, 3, 1), category.id, Decimal("10"), project_id=booked.id),
        None,
    )

    with pytest.raises(ValidationError):
        delete_projects(db, [kept, booked])

    with db.unit_of_work() as uow:
        assert sorted(p.code for p in uow.projects.all()) == ["KOTI", "MONNI"]


def test_staff_deleted_together_are_one_entry_each_and_one_gone_elsewhere_refuses_all(db):
    people = [
        save_staff_member(db, StaffMember(last, "Anna", "sihteeri"), None)
        for last in ("Aalto", "Berg", "Cajander")
    ]
    delete_staff_member(db, people[1].id)  # another workstation

    with pytest.raises(ConcurrentChange) as refused:
        delete_staff_members(db, people)
    assert refused.value.deleted

    delete_staff_members(db, [people[0], people[2]])
    with db.unit_of_work() as uow:
        assert uow.staff.all() == []
        deleted = uow.history.page(HistoryFilter(kind="staff", actions=(Action.DELETE,)), 0, 10)
    assert sorted(e.label for e in deleted) == ["Aalto Anna", "Berg Anna", "Cajander Anna"]
