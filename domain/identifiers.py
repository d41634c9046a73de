"""Finnish identifiers and e-mail addresses, checked by the libraries that specialise in them."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

# python-stdnum and email-validator are imported in the functions that use them: they load
# when a value is first checked, not with every start of the window.


def is_valid_business_id(text: str) -> bool:
    """Y-tunnus ``NNNNNNN-C`` with a correct check digit (weights 7, 9, 10, 5, 8, 4, 2)."""
    if not re.fullmatch(r"\d{7}-\d", (text or "").strip()):
        return False
    from stdnum.exceptions import ValidationError as StdnumError
    from stdnum.fi import ytunnus

    try:
        ytunnus.validate(text.strip())
    except StdnumError:
        return False
    return True


def is_valid_email(text: str) -> bool:
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(text.strip(), check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


# --------------------------------------------------------------- personal identity codes
#
# A Finnish personal identity code (henkilötunnus) is DDMMYY, a century sign, a three-digit
# individual number and a check character: 131052-308T. Typed, pasted or disguised it comes
# in many shapes, so a copy of the text is normalised before it is searched: Unicode NFKC
# (full-width digits become digits), format characters removed (a zero-width space, a soft
# hyphen), every dash a hyphen-minus, every run of white space (a line break too) one space,
# upper case. A match must then be a real date with a correct check character (mod 31),
# which keeps ordinary numbers from being taken for a code.

_CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY"
_ANY_CENTURY = (1800, 1900, 2000)
_CENTURIES: dict[str, tuple[int, ...]] = {
    "+": (1800,),
    **dict.fromkeys("YXWVU", (1900,)),
    **dict.fromkeys("ABCDEF", (2000,)),
}
# Any dash may stand for any sign (an en dash typed for "A"): 29.2.00 is a day in 2000 only.
_CENTURIES["-"] = _ANY_CENTURY
_DASHES = "\u2212\u2796\ufe58"  # minus signs and dashes outside the category Pd
# With a century sign, a space may stand between any two characters (a line break in the
# middle of a pasted code). The lookahead finds overlapping candidates.
_SIGNED = re.compile(r"(?<!\d)(?=((?:\d ?){5}\d) ?([-+A-FU-Y]) ?((?:\d ?){2}\d) ?([0-9A-Y]))")
# Without one (a space instead of the sign, or nothing): six digits, three, a check character.
_UNSIGNED = re.compile(r"(?<!\d)(?=(\d{6})( ?)(\d{3})([0-9A-Y])(?!\d))")


def normalised_for_codes(text: str) -> str:
    """``text`` as the identity-code search reads it (see above)."""
    out: list[str] = []
    for ch in unicodedata.normalize("NFKC", text):
        category = unicodedata.category(ch)
        if category == "Cf":
            continue
        if category == "Pd" or ch in _DASHES:
            out.append("-")
        elif ch.isspace():
            out.append(" ")
        else:
            out.append(ch)
    return re.sub(" +", " ", "".join(out)).upper()


def _is_code(digits: str, centuries: tuple[int, ...], individual: str, check: str) -> bool:
    day, month, year = int(digits[:2]), int(digits[2:4]), int(digits[4:])
    if int(individual) < 2 or check != _CHECK_CHARACTERS[int(digits + individual) % 31]:
        return False
    for century in centuries:
        try:
            date(century + year, month, day)
        except ValueError:
            continue
        return True
    return False


def contains_personal_identity_code(text: str, *, strict: bool = False) -> bool:
    """True when ``text`` holds a real personal identity code (temporary ones count too),
    however it is disguised.

    Without its century sign a code is found when a space stands in the sign's place or
    its check character is a letter; ``strict`` (a short field such as a reference, where
    a ten-character number has no other business) finds a bare ``1310523081`` too.
    """
    if not text or sum(map(str.isdigit, text)) < 9:
        return False
    normal = normalised_for_codes(text)
    for match in _SIGNED.finditer(normal):
        digits, sign, individual, check = (g.replace(" ", "") for g in match.groups())
        if _is_code(digits, _CENTURIES[sign], individual, check):
            return True
    for match in _UNSIGNED.finditer(normal):
        digits, space, individual, check = match.groups()
        if not (strict or space or check.isalpha()):
            continue
        if _is_code(digits, _ANY_CENTURY, individual, check):
            return True
    return False
