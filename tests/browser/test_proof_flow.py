"""The proof in a real browser: the counsellor opens it from a started handover, the contact
person confirms through the emailed link without an account, the counsellor verifies, and the
newcomer's own link shows the hours in Arabic."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest

from tests.browser.conftest import MOBILE, run_axe

pytestmark = pytest.mark.browser

PASSWORD = "proof-test-2026"


@pytest.fixture(scope="module")
def scene(live_server):  # type: ignore[no-untyped-def]
    """A counsellor, an Arabic-speaking client and a started handover to the Gent offer."""
    from aanbodplatform.extensions import db
    from aanbodplatform.models import Client, Handover, Offer, OfferContact, User
    from aanbodplatform.services.accounts import hash_password

    with db.new_session() as session:
        counsellor = User(
            email="tb@proof.example", password_hash=hash_password(PASSWORD),
            display_name="Tine Begeleider", role="counsellor", locale="nl", office="Gent",
            email_confirmed_at=datetime.now(UTC),
        )
        session.add(counsellor)
        session.flush()
        offer = session.get(Offer, live_server.offers["gent"])
        offer.contacts = [
            OfferContact(name="Mieke Trainer", email="mieke@club.example", signs_proof=True)
        ]
        client = Client(
            counsellor_id=counsellor.id, reference_code="PROOF-1", first_name="Amal",
            languages=["ar"], preferred_locale="ar", status="obliged",
            contract_end_date=date.today() + timedelta(days=300),
        )
        session.add(client)
        session.flush()
        handover = Handover(
            client_id=client.id, offer_id=offer.id, organisation_id=offer.organisation_id,
            counsellor_id=counsellor.id, status="started", open_slot=1, consent_given=True,
        )
        session.add(handover)
        session.commit()
        return {"handover_id": handover.id, "client_id": client.id}


def _sign_in(page, live_server) -> None:  # type: ignore[no-untyped-def]
    page.goto(live_server("/nl/account/signin"))
    page.fill("#email", "tb@proof.example")
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name=live_server.tr("nl", "Sign in"), exact=True).click()
    page.wait_for_load_state()


def _signing_path(live_server) -> str:  # type: ignore[no-untyped-def]
    from aanbodplatform.services.mail import list_outbox, read_message

    settings = live_server.app.extensions["settings"]
    for item in reversed(list_outbox(settings)):
        if item.to == "mieke@club.example":
            body = read_message(item.path).get_body(("plain",)).get_content()
            return re.search(r"https?://[^/\s]+(/nl/proof/\S+)", body).group(1)
    raise AssertionError(f"no signing email in {[i.to for i in list_outbox(settings)]}")


def test_open_sign_verify_and_see_the_hours_in_arabic(live_server, scene, new_page) -> None:
    def nl(msgid: str) -> str:
        return live_server.tr("nl", msgid)

    counsellor = new_page()
    _sign_in(counsellor, live_server)
    counsellor.goto(live_server(f"/nl/counsellor/handovers/{scene['handover_id']}"))
    counsellor.get_by_role("button", name=nl("Open the proof of participation")).click()
    counsellor.wait_for_url(re.compile(r"/nl/counsellor/proofs/\d+$"))
    proof_url = counsellor.url
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    counsellor.fill("#day", yesterday)
    counsellor.fill("#hours", "2,5")
    counsellor.fill("#description", "Training")
    counsellor.get_by_role("button", name=nl("Add the hours")).click()
    assert counsellor.get_by_test_id("proof-total").inner_text() == "2.5"
    counsellor.get_by_role("button", name=nl("Ask the contact person to sign")).click()
    assert counsellor.get_by_test_id("proof-status").get_attribute("data-status") == "awaiting_signature"

    # The contact person has no account: the emailed link is all they need.
    contact = new_page()
    signing = live_server(_signing_path(live_server))
    contact.goto(signing)
    assert "Training" in contact.content()
    # axe is injected as an inline script, so only this extra page bypasses the CSP.
    checker = new_page(bypass_csp=True)
    checker.goto(signing)
    assert run_axe(checker) == []
    contact.fill("#signed_name", "Mieke Trainer")
    contact.get_by_role("button", name=nl("Confirm and sign")).click()
    assert contact.get_by_test_id("proof-status").get_attribute("data-status") == "signed"

    counsellor.goto(proof_url)
    counsellor.get_by_role("button", name=nl("Verify: the hours count")).click()
    assert counsellor.get_by_test_id("proof-status").get_attribute("data-status") == "verified"

    # The counsellor shows the client their personal link (a QR code) in the client's language.
    counsellor.goto(live_server(f"/nl/counsellor/clients/{scene['client_id']}/hours"))
    counsellor.get_by_role("button", name=nl("Make a new personal link")).click()
    link = counsellor.get_by_test_id("personal-link").get_attribute("href")
    assert "/ar/my-hours/" in link and counsellor.locator("svg.qr-code").count() == 1

    newcomer = new_page(viewport=MOBILE)
    newcomer.goto(live_server(link.split("127.0.0.1:5000", 1)[-1]))
    assert newcomer.locator("html").get_attribute("dir") == "rtl"
    assert newcomer.locator("h1").inner_text() == live_server.tr("ar", "My hours")
    assert newcomer.locator("[data-status]").first.get_attribute("data-status") == "verified"
    assert live_server.tr("ar", "Verified: %(hours)s of 40 hours", hours="2.5") in newcomer.content()
    # Mobile first: nothing wider than a 360 px screen.
    assert newcomer.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    checker.goto(newcomer.url)
    assert run_axe(checker) == []
