"""One digit style per locale: Babel's default numbering system, on every number a page shows.

Dari and Pashto write Extended Arabic-Indic digits (۰۱۲…); the other locales, Arabic included,
write Latin digits. Rendered home, search and offer pages of every locale show numbers in one
script only (codes such as A1 and Dutch content marked lang="nl" aside).
"""

from __future__ import annotations

from datetime import date, time

import pytest
from flask_babel import force_locale

from aanbodplatform.digits import ascii_digits, digits_of, format_date, interpolate
from aanbodplatform.i18n import LOCALES
from aanbodplatform.i18n_tools import foreign_numbers
from tests.i18n.test_locale_pages import own_language_text


def test_babel_decides_the_digits() -> None:
    assert digits_of("fa_AF") == "۰۱۲۳۴۵۶۷۸۹"
    assert digits_of("ps") == "۰۱۲۳۴۵۶۷۸۹"
    assert digits_of("ar") == "0123456789"
    assert digits_of("nl_BE") == "0123456789"


def test_counts_in_messages_use_the_locale_digits() -> None:
    assert interpolate("%(num)d ساعت", {"num": 40}, "fa_AF") == "۴۰ ساعت"
    assert interpolate("%(num)d ساعت، %(place)s", {"num": 12, "place": "Gent 9000"}, "ps") == "۱۲ ساعت، Gent 9000"
    assert interpolate("%(num)d heures", {"num": 40}, "fr_BE") == "40 heures"
    assert interpolate("%(num)d ساعة", {"num": 40}, "ar") == "40 ساعة"


def test_dates_and_times_use_the_locale_digits(app) -> None:  # type: ignore[no-untyped-def]
    with app.test_request_context(), force_locale("fa_AF"):
        text = format_date(date(2026, 3, 14), "long")
    assert "۱۴" in text and "۲۰۲۶" in text and not foreign_numbers(text, "fa-AF")
    with app.test_request_context(), force_locale("ps"):
        from aanbodplatform.web.presenters import format_distance, schedule_in_words

        assert format_distance(12_400) == "۱۲ km" or "۱۲" in format_distance(12_400)

        class Slot:
            weekday, daypart, starts_at, ends_at = "tue", None, time(19, 30), time(21, 0)

        assert not foreign_numbers(schedule_in_words("weekly", [Slot()]), "ps")


def test_typed_native_digits_arrive_as_ascii() -> None:
    assert ascii_digits("۹۰۰۰") == "9000"
    assert ascii_digits("۲۰۲۶-۰۹-۳۰") == "2026-09-30"
    assert ascii_digits("٠٩ ١٢٣ ٤٥ ٦٧") == "09 123 45 67"
    assert ascii_digits("خیابان ۱۲") == "خیابان ۱۲"  # free text keeps what was typed


def test_a_search_near_a_postcode_typed_in_dari_digits_finds_the_place(client, make_offer) -> None:  # type: ignore[no-untyped-def]
    make_offer("Voetbal met de buren", activities=("football",))
    latin = client.get("/en/search?near=9000&radius_km=25", follow_redirects=True)
    dari = client.get("/en/search?near=۹۰۰۰&radius_km=25", follow_redirects=True)
    assert latin.status_code == dari.status_code == 200
    assert "Voetbal met de buren" in dari.get_data(as_text=True)


def test_the_checker_sees_mixed_digits() -> None:
    assert foreign_numbers("۷۳ کیلومتر و 40 ساعت", "fa-AF") == ["40"]
    assert foreign_numbers("سطح A1، WCAG 2.1، UTF-8", "fa-AF") == []
    assert foreign_numbers("۴۰ ساعت", "fa-AF") == []
    assert foreign_numbers("40 heures", "fr") == []
    assert foreign_numbers("٤٠ ساعة", "ar") == ["٤٠"]


@pytest.fixture
def pages(make_offer) -> dict[str, str]:  # type: ignore[no-untyped-def]
    offer = make_offer("Voetbal met de buren", activities=("football",))
    make_offer("Praattafel in de bib", nis="11002", lat=51.2199, lon=4.4035)
    return {
        "home": "/{tag}/",
        "search": "/{tag}/search?q=voetbal&near=9000&radius_km=25",
        "search-all": "/{tag}/search?near=9000&radius_km=200",
        "offer": "/{tag}/offers/" + str(offer.id),
    }


@pytest.mark.parametrize("loc", LOCALES, ids=[loc.tag for loc in LOCALES])
def test_rendered_pages_do_not_mix_digit_scripts(client, pages, loc) -> None:  # type: ignore[no-untyped-def]
    for name, url in pages.items():
        response = client.get(url.format(tag=loc.tag), follow_redirects=True)
        assert response.status_code == 200, (name, url)
        text = own_language_text(response.get_data(as_text=True), loc.tag)
        assert not foreign_numbers(text, loc.tag), (loc.tag, name, foreign_numbers(text, loc.tag)[:10])


def test_the_appointment_sent_to_a_dari_speaker_has_one_digit_script(app) -> None:  # type: ignore[no-untyped-def]
    from aanbodplatform.web.handover_presenters import appointment_parts

    appointment = {"date": "2026-12-08", "time": "19:30", "place": "Sporthal Noord", "ask_for": "Mieke"}
    with app.test_request_context(), force_locale("fa_AF"):
        parts = appointment_parts(appointment)
    assert parts["time"] == "۱۹:۳۰"
    assert "۸" in parts["day"] and not foreign_numbers(parts["day"] + " " + parts["time"], "fa-AF")
    with app.test_request_context(), force_locale("uk"):
        assert appointment_parts(appointment)["time"] == "19:30"
