"""The organisation whose office uses Oske: its name, business ID and the areas it serves."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import ClassVar

from domain.errors import Problems
from domain.i18n import N_, _
from domain.identifiers import is_valid_business_id
from domain.records import (
    CODE_MAX,
    SHORT_NAME_MAX,
    TITLE_MAX,
    TextLimit,
    check_length,
    check_lengths,
    clean,
)


class LegalForm(enum.Enum):
    LIMITED_COMPANY = "oy"
    ASSOCIATION = "ry"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _(_LEGAL_FORM_LABELS[self])


_LEGAL_FORM_LABELS = {
    LegalForm.LIMITED_COMPANY: N_("limited company (osakeyhtiö)"),
    LegalForm.ASSOCIATION: N_("association (yhdistys)"),
    LegalForm.OTHER: N_("other"),
}


@dataclass
class Organisation:
    name: str = ""
    short_name: str = ""
    business_id: str = ""
    legal_form: LegalForm = LegalForm.LIMITED_COMPANY
    address: str = ""
    areas: list[str] = field(default_factory=list)
    board_seat_cap: int | None = None  # the articles' maximum of board members; None: no cap

    TEXT_LIMITS: ClassVar[dict[str, TextLimit]] = {
        "name": TextLimit(TITLE_MAX, N_("Name")),
        "short_name": TextLimit(SHORT_NAME_MAX, N_("Short name")),
        "business_id": TextLimit(CODE_MAX, N_("Business ID")),
        "address": TextLimit(TITLE_MAX, N_("Address")),
    }

    def validate(self) -> None:
        p = Problems()
        if not clean(self.name):
            p.add("name", _("{field} is required").format(field=_("Name")))
        check_lengths(p, self, self.TEXT_LIMITS)
        if (
            clean(self.business_id)
            and not p.has("business_id")
            and not is_valid_business_id(self.business_id)
        ):
            p.add(
                "business_id",
                _("“{text}” is not a valid business ID (format 1234567-8, check digit)").format(
                    text=clean(self.business_id)
                ),
            )
        # An area served becomes a case event's area: it fits where that is kept.
        longest = max((clean(a) for a in self.areas), key=len, default="")
        check_length(p, "areas", longest, TITLE_MAX, _("Area"))
        seen: set[str] = set()
        for area in self.areas:
            key = clean(area).casefold()
            if key in seen:
                p.add("areas", _("The area “{area}” is listed twice").format(area=clean(area)))
            seen.add(key)
        if self.board_seat_cap is not None and not 1 <= self.board_seat_cap <= 99:
            p.add(
                "board_seat_cap", _("The maximum number of board members must be between 1 and 99")
            )
        p.raise_if_any()

    def tidy(self) -> None:
        self.name = clean(self.name)
        self.short_name = clean(self.short_name)
        self.business_id = clean(self.business_id)
        self.address = clean(self.address)
        self.areas = [clean(a) for a in self.areas if clean(a)]
