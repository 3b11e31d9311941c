"""Search engines behind one contract; no Flask, no ORM.

`make_engine` picks an engine by name so callers never import an implementation.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from search_index.contract import (
    DAYPARTS,
    DUTCH_LEVELS,
    FACETS,
    MAX_PAGE_SIZE,
    OFFER_TYPES,
    SORTS,
    WEEKDAYS,
    EngineHealth,
    GeoPoint,
    OfferDocument,
    SearchEngine,
    SearchError,
    SearchHit,
    SearchQuery,
    SearchResult,
)
from search_index.lexicon import Lexicon, LexiconEntry

__all__ = [
    "DAYPARTS",
    "DUTCH_LEVELS",
    "FACETS",
    "MAX_PAGE_SIZE",
    "OFFER_TYPES",
    "SORTS",
    "WEEKDAYS",
    "EngineHealth",
    "GeoPoint",
    "Lexicon",
    "LexiconEntry",
    "OfferDocument",
    "SearchEngine",
    "SearchError",
    "SearchHit",
    "SearchQuery",
    "SearchResult",
    "make_engine",
]


def make_engine(
    kind: str,
    *,
    sqlite_path: Path | None = None,
    meili_url: str | None = None,
    meili_api_key: str | None = None,
    index_name: str = "offers",
    synonyms: Mapping[str, Sequence[str]] | None = None,
    lexicon: Lexicon | None = None,
    create_missing: bool = True,
) -> SearchEngine:
    """Return the engine named `kind` (``sqlite`` or ``meilisearch``).

    `lexicon` holds the phrases, families and stop words queries are read with. With
    `create_missing` off, neither engine creates a missing index outside `rebuild`.
    """
    if kind == "sqlite":
        from search_index.sqlite import SQLiteSearchEngine

        if sqlite_path is None:
            raise ValueError("the sqlite engine needs a file path")
        return SQLiteSearchEngine(sqlite_path, lexicon=lexicon, create_missing=create_missing)
    if kind == "meilisearch":
        from search_index.meili_engine import MeiliSearchEngine

        if not meili_url:
            raise ValueError("the meilisearch engine needs MEILI_URL")
        return MeiliSearchEngine(
            meili_url,
            meili_api_key,
            index_name=index_name,
            synonyms=synonyms,
            lexicon=lexicon,
            create_missing=create_missing,
        )
    raise ValueError(f"unknown search engine: {kind}")
