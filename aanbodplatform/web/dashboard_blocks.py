"""Dashboard blocks: a service result as rows of (label, count) in the active language.

Each block is shown as a bar chart with the same numbers as a table behind it, and
downloads as CSV; the blocks are built once here so the page and the CSV agree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from aanbodplatform.digits import gettext as _
from aanbodplatform.i18n import BY_TAG
from aanbodplatform.services import dashboards
from aanbodplatform.services.regions import municipalities
from aanbodplatform.services.taxonomy import get_taxonomy
from aanbodplatform.web.handover_presenters import decline_reason_label, handover_status_label
from aanbodplatform.web.presenters import dutch_level_welcome, format_number


@dataclass(frozen=True)
class Row:
    """One line of a block: what it counts, the raw count, and how it is shown."""

    key: str
    label: str
    count: int
    shown: str
    #: True when the number is withheld (it could point at a person).
    hidden: bool = False


@dataclass(frozen=True)
class Block:
    """A titled table of counts; `personal` blocks show small counts as "< 5"."""

    key: str
    title: str
    rows: tuple[Row, ...]
    personal: bool = False

    @property
    def largest(self) -> int:
        """Return the largest count (for bar lengths), at least 1."""
        return max([r.count for r in self.rows] + [1])


def _rows(counts: Mapping[str, int], label: Callable[[str], str], *, order: Iterable[str] | None = None,
          personal: bool = False, keep_zero: bool = False) -> tuple[Row, ...]:
    keys = list(order) if order is not None else sorted(counts, key=lambda k: (-counts[k], label(k)))
    out = []
    for key in keys:
        count = int(counts.get(key, 0))
        if count == 0 and not keep_zero:
            continue
        shown = small_count_text(count) if personal else format_number(count)
        hidden = personal and 0 < count < dashboards.SMALL_COUNT
        out.append(Row(key, label(key), count, shown, hidden))
    return tuple(out)


def small_count_text(count: int) -> str:
    """Return a count that could identify a person: "< 5" below five, in local digits."""
    if 0 < count < dashboards.SMALL_COUNT:
        return _("< %(num)s", num=format_number(dashboards.SMALL_COUNT))
    return format_number(count)


def _type_label(code: str) -> str:
    term = get_taxonomy().term("offer_types", code)
    return term.label(_locale_tag()) if term else code


def _activity_label(code: str) -> str:
    term = get_taxonomy().term("activities", code)
    return term.label(_locale_tag()) if term else code


def _family_label(code: str) -> str:
    family = get_taxonomy().families.get(code)
    return family.label(_locale_tag()) if family else code


def _locale_tag() -> str:
    from flask import g

    return getattr(g, "locale_tag", "nl")


def _place(nis: str) -> str:
    info = municipalities().get(nis)
    return info.name_nl if info else nis


def _freshness_label(bucket: str) -> str:
    return {
        "under_6": _("Confirmed in the last %(num)s months", num=format_number(6)),
        "6_to_9": _("Confirmed %(low)s to %(high)s months ago", low=format_number(6),
                    high=format_number(9)),
        "9_to_12": _("Confirmed %(low)s to %(high)s months ago (may be out of date)",
                     low=format_number(9), high=format_number(12)),
        "unpublished": _("Unpublished: not confirmed for %(num)s months", num=format_number(12)),
    }[bucket]


def _month_label(month: str) -> str:
    from babel.dates import format_date

    from aanbodplatform.web.presenters import _locale

    year, number = month.split("-")
    return format_date(datetime(int(year), int(number), 1), "MMM y", locale=_locale())


def landscape_blocks(result: dashboards.Landscape) -> list[Block]:
    """Return the offer landscape as blocks."""
    languages = {tag: BY_TAG[tag].autonym for tag in BY_TAG}
    return [
        Block("types", _("Published offers per type"), _rows(result.by_type, _type_label)),
        Block("families", _("Published offers per activity family"),
              _rows(result.by_family, _family_label)),
        Block("activities", _("Published offers per activity"),
              _rows(result.by_activity, _activity_label)),
        Block("municipalities", _("Published offers per municipality"),
              _rows(result.by_municipality, _place)),
        Block("dutch_level", _("Dutch needed"),
              _rows(result.by_dutch_level, dutch_level_welcome, order=("none", "A1", "A2", "B1"),
                    keep_zero=True)),
        Block("cost", _("Cost"), _rows(result.by_cost, lambda k: _("Free") if k == "free"
                                       else _("You pay a fee"), order=("free", "paid"),
                                       keep_zero=True)),
        Block("wheelchair", _("Wheelchair accessible"),
              _rows(result.by_wheelchair, lambda k: _("Yes") if k == "yes" else _("No"),
                    order=("yes", "no"), keep_zero=True)),
        Block("translations", _("Translated into"),
              _rows(result.by_translation, lambda k: languages.get(k, k))),
        Block("freshness", _("Freshness"),
              _rows(result.freshness, _freshness_label, order=dashboards.FRESHNESS_BUCKETS,
                    keep_zero=True)),
    ]


def trend_block(result: dashboards.Landscape, flow: dashboards.HandoverFlow,
                months: list[str]) -> list[Block]:
    """Return the last 12 months: offers published and handovers sent, per month."""
    return [
        Block("published_per_month", _("Offers published per month"),
              _rows(result.published_per_month, _month_label, order=months, keep_zero=True)),
        Block("handovers_per_month", _("Warm handovers sent per month"),
              _rows(flow.sent_per_month, _month_label, order=months, keep_zero=True,
                    personal=True), personal=True),
    ]


def handover_blocks(flow: dashboards.HandoverFlow) -> list[Block]:
    """Return the handover flow and the reasons for declining, small counts hidden."""
    return [
        Block("handovers", _("Warm handovers to offers of this area"),
              _rows(flow.counts, handover_status_label, order=dashboards.HANDOVER_FLOW,
                    personal=True, keep_zero=True), personal=True),
        Block("decline_reasons", _("Why organisations said no"),
              _rows(flow.decline_reasons, decline_reason_label, personal=True), personal=True),
    ]


def coverage_block(rows: list[dashboards.Coverage]) -> Block:
    """Return the coverage per municipality as a block (gaps first)."""
    from aanbodplatform.web.presenters import format_distance

    title = _("Offers within %(distance)s of each municipality",
              distance=format_distance(dashboards.COVERAGE_RADIUS_KM * 1000))
    return Block("coverage", title, tuple(
        Row(c.nis_code, c.name, c.total, format_number(c.total)) for c in rows))


def need_topic_label(topic: str) -> str:
    """Return what an organisation's question is about, in the active language."""
    return {
        "training": _("Training"),
        "welcoming": _("Welcoming newcomers"),
        "translation": _("Translation"),
        "insurance": _("Insurance"),
        "criteria": _("The two conditions"),
        "other": _("Something else"),
    }.get(topic, topic)


def need_status_label(status: str) -> str:
    """Return where a question stands, in the active language."""
    return {
        "new": _("New"),
        "in_progress": _("Being handled"),
        "passed_to_agency": _("Passed to the agency"),
        "answered": _("Answered"),
    }.get(status, status)


def proof_hours_block(result: dashboards.ProofHours) -> Block:
    """Return verified hours per offer type; a type with fewer than 5 clients is hidden."""
    rows = []
    for code in sorted(result.hours, key=lambda k: (-result.hours[k], _type_label(k))):
        people = result.clients.get(code, 0)
        hours = result.hours[code]
        if people < dashboards.SMALL_COUNT:
            # Hours of one or two people could be told apart: show only that there are some.
            rows.append(Row(code, _type_label(code), 0,
                            _("hidden: fewer than %(num)s people", num=format_number(
                                dashboards.SMALL_COUNT)), hidden=True))
        else:
            rows.append(Row(code, _type_label(code), round(hours),
                            format_number(hours, "#,##0.#")))
    return Block("proof_hours", _("Verified hours per offer type"), tuple(rows), personal=True)
