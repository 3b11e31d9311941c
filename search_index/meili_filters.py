"""Meilisearch filter expressions built from a `SearchQuery`, with every value escaped.

The filter is returned in Meilisearch's array form: the outer list is AND-ed, and each
element is one condition string. Multi-valued groups become one ``attr IN [...]``
condition, so values are OR-ed within a group and groups are AND-ed across.

String values are always double-quoted. Inside the quotes Meilisearch's filter parser
turns ``\\"`` into ``"`` and then unescapes backslash sequences (``\\\\`` into ``\\``), so
escaping backslashes first and double quotes second keeps every value a single literal
whatever it holds (quotes, ``OR``, brackets, newlines). Numbers are written as finite
decimal floats, never in exponent notation, never NaN or infinity.

The write filters (`offers_filter`, `stale_locations_filter`) come from here too, so every
value that reaches a Meilisearch filter goes through the same `quote`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

from search_index.contract import DUTCH_LEVELS, SearchQuery
from search_index.meili_settings import OFFER_ID, PRIMARY_KEY

#: Filter groups, named like the facets where a facet exists (contract.FACETS).
FILTER_GROUPS: tuple[str, ...] = (
    "criteria",
    "offer_type",
    "activity",
    "region",
    "municipality",
    "weekday",
    "daypart",
    "dutch_level",
    "free",
    "wheelchair",
    "geo",
)


def quote(value: str) -> str:
    """Return `value` as a double-quoted Meilisearch filter string literal."""
    escaped = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def format_float(value: float) -> str:
    """Return a finite number as a plain decimal float literal ("5000.0", "50.8503")."""
    number = float(value)
    if not math.isfinite(number):
        raise ValueError("filter numbers must be finite")
    text = repr(number)
    if "e" in text or "E" in text:
        # The filter grammar reads exponents, but plain decimals are unambiguous everywhere.
        text = f"{number:.12f}".rstrip("0")
        if text.endswith("."):
            text += "0"
    return text


#: Attribute names are ours, never user input; anything else is a programming error.
_ATTRIBUTE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def in_list(attribute: str, values: Iterable[str], *, negate: bool = False) -> str:
    """Return ``attribute IN ["a", "b"]`` (``NOT IN`` with `negate`), values sorted and distinct.

    An empty list is refused: ``IN []`` would select nothing and ``NOT IN []`` everything,
    and a write filter that reached either by accident must never be sent.
    """
    if not _ATTRIBUTE.fullmatch(attribute):
        raise ValueError(f"not a filterable attribute name: {attribute!r}")
    unique = sorted({str(v) for v in values})
    if not unique:
        raise ValueError(f"empty value list for {attribute}")
    operator = "NOT IN" if negate else "IN"
    return f"{attribute} {operator} [{', '.join(quote(v) for v in unique)}]"


def offers_filter(offer_ids: Iterable[str]) -> str:
    """Return the filter selecting every location document of the given offers."""
    return in_list(OFFER_ID, offer_ids)


def stale_locations_filter(offer_ids: Iterable[str], keep_ids: Iterable[str]) -> str:
    """Return the filter selecting the given offers' location documents not in `keep_ids`.

    After an upsert has added an offer's new location documents, this selects the ones
    left over from an earlier version of the offer (which had more locations).
    """
    return f"{in_list(OFFER_ID, offer_ids)} AND {in_list(PRIMARY_KEY, keep_ids, negate=True)}"


def _in(attribute: str, values: frozenset[str]) -> str:
    """Return ``attribute IN ["a", "b"]`` with sorted, quoted values."""
    return in_list(attribute, values)


def build_filter(query: SearchQuery, *, omit_group: str | None = None) -> list[str]:
    """Return the AND-ed filter conditions for `query`, leaving out `omit_group` if given.

    Leaving out one group gives the filter of a disjunctive facet query: the counts of a
    facet ignore the searcher's own selection in that facet, and only that one.
    """
    if omit_group is not None and omit_group not in FILTER_GROUPS:
        raise ValueError(f"unknown filter group: {omit_group!r}")
    conditions: dict[str, str] = {}

    # Anything but an explicit "all" keeps the stricter PNT default.
    if query.criteria != "all":
        conditions["criteria"] = "pnt_eligible = true"
    if query.offer_types:
        conditions["offer_type"] = _in("offer_type", query.offer_types)
    if query.activities:
        conditions["activity"] = _in("activities", query.activities)
    if query.regions:
        conditions["region"] = _in("region", query.regions)
    if query.municipalities:
        conditions["municipality"] = _in("municipality", query.municipalities)
    if query.weekdays:
        conditions["weekday"] = _in("weekdays", query.weekdays)
    if query.dayparts:
        conditions["daypart"] = _in("dayparts", query.dayparts)
    # An unknown level filters nothing rather than everything: the web layer validates it.
    if query.dutch_level is not None and query.dutch_level in DUTCH_LEVELS:
        # An offer's level is the minimum it welcomes: it suits every searcher at or above it.
        rank = DUTCH_LEVELS.index(query.dutch_level)
        conditions["dutch_level"] = f"dutch_level_rank <= {format_float(rank)}"
    if query.free_only:
        conditions["free"] = "free = true"
    if query.wheelchair:
        conditions["wheelchair"] = "wheelchair = true"
    if query.origin is not None and query.radius_km is not None:
        radius_m = float(query.radius_km) * 1000.0
        if not math.isfinite(radius_m) or radius_m < 0:
            raise ValueError("radius_km must be a finite, non-negative number")
        lat, lng = format_float(query.origin.lat), format_float(query.origin.lon)
        conditions["geo"] = f"_geoRadius({lat}, {lng}, {format_float(radius_m)})"

    return [cond for group, cond in conditions.items() if group != omit_group]
