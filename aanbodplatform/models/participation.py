"""Proofs of participation (bewijs van deelname) and the hours on them."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from aanbodplatform.models.base import Base, TimestampMixin, utcnow

PROOF_STATUSES = ("open", "signed", "verified")
#: Hours a newcomer needs for the participation and network trajectory.
PNT_HOURS_REQUIRED = 40


class ParticipationProof(TimestampMixin, Base):
    """One proof per (organisation, offer type, contact person) for a client."""

    __tablename__ = "participation_proof"
    __table_args__ = (
        UniqueConstraint("client_id", "organisation_id", "offer_type", "contact_name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int | None] = mapped_column(
        ForeignKey("client.id", ondelete="SET NULL"), index=True
    )
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    offer_type: Mapped[str] = mapped_column(ForeignKey("offer_type.code"))
    contact_name: Mapped[str] = mapped_column(String(120))
    status: Mapped[str] = mapped_column(String(10), default="open")
    signed_at: Mapped[datetime | None] = mapped_column()
    signed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    verified_at: Mapped[datetime | None] = mapped_column()
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    entries: Mapped[list[HourEntry]] = relationship(
        cascade="all, delete-orphan", order_by="HourEntry.day"
    )


class HourEntry(Base):
    """Hours spent on one day, toward the 40 hours."""

    __tablename__ = "hour_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    proof_id: Mapped[int] = mapped_column(
        ForeignKey("participation_proof.id", ondelete="CASCADE"), index=True
    )
    offer_id: Mapped[int | None] = mapped_column(ForeignKey("offer.id"))
    day: Mapped[date] = mapped_column(Date)
    hours: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    description: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
