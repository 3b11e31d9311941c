"""The emails of the warm handover: who is told what, in which language.

Emails carry no personal data of the client (only the offer and a link), except
the appointment mail, which goes to the client themself. The organisation hears
through the offer's contact persons (each with a signed link that opens this one
handover without an account) and its handover recipients (members it chose; by
default its admins), each in their own language when known, Dutch otherwise.
Counsellors are written to in their own language; clients in the language they chose.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from aanbodplatform.config import Settings
from aanbodplatform.models import Client, Handover, Offer, Organisation, User
from aanbodplatform.services import appointment_calendar, mail
from aanbodplatform.services.offers import localized_text

log = logging.getLogger(__name__)

ORGANISATION_LOCALE = "nl"
#: How long a contact person's link works at most (it stops earlier when the handover closes).
LINK_DAYS = 30

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
    "attended": _l("Your client attended: “%(title)s”"),
    "no_show": _l("Your client did not show up: “%(title)s”"),
    "stopped": _l("Your client stopped: “%(title)s”"),
}


@dataclass(frozen=True)
class OrganisationRecipient:
    """Someone who hears about a handover for the organisation, and how they open it."""

    recipient: mail.Recipient
    #: True for an offer's contact person: the mail carries their signed link.
    contact: bool


def _clean(address: str | None) -> str:
    return (address or "").strip().lower()


def contact_addresses(offer: Offer) -> list[str]:
    """Return the offer's contact persons' addresses, once each, in the offer's order."""
    return list(dict.fromkeys(_clean(c.email) for c in offer.contacts if _clean(c.email)))


def handover_recipients(organisation: Organisation) -> list[User]:
    """Return the members mailed about handovers: those the organisation chose, else its admins."""
    return [
        m.user
        for m in organisation.memberships
        if m.state == "member"
        and m.user.is_active
        and (m.receives_handovers if m.receives_handovers is not None else m.is_admin)
    ]


def _known_locale(session: Session, address: str) -> str:
    # A contact person who also has an account is written to in the language they chose.
    user = session.scalar(select(User).where(func.lower(User.email) == address))
    return user.locale if user is not None and user.locale else ORGANISATION_LOCALE


def organisation_recipients(session: Session, offer: Offer) -> list[OrganisationRecipient]:
    """Return who hears about handovers for an offer: its contact persons and the chosen members.

    When there are neither, the organisation's own address is used.
    """
    found: dict[str, OrganisationRecipient] = {}
    for contact in offer.contacts:
        address = _clean(contact.email)
        if address and address not in found:
            found[address] = OrganisationRecipient(
                mail.Recipient(address, _known_locale(session, address), contact.name), True
            )
    for user in handover_recipients(offer.organisation):
        address = _clean(user.email)
        if address not in found:
            found[address] = OrganisationRecipient(
                mail.Recipient(address, user.locale or ORGANISATION_LOCALE, user.display_name),
                False,
            )
    if not found and _clean(offer.organisation.email):
        address = _clean(offer.organisation.email)
        found[address] = OrganisationRecipient(mail.Recipient(address, ORGANISATION_LOCALE), False)
    return list(found.values())


def _subject(table: dict[str, Any], kind: str, title: str) -> Callable[[], str]:
    # Evaluated inside the recipient's locale by mail.render.
    return lambda: str(table[kind]) % {"title": title}


def notify_organisation(
    settings: Settings | None,
    session: Session,
    handover: Handover,
    kind: str,
    tokens: dict[str, str] | None = None,
) -> int:
    """Tell the organisation about a handover (sent, reminder, withdrawn, answer); return sent count.

    `tokens` maps a contact person's address to their link token; without one (a closed
    handover) the contact person gets the news without a link.
    """
    offer = handover.offer
    messages = []
    for target in organisation_recipients(session, offer):
        who = target.recipient
        token = (tokens or {}).get(who.email) if target.contact else None
        if target.contact:
            link = (
                mail.absolute_url(
                    "handover_link.detail",
                    settings,
                    lang=who.locale,
                    handover_id=handover.id,
                    token=token,
                )
                if token
                else None
            )
        else:
            link = mail.absolute_url(
                "handover_inbox.detail", settings, lang=who.locale, handover_id=handover.id
            )
        messages.append(
            mail.render(
                f"handover_organisation_{kind}",
                who,
                _subject(_ORGANISATION_SUBJECTS, kind, offer.title_nl),
                handover=handover,
                offer=offer,
                link=link,
                via_link=target.contact,
                link_days=LINK_DAYS,
                signup_url=mail.absolute_url("account.signup", settings, lang=who.locale),
            )
        )
    if not messages:
        log.warning("handover %s: the organisation has no email address", handover.id)
    return mail.send_all(messages, settings)


def notify_counsellor(
    settings: Settings | None, session: Session, handover: Handover, kind: str
) -> bool:
    """Tell the counsellor what the organisation (or the clock) did, in their language."""
    notice = mail.counsellor_notice(
        settings,
        session,
        counsellor_id=handover.counsellor_id,
        client_id=handover.client_id,
        endpoint="counsellor.handover",
        handover_id=handover.id,
    )
    if notice is None:
        return False
    counsellor, offer = notice.counsellor, handover.offer
    title, _summary, _lang, _by = localized_text(offer, counsellor.locale or "nl")
    attachments = (
        (appointment_calendar.attachment(handover, title),)
        if kind == "accepted" and handover.appointment
        else ()
    )
    message = mail.render(
        f"handover_counsellor_{kind}",
        counsellor,
        _subject(_COUNSELLOR_SUBJECTS, kind, title),
        handover=handover,
        offer=offer,
        offer_title=title,
        client_code=notice.client_code,
        link=notice.link,
        attachments=attachments,
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
        attachments=(appointment_calendar.attachment(handover, title),),
    )
    return mail.send(message, settings)
