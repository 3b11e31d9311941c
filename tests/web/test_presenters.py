"""Formatting for the public pages (numbers, distances, schedules) and the small read services."""

from __future__ import annotations

from datetime import time
from types import SimpleNamespace

import pytest
from flask_babel import force_locale, gettext

from aanbodplatform.services.public_pages import (
    get_published_offers,
    parse_id_list,
    read_check,
)
from aanbodplatform.web import presenters


@pytest.mark.parametrize(
    ("babel_id", "metres", "number"),
    [
        ("nl_BE", 3200, "3,2"),
        ("en", 3200, "3.2"),
        ("fr_BE", 3200, "3,2"),
        ("ar", 3200, "3.2"),
        ("fa_AF", 3200, "۳٫۲"),
        ("ps", 12_345, "۱۲"),
        ("nl_BE", 25_400, "25"),
        ("nl_BE", 1_234_000, "1.234"),
        ("nl_BE", 40, "0,1"),
    ],
)
def test_format_distance(app, babel_id, metres, number):
    with app.test_request_context(), force_locale(babel_id):
        # The number is the locale's own; the unit is the catalog's ("3,2 km" in Dutch).
        assert presenters.format_distance(metres) == gettext("%(distance)s km", distance=number)


def test_format_distance_without_a_distance_is_empty(app):
    with app.test_request_context(), force_locale("en"):
        assert presenters.format_distance(None) == ""


def _slot(weekday=None, daypart=None, starts_at=None, ends_at=None):  # type: ignore[no-untyped-def]
    return SimpleNamespace(weekday=weekday, daypart=daypart, starts_at=starts_at, ends_at=ends_at)


def test_schedule_in_words(app):
    slots = [_slot("tue", "evening"), _slot("thu", "evening", time(19, 0), time(21, 0))]
    with app.test_request_context(), force_locale("en"):
        text = presenters.schedule_in_words("weekly", slots)
        assert text.startswith("Every week: Tuesday evening and Thursday from 7:00")
        assert presenters.schedule_in_words("by_arrangement", slots).startswith("By arrangement")
        assert presenters.schedule_in_words("weekly", []).startswith("By arrangement")
        assert presenters.schedule_in_words("weekly", [_slot(daypart="morning")]) == "Every week: in the morning."
    with app.test_request_context(), force_locale("nl_BE"):
        text = presenters.schedule_in_words("weekly", [_slot("mon"), _slot("wed"), _slot("fri")])
        # Day names and the list come from the locale; the sentence around them from the catalog.
        assert text == gettext("Every week: %(moments)s.", moments="maandag, woensdag en vrijdag")


def test_schedule_summary_for_cards(app):
    with app.test_request_context(), force_locale("en"):
        assert presenters.schedule_summary(("tue", "thu"), ("evening",)) == "On Tuesday and Thursday (evening)"
        assert presenters.schedule_summary(("sat",), ()) == "On Saturday"
        assert presenters.schedule_summary((), ("morning", "afternoon")) == "Time of day: morning and afternoon"
        assert presenters.schedule_summary((), ()) == "By arrangement"
    with app.test_request_context(), force_locale("uk"):
        assert "вівторок" in presenters.schedule_summary(("tue",), ())


def test_level_counts_are_cumulative_for_my_level():
    assert presenters.level_counts({"none": 3, "A2": 2, "B1": 1}) == {"none": 3, "A1": 3, "A2": 5, "B1": 6}
    assert presenters.level_counts({}) == {"none": 0, "A1": 0, "A2": 0, "B1": 0}


def test_dates_follow_the_locale(app):
    from datetime import date

    with app.test_request_context(), force_locale("nl_BE"):
        assert presenters.long_date(date(2026, 3, 5)) == "5 maart 2026"
        assert presenters.date_range(date(2026, 3, 5), None) == gettext("From %(start)s", start="5 maart 2026")


def test_offer_slug_is_ascii():
    assert presenters.offer_slug("Één praattafel in Sint-Niklaas!") == "een-praattafel-in-sint-niklaas"
    assert presenters.offer_slug("كرة") == "aanbod"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1,2,3", [1, 2, 3]),
        ("3, 1 ,3,,x,-2,0,٣,1.5", [3, 1]),
        (["4", "5,4"], [4, 5]),
        ("9" * 13, []),
        ("", []),
    ],
)
def test_parse_id_list(raw, expected):
    assert parse_id_list(raw) == expected


def test_parse_id_list_is_capped():
    assert parse_id_list(",".join(str(n) for n in range(1, 200))) == list(range(1, 51))


def test_get_published_offers_keeps_order_and_skips_unpublished(session, make_offer):
    first = make_offer("Een")
    second = make_offer("Twee")
    archived = make_offer("Oud", status="archived")
    found = get_published_offers(session, [second.id, archived.id, 12345, first.id])
    assert [o.title_nl for o in found] == ["Twee", "Een"]
    assert get_published_offers(session, []) == []


def test_read_check_steps():
    assert read_check({}).step == 1
    assert read_check({"status": "obliged"}).step == 2
    # No work: the half-time question is skipped.
    assert read_check({"status": "obliged", "work": "none"}).questions == ("status", "work", "study")
    assert read_check({"status": "obliged", "work": "none"}).step == 3
    # Any kind of work: the half-time question comes next.
    assert read_check({"status": "obliged", "work": "civil_servant"}).step == 3
    assert read_check({"status": "obliged", "work": "civil_servant"}).questions[2] == "half_time"
    done = read_check({"status": "obliged", "work": "none", "study": "no"})
    assert done.step is None and done.outcome == "must"
    assert read_check({"status": "nonsense", "work": "none"}).step == 1
    assert read_check({"status": "obliged"}).outcome is None


@pytest.mark.parametrize(
    ("postcode", "office"),
    [("2000", "atlas"), ("2100", "atlas"), ("9000", "in_gent"), ("9050", "in_gent"),
     ("1000", "bon"), ("1070", "bon"), ("3000", "agency"), ("8400", "agency"), ("0000", None)],
)
def test_the_office_follows_the_postcode(postcode, office):
    assert read_check({"postcode": postcode}).office == office
