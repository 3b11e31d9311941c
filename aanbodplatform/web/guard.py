"""Shared plumbing of the signed-in pages: the current user, domain errors → HTTP, form helpers."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

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
    """Return `target` when it is a path on this site (never another host), else None."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target:
        return None
    return target


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


# --- words for states and codes, in the page language -----------------------------------


def role_label(role: str) -> str:
    """Return a role in the active language."""
    labels = {
        "organisation_member": _("Organisation"),
        "counsellor": _("Counsellor (trajectbegeleider)"),
        "guide": _("Guide"),
        "moderator": _("Local government (moderator)"),
        "admin": _("Administrator"),
    }
    return labels.get(role, role)


def status_label(status: str) -> str:
    """Return an offer status in the active language."""
    labels = {
        "draft": _("Draft"),
        "submitted": _("Waiting for the local government"),
        "published": _("Published"),
        "changes_requested": _("Changes requested"),
        "archived": _("Not published"),
    }
    return labels.get(status, status)


def history_comment(comment: str | None) -> str | None:
    """Return a history comment, turning the system's codes into sentences."""
    from aanbodplatform.services.freshness import CONFIRMED_BACK_CODE, EXPIRED_CODE
    from aanbodplatform.services.offer_editing import ARCHIVED_BY_ORGANISATION

    codes = {
        EXPIRED_CODE: _("Unpublished because nobody confirmed it for 12 months."),
        CONFIRMED_BACK_CODE: _("Published again after the organisation confirmed it."),
        ARCHIVED_BY_ORGANISATION: _("Taken offline by the organisation."),
    }
    return codes.get(comment or "", comment)


def decision_text(kind: str, title: str) -> str:
    """Return the sentence that tells an organisation what a moderator decided."""
    texts = {
        "published": _("Your offer “%(title)s” is checked and published.", title=title),
        "edit_approved": _("Your change to “%(title)s” is checked and published.", title=title),
        "changes_requested": _(
            "The local government asks you to change your offer “%(title)s” before it is published.",
            title=title,
        ),
        "edit_returned": _(
            "The local government asks you to look again at your change to “%(title)s”. The published version stays online.",
            title=title,
        ),
        "rejected": _("The local government did not accept your offer “%(title)s”.", title=title),
        "edit_rejected": _(
            "The local government did not accept your change to “%(title)s”. The published version stays online.",
            title=title,
        ),
        "unpublished": _("The local government took your offer “%(title)s” offline.", title=title),
    }
    return texts.get(kind, title)


def field_label(name: str) -> str:
    """Return the name of an offer field a moderator compares, in the active language."""
    labels = {
        "offer_type": _("Type of offer"),
        "dutch_context": _("Practise Dutch with fluent speakers"),
        "dutch_context_evidence": _("How participants practise Dutch"),
        "social_participation": _("Meet new people"),
        "social_participation_evidence": _("How participants meet new people"),
    }
    return labels.get(name, name)


def field_value(name: str, value: Any) -> str:
    """Return an offer field's value as text (yes/no, the type's label)."""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if name == "offer_type":
        from aanbodplatform.services.taxonomy import get_taxonomy

        term = get_taxonomy().offer_types.get(str(value))
        return term.label(getattr(g, "locale_tag", "nl")) if term else str(value)
    return "" if value is None else str(value)


def precision_label(precision: str) -> str:
    """Return how precise a point on the map is, in the active language."""
    labels = {
        "address": _("the address"),
        "locality": _("the village or district"),
        "postcode": _("the postcode"),
        "municipality": _("the municipality"),
    }
    return labels.get(precision, precision)


def locale_direction(tag: str) -> str:
    """Return the writing direction (ltr or rtl) of a UI language."""
    from aanbodplatform.i18n import BY_TAG

    return BY_TAG[tag].direction if tag in BY_TAG else "ltr"


#: Text fields with at least this many characters allowed get a live counter.
COUNTER_FROM = 60


def counter_for(field: Any) -> int | None:
    """Return the character limit of a text field (shown with a live counter), if any."""
    limit = (getattr(field, "render_kw", None) or {}).get("maxlength")
    # Short fields (postcode, phone) need no counter; the browser stops at the limit.
    return int(limit) if limit and int(limit) >= COUNTER_FROM else None


def init_templates(app: Any) -> None:
    """Make the helpers above available in every template (emails included)."""
    from aanbodplatform.digits import format_date, format_datetime
    from aanbodplatform.services.freshness import is_stale
    from aanbodplatform.services.reports import reason_label

    app.jinja_env.globals.update(
        # For the public pages too: is_stale(offer) or is_stale(document.confirmed_at).
        is_stale=is_stale,
        format_date=format_date,
        format_datetime=format_datetime,
        precision_label=precision_label,
        field_label=field_label,
        field_value=field_value,
        locale_direction=locale_direction,
        form_errors=lambda form: list(iter_errors(form)),
        counter_for=counter_for,
        role_label=role_label,
        status_label=status_label,
        history_comment=history_comment,
        decision_text=decision_text,
        report_reason=reason_label,
    )
