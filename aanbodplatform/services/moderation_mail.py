"""Telling moderators that offers of their area wait: at once, or in a daily digest.

Each moderator chooses in their profile (`User.moderation_mail`): "immediate" (the
default) mails every offer submitted or resubmitted in their area; "digest" gets one
mail a day from `flask --app app moderation digest` (run it from a scheduler).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from aanbodplatform.config import Settings
from aanbodplatform.models import Offer, User, utcnow
from aanbodplatform.services import mail
from aanbodplatform.services.moderation import QueueItem, moderators_for, queue

MAIL_CHOICES = ("immediate", "digest")
#: Age groups of the queue, in days waiting: (key, lower bound inclusive, upper bound exclusive).
AGE_GROUPS = (("new", 0, 2), ("week", 2, 7), ("old", 7, None))


def wants_digest(user: User) -> bool:
    """Return True when the moderator chose one mail a day."""
    return user.moderation_mail == "digest"


def offer_waiting(
    session: Session, settings: Settings | None, offer: Offer, *, resubmitted: bool
) -> int:
    """Mail the moderators of the offer's area who want to hear at once; return how many."""
    sent = 0
    for moderator in moderators_for(session, offer):
        if wants_digest(moderator):
            continue
        subject = (
            _l("Resubmitted for review: “%(title)s”", title=offer.title_nl)
            if resubmitted
            else _l("New offer to review: “%(title)s”", title=offer.title_nl)
        )
        message = mail.render(
            "moderation_waiting",
            moderator,
            subject,
            offer=offer,
            resubmitted=resubmitted,
            link=mail.absolute_url(
                "moderation.review", settings, lang=moderator.locale or "nl", offer_id=offer.id
            ),
        )
        sent += int(mail.send(message, settings))
    return sent


@dataclass(frozen=True)
class QueueSummary:
    """How many offers wait, by kind (new, edit) and by age group."""

    total: int
    by_kind: dict[str, int]
    by_age: dict[str, int]


def summarise(items: list[QueueItem], now: datetime | None = None) -> QueueSummary:
    """Count the queue per kind and per age group (days waiting)."""
    moment = now or utcnow()
    kinds = Counter(item.kind for item in items)
    ages: Counter[str] = Counter()
    for item in items:
        days = (moment - (item.waiting_since or moment)).days
        for key, low, high in AGE_GROUPS:
            if days >= low and (high is None or days < high):
                ages[key] += 1
                break
    return QueueSummary(
        total=len(items),
        by_kind={k: kinds.get(k, 0) for k in ("new", "edit")},
        by_age={key: ages.get(key, 0) for key, _low, _high in AGE_GROUPS},
    )


def send_digests(
    session: Session, settings: Settings | None, *, now: datetime | None = None
) -> int:
    """Send each moderator who chose the digest one mail about their queue; return how many.

    Nothing is sent to a moderator whose queue is empty. New means: waiting for less
    than a day.
    """
    moment = now or utcnow()
    moderators = session.scalars(
        select(User)
        .where(
            User.role == "moderator",
            User.is_active.is_(True),
            User.moderation_mail == "digest",
        )
        .options(selectinload(User.moderator_scopes))
        .order_by(User.id)
    ).all()
    sent = 0
    for moderator in moderators:
        items = queue(session, moderator)
        if not items:
            continue
        recent = [
            item
            for item in items
            if item.waiting_since is not None
            and moment - item.waiting_since < timedelta(days=1)
        ]
        message = mail.render(
            "moderation_digest",
            moderator,
            _l("Offers waiting for your review: %(count)d", count=len(items)),
            items=items,
            recent=recent,
            summary=summarise(items, moment),
            link=mail.absolute_url("moderation.queue", settings, lang=moderator.locale or "nl"),
        )
        sent += int(mail.send(message, settings))
    return sent
