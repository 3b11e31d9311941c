"""MeiliSearchEngine against a fake client shaped like `meilisearch` 0.43 (no server)."""

from __future__ import annotations

import json
import math
import threading
from typing import Any

import meilisearch
import pytest
import requests
from meilisearch.errors import (
    MeilisearchApiError,
    MeilisearchCommunicationError,
    MeilisearchTimeoutError,
)
from meilisearch.models.task import Task, TaskInfo

from search_index.contract import (
    MAX_QUERY_LENGTH,
    EngineHealth,
    GeoPoint,
    OfferDocument,
    SearchEngine,
    SearchError,
    SearchQuery,
)
from search_index.geo import haversine_m, nearest_distance_m
from search_index.highlight import MARK_END, MARK_START
from search_index.meili_engine import (
    MeiliSearchEngine,
    clean_query_text,
    from_meili_document,
    location_document_id,
    to_meili_documents,
)
from search_index.meili_settings import index_settings

ENQUEUED_AT = "2024-08-12T10:00:00.000000Z"


def api_error(code: str, message: str, status: int = 404) -> MeilisearchApiError:
    """Return the error the client raises for an HTTP error answer."""
    response = requests.Response()
    response.status_code = status
    response._content = json.dumps(
        {"message": message, "code": code, "type": "invalid_request", "link": "https://x"}
    ).encode()
    response.encoding = "utf-8"
    return MeilisearchApiError("HTTP error", response)


class FakeIndex:
    """The part of `meilisearch.index.Index` the engine uses, recording every call."""

    def __init__(self, client: FakeClient, uid: str) -> None:
        self.client = client
        self.uid = uid

    def update_settings(self, body: dict[str, Any]) -> TaskInfo:
        self.client.calls.append(("update_settings", self.uid, body))
        return self.client.enqueue("settingsUpdate", self.uid)

    def add_documents(
        self, documents: list[dict[str, Any]], primary_key: str | None = None
    ) -> TaskInfo:
        self.client.calls.append(("add_documents", self.uid, list(documents), primary_key))
        return self.client.enqueue("documentAdditionOrUpdate", self.uid)

    def delete_documents(self, ids: Any = None, *, filter: Any = None) -> TaskInfo:
        self.client.calls.append(("delete_documents", self.uid, ids, filter))
        return self.client.enqueue("documentDeletion", self.uid)

    def search(self, query: str, opt_params: dict[str, Any] | None = None) -> dict[str, Any]:
        self.client.calls.append(("search", self.uid, query, opt_params))
        if self.uid not in self.client.indexes:
            raise api_error("index_not_found", f"Index `{self.uid}` not found.")
        if self.client.count_response is not None:
            return self.client.count_response
        # Like Meilisearch with distinctAttribute and page/hitsPerPage: offers, not documents.
        return {
            "hits": [],
            "query": query,
            "page": 1,
            "hitsPerPage": 0,
            "totalPages": 0,
            "totalHits": self.client.offers,
        }


class FakeClient:
    """The part of `meilisearch.Client` the engine uses; tasks succeed unless told otherwise."""

    def __init__(self) -> None:
        self.calls: list[tuple[Any, ...]] = []
        self.indexes: dict[str, str | None] = {}
        self.next_uid = 0
        self.task_types: dict[int, tuple[str, str | None]] = {}
        self.fail: dict[str, dict[str, str]] = {}  # task type -> error object
        self.hang: set[str] = set()  # task types that stay "processing"
        self.timeout: set[str] = set()  # task types whose wait raises the client's timeout
        self.search_response: dict[str, Any] = {"results": []}
        self.probe_totals: dict[str, int] = {}  # counting searches: q -> totalHits
        self.offers = 0  # what a distinct placeholder search reports as totalHits
        self.count_response: dict[str, Any] | None = None  # replaces the search answer
        self.unreachable = False

    def enqueue(self, task_type: str, index_uid: str | None) -> TaskInfo:
        self.next_uid += 1
        self.task_types[self.next_uid] = (task_type, index_uid)
        return TaskInfo(
            taskUid=self.next_uid,
            indexUid=index_uid,
            status="enqueued",
            type=task_type,
            enqueuedAt=ENQUEUED_AT,
        )

    def index(self, uid: str) -> FakeIndex:
        return FakeIndex(self, uid)

    def get_index(self, uid: str) -> Any:
        self.calls.append(("get_index", uid))
        if self.unreachable:
            raise MeilisearchCommunicationError("connection refused")
        if uid not in self.indexes:
            raise api_error("index_not_found", f"Index `{uid}` not found.")
        return type("Index", (), {"uid": uid, "primary_key": self.indexes[uid]})()

    def create_index(self, uid: str, options: dict[str, Any] | None = None) -> TaskInfo:
        self.calls.append(("create_index", uid, options))
        self.indexes[uid] = (options or {}).get("primaryKey")
        return self.enqueue("indexCreation", uid)

    def delete_index(self, uid: str) -> TaskInfo:
        self.calls.append(("delete_index", uid))
        if uid not in self.indexes:
            self.fail.setdefault(
                "indexDeletion", {"message": f"Index `{uid}` not found.", "code": "index_not_found"}
            )
        self.indexes.pop(uid, None)
        return self.enqueue("indexDeletion", uid)

    def swap_indexes(self, parameters: list[dict[str, Any]]) -> TaskInfo:
        self.calls.append(("swap_indexes", parameters))
        return self.enqueue("indexSwap", None)

    def wait_for_task(self, uid: int, timeout_in_ms: int = 5000, interval_in_ms: int = 50) -> Task:
        self.calls.append(("wait_for_task", uid, timeout_in_ms))
        task_type, index_uid = self.task_types[uid]
        if task_type in self.timeout:
            raise MeilisearchTimeoutError(f"timeout of {timeout_in_ms}ms on process {uid}")
        status, error = "succeeded", None
        if task_type in self.hang:
            status = "processing"
        elif task_type in self.fail:
            status, error = "failed", self.fail[task_type]
        return Task(
            uid=uid,
            indexUid=index_uid,
            status=status,
            type=task_type,
            enqueuedAt=ENQUEUED_AT,
            error=error,
        )

    def multi_search(
        self, queries: list[dict[str, Any]], federation: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        self.calls.append(("multi_search", queries))
        if self.unreachable:
            raise MeilisearchCommunicationError("connection refused")
        if all(q.get("hitsPerPage") == 0 and "facets" not in q for q in queries):
            # A counting search (which words to leave out): totals by text sent.
            return {"results": [{"hits": [], "totalHits": self.probe_totals.get(q["q"], 0)}
                                for q in queries]}
        return self.search_response

    def health(self) -> dict[str, str]:
        self.calls.append(("health",))
        if self.unreachable:
            raise MeilisearchCommunicationError("connection refused")
        return {"status": "available"}

    def names(self) -> list[str]:
        """Return the names of the calls made, task waits left out."""
        return [call[0] for call in self.calls if call[0] != "wait_for_task"]


def make_doc(doc_id: str = "offer-1", **changes: Any) -> OfferDocument:
    """Return a realistic offer document, with `changes` applied."""
    values: dict[str, Any] = {
        "id": doc_id,
        "title": {"nl": "Taalcafé in Gent", "en": "Language café in Ghent"},
        "summary": {"nl": "Samen Nederlands praten", "fa-AF": "گفتگو به هلندی"},
        "description_nl": "Elke week op dinsdag.",
        "organisation": "Vzw Babbel",
        "offer_type": "conversation_table",
        "activities": ("talen", "koffie"),
        "taxonomy_terms": ("taalcafé", "conversation table", "طاولة محادثة"),
        "municipality": "44021",
        "municipality_name": "Gent",
        "region": "gent",
        "points": (GeoPoint(51.0543, 3.7174), GeoPoint(51.0, 3.8)),
        "dutch_context": True,
        "social_participation": True,
        "weekdays": ("tue",),
        "dayparts": ("evening",),
        "free": True,
        "wheelchair": False,
        "dutch_level": "A1",
        "published_at": 1_700_000_000,
        "confirmed_at": 1_700_100_000,
    }
    values.update(changes)
    return OfferDocument(**values)


@pytest.fixture
def fake() -> FakeClient:
    """Return a fresh fake client."""
    return FakeClient()


@pytest.fixture
def engine(fake: FakeClient) -> MeiliSearchEngine:
    """Return an engine on the fake client, with a 3 s task timeout."""
    return MeiliSearchEngine(
        "http://meili.invalid:7700", "key", index_name="offers", client=fake, task_timeout_s=3
    )


# -- documents ----------------------------------------------------------------


def test_document_layout_one_document_per_location() -> None:
    doc = make_doc(
        title={"nl": "Koken \ue000samen\ue001", "fa-AF": "آشپزی"},
        points=(GeoPoint(51, 4), GeoPoint(50.5, 4.5), GeoPoint(51.2, 3.2)),
    )
    docs = to_meili_documents(doc)
    assert [d["id"] for d in docs] == ["offer-1-0", "offer-1-1", "offer-1-2"]
    assert all(d["offer_id"] == "offer-1" for d in docs)
    # Each document has its own point, and all of them carry every point of the offer.
    assert [d["_geo"] for d in docs] == [
        {"lat": 51.0, "lng": 4.0},
        {"lat": 50.5, "lng": 4.5},
        {"lat": 51.2, "lng": 3.2},
    ]
    for out in docs:
        assert isinstance(out["_geo"]["lat"], float) and isinstance(out["_geo"]["lng"], float)
        assert out["points"] == [
            {"lat": 51.0, "lng": 4.0},
            {"lat": 50.5, "lng": 4.5},
            {"lat": 51.2, "lng": 3.2},
        ]
        assert out["title_nl"] == "Koken samen"  # hostile sentinels stripped
        assert out["title_fa_af"] == "آشپزی"
        assert out["title_locales"] == ["nl", "fa-AF"]
        assert out["summary_fa_af"] == "گفتگو به هلندی"
        assert out["pnt_eligible"] is True
        assert out["dutch_level"] == "A1" and out["dutch_level_rank"] == 1
        assert out["published_at"] == 1_700_000_000
        json.dumps(out)  # plain JSON, nothing the client cannot serialise
    # Only id and _geo differ between an offer's documents.
    strip = [{k: v for k, v in d.items() if k not in ("id", "_geo")} for d in docs]
    assert strip[0] == strip[1] == strip[2]
    # Independent values: changing one document leaves the others alone.
    docs[0]["points"].append({"lat": 0.0, "lng": 0.0})
    assert len(docs[1]["points"]) == 3


def test_document_without_points_is_one_document_without_geo() -> None:
    (out,) = to_meili_documents(make_doc(points=()))
    assert out["id"] == "offer-1-0" and out["offer_id"] == "offer-1"
    assert "_geo" not in out and out["points"] == []


def test_location_ids_never_collide_across_offers() -> None:
    # The index after the last "-" has no "-", so "a-1" + 0 and "a" + 10 differ.
    ids = {
        location_document_id(offer, i)
        for offer in ("a", "a-1", "a-10", "a-1-0", "1", "12")
        for i in range(12)
    }
    assert len(ids) == 6 * 12


def test_sentinels_stripped_from_every_free_text_field() -> None:
    mark = MARK_START + "x" + MARK_END
    (out, _) = to_meili_documents(
        make_doc(
            summary={"nl": mark},
            description_nl=mark,
            organisation=mark,
            municipality_name=mark,
            taxonomy_terms=(mark,),
        )
    )
    for value in (
        out["summary_nl"],
        out["description_nl"],
        out["organisation"],
        out["municipality_name"],
        out["taxonomy_terms"][0],
    ):
        assert value == "x"


@pytest.mark.parametrize("bad_id", ["", "a b", "a/b", 'x"', "é", "x" * 401, "x" * 512])
def test_ids_meilisearch_would_reject_are_refused_early(bad_id: str) -> None:
    with pytest.raises(ValueError):
        to_meili_documents(make_doc(bad_id))


def test_longest_offer_id_still_makes_filterable_location_ids() -> None:
    docs = to_meili_documents(make_doc("x" * 400))
    # Meilisearch truncates facet values past 468 bytes; writes filter on id.
    assert all(len(d["id"]) <= 468 for d in docs)


def test_document_round_trip_from_every_location() -> None:
    doc = make_doc()
    for out in to_meili_documents(doc):
        assert from_meili_document(out) == doc
    nowhere = make_doc(points=())
    (out,) = to_meili_documents(nowhere)
    assert from_meili_document(out) == nowhere


def test_document_of_the_earlier_layout_still_reads() -> None:
    # Written before offer_id existed: the document id was the offer id.
    (out,) = to_meili_documents(make_doc("17", points=()))
    legacy = {**out, "id": "17"}
    del legacy["offer_id"]
    assert from_meili_document(legacy).id == "17"


def test_haversine_uses_the_mean_earth_radius() -> None:
    # A quarter of a meridian, 90 degrees of arc, on a sphere of radius 6371008.8 m.
    quarter = haversine_m(GeoPoint(0, 0), GeoPoint(90, 0))
    assert quarter == pytest.approx(math.pi / 2 * 6_371_008.8, abs=1e-6)
    assert haversine_m(GeoPoint(51, 4), GeoPoint(51, 4)) == 0.0
    assert haversine_m(GeoPoint(0, 179.5), GeoPoint(0, -179.5)) == pytest.approx(
        math.radians(1) * 6_371_008.8
    )


def test_nearest_distance_is_the_minimum_over_all_points() -> None:
    origin = GeoPoint(51.05, 3.72)
    far, near, middle = GeoPoint(50.85, 4.35), GeoPoint(51.06, 3.73), GeoPoint(51.2, 3.2)
    assert nearest_distance_m(origin, (far, near, middle)) == haversine_m(origin, near)
    assert nearest_distance_m(origin, ()) is None


# -- tasks ----------------------------------------------------------------------


def test_configure_creates_index_applies_settings_and_awaits(
    fake: FakeClient, engine: MeiliSearchEngine
) -> None:
    engine.configure()
    assert fake.names() == ["get_index", "create_index", "update_settings"]
    assert fake.calls[1] == ("create_index", "offers", {"primaryKey": "id"})
    assert fake.calls[3][2] == index_settings()
    waits = [c for c in fake.calls if c[0] == "wait_for_task"]
    assert [w[1] for w in waits] == [1, 2]
    assert all(w[2] == 3000 for w in waits)
    # Again: the index exists now, so only the settings are sent.
    fake.calls.clear()
    engine.configure()
    assert fake.names() == ["get_index", "update_settings"]


def test_configure_refuses_an_index_with_another_primary_key(
    fake: FakeClient, engine: MeiliSearchEngine
) -> None:
    fake.indexes["offers"] = "uuid"
    with pytest.raises(SearchError, match="primary key 'uuid'"):
        engine.configure()


def test_failed_task_raises_naming_uid_and_error(
    fake: FakeClient, engine: MeiliSearchEngine
) -> None:
    fake.fail["settingsUpdate"] = {
        "message": "Attribute `foo` is not filterable.",
        "code": "invalid_settings_filterable_attributes",
    }
    with pytest.raises(SearchError) as info:
        engine.configure()
    text = str(info.value)
    assert "task 2" in text
    assert "Attribute `foo` is not filterable." in text
    assert "invalid_settings_filterable_attributes" in text


def test_task_past_the_timeout_raises(fake: FakeClient, engine: MeiliSearchEngine) -> None:
    fake.timeout.add("indexCreation")
    with pytest.raises(SearchError, match=r"task 1 .*did not finish within 3 s"):
        engine.configure()


def test_task_still_processing_raises(fake: FakeClient, engine: MeiliSearchEngine) -> None:
    fake.hang.add("documentAdditionOrUpdate")
    with pytest.raises(SearchError, match=r"task 3 .*still processing"):
        engine.upsert([make_doc()])


def test_upsert_configures_once_then_adds_in_awaited_batches(fake: FakeClient) -> None:
    engine = MeiliSearchEngine("http://x.invalid", index_name="offers", client=fake, batch_size=2)
    engine.upsert([make_doc(f"o{i}", points=(GeoPoint(51, 4),)) for i in range(5)])
    adds = [c for c in fake.calls if c[0] == "add_documents"]
    assert [[d["id"] for d in c[2]] for c in adds] == [["o0-0", "o1-0"], ["o2-0", "o3-0"], ["o4-0"]]
    assert all(c[3] == "id" for c in adds)  # the primary key is always named
    deletes = [c for c in fake.calls if c[0] == "delete_documents"]
    assert [c[3] for c in deletes] == [
        'offer_id IN ["o0", "o1"] AND id NOT IN ["o0-0", "o1-0"]',
        'offer_id IN ["o2", "o3"] AND id NOT IN ["o2-0", "o3-0"]',
        'offer_id IN ["o4"] AND id NOT IN ["o4-0"]',
    ]
    assert len([c for c in fake.calls if c[0] == "wait_for_task"]) == 2 + 3 + 3
    fake.calls.clear()
    engine.upsert([make_doc("o9")])
    assert fake.names() == ["add_documents", "delete_documents"]


def test_upsert_batches_count_location_documents(fake: FakeClient) -> None:
    engine = MeiliSearchEngine("http://x.invalid", index_name="offers", client=fake, batch_size=2)
    three = (GeoPoint(51, 4), GeoPoint(50.5, 4.5), GeoPoint(51.2, 3.2))
    engine.upsert([make_doc("a", points=three), make_doc("b", points=())])
    adds = [c for c in fake.calls if c[0] == "add_documents"]
    assert [[d["id"] for d in c[2]] for c in adds] == [["a-0", "a-1"], ["a-2", "b-0"]]
    assert [d["offer_id"] for c in adds for d in c[2]] == ["a", "a", "a", "b"]
    (delete,) = [c for c in fake.calls if c[0] == "delete_documents"]
    assert delete[2] is None  # by filter, never the deprecated id-list route
    assert delete[3] == 'offer_id IN ["a", "b"] AND id NOT IN ["a-0", "a-1", "a-2", "b-0"]'


def test_upsert_deletes_stale_locations_only_after_the_additions(
    fake: FakeClient, engine: MeiliSearchEngine
) -> None:
    engine.configure()
    fake.calls.clear()
    # The offer had three locations; now it has one.
    engine.upsert([make_doc("7", points=(GeoPoint(51, 4),))])
    assert fake.names() == ["add_documents", "delete_documents"]
    add_uid = fake.next_uid - 1
    waits = [c[1] for c in fake.calls if c[0] == "wait_for_task"]
    # The addition is awaited before the deletion is even sent.
    add_wait = fake.calls.index(("wait_for_task", add_uid, 3000))
    delete_call = next(i for i, c in enumerate(fake.calls) if c[0] == "delete_documents")
    assert add_wait < delete_call
    assert waits == [add_uid, add_uid + 1]
    assert fake.calls[delete_call][3] == 'offer_id IN ["7"] AND id NOT IN ["7-0"]'


def test_upsert_of_the_same_offer_twice_keeps_the_last_version(
    fake: FakeClient, engine: MeiliSearchEngine
) -> None:
    two = (GeoPoint(51, 4), GeoPoint(50.5, 4.5))
    engine.upsert([make_doc("7", points=two), make_doc("7", points=(GeoPoint(50, 5),))])
    (add,) = [c for c in fake.calls if c[0] == "add_documents"]
    # Meilisearch applies them in order: 7-0 is replaced, 7-1 is stale.
    assert [d["id"] for d in add[2]] == ["7-0", "7-1", "7-0"]
    (delete,) = [c for c in fake.calls if c[0] == "delete_documents"]
    assert delete[3] == 'offer_id IN ["7"] AND id NOT IN ["7-0"]'


def test_failed_addition_keeps_the_old_locations(
    fake: FakeClient, engine: MeiliSearchEngine
) -> None:
    engine.configure()
    fake.fail["documentAdditionOrUpdate"] = {"message": "disk full", "code": "internal"}
    with pytest.raises(SearchError, match="disk full"):
        engine.upsert([make_doc("7")])
    assert "delete_documents" not in fake.names()


def test_upsert_of_nothing_only_configures(fake: FakeClient, engine: MeiliSearchEngine) -> None:
    engine.upsert([])
    assert fake.names() == ["get_index", "create_index", "update_settings"]
    fake.calls.clear()
    engine.upsert([])
    assert fake.names() == []


@pytest.mark.parametrize("bad_id", ['7" OR offer_id EXISTS', "7 8", "x" * 401])
def test_upsert_refuses_a_bad_offer_before_sending_anything(
    fake: FakeClient, engine: MeiliSearchEngine, bad_id: str
) -> None:
    small = MeiliSearchEngine("http://x.invalid", index_name="offers", client=fake, batch_size=1)
    engine.configure()
    small.configure()
    fake.calls.clear()
    for target in (engine, small):
        with pytest.raises(ValueError):
            target.upsert([make_doc("1"), make_doc(bad_id)])
    assert fake.calls == []


def test_failed_document_batch_raises(fake: FakeClient, engine: MeiliSearchEngine) -> None:
    engine.configure()
    fake.fail["documentAdditionOrUpdate"] = {
        "message": "The `_geo` field in the document with the id: `o1` is not an object.",
        "code": "invalid_document_geo_field",
    }
    with pytest.raises(SearchError, match="invalid_document_geo_field"):
        engine.upsert([make_doc("o1")])


def test_delete_every_location_by_escaped_offer_id_filter(
    fake: FakeClient, engine: MeiliSearchEngine
) -> None:
    engine.configure()
    fake.calls.clear()
    engine.delete(["b", "a", "b", 'x" OR id EXISTS', "back\\slash\\"])
    (call,) = [c for c in fake.calls if c[0] == "delete_documents"]
    assert call[2] is None  # not the deprecated id-list route
    assert call[3] == (r'offer_id IN ["a", "b", "back\\slash\\", "x\" OR id EXISTS"]')
    fake.calls.clear()
    engine.delete([])
    assert fake.calls == []


def test_delete_in_batches_of_offers(fake: FakeClient) -> None:
    engine = MeiliSearchEngine("http://x.invalid", index_name="offers", client=fake, batch_size=2)
    engine.delete(["3", "1", "2"])
    filters = [c[3] for c in fake.calls if c[0] == "delete_documents"]
    assert filters == ['offer_id IN ["1", "2"]', 'offer_id IN ["3"]']


def test_delete_on_a_missing_index_is_ignored(fake: FakeClient, engine: MeiliSearchEngine) -> None:
    engine.configure()
    fake.fail["documentDeletion"] = {
        "message": "Index `offers` not found.",
        "code": "index_not_found",
    }
    engine.delete(["a"])


def test_communication_errors_become_search_errors(
    fake: FakeClient, engine: MeiliSearchEngine
) -> None:
    fake.unreachable = True
    with pytest.raises(SearchError, match="connection refused"):
        engine.configure()
    with pytest.raises(SearchError, match="connection refused"):
        engine.search(SearchQuery(text="x"))


# -- search ---------------------------------------------------------------------


def hit(doc: OfferDocument, location: int = 0, **extra: Any) -> dict[str, Any]:
    """Return the Meilisearch hit of one of `doc`'s location documents, with extra fields."""
    return {**to_meili_documents(doc)[location], **extra}


def test_search_builds_one_multi_search_with_disjunctive_facet_queries(
    fake: FakeClient, engine: MeiliSearchEngine
) -> None:
    query = SearchQuery(
        text='  taal\x00café "Gent"  -koken ',
        locale="fa-AF",
        offer_types=frozenset({"buddy", "conversation_table"}),
        weekdays=frozenset({"tue"}),
        origin=GeoPoint(51.05, 3.72),
        radius_km=10,
        sort="distance",
        page=2,
        page_size=500,
        facets=("offer_type", "weekday", "region", "offer_type", "bogus"),
    )
    fake.search_response = {
        "results": [
            {"hits": [], "totalHits": 3, "page": 2, "hitsPerPage": 100},
            {"hits": [], "facetDistribution": {"offer_type": {"buddy": 2}}},
            {"hits": [], "facetDistribution": {"weekdays": {"tue": 1}}},
            {"hits": [], "facetDistribution": {"region": {}}},
        ]
    }
    result = engine.search(query)
    calls = [c for c in fake.calls if c[0] == "multi_search"]
    assert len(calls) == 1 and len(fake.calls) == 1
    main, *facet_queries = calls[0][1]
    assert main == {
        "indexUid": "offers",
        # Normalised words; a space after the last one: it is no prefix.
        "q": "taal cafe gent koken ",
        "page": 2,
        "hitsPerPage": 100,
        "matchingStrategy": "all",
        "attributesToHighlight": ["title_fa_af", "summary_fa_af", "title_nl", "summary_nl"],
        "highlightPreTag": MARK_START,
        "highlightPostTag": MARK_END,
        "filter": [
            "pnt_eligible = true",
            'offer_type IN ["buddy", "conversation_table"]',
            'weekdays IN ["tue"]',
            "_geoRadius(51.05, 3.72, 10000.0)",
        ],
        "sort": ["_geoPoint(51.05, 3.72):asc"],
    }
    assert [q["facets"] for q in facet_queries] == [["offer_type"], ["weekdays"], ["region"]]
    for facet_query in facet_queries:
        # page/hitsPerPage, not limit: only then are facets counted after distinct (offers).
        assert facet_query["page"] == 1 and facet_query["hitsPerPage"] == 0
        assert "limit" not in facet_query and "offset" not in facet_query
        assert facet_query["q"] == main["q"]
        assert facet_query["matchingStrategy"] == "all"
    assert facet_queries[0]["filter"] == [
        "pnt_eligible = true",
        'weekdays IN ["tue"]',
        "_geoRadius(51.05, 3.72, 10000.0)",
    ]
    assert facet_queries[1]["filter"] == [
        "pnt_eligible = true",
        'offer_type IN ["buddy", "conversation_table"]',
        "_geoRadius(51.05, 3.72, 10000.0)",
    ]
    assert facet_queries[2]["filter"] == main["filter"]
    assert result.facets == {"offer_type": {"buddy": 2}, "weekday": {"tue": 1}, "region": {}}
    assert result.page == 2 and result.page_size == 100 and result.total == 3


def test_sorts(engine: MeiliSearchEngine) -> None:
    newest = engine.search_requests(SearchQuery(criteria="all"))[0]
    assert newest["sort"] == ["published_at:desc"] and "filter" not in newest
    relevance = engine.search_requests(SearchQuery(text="koken"))[0]
    assert "sort" not in relevance
    near = engine.search_requests(SearchQuery(origin=GeoPoint(51, 4)))[0]
    assert near["sort"] == ["_geoPoint(51.0, 4.0):asc"] and near["filter"] == [
        "pnt_eligible = true"
    ]


def test_search_maps_hits_distance_highlights_and_facets(
    fake: FakeClient, engine: MeiliSearchEngine
) -> None:
    doc = make_doc(title={"nl": "<script>alert(1)</script> Taalcafé", "en": "Café"})
    other = make_doc("offer-2", points=(GeoPoint(51.1, 3.7),))
    query = SearchQuery(
        text="taal",
        locale="ps",
        origin=GeoPoint(51.05, 3.72),
        facets=("dutch_level", "activity"),
    )
    formatted = {
        "title_nl": f"<script>alert(1)</script> {MARK_START}Taal{MARK_END}café",
        "summary_nl": "Samen Nederlands praten",
    }
    fake.search_response = {
        "results": [
            {
                "hits": [
                    # Relevance sort: Meilisearch may keep any location, here the farther one,
                    # and its _geoDistance is not the offer's distance.
                    hit(doc, 1, _formatted=formatted, _geoDistance=9999),
                    hit(other, _formatted={"title_nl": f"{MARK_END}broken{MARK_START}"}),
                ],
                "totalHits": 42,
                "processingTimeMs": 3,
            },
            {"hits": [], "facetDistribution": {"dutch_level": {"a1": 3, "B1": 1}}},
            {"hits": [], "facetDistribution": {"activities": {"koken": 5}}},
        ]
    }
    result = engine.search(query)
    assert result.total == 42 and result.page == 1 and result.page_size == 20
    first, second = result.hits
    assert first.document == doc  # the whole offer, every point, from one location document
    # The nearest of the offer's points, measured here: (51.0543, 3.7174), not (51.0, 3.8).
    assert first.distance_m == pytest.approx(haversine_m(query.origin, GeoPoint(51.0543, 3.7174)))
    assert first.distance_m < haversine_m(query.origin, GeoPoint(51.0, 3.8))
    assert first.highlights == {
        "title": "&lt;script&gt;alert(1)&lt;/script&gt; <mark>Taal</mark>café",
        "summary": "Samen Nederlands praten",
    }
    # One point: the distance to it; unbalanced marks dropped.
    assert second.distance_m == pytest.approx(haversine_m(query.origin, GeoPoint(51.1, 3.7)))
    assert second.highlights["title"] == "broken"
    assert second.highlights["summary"] == "Samen Nederlands praten"
    assert result.facets == {"dutch_level": {"A1": 3, "B1": 1}, "activity": {"koken": 5}}
    assert result.took_ms >= 0


def test_distance_sort_hit_is_one_per_offer_with_its_nearest_distance(
    fake: FakeClient, engine: MeiliSearchEngine
) -> None:
    origin = GeoPoint(50.85, 4.35)  # Brussels
    brussels, ghent, antwerp = GeoPoint(50.84, 4.36), GeoPoint(51.05, 3.72), GeoPoint(51.22, 4.4)
    doc = make_doc("5", points=(ghent, antwerp, brussels))
    query = SearchQuery(criteria="all", origin=origin, radius_km=5)
    main = engine.search_requests(query)[0]
    assert main["sort"] == ["_geoPoint(50.85, 4.35):asc"]
    assert main["filter"] == ["_geoRadius(50.85, 4.35, 5000.0)"]
    # Under a distance sort the distinct hit is the nearest location document (index 2).
    fake.search_response = {"results": [{"hits": [hit(doc, 2, _geoDistance=1327)], "totalHits": 1}]}
    (only,) = engine.search(query).hits
    assert only.document == doc and only.document.points == (ghent, antwerp, brussels)
    assert only.distance_m == pytest.approx(haversine_m(origin, brussels))
    assert only.distance_m < 5000


def test_hit_without_points_has_no_distance(fake: FakeClient, engine: MeiliSearchEngine) -> None:
    fake.search_response = {"results": [{"hits": [hit(make_doc(points=()))], "totalHits": 1}]}
    (only,) = engine.search(SearchQuery(text="taal", origin=GeoPoint(51, 4))).hits
    assert only.distance_m is None


def test_no_distance_without_origin(fake: FakeClient, engine: MeiliSearchEngine) -> None:
    fake.search_response = {"results": [{"hits": [hit(make_doc())], "totalHits": 1}]}
    (only,) = engine.search(SearchQuery(text="taal")).hits
    assert only.distance_m is None
    assert only.highlights["title"] == "Taalcafé in Gent"


def test_page_past_max_total_hits_is_empty(fake: FakeClient, engine: MeiliSearchEngine) -> None:
    fake.search_response = {
        "results": [{"hits": [hit(make_doc())], "totalHits": 7, "page": 1, "hitsPerPage": 20}]
    }
    result = engine.search(SearchQuery(page=10**9))
    assert result.hits == [] and result.total == 7 and result.page == 10**9
    (call,) = [c for c in fake.calls if c[0] == "multi_search"]
    assert call[1][0]["page"] == 1


def test_unexpected_response_raises(fake: FakeClient, engine: MeiliSearchEngine) -> None:
    fake.search_response = {"results": []}
    with pytest.raises(SearchError):
        engine.search(SearchQuery(text="x"))


@pytest.mark.parametrize(
    "text",
    [
        '"',
        "-",
        "\\",
        "' OR 1=1 --",
        "\x00\x01\x1f\x7f",
        "<script>alert(1)</script>",
        MARK_START * 3,
        "a" * (MAX_QUERY_LENGTH * 5),
        "ال" + "\u200c" + "كتاب",
        "lone \ud800 surrogate",
    ],
)
def test_hostile_text_never_raises(fake: FakeClient, engine: MeiliSearchEngine, text: str) -> None:
    fake.search_response = {"results": [{"hits": [], "totalHits": 0}]}
    engine.search(SearchQuery(text=text))
    sent = fake.calls[-1][1][0]["q"]
    assert len(sent) <= MAX_QUERY_LENGTH
    assert '"' not in sent and "-" not in sent and MARK_START not in sent
    json.dumps(sent).encode("utf-8")  # the body the client sends must be valid UTF-8
    assert "\ud800" not in sent


def test_clean_query_text() -> None:
    assert clean_query_text('  "exact   phrase"\n-not e-mail\t') == "exact phrase not e mail"
    assert clean_query_text("x" * (MAX_QUERY_LENGTH + 10)) == "x" * MAX_QUERY_LENGTH
    # Zero-width non-joiner is part of Persian words, not a control character.
    assert clean_query_text("می\u200cخواهم") == "می\u200cخواهم"


# -- rebuild, health, count, drop -------------------------------------------------


def test_rebuild_builds_aside_swaps_and_deletes_the_old(
    fake: FakeClient, engine: MeiliSearchEngine
) -> None:
    engine.rebuild([make_doc("a"), make_doc("b")])
    names = fake.names()
    assert names == [
        "create_index",
        "update_settings",
        "add_documents",
        "get_index",
        "create_index",
        "swap_indexes",
        "delete_index",
    ]
    fresh = fake.calls[0][1]
    assert fresh.startswith("offers_") and fake.calls[0][2] == {"primaryKey": "id"}
    assert fake.calls[2][1] == fresh
    assert fake.calls[2] == ("update_settings", fresh, index_settings())
    # One document per location, and nothing stale to delete in a fresh index.
    (add,) = [c for c in fake.calls if c[0] == "add_documents"]
    assert add[1] == fresh
    assert [d["id"] for d in add[2]] == ["a-0", "a-1", "b-0", "b-1"]
    assert [d["offer_id"] for d in add[2]] == ["a", "a", "b", "b"]
    swap = next(c for c in fake.calls if c[0] == "swap_indexes")
    assert swap[1] == [{"indexes": ["offers", fresh]}]
    assert ("delete_index", fresh) in fake.calls
    # Every task was awaited.
    assert len([c for c in fake.calls if c[0] == "wait_for_task"]) == fake.next_uid


def test_failed_rebuild_drops_the_half_built_index(
    fake: FakeClient, engine: MeiliSearchEngine
) -> None:
    fake.indexes["offers"] = "id"
    fake.fail["documentAdditionOrUpdate"] = {
        "message": "bad document",
        "code": "invalid_document_id",
    }
    with pytest.raises(SearchError, match="bad document"):
        engine.rebuild([make_doc("a")])
    assert "swap_indexes" not in fake.names()
    fresh = fake.calls[0][1]
    assert fake.names()[-1] == "delete_index" and fake.calls[-2] == ("delete_index", fresh)
    assert set(fake.indexes) == {"offers"}


def test_rebuild_with_a_bad_offer_id_drops_the_half_built_index(
    fake: FakeClient, engine: MeiliSearchEngine
) -> None:
    fake.indexes["offers"] = "id"
    with pytest.raises(ValueError):
        engine.rebuild([make_doc("a"), make_doc("b c")])
    assert "swap_indexes" not in fake.names()
    assert set(fake.indexes) == {"offers"}


def test_health(fake: FakeClient, engine: MeiliSearchEngine) -> None:
    assert isinstance(engine, SearchEngine)
    missing = engine.health()
    assert missing == EngineHealth(
        ok=False, engine="meilisearch", detail="index offers does not exist"
    )
    fake.indexes["offers"] = "id"
    fake.offers = 12
    healthy = engine.health()
    assert healthy.ok and healthy.documents == 12 and healthy.engine == "meilisearch"
    fake.unreachable = True
    down = engine.health()
    assert not down.ok and "unreachable" in down.detail


def test_count_and_drop(fake: FakeClient, engine: MeiliSearchEngine) -> None:
    assert engine.count() == 0
    fake.indexes["offers"] = "id"
    fake.offers = 3
    assert engine.count() == 3
    # Offers, not location documents: a distinct placeholder search read for its totalHits.
    search = [c for c in fake.calls if c[0] == "search"][-1]
    assert search == ("search", "offers", "", {"page": 1, "hitsPerPage": 0})
    engine.drop()
    assert "offers" not in fake.indexes
    engine.drop()  # a missing index is fine


def test_count_without_total_hits_raises(fake: FakeClient, engine: MeiliSearchEngine) -> None:
    fake.indexes["offers"] = "id"
    fake.count_response = {"hits": [], "estimatedTotalHits": 3}  # offset/limit shape: no total
    with pytest.raises(SearchError, match="totalHits"):
        engine.count()
    assert not engine.health().ok


def test_constructor_validates_index_name() -> None:
    with pytest.raises(ValueError):
        MeiliSearchEngine("http://x.invalid", index_name="bad name", client=FakeClient())
    engine = MeiliSearchEngine("http://x.invalid/", "key")  # the real client; no request yet
    assert engine.name == "meilisearch" and engine.index_name == "offers"
    client = engine._client
    assert isinstance(client, meilisearch.Client)
    assert client.config.url == "http://x.invalid" and client.config.api_key == "key"
    assert engine._client is client
    # One client per thread: the client mutates shared request headers on every call.
    other: list[Any] = []
    thread = threading.Thread(target=lambda: other.append(engine._client))
    thread.start()
    thread.join()
    assert other[0] is not client


# -- no implicit index (issue 16) ----------------------------------------------------


@pytest.fixture
def strict(fake: FakeClient) -> MeiliSearchEngine:
    """Return an engine as the application builds it: it never creates a missing index."""
    return MeiliSearchEngine(
        "http://meili.invalid:7700", "key", index_name="offers", client=fake,
        task_timeout_s=3, create_missing=False,
    )


def test_configure_without_create_missing_reports_the_missing_index_and_creates_nothing(
    fake: FakeClient, strict: MeiliSearchEngine
) -> None:
    from search_index.meili_engine import IndexMissingError

    with pytest.raises(IndexMissingError, match="offers does not exist"):
        strict.configure()
    assert fake.names() == ["get_index"]
    assert fake.indexes == {}


def test_writes_to_a_missing_index_fail_instead_of_creating_it(
    fake: FakeClient, strict: MeiliSearchEngine
) -> None:
    # Meilisearch creates an index on the first document added: the engine must not get there.
    with pytest.raises(SearchError, match="does not exist"):
        strict.upsert([make_doc()])
    with pytest.raises(SearchError, match="does not exist"):
        strict.delete(["offer-1"])
    assert "add_documents" not in fake.names()
    assert "create_index" not in fake.names()
    assert fake.indexes == {}


def test_make_engine_passes_create_missing_to_meilisearch() -> None:
    from search_index import make_engine

    built = make_engine("meilisearch", meili_url="http://meili.invalid:7700", create_missing=False)
    assert built.create_missing is False  # type: ignore[attr-defined]


def test_index_status_says_missing_then_present_after_a_rebuild(
    fake: FakeClient, strict: MeiliSearchEngine
) -> None:
    from search_index.index_status import MISSING, PRESENT, UNREACHABLE, index_status

    fake.offers = 1
    assert index_status(strict).state == MISSING
    assert fake.indexes == {}  # reading the status created nothing
    strict.rebuild([make_doc()])  # only a rebuild (search reindex, setup) makes the index
    status = index_status(strict)
    assert (status.state, status.documents) == (PRESENT, 1)
    strict.configure()  # now it exists: configuring only applies the settings
    fake.unreachable = True
    assert index_status(strict).state == UNREACHABLE
