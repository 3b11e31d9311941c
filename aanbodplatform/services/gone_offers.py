"""Offers that were published and are not any more: what a visitor following an old link sees."""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from aanbodplatform.models import Offer
from aanbodplatform.services.public_pages import get_published_offers
from search_index import GeoPoint, SearchEngine, SearchError, SearchQuery

log = logging.getLogger(__name__)

#: How far "nearby" reaches for the suggestions on the "no longer available" page.
SIMILAR_RADIUS_KM = 25
SIMILAR_LIMIT = 4


def gone_offer(session: Session, offer_id: int) -> Offer | None:
    """Return the offer when it was published once and is not now; None otherwise.

    An offer that never was published stays unknown (404): its existence is not public.
    """
    return session.scalar(
        select(Offer)
        .where(Offer.id == offer_id, Offer.status != "published", Offer.published_at.is_not(None))
        .options(selectinload(Offer.locations), selectinload(Offer.organisation))
    )


def _point(offer: Offer) -> GeoPoint | None:
    for location in offer.locations:
        if location.lat is not None and location.lon is not None:
            return GeoPoint(location.lat, location.lon)
    org = offer.organisation
    if org is not None and org.lat is not None and org.lon is not None:
        return GeoPoint(org.lat, org.lon)
    return None


def similar_nearby(
    session: Session, engine: SearchEngine, offer: Offer, locale: str
) -> list[Offer]:
    """Return a few published offers of the same type near the gone one, nearest first."""
    origin = _point(offer)
    query = SearchQuery(
        locale=locale,
        offer_types=frozenset({offer.offer_type}),
        origin=origin,
        radius_km=SIMILAR_RADIUS_KM if origin is not None else None,
        page_size=SIMILAR_LIMIT + 1,
    )
    try:
        result = engine.search(query)
    except SearchError:
        # The page still helps without suggestions: say it is gone and offer the search.
        log.warning("no similar offers for gone offer %s: search failed", offer.id)
        return []
    ids = [int(hit.document.id) for hit in result.hits if hit.document.id != str(offer.id)]
    return get_published_offers(session, ids[:SIMILAR_LIMIT])

