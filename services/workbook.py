"""Export the database to a workbook and import one into it, all or nothing."""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import suppress
from datetime import date, datetime
from pathlib import Path

from domain.errors import DatabaseUnavailable
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
from storage.uow import UnitOfWork


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
    prepared = prepare_import(db, path, progress=progress, cancelled=cancelled, choices=choices)
    return prepared.confirm()


def prepare_import(
    db: Database,
    path: Path | str,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    choices: Choices | None = None,
) -> PreparedImport:
    """Run the import of ``path`` to its end in a transaction that is held open: the
    report says what it did, and ``confirm()`` commits exactly that without reading the
    workbook again, or ``release()`` leaves the database as it was. A database file is
    backed up first (``services.backups``).

    While it is held, the rows it wrote stay locked: on SQLite the whole database's write
    lock, on PostgreSQL the rows it changed. Hold it only while the person reads the
    preview (the import dialog releases it ``HOLD_LIMIT_S`` seconds after showing it)."""
    try:
        before_import(db)
    except BackupError as exc:
        raise WorkbookError(_("{problem} Nothing was imported.").format(problem=exc)) from exc
    uow = db.unit_of_work()
    uow.__enter__()
    try:
        report = import_workbook(
            path, WorkbookStore(uow), progress=progress, cancelled=cancelled, choices=choices
        )
    except BaseException as exc:
        # rolled back; a lock or a lost server raises the domain's error in words
        uow.__exit__(type(exc), exc, exc.__traceback__)
        raise
    if not report.ok:
        uow.__exit__(None, None, None)  # nothing of it is ever committed
        return PreparedImport(None, report, choices or Choices())
    return PreparedImport(uow, report, choices or Choices())


# How long the import dialog keeps a preview's transaction open once it shows the preview:
# after it the transaction is rolled back (other workstations may save again) and Import
# runs the import anew.
HOLD_LIMIT_S = 180


class PreparedImport:
    """An import done but not committed (``prepare_import``). ``confirm()`` and
    ``release()`` may be called from any thread, one at a time; after either the
    transaction is gone, and further calls do nothing."""

    def __init__(self, uow: UnitOfWork | None, report: ImportReport, choices: Choices) -> None:
        self._uow = uow
        self._lock = threading.Lock()
        self.report = report
        self.choices = choices  # what it did with the rows in conflict

    @property
    def held(self) -> bool:
        """The transaction is still open, to be committed or released."""
        return self._uow is not None

    def confirm(self) -> ImportReport:
        """Commit what the report says; a report with errors writes nothing. A lock or a
        lost server raises the domain's error (``DatabaseUnavailable``), and then nothing
        was written."""
        with self._lock:
            uow, self._uow = self._uow, None
            if uow is None:
                if self.report.ok:
                    raise RuntimeError("this import was confirmed or released already")
                return self.report
            try:
                uow.commit()
            except BaseException as exc:
                uow.__exit__(type(exc), exc, exc.__traceback__)
                raise
            uow.__exit__(None, None, None)
        return self.report

    def release(self) -> None:
        """Roll it back: the database stays as it was. A connection lost meanwhile is
        gone with its transaction, so that is not an error here."""
        with self._lock:
            uow, self._uow = self._uow, None
            if uow is not None:
                with suppress(DatabaseUnavailable, OSError):
                    uow.__exit__(None, None, None)


def preview_file(
    db: Database,
    path: Path | str,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> ImportReport:
    """What importing ``path`` would do, sheet by sheet: the report of an import that is
    run to its end in a transaction and then rolled back, so nothing is changed (the
    import dialog holds the transaction instead: ``prepare_import``)."""
    with db.unit_of_work() as uow:
        # Not committed: leaving the unit of work rolls it all back.
        return import_workbook(path, WorkbookStore(uow), progress=progress, cancelled=cancelled)
