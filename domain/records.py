"""Helpers shared by the record classes."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import TypeVar

from domain.errors import Problems
from domain.i18n import _
from domain.identifiers import is_valid_email

T = TypeVar("T")


def new_id() -> str:
    """The UUID a record is given once and keeps for ever (the workbook's ID column)."""
    return str(uuid.uuid4())


def clean(text: str | None) -> str:
    return (text or "").strip()


def match_key(text: str | None) -> str:
    """How names and words typed by people are matched: whatever the case and spacing."""
    return " ".join((text or "").split()).casefold()


# The Finnish alphabet ends ... x, y, z, å, ä, ö: those three sort after z, in that order
# (code points would put ä before å). The characters after "z" in ASCII keep that order.
# Each letter (case-folded) → the one it sorts as. The database sorts by this very table
# (storage/collation.py), so a list and a report give the same order.
FINNISH_ORDER: Mapping[str, str] = MappingProxyType(
    {"å": "{", "ä": "|", "ö": "}", "ü": "y", "é": "e", "è": "e"}
)
# No letter is mapped onto another the table maps, so replacing one after another is the
# same as replacing all at once, and five times as fast as str.translate: a list of
# 200 000 rows sorted by name calls this for every row.
assert not set(FINNISH_ORDER) & set(FINNISH_ORDER.values())
_FINNISH_PAIRS = tuple(FINNISH_ORDER.items())


def finnish_key(text: str | None) -> str:
    """A sort key for names in Finnish alphabetical order, ignoring case."""
    key = clean(text).casefold()
    if not key.isascii():
        for letter, sorts_as in _FINNISH_PAIRS:
            key = key.replace(letter, sorts_as)
    return key


def require_text(problems: Problems, field: str, value: str, label: str) -> None:
    if not clean(value):
        problems.add(field, _("{field} is required").format(field=label))


def check_period(problems: Problems, start: date | None, end: date | None) -> None:
    if start and end and end < start:
        problems.add("end", _("The end date is before the start date"))


def check_percent(problems: Problems, field: str, value: Decimal | None, label: str) -> None:
    if value is None:
        problems.add(field, _("{field} is required").format(field=label))
    elif not (Decimal(1) <= value <= Decimal(100)):
        problems.add(field, _("{field} must be between 1 and 100").format(field=label))
    elif value != value.quantize(Decimal("0.01")):
        problems.add(field, _("{field} may have at most two decimals").format(field=label))


CENT = Decimal("0.01")


def check_money(
    problems: Problems, field: str, value: Decimal | None, label: str, *, negative: bool = False
) -> None:
    """Euros exact to the cent; negative only where a refund is possible."""
    if value is None:
        return
    if value < 0 and not negative:
        problems.add(field, _("{field} cannot be negative").format(field=label))
    elif value != value.quantize(CENT):
        problems.add(field, _("{field} may have at most two decimals (cents)").format(field=label))


def check_email(problems: Problems, field: str, value: str) -> None:
    if clean(value) and not is_valid_email(value):
        problems.add(field, _("“{text}” is not a valid e-mail address").format(text=clean(value)))


def reordered(items: list[T], item_id: str, step: int) -> list[T] | None:
    """``items`` with the one whose ``id`` is ``item_id`` moved up (−1) or down (+1);
    None when it is already at that end (or not there)."""
    index = next((i for i, item in enumerate(items) if item.id == item_id), None)  # type: ignore[attr-defined]
    if index is None or not 0 <= index + step < len(items):
        return None
    moved = list(items)
    moved[index], moved[index + step] = moved[index + step], moved[index]
    return moved


def within(day: date, start: date | None, end: date | None) -> bool:
    """Whether ``day`` falls in a period whose ends are inclusive and may be open."""
    return (start is None or start <= day) and (end is None or day <= end)
