"""handovers reach someone who can act: recipients, activity clock, outcomes; moderator mail

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 12:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.add_column(sa.Column("receives_handovers", sa.Boolean(), nullable=True))
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.add_column(sa.Column("moderation_mail", sa.String(length=10), nullable=True))
    with op.batch_alter_table("handover", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("last_activity_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("outcome_date", sa.Date(), nullable=True))
    with op.batch_alter_table("handover_event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("actor_label", sa.String(length=160), nullable=True))


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("handover_event", schema=None) as batch_op:
        batch_op.drop_column("actor_label")
    with op.batch_alter_table("handover", schema=None) as batch_op:
        batch_op.drop_column("outcome_date")
        batch_op.drop_column("last_activity_at")
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_column("moderation_mail")
    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.drop_column("receives_handovers")
