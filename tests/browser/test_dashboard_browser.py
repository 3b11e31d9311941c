"""The local-government dashboard and the widget in a real browser: phone width, RTL, sorting."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.browser.conftest import MOBILE, run_axe, screenshot

pytestmark = pytest.mark.browser

PASSWORD = "dashboard-test-2026"


@pytest.fixture(scope="module")
def admin(live_server):  # type: ignore[no-untyped-def]
    """Create a platform admin who sees every scope."""
    from aanbodplatform.extensions import db
    from aanbodplatform.models import User
    from aanbodplatform.services.accounts import hash_password

    with db.new_session() as session:
        session.add(User(email="beheer@dash.example", password_hash=hash_password(PASSWORD),
                         display_name="Beheer", role="admin", locale="nl",
                         email_confirmed_at=datetime.now(UTC)))
        session.commit()
    return "beheer@dash.example"


def _sign_in(page, live_server, email: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(live_server("/nl/account/signin"))
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name=live_server.tr("nl", "Sign in"), exact=True).click()
    page.wait_for_load_state()


@pytest.mark.parametrize("lang", ["nl", "ar"])
def test_the_dashboard_fits_a_phone_and_sorts(live_server, admin, new_page, lang) -> None:  # type: ignore[no-untyped-def]
    # bypass_csp lets axe-core be injected; the other browser tests check the CSP itself.
    page = new_page(viewport=MOBILE, bypass_csp=True)
    _sign_in(page, live_server, admin)
    page.goto(live_server(f"/{lang}/dashboard/?scope=region:stad-gent"))
    assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
    # No sideways scrolling of the page at 360 px; wide tables scroll inside their box.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= MOBILE["width"], width
    table = page.locator("#block-types ~ .table-scroll table").first
    header = table.locator("thead th").nth(1)
    header.locator("button").click()
    assert header.get_attribute("aria-sort") == "ascending"
    header.locator("button").click()
    assert header.get_attribute("aria-sort") == "descending"
    values = [int(v) for v in table.locator("tbody td.num").evaluate_all(
        "cells => cells.map(c => c.dataset.value)")]
    assert values == sorted(values, reverse=True)
    screenshot(page, f"dashboard-{lang}-360")
    page.screenshot(path=str(screenshot(page, f"dashboard-{lang}-360").with_name(
        f"dashboard-{lang}-360-first-screen.png")))
    assert run_axe(page) == []


def test_the_widget_in_arabic_on_a_phone(live_server, new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page(viewport={"width": 320, "height": 640}, bypass_csp=True)
    page.goto(live_server("/ar/embed/municipality/44021?radius_km=25"))
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator(".embed-list li").count() >= 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    screenshot(page, "embed-ar-320")
    assert run_axe(page) == []
