"""The counsellor's pages: clients, search together in two languages, shortlists, print and email."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import select

from aanbodplatform.models import AuditEvent, Client, ClientShortlistItem
from aanbodplatform.services.mail import list_outbox, read_message
from tests.factories import login, make_client, make_member, make_user


@pytest.fixture
def counsellor(session):
    return make_user(session, "counsellor")


@pytest.fixture
def client_record(session, counsellor):
    return make_client(session, counsellor, preferred_locale="uk")


@pytest.fixture
def football(make_offer):
    return make_offer(
        "Voetbal met de buren",
        summary="Elke dinsdag voetballen in het park.",
        activities=("football",),
        translations={"uk": ("Футбол із сусідами", "Щовівторка граємо у футбол у парку.")},
    )


CLIENT_FORM = {
    "reference_code": "GT-7",
    "first_name": "Amina",
    "preferred_locale": "ar",
    "languages": ["ar", "fr"],
    "dutch_level": "A1",
    "home_postcode": "9000",
    "weekdays": ["mon", "wed"],
    "dayparts": ["morning"],
    "interests": ["cooking"],
    "status": "obliged",
    "contract_end_date": "",
    "email": "",
}


def _no_inline_style_or_script(html: str) -> None:
    # The CSP forbids inline styles and scripts: the pages must not need them.
    assert not re.search(r"\sstyle=", html)
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert not re.search(r"\son[a-z]+=", html)


# --- access ------------------------------------------------------------------------------


def test_visitors_are_sent_to_sign_in(client) -> None:
    response = client.get("/nl/counsellor/clients")
    assert response.status_code == 302
    assert "/nl/account/signin" in response.headers["Location"]


@pytest.mark.parametrize("role", ["organisation_member", "moderator"])
def test_other_roles_cannot_open_the_client_pages(client, session, role) -> None:
    login(client, make_user(session, role))
    assert client.get("/nl/counsellor/clients").status_code == 403
    assert client.get("/nl/counsellor/clients/new").status_code == 403


@pytest.mark.parametrize("who", ["other_counsellor", "moderator", "member", "guide"])
def test_nobody_else_opens_a_client(client, session, client_record, make_offer, who) -> None:
    users = {
        "other_counsellor": lambda: make_user(session, "counsellor"),
        "moderator": lambda: make_user(session, "moderator"),
        "member": lambda: make_member(session, make_offer()),
        "guide": lambda: make_user(session, "guide"),
    }
    login(client, users[who]())
    base = f"/nl/counsellor/clients/{client_record.id}"
    for url in (
        base,
        base + "/edit",
        base + "/export",
        base + "/search?together=1",
        base + "/shortlist/print",
    ):
        assert client.get(url).status_code == 403, url
    assert client.post(base + "/archive").status_code == 403
    assert client.post(base + "/erase", data={"confirm": "y"}).status_code == 403


def test_the_office_coordinator_opens_a_colleagues_client(client, session, client_record) -> None:
    login(client, make_user(session, "counsellor", coordinator=True))
    assert client.get(f"/nl/counsellor/clients/{client_record.id}").status_code == 200


def test_pages_with_client_data_are_not_cached(client, counsellor, client_record) -> None:
    login(client, counsellor)
    response = client.get(f"/nl/counsellor/clients/{client_record.id}")
    assert response.headers["Cache-Control"] == "no-store"


# --- clients -----------------------------------------------------------------------------


def test_create_a_client(client, session, counsellor) -> None:
    login(client, counsellor)
    page = client.get("/nl/counsellor/clients/new")
    assert page.status_code == 200
    assert 'for="reference_code"' in page.text
    response = client.post("/nl/counsellor/clients/new", data=CLIENT_FORM)
    assert response.status_code == 302
    created = session.scalars(select(Client)).one()
    assert (created.reference_code, created.first_name, created.preferred_locale) == (
        "GT-7",
        "Amina",
        "ar",
    )
    assert created.languages == ["ar", "fr"] and created.interests == ["cooking"]
    listing = client.get("/nl/counsellor/clients")
    assert "GT-7" in listing.text


def test_a_national_number_is_refused_and_nothing_is_lost(client, session, counsellor) -> None:
    login(client, counsellor)
    response = client.post(
        "/nl/counsellor/clients/new", data={**CLIENT_FORM, "reference_code": "85.07.30-033.28"}
    )
    assert response.status_code == 422
    html = response.text
    assert 'role="alert"' in html
    assert 'id="reference_code-error"' in html
    assert 'aria-invalid="true"' in html
    # What was typed stays in the form.
    assert 'value="Amina"' in html
    assert re.search(r'value="cooking"[^>]*checked|checked[^>]*value="cooking"', html)
    assert session.scalars(select(Client)).all() == []


def test_edit_archive_and_restore(client, session, counsellor, client_record) -> None:
    login(client, counsellor)
    base = f"/nl/counsellor/clients/{client_record.id}"
    form = client.get(base + "/edit")
    assert form.status_code == 200 and client_record.reference_code in form.text
    data = {**CLIENT_FORM, "reference_code": client_record.reference_code, "first_name": "Olha"}
    assert client.post(base + "/edit", data=data).status_code == 302
    session.refresh(client_record)
    assert client_record.first_name == "Olha"
    assert client.post(base + "/archive").status_code == 302
    assert client_record.reference_code not in client.get("/nl/counsellor/clients").text
    assert client_record.reference_code in client.get("/nl/counsellor/clients?archived=1").text
    assert client.post(base + "/restore").status_code == 302
    session.refresh(client_record)
    assert client_record.archived_at is None


def test_export_downloads_json_and_is_audited(client, session, counsellor, client_record) -> None:
    login(client, counsellor)
    response = client.get(f"/nl/counsellor/clients/{client_record.id}/export")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.data)
    assert data["client"]["first_name"] == "Olena"
    assert (
        session.scalars(select(AuditEvent).where(AuditEvent.action == "client.exported"))
        .one()
        .actor_id
        == counsellor.id
    )


def test_erase_needs_a_confirmation(client, session, counsellor, client_record) -> None:
    login(client, counsellor)
    url = f"/nl/counsellor/clients/{client_record.id}/erase"
    assert client.get(url).status_code == 200
    refused = client.post(url, data={})
    assert refused.status_code == 422 and 'role="alert"' in refused.text
    assert client.post(url, data={"confirm": "y"}).status_code == 302
    session.expire_all()
    assert session.get(Client, client_record.id) is None


# --- search together -----------------------------------------------------------------------


def test_search_together_starts_from_the_client_profile(client, counsellor, client_record) -> None:
    login(client, counsellor)
    response = client.get(f"/nl/counsellor/clients/{client_record.id}/search")
    assert response.status_code == 302
    location = response.headers["Location"]
    for part in (
        "together=1",
        "near=9000",
        "weekday=tue",
        "weekday=thu",
        "daypart=evening",
        "dutch_level=A1",
        "activity=football",
    ):
        assert part in location


def test_search_together_shows_both_languages(client, counsellor, client_record, football) -> None:
    login(client, counsellor)
    response = client.get(
        f"/nl/counsellor/clients/{client_record.id}/search?together=1&activity=football"
    )
    assert response.status_code == 200
    html = response.text
    # Two columns per card, each with its language and direction.
    assert 'class="bi-column" lang="uk" dir="ltr"' in html
    assert 'class="bi-column" lang="nl" dir="ltr"' in html
    # The offer in Ukrainian on one side, in Dutch on the other.
    assert "Футбол із сусідами" in html and "Voetbal met de buren" in html
    # Every label twice: a taxonomy label in Ukrainian and in Dutch, each marked.
    assert re.search(r'<span class="bi bi-client" lang="uk" dir="ltr">Футбол</span>', html)
    assert re.search(r'<span class="bi bi-nl" lang="nl" dir="ltr">Voetbal</span>', html)
    # The filters stay editable and keep the prefill.
    assert re.search(r'id="activity-football"[^>]*checked', html)
    _no_inline_style_or_script(html)


def test_an_arabic_client_gets_a_right_to_left_side(client, session, counsellor, football) -> None:
    arabic = make_client(session, counsellor, preferred_locale="ar")
    login(client, counsellor)
    html = client.get(f"/nl/counsellor/clients/{arabic.id}/search?together=1").text
    assert 'class="bi-column" lang="ar" dir="rtl"' in html
    assert '<span class="bi bi-client" lang="ar" dir="rtl">كرة القدم</span>' in html


def test_filters_can_be_changed_and_bad_values_are_explained(
    client, counsellor, client_record
) -> None:
    login(client, counsellor)
    response = client.get(
        f"/nl/counsellor/clients/{client_record.id}/search?together=1&near=Nergensland"
    )
    assert response.status_code == 400
    assert 'id="search-error" role="alert"' in response.text
    assert 'value="Nergensland"' in response.text


def test_shortlist_from_the_search(client, session, counsellor, client_record, football) -> None:
    login(client, counsellor)
    back = f"/nl/counsellor/clients/{client_record.id}/search?together=1"
    response = client.post(
        f"/nl/counsellor/clients/{client_record.id}/shortlist/{football.id}", data={"next": back}
    )
    assert response.status_code == 302 and response.headers["Location"].endswith(back)
    assert session.scalars(select(ClientShortlistItem)).one().offer_id == football.id
    page = client.get(back).text
    assert 'aria-pressed="true"' in page
    # Hand over is offered from a shortlisted offer.
    assert f"/handover/{football.id}" in page
    client.post(f"/nl/counsellor/clients/{client_record.id}/shortlist/{football.id}/remove")
    assert session.scalars(select(ClientShortlistItem)).all() == []


def test_shortlist_redirect_refuses_other_sites(
    client, counsellor, client_record, football
) -> None:
    login(client, counsellor)
    response = client.post(
        f"/nl/counsellor/clients/{client_record.id}/shortlist/{football.id}",
        data={"next": "https://evil.example/"},
    )
    assert response.headers["Location"].endswith(f"/nl/counsellor/clients/{client_record.id}")


def test_print_is_in_the_clients_language_with_qr_codes(
    client, counsellor, client_record, football
) -> None:
    login(client, counsellor)
    client.post(f"/nl/counsellor/clients/{client_record.id}/shortlist/{football.id}")
    detail = client.get(f"/nl/counsellor/clients/{client_record.id}").text
    assert f"/uk/counsellor/clients/{client_record.id}/shortlist/print" in detail
    response = client.get(f"/uk/counsellor/clients/{client_record.id}/shortlist/print")
    assert response.status_code == 200
    html = response.text
    assert '<html lang="uk" dir="ltr"' in html
    assert "Футбол із сусідами" in html
    assert f"/uk/offers/{football.id}" in html
    assert '<svg aria-hidden="true"' in html and 'class="qr-code"' in html
    _no_inline_style_or_script(html)


def test_email_the_shortlist_in_the_clients_language(
    client, counsellor, client_record, football
) -> None:
    login(client, counsellor)
    client.post(f"/nl/counsellor/clients/{client_record.id}/shortlist/{football.id}")
    response = client.post(f"/nl/counsellor/clients/{client_record.id}/shortlist/email")
    assert response.status_code == 302
    [item] = list_outbox()
    assert item.to == "olena@example.org" and item.content_language == "uk"
    body = read_message(item.path).get_body(("plain",)).get_content()
    assert "Футбол із сусідами" in body


# --- guides ---------------------------------------------------------------------------------


def test_a_guide_searches_together_and_shortlists_but_does_not_hand_over(
    client, session, football
) -> None:
    guide = make_user(session, "guide")
    login(client, guide)
    assert client.get("/nl/counsellor/").headers["Location"].endswith("/nl/counsellor/clients")
    assert client.post("/nl/counsellor/clients/new", data=CLIENT_FORM).status_code == 302
    mine = session.scalars(select(Client)).one()
    search = client.get(f"/nl/counsellor/clients/{mine.id}/search?together=1")
    assert search.status_code == 200
    client.post(f"/nl/counsellor/clients/{mine.id}/shortlist/{football.id}")
    page = client.get(f"/nl/counsellor/clients/{mine.id}").text
    assert "Voetbal met de buren" in page
    assert f"/handover/{football.id}" not in page
    assert (
        f"/handover/{football.id}"
        not in client.get(f"/nl/counsellor/clients/{mine.id}/search?together=1").text
    )
    assert client.get(f"/nl/counsellor/clients/{mine.id}/handover/{football.id}").status_code == 403
    assert (
        client.post(f"/nl/counsellor/clients/{mine.id}/handover/{football.id}", data={}).status_code
        == 403
    )


def test_search_together_cards_start_with_the_facts_in_each_language(
    app, client, counsellor, client_record, football
) -> None:
    from flask_babel import force_locale
    from flask_babel import gettext as gt

    login(client, counsellor)
    html = client.get(
        f"/nl/counsellor/clients/{client_record.id}/search?together=1&activity=football"
    ).text
    uk_side = html.split('class="bi-column" lang="uk"')[1].split('class="bi-column" lang="nl"')[0]
    nl_side = html.split('class="bi-column" lang="nl"')[1]
    with force_locale("uk"):
        uk_when = gt("When")
    with force_locale("nl"):
        nl_when = gt("When")
    assert uk_when != nl_when
    assert "data-glance" in uk_side and f">{uk_when}</dt>" in uk_side
    assert "data-glance" in nl_side and f">{nl_when}</dt>" in nl_side
