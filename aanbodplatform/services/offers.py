"""Reading offers for the public: one published offer with everything it shows."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from aanbodplatform.models import Offer


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


def published_offers_by_id(session: Session, ids: list[int]) -> dict[int, Offer]:
    """Return the published offers among `ids` with what their "at a glance" block needs."""
    if not ids:
        return {}
    found = session.scalars(
        select(Offer)
        .where(Offer.id.in_(ids), Offer.status == "published")
        .options(selectinload(Offer.activities), selectinload(Offer.slots))
    ).all()
    return {offer.id: offer for offer in found}
