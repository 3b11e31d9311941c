"""Locale negotiation: path first, then cookie, then Accept-Language, then Dutch."""

from __future__ import annotations

import re

import pytest

from aanbodplatform.i18n import LOCALES, match_tag, negotiate, parse_accept_language


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("fa", "fa-AF"),
        ("prs", "fa-AF"),
        ("fa-IR,fa;q=0.9", "fa-AF"),
        ("uk-UA", "uk"),
        ("uk-UA,uk;q=0.9,en;q=0.8", "uk"),
        ("ar-MA", "ar"),
        ("ar-SY,ar;q=0.9", "ar"),
        ("ps-AF", "ps"),
        ("ti-ER", "ti"),
        ("so-SO", "so"),
        ("es-419", "es"),
        ("pt-BR,fr;q=0.5", "fr"),
        ("de-DE,de;q=0.9,en;q=0.8", "en"),
        ("en;q=0.2,ru;q=0.9", "ru"),
        ("nl-BE", "nl"),
        ("de", "nl"),
        ("*", "nl"),
        ("", "nl"),
        ("en;q=0, tr", "tr"),
        ("garbage;;q=x,,", "nl"),
    ],
)
def test_accept_language(header: str, expected: str) -> None:
    assert negotiate(None, header) == expected


def test_cookie_beats_accept_language() -> None:
    assert negotiate("tr", "ar") == "tr"


def test_unknown_cookie_is_ignored() -> None:
    assert negotiate("xx", "pl") == "pl"


def test_quality_order() -> None:
    assert parse_accept_language("en;q=0.5, ar, uk;q=0.8") == ["ar", "uk", "en"]


def test_match_tag_is_case_insensitive() -> None:
    assert match_tag("FA-af") == "fa-AF"
    assert match_tag("xx-YY") is None


@pytest.mark.parametrize(
    ("headers", "cookie", "target"),
    [
        ({"Accept-Language": "uk-UA,uk;q=0.9"}, None, "/uk/"),
        ({"Accept-Language": "prs"}, None, "/fa-AF/"),
        ({"Accept-Language": "ar-MA"}, None, "/ar/"),
        ({}, None, "/nl/"),
        ({"Accept-Language": "ar"}, "ro", "/ro/"),
    ],
)
def test_root_redirects_to_the_negotiated_locale(client, headers, cookie, target) -> None:  # type: ignore[no-untyped-def]
    if cookie:
        client.set_cookie("lang", cookie)
    response = client.get("/", headers=headers)
    assert response.status_code == 302
    assert response.headers["Location"] == target


def test_path_without_locale_redirects_keeping_the_query(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/search?q=voetbal&near=9000", headers={"Accept-Language": "tr"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/tr/search?q=voetbal&near=9000"


def test_unknown_locale_gives_a_dutch_404_with_every_language(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/xx/", headers={"Accept-Language": "ar"})
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert re.search(r'<html lang="nl" dir="ltr"', html)
    for loc in LOCALES:
        assert f'href="/{loc.tag}/"' in html
        assert loc.autonym in html


def test_unknown_locale_with_a_real_page_gives_the_dutch_404(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/zz/offers/1")
    assert response.status_code == 404
    assert '<html lang="nl"' in response.get_data(as_text=True)


def test_the_chosen_locale_is_remembered(client) -> None:  # type: ignore[no-untyped-def]
    client.get("/pl/")
    response = client.get("/", headers={"Accept-Language": "ar"})
    assert response.headers["Location"] == "/pl/"


def test_switching_language_keeps_the_page_and_query(client) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/en/search?q=voetbal&near=Gent&radius_km=10").get_data(as_text=True)
    for loc in LOCALES:
        assert f'href="/{loc.tag}/search?q=voetbal&amp;near=Gent&amp;radius_km=10"' in html
