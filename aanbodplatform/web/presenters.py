"""Turning domain values into text for pages and JSON, in the active locale."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from functools import lru_cache
from typing import TYPE_CHECKING

from babel import Locale
from babel.dates import format_time as babel_format_time
from babel.dates import format_timedelta, get_day_names
from babel.lists import format_list
from babel.numbers import format_currency

from aanbodplatform.digits import active_locale, active_locale_id, format_date, native_digits
from aanbodplatform.digits import format_number as _format_number
from aanbodplatform.digits import gettext as _
from aanbodplatform.services.search import SearchParamError
from search_index import DAYPARTS, DUTCH_LEVELS, WEEKDAYS

if TYPE_CHECKING:
    from aanbodplatform.services.taxonomy import Taxonomy


@lru_cache(maxsize=8192)
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
    return active_locale() or Locale.parse("nl_BE")


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
    pattern, step = ("#,##0.0", _TENTH) if km < 10 else ("#,##0", _ONE)
    # Rounded as Babel rounds (the decimal of str(value), half to even), so equal texts share
    # one entry: a search page writes twenty distances, Babel's formatter is slow.
    rounded = Decimal(str(km)).quantize(step, rounding=ROUND_HALF_EVEN)
    return _distance_text(active_locale_id(), pattern, rounded)


_TENTH, _ONE = Decimal("0.1"), Decimal("1")


@lru_cache(maxsize=4096)
def _distance_text(locale_id: str, pattern: str, km: Decimal) -> str:
    # locale_id is part of the key only: the text is made in the active locale, which it names
    # ("" outside a request: the numbers in nl_BE, the words untranslated).
    return _("%(distance)s km", distance=format_number(km, pattern))


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
    # Only the asked label is translated: the filter asks for each of the four on every page.
    if level == "none":
        return _("I do not speak Dutch yet")
    if level == "A1":
        return _("A little (A1)")
    if level == "A2":
        return _("Simple talks (A2)")
    if level == "B1":
        return _("Quite well (B1 or higher)")
    return level


def level_counts(counts: Mapping[str, int]) -> dict[str, int]:
    """Return, per "my level", how many offers welcome that level or a lower one."""
    # The engine counts offers per minimum level; the filter means "my level or lower".
    total = 0
    out: dict[str, int] = {}
    for level in DUTCH_LEVELS:
        total += int(counts.get(level, 0))
        out[level] = total
    return out


@dataclass(frozen=True)
class ActivityGroup:
    """One family of activities in the search filters: its label, how many are chosen, the choices."""

    label: str | None
    chosen: int
    options: tuple[tuple[str, str], ...]


def activity_filter_groups(
    taxonomy: Taxonomy, chosen: Collection[str], counts: Mapping[str, int], locale_tag: str
) -> list[ActivityGroup]:
    """Return the activity filter by family: a family appears when it has a chosen or found activity.

    An activity is a choice when it is chosen or the search found offers with it; a family's
    label is None for the activities in no family ("Other activities").
    """
    groups = []
    for family, codes in taxonomy.activity_groups():
        if not any(code in chosen or code in counts for code in codes):
            continue
        options = tuple(
            (code, taxonomy.activities[code].label(locale_tag))
            for code in codes
            if code in chosen or counts.get(code, 0) > 0
        )
        groups.append(ActivityGroup(
            label=family.label(locale_tag) if family else None,
            chosen=sum(1 for code in codes if code in chosen),
            options=options,
        ))
    return groups


def offer_type_choices(taxonomy: Taxonomy, locale_tag: str) -> list[tuple[str, str]]:
    """Return (code, label) of every offer type, in the taxonomy's order."""
    return [(code, term.label(locale_tag)) for code, term in taxonomy.offer_types.items()]


def weekday_choices() -> list[tuple[str, str]]:
    """Return (code, name) of the days of the week, Monday first."""
    return list(_weekday_choices(active_locale_id()))


def daypart_choices() -> list[tuple[str, str]]:
    """Return (code, label) of the parts of the day, morning first."""
    return list(_daypart_choices(active_locale_id()))


# Per language (the key; the names come from the active locale, which it names): every search
# page lists them, and Babel's calendar data and the catalog are read name by name.
@lru_cache(maxsize=32)
def _weekday_choices(_locale_id: str) -> tuple[tuple[str, str], ...]:
    return tuple((day, weekday_name(day)) for day in WEEKDAYS)


@lru_cache(maxsize=32)
def _daypart_choices(_locale_id: str) -> tuple[tuple[str, str], ...]:
    return tuple((part, daypart_label(part)) for part in DAYPARTS)


def shown_choices(
    choices: Iterable[tuple[str, str]], chosen: Collection[str], counts: Mapping[str, int]
) -> list[tuple[str, str]]:
    """Return the choices that are chosen or that the search found offers for."""
    return [(code, label) for code, label in choices if code in chosen or counts.get(code, 0) > 0]


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


# --- the "at a glance" facts (issue 11): structured data, in the reader's language ----------


def session_length(slots: Iterable[object]) -> str:
    """Return how long one session takes ("2 hours", "90 minutes"), from the slot times, or ""."""
    lengths = []
    for slot in slots:
        starts, ends = getattr(slot, "starts_at", None), getattr(slot, "ends_at", None)
        if starts and ends:
            minutes = (ends.hour * 60 + ends.minute) - (starts.hour * 60 + starts.minute)
            if minutes > 0:
                lengths.append(minutes)
    if not lengths or len(set(lengths)) > 1:
        return ""
    minutes = lengths[0]
    if minutes % 60 == 0:
        length = format_timedelta(timedelta(hours=minutes // 60), threshold=1, locale=_locale())
    else:
        length = format_timedelta(
            timedelta(minutes=minutes), granularity="minute", threshold=1000, locale=_locale()
        )
    return _("Each time: %(length)s", length=length)


def cost_in_words(
    free: bool,
    amount_cents: int | None,
    unit: str | None,
    uitpas: bool = False,
    social: bool = False,
) -> list[str]:
    """Return what an offer costs as short sentences: free, the amount, and the reductions."""
    lines: list[str] = []
    if free:
        lines.append(_("Free"))
    elif amount_cents is not None:
        amount = format_currency(amount_cents / 100, "EUR", locale=_locale())
        per = {
            "once": _("%(amount)s, once", amount=amount),
            "session": _("%(amount)s each time", amount=amount),
            "month": _("%(amount)s a month", amount=amount),
            "year": _("%(amount)s a year", amount=amount),
        }
        lines.append(per.get(unit or "", _("%(amount)s", amount=amount)))
    else:
        lines.append(_("You pay a fee. Ask the organisation how much."))
    if uitpas:
        lines.append(_("Cheaper with an UiTPAS with reduced rate."))
    if social:
        lines.append(_("A social tariff is possible: ask for it."))
    return lines


def audience_label(code: str) -> str:
    """Return who an offer is for, for one audience code."""
    labels = {
        "adults": _("Adults"),
        "families": _("Families with children"),
        "women": _("Women only"),
        "men": _("Men only"),
        "youth": _("Young people"),
        "children": _("Children"),
        "seniors": _("Older people"),
    }
    return labels.get(code, code)


def audience_in_words(codes: Sequence[str]) -> str:
    """Return who an offer is for, or that the organisation has not said."""
    if not codes:
        return _("Adults. Ask the organisation if you are not sure.")
    return join_words([audience_label(c) for c in codes])


def join_in_words(join_how: str | None) -> list[str]:
    """Return how to join as short sentences; the counsellor can always introduce you."""
    first = {
        "walk_in": _("Just come along. You do not have to sign up."),
        "contact_first": _("Call or mail the organisation before you come."),
        "register": _("Sign up first with the organisation."),
    }.get(join_how or "", _("Contact the organisation to start."))
    return [first, _("Your counsellor can introduce you.")]


def criteria_in_words(eligible: bool) -> str:
    """Return the two PNT conditions as the organisation states them; never a promise of hours."""
    if eligible:
        return _("The organisation says this offer meets both conditions; your counsellor confirms it with you.")  # noqa: E501
    return _("The organisation does not say that this offer meets both conditions.")


def access_in_words(wheelchair: bool) -> str:
    """Return whether people in a wheelchair can take part."""
    if wheelchair:
        return _("You can come in a wheelchair.")
    return _("Not sure for wheelchairs. Ask the organisation.")


def first_visit_steps(
    join_how: str | None,
    dutch_level: str,
    eligible: bool = False,
    free: bool = True,
    uitpas: bool = False,
) -> list[str]:
    """Return what a newcomer does before and on the first visit, from how the offer is joined."""
    first = {
        "walk_in": _("Go to the address at the time you see above. Say that it is your first time."),
        "contact_first": _(
            "Call or mail the contact person below before you go. Say when you would like to come."
        ),
        "register": _("Sign up with the organisation first. You find the contact details below."),
    }.get(
        join_how or "",
        _("Call or mail the contact person below. Ask when you can come for the first time."),
    )
    steps = [
        first,
        _("Come a few minutes early, so you have time to find the place."),
        _("Take this page with you, on your phone or on paper."),
    ]
    if dutch_level in ("none", "A1"):
        steps.append(_("You do not need to speak Dutch well. You come to practise."))
    if not free:
        steps.append(_("Ask how you pay the fee."))
    if uitpas:
        steps.append(_("Take your UiTPAS with you."))
    if eligible:
        steps.append(
            _(
                "Ask your counsellor for the proof of participation form and take it with you. "
                "The contact person fills it in and signs it."
            )
        )
    steps.append(_("Can you not come? Let the organisation know."))
    return steps
