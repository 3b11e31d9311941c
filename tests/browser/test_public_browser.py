"""The newcomer's journey in a real browser: search, offer, language, shortlist, print, map, check, a11y."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser.conftest import DESKTOP, MOBILE, run_axe, screenshot

pytestmark = pytest.mark.browser


def titles(page) -> list[str]:  # type: ignore[no-untyped-def]
    """Return the visible result titles in order."""
    return [t.strip() for t in page.locator("#results-list .card-title").all_inner_texts()]


def query_of(page) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    """Return the current URL's query parameters."""
    return parse_qs(urlsplit(page.url).query)


# --- search ------------------------------------------------------------------------------------


def test_search_by_text_place_and_distance_shows_nearest_first(live_server, page):
    page.goto(live_server("/nl/"))
    page.fill("#q", "voetbal")
    page.fill("#near", "Gen")
    # Place suggestions come from the offline gazetteer as you type.
    option = page.get_by_role("option", name=re.compile(r"^Gent$"))
    option.wait_for()
    assert page.locator("#near").get_attribute("aria-expanded") == "true"
    page.keyboard.press("ArrowDown")
    assert page.locator("#near").get_attribute("aria-activedescendant")
    option.click()
    assert page.input_value("#near") == "Gent"
    page.get_by_role("button", name=live_server.tr("nl", "Search"), exact=True).click()
    page.wait_for_url(re.compile(r"/nl/search\?"))
    assert query_of(page) == {"q": ["voetbal"], "near": ["Gent"]}  # empty fields left out

    # A place means nearby: nearest first within 25 km, and the page says so.
    assert titles(page) == ["Voetbal met de buren"]
    assert page.locator("#results-title").inner_text() == live_server.ntr(
        "nl", "%(num)d offer near %(place)s", "%(num)d offers near %(place)s", 1, place="Gent"
    )
    assert page.locator(".results-note").is_visible()

    # Filters apply at once: "anywhere" reloads the page, still nearest first.
    page.locator("#filters > summary").click()
    page.select_option("#radius_km", "any")
    page.wait_for_url(re.compile(r"radius_km=any"))
    assert titles(page) == ["Voetbal met de buren", "Voetbal in Antwerpen", "Voetbal in Leuven"]
    distances = page.locator("#results-list .distance").all_inner_texts()
    # Dutch decimals use a comma, whatever words the catalog puts around the number.
    assert re.search(r"\b[01],\d km", distances[0]), distances
    # Focus comes back to the control the visitor changed.
    assert page.evaluate("document.activeElement.id") == "radius_km"


def test_criteria_switch_shows_offers_that_do_not_count(live_server, page):
    page.goto(live_server("/en/search?near=Gent&radius_km=10"))
    before = titles(page)
    assert "Kookclub zonder Nederlands" not in before
    page.locator("#filters > summary").click()
    page.get_by_label("Also show offers that do not count for the 40 hours").check()
    page.wait_for_url(re.compile(r"criteria=all"))
    after = titles(page)
    assert "Kookclub zonder Nederlands" in after and len(after) == len(before) + 1
    card = page.locator("#results-list .card", has_text="Kookclub")
    assert card.locator(".badge-warn").inner_text() == "Does not count for the 40 hours"
    page.get_by_label("Also show offers that do not count for the 40 hours").uncheck()
    page.wait_for_url(lambda url: "criteria" not in url)
    assert titles(page) == before


def test_search_works_without_javascript(live_server, new_page):
    page = new_page(java_script_enabled=False)
    page.goto(live_server("/nl/search"))
    page.fill("#q", "voetbal")
    page.fill("#near", "3000")
    page.locator("#filters > summary").click()  # a native disclosure: no script needed
    page.select_option("#radius_km", "15")
    page.locator(".search-submit").click()
    page.wait_for_url(re.compile(r"radius_km=15"))
    assert titles(page) == ["Voetbal in Leuven"]
    # Without JavaScript the sort needs its own button, and the map toggle stays hidden.
    assert page.locator(".sort-submit").is_visible()
    assert not page.locator(".view-toggle").is_visible()


def test_open_an_offer_then_switch_language_and_keep_the_search(live_server, page):
    page.goto(live_server("/en/search?q=voetbal&near=Gent&radius_km=50"))
    page.locator("#results-list .card-title a").first.click()
    page.wait_for_url(re.compile(r"/en/offers/\d+-voetbal-met-de-buren\?near=Gent"))
    assert page.locator("h1").inner_text() == "Voetbal met de buren"
    assert re.search(r"km from Gent", page.locator(".distance").inner_text())
    assert page.locator("blockquote[lang=nl]").count() == 2

    page.goto(live_server("/en/search?q=voetbal&near=Gent&radius_km=50"))
    page.locator(".language-switcher summary").click()
    page.locator(".language-switcher a[hreflang=ar]").click()
    page.wait_for_url(re.compile(r"/ar/search\?"))
    assert query_of(page) == {"q": ["voetbal"], "near": ["Gent"], "radius_km": ["50"]}
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.input_value("#q") == "voetbal"
    # The translated offer shows its Arabic title; the Dutch original is one click away.
    page.get_by_role("link", name="كرة القدم مع الجيران").click()
    page.wait_for_url(re.compile(r"/ar/offers/"))
    assert not page.locator("#dutch-original div[lang=nl]").is_visible()
    page.locator("#dutch-original summary").click()
    assert page.locator("#dutch-original div[lang=nl]").inner_text().startswith("Voetbal met de buren")


# --- shortlist ----------------------------------------------------------------------------------


def test_add_to_shortlist_and_share_it(live_server, new_page):
    page = new_page()
    ids = live_server.offers
    page.goto(live_server(f"/en/offers/{ids['brugge']}"))
    save = page.locator(".actions .save-toggle")
    save.click()
    assert save.get_attribute("aria-pressed") == "true"
    assert save.inner_text() == "Saved in my list"
    assert page.locator("[data-shortlist-count]").inner_text() == "1"

    page.goto(live_server("/en/search?near=Gent&radius_km=5"))
    page.locator(f"#result-{ids['gent']} .save-toggle").click()
    assert page.locator("[data-shortlist-count]").inner_text() == "2"

    page.goto(live_server("/en/shortlist"))
    items = page.locator("#shortlist-items .shortlist-item")
    items.nth(1).wait_for()
    assert [t.strip() for t in items.locator("h2").all_inner_texts()] == [
        "Praattafel in de bib",
        "Voetbal met de buren",
    ]
    link = page.input_value("#share-link")
    assert link.endswith(f"/en/shortlist?ids={ids['brugge']},{ids['gent']}")

    # Someone else opens the link: the list renders from the server, without their storage.
    other = new_page()
    other.goto(link.replace("/en/", "/uk/"))
    shared = other.locator("#shortlist-shared .shortlist-item h2")
    assert shared.count() == 2
    assert shared.nth(1).inner_text() == "Футбол із сусідами"
    other.locator(".save-all").click()
    assert other.locator("#save-all-status").inner_text()
    assert other.locator("[data-shortlist-count]").inner_text() == "2"

    # Removing an item updates the list and the link.
    page.locator("#shortlist-items .shortlist-item").first.get_by_role("button", name="Remove from my list").click()
    assert page.locator("#shortlist-items .shortlist-item").count() == 1
    assert page.input_value("#share-link").endswith(f"?ids={ids['gent']}")
    assert page.locator("#shortlist-status").inner_text() == "The offer was removed from your list."


# --- print -----------------------------------------------------------------------------------------


def test_offer_prints_on_one_clean_a4_page(live_server, page):
    page.goto(live_server(f"/nl/offers/{live_server.offers['gent']}?near=Gent"))
    assert page.locator(".print-page").is_visible()
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.locator(".site-footer").is_visible()
    assert not page.locator(".actions").is_visible()
    assert page.locator(".handover").is_visible()
    screenshot(page, "offer-nl-print")
    pdf = page.pdf(format="A4", print_background=True)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages == 1, f"the offer prints on {pages} pages"

    # The shared shortlist prints too, with the address of each offer.
    ids = live_server.offers
    page.goto(live_server(f"/nl/shortlist?ids={ids['gent']},{ids['brugge']}"))
    page.emulate_media(media="print")
    assert page.locator(".print-url").first.is_visible()
    assert not page.locator(".site-header").is_visible()


# --- map ---------------------------------------------------------------------------------------------


def test_map_view_shows_markers_without_tiles(live_server, page):
    page.goto(live_server("/en/search?near=Gent&radius_km=10&criteria=all"))
    cards = page.locator("#results-list .card[data-lat]").count()
    assert cards >= 3
    # Leaflet is not part of the search page until the map is opened.
    assert page.evaluate("typeof window.L") == "undefined"
    page.get_by_role("button", name="Map").click()
    page.locator(".leaflet-marker-icon.map-marker-offer").nth(cards - 1).wait_for()
    assert page.locator(".leaflet-marker-icon.map-marker-offer").count() == cards
    assert page.locator(".map-marker-origin").count() == 1
    assert not page.locator("#results-list").is_visible()
    assert page.get_by_role("button", name="Map").get_attribute("aria-pressed") == "true"
    assert page.url.endswith("#map")
    # Markers are keyboard reachable buttons named after the offer.
    first = page.locator(".leaflet-marker-icon.map-marker-offer").first
    assert first.get_attribute("role") == "button" and first.get_attribute("title")
    first.click()
    popup_link = page.locator(".leaflet-popup-content a")
    assert popup_link.get_attribute("href").startswith("/en/offers/")
    assert page.locator(".leaflet-control-attribution").inner_text().find("OpenStreetMap") >= 0
    # Filters chosen in map view come back in map view.
    page.locator("#filters > summary").click()
    page.locator("#f-type-volunteering").check()
    page.wait_for_url(re.compile(r"type=volunteering.*#map$"))
    page.locator(".leaflet-marker-icon.map-marker-offer").first.wait_for()
    assert page.locator(".leaflet-marker-icon.map-marker-offer").count() == 1
    page.get_by_role("button", name="List").click()
    assert page.locator("#results-list").is_visible()
    assert not page.locator("#results-map").is_visible()


# --- "Do I need to do this?" --------------------------------------------------------------------------


def test_the_check_leads_to_an_outcome(live_server, page):
    page.goto(live_server("/en/check"))
    page.get_by_role("button", name="Next").click()
    # The browser itself asks for an answer first (the radios are required).
    assert page.url.endswith("/en/check")
    page.get_by_label("I must do civic integration (I am obliged).").check()
    page.get_by_role("button", name="Next").click()
    page.get_by_label("No, I do not work.").check()
    page.get_by_role("button", name="Next").click()
    assert page.locator(".progress").inner_text() == "Question 3 of 3"
    page.get_by_label("No, I do not study.").check()
    page.get_by_role("button", name="Next").click()
    outcome = page.locator(".outcome")
    assert outcome.get_attribute("data-outcome") == "must"
    assert "Your counsellor decides." in outcome.inner_text()
    page.get_by_label("Your postcode").fill("9000")
    page.get_by_role("button", name="Show my office").click()
    assert page.locator("[data-office]").get_attribute("data-office") == "in_gent"
    # Changing one answer keeps the others; self-employed work asks about half-time.
    page.locator(".answers div").nth(1).get_by_role("link").click()
    page.get_by_label("Yes, as a self-employed person.").check()
    page.get_by_role("button", name="Next").click()
    assert page.locator(".progress").inner_text() == "Question 3 of 4"
    page.get_by_label("Yes, at least half-time.").check()
    page.get_by_role("button", name="Next").click()
    assert page.locator(".outcome").get_attribute("data-outcome") == "probably_exempt"


# --- listen ----------------------------------------------------------------------------------------------

FAKE_VOICES = """
(() => {
  const voices = [{lang: 'nl-BE', name: 'Test NL', default: true, localService: true, voiceURI: 'nl'}];
  const spoken = [];
  window.__spoken = spoken;
  Object.defineProperty(window, 'speechSynthesis', {value: {
    getVoices: () => voices, speak: (u) => spoken.push({lang: u.lang, text: u.text}), cancel: () => {},
    addEventListener: () => {}, speaking: false,
  }});
  window.SpeechSynthesisUtterance = function (text) { this.text = text; };
})();
"""


def test_listen_button_appears_only_with_a_voice_for_the_page_language(live_server, new_page):
    page = new_page()
    page.add_init_script(FAKE_VOICES)
    offer = live_server.offers["gent"]
    page.goto(live_server(f"/nl/offers/{offer}"))
    listen = page.locator(".actions .listen")
    assert listen.is_visible()
    listen.click()
    spoken = page.evaluate("window.__spoken")
    assert spoken and spoken[0]["lang"] == "nl"
    assert listen.get_attribute("aria-pressed") == "true"
    page.goto(live_server(f"/ar/offers/{offer}"))
    assert not page.locator(".actions .listen").is_visible()
    page.goto(live_server("/nl/faq"))
    assert page.locator(".listen:visible").count() == 9  # one per FAQ answer
    plain = new_page()
    plain.goto(live_server(f"/nl/offers/{offer}"))
    assert not plain.locator(".actions .listen").is_visible()


# --- accessibility -----------------------------------------------------------------------------------------

A11Y_PAGES = {
    "home": "/{lang}/",
    "search": "/{lang}/search?q=voetbal&near=Gent&radius_km=50&criteria=all",
    "search-map": "/{lang}/search?near=Gent&radius_km=10#map",
    "search-error": "/{lang}/search?near=Nergenshuizen",
    "offer": "/{lang}/offers/{gent}?near=Gent",
    "shortlist": "/{lang}/shortlist?ids={gent},{brugge}",
    "check": "/{lang}/check?status=obliged&step=2",
    "check-outcome": "/{lang}/check?status=obliged&work=none&enrolled=yes",
    "faq": "/{lang}/faq",
}


@pytest.mark.parametrize("lang", ["nl", "ar", "uk"])
def test_axe_finds_no_serious_or_critical_violations(live_server, new_page, lang):
    page = new_page(bypass_csp=True)
    failures = {}
    for name, template in A11Y_PAGES.items():
        page.goto(live_server(template.format(lang=lang, **live_server.offers)))
        if name == "search-map":
            page.locator(".leaflet-marker-icon").first.wait_for()
        if name == "shortlist":
            # The own list too, rendered in the browser from the API.
            page.locator(".save-all").click()
        found = run_axe(page)
        if found:
            failures[name] = found
    page.goto(live_server(f"/{lang}/shortlist"))
    page.locator("#shortlist-items .shortlist-item").first.wait_for()
    found = run_axe(page)
    if found:
        failures["own-shortlist"] = found
    assert not failures, failures


def test_keyboard_reaches_the_skip_link_first_with_visible_focus(live_server, page):
    page.goto(live_server("/ar/search"))
    page.keyboard.press("Tab")
    focused = page.evaluate(
        """() => { const el = document.activeElement; const s = getComputedStyle(el);
                   const r = el.getBoundingClientRect();
                   return {cls: el.className, outline: s.outlineStyle, width: s.outlineWidth,
                           shadow: s.boxShadow, w: r.width, h: r.height}; }"""
    )
    assert focused["cls"] == "skip-link"
    assert focused["outline"] == "solid" and focused["width"] == "3px"
    assert focused["w"] > 20 and focused["h"] > 20  # shown on focus, not clipped away
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    # The next Tab from the content goes into the search form.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "q"
    ring = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert ring == "solid"


# --- layout, weight, screenshots ------------------------------------------------------------------------------

CLS_OBSERVER = """
window.__cls = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) { if (!entry.hadRecentInput) window.__cls += entry.value; }
}).observe({type: 'layout-shift', buffered: true});
"""


@pytest.mark.parametrize("viewport", [MOBILE, DESKTOP], ids=["mobile", "desktop"])
def test_search_page_does_not_shift_and_stays_light(live_server, new_page, viewport):
    page = new_page(viewport=viewport)
    page.add_init_script(CLS_OBSERVER)
    sizes: dict[str, int] = {}
    unreadable: dict[str, str] = {}

    def on_response(response) -> None:  # type: ignore[no-untyped-def]
        if not response.url.startswith(live_server.url):
            return
        if 300 <= response.status < 400:
            sizes[response.url] = 0  # a redirect has no body; where it leads is counted
            return
        try:
            sizes[response.url] = len(response.body())
        except Exception as exc:  # noqa: BLE001 - reported below: an unweighed page proves nothing
            unreadable[response.url] = repr(exc)

    page.on("response", on_response)
    page.goto(live_server("/nl/search?q=voetbal&near=Gent&criteria=all"), wait_until="networkidle")
    page.wait_for_timeout(300)
    cls = page.evaluate("window.__cls")
    assert cls < 0.05, cls
    assert unreadable == {}
    assert sizes, "no response of the page was seen"
    total = sum(sizes.values())
    assert not any("leaflet" in url for url in sizes), sizes
    assert total < 200 * 1024, sizes
    print(f"\nsearch page weight ({viewport['width']}px): {total} bytes in {len(sizes)} requests")
    # Usable at 360 px: nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


@pytest.mark.parametrize("lang", ["nl", "ar"])
def test_screenshots_home_search_offer(live_server, new_page, lang):
    for label, viewport in (("mobile", MOBILE), ("desktop", DESKTOP)):
        page = new_page(viewport=viewport)
        page.goto(live_server(f"/{lang}/"))
        screenshot(page, f"home-{lang}-{label}")
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        page.goto(live_server(f"/{lang}/search?q=voetbal&near=Gent&radius_km=50&criteria=all"))
        screenshot(page, f"search-{lang}-{label}")
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        page.goto(live_server(f"/{lang}/offers/{live_server.offers['gent']}?near=Gent"))
        # The small map loads Leaflet only once it scrolls into view.
        page.locator("#offer-map").scroll_into_view_if_needed()
        page.locator(".leaflet-marker-icon").first.wait_for()
        page.evaluate("window.scrollTo(0, 0)")
        screenshot(page, f"offer-{lang}-{label}")
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


@pytest.mark.parametrize("lang", ["fa-AF", "ps"])
def test_screenshots_search_in_dari_and_pashto(live_server, new_page, lang):
    page = new_page(viewport=MOBILE)
    page.goto(live_server(f"/{lang}/search?near=Gent&radius_km=10&criteria=all"))
    assert page.locator("html").get_attribute("dir") == "rtl"
    # Distances use the locale's own digits.
    assert re.search("[۰-۹]", page.locator("#results-list .distance").first.inner_text())
    screenshot(page, f"search-{lang}-mobile")
    page.get_by_role("button", name=live_server.tr(lang, "Map")).click()
    page.locator(".leaflet-marker-icon").first.wait_for()
    screenshot(page, f"search-map-{lang}-mobile")


@pytest.mark.parametrize(("lang", "one"), [("fa-AF", "۱"), ("ps", "۱"), ("ar", "1")])
def test_the_list_counter_uses_the_page_digits(live_server, new_page, lang, one):
    page = new_page()
    page.goto(live_server(f"/{lang}/offers/{live_server.offers['brugge']}"))
    page.locator(".actions .save-toggle").click()
    # The badge is written by script; it must use the same digits as the server (Babel's).
    assert page.locator("[data-shortlist-count]").inner_text() == one
