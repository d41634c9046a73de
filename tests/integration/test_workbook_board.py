"""The workbook's board sheets (Hallitus / Board, Kokoukset / Meetings) as a user meets them.

Real parts only: SQLite files in ``tmp_path``, records entered through the board services,
.xlsx files written by openpyxl, exports read back with python-calamine. The contract is
docs/workbook.md.
"""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from domain.board import BoardRole, BoardSeat, BoardTerm, Meeting, MeetingKind
from domain.organisation import Organisation
from services.board import save_meeting, save_seat, save_term
from services.workbook import export_database, import_file
from tests.integration.workbook_files import write_workbook

BOARD_FI = [
    "Tunniste",
    "Toimikausi alkaa",
    "Toimikausi päättyy",
    "Rooli",
    "Jäsen sukunimi",
    "Jäsen etunimi",
    "Jäsenen nimike",
    "Jäsenen organisaatio",
    "Varajäsen sukunimi",
    "Varajäsen etunimi",
    "Varajäsenen organisaatio",
]
BOARD_EN = [
    "ID",
    "Term start",
    "Term end",
    "Role",
    "Member last name",
    "Member first name",
    "Member title",
    "Member organisation",
    "Deputy last name",
    "Deputy first name",
    "Deputy organisation",
]
MEETINGS_FI = ["Tunniste", "Päivämäärä", "Tyyppi", "Numero", "Paikka", "Lisätiedot"]
MEETINGS_EN = ["ID", "Date", "Kind", "Number", "Place", "Notes"]
STAFF_FI = ["Sukunimi", "Etunimi", "Tehtävänimike", "Alkaen"]
SEAT_FIELDS = (
    "role",
    "member_last_name",
    "member_first_name",
    "member_title",
    "member_organisation",
    "deputy_last_name",
    "deputy_first_name",
    "deputy_organisation",
)


# ----------------------------------------------------------------------------- helpers


def board_in(db) -> dict[str, tuple]:
    """Every seat by ID, with its term's dates."""
    with db.unit_of_work() as uow:
        terms = {t.id: t for t in uow.board_terms.all()}
        return {
            s.id: (
                terms[s.term_id].start,
                terms[s.term_id].end,
                *(getattr(s, f) for f in SEAT_FIELDS),
            )
            for s in uow.board_seats.all()
        }


def terms_in(db) -> list[tuple]:
    with db.unit_of_work() as uow:
        return sorted((t.start, t.end) for t in uow.board_terms.all())


def meetings_in(db) -> dict[str, tuple]:
    with db.unit_of_work() as uow:
        return {
            m.id: (m.held_on, m.kind, m.number, m.place, m.notes)
            for m in uow.meetings.in_year(None)
        }


def staff_count(db) -> int:
    with db.unit_of_work() as uow:
        return len(uow.staff.all())


def everything_in(db) -> tuple:
    return board_in(db), terms_in(db), meetings_in(db), staff_count(db)


def board_row(
    start, end, role, last, first, *, deputy=(None, None), title=None, organisation=None, id=None
) -> list:
    return [id, start, end, role, last, first, title, organisation, deputy[0], deputy[1], None]


def meeting_row(day, kind, number=None, place=None, notes=None, *, id=None) -> list:
    return [id, day, kind, number, place, notes]


def calamine(path: Path, sheet: str) -> list[list]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


def calamine_sheet_names(path: Path) -> list[str]:
    return list(CalamineWorkbook.from_path(str(path)).sheet_names)


def where(report) -> set[tuple[str, int, str]]:
    return {(e.sheet, e.row, e.column) for e in report.errors}


def counts(report, sheet: str) -> tuple[int, int, int]:
    c = report.counts[sheet]
    return c.added, c.updated, c.unchanged


def add_term(db, start, end=None, **kw) -> BoardTerm:
    term = BoardTerm(start, end, **kw)
    save_term(db, term)
    return term


def add_seat(db, term, role, last, first, **kw) -> BoardSeat:
    seat = BoardSeat(term.id, role, last, first, **kw)
    save_seat(db, seat, None)
    return seat


@pytest.fixture
def board_db(db):
    fill_board(db)
    return db


def fill_board(db) -> None:
    """Two terms (the later copied from the earlier, still in office) and a year of meetings."""
    earlier = add_term(db, date(2021, 6, 1), date(2022, 5, 31), note="yhtiökokous 8.6.2021")
    add_seat(
        db,
        earlier,
        BoardRole.CHAIR,
        "Lindqvist",
        "Marja",
        member_title="toiminnanjohtaja",
        member_organisation="Rauman kaupunki",
        deputy_last_name="Heino",
        deputy_first_name="Pekka",
    )
    add_seat(
        db,
        earlier,
        BoardRole.VICE_CHAIR,
        "Levonen",
        "Mari",
        member_title="sosiaali- ja perhepalvelujen johtaja",
        member_organisation="Porin kaupunki",
        deputy_last_name="Järvinen",
        deputy_first_name="Matti",
        deputy_organisation="Porin kaupunki",
    )
    add_seat(db, earlier, BoardRole.MEMBER, "Äijälä", "Åke", member_organisation="=Satakunta")
    add_seat(db, earlier, BoardRole.EXPERT_MEMBER, "Nieminen", "Nina", member_title="-asiantuntija")
    add_seat(db, earlier, BoardRole.SECRETARY, "Eskola", "Eeva")
    later = BoardTerm(date(2022, 6, 1), None)
    save_term(db, later, copy_from=earlier.id)
    add_seat(
        db, later, BoardRole.MEMBER, "Aalto", "Anu", deputy_last_name="Berg", deputy_first_name="Bo"
    )

    for n, day in enumerate((date(2022, 1, 10), date(2022, 2, 14), date(2022, 3, 21)), start=1):
        save_meeting(db, Meeting(day, MeetingKind.BOARD, number=f"{n}/2022", place="Pori"), None)
    save_meeting(db, Meeting(date(2022, 6, 7), MeetingKind.ANNUAL_GENERAL, place="Rauma"), None)
    save_meeting(
        db,
        Meeting(date(2022, 6, 7), MeetingKind.BOARD, number="4/2022", notes="@järjestäytyminen"),
        None,
    )
    save_meeting(
        db,
        Meeting(date(2022, 11, 20), MeetingKind.EXTRAORDINARY_GENERAL, notes="+sääntömuutos"),
        None,
    )


# ----------------------------------------------------------------------------- round trips


def test_two_exports_of_the_same_board_are_identical_cell_for_cell(board_db, tmp_path):
    export_database(board_db, tmp_path / "a.xlsx")
    export_database(board_db, tmp_path / "b.xlsx")

    for sheet in ("Hallitus", "Kokoukset"):
        assert calamine(tmp_path / "a.xlsx", sheet) == calamine(tmp_path / "b.xlsx", sheet)


# ----------------------------------------------------------------------------- export format


def test_export_writes_the_board_sheets_with_finnish_names_and_headers_by_default(
    board_db, tmp_path
):
    path = tmp_path / "export.xlsx"
    export_database(board_db, path)

    assert calamine_sheet_names(path)[2:4] == ["Hallitus", "Kokoukset"]
    assert calamine(path, "Hallitus")[0] == BOARD_FI
    assert calamine(path, "Kokoukset")[0] == MEETINGS_FI


def test_export_with_lang_en_writes_english_board_sheet_names_and_headers(board_db, tmp_path):
    path = tmp_path / "export-en.xlsx"
    export_database(board_db, path, lang="en")

    assert calamine_sheet_names(path)[2:4] == ["Board", "Meetings"]
    assert calamine(path, "Board")[0] == BOARD_EN
    assert calamine(path, "Meetings")[0] == MEETINGS_EN


def test_export_writes_roles_and_meeting_kinds_in_the_export_language(board_db, tmp_path):
    fi, en = tmp_path / "fi.xlsx", tmp_path / "en.xlsx"
    export_database(board_db, fi)
    export_database(board_db, en, lang="en")

    role = BOARD_FI.index("Rooli")
    kind = MEETINGS_FI.index("Tyyppi")
    assert {r[role] for r in calamine(fi, "Hallitus")[1:]} == {
        "puheenjohtaja",
        "varapuheenjohtaja",
        "jäsen",
        "asiantuntijajäsen",
        "sihteeri",
    }
    assert {r[role] for r in calamine(en, "Board")[1:]} == {
        "chair",
        "vice chair",
        "member",
        "expert member",
        "secretary",
    }
    assert {r[kind] for r in calamine(fi, "Kokoukset")[1:]} == {
        "hallituksen kokous",
        "varsinainen yhtiökokous",
        "ylimääräinen yhtiökokous",
    }
    assert {r[kind] for r in calamine(en, "Meetings")[1:]} == {
        "board meeting",
        "annual general meeting",
        "extraordinary general meeting",
    }


def test_export_writes_term_dates_and_meeting_dates_as_real_excel_dates(board_db, tmp_path):
    path = tmp_path / "export.xlsx"
    export_database(board_db, path)

    start, end = BOARD_FI.index("Toimikausi alkaa"), BOARD_FI.index("Toimikausi päättyy")
    rows = calamine(path, "Hallitus")[1:]
    closed = [r for r in rows if r[start] == date(2021, 6, 1)]
    still_in_office = [r for r in rows if r[start] == date(2022, 6, 1)]
    assert len(closed) == 5 and len(still_in_office) == 6
    assert all(isinstance(r[start], date) for r in rows)
    assert all(isinstance(r[end], date) and r[end] == date(2022, 5, 31) for r in closed)
    assert all(r[end] == "" for r in still_in_office)  # an open end is an empty cell

    held_on = MEETINGS_FI.index("Päivämäärä")
    meetings = calamine(path, "Kokoukset")[1:]
    assert all(isinstance(r[held_on], date) for r in meetings)
    assert meetings[0][held_on] == date(2022, 1, 10)

    wb = openpyxl.load_workbook(path)
    term_start = wb["Hallitus"].cell(row=2, column=start + 1)
    meeting_day = wb["Kokoukset"].cell(row=2, column=held_on + 1)
    assert term_start.is_date and term_start.number_format == "d.m.yyyy"
    assert meeting_day.is_date and meeting_day.number_format == "d.m.yyyy"


def test_export_orders_seats_by_term_then_chair_vice_chair_members_expert_members_secretary(
    board_db, tmp_path
):
    path = tmp_path / "export.xlsx"
    export_database(board_db, path)

    rows = calamine(path, "Hallitus")[1:]
    later = [(r[3], r[4]) for r in rows if r[1] == date(2022, 6, 1)]
    assert later == [
        ("puheenjohtaja", "Lindqvist"),
        ("varapuheenjohtaja", "Levonen"),
        ("jäsen", "Aalto"),
        ("jäsen", "Äijälä"),
        ("asiantuntijajäsen", "Nieminen"),
        ("sihteeri", "Eskola"),
    ]
    assert [r[1] for r in rows] == sorted(r[1] for r in rows)


def test_export_orders_meetings_by_date_and_on_one_day_board_meeting_before_general_meeting(
    board_db, tmp_path
):
    path = tmp_path / "export.xlsx"
    export_database(board_db, path)

    rows = calamine(path, "Kokoukset")[1:]
    assert [(r[1], r[2], r[3]) for r in rows] == [
        (date(2022, 1, 10), "hallituksen kokous", "1/2022"),
        (date(2022, 2, 14), "hallituksen kokous", "2/2022"),
        (date(2022, 3, 21), "hallituksen kokous", "3/2022"),
        (date(2022, 6, 7), "hallituksen kokous", "4/2022"),
        (date(2022, 6, 7), "varsinainen yhtiökokous", ""),
        (date(2022, 11, 20), "ylimääräinen yhtiökokous", ""),
    ]


def test_board_text_that_looks_like_a_formula_is_exported_as_text(board_db, tmp_path):
    path = tmp_path / "export.xlsx"
    export_database(board_db, path)

    board = calamine(path, "Hallitus")
    meetings = calamine(path, "Kokoukset")
    assert "=Satakunta" in [r[BOARD_FI.index("Jäsenen organisaatio")] for r in board]
    assert "-asiantuntija" in [r[BOARD_FI.index("Jäsenen nimike")] for r in board]
    assert {"@järjestäytyminen", "+sääntömuutos"} <= {
        r[MEETINGS_FI.index("Lisätiedot")] for r in meetings
    }


# ----------------------------------------------------------------------------- import


def test_a_board_typed_in_without_ids_is_imported_into_terms_by_their_start(db, tmp_path):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Hallitus": [
                BOARD_FI,
                board_row(
                    "1.6.2021",
                    "31.5.2022",
                    "puheenjohtaja",
                    "Lindqvist",
                    "Marja",
                    deputy=("Heino", "Pekka"),
                ),
                board_row("1.6.2021", "31.5.2022", "jäsen", "Aalto", "Anu"),
                board_row(date(2022, 6, 1), None, "Puheenjohtaja", "Lindqvist", "Marja"),
                board_row("2022-06-01", None, "SIHTEERI", "Eskola", "Eeva"),
            ],
        },
    )

    report = import_file(db, path)

    assert report.ok, [str(e) for e in report.errors]
    assert counts(report, "Hallitus") == (4, 0, 0)
    assert terms_in(db) == [(date(2021, 6, 1), date(2022, 5, 31)), (date(2022, 6, 1), None)]
    seats = sorted(board_in(db).values(), key=lambda s: (s[0], s[2].rank))
    assert [(s[0], s[2], s[3], s[7]) for s in seats] == [
        (date(2021, 6, 1), BoardRole.CHAIR, "Lindqvist", "Heino"),
        (date(2021, 6, 1), BoardRole.MEMBER, "Aalto", ""),
        (date(2022, 6, 1), BoardRole.CHAIR, "Lindqvist", ""),
        (date(2022, 6, 1), BoardRole.SECRETARY, "Eskola", ""),
    ]


def test_english_headers_roles_and_meeting_kinds_are_accepted(db, tmp_path):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Board": [BOARD_EN, board_row("1.6.2022", None, "Vice Chair", "Levonen", "Mari")],
            "Meetings": [MEETINGS_EN, meeting_row("7.6.2022", "Annual General Meeting")],
        },
    )

    report = import_file(db, path)

    assert report.ok, [str(e) for e in report.errors]
    assert [s[2] for s in board_in(db).values()] == [BoardRole.VICE_CHAIR]
    assert [m[1] for m in meetings_in(db).values()] == [MeetingKind.ANNUAL_GENERAL]


def test_a_seat_row_without_id_is_matched_by_term_start_and_name_and_updates_that_seat(
    board_db, tmp_path
):
    before = board_in(board_db)
    (levonen_id,) = [i for i, s in before.items() if s[0] == date(2022, 6, 1) and s[3] == "Levonen"]
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Hallitus": [
                BOARD_FI,
                board_row(
                    "1.6.2022",
                    None,
                    "varapuheenjohtaja",
                    " LEVONEN ",
                    "mari",
                    title="perusturvajohtaja",
                    organisation="Porin kaupunki",
                    deputy=("Järvinen", "Matti"),
                ),
            ],
        },
    )

    report = import_file(board_db, path)

    assert report.ok, [str(e) for e in report.errors]
    assert counts(report, "Hallitus") == (0, 1, 0)
    after = board_in(board_db)
    assert set(after) == set(before)
    assert after[levonen_id][5] == "perusturvajohtaja"
    assert {i: s for i, s in after.items() if i != levonen_id} == {
        i: s for i, s in before.items() if i != levonen_id
    }


def test_a_seat_row_without_id_for_a_new_person_is_added_to_the_existing_term(board_db, tmp_path):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {"Hallitus": [BOARD_FI, board_row("1.6.2022", None, "jäsen", "Virta", "Ville")]},
    )

    report = import_file(board_db, path)

    assert report.ok, [str(e) for e in report.errors]
    assert counts(report, "Hallitus") == (1, 0, 0)
    assert terms_in(board_db) == [(date(2021, 6, 1), date(2022, 5, 31)), (date(2022, 6, 1), None)]
    assert sum(1 for s in board_in(board_db).values() if s[0] == date(2022, 6, 1)) == 7


def test_a_meeting_row_without_id_is_matched_by_date_and_kind_and_updates_that_meeting(
    board_db, tmp_path
):
    before = meetings_in(board_db)
    (agm_id,) = [i for i, m in before.items() if m[1] is MeetingKind.ANNUAL_GENERAL]
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Kokoukset": [
                MEETINGS_FI,
                meeting_row(date(2022, 6, 7), "Varsinainen yhtiökokous", None, "Pori"),
            ]
        },
    )

    report = import_file(board_db, path)

    assert report.ok, [str(e) for e in report.errors]
    assert counts(report, "Kokoukset") == (0, 1, 0)
    after = meetings_in(board_db)
    assert set(after) == set(before)
    assert after[agm_id] == (date(2022, 6, 7), MeetingKind.ANNUAL_GENERAL, "", "Pori", "")


def test_a_board_meeting_and_a_general_meeting_on_the_same_day_are_both_kept(db, tmp_path):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Kokoukset": [
                MEETINGS_FI,
                meeting_row("7.6.2022", "varsinainen yhtiökokous"),
                meeting_row("7.6.2022", "hallituksen kokous", "4/2022"),
            ],
        },
    )

    report = import_file(db, path)

    assert report.ok, [str(e) for e in report.errors]
    assert len(meetings_in(db)) == 2


def test_a_workbook_that_closes_the_term_in_office_and_starts_the_next_is_accepted(db, tmp_path):
    in_office = add_term(db, date(2021, 6, 1))
    chair = add_seat(db, in_office, BoardRole.CHAIR, "Lindqvist", "Marja")
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Hallitus": [
                BOARD_FI,
                board_row(
                    "1.6.2021", "31.5.2022", "puheenjohtaja", "Lindqvist", "Marja", id=chair.id
                ),
                board_row("1.6.2022", None, "puheenjohtaja", "Heino", "Pekka"),
            ],
        },
    )

    report = import_file(db, path)

    assert report.ok, [str(e) for e in report.errors]
    assert terms_in(db) == [(date(2021, 6, 1), date(2022, 5, 31)), (date(2022, 6, 1), None)]


# ----------------------------------------------------------------------------- import: errors


def test_a_second_chair_in_one_term_is_refused_on_the_second_row_and_nothing_changes(db, tmp_path):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Hallitus": [
                BOARD_FI,
                board_row("1.6.2022", None, "puheenjohtaja", "Lindqvist", "Marja"),
                board_row("1.6.2022", None, "puheenjohtaja", "Heino", "Pekka"),
            ],
        },
    )

    report = import_file(db, path)

    assert where(report) == {("Hallitus", 3, "Rooli")}
    assert report.errors[0].message == "Tällä toimikaudella on jo puheenjohtaja: Lindqvist Marja"
    assert str(report.errors[0]) == (
        "Hallitus, rivi 3, sarake Rooli: Tällä toimikaudella on jo puheenjohtaja: Lindqvist Marja"
    )
    assert everything_in(db) == ({}, [], {}, 0)


def rows_of_term(db, start: date, end: date | None) -> list[list]:
    """The stored seats of the term starting ``start`` as workbook rows with IDs, ending ``end``."""
    return [
        [seat_id, s[0], end, s[2].value, *s[3:]]
        for seat_id, s in board_in(db).items()
        if s[0] == start
    ]


def test_a_second_chair_against_the_chair_in_the_database_is_refused(board_db, tmp_path):
    before = everything_in(board_db)
    path = write_workbook(
        tmp_path / "in.xlsx",
        {"Hallitus": [BOARD_FI, board_row("1.6.2022", None, "puheenjohtaja", "Koivisto", "Kalle")]},
    )

    report = import_file(board_db, path)

    assert where(report) == {("Hallitus", 2, "Rooli")}
    assert report.errors[0].message == "Tällä toimikaudella on jo puheenjohtaja: Lindqvist Marja"
    assert everything_in(board_db) == before


def test_a_second_vice_chair_in_one_term_is_refused(db, tmp_path):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Hallitus": [
                BOARD_FI,
                board_row("1.6.2022", None, "varapuheenjohtaja", "Levonen", "Mari"),
                board_row("1.6.2022", None, "jäsen", "Aalto", "Anu"),
                board_row("1.6.2022", None, "varapuheenjohtaja", "Heino", "Pekka"),
            ],
        },
    )

    report = import_file(db, path)

    assert where(report) == {("Hallitus", 4, "Rooli")}
    assert report.errors[0].message == "Tällä toimikaudella on jo varapuheenjohtaja: Levonen Mari"
    assert everything_in(db) == ({}, [], {}, 0)


def test_a_deputy_who_is_the_member_is_refused_in_the_deputy_column(db, tmp_path):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Hallitus": [
                BOARD_FI,
                board_row("1.6.2022", None, "jäsen", "Levonen", "Mari", deputy=("levonen", "MARI")),
            ],
        },
    )

    report = import_file(db, path)

    assert where(report) == {("Hallitus", 2, "Varajäsen sukunimi")}
    assert report.errors[0].message == "Varajäsen ei voi olla jäsen itse"
    assert everything_in(db) == ({}, [], {}, 0)


def test_a_member_who_is_already_a_deputy_in_that_term_is_refused(db, tmp_path):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Hallitus": [
                BOARD_FI,
                board_row(
                    "1.6.2022", None, "jäsen", "Levonen", "Mari", deputy=("Järvinen", "Matti")
                ),
                board_row("1.6.2022", None, "jäsen", "Järvinen", "Matti"),
            ],
        },
    )

    report = import_file(db, path)

    assert where(report) == {("Hallitus", 3, "Jäsen sukunimi")}
    assert report.errors[0].message == (
        "Järvinen Matti on jo varajäsen tällä toimikaudella (jäsenen Levonen Mari varalla); "
        "kukaan ei voi olla molempia"
    )
    assert everything_in(db) == ({}, [], {}, 0)


def test_a_member_who_is_a_deputy_of_a_seat_in_the_database_is_refused(board_db, tmp_path):
    before = everything_in(board_db)
    path = write_workbook(
        tmp_path / "in.xlsx",
        {"Hallitus": [BOARD_FI, board_row("1.6.2022", None, "jäsen", "Järvinen", "Matti")]},
    )

    report = import_file(board_db, path)

    assert where(report) == {("Hallitus", 2, "Jäsen sukunimi")}
    assert "jäsenen Levonen Mari varalla" in report.errors[0].message
    assert everything_in(board_db) == before


def test_a_deputy_who_is_already_a_member_in_that_term_is_refused(db, tmp_path):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Hallitus": [
                BOARD_FI,
                board_row("1.6.2022", None, "jäsen", "Järvinen", "Matti"),
                board_row(
                    "1.6.2022", None, "jäsen", "Levonen", "Mari", deputy=("Järvinen", "Matti")
                ),
            ],
        },
    )

    report = import_file(db, path)

    assert where(report) == {("Hallitus", 3, "Varajäsen sukunimi")}
    assert report.errors[0].message == (
        "Järvinen Matti on jo jäsen tällä toimikaudella; kukaan ei voi olla molempia"
    )


def test_the_same_person_may_be_a_member_in_one_term_and_a_deputy_in_the_next(db, tmp_path):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Hallitus": [
                BOARD_FI,
                board_row("1.6.2021", "31.5.2022", "jäsen", "Järvinen", "Matti"),
                board_row(
                    "1.6.2022", None, "jäsen", "Levonen", "Mari", deputy=("Järvinen", "Matti")
                ),
            ],
        },
    )

    report = import_file(db, path)

    assert report.ok, [str(e) for e in report.errors]


def test_a_deputy_with_only_a_last_name_is_refused_in_the_first_name_column(db, tmp_path):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Hallitus": [
                BOARD_FI,
                board_row("1.6.2022", None, "jäsen", "Levonen", "Mari", deputy=("Järvinen", None)),
            ]
        },
    )

    report = import_file(db, path)

    assert where(report) == {("Hallitus", 2, "Varajäsen etunimi")}
    assert report.errors[0].message == "Anna myös varajäsenen etunimi, tai ei kumpaakaan nimeä"


def test_a_term_that_ends_before_it_starts_is_refused_in_the_term_end_column(db, tmp_path):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Hallitus": [
                BOARD_FI,
                board_row("1.6.2022", "31.5.2022", "puheenjohtaja", "Lindqvist", "Marja"),
            ]
        },
    )

    report = import_file(db, path)

    assert where(report) == {("Hallitus", 2, "Toimikausi päättyy")}
    assert report.errors[0].message == "Toimikausi päättyy ennen kuin se alkaa"
    assert everything_in(db) == ({}, [], {}, 0)


def test_an_update_that_makes_a_stored_term_end_before_it_starts_is_refused(board_db, tmp_path):
    before = everything_in(board_db)
    (chair_id,) = [
        i for i, s in board_in(board_db).items() if s[0] == date(2021, 6, 1) and s[3] == "Lindqvist"
    ]
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Hallitus": [
                BOARD_FI,
                board_row(
                    "1.6.2021", "1.1.2021", "puheenjohtaja", "Lindqvist", "Marja", id=chair_id
                ),
            ]
        },
    )

    report = import_file(board_db, path)

    assert where(report) == {("Hallitus", 2, "Toimikausi päättyy")}
    assert everything_in(board_db) == before


def test_an_unknown_role_is_refused_listing_the_roles(db, tmp_path):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {"Hallitus": [BOARD_FI, board_row("1.6.2022", None, "rahastonhoitaja", "Levonen", "Mari")]},
    )

    report = import_file(db, path)

    assert where(report) == {("Hallitus", 2, "Rooli")}
    assert report.errors[0].message == (
        "“rahastonhoitaja” ei ole mikään seuraavista: puheenjohtaja, varapuheenjohtaja, jäsen, "
        "asiantuntijajäsen, sihteeri"
    )


@pytest.mark.parametrize("written", ["kokous", "hallituskokous"])
def test_an_unknown_meeting_kind_is_refused_listing_the_kinds(db, tmp_path, written):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Kokoukset": [
                MEETINGS_FI,
                meeting_row("7.6.2022", written, "4/2022"),
                meeting_row("8.6.2022", "hallituksen kokous", "5/2022"),  # a good row
            ],
        },
    )

    report = import_file(db, path)

    assert where(report) == {("Kokoukset", 2, "Tyyppi")}
    assert report.errors[0].message == (
        f"“{written}” ei ole mikään seuraavista: hallituksen kokous, varsinainen yhtiökokous, "
        "ylimääräinen yhtiökokous"
    )
    assert meetings_in(db) == {}


def test_two_rows_of_one_term_with_different_term_ends_are_refused_on_the_later_row(db, tmp_path):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Hallitus": [
                BOARD_FI,
                board_row("1.6.2022", "31.5.2023", "puheenjohtaja", "Lindqvist", "Marja"),
                board_row("1.6.2022", "31.5.2023", "jäsen", "Aalto", "Anu"),
                board_row("1.6.2022", "30.6.2023", "jäsen", "Heino", "Pekka"),
            ],
        },
    )

    report = import_file(db, path)

    assert where(report) == {("Hallitus", 4, "Toimikausi päättyy")}
    assert (
        report.errors[0].message
        == "1.6.2022 alkavan toimikauden päättymispäivä on toisella rivillä 31.5.2023"
    )
    assert everything_in(db) == ({}, [], {}, 0)


def test_a_term_row_left_open_while_another_row_of_the_term_ends_is_refused(db, tmp_path):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Hallitus": [
                BOARD_FI,
                board_row("1.6.2022", None, "puheenjohtaja", "Lindqvist", "Marja"),
                board_row("1.6.2022", "31.5.2023", "jäsen", "Aalto", "Anu"),
            ],
        },
    )

    report = import_file(db, path)

    assert where(report) == {("Hallitus", 3, "Toimikausi päättyy")}
    assert (
        report.errors[0].message
        == "1.6.2022 alkavan toimikauden päättymispäivä on toisella rivillä (avoin)"
    )


def test_a_term_overlapping_the_term_in_office_is_refused_naming_its_period(board_db, tmp_path):
    before = everything_in(board_db)
    path = write_workbook(
        tmp_path / "in.xlsx",
        {"Hallitus": [BOARD_FI, board_row("1.6.2023", None, "puheenjohtaja", "Virta", "Ville")]},
    )

    report = import_file(board_db, path)

    assert where(report) == {("Hallitus", 2, "Toimikausi alkaa")}
    assert report.errors[0].message == (
        "Toimikausi on päällekkäin toimikauden 1.6.2022 alkaen kanssa; "
        "kunakin päivänä vain yksi hallitus on toimessa"
    )
    assert everything_in(board_db) == before


def test_a_term_overlapping_a_closed_term_is_refused_naming_its_period(board_db, tmp_path):
    before = everything_in(board_db)
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Hallitus": [
                BOARD_FI,
                board_row("1.1.2021", "30.6.2021", "puheenjohtaja", "Virta", "Ville"),
            ]
        },
    )

    report = import_file(board_db, path)

    assert where(report) == {("Hallitus", 2, "Toimikausi alkaa")}
    assert "toimikauden 1.6.2021–31.5.2022 kanssa" in report.errors[0].message
    assert everything_in(board_db) == before


def test_two_overlapping_terms_in_one_workbook_are_both_reported(db, tmp_path):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Hallitus": [
                BOARD_FI,
                board_row("1.6.2021", None, "puheenjohtaja", "Lindqvist", "Marja"),
                board_row("1.6.2022", None, "puheenjohtaja", "Heino", "Pekka"),
            ],
        },
    )

    report = import_file(db, path)

    assert where(report) == {
        ("Hallitus", 2, "Toimikausi alkaa"),
        ("Hallitus", 3, "Toimikausi alkaa"),
    }
    assert everything_in(db) == ({}, [], {}, 0)


def test_two_meetings_of_the_same_kind_on_the_same_day_are_refused_on_the_later_row(db, tmp_path):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Kokoukset": [
                MEETINGS_FI,
                meeting_row("7.6.2022", "hallituksen kokous", "4/2022"),
                meeting_row(date(2022, 6, 7), "Hallituksen kokous", "5/2022"),
            ],
        },
    )

    report = import_file(db, path)

    assert where(report) == {("Kokoukset", 3, "Päivämäärä")}
    assert report.errors[0].message == "sama tietue on myös rivillä 2"
    assert meetings_in(db) == {}


def test_two_meetings_of_the_same_kind_on_the_same_day_are_refused_even_with_their_own_ids(
    db, tmp_path
):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Kokoukset": [
                MEETINGS_FI,
                meeting_row("7.6.2022", "hallituksen kokous", id=str(uuid.uuid4())),
                meeting_row("7.6.2022", "hallituksen kokous", id=str(uuid.uuid4())),
            ],
        },
    )

    report = import_file(db, path)

    assert where(report) == {("Kokoukset", 3, "Päivämäärä")}
    assert meetings_in(db) == {}


def test_a_meeting_with_a_new_id_on_the_day_and_kind_of_a_stored_meeting_is_refused(
    board_db, tmp_path
):
    before = everything_in(board_db)
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Kokoukset": [
                MEETINGS_FI,
                meeting_row("10.1.2022", "hallituksen kokous", id=str(uuid.uuid4())),
            ]
        },
    )

    report = import_file(board_db, path)

    assert where(report) == {("Kokoukset", 2, "Päivämäärä")}
    assert report.errors[0].message == "sama tietue on jo tietokannassa toisella tunnisteella"
    assert everything_in(board_db) == before


def test_an_error_in_an_english_board_sheet_names_the_column_as_written(db, tmp_path):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Board": [
                BOARD_EN,
                board_row(
                    "1.6.2022", None, "member", "Levonen", "Mari", deputy=("Levonen", "Mari")
                ),
            ]
        },
    )

    report = import_file(db, path)

    assert where(report) == {("Board", 2, "Deputy last name")}


def test_the_board_seat_cap_of_the_settings_refuses_rows_beyond_it(db, tmp_path):
    with db.unit_of_work() as uow:
        uow.settings.save_organisation(Organisation(name="Oske Oy", board_seat_cap=2))
        uow.commit()
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Hallitus": [
                BOARD_FI,
                board_row("1.6.2022", None, "puheenjohtaja", "Lindqvist", "Marja"),
                board_row("1.6.2022", None, "sihteeri", "Eskola", "Eeva"),  # not counted
                board_row("1.6.2022", None, "jäsen", "Aalto", "Anu"),
                board_row("1.6.2022", None, "jäsen", "Virta", "Ville"),
            ],
        },
    )

    report = import_file(db, path)

    assert where(report) == {("Hallitus", 5, "Rooli")}
    assert report.errors[0].message == (
        "Hallituksessa voi olla enintään 2 jäsentä (Asetukset); tällä toimikaudella ne ovat jo kaikki"
    )
    assert board_in(db) == {}


def test_a_bad_board_row_leaves_good_staff_and_meeting_rows_unimported(db, tmp_path):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Henkilöstö": [STAFF_FI, ["Kantola", "Marjo", "hallintoassistentti", "1.4.2022"]],
            "Hallitus": [
                BOARD_FI,
                board_row("1.6.2022", None, "puheenjohtaja", "Lindqvist", "Marja"),
                board_row("1.6.2022", "31.5.2022", "jäsen", "Aalto", "Anu"),
            ],
            "Kokoukset": [MEETINGS_FI, meeting_row("7.6.2022", "hallituksen kokous", "4/2022")],
        },
    )

    report = import_file(db, path)

    assert not report.ok
    assert ("Hallitus", 3, "Toimikausi päättyy") in where(report)
    assert everything_in(db) == ({}, [], {}, 0)


def test_a_second_chair_leaves_good_staff_rows_and_the_database_unchanged(board_db, tmp_path):
    before = everything_in(board_db)
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Henkilöstö": [STAFF_FI, ["Kantola", "Marjo", "hallintoassistentti", "1.4.2022"]],
            "Hallitus": [
                BOARD_FI,
                board_row("1.6.2022", None, "jäsen", "Virta", "Ville"),  # a good row
                board_row("1.6.2022", None, "puheenjohtaja", "Koivisto", "Kalle"),
            ],
        },
    )

    report = import_file(board_db, path)

    assert where(report) == {("Hallitus", 3, "Rooli")}
    assert everything_in(board_db) == before


def test_an_import_that_would_change_a_term_end_and_then_fails_leaves_the_term_as_it_was(
    board_db, tmp_path
):
    # Closing the 2022 term is applied while the sheet is checked; a later error must undo it.
    before = everything_in(board_db)
    rows = rows_of_term(board_db, date(2022, 6, 1), date(2023, 5, 31))
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Hallitus": [
                BOARD_FI,
                *rows,
                board_row("1.6.2022", "31.5.2023", "puheenjohtaja", "Koivisto", "Kalle"),
            ],
        },
    )

    report = import_file(board_db, path)

    assert where(report) == {("Hallitus", len(rows) + 2, "Rooli")}
    assert everything_in(board_db) == before


# ----------------------------------------------------------------------------- corrections of stored terms


def test_adding_a_member_to_a_closed_term_without_the_term_end_column_keeps_the_term_end(
    db, tmp_path
):
    closed = add_term(db, date(2021, 6, 1), date(2022, 5, 31))
    add_seat(db, closed, BoardRole.CHAIR, "Lindqvist", "Marja")
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Hallitus": [
                ["Toimikausi alkaa", "Rooli", "Jäsen sukunimi", "Jäsen etunimi"],
                ["1.6.2021", "jäsen", "Aalto", "Anu"],
            ],
        },
    )

    report = import_file(db, path)

    assert report.ok, [str(e) for e in report.errors]
    assert terms_in(db) == [(date(2021, 6, 1), date(2022, 5, 31))]


def test_reimporting_an_export_after_the_cap_was_lowered_changes_nothing(db, tmp_path):
    term = add_term(db, date(2022, 6, 1))
    for last in ("Aalto", "Berg", "Carlsson", "Dahl"):
        add_seat(db, term, BoardRole.MEMBER, last, "Etu")
    with db.unit_of_work() as uow:
        uow.settings.save_organisation(Organisation(name="Oske Oy", board_seat_cap=3))
        uow.commit()
    path = tmp_path / "export.xlsx"
    export_database(db, path)
    before = everything_in(db)

    report = import_file(db, path)

    assert report.ok, [str(e) for e in report.errors]
    assert everything_in(db) == before


def test_a_row_with_its_own_error_does_not_hide_a_second_chair_on_other_rows(db, tmp_path):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Hallitus": [
                BOARD_FI,
                board_row("1.6.2022", None, "puheenjohtaja", "Lindqvist", "Marja"),
                board_row("1.6.2024", "1.1.2024", "jäsen", "Aalto", "Anu"),
                board_row("1.6.2022", None, "puheenjohtaja", "Heino", "Pekka"),
            ],
        },
    )

    report = import_file(db, path)

    assert where(report) == {("Hallitus", 3, "Toimikausi päättyy"), ("Hallitus", 4, "Rooli")}
    assert everything_in(db) == ({}, [], {}, 0)
