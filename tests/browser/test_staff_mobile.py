"""Staff pages read well at 360 px, left-to-right and right-to-left: no horizontal scrolling."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.browser.conftest import MOBILE, screenshot

pytestmark = pytest.mark.browser

PASSWORD = "staff-mobile-2026"


@pytest.fixture(scope="module")
def staff(live_server):  # type: ignore[no-untyped-def]
    """An admin, a moderator of Gent with an offer in the queue, and an organisation admin."""
    from aanbodplatform.extensions import db
    from aanbodplatform.models import Membership, ModeratorScope, Offer, User
    from aanbodplatform.services.accounts import hash_password

    with db.new_session() as session:
        now = datetime.now(UTC)
        people = {}
        for key, role in (("admin", "admin"), ("moderator", "moderator"), ("member", "organisation_member")):
            user = User(
                email=f"{key}@mobile.example",
                password_hash=hash_password(PASSWORD),
                display_name=f"Een heel lange naam voor {key} Vandenbroucke-Van Damme",
                role=role,
                locale="nl",
                email_confirmed_at=now,
            )
            session.add(user)
            people[key] = user
        session.flush()
        session.add(ModeratorScope(user_id=people["moderator"].id, municipality_nis="44021"))
        offer = session.get(Offer, live_server.offers["gent"])
        offer.status = "submitted"
        offer.submitted_at = now
        session.add(
            Membership(
                user_id=people["member"].id,
                organisation_id=offer.organisation_id,
                state="member",
                is_admin=True,
            )
        )
        session.commit()
        return {"org_id": offer.organisation_id}


def sign_in(page, live_server, email: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(live_server("/nl/account/signin"))
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name=live_server.tr("nl", "Sign in"), exact=True).click()
    page.wait_for_load_state()


def _no_sideways_scroll(page) -> None:  # type: ignore[no-untyped-def]
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.evaluate("window.innerWidth")
    assert width <= viewport, (page.url, width, viewport)


@pytest.mark.parametrize("lang", ["nl", "ar"])
def test_staff_pages_fit_a_phone(live_server, staff, new_page, lang) -> None:
    pages = {
        "admin@mobile.example": ["/admin/users", "/admin/scopes", "/admin/organisations?q=Vzw",
                                 "/admin/users/new"],
        "moderator@mobile.example": ["/moderation/"],
        "member@mobile.example": [f"/organisations/{staff['org_id']}/", "/handovers/"],
    }
    for email, paths in pages.items():
        page = new_page(MOBILE)
        sign_in(page, live_server, email)
        for path in paths:
            page.goto(live_server(f"/{lang}{path}"))
            assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
            _no_sideways_scroll(page)
        if lang == "ar":
            screenshot(page, f"staff-{email.split('@')[0]}-ar-mobile")
