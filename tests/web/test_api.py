"""GET /api/v1/offers and /api/v1/offers/<id>: parameters, shape, language, errors."""

from __future__ import annotations

import pytest

GENT = ("44021", 51.0543, 3.7174)
ANTWERPEN = ("11002", 51.2199, 4.4035)
LEUVEN = ("24062", 50.8798, 4.7005)


@pytest.fixture
def offers(make_offer):  # type: ignore[no-untyped-def]
    football = make_offer(
        "Voetbal met de buren",
        activities=("football",),
        offer_type="club",
        nis=GENT[0], lat=GENT[1], lon=GENT[2],
        translations={"ar": ("كرة القدم مع الجيران", "نلعب كل أسبوع.")},
        weekdays=("sat",), daypart="morning",
    )
    table = make_offer(
        "Praattafel in de bib", offer_type="conversation_table",
        nis=ANTWERPEN[0], lat=ANTWERPEN[1], lon=ANTWERPEN[2], weekdays=("tue",), daypart="evening",
    )
    expat = make_offer(
        "Expat drinks", offer_type="club", social_participation=False,
        nis=LEUVEN[0], lat=LEUVEN[1], lon=LEUVEN[2],
    )
    return {"football": football.id, "table": table.id, "expat": expat.id}


def test_shape_of_a_search(client, offers) -> None:  # type: ignore[no-untyped-def]
    body = client.get("/api/v1/offers?q=football").get_json()
    assert body["total"] == 1 and body["page"] == 1 and body["page_size"] == 20
    hit = body["hits"][0]
    assert hit["id"] == str(offers["football"])
    assert hit["title"] == "Voetbal met de buren" and hit["content_lang"] == "nl"
    for key in ("summary", "offer_type", "activities", "organisation", "municipality", "region", "distance_m", "url"):
        assert key in hit
    assert hit["offer_type"] == "club" and hit["activities"] == ["football"]
    assert hit["municipality"] == "Gent" and hit["region"] == "stad-gent"
    assert hit["url"].startswith(f"/nl/offers/{offers['football']}-")
    assert set(body["facets"]) == {"offer_type", "activity", "region", "weekday", "daypart", "dutch_level"}


@pytest.mark.parametrize("text", ["football", "voetbal", "футбол", "كرة القدم", "fútbol"])
def test_cross_language_search(client, offers, text) -> None:  # type: ignore[no-untyped-def]
    ids = [h["id"] for h in client.get("/api/v1/offers", query_string={"q": text}).get_json()["hits"]]
    assert ids == [str(offers["football"])]


def test_translation_in_the_requested_language(client, offers) -> None:  # type: ignore[no-untyped-def]
    hit = client.get("/api/v1/offers?q=voetbal&lang=ar").get_json()["hits"][0]
    assert hit["title"] == "كرة القدم مع الجيران" and hit["content_lang"] == "ar"
    hit = client.get("/api/v1/offers?q=voetbal&lang=uk").get_json()["hits"][0]
    assert hit["title"] == "Voetbal met de buren" and hit["content_lang"] == "nl"


def test_near_radius_and_distance_order(client, offers) -> None:  # type: ignore[no-untyped-def]
    body = client.get("/api/v1/offers?near=9000&radius_km=60&criteria=all").get_json()
    ids = [h["id"] for h in body["hits"]]
    assert ids == [str(offers["football"]), str(offers["table"])]  # Leuven is ~75 km away
    distances = [h["distance_m"] for h in body["hits"]]
    assert distances == sorted(distances) and distances[0] < 1500
    assert body["place"] == "9000 Gent" and body["sort"] == "distance"


def test_lat_lon_origin(client, offers) -> None:  # type: ignore[no-untyped-def]
    body = client.get("/api/v1/offers?lat=51.22&lon=4.40&radius_km=5").get_json()
    assert [h["id"] for h in body["hits"]] == [str(offers["table"])]


def test_criteria_default_and_all(client, offers) -> None:  # type: ignore[no-untyped-def]
    default = {h["id"] for h in client.get("/api/v1/offers").get_json()["hits"]}
    everything = {h["id"] for h in client.get("/api/v1/offers?criteria=all").get_json()["hits"]}
    assert str(offers["expat"]) not in default
    assert everything == default | {str(offers["expat"])}


def test_repeatable_and_comma_separated_filters(client, offers) -> None:  # type: ignore[no-untyped-def]
    a = client.get("/api/v1/offers?type=club&type=conversation_table").get_json()
    b = client.get("/api/v1/offers?type=club,conversation_table").get_json()
    assert a["total"] == b["total"] == 2
    assert client.get("/api/v1/offers?weekday=tue").get_json()["total"] == 1
    assert client.get("/api/v1/offers?daypart=morning&weekday=sat").get_json()["total"] == 1
    assert client.get("/api/v1/offers?region=stad-antwerpen").get_json()["total"] == 1
    assert client.get(f"/api/v1/offers?municipality={GENT[0]}").get_json()["total"] == 1


def test_paging(client, offers) -> None:  # type: ignore[no-untyped-def]
    body = client.get("/api/v1/offers?criteria=all&page_size=2&page=2").get_json()
    assert body["total"] == 3 and len(body["hits"]) == 1
    past = client.get("/api/v1/offers?criteria=all&page=50").get_json()
    assert past["total"] == 3 and past["hits"] == []
    capped = client.get("/api/v1/offers?page_size=5000").get_json()
    assert capped["page_size"] == 100


@pytest.mark.parametrize(
    ("query", "param"),
    [
        ("type=rocket", "type"),
        ("activity=flying", "activity"),
        ("radius_km=0&near=Gent", "radius_km"),
        ("radius_km=-5&near=Gent", "radius_km"),
        ("radius_km=250&near=Gent", "radius_km"),
        ("radius_km=abc&near=Gent", "radius_km"),
        ("lat=95&lon=3", "lat"),
        ("lat=51&lon=200", "lon"),
        ("lat=51", "lon"),
        ("lat=nan&lon=3", "lat"),
        ("near=Atlantis", "near"),
        ("criteria=some", "criteria"),
        ("dutch_level=C2", "dutch_level"),
        ("sort=random", "sort"),
        ("page=0", "page"),
        ("page=abc", "page"),
        ("free=perhaps", "free"),
        ("region=mars", "region"),
        ("lang=xx", "lang"),
    ],
)
def test_invalid_values_give_400_naming_the_parameter(client, offers, query, param) -> None:  # type: ignore[no-untyped-def]
    response = client.get(f"/api/v1/offers?{query}")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["param"] == param
    assert error["message"]


def test_error_message_in_the_requested_language(client) -> None:  # type: ignore[no-untyped-def]
    english = client.get("/api/v1/offers?near=Atlantis&lang=en").get_json()["error"]["message"]
    assert "Atlantis" in english
    assert "place" in english.lower()


@pytest.mark.parametrize(
    "text",
    ["   ", "x" * 1500, '"', "((", "voetbal AND OR", "'; DROP TABLE offer; --", "type = club", "\x07"],
)
def test_hostile_text_is_plain_text(client, offers, text) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/api/v1/offers", query_string={"q": text})
    assert response.status_code == 200
    assert isinstance(response.get_json()["total"], int)


def test_a_nul_character_is_a_400_in_the_api_error_shape(client, offers) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/api/v1/offers", query_string={"q": "\x00\x07", "lang": "en"})
    assert response.status_code == 400
    assert response.get_json()["error"]["status"] == 400


def test_one_offer(client, offers) -> None:  # type: ignore[no-untyped-def]
    body = client.get(f"/api/v1/offers/{offers['football']}?lang=ar").get_json()
    assert body["id"] == str(offers["football"]) and body["title"] == "كرة القدم مع الجيران"
    assert body["title_nl"] == "Voetbal met de buren"
    assert body["criteria"]["pnt_eligible"] is True
    assert body["locations"][0]["municipality"] == "Gent"


def test_unpublished_or_missing_offer_is_404(client, make_offer) -> None:  # type: ignore[no-untyped-def]
    draft = make_offer("Nog niet klaar", status="draft")
    for url in (f"/api/v1/offers/{draft.id}", "/api/v1/offers/999999"):
        response = client.get(url)
        assert response.status_code == 404
        assert response.get_json()["error"]["status"] == 404


def test_place_suggestions(client) -> None:  # type: ignore[no-untyped-def]
    places = client.get("/api/v1/places?q=900").get_json()["places"]
    assert places[0]["label"] == "9000 Gent"
    names = [p["label"] for p in client.get("/api/v1/places?q=leuv").get_json()["places"]]
    assert "Leuven" in names
    assert client.get("/api/v1/places?q=").get_json()["places"] == []


@pytest.mark.parametrize(
    ("typed", "lang", "label"),
    [
        ("Gand", "fr", "Gand (Gent)"),
        ("Гент", "uk", "Гент (Gent)"),
        ("غن", "ar", "غنت (Gent)"),
        ("Anv", "ru", "Антверпен (Antwerpen)"),
        ("أنتويرب", "en", "Antwerp (Antwerpen)"),
        ("Брюс", "nl", "Brussel"),
        ("Лёв", "ru", "Лёвен (Leuven)"),
        ("Льов", "uk", "Левен (Leuven)"),
    ],
)
def test_place_suggestions_in_any_script(client, typed, lang, label) -> None:  # type: ignore[no-untyped-def]
    places = client.get("/api/v1/places", query_string={"q": typed, "lang": lang}).get_json()["places"]
    assert places[0]["label"] == label
    assert places[0]["precision"] == "municipality"


def test_place_suggestions_rank_leuven_first(client) -> None:  # type: ignore[no-untyped-def]
    places = client.get("/api/v1/places?q=Leu&lang=en").get_json()["places"]
    assert [p["name"] for p in places][:2] == ["Leuven", "Leut"]
    assert places[0]["label"] == "Leuven"


@pytest.mark.parametrize("near", ["Gand", "Гент", "غنت", "Ghent (Gent)"])
def test_near_understands_other_scripts(client, offers, near) -> None:  # type: ignore[no-untyped-def]
    body = client.get("/api/v1/offers", query_string={"near": near}).get_json()
    assert body["place"] == "Gent"
    assert [h["id"] for h in body["hits"]] == [str(offers["football"])]
