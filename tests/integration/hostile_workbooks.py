"""Hostile workbooks, written as raw XML into a zip: what openpyxl would never write (a cell
at XFD1048576, a shared string of 100 MB, a relationship to ../../etc/passwd), each a few
kilobytes on disk however much it claims. ``CORPUS`` names them; ``make(name, folder)``
writes one."""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

TRANSACTIONS = ["Päivämäärä", "Luokka", "Summa €", "Selite"]
STAFF = ["Sukunimi", "Etunimi", "Tehtävänimike"]


@dataclass
class Sheet:
    title: str
    rows: Iterable[str]  # the <row> elements, as XML
    state: str = ""  # "hidden", "veryHidden" or "" (visible)
    target: str = ""  # the relationship's Target; "" for worksheets/sheetN.xml
    dimension: str = ""  # a <dimension ref=…>, "" for none


def letters(column: int) -> str:
    """A column's letters from its number (1: A)."""
    out = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        out = chr(65 + rest) + out
    return out


def inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(text)}</t></is></c>'


def row(number: int, values: list[str], first: int = 1) -> str:
    cells = "".join(
        inline(f"{letters(first + i)}{number}", v) for i, v in enumerate(values) if v != ""
    )
    return f'<row r="{number}">{cells}</row>'


def raw_xlsx(
    path: Path,
    sheets: list[Sheet],
    shared: Iterable[bytes] | None = None,
    sst_attributes: str = "",
) -> Path:
    """An .xlsx of ``sheets``; with ``shared`` a sharedStrings.xml of those pieces, written
    one after another (each piece its own XML, so that a huge one is streamed), its
    ``<sst>`` with ``sst_attributes`` (``uniqueCount="3"``)."""
    types = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    if shared is not None:
        types += (
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        )
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" '
        f"Target={quoteattr(s.target or f'worksheets/sheet{i}.xml')}/>"
        for i, s in enumerate(sheets, start=1)
    )
    if shared is not None:
        rels += f'<Relationship Id="rIdS" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
    entries = "".join(
        f'<sheet name={quoteattr(s.title)} sheetId="{i}" r:id="rId{i}"'
        + (f' state="{s.state}"' if s.state else "")
        + "/>"
        for i, s in enumerate(sheets, start=1)
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        zf.writestr(
            "[Content_Types].xml",
            f'{_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            f"{types}</Types>",
        )
        zf.writestr(
            "_rels/.rels",
            f'{_XML}<Relationships xmlns="{_PKG}"><Relationship Id="rId1" '
            f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        zf.writestr(
            "xl/workbook.xml",
            f'{_XML}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>{entries}</sheets></workbook>',
        )
        zf.writestr(
            "xl/_rels/workbook.xml.rels",
            f'{_XML}<Relationships xmlns="{_PKG}">{rels}</Relationships>',
        )
        for i, sheet in enumerate(sheets, start=1):
            if sheet.target:
                continue  # points somewhere else: nothing of its own in the package
            with zf.open(f"xl/worksheets/sheet{i}.xml", "w", force_zip64=True) as out:
                out.write(f'{_XML}<worksheet xmlns="{_MAIN}">'.encode())
                if sheet.dimension:
                    out.write(f'<dimension ref="{sheet.dimension}"/>'.encode())
                out.write(b"<sheetData>")
                for piece in sheet.rows:
                    out.write(piece.encode())
                out.write(b"</sheetData></worksheet>")
        if shared is not None:
            with zf.open("xl/sharedStrings.xml", "w", force_zip64=True) as out:
                out.write(f'{_XML}<sst xmlns="{_MAIN}" {sst_attributes}>'.encode())
                for piece in shared:
                    out.write(piece)
                out.write(b"</sst>")
    return path


def _transactions(*rows: str, dimension: str = "") -> Sheet:
    return Sheet("Kirjaukset", [row(1, TRANSACTIONS), *rows], dimension=dimension)


def _a_valid_booking(number: int = 2) -> str:
    return row(number, ["5.3.2024", "Matkakulut", "12,25", "Juna"])


def _huge_string(size: int) -> Iterator[bytes]:
    yield b"<si><t>"
    block = b"A" * (1 << 20)
    for _ in range(size >> 20):
        yield block
    yield b"</t></si>"


def _shared_cells(count: int) -> Iterator[str]:
    """``count`` rows whose Selite cell is shared string 0."""
    step = 10_000
    for first in range(2, count + 2, step):
        yield "".join(
            f'<row r="{n}"><c r="D{n}" t="s"><v>0</v></c></row>'
            for n in range(first, min(first + step, count + 2))
        )


def cell_at_xfd1048576(path: Path) -> Path:
    return raw_xlsx(path, [_transactions('<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')])


def cell_at_xfd5000(path: Path) -> Path:
    return raw_xlsx(path, [_transactions('<row r="5000"><c r="XFD5000"><v>1</v></c></row>')])


def dimension_at_xfd1048576(path: Path) -> Path:
    """Cells in A1:D2 only, but the sheet declares the whole of Excel's grid."""
    return raw_xlsx(path, [_transactions(_a_valid_booking(), dimension="A1:XFD1048576")])


def columns_101(path: Path) -> Path:
    headers = TRANSACTIONS + [f"Sarake {n}" for n in range(len(TRANSACTIONS) + 1, 102)]
    return raw_xlsx(path, [Sheet("Kirjaukset", [row(1, headers), _a_valid_booking()])])


def columns_101_without_references(path: Path) -> Path:
    """The 101st column reached by cells that carry no r="…": each follows the one before."""
    cells = "".join(f'<c t="inlineStr"><is><t>S{n}</t></is></c>' for n in range(101))
    return raw_xlsx(path, [Sheet("Kirjaukset", [f'<row r="1">{cells}</row>'])])


def shared_strings_bomb(path: Path) -> Path:
    """One shared string of 100 MB, packed into about 100 kB."""
    return raw_xlsx(path, [_transactions(_a_valid_booking())], shared=_huge_string(100 << 20))


def shared_strings_ratio_bomb(path: Path) -> Path:
    """Under the size limit, but packed a thousand times over."""
    return raw_xlsx(path, [_transactions(_a_valid_booking())], shared=_huge_string(20 << 20))


def shared_string_of_40000(path: Path) -> Path:
    text = ("Pitkä selite. " * 3000)[:40_000].encode()
    return raw_xlsx(
        path,
        [_transactions('<row r="2"><c r="D2" t="s"><v>0</v></c></row>')],
        shared=[b"<si><t>" + text + b"</t></si>"],
    )


def shared_string_in_100000_cells(path: Path) -> Path:
    """A 30 000-character text, named by 100 000 cells: each would get a copy of it."""
    return raw_xlsx(
        path,
        [_transactions(*_shared_cells(100_000))],
        shared=[b"<si><t>" + b"x" * 30_000 + b"</t></si>"],
    )


def shared_strings_lying_about_their_size(path: Path) -> Path:
    """10 MB of shared strings whose zip headers say 2 000 bytes, with the checksum of
    those first 2 000 bytes: a reader that trusted the directory would unpack it all."""
    raw_xlsx(path, [_transactions(_a_valid_booking())], shared=_huge_string(10 << 20))
    member = b"xl/sharedStrings.xml"
    with zipfile.ZipFile(path) as zf, zf.open(member.decode()) as part:
        crc = zlib.crc32(part.read(2000))
    data = bytearray(path.read_bytes())
    # (signature, offset of the name's length, of the name, of the CRC, of the size)
    for signature, length_at, name_at, crc_at, size_at in (
        (b"PK\x01\x02", 28, 46, 16, 24),  # the central directory
        (b"PK\x03\x04", 26, 30, 14, 22),  # the local header
    ):
        at = data.find(signature)
        while at != -1:
            (length,) = struct.unpack("<H", data[at + length_at : at + length_at + 2])
            if data[at + name_at : at + name_at + length] == member:
                data[at + crc_at : at + crc_at + 4] = struct.pack("<I", crc)
                data[at + size_at : at + size_at + 4] = struct.pack("<I", 2000)
            at = data.find(signature, at + 4)
    path.write_bytes(bytes(data))
    return path


def cell_of_40000(path: Path) -> Path:
    return raw_xlsx(
        path, [_transactions(row(2, ["5.3.2024", "Matkakulut", "12,25", "x" * 40_000]))]
    )


def two_languages(path: Path) -> Path:
    english = Sheet("Transactions", [row(1, ["Date", "Category", "Amount €"])])
    return raw_xlsx(path, [_transactions(_a_valid_booking()), english])


def only_taul1(path: Path) -> Path:
    return raw_xlsx(path, [Sheet("Taul1", [row(1, STAFF), row(2, ["Kulo", "Outi", "sihteeri"])])])


def relationship_outside(path: Path) -> Path:
    return raw_xlsx(path, [Sheet("Kirjaukset", [], target="../../etc/passwd")])


def relationship_absolute(path: Path) -> Path:
    return raw_xlsx(path, [Sheet("Kirjaukset", [], target="file:///etc/passwd")])


def hidden_sheet(path: Path) -> Path:
    staff = Sheet("Henkilöstö", [row(1, STAFF), row(2, ["Kulo", "Outi", "sihteeri"])])
    hidden = Sheet("Kirjaukset", [row(1, TRANSACTIONS), _a_valid_booking()], state="hidden")
    return raw_xlsx(path, [staff, hidden])


def ods(path: Path) -> Path:
    """An OpenDocument spreadsheet, as LibreOffice saves one (its first part the mimetype)."""
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr(
            "content.xml",
            '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
            'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>',
        )
    return path


def title_row(path: Path) -> Path:
    return raw_xlsx(
        path,
        [
            Sheet(
                "Kirjaukset",
                [row(1, ["Kirjaukset 2024"]), row(3, TRANSACTIONS), _a_valid_booking(4)],
            )
        ],
    )


# name → (how it is made, the file's name)
def shared_strings_claiming_four_thousand_million(path: Path) -> Path:
    """One text, in a part that claims 4 000 000 000: calamine would make room for them all."""
    attributes = 'count="4000000000" uniqueCount="4000000000"'
    cells = '<row r="2"><c r="D2" t="s"><v>0</v></c></row>'
    return raw_xlsx(path, [_transactions(cells)], [b"<si><t>x</t></si>"], attributes)


def two_sheets_of_one_name(path: Path) -> Path:
    """Two sheets called Kirjaukset: the first reaches XFD1048576, the second is harmless."""
    far = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    return raw_xlsx(path, [Sheet("Kirjaukset", [far]), _transactions(_a_valid_booking())])


def error_value_cell(path: Path) -> Path:
    """A booking whose Selite holds #N/A, as a VLOOKUP pasted back as values leaves it."""
    booking = row(2, ["5.3.2024", "Matkakulut", "12,25"])
    booking = booking.replace("</row>", '<c r="D2" t="e"><v>#N/A</v></c></row>')
    return raw_xlsx(path, [_transactions(booking)])


def sheet_bomb(path: Path) -> Path:
    """A sheet of 32 MB of nothing (empty elements), packed into a few kilobytes."""
    nothing = "<x/>" * (1 << 20)
    return raw_xlsx(path, [_transactions(_a_valid_booking(), *([nothing] * 8))])


def damaged_sheet_part(path: Path) -> Path:
    """A sheet part with one byte changed, as after a broken download: its checksum fails."""
    raw_xlsx(path, [_transactions(*(_a_valid_booking(n) for n in range(2, 500)))])
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
    data = bytearray(path.read_bytes())
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + info.compress_size // 2] ^= 0x01
    path.write_bytes(bytes(data))
    return path


CORPUS: dict[str, tuple[Callable[[Path], Path], str]] = {
    "cell at XFD1048576": (cell_at_xfd1048576, "xfd1048576.xlsx"),
    "cell at XFD5000": (cell_at_xfd5000, "xfd5000.xlsx"),
    "dimension to XFD1048576": (dimension_at_xfd1048576, "dimension.xlsx"),
    "101 columns": (columns_101, "101 saraketta.xlsx"),
    "101 columns without references": (columns_101_without_references, "101 ilman.xlsx"),
    "shared-strings bomb": (shared_strings_bomb, "pommi.xlsx"),
    "shared-strings ratio bomb": (shared_strings_ratio_bomb, "tiivis pommi.xlsx"),
    "shared strings lying about their size": (shared_strings_lying_about_their_size, "valhe.xlsx"),
    "shared string of 40 000 characters": (shared_string_of_40000, "pitkä jaettu.xlsx"),
    "shared string in 100 000 cells": (shared_string_in_100000_cells, "kopiot.xlsx"),
    "cell of 40 000 characters": (cell_of_40000, "pitkä solu.xlsx"),
    "two languages": (two_languages, "kaksi kieltä.xlsx"),
    "only Taul1": (only_taul1, "taul1.xlsx"),
    "relationship outside the package": (relationship_outside, "ulos.xlsx"),
    "relationship to a URL": (relationship_absolute, "url.xlsx"),
    "hidden sheet": (hidden_sheet, "piilotettu.xlsx"),
    "ods": (ods, "laskelma.ods"),
    "title row": (title_row, "otsikko.xlsx"),
    "shared strings claiming 4 000 000 000": (
        shared_strings_claiming_four_thousand_million,
        "neljä miljardia.xlsx",
    ),
    "two sheets of one name": (two_sheets_of_one_name, "kaksi samannimistä.xlsx"),
    "error value": (error_value_cell, "virhearvo.xlsx"),
    "sheet bomb": (sheet_bomb, "taulukkopommi.xlsx"),
    "damaged sheet part": (damaged_sheet_part, "vioittunut.xlsx"),
}


def make(name: str, folder: Path) -> Path:
    how, file_name = CORPUS[name]
    return how(folder / file_name)
