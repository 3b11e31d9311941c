"""The JSON API: search and read published offers, suggest places."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request, url_for
from flask_babel import force_locale

from aanbodplatform.digits import gettext as _
from aanbodplatform.extensions import csrf, db
from aanbodplatform.geo import default_gazetteer
from aanbodplatform.i18n import BY_TAG, DEFAULT_LOCALE, get_locale
from aanbodplatform.inputs import MAX_ID
from aanbodplatform.services import hsds
from aanbodplatform.services.offers import get_published_offer, localized_text
from aanbodplatform.services.regions import municipalities
from aanbodplatform.services.search import (
    nearest_places,
)
from aanbodplatform.web.presenters import offer_slug, param_error_message
from aanbodplatform.web.search_presenter import run_search

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)


def _api_locale() -> str:
    lang = request.args.get("lang", DEFAULT_LOCALE)
    return lang if lang in BY_TAG else DEFAULT_LOCALE


def _error(status: int, param: str | None, message: str):  # type: ignore[no-untyped-def]
    body: dict[str, object] = {"status": status, "message": message}
    if param:
        body["param"] = param
    return jsonify({"error": body}), status


def _offer_url_builder(lang: str):  # type: ignore[no-untyped-def]
    # Building 20 URLs through the router costs a third of a fast request: route once,
    # then fill in each offer's id and slug.
    marker = "999999999-slug-marker"
    head, tail = url_for("public.offer", lang=lang, offer_id=999999999, slug="slug-marker").split(marker)
    return lambda offer_id, slug: f"{head}{offer_id}-{slug}{tail}"


@bp.get("/offers")
def list_offers():  # type: ignore[no-untyped-def]
    """Search published offers.
    ---
    get:
      summary: Search published offers
      description: >-
        Full-text search in any of the 14 languages with filters, distance and facets.
        The same parameters as the search page, so a search can be shared as a link.
      tags: [offers]
      parameters:
      - in: query
        schema: OfferSearchArgs
      responses:
        200:
          description: A page of hits with facet counts.
          content:
            application/json:
              schema: OfferSearchResult
        400:
          description: A parameter is invalid; `param` names it.
          content:
            application/json:
              schema: Error
        503:
          description: The search engine is not available.
          content:
            application/json:
              schema: Error
    """
    locale = _api_locale()
    with force_locale(get_locale(locale).babel_id):
        page = run_search(request.args.to_dict(flat=False))
        if page.param_error is not None:
            return _error(page.status, page.param_error.param, param_error_message(page.param_error))
        if page.parsed is None or page.result is None:
            return _error(page.status, None, _("Search is not available right now. Try again later."))
    parsed, result = page.parsed, page.result
    query = parsed.query
    places = nearest_places(db.session, result, query.origin)
    offer_url = _offer_url_builder(query.locale)
    hits = []
    for hit in result.hits:
        doc = hit.document
        has_translation = query.locale in doc.title and query.locale != "nl"
        content_lang = query.locale if has_translation else "nl"
        info = municipalities().get(doc.municipality)
        hits.append(
            {
                "id": doc.id,
                "title": doc.title.get(content_lang, doc.title.get("nl", "")),
                "summary": doc.summary.get(content_lang, doc.summary.get("nl", "")),
                "content_lang": content_lang,
                "highlights": dict(hit.highlights),
                "offer_type": doc.offer_type,
                "activities": list(doc.activities),
                "organisation": doc.organisation,
                "municipality": places.get(doc.id, doc.municipality_name),
                "municipality_nis": doc.municipality,
                "region": doc.region,
                "region_name": info.region_name if info else None,
                "distance_m": round(hit.distance_m) if hit.distance_m is not None else None,
                "pnt_eligible": doc.pnt_eligible,
                "weekdays": list(doc.weekdays),
                "dayparts": list(doc.dayparts),
                "free": doc.free,
                "wheelchair": doc.wheelchair,
                "dutch_level": doc.dutch_level,
                "url": offer_url(doc.id, offer_slug(doc.title.get("nl", ""))),
            }
        )
    body = {
        "total": result.total,
        "page": result.page,
        "page_size": result.page_size,
        "sort": query.effective_sort(),
        "radius_km": query.radius_km,
        "defaults": {"sort": parsed.default_sort, "radius_km": parsed.default_radius},
        "search_further": list(parsed.further_radii(result.total)),
        "origin": {"lat": query.origin.lat, "lon": query.origin.lon}
        if query.origin
        else None,
        "place": parsed.place.label if parsed.place else None,
        "hits": hits,
        # Query words not searched because no offer matches them with the others.
        "left_out": list(result.left_out),
        "facets": {k: dict(v) for k, v in result.facets.items()},
        "took_ms": round(result.took_ms, 2),
    }
    return jsonify(body)


@bp.get("/offers/<int:offer_id>")
def get_offer(offer_id: int):  # type: ignore[no-untyped-def]
    """Return one published offer.
    ---
    get:
      summary: Read one published offer
      tags: [offers]
      parameters:
      - in: path
        name: offer_id
        required: true
        schema: {type: integer, minimum: 1, maximum: 2147483647}
        description: The offer's id.
      - in: query
        schema: ApiLangArgs
      responses:
        200:
          description: The offer, in the requested language where translated.
          content:
            application/json:
              schema: OfferDetail
        400:
          description: The request holds a NUL character.
          content:
            application/json:
              schema: Error
        404:
          description: No published offer has this id.
          content:
            application/json:
              schema: Error
    """
    locale = _api_locale()
    # Larger ids cannot be stored; asking the database for one would fail, not miss.
    offer = get_published_offer(db.session, offer_id) if offer_id <= MAX_ID else None
    if offer is None:
        with force_locale(get_locale(locale).babel_id):
            return _error(404, "id", _("This offer does not exist or is no longer published."))
    title, summary, content_lang, translator = localized_text(offer, locale)
    info = municipalities().get(offer.locations[0].municipality_nis) if offer.locations else None
    return jsonify(
        {
            "id": str(offer.id),
            "title": title,
            "summary": summary,
            "content_lang": content_lang,
            "translated_by": translator,
            "title_nl": offer.title_nl,
            "summary_nl": offer.summary_nl,
            "description_nl": offer.description_nl,
            "offer_type": offer.offer_type,
            "activities": offer.activity_codes,
            "organisation": offer.organisation.name,
            "municipality": info.name_nl if info else None,
            "region": info.region_code if info else None,
            "locations": [
                {
                    "name": loc.name,
                    "street": loc.street,
                    "postcode": loc.postcode,
                    "municipality": municipalities()[loc.municipality_nis].name_nl
                    if loc.municipality_nis in municipalities()
                    else None,
                    "lat": loc.lat,
                    "lon": loc.lon,
                    "precision": loc.precision,
                }
                for loc in offer.locations
            ],
            "schedule": {
                "kind": offer.schedule_kind,
                "slots": [
                    {
                        "weekday": s.weekday,
                        "daypart": s.daypart,
                        "starts_at": s.starts_at.strftime("%H:%M") if s.starts_at else None,
                        "ends_at": s.ends_at.strftime("%H:%M") if s.ends_at else None,
                    }
                    for s in offer.slots
                ],
                "start_date": offer.start_date.isoformat() if offer.start_date else None,
                "end_date": offer.end_date.isoformat() if offer.end_date else None,
            },
            "dutch_level": offer.dutch_level,
            "free": offer.free,
            "wheelchair": offer.wheelchair,
            "criteria": {
                "dutch_context": offer.dutch_context,
                "dutch_context_evidence": offer.dutch_context_evidence,
                "social_participation": offer.social_participation,
                "social_participation_evidence": offer.social_participation_evidence,
                "pnt_eligible": offer.pnt_eligible,
            },
            "confirmed_at": offer.confirmed_at.isoformat() if offer.confirmed_at else None,
            "url": url_for(
                "public.offer", lang=locale, offer_id=offer.id, slug=offer_slug(offer.title_nl)
            ),
        }
    )


@bp.get("/places")
def suggest_places():  # type: ignore[no-untyped-def]
    """Suggest places (postcode, municipality, locality) for type-ahead, biggest first.

    Names in other languages and scripts are known ("Gand", "Гент"); with `lang`, each
    place is labelled in that language when its name there is known: "Гент (Gent)".
    ---
    get:
      summary: Suggest places
      description: >-
        Postcodes, municipalities and localities starting with `q`, municipalities by
        population first; names in other languages and scripts are known.
      tags: [places]
      parameters:
      - in: query
        schema: PlaceArgs
      responses:
        200:
          description: Up to eight places, most likely first.
          content:
            application/json:
              schema: PlaceList
        400:
          description: The request holds a NUL character.
          content:
            application/json:
              schema: Error
    """
    prefix = request.args.get("q", "")[:100]
    lang = request.args.get("lang", "")
    gazetteer = default_gazetteer()
    places = gazetteer.suggest(prefix, limit=8)
    return jsonify(
        {
            "places": [
                {
                    "label": gazetteer.display_label(p, lang if lang in BY_TAG else None),
                    "name": p.label,
                    "postcode": p.postcode,
                    "municipality": p.municipality_name,
                    "lat": p.lat,
                    "lon": p.lon,
                    "precision": p.precision,
                }
                for p in places
            ]
        }
    )


@bp.get("/hsds/services")
def hsds_services():  # type: ignore[no-untyped-def]
    """List published offers as Open Referral HSDS 3.0 services.
    ---
    get:
      summary: Published offers as HSDS 3.0 services
      description: >-
        Fully nested Open Referral HSDS 3.0 `service` records, paged. The PNT criteria
        and their evidence travel as `attributes` of the taxonomy `aanbodplatform-pnt`
        (see docs/open-data.md).
      tags: [open data]
      parameters:
      - in: query
        schema: HsdsPageArgs
      responses:
        200:
          description: One page of services.
          content:
            application/json:
              schema: HsdsServicePage
        400:
          description: A parameter is invalid.
          content:
            application/json:
              schema: Error
    """
    locale = _api_locale()
    with force_locale(get_locale(locale).babel_id):
        try:
            page = _positive_int("page", 1, hsds.MAX_PAGE)
            per_page = _positive_int("per_page", hsds.DEFAULT_PER_PAGE, hsds.MAX_PER_PAGE)
        except ValueError as exc:
            return _error(
                400, str(exc.args[0]), _("Use a whole number from 1 to %(max)d.", max=int(exc.args[1]))
            )
    page_url = _offer_url_builder("nl")
    body = hsds.services_page(
        db.session, page=page, per_page=per_page,
        url_for_offer=lambda o: request.host_url.rstrip("/")
        + page_url(o.id, offer_slug(o.title_nl)),
    )
    return jsonify(body)


def _positive_int(name: str, default: int, high: int) -> int:
    raw = request.args.get(name, "").strip()
    if not raw:
        return default
    # ASCII digits only: int() would also take "²" or Arabic-Indic digits.
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= high:
        raise ValueError(name, high)
    return int(raw)


@bp.get("/openapi.json")
def openapi_document():  # type: ignore[no-untyped-def]
    """Return the OpenAPI 3.1 description of this API (generated from the code)."""
    from aanbodplatform.web.openapi import build_spec

    return jsonify(build_spec(current_app))
