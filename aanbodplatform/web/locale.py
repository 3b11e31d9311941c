"""The locale in the URL: negotiation, redirects and template helpers."""

from __future__ import annotations

from flask import Flask, current_app, g, redirect, request, url_for
from markupsafe import Markup, escape
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import RequestRedirect

from aanbodplatform.i18n import (
    BY_TAG,
    DEFAULT_LOCALE,
    LANGUAGE_COOKIE,
    LOCALES,
    get_locale,
    negotiate,
)

COOKIE_MAX_AGE = 365 * 24 * 3600


def negotiated_tag() -> str:
    """Return the locale for a request without one in its path."""
    return negotiate(request.cookies.get(LANGUAGE_COOKIE), request.headers.get("Accept-Language"))


def localized_path_for(path: str, tag: str) -> str | None:
    """Return `/<tag><path>` when that path exists in the app, else None."""
    candidate = f"/{tag}{path if path.startswith('/') else '/' + path}"
    try:
        current_app.url_map.bind("localhost").match(candidate, method="GET")
    except RequestRedirect as exc:
        return exc.new_url.split("localhost", 1)[-1]
    except (NotFound, MethodNotAllowed):
        return None
    return candidate


def switch_url(tag: str) -> str:
    """Return the current page in another locale, keeping the query string."""
    # Every page links to itself in all 14 locales twice (head and language menu): build once
    # per request (kept on the request itself: an app context, and its `g`, can outlive one).
    current = request._get_current_object()  # type: ignore[attr-defined]
    built: dict[str, str] | None = getattr(current, "aanbod_switch_urls", None)
    if built is None:
        built = current.aanbod_switch_urls = {}
    if tag not in built:
        built[tag] = _switch_url(tag)
    return built[tag]


def alternate_links() -> Markup:
    """Return the <link rel="alternate"> of the current page in every locale, for the <head>."""
    links = [
        f'\n  <link rel="alternate" hreflang="{loc.tag}" href="{escape(switch_url(loc.tag))}">'
        for loc in LOCALES
    ]
    links.append(f'\n  <link rel="alternate" hreflang="x-default" href="{escape(switch_url(DEFAULT_LOCALE))}">')
    # Built in Python: 29 links on every page were more Jinja calls than the rest of the header.
    return Markup("".join(links))


def language_menu_items(current: str) -> Markup:
    """Return the language menu's items: each locale's name, in itself, linking to this page."""
    marks = {current: ' aria-current="true"'}
    return Markup("".join(
        f'\n            <li><a href="{escape(switch_url(loc.tag))}" lang="{loc.tag}" dir="{loc.direction}" '
        f'hreflang="{loc.tag}"{marks.get(loc.tag, "")}>{escape(loc.autonym)}</a></li>'
        for loc in LOCALES
    ))


#: Stands in for the locale tag in the one link `_switch_url` builds with url_for per request.
_TAG_MARK = "aanbod-locale-tag"


def _switch_url(tag: str) -> str:
    # url_for builds the page's link once, with a mark for the tag; each locale's link is that
    # link with its own tag (the same as url_for's, tested), at a fraction of the cost.
    current = request._get_current_object()  # type: ignore[attr-defined]
    template: str | None = getattr(current, "aanbod_switch_url_template", None)
    if template is None:
        template = current.aanbod_switch_url_template = _switch_url_built(_TAG_MARK)
    before, mark, after = template.partition(f"/{_TAG_MARK}")
    if not mark or _TAG_MARK in after:
        return _switch_url_built(tag)
    return f"{before}/{tag}{after}"


def _switch_url_built(tag: str) -> str:
    args = dict(request.view_args or {})
    # `_pull_lang` has already popped "lang" from view_args: ask the URL map instead.
    if request.endpoint and current_app.url_map.is_endpoint_expecting(request.endpoint, "lang"):
        args["lang"] = tag
        query = request.query_string.decode("latin-1")
        url = url_for(request.endpoint, **args)
        return f"{url}?{query}" if query else url
    return url_for("public.home", lang=tag)


def init_app(app: Flask) -> None:
    """Install the locale hooks and the template context."""

    @app.url_defaults
    def _add_lang(endpoint: str, values: dict) -> None:
        if "lang" in values or not endpoint:
            return
        if app.url_map.is_endpoint_expecting(endpoint, "lang"):
            values["lang"] = getattr(g, "locale_tag", DEFAULT_LOCALE)

    @app.url_value_preprocessor
    def _pull_lang(_endpoint: str | None, values: dict | None) -> None:
        if values and "lang" in values:
            tag = values.pop("lang")
            g.locale_tag = tag if tag in BY_TAG else DEFAULT_LOCALE
            g.unknown_locale = tag not in BY_TAG
            g.requested_locale = tag

    @app.before_request
    def _reject_unknown_locale():  # type: ignore[no-untyped-def]
        if getattr(g, "unknown_locale", False):
            # "/search" parses as lang="search": send it to the negotiated locale.
            target = localized_path_for(request.path, negotiated_tag())
            if target:
                query = request.query_string.decode("latin-1")
                return redirect(f"{target}?{query}" if query else target, code=302)
            raise NotFound()
        return None

    @app.after_request
    def _remember_locale(response):  # type: ignore[no-untyped-def]
        tag = getattr(g, "locale_tag", None)
        if tag and not getattr(g, "unknown_locale", False) and request.view_args is not None:
            if request.cookies.get(LANGUAGE_COOKIE) != tag and response.status_code < 400:
                response.set_cookie(
                    LANGUAGE_COOKIE,
                    tag,
                    max_age=COOKIE_MAX_AGE,
                    samesite="Lax",
                    secure=request.is_secure,
                    httponly=True,
                )
        return response

    @app.context_processor
    def _locale_context() -> dict:
        tag = getattr(g, "locale_tag", DEFAULT_LOCALE)
        return {
            "locale": get_locale(tag),
            "locales": LOCALES,
            "switch_url": switch_url,
            "alternate_links": alternate_links,
            "language_menu_items": language_menu_items,
        }
