"""What the two PDF reports say, as plain records: the board-meeting financial summary
(*talousarvion toteutumavertailu*) and the annual report's tables (*toimintakertomus*).

The services fill these from the database; ``exports.reports`` lays them out. The rules
that decide a printed phrase — which date of an employment the staff list shows, how a
trainee or a project is written — live here, once, with their unit tests.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from domain.board import BoardSeat, BoardTerm, seat_order
from domain.caselog import AdvocateTitle, AreaTable, RequestCounts
from domain.finance import BudgetComparison, FundingTable, ProjectFinance
from domain.formats import format_period
from domain.organisation import Organisation
from domain.projects import Project
from domain.records import clean, finnish_key
from domain.staff import Headcount, StaffMember, Trainee


def year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def during_year(start: date | None, end: date | None, year: int) -> bool:
    """Whether a period (open ends allowed, both ends inclusive) touches the year."""
    first, last = year_bounds(year)
    return (start is None or start <= last) and (end is None or end >= first)


def period_in_year(start: date | None, end: date | None, year: int) -> str:
    """The dates of a period that fall inside the year, as the staff list prints them:
    ``1.4.2022 alkaen``, ``26.10.2022 saakka``, ``1.1.–31.3.2022``, or nothing for a
    person employed from before the year to after it. The first and the last day of the
    year are inside it: a start on 1.1.2022 is a new employment the report mentions."""
    first, last = year_bounds(year)
    shown_start = start if start is not None and first <= start <= last else None
    shown_end = end if end is not None and first <= end <= last else None
    return format_period(shown_start, shown_end)


def staff_line(member: StaffMember, year: int) -> str:
    """``Kantola Marjo, hallintoassistentti 1.4.2022 alkaen``."""
    text = member.full_name
    if clean(member.title):
        text += f", {clean(member.title)}"
    period = period_in_year(member.start, member.end, year)
    return f"{text} {period}" if period else text


def trainee_line(trainee: Trainee, project: Project | None) -> str:
    """``Laine Aino, harjoittelu, Tampereen yliopisto, TulLas, 1.9.–30.11.2022``: the kind,
    institution, project and period, those that are known."""
    parts = [trainee.full_name, trainee.kind.label if trainee.kind else ""]
    parts += [clean(trainee.institution), clean(project.code) if project else ""]
    parts.append(format_period(trainee.start, trainee.end))
    return ", ".join(p for p in parts if p)


def staff_of_year(staff: Iterable[StaffMember], year: int) -> list[StaffMember]:
    """The people employed at some time during the year, by last name and first name."""
    kept = [s for s in staff if during_year(s.start, s.end, year)]
    return sorted(
        kept,
        key=lambda s: (finnish_key(s.last_name), finnish_key(s.first_name), s.start or date.min),
    )


@dataclass(frozen=True)
class BoardOfTerm:
    """A term in force during the year, with its seats in the annual report's order."""

    term: BoardTerm
    seats: tuple[BoardSeat, ...]

    @classmethod
    def of(cls, term: BoardTerm, seats: Iterable[BoardSeat]) -> BoardOfTerm:
        return cls(term, tuple(sorted(seats, key=seat_order)))


@dataclass(frozen=True)
class ProjectLine:
    """A project of the year as the annual report lists it."""

    code: str
    name: str
    period: str
    our_role: str
    lead_organisation: str
    funders: tuple[str, ...]


@dataclass(frozen=True)
class ReportSectionText:
    """A free-text section of the annual report (foreword, highlights), as typed."""

    heading: str
    text: str


@dataclass(frozen=True)
class AnnualReport:
    """The annual report's tables for one calendar year."""

    year: int
    organisation: Organisation
    texts: tuple[ReportSectionText, ...]
    boards: tuple[BoardOfTerm, ...]
    meeting_sentence: str
    funding: FundingTable
    income: Decimal
    expenses: Decimal
    headcount_start: Headcount
    headcount_end: Headcount
    staff_lines: tuple[str, ...]
    trainee_lines: tuple[str, ...]
    projects: tuple[ProjectLine, ...]
    advocate_title: AdvocateTitle
    areas: AreaTable
    requests: RequestCounts
    active_guardians: int
    guardians_counted_on: date  # the bank keeps no history: counted as it stands on this day

    @property
    def result(self) -> Decimal:
        return self.income - self.expenses

    @property
    def has_finances(self) -> bool:
        return bool(self.funding.rows) or bool(self.income) or bool(self.expenses)


@dataclass(frozen=True)
class BoardSummary:
    """The board-meeting financial summary on one day."""

    as_of: date
    organisation: Organisation
    comparison: BudgetComparison
    funding: FundingTable  # income by source from 1 January to as_of
    projects: tuple[ProjectFinance, ...] = field(default_factory=tuple)
