"""An offer in several places is shown with the place nearest to the searcher."""

from __future__ import annotations

from aanbodplatform.models import Location


def test_api_names_the_nearest_location(client, make_offer, session) -> None:  # type: ignore[no-untyped-def]
    offer = make_offer("Koor op twee plaatsen", nis="31005", lat=51.2093, lon=3.2247, commit=False)
    offer.locations.append(
        Location(municipality_nis="24062", lat=50.8798, lon=4.7005, precision="postcode")
    )
    session.commit()
    near_leuven = client.get("/api/v1/offers?near=3000&radius_km=20").get_json()
    assert [h["municipality"] for h in near_leuven["hits"]] == ["Leuven"]
    assert near_leuven["hits"][0]["distance_m"] < 2000
    near_brugge = client.get("/api/v1/offers?near=8000&radius_km=20").get_json()
    assert [h["municipality"] for h in near_brugge["hits"]] == ["Brugge"]


def test_search_card_names_the_nearest_location(client, make_offer, session) -> None:  # type: ignore[no-untyped-def]
    offer = make_offer("Koor op twee plaatsen", nis="31005", lat=51.2093, lon=3.2247, commit=False)
    offer.locations.append(
        Location(municipality_nis="24062", lat=50.8798, lon=4.7005, precision="postcode")
    )
    session.commit()
    html = client.get("/en/search?near=3000&radius_km=20").get_data(as_text=True)
    assert "<bdi>Leuven</bdi>" in html
    assert "<bdi>Brugge</bdi>" not in html
