"""The advocate case log: reference lists, case events, the guardian bank and requests.

The reference lists start with the centres' own defaults (a snapshot written here, so a
later change of the defaults does not change what this revision created).

Revision ID: 0006
Revises: 0005
"""

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_DEFAULTS = [
    (
        "service area",
        "social welfare",
        [
            ("iäkkäiden palvelut", "older people"),
            ("lapsiperheiden palvelut", "families with children"),
            ("lastensuojelu", "child welfare"),
            ("perheoikeudelliset palvelut", "family law"),
            ("päihdehuolto", "substance abuse"),
            ("työikäisten palvelut", "working-age adults"),
            ("vammaispalvelut", "disability"),
            ("toimeentulotuki", "social assistance"),
            ("varhaiskasvatus", "early education"),
            ("Kelan palvelut", "Kela benefits"),
            ("muut", "other"),
        ],
    ),
    (
        "service area",
        "health care",
        [
            ("sairaala", "hospital"),
            ("päivystys", "emergency"),
            ("terveysasema", "health centre"),
            ("hammashoito", "dental"),
            ("mielenterveyspalvelut", "mental health"),
            ("muut", "other"),
        ],
    ),
    (
        "nature",
        None,
        [
            ("tyytymättömyys", "dissatisfaction"),
            ("tiedon tarve", "information need"),
            ("ei kuulu tehtäväkenttään", "out of remit"),
        ],
    ),
    (
        "reason",
        None,
        [
            ("palvelun toteutus", "how the service was provided"),
            ("päätös", "decision"),
            ("kohtelu", "treatment"),
            ("tietosuoja", "data protection"),
            ("tiedonsaanti", "access to information"),
            ("hoitoon pääsy", "access to care"),
            ("hoito ja tutkimus", "care and examination"),
            ("potilasvahinko", "patient injury"),
            ("maksut", "fees"),
            ("muu", "other"),
        ],
    ),
    (
        "contact by",
        None,
        [
            ("asiakas", "client"),
            ("omainen tai läheinen", "relative"),
            ("henkilöstö", "staff member"),
            ("muu", "other"),
        ],
    ),
    (
        "channel",
        None,
        [
            ("puhelin", "phone"),
            ("sähköposti", "email"),
            ("tapaaminen", "meeting"),
            ("etäyhteys", "video"),
            ("kirje", "letter"),
        ],
    ),
    (
        "measure",
        None,
        [
            ("neuvonta ja ohjaus", "advice"),
            ("avustaminen muistutuksessa", "help with a complaint to the unit"),
            ("ohjaus kanteluun", "guidance to the supervisory authority"),
            ("ohjaus oikaisuvaatimukseen tai valitukseen", "rectification or appeal"),
            ("vahingonkorvaus tai potilasvahinkoilmoitus", "damages"),
            ("asian välittäminen suostumuksella", "forwarded with consent"),
            ("sovittelu", "mediation"),
        ],
    ),
    (
        "requester",
        None,
        [
            ("poliisi", "police"),
            ("syyttäjä", "prosecutor"),
            ("lastensuojelu", "child welfare"),
            ("käräjäoikeus", "district court"),
            ("muu", "other"),
        ],
    ),
]


def upgrade() -> None:
    values = op.create_table(
        "reference_values",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("name_fi", sa.String(200), nullable=False),
        sa.Column("name_en", sa.String(200), nullable=False),
        sa.Column("sector", sa.String(40)),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("retired", sa.Boolean(name="retired_bool"), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_reference_values"),
    )
    op.create_index("ix_reference_values_kind", "reference_values", ["kind"])
    op.bulk_insert(
        values,
        [
            {
                "id": str(uuid.uuid4()),
                "kind": kind,
                "name_fi": fi,
                "name_en": en,
                "sector": sector,
                "position": position,
                "retired": False,
            }
            for kind, sector, names in _DEFAULTS
            for position, (fi, en) in enumerate(names, start=1)
        ],
    )

    def ref(column: str) -> sa.ForeignKeyConstraint:
        return sa.ForeignKeyConstraint(
            [column], ["reference_values.id"], name=f"fk_case_events_{column}_reference_values"
        )

    op.create_table(
        "case_events",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("ombudsman_id", sa.String(36)),
        sa.Column("area", sa.String(200), nullable=False),
        sa.Column("municipality", sa.String(100), nullable=False),
        sa.Column("sector", sa.String(40), nullable=False),
        sa.Column("service_area_id", sa.String(36)),
        sa.Column("nature_id", sa.String(36)),
        sa.Column("contact_by_id", sa.String(36)),
        sa.Column("channel_id", sa.String(36)),
        sa.Column("provider", sa.String(40)),
        sa.Column("language", sa.String(40)),
        sa.Column("minutes", sa.Integer),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("search_key", sa.Text, nullable=False),
        sa.CheckConstraint("minutes IS NULL OR minutes >= 0", name="ck_case_events_minutes"),
        sa.ForeignKeyConstraint(
            ["ombudsman_id"],
            ["staff.id"],
            name="fk_case_events_ombudsman_id_staff",
            ondelete="SET NULL",
        ),
        ref("service_area_id"),
        ref("nature_id"),
        ref("contact_by_id"),
        ref("channel_id"),
        sa.PrimaryKeyConstraint("id", name="pk_case_events"),
    )
    op.create_index("ix_case_events_day", "case_events", ["day", "id"])
    op.create_index("ix_case_events_area", "case_events", ["area", "day", "id"])
    op.create_index("ix_case_events_sector", "case_events", ["sector", "day", "id"])
    op.create_index("ix_case_events_service_area", "case_events", ["service_area_id", "day", "id"])
    op.create_index("ix_case_events_municipality", "case_events", ["municipality"])
    op.create_table(
        "case_event_choices",
        sa.Column("event_id", sa.String(36), nullable=False),
        sa.Column("value_id", sa.String(36), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["case_events.id"],
            name="fk_case_event_choices_event_id_case_events",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["value_id"],
            ["reference_values.id"],
            name="fk_case_event_choices_value_id_reference_values",
        ),
        sa.PrimaryKeyConstraint("event_id", "value_id", name="pk_case_event_choices"),
    )
    op.create_index("ix_case_event_choices_value_id", "case_event_choices", ["value_id"])
    op.create_table(
        "guardians",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("last_name", sa.String(100), nullable=False),
        sa.Column("first_name", sa.String(100), nullable=False),
        sa.Column("phone", sa.String(50), nullable=False),
        sa.Column("email", sa.String(200), nullable=False),
        sa.Column("area", sa.String(200), nullable=False),
        sa.Column("active", sa.Boolean(name="active_bool"), nullable=False),
        sa.Column("background", sa.String(200), nullable=False),
        sa.Column("notes", sa.Text, nullable=False),
        sa.Column("search_key", sa.String(600), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_guardians"),
    )
    op.create_table(
        "guardian_requests",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("requester_id", sa.String(36), nullable=False),
        sa.Column("matter", sa.String(40), nullable=False),
        sa.Column("area", sa.String(200), nullable=False),
        sa.Column("reference", sa.String(200), nullable=False),
        sa.Column("guardian_id", sa.String(36)),
        sa.Column("outcome", sa.String(40), nullable=False),
        sa.Column("closed", sa.Date),
        sa.Column("search_key", sa.String(600), nullable=False),
        sa.CheckConstraint("closed IS NULL OR closed >= day", name="ck_guardian_requests_closed"),
        sa.ForeignKeyConstraint(
            ["requester_id"],
            ["reference_values.id"],
            name="fk_guardian_requests_requester_id_reference_values",
        ),
        sa.ForeignKeyConstraint(
            ["guardian_id"], ["guardians.id"], name="fk_guardian_requests_guardian_id_guardians"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_guardian_requests"),
    )
    op.create_index("ix_guardian_requests_day", "guardian_requests", ["day"])
    op.create_index("ix_guardian_requests_guardian_id", "guardian_requests", ["guardian_id"])


def downgrade() -> None:
    for table in (
        "guardian_requests",
        "guardians",
        "case_event_choices",
        "case_events",
        "reference_values",
    ):
        op.drop_table(table)
