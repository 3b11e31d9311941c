"""The one distance home of search_index: both formulations measure the same great circle."""

from __future__ import annotations

import pytest

from search_index.contract import GeoPoint
from search_index.geo import (
    chord2_limit,
    chord2_to_m,
    haversine_coords_m,
    haversine_m,
    unit_distance_m,
    unit_vector,
)

GENT = GeoPoint(51.0543, 3.7174)
ANTWERPEN = GeoPoint(51.2194, 4.4025)
ARLON = GeoPoint(49.6833, 5.8167)


def test_gent_to_antwerpen_is_about_51_2_km() -> None:
    assert haversine_m(GENT, ANTWERPEN) == pytest.approx(51_203.86, abs=0.01)
    assert haversine_coords_m(51.0543, 3.7174, 51.2194, 4.4025) == haversine_m(GENT, ANTWERPEN)


@pytest.mark.parametrize("a, b", [(GENT, ANTWERPEN), (GENT, ARLON), (ARLON, ARLON), (GENT, GeoPoint(-51, -176))])
def test_the_unit_vector_distance_equals_the_haversine(a: GeoPoint, b: GeoPoint) -> None:
    assert unit_distance_m(unit_vector(a.lat, a.lon), b.lat, b.lon) == pytest.approx(
        haversine_m(a, b), abs=0.01
    )


def test_a_radius_survives_the_chord_round_trip_and_the_far_side_is_the_whole_sphere() -> None:
    assert chord2_to_m(chord2_limit(15_000)) == pytest.approx(15_000, abs=1e-6)
    assert chord2_limit(30_000_000) == 4.0  # more than half the circumference: every point
    assert chord2_to_m(4.0) == pytest.approx(20_015_114.44, abs=0.01)  # half a great circle
