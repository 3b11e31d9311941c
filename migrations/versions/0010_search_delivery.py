"""per-replica delivery marks for the search outbox

Revision ID: 0010
Revises: 0007
Create Date: 2026-12-07 15:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "search_delivery",
        sa.Column("outbox_id", sa.Integer(), nullable=False),
        sa.Column("target", sa.String(length=80), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["outbox_id"], ["search_outbox.id"],
            name=op.f("fk_search_delivery_outbox_id_search_outbox"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("outbox_id", "target", name=op.f("pk_search_delivery")),
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_table("search_delivery")
