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


def test_the_nearest_place_comes_from_the_search_document_not_the_database(  # type: ignore[no-untyped-def]
    client, make_offer, session, app
) -> None:
    from sqlalchemy import event

    offer = make_offer("Koor op twee plaatsen", nis="31005", lat=51.2093, lon=3.2247, commit=False)
    offer.locations.append(
        Location(municipality_nis="24062", lat=50.8798, lon=4.7005, precision="postcode")
    )
    session.commit()
    statements: list[str] = []

    def record(_conn, _cursor, statement, _params, _context, _many) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    bind = session.get_bind()
    event.listen(bind, "before_cursor_execute", record)
    try:
        body = client.get("/api/v1/offers?near=3000&radius_km=20").get_json()
    finally:
        event.remove(bind, "before_cursor_execute", record)
    assert [h["municipality"] for h in body["hits"]] == ["Leuven"]
    assert not [s for s in statements if "location" in s.lower()]


def test_a_document_indexed_without_point_places_falls_back_to_the_database(session, make_offer) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from aanbodplatform.services.documents import offer_to_document
    from aanbodplatform.services.search import nearest_places
    from search_index import GeoPoint, SearchHit, SearchResult

    offer = make_offer("Koor op twee plaatsen", nis="31005", lat=51.2093, lon=3.2247, commit=False)
    offer.locations.append(
        Location(municipality_nis="24062", lat=50.8798, lon=4.7005, precision="postcode")
    )
    session.commit()
    doc = offer_to_document(session, offer)
    assert doc.point_municipalities == ("31005", "24062")
    leuven = GeoPoint(50.88, 4.70)
    fresh = SearchResult(hits=[SearchHit(document=doc)], total=1, page=1, page_size=20)
    old = SearchResult(
        hits=[SearchHit(document=replace(doc, point_municipalities=()))], total=1, page=1, page_size=20
    )
    assert nearest_places(None, fresh, leuven) == {str(offer.id): "Leuven"}  # type: ignore[arg-type]
    assert nearest_places(session, old, leuven) == {str(offer.id): "Leuven"}
