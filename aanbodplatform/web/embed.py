"""The embeddable widget: a municipality shows its local offer on its own website.

One `<iframe>` of a light, script-free page; the criteria filter is always on. The
builder page gives the snippet to copy in any of the 14 languages.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, g, render_template, request, url_for

from aanbodplatform.extensions import db
from aanbodplatform.geo import default_gazetteer
from aanbodplatform.services.regions import municipalities
from aanbodplatform.services.search import nearest_places, parse_search, search_offers
from aanbodplatform.services.taxonomy import get_taxonomy
from search_index import SearchError

bp = Blueprint("embed", __name__, url_prefix="/<lang>/embed")
#: Choices for the widget's reach around the municipality centre.
WIDGET_RADII_KM = (5, 10, 15, 25)
DEFAULT_RADIUS_KM = 10
WIDGET_SIZES = (5, 10, 20)
DEFAULT_SIZE = 10
# The widget lives inside other sites: it may be framed anywhere, and still runs no script.
EMBED_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'none'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors *"
)


def _choice(name: str, choices: tuple[int, ...], default: int) -> int:
    raw = request.args.get(name, "").strip()
    if not raw:
        return default
    if not (raw.isascii() and raw.isdigit()) or int(raw) not in choices:
        abort(400)
    return int(raw)


@bp.get("/municipality/<nis>")
def widget(nis: str):  # type: ignore[no-untyped-def]
    """Show the PNT offers near one municipality, as a page made to be framed."""
    info = municipalities().get(nis)
    if info is None:
        abort(404)
    radius = _choice("radius_km", WIDGET_RADII_KM, DEFAULT_RADIUS_KM)
    size = _choice("size", WIDGET_SIZES, DEFAULT_SIZE)
    args = {
        "lang": [g.locale_tag], "criteria": ["pnt"], "lat": [str(info.lat)],
        "lon": [str(info.lon)], "radius_km": [str(radius)], "sort": ["distance"],
        "page_size": [str(size)],
    }
    parsed = parse_search(args, default_gazetteer(), facets=())
    status = 200
    try:
        result = search_offers(current_app.extensions["search_engine"], parsed.query)
    except SearchError:
        result, status = None, 503
    places = nearest_places(db.session, result, parsed.query.origin) if result else {}
    more_url = url_for("public.search", near=info.name_nl, radius_km=radius, _external=True)
    response = current_app.make_response((
        render_template("embed/widget.html", info=info, result=result, radius=radius,
                        places=places, more_url=more_url, taxonomy=get_taxonomy()),
        status,
    ))
    response.headers["Content-Security-Policy"] = EMBED_CSP
    response.headers["Cache-Control"] = "public, max-age=600"
    return response


@bp.get("/")
def builder():  # type: ignore[no-untyped-def]
    """Let a municipality choose its place, language and reach, and copy the snippet."""
    all_places = sorted(municipalities().values(), key=lambda m: m.name_nl)
    nis = request.args.get("municipality", "").strip()
    chosen = municipalities().get(nis) if nis else None
    if nis and chosen is None:
        abort(400)
    radius = _choice("radius_km", WIDGET_RADII_KM, DEFAULT_RADIUS_KM)
    size = _choice("size", WIDGET_SIZES, DEFAULT_SIZE)
    src = None
    if chosen is not None:
        src = url_for("embed.widget", nis=chosen.nis_code, radius_km=radius, size=size,
                      _external=True)
    return render_template("embed/builder.html", places=all_places, chosen=chosen, src=src,
                           radius=radius, size=size, radii=WIDGET_RADII_KM, sizes=WIDGET_SIZES)
