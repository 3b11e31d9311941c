"""The offer editor: steps, validation beside the fields, places, translations, preview, live edits."""

from __future__ import annotations

import re

from sqlalchemy import select

from aanbodplatform.models import AuditEvent, Offer, OfferTranslation
from tests.factories import build_world, complete_offer, login

CRITERIA = {
    "dutch_context": "yes",
    "dutch_context_evidence": "De trainers spreken vlot Nederlands met iedereen.",
    "social_participation": "yes",
    "social_participation_evidence": "Je speelt in een ploeg met buren uit de wijk.",
}


def _new_draft(client, org_id: int, title: str = "Voetbal met de buren") -> int:  # type: ignore[no-untyped-def]
    response = client.post(
        f"/nl/editor/new/{org_id}",
        data={"offer_type": "club", "activities": ["football"], "title_nl": title},
    )
    assert response.status_code == 302, response.text
    return int(re.search(r"/editor/(\d+)/", response.headers["Location"]).group(1))


def test_a_draft_is_written_step_by_step(app, client, session) -> None:
    world = build_world(session)
    login(client, world.users["member_a"])
    offer_id = _new_draft(client, world.org_a.id)
    steps = {
        "texts": {"summary_nl": "We spelen voetbal.", "description_nl": "Elke dinsdag."},
        "places": {
            "locations-0-name": "Sporthal",
            "locations-0-street": "Kerkstraat 1",
            "locations-0-postcode": "9000",
        },
        "schedule": {
            "schedule_kind": "weekly",
            "slots-0-weekday": "tue",
            "slots-0-starts_at": "19:00",
            "slots-0-ends_at": "21:00",
        },
        "practical": {
            "capacity": "20",
            "places_free": "5",
            "dutch_level": "A1",
            "free": "no",
            "cost_note": "5 euro per jaar",
            "wheelchair": "yes",
            "insurance_note": "Familiale verzekering van de club.",
        },
        "contacts": {
            "contacts-0-name": "Jan",
            "contacts-0-email": "jan@club.be",
            "contacts-0-signs_proof": "y",
        },
        "criteria": CRITERIA,
    }
    for step, data in steps.items():
        response = client.post(f"/nl/editor/{offer_id}/{step}", data=data)
        assert response.status_code == 302, (step, response.text)
    offer = session.get(Offer, offer_id)
    session.refresh(offer)
    assert offer.status == "draft" and offer.organisation_id == world.org_a.id
    assert offer.activity_codes == ["football"]
    assert (offer.capacity, offer.places_free, offer.free, offer.cost_note) == (
        20,
        5,
        False,
        "5 euro per jaar",
    )
    [slot] = offer.slots
    assert (slot.weekday, slot.daypart, slot.starts_at.hour) == ("tue", "evening", 19)
    [place] = offer.locations
    assert place.municipality_nis == "44021" and place.lat is not None
    assert offer.contacts[0].signs_proof
    assert (offer.dutch_context, offer.social_participation) == (True, True)
    overview = client.get(f"/nl/editor/{offer_id}/")
    assert "todo-heading" not in overview.text  # nothing left to do
    assert client.post(f"/nl/editor/{offer_id}/submit").status_code == 302
    session.refresh(offer)
    assert offer.status == "submitted" and offer.submitted_at is not None
    assert [c.to_status for c in offer.history] == ["draft", "submitted"]


def test_an_incomplete_draft_cannot_be_submitted(app, client, session) -> None:
    world = build_world(session)
    login(client, world.users["member_a"])
    offer_id = _new_draft(client, world.org_a.id)
    client.post(f"/nl/editor/{offer_id}/submit")
    page = client.get(f"/en/editor/{offer_id}/")
    assert "Explain how participants practise Dutch." in page.text
    assert session.get(Offer, offer_id).status == "draft"


def test_errors_appear_beside_the_fields_and_nothing_typed_is_lost(app, client, session) -> None:
    world = build_world(session)
    login(client, world.users["member_a"])
    offer_id = _new_draft(client, world.org_a.id)
    typed = "Kort."
    response = client.post(
        f"/nl/editor/{offer_id}/criteria",
        data={**CRITERIA, "dutch_context_evidence": typed, "social_participation": ""},
    )
    assert response.status_code == 422
    text = response.text
    assert 'role="alert"' in text
    assert 'href="#dutch_context_evidence"' in text and 'href="#social_participation"' in text
    assert 'id="dutch_context_evidence-error"' in text
    assert re.search(r'aria-describedby="[^"]*dutch_context_evidence-error', text)
    assert f"{typed}</textarea>" in text
    assert CRITERIA["social_participation_evidence"] in text
    offer = session.get(Offer, offer_id)
    session.refresh(offer)
    assert offer.dutch_context_evidence == ""


def test_errors_in_a_second_row_point_at_that_row(app, client, session) -> None:
    world = build_world(session)
    login(client, world.users["member_a"])
    offer_id = _new_draft(client, world.org_a.id)
    response = client.post(
        f"/nl/editor/{offer_id}/contacts",
        data={
            "contacts-0-name": "Jan",
            "contacts-0-email": "jan@club.be",
            "contacts-0-signs_proof": "y",
            "contacts-1-name": "Piet",
            "contacts-1-email": "geen-adres",
        },
    )
    assert response.status_code == 422
    assert 'href="#contacts-1-email"' in response.text and 'value="geen-adres"' in response.text
    assert 'value="Jan"' in response.text


def test_text_fields_carry_their_limit_for_the_live_counter(app, client, session) -> None:
    world = build_world(session)
    login(client, world.users["member_a"])
    page = client.get(f"/nl/editor/{world.offer_a.id}/texts")
    assert re.search(
        r'<textarea[^>]*data-counter="300"[^>]*maxlength="300"|<textarea[^>]*maxlength="300"[^>]*data-counter="300"',
        page.text,
    )
    assert 'id="summary_nl-counter"' in page.text and "data-counter-template" in page.text
    assert "js/workspace.js" in page.text


def test_places_are_geocoded_and_the_pin_can_be_corrected(app, client, session) -> None:
    world = build_world(session)
    login(client, world.users["member_a"])
    offer_id = _new_draft(client, world.org_a.id)
    client.post(
        f"/nl/editor/{offer_id}/places",
        data={"locations-0-postcode": "2000", "locations-0-street": "Meir 1"},
    )
    offer = session.get(Offer, offer_id)
    session.refresh(offer)
    [place] = offer.locations
    assert place.municipality_nis == "11002" and place.precision in ("postcode", "locality")
    page = client.get(f"/en/editor/{offer_id}/places")
    assert "data-pin-map" in page.text and "Found on the map" in page.text
    moved_lat, moved_lon = f"{place.lat + 0.002:.6f}", f"{place.lon + 0.002:.6f}"
    client.post(
        f"/nl/editor/{offer_id}/places",
        data={
            "locations-0-id": str(place.id),
            "locations-0-postcode": "2000",
            "locations-0-street": "Meir 1",
            "locations-0-lat": moved_lat,
            "locations-0-lon": moved_lon,
            "locations-0-pin_moved": "1",
        },
    )
    session.refresh(place)
    assert (f"{place.lat:.6f}", f"{place.lon:.6f}", place.precision) == (
        moved_lat,
        moved_lon,
        "address",
    )
    far = client.post(
        f"/nl/editor/{offer_id}/places",
        data={
            "locations-0-id": str(place.id),
            "locations-0-postcode": "2000",
            "locations-0-street": "Meir 1",
            "locations-0-lat": "50.85",
            "locations-0-lon": "4.35",
            "locations-0-pin_moved": "1",
        },
    )
    assert far.status_code == 422 and 'id="locations-0-lat-error"' in far.text
    nowhere = client.post(f"/nl/editor/{offer_id}/places", data={"locations-0-postcode": "9999"})
    assert nowhere.status_code == 422 and 'value="9999"' in nowhere.text


def test_translations_say_who_made_them_and_which_are_missing(app, client, session) -> None:
    world = build_world(session)
    login(client, world.users["member_a"])
    offer_id = world.offer_a.id
    page = client.get(f"/en/editor/{offer_id}/translations")
    assert "Missing translations" in page.text and 'lang="uk"' in page.text
    tags = ["en", "fr", "ar", "uk", "ru", "tr", "fa-AF", "ps", "ti", "so", "ro", "pl", "es"]
    fr, ar = tags.index("fr"), tags.index("ar")

    def form(**rows: tuple[str, str, str]) -> dict[str, str]:
        # A browser posts every language's block, filled in or not.
        data = {}
        for i, tag in enumerate(tags):
            title, summary, by = rows.get(tag.replace("-", "_"), ("", "", "organisation"))
            data.update(
                {
                    f"translations-{i}-locale": tag,
                    f"translations-{i}-title": title,
                    f"translations-{i}-summary": summary,
                    f"translations-{i}-translated_by": by,
                }
            )
        return data

    french = ("Table de conversation", "Parler néerlandais chaque semaine.", "volunteer")
    response = client.post(
        f"/nl/editor/{offer_id}/translations",
        data=form(fr=french, ar=("طاولة محادثة", "", "organisation")),
    )
    assert response.status_code == 422 and f'href="#translations-{ar}-summary"' in response.text
    assert "طاولة محادثة" in response.text
    response = client.post(f"/nl/editor/{offer_id}/translations", data=form(fr=french))
    assert response.status_code == 302
    assert fr == 1
    [translation] = session.scalars(
        select(OfferTranslation).where(OfferTranslation.offer_id == offer_id)
    ).all()
    assert (translation.locale, translation.translated_by) == ("fr", "volunteer")
    overview = client.get(f"/en/editor/{offer_id}/")
    assert "12 languages have no translation yet." in overview.text


def test_the_preview_shows_the_offer_as_newcomers_see_it_in_any_language(
    app, client, session
) -> None:
    world = build_world(session)
    offer = world.offer_a
    offer.translations.append(
        OfferTranslation(
            locale="fr",
            title="Table de conversation A",
            summary="Parler.",
            translated_by="volunteer",
        )
    )
    session.commit()
    login(client, world.users["member_a"])
    french = client.get(f"/fr/editor/{offer.id}/preview")
    assert french.status_code == 200 and "Table de conversation A" in french.text
    assert '<html lang="fr" dir="ltr"' in french.text
    arabic = client.get(f"/ar/editor/{offer.id}/preview")
    assert '<html lang="ar" dir="rtl"' in arabic.text and "Praattafel A" in arabic.text
    assert arabic.headers["X-Robots-Tag"] == "noindex"
    # Not published, so the public page does not show it.
    assert client.get(f"/nl/offers/{offer.id}").status_code == 404
    login(client, world.users["member_b"])
    assert client.get(f"/nl/editor/{offer.id}/preview").status_code == 403
    login(client, world.users["moderator_in"])
    assert client.get(f"/nl/editor/{offer.id}/preview").status_code == 200


def test_editing_a_published_offer(app, client, session) -> None:
    world = build_world(session)
    live = complete_offer(session, world.org_a, title="Zwemmen voor iedereen", status="published")
    session.commit()
    login(client, world.users["member_a"])
    # A text edit goes online at once and is logged.
    client.post(
        f"/nl/editor/{live.id}/texts",
        data={"summary_nl": "Nieuwe samenvatting.", "description_nl": ""},
    )
    assert client.get(f"/api/v1/offers/{live.id}").json["summary"] == "Nieuwe samenvatting."
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "offer.edited_live"))
    assert event is not None and event.data["fields"] == ["summary_nl", "description_nl"]
    # Saying a criterion no longer holds takes effect at once: no waiting for review.
    response = client.post(
        f"/nl/editor/{live.id}/criteria",
        data={
            **CRITERIA,
            "dutch_context_evidence": live.dutch_context_evidence,
            "social_participation": "no",
            "social_participation_evidence": "Je zwemt vooral alleen, soms samen.",
        },
    )
    assert response.status_code == 302
    session.refresh(live)
    assert live.status == "published" and live.pending_changes is None
    assert live.social_participation is False
    api = client.get(f"/api/v1/offers/{live.id}").json
    assert api["criteria"]["social_participation"] is False
    assert api["criteria"]["social_participation_evidence"] == "Je zwemt vooral alleen, soms samen."
    downgrade = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "offer.edited_live").order_by(AuditEvent.id)
    ).all()[-1]
    assert downgrade.data["downgraded"] == [
        "social_participation", "social_participation_evidence"
    ]
    # Saying it holds again waits for a moderator; the published "no" stays visible.
    upgraded = "We zwemmen in vaste groepjes en praten na in de cafetaria."
    response = client.post(
        f"/nl/editor/{live.id}/criteria",
        data={
            **CRITERIA,
            "dutch_context_evidence": live.dutch_context_evidence,
            "social_participation_evidence": upgraded,
        },
    )
    assert response.status_code == 302
    session.refresh(live)
    assert live.pending_changes["fields"]["social_participation"] is True
    assert live.social_participation is False
    api = client.get(f"/api/v1/offers/{live.id}").json
    assert api["criteria"]["social_participation"] is False
    # The editor shows the waiting change, not the published answer.
    assert upgraded in client.get(f"/nl/editor/{live.id}/criteria").text
    # Changing it back to the published answers leaves nothing to review.
    client.post(
        f"/nl/editor/{live.id}/criteria",
        data={
            **CRITERIA,
            "social_participation": "no",
            "social_participation_evidence": "Je zwemt vooral alleen, soms samen.",
            "dutch_context_evidence": live.dutch_context_evidence,
        },
    )
    session.refresh(live)
    assert live.pending_changes is None


def test_archived_offers_cannot_be_edited(app, client, session) -> None:
    world = build_world(session)
    gone = complete_offer(session, world.org_a, title="Oud", status="archived")
    session.commit()
    login(client, world.users["member_a"])
    response = client.post(f"/nl/editor/{gone.id}/texts", data={"summary_nl": "x"})
    assert response.status_code == 302
    session.refresh(gone)
    assert gone.summary_nl != "x"


def test_the_services_check_membership_themselves(app, session) -> None:
    import pytest

    from aanbodplatform.services import offer_editing
    from aanbodplatform.services.authz import PermissionDenied

    world = build_world(session)
    offer = offer_editing.load_offer(session, world.offer_a.id)
    with pytest.raises(PermissionDenied):
        offer_editing.save_step(session, world.users["member_b"], offer, "texts", {"summary_nl": "Overgenomen."})
    with pytest.raises(PermissionDenied):
        offer_editing.submit_offer(session, world.users["moderator_in"], offer)
    with pytest.raises(PermissionDenied):
        offer_editing.get_offer_for_viewing(session, world.users["counsellor"], offer.id)
    session.expire_all()
    assert session.get(Offer, offer.id).summary_nl != "Overgenomen."
