"""Right-to-left pages mirror: what sits at the start in Dutch sits at the right in Arabic, Dari and Pashto."""

from __future__ import annotations

import pytest

from tests.browser.conftest import DESKTOP, screenshot

pytestmark = pytest.mark.browser


def _box(page, selector: str) -> dict:  # type: ignore[no-untyped-def]
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return box


@pytest.mark.parametrize("lang", ["ar", "fa-AF", "ps"])
def test_search_page_is_mirrored(live_server, new_page, lang: str) -> None:  # type: ignore[no-untyped-def]
    width = DESKTOP["width"]
    page = new_page()
    page.goto(live_server(f"/{lang}/search?near=9000&radius_km=50&criteria=all"))
    assert page.locator("html").get_attribute("dir") == "rtl"
    brand = _box(page, ".brand")
    switcher = _box(page, ".language-switcher summary")
    # The brand starts the header: at the right edge in RTL, the language switcher at the left.
    assert brand["x"] > width / 2, brand
    assert switcher["x"] + switcher["width"] < width / 2, switcher
    # Labels and the first result card start at the right too.
    heading = _box(page, "main h1")
    assert heading["x"] + heading["width"] > width * 0.6, heading
    assert page.evaluate(
        "getComputedStyle(document.querySelector('main h1')).direction"
    ) == "rtl"
    # Postcodes and distances stay left-to-right inside the right-to-left text.
    assert page.locator("#near").get_attribute("dir") in ("ltr", "auto")
    screenshot(page, f"search-{lang}-mirrored-desktop")


def test_dutch_search_page_is_not_mirrored(live_server, new_page) -> None:  # type: ignore[no-untyped-def]
    width = DESKTOP["width"]
    page = new_page()
    page.goto(live_server("/nl/search?near=9000&radius_km=50"))
    assert _box(page, ".brand")["x"] < width / 2
    assert _box(page, ".language-switcher summary")["x"] > width / 2
