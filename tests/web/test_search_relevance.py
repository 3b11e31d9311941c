"""The search page and API with phrases, families and words left out (issue 10, relevance)."""

from __future__ import annotations

import pytest

from tests.web.test_public_pages import dom, result_titles


@pytest.fixture
def catalogue(make_offer):  # type: ignore[no-untyped-def]
    """Create a football club, a choir, a bar job (Arabic "قدّم") and a second-hand shop."""
    make_offer("Voetbal met de buren", offer_type="club", activities=("football",),
               translations={"ar": ("نادي كرة القدم للجيران", "تدريب كل أسبوع")})
    make_offer("Zingen in het koor", offer_type="club", activities=("choir",))
    make_offer("Drank schenken op het feest", offer_type="volunteering", activities=("events",),
               translations={"ar": ("قدّم المشروبات في الحفل", "ساعد في البار")})
    make_offer("Kleding sorteren", offer_type="volunteering", activities=("second_hand_shop",))


def test_a_word_no_offer_has_is_left_out_and_the_page_says_so(client, catalogue):  # type: ignore[no-untyped-def]
    page = dom(client.get("/en/search?q=voetbal+xyzzyq"))
    assert result_titles(page) == ["Voetbal met de buren"]
    notice = page.by_id("left-out").text()
    assert notice.startswith("We searched without the word") and "xyzzyq" in notice


def test_no_notice_when_every_word_matches(client, catalogue):  # type: ignore[no-untyped-def]
    page = dom(client.get("/en/search?q=voetbal+buren"))
    assert result_titles(page) == ["Voetbal met de buren"]
    assert page.find(id="left-out") is None


def test_the_api_lists_the_words_left_out(client, catalogue):  # type: ignore[no-untyped-def]
    body = client.get("/api/v1/offers?q=voetbal+xyzzyq").get_json()
    assert body["total"] == 1 and body["left_out"] == ["xyzzyq"]
    assert client.get("/api/v1/offers?q=voetbal").get_json()["left_out"] == []


def test_arabic_football_is_one_phrase_on_the_page(client, catalogue):  # type: ignore[no-untyped-def]
    page = dom(client.get("/ar/search?q=كرة+القدم"))
    (card,) = page.find_all("li", class_="card")
    assert card.find("mark").text() == "كرة القدم"  # type: ignore[union-attr]
    # A sentence with stop words finds the same offer.
    body = client.get("/api/v1/offers?lang=ar&q=أريد+أن+ألعب+كرة+القدم").get_json()
    assert [h["title"] for h in body["hits"]] == ["نادي كرة القدم للجيران"]


def test_a_family_finds_its_activities_not_look_alike_words(client, catalogue):  # type: ignore[no-untyped-def]
    body = client.get("/api/v1/offers?q=sport").get_json()
    assert [h["activities"] for h in body["hits"]] == [["football"]]
    body = client.get("/api/v1/offers?q=رياضة&lang=ar").get_json()
    assert [h["activities"] for h in body["hits"]] == [["football"]]


def test_the_activity_filter_is_grouped_by_family_and_collapsible(client, catalogue):  # type: ignore[no-untyped-def]
    page = dom(client.get("/en/search?activity=football"))
    groups = page.find_all("details", class_="facet-group")
    by_label = {g.find("summary").text().split(" (")[0]: g for g in groups}  # type: ignore[union-attr]
    assert by_label["Sport and exercise"].find("input", id="f-activity-football") is not None
    assert by_label["Music and dance"].find("input", id="f-activity-choir") is not None
    # The group holding a chosen activity is open; the others are closed.
    assert "open" in by_label["Sport and exercise"].attrs
    assert "open" not in by_label["Music and dance"].attrs


def test_offers_are_found_by_their_town_in_another_script(client, catalogue):  # type: ignore[no-untyped-def]
    # The catalogue is in Gent (44021): Гент and غنت are its other names in place_names.csv.
    for text, lang in (("футбол Гент", "ru"), ("كرة القدم غنت", "ar"), ("voetbal Gand", "fr")):
        body = client.get("/api/v1/offers", query_string={"q": text, "lang": lang}).get_json()
        assert [h["activities"] for h in body["hits"]] == [["football"]], text
        assert body["left_out"] == [], text
