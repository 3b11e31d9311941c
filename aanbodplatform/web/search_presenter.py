"""One search flow for every surface: parse the parameters, search, map the errors, count the pages.

The public search page, search together (counsellor) and `GET /api/v1/offers` all call
`run_search`; each surface only renders the `SearchPage` it gets (one language, two
languages or JSON), so a query gives the same status and page count everywhere.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from flask import current_app

from aanbodplatform.geo import default_gazetteer
from aanbodplatform.services.search import (
    ParsedSearch,
    SearchParamError,
    parse_search,
    search_offers,
)
from search_index import SearchError, SearchResult


def page_count(total: int, page_size: int) -> int:
    """Return how many pages `total` hits fill at `page_size` a page (0 when nothing is found)."""
    # Ceiling division: 40 hits at 20 a page are 2 pages, 41 are 3, none are 0 (not 1).
    return -(-max(0, total) // max(1, page_size))


@dataclass(frozen=True)
class SearchPage:
    """A search as every surface shows it: the query, the result or why there is none, the paging."""

    parsed: ParsedSearch | None
    result: SearchResult | None
    param_error: SearchParamError | None = None
    unavailable: bool = False

    @property
    def status(self) -> int:
        """Return the HTTP status: 400 for a bad parameter, 503 when the engine is down, else 200."""
        if self.param_error is not None:
            return 400
        if self.unavailable:
            return 503
        return 200

    @property
    def page_count(self) -> int:
        """Return how many pages the hits fill (0 without hits or without a result)."""
        if self.result is None:
            return 0
        return page_count(self.result.total, self.result.page_size)

    @property
    def beyond_last_page(self) -> bool:
        """Return whether offers were found but the page asked for comes after the last one."""
        return self.result is not None and 0 < self.page_count < self.result.page


def run_search(args: Mapping[str, Sequence[str]]) -> SearchPage:
    """Parse `args`, search the app's engine and return the page to show (bad input never raises)."""
    try:
        parsed = parse_search(args, default_gazetteer())
    except SearchParamError as exc:
        return SearchPage(parsed=None, result=None, param_error=exc)
    try:
        result = search_offers(current_app.extensions["search_engine"], parsed.query)
    except SearchError:
        return SearchPage(parsed=parsed, result=None, unavailable=True)
    return SearchPage(parsed=parsed, result=result)
