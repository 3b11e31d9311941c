"""signed links for people without an account

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "signed_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=40), nullable=False),
        sa.Column("entity_type", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("recipient", sa.String(length=254), nullable=False),
        sa.Column("nonce", sa.String(length=32), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_signed_link_created_by_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signed_link")),
    )
    with op.batch_alter_table("signed_link", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_signed_link_entity_id"), ["entity_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_signed_link_purpose"), ["purpose"], unique=False)


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("signed_link", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_signed_link_purpose"))
        batch_op.drop_index(batch_op.f("ix_signed_link_entity_id"))
    op.drop_table("signed_link")
