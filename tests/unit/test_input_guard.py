"""What the domain refuses at the door, whoever types or imports it: control characters and
Excel's escapes, a personal identity code however disguised, numbers at the edges, dates
outside 1.1.1900–31.12.2100. Plain domain objects and the workbook's cell conversion; no
database. Messages are asserted where the message is the behaviour (it names the field or
the range, and never repeats an identity code).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.caselog import CaseEvent, Guardian, GuardianRequest, Matter, Sector
from domain.errors import ValidationError
from domain.finance import BudgetLine, Transaction
from domain.formats import parse_date, parse_decimal
from domain.i18n import set_language
from domain.identifiers import contains_personal_identity_code
from domain.projects import FundingLine, OurRole, Project
from domain.staff import StaffMember
from exports.columns import CellError, DateType, Integer, Money, Number, excel_text

CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY"
SIGNS = {"+": 1800, **dict.fromkeys("-YXWVU", 1900), **dict.fromkeys("ABCDEF", 2000)}


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language("fi")


def code_of(birth: str, sign: str, individual: str) -> str:
    return f"{birth}{sign}{individual}{CHECK_CHARACTERS[int(birth + individual) % 31]}"


def errors_of(record) -> dict[str, str]:
    record.tidy()
    try:
        record.validate()
    except ValidationError as exc:
        return exc.by_field()
    return {}


def event(**changes) -> CaseEvent:
    fields = {"day": date(2024, 3, 15), "area": "Pirkanmaa", "sector": Sector.SOCIAL}
    return CaseEvent(**(fields | changes))


def request(**changes) -> GuardianRequest:
    fields = {"day": date(2024, 5, 6), "requester_id": "police", "matter": Matter.CRIMINAL}
    return GuardianRequest(**(fields | changes))


def staff(**changes) -> StaffMember:
    return StaffMember(**({"last_name": "Virta", "first_name": "Anna", "title": "x"} | changes))


# --------------------------------------------------------------------------- control characters


def test_a_vertical_tab_becomes_a_line_break():
    member = staff(notes="eka rivi\x0btoka rivi")
    assert errors_of(member) == {}
    assert member.notes == "eka rivi\ntoka rivi"


@pytest.mark.parametrize("text", ["a\x01b", "a\x1bb", "a\x0cb", "a\x00b", "a\x7fb", "a\x85b"])
def test_a_control_character_is_refused_naming_the_field(text):
    errors = errors_of(staff(notes=text))
    assert list(errors) == ["notes"]
    assert errors["notes"].startswith("Notes contains a control character")


@pytest.mark.parametrize("escape", ["_x001B_", "_x0001_", "_x000b_"])
def test_an_excel_escape_is_refused(escape):
    errors = errors_of(event(summary=f"ennen{escape}jälkeen"))
    assert escape in errors["summary"]


def test_tabs_and_line_breaks_are_kept():
    member = staff(notes="a\tb\r\nc\nd")
    assert errors_of(member) == {}
    assert member.notes == "a\tb\r\nc\nd"


def test_every_text_field_is_checked_not_only_notes():
    assert "last_name" in errors_of(staff(last_name="Vir\x02ta"))
    assert "code" in errors_of(Project(code="P\x1b1", name="Hanke", our_role=OurRole.ADMINISTRATOR))


@pytest.mark.parametrize(
    ("stored", "written"),
    [
        ("plain text", "plain text"),
        ("rivi\x0brivi", "rivi\nrivi"),
        ("a\x01b", "a_x0001_b"),
        ("a_x001B_b", "a_x005F_x001B_b"),
        ("a\ufffeb", "a_xFFFE_b"),
        (42, 42),
    ],
)
def test_the_export_writes_any_stored_text_the_way_excel_holds_it(stored, written):
    assert excel_text(stored) == written


# --------------------------------------------------------------------------- identity codes

# A real birth date for every century sign.
BIRTHS = {
    "+": "010185",
    "-": "131052",
    "Y": "240779",
    "X": "050566",
    "W": "300990",
    "V": "171148",
    "U": "290260",
    "A": "150312",
    "B": "010105",
    "C": "291208",
    "D": "070615",
    "E": "311019",
    "F": "020222",
}

FULL_WIDTH = str.maketrans(
    "0123456789-ABCDEFHJKLMNPRSTUVWXY",
    "０１２３４５６７８９－ＡＢＣＤＥＦＨＪＫＬＭＮＰＲＳＴＵＶＷＸＹ",
)


def disguises(code: str) -> dict[str, str]:
    """The variants that got past the old guard, for one code (``131052-308T``)."""
    birth, sign, rest = code[:6], code[6], code[7:]
    return {
        "space instead of the sign": f"{birth} {rest}",
        "spaced sign": f"{birth} {sign} {rest}",
        "en dash": f"{birth}\u2013{rest}",
        "U+2010 hyphen": f"{birth}\u2010{rest}",
        "minus sign": f"{birth}\u2212{rest}",
        "zero-width space": f"{birth[:3]}\u200b{birth[3:]}{sign}{rest}",
        "soft hyphen": f"{birth}\u00ad{sign}{rest}",
        "word joiner": f"{birth}{sign}\u2060{rest}",
        "full-width": code.translate(FULL_WIDTH),
        "line break inside": f"{birth}{sign}\n{rest}",
        "line break in the date": f"{birth[:4]}\r\n{birth[4:]}{sign}{rest}",
        "no-break spaces": f"{birth}\u00a0{sign}\u00a0{rest}",
        "glued to letters": f"hetu{code}",
        "glued both sides": f"hetu{code}kysyi",
        "lower case": code.lower(),
        "without its sign": f"{birth}{rest}",
        "in brackets": f"({code})",
    }


DISGUISES = sorted(disguises("131052-308T"))


def test_there_are_seventeen_disguises():
    assert len(DISGUISES) == 17


@pytest.mark.parametrize("disguise", DISGUISES)
def test_a_disguised_code_in_a_reference_is_refused(disguise):
    text = disguises("131052-308T")[disguise]
    errors = errors_of(request(reference=text))
    assert "reference" in errors
    assert "131052" not in errors["reference"] and "308" not in errors["reference"]


@pytest.mark.parametrize("disguise", [d for d in DISGUISES if d != "without its sign"])
def test_a_disguised_code_in_a_summary_is_refused(disguise):
    text = f"Asiakas {disguises('131052-308T')[disguise]} soitti."
    assert "summary" in errors_of(event(summary=text))


@given(
    sign=st.sampled_from(sorted(BIRTHS)),
    individual=st.integers(min_value=2, max_value=999),
    disguise=st.sampled_from(DISGUISES),
)
def test_every_century_sign_disguised_every_way_is_found(sign, individual, disguise):
    code = code_of(BIRTHS[sign], sign, f"{individual:03d}")
    assert contains_personal_identity_code(disguises(code)[disguise], strict=True)


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda text: event(area=text), "area"),
        (lambda text: event(municipality=text), "municipality"),
        (lambda text: request(area=text), "area"),
        (lambda text: Guardian("Virta", "Anna", notes=text), "notes"),
        (lambda text: Guardian("Virta", "Anna", background=text), "background"),
        (lambda text: Guardian("Virta", "Anna", area=text), "area"),
    ],
)
def test_areas_municipalities_and_guardians_are_checked_too(make, field):
    errors = errors_of(make("Tampere 131052 - 308T"))
    assert field in errors


@pytest.mark.parametrize(
    "text",
    [
        "Soitti takaisin 040 123 4567.",
        "puh. 0401234567",
        "Lasku 20240315, summa 128,50 €.",
        "Asianumero 123456-7890",
        "Syntynyt 13.10.1952, asia vireillä 1.3.2024.",
        "131052-308U",  # a wrong check character
        "Tositteet 2024-0012 ja 2024-0013",
        "Kokous 5/2024, 12 osallistujaa, 3 h 15 min",
    ],
)
def test_ordinary_numbers_in_a_summary_are_not_taken_for_a_code(text):
    assert errors_of(event(summary=text)) == {}


# --------------------------------------------------------------------------- numbers at the edges


@pytest.mark.parametrize(
    "text", ["1e308", "1e30", "NaN", "INF", "-INF", "sNaN", "100000000000000000"]
)
def test_a_typed_number_at_the_edge_is_a_field_message(text):
    with pytest.raises(ValidationError) as caught:
        parse_decimal(text, "amount")
    assert caught.value.field == "amount"


@pytest.mark.parametrize(
    "column", [Money(), Number(Decimal(0)), Number(Decimal(1), Decimal(100)), Integer()]
)
@pytest.mark.parametrize(
    "cell", [1e308, 1e30, float("nan"), float("inf"), float("-inf"), "NaN", "-INF", 10**17, 10**20]
)
def test_a_cell_at_the_edge_is_a_cell_error(column, cell):
    with pytest.raises(CellError):
        column.parse(cell)


def test_an_amount_above_the_limit_names_the_field_and_the_limit():
    line = BudgetLine(year=2025, category_id="c", amount=Decimal("1000000000000"))
    message = errors_of(line)["amount"]
    assert message.startswith("Amount must be between −999")
    assert "999,99\xa0€" in message


def test_the_largest_amount_is_taken():
    line = BudgetLine(year=2025, category_id="c", amount=Decimal("999999999999.99"))
    assert errors_of(line) == {}


@pytest.mark.parametrize("year", [10**20, 1899, 2101])
def test_a_budget_year_outside_1900_2100_is_refused(year):
    errors = errors_of(BudgetLine(year=year, category_id="c", amount=Decimal(1)))
    assert "1900–2100" in errors["year"]


@pytest.mark.parametrize(
    "days", [Decimal("NaN"), Decimal("Infinity"), Decimal("1e30"), Decimal(100_001)]
)
def test_work_days_at_the_edge_are_refused(days):
    record = Transaction(day=date(2025, 1, 2), category_id="c", amount=Decimal(1), work_days=days)
    assert "work_days" in errors_of(record)


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("-Infinity"), Decimal("1e30")])
def test_fte_and_shares_at_the_edge_are_refused(value):
    assert "fte_percent" in errors_of(staff(fte_percent=value))
    assert "share_percent" in errors_of(FundingLine("p", "EU", share_percent=value))


@pytest.mark.parametrize("amount", [Decimal("NaN"), Decimal("1e30"), Decimal("-1e17")])
def test_a_transaction_amount_at_the_edge_is_refused(amount):
    record = Transaction(day=date(2025, 1, 2), category_id="c", amount=amount)
    assert "amount" in errors_of(record)


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize("text", ["1.1.0099", "31.12.1899", "1.1.2101", "0099-01-01"])
def test_a_typed_date_outside_the_range_says_the_range(text):
    with pytest.raises(ValidationError) as caught:
        parse_date(text, "start")
    assert "dates from 1.1.1900 to 31.12.2100" in caught.value.message


@pytest.mark.parametrize("day", [date(1900, 1, 1), date(2100, 12, 31)])
def test_the_first_and_last_dates_are_taken(day):
    assert parse_date(f"{day.day}.{day.month}.{day.year}") == day
    assert errors_of(staff(start=day)) == {}


@pytest.mark.parametrize("day", [date(99, 1, 1), date(1899, 12, 31), date(2101, 1, 1)])
def test_a_record_with_a_date_outside_the_range_is_refused(day):
    assert "dates from 1.1.1900 to 31.12.2100" in errors_of(staff(end=day))["end"]
    assert "day" in errors_of(event(day=day))


def test_a_date_cell_outside_the_range_is_a_cell_error():
    with pytest.raises(CellError, match=r"1\.1\.1900"):
        DateType().parse(date(2200, 1, 1))


def test_a_stored_date_outside_the_range_is_exported_as_text_with_its_full_year():
    assert DateType().to_cell(date(99, 1, 1), "fi") == "1.1.0099"
    assert DateType().to_cell(date(2024, 1, 1), "fi") == date(2024, 1, 1)
