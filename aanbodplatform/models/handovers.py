"""Warm handovers: a counsellor announces a client to an organisation for one offer."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from aanbodplatform.models.base import Base, TimestampMixin, utcnow

if TYPE_CHECKING:
    from aanbodplatform.models.offers import Offer

HANDOVER_STATUSES = (
    "draft",
    "sent",
    "seen",
    "accepted",
    "started",
    "declined",
    "expired",
    "withdrawn",
    "attended",
    "no_show",
    "stopped",
)
OPEN_HANDOVER_STATUSES = ("draft", "sent", "seen", "accepted", "started", "attended")
#: What a history entry records: a status change, a question from the organisation, the
#: counsellor's answer, or a reminder the system sent.
HANDOVER_EVENT_KINDS = ("status", "question", "answer", "reminder")


class Handover(TimestampMixin, Base):
    """One client announced to one offer's organisation, with consent and a note."""

    __tablename__ = "handover"
    # open_slot is 1 while the handover is open and NULL once closed: NULLs never
    # collide in a unique constraint, so this allows one open handover per client
    # and offer on both SQLite and PostgreSQL without a partial index.
    __table_args__ = (UniqueConstraint("client_id", "offer_id", "open_slot"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int | None] = mapped_column(
        ForeignKey("client.id", ondelete="SET NULL"), index=True
    )
    offer_id: Mapped[int] = mapped_column(ForeignKey("offer.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    counsellor_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    status: Mapped[str] = mapped_column(String(12), default="draft", index=True)
    open_slot: Mapped[int | None] = mapped_column(default=1)
    consent_given: Mapped[bool] = mapped_column(default=False)
    consent_date: Mapped[date | None] = mapped_column(Date)
    shared_fields: Mapped[list[str]] = mapped_column(JSON, default=list)
    shared_data: Mapped[dict] = mapped_column(JSON, default=dict)
    wishes: Mapped[str | None] = mapped_column(Text)
    practical_needs: Mapped[str | None] = mapped_column(Text)
    preferred_start: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    appointment: Mapped[dict | None] = mapped_column(JSON)
    decline_reason: Mapped[str | None] = mapped_column(String(30))
    decline_text: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None] = mapped_column()
    reminded_at: Mapped[datetime | None] = mapped_column()
    closed_at: Mapped[datetime | None] = mapped_column()
    anonymised_at: Mapped[datetime | None] = mapped_column()
    #: The last answer, question or status change: the reminder and expiry clocks count from it.
    last_activity_at: Mapped[datetime | None] = mapped_column()
    #: The day the newcomer attended, did not show up or stopped (recorded after `started`).
    outcome_date: Mapped[date | None] = mapped_column(Date)

    offer: Mapped[Offer] = relationship()
    events: Mapped[list[HandoverEvent]] = relationship(
        cascade="all, delete-orphan", order_by="HandoverEvent.id"
    )


class HandoverEvent(Base):
    """One step in a handover's history (status change, question, answer)."""

    __tablename__ = "handover_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    handover_id: Mapped[int] = mapped_column(
        ForeignKey("handover.id", ondelete="CASCADE"), index=True
    )
    from_status: Mapped[str | None] = mapped_column(String(12))
    to_status: Mapped[str] = mapped_column(String(12))
    kind: Mapped[str] = mapped_column(String(12), default="status", server_default="status")
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    comment: Mapped[str | None] = mapped_column(Text)
    #: Who acted when it was not a signed-in user: "contact person X via link".
    actor_label: Mapped[str | None] = mapped_column(String(160))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
