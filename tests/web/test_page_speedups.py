"""What the search page's speed-ups must not change: facts, catalogs, icons and language links."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import flask_babel
from babel.support import Translations
from flask_babel import force_locale

from aanbodplatform import digits
from aanbodplatform.services.offers import GlanceFacts, GlanceSlot, glance_facts_by_id
from aanbodplatform.web.icons import icon

TRANSLATIONS = Path(__file__).resolve().parents[2] / "translations"
SOURCE = "Search offers"


def _catalog_text(babel_id: str, message: str) -> str:
    return Translations.load(str(TRANSLATIONS), [babel_id]).ugettext(message)


def test_glance_facts_hold_the_offer_facts_in_order(app, session, make_offer):
    offer = make_offer(
        activities=("cooking", "board_games"),
        weekdays=("thu", "mon"),
        daypart="morning",
        free=False,
        cost_amount_cents=500,
        cost_unit="session",
        reduced_uitpas=True,
        audience="seniors, women",
        join_how="drop_in",
        transit_stop="Gent-Sint-Pieters",
        wheelchair=True,
        dutch_level="A2",
    )
    draft = make_offer("Nog niet klaar", status="draft")
    facts = glance_facts_by_id(session, [offer.id, draft.id, 999_999])
    assert list(facts) == [offer.id]  # drafts and unknown ids are left out
    assert facts[offer.id] == GlanceFacts(
        id=offer.id,
        offer_type="conversation_table",
        activity_codes=("board_games", "cooking"),  # sorted as Offer.activities
        slots=(GlanceSlot("thu", "morning"), GlanceSlot("mon", "morning")),  # entry order
        schedule_kind="weekly",
        start_date=None,
        end_date=None,
        dutch_level="A2",
        dutch_context=True,
        social_participation=True,
        free=False,
        cost_amount_cents=500,
        cost_unit="session",
        reduced_uitpas=True,
        reduced_social_tariff=False,
        audience_codes=("women", "seniors"),  # the canonical order, as Offer.audience_codes
        join_how="drop_in",
        transit_stop="Gent-Sint-Pieters",
        wheelchair=True,
    )
    assert facts[offer.id].pnt_eligible is True
    assert glance_facts_by_id(session, []) == {}


def test_glance_facts_say_an_offer_meets_both_conditions_only_with_both(session, make_offer):
    one = make_offer(dutch_context=True, social_participation=False)
    other = make_offer(dutch_context=False, social_participation=True)
    both = make_offer()
    facts = glance_facts_by_id(session, [one.id, other.id, both.id])
    assert [facts[o.id].pnt_eligible for o in (one, other, both)] == [False, False, True]


def test_glance_facts_keep_each_yes_no_fact_in_its_own_place(session, make_offer):
    # Each fact has its own pattern of yes and no over the three offers, so two facts read
    # into each other's places would show.
    patterns = {
        "dutch_context": (True, True, False),
        "social_participation": (True, False, True),
        "free": (False, True, True),
        "reduced_uitpas": (True, False, False),
        "reduced_social_tariff": (False, True, False),
        "wheelchair": (False, False, True),
    }
    offers = [make_offer(**{name: values[i] for name, values in patterns.items()}) for i in range(3)]
    facts = glance_facts_by_id(session, [o.id for o in offers])
    for name, values in patterns.items():
        assert tuple(getattr(facts[o.id], name) for o in offers) == values, name
    other = make_offer(schedule_kind="period", start_date=date(2027, 1, 4), end_date=date(2027, 3, 1),
                       cost_amount_cents=250, cost_unit="month", join_how="contact", transit_stop="Dampoort",
                       free=False)
    read = glance_facts_by_id(session, [other.id])[other.id]
    assert (read.schedule_kind, read.start_date, read.end_date, read.cost_amount_cents, read.cost_unit,
            read.join_how, read.transit_stop) == (
        "period", date(2027, 1, 4), date(2027, 3, 1), 250, "month", "contact", "Dampoort")


def test_the_remembered_catalog_follows_force_locale(app):
    with app.test_request_context("/nl/search"), force_locale("nl_BE"):
        dutch = _catalog_text("nl_BE", SOURCE)
        french = _catalog_text("fr_BE", SOURCE)
        assert dutch != french
        assert digits.gettext(SOURCE) == dutch
        with force_locale("fr_BE"):  # a mail in the recipient's language, mid-request
            assert digits.gettext(SOURCE) == french
        assert digits.gettext(SOURCE) == dutch


def test_gettext_answers_as_flask_babel_outside_a_request(app):
    # The `app` fixture holds an app context: Flask-Babel uses the default locale there.
    assert digits.gettext(SOURCE) == flask_babel.gettext(SOURCE) == _catalog_text("nl_BE", SOURCE)


def test_without_any_context_gettext_returns_the_source():
    assert digits.gettext(SOURCE) == SOURCE
    assert digits.ngettext("%(num)d offer", "%(num)d offers", 3) == "3 offers"


def test_numbers_in_python_messages_use_the_locale_digits(app):
    with app.test_request_context("/fa-AF/search"), force_locale("fa_AF"):
        assert "۳" in digits.ngettext("%(num)d offer", "%(num)d offers", 3)
        assert "3" not in digits.ngettext("%(num)d offer", "%(num)d offers", 3)


def test_icons_are_decorative_inline_svg():
    assert str(icon("check")) == (
        '<svg class="icon" aria-hidden="true" focusable="false" viewBox="0 0 24 24" '
        'width="20" height="20"><path d="M5 12.5l4.5 4.5L19 7.5" fill="none" '
        'stroke="currentColor" stroke-width="2.8" stroke-linecap="round" '
        'stroke-linejoin="round"/></svg>'
    )
    assert str(icon("next", flip=True)).startswith('<svg class="icon icon-flip" ')
    assert str(icon("no-such-icon")).endswith('height="20"></svg>')


def test_icons_reach_the_templates(client):
    page = client.get("/en/search").get_data(as_text=True)
    assert '<svg class="icon" aria-hidden="true"' in page  # the language menu's globe


def test_language_links_belong_to_their_own_request(client):
    first = client.get("/en/search?q=koken").get_data(as_text=True)
    second = client.get("/en/search?q=voetbal").get_data(as_text=True)
    assert 'hreflang="fr" href="/fr/search?q=koken"' in first
    assert 'hreflang="fr" href="/fr/search?q=voetbal"' in second
    assert "q=koken" not in second


def test_small_counts_are_formatted_as_babel_does_in_every_locale(app):
    from babel import Locale
    from babel.numbers import format_decimal

    from aanbodplatform.i18n import LOCALES

    assert digits.format_number(42, locale="fa_AF") == "۴۲"
    assert digits.format_number(7, locale="nl_BE") == "7"
    for ui in LOCALES:
        locale = Locale.parse(ui.babel_id)
        for value in (0, 1, 9, 10, 99, 100, 999, 1000, 12_345):
            expected = format_decimal(value, locale=locale, numbering_system="default")
            assert digits.format_number(value, locale=locale) == digits.native_digits(
                expected, locale
            ), (ui.tag, value)


def _glance_block(page: str, offer_id: int) -> str:
    card = page.split(f'id="result-{offer_id}"', 1)[1].split("</li>", 1)[0]
    return card.split("<dl", 1)[1].split("</dl>", 1)[0]


def test_a_card_shows_the_facts_after_an_edit(app, client, session, make_offer):
    offer = make_offer("Kookclub", free=True, wheelchair=False)
    with app.test_request_context("/en/search"), force_locale("en"):
        from aanbodplatform.web import presenters

        free_words = " ".join(presenters.cost_in_words(True, None, None, False, False))
        paid_words = " ".join(presenters.cost_in_words(False, 750, "session", False, False))
        no_wheelchair = presenters.access_in_words(False)
        wheelchair = presenters.access_in_words(True)
    before = _glance_block(client.get("/en/search?q=kookclub").get_data(as_text=True), offer.id)
    assert free_words in before and no_wheelchair in before
    offer.free, offer.cost_amount_cents, offer.cost_unit, offer.wheelchair = (
        False, 750, "session", True,
    )
    session.commit()
    after = _glance_block(client.get("/en/search?q=kookclub").get_data(as_text=True), offer.id)
    assert paid_words in after and wheelchair in after
    assert free_words not in after


def test_a_card_shows_the_facts_in_the_page_language(client, make_offer):
    offer = make_offer("Kookclub")
    english = _glance_block(client.get("/en/search?q=kookclub").get_data(as_text=True), offer.id)
    french = _glance_block(client.get("/fr/search?q=kookclub").get_data(as_text=True), offer.id)
    assert " What</dt>" in english and "<dt>Access</dt>" in english
    assert f" {_catalog_text('fr_BE', 'What')}</dt>" in french
    assert f"<dt>{_catalog_text('fr_BE', 'Access')}</dt>" in french
    assert "<dt>Access</dt>" not in french


# --- the second round: phrases, distances, buttons and filters without macro calls ----------


def test_fixed_phrases_follow_the_language_and_stay_markup(app):
    from markupsafe import Markup

    with app.test_request_context("/nl/search"), force_locale("nl_BE"):
        dutch = digits.markup_gettext(SOURCE)
        assert dutch == _catalog_text("nl_BE", SOURCE) and isinstance(dutch, Markup)
        with force_locale("fr_BE"):
            assert digits.markup_gettext(SOURCE) == _catalog_text("fr_BE", SOURCE)
        assert digits.markup_gettext(SOURCE) == dutch  # remembered per catalog, not per process
        # "%%" is undone once, as Jinja's newstyle gettext does; values are escaped.
        assert digits.markup_gettext("100%% sure") == "100% sure"
        assert digits.markup_gettext("Hi %(name)s", name="<b>") == "Hi &lt;b&gt;"


def test_template_gettext_escapes_only_when_the_template_does(app):
    env = app.jinja_env
    with app.test_request_context("/en/search"), force_locale("en"):
        loop = env.from_string('{% for n in [1, 2] %}{{ _("Search offers") }};{% endfor %}').render()
        assert loop == "Search offers;Search offers;"  # called inside a loop
        escaped = env.from_string('{{ _("Hi %(name)s", name="<b>") }}').render()
        assert escaped == "Hi &lt;b&gt;"
        plain = env.from_string(
            '{% autoescape false %}{{ _("Hi %(name)s", name="<b>") }}|{{ _("a & b") }}{% endautoescape %}'
        ).render()
        assert plain == "Hi <b>|a & b"
        trans = env.from_string('{% trans n=3 %}{{ n }} offers{% endtrans %}').render()
        assert trans == "3 offers"


def test_distances_are_rounded_as_babel_rounds_in_each_language(app):
    from aanbodplatform.web.presenters import format_distance

    metres = (0, 49, 2250, 2350, 9949, 9950, 10000, 10500, 11500, 1234567)
    expected = {
        "nl_BE": ["0,1 km", "0,1 km", "2,2 km", "2,4 km", "9,9 km", "10,0 km", "10 km", "10 km",
                  "12 km", "1.235 km"],
        "en": ["0.1 km", "0.1 km", "2.2 km", "2.4 km", "9.9 km", "10.0 km", "10 km", "10 km",
               "12 km", "1,235 km"],
        "fa_AF": ["۰٫۱ کیلومتر", "۰٫۱ کیلومتر", "۲٫۲ کیلومتر", "۲٫۴ کیلومتر", "۹٫۹ کیلومتر",
                  "۱۰٫۰ کیلومتر", "۱۰ کیلومتر", "۱۰ کیلومتر", "۱۲ کیلومتر", "۱٬۲۳۵ کیلومتر"],
    }
    for babel_id, texts in expected.items():
        with app.test_request_context("/nl/search"), force_locale(babel_id):
            assert [format_distance(m) for m in metres] == texts, babel_id
    with app.test_request_context("/nl/search"), force_locale("nl_BE"):
        assert format_distance(None) == ""


def test_the_save_button_is_in_the_page_language(app):
    from aanbodplatform.web.widgets import save_button

    with app.test_request_context("/en/search"), force_locale("en"):
        english = str(save_button(12))
    with app.test_request_context("/fr/search"), force_locale("fr_BE"):
        french = str(save_button('"x'))
    assert english == (
        '<button type="button" class="button button-secondary save-toggle" data-offer-id="12" '
        'aria-pressed="false" data-label-save="Save to my list" data-label-saved="Saved in my list" '
        f'hidden>{icon("star")}<span class="save-label">Save to my list</span></button>'
    )
    assert 'data-offer-id="&#34;x"' in french
    assert f'data-label-save="{_catalog_text("fr_BE", "Save to my list")}"' in french
    assert "Save to my list" not in french


def test_a_filter_choice_says_whether_it_is_chosen_and_how_many_it_finds():
    from aanbodplatform.web.widgets import filter_checkbox, filter_checkboxes

    selected = {"weekday": {"sat"}}
    counts = {"weekday": {"sat": 4, "sun": 1200}}
    assert str(filter_checkbox("weekday", "sat", "Saturday", selected, counts, "weekday")) == (
        '<li><input type="checkbox" id="f-weekday-sat" name="weekday" value="sat" checked>\n'
        '<label for="f-weekday-sat">Saturday <span class="count">(<bdi>4</bdi>)</span></label></li>'
    )
    # Without a search result there are no counts; the label is text, not markup.
    assert str(filter_checkbox("weekday", "sun", "<Sun>", selected, None, "weekday", "-2")) == (
        '<li><input type="checkbox" id="f-weekday-sun-2" name="weekday" value="sun">\n'
        '<label for="f-weekday-sun-2">&lt;Sun&gt;</label></li>'
    )
    bound = filter_checkboxes(selected, counts, result=None)
    assert "count" not in str(bound("weekday", "sat", "Saturday", "weekday"))
    bound = filter_checkboxes(selected, counts, result=object())
    assert "(<bdi>0</bdi>)" in str(bound("weekday", "mon", "Monday", "weekday"))  # no offers
    assert "count" not in str(bound("weekday", "mon", "Monday"))  # no group: no count


def test_activity_filters_show_the_families_with_chosen_or_found_activities():
    from aanbodplatform.services.taxonomy import Family, Taxonomy, Term
    from aanbodplatform.web.presenters import ActivityGroup, activity_filter_groups

    def term(code: str, position: int) -> Term:
        return Term("activity", code, "", position, {"nl": code.upper(), "en": code.title()}, {})

    def family(code: str, *activities: str) -> Family:
        return Family(code, "", activities, (), {"nl": f"{code} (nl)", "en": f"{code} (en)"}, {})

    taxonomy = Taxonomy(
        offer_types={},
        activities={c: term(c, i) for i, c in enumerate(("football", "swimming", "cooking", "baking", "chess"))},
        families={"sport": family("sport", "football", "swimming"), "food": family("food", "cooking", "baking")},
    )
    groups = activity_filter_groups(taxonomy, {"swimming"}, {"cooking": 3, "baking": 0, "chess": 2}, "en")
    assert groups == [
        ActivityGroup(label="sport (en)", chosen=1, options=(("swimming", "Swimming"),)),
        ActivityGroup(label="food (en)", chosen=0, options=(("cooking", "Cooking"),)),
        ActivityGroup(label=None, chosen=0, options=(("chess", "Chess"),)),  # in no family
    ]
    assert activity_filter_groups(taxonomy, set(), {}, "en") == []
    # A family is shown for an activity counted 0 times, with nothing to choose in it.
    assert activity_filter_groups(taxonomy, set(), {"baking": 0}, "nl") == [
        ActivityGroup(label="food (nl)", chosen=0, options=()),
    ]
    first = taxonomy.activity_groups()
    first.clear()
    assert len(taxonomy.activity_groups()) == 3  # the remembered groups cannot be changed


def test_a_card_block_is_the_at_a_glance_macro_in_the_page_language(app, session, make_offer):
    import re

    from aanbodplatform.i18n import get_locale
    from aanbodplatform.services.taxonomy import get_taxonomy
    from aanbodplatform.web.glance import card_glance
    from aanbodplatform.web.presenters import format_distance

    offer = make_offer("Kookclub", weekdays=("sat",), daypart="morning", join_how="drop_in")
    facts = glance_facts_by_id(session, [offer.id])[offer.id]
    macro = app.jinja_env.from_string(
        '{% from "_glance.html" import at_a_glance with context %}'
        "{{ at_a_glance(facts, compact=true, place_name=place, distance_m=distance) }}"
    )

    def squeeze(html: str) -> str:
        return re.sub(r">\s+<", "><", str(html)).strip()

    for tag, babel_id in (("en", "en"), ("ar", "ar"), ("fa-AF", "fa_AF")):
        with app.test_request_context(f"/{tag}/search"), force_locale(babel_id):
            locale = get_locale(tag)
            for place, distance in (("Gent <centrum>", 2350.0), ("Gent", None), (None, None)):
                expected = macro.render(
                    facts=facts, place=place, distance=distance, locale=locale, taxonomy=get_taxonomy()
                )
                assert squeeze(card_glance(facts, place, distance, locale)) == squeeze(expected), (tag, place)
            shown = str(card_glance(facts, "Gent", 2350.0, locale))
            assert f"<bdi>{format_distance(2350.0)}</bdi>" in shown
            assert "Gent &lt;centrum&gt;" in str(card_glance(facts, "Gent <centrum>", None, locale))


def test_card_links_equal_url_for_with_the_origin(app):
    from flask import url_for

    from aanbodplatform.web.cards import offer_href_for

    origins = ({}, {"near": "9000"}, {"near": "Sint-Niklaas é&?"}, {"lat": "51.05", "lon": "3.72"})
    for lang in ("nl", "ar", "fa-AF"):
        with app.test_request_context(f"/{lang}/search"):
            for origin in origins:
                href = offer_href_for(lang, origin)
                for offer_id, slug in ((1, "kookclub"), (987654, "a-b-9"), (42, "aanbod")):
                    assert href(offer_id, slug) == url_for(
                        "public.offer", lang=lang, offer_id=offer_id, slug=slug, **origin
                    ), (lang, origin, offer_id)
    with app.test_request_context("/nl/search"):
        assert offer_href_for("nl", {"near": "9000"})(7, "kookclub") == "/nl/offers/7-kookclub?near=9000"


def _card_document(**changes):
    from search_index import GeoPoint, OfferDocument

    fields = {
        "id": "7", "title": {"nl": "Kook <club>", "en": "Cooking club"},
        "summary": {"nl": "Samen koken", "en": "Cooking together"}, "description_nl": "",
        "organisation": "Buurthuis & co", "offer_type": "conversation_table",
        "municipality_name": "Gent", "points": (GeoPoint(51.054342, 3.717424),),
        "dutch_context": True, "social_participation": True, "weekdays": ("sat",),
        "dayparts": ("morning",), "free": True, "wheelchair": True, "dutch_level": "A2",
        "confirmed_at": 1_796_000_000,  # 2026-11-29: not out of date on 2026-12-07
    }
    return OfferDocument(**{**fields, **changes})


def _card(app, lang: str, babel_id: str, hit, **bound) -> str:
    from datetime import UTC, datetime

    from aanbodplatform.i18n import get_locale
    from aanbodplatform.services.taxonomy import get_taxonomy
    from aanbodplatform.web.cards import offer_cards_for

    with app.test_request_context(f"/{lang}/search"), force_locale(babel_id):
        card = offer_cards_for(
            get_locale(lang), bound.get("criteria", "pnt"), bound.get("origin", {}),
            bound.get("glance"), bound.get("places"), datetime(2026, 12, 7, tzinfo=UTC), get_taxonomy(),
        )
        return str(card(hit))


def test_a_card_without_database_facts_shows_the_index_facts(app):
    from search_index import SearchHit

    with app.test_request_context("/en/search"), force_locale("en"):
        from aanbodplatform.web.presenters import (
            dutch_level_welcome,
            format_distance,
            schedule_summary,
        )

        when = schedule_summary(("sat",), ("morning",))
        dutch = dutch_level_welcome("A2")
        distance = format_distance(2350.0)
    html = _card(app, "en", "en", SearchHit(_card_document(), distance_m=2350.0), origin={"near": "9000"})
    assert html.startswith(
        '<li class="card" id="result-7" data-offer-id="7" data-lat="51.05434" data-lon="3.71742" '
        'data-title="Cooking club" data-url="/en/offers/7-kook-club?near=9000">'
        '<article aria-labelledby="result-7-title"><h3 class="card-title" id="result-7-title">'
        '<a href="/en/offers/7-kook-club?near=9000">Cooking club</a></h3>'
    )
    assert '<p class="card-summary">Cooking together</p><dl class="facts">' in html
    assert '<dd><bdi>Buurthuis &amp; co</bdi></dd>' in html
    assert f'<dd><bdi>Gent</bdi> · <span class="distance"><bdi>{distance}</bdi> away</span></dd>' in html
    assert f"<dd>{when}</dd>" in html and f"<dd>{dutch}</dd>" in html
    assert "<dd>Free · Wheelchair accessible</dd>" in html
    assert html.endswith("</span></button></div></article></li>")


def test_a_card_marks_dutch_text_badges_and_highlights(app, session, make_offer):
    from search_index import SearchHit

    document = _card_document(title={"nl": "Kook <club>"}, summary={"nl": "Samen koken"})
    # On an English page, the Dutch title and summary are marked as Dutch.
    html = _card(app, "en", "en", SearchHit(document))
    assert '<a href="/en/offers/7-kook-club" lang="nl" dir="ltr">Kook &lt;club&gt;</a>' in html
    assert '<p class="card-summary" lang="nl" dir="ltr">Samen koken</p>' in html
    assert '<span class="badge badge-dutch">in Dutch</span>' in html
    assert "badge-ok" not in html and "badge-warn" not in html  # only offers that count
    # The engine's highlights are safe HTML and shown as they are.
    marked = SearchHit(document, highlights={"title": "<mark>Kook</mark> &lt;club&gt;", "summary": "<mark>koken</mark>"})
    html = _card(app, "nl", "nl_BE", marked)
    assert '<a href="/nl/offers/7-kook-club"><mark>Kook</mark> &lt;club&gt;</a>' in html
    assert "badge-dutch" not in html
    # With every offer shown, each card says whether it counts; an old one says it may be out of date.
    all_offers = _card(app, "en", "en", SearchHit(_card_document()), criteria="all")
    assert '<span class="badge badge-ok">' in all_offers
    not_counting = _card(
        app, "en", "en", SearchHit(_card_document(social_participation=False, confirmed_at=1_700_000_000)),
        criteria="all",
    )
    assert "Does not count for the 40 hours</span>" in not_counting
    assert '<span class="badge badge-warn">May be out of date</span>' in not_counting
    # With the database's facts, the card shows the at-a-glance block and the organisation.
    offer = make_offer("Kookclub")
    facts = glance_facts_by_id(session, [offer.id])
    html = _card(app, "en", "en", SearchHit(_card_document(id=str(offer.id))), glance=facts, places={str(offer.id): "Melle"})
    assert 'data-glance>' in html and "<bdi>Melle</bdi>" in html
    assert '<p class="card-org"><bdi>Buurthuis &amp; co</bdi></p>' in html
    assert '<dl class="facts">' not in html


def test_language_links_equal_url_for_in_every_locale(app, make_offer):
    from flask import request

    from aanbodplatform.i18n import LOCALES
    from aanbodplatform.web import locale as locale_links

    offer = make_offer("Kookclub")
    pages = (
        "/en/", "/en/search?q=voetbal&near=Gent%20centrum&radius_km=10", "/ar/faq",
        f"/nl/offers/{offer.id}-kookclub?near=9000", "/en/account/sign-in?next=%2Fen%2F",
        "/en/search?q=aanbod-locale-tag",  # the mark itself in the query: url_for for each
        "/api/v1/offers",
    )
    for path in pages:
        with app.test_request_context(path):
            app.preprocess_request()
            for loc in LOCALES:
                expected = locale_links._switch_url_built(loc.tag)
                assert locale_links.switch_url(loc.tag) == expected, (path, loc.tag)
            assert request.aanbod_switch_url_template.startswith("/aanbod-locale-tag")
    with app.test_request_context("/en/search?q=koken"):
        app.preprocess_request()
        assert locale_links.switch_url("fa-AF") == "/fa-AF/search?q=koken"


def test_filter_lists_in_order_and_only_what_can_be_chosen(app):
    from aanbodplatform.web.presenters import (
        daypart_choices,
        my_level_label,
        shown_choices,
        weekday_choices,
    )
    from aanbodplatform.web.widgets import filter_checkboxes

    with app.test_request_context("/en/search"), force_locale("en"):
        assert weekday_choices() == [
            ("mon", "Monday"), ("tue", "Tuesday"), ("wed", "Wednesday"), ("thu", "Thursday"),
            ("fri", "Friday"), ("sat", "Saturday"), ("sun", "Sunday"),
        ]
        assert [code for code, _label in daypart_choices()] == ["morning", "afternoon", "evening"]
        english_parts = daypart_choices()
        assert [my_level_label(level) for level in ("none", "A1", "A2", "B1", "C2")] == [
            "I do not speak Dutch yet", "A little (A1)", "Simple talks (A2)", "Quite well (B1 or higher)", "C2",
        ]
    with app.test_request_context("/fr/search"), force_locale("fr_BE"):
        # Remembered per language: French names after English ones.
        assert weekday_choices()[0] == ("mon", "lundi")
        assert daypart_choices() == [
            (code, _catalog_text("fr_BE", code)) for code, _label in english_parts
        ] != english_parts
        assert my_level_label("A1") == _catalog_text("fr_BE", "A little (A1)") != "A little (A1)"
    regions = [("gent", "Gent"), ("leie", "Leie"), ("waas", "Waasland"), ("zee", "Zee")]
    assert shown_choices(regions, {"zee"}, {"gent": 3, "leie": 0}) == [("gent", "Gent"), ("zee", "Zee")]
    assert shown_choices(regions, set(), {}) == []
    boxes = filter_checkboxes({"region": {"zee"}}, {"region": {"gent": 3}}, result=object())
    many = str(boxes.many("region", [("gent", "Gent"), ("zee", "Zee")], "region"))
    assert many == str(boxes("region", "gent", "Gent", "region")) + str(boxes("region", "zee", "Zee", "region"))
    assert 'value="zee" checked>' in many and "(<bdi>3</bdi>)" in many and "(<bdi>0</bdi>)" in many
    assert str(boxes.many("region", [])) == ""


def test_the_language_menu_and_alternate_links_name_every_locale(app):
    import re

    from aanbodplatform.i18n import LOCALES
    from aanbodplatform.web.locale import alternate_links, language_menu_items

    with app.test_request_context("/ar/search?q=koken&near=Gent"):
        app.preprocess_request()
        menu = str(language_menu_items("ar"))
        head = str(alternate_links())
    items = re.findall(r'<li><a href="([^"]+)" lang="([^"]+)" dir="(ltr|rtl)" hreflang="\2"( aria-current="true")?>([^<]+)</a></li>', menu)
    assert [(href, tag, direction, current != "", name) for href, tag, direction, current, name in items] == [
        (f"/{loc.tag}/search?q=koken&amp;near=Gent", loc.tag, loc.direction, loc.tag == "ar", loc.autonym)
        for loc in LOCALES
    ]
    assert {tag for _h, tag, direction, _c, _n in items if direction == "rtl"} == {"ar", "fa-AF", "ps"}
    links = re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', head)
    assert links == [(loc.tag, f"/{loc.tag}/search?q=koken&amp;near=Gent") for loc in LOCALES] + [
        ("x-default", "/nl/search?q=koken&amp;near=Gent")
    ]
