"""Offer types and activities, with a label and synonyms per UI locale."""

from __future__ import annotations

from sqlalchemy import JSON, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from aanbodplatform.models.base import Base


class OfferType(Base):
    """A kind of offer: volunteering, buddy project, conversation table, ..."""

    __tablename__ = "offer_type"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    icon: Mapped[str] = mapped_column(String(16), default="")
    position: Mapped[int] = mapped_column(default=0)


class Activity(Base):
    """An activity tag such as football, choir or repair café."""

    __tablename__ = "activity"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    icon: Mapped[str] = mapped_column(String(16), default="")
    position: Mapped[int] = mapped_column(default=0)


class TaxonomyLabel(Base):
    """The label and search synonyms of one type or activity in one locale."""

    __tablename__ = "taxonomy_label"
    __table_args__ = (UniqueConstraint("kind", "code", "locale"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(12))  # offer_type or activity
    code: Mapped[str] = mapped_column(String(40))
    locale: Mapped[str] = mapped_column(String(8))
    label: Mapped[str] = mapped_column(String(120))
    synonyms: Mapped[list[str]] = mapped_column(JSON, default=list)
