"""The search contract: the same documents and queries give the same hits on every engine."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import replace

import pytest

from search_index.contract import (
    DUTCH_LEVELS,
    MAX_PAGE_SIZE,
    MAX_QUERY_LENGTH,
    GeoPoint,
    OfferDocument,
    SearchEngine,
    SearchQuery,
    SearchResult,
)
from tests.search.corpus import (
    ALL_IDS,
    ANTWERPEN,
    BRUGGE,
    BY_ID,
    CORPUS,
    GENT,
    MECHELEN,
    PNT_IDS,
    haversine_m,
    offer,
)


def run(engine: SearchEngine, **kwargs: object) -> SearchResult:
    """Return the engine's answer to a query built from keyword arguments."""
    return engine.search(SearchQuery(**kwargs))  # type: ignore[arg-type]


def ids(result: SearchResult) -> list[str]:
    """Return the ids of a result's hits, in order."""
    return [h.document.id for h in result.hits]


def expected(pred: Callable[[OfferDocument], bool], *, criteria: str = "pnt") -> set[str]:
    """Return ids of catalogue offers satisfying `pred` (and the criteria)."""
    return {
        d.id for d in CORPUS if pred(d) and (criteria == "all" or d.pnt_eligible)
    }


def nearest(origin: GeoPoint, doc: OfferDocument) -> float:
    """Return the distance from `origin` to the offer's nearest location."""
    return min(haversine_m(origin, p) for p in doc.points)


# ---------------------------------------------------------------- text: languages


@pytest.mark.parametrize(
    "text",
    ["football", "voetbal", "Voetbal", "voetballen", "soccer", "футбол", "ФУТБОЛ",
     "كرة القدم", "fútbol", "futbol", "فوتبال"],
)
def test_cross_language_search_finds_the_dutch_only_offer(
    catalogue: SearchEngine,
    text: str,
) -> None:
    assert ids(run(catalogue, text=text)) == ["football"]


# ---------------------------------------------------------------- text: typos


@pytest.mark.parametrize(
    ("text", "offer_id"),
    [
        ("voetbl", "football"),  # 6 letters, one deletion
        ("fiesten", "cycling"),  # 7 letters, a transposition is one typo
        ("bibliotheeek", "library"),  # 12 letters, one insertion
        ("bibliotek", "library"),  # 9 letters, two deletions
        ("wandelbudys", "two-places"),  # 11 letters, one deletion
    ],
)
def test_typos_within_the_allowance_match(
    catalogue: SearchEngine,
    text: str,
    offer_id: str,
) -> None:
    assert offer_id in ids(run(catalogue, text=text, criteria="all"))


@pytest.mark.parametrize(
    "text",
    [
        "gnet",  # 4 letters: no typo allowed (would be a transposition of "gent")
        "fiatsan",  # 7 letters: two substitutions, only one allowed
        "bbliotk",  # 7 letters: far from bibliotheek
    ],
)
def test_typos_beyond_the_allowance_do_not_match(catalogue: SearchEngine, text: str) -> None:
    assert run(catalogue, text=text, criteria="all").total == 0


def test_four_letter_word_matches_exactly(catalogue: SearchEngine) -> None:
    assert set(ids(run(catalogue, text="gent", criteria="all"))) == {
        "football", "summer-camp", "not-pnt-gent"
    }


# ---------------------------------------------------------------- text: prefix


@pytest.mark.parametrize(("text", "offer_id"), [("voetb", "football"), ("biblio", "library"),
                                                  ("gent voetb", "football")])
def test_last_word_matches_as_prefix(catalogue: SearchEngine, text: str, offer_id: str) -> None:
    assert ids(run(catalogue, text=text)) == [offer_id]


def test_only_the_last_word_is_a_prefix(catalogue: SearchEngine) -> None:
    # "voetb" is not the last word, so it is no prefix, matches nothing and is left out.
    assert run(catalogue, text="voetb gent").left_out == ("voetb",)
    assert run(catalogue, text="gent voetb").left_out == ()


def test_trailing_space_ends_the_prefix(catalogue: SearchEngine) -> None:
    assert run(catalogue, text="voetb ").total == 0
    assert ids(run(catalogue, text="voetbal ")) == ["football"]


def test_all_words_must_match(catalogue: SearchEngine) -> None:
    assert ids(run(catalogue, text="leren fietsen")) == ["cycling"]
    assert run(catalogue, text="leren fietsen").left_out == ()


# ---------------------------------------------------------------- text: normalisation


@pytest.mark.parametrize(
    ("text", "offer_id"),
    [
        ("cafe", "taalcafe"),
        ("CAFÉ", "taalcafe"),
        ("ideeen", "ideeen"),
        ("IDEEËN", "ideeen"),
        ("знайомство", "translated"),
        ("ЗНАЙОМСТВО", "translated"),
        ("كُرَةُ القَدَم", "football"),  # harakat
        ("كـرة القـدم", "football"),  # tatweel
        ("ابداعية", "translated"),  # plain alef for إبداعية
        ("التعرف", "translated"),  # article + word
        ("۲۰۲۵", "summer-camp"),  # Persian digits
        ("٢٠٢٥", "summer-camp"),  # Arabic-Indic digits
    ],
)
def test_normalisation(catalogue: SearchEngine, text: str, offer_id: str) -> None:
    assert offer_id in ids(run(catalogue, text=text, criteria="all"))


def test_empty_text_means_no_text_filter(catalogue: SearchEngine) -> None:
    assert set(ids(run(catalogue, text="   ", criteria="all", page_size=100))) == ALL_IDS


# ---------------------------------------------------------------- filters


def test_criteria_default_is_pnt(catalogue: SearchEngine) -> None:
    result = run(catalogue, page_size=100)
    assert set(ids(result)) == PNT_IDS
    assert result.total == len(PNT_IDS)
    assert {"not-pnt-gent", "not-pnt-antwerpen"} <= ALL_IDS - PNT_IDS


def test_criteria_all_includes_every_offer(catalogue: SearchEngine) -> None:
    result = run(catalogue, criteria="all", page_size=100)
    assert set(ids(result)) == ALL_IDS
    assert result.total == len(ALL_IDS)


FILTER_CASES: list[tuple[dict[str, object], Callable[[OfferDocument], bool]]] = [
    ({"offer_types": frozenset({"club"})}, lambda d: d.offer_type == "club"),
    ({"offer_types": frozenset({"club", "buddy"})}, lambda d: d.offer_type in {"club", "buddy"}),
    ({"activities": frozenset({"sport"})}, lambda d: "sport" in d.activities),
    (
        {"activities": frozenset({"sport", "music"})},
        lambda d: bool({"sport", "music"} & set(d.activities)),
    ),
    ({"regions": frozenset({"gent"})}, lambda d: d.region == "gent"),
    ({"regions": frozenset({"gent", "leuven"})}, lambda d: d.region in {"gent", "leuven"}),
    ({"municipalities": frozenset({"11002"})}, lambda d: d.municipality == "11002"),
    ({"weekdays": frozenset({"sat"})}, lambda d: "sat" in d.weekdays),
    ({"weekdays": frozenset({"sat", "sun"})}, lambda d: bool({"sat", "sun"} & set(d.weekdays))),
    ({"dayparts": frozenset({"evening"})}, lambda d: "evening" in d.dayparts),
    ({"free_only": True}, lambda d: d.free),
    ({"wheelchair": True}, lambda d: d.wheelchair),
    (
        {"offer_types": frozenset({"neighbourhood"}), "free_only": True,
         "weekdays": frozenset({"sat", "sun"})},
        lambda d: (
            d.offer_type == "neighbourhood" and d.free and bool({"sat", "sun"} & set(d.weekdays))
        ),
    ),
    (
        {"activities": frozenset({"sport"}), "regions": frozenset({"gent"}),
         "dayparts": frozenset({"morning"})},
        lambda d: "sport" in d.activities and d.region == "gent" and "morning" in d.dayparts,
    ),
    (
        {"wheelchair": True, "dutch_level": "A1"},
        lambda d: d.wheelchair and d.dutch_level in ("none", "A1"),
    ),
]


@pytest.mark.parametrize("criteria", ["pnt", "all"])
@pytest.mark.parametrize(("filters", "pred"), FILTER_CASES)
def test_filters(
    catalogue: SearchEngine,
    filters: dict[str, object],
    pred: Callable[[OfferDocument], bool],
    criteria: str,
) -> None:
    result = run(catalogue, criteria=criteria, page_size=100, **filters)
    want = expected(pred, criteria=criteria)
    assert want, "a filter case must select something"
    assert set(ids(result)) == want
    assert result.total == len(want)


def test_filter_with_text(catalogue: SearchEngine) -> None:
    result = run(catalogue, text="samen", offer_types=frozenset({"neighbourhood"}), criteria="all")
    assert set(ids(result)) == {"cooking", "cookies"}


@pytest.mark.parametrize(
    ("level", "allowed"),
    [("none", {"none"}), ("A1", {"none", "A1"}), ("A2", {"none", "A1", "A2"}),
     ("B1", set(DUTCH_LEVELS))],
)
def test_dutch_level_admits_offers_at_or_below(
    catalogue: SearchEngine,
    level: str,
    allowed: set[str],
) -> None:
    result = run(catalogue, dutch_level=level, criteria="all", page_size=100)
    assert set(ids(result)) == expected(lambda d: d.dutch_level in allowed, criteria="all")


def test_unknown_filter_value_matches_nothing(catalogue: SearchEngine) -> None:
    assert run(catalogue, offer_types=frozenset({"no-such-type"})).total == 0


# ---------------------------------------------------------------- distance


def test_radius_excludes_far_offers_and_reports_distances(catalogue: SearchEngine) -> None:
    result = run(catalogue, origin=ANTWERPEN, radius_km=30, criteria="all", page_size=100)
    want = {d.id for d in CORPUS if d.points and nearest(ANTWERPEN, d) <= 30_000}
    assert set(ids(result)) == want
    assert {"chess", "taalcafe", "cycling", "garden", "two-places"} <= want
    for hit in result.hits:
        assert hit.distance_m is not None
        assert hit.distance_m == pytest.approx(nearest(ANTWERPEN, hit.document), rel=0.005, abs=50)
        assert hit.distance_m <= 30_000 * 1.005


def test_radius_sorts_nearest_first_by_default(catalogue: SearchEngine) -> None:
    result = run(catalogue, origin=ANTWERPEN, radius_km=45, criteria="all", page_size=100)
    distances = [h.distance_m for h in result.hits]
    assert distances == sorted(distances)  # type: ignore[type-var]
    assert ids(result)[-1] != "online"


def test_offer_with_two_locations_counts_at_the_nearest(catalogue: SearchEngine) -> None:
    near_mechelen = run(catalogue, origin=MECHELEN, radius_km=5, criteria="all", page_size=100)
    near_brugge = run(catalogue, origin=BRUGGE, radius_km=5, criteria="all", page_size=100)
    assert "two-places" in ids(near_mechelen)
    assert "two-places" in ids(near_brugge)
    from_antwerpen = run(catalogue, origin=ANTWERPEN, text="wandelbuddy", criteria="all")
    (hit,) = from_antwerpen.hits
    assert hit.distance_m == pytest.approx(haversine_m(ANTWERPEN, MECHELEN), rel=0.005, abs=50)


def test_offer_without_location_is_excluded_from_radius_search(catalogue: SearchEngine) -> None:
    result = run(catalogue, origin=GENT, radius_km=500, criteria="all", page_size=100)
    assert "online" not in ids(result)
    assert set(ids(result)) == ALL_IDS - {"online"}


def test_distance_sort_without_radius_puts_unlocated_offers_last(catalogue: SearchEngine) -> None:
    result = run(catalogue, origin=ANTWERPEN, criteria="all", page_size=100)
    got = ids(result)
    assert set(got) == ALL_IDS
    assert got[-1] == "online"
    assert result.hits[-1].distance_m is None
    distances = [h.distance_m for h in result.hits[:-1]]
    assert distances == sorted(distances)  # type: ignore[type-var]
    assert got[0] in {"chess", "taalcafe", "not-pnt-antwerpen"}


def test_hits_carry_distance_with_an_origin_and_text(catalogue: SearchEngine) -> None:
    result = run(catalogue, text="samen", origin=GENT, criteria="all", page_size=100)
    assert result.total > 1
    for hit in result.hits:
        assert hit.distance_m == pytest.approx(nearest(GENT, hit.document), rel=0.005, abs=50)


def test_no_distance_without_origin(catalogue: SearchEngine) -> None:
    assert all(h.distance_m is None for h in run(catalogue, text="samen").hits)


# ---------------------------------------------------------------- sorting and paging


def newest_order(pred: Callable[[OfferDocument], bool] = lambda d: True) -> list[str]:
    """Return catalogue ids satisfying `pred`, newest first."""
    docs = sorted((d for d in CORPUS if pred(d)), key=lambda d: (-d.published_at, d.id))
    return [d.id for d in docs]


def test_without_text_or_origin_newest_first(catalogue: SearchEngine) -> None:
    assert ids(run(catalogue, criteria="all", page_size=100)) == newest_order()


def test_explicit_newest_sort_with_text(catalogue: SearchEngine) -> None:
    result = run(catalogue, text="samen", sort="newest", criteria="all", page_size=100)
    assert ids(result) == [i for i in newest_order() if i in set(ids(result))]
    assert result.total >= 4


def test_paging(catalogue: SearchEngine) -> None:
    order = newest_order()
    last = -(-len(order) // 5)  # pages needed
    pages = [run(catalogue, criteria="all", page=p, page_size=5) for p in range(1, last + 2)]
    assert [r.total for r in pages] == [len(order)] * (last + 1)
    assert [len(r.hits) for r in pages] == [5] * (last - 1) + [len(order) - 5 * (last - 1), 0]
    assert [i for r in pages for i in ids(r)] == order
    assert pages[-1].page == last + 1


def test_page_size_is_capped(catalogue: SearchEngine) -> None:
    result = run(catalogue, criteria="all", page_size=1000)
    assert result.page_size == MAX_PAGE_SIZE
    assert len(result.hits) == len(ALL_IDS)


def test_page_zero_is_page_one(catalogue: SearchEngine) -> None:
    result = run(catalogue, criteria="all", page=0, page_size=3)
    assert result.page == 1
    assert ids(result) == newest_order()[:3]


def test_page_past_the_end_of_a_text_search(catalogue: SearchEngine) -> None:
    result = run(catalogue, text="samen", page=50, criteria="all")
    assert result.hits == []
    assert result.total > 0


# ---------------------------------------------------------------- relevance


def test_title_match_ranks_above_description_match(catalogue: SearchEngine) -> None:
    # The description-only offer is newer, so recency alone would order them the other way.
    assert BY_ID["music-description"].published_at > BY_ID["music-title"].published_at
    assert ids(run(catalogue, text="muziek")) == ["music-title", "music-description"]


def test_exact_match_ranks_above_typo_match(catalogue: SearchEngine) -> None:
    assert BY_ID["cookies"].published_at > BY_ID["cooking"].published_at
    assert ids(run(catalogue, text="koken")) == ["cooking", "cookies"]


def test_fewer_typos_rank_above_a_better_attribute(catalogue: SearchEngine) -> None:
    # "dansen" exactly, in a description, beats "danser" (one typo) in a newer title.
    assert BY_ID["dancer-title"].published_at > BY_ID["dance-description"].published_at
    assert ids(run(catalogue, text="dansen ")) == ["dance-description", "dancer-title"]


def test_exact_word_ranks_above_a_prefix_in_the_same_attribute(catalogue: SearchEngine) -> None:
    assert BY_ID["tuin-prefix"].published_at > BY_ID["tuin-exact"].published_at
    assert ids(run(catalogue, text="tuin")) == ["tuin-exact", "tuin-prefix"]


def test_attribute_then_recency(catalogue: SearchEngine) -> None:
    # "buren": title of cookies; summary of garden and cooking (garden is newer).
    assert ids(run(catalogue, text="buren")) == ["cookies", "garden", "cooking"]


# ---------------------------------------------------------------- facets


def facet_counts(docs: list[OfferDocument], group: str) -> dict[str, int]:
    """Return value counts of a facet group over `docs`."""
    counter: Counter[str] = Counter()
    for d in docs:
        if group == "offer_type":
            counter[d.offer_type] += 1
        elif group == "activity":
            counter.update(set(d.activities))
        elif group == "region":
            if d.region:
                counter[d.region] += 1
        elif group == "weekday":
            counter.update(set(d.weekdays))
        elif group == "daypart":
            counter.update(set(d.dayparts))
        elif group == "dutch_level":
            counter[d.dutch_level] += 1
    return dict(counter)


def test_facets_are_disjunctive(catalogue: SearchEngine) -> None:
    result = run(
        catalogue,
        offer_types=frozenset({"club"}),
        facets=("offer_type", "activity", "region", "weekday"),
    )
    pnt = [d for d in CORPUS if d.pnt_eligible]
    clubs = [d for d in pnt if d.offer_type == "club"]
    assert set(result.facets) == {"offer_type", "activity", "region", "weekday"}
    # Its own group ignores the type filter: the other types still show their counts.
    assert result.facets["offer_type"] == facet_counts(pnt, "offer_type")
    assert result.facets["offer_type"]["buddy"] == 2
    # Other groups are counted over the filtered offers.
    assert result.facets["activity"] == facet_counts(clubs, "activity")
    assert result.facets["region"] == facet_counts(clubs, "region")
    assert result.facets["weekday"] == facet_counts(clubs, "weekday")


def test_facets_with_several_groups_filtered(catalogue: SearchEngine) -> None:
    result = run(
        catalogue,
        criteria="all",
        offer_types=frozenset({"neighbourhood"}),
        weekdays=frozenset({"sat"}),
        dutch_level="A1",
        facets=("offer_type", "weekday", "dutch_level", "daypart"),
    )
    docs = list(CORPUS)

    def keep(d: OfferDocument, skip: str) -> bool:
        return (
            (skip == "offer_type" or d.offer_type == "neighbourhood")
            and (skip == "weekday" or "sat" in d.weekdays)
            and (skip == "dutch_level" or d.dutch_level in ("none", "A1"))
        )

    for group in ("offer_type", "weekday", "dutch_level"):
        assert result.facets[group] == facet_counts([d for d in docs if keep(d, group)], group)
    assert result.facets["daypart"] == facet_counts([d for d in docs if keep(d, "")], "daypart")
    assert set(ids(result)) == {d.id for d in docs if keep(d, "")}


def test_facets_follow_text_and_geo(catalogue: SearchEngine) -> None:
    result = run(catalogue, text="samen", origin=ANTWERPEN, radius_km=30, criteria="all",
                 facets=("region", "dutch_level"))
    matched = [BY_ID[i] for i in ids(run(catalogue, text="samen", origin=ANTWERPEN, radius_km=30,
                                         criteria="all", page_size=100))]
    assert matched
    assert result.facets["region"] == facet_counts(matched, "region")
    assert result.facets["dutch_level"] == facet_counts(matched, "dutch_level")


def test_only_requested_facets_and_no_zero_counts(catalogue: SearchEngine) -> None:
    result = run(catalogue, text="voetbal", facets=("daypart",))
    assert result.facets == {"daypart": {"morning": 1}}
    assert run(catalogue).facets == {}


# ---------------------------------------------------------------- highlights


def test_highlights_escape_html_and_mark_matches(catalogue: SearchEngine) -> None:
    (hit,) = [h for h in run(catalogue, text="koken").hits if h.document.id == "cooking"]
    title = hit.highlights["title"]
    assert "<script>" not in title
    assert "&lt;script&gt;" in title
    assert "<mark>Koken</mark>" in title
    assert "&amp;" in title
    assert hit.highlights["summary"] == "Samen <mark>koken</mark> met buren"


def test_highlights_without_text_are_escaped_and_unmarked(catalogue: SearchEngine) -> None:
    (hit,) = [h for h in run(catalogue, criteria="all", page_size=100).hits
              if h.document.id == "cooking"]
    assert hit.highlights["title"] == "Koken &lt;script&gt;alert(1)&lt;/script&gt; &amp; bakken"
    assert "<mark>" not in hit.highlights["summary"]


def test_highlights_use_the_query_locale_with_dutch_fallback(catalogue: SearchEngine) -> None:
    (uk,) = run(catalogue, text="знайомство", locale="uk").hits
    assert uk.highlights["title"] == "<mark>Знайомство</mark> з районом"
    assert uk.highlights["summary"] == "Een wandeling langs de buurtwerking"  # no uk summary
    (fr,) = run(catalogue, text="kennismaking", locale="fr").hits
    assert fr.highlights["title"] == "<mark>Kennismaking</mark> met de buurt"


def test_highlights_mark_cross_language_typo_matches(catalogue: SearchEngine) -> None:
    (hit,) = run(catalogue, text="fiesten ").hits  # not a prefix: a whole-word typo
    assert hit.highlights["title"] == "Leren <mark>fietsen</mark>"


# ---------------------------------------------------------------- hostile input


#: Each hostile text with the number of catalogue offers it finds (criteria "all"): texts
#: without a word find everything, operators and syntax are searched as plain words.
EVERYTHING = 22
HOSTILE = [
    ("   ", EVERYTHING),
    ("x" * (MAX_QUERY_LENGTH + 500), 0),
    ("voetbal " * 300, 1),
    ('"', EVERYTHING),
    ('"voetbal', 1),
    ("(", EVERYTHING),
    (")", EVERYTHING),
    ("AND", 0),
    ("OR", 0),
    ("NOT", 0),
    ("voetbal OR", 1),
    ("'; DROP TABLE offers; --", 1),
    ("type = club", 1),
    ("NEAR(a b)", 0),
    ("*", EVERYTHING),
    ("voet*", 0),
    (":", EVERYTHING),
    ("title:voetbal", 1),
    ("^voetbal", 1),
    ("{title}: x", 0),
    ("\x00\x07", EVERYTHING),
    ("voet\x00bal", 0),
    ("\ue000voetbal\ue001", 1),
    ("<script>alert(1)</script>", 1),
    ("%", EVERYTHING),
    ("_", EVERYTHING),
    ("\\", EVERYTHING),
    ("🙂 ⚽", EVERYTHING),
    ("a" * 300, 0),
]


@pytest.mark.parametrize(("text", "total"), HOSTILE)
def test_hostile_queries_are_searched_as_plain_words(
    catalogue: SearchEngine, text: str, total: int
) -> None:
    result = run(catalogue, text=text, origin=GENT, facets=("offer_type",), criteria="all")
    assert isinstance(result, SearchResult)
    assert result.total == total
    assert sum(result.facets["offer_type"].values()) == total
    assert len(result.hits) == min(total, result.page_size)


def test_operators_are_searched_as_words(catalogue: SearchEngine) -> None:
    # "or" is a stop word; "voetbal fietsen" match no offer together, so one is left out.
    assert run(catalogue, text="voetbal OR fietsen").total == 1
    assert ids(run(catalogue, text='"voetbal"')) == ["football"]
    assert ids(run(catalogue, text="voetbal*")) == ["football"]


# ---------------------------------------------------------------- writes


def test_upsert_replaces_by_id(loaded: SearchEngine) -> None:
    changed = replace(
        BY_ID["football"],
        title={"nl": "Basketbal op zondag"},
        taxonomy_terms=("Basketbal", "basketball"),
        points=(BRUGGE,),
    )
    loaded.upsert([changed])
    assert loaded.count() == len(CORPUS)
    assert run(loaded, text="voetbal").total == 0
    assert ids(run(loaded, text="basketbal")) == ["football"]
    assert "football" not in ids(run(loaded, origin=GENT, radius_km=5, page_size=100))
    assert "football" in ids(run(loaded, origin=BRUGGE, radius_km=5, page_size=100))


def test_upsert_adds_new_documents(loaded: SearchEngine) -> None:
    loaded.upsert([offer("new", "Yoga in het park", published=99)])
    assert loaded.count() == len(CORPUS) + 1
    assert ids(run(loaded, text="yoga")) == ["new"]
    assert ids(run(loaded, page_size=1)) == ["new"]


def test_delete_removes_and_ignores_unknown_ids(loaded: SearchEngine) -> None:
    loaded.delete(["football", "does-not-exist"])
    assert loaded.count() == len(CORPUS) - 1
    assert run(loaded, text="voetbal").total == 0
    assert run(loaded, text="футбол").total == 0
    loaded.delete([])
    loaded.delete(["does-not-exist"])
    assert loaded.count() == len(CORPUS) - 1


def test_rebuild_replaces_the_whole_set(loaded: SearchEngine) -> None:
    loaded.rebuild([offer("a", "Tekenles", published=1), offer("b", "Zangkoor", published=2)])
    assert loaded.count() == 2
    assert ids(run(loaded, criteria="all")) == ["b", "a"]
    assert run(loaded, text="voetbal").total == 0
    assert ids(run(loaded, text="tekenles")) == ["a"]


def test_health_reports_documents(loaded: SearchEngine) -> None:
    health = loaded.health()
    assert health.ok
    assert health.engine == loaded.name
    assert health.documents == len(CORPUS)


def test_empty_index_answers(engine: SearchEngine) -> None:
    result = run(engine, text="voetbal", facets=("offer_type",), origin=GENT, radius_km=10)
    assert result.total == 0
    assert result.hits == []
    assert result.facets == {"offer_type": {}}
    assert engine.count() == 0
