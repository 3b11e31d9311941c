"""A counsellor's clients: the minimum needed to help a newcomer, and nothing more.

Only the counsellor (or guide) who owns a client, and the coordinator of their
office, may see or change it. No national number and no nationality are stored;
a reference code that looks like a national register number is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from aanbodplatform.geo import default_gazetteer
from aanbodplatform.i18n import BY_TAG, DEFAULT_LOCALE
from aanbodplatform.models import (
    CLIENT_STATUSES,
    Client,
    ClientShortlistItem,
    Handover,
    Offer,
    User,
    utcnow,
)
from aanbodplatform.services import audit
from aanbodplatform.services.accounts import is_valid_email, normalise_email
from aanbodplatform.services.authz import (
    NotFound,
    PermissionDenied,
    ValidationFailed,
    require_user,
)
from aanbodplatform.services.retention import months_before, scrub_handover
from aanbodplatform.services.taxonomy import get_taxonomy
from search_index import DAYPARTS, DUTCH_LEVELS, WEEKDAYS

#: Roles that keep clients: counsellors (who also hand over) and guides (who only search).
CLIENT_ROLES = ("counsellor", "guide")
#: Languages a client can be said to speak (ISO 639 codes; names come from Babel).
SPOKEN_LANGUAGES = (
    "am", "ar", "bg", "bn", "bs", "ckb", "de", "en", "es", "fa", "fa_AF", "fr", "hi", "hy",
    "it", "ka", "ku", "ln", "ne", "nl", "om", "pl", "ps", "pt", "ro", "ru", "so", "sq", "sr",
    "sw", "ta", "ti", "tr", "tzm", "uk", "ur", "vi", "zh",
)  # fmt: skip
_REFERENCE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$")
_POSTCODE = re.compile(r"^\d{4}$")


@dataclass
class ClientInput:
    """What a counsellor fills in about a client."""

    reference_code: str
    first_name: str = ""
    languages: list[str] = field(default_factory=list)
    preferred_locale: str = DEFAULT_LOCALE
    dutch_level: str = "none"
    home_postcode: str = ""
    weekdays: list[str] = field(default_factory=list)
    dayparts: list[str] = field(default_factory=list)
    status: str = "obliged"
    contract_end_date: date | None = None
    interests: list[str] = field(default_factory=list)
    email: str = ""
    contract_start_date: date | None = None


# --- who may see what --------------------------------------------------------------------


def keeps_clients(user: User | None) -> bool:
    """Return True when the user's role keeps clients (counsellors and guides)."""
    return user is not None and user.role in CLIENT_ROLES and user.is_active


def require_client_keeper(user: User | None) -> User:
    """Return the user when they keep clients, else raise PermissionDenied."""
    user = require_user(user)
    if not keeps_clients(user):
        raise PermissionDenied("only counsellors and guides keep clients")
    return user


def _coordinates(session: Session, user: User, owner_id: int) -> bool:
    # A coordinator oversees the clients of everyone in the same office.
    if not user.is_coordinator or not user.office:
        return False
    owner = session.get(User, owner_id)
    return owner is not None and owner.office == user.office and owner.role in CLIENT_ROLES


def can_manage(session: Session, user: User | None, client: Client) -> bool:
    """Return True for the client's owner and the coordinator of the owner's office."""
    if not keeps_clients(user):
        return False
    assert user is not None
    return client.counsellor_id == user.id or _coordinates(session, user, client.counsellor_id)


def get_client(session: Session, user: User | None, client_id: int) -> Client:
    """Return a client the user may manage; NotFound or PermissionDenied otherwise."""
    user = require_client_keeper(user)
    client = session.get(Client, client_id)
    if client is None or client.anonymised_at is not None:
        raise NotFound("client")
    if not can_manage(session, user, client):
        raise PermissionDenied("not your client")
    return client


def list_clients(session: Session, user: User | None, *, archived: bool = False) -> list[Client]:
    """Return the user's clients (a coordinator also sees the office's), newest first."""
    user = require_client_keeper(user)
    owners = select(User.id).where(User.id == user.id)
    if user.is_coordinator and user.office:
        owners = select(User.id).where(
            or_(User.id == user.id, (User.office == user.office) & User.role.in_(CLIENT_ROLES))
        )
    query = select(Client).where(Client.counsellor_id.in_(owners), Client.anonymised_at.is_(None))
    query = query.where(
        Client.archived_at.is_not(None) if archived else Client.archived_at.is_(None)
    )
    return list(session.scalars(query.order_by(Client.created_at.desc(), Client.id.desc())))


# --- validation --------------------------------------------------------------------------


def _looks_like_national_number(code: str) -> bool:
    # Belgian national register numbers have 11 digits, often written 85.07.30-033.28.
    digits = re.sub(r"[\s./-]", "", code)
    return digits.isdigit() and len(digits) == 11


def _check(session: Session, owner_id: int, data: ClientInput, own_id: int | None) -> ClientInput:
    errors: dict[str, str] = {}
    code = data.reference_code.strip()
    if not code:
        errors["reference_code"] = str(_l("Enter a reference code."))
    elif _looks_like_national_number(code):
        errors["reference_code"] = str(
            _l("Do not use a national register number. Use your own reference code.")
        )
    elif not _REFERENCE.match(code):
        errors["reference_code"] = str(
            _l("Use up to 40 letters, digits and the signs . _ / - only.")
        )
    else:
        clash = session.scalar(
            select(Client.id).where(Client.counsellor_id == owner_id, Client.reference_code == code)
        )
        if clash is not None and clash != own_id:
            errors["reference_code"] = str(_l("You already have a client with this code."))
    first_name = " ".join(data.first_name.split())
    if len(first_name) > 60:
        errors["first_name"] = str(_l("Use at most %(num)d characters.", num=60))
    languages = list(dict.fromkeys(data.languages))
    if any(lang not in SPOKEN_LANGUAGES for lang in languages):
        errors["languages"] = str(_l("Choose languages from the list."))
    if data.preferred_locale not in BY_TAG:
        errors["preferred_locale"] = str(_l("Choose a language from the list."))
    if data.dutch_level not in DUTCH_LEVELS:
        errors["dutch_level"] = str(_l("Choose a Dutch level from the list."))
    postcode = data.home_postcode.strip()
    if postcode and (not _POSTCODE.match(postcode) or not default_gazetteer().postcode(postcode)):
        errors["home_postcode"] = str(_l("Enter a Belgian postcode of 4 digits, like 9000."))
    weekdays = [d for d in WEEKDAYS if d in data.weekdays]
    dayparts = [p for p in DAYPARTS if p in data.dayparts]
    if len(weekdays) != len(set(data.weekdays)) or len(dayparts) != len(set(data.dayparts)):
        errors["availability"] = str(_l("Choose days and times of day from the list."))
    if data.status not in CLIENT_STATUSES:
        errors["status"] = str(_l("Choose a status from the list."))
    activities = get_taxonomy().activities
    interests = [a for a in activities if a in data.interests]
    if len(interests) != len(set(data.interests)):
        errors["interests"] = str(_l("Choose interests from the list."))
    email = normalise_email(data.email)
    if email and not is_valid_email(email):
        errors["email"] = str(_l("Enter an email address like name@example.be."))
    if (
        data.contract_start_date
        and data.contract_end_date
        and data.contract_start_date > data.contract_end_date
    ):
        errors["contract_start_date"] = str(_l("The start date must come before the end date."))
    if errors:
        raise ValidationFailed(errors)
    return ClientInput(
        reference_code=code,
        first_name=first_name,
        languages=languages,
        preferred_locale=data.preferred_locale,
        dutch_level=data.dutch_level,
        home_postcode=postcode,
        weekdays=weekdays,
        dayparts=dayparts,
        status=data.status,
        contract_end_date=data.contract_end_date,
        interests=interests,
        email=email,
        contract_start_date=data.contract_start_date,
    )


def _apply(client: Client, data: ClientInput) -> None:
    client.reference_code = data.reference_code
    client.first_name = data.first_name or None
    client.languages = data.languages
    client.preferred_locale = data.preferred_locale
    client.dutch_level = data.dutch_level
    client.home_postcode = data.home_postcode or None
    client.weekdays = data.weekdays
    client.dayparts = data.dayparts
    client.status = data.status
    client.contract_end_date = data.contract_end_date
    client.interests = data.interests
    client.email = data.email or None
    client.contract_start_date = data.contract_start_date


# --- use cases ---------------------------------------------------------------------------


def create_client(session: Session, user: User | None, data: ClientInput) -> Client:
    """Create a client owned by the user."""
    user = require_client_keeper(user)
    clean = _check(session, user.id, data, None)
    client = Client(counsellor_id=user.id)
    _apply(client, clean)
    session.add(client)
    session.flush()
    audit.record(session, user, "client.created", client)
    session.commit()
    return client


def update_client(session: Session, user: User | None, client_id: int, data: ClientInput) -> Client:
    """Change a client's details; the audit names the fields, never their values."""
    client = get_client(session, user, client_id)
    clean = _check(session, client.counsellor_id, data, client.id)
    before = export_fields(client)
    _apply(client, clean)
    changed = sorted(k for k, v in export_fields(client).items() if before.get(k) != v)
    audit.record(session, user, "client.updated", client, {"fields": changed})
    session.commit()
    return client


def archive_client(
    session: Session, user: User | None, client_id: int, *, now: datetime | None = None
) -> Client:
    """Archive a client; the record is anonymised a set time later."""
    client = get_client(session, user, client_id)
    if client.archived_at is None:
        client.archived_at = now or utcnow()
        audit.record(session, user, "client.archived", client, now=now)
        session.commit()
    return client


def restore_client(session: Session, user: User | None, client_id: int) -> Client:
    """Bring an archived client back to the active list."""
    client = get_client(session, user, client_id)
    if client.archived_at is not None:
        client.archived_at = None
        audit.record(session, user, "client.restored", client)
        session.commit()
    return client


def export_fields(client: Client) -> dict[str, Any]:
    """Return the client's own fields as plain JSON values."""
    return {
        "reference_code": client.reference_code,
        "first_name": client.first_name,
        "languages": list(client.languages or []),
        "preferred_locale": client.preferred_locale,
        "dutch_level": client.dutch_level,
        "home_postcode": client.home_postcode,
        "weekdays": list(client.weekdays or []),
        "dayparts": list(client.dayparts or []),
        "status": client.status,
        "contract_end_date": client.contract_end_date.isoformat()
        if client.contract_end_date
        else None,
        "interests": list(client.interests or []),
        "email": client.email,
        "contract_start_date": client.contract_start_date.isoformat()
        if client.contract_start_date
        else None,
        "opted_in_on": client.opted_in_on.isoformat() if client.opted_in_on else None,
    }


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def export_client(
    session: Session, user: User | None, client_id: int, *, now: datetime | None = None
) -> dict[str, Any]:
    """Return everything stored about one client as a JSON-able dict (and audit the export)."""
    client = get_client(session, user, client_id)
    shortlist = session.execute(
        select(ClientShortlistItem, Offer)
        .join(Offer, Offer.id == ClientShortlistItem.offer_id)
        .where(ClientShortlistItem.client_id == client.id)
        .order_by(ClientShortlistItem.added_at)
    ).all()
    handovers = session.scalars(
        select(Handover).where(Handover.client_id == client.id).order_by(Handover.id)
    ).all()
    data = {
        "client": {
            "id": client.id,
            **export_fields(client),
            "created_at": _iso(client.created_at),
            "archived_at": _iso(client.archived_at),
        },
        "shortlist": [
            {"offer_id": offer.id, "title": offer.title_nl, "added_at": _iso(item.added_at)}
            for item, offer in shortlist
        ],
        "handovers": [_export_handover(h) for h in handovers],
        "participation": _proofs_module().export_for_client(session, client),
        "exported_at": _iso(now or utcnow()),
    }
    audit.record(session, user, "client.exported", client, now=now)
    session.commit()
    return data


def _export_handover(handover: Handover) -> dict[str, Any]:
    return {
        "id": handover.id,
        "offer_id": handover.offer_id,
        "organisation_id": handover.organisation_id,
        "status": handover.status,
        "consent_given": handover.consent_given,
        "consent_date": _iso(handover.consent_date),
        "shared_fields": list(handover.shared_fields or []),
        "shared_data": dict(handover.shared_data or {}),
        "wishes": handover.wishes,
        "practical_needs": handover.practical_needs,
        "preferred_start": _iso(handover.preferred_start),
        "note": handover.note,
        "appointment": handover.appointment,
        "decline_reason": handover.decline_reason,
        "decline_text": handover.decline_text,
        "sent_at": _iso(handover.sent_at),
        "closed_at": _iso(handover.closed_at),
        "history": [
            {
                "kind": e.kind,
                "from_status": e.from_status,
                "to_status": e.to_status,
                "comment": e.comment,
                "at": _iso(e.created_at),
            }
            for e in handover.events
        ],
    }


def _proofs_module():
    # Imported late: services.proofs imports this module.
    from aanbodplatform.services import proofs

    return proofs


def _close_and_scrub(
    session: Session, client: Client, actor: User | None, now: datetime
) -> list[int]:
    """Withdraw the client's open handovers, then erase their personal fields.

    The withdrawal goes through the handover state machine (history, audit event, links
    revoked); returns the ids of the withdrawn handovers the organisation had received,
    whom the caller tells once the change is committed. Proof texts are cleared and
    their links revoked too.
    """
    # Imported here: the handover service reads clients through this module.
    from aanbodplatform.services import handovers as handover_service

    _proofs_module().erase_for_client(session, client, now)
    handovers = session.scalars(select(Handover).where(Handover.client_id == client.id)).all()
    told: list[int] = []
    for handover in handovers:
        if handover_service.withdraw_for_erasure(session, actor, handover, now):
            told.append(handover.id)
        scrub_handover(handover, now)
        audit.record(session, actor, "handover.anonymised", handover, now=now)
    return told


def erase_client(
    session: Session, user: User | None, client_id: int, *, now: datetime | None = None
) -> None:
    """Erase one client: the record, the shortlist and the personal fields of every handover."""
    client = get_client(session, user, client_id)
    moment = now or utcnow()
    told = _close_and_scrub(session, client, user, moment)
    audit.record(session, user, "client.erased", client, now=moment)
    session.delete(client)
    session.commit()
    _tell_organisations(session, told)


def _tell_organisations(session: Session, handover_ids: list[int]) -> None:
    from aanbodplatform.services import handovers as handover_service

    handover_service.notify_withdrawn(session, None, handover_ids)


def anonymise_client(session: Session, client: Client, now: datetime) -> list[int]:
    """Strip a client record to a placeholder and erase their handovers' personal fields.

    Returns the ids of the handovers withdrawn on the way (their organisations are told
    after the commit).
    """
    told = _close_and_scrub(session, client, None, now)
    session.execute(delete(ClientShortlistItem).where(ClientShortlistItem.client_id == client.id))
    # The placeholder code keeps the (counsellor, reference code) pair unique.
    client.reference_code = f"anon-{client.id}"
    client.first_name = None
    client.languages = []
    client.home_postcode = None
    client.weekdays = []
    client.dayparts = []
    client.contract_end_date = None
    client.contract_start_date = None
    client.interests = []
    client.email = None
    client.anonymised_at = now
    audit.record(session, None, "client.anonymised", client, now=now)
    return told


def anonymise_archived_clients(session: Session, now: datetime, months: int) -> int:
    """Anonymise clients archived more than `months` months before `now`; return how many."""
    cutoff = months_before(now, months)
    clients = session.scalars(
        select(Client).where(
            Client.archived_at.is_not(None),
            Client.archived_at <= cutoff,
            Client.anonymised_at.is_(None),
        )
    ).all()
    told: list[int] = []
    for client in clients:
        told.extend(anonymise_client(session, client, now))
    session.commit()
    _tell_organisations(session, told)
    return len(clients)


def search_prefill(client: Client) -> dict[str, list[str]]:
    """Return search parameters that start a search from the client's profile."""
    args: dict[str, list[str]] = {}
    if client.home_postcode:
        args["near"] = [client.home_postcode]
        args["radius_km"] = ["15"]
    if client.weekdays:
        args["weekday"] = list(client.weekdays)
    if client.dayparts:
        args["daypart"] = list(client.dayparts)
    if client.dutch_level:
        args["dutch_level"] = [client.dutch_level]
    if client.interests:
        args["activity"] = list(client.interests)
    return args
