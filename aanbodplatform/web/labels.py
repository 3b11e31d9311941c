"""Label presenters: states, roles and codes as words in the page language, for templates."""

from __future__ import annotations

from typing import Any

from flask import g

from aanbodplatform.digits import gettext as _

# --- words for states and codes, in the page language -----------------------------------


def role_label(role: str) -> str:
    """Return a role in the active language."""
    labels = {
        "organisation_member": _("Organisation"),
        "counsellor": _("Counsellor (trajectbegeleider)"),
        "guide": _("Guide"),
        "moderator": _("Local government (moderator)"),
        "translator": _("Volunteer translator"),
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
    from aanbodplatform.web.cards import offer_cards_for
    from aanbodplatform.web.content_language import for_page as content_language_for_page
    from aanbodplatform.web.form_errors import iter_errors
    from aanbodplatform.web.icons import icon
    from aanbodplatform.web.widgets import filter_checkboxes, save_button

    app.jinja_env.globals.update(
        svg_icon=icon,
        save_toggle=save_button,
        filter_checkboxes=filter_checkboxes,
        offer_cards_for=offer_cards_for,
        content_language_for_page=content_language_for_page,
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
