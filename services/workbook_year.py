"""A year's workbook: the records of the whole-database export that belong to one calendar year.

What belongs to a year (each sheet's handler in ``services.sheets`` says it of its rows):

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

from collections.abc import Mapping

from services.sheets import SHEET_HANDLERS, Year


def records_of_year(records: Mapping[str, list], year: int) -> dict[str, list]:
    """The records (sheet key → rows, as ``services.workbook.export_database`` builds them)
    that belong to ``year``; the input is not changed."""
    period = Year(year)
    handlers = [h for h in SHEET_HANDLERS if h.key in records]
    own = [h for h in handlers if not h.year_follows]
    # The rows that belong to the year on their own account …
    in_year = {h.key: [h.in_year(row, period) for row in records[h.key]] for h in own}
    # … bring along the records they name …
    named: dict[str, set[str]] = {}
    for handler in own:
        for row, kept_row in zip(records[handler.key], in_year[handler.key], strict=True):
            if kept_row:
                for sheet, record_id in handler.brings(row):
                    named.setdefault(sheet, set()).add(record_id)
    kept: dict[str, list] = {key: list(rows) for key, rows in records.items()}
    for handler in own:
        brought = named.get(handler.key, set())
        kept[handler.key] = [
            row
            for row, kept_row in zip(records[handler.key], in_year[handler.key], strict=True)
            if kept_row or row.id in brought
        ]
    # … and the rows that go with others (a project's partners) follow them.
    for handler in handlers:
        if handler.year_follows:
            kept[handler.key] = handler.year_rows(records[handler.key], period, kept)
    return kept
