"""Filter expressions for Meilisearch: every kind, combinations and hostile values."""

from __future__ import annotations

import math
import re

import pytest

from search_index.contract import GeoPoint, SearchQuery
from search_index.meili_filters import (
    FILTER_GROUPS,
    build_filter,
    format_float,
    in_list,
    offers_filter,
    quote,
    stale_locations_filter,
)


def meili_unquote(literal: str) -> str:
    """Read a double-quoted literal the way Meilisearch's filter parser does (value.rs).

    The parser scans to the first unescaped quote, replaces each backslash-quote with a
    quote, then unescapes backslash sequences. The literal must end right at that quote.
    """
    assert literal.startswith('"')
    body = literal[1:]
    i, escaped_quote = 0, False
    while i < len(body):
        ch = body[i]
        if ch == '"':
            break
        if ch == "\\":
            assert i + 1 < len(body), "dangling backslash"
            escaped_quote |= body[i + 1] == '"'
            i += 2
            continue
        i += 1
    assert i == len(body) - 1, f"value ends early, rest would be parsed as syntax: {body[i:]!r}"
    token = body[:i]
    if escaped_quote:
        token = token.replace('\\"', '"')
    out, j = [], 0
    while j < len(token):
        if token[j] == "\\":
            assert token[j + 1] == "\\", f"unexpected escape \\{token[j + 1]}"
            out.append("\\")
            j += 2
        else:
            out.append(token[j])
            j += 1
    return "".join(out)


HOSTILE = [
    '" OR pnt_eligible = false',
    'x" OR "1" = "1',
    "back\\slash",
    "ends with backslash\\",
    '\\"',
    '\\\\"',
    "line\nbreak",
    "tab\tand\rreturn",
    "] OR offer_type EXISTS [",
    "'single' quotes",
    "NOT",
    "_geoRadius(0, 0, 1)",
    "",
    "\ue000marked\ue001",
    "ال\u200cمجموعه",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_quote_round_trips_through_the_meilisearch_parser(value: str) -> None:
    assert meili_unquote(quote(value)) == value


def test_quote_exact_strings() -> None:
    assert quote("buddy") == '"buddy"'
    assert quote('" OR pnt_eligible = false') == r'"\" OR pnt_eligible = false"'
    assert quote("a\\b") == r'"a\\b"'
    assert quote('\\"') == r'"\\\""'
    assert quote("line\nbreak") == '"line\nbreak"'


def test_default_query_keeps_only_pnt_offers() -> None:
    assert build_filter(SearchQuery()) == ["pnt_eligible = true"]
    assert build_filter(SearchQuery(criteria="all")) == []
    # Anything but an explicit "all" keeps the stricter default.
    assert build_filter(SearchQuery(criteria="bogus")) == ["pnt_eligible = true"]


def test_every_filter_kind() -> None:
    query = SearchQuery(
        criteria="all",
        offer_types=frozenset({"club", "buddy"}),
        activities=frozenset({"koken"}),
        regions=frozenset({"gent", "antwerpen"}),
        municipalities=frozenset({"44021"}),
        weekdays=frozenset({"sat", "mon"}),
        dayparts=frozenset({"evening"}),
        dutch_level="A2",
        free_only=True,
        wheelchair=True,
        origin=GeoPoint(51.05, 3.7167),
        radius_km=5,
    )
    assert build_filter(query) == [
        'offer_type IN ["buddy", "club"]',
        'activities IN ["koken"]',
        'region IN ["antwerpen", "gent"]',
        'municipality IN ["44021"]',
        'weekdays IN ["mon", "sat"]',
        'dayparts IN ["evening"]',
        "dutch_level_rank <= 2.0",
        "free = true",
        "wheelchair = true",
        "_geoRadius(51.05, 3.7167, 5000.0)",
    ]


def test_pnt_combined_with_groups() -> None:
    query = SearchQuery(offer_types=frozenset({"school"}), free_only=True)
    assert build_filter(query) == [
        "pnt_eligible = true",
        'offer_type IN ["school"]',
        "free = true",
    ]


@pytest.mark.parametrize(
    ("level", "expected"),
    [("none", "0.0"), ("A1", "1.0"), ("A2", "2.0"), ("B1", "3.0")],
)
def test_dutch_level_matches_that_level_or_lower(level: str, expected: str) -> None:
    assert build_filter(SearchQuery(criteria="all", dutch_level=level)) == [
        f"dutch_level_rank <= {expected}"
    ]


def test_unknown_dutch_level_filters_nothing() -> None:
    assert build_filter(SearchQuery(criteria="all", dutch_level='A1" OR x')) == []


def test_hostile_values_are_escaped_exactly() -> None:
    query = SearchQuery(
        criteria="all",
        activities=frozenset({'" OR pnt_eligible = false'}),
        regions=frozenset({"a\\b", "line\nbreak"}),
        municipalities=frozenset({'x"]) OR (id EXISTS'}),
    )
    assert build_filter(query) == [
        r'activities IN ["\" OR pnt_eligible = false"]',
        'region IN ["a\\\\b", "line\nbreak"]',
        r'municipality IN ["x\"]) OR (id EXISTS"]',
    ]
    # Each value stays one literal: no quote closes early, so no syntax leaks out.
    for condition in build_filter(query):
        for literal in re.findall(r'"(?:[^"\\]|\\.)*"', condition):
            meili_unquote(literal)


def test_disjunctive_variant_omits_only_its_group() -> None:
    query = SearchQuery(
        offer_types=frozenset({"buddy"}),
        activities=frozenset({"koken"}),
        weekdays=frozenset({"mon"}),
        dutch_level="A1",
    )
    full = build_filter(query)
    assert build_filter(query, omit_group="offer_type") == [
        c for c in full if not c.startswith("offer_type")
    ]
    assert build_filter(query, omit_group="activity") == [
        c for c in full if not c.startswith("activities")
    ]
    assert build_filter(query, omit_group="weekday") == [
        c for c in full if not c.startswith("weekdays")
    ]
    assert build_filter(query, omit_group="dutch_level") == [
        c for c in full if not c.startswith("dutch_level_rank")
    ]
    # Omitting a group with no filter changes nothing.
    assert build_filter(query, omit_group="region") == full
    assert "pnt_eligible = true" in build_filter(query, omit_group="offer_type")
    with pytest.raises(ValueError):
        build_filter(query, omit_group="bogus")
    assert "activity" in FILTER_GROUPS


def test_geo_radius_in_metres_with_float_formatting() -> None:
    query = SearchQuery(criteria="all", origin=GeoPoint(50, 4), radius_km=2.5)
    assert build_filter(query) == ["_geoRadius(50.0, 4.0, 2500.0)"]
    query = SearchQuery(criteria="all", origin=GeoPoint(-33.8688197, 151.2092955), radius_km=0.0001)
    assert build_filter(query) == ["_geoRadius(-33.8688197, 151.2092955, 0.1)"]
    # An origin without a radius sorts by distance but filters nothing.
    assert build_filter(SearchQuery(criteria="all", origin=GeoPoint(50, 4))) == []


@pytest.mark.parametrize("radius", [-1.0, math.nan, math.inf])
def test_invalid_radius_is_refused(radius: float) -> None:
    with pytest.raises(ValueError):
        build_filter(SearchQuery(origin=GeoPoint(50, 4), radius_km=radius))


def test_format_float() -> None:
    assert format_float(2) == "2.0"
    assert format_float(50.8503) == "50.8503"
    assert format_float(1e-7) == "0.0000001"
    assert format_float(1e22) == "10000000000000000000000.0"
    for bad in (math.nan, math.inf, -math.inf):
        with pytest.raises(ValueError):
            format_float(bad)


# -- write filters -----------------------------------------------------------------


def test_offers_filter_selects_every_location_by_offer_id() -> None:
    assert offers_filter(["2", "10", "2"]) == 'offer_id IN ["10", "2"]'


def test_stale_locations_filter_exact_string() -> None:
    assert stale_locations_filter(["7", "3"], ["7-0", "3-1", "3-0"]) == (
        'offer_id IN ["3", "7"] AND id NOT IN ["3-0", "3-1", "7-0"]'
    )


@pytest.mark.parametrize("hostile", HOSTILE)
def test_write_filters_keep_hostile_ids_single_literals(hostile: str) -> None:
    # Built from the same quote() whose round trip through the parser is tested above.
    assert stale_locations_filter([hostile], [hostile + "-0"]) == (
        f"offer_id IN [{quote(hostile)}] AND id NOT IN [{quote(hostile + '-0')}]"
    )
    assert offers_filter([hostile]) == f"offer_id IN [{quote(hostile)}]"
    assert stale_locations_filter(['7" OR id EXISTS'], ["7-0"]) == (
        r'offer_id IN ["7\" OR id EXISTS"] AND id NOT IN ["7-0"]'
    )


def test_in_list_refuses_empty_lists_and_odd_attribute_names() -> None:
    with pytest.raises(ValueError):
        in_list("offer_id", [])
    with pytest.raises(ValueError):
        stale_locations_filter(["7"], [])
    for attribute in ("", "id OR x", 'id"', "1id", "id IN"):
        with pytest.raises(ValueError):
            in_list(attribute, ["a"])
    assert in_list("id", ["b", "a"], negate=True) == 'id NOT IN ["a", "b"]'
