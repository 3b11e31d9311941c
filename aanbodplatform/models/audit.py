"""Audit trail and the search outbox."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from aanbodplatform.models.base import Base, utcnow


class AuditEvent(Base):
    """Who did what to which record, and when."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    action: Mapped[str] = mapped_column(String(60))
    entity_type: Mapped[str] = mapped_column(String(40), index=True)
    entity_id: Mapped[int | None] = mapped_column(index=True)
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class SearchOutbox(Base):
    """An offer whose search document must be refreshed (upserted or deleted).

    The row names only the offer: the worker reads the offer's current state, so
    replaying a row, or several rows for one offer, is harmless.
    """

    __tablename__ = "search_outbox"
    # Ids must never be reused after pruning: cursors compare against them.
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SearchDelivery(Base):
    """One outbox row delivered to one search target (an engine or a Meilisearch replica).

    Each replica gets every row exactly once: delivery skips rows marked for its target,
    and a row (with its marks) is removed once every configured target has it. A replica
    that is down keeps its rows; the others go on.
    """

    __tablename__ = "search_delivery"

    outbox_id: Mapped[int] = mapped_column(
        ForeignKey("search_outbox.id", ondelete="CASCADE"), primary_key=True
    )
    target: Mapped[str] = mapped_column(String(80), primary_key=True)
    delivered_at: Mapped[datetime] = mapped_column(default=utcnow)


class SearchCursor(Base):
    """How far one search target (an engine or a Meilisearch replica) has read the outbox."""

    __tablename__ = "search_cursor"

    target: Mapped[str] = mapped_column(String(80), primary_key=True)
    last_outbox_id: Mapped[int] = mapped_column(default=0)
    last_sync_at: Mapped[datetime | None] = mapped_column()
    last_error: Mapped[str | None] = mapped_column(Text)
