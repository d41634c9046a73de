"""The staff roster: people, their employment periods and working time; trainees apart."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import ClassVar

from domain.errors import Problems
from domain.i18n import N_, _
from domain.records import (
    EMAIL_MAX,
    NAME_MAX,
    NOTE_MAX,
    PHONE_MAX,
    TITLE_MAX,
    TextLimit,
    check_email,
    check_lengths,
    check_percent,
    check_period,
    clean,
    new_id,
    require_text,
    within,
)


class Employment(enum.Enum):
    PERMANENT = "permanent"
    FIXED_TERM = "fixed-term"

    @property
    def label(self) -> str:
        return _(_EMPLOYMENT_LABELS[self])


_EMPLOYMENT_LABELS = {
    Employment.PERMANENT: N_("permanent"),
    Employment.FIXED_TERM: N_("fixed-term"),
}


class TraineeKind(enum.Enum):
    INTERNSHIP = "internship"
    THESIS = "thesis"
    PROJECT_STUDIES = "project studies"
    WORK_TRIAL = "work trial"

    @property
    def label(self) -> str:
        return _(_TRAINEE_KIND_LABELS[self])


_TRAINEE_KIND_LABELS = {
    TraineeKind.INTERNSHIP: N_("internship"),
    TraineeKind.THESIS: N_("thesis"),
    TraineeKind.PROJECT_STUDIES: N_("project studies"),
    TraineeKind.WORK_TRIAL: N_("work trial"),
}


@dataclass(eq=False)
class StaffMember:
    """A person employed by the centre. Start and end are inclusive; either may be open."""

    last_name: str
    first_name: str
    title: str
    employment: Employment = Employment.PERMANENT
    fte_percent: Decimal = Decimal(100)
    start: date | None = None
    end: date | None = None
    email: str = ""
    phone: str = ""
    notes: str = ""
    id: str = field(default_factory=new_id)

    TEXT_LIMITS: ClassVar[dict[str, TextLimit]] = {
        "last_name": TextLimit(NAME_MAX, N_("Last name")),
        "first_name": TextLimit(NAME_MAX, N_("First name")),
        "title": TextLimit(TITLE_MAX, N_("Title")),
        "email": TextLimit(EMAIL_MAX, N_("Email")),
        "phone": TextLimit(PHONE_MAX, N_("Phone")),
        "notes": TextLimit(NOTE_MAX, N_("Notes")),
    }

    @property
    def full_name(self) -> str:
        """``Sukunimi Etunimi``, the form in which the workbook refers to a person."""
        return f"{clean(self.last_name)} {clean(self.first_name)}".strip()

    def employed_on(self, day: date) -> bool:
        return within(day, self.start, self.end)

    def validate(self) -> None:
        p = Problems()
        require_text(p, "last_name", self.last_name, _("Last name"))
        require_text(p, "first_name", self.first_name, _("First name"))
        require_text(p, "title", self.title, _("Title"))
        check_percent(p, "fte_percent", self.fte_percent, _("FTE %"))
        check_period(p, self.start, self.end)
        check_lengths(p, self, self.TEXT_LIMITS)
        check_email(p, "email", self.email)
        p.raise_if_any()

    def tidy(self) -> None:
        """Trim the text fields, as a person would expect after typing stray spaces."""
        for name in ("last_name", "first_name", "title", "email", "phone", "notes"):
            setattr(self, name, clean(getattr(self, name)))


@dataclass(eq=False)
class Trainee:
    """A trainee, thesis writer or work-trial participant: kept apart from the staff."""

    last_name: str
    first_name: str
    kind: TraineeKind
    start: date | None
    end: date | None = None
    institution: str = ""
    project_id: str | None = None  # a project of the register
    supervisor_id: str | None = None
    notes: str = ""
    id: str = field(default_factory=new_id)

    TEXT_LIMITS: ClassVar[dict[str, TextLimit]] = {
        "last_name": TextLimit(NAME_MAX, N_("Last name")),
        "first_name": TextLimit(NAME_MAX, N_("First name")),
        "institution": TextLimit(TITLE_MAX, N_("Institution")),
        "notes": TextLimit(NOTE_MAX, N_("Notes")),
    }

    @property
    def full_name(self) -> str:
        return f"{clean(self.last_name)} {clean(self.first_name)}".strip()

    def validate(self) -> None:
        p = Problems()
        require_text(p, "last_name", self.last_name, _("Last name"))
        require_text(p, "first_name", self.first_name, _("First name"))
        if self.kind is None:
            p.add("kind", _("{field} is required").format(field=_("Kind")))
        if self.start is None:
            p.add("start", _("{field} is required").format(field=_("Start")))
        check_period(p, self.start, self.end)
        check_lengths(p, self, self.TEXT_LIMITS)
        p.raise_if_any()

    def tidy(self) -> None:
        for name in ("last_name", "first_name", "institution", "notes"):
            setattr(self, name, clean(getattr(self, name)))


@dataclass(frozen=True)
class Headcount:
    """Who was employed on a day: the number of people and their working time in FTE."""

    day: date
    people: int
    fte: Decimal  # person-years: the FTE percentages summed and divided by 100


def headcount_on(staff: Iterable[StaffMember], day: date) -> Headcount:
    employed = [s for s in staff if s.employed_on(day)]
    fte = sum((s.fte_percent for s in employed), Decimal(0)) / Decimal(100)
    return Headcount(day, len(employed), fte)
