"""Fictional, realistic demo records for a centre's office.

The people are invented; the titles, periods and working times are the kind the centres'
annual reports list. Dates are placed around the current year so that the roster shows
people who started and left mid-year.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from domain.board import BoardRole, BoardSeat, BoardTerm, Meeting, MeetingKind
from domain.formats import format_date
from domain.projects import (
    FundingLine,
    OurRole,
    PartnerRole,
    Project,
    ProjectAssignment,
    ProjectPartner,
    ProjectStatus,
)
from domain.staff import Employment, StaffMember, Trainee, TraineeKind

P, F = Employment.PERMANENT, Employment.FIXED_TERM


def demo_staff(today: date) -> list[StaffMember]:
    y = today.year
    rows = [
        (
            "Virtanen",
            "Helena",
            "toimitusjohtaja",
            P,
            100,
            date(2014, 3, 1),
            None,
            "helena.virtanen",
        ),
        ("Koskinen", "Marjo", "hallintoassistentti", P, 100, date(y, 4, 1), None, "marjo.koskinen"),
        (
            "Laaksonen",
            "Jari",
            "kehittämispäällikkö",
            P,
            100,
            date(2017, 8, 14),
            date(y, 10, 26),
            "jari.laaksonen",
        ),
        (
            "Heikkinen",
            "Satu",
            "sosiaali- ja potilasasiavastaava",
            P,
            100,
            date(2019, 1, 1),
            None,
            "satu.heikkinen",
        ),
        ("Mäkelä", "Anni", "erikoissuunnittelija", P, 80, date(2020, 2, 3), None, "anni.makela"),
        (
            "Nieminen",
            "Tuomas",
            "projektipäällikkö",
            F,
            100,
            date(y - 1, 3, 14),
            date(y + 1, 12, 31),
            "tuomas.nieminen",
        ),
        (
            "Järvinen",
            "Oona",
            "projektikoordinaattori",
            F,
            100,
            date(y - 1, 3, 14),
            date(y + 1, 12, 31),
            "oona.jarvinen",
        ),
        (
            "Lehtonen",
            "Kaisa",
            "lastensuojelun erityisasiantuntija",
            F,
            60,
            date(y - 2, 9, 1),
            date(y, 12, 31),
            "kaisa.lehtonen",
        ),
        (
            "Hämäläinen",
            "Pekka",
            "sosiaalihuollon tiedonhallinnan asiantuntija",
            P,
            100,
            date(2021, 5, 1),
            None,
            "pekka.hamalainen",
        ),
        (
            "Salonen",
            "Outi",
            "toimistosihteeri",
            F,
            100,
            date(y, 1, 1),
            date(y, 3, 31),
            "outi.salonen",
        ),
        ("Ahonen", "Mikko", "tutkija", F, 100, date(y, 11, 1), date(y + 2, 10, 31), "mikko.ahonen"),
        (
            "Rantanen",
            "Laura",
            "lapsen edunvalvonnan koordinaattori",
            P,
            50,
            date(2022, 1, 10),
            None,
            "laura.rantanen",
        ),
        (
            "Kallio",
            "Sanna",
            "kehittämisasiantuntija",
            F,
            100,
            date(y, 5, 2),
            date(y + 1, 4, 30),
            "sanna.kallio",
        ),
        ("Östman", "Eija", "suunnittelija", P, 100, None, None, "eija.ostman"),
        (
            "Peltonen",
            "Kristian",
            "koordinaattori (sijainen)",
            F,
            100,
            date(y, 9, 1),
            date(y, 12, 31),
            "kristian.peltonen",
        ),
    ]
    return [
        StaffMember(
            last_name=last,
            first_name=first,
            title=title,
            employment=kind,
            fte_percent=Decimal(fte),
            start=start,
            end=end,
            email=f"{email}@osaamiskeskus.example",
            phone=f"040 {123 + i:03d} {4567 + 13 * i:04d}",
        )
        for i, (last, first, title, kind, fte, start, end, email) in enumerate(rows)
    ]


def demo_trainees(
    today: date, staff: list[StaffMember], projects: list | None = None
) -> list[Trainee]:
    y = today.year
    by_name = {s.full_name: s.id for s in staff}
    code = {p.code: p.id for p in projects or [] if isinstance(p, Project)}
    return [
        Trainee(
            "Lindholm",
            "Emma",
            TraineeKind.INTERNSHIP,
            date(y, 1, 16),
            date(y, 4, 7),
            institution="Tampereen ammattikorkeakoulu",
            supervisor_id=by_name["Mäkelä Anni"],
        ),
        Trainee(
            "Saarinen",
            "Veera",
            TraineeKind.THESIS,
            date(y, 2, 1),
            date(y, 11, 30),
            institution="Tampereen yliopisto",
            project_id=code.get("MONNI"),
            supervisor_id=by_name["Nieminen Tuomas"],
        ),
        Trainee(
            "Kinnunen",
            "Ari",
            TraineeKind.WORK_TRIAL,
            date(y, 8, 15),
            date(y, 12, 15),
            institution="TE-palvelut",
            supervisor_id=by_name["Koskinen Marjo"],
        ),
        Trainee(
            "Väisänen",
            "Noora",
            TraineeKind.PROJECT_STUDIES,
            date(y, 9, 1),
            date(y + 1, 5, 31),
            institution="Lapin yliopisto",
            project_id=code.get("Tool4Teen"),
            supervisor_id=by_name["Järvinen Oona"],
        ),
        Trainee(
            "Honkanen",
            "Iida",
            TraineeKind.INTERNSHIP,
            date(y - 1, 9, 4),
            date(y - 1, 12, 15),
            institution="Satakunnan ammattikorkeakoulu",
            supervisor_id=by_name["Virtanen Helena"],
        ),
    ]


# --- the board -----------------------------------------------------------------------

_R = BoardRole
_SEATS_BEFORE = [
    (
        _R.CHAIR,
        "Lindqvist",
        "Marja",
        "sosiaali- ja perhepalvelujen johtaja",
        "Pirkanmaan hyvinvointialue",
        "Koivisto",
        "Timo",
        "Pirkanmaan hyvinvointialue",
    ),
    (
        _R.VICE_CHAIR,
        "Räsänen",
        "Heikki",
        "perhepalvelujen johtaja",
        "Satakunnan hyvinvointialue",
        "Vuorinen",
        "Paula",
        "Satakunnan hyvinvointialue",
    ),
    (
        _R.MEMBER,
        "Aaltonen",
        "Riikka",
        "sosiaalityön päällikkö",
        "Kanta-Hämeen hyvinvointialue",
        "Backman",
        "Jukka",
        "Kanta-Hämeen hyvinvointialue",
    ),
    (
        _R.MEMBER,
        "Forsman",
        "Elina",
        "hyvinvointikoordinaattori",
        "Tampereen kaupunki",
        "Grönlund",
        "Ville",
        "Tampereen kaupunki",
    ),
    (
        _R.MEMBER,
        "Hakala",
        "Tiina",
        "sivistysjohtaja",
        "Hämeenlinnan kaupunki",
        "Ilvonen",
        "Markku",
        "Hämeenlinnan kaupunki",
    ),
    (
        _R.MEMBER,
        "Jokela",
        "Anu",
        "hyvinvointipäällikkö",
        "Porin kaupunki",
        "Kärkkäinen",
        "Petri",
        "Porin kaupunki",
    ),
    (
        _R.MEMBER,
        "Laine",
        "Sami",
        "yliopettaja",
        "Tampereen ammattikorkeakoulu",
        "Mattila",
        "Hanna",
        "Tampereen ammattikorkeakoulu",
    ),
    (
        _R.MEMBER,
        "Nurmi",
        "Katja",
        "koulutuspäällikkö",
        "Satakunnan ammattikorkeakoulu",
        "Oksanen",
        "Lauri",
        "Satakunnan ammattikorkeakoulu",
    ),
    (
        _R.EXPERT_MEMBER,
        "Pitkänen",
        "Johanna",
        "professori",
        "Tampereen yliopisto",
        "Rautio",
        "Mika",
        "Tampereen yliopisto",
    ),
]
# The next general meeting kept most of the board, changed two seats and made a former
# deputy a member: a person may be a member in one term and a deputy in another.
_SEATS_AFTER_CHANGES = {
    ("Hakala", "Tiina"): (
        _R.MEMBER,
        "Ilvonen",
        "Markku",
        "vs. sivistysjohtaja",
        "Hämeenlinnan kaupunki",
        "Hakala",
        "Tiina",
        "Hämeenlinnan kaupunki",
    ),
    ("Nurmi", "Katja"): (
        _R.MEMBER,
        "Salmi",
        "Jenni",
        "koulutusjohtaja",
        "Satakunnan ammattikorkeakoulu",
        "Oksanen",
        "Lauri",
        "Satakunnan ammattikorkeakoulu",
    ),
}

_BOARD_MEETING_DAYS = ((2, 10), (3, 24), (5, 12), (6, 16), (8, 25), (10, 6), (11, 17), (12, 15))


def _annual_general_meeting(year: int) -> date:
    """The first Tuesday of June."""
    day = date(year, 6, 1)
    return day + timedelta(days=(1 - day.weekday()) % 7)


def demo_board(today: date) -> tuple[list[BoardTerm], list[BoardSeat]]:
    y = today.year
    earlier = BoardTerm(
        start=_annual_general_meeting(y - 3),
        end=_annual_general_meeting(y - 1) - timedelta(days=1),
        note=f"varsinainen yhtiökokous {format_date(_annual_general_meeting(y - 3))}",
    )
    current = BoardTerm(
        start=_annual_general_meeting(y - 1),
        end=_annual_general_meeting(y + 1) - timedelta(days=1),
        note=f"varsinainen yhtiökokous {format_date(_annual_general_meeting(y - 1))}",
    )
    seats: list[BoardSeat] = []
    for term, rows in (
        (earlier, _SEATS_BEFORE),
        (current, [_SEATS_AFTER_CHANGES.get((r[1], r[2]), r) for r in _SEATS_BEFORE]),
    ):
        for role, last, first, title, org, d_last, d_first, d_org in rows:
            seats.append(BoardSeat(term.id, role, last, first, title, org, d_last, d_first, d_org))
    return [earlier, current], seats


def demo_meetings(today: date) -> list[Meeting]:
    meetings: list[Meeting] = []
    for year in range(today.year - 3, today.year + 1):
        agm = _annual_general_meeting(year)
        held = [day for day in (date(year, m, d) for m, d in _BOARD_MEETING_DAYS) if day <= today]
        skip = year % 3  # 6–8 board meetings a year
        held = [day for i, day in enumerate(held) if not (skip and i == 2 * skip - 1)]
        for number, day in enumerate(held, start=1):
            place = "Teams" if number % 3 == 0 else "Osaamiskeskuksen toimisto, Hämeenkatu 1 A"
            meetings.append(Meeting(day, MeetingKind.BOARD, f"{number}/{year}", place))
        if agm <= today:
            meetings.append(
                Meeting(
                    agm,
                    MeetingKind.ANNUAL_GENERAL,
                    f"1/{year}",
                    "Tampere-talo",
                    "tilinpäätös ja toimintakertomus vahvistettiin; hallitus valittiin"
                    if (year - today.year) % 2
                    else "tilinpäätös ja toimintakertomus vahvistettiin",
                )
            )
    return meetings


# --- projects ------------------------------------------------------------------------

ORG = "Sosiaalialan osaamiskeskus Esimerkki Oy"


def demo_projects(today: date, staff: list[StaffMember]) -> list:
    """Seven projects of the kinds the annual reports list, with partners, funding and staff."""
    y = today.year
    by_name = {s.full_name: s for s in staff}
    records: list = []

    def project(
        code,
        name,
        role,
        start,
        end,
        lead=ORG,
        total=None,
        ours=None,
        status=ProjectStatus.GRANTED,
        description="",
    ):
        p = Project(
            code,
            name,
            role,
            start,
            end,
            status,
            lead,
            Decimal(total) if total is not None else None,
            Decimal(ours) if ours is not None else None,
            description,
        )
        records.append(p)
        return p

    def partner(p, organisation, role=None, country="Suomi"):
        records.append(ProjectPartner(p.id, organisation, role, country))

    def funding(p, funder, share, amount):
        records.append(FundingLine(p.id, funder, Decimal(share), Decimal(amount)))

    def works(p, name, role, fte, start=None, end=None):
        records.append(ProjectAssignment(p.id, by_name[name].id, role, Decimal(fte), start, end))

    tullas = project(
        "TulLas",
        "Tulevaisuuden lastensuojelu",
        OurRole.ADMINISTRATOR,
        date(y - 1, 3, 1),
        date(y + 1, 2, 28),
        total="988216",
        ours="436068",
        description="ESR-hanke: lastensuojelun kehittäminen yhdessä hyvinvointialueiden kanssa.",
    )
    partner(tullas, "Pirkanmaan hyvinvointialue", PartnerRole.CO_IMPLEMENTER)
    partner(tullas, "Tampereen yliopisto", PartnerRole.CO_IMPLEMENTER)
    funding(tullas, "ESR", 80, "348854.40")
    funding(tullas, "omarahoitus", 20, "87213.60")
    works(tullas, "Nieminen Tuomas", "projektipäällikkö", 100, date(y - 1, 3, 14))
    works(tullas, "Järvinen Oona", "projektikoordinaattori", 100, date(y - 1, 3, 14))

    monni = project(
        "MONNI",
        "Monialainen nuorten palveluohjaus",
        OurRole.LEAD_IMPLEMENTER,
        date(y - 1, 1, 1),
        date(y, 12, 31),
        lead="Kanta-Hämeen hyvinvointialue",
        total="420000",
        ours="180000",
        description=f"STM:n valtionavustus. Jatkettu 30.6.{y} saakka kestäneestä kaudesta 31.12.{y} asti.",
    )
    partner(monni, "Kanta-Hämeen hyvinvointialue", PartnerRole.ADMINISTRATOR)
    funding(monni, "STM", 100, "180000")
    works(monni, "Mäkelä Anni", "erikoissuunnittelija", 40)

    tool = project(
        "Tool4Teen",
        "Erasmus+ nuorisotyön työkalut",
        OurRole.CO_IMPLEMENTER,
        date(y - 1, 9, 1),
        date(y + 1, 8, 31),
        lead="Jugendhilfe Nord e.V.",
        total="250000",
        ours="60000",
    )
    partner(tool, "Jugendhilfe Nord e.V.", PartnerRole.ADMINISTRATOR, "Saksa")
    partner(tool, "Fundación Juventud Activa", PartnerRole.CO_IMPLEMENTER, "Espanja")
    partner(tool, "Kauno kolegija", PartnerRole.CO_IMPLEMENTER, "Liettua")
    funding(tool, "Erasmus+", 80, "48000")
    funding(tool, "omarahoitus", 20, "12000")
    works(tool, "Mäkelä Anni", "suunnittelija", 20)

    rrp = project(
        "SOTE-digi",
        "Sosiaalihuollon digitaaliset palvelut",
        OurRole.CO_IMPLEMENTER,
        date(y - 3, 4, 1),
        date(y - 1, 12, 31),
        lead="Satakunnan hyvinvointialue",
        total="1200000",
        ours="150000",
    )
    funding(rrp, "RRP (NextGenerationEU)", 100, "150000")
    works(rrp, "Hämäläinen Pekka", "asiantuntija", 50, date(y - 3, 4, 1), date(y - 1, 12, 31))

    aisapa = project(
        "AISAPA",
        "Asiakkaan osallisuuden arviointi",
        OurRole.EXPERT_SERVICE,
        date(y, 2, 1),
        date(y, 11, 30),
        lead="Satakunnan hyvinvointialue",
        total="45000",
        ours="45000",
    )
    funding(aisapa, "kuntarahoitus", 100, "45000")
    works(aisapa, "Virtanen Helena", "asiantuntija", 10, date(y, 2, 1), date(y, 11, 30))

    project(
        "PERHE",
        "Perhekeskusten vertaistuki",
        OurRole.ADMINISTRATOR,
        date(y + 1, 1, 1),
        date(y + 2, 12, 31),
        total="520000",
        ours="520000",
        status=ProjectStatus.APPLIED,
    )
    project(
        "DIGIVOI",
        "Digitaalinen voimaantuminen",
        OurRole.CO_IMPLEMENTER,
        date(y, 1, 1),
        date(y + 1, 12, 31),
        lead="Tampereen ammattikorkeakoulu",
        total="300000",
        ours="80000",
        status=ProjectStatus.REJECTED,
    )
    return records
