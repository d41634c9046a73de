"""The project register: projects, their partners, funding lines and the staff in them.

A project has a code (lyhenne: MONNI, TulLas, Tool4Teen — case kept as written, unique
whatever the case), a period that is often extended, a status (planned, applied, granted,
rejected) and our role in it. Whether a granted project is upcoming, running or ended on
a day follows from its dates and is never stored.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import ClassVar

from domain.errors import Problems, ValidationError
from domain.formats import format_money, format_percent, format_period
from domain.i18n import N_, _
from domain.records import (
    CENT,
    CODE_MAX,
    LONG_TITLE_MAX,
    NAME_MAX,
    NOTE_MAX,
    SHORT_NAME_MAX,
    TITLE_MAX,
    TextLimit,
    check_lengths,
    check_money,
    check_percent,
    check_period,
    clean,
    new_id,
    require_text,
)


class ProjectStatus(enum.Enum):
    PLANNED = "planned"
    APPLIED = "applied"
    GRANTED = "granted"
    REJECTED = "rejected"

    @property
    def label(self) -> str:
        return _(_STATUS_LABELS[self])


_STATUS_LABELS = {
    ProjectStatus.PLANNED: N_("planned"),
    ProjectStatus.APPLIED: N_("applied"),
    ProjectStatus.GRANTED: N_("granted"),
    ProjectStatus.REJECTED: N_("rejected"),
}


class OurRole(enum.Enum):
    ADMINISTRATOR = "administrator"
    LEAD_IMPLEMENTER = "lead implementer"
    CO_IMPLEMENTER = "co-implementer"
    EXPERT_SERVICE = "expert service"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _(_ROLE_LABELS[self])


_ROLE_LABELS = {
    OurRole.ADMINISTRATOR: N_("administrator"),
    OurRole.LEAD_IMPLEMENTER: N_("lead implementer"),
    OurRole.CO_IMPLEMENTER: N_("co-implementer"),
    OurRole.EXPERT_SERVICE: N_("expert service"),
    OurRole.OTHER: N_("other"),
}


class PartnerRole(enum.Enum):
    ADMINISTRATOR = "administrator"
    LEAD_IMPLEMENTER = "lead implementer"
    CO_IMPLEMENTER = "co-implementer"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _(_ROLE_LABELS[OurRole(self.value)])


class ProjectState(enum.Enum):
    """What a project is on a given day: its status, or for a granted one, where its dates put it."""

    PLANNED = "planned"
    APPLIED = "applied"
    REJECTED = "rejected"
    UPCOMING = "upcoming"
    RUNNING = "running"
    ENDED = "ended"

    @property
    def label(self) -> str:
        return _(_STATE_LABELS[self])


_STATE_LABELS = {
    ProjectState.PLANNED: N_("planned"),
    ProjectState.APPLIED: N_("applied"),
    ProjectState.REJECTED: N_("rejected"),
    ProjectState.UPCOMING: N_("upcoming"),
    ProjectState.RUNNING: N_("running"),
    ProjectState.ENDED: N_("ended"),
}


def code_key(code: str | None) -> str:
    """Codes are unique whatever their case: TulLas and TULLAS are the same project."""
    return clean(code).casefold()


@dataclass(eq=False)
class Project:
    code: str
    name: str
    our_role: OurRole
    start: date | None = None
    end: date | None = None
    status: ProjectStatus = ProjectStatus.GRANTED
    lead_organisation: str = ""
    total_budget: Decimal | None = None
    our_budget: Decimal | None = None
    description: str = ""
    id: str = field(default_factory=new_id)

    TEXT_LIMITS: ClassVar[dict[str, TextLimit]] = {
        "code": TextLimit(CODE_MAX, N_("Code")),
        "name": TextLimit(LONG_TITLE_MAX, N_("Name")),
        "lead_organisation": TextLimit(TITLE_MAX, N_("Lead organisation")),
        "description": TextLimit(NOTE_MAX, N_("Project description")),
    }

    @property
    def full_name(self) -> str:
        return f"{clean(self.code)} {clean(self.name)}".strip()

    @property
    def period(self) -> str:
        return format_period(self.start, self.end)

    def state_on(self, day: date) -> ProjectState:
        if self.status is not ProjectStatus.GRANTED:
            return ProjectState(self.status.value)
        if self.start is not None and day < self.start:
            return ProjectState.UPCOMING
        if self.end is not None and day > self.end:
            return ProjectState.ENDED
        return ProjectState.RUNNING

    def validate(self) -> None:
        p = Problems()
        require_text(p, "code", self.code, _("Code"))
        require_text(p, "name", self.name, _("Name"))
        if self.our_role is None:
            p.add("our_role", _("{field} is required").format(field=_("Our role")))
        check_period(p, self.start, self.end)
        check_money(p, "total_budget", self.total_budget, _("Total budget"))
        check_money(p, "our_budget", self.our_budget, _("Our budget"))
        if (
            not p.has("our_budget")
            and not p.has("total_budget")
            and self.total_budget is not None
            and self.our_budget is not None
            and self.our_budget > self.total_budget
        ):
            p.add(
                "our_budget",
                _("Our budget {ours} is more than the total budget {total}").format(
                    ours=format_money(self.our_budget), total=format_money(self.total_budget)
                ),
            )
        check_lengths(p, self, self.TEXT_LIMITS)
        p.raise_if_any()

    def tidy(self) -> None:
        for name in ("code", "name", "lead_organisation", "description"):
            setattr(self, name, clean(getattr(self, name)))


@dataclass(eq=False)
class ProjectPartner:
    project_id: str
    organisation: str
    role: PartnerRole | None = None
    country: str = "Suomi"
    id: str = field(default_factory=new_id)

    TEXT_LIMITS: ClassVar[dict[str, TextLimit]] = {
        "organisation": TextLimit(TITLE_MAX, N_("Organisation")),
        "country": TextLimit(SHORT_NAME_MAX, N_("Country")),
    }

    def validate(self) -> None:
        p = Problems()
        require_text(p, "organisation", self.organisation, _("Organisation"))
        check_lengths(p, self, self.TEXT_LIMITS)
        p.raise_if_any()

    def tidy(self) -> None:
        self.organisation = clean(self.organisation)
        self.country = clean(self.country) or "Suomi"


@dataclass(eq=False)
class FundingLine:
    project_id: str
    funder: str
    share_percent: Decimal | None = None
    amount: Decimal | None = None
    id: str = field(default_factory=new_id)

    TEXT_LIMITS: ClassVar[dict[str, TextLimit]] = {"funder": TextLimit(TITLE_MAX, N_("Funder"))}

    def validate(self) -> None:
        p = Problems()
        require_text(p, "funder", self.funder, _("Funder"))
        check_lengths(p, self, self.TEXT_LIMITS)
        if self.share_percent is not None and (
            not self.share_percent.is_finite() or not Decimal(0) <= self.share_percent <= 100
        ):
            p.add(
                "share_percent", _("{field} must be between 0 and 100").format(field=_("Share %"))
            )
        elif self.share_percent is not None and self.share_percent != self.share_percent.quantize(
            CENT
        ):
            p.add(
                "share_percent",
                _("{field} may have at most two decimals").format(field=_("Share %")),
            )
        check_money(p, "amount", self.amount, _("Amount"))
        p.raise_if_any()

    def tidy(self) -> None:
        self.funder = clean(self.funder)


@dataclass(eq=False)
class ProjectAssignment:
    """A staff member's role in a project for a period, with a share of working time."""

    project_id: str
    staff_id: str | None
    role: str
    fte_percent: Decimal | None = None
    start: date | None = None
    end: date | None = None
    id: str = field(default_factory=new_id)

    TEXT_LIMITS: ClassVar[dict[str, TextLimit]] = {"role": TextLimit(TITLE_MAX, N_("Role"))}

    def validate(self) -> None:
        p = Problems()
        if not self.staff_id:
            p.add("staff_id", _("{field} is required").format(field=_("Staff member")))
        require_text(p, "role", self.role, _("Role"))
        check_lengths(p, self, self.TEXT_LIMITS)
        if self.fte_percent is not None:
            check_percent(p, "fte_percent", self.fte_percent, _("FTE %"))
        check_period(p, self.start, self.end)
        p.raise_if_any()

    def tidy(self) -> None:
        self.role = clean(self.role)


def check_shares(lines: Iterable[FundingLine]) -> None:
    """The shares of one project's funders add up to at most 100 %."""
    lines = list(lines)
    total = sum((line.share_percent or Decimal(0) for line in lines), Decimal(0))
    if total > 100:
        raise ValidationError(
            "share_percent",
            _("The funders' shares add up to {total}; at most 100 % is possible").format(
                total=format_percent(total)
            ),
        )


def _inside(
    start: date | None, end: date | None, outer_start: date | None, outer_end: date | None
) -> bool:
    """Whether the period lies inside the outer one (an open end is inside only an open end)."""
    starts_inside = outer_start is None or (start is not None and start >= outer_start)
    ends_inside = outer_end is None or (end is not None and end <= outer_end)
    return starts_inside and ends_inside


def _period_text(start: date | None, end: date | None) -> str:
    return format_period(start, end) or _("(no dates)")


def check_assignment(
    assignment: ProjectAssignment,
    project: Project,
    employment: tuple[date | None, date | None] | None,
) -> None:
    """A role lies inside the project's period and inside the person's employment.

    ``employment`` is the person's employment period (start, end); the message names both
    periods so the person can see which way to correct."""
    assignment.validate()
    a_start = assignment.start if assignment.start is not None else project.start
    a_end = assignment.end if assignment.end is not None else project.end
    found = Problems()
    if not _inside(a_start, a_end, project.start, project.end):
        found.add(
            "start",
            _("The role's period {role} is not inside the project's period {project}").format(
                role=_period_text(a_start, a_end), project=_period_text(project.start, project.end)
            ),
        )
    if employment is not None and not _inside(a_start, a_end, *employment):
        found.add(
            "start" if not found.has("start") else "end",
            _("The role's period {role} is not inside the employment {employment}").format(
                role=_period_text(a_start, a_end), employment=_period_text(*employment)
            ),
        )
    found.raise_if_any()


def funding_warning(project: Project, lines: Iterable[FundingLine]) -> str:
    """A warning (not an error) when the funding amounts do not add up to our budget."""
    amounts = [line.amount for line in lines if line.amount is not None]
    if project.our_budget is None or not amounts:
        return ""
    total = sum(amounts, Decimal(0))
    if total == project.our_budget:
        return ""
    return _("The funding lines add up to {funding}, our budget is {budget}").format(
        funding=format_money(total), budget=format_money(project.our_budget)
    )


@dataclass(eq=False)
class AssignmentRow:
    """A project role as the workbook writes it: the person by name (Hanketehtävät sheet)."""

    project_id: str
    last_name: str
    first_name: str
    role: str
    fte_percent: Decimal | None = None
    start: date | None = None
    end: date | None = None
    id: str = field(default_factory=new_id)

    TEXT_LIMITS: ClassVar[dict[str, TextLimit]] = {
        "last_name": TextLimit(NAME_MAX, N_("Last name")),
        "first_name": TextLimit(NAME_MAX, N_("First name")),
        **ProjectAssignment.TEXT_LIMITS,
    }

    @classmethod
    def of(cls, assignment: ProjectAssignment, last_name: str, first_name: str) -> AssignmentRow:
        return cls(
            project_id=assignment.project_id,
            last_name=last_name,
            first_name=first_name,
            role=assignment.role,
            fte_percent=assignment.fte_percent,
            start=assignment.start,
            end=assignment.end,
            id=assignment.id,
        )

    @property
    def full_name(self) -> str:
        return f"{clean(self.last_name)} {clean(self.first_name)}".strip()

    def assignment(self, staff_id: str | None) -> ProjectAssignment:
        return ProjectAssignment(
            self.project_id, staff_id, self.role, self.fte_percent, self.start, self.end, self.id
        )

    def validate(self) -> None:
        p = Problems()
        require_text(p, "last_name", self.last_name, _("Last name"))
        require_text(p, "first_name", self.first_name, _("First name"))
        require_text(p, "role", self.role, _("Role"))
        check_lengths(p, self, self.TEXT_LIMITS)
        if self.fte_percent is not None:
            check_percent(p, "fte_percent", self.fte_percent, _("FTE %"))
        check_period(p, self.start, self.end)
        p.raise_if_any()

    def tidy(self) -> None:
        for name in ("last_name", "first_name", "role"):
            setattr(self, name, clean(getattr(self, name)))
