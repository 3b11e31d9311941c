"""Moderation through the web, and the full life of an offer with the search index following it."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from aanbodplatform.models import AuditEvent, Membership, Offer, OfferStatusChange, User, utcnow
from tests.factories import (
    ANTWERPEN,
    GENT,
    build_world,
    complete_offer,
    html_part,
    login,
    make_moderator,
    make_org,
    make_user,
    outbox,
)


def _search_ids(client) -> set[int]:  # type: ignore[no-untyped-def]
    body = client.get("/api/v1/offers?criteria=all&page_size=100").json
    return {int(hit["id"]) for hit in body["hits"]}


def test_the_queue_holds_only_the_area_oldest_first(app, client, session) -> None:
    world = build_world(session)
    org = world.org_a
    older = complete_offer(
        session, org, title="Oudste", status="submitted", now=utcnow() - timedelta(days=9)
    )
    complete_offer(session, org, title="Nog een draft", status="draft")
    region_user = make_moderator(session, "regio@oost.be", region=_region(GENT))
    session.commit()
    login(client, world.users["moderator_in"])
    page = client.get("/nl/moderation/").text
    assert page.index("Oudste") < page.index("Praattafel A")
    assert "Praattafel B" not in page and "Nog een draft" not in page
    login(client, world.users["moderator_out"])
    page = client.get("/nl/moderation/").text
    assert "Praattafel B" in page and "Praattafel A" not in page
    login(client, region_user)
    assert "Praattafel A" in client.get("/nl/moderation/").text
    login(client, world.users["admin"])
    page = client.get("/nl/moderation/").text
    assert "Praattafel A" in page and "Praattafel B" in page and older.title_nl in page


def _region(nis: str) -> str:
    from aanbodplatform.services.regions import municipalities

    return municipalities()[nis].region_code


def test_the_review_shows_both_explanations_side_by_side(app, client, session) -> None:
    world = build_world(session)
    login(client, world.users["moderator_in"])
    page = client.get(f"/nl/moderation/offers/{world.offer_a.id}").text
    block = re.search(r'<div class="side-by-side">.*?</section>', page, re.S).group(0)
    assert world.offer_a.dutch_context_evidence in block
    assert world.offer_a.social_participation_evidence in block


def test_decisions_need_a_comment_and_are_audited_and_mailed(app, client, session) -> None:
    world = build_world(session)
    admin_fr = make_user(session, "organisation_member", email="directrice@org-a.be", locale="fr")
    world.org_a.memberships.append(Membership(user=admin_fr, is_admin=True, state="member"))
    session.commit()
    moderator = world.users["moderator_in"]
    login(client, moderator)
    empty = client.post(
        f"/nl/moderation/offers/{world.offer_a.id}/request-changes", data={"comment": " "}
    )
    assert empty.status_code == 422 and 'id="comment-error"' in empty.text
    assert session.get(Offer, world.offer_a.id).status == "submitted"
    done = client.post(
        f"/nl/moderation/offers/{world.offer_a.id}/request-changes",
        data={"comment": "Geef ook het adres."},
    )
    assert done.status_code == 302
    offer = session.get(Offer, world.offer_a.id)
    session.refresh(offer)
    assert offer.status == "changes_requested"
    change = offer.history[-1]
    assert (change.from_status, change.to_status, change.actor_id, change.comment) == (
        "submitted",
        "changes_requested",
        moderator.id,
        "Geef ook het adres.",
    )
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "offer.changes_requested"))
    assert event.actor_id == moderator.id and event.entity_id == offer.id
    assert event.data["from"] == "submitted" and event.data["to"] == "changes_requested"
    assert event.data["comment"] == "Geef ook het adres." and event.created_at is not None
    mails = {m["To"]: m for m in outbox(app)}
    assert set(mails) == {"a@org-a.be", "directrice@org-a.be"}
    assert mails["directrice@org-a.be"]["Content-Language"] == "fr"
    assert '<html lang="fr"' in html_part(mails["directrice@org-a.be"])
    assert "Geef ook het adres." in html_part(mails["a@org-a.be"])
    # The organisation sees the comment on its dashboard.
    login(client, world.users["member_a"])
    assert "Geef ook het adres." in client.get(f"/nl/organisations/{world.org_a.id}/").text


def test_rejecting_needs_a_reason_and_archives(app, client, session) -> None:
    world = build_world(session)
    login(client, world.users["moderator_in"])
    assert (
        client.post(
            f"/nl/moderation/offers/{world.offer_a.id}/reject", data={"reason": ""}
        ).status_code
        == 422
    )
    client.post(
        f"/nl/moderation/offers/{world.offer_a.id}/reject", data={"reason": "Geen Nederlands."}
    )
    offer = session.get(Offer, world.offer_a.id)
    session.refresh(offer)
    assert offer.status == "archived" and offer.history[-1].comment == "Geen Nederlands."


def test_moderators_cannot_act_outside_their_area(app, client, session) -> None:
    world = build_world(session)
    login(client, world.users["moderator_out"])
    assert client.post(f"/nl/moderation/offers/{world.offer_a.id}/publish").status_code == 403
    assert session.get(Offer, world.offer_a.id).status == "submitted"


def test_publishing_twice_is_refused_politely(app, client, session) -> None:
    world = build_world(session)
    login(client, world.users["moderator_in"])
    client.post(f"/nl/moderation/offers/{world.offer_a.id}/publish")
    again = client.post(f"/nl/moderation/offers/{world.offer_a.id}/publish")
    assert again.status_code == 302
    assert session.scalars(
        select(OfferStatusChange).where(OfferStatusChange.to_status == "published")
    ).all()


def test_the_full_life_of_an_offer(app, client, session) -> None:
    owner = make_user(session, "organisation_member", email="eigenaar@club.be")
    moderator = make_moderator(session, "mod@gent.be", nis=GENT)
    make_moderator(session, "mod@antwerpen.be", nis=ANTWERPEN)
    org = make_org(session, "Buurtclub", admin=owner)
    session.commit()

    # 1. The organisation writes a draft.
    login(client, owner)
    created = client.post(
        f"/nl/editor/new/{org.id}",
        data={
            "offer_type": "conversation_table",
            "activities": ["cooking"],
            "title_nl": "Kookpraat",
        },
    )
    offer_id = int(re.search(r"/editor/(\d+)/", created.headers["Location"]).group(1))
    for step, data in {
        "texts": {"summary_nl": "Koken en praten.", "description_nl": ""},
        "places": {"locations-0-postcode": "9000"},
        "schedule": {"schedule_kind": "by_arrangement"},
        "practical": {"dutch_level": "none", "free": "yes", "wheelchair": "no"},
        "contacts": {
            "contacts-0-name": "Els",
            "contacts-0-phone": "09 123 45 67",
            "contacts-0-signs_proof": "y",
        },
        "criteria": {
            "dutch_context": "yes",
            "dutch_context_evidence": "Vrijwilligers koken en praten in het Nederlands.",
            "social_participation": "yes",
            "social_participation_evidence": "Je kookt in een groep van acht buren.",
        },
    }.items():
        assert client.post(f"/nl/editor/{offer_id}/{step}", data=data).status_code == 302, step

    # 2. Submitted: waiting, not searchable.
    client.post(f"/nl/editor/{offer_id}/submit")
    assert offer_id not in _search_ids(client)

    # 3. The moderator asks for changes.
    login(client, moderator)
    client.post(
        f"/nl/moderation/offers/{offer_id}/request-changes", data={"comment": "Zeg wanneer het is."}
    )
    assert session.get(Offer, offer_id).status == "changes_requested"

    # 4. The organisation edits and sends it again.
    login(client, owner)
    client.post(
        f"/nl/editor/{offer_id}/schedule",
        data={"schedule_kind": "weekly", "slots-0-weekday": "thu", "slots-0-starts_at": "18:00"},
    )
    client.post(f"/nl/editor/{offer_id}/submit")
    session.expire_all()
    assert session.get(Offer, offer_id).status == "submitted"

    # 5. Published: in search at once.
    login(client, moderator)
    client.post(f"/nl/moderation/offers/{offer_id}/publish", data={"comment": ""})
    offer = session.get(Offer, offer_id)
    session.refresh(offer)
    assert offer.status == "published" and offer.confirmed_at is not None
    assert offer_id in _search_ids(client)
    assert client.get("/api/v1/offers?q=kookpraat&criteria=all").json["total"] == 1

    # 6. A new explanation of a criterion waits for review; the published one stays in search.
    # (Saying a criterion no longer holds would take effect at once: see test_editor.)
    login(client, owner)
    before_evidence = client.get(f"/api/v1/offers/{offer_id}").json["criteria"][
        "social_participation_evidence"
    ]
    client.post(
        f"/nl/editor/{offer_id}/criteria",
        data={
            "dutch_context": "yes",
            "dutch_context_evidence": "Vrijwilligers koken en praten in het Nederlands.",
            "social_participation": "yes",
            "social_participation_evidence": "Je kookt in vaste groepjes samen met buren.",
        },
    )
    assert offer_id in _search_ids(client)
    criteria = client.get(f"/api/v1/offers/{offer_id}").json["criteria"]
    assert criteria["social_participation_evidence"] == before_evidence
    login(client, moderator)
    assert "Kookpraat" in client.get("/nl/moderation/").text
    review = client.get(f"/en/moderation/offers/{offer_id}").text
    assert "Je kookt in vaste groepjes" in review and "Published now" in review

    # 7. The organisation confirms with one click.
    login(client, owner)
    session.expire_all()
    before = session.get(Offer, offer_id).confirmed_at
    client.post(f"/nl/editor/{offer_id}/confirm")
    session.expire_all()
    assert session.get(Offer, offer_id).confirmed_at > before

    # 8. A year without confirmation: unpublished and gone from search.
    future = datetime.now(UTC) + timedelta(days=370)
    result = app.test_cli_runner().invoke(args=["offers", "freshness", "--now", future.isoformat()])
    assert result.exit_code == 0 and re.search(r"Unpublished \(12 months\):\s+1\n", result.output)
    session.expire_all()
    assert session.get(Offer, offer_id).status == "archived"
    assert offer_id not in _search_ids(client)
    assert client.get(f"/api/v1/offers/{offer_id}").status_code == 404

    # 9. Confirmed back: published and searchable again (the waiting edit still waits).
    client.post(f"/nl/editor/{offer_id}/confirm")
    session.expire_all()
    offer = session.get(Offer, offer_id)
    assert offer.status == "published" and offer.pending_changes is not None
    assert offer_id in _search_ids(client)

    # 10. The moderator accepts the waiting edit; the index follows.
    login(client, moderator)
    client.post(f"/nl/moderation/offers/{offer_id}/publish")
    assert (
        client.get(f"/api/v1/offers/{offer_id}").json["criteria"]["social_participation_evidence"]
        == "Je kookt in vaste groepjes samen met buren."
    )
    actions = session.scalars(
        select(AuditEvent.action).where(
            AuditEvent.entity_type == "offer", AuditEvent.entity_id == offer_id
        )
    ).all()
    for expected in (
        "offer.created",
        "offer.submitted",
        "offer.changes_requested",
        "offer.published",
        "offer.edited_live",
        "offer.confirmed",
        "offer.expired",
        "offer.confirmed_back",
        "offer.edit_approved",
    ):
        assert expected in actions, expected
    assert session.scalar(select(User).where(User.email == "eigenaar@club.be")) is not None


def test_the_review_shows_everything_and_what_changed_since_sent_back(app, client, session) -> None:
    from aanbodplatform.models import OfferTranslation
    from aanbodplatform.services import moderation, offer_editing

    world = build_world(session)
    offer = world.offer_a
    offer.translations.append(
        OfferTranslation(locale="ar", title="طاولة حوار", summary="نتحدث الهولندية", translated_by="organisation")
    )
    offer.cost_note = "Gratis koffie"
    session.commit()
    moderator = world.users["moderator_in"]
    login(client, moderator)
    page = client.get(f"/en/moderation/offers/{offer.id}").text
    assert "Everything that will be published" in page
    assert "طاولة حوار" in page and "Gratis koffie" in page
    assert "What changed since you sent it back" not in page  # a first submission

    moderation.request_changes(session, None, moderator, offer.id, "Vertel meer over de kosten.")
    offer.cost_note = "Een kleine bijdrage van 2 euro"
    offer.translations[0].title = "طاولة الحوار الأسبوعية"
    session.commit()
    offer_editing.submit_offer(session, world.users["member_a"], offer)
    page = client.get(f"/en/moderation/offers/{offer.id}").text
    assert "What changed since you sent it back" in page
    section = page.split("What changed since you sent it back")[1].split("</section>")[0]
    assert "Een kleine bijdrage van 2 euro" in section and "Gratis koffie" in section
    assert "طاولة الحوار الأسبوعية" in section
    assert "Summary in Dutch" not in section  # unchanged parts are not listed


def test_the_review_names_days_dayparts_and_places_in_words(app, client, session) -> None:
    world = build_world(session)
    login(client, world.users["moderator_in"])
    page = client.get(f"/en/moderation/offers/{world.offer_a.id}").text
    published = page.split("Everything that will be published")[1]
    # complete_offer: Tuesday evening in Gent (NIS 44021), weekly.
    assert "Tuesday evening" in published
    assert "tue evening" not in published
    assert "Gent" in published and "44021" not in published
    assert "Every week at fixed moments" in published
