"""A year's workbook: the records of the whole-database export that belong to one calendar year.

What belongs to a year:

- people (staff and trainees) employed during it, board seats of the terms in office during
  it, and projects running during it: their periods overlap 1.1.–31.12. An empty start
  means "before the records begin" and an empty end "still going", so an undated period
  overlaps every year;
- meetings, case events, guardian requests and transactions dated in it, and its budget;
- a kept project's partners and funding lines (they describe the project, not a period),
  and its roles whose period overlaps the year (a role without dates runs with the
  project, as the project register reads it) and whose person is in the kept staff;
- the reference sheets (categories, guardians) whole, as is anything this module does not
  know, so that every category and guardian a kept row names is there.

A kept row that names a record outside the year brings that record along rather than
losing the reference: a 2022 payment booked to a project that ended in 2021, a trainee
supervised by someone no longer employed, an event recorded under an ombudsman whose
employment has ended. The exporter writes a name or code only for records in the workbook,
so leaving them out would silently empty the cell; with them in, an auditor sees what a
row refers to and the workbook imports into an empty database with every reference found.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date

from domain.board import person_key
from domain.projects import AssignmentRow, Project


def records_of_year(records: Mapping[str, list], year: int) -> dict[str, list]:
    """The records (sheet key → rows, as ``services.workbook.export_database`` builds them)
    that belong to ``year``; the input is not changed."""
    first, last = date(year, 1, 1), date(year, 12, 31)

    def during(start: date | None, end: date | None) -> bool:
        return (start is None or start <= last) and (end is None or end >= first)

    def dated(day: date | None) -> bool:
        return day is not None and first <= day <= last

    def rows(key: str) -> list:
        return list(records.get(key, ()))

    kept: dict[str, list] = {key: list(values) for key, values in records.items()}
    kept["trainees"] = [t for t in rows("trainees") if during(t.start, t.end)]
    kept["board"] = [s for s in rows("board") if during(s.term_start, s.term_end)]
    kept["meetings"] = [m for m in rows("meetings") if dated(m.held_on)]
    kept["case_events"] = [e for e in rows("case_events") if dated(e.day)]
    kept["guardian_requests"] = [r for r in rows("guardian_requests") if dated(r.day)]
    kept["transactions"] = [t for t in rows("transactions") if dated(t.day)]
    kept["budget_lines"] = [b for b in rows("budget_lines") if b.year == year]

    named_projects = _ids(t.project_id for t in (*kept["trainees"], *kept["transactions"]))
    kept["projects"] = [
        p for p in rows("projects") if during(p.start, p.end) or p.id in named_projects
    ]
    projects = {p.id: p for p in kept["projects"]}

    named_staff = _ids(
        [
            *(t.supervisor_id for t in kept["trainees"]),
            *(e.ombudsman_id for e in kept["case_events"]),
        ]
    )
    kept["staff"] = [s for s in rows("staff") if during(s.start, s.end) or s.id in named_staff]
    names = {person_key(s.last_name, s.first_name) for s in kept["staff"]}

    kept["project_partners"] = [p for p in rows("project_partners") if p.project_id in projects]
    kept["project_funding"] = [f for f in rows("project_funding") if f.project_id in projects]
    kept["project_roles"] = [
        r
        for r in rows("project_roles")
        if r.project_id in projects
        and _role_during(r, projects[r.project_id], during)
        and person_key(r.last_name, r.first_name) in names
    ]
    return {key: kept[key] for key in records}


def _ids(values: Iterable[str | None]) -> set[str]:
    return {v for v in values if v}


def _role_during(
    role: AssignmentRow, project: Project, during: Callable[[date | None, date | None], bool]
) -> bool:
    # An empty role date is the project's, as check_assignment reads it.
    start = role.start if role.start is not None else project.start
    end = role.end if role.end is not None else project.end
    return during(start, end)
