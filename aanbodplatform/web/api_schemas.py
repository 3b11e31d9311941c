"""Marshmallow schemas describing the JSON API; the OpenAPI document is generated from them.

They document what `services.search.parse_search` and the API views accept and return;
`tests/web/test_openapi.py` checks that the two agree (every search parameter is
described, every response validates against its schema).
"""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from aanbodplatform.i18n import LOCALE_TAGS
from aanbodplatform.services.search import MAX_PAGE, MAX_RADIUS_KM
from search_index import DAYPARTS, DUTCH_LEVELS, MAX_PAGE_SIZE, OFFER_TYPES, SORTS, WEEKDAYS

_LOCALES = validate.OneOf(LOCALE_TAGS)


def _doc(text: str, **extra: object) -> dict[str, object]:
    return {"description": text, **extra}


class OfferSearchArgs(Schema):
    """Query parameters of GET /api/v1/offers (the same names as the search page)."""

    q = fields.String(metadata=_doc("Words to search for, in any of the 14 languages.",
                                    maxLength=200))
    lang = fields.String(validate=_LOCALES, metadata=_doc(
        "Language of titles, summaries and messages (default nl).", example="en"))
    near = fields.String(metadata=_doc(
        "A place: postcode, municipality or locality, in Dutch, French or a known "
        "exonym. Results are then sorted nearest first within 25 km unless `sort` or "
        "`radius_km` say otherwise.", maxLength=100, example="9000"))
    lat = fields.Float(metadata=_doc("Latitude of the origin (with `lon`).", minimum=-90,
                                     maximum=90))
    lon = fields.Float(metadata=_doc("Longitude of the origin (with `lat`).", minimum=-180,
                                     maximum=180))
    radius_km = fields.Raw(metadata=_doc(
        f"Distance from the origin in km (0 < radius ≤ {MAX_RADIUS_KM:g}), or `any`.",
        oneOf=[
            {"type": "number", "exclusiveMinimum": 0, "maximum": MAX_RADIUS_KM},
            {"type": "string", "enum": ["any"]},
        ]))
    criteria = fields.String(validate=validate.OneOf(("pnt", "all")), metadata=_doc(
        "`pnt` (default): only offers the organisation says meet both criteria; `all`."))
    type = fields.List(fields.String(validate=validate.OneOf(OFFER_TYPES)),
                       metadata=_doc("Offer types (repeat or comma-separate)."))
    activity = fields.List(fields.String(), metadata=_doc("Activity codes (repeatable)."))
    region = fields.List(fields.String(), metadata=_doc("PNT region codes (repeatable)."))
    municipality = fields.List(fields.String(), metadata=_doc("NIS codes (repeatable)."))
    weekday = fields.List(fields.String(validate=validate.OneOf(WEEKDAYS)),
                          metadata=_doc("Weekdays (repeatable)."))
    daypart = fields.List(fields.String(validate=validate.OneOf(DAYPARTS)),
                          metadata=_doc("Dayparts (repeatable)."))
    free = fields.Boolean(metadata=_doc("Only free offers."))
    wheelchair = fields.Boolean(metadata=_doc("Only wheelchair-accessible offers."))
    dutch_level = fields.String(validate=validate.OneOf(DUTCH_LEVELS),
                                metadata=_doc("The most Dutch the newcomer speaks now."))
    sort = fields.String(validate=validate.OneOf(SORTS), metadata=_doc(
        "Order: relevance, distance (needs a place) or newest."))
    page = fields.Integer(metadata=_doc("Page number, from 1.", minimum=1, maximum=MAX_PAGE))
    page_size = fields.Integer(metadata=_doc("Hits per page.", minimum=1,
                                             maximum=MAX_PAGE_SIZE))


class ApiLangArgs(Schema):
    """The language parameter alone."""

    lang = fields.String(validate=_LOCALES, metadata=_doc("Language (default nl)."))


class PlaceArgs(Schema):
    """Query parameters of GET /api/v1/places."""

    q = fields.String(metadata=_doc("The beginning of a postcode or place name, in any "
                                    "language or script.", maxLength=100))
    lang = fields.String(validate=_LOCALES, metadata=_doc(
        "Label each place in this language when its name there is known."))


class HsdsPageArgs(Schema):
    """Query parameters of GET /api/v1/hsds/services."""

    page = fields.Integer(metadata=_doc("Page number, from 1.", minimum=1, maximum=10_000))
    per_page = fields.Integer(metadata=_doc("Services per page (1–200, default 50).",
                                            minimum=1, maximum=200))


class ErrorBody(Schema):
    """What went wrong."""

    status = fields.Integer(required=True)
    message = fields.String(required=True, metadata=_doc("In the requested language."))
    param = fields.String(metadata=_doc("The parameter at fault, when one is."))
    request_id = fields.String(metadata=_doc(
        "The request's id, also in the X-Request-ID header and the server log."))


class Error(Schema):
    """An error answer."""

    error = fields.Nested(ErrorBody, required=True)


class Point(Schema):
    """A point (WGS84)."""

    lat = fields.Float(required=True)
    lon = fields.Float(required=True)


class OfferHit(Schema):
    """One offer in a result list."""

    id = fields.String(required=True)
    title = fields.String(required=True)
    summary = fields.String(required=True)
    content_lang = fields.String(required=True, metadata=_doc(
        "Language of title and summary: the requested one when translated, else nl."))
    highlights = fields.Dict(keys=fields.String(), values=fields.String(), required=True)
    offer_type = fields.String(required=True)
    activities = fields.List(fields.String(), required=True)
    organisation = fields.String(required=True)
    municipality = fields.String(required=True, allow_none=True)
    municipality_nis = fields.String(required=True, allow_none=True)
    region = fields.String(required=True, allow_none=True)
    region_name = fields.String(required=True, allow_none=True)
    distance_m = fields.Integer(required=True, allow_none=True,
                                metadata=_doc("Metres from the origin, when one is given."))
    pnt_eligible = fields.Boolean(required=True, metadata=_doc(
        "The organisation says the offer meets both criteria; the counsellor confirms."))
    weekdays = fields.List(fields.String(), required=True)
    dayparts = fields.List(fields.String(), required=True)
    free = fields.Boolean(required=True)
    wheelchair = fields.Boolean(required=True)
    dutch_level = fields.String(required=True)
    url = fields.String(required=True, metadata=_doc("The offer's page."))


class SearchDefaults(Schema):
    """Which of sort and radius came from the "a place means nearby" rule."""

    sort = fields.Boolean(required=True)
    radius_km = fields.Boolean(required=True)


class OfferSearchResult(Schema):
    """A page of search results with facet counts."""

    total = fields.Integer(required=True)
    page = fields.Integer(required=True)
    page_size = fields.Integer(required=True)
    sort = fields.String(required=True)
    radius_km = fields.Float(required=True, allow_none=True, metadata=_doc(
        "The radius that applied (25 by default with a place), or null for anywhere."))
    defaults = fields.Nested(SearchDefaults, required=True)
    search_further = fields.List(fields.Integer(allow_none=True), required=True, metadata=_doc(
        "Wider radii worth trying when few offers were found (null: anywhere)."))
    origin = fields.Nested(Point, required=True, allow_none=True)
    place = fields.String(required=True, allow_none=True)
    hits = fields.List(fields.Nested(OfferHit), required=True)
    left_out = fields.List(fields.String(), required=True, metadata=_doc(
        "Query words not searched because no offer matches them together with the others."))
    facets = fields.Dict(keys=fields.String(),
                         values=fields.Dict(keys=fields.String(), values=fields.Integer()),
                         required=True)
    took_ms = fields.Float(required=True)


class OfferLocation(Schema):
    """A place where the offer happens."""

    name = fields.String(required=True, allow_none=True)
    street = fields.String(required=True, allow_none=True)
    postcode = fields.String(required=True, allow_none=True)
    municipality = fields.String(required=True, allow_none=True)
    lat = fields.Float(required=True, allow_none=True)
    lon = fields.Float(required=True, allow_none=True)
    precision = fields.String(required=True)


class ScheduleSlot(Schema):
    """A weekly moment."""

    weekday = fields.String(required=True, allow_none=True)
    daypart = fields.String(required=True, allow_none=True)
    starts_at = fields.String(required=True, allow_none=True)
    ends_at = fields.String(required=True, allow_none=True)


class Schedule(Schema):
    """When the offer happens."""

    kind = fields.String(required=True)
    slots = fields.List(fields.Nested(ScheduleSlot), required=True)
    start_date = fields.String(required=True, allow_none=True)
    end_date = fields.String(required=True, allow_none=True)


class Criteria(Schema):
    """The two PNT criteria as the organisation states them, with its explanation."""

    dutch_context = fields.Boolean(required=True)
    dutch_context_evidence = fields.String(required=True)
    social_participation = fields.Boolean(required=True)
    social_participation_evidence = fields.String(required=True)
    pnt_eligible = fields.Boolean(required=True)


class OfferDetail(Schema):
    """One published offer."""

    id = fields.String(required=True)
    title = fields.String(required=True)
    summary = fields.String(required=True)
    content_lang = fields.String(required=True)
    translated_by = fields.String(required=True, allow_none=True)
    title_nl = fields.String(required=True)
    summary_nl = fields.String(required=True)
    description_nl = fields.String(required=True)
    offer_type = fields.String(required=True)
    activities = fields.List(fields.String(), required=True)
    organisation = fields.String(required=True)
    municipality = fields.String(required=True, allow_none=True)
    region = fields.String(required=True, allow_none=True)
    locations = fields.List(fields.Nested(OfferLocation), required=True)
    schedule = fields.Nested(Schedule, required=True)
    dutch_level = fields.String(required=True)
    free = fields.Boolean(required=True)
    wheelchair = fields.Boolean(required=True)
    criteria = fields.Nested(Criteria, required=True)
    confirmed_at = fields.String(required=True, allow_none=True)
    url = fields.String(required=True)


class PlaceSuggestion(Schema):
    """A place for type-ahead."""

    label = fields.String(required=True, metadata=_doc("In the language of `lang` when known."))
    name = fields.String(required=True, metadata=_doc("The place's own (Dutch) name."))
    postcode = fields.String(required=True, allow_none=True)
    municipality = fields.String(required=True, allow_none=True)
    lat = fields.Float(required=True)
    lon = fields.Float(required=True)
    precision = fields.String(required=True)


class PlaceList(Schema):
    """Place suggestions, best first."""

    places = fields.List(fields.Nested(PlaceSuggestion), required=True)


class HsdsServicePage(Schema):
    """A page of Open Referral HSDS 3.0 services (the HSDS API `Page` shape)."""

    total_items = fields.Integer(required=True)
    total_pages = fields.Integer(required=True)
    page_number = fields.Integer(required=True)
    size = fields.Integer(required=True)
    first_page = fields.Boolean(required=True)
    last_page = fields.Boolean(required=True)
    empty = fields.Boolean(required=True)
    contents = fields.List(fields.Dict(), required=True, metadata=_doc(
        "Fully nested HSDS 3.0 `service` objects (schema: Open Referral "
        "schema/compiled/service.json)."))
