"""Demo proofs: every status, one client at risk, one exempt, one refusal, one paper proof.

Made through the same services the pages use, so the demo shows what the product does.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from flask import current_app, has_app_context
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from aanbodplatform.models import Client, Offer, ParticipationProof, User
from aanbodplatform.models.links import SignedLink
from aanbodplatform.services import proofs as svc
from aanbodplatform.services.contact_persons import (
    ContactPersonInput,
    create_contact_person,
    person_for_offer_contact,
)

#: The smallest valid PNG: the demo paper proof's "scan".
_DEMO_SCAN = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def seed_demo_proofs(session: Session, now: datetime) -> int:
    """Create the demo proofs for the demo counsellor's clients; return how many (0: skipped)."""
    if not has_app_context():
        # Mail and links need the app (settings, URLs); the catalogue benchmark runs without.
        return 0
    settings = current_app.extensions["settings"]
    counsellor = session.scalar(select(User).where(User.email.like("counsellor@%"), User.role == "counsellor"))
    member = session.scalar(select(User).where(User.email.like("organisation@%")))
    if counsellor is None or member is None or not member.memberships:
        return 0
    if session.scalar(
        select(func.count()).select_from(ParticipationProof).where(
            ParticipationProof.counsellor_id == counsellor.id
        )
    ):
        return 0
    clients = {
        c.reference_code: c
        for c in session.scalars(select(Client).where(Client.counsellor_id == counsellor.id))
    }
    org_id = member.memberships[0].organisation_id
    offer = session.scalar(
        select(Offer).where(Offer.organisation_id == org_id, Offer.status == "published").order_by(Offer.id)
    )
    if offer is None or not offer.contacts or len(clients) < 6:
        return 0
    coordinator = person_for_offer_contact(session, offer.contacts[0], org_id)
    session.commit()
    buddy = create_contact_person(
        session, member, org_id,
        ContactPersonInput(name="Jonas Peeters", role="Buddy", email="jonas.buddy@example.org"),
    )
    me = svc.Actor(user=counsellor)
    today = now.date()

    def day(days_ago: int) -> date:
        return today - timedelta(days=days_ago)

    def proof(client: Client, person, minutes_by_day, offer_type: str | None = None):
        opened, _new = svc.open_proof(
            session, counsellor, client.id, org_id, offer_type or offer.offer_type, person.id, now=now
        )
        for days_ago, minutes in minutes_by_day:
            svc.add_entry(
                session, me, opened.id,
                svc.EntryInput(day=day(days_ago), minutes=minutes, offer_id=offer.id,
                               starts_at=time(9, 0), ends_at=_end(9, minutes)),
                now=now,
            )
        return opened

    def contact(p: ParticipationProof) -> svc.Actor:
        link = session.scalar(
            select(SignedLink).where(
                SignedLink.entity_type == "participation_proof", SignedLink.entity_id == p.id,
                SignedLink.purpose == svc.SIGN_PURPOSE, SignedLink.revoked_at.is_(None),
            )
        )
        assert link is not None
        return svc.Actor(link=link)

    def sign(p: ParticipationProof) -> None:
        svc.request_signature(session, settings, counsellor, p.id, now=now)
        svc.sign(session, settings, contact(p), p.id, p.contact_person.name, now=now)

    amina, oleksandr, yusuf, mariam, tesfay, hodan = (
        clients[ref] for ref in sorted(clients)[:6]
    )
    # Amina: on track, one verified proof and one signed one waiting for the counsellor.
    verified = proof(amina, coordinator, [(40, 180), (33, 180), (26, 240), (19, 240)])
    sign(verified)
    svc.verify(session, counsellor, verified.id, now=now)
    sign(proof(amina, buddy, [(12, 120), (5, 120)]))
    # Oleksandr: at risk, few hours and the contract ends soon.
    oleksandr.contract_end_date = today + timedelta(days=45)
    at_risk = proof(oleksandr, coordinator, [(20, 120), (13, 120)])
    sign(at_risk)
    svc.verify(session, counsellor, at_risk.id, now=now)
    # Yusuf: entitled, chose the trajectory; a draft and a proof waiting for the signature.
    svc.record_opt_in(session, counsellor, yusuf.id, day(60), now=now)
    proof(yusuf, buddy, [(9, 90)])
    waiting = proof(yusuf, coordinator, [(16, 120), (2, 120)])
    svc.request_signature(session, settings, counsellor, waiting.id, now=now)
    # Mariam: the organisation refused to sign; the counsellor has a follow-up task.
    refused = proof(mariam, coordinator, [(10, 240)])
    svc.request_signature(session, settings, counsellor, refused.id, now=now)
    svc.refuse(
        session, settings, contact(refused), refused.id,
        "Mariam was die dag niet aanwezig; ze kwam de week erna.", now=now,
    )
    # Tesfay: a paper proof, checked, and a signed proof with a question.
    paper = proof(tesfay, buddy, [(30, 180), (23, 180)])
    svc.record_paper(
        session, settings, counsellor, paper.id, signed_name="Jonas Peeters",
        signed_on=day(21), scan=_DEMO_SCAN, now=now,
    )
    queried = proof(tesfay, coordinator, [(8, 600)])
    sign(queried)
    svc.query(session, settings, counsellor, queried.id, "Waren dit echt 10 uur op één dag?", now=now)
    # Hodan: exempt (works at least half-time); an old proof was cancelled.
    svc.record_exemption(
        session, counsellor, hodan.id,
        svc.ExemptionInput("work_employee", "Arbeidsovereenkomsten 4 maanden, 80 %", day(50)),
        now=now,
    )
    cancelled = proof(hodan, coordinator, [(55, 60)])
    svc.void(session, counsellor, cancelled.id, now=now)
    session.commit()
    return int(
        session.scalar(
            select(func.count()).select_from(ParticipationProof).where(
                ParticipationProof.counsellor_id == counsellor.id
            )
        )
        or 0
    )


def _end(hour: int, minutes: int) -> time:
    total = hour * 60 + minutes
    return time(total // 60, total % 60)
