"""client shortlists and handover event kinds

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "client_shortlist_item",
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("offer_id", sa.Integer(), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["client.id"],
            name=op.f("fk_client_shortlist_item_client_id_client"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["offer_id"],
            ["offer.id"],
            name=op.f("fk_client_shortlist_item_offer_id_offer"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("client_id", "offer_id", name=op.f("pk_client_shortlist_item")),
    )
    with op.batch_alter_table("client_shortlist_item", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_client_shortlist_item_offer_id"), ["offer_id"], unique=False
        )
    # Existing history rows are all status changes: the server default fills them in.
    with op.batch_alter_table("handover_event", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("kind", sa.String(length=12), server_default="status", nullable=False)
        )


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("handover_event", schema=None) as batch_op:
        batch_op.drop_column("kind")
    with op.batch_alter_table("client_shortlist_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_client_shortlist_item_offer_id"))
    op.drop_table("client_shortlist_item")
