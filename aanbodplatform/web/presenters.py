"""Turning domain values into text for pages and JSON, in the active locale."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time

from babel import Locale
from babel.dates import format_time as babel_format_time
from babel.dates import get_day_names
from babel.lists import format_list
from flask_babel import get_locale
from flask_babel import gettext as _

from aanbodplatform.digits import format_date, native_digits
from aanbodplatform.digits import format_number as _format_number
from aanbodplatform.services.search import SearchParamError
from search_index import DUTCH_LEVELS, WEEKDAYS


def offer_slug(title: str) -> str:
    """Return a URL slug for an offer title (ASCII, lowercase, hyphens)."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:60].strip("-") or "aanbod"


def param_error_message(exc: SearchParamError) -> str:
    """Return a plain-language message for an invalid search parameter."""
    if exc.param == "near":
        return _("We do not know the place “%(place)s”. Try a postcode or the name of a municipality.", place=exc.value)
    if exc.param == "radius_km":
        return _("Choose a distance between 1 and 200 km.")
    if exc.param in ("lat", "lon"):
        return _("The location is not valid. Choose a place instead.")
    if exc.param in ("page", "page_size"):
        return _("The page number is not valid.")
    return _("The value “%(value)s” is not valid for “%(param)s”.", value=exc.value, param=exc.param)


# --- numbers and distances ---------------------------------------------------------------


def _locale() -> Locale:
    return get_locale() or Locale.parse("nl_BE")


def format_number(value: float, pattern: str | None = None) -> str:
    """Return `value` formatted for the active locale (its own digits where it uses them)."""
    return _format_number(value, pattern, locale=_locale())


def format_distance(metres: float | None) -> str:
    """Return a distance such as "3,2 km" (nl) or "3.2 km" (en); one decimal under 10 km."""
    if metres is None:
        return ""
    km = max(metres, 0.0) / 1000.0
    # Under 100 m we still say 0.1 km: "0 km" reads as "here" and hides the rounding.
    km = max(km, 0.1)
    number = format_number(km, "#,##0.0" if km < 10 else "#,##0")
    return _("%(distance)s km", distance=number)


# --- days, times and schedules -----------------------------------------------------------


def weekday_name(code: str) -> str:
    """Return the weekday (mon..sun) as a full name in the active locale."""
    names = get_day_names("wide", context="format", locale=_locale())
    return names[WEEKDAYS.index(code)]


def daypart_label(code: str) -> str:
    """Return morning, afternoon or evening in the active language."""
    labels = {"morning": _("morning"), "afternoon": _("afternoon"), "evening": _("evening")}
    return labels.get(code, code)


def join_words(items: Sequence[str]) -> str:
    """Return items as a list in words ("Tuesday and Thursday") for the active locale."""
    items = [item for item in items if item]
    if not items:
        return ""
    return format_list(list(items), style="standard", locale=_locale())


def _time(value: time) -> str:
    return native_digits(babel_format_time(value, "short", locale=_locale()))


def _slot_phrase(weekday: str | None, daypart: str | None, starts_at: time | None, ends_at: time | None) -> str:
    day = weekday_name(weekday) if weekday in WEEKDAYS else None
    if starts_at and ends_at:
        if day:
            return _("%(day)s from %(start)s to %(end)s", day=day, start=_time(starts_at), end=_time(ends_at))
        return _("from %(start)s to %(end)s", start=_time(starts_at), end=_time(ends_at))
    if day and daypart:
        # One message per daypart: word order differs too much between languages to glue.
        phrases = {
            "morning": _("%(day)s morning", day=day),
            "afternoon": _("%(day)s afternoon", day=day),
            "evening": _("%(day)s evening", day=day),
        }
        return phrases.get(daypart, day)
    if day:
        return day
    if daypart:
        return {
            "morning": _("in the morning"),
            "afternoon": _("in the afternoon"),
            "evening": _("in the evening"),
        }.get(daypart, "")
    return ""


def schedule_in_words(kind: str, slots: Iterable[object]) -> str:
    """Return an offer's weekly schedule as one plain sentence, or "By arrangement"."""
    phrases: list[str] = []
    for slot in slots:
        phrase = _slot_phrase(
            getattr(slot, "weekday", None),
            getattr(slot, "daypart", None),
            getattr(slot, "starts_at", None),
            getattr(slot, "ends_at", None),
        )
        if phrase and phrase not in phrases:
            phrases.append(phrase)
    if kind == "by_arrangement" or not phrases:
        return _("By arrangement: you agree on the moments with the organisation.")
    return _("Every week: %(moments)s.", moments=join_words(phrases))


def schedule_summary(weekdays: Sequence[str], dayparts: Sequence[str]) -> str:
    """Return a short schedule for a result card from the indexed weekdays and dayparts."""
    days = join_words([weekday_name(d) for d in WEEKDAYS if d in weekdays])
    parts = join_words([daypart_label(p) for p in ("morning", "afternoon", "evening") if p in dayparts])
    if days and parts:
        return _("On %(days)s (%(parts)s)", days=days, parts=parts)
    if days:
        return _("On %(days)s", days=days)
    if parts:
        return _("Time of day: %(parts)s", parts=parts)
    return _("By arrangement")


def date_range(start: date | None, end: date | None) -> str:
    """Return the period an offer runs, or "" when it runs all year."""
    if start and end:
        return _("From %(start)s to %(end)s", start=format_date(start, "long"), end=format_date(end, "long"))
    if start:
        return _("From %(start)s", start=format_date(start, "long"))
    if end:
        return _("Until %(end)s", end=format_date(end, "long"))
    return ""


def long_date(value: date | datetime | None) -> str:
    """Return a date such as "28 november 2026" in the active locale."""
    if value is None:
        return ""
    return format_date(value.date() if isinstance(value, datetime) else value, "long")


# --- offer facts ---------------------------------------------------------------------------


def dutch_level_welcome(level: str) -> str:
    """Return which Dutch an offer asks for, in plain words."""
    labels = {
        "none": _("Everyone is welcome, also if you do not speak Dutch yet."),
        "A1": _("You speak a little Dutch (level A1)."),
        "A2": _("You can have a simple talk in Dutch (level A2)."),
        "B1": _("You speak Dutch quite well (level B1 or higher)."),
    }
    return labels.get(level, labels["none"])


def my_level_label(level: str) -> str:
    """Return the label of a "my Dutch level" filter choice."""
    labels = {
        "none": _("I do not speak Dutch yet"),
        "A1": _("A little (A1)"),
        "A2": _("Simple talks (A2)"),
        "B1": _("Quite well (B1 or higher)"),
    }
    return labels.get(level, level)


def level_counts(counts: Mapping[str, int]) -> dict[str, int]:
    """Return, per "my level", how many offers welcome that level or a lower one."""
    # The engine counts offers per minimum level; the filter means "my level or lower".
    total = 0
    out: dict[str, int] = {}
    for level in DUTCH_LEVELS:
        total += int(counts.get(level, 0))
        out[level] = total
    return out


def offer_type_meeting(offer_type: str) -> str:
    """Return who a newcomer meets in this type of offer, in plain words."""
    texts = {
        "volunteering": _("You help together with other volunteers. Most of them speak Dutch."),
        "buddy": _("You meet one buddy who speaks Dutch. You choose together what you do."),
        "conversation_table": _("You talk in a small group with people who speak Dutch well."),
        "club": _("You join a club. You do the activity with the other members."),
        "internship": _("You work for a short time with colleagues who speak Dutch."),
        "neighbourhood": _("You meet people from your neighbourhood."),
        "school": _("You meet teachers and other parents at school."),
    }
    return texts.get(offer_type, _("You meet new people who speak Dutch."))
