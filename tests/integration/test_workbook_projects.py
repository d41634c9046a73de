"""The workbook's project sheets (Hankkeet, Hankekumppanit, Hankerahoitus, Hanketehtävät) as a user meets them.

Real parts only: SQLite files in ``tmp_path``, records entered through the project services,
.xlsx files written by openpyxl, exports read back with python-calamine. The contract is
docs/workbook.md.
"""

from __future__ import annotations

import shutil
import subprocess
import uuid
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from domain.projects import (
    FundingLine,
    OurRole,
    PartnerRole,
    Project,
    ProjectAssignment,
    ProjectPartner,
    ProjectStatus,
)
from domain.staff import StaffMember
from services.projects import save_assignment, save_funding, save_partner, save_project
from services.workbook import export_database, import_file
from tests.integration.workbook_files import write_workbook

NBSP = "\xa0"

PROJECTS_FI = [
    "Tunniste",
    "Lyhenne",
    "Nimi",
    "Alkaa",
    "Päättyy",
    "Tila",
    "Rooli",
    "Päätoteuttaja tai hallinnoija",
    "Kokonaisbudjetti €",
    "Oma osuus €",
    "Kuvaus",
]
PROJECTS_EN = [
    "ID",
    "Code",
    "Name",
    "Start",
    "End",
    "Status",
    "Our role",
    "Lead organisation",
    "Total budget €",
    "Our budget €",
    "Description",
]
PARTNERS_FI = ["Tunniste", "Lyhenne", "Organisaatio", "Rooli", "Maa"]
PARTNERS_EN = ["ID", "Code", "Organisation", "Role", "Country"]
FUNDING_FI = ["Tunniste", "Lyhenne", "Rahoittaja", "Osuus %", "Summa €"]
FUNDING_EN = ["ID", "Code", "Funder", "Share %", "Amount €"]
ROLES_FI = [
    "Tunniste",
    "Lyhenne",
    "Sukunimi",
    "Etunimi",
    "Tehtävä",
    "Työaika-%",
    "Alkaen",
    "Päättyen",
]
ROLES_EN = ["ID", "Code", "Last name", "First name", "Role", "FTE %", "Start", "End"]
STAFF_FI = ["Sukunimi", "Etunimi", "Tehtävänimike", "Alkaen", "Päättyen"]
PROJECT_SHEETS_FI = ("Hankkeet", "Hankekumppanit", "Hankerahoitus", "Hanketehtävät")
PROJECT_SHEETS_EN = ("Projects", "Project partners", "Project funding", "Project roles")


# ----------------------------------------------------------------------------- helpers


def projects_in(db) -> dict[str, dict[str, tuple]]:
    """Every record of the four project tables by ID, with the values a user sees."""
    with db.unit_of_work() as uow:
        return {
            "projects": {
                p.id: (
                    p.code,
                    p.name,
                    p.start,
                    p.end,
                    p.status,
                    p.our_role,
                    p.lead_organisation,
                    p.total_budget,
                    p.our_budget,
                    p.description,
                )
                for p in uow.projects.all()
            },
            "partners": {
                p.id: (p.project_id, p.organisation, p.role, p.country) for p in uow.partners.all()
            },
            "funding": {
                f.id: (f.project_id, f.funder, f.share_percent, f.amount) for f in uow.funding.all()
            },
            "roles": {
                a.id: (a.project_id, a.staff_id, a.role, a.fte_percent, a.start, a.end)
                for a in uow.assignments.all()
            },
        }


def staff_in(db) -> dict[str, tuple]:
    with db.unit_of_work() as uow:
        return {s.id: (s.last_name, s.first_name, s.start, s.end) for s in uow.staff.all()}


def everything_in(db) -> tuple:
    return projects_in(db), staff_in(db)


NOTHING = ({"projects": {}, "partners": {}, "funding": {}, "roles": {}}, {})


def project_row(
    code,
    name,
    start=None,
    end=None,
    status=None,
    role="osatoteuttaja",
    lead=None,
    total=None,
    ours=None,
    description=None,
    *,
    id=None,
) -> list:
    return [id, code, name, start, end, status, role, lead, total, ours, description]


def partner_row(code, organisation, role=None, country=None, *, id=None) -> list:
    return [id, code, organisation, role, country]


def funding_row(code, funder, share=None, amount=None, *, id=None) -> list:
    return [id, code, funder, share, amount]


def role_row(code, last, first, role, fte=None, start=None, end=None, *, id=None) -> list:
    return [id, code, last, first, role, fte, start, end]


def calamine(path: Path, sheet: str) -> list[list]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


def calamine_sheet_names(path: Path) -> list[str]:
    return list(CalamineWorkbook.from_path(str(path)).sheet_names)


def column(path: Path, sheet: str, header: str) -> list:
    rows = calamine(path, sheet)
    index = rows[0].index(header)
    return [r[index] for r in rows[1:]]


def where(report) -> set[tuple[str, int, str]]:
    return {(e.sheet, e.row, e.column) for e in report.errors}


def messages(report) -> list[str]:
    return [e.message for e in report.errors]


def counts(report, sheet: str) -> tuple[int, int, int]:
    c = report.counts[sheet]
    return c.added, c.updated, c.unchanged


def eur(amount: str) -> str:
    """A sum as the Finnish format writes it: ``988 216,00 €`` with no-break spaces."""
    return f"{amount.replace(' ', NBSP)}{NBSP}€"


def add_staff(db, last, first, title, start=None, end=None) -> StaffMember:
    member = StaffMember(last, first, title, start=start, end=end)
    with db.unit_of_work() as uow:
        uow.staff.add(member)
        uow.commit()
    return member


@pytest.fixture
def projects_db(db):
    fill_projects(db)
    return db


def fill_projects(db) -> None:
    """Three projects with their partners, funding and staff, entered through the services."""
    virtanen = add_staff(db, "Virtanen", "Anna", "projektipäällikkö", start=date(2022, 1, 1))
    kantola = add_staff(
        db, "Kantola", "Marjo", "koordinaattori", date(2023, 6, 1), date(2024, 5, 31)
    )

    tullas = Project(
        "TulLas",
        "Tulevaisuuden lastensuojelu",
        OurRole.CO_IMPLEMENTER,
        date(2023, 3, 1),
        date(2025, 2, 28),
        lead_organisation="Turun AMK",
        total_budget=Decimal("988216.00"),
        our_budget=Decimal("348854.40"),
        description="=lastensuojelun kehittäminen",
    )
    monni = Project(
        "MONNI", "Monialainen nuorisotyö", OurRole.ADMINISTRATOR, status=ProjectStatus.PLANNED
    )
    teens = Project(
        "Tool4Teen",
        "Tools for teenagers",
        OurRole.EXPERT_SERVICE,
        date(2024, 1, 1),
        date(2026, 12, 31),
        status=ProjectStatus.APPLIED,
        lead_organisation="Universidad de Granada",
        total_budget=Decimal(250000),
        our_budget=Decimal("87213.60"),
    )
    for p in (tullas, monni, teens):
        save_project(db, p, None)

    save_partner(db, ProjectPartner(tullas.id, "Turun AMK", PartnerRole.LEAD_IMPLEMENTER), None)
    save_partner(
        db,
        ProjectPartner(tullas.id, "Satakunnan ammattikorkeakoulu", PartnerRole.CO_IMPLEMENTER),
        None,
    )
    save_partner(
        db,
        ProjectPartner(teens.id, "Universidad de Granada", PartnerRole.ADMINISTRATOR, "Espanja"),
        None,
    )
    save_partner(db, ProjectPartner(teens.id, "Åbo Akademi"), None)

    save_funding(db, FundingLine(tullas.id, "ESR", Decimal(80), Decimal("279083.52")), None)
    save_funding(db, FundingLine(tullas.id, "omarahoitus", Decimal(20), Decimal("69770.88")), None)
    save_funding(db, FundingLine(teens.id, "Erasmus+", Decimal("62.5"), Decimal("54508.50")), None)
    save_funding(
        db, FundingLine(teens.id, "omarahoitus", Decimal("37.5"), Decimal("32705.10")), None
    )
    save_funding(db, FundingLine(monni.id, "STM"), None)

    save_assignment(
        db, ProjectAssignment(tullas.id, virtanen.id, "projektipäällikkö", Decimal(100)), None
    )
    save_assignment(
        db,
        ProjectAssignment(
            tullas.id,
            kantola.id,
            "koordinaattori",
            Decimal(50),
            date(2023, 6, 1),
            date(2024, 5, 31),
        ),
        None,
    )
    save_assignment(
        db,
        ProjectAssignment(
            teens.id,
            virtanen.id,
            "asiantuntija",
            Decimal("12.5"),
            date(2024, 1, 1),
            date(2026, 12, 31),
        ),
        None,
    )


def tullas_id(db) -> str:
    with db.unit_of_work() as uow:
        project = uow.projects.by_code("TulLas")
        assert project is not None
        return project.id


# ----------------------------------------------------------------------------- round trips


def test_two_exports_of_the_same_projects_are_identical_cell_for_cell(projects_db, tmp_path):
    export_database(projects_db, tmp_path / "a.xlsx")
    export_database(projects_db, tmp_path / "b.xlsx")

    for sheet in PROJECT_SHEETS_FI:
        assert calamine(tmp_path / "a.xlsx", sheet) == calamine(tmp_path / "b.xlsx", sheet), sheet


# ----------------------------------------------------------------------------- export format


def test_export_writes_the_project_sheets_with_finnish_names_and_headers_by_default(
    projects_db, tmp_path
):
    path = tmp_path / "export.xlsx"
    export_database(projects_db, path)

    assert calamine_sheet_names(path)[4:8] == list(PROJECT_SHEETS_FI)
    assert calamine(path, "Hankkeet")[0] == PROJECTS_FI
    assert calamine(path, "Hankekumppanit")[0] == PARTNERS_FI
    assert calamine(path, "Hankerahoitus")[0] == FUNDING_FI
    assert calamine(path, "Hanketehtävät")[0] == ROLES_FI


def test_export_with_lang_en_writes_english_project_sheet_names_and_headers(projects_db, tmp_path):
    path = tmp_path / "export-en.xlsx"
    export_database(projects_db, path, lang="en")

    assert calamine_sheet_names(path)[4:8] == list(PROJECT_SHEETS_EN)
    assert calamine(path, "Projects")[0] == PROJECTS_EN
    assert calamine(path, "Project partners")[0] == PARTNERS_EN
    assert calamine(path, "Project funding")[0] == FUNDING_EN
    assert calamine(path, "Project roles")[0] == ROLES_EN


def test_export_writes_statuses_and_roles_in_the_export_language(projects_db, tmp_path):
    fi, en = tmp_path / "fi.xlsx", tmp_path / "en.xlsx"
    export_database(projects_db, fi)
    export_database(projects_db, en, lang="en")

    # rows in the order of their codes, whatever the case: MONNI, Tool4Teen, TulLas
    assert column(fi, "Hankkeet", "Tila") == ["suunnitteilla", "haettu", "myönnetty"]
    assert column(fi, "Hankkeet", "Rooli") == [
        "hallinnoija",
        "asiantuntijapalvelu",
        "osatoteuttaja",
    ]
    assert column(en, "Projects", "Status") == ["planned", "applied", "granted"]
    assert column(en, "Projects", "Our role") == [
        "administrator",
        "expert service",
        "co-implementer",
    ]
    assert set(column(fi, "Hankekumppanit", "Rooli")) == {
        "päätoteuttaja",
        "osatoteuttaja",
        "hallinnoija",
        "",
    }
    assert set(column(en, "Project partners", "Role")) == {
        "lead implementer",
        "co-implementer",
        "administrator",
        "",
    }


def test_export_writes_money_as_real_numbers_exact_to_the_cent(projects_db, tmp_path):
    path = tmp_path / "export.xlsx"
    export_database(projects_db, path)

    total = column(path, "Hankkeet", "Kokonaisbudjetti €")
    ours = column(path, "Hankkeet", "Oma osuus €")
    amounts = column(path, "Hankerahoitus", "Summa €")
    assert total == ["", 250000.0, 988216.0]
    assert ours == ["", 87213.60, 348854.40]
    assert sorted(a for a in amounts if a != "") == [32705.10, 54508.50, 69770.88, 279083.52]
    assert all(isinstance(a, float) for a in (*total, *ours, *amounts) if a != "")

    wb = openpyxl.load_workbook(path)
    cell = wb["Hankkeet"].cell(row=4, column=PROJECTS_FI.index("Oma osuus €") + 1)
    assert cell.data_type == "n"
    assert "€" in cell.number_format and "0.00" in cell.number_format


def test_export_writes_shares_and_fte_as_numbers(projects_db, tmp_path):
    path = tmp_path / "export.xlsx"
    export_database(projects_db, path)

    shares = column(path, "Hankerahoitus", "Osuus %")
    assert sorted(s for s in shares if s != "") == [20, 37.5, 62.5, 80]
    assert all(isinstance(s, (int, float)) for s in shares if s != "")
    assert "" in shares  # a funder without a share is an empty cell
    assert sorted(column(path, "Hanketehtävät", "Työaika-%")) == [12.5, 50, 100]


def per_cent_cells(path: Path) -> list[Any]:
    wb = openpyxl.load_workbook(path)
    try:
        cells = []
        for sheet, header in (("Hankerahoitus", "Osuus %"), ("Hanketehtävät", "Työaika-%")):
            ws = wb[sheet]
            index = [c.value for c in ws[1]].index(header) + 1
            cells += [ws.cell(r, index) for r in range(2, ws.max_row + 1)]
        return [c for c in cells if c.value is not None]
    finally:
        wb.close()


def test_per_cents_are_written_in_the_general_format(projects_db, tmp_path):
    path = tmp_path / "export.xlsx"
    export_database(projects_db, path)

    cells = per_cent_cells(path)

    assert {c.value for c in cells} >= {100, 37.5}
    assert {c.number_format for c in cells} == {"General"}


@pytest.mark.skipif(shutil.which("ssconvert") is None, reason="Gnumeric is not installed")
def test_gnumeric_shows_a_whole_per_cent_without_a_trailing_separator(projects_db, tmp_path):
    path = tmp_path / "export.xlsx"
    export_database(projects_db, path)

    shown = tmp_path / "roles.txt"
    subprocess.run(
        [
            "ssconvert",
            "--export-type=Gnumeric_stf:stf_assistant",
            "-O",
            "sheet=Hanketehtävät format=preserve separator=;",
            str(path),
            str(shown),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    rows = [line.split(";") for line in shown.read_text(encoding="utf-8").splitlines()]
    index = rows[0].index("Työaika-%")
    assert sorted(row[index] for row in rows[1:]) == ["100", "12.5", "50"]


def test_export_writes_project_and_role_dates_as_real_excel_dates(projects_db, tmp_path):
    path = tmp_path / "export.xlsx"
    export_database(projects_db, path)

    assert column(path, "Hankkeet", "Alkaa") == ["", date(2024, 1, 1), date(2023, 3, 1)]
    assert column(path, "Hankkeet", "Päättyy") == ["", date(2026, 12, 31), date(2025, 2, 28)]
    assert date(2023, 6, 1) in column(path, "Hanketehtävät", "Alkaen")

    wb = openpyxl.load_workbook(path)
    start = wb["Hankkeet"].cell(row=4, column=PROJECTS_FI.index("Alkaa") + 1)
    assert start.is_date and start.number_format == "d.m.yyyy"


def test_export_keeps_the_case_of_project_codes_everywhere(projects_db, tmp_path):
    path = tmp_path / "export.xlsx"
    export_database(projects_db, path)

    assert column(path, "Hankkeet", "Lyhenne") == ["MONNI", "Tool4Teen", "TulLas"]
    assert set(column(path, "Hankekumppanit", "Lyhenne")) == {"TulLas", "Tool4Teen"}
    assert set(column(path, "Hankerahoitus", "Lyhenne")) == {"TulLas", "Tool4Teen", "MONNI"}
    assert set(column(path, "Hanketehtävät", "Lyhenne")) == {"TulLas", "Tool4Teen"}


def test_a_project_description_that_looks_like_a_formula_is_exported_as_text(projects_db, tmp_path):
    path = tmp_path / "export.xlsx"
    export_database(projects_db, path)

    assert "=lastensuojelun kehittäminen" in column(path, "Hankkeet", "Kuvaus")


@pytest.mark.parametrize("sheet", ["Hankekumppanit", "Hankerahoitus", "Hanketehtävät"])
def test_rows_of_the_project_sheets_are_ordered_by_project_code(db, tmp_path, sheet):
    member = add_staff(db, "Virtanen", "Anna", "projektipäällikkö")
    # IDs chosen so that their order is the reverse of the codes' order
    for code, project_id in (
        ("AALTO", "ffffffff-0000-4000-8000-000000000000"),
        ("ZETA", "00000000-0000-4000-8000-000000000000"),
    ):
        save_project(db, Project(code, code.title(), OurRole.OTHER, id=project_id), None)
        save_partner(db, ProjectPartner(project_id, "Turun AMK"), None)
        save_funding(db, FundingLine(project_id, "ESR", Decimal(50)), None)
        save_assignment(
            db, ProjectAssignment(project_id, member.id, "asiantuntija", Decimal(10)), None
        )
    path = tmp_path / "export.xlsx"
    export_database(db, path)

    assert column(path, sheet, "Lyhenne") == ["AALTO", "ZETA"]


# ----------------------------------------------------------------------------- import


def test_a_register_typed_in_without_ids_is_imported_with_projects_of_the_same_workbook(
    db, tmp_path
):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Henkilöstö": [STAFF_FI, ["Virtanen", "Anna", "projektipäällikkö", "1.1.2022", None]],
            "Hankkeet": [
                PROJECTS_FI,
                project_row(
                    "TulLas",
                    "Tulevaisuuden lastensuojelu",
                    "1.3.2023",
                    date(2025, 2, 28),
                    "myönnetty",
                    "Osatoteuttaja",
                    "Turun AMK",
                    988216,
                    348854.40,
                ),
            ],
            "Hankekumppanit": [PARTNERS_FI, partner_row("TulLas", "Turun AMK", "päätoteuttaja")],
            "Hankerahoitus": [
                FUNDING_FI,
                funding_row("TulLas", "ESR", 80, 279083.52),
                funding_row("TulLas", "omarahoitus", "20", "69 770,88 €"),
            ],
            "Hanketehtävät": [
                ROLES_FI,
                role_row("TulLas", "Virtanen", "Anna", "projektipäällikkö", 100),
            ],
        },
    )

    report = import_file(db, path)

    assert report.ok, [str(e) for e in report.errors]
    found = projects_in(db)
    ((project_id, project),) = found["projects"].items()
    assert project == (
        "TulLas",
        "Tulevaisuuden lastensuojelu",
        date(2023, 3, 1),
        date(2025, 2, 28),
        ProjectStatus.GRANTED,
        OurRole.CO_IMPLEMENTER,
        "Turun AMK",
        Decimal("988216.00"),
        Decimal("348854.40"),
        "",
    )
    assert set(found["partners"].values()) == {
        (project_id, "Turun AMK", PartnerRole.LEAD_IMPLEMENTER, "Suomi")
    }
    assert set(found["funding"].values()) == {
        (project_id, "ESR", Decimal(80), Decimal("279083.52")),
        (project_id, "omarahoitus", Decimal(20), Decimal("69770.88")),
    }
    ((staff_id, _),) = staff_in(db).items()
    assert set(found["roles"].values()) == {
        (project_id, staff_id, "projektipäällikkö", Decimal(100), None, None)
    }


def test_money_typed_as_numbers_comes_back_exact_to_the_cent(db, tmp_path):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Hankkeet": [PROJECTS_FI, project_row("TulLas", "T", total=988216.00, ours=348854.40)],
            "Hankerahoitus": [
                FUNDING_FI,
                funding_row("TulLas", "omarahoitus", 25, 87213.60),
                funding_row(
                    "TulLas", "ESR", 75, 9250.230000000001
                ),  # a float artefact: taken to its cent
            ],
        },
    )

    report = import_file(db, path)

    assert report.ok, [str(e) for e in report.errors]
    found = projects_in(db)
    ((project,),) = [found["projects"].values()]
    assert (project[7], project[8]) == (Decimal("988216.00"), Decimal("348854.40"))
    assert sorted(f[3] for f in found["funding"].values()) == [
        Decimal("9250.23"),
        Decimal("87213.60"),
    ]


def test_money_typed_as_finnish_text_is_read_exactly(db, tmp_path):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Hankkeet": [
                PROJECTS_FI,
                project_row("TulLas", "T", total="988 216,00 €", ours="4530.77"),
            ]
        },
    )

    assert import_file(db, path).ok
    ((project,),) = [projects_in(db)["projects"].values()]
    assert (project[7], project[8]) == (Decimal("988216.00"), Decimal("4530.77"))


@pytest.mark.parametrize(
    ("sheet", "rows", "position"),
    [
        (
            "Hankkeet",
            [PROJECTS_FI, project_row("TulLas", "T", total=10.005)],
            ("Hankkeet", 2, "Kokonaisbudjetti €"),
        ),
        (
            "Hankkeet",
            [PROJECTS_FI, project_row("TulLas", "T", ours="10.005")],
            ("Hankkeet", 2, "Oma osuus €"),
        ),
    ],
    ids=["number-cell", "text-cell"],
)
def test_a_project_budget_with_a_third_decimal_is_refused(db, tmp_path, sheet, rows, position):
    path = write_workbook(tmp_path / "in.xlsx", {sheet: rows})

    report = import_file(db, path)

    assert where(report) == {position}
    assert messages(report) == ["luvussa 10.005 on enemmän kuin kaksi desimaalia"]
    assert everything_in(db) == NOTHING


def test_a_funding_amount_with_a_third_decimal_is_refused(projects_db, tmp_path):
    before = everything_in(projects_db)
    path = write_workbook(
        tmp_path / "in.xlsx",
        {"Hankerahoitus": [FUNDING_FI, funding_row("MONNI", "VTR", 10, 10.005)]},
    )

    report = import_file(projects_db, path)

    assert where(report) == {("Hankerahoitus", 2, "Summa €")}
    assert messages(report) == ["luvussa 10.005 on enemmän kuin kaksi desimaalia"]
    assert everything_in(projects_db) == before


def test_shares_are_read_from_numbers_and_finnish_text(projects_db, tmp_path):
    monni = next(i for i, p in projects_in(projects_db)["projects"].items() if p[0] == "MONNI")
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Hankerahoitus": [
                FUNDING_FI,
                funding_row("MONNI", "STM", 62.5),
                funding_row("MONNI", "VTR", "33,33"),
            ],
        },
    )

    report = import_file(projects_db, path)

    assert report.ok, [str(e) for e in report.errors]
    assert counts(report, "Hankerahoitus") == (1, 1, 0)  # STM was stored without a share
    shares = {f[1]: f[2] for f in projects_in(projects_db)["funding"].values() if f[0] == monni}
    assert shares == {"STM": Decimal("62.5"), "VTR": Decimal("33.33")}


def test_a_partner_row_with_the_code_in_another_case_attaches_to_the_project(projects_db, tmp_path):
    project_id = tullas_id(projects_db)
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Hankekumppanit": [
                PARTNERS_FI,
                partner_row("tullas", "Tampereen yliopisto", "osatoteuttaja"),
            ],
            "Hankerahoitus": [FUNDING_FI, funding_row("TULLAS", "ESR", 80, 279083.52)],
        },
    )

    report = import_file(projects_db, path)

    assert report.ok, [str(e) for e in report.errors]
    found = projects_in(projects_db)
    assert (project_id, "Tampereen yliopisto", PartnerRole.CO_IMPLEMENTER, "Suomi") in found[
        "partners"
    ].values()
    assert found["projects"][project_id][0] == "TulLas"  # the code keeps its case
    assert counts(report, "Hankerahoitus") == (0, 0, 1)


def test_rows_without_ids_are_matched_by_their_natural_keys_and_updated(projects_db, tmp_path):
    before = projects_in(projects_db)
    project_id = tullas_id(projects_db)
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Hankkeet": [
                PROJECTS_FI,
                project_row(
                    "TulLas",
                    "Tulevaisuuden lastensuojelu",
                    "1.3.2023",
                    "31.5.2025",
                    "myönnetty",
                    "osatoteuttaja",
                    "Turun AMK",
                    988216,
                    348854.40,
                    "jatkettu",
                ),
            ],
            "Hankekumppanit": [PARTNERS_FI, partner_row("TulLas", "Turun AMK", "hallinnoija")],
            "Hankerahoitus": [FUNDING_FI, funding_row("TulLas", "ESR", 75, 261640.80)],
            "Hanketehtävät": [
                ROLES_FI,
                role_row(
                    "TulLas", "Kantola", "Marjo", "koordinaattori", 60, "1.6.2023", "31.5.2024"
                ),
            ],
        },
    )

    report = import_file(projects_db, path)

    assert report.ok, [str(e) for e in report.errors]
    for sheet in PROJECT_SHEETS_FI:
        assert counts(report, sheet) == (0, 1, 0), sheet
    after = projects_in(projects_db)
    assert {k: set(v) for k, v in after.items()} == {
        k: set(v) for k, v in before.items()
    }  # no record added
    assert after["projects"][project_id][3] == date(2025, 5, 31)
    assert after["projects"][project_id][9] == "jatkettu"
    assert (project_id, "Turun AMK", PartnerRole.ADMINISTRATOR, "Suomi") in after[
        "partners"
    ].values()
    assert (project_id, "ESR", Decimal(75), Decimal("261640.80")) in after["funding"].values()
    assert {(r[2], r[3]) for r in after["roles"].values() if r[0] == project_id} == {
        ("projektipäällikkö", Decimal(100)),
        ("koordinaattori", Decimal(60)),
    }


def test_a_role_for_a_person_typed_in_another_case_is_found_in_the_staff(projects_db, tmp_path):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Hanketehtävät": [
                ROLES_FI,
                role_row(
                    "tool4teen", "kantola", "MARJO", "koordinaattori", 20, "1.1.2024", "31.5.2024"
                ),
            ]
        },
    )

    report = import_file(projects_db, path)

    assert report.ok, [str(e) for e in report.errors]
    assert counts(report, "Hanketehtävät") == (1, 0, 0)


def test_an_english_sheet_with_english_choices_is_imported(db, tmp_path):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Projects": [
                PROJECTS_EN,
                project_row(
                    "Tool4Teen",
                    "Tools",
                    "2024-01-01",
                    "2026-12-31",
                    "applied",
                    "expert service",
                    None,
                    250000,
                    87213.6,
                ),
            ],
            "Project partners": [
                PARTNERS_EN,
                partner_row("TOOL4TEEN", "Universidad de Granada", "administrator", "Espanja"),
            ],
            "Project funding": [FUNDING_EN, funding_row("tool4teen", "Erasmus+", 62.5, 54508.5)],
        },
    )

    report = import_file(db, path)

    assert report.ok, [str(e) for e in report.errors]
    found = projects_in(db)
    ((project,),) = [found["projects"].values()]
    assert project[:6] == (
        "Tool4Teen",
        "Tools",
        date(2024, 1, 1),
        date(2026, 12, 31),
        ProjectStatus.APPLIED,
        OurRole.EXPERT_SERVICE,
    )
    assert [p[1:] for p in found["partners"].values()] == [
        ("Universidad de Granada", PartnerRole.ADMINISTRATOR, "Espanja")
    ]
    assert [f[1:] for f in found["funding"].values()] == [
        ("Erasmus+", Decimal("62.5"), Decimal("54508.50"))
    ]


# ----------------------------------------------------------------------------- refused input


def test_two_rows_with_the_same_code_in_different_case_are_refused_on_the_later_row(db, tmp_path):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Hankkeet": [
                PROJECTS_FI,
                project_row("TulLas", "Tulevaisuuden lastensuojelu"),
                project_row("TULLAS", "Toinen hanke"),
            ],
        },
    )

    report = import_file(db, path)

    assert where(report) == {("Hankkeet", 3, "Lyhenne")}
    assert messages(report) == ["sama tietue on myös rivillä 2"]
    assert everything_in(db) == NOTHING


def test_a_new_project_with_the_code_of_a_stored_one_in_another_case_is_refused(
    projects_db, tmp_path
):
    before = everything_in(projects_db)
    path = write_workbook(
        tmp_path / "in.xlsx",
        {"Hankkeet": [PROJECTS_FI, project_row("TULLAS", "Toinen hanke", id=str(uuid.uuid4()))]},
    )

    report = import_file(projects_db, path)

    assert where(report) == {("Hankkeet", 2, "Lyhenne")}
    assert messages(report) == ["sama tietue on jo tietokannassa toisella tunnisteella"]
    assert everything_in(projects_db) == before


def test_a_row_that_gives_a_stored_project_the_code_of_another_is_refused(projects_db, tmp_path):
    before = everything_in(projects_db)
    monni = next(i for i, p in projects_in(projects_db)["projects"].items() if p[0] == "MONNI")
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Hankkeet": [
                PROJECTS_FI,
                project_row("tullas", "Monialainen nuorisotyö", role="hallinnoija", id=monni),
            ]
        },
    )

    report = import_file(projects_db, path)

    assert where(report) == {("Hankkeet", 2, "Lyhenne")}
    assert messages(report) == ["Lyhenne tullas on jo hankkeella Tulevaisuuden lastensuojelu"]
    assert everything_in(projects_db) == before


def test_shares_of_60_and_50_percent_for_one_project_are_refused_on_the_last_row(db, tmp_path):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Hankkeet": [PROJECTS_FI, project_row("TulLas", "Tulevaisuuden lastensuojelu")],
            "Hankerahoitus": [
                FUNDING_FI,
                funding_row("TulLas", "ESR", 60),
                funding_row("tullas", "VTR", 50),
            ],
        },
    )

    report = import_file(db, path)

    assert where(report) == {("Hankerahoitus", 3, "Osuus %")}
    assert messages(report) == [
        f"Rahoittajien osuudet ovat yhteensä 110{NBSP}%; enintään 100 % on mahdollista"
    ]
    assert everything_in(db) == NOTHING


def test_a_share_that_takes_the_stored_shares_over_100_percent_is_refused(projects_db, tmp_path):
    before = everything_in(projects_db)
    path = write_workbook(
        tmp_path / "in.xlsx",
        {"Hankerahoitus": [FUNDING_FI, funding_row("TulLas", "VTR", 5)]},
    )

    report = import_file(projects_db, path)

    assert where(report) == {("Hankerahoitus", 2, "Osuus %")}
    assert messages(report) == [
        f"Rahoittajien osuudet ovat yhteensä 105{NBSP}%; enintään 100 % on mahdollista"
    ]
    assert everything_in(projects_db) == before


def test_shares_may_be_moved_between_funders_in_one_workbook(projects_db, tmp_path):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Hankerahoitus": [
                FUNDING_FI,
                funding_row("TulLas", "ESR", 70, 279083.52),
                funding_row("TulLas", "omarahoitus", 20, 69770.88),
                funding_row("TulLas", "VTR", 10),
            ],
        },
    )

    report = import_file(projects_db, path)

    assert report.ok, [str(e) for e in report.errors]
    assert counts(report, "Hankerahoitus") == (1, 1, 1)


def test_a_role_outside_the_projects_period_is_refused_naming_both_periods(projects_db, tmp_path):
    before = everything_in(projects_db)
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Hanketehtävät": [
                ROLES_FI,
                role_row(
                    "TulLas", "Virtanen", "Anna", "asiantuntija", 20, "1.1.2023", "31.12.2023"
                ),
            ]
        },
    )

    report = import_file(projects_db, path)

    assert where(report) == {("Hanketehtävät", 2, "Alkaen")}
    assert messages(report) == [
        "Tehtävän aika 1.1.–31.12.2023 ei ole hankkeen ajan 1.3.2023–28.2.2025 sisällä"
    ]
    assert everything_in(projects_db) == before


def test_a_role_outside_the_persons_employment_is_refused_naming_both_periods(
    projects_db, tmp_path
):
    before = everything_in(projects_db)
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Hanketehtävät": [
                ROLES_FI,
                role_row(
                    "TulLas", "Kantola", "Marjo", "asiantuntija", 20, "1.6.2023", "31.12.2024"
                ),
            ]
        },
    )

    report = import_file(projects_db, path)

    assert where(report) == {("Hanketehtävät", 2, "Alkaen")}
    assert messages(report) == [
        "Tehtävän aika 1.6.2023–31.12.2024 ei ole palvelussuhteen 1.6.2023–31.5.2024 sisällä"
    ]
    assert everything_in(projects_db) == before


def test_a_role_without_dates_is_checked_with_the_projects_period_against_the_employment(
    projects_db, tmp_path
):
    before = everything_in(projects_db)
    path = write_workbook(
        tmp_path / "in.xlsx",
        {"Hanketehtävät": [ROLES_FI, role_row("TulLas", "Kantola", "Marjo", "asiantuntija", 20)]},
    )

    report = import_file(projects_db, path)

    assert where(report) == {("Hanketehtävät", 2, "Alkaen")}
    assert messages(report) == [
        "Tehtävän aika 1.3.2023–28.2.2025 ei ole palvelussuhteen 1.6.2023–31.5.2024 sisällä"
    ]
    assert everything_in(projects_db) == before


def test_a_role_in_an_employment_of_the_same_workbook_is_accepted(projects_db, tmp_path):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Henkilöstö": [STAFF_FI, ["Virta", "Ville", "asiantuntija", "1.1.2024", None]],
            "Hanketehtävät": [
                ROLES_FI,
                role_row(
                    "Tool4Teen", "Virta", "Ville", "asiantuntija", 20, "1.1.2024", "31.12.2026"
                ),
            ],
        },
    )

    report = import_file(projects_db, path)

    assert report.ok, [str(e) for e in report.errors]


def test_a_role_for_a_person_not_in_the_staff_is_refused_in_the_last_name_column(
    projects_db, tmp_path
):
    before = everything_in(projects_db)
    path = write_workbook(
        tmp_path / "in.xlsx",
        {"Hanketehtävät": [ROLES_FI, role_row("TulLas", "Virta", "Ville", "asiantuntija", 20)]},
    )

    report = import_file(projects_db, path)

    assert where(report) == {("Hanketehtävät", 2, "Sukunimi")}
    assert messages(report) == ["henkilöstössä ei ole henkilöä nimeltä “Virta Ville”"]
    assert everything_in(projects_db) == before


def test_our_budget_above_the_total_is_refused_in_the_our_budget_column(db, tmp_path):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {"Hankkeet": [PROJECTS_FI, project_row("TulLas", "T", total=988216, ours=2000000)]},
    )

    report = import_file(db, path)

    assert where(report) == {("Hankkeet", 2, "Oma osuus €")}
    assert messages(report) == [
        f"Oma osuus {eur('2 000 000,00')} on suurempi kuin kokonaisbudjetti {eur('988 216,00')}"
    ]
    assert everything_in(db) == NOTHING


def test_lowering_a_stored_total_below_our_budget_is_refused(projects_db, tmp_path):
    before = everything_in(projects_db)
    path = write_workbook(
        tmp_path / "in.xlsx",
        # Without the Oma osuus € column: the stored 348 854,40 € stays and is compared
        {
            "Hankkeet": [
                ["Lyhenne", "Nimi", "Rooli", "Kokonaisbudjetti €"],
                ["TulLas", "Tulevaisuuden lastensuojelu", "osatoteuttaja", 300000],
            ]
        },
    )

    report = import_file(projects_db, path)

    assert where(report) == {("Hankkeet", 2, "Oma osuus €")}
    assert everything_in(projects_db) == before


def test_31_11_2023_as_an_end_date_is_refused(db, tmp_path):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {"Hankkeet": [PROJECTS_FI, project_row("TulLas", "T", "1.3.2023", "31.11.2023")]},
    )

    report = import_file(db, path)

    assert where(report) == {("Hankkeet", 2, "Päättyy")}
    assert messages(report) == ["“31.11.2023” ei ole päivämäärä: kuussa 11 on 30 päivää"]
    assert everything_in(db) == NOTHING


def test_a_project_that_ends_before_it_starts_is_refused_in_the_end_column(db, tmp_path):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {"Hankkeet": [PROJECTS_FI, project_row("TulLas", "T", "1.3.2023", "28.2.2023")]},
    )

    report = import_file(db, path)

    assert where(report) == {("Hankkeet", 2, "Päättyy")}
    assert messages(report) == ["Päättymispäivä on ennen alkamispäivää"]


@pytest.mark.parametrize(
    ("sheet", "rows"),
    [
        ("Hankekumppanit", [PARTNERS_FI, partner_row("XYZ", "Turun AMK")]),
        ("Hankerahoitus", [FUNDING_FI, funding_row("XYZ", "ESR", 60)]),
        ("Hanketehtävät", [ROLES_FI, role_row("XYZ", "Virtanen", "Anna", "asiantuntija")]),
    ],
)
def test_a_row_whose_project_code_is_unknown_is_refused_in_the_code_column(
    projects_db, tmp_path, sheet, rows
):
    before = everything_in(projects_db)
    path = write_workbook(tmp_path / "in.xlsx", {sheet: rows})

    report = import_file(projects_db, path)

    assert where(report) == {(sheet, 2, "Lyhenne")}
    assert messages(report) == ["millään hankkeella ei ole lyhennettä “XYZ”"]
    assert everything_in(projects_db) == before


def test_an_unknown_project_role_is_refused_listing_the_roles(db, tmp_path):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {"Hankkeet": [PROJECTS_FI, project_row("TulLas", "T", role="rahoittaja")]},
    )

    report = import_file(db, path)

    assert where(report) == {("Hankkeet", 2, "Rooli")}
    assert messages(report) == [
        "“rahoittaja” ei ole mikään seuraavista: hallinnoija, päätoteuttaja, osatoteuttaja, asiantuntijapalvelu, muu"
    ]


def test_an_error_in_an_english_sheet_names_the_sheet_and_column_as_written(db, tmp_path):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Projects": [PROJECTS_EN, project_row("TulLas", "T", role="co-implementer")],
            "Project funding": [
                FUNDING_EN,
                funding_row("TulLas", "ESR", 60),
                funding_row("TulLas", "VTR", 50),
            ],
        },
    )

    report = import_file(db, path)

    assert where(report) == {("Project funding", 3, "Share %")}
    assert everything_in(db) == NOTHING


def test_every_error_of_the_project_sheets_is_listed_and_good_rows_beside_them_are_not_imported(
    db, tmp_path
):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Henkilöstö": [STAFF_FI, ["Virtanen", "Anna", "projektipäällikkö", "1.1.2022", None]],
            "Hankkeet": [
                PROJECTS_FI,
                project_row(
                    "TulLas",
                    "Tulevaisuuden lastensuojelu",
                    "1.3.2023",
                    "28.2.2025",
                    total=988216,
                    ours=348854.40,
                ),
                project_row("MONNI", "Monialainen nuorisotyö", "1.1.2024", "31.11.2023"),
            ],
            "Hankekumppanit": [
                PARTNERS_FI,
                partner_row("TulLas", "Turun AMK"),
                partner_row("XYZ", "Åbo Akademi"),
            ],
            "Hankerahoitus": [
                FUNDING_FI,
                funding_row("TulLas", "ESR", 80, 279083.52),
                funding_row("TulLas", "omarahoitus", 20, 69770.88),
            ],
            "Hanketehtävät": [
                ROLES_FI,
                role_row("TulLas", "Virtanen", "Anna", "projektipäällikkö", 100),
                role_row("TulLas", "Virta", "Ville", "asiantuntija", 20),
            ],
        },
    )

    report = import_file(db, path)

    assert where(report) == {
        ("Hankkeet", 3, "Päättyy"),
        ("Hankekumppanit", 3, "Lyhenne"),
        ("Hanketehtävät", 3, "Sukunimi"),
    }
    assert everything_in(db) == NOTHING


def test_a_bad_funding_row_leaves_good_rows_of_every_sheet_and_the_database_unchanged(
    projects_db, tmp_path
):
    before = everything_in(projects_db)
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Henkilöstö": [STAFF_FI, ["Virta", "Ville", "asiantuntija", "1.1.2024", None]],
            "Hankkeet": [
                PROJECTS_FI,
                project_row("Uusi", "Uusi hanke", "1.1.2024", "31.12.2024", total=1000, ours=500),
            ],
            "Hankekumppanit": [PARTNERS_FI, partner_row("uusi", "Turun AMK")],
            "Hankerahoitus": [
                FUNDING_FI,
                funding_row("Uusi", "ESR", 50, 500),
                funding_row("MONNI", "ESR", 60),
                funding_row("MONNI", "VTR", 50),
            ],
            "Hanketehtävät": [ROLES_FI, role_row("Uusi", "Virta", "Ville", "asiantuntija", 20)],
        },
    )

    report = import_file(projects_db, path)

    assert where(report) == {("Hankerahoitus", 4, "Osuus %")}
    assert everything_in(projects_db) == before
