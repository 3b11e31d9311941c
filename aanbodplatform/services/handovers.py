"""Warm handovers: a counsellor announces a client to the organisation behind an offer.

The closed loop: the counsellor writes a handover (with the client's consent and
only the data they choose to share) and sends it; the organisation marks it seen,
accepts it with a first appointment, declines it with a reason, or asks a
question; the counsellor answers, withdraws, or marks it started; once started, the
organisation records that the newcomer attended, did not show up, or stopped. `tick`
sends a reminder after 5 working days without activity and lets the handover expire
after 15. Every view and change is written to the audit log, and the personal
fields of a closed handover are erased after the retention period.

The offer's contact persons usually have no account: they act for the organisation
through a signed link (purpose ``handover.respond``) that opens this one handover and
is revoked when the handover closes. Their actions are audited "via link".

Which party may do what, from which status, is one table: `TRANSITIONS`.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

import holidays as holidays_calendar
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from aanbodplatform.config import Settings
from aanbodplatform.models import (
    Client,
    Handover,
    HandoverEvent,
    Offer,
    SignedLink,
    User,
    utcnow,
)
from aanbodplatform.services import audit, handover_mail, signed_links
from aanbodplatform.services.authz import (
    InvalidTransition,
    NotFound,
    PermissionDenied,
    ValidationFailed,
    active_membership,
    require_user,
)
from aanbodplatform.services.clients import get_client
from aanbodplatform.services.retention import months_before, scrub_handover

log = logging.getLogger(__name__)

#: Fields of a client a counsellor can share with the organisation.
SHAREABLE_FIELDS = (
    "first_name",
    "languages",
    "dutch_level",
    "availability",
    "interests",
    "home_postcode",
    "status",
    "contract_end_date",
    "email",
)
#: Shared unless the counsellor unticks them: enough to welcome someone, nothing more.
DEFAULT_SHARED_FIELDS = ("first_name", "languages", "dutch_level", "availability")
DECLINE_REASONS = ("full", "schedule", "dutch_level", "not_suitable", "not_running", "other")
#: Handovers waiting for the organisation's decision (the reminder clock runs).
WAITING_STATUSES = ("sent", "seen")
#: Handovers whose loop is closed: their personal fields are erased after the retention period.
CLOSED_STATUSES = ("started", "attended", "no_show", "stopped", "declined", "expired", "withdrawn")
#: Closed without the newcomer joining: the organisation keeps only the bare facts.
PERSONAL_HIDDEN_STATUSES = ("declined", "expired", "withdrawn")
#: Final statuses: nothing more can happen, so the contact persons' links are revoked.
FINAL_STATUSES = ("declined", "expired", "withdrawn", "attended", "no_show", "stopped")
#: Final statuses that free the slot: a new handover for the same client and offer is possible.
SLOT_FREEING_STATUSES = ("declined", "expired", "withdrawn", "no_show", "stopped")
#: What the organisation records after the newcomer started (action -> status).
OUTCOMES = {"attend": "attended", "no_show": "no_show", "stop": "stopped"}
LINK_PURPOSE = "handover.respond"
LINK_VALID_FOR = timedelta(days=30)
REMINDER_AFTER_WORKING_DAYS = 5
EXPIRE_AFTER_WORKING_DAYS = 15
MAX_TEXT = 2000
LOCAL_TIMEZONE = ZoneInfo("Europe/Brussels")

STATUS_LABELS = {
    "draft": _l("Draft"),
    "sent": _l("Sent"),
    "seen": _l("Seen"),
    "accepted": _l("Accepted"),
    "started": _l("Started"),
    "declined": _l("Declined"),
    "expired": _l("Expired"),
    "withdrawn": _l("Withdrawn"),
    "attended": _l("Attended"),
    "no_show": _l("Did not show up"),
    "stopped": _l("Stopped"),
}
SHARED_FIELD_LABELS = {
    "first_name": _l("First name"),
    "languages": _l("Languages"),
    "dutch_level": _l("Dutch level"),
    "availability": _l("Availability"),
    "interests": _l("Interests"),
    "home_postcode": _l("Home postcode"),
    "status": _l("Status in the integration programme"),
    "contract_end_date": _l("End date of the integration contract"),
    "email": _l("Email address"),
}
DECLINE_REASON_LABELS = {
    "full": _l("There is no place left"),
    "schedule": _l("The times do not fit"),
    "dutch_level": _l("The Dutch level does not fit"),
    "not_suitable": _l("The activity does not suit this person"),
    "not_running": _l("The activity is not running now"),
    "other": _l("Another reason"),
}


class ConsentRequired(ValidationFailed):
    """A handover cannot be sent without the client's consent and its date."""


# --- who may do what -------------------------------------------------------------------

COUNSELLOR = "counsellor"
ORGANISATION = "organisation"
SYSTEM = "system"


@dataclass(frozen=True)
class ViaLink:
    """A contact person acting for the organisation through a signed link (no account)."""

    link: SignedLink
    name: str

    def audit_data(self) -> dict[str, Any]:
        """Return audit data naming the contact person and the link ("via link")."""
        return {**signed_links.audit_actor_label(self.link), "contact_person": self.name}


#: Who acts: a signed-in user, a contact person via a link, or None (the system).
Actor = User | ViaLink | None


@dataclass(frozen=True)
class Transition:
    """One allowed move: who may make it, from which statuses, to which status."""

    party: frozenset[str]
    from_statuses: frozenset[str]
    to_status: str | None  # None: the status stays (a question or an answer)


def _t(parties: tuple[str, ...], froms: tuple[str, ...], to: str | None) -> Transition:
    return Transition(frozenset(parties), frozenset(froms), to)


#: The whole state machine. The organisation never sees drafts; nobody reopens a closed handover.
TRANSITIONS: dict[str, Transition] = {
    "send": _t((COUNSELLOR,), ("draft",), "sent"),
    "mark_seen": _t((ORGANISATION,), ("sent",), "seen"),
    "accept": _t((ORGANISATION,), ("sent", "seen"), "accepted"),
    "decline": _t((ORGANISATION,), ("sent", "seen"), "declined"),
    "question": _t((ORGANISATION,), ("sent", "seen", "accepted"), None),
    "answer": _t((COUNSELLOR,), ("sent", "seen", "accepted"), None),
    "start": _t((COUNSELLOR, ORGANISATION), ("accepted",), "started"),
    "attend": _t((ORGANISATION,), ("started",), "attended"),
    "no_show": _t((ORGANISATION,), ("accepted", "started"), "no_show"),
    "stop": _t((ORGANISATION,), ("started",), "stopped"),
    # The system withdraws when the client's record is erased or anonymised.
    "withdraw": _t((COUNSELLOR, SYSTEM), ("draft", "sent", "seen", "accepted"), "withdrawn"),
    "expire": _t((SYSTEM,), WAITING_STATUSES, "expired"),
}


def parties(session: Session, user: Actor, handover: Handover) -> set[str]:
    """Return the parties the user acts for on this handover (empty: none)."""
    found: set[str] = set()
    if isinstance(user, ViaLink):
        # A link opens the one handover it was issued for, never a draft.
        link = user.link
        if (
            link.purpose == LINK_PURPOSE
            and link.entity_type == "handover"
            and link.entity_id == handover.id
            and handover.status != "draft"
        ):
            found.add(ORGANISATION)
        return found
    if user is None or not user.is_active:
        return found
    if user.role == "counsellor" and handover.counsellor_id == user.id:
        found.add(COUNSELLOR)
    # Only real members of the organisation: platform admins do not read handovers.
    if handover.status != "draft" and active_membership(user, handover.organisation_id):
        found.add(ORGANISATION)
    return found


def may_hand_over(user: Actor, client: Client | None = None) -> bool:
    """Return True when `user` may write handovers (for `client`, when given): its own counsellor."""
    # Guides and coordinators see clients too, but only the counsellor who keeps the
    # client speaks for them to an organisation.
    if not isinstance(user, User) or user.role != "counsellor":
        return False
    return client is None or client.counsellor_id == user.id


def _is_coordinator_of(session: Session, user: User, handover: Handover) -> bool:
    if user.role != "counsellor" or not user.is_coordinator or not user.office:
        return False
    owner = session.get(User, handover.counsellor_id)
    return owner is not None and owner.office == user.office


def can_view(session: Session, user: Actor, handover: Handover) -> bool:
    """Return True for the handover's counsellor, their coordinator and the organisation."""
    if parties(session, user, handover):
        return True
    return (
        isinstance(user, User)
        and user.is_active
        and _is_coordinator_of(session, user, handover)
    )


def hides_personal_data(session: Session, user: Actor, handover: Handover) -> bool:
    """Return True when this viewer sees only the bare facts of a closed handover.

    Once a handover is withdrawn, declined or expired, the organisation keeps only that
    it existed, its dates and its status; the counsellor still sees everything.
    """
    if handover.status not in PERSONAL_HIDDEN_STATUSES:
        return False
    if isinstance(user, User) and COUNSELLOR in parties(session, user, handover):
        return False
    return not (isinstance(user, User) and _is_coordinator_of(session, user, handover))


def allowed_actions(session: Session, user: Actor, handover: Handover) -> list[str]:
    """Return the actions the user may take on the handover now, in table order."""
    mine = parties(session, user, handover)
    return [
        name
        for name, move in TRANSITIONS.items()
        if move.party & mine and handover.status in move.from_statuses
    ]


def _authorise(session: Session, user: Actor, handover: Handover, action: str) -> str:
    """Return the party the user acts for; raise PermissionDenied or InvalidTransition."""
    move = TRANSITIONS[action]
    who = user if isinstance(user, ViaLink) else require_user(user)
    mine = parties(session, who, handover) & move.party
    if not mine:
        raise PermissionDenied(f"{action} is not yours to do")
    if handover.status not in move.from_statuses:
        raise InvalidTransition(f"cannot {action} a handover that is {handover.status}")
    return sorted(mine)[0]


def _move(
    session: Session,
    handover: Handover,
    actor: Actor,
    action: str,
    now: datetime,
    *,
    comment: str | None = None,
    kind: str = "status",
    data: dict[str, Any] | None = None,
) -> HandoverEvent:
    """Apply one transition: history entry, status, closing time and audit event."""
    move = TRANSITIONS[action]
    before = handover.status
    after = move.to_status or before
    user = actor if isinstance(actor, User) else None
    via = actor if isinstance(actor, ViaLink) else None
    event = HandoverEvent(
        from_status=before,
        to_status=after,
        kind=kind,
        actor_id=user.id if user else None,
        actor_label=via.name if via else None,
        comment=comment,
        created_at=now,
    )
    handover.events.append(event)
    handover.status = after
    handover.updated_at = now
    if actor is not None or action == "withdraw":
        # A person acted (or the client was erased): the reminder and expiry clocks restart.
        handover.last_activity_at = now
    if after in SLOT_FREEING_STATUSES:
        # Closed for good: a new handover for the same client and offer becomes possible.
        handover.open_slot = None
    if after in CLOSED_STATUSES and after != before:
        # The loop is closed (the retention clock starts); `started` keeps the slot taken.
        handover.closed_at = now
    if after in FINAL_STATUSES:
        # The links expire when the handover closes, whichever comes first with 30 days.
        signed_links.revoke_all(session, handover, purpose=LINK_PURPOSE, now=now)
    if via is not None:
        signed_links.mark_used(via.link, now=now)
    audit.record(
        session,
        user,
        f"handover.{action}",
        handover,
        {"from": before, "to": after, **(via.audit_data() if via else {}), **(data or {})},
        now=now,
    )
    return event


# --- reading ----------------------------------------------------------------------------


class LinkRefused(Exception):
    """A handover link that opens nothing; `problem` says why, `status_code` how to answer."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem

    @property
    def status_code(self) -> int:
        """Return 410 for a link that was good and is over, 404 for one that never was."""
        return 410 if self.problem in ("expired", "revoked", "closed") else 404


def _contact_name(handover: Handover, address: str) -> str:
    for contact in handover.offer.contacts:
        if contact.email and contact.email.strip().lower() == address:
            return contact.name
    return address


def open_with_link(
    session: Session,
    settings: Settings | None,
    handover_id: int,
    token: str,
    *,
    now: datetime | None = None,
) -> tuple[Handover, ViaLink]:
    """Return the handover a contact person's link opens, and them as the actor.

    Raises LinkRefused: `tampered` or `wrong_object` (404) for a link that never opened
    this handover, `expired`, `revoked` or `closed` (410) for one that is over.
    """
    handover = session.get(Handover, handover_id)
    if handover is None:
        # The same answer as a forged token: a link tells nothing about other ids.
        raise LinkRefused("tampered")
    try:
        link = signed_links.resolve(
            session, signed_links.app_settings(settings), token, purpose=LINK_PURPOSE, entity=handover, now=now
        )
    except signed_links.LinkError as exc:
        if exc.problem in ("expired", "revoked") and handover.status in FINAL_STATUSES:
            raise LinkRefused("closed") from None
        raise LinkRefused(exc.problem) from None
    if handover.status in FINAL_STATUSES:
        raise LinkRefused("closed")
    who = ViaLink(link, _contact_name(handover, link.recipient))
    signed_links.mark_used(link, now=now)
    audit.record(session, None, "handover.viewed", handover, who.audit_data(), now=now)
    session.commit()
    return handover, who


def contact_link_tokens(
    session: Session, settings: Settings | None, handover: Handover
) -> dict[str, str]:
    """Return a working link token for each contact person's address (issued when missing).

    A live link is reused, so a reminder carries the same link as the first mail.
    """
    settings = signed_links.app_settings(settings)
    # Mails go out now, so a new link counts its 30 days from now; the handover's closing
    # revokes it earlier.
    return {
        address: signed_links.live_token_for(
            session,
            settings,
            purpose=LINK_PURPOSE,
            entity=handover,
            recipient=address,
            valid_for=LINK_VALID_FOR,
        )
        for address in handover_mail.contact_addresses(handover.offer)
    }


def _notify_organisation(
    session: Session, settings: Settings | None, handover: Handover, kind: str
) -> int:
    """Issue the contact persons' links (when the handover is open) and mail everyone."""
    tokens = {} if handover.status in FINAL_STATUSES else contact_link_tokens(
        session, settings, handover
    )
    session.commit()
    return handover_mail.notify_organisation(settings, session, handover, kind, tokens)


def _load(session: Session, handover_id: int) -> Handover:
    handover = session.get(Handover, handover_id)
    if handover is None:
        raise NotFound("handover")
    return handover


def get_handover(
    session: Session, user: User | None, handover_id: int, *, now: datetime | None = None
) -> Handover:
    """Return a handover the user may see, and write the view to the audit log."""
    user = require_user(user)
    handover = _load(session, handover_id)
    if not can_view(session, user, handover):
        raise PermissionDenied("not your handover")
    audit.record(session, user, "handover.viewed", handover, now=now)
    session.commit()
    return handover


def appointment_file(session: Session, user: Actor, handover_id: int) -> tuple[str, bytes]:
    """Return (file name, .ics bytes) of the handover's first appointment for a viewer."""
    from aanbodplatform.services import appointment_calendar
    from aanbodplatform.services.offers import localized_text

    handover = _load(session, handover_id)
    if not isinstance(user, ViaLink):
        user = require_user(user)
    if not can_view(session, user, handover):
        raise PermissionDenied("not your handover")
    if not handover.appointment or handover.status in PERSONAL_HIDDEN_STATUSES:
        raise NotFound("appointment")
    tag = user.locale if isinstance(user, User) and user.locale else "nl"
    title = localized_text(handover.offer, tag)[0]
    return appointment_calendar.filename(handover), appointment_calendar.ics(handover, title)


def open_handover(session: Session, client_id: int, offer_id: int) -> Handover | None:
    """Return the open handover for this client and offer, if there is one."""
    return session.scalar(
        select(Handover).where(
            Handover.client_id == client_id,
            Handover.offer_id == offer_id,
            Handover.open_slot.is_not(None),
        )
    )


def handovers_for_client(session: Session, user: User | None, client_id: int) -> list[Handover]:
    """Return a client's handovers, newest first."""
    client = get_client(session, user, client_id)
    return list(
        session.scalars(
            select(Handover).where(Handover.client_id == client.id).order_by(Handover.id.desc())
        )
    )


@dataclass
class DashboardRow:
    """One handover on the counsellor's dashboard."""

    handover: Handover
    client: Client | None
    offer: Offer
    waiting_since: datetime


def counsellor_dashboard(session: Session, user: User | None) -> dict[str, list[DashboardRow]]:
    """Return the counsellor's handovers by status, those waiting longest first."""
    user = require_user(user)
    if user.role != "counsellor":
        raise PermissionDenied("counsellors only")
    rows = session.execute(
        select(Handover, Offer, Client)
        .join(Offer, Offer.id == Handover.offer_id)
        .outerjoin(Client, Client.id == Handover.client_id)
        .where(Handover.counsellor_id == user.id)
    ).all()
    grouped: dict[str, list[DashboardRow]] = {}
    for handover, offer, client in rows:
        since = handover.updated_at if handover.status != "sent" else handover.sent_at
        grouped.setdefault(handover.status, []).append(
            DashboardRow(handover, client, offer, since or handover.created_at)
        )
    for items in grouped.values():
        items.sort(key=lambda row: (row.waiting_since, row.handover.id))
    return {status: grouped[status] for status in STATUS_LABELS if status in grouped}


@dataclass
class Inbox:
    """An organisation member's incoming handovers, newest first, with counts per status."""

    handovers: list[tuple[Handover, Offer]]
    counts: dict[str, int]
    total: int


def organisation_inbox(session: Session, user: User | None, *, status: str | None = None) -> Inbox:
    """Return the handovers sent to the user's organisations (never drafts), newest first."""
    user = require_user(user)
    org_ids = [m.organisation_id for m in user.memberships if m.state == "member"]
    if not org_ids:
        raise PermissionDenied("not a member of any organisation")
    base = (
        select(Handover, Offer)
        .join(Offer, Offer.id == Handover.offer_id)
        .where(Handover.organisation_id.in_(org_ids), Handover.status != "draft")
    )
    rows = session.execute(base.order_by(Handover.sent_at.desc(), Handover.id.desc())).all()
    counts = Counter(h.status for h, _o in rows)
    shown = [(h, o) for h, o in rows if status is None or h.status == status]
    return Inbox(shown, {s: counts[s] for s in STATUS_LABELS if counts.get(s)}, len(rows))


# --- writing: the counsellor -------------------------------------------------------------


@dataclass
class HandoverInput:
    """What the counsellor writes in the handover form."""

    wishes: str = ""
    practical_needs: str = ""
    preferred_start: date | None = None
    note: str = ""
    shared_fields: list[str] = field(default_factory=lambda: list(DEFAULT_SHARED_FIELDS))
    consent_given: bool = False
    consent_date: date | None = None


def _clean_text(errors: dict[str, str], name: str, value: str) -> str | None:
    text = (value or "").strip()
    if len(text) > MAX_TEXT:
        errors[name] = str(_l("Use at most %(num)d characters.", num=MAX_TEXT))
    return text or None


def _check_input(data: HandoverInput) -> dict[str, Any]:
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {
        "wishes": _clean_text(errors, "wishes", data.wishes),
        "practical_needs": _clean_text(errors, "practical_needs", data.practical_needs),
        "note": _clean_text(errors, "note", data.note),
        "preferred_start": data.preferred_start,
    }
    unknown = [f for f in data.shared_fields if f not in SHAREABLE_FIELDS]
    if unknown:
        errors["shared_fields"] = str(_l("Choose what to share from the list."))
    clean["shared_fields"] = [f for f in SHAREABLE_FIELDS if f in data.shared_fields]
    if errors:
        raise ValidationFailed(errors)
    return clean


def _check_consent(data: HandoverInput, today: date) -> None:
    errors: dict[str, str] = {}
    if not data.consent_given:
        errors["consent_given"] = str(
            _l("Ask the client for consent first. You cannot send a handover without it.")
        )
    if data.consent_date is None:
        errors["consent_date"] = str(_l("Enter the date the client gave consent."))
    elif data.consent_date > today:
        errors["consent_date"] = str(_l("The date of consent cannot be in the future."))
    if errors:
        raise ConsentRequired(errors)


def shared_snapshot(client: Client, fields: list[str]) -> dict[str, Any]:
    """Return only the chosen fields of the client, as plain values (data minimisation)."""
    values: dict[str, Any] = {
        "first_name": client.first_name,
        "languages": list(client.languages or []),
        "dutch_level": client.dutch_level,
        "availability": {
            "weekdays": list(client.weekdays or []),
            "dayparts": list(client.dayparts or []),
        },
        "interests": list(client.interests or []),
        "home_postcode": client.home_postcode,
        "status": client.status,
        "contract_end_date": client.contract_end_date.isoformat()
        if client.contract_end_date
        else None,
        "email": client.email,
    }
    return {name: values[name] for name in SHAREABLE_FIELDS if name in fields}


def local_date(moment: datetime) -> date:
    """Return the calendar date in Belgium of an aware datetime."""
    return moment.astimezone(LOCAL_TIMEZONE).date()


def _fill(handover: Handover, clean: dict[str, Any]) -> None:
    handover.wishes = clean["wishes"]
    handover.practical_needs = clean["practical_needs"]
    handover.note = clean["note"]
    handover.preferred_start = clean["preferred_start"]
    handover.shared_fields = clean["shared_fields"]


@dataclass(frozen=True)
class Submitted:
    """The result of a handover submission: the handover, and whether this call created it."""

    handover: Handover
    created: bool
    sent: bool


def submit_handover(
    session: Session,
    settings: Settings | None,
    user: User | None,
    client_id: int,
    offer_id: int,
    data: HandoverInput,
    *,
    send: bool = True,
    now: datetime | None = None,
) -> Submitted:
    """Create (or update the draft of) the handover for a client and offer, and send it.

    There is at most one open handover per client and offer: when one exists, a
    second submission (a double click, a resent form) returns it instead of
    creating another, and never sends it twice.
    """
    user = require_user(user)
    if not may_hand_over(user):
        raise PermissionDenied("only counsellors hand over")
    client = get_client(session, user, client_id)
    if not may_hand_over(user, client):
        raise PermissionDenied("only the client's own counsellor hands over")
    if client.archived_at is not None:
        raise InvalidTransition("the client is archived")
    offer = session.get(Offer, offer_id)
    if offer is None or offer.status != "published":
        raise NotFound("offer")
    moment = now or utcnow()
    clean = _check_input(data)
    if send:
        _check_consent(data, local_date(moment))

    existing = open_handover(session, client.id, offer.id)
    if existing is not None and existing.status != "draft":
        return Submitted(existing, created=False, sent=False)
    created = existing is None
    handover = existing or Handover(
        client_id=client.id,
        offer_id=offer.id,
        organisation_id=offer.organisation_id,
        counsellor_id=user.id,
        status="draft",
        open_slot=1,
        created_at=moment,
        updated_at=moment,
    )
    _fill(handover, clean)
    if created:
        session.add(handover)
        try:
            session.flush()
        except IntegrityError:
            # Another request created it between our check and our insert: use theirs.
            session.rollback()
            winner = open_handover(session, client_id, offer_id)
            if winner is None:
                raise
            return Submitted(winner, created=False, sent=False)
        audit.record(
            session, user, "handover.created", handover, {"offer_id": offer.id}, now=moment
        )
    else:
        audit.record(session, user, "handover.draft_updated", handover, now=moment)
    if send:
        _send(session, user, handover, client, data, moment)
    session.commit()
    if send:
        _notify_organisation(session, settings, handover, "sent")
    return Submitted(handover, created=created, sent=send)


def _send(
    session: Session,
    user: User,
    handover: Handover,
    client: Client,
    data: HandoverInput,
    now: datetime,
) -> None:
    _authorise(session, user, handover, "send")
    handover.consent_given = True
    handover.consent_date = data.consent_date
    # The snapshot is taken now: later edits to the client record are not sent on.
    handover.shared_data = shared_snapshot(client, list(handover.shared_fields or []))
    handover.sent_at = now
    _move(session, handover, user, "send", now, data={"shared_fields": handover.shared_fields})


def send_draft(
    session: Session,
    settings: Settings | None,
    user: User | None,
    handover_id: int,
    data: HandoverInput,
    *,
    now: datetime | None = None,
) -> Handover:
    """Send a saved draft with the given content and consent."""
    handover = _load(session, handover_id)
    # Checked here too: a closed handover must never be "sent" into a new one.
    _authorise(session, user, handover, "send")
    if handover.client_id is None:
        raise NotFound("handover")
    result = submit_handover(
        session, settings, user, handover.client_id, handover.offer_id, data, send=True, now=now
    )
    return result.handover


def withdraw(
    session: Session,
    settings: Settings | None,
    user: Actor,
    handover_id: int,
    *,
    reason: str = "",
    now: datetime | None = None,
) -> Handover:
    """Withdraw a handover (the counsellor); the organisation is told when it had it."""
    handover = _load(session, handover_id)
    _authorise(session, user, handover, "withdraw")
    was_sent = handover.status != "draft"
    errors: dict[str, str] = {}
    comment = _clean_text(errors, "reason", reason)
    if errors:
        raise ValidationFailed(errors)
    _move(session, handover, user, "withdraw", now or utcnow(), comment=comment)
    session.commit()
    if was_sent:
        _notify_organisation(session, settings, handover, "withdrawn")
    return handover


def withdraw_for_erasure(
    session: Session, user: User | None, handover: Handover, now: datetime
) -> bool:
    """Withdraw an open handover because its client is erased; return True when it was.

    The caller commits and then calls `notify_withdrawn` (the organisation is told).
    """
    if handover.status not in TRANSITIONS["withdraw"].from_statuses:
        return False
    _move(session, handover, user, "withdraw", now, data={"reason": "client_erased"})
    return handover.sent_at is not None


def notify_withdrawn(session: Session, settings: Settings | None, handover_ids: list[int]) -> None:
    """Tell the organisations that these handovers were withdrawn (after the commit)."""
    for handover_id in handover_ids:
        handover = session.get(Handover, handover_id)
        if handover is not None:
            _notify_organisation(session, settings, handover, "withdrawn")


def answer(
    session: Session,
    settings: Settings | None,
    user: Actor,
    handover_id: int,
    text: str,
    *,
    now: datetime | None = None,
) -> HandoverEvent:
    """Answer the organisation's question (the counsellor); the status stays."""
    handover = _load(session, handover_id)
    _authorise(session, user, handover, "answer")
    comment = _required_text("text", text, _l("Write your answer."))
    event = _move(
        session, handover, user, "answer", now or utcnow(), comment=comment, kind="answer"
    )
    session.commit()
    _notify_organisation(session, settings, handover, "answer")
    return event


def mark_started(
    session: Session, user: Actor, handover_id: int, *, now: datetime | None = None
) -> Handover:
    """Record that the client has started (the counsellor or the organisation)."""
    handover = _load(session, handover_id)
    _authorise(session, user, handover, "start")
    _move(session, handover, user, "start", now or utcnow())
    session.commit()
    return handover


def record_outcome(
    session: Session,
    settings: Settings | None,
    user: Actor,
    handover_id: int,
    action: str,
    day: date | None,
    *,
    now: datetime | None = None,
) -> Handover:
    """Record, with its date, that the newcomer attended, did not show up or stopped."""
    if action not in OUTCOMES:
        raise ValidationFailed({"outcome": str(_l("Choose what happened from the list."))})
    handover = _load(session, handover_id)
    _authorise(session, user, handover, action)
    moment = now or utcnow()
    if day is None:
        raise ValidationFailed({"day": str(_l("Enter the date."))})
    if day > local_date(moment):
        raise ValidationFailed({"day": str(_l("The date cannot be in the future."))})
    handover.outcome_date = day
    _move(session, handover, user, action, moment, data={"date": day})
    session.commit()
    handover_mail.notify_counsellor(settings, session, handover, OUTCOMES[action])
    return handover


def send_appointment_to_client(
    session: Session,
    settings: Settings | None,
    user: User | None,
    handover_id: int,
    *,
    now: datetime | None = None,
) -> bool:
    """Email the client the appointment in their own language (the counsellor chooses to)."""
    handover = _load(session, handover_id)
    if COUNSELLOR not in parties(session, require_user(user), handover):
        raise PermissionDenied("only the client's counsellor writes to the client")
    if handover.status not in ("accepted", "started") or not handover.appointment:
        raise InvalidTransition("there is no appointment yet")
    client = session.get(Client, handover.client_id) if handover.client_id else None
    if client is None or not client.email:
        raise ValidationFailed({"email": str(_l("This client has no email address."))})
    audit.record(
        session,
        user,
        "handover.appointment_sent_to_client",
        handover,
        {"locale": client.preferred_locale},
        now=now,
    )
    session.commit()
    return handover_mail.notify_client_appointment(settings, handover, client)


# --- writing: the organisation ----------------------------------------------------------


def _required_text(name: str, value: str, message: Any) -> str:
    errors: dict[str, str] = {}
    text = _clean_text(errors, name, value)
    if not text and name not in errors:
        errors[name] = str(message)
    if errors:
        raise ValidationFailed(errors)
    assert text is not None
    return text


def mark_seen(
    session: Session, user: Actor, handover_id: int, *, now: datetime | None = None
) -> Handover:
    """Mark a sent handover as seen (the organisation)."""
    handover = _load(session, handover_id)
    _authorise(session, user, handover, "mark_seen")
    _move(session, handover, user, "mark_seen", now or utcnow())
    session.commit()
    return handover


@dataclass(frozen=True)
class Appointment:
    """The first appointment an organisation offers: when, where and whom to ask for."""

    day: date | None
    at: time | None
    place: str
    ask_for: str

    def as_dict(self) -> dict[str, str]:
        """Return the appointment as stored on the handover."""
        assert self.day is not None and self.at is not None
        return {
            "date": self.day.isoformat(),
            "time": self.at.strftime("%H:%M"),
            "place": self.place.strip(),
            "ask_for": self.ask_for.strip(),
        }


def accept(
    session: Session,
    settings: Settings | None,
    user: Actor,
    handover_id: int,
    appointment: Appointment,
    *,
    now: datetime | None = None,
) -> Handover:
    """Accept a handover with a first appointment (all four parts required)."""
    handover = _load(session, handover_id)
    _authorise(session, user, handover, "accept")
    moment = now or utcnow()
    errors: dict[str, str] = {}
    if appointment.day is None:
        errors["day"] = str(_l("Enter the date of the first appointment."))
    elif appointment.day < local_date(moment):
        errors["day"] = str(_l("The date cannot be in the past."))
    if appointment.at is None:
        errors["at"] = str(_l("Enter the time of the first appointment."))
    if not appointment.place.strip():
        errors["place"] = str(_l("Enter where the person should go."))
    elif len(appointment.place) > 300:
        errors["place"] = str(_l("Use at most %(num)d characters.", num=300))
    if not appointment.ask_for.strip():
        errors["ask_for"] = str(_l("Enter whom the person should ask for."))
    elif len(appointment.ask_for) > 120:
        errors["ask_for"] = str(_l("Use at most %(num)d characters.", num=120))
    if errors:
        raise ValidationFailed(errors)
    handover.appointment = appointment.as_dict()
    _move(session, handover, user, "accept", moment)
    session.commit()
    handover_mail.notify_counsellor(settings, session, handover, "accepted")
    return handover


def decline(
    session: Session,
    settings: Settings | None,
    user: Actor,
    handover_id: int,
    reason: str,
    text: str = "",
    *,
    now: datetime | None = None,
) -> Handover:
    """Decline a handover with a reason from the list and an explanation."""
    handover = _load(session, handover_id)
    _authorise(session, user, handover, "decline")
    errors: dict[str, str] = {}
    if reason not in DECLINE_REASONS:
        errors["reason"] = str(_l("Choose a reason from the list."))
    explanation = _clean_text(errors, "text", text)
    if reason == "other" and not explanation and "text" not in errors:
        errors["text"] = str(_l("Explain the reason in a few words."))
    if errors:
        raise ValidationFailed(errors)
    handover.decline_reason = reason
    handover.decline_text = explanation
    _move(
        session,
        handover,
        user,
        "decline",
        now or utcnow(),
        comment=explanation,
        data={"reason": reason},
    )
    session.commit()
    handover_mail.notify_counsellor(settings, session, handover, "declined")
    return handover


def ask_question(
    session: Session,
    settings: Settings | None,
    user: Actor,
    handover_id: int,
    text: str,
    *,
    now: datetime | None = None,
) -> HandoverEvent:
    """Ask the counsellor a question (the organisation); the status stays."""
    handover = _load(session, handover_id)
    _authorise(session, user, handover, "question")
    comment = _required_text("text", text, _l("Write your question."))
    event = _move(
        session, handover, user, "question", now or utcnow(), comment=comment, kind="question"
    )
    session.commit()
    handover_mail.notify_counsellor(settings, session, handover, "question")
    return event


# --- the clock ----------------------------------------------------------------------------


@lru_cache(maxsize=32)
def belgian_public_holidays(year: int) -> frozenset[date]:
    """Return the Belgian public holidays of `year` (from the maintained `holidays` calendar)."""
    # The national calendar also lists Easter Sunday and Whit Sunday; they fall on a
    # Sunday, so the working days are the same as with the ten weekday holidays.
    return frozenset(holidays_calendar.country_holidays("BE", years=year))


def is_working_day(day: date, *, holidays: bool = True) -> bool:
    """Return True for Monday to Friday, except Belgian public holidays when asked."""
    if day.weekday() >= 5:
        return False
    return not (holidays and day in belgian_public_holidays(day.year))


def working_days_between(start: date, end: date, *, holidays: bool = True) -> int:
    """Return the working days after `start` up to and including `end`."""
    count = 0
    day = start + timedelta(days=1)
    while day <= end:
        if is_working_day(day, holidays=holidays):
            count += 1
        day += timedelta(days=1)
    return count


@dataclass
class TickReport:
    """What one run of the clock did."""

    reminded: list[int] = field(default_factory=list)
    expired: list[int] = field(default_factory=list)
    anonymised: int = 0


def tick(
    session: Session,
    now: datetime | None = None,
    *,
    settings: Settings | None = None,
    holidays: bool = True,
    retention_months: int | None = None,
) -> TickReport:
    """Remind after 5 working days, expire after 15, erase old closed handovers.

    Safe to run as often as you like: a reminder is sent once (`reminded_at`), an
    expired handover is no longer waiting, and erased ones are marked.
    """
    moment = now or utcnow()
    today = local_date(moment)
    report = TickReport()
    waiting = session.scalars(
        select(Handover).where(Handover.status.in_(WAITING_STATUSES)).order_by(Handover.id)
    ).all()
    for handover in waiting:
        # Counted from the last answer, question or status change, not from sending.
        since = last_activity(handover)
        if since is None:
            continue
        days = working_days_between(local_date(since), today, holidays=holidays)
        if days >= EXPIRE_AFTER_WORKING_DAYS:
            _move(session, handover, None, "expire", moment, data={"working_days": days})
            report.expired.append(handover.id)
        elif days >= REMINDER_AFTER_WORKING_DAYS and (
            handover.reminded_at is None or handover.reminded_at < since
        ):
            handover.reminded_at = moment
            handover.events.append(
                HandoverEvent(
                    from_status=handover.status,
                    to_status=handover.status,
                    kind="reminder",
                    created_at=moment,
                )
            )
            audit.record(
                session, None, "handover.reminded", handover, {"working_days": days}, now=moment
            )
            report.reminded.append(handover.id)
    if retention_months is not None:
        report.anonymised = apply_retention(session, moment, retention_months, commit=False)
    # Commit before mailing: a crash after this point never sends a second reminder.
    session.commit()
    for handover_id in report.reminded:
        _notify_organisation(session, settings, session.get_one(Handover, handover_id), "reminder")
    for handover_id in report.expired:
        handover = session.get_one(Handover, handover_id)
        handover_mail.notify_counsellor(settings, session, handover, "expired")
    return report


def last_activity(handover: Handover) -> datetime | None:
    """Return when someone last acted on the handover (its sending at the earliest)."""
    moments = [m for m in (handover.sent_at, handover.last_activity_at) if m is not None]
    return max(moments) if moments else None


def apply_retention(session: Session, now: datetime, months: int, *, commit: bool = True) -> int:
    """Erase the personal fields of handovers closed more than `months` months ago."""
    cutoff = months_before(now, months)
    old = session.scalars(
        select(Handover).where(
            Handover.status.in_(CLOSED_STATUSES),
            Handover.closed_at.is_not(None),
            Handover.closed_at <= cutoff,
            Handover.anonymised_at.is_(None),
        )
    ).all()
    for handover in old:
        scrub_handover(handover, now)
        audit.record(
            session, None, "handover.anonymised", handover, {"reason": "retention"}, now=now
        )
    if commit:
        session.commit()
    return len(old)
