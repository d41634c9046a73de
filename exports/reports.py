"""The two PDF reports, laid out from the records of ``domain.reports``: the board-meeting
financial summary (*talousarvion toteutumavertailu*) and the annual report's tables."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from reportlab.platypus import Flowable

from domain.board import BoardRole
from domain.caselog import AdvocateTitle, Matter
from domain.finance import (
    BudgetComparison,
    BudgetSection,
    FundingTable,
    ProjectFinance,
    project_total,
)
from domain.formats import (
    format_date,
    format_money,
    format_number,
    format_percent,
    format_period,
    percent_or_dash,
)
from domain.i18n import _
from domain.reports import AnnualReport, BoardOfTerm, BoardSummary, year_bounds
from exports.pdf import (
    SUBHEADING,
    SUBTITLE,
    TITLE,
    Row,
    bar_chart,
    build,
    bullet_list,
    heading,
    keep,
    note,
    para,
    space,
    subheading,
    table,
)


def _title_block(
    organisation_name: str, business_id: str, title: str, subtitle: str
) -> list[Flowable]:
    lines = [para(organisation_name or _("(organisation not set)"), TITLE)]
    below = [f"{_('Business ID')} {business_id}"] if business_id else []
    lines.append(para(title, TITLE))
    if subtitle:
        below.append(subtitle)
    if below:
        lines.append(para(" · ".join(below), SUBTITLE))
    return lines


# ----------------------------------------------------------------------------- board summary


def comparison_table(comparison: BudgetComparison) -> Flowable:
    elapsed = percent_or_dash(comparison.elapsed_percent)
    rows: list[Row] = []

    def section_rows(section: BudgetSection) -> None:
        rows.append(Row((section.kind.heading, "", "", "", "", ""), total=False))
        for r in section.rows:
            rows.append(
                Row(
                    (
                        "\u2003" + r.category.label,
                        format_money(r.budget),
                        format_money(r.actual),
                        percent_or_dash(r.realised_percent),
                        elapsed,
                        format_money(r.variance),
                    ),
                    warn=r.over_budget,
                )
            )
        rows.append(
            Row(
                (
                    section.kind.total_label,
                    format_money(section.budget),
                    format_money(section.actual),
                    percent_or_dash(section.realised_percent),
                    elapsed,
                    format_money(section.variance),
                ),
                total=True,
            )
        )

    for section in comparison.sections:
        section_rows(section)
    rows.append(
        Row(
            (
                _("Result"),
                format_money(comparison.result_budget),
                format_money(comparison.result_actual),
                "",
                "",
                format_money(comparison.result_variance),
            ),
            total=True,
        )
    )
    headers = (
        _("Category"),
        _("Budget €"),
        _("Actual €"),
        _("Realised %"),
        _("Year elapsed %"),
        _("Variance €"),
    )
    return table(headers, rows, (50, 25, 25, 20, 20, 25), numeric=(1, 2, 3, 4, 5))


def funding_rows(funding: FundingTable) -> list[Row]:
    rows = [Row((r.name, format_money(r.amount), format_percent(r.percent))) for r in funding.rows]
    rows.append(
        Row(
            (_("TOTAL"), format_money(funding.total), format_percent(funding.total_percent)),
            total=True,
        )
    )
    return rows


def funding_block(funding: FundingTable) -> Flowable:
    return table(
        (_("Source of funding"), "€", "%"), funding_rows(funding), (100, 40, 30), numeric=(1, 2)
    )


def project_finance_table(projects: tuple[ProjectFinance, ...]) -> Flowable:
    rows = [
        Row(
            (
                f"{p.code} {p.name}".strip(),
                format_money(p.our_budget),
                format_money(p.costs),
                percent_or_dash(p.used_percent),
                format_money(p.remaining),
                format_money(p.income),
            ),
            warn=p.over_budget,
        )
        for p in projects
    ]
    total = project_total(projects)  # the tab's total row, figure for figure
    rows.append(
        Row(
            (
                _("Total"),
                format_money(total.our_budget),
                format_money(total.costs),
                percent_or_dash(total.used_percent),
                format_money(total.remaining),
                format_money(total.income),
            ),
            total=True,
        )
    )
    headers = (
        _("Project"),
        _("Our budget €"),
        _("Costs €"),
        _("Used %"),
        _("Remaining €"),
        _("Income €"),
    )
    return table(headers, rows, (52, 25, 25, 17, 25, 25), numeric=(1, 2, 3, 4, 5))


def board_summary_story(summary: BoardSummary) -> list[Flowable]:
    comparison = summary.comparison
    as_of = format_date(summary.as_of)
    title = _("Budget versus actual {date}").format(date=as_of)
    period = format_period(comparison.start, summary.as_of)
    story = _title_block(
        summary.organisation.name,
        summary.organisation.business_id,
        title,
        _("{period}; {percent} of the year has passed").format(
            period=period, percent=percent_or_dash(comparison.elapsed_percent)
        ),
    )
    story.append(heading(_("Income and expenses by category")))
    if comparison.is_empty:
        story.append(
            para(
                _("There are no categories, budget or transactions for {year}.").format(
                    year=comparison.year
                )
            )
        )
    else:
        if not any(r.budget for s in comparison.sections for r in s.rows):
            story.append(
                para(
                    _("{year} has no budget yet: the budget figures are zero.").format(
                        year=comparison.year
                    )
                )
            )
        story.append(comparison_table(comparison))
        story.append(
            note(
                _(
                    "Budget: the whole year's budget. Actual: booked from {start} to {end}. Variance = actual − "
                    "the budget's share for the time passed (the year's budget × {elapsed}); expenses in red run "
                    "ahead of their budget."
                ).format(
                    start=format_date(comparison.start),
                    end=as_of,
                    elapsed=percent_or_dash(comparison.elapsed_percent),
                )
            )
        )
        rows = [r for s in comparison.sections for r in s.rows]
        if any(r.budget or r.actual for r in rows):  # an empty chart would only show its axis
            story.append(
                keep(
                    space(2),
                    bar_chart(
                        _("Budget and actual by category"),
                        [r.category.label for r in rows],
                        [
                            (_("Budget"), [r.budget for r in rows]),
                            (_("Actual"), [r.actual for r in rows]),
                        ],
                    ),
                )
            )
    story.append(heading(_("Income by source of funding {period}").format(period=period)))
    if summary.funding.rows:
        story.append(funding_block(summary.funding))
        story.append(note(_("The per cents are rounded so that they add up to exactly 100.")))
    else:
        story.append(
            para(
                _("No income has been booked from {start} to {end}.").format(
                    start=format_date(comparison.start), end=as_of
                )
            )
        )
    story.append(heading(_("Project finances {date}").format(date=as_of)))
    if summary.projects:
        story.append(project_finance_table(summary.projects))
        story.append(
            note(
                _("Costs and income: everything booked to the project up to {date}.").format(
                    date=as_of
                )
            )
        )
        if not project_total(summary.projects).all_budgeted:
            story.append(note(_("Used % and remaining are of the projects with our budget")))
    else:
        story.append(para(_("No project has a budget of ours or bookings this year.")))
    return story


def write_board_summary(
    path: Path | str,
    summary: BoardSummary,
    *,
    generated: datetime,
    cancelled: Callable[[], bool] = lambda: False,
) -> Path:
    title = _("Budget versus actual {date}").format(date=format_date(summary.as_of))
    period = format_period(summary.comparison.start, summary.as_of)
    return build(
        path,
        board_summary_story(summary),
        organisation=summary.organisation.name,
        title=title,
        subject=_(
            "The budget's realisation by category, income by source of funding and project "
            "finances, {period}"
        ).format(period=period),
        keywords=(_("budget versus actual"), _("board meeting"), str(summary.comparison.year)),
        generated=generated,
        cancelled=cancelled,
    )


# ----------------------------------------------------------------------------- annual report


def _board_block(board: BoardOfTerm) -> list[Flowable]:
    term = board.term
    out: list[Flowable] = [
        subheading(_("The board for the term {period}").format(period=term.period))
    ]
    if not board.seats:
        out.append(para(_("No members have been recorded for this term.")))
        return out
    rows = []
    for seat in board.seats:
        member = seat.printed_member()
        if seat.role is not BoardRole.MEMBER:
            member += f" ({seat.role.label})"
        rows.append(Row((member, seat.printed_deputy())))
    out.append(table((_("Member"), _("Personal deputy")), rows, (1, 1)))
    named = []
    for role in (BoardRole.CHAIR, BoardRole.VICE_CHAIR):
        people = [
            f"{s.member_first_name} {s.member_last_name}".strip()
            for s in board.seats
            if s.role is role
        ]
        if people:
            named.append(f"{role.label.capitalize()}: {', '.join(people)}")
    if named:
        out.append(space(1.5))
        out.append(para(". ".join(named) + "."))
    return out


def _advocate_heading(title: AdvocateTitle) -> str:
    if title is AdvocateTitle.ADVOCATE:
        return _("Client advocate services")
    return _("Ombudsman services")


def annual_report_story(report: AnnualReport) -> list[Flowable]:
    year = report.year
    title = _("Annual report {year}: tables").format(year=year)
    story = _title_block(
        report.organisation.name,
        report.organisation.business_id,
        title,
        format_period(*year_bounds(year)),
    )
    for section in report.texts:
        story.append(heading(section.heading))
        story.extend(para(block) for block in section.text.split("\n\n") if block.strip())

    # Hallinto
    story.append(heading(_("Administration")))
    if report.boards:
        for board in report.boards:
            story.extend(_board_block(board))
    else:
        story.append(para(_("No board term has been recorded for {year}.").format(year=year)))
    story.append(space(1.5))
    story.append(para(report.meeting_sentence))

    # Talous
    story.append(heading(_("Finances")))
    if report.has_finances:
        story.append(subheading(_("Sources of funding {year}").format(year=year)))
        if report.funding.rows:
            story.append(funding_block(report.funding))
        else:
            story.append(para(_("No income was booked in {year}.").format(year=year)))
        story.append(space(2))
        story.append(
            table(
                (_("Income and expenses {year}").format(year=year), "€"),
                [
                    Row((_("Income"), format_money(report.income))),
                    Row((_("Expenses"), format_money(report.expenses))),
                    Row((_("Result for the year"), format_money(report.result)), total=True),
                ],
                (130, 40),
                numeric=(1,),
            )
        )
    else:
        story.append(para(_("No transactions were booked in {year}.").format(year=year)))

    # Henkilöstö
    story.append(heading(_("Staff")))
    story.append(
        para(
            _(
                "At the start of the year the staff numbered {start} and at the end of the year {end}."
            ).format(start=report.headcount_start.people, end=report.headcount_end.people)
        )
    )
    if report.staff_lines:
        story.extend(bullet_list(report.staff_lines))
    else:
        story.append(para(_("No one was employed in {year}.").format(year=year)))
    if report.trainee_lines:
        story.append(subheading(_("Trainees and work trials")))
        story.extend(bullet_list(report.trainee_lines))

    # Hankkeet
    story.append(heading(_("Projects")))
    if report.projects:
        rows = [
            Row((p.code, p.name, p.period, p.our_role, p.lead_organisation, ", ".join(p.funders)))
            for p in report.projects
        ]
        story.append(
            table(
                (
                    _("Code"),
                    _("Name"),
                    _("Period"),
                    _("Our role"),
                    _("Lead organisation"),
                    _("Funders"),
                ),
                rows,
                (16, 40, 30, 22, 30, 32),
                unbroken=(2,),  # the period
            )
        )
    else:
        story.append(para(_("No project ran in {year}.").format(year=year)))

    # Asiamiestoiminta / asiavastaavatoiminta
    story.append(heading(_advocate_heading(report.advocate_title)))
    areas = report.areas
    if areas.total:
        story.append(para(_("Case events by area in {year}").format(year=year), SUBHEADING))
        rows = [
            Row(
                (
                    r.area or _("(no area)"),
                    format_number(r.social),
                    format_number(r.health),
                    format_number(r.total),
                )
            )
            for r in areas.rows
        ]
        rows.append(
            Row(
                (
                    _("Total"),
                    format_number(areas.social),
                    format_number(areas.health),
                    format_number(areas.total),
                ),
                total=True,
            )
        )
        story.append(
            table(
                (_("Area"), _("Social welfare"), _("Health care"), _("Total")),
                rows,
                (70, 33, 33, 34),
                numeric=(1, 2, 3),
            )
        )
    else:
        story.append(para(_("No case events were recorded in {year}.").format(year=year)))

    # Lapsen edunvalvonta
    story.append(heading(_("Guardians for children")))
    requests = report.requests
    if requests.total:
        story.append(
            para(
                _("A guardian was requested for {n} children in {year}.").format(
                    n=format_number(requests.total), year=year
                )
                if requests.total != 1
                else _("A guardian was requested for one child in {year}.").format(year=year)
            )
        )
        rows = [
            Row((matter.label.capitalize(), format_number(requests.by_matter.get(matter, 0))))
            for matter in Matter
        ]
        rows.append(Row((_("Total"), format_number(requests.total)), total=True))
        story.append(table((_("Matter"), _("Children")), rows, (130, 40), numeric=(1,)))
    else:
        story.append(para(_("No guardian was requested for a child in {year}.").format(year=year)))
    story.append(space(1.5))
    counted_on = format_date(report.guardians_counted_on)
    story.append(
        para(
            _("The guardian bank has {n} active guardians (on {date}).").format(
                n=format_number(report.active_guardians), date=counted_on
            )
            if report.active_guardians != 1
            else _("The guardian bank has one active guardian (on {date}).").format(date=counted_on)
        )
    )
    return story


def write_annual_report(
    path: Path | str,
    report: AnnualReport,
    *,
    generated: datetime,
    cancelled: Callable[[], bool] = lambda: False,
) -> Path:
    title = _("Annual report {year}: tables").format(year=report.year)
    return build(
        path,
        annual_report_story(report),
        organisation=report.organisation.name,
        title=title,
        subject=_(
            "The tables of the annual report {year}: administration, finances, staff, "
            "projects, case events and guardians for children"
        ).format(year=report.year),
        keywords=(_("annual report"), str(report.year)),
        generated=generated,
        cancelled=cancelled,
    )
