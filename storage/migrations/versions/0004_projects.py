"""The project register: projects, partners, funding lines and the staff in them.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "projects",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("start", sa.Date),
        sa.Column("end", sa.Date),
        sa.Column("status", sa.String(40), nullable=False),
        sa.Column("our_role", sa.String(40), nullable=False),
        sa.Column("lead_organisation", sa.String(200), nullable=False),
        sa.Column("total_budget", sa.BigInteger),
        sa.Column("our_budget", sa.BigInteger),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("code_key", sa.String(40), nullable=False),
        sa.Column("search_key", sa.String(600), nullable=False),
        sa.CheckConstraint(
            '"end" IS NULL OR start IS NULL OR "end" >= start', name="ck_projects_period"
        ),
        sa.CheckConstraint(
            "our_budget IS NULL OR total_budget IS NULL OR our_budget <= total_budget",
            name="ck_projects_budget",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_projects"),
        sa.UniqueConstraint("code_key", name="uq_projects_code_key"),
    )
    op.create_index("ix_projects_period", "projects", ["start", "end"])
    for table, columns in (
        (
            "project_partners",
            [
                sa.Column("organisation", sa.String(200), nullable=False),
                sa.Column("role", sa.String(40)),
                sa.Column("country", sa.String(80), nullable=False),
            ],
        ),
        (
            "project_funding",
            [
                sa.Column("funder", sa.String(200), nullable=False),
                sa.Column("share_percent", sa.Integer),
                sa.Column("amount", sa.BigInteger),
            ],
        ),
    ):
        op.create_table(
            table,
            sa.Column("id", sa.String(36), nullable=False),
            sa.Column("project_id", sa.String(36), nullable=False),
            *columns,
            sa.ForeignKeyConstraint(
                ["project_id"],
                ["projects.id"],
                name=f"fk_{table}_project_id_projects",
                ondelete="CASCADE",
            ),
            sa.PrimaryKeyConstraint("id", name=f"pk_{table}"),
        )
        op.create_index(f"ix_{table}_project_id", table, ["project_id"])
    op.create_table(
        "project_assignments",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("project_id", sa.String(36), nullable=False),
        sa.Column("staff_id", sa.String(36), nullable=False),
        sa.Column("role", sa.String(200), nullable=False),
        sa.Column("fte_percent", sa.Integer),
        sa.Column("start", sa.Date),
        sa.Column("end", sa.Date),
        sa.CheckConstraint(
            '"end" IS NULL OR start IS NULL OR "end" >= start', name="ck_project_assignments_period"
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name="fk_project_assignments_project_id_projects",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff.id"],
            name="fk_project_assignments_staff_id_staff",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_project_assignments"),
    )
    op.create_index("ix_project_assignments_project_id", "project_assignments", ["project_id"])
    op.create_index("ix_project_assignments_staff_id", "project_assignments", ["staff_id"])


def downgrade() -> None:
    for table in ("project_assignments", "project_funding", "project_partners", "projects"):
        op.drop_table(table)
