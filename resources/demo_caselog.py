"""Fictional, realistic demo records for the advocate case log.

About 2 000 ombudsman case events over the previous full year and the current year so far,
a bank of 30 guardians and about 90 requests for a child's guardian. The cases are the
kinds the ombudsmen's yearly reports describe; no record names or identifies a client.
Everything is drawn from a seeded random generator, so the demo is the same every time
for the same day.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from domain.caselog import (
    CaseEvent,
    Guardian,
    GuardianRequest,
    Language,
    Matter,
    Outcome,
    Provider,
    ReferenceKind,
    ReferenceValue,
    Sector,
)

EVENT_COUNT = 2000
REQUEST_COUNT = 90
OPEN_REQUESTS = 3
SEED = 20240101

S, H = Sector.SOCIAL, Sector.HEALTH

# The municipalities of each wellbeing services county, the biggest first (and most often).
MUNICIPALITIES = {
    "Pirkanmaan hyvinvointialue": [
        ("Tampere", 40),
        ("Nokia", 6),
        ("Ylöjärvi", 6),
        ("Kangasala", 6),
        ("Lempäälä", 5),
        ("Pirkkala", 4),
        ("Sastamala", 4),
        ("Valkeakoski", 4),
        ("Orivesi", 2),
        ("Mänttä-Vilppula", 2),
        ("Ikaalinen", 1),
        ("Parkano", 1),
    ],
    "Kanta-Hämeen hyvinvointialue": [
        ("Hämeenlinna", 30),
        ("Riihimäki", 12),
        ("Forssa", 7),
        ("Janakkala", 5),
        ("Hattula", 3),
        ("Loppi", 3),
        ("Hausjärvi", 3),
        ("Tammela", 2),
        ("Jokioinen", 2),
    ],
    "Satakunnan hyvinvointialue": [("Pori", 10), ("Rauma", 5), ("Ulvila", 2), ("Kankaanpää", 2)],
}
# Most events come from the first area, many from the second, a few from the third.
AREA_WEIGHTS = (62, 36, 2)


@dataclass(frozen=True)
class Scenario:
    """A kind of case: where, what about, what is usually done, and how it is summarised."""

    sector: Sector
    service_areas: tuple[str, ...]
    nature: str
    reasons: tuple[str, ...]  # the first always, a second one sometimes
    measures: tuple[str, ...]  # likewise
    weight: int
    summaries: tuple[str, ...]


TYYT, TIETO, EI_KUULU = "tyytymättömyys", "tiedon tarve", "ei kuulu tehtäväkenttään"
NEUVONTA, MUISTUTUS, KANTELU = (
    "neuvonta ja ohjaus",
    "avustaminen muistutuksessa",
    "ohjaus kanteluun",
)
OIKAISU, VAHINKO = (
    "ohjaus oikaisuvaatimukseen tai valitukseen",
    "vahingonkorvaus tai potilasvahinkoilmoitus",
)
VALITYS, SOVITTELU = "asian välittäminen suostumuksella", "sovittelu"

SCENARIOS = (
    # --- health care (Act 785/1992) ---------------------------------------------------
    Scenario(
        H,
        ("terveysasema",),
        TYYT,
        ("hoitoon pääsy",),
        (NEUVONTA, MUISTUTUS),
        12,
        (
            "Ei ole saanut lääkäriaikaa terveysasemalta kolmeen viikkoon.",
            "Takaisinsoittoa terveysasemalta ei ole tullut luvatussa ajassa.",
            "Hoitajan arvio puhelimessa, vastaanottoaikaa ei annettu.",
            "Kysyi, voiko terveysaseman vaihtaa, kun omalle asemalle ei pääse.",
        ),
    ),
    Scenario(
        H,
        ("terveysasema",),
        TYYT,
        ("hoito ja tutkimus", "kohtelu"),
        (NEUVONTA, MUISTUTUS),
        7,
        (
            "Kokee, ettei lääkäri tutkinut vaivaa riittävästi.",
            "Lähetettä erikoissairaanhoitoon ei kirjoitettu, vaikka oireet jatkuvat.",
            "Lääkitystä muutettiin ilman, että asiasta keskusteltiin.",
            "Etävastaanotolla ei koettu tulleen kuulluksi.",
        ),
    ),
    Scenario(
        H,
        ("terveysasema", "sairaala"),
        TIETO,
        ("tiedonsaanti",),
        (NEUVONTA,),
        6,
        (
            "Kysyi, miten saa kopiot omista potilasasiakirjoistaan.",
            "Kysyi oikeudesta saada hoitoa toisella hyvinvointialueella.",
            "Halusi tietää, miten muistutus tehdään ja kuka siihen vastaa.",
            "Kysyi hoitotakuun määräajoista.",
        ),
    ),
    Scenario(
        H,
        ("terveysasema", "sairaala", "mielenterveyspalvelut"),
        TYYT,
        ("tietosuoja", "tiedonsaanti"),
        (NEUVONTA, KANTELU),
        3,
        (
            "Epäilee, että hänen potilastietojaan on katsottu ilman hoitosuhdetta.",
            "Pyysi virheellisen merkinnän korjaamista potilaskertomukseen.",
            "Kysyi, kuka on katsonut hänen tietojaan ja miten lokitiedot pyydetään.",
        ),
    ),
    Scenario(
        H,
        ("sairaala",),
        TYYT,
        ("hoito ja tutkimus", "tiedonsaanti"),
        (MUISTUTUS, NEUVONTA, KANTELU),
        11,
        (
            "Omainen tyytymätön kotiutukseen: kotiutettiin ennen kuin kotihoito oli järjestetty.",
            "Leikkauksen jälkeistä kipua ei hoidettu osastolla riittävästi.",
            "Tutkimustulokset kerrottiin vasta kuukauden kuluttua.",
            "Leikkaus siirtyi kahdesti, uudesta ajasta ei ole tietoa.",
        ),
    ),
    Scenario(
        H,
        ("sairaala", "päivystys"),
        TYYT,
        ("potilasvahinko", "hoito ja tutkimus"),
        (VAHINKO, NEUVONTA),
        6,
        (
            "Epäilee toimenpiteessä syntyneen hermovaurion, kysyi potilasvahinkoilmoituksesta.",
            "Sai infektion toimenpiteen jälkeen, kysyi korvauksista.",
            "Murtuma jäi päivystyksessä huomaamatta, ohjattu potilasvahinkoilmoitukseen.",
        ),
    ),
    Scenario(
        H,
        ("sairaala", "päivystys"),
        TYYT,
        ("kohtelu",),
        (MUISTUTUS, VALITYS, SOVITTELU),
        5,
        (
            "Koki hoitajan puhuneen hänelle tylysti osastolla.",
            "Omaista ei otettu mukaan hoitoneuvotteluun, vaikka potilas oli sitä pyytänyt.",
            "Koki, ettei hänen kipuaan otettu päivystyksessä todesta.",
        ),
    ),
    Scenario(
        H,
        ("päivystys",),
        TYYT,
        ("hoitoon pääsy", "hoito ja tutkimus"),
        (NEUVONTA, MUISTUTUS),
        8,
        (
            "Odotti päivystyksessä yli kahdeksan tuntia.",
            "Lähetettiin päivystyksestä kotiin, palasi seuraavana päivänä ambulanssilla.",
            "Päivystysapu-puhelimessa ei ohjattu päivystykseen.",
        ),
    ),
    Scenario(
        H,
        ("terveysasema", "päivystys", "sairaala"),
        TYYT,
        ("maksut",),
        (NEUVONTA,),
        6,
        (
            "Kysyi asiakasmaksun kohtuullistamisesta.",
            "Sai sakkomaksun käynnistä, jonka oli peruuttanut ajoissa.",
            "Maksukatto ylittyi, mutta laskuja tulee edelleen.",
            "Lasku on mennyt perintään, vaikka maksusta oli sovittu.",
        ),
    ),
    Scenario(
        H,
        ("hammashoito",),
        TYYT,
        ("hoitoon pääsy",),
        (NEUVONTA, MUISTUTUS),
        5,
        (
            "Hammaslääkäriaikaa ei saa, jonottanut puoli vuotta.",
            "Kiireellistä hammashoitoa ei annettu särkyyn.",
        ),
    ),
    Scenario(
        H,
        ("hammashoito",),
        TYYT,
        ("hoito ja tutkimus", "maksut"),
        (MUISTUTUS, NEUVONTA),
        3,
        (
            "Paikka irtosi pian hoidon jälkeen, korjauksesta peritään maksu.",
            "Hammasproteesin sovitus epäonnistui, kysyi hyvityksestä.",
        ),
    ),
    Scenario(
        H,
        ("mielenterveyspalvelut",),
        TYYT,
        ("hoitoon pääsy",),
        (NEUVONTA, MUISTUTUS),
        6,
        (
            "Nuori ei ole päässyt psykiatriselle sairaanhoitajalle kuukausiin.",
            "Terapiaan ohjautuminen viivästyy, eikä jonotilanteesta saa tietoa.",
            "Hoitokontakti päätettiin, vaikka vointi ei ole parantunut.",
        ),
    ),
    Scenario(
        H,
        ("mielenterveyspalvelut",),
        TYYT,
        ("päätös", "kohtelu"),
        (OIKAISU, NEUVONTA),
        4,
        (
            "Tahdosta riippumaton hoito: kysyi, miten päätökseen haetaan muutosta.",
            "Koki, ettei häntä kuultu hoitoneuvottelussa.",
            "Kysyi rajoitustoimenpiteiden perusteista osastolla.",
        ),
    ),
    Scenario(
        H,
        ("muut",),
        EI_KUULU,
        ("muu",),
        (NEUVONTA,),
        2,
        (
            "Kysyi vakuutusyhtiön korvauspäätöksestä, ohjattu vakuutusyhtiön valituslautakuntaan.",
            "Kysyi työterveyshuollon sopimuksesta, ohjattu työnantajan puoleen.",
        ),
    ),
    # --- social welfare (Act 812/2000) ------------------------------------------------
    Scenario(
        S,
        ("iäkkäiden palvelut",),
        TYYT,
        ("palvelun toteutus",),
        (NEUVONTA, MUISTUTUS, VALITYS),
        9,
        (
            "Kotihoidon käynnit myöhästyvät ja hoitajat vaihtuvat jatkuvasti.",
            "Omainen huolissaan äitinsä ravitsemuksesta hoivakodissa.",
            "Kotihoidon käyntiaikaa lyhennettiin ilman perusteluja.",
            "Ulkoiluapua ei ole järjestetty palvelusuunnitelman mukaisesti.",
        ),
    ),
    Scenario(
        S,
        ("iäkkäiden palvelut",),
        TYYT,
        ("päätös",),
        (OIKAISU, NEUVONTA),
        5,
        (
            "Hakemus ympärivuorokautiseen palveluasumiseen hylättiin.",
            "Omaishoidon tuen hoitopalkkio laski uudessa päätöksessä.",
            "Palvelusetelin arvo ei riitä hoivakodin maksuun.",
        ),
    ),
    Scenario(
        S,
        ("iäkkäiden palvelut", "vammaispalvelut"),
        TIETO,
        ("maksut",),
        (NEUVONTA,),
        5,
        (
            "Kysyi asiakasmaksun kohtuullistamisesta.",
            "Palveluasumisen maksu nousi, kysyi maksun perusteista.",
            "Kysyi, mitä kotihoidon kuukausimaksuun sisältyy.",
        ),
    ),
    Scenario(
        S,
        ("vammaispalvelut",),
        TYYT,
        ("päätös",),
        (OIKAISU, NEUVONTA),
        8,
        (
            "Kuljetuspalvelumatkojen määrää vähennettiin.",
            "Henkilökohtaista apua ei myönnetty haettua määrää.",
            "Asunnon muutostöihin haettu korvaus evättiin.",
        ),
    ),
    Scenario(
        S,
        ("vammaispalvelut",),
        TYYT,
        ("palvelun toteutus",),
        (NEUVONTA, MUISTUTUS),
        4,
        (
            "Kuljetuspalvelun auto ei saapunut sovittuun aikaan.",
            "Palvelusuunnitelmaa ei ole päivitetty kahteen vuoteen.",
        ),
    ),
    Scenario(
        S,
        ("lastensuojelu",),
        TYYT,
        ("kohtelu", "päätös"),
        (NEUVONTA, KANTELU, SOVITTELU),
        6,
        (
            "Vanhempi kokee, ettei häntä kuultu asiakassuunnitelmaa tehtäessä.",
            "Sosiaalityöntekijä on vaihtunut usein, eikä yhteydenottoihin vastata.",
            "Kysyi, miten huostaanottopäätökseen voi hakea muutosta.",
        ),
    ),
    Scenario(
        S,
        ("lastensuojelu",),
        TIETO,
        ("tiedonsaanti",),
        (NEUVONTA,),
        3,
        (
            "Isovanhempi kysyi oikeudesta tavata sijoitettua lastenlastaan.",
            "Kysyi oikeudesta nähdä lastensuojelun asiakirjat.",
        ),
    ),
    Scenario(
        S,
        ("lapsiperheiden palvelut",),
        TYYT,
        ("palvelun toteutus", "päätös"),
        (NEUVONTA, MUISTUTUS),
        4,
        (
            "Perhe ei saanut kotipalvelua, vaikka tarve on arvioitu.",
            "Perhetyön jakso päätettiin ennen sovittua.",
        ),
    ),
    Scenario(
        S,
        ("perheoikeudelliset palvelut",),
        TYYT,
        ("kohtelu", "palvelun toteutus"),
        (NEUVONTA, MUISTUTUS),
        3,
        (
            "Tyytymätön olosuhdeselvityksen tekemiseen.",
            "Valvottujen tapaamisten järjestäminen viivästyy.",
        ),
    ),
    Scenario(
        S,
        ("päihdehuolto",),
        TYYT,
        ("päätös", "palvelun toteutus"),
        (OIKAISU, NEUVONTA),
        3,
        (
            "Päihdekuntoutukseen ei myönnetty maksusitoumusta.",
            "Korvaushoitoon pääsy viivästyy.",
        ),
    ),
    Scenario(
        S,
        ("työikäisten palvelut",),
        TYYT,
        ("palvelun toteutus", "kohtelu"),
        (NEUVONTA, MUISTUTUS),
        6,
        (
            "Sosiaalityöntekijää ei tavoita puhelimitse.",
            "Asiakassuunnitelmaa ei ole tehty, vaikka sitä pyydettiin.",
            "Kysyi asumisneuvonnasta vuokrarästien vuoksi.",
        ),
    ),
    Scenario(
        S,
        ("työikäisten palvelut", "iäkkäiden palvelut"),
        TIETO,
        ("tietosuoja",),
        (NEUVONTA,),
        2,
        (
            "Kysyi, kenelle sosiaalihuollon tietoja saa luovuttaa.",
            "Kysyi, saako omainen tietoja ilman asiakkaan suostumusta.",
        ),
    ),
    Scenario(
        S,
        ("toimeentulotuki",),
        TYYT,
        ("päätös",),
        (OIKAISU, NEUVONTA),
        7,
        (
            "Täydentävää toimeentulotukea lääkkeisiin ei myönnetty.",
            "Hakemuksen käsittely on kestänyt yli seitsemän arkipäivää.",
            "Ehkäisevää toimeentulotukea vuokrarästeihin ei myönnetty.",
        ),
    ),
    Scenario(
        S,
        ("Kelan palvelut",),
        TIETO,
        ("päätös", "tiedonsaanti"),
        (NEUVONTA, OIKAISU),
        7,
        (
            "Kysyi, miten Kelan perustoimeentulotuen päätökseen haetaan oikaisua.",
            "Asumistuki lakkautettiin, kysyi muutoksenhausta.",
            "Kelan käsittelyaika venyy, eikä asiasta saa tietoa.",
        ),
    ),
    Scenario(
        S,
        ("varhaiskasvatus",),
        TYYT,
        ("päätös", "palvelun toteutus"),
        (NEUVONTA,),
        1,
        (
            "Lapselle ei järjestetty tukea varhaiskasvatuksessa.",
            "Varhaiskasvatuspaikka osoitettiin kaukaa kotoa.",
        ),
    ),
    Scenario(
        S,
        ("muut",),
        EI_KUULU,
        ("muu",),
        (NEUVONTA,),
        2,
        (
            "Kysyi naapuririidasta, ohjattu oikeusaputoimistoon.",
            "Kysyi perunkirjoituksesta, ohjattu oikeusaputoimistoon.",
            "Kysyi vuokranantajan irtisanomisesta, ohjattu kuluttajaneuvontaan.",
        ),
    ),
)
# Health care brings more cases than social welfare.
SECTOR_WEIGHTS = {H: 60, S: 40}

CONTACTS_BY = (("asiakas", 70), ("omainen tai läheinen", 25), ("henkilöstö", 3), ("muu", 2))
# Channel, how often, and the minutes it usually takes (low, high, most likely).
CHANNELS = (
    ("puhelin", 72, (10, 50, 20)),
    ("sähköposti", 14, (10, 40, 15)),
    ("tapaaminen", 6, (40, 90, 60)),
    ("etäyhteys", 3, (30, 75, 45)),
    ("kirje", 5, (20, 60, 30)),
)
LANGUAGES = ((Language.FINNISH, 95), (Language.SWEDISH, 2), (Language.OTHER, 3))

# Invented people. Background as the bank lists it; the last six have left the bank.
GUARDIANS = (
    ("Aalto", "Kirsi", "sosiaaliala", "Pirkanmaan hyvinvointialue", ""),
    ("Berg", "Annika", "juristi", "Pirkanmaan hyvinvointialue", "Puhuu myös ruotsia."),
    ("Eskola", "Marja-Leena", "sosiaaliala (eläkkeellä)", "Pirkanmaan hyvinvointialue", ""),
    (
        "Halonen",
        "Jussi",
        "juristi",
        "Pirkanmaan hyvinvointialue",
        "Ottaa ensisijaisesti rikosasioita.",
    ),
    ("Heinonen", "Päivi", "sairaanhoitaja", "Pirkanmaan hyvinvointialue", ""),
    ("Ikonen", "Tapio", "nuorisotyö", "Pirkanmaan hyvinvointialue", ""),
    ("Jalonen", "Riitta", "opettaja", "Pirkanmaan hyvinvointialue", "Ei iltakuulusteluja."),
    ("Karvonen", "Mervi", "sosiaaliala", "Pirkanmaan hyvinvointialue", ""),
    ("Kettunen", "Ilkka", "poliisi (eläkkeellä)", "Pirkanmaan hyvinvointialue", ""),
    ("Lahtinen", "Sirpa", "psykologi", "Pirkanmaan hyvinvointialue", ""),
    ("Leino", "Hannele", "lastentarhanopettaja", "Pirkanmaan hyvinvointialue", ""),
    ("Manninen", "Olli", "juristi", "Pirkanmaan hyvinvointialue", ""),
    ("Niemelä", "Tarja", "sosiaaliala", "Pirkanmaan hyvinvointialue", "Myös viittomakieli."),
    ("Pelkonen", "Ari", "perhetyö", "Pirkanmaan hyvinvointialue", ""),
    ("Rinne", "Susanna", "sosiaaliala", "Pirkanmaan hyvinvointialue", ""),
    ("Sirola", "Merja", "terveydenhoitaja", "Pirkanmaan hyvinvointialue", ""),
    ("Anttila", "Heli", "sosiaaliala", "Kanta-Hämeen hyvinvointialue", ""),
    ("Hirvonen", "Markus", "juristi", "Kanta-Hämeen hyvinvointialue", ""),
    ("Koivula", "Eeva", "opettaja (eläkkeellä)", "Kanta-Hämeen hyvinvointialue", ""),
    ("Lindroos", "Camilla", "sosiaaliala", "Kanta-Hämeen hyvinvointialue", "Puhuu myös ruotsia."),
    ("Mustonen", "Jari", "nuorisotyö", "Kanta-Hämeen hyvinvointialue", ""),
    ("Paananen", "Leena", "psykiatrinen sairaanhoitaja", "Kanta-Hämeen hyvinvointialue", ""),
    ("Saarela", "Timo", "perhetyö", "Kanta-Hämeen hyvinvointialue", ""),
    ("Vainio", "Anne", "sosiaaliala", "Kanta-Hämeen hyvinvointialue", ""),
    # left the bank during the demo period
    (
        "Grönroos",
        "Pirjo",
        "sosiaaliala",
        "Pirkanmaan hyvinvointialue",
        "Jäi pois pankista muuton vuoksi.",
    ),
    ("Kuusisto", "Raimo", "juristi", "Pirkanmaan hyvinvointialue", "Tauolla omasta pyynnöstään."),
    ("Laitinen", "Minna", "sairaanhoitaja", "Pirkanmaan hyvinvointialue", "Jäi pois pankista."),
    ("Ojala", "Kari", "poliisi (eläkkeellä)", "Kanta-Hämeen hyvinvointialue", "Jäi pois pankista."),
    ("Rautiainen", "Sari", "opettaja", "Kanta-Hämeen hyvinvointialue", "Tauolla opintojen vuoksi."),
    (
        "Vuorela",
        "Heikki",
        "sosiaaliala (eläkkeellä)",
        "Kanta-Hämeen hyvinvointialue",
        "Jäi pois pankista.",
    ),
)
ACTIVE_GUARDIANS = 24

# Who asks for a child's guardian, how often, and how often it is a criminal matter.
REQUESTERS = (
    ("poliisi", 45, 0.95),
    ("lastensuojelu", 30, 0.0),
    ("syyttäjä", 10, 1.0),
    ("käräjäoikeus", 10, 0.3),
    ("muu", 5, 0.2),
)
# Outcome, how often, and the days from the request to the closing (low, high).
OUTCOMES = (
    (Outcome.PLACED, 82, (1, 10)),
    (Outcome.NONE_FOUND, 8, (10, 30)),
    (Outcome.CANCELLED, 10, (1, 15)),
)


@dataclass(frozen=True)
class CaseLogDemo:
    events: list[CaseEvent]
    guardians: list[Guardian]
    requests: list[GuardianRequest]


class _Lists:
    """The reference values by their Finnish names (service areas per sector)."""

    def __init__(self, values: Iterable[ReferenceValue]) -> None:
        self._ids = {(v.kind, v.sector, v.name_fi): v.id for v in values if not v.retired}

    def id(self, kind: ReferenceKind, name: str, sector: Sector | None = None) -> str:
        return self._ids[(kind, sector, name)]


def _pick(rng: random.Random, weighted: Sequence[tuple]) -> tuple:
    """One row of (value, weight, …) rows, by its weight."""
    return rng.choices(weighted, weights=[row[1] for row in weighted])[0]


def _working_days(start: date, end: date) -> tuple[list[date], list[float]]:
    """Weekdays other than the fixed holidays, with less work in July (the summer holiday)."""
    holidays = {(1, 1), (1, 6), (5, 1), (12, 6), (12, 24), (12, 25), (12, 26)}
    days, weights = [], []
    day = start
    while day <= end:
        if day.weekday() < 5 and (day.month, day.day) not in holidays:
            days.append(day)
            weights.append(0.3 if day.month == 7 else 1.0)
        day += timedelta(days=1)
    return days, weights


def _minutes(rng: random.Random, low: int, high: int, mode: int) -> int:
    """Time spent in five-minute steps, 10–90 minutes."""
    return max(10, min(90, 5 * round(rng.triangular(low, high, mode) / 5)))


def _some(rng: random.Random, options: Sequence[str], second: float) -> list[str]:
    """The first option, and another of them with the probability ``second``."""
    chosen = [options[0]]
    if len(options) > 1 and rng.random() < second:
        chosen.append(rng.choice(options[1:]))
    return chosen


def demo_events(
    rng: random.Random, today: date, ombudsman_id: str, lists: _Lists, areas: Sequence[str]
) -> list[CaseEvent]:
    days, day_weights = _working_days(date(today.year - 1, 1, 1), today)
    chosen_days = sorted(rng.choices(days, weights=day_weights, k=EVENT_COUNT))
    by_sector = {sector: [s for s in SCENARIOS if s.sector is sector] for sector in Sector}
    area_weights = AREA_WEIGHTS[: len(areas)]
    R = ReferenceKind
    events: list[CaseEvent] = []
    for day in chosen_days:
        sector = rng.choices(list(SECTOR_WEIGHTS), weights=list(SECTOR_WEIGHTS.values()))[0]
        scenario = rng.choices(by_sector[sector], weights=[s.weight for s in by_sector[sector]])[0]
        area = rng.choices(areas, weights=area_weights)[0]
        towns = MUNICIPALITIES.get(area, [])
        municipality = _pick(rng, towns)[0] if towns and rng.random() < 0.85 else ""
        channel, _w, (low, high, mode) = _pick(rng, CHANNELS)
        reasons = _some(rng, scenario.reasons, 0.3)
        measures = _some(rng, scenario.measures, 0.35 if scenario.nature == TYYT else 0.1)
        private = rng.random() < (0.2 if sector is S else 0.12)
        # Many who are dissatisfied first want to know their rights: an information need.
        nature = TIETO if scenario.nature == TYYT and rng.random() < 0.3 else scenario.nature
        events.append(
            CaseEvent(
                day=day,
                area=area,
                sector=sector,
                ombudsman_id=ombudsman_id,
                municipality=municipality,
                service_area_id=lists.id(
                    R.SERVICE_AREA, rng.choice(scenario.service_areas), sector
                ),
                nature_id=lists.id(R.NATURE, nature),
                reason_ids=[lists.id(R.REASON, name) for name in reasons],
                contact_by_id=lists.id(R.CONTACT_BY, _pick(rng, CONTACTS_BY)[0]),
                channel_id=lists.id(R.CHANNEL, channel),
                measure_ids=[lists.id(R.MEASURE, name) for name in measures],
                provider=Provider.PRIVATE if private else Provider.PUBLIC,
                language=_pick(rng, LANGUAGES)[0],
                minutes=_minutes(rng, low, high, mode),
                summary=rng.choice(scenario.summaries),
            )
        )
    return events


def demo_guardians(rng: random.Random, today: date) -> tuple[list[Guardian], dict[str, date]]:
    """The bank, and the day each guardian who has left was last available."""
    start = date(today.year - 1, 1, 1)
    span = max((today - start).days, 1)
    guardians: list[Guardian] = []
    left: dict[str, date] = {}
    for i, (last, first, background, area, notes) in enumerate(GUARDIANS):
        active = i < ACTIVE_GUARDIANS
        email_name = f"{first}.{last}".lower().translate(str.maketrans("äöå", "aoa"))
        g = Guardian(
            last_name=last,
            first_name=first,
            phone=f"04{rng.choice('0145')} {rng.randrange(100, 1000)} {rng.randrange(1000, 10000)}",
            email=f"{email_name}@edunvalvoja.example",
            area=area,
            active=active,
            background=background,
            notes=notes,
        )
        guardians.append(g)
        if not active:
            # Gone at some point of the period, spread from its first months to recent weeks.
            k = i - ACTIVE_GUARDIANS
            left[g.id] = start + timedelta(
                days=span * (k + 1) // (len(GUARDIANS) - ACTIVE_GUARDIANS + 1)
            )
    return guardians, left


def demo_requests(
    rng: random.Random,
    today: date,
    lists: _Lists,
    areas: Sequence[str],
    guardians: list[Guardian],
    left: dict[str, date],
) -> list[GuardianRequest]:
    days, _weights = _working_days(date(today.year - 1, 1, 1), today)
    # The last few arrived in the past two weeks and are still open.
    recent = [d for d in days if (today - d).days < 14] or days[-1:]
    chosen = sorted(
        rng.choices(days, k=REQUEST_COUNT - OPEN_REQUESTS) + rng.choices(recent, k=OPEN_REQUESTS)
    )
    numbers: dict[int, int] = {}
    requests: list[GuardianRequest] = []
    for day in chosen:
        requester, _w, criminal = _pick(rng, REQUESTERS)
        matter = Matter.CRIMINAL if rng.random() < criminal else Matter.CHILD_WELFARE
        area = rng.choices(areas[:2], weights=AREA_WEIGHTS[:2])[0]
        numbers[day.year] = numbers.get(day.year, 0) + 1
        request = GuardianRequest(
            day=day,
            requester_id=lists.id(ReferenceKind.REQUESTER, requester),
            matter=matter,
            area=area,
            reference=f"EV-{day.year}-{numbers[day.year]:03d}",
        )
        outcome, _w, (low, high) = _pick(rng, OUTCOMES)
        closed = day + timedelta(days=rng.randint(low, high))
        if closed <= today and (today - day).days >= 14:
            request.outcome, request.closed = outcome, closed
            if outcome is Outcome.PLACED:
                # An active guardian of the area, as a rule; someone from the other area at times.
                available = [g for g in guardians if g.active or left[g.id] >= closed]
                local = [g for g in available if g.area == area]
                request.guardian_id = rng.choice(
                    local if local and rng.random() < 0.85 else available
                ).id
        requests.append(request)
    return requests


def demo_caselog(
    today: date, ombudsman_id: str, values: Iterable[ReferenceValue], areas: Sequence[str]
) -> CaseLogDemo:
    """The case log's demo records: ``areas`` are the organisation's, the first two busiest."""
    rng = random.Random(SEED)
    lists = _Lists(values)
    events = demo_events(rng, today, ombudsman_id, lists, areas)
    guardians, left = demo_guardians(rng, today)
    requests = demo_requests(rng, today, lists, areas, guardians, left)
    return CaseLogDemo(events, guardians, requests)
