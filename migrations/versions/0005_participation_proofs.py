"""participation proofs, contact persons, exemptions

The old `participation_proof` and `hour_entry` tables were never written to by any
code (only defined), so they are replaced rather than altered. Existing offer
contacts get a contact person record of their organisation.

Revision ID: 0005
Revises: 0009
Create Date: 2026-12-07 12:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TS = sa.DateTime(timezone=True)


def _create_proof_tables() -> None:
    op.create_table(
        "participation_proof",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=True),
        sa.Column("counsellor_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("offer_type", sa.String(length=40), nullable=False),
        sa.Column("contact_person_id", sa.Integer(), nullable=False),
        sa.Column("handover_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("open_slot", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("verification_code", sa.String(length=12), nullable=False),
        sa.Column("signed_at", TS, nullable=True),
        sa.Column("signed_name", sa.String(length=120), nullable=True),
        sa.Column("signed_via", sa.String(length=8), nullable=True),
        sa.Column("signed_by_id", sa.Integer(), nullable=True),
        sa.Column("signature_hash", sa.String(length=64), nullable=True),
        sa.Column("refused_at", TS, nullable=True),
        sa.Column("refusal_reason", sa.Text(), nullable=True),
        sa.Column("verified_at", TS, nullable=True),
        sa.Column("verified_by_id", sa.Integer(), nullable=True),
        sa.Column("scan_file", sa.String(length=80), nullable=True),
        sa.Column("scan_type", sa.String(length=40), nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.ForeignKeyConstraint(["client_id"], ["client.id"], name=op.f("fk_participation_proof_client_id_client"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["contact_person_id"], ["contact_person.id"], name=op.f("fk_participation_proof_contact_person_id_contact_person")),
        sa.ForeignKeyConstraint(["counsellor_id"], ["user_account.id"], name=op.f("fk_participation_proof_counsellor_id_user_account")),
        sa.ForeignKeyConstraint(["handover_id"], ["handover.id"], name=op.f("fk_participation_proof_handover_id_handover"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["offer_type"], ["offer_type.code"], name=op.f("fk_participation_proof_offer_type_offer_type")),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"], name=op.f("fk_participation_proof_organisation_id_organisation")),
        sa.ForeignKeyConstraint(["signed_by_id"], ["user_account.id"], name=op.f("fk_participation_proof_signed_by_id_user_account")),
        sa.ForeignKeyConstraint(["verified_by_id"], ["user_account.id"], name=op.f("fk_participation_proof_verified_by_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_participation_proof")),
        sa.UniqueConstraint("client_id", "organisation_id", "offer_type", "contact_person_id", "open_slot", name=op.f("uq_participation_proof_client_id")),
        sa.UniqueConstraint("verification_code", name=op.f("uq_participation_proof_verification_code")),
    )
    with op.batch_alter_table("participation_proof", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_participation_proof_client_id"), ["client_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_participation_proof_contact_person_id"), ["contact_person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_participation_proof_counsellor_id"), ["counsellor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_participation_proof_organisation_id"), ["organisation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_participation_proof_status"), ["status"], unique=False)

    op.create_table(
        "hour_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proof_id", sa.Integer(), nullable=False),
        sa.Column("offer_id", sa.Integer(), nullable=True),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("starts_at", sa.Time(), nullable=True),
        sa.Column("ends_at", sa.Time(), nullable=True),
        sa.Column("description", sa.String(length=200), nullable=True),
        sa.Column("source", sa.String(length=12), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.ForeignKeyConstraint(["offer_id"], ["offer.id"], name=op.f("fk_hour_entry_offer_id_offer"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["proof_id"], ["participation_proof.id"], name=op.f("fk_hour_entry_proof_id_participation_proof"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hour_entry")),
    )
    with op.batch_alter_table("hour_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_hour_entry_day"), ["day"], unique=False)
        batch_op.create_index(batch_op.f("ix_hour_entry_proof_id"), ["proof_id"], unique=False)

    op.create_table(
        "proof_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proof_id", sa.Integer(), nullable=False),
        sa.Column("author", sa.String(length=12), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.ForeignKeyConstraint(["proof_id"], ["participation_proof.id"], name=op.f("fk_proof_message_proof_id_participation_proof"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proof_message")),
    )
    with op.batch_alter_table("proof_message", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_proof_message_proof_id"), ["proof_id"], unique=False)

    op.create_table(
        "counsellor_task",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("counsellor_id", sa.Integer(), nullable=False),
        sa.Column("proof_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("done_at", TS, nullable=True),
        sa.ForeignKeyConstraint(["counsellor_id"], ["user_account.id"], name=op.f("fk_counsellor_task_counsellor_id_user_account"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["proof_id"], ["participation_proof.id"], name=op.f("fk_counsellor_task_proof_id_participation_proof"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_counsellor_task")),
    )
    with op.batch_alter_table("counsellor_task", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_counsellor_task_counsellor_id"), ["counsellor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_counsellor_task_proof_id"), ["proof_id"], unique=False)


def _backfill_contact_persons() -> None:
    # Every existing offer contact becomes (or joins) a contact person of its organisation,
    # one per organisation and name+email, so proofs can point to a record, not free text.
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            "SELECT oc.id, oc.name, oc.email, oc.phone, o.organisation_id "
            "FROM offer_contact oc JOIN offer o ON o.id = oc.offer_id ORDER BY oc.id"
        )
    ).all()
    made: dict[tuple, int] = {}
    for contact_id, name, email, phone, org_id in rows:
        key = (org_id, (name or "").strip().lower(), (email or "").strip().lower())
        person_id = made.get(key)
        if person_id is None:
            person_id = bind.execute(
                sa.text(
                    "INSERT INTO contact_person (organisation_id, name, email, phone, active, "
                    "created_at, updated_at) VALUES (:org, :name, :email, :phone, :active, "
                    "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP) RETURNING id"
                ),
                {"org": org_id, "name": name, "email": email, "phone": phone, "active": True},
            ).scalar_one()
            made[key] = person_id
        bind.execute(
            sa.text("UPDATE offer_contact SET contact_person_id = :p WHERE id = :id"),
            {"p": person_id, "id": contact_id},
        )


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("hour_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hour_entry_proof_id"))
    op.drop_table("hour_entry")
    with op.batch_alter_table("participation_proof", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_participation_proof_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_participation_proof_client_id"))
    op.drop_table("participation_proof")

    op.create_table(
        "contact_person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("role", sa.String(length=120), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"], name=op.f("fk_contact_person_organisation_id_organisation"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_person")),
    )
    with op.batch_alter_table("contact_person", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contact_person_organisation_id"), ["organisation_id"], unique=False)

    op.create_table(
        "client_exemption",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=24), nullable=False),
        sa.Column("evidence_type", sa.String(length=120), nullable=False),
        sa.Column("evidence_date", sa.Date(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", TS, nullable=False),
        sa.ForeignKeyConstraint(["client_id"], ["client.id"], name=op.f("fk_client_exemption_client_id_client"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["user_account.id"], name=op.f("fk_client_exemption_recorded_by_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_client_exemption")),
        sa.UniqueConstraint("client_id", name=op.f("uq_client_exemption_client_id")),
    )
    with op.batch_alter_table("client", schema=None) as batch_op:
        batch_op.add_column(sa.Column("contract_start_date", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("opted_in_on", sa.Date(), nullable=True))
    with op.batch_alter_table("offer_contact", schema=None) as batch_op:
        batch_op.add_column(sa.Column("contact_person_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_offer_contact_contact_person_id_contact_person"), "contact_person", ["contact_person_id"], ["id"], ondelete="SET NULL")
    _create_proof_tables()
    _backfill_contact_persons()


def downgrade() -> None:
    """Revert this revision (proofs, contact persons and exemptions are lost)."""
    for table, indexes in (
        ("counsellor_task", ("ix_counsellor_task_proof_id", "ix_counsellor_task_counsellor_id")),
        ("proof_message", ("ix_proof_message_proof_id",)),
        ("hour_entry", ("ix_hour_entry_proof_id", "ix_hour_entry_day")),
        ("participation_proof", (
            "ix_participation_proof_status", "ix_participation_proof_organisation_id",
            "ix_participation_proof_counsellor_id", "ix_participation_proof_contact_person_id",
            "ix_participation_proof_client_id",
        )),
    ):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name in indexes:
                batch_op.drop_index(name)
        op.drop_table(table)
    with op.batch_alter_table("offer_contact", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_offer_contact_contact_person_id_contact_person"), type_="foreignkey")
        batch_op.drop_column("contact_person_id")
    with op.batch_alter_table("client", schema=None) as batch_op:
        batch_op.drop_column("opted_in_on")
        batch_op.drop_column("contract_start_date")
    op.drop_table("client_exemption")
    with op.batch_alter_table("contact_person", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_person_organisation_id"))
    op.drop_table("contact_person")

    op.create_table(
        "participation_proof",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=True),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("offer_type", sa.String(length=40), nullable=False),
        sa.Column("contact_name", sa.String(length=120), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("signed_at", TS, nullable=True),
        sa.Column("signed_by_id", sa.Integer(), nullable=True),
        sa.Column("verified_at", TS, nullable=True),
        sa.Column("verified_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.ForeignKeyConstraint(["client_id"], ["client.id"], name=op.f("fk_participation_proof_client_id_client"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["offer_type"], ["offer_type.code"], name=op.f("fk_participation_proof_offer_type_offer_type")),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"], name=op.f("fk_participation_proof_organisation_id_organisation")),
        sa.ForeignKeyConstraint(["signed_by_id"], ["user_account.id"], name=op.f("fk_participation_proof_signed_by_id_user_account")),
        sa.ForeignKeyConstraint(["verified_by_id"], ["user_account.id"], name=op.f("fk_participation_proof_verified_by_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_participation_proof")),
        sa.UniqueConstraint("client_id", "organisation_id", "offer_type", "contact_name", name=op.f("uq_participation_proof_client_id")),
    )
    with op.batch_alter_table("participation_proof", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_participation_proof_client_id"), ["client_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_participation_proof_organisation_id"), ["organisation_id"], unique=False)
    op.create_table(
        "hour_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proof_id", sa.Integer(), nullable=False),
        sa.Column("offer_id", sa.Integer(), nullable=True),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("hours", sa.Numeric(precision=5, scale=2), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.ForeignKeyConstraint(["offer_id"], ["offer.id"], name=op.f("fk_hour_entry_offer_id_offer")),
        sa.ForeignKeyConstraint(["proof_id"], ["participation_proof.id"], name=op.f("fk_hour_entry_proof_id_participation_proof"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hour_entry")),
    )
    with op.batch_alter_table("hour_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_hour_entry_proof_id"), ["proof_id"], unique=False)
