"""The in-memory view of one index generation: filter bitmaps, order, caches of word matches."""

from __future__ import annotations

import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable

from search_index.contract import (
    DAYPARTS,
    WEEKDAYS,
    GeoPoint,
)
from search_index.sqlite.bitmaps import bitmap_members, bitmap_of, bitmap_of_csv
from search_index.sqlite.geo import bitmap_within
from search_index.sqlite.planner import GeoFirstPlan
from search_index.sqlite.snapshot import Snapshot
from search_index.sqlite.storage import (
    EVERY_DOC,
    FIELDS,
    LEVEL_RANK,
    VALUE_GROUPS,
    collect,
    compact_json,
    fts_row,
    load_documents,
)
from search_index.sqlite.vocabulary import Vocabulary, WordMatch, load_vocabulary, vocabulary_from

#: Word matches and FTS5 answers kept per index generation (least recently used go).
STATE_CACHE_ENTRIES = 512
#: Up to this many members, a set may be listed and sorted instead of walking the order.
SMALL_SET = 4096
#: What listing and sorting a member of a set costs, in documents walked in order.
LIST_COST = 8


class IndexState:
    """In-memory view of one index generation: filter bitmaps, order, caches.

    Built in full when a process first reads an index (or after a rebuild); after
    writes it is patched from the change log, so a write costs readers milliseconds.
    """

    def __init__(
        self,
        key: tuple[str, int],
        conn: sqlite3.Connection,
        base: IndexState | None = None,
        changed: list[int] | None = None,
        snapshot: Snapshot | None = None,
    ) -> None:
        """Load the state in full, from a saved `snapshot`, or as `base` patched for `changed`."""
        self.key = key
        self._lock = threading.Lock()
        self._vocab: Vocabulary | None = None
        self._labels: dict[int, str] | None = None
        self._matches: OrderedDict[tuple[str, bool], WordMatch] = OrderedDict()
        self._bitmaps: OrderedDict[str, int] = OrderedDict()
        order: list[int] | None = None
        if snapshot is not None:
            self.flags, self.values, col_df, order = snapshot
            self._vocab = vocabulary_from(col_df)
        elif base is None or changed is None:
            self.flags, self.values = collect(conn, "1", ())
        else:
            scope = "doc IN (SELECT value FROM json_each(?))"
            flags, values = collect(conn, scope, (compact_json(changed),))
            keep = ~bitmap_of(changed)
            names = set(base.flags) | set(flags)
            self.flags = {n: (base.flags.get(n, 0) & keep) | flags.get(n, 0) for n in names}
            self.values = {}
            for group, _, _ in VALUE_GROUPS:
                old, fresh = base.values.get(group, {}), values.get(group, {})
                merged = {
                    v: (old.get(v, 0) & keep) | fresh.get(v, 0) for v in set(old) | set(fresh)
                }
                self.values[group] = {v: bm for v, bm in merged.items() if bm}
            if base._vocab is not None:
                added: dict[str, list[int]] = {}
                for doc in load_documents(conn, changed).values():
                    for col, text in enumerate(fts_row(doc)):
                        for t in text.split():
                            added.setdefault(t, [0] * len(FIELDS))[col] += 1
                added.pop(EVERY_DOC, None)
                # Terms of removed documents stay until the next full load; they
                # only ever match nothing.
                self._vocab = base._vocab.extended({t: tuple(c) for t, c in added.items()})
        self.live = self.flags.get("live", 0)
        self.pnt = self.flags.get("pnt", 0)
        self.free = self.flags.get("free", 0)
        self.wheelchair = self.flags.get("wheelchair", 0)
        self.has_points = self.flags.get("has_points", 0)
        self.weekdays = {d: self.flags.get(f"weekday:{d}", 0) for d in WEEKDAYS}
        self.dayparts = {d: self.flags.get(f"daypart:{d}", 0) for d in DAYPARTS}
        self.level_rank = {code: LEVEL_RANK.get(code, 0) for code in self.values["dutch_level"]}
        self.order = order if order is not None else [r for (r,) in conn.execute(
            "SELECT doc FROM docs ORDER BY published_at DESC, id"
        )]
        self.rank_of = [0] * (max(self.order, default=0) + 1)
        for pos, rowid in enumerate(self.order):
            self.rank_of[rowid] = pos

    def labels(self, conn: sqlite3.Connection) -> dict[int, str]:
        """Return all taxonomy labels by id, loaded on first use."""
        with self._lock:
            if self._labels is None:
                self._labels = dict(conn.execute("SELECT id, text FROM labels").fetchall())
            return self._labels

    def vocabulary(self, conn: sqlite3.Connection) -> Vocabulary:
        """Return the vocabulary, loading it from fts5vocab on first use."""
        with self._lock:
            if self._vocab is None:
                self._vocab = load_vocabulary(conn)
            return self._vocab

    def word_match(self, conn: sqlite3.Connection, word: str, prefix: bool) -> WordMatch:
        """Return (cached) typo/prefix derivations of a query word."""
        key = (word, prefix)
        with self._lock:
            hit = self._matches.get(key)
            if hit is not None:
                self._matches.move_to_end(key)
                return hit
        found = self.vocabulary(conn).match(word, prefix)
        with self._lock:
            self._matches[key] = found
            if len(self._matches) > STATE_CACHE_ENTRIES:
                self._matches.popitem(last=False)
        return found

    def _cached(self, key: str, compute: Callable[[], int]) -> int:
        """Return a bitmap from the per-generation cache, computing it on a miss."""
        with self._lock:
            hit = self._bitmaps.get(key)
            if hit is not None:
                self._bitmaps.move_to_end(key)
                return hit
        bitmap = compute()
        with self._lock:
            self._bitmaps[key] = bitmap
            if len(self._bitmaps) > STATE_CACHE_ENTRIES:
                self._bitmaps.popitem(last=False)
        return bitmap

    def fts_bitmap(self, conn: sqlite3.Connection, expr: str) -> int:
        """Return the bitmap of documents matching an FTS5 expression built by us."""

        def compute() -> int:
            """Ask FTS5 for the documents as one string (see `_bitmap_of_csv`)."""
            (text,) = conn.execute(
                "SELECT group_concat(rowid) FROM fts WHERE fts MATCH ?", (expr,)
            ).fetchone()
            return bitmap_of_csv(text)

        return self._cached("fts:" + expr, compute)

    def fts_bitmap_ranges(self, conn: sqlite3.Connection, expr: str, plan: GeoFirstPlan) -> int:
        """Return the documents of an FTS5 expression within a plan's rowid ranges.

        FTS5 seeks to each range along the doclists instead of walking them whole;
        the caller intersects with the candidates (the ranges may cover others).
        """

        def compute() -> int:
            """Ask FTS5 once per range (ranges may share documents: repeats are allowed)."""
            parts = [
                text
                for first, last in plan.ranges
                for (text,) in conn.execute(
                    "SELECT group_concat(rowid) FROM fts WHERE fts MATCH ?"
                    " AND rowid BETWEEN ? AND ?",
                    (expr, first, last),
                )
                if text
            ]
            return bitmap_of_csv(",".join(parts))

        return self._cached(f"fts:{expr}@{plan.signature()}", compute)

    def municipalities(self, conn: sqlite3.Connection, codes: Iterable[str]) -> int:
        """Return the documents in any of the municipalities (too many values to preload)."""
        wanted = compact_json(sorted(codes))

        def compute() -> int:
            """Ask SQLite through the municipality index."""
            (text,) = conn.execute(
                "SELECT group_concat(doc) FROM docs"
                " WHERE municipality IN (SELECT value FROM json_each(?))",
                (wanted,),
            ).fetchone()
            return bitmap_of_csv(text)

        return self._cached("municipality:" + wanted, compute)

    def within(self, conn: sqlite3.Connection, origin: GeoPoint, radius_m: float) -> int:
        """Return the documents within a radius of a point (cached per generation)."""
        key = f"geo:{origin.lat!r},{origin.lon!r},{radius_m!r}"
        return self._cached(key, lambda: bitmap_within(conn, origin, radius_m))

    def take_newest(self, bitmap: int, skip: int, need: int) -> list[int]:
        """Return `need` documents of `bitmap` after `skip`, newest first (then id).

        Listing and sorting the members costs per member; walking the newest-first
        order costs per document passed, about (skip + need) * documents / members
        when the members are spread evenly.  A small set is walked only that far
        before it is listed after all, so an unlucky set costs at most twice as much.
        """
        if need <= 0 or not bitmap:
            return []
        count = bitmap.bit_count()
        budget: int | None = None
        if count <= SMALL_SET:
            budget = count * LIST_COST
            if budget <= (skip + need) * len(self.order) // count:
                return self._sorted_members(bitmap, skip, need)
        data = bitmap.to_bytes((bitmap.bit_length() + 7) // 8, "little")
        limit = len(data) * 8
        out: list[int] = []
        left = skip
        order = self.order if budget is None else self.order[:budget]
        for doc in order:
            if doc < limit and data[doc >> 3] >> (doc & 7) & 1:
                if left:
                    left -= 1
                    continue
                out.append(doc)
                if len(out) >= need:
                    return out
        if budget is None or budget >= len(self.order):
            return out
        return self._sorted_members(bitmap, skip, need)

    def _sorted_members(self, bitmap: int, skip: int, need: int) -> list[int]:
        """Return `need` members of `bitmap` after `skip`, newest first, by sorting them."""
        members = bitmap_members(bitmap)
        members.sort(key=self.rank_of.__getitem__)
        return members[skip : skip + need]
