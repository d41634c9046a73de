"""The reports in English name the categories in English (issue 21): the board summary's
budget table and chart, and the funding tables of both reports. A category without an
English name prints its Finnish one.

The board summary's known ledger (test_reports_board.py) with one category of the
office's own, "Lahjoitukset", that has no English name; both reports written in English
and read back with pypdf.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from domain.finance import Category, CategoryKind, Transaction
from domain.i18n import set_language
from services.finance import add_category, save_transaction
from services.reports import write_annual, write_board_report
from storage.database import Database
from tests.databases import new_database
from tests.integration.pdf_text import Pdf, read
from tests.integration.test_reports_board import AS_OF, GENERATED, fill

FINNISH_DEFAULTS = (
    "Valtionavustus perustoimintaan",
    "Hankerahoitus",
    "Kuntarahoitus",
    "Henkilöstökulut",
    "Toimitilakulut",
    "Matkakulut",
    "Asiantuntijapalvelujen myynti",
    "Muut tuotot",
    "ICT-kulut",
    "Ostopalvelut",
    "Muut kulut",
)


@pytest.fixture(scope="module")
def ledger(tmp_path_factory) -> Database:
    database = new_database(tmp_path_factory.mktemp("english") / "oske.sqlite")
    fill(database)
    donations = add_category(database, Category("Lahjoitukset", CategoryKind.INCOME))
    save_transaction(
        database, Transaction(date(2026, 10, 1), donations.id, Decimal("500.00")), None
    )
    yield database
    database.close()


@pytest.fixture(scope="module")
def board(ledger, tmp_path_factory) -> Pdf:
    set_language("en")  # module fixtures run before the per-test language reset
    try:
        path = tmp_path_factory.mktemp("out") / "board.pdf"
        return read(write_board_report(ledger, AS_OF, path, generated=GENERATED))
    finally:
        set_language("fi")


@pytest.fixture(scope="module")
def annual(ledger, tmp_path_factory) -> Pdf:
    set_language("en")
    try:
        path = tmp_path_factory.mktemp("out") / "annual.pdf"
        return read(write_annual(ledger, 2026, path, generated=GENERATED))
    finally:
        set_language("fi")


def test_the_english_board_summary_names_the_categories_in_english(board):
    budget = board.between("Income and expenses by category", "Income by source of funding")
    for name in (
        "Government grant for core activities",
        "Project funding",
        "Municipal funding",
        "Personnel expenses",
        "Premises expenses",
        "Travel expenses",
    ):
        assert name in budget


def test_the_english_board_summary_prints_no_finnish_name_of_a_default_category(board):
    assert [name for name in FINNISH_DEFAULTS if name in board.text] == []


def test_the_english_board_summary_lists_the_income_by_source_in_english(board):
    funding = board.between("Income by source of funding", "Project finances")
    assert "Government grant for core activities" in funding
    assert "Municipal funding" in funding


def test_a_category_without_an_english_name_prints_its_finnish_name_in_english(board, annual):
    assert "Lahjoitukset" in board.between("Income by source of funding", "Project finances")
    assert "Lahjoitukset" in annual.text


def test_the_english_annual_report_lists_the_sources_of_funding_in_english(annual):
    funding = annual.between("Sources of funding 2026", "Income and expenses 2026")
    for name in ("Government grant for core activities", "Project funding", "Municipal funding"):
        assert name in funding
    assert [name for name in FINNISH_DEFAULTS if name in annual.text] == []
