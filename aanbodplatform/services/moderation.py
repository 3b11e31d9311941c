"""Moderation by local governments (regierol): the queue of their area and the decisions.

Every decision is written twice: as an `OfferStatusChange` in the offer's history
(what the organisation sees) and as an `AuditEvent` (who, when, from, to, comment).
Only published offers reach the search index; the search outbox follows each commit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, String, and_, cast, or_, select
from sqlalchemy.orm import Session, selectinload

from aanbodplatform.config import Settings
from aanbodplatform.models import Location, Offer, OfferReport, Organisation, User, utcnow
from aanbodplatform.services import mail
from aanbodplatform.services import offer_lifecycle as lifecycle
from aanbodplatform.services.authz import (
    InvalidTransition,
    ValidationFailed,
    covers,
    moderator_area,
    offer_municipalities,
    require_moderator,
    require_moderator_for,
)
from aanbodplatform.services.offer_editing import (
    REVIEWED_FIELDS,
    change_status,
    load_offer,
    pending_fields,
    pending_returned,
)
from aanbodplatform.services.organisations import member_recipients

MAX_COMMENT = 2000


def has_pending_edit(offer: Offer) -> bool:
    """Return True when a published offer has an edit waiting for review."""
    return offer.status == "published" and bool(pending_fields(offer))


def _pending_clause() -> ColumnElement[bool]:
    # A JSON column cleared with None may hold SQL NULL or the JSON text 'null'.
    return and_(
        Offer.status == "published",
        Offer.pending_changes.is_not(None),
        cast(Offer.pending_changes, String) != "null",
    )


def _area_clause(area: frozenset[str]) -> ColumnElement[bool]:
    codes = sorted(area)
    return or_(
        Offer.id.in_(select(Location.offer_id).where(Location.municipality_nis.in_(codes))),
        and_(
            ~Offer.locations.any(),
            Offer.organisation_id.in_(
                select(Organisation.id).where(Organisation.municipality_nis.in_(codes))
            ),
        ),
    )


@dataclass
class QueueItem:
    """One offer waiting for a moderator: new (submitted) or an edit of a published offer."""

    offer: Offer
    kind: str  # "new" or "edit"
    waiting_since: datetime | None
    returned: dict[str, Any] | None = None


def queue(session: Session, user: User | None) -> list[QueueItem]:
    """Return the offers of the moderator's area that wait for a decision, oldest first."""
    user = require_moderator(user)
    area = moderator_area(user)
    query = (
        select(Offer)
        .where(or_(Offer.status == "submitted", _pending_clause()))
        .options(selectinload(Offer.organisation), selectinload(Offer.locations))
    )
    if area is not None:
        if not area:
            return []
        query = query.where(_area_clause(area))
    items: list[QueueItem] = []
    for offer in session.scalars(query):
        if offer.status == "submitted":
            items.append(QueueItem(offer, "new", offer.submitted_at or offer.updated_at))
        elif has_pending_edit(offer) and pending_returned(offer) is None:
            since = _parse_time((offer.pending_changes or {}).get("at")) or offer.updated_at
            items.append(QueueItem(offer, "edit", since))
    items.sort(key=lambda item: (item.waiting_since or utcnow(), item.offer.id))
    return items


def _parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


#: Everything of an offer that is published, as compared between two versions.
SNAPSHOT_FIELDS = (
    "offer_type",
    "title_nl",
    "summary_nl",
    "description_nl",
    "schedule_kind",
    "schedule_note",
    "start_date",
    "end_date",
    "capacity",
    "places_free",
    "dutch_level",
    "free",
    "cost_note",
    "wheelchair",
    "accessibility_note",
    "insurance_note",
    "dutch_context",
    "dutch_context_evidence",
    "social_participation",
    "social_participation_evidence",
)


def _plain(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def offer_snapshot(offer: Offer) -> dict[str, Any]:
    """Return everything an offer will publish as plain values (kept when it is sent back)."""
    values: dict[str, Any] = {name: _plain(getattr(offer, name)) for name in SNAPSHOT_FIELDS}
    values["activities"] = sorted(offer.activity_codes)
    values["slots"] = sorted(
        " ".join(
            part
            for part in (
                slot.weekday or "",
                slot.daypart or "",
                slot.starts_at.strftime("%H:%M") if slot.starts_at else "",
                slot.ends_at.strftime("%H:%M") if slot.ends_at else "",
            )
            if part
        )
        for slot in offer.slots
    )
    values["locations"] = sorted(
        ", ".join(p for p in (loc.name, loc.street, loc.postcode, loc.municipality_nis) if p)
        for loc in offer.locations
    )
    values["contacts"] = sorted(
        ", ".join(p for p in (c.name, c.email, c.phone) if p) for c in offer.contacts
    )
    for translation in offer.translations:
        values[f"translation:{translation.locale}"] = (
            f"{translation.title} — {translation.summary}"
        )
    return values


def snapshot_changes(
    before: dict[str, Any], after: dict[str, Any]
) -> list[tuple[str, Any, Any]]:
    """Return (key, before, after) for every published part that differs, in a stable order."""
    keys = [k for k in before if k in after] + [k for k in after if k not in before]
    keys += [k for k in before if k not in after]
    return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]


def _sent_back_snapshot(session: Session, offer: Offer) -> dict[str, Any] | None:
    from aanbodplatform.models import AuditEvent

    event = session.scalar(
        select(AuditEvent)
        .where(
            AuditEvent.entity_type == "offer",
            AuditEvent.entity_id == offer.id,
            AuditEvent.action == "offer.changes_requested",
        )
        .order_by(AuditEvent.id.desc())
        .limit(1)
    )
    if event is None:
        return None
    snapshot = (event.data or {}).get("snapshot")
    return snapshot if isinstance(snapshot, dict) else None


@dataclass
class Review:
    """What a moderator sees for one offer: the offer, a waiting edit side by side, reports.

    `since_returned` lists what changed since the version that was sent back (a resubmission).
    """

    offer: Offer
    changes: list[tuple[str, Any, Any]] = field(default_factory=list)
    reports: list[OfferReport] = field(default_factory=list)
    since_returned: list[tuple[str, Any, Any]] | None = None

    @property
    def is_edit(self) -> bool:
        """Return True when the decision is about an edit of a published offer."""
        return bool(self.changes)


def review(session: Session, user: User | None, offer_id: int) -> Review:
    """Return an offer of the moderator's area with its waiting edit and open reports."""
    offer = load_offer(session, offer_id)
    require_moderator_for(user, offer)
    waiting = pending_fields(offer) if offer.status == "published" else {}
    changes = [
        (name, getattr(offer, name), waiting[name]) for name in REVIEWED_FIELDS if name in waiting
    ]
    reports = list(
        session.scalars(
            select(OfferReport)
            .where(OfferReport.offer_id == offer.id, OfferReport.resolved_at.is_(None))
            .order_by(OfferReport.created_at)
        )
    )
    since_returned = None
    if offer.status == "submitted":
        before = _sent_back_snapshot(session, offer)
        if before is not None:
            since_returned = snapshot_changes(before, offer_snapshot(offer))
    return Review(offer, changes, reports, since_returned)


def _clean_comment(comment: str | None, required: bool, field_name: str) -> str | None:
    text = (comment or "").strip()
    if required and not text:
        raise ValidationFailed({field_name: str(_l("Write a comment for the organisation."))})
    if len(text) > MAX_COMMENT:
        raise ValidationFailed(
            {field_name: str(_l("Use at most %(num)d characters.", num=MAX_COMMENT))}
        )
    return text or None


def publish(
    session: Session,
    settings: Settings | None,
    user: User | None,
    offer_id: int,
    comment: str | None = None,
    now: datetime | None = None,
) -> Offer:
    """Publish a submitted offer, or approve the waiting edit of a published one."""
    offer = load_offer(session, offer_id)
    require_moderator_for(user, offer)
    text = _clean_comment(comment, False, "comment")
    now = now or utcnow()
    if offer.status == "submitted":
        change_status(
            session, offer, user, lifecycle.target(offer, "publish"), text,
            action="offer.published", now=now,
        )
        offer.published_at = offer.published_at or now
        # Publication counts as a check: the freshness clock starts now.
        offer.confirmed_at = now
        offer.reminder_sent_at = None
        kind = "published"
    elif has_pending_edit(offer):
        waiting = pending_fields(offer)
        to_status = lifecycle.target(offer, "approve_edit")
        for name in REVIEWED_FIELDS:
            if name in waiting:
                setattr(offer, name, waiting[name])
        offer.pending_changes = None
        change_status(
            session,
            offer,
            user,
            to_status,
            text,
            action="offer.edit_approved",
            now=now,
            data={"fields": sorted(waiting)},
        )
        kind = "edit_approved"
    else:
        raise InvalidTransition(f"nothing to publish in status {offer.status}")
    session.commit()
    _notify(settings, offer, kind, text)
    return offer


def request_changes(
    session: Session,
    settings: Settings | None,
    user: User | None,
    offer_id: int,
    comment: str,
    now: datetime | None = None,
) -> Offer:
    """Send a submitted offer (or a waiting edit) back to the organisation with a comment."""
    offer = load_offer(session, offer_id)
    user = require_moderator_for(user, offer)
    text = _clean_comment(comment, True, "comment")
    now = now or utcnow()
    if offer.status == "submitted":
        change_status(
            session,
            offer,
            user,
            lifecycle.target(offer, "request_changes"),
            text,
            action="offer.changes_requested",
            now=now,
            # Kept so the resubmission shows what changed since this version.
            data={"snapshot": offer_snapshot(offer)},
        )
        kind = "changes_requested"
    elif has_pending_edit(offer):
        # The published version stays online; the edit waits for the organisation again.
        to_status = lifecycle.target(offer, "return_edit")
        offer.pending_changes = {
            **(offer.pending_changes or {}),
            "returned": {"comment": text, "by": user.id, "at": now.isoformat()},
        }
        change_status(
            session, offer, user, to_status, text, action="offer.edit_returned", now=now
        )
        kind = "edit_returned"
    else:
        raise InvalidTransition(f"cannot request changes in status {offer.status}")
    session.commit()
    _notify(settings, offer, kind, text)
    return offer


def reject(
    session: Session,
    settings: Settings | None,
    user: User | None,
    offer_id: int,
    reason: str,
    now: datetime | None = None,
) -> Offer:
    """Refuse an offer (it is archived), refuse a waiting edit, or take a published offer offline."""
    offer = load_offer(session, offer_id)
    require_moderator_for(user, offer)
    text = _clean_comment(reason, True, "reason")
    now = now or utcnow()
    if has_pending_edit(offer):
        fields = sorted(pending_fields(offer))
        to_status = lifecycle.target(offer, "refuse_edit")
        offer.pending_changes = None
        change_status(
            session,
            offer,
            user,
            to_status,
            text,
            action="offer.edit_rejected",
            now=now,
            data={"fields": fields},
        )
        kind = "edit_rejected"
    elif offer.status in ("submitted", "changes_requested", "published"):
        was_published = offer.status == "published"
        to_status = lifecycle.target(offer, "unpublish" if was_published else "reject")
        change_status(session, offer, user, to_status, text, action="offer.rejected", now=now)
        kind = "unpublished" if was_published else "rejected"
    else:
        raise InvalidTransition(f"cannot reject in status {offer.status}")
    session.commit()
    _notify(settings, offer, kind, text)
    return offer


_SUBJECTS = {
    "published": lambda t: _l("Your offer “%(title)s” is published", title=t),
    "edit_approved": lambda t: _l("Your change to “%(title)s” is published", title=t),
    "changes_requested": lambda t: _l("Please change your offer “%(title)s”", title=t),
    "edit_returned": lambda t: _l("Please look again at your change to “%(title)s”", title=t),
    "rejected": lambda t: _l("Your offer “%(title)s” was not accepted", title=t),
    "edit_rejected": lambda t: _l("Your change to “%(title)s” was not accepted", title=t),
    "unpublished": lambda t: _l("Your offer “%(title)s” is no longer published", title=t),
}


def _notify(settings: Settings | None, offer: Offer, kind: str, comment: str | None) -> None:
    """Tell every member of the organisation, each in their own language."""
    for member in member_recipients(offer.organisation):
        mail.send(
            mail.render(
                "moderation_decision",
                member,
                _SUBJECTS[kind](offer.title_nl),
                offer=offer,
                kind=kind,
                comment=comment,
                editor_url=mail.absolute_url(
                    "editor.overview", settings, lang=member.locale, offer_id=offer.id
                ),
            ),
            settings,
        )


def moderators_for(session: Session, offer: Offer) -> list[User]:
    """Return the active moderators whose area includes the offer (not platform admins)."""
    codes = offer_municipalities(offer)
    moderators = session.scalars(
        select(User)
        .where(User.role == "moderator", User.is_active.is_(True))
        .options(selectinload(User.moderator_scopes))
    )
    return [m for m in moderators if covers(moderator_area(m), codes)]
