"""Reading offers for the public: one published offer with everything it shows."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, selectinload

from aanbodplatform.models import Offer, OfferActivity, ScheduleSlot
from aanbodplatform.models.offers import audience_codes_of


def get_published_offer(session: Session, offer_id: int) -> Offer | None:
    """Return the published offer with this id, with its parts loaded, or None."""
    return session.scalar(
        select(Offer)
        .where(Offer.id == offer_id, Offer.status == "published")
        .options(
            selectinload(Offer.organisation),
            selectinload(Offer.activities),
            selectinload(Offer.translations),
            selectinload(Offer.locations),
            selectinload(Offer.slots),
            selectinload(Offer.contacts),
        )
    )


def localized_text(offer: Offer, locale: str) -> tuple[str, str, str, str | None]:
    """Return (title, summary, content language, translator) for `locale`, Dutch when missing.

    An outdated translation (its Dutch changed since) is not used: printouts and emails
    carry no note, so they must not repeat what may no longer be true.
    """
    from aanbodplatform.services.translations import outdated_fields

    translation = offer.translation(locale) if locale != "nl" else None
    if translation is not None and not {"title", "summary"} & set(
        outdated_fields(translation, offer)
    ):
        return translation.title, translation.summary, locale, translation.translated_by
    return offer.title_nl, offer.summary_nl, "nl", None


@dataclass(frozen=True)
class GlanceSlot:
    """One weekly moment of an offer, as far as a result card shows it."""

    weekday: str | None
    daypart: str | None


@dataclass(frozen=True)
class GlanceFacts:
    """What a result card's "at a glance" block shows of one published offer.

    Read with three plain queries instead of ORM objects: a search page shows up to 20 cards,
    and loading them as `Offer` objects cost a search page more than the search itself.
    The attribute names are `Offer`'s, so the same template macro shows either.
    """

    id: int
    offer_type: str
    activity_codes: tuple[str, ...]
    slots: tuple[GlanceSlot, ...]
    schedule_kind: str
    start_date: date | None
    end_date: date | None
    dutch_level: str
    dutch_context: bool
    social_participation: bool
    free: bool
    cost_amount_cents: int | None
    cost_unit: str | None
    reduced_uitpas: bool
    reduced_social_tariff: bool
    audience_codes: tuple[str, ...]
    join_how: str | None
    transit_stop: str | None
    wheelchair: bool

    @property
    def pnt_eligible(self) -> bool:
        """Return True when the offer meets both PNT criteria (as `Offer.pnt_eligible`)."""
        return self.dutch_context and self.social_participation


# Built once: Core statements on the session's connection. Building the statement and going
# through the ORM's statement handling cost about three times the queries themselves.
_offer, _activity, _slot = Offer.__table__.c, OfferActivity.__table__.c, ScheduleSlot.__table__.c
_GLANCE_OFFERS = select(
    _offer.id, _offer.offer_type, _offer.schedule_kind, _offer.start_date, _offer.end_date,
    _offer.dutch_level, _offer.dutch_context, _offer.social_participation, _offer.free,
    _offer.cost_amount_cents, _offer.cost_unit, _offer.reduced_uitpas,
    _offer.reduced_social_tariff, _offer.audience, _offer.join_how, _offer.transit_stop,
    _offer.wheelchair,
).where(_offer.id.in_(bindparam("ids", expanding=True)), _offer.status == "published")
_GLANCE_ACTIVITIES = (
    select(_activity.offer_id, _activity.activity_code)
    .where(_activity.offer_id.in_(bindparam("ids", expanding=True)))
    .order_by(_activity.offer_id, _activity.activity_code)
)
_GLANCE_SLOTS = (
    select(_slot.offer_id, _slot.weekday, _slot.daypart)
    .where(_slot.offer_id.in_(bindparam("ids", expanding=True)))
    .order_by(_slot.id)
)


def glance_facts_by_id(session: Session, ids: list[int]) -> dict[int, GlanceFacts]:
    """Return the at-a-glance facts of the published offers among `ids`."""
    if not ids:
        return {}
    connection = session.connection()
    rows = connection.execute(_GLANCE_OFFERS, {"ids": ids}).all()
    if not rows:
        return {}
    found = [row[0] for row in rows]
    activities: dict[int, list[str]] = defaultdict(list)
    for offer_id, code in connection.execute(_GLANCE_ACTIVITIES, {"ids": found}):
        activities[offer_id].append(code)
    slots: dict[int, list[GlanceSlot]] = defaultdict(list)
    for offer_id, weekday, daypart in connection.execute(_GLANCE_SLOTS, {"ids": found}):
        slots[offer_id].append(GlanceSlot(weekday, daypart))
    facts = {}
    # Unpacked by position, in _GLANCE_OFFERS' column order: reading twenty Row attributes by
    # name for twenty offers cost more than the query.
    for (
        offer_id, offer_type, schedule_kind, start_date, end_date, dutch_level, dutch_context,
        social_participation, free, cost_amount_cents, cost_unit, reduced_uitpas,
        reduced_social_tariff, audience, join_how, transit_stop, wheelchair,
    ) in rows:
        facts[offer_id] = GlanceFacts(
            id=offer_id,
            offer_type=offer_type,
            activity_codes=tuple(activities[offer_id]),
            slots=tuple(slots[offer_id]),
            schedule_kind=schedule_kind,
            start_date=start_date,
            end_date=end_date,
            dutch_level=dutch_level,
            dutch_context=dutch_context,
            social_participation=social_participation,
            free=free,
            cost_amount_cents=cost_amount_cents,
            cost_unit=cost_unit,
            reduced_uitpas=reduced_uitpas,
            reduced_social_tariff=reduced_social_tariff,
            audience_codes=tuple(audience_codes_of(audience)),
            join_how=join_how,
            transit_stop=transit_stop,
            wheelchair=wheelchair,
        )
    return facts
