"""Friendly error pages in the page language, JSON errors on the API; never a bare 500."""

from __future__ import annotations

import logging

from flask import Flask, g, jsonify, redirect, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from aanbodplatform.digits import gettext as _
from aanbodplatform.extensions import db
from aanbodplatform.i18n import BY_TAG
from aanbodplatform.web.locale import localized_path_for, negotiated_tag

log = logging.getLogger(__name__)


def _messages() -> dict[int, tuple[str, str]]:
    return {
        400: (_("Something in the request is not right"), _("Check what you filled in and try again.")),
        403: (_("You cannot open this page"), _("Sign in with an account that may see it, or go back.")),
        404: (_("We cannot find this page"), _("The link may be old or mistyped. Start again from the home page or search for an offer.")),
        405: (_("This action is not possible here"), _("Go back and try again.")),
        410: (_("This link no longer works"), _("Ask the person who gave it to you for a new one.")),
        413: (_("The file is too large"), _("Choose a smaller file and try again.")),
        429: (_("Too many attempts"), _("Wait a few minutes and try again.")),
        500: (_("Something went wrong on our side"), _("Try again in a moment. If it keeps happening, tell us.")),
        503: (_("The service is busy or under maintenance"), _("Try again in a few minutes.")),
    }


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def render_error(code: int, detail: str | None = None):  # type: ignore[no-untyped-def]
    """Return the error page (or JSON on the API) for an HTTP status code."""
    if _wants_json():
        title, _hint = _messages().get(code, _messages()[500])
        body = {"status": code, "message": detail or title}
        if getattr(g, "request_id", None):
            body["request_id"] = g.request_id
        return jsonify({"error": body}), code
    title, hint = _messages().get(code, _messages()[500])
    return (
        render_template(
            "error.html",
            code=code,
            title=title,
            hint=hint,
            detail=detail,
            request_id=getattr(g, "request_id", None),
            unknown_locale=getattr(g, "unknown_locale", False),
        ),
        code,
    )


def init_app(app: Flask) -> None:
    """Register the error handlers."""

    @app.errorhandler(CSRFError)
    def _csrf(exc: CSRFError):  # type: ignore[no-untyped-def]
        return render_error(400, _("The form expired. Reload the page and send it again."))

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):  # type: ignore[no-untyped-def]
        code = exc.code or 500
        segment = request.path.strip("/").split("/", 1)[0]
        if not hasattr(g, "locale_tag") and segment in BY_TAG:
            # No route matched, but the path names a locale: answer in that language.
            g.locale_tag = segment
        if code == 404 and not hasattr(g, "locale_tag") and not _wants_json():
            target = localized_path_for(request.path, negotiated_tag())
            if target and target != request.path:
                query = request.query_string.decode("latin-1")
                return redirect(f"{target}?{query}" if query else target, code=302)
            if segment and segment not in BY_TAG:
                g.unknown_locale = True
        if not hasattr(g, "locale_tag"):
            g.locale_tag = "nl" if getattr(g, "unknown_locale", False) else negotiated_tag()
        return render_error(code)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):  # type: ignore[no-untyped-def]
        log.exception("unhandled error on %s", request.path)
        db.session.rollback()
        if not hasattr(g, "locale_tag"):
            g.locale_tag = negotiated_tag()
        return render_error(500)
