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
    """Return (title, summary, content language, translator) for `locale`, Dutch when missing."""
    translation = offer.translation(locale) if locale != "nl" else None
    if translation is not None:
        return translation.title, translation.summary, locale, translation.translated_by
    return offer.title_nl, offer.summary_nl, "nl", None
