"""Signed links (architecture §3): one person, one capability, one object, no account.

A link is a row (`SignedLink`) plus a token: an itsdangerous signature over the row's
id and a random nonce, salted per purpose. Resolving checks, in order, the signature,
the purpose, the row, revocation and expiry, and says which check failed so the page
can tell the person what to do (and answer with the right status code).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select
from sqlalchemy.orm import Session

from aanbodplatform.config import Settings
from aanbodplatform.models import User, utcnow
from aanbodplatform.models.links import SignedLink
from aanbodplatform.services import audit

LinkProblem = Literal["tampered", "expired", "revoked", "wrong_object"]


class LinkError(Exception):
    """A signed link that cannot be used; `problem` says why."""

    def __init__(self, problem: LinkProblem) -> None:
        super().__init__(problem)
        self.problem = problem

    @property
    def status_code(self) -> int:
        """Return the HTTP status a page should answer with for this problem."""
        # 410: the link existed and is over; 404: it never was valid (no oracle on ids).
        return 410 if self.problem in ("expired", "revoked") else 404


@dataclass(frozen=True)
class IssuedLink:
    """A freshly issued link: its row and the token to put in the URL."""

    link: SignedLink
    token: str


def _serializer(settings: Settings, purpose: str) -> URLSafeSerializer:
    # One salt per purpose: a handover link can never open a proof.
    return URLSafeSerializer(settings.secret_key, salt=f"aanbodplatform.link.{purpose}")


def _entity_type(entity: Any) -> str:
    return str(getattr(entity, "__tablename__", type(entity).__name__.lower()))


def issue(
    session: Session,
    settings: Settings,
    *,
    purpose: str,
    entity: Any,
    recipient: str,
    valid_for: timedelta,
    actor: User | None = None,
    now: datetime | None = None,
) -> IssuedLink:
    """Create a link for `recipient` to do `purpose` on `entity`, valid for `valid_for`."""
    if getattr(entity, "id", None) is None:
        session.flush()
    moment = now or utcnow()
    link = SignedLink(
        purpose=purpose,
        entity_type=_entity_type(entity),
        entity_id=entity.id,
        recipient=recipient,
        nonce=secrets.token_urlsafe(12),
        expires_at=moment + valid_for,
        created_by_id=actor.id if actor is not None else None,
        created_at=moment,
    )
    session.add(link)
    session.flush()
    audit.record(
        session, actor, "link.issued", entity,
        {"purpose": purpose, "link_id": link.id, "recipient": recipient}, now=moment,
    )
    return IssuedLink(link=link, token=token_for(settings, link))


def token_for(settings: Settings, link: SignedLink) -> str:
    """Return the URL token of an existing link (the same every time)."""
    return _serializer(settings, link.purpose).dumps([link.id, link.nonce])


def resolve(
    session: Session,
    settings: Settings,
    token: str,
    *,
    purpose: str,
    entity: Any | None = None,
    now: datetime | None = None,
) -> SignedLink:
    """Return the live link behind `token` for `purpose`, or raise LinkError saying why.

    When `entity` is given, the link must be for that very record.
    """
    try:
        link_id, nonce = _serializer(settings, purpose).loads(token)
    except (BadSignature, ValueError, TypeError):
        raise LinkError("tampered") from None
    if not isinstance(link_id, int) or not isinstance(nonce, str):
        raise LinkError("tampered")
    link = session.get(SignedLink, link_id)
    if link is None or link.purpose != purpose or not secrets.compare_digest(link.nonce, nonce):
        raise LinkError("tampered")
    if entity is not None and (
        link.entity_type != _entity_type(entity) or link.entity_id != entity.id
    ):
        raise LinkError("wrong_object")
    if link.revoked_at is not None:
        raise LinkError("revoked")
    if (now or utcnow()) >= link.expires_at:
        raise LinkError("expired")
    return link


def mark_used(link: SignedLink, *, now: datetime | None = None) -> None:
    """Remember when the link was last used (shown to staff, never to the recipient)."""
    link.last_used_at = now or utcnow()


def revoke(
    session: Session, link: SignedLink, *, actor: User | None = None, now: datetime | None = None
) -> None:
    """Revoke one link; it answers 'revoked' from now on."""
    if link.revoked_at is None:
        link.revoked_at = now or utcnow()
        audit.record(
            session, actor, "link.revoked", link,
            {"purpose": link.purpose, "entity_type": link.entity_type,
             "entity_id": link.entity_id}, now=now,
        )


def revoke_all(
    session: Session,
    entity: Any,
    *,
    purpose: str | None = None,
    now: datetime | None = None,
) -> int:
    """Revoke every live link on `entity` (optionally of one purpose); return how many."""
    stmt = select(SignedLink).where(
        SignedLink.entity_type == _entity_type(entity),
        SignedLink.entity_id == entity.id,
        SignedLink.revoked_at.is_(None),
    )
    if purpose is not None:
        stmt = stmt.where(SignedLink.purpose == purpose)
    links = list(session.scalars(stmt))
    moment = now or utcnow()
    for link in links:
        # Through the ORM, not a bulk UPDATE, so rows already loaded see the revocation.
        link.revoked_at = moment
    return len(links)


def live_links(session: Session, entity: Any, *, purpose: str | None = None) -> list[SignedLink]:
    """Return the links on `entity` that are neither revoked nor expired, newest first."""
    stmt = select(SignedLink).where(
        SignedLink.entity_type == _entity_type(entity),
        SignedLink.entity_id == entity.id,
        SignedLink.revoked_at.is_(None),
        SignedLink.expires_at > utcnow(),
    )
    if purpose is not None:
        stmt = stmt.where(SignedLink.purpose == purpose)
    return list(session.scalars(stmt.order_by(SignedLink.id.desc())))


def audit_actor_label(link: SignedLink) -> dict[str, Any]:
    """Return audit data naming the person who acted through `link` ("via link")."""
    return {"via": "link", "link_id": link.id, "recipient": link.recipient}


def app_settings(settings: Settings | None) -> Settings:
    """Return `settings`, or the running app's when a caller (a view, a job) passed none."""
    if settings is not None:
        return settings
    from flask import current_app  # only when called without settings, inside the app

    return current_app.extensions["settings"]


def live_token_for(
    session: Session,
    settings: Settings,
    *,
    purpose: str,
    entity: Any,
    recipient: str,
    valid_for: timedelta,
    actor: User | None = None,
    now: datetime | None = None,
) -> str:
    """Return the token of `recipient`'s live link to `entity`, issuing a link when there is none.

    A live link is reused, so a reminder or a follow-up question carries the same link as
    the first mail.
    """
    for link in live_links(session, entity, purpose=purpose):
        if link.recipient == recipient:
            return token_for(settings, link)
    return issue(
        session,
        settings,
        purpose=purpose,
        entity=entity,
        recipient=recipient,
        valid_for=valid_for,
        actor=actor,
        now=now,
    ).token
