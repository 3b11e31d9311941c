"""Keeping offers fresh: confirmation, reminders, the "may be out of date" flag and expiry.

Every published offer carries `confirmed_at`. After 6 months without confirmation
the organisation gets one reminder; after 9 months the offer shows "may be out of
date"; after 12 months it is unpublished (archived, with the reason in its
history) until the organisation confirms it again. `run_freshness` applies these
rules; running it twice on the same day changes nothing the second time.
Every function takes `now` so tests can freeze the clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from aanbodplatform.config import Settings
from aanbodplatform.models import Membership, Offer, Organisation, User, utcnow
from aanbodplatform.services import audit, mail
from aanbodplatform.services import offer_lifecycle as lifecycle
from aanbodplatform.services.authz import InvalidTransition, require_member
from aanbodplatform.services.offer_editing import change_status, load_offer
from aanbodplatform.services.offer_facts import missing_facts
from aanbodplatform.services.organisations import member_recipients
from aanbodplatform.services.retention import months_before

REMIND_AFTER_MONTHS = 6
STALE_AFTER_MONTHS = 9
EXPIRE_AFTER_MONTHS = 12
#: History comment of an offer the freshness rules unpublished (shown translated).
EXPIRED_CODE = "freshness:expired"
#: History comment of an expired offer its organisation confirmed back.
CONFIRMED_BACK_CODE = "freshness:confirmed_back"


def _as_datetime(value: Offer | datetime | int | float | None) -> datetime | None:
    if isinstance(value, Offer):
        return value.confirmed_at if value.status == "published" else None
    if isinstance(value, int | float):
        # Search documents hold epoch seconds; 0 means "unknown", never "stale".
        return datetime.fromtimestamp(value, UTC) if value > 0 else None
    return value


def is_stale(value: Offer | datetime | int | float | None, now: datetime | None = None) -> bool:
    """Return True when an offer (or its confirmed_at, as a datetime or epoch seconds) is 9+ months old."""
    confirmed = _as_datetime(value)
    if confirmed is None:
        return False
    return confirmed <= months_before(now or utcnow(), STALE_AFTER_MONTHS)


def reminder_due(offer: Offer, now: datetime | None = None) -> bool:
    """Return True when a published offer needs its (single) reminder."""
    if offer.status != "published" or offer.confirmed_at is None:
        return False
    if offer.reminder_sent_at is not None and offer.reminder_sent_at >= offer.confirmed_at:
        return False
    return offer.confirmed_at <= months_before(now or utcnow(), REMIND_AFTER_MONTHS)


def expired_by_freshness(offer: Offer) -> bool:
    """Return True when the offer is archived because nobody confirmed it for 12 months."""
    if offer.status != "archived" or not offer.history:
        return False
    last = offer.history[-1]
    return last.to_status == "archived" and last.comment == EXPIRED_CODE


def can_confirm(offer: Offer) -> bool:
    """Return True when the organisation can confirm the offer (published, or expired)."""
    return offer.status == "published" or expired_by_freshness(offer)


def confirm_offer(
    session: Session, user: User | None, offer_id: int, now: datetime | None = None
) -> Offer:
    """Confirm an offer is still right (one click); an expired offer is published again."""
    offer = load_offer(session, offer_id)
    require_member(user, offer.organisation_id)
    now = now or utcnow()
    if offer.status == "published":
        offer.confirmed_at = now
        offer.reminder_sent_at = None
        audit.record(session, user, "offer.confirmed", offer, {}, now=now)
    elif expired_by_freshness(offer):
        change_status(
            session,
            offer,
            user,
            lifecycle.target(offer, "confirm_back"),
            CONFIRMED_BACK_CODE,
            action="offer.confirmed_back",
            now=now,
        )
        offer.confirmed_at = now
        offer.reminder_sent_at = None
    else:
        raise InvalidTransition(f"cannot confirm an offer that is {offer.status}")
    session.commit()
    return offer


@dataclass(frozen=True)
class FreshnessReport:
    """What one run of the rules did, and how many offers show "may be out of date"."""

    reminded: int
    stale: int
    expired: int
    backfilled: int


def run_freshness(
    session: Session, settings: Settings | None = None, now: datetime | None = None
) -> FreshnessReport:
    """Send due reminders, count stale offers and unpublish expired ones; safe to run daily."""
    now = now or utcnow()
    remind_before = months_before(now, REMIND_AFTER_MONTHS)
    stale_before = months_before(now, STALE_AFTER_MONTHS)
    expire_before = months_before(now, EXPIRE_AFTER_MONTHS)
    offers = session.scalars(
        select(Offer)
        .where(Offer.status == "published")
        .options(
            selectinload(Offer.history),
            selectinload(Offer.organisation)
            .selectinload(Organisation.memberships)
            .selectinload(Membership.user),
        )
        .order_by(Offer.id)
    ).all()
    reminded: list[Offer] = []
    expired: list[Offer] = []
    stale = backfilled = 0
    for offer in offers:
        if offer.confirmed_at is None:
            # Every published offer has a date; older data may lack one.
            offer.confirmed_at = offer.published_at or now
            backfilled += 1
        if offer.confirmed_at <= expire_before:
            change_status(
                session,
                offer,
                None,
                lifecycle.target(offer, "expire"),
                EXPIRED_CODE,
                action="offer.expired",
                now=now,
            )
            expired.append(offer)
            continue
        if offer.confirmed_at <= stale_before:
            stale += 1
        if offer.confirmed_at <= remind_before and reminder_due(offer, now):
            offer.reminder_sent_at = now
            audit.record(session, None, "offer.reminder_sent", offer, {}, now=now)
            reminded.append(offer)
    session.commit()
    # Mail only after the commit: a failed run must not tell anyone anything.
    for offer in reminded:
        _mail_members(
            settings,
            offer,
            "freshness_reminder",
            lambda t: _l("Is your offer “%(title)s” still right?", title=t),
        )
    for offer in expired:
        _mail_members(
            settings,
            offer,
            "freshness_expired",
            lambda t: _l("Your offer “%(title)s” is no longer published", title=t),
        )
    return FreshnessReport(len(reminded), stale, len(expired), backfilled)


def _mail_members(settings: Settings | None, offer: Offer, template: str, subject) -> None:
    for member in member_recipients(offer.organisation):
        mail.send(
            mail.render(
                template,
                member,
                subject(offer.title_nl),
                offer=offer,
                months=EXPIRE_AFTER_MONTHS,
                missing_facts=missing_facts(offer),
                confirm_url=mail.absolute_url(
                    "editor.overview", settings, lang=member.locale, offer_id=offer.id
                ),
            ),
            settings,
        )
