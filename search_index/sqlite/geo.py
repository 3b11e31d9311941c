"""Locations in the R*Tree: unit vectors in integer units, a radius as a cube plus an exact chord test."""

from __future__ import annotations

import math
import sqlite3

from search_index.contract import (
    GeoPoint,
)
from search_index.geo import chord2_limit, unit_vector
from search_index.sqlite.bitmaps import bitmap_of_csv

#: Unit vectors are stored as integers scaled by this (resolution about 6 mm).
GEO_SCALE = 1 << 30
#: Low bits of an R*Tree entry id numbering a document's locations.
POINT_BITS = 10
#: Locations indexed per document (the id has room for this many).
MAX_POINTS = 1 << POINT_BITS


def grid(lat: float, lon: float) -> tuple[int, int, int]:
    """Return a point's unit vector in the R*Tree's integer units."""
    x, y, z = unit_vector(lat, lon)
    return (round(x * GEO_SCALE), round(y * GEO_SCALE), round(z * GEO_SCALE))


#: Squared chord from the origin to an entry, in R*Tree units (the exact test).
CHORD2_SQL = "(min_x - ?) * (min_x - ?) + (min_y - ?) * (min_y - ?) + (min_z - ?) * (min_z - ?)"


def geo_box(origin: GeoPoint, radius_m: float) -> tuple[tuple[float, ...], list[int], float]:
    """Return the origin (R*Tree units, each twice), the cube around it, the chord²."""
    ox, oy, oz = (c * GEO_SCALE for c in unit_vector(origin.lat, origin.lon))
    chord = math.sqrt(chord2_limit(radius_m)) * GEO_SCALE
    box: list[int] = []
    for centre in (ox, oy, oz):
        box += [math.floor(centre - chord) - 1, math.ceil(centre + chord) + 1]
    return (ox, ox, oy, oy, oz, oz), box, chord * chord


#: The R*Tree's bounding-box test (the cube around the origin).
IN_BOX_SQL = "max_x >= ? AND min_x <= ? AND max_y >= ? AND min_y <= ? AND max_z >= ? AND min_z <= ?"


def points_within(conn: sqlite3.Connection, origin: GeoPoint, radius_m: float) -> dict[int, float]:
    """Return {doc: squared chord to its nearest location} for documents within radius_m.

    The cube around the origin is the R*Tree's bounding-box prefilter; the chord test
    (in R*Tree units) is the exact great-circle test, as chords order like arcs.
    """
    o, box, limit = geo_box(origin, radius_m)
    return dict(conn.execute(
        f"SELECT id >> {POINT_BITS}, MIN({CHORD2_SQL}) FROM geo WHERE {IN_BOX_SQL} AND {CHORD2_SQL} <= ?"
        " GROUP BY 1",
        (*o, *box, *o, limit),
    ).fetchall())


def bitmap_within(conn: sqlite3.Connection, origin: GeoPoint, radius_m: float) -> int:
    """Return the documents with a location within radius_m, as a bitmap.

    The R*Tree yields entries in its own order, so grouping them by 64-document word
    in SQL needs a sort; one string of document numbers is cheaper to hand over.
    """
    o, box, limit = geo_box(origin, radius_m)
    (text,) = conn.execute(
        f"SELECT group_concat(id >> {POINT_BITS}) FROM geo WHERE {IN_BOX_SQL} AND {CHORD2_SQL} <= ?",
        (*box, *o, limit),
    ).fetchone()
    return bitmap_of_csv(text)
