"""The aanbodplatform application: `create_app()` binds settings, extensions and blueprints.

The package is not called `platform`: that name would shadow the standard library.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path

from flask import Flask, g, request

from aanbodplatform.config import Settings, load_settings
from aanbodplatform.digits import AsciiDigitsRequest
from aanbodplatform.digits import install_jinja as install_digits
from aanbodplatform.extensions import babel, csrf, db, limiter, login_manager
from aanbodplatform.i18n import DEFAULT_LOCALE, get_locale
from aanbodplatform.resources import resource_path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
log = logging.getLogger(__name__)


def select_locale() -> str:
    """Return the Babel identifier of the locale of the current request."""
    tag = getattr(g, "locale_tag", None) or DEFAULT_LOCALE
    return get_locale(tag).babel_id


def create_app(
    config: Settings | Mapping[str, str] | None = None,
) -> Flask:
    """Build the Flask application from `config` (settings or an environment mapping)."""
    settings = config if isinstance(config, Settings) else load_settings(config)
    settings.instance_path.mkdir(parents=True, exist_ok=True)

    app = Flask(
        __name__,
        instance_path=str(settings.instance_path),
        template_folder=str(resource_path("templates")),
        static_folder="static",
    )
    app.config.update(
        SECRET_KEY=settings.secret_key,
        DEBUG=settings.debug,
        TESTING=settings.app_env == "test",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.is_production,
        REMEMBER_COOKIE_SECURE=settings.is_production,
        WTF_CSRF_TIME_LIMIT=None,
        BABEL_TRANSLATION_DIRECTORIES=str(settings.translations_dir),
        BABEL_DEFAULT_LOCALE="nl",
        JSON_SORT_KEYS=False,
        MAX_CONTENT_LENGTH=10 * 1024 * 1024,
        RATELIMIT_STORAGE_URI=settings.ratelimit_storage_uri,
        RATELIMIT_KEY_PREFIX=settings.ratelimit_key_prefix,
        # A Redis outage must not take sign-in down: fall back to per-process counters.
        RATELIMIT_IN_MEMORY_FALLBACK_ENABLED=settings.ratelimit_storage_uri != "memory://",
    )
    if settings.trusted_proxies:
        from werkzeug.middleware.proxy_fix import ProxyFix

        # Only as many hops as there are proxies we run: a visitor cannot forge the address.
        n = settings.trusted_proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)  # type: ignore[method-assign]
    app.extensions["settings"] = settings
    from aanbodplatform.inputs import IdConverter

    # Before any blueprint is registered: every `<int:…>` route takes ASCII ids in range only.
    app.url_map.converters["int"] = IdConverter

    db.init_app(app, settings.database_url)
    babel.init_app(app, locale_selector=select_locale)
    install_digits(app)
    app.request_class = AsciiDigitsRequest
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)

    from aanbodplatform.search import init_search

    init_search(app, settings)

    from aanbodplatform.jobs import configure_jobs

    configure_jobs(app, settings)

    from aanbodplatform import observability

    if settings.app_env != "test":
        observability.configure_logging(settings.log_format)
    observability.init_app(app, db.engine, settings.metrics_token)

    from aanbodplatform.web import register_web

    register_web(app)

    from aanbodplatform.cli import register_cli

    register_cli(app)

    @app.before_request
    def _refuse_nul_characters():  # type: ignore[no-untyped-def]
        from flask import abort

        from aanbodplatform.inputs import has_nul

        if has_nul(request.args) or (request.method != "GET" and has_nul(request.form)):
            abort(400)
        return None

    @app.after_request
    def _security_headers(response):  # type: ignore[no-untyped-def]
        # No inline script anywhere: the CSP forbids it, and the templates comply.
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data: https://tile.openstreetmap.org; "
            "style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; "
            "frame-ancestors 'none'; form-action 'self'",
        )
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("Permissions-Policy", "geolocation=(self), camera=()")
        # Nothing may be framed, except a page that says so itself in its CSP (the widget
        # municipalities embed): X-Frame-Options would override its frame-ancestors in
        # older browsers.
        if "frame-ancestors 'none'" in response.headers.get("Content-Security-Policy", ""):
            response.headers.setdefault("X-Frame-Options", "DENY")
        if settings.is_production:
            response.headers.setdefault(
                "Strict-Transport-Security", "max-age=63072000; includeSubDomains"
            )
        if request.path.startswith("/api/"):
            response.headers.setdefault("Access-Control-Allow-Origin", "*")
        return response

    return app
