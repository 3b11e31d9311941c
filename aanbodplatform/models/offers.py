"""Offers with their translations, locations, schedule, contacts and history."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from aanbodplatform.models.accounts import Organisation
from aanbodplatform.models.base import Base, TimestampMixin, utcnow

OFFER_STATUSES = ("draft", "submitted", "published", "changes_requested", "archived")
SCHEDULE_KINDS = ("weekly", "by_arrangement")
LOCATION_PRECISIONS = ("address", "locality", "postcode", "municipality")
TRANSLATORS = ("organisation", "counsellor", "volunteer", "machine")
#: Who an offer is for (several may apply); empty means "not said yet".
AUDIENCES = ("adults", "families", "women", "men", "youth", "children", "seniors")
#: How a newcomer joins: just come along, call or mail first, or sign up first.
JOIN_WAYS = ("walk_in", "contact_first", "register")
#: What a fee is paid for.
COST_UNITS = ("once", "session", "month", "year")
#: Offer fields a translation is made from, with the translation's field of the same meaning.
TRANSLATED_FIELDS = {"title": "title_nl", "summary": "summary_nl", "description": "description_nl"}


def audience_codes_of(audience: str | None) -> list[str]:
    """Return the audience codes in a stored audience field, in the canonical order."""
    chosen = {part.strip() for part in (audience or "").split(",")}
    return [code for code in AUDIENCES if code in chosen]


class Offer(TimestampMixin, Base):
    """An activity an organisation offers, described in Dutch first."""

    __tablename__ = "offer"
    __table_args__ = (
        CheckConstraint(
            "status IN ('draft','submitted','published','changes_requested','archived')",
            name="status",
        ),
        CheckConstraint("dutch_level IN ('none','A1','A2','B1')", name="dutch_level"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    offer_type: Mapped[str] = mapped_column(ForeignKey("offer_type.code"), index=True)
    title_nl: Mapped[str] = mapped_column(String(120))
    summary_nl: Mapped[str] = mapped_column(String(300))
    description_nl: Mapped[str] = mapped_column(Text, default="")
    schedule_kind: Mapped[str] = mapped_column(String(16), default="weekly")
    schedule_note: Mapped[str | None] = mapped_column(String(300))
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    capacity: Mapped[int | None] = mapped_column()
    places_free: Mapped[int | None] = mapped_column()
    dutch_level: Mapped[str] = mapped_column(String(4), default="none")
    free: Mapped[bool] = mapped_column(default=True)
    cost_note: Mapped[str | None] = mapped_column(String(300))
    # Structured facts (issue 11): shown in the reader's language, so less needs free text.
    cost_amount_cents: Mapped[int | None] = mapped_column()
    cost_unit: Mapped[str | None] = mapped_column(String(8))
    reduced_uitpas: Mapped[bool] = mapped_column(default=False, server_default="0")
    reduced_social_tariff: Mapped[bool] = mapped_column(default=False, server_default="0")
    # Comma-separated AUDIENCES codes, "" when the organisation has not said.
    audience: Mapped[str] = mapped_column(String(80), default="", server_default="")
    join_how: Mapped[str | None] = mapped_column(String(16))
    transit_stop: Mapped[str | None] = mapped_column(String(120))
    wheelchair: Mapped[bool] = mapped_column(default=False)
    accessibility_note: Mapped[str | None] = mapped_column(String(500))
    dutch_context: Mapped[bool] = mapped_column(default=False)
    dutch_context_evidence: Mapped[str] = mapped_column(Text, default="")
    social_participation: Mapped[bool] = mapped_column(default=False)
    social_participation_evidence: Mapped[str] = mapped_column(Text, default="")
    insurance_note: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    submitted_at: Mapped[datetime | None] = mapped_column()
    published_at: Mapped[datetime | None] = mapped_column()
    confirmed_at: Mapped[datetime | None] = mapped_column()
    reminder_sent_at: Mapped[datetime | None] = mapped_column()
    # An edit of a published offer that needs moderation waits here (issue: moderation).
    pending_changes: Mapped[dict | None] = mapped_column(JSON)

    organisation: Mapped[Organisation] = relationship()
    activities: Mapped[list[OfferActivity]] = relationship(
        cascade="all, delete-orphan", order_by="OfferActivity.activity_code"
    )
    translations: Mapped[list[OfferTranslation]] = relationship(
        cascade="all, delete-orphan", order_by="OfferTranslation.locale"
    )
    locations: Mapped[list[Location]] = relationship(
        cascade="all, delete-orphan", order_by="Location.id"
    )
    slots: Mapped[list[ScheduleSlot]] = relationship(
        cascade="all, delete-orphan", order_by="ScheduleSlot.id"
    )
    contacts: Mapped[list[OfferContact]] = relationship(
        cascade="all, delete-orphan", order_by="OfferContact.id"
    )
    history: Mapped[list[OfferStatusChange]] = relationship(
        cascade="all, delete-orphan", order_by="OfferStatusChange.id"
    )

    @property
    def pnt_eligible(self) -> bool:
        """Return True when the offer meets both PNT criteria."""
        return self.dutch_context and self.social_participation

    @property
    def audience_codes(self) -> list[str]:
        """Return the audience codes the organisation chose, in the canonical order."""
        return audience_codes_of(self.audience)

    @property
    def activity_codes(self) -> list[str]:
        """Return the offer's activity codes."""
        return [a.activity_code for a in self.activities]

    def translation(self, locale: str) -> OfferTranslation | None:
        """Return the translation into `locale`, if one exists."""
        return next((t for t in self.translations if t.locale == locale), None)


class OfferActivity(Base):
    """An activity tag on an offer."""

    __tablename__ = "offer_activity"

    offer_id: Mapped[int] = mapped_column(
        ForeignKey("offer.id", ondelete="CASCADE"), primary_key=True
    )
    activity_code: Mapped[str] = mapped_column(ForeignKey("activity.code"), primary_key=True)


class OfferTranslation(Base):
    """An offer's texts in one UI locale, who translated them, when, and from which Dutch."""

    __tablename__ = "offer_translation"
    __table_args__ = (UniqueConstraint("offer_id", "locale"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offer.id", ondelete="CASCADE"), index=True)
    locale: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(String(160))
    summary: Mapped[str] = mapped_column(String(400))
    description: Mapped[str | None] = mapped_column(Text)
    translated_by: Mapped[str] = mapped_column(String(16), default="organisation")
    # The volunteer translator whose proposal was accepted, when there was one.
    translator_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    # Hashes of the Dutch each field was translated from: a change of the Dutch makes it outdated.
    title_source: Mapped[str | None] = mapped_column(String(64))
    summary_source: Mapped[str | None] = mapped_column(String(64))
    description_source: Mapped[str | None] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Location(Base):
    """A place where the offer happens, with a point and how precise it is."""

    __tablename__ = "location"

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offer.id", ondelete="CASCADE"), index=True)
    name: Mapped[str | None] = mapped_column(String(200))
    street: Mapped[str | None] = mapped_column(String(200))
    postcode: Mapped[str | None] = mapped_column(String(4))
    municipality_nis: Mapped[str] = mapped_column(ForeignKey("municipality.nis_code"), index=True)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    precision: Mapped[str] = mapped_column(String(16), default="postcode")


class ScheduleSlot(Base):
    """A weekly moment: a weekday and/or daypart, optionally with times."""

    __tablename__ = "schedule_slot"

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offer.id", ondelete="CASCADE"), index=True)
    weekday: Mapped[str | None] = mapped_column(String(3))
    daypart: Mapped[str | None] = mapped_column(String(10))
    starts_at: Mapped[time | None] = mapped_column(Time)
    ends_at: Mapped[time | None] = mapped_column(Time)


class OfferContact(Base):
    """A contact person; the one who signs the proof of participation is marked."""

    __tablename__ = "offer_contact"

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offer.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    signs_proof: Mapped[bool] = mapped_column(default=True)
    #: The organisation's contact person record this contact is (proofs point to it).
    contact_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("contact_person.id", ondelete="SET NULL")
    )


class OfferStatusChange(Base):
    """One step in an offer's life: who moved it from which status to which, and why."""

    __tablename__ = "offer_status_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offer.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class OfferReport(Base):
    """A visitor's report that an offer is wrong (gone, not in Dutch, no answer)."""

    __tablename__ = "offer_report"

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offer.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(String(30))
    text: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column()
