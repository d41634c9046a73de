"""A trainee's project becomes a reference to a project of the register.

Codes typed before the register existed are kept: a code that names no project yet gets a
minimal project of its own (status granted, our role other), so nothing typed is lost.

Revision ID: 0005
Revises: 0004
"""

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("trainees") as batch:
        batch.add_column(sa.Column("project_id", sa.String(36)))
        batch.create_foreign_key(
            "fk_trainees_project_id_projects",
            "projects",
            ["project_id"],
            ["id"],
            ondelete="SET NULL",
        )
    conn = op.get_bind()
    codes = [
        r[0]
        for r in conn.execute(
            sa.text("SELECT DISTINCT project_code FROM trainees WHERE TRIM(project_code) <> ''")
        )
    ]
    for code in codes:
        key = code.strip().casefold()
        found = conn.execute(
            sa.text("SELECT id FROM projects WHERE code_key = :k"), {"k": key}
        ).scalar()
        if found is None:
            found = str(uuid.uuid4())
            conn.execute(
                sa.text(
                    "INSERT INTO projects (id, code, name, status, our_role, lead_organisation, description,"
                    " code_key, search_key) VALUES (:id, :code, :code, 'granted', 'other', '',"
                    " 'Luotu harjoittelijan hanketunnuksesta tietokantaa päivitettäessä', :key, :key)"
                ),
                {"id": found, "code": code.strip(), "key": key},
            )
        conn.execute(
            sa.text("UPDATE trainees SET project_id = :id WHERE project_code = :code"),
            {"id": found, "code": code},
        )
    with op.batch_alter_table("trainees") as batch:
        batch.drop_column("project_code")


def downgrade() -> None:
    with op.batch_alter_table("trainees") as batch:
        batch.add_column(
            sa.Column("project_code", sa.String(40), nullable=False, server_default="")
        )
    op.execute(
        "UPDATE trainees SET project_code = COALESCE((SELECT code FROM projects WHERE projects.id ="
        " trainees.project_id), '')"
    )
    with op.batch_alter_table("trainees") as batch:
        batch.drop_constraint("fk_trainees_project_id_projects", type_="foreignkey")
        batch.drop_column("project_id")
