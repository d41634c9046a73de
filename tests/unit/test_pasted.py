"""Pasted spreadsheet rows read as rows of a workbook sheet (exports.pasted)."""

from __future__ import annotations

import pytest

from exports.pasted import FULL_NAME, PasteError, pasted_table
from exports.sheets import CASE_EVENTS, STAFF, TRANSACTIONS

LEDGER_ORDER = ("day", "category_id", "description", None, "amount")


def test_rows_with_english_headers_in_any_order_keep_their_columns():
    text = "Amount €\tDate\tCategory\n45,50\t3.2.2026\tMatkakulut\n"
    assert pasted_table(text, TRANSACTIONS, LEDGER_ORDER, "fi") == [
        ["Summa €", "Päivämäärä", "Luokka"],
        ["45,50", "3.2.2026", "Matkakulut"],
    ]


def test_rows_without_headers_follow_the_lists_order_leaving_out_what_the_sheet_has_not():
    text = "3.2.2026\tMatkakulut\tJuna\t-45,50 €\t45,50\n"
    assert pasted_table(text, TRANSACTIONS, LEDGER_ORDER, "en") == [
        ["Date", "Category", "Description", "Amount €"],
        ["3.2.2026", "Matkakulut", "Juna", "45,50"],
    ]


def test_the_lists_own_headers_are_read_and_a_running_total_left_out():
    text = "Pvm\tKertymä €\tLuokka\tSumma €\n3.2.2026\t100,00\tMatkakulut\t12\n"
    shown = {"Pvm": "day", "Kertymä €": None}
    assert pasted_table(text, TRANSACTIONS, LEDGER_ORDER, "fi", shown) == [
        ["Päivämäärä", "Luokka", "Summa €"],
        ["3.2.2026", "Matkakulut", "12"],
    ]


def test_a_lists_name_column_gives_the_last_name_and_the_first_names():
    text = "Kantola Marjo Anneli\tsihteeri\n"
    assert pasted_table(text, STAFF, (FULL_NAME, "title"), "fi") == [
        ["Sukunimi", "Etunimi", "Tehtävänimike"],
        ["Kantola", "Marjo Anneli", "sihteeri"],
    ]


def test_a_lists_several_values_are_separated_as_the_sheet_separates_them():
    text = "3.2.2026\tpäätös, kohtelu\n"
    assert pasted_table(text, CASE_EVENTS, ("day", "reason_ids"), "fi")[1] == [
        "3.2.2026",
        "päätös; kohtelu",
    ]


def test_a_quoted_cell_keeps_its_line_break_and_tab():
    text = 'Selite\tSumma €\n"rivi 1\nrivi\t2"\t5\n'
    assert pasted_table(text, TRANSACTIONS, LEDGER_ORDER, "fi")[1] == ["rivi 1\nrivi\t2", "5"]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "yksi\nkaksi\n",
        "Päivämäärä\tSumma €\n",
        "Päivämäärä\tMaksaja\n1.2.2026\tX\n",
        "1\t2\t3\t4\t5\t6\n",
        "1.2.2026\tX\n" * 5001,
    ],
    ids=["empty", "one column", "only headers", "unknown header", "too wide", "too many"],
)
def test_what_is_not_rows_of_the_sheet_is_refused(text):
    with pytest.raises(PasteError):
        pasted_table(text, TRANSACTIONS, LEDGER_ORDER, "fi")
