"""Warm handovers over HTTP: the form, double submission, the organisation's inbox and answers, scoping, emails."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from aanbodplatform.models import AuditEvent, ClientShortlistItem, Handover
from aanbodplatform.services.mail import list_outbox, read_message
from tests.factories import add_contact, login, make_client, make_member, make_user

TODAY = date.today()
IN_A_WEEK = (TODAY + timedelta(days=7)).isoformat()
SEND = {
    "wishes": "Ze wil graag voetballen.",
    "practical_needs": "",
    "preferred_start": "",
    "note": "",
    "shared_fields": ["first_name", "languages", "dutch_level", "availability"],
    "consent_given": "y",
    "consent_date": TODAY.isoformat(),
    "action": "send",
}
ACCEPT = {
    "accept-day": IN_A_WEEK,
    "accept-at": "19:30",
    "accept-place": "Sporthal Noord, ingang B",
    "accept-ask_for": "Mieke",
}


@pytest.fixture
def scene(session, make_offer):
    """A counsellor (French UI) with a Ukrainian-speaking client who shortlisted an offer."""
    counsellor = make_user(session, "counsellor", locale="fr")
    record = make_client(session, counsellor, preferred_locale="uk")
    offer = make_offer(
        "Voetbal met de buren",
        activities=("football",),
        translations={"uk": ("Футбол із сусідами", "Граємо у футбол.")},
    )
    add_contact(session, offer)
    session.add(ClientShortlistItem(client_id=record.id, offer_id=offer.id))
    session.commit()
    member = make_member(session, offer)
    return {"counsellor": counsellor, "client": record, "offer": offer, "member": member}


def _form_url(scene) -> str:
    return f"/nl/counsellor/clients/{scene['client'].id}/handover/{scene['offer'].id}"


def send_handover(client, session, scene) -> Handover:
    """Send the scene's handover through the web form and return it."""
    login(client, scene["counsellor"])
    response = client.post(_form_url(scene), data=SEND)
    assert response.status_code == 302, response.text[:2000]
    return session.scalars(select(Handover)).one()


# --- the counsellor's form -----------------------------------------------------------------


def test_the_form_offers_sharing_defaults_and_consent(client, scene) -> None:
    login(client, scene["counsellor"])
    page = client.get(_form_url(scene))
    assert page.status_code == 200
    html = page.text
    for name in ("first_name", "languages", "dutch_level", "availability"):
        assert re.search(rf'<input checked[^>]*value="{name}"', html), name
    for name in ("interests", "home_postcode", "status", "contract_end_date", "email"):
        assert not re.search(rf'<input checked[^>]*value="{name}"', html), name
    assert 'name="consent_given"' in html and 'name="consent_date"' in html
    assert 'for="consent_given"' in html


def test_sending_creates_the_handover_and_mails_the_organisation_in_dutch(
    client, session, scene
) -> None:
    handover = send_handover(client, session, scene)
    assert handover.status == "sent"
    assert set(handover.shared_data) == {"first_name", "languages", "dutch_level", "availability"}
    [item] = list_outbox()
    assert item.to == "contact@club.be"
    assert item.content_language == "nl"
    message = read_message(item.path)
    assert message["Content-Language"] == "nl"
    body = message.get_body(("plain",)).get_content()
    assert f"/nl/handover-link/{handover.id}/" in body  # the contact person acts by signed link
    assert "Olena" not in body


def test_double_submission_creates_one_handover(client, session, scene) -> None:
    login(client, scene["counsellor"])
    first = client.post(_form_url(scene), data=SEND)
    second = client.post(_form_url(scene), data=SEND)
    assert first.status_code == second.status_code == 302
    handovers = session.scalars(select(Handover)).all()
    assert len(handovers) == 1
    assert first.headers["Location"] == second.headers["Location"]
    assert len(list_outbox()) == 1


def test_consent_is_required_and_nothing_typed_is_lost(client, session, scene) -> None:
    login(client, scene["counsellor"])
    data = {**SEND, "consent_given": "", "consent_date": ""}
    response = client.post(_form_url(scene), data=data)
    assert response.status_code == 422
    html = response.text
    assert 'role="alert"' in html
    assert 'id="consent_given-error"' in html and 'id="consent_date-error"' in html
    assert "Ze wil graag voetballen." in html
    assert session.scalars(select(Handover)).all() == []


def test_a_draft_needs_no_consent_and_can_be_finished(client, session, scene) -> None:
    login(client, scene["counsellor"])
    draft = {**SEND, "consent_given": "", "consent_date": "", "action": "draft"}
    assert client.post(_form_url(scene), data=draft).status_code == 302
    handover = session.scalars(select(Handover)).one()
    assert handover.status == "draft" and list_outbox() == []
    form = client.get(_form_url(scene))
    assert "Ze wil graag voetballen." in form.text
    assert client.post(_form_url(scene), data=SEND).status_code == 302
    session.refresh(handover)
    assert handover.status == "sent"


def test_only_shortlisted_offers_can_be_handed_over(client, scene, make_offer) -> None:
    other = make_offer("Koor")
    login(client, scene["counsellor"])
    url = f"/nl/counsellor/clients/{scene['client'].id}/handover/{other.id}"
    assert client.get(url).status_code == 404


# --- the organisation ----------------------------------------------------------------------


def test_the_inbox_lists_handovers_with_counts(client, session, scene) -> None:
    handover = send_handover(client, session, scene)
    login(client, scene["member"])
    inbox = client.get("/nl/handovers/")
    assert inbox.status_code == 200
    assert f'data-handover-id="{handover.id}"' in inbox.text
    assert 'data-count="sent">(1)' in inbox.text


def test_the_organisation_sees_what_was_shared_and_the_view_is_audited(
    client, session, scene
) -> None:
    handover = send_handover(client, session, scene)
    login(client, scene["member"])
    page = client.get(f"/nl/handovers/{handover.id}")
    assert page.status_code == 200
    assert "Olena" in page.text and "Ze wil graag voetballen." in page.text
    # Not shared: the email address and the postcode stay with the counsellor.
    assert "olena@example.org" not in page.text
    assert page.headers["Cache-Control"] == "no-store"
    viewed = session.scalars(select(AuditEvent).where(AuditEvent.action == "handover.viewed")).all()
    assert [e.actor_id for e in viewed] == [scene["member"].id]


def test_accept_with_an_appointment_and_the_counsellor_sees_it(client, session, scene) -> None:
    handover = send_handover(client, session, scene)
    login(client, scene["member"])
    assert client.post(f"/nl/handovers/{handover.id}/seen").status_code == 302
    incomplete = client.post(f"/nl/handovers/{handover.id}/accept", data={"accept-day": IN_A_WEEK})
    assert incomplete.status_code == 422
    assert (
        'id="accept-place-error"' in incomplete.text
        and 'id="accept-ask_for-error"' in incomplete.text
    )
    assert 'value="' + IN_A_WEEK + '"' in incomplete.text
    assert client.post(f"/nl/handovers/{handover.id}/accept", data=ACCEPT).status_code == 302
    session.refresh(handover)
    assert handover.status == "accepted"
    told = [i for i in list_outbox() if i.to == scene["counsellor"].email]
    assert [i.content_language for i in told] == ["fr"]

    login(client, scene["counsellor"])
    page = client.get(f"/fr/counsellor/handovers/{handover.id}").text
    assert "Sporthal Noord, ingang B" in page and "Mieke" in page and "19:30" in page
    # The history shows every step.
    assert page.count("<time datetime=") >= 3


def test_the_client_gets_the_appointment_in_their_language(client, session, scene) -> None:
    handover = send_handover(client, session, scene)
    login(client, scene["member"])
    client.post(f"/nl/handovers/{handover.id}/accept", data=ACCEPT)
    login(client, scene["counsellor"])
    assert (
        client.post(f"/nl/counsellor/handovers/{handover.id}/send-appointment").status_code == 302
    )
    [item] = [i for i in list_outbox() if i.to == "olena@example.org"]
    assert item.content_language == "uk"
    body = read_message(item.path).get_body(("plain",)).get_content()
    assert "Футбол із сусідами" in body and "Sporthal Noord, ingang B" in body and "Mieke" in body


def test_decline_with_a_reason(client, session, scene) -> None:
    handover = send_handover(client, session, scene)
    login(client, scene["member"])
    missing = client.post(
        f"/nl/handovers/{handover.id}/decline", data={"decline-reason": "other", "decline-text": ""}
    )
    assert missing.status_code == 422 and 'id="decline-text-error"' in missing.text
    ok = client.post(
        f"/nl/handovers/{handover.id}/decline",
        data={"decline-reason": "full", "decline-text": "Volzet tot juni."},
    )
    assert ok.status_code == 302
    session.refresh(handover)
    assert (handover.status, handover.decline_reason) == ("declined", "full")
    # Declined is final: accepting afterwards is refused and the page says so.
    again = client.post(f"/nl/handovers/{handover.id}/accept", data=ACCEPT)
    assert again.status_code == 302
    session.refresh(handover)
    assert handover.status == "declined"


def test_question_and_answer(client, session, scene) -> None:
    handover = send_handover(client, session, scene)
    login(client, scene["member"])
    assert (
        client.post(f"/nl/handovers/{handover.id}/question", data={"question-text": ""}).status_code
        == 422
    )
    assert (
        client.post(
            f"/nl/handovers/{handover.id}/question",
            data={"question-text": "Heeft ze voetbalschoenen?"},
        ).status_code
        == 302
    )
    login(client, scene["counsellor"])
    page = client.get(f"/nl/counsellor/handovers/{handover.id}").text
    assert "Heeft ze voetbalschoenen?" in page and 'name="answer-text"' in page
    assert (
        client.post(
            f"/nl/counsellor/handovers/{handover.id}/answer", data={"answer-text": "Nee, nog niet."}
        ).status_code
        == 302
    )
    session.refresh(handover)
    assert handover.status == "sent"
    assert [e.kind for e in handover.events] == ["status", "question", "answer"]


def test_withdraw(client, session, scene) -> None:
    handover = send_handover(client, session, scene)
    assert (
        client.post(
            f"/nl/counsellor/handovers/{handover.id}/withdraw", data={"withdraw-reason": ""}
        ).status_code
        == 302
    )
    session.refresh(handover)
    assert handover.status == "withdrawn"
    told = [i for i in list_outbox() if i.to == "contact@club.be"]
    assert len(told) == 2 and all(i.content_language == "nl" for i in told)


# --- scoping --------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["other_counsellor", "other_member", "moderator", "guide"])
def test_outsiders_get_403_everywhere(client, session, scene, make_offer, who) -> None:
    handover = send_handover(client, session, scene)
    users = {
        "other_counsellor": lambda: make_user(session, "counsellor"),
        "other_member": lambda: make_member(session, make_offer("Ander aanbod")),
        "moderator": lambda: make_user(session, "moderator"),
        "guide": lambda: make_user(session, "guide"),
    }
    login(client, users[who]())
    hid = handover.id
    assert client.get(f"/nl/handovers/{hid}").status_code == 403
    assert client.get(f"/nl/counsellor/handovers/{hid}").status_code == 403
    for path in ("seen", "accept", "decline", "question", "start"):
        assert client.post(f"/nl/handovers/{hid}/{path}", data=ACCEPT).status_code == 403, path
    for path in ("withdraw", "answer", "start", "send-appointment"):
        assert client.post(f"/nl/counsellor/handovers/{hid}/{path}").status_code == 403, path
    session.refresh(handover)
    assert handover.status == "sent" and len(handover.events) == 1
    assert client.get(_form_url(scene)).status_code == 403


def test_forms_of_outsiders_are_refused_before_validation(
    client, session, scene, make_offer
) -> None:
    handover = send_handover(client, session, scene)
    login(client, make_member(session, make_offer("Ander aanbod")))
    # Even a complete, valid form from another organisation is refused.
    assert client.post(f"/nl/handovers/{handover.id}/accept", data=ACCEPT).status_code == 403
    assert (
        client.post(
            f"/nl/handovers/{handover.id}/decline", data={"decline-reason": "full"}
        ).status_code
        == 403
    )
    assert (
        client.post(
            f"/nl/handovers/{handover.id}/question", data={"question-text": "?"}
        ).status_code
        == 403
    )


def test_the_organisation_does_not_see_drafts(client, session, scene) -> None:
    login(client, scene["counsellor"])
    client.post(_form_url(scene), data={**SEND, "action": "draft"})
    draft = session.scalars(select(Handover)).one()
    login(client, scene["member"])
    assert client.get(f"/nl/handovers/{draft.id}").status_code == 403
    assert f'data-handover-id="{draft.id}"' not in client.get("/nl/handovers/").text


def test_a_moderator_has_no_inbox(client, session) -> None:
    login(client, make_user(session, "moderator"))
    assert client.get("/nl/handovers/").status_code == 403
    assert client.get("/nl/counsellor/").status_code == 403


def test_counsellor_dashboard_groups_by_status(client, session, scene) -> None:
    handover = send_handover(client, session, scene)
    page = client.get("/nl/counsellor/")
    assert page.status_code == 200
    assert 'id="status-sent"' in page.text and f'data-handover-id="{handover.id}"' in page.text


def test_forms_need_the_csrf_token(app, client, session, scene) -> None:
    handover = send_handover(client, session, scene)
    app.config["WTF_CSRF_ENABLED"] = True
    login(client, scene["member"])
    response = client.post(f"/nl/handovers/{handover.id}/accept", data=ACCEPT)
    assert response.status_code in (400, 422)
    session.refresh(handover)
    assert handover.status == "sent"
