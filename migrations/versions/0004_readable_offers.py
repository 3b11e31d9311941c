"""structured offer facts, translation sources, translation requests and proposals

Revision ID: 0004
Revises: 0006
Create Date: 2026-12-07 12:10:00
"""

import hashlib
import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "translator_language",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("locale", sa.String(length=8), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_translator_language_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "locale", name=op.f("pk_translator_language")),
    )
    op.create_table(
        "translation_proposal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("offer_id", sa.Integer(), nullable=False),
        sa.Column("locale", sa.String(length=8), nullable=False),
        sa.Column("title", sa.String(length=160), nullable=False),
        sa.Column("summary", sa.String(length=400), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("title_source", sa.String(length=64), nullable=False),
        sa.Column("summary_source", sa.String(length=64), nullable=False),
        sa.Column("description_source", sa.String(length=64), nullable=False),
        sa.Column("translator_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('submitted','accepted','rejected')",
            name=op.f("ck_translation_proposal_status"),
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["user_account.id"],
            name=op.f("fk_translation_proposal_decided_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["offer_id"],
            ["offer.id"],
            name=op.f("fk_translation_proposal_offer_id_offer"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["translator_id"],
            ["user_account.id"],
            name=op.f("fk_translation_proposal_translator_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_translation_proposal")),
    )
    with op.batch_alter_table("translation_proposal", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_translation_proposal_offer_id"), ["offer_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_translation_proposal_status"), ["status"], unique=False
        )

    op.create_table(
        "translation_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("offer_id", sa.Integer(), nullable=False),
        sa.Column("locale", sa.String(length=8), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("fulfilled_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["offer_id"],
            ["offer.id"],
            name=op.f("fk_translation_request_offer_id_offer"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_id"],
            ["user_account.id"],
            name=op.f("fk_translation_request_requested_by_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_translation_request")),
        sa.UniqueConstraint(
            "offer_id", "locale", "requested_by_id", name=op.f("uq_translation_request_offer_id")
        ),
    )
    with op.batch_alter_table("translation_request", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_translation_request_offer_id"), ["offer_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_translation_request_requested_by_id"), ["requested_by_id"], unique=False
        )

    with op.batch_alter_table("offer", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cost_amount_cents", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("cost_unit", sa.String(length=8), nullable=True))
        batch_op.add_column(
            sa.Column("reduced_uitpas", sa.Boolean(), server_default="0", nullable=False)
        )
        batch_op.add_column(
            sa.Column("reduced_social_tariff", sa.Boolean(), server_default="0", nullable=False)
        )
        batch_op.add_column(
            sa.Column("audience", sa.String(length=80), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("join_how", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("transit_stop", sa.String(length=120), nullable=True))

    with op.batch_alter_table("offer_translation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("description", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("translator_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("title_source", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("summary_source", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("description_source", sa.String(length=64), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_offer_translation_translator_id_user_account"),
            "user_account",
            ["translator_id"],
            ["id"],
            ondelete="SET NULL",
        )

    _derive_existing()


# A frozen copy of aanbodplatform.services.offer_facts at this revision: a migration must not
# change its meaning when the application code changes later.
_AMOUNT = re.compile(
    r"(?:€|\beur(?:o)?\b)\s*(\d{1,4}(?:[.,]\d{1,2})?)|(\d{1,4}(?:[.,]\d{1,2})?)\s*(?:€|\beuro?\b)",
    re.IGNORECASE,
)
_UNITS = (
    ("session", re.compile(r"per (keer|sessie|les|activiteit|avond|namiddag)", re.IGNORECASE)),
    ("month", re.compile(r"per maand|/\s*maand|maandelijks", re.IGNORECASE)),
    (
        "year",
        re.compile(r"per (jaar|seizoen|schooljaar)|/\s*jaar|lidgeld|jaarlijks", re.IGNORECASE),
    ),
)
_UITPAS = re.compile(r"uitpas", re.IGNORECASE)
_SOCIAL = re.compile(r"sociaa?le?\s+tarief|kansentarief|verminderd tarief|kansenpas", re.IGNORECASE)
_JOIN = (
    (
        "walk_in",
        re.compile(
            r"zonder inschrijving|kom gerust|kom (maar )?langs|loop (gerust )?binnen|vrij binnen|spring (gerust )?binnen",
            re.IGNORECASE,
        ),
    ),
    (
        "register",
        re.compile(r"inschrijv|schrijf (je|u) in|aanmelden|meld (je|u) aan", re.IGNORECASE),
    ),
    (
        "contact_first",
        re.compile(
            r"bel (ons )?eerst|neem (eerst )?contact|contacteer|stuur (ons )?(eerst )?een (mail|bericht)",
            re.IGNORECASE,
        ),
    ),
)
_AUDIENCE = (
    ("women", re.compile(r"\b(voor|enkel|alleen) vrouwen\b|vrouwengroep", re.IGNORECASE)),
    ("families", re.compile(r"\bgezinnen\b|\bouders\b", re.IGNORECASE)),
    ("youth", re.compile(r"\bjongeren\b", re.IGNORECASE)),
    ("seniors", re.compile(r"\bsenioren\b|\b(55|60|65)\s*\+", re.IGNORECASE)),
)


def _hash(text):
    return hashlib.sha256(" ".join((text or "").split()).encode("utf-8")).hexdigest()


def _derive_existing() -> None:
    """Derive the facts the Dutch texts state plainly; the rest stays empty for the organisation."""
    bind = op.get_bind()
    offers = (
        bind.execute(
            sa.text("SELECT id, free, cost_note, summary_nl, description_nl, title_nl FROM offer")
        )
        .mappings()
        .all()
    )
    dutch = {}
    for row in offers:
        dutch[row["id"]] = row
        cost = row["cost_note"] or ""
        words = " ".join(str(row[k] or "") for k in ("summary_nl", "description_nl", "cost_note"))
        facts = {}
        match = _AMOUNT.search(cost)
        if not row["free"] and match:
            facts["cost_amount_cents"] = round(
                float((match.group(1) or match.group(2)).replace(",", ".")) * 100
            )
            unit = next((code for code, rx in _UNITS if rx.search(cost)), None)
            if unit:
                facts["cost_unit"] = unit
        if _UITPAS.search(words):
            facts["reduced_uitpas"] = True
        if _SOCIAL.search(words):
            facts["reduced_social_tariff"] = True
        join = next((code for code, rx in _JOIN if rx.search(words)), None)
        if join:
            facts["join_how"] = join
        audience = [code for code, rx in _AUDIENCE if rx.search(words)]
        if audience:
            facts["audience"] = ",".join(audience)
        if facts:
            # Column names come from the fixed keys above, never from the data.
            sets = ", ".join(f"{name} = :{name}" for name in facts)
            bind.execute(
                sa.text(f"UPDATE offer SET {sets} WHERE id = :id"),  # noqa: S608
                {**facts, "id": row["id"]},
            )
    # Existing translations were made from today's Dutch, as far as anyone can tell.
    for tr in bind.execute(sa.text("SELECT id, offer_id FROM offer_translation")).mappings().all():
        src = dutch.get(tr["offer_id"])
        if src is None:
            continue
        bind.execute(
            sa.text(
                "UPDATE offer_translation SET title_source = :t, summary_source = :s WHERE id = :id"
            ),
            {"t": _hash(src["title_nl"]), "s": _hash(src["summary_nl"]), "id": tr["id"]},
        )


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("offer_translation", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_offer_translation_translator_id_user_account"), type_="foreignkey"
        )
        batch_op.drop_column("description_source")
        batch_op.drop_column("summary_source")
        batch_op.drop_column("title_source")
        batch_op.drop_column("translator_id")
        batch_op.drop_column("description")

    with op.batch_alter_table("offer", schema=None) as batch_op:
        batch_op.drop_column("transit_stop")
        batch_op.drop_column("join_how")
        batch_op.drop_column("audience")
        batch_op.drop_column("reduced_social_tariff")
        batch_op.drop_column("reduced_uitpas")
        batch_op.drop_column("cost_unit")
        batch_op.drop_column("cost_amount_cents")

    with op.batch_alter_table("translation_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_translation_request_requested_by_id"))
        batch_op.drop_index(batch_op.f("ix_translation_request_offer_id"))

    op.drop_table("translation_request")
    with op.batch_alter_table("translation_proposal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_translation_proposal_status"))
        batch_op.drop_index(batch_op.f("ix_translation_proposal_offer_id"))

    op.drop_table("translation_proposal")
    op.drop_table("translator_language")
