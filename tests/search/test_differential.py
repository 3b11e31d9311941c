"""Differential test: the embedded engine answers like the benchmark's plain Python scan.

Hypothesis draws queries (words with typos and prefixes, filters, places and radii,
criteria) over a random synthetic corpus; the engine's total and every facet count must
equal those of `bench.run.PythonScan`, which visits every document with the same rules.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.run import PythonScan
from bench.synthetic import synthetic_documents
from search_index import (
    DAYPARTS,
    DUTCH_LEVELS,
    FACETS,
    OFFER_TYPES,
    WEEKDAYS,
    GeoPoint,
    OfferDocument,
    SearchQuery,
)
from search_index.lexicon import load_stop_words
from search_index.normalize import tokenize
from search_index.sqlite import SQLiteSearchEngine

pytestmark = pytest.mark.slow

#: A random corpus: the seed is drawn per run and printed when a comparison fails.
SEED = random.SystemRandom().randrange(1_000_000)
DOCS: list[OfferDocument] = list(synthetic_documents(300, seed=SEED))
SCAN = PythonScan(DOCS)
#: Stop words ("en", "met") are left out by the engine's lexicon, which the scan does not model.
STOP_WORDS = {w for words in load_stop_words().values() for w in words}
WORDS = sorted(
    {w for d in DOCS[:60] for w in tokenize(f"{d.title['nl']} {d.summary['nl']}")} - STOP_WORDS
)
ACTIVITIES = sorted({a for d in DOCS for a in d.activities})
REGIONS = sorted({d.region for d in DOCS})
PLACES = sorted({(p.lat, p.lon) for d in DOCS for p in d.points})


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SQLiteSearchEngine]:
    """Return the embedded engine holding the random corpus."""
    path: Path = tmp_path_factory.mktemp("differential") / "search.sqlite3"
    built = SQLiteSearchEngine(path)
    built.configure()
    built.rebuild(iter(DOCS))
    yield built


@st.composite
def query_words(draw: st.DrawFn) -> str:
    """Return zero to two corpus words, some with a typo."""
    words = draw(st.lists(st.sampled_from(WORDS), max_size=2))
    out = []
    for word in words:
        if len(word) >= 6 and draw(st.booleans()):
            i = draw(st.integers(1, len(word) - 3))
            word = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        out.append(word)
    # Whole words (a trailing space): the engine completes a last word against term
    # prefixes of its own index (taxonomy labels as phrases), which the scan does not model.
    return " ".join(out) + " " if out else ""


def _subset(values: list[str] | tuple[str, ...]) -> st.SearchStrategy[frozenset[str]]:
    return st.frozensets(st.sampled_from(values), max_size=2)


@st.composite
def queries(draw: st.DrawFn) -> SearchQuery:
    """Return a search query as a visitor could build it on the search page."""
    origin = None
    radius = None
    if draw(st.booleans()):
        lat, lon = draw(st.sampled_from(PLACES))
        origin = GeoPoint(lat, lon)
        radius = draw(st.sampled_from((None, 2.0, 5.0, 15.0, 40.0)))
    return SearchQuery(
        text=draw(query_words()),
        criteria=draw(st.sampled_from(("pnt", "all"))),
        offer_types=draw(_subset(OFFER_TYPES)),
        activities=draw(_subset(ACTIVITIES)),
        regions=draw(_subset(REGIONS)),
        weekdays=draw(_subset(WEEKDAYS)),
        dayparts=draw(_subset(DAYPARTS)),
        dutch_level=draw(st.sampled_from((None, *DUTCH_LEVELS))),
        free_only=draw(st.booleans()),
        wheelchair=draw(st.booleans()),
        origin=origin,
        radius_km=radius,
        page_size=5,
        facets=FACETS,
    )


def _counts(facets: object) -> dict[str, dict[str, int]]:
    """Return the facet counts without zero entries (one side may list them, the other not)."""
    return {
        group: {value: n for value, n in (facets.get(group) or {}).items() if n}  # type: ignore[attr-defined]
        for group in FACETS
    }


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(query=queries())
def test_the_engine_counts_like_a_plain_scan(engine: SQLiteSearchEngine, query: SearchQuery) -> None:
    result = engine.search(query)
    if result.left_out:
        # The engine searched without words nothing matches together; so does the scan.
        kept = [w for w in query.text.split() if w not in result.left_out]
        query = SearchQuery(**{**_fields(query), "text": " ".join(kept) + " "})
    total, _page, facets = SCAN.search(query)
    assert (result.total, _counts(result.facets)) == (total, _counts(facets)), (SEED, query)


def _fields(query: SearchQuery) -> dict[str, object]:
    return {name: getattr(query, name) for name in query.__dataclass_fields__}
