"""Finnish formats for dates, periods, numbers, money and per cents.

Numbers are written as Finnish has them (groups of three with a no-break space, a decimal
comma, a no-break space before € and %), rounded half to even as Decimal rounds. Dates are
written ``7.6.2022`` and periods ``21.3.–30.4.2022``. Finnish style is used in both
interface languages: it is how the centre's data is written.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from domain.errors import ValidationError
from domain.i18n import _

NBSP = "\u00a0"
EN_DASH = "\u2013"

# The edges of what Oske keeps. A value outside is refused with a message that says the
# range, wherever it comes from (a form, the workbook, the command line), before anything
# computes with it: a Decimal of 1e30 cannot even be rounded to the cent in the default
# context, and an integer of 10^20 does not fit a 64-bit column.
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2100, 12, 31)
FIRST_YEAR = FIRST_DAY.year
LAST_YEAR = LAST_DAY.year
# Money is stored as integer cents (a 64-bit column holds ±92 233 720 368 547 758,07 €):
# a thousand billion euros less a cent leaves a margin of ten thousand times for sums.
MONEY_MAX = Decimal("999999999999.99")
# Any number typed or read is at most this large before its own field's rule is checked.
NUMBER_MAX = Decimal(10) ** 15


def format_date(day: date | None) -> str:
    if day is None:
        return ""
    return f"{day.day}.{day.month}.{day.year}"


def format_period(start: date | None, end: date | None) -> str:
    """A period as printed in the annual report.

    ``21.3.–30.4.2022`` within one year, ``1.1.2020–31.12.2022`` across years,
    ``1.4.2022 alkaen`` with an open end, ``26.10.2022 saakka`` with an open start,
    and nothing when both ends are open (employed all along).
    """
    if start and end:
        if start.year == end.year:
            return f"{start.day}.{start.month}.{EN_DASH}{format_date(end)}"
        return f"{format_date(start)}{EN_DASH}{format_date(end)}"
    if start:
        return _("from {date}").format(date=format_date(start))
    if end:
        return _("until {date}").format(date=format_date(end))
    return ""


def _finnish_number(value: Decimal | int, decimals: int, *, all_decimals: bool) -> str:
    """``value`` to ``decimals`` places: ``-1 234 567,50`` with no-break spaces; without
    ``all_decimals`` the fraction's trailing zeros dropped (``62,5``, ``80``).

    Written here rather than by a locale library: it is the one format Oske writes, and
    loading a locale's data took ~15 ms of every start-up (issue 22). A value that rounds
    to zero is written without a sign, never ``-0``."""
    number = Decimal(value)
    if not number.is_finite():
        return str(number)
    rounded = number.quantize(Decimal(1).scaleb(-decimals))  # half to even
    whole, _point, fraction = f"{abs(rounded):f}".partition(".")
    if not all_decimals:
        fraction = fraction.rstrip("0")
    text = f"{int(whole):,}".replace(",", NBSP) + ("," + fraction if fraction else "")
    return "-" + text if rounded < 0 else text


def format_number(value: Decimal | int | None, decimals: int = 0) -> str:
    if value is None:
        return ""
    return _finnish_number(value, decimals, all_decimals=True)


def format_decimal_short(value: Decimal | int | None) -> str:
    """A number with as many decimals as it has (at most two): ``80``, ``62,5``."""
    if value is None:
        return ""
    return _finnish_number(value, 2, all_decimals=False)


def format_money(value: Decimal | None) -> str:
    if value is None:
        return ""
    return f"{_finnish_number(value, 2, all_decimals=True)}{NBSP}€"


def format_percent(value: Decimal | int | None, decimals: int = 0) -> str:
    """A per cent given in per cents (44 → ``44 %``)."""
    if value is None:
        return ""
    if decimals:
        return f"{format_number(value, decimals)}{NBSP}%"
    return f"{format_decimal_short(value)}{NBSP}%"


NO_PERCENT = EN_DASH  # no budget to compare with


def percent_or_dash(value: Decimal | None) -> str:
    """A per cent to one decimal, or a dash where there is nothing to compare with."""
    return NO_PERCENT if value is None else format_percent(value, 1)


_FI_DATE = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*$")
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")
_MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def date_range_message(text: str) -> str:
    """Why a date outside FIRST_DAY–LAST_DAY is refused."""
    return _("“{text}” is outside the dates Oske keeps: dates from {first} to {last}").format(
        text=text, first=format_date(FIRST_DAY), last=format_date(LAST_DAY)
    )


def check_date_range(day: date | None, field: str = "") -> None:
    """A date outside FIRST_DAY–LAST_DAY raises ValidationError; no date is fine."""
    if day is not None and not FIRST_DAY <= day <= LAST_DAY:
        raise ValidationError(field, date_range_message(format_date(day)))


def parse_date(text: str, field: str = "") -> date | None:
    """Read ``d.m.yyyy`` or ``yyyy-mm-dd``; empty text is no date.

    A date that does not exist (``31.11.2023``) is refused with a message that says why,
    never corrected silently; so is one outside FIRST_DAY–LAST_DAY (``1.1.0099``).
    """
    text = (text or "").strip()
    if not text:
        return None
    match = _FI_DATE.match(text)
    if match:
        d, m, y = (int(g) for g in match.groups())
    else:
        match = _ISO_DATE.match(text)
        if not match:
            raise ValidationError(
                field, _("“{text}” is not a date; write it as d.m.yyyy").format(text=text)
            )
        y, m, d = (int(g) for g in match.groups())
    if not 1 <= m <= 12:
        raise ValidationError(
            field, _("“{text}” is not a date: there is no month {month}").format(text=text, month=m)
        )
    if not FIRST_YEAR <= y <= LAST_YEAR:
        raise ValidationError(field, date_range_message(text))
    try:
        return date(y, m, d)
    except ValueError:
        days = _MONTH_DAYS[m - 1] if m != 2 else (29 if _is_leap(y) else 28)
        raise ValidationError(
            field,
            _("“{text}” is not a date: month {month} has {days} days").format(
                text=text, month=m, days=days
            ),
        ) from None


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def parse_decimal(text: str, field: str = "") -> Decimal | None:
    """Read a number written the Finnish way (``62,5``, ``4 530,77 €``) or with a point."""
    cleaned = (text or "").strip().replace(NBSP, "").replace(" ", "").replace("\u202f", "")
    cleaned = cleaned.removesuffix("€").removesuffix("%").replace(",", ".")
    if not cleaned:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValidationError(field, _("“{text}” is not a number").format(text=text)) from None
    check_number(value, field, text)
    return value


def check_number(value: Decimal, field: str = "", text: str | None = None) -> None:
    """A number that is not finite (NaN, infinity) or is absurdly large is refused before
    anything rounds or stores it; ``text`` is the number as it was written."""
    shown = text if text is not None else str(value)
    if not value.is_finite():
        raise ValidationError(field, _("“{text}” is not a number").format(text=shown))
    if abs(value) >= NUMBER_MAX:
        raise ValidationError(field, _("“{text}” is too large a number").format(text=shown.strip()))


def money_in_range(value: Decimal) -> bool:
    """Whether an amount of euros is within ±MONEY_MAX (a NaN or infinity is not)."""
    return value.is_finite() and abs(value) <= MONEY_MAX


def money_range_message(label: str) -> str:
    return _("{field} must be between −{max} and {max}").format(
        field=label, max=format_money(MONEY_MAX)
    )


def parse_whole_number(text: str, field: str = "") -> int | None:
    """Read a whole number (``9``); empty text is no number."""
    value = parse_decimal(text, field)
    if value is None:
        return None
    if value != value.to_integral_value():
        raise ValidationError(
            field, _("“{text}” is not a whole number").format(text=(text or "").strip())
        )
    return int(value)
