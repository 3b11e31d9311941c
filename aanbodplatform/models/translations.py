"""Translation work on offers: requests, volunteer translators' languages and proposals."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from aanbodplatform.models.accounts import User
from aanbodplatform.models.base import Base, utcnow
from aanbodplatform.models.offers import Offer

PROPOSAL_STATUSES = ("submitted", "accepted", "rejected")


class TranslationRequest(Base):
    """Someone asked for an offer in a locale ("my client reads Tigrinya"); counted for the queue."""

    __tablename__ = "translation_request"
    __table_args__ = (UniqueConstraint("offer_id", "locale", "requested_by_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offer.id", ondelete="CASCADE"), index=True)
    locale: Mapped[str] = mapped_column(String(8))
    requested_by_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Set when a translation into the locale is published and the requester has been told.
    fulfilled_at: Mapped[datetime | None] = mapped_column()

    offer: Mapped[Offer] = relationship()
    requested_by: Mapped[User] = relationship()


class TranslatorLanguage(Base):
    """A locale a volunteer translator translates into."""

    __tablename__ = "translator_language"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    locale: Mapped[str] = mapped_column(String(8), primary_key=True)


class TranslationProposal(Base):
    """A translator's translation waiting for the organisation or the area's moderator."""

    __tablename__ = "translation_proposal"
    __table_args__ = (
        CheckConstraint("status IN ('submitted','accepted','rejected')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offer.id", ondelete="CASCADE"), index=True)
    locale: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(String(160))
    summary: Mapped[str] = mapped_column(String(400))
    description: Mapped[str | None] = mapped_column(Text)
    title_source: Mapped[str] = mapped_column(String(64))
    summary_source: Mapped[str] = mapped_column(String(64))
    description_source: Mapped[str] = mapped_column(String(64))
    translator_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    status: Mapped[str] = mapped_column(String(12), default="submitted", index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    decided_at: Mapped[datetime | None] = mapped_column()

    offer: Mapped[Offer] = relationship()
    translator: Mapped[User | None] = relationship(foreign_keys=[translator_id])
