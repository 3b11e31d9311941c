"""The embedded search engine: SQLite FTS5 + R*Tree in its own file, Meilisearch semantics.

Storage (one SQLite file, WAL mode):

* ``fts``: FTS5 over pre-normalised text, one column per searchable attribute in
  ranking order (title, summary, taxonomy, organisation, municipality, description);
  the tokenizer only ever sees output of :mod:`search_index.normalize`.
* ``docs``: id and the filter columns (narrow, so scans are cheap); ``doc_activity``
  for activities; ``payloads``: the JSON documents, read only for the page.
* ``geo``: an integer R*Tree with one entry per location: the point's unit vector on the
  sphere, scaled by 2**30 (about 6 mm on Earth).  A radius becomes a cube around the
  origin (the bounding-box prefilter) plus an exact chord-length test in integer
  arithmetic, so no row needs trigonometry or a lookup in another table.  Entry ids are
  ``doc << 10 | k``: the document is in the id.
* ``labels``: taxonomy labels, stored once and referred to by id from payloads.
* ``meta``: schema and text versions, an index id, a generation counter bumped by every
  write; ``changes`` lists the documents each generation touched.

Search runs in one read snapshot.  Per (index id, generation) the engine keeps, in
memory, the vocabulary (for typo candidates, with each term's documents per attribute,
read through a temporary fts5vocab table) and a bitmap per filter value (Python ints
as bitsets over document rowids).  Text matching asks FTS5 for the documents of
vocabulary terms the engine quoted itself, turns them into bitmaps and intersects;
filters, disjunctive facets and totals are bitmap operations; ranking is a lazy bucket
sort (typo → attribute → exactness → newest) that only refines the buckets reaching
into the requested page.

An FTS5 query costs little per document it walks past and much per row it returns
(the grouping into 64-bit words), so rows are kept few: the query word with the
fewest documents is asked for first and every other question (the other words, typo
levels, attributes, exactness) only within its documents; a question most documents
answer yes to is asked as its complement; a word's attribute is asked for only when a
bucket needs it and only where the vocabulary says the word occurs; a prefix with few
completions is asked for as the list of them (FTS5 merges a prefix's lists anew for
every query, unless it has 2 or 3 characters, which have their own index).
"""

from __future__ import annotations

import bisect
import json
import math
import os
import re
import sqlite3
import struct
import sys
import threading
import time
import uuid
import zlib
from array import array
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, fields
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import Any

from search_index.contract import (
    DAYPARTS,
    DUTCH_LEVELS,
    FACETS,
    WEEKDAYS,
    EngineHealth,
    GeoPoint,
    OfferDocument,
    SearchError,
    SearchHit,
    SearchQuery,
    SearchResult,
)
from search_index.geo import EARTH_RADIUS_M, chord2_limit, unit_distance_m, unit_vector
from search_index.highlight import mark_spans, render_marked
from search_index.lexicon import Lexicon, QueryPlan, choose_words, highlight_spans
from search_index.normalize import tokenize
from search_index.sqlite_planner import GeoFirstPlan, plan_ranges, spatial_order
from search_index.sqlite_snapshot import SNAPSHOT_SCHEMA, Snapshot, read_snapshot, write_snapshot

__all__ = ["SQLiteSearchEngine", "MAX_QUERY_WORDS"]

SCHEMA_VERSION = 3
#: Bump when normalisation or the indexed text changes: the contentless FTS table is
#: updated by recomputing a document's text, which must equal what was indexed.
TEXT_VERSION = 3
#: A term in every document (a private-use character the normaliser never emits), so
#: "every document NOT word" can list the complement of a very common word.
EVERY_DOC = "\uf8ff"
#: Meilisearch ignores every query word after the tenth; so do we.
MAX_QUERY_WORDS = 10
#: Meilisearch's caps on typo derivations per query word (milli `limits`).
MAX_ONE_TYPO = 150
MAX_TWO_TYPOS = 50
#: Searchable attributes in ranking order; FTS column index = attribute rank.
FIELDS = ("title", "summary", "taxonomy", "organisation", "municipality", "description")
_MAX_CHAR = "\U0010ffff"
_POOL_SIZE = 8
_STATE_CACHE_ENTRIES = 512
_SMALL_SET = 4096
#: What listing and sorting a member of a set costs, in documents walked in order.
_LIST_COST = 8
_DIRECT_DISTANCE = 2000
#: A prefix matching at most this many terms is asked for as a list of those terms.
_EXPAND_TERMS = 8
#: Unit vectors are stored as integers scaled by this (resolution about 6 mm).
GEO_SCALE = 1 << 30
#: Low bits of an R*Tree entry id numbering a document's locations.
POINT_BITS = 10
MAX_POINTS = 1 << POINT_BITS
#: Readers older than this many generations reload their state in full.
_LOG_KEEP = 1024
_LOG_PRUNE_EVERY = 128
_PATCH_LIMIT = 20_000
_LEVEL_RANK = {code: rank for rank, code in enumerate(DUTCH_LEVELS)}
_WEEKDAY_BIT = {code: i for i, code in enumerate(WEEKDAYS)}
_DAYPART_BIT = {code: i for i, code in enumerate(DAYPARTS)}
_BYTE_BITS = tuple(tuple(j for j in range(8) if b >> j & 1) for b in range(256))
_NONZERO_BYTE = re.compile(rb"[^\x00]")
_BIT = bytes(1 << j for j in range(8))

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID;
-- Filter columns only: the in-memory state is built by scanning this table.
CREATE TABLE IF NOT EXISTS docs (
    doc INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    offer_type TEXT NOT NULL,
    region TEXT NOT NULL,
    municipality TEXT NOT NULL,
    pnt INTEGER NOT NULL,
    free INTEGER NOT NULL,
    wheelchair INTEGER NOT NULL,
    dutch_level TEXT NOT NULL,
    level_rank INTEGER NOT NULL,
    weekday_mask INTEGER NOT NULL,
    daypart_mask INTEGER NOT NULL,
    n_points INTEGER NOT NULL,
    published_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS docs_newest ON docs (published_at DESC, id);
CREATE INDEX IF NOT EXISTS docs_municipality ON docs (municipality);
CREATE TABLE IF NOT EXISTS payloads (doc INTEGER PRIMARY KEY, payload TEXT NOT NULL);
-- Taxonomy labels repeat across offers (often 200 per offer, in 14 languages);
-- payloads refer to them by id.
CREATE TABLE IF NOT EXISTS labels (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS doc_activity (
    doc INTEGER NOT NULL,
    activity TEXT NOT NULL,
    PRIMARY KEY (doc, activity)
) WITHOUT ROWID;
CREATE VIRTUAL TABLE IF NOT EXISTS geo USING rtree_i32 (
    id, min_x, max_x, min_y, max_y, min_z, max_z
);
-- Documents touched by each write, so readers can patch their in-memory state.
CREATE TABLE IF NOT EXISTS changes (generation INTEGER NOT NULL, doc INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS changes_generation ON changes (generation);
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5 (
    {", ".join(FIELDS)},
    tokenize = 'unicode61 remove_diacritics 2',
    content = '',
    detail = column,
    prefix = '2 3'
);
CREATE VIRTUAL TABLE IF NOT EXISTS fts_vocab USING fts5vocab (fts, 'row');
-- The in-memory state saved by a rebuild (see sqlite_snapshot).
{SNAPSHOT_SCHEMA}
"""


# --------------------------------------------------------------------------- helpers


def _max_typos(token: str) -> int:
    """Return the typos Meilisearch allows for a query word of this length (chars)."""
    n = len(token)
    return 0 if n < 5 else 1 if n < 9 else 2


def _quote(term: str) -> str:
    """Return `term` as an FTS5 string literal (the only way user text reaches MATCH)."""
    return '"' + term.replace('"', '""') + '"'


def _grid(lat: float, lon: float) -> tuple[int, int, int]:
    """Return a point's unit vector in the R*Tree's integer units."""
    x, y, z = unit_vector(lat, lon)
    return (round(x * GEO_SCALE), round(y * GEO_SCALE), round(z * GEO_SCALE))


def _members(bitmap: int) -> list[int]:
    """Return the set bits of `bitmap` in increasing order."""
    if not bitmap:
        return []
    data = bitmap.to_bytes((bitmap.bit_length() + 7) // 8, "little")
    out: list[int] = []
    for m in _NONZERO_BYTE.finditer(data):
        i = m.start()
        base = i * 8
        out.extend(base + j for j in _BYTE_BITS[data[i]])
    return out


def _bitmap_of(ids: Iterable[int]) -> int:
    """Return a bitmap with the given bits set."""
    buf = bytearray()
    for r in ids:
        i = r >> 3
        if i >= len(buf):
            buf.extend(bytes(i - len(buf) + 1 + 1024))
        buf[i] |= _BIT[r & 7]
    return int.from_bytes(buf, "little")


def _osa_scan(
    q: str, k: int, prefix: bool, terms: list[str], lo: int, hi: int
) -> dict[str, int]:
    """Return vocabulary terms (or, for a prefix word, term prefixes) within k typos.

    Walks `terms[lo:hi]` (sorted, all starting with q[0]) like a trie, reusing DP rows
    of the optimal-string-alignment distance along shared prefixes and skipping whole
    subtrees once every cell exceeds k.  Non-prefix: maps terms with 1..k typos to
    their distance.  Prefix: maps minimal prefixes P with 1..k typos to the distance,
    so a term's typo count is the lowest value among the patterns it starts with.
    """
    n = len(q)
    max_depth = n + k
    out: dict[str, int] = {}
    rows: list[list[int]] = [list(range(n + 1))]
    best: list[int] = [n]
    path = ""
    i = lo
    while i < hi:
        t = terms[i]
        common = 0
        limit = min(len(path), len(t))
        while common < limit and path[common] == t[common]:
            common += 1
        del rows[common + 1 :]
        del best[common + 1 :]
        path = t[:common]
        skip_from: str | None = None
        depth = common
        end = min(len(t), max_depth)
        while depth < end:
            depth += 1
            ch = t[depth - 1]
            prev = rows[depth - 1]
            prev2 = rows[depth - 2] if depth >= 2 else None
            before = t[depth - 2] if depth >= 2 else ""
            row = [depth] + [0] * n
            lowest = depth
            for c in range(1, n + 1):
                qc = q[c - 1]
                v = prev[c - 1] + (qc != ch)
                a = prev[c] + 1
                if a < v:
                    v = a
                a = row[c - 1] + 1
                if a < v:
                    v = a
                if prev2 is not None and c > 1 and ch == q[c - 2] and before == qc:
                    a = prev2[c - 2] + 1
                    if a < v:
                        v = a
                row[c] = v
                if v < lowest:
                    lowest = v
            rows.append(row)
            path = t[:depth]
            if prefix:
                here = row[n]
                best.append(min(best[-1], here))
                if 0 < here <= k and here < best[-2]:
                    out[path] = here
                if best[-1] == 0 or depth == max_depth:
                    # Nothing below can lower the count further.
                    skip_from = path
                    break
            if lowest > k:
                skip_from = path
                break
        else:
            if not prefix and depth == len(t):
                d = rows[depth][n]
                if 0 < d <= k:
                    out[t] = d
            if not prefix and depth == max_depth and len(t) > max_depth:
                skip_from = path
        if skip_from is not None:
            i = bisect.bisect_left(terms, skip_from + _MAX_CHAR, i + 1, hi)
        else:
            i += 1
    return out


def _json(value: Any) -> str:
    """Return compact JSON."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _encode(doc: OfferDocument, label_ids: list[int]) -> bytes:
    """Return the payload stored for a document: compressed JSON, taxonomy terms as label ids.

    Payloads were half the index; compressed they take half as much, and the page's 20
    cost a fraction of a millisecond to inflate.  Older indexes hold plain JSON text.
    """
    data: dict[str, Any] = {}
    for f in fields(OfferDocument):
        value = getattr(doc, f.name)
        if f.name == "taxonomy_terms":
            value = label_ids
        elif f.name == "points":
            value = [[p.lat, p.lon] for p in value]
        elif isinstance(value, tuple):
            value = list(value)
        elif f.name in ("title", "summary"):
            value = dict(value)
        data[f.name] = value
    return zlib.compress(_json(data).encode(), 6)


def _payload_data(payload: str | bytes) -> dict[str, Any]:
    """Return the parsed payload, compressed or (from an older index) plain text."""
    data: dict[str, Any] = json.loads(
        zlib.decompress(payload) if isinstance(payload, bytes) else payload
    )
    return data


_TUPLE_FIELDS = frozenset(
    f.name for f in fields(OfferDocument) if str(f.type).startswith("tuple")
)
_KNOWN_FIELDS = frozenset(f.name for f in fields(OfferDocument))


def _decode(data: dict[str, Any], labels: dict[int, str]) -> OfferDocument:
    """Return the document of a parsed payload, resolving taxonomy label ids."""
    ids = data.get("taxonomy_terms", ())
    try:
        data["taxonomy_terms"] = list(map(labels.__getitem__, ids))
    except KeyError:
        data["taxonomy_terms"] = [labels.get(i, "") for i in ids]
    kwargs: dict[str, Any] = {}
    for name, value in data.items():
        if name not in _KNOWN_FIELDS:
            continue  # written by a newer version; this one cannot use it
        if name == "points":
            value = tuple(GeoPoint(lat, lon) for lat, lon in value)
        elif name in _TUPLE_FIELDS:
            value = tuple(value)
        kwargs[name] = value
    return OfferDocument(**kwargs)


@lru_cache(maxsize=65_536)
def _short_tokens(text: str) -> tuple[str, ...]:
    """Return the tokens of a short, often repeated string (labels, names)."""
    return tuple(tokenize(text))


def _field_text(texts: Iterable[str]) -> str:
    """Return the distinct normalised tokens of some texts, space-separated.

    Ranking uses which attribute a word is in, never how often or where, so repeats
    only cost space and indexing time.
    """
    # One C-level pass over all tokens (offers carry ~200 taxonomy labels each).
    return " ".join(dict.fromkeys(chain.from_iterable(map(_tokens_of, texts))))


def _tokens_of(text: str) -> Iterable[str]:
    """Return the tokens of a text, cached when it is short."""
    return _short_tokens(text) if len(text) <= 80 else tokenize(text)


@lru_cache(maxsize=8192)
def _terms_text(terms: tuple[str, ...]) -> str:
    """Return the normalised text of a taxonomy term set (shared by many offers)."""
    return _field_text(terms)


_C2 = "(min_x - ?) * (min_x - ?) + (min_y - ?) * (min_y - ?) + (min_z - ?) * (min_z - ?)"


def _geo_box(origin: GeoPoint, radius_m: float) -> tuple[tuple[float, ...], list[int], float]:
    """Return the origin (R*Tree units, each twice), the cube around it, the chord²."""
    ox, oy, oz = (c * GEO_SCALE for c in unit_vector(origin.lat, origin.lon))
    chord = math.sqrt(chord2_limit(radius_m)) * GEO_SCALE
    box: list[int] = []
    for centre in (ox, oy, oz):
        box += [math.floor(centre - chord) - 1, math.ceil(centre + chord) + 1]
    return (ox, ox, oy, oy, oz, oz), box, chord * chord


_IN_BOX = "max_x >= ? AND min_x <= ? AND max_y >= ? AND min_y <= ? AND max_z >= ? AND min_z <= ?"


def _points_within(conn: sqlite3.Connection, origin: GeoPoint, radius_m: float) -> dict[int, float]:
    """Return {doc: squared chord to its nearest location} for documents within radius_m.

    The cube around the origin is the R*Tree's bounding-box prefilter; the chord test
    (in R*Tree units) is the exact great-circle test, as chords order like arcs.
    """
    o, box, limit = _geo_box(origin, radius_m)
    return dict(conn.execute(
        f"SELECT id >> {POINT_BITS}, MIN({_C2}) FROM geo WHERE {_IN_BOX} AND {_C2} <= ?"
        " GROUP BY 1",
        (*o, *box, *o, limit),
    ).fetchall())


def _bitmap_within(conn: sqlite3.Connection, origin: GeoPoint, radius_m: float) -> int:
    """Return the documents with a location within radius_m, as a bitmap.

    The R*Tree yields entries in its own order, so grouping them by 64-document word
    in SQL needs a sort; one string of document numbers is cheaper to hand over.
    """
    o, box, limit = _geo_box(origin, radius_m)
    (text,) = conn.execute(
        f"SELECT group_concat(id >> {POINT_BITS}) FROM geo WHERE {_IN_BOX} AND {_C2} <= ?",
        (*box, *o, limit),
    ).fetchone()
    return _bitmap_of_csv(text)


def _bitmap_of_csv(text: str | None) -> int:
    """Return a bitmap with the bits set that a comma-separated list names (repeats allowed)."""
    if not text:
        return 0
    ids = list(map(int, text.split(",")))
    digits = bytearray(b"0") * (max(ids) + 1)
    for r in ids:
        digits[r] = 49  # "1"
    digits.reverse()
    return int(digits, 2)


def _load_documents(
    conn: sqlite3.Connection, rowids: list[int], labels: dict[int, str] | None = None
) -> dict[int, OfferDocument]:
    """Return the stored documents of some rowids, taxonomy labels resolved."""
    if not rowids:
        return {}
    rows = conn.execute(
        "SELECT doc, payload FROM payloads WHERE doc IN (SELECT value FROM json_each(?))",
        (_json(rowids),),
    ).fetchall()
    parsed = {doc: _payload_data(payload) for doc, payload in rows}
    if labels is None and (wanted := sorted(
        {i for data in parsed.values() for i in data.get("taxonomy_terms", ())}
    )):
        labels = dict(conn.execute(
            "SELECT id, text FROM labels WHERE id IN (SELECT value FROM json_each(?))",
            (_json(wanted),),
        ).fetchall())
    return {doc: _decode(data, labels or {}) for doc, data in parsed.items()}


def _localized(texts: Any, locale: str) -> str:
    """Return the text in `locale`, else Dutch, else ""."""
    try:
        return str(texts.get(locale) or texts.get("nl") or "")
    except AttributeError:
        return ""


# --------------------------------------------------------------------------- vocabulary


@dataclass(frozen=True, slots=True)
class _WordMatch:
    """How one query word matches the vocabulary: exact, prefix and typo derivations."""

    word: str
    prefix: bool
    exact: bool
    prefix_hits: bool
    typo_terms: dict[str, int]
    exact_df: int = 0
    longer_df: int = 0
    #: Lower bound of the documents the word matches with no typo.
    zero_min_docs: int = 0
    #: The vocabulary terms matching with no typo (the word, or all terms it starts).
    zero_terms: tuple[str, ...] = ()
    #: Per attribute: the zero-typo and the typo derivations that occur in it (a
    #: superset: terms of removed documents stay until the next full load).
    col_zero: tuple[tuple[str, ...], ...] = ((),) * len(FIELDS)
    col_typo: tuple[tuple[str, ...], ...] = ((),) * len(FIELDS)
    #: Per attribute: a lower bound of the documents having a derivation in it.
    col_min_docs: tuple[int, ...] = (0,) * len(FIELDS)
    #: Lower bound and estimate of the documents matching any derivation.
    any_min_docs: int = 0
    any_docs: int = 0

    def _zero_terms_expr(self, terms: tuple[str, ...]) -> str:
        """Return an expression for some of the zero-typo terms.

        A prefix query makes FTS5 merge the doclists of every term under the prefix
        into a new list, each time it is asked (but for 2 and 3 characters, which have
        their own index); listing a few terms lets it walk, and skip along, their lists.
        """
        if self.prefix and len(terms) > 1 and (
            len(terms) > _EXPAND_TERMS or 2 <= len(self.word) <= 3
        ):
            return _quote(self.word) + "*"
        return " OR ".join(_quote(t) for t in terms)

    def merges_prefix(self) -> bool:
        """Return True if FTS5 answers the zero-typo expression by merging many lists.

        Such an expression costs the same whenever it is asked, however few
        documents the rest of the query leaves.
        """
        expr = self.zero_expr()
        return expr is not None and expr.endswith("*") and not 2 <= len(self.word) <= 3

    def zero_expr(self) -> str | None:
        """Return the FTS5 expression for zero-typo matches, or None."""
        if self.prefix and self.prefix_hits:
            if not self.zero_terms:
                return _quote(self.word) + "*"
            return self._zero_terms_expr(self.zero_terms)
        return _quote(self.word) if self.exact else None

    def level_expr(self, typos: int) -> str | None:
        """Return the FTS5 expression for derivations with exactly `typos` typos."""
        items = [_quote(t) for t, d in self.typo_terms.items() if d == typos]
        return " OR ".join(items) if items else None

    def any_expr(self) -> str | None:
        """Return the FTS5 expression matching any derivation."""
        parts = [e for e in (self.zero_expr(), self.level_expr(1), self.level_expr(2)) if e]
        return " OR ".join(parts) if parts else None

    def column_mask(self) -> int:
        """Return the attributes (as bits) some derivation of the word occurs in."""
        return sum(1 << c for c in range(len(FIELDS)) if self.col_zero[c] or self.col_typo[c])

    def column_expr(self, col: int) -> str | None:
        """Return an expression for the derivations occurring in attribute `col`.

        Within the attribute it matches what ``any_expr`` matches there: the terms left
        out never occur in it.
        """
        parts = [self._zero_terms_expr(self.col_zero[col])] if self.col_zero[col] else []
        parts += [_quote(t) for t in self.col_typo[col]]
        return " OR ".join(parts) if parts else None

    def matches(self, token: str) -> bool:
        """Return True if a normalised document word is one of this word's derivations."""
        return (
            token == self.word
            or token in self.typo_terms
            or (self.prefix and token.startswith(self.word))
        )


class _Vocabulary:
    """The index's terms, sorted, with lazily built helpers for typo candidates."""

    def __init__(
        self,
        terms: list[str],
        df: dict[str, int] | None = None,
        col_df: dict[str, tuple[int, ...]] | None = None,
    ) -> None:
        """Index `terms` (with their document frequencies, when known).

        `col_df` maps a term to its documents per attribute (an estimate after patches;
        zero only where the term never occurs); a term missing from it may occur in any.
        """
        self.terms = sorted(terms)
        self.term_set = frozenset(self.terms)
        #: Documents per term (an estimate after patches), to pick cheaper queries.
        self.df = df if df is not None else {}
        self.col_df = col_df if col_df is not None else {}
        self._tails: list[tuple[str, str]] | None = None
        self._lock = threading.Lock()

    def extended(self, col_terms: dict[str, tuple[int, ...]]) -> _Vocabulary:
        """Return a vocabulary with some terms added, or seen in more attributes.

        `col_terms` maps terms to their documents per attribute among those written.
        """
        extra = [t for t in col_terms if t not in self.term_set]
        grown = {
            t: counts for t, counts in col_terms.items()
            if t in self.col_df and any(n and not old for n, old in zip(counts, self.col_df[t], strict=True))
        }
        if not extra and not grown:
            return self
        col_df = dict(self.col_df)
        for t in (*extra, *grown):
            old = col_df.get(t, (0,) * len(FIELDS))
            col_df[t] = tuple(a + b for a, b in zip(old, col_terms[t], strict=True))
        # Terms without counts are known to occur, not how often: they stay out of df.
        return _Vocabulary(self.terms + extra, self.df, col_df)

    def _range(self, start: str) -> tuple[int, int]:
        """Return the slice of terms starting with `start`."""
        lo = bisect.bisect_left(self.terms, start)
        hi = bisect.bisect_left(self.terms, start + _MAX_CHAR, lo)
        return lo, hi

    def has_prefix(self, start: str) -> bool:
        """Return True if some term starts with `start`."""
        lo, hi = self._range(start)
        return hi > lo

    def tails(self) -> list[tuple[str, str]]:
        """Return (term without first char, term) pairs, sorted, for first-letter typos."""
        with self._lock:
            if self._tails is None:
                self._tails = sorted((t[1:], t) for t in self.terms if len(t) > 1)
            return self._tails

    def match(self, word: str, prefix: bool) -> _WordMatch:
        """Return the derivations of a query word following Meilisearch's typo rules.

        Like Meilisearch, typo derivations are explicit vocabulary words, the
        lexicographically first 150 with one typo and 50 with two.
        """
        k = _max_typos(word)
        found: dict[str, int] = {}
        if k:
            lo, hi = self._range(word[0])
            scanned = _osa_scan(word, k, prefix, self.terms, lo, hi)
            if k == 2:
                # Meilisearch counts a typo on the first letter as two: with two
                # allowed, the first letter may differ if nothing else does.
                for item in self._first_letter_typos(word, prefix):
                    scanned.setdefault(item, 2)
            found = self._expand(word, scanned) if prefix else scanned
        one = sorted(t for t, d in found.items() if d == 1)[:MAX_ONE_TYPO]
        two = sorted(t for t, d in found.items() if d == 2)[:MAX_TWO_TYPOS]
        lo, hi = self._range(word)
        longer = sum(self.df.get(t, 1) for t in self.terms[lo:hi] if t != word) if prefix else 0
        zero_min = max((self.df.get(t, 0) for t in self.terms[lo:hi]), default=0) if prefix else 0
        exact = word in self.term_set
        if prefix:
            zero_terms = tuple(self.terms[lo:hi])
        else:
            zero_terms = (word,) if exact else ()
        typo_terms = {**{t: 1 for t in one}, **{t: 2 for t in two}}
        col_zero, col_typo, col_min = self._columns(zero_terms, typo_terms)
        typo_df = [self.df.get(t, 0) for t in typo_terms]
        zero_docs = sum(self.df.get(t, 0) for t in zero_terms) if prefix else self.df.get(word, 0)
        return _WordMatch(
            word=word,
            prefix=prefix,
            exact=exact,
            prefix_hits=prefix and hi > lo,
            typo_terms=typo_terms,
            exact_df=self.df.get(word, 1),
            longer_df=longer,
            zero_min_docs=max(zero_min, self.df.get(word, 0)),
            zero_terms=zero_terms,
            col_zero=col_zero,
            col_typo=col_typo,
            col_min_docs=col_min,
            any_min_docs=max(zero_min, self.df.get(word, 0), *typo_df),
            any_docs=zero_docs + sum(typo_df),
        )

    def _columns(
        self, zero_terms: tuple[str, ...], typo_terms: dict[str, int]
    ) -> tuple[tuple[tuple[str, ...], ...], tuple[tuple[str, ...], ...], tuple[int, ...]]:
        """Return per attribute the zero-typo and typo terms occurring in it, and a
        lower bound of the documents having one of them there."""
        n = len(FIELDS)
        unknown = (-1,) * n
        zero: list[list[str]] = [[] for _ in range(n)]
        typo: list[list[str]] = [[] for _ in range(n)]
        least = [0] * n
        for terms, out in ((zero_terms, zero), (typo_terms, typo)):
            for t in terms:
                for c, docs in enumerate(self.col_df.get(t, unknown)):
                    if docs:
                        out[c].append(t)
                        if docs > least[c]:
                            least[c] = docs
        return tuple(map(tuple, zero)), tuple(map(tuple, typo)), tuple(least)

    def _expand(self, word: str, patterns: dict[str, int]) -> dict[str, int]:
        """Return the words under prefix patterns with their typo count.

        A word's count is the lowest among the patterns it starts with; words
        starting with the query word itself match with no typo and are left out.
        """
        out: dict[str, int] = {}
        zlo, zhi = self._range(word)
        for pattern, typos in patterns.items():
            i, hi = self._range(pattern)
            while i < hi:
                if zlo <= i < zhi:
                    i = zhi
                    continue
                term = self.terms[i]
                if out.get(term, 99) > typos:
                    out[term] = typos
                i += 1
        return out

    def _first_letter_typos(self, q: str, prefix: bool) -> set[str]:
        """Return terms (or prefix patterns) one edit away whose first letter differs."""
        out: set[str] = set()
        first = q[0]
        tails = self.tails()

        def tails_with(rest: str, cut: int) -> None:
            """Add terms whose tail is (or, for a prefix, starts with) `rest`."""
            lo = bisect.bisect_left(tails, (rest,))
            if prefix:
                hi = bisect.bisect_left(tails, (rest + _MAX_CHAR,), lo)
            else:
                hi = lo
                while hi < len(tails) and tails[hi][0] == rest:
                    hi += 1
            for _, term in tails[lo:hi]:
                if term[0] != first:
                    out.add(term[:cut] if prefix else term)

        tails_with(q[1:], len(q))  # first letter replaced
        tails_with(q, len(q) + 1)  # a letter inserted before the first
        for cand in (q[1:], q[1] + q[0] + q[2:] if q[0] != q[1] else ""):
            if cand and cand[0] != first:  # first letter deleted / first two swapped
                if prefix and self.has_prefix(cand):
                    out.add(cand)
                elif not prefix and cand in self.term_set:
                    out.add(cand)
        return out


# --------------------------------------------------------------------------- index state


_FLAGS: tuple[tuple[str, str], ...] = (
    ("live", "1"),
    ("pnt", "pnt"),
    ("free", "free"),
    ("wheelchair", "wheelchair"),
    ("has_points", "n_points > 0"),
    *((f"weekday:{d}", f"(weekday_mask >> {i}) & 1") for i, d in enumerate(WEEKDAYS)),
    *((f"daypart:{d}", f"(daypart_mask >> {i}) & 1") for i, d in enumerate(DAYPARTS)),
)
_VALUE_GROUPS = (
    ("offer_type", "docs", "offer_type"),
    ("region", "docs", "region"),
    ("dutch_level", "docs", "dutch_level"),
    ("activity", "doc_activity", "activity"),
)


def _pack(buffers: dict[Any, bytearray], key: Any, word: int, bits: int) -> None:
    """Store one 64-bit word of a bitmap under construction."""
    buf = buffers.get(key)
    if buf is None:
        buf = buffers[key] = bytearray()
    end = 8 * (word + 1)
    if len(buf) < end:
        buf.extend(bytes(end - len(buf)))
    struct.pack_into("<q", buf, 8 * word, bits)


def _words_to_bitmap(rows: list[tuple[int, int]]) -> int:
    """Return the bitmap made of (64-bit word index, word value) rows."""
    if not rows:
        return 0
    words = array("q", bytes(8 * (max(rows)[0] + 1)))
    for index, value in rows:
        words[index] = value
    if sys.byteorder != "little":
        words.byteswap()
    return int.from_bytes(words.tobytes(), "little")


def _as_bitmaps(buffers: dict[Any, bytearray]) -> dict[Any, int]:
    """Return finished bitmaps, dropping empty ones."""
    out = {k: int.from_bytes(b, "little") for k, b in buffers.items()}
    return {k: v for k, v in out.items() if v}


def _collect(
    conn: sqlite3.Connection, scope: str, params: tuple[Any, ...]
) -> tuple[dict[str, int], dict[str, dict[str, int]]]:
    """Return flag bitmaps and value bitmaps per group for the documents in `scope`.

    SQLite ORs the bits per 64-document word (SUM of distinct powers of two), so Python
    only handles one row per word and value, not one per document.
    """
    sums = ", ".join(f"SUM(({expr}) << (doc & 63))" for _, expr in _FLAGS)
    flag_buffers: dict[Any, bytearray] = {}
    for row in conn.execute(f"SELECT doc >> 6, {sums} FROM docs WHERE {scope} GROUP BY 1", params):
        word = row[0]
        for (name, _), bits in zip(_FLAGS, row[1:], strict=True):
            if bits:
                _pack(flag_buffers, name, word, bits)
    values: dict[str, dict[str, int]] = {}
    for group, table, column in _VALUE_GROUPS:
        buffers: dict[Any, bytearray] = {}
        for value, word, bits in conn.execute(
            f"SELECT {column}, doc >> 6, SUM(1 << (doc & 63)) FROM {table}"
            f" WHERE {scope} GROUP BY 1, 2",
            params,
        ):
            _pack(buffers, value, word, bits)
        values[group] = _as_bitmaps(buffers)
    return _as_bitmaps(flag_buffers), values


def _load_vocabulary(conn: sqlite3.Connection) -> _Vocabulary:
    """Return the index's vocabulary with each term's documents per attribute."""
    return _vocabulary_from(_vocabulary_counts(conn))


def _vocabulary_from(col_df: dict[str, tuple[int, ...]]) -> _Vocabulary:
    """Return a vocabulary from each term's documents per attribute."""
    # A lower bound of the documents per term (the exact count takes another pass).
    df = {t: max(c) for t, c in col_df.items()}
    return _Vocabulary(list(col_df), df, col_df)


def _vocabulary_counts(conn: sqlite3.Connection) -> dict[str, tuple[int, ...]]:
    """Return each term's documents per attribute, read through fts5vocab (a full walk)."""
    # A temporary fts5vocab table: the index file itself stays as it is.
    conn.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_columns USING fts5vocab(main, 'fts', 'col')"
    )
    index = {name: i for i, name in enumerate(FIELDS)}
    counts: dict[str, list[int]] = {}
    for term, col, docs in conn.execute("SELECT term, col, doc FROM temp.fts_columns"):
        counts.setdefault(term, [0] * len(FIELDS))[index[col]] = docs
    counts.pop(EVERY_DOC, None)
    return {t: tuple(c) for t, c in counts.items()}


class _State:
    """In-memory view of one index generation: filter bitmaps, order, caches.

    Built in full when a process first reads an index (or after a rebuild); after
    writes it is patched from the change log, so a write costs readers milliseconds.
    """

    def __init__(
        self,
        key: tuple[str, int],
        conn: sqlite3.Connection,
        base: _State | None = None,
        changed: list[int] | None = None,
        snapshot: Snapshot | None = None,
    ) -> None:
        """Load the state in full, from a saved `snapshot`, or as `base` patched for `changed`."""
        self.key = key
        self._lock = threading.Lock()
        self._vocab: _Vocabulary | None = None
        self._labels: dict[int, str] | None = None
        self._matches: OrderedDict[tuple[str, bool], _WordMatch] = OrderedDict()
        self._bitmaps: OrderedDict[str, int] = OrderedDict()
        order: list[int] | None = None
        if snapshot is not None:
            self.flags, self.values, col_df, order = snapshot
            self._vocab = _vocabulary_from(col_df)
        elif base is None or changed is None:
            self.flags, self.values = _collect(conn, "1", ())
        else:
            scope = "doc IN (SELECT value FROM json_each(?))"
            flags, values = _collect(conn, scope, (_json(changed),))
            keep = ~_bitmap_of(changed)
            names = set(base.flags) | set(flags)
            self.flags = {n: (base.flags.get(n, 0) & keep) | flags.get(n, 0) for n in names}
            self.values = {}
            for group, _, _ in _VALUE_GROUPS:
                old, fresh = base.values.get(group, {}), values.get(group, {})
                merged = {
                    v: (old.get(v, 0) & keep) | fresh.get(v, 0) for v in set(old) | set(fresh)
                }
                self.values[group] = {v: bm for v, bm in merged.items() if bm}
            if base._vocab is not None:
                added: dict[str, list[int]] = {}
                for doc in _load_documents(conn, changed).values():
                    for col, text in enumerate(SQLiteSearchEngine._fts_row(doc)):
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
        self.level_rank = {code: _LEVEL_RANK.get(code, 0) for code in self.values["dutch_level"]}
        self.order = order if order is not None else [r for (r,) in conn.execute(
            "SELECT doc FROM docs ORDER BY published_at DESC, id"
        )]
        self.rank_of = [0] * (max(self.order, default=0) + 1)
        for pos, doc_id in enumerate(self.order):
            self.rank_of[doc_id] = pos

    def labels(self, conn: sqlite3.Connection) -> dict[int, str]:
        """Return all taxonomy labels by id, loaded on first use."""
        with self._lock:
            if self._labels is None:
                self._labels = dict(conn.execute("SELECT id, text FROM labels").fetchall())
            return self._labels

    def vocabulary(self, conn: sqlite3.Connection) -> _Vocabulary:
        """Return the vocabulary, loading it from fts5vocab on first use."""
        with self._lock:
            if self._vocab is None:
                self._vocab = _load_vocabulary(conn)
            return self._vocab

    def word_match(self, conn: sqlite3.Connection, word: str, prefix: bool) -> _WordMatch:
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
            if len(self._matches) > _STATE_CACHE_ENTRIES:
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
            if len(self._bitmaps) > _STATE_CACHE_ENTRIES:
                self._bitmaps.popitem(last=False)
        return bitmap

    def fts_bitmap(self, conn: sqlite3.Connection, expr: str) -> int:
        """Return the bitmap of documents matching an FTS5 expression built by us."""

        def compute() -> int:
            """Ask FTS5, letting SQLite OR the bits of each 64-document word."""
            return _words_to_bitmap(conn.execute(
                "SELECT rowid >> 6, SUM(1 << (rowid & 63)) FROM fts WHERE fts MATCH ?"
                " GROUP BY 1",
                (expr,),
            ).fetchall())

        return self._cached("fts:" + expr, compute)

    def fts_bitmap_ranges(self, conn: sqlite3.Connection, expr: str, plan: GeoFirstPlan) -> int:
        """Return the documents of an FTS5 expression within a plan's rowid ranges.

        FTS5 seeks to each range along the doclists instead of walking them whole;
        the caller intersects with the candidates (the ranges may cover others).
        """

        def compute() -> int:
            """Ask FTS5 once per range, ORing 64-document words shared by two ranges."""
            words: dict[int, int] = {}
            for first, last in plan.ranges:
                for word, bits in conn.execute(
                    "SELECT rowid >> 6, SUM(1 << (rowid & 63)) FROM fts WHERE fts MATCH ?"
                    " AND rowid BETWEEN ? AND ? GROUP BY 1",
                    (expr, first, last),
                ):
                    words[word] = words.get(word, 0) | bits
            return _words_to_bitmap(list(words.items()))

        return self._cached(f"fts:{expr}@{plan.signature()}", compute)

    def municipalities(self, conn: sqlite3.Connection, codes: Iterable[str]) -> int:
        """Return the documents in any of the municipalities (too many values to preload)."""
        wanted = _json(sorted(codes))

        def compute() -> int:
            """Ask SQLite through the municipality index."""
            return _words_to_bitmap(conn.execute(
                "SELECT doc >> 6, SUM(1 << (doc & 63)) FROM docs"
                " WHERE municipality IN (SELECT value FROM json_each(?)) GROUP BY 1",
                (wanted,),
            ).fetchall())

        return self._cached("municipality:" + wanted, compute)

    def within(self, conn: sqlite3.Connection, origin: GeoPoint, radius_m: float) -> int:
        """Return the documents within a radius of a point (cached per generation)."""
        key = f"geo:{origin.lat!r},{origin.lon!r},{radius_m!r}"
        return self._cached(key, lambda: _bitmap_within(conn, origin, radius_m))

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
        if count <= _SMALL_SET:
            budget = count * _LIST_COST
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
        members = _members(bitmap)
        members.sort(key=self.rank_of.__getitem__)
        return members[skip : skip + need]


# --------------------------------------------------------------------------- concurrency


class _SwapGate:
    """Many searches and writes at once; a file swap waits for them and runs alone."""

    def __init__(self) -> None:
        """Start open."""
        self._cond = threading.Condition()
        self._active = 0
        self._swapping = False

    @contextmanager
    def shared(self) -> Iterator[None]:
        """Hold the gate open for one search or write."""
        with self._cond:
            while self._swapping:
                self._cond.wait()
            self._active += 1
        try:
            yield
        finally:
            with self._cond:
                self._active -= 1
                if not self._active:
                    self._cond.notify_all()

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        """Hold the gate shut while nothing else runs."""
        with self._cond:
            while self._swapping:
                self._cond.wait()
            self._swapping = True
            while self._active:
                self._cond.wait()
        try:
            yield
        finally:
            with self._cond:
                self._swapping = False
                self._cond.notify_all()


@dataclass(slots=True)
class _Conn:
    """A pooled connection and the file identity it was opened on."""

    conn: sqlite3.Connection
    file_id: tuple[int, int]
    epoch: int


# --------------------------------------------------------------------------- the engine

#: Said (and logged by the app) when an engine that may not create an index finds none.
MISSING_INDEX = "no search index; build it with `flask search reindex`"



class SQLiteSearchEngine:
    """Search engine on SQLite FTS5 + R*Tree following the Meilisearch engine's semantics."""

    name = "sqlite"

    def __init__(
        self, path: Path | str, lexicon: Lexicon | None = None, *, create_missing: bool = True
    ) -> None:
        """Use the index file at `path`; nothing is opened until first use.

        `lexicon` holds the phrases, families and stop words queries are read with
        (stop words only when None). With `create_missing` off, a missing or schema-less
        file is an error (SearchError) instead of a new empty index: only `rebuild` makes
        one, so an index cannot lie.
        """
        self.path = Path(path)
        self.lexicon = lexicon if lexicon is not None else Lexicon()
        self.create_missing = create_missing
        self._gate = _SwapGate()
        self._pool: list[_Conn] = []
        self._pool_lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._writer: _Conn | None = None
        self._epoch = 0
        self._state: _State | None = None
        self._state_lock = threading.Lock()
        self._configured = False
        #: None: the planner picks word-first or geo-first; True/False force one (tests).
        self.geo_first: bool | None = None

    # ----------------------------------------------------------------- connections

    def _file_id(self) -> tuple[int, int]:
        """Return (device, inode) of the index file, or (0, 0) when it is missing."""
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return (0, 0)
        return (st.st_dev, st.st_ino)

    def _open(self) -> _Conn:
        """Open a connection on the current file, creating the schema if needed."""
        if not self.create_missing and not self.path.exists():
            raise SearchError(f"{MISSING_INDEX}: {self.path}")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        for _ in range(5):
            before = self._file_id()
            conn = sqlite3.connect(
                self.path, timeout=30.0, isolation_level=None, check_same_thread=False
            )
            try:
                conn.execute("PRAGMA busy_timeout = 30000")
                if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                    conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")
                conn.execute("PRAGMA temp_store = MEMORY")
                conn.execute("PRAGMA cache_size = -32768")
                conn.execute("PRAGMA mmap_size = 268435456")
                after = self._file_id()
                # A swap between the two stats would leave us on an unknown file.
                if before == after or before == (0, 0):
                    if not self._configured:
                        self._create_schema(conn)
                    return _Conn(conn, after, self._epoch)
            except BaseException:
                conn.close()
                raise
            conn.close()
        raise SearchError("the index file keeps changing; cannot open it")

    def _create_schema(self, conn: sqlite3.Connection) -> None:
        """Create tables and metadata if missing (idempotent)."""
        row = None
        with suppress(sqlite3.OperationalError):
            row = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        if row is None and not self.create_missing:
            raise SearchError(f"{MISSING_INDEX} (the file holds none): {self.path}")
        if row is None:
            # executescript commits first; the script runs as one immediate transaction.
            conn.executescript(
                "BEGIN IMMEDIATE;"
                + _SCHEMA
                + "INSERT OR IGNORE INTO meta (key, value) VALUES"
                f" ('schema', {SCHEMA_VERSION}), ('text_version', {TEXT_VERSION}),"
                " ('generation', 0), ('log_start', 0),"
                f" ('index_id', '{uuid.uuid4().hex}');"
                "COMMIT;"
            )
        elif int(row[0]) != SCHEMA_VERSION:
            raise SearchError("the search index has an older layout; rebuild it")
        self._configured = True

    @contextmanager
    def _reader(self) -> Iterator[sqlite3.Connection]:
        """Yield a pooled connection inside one read snapshot."""
        with self._gate.shared():
            current = self._file_id()
            handle: _Conn | None = None
            with self._pool_lock:
                while self._pool:
                    cand = self._pool.pop()
                    if cand.file_id == current and cand.epoch == self._epoch:
                        handle = cand
                        break
                    cand.conn.close()
            if handle is None:
                handle = self._open()
            ok = False
            try:
                handle.conn.execute("BEGIN")
                yield handle.conn
                ok = True
            finally:
                with suppress(sqlite3.Error):
                    handle.conn.execute("COMMIT" if ok else "ROLLBACK")
                with self._pool_lock:
                    if ok and len(self._pool) < _POOL_SIZE and handle.epoch == self._epoch:
                        self._pool.append(handle)
                    else:
                        handle.conn.close()

    @contextmanager
    def _writing(self) -> Iterator[tuple[sqlite3.Connection, list[int]]]:
        """Yield the writer connection and a list for touched rowids, in one transaction."""
        with self._gate.shared(), self._write_lock:
            w = self._writer
            if w is None or w.file_id != self._file_id() or w.epoch != self._epoch:
                if w is not None:
                    w.conn.close()
                w = self._writer = self._open()
            w.conn.execute("BEGIN IMMEDIATE")
            try:
                row = w.conn.execute(
                    "SELECT value FROM meta WHERE key = 'text_version'"
                ).fetchone()
                if row is None or int(row[0]) != TEXT_VERSION:
                    raise SearchError("the search index was built by another version; rebuild it")
                touched: list[int] = []
                yield w.conn, touched
                (generation,) = w.conn.execute(
                    "SELECT value + 1 FROM meta WHERE key = 'generation'"
                ).fetchone()
                w.conn.execute("UPDATE meta SET value = ? WHERE key = 'generation'", (generation,))
                w.conn.executemany(
                    "INSERT INTO changes (generation, doc) VALUES (?, ?)",
                    [(generation, d) for d in set(touched)],
                )
                if generation % _LOG_PRUNE_EVERY == 0:
                    horizon = generation - _LOG_KEEP
                    w.conn.execute("DELETE FROM changes WHERE generation <= ?", (horizon,))
                    w.conn.execute(
                        "UPDATE meta SET value = MAX(value, ?) WHERE key = 'log_start'", (horizon,)
                    )
                w.conn.execute("COMMIT")
            except BaseException:
                with suppress(sqlite3.Error):
                    w.conn.execute("ROLLBACK")
                raise

    def _close_all(self) -> None:
        """Close every pooled connection and the writer (only while the gate is shut)."""
        with self._pool_lock:
            for c in self._pool:
                c.conn.close()
            self._pool.clear()
        if self._writer is not None:
            self._writer.conn.close()
            self._writer = None

    def close(self) -> None:
        """Close all connections; the engine reopens them when used again."""
        with self._gate.exclusive():
            self._close_all()

    def clear_caches(self) -> None:
        """Forget cached word matches and filter bitmaps, for cold benchmarks (single-threaded use)."""
        state = self._state
        if state is not None:
            state._bitmaps.clear()
            state._matches.clear()

    def _state_for(self, conn: sqlite3.Connection) -> _State:
        """Return the in-memory state matching the connection's snapshot."""
        for _ in range(10):
            meta = dict(conn.execute(
                "SELECT key, value FROM meta"
                " WHERE key IN ('index_id', 'generation', 'log_start', 'text_version')"
            ).fetchall())
            if int(meta.get("text_version", -1)) != TEXT_VERSION:
                # Another normaliser or text layout: answers could be silently wrong.
                raise SearchError("the search index was built by another version; rebuild it")
            key = (str(meta.get("index_id", "")), int(meta.get("generation", 0)))
            state = self._state
            if state is not None and state.key == key:
                return state
            if state is not None and state.key[0] == key[0] and state.key[1] > key[1]:
                # Our snapshot predates the cached state: take a fresh snapshot.
                conn.execute("COMMIT")
                conn.execute("BEGIN")
                continue
            with self._state_lock:
                state = self._state
                if state is not None and state.key == key:
                    return state
                base, changed = None, None
                if (
                    state is not None
                    and state.key[0] == key[0]
                    and int(meta.get("log_start", 0)) <= state.key[1] < key[1]
                ):
                    changed = [d for (d,) in conn.execute(
                        "SELECT DISTINCT doc FROM changes WHERE generation > ?", (state.key[1],)
                    )]
                    base = state if len(changed) <= _PATCH_LIMIT else None
                if base is None:
                    state = self._from_snapshot(conn, key, int(meta.get("log_start", 0)))
                if base is not None or state is None or state.key != key:
                    state = _State(key, conn, base, changed)
                self._state = state
                return state
        return _State(key, conn)

    @staticmethod
    def _from_snapshot(conn: sqlite3.Connection, key: tuple[str, int], log_start: int) -> _State | None:
        """Return the state from the snapshot a rebuild saved, patched for later writes.

        None when there is no snapshot or the change log no longer reaches back to it.
        """
        found = read_snapshot(conn, tuple(group for group, _, _ in _VALUE_GROUPS))
        if found is None:
            return None
        generation, snapshot = found
        if generation == key[1]:
            return _State(key, conn, snapshot=snapshot)
        if not log_start <= generation < key[1]:
            return None
        changed = [d for (d,) in conn.execute(
            "SELECT DISTINCT doc FROM changes WHERE generation > ?", (generation,)
        )]
        if len(changed) > _PATCH_LIMIT:
            return None
        base = _State((key[0], generation), conn, snapshot=snapshot)
        return _State(key, conn, base, changed)

    # ----------------------------------------------------------------- protocol

    def configure(self) -> None:
        """Create the index file and schema, and load the in-memory state; idempotent."""
        try:
            with self._reader() as conn:
                # Loading here (at startup) spares the first searcher the wait.
                self._state_for(conn).vocabulary(conn)
        except sqlite3.Error as exc:
            raise SearchError(f"cannot configure the search index: {exc}") from exc

    def upsert(self, docs: Iterable[OfferDocument]) -> None:
        """Add or replace documents by id, points and vocabulary included."""
        batch = list(docs)
        if not batch:
            return
        try:
            with self._writing() as (conn, touched):
                # Offers share most taxonomy labels: store and look them up once per batch.
                labels = self._label_ids(conn, {t: None for d in batch for t in d.taxonomy_terms})
                for doc in batch:
                    row = conn.execute("SELECT doc FROM docs WHERE id = ?", (doc.id,)).fetchone()
                    if row is not None:
                        self._remove(conn, row[0])
                    touched.append(
                        self._insert(conn, doc, row[0] if row is not None else None, labels)
                    )
        except sqlite3.Error as exc:
            raise SearchError(f"cannot write to the search index: {exc}") from exc

    def delete(self, ids: Iterable[str]) -> None:
        """Remove documents by id; unknown ids are ignored."""
        wanted = [str(i) for i in ids]
        if not wanted:
            return
        try:
            with self._writing() as (conn, touched):
                for doc_id in wanted:
                    row = conn.execute("SELECT doc FROM docs WHERE id = ?", (doc_id,)).fetchone()
                    if row is not None:
                        self._remove(conn, row[0])
                        conn.execute("DELETE FROM docs WHERE doc = ?", (row[0],))
                        conn.execute("DELETE FROM payloads WHERE doc = ?", (row[0],))
                        touched.append(row[0])
        except sqlite3.Error as exc:
            raise SearchError(f"cannot write to the search index: {exc}") from exc

    def rebuild(self, docs: Iterable[OfferDocument]) -> None:
        """Build a fresh index file beside the current one, then swap it into place."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.{uuid.uuid4().hex}.building")
        try:
            old_generation = self._current_generation()
            conn = sqlite3.connect(tmp, isolation_level=None)
            try:
                conn.execute("PRAGMA journal_mode = OFF")
                conn.execute("PRAGMA synchronous = OFF")
                conn.execute("PRAGMA cache_size = -262144")
                conn.executescript(_SCHEMA)
                conn.execute("BEGIN")
                conn.execute(
                    "INSERT INTO meta (key, value) VALUES ('schema', ?), ('text_version', ?),"
                    " ('generation', ?), ('log_start', ?), ('index_id', ?)",
                    (SCHEMA_VERSION, TEXT_VERSION, old_generation + 1, old_generation + 1,
                     uuid.uuid4().hex),
                )
                # Neighbouring offers get neighbouring rowids (see sqlite_planner).
                self._bulk_insert(conn, spatial_order(docs))
                conn.execute("COMMIT")
                conn.execute("INSERT INTO fts (fts) VALUES ('optimize')")
                self._save_snapshot(conn, old_generation + 1)
                conn.execute("ANALYZE")
                conn.execute("PRAGMA journal_mode = WAL")
            finally:
                conn.close()
            with self._gate.exclusive():
                self._checkpoint_old()
                self._close_all()
                os.replace(tmp, self.path)
                for suffix in ("-wal", "-shm"):
                    # The old file's WAL must never be read as the new file's.
                    with suppress(FileNotFoundError):
                        os.unlink(f"{self.path}{suffix}")
                self._epoch += 1
                self._state = None
                self._configured = False
        except sqlite3.Error as exc:
            raise SearchError(f"cannot rebuild the search index: {exc}") from exc
        finally:
            for suffix in ("", "-wal", "-shm", "-journal"):
                with suppress(FileNotFoundError):
                    os.unlink(f"{tmp}{suffix}")

    @staticmethod
    def _save_snapshot(conn: sqlite3.Connection, generation: int) -> None:
        """Save the freshly built index's in-memory state, so readers open it without a scan."""
        flags, values = _collect(conn, "1", ())
        order = [r for (r,) in conn.execute("SELECT doc FROM docs ORDER BY published_at DESC, id")]
        col_df = _vocabulary_counts(conn)
        conn.execute("DROP TABLE IF EXISTS temp.fts_columns")
        conn.execute("BEGIN")
        write_snapshot(conn, generation, flags, values, col_df, order)
        conn.execute("COMMIT")

    def health(self) -> EngineHealth:
        """Report whether the index answers, with its document count."""
        try:
            n = self.count()
        except Exception as exc:  # health must report, never raise
            return EngineHealth(ok=False, engine=self.name, detail=str(exc))
        return EngineHealth(ok=True, engine=self.name, detail=str(self.path), documents=n)

    def count(self) -> int:
        """Return the number of documents in the index."""
        try:
            with self._reader() as conn:
                return int(conn.execute("SELECT COUNT(*) FROM docs").fetchone()[0])
        except sqlite3.Error as exc:
            raise SearchError(f"cannot read the search index: {exc}") from exc

    def search(self, query: SearchQuery) -> SearchResult:
        """Answer a query: filters, text with typos and prefix, facets, ranking, page."""
        started = time.perf_counter()
        try:
            with self._reader() as conn:
                state = self._state_for(conn)
                plan = self.lexicon.analyse(query.text, query.locale)
                return _Search(conn, state, query, started, plan, self.geo_first).run()
        except sqlite3.Error as exc:
            raise SearchError(f"cannot read the search index: {exc}") from exc

    # ----------------------------------------------------------------- writing

    def _current_generation(self) -> int:
        """Return the generation of the current file (0 when there is none)."""
        if not self.path.exists():
            return 0
        try:
            with self._reader() as conn:
                row = conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
                return int(row[0]) if row else 0
        except (sqlite3.Error, SearchError):
            return 0

    def _checkpoint_old(self) -> None:
        """Empty the current file's WAL so nobody can replay it onto the new file."""
        if not self.path.exists():
            return
        with suppress(sqlite3.Error):
            conn = sqlite3.connect(self.path, timeout=5.0, isolation_level=None)
            try:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                conn.close()

    @classmethod
    def _remove(cls, conn: sqlite3.Connection, doc: int) -> None:
        """Remove a document's text, activities and points (not its docs row)."""
        old = _load_documents(conn, [doc]).get(doc)
        if old is not None:
            # A contentless FTS5 table forgets a row given exactly the text it indexed.
            conn.execute(
                f"INSERT INTO fts (fts, rowid, {', '.join(FIELDS)})"
                " VALUES ('delete', ?, ?, ?, ?, ?, ?, ?)",
                (doc, *cls._fts_row(old)),
            )
        conn.execute("DELETE FROM doc_activity WHERE doc = ?", (doc,))
        row = conn.execute("SELECT n_points FROM docs WHERE doc = ?", (doc,)).fetchone()
        if row is not None and row[0]:
            conn.executemany(
                "DELETE FROM geo WHERE id = ?", [((doc << POINT_BITS) | k,) for k in range(row[0])]
            )

    @staticmethod
    def _doc_row(doc: OfferDocument) -> tuple[Any, ...]:
        """Return the docs-table values of a document (without the rowid)."""
        wmask = sum(1 << _WEEKDAY_BIT[d] for d in set(doc.weekdays) if d in _WEEKDAY_BIT)
        dmask = sum(1 << _DAYPART_BIT[d] for d in set(doc.dayparts) if d in _DAYPART_BIT)
        level = doc.dutch_level or "none"
        return (
            doc.id,
            doc.offer_type,
            doc.region or "",
            doc.municipality or "",
            int(doc.dutch_context and doc.social_participation),
            int(bool(doc.free)),
            int(bool(doc.wheelchair)),
            level,
            _LEVEL_RANK.get(level, 0),
            wmask,
            dmask,
            min(len(doc.points), MAX_POINTS),
            int(doc.published_at),
        )

    @staticmethod
    def _fts_row(doc: OfferDocument) -> tuple[str, ...]:
        """Return the normalised text of each searchable attribute."""
        return (
            _field_text(doc.title.values()),
            _field_text(doc.summary.values()),
            _terms_text(tuple(doc.taxonomy_terms)),
            _field_text((doc.organisation,)),
            _field_text((doc.municipality_name, *doc.place_names)),
            # The last attribute is never asked for by column, so the marker here
            # cannot change any ranking.
            (EVERY_DOC + " " + _field_text((doc.description_nl,))).rstrip(),
        )

    @staticmethod
    def _label_ids(conn: sqlite3.Connection, terms: dict[str, None]) -> dict[str, int]:
        """Store taxonomy labels not stored yet; return the ids of all of `terms`."""
        conn.executemany("INSERT OR IGNORE INTO labels (text) VALUES (?)", [(t,) for t in terms])
        return dict(conn.execute(
            "SELECT text, id FROM labels WHERE text IN (SELECT value FROM json_each(?))",
            (_json(list(terms)),),
        ).fetchall())

    def _insert(
        self,
        conn: sqlite3.Connection,
        doc: OfferDocument,
        rowid: int | None,
        labels: dict[str, int] | None = None,
    ) -> int:
        """Insert one document (keeping `rowid` when replacing); return its rowid."""
        ids = labels if labels is not None else self._label_ids(conn, dict.fromkeys(doc.taxonomy_terms))
        values = self._doc_row(doc)
        if rowid is None:
            cur = conn.execute(
                "INSERT INTO docs (id, offer_type, region, municipality, pnt, free,"
                " wheelchair, dutch_level, level_rank, weekday_mask, daypart_mask,"
                " n_points, published_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                values,
            )
            rowid = int(cur.lastrowid or 0)
        else:
            conn.execute(
                "UPDATE docs SET id=?, offer_type=?, region=?, municipality=?,"
                " pnt=?, free=?, wheelchair=?, dutch_level=?, level_rank=?, weekday_mask=?,"
                " daypart_mask=?, n_points=?, published_at=? WHERE doc=?",
                (*values, rowid),
            )
        conn.execute(
            "INSERT OR REPLACE INTO payloads (doc, payload) VALUES (?, ?)",
            (rowid, _encode(doc, [ids[t] for t in doc.taxonomy_terms])),
        )
        conn.execute(
            f"INSERT INTO fts (rowid, {', '.join(FIELDS)}) VALUES (?,?,?,?,?,?,?)",
            (rowid, *self._fts_row(doc)),
        )
        conn.executemany(
            "INSERT OR IGNORE INTO doc_activity (doc, activity) VALUES (?, ?)",
            [(rowid, a) for a in doc.activities],
        )
        conn.executemany(
            "INSERT INTO geo (id, min_x, max_x, min_y, max_y, min_z, max_z) VALUES (?,?,?,?,?,?,?)",
            self._geo_rows(rowid, doc),
        )
        return rowid

    @staticmethod
    def _geo_rows(rowid: int, doc: OfferDocument) -> list[tuple[int, ...]]:
        """Return the R*Tree entries of a document's locations."""
        rows: list[tuple[int, ...]] = []
        for k, p in enumerate(doc.points[:MAX_POINTS]):
            x, y, z = _grid(p.lat, p.lon)
            rows.append(((rowid << POINT_BITS) | k, x, x, y, y, z, z))
        return rows

    def _bulk_insert(self, conn: sqlite3.Connection, docs: Iterable[OfferDocument]) -> None:
        """Insert many documents into a fresh file, in batches, rowids in iteration order."""
        seen: dict[str, int] = {}
        labels: dict[str, int] = {}
        batch: list[OfferDocument] = []
        next_doc = 1

        def flush() -> None:
            """Write the batch with one executemany per table."""
            nonlocal next_doc
            doc_rows, payload_rows, fts_rows, geo_rows = [], [], [], []
            act_rows: list[tuple[int, str]] = []
            new_labels: list[tuple[int, str]] = []
            unique = {doc.id: doc for doc in batch}  # within a batch the last one wins
            for doc in unique.values():
                if doc.id in seen:
                    # A repeated id replaces the earlier one, like upsert would.
                    old = seen[doc.id]
                    self._remove(conn, old)
                    conn.execute("DELETE FROM docs WHERE doc = ?", (old,))
                    conn.execute("DELETE FROM payloads WHERE doc = ?", (old,))
                rowid = next_doc
                next_doc += 1
                seen[doc.id] = rowid
                label_ids = []
                for term in doc.taxonomy_terms:
                    label = labels.get(term)
                    if label is None:
                        label = labels[term] = len(labels) + 1
                        new_labels.append((label, term))
                    label_ids.append(label)
                doc_rows.append((rowid, *self._doc_row(doc)))
                payload_rows.append((rowid, _encode(doc, label_ids)))
                fts_rows.append((rowid, *self._fts_row(doc)))
                act_rows.extend((rowid, a) for a in set(doc.activities))
                geo_rows.extend(self._geo_rows(rowid, doc))
            conn.executemany(
                "INSERT INTO docs (doc, id, offer_type, region, municipality, pnt,"
                " free, wheelchair, dutch_level, level_rank, weekday_mask, daypart_mask,"
                " n_points, published_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                doc_rows,
            )
            conn.executemany("INSERT INTO payloads (doc, payload) VALUES (?, ?)", payload_rows)
            conn.executemany("INSERT INTO labels (id, text) VALUES (?, ?)", new_labels)
            conn.executemany(
                f"INSERT INTO fts (rowid, {', '.join(FIELDS)}) VALUES (?,?,?,?,?,?,?)", fts_rows
            )
            conn.executemany("INSERT INTO doc_activity (doc, activity) VALUES (?, ?)", act_rows)
            conn.executemany(
                "INSERT INTO geo (id, min_x, max_x, min_y, max_y, min_z, max_z)"
                " VALUES (?,?,?,?,?,?,?)",
                geo_rows,
            )
            batch.clear()

        for doc in docs:
            batch.append(doc)
            if len(batch) >= 2000:
                flush()
        flush()


# --------------------------------------------------------------------------- one search


class _Search:
    """One query answered against one snapshot and its in-memory state."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        state: _State,
        query: SearchQuery,
        started: float,
        plan: QueryPlan | None = None,
        geo_first: bool | None = None,
    ) -> None:
        """Prepare a query (read as `plan`) against a snapshot (`conn`) and its state.

        `geo_first`: None lets the planner choose; True/False force a plan (tests).
        """
        self.conn = conn
        self.plan = plan if plan is not None else Lexicon().analyse(query.text, query.locale)
        #: Query words (as typed) left out because they cannot match with the others.
        self.left_out: tuple[str, ...] = ()
        self.geo_first = geo_first
        #: Set when the query starts from its place: FTS5 is asked only within it.
        self.geo_plan: GeoFirstPlan | None = None
        self.state = state
        self.q = query
        self.started = started
        self.page = query.clamped_page()
        self.page_size = query.clamped_page_size()
        self.sort = query.effective_sort()
        self.origin = query.origin
        self.origin_unit = unit_vector(query.origin.lat, query.origin.lon) if query.origin else None
        radius = query.radius_km
        self.radius_m: float | None = None
        if query.origin is not None and radius is not None and not math.isnan(float(radius)):
            self.radius_m = max(0.0, float(radius)) * 1000.0
        self.words: list[_WordMatch] = []
        self.n_docs = state.live.bit_count()
        #: The documents text matching may return: all, or the geographic candidates.
        self.universe = state.live
        #: Squared chords already computed for every candidate, when there were few.
        self.known_c2: dict[int, float] | None = None
        #: The expression of the query word with the fewest documents: the other
        #: words are asked for only within its documents, as no other can match.
        self.driver_expr: str | None = None
        #: Per query word (by identity), once known: its documents (within the
        #: driver's), how many, and whether it is the driver.  All that is asked
        #: about a word later is asked within them (see ``_within``).
        self.scopes: dict[int, tuple[int, int, bool]] = {}
        #: The words' exact derivations and prefixes, for highlighting.
        self._marks: tuple[set[str], tuple[str, ...]] | None = None

    # ----------------------------------------------------------------- text

    def _parse_text(self) -> list[tuple[str, bool]]:
        """Return the query words to match as text (normalised) and whether each is a prefix.

        Phrases, families and stop words are already taken out (`search_index.lexicon`).
        """
        return [(w.token, w.prefix) for w in self.plan.words]

    def _concept_bits(self) -> int | None:
        """Return the documents having every recognised concept (None without any)."""
        if not self.plan.concepts:
            return None
        out = self.state.live
        for found in self.plan.concepts:
            c = found.concept
            out &= self._any_of("activity", c.activities) | self._any_of("offer_type", c.offer_types)
        return out

    def _match_text(self) -> int:
        """Return the documents matching the query's concepts and words.

        When the words cannot all match together (with the concepts), words are left
        out as `choose_words` says; the searched words become `self.words`.
        """
        st = self.state
        words = [st.word_match(self.conn, word, prefix) for word, prefix in self._parse_text()]
        # The place may be more selective than every word: plan from it (all words known).
        self.words = words
        self.geo_plan = self._geo_plan()
        if self.geo_plan is not None:
            self.universe = self.geo_plan.candidates
        concepts = self._concept_bits()
        concept_bits = st.live if concepts is None else concepts

        def attempt(kept: list[int]) -> int:
            """Match the kept words afresh (scopes depend on which words there are)."""
            self.words = [words[i] for i in kept]
            self.scopes = {}
            self.driver_expr = None
            self._marks = None
            return self._match_words() & concept_bits

        everything = list(range(len(words)))
        bits = attempt(everything)
        if bits or (len(words) < 2 and not (words and concepts)):
            return bits
        counts = [
            (st.live & self._bits(w.any_expr())).bit_count() if w.any_expr() else 0
            for w in words
        ]
        tried: dict[tuple[int, ...], int] = {tuple(everything): bits}

        def matches(kept: list[int]) -> bool:
            """Return True if the kept words match some document together."""
            key = tuple(kept)
            if key not in tried:
                tried[key] = attempt(kept)
            return bool(tried[key])

        protected = [w.names_term for w in self.plan.words]
        choice = choose_words(counts, concepts is not None, matches, protected)
        bits = attempt(choice.kept)
        self.left_out = tuple(self.plan.words[i].text for i in choice.left_out)
        return bits

    def _geo_plan(self) -> GeoFirstPlan | None:
        """Return a geo-first plan when the place is more selective than every word.

        The candidates are the documents the non-facet filters keep (radius,
        municipalities, criteria, free, wheelchair; regions only when their facet is
        not counted, as a disjunctive facet must see the other regions too).
        """
        q, st = self.q, self.state
        if not self.words or self.geo_first is False:
            return None
        rarest = min(w.any_docs for w in self.words)
        if self.geo_first is None and not GeoFirstPlan.worth_trying(rarest):
            return None
        cand: int | None = None
        if self.radius_m is not None and self.origin is not None:
            cand = st.within(self.conn, self.origin, self.radius_m)
        if q.municipalities:
            bits = st.municipalities(self.conn, q.municipalities)
            cand = bits if cand is None else cand & bits
        if q.regions and "region" not in q.facets:
            bits = self._any_of("region", q.regions)
            cand = bits if cand is None else cand & bits
        if cand is None:
            return None
        cand &= st.live
        if q.criteria != "all":
            cand &= st.pnt
        if q.free_only:
            cand &= st.free
        if q.wheelchair:
            cand &= st.wheelchair
        members = _members(cand)
        if self.geo_first:
            return GeoFirstPlan(cand, tuple(plan_ranges(members)))
        return GeoFirstPlan.choose(cand, members, rarest, self.n_docs)

    def _match_words(self) -> int:
        """Return the documents matching every query word; note each word's scope.

        The word with the fewest documents (by the vocabulary's counts) is asked for
        first; every other word only within its documents.  An FTS5 query costs
        little per document it walks past and much per row it returns, so this
        keeps rows few; so does asking for the complement of a common word.
        """
        st = self.state
        if not self.words:
            return st.live
        driver = min(self.words, key=lambda w: (w.merges_prefix(), w.any_min_docs, w.any_docs))
        expr = driver.any_expr()
        if not expr:
            return 0
        bits = self._bits(expr, likely_common=driver.any_min_docs * 2 > self.n_docs)
        self.scopes[id(driver)] = (bits, bits.bit_count(), True)
        if len(self.words) > 1:
            self.driver_expr = expr
        text_bits = bits
        size = bits.bit_count()
        for w in self.words:
            if not text_bits:
                break
            if id(w) in self.scopes:
                continue
            expr = w.any_expr()
            if not expr:
                return 0
            if w.any_min_docs * 2 > size:
                missing = self._fts(f"({self.driver_expr}) NOT ({expr})")
                word_bits = bits & ~missing
            else:
                word_bits = self._fts(f"({expr}) AND ({self.driver_expr})")
            self.scopes[id(w)] = (word_bits, word_bits.bit_count(), False)
            text_bits &= word_bits
        return text_bits

    def _within(self, w: _WordMatch, expr: str | None, least: int) -> int:
        """Return the documents of an expression matching only derivations of `w`.

        The answer is exact within the word's scope (its documents, within the
        driver's), which holds every document the query matches.  `least` is a lower
        bound of the documents the expression matches in the whole index: when it
        is over half the scope, asking for the scope's documents it does NOT match
        returns fewer rows.
        """
        if not expr:
            return 0
        scope = self.scopes.get(id(w))
        if scope is None:
            return self._bits(expr, likely_common=least * 2 > self.n_docs)
        bits, size, own = scope
        if expr == w.any_expr():
            return bits
        if own and w.merges_prefix():
            # Walking the scope would merge its prefix's lists again.
            return bits & self._bits(expr, likely_common=least * 2 > self.n_docs)
        if least * 2 > size:
            # Within a scope below the driver's, the driver's documents lacking the
            # expression are as good (the scope's bits pick ours) and cheaper to walk.
            outer = w.any_expr() if own else self.driver_expr
            return bits & ~self._fts(f"({outer}) NOT ({expr})")
        if not own:
            expr = f"({expr}) AND ({self.driver_expr})"
        return bits & self._fts(expr)

    def _zero(self, w: _WordMatch) -> int:
        """Return the documents matching a word with no typo."""
        expr = w.zero_expr()
        scope = self.scopes.get(id(w))
        if expr and w.typo_terms and scope is not None and w.zero_min_docs * 2 > scope[1]:
            # Most of the word's documents match it without a typo: list those that
            # match a typo derivation only (walking the derivations' lists, not the
            # word's).
            typos = " OR ".join(_quote(t) for t in w.typo_terms)
            return scope[0] & ~self._only(w, f"({typos}) NOT ({expr})")
        return self._within(w, expr, w.zero_min_docs)

    def _only(self, w: _WordMatch, expr: str) -> int:
        """Return the documents of an expression, exact within the word's scope."""
        scope = self.scopes.get(id(w))
        if scope is not None and not scope[2]:
            expr = f"({expr}) AND ({self.driver_expr})"
        return self._fts(expr)

    def _any(self, w: _WordMatch) -> int:
        """Return the documents matching a word with any allowed number of typos."""
        return self._within(w, w.any_expr(), w.any_min_docs)

    def _levels(self, w: _WordMatch) -> list[int]:
        """Return a word's documents by typo count: [0 typos, 1 typo, 2 typos]."""
        zero = self._zero(w)
        rest = self._any(w) & ~zero if w.typo_terms else 0
        if not rest:
            return [zero, 0, 0]
        ones = any(d == 1 for d in w.typo_terms.values())
        twos = any(d == 2 for d in w.typo_terms.values())
        if ones and twos:
            one = self._within(w, w.level_expr(1), 0) & rest
            return [zero, one, rest & ~one]
        return [zero, rest, 0] if ones else [zero, 0, rest]

    def _exact(self, w: _WordMatch) -> int:
        """Return the documents containing the word itself (not a prefix or typo of it)."""
        if not w.exact:
            return 0
        if not w.prefix or w.zero_terms == (w.word,):
            # No longer word starts with it: its zero-typo matches are exact.
            return self._zero(w)
        scope = self.scopes.get(id(w))
        common = scope is not None and w.exact_df * 2 > scope[1]
        if (w.exact_df <= w.longer_df and not common) or not w.zero_terms:
            return self._within(w, _quote(w.word), w.exact_df)
        # Few documents have only longer words: listing those is much cheaper than
        # listing every document that has the word itself.
        longer = w._zero_terms_expr(tuple(t for t in w.zero_terms if t != w.word))
        if common and longer.endswith("*") and w.exact_df <= w.longer_df:
            # Listing the longer words means merging their lists: list the word.
            return self._within(w, _quote(w.word), w.exact_df)
        return self._zero(w) & ~self._only(w, f"({longer}) NOT {_quote(w.word)}")

    def _bits(self, expr: str | None, likely_common: bool = False) -> int:
        """Return the documents matching an FTS5 expression (0 for None).

        For an expression most documents match, listing the few that do not is
        several times cheaper than listing those that do.
        """
        if not expr:
            return 0
        if likely_common:
            missing = self._fts(f"{_quote(EVERY_DOC)} NOT ({expr})")
            return self.universe & ~missing
        return self._fts(expr)

    def _fts(self, expr: str) -> int:
        """Return the documents of an FTS5 expression, within the plan's candidates if any."""
        if self.geo_plan is None:
            return self.state.fts_bitmap(self.conn, expr)
        return self.state.fts_bitmap_ranges(self.conn, expr, self.geo_plan) & self.geo_plan.candidates

    # ----------------------------------------------------------------- filters

    def _any_of(self, group: str, wanted: Iterable[str]) -> int:
        """Return the documents having any of the wanted values of a group."""
        table = self.state.values[group]
        out = 0
        for v in wanted:
            out |= table.get(v, 0)
        return out

    def _within_radius(self, candidates: int) -> int:
        """Return the candidates with a location within the radius.

        Few candidates (a text search): look up their own R*Tree entries and test
        them.  Many: the R*Tree's bounding box around the origin, then the same test.
        """
        assert self.origin is not None and self.radius_m is not None
        if self.geo_plan is not None:
            return candidates  # drawn from the radius's documents already
        if candidates.bit_count() > _DIRECT_DISTANCE:
            return candidates & self.state.within(self.conn, self.origin, self.radius_m)
        limit = _geo_box(self.origin, self.radius_m)[2]
        c2 = self._distances_of(_members(candidates))
        self.known_c2 = {doc: v for doc, v in c2.items() if v <= limit}
        return _bitmap_of(self.known_c2)

    # ----------------------------------------------------------------- run

    def run(self) -> SearchResult:
        """Compute the result page."""
        st = self.state
        q = self.q
        text_bits = self._match_text()

        base = text_bits
        if q.criteria != "all":
            base &= st.pnt
        if q.municipalities:
            base &= st.municipalities(self.conn, q.municipalities)
        if q.free_only:
            base &= st.free
        if q.wheelchair:
            base &= st.wheelchair
        if self.radius_m is not None and base:
            base = self._within_radius(base)

        groups: dict[str, int] = {}
        if q.offer_types:
            groups["offer_type"] = self._any_of("offer_type", q.offer_types)
        if q.activities:
            groups["activity"] = self._any_of("activity", q.activities)
        if q.regions:
            groups["region"] = self._any_of("region", q.regions)
        if q.weekdays:
            groups["weekday"] = self._or(st.weekdays.get(d, 0) for d in q.weekdays)
        if q.dayparts:
            groups["daypart"] = self._or(st.dayparts.get(d, 0) for d in q.dayparts)
        if q.dutch_level in _LEVEL_RANK:
            limit = _LEVEL_RANK[q.dutch_level]
            groups["dutch_level"] = self._or(
                bm for code, bm in st.values["dutch_level"].items()
                if st.level_rank.get(code, 0) <= limit
            )

        matched = base
        for bm in groups.values():
            matched &= bm
        facets = self._facets(base, groups)
        total = matched.bit_count()
        skip = (self.page - 1) * self.page_size
        ids = self._order(matched, skip, self.page_size) if skip < total else []
        hits = self._hits(ids)
        return SearchResult(
            hits=hits,
            total=total,
            page=self.page,
            page_size=self.page_size,
            facets=facets,
            took_ms=(time.perf_counter() - self.started) * 1000.0,
            left_out=self.left_out,
        )

    @staticmethod
    def _or(bitmaps: Iterable[int]) -> int:
        """Return the union of bitmaps."""
        out = 0
        for bm in bitmaps:
            out |= bm
        return out

    def _facets(self, base: int, groups: dict[str, int]) -> dict[str, dict[str, int]]:
        """Count facet values; each group ignores its own filter (disjunctive facets)."""
        st = self.state
        out: dict[str, dict[str, int]] = {}
        for group in dict.fromkeys(self.q.facets):
            if group not in FACETS:
                continue
            scope = base
            for other, bm in groups.items():
                if other != group:
                    scope &= bm
            if group == "weekday":
                table = st.weekdays
            elif group == "daypart":
                table = st.dayparts
            else:
                table = st.values[group]
            counts: dict[str, int] = {}
            if scope:
                for value, bm in table.items():
                    if value == "":
                        continue
                    n = (scope & bm).bit_count()
                    if n:
                        counts[value] = n
            out[group] = counts
        return out

    # ----------------------------------------------------------------- ordering

    def _order(self, matched: int, skip: int, need: int) -> list[int]:
        """Return the page's document rowids in the query's sort order."""
        if self.sort == "distance" and self.origin_unit is not None:
            return self._order_distance(matched, skip, need)
        if self.sort == "relevance" and self.words:
            out: list[int] = []
            self._bucket_sort(matched, 0, skip, need, out)
            return out
        return self.state.take_newest(matched, skip, need)

    def _rules(self) -> list[Callable[[int], Iterator[int]]]:
        """Return the relevance rules after "words", in Meilisearch's default order."""
        return [self._typo_buckets, self._attribute_buckets, self._exactness_buckets]

    def _bucket_sort(self, universe: int, rule: int, skip: int, need: int, out: list[int]) -> int:
        """Append up to `need` ids of `universe` after `skip` to `out`; return skip left."""
        rules = self._rules()
        if rule >= len(rules) or universe.bit_count() <= 1:
            taken = self.state.take_newest(universe, skip, need)
            out.extend(taken)
            return max(0, skip - universe.bit_count())
        target = len(out) + need
        left = universe
        for bucket in rules[rule](universe):
            bucket &= left
            count = bucket.bit_count()
            if not count:
                continue
            left &= ~bucket
            if skip >= count:
                skip -= count
            else:
                skip = self._bucket_sort(bucket, rule + 1, skip, target - len(out), out)
                if len(out) >= target:
                    return 0
            if not left:
                break
        if left and len(out) < target:
            # Never lose documents to a rule that did not place them.
            skip = self._bucket_sort(left, rule + 1, skip, target - len(out), out)
        return skip

    def _typo_buckets(self, universe: int) -> Iterator[int]:
        """Yield documents by total typos over all query words, fewest first."""
        exact = universe
        for w in self.words:
            exact &= self._zero(w)
        # Documents without any typo first: often they fill the page on their own.
        yield exact
        if not universe & ~exact:
            return
        levels = [self._levels(w) for w in self.words]
        sums: dict[int, int] = {0: universe}
        for per_level in levels:
            nxt: dict[int, int] = {}
            for total, bm in sums.items():
                for typos, level_bm in enumerate(per_level):
                    part = bm & level_bm
                    if part:
                        nxt[total + typos] = nxt.get(total + typos, 0) | part
            sums = nxt
        for total in sorted(sums):
            if total:
                yield sums[total]

    def _attribute_buckets(self, universe: int) -> Iterator[int]:
        """Yield documents by the sum over words of the best attribute they occur in.

        Lazily: a word's attribute is asked for only when a bucket needs it, i.e.
        when the other words, each in its first possible attribute, leave room.
        """
        words = self.words
        n = len(words)
        max_field = len(FIELDS) - 1
        masks = [w.column_mask() for w in words]
        # The attributes each word can be in (by the vocabulary); the last one holds
        # whatever the earlier ones did not, as every document matches every word.
        first = [(m & -m).bit_length() - 1 if m else max_field for m in masks]
        last = [m.bit_length() - 1 if m else max_field for m in masks]
        best: list[list[int]] = [[] for _ in range(n)]  # best[i][f]: best field is f
        seen = [0] * n
        least = [0] * (n + 1)  # least[i]: lowest possible sum of the first i words
        for i in range(n):
            least[i + 1] = least[i] + first[i]

        def column(i: int, f: int) -> int:
            """Return the universe's documents whose best attribute for word i is f."""
            while len(best[i]) <= f:
                g = len(best[i])
                left = universe & ~seen[i]
                if g >= last[i] or not left:
                    bits = left
                elif masks[i] >> g & 1:
                    w = words[i]
                    bits = self._within(
                        w, f"{FIELDS[g]} : ({w.column_expr(g)})", w.col_min_docs[g]
                    ) & left
                else:
                    bits = 0
                best[i].append(bits)
                seen[i] |= bits
            return best[i][f]

        memo: list[dict[int, int]] = [{0: universe}] + [{} for _ in range(n)]

        def summed(i: int, total: int) -> int:
            """Return the documents whose first i words have best-attribute sum `total`."""
            if total < least[i] or (i == 0 and total):
                return 0
            hit = memo[i].get(total)
            if hit is None:
                hit = 0
                for f in range(first[i - 1], min(total - least[i - 1], max_field) + 1):
                    prev = summed(i - 1, total - f)
                    if prev:
                        hit |= prev & column(i - 1, f)
                memo[i][total] = hit
            return hit

        for total in range(least[n], max_field * n + 1):
            bucket = summed(n, total)
            if bucket:
                yield bucket

    def _exactness_buckets(self, universe: int) -> Iterator[int]:
        """Yield documents by how many query words they contain exactly, most first."""
        counts: dict[int, int] = {0: universe}
        for w in self.words:
            exact = self._exact(w)
            nxt: dict[int, int] = {}
            for c, bm in counts.items():
                hit, miss = bm & exact, bm & ~exact
                if hit:
                    nxt[c + 1] = nxt.get(c + 1, 0) | hit
                if miss:
                    nxt[c] = nxt.get(c, 0) | miss
            counts = nxt
        for c in sorted(counts, reverse=True):
            yield counts[c]

    def _order_distance(self, matched: int, skip: int, need: int) -> list[int]:
        """Return ids nearest first; documents without a location come last."""
        st = self.state
        located = matched & st.has_points
        n_located = located.bit_count()
        page: list[int] = []
        if skip < n_located:
            c2 = self._nearest(located, skip + need)
            ranked = sorted(c2, key=c2.__getitem__)
            end = min(len(ranked), skip + need)
            while 0 < end < len(ranked) and c2[ranked[end]] == c2[ranked[end - 1]]:
                end += 1  # a tie across the page edge is broken below, not by chance
            head = ranked[:end]
            head.sort(key=lambda d: (c2[d], st.rank_of[d]))
            page = head[skip : skip + need]
        rest_skip = max(0, skip - n_located)
        if len(page) < need:
            page += st.take_newest(matched & ~st.has_points, rest_skip, need - len(page))
        return page

    def _nearest(self, located: int, want: int) -> dict[int, float]:
        """Return squared chords of at least `want` nearest documents of `located` (or all)."""
        assert self.origin is not None
        total = located.bit_count()
        want = min(want, total)
        if self.known_c2 is not None:
            return {d: self.known_c2[d] for d in _members(located)}
        if total <= _DIRECT_DISTANCE:
            return self._distances_of(_members(located))
        data = located.to_bytes((located.bit_length() + 7) // 8, "little")
        limit = len(data) * 8
        # Every located candidate lies within the query radius, if there is one.
        cap = math.pi * EARTH_RADIUS_M
        if self.radius_m is not None:
            cap = min(cap, self.radius_m)
        radius = min(1_000.0, cap)
        while True:
            rows = _points_within(self.conn, self.origin, radius)
            found = {
                doc: c2 for doc, c2 in rows.items()
                if doc < limit and data[doc >> 3] >> (doc & 7) & 1
            }
            if len(found) >= want or radius >= cap:
                return found
            # Everything within `radius` is nearer than anything outside it.
            radius = min(radius * 4.0, cap)

    def _distances_of(self, docs: list[int]) -> dict[int, float]:
        """Return the squared chord to the nearest location of each document."""
        assert self.origin is not None
        ids = [
            (doc << POINT_BITS) | k
            for doc, n in self.conn.execute(
                "SELECT doc, n_points FROM docs WHERE doc IN (SELECT value FROM json_each(?))",
                (_json(docs),),
            )
            for k in range(n)
        ]
        ox, oy, oz = (c * GEO_SCALE for c in unit_vector(self.origin.lat, self.origin.lon))
        return dict(self.conn.execute(
            f"SELECT id >> {POINT_BITS}, MIN({_C2}) FROM geo"
            " WHERE id IN (SELECT value FROM json_each(?)) GROUP BY 1",
            (ox, ox, oy, oy, oz, oz, _json(ids)),
        ).fetchall())

    # ----------------------------------------------------------------- hits

    def _hits(self, ids: list[int]) -> list[SearchHit]:
        """Load the page's documents and add distance and highlights."""
        if not ids:
            return []
        docs = _load_documents(self.conn, ids, self.state.labels(self.conn))
        hits: list[SearchHit] = []
        for doc_id in ids:
            doc = docs.get(doc_id)
            if doc is None:
                continue
            distance = None
            if self.origin_unit is not None and doc.points:
                distance = min(unit_distance_m(self.origin_unit, p.lat, p.lon) for p in doc.points)
            hits.append(SearchHit(
                document=doc,
                distance_m=distance,
                highlights={
                    "title": self._highlight(_localized(doc.title, self.q.locale)),
                    "summary": self._highlight(_localized(doc.summary, self.q.locale)),
                },
            ))
        return hits

    def _highlight(self, text: str) -> str:
        """Return escaped HTML of `text` with matched words in <mark>."""
        if not self.words and not self.plan.concepts:
            return render_marked(mark_spans(text, []))
        # What _WordMatch.matches tests, for all words at once.
        if self._marks is None:
            exact = {w.word for w in self.words}
            for w in self.words:
                exact.update(w.typo_terms)
            self._marks = (exact, tuple(w.word for w in self.words if w.prefix))
        exact, prefixes = self._marks

        def word_matches(token: str) -> bool:
            """Return True if a document word is a derivation of a searched word."""
            return token in exact or bool(prefixes and token.startswith(prefixes))

        names = self.plan.phrase_names()
        return render_marked(mark_spans(text, highlight_spans(text, names, word_matches)))
