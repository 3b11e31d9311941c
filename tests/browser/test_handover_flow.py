"""The warm handover in a real browser: search together, shortlist, hand over, accept, see the appointment."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import MOBILE, run_axe, screenshot

pytestmark = pytest.mark.browser

PASSWORD = "handover-test-2026"


@pytest.fixture(scope="module")
def people(live_server):  # type: ignore[no-untyped-def]
    """Create a counsellor with a Ukrainian-speaking client, and a member of the Gent offer's organisation."""
    from aanbodplatform.extensions import db
    from aanbodplatform.models import Client, ClientShortlistItem, Membership, Offer, User
    from aanbodplatform.services.accounts import hash_password

    # `db` is bound to the live server's database (the last app created in this process).
    with db.new_session() as session:
        now = datetime.now(UTC)
        counsellor = User(
            email="tb@flow.example",
            password_hash=hash_password(PASSWORD),
            display_name="Tine Begeleider",
            role="counsellor",
            locale="nl",
            office="Gent",
            email_confirmed_at=now,
        )
        member = User(
            email="club@flow.example",
            password_hash=hash_password(PASSWORD),
            display_name="Mieke Club",
            role="organisation_member",
            locale="nl",
            email_confirmed_at=now,
        )
        session.add_all([counsellor, member])
        session.flush()
        offer = session.get(Offer, live_server.offers["gent"])
        session.add(
            Membership(user_id=member.id, organisation_id=offer.organisation_id, state="member")
        )
        client = Client(
            counsellor_id=counsellor.id,
            reference_code="FLOW-1",
            first_name="Olena",
            languages=["uk"],
            preferred_locale="uk",
            dutch_level="A1",
            home_postcode="9000",
            weekdays=["tue"],
            dayparts=["evening"],
            status="obliged",
            interests=["football"],
            email="olena@flow.example",
        )
        session.add(client)
        session.flush()
        # Something on the shortlist from the start, so the print test stands alone.
        session.add(ClientShortlistItem(client_id=client.id, offer_id=live_server.offers["leuven"]))
        session.commit()
        return {"client_id": client.id, "offer_id": offer.id}


def sign_in(page, live_server, email: str) -> None:  # type: ignore[no-untyped-def]
    """Sign in through the real form (in Dutch, like everyone below: counsellors work in Dutch)."""
    page.goto(live_server("/nl/account/signin"))
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name=live_server.tr("nl", "Sign in"), exact=True).click()
    page.wait_for_load_state()
    assert "/account/signin" not in page.url


def test_search_together_shortlist_hand_over_accept(live_server, people, new_page) -> None:
    def nl(msgid: str) -> str:
        return live_server.tr("nl", msgid)

    counsellor = new_page()
    sign_in(counsellor, live_server, "tb@flow.example")

    # The counsellor opens the client and searches together: prefilled from the profile.
    counsellor.goto(live_server("/nl/counsellor/clients"))
    counsellor.get_by_role("link", name="FLOW-1").click()
    counsellor.get_by_role("link", name=nl("Search together")).click()
    counsellor.wait_for_url(re.compile(r"together=1"))
    assert "near=9000" in counsellor.url and "activity=football" in counsellor.url
    card = counsellor.locator(f'.together-card[data-offer-id="{people["offer_id"]}"]')
    assert card.locator('.bi-column[lang="uk"] .card-title').inner_text() == "Футбол із сусідами"
    assert card.locator('.bi-column[lang="nl"] .card-title').inner_text() == "Voetbal met de buren"
    assert (
        counsellor.locator('label[for="activity-football"] .bi[lang="uk"]').text_content()
        == "Футбол"
    )
    assert counsellor.locator("#activity-football").is_checked()
    screenshot(counsellor, "handover-search-together-desktop")

    # Side by side on a wide screen.
    columns = card.locator(".bi-column")
    first, second = columns.nth(0).bounding_box(), columns.nth(1).bounding_box()
    assert first and second and abs(first["y"] - second["y"]) < 2 and second["x"] > first["x"]

    # The shortlist, then the handover from the shortlisted offer.
    # The button speaks both languages: the client's, then Dutch.
    card.get_by_role("button", name=re.compile(re.escape(nl("Add to our shortlist")))).click()
    counsellor.wait_for_load_state()
    card = counsellor.locator(f'.together-card[data-offer-id="{people["offer_id"]}"]')
    card.get_by_role("link", name=nl("Hand over")).click()
    counsellor.wait_for_url(re.compile(r"/handover/"))
    assert counsellor.locator('input[value="first_name"]').is_checked()
    assert not counsellor.locator('input[value="email"]').is_checked()
    counsellor.fill("#wishes", "Olena wil graag voetballen met buren.")
    # Sending without consent is refused, and the text stays.
    counsellor.get_by_role("button", name=nl("Send the handover")).click()
    # Each click below submits a form: wait for the next page instead of reading the old one.
    expect(counsellor.locator(".error-summary")).to_be_visible()
    assert counsellor.input_value("#wishes") == "Olena wil graag voetballen met buren."
    counsellor.check("#consent_given")
    counsellor.get_by_role("button", name=nl("Send the handover")).click()
    counsellor.wait_for_url(re.compile(r"/counsellor/handovers/\d+$"))
    assert counsellor.locator('.status [data-status="sent"]').is_visible()
    handover_url = counsellor.url

    # The organisation accepts with a first appointment.
    organisation = new_page()
    sign_in(organisation, live_server, "club@flow.example")
    organisation.goto(live_server("/nl/handovers/"))
    organisation.locator("tbody tr a").first.click()
    expect(organisation.get_by_text("Olena wil graag voetballen met buren.")).to_be_visible()
    organisation.get_by_role("button", name=nl("Mark as seen")).click()
    expect(organisation.locator('.status [data-status="seen"]')).to_be_visible()
    day = date.today() + timedelta(days=7)
    organisation.fill("#accept-day", day.isoformat())
    organisation.fill("#accept-at", "19:30")
    organisation.fill("#accept-place", "Sporthal Noord, ingang B")
    organisation.fill("#accept-ask_for", "Mieke")
    organisation.get_by_role("button", name=nl("Accept"), exact=True).click()
    expect(organisation.locator('.status [data-status="accepted"]')).to_be_visible()

    # The counsellor sees the appointment and the whole history.
    counsellor.goto(handover_url)
    assert counsellor.locator('.status [data-status="accepted"]').is_visible()
    appointment = counsellor.locator(".appointment")
    assert "Sporthal Noord, ingang B" in appointment.inner_text()
    assert "Mieke" in appointment.inner_text() and "19:30" in appointment.inner_text()
    assert counsellor.locator(".history li").count() == 3


def test_two_languages_stack_on_a_narrow_screen(live_server, people, new_page) -> None:
    page = new_page(MOBILE)
    sign_in(page, live_server, "tb@flow.example")
    page.goto(
        live_server(
            f"/nl/counsellor/clients/{people['client_id']}/search?together=1&activity=football"
        )
    )
    card = page.locator(".together-card").first
    first = card.locator(".bi-column").nth(0).bounding_box()
    second = card.locator(".bi-column").nth(1).bounding_box()
    assert first and second and second["y"] > first["y"] + first["height"] - 1
    screenshot(page, "handover-search-together-mobile")


def test_the_printed_shortlist_is_in_the_clients_language(live_server, people, new_page) -> None:
    page = new_page()
    sign_in(page, live_server, "tb@flow.example")
    page.goto(live_server(f"/uk/counsellor/clients/{people['client_id']}/shortlist/print"))
    assert page.locator("html").get_attribute("lang") == "uk"
    assert page.locator(".print-item").count() >= 1
    assert page.locator(".print-qr svg").first.is_visible()
    assert "Voetbal in Leuven" in page.locator(".print-list").inner_text()
    # The print button appears once the script runs (no inline script: the CSP allows it).
    assert page.locator("[data-print]").is_visible()
    screenshot(page, "handover-shortlist-print")


def test_counsellor_pages_pass_axe(live_server, people, new_page) -> None:
    # axe is injected as an inline script, so this page alone bypasses the CSP.
    page = new_page(bypass_csp=True)
    sign_in(page, live_server, "tb@flow.example")
    client_id = people["client_id"]
    for path in (
        "/nl/counsellor/clients",
        f"/nl/counsellor/clients/{client_id}",
        f"/nl/counsellor/clients/{client_id}/search?together=1&activity=football",
        f"/nl/counsellor/clients/{client_id}/edit",
        f"/nl/counsellor/clients/{client_id}/handover/{live_server.offers['leuven']}",
        f"/uk/counsellor/clients/{client_id}/shortlist/print",
        "/nl/counsellor/",
    ):
        page.goto(live_server(path))
        assert run_axe(page) == [], path
