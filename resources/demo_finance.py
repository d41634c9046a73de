"""Fictional, realistic demo financials for a centre of fifteen people.

The previous full year and the current year up to today: a budget per category for both
years and about 300 bookings a year. The income comes in three roughly equal parts — the
state grant for core activity (paid quarterly), expert-service sales to wellbeing services
counties, municipalities, THL and two universities (each sale with its work days), and
project funding booked to the demo projects — with small municipal funding and other income
beside them. The biggest expense is personnel (monthly salaries, side costs the month
after, project staff booked to their projects); then premises, purchased services, ICT,
travel and the rest.

A year is planned whole and the current year is cut at today, so its figures follow the
calendar: the budgets are set from the year's plan, personnel and premises a little below
their budget, travel and ICT (the annual licences are paid in January) ahead of it — the
rows the budget comparison highlights. Everything is drawn from a seeded random generator,
so the demo is the same every time for the same day.
"""

from __future__ import annotations

import calendar
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from domain.finance import BudgetLine, Category, Transaction
from domain.projects import Project

SEED = 20240315
CENT = Decimal("0.01")

GRANT, SALES, PROJECT_FUNDING, MUNICIPAL, OTHER_INCOME = (
    "Valtionavustus perustoimintaan",
    "Asiantuntijapalvelujen myynti",
    "Hankerahoitus",
    "Kuntarahoitus",
    "Muut tuotot",
)
PERSONNEL, PREMISES, TRAVEL, ICT, PURCHASED, OTHER = (
    "Henkilöstökulut",
    "Toimitilakulut",
    "Matkakulut",
    "ICT-kulut",
    "Ostopalvelut",
    "Muut kulut",
)

# The state grant decided for the year before and for this year (offset from this year).
GRANTS = {-1: Decimal("389600.00"), 0: Decimal("402400.00")}

# The budget set from the year's plan: a factor on the plan, rounded to this many euros.
# Below 1 the category is planned to run ahead of its budget.
BUDGET_RULES = {
    GRANT: (Decimal(1), 1),
    SALES: (Decimal("1.00"), 5000),
    PROJECT_FUNDING: (Decimal("1.00"), 5000),
    MUNICIPAL: (Decimal(1), 100),
    OTHER_INCOME: (Decimal("1.10"), 500),
    PERSONNEL: (Decimal("1.025"), 5000),
    PREMISES: (Decimal("1.04"), 1000),
    TRAVEL: (Decimal("0.84"), 500),
    ICT: (Decimal("0.88"), 500),
    PURCHASED: (Decimal("1.07"), 1000),
    OTHER: (Decimal("1.15"), 500),
}


@dataclass(frozen=True)
class Customer:
    name: str
    day_rate: str
    months: tuple[int, ...]
    days: tuple[int, int]  # work days per invoice, low and high (half days in between)
    services: tuple[str, ...]


ALL_BUT_JULY = (1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12)
CUSTOMERS = (
    Customer(
        "Pirkanmaan hyvinvointialue",
        "920.00",
        ALL_BUT_JULY,
        (10, 16),
        (
            "Lastensuojelun kehittämistyön asiantuntijatuki",
            "Rakenteellisen sosiaalityön raportoinnin tuki",
        ),
    ),
    Customer(
        "Kanta-Hämeen hyvinvointialue",
        "900.00",
        ALL_BUT_JULY,
        (7, 12),
        (
            "Perhekeskustoiminnan kehittämisen tuki",
            "Asiakasosallisuuden koulutus ja työpajat",
        ),
    ),
    Customer(
        "Satakunnan hyvinvointialue",
        "880.00",
        (2, 3, 4, 5, 6, 8, 9, 10, 11),
        (4, 8),
        ("Sosiaalihuollon asiakirjarakenteiden koulutus",),
    ),
    Customer(
        "Tampereen kaupunki",
        "850.00",
        (2, 4, 6, 9, 11, 12),
        (4, 9),
        (
            "Hyvinvointisuunnitelman valmistelun tuki",
            "Ehkäisevän työn vaikutusten arviointi",
        ),
    ),
    Customer(
        "Terveyden ja hyvinvoinnin laitos",
        "800.00",
        (3, 5, 9, 11),
        (5, 9),
        ("Asiantuntijatyö: sosiaaliasiavastaavien tilastoinnin luokitus",),
    ),
    Customer(
        "Tampereen yliopisto",
        "780.00",
        (1, 3, 5, 10, 12),
        (5, 9),
        ("Sosiaalityön maisteriopintojen luennot ja ohjaus",),
    ),
    Customer(
        "Tampereen ammattikorkeakoulu",
        "780.00",
        (2, 4, 9, 11),
        (4, 8),
        ("Sosionomiopintojen asiantuntijaopetus",),
    ),
    Customer(
        "Hämeenlinnan kaupunki",
        "850.00",
        (3, 5, 10, 12),
        (3, 7),
        ("Hyvinvointikertomuksen laatimisen tuki",),
    ),
    Customer(
        "Porin kaupunki",
        "850.00",
        (4, 9, 11),
        (3, 6),
        ("Lasten ja nuorten hyvinvointisuunnitelman arviointi",),
    ),
)
# In the current year the Satakunta county buys the AISAPA evaluation instead.
AISAPA_CUSTOMER = "Satakunnan hyvinvointialue"

# Project funding as it is paid: (year offset, month, day, project code, amount, description).
PROJECT_PAYMENTS = (
    (-1, 1, 15, "MONNI", "45000.00", "STM:n valtionavustus, MONNI, 1. erä"),
    (-1, 2, 27, "SOTE-digi", "48316.42", "RRP-rahoitus, SOTE-digi, maksatus 3"),
    (-1, 4, 14, "TulLas", "87213.60", "ESR-ennakko, TulLas"),
    (-1, 7, 15, "MONNI", "45000.00", "STM:n valtionavustus, MONNI, 2. erä"),
    (-1, 8, 29, "SOTE-digi", "41870.15", "RRP-rahoitus, SOTE-digi, maksatus 4"),
    (-1, 9, 30, "TulLas", "68412.36", "ESR-maksatus 1 (1.3.–30.6.), TulLas"),
    (-1, 10, 14, "Tool4Teen", "19200.00", "Erasmus+-ennakkomaksu 40 %, Tool4Teen"),
    (-1, 12, 15, "TulLas", "61938.77", "ESR-maksatus 2 (1.7.–31.10.), TulLas"),
    (0, 1, 15, "MONNI", "45000.00", "STM:n valtionavustus, MONNI, 3. erä"),
    (0, 3, 16, "SOTE-digi", "29664.38", "RRP-rahoitus, SOTE-digi, loppumaksu"),
    (0, 4, 14, "TulLas", "82506.84", "ESR-maksatus 3 (1.11.–28.2.), TulLas"),
    (0, 7, 15, "MONNI", "45000.00", "STM:n valtionavustus, MONNI, 4. erä"),
    (0, 8, 29, "TulLas", "84119.02", "ESR-maksatus 4 (1.3.–30.6.), TulLas"),
    (0, 10, 15, "Tool4Teen", "19200.00", "Erasmus+-väliraportin maksu 40 %, Tool4Teen"),
    (0, 12, 15, "TulLas", "80582.65", "ESR-maksatus 5 (1.7.–31.10.), TulLas"),
)

# Municipal funding: (month, day, municipality, this year's amount).
MUNICIPAL_FUNDING = (
    (3, 13, "Tampereen kaupunki", "12400.00"),
    (3, 20, "Hämeenlinnan kaupunki", "6200.00"),
    (4, 9, "Porin kaupunki", "5100.00"),
    (4, 24, "Nokian kaupunki", "1850.00"),
)

# The monthly payroll (salaries with side costs) of each project's staff, € (as of this year).
PROJECT_PAYROLL = {
    "TulLas": 14200,
    "MONNI": 5600,
    "Tool4Teen": 1750,
    "SOTE-digi": 3650,
    "AISAPA": 3300,
}
SALARIES = 65500  # gross salaries of the whole staff a month, €
SIDE_COSTS = Decimal("0.215")  # TyEL, sotu, TVR, accident and group life insurance

_HOLIDAYS = {(1, 1), (1, 6), (5, 1), (12, 6), (12, 24), (12, 25), (12, 26)}


@dataclass(frozen=True)
class FinanceDemo:
    budget: list[BudgetLine]
    transactions: list[Transaction]


@dataclass(frozen=True)
class _Booking:
    day: date
    category: str
    amount: Decimal
    description: str
    project: str | None = None
    customer: str = ""
    work_days: Decimal | None = None


def _banking_day(day: date) -> date:
    """The day itself, or the weekday before it (after it, at the start of a month)."""
    step = -1 if day.day > 3 else 1
    while day.weekday() >= 5 or (day.month, day.day) in _HOLIDAYS:
        day += timedelta(days=step)
    return day


def _month_end(year: int, month: int) -> date:
    return _banking_day(date(year, month, calendar.monthrange(year, month)[1]))


def _euros(rng: random.Random, low: float, high: float) -> Decimal:
    """An amount with cents between ``low`` and ``high`` euros, drawn in whole cents."""
    return Decimal(rng.randint(round(low * 100), round(high * 100))).scaleb(-2)


def _around(rng: random.Random, base: Decimal | int, spread: float) -> Decimal:
    """``base`` varied by up to ``spread`` (a share) either way, to the cent."""
    base_cents = int(Decimal(base) * 100)
    delta = int(base_cents * spread)
    return Decimal(rng.randint(base_cents - delta, base_cents + delta)).scaleb(-2)


def _rounded(value: Decimal, step: int) -> Decimal:
    return ((value / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step).quantize(CENT)


class _YearPlan:
    """A whole year's bookings of the demo centre."""

    def __init__(
        self, rng: random.Random, year: int, offset: int, projects: dict[str, Project]
    ) -> None:
        self.rng = rng
        self.year = year
        self.offset = offset  # 0 this year, -1 the year before
        self.projects = projects
        self.rows: list[_Booking] = []
        # Prices, rents and salaries rose some 3 % from the year before.
        self.index = Decimal("0.97") if offset < 0 else Decimal(1)

    def book(
        self,
        day: date,
        category: str,
        amount: Decimal,
        description: str,
        project: str | None = None,
        customer: str = "",
        work_days: Decimal | None = None,
    ) -> None:
        if project is not None and project not in self.projects:
            project = None
        self.rows.append(_Booking(day, category, amount, description, project, customer, work_days))

    def on(self, month: int, day: int) -> date:
        return _banking_day(
            date(self.year, month, min(day, calendar.monthrange(self.year, month)[1]))
        )

    def active(self, code: str, month: int) -> bool:
        """Whether the project runs in the month (and is one of the demo's)."""
        project = self.projects.get(code)
        if project is None:
            return False
        first = date(self.year, month, 1)
        last = date(self.year, month, calendar.monthrange(self.year, month)[1])
        return (project.start is None or project.start <= last) and (
            project.end is None or project.end >= first
        )

    def build(self) -> list[_Booking]:
        self.income()
        self.personnel()
        self.premises()
        self.travel()
        self.ict()
        self.purchased_services()
        self.other_expenses()
        return self.rows

    # --- income ----------------------------------------------------------------------
    def income(self) -> None:
        rng, y = self.rng, self.year
        grant = GRANTS[self.offset]
        for n, month in enumerate((1, 4, 7, 10), start=1):
            self.book(
                self.on(month, 20),
                GRANT,
                grant / 4,
                f"Valtionavustus perustoimintaan {y}, {n}. erä (STM)",
            )
        self.sales()
        for offset, month, day, code, amount, text in PROJECT_PAYMENTS:
            if offset == self.offset:
                self.book(self.on(month, day), PROJECT_FUNDING, Decimal(amount), text, code)
        for month, day, municipality, amount in MUNICIPAL_FUNDING:
            self.book(
                self.on(month, day),
                MUNICIPAL,
                (Decimal(amount) * self.index).quantize(CENT),
                f"Kuntarahoitus {y}, {municipality}",
            )
        seminar = (
            "Lastensuojelun kehittämispäivä"
            if self.offset
            else "Sosiaalihuollon tiedonhallinnan päivä"
        )
        self.book(
            self.on(5, 28),
            OTHER_INCOME,
            _euros(rng, 2900, 4400),
            f"Seminaarin osallistumismaksut: {seminar}",
        )
        self.book(
            self.on(10, 22),
            OTHER_INCOME,
            _euros(rng, 1700, 2600),
            "Koulutuksen osallistumismaksut: asiakirjahallinnan verkkokoulutus",
        )
        self.book(
            self.on(2, 12),
            OTHER_INCOME,
            _euros(rng, 280, 620),
            "Kokoustilan vuokraus, Hämeenkatu 1 A",
        )
        self.book(
            self.on(9, 17),
            OTHER_INCOME,
            _euros(rng, 280, 620),
            "Kokoustilan vuokraus, Hämeenkatu 1 A",
        )
        self.book(self.on(11, 8), OTHER_INCOME, _euros(rng, 140, 420), "Julkaisujen myynti")
        for quarter, month in enumerate((3, 6, 9, 12), start=1):
            self.book(
                _month_end(y, month),
                OTHER_INCOME,
                _euros(rng, 38, 185),
                f"Korkotuotot Q{quarter}/{y}",
            )

    def sales(self) -> None:
        rng, y = self.rng, self.year
        for customer in CUSTOMERS:
            rate = _rounded(Decimal(customer.day_rate) * self.index, 10)
            if customer.name == AISAPA_CUSTOMER and self.offset == 0 and "AISAPA" in self.projects:
                for month in range(1, 13):
                    if self.active("AISAPA", month):
                        days = Decimal(rng.randint(8, 12)) / 2
                        self.book(
                            _month_end(y, month),
                            SALES,
                            (days * rate).quantize(CENT),
                            f"AISAPA: asiakkaan osallisuuden arviointi {month}/{y}",
                            "AISAPA",
                            customer.name,
                            days,
                        )
                continue
            low, high = customer.days
            for month in customer.months:
                days = Decimal(rng.randint(2 * low, 2 * high)) / 2
                service = rng.choice(customer.services)
                self.book(
                    _month_end(y, month),
                    SALES,
                    (days * rate).quantize(CENT),
                    f"{service} {month}/{y}",
                    customer=customer.name,
                    work_days=days,
                )

    # --- expenses --------------------------------------------------------------------
    def project_payroll(self, month: int) -> dict[str, Decimal]:
        return {
            code: _around(self.rng, Decimal(amount) * self.index, 0.015)
            for code, amount in PROJECT_PAYROLL.items()
            if self.active(code, month)
        }

    def personnel(self) -> None:
        rng, y = self.rng, self.year
        # The side costs of December of the year before are paid in January.
        previous = (Decimal(SALARIES) * self.index * Decimal("0.78")).quantize(CENT)
        for month in range(1, 13):
            paid = _month_end(y, month)
            last = f"{12 if month == 1 else month - 1}/{y - 1 if month == 1 else y}"
            self.book(
                self.on(month, 20),
                PERSONNEL,
                (previous * SIDE_COSTS).quantize(CENT),
                f"Henkilösivukulut {last} (TyEL, sotu, TVR)",
            )
            by_project = self.project_payroll(month)
            for code, amount in by_project.items():
                self.book(
                    paid,
                    PERSONNEL,
                    amount,
                    f"Palkat ja henkilösivukulut {month}/{y}, hankehenkilöstö",
                    code,
                )
            in_projects = sum(by_project.values(), Decimal(0)) / (1 + SIDE_COSTS)
            salaries = _around(rng, Decimal(SALARIES) * self.index - in_projects, 0.015)
            self.book(paid, PERSONNEL, salaries, f"Palkat {month}/{y}")
            previous = salaries
        self.book(
            _month_end(y, 6),
            PERSONNEL,
            (_euros(rng, 26500, 28500) * self.index).quantize(CENT),
            f"Lomarahat {y}",
        )
        for quarter, month in ((4, 1), (1, 4), (2, 7), (3, 10)):
            year = y - 1 if quarter == 4 else y
            self.book(
                self.on(month, 12),
                PERSONNEL,
                _euros(rng, 1900, 2650),
                f"Työterveyshuolto Q{quarter}/{year}",
            )
        for month, text, low, high in (
            (2, "Henkilöstökoulutus: tietosuoja ja tietoturva", 480, 900),
            (3, "Henkilöstökoulutus: Lastensuojelun päivät, osallistumismaksut", 780, 1350),
            (5, "Henkilöstökoulutus: ensiapukurssi EA1", 420, 760),
            (9, "Henkilöstökoulutus: sosiaalialan johtaminen", 650, 1400),
            (11, "Henkilöstökoulutus: saavutettavat verkkosisällöt", 250, 520),
        ):
            self.book(self.on(month, rng.randint(5, 26)), PERSONNEL, _euros(rng, low, high), text)
        self.book(self.on(8, 28), PERSONNEL, _euros(rng, 1200, 1900), "Henkilöstön virkistyspäivä")
        self.book(self.on(12, 12), PERSONNEL, _euros(rng, 900, 1400), "Pikkujoulut")

    def premises(self) -> None:
        rng, y = self.rng, self.year
        rent = (Decimal("4380.00") * self.index).quantize(CENT)
        for month in range(1, 13):
            # Booked for the month at its end, as the accountant accrues them.
            end = _month_end(y, month)
            self.book(end, PREMISES, rent, f"Toimitilan vuokra {month}/{y}, Hämeenkatu 1 A")
            self.book(end, PREMISES, _euros(rng, 505, 560), f"Toimitilojen siivous {month}/{y}")
        for quarter, month in enumerate((3, 6, 9, 12), start=1):
            self.book(
                _month_end(y, month),
                PREMISES,
                _euros(rng, 520, 840),
                f"Sähkö ja vesi Q{quarter}/{y}",
            )
        self.book(
            self.on(10, 20),
            PREMISES,
            _euros(rng, 4800, 6900),
            "Neuvotteluhuoneen kalusteet ja akustiikka",
        )

    def travel(self) -> None:
        rng, y = self.rng, self.year
        for month in ALL_BUT_JULY:
            self.book(
                _month_end(y, month),
                TRAVEL,
                _euros(rng, 720, 1650),
                f"Matkalaskut {month}/{y}: päivärahat ja kilometrikorvaukset",
            )
        trips = (
            ("Junaliput Tampere–Helsinki, STM:n neuvottelu", 58, 142),
            ("Junaliput Tampere–Helsinki, THL:n asiantuntijaryhmä", 58, 142),
            ("Lennot Tampere–Oulu, osaamiskeskusten neuvottelupäivät", 280, 460),
            ("Hotelli, osaamiskeskusten neuvottelupäivät", 190, 340),
            ("Junaliput Tampere–Pori, asiakirjakoulutus", 42, 96),
            ("Junaliput Tampere–Turku, Sosiaalityön tutkimuksen päivät", 48, 110),
            ("Hotelli, Sosiaalityön tutkimuksen päivät", 150, 290),
            ("Junaliput Tampere–Helsinki, Lastensuojelun päivät", 58, 142),
            ("Hotelli, Lastensuojelun päivät", 180, 360),
        )
        for text, low, high in trips:
            self.book(
                self.on(rng.choice(ALL_BUT_JULY), rng.randint(3, 27)),
                TRAVEL,
                _euros(rng, low, high),
                text,
            )
        for month in (2, 3, 5, 6, 8, 9, 10, 11):
            if self.active("TulLas", month):
                self.book(
                    self.on(month, rng.randint(5, 26)),
                    TRAVEL,
                    _euros(rng, 180, 680),
                    "Matkat, TulLas-työpajat Pirkanmaalla",
                    "TulLas",
                )
        for month in (2, 5, 9, 11):
            if self.active("MONNI", month):
                self.book(
                    self.on(month, rng.randint(5, 26)),
                    TRAVEL,
                    _euros(rng, 90, 260),
                    "Matkat, MONNI-verkostotapaaminen Hämeenlinnassa",
                    "MONNI",
                )
        meetings = {3: "Hampuri", 10: "Valencia"} if self.offset == 0 else {10: "Hampuri"}
        for month, city in meetings.items():
            if self.active("Tool4Teen", month):
                day = self.on(month, rng.randint(4, 12))
                self.book(
                    day,
                    TRAVEL,
                    _euros(rng, 1150, 1900),
                    f"Lennot Tampere–{city}, Tool4Teen-kumppanitapaaminen",
                    "Tool4Teen",
                )
                self.book(
                    day,
                    TRAVEL,
                    _euros(rng, 880, 1420),
                    f"Hotelli, {city}, Tool4Teen-kumppanitapaaminen",
                    "Tool4Teen",
                )

    def ict(self) -> None:
        rng, y = self.rng, self.year
        self.book(
            self.on(1, 9),
            ICT,
            _euros(rng, 6200, 6900),
            f"Microsoft 365 -lisenssit {y} (16 käyttäjää)",
        )
        self.book(
            self.on(1, 23),
            ICT,
            _euros(rng, 4600, 5200),
            f"Asianhallintajärjestelmän vuosilisenssi {y}",
        )
        self.book(
            self.on(2, 14),
            ICT,
            _euros(rng, 4200, 5800),
            "Kannettavat tietokoneet (3 kpl) ja telakat",
        )
        self.book(self.on(3, 11), ICT, _euros(rng, 880, 1300), "Näytöt (4 kpl)")
        self.book(
            self.on(9, 4),
            ICT,
            _euros(rng, 1800, 2400),
            f"Verkkosivujen ylläpito, vuosisopimus {y}–{y + 1}",
        )
        if self.active("TulLas", 3):
            self.book(
                self.on(3, 18),
                ICT,
                _euros(rng, 980, 1250),
                f"Kyselytyökalun lisenssi {y}, TulLas",
                "TulLas",
            )
        for month in range(1, 13):
            self.book(
                self.on(month, 6), ICT, _euros(rng, 310, 365), f"Puhelinliittymät {month}/{y}"
            )
            self.book(
                self.on(month, 27),
                ICT,
                _euros(rng, 420, 530),
                f"Tietoliikenne ja pilvipalvelut {month}/{y}",
            )

    def purchased_services(self) -> None:
        rng, y = self.rng, self.year
        for month in range(1, 13):
            self.book(
                self.on(month, 10),
                PURCHASED,
                _euros(rng, 1420, 1580),
                f"Kirjanpito- ja palkanlaskentapalvelut {month}/{y}",
            )
        self.book(self.on(4, 17), PURCHASED, _euros(rng, 3600, 4200), f"Tilintarkastus {y - 1}")
        self.book(
            self.on(5, 21), PURCHASED, _euros(rng, 1200, 1800), f"Vuosikertomuksen {y - 1} taitto"
        )
        for month in (2, 5, 9, 11):
            if self.active("TulLas", month):
                self.book(
                    self.on(month, rng.randint(5, 26)),
                    PURCHASED,
                    _euros(rng, 2400, 4800),
                    "Työpajojen fasilitointi, TulLas",
                    "TulLas",
                )
        for month in (8, 12):
            if self.active("TulLas", month):
                self.book(
                    self.on(month, 14),
                    PURCHASED,
                    _euros(rng, 9000, 14000),
                    "Arviointitutkimus, alihankinta (TulLas)",
                    "TulLas",
                )
        for month in (3, 6, 10, 12):
            if self.active("MONNI", month):
                self.book(
                    self.on(month, rng.randint(5, 26)),
                    PURCHASED,
                    _euros(rng, 600, 1400),
                    "Kokemusasiantuntijoiden palkkiot, MONNI",
                    "MONNI",
                )
        if self.active("Tool4Teen", 11):
            self.book(
                self.on(11, 19),
                PURCHASED,
                _euros(rng, 1200, 2000),
                "Käännöspalvelut, Tool4Teen-materiaalit",
                "Tool4Teen",
            )
        for month in (5, 10):
            if self.active("AISAPA", month):
                self.book(
                    self.on(month, 22),
                    PURCHASED,
                    _euros(rng, 900, 1800),
                    "Haastatteluaineiston litterointi, AISAPA",
                    "AISAPA",
                )
        for month in (4, 10):
            if self.active("SOTE-digi", month):
                self.book(
                    self.on(month, 15),
                    PURCHASED,
                    _euros(rng, 3000, 6000),
                    "Palvelumuotoilu, alihankinta (SOTE-digi)",
                    "SOTE-digi",
                )

    def other_expenses(self) -> None:
        rng, y = self.rng, self.year
        for month in range(1, 13):
            self.book(
                _month_end(y, month),
                OTHER,
                _euros(rng, 18, 46),
                f"Pankin palvelumaksut {month}/{y}",
            )
        for n, month in enumerate((1, 4, 7, 10), start=1):
            self.book(
                self.on(month, 16),
                OTHER,
                _euros(rng, 290, 350),
                f"Vastuu- ja toiminnanvakuutukset {y}, {n}. erä",
            )
        self.book(self.on(2, 6), OTHER, _euros(rng, 900, 1050), f"Jäsenmaksu {y}, SOSTE ry")
        for month in (1, 4, 8, 11):
            self.book(
                self.on(month, rng.randint(5, 26)),
                OTHER,
                _euros(rng, 90, 380),
                "Toimistotarvikkeet",
            )
        for month, day in (
            (2, 10),
            (3, 24),
            (5, 12),
            (6, 16),
            (8, 25),
            (10, 6),
            (11, 17),
            (12, 15),
        ):
            self.book(
                self.on(month, day),
                OTHER,
                _euros(rng, 60, 180),
                "Hallituksen kokous, kokoustarjoilu",
            )
        for month in (5, 11):
            if self.active("TulLas", month):
                self.book(
                    self.on(month, rng.randint(20, 28)),
                    OTHER,
                    _euros(rng, 1800, 3200),
                    "Seminaarin tilavuokra ja tarjoilu, TulLas",
                    "TulLas",
                )
        for month in (5, 11):
            if self.active("MONNI", month):
                self.book(
                    self.on(month, rng.randint(5, 26)),
                    OTHER,
                    _euros(rng, 250, 600),
                    "Verkostotapaamisen tarjoilut, MONNI",
                    "MONNI",
                )
        for quarter, month in enumerate((3, 6, 9, 12), start=1):
            self.book(self.on(month, 22), OTHER, _euros(rng, 40, 120), f"Postikulut Q{quarter}/{y}")
        self.book(self.on(8, 14), OTHER, _euros(rng, 400, 900), "Rekrytointi-ilmoitus")


def _budget(year: int, rows: Sequence[_Booking], ids: dict[str, str]) -> list[BudgetLine]:
    """The year's budget per category, set from the whole year's plan by ``BUDGET_RULES``."""
    planned: dict[str, Decimal] = {}
    for row in rows:
        planned[row.category] = planned.get(row.category, Decimal(0)) + row.amount
    return [
        BudgetLine(year, ids[name], _rounded(planned.get(name, Decimal(0)) * factor, step))
        for name, (factor, step) in BUDGET_RULES.items()
        if name in ids
    ]


def demo_finance(
    today: date, categories: Iterable[Category], projects: Iterable[Project]
) -> FinanceDemo:
    """The budgets of last year and this year and the bookings up to ``today``.

    ``categories`` are the database's (the defaults, by name); ``projects`` the demo's, by code."""
    rng = random.Random(SEED)
    ids = {c.name: c.id for c in categories if not c.retired}
    by_code = {p.code: p for p in projects}
    budget: list[BudgetLine] = []
    transactions: list[Transaction] = []
    for offset in (-1, 0):
        year = today.year + offset
        rows = _YearPlan(rng, year, offset, by_code).build()
        rows = [r for r in rows if r.category in ids]
        budget += _budget(year, rows, ids)
        booked = sorted(
            (r for r in rows if r.day <= today), key=lambda r: r.day
        )  # stable: plan order on a day
        for number, r in enumerate(booked, start=1):
            transactions.append(
                Transaction(
                    day=r.day,
                    category_id=ids[r.category],
                    amount=r.amount.quantize(CENT),
                    description=r.description,
                    project_id=by_code[r.project].id if r.project else None,
                    customer=r.customer,
                    work_days=r.work_days,
                    voucher=f"{year}-{number:04d}",
                )
            )
    return FinanceDemo(budget, transactions)
