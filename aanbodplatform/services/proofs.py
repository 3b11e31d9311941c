"""Proofs of participation (bewijs van deelname): the 40 hours, told as DOMAIN.md tells them.

Grouping (DOMAIN.md): hours with the same organisation and offer type, or with the same
contact person, add up on one proof; another offer type or another contact person opens a
new proof. How the "or" resolves here: a contact person belongs to exactly one
organisation, so "the same contact person" already means "the same organisation"; the two
clauses describe one sheet when both hold, and the "new proof" clause wins when they part
(same organisation and type with another contact person → new proof; same contact person
with another type → new proof). A proof is therefore keyed by client, organisation, offer
type and contact person, and `open_proof` returns the open proof of that key or opens one.
A verified or void proof is closed: later hours with the same key go on a new sheet.

Who may do what is one table, `TRANSITIONS`; `allowed_actions(proof, actor)` reads it for
templates and views. Every move is audited. Only verified hours count toward the 40, and
only hours inside the client's contract term.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from aanbodplatform.config import Settings
from aanbodplatform.models import (
    EXEMPTION_REASONS,
    PNT_HOURS_REQUIRED,
    AuditEvent,
    Client,
    ContactPerson,
    CounsellorTask,
    Exemption,
    Handover,
    HourEntry,
    Offer,
    Organisation,
    ParticipationProof,
    ProofMessage,
    User,
    utcnow,
)
from aanbodplatform.models.links import SignedLink
from aanbodplatform.services import audit, signed_links
from aanbodplatform.services.authz import (
    InvalidTransition,
    NotFound,
    PermissionDenied,
    ValidationFailed,
    require_user,
)
from aanbodplatform.services.clients import can_manage, get_client
from aanbodplatform.services.contact_persons import is_contact_account, person_for_offer_contact
from aanbodplatform.services.taxonomy import get_taxonomy

# --- rules as numbers --------------------------------------------------------------------

REQUIRED_MINUTES = PNT_HOURS_REQUIRED * 60
#: At most 12 hours a day per client, across all proofs.
MAX_MINUTES_PER_DAY = 12 * 60
QUARTER = 15
#: A client is at risk when more than this many hours a week are needed to reach 40.
AT_RISK_HOURS_PER_WEEK = 3
MAX_SCAN_BYTES = 10 * 1024 * 1024
SIGN_LINK_VALID = timedelta(days=30)
NEWCOMER_LINK_VALID = timedelta(days=90)
#: The counsellor follows a refusal up within this many days.
FOLLOW_UP_DAYS = 5
#: Fraud signal: one contact person signing for this many clients within the window.
MANY_CLIENTS = 5
MANY_CLIENTS_WINDOW = timedelta(hours=24)
MAX_TEXT = 2000
SIGN_PURPOSE = "proof.sign"
NEWCOMER_PURPOSE = "proof.newcomer"
#: Handover statuses from which a proof opens in one click (the client has started).
STARTED_HANDOVER_STATUSES = ("started", "attended")
#: Verification codes: no 0/O or 1/I/L to misread on paper.
_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
_SCAN_TYPES = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
)

# --- who may do what -------------------------------------------------------------------

COUNSELLOR = "counsellor"
CONTACT = "contact"
NEWCOMER = "newcomer"


@dataclass(frozen=True)
class Transition:
    """One allowed move: who may make it, from which statuses, to which status."""

    parties: frozenset[str]
    from_statuses: frozenset[str]
    to_status: str | None  # None: the status stays (an edit, a proposal)


def _t(parties: tuple[str, ...], froms: tuple[str, ...], to: str | None) -> Transition:
    return Transition(frozenset(parties), frozenset(froms), to)


#: The whole lifecycle. An edit after signing voids the signature (signed/queried go back to
#: awaiting_signature); verified and void are final.
TRANSITIONS: dict[str, Transition] = {
    "edit": _t((COUNSELLOR, CONTACT), ("draft", "awaiting_signature", "signed", "queried"), None),
    "propose": _t((NEWCOMER,), ("draft", "awaiting_signature"), None),
    "request_signature": _t((COUNSELLOR,), ("draft",), "awaiting_signature"),
    "sign": _t((CONTACT,), ("awaiting_signature",), "signed"),
    "refuse": _t((CONTACT,), ("awaiting_signature",), "refused"),
    "query": _t((COUNSELLOR,), ("signed",), "queried"),
    "answer": _t((CONTACT,), ("queried",), "signed"),
    "verify": _t((COUNSELLOR,), ("signed",), "verified"),
    "record_paper": _t((COUNSELLOR,), ("draft", "awaiting_signature", "refused"), "verified"),
    "reopen": _t((COUNSELLOR,), ("refused",), "draft"),
    "void": _t(
        (COUNSELLOR,), ("draft", "awaiting_signature", "signed", "queried", "refused"), "void"
    ),
}
#: Statuses whose hours are "signed, not yet verified" and "proposed" in the progress.
SIGNED_STATUSES = ("signed", "queried")
PROPOSED_STATUSES = ("draft", "awaiting_signature")
CLOSED_STATUSES = ("verified", "void")


@dataclass(frozen=True)
class Actor:
    """Who acts on a proof: a signed-in user, or a person holding a signed link."""

    user: User | None = None
    link: SignedLink | None = None
    #: A hash of the browser (address and user agent) for the "one device" fraud signal.
    device: str | None = None

    @property
    def audit_user(self) -> User | None:
        """Return the user the audit names (None for someone acting through a link)."""
        return self.user if self.link is None else None


def parties(proof: ParticipationProof, actor: Actor) -> set[str]:
    """Return the parties `actor` acts for on `proof` (empty: none)."""
    found: set[str] = set()
    link = actor.link
    if link is not None:
        if link.purpose == SIGN_PURPOSE and link.entity_type == "participation_proof":
            if link.entity_id == proof.id and _link_matches_contact(link, proof.contact_person):
                found.add(CONTACT)
        elif link.purpose == NEWCOMER_PURPOSE and link.entity_type == "client":
            if proof.client_id is not None and link.entity_id == proof.client_id:
                found.add(NEWCOMER)
        return found
    user = actor.user
    if user is None or not user.is_active:
        return found
    if user.role == "counsellor" and proof.counsellor_id == user.id:
        found.add(COUNSELLOR)
    if is_contact_account(user, proof.contact_person):
        found.add(CONTACT)
    return found


def _link_matches_contact(link: SignedLink, person: ContactPerson) -> bool:
    # A link works only for the address the organisation registers now: when the
    # organisation changes the email, links sent to the old one stop working.
    return bool(person.email) and link.recipient == person.email and person.active


def allowed_actions(proof: ParticipationProof, actor: Actor) -> list[str]:
    """Return the actions `actor` may take on `proof` now, in table order."""
    mine = parties(proof, actor)
    return [
        name
        for name, move in TRANSITIONS.items()
        if move.parties & mine and proof.status in move.from_statuses
    ]


def _authorise(proof: ParticipationProof, actor: Actor, action: str) -> str:
    move = TRANSITIONS[action]
    mine = parties(proof, actor) & move.parties
    if not mine:
        raise PermissionDenied(f"{action} is not yours to do")
    if proof.status not in move.from_statuses:
        raise InvalidTransition(f"cannot {action} a proof that is {proof.status}")
    return sorted(mine)[0]


def _audit_data(actor: Actor, data: dict[str, Any] | None = None) -> dict[str, Any]:
    extra = dict(data or {})
    if actor.link is not None:
        extra.update(signed_links.audit_actor_label(actor.link))
    if actor.device:
        extra["device"] = actor.device
    return extra


def _move(
    session: Session,
    proof: ParticipationProof,
    actor: Actor,
    action: str,
    now: datetime,
    data: dict[str, Any] | None = None,
) -> None:
    move = TRANSITIONS[action]
    before = proof.status
    after = move.to_status or before
    proof.status = after
    proof.updated_at = now
    if after in CLOSED_STATUSES:
        proof.open_slot = None
    audit.record(
        session,
        actor.audit_user,
        f"proof.{action}",
        proof,
        _audit_data(actor, {"from": before, "to": after, **(data or {})}),
        now=now,
    )


# --- the signature --------------------------------------------------------------------------


def signed_content(proof: ParticipationProof) -> dict[str, Any]:
    """Return what a signature covers: who, where, which hours, and the name signed."""
    return {
        "proof": proof.id,
        "client": proof.client_id,
        "organisation": proof.organisation_id,
        "offer_type": proof.offer_type,
        "contact_person": proof.contact_person_id,
        "entries": sorted(
            [
                e.day.isoformat(),
                e.minutes,
                e.starts_at.strftime("%H:%M") if e.starts_at else None,
                e.ends_at.strftime("%H:%M") if e.ends_at else None,
                e.description or "",
                e.offer_id,
            ]
            for e in proof.entries
        ),
        "signed_name": proof.signed_name,
        "signed_at": proof.signed_at.isoformat() if proof.signed_at else None,
    }


def content_hash(proof: ParticipationProof) -> str:
    """Return the SHA-256 of the signed content (stable JSON)."""
    text = json.dumps(signed_content(proof), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def signature_valid(proof: ParticipationProof) -> bool:
    """Return True when the proof is signed and its content still matches the signature."""
    return bool(proof.signature_hash) and secrets.compare_digest(
        proof.signature_hash or "", content_hash(proof)
    )


def _void_signature(session: Session, proof: ParticipationProof, actor: Actor, now: datetime) -> None:
    if proof.signature_hash is None:
        return
    before = proof.status
    proof.signature_hash = None
    proof.signed_at = None
    proof.signed_name = None
    proof.signed_via = None
    proof.signed_by_id = None
    proof.status = "awaiting_signature"
    audit.record(
        session,
        actor.audit_user,
        "proof.signature_voided",
        proof,
        _audit_data(actor, {"from": before, "to": "awaiting_signature"}),
        now=now,
    )


# --- reading -------------------------------------------------------------------------------


def _load(session: Session, proof_id: int) -> ParticipationProof:
    proof = session.get(ParticipationProof, proof_id)
    if proof is None:
        raise NotFound("proof")
    return proof


def get_proof(session: Session, actor: Actor, proof_id: int) -> ParticipationProof:
    """Return a proof `actor` takes part in (its counsellor, its contact person, its newcomer)."""
    proof = _load(session, proof_id)
    if not parties(proof, actor):
        if actor.user is not None and proof.client_id is not None:
            client = session.get(Client, proof.client_id)
            # The coordinator of the counsellor's office reads it too.
            if client is not None and can_manage(session, actor.user, client):
                return proof
        raise PermissionDenied("not your proof")
    return proof


def proofs_for_client(session: Session, client_id: int) -> list[ParticipationProof]:
    """Return a client's proofs, newest first (the caller has checked access to the client)."""
    return list(
        session.scalars(
            select(ParticipationProof)
            .where(ParticipationProof.client_id == client_id)
            .order_by(ParticipationProof.id.desc())
        )
    )


def proofs_for_contact_account(session: Session, user: User | None) -> list[ParticipationProof]:
    """Return the proofs waiting for the signed-in contact person (matched by email)."""
    if user is None:
        return []
    persons = session.scalars(
        select(ContactPerson).where(ContactPerson.email == (user.email or "").strip().lower())
    ).all()
    ids = [p.id for p in persons if is_contact_account(user, p)]
    if not ids:
        return []
    return list(
        session.scalars(
            select(ParticipationProof)
            .where(
                ParticipationProof.contact_person_id.in_(ids),
                ParticipationProof.status.in_(("awaiting_signature", "queried", "signed")),
            )
            .order_by(ParticipationProof.updated_at.desc())
        )
    )


def entry_counts(client: Client | None, entry: HourEntry) -> bool:
    """Return True when the entry's date lies inside the client's contract term."""
    if client is None:
        return False
    if client.contract_start_date and entry.day < client.contract_start_date:
        return False
    return not (client.contract_end_date and entry.day > client.contract_end_date)


def proof_minutes(proof: ParticipationProof, client: Client | None) -> tuple[int, int]:
    """Return (all minutes, minutes inside the contract term) on a proof."""
    total = sum(e.minutes for e in proof.entries)
    counted = sum(e.minutes for e in proof.entries if entry_counts(client, e))
    return total, counted


# --- opening a proof -----------------------------------------------------------------------


def _new_code(session: Session) -> str:
    while True:
        code = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(8))
        if session.scalar(
            select(ParticipationProof.id).where(ParticipationProof.verification_code == code)
        ) is None:
            return code


def _require_counsellor_of(session: Session, user: User | None, client_id: int) -> tuple[User, Client]:
    user = require_user(user)
    if user.role != "counsellor":
        raise PermissionDenied("proofs are kept by counsellors")
    client = get_client(session, user, client_id)
    if client.counsellor_id != user.id:
        raise PermissionDenied("only the client's own counsellor opens proofs")
    return user, client


def open_proof(
    session: Session,
    user: User | None,
    client_id: int,
    organisation_id: int,
    offer_type: str,
    contact_person_id: int,
    *,
    handover_id: int | None = None,
    now: datetime | None = None,
) -> tuple[ParticipationProof, bool]:
    """Return the open proof for this key, or open one; the flag says whether it is new."""
    user, client = _require_counsellor_of(session, user, client_id)
    errors: dict[str, str] = {}
    if session.get(Organisation, organisation_id) is None:
        errors["organisation_id"] = str(_l("Choose an organisation from the list."))
    if offer_type not in get_taxonomy().offer_types:
        errors["offer_type"] = str(_l("Choose a type of offer from the list."))
    person = session.get(ContactPerson, contact_person_id) if contact_person_id else None
    if person is None or person.organisation_id != organisation_id or not person.active:
        errors["contact_person_id"] = str(
            _l("Choose a contact person of this organisation from the list.")
        )
    if errors:
        raise ValidationFailed(errors)
    existing = _open_for_key(session, client.id, organisation_id, offer_type, contact_person_id)
    if existing is not None:
        return existing, False
    moment = now or utcnow()
    proof = ParticipationProof(
        client_id=client.id,
        counsellor_id=user.id,
        organisation_id=organisation_id,
        offer_type=offer_type,
        contact_person_id=contact_person_id,
        handover_id=handover_id,
        status="draft",
        open_slot=1,
        verification_code=_new_code(session),
        created_at=moment,
        updated_at=moment,
    )
    session.add(proof)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        winner = _open_for_key(session, client.id, organisation_id, offer_type, contact_person_id)
        if winner is None:
            raise
        return winner, False
    audit.record(
        session, user, "proof.opened", proof,
        {"client_id": client.id, "handover_id": handover_id}, now=moment,
    )
    session.commit()
    return proof, True


def _open_for_key(
    session: Session, client_id: int, organisation_id: int, offer_type: str, contact_person_id: int
) -> ParticipationProof | None:
    return session.scalar(
        select(ParticipationProof).where(
            ParticipationProof.client_id == client_id,
            ParticipationProof.organisation_id == organisation_id,
            ParticipationProof.offer_type == offer_type,
            ParticipationProof.contact_person_id == contact_person_id,
            ParticipationProof.open_slot.is_not(None),
        )
    )


def open_from_handover(
    session: Session, user: User | None, handover_id: int, *, now: datetime | None = None
) -> tuple[ParticipationProof, bool]:
    """Open (or find) the proof for a started handover: its client, offer and signing contact."""
    user = require_user(user)
    handover = session.get(Handover, handover_id)
    if handover is None or handover.client_id is None:
        raise NotFound("handover")
    if handover.counsellor_id != user.id:
        raise PermissionDenied("not your handover")
    if handover.status not in STARTED_HANDOVER_STATUSES:
        raise InvalidTransition("the client has not started yet")
    offer = handover.offer
    contacts = sorted(offer.contacts, key=lambda c: (not c.signs_proof, c.id))
    if not contacts:
        raise ValidationFailed(
            {"contact_person_id": str(_l("This offer has no contact person. Open the proof directly."))}
        )
    person = person_for_offer_contact(session, contacts[0], offer.organisation_id)
    return open_proof(
        session,
        user,
        handover.client_id,
        offer.organisation_id,
        offer.offer_type,
        person.id,
        handover_id=handover.id,
        now=now,
    )


# --- hours -----------------------------------------------------------------------------------


@dataclass
class EntryInput:
    """One line of hours: the day, how long, optionally from–to, what, and the offer."""

    day: date | None
    minutes: int | None = None
    starts_at: time | None = None
    ends_at: time | None = None
    description: str = ""
    offer_id: int | None = None


def minutes_from_hours(text: str) -> int | None:
    """Return minutes for "1,5", "1.25" or "1:45"; None when it is not a duration."""
    raw = (text or "").strip().replace(",", ".")
    if not raw:
        return None
    try:
        if ":" in raw:
            hours, _sep, mins = raw.partition(":")
            value = int(hours) * 60 + int(mins)
        else:
            value = round(float(raw) * 60)
    except ValueError:
        return None
    return value if value >= 0 else None


def day_minutes(session: Session, client_id: int, day: date, *, exclude_entry: int | None = None) -> int:
    """Return the minutes a client already has on `day`, across all proofs that are not void."""
    rows = session.execute(
        select(HourEntry.id, HourEntry.minutes)
        .join(ParticipationProof, ParticipationProof.id == HourEntry.proof_id)
        .where(
            ParticipationProof.client_id == client_id,
            ParticipationProof.status != "void",
            HourEntry.day == day,
        )
    ).all()
    return sum(m for entry_id, m in rows if entry_id != exclude_entry)


def _check_entry(
    session: Session, proof: ParticipationProof, data: EntryInput, today: date
) -> EntryInput:
    errors: dict[str, str] = {}
    minutes = data.minutes
    if data.day is None:
        errors["day"] = str(_l("Enter the date."))
    elif data.day > today:
        errors["day"] = str(_l("The date cannot be in the future."))
    if (data.starts_at is None) != (data.ends_at is None):
        errors["starts_at"] = str(_l("Give both times, or neither."))
    elif data.starts_at is not None and data.ends_at is not None:
        span = (data.ends_at.hour * 60 + data.ends_at.minute) - (
            data.starts_at.hour * 60 + data.starts_at.minute
        )
        if span <= 0:
            errors["ends_at"] = str(_l("The end time must come after the start time."))
        elif minutes is None:
            minutes = span
        elif minutes != span:
            errors["minutes"] = str(_l("The duration does not match the times."))
    if minutes is None:
        errors.setdefault("minutes", str(_l("Enter how long, in hours (for example 1.5).")))
    elif minutes <= 0 or minutes % QUARTER:
        errors["minutes"] = str(_l("Use quarter hours: 0.25, 0.5, 0.75, 1, …"))
    elif minutes > MAX_MINUTES_PER_DAY:
        errors["minutes"] = str(_l("At most 12 hours a day count."))
    description = " ".join((data.description or "").split())
    if len(description) > 200:
        errors["description"] = str(_l("Use at most %(num)d characters.", num=200))
    if data.offer_id is not None:
        offer = session.get(Offer, data.offer_id)
        if offer is None or offer.organisation_id != proof.organisation_id:
            errors["offer_id"] = str(_l("Choose an offer of this organisation."))
    if not errors and proof.client_id is not None:
        assert data.day is not None and minutes is not None
        already = day_minutes(session, proof.client_id, data.day)
        if already + minutes > MAX_MINUTES_PER_DAY:
            errors["minutes"] = str(
                _l(
                    "At most 12 hours a day count. This day already has %(hours)s hours.",
                    hours=format_hours(already),
                )
            )
    if errors:
        raise ValidationFailed(errors)
    return EntryInput(
        day=data.day,
        minutes=minutes,
        starts_at=data.starts_at,
        ends_at=data.ends_at,
        description=description,
        offer_id=data.offer_id,
    )


def format_hours(minutes: int) -> str:
    """Return minutes as hours with up to two decimals ("1.5", "40")."""
    value = minutes / 60
    return f"{value:.2f}".rstrip("0").rstrip(".")


def add_entry(
    session: Session,
    actor: Actor,
    proof_id: int,
    data: EntryInput,
    *,
    now: datetime | None = None,
) -> HourEntry:
    """Add a line of hours; a newcomer's line is a proposal, and a change voids a signature."""
    proof = _load(session, proof_id)
    mine = parties(proof, actor)
    action = "propose" if NEWCOMER in mine and not mine & {COUNSELLOR, CONTACT} else "edit"
    party = _authorise(proof, actor, action)
    moment = now or utcnow()
    clean = _check_entry(session, proof, data, moment.date())
    assert clean.day is not None and clean.minutes is not None
    entry = HourEntry(
        day=clean.day,
        minutes=clean.minutes,
        starts_at=clean.starts_at,
        ends_at=clean.ends_at,
        description=clean.description or None,
        offer_id=clean.offer_id,
        source=party,
        created_at=moment,
    )
    proof.entries.append(entry)
    _void_signature(session, proof, actor, moment)
    session.flush()
    audit.record(
        session,
        actor.audit_user,
        f"proof.{'entry_proposed' if action == 'propose' else 'entry_added'}",
        proof,
        _audit_data(actor, {"entry_id": entry.id, "day": clean.day, "minutes": clean.minutes}),
        now=moment,
    )
    proof.updated_at = moment
    session.commit()
    return entry


def remove_entry(
    session: Session, actor: Actor, proof_id: int, entry_id: int, *, now: datetime | None = None
) -> None:
    """Remove a line of hours (counsellor or contact person); a change voids a signature."""
    proof = _load(session, proof_id)
    _authorise(proof, actor, "edit")
    entry = next((e for e in proof.entries if e.id == entry_id), None)
    if entry is None:
        raise NotFound("entry")
    moment = now or utcnow()
    proof.entries.remove(entry)
    _void_signature(session, proof, actor, moment)
    audit.record(
        session, actor.audit_user, "proof.entry_removed", proof,
        _audit_data(actor, {"entry_id": entry_id}), now=moment,
    )
    proof.updated_at = moment
    session.commit()


# --- the moves ---------------------------------------------------------------------------------


def _text(name: str, value: str, message: Any, *, required: bool = True) -> str | None:
    text = (value or "").strip()
    if len(text) > MAX_TEXT:
        raise ValidationFailed({name: str(_l("Use at most %(num)d characters.", num=MAX_TEXT))})
    if required and not text:
        raise ValidationFailed({name: str(message)})
    return text or None


def request_signature(
    session: Session,
    settings: Settings | None,
    user: User | None,
    proof_id: int,
    *,
    now: datetime | None = None,
) -> bool:
    """Ask the contact person to confirm and sign; return True when the link was emailed.

    The link goes only to the email the organisation registered for this contact person.
    """
    actor = Actor(user=require_user(user))
    proof = _load(session, proof_id)
    _authorise(proof, actor, "request_signature")
    if not proof.entries:
        raise ValidationFailed({"entries": str(_l("Add at least one line of hours first."))})
    person = proof.contact_person
    moment = now or utcnow()
    _move(session, proof, actor, "request_signature", moment)
    issued = None
    if person.email:
        signed_links.revoke_all(session, proof, purpose=SIGN_PURPOSE, now=moment)
        assert settings is not None or True
        issued = _issue_sign_link(session, settings, proof, actor.user, moment)
    session.commit()
    if issued is None:
        return False
    from aanbodplatform.services import proof_mail

    return proof_mail.ask_contact_to_sign(settings, session, proof, issued.token)


def _issue_sign_link(
    session: Session, settings: Settings | None, proof: ParticipationProof, user: User | None,
    now: datetime,
) -> signed_links.IssuedLink:
    return signed_links.issue(
        session,
        signed_links.app_settings(settings),
        purpose=SIGN_PURPOSE,
        entity=proof,
        recipient=proof.contact_person.email or "",
        valid_for=SIGN_LINK_VALID,
        actor=user,
        now=now,
    )


def sign(
    session: Session,
    settings: Settings | None,
    actor: Actor,
    proof_id: int,
    signed_name: str,
    *,
    now: datetime | None = None,
) -> ParticipationProof:
    """The contact person confirms the hours and signs: name, time and a hash of the content."""
    proof = _load(session, proof_id)
    _authorise(proof, actor, "sign")
    name = _text("signed_name", signed_name, _l("Type your name to sign."))
    if name is not None and len(name) > 120:
        raise ValidationFailed({"signed_name": str(_l("Use at most %(num)d characters.", num=120))})
    if not proof.entries:
        raise InvalidTransition("nothing to sign")
    moment = now or utcnow()
    proof.signed_name = name
    proof.signed_at = moment
    proof.signed_via = "link" if actor.link is not None else "account"
    proof.signed_by_id = actor.user.id if actor.link is None and actor.user else None
    proof.signature_hash = content_hash(proof)
    _move(session, proof, actor, "sign", moment, {"hash": proof.signature_hash})
    if actor.link is not None:
        signed_links.mark_used(actor.link, now=moment)
    session.commit()
    from aanbodplatform.services import proof_mail

    proof_mail.notify_counsellor(settings, session, proof, "signed")
    return proof


def refuse(
    session: Session,
    settings: Settings | None,
    actor: Actor,
    proof_id: int,
    reason: str,
    *,
    now: datetime | None = None,
) -> ParticipationProof:
    """The contact person refuses with a reason; the counsellor is told and gets a task."""
    proof = _load(session, proof_id)
    _authorise(proof, actor, "refuse")
    text = _text("reason", reason, _l("Say why you do not sign."))
    moment = now or utcnow()
    proof.refused_at = moment
    proof.refusal_reason = text
    proof.messages.append(ProofMessage(author=CONTACT, kind="refusal", text=text or "", created_at=moment))
    # DOMAIN.md: when an organisation refuses to sign, the counsellor contacts it to learn why.
    session.add(
        CounsellorTask(
            counsellor_id=proof.counsellor_id,
            proof_id=proof.id,
            kind="refused_proof",
            due_on=moment.date() + timedelta(days=FOLLOW_UP_DAYS),
            created_at=moment,
        )
    )
    _move(session, proof, actor, "refuse", moment)
    session.commit()
    from aanbodplatform.services import proof_mail

    proof_mail.notify_counsellor(settings, session, proof, "refused")
    return proof


def query(
    session: Session,
    settings: Settings | None,
    user: User | None,
    proof_id: int,
    question: str,
    *,
    now: datetime | None = None,
) -> ParticipationProof:
    """The counsellor asks the contact person a question about a signed proof."""
    actor = Actor(user=require_user(user))
    proof = _load(session, proof_id)
    _authorise(proof, actor, "query")
    text = _text("text", question, _l("Write your question."))
    moment = now or utcnow()
    proof.messages.append(ProofMessage(author=COUNSELLOR, kind="question", text=text or "", created_at=moment))
    _move(session, proof, actor, "query", moment)
    token = None
    if proof.contact_person.email:
        # The question goes with the link the contact person already has, if it still works.
        token = signed_links.live_token_for(
            session,
            signed_links.app_settings(settings),
            purpose=SIGN_PURPOSE,
            entity=proof,
            recipient=proof.contact_person.email,
            valid_for=SIGN_LINK_VALID,
            actor=actor.user,
            now=moment,
        )
    session.commit()
    if token is not None:
        from aanbodplatform.services import proof_mail

        proof_mail.ask_contact_to_sign(settings, session, proof, token, question=True)
    return proof


def answer(
    session: Session,
    settings: Settings | None,
    actor: Actor,
    proof_id: int,
    text: str,
    *,
    now: datetime | None = None,
) -> ParticipationProof:
    """The contact person answers the counsellor's question in the same thread."""
    proof = _load(session, proof_id)
    _authorise(proof, actor, "answer")
    body = _text("text", text, _l("Write your answer."))
    moment = now or utcnow()
    proof.messages.append(ProofMessage(author=CONTACT, kind="answer", text=body or "", created_at=moment))
    _move(session, proof, actor, "answer", moment)
    session.commit()
    from aanbodplatform.services import proof_mail

    proof_mail.notify_counsellor(settings, session, proof, "answered")
    return proof


def _close_tasks(session: Session, proof: ParticipationProof, now: datetime) -> None:
    for task in session.scalars(
        select(CounsellorTask).where(
            CounsellorTask.proof_id == proof.id, CounsellorTask.done_at.is_(None)
        )
    ):
        task.done_at = now


def verify(
    session: Session, user: User | None, proof_id: int, *, now: datetime | None = None
) -> ParticipationProof:
    """The counsellor verifies a signed proof; it is locked and its hours count."""
    actor = Actor(user=require_user(user))
    proof = _load(session, proof_id)
    _authorise(proof, actor, "verify")
    if not signature_valid(proof):
        raise InvalidTransition("the signature does not match the content")
    moment = now or utcnow()
    proof.verified_at = moment
    proof.verified_by_id = actor.user.id if actor.user else None
    _move(session, proof, actor, "verify", moment)
    signed_links.revoke_all(session, proof, purpose=SIGN_PURPOSE, now=moment)
    _close_tasks(session, proof, moment)
    session.commit()
    return proof


def reopen(session: Session, user: User | None, proof_id: int, *, now: datetime | None = None) -> ParticipationProof:
    """Take a refused proof back to draft after talking to the organisation."""
    actor = Actor(user=require_user(user))
    proof = _load(session, proof_id)
    _authorise(proof, actor, "reopen")
    moment = now or utcnow()
    _move(session, proof, actor, "reopen", moment)
    _close_tasks(session, proof, moment)
    session.commit()
    return proof


def void(session: Session, user: User | None, proof_id: int, *, now: datetime | None = None) -> ParticipationProof:
    """Cancel a proof that should not exist; its hours no longer count anywhere."""
    actor = Actor(user=require_user(user))
    proof = _load(session, proof_id)
    _authorise(proof, actor, "void")
    moment = now or utcnow()
    _move(session, proof, actor, "void", moment)
    signed_links.revoke_all(session, proof, purpose=SIGN_PURPOSE, now=moment)
    _close_tasks(session, proof, moment)
    session.commit()
    return proof


def scan_type(data: bytes) -> tuple[str, str] | None:
    """Return (MIME type, extension) from the file's first bytes: PDF, JPEG or PNG only."""
    for magic, mime, ext in _SCAN_TYPES:
        if data.startswith(magic):
            return mime, ext
    return None


def record_paper(
    session: Session,
    settings: Settings,
    user: User | None,
    proof_id: int,
    *,
    signed_name: str,
    signed_on: date | None,
    scan: bytes,
    now: datetime | None = None,
) -> ParticipationProof:
    """Record a paper proof with its scan; the counsellor checked it, so it is verified."""
    actor = Actor(user=require_user(user))
    proof = _load(session, proof_id)
    _authorise(proof, actor, "record_paper")
    moment = now or utcnow()
    errors: dict[str, str] = {}
    name = (signed_name or "").strip()
    if not name:
        errors["signed_name"] = str(_l("Enter the name of the person who signed."))
    elif len(name) > 120:
        errors["signed_name"] = str(_l("Use at most %(num)d characters.", num=120))
    if signed_on is None:
        errors["signed_on"] = str(_l("Enter the date of the signature."))
    elif signed_on > moment.date():
        errors["signed_on"] = str(_l("The date cannot be in the future."))
    kind = scan_type(scan or b"")
    if not scan:
        errors["scan"] = str(_l("Attach the scan of the paper proof."))
    elif len(scan) > MAX_SCAN_BYTES:
        errors["scan"] = str(_l("The file is larger than 10 MB."))
    elif kind is None:
        errors["scan"] = str(_l("Attach a PDF, JPEG or PNG file."))
    if not proof.entries:
        errors["entries"] = str(_l("Add at least one line of hours first."))
    if errors:
        raise ValidationFailed(errors)
    assert kind is not None and signed_on is not None
    folder = settings.instance_path / "proof-scans"
    folder.mkdir(parents=True, exist_ok=True)
    file_name = f"{uuid.uuid4().hex}.{kind[1]}"
    (folder / file_name).write_bytes(scan)
    proof.kind = "paper"
    proof.scan_file = file_name
    proof.scan_type = kind[0]
    proof.signed_name = name
    proof.signed_at = datetime.combine(signed_on, time(12, 0), tzinfo=moment.tzinfo)
    proof.signed_via = "paper"
    proof.signed_by_id = None
    proof.signature_hash = content_hash(proof)
    proof.verified_at = moment
    proof.verified_by_id = actor.user.id if actor.user else None
    _move(session, proof, actor, "record_paper", moment, {"scan_type": kind[0], "bytes": len(scan)})
    signed_links.revoke_all(session, proof, purpose=SIGN_PURPOSE, now=moment)
    _close_tasks(session, proof, moment)
    session.commit()
    return proof


def scan_path(settings: Settings, proof: ParticipationProof) -> Path | None:
    """Return the stored scan's path, or None."""
    if not proof.scan_file:
        return None
    return settings.instance_path / "proof-scans" / proof.scan_file


# --- progress, exemption, opt-in ---------------------------------------------------------------


@dataclass
class Progress:
    """A client's hours against the 40: verified, signed not verified, proposed."""

    client: Client
    required: bool
    exemption: Exemption | None
    verified_minutes: int = 0
    signed_minutes: int = 0
    proposed_minutes: int = 0
    outside_term_minutes: int = 0
    contract_end: date | None = None
    days_left: int | None = None
    hours_per_week_needed: float | None = None
    at_risk: bool = False
    statuses: set[str] = field(default_factory=set)

    @property
    def exempt(self) -> bool:
        """Return True when the client does not have to do the 40 hours (exemption record)."""
        return self.exemption is not None or self.client.status == "exempt"

    @property
    def remaining_minutes(self) -> int:
        """Return the verified minutes still missing to reach 40 hours."""
        return max(0, REQUIRED_MINUTES - self.verified_minutes)

    @property
    def percent(self) -> int:
        """Return verified progress as a whole percentage (at most 100)."""
        return min(100, self.verified_minutes * 100 // REQUIRED_MINUTES)


def exemption_for(session: Session, client_id: int) -> Exemption | None:
    """Return the client's exemption record, if any."""
    return session.scalar(select(Exemption).where(Exemption.client_id == client_id))


def client_progress(session: Session, client: Client, *, today: date) -> Progress:
    """Return the client's progress toward 40 verified hours and whether they are at risk."""
    exemption = exemption_for(session, client.id)
    required = client.status == "obliged" or (
        client.status == "entitled" and client.opted_in_on is not None
    )
    progress = Progress(client=client, required=required, exemption=exemption)
    progress.contract_end = client.contract_end_date
    for proof in proofs_for_client(session, client.id):
        progress.statuses.add(proof.status)
        for entry in proof.entries:
            if not entry_counts(client, entry):
                if proof.status != "void":
                    progress.outside_term_minutes += entry.minutes
                continue
            if proof.status == "verified":
                progress.verified_minutes += entry.minutes
            elif proof.status in SIGNED_STATUSES:
                progress.signed_minutes += entry.minutes
            elif proof.status in PROPOSED_STATUSES:
                progress.proposed_minutes += entry.minutes
    if client.contract_end_date is not None:
        progress.days_left = (client.contract_end_date - today).days
    if required and not progress.exempt and progress.remaining_minutes > 0:
        if progress.days_left is not None:
            if progress.days_left <= 0:
                progress.at_risk = True
            else:
                weeks = progress.days_left / 7
                progress.hours_per_week_needed = progress.remaining_minutes / 60 / weeks
                progress.at_risk = progress.hours_per_week_needed > AT_RISK_HOURS_PER_WEEK
    return progress


@dataclass
class DashboardEntry:
    """One client on the counsellor's proof dashboard."""

    progress: Progress
    open_tasks: list[CounsellorTask]


def dashboard(
    session: Session, user: User | None, *, today: date, status: str | None = None
) -> list[DashboardEntry]:
    """Return the counsellor's clients with their progress, those at risk first.

    `status` filters: "at_risk", or a proof status (clients with a proof in it).
    """
    from aanbodplatform.services.clients import list_clients

    user = require_user(user)
    if user.role != "counsellor":
        raise PermissionDenied("counsellors only")
    tasks: dict[int | None, list[CounsellorTask]] = defaultdict(list)
    for task in session.scalars(
        select(CounsellorTask).where(
            CounsellorTask.counsellor_id == user.id, CounsellorTask.done_at.is_(None)
        )
    ):
        proof = session.get(ParticipationProof, task.proof_id) if task.proof_id else None
        tasks[proof.client_id if proof else None].append(task)
    rows = []
    for client in list_clients(session, user):
        progress = client_progress(session, client, today=today)
        if status == "at_risk" and not progress.at_risk:
            continue
        if status not in (None, "", "at_risk") and status not in progress.statuses:
            continue
        rows.append(DashboardEntry(progress, tasks.get(client.id, [])))
    rows.sort(
        key=lambda r: (
            not r.progress.at_risk,
            not r.open_tasks,
            r.progress.days_left if r.progress.days_left is not None else 10**6,
            r.progress.client.reference_code,
        )
    )
    return rows


@dataclass
class ExemptionInput:
    """What the counsellor records about an exemption."""

    reason: str
    evidence_type: str
    evidence_date: date | None


def record_exemption(
    session: Session,
    user: User | None,
    client_id: int,
    data: ExemptionInput,
    *,
    now: datetime | None = None,
) -> Exemption:
    """Record why a client is exempt (work at least half-time, study, other) and the evidence."""
    user, client = _require_counsellor_of(session, user, client_id)
    moment = now or utcnow()
    errors: dict[str, str] = {}
    if data.reason not in EXEMPTION_REASONS:
        errors["reason"] = str(_l("Choose a reason from the list."))
    evidence = " ".join((data.evidence_type or "").split())
    if not evidence:
        errors["evidence_type"] = str(_l("Say which document you saw."))
    elif len(evidence) > 120:
        errors["evidence_type"] = str(_l("Use at most %(num)d characters.", num=120))
    if data.evidence_date is None:
        errors["evidence_date"] = str(_l("Enter the date of the document."))
    elif data.evidence_date > moment.date():
        errors["evidence_date"] = str(_l("The date cannot be in the future."))
    if errors:
        raise ValidationFailed(errors)
    assert data.evidence_date is not None
    exemption = exemption_for(session, client.id) or Exemption(client_id=client.id)
    exemption.reason = data.reason
    exemption.evidence_type = evidence
    exemption.evidence_date = data.evidence_date
    exemption.recorded_by_id = user.id
    exemption.recorded_at = moment
    session.add(exemption)
    audit.record(session, user, "client.exemption_recorded", client, {"reason": data.reason}, now=moment)
    session.commit()
    return exemption


def remove_exemption(session: Session, user: User | None, client_id: int) -> None:
    """Remove a client's exemption record (for example when the work stopped)."""
    user, client = _require_counsellor_of(session, user, client_id)
    exemption = exemption_for(session, client.id)
    if exemption is not None:
        session.delete(exemption)
        audit.record(session, user, "client.exemption_removed", client)
        session.commit()


def record_opt_in(
    session: Session, user: User | None, client_id: int, on: date | None, *, now: datetime | None = None
) -> Client:
    """Record that an entitled client chose the trajectory (binding: it enters the contract)."""
    user, client = _require_counsellor_of(session, user, client_id)
    moment = now or utcnow()
    if client.status != "entitled":
        raise InvalidTransition("only entitled clients opt in")
    if client.opted_in_on is not None:
        raise InvalidTransition("the choice is already recorded")
    if on is None:
        raise ValidationFailed({"opted_in_on": str(_l("Enter the date of the choice."))})
    if on > moment.date():
        raise ValidationFailed({"opted_in_on": str(_l("The date cannot be in the future."))})
    client.opted_in_on = on
    audit.record(session, user, "client.opted_in", client, {"on": on}, now=moment)
    session.commit()
    return client


# --- the newcomer's own link ----------------------------------------------------------------


def issue_newcomer_link(
    session: Session, settings: Settings, user: User | None, client_id: int, *, now: datetime | None = None
) -> signed_links.IssuedLink:
    """Give the client a new personal link to their hours (older ones stop working)."""
    user, client = _require_counsellor_of(session, user, client_id)
    moment = now or utcnow()
    signed_links.revoke_all(session, client, purpose=NEWCOMER_PURPOSE, now=moment)
    issued = signed_links.issue(
        session,
        settings,
        purpose=NEWCOMER_PURPOSE,
        entity=client,
        recipient=f"client:{client.id}",
        valid_for=NEWCOMER_LINK_VALID,
        actor=user,
        now=moment,
    )
    session.commit()
    return issued


def revoke_newcomer_links(session: Session, user: User | None, client_id: int) -> int:
    """Stop every personal link of the client; return how many were live."""
    user, client = _require_counsellor_of(session, user, client_id)
    count = signed_links.revoke_all(session, client, purpose=NEWCOMER_PURPOSE)
    audit.record(session, user, "link.revoked", client, {"purpose": NEWCOMER_PURPOSE, "count": count})
    session.commit()
    return count


def newcomer_link_status(session: Session, client: Client) -> SignedLink | None:
    """Return the client's live personal link, if any (for the counsellor's page)."""
    live = signed_links.live_links(session, client, purpose=NEWCOMER_PURPOSE)
    return live[0] if live else None


def resolve_newcomer(
    session: Session, settings: Settings, token: str, *, now: datetime | None = None
) -> tuple[Client, SignedLink]:
    """Return the client behind a personal link, or raise LinkError."""
    link = signed_links.resolve(session, settings, token, purpose=NEWCOMER_PURPOSE, now=now)
    client = session.get(Client, link.entity_id)
    if client is None or client.anonymised_at is not None or client.archived_at is not None:
        raise signed_links.LinkError("revoked")
    return client, link


def resolve_contact(
    session: Session, settings: Settings, token: str, proof_id: int, *, now: datetime | None = None
) -> tuple[ParticipationProof, SignedLink]:
    """Return the proof behind a contact person's link, or raise LinkError."""
    proof = session.get(ParticipationProof, proof_id)
    if proof is None:
        raise signed_links.LinkError("tampered")
    link = signed_links.resolve(session, settings, token, purpose=SIGN_PURPOSE, entity=proof, now=now)
    if not _link_matches_contact(link, proof.contact_person):
        raise signed_links.LinkError("revoked")
    return proof, link


# --- fraud signals (shown, never blocking) --------------------------------------------------


@dataclass(frozen=True)
class Signal:
    """Something the counsellor may want to look at twice."""

    code: str
    day: date | None = None
    count: int | None = None


def _minutes_of(t: time) -> int:
    return t.hour * 60 + t.minute


def fraud_signals(session: Session, proof: ParticipationProof) -> list[Signal]:
    """Return the proof's fraud signals: over 12 h a day, overlaps, off-schedule days, bursts, one device."""
    signals: list[Signal] = []
    if proof.client_id is None:
        return signals
    others = [
        (p, e)
        for p in proofs_for_client(session, proof.client_id)
        if p.status != "void"
        for e in p.entries
    ]
    per_day: dict[date, int] = defaultdict(int)
    for _p, entry in others:
        per_day[entry.day] += entry.minutes
    own_days = {e.day for e in proof.entries}
    for day in sorted(own_days):
        if per_day[day] > MAX_MINUTES_PER_DAY:
            signals.append(Signal("over_12_hours", day=day))
    for entry in proof.entries:
        if entry.starts_at is None or entry.ends_at is None:
            continue
        for other_proof, other in others:
            if other_proof.id == proof.id or other.day != entry.day:
                continue
            if other.starts_at is None or other.ends_at is None:
                continue
            if _minutes_of(entry.starts_at) < _minutes_of(other.ends_at) and _minutes_of(
                other.starts_at
            ) < _minutes_of(entry.ends_at):
                signals.append(Signal("overlap", day=entry.day))
                break
    weekday_codes = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    for entry in proof.entries:
        if entry.offer_id is None:
            continue
        offer = session.get(Offer, entry.offer_id)
        if offer is None or offer.schedule_kind != "weekly":
            continue
        days = {s.weekday for s in offer.slots if s.weekday}
        if days and weekday_codes[entry.day.weekday()] not in days:
            signals.append(Signal("off_schedule", day=entry.day))
    if proof.signed_at is not None:
        window_start = proof.signed_at - MANY_CLIENTS_WINDOW
        window_end = proof.signed_at + MANY_CLIENTS_WINDOW
        clients = set(
            session.scalars(
                select(ParticipationProof.client_id).where(
                    ParticipationProof.contact_person_id == proof.contact_person_id,
                    ParticipationProof.signed_at.is_not(None),
                    ParticipationProof.signed_at >= window_start,
                    ParticipationProof.signed_at <= window_end,
                )
            )
        )
        if len(clients) >= MANY_CLIENTS:
            signals.append(Signal("many_clients", count=len(clients)))
    if _shared_device(session, proof):
        signals.append(Signal("shared_device"))
    return signals


def _shared_device(session: Session, proof: ParticipationProof) -> bool:
    contact_devices = {
        (e.data or {}).get("device")
        for e in session.scalars(
            select(AuditEvent).where(
                AuditEvent.entity_type == "participation_proof",
                AuditEvent.entity_id == proof.id,
                AuditEvent.action.in_(("proof.sign", "proof.answer", "proof.refuse", "proof.entry_added")),
            )
        )
        if (e.data or {}).get("via") == "link"
    } - {None}
    if not contact_devices:
        return False
    newcomer_devices = {
        (e.data or {}).get("device")
        for e in session.scalars(
            select(AuditEvent).where(
                AuditEvent.action.in_(("proof.entry_proposed", "proof.newcomer_viewed")),
                # Each id with its own type: another client whose id equals this proof's is not
                # this proof's newcomer.
                or_(
                    and_(
                        AuditEvent.entity_type == "participation_proof",
                        AuditEvent.entity_id == proof.id,
                    ),
                    and_(AuditEvent.entity_type == "client", AuditEvent.entity_id == proof.client_id),
                ),
            )
        )
    } - {None}
    return bool(contact_devices & newcomer_devices)


def device_hash(settings: Settings, remote_addr: str | None, user_agent: str | None) -> str:
    """Return a keyed hash of a browser (never the address itself) for the device signal."""
    key = settings.secret_key.encode("utf-8")
    raw = f"{remote_addr or ''}|{user_agent or ''}".encode()
    return hashlib.blake2b(raw, key=key[:64], digest_size=12).hexdigest()


def record_newcomer_view(session: Session, client: Client, link: SignedLink, device: str | None) -> None:
    """Remember that the newcomer opened their link (for the device signal; no content)."""
    signed_links.mark_used(link)
    audit.record(
        session, None, "proof.newcomer_viewed", client,
        {"via": "link", "link_id": link.id, "device": device},
    )
    session.commit()


# --- export -------------------------------------------------------------------------------------


def export(
    session: Session,
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    all_statuses: bool = False,
    today: date,
) -> dict[str, list[dict[str, Any]]]:
    """Return `{proofs: [...], clients: [...]}` for the period (docs/proofs.md has the shape).

    A verified proof belongs to the period of its verification date; with `all_statuses`,
    a proof that is not verified belongs to the period of its last change.
    """
    stmt = select(ParticipationProof).order_by(ParticipationProof.id)
    if not all_statuses:
        stmt = stmt.where(ParticipationProof.status == "verified")
    proofs_out: list[dict[str, Any]] = []
    clients: dict[int, Client] = {}
    for proof in session.scalars(stmt):
        moment = proof.verified_at if proof.status == "verified" else proof.updated_at
        day = moment.date() if moment else None
        if date_from and (day is None or day < date_from):
            continue
        if date_to and (day is None or day > date_to):
            continue
        client = session.get(Client, proof.client_id) if proof.client_id else None
        organisation = session.get(Organisation, proof.organisation_id)
        if client is not None:
            clients[client.id] = client
        proofs_out.append(
            {
                "client_reference": client.reference_code if client else None,
                "organisation_name": organisation.name if organisation else None,
                "organisation_kbo": organisation.kbo_number if organisation else None,
                "offer_type": proof.offer_type,
                "contact_name": proof.contact_person.name,
                "status": proof.status,
                "total_hours": sum(e.minutes for e in proof.entries) / 60,
                "entries": [
                    {
                        "date": e.day.isoformat(),
                        "hours": e.minutes / 60,
                        "counts": entry_counts(client, e),
                    }
                    for e in proof.entries
                ],
                "verified_at": proof.verified_at.isoformat() if proof.verified_at else None,
            }
        )
    clients_out = []
    for client in sorted(clients.values(), key=lambda c: (c.reference_code, c.id)):
        progress = client_progress(session, client, today=today)
        clients_out.append(
            {
                "client_reference": client.reference_code,
                "exempt": progress.exempt,
                "verified_hours": progress.verified_minutes / 60,
                "remaining_hours": 0 if progress.exempt else progress.remaining_minutes / 60,
                "contract_end": client.contract_end_date.isoformat()
                if client.contract_end_date
                else None,
                "at_risk": progress.at_risk,
            }
        )
    return {"proofs": proofs_out, "clients": clients_out}


# --- public verification -------------------------------------------------------------------------


@dataclass(frozen=True)
class Verification:
    """What the public verification page may say: valid or not, and the total. Nothing personal."""

    valid: bool
    total_minutes: int


def verification(session: Session, code: str) -> Verification | None:
    """Return the verification of a printed proof's code, or None for an unknown code."""
    clean = (code or "").strip().upper()[:12]
    if not clean:
        return None
    proof = session.scalar(
        select(ParticipationProof).where(ParticipationProof.verification_code == clean)
    )
    if proof is None:
        return None
    valid = proof.status == "verified" and signature_valid(proof)
    return Verification(valid=valid, total_minutes=sum(e.minutes for e in proof.entries))


# --- privacy: a client's export and erasure --------------------------------------------------


def export_for_client(session: Session, client: Client) -> dict[str, Any]:
    """Return a client's proofs, hours, exemption and opt-in as plain JSON values."""
    exemption = exemption_for(session, client.id)
    return {
        "proofs": [
            {
                "id": proof.id,
                "organisation_id": proof.organisation_id,
                "offer_type": proof.offer_type,
                "contact_name": proof.contact_person.name,
                "status": proof.status,
                "kind": proof.kind,
                "signed_name": proof.signed_name,
                "signed_at": proof.signed_at.isoformat() if proof.signed_at else None,
                "verified_at": proof.verified_at.isoformat() if proof.verified_at else None,
                "entries": [
                    {
                        "date": e.day.isoformat(),
                        "minutes": e.minutes,
                        "description": e.description,
                        "counts": entry_counts(client, e),
                    }
                    for e in proof.entries
                ],
                "messages": [{"author": m.author, "text": m.text} for m in proof.messages],
            }
            for proof in proofs_for_client(session, client.id)
        ],
        "exemption": {
            "reason": exemption.reason,
            "evidence_type": exemption.evidence_type,
            "evidence_date": exemption.evidence_date.isoformat(),
        }
        if exemption
        else None,
        "opted_in_on": client.opted_in_on.isoformat() if client.opted_in_on else None,
    }


def erase_for_client(session: Session, client: Client, now: datetime) -> None:
    """Erase what proofs say about a client (texts, links); the hours stay for the organisation's records."""
    signed_links.revoke_all(session, client, purpose=NEWCOMER_PURPOSE, now=now)
    for proof in proofs_for_client(session, client.id):
        signed_links.revoke_all(session, proof, purpose=SIGN_PURPOSE, now=now)
        for entry in proof.entries:
            entry.description = None
        for message in proof.messages:
            message.text = ""
        proof.refusal_reason = None
        audit.record(session, None, "proof.anonymised", proof, now=now)
