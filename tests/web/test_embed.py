"""The embeddable widget: a light, script-free page of a municipality's PNT offers."""

from __future__ import annotations

import re

import pytest
from flask_babel import force_locale
from flask_babel import gettext as _

GENT = ("44021", 51.0543, 3.7174)


@pytest.fixture
def offers(make_offer):  # type: ignore[no-untyped-def]
    near = make_offer("Praattafel Gent", translations={"ar": ("طاولة حوار في غنت", "نتحدث.")},
                      nis=GENT[0], lat=51.0600, lon=3.7200)
    further = make_offer("Voetbal Merelbeke", nis="44083", lat=50.99, lon=3.75, offer_type="club")
    not_pnt = make_offer("Expat quiz Gent", social_participation=False, nis=GENT[0],
                         lat=51.055, lon=3.72)
    far = make_offer("Koor Leuven", nis="24062", lat=50.8798, lon=4.7005)
    return {"near": near, "further": further, "not_pnt": not_pnt, "far": far}


def test_the_widget_lists_nearby_pnt_offers_nearest_first(client, offers) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/nl/embed/municipality/44021")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    titles = re.findall(r'rel="noopener"[^>]*>([^<]+)</a>', page)
    assert titles[:2] == ["Praattafel Gent", "Voetbal Merelbeke"]
    assert "Expat quiz Gent" not in page  # the criteria filter is always on
    assert "Koor Leuven" not in page  # outside the default 10 km


def test_the_widget_can_be_framed_and_runs_no_script(client, offers) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/nl/embed/municipality/44021")
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors *" in csp and "script-src 'none'" in csp
    assert "X-Frame-Options" not in response.headers
    page = response.get_data(as_text=True)
    assert "<script" not in page
    assert 'target="_blank" rel="noopener"' in page
    # The rest of the site stays unframeable.
    assert "frame-ancestors 'none'" in client.get("/nl/").headers["Content-Security-Policy"]


@pytest.mark.parametrize(("lang", "direction"), [("ar", "rtl"), ("uk", "ltr")])
def test_the_widget_speaks_the_chosen_language(app, client, offers, lang, direction) -> None:  # type: ignore[no-untyped-def]
    page = client.get(f"/{lang}/embed/municipality/44021").get_data(as_text=True)
    assert f'<html lang="{lang}" dir="{direction}">' in page
    babel_id = "ar" if lang == "ar" else "uk"
    with force_locale(babel_id):
        more = _("More offers on the Aanbodplatform")
    assert more in page and more != "More offers on the Aanbodplatform"
    if lang == "ar":
        assert "طاولة حوار في غنت" in page  # the translation, where one exists
    else:
        assert 'lang="nl" dir="ltr">Praattafel Gent' in page  # Dutch, marked as such


def test_a_wider_reach_and_fewer_offers(client, offers) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/en/embed/municipality/44021?radius_km=25&size=5").get_data(as_text=True)
    assert "Koor Leuven" not in page
    page = client.get("/en/embed/municipality/24062").get_data(as_text=True)
    assert "Koor Leuven" in page


@pytest.mark.parametrize("url", ["/nl/embed/municipality/99999", "/nl/embed/municipality/abc"])
def test_an_unknown_municipality_is_404(client, url) -> None:  # type: ignore[no-untyped-def]
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("query", ["radius_km=7", "radius_km=%C2%B2", "size=1000"])
def test_bad_choices_are_400(client, query) -> None:  # type: ignore[no-untyped-def]
    assert client.get(f"/nl/embed/municipality/44021?{query}").status_code == 400


def test_the_builder_gives_a_snippet_in_the_page_language(client, offers) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/fr/embed/?municipality=44021&radius_km=15&size=5").get_data(as_text=True)
    assert ('&lt;iframe src="http://localhost/fr/embed/municipality/44021?radius_km=15&amp;size=5"'
            in page)
    assert '<iframe src="http://localhost/fr/embed/municipality/44021?radius_km=15&amp;size=5"' in page
    assert client.get("/fr/embed/").status_code == 200
    assert client.get("/fr/embed/?municipality=nope").status_code == 400
