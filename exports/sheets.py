"""The workbook's sheets, one declarative description each (docs/workbook.md).

A description names the sheet in Finnish and English, its columns (header in both
languages, type, whether required, default), its natural key and how rows are ordered.
Export and import are both driven by these descriptions: a new tab adds its sheet by
adding a description to ``SHEETS`` (and ``IMPORT_ORDER``), and its handler, which reads
and writes the sheet's records, to ``services.sheets.SHEET_HANDLERS``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from domain.board import BoardRole, Meeting, MeetingKind, TermSeat
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
from domain.finance import BudgetLine, Category, CategoryKind, Transaction
from domain.organisation import LegalForm
from domain.projects import (
    AssignmentRow,
    FundingLine,
    OurRole,
    PartnerRole,
    Project,
    ProjectPartner,
    ProjectStatus,
)
from domain.records import finnish_key
from domain.staff import Employment, StaffMember, Trainee, TraineeKind
from exports.columns import (
    Areas,
    CategoryRef,
    Choice,
    ColumnType,
    DateType,
    Integer,
    Money,
    Number,
    Option,
    PersonRef,
    ProjectRef,
    ReferenceChoice,
    Text,
)

ID_HEADERS = ("Tunniste", "ID")


@dataclass(frozen=True)
class ColumnSpec:
    key: str  # the record's attribute
    fi: str
    en: str
    type: ColumnType
    required: bool = False
    default: Any = None  # taken when a new record leaves the cell empty

    def header(self, lang: str) -> str:
        return self.fi if lang == "fi" else self.en


@dataclass(frozen=True)
class OrderRefs:
    """What a sheet's order may need beyond its own rows: how the records it names sort."""

    codes: Mapping[str, str] = field(default_factory=dict)  # project ID → code
    categories: Mapping[str, int] = field(
        default_factory=dict
    )  # category ID → place in the categories' order


@dataclass(frozen=True)
class SheetSpec:
    key: str
    fi: str
    en: str
    columns: tuple[ColumnSpec, ...]
    natural_key: tuple[str, ...]  # empty: rows without an ID are always added
    new_record: Callable[[dict[str, Any]], Any]
    order: Callable[[Any], tuple]
    # The database allows one record per natural key, so a row with a new ID may not
    # repeat the key of another record either.
    unique_key: bool = False
    # An order that needs the referenced records (the categories' order); used instead of
    # ``order`` when given. Without it, rows that name a project come by its code first.
    order_refs: Callable[[Any, OrderRefs], tuple] | None = None

    def name(self, lang: str) -> str:
        return self.fi if lang == "fi" else self.en

    def column(self, key: str) -> ColumnSpec:
        for c in self.columns:
            if c.key == key:
                return c
        raise KeyError(key)


def _fold(text: str | None) -> str:
    """Names in Finnish alphabetical order, as the lists and the reports have them."""
    return finnish_key(text)


def _name_order(record: Any) -> tuple:
    return (
        _fold(record.last_name),
        _fold(record.first_name),
        record.start or date.min,
        record.id,
    )


STAFF = SheetSpec(
    key="staff",
    fi="Henkilöstö",
    en="Staff",
    columns=(
        ColumnSpec("last_name", "Sukunimi", "Last name", Text(18), required=True),
        ColumnSpec("first_name", "Etunimi", "First name", Text(16), required=True),
        ColumnSpec("title", "Tehtävänimike", "Title", Text(32), required=True),
        ColumnSpec(
            "employment",
            "Palvelussuhde",
            "Employment",
            Choice(
                Option(Employment.PERMANENT, "vakinainen", "permanent"),
                Option(Employment.FIXED_TERM, "määräaikainen", "fixed-term"),
            ),
            default=Employment.PERMANENT,
        ),
        ColumnSpec(
            "fte_percent",
            "Työaika-%",
            "FTE %",
            Number(Decimal(1), Decimal(100)),
            default=Decimal(100),
        ),
        ColumnSpec("start", "Alkaen", "Start", DateType()),
        ColumnSpec("end", "Päättyen", "End", DateType()),
        ColumnSpec("email", "Sähköposti", "Email", Text(28), default=""),
        ColumnSpec("phone", "Puhelin", "Phone", Text(16), default=""),
        ColumnSpec("notes", "Lisätiedot", "Notes", Text(30), default=""),
    ),
    natural_key=("last_name", "first_name", "start"),
    new_record=lambda v: StaffMember(**v),
    order=_name_order,
)

TRAINEES = SheetSpec(
    key="trainees",
    fi="Harjoittelijat",
    en="Trainees",
    columns=(
        ColumnSpec("last_name", "Sukunimi", "Last name", Text(18), required=True),
        ColumnSpec("first_name", "Etunimi", "First name", Text(16), required=True),
        ColumnSpec(
            "institution", "Oppilaitos tai organisaatio", "Institution", Text(30), default=""
        ),
        ColumnSpec(
            "kind",
            "Tyyppi",
            "Kind",
            Choice(
                Option(TraineeKind.INTERNSHIP, "harjoittelu", "internship"),
                Option(TraineeKind.THESIS, "opinnäytetyö", "thesis"),
                Option(TraineeKind.PROJECT_STUDIES, "hankeopinnot", "project studies"),
                Option(TraineeKind.WORK_TRIAL, "työkokeilu", "work trial"),
            ),
            required=True,
        ),
        ColumnSpec("project_id", "Hanke", "Project", ProjectRef()),
        ColumnSpec("start", "Alkaen", "Start", DateType(), required=True),
        ColumnSpec("end", "Päättyen", "End", DateType()),
        ColumnSpec(
            "supervisor_id", "Ohjaaja", "Supervisor", PersonRef("staff", on_date_of="start")
        ),
        ColumnSpec("notes", "Lisätiedot", "Notes", Text(30), default=""),
    ),
    natural_key=("last_name", "first_name", "start"),
    new_record=lambda v: Trainee(**v),
    order=_name_order,
)

BOARD_ROLES = Choice(
    Option(BoardRole.CHAIR, "puheenjohtaja", "chair"),
    Option(BoardRole.VICE_CHAIR, "varapuheenjohtaja", "vice chair"),
    Option(BoardRole.MEMBER, "jäsen", "member"),
    Option(BoardRole.EXPERT_MEMBER, "asiantuntijajäsen", "expert member"),
    Option(BoardRole.SECRETARY, "sihteeri", "secretary"),
)

BOARD = SheetSpec(
    key="board",
    fi="Hallitus",
    en="Board",
    columns=(
        ColumnSpec("term_start", "Toimikausi alkaa", "Term start", DateType(), required=True),
        ColumnSpec("term_end", "Toimikausi päättyy", "Term end", DateType()),
        ColumnSpec("role", "Rooli", "Role", BOARD_ROLES, required=True),
        ColumnSpec(
            "member_last_name", "Jäsen sukunimi", "Member last name", Text(18), required=True
        ),
        ColumnSpec(
            "member_first_name", "Jäsen etunimi", "Member first name", Text(16), required=True
        ),
        ColumnSpec("member_title", "Jäsenen nimike", "Member title", Text(30), default=""),
        ColumnSpec(
            "member_organisation",
            "Jäsenen organisaatio",
            "Member organisation",
            Text(30),
            default="",
        ),
        ColumnSpec(
            "deputy_last_name", "Varajäsen sukunimi", "Deputy last name", Text(18), default=""
        ),
        ColumnSpec(
            "deputy_first_name", "Varajäsen etunimi", "Deputy first name", Text(16), default=""
        ),
        ColumnSpec(
            "deputy_organisation",
            "Varajäsenen organisaatio",
            "Deputy organisation",
            Text(30),
            default="",
        ),
    ),
    natural_key=("term_start", "member_last_name", "member_first_name"),
    new_record=lambda v: TermSeat(**v),
    order=lambda r: (
        r.term_start,
        r.role.rank,
        _fold(r.member_last_name),
        _fold(r.member_first_name),
        r.id,
    ),
)

MEETING_KINDS = Choice(
    Option(MeetingKind.BOARD, "hallituksen kokous", "board meeting"),
    Option(MeetingKind.ANNUAL_GENERAL, "varsinainen yhtiökokous", "annual general meeting"),
    Option(
        MeetingKind.EXTRAORDINARY_GENERAL,
        "ylimääräinen yhtiökokous",
        "extraordinary general meeting",
    ),
    width=26,
)

MEETINGS = SheetSpec(
    key="meetings",
    fi="Kokoukset",
    en="Meetings",
    columns=(
        ColumnSpec("held_on", "Päivämäärä", "Date", DateType(), required=True),
        ColumnSpec("kind", "Tyyppi", "Kind", MEETING_KINDS, required=True),
        ColumnSpec("number", "Numero", "Number", Text(10), default=""),
        ColumnSpec("place", "Paikka", "Place", Text(24), default=""),
        ColumnSpec("notes", "Lisätiedot", "Notes", Text(40), default=""),
    ),
    natural_key=("held_on", "kind"),
    new_record=lambda v: Meeting(**v),
    order=lambda r: (r.held_on, list(MeetingKind).index(r.kind), r.id),
    unique_key=True,
)

ROLE_OPTIONS = (
    Option(OurRole.ADMINISTRATOR, "hallinnoija", "administrator"),
    Option(OurRole.LEAD_IMPLEMENTER, "päätoteuttaja", "lead implementer"),
    Option(OurRole.CO_IMPLEMENTER, "osatoteuttaja", "co-implementer"),
    Option(OurRole.EXPERT_SERVICE, "asiantuntijapalvelu", "expert service"),
    Option(OurRole.OTHER, "muu", "other"),
)

PROJECTS = SheetSpec(
    key="projects",
    fi="Hankkeet",
    en="Projects",
    columns=(
        ColumnSpec("code", "Lyhenne", "Code", Text(12), required=True),
        ColumnSpec("name", "Nimi", "Name", Text(40), required=True),
        ColumnSpec("start", "Alkaa", "Start", DateType()),
        ColumnSpec("end", "Päättyy", "End", DateType()),
        ColumnSpec(
            "status",
            "Tila",
            "Status",
            Choice(
                Option(ProjectStatus.PLANNED, "suunnitteilla", "planned"),
                Option(ProjectStatus.APPLIED, "haettu", "applied"),
                Option(ProjectStatus.GRANTED, "myönnetty", "granted"),
                Option(ProjectStatus.REJECTED, "hylätty", "rejected"),
            ),
            default=ProjectStatus.GRANTED,
        ),
        ColumnSpec("our_role", "Rooli", "Our role", Choice(*ROLE_OPTIONS, width=20), required=True),
        ColumnSpec(
            "lead_organisation",
            "Päätoteuttaja tai hallinnoija",
            "Lead organisation",
            Text(30),
            default="",
        ),
        ColumnSpec("total_budget", "Kokonaisbudjetti €", "Total budget €", Money()),
        ColumnSpec("our_budget", "Oma osuus €", "Our budget €", Money()),
        ColumnSpec("description", "Kuvaus", "Description", Text(40), default=""),
    ),
    natural_key=("code",),
    new_record=lambda v: Project(**v),
    order=lambda r: (_fold(r.code), r.id),
    unique_key=True,
)

PARTNERS = SheetSpec(
    key="project_partners",
    fi="Hankekumppanit",
    en="Project partners",
    columns=(
        ColumnSpec("project_id", "Lyhenne", "Code", ProjectRef(), required=True),
        ColumnSpec("organisation", "Organisaatio", "Organisation", Text(36), required=True),
        ColumnSpec(
            "role",
            "Rooli",
            "Role",
            Choice(
                *(
                    Option(PartnerRole(o.value.value), o.fi, o.en)
                    for o in ROLE_OPTIONS
                    if o.value is not OurRole.EXPERT_SERVICE
                ),
                width=18,
            ),
        ),
        ColumnSpec("country", "Maa", "Country", Text(14), default="Suomi"),
    ),
    natural_key=("project_id", "organisation"),
    new_record=lambda v: ProjectPartner(**v),
    order=lambda r: (r.project_id, _fold(r.organisation), r.id),
)

FUNDING = SheetSpec(
    key="project_funding",
    fi="Hankerahoitus",
    en="Project funding",
    columns=(
        ColumnSpec("project_id", "Lyhenne", "Code", ProjectRef(), required=True),
        ColumnSpec("funder", "Rahoittaja", "Funder", Text(24), required=True),
        ColumnSpec("share_percent", "Osuus %", "Share %", Number(Decimal(0), Decimal(100))),
        ColumnSpec("amount", "Summa €", "Amount €", Money()),
    ),
    natural_key=("project_id", "funder"),
    new_record=lambda v: FundingLine(**v),
    order=lambda r: (r.project_id, -(r.share_percent or 0), _fold(r.funder), r.id),
)

PROJECT_ROLES = SheetSpec(
    key="project_roles",
    fi="Hanketehtävät",
    en="Project roles",
    columns=(
        ColumnSpec("project_id", "Lyhenne", "Code", ProjectRef(), required=True),
        ColumnSpec("last_name", "Sukunimi", "Last name", Text(18), required=True),
        ColumnSpec("first_name", "Etunimi", "First name", Text(16), required=True),
        ColumnSpec("role", "Tehtävä", "Role", Text(26), required=True),
        ColumnSpec("fte_percent", "Työaika-%", "FTE %", Number(Decimal(1), Decimal(100))),
        ColumnSpec("start", "Alkaen", "Start", DateType()),
        ColumnSpec("end", "Päättyen", "End", DateType()),
    ),
    natural_key=("project_id", "last_name", "first_name", "start"),
    new_record=lambda v: AssignmentRow(**v),
    order=lambda r: (
        r.project_id,
        r.start or date.min,
        _fold(r.last_name),
        _fold(r.first_name),
        r.id,
    ),
)

CASE_EVENTS = SheetSpec(
    key="case_events",
    fi="Asiatapahtumat",
    en="Ombudsman cases",
    columns=(
        ColumnSpec("day", "Päivämäärä", "Date", DateType(), required=True),
        ColumnSpec("ombudsman_id", "Asiamies", "Ombudsman", PersonRef("staff", on_date_of="day")),
        ColumnSpec("area", "Alue", "Area", Text(16), required=True),
        ColumnSpec("municipality", "Kunta", "Municipality", Text(16), default=""),
        ColumnSpec(
            "sector",
            "Sektori",
            "Sector",
            Choice(
                Option(Sector.SOCIAL, "sosiaalihuolto", "social welfare"),
                Option(Sector.HEALTH, "terveydenhuolto", "health care"),
                width=16,
            ),
            required=True,
        ),
        ColumnSpec(
            "service_area_id",
            "Palvelutehtävä",
            "Service area",
            ReferenceChoice(ReferenceKind.SERVICE_AREA, sector_of="sector"),
        ),
        ColumnSpec("nature_id", "Luonne", "Nature", ReferenceChoice(ReferenceKind.NATURE)),
        ColumnSpec(
            "reason_ids",
            "Syy",
            "Reason",
            ReferenceChoice(ReferenceKind.REASON, multiple=True, width=30),
        ),
        ColumnSpec(
            "contact_by_id",
            "Yhteydenottaja",
            "Contact by",
            ReferenceChoice(ReferenceKind.CONTACT_BY),
        ),
        ColumnSpec(
            "channel_id", "Yhteystapa", "Channel", ReferenceChoice(ReferenceKind.CHANNEL, width=14)
        ),
        ColumnSpec(
            "measure_ids",
            "Toimenpide",
            "Measure",
            ReferenceChoice(ReferenceKind.MEASURE, multiple=True, width=30),
        ),
        ColumnSpec(
            "provider",
            "Palveluntuottaja",
            "Provider",
            Choice(
                Option(Provider.PUBLIC, "julkinen", "public"),
                Option(Provider.PRIVATE, "yksityinen", "private"),
                width=12,
            ),
        ),
        ColumnSpec(
            "language",
            "Kieli",
            "Language",
            Choice(
                Option(Language.FINNISH, "suomi", "Finnish"),
                Option(Language.SWEDISH, "ruotsi", "Swedish"),
                Option(Language.OTHER, "muu", "other"),
                width=10,
            ),
        ),
        ColumnSpec("minutes", "Aika (min)", "Time (min)", Integer(minimum=0)),
        ColumnSpec("summary", "Kuvaus", "Summary", Text(40), default=""),
    ),
    natural_key=(),
    new_record=lambda v: CaseEvent(**v),
    order=lambda r: (r.day, r.id),
)

YES_NO = Choice(Option(True, "kyllä", "yes"), Option(False, "ei", "no"), width=10)

GUARDIANS = SheetSpec(
    key="guardians",
    fi="Edunvalvojat",
    en="Guardians",
    columns=(
        ColumnSpec("last_name", "Sukunimi", "Last name", Text(18), required=True),
        ColumnSpec("first_name", "Etunimi", "First name", Text(16), required=True),
        ColumnSpec("phone", "Puhelin", "Phone", Text(16), default=""),
        ColumnSpec("email", "Sähköposti", "Email", Text(28), default=""),
        ColumnSpec("area", "Alue", "Area", Text(16), default=""),
        ColumnSpec("active", "Aktiivinen", "Active", YES_NO, default=True),
        ColumnSpec("background", "Tausta", "Background", Text(20), default=""),
        ColumnSpec("notes", "Lisätiedot", "Notes", Text(30), default=""),
    ),
    natural_key=("last_name", "first_name"),
    new_record=lambda v: Guardian(**v),
    order=lambda r: (_fold(r.last_name), _fold(r.first_name), r.id),
)

GUARDIAN_REQUESTS = SheetSpec(
    key="guardian_requests",
    fi="Edunvalvontapyynnöt",
    en="Guardian requests",
    columns=(
        ColumnSpec("day", "Päivämäärä", "Date", DateType(), required=True),
        ColumnSpec(
            "requester_id",
            "Pyytäjä",
            "Requester",
            ReferenceChoice(ReferenceKind.REQUESTER, width=16),
            required=True,
        ),
        ColumnSpec(
            "matter",
            "Asia",
            "Matter",
            Choice(
                Option(Matter.CRIMINAL, "rikosasia", "criminal matter"),
                Option(Matter.CHILD_WELFARE, "lastensuojeluasia", "child-welfare matter"),
                width=20,
            ),
            required=True,
        ),
        ColumnSpec("area", "Alue", "Area", Text(16), default=""),
        ColumnSpec("reference", "Viite", "Reference", Text(20), default=""),
        ColumnSpec("guardian_id", "Edunvalvoja", "Guardian", PersonRef(sheet="guardians")),
        ColumnSpec(
            "outcome",
            "Tila",
            "Outcome",
            Choice(
                Option(Outcome.OPEN, "avoin", "open"),
                Option(Outcome.PLACED, "välitetty", "placed"),
                Option(Outcome.NONE_FOUND, "ei löytynyt", "none found"),
                Option(Outcome.CANCELLED, "peruttu", "cancelled"),
                width=14,
            ),
            default=Outcome.OPEN,
        ),
        ColumnSpec("closed", "Päättynyt", "Closed", DateType()),
    ),
    natural_key=(),
    new_record=lambda v: GuardianRequest(**v),
    order=lambda r: (r.day, r.id),
)

CATEGORY_KINDS = Choice(
    Option(CategoryKind.INCOME, "tuotto", "income"),
    Option(CategoryKind.EXPENSE, "kulu", "expense"),
    width=10,
)


def category_order(category: Category) -> tuple:
    """Income first, then expenses, each kind in the order the categories are arranged."""
    return (
        list(CategoryKind).index(category.kind),
        category.position,
        _fold(category.name),
        category.id,
    )


CATEGORIES = SheetSpec(
    key="categories",
    fi="Luokat",
    en="Categories",
    columns=(
        ColumnSpec("name", "Nimi", "Name", Text(32), required=True),
        ColumnSpec("kind", "Tyyppi", "Type", CATEGORY_KINDS, required=True),
        # Optional: a workbook without it leaves the stored English names as they are
        ColumnSpec("name_en", "Nimi (en)", "Name (en)", Text(32), default=""),
    ),
    natural_key=("name",),
    new_record=lambda v: Category(**v),
    order=category_order,
    unique_key=True,
)

BUDGET = SheetSpec(
    key="budget_lines",
    fi="Talousarvio",
    en="Budget",
    columns=(
        ColumnSpec("year", "Vuosi", "Year", Integer(), required=True),
        ColumnSpec("category_id", "Luokka", "Category", CategoryRef(), required=True),
        ColumnSpec("amount", "Summa €", "Amount €", Money(minimum=Decimal(0)), required=True),
    ),
    natural_key=("year", "category_id"),
    new_record=lambda v: BudgetLine(**v),
    order=lambda r: (r.year, r.category_id, r.id),
    unique_key=True,
    order_refs=lambda r, refs: (r.year, refs.categories.get(r.category_id, -1), r.id),
)

TRANSACTIONS = SheetSpec(
    key="transactions",
    fi="Kirjaukset",
    en="Transactions",
    columns=(
        ColumnSpec("day", "Päivämäärä", "Date", DateType(), required=True),
        ColumnSpec("category_id", "Luokka", "Category", CategoryRef(), required=True),
        ColumnSpec("amount", "Summa €", "Amount €", Money(), required=True),
        ColumnSpec("description", "Selite", "Description", Text(36), default=""),
        ColumnSpec("project_id", "Hanke", "Project", ProjectRef()),
        ColumnSpec("customer", "Asiakas", "Customer", Text(24), default=""),
        ColumnSpec("work_days", "Työpäivät", "Work days", Number(Decimal(0))),
        ColumnSpec("voucher", "Tosite", "Voucher", Text(12), default=""),
    ),
    natural_key=(),
    new_record=lambda v: Transaction(**v),
    order=lambda r: (r.day, r.id),
    order_refs=lambda r, refs: (r.day, r.id),  # by date, not grouped by project
)

# The order of the exported workbook (for its readers); IMPORT_ORDER below resolves references.
SHEETS: tuple[SheetSpec, ...] = (
    STAFF,
    TRAINEES,
    BOARD,
    MEETINGS,
    PROJECTS,
    PARTNERS,
    FUNDING,
    PROJECT_ROLES,
    CASE_EVENTS,
    GUARDIANS,
    GUARDIAN_REQUESTS,
    CATEGORIES,
    BUDGET,
    TRANSACTIONS,
)
# The order an import applies the sheets in: a sheet after those its references point to.
IMPORT_ORDER: tuple[SheetSpec, ...] = (
    STAFF,
    PROJECTS,
    TRAINEES,
    PARTNERS,
    FUNDING,
    PROJECT_ROLES,
    BOARD,
    MEETINGS,
    CASE_EVENTS,
    GUARDIANS,
    GUARDIAN_REQUESTS,
    CATEGORIES,
    BUDGET,
    TRANSACTIONS,
)
ABOUT_NAMES = ("Tiedot", "About")


def sheet_of(key: str) -> SheetSpec:
    """The description of the sheet whose key is ``key`` (``"transactions"``)."""
    return next(spec for spec in SHEETS if spec.key == key)


# Written for the auditors with live formulas; never imported
SUMMARY_NAMES = ("Yhteenveto", "Summary")


# The organisation's settings (docs/workbook.md): not a data sheet of records but one row
# per setting, so not in SHEETS. Written before the About sheet; imported after the data
# sheets, into a database without organisation settings, or where the user takes them.
ORGANISATION_NAMES = ("Organisaatio", "Organisation")
ORGANISATION_HEADERS = (("Asetus", "Setting"), ("Arvo", "Value"))
ORGANISATION_WIDTHS = (30, 60)


@dataclass(frozen=True)
class SettingSpec:
    """One row of the Organisation sheet: the setting's name in Finnish and English (its
    cell in column A) and the type of its value (column B)."""

    key: str  # the attribute of domain.organisation.Organisation
    fi: str
    en: str
    type: ColumnType

    def label(self, lang: str) -> str:
        return self.fi if lang == "fi" else self.en


LEGAL_FORMS = Choice(
    Option(LegalForm.LIMITED_COMPANY, "osakeyhtiö", "limited company"),
    Option(LegalForm.ASSOCIATION, "yhdistys", "association"),
    Option(LegalForm.OTHER, "muu", "other"),
)

ORGANISATION_SETTINGS: tuple[SettingSpec, ...] = (
    SettingSpec("name", "Nimi", "Name", Text()),
    SettingSpec("short_name", "Lyhyt nimi", "Short name", Text()),
    SettingSpec("business_id", "Y-tunnus", "Business ID", Text()),
    SettingSpec("legal_form", "Yhtiömuoto", "Legal form", LEGAL_FORMS),
    SettingSpec("address", "Osoite", "Address", Text()),
    SettingSpec("areas", "Toiminta-alueet", "Areas served", Areas()),
    SettingSpec(
        "board_seat_cap",
        "Hallituksen jäseniä enintään",
        "Board members at most",
        Integer(minimum=1),
    ),
)

assert set(IMPORT_ORDER) == set(SHEETS) and len(IMPORT_ORDER) == len(SHEETS)


# The change history for the auditors, after the data sheets (docs/workbook.md): one row
# per changed field. Written only; the import ignores it.
CHANGES_NAMES = ("Muutokset", "Changes")
CHANGES_HEADERS = (
    ("Aika", "Time"),
    ("Kuka", "Who"),
    ("Tietue", "Record kind"),
    ("Tunniste", "ID"),
    ("Nimi", "Label"),
    ("Toimenpide", "Action"),
    ("Kenttä", "Field"),
    ("Vanha arvo", "Old value"),
    ("Uusi arvo", "New value"),
)
CHANGES_WIDTHS = (18, 24, 20, 38, 30, 14, 22, 30, 30)
# The most rows the sheet holds (Excel's limit is 1 048 576): the newest changes are kept.
CHANGES_MAX_ROWS = 1_000_000
CHANGE_ACTIONS = {
    "insert": ("lisätty", "added"),
    "update": ("muutettu", "changed"),
    "delete": ("poistettu", "deleted"),
    "overwrite": ("tallennettu toisen päälle", "saved over"),
    "undo": ("kumottu", "undone"),
    "restore": ("palautettu", "restored"),
    "purge": ("historiaa poistettu", "history purged"),
}
# Record kinds (the tables' names) whose sheet is named otherwise, or that have none
_KIND_SHEETS = {"board_seats": "board", "project_assignments": "project_roles"}
_KIND_NAMES = {
    "board_terms": ("Hallituskausi", "Board term"),
    "reference_values": ("Tapauskirjauksen luokitus", "Case log classification"),
    "database": ("Tietokanta", "Database"),
    "history": ("Muutoshistoria", "Change history"),
    "settings": ("Asetukset", "Settings"),
}


def change_kind_name(kind: str, lang: str) -> str:
    """A record kind as the Changes sheet names it: its data sheet's name where it has one."""
    key = _KIND_SHEETS.get(kind, kind)
    spec = next((s for s in SHEETS if s.key == key), None)
    if spec is not None:
        return spec.name(lang)
    fi, en = _KIND_NAMES.get(kind, (kind, kind))
    return fi if lang == "fi" else en


# The settings' fields that have no row on the Organisation sheet: the annual report's
# texts, how long the change history is kept, and that the office started using Oske.
_SETTING_FIELD_NAMES = {
    "foreword": ("Esipuhe", "Foreword"),
    "highlights": ("Vuoden kohokohdat", "Highlights of the year"),
    "keep_years": ("Muutoshistorian säilytysaika (vuotta)", "Keep the change history (years)"),
    "started": ("Käyttö aloitettu", "Started"),
}


def change_field_name(kind: str, field: str, lang: str) -> str:
    """A changed field by its column's header on the record's sheet (a setting by its name
    on the Organisation sheet), else its own name."""
    if kind == "settings":
        setting = next((s for s in ORGANISATION_SETTINGS if s.key == field), None)
        if setting is not None:
            return setting.label(lang)
        fi, en = _SETTING_FIELD_NAMES.get(field, (field, field))
        return fi if lang == "fi" else en
    key = _KIND_SHEETS.get(kind, kind)
    spec = next((s for s in SHEETS if s.key == key), None)
    if spec is not None:
        for column in spec.columns:
            if column.key == field:
                return column.header(lang)
    return field
