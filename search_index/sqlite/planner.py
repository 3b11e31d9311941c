"""Query planning for the embedded engine: where to start, and how to ask FTS5 within it.

The engine answers text by asking FTS5 for the documents of each query word.  A common
word's list is long (a word in a third of 100,000 offers is 33,000 entries), and a
radius of 15 km holds a few thousand offers.  When the place is the more selective
constraint, the engine takes the geographic candidates first and asks FTS5 about the
words only *within* them.

FTS5 cannot be handed a set of rowids cheaply (``rowid IN (...)`` is one lookup per
value), but it seeks along a doclist to a rowid range.  So a rebuild numbers documents
along a Hilbert curve over their first location: the offers of one area get
neighbouring rowids, a radius becomes a handful of rowid ranges, and each word's list
is walked only over those ranges.  Every answer is then intersected with the candidates
themselves, so totals and facets stay exact whatever the ranges cover.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import ClassVar

from search_index.contract import OfferDocument

__all__ = ["GeoFirstPlan", "hilbert_key", "plan_ranges", "spatial_order"]

#: Grid resolution of the Hilbert curve (2**16 cells per side: about 3 m over Belgium).
_ORDER = 16
#: The box the curve covers; points outside are clamped to its edge (still correct).
_LAT_MIN, _LAT_MAX = 49.0, 52.0
_LON_MIN, _LON_MAX = 2.0, 7.0
#: Non-candidates a range may span before it is cut in two (a seek costs about this).
_GAP = 96
#: At most this many rowid ranges per query: each is one more FTS5 statement per question.
_MAX_RANGES = 24
_NO_POINT = 1 << (2 * _ORDER)


def hilbert_key(lat: float, lon: float) -> int:
    """Return the position of a point along a Hilbert curve over Belgium and around."""
    side = 1 << _ORDER
    x = int((min(max(lon, _LON_MIN), _LON_MAX) - _LON_MIN) / (_LON_MAX - _LON_MIN) * (side - 1))
    y = int((min(max(lat, _LAT_MIN), _LAT_MAX) - _LAT_MIN) / (_LAT_MAX - _LAT_MIN) * (side - 1))
    d = 0
    s = side >> 1
    while s:
        rx = 1 if x & s else 0
        ry = 1 if y & s else 0
        d += s * s * ((3 * rx) ^ ry)
        if ry == 0:
            if rx == 1:
                x, y = side - 1 - x, side - 1 - y
            x, y = y, x
        s >>= 1
    return d


def spatial_order(docs: Iterable[OfferDocument]) -> list[OfferDocument]:
    """Return the documents, one per id (the last one wins), along the Hilbert curve.

    Documents without a location come last; ties keep the newest first, then by id.
    """
    unique: dict[str, OfferDocument] = {}
    for doc in docs:
        unique.pop(doc.id, None)
        unique[doc.id] = doc

    def key(doc: OfferDocument) -> tuple[int, int, str]:
        """Sort key: curve position, newest first, id."""
        pos = hilbert_key(doc.points[0].lat, doc.points[0].lon) if doc.points else _NO_POINT
        return (pos, -int(doc.published_at), doc.id)

    return sorted(unique.values(), key=key)


def _runs(members: Iterable[int], gap: int) -> Iterator[list[int]]:
    """Yield [first, last] runs of sorted members, joining runs closer than `gap`."""
    run: list[int] | None = None
    for r in members:
        if run is not None and r - run[1] <= gap:
            run[1] = r
            continue
        if run is not None:
            yield run
        run = [r, r]
    if run is not None:
        yield run


def plan_ranges(members: list[int], gap: int = _GAP, max_ranges: int = _MAX_RANGES) -> list[tuple[int, int]]:
    """Return few rowid ranges covering the sorted `members`, bridging the smallest gaps."""
    runs = list(_runs(members, gap))
    if len(runs) > max_ranges:
        # Bridge the smallest gaps until few enough ranges remain.
        gaps = sorted(range(1, len(runs)), key=lambda i: runs[i][0] - runs[i - 1][1])
        cut = set(gaps[len(runs) - max_ranges :])
        merged: list[list[int]] = [list(runs[0])]
        for i in range(1, len(runs)):
            if i in cut:
                merged.append(list(runs[i]))
            else:
                merged[-1][1] = runs[i][1]
        runs = merged
    return [(a, b) for a, b in runs]


@dataclass(frozen=True, slots=True)
class GeoFirstPlan:
    """Candidates taken from the place first, and the rowid ranges that cover them."""

    candidates: int
    ranges: tuple[tuple[int, int], ...]

    #: Below this many postings the rarest word's list is short: starting from it is
    #: cheaper than asking the place for its documents.
    MIN_POSTINGS: ClassVar[int] = 2000

    @classmethod
    def worth_trying(cls, rarest_postings: int) -> bool:
        """Return True if the rarest query word lists enough documents to try the place first."""
        return rarest_postings > cls.MIN_POSTINGS

    @property
    def span(self) -> int:
        """Return how many rowids the ranges cover (what FTS5 walks, at most)."""
        return sum(b - a + 1 for a, b in self.ranges)

    def signature(self) -> str:
        """Return a cache key part naming the ranges."""
        return ";".join(f"{a}-{b}" for a, b in self.ranges)

    @classmethod
    def choose(cls, candidates: int, members: list[int], rarest_postings: int, n_docs: int) -> GeoFirstPlan | None:
        """Return a geo-first plan when the place holds fewer offers than the rarest word lists.

        Walking a word's list over the ranges costs about postings * span / n_docs
        plus a seek per range; walking it whole costs its postings.  The plan is taken
        when the candidates are fewer than the rarest word's postings and the ranges
        cover under half the index.
        """
        count = len(members)
        if count >= rarest_postings or n_docs <= 0:
            return None
        plan = cls(candidates, tuple(plan_ranges(members)))
        if plan.span * 2 > n_docs:
            return None
        return plan
