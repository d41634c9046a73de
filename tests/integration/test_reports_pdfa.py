"""Both reports are PDF/A-2u files, fit for the archive and for reading aloud: the structures
ISO 19005-2 asks of them are checked here with pypdf (and qpdf, where installed); the
README says how to run the full check with veraPDF.

The board summary is written in Finnish and the annual report in English, from a real
database filled through the services.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject

from domain.about import APP_NAME, APP_VERSION
from domain.finance import Transaction
from domain.i18n import set_language
from domain.organisation import Organisation
from services.finance import save_transaction
from services.reports import write_annual, write_board_report
from tests.databases import new_database

AS_OF = date(2026, 11, 23)
GENERATED = datetime(2026, 11, 23, 14, 5)
ORGANISATION = "Sámi Ŋuoraid Čálli <b>& Bitės"
NS = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
}


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pdfa")
    db = new_database(folder / "oske.sqlite")
    with db.unit_of_work() as uow:
        uow.settings.save_organisation(Organisation(name=ORGANISATION, business_id="1572860-0"))
        category = next(c for c in uow.categories.all() if c.name == "Kuntarahoitus")
        uow.commit()
    save_transaction(db, Transaction(date(2026, 3, 3), category.id, Decimal("1000.00")), None)
    set_language("fi")
    board = write_board_report(db, AS_OF, folder / "hallitus.pdf", generated=GENERATED)
    set_language("en")
    annual = write_annual(db, 2026, folder / "annual.pdf", generated=GENERATED)
    set_language("fi")
    db.close()
    return {"board": board, "annual": annual}


REPORTS = ["board", "annual"]


def reader(files, report) -> PdfReader:
    return PdfReader(files[report])


def xmp(files, report) -> ET.Element:
    return ET.fromstring(reader(files, report).trailer["/Root"]["/Metadata"].get_data())


def xmp_value(root: ET.Element, path: str) -> str:
    found = root.find(f".//rdf:Description/{path}", NS)
    assert found is not None, path
    return (found.text or "").strip()


@pytest.mark.parametrize("report", REPORTS)
def test_the_metadata_identifies_the_file_as_pdfa_2u(files, report):
    root = xmp(files, report)
    assert xmp_value(root, "pdfaid:part") == "2"
    assert xmp_value(root, "pdfaid:conformance") == "U"


@pytest.mark.parametrize("report", REPORTS)
def test_the_metadata_stream_is_plain_xml_as_pdfa_requires(files, report):
    stream = reader(files, report).trailer["/Root"]["/Metadata"].get_object()
    assert stream["/Type"] == "/Metadata" and stream["/Subtype"] == "/XML"
    assert "/Filter" not in stream
    assert stream.get_data().startswith(b'<?xpacket begin="\xef\xbb\xbf"')


@pytest.mark.parametrize("report", REPORTS)
def test_the_metadata_and_the_document_info_agree(files, report):
    info = reader(files, report).metadata
    root = xmp(files, report)
    assert xmp_value(root, "dc:title/rdf:Alt/rdf:li") == info["/Title"]
    assert xmp_value(root, "dc:creator/rdf:Seq/rdf:li") == info["/Author"]
    assert xmp_value(root, "dc:description/rdf:Alt/rdf:li") == info["/Subject"]
    assert xmp_value(root, "pdf:Keywords") == info["/Keywords"]
    assert xmp_value(root, "xmp:CreatorTool") == info["/Creator"]
    assert xmp_value(root, "pdf:Producer") == info["/Producer"]
    created = datetime.fromisoformat(xmp_value(root, "xmp:CreateDate"))
    assert created == pdf_date(info["/CreationDate"])
    assert datetime.fromisoformat(xmp_value(root, "xmp:ModifyDate")) == pdf_date(info["/ModDate"])


def pdf_date(value: str) -> datetime:
    """A PDF date, D:YYYYMMDDHHmmSS+HH'mm', as a datetime with its offset."""
    stamp = datetime.strptime(value[2:16], "%Y%m%d%H%M%S")
    sign = -1 if value[16] == "-" else 1
    offset = timedelta(hours=int(value[17:19]), minutes=int(value[20:22]))
    return stamp.replace(tzinfo=timezone(sign * offset))


def test_the_board_report_has_its_title_subject_author_creator_and_keywords(files):
    info = reader(files, "board").metadata
    assert info["/Title"] == "Talousarvion toteutumavertailu 23.11.2026"
    assert info["/Subject"] == (
        "Talousarvion toteutuminen luokittain, tuotot rahoituslähteittäin ja hankkeiden talous "
        "1.1.\u201323.11.2026"
    )
    assert info["/Author"] == ORGANISATION
    assert info["/Creator"] == f"{APP_NAME} {APP_VERSION}"
    assert info["/Keywords"] == "talousarvion toteutumavertailu, hallituksen kokous, 2026"


def test_the_english_annual_report_has_its_title_and_subject_in_english(files):
    info = reader(files, "annual").metadata
    assert info["/Title"] == "Annual report 2026: tables"
    assert info["/Subject"].startswith("The tables of the annual report 2026: administration")
    assert info["/Keywords"] == "annual report, 2026"


@pytest.mark.parametrize("report", REPORTS)
def test_no_field_of_the_document_info_is_left_unspecified(files, report):
    info = reader(files, report).metadata
    for key in ("/Title", "/Subject", "/Author", "/Creator", "/Keywords"):
        assert info[key] and "unspecified" not in info[key] and info[key] != "anonymous", key


@pytest.mark.parametrize(("report", "language"), [("board", "fi-FI"), ("annual", "en")])
def test_the_document_language_is_the_reports_language(files, report, language):
    assert reader(files, report).trailer["/Root"]["/Lang"] == language


@pytest.mark.parametrize("report", REPORTS)
def test_a_viewer_shows_the_title_rather_than_the_file_name(files, report):
    preferences = reader(files, report).trailer["/Root"]["/ViewerPreferences"]
    assert preferences["/DisplayDocTitle"].value is True


@pytest.mark.parametrize("report", REPORTS)
def test_the_output_intent_is_pdfa_with_the_srgb_profile(files, report):
    intents = reader(files, report).trailer["/Root"]["/OutputIntents"]
    assert isinstance(intents, ArrayObject) and len(intents) == 1
    intent = intents[0].get_object()
    assert intent["/Type"] == "/OutputIntent"
    assert intent["/S"] == "/GTS_PDFA1"
    assert intent["/OutputConditionIdentifier"] == "sRGB IEC61966-2.1"
    profile = intent["/DestOutputProfile"].get_object()
    assert profile["/N"] == 3
    icc = profile.get_data()
    assert icc[36:40] == b"acsp" and icc[16:20] == b"RGB " and icc[12:16] == b"mntr"
    assert int.from_bytes(icc[0:4], "big") == len(icc)


@pytest.mark.parametrize("report", REPORTS)
def test_the_file_has_an_identifier(files, report):
    identifier = reader(files, report).trailer["/ID"]
    assert len(identifier) == 2 and all(len(part.original_bytes) == 16 for part in identifier)


@pytest.mark.parametrize("report", REPORTS)
def test_every_stream_ends_on_its_own_line_after_as_many_bytes_as_its_length(files, report):
    """PDF/A: ``stream``, an end of line, Length bytes, an end of line, ``endstream``."""
    data = files[report].read_bytes()
    streams = re.findall(rb"/Length (\d+)[^>]*>>\s*stream\r?\n", data)
    assert streams
    for match in re.finditer(rb"/Length (\d+)[^>]*>>\s*stream\r?\n", data):
        end = match.end() + int(match.group(1))
        assert data[end : end + 10] in (b"\nendstream", b"\r\nendstrea"), match.group(0)


@pytest.mark.parametrize("report", REPORTS)
def test_the_header_marks_the_file_as_binary(files, report):
    """PDF/A: the version line, then a comment of at least four bytes above 127."""
    first, second = files[report].read_bytes().split(b"\n")[:2]
    assert first.startswith(b"%PDF-1.")
    assert second.startswith(b"%") and all(byte > 127 for byte in second[1:5])


@pytest.mark.parametrize("report", REPORTS)
def test_nothing_is_transparent(files, report):
    for page in reader(files, report).pages:
        assert "/Group" not in page
        resources = page["/Resources"]
        for reference in (resources.get("/ExtGState") or {}).values():
            state = reference.get_object()
            assert state.get("/CA", 1) == 1 and state.get("/ca", 1) == 1
            assert state.get("/SMask", "/None") == "/None"
        assert "/XObject" not in resources  # no image that could carry a soft mask


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed")
@pytest.mark.parametrize("report", REPORTS)
def test_qpdf_finds_no_fault_in_the_file(files, report):
    result = subprocess.run(
        ["qpdf", "--check", str(files[report])], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors found" in result.stdout
