"""A place means nearby: default sort and radius on the search page, the API and search together."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.factories import login, make_client, make_user
from tests.web.test_public_pages import dom, result_titles

# Real places (nis, lat, lon) at known distances from 9000 Gent (51.05, 3.7167).
GENT = ("44021", 51.0543, 3.7174)  # ~0.5 km
MELLE = ("44088", 51.0000, 3.8000)  # ~8 km
BRUGGE = ("31005", 51.2093, 3.2247)  # ~38 km
ANTWERPEN = ("11002", 51.2199, 4.4035)  # ~51 km
ALVERINGEM = ("38002", 51.0119, 2.7114)  # ~70 km


@pytest.fixture
def clubs(make_offer):  # type: ignore[no-untyped-def]
    """Football clubs around Gent; the one far away is the newest, as in the bug report."""
    made = {}
    for key, (nis, lat, lon) in (
        ("melle", MELLE), ("gent", GENT), ("brugge", BRUGGE), ("antwerpen", ANTWERPEN),
        ("alveringem", ALVERINGEM),
    ):
        made[key] = make_offer(
            f"Voetbalclub {key}", activities=("football",), offer_type="club", nis=nis, lat=lat, lon=lon
        ).id
    return made


def test_a_place_alone_means_nearest_first_within_25_km(client, clubs) -> None:
    page = dom(client.get("/en/search?q=voetbal&near=9000"))
    assert result_titles(page) == ["Voetbalclub gent", "Voetbalclub melle"]
    assert page.by_id("results-title").text() == "2 offers near 9000 Gent"
    note = page.find("div", class_="results-note").text()  # type: ignore[union-attr]
    assert note.startswith("We show offers up to 25 km away. The nearest come first.")
    # The distance select shows the default radius, sent empty so a new place gets it too.
    selected = [o for o in page.by_id("radius_km").find_all("option") if "selected" in o.attrs]
    assert [(o.attrs["value"], o.text()) for o in selected] == [("", "Up to 25 km")]


def test_lat_lon_also_means_nearby(client, clubs) -> None:
    page = dom(client.get("/en/search?lat=51.05&lon=3.7167"))
    assert result_titles(page) == ["Voetbalclub gent", "Voetbalclub melle"]


def test_explicit_radius_and_sort_win(client, clubs) -> None:
    page = dom(client.get("/en/search?q=voetbal&near=9000&radius_km=any"))
    assert result_titles(page) == [
        "Voetbalclub gent", "Voetbalclub melle", "Voetbalclub brugge", "Voetbalclub antwerpen",
        "Voetbalclub alveringem",
    ]
    page = dom(client.get("/en/search?near=9000&radius_km=50"))
    assert result_titles(page) == ["Voetbalclub gent", "Voetbalclub melle", "Voetbalclub brugge"]
    # An explicit sort keeps the default radius.
    page = dom(client.get("/en/search?near=9000&sort=newest"))
    assert sorted(result_titles(page)) == ["Voetbalclub gent", "Voetbalclub melle"]
    page = dom(client.get("/en/search?near=9000&sort=newest&radius_km=any"))
    assert len(result_titles(page)) == 5
    note = page.find("div", class_="results-note")
    assert note is None  # no radius, nothing to say about one


def test_no_place_keeps_anywhere_and_newest(client, clubs) -> None:
    page = dom(client.get("/en/search?type=club"))
    assert len(result_titles(page)) == 5
    assert page.find("div", class_="results-note") is None


def _links(page, cls: str) -> dict[str, dict[str, list[str]]]:  # type: ignore[no-untyped-def]
    box = page.find("p", class_=cls)
    assert box is not None
    return {a.text(): parse_qs(urlsplit(a.attrs["href"]).query) for a in box.find_all("a")}


def test_few_results_offer_to_search_further(client, clubs) -> None:
    links = _links(dom(client.get("/en/search?q=voetbal&near=9000")), "search-further")
    assert list(links) == ["Up to 50 km", "Anywhere"]
    assert links["Up to 50 km"]["radius_km"] == ["50"] and links["Up to 50 km"]["near"] == ["9000"]
    assert links["Anywhere"]["radius_km"] == ["any"]
    # Already at 50 km: only "anywhere" is further.
    links = _links(dom(client.get("/en/search?q=voetbal&near=9000&radius_km=50")), "search-further")
    assert list(links) == ["Anywhere"]


def test_enough_results_offer_nothing_further(client, make_offer) -> None:
    for n in range(10):
        make_offer(f"Praattafel {n}", nis=GENT[0], lat=GENT[1], lon=GENT[2])
    page = dom(client.get("/en/search?near=9000"))
    assert len(result_titles(page)) == 10
    assert page.find("p", class_="search-further") is None


def test_no_result_nearby_offers_further_links(client, make_offer) -> None:
    make_offer("Praattafel Alveringem", nis=ALVERINGEM[0], lat=ALVERINGEM[1], lon=ALVERINGEM[2])
    page = dom(client.get("/en/search?near=9000"))
    assert result_titles(page) == []
    hrefs = [a.attrs["href"] for a in page.find("section", class_="results-area").find_all("a")]  # type: ignore[union-attr]
    assert any("radius_km=50" in h for h in hrefs) and any("radius_km=any" in h for h in hrefs)


def test_a_sort_nobody_chose_is_not_sent_again(client, clubs) -> None:
    # From a type tile (no place) the page sorts newest first; that must not stick when a place is added.
    page = dom(client.get("/en/search?type=club"))
    options = {o.text(): o.attrs["value"] for o in page.by_id("sort").find_all("option")}
    assert options == {"Newest first": ""}
    page = dom(client.get("/en/search?type=club&near=9000"))
    options = {o.text(): o.attrs["value"] for o in page.by_id("sort").find_all("option")}
    assert options == {"Nearest first": "", "Newest first": "newest"}
    # A sort the visitor chose is kept as chosen.
    page = dom(client.get("/en/search?type=club&near=9000&sort=newest"))
    options = {o.text(): o.attrs["value"] for o in page.by_id("sort").find_all("option")}
    assert options == {"Nearest first": "distance", "Newest first": "newest"}


def test_type_tiles_carry_no_sort(client) -> None:
    home = client.get("/en/").get_data(as_text=True)
    assert "/en/search?type=club" in home and "sort=" not in home


# --- the API -----------------------------------------------------------------------------


def test_api_place_means_nearby(client, clubs) -> None:
    body = client.get("/api/v1/offers?q=voetbal&near=9000").get_json()
    assert [h["title"] for h in body["hits"]] == ["Voetbalclub gent", "Voetbalclub melle"]
    assert body["total"] == 2 and body["sort"] == "distance" and body["radius_km"] == 25
    assert body["defaults"] == {"sort": True, "radius_km": True}
    assert body["search_further"] == [50, None]


def test_api_explicit_choices_win(client, clubs) -> None:
    body = client.get("/api/v1/offers?q=voetbal&near=9000&radius_km=any&sort=relevance").get_json()
    assert body["total"] == 5 and body["sort"] == "relevance" and body["radius_km"] is None
    assert body["defaults"] == {"sort": False, "radius_km": False}
    assert body["search_further"] == []
    body = client.get("/api/v1/offers?lat=51.05&lon=3.7167&radius_km=40").get_json()
    assert [h["title"] for h in body["hits"]] == ["Voetbalclub gent", "Voetbalclub melle", "Voetbalclub brugge"]
    assert body["defaults"] == {"sort": True, "radius_km": False}
    body = client.get("/api/v1/offers?type=club").get_json()
    assert body["sort"] == "newest" and body["radius_km"] is None and body["search_further"] == []


# --- search together uses the same rules --------------------------------------------------


def test_search_together_place_means_nearby(client, session, clubs) -> None:
    counsellor = make_user(session, "counsellor")
    record = make_client(session, counsellor, preferred_locale="en")
    login(client, counsellor)
    page = dom(client.get(f"/nl/counsellor/clients/{record.id}/search?together=1&near=9000&q=voetbal"))
    titles = [h.text() for h in page.find_all("h3")]
    assert [t for t in titles if t.startswith("Voetbalclub")][:2] == ["Voetbalclub gent", "Voetbalclub gent"]
    assert "Voetbalclub brugge" not in titles
    checked = [i.attrs["id"] for i in page.find_all("input", name="radius_km") if "checked" in i.attrs]
    assert checked == ["radius-25"]
    assert page.by_id("radius-25").attrs["value"] == ""
    page = dom(client.get(f"/nl/counsellor/clients/{record.id}/search?together=1&near=9000&radius_km=any"))
    assert "Voetbalclub alveringem" in [h.text() for h in page.find_all("h3")]


@pytest.mark.parametrize(("lang", "near"), [("fr", "Gand"), ("uk", "Гент"), ("ar", "غنت"), ("fa-AF", "گنت")])
def test_search_page_understands_places_in_other_scripts(client, clubs, lang, near) -> None:
    page = dom(client.get(f"/{lang}/search", query_string={"near": near}))
    assert result_titles(page) == ["Voetbalclub gent", "Voetbalclub melle"]
    assert "Gent" in page.by_id("results-title").text()
