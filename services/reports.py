"""The two PDF reports: their figures gathered from the database, then laid out by
``exports.reports``. Every figure is the one the tabs show (the same service functions),
and a report reads them all in one snapshot of the database (``db.snapshot()``), so a
write committed meanwhile shows in all its figures or in none."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from domain.board import meeting_summary
from domain.caselog import advocate_title
from domain.finance import CategoryKind, funding_table, year_start
from domain.organisation import LegalForm
from domain.records import finnish_key
from domain.report_texts import ReportSection
from domain.reports import (
    AnnualReport,
    BoardOfTerm,
    BoardSummary,
    ProjectLine,
    ReportSectionText,
    during_year,
    staff_line,
    staff_of_year,
    trainee_line,
    year_bounds,
)
from domain.staff import headcount_on
from exports.reports import write_annual_report, write_board_summary
from services.caselog import case_areas, yearly_request_counts
from services.finance import budget_comparison, funding_sources, project_finances
from storage.database import Database


def board_summary(db: Database, as_of: date) -> BoardSummary:
    """The board-meeting financial summary on ``as_of``: budget versus actual from
    1 January, income by source so far and the projects' finances."""
    with db.snapshot() as uow:
        categories = uow.categories.all()
        income = uow.transactions.sums_by_category(year_start(as_of), as_of)
        return BoardSummary(
            as_of=as_of,
            organisation=uow.settings.organisation(),
            comparison=budget_comparison(uow, as_of),
            funding=funding_table(as_of.year, categories, income),
            projects=tuple(project_finances(uow, as_of)),
        )


def annual_report(db: Database, year: int, *, today: date | None = None) -> AnnualReport:
    """The annual report's tables for ``year``."""
    first, last = year_bounds(year)
    today = today or date.today()  # the guardian bank keeps no history: counted as it is
    with db.snapshot() as uow:
        organisation = uow.settings.organisation()
        texts = uow.settings.report_texts(year)
        boards = tuple(
            BoardOfTerm.of(term, uow.board_seats.of_term(term.id))
            for term in sorted(uow.board_terms.all(), key=lambda t: t.start)
            if during_year(term.start, term.end, year)
        )
        association = organisation.legal_form is LegalForm.ASSOCIATION
        sentence = meeting_summary(uow.meetings.all(), year, association=association)
        sums = uow.transactions.sums_by_category(first, last)
        kinds = {c.id: c.kind for c in uow.categories.all()}
        income = sum(
            (a for c, a in sums.items() if kinds.get(c) is CategoryKind.INCOME), Decimal("0.00")
        )
        expenses = sum(
            (a for c, a in sums.items() if kinds.get(c) is CategoryKind.EXPENSE), Decimal("0.00")
        )
        staff = uow.staff.all()
        projects = {p.id: p for p in uow.projects.all()}
        trainees = sorted(
            (t for t in uow.trainees.all() if during_year(t.start, t.end, year)),
            key=lambda t: (finnish_key(t.last_name), finnish_key(t.first_name), t.start or first),
        )
        funders: dict[str, list[str]] = {}
        # The largest share first, as the project's own list shows them
        for line in sorted(
            uow.funding.all(),
            key=lambda f: (-(f.share_percent or 0), -(f.amount or 0), finnish_key(f.funder)),
        ):
            funders.setdefault(line.project_id, []).append(line.funder)
        project_lines = tuple(
            ProjectLine(
                p.code,
                p.name,
                p.period,
                p.our_role.label,
                p.lead_organisation,
                tuple(funders.get(p.id, ())),
            )
            for p in sorted(projects.values(), key=lambda p: finnish_key(p.code))
            if during_year(p.start, p.end, year)
        )
        guardians = sum(1 for g in uow.guardians.all() if g.active)
        return AnnualReport(
            year=year,
            organisation=organisation,
            texts=tuple(
                ReportSectionText(section.label, texts.text(section))
                for section in ReportSection
                if texts.text(section).strip()
            ),
            boards=boards,
            meeting_sentence=sentence,
            funding=funding_sources(uow, year),
            income=income,
            expenses=expenses,
            headcount_start=headcount_on(staff, first),
            headcount_end=headcount_on(staff, last),
            staff_lines=tuple(staff_line(s, year) for s in staff_of_year(staff, year)),
            trainee_lines=tuple(
                trainee_line(t, projects.get(t.project_id or "")) for t in trainees
            ),
            projects=project_lines,
            advocate_title=advocate_title(first, last),
            areas=case_areas(uow, first, last),
            requests=yearly_request_counts(uow, year),
            active_guardians=guardians,
            guardians_counted_on=today,
        )


def write_board_report(
    db: Database,
    as_of: date,
    path: Path | str,
    *,
    generated: datetime | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> Path:
    """Write the board-meeting financial summary on ``as_of`` to ``path``."""
    return write_board_summary(
        path, board_summary(db, as_of), generated=generated or datetime.now(), cancelled=cancelled
    )


def write_annual(
    db: Database,
    year: int,
    path: Path | str,
    *,
    generated: datetime | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> Path:
    """Write the annual report's tables for ``year`` to ``path``."""
    when = generated or datetime.now()
    return write_annual_report(
        path, annual_report(db, year, today=when.date()), generated=when, cancelled=cancelled
    )
