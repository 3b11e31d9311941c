"""Shared plumbing of the signed-in pages: the current user, domain errors → HTTP, form helpers."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import wraps
from typing import Any
from urllib.parse import quote, urlsplit

from flask import Blueprint, current_app, flash, g, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import Form
from wtforms.fields import FieldList, FormField

from aanbodplatform.config import Settings
from aanbodplatform.extensions import login_manager
from aanbodplatform.models import User
from aanbodplatform.services.accounts import TokenError
from aanbodplatform.services.authz import InvalidTransition, NotFound, PermissionDenied
from aanbodplatform.web.errors import render_error


def settings() -> Settings:
    """Return the app's settings."""
    return current_app.extensions["settings"]


def actor() -> User | None:
    """Return the signed-in user, or None for visitors."""
    if current_user and current_user.is_authenticated:
        return current_user._get_current_object()  # type: ignore[attr-defined]
    return None


def login_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Send visitors to the sign-in page (and back afterwards) before running `view`."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if actor() is None:
            return login_manager.unauthorized()
        return view(*args, **kwargs)

    return wrapper


def safe_next(target: str | None) -> str | None:
    """Return `target` rebuilt from its parsed path, query and fragment when it is a path on
    this site (never another host), else None.

    Rebuilding (and percent-encoding) the parts means no CR, LF or other control character
    from the query string ever reaches a `Location` header.
    """
    if not target:
        return None
    # Browsers drop tab, CR and LF from URLs; parse what they would follow.
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or "\\" in target:
        return None
    path = parts.path
    if not path.startswith("/") or path.startswith("//"):
        return None
    rebuilt = quote(path, safe=_PATH_SAFE)
    if parts.query:
        rebuilt += "?" + quote(parts.query, safe=_QUERY_SAFE)
    if parts.fragment:
        rebuilt += "#" + quote(parts.fragment, safe=_QUERY_SAFE)
    return rebuilt


#: Characters kept as they are when a `next` path or query is rebuilt (RFC 3986 pchar + %).
_PATH_SAFE = "/%:@-._~!$&'()*+,;="
_QUERY_SAFE = _PATH_SAFE + "?"


def back_or(endpoint: str, **values: Any):  # type: ignore[no-untyped-def]
    """Redirect to the page the form came from when it is ours, else to `endpoint`."""
    referrer = request.referrer or ""
    parts = urlsplit(referrer)
    if referrer and parts.netloc == request.host:
        local = safe_next(parts.path + (f"?{parts.query}" if parts.query else ""))
        if local:
            return redirect(local)
    return redirect(url_for(endpoint, **values))


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


def attach_errors(form: Form, errors: Mapping[str, str]) -> list[str]:
    """Put service errors on the form's fields (``contacts-0-email`` style keys); return the rest."""
    unplaced: list[str] = []
    for key, message in errors.items():
        field = _find_field(form, key)
        if field is None:
            unplaced.append(message)
            continue
        field.errors = [*list(field.errors or []), message]
    return unplaced


def _find_field(form: Form, key: str):  # type: ignore[no-untyped-def]
    if key in form._fields:
        return form._fields[key]
    for name, field in form._fields.items():
        if not key.startswith(name + "-"):
            continue
        rest = key[len(name) + 1 :]
        if isinstance(field, FieldList):
            index, _sep, sub = rest.partition("-")
            # Entries keep the index they were posted with, which is not their list position
            # when rows were left out.
            entry = next((e for e in field.entries if e.name == f"{field.name}-{index}"), None)
            if entry is not None:
                if isinstance(entry, FormField) and sub:
                    return _find_field(entry.form, sub)
                return entry
        elif isinstance(field, FormField):
            return _find_field(field.form, rest)
    return None


def iter_errors(form: Form, row: int | None = None):  # type: ignore[no-untyped-def]
    """Yield (field id, label text, message) for every error on the form, in field order."""
    for field in form:
        if isinstance(field, FieldList):
            for number, entry in enumerate(field.entries, start=1):
                if isinstance(entry, FormField):
                    yield from iter_errors(entry.form, number)
                else:
                    for message in entry.errors or []:
                        yield entry.id, _row_label(str(entry.label.text), number), message
        elif isinstance(field, FormField):
            yield from iter_errors(field.form, row)
        else:
            errors = field.errors
            if isinstance(errors, dict):
                continue
            for message in errors or []:
                yield field.id, _row_label(str(field.label.text), row), message


def _row_label(label: str, row: int | None) -> str:
    # In repeated blocks (places, moments, people) the summary says which one.
    if row is None:
        return label
    return _("%(label)s (number %(num)d)", label=label, num=row)


# The label presenters moved to web/labels.py; they stay importable from here.
from aanbodplatform.web.labels import (  # noqa: E402
    COUNTER_FROM,
    counter_for,
    decision_text,
    field_label,
    field_value,
    history_comment,
    init_templates,
    locale_direction,
    precision_label,
    role_label,
    status_label,
)

__all__ = [
    "COUNTER_FROM",
    "actor",
    "attach_errors",
    "back_or",
    "counter_for",
    "decision_text",
    "field_label",
    "field_value",
    "history_comment",
    "init_templates",
    "install_error_handlers",
    "iter_errors",
    "locale_direction",
    "login_required",
    "precision_label",
    "role_label",
    "safe_next",
    "settings",
    "status_label",
]
