"""Tantivy (Rust, through its Python bindings) doing the embedded engine's work, as a peer.

Bench-only (``pip install -e '.[bench]'``).  Per query it does what the embedded engine
does: the same normalised tokens in the same six attributes, every query word required
with a comparable typo budget (Meilisearch's lengths: one typo from 5 letters, two from
9, a transposition counting as one; the last word as a prefix), the same filters, the
exact total, the six disjunctive facet groups, the page of 20 sorted by relevance,
distance or newest, and the page's documents decoded.

What Tantivy has no equivalent for is done in Python beside it, as an application
would: the radius (Tantivy narrows to the bounding box on latitude/longitude fast
fields; the exact great-circle test and distances run on the points kept in memory;
the survivors go back into the query as a term set on a key field, so totals and facets
stay exact).  Ranking is Tantivy's BM25 with attribute boosts, not Meilisearch's bucket
sort, and the peer builds no highlights: slightly less work than the embedded engine.
"""

from __future__ import annotations

import json
import math
import shutil
import time
from collections.abc import Iterable
from pathlib import Path

import tantivy

from search_index import FACETS, OfferDocument, SearchQuery
from search_index.contract import DUTCH_LEVELS, GeoPoint
from search_index.geo import EARTH_RADIUS_M, haversine_coords_m
from search_index.normalize import tokenize
from search_index.sqlite import MAX_QUERY_WORDS
from search_index.sqlite.storage import EVERY_DOC, FIELDS, fts_row

#: Attribute boosts in ranking order (title first), so BM25 prefers earlier attributes.
_BOOST = {"title": 6.0, "summary": 5.0, "taxonomy": 4.0, "organisation": 3.0, "municipality": 2.0, "description": 1.0}
_LEVEL = {code: rank for rank, code in enumerate(DUTCH_LEVELS)}
_GROUP_FIELD = {g: g for g in FACETS}


def _budget(word: str) -> int:
    return 0 if len(word) < 5 else 1 if len(word) < 9 else 2


def _schema() -> tantivy.Schema:
    """Return the peer's schema."""
    b = tantivy.SchemaBuilder()
    for name in FIELDS:
        b.add_text_field(name, tokenizer_name="whitespace", index_option="basic")
    for name in ("offer_type", "activity", "region", "municipality_code", "weekday", "daypart", "dutch_level"):
        b.add_text_field(name, tokenizer_name="raw", index_option="basic", fast=True)
    for name in ("key", "pnt", "free", "wheelchair", "level_rank"):
        b.add_unsigned_field(name, indexed=True, fast=True)
    b.add_integer_field("published_at", fast=True)
    b.add_float_field("lat", indexed=True, fast=True)
    b.add_float_field("lon", indexed=True, fast=True)
    b.add_bytes_field("payload", stored=True, indexed=False)
    return b.build()


class TantivyPeer:
    """A Tantivy index of the same documents, answering the bench's queries."""

    def __init__(self, folder: Path) -> None:
        """Use (and own) `folder` for the index."""
        self.folder = folder
        self.schema = _schema()
        self.points: list[tuple[tuple[float, float], ...]] = []
        self.published: list[int] = []
        self.index: tantivy.Index | None = None
        self.searcher: tantivy.Searcher | None = None

    # ----------------------------------------------------------------- build

    def build(self, docs: Iterable[OfferDocument]) -> None:
        """Index the documents (one writer thread, like the embedded engine's one writer)."""
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)
        index = tantivy.Index(self.schema, path=str(self.folder))
        writer = index.writer(heap_size=200_000_000, num_threads=1)
        self.points, self.published = [], []
        for key, doc in enumerate(docs):
            d = tantivy.Document()
            for name, text in zip(FIELDS, fts_row(doc), strict=True):
                d.add_text(name, text.replace(EVERY_DOC, "").strip())
            d.add_text("offer_type", doc.offer_type)
            for a in doc.activities:
                d.add_text("activity", a)
            d.add_text("region", doc.region)
            d.add_text("municipality_code", doc.municipality)
            for w in doc.weekdays:
                d.add_text("weekday", w)
            for p in doc.dayparts:
                d.add_text("daypart", p)
            d.add_text("dutch_level", doc.dutch_level)
            d.add_unsigned("key", key)
            d.add_unsigned("pnt", int(doc.pnt_eligible))
            d.add_unsigned("free", int(doc.free))
            d.add_unsigned("wheelchair", int(doc.wheelchair))
            d.add_unsigned("level_rank", _LEVEL.get(doc.dutch_level, 0))
            d.add_integer("published_at", int(doc.published_at))
            for p in doc.points:
                d.add_float("lat", p.lat)
                d.add_float("lon", p.lon)
            d.add_bytes("payload", _payload(doc).encode())
            writer.add_document(d)
            self.points.append(tuple((p.lat, p.lon) for p in doc.points))
            self.published.append(int(doc.published_at))
        writer.commit()
        writer.wait_merging_threads()
        self.open()

    def open(self) -> None:
        """Open the index and a searcher."""
        self.index = tantivy.Index.open(str(self.folder))
        self.searcher = self.index.searcher()

    def size_mb(self) -> float:
        """Return the index's size on disk in MB."""
        return sum(f.stat().st_size for f in self.folder.rglob("*") if f.is_file()) / 1e6

    # ----------------------------------------------------------------- search

    def _term(self, field: str, value: object) -> tantivy.Query:
        return tantivy.Query.term_query(self.schema, field, value)

    def _any(self, field: str, values: Iterable[str]) -> tantivy.Query:
        return tantivy.Query.term_set_query(self.schema, field, sorted(values))

    def _text(self, q: SearchQuery) -> list[tantivy.Query]:
        """Return one required query per query word: any attribute, within the typo budget."""
        text = q.text or ""
        words = tokenize(text)[:MAX_QUERY_WORDS]
        prefix_last = bool(words) and not text[-1:].isspace()
        out = []
        for i, word in enumerate(words):
            prefix = prefix_last and i == len(words) - 1
            k = _budget(word)
            per_field = [
                (
                    tantivy.Occur.Should,
                    tantivy.Query.boost_query(
                        tantivy.Query.fuzzy_term_query(
                            self.schema, field, word, distance=k, transposition_cost_one=True, prefix=prefix
                        ),
                        _BOOST[field],
                    ),
                )
                for field in FIELDS
            ]
            out.append(tantivy.Query.boolean_query(per_field))
        return out

    def search(self, q: SearchQuery) -> tuple[int, list[tuple[float | None, OfferDocument]], dict[str, dict[str, int]]]:
        """Return the total, the page (distance, document) and the facet counts."""
        assert self.searcher is not None
        must: list[tantivy.Query] = self._text(q)
        if q.criteria != "all":
            must.append(self._term("pnt", 1))
        if q.free_only:
            must.append(self._term("free", 1))
        if q.wheelchair:
            must.append(self._term("wheelchair", 1))
        if q.municipalities:
            must.append(self._any("municipality_code", q.municipalities))
        groups: dict[str, tantivy.Query] = {}
        if q.offer_types:
            groups["offer_type"] = self._any("offer_type", q.offer_types)
        if q.activities:
            groups["activity"] = self._any("activity", q.activities)
        if q.regions:
            groups["region"] = self._any("region", q.regions)
        if q.weekdays:
            groups["weekday"] = self._any("weekday", q.weekdays)
        if q.dayparts:
            groups["daypart"] = self._any("daypart", q.dayparts)
        if q.dutch_level in _LEVEL:
            groups["dutch_level"] = tantivy.Query.range_query(
                self.schema, "level_rank", tantivy.FieldType.Unsigned, 0, _LEVEL[q.dutch_level]
            )
        distances: dict[int, float] | None = None
        if q.origin is not None and q.radius_km is not None:
            distances = self._within(q.origin, q.radius_km * 1000.0, must, list(groups.values()))
            if not distances:
                return 0, [], {g: {} for g in q.facets}
            must.append(self._any_keys(distances))
        query = self._and([*must, *groups.values()])
        page_size = q.clamped_page_size()
        offset = (q.clamped_page() - 1) * page_size
        sort = q.effective_sort()
        if sort == "distance" and q.origin is not None:
            total, page = self._page_by_distance(query, q.origin, distances, offset, page_size)
        else:
            if sort == "newest" or not q.text.strip():
                found = self.searcher.search(query, page_size, count=True, order_by_field="published_at", offset=offset)
            else:
                found = self.searcher.search(query, page_size, count=True, offset=offset)
            total = found.count or 0
            page = [(None, addr) for _score, addr in found.hits]
        facets = self._facets(must, groups, q.facets)
        docs = [(dist, self._document(addr)) for dist, addr in page]
        return total, docs, facets

    def _and(self, parts: list[tantivy.Query]) -> tantivy.Query:
        if not parts:
            return tantivy.Query.all_query()
        if len(parts) == 1:
            return parts[0]
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, p) for p in parts])

    def _any_keys(self, keys: Iterable[int]) -> tantivy.Query:
        return tantivy.Query.const_score_query(
            tantivy.Query.term_set_query(self.schema, "key", sorted(keys)), 0.0
        )

    def _within(
        self, origin: GeoPoint, radius_m: float, must: list[tantivy.Query], groups: list[tantivy.Query]
    ) -> dict[int, float]:
        """Return {key: metres} of the documents matching `must` within the radius.

        Tantivy narrows to the bounding box; the exact test runs on the points in memory.
        Group filters are left out: the disjunctive facets need the documents they drop.
        """
        assert self.searcher is not None
        dlat = math.degrees(radius_m / EARTH_RADIUS_M)
        dlon = dlat / max(0.01, math.cos(math.radians(origin.lat)))
        box = [
            tantivy.Query.range_query(self.schema, "lat", tantivy.FieldType.Float, origin.lat - dlat, origin.lat + dlat),
            tantivy.Query.range_query(self.schema, "lon", tantivy.FieldType.Float, origin.lon - dlon, origin.lon + dlon),
        ]
        query = self._and([*must, *box])
        n = self.searcher.search(query, 1, count=True).count or 0
        if not n:
            return {}
        found = self.searcher.search(query, n, count=False)
        keys = self.searcher.fast_field_values("key", [addr for _s, addr in found.hits])
        out: dict[int, float] = {}
        for key in keys:
            best = min(
                (haversine_coords_m(origin.lat, origin.lon, lat, lon) for lat, lon in self.points[key]),
                default=math.inf,
            )
            if best <= radius_m:
                out[key] = best
        return out

    def _page_by_distance(
        self,
        query: tantivy.Query,
        origin: GeoPoint,
        distances: dict[int, float] | None,
        offset: int,
        size: int,
    ) -> tuple[int, list[tuple[float | None, tantivy.DocAddress]]]:
        """Return the total and the page nearest first (ties: newest), in Python."""
        assert self.searcher is not None
        total = self.searcher.search(query, 1, count=True).count or 0
        found = self.searcher.search(query, max(total, 1), count=False)
        addrs = [addr for _s, addr in found.hits]
        keys = self.searcher.fast_field_values("key", addrs)
        ranked = []
        for key, addr in zip(keys, addrs, strict=True):
            if distances is not None and key in distances:
                dist = distances[key]
            else:
                dist = min(
                    (haversine_coords_m(origin.lat, origin.lon, lat, lon) for lat, lon in self.points[key]),
                    default=math.inf,
                )
            ranked.append((dist, -self.published[key], key, addr))
        ranked.sort(key=lambda r: r[:3])
        return total, [(d, addr) for d, _p, _k, addr in ranked[offset : offset + size]]

    def _facets(
        self, must: list[tantivy.Query], groups: dict[str, tantivy.Query], wanted: Iterable[str]
    ) -> dict[str, dict[str, int]]:
        """Count facet values; each group ignores its own filter (disjunctive facets)."""
        assert self.searcher is not None
        wanted = [g for g in dict.fromkeys(wanted) if g in _GROUP_FIELD]
        out: dict[str, dict[str, int]] = {}
        plain = [g for g in wanted if g not in groups]
        calls: list[tuple[list[str], tantivy.Query]] = []
        if plain:
            calls.append((plain, self._and([*must, *groups.values()])))
        for g in wanted:
            if g in groups:
                calls.append(([g], self._and([*must, *(bm for other, bm in groups.items() if other != g)])))
        for names, query in calls:
            agg = {n: {"terms": {"field": _GROUP_FIELD[n], "size": 500}} for n in names}
            result = self.searcher.aggregate(query, agg)
            for n in names:
                out[n] = {b["key"]: b["doc_count"] for b in result[n]["buckets"] if b["doc_count"]}
        return out

    def _document(self, addr: tantivy.DocAddress) -> OfferDocument:
        """Return the stored document of a hit."""
        assert self.searcher is not None
        data = json.loads(self.searcher.doc(addr)["payload"][0])  # bytes: json takes them as they are
        data["points"] = tuple(GeoPoint(lat, lon) for lat, lon in data["points"])
        for name in ("activities", "taxonomy_terms", "weekdays", "dayparts"):
            data[name] = tuple(data[name])
        return OfferDocument(**data)


def _payload(doc: OfferDocument) -> str:
    """Return a document as JSON (the stored copy the page is built from)."""
    return json.dumps(
        {
            "id": doc.id,
            "title": dict(doc.title),
            "summary": dict(doc.summary),
            "description_nl": doc.description_nl,
            "organisation": doc.organisation,
            "offer_type": doc.offer_type,
            "activities": list(doc.activities),
            "taxonomy_terms": list(doc.taxonomy_terms),
            "municipality": doc.municipality,
            "municipality_name": doc.municipality_name,
            "region": doc.region,
            "points": [[p.lat, p.lon] for p in doc.points],
            "dutch_context": doc.dutch_context,
            "social_participation": doc.social_participation,
            "weekdays": list(doc.weekdays),
            "dayparts": list(doc.dayparts),
            "free": doc.free,
            "wheelchair": doc.wheelchair,
            "dutch_level": doc.dutch_level,
            "published_at": doc.published_at,
            "confirmed_at": doc.confirmed_at,
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )


def timed_open(folder: Path) -> float:
    """Return the ms it takes to open the index and get a searcher."""
    start = time.perf_counter()
    index = tantivy.Index.open(str(folder))
    index.searcher()
    return (time.perf_counter() - start) * 1000
