"""Phones and keyboards: results first at 360 px, a language menu that fits, calm selects, a spoken count."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import MOBILE, screenshot

pytestmark = pytest.mark.browser

NARROW = {"width": 320, "height": 740}


@pytest.mark.parametrize("lang", ["en", "ar", "uk"])
def test_first_result_is_on_the_first_screen_with_a_filter(live_server, new_page, lang) -> None:
    page = new_page(viewport=MOBILE)
    page.goto(live_server(f"/{lang}/search?near=Gent&type=club&free=1"))
    first = page.locator("#results-list > li").first.bounding_box()
    assert first is not None
    # The card's top and the start of its title lie inside the 740 px screen.
    assert first["y"] + 48 <= MOBILE["height"], first
    summary = page.locator("#filters > summary")
    assert summary.locator(".count").inner_text() == "(" + live_server.ntr(
        lang, "%(num)d chosen", "%(num)d chosen", 2
    ) + ")"
    assert page.locator("#filters").get_attribute("open") is None
    # The "Filters (n)" button opens the panel with the chosen filters.
    summary.click()
    assert page.locator("#f-type-club").is_visible() and page.locator("#f-type-club").is_checked()
    assert page.locator("#radius_km").is_visible()
    screenshot(page, f"search-{lang}-phone-filters-open")
    wide = page.evaluate("""() => { const out=[]; document.querySelectorAll("body *").forEach(e => { const r=e.getBoundingClientRect(); if (r.right > 361) out.push(e.tagName+"."+e.className+"#"+e.id+" "+Math.round(r.right)+" "+(e.textContent||"").slice(0,40)); }); return out.slice(0,10); }""")
    assert page.evaluate("document.documentElement.scrollWidth") <= MOBILE["width"], wide


@pytest.mark.parametrize("lang", ["ar", "uk", "ru", "fa-AF", "en"])
def test_language_menu_fits_inside_320_px(live_server, new_page, lang) -> None:
    page = new_page(viewport=NARROW)
    page.goto(live_server(f"/{lang}/search?near=Gent"))
    page.locator(".language-switcher summary").click()
    links = page.locator(".language-switcher ul a")
    assert links.count() == 14
    for i in range(links.count()):
        box = links.nth(i).bounding_box()
        assert box is not None
        assert box["x"] >= 0 and box["x"] + box["width"] <= NARROW["width"], (links.nth(i).inner_text(), box)
        assert box["y"] + box["height"] <= NARROW["height"], (links.nth(i).inner_text(), box)
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
    if lang == "ar":
        # Arabic readers reach Dari and Pashto.
        page.locator(".language-switcher a[hreflang=ps]").click()
        page.wait_for_url(re.compile(r"/ps/search\?near=Gent"))
        page.locator(".language-switcher summary").click()
        page.locator(".language-switcher a[hreflang=fa-AF]").click()
        page.wait_for_url(re.compile(r"/fa-AF/search\?near=Gent"))


def _navigations(page) -> list[str]:  # type: ignore[no-untyped-def]
    seen: list[str] = []
    page.on("framenavigated", lambda frame: seen.append(frame.url) if frame == page.main_frame else None)
    return seen


def test_arrow_keys_in_the_distance_select_do_not_reload(live_server, new_page) -> None:
    page = new_page(viewport=MOBILE)
    page.goto(live_server("/en/search?near=Gent"))
    start = page.url
    page.locator("#filters > summary").click()
    navigations = _navigations(page)
    page.locator("#radius_km").focus()
    page.keyboard.press("ArrowDown")
    page.wait_for_timeout(800)
    assert navigations == [] and page.url == start
    assert page.input_value("#radius_km") == "50"  # moved from the default 25 km to 50 km
    # Enter applies the choice.
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"radius_km=50"))
    assert page.evaluate("document.activeElement.id") == "radius_km"


def test_arrow_keys_in_the_sort_select_wait_for_enter(live_server, page) -> None:
    page.goto(live_server("/en/search?q=voetbal&near=Gent&radius_km=any"))
    start = page.url
    navigations = _navigations(page)
    assert not page.locator(".sort-submit").is_visible()
    page.locator("#sort").focus()
    page.keyboard.press("ArrowDown")
    page.wait_for_timeout(800)
    assert navigations == [] and page.url == start
    # The "Sort" button shows, to apply the choice without Enter too.
    assert page.locator(".sort-submit").is_visible()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"sort=newest"))


def test_choosing_with_the_pointer_still_applies_at_once(live_server, page) -> None:
    page.goto(live_server("/en/search?near=Gent"))
    page.locator("#filters > summary").click()
    page.select_option("#radius_km", "any")
    page.wait_for_url(re.compile(r"radius_km=any"))


def test_new_count_is_announced_in_a_live_region(live_server, new_page) -> None:
    page = new_page(viewport=MOBILE)
    page.goto(live_server("/en/search?near=Gent&radius_km=50&criteria=all"))
    region = page.locator("#results-announce")
    assert region.get_attribute("role") == "status" and region.get_attribute("aria-live") == "polite"
    assert region.inner_text() == ""  # nothing to announce on arrival
    page.locator("#filters > summary").click()
    page.locator("#f-type-volunteering").check()
    page.wait_for_url(re.compile(r"type=volunteering"))
    expected = live_server.ntr("en", "%(num)d offer near %(place)s", "%(num)d offers near %(place)s", 1, place="Gent")
    expect(region).to_have_text(expected)
    assert page.locator("#results-title").inner_text() == expected
    assert page.evaluate("document.activeElement.id") == "f-type-volunteering"
