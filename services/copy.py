"""Moving to the server: every record of one database copied into a new, empty one.

The copying itself is ``storage.copy``; here are the names its tables are shown by and the
table of counts ``main.py copy`` prints.
"""

from __future__ import annotations

from domain.i18n import N_, _
from storage.copy import CopyFailed, CopyResult, TableCount
from storage.copy import copy_database as copy_records
from storage.database import StorageError

# What each table holds, in the order of the lists a person knows
TABLE_LABELS: dict[str, str] = {
    "settings": N_("Settings"),
    "staff": N_("Staff"),
    "trainees": N_("Trainees"),
    "board_terms": N_("Board terms"),
    "board_seats": N_("Board seats"),
    "meetings": N_("Meetings"),
    "projects": N_("Projects"),
    "project_partners": N_("Project partners"),
    "project_funding": N_("Project funding"),
    "project_assignments": N_("Project roles"),
    "reference_values": N_("Case log reference lists"),
    "case_events": N_("Case events"),
    "case_event_choices": N_("Reasons and measures of case events"),
    "guardians": N_("Guardians"),
    "guardian_requests": N_("Guardian requests"),
    "categories": N_("Categories"),
    "budget_lines": N_("Budget lines"),
    "transactions": N_("Transactions"),
}


def table_label(table: str) -> str:
    return _(TABLE_LABELS[table]) if table in TABLE_LABELS else table


def copy_database(source: str, target: str) -> CopyResult:
    """Copy every record at ``source`` into the new, empty database at ``target`` (each a
    SQLAlchemy URL or a file path). Raises ``StorageError`` with a message for a person;
    then the target has not changed."""
    try:
        return copy_records(source, target)
    except CopyFailed as exc:
        raise StorageError(
            _(
                "The copy stopped at “{table}”: the target refused a row ({reason}). "
                "Nothing was copied."
            ).format(table=table_label(exc.table), reason=exc.reason)
        ) from exc


def count_lines(result: CopyResult) -> list[str]:
    """The records of each table on both sides, as an aligned table with a total."""
    order = list(TABLE_LABELS)
    counts = sorted(
        result.counts,
        key=lambda c: (order.index(c.table) if c.table in order else len(order), c.table),
    )
    total = TableCount(_("Total"), sum(c.source for c in counts), sum(c.target for c in counts))
    rows = [(table_label(c.table), str(c.source), str(c.target)) for c in counts]
    rows.append((total.table, str(total.source), str(total.target)))
    header = (_("Table"), _("In the source"), _("In the target"))
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(3)]
    return [
        f"{label:<{widths[0]}}  {source:>{widths[1]}}  {target:>{widths[2]}}"
        for label, source, target in [header, *rows]
    ]
