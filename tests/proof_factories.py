"""Builders for proof tests: a counsellor, a client, an organisation with contact persons."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from flask import current_app

from aanbodplatform.models import Client, ContactPerson, Offer, Organisation, User
from aanbodplatform.services import proofs as svc
from tests.factories import make_client, make_member, make_user

#: A Monday; the clients' contract runs 2026-01-01 to 2026-12-31.
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
TODAY = NOW.date()


@dataclass
class ProofWorld:
    """One counsellor with one client, one organisation with two contact persons and an offer."""

    counsellor: User
    client: Client
    org: Organisation
    offer: Offer
    anna: ContactPerson
    bert: ContactPerson
    member: User


def build(session: Any, make_offer: Any, **client_fields: Any) -> ProofWorld:
    """Create the proof world."""
    counsellor = make_user(session, "counsellor")
    fields = {
        "contract_start_date": date(2026, 1, 1),
        "contract_end_date": date(2026, 12, 31),
        "preferred_locale": "ar",
        "first_name": "Amal",
    }
    fields.update(client_fields)
    client = make_client(session, counsellor, **fields)
    offer = make_offer("Voetbal voor iedereen", offer_type="club", weekdays=("tue",))
    offer.organisation.kbo_number = "0123456749"
    member = make_member(session, offer, email="anna@club.be")
    anna = ContactPerson(
        organisation_id=offer.organisation_id, name="Anna Trainer", role="Trainer",
        email="anna@club.be",
    )
    bert = ContactPerson(
        organisation_id=offer.organisation_id, name="Bert Buddy", email="bert@club.be"
    )
    session.add_all([anna, bert])
    session.commit()
    return ProofWorld(counsellor, client, offer.organisation, offer, anna, bert, member)


def open_proof(session: Any, w: ProofWorld, *, person: ContactPerson | None = None,
               offer_type: str = "club", client: Client | None = None):  # type: ignore[no-untyped-def]
    """Open (or find) a proof for the world's client."""
    proof, _new = svc.open_proof(
        session, w.counsellor, (client or w.client).id, w.org.id, offer_type,
        (person or w.anna).id, now=NOW,
    )
    return proof


def hours(session: Any, w: ProofWorld, proof: Any, day: date, minutes: int, **kw: Any):  # type: ignore[no-untyped-def]
    """Add a line of hours as the counsellor."""
    return svc.add_entry(
        session, svc.Actor(user=w.counsellor), proof.id,
        svc.EntryInput(day=day, minutes=minutes, **kw), now=NOW,
    )


def sign_link(session: Any, proof: Any) -> svc.signed_links.IssuedLink:
    """Issue a contact person's signing link for `proof`."""
    return svc.signed_links.issue(
        session, current_app.extensions["settings"], purpose=svc.SIGN_PURPOSE, entity=proof,
        recipient=proof.contact_person.email, valid_for=svc.SIGN_LINK_VALID, now=NOW,
    )


def signed(session: Any, w: ProofWorld, proof: Any) -> Any:
    """Take a proof with hours to signed, through the link."""
    svc.request_signature(session, current_app.extensions["settings"], w.counsellor, proof.id, now=NOW)
    link = sign_link(session, proof)
    return svc.sign(
        session, None, svc.Actor(link=link.link), proof.id, "Anna Trainer", now=NOW
    )
