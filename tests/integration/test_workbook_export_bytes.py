"""The export writes its data rows as XML text (exports/sheet_xml.py, issue 22): every data
sheet must be byte for byte what openpyxl wrote before, when every row went through its
write-only sheet as cell objects.

The reference here is the export as it was: the records read as mapped records through the
repositories (not the plain rows the export now reads), each value turned into its cell by
the column's type, and ``ws.append`` of the row. The database is the demo and, stored by
SQL below the domain's checks as an older version could have, texts that openpyxl writes
its own way: control characters and ``_xHHHH_``, formula-like and error-code-like text,
spaces at either end, carriage returns, markup characters, letters beyond the BMP, a text
over Excel's limit, a date before 1900.
"""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from sqlalchemy import text

from domain.history import Entry, HistoryFilter
from exports.columns import (
    CategoryRef,
    PersonRef,
    ProjectRef,
    ReferenceChoice,
    excel_text,
    formula_like,
)
from exports.sheets import (
    CHANGE_ACTIONS,
    CHANGES_HEADERS,
    CHANGES_MAX_ROWS,
    CHANGES_NAMES,
    CHANGES_WIDTHS,
    SHEETS,
    OrderRefs,
    category_order,
    change_field_name,
    change_kind_name,
)
from exports.workbook import _cell, _person_names, _sort_key, data_sheet
from services.demo import load_demo
from services.history import newest_fitting
from services.sheets import SHEET_HANDLERS
from services.workbook import export_database
from storage.database import Database
from tests.databases import new_database

TODAY = date(2025, 6, 15)

HOSTILE_TEXTS = [
    "ohjaus\x01 ja\x1b neuvonta",  # control characters: _x0001_, _x001B_
    "jo valmiiksi _x0041_ kirjoitettu",  # an escape-like text, its underscore escaped
    "=SUMMA(A1:A3)",  # formula-like: a text cell
    "-5 €",
    "@käyttäjä",
    "#N/A",  # an error code's text
    "  alussa ja lopussa välejä  ",  # kept with xml:space="preserve"
    "rivinvaihto\r\nWindowsin tapaan",
    "a & b < c > d \"lainaus\" 'heittomerkki'",
    "hymy 😀 ja ääkköset ÅÄÖ åäö € ½",
    "sarkain\tja rivinvaihto\nkeskellä",
    "x" * 33_000,  # over Excel's 32 767: cut as openpyxl cuts it
    "\x7f\x85\u2028",
    "keskellä\x7fpoisto\x85seuraava rivi\u2028rivierotin",
]


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Database:
    folder = tmp_path_factory.mktemp("export_bytes")
    database = new_database(folder / "demo.sqlite")
    load_demo(database, TODAY)
    _store_hostile_values(database)
    yield database
    database.close()


def _store_hostile_values(db: Database) -> None:
    """The texts above in the case events' summaries, the transactions' descriptions and
    the staff's notes, one per record; a case event dated 1899."""
    with db.engine.begin() as conn:
        for table, column in (
            ("case_events", "summary"),
            ("transactions", "description"),
            ("staff", "notes"),
        ):
            ids = conn.execute(text(f"SELECT id FROM {table} ORDER BY id")).scalars().all()
            for record_id, value in zip(ids, HOSTILE_TEXTS, strict=False):
                conn.execute(
                    text(f"UPDATE {table} SET {column} = :value WHERE id = :id"),
                    {"value": value, "id": record_id},
                )
        first = conn.execute(text("SELECT id FROM case_events ORDER BY id DESC")).scalar()
        conn.execute(
            text("UPDATE case_events SET day = :day WHERE id = :id"),
            {"day": date(1899, 12, 1), "id": first},
        )


def _old_way(path: Path, db: Database, lang: str) -> None:
    """The data sheets as the export wrote them before: mapped records, cells by openpyxl."""
    with db.snapshot() as uow:
        records: dict[str, Any] = {h.key: h.rows(uow) for h in SHEET_HANDLERS}
        records["case_events"] = uow.case_events.all()  # mapped records, as before
        records["transactions"] = uow.transactions.all()
        references = {v.id: v for v in uow.references.all()}
    names = _person_names(records)
    codes = {p.id: p.code for p in records["projects"]}
    categories = sorted(records["categories"], key=category_order)
    category_names = {c.id: c.name for c in categories}
    refs = OrderRefs(codes, {c.id: rank for rank, c in enumerate(categories)})
    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    for spec in SHEETS:
        rows = sorted(records[spec.key], key=_sort_key(spec, refs))
        ws = data_sheet(wb, spec, lang, len(rows), bold)  # the header as the export's
        for record in rows:
            line: list[Any] = [record.id]
            for col in spec.columns:
                value = getattr(record, col.key)
                if isinstance(col.type, PersonRef):
                    value = names.get(col.type.sheet, {}).get(value) if value else None
                elif isinstance(col.type, ProjectRef):
                    value = codes.get(value) if value else None
                elif isinstance(col.type, CategoryRef):
                    value = category_names.get(value) if value else None
                elif isinstance(col.type, ReferenceChoice):
                    value = col.type.text(value, references, lang)
                else:
                    value = col.type.to_cell(value, lang)
                value = excel_text(value)
                if value is None or (col.type.number_format is None and not formula_like(value)):
                    line.append(value)
                else:
                    line.append(_cell(ws, value, number_format=col.type.number_format))
            ws.append(line)
    with db.snapshot() as uow:
        changes = newest_fitting(uow, HistoryFilter(), CHANGES_MAX_ROWS)
    _old_changes(wb, lang, changes, bold)
    wb.save(path)


def _old_changes(wb: Workbook, lang: str, changes: list[Entry], bold: Font) -> None:
    """The Changes sheet as it was written before: every row through openpyxl."""

    def text(ws: Any, value: Any) -> Any:
        value = excel_text(value)
        return _cell(ws, value) if formula_like(value) else value

    fi = lang == "fi"
    ws = wb.create_sheet(CHANGES_NAMES[0] if fi else CHANGES_NAMES[1])
    for i, width in enumerate(CHANGES_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    ws.append([_cell(ws, fi_en[0] if fi else fi_en[1], font=bold) for fi_en in CHANGES_HEADERS])
    for entry in changes:
        at = entry.local_time().replace(tzinfo=None)
        action = CHANGE_ACTIONS.get(entry.action.value, (entry.action.value,) * 2)
        texts = (
            entry.who(),
            change_kind_name(entry.kind, lang),
            entry.record_id,
            entry.label,
            action[0] if fi else action[1],
        )
        for change in entry.changes or (None,):
            line = [_cell(ws, at, number_format="d.m.yyyy h:mm:ss")]
            line += [text(ws, v) for v in texts]
            if change is not None:
                field = change_field_name(entry.kind, change.field, lang)
                line += [text(ws, v) for v in (field, change.old, change.new)]
            ws.append(line)


def _data_sheet_parts(path: Path) -> dict[str, bytes]:
    """The XML of the data sheets and the Changes sheet (the first ones of the workbook),
    by part name."""
    with zipfile.ZipFile(path) as package:
        return {
            f"xl/worksheets/sheet{i}.xml": package.read(f"xl/worksheets/sheet{i}.xml")
            for i in range(1, len(SHEETS) + 2)
        }


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_every_data_sheet_and_the_changes_are_byte_for_byte_what_openpyxl_wrote_before(
    demo, tmp_path, lang
):
    export_database(demo, tmp_path / "export.xlsx", lang=lang)
    _old_way(tmp_path / "reference.xlsx", demo, lang)

    exported = _data_sheet_parts(tmp_path / "export.xlsx")
    reference = _data_sheet_parts(tmp_path / "reference.xlsx")

    assert [p for p in exported if exported[p] != reference[p]] == []


def test_the_hostile_texts_are_in_the_exported_sheets(demo, tmp_path):
    """The comparison above is only worth as much as what the sheets hold."""
    export_database(demo, tmp_path / "export.xlsx")

    xml = b"".join(_data_sheet_parts(tmp_path / "export.xlsx").values())

    for fragment in (
        b"_x0001_",
        b"_x005F_x0041_",
        b"&gt; d",
        b"&#128512;",
        b'xml:space="preserve"',
        b"&#13;",
        b"<v>#N/A</v>",
    ):
        assert fragment in xml, fragment
