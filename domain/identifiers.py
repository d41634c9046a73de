"""Finnish identifiers and e-mail addresses, checked by the libraries that specialise in them."""

from __future__ import annotations

import re

from email_validator import EmailNotValidError, validate_email
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fi import hetu, ytunnus


def is_valid_business_id(text: str) -> bool:
    """Y-tunnus ``NNNNNNN-C`` with a correct check digit (weights 7, 9, 10, 5, 8, 4, 2)."""
    if not re.fullmatch(r"\d{7}-\d", (text or "").strip()):
        return False
    try:
        ytunnus.validate(text.strip())
    except StdnumError:
        return False
    return True


def is_valid_email(text: str) -> bool:
    try:
        validate_email(text.strip(), check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


_HETU_CANDIDATE = re.compile(r"\b\d{6}[-+A-FU-Y]\d{3}[0-9A-Y]\b", re.IGNORECASE)


def contains_personal_identity_code(text: str) -> bool:
    """True when ``text`` holds a real personal identity code (temporary ones count too).

    A pattern alone would refuse ordinary numbers; a match must also be a real date with
    a correct check character.
    """
    for match in _HETU_CANDIDATE.finditer(text or ""):
        try:
            hetu.validate(match.group(0).upper(), allow_temporary=True)
        except StdnumError:
            continue
        return True
    return False
