"""A client's shortlist: offers a counsellor or guide picked together with the client."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from aanbodplatform.config import Settings
from aanbodplatform.models import (
    OPEN_HANDOVER_STATUSES,
    ClientShortlistItem,
    Handover,
    Offer,
    User,
    utcnow,
)
from aanbodplatform.services import audit, mail
from aanbodplatform.services.authz import NotFound, ValidationFailed
from aanbodplatform.services.clients import get_client
from aanbodplatform.services.offers import localized_text


@dataclass(frozen=True)
class ShortlistEntry:
    """One offer on a client's shortlist, with the client's latest handover for it."""

    offer: Offer
    added_at: datetime
    handover: Handover | None

    @property
    def published(self) -> bool:
        """Return True while the offer is still published."""
        return self.offer.status == "published"


def shortlist(session: Session, user: User | None, client_id: int) -> list[ShortlistEntry]:
    """Return the client's shortlist, oldest first."""
    client = get_client(session, user, client_id)
    rows = session.execute(
        select(ClientShortlistItem, Offer)
        .join(Offer, Offer.id == ClientShortlistItem.offer_id)
        .where(ClientShortlistItem.client_id == client.id)
        .options(
            selectinload(Offer.organisation),
            selectinload(Offer.translations),
            selectinload(Offer.locations),
            selectinload(Offer.slots),
            selectinload(Offer.activities),
        )
        .order_by(ClientShortlistItem.added_at, ClientShortlistItem.offer_id)
    ).all()
    latest: dict[int, Handover] = {}
    for handover in session.scalars(
        select(Handover).where(Handover.client_id == client.id).order_by(Handover.id)
    ):
        # An open handover wins over an older closed one for the same offer.
        current = latest.get(handover.offer_id)
        if current is None or current.status not in OPEN_HANDOVER_STATUSES:
            latest[handover.offer_id] = handover
    return [ShortlistEntry(offer, item.added_at, latest.get(offer.id)) for item, offer in rows]


def shortlisted_ids(session: Session, user: User | None, client_id: int) -> set[int]:
    """Return the ids of the offers on the client's shortlist."""
    client = get_client(session, user, client_id)
    return set(
        session.scalars(
            select(ClientShortlistItem.offer_id).where(ClientShortlistItem.client_id == client.id)
        )
    )


def shortlisted_offer(session: Session, user: User | None, client_id: int, offer_id: int) -> Offer:
    """Return an offer on the client's shortlist; NotFound when it is not on it."""
    client = get_client(session, user, client_id)
    if session.get(ClientShortlistItem, (client.id, offer_id)) is None:
        raise NotFound("offer not on the shortlist")
    offer = session.get(Offer, offer_id)
    if offer is None:
        raise NotFound("offer")
    return offer


def add_to_shortlist(
    session: Session,
    user: User | None,
    client_id: int,
    offer_id: int,
    *,
    now: datetime | None = None,
) -> bool:
    """Put a published offer on the client's shortlist; False when it was already there."""
    client = get_client(session, user, client_id)
    offer = session.get(Offer, offer_id)
    if offer is None or offer.status != "published":
        raise NotFound("offer")
    if session.get(ClientShortlistItem, (client.id, offer.id)) is not None:
        return False
    session.add(
        ClientShortlistItem(client_id=client.id, offer_id=offer.id, added_at=now or utcnow())
    )
    session.commit()
    return True


def remove_from_shortlist(
    session: Session, user: User | None, client_id: int, offer_id: int
) -> bool:
    """Take an offer off the client's shortlist; False when it was not there."""
    client = get_client(session, user, client_id)
    item = session.get(ClientShortlistItem, (client.id, offer_id))
    if item is None:
        return False
    session.delete(item)
    session.commit()
    return True


def offer_link(settings: Settings | None, offer: Offer, locale: str) -> str:
    """Return the absolute public link to an offer in `locale` (short, for QR codes)."""
    return mail.absolute_url("public.offer", settings, lang=locale, offer_id=offer.id)


def email_shortlist(
    session: Session, settings: Settings | None, user: User | None, client_id: int
) -> bool:
    """Email the shortlist to the client in their own language; True when it went out."""
    client = get_client(session, user, client_id)
    if not client.email:
        raise ValidationFailed({"email": str(_l("This client has no email address."))})
    entries = [e for e in shortlist(session, user, client_id) if e.published]
    if not entries:
        raise ValidationFailed({"shortlist": str(_l("The shortlist has no published offers."))})
    tag = client.preferred_locale
    items = []
    for entry in entries:
        title, summary, content_lang, _translator = localized_text(entry.offer, tag)
        items.append(
            {
                "title": title,
                "summary": summary,
                "content_lang": content_lang,
                "organisation": entry.offer.organisation.name,
                "url": offer_link(settings, entry.offer, tag),
            }
        )
    message = mail.render(
        "client_shortlist",
        mail.Recipient(client.email, tag, client.first_name),
        _l("Activities we chose together"),
        client=client,
        items=items,
        counsellor_name=user.display_name if user else "",
    )
    sent = mail.send(message, settings)
    audit.record(session, user, "client.shortlist_emailed", client, {"offers": len(items)})
    session.commit()
    return sent
