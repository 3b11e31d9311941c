"""Words for clients and handovers in the page language, and the two-language helpers.

`both()` renders one message twice, in the client's language and in Dutch, each
in its own element with `lang` and `dir`, so counsellor and client can read the
same page at once. The side languages are set per request with `use_sides()`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from babel import Locale
from flask import Flask, g
from flask_babel import force_locale, get_locale
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from aanbodplatform.digits import format_date, native_digits, ngettext
from aanbodplatform.digits import gettext as _
from aanbodplatform.geo import default_gazetteer
from aanbodplatform.i18n import DEFAULT_LOCALE, UILocale
from aanbodplatform.i18n import get_locale as ui_locale
from aanbodplatform.models import Client, Handover, HandoverEvent
from aanbodplatform.services.handovers import (
    DECLINE_REASON_LABELS,
    SHAREABLE_FIELDS,
    SHARED_FIELD_LABELS,
    STATUS_LABELS,
    shared_snapshot,
)
from aanbodplatform.services.taxonomy import Term, get_taxonomy
from aanbodplatform.web import presenters
from search_index import DAYPARTS, WEEKDAYS


def use_sides(client_tag: str) -> list[UILocale]:
    """Set the two sides of the page for this request: the client's language, then Dutch."""
    sides = [ui_locale(client_tag)]
    if sides[0].tag != DEFAULT_LOCALE:
        sides.append(ui_locale(DEFAULT_LOCALE))
    g.together_sides = sides
    return sides


def sides() -> list[UILocale]:
    """Return the sides set for this request (only Dutch when none were set)."""
    return getattr(g, "together_sides", None) or [ui_locale(DEFAULT_LOCALE)]


def _pair(render: Callable[[UILocale], str]) -> Markup:
    """Return `render(side)` for each side, each in an element with lang and dir."""
    chosen = sides()
    parts = []
    for index, side in enumerate(chosen):
        with force_locale(side.babel_id):
            text = str(render(side))
        parts.append(
            Markup('<span class="bi bi-{pos}" lang="{lang}" dir="{dir}">{text}</span>').format(
                pos="client" if index == 0 and len(chosen) > 1 else "nl",
                lang=side.tag,
                dir=side.direction,
                text=text,
            )
        )
    return Markup('<span class="bi-pair">%s</span>') % Markup("").join(parts)


def both(message: Any, *args: Any, **kwargs: Any) -> Markup:
    """Return a message in the client's language and in Dutch, side by side.

    `message` is a lazy string (``_l("Place")``) or a function called with `args`
    and `kwargs` in each language (``weekday_name, "mon"``).
    """
    return _pair(lambda _side: message(*args, **kwargs) if callable(message) else message)


def both_term(term: Term) -> Markup:
    """Return a taxonomy label in the client's language and in Dutch."""
    return _pair(lambda side: term.label(side.tag))


def results_count(total: int) -> str:
    """Return how many offers a search found, in the active language."""
    return ngettext("%(num)d offer found", "%(num)d offers found", total)


def radius_label(km: int) -> str:
    """Return a distance choice ("Up to 15 km") in the active language."""
    return _("Up to %(distance)s km", distance=presenters.format_number(km))


# --- words -------------------------------------------------------------------------------


def handover_status_label(status: str) -> str:
    """Return a handover status in the active language."""
    label = STATUS_LABELS.get(status)
    return str(label) if label is not None else status


def decline_reason_label(reason: str | None) -> str:
    """Return a decline reason in the active language."""
    label = DECLINE_REASON_LABELS.get(reason or "")
    return str(label) if label is not None else (reason or "")


def shared_field_label(name: str) -> str:
    """Return the name of a shareable client field in the active language."""
    label = SHARED_FIELD_LABELS.get(name)
    return str(label) if label is not None else name


def dutch_level_label(level: str | None) -> str:
    """Return a client's Dutch level in words."""
    labels = {
        "none": _("No Dutch yet"),
        "A1": _("A1: a little Dutch"),
        "A2": _("A2: simple conversations"),
        "B1": _("B1 or higher: quite good Dutch"),
    }
    return labels.get(level or "none", level or "")


def client_status_label(status: str | None) -> str:
    """Return a client's status in the integration programme."""
    labels = {
        "obliged": _("Obliged to follow the programme"),
        "entitled": _("Entitled to the programme"),
        "exempt": _("Exempt"),
    }
    return labels.get(status or "", status or "")


def language_name(code: str) -> str:
    """Return a language code (``uk``, ``fa_AF``) as a name in the active language."""
    active = get_locale() or Locale.parse("nl_BE")
    name = active.languages.get(code) or Locale.parse("en").languages.get(code)
    return name or code


def languages_text(codes: list[str]) -> str:
    """Return language codes as names in the active language, as one list."""
    return presenters.join_words([language_name(code) for code in codes or []])


def availability_text(weekdays: list[str], dayparts: list[str]) -> str:
    """Return days and times of day as one phrase."""
    days = presenters.join_words([presenters.weekday_name(d) for d in WEEKDAYS if d in weekdays])
    parts = presenters.join_words([presenters.daypart_label(p) for p in DAYPARTS if p in dayparts])
    if days and parts:
        return _("%(days)s (%(parts)s)", days=days, parts=parts)
    return days or parts or _("Not given")


def place_name(postcode: str | None) -> str:
    """Return a postcode with its place name (``9000 Gent``)."""
    if not postcode:
        return ""
    places = default_gazetteer().postcode(postcode)
    return f"{postcode} {places[0].municipality_name}" if places else postcode


def interests_text(codes: list[str]) -> str:
    """Return activity codes as labels in the active language."""
    taxonomy = get_taxonomy()
    tag = getattr(g, "locale_tag", DEFAULT_LOCALE)
    return presenters.join_words(
        [taxonomy.activities[c].label(tag) for c in codes if c in taxonomy.activities]
    )


def shared_value_text(name: str, value: Any) -> str:
    """Return one shared client field's value in words, in the active language."""
    if name == "languages":
        text = languages_text(value)
    elif name == "dutch_level":
        text = dutch_level_label(value)
    elif name == "availability":
        text = availability_text(value.get("weekdays", []), value.get("dayparts", []))
    elif name == "interests":
        text = interests_text(value or [])
    elif name == "home_postcode":
        text = place_name(value)
    elif name == "status":
        text = client_status_label(value)
    elif name == "contract_end_date":
        text = format_date(_date(value), "long") if value else ""
    else:
        text = str(value or "")
    return text


def shared_items(handover: Handover) -> list[tuple[str, str]]:
    """Return the client data shared on a handover as (label, value) pairs."""
    return [
        (shared_field_label(name), shared_value_text(name, value) or _("Not given"))
        for name, value in (handover.shared_data or {}).items()
    ]


def shared_items_for_client(client: Client) -> list[tuple[str, str]]:
    """Return (field name, value in words) for everything a counsellor could share."""
    snapshot = shared_snapshot(client, list(SHAREABLE_FIELDS))
    return [(name, shared_value_text(name, value)) for name, value in snapshot.items()]


def _date(iso: str):  # type: ignore[no-untyped-def]
    from datetime import date

    return date.fromisoformat(iso)


def event_text(handover: Handover, event: HandoverEvent) -> str:
    """Return one history entry as a sentence: who did what."""
    if event.kind == "question":
        return _("The organisation asked a question.")
    if event.kind == "answer":
        return _("The counsellor answered.")
    if event.kind == "reminder":
        return _("A reminder was sent to the organisation.")
    texts = {
        "sent": _("The counsellor sent the handover."),
        "seen": _("The organisation has seen the handover."),
        "accepted": _("The organisation accepted and proposed a first appointment."),
        "declined": _("The organisation declined."),
        "started": _("The client has started."),
        "expired": _("The handover expired without an answer."),
        "withdrawn": _("The handover was withdrawn."),
        "attended": _("The organisation recorded that the client takes part."),
        "no_show": _("The organisation recorded that the client did not show up."),
        "stopped": _("The organisation recorded that the client stopped."),
    }
    if event.to_status in ("attended", "no_show", "stopped") and handover.outcome_date:
        return _(
            "%(what)s Date: %(date)s.",
            what=texts[event.to_status],
            date=format_date(handover.outcome_date, "long"),
        )
    return texts.get(event.to_status, handover_status_label(event.to_status))


def appointment_parts(appointment: dict[str, str] | None) -> dict[str, str]:
    """Return an appointment's date in words, time, place and whom to ask for."""
    if not appointment:
        return {}
    return {
        "day": format_date(_date(appointment["date"]), "full"),
        "time": native_digits(appointment["time"]),
        "place": appointment["place"],
        "ask_for": appointment["ask_for"],
    }


#: Template globals provided by this module.
TEMPLATE_GLOBALS = {
    "both": both,
    "both_term": both_term,
    "results_count": results_count,
    "radius_label": radius_label,
    "_l": _l,
    "handover_status_label": handover_status_label,
    "decline_reason_label": decline_reason_label,
    "shared_field_label": shared_field_label,
    "dutch_level_label": dutch_level_label,
    "client_status_label": client_status_label,
    "language_name": language_name,
    "availability_text": availability_text,
    "languages_text": languages_text,
    "place_name": place_name,
    "interests_text": interests_text,
    "shared_items": shared_items,
    "event_text": event_text,
    "appointment_parts": appointment_parts,
}


def init_templates(app: Flask) -> None:
    """Make the helpers above available in every template."""
    app.jinja_env.globals.update(TEMPLATE_GLOBALS)
