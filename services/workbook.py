"""Export the database to a workbook and import one into it, all or nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from domain.history import FINNISH_TIME, HistoryFilter
from domain.i18n import _
from exports.sheets import CHANGES_MAX_ROWS
from exports.workbook import (
    AboutInfo,
    Choices,
    ImportReport,
    Progress,
    WorkbookError,
    export_workbook,
    import_workbook,
)
from services.backups import BackupError, before_import
from services.history import newest_fitting
from services.sheets import SHEET_HANDLERS
from services.workbook_store import WorkbookStore
from services.workbook_year import records_of_year
from storage.database import Database


def export_database(
    db: Database,
    path: Path | str,
    *,
    lang: str = "fi",
    year: int | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    changes_since: date | None = None,
) -> dict[str, int]:
    """Write every table to ``path``, or with ``year`` the records of that year (see
    ``services.workbook_year``); returns the number of rows per sheet key. The Changes
    sheet follows: the change history, from ``changes_since`` (a Finnish-time day) on.

    The About sheet states when the workbook was written: the moment before the records
    are read, so that a change committed while they are read counts as made after it (an
    import then asks before writing over it). Every record is read in one snapshot
    (``db.snapshot()``): a project and a transaction booked to it that another workstation
    commits meanwhile are both in the workbook or neither is."""
    exported_at = datetime.now(FINNISH_TIME)
    with db.snapshot() as uow:
        changes = newest_fitting(uow, HistoryFilter(start=changes_since), CHANGES_MAX_ROWS)
        records = {handler.key: handler.rows(uow) for handler in SHEET_HANDLERS}
        # Not a sheet: the names of the case log's classifications, for its cells
        labels = {"reference_values": uow.references.all()}
        organisation = uow.settings.organisation()
    if year is not None:
        records = records_of_year(records, year)
    about = AboutInfo(organisation.name, exported_at, year=year)
    export_workbook(
        path,
        records | labels,
        lang=lang,
        about=about,
        progress=progress,
        cancelled=cancelled,
        changes=changes,
        organisation=organisation,
    )
    return {key: len(rows) for key, rows in records.items()}


def import_file(
    db: Database,
    path: Path | str,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    choices: Choices | None = None,
) -> ImportReport:
    """Import ``path``; the database changes only when the report has no errors. A row
    whose record changed in the database after the workbook was written keeps the
    database's values unless ``choices`` takes the workbook's (``report.conflicts``).
    A database file is backed up first (``services.backups``)."""
    try:
        before_import(db)
    except BackupError as exc:
        raise WorkbookError(_("{problem} Nothing was imported.").format(problem=exc)) from exc
    with db.unit_of_work() as uow:
        report = import_workbook(
            path, WorkbookStore(uow), progress=progress, cancelled=cancelled, choices=choices
        )
        if report.ok:
            uow.commit()
    return report


def preview_file(
    db: Database,
    path: Path | str,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> ImportReport:
    """What importing ``path`` would do, sheet by sheet: the report of an import that is
    run to its end in a transaction and then rolled back, so nothing is changed."""
    with db.unit_of_work() as uow:
        # Not committed: leaving the unit of work rolls it all back.
        return import_workbook(path, WorkbookStore(uow), progress=progress, cancelled=cancelled)
