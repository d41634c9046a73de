"""A record an import builds fast (``storage.orm.new_unattached``) is the record its class
would make of the same values."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import inspect

from domain.caselog import CaseEvent, Sector
from domain.finance import Transaction
from storage.orm import new_unattached

EVENT = {"day": date(2025, 3, 4), "area": "Eksote", "sector": Sector.SOCIAL, "minutes": 15}
TRANSACTION = {"day": date(2025, 3, 4), "category_id": "c", "amount": Decimal("12.50")}


@pytest.mark.parametrize(("cls", "values"), [(CaseEvent, EVENT), (Transaction, TRANSACTION)])
def test_a_record_built_fast_has_the_values_and_defaults_its_class_gives(cls, values):
    built, made = new_unattached(cls, values), cls(**values)
    made.id = built.id  # each gets a new ID of its own
    assert dataclasses.asdict(built) == dataclasses.asdict(made)


def test_each_record_built_fast_gets_its_own_lists_and_id():
    one, other = new_unattached(CaseEvent, EVENT), new_unattached(CaseEvent, EVENT)
    one.reason_ids.append("x")
    assert other.reason_ids == []
    assert one.id != other.id


def test_a_record_built_fast_is_changed_as_any_other():
    event = new_unattached(CaseEvent, EVENT)
    event.area = "  Kymsote "
    event.tidy()
    assert event.area == "Kymsote"
    assert inspect(event).transient


def test_a_value_for_no_field_is_refused():
    with pytest.raises(TypeError, match="colour"):
        new_unattached(CaseEvent, {**EVENT, "colour": "red"})


def test_a_field_without_a_default_must_be_given():
    with pytest.raises(TypeError, match="area"):
        new_unattached(CaseEvent, {"day": date(2025, 3, 4), "sector": Sector.SOCIAL})
