"""Turning an `Offer` into the flat `OfferDocument` the search engines index."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from aanbodplatform.geo import default_gazetteer
from aanbodplatform.models import Offer
from aanbodplatform.services.regions import municipalities
from aanbodplatform.services.taxonomy import get_taxonomy
from search_index import DAYPARTS, WEEKDAYS, GeoPoint, OfferDocument


def _epoch(value: datetime | None) -> int:
    return int(value.timestamp()) if value is not None else 0


def offer_to_document(_session: Session | None, offer: Offer) -> OfferDocument:
    """Return the search document of a (published) offer."""
    taxonomy = get_taxonomy()
    terms: dict[str, None] = {}
    type_term = taxonomy.offer_types.get(offer.offer_type)
    if type_term:
        terms.update(dict.fromkeys(type_term.all_words()))
    activity_codes = tuple(sorted(offer.activity_codes))
    for code in activity_codes:
        term = taxonomy.activities.get(code)
        if term:
            terms.update(dict.fromkeys(term.all_words()))
    title = {"nl": offer.title_nl}
    summary = {"nl": offer.summary_nl}
    for translation in offer.translations:
        title[translation.locale] = translation.title
        summary[translation.locale] = translation.summary
    points = []
    point_municipalities = []
    for location in offer.locations:
        if location.lat is not None and location.lon is not None:
            try:
                points.append(GeoPoint(location.lat, location.lon))
            except ValueError:
                continue  # a broken point must not keep the offer out of the index
            point_municipalities.append(location.municipality_nis or "")
    first = offer.locations[0] if offer.locations else None
    info = municipalities().get(first.municipality_nis) if first else None
    weekdays = {s.weekday for s in offer.slots if s.weekday}
    dayparts = {s.daypart for s in offer.slots if s.daypart}
    return OfferDocument(
        id=str(offer.id),
        title=title,
        summary=summary,
        description_nl=offer.description_nl or "",
        organisation=offer.organisation.name if offer.organisation else "",
        offer_type=offer.offer_type,
        activities=activity_codes,
        taxonomy_terms=tuple(terms),
        municipality=info.nis_code if info else "",
        municipality_name=info.name_nl if info else "",
        place_names=default_gazetteer().other_names(info.nis_code) if info else (),
        region=info.region_code if info else "",
        points=tuple(points),
        point_municipalities=tuple(point_municipalities),
        dutch_context=bool(offer.dutch_context),
        social_participation=bool(offer.social_participation),
        weekdays=tuple(d for d in WEEKDAYS if d in weekdays),
        dayparts=tuple(d for d in DAYPARTS if d in dayparts),
        free=bool(offer.free),
        wheelchair=bool(offer.wheelchair),
        dutch_level=offer.dutch_level or "none",
        published_at=_epoch(offer.published_at),
        confirmed_at=_epoch(offer.confirmed_at),
    )
