"""A counsellor's shortlist of offers for one client."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from aanbodplatform.models.base import Base, utcnow


class ClientShortlistItem(Base):
    """One offer a counsellor (or guide) put on a client's shortlist."""

    __tablename__ = "client_shortlist_item"

    client_id: Mapped[int] = mapped_column(
        ForeignKey("client.id", ondelete="CASCADE"), primary_key=True
    )
    # Index of its own: "which shortlists hold this offer" when an offer is archived.
    offer_id: Mapped[int] = mapped_column(
        ForeignKey("offer.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    added_at: Mapped[datetime] = mapped_column(default=utcnow)
