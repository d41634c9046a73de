"""Bad workbooks, as people really send them: each is answered by a clear message, and the
database stays exactly as it was (every table compared row for row before and after).

The corpus: a missing required column; an unknown choice; bad dates and money; the same
natural key twice in one file; a reference to an unknown project or person; formulas in
data cells (with and without a cached value: neither is trusted); merged cells; a sheet of
a million rows; a damaged file, a zip that is not a workbook, an empty file; a workbook
encrypted with a password; an old Excel 97–2003 (.xls) file, under either extension.

Workbooks are written with openpyxl as a person would fill them, or by hand as raw XML
when openpyxl cannot write the case (cached formula values, a million rows in seconds).
The binary files in tests/data were made once; tests/data/README.md says how.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl
import pytest
from python_calamine import CalamineWorkbook
from sqlalchemy import inspect, text

from domain.finance import Transaction
from domain.projects import OurRole, Project
from domain.staff import StaffMember, Trainee, TraineeKind
from exports import workbook as workbook_module
from exports.workbook import ImportReport, WorkbookError
from services.finance import save_transaction
from services.projects import save_project
from services.workbook import import_file
from storage.database import Database, open_database
from tests.databases import copy_of, new_database
from tests.integration import workbook_files

DATA = Path(__file__).resolve().parents[1] / "data"
TRANSACTIONS_FI = ["Päivämäärä", "Luokka", "Summa €", "Selite", "Hanke"]
MILLION = 1_000_000


# ----------------------------------------------------------------------------- helpers


def fingerprint(db: Database) -> tuple:
    """Every row of every table, in a fixed order: equal snapshots, equal databases."""
    tables = []
    with db.engine.connect() as conn:
        inspector = inspect(conn)
        for table in sorted(inspector.get_table_names()):
            columns = [c["name"] for c in inspector.get_columns(table)]
            listed = ", ".join(f'"{c}"' for c in columns)
            rows = conn.execute(text(f'SELECT {listed} FROM "{table}" ORDER BY {listed}')).all()
            tables.append((table, tuple(columns), tuple(tuple(row) for row in rows)))
    return tuple(tables)


def rows_of(snapshot: tuple, table: str) -> tuple:
    return next(rows for name, _columns, rows in snapshot if name == table)


def fill_database(db: Database) -> None:
    """A staff member, a project, a trainee of the project supervised by the staff member,
    and a transaction in a category for the project: so that "unchanged" means something."""
    kantola = StaffMember("Kantola", "Marjo", "hallintoassistentti", start=date(2022, 4, 1))
    monni = Project(
        "MONNI",
        "Monialainen nuorten palveluohjaus",
        OurRole.LEAD_IMPLEMENTER,
        date(2022, 1, 1),
        date(2024, 12, 31),
    )
    save_project(db, monni, None)
    with db.unit_of_work() as uow:
        kantola.tidy()
        uow.staff.add(kantola)
        trainee = Trainee(
            "Koski",
            "Oona",
            TraineeKind.THESIS,
            date(2023, 1, 9),
            project_id=monni.id,
            supervisor_id=kantola.id,
        )
        trainee.tidy()
        uow.trainees.add(trainee)
        travel = uow.categories.by_name("Matkakulut")
        uow.commit()
    save_transaction(
        db,
        Transaction(
            date(2023, 3, 5), travel.id, Decimal("123.45"), "Juna Helsinkiin", project_id=monni.id
        ),
        None,
    )


@pytest.fixture(scope="module")
def filled_file(tmp_path_factory) -> str:
    """The filled database's URL, made once: creating a database runs every migration."""
    db = new_database(tmp_path_factory.mktemp("filled") / "oske.sqlite")
    try:
        fill_database(db)
    finally:
        db.close()
    return db.url


@pytest.fixture
def filled_db(filled_file: str, tmp_path: Path) -> Iterator[Database]:
    """A copy of the filled database of this test's own."""
    db = open_database(copy_of(filled_file, tmp_path / "oske.sqlite"))
    yield db
    db.close()


def import_refused(db: Database, path: Path) -> ImportReport:
    """Import ``path``, which must be refused: a report that is not ok, and every table
    of the database exactly as it was."""
    before = fingerprint(db)
    report = import_file(db, path)
    assert not report.ok
    assert fingerprint(db) == before
    return report


def unreadable(db: Database, path: Path) -> str:
    """Import ``path``, which must not be readable as a workbook at all: the message of
    the WorkbookError, with the database exactly as it was."""
    before = fingerprint(db)
    with pytest.raises(WorkbookError) as caught:
        import_file(db, path)
    assert fingerprint(db) == before
    return str(caught.value)


def where(report: ImportReport) -> set[tuple[str, int, str]]:
    return {(e.sheet, e.row, e.column) for e in report.errors}


def error_at(report: ImportReport, sheet: str, row: int, column: str) -> str:
    (message,) = [
        e.message for e in report.errors if (e.sheet, e.row, e.column) == (sheet, row, column)
    ]
    return message


def write_workbook(path: Path, sheets: dict[str, list[list]]) -> Path:
    """A text starting with ``=`` is written as a formula, as Excel would take it."""
    return workbook_files.write_workbook(path, sheets, formulas=True)


def mentions_formula(message: str) -> bool:
    return "formula" in message.casefold() or "kaava" in message.casefold()


def without(message: str, name: str) -> str:
    """The message with the file's name taken out, so that a word found is not its name."""
    return message.replace(name, "")


# A minimal .xlsx written by hand: one sheet, its cells as raw XML. openpyxl cannot write a
# formula with a cached value, nor a million rows in a few seconds.

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)


def _workbook_xml(title: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<sheets><sheet name="{escape(title)}" sheetId="1" r:id="rId1"/></sheets>'
        "</workbook>"
    )


def minimal_xlsx(
    path: Path, title: str, sheet_data: Iterable[str], *, dimension: str | None = None
) -> Path:
    """A valid one-sheet .xlsx whose ``<sheetData>`` is the given XML, streamed into the zip
    piece by piece; with ``dimension`` a ``<dimension ref=…>`` as Excel writes one."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _PACKAGE_RELS)
        zf.writestr("xl/workbook.xml", _workbook_xml(title))
        zf.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as out:
            out.write(
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            )
            if dimension is not None:
                out.write(f'<dimension ref="{dimension}"/>'.encode())
            out.write(b"<sheetData>")
            for piece in sheet_data:
                out.write(piece.encode())
            out.write(b"</sheetData></worksheet>")
    return path


def inline(ref: str, value: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'


def header_row(headers: list[str]) -> str:
    return (
        '<row r="1">'
        + "".join(inline(f"{chr(65 + i)}1", h) for i, h in enumerate(headers))
        + "</row>"
    )


def transaction_rows(count: int) -> Iterator[str]:
    """``count`` valid Kirjaukset rows from row 2 on, 10 000 to a piece. The cells carry no
    ``r`` (optional in the format) so that a million rows are written in about a second."""
    step = 10_000
    for first in range(2, count + 2, step):
        yield "".join(
            f'<row r="{n}"><c t="inlineStr"><is><t>5.3.2024</t></is></c>'
            f'<c t="inlineStr"><is><t>Matkakulut</t></is></c><c><v>12.25</v></c></row>'
            for n in range(first, min(first + step, count + 2))
        )


def transactions_xlsx(path: Path, count: int, *, dimension: bool | str = True) -> Path:
    """A Kirjaukset sheet of ``count`` valid data rows; ``dimension``: True for a true
    ``<dimension>``, False for none, or a ref of one's own (one that lies)."""
    ref = f"A1:C{count + 1}" if dimension is True else dimension or None
    data = [header_row(["Päivämäärä", "Luokka", "Summa €"])]
    return minimal_xlsx(path, "Kirjaukset", [*data, *transaction_rows(count)], dimension=ref)


@pytest.fixture(scope="module")
def million_rows(tmp_path_factory) -> Path:
    """Kirjaukset with a million data rows and a true <dimension>, built once."""
    return transactions_xlsx(tmp_path_factory.mktemp("big") / "kirjaukset.xlsx", MILLION)


@pytest.fixture(scope="module")
def million_rows_without_dimension(tmp_path_factory) -> Path:
    """The same without <dimension>: nothing in the file says how long the sheet is."""
    return transactions_xlsx(
        tmp_path_factory.mktemp("big") / "kirjaukset.xlsx", MILLION, dimension=False
    )


def states_the_limit(message: str, limit: int) -> bool:
    """Whether ``limit`` is in the message, however its thousands are spaced."""
    joined = re.sub(r"(?<=\d)[\s\u00a0\u202f](?=\d{3}\b)", "", message)
    return re.search(rf"(?<!\d){limit}(?!\d)", joined) is not None


# ----------------------------------------------------------------------------- the starting point


def test_the_database_the_bad_files_meet_has_records_so_that_unchanged_means_something(filled_db):
    snapshot = fingerprint(filled_db)
    for table in ("staff", "trainees", "projects", "transactions", "categories"):
        assert rows_of(snapshot, table), table
    assert hash(snapshot) == hash(fingerprint(filled_db))


def test_the_hand_made_workbook_is_valid_ten_rows_of_it_import(filled_db, tmp_path):
    path = transactions_xlsx(tmp_path / "kymmenen.xlsx", 10)
    before = fingerprint(filled_db)

    report = import_file(filled_db, path)

    assert report.ok, [str(e) for e in report.errors]
    assert report.counts["Kirjaukset"].added == 10
    assert (
        len(rows_of(fingerprint(filled_db), "transactions"))
        == len(rows_of(before, "transactions")) + 10
    )


def test_the_hand_made_workbook_without_a_dimension_is_valid_too(filled_db, tmp_path):
    path = transactions_xlsx(tmp_path / "kymmenen.xlsx", 10, dimension=False)

    report = import_file(filled_db, path)

    assert report.ok, [str(e) for e in report.errors]
    assert report.counts["Kirjaukset"].added == 10


# ----------------------------------------------------------------------------- cells and rows


def test_a_missing_required_column_is_an_error_on_row_1_under_that_columns_header(
    filled_db, tmp_path
):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Henkilöstö": [
                ["Sukunimi", "Etunimi", "Alkaen"],
                ["Kulo", "Outi", "1.1.2023"],
            ]
        },
    )

    report = import_refused(filled_db, path)

    assert where(report) == {("Henkilöstö", 1, "Tehtävänimike")}


def test_an_unknown_choice_value_is_an_error_at_its_cell(filled_db, tmp_path):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Henkilöstö": [
                ["Sukunimi", "Etunimi", "Tehtävänimike", "Palvelussuhde"],
                ["Kulo", "Outi", "sihteeri", "vakinainen"],
                ["Laine", "Eero", "tutkija", "osa-aikainen"],
            ]
        },
    )

    report = import_refused(filled_db, path)

    assert where(report) == {("Henkilöstö", 3, "Palvelussuhde")}
    assert "osa-aikainen" in error_at(report, "Henkilöstö", 3, "Palvelussuhde")


def test_an_impossible_date_and_a_date_in_words_are_errors_at_each_cell(filled_db, tmp_path):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Henkilöstö": [
                ["Sukunimi", "Etunimi", "Tehtävänimike", "Alkaen", "Päättyen"],
                ["Kulo", "Outi", "sihteeri", "31.2.2022", None],
                ["Laine", "Eero", "tutkija", "1.1.2022", "ensi viikolla"],
                ["Uusi", "Ulla", "tutkija", "1.6.2023", None],
            ]
        },
    )

    report = import_refused(filled_db, path)

    assert where(report) == {("Henkilöstö", 2, "Alkaen"), ("Henkilöstö", 3, "Päättyen")}


def test_money_with_three_decimals_in_words_or_as_a_number_is_an_error_at_each_cell(
    filled_db, tmp_path
):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Kirjaukset": [
                TRANSACTIONS_FI,
                ["5.3.2024", "Matkakulut", "12,345", "junaliput", None],
                ["6.3.2024", "Matkakulut", "kaksi euroa", "kahvit", None],
                ["7.3.2024", "Matkakulut", 10.005, "taksi", None],
                ["8.3.2024", "Matkakulut", "12,35 €", "bussi", None],
            ]
        },
    )

    report = import_refused(filled_db, path)

    assert where(report) == {
        ("Kirjaukset", 2, "Summa €"),
        ("Kirjaukset", 3, "Summa €"),
        ("Kirjaukset", 4, "Summa €"),
    }


def test_two_projects_with_the_same_code_in_one_file_are_an_error_on_the_second_row(
    filled_db, tmp_path
):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Hankkeet": [
                ["Lyhenne", "Nimi", "Rooli"],
                ["TULLAS", "Tulevaisuuden lastensuojelu", "hallinnoija"],
                ["TULLAS", "Tulevaisuuden lastensuojelu II", "osatoteuttaja"],
            ]
        },
    )

    report = import_refused(filled_db, path)

    assert [(e.sheet, e.row) for e in report.errors] == [("Hankkeet", 3)]


def test_a_transaction_for_an_unknown_project_is_an_error_at_its_project_cell(filled_db, tmp_path):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Kirjaukset": [
                TRANSACTIONS_FI,
                ["5.3.2024", "Matkakulut", 12.5, "junaliput", "MONNI"],
                ["6.3.2024", "Matkakulut", 20, "taksi", "EIOLE"],
            ]
        },
    )

    report = import_refused(filled_db, path)

    assert where(report) == {("Kirjaukset", 3, "Hanke")}
    assert "EIOLE" in error_at(report, "Kirjaukset", 3, "Hanke")


def test_a_trainee_supervised_by_an_unknown_person_is_an_error_at_its_supervisor_cell(
    filled_db, tmp_path
):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Harjoittelijat": [
                ["Sukunimi", "Etunimi", "Tyyppi", "Alkaen", "Ohjaaja"],
                ["Laine", "Eero", "harjoittelu", "1.2.2024", "Kantola Marjo"],
                ["Niemi", "Ilona", "harjoittelu", "1.2.2024", "Tuntematon Teppo"],
            ]
        },
    )

    report = import_refused(filled_db, path)

    assert where(report) == {("Harjoittelijat", 3, "Ohjaaja")}
    assert "Tuntematon Teppo" in error_at(report, "Harjoittelijat", 3, "Ohjaaja")


# ----------------------------------------------------------------------------- formulas, merges


def test_formulas_without_cached_values_are_each_an_error_at_their_cell(filled_db, tmp_path):
    # openpyxl writes a formula with no cached value, as a program that never calculated it
    path = write_workbook(
        tmp_path / "kaavat.xlsx",
        {
            "Kirjaukset": [
                TRANSACTIONS_FI,
                ["5.3.2024", "Matkakulut", "=1+1", "=A2", None],
                ["6.3.2024", "Matkakulut", 20, "=B3", None],
            ]
        },
    )

    report = import_refused(filled_db, path)

    assert where(report) == {
        ("Kirjaukset", 2, "Summa €"),
        ("Kirjaukset", 2, "Selite"),
        ("Kirjaukset", 3, "Selite"),
    }


def test_an_error_about_a_formula_says_it_is_a_formula(filled_db, tmp_path):
    path = write_workbook(
        tmp_path / "kaavat.xlsx",
        {
            "Kirjaukset": [
                TRANSACTIONS_FI,
                ["5.3.2024", "Matkakulut", "=1+1", "junaliput", None],
            ]
        },
    )

    report = import_refused(filled_db, path)

    assert mentions_formula(error_at(report, "Kirjaukset", 2, "Summa €"))


def test_formulas_with_cached_values_are_refused_too_and_the_cached_values_are_not_taken(
    filled_db, tmp_path
):
    # As Excel saves them: a cached result beside each formula, and a formula filled down
    # as a shared formula (row 3 holds only a reference to row 2's).
    rows = [
        header_row(TRANSACTIONS_FI[:4]),
        '<row r="2">'
        + inline("A2", "5.3.2024")
        + inline("B2", "Matkakulut")
        + '<c r="C2"><f t="shared" ref="C2:C3" si="0">1+1</f><v>2</v></c>'
        + '<c r="D2" t="str"><f>B2</f><v>Matkakulut</v></c></row>',
        '<row r="3">'
        + inline("A3", "6.3.2024")
        + inline("B3", "Matkakulut")
        + '<c r="C3"><f t="shared" si="0"/><v>2</v></c>'
        + inline("D3", "taksi")
        + "</row>",
    ]
    path = minimal_xlsx(tmp_path / "kaavat.xlsx", "Kirjaukset", rows, dimension="A1:D3")
    # A reader that trusts cached values sees a valid sheet
    assert CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Kirjaukset").to_python()[
        1:
    ] == [
        ["5.3.2024", "Matkakulut", 2.0, "Matkakulut"],
        ["6.3.2024", "Matkakulut", 2.0, "taksi"],
    ]

    report = import_refused(filled_db, path)

    assert where(report) == {
        ("Kirjaukset", 2, "Summa €"),
        ("Kirjaukset", 2, "Selite"),
        ("Kirjaukset", 3, "Summa €"),
    }


def test_merged_cells_are_an_error_at_the_first_cell_under_its_columns_header(filled_db, tmp_path):
    path = tmp_path / "yhdistetyt.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Henkilöstö"
    for row in (
        ["Sukunimi", "Etunimi", "Tehtävänimike"],
        ["Kulo", "Outi", "sihteeri"],
        ["Laine", "Outi", "tutkija"],
    ):
        ws.append(row)
    ws.merge_cells("B2:B3")
    wb.save(path)

    report = import_refused(filled_db, path)

    assert ("Henkilöstö", 2, "Etunimi") in where(report)
    assert "B2:B3" in error_at(report, "Henkilöstö", 2, "Etunimi")


# ----------------------------------------------------------------------------- a million rows


def test_a_sheet_of_a_million_rows_is_refused_naming_the_sheet_and_the_limit(
    filled_db, million_rows
):
    report = import_refused(filled_db, million_rows)

    (problem,) = report.errors
    assert problem.sheet == "Kirjaukset"
    assert states_the_limit(problem.message, workbook_module.MAX_ROWS)


def test_a_sheet_of_a_million_rows_is_refused_without_a_dimension_saying_so(
    filled_db, million_rows_without_dimension
):
    report = import_refused(filled_db, million_rows_without_dimension)

    assert [e.sheet for e in report.errors] == ["Kirjaukset"]


def test_a_sheet_one_row_over_the_limit_is_refused(filled_db, tmp_path, monkeypatch):
    monkeypatch.setattr(workbook_module, "MAX_ROWS", 10)
    path = transactions_xlsx(tmp_path / "yksitoista.xlsx", 11)

    report = import_refused(filled_db, path)

    (problem,) = report.errors
    assert problem.sheet == "Kirjaukset"
    assert states_the_limit(problem.message, 10)


def test_a_sheet_over_the_limit_is_refused_though_its_dimension_says_it_is_small(
    filled_db, tmp_path, monkeypatch
):
    monkeypatch.setattr(workbook_module, "MAX_ROWS", 10)
    path = transactions_xlsx(tmp_path / "yksitoista.xlsx", 11, dimension="A1:C2")

    report = import_refused(filled_db, path)

    assert [e.sheet for e in report.errors] == ["Kirjaukset"]


def test_a_sheet_of_exactly_the_limit_is_imported(filled_db, tmp_path, monkeypatch):
    monkeypatch.setattr(workbook_module, "MAX_ROWS", 10)
    path = transactions_xlsx(tmp_path / "kymmenen.xlsx", 10, dimension=False)

    report = import_file(filled_db, path)

    assert report.ok, [str(e) for e in report.errors]
    assert report.counts["Kirjaukset"].added == 10


# ----------------------------------------------------------------------------- not workbooks


def _half_a_workbook(path: Path) -> None:
    write_workbook(
        path,
        {"Henkilöstö": [["Sukunimi", "Etunimi", "Tehtävänimike"], ["Kulo", "Outi", "sihteeri"]]},
    )
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _a_zip_of_other_things(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("muistio.txt", "Sukunimi;Etunimi\nKulo;Outi\n")


def _nothing(path: Path) -> None:
    path.write_bytes(b"")


@pytest.mark.parametrize(
    "make",
    [_half_a_workbook, _a_zip_of_other_things, _nothing],
    ids=["a workbook cut in half", "a zip that is not a workbook", "an empty file"],
)
def test_a_file_that_is_not_a_readable_workbook_is_refused_naming_the_file(
    filled_db, tmp_path, make
):
    path = tmp_path / "henkilöstö 2023.xlsx"
    make(path)

    message = unreadable(filled_db, path)

    assert "henkilöstö 2023.xlsx" in message


def test_the_binary_test_files_are_what_their_names_say():
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE2 compound file, as Office writes them
    encrypted = (DATA / "password.xlsx").read_bytes()
    old = (DATA / "old.xls").read_bytes()
    assert encrypted.startswith(ole2) and "EncryptedPackage".encode("utf-16-le") in encrypted
    assert old.startswith(ole2) and "Workbook".encode("utf-16-le") in old
    assert "EncryptedPackage".encode("utf-16-le") not in old


def test_a_workbook_protected_with_a_password_is_refused_saying_so(filled_db, tmp_path):
    path = tmp_path / "palkat 2023.xlsx"
    shutil.copyfile(DATA / "password.xlsx", path)

    message = unreadable(filled_db, path)

    assert "palkat 2023.xlsx" in message
    assert re.search("salasan|password", without(message, path.name), re.IGNORECASE)


@pytest.mark.parametrize("name", ["vanha henkilöstö.xls", "vanha henkilöstö.xlsx"])
def test_an_old_excel_97_2003_file_is_refused_as_xls_whatever_it_is_named(
    filled_db, tmp_path, name
):
    path = tmp_path / name
    shutil.copyfile(DATA / "old.xls", path)

    message = unreadable(filled_db, path)

    assert name in message
    assert re.search(r"\.xls(?!x)", without(message, name))
