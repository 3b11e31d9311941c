"""The embedded engine's geo-first planner gives the same answers as the word-first path."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from search_index.contract import (
    DAYPARTS,
    DUTCH_LEVELS,
    FACETS,
    OFFER_TYPES,
    WEEKDAYS,
    GeoPoint,
    OfferDocument,
    SearchQuery,
)
from search_index.sqlite import SQLiteSearchEngine
from search_index.sqlite.planner import GeoFirstPlan, hilbert_key, plan_ranges, spatial_order

#: (NIS code, name, region, lat, lon): a few real places, far apart and close together.
PLACES = (
    ("44021", "Gent", "gent", 51.0543, 3.7174),
    ("44019", "Evergem", "meetjesland", 51.1120, 3.7060),
    ("11002", "Antwerpen", "antwerpen", 51.2194, 4.4025),
    ("24062", "Leuven", "leuven", 50.8798, 4.7005),
    ("31005", "Brugge", "brugge", 51.2093, 3.2247),
    ("21004", "Brussel", "brussel", 50.8467, 4.3525),
)
COMMON = ("samen", "vrijwilligers", "buren")
RARE = ("schaakclub", "moestuin", "fietsatelier", "koor")


def random_corpus(n: int, seed: int) -> list[OfferDocument]:
    """Return `n` random offers over PLACES, common words in most of them."""
    rng = random.Random(seed)
    docs = []
    for i in range(n):
        code, name, region, lat, lon = rng.choice(PLACES)
        words = [w for w in COMMON if rng.random() < 0.7] + [rng.choice(RARE)]
        if rng.random() < 0.1:
            words.append("samenwerking")  # a longer word under the prefix "samen"
        if rng.random() < 0.05:
            words.append("samne")  # a typo of "samen" in the text
        points = tuple(
            GeoPoint(lat + rng.uniform(-0.15, 0.15), lon + rng.uniform(-0.2, 0.2))
            for _ in range(rng.choice((0, 1, 1, 1, 2)))
        )
        docs.append(OfferDocument(
            id=f"o{i}",
            title={"nl": f"{rng.choice(RARE).capitalize()} {name}"},
            summary={"nl": " ".join(rng.sample(words, len(words)))},
            description_nl=" ".join(rng.choice(COMMON + RARE) for _ in range(rng.randint(0, 8))),
            organisation=f"Vereniging {name}",
            offer_type=rng.choice(OFFER_TYPES),
            activities=tuple(sorted(rng.sample(("football", "choir", "cooking", "chess"), rng.randint(0, 2)))),
            municipality=code,
            municipality_name=name,
            region=region,
            points=points,
            dutch_context=rng.random() < 0.9,
            social_participation=rng.random() < 0.9,
            weekdays=tuple(d for d in WEEKDAYS if rng.random() < 0.3),
            dayparts=tuple(d for d in DAYPARTS if rng.random() < 0.4),
            free=rng.random() < 0.7,
            wheelchair=rng.random() < 0.4,
            dutch_level=rng.choice(DUTCH_LEVELS),
            published_at=1_700_000_000 + rng.randint(0, 1000),  # many ties on purpose
        ))
    return docs


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SQLiteSearchEngine]:
    """Return an engine over a random corpus of 600 offers."""
    path: Path = tmp_path_factory.mktemp("planner") / "search.sqlite3"
    eng = SQLiteSearchEngine(path)
    eng.rebuild(random_corpus(600, seed=11))
    yield eng
    eng.close()


def answer(engine: SQLiteSearchEngine, query: SearchQuery, geo_first: bool) -> tuple[object, ...]:
    """Return everything observable of a result: ids, distances, total, facets."""
    engine.geo_first = geo_first
    try:
        result = engine.search(query)
    finally:
        engine.geo_first = None
    hits = [(h.document.id, None if h.distance_m is None else round(h.distance_m, 3)) for h in result.hits]
    return hits, result.total, {g: dict(c) for g, c in result.facets.items()}


def queries(seed: int, n: int) -> Iterator[SearchQuery]:
    """Yield random queries with a place and text, over every sort and many filters."""
    rng = random.Random(seed)
    texts = ("samen", "samen ", "sam", "samne", "vrijwilligers buren", "buren samen", "koor samen", "samenwerking", "zzzz")
    for _ in range(n):
        _, _, region, lat, lon = rng.choice(PLACES)
        kwargs: dict[str, object] = {
            "text": rng.choice(texts),
            "facets": FACETS,
            "sort": rng.choice((None, "relevance", "distance", "newest")),
            "page": rng.choice((1, 1, 2, 3)),
            "page_size": rng.choice((5, 20)),
            "criteria": rng.choice(("pnt", "all")),
        }
        if rng.random() < 0.8:
            kwargs["origin"] = GeoPoint(lat + rng.uniform(-0.05, 0.05), lon)
            kwargs["radius_km"] = rng.choice((3.0, 10.0, 15.0, 40.0))
        if rng.random() < 0.3 or "origin" not in kwargs:
            kwargs["municipalities"] = frozenset(rng.sample([p[0] for p in PLACES], 2))
        if rng.random() < 0.3:
            kwargs["regions"] = frozenset([region])
            if rng.random() < 0.5:
                kwargs["facets"] = ("offer_type", "weekday")
        if rng.random() < 0.3:
            kwargs["offer_types"] = frozenset(rng.sample(OFFER_TYPES, 2))
        if rng.random() < 0.3:
            kwargs["weekdays"] = frozenset(rng.sample(WEEKDAYS, 2))
        if rng.random() < 0.2:
            kwargs["free_only"] = True
        if rng.random() < 0.2:
            kwargs["wheelchair"] = True
        if rng.random() < 0.2:
            kwargs["dutch_level"] = rng.choice(DUTCH_LEVELS)
        yield SearchQuery(**kwargs)  # type: ignore[arg-type]


def test_geo_first_gives_the_same_hits_totals_and_facets_as_word_first(engine: SQLiteSearchEngine) -> None:
    compared = 0
    for query in queries(seed=5, n=150):
        word_first = answer(engine, query, geo_first=False)
        geo_first = answer(engine, query, geo_first=True)
        assert geo_first == word_first, query
        compared += bool(word_first[1])
    assert compared > 50  # most queries found something: the comparison is not vacuous


def test_the_planner_starts_from_a_small_radius_with_a_common_word(
    engine: SQLiteSearchEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(GeoFirstPlan, "MIN_POSTINGS", 50)  # the corpus is small
    plans: list[GeoFirstPlan | None] = []
    from search_index.sqlite.query import Search

    original = Search._geo_plan

    def spy(self: Search) -> GeoFirstPlan | None:
        plan = original(self)
        plans.append(plan)
        return plan

    Search._geo_plan = spy  # type: ignore[method-assign]
    gent = GeoPoint(51.0543, 3.7174)
    try:
        # A radius of 3 km around Gent holds few offers; "samen" is in most of them.
        result = engine.search(SearchQuery(text="samen", origin=gent, radius_km=3.0, facets=FACETS))
        # A rare word lists fewer offers than 40 km hold: words first.
        engine.search(SearchQuery(text="samenwerking", origin=gent, radius_km=40.0))
    finally:
        Search._geo_plan = original  # type: ignore[method-assign]
    assert len(plans) == 2
    assert plans[0] is not None and plans[1] is None
    assert result.total == answer(engine, SearchQuery(text="samen", origin=gent, radius_km=3.0), False)[1]


def test_plan_ranges_cover_every_member_and_bridge_small_gaps() -> None:
    members = [1, 2, 3, 50, 51, 400, 401, 402, 2000]
    assert plan_ranges(members, gap=96) == [(1, 51), (400, 402), (2000, 2000)]
    assert plan_ranges(members, gap=96, max_ranges=2) == [(1, 402), (2000, 2000)]
    rng = random.Random(3)
    many = sorted(rng.sample(range(100_000), 3000))
    ranges = plan_ranges(many)
    assert len(ranges) <= 24
    assert all(any(a <= m <= b for a, b in ranges) for m in many)


def test_geo_first_is_chosen_only_when_the_place_is_more_selective() -> None:
    members = list(range(100, 300))
    assert GeoFirstPlan.choose(1, members, rarest_postings=5000, n_docs=10_000) is not None
    assert GeoFirstPlan.choose(1, members, rarest_postings=150, n_docs=10_000) is None
    spread = list(range(0, 10_000, 50))  # few candidates, but spread over the whole index
    assert GeoFirstPlan.choose(1, spread, rarest_postings=5000, n_docs=10_000) is None


def test_a_rebuild_numbers_offers_along_the_curve_so_neighbours_are_close() -> None:
    docs = random_corpus(200, seed=2)
    ordered = spatial_order([*docs, docs[0]])
    assert len(ordered) == 200 and {d.id for d in ordered} == {d.id for d in docs}
    keys = [hilbert_key(d.points[0].lat, d.points[0].lon) for d in ordered if d.points]
    assert keys == sorted(keys)
    assert all(not d.points for d in ordered[len(keys):])
    # Nearby points are near on the curve more often than far ones.
    gent, evergem, leuven = hilbert_key(51.05, 3.72), hilbert_key(51.06, 3.73), hilbert_key(50.88, 4.70)
    assert abs(gent - evergem) < abs(gent - leuven)
