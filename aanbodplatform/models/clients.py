"""A counsellor's pseudonymous record of a newcomer: the minimum needed to help."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from aanbodplatform.models.base import Base, TimestampMixin

CLIENT_STATUSES = ("obliged", "entitled", "exempt")


class Client(TimestampMixin, Base):
    """A newcomer a counsellor helps; no national number, no nationality."""

    __tablename__ = "client"
    __table_args__ = (UniqueConstraint("counsellor_id", "reference_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    counsellor_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    reference_code: Mapped[str] = mapped_column(String(40))
    first_name: Mapped[str | None] = mapped_column(String(60))
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    preferred_locale: Mapped[str] = mapped_column(String(8), default="nl")
    dutch_level: Mapped[str] = mapped_column(String(4), default="none")
    home_postcode: Mapped[str | None] = mapped_column(String(4))
    weekdays: Mapped[list[str]] = mapped_column(JSON, default=list)
    dayparts: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(10), default="obliged")
    contract_end_date: Mapped[date | None] = mapped_column(Date)
    #: Start of the integration contract's term: hours before it do not count.
    contract_start_date: Mapped[date | None] = mapped_column(Date)
    #: When an entitled client chose the trajectory (binding: it is written into the contract).
    opted_in_on: Mapped[date | None] = mapped_column(Date)
    interests: Mapped[list[str]] = mapped_column(JSON, default=list)
    email: Mapped[str | None] = mapped_column(String(254))
    archived_at: Mapped[datetime | None] = mapped_column()
    anonymised_at: Mapped[datetime | None] = mapped_column()
