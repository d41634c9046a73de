"""The annual report's free-text sections (foreword, highlights), written anew each year."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from domain.errors import Problems
from domain.formats import format_number
from domain.i18n import N_, _

FIRST_YEAR, LAST_YEAR = 1900, 2100
MAX_TEXT_LENGTH = 20_000  # characters; some pages of the report, and far more than a foreword needs


class ReportSection(enum.Enum):
    """A free-text section of the annual report, in the order the report prints them."""

    FOREWORD = "foreword"
    HIGHLIGHTS = "highlights"

    @property
    def label(self) -> str:
        """The section's heading in the interface language."""
        return _(_SECTION_LABELS[self])


_SECTION_LABELS = {
    ReportSection.FOREWORD: N_("Foreword"),
    ReportSection.HIGHLIGHTS: N_("Highlights of the year"),
}


@dataclass(frozen=True)
class ReportTexts:
    """One year's free texts; a section without text is left out of the report."""

    year: int
    texts: dict[ReportSection, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # A copy, so that the caller's dict changing later does not change these texts.
        object.__setattr__(self, "texts", dict(self.texts))

    def text(self, section: ReportSection) -> str:
        """The section's text, or "" when it has none."""
        return self.texts.get(section, "")

    def tidied(self) -> ReportTexts:
        """The same texts without surrounding blank space; sections left empty are dropped."""
        kept = {s: self.text(s).strip() for s in ReportSection if self.text(s).strip()}
        return ReportTexts(self.year, kept)

    def is_empty(self) -> bool:
        return not self.tidied().texts

    def validate(self) -> None:
        p = Problems()
        if not FIRST_YEAR <= self.year <= LAST_YEAR:
            p.add(
                "year",
                _("The year must be between {first} and {last}").format(
                    first=FIRST_YEAR, last=LAST_YEAR
                ),
            )
        for section in ReportSection:
            length = len(
                self.text(section).strip()
            )  # as stored: surrounding blank space is dropped
            if length > MAX_TEXT_LENGTH:
                p.add(
                    section.value,
                    _("{field}: the text is too long, {length} characters (at most {max})").format(
                        field=section.label,
                        length=format_number(length),
                        max=format_number(MAX_TEXT_LENGTH),
                    ),
                )
        p.raise_if_any()
