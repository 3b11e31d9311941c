"""Questions and support needs that organisations send to their local government."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from aanbodplatform.models.accounts import Organisation, User
from aanbodplatform.models.base import Base, TimestampMixin

NEED_TOPICS = ("training", "welcoming", "translation", "insurance", "criteria", "other")
NEED_STATUSES = ("new", "in_progress", "passed_to_agency", "answered")


class OrganisationNeed(TimestampMixin, Base):
    """One question or support need, addressed to the local government of a municipality."""

    __tablename__ = "organisation_need"
    __table_args__ = (
        CheckConstraint(
            "status IN ('new','in_progress','passed_to_agency','answered')", name="status"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    #: The municipality whose local government answers (the organisation's, by default).
    municipality_nis: Mapped[str] = mapped_column(ForeignKey("municipality.nis_code"), index=True)
    topic: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="new", index=True)
    answer: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None] = mapped_column()
    handled_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )

    organisation: Mapped[Organisation] = relationship()
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
