"""A contact person without an account accepts a handover from the mailed link; the counsellor
sees the appointment and downloads it as an .ics file."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import MOBILE, run_axe, screenshot

pytestmark = pytest.mark.browser

PASSWORD = "handover-link-2026"


@pytest.fixture(scope="module")
def mailed(live_server):  # type: ignore[no-untyped-def]
    """Send a handover to the Gent offer (contact: An Peeters, no account); return the link path."""
    from aanbodplatform.extensions import db
    from aanbodplatform.models import Client, User
    from aanbodplatform.services import handovers as svc
    from aanbodplatform.services.accounts import hash_password
    from aanbodplatform.services.mail import list_outbox, read_message

    app = live_server.app
    with app.app_context():
        session = db.session
        counsellor = User(
            email="tb@link.example",
            password_hash=hash_password(PASSWORD),
            display_name="Tine Begeleider",
            role="counsellor",
            locale="nl",
            office="Gent",
            email_confirmed_at=datetime.now(UTC),
        )
        session.add(counsellor)
        session.flush()
        client = Client(
            counsellor_id=counsellor.id,
            reference_code="LINK-1",
            first_name="Olena",
            languages=["uk"],
            preferred_locale="uk",
            dutch_level="A1",
            status="obliged",
        )
        session.add(client)
        session.commit()
        settings = app.extensions["settings"]
        handover = svc.submit_handover(
            session,
            settings,
            counsellor,
            client.id,
            live_server.offers["gent"],
            svc.HandoverInput(
                wishes="Olena wil graag voetballen.",
                consent_given=True,
                consent_date=date.today(),
            ),
        ).handover
        [item] = [i for i in list_outbox(settings) if i.to == "an@example.org"]
        text = read_message(item.path).get_body(("plain",)).get_content()
        found = re.search(r"https?://\S+?(/nl/handover-link/\d+/\S+)", text)
        assert found, text
        handover_id = handover.id
        db.session.remove()
    return {"path": found.group(1), "handover_id": handover_id}


def test_a_contact_person_accepts_from_the_mailed_link(live_server, mailed, new_page) -> None:
    def nl(msgid: str) -> str:
        return live_server.tr("nl", msgid)

    # The contact person has no account: no sign-in, just the link, on a phone.
    contact = new_page(MOBILE)
    contact.goto(live_server(mailed["path"]))
    expect(contact.get_by_text("Olena wil graag voetballen.")).to_be_visible()
    assert "/account/signin" not in contact.url
    contact.get_by_role("button", name=nl("Mark as seen")).click()
    expect(contact.locator('.status [data-status="seen"]')).to_be_visible()
    day = date.today() + timedelta(days=7)
    contact.fill("#accept-day", day.isoformat())
    contact.fill("#accept-at", "19:30")
    contact.fill("#accept-place", "Sporthal Noord, ingang B")
    contact.fill("#accept-ask_for", "An")
    contact.get_by_role("button", name=nl("Accept"), exact=True).click()
    expect(contact.locator('.status [data-status="accepted"]')).to_be_visible()
    history = contact.locator(".history").inner_text()
    assert "An Peeters" in history
    screenshot(contact, "handover-link-accepted-mobile")

    # The counsellor signs in and sees the appointment, and downloads it for their calendar.
    counsellor = new_page()
    counsellor.goto(live_server("/nl/account/signin"))
    counsellor.fill("#email", "tb@link.example")
    counsellor.fill("#password", PASSWORD)
    counsellor.get_by_role("button", name=nl("Sign in"), exact=True).click()
    counsellor.wait_for_load_state()
    counsellor.goto(live_server(f"/nl/counsellor/handovers/{mailed['handover_id']}"))
    appointment = counsellor.locator(".appointment")
    expect(appointment).to_contain_text("Sporthal Noord, ingang B")
    assert "19:30" in appointment.inner_text()
    with counsellor.expect_download() as info:
        appointment.get_by_role("link", name=nl("Add to my calendar (.ics file)")).click()
    download = info.value
    assert download.suggested_filename == f"appointment-{mailed['handover_id']}.ics"
    content = Path(download.path()).read_bytes()
    assert b"BEGIN:VCALENDAR" in content and b"Sporthal Noord" in content
    assert f"DTSTART;TZID=Europe/Brussels:{day.strftime('%Y%m%d')}T193000".encode() in content


def test_a_broken_link_gets_a_clear_page(live_server, mailed, new_page) -> None:
    page = new_page()
    response = page.goto(live_server(mailed["path"][:-4] + "abcd"))
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_have_text(live_server.tr("nl", "This link does not work"))
    assert "Olena" not in page.content()


def test_the_link_page_passes_axe(live_server, mailed, new_page) -> None:
    page = new_page(bypass_csp=True)
    page.goto(live_server(mailed["path"]))
    assert run_axe(page) == []
