"""Great-circle distances for the search engines: the one distance home of `search_index`.

Both engines (and the benchmark) measure on a sphere of the mean Earth radius, as
Meilisearch's `_geoRadius` does, so the embedded engine and Meilisearch agree on
which offers lie within a radius. `search_index` may not import the application, so
the application's own `aanbodplatform.geo.distance_m` lives there and this one here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from search_index.contract import GeoPoint

#: The mean Earth radius in metres (IUGG), the one Meilisearch uses.
EARTH_RADIUS_M = 6_371_008.8

UnitVector = tuple[float, float, float]


def haversine_coords_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Return the great-circle distance in metres between two (lat, lon) pairs."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dlat = p2 - p1
    dlon = math.radians(lon2 - lon1)
    h = math.sin(dlat / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def haversine_m(a: GeoPoint, b: GeoPoint) -> float:
    """Return the great-circle distance between two points in metres (mean Earth radius)."""
    return haversine_coords_m(a.lat, a.lon, b.lat, b.lon)


def nearest_distance_m(origin: GeoPoint, points: Sequence[GeoPoint]) -> float | None:
    """Return the distance from `origin` to the nearest of `points` (None without points)."""
    return min((haversine_m(origin, p) for p in points), default=None)


# The embedded engine's R*Tree stores points as unit vectors: a radius on the sphere
# is then a chord length, which a box query can bound. The same great circle.


def unit_vector(lat: float, lon: float) -> UnitVector:
    """Return the unit vector of a WGS84 point on the sphere."""
    phi, lam = math.radians(lat), math.radians(lon)
    return (math.cos(phi) * math.cos(lam), math.cos(phi) * math.sin(lam), math.sin(phi))


def chord2_limit(radius_m: float) -> float:
    """Return the squared chord length matching a great-circle distance."""
    angle = radius_m / EARTH_RADIUS_M
    if angle >= math.pi:
        return 4.0
    return (2.0 * math.sin(angle / 2.0)) ** 2


def chord2_to_m(c2: float) -> float:
    """Return the great-circle distance in metres for a squared chord length."""
    return 2.0 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(max(0.0, c2)) / 2.0))


def unit_distance_m(a: UnitVector, lat: float, lon: float) -> float:
    """Return the great-circle distance between unit vector `a` and a point."""
    b = unit_vector(lat, lon)
    return chord2_to_m((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2 + (a[2] - b[2]) ** 2)
