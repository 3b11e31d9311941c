"""Searching published offers: parsing search parameters and shaping results.

The same parameter names serve the JSON API and the search page, so a search can
be shared as a link: q, lang, near, lat, lon, radius_km, criteria, type, activity,
region, municipality, weekday, daypart, free, wheelchair, dutch_level, sort,
page, page_size.

A place means nearby: with a place (`near`, or `lat`+`lon`) and no `sort`, results come
nearest first; with a place and no `radius_km`, only offers up to `DEFAULT_RADIUS_KM` away
count. An explicit `sort` or `radius_km` (`any` for anywhere) wins.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from aanbodplatform.geo import OfflineGazetteer, Place
from aanbodplatform.i18n import BY_TAG, DEFAULT_LOCALE
from aanbodplatform.inputs import ascii_int
from aanbodplatform.models import Location
from aanbodplatform.services.regions import municipalities, regions
from aanbodplatform.services.taxonomy import get_taxonomy
from search_index import (
    DAYPARTS,
    DUTCH_LEVELS,
    FACETS,
    MAX_PAGE_SIZE,
    OFFER_TYPES,
    SORTS,
    WEEKDAYS,
    GeoPoint,
    SearchEngine,
    SearchQuery,
    SearchResult,
)
from search_index.contract import MAX_QUERY_LENGTH
from search_index.geo import haversine_coords_m

MAX_RADIUS_KM = 200.0
RADIUS_CHOICES_KM = (5, 10, 15, 25, 50)
#: The radius a place gets when the searcher chose none.
DEFAULT_RADIUS_KM = 25
#: Below this many offers, the page offers to search further away.
FEW_RESULTS = 10
#: The wider radius offered first when few offers are found nearby.
FURTHER_RADIUS_KM = 50
MAX_PAGE = 10_000
TRUE_WORDS = ("1", "true", "yes", "on")
FALSE_WORDS = ("0", "false", "no", "off", "")


class SearchParamError(ValueError):
    """A search parameter is invalid; `param` names it and `code` says what is wrong."""

    def __init__(self, param: str, code: str, value: str = "") -> None:
        super().__init__(f"{param}: {code}")
        self.param = param
        self.code = code
        self.value = value


@dataclass(frozen=True)
class ParsedSearch:
    """A validated search: the engine query plus what the page needs to show it."""

    query: SearchQuery
    place: Place | None
    near_text: str
    #: True when the radius is the default for a place (the searcher chose none).
    default_radius: bool = False
    #: True when "nearest first" comes from the place (the searcher chose no sort).
    default_sort: bool = False

    def further_radii(self, total: int) -> tuple[int | None, ...]:
        """Return the wider radii to offer (None: anywhere) when `total` offers are few."""
        radius = self.query.radius_km
        if self.query.origin is None or radius is None or total >= FEW_RESULTS:
            return ()
        wider: tuple[int | None, ...] = (FURTHER_RADIUS_KM,) if radius < FURTHER_RADIUS_KM else ()
        return (*wider, None)


def _last(args: Mapping[str, Sequence[str]], name: str) -> str:
    values = args.get(name) or []
    return values[-1].strip() if values else ""


def _many(args: Mapping[str, Sequence[str]], name: str) -> list[str]:
    out: list[str] = []
    for raw in args.get(name) or []:
        # Accept both repeated parameters and comma-separated lists.
        out.extend(part.strip() for part in raw.split(",") if part.strip())
    return out


def _choices(args: Mapping[str, Sequence[str]], name: str, allowed: Sequence[str]) -> frozenset[str]:
    values = _many(args, name)
    for value in values:
        if value not in allowed:
            raise SearchParamError(name, "unknown_value", value)
    return frozenset(values)


def _flag(args: Mapping[str, Sequence[str]], name: str) -> bool:
    raw = _last(args, name).lower()
    if raw in TRUE_WORDS:
        return True
    if raw in FALSE_WORDS:
        return False
    raise SearchParamError(name, "not_boolean", raw)


def _number(args: Mapping[str, Sequence[str]], name: str) -> float | None:
    raw = _last(args, name)
    if not raw:
        return None
    try:
        value = float(raw.replace(",", "."))
    except ValueError:
        raise SearchParamError(name, "not_number", raw) from None
    if not math.isfinite(value):
        raise SearchParamError(name, "not_number", raw)
    return value


def _integer(args: Mapping[str, Sequence[str]], name: str, default: int, low: int, high: int) -> int:
    raw = _last(args, name)
    if not raw:
        return default
    value = ascii_int(raw)
    if value is None:
        raise SearchParamError(name, "not_integer", raw)
    if value < low:
        raise SearchParamError(name, "out_of_range", raw)
    return min(value, high)


def parse_search(
    args: Mapping[str, Sequence[str]],
    gazetteer: OfflineGazetteer,
    *,
    default_locale: str = DEFAULT_LOCALE,
    facets: Sequence[str] = FACETS,
) -> ParsedSearch:
    """Validate search parameters (name → list of values) into a `SearchQuery`."""
    text = _last(args, "q")[:MAX_QUERY_LENGTH]
    lang = _last(args, "lang") or default_locale
    if lang not in BY_TAG:
        raise SearchParamError("lang", "unknown_value", lang)
    criteria = _last(args, "criteria") or "pnt"
    if criteria not in ("pnt", "all"):
        raise SearchParamError("criteria", "unknown_value", criteria)
    taxonomy = get_taxonomy()
    offer_types = _choices(args, "type", OFFER_TYPES)
    activities = _choices(args, "activity", tuple(taxonomy.activities))
    region_codes = _choices(args, "region", tuple(regions()))
    municipality_codes = _choices(args, "municipality", tuple(municipalities()))
    weekdays = _choices(args, "weekday", WEEKDAYS)
    dayparts = _choices(args, "daypart", DAYPARTS)
    dutch_level = _last(args, "dutch_level") or None
    if dutch_level is not None and dutch_level not in DUTCH_LEVELS:
        raise SearchParamError("dutch_level", "unknown_value", dutch_level)
    sort = _last(args, "sort") or None
    if sort is not None and sort not in SORTS:
        raise SearchParamError("sort", "unknown_value", sort)

    near_text = _last(args, "near")
    place: Place | None = None
    origin: GeoPoint | None = None
    lat, lon = _number(args, "lat"), _number(args, "lon")
    if (lat is None) != (lon is None):
        raise SearchParamError("lat" if lat is None else "lon", "missing")
    if lat is not None and lon is not None:
        if not -90 <= lat <= 90:
            raise SearchParamError("lat", "out_of_range", str(lat))
        if not -180 <= lon <= 180:
            raise SearchParamError("lon", "out_of_range", str(lon))
        origin = GeoPoint(lat, lon)
    elif near_text:
        if len(near_text) > 100:
            raise SearchParamError("near", "unknown_place", near_text[:100])
        place = gazetteer.lookup(near_text)
        if place is None:
            raise SearchParamError("near", "unknown_place", near_text)
        origin = GeoPoint(place.lat, place.lon)

    radius_raw = _last(args, "radius_km")
    radius: float | None = None
    if radius_raw and radius_raw not in ("any", "all"):
        radius = _number(args, "radius_km")
        if radius is None or radius <= 0 or radius > MAX_RADIUS_KM:
            raise SearchParamError("radius_km", "out_of_range", radius_raw)
    if radius is not None and origin is None:
        radius = None  # a distance without a place means "anywhere"
    # A newcomer who names a place means "near there": nearest first, within a walkable
    # or short-ride radius, unless they chose otherwise.
    default_radius = origin is not None and not radius_raw
    if default_radius:
        radius = float(DEFAULT_RADIUS_KM)
    default_sort = origin is not None and sort is None
    if default_sort:
        sort = "distance"

    page = _integer(args, "page", 1, 1, MAX_PAGE)
    page_size = _integer(args, "page_size", 20, 1, MAX_PAGE_SIZE)
    query = SearchQuery(
        text=text,
        locale=lang,
        criteria=criteria,
        offer_types=offer_types,
        activities=activities,
        regions=region_codes,
        municipalities=municipality_codes,
        weekdays=weekdays,
        dayparts=dayparts,
        free_only=_flag(args, "free"),
        wheelchair=_flag(args, "wheelchair"),
        dutch_level=dutch_level,
        origin=origin,
        radius_km=radius,
        sort=sort,
        page=page,
        page_size=page_size,
        facets=tuple(facets),
    )
    return ParsedSearch(
        query=query,
        place=place,
        near_text=near_text,
        default_radius=default_radius,
        default_sort=default_sort,
    )


def search_offers(engine: SearchEngine, query: SearchQuery) -> SearchResult:
    """Run a search on the engine."""
    return engine.search(query)


def nearest_places(session: Session, result: SearchResult, origin: GeoPoint | None) -> dict[str, str]:
    """Return, per hit with several locations, the municipality of the one nearest `origin`.

    A search document carries one municipality; an offer in several places is found
    by its nearest location, so the page must name that place next to the distance.
    Distances are the engine's own (great circle), so the place named is the one the
    distance was measured to, at a fraction of a geodesic's cost per request.
    The document knows each point's municipality; only a document indexed before it
    did (an index not rebuilt since) makes this ask the database.
    """
    if origin is None:
        return {}
    names = municipalities()
    best: dict[str, tuple[float, str]] = {}
    stale: list[int] = []
    for hit in result.hits:
        doc = hit.document
        if len(doc.points) <= 1:
            continue
        if len(doc.point_municipalities) != len(doc.points):
            stale.append(int(doc.id))
            continue
        for point, nis in zip(doc.points, doc.point_municipalities, strict=True):
            info = names.get(nis)
            if info is None:
                continue
            metres = haversine_coords_m(origin.lat, origin.lon, point.lat, point.lon)
            if doc.id not in best or metres < best[doc.id][0]:
                best[doc.id] = (metres, info.name_nl)
    if stale:
        rows = session.execute(
            select(Location.offer_id, Location.municipality_nis, Location.lat, Location.lon).where(
                Location.offer_id.in_(stale), Location.lat.is_not(None), Location.lon.is_not(None)
            )
        ).all()
        for offer_id, nis, lat, lon in rows:
            info = names.get(nis)
            if info is None or lat is None or lon is None:  # the query left out missing points
                continue
            metres = haversine_coords_m(origin.lat, origin.lon, lat, lon)
            key = str(offer_id)
            if key not in best or metres < best[key][0]:
                best[key] = (metres, info.name_nl)
    return {key: name for key, (_metres, name) in best.items()}
