"""The services' domain errors as HTTP answers, for every blueprint that calls services."""

from __future__ import annotations

from flask import Blueprint, flash, g

from aanbodplatform.digits import gettext as _
from aanbodplatform.services.accounts import TokenError
from aanbodplatform.services.authz import InvalidTransition, NotFound, PermissionDenied
from aanbodplatform.web.errors import render_error
from aanbodplatform.web.guard import back_or


def install_error_handlers(bp: Blueprint) -> None:
    """Map the services' domain errors to HTTP answers for the blueprint's views."""

    @bp.errorhandler(PermissionDenied)
    def _forbidden(_exc: PermissionDenied):  # type: ignore[no-untyped-def]
        return render_error(403)

    @bp.errorhandler(NotFound)
    def _missing(_exc: NotFound):  # type: ignore[no-untyped-def]
        return render_error(404)

    @bp.errorhandler(InvalidTransition)
    def _conflict(_exc: InvalidTransition):  # type: ignore[no-untyped-def]
        flash(_("This is not possible now. The page shows the current state."), "error")
        return back_or("public.home", lang=getattr(g, "locale_tag", "nl"))

    @bp.errorhandler(TokenError)
    def _token(exc: TokenError):  # type: ignore[no-untyped-def]
        if exc.expired:
            return render_error(400, _("This link has expired. Ask for a new one."))
        return render_error(400, _("This link is not valid. Check that you copied all of it."))
