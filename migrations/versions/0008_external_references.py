"""external references (UiTdatabank import)

Revision ID: 0008
Revises: 0003
Create Date: 2026-12-07 12:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "external_reference",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=30), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("external_id", sa.String(length=200), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_external_reference")),
        sa.UniqueConstraint(
            "source", "kind", "external_id", name=op.f("uq_external_reference_source")
        ),
    )
    with op.batch_alter_table("external_reference", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_external_reference_entity_id"), ["entity_id"], unique=False
        )


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("external_reference", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_external_reference_entity_id"))
    op.drop_table("external_reference")
