"""The workbook's case-log sheets (Asiatapahtumat, Edunvalvojat, Edunvalvontapyynnöt) as a user meets them.

Real parts only: SQLite files in ``tmp_path``, records entered through the case-log services,
.xlsx files written by openpyxl and exports read back with openpyxl. The classifications are
values of the reference lists, which are not a sheet: a cell names them, and import finds
them by their Finnish or English name. The contract is docs/workbook.md.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from domain.caselog import (
    CaseEvent,
    Guardian,
    GuardianRequest,
    Language,
    Matter,
    Outcome,
    Provider,
    ReferenceKind,
    Sector,
)
from domain.i18n import set_language
from domain.staff import StaffMember
from services.caselog import save_case_event, save_guardian, save_request, set_retired
from services.workbook import export_database, import_file
from tests.integration.workbook_files import write_workbook

EVENTS_FI = [
    "Tunniste",
    "Päivämäärä",
    "Asiamies",
    "Alue",
    "Kunta",
    "Sektori",
    "Palvelutehtävä",
    "Luonne",
    "Syy",
    "Yhteydenottaja",
    "Yhteystapa",
    "Toimenpide",
    "Palveluntuottaja",
    "Kieli",
    "Aika (min)",
    "Kuvaus",
]
EVENTS_EN = [
    "ID",
    "Date",
    "Ombudsman",
    "Area",
    "Municipality",
    "Sector",
    "Service area",
    "Nature",
    "Reason",
    "Contact by",
    "Channel",
    "Measure",
    "Provider",
    "Language",
    "Time (min)",
    "Summary",
]
GUARDIANS_FI = [
    "Tunniste",
    "Sukunimi",
    "Etunimi",
    "Puhelin",
    "Sähköposti",
    "Alue",
    "Aktiivinen",
    "Tausta",
    "Lisätiedot",
]
GUARDIANS_EN = [
    "ID",
    "Last name",
    "First name",
    "Phone",
    "Email",
    "Area",
    "Active",
    "Background",
    "Notes",
]
REQUESTS_FI = [
    "Tunniste",
    "Päivämäärä",
    "Pyytäjä",
    "Asia",
    "Alue",
    "Viite",
    "Edunvalvoja",
    "Tila",
    "Päättynyt",
]
REQUESTS_EN = [
    "ID",
    "Date",
    "Requester",
    "Matter",
    "Area",
    "Reference",
    "Guardian",
    "Outcome",
    "Closed",
]
CASELOG_SHEETS_FI = ("Asiatapahtumat", "Edunvalvojat", "Edunvalvontapyynnöt")
CASELOG_SHEETS_EN = ("Ombudsman cases", "Guardians", "Guardian requests")
# A valid personal identity code: the case log never stores one
HETU = "131052-308T"


# ----------------------------------------------------------------------------- helpers


@pytest.fixture
def english():
    """Messages in English, the source language, so they are asserted as written."""
    set_language("en")


def ref(db, kind: ReferenceKind, name: str, sector: Sector | None = None) -> str:
    """The ID of a value of a reference list, by its Finnish name."""
    with db.unit_of_work() as uow:
        found = [
            v for v in uow.references.of_kind(kind, sector, with_retired=True) if v.name_fi == name
        ]
    assert len(found) == 1, (kind, name, sector)
    return found[0].id


def caselog_in(db) -> dict[str, dict[str, tuple]]:
    """Every event, guardian and request by ID, with classifications and people by name,
    so that two databases (whose lists have their own IDs) compare as a user sees them."""
    with db.unit_of_work() as uow:
        values = uow.references.by_id()
        staff = {s.id: s.full_name for s in uow.staff.all()}
        guardians = {g.id: g.full_name for g in uow.guardians.all()}

        def name(value_id):
            if value_id is None:
                return None
            v = values[value_id]
            return (v.name_fi, v.sector)

        return {
            "events": {
                e.id: (
                    e.day,
                    staff.get(e.ombudsman_id),
                    e.area,
                    e.municipality,
                    e.sector,
                    name(e.service_area_id),
                    name(e.nature_id),
                    sorted(name(i) for i in e.reason_ids),
                    name(e.contact_by_id),
                    name(e.channel_id),
                    sorted(name(i) for i in e.measure_ids),
                    e.provider,
                    e.language,
                    e.minutes,
                    e.summary,
                )
                for e in uow.case_events.all()
            },
            "guardians": {
                g.id: (
                    g.last_name,
                    g.first_name,
                    g.phone,
                    g.email,
                    g.area,
                    g.active,
                    g.background,
                    g.notes,
                )
                for g in uow.guardians.all()
            },
            "requests": {
                r.id: (
                    r.day,
                    name(r.requester_id),
                    r.matter,
                    r.area,
                    r.reference,
                    guardians.get(r.guardian_id),
                    r.outcome,
                    r.closed,
                )
                for r in uow.guardian_requests.all()
            },
        }


NOTHING = {"events": {}, "guardians": {}, "requests": {}}


def event_row(
    day,
    area,
    sector,
    service_area=None,
    reason=None,
    measure=None,
    minutes=None,
    summary=None,
    *,
    ombudsman=None,
    municipality=None,
    nature=None,
    contact_by=None,
    channel=None,
    provider=None,
    language=None,
    id=None,
) -> list:
    return [
        id,
        day,
        ombudsman,
        area,
        municipality,
        sector,
        service_area,
        nature,
        reason,
        contact_by,
        channel,
        measure,
        provider,
        language,
        minutes,
        summary,
    ]


def guardian_row(
    last,
    first,
    phone=None,
    email=None,
    area=None,
    active=None,
    background=None,
    notes=None,
    *,
    id=None,
) -> list:
    return [id, last, first, phone, email, area, active, background, notes]


def request_row(
    day,
    requester,
    matter,
    area=None,
    reference=None,
    guardian=None,
    outcome=None,
    closed=None,
    *,
    id=None,
) -> list:
    return [id, day, requester, matter, area, reference, guardian, outcome, closed]


def sheet(path: Path, name: str) -> list[list]:
    """A sheet's rows, each as wide as the header row (trailing empty cells are None)."""
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        rows = [list(row) for row in wb[name].iter_rows(values_only=True)]
    finally:
        wb.close()
    width = len(rows[0])
    return [row + [None] * (width - len(row)) for row in rows]


def column(path: Path, name: str, header: str) -> list:
    rows = sheet(path, name)
    index = rows[0].index(header)
    return [r[index] for r in rows[1:]]


def where(report) -> set[tuple[str, int, str]]:
    return {(e.sheet, e.row, e.column) for e in report.errors}


def messages(report) -> list[str]:
    return [e.message for e in report.errors]


def counts(report, sheet_name: str) -> tuple[int, int, int]:
    c = report.counts[sheet_name]
    return c.added, c.updated, c.unchanged


@pytest.fixture
def caselog_db(db):
    fill_caselog(db)
    return db


def fill_caselog(db) -> None:
    """Two ombudsmen, three guardians (one inactive), four events and three requests,
    entered through the services; one event names a value retired since."""
    social, health = Sector.SOCIAL, Sector.HEALTH
    kivi = StaffMember("Kivi", "Aino", "sosiaali- ja potilasasiamies", start=date(2020, 1, 1))
    laine = StaffMember("Laine", "Pekka", "sosiaali- ja potilasasiamies", start=date(2022, 8, 1))
    with db.unit_of_work() as uow:
        uow.staff.add_all([kivi, laine])
        uow.commit()

    R, M = ReferenceKind.REASON, ReferenceKind.MEASURE
    save_case_event(
        db,
        CaseEvent(
            date(2023, 3, 14),
            "Eksote",
            social,
            kivi.id,
            municipality="Lappeenranta",
            service_area_id=ref(db, ReferenceKind.SERVICE_AREA, "iäkkäiden palvelut", social),
            nature_id=ref(db, ReferenceKind.NATURE, "tyytymättömyys"),
            reason_ids=[ref(db, R, "palvelun toteutus"), ref(db, R, "kohtelu")],
            contact_by_id=ref(db, ReferenceKind.CONTACT_BY, "omainen tai läheinen"),
            channel_id=ref(db, ReferenceKind.CHANNEL, "puhelin"),
            measure_ids=[
                ref(db, M, "neuvonta ja ohjaus"),
                ref(db, M, "avustaminen muistutuksessa"),
            ],
            provider=Provider.PUBLIC,
            language=Language.FINNISH,
            minutes=45,
            summary="=kotihoidon käyntien peruuntuminen",
        ),
        None,
    )
    save_case_event(
        db,
        CaseEvent(
            date(2023, 3, 14),
            "Kymsote",
            health,
            laine.id,
            service_area_id=ref(db, ReferenceKind.SERVICE_AREA, "muut", health),
            reason_ids=[ref(db, R, "hoitoon pääsy")],
            provider=Provider.PRIVATE,
            language=Language.SWEDISH,
            minutes=0,
        ),
        None,
    )
    save_case_event(
        db,
        CaseEvent(
            date(2024, 1, 9),
            "Eksote",
            social,
            None,
            service_area_id=ref(db, ReferenceKind.SERVICE_AREA, "muut", social),
            channel_id=ref(db, ReferenceKind.CHANNEL, "kirje"),
            language=Language.OTHER,
        ),
        None,
    )
    letter = ref(db, ReferenceKind.CHANNEL, "kirje")
    save_case_event(
        db,
        CaseEvent(
            date(2022, 11, 30),
            "Kymsote",
            health,
            laine.id,
            service_area_id=ref(db, ReferenceKind.SERVICE_AREA, "sairaala", health),
            nature_id=ref(db, ReferenceKind.NATURE, "tiedon tarve"),
            measure_ids=[ref(db, M, "sovittelu")],
            minutes=120,
            summary="Viite 2022/17",
        ),
        None,
    )
    set_retired(db, letter, True)  # the old event keeps its channel

    virta = Guardian(
        "Virta", "Liisa", "040 123 4567", "liisa.virta@example.fi", "Eksote", True, "sosiaaliala"
    )
    aalto = Guardian(
        "Aalto", "Matti", area="Kymsote", background="juristi", notes="ruotsinkielinen"
    )
    ojala = Guardian("Ojala", "Sanna")
    for g in (virta, aalto, ojala):
        save_guardian(db, g, None)
    save_request(
        db,
        GuardianRequest(
            date(2023, 2, 1),
            ref(db, ReferenceKind.REQUESTER, "poliisi"),
            Matter.CRIMINAL,
            "Eksote",
            "KRP 5500/23",
            virta.id,
            Outcome.PLACED,
            date(2023, 2, 6),
        ),
        None,
    )
    save_request(
        db,
        GuardianRequest(
            date(2023, 5, 20),
            ref(db, ReferenceKind.REQUESTER, "lastensuojelu"),
            Matter.CHILD_WELFARE,
            "Kymsote",
        ),
        None,
    )
    request = GuardianRequest(
        date(2022, 10, 3),
        ref(db, ReferenceKind.REQUESTER, "käräjäoikeus"),
        Matter.CHILD_WELFARE,
        guardian_id=ojala.id,
        outcome=Outcome.PLACED,
        closed=date(2022, 12, 1),
    )
    save_request(db, request, None)
    with db.unit_of_work() as uow:  # Ojala left the bank after that placement
        stored = uow.guardians.get(ojala.id)
        stored.active = False
        uow.commit()


# ----------------------------------------------------------------------------- round trips


def test_the_round_trip_keeps_each_events_reasons_and_measures(caselog_db, empty_db, tmp_path):
    path = tmp_path / "export.xlsx"
    export_database(caselog_db, path)

    assert import_file(empty_db, path).ok
    first = next(
        e for e in caselog_in(empty_db)["events"].values() if e[2] == "Eksote" and e[13] == 45
    )
    assert first[7] == [("kohtelu", None), ("palvelun toteutus", None)]
    assert first[10] == [("avustaminen muistutuksessa", None), ("neuvonta ja ohjaus", None)]


# ----------------------------------------------------------------------------- export format


def test_export_writes_the_caselog_sheets_after_the_project_roles_with_finnish_headers(
    caselog_db, tmp_path
):
    path = tmp_path / "export.xlsx"
    export_database(caselog_db, path)

    names = openpyxl.load_workbook(path, read_only=True).sheetnames
    assert names[names.index("Hanketehtävät") + 1 : names.index("Luokat")] == list(
        CASELOG_SHEETS_FI
    )
    assert sheet(path, "Asiatapahtumat")[0] == EVENTS_FI
    assert sheet(path, "Edunvalvojat")[0] == GUARDIANS_FI
    assert sheet(path, "Edunvalvontapyynnöt")[0] == REQUESTS_FI


def test_export_with_lang_en_writes_english_caselog_sheet_names_and_headers(caselog_db, tmp_path):
    path = tmp_path / "export-en.xlsx"
    export_database(caselog_db, path, lang="en")

    names = openpyxl.load_workbook(path, read_only=True).sheetnames
    assert names[names.index("Project roles") + 1 : names.index("Categories")] == list(
        CASELOG_SHEETS_EN
    )
    assert sheet(path, "Ombudsman cases")[0] == EVENTS_EN
    assert sheet(path, "Guardians")[0] == GUARDIANS_EN
    assert sheet(path, "Guardian requests")[0] == REQUESTS_EN


def test_export_orders_events_by_date_and_writes_classifications_by_name_with_several_joined(
    caselog_db, tmp_path
):
    path = tmp_path / "export.xlsx"
    export_database(caselog_db, path)

    assert [d.date() for d in column(path, "Asiatapahtumat", "Päivämäärä")] == [
        date(2022, 11, 30),
        date(2023, 3, 14),
        date(2023, 3, 14),
        date(2024, 1, 9),
    ]
    eksote = next(r for r in sheet(path, "Asiatapahtumat")[1:] if r[14] == 45)
    assert eksote[2:] == [
        "Kivi Aino",
        "Eksote",
        "Lappeenranta",
        "sosiaalihuolto",
        "iäkkäiden palvelut",
        "tyytymättömyys",
        "palvelun toteutus; kohtelu",
        "omainen tai läheinen",
        "puhelin",
        "neuvonta ja ohjaus; avustaminen muistutuksessa",
        "julkinen",
        "suomi",
        45,
        "=kotihoidon käyntien peruuntuminen",
    ]
    assert column(path, "Asiatapahtumat", "Yhteystapa")[3] == "kirje"  # retired since, still named


def test_export_writes_classifications_enums_and_yes_no_in_english(caselog_db, tmp_path):
    path = tmp_path / "export-en.xlsx"
    export_database(caselog_db, path, lang="en")

    eksote = next(r for r in sheet(path, "Ombudsman cases")[1:] if r[14] == 45)
    assert eksote[5:14] == [
        "social welfare",
        "older people",
        "dissatisfaction",
        "how the service was provided; treatment",
        "relative",
        "phone",
        "advice; help with a complaint to the unit",
        "public",
        "Finnish",
    ]
    assert column(path, "Guardians", "Active") == ["yes", "no", "yes"]  # Aalto, Ojala, Virta
    assert column(path, "Guardian requests", "Requester") == [
        "district court",
        "police",
        "child welfare",
    ]
    assert column(path, "Guardian requests", "Outcome") == ["placed", "placed", "open"]


def test_export_writes_guardians_by_name_and_requests_by_date_with_real_dates(caselog_db, tmp_path):
    path = tmp_path / "export.xlsx"
    export_database(caselog_db, path)

    assert column(path, "Edunvalvojat", "Sukunimi") == ["Aalto", "Ojala", "Virta"]
    assert column(path, "Edunvalvojat", "Aktiivinen") == ["kyllä", "ei", "kyllä"]
    requests = sheet(path, "Edunvalvontapyynnöt")[1:]
    assert [r[1:] for r in requests] == [
        [
            datetime(2022, 10, 3),
            "käräjäoikeus",
            "lastensuojeluasia",
            None,
            None,
            "Ojala Sanna",
            "välitetty",
            datetime(2022, 12, 1),
        ],
        [
            datetime(2023, 2, 1),
            "poliisi",
            "rikosasia",
            "Eksote",
            "KRP 5500/23",
            "Virta Liisa",
            "välitetty",
            datetime(2023, 2, 6),
        ],
        [
            datetime(2023, 5, 20),
            "lastensuojelu",
            "lastensuojeluasia",
            "Kymsote",
            None,
            None,
            "avoin",
            None,
        ],
    ]
    wb = openpyxl.load_workbook(path)
    day = wb["Edunvalvontapyynnöt"]["B2"]
    assert day.is_date and day.number_format == "d.m.yyyy"
    row = column(path, "Asiatapahtumat", "Aika (min)").index(45) + 2
    summary = wb["Asiatapahtumat"].cell(row=row, column=EVENTS_FI.index("Kuvaus") + 1)
    assert summary.value.startswith("=") and summary.data_type == "s"  # text, never a formula


# ----------------------------------------------------------------------------- import


def test_a_case_log_typed_in_with_english_headers_and_english_names_is_imported(
    db, english, tmp_path
):
    with db.unit_of_work() as uow:
        uow.staff.add(StaffMember("Kivi", "Aino", "asiamies"))
        uow.commit()
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Ombudsman cases": [
                EVENTS_EN,
                event_row(
                    "2.5.2023",
                    "Eksote",
                    "Health care",
                    "HOSPITAL",
                    "Decision ;treatment",
                    "Mediation",
                    30,
                    ombudsman="kivi aino",
                    nature="information need",
                    contact_by="client",
                    channel="Video",
                    provider="private",
                    language="swedish",
                ),
            ],
            "Guardians": [GUARDIANS_EN, guardian_row("Virta", "Liisa", active="no")],
            "Guardian requests": [
                REQUESTS_EN,
                request_row(
                    "2023-06-01",
                    "Prosecutor",
                    "Criminal matter",
                    guardian="Virta Liisa",
                    outcome="none found",
                    closed="3.6.2023",
                ),
            ],
        },
    )

    report = import_file(db, path)

    assert report.ok, [str(e) for e in report.errors]
    found = caselog_in(db)
    assert list(found["events"].values()) == [
        (
            date(2023, 5, 2),
            "Kivi Aino",
            "Eksote",
            "",
            Sector.HEALTH,
            ("sairaala", Sector.HEALTH),
            ("tiedon tarve", None),
            [("kohtelu", None), ("päätös", None)],
            ("asiakas", None),
            ("etäyhteys", None),
            [("sovittelu", None)],
            Provider.PRIVATE,
            Language.SWEDISH,
            30,
            "",
        )
    ]
    assert list(found["guardians"].values()) == [("Virta", "Liisa", "", "", "", False, "", "")]
    assert list(found["requests"].values()) == [
        (
            date(2023, 6, 1),
            ("syyttäjä", None),
            Matter.CRIMINAL,
            "",
            "",
            "Virta Liisa",
            Outcome.NONE_FOUND,
            date(2023, 6, 3),
        )
    ]


def test_muut_in_an_empty_database_resolves_to_the_service_area_of_each_rows_sector(
    empty_db, tmp_path
):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Asiatapahtumat": [
                EVENTS_FI,
                event_row("1.2.2024", "Eksote", "sosiaalihuolto", "muut"),
                event_row("1.2.2024", "Eksote", "terveydenhuolto", "Muut"),
                event_row("2.2.2024", "Eksote", "terveydenhuolto", "other"),
            ],
        },
    )

    report = import_file(empty_db, path)

    assert report.ok, [str(e) for e in report.errors]
    areas = sorted((e[4].value, e[5]) for e in caselog_in(empty_db)["events"].values())
    assert areas == [
        ("health care", ("muut", Sector.HEALTH)),
        ("health care", ("muut", Sector.HEALTH)),
        ("social welfare", ("muut", Sector.SOCIAL)),
    ]


def test_an_empty_database_offers_the_default_lists_by_their_finnish_and_english_names(
    empty_db, tmp_path
):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Asiatapahtumat": [
                EVENTS_FI,
                event_row(
                    "1.2.2024",
                    "Kymsote",
                    "sosiaalihuolto",
                    "Kelan palvelut",
                    "maksut; access to information",
                    "ohjaus kanteluun; rectification or appeal",
                    nature="ei kuulu tehtäväkenttään",
                    contact_by="henkilöstö",
                    channel="tapaaminen",
                ),
            ],
            "Edunvalvontapyynnöt": [REQUESTS_FI, request_row("1.2.2024", "muu", "rikosasia")],
        },
    )

    report = import_file(empty_db, path)

    assert report.ok, [str(e) for e in report.errors]
    (event,) = caselog_in(empty_db)["events"].values()
    assert event[5] == ("Kelan palvelut", Sector.SOCIAL)
    assert event[7] == [("maksut", None), ("tiedonsaanti", None)]
    assert event[10] == [
        ("ohjaus kanteluun", None),
        ("ohjaus oikaisuvaatimukseen tai valitukseen", None),
    ]
    (request,) = caselog_in(empty_db)["requests"].values()
    assert request[1] == ("muu", None)


def test_event_rows_without_an_id_are_always_added(caselog_db, tmp_path):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Asiatapahtumat": [
                EVENTS_FI,
                event_row("14.3.2023", "Kymsote", "terveydenhuolto", "muut", minutes=0),
            ],
        },
    )

    import_file(caselog_db, path)
    report = import_file(caselog_db, path)

    assert report.ok
    assert counts(report, "Asiatapahtumat") == (1, 0, 0)
    assert len(caselog_in(caselog_db)["events"]) == 6


def test_a_row_with_an_events_id_changes_its_reasons_and_measures(caselog_db, tmp_path):
    exported = tmp_path / "export.xlsx"
    export_database(caselog_db, exported)
    row = next(r for r in sheet(exported, "Asiatapahtumat")[1:] if r[14] == 45)
    row[8], row[11] = "päätös", None
    path = write_workbook(tmp_path / "in.xlsx", {"Asiatapahtumat": [EVENTS_FI, row]})

    report = import_file(caselog_db, path)

    assert report.ok, [str(e) for e in report.errors]
    assert counts(report, "Asiatapahtumat") == (0, 1, 0)
    event = caselog_in(caselog_db)["events"][row[0]]
    assert event[7] == [("päätös", None)]
    assert event[10] == []


def test_reasons_written_in_another_order_leave_the_event_unchanged(caselog_db, tmp_path):
    exported = tmp_path / "export.xlsx"
    export_database(caselog_db, exported)
    row = next(r for r in sheet(exported, "Asiatapahtumat")[1:] if r[14] == 45)
    row[8] = "KOHTELU;palvelun toteutus"
    path = write_workbook(tmp_path / "in.xlsx", {"Asiatapahtumat": [EVENTS_FI, row]})

    report = import_file(caselog_db, path)

    assert report.ok, [str(e) for e in report.errors]
    assert counts(report, "Asiatapahtumat") == (0, 0, 1)


def test_a_retired_value_is_accepted_on_an_imported_row(caselog_db, tmp_path):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Asiatapahtumat": [
                EVENTS_FI,
                event_row("1.6.2019", "Eksote", "sosiaalihuolto", channel="kirje"),
            ],
        },
    )

    report = import_file(caselog_db, path)

    assert report.ok, [str(e) for e in report.errors]
    assert [
        e[9] for e in caselog_in(caselog_db)["events"].values() if e[0] == date(2019, 6, 1)
    ] == [("kirje", None)]


def test_a_guardian_row_without_an_id_is_matched_by_name_and_updated(caselog_db, tmp_path):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Edunvalvojat": [
                GUARDIANS_FI,
                guardian_row("Virta", "Liisa", "040 765 4321", area="Eksote"),
            ],
        },
    )

    report = import_file(caselog_db, path)

    assert report.ok, [str(e) for e in report.errors]
    assert counts(report, "Edunvalvojat") == (0, 1, 0)
    virta = [g for g in caselog_in(caselog_db)["guardians"].values() if g[0] == "Virta"]
    assert virta == [("Virta", "Liisa", "040 765 4321", "", "Eksote", True, "", "")]


def test_a_request_may_name_a_guardian_added_by_the_same_workbook(db, tmp_path):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Edunvalvontapyynnöt": [
                REQUESTS_FI,
                request_row(
                    "1.3.2024",
                    "poliisi",
                    "rikosasia",
                    guardian="Nieminen Eeva",
                    outcome="välitetty",
                ),
            ],
            "Edunvalvojat": [GUARDIANS_FI, guardian_row("Nieminen", "Eeva")],
        },
    )

    report = import_file(db, path)

    assert report.ok, [str(e) for e in report.errors]
    assert [r[5] for r in caselog_in(db)["requests"].values()] == ["Nieminen Eeva"]


# ----------------------------------------------------------------------------- errors


def test_a_summary_with_a_personal_identity_code_is_refused_in_the_summary_column(
    caselog_db, tmp_path
):
    before = caselog_in(caselog_db)
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Asiatapahtumat": [
                EVENTS_FI,
                event_row("1.2.2024", "Eksote", "sosiaalihuolto", "muut"),
                event_row(
                    "1.2.2024", "Eksote", "sosiaalihuolto", "muut", summary=f"asiakas {HETU} soitti"
                ),
            ],
        },
    )

    report = import_file(caselog_db, path)

    assert not report.ok
    assert [str(e).split(": ")[0] for e in report.errors] == [
        "Asiatapahtumat, rivi 3, sarake Kuvaus"
    ]
    assert HETU not in str(report.errors[0])  # the report does not repeat it either
    assert caselog_in(caselog_db) == before


def test_the_personal_identity_code_message_says_what_to_do(db, english, tmp_path):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Ombudsman cases": [
                EVENTS_EN,
                event_row("1.2.2024", "Eksote", "social welfare", summary=HETU),
            ],
        },
    )

    report = import_file(db, path)

    assert where(report) == {("Ombudsman cases", 2, "Summary")}
    assert messages(report) == [
        (
            "Summary contains a personal identity code. The case log holds no client identity: "
            "remove it, or write a non-identifying reference instead."
        )
    ]


def test_a_reference_with_a_personal_identity_code_is_refused(caselog_db, tmp_path):
    before = caselog_in(caselog_db)
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Edunvalvontapyynnöt": [
                REQUESTS_FI,
                request_row("1.2.2024", "poliisi", "rikosasia", reference=HETU),
            ],
        },
    )

    report = import_file(caselog_db, path)

    assert where(report) == {("Edunvalvontapyynnöt", 2, "Viite")}
    assert caselog_in(caselog_db) == before


def test_an_unknown_service_area_is_refused_listing_the_service_areas_of_the_rows_sector(
    caselog_db, english, tmp_path
):
    before = caselog_in(caselog_db)
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Asiatapahtumat": [
                EVENTS_FI,
                event_row("1.2.2024", "Eksote", "terveydenhuolto", "neuvola"),
            ],
        },
    )

    report = import_file(caselog_db, path)

    assert where(report) == {("Asiatapahtumat", 2, "Palvelutehtävä")}
    assert messages(report) == [
        "“neuvola” is not one of: hospital, emergency, health centre, dental, mental health, other"
    ]
    assert caselog_in(caselog_db) == before


def test_a_health_care_service_area_on_a_social_welfare_row_is_refused(
    caselog_db, english, tmp_path
):
    before = caselog_in(caselog_db)
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Asiatapahtumat": [
                EVENTS_FI,
                event_row("1.2.2024", "Eksote", "sosiaalihuolto", "muut"),
                event_row("1.2.2024", "Eksote", "sosiaalihuolto", "sairaala"),
            ],
        },
    )

    report = import_file(caselog_db, path)

    assert where(report) == {("Asiatapahtumat", 3, "Palvelutehtävä")}
    assert messages(report) == [
        "“hospital” is a service area of health care, but the event is in social welfare"
    ]
    assert caselog_in(caselog_db) == before


def test_negative_minutes_are_refused_in_the_time_column(caselog_db, tmp_path):
    before = caselog_in(caselog_db)
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Asiatapahtumat": [
                EVENTS_FI,
                event_row("1.2.2024", "Eksote", "sosiaalihuolto", minutes=-5),
            ],
        },
    )

    report = import_file(caselog_db, path)

    assert where(report) == {("Asiatapahtumat", 2, "Aika (min)")}
    assert messages(report) == ["arvon on oltava vähintään 0"]
    assert caselog_in(caselog_db) == before


def test_a_request_naming_a_guardian_not_in_the_bank_says_so(caselog_db, english, tmp_path):
    before = caselog_in(caselog_db)
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Edunvalvontapyynnöt": [
                REQUESTS_FI,
                request_row("1.2.2024", "poliisi", "rikosasia", guardian="Kivi Aino"),
            ],
        },
    )

    report = import_file(caselog_db, path)

    assert where(report) == {("Edunvalvontapyynnöt", 2, "Edunvalvoja")}
    assert messages(report) == ["no guardian called “Kivi Aino” in the guardian bank"]
    assert caselog_in(caselog_db) == before


def test_a_closing_date_before_the_request_date_is_refused(caselog_db, english, tmp_path):
    before = caselog_in(caselog_db)
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Edunvalvontapyynnöt": [
                REQUESTS_FI,
                request_row("1.2.2024", "poliisi", "rikosasia", closed="31.1.2024"),
            ],
        },
    )

    report = import_file(caselog_db, path)

    assert where(report) == {("Edunvalvontapyynnöt", 2, "Päättynyt")}
    assert messages(report) == ["The closing date is before the request date"]
    assert caselog_in(caselog_db) == before


def test_an_unknown_requester_is_refused_listing_the_requesters(caselog_db, english, tmp_path):
    before = caselog_in(caselog_db)
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Edunvalvontapyynnöt": [REQUESTS_FI, request_row("1.2.2024", "koulu", "rikosasia")],
        },
    )

    report = import_file(caselog_db, path)

    assert where(report) == {("Edunvalvontapyynnöt", 2, "Pyytäjä")}
    assert messages(report) == [
        "“koulu” is not one of: police, prosecutor, child welfare, district court, other"
    ]
    assert caselog_in(caselog_db) == before


def test_each_unknown_reason_is_named_and_the_known_ones_do_not_hide_it(db, english, tmp_path):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Asiatapahtumat": [
                EVENTS_FI,
                event_row("1.2.2024", "Eksote", "sosiaalihuolto", reason="päätös; raha; aika"),
            ],
        },
    )

    report = import_file(db, path)

    assert where(report) == {("Asiatapahtumat", 2, "Syy")}
    assert [m.split(" is not")[0] for m in messages(report)] == ["“raha”", "“aika”"]
    assert caselog_in(db) == NOTHING


def test_rows_repeating_a_date_and_reasons_each_get_them(db, tmp_path):
    # The import reads a cell that repeats on many rows once per sheet
    row = event_row("1.2.2024", "Eksote", "sosiaalihuolto", reason="päätös; maksut")
    path = write_workbook(tmp_path / "in.xlsx", {"Asiatapahtumat": [EVENTS_FI, row, row, row]})

    assert import_file(db, path).ok

    events = caselog_in(db)["events"].values()
    assert [(e[0], e[7]) for e in events] == [
        (date(2024, 2, 1), [("maksut", None), ("päätös", None)])
    ] * 3


def test_a_wrong_date_repeated_on_rows_is_refused_on_each(db, tmp_path):
    row = event_row("31.11.2023", "Eksote", "sosiaalihuolto")
    path = write_workbook(tmp_path / "in.xlsx", {"Asiatapahtumat": [EVENTS_FI, row, row]})

    report = import_file(db, path)

    assert where(report) == {
        ("Asiatapahtumat", 2, "Päivämäärä"),
        ("Asiatapahtumat", 3, "Päivämäärä"),
    }
    assert caselog_in(db) == NOTHING


def test_errors_on_every_caselog_sheet_are_all_listed_and_nothing_is_imported(db, tmp_path):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Asiatapahtumat": [
                EVENTS_FI,
                event_row("1.2.2024", "Eksote", "sosiaalihuolto", minutes=30),
                event_row("1.2.2024", None, "sosiaalihuolto", ombudsman="Kivi Aino"),
            ],
            "Edunvalvojat": [
                GUARDIANS_FI,
                guardian_row("Virta", "Liisa", email="ei osoite"),
                guardian_row("Aalto", "Matti"),
            ],
            "Edunvalvontapyynnöt": [
                REQUESTS_FI,
                request_row("1.2.2024", "poliisi", "asia", outcome="välitetty"),
            ],
        },
    )

    report = import_file(db, path)

    assert where(report) == {
        ("Asiatapahtumat", 3, "Alue"),
        ("Asiatapahtumat", 3, "Asiamies"),
        ("Edunvalvojat", 2, "Sähköposti"),
        ("Edunvalvontapyynnöt", 2, "Asia"),
    }
    assert caselog_in(db) == NOTHING
