"""The public pages: rendering in every direction, search, offer, shortlist, check, CSP rules."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.i18n_support import tr_regex, tr_text

# Real places: (nis, lat, lon). Gent–Brugge ≈ 39 km, Gent–Antwerpen ≈ 51 km, Gent–Leuven ≈ 72 km.
GENT = ("44021", 51.0543, 3.7174)
ANTWERPEN = ("11002", 51.2199, 4.4035)
LEUVEN = ("24062", 50.8798, 4.7005)
BRUGGE = ("31005", 51.2093, 3.2247)

#: The parameter names of GET /api/v1/offers; the search form may use no others.
API_PARAMS = {
    "q", "near", "lat", "lon", "radius_km", "criteria", "type", "activity", "region",
    "municipality", "weekday", "daypart", "free", "wheelchair", "dutch_level", "sort",
    "page", "page_size",
}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


# --- a tiny DOM, enough to ask precise questions about the pages ----------------------------


class Node:
    """One element with its attributes, children and text."""

    def __init__(self, tag: str, attrs: dict[str, str | None], parent: Node | None) -> None:
        self.tag = tag
        self.attrs = attrs
        self.parent = parent
        self.children: list[Node | str] = []

    def raw_text(self) -> str:
        """Return the text content as written."""
        return "".join(c if isinstance(c, str) else c.raw_text() for c in self.children)

    def text(self) -> str:
        """Return the text content, whitespace collapsed."""
        return re.sub(r"\s+", " ", self.raw_text()).strip()

    def iter(self):  # type: ignore[no-untyped-def]
        """Yield this element and every element below it."""
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag: str | None = None, **attrs: str) -> list[Node]:
        """Return elements by tag and exact attribute values (class_ matches one class)."""
        found = []
        for node in self.iter():
            if tag and node.tag != tag:
                continue
            ok = True
            for name, value in attrs.items():
                if name == "class_":
                    ok = value in (node.attrs.get("class") or "").split()
                else:
                    ok = node.attrs.get(name.replace("_", "-")) == value
                if not ok:
                    break
            if ok:
                found.append(node)
        return found

    def find(self, tag: str | None = None, **attrs: str) -> Node | None:
        """Return the first match of find_all, or None."""
        hits = self.find_all(tag, **attrs)
        return hits[0] if hits else None

    def by_id(self, ident: str) -> Node:
        """Return the element with this id (fails the test when missing)."""
        node = self.find(id=ident)
        assert node is not None, f"no element with id={ident!r}"
        return node

    def ancestor_lang(self) -> str | None:
        """Return the nearest lang attribute on this element or above it."""
        node: Node | None = self
        while node is not None:
            if "lang" in node.attrs:
                return node.attrs["lang"]
            node = node.parent
        return None


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, None)
        self.current = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, dict(attrs), self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.current.children.append(Node(tag, dict(attrs), self.current))

    def handle_endtag(self, tag: str) -> None:
        node: Node | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def dom(response) -> Node:  # type: ignore[no-untyped-def]
    """Parse a response body into a Node tree."""
    builder = _Builder()
    builder.feed(response.get_data(as_text=True))
    return builder.root


def result_titles(page: Node) -> list[str]:
    """Return the titles of the result cards, in page order."""
    return [card.find("h3").text() for card in page.find_all("li", class_="card")]  # type: ignore[union-attr]


# --- fixtures --------------------------------------------------------------------------------


@pytest.fixture
def four_cities(make_offer):  # type: ignore[no-untyped-def]
    """Create one conversation table in Gent, Antwerpen, Leuven and Brugge."""
    offers = {}
    for name, (nis, lat, lon) in {
        "Gent": GENT,
        "Antwerpen": ANTWERPEN,
        "Leuven": LEUVEN,
        "Brugge": BRUGGE,
    }.items():
        offers[name] = make_offer(f"Praattafel {name}", nis=nis, lat=lat, lon=lon)
    return offers


@pytest.fixture
def one_offer(make_offer):  # type: ignore[no-untyped-def]
    """Create one published offer with an Arabic translation."""
    return make_offer(
        "Voetbal met de buren",
        offer_type="club",
        activities=("football",),
        translations={"ar": ("كرة القدم مع الجيران", "نلعب كرة القدم كل أسبوع.")},
        insurance_note="De club verzekert alle leden.",
    )


def _pages(offer_id: int) -> list[str]:
    return [
        "/{lang}/",
        "/{lang}/search",
        "/{lang}/search?q=voetbal&near=Gent&radius_km=25",
        f"/{{lang}}/offers/{offer_id}-voetbal-met-de-buren",
        "/{lang}/shortlist",
        f"/{{lang}}/shortlist?ids={offer_id}",
        "/{lang}/check",
        "/{lang}/check?status=obliged&work=none&study=no",
        "/{lang}/faq",
        "/{lang}/about",
        "/{lang}/privacy",
        "/{lang}/accessibility",
    ]


# --- every page, every direction -----------------------------------------------------------


@pytest.mark.parametrize(("lang", "direction"), [("nl", "ltr"), ("ar", "rtl"), ("uk", "ltr")])
def test_every_page_renders_with_lang_and_dir(client, one_offer, lang, direction):
    for template in _pages(one_offer.id):
        url = template.format(lang=lang)
        response = client.get(url)
        assert response.status_code == 200, url
        html = dom(response).find("html")
        assert html is not None
        assert (html.attrs["lang"], html.attrs["dir"]) == (lang, direction), url
        assert dom(response).find("a", class_="skip-link").attrs["href"] == "#main"  # type: ignore[union-attr]


@pytest.mark.parametrize("lang", ["nl", "ar", "fa-AF"])
def test_no_inline_script_style_or_handlers(client, one_offer, lang):
    for template in [*_pages(one_offer.id), "/{lang}/search?near=Nergenshuizen", "/{lang}/offers/999999"]:
        url = template.format(lang=lang)
        response = client.get(url)
        page = dom(response)
        for script in page.find_all("script"):
            assert script.attrs.get("src"), f"inline <script> on {url}"
            assert not script.text(), f"<script src> with a body on {url}"
        assert not page.find_all("style"), f"<style> element on {url}"
        for node in page.iter():
            assert "style" not in node.attrs, f"style= on <{node.tag}> in {url}"
            handlers = [a for a in node.attrs if a.startswith("on")]
            assert not handlers, f"{handlers} on <{node.tag}> in {url}"


def test_pages_send_the_content_security_policy(client):
    csp = client.get("/nl/search").headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "unsafe-inline" not in csp


# --- search --------------------------------------------------------------------------------


def test_search_form_uses_the_api_parameter_names_and_plain_get(client, make_offer):
    make_offer("Praattafel Gent")
    page = dom(client.get("/nl/search?near=Gent&lat=51.05&lon=3.71&municipality=44021&page_size=5"))
    form = page.by_id("search-form")
    assert form.attrs["method"] == "get"
    assert form.attrs["action"] == "/nl/search"
    names = {node.attrs["name"] for node in form.iter() if node.attrs.get("name")}
    names |= {n.attrs["name"] for n in page.find_all(form="search-form") if n.attrs.get("name")}
    assert names <= API_PARAMS, names - API_PARAMS
    # Every filter group is a labelled fieldset.
    assert len(form.find_all("fieldset")) >= 7
    for fieldset in form.find_all("fieldset"):
        assert fieldset.find("legend") is not None
    for control in form.find_all("input") + form.find_all("select"):
        if control.attrs.get("type") == "hidden":
            continue
        assert page.find("label", **{"for": control.attrs["id"]}) is not None, control.attrs


def test_search_by_text_finds_only_matching_offers(client, make_offer):
    make_offer("Voetbal met de buren", activities=("football",))
    make_offer("Samen koken", summary="We koken elke week samen.", activities=("cooking",))
    page = dom(client.get("/en/search?q=voetbal"))
    assert result_titles(page) == ["Voetbal met de buren"]
    assert "1 offer found" in page.by_id("results-title").text()
    # The match is highlighted, and the highlight is the only markup in the title.
    assert page.find("li", class_="card").find("mark").text().lower() == "voetbal"  # type: ignore[union-attr]


def test_highlighted_results_stay_escaped(client, make_offer):
    make_offer("<img src=x onerror=alert(1)> Voetbal", summary="<b>Voetbal</b> & meer")
    response = client.get("/nl/search?q=voetbal")
    body = response.get_data(as_text=True)
    assert "<img src=x" not in body and "<b>Voetbal" not in body
    card = dom(response).find("li", class_="card")
    assert card.find("img") is None and card.find("b") is None  # type: ignore[union-attr]
    assert "&lt;img src=x onerror=alert(1)&gt;" in body
    offer_page = client.get(card.find("a").attrs["href"]).get_data(as_text=True)  # type: ignore[union-attr]
    assert "<img src=x" not in offer_page


def test_search_near_a_place_sorts_nearest_first_within_the_radius(client, four_cities):
    page = dom(client.get("/en/search?near=Gent&radius_km=60"))
    assert result_titles(page) == ["Praattafel Gent", "Praattafel Brugge", "Praattafel Antwerpen"]
    assert page.by_id("results-title").text() == "3 offers near Gent"
    distances = [d.text() for d in page.find_all("span", class_="distance")]
    assert re.match(r"^\d+ km away$", distances[1]), distances  # whole km from 10 km on
    page = dom(client.get("/nl/search?near=Leuven&radius_km=25"))
    assert result_titles(page) == ["Praattafel Leuven"]
    page = dom(client.get("/nl/search?near=2000&radius_km=200"))
    assert result_titles(page)[0] == "Praattafel Antwerpen"


def test_search_by_text_and_place_and_radius_together(client, make_offer):
    make_offer("Voetbal in Gent", nis=GENT[0], lat=GENT[1], lon=GENT[2], activities=("football",))
    make_offer("Voetbal in Leuven", nis=LEUVEN[0], lat=LEUVEN[1], lon=LEUVEN[2], activities=("football",))
    make_offer("Koken in Gent", nis=GENT[0], lat=GENT[1], lon=GENT[2], activities=("cooking",))
    page = dom(client.get("/nl/search?q=voetbal&near=9000&radius_km=15"))
    assert result_titles(page) == ["Voetbal in Gent"]
    page = dom(client.get("/nl/search?q=voetbal&near=9000&sort=distance&radius_km=any"))
    assert result_titles(page) == ["Voetbal in Gent", "Voetbal in Leuven"]


def test_distances_follow_the_page_locale(app, client, make_offer):
    # Gentbrugge, a few km from the centre of Gent: distances under 10 km keep one decimal.
    make_offer("Praattafel Gentbrugge", nis=GENT[0], lat=51.0300, lon=3.7600)

    def distance(lang: str) -> str:
        page = dom(client.get(f"/{lang}/search?near=Gent&radius_km=10"))
        return page.find("span", class_="distance").text()  # type: ignore[union-attr]

    def away(lang: str, number: str) -> str:
        # "3,8 km away" in the page's own words, with `number` as the pattern of the number.
        km = tr_regex(app, lang, "%(distance)s km", distance=number)
        return tr_regex(app, lang, "%(distance)s away", distance=km)

    assert re.fullmatch(away("nl", r"\d,\d"), distance("nl"))
    assert re.fullmatch(away("en", r"\d\.\d"), distance("en"))
    # Dari and Pashto write Eastern Arabic digits with the Persian decimal separator.
    assert re.fullmatch(away("fa-AF", "[۰-۹]٫[۰-۹]"), distance("fa-AF"))
    assert re.fullmatch(away("ps", "[۰-۹]٫[۰-۹]"), distance("ps"))
    # Arabic pages in Belgium use Latin digits (Babel's default for ar).
    assert re.fullmatch(away("ar", r"\d\.\d"), distance("ar"))


def test_result_links_carry_the_origin_to_the_offer_page(client, four_cities):
    page = dom(client.get("/en/search?near=Gent&radius_km=60"))
    link = page.find("li", class_="card").find("a")  # type: ignore[union-attr]
    assert parse_qs(urlsplit(link.attrs["href"]).query) == {"near": ["Gent"]}
    offer_page = dom(client.get(link.attrs["href"]))
    assert "from" in offer_page.find("span", class_="distance").text()  # type: ignore[union-attr]


def test_criteria_switch_shows_offers_that_do_not_count_with_a_label(client, make_offer):
    make_offer("Telt wel mee")
    make_offer("Telt niet mee", dutch_context=False)
    page = dom(client.get("/en/search"))
    assert result_titles(page) == ["Telt wel mee"]
    switch = page.by_id("criteria")
    assert switch.attrs["name"] == "criteria" and switch.attrs["value"] == "all"
    assert "checked" not in switch.attrs
    assert page.find("label", **{"for": "criteria"}).text() == (  # type: ignore[union-attr]
        "Also show offers that do not count for the 40 hours"
    )

    page = dom(client.get("/en/search?criteria=all"))
    assert sorted(result_titles(page)) == ["Telt niet mee", "Telt wel mee"]
    assert "checked" in page.by_id("criteria").attrs
    for card in page.find_all("li", class_="card"):
        title = card.find("h3").text()  # type: ignore[union-attr]
        warn = card.find("span", class_="badge-warn")
        if title == "Telt niet mee":
            assert warn is not None and warn.text() == "Does not count for the 40 hours"
        else:
            assert warn is None
            assert card.find("span", class_="badge-ok") is not None


def test_facet_counts_are_shown_and_disjunctive(client, make_offer):
    make_offer("Praattafel een")
    make_offer("Praattafel twee")
    make_offer("Vrijwilligen", offer_type="volunteering", weekdays=("sat",), daypart="morning")
    page = dom(client.get("/nl/search"))

    def count(node_id: str) -> str:
        return page.find("label", **{"for": node_id}).find("span", class_="count").text()  # type: ignore[union-attr]

    assert count("f-type-conversation_table") == "(2)"
    assert count("f-type-volunteering") == "(1)"
    assert count("f-weekday-sat") == "(1)"
    assert count("f-weekday-tue") == "(2)"
    page = dom(client.get("/nl/search?type=volunteering"))
    assert result_titles(page) == ["Vrijwilligen"]
    assert "checked" in page.by_id("f-type-volunteering").attrs
    # Counts in the chosen group still show the other choices; other groups narrow down.
    assert count("f-type-conversation_table") == "(2)"
    assert count("f-weekday-tue") == "(0)"


def test_cards_show_translation_or_dutch_with_a_badge(app, client, make_offer):
    make_offer("Samen koken", translations={"ar": ("الطبخ معاً", "نطبخ معاً كل أسبوع.")})
    make_offer("Samen wandelen")
    page = dom(client.get("/ar/search"))
    cards = {card.attrs["data-offer-id"]: card for card in page.find_all("li", class_="card")}
    assert len(cards) == 2
    for card in cards.values():
        link = card.find("h3").find("a")  # type: ignore[union-attr]
        badge = card.find("span", class_="badge-dutch")
        if link.text() == "الطبخ معاً":
            assert link.ancestor_lang() == "ar"
            assert badge is None
            assert card.find("p", class_="card-summary").text() == "نطبخ معاً كل أسبوع."  # type: ignore[union-attr]
        else:
            assert link.text() == "Samen wandelen"
            assert (link.attrs.get("lang"), link.attrs.get("dir")) == ("nl", "ltr")
            assert badge is not None and badge.text() == tr_text(app, "ar", "in Dutch")
            assert badge.ancestor_lang() == "ar"  # the badge speaks the visitor's language
    # Dutch visitors see no badge at all.
    assert dom(client.get("/nl/search")).find("span", class_="badge-dutch") is None


def test_cards_show_organisation_schedule_level_and_cost(client, make_offer):
    make_offer("Praattafel", organisation="Bib Gent", weekdays=("tue", "thu"), daypart="evening",
               dutch_level="A2", free=False)
    card = dom(client.get("/en/search")).find("li", class_="card")
    text = card.text()  # type: ignore[union-attr]
    assert "Bib Gent" in text
    assert "On Tuesday and Thursday (evening)" in text
    assert "(level A2)" in text
    assert "You pay a fee" in text


def test_unknown_place_is_a_friendly_400_in_the_page_language(client, make_offer):
    make_offer()
    response = client.get("/ar/search?near=Nergenshuizen&radius_km=10")
    assert response.status_code == 400
    page = dom(response)
    assert page.find("html").attrs["lang"] == "ar"  # type: ignore[union-attr]
    alert = page.by_id("search-error")
    assert alert.attrs["role"] == "alert"
    assert "Nergenshuizen" in alert.text()
    # It comes before the form, with links that lead on: to the field, or a search without the place.
    assert page.find_all("div", class_="message-error")[0] is alert
    hrefs = [a.attrs["href"] for a in alert.find_all("a")]
    assert hrefs[0] == "#near"
    fix = next(a for a in alert.find_all("a") if a.attrs["href"].startswith("/ar/search"))
    assert parse_qs(urlsplit(fix.attrs["href"]).query) == {}
    near = page.by_id("near")
    assert near.attrs["value"] == "Nergenshuizen" and near.attrs["aria-invalid"] == "true"
    assert client.get(fix.attrs["href"]).status_code == 200


@pytest.mark.parametrize("radius", ["0", "500", "-5", "abc"])
def test_impossible_radius_is_a_friendly_400(client, radius):
    response = client.get(f"/en/search?near=Gent&radius_km={radius}")
    assert response.status_code == 400
    alert = dom(response).by_id("search-error")
    assert "between 1 and 200 km" in alert.text()
    links = [a.attrs["href"] for a in alert.find_all("a")]
    assert any("radius_km=10" in href and "near=Gent" in href for href in links), links


@pytest.mark.parametrize("query", ["type=rocket", "weekday=funday", "page=-1", "lat=95&lon=3", "sort=random"])
def test_other_broken_search_urls_are_400_not_500(client, query):
    response = client.get(f"/nl/search?{query}")
    assert response.status_code == 400
    assert dom(response).by_id("search-error").attrs["role"] == "alert"


def test_a_page_far_past_the_end_is_an_empty_page_not_an_error(client, make_offer):
    make_offer()
    response = client.get("/en/search?page=9999")
    assert response.status_code == 200
    page = dom(response)
    assert result_titles(page) == []
    back = [a for a in page.find_all("a") if a.text() == "Go to the first page"]
    assert back and "page=" not in back[0].attrs["href"]


def test_paging_links_keep_every_filter(client, make_offer):
    for n in range(5):
        make_offer(f"Praattafel {n}")
    page = dom(client.get("/en/search?page_size=2&type=conversation_table&criteria=all"))
    nav = page.find("nav", class_="pagination")
    assert nav is not None
    assert nav.find("span", class_="current").text() == "Page 1"  # type: ignore[union-attr]
    nxt = nav.find("a", rel="next")
    query = parse_qs(urlsplit(nxt.attrs["href"]).query)  # type: ignore[union-attr]
    assert query == {"page_size": ["2"], "type": ["conversation_table"], "criteria": ["all"], "page": ["2"]}
    page3 = dom(client.get("/nl/search?page_size=2&type=conversation_table&criteria=all&page=3"))
    assert len(result_titles(page3)) == 1
    assert page3.find("ol", class_="results").attrs["start"] == "5"  # type: ignore[union-attr]


def test_language_switch_keeps_the_search(client, make_offer):
    make_offer()
    page = dom(client.get("/nl/search?q=praat&near=Gent&radius_km=10"))
    switcher = page.find("nav", class_="language-switcher")
    hrefs = {a.attrs["hreflang"]: a.attrs["href"] for a in switcher.find_all("a")}  # type: ignore[union-attr]
    assert hrefs["ar"] == "/ar/search?q=praat&near=Gent&radius_km=10"
    assert len(hrefs) == 14


# --- offer page ----------------------------------------------------------------------------


def test_offer_page_shows_evidence_freshness_and_sections(app, client, one_offer):
    page = dom(client.get(f"/nl/offers/{one_offer.id}-voetbal-met-de-buren"))
    quotes = page.find_all("blockquote")
    assert [q.text() for q in quotes] == ["Vrijwilligers spreken Nederlands.", "In een groep met buren."]
    assert all(q.attrs["lang"] == "nl" for q in quotes)
    today = datetime.now(UTC).date().isoformat()
    freshness = page.find("p", class_="freshness")
    assert freshness is not None and freshness.find("time").attrs["datetime"] == today  # type: ignore[union-attr]
    headings = [h.text() for h in page.find_all("h2")]
    for expected in ("What you will do", "Who you will meet", "Does this count for the 40 hours?",
                     "How your hours count", "Insurance", "Contact", "Ask your counsellor to introduce you"):
        assert tr_text(app, "nl", expected) in headings
    assert "De club verzekert alle leden." in page.text()
    warm_handover = tr_text(app, "nl", "They tell the organisation who you are and when you can come. This is a warm handover.")
    assert warm_handover in page.by_id("handover-title").parent.text()  # type: ignore[union-attr]
    listen = page.find("button", class_="listen")
    assert listen is not None and "hidden" in listen.attrs and listen.attrs["data-lang"] == "nl"


def test_translated_offer_has_the_dutch_original_one_click_away(app, client, one_offer, make_offer):
    page = dom(client.get(f"/ar/offers/{one_offer.id}-voetbal-met-de-buren"))
    title = page.by_id("offer-title")
    assert title.text() == "كرة القدم مع الجيران" and title.ancestor_lang() == "ar"
    original = page.by_id("dutch-original")
    assert original.tag == "details"
    dutch = original.find("div")
    assert dutch.attrs["lang"] == "nl" and "Voetbal met de buren" in dutch.text()  # type: ignore[union-attr]
    assert page.find("p", class_="note").text() == tr_text(app, "ar", "A volunteer translated this text.")  # type: ignore[union-attr]

    plain = make_offer("Samen koken")
    page = dom(client.get(f"/ar/offers/{plain.id}-samen-koken"))
    title = page.by_id("offer-title")
    assert (title.attrs.get("lang"), title.attrs.get("dir")) == ("nl", "ltr")
    assert page.find(id="dutch-original") is None
    assert page.find("header", class_="offer-header").find("span", class_="badge-dutch") is not None  # type: ignore[union-attr]


def test_offer_page_distance_only_with_a_searched_place(client, four_cities):
    offer = four_cities["Brugge"]
    page = dom(client.get(f"/en/offers/{offer.id}-praattafel-brugge?near=Gent"))
    assert re.fullmatch(r"(3[5-9]|4[0-3]) km from Gent", page.find("span", class_="distance").text())  # type: ignore[union-attr]
    page = dom(client.get(f"/en/offers/{offer.id}-praattafel-brugge?lat=51.0543&lon=3.7174"))
    assert page.find("span", class_="distance").text().endswith("from your location")  # type: ignore[union-attr]
    for query in ("", "?near=Nergenshuizen", "?lat=999&lon=1"):
        response = client.get(f"/en/offers/{offer.id}-praattafel-brugge{query}")
        assert response.status_code == 200
        assert dom(response).find("span", class_="distance") is None


def test_offer_slug_is_canonical_and_keeps_the_query(client, one_offer):
    response = client.get(f"/nl/offers/{one_offer.id}-oud?near=Gent")
    assert response.status_code == 301
    assert response.headers["Location"].endswith(f"/nl/offers/{one_offer.id}-voetbal-met-de-buren?near=Gent")
    # A stray ?lang= cannot hijack the language in the path.
    response = client.get(f"/nl/offers/{one_offer.id}?lang=ar&near=Gent")
    assert response.headers["Location"].endswith(f"/nl/offers/{one_offer.id}-voetbal-met-de-buren?near=Gent")


def test_missing_or_unpublished_offer_is_a_friendly_404(client, make_offer):
    draft = make_offer("Nog niet klaar", status="draft")
    for url in (f"/uk/offers/{draft.id}", "/uk/offers/424242", "/uk/offers/abc"):
        response = client.get(url)
        assert response.status_code == 404
        page = dom(response)
        assert page.find("html").attrs["lang"] == "uk"  # type: ignore[union-attr]
        assert any(a.attrs.get("href") == "/uk/search" for a in page.find_all("a"))


def test_not_counting_offer_page_says_so(client, make_offer):
    offer = make_offer("Gewoon gezellig", social_participation=False)
    page = dom(client.get(f"/en/offers/{offer.id}-gewoon-gezellig"))
    assert page.find("span", class_="badge-warn").text() == "Does not count for the 40 hours"  # type: ignore[union-attr]
    assert page.find(id="hours-title") is None


# --- shortlist -------------------------------------------------------------------------------


def test_shared_shortlist_renders_listed_offers_and_ignores_junk(client, make_offer):
    first = make_offer("Eerste")
    second = make_offer("Tweede")
    draft = make_offer("Klad", status="draft")
    ids = f"{second.id},junk,{first.id},999999,-3,{draft.id},{second.id},٣"
    page = dom(client.get(f"/nl/shortlist?ids={ids}"))
    items = page.find_all("li", class_="shortlist-item")
    assert [i.find("h2").text() for i in items] == ["Tweede", "Eerste"]  # type: ignore[union-attr]
    save_all = page.find("button", class_="save-all")
    assert save_all is not None and save_all.attrs["data-ids"] == f"{second.id},{first.id}"
    assert items[0].find("p", class_="print-url").text().startswith("http")  # type: ignore[union-attr]


def test_shared_shortlist_with_only_junk_says_so(client):
    page = dom(client.get("/en/shortlist?ids=abc,0"))
    assert page.find("li", class_="shortlist-item") is None
    assert "no longer online" in page.find("div", class_="message").text()  # type: ignore[union-attr]


def test_own_shortlist_page_is_a_shell_for_the_browser_list(client):
    page = dom(client.get("/uk/shortlist"))
    app_node = page.by_id("shortlist-app")
    assert app_node.attrs["data-api"] == "/api/v1/offers/"
    assert app_node.attrs["data-share-base"].endswith("/uk/shortlist")
    assert page.find("noscript") is not None


# --- "Do I need to do this?" -------------------------------------------------------------------


def test_check_walks_through_the_questions(client):
    page = dom(client.get("/nl/check"))
    assert {i.attrs["name"] for i in page.find_all("input", type="radio")} == {"status"}
    assert page.find("legend") is not None
    page = dom(client.get("/nl/check?status=obliged&step=1"))
    assert {i.attrs["name"] for i in page.find_all("input", type="radio")} == {"work"}
    hidden = {i.attrs["name"]: i.attrs["value"] for i in page.find_all("input", type="hidden")}
    assert hidden == {"status": "obliged", "step": "2"}
    page = dom(client.get("/nl/check?status=obliged&work=self_employed&step=2"))
    assert {i.attrs["name"] for i in page.find_all("input", type="radio")} == {"half_time"}
    page = dom(client.get("/nl/check?status=obliged&work=self_employed&half_time=no&step=3"))
    assert {i.attrs["name"] for i in page.find_all("input", type="radio")} == {"study"}
    page = dom(client.get("/nl/check?status=obliged&work=none&step=2"))
    assert {i.attrs["name"] for i in page.find_all("input", type="radio")} == {"study"}


def test_check_announces_a_missing_answer(client):
    page = dom(client.get("/nl/check?status=obliged&step=2"))
    alert = page.by_id("check-error")
    assert alert.attrs["role"] == "alert"
    assert page.find("fieldset").attrs["aria-describedby"] == "check-error"  # type: ignore[union-attr]
    assert dom(client.get("/nl/check?status=obliged")).find(id="check-error") is None


#: Every combination of answers and its outcome, written out (DOMAIN.md: work exempts only at
#: least half-time, for all three kinds; study exempts; entitled may; Ukraine: not in the programme).
CHECK_TABLE = """
obliged  none          -   no   must
obliged  none          -   yes  probably_exempt
obliged  employee      no  no   must
obliged  employee      no  yes  probably_exempt
obliged  employee      yes no   probably_exempt
obliged  employee      yes yes  probably_exempt
obliged  self_employed no  no   must
obliged  self_employed no  yes  probably_exempt
obliged  self_employed yes no   probably_exempt
obliged  self_employed yes yes  probably_exempt
obliged  civil_servant no  no   must
obliged  civil_servant no  yes  probably_exempt
obliged  civil_servant yes no   probably_exempt
obliged  civil_servant yes yes  probably_exempt
entitled none          -   no   may
entitled none          -   yes  may
entitled employee      no  no   may
entitled employee      no  yes  may
entitled employee      yes no   may
entitled employee      yes yes  may
entitled self_employed no  no   may
entitled self_employed no  yes  may
entitled self_employed yes no   may
entitled self_employed yes yes  may
entitled civil_servant no  no   may
entitled civil_servant no  yes  may
entitled civil_servant yes no   may
entitled civil_servant yes yes  may
ukraine  none          -   no   not_concerned
ukraine  none          -   yes  not_concerned
ukraine  employee      no  no   not_concerned
ukraine  employee      no  yes  not_concerned
ukraine  employee      yes no   not_concerned
ukraine  employee      yes yes  not_concerned
ukraine  self_employed no  no   not_concerned
ukraine  self_employed no  yes  not_concerned
ukraine  self_employed yes no   not_concerned
ukraine  self_employed yes yes  not_concerned
ukraine  civil_servant no  no   not_concerned
ukraine  civil_servant no  yes  not_concerned
ukraine  civil_servant yes no   not_concerned
ukraine  civil_servant yes yes  not_concerned
"""
CHECK_ROWS = [line.split() for line in CHECK_TABLE.strip().splitlines()]


@pytest.mark.parametrize(("status", "work", "half_time", "study", "outcome"), CHECK_ROWS)
def test_check_outcome_for_every_combination(client, status, work, half_time, study, outcome):
    query = f"status={status}&work={work}&study={study}"
    if half_time != "-":
        query += f"&half_time={half_time}"
    page = dom(client.get(f"/en/check?{query}"))
    section = page.find("section", class_="outcome")
    assert section is not None and section.attrs["data-outcome"] == outcome


@pytest.mark.parametrize(
    ("query", "heading"),
    [
        ("status=obliged&work=employee&half_time=yes&study=no", "You probably do not have to do the 40 hours."),
        ("status=obliged&work=none&study=no", "You probably must do the 40 hours."),
        ("status=entitled&work=none&study=no", "You can probably choose to do the 40 hours."),
        ("status=ukraine&work=none&study=no", "The 40 hours are probably not part of your programme now."),
    ],
)
def test_check_outcomes_say_probably_and_the_counsellor_decides(app, client, query, heading):
    page = dom(client.get(f"/uk/check?{query}"))
    section = page.find("section", class_="outcome")
    assert section.find("h2").text() == tr_text(app, "uk", heading)  # type: ignore[union-attr]
    assert tr_text(app, "uk", "Your counsellor decides. This check only gives you a first idea.") in section.text()
    change_links = [a.attrs["href"] for a in page.find("dl", class_="answers").find_all("a")]  # type: ignore[union-attr]
    assert len(change_links) == len(query.split("&")) and all(h.startswith("/uk/check") for h in change_links)


@pytest.mark.parametrize(
    ("postcode", "office"), [("2060", "atlas"), ("9000", "in_gent"), ("1030", "bon"), ("3500", "agency")]
)
def test_check_names_the_office_for_the_postcode(client, postcode, office):
    page = dom(client.get(f"/en/check?status=obliged&work=none&study=no&postcode={postcode}"))
    assert f'data-office="{office}"' in client.get(f"/en/check?status=obliged&work=none&study=no&postcode={postcode}").text
    assert page.find("section", class_="outcome") is not None
    asks = dom(client.get("/en/check?status=obliged&work=none&study=no"))
    assert asks.by_id("postcode") is not None


def test_check_ignores_unknown_answers(client):
    page = dom(client.get("/nl/check?status=maybe&work=astronaut"))
    assert {i.attrs["name"] for i in page.find_all("input", type="radio")} == {"status"}


# --- the other pages ---------------------------------------------------------------------------


def test_faq_answers_every_listed_question(client):
    page = dom(client.get("/en/faq"))
    questions = [h.text() for h in page.find_all("h2") if h.attrs.get("id", "").endswith("-q")]
    assert questions == [
        "Who must do it?",
        "Do I need to speak Dutch well to start?",
        "How many hours, and until when?",
        "Where can I do it?",
        "Which activities count?",
        "Does a conversation table count?",
        "How do I prove my hours?",
        "Am I insured?",
        "What if I do not reach 40 hours?",
    ]
    listens = page.find_all("button", class_="listen")
    assert len(listens) == 9 and all("hidden" in b.attrs for b in listens)
    for button in listens:
        assert page.find(id=button.attrs["data-listen-target"]) is not None


def test_faq_states_the_rules_as_domain_md_does(client):
    page = client.get("/en/faq")
    text = page.text
    assert 'href="https://www.integratie-inburgering.be/"' in text
    assert "Most organisations insure" not in text
    assert "Anywhere in Flanders or Brussels" not in text
    for phrase in ("no longer learning it", "outside your own circle", "do not count",
                   "No level of Dutch is needed", "must be finished for the certificate",
                   "the term can be extended", "A fine does not end the obligation"):
        assert phrase in text, phrase


def test_about_keeps_the_data_attributions(client):
    text = dom(client.get("/en/about")).text()
    for line in ("GeoNames", "CC BY 4.0", "Statbel", "Regiodecreet, 3 februari 2023", "The data was modified",
                 "OpenStreetMap"):
        assert line in text


def test_privacy_and_accessibility_statement(client):
    privacy = dom(client.get("/en/privacy")).text()
    assert "We store nothing about you when you search." in privacy
    assert "Your list stays in this browser" in privacy
    assert "It remembers your language." in privacy
    # What counsellors keep, what a handover and a proof share, and the configured retention.
    assert "Never your national register number" in privacy
    assert "erased after 24 months" in privacy and "anonymous after 12 months" in privacy
    assert "only whether the proof is valid and its total" in privacy
    statement = dom(client.get("/en/accessibility"))
    assert "partially compliant" in statement.text()
    assert statement.find("time") is not None
    assert "Vlaamse Ombudsdienst" in statement.text()


def test_home_links_each_offer_type_to_a_search(client):
    page = dom(client.get("/ar/"))
    buttons = page.find_all("a", class_="type-button")
    assert len(buttons) == 7
    assert buttons[0].attrs["href"] == "/ar/search?type=volunteering"
    assert all(b.find("img").attrs["alt"] == "" and b.text() for b in buttons)  # type: ignore[union-attr]
    assert len(page.find("ul", class_="intro-points").find_all("li")) == 5  # type: ignore[union-attr]


def test_search_page_weight_stays_under_200_kb(client, make_offer):
    for n in range(20):
        make_offer(f"Praattafel nummer {n}", summary="Elke week Nederlands praten. " * 8)
    response = client.get("/nl/search")
    page = dom(response)
    total = len(response.data)
    assets = [n.attrs["href"] for n in page.find_all("link", rel="stylesheet")]
    assets += [n.attrs["src"] for n in page.find_all("script")]
    for asset in assets:
        assert "leaflet" not in asset  # Leaflet comes only with the map view
        asset_response = client.get(asset)
        total += len(asset_response.data)
        asset_response.close()
    assert total < 200 * 1024, total
