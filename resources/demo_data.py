"""Fictional, realistic demo records for a centre's office.

The people are invented; the titles, periods and working times are the kind the centres'
annual reports list. Dates are placed around the current year so that the roster shows
people who started and left mid-year.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from domain.staff import Employment, StaffMember, Trainee, TraineeKind

P, F = Employment.PERMANENT, Employment.FIXED_TERM


def demo_staff(today: date) -> list[StaffMember]:
    y = today.year
    rows = [
        ("Virtanen", "Helena", "toimitusjohtaja", P, 100, date(2014, 3, 1), None, "helena.virtanen"),
        ("Koskinen", "Marjo", "hallintoassistentti", P, 100, date(y, 4, 1), None, "marjo.koskinen"),
        ("Laaksonen", "Jari", "kehittämispäällikkö", P, 100, date(2017, 8, 14), date(y, 10, 26), "jari.laaksonen"),
        ("Heikkinen", "Satu", "sosiaali- ja potilasasiavastaava", P, 100, date(2019, 1, 1), None, "satu.heikkinen"),
        ("Mäkelä", "Anni", "erikoissuunnittelija", P, 80, date(2020, 2, 3), None, "anni.makela"),
        ("Nieminen", "Tuomas", "projektipäällikkö", F, 100, date(y - 1, 3, 14), date(y + 1, 12, 31), "tuomas.nieminen"),
        ("Järvinen", "Oona", "projektikoordinaattori", F, 100, date(y - 1, 3, 14), date(y + 1, 12, 31), "oona.jarvinen"),
        ("Lehtonen", "Kaisa", "lastensuojelun erityisasiantuntija", F, 60, date(y - 2, 9, 1), date(y, 12, 31), "kaisa.lehtonen"),
        ("Hämäläinen", "Pekka", "sosiaalihuollon tiedonhallinnan asiantuntija", P, 100, date(2021, 5, 1), None, "pekka.hamalainen"),
        ("Salonen", "Outi", "toimistosihteeri", F, 100, date(y, 1, 1), date(y, 3, 31), "outi.salonen"),
        ("Ahonen", "Mikko", "tutkija", F, 100, date(y, 11, 1), date(y + 2, 10, 31), "mikko.ahonen"),
        ("Rantanen", "Laura", "lapsen edunvalvonnan koordinaattori", P, 50, date(2022, 1, 10), None, "laura.rantanen"),
        ("Kallio", "Sanna", "kehittämisasiantuntija", F, 100, date(y, 5, 2), date(y + 1, 4, 30), "sanna.kallio"),
        ("Östman", "Eija", "suunnittelija", P, 100, None, None, "eija.ostman"),
        ("Peltonen", "Kristian", "koordinaattori (sijainen)", F, 100, date(y, 9, 1), date(y, 12, 31), "kristian.peltonen"),
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


def demo_trainees(today: date, staff: list[StaffMember]) -> list[Trainee]:
    y = today.year
    by_name = {s.full_name: s.id for s in staff}
    return [
        Trainee("Lindholm", "Emma", TraineeKind.INTERNSHIP, date(y, 1, 16), date(y, 4, 7),
                institution="Tampereen ammattikorkeakoulu", supervisor_id=by_name["Mäkelä Anni"]),
        Trainee("Saarinen", "Veera", TraineeKind.THESIS, date(y, 2, 1), date(y, 11, 30),
                institution="Tampereen yliopisto", project_code="MONNI",
                supervisor_id=by_name["Nieminen Tuomas"]),
        Trainee("Kinnunen", "Ari", TraineeKind.WORK_TRIAL, date(y, 8, 15), date(y, 12, 15),
                institution="TE-palvelut", supervisor_id=by_name["Koskinen Marjo"]),
        Trainee("Väisänen", "Noora", TraineeKind.PROJECT_STUDIES, date(y, 9, 1), date(y + 1, 5, 31),
                institution="Lapin yliopisto", project_code="OT",
                supervisor_id=by_name["Järvinen Oona"]),
        Trainee("Honkanen", "Iida", TraineeKind.INTERNSHIP, date(y - 1, 9, 4), date(y - 1, 12, 15),
                institution="Satakunnan ammattikorkeakoulu", supervisor_id=by_name["Virtanen Helena"]),
    ]
