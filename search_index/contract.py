"""The search engine contract: documents, queries, results and the engine protocol.

Nothing here knows about Flask or the ORM; the application builds `OfferDocument`s
from its own models and talks to an engine only through `SearchEngine`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

#: Upper bound of a result page; larger requests are clamped, never refused.
MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20
#: Longest query text an engine looks at; the rest is ignored (never an error).
MAX_QUERY_LENGTH = 1000

OFFER_TYPES = (
    "volunteering",
    "buddy",
    "conversation_table",
    "club",
    "internship",
    "neighbourhood",
    "school",
)
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAYPARTS = ("morning", "afternoon", "evening")
#: Dutch levels in increasing order; an offer's level is the minimum it welcomes.
DUTCH_LEVELS = ("none", "A1", "A2", "B1")
CRITERIA = ("pnt", "all")
SORTS = ("relevance", "distance", "newest")
#: Facet groups an engine can count, keyed by the name used in queries and results.
FACETS = ("offer_type", "activity", "region", "weekday", "daypart", "dutch_level")


class SearchError(Exception):
    """The engine could not answer (unreachable, failed task, bad configuration)."""


@dataclass(frozen=True, slots=True)
class GeoPoint:
    """A WGS84 point; validated so no engine ever sees NaN or an out-of-range value."""

    lat: float
    lon: float

    def __post_init__(self) -> None:
        lat, lon = float(self.lat), float(self.lon)
        if not (math.isfinite(lat) and math.isfinite(lon)):
            raise ValueError("coordinates must be finite numbers")
        if not -90.0 <= lat <= 90.0:
            raise ValueError("latitude out of range")
        if not -180.0 <= lon <= 180.0:
            raise ValueError("longitude out of range")
        object.__setattr__(self, "lat", lat)
        object.__setattr__(self, "lon", lon)


@dataclass(frozen=True, slots=True)
class OfferDocument:
    """One published offer, flattened for search.

    `title` and `summary` map a locale tag (``nl`` always present) to text.
    `taxonomy_terms` holds the labels and synonyms of the offer's type and
    activities in every UI locale, so a query in any language finds the offer.
    Timestamps are seconds since the epoch (UTC).
    """

    id: str
    title: Mapping[str, str]
    summary: Mapping[str, str]
    description_nl: str
    organisation: str
    offer_type: str
    activities: tuple[str, ...] = ()
    taxonomy_terms: tuple[str, ...] = ()
    municipality: str = ""  # NIS code
    municipality_name: str = ""
    #: Other names of the municipality (Gand, Гент, غنت …), searched like its name.
    place_names: tuple[str, ...] = ()
    region: str = ""  # PNT region code
    points: tuple[GeoPoint, ...] = ()
    #: The municipality (NIS code) of each point, in the same order, so a page can name
    #: the nearest of several places without asking the database.
    point_municipalities: tuple[str, ...] = ()
    dutch_context: bool = False
    social_participation: bool = False
    weekdays: tuple[str, ...] = ()
    dayparts: tuple[str, ...] = ()
    free: bool = False
    wheelchair: bool = False
    dutch_level: str = "none"
    published_at: int = 0
    confirmed_at: int = 0

    @property
    def pnt_eligible(self) -> bool:
        """Return True when the offer meets both PNT criteria."""
        return self.dutch_context and self.social_participation


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """What a searcher asked for. Multi-valued filters are OR within, AND across.

    `criteria="pnt"` keeps only offers meeting both criteria (the default);
    `dutch_level` is the searcher's level: offers welcoming that level or lower match.
    `sort=None` means: relevance with text, distance with an origin and no text,
    newest otherwise.
    """

    text: str = ""
    locale: str = "nl"
    criteria: str = "pnt"
    offer_types: frozenset[str] = frozenset()
    activities: frozenset[str] = frozenset()
    regions: frozenset[str] = frozenset()
    municipalities: frozenset[str] = frozenset()
    weekdays: frozenset[str] = frozenset()
    dayparts: frozenset[str] = frozenset()
    free_only: bool = False
    wheelchair: bool = False
    dutch_level: str | None = None
    origin: GeoPoint | None = None
    radius_km: float | None = None
    sort: str | None = None
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE
    facets: tuple[str, ...] = ()

    def effective_sort(self) -> str:
        """Return the sort that applies, resolving the default."""
        if self.sort == "distance" and self.origin is None:
            return "relevance" if self.text.strip() else "newest"
        if self.sort in SORTS:
            return self.sort
        if self.text.strip():
            return "relevance"
        if self.origin is not None:
            return "distance"
        return "newest"

    def clamped_page(self) -> int:
        """Return the page number, at least 1."""
        return max(1, int(self.page))

    def clamped_page_size(self) -> int:
        """Return the page size within 1..MAX_PAGE_SIZE."""
        return max(1, min(MAX_PAGE_SIZE, int(self.page_size)))


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One result: the document, its distance from the origin and highlighted text.

    `highlights` maps ``title`` and ``summary`` to HTML that is safe to render:
    the text is escaped first and only ``<mark>`` tags are added.
    """

    document: OfferDocument
    distance_m: float | None = None
    highlights: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SearchResult:
    """A page of hits with the total, facet counts and the time the engine took.

    `left_out` lists the query words (as typed) that were not searched because no
    offer matches them together with the others (see `search_index.lexicon`).
    """

    hits: list[SearchHit]
    total: int
    page: int
    page_size: int
    facets: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    took_ms: float = 0.0
    left_out: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class EngineHealth:
    """Whether an engine answers, with a short human-readable detail."""

    ok: bool
    engine: str
    detail: str = ""
    documents: int | None = None


@runtime_checkable
class SearchEngine(Protocol):
    """What every search engine offers the application."""

    name: str

    def configure(self) -> None:
        """Create the index and apply its settings; safe to call repeatedly."""

    def upsert(self, docs: Iterable[OfferDocument]) -> None:
        """Add or replace documents by id."""

    def delete(self, ids: Iterable[str]) -> None:
        """Remove documents by id; unknown ids are ignored."""

    def search(self, query: SearchQuery) -> SearchResult:
        """Answer a query."""

    def rebuild(self, docs: Iterable[OfferDocument]) -> None:
        """Replace the whole index with `docs`, built aside and then swapped in."""

    def health(self) -> EngineHealth:
        """Report whether the engine answers."""

    def count(self) -> int:
        """Return the number of documents in the index."""
