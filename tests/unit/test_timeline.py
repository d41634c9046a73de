"""The projects on a time line: which months a bar covers, its row, and how it is drawn.

The span is 2024–2026 (36 months: January 2024 is month 0, January 2025 month 12).
"""

from __future__ import annotations

from datetime import date

from domain.projects import OurRole, Project, ProjectStatus
from domain.timeline import default_span, span_months, timeline_bars, today_position

SPAN = (date(2024, 1, 1), date(2026, 12, 31))


def project(
    code: str = "MONNI",
    start: date | None = date(2025, 1, 1),
    end: date | None = date(2025, 12, 31),
    *,
    role: OurRole = OurRole.ADMINISTRATOR,
    status: ProjectStatus = ProjectStatus.GRANTED,
) -> Project:
    return Project(code, f"Hanke {code}", role, start, end, status=status)


def only_bar(p: Project):
    bars = timeline_bars([p], *SPAN)
    assert len(bars) == 1
    return bars[0]


def test_a_bar_starts_at_the_month_of_the_projects_start():
    assert only_bar(project(start=date(2025, 3, 15), end=date(2025, 4, 2))).first_month == 14


def test_a_bar_covers_every_month_the_project_touches():
    assert only_bar(project(start=date(2025, 3, 15), end=date(2025, 4, 2))).months == 2


def test_a_project_within_one_month_covers_that_month():
    assert only_bar(project(start=date(2025, 3, 10), end=date(2025, 3, 12))).months == 1


def test_a_bar_carries_the_projects_id_code_name_and_role():
    p = project("Tool4Teen", role=OurRole.CO_IMPLEMENTER)
    bar = only_bar(p)
    assert (bar.project_id, bar.code, bar.name, bar.role) == (
        p.id,
        "Tool4Teen",
        "Hanke Tool4Teen",
        OurRole.CO_IMPLEMENTER,
    )


def test_a_project_inside_the_span_is_not_clipped():
    bar = only_bar(project(start=date(2024, 1, 1), end=date(2026, 12, 31)))
    assert (bar.clipped_start, bar.clipped_end, bar.first_month, bar.months) == (
        False,
        False,
        0,
        36,
    )


def test_a_project_begun_before_the_span_is_clipped_at_its_start():
    bar = only_bar(project(start=date(2023, 3, 1), end=date(2026, 2, 28)))
    assert (bar.clipped_start, bar.clipped_end, bar.first_month, bar.months) == (True, False, 0, 26)


def test_a_project_going_on_after_the_span_is_clipped_at_its_end():
    bar = only_bar(project(start=date(2026, 3, 1), end=date(2028, 2, 29)))
    assert (bar.clipped_start, bar.clipped_end, bar.first_month, bar.months) == (
        False,
        True,
        26,
        10,
    )


def test_an_open_start_reaches_to_the_spans_first_month():
    bar = only_bar(project(start=None, end=date(2024, 6, 30)))
    assert (bar.clipped_start, bar.first_month, bar.months) == (True, 0, 6)


def test_an_open_end_reaches_to_the_spans_last_month():
    bar = only_bar(project(start=date(2025, 1, 1), end=None))
    assert (bar.clipped_end, bar.first_month, bar.months) == (True, 12, 24)


def test_a_project_without_dates_spans_the_whole_time_line():
    bar = only_bar(project(start=None, end=None))
    assert (bar.clipped_start, bar.clipped_end, bar.first_month, bar.months) == (True, True, 0, 36)


def test_a_rejected_project_is_left_out():
    assert timeline_bars([project(status=ProjectStatus.REJECTED)], *SPAN) == []


def test_a_project_ended_before_the_span_is_left_out():
    assert timeline_bars([project(start=date(2022, 1, 1), end=date(2023, 12, 31))], *SPAN) == []


def test_a_project_starting_after_the_span_is_left_out():
    assert timeline_bars([project(start=date(2027, 1, 1), end=date(2027, 12, 31))], *SPAN) == []


def test_a_project_touching_the_spans_last_day_is_shown():
    bar = only_bar(project(start=date(2026, 12, 31), end=date(2027, 6, 30)))
    assert (bar.first_month, bar.months, bar.clipped_end) == (35, 1, True)


def test_planned_and_applied_projects_are_tentative():
    tentative = [
        only_bar(project(status=status)).tentative
        for status in (ProjectStatus.PLANNED, ProjectStatus.APPLIED)
    ]
    assert tentative == [True, True]


def test_a_granted_project_is_not_tentative():
    assert not only_bar(project(status=ProjectStatus.GRANTED)).tentative


def test_rows_follow_the_start_with_an_open_start_first():
    projects = [
        project("Late", start=date(2025, 6, 1)),
        project("Open", start=None),
        project("Early", start=date(2024, 2, 1)),
    ]
    assert [(b.code, b.row) for b in timeline_bars(projects, *SPAN)] == [
        ("Open", 0),
        ("Early", 1),
        ("Late", 2),
    ]


def test_rows_starting_the_same_day_follow_the_code_whatever_its_case():
    projects = [project("tulLas"), project("MONNI"), project("Arviointi")]
    assert [b.code for b in timeline_bars(projects, *SPAN)] == ["Arviointi", "MONNI", "tulLas"]


def test_rows_are_numbered_without_gaps_for_left_out_projects():
    projects = [
        project("A", start=date(2024, 1, 1)),
        project("B", start=date(2024, 2, 1), status=ProjectStatus.REJECTED),
        project("C", start=date(2024, 3, 1)),
    ]
    assert [(b.code, b.row) for b in timeline_bars(projects, *SPAN)] == [("A", 0), ("C", 1)]


def test_span_months_counts_every_month_touched():
    assert span_months(*SPAN) == 36


def test_span_months_of_a_span_within_one_month_is_one():
    assert span_months(date(2025, 3, 5), date(2025, 3, 20)) == 1


def test_today_position_counts_the_days_into_the_month():
    assert today_position(date(2025, 1, 1), date(2025, 12, 31), date(2025, 6, 15)) == 5 + 14 / 30


def test_today_position_at_the_spans_first_day_is_zero():
    assert today_position(*SPAN, date(2024, 1, 1)) == 0


def test_today_position_counts_across_years():
    assert today_position(*SPAN, date(2025, 2, 1)) == 13


def test_today_position_before_the_span_is_none():
    assert today_position(*SPAN, date(2023, 12, 31)) is None


def test_today_position_after_the_span_is_none():
    assert today_position(*SPAN, date(2027, 1, 1)) is None


def test_default_span_runs_from_last_january_to_the_end_of_next_year():
    assert default_span(date(2025, 6, 15)) == (date(2024, 1, 1), date(2026, 12, 31))
