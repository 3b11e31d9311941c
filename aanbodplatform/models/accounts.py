"""Organisations, users, their memberships and moderator scopes."""

from __future__ import annotations

import hmac
import secrets
from datetime import datetime

from sqlalchemy import Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from aanbodplatform.models.base import Base, TimestampMixin


def new_session_token() -> str:
    """Return a fresh random session token (rotated to end every session of a user)."""
    return secrets.token_urlsafe(24)


ROLES = ("organisation_member", "counsellor", "guide", "moderator", "translator", "admin")
MEMBERSHIP_STATES = ("member", "requested", "invited")


class Organisation(TimestampMixin, Base):
    """A club, association, school, care home or company that publishes offers."""

    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    kbo_number: Mapped[str | None] = mapped_column(String(10), unique=True)
    street: Mapped[str | None] = mapped_column(String(200))
    postcode: Mapped[str | None] = mapped_column(String(4))
    municipality_nis: Mapped[str | None] = mapped_column(ForeignKey("municipality.nis_code"))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    website: Mapped[str | None] = mapped_column(String(300))
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(254))
    description: Mapped[str | None] = mapped_column(Text)

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan"
    )


class User(TimestampMixin, Base):
    """A person who signs in: organisation member, counsellor, guide, moderator or admin."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(24), default="organisation_member")
    locale: Mapped[str] = mapped_column(String(8), default="nl")
    office: Mapped[str | None] = mapped_column(String(120))
    region_code: Mapped[str | None] = mapped_column(ForeignKey("region.code"))
    is_coordinator: Mapped[bool] = mapped_column(default=False)
    is_active: Mapped[bool] = mapped_column(default=True)
    email_confirmed_at: Mapped[datetime | None] = mapped_column()
    last_login_at: Mapped[datetime | None] = mapped_column()
    #: Moderators: "immediate" (default) mails each offer that waits; "digest" once a day.
    moderation_mail: Mapped[str | None] = mapped_column(String(10))
    #: Part of the id kept in the session cookie; rotating it ends every session of the user.
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )
    moderator_scopes: Mapped[list[ModeratorScope]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    # Flask-Login's user interface; `is_active` is the column above.
    is_authenticated = True
    is_anonymous = False

    def get_id(self) -> str:
        """Return the id Flask-Login keeps in the session: the user id and the session token."""
        if not self.session_token:
            self.session_token = new_session_token()
        return f"{self.id}.{self.session_token}"

    def holds_session(self, token: str) -> bool:
        """Return True when `token` is the user's current session token."""
        return bool(self.session_token) and hmac.compare_digest(self.session_token, token)

    def end_sessions(self) -> None:
        """Rotate the session token: every session (and remember cookie) of the user ends."""
        self.session_token = new_session_token()

    def has_role(self, *roles: str) -> bool:
        """Return True when the user has one of `roles` (admins have every role)."""
        return self.role in roles or self.role == "admin"


class Membership(Base):
    """A user's place in an organisation: member, admin, or a pending request/invitation."""

    __tablename__ = "membership"
    __table_args__ = (UniqueConstraint("user_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    is_admin: Mapped[bool] = mapped_column(default=False)
    state: Mapped[str] = mapped_column(String(12), default="member")
    #: Whether this member is mailed about new handovers; None: the default (admins are).
    receives_handovers: Mapped[bool | None] = mapped_column()

    user: Mapped[User] = relationship(back_populates="memberships")
    organisation: Mapped[Organisation] = relationship(back_populates="memberships")


class ModeratorScope(Base):
    """The area a moderator unlocks offers for: one municipality or one PNT region."""

    __tablename__ = "moderator_scope"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    municipality_nis: Mapped[str | None] = mapped_column(ForeignKey("municipality.nis_code"))
    region_code: Mapped[str | None] = mapped_column(ForeignKey("region.code"))

    user: Mapped[User] = relationship(back_populates="moderator_scopes")
