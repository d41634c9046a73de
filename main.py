"""Oske: start the application, or run one command on the database.

uv run main.py [--db PATH | --db-url URL]            open the window
uv run main.py --db-url URL --remember               ... and open that database at every start
uv run main.py --forget                              ... the default file again
uv run main.py [--db PATH] export FILE.xlsx [--year YYYY] [--lang fi|en]
                                 [--changes-since YYYY-MM-DD]
uv run main.py [--db PATH] history [--since YYYY-MM-DD] [--kind KIND]   the change history
uv run main.py [--db PATH] history --purge --yes     remove entries past the kept years
uv run main.py [--db PATH] import FILE.xlsx [--take-workbook] [--take-organisation]
uv run main.py [--db PATH] report board --as-of YYYY-MM-DD OUT.pdf [--lang fi|en]
uv run main.py [--db PATH] report annual --year YYYY OUT.pdf [--lang fi|en]
uv run main.py [--db PATH] demo                      fill an empty database
uv run main.py [--db-url URL] upgrade [--backup-to FILE]  back up, then upgrade
uv run main.py [--db PATH] backups                   list the database's backups
uv run main.py [--db PATH] backup                    back the database up now
uv run main.py [--db PATH] restore FILE              back up, then restore that backup
uv run main.py copy --from URL|PATH --to URL|PATH     copy every record into an empty database
uv run main.py [--db PATH] --smoke                   open the window, print seconds, exit
"""

from __future__ import annotations

import gc
import time

TOP_OF_MAIN = time.perf_counter()  # before any heavier import: --smoke's clock at the latest
if __name__ == "__main__":
    # Start-up builds many objects and frees few: the cyclic collector's passes over them
    # are wasted work (a tenth of the start). The window turns it back on once it is
    # filled; a command, before it runs.
    gc.disable()

import argparse
import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from domain.about import APP_NAME
from domain.i18n import LANGUAGES, _, set_language

if TYPE_CHECKING:
    from ui.app.preferences import DatabaseOrigin

FIRST_YEAR, LAST_YEAR = 1900, 2100  # the years a year's workbook may be asked for


def process_started(fallback: float = TOP_OF_MAIN) -> float:
    """When this process started, on ``time.perf_counter``'s clock: as the operating
    system tells it (Linux: /proc/self/stat; the interpreter's own start-up included), else
    ``fallback``, the top of main.py."""
    try:
        with open("/proc/self/stat", "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[1].split()  # after the command's name
        ticks = int(fields[19])  # field 22, starttime: clock ticks after the boot
        age = time.clock_gettime(time.CLOCK_BOOTTIME) - ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, AttributeError):  # not Linux
        return fallback
    started = time.perf_counter() - age
    # Ticks are coarse (10 ms): never later than main.py's top, nor a minute before it.
    return min(started, fallback) if fallback - 60 < started else fallback


def default_database_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False, ensure_exists=True) / "oske.sqlite"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="main.py", description=_("Oske, the competence centre's office application")
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--db", metavar="PATH", help=_("the SQLite database file to open"))
    where.add_argument(
        "--db-url", metavar="URL", help=_("any SQLAlchemy database URL, e.g. PostgreSQL")
    )
    remember = parser.add_mutually_exclusive_group()
    remember.add_argument(
        "--remember",
        action="store_true",
        help=_(
            "open this database (--db-url or --db) at every start on this workstation; "
            "the URL is stored without a password"
        ),
    )
    remember.add_argument(
        "--forget",
        action="store_true",
        help=_("forget the remembered database: open the default file again"),
    )
    parser.add_argument(
        "--smoke",
        action="store_true",
        help=_("open the window, print the seconds it took and exit"),
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    export = commands.add_parser("export", help=_("export every table to an Excel workbook"))
    export.add_argument("file", metavar="FILE.xlsx")
    export.add_argument(
        "--year",
        metavar="YYYY",
        type=calendar_year,
        help=_("only the records of that year; the reference sheets whole"),
    )
    export.add_argument(
        "--lang", choices=LANGUAGES, default="fi", help=_("language of the headers")
    )
    export.add_argument(
        "--changes-since",
        metavar="YYYY-MM-DD",
        type=report_day,
        help=_("the Changes sheet from that day on (default: the whole history)"),
    )
    history = commands.add_parser(
        "history", help=_("print the change history, one changed field per line")
    )
    history.add_argument(
        "--since", metavar="YYYY-MM-DD", type=report_day, help=_("changes from that day on")
    )
    history.add_argument(
        "--kind", metavar="KIND", help=_("one kind of record, e.g. transactions or staff")
    )
    history.add_argument(
        "--purge",
        action="store_true",
        help=_("remove the entries older than the years the history is kept"),
    )
    history.add_argument("--yes", action="store_true", help=_("confirm --purge"))
    imp = commands.add_parser("import", help=_("import an Excel workbook (all or nothing)"))
    imp.add_argument("file", metavar="FILE.xlsx")
    imp.add_argument(
        "--take-workbook",
        action="store_true",
        help=_(
            "for rows whose records changed in the database after the workbook was written, "
            "take the workbook's values (by default the database's are kept)"
        ),
    )
    imp.add_argument(
        "--take-organisation",
        action="store_true",
        help=_(
            "take the organisation's settings of the workbook's Organisation sheet where they "
            "differ from the database's (by default the database's are kept)"
        ),
    )
    commands.add_parser("demo", help=_("fill an empty database with demo records"))
    upgrade = commands.add_parser(
        "upgrade", help=_("back up the database, then upgrade it to this version of Oske")
    )
    upgrade.add_argument(
        "--backup-to",
        metavar="FILE",
        type=Path,
        help=_("where the backup goes (a server database: pg_dump's custom format)"),
    )
    copy = commands.add_parser(
        "copy",
        help=_("copy every record of a database into a new, empty one (all or nothing)"),
    )
    copy.add_argument(
        "--from",
        dest="source",
        metavar="URL",
        required=True,
        help=_("the database to copy: a SQLAlchemy URL or a SQLite file's path"),
    )
    copy.add_argument(
        "--to",
        dest="target",
        metavar="URL",
        required=True,
        help=_("the new, empty database, e.g. on a PostgreSQL server"),
    )
    commands.add_parser("backups", help=_("list the database's backups"))
    commands.add_parser("backup", help=_("back the database up now"))
    restore = commands.add_parser(
        "restore",
        help=_("replace the database's data with a backup's (the current data is backed up first)"),
    )
    restore.add_argument("file", metavar="FILE", help=_("the backup: its path or its name"))
    report = commands.add_parser("report", help=_("write a PDF report"))
    reports = report.add_subparsers(dest="report", metavar="REPORT", required=True)
    board = reports.add_parser("board", help=_("the board-meeting financial summary"))
    board.add_argument(
        "--as-of",
        metavar="YYYY-MM-DD",
        type=report_day,
        required=True,
        help=_("the figures from 1 January of that day's year to that day"),
    )
    board.add_argument("file", metavar="OUT.pdf")
    board.add_argument("--lang", choices=LANGUAGES, default="fi", help=_("language of the report"))
    annual = reports.add_parser("annual", help=_("the annual report's tables"))
    annual.add_argument("--year", metavar="YYYY", type=calendar_year, required=True)
    annual.add_argument("file", metavar="OUT.pdf")
    annual.add_argument("--lang", choices=LANGUAGES, default="fi", help=_("language of the report"))
    return parser


def calendar_year(text: str) -> int:
    """A year for ``export --year``; anything else is argparse's usage error (exit 2)."""
    digits = text.strip()
    if not (digits.isascii() and digits.isdigit()) or not FIRST_YEAR <= int(digits) <= LAST_YEAR:
        raise argparse.ArgumentTypeError(
            _("“{text}” is not a year from {first} to {last}").format(
                text=text, first=FIRST_YEAR, last=LAST_YEAR
            )
        )
    return int(digits)


def report_day(text: str) -> date:
    """A day for ``report board --as-of``: 2026-11-23 or 23.11.2026."""
    from domain.errors import ValidationError
    from domain.formats import parse_date

    try:
        day = parse_date(text)
    except ValidationError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc
    if day is None:
        raise argparse.ArgumentTypeError(_("a day is required, e.g. 2026-11-23"))
    return day


def chosen_database(args: argparse.Namespace) -> tuple[str, DatabaseOrigin]:
    """The database to open and how it was chosen: --db or --db-url, else the one this
    workstation remembers, else the default file."""
    from storage.urls import sqlite_url
    from ui.app.preferences import DatabaseOrigin, remembered_database_url

    if args.db_url:
        return args.db_url, DatabaseOrigin.GIVEN
    if args.db:
        return sqlite_url(args.db), DatabaseOrigin.GIVEN
    if remembered := remembered_database_url():
        return remembered, DatabaseOrigin.REMEMBERED
    return sqlite_url(default_database_path()), DatabaseOrigin.DEFAULT


def database_url(args: argparse.Namespace) -> str:
    return chosen_database(args)[0]


def remember_or_forget(args: argparse.Namespace) -> int:
    """--remember or --forget: store or drop the workstation's database; 0 to go on."""
    from ui.app import preferences

    if args.forget:
        preferences.forget_database_url()
        print(_("This workstation opens the default database file again."))
        return 0
    if not args.remember:
        return 0
    from storage.database import StorageError, open_database
    from storage.location import shown_location, url_has_password

    url = database_url(args)
    if url_has_password(url):
        print(
            _(
                "Oske does not store passwords, and nothing was remembered. Give the URL "
                "without its password and keep the password in ~/.pgpass "
                "(%APPDATA%\\postgresql\\pgpass.conf on Windows), in the PGPASSWORD "
                "environment variable, or in a libpq service file "
                '(--db-url "postgresql+psycopg:///?service=oske").'
            ),
            file=sys.stderr,
        )
        return 2
    try:
        open_database(url).close()  # remember only a database that opens
    except StorageError as exc:
        print(exc, file=sys.stderr)
        print(_("Nothing was remembered."), file=sys.stderr)
        return 2
    preferences.remember_database_url(url)
    print(
        _("This workstation now opens {location} at every start.").format(
            location=shown_location(url)
        )
    )
    return 0


def run_command(args: argparse.Namespace) -> int:
    from domain.errors import ValidationError
    from exports.datafolder import report_unexpected, sweep_temp
    from storage.database import StorageError, open_database
    from ui.app.preferences import DatabaseOrigin, forget_hint

    sweep_temp()  # what killed runs left in the private temporary folder

    if args.command == "copy":
        try:
            return _copy(args)
        except Exception as exc:
            print(report_unexpected(exc, _where(args)), file=sys.stderr)
            return 1
    url, origin = chosen_database(args)
    try:
        db = open_database(url, backup_to=getattr(args, "backup_to", None))
    except StorageError as exc:
        print(exc, file=sys.stderr)
        if origin is DatabaseOrigin.REMEMBERED:
            print(forget_hint(), file=sys.stderr)
        return 2
    for warning in db.warnings:
        print(_("Warning: {problem}").format(problem=warning), file=sys.stderr)
    try:
        return _run_on(db, args)
    except (OSError, ValidationError) as exc:  # a full disk, a lock, a lost server
        print(getattr(exc, "message", None) or exc, file=sys.stderr)
        return 1
    except Exception as exc:
        print(report_unexpected(exc, _where(args)), file=sys.stderr)
        return 1
    finally:
        db.close()


def _where(args: argparse.Namespace) -> str:
    """What a command was doing, for the one line of an unexpected error."""
    if args.command == "report":
        return _("the report {file}").format(file=args.file)
    if args.command in ("export", "import"):
        return _("the workbook {file}").format(file=args.file)
    return _("the command {command}").format(command=args.command)


def _run_on(db, args: argparse.Namespace) -> int:
    if db.backup_path:
        print(
            _("The database was upgraded; a backup of the old version is in {path}").format(
                path=db.backup_path
            )
        )
    if args.command == "export":
        return _export(db, args)
    if args.command == "import":
        return _import(db, args)
    if args.command == "demo":
        return _demo(db)
    if args.command == "upgrade":
        if not db.migrated:
            print(_("The database is at this version of Oske; nothing to upgrade."))
        elif not db.backup_path:
            print(_("Oske's tables were created in the new database."))
        return 0
    if args.command == "report":
        return _report(db, args)
    if args.command == "history":
        return _history(db, args)
    if args.command in ("backups", "backup", "restore"):
        return _backups(db, args)
    return 1


def _export(db, args: argparse.Namespace) -> int:
    from exports.workbook import WorkbookError
    from services.workbook import export_database

    try:
        counts = export_database(
            db, args.file, lang=args.lang, year=args.year, changes_since=args.changes_since
        )
    except (WorkbookError, OSError) as exc:
        print(_("Export failed: {error}").format(error=exc), file=sys.stderr)
        return 1
    rows = sum(counts.values())
    if args.year is None:
        print(_("Exported {rows} rows to {file}").format(rows=rows, file=args.file))
    else:
        print(
            _("Exported {rows} rows of the year {year} to {file}").format(
                rows=rows, year=args.year, file=args.file
            )
        )
    return 0


def _history(db, args: argparse.Namespace) -> int:
    from domain.history import HistoryFilter
    from services.history import (
        KINDS,
        entries,
        history_lines,
        keep_years,
        known_kind,
        purge_history,
    )

    if args.purge:
        years = keep_years(db)
        if not args.yes:
            print(
                _(
                    "This removes the change history older than {years} years for good. "
                    "Run again with --purge --yes to do it."
                ).format(years=years),
                file=sys.stderr,
            )
            return 2
        removed = purge_history(db)
        print(
            _("Removed {count} history entries older than {years} years.").format(
                count=removed, years=years
            )
        )
        return 0
    if args.kind and not known_kind(args.kind):
        print(
            _("Unknown record kind “{kind}”; the kinds are: {kinds}.").format(
                kind=args.kind, kinds=", ".join(sorted(KINDS.values()))
            ),
            file=sys.stderr,
        )
        return 2
    with db.unit_of_work() as uow:
        for entry in entries(uow, HistoryFilter(start=args.since, kind=args.kind)):
            for line in history_lines(entry):
                print(line)
    return 0


def _backups(db, args: argparse.Namespace) -> int:
    from domain.formats import format_number
    from services.backups import (
        BackupError,
        back_up_now,
        backup_list,
        described,
        find_backup,
        kind_label,
        record_total,
        restore,
        shown_size,
        shown_time,
    )

    try:
        if args.command == "backup":
            made = back_up_now(db)
            print(_("Backed up into {path}").format(path=made.path))
        elif args.command == "restore":
            current, counts = restore(db, find_backup(db, args.file))
            print(
                _(
                    "Restored {records} records from {backup}; the data it replaced is in {current}"
                ).format(
                    records=format_number(record_total(counts)),
                    backup=args.file,
                    current=current.path,
                )
            )
        else:
            for backup in backup_list(db):
                info = described(backup)
                if info.damaged:
                    records = _("damaged")
                elif info.records is None:
                    records = "–"
                else:
                    records = _("{n} records").format(n=format_number(info.records))
                print(
                    "  ".join(
                        (shown_time(backup), shown_size(backup.size), records, kind_label(backup))
                    )
                    + f"  {backup.path}"
                )
    except BackupError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


def _import(db, args: argparse.Namespace) -> int:
    from exports.workbook import Choices, WorkbookError
    from services.workbook import import_file

    try:
        choices = Choices(take_all=args.take_workbook, take_organisation=args.take_organisation)
        report = import_file(db, args.file, choices=choices)
    except WorkbookError as exc:
        print(exc, file=sys.stderr)
        return 1
    for warning in report.warnings:
        print(_("Warning: {problem}").format(problem=warning), file=sys.stderr)
    if not report.ok:
        print(
            _("Nothing was imported; the workbook has {n} errors:").format(n=len(report.errors))
            if len(report.errors) != 1
            else _("Nothing was imported; the workbook has an error:"),
            file=sys.stderr,
        )
        for error in report.errors:
            print(f"  {error}", file=sys.stderr)
        return 1
    for conflict in report.conflicts:
        print(str(conflict))
    for sheet, c in report.counts.items():
        print(
            _("{sheet}: {added} added, {updated} updated, {unchanged} unchanged").format(
                sheet=sheet, added=c.added, updated=c.updated, unchanged=c.unchanged
            )
        )
    if report.conflicts:
        n = len(report.conflicts)
        if args.take_workbook:
            text = _(
                "{n} rows changed in the database after the workbook was written: "
                "the workbook's values were taken."
            )
        else:
            text = _(
                "{n} rows changed in the database after the workbook was written: "
                "the database's values were kept (--take-workbook takes the workbook's)."
            )
        print(text.format(n=n))
    _print_organisation(report.organisation)
    return 0


def _print_organisation(organisation) -> None:
    """What the import did with the Organisation sheet: each differing setting, database's
    value → workbook's, and whether the workbook's were taken."""
    if organisation is None:
        return
    if organisation.new:
        print(
            _(
                "{sheet}: the database had no organisation settings; the workbook's were taken."
            ).format(sheet=organisation.sheet)
        )
        return
    if not organisation.differences:
        print(_("{sheet}: the same settings as in the database.").format(sheet=organisation.sheet))
        return
    if organisation.taken:
        text = _(
            "{sheet}: the workbook's organisation settings were taken (database's → workbook's):"
        )
    else:
        text = _(
            "{sheet}: the organisation settings differ from the database's, which were kept "
            "(--take-organisation takes the workbook's; database's → workbook's):"
        )
    print(text.format(sheet=organisation.sheet))
    for difference in organisation.differences:
        print(f"  {difference.column}: {difference.database or '–'} → {difference.workbook or '–'}")


def _report(db, args: argparse.Namespace) -> int:
    from services.reports import write_annual, write_board_report

    set_language(args.lang)
    try:
        if args.report == "board":
            path = write_board_report(db, args.as_of, args.file)
        else:
            path = write_annual(db, args.year, args.file)
    except OSError as exc:
        print(
            _("The report could not be written to {file}: {error}").format(
                file=args.file, error=exc.strerror or exc
            ),
            file=sys.stderr,
        )
        return 1
    print(_("The report is in {file}").format(file=path))
    return 0


def _demo(db) -> int:
    from services.demo import NotEmpty, load_demo

    try:
        n = load_demo(db)
    except NotEmpty:
        print(
            _("The database already has records; demo data goes only into an empty database."),
            file=sys.stderr,
        )
        return 1
    print(_("Added {n} demo records.").format(n=n))
    return 0


def _copy(args: argparse.Namespace) -> int:
    from services.copy import copy_database, count_lines
    from storage.database import StorageError

    if args.db or args.db_url:
        print(
            _("copy takes its databases from --from and --to, not from --db or --db-url"),
            file=sys.stderr,
        )
        return 2
    try:
        result = copy_database(args.source, args.target)
    except StorageError as exc:
        print(" ".join(str(exc).split()), file=sys.stderr)
        return 2
    if result.source_backup:
        print(
            _("The database was upgraded; a backup of the old version is in {path}").format(
                path=result.source_backup
            )
        )
    print("\n".join(count_lines(result)))
    if not result.matches:
        print(_("The counts differ; nothing was copied."), file=sys.stderr)
        return 2
    print(
        _("Every record of {source} was copied into {target}.").format(
            source=result.source, target=result.target
        )
    )
    return 0


def run_gui(args: argparse.Namespace) -> int:
    from ui.app.application import run

    url, origin = chosen_database(args)
    return run(url, origin=origin, smoke=args.smoke, started=process_started())


def main(argv: list[str] | None = None) -> int:
    from ui.app.preferences import stored_language

    set_language(stored_language())
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.remember and not (args.db or args.db_url):
        parser.error(_("--remember needs the database to remember: --db-url URL or --db PATH"))
    if code := remember_or_forget(args):
        return code
    if args.command:
        gc.enable()
        return run_command(args)
    return run_gui(args)


if __name__ == "__main__":
    sys.exit(main())
