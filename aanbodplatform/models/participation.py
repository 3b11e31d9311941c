"""Proofs of participation (bewijs van deelname), their hours, contact persons and exemptions."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import Date, ForeignKey, String, Text, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from aanbodplatform.models.base import Base, TimestampMixin, utcnow

#: The lifecycle of a proof; the moves between them are a table in services/proofs.py.
PROOF_STATUSES = (
    "draft",
    "awaiting_signature",
    "signed",
    "queried",
    "verified",
    "refused",
    "void",
)
#: Hours a newcomer needs for the participation and network trajectory.
PNT_HOURS_REQUIRED = 40
#: Why a client does not have to do the trajectory (the work reasons: at least half-time).
EXEMPTION_REASONS = (
    "work_employee",
    "work_self_employed",
    "work_civil_servant",
    "study",
    "other",
)


class ContactPerson(TimestampMixin, Base):
    """Someone an organisation names to sign proofs: a buddy, a trainer, a coordinator.

    Not necessarily a user: the proof link goes to the email or phone registered here.
    A member whose account email equals `email` signs through their account.
    """

    __tablename__ = "contact_person"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str | None] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    active: Mapped[bool] = mapped_column(default=True)


class ParticipationProof(TimestampMixin, Base):
    """One proof per client, organisation, offer type and contact person (DOMAIN.md)."""

    __tablename__ = "participation_proof"
    # open_slot is 1 while the proof takes hours and NULL once verified or void (NULLs never
    # collide): one open proof per key, and a new sheet after verification.
    __table_args__ = (
        UniqueConstraint(
            "client_id", "organisation_id", "offer_type", "contact_person_id", "open_slot"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int | None] = mapped_column(
        ForeignKey("client.id", ondelete="SET NULL"), index=True
    )
    counsellor_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    offer_type: Mapped[str] = mapped_column(ForeignKey("offer_type.code"))
    contact_person_id: Mapped[int] = mapped_column(ForeignKey("contact_person.id"), index=True)
    handover_id: Mapped[int | None] = mapped_column(ForeignKey("handover.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    open_slot: Mapped[int | None] = mapped_column(default=1)
    #: "online" (signed here) or "paper" (the paper form, scanned).
    kind: Mapped[str] = mapped_column(String(8), default="online")
    verification_code: Mapped[str] = mapped_column(String(12), unique=True)
    signed_at: Mapped[datetime | None] = mapped_column()
    signed_name: Mapped[str | None] = mapped_column(String(120))
    #: "account", "link" or "paper".
    signed_via: Mapped[str | None] = mapped_column(String(8))
    signed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    signature_hash: Mapped[str | None] = mapped_column(String(64))
    refused_at: Mapped[datetime | None] = mapped_column()
    refusal_reason: Mapped[str | None] = mapped_column(Text)
    verified_at: Mapped[datetime | None] = mapped_column()
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    scan_file: Mapped[str | None] = mapped_column(String(80))
    scan_type: Mapped[str | None] = mapped_column(String(40))

    entries: Mapped[list[HourEntry]] = relationship(
        cascade="all, delete-orphan", order_by="(HourEntry.day, HourEntry.id)"
    )
    messages: Mapped[list[ProofMessage]] = relationship(
        cascade="all, delete-orphan", order_by="ProofMessage.id"
    )
    contact_person: Mapped[ContactPerson] = relationship()


class HourEntry(Base):
    """Time spent on one day, in quarter hours, toward the 40 hours."""

    __tablename__ = "hour_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    proof_id: Mapped[int] = mapped_column(
        ForeignKey("participation_proof.id", ondelete="CASCADE"), index=True
    )
    offer_id: Mapped[int | None] = mapped_column(ForeignKey("offer.id", ondelete="SET NULL"))
    day: Mapped[date] = mapped_column(Date, index=True)
    minutes: Mapped[int] = mapped_column()
    starts_at: Mapped[time | None] = mapped_column(Time)
    ends_at: Mapped[time | None] = mapped_column(Time)
    description: Mapped[str | None] = mapped_column(String(200))
    #: Who wrote the line: counsellor, contact or newcomer (a proposal).
    source: Mapped[str] = mapped_column(String(12), default="counsellor")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ProofMessage(Base):
    """One message in a proof's thread: the counsellor's question, the contact's answer."""

    __tablename__ = "proof_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    proof_id: Mapped[int] = mapped_column(
        ForeignKey("participation_proof.id", ondelete="CASCADE"), index=True
    )
    #: counsellor, contact or system (a refusal's reason is kept as the contact's message).
    author: Mapped[str] = mapped_column(String(12))
    kind: Mapped[str] = mapped_column(String(12), default="message")
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CounsellorTask(Base):
    """Something a counsellor must follow up, such as a refused proof."""

    __tablename__ = "counsellor_task"

    id: Mapped[int] = mapped_column(primary_key=True)
    counsellor_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    proof_id: Mapped[int | None] = mapped_column(
        ForeignKey("participation_proof.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    due_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    done_at: Mapped[datetime | None] = mapped_column()


class Exemption(Base):
    """Why a client does not have to do the 40 hours, the evidence seen, and who recorded it."""

    __tablename__ = "client_exemption"
    __table_args__ = (UniqueConstraint("client_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(24))
    evidence_type: Mapped[str] = mapped_column(String(120))
    evidence_date: Mapped[date] = mapped_column(Date)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
