"""Links from our records to the same thing in another system (UiTdatabank ids)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from aanbodplatform.models.base import Base, utcnow


class ExternalReference(Base):
    """Our `kind` record `entity_id` is `external_id` in `source`; re-imports update it."""

    __tablename__ = "external_reference"
    __table_args__ = (UniqueConstraint("source", "kind", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(30))
    #: "offer" or "organisation".
    kind: Mapped[str] = mapped_column(String(20))
    external_id: Mapped[str] = mapped_column(String(200))
    entity_id: Mapped[int] = mapped_column(index=True)
    #: Hash of the imported document, to tell "unchanged" from "updated".
    content_hash: Mapped[str] = mapped_column(String(64), default="")
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)
