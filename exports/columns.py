"""The types of workbook columns: how a value is written to a cell and read back.

Each type turns an Excel cell (a date, a number or text) into the domain's value, or
raises ``CellError`` with a message that says what is wrong with it.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import Any, ClassVar

from domain.caselog import ReferenceKind, ReferenceValue
from domain.errors import ValidationError
from domain.formats import (
    FIRST_DAY,
    LAST_DAY,
    MONEY_MAX,
    check_date_range,
    check_number,
    format_date,
    format_money,
    money_in_range,
    parse_date,
    parse_decimal,
)
from domain.i18n import _


class CellError(Exception):
    """A cell whose content does not fit its column."""


def _text_of(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer() and abs(cell) < 1e15:
        return str(int(cell))
    if isinstance(cell, datetime):
        return format_date(cell.date())
    if isinstance(cell, date):
        return format_date(cell)
    return str(cell).strip()


# What XML 1.0 (and so Excel's file) cannot hold: most C0 controls, the non-characters
# U+FFFE and U+FFFF, and a lone surrogate. Excel itself writes such a character as _xHHHH_.
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_ESCAPE_LIKE = re.compile("_(x[0-9A-Fa-f]{4}_)")


def excel_text(value: Any) -> Any:
    """A text as the workbook can hold it, unchanged when it already can.

    The domain refuses control characters and ``_xHHHH_`` in new text, but an old database
    may hold them, and an export must never fail on what is stored. A vertical tab
    (Word's manual line break) is written as a line break; another control character the
    way Excel writes it (``_x0001_``); a text that already reads ``_x001B_`` gets its
    underscore escaped (``_x005F_x001B_``) so that it is read back as written, not as ESC.
    A re-import then refuses the control character, naming the sheet, row and column.
    """
    if not isinstance(value, str):
        return value
    if "_x" in value or "_X" in value:
        value = _ESCAPE_LIKE.sub(r"_x005F_\1", value)
    if _NOT_IN_XML.search(value):
        value = _NOT_IN_XML.sub(
            lambda m: "\n" if m.group(0) == "\x0b" else f"_x{ord(m.group(0)):04X}_", value
        )
    return value


# Text starting with one of these would be read by Excel as a formula: written as text
FORMULA_STARTS = ("=", "+", "-", "@")


def formula_like(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def is_blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


class ColumnType:
    number_format: str | None = None
    width: int = 18
    # The same few values on many rows (a date, a name, a list's value), each read the
    # same way whichever row holds it: the import reads each once per sheet. ``parse``
    # of such a type depends on the cell alone.
    repeats: ClassVar[bool] = False

    def to_cell(self, value: Any, lang: str) -> Any:
        return value

    def parse(self, cell: Any) -> Any:
        raise NotImplementedError


class Text(ColumnType):
    width = 24

    def __init__(self, width: int = 24) -> None:
        self.width = width

    def to_cell(self, value: Any, lang: str) -> Any:
        return value or None

    def parse(self, cell: Any) -> str:
        return _text_of(cell)


class DateType(ColumnType):
    number_format = "d.m.yyyy"
    width = 12
    repeats = True

    def to_cell(self, value: Any, lang: str) -> Any:
        # Excel has no date before 1900 (openpyxl would write a negative serial, read back
        # as a time of day): a stored date outside the dates Oske keeps, from an older
        # version, is written as text with its year in full, which the import then refuses
        # with the range, instead of taking another date.
        if isinstance(value, date) and not FIRST_DAY <= value <= LAST_DAY:
            return f"{value.day}.{value.month}.{value.year:04d}"
        return value

    def parse(self, cell: Any) -> date | None:
        if isinstance(cell, (date, datetime)):
            day = cell.date() if isinstance(cell, datetime) else cell
            try:
                check_date_range(day)
            except ValidationError as exc:
                raise CellError(exc.message) from None
            return day
        if isinstance(cell, (int, float)):
            raise CellError(
                _("“{text}” is not a date; write it as d.m.yyyy").format(text=_text_of(cell))
            )
        try:
            return parse_date(_text_of(cell))
        except ValidationError as exc:
            raise CellError(exc.message) from None


def decimal_from_cell(cell: Any) -> Decimal | None:
    """A cell as an exact Decimal; float cells via their shortest representation. A number
    that is not finite (NaN, INF) or absurdly large (1e308) is refused here, before a
    column's rule rounds it or compares it (domain.formats.check_number)."""
    if isinstance(cell, bool):
        raise CellError(_("“{text}” is not a number").format(text=cell))
    if isinstance(cell, (date, datetime)):
        raise CellError(_("“{text}” is not a number").format(text=_text_of(cell)))
    try:
        if isinstance(cell, (int, float)):
            value = Decimal(cell) if isinstance(cell, int) else Decimal(repr(cell))
            check_number(value, text=_text_of(cell))
            return value
        return parse_decimal(_text_of(cell))
    except ValidationError as exc:
        raise CellError(exc.message) from None


class Money(ColumnType):
    number_format = '#,##0.00\\ "€"'
    width = 14

    def __init__(self, minimum: Decimal | None = None) -> None:
        self.minimum = minimum

    def to_cell(self, value: Any, lang: str) -> Any:
        # Excel keeps numbers as binary floats; two decimals survive the trip exactly
        # because reading back rounds to the nearest cent.
        return None if value is None else float(value)

    def parse(self, cell: Any) -> Decimal | None:
        value = decimal_from_cell(cell)
        if value is None:
            return None
        if not money_in_range(value):
            raise CellError(
                _("{text} is outside −{max}…{max}").format(
                    text=_text_of(cell), max=format_money(MONEY_MAX)
                )
            )
        cents = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)
        if cents != value:
            # A float artefact (9250.230000000001) is taken to its cent; a real third
            # decimal (10.005) is a mistake someone must look at.
            if isinstance(cell, float) and abs(cents - value) < Decimal("0.0000001"):
                value = cents
            else:
                raise CellError(_("{text} has more than two decimals").format(text=_text_of(cell)))
        if self.minimum is not None and cents < self.minimum:
            raise CellError(_("must be at least {minimum}").format(minimum=self.minimum))
        return cents


class Number(ColumnType):
    # No format: General, which shows 100 as "100" and 37.5 as "37,5" (with the reader's
    # separator) in Excel, LibreOffice and Gnumeric. "0.##" showed "100." in Excel and
    # Gnumeric; "0.0#" would show "100,0". The values have at most a few decimals, so
    # General never falls back to scientific notation here.
    number_format = None
    width = 10

    def __init__(self, minimum: Decimal | None = None, maximum: Decimal | None = None) -> None:
        self.minimum = minimum
        self.maximum = maximum

    def to_cell(self, value: Any, lang: str) -> Any:
        if value is None:
            return None
        value = Decimal(value)
        return int(value) if value == value.to_integral_value() else float(value)

    def parse(self, cell: Any) -> Decimal | None:
        value = decimal_from_cell(cell)
        if value is None:
            return None
        if isinstance(cell, float):
            value = value.quantize(Decimal("0.0001")).normalize()
        if self.maximum is None and self.minimum is not None and value < self.minimum:
            raise CellError(_("must be at least {minimum}").format(minimum=self.minimum))
        if (self.minimum is not None and value < self.minimum) or (
            self.maximum is not None and value > self.maximum
        ):
            raise CellError(
                _("{text} is outside {minimum}–{maximum}").format(
                    text=_text_of(cell), minimum=self.minimum, maximum=self.maximum
                )
            )
        return value


# A whole-number column (a year, minutes) is a 32-bit INTEGER on PostgreSQL.
INTEGER_MAX = 2**31 - 1


class Integer(ColumnType):
    number_format = "0"
    width = 10

    def __init__(self, minimum: int | None = None) -> None:
        self.minimum = minimum

    def parse(self, cell: Any) -> int | None:
        value = decimal_from_cell(cell)
        if value is None:
            return None
        try:
            whole = int(value)
        except (InvalidOperation, ValueError):
            raise CellError(
                _("“{text}” is not a whole number").format(text=_text_of(cell))
            ) from None
        if whole != value:
            raise CellError(_("“{text}” is not a whole number").format(text=_text_of(cell)))
        if abs(whole) > INTEGER_MAX:  # looked up (a budget's year) before its record is checked
            raise CellError(_("“{text}” is too large a number").format(text=_text_of(cell)))
        if self.minimum is not None and whole < self.minimum:
            raise CellError(_("must be at least {minimum}").format(minimum=self.minimum))
        return whole


@dataclass(frozen=True)
class Option:
    value: Any
    fi: str
    en: str


class Choice(ColumnType):
    """One of a fixed list, written in the export language and read in either."""

    repeats = True

    def __init__(self, *options: Option, width: int = 18) -> None:
        self.options = options
        self.width = width
        self._lookup: dict[str, Any] = {}
        for o in options:
            for name in (o.fi, o.en, o.value.value if isinstance(o.value, enum.Enum) else o.value):
                self._lookup[str(name).casefold()] = o.value

    def to_cell(self, value: Any, lang: str) -> Any:
        for o in self.options:
            if o.value == value:
                return o.fi if lang == "fi" else o.en
        return None

    def parse(self, cell: Any) -> Any:
        text = _text_of(cell)
        if not text:
            return None
        try:
            return self._lookup[text.casefold()]
        except KeyError:
            allowed = ", ".join(o.fi for o in self.options)
            raise CellError(
                _("“{text}” is not one of: {allowed}").format(text=text, allowed=allowed)
            ) from None


@dataclass(frozen=True)
class PersonRef(ColumnType):
    """A person (``Sukunimi Etunimi``) in another sheet or in the database; stored as an ID."""

    repeats = True

    sheet: str = "staff"
    on_date_of: str | None = None  # a date column of this row that tells namesakes apart
    width: int = 24
    number_format: str | None = field(default=None)

    def parse(self, cell: Any) -> str:
        return " ".join(_text_of(cell).split())


@dataclass(frozen=True)
class ProjectRef(ColumnType):
    """A project by its code, in the Hankkeet sheet or in the database; stored as an ID."""

    repeats = True

    width: int = 12
    number_format: str | None = field(default=None)

    def parse(self, cell: Any) -> str:
        return " ".join(_text_of(cell).split())


@dataclass(frozen=True)
class CategoryRef(ColumnType):
    """An income or expense category by its name, in the Luokat sheet or in the database;
    stored as an ID. Read in any case, with its spacing folded."""

    repeats = True

    width: int = 28
    number_format: str | None = field(default=None)

    def parse(self, cell: Any) -> str:
        return " ".join(_text_of(cell).split())


@dataclass(frozen=True)
class ReferenceChoice(ColumnType):
    """A value of one of the editable reference lists (service area, reason, requester …).

    Written by its name in the export language; read by its Finnish or English name, in
    any case. A column of several values (reasons, measures) joins them with ``; ``.
    The store turns names into IDs; service areas are looked up in the sector that the
    column ``sector_of`` of the same row names, since both sectors have one called “muut”.
    """

    repeats = True

    kind: ReferenceKind
    multiple: bool = False
    sector_of: str | None = None
    width: int = 22
    number_format: str | None = field(default=None)

    def parse(self, cell: Any) -> str | list[str]:
        text = _text_of(cell)
        if not self.multiple:
            return " ".join(text.split())
        return [" ".join(part.split()) for part in text.split(";") if part.strip()]

    def text(self, value: Any, values: Mapping[str, ReferenceValue], lang: str) -> str | None:
        """The cell for ``value`` (an ID, or a list of IDs), named from ``values`` by ID."""
        ids = value if isinstance(value, (list, tuple)) else [value] if value else []
        names = [values[i].name(lang) for i in ids if i in values]
        return "; ".join(names) or None


class Areas(ColumnType):
    """A list of names in one cell (the areas an organisation serves): separated by ``; ``,
    or one per line when a name itself holds a semicolon; read either way."""

    width = 60

    def to_cell(self, value: Any, lang: str) -> Any:
        names = list(value or ())
        if not names:
            return None
        return ("\n" if any(";" in name for name in names) else "; ").join(names)

    def parse(self, cell: Any) -> list[str]:
        text = _text_of(cell)
        parts = text.splitlines() if "\n" in text or "\r" in text else text.split(";")
        return [part.strip() for part in parts if part.strip()]
