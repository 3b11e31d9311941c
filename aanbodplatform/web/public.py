"""Public pages for newcomers: home, search, offer, shortlist, check, questions and the about pages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from flask import Blueprint, abort, current_app, g, redirect, render_template, request, url_for
from markupsafe import Markup, escape

from aanbodplatform.extensions import db
from aanbodplatform.geo import default_gazetteer
from aanbodplatform.inputs import ascii_int
from aanbodplatform.models.base import utcnow
from aanbodplatform.services.gone_offers import gone_offer, similar_nearby
from aanbodplatform.services.offers import (
    get_published_offer,
    glance_facts_by_id,
    localized_text,
)
from aanbodplatform.services.public_pages import (
    ACCESSIBILITY_STATEMENT_DATE,
    AGENCY_URL,
    get_published_offers,
    location_distances,
    origin_from_args,
    parse_id_list,
    read_check,
)
from aanbodplatform.services.regions import municipalities, regions
from aanbodplatform.services.search import (
    DEFAULT_RADIUS_KM,
    RADIUS_CHOICES_KM,
    nearest_places,
)
from aanbodplatform.services.taxonomy import get_taxonomy
from aanbodplatform.services.translations import reader_text
from aanbodplatform.web import presenters
from aanbodplatform.web.presenters import offer_slug, param_error_message
from aanbodplatform.web.search_presenter import run_search

bp = Blueprint("public", __name__, url_prefix="/<lang>")

#: Presenters the templates call by name.
TEMPLATE_HELPERS = (
    "offer_slug",
    "format_number",
    "format_distance",
    "weekday_name",
    "daypart_label",
    "join_words",
    "schedule_in_words",
    "schedule_summary",
    "date_range",
    "long_date",
    "dutch_level_welcome",
    "my_level_label",
    "level_counts",
    "activity_filter_groups",
    "offer_type_choices",
    "weekday_choices",
    "daypart_choices",
    "shown_choices",
    "offer_type_meeting",
    "session_length",
    "cost_in_words",
    "audience_in_words",
    "join_in_words",
    "criteria_in_words",
    "access_in_words",
    "first_visit_steps",
)
for _name in TEMPLATE_HELPERS:
    bp.add_app_template_global(getattr(presenters, _name), _name)


@bp.app_template_filter("bdi")
def bdi(text: object) -> Markup:
    """Wrap text in <bdi> so numbers and names keep their direction inside other text."""
    return Markup("<bdi>%s</bdi>") % escape(text)


@bp.app_template_filter("place")
def place(text: object) -> Markup:
    """Wrap a place name (always Dutch or French, never translated) so readers and tests know it."""
    return Markup('<bdi class="place" lang="nl">%s</bdi>') % escape(text)


@bp.app_template_filter("time_tag")
def time_tag(value: date | datetime) -> Markup:
    """Return a <time> element with the machine date and the date in words."""
    day = value.date() if isinstance(value, datetime) else value
    return Markup('<time datetime="%s">%s</time>') % (day.isoformat(), presenters.long_date(day))


#: Parameters of a search that describe where the visitor searched from.
ORIGIN_PARAMS = ("near", "lat", "lon")


def _args() -> dict[str, list[str]]:
    return request.args.to_dict(flat=False)


def _url_with(endpoint: str, args: dict[str, list[str]]) -> Callable[..., str]:
    """Return a function that builds `endpoint` URLs from `args` with some parameters changed."""

    def build(**changes: object) -> str:
        merged: dict[str, object] = {k: v for k, v in args.items() if k != "lang"}
        for name, value in changes.items():
            if value is None:
                merged.pop(name, None)
            else:
                merged[name] = value
        return url_for(endpoint, **merged)  # type: ignore[arg-type]

    return build


def _origin_args(args: dict[str, list[str]]) -> dict[str, list[str]]:
    """Return the parameters that say where the visitor searched from (`near`, or `lat`+`lon`)."""
    found = {k: v for k, v in args.items() if k in ORIGIN_PARAMS and any(x.strip() for x in v)}
    if "lat" in found and "lon" in found:
        found.pop("near", None)
    return found


# No slash redirect: "/search" must reach the locale check, not become "/search/" (308).
@bp.get("/", strict_slashes=False)
def home():  # type: ignore[no-untyped-def]
    """Show what the trajectory is, a search box and the offer types."""
    return render_template("home.html", taxonomy=get_taxonomy())


@bp.get("/search")
def search():  # type: ignore[no-untyped-def]
    """Search offers; every filter lives in the query string, as in the API."""
    args = _args()
    page = run_search({**args, "lang": [g.locale_tag]})
    parsed, result = page.parsed, page.result
    selected = {
        name: {part.strip() for raw in values for part in raw.split(",") if part.strip()}
        for name, values in args.items()
    }
    if parsed is not None:
        criteria = parsed.query.criteria
    else:
        criteria = "all" if "all" in selected.get("criteria", ()) else "pnt"
    # Links on result cards carry the origin, so the offer page can say how far it is.
    origin_args = _origin_args(args) if parsed is not None and parsed.query.origin else {}
    places = (
        nearest_places(db.session, result, parsed.query.origin)
        if result is not None and parsed is not None
        else {}
    )
    glance = (
        glance_facts_by_id(db.session, [int(h.document.id) for h in result.hits])
        if result is not None
        else {}
    )
    return (
        render_template(
            "search.html",
            glance=glance,
            parsed=parsed,
            result=result,
            error=param_error_message(page.param_error) if page.param_error else None,
            error_param=page.param_error.param if page.param_error else None,
            unavailable=page.unavailable,
            args=args,
            value=lambda name: (args.get(name) or [""])[-1].strip(),
            selected=selected,
            criteria=criteria,
            facets=result.facets if result is not None else {},
            search_url=_url_with("public.search", args),
            origin_args=origin_args,
            places=places,
            page_count=page.page_count,
            beyond_last_page=page.beyond_last_page,
            taxonomy=get_taxonomy(),
            regions=regions(),
            municipalities=municipalities(),
            radius_choices=RADIUS_CHOICES_KM,
            default_radius_km=DEFAULT_RADIUS_KM,
            # One moment for every card's "may be out of date" (is_stale then reuses its date).
            page_moment=utcnow(),
        ),
        page.status,
    )


@bp.get("/offers/<int:offer_id>-<slug>")
@bp.get("/offers/<int:offer_id>", defaults={"slug": ""})
def offer(offer_id: int, slug: str):  # type: ignore[no-untyped-def]
    """Show one published offer with everything needed to decide and to go."""
    found = get_published_offer(db.session, offer_id)
    if found is None:
        return _gone(offer_id)
    canonical = offer_slug(found.title_nl)
    if slug != canonical:
        kept = {k: v for k, v in _args().items() if k != "lang"}
        return redirect(url_for("public.offer", offer_id=offer_id, slug=canonical, **kept), code=301)
    text = reader_text(found, g.locale_tag)
    args = _args()
    origin = origin_from_args(args, default_gazetteer())
    return render_template(
        "offer.html",
        back_args=_origin_args(args) if origin else {},
        offer=found,
        text=text,
        title=text.title.text,
        summary=text.summary.text,
        origin=origin,
        distances=location_distances(found, origin),
        municipalities=municipalities(),
        taxonomy=get_taxonomy(),
    )


def _gone(offer_id: int):  # type: ignore[no-untyped-def]
    """Answer 410 with similar offers nearby for an offer that was published once; else 404."""
    gone = gone_offer(db.session, offer_id)
    if gone is None:
        abort(404)
    similar = similar_nearby(
        db.session, current_app.extensions["search_engine"], gone, g.locale_tag
    )
    items = [(offer, *localized_text(offer, g.locale_tag)) for offer in similar]
    return render_template("offer_gone.html", offer=gone, items=items), 410


@bp.get("/shortlist")
def shortlist():  # type: ignore[no-untyped-def]
    """Show a shared shortlist (?ids=1,2,3) or, through JavaScript, the one saved in this browser."""
    raw = request.args.getlist("ids")
    ids = parse_id_list(raw)
    offers = get_published_offers(db.session, ids)
    items = [(offer, *localized_text(offer, g.locale_tag)) for offer in offers]
    return render_template(
        "shortlist.html",
        shared=bool(raw),
        items=items,
        municipalities=municipalities(),
        taxonomy=get_taxonomy(),
    )


@bp.get("/check")
def check():  # type: ignore[no-untyped-def]
    """Walk through "Do I need to do this?" one question at a time; nothing is stored."""
    state = read_check(request.args)
    # `step` says which question the form answered; an empty answer shows an error there.
    asked = request.args.get("step", "")
    missing = state.step is not None and ascii_int(asked) == state.step
    return render_template(
        "check.html",
        state=state,
        missing=missing,
        check_url=_url_with("public.check", {k: [v] for k, v in state.answers().items()}),
    )


@bp.get("/faq")
def faq():  # type: ignore[no-untyped-def]
    """Answer the common questions about the participation and network trajectory."""
    return render_template("faq.html", agency_url=AGENCY_URL)


@bp.get("/about")
def about():  # type: ignore[no-untyped-def]
    """Say what the platform is, who runs it and where the data comes from."""
    return render_template("about.html", contact_email=_contact_email())


def _contact_email() -> str:
    """Return the contact address of this deployment (CONTACT_EMAIL)."""
    return current_app.extensions["settings"].contact_email


@bp.get("/privacy")
def privacy():  # type: ignore[no-untyped-def]
    """Say what is stored about whom: nothing about anonymous visitors."""
    settings = current_app.extensions["settings"]
    return render_template(
        "privacy.html",
        contact_email=_contact_email(),
        handover_months=settings.handover_retention_months,
        client_months=settings.client_anonymise_after_months,
    )


@bp.get("/accessibility")
def accessibility():  # type: ignore[no-untyped-def]
    """Publish the accessibility statement that Flemish public websites must have."""
    return render_template(
        "accessibility.html",
        contact_email=_contact_email(),
        statement_date=ACCESSIBILITY_STATEMENT_DATE,
    )
