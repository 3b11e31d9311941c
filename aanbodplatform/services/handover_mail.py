"""The emails of the warm handover: who is told what, in which language.

Emails carry no personal data of the client (only the offer and a link behind
sign-in), except the appointment mail, which goes to the client themself.
Organisations are written to in Dutch; counsellors in their own language;
clients in the language they chose.
"""

from __future__ import annotations

import logging
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from aanbodplatform.config import Settings
from aanbodplatform.models import Client, Handover, Offer, User
from aanbodplatform.services import mail
from aanbodplatform.services.offers import localized_text

log = logging.getLogger(__name__)

ORGANISATION_LOCALE = "nl"

_ORGANISATION_SUBJECTS = {
    "sent": _l("A counsellor announces a newcomer for “%(title)s”"),
    "reminder": _l("Reminder: a newcomer is waiting for your answer about “%(title)s”"),
    "withdrawn": _l("The counsellor withdrew a handover for “%(title)s”"),
    "answer": _l("The counsellor answered your question about “%(title)s”"),
}
_COUNSELLOR_SUBJECTS = {
    "accepted": _l("Handover accepted: “%(title)s”"),
    "declined": _l("Handover declined: “%(title)s”"),
    "question": _l("A question about your handover for “%(title)s”"),
    "expired": _l("Handover expired without an answer: “%(title)s”"),
}


def organisation_recipients(offer: Offer) -> list[mail.Recipient]:
    """Return who hears about handovers for an offer: its contacts, else the organisation."""
    addresses = [c.email for c in offer.contacts if c.email]
    if not addresses and offer.organisation.email:
        addresses = [offer.organisation.email]
    if not addresses:
        addresses = [
            m.user.email
            for m in offer.organisation.memberships
            if m.state == "member" and m.user.is_active
        ]
    unique = list(dict.fromkeys(a.strip().lower() for a in addresses))
    # Organisations are written to in Dutch, whatever language their members chose.
    return [mail.Recipient(address, ORGANISATION_LOCALE) for address in unique]


def _subject(table: dict, kind: str, title: str):  # type: ignore[no-untyped-def]
    # Evaluated inside the recipient's locale by mail.render.
    return lambda: str(table[kind]) % {"title": title}


def notify_organisation(settings: Settings | None, handover: Handover, kind: str) -> int:
    """Tell the organisation about a handover (sent, reminder, withdrawn, answer); return sent count."""
    offer = handover.offer
    link = mail.absolute_url(
        "handover_inbox.detail", settings, lang=ORGANISATION_LOCALE, handover_id=handover.id
    )
    messages = [
        mail.render(
            f"handover_organisation_{kind}",
            recipient,
            _subject(_ORGANISATION_SUBJECTS, kind, offer.title_nl),
            handover=handover,
            offer=offer,
            link=link,
        )
        for recipient in organisation_recipients(offer)
    ]
    if not messages:
        log.warning("handover %s: the organisation has no email address", handover.id)
    return mail.send_all(messages, settings)


def notify_counsellor(
    settings: Settings | None, session: Session, handover: Handover, kind: str
) -> bool:
    """Tell the counsellor what the organisation (or the clock) did, in their language."""
    counsellor = session.get(User, handover.counsellor_id)
    if counsellor is None or not counsellor.is_active:
        return False
    offer = handover.offer
    client = session.get(Client, handover.client_id) if handover.client_id else None
    title, _summary, _lang, _by = localized_text(offer, counsellor.locale or "nl")
    message = mail.render(
        f"handover_counsellor_{kind}",
        counsellor,
        _subject(_COUNSELLOR_SUBJECTS, kind, title),
        handover=handover,
        offer=offer,
        offer_title=title,
        client_code=client.reference_code if client else "",
        link=mail.absolute_url(
            "counsellor.handover", settings, lang=counsellor.locale or "nl", handover_id=handover.id
        ),
    )
    return mail.send(message, settings)


def notify_client_appointment(
    settings: Settings | None, handover: Handover, client: Client
) -> bool:
    """Send the client the first appointment in their own language: what, when, where, whom."""
    assert client.email and handover.appointment
    offer = handover.offer
    tag = client.preferred_locale
    title, _summary, content_lang, _by = localized_text(offer, tag)
    appointment = handover.appointment
    message = mail.render(
        "handover_client_appointment",
        mail.Recipient(client.email, tag, client.first_name),
        _l("Your first appointment for “%(title)s”", title=title),
        client=client,
        offer=offer,
        offer_title=title,
        content_lang=content_lang,
        day=date.fromisoformat(appointment["date"]),
        at=appointment["time"],
        place=appointment["place"],
        ask_for=appointment["ask_for"],
        link=mail.absolute_url("public.offer", settings, lang=tag, offer_id=offer.id),
    )
    return mail.send(message, settings)
