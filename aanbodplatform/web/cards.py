"""The search results as cards: one offer each, in the page's language.

A function rather than a Jinja macro: a search page draws twenty cards, and in Jinja each card
was about fifteen context calls and forty escapes, a third of the page's rendering time. The
markup is joined as text from escaped values and known-safe pieces, then marked safe once
(Markup's own + and % wrap and copy every piece). `search.html` binds it to the page with
`offer_cards_for(...)` and calls `offer_card(hit)` per result.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from flask import url_for
from markupsafe import Markup, escape

from aanbodplatform.digits import markup_gettext as _
from aanbodplatform.services.freshness import is_stale
from aanbodplatform.services.offers import GlanceFacts
from aanbodplatform.services.taxonomy import Taxonomy
from aanbodplatform.web.content_language import content_attrs, dutch_badge
from aanbodplatform.web.glance import card_glance
from aanbodplatform.web.icons import icon
from aanbodplatform.web.presenters import (
    dutch_level_welcome,
    format_distance,
    offer_slug,
    schedule_summary,
)
from aanbodplatform.web.widgets import save_button
from search_index import SearchHit


def offer_card(
    hit: SearchHit,
    *,
    locale: Any,
    criteria: str,
    offer_href: Callable[[int, str], str],
    glance: Mapping[int, GlanceFacts],
    places: Mapping[Any, str],
    moment: datetime,
    taxonomy: Taxonomy,
) -> Markup:
    """Return one result as a list item: title, badges, the facts at a glance, summary, save button.

    hit.highlights hold safe HTML: the engine escapes the text and adds only <mark>.
    """
    doc = hit.document
    page_lang = locale.tag
    content_lang = page_lang if doc.title.get(page_lang) else "nl"
    title = doc.title.get(content_lang, doc.title["nl"])
    href = escape(offer_href(int(doc.id), offer_slug(doc.title["nl"])))
    ident = escape(doc.id)
    point = doc.points[0] if doc.points else None
    position = f' data-lat="{point.lat:.5f}" data-lon="{point.lon:.5f}"' if point else ""
    attrs = content_attrs(content_lang, page_lang)
    title_html = Markup(hit.highlights["title"]) if hit.highlights.get("title") else escape(title)
    summary_html = (
        Markup(hit.highlights["summary"]) if hit.highlights.get("summary")
        else escape(doc.summary.get(content_lang, doc.summary.get("nl", "")))
    )
    # Every phrase is a plain _() call outside the f-strings: Babel's extractor does not look
    # inside f-strings on Python 3.11.
    badges = [dutch_badge(content_lang, page_lang)]
    if criteria == "all":
        if doc.pnt_eligible:
            counts = _("The organisation says this offer meets both conditions; your counsellor confirms it with you.")
            badges.append(f'<span class="badge badge-ok">{icon("check")}{counts}</span>')
        else:
            does_not_count = _("Does not count for the 40 hours")
            badges.append(f'<span class="badge badge-warn">{icon("cross")}{does_not_count}</span>')
    if is_stale(doc.confirmed_at, moment):
        out_of_date = _("May be out of date")
        badges.append(f'<span class="badge badge-warn">{out_of_date}</span>')
    term = taxonomy.offer_types.get(doc.offer_type)
    badges.append(f'<span class="badge">{escape(term.label(page_lang) if term else doc.offer_type)}</span>')
    place = places.get(doc.id, doc.municipality_name)
    full = glance.get(int(doc.id))
    if full:
        facts = f'{card_glance(full, place, hit.distance_m, locale)}<p class="card-org"><bdi>{escape(doc.organisation)}</bdi></p>'
        fallback = ""
    else:
        # The index knows the offer but the database has no published version of it (yet).
        facts = ""
        fallback = _card_facts_from_index(hit, place)
    return Markup(
        f'<li class="card" id="result-{ident}" data-offer-id="{ident}"{position} '
        f'data-title="{escape(title)}" data-url="{href}">'
        f'<article aria-labelledby="result-{ident}-title">'
        f'<h3 class="card-title" id="result-{ident}-title"><a href="{href}"{attrs}>{title_html}</a></h3>'
        f'<p class="badges">{"".join(badges)}</p>'
        f"{facts}"
        f'<p class="card-summary"{attrs}>{summary_html}</p>'
        f"{fallback}"
        f'<div class="card-actions">{save_button(doc.id)}</div>'
        "</article></li>"
    )


def _card_facts_from_index(hit: SearchHit, place: str | None) -> str:
    doc = hit.document
    distance = ""
    if hit.distance_m is not None:
        shown = Markup(f"<bdi>{escape(format_distance(hit.distance_m))}</bdi>")
        away = _("%(distance)s away", distance=shown)
        distance = f' · <span class="distance">{away}</span>'
    cost = _("Free") if doc.free else _("You pay a fee")
    if doc.wheelchair:
        accessible = _("Wheelchair accessible")
        cost = f"{cost} · {accessible}"
    rows = (
        ("people", _("Organisation"), f"<bdi>{escape(doc.organisation)}</bdi>"),
        ("pin", _("Place"), f"<bdi>{escape(place)}</bdi>{distance}"),
        ("clock", _("When"), escape(schedule_summary(doc.weekdays, doc.dayparts))),
        ("speech", _("Dutch"), escape(dutch_level_welcome(doc.dutch_level))),
        ("euro", _("Cost"), cost),
    )
    return '<dl class="facts">' + "".join(
        f'<div><dt>{icon(name)}<span class="visually-hidden">{label}</span></dt><dd>{value}</dd></div>'
        for name, label, value in rows
    ) + "</dl>"


def offer_cards_for(
    locale: Any,
    criteria: str,
    origin_args: Mapping[str, str],
    glance: Mapping[int, GlanceFacts] | None,
    places: Mapping[Any, str] | None,
    moment: datetime,
    taxonomy: Taxonomy,
) -> Callable[[SearchHit], Markup]:
    """Return `offer_card(hit)` bound to one search page, for the template's loop."""
    glance, places = glance or {}, places or {}
    offer_href = offer_href_for(locale.tag, origin_args)
    return lambda hit: offer_card(
        hit, locale=locale, criteria=criteria, offer_href=offer_href, glance=glance,
        places=places, moment=moment, taxonomy=taxonomy,
    )


#: Stand-ins for the offer id and slug in the one link `offer_href_for` builds with url_for.
_ID, _SLUG = 0, "aanbod-offer-slug"


def offer_href_for(lang: str, origin_args: Mapping[str, str]) -> Callable[[int, str], str]:
    """Return `href(offer_id, slug)`: the offer page's link from the results of one search page.

    Every card on a page links to the same route with the same origin, so url_for builds the
    link once and each card puts its id and slug in; the same as url_for for each card (tested),
    at a fraction of the cost. A slug is ASCII letters, digits and hyphens, so it needs no quoting.
    """
    template = url_for("public.offer", lang=lang, offer_id=_ID, slug=_SLUG, **origin_args)
    before, marker, after = template.partition(f"/{_ID}-{_SLUG}")
    if not marker:  # a route we do not know how to fill: ask url_for for each card
        return lambda offer_id, slug: url_for(
            "public.offer", lang=lang, offer_id=offer_id, slug=slug, **origin_args
        )
    return lambda offer_id, slug: f"{before}/{offer_id}-{slug}{after}"
