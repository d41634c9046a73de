"""The workbook's financial sheets (Luokat, Talousarvio, Kirjaukset) as a user meets them.

Real parts only: SQLite files in ``tmp_path``, records entered through the finance and
project services, .xlsx files written by openpyxl, and exports read back with openpyxl and
with python-calamine as an independent reader. Every database starts with the default
categories, each with IDs of its own. The contract is docs/workbook.md.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from domain.finance import Category, CategoryKind, Transaction
from domain.i18n import set_language
from domain.projects import OurRole, Project
from services.finance import add_category, rename_category, save_transaction, set_budget
from services.projects import save_project
from services.workbook import export_database, import_file
from tests.integration.workbook_files import write_workbook

CATEGORIES_FI = ["Tunniste", "Nimi", "Tyyppi"]  # a workbook from before the English names
CATEGORIES_EN = ["ID", "Name", "Type"]
EXPORTED_CATEGORIES_FI = [*CATEGORIES_FI, "Nimi (en)"]
EXPORTED_CATEGORIES_EN = [*CATEGORIES_EN, "Name (en)"]
BUDGET_FI = ["Tunniste", "Vuosi", "Luokka", "Summa €"]
BUDGET_EN = ["ID", "Year", "Category", "Amount €"]
TRANSACTIONS_FI = [
    "Tunniste",
    "Päivämäärä",
    "Luokka",
    "Summa €",
    "Selite",
    "Hanke",
    "Asiakas",
    "Työpäivät",
    "Tosite",
]
TRANSACTIONS_EN = [
    "ID",
    "Date",
    "Category",
    "Amount €",
    "Description",
    "Project",
    "Customer",
    "Work days",
    "Voucher",
]
FINANCE_SHEETS_FI = ("Luokat", "Talousarvio", "Kirjaukset")
SALES, STATE_GRANT, STAFF_COSTS, TRAVEL = (
    "Asiantuntijapalvelujen myynti",
    "Valtionavustus perustoimintaan",
    "Henkilöstökulut",
    "Matkakulut",
)
AMOUNTS = [Decimal(a) for a in ("9250.23", "0.01", "-15.10", "1234567.89", "0.07", "100000.00")]


# ----------------------------------------------------------------------------- helpers


@pytest.fixture
def english():
    """Messages in English, the source language, so they are asserted as written."""
    set_language("en")


def category_id(db, name: str) -> str:
    with db.unit_of_work() as uow:
        category = uow.categories.by_name(name)
    assert category is not None, name
    return category.id


def finance_in(db) -> dict[str, dict[str, tuple]]:
    """Every category, budget line and transaction by ID, categories and projects by name."""
    with db.unit_of_work() as uow:
        categories = uow.categories.by_id()
        codes = {p.id: p.code for p in uow.projects.all()}
        return {
            "categories": {
                c.id: (c.name, c.name_en, c.kind, c.retired) for c in categories.values()
            },
            "budget": {
                b.id: (b.year, categories[b.category_id].name, b.amount) for b in uow.budget.all()
            },
            "transactions": {
                t.id: (
                    t.day,
                    categories[t.category_id].name,
                    t.amount,
                    t.description,
                    codes.get(t.project_id),
                    t.customer,
                    t.work_days,
                    t.voucher,
                )
                for t in uow.transactions.all()
            },
        }


def transaction_row(
    day,
    category,
    amount,
    description=None,
    project=None,
    customer=None,
    work_days=None,
    voucher=None,
    *,
    id=None,
) -> list:
    return [id, day, category, amount, description, project, customer, work_days, voucher]


def sheet(path: Path, name: str) -> list[list]:
    """A sheet's rows as openpyxl reads them, each as wide as the header row."""
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        rows = [list(row) for row in wb[name].iter_rows(values_only=True)]
    finally:
        wb.close()
    width = len(rows[0])
    return [row + [None] * (width - len(row)) for row in rows]


def calamine(path: Path, name: str) -> list[list]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(name).to_python()


def where(report) -> set[tuple[str, int, str]]:
    return {(e.sheet, e.row, e.column) for e in report.errors}


def messages(report) -> list[str]:
    return [e.message for e in report.errors]


def counts(report, sheet_name: str) -> tuple[int, int, int]:
    c = report.counts[sheet_name]
    return c.added, c.updated, c.unchanged


@pytest.fixture
def finance_db(db):
    fill_finance(db)
    return db


def fill_finance(db) -> None:
    """A project, a category of our own, a budget for two years and six transactions
    entered through the services, with amounts that binary floats do not hold exactly."""
    save_project(
        db, Project("MONNI", "Monialainen nuorten palveluohjaus", OurRole.LEAD_IMPLEMENTER), None
    )
    with db.unit_of_work() as uow:
        monni = uow.projects.by_code("MONNI").id
    training = add_category(
        db, Category("Koulutustuotot", CategoryKind.INCOME, name_en="Training income")
    )
    set_budget(db, 2024, category_id(db, STATE_GRANT), Decimal("400000.00"))
    set_budget(db, 2024, category_id(db, STAFF_COSTS), Decimal("9250.23"))
    set_budget(db, 2024, training.id, Decimal("0.00"))
    set_budget(db, 2023, category_id(db, TRAVEL), Decimal("1234567.89"))
    rows = [
        Transaction(
            date(2024, 3, 5),
            category_id(db, SALES),
            AMOUNTS[0],
            "Koulutuspäivät",
            customer="Eksote",
            work_days=Decimal("1.5"),
            voucher="M-101",
        ),
        Transaction(
            date(2024, 3, 5), category_id(db, TRAVEL), AMOUNTS[1], "=pyöristys", project_id=monni
        ),
        Transaction(
            date(2024, 4, 30),
            category_id(db, TRAVEL),
            AMOUNTS[2],
            "Hyvitys: junalippu",
            voucher="O-7",
        ),
        Transaction(date(2024, 1, 15), category_id(db, STATE_GRANT), AMOUNTS[3], "1. erä"),
        Transaction(date(2024, 12, 31), training.id, AMOUNTS[4], "-korko"),
        Transaction(
            date(2023, 6, 1),
            category_id(db, STAFF_COSTS),
            AMOUNTS[5],
            "Palkat",
            project_id=monni,
            work_days=Decimal(2),
        ),
    ]
    for t in rows:
        save_transaction(db, t, None)


# ----------------------------------------------------------------------------- round trips


def test_the_three_sheets_round_trip_into_an_empty_database_exact_to_the_cent(
    finance_db, empty_db, tmp_path
):
    """What test_workbook_roundtrip.py does for every group, with the amounts spelt out:
    none of them may pass through a binary float on the way."""
    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    export_database(finance_db, first)
    assert import_file(empty_db, first).ok
    export_database(empty_db, second)

    found = finance_in(empty_db)
    assert sorted(t[2] for t in found["transactions"].values()) == sorted(AMOUNTS)
    sale = next(t for t in found["transactions"].values() if t[1] == SALES)
    assert sale == (
        date(2024, 3, 5),
        SALES,
        Decimal("9250.23"),
        "Koulutuspäivät",
        None,
        "Eksote",
        Decimal("1.5"),
        "M-101",
    )
    assert sorted(b[2] for b in found["budget"].values()) == [
        Decimal("0.00"),
        Decimal("9250.23"),
        Decimal("400000.00"),
        Decimal("1234567.89"),
    ]
    assert sorted(t[4] or "" for t in found["transactions"].values()) == [
        "",
        "",
        "",
        "",
        "MONNI",
        "MONNI",
    ]
    # Excel keeps a number as a float; the export's float is the amount to the cent
    amounts = [row[3] for row in calamine(second, "Kirjaukset")[1:]]
    assert sorted(Decimal(repr(a)).quantize(Decimal("0.01")) for a in amounts) == sorted(AMOUNTS)


def english_names(db) -> dict[str, str]:
    with db.unit_of_work() as uow:
        return {c.name: c.name_en for c in uow.categories.all()}


def test_the_english_names_of_the_categories_round_trip_into_an_empty_database(
    finance_db, empty_db, tmp_path
):
    rename_category(finance_db, category_id(finance_db, TRAVEL), TRAVEL, "Travel costs")
    rename_category(finance_db, category_id(finance_db, "Muut kulut"), "Muut kulut", "")
    path = tmp_path / "export.xlsx"
    export_database(finance_db, path)

    assert import_file(empty_db, path).ok

    names = english_names(empty_db)
    assert names == english_names(finance_db)
    assert (names[TRAVEL], names["Koulutustuotot"], names["Muut kulut"]) == (
        "Travel costs",
        "Training income",
        "",
    )


def test_a_workbook_without_the_english_name_column_leaves_the_english_names_as_they_are(
    finance_db, tmp_path
):
    travel = category_id(finance_db, TRAVEL)
    before = english_names(finance_db)
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Luokat": [
                CATEGORIES_FI,
                [travel, TRAVEL, "kulu"],
                [None, "Koulutustuotot", "tuotto"],
                [None, "Lahjoitukset", "tuotto"],
            ]
        },
    )

    report = import_file(finance_db, path)

    assert report.ok, [str(e) for e in report.errors]
    assert english_names(finance_db) == {**before, "Lahjoitukset": ""}


def test_an_english_name_in_the_categories_sheet_is_taken_and_an_emptied_one_cleared(
    finance_db, tmp_path
):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Luokat": [
                EXPORTED_CATEGORIES_FI,
                [None, TRAVEL, "kulu", "  Travel   and subsistence "],
                [None, "Koulutustuotot", "tuotto", None],
                [None, "Lahjoitukset", "tuotto", "Donations"],
            ]
        },
    )

    report = import_file(finance_db, path)

    assert report.ok, [str(e) for e in report.errors]
    names = english_names(finance_db)
    assert (names[TRAVEL], names["Koulutustuotot"], names["Lahjoitukset"]) == (
        "Travel and subsistence",
        "",
        "Donations",
    )


def test_an_english_name_another_category_has_is_refused_at_its_row(finance_db, english, tmp_path):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {"Luokat": [EXPORTED_CATEGORIES_FI, [None, "Lahjoitukset", "tuotto", "travel EXPENSES"]]},
    )

    report = import_file(finance_db, path)

    assert where(report) == {("Luokat", 2, "Nimi (en)")}
    assert messages(report) == [
        "The English name “travel EXPENSES” is already used by “Matkakulut”"
    ]
    assert "Lahjoitukset" not in english_names(finance_db)


# ----------------------------------------------------------------------------- export format


def test_export_writes_the_finance_sheets_after_the_guardian_requests_with_finnish_headers(
    finance_db, tmp_path
):
    path = tmp_path / "export.xlsx"
    export_database(finance_db, path)

    names = list(CalamineWorkbook.from_path(str(path)).sheet_names)
    assert names[names.index("Edunvalvontapyynnöt") + 1 :] == [
        *FINANCE_SHEETS_FI,
        "Muutokset",
        "Yhteenveto",
        "Organisaatio",
        "Tiedot",
    ]
    assert calamine(path, "Luokat")[0] == EXPORTED_CATEGORIES_FI
    assert calamine(path, "Talousarvio")[0] == BUDGET_FI
    assert calamine(path, "Kirjaukset")[0] == TRANSACTIONS_FI


def test_export_with_lang_en_writes_english_finance_sheet_names_headers_and_types(
    finance_db, tmp_path
):
    path = tmp_path / "export-en.xlsx"
    export_database(finance_db, path, lang="en")

    assert calamine(path, "Categories")[0] == EXPORTED_CATEGORIES_EN
    assert calamine(path, "Budget")[0] == BUDGET_EN
    assert calamine(path, "Transactions")[0] == TRANSACTIONS_EN
    assert {row[2] for row in calamine(path, "Categories")[1:]} == {"income", "expense"}


def test_export_lists_income_categories_first_each_kind_in_its_order(finance_db, tmp_path):
    path = tmp_path / "export.xlsx"
    export_database(finance_db, path)

    assert [row[1:] for row in calamine(path, "Luokat")[1:]] == [
        ["Valtionavustus perustoimintaan", "tuotto", "Government grant for core activities"],
        ["Asiantuntijapalvelujen myynti", "tuotto", "Sales of expert services"],
        ["Hankerahoitus", "tuotto", "Project funding"],
        ["Kuntarahoitus", "tuotto", "Municipal funding"],
        ["Muut tuotot", "tuotto", "Other income"],
        ["Koulutustuotot", "tuotto", "Training income"],
        ["Henkilöstökulut", "kulu", "Personnel expenses"],
        ["Toimitilakulut", "kulu", "Premises expenses"],
        ["Matkakulut", "kulu", "Travel expenses"],
        ["ICT-kulut", "kulu", "ICT expenses"],
        ["Ostopalvelut", "kulu", "Purchased services"],
        ["Muut kulut", "kulu", "Other expenses"],
    ]


def test_export_orders_the_budget_by_year_then_category_and_transactions_by_date(
    finance_db, tmp_path
):
    path = tmp_path / "export.xlsx"
    export_database(finance_db, path)

    assert [row[1:] for row in calamine(path, "Talousarvio")[1:]] == [
        [2023, TRAVEL, 1234567.89],
        [2024, STATE_GRANT, 400000.0],
        [2024, "Koulutustuotot", 0.0],
        [2024, STAFF_COSTS, 9250.23],
    ]
    rows = sheet(path, "Kirjaukset")[1:]
    assert [r[1] for r in rows] == [
        datetime(2023, 6, 1),
        datetime(2024, 1, 15),
        datetime(2024, 3, 5),
        datetime(2024, 3, 5),
        datetime(2024, 4, 30),
        datetime(2024, 12, 31),
    ]
    same_day = [r for r in rows if r[1] == datetime(2024, 3, 5)]
    assert [r[0] for r in same_day] == sorted(r[0] for r in same_day)
    assert rows[0][2:] == [STAFF_COSTS, 100000, "Palkat", "MONNI", None, 2, None]


def test_export_writes_amounts_as_money_cells_and_formula_like_text_as_text(finance_db, tmp_path):
    path = tmp_path / "export.xlsx"
    export_database(finance_db, path)

    ws = openpyxl.load_workbook(path)["Kirjaukset"]
    amount = ws.cell(row=2, column=TRANSACTIONS_FI.index("Summa €") + 1)
    assert isinstance(amount.value, (int, float)) and "€" in amount.number_format
    day = ws.cell(row=2, column=2)
    assert day.is_date and day.number_format == "d.m.yyyy"
    description = TRANSACTIONS_FI.index("Selite") + 1
    texts = [ws.cell(row=r, column=description) for r in range(2, ws.max_row + 1)]
    formula_like = [c for c in texts if c.value in ("=pyöristys", "-korko")]
    assert len(formula_like) == 2 and all(c.data_type == "s" for c in formula_like)


# ----------------------------------------------------------------------------- import


def test_english_sheet_names_headers_and_types_are_imported(db, tmp_path):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Categories": [CATEGORIES_EN, [None, "Lahjoitukset", "INCOME"]],
            "Budget": [BUDGET_EN, [None, 2025, "lahjoitukset", "1 500,50 €"]],
            "Transactions": [
                TRANSACTIONS_EN,
                transaction_row(
                    "2025-02-03",
                    "Lahjoitukset",
                    "250.25",
                    "Lahjoitus",
                    customer="Yritys Oy",
                    work_days="0,5",
                    voucher="L-1",
                ),
            ],
        },
    )

    report = import_file(db, path)

    assert report.ok, [str(e) for e in report.errors]
    found = finance_in(db)
    assert found["categories"][category_id(db, "Lahjoitukset")] == (
        "Lahjoitukset",
        "",
        CategoryKind.INCOME,
        False,
    )
    assert list(found["budget"].values()) == [(2025, "Lahjoitukset", Decimal("1500.50"))]
    assert list(found["transactions"].values()) == [
        (
            date(2025, 2, 3),
            "Lahjoitukset",
            Decimal("250.25"),
            "Lahjoitus",
            None,
            "Yritys Oy",
            Decimal("0.5"),
            "L-1",
        )
    ]


def test_a_category_added_in_the_categories_sheet_can_be_used_by_transactions_of_the_same_file(
    db, tmp_path
):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Kirjaukset": [
                TRANSACTIONS_FI,
                transaction_row("3.2.2025", "koulutus  tuotot", 120, "Kurssi"),
            ],
            "Luokat": [CATEGORIES_FI, [None, "Koulutus tuotot", "tuotto"]],
        },
    )

    report = import_file(db, path)

    assert report.ok, [str(e) for e in report.errors]
    assert list(finance_in(db)["transactions"].values()) == [
        (date(2025, 2, 3), "Koulutus tuotot", Decimal("120.00"), "Kurssi", None, "", None, "")
    ]
    with db.unit_of_work() as uow:
        income = [c.name for c in uow.categories.all() if c.kind is CategoryKind.INCOME]
    assert income[-1] == "Koulutus tuotot"  # at the end of its kind


def test_a_category_row_without_an_id_updates_the_category_of_that_name(finance_db, tmp_path):
    path = write_workbook(
        tmp_path / "in.xlsx", {"Luokat": [CATEGORIES_FI, [None, "matkakulut", "kulu"]]}
    )

    report = import_file(finance_db, path)

    assert report.ok, [str(e) for e in report.errors]
    assert counts(report, "Luokat") == (0, 1, 0)
    assert finance_in(finance_db)["categories"][category_id(finance_db, TRAVEL)][0] == "matkakulut"


def test_a_used_category_may_change_its_type(finance_db, tmp_path):
    travel = category_id(finance_db, TRAVEL)
    path = write_workbook(
        tmp_path / "in.xlsx", {"Luokat": [CATEGORIES_FI, [travel, TRAVEL, "tuotto"]]}
    )

    report = import_file(finance_db, path)

    assert report.ok, [str(e) for e in report.errors]
    assert finance_in(finance_db)["categories"][travel] == (
        TRAVEL,
        "Travel expenses",
        CategoryKind.INCOME,
        False,
    )


def test_a_budget_row_without_an_id_updates_that_years_budget_of_the_category(finance_db, tmp_path):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Talousarvio": [BUDGET_FI, [None, 2024, STAFF_COSTS.upper(), "9 999,99"]],
        },
    )

    report = import_file(finance_db, path)

    assert report.ok, [str(e) for e in report.errors]
    assert counts(report, "Talousarvio") == (0, 1, 0)
    budget = [b for b in finance_in(finance_db)["budget"].values() if b[:2] == (2024, STAFF_COSTS)]
    assert budget == [(2024, STAFF_COSTS, Decimal("9999.99"))]


def test_an_exported_transaction_row_edited_changes_that_transaction(finance_db, tmp_path):
    exported = tmp_path / "export.xlsx"
    export_database(finance_db, exported)
    row = next(r for r in sheet(exported, "Kirjaukset")[1:] if r[4] == "Palkat")
    row[3], row[5], row[7] = "99 999,99 €", None, None
    path = write_workbook(tmp_path / "in.xlsx", {"Kirjaukset": [TRANSACTIONS_FI, row]})

    report = import_file(finance_db, path)

    assert report.ok, [str(e) for e in report.errors]
    assert counts(report, "Kirjaukset") == (0, 1, 0)
    assert finance_in(finance_db)["transactions"][row[0]] == (
        date(2023, 6, 1),
        STAFF_COSTS,
        Decimal("99999.99"),
        "Palkat",
        None,
        "",
        None,
        "",
    )


def test_a_transaction_in_a_retired_category_is_accepted(finance_db, tmp_path):
    with finance_db.unit_of_work() as uow:
        uow.categories.by_name(TRAVEL).retired = True
        uow.commit()
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Kirjaukset": [TRANSACTIONS_FI, transaction_row("2.1.2019", TRAVEL, "45,80", "Juna")],
        },
    )

    report = import_file(finance_db, path)

    assert report.ok, [str(e) for e in report.errors]
    assert [
        t[:3] for t in finance_in(finance_db)["transactions"].values() if t[0].year == 2019
    ] == [(date(2019, 1, 2), TRAVEL, Decimal("45.80"))]


# ----------------------------------------------------------------------------- errors


def test_an_amount_with_three_decimals_is_refused_as_text_and_as_a_number(
    finance_db, english, tmp_path
):
    before = finance_in(finance_db)
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Kirjaukset": [
                TRANSACTIONS_FI,
                transaction_row("1.2.2025", TRAVEL, "10,005"),
                transaction_row("1.2.2025", TRAVEL, 10.005),
                transaction_row("1.2.2025", TRAVEL, 10.05),
            ],
        },
    )

    report = import_file(finance_db, path)

    assert where(report) == {("Kirjaukset", 2, "Summa €"), ("Kirjaukset", 3, "Summa €")}
    assert messages(report) == [
        "10,005 has more than two decimals",
        "10.005 has more than two decimals",
    ]
    assert finance_in(finance_db) == before


def test_text_in_an_amount_is_refused(finance_db, english, tmp_path):
    before = finance_in(finance_db)
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Kirjaukset": [TRANSACTIONS_FI, transaction_row("1.2.2025", TRAVEL, "kymmenen")],
        },
    )

    report = import_file(finance_db, path)

    assert where(report) == {("Kirjaukset", 2, "Summa €")}
    assert messages(report) == ["“kymmenen” is not a number"]
    assert finance_in(finance_db) == before


def test_an_unknown_category_is_refused_on_a_transaction_and_a_budget_row(
    finance_db, english, tmp_path
):
    before = finance_in(finance_db)
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Talousarvio": [BUDGET_FI, [None, 2025, "Lahjoitukset", 100]],
            "Kirjaukset": [TRANSACTIONS_FI, transaction_row("1.2.2025", "Lahjoitukset", 100)],
        },
    )

    report = import_file(finance_db, path)

    assert where(report) == {("Talousarvio", 2, "Luokka"), ("Kirjaukset", 2, "Luokka")}
    assert messages(report) == ["no category called “Lahjoitukset”"] * 2
    assert finance_in(finance_db) == before


def test_the_same_year_and_category_budgeted_twice_in_one_file_is_refused(finance_db, tmp_path):
    before = finance_in(finance_db)
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Talousarvio": [BUDGET_FI, [None, 2025, TRAVEL, 100], [None, 2025, "MATKAKULUT", 200]],
        },
    )

    report = import_file(finance_db, path)

    assert where(report) == {("Talousarvio", 3, "Vuosi")}
    assert finance_in(finance_db) == before


def test_a_budget_line_whose_year_and_category_is_in_the_database_under_another_id_is_refused(
    finance_db, tmp_path
):
    before = finance_in(finance_db)
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Talousarvio": [
                BUDGET_FI,
                ["0b7e2c0e-9f0f-4d1b-8c4e-2a8f5a1d9c01", 2024, STAFF_COSTS, 5000],
            ],
        },
    )

    report = import_file(finance_db, path)

    assert where(report) == {("Talousarvio", 2, "Vuosi")}
    assert finance_in(finance_db) == before


def test_a_transaction_booked_to_an_unknown_project_is_refused(finance_db, english, tmp_path):
    before = finance_in(finance_db)
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Kirjaukset": [
                TRANSACTIONS_FI,
                transaction_row("1.2.2025", TRAVEL, 80, project="KUPLA"),
            ],
        },
    )

    report = import_file(finance_db, path)

    assert where(report) == {("Kirjaukset", 2, "Hanke")}
    assert messages(report) == ["no project has the code “KUPLA”"]
    assert finance_in(finance_db) == before


def test_a_negative_budget_is_refused(finance_db, english, tmp_path):
    before = finance_in(finance_db)
    path = write_workbook(
        tmp_path / "in.xlsx", {"Talousarvio": [BUDGET_FI, [None, 2025, TRAVEL, -100]]}
    )

    report = import_file(finance_db, path)

    assert where(report) == {("Talousarvio", 2, "Summa €")}
    assert messages(report) == ["must be at least 0"]
    assert finance_in(finance_db) == before


def test_a_zero_amount_is_refused(finance_db, english, tmp_path):
    before = finance_in(finance_db)
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Kirjaukset": [TRANSACTIONS_FI, transaction_row("1.2.2025", TRAVEL, "0,00")],
        },
    )

    report = import_file(finance_db, path)

    assert where(report) == {("Kirjaukset", 2, "Summa €")}
    assert messages(report) == ["The amount cannot be zero"]
    assert finance_in(finance_db) == before


def test_a_missing_amount_column_is_refused(finance_db, english, tmp_path):
    before = finance_in(finance_db)
    headers = [h for h in TRANSACTIONS_FI if h != "Summa €"]
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Kirjaukset": [headers, [None, "1.2.2025", TRAVEL, "Juna"]],
        },
    )

    report = import_file(finance_db, path)

    assert where(report) == {("Kirjaukset", 1, "Summa €")}
    assert messages(report) == ["a required column is missing"]
    assert finance_in(finance_db) == before


def test_a_category_renamed_to_the_name_of_another_is_refused(finance_db, english, tmp_path):
    before = finance_in(finance_db)
    travel = category_id(finance_db, TRAVEL)
    path = write_workbook(
        tmp_path / "in.xlsx", {"Luokat": [CATEGORIES_FI, [travel, "ICT-KULUT", "kulu"]]}
    )

    report = import_file(finance_db, path)

    assert where(report) == {("Luokat", 2, "Nimi")}
    assert messages(report) == ["The category “ICT-kulut” already exists"]
    assert finance_in(finance_db) == before


def test_a_category_row_naming_a_used_category_under_another_id_is_refused(
    finance_db, english, tmp_path
):
    before = finance_in(finance_db)
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Luokat": [CATEGORIES_FI, ["3c1d7a52-5a7e-4f0e-9d57-1f7c2b6a0e11", TRAVEL, "kulu"]],
        },
    )

    report = import_file(finance_db, path)

    assert where(report) == {("Luokat", 2, "Nimi")}
    assert messages(report) == ["the same record is already in the database with another ID"]
    assert finance_in(finance_db) == before
