"""Helpers shared by the record classes."""

from __future__ import annotations

import dataclasses
import re
import unicodedata
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import TypeVar

from domain.errors import Problems, ValidationError
from domain.formats import (
    check_date_range,
    format_number,
    money_in_range,
    money_range_message,
)
from domain.i18n import _
from domain.identifiers import is_valid_email

T = TypeVar("T")


def new_id() -> str:
    """The UUID a record is given once and keeps for ever (the workbook's ID column)."""
    return str(uuid.uuid4())


# Word's manual line break (Shift+Enter) is a vertical tab when pasted: a line break is meant.
_LINE_BREAKS = str.maketrans({"\x0b": "\n"})
# Characters no text keeps: the C0 controls but tab, line feed and carriage return, DEL,
# the C1 controls, and the two non-characters XML forbids. Excel cannot hold them either.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
# How Excel writes a character in its XML (_x001B_ is ESC): read back, it is that character.
EXCEL_ESCAPE = re.compile("_x[0-9A-Fa-f]{4}_")


def clean(text: str | None) -> str:
    """Text as typed, tidied: the ends trimmed, a vertical tab made a line break, and an
    accented letter written as one character (NFC). Text pasted from a Mac or some web
    forms writes "Ä" as "A" and a combining diaeresis: a report then prints the dots over
    the letter's top, a list sorts it as A, and a search for "Äijö" misses it."""
    tidied = (text or "").translate(_LINE_BREAKS).strip()
    return tidied if tidied.isascii() else unicodedata.normalize("NFC", tidied)


def text_problem(text: str | None, label: str) -> str | None:
    """Why ``text`` cannot be kept (a control character or an Excel escape), or None.
    The message names the field by ``label``; it never quotes the text."""
    found = CONTROL_CHARACTERS.search(text or "")
    if found:
        return _("{field} contains a control character (U+{code}); remove it").format(
            field=label, code=f"{ord(found.group(0)):04X}"
        )
    escape = EXCEL_ESCAPE.search(text or "")
    if escape:
        return _(
            "{field} contains “{escape}”, which Excel reads as a hidden character; remove it"
        ).format(field=label, escape=escape.group(0))
    return None


def match_key(text: str | None) -> str:
    """How names and words typed by people are matched: whatever the case and spacing."""
    return " ".join((text or "").split()).casefold()


# The Finnish alphabet ends ... x, y, z, å, ä, ö: those three sort after z, in that order
# (code points would put ä before å). The characters after "z" in ASCII keep that order.
# The Finnish alphabetical order (SFS 4600, as CLDR's Finnish collation has it): å, ä
# and ö after z; æ sorts as ä; ø, ő and œ as ö; ü and ű as y; the letters without an
# accent to take off as the letter they are read as (the Sámi đ and ŋ and ŧ as d, n, t;
# ł as l); every other accented Latin letter as its base letter: Áilu with A, Čuđđe with
# C, Šiljo with S, Žolnerowicz with Z (they came after Ö).
_SORTED_APART = {"å": "{", "ä": "|", "ö": "}", "æ": "|", "ø": "}", "ő": "}", "œ": "}"}
_READ_AS = {"ü": "y", "ű": "y", "đ": "d", "ð": "d", "ł": "l", "ŋ": "n", "ŧ": "t", "ħ": "h"}
_READ_AS |= {"ı": "i"}


def _finnish_order() -> dict[str, str]:
    """Each case-folded letter of Latin-1 and Latin Extended-A → the one it sorts as."""
    order = _SORTED_APART | _READ_AS
    for code in range(0xC0, 0x180):
        letter = chr(code)
        if letter in order or letter.casefold() != letter:
            continue
        decomposed = unicodedata.normalize("NFD", letter)
        base = decomposed[0]
        if len(decomposed) > 1 and base.isascii() and base.isalpha():
            order[letter] = base  # á → a, č → c, š → s …
    return order


# Each letter (case-folded) → the one it sorts as. The database sorts by this very table
# (storage/collation.py), so a list and a report give the same order.
FINNISH_ORDER: Mapping[str, str] = MappingProxyType(_finnish_order())
# One letter for one, none mapped onto a letter the table maps: one pass of a translation
# table gives the key (the database translates alike)
assert all(len(v) == 1 for v in FINNISH_ORDER.values())
assert not set(FINNISH_ORDER) & set(FINNISH_ORDER.values())
_FINNISH_TABLE = str.maketrans(dict(FINNISH_ORDER))


def finnish_key(text: str | None) -> str:
    """A sort key for names in Finnish alphabetical order, ignoring case."""
    key = clean(text).casefold()
    if not key.isascii():
        key = key.translate(_FINNISH_TABLE)
    return key


# How long a text may be, by what it holds: counted in characters, as PostgreSQL counts a
# VARCHAR's length (not bytes). Each limit is at most the length of the column that keeps
# the text (storage/orm.py; tests/unit/test_text_limits.py proves it), so a text one
# backend takes the other takes too. SQLite would take any length.
NAME_MAX = 100  # a person's last or first name; a municipality
SHORT_NAME_MAX = 80  # a country; an organisation's short name
TITLE_MAX = 200  # a job title, an organisation, an institution, a place or area, a role,
# a funder, a customer, a reference, a list value or a category
LONG_TITLE_MAX = 300  # a project's name, which often spells its aims out
EMAIL_MAX = 200
PHONE_MAX = 50
CODE_MAX = 40  # a project code, a meeting's number, a voucher number, a business ID
NOTE_MAX = 10_000  # notes, descriptions, summaries: a few pages, far more than a note needs


@dataclass(frozen=True)
class TextLimit:
    """How long one text field of a record may be, and its name in the message (an
    ``N_()`` string, translated when the message is made)."""

    limit: int
    label: str


def check_length(problems: Problems, field: str, value: str | None, limit: int, label: str) -> None:
    """A text longer than ``limit`` characters is refused, naming the field and the limit."""
    length = len(value or "")
    if length > limit:
        problems.add(
            field,
            _("{field} can be at most {max} characters (now {length})").format(
                field=label, max=format_number(limit), length=format_number(length)
            ),
        )


def check_lengths(problems: Problems, record: object, limits: Mapping[str, TextLimit]) -> None:
    """Every text field of ``record`` that ``limits`` names, against its limit and for
    characters no text keeps; and every date of ``record`` against the dates Oske keeps.
    Every record's ``validate`` calls this, so these rules hold for forms, imports and the
    command line alike."""
    for name, rule in limits.items():
        value = getattr(record, name)
        if not value or (len(value) <= rule.limit and text_problem(value, "") is None):
            continue  # the common case, asked of every row of an import: nothing to say
        check_length(problems, name, value, rule.limit, _(rule.label))
        check_characters(problems, name, value, _(rule.label))
    check_dates(problems, record)


def check_characters(problems: Problems, field: str, value: str | None, label: str) -> None:
    """A text with a control character or an Excel escape is refused, naming the field."""
    problem = text_problem(value, label)
    if problem and not problems.has(field):
        problems.add(field, problem)


def check_dates(problems: Problems, record: object) -> None:
    """Every date field of a dataclass ``record`` within the dates Oske keeps."""
    for name in _date_fields(type(record)):
        value = getattr(record, name, None)
        if isinstance(value, date) and not problems.has(name):
            try:
                check_date_range(value, name)
            except ValidationError as exc:
                problems.add(name, exc.message)


_DATE_FIELDS: dict[type, tuple[str, ...]] = {}


def _date_fields(kind: type) -> tuple[str, ...]:
    """The fields of a dataclass that may hold a date (their type names one), read once
    per class; none of another class. An import asks this of every row."""
    names = _DATE_FIELDS.get(kind)
    if names is None:
        fields = dataclasses.fields(kind) if dataclasses.is_dataclass(kind) else ()
        names = _DATE_FIELDS[kind] = tuple(f.name for f in fields if "date" in str(f.type))
    return names


def require_text(problems: Problems, field: str, value: str, label: str) -> None:
    if not clean(value):
        problems.add(field, _("{field} is required").format(field=label))


def check_period(problems: Problems, start: date | None, end: date | None) -> None:
    if start and end and end < start:
        problems.add("end", _("The end date is before the start date"))


def check_percent(problems: Problems, field: str, value: Decimal | None, label: str) -> None:
    if value is None:
        problems.add(field, _("{field} is required").format(field=label))
    elif not value.is_finite() or not (Decimal(1) <= value <= Decimal(100)):
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
    if not money_in_range(value):
        problems.add(field, money_range_message(label))
    elif value < 0 and not negative:
        problems.add(field, _("{field} cannot be negative").format(field=label))
    elif value != value.quantize(CENT):
        problems.add(field, _("{field} may have at most two decimals (cents)").format(field=label))


def check_email(problems: Problems, field: str, value: str) -> None:
    if problems.has(field):  # too long already: the message need not repeat the text
        return
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
