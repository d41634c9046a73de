"""How fast the auditors' workbook is exported and imported, beside a plain openpyxl write
and read of the same cells (a benchmark, not a test; issue 8, item 6).

    uv run bench/workbook.py [--events N] [--transactions M] [--million-rows R] [--server]

1. Fills a temporary database with N case events (default 200 000) and M transactions
   (default 100 000), in bulk, as scripts/benchmark.py does.
2. Times our export (``services.workbook.export_database``) and a plain openpyxl
   write-only workbook of the same cells (the exported file's values, read back with
   python-calamine beforehand; no styles, widths, filters or frozen panes).
3. Times the import as the import dialog runs it into a fresh empty database (the
   preview, ``prepare_import``, then Import, its ``confirm()``), the import on its own
   (``import_file``) into another, importing the same file again there (every row
   unchanged), and a plain read of the file with openpyxl (read-only, values only) and
   with python-calamine.
   The floor beside it: Oske's reader reading every sheet (``exports.xlsx_reader``, as
   the import reads them), and the rows the import stored written again into a new
   database as plain tuples, in bulk as the import writes them, with no Python work per
   row (no parsing, checks or change history of their own): what no import of these rows
   can go below.
4. Times the answer to a transactions sheet (Kirjaukset) of a million rows (R, default
   1 000 000), a file written by hand with zipfile (openpyxl would take minutes): once as
   Excel writes it (with a <dimension> element) and once without one. Each runs in a
   subprocess that is stopped after 120 s.
5. Prints the figures as a Markdown table for the README, and the ratios issue 22 sets
   goals for, each on a line of its own (wall-clock time, what a user waits through; the
   same by this process's CPU time on a ``cpu-ratio`` line, less disturbed by other work):

       ratio import/calamine-read X
       ratio preview+import/calamine-read X     (the preview and Import, as the dialog runs them)
       ratio reimport/calamine-read X
       ratio export/openpyxl-write X
       ratio floor-read+writes/calamine-read X  (the floor of step 3)

``--server`` puts both databases on the PostgreSQL server of ``OSKE_TEST_DATABASE_URL``
(new databases, dropped at the end) instead of SQLite files; the CPU time then leaves out
the server's work. ``--million-rows 0`` leaves step 4 out.
"""

from __future__ import annotations

import argparse
import atexit
import gc
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CHILD = "--refusal-child" in sys.argv  # a subprocess of step 4: inherits the settings' home
TMP = Path(tempfile.mkdtemp(prefix="oske-bench-workbook-")) if not CHILD else Path()
if not CHILD:
    atexit.register(shutil.rmtree, TMP, ignore_errors=True)
    os.environ["XDG_CONFIG_HOME"] = str(TMP / "config")
    os.environ["XDG_DATA_HOME"] = str(TMP / "data")

REFUSAL_TIMEOUT = 120  # seconds
TTY = sys.stdout.isatty()


# ----------------------------------------------------------------------------- helpers


def say(text: str) -> None:
    print(text, flush=True)


class Took:
    """Wall-clock and CPU seconds of one step (the CPU time of this process alone is less
    disturbed by other work on the machine)."""

    def __init__(self, wall: float, cpu: float | None) -> None:
        self.wall, self.cpu = wall, cpu

    def __str__(self) -> str:
        return f"{self.wall:.2f} s" + (f" (CPU {self.cpu:.2f} s)" if self.cpu is not None else "")


def seconds(action: Callable[[], Any]) -> tuple[Took, Any]:
    gc.collect()
    started, cpu = time.perf_counter(), time.process_time()
    result = action()
    return Took(time.perf_counter() - started, time.process_time() - cpu), result


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} CPUs"


def progress_printer(label: str) -> Callable[[int, int], None] | None:
    """A progress callback that rewrites one terminal line every 5 %, or none when piped."""
    if not TTY:
        return None
    shown = [-1]

    def progress(done: int, total: int) -> None:
        step = 100 * done // total // 5 if total else 20
        if step != shown[0]:
            shown[0] = step
            print(f"\r  {label}: {5 * step:3d} %", end="", flush=True)
            if done >= total:
                print("\r" + " " * (len(label) + 10) + "\r", end="", flush=True)

    return progress


def fmt_s(value: float) -> str:
    return f"{value:.2f}" if value < 100 else f"{value:.0f}"


def fmt_n(value: int) -> str:
    return f"{value:,}".replace(",", " ")


class Figures:
    """The rows of the final table."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, int, int, Took | None, str, bool]] = []

    def add(
        self,
        step: str,
        rows: int,
        cells: int,
        took: Took | None,
        note: str = "",
        *,
        rate: bool = True,
    ) -> None:
        self.rows.append((step, rows, cells, took, note, rate))

    def markdown(self) -> str:
        lines = [
            "| step | rows | cells | seconds | CPU seconds | rows/s | note |",
            "|---|---:|---:|---:|---:|---:|---|",
        ]
        for step, rows, cells, took, note, show_rate in self.rows:
            wall = fmt_s(took.wall) if took else "—"
            cpu = fmt_s(took.cpu) if took and took.cpu is not None else "—"
            rate = fmt_n(round(rows / took.wall)) if show_rate and took and took.wall else ""
            lines.append(
                f"| {step} | {fmt_n(rows)} | {fmt_n(cells)} | {wall} | {cpu} | {rate} | {note} |"
            )
        return "\n".join(lines)


# ----------------------------------------------------------------------------- the file's cells


def read_cells(path: Path) -> list[tuple[str, list[list[Any]]]]:
    """Every sheet of ``path`` as rows of values, for the plain write to copy.

    The data sheets are read with python-calamine (its empty cells, "", become None);
    a summary sheet, whose cells are formulas without stored results, with openpyxl so
    that its formulas are copied as formulas.
    """
    from openpyxl import load_workbook
    from python_calamine import CalamineWorkbook

    from exports.sheets import SUMMARY_NAMES

    workbook = CalamineWorkbook.from_path(str(path))
    sheets = []
    formulas = None
    for name in workbook.sheet_names:
        if name in SUMMARY_NAMES:
            formulas = formulas or load_workbook(path, read_only=True, data_only=False)
            rows = [list(r) for r in formulas[name].iter_rows(values_only=True)]
        else:
            rows = [
                [None if v == "" else v for v in r]
                for r in workbook.get_sheet_by_name(name).iter_rows()
            ]
        sheets.append((name, rows))
    if formulas is not None:
        formulas.close()
    return sheets


def count_cells(sheets: list[tuple[str, list[list[Any]]]]) -> int:
    return sum(1 for _, rows in sheets for row in rows for v in row if v is not None)


def plain_write(path: Path, sheets: list[tuple[str, list[list[Any]]]]) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    for name, rows in sheets:
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)


def openpyxl_read(path: Path) -> tuple[int, int]:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    rows = cells = 0
    try:
        for ws in wb.worksheets:
            for row in ws.iter_rows(values_only=True):
                rows += 1
                cells += sum(1 for v in row if v is not None)
    finally:
        wb.close()
    return rows, cells


def calamine_read(path: Path) -> tuple[int, int]:
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(str(path))
    rows = cells = 0
    for name in workbook.sheet_names:
        for row in workbook.get_sheet_by_name(name).iter_rows():
            rows += 1
            cells += sum(1 for v in row if v != "")
    return rows, cells


# ----------------------------------------------------------------------------- a million rows


def write_million_rows(path: Path, rows: int, *, dimension: bool) -> int:
    """A workbook of one sheet, Kirjaukset, with ``rows`` valid transactions, written by hand;
    returns the number of non-empty cells."""
    from exports.sheets import ID_HEADERS, TRANSACTIONS

    headers = [ID_HEADERS[0]] + [c.fi for c in TRANSACTIONS.columns]
    last = chr(ord("A") + len(headers) - 1)
    keys = [c.key for c in TRANSACTIONS.columns]
    assert keys[:4] == ["day", "category_id", "amount", "description"] and keys[-1] == "voucher", (
        keys
    )
    voucher = chr(ord("A") + len(headers) - 1)

    def text(ref: str, value: str) -> str:
        return f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'

    categories = [
        "Henkilöstökulut",
        "Toimitilakulut",
        "Matkakulut",
        "ICT-kulut",
        "Ostopalvelut",
        "Muut kulut",
    ]
    first = date(date.today().year, 1, 1).toordinal() - date(1899, 12, 30).toordinal()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr(
            "[Content_Types].xml",
            (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                '<Default Extension="xml" ContentType="application/xml"/>'
                '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
                "</Types>"
            ),
        )
        z.writestr(
            "_rels/.rels",
            (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
                "</Relationships>"
            ),
        )
        z.writestr(
            "xl/workbook.xml",
            (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                f'<sheets><sheet name="{TRANSACTIONS.fi}" sheetId="1" r:id="rId1"/></sheets></workbook>'
            ),
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
                '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
                "</Relationships>"
            ),
        )
        # Style 1: a date (the built-in number format 14), so that dates read as dates
        z.writestr(
            "xl/styles.xml",
            (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
                '<fills count="2"><fill><patternFill patternType="none"/></fill>'
                '<fill><patternFill patternType="gray125"/></fill></fills>'
                '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
                '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
                '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
                '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
                "</cellXfs></styleSheet>"
            ),
        )
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as out:
            head = (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            )
            if dimension:
                head += f'<dimension ref="A1:{last}{rows + 1}"/>'
            head += '<sheetData><row r="1">'
            head += "".join(text(f"{chr(ord('A') + i)}1", h) for i, h in enumerate(headers))
            out.write((head + "</row>").encode())
            chunk: list[str] = []
            for i in range(rows):
                r = i + 2
                chunk.append(
                    f'<row r="{r}">'
                    f'<c r="A{r}" t="inlineStr"><is><t>{uuid.UUID(int=i + 1)}</t></is></c>'
                    f'<c r="B{r}" s="1"><v>{first + i % 365}</v></c>'
                    f'<c r="C{r}" t="inlineStr"><is><t>{categories[i % 6]}</t></is></c>'
                    f'<c r="D{r}"><v>{(i % 99_999) + 1}.{i % 100:02d}</v></c>'
                    f'<c r="E{r}" t="inlineStr"><is><t>Matkalasku {i}</t></is></c>'
                    f'<c r="{voucher}{r}" t="inlineStr"><is><t>M-{i:07d}</t></is></c>'
                    "</row>"
                )
                if len(chunk) == 20_000:
                    out.write("".join(chunk).encode())
                    chunk = []
            out.write(("".join(chunk) + "</sheetData></worksheet>").encode())
    return len(headers) + 6 * rows


def read_all(path: Path) -> int:
    """Every sheet read by Oske's reader (``exports.xlsx_reader``) as the import reads it:
    scanned within the limits, then its rows. Returns the rows."""
    from exports.xlsx_reader import Book

    count = 0
    with Book.open(path) as book:
        for title in book.titles:
            book.scan(title, 10_000_000)
            for _ in book.rows(title):
                count += 1
    return count


def stored_rows(db: Any) -> list[tuple[str, list[str], list[tuple]]]:
    """(table, columns as quoted in SQL, rows) of every table of the mapping, as the
    driver returns them."""
    from storage import orm

    tables = []
    with db.engine.connect() as conn:
        quote = conn.dialect.identifier_preparer.quote  # "end", "start"
        for table in orm.metadata.sorted_tables:
            names = [quote(c.name) for c in table.c]
            result = conn.exec_driver_sql(f"SELECT {', '.join(names)} FROM {table.name}")
            tables.append((table.name, names, [tuple(row) for row in result]))
    return tables


def write_rows(db: Any, tables: list[tuple[str, list[str], list[tuple]]]) -> None:
    """The floor of an import's writes: ``tables``' rows into ``db`` (a new database, whose
    own first rows are deleted first) in one transaction, as the import writes in bulk
    (``storage.bulk.insert_tuples``, the search index filled at the end), with no Python
    work per row: no parsing, no checks, no history entries of its own."""
    from storage.bulk import insert_tuples
    from storage.search_index import indexed_after

    with db.engine.begin() as conn:
        for name, _, _ in reversed(tables):
            conn.exec_driver_sql(f"DELETE FROM {name}")
        for name, names, rows in tables:
            with indexed_after(conn, name, len(rows)):
                for start in range(0, len(rows), 5000):
                    insert_tuples(conn, name, names, rows[start : start + 5000])


def refusal_child(xlsx: str, db_file: str) -> None:
    """In a subprocess: import ``xlsx`` into a new empty database and print what it answered."""
    from exports.workbook import WorkbookError
    from services.workbook import import_file
    from storage.database import open_database, sqlite_url

    db = open_database(sqlite_url(Path(db_file)))
    started, cpu = time.perf_counter(), time.process_time()
    try:
        report = import_file(db, xlsx)
    except WorkbookError as exc:
        answer = f"WorkbookError: {exc}"
    else:
        errors = [str(e) for e in report.errors]
        added = sum(c.added for c in report.counts.values())
        if report.ok:
            answer = f"imported {added} rows"
        else:
            more = f" (and {len(errors) - 1} more errors)" if len(errors) > 1 else ""
            answer = f"refused: {errors[0] if errors else '(no error listed)'}{more}"
    took = {"wall": time.perf_counter() - started, "cpu": time.process_time() - cpu}
    db.close()
    print(json.dumps(took | {"answer": answer}, ensure_ascii=False), flush=True)


def time_refusal(path: Path, label: str) -> tuple[Took | None, str]:
    """Import ``path`` in a subprocess, stopped after REFUSAL_TIMEOUT seconds."""
    db_file = path.with_suffix(".sqlite")
    started = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, __file__, "--refusal-child", str(path), str(db_file)],
            check=False,
            capture_output=True,
            text=True,
            timeout=REFUSAL_TIMEOUT,
            cwd=ROOT,
        )
    except subprocess.TimeoutExpired:
        say(f"  {label}: did not answer within {REFUSAL_TIMEOUT} s")
        return None, f"did not answer within {REFUSAL_TIMEOUT} s"
    finally:
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(str(db_file) + suffix).unlink(missing_ok=True)
    wall = time.perf_counter() - started
    line = next((ln for ln in reversed(done.stdout.splitlines()) if ln.startswith("{")), None)
    if done.returncode != 0 or line is None:
        tail = (done.stderr.strip().splitlines() or ["(no output)"])[-1]
        say(f"  {label}: the subprocess failed (exit {done.returncode}): {tail}")
        return None, f"crashed: {tail}"
    result = json.loads(line)
    took = Took(result["wall"], result["cpu"])
    say(f"  answered in {took} ({wall:.2f} s with the subprocess's start): {result['answer']}")
    return took, result["answer"]


# ----------------------------------------------------------------------------- the benchmark


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=200_000, help="case events (200 000)")
    parser.add_argument("--transactions", type=int, default=100_000, help="transactions (100 000)")
    parser.add_argument(
        "--million-rows",
        type=int,
        default=1_000_000,
        metavar="R",
        help="rows of the oversized transactions sheet (1 000 000)",
    )
    parser.add_argument(
        "--server",
        action="store_true",
        help="the databases on the server of OSKE_TEST_DATABASE_URL, not SQLite files",
    )
    parser.add_argument("--refusal-child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.refusal_child:
        refusal_child(*args.refusal_child)
        return

    # sets XDG_CONFIG_HOME; bench_url reads --server from sys.argv
    from scripts.benchmark import bench_url, drop_made, fill_case_events, fill_transactions

    atexit.register(shutil.rmtree, os.environ["XDG_CONFIG_HOME"], ignore_errors=True)
    atexit.register(drop_made)
    from services.workbook import export_database, import_file, prepare_import
    from storage.database import open_database

    figures = Figures()
    say(f"Working in {TMP}; {load()}")

    # 1. The database
    db = open_database(bench_url("workbook-source"))
    say(f"  the database: {db.engine.dialect.name}")
    say(f"filling {fmt_n(args.events)} case events …")
    took, _ = seconds(lambda: fill_case_events(db, args.events))
    say(f"  done in {took}")
    say(f"filling {fmt_n(args.transactions)} transactions …")
    took, _ = seconds(lambda: fill_transactions(db, args.transactions))
    say(f"  done in {took}")

    # 2. Export beside a plain write
    ours = TMP / "export.xlsx"
    say("exporting with services.workbook.export_database …")
    export_t, counts = seconds(
        lambda: export_database(db, ours, progress=progress_printer("export"))
    )
    db.close()
    rows = sum(counts.values())
    say(
        f"  {export_t}, {fmt_n(rows)} rows: "
        + ", ".join(f"{k} {fmt_n(n)}" for k, n in counts.items() if n)
        + f"; file {ours.stat().st_size / 1e6:.1f} MB"
    )

    say("reading the exported cells back with python-calamine (not timed) …")
    sheets = read_cells(ours)
    cells = count_cells(sheets)
    say(
        f"  {len(sheets)} sheets, {fmt_n(sum(len(r) for _, r in sheets))} rows with headers, "
        f"{fmt_n(cells)} non-empty cells"
    )
    plain = TMP / "plain.xlsx"
    say("writing the same cells with plain openpyxl (write_only, no styles) …")
    write_t, _ = seconds(lambda: plain_write(plain, sheets))
    sheets.clear()
    say(f"  {write_t}; file {plain.stat().st_size / 1e6:.1f} MB")
    plain.unlink()
    say(f"  export / plain write: {export_t.wall / write_t.wall:.1f} ×")
    figures.add(
        "export (`export_database`)",
        rows,
        cells,
        export_t,
        f"{export_t.wall / write_t.wall:.1f} × the plain write",
    )
    figures.add("plain openpyxl write (write-only)", rows, cells, write_t)

    # 3. Import beside plain reads
    dialog = open_database(bench_url("workbook-dialog"))
    say("the import dialog's preview (prepare_import) into an empty database …")
    preview_t, prepared = seconds(
        lambda: prepare_import(dialog, ours, progress=progress_printer("preview"))
    )
    say(f"  {preview_t}; ok: {prepared.report.ok}, errors: {len(prepared.report.errors)}")
    say("… and its Import (confirm) …")
    confirm_t, _ = seconds(prepared.confirm)
    say(f"  {confirm_t}")
    dialog.close()
    target = open_database(bench_url("workbook-target"))
    say("importing (import_file) into another empty database …")
    import_t, report = seconds(
        lambda: import_file(target, ours, progress=progress_printer("import"))
    )
    added = sum(c.added for c in report.counts.values())
    say(
        f"  {import_t}; ok: {report.ok}, rows added: {fmt_n(added)}, "
        f"errors: {len(report.errors)}, warnings: {len(report.warnings)}"
    )
    for problem in report.errors[:5]:
        say(f"    {problem}")
    say("importing the same file again (every row unchanged) …")
    again_t, again = seconds(lambda: import_file(target, ours, progress=progress_printer("again")))
    unchanged = sum(c.unchanged for c in again.counts.values())
    changed = sum(c.added + c.updated for c in again.counts.values())
    say(f"  {again_t}; ok: {again.ok}, unchanged: {fmt_n(unchanged)}, added or updated: {changed}")
    say("the floor: Oske's reader reading every sheet, and the imported rows written again …")
    read_floor_t, _ = seconds(lambda: read_all(ours))
    say(f"  the reader: {read_floor_t}")
    tables = stored_rows(target)
    target.close()
    floor_db = open_database(bench_url("workbook-floor"))
    write_floor_t, _ = seconds(lambda: write_rows(floor_db, tables))
    floor_db.close()
    tables.clear()
    say(f"  the rows written as plain tuples, no Python per row: {write_floor_t}")

    say("reading the file with plain openpyxl (read_only, data_only, values_only) …")
    openpyxl_t, (n_rows, n_cells) = seconds(lambda: openpyxl_read(ours))
    say(f"  {openpyxl_t}, {fmt_n(n_rows)} rows, {fmt_n(n_cells)} non-empty cells")
    say("reading the file with python-calamine (iter_rows) …")
    calamine_t, (n_rows, n_cells) = seconds(lambda: calamine_read(ours))
    say(f"  {calamine_t}, {fmt_n(n_rows)} rows, {fmt_n(n_cells)} non-empty cells")

    def vs_reads(took: Took) -> str:
        return (
            f"{took.wall / openpyxl_t.wall:.1f} × the openpyxl read, "
            f"{took.wall / calamine_t.wall:.1f} × the calamine read"
        )

    both = Took(preview_t.wall + confirm_t.wall, (preview_t.cpu or 0) + (confirm_t.cpu or 0))
    say(f"  import: {vs_reads(import_t)}; preview and Import: {vs_reads(both)}")
    figures.add(
        "import into an empty database (`import_file`)",
        rows,
        cells,
        import_t,
        ("" if report.ok else f"NOT OK, {len(report.errors)} errors; ") + vs_reads(import_t),
    )
    figures.add("the dialog's preview (`prepare_import`)", rows, cells, preview_t)
    figures.add("… and its Import (`confirm`)", rows, cells, confirm_t)
    figures.add("the preview and Import together", rows, cells, both, vs_reads(both))
    figures.add(
        "import the same file again (all unchanged)", rows, cells, again_t, vs_reads(again_t)
    )
    floor_t = Took(
        read_floor_t.wall + write_floor_t.wall,
        (read_floor_t.cpu or 0) + (write_floor_t.cpu or 0),
    )
    figures.add("the floor: Oske's reader reads every sheet", rows, cells, read_floor_t)
    figures.add(
        "the floor: the imported rows written as plain tuples",
        rows,
        cells,
        write_floor_t,
        vs_reads(write_floor_t),
    )
    figures.add("plain openpyxl read (read-only, values only)", rows, cells, openpyxl_t)
    figures.add("plain python-calamine read", rows, cells, calamine_t)
    ours.unlink()

    # 4. A sheet of a million rows
    n = args.million_rows
    for dimension in (True, False) if n else ():
        label = (
            f"{fmt_n(n)}-row Kirjaukset sheet "
            + ("with" if dimension else "without")
            + " `<dimension>`"
        )
        big = TMP / f"million-{'dim' if dimension else 'nodim'}.xlsx"
        say(f"writing a {label} by hand …")
        write_big_t, big_cells = seconds(
            lambda big=big, dimension=dimension: write_million_rows(big, n, dimension=dimension)
        )
        say(f"  {write_big_t}; file {big.stat().st_size / 1e6:.1f} MB")
        say(f"importing it (in a subprocess, at most {REFUSAL_TIMEOUT} s) …")
        refusal_t, answer = time_refusal(big, label)
        short = answer if len(answer) <= 110 else answer[:109] + "…"
        figures.add(
            f"import a {label}", n, big_cells, refusal_t, short.replace("|", "/"), rate=False
        )
        big.unlink()

    say("")
    say(
        f"{fmt_n(args.events)} case events and {fmt_n(args.transactions)} transactions, "
        f"Python {sys.version.split()[0]}; at the end, {load()}."
    )
    say(
        "Rows: the records of the data sheets; cells: the non-empty cells of the whole file; "
        "CPU seconds: this process's alone."
    )
    say("")
    say(figures.markdown())
    say("")
    # The goals of issue 22, by wall-clock time and by this process's CPU time
    goals = (
        ("import/calamine-read", import_t, calamine_t),
        ("preview+import/calamine-read", both, calamine_t),
        ("reimport/calamine-read", again_t, calamine_t),
        ("export/openpyxl-write", export_t, write_t),
        # What no import of these rows can go below: reading the file and writing the rows
        ("floor-read+writes/calamine-read", floor_t, calamine_t),
    )
    for name, took, base in goals:
        say(f"ratio {name} {took.wall / base.wall:.2f}")
    for name, took, base in goals:
        if took.cpu and base.cpu:
            say(f"cpu-ratio {name} {took.cpu / base.cpu:.2f}")


if __name__ == "__main__":
    main()
