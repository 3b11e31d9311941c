"""What the Meilisearch engine sends for phrases, families and words left out (fake client)."""

from __future__ import annotations

from typing import Any

from search_index.contract import SearchQuery
from search_index.highlight import MARK_END, MARK_START
from search_index.meili_engine import MeiliSearchEngine, folded_text
from tests.search.conftest import LEXICON
from tests.search.test_meili_engine_unit import FakeClient, hit, make_doc


def engine_on(fake: FakeClient) -> MeiliSearchEngine:
    """Return an engine on the fake client with the shipped lexicon."""
    return MeiliSearchEngine("http://meili.invalid:7700", "key", index_name="offers",
                             client=fake, lexicon=LEXICON)


def multi_searches(fake: FakeClient) -> list[list[dict[str, Any]]]:
    """Return the queries of every multi-search sent."""
    return [call[1] for call in fake.calls if call[0] == "multi_search"]


def test_a_phrase_becomes_a_filter_not_words() -> None:
    fake = FakeClient()
    fake.search_response = {"results": [{"hits": [], "totalHits": 1},
                                        {"hits": [], "facetDistribution": {}}]}
    engine_on(fake).search(SearchQuery(text="كرة القدم", locale="ar", facets=("activity",)))
    (queries,) = multi_searches(fake)
    main, facet = queries
    assert main["q"] == ""
    assert main["filter"] == ["pnt_eligible = true", 'activities IN ["football"]']
    # The activity facet ignores the searcher's activity choice, not the phrase.
    assert facet["filter"] == ["pnt_eligible = true", 'activities IN ["football"]']


def test_a_family_filters_on_all_its_activities_and_keeps_other_words() -> None:
    fake = FakeClient()
    fake.search_response = {"results": [{"hits": [], "totalHits": 4}]}
    engine_on(fake).search(SearchQuery(text="ik wil sport in gent", criteria="all"))
    ((main,),) = multi_searches(fake)
    assert main["q"] == "gent"  # stop words gone, the last word still a prefix
    (condition,) = main["filter"]
    assert condition.startswith('activities IN ["basketball", "cycling", "fitness", "football"')


def test_words_that_cannot_match_together_are_left_out_after_counting() -> None:
    fake = FakeClient()
    fake.search_response = {"results": [{"hits": [], "totalHits": 0}]}
    fake.probe_totals = {"voetbal ": 3, "xyzzyq": 0, "voetbal xyzzyq": 0}
    result = engine_on(fake).search(SearchQuery(text="voetbal xyzzyq", criteria="all"))
    sent = multi_searches(fake)
    assert [q["q"] for q in sent[0]] == ["voetbal xyzzyq"]  # the search as asked
    assert [q["q"] for q in sent[1]] == ["voetbal xyzzyq"]  # all together: none
    assert [q["q"] for q in sent[2]] == ["voetbal ", "xyzzyq"]  # each word alone
    assert all(q["hitsPerPage"] == 0 and "filter" not in q for q in sent[1] + sent[2])
    assert [q["q"] for q in sent[-1]] == ["voetbal "]  # the search again, without xyzzyq
    assert result.left_out == ("xyzzyq",)


def test_no_counting_when_the_search_found_something() -> None:
    fake = FakeClient()
    fake.search_response = {"results": [{"hits": [], "totalHits": 2}]}
    result = engine_on(fake).search(SearchQuery(text="voetbal xyzzyq"))
    assert len(multi_searches(fake)) == 1 and result.left_out == ()


def test_highlights_mark_the_whole_phrase_beside_the_words() -> None:
    fake = FakeClient()
    doc = make_doc(title={"nl": "Voetbal", "ar": "نادي كرة القدم في غنت"})
    formatted = {"title_ar": f"نادي كرة القدم في {MARK_START}غنت{MARK_END}"}
    fake.search_response = {"results": [{"hits": [hit(doc, _formatted=formatted)], "totalHits": 1}]}
    result = engine_on(fake).search(SearchQuery(text="كرة القدم غنت", locale="ar"))
    assert result.hits[0].highlights["title"] == "نادي <mark>كرة القدم</mark> في <mark>غنت</mark>"


def test_folded_text_holds_the_normalised_words() -> None:
    doc = make_doc(title={"nl": "Işık atölyesi", "ps": "ښوونځی"}, summary={"nl": "Łódź"},
                   taxonomy_terms=(), description_nl="", organisation="", municipality_name="")
    assert folded_text(doc) == "isik atolyesi شوونځي lodz"
