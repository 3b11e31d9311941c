"""Signed links: one capability on one object for one recipient, without an account."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from aanbodplatform.models.base import Base, utcnow


class SignedLink(Base):
    """A link given to one person for one purpose on one record, revocable and expiring.

    The token itself is never stored: it is an itsdangerous signature over this row's
    id and nonce, so a database leak does not leak working links.
    """

    __tablename__ = "signed_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[str] = mapped_column(String(40), index=True)
    entity_type: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int] = mapped_column(index=True)
    #: Who the link was given to: an email address, a phone number or a label such as
    #: "contact_person:12"; shown in the audit trail as "via link".
    recipient: Mapped[str] = mapped_column(String(254))
    nonce: Mapped[str] = mapped_column(String(32))
    expires_at: Mapped[datetime] = mapped_column()
    revoked_at: Mapped[datetime | None] = mapped_column()
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column()
