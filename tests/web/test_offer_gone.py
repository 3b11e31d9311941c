"""An offer that is no longer published: 410 with similar offers nearby, not the generic 404."""

from __future__ import annotations

from aanbodplatform.services import moderation
from tests.factories import make_user


def test_an_unpublished_offer_answers_410_with_similar_offers_nearby(client, session, make_offer) -> None:
    gone = make_offer("Voetbal in de Brugse Poort", offer_type="club", nis="44021")
    near = make_offer("Voetbal aan de Watersportbaan", offer_type="club", nis="44021", lat=51.05, lon=3.69)
    other_type = make_offer("Praattafel dichtbij", offer_type="conversation_table", nis="44021")
    far = make_offer("Voetbal in Antwerpen", offer_type="club", nis="11002", lat=51.2199, lon=4.4035)
    admin = make_user(session, "admin")
    moderation.reject(session, None, admin, gone.id, "Het aanbod loopt niet meer.")

    response = client.get(f"/en/offers/{gone.id}-voetbal-in-de-brugse-poort")
    assert response.status_code == 410
    html = response.text
    assert "This offer is no longer available" in html
    assert "Voetbal in de Brugse Poort" in html
    assert f"/en/offers/{near.id}-" in html
    assert f"/en/offers/{other_type.id}-" not in html  # not the same kind of offer
    assert f"/en/offers/{far.id}-" not in html  # not nearby
    # Without the slug too.
    assert client.get(f"/en/offers/{gone.id}").status_code == 410


def test_an_offer_that_never_was_published_stays_a_404(client, make_offer) -> None:
    draft = make_offer("Nog niet klaar", status="draft")
    assert client.get(f"/en/offers/{draft.id}").status_code == 404
    assert client.get("/en/offers/424242").status_code == 404
