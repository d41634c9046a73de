"""No text from the database stops a report: every field either report prints is filled with
an absurd length — one unbroken word of 1 085 letters, an organisation of 4 096 — and both
reports are still written, with every letter of every text in them.

The limits of the forms do not hold for a database written by an older version, an import
or another tool, and the PostgreSQL columns of some fields are shorter than these texts: so
the report records are read from a real database by ``services.reports`` and their texts
replaced before the PDF is laid out by ``exports.reports``, as it would lay out any text.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth

from domain.board import BoardRole, BoardSeat, BoardTerm
from domain.caselog import AreaRow, AreaTable
from domain.finance import (
    BudgetComparison,
    BudgetRow,
    BudgetSection,
    Category,
    CategoryKind,
    FundingRow,
    FundingTable,
    ProjectFinance,
)
from domain.i18n import set_language
from domain.reports import BoardOfTerm, ProjectLine, ReportSectionText
from exports.pdf import BOLD, CONTENT_WIDTH, FONT
from exports.reports import write_annual_report, write_board_summary
from services.reports import annual_report, board_summary
from tests.databases import new_database
from tests.integration.pdf_text import Pdf, read

D = Decimal
AS_OF = date(2026, 11, 23)
GENERATED = datetime(2026, 11, 23, 14, 5)


def word(tag: str, length: int = 1085) -> str:
    """One unbroken word of ``length`` letters: ``tag`` numbered on, so that every piece of
    it is found in one place only (``Hanke1Hanke2Hanke3…``)."""
    text, number = "", 1
    while len(text) < length:
        text += f"{tag}{number}"
        number += 1
    return text[:length]


ORGANISATION = word("Organisaatio", 4096)
BUSINESS_ID = word("Ytunnus", 200)


def printed_whole(text: str, pdf: Pdf) -> bool:
    """Whether every letter of ``text`` is in the report, in order: in pieces where it is
    broken over lines, and a row broken over pages has the rest of its row, the footer,
    the next page's header and the table's header row between its pieces."""
    letters = "".join(pdf.text.split())
    rest, position = text, 0
    while rest:
        found = letters.find(rest[:12], position)
        if found < 0:
            return False
        length = 0
        while length < len(rest) and letters[found + length : found + length + 1] == rest[length]:
            length += 1
        rest, position = rest[length:], found + length
    return True


@pytest.fixture(scope="module")
def empty_db(tmp_path_factory):
    database = new_database(tmp_path_factory.mktemp("long") / "oske.sqlite")
    yield database
    database.close()


def board_texts() -> dict[str, str]:
    return {
        name: word(name)
        for name in ("Tulolaji", "Menolaji", "Rahoituslähde", "Hankekoodi", "Hankenimi")
    }


@pytest.fixture(scope="module")
def board(empty_db, tmp_path_factory) -> Pdf:
    set_language("fi")
    texts = board_texts()
    summary = board_summary(empty_db, AS_OF)
    elapsed = Fraction(327, 365)
    income = Category(texts["Tulolaji"], CategoryKind.INCOME)
    expense = Category(texts["Menolaji"], CategoryKind.EXPENSE)
    summary = replace(
        summary,
        organisation=replace(summary.organisation, name=ORGANISATION, business_id=BUSINESS_ID),
        comparison=BudgetComparison(
            AS_OF,
            BudgetSection(
                CategoryKind.INCOME, (BudgetRow(income, D("365000.00"), D("1000.00"), elapsed),)
            ),
            BudgetSection(
                CategoryKind.EXPENSE, (BudgetRow(expense, D("730.00"), D("99.00"), elapsed),)
            ),
        ),
        funding=FundingTable(2026, (FundingRow(texts["Rahoituslähde"], D("1000.00"), 100),)),
        projects=(
            ProjectFinance(
                "p1",
                texts["Hankekoodi"],
                texts["Hankenimi"],
                D("100000.00"),
                D("60000.00"),
                D("34000.00"),
            ),
        ),
    )
    path = tmp_path_factory.mktemp("long-board") / "hallitus.pdf"
    return read(write_board_summary(path, summary, generated=GENERATED))


def annual_texts() -> dict[str, str]:
    names = (
        "Esipuhe",
        "Jäsen",
        "Etunimi",
        "Nimike",
        "Jäsenorganisaatio",
        "Varajäsen",
        "Varaetunimi",
        "Varaorganisaatio",
        "Henkilöstö",
        "Harjoittelija",
        "Koodi",
        "Hanke",
        "Ajanjakso",
        "Rooli",
        "Rahoittaja",
        "Toinenrahoittaja",
        "Alue",
    )
    texts = {name: word(name) for name in names}
    texts["Päätoteuttaja"] = word("Päätoteuttaja", 4096)
    return texts


@pytest.fixture(scope="module")
def annual(empty_db, tmp_path_factory) -> Pdf:
    set_language("fi")
    t = annual_texts()
    report = annual_report(empty_db, 2026, today=AS_OF)
    term = BoardTerm(date(2026, 1, 1))
    seat = BoardSeat(
        term.id,
        BoardRole.CHAIR,
        t["Jäsen"],
        t["Etunimi"],
        member_title=t["Nimike"],
        member_organisation=t["Jäsenorganisaatio"],
        deputy_last_name=t["Varajäsen"],
        deputy_first_name=t["Varaetunimi"],
        deputy_organisation=t["Varaorganisaatio"],
    )
    report = replace(
        report,
        organisation=replace(report.organisation, name=ORGANISATION, business_id=BUSINESS_ID),
        texts=(ReportSectionText("Esipuhe", t["Esipuhe"]),),
        boards=(BoardOfTerm(term, (seat,)),),
        staff_lines=(t["Henkilöstö"],),
        trainee_lines=(t["Harjoittelija"],),
        projects=(
            ProjectLine(
                t["Koodi"],
                t["Hanke"],
                t["Ajanjakso"],
                t["Rooli"],
                t["Päätoteuttaja"],
                (t["Rahoittaja"], t["Toinenrahoittaja"]),
            ),
        ),
        areas=AreaTable((AreaRow(t["Alue"], 3, 4),)),
    )
    path = tmp_path_factory.mktemp("long-annual") / "vuosikertomus.pdf"
    return read(write_annual_report(path, report, generated=GENERATED))


@pytest.mark.parametrize("name", sorted(board_texts()))
def test_every_long_word_of_the_board_report_is_printed_whole(board, name):
    assert printed_whole(word(name), board)


def test_the_board_report_prints_an_organisation_of_4096_letters_and_its_business_id(board):
    assert printed_whole(ORGANISATION, board)
    assert printed_whole(BUSINESS_ID, board)


@pytest.mark.parametrize("name", sorted(annual_texts()))
def test_every_long_word_of_the_annual_report_is_printed_whole(annual, name):
    assert printed_whole(annual_texts()[name], annual)


def test_the_annual_report_prints_an_organisation_of_4096_letters(annual):
    assert printed_whole(ORGANISATION, annual)


def test_the_page_header_cuts_a_long_organisation_short_of_the_title_beside_it(annual):
    """Each page's header line (drawn last, so read last) gives the start of the name and an
    ellipsis, narrow enough to leave the title its room on the right."""
    for page in annual.raw:
        header, title = page.splitlines()[-4:-2]
        assert title == "Vuosikertomus 2026: taulukot"
        assert header.endswith("\u2026") and ORGANISATION.startswith(header[:-1])
        assert stringWidth(header, BOLD, 8.5) + stringWidth(title, FONT, 8.5) < CONTENT_WIDTH
