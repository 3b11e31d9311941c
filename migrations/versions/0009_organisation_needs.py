"""organisation needs addressed to local governments

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 12:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "organisation_need",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("municipality_nis", sa.String(length=5), nullable=False),
        sa.Column("topic", sa.String(length=20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("handled_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('new','in_progress','passed_to_agency','answered')",
            name=op.f("ck_organisation_need_status"),
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["user_account.id"],
            name=op.f("fk_organisation_need_author_id_user_account"), ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["handled_by_id"], ["user_account.id"],
            name=op.f("fk_organisation_need_handled_by_id_user_account"), ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["municipality_nis"], ["municipality.nis_code"],
            name=op.f("fk_organisation_need_municipality_nis_municipality"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisation.id"],
            name=op.f("fk_organisation_need_organisation_id_organisation"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation_need")),
    )
    with op.batch_alter_table("organisation_need", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_organisation_need_municipality_nis"), ["municipality_nis"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_organisation_need_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_organisation_need_status"), ["status"], unique=False)


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("organisation_need", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organisation_need_status"))
        batch_op.drop_index(batch_op.f("ix_organisation_need_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_organisation_need_municipality_nis"))
    op.drop_table("organisation_need")
