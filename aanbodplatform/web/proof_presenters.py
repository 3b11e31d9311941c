"""Words for proofs in the page language: statuses, actions, reasons, signals."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from aanbodplatform.i18n import BY_TAG, DEFAULT_LOCALE, get_locale
from aanbodplatform.services.proofs import format_hours

PROOF_STATUS_LABELS = {
    "draft": _l("Draft"),
    "awaiting_signature": _l("Waiting for the signature"),
    "signed": _l("Signed, not yet verified"),
    "queried": _l("Question to the contact person"),
    "verified": _l("Verified"),
    "refused": _l("Refused by the organisation"),
    "void": _l("Cancelled"),
}
EXEMPTION_REASON_LABELS = {
    "work_employee": _l("Works at least half-time as an employee"),
    "work_self_employed": _l("Works at least half-time as a self-employed person"),
    "work_civil_servant": _l("Works at least half-time as a civil servant"),
    "study": _l("Studies"),
    "other": _l("Another reason"),
}
SIGNAL_LABELS = {
    "over_12_hours": _l("More than 12 hours on one day"),
    "overlap": _l("Times overlap with another proof"),
    "off_schedule": _l("A day on which the offer does not run"),
    "many_clients": _l("This contact person signed for many clients in a short time"),
    "shared_device": _l("The newcomer and the contact person used the same device"),
}


def proof_status_label(status: str) -> str:
    """Return a proof status in the active language."""
    label = PROOF_STATUS_LABELS.get(status)
    return str(label) if label is not None else status


def exemption_reason_label(reason: str) -> str:
    """Return an exemption reason in the active language."""
    label = EXEMPTION_REASON_LABELS.get(reason)
    return str(label) if label is not None else reason


def signal_label(code: str) -> str:
    """Return a fraud signal in the active language."""
    label = SIGNAL_LABELS.get(code)
    return str(label) if label is not None else code


def in_dutch_and(message: Any, tag: str) -> str:
    """Return `message` in Dutch, followed by the client's language when that differs."""
    with force_locale("nl"):
        dutch = str(message)
    if tag not in BY_TAG or tag == DEFAULT_LOCALE:
        return dutch
    with force_locale(get_locale(tag).babel_id):
        other = str(message)
    return dutch if other == dutch else f"{dutch} / {other}"


def init_templates(app: Flask) -> None:
    """Make the helpers above available in every template."""
    app.jinja_env.globals.update(
        proof_status_label=proof_status_label,
        exemption_reason_label=exemption_reason_label,
        signal_label=signal_label,
        hours_text=format_hours,
        in_dutch_and=in_dutch_and,
    )
