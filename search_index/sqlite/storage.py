"""The index file: schema, versions, stored documents, indexed text, filter columns, connections."""

from __future__ import annotations

import json
import sqlite3
import sys
import threading
import zlib
from array import array
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
from functools import lru_cache
from itertools import chain
from typing import Any

import msgpack  # type: ignore[import-untyped]  # msgpack ships no type information

from search_index.contract import (
    DAYPARTS,
    DUTCH_LEVELS,
    WEEKDAYS,
    GeoPoint,
    OfferDocument,
)
from search_index.normalize import tokenize
from search_index.sqlite.bitmaps import as_bitmaps, pack_word
from search_index.sqlite.geo import MAX_POINTS
from search_index.sqlite.snapshot import SNAPSHOT_SCHEMA

SCHEMA_VERSION = 3
#: Bump when normalisation or the indexed text changes: the contentless FTS table is
#: updated by recomputing a document's text, which must equal what was indexed.
TEXT_VERSION = 3
#: A term in every document (a private-use character the normaliser never emits), so
#: "every document NOT word" can list the complement of a very common word.
EVERY_DOC = "\uf8ff"
#: Searchable attributes in ranking order; FTS column index = attribute rank.
FIELDS = ("title", "summary", "taxonomy", "organisation", "municipality", "description")
#: Idle read connections kept per engine.
POOL_SIZE = 8
#: Readers older than this many generations reload their state in full.
LOG_KEEP = 1024
#: The change log is pruned every this many generations.
LOG_PRUNE_EVERY = 128
#: Up to this many changed documents, a reader patches its state; beyond, it reloads.
PATCH_LIMIT = 20_000
#: Dutch levels in order, so "at most A2" is a comparison.
LEVEL_RANK = {code: rank for rank, code in enumerate(DUTCH_LEVELS)}
#: Bit of each weekday in the docs table's weekday mask.
WEEKDAY_BIT = {code: i for i, code in enumerate(WEEKDAYS)}
#: Bit of each daypart in the docs table's daypart mask.
DAYPART_BIT = {code: i for i, code in enumerate(DAYPARTS)}
#: The index file's tables (created by a rebuild or `create_missing`).
SCHEMA = f"""
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
-- The in-memory state saved by a rebuild (see snapshot.py).
{SNAPSHOT_SCHEMA}
"""


def compact_json(value: Any) -> str:
    """Return compact JSON."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def encode_payload(doc: OfferDocument, label_ids: list[int]) -> bytes:
    """Return the payload stored for a document: MessagePack, taxonomy terms as packed label ids.

    The page's 20 documents are decoded on every query: MessagePack with the ~200
    label ids as one packed array reads several times faster than the compressed JSON
    of earlier indexes (still readable, as is the plain JSON text of the oldest).
    """
    data: dict[str, Any] = {}
    for f in fields(OfferDocument):
        value = getattr(doc, f.name)
        if f.name == "taxonomy_terms":
            value = _pack_ids(label_ids)
        elif f.name == "points":
            value = [[p.lat, p.lon] for p in value]
        elif isinstance(value, tuple):
            value = list(value)
        elif f.name in ("title", "summary"):
            value = dict(value)
        data[f.name] = value
    packed: bytes = msgpack.packb(data, use_bin_type=True)
    return packed


def _pack_ids(ids: list[int]) -> bytes:
    """Return label ids as little-endian unsigned 32-bit integers."""
    packed = array("I", ids)
    if sys.byteorder != "little":
        packed.byteswap()
    return packed.tobytes()


def _unpack_ids(data: bytes) -> list[int]:
    """Return the label ids `_pack_ids` packed."""
    ids = array("I")
    ids.frombytes(data)
    if sys.byteorder != "little":
        ids.byteswap()
    return ids.tolist()


def payload_data(payload: str | bytes) -> dict[str, Any]:
    """Return the parsed payload: MessagePack, or from an older index zlib'd or plain JSON."""
    if isinstance(payload, str):
        parsed: dict[str, Any] = json.loads(payload)
    elif payload[:1] == b"\x78":  # a zlib stream (MessagePack maps start 0x80-0x8f or 0xde)
        parsed = json.loads(zlib.decompress(payload))
    else:
        parsed = msgpack.unpackb(payload, raw=False, strict_map_key=False)
        terms = parsed.get("taxonomy_terms")
        if isinstance(terms, bytes):
            parsed["taxonomy_terms"] = _unpack_ids(terms)
    return parsed


_TUPLE_FIELDS = frozenset(
    f.name for f in fields(OfferDocument) if str(f.type).startswith("tuple")
)


_KNOWN_FIELDS = frozenset(f.name for f in fields(OfferDocument))


def decode_payload(data: dict[str, Any], labels: dict[int, str]) -> OfferDocument:
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


def field_text(texts: Iterable[str]) -> str:
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
def terms_text(terms: tuple[str, ...]) -> str:
    """Return the normalised text of a taxonomy term set (shared by many offers)."""
    return field_text(terms)


def doc_row(doc: OfferDocument) -> tuple[Any, ...]:
    """Return the docs-table values of a document (without the rowid)."""
    wmask = sum(1 << WEEKDAY_BIT[d] for d in set(doc.weekdays) if d in WEEKDAY_BIT)
    dmask = sum(1 << DAYPART_BIT[d] for d in set(doc.dayparts) if d in DAYPART_BIT)
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
        LEVEL_RANK.get(level, 0),
        wmask,
        dmask,
        min(len(doc.points), MAX_POINTS),
        int(doc.published_at),
    )


def fts_row(doc: OfferDocument) -> tuple[str, ...]:
    """Return the normalised text of each searchable attribute."""
    return (
        field_text(doc.title.values()),
        field_text(doc.summary.values()),
        terms_text(tuple(doc.taxonomy_terms)),
        field_text((doc.organisation,)),
        field_text((doc.municipality_name, *doc.place_names)),
        # The last attribute is never asked for by column, so the marker here
        # cannot change any ranking.
        (EVERY_DOC + " " + field_text((doc.description_nl,))).rstrip(),
    )


def load_documents(
    conn: sqlite3.Connection, rowids: list[int], labels: dict[int, str] | None = None
) -> dict[int, OfferDocument]:
    """Return the stored documents of some rowids, taxonomy labels resolved."""
    if not rowids:
        return {}
    rows = conn.execute(
        "SELECT doc, payload FROM payloads WHERE doc IN (SELECT value FROM json_each(?))",
        (compact_json(rowids),),
    ).fetchall()
    parsed = {doc: payload_data(payload) for doc, payload in rows}
    if labels is None and (wanted := sorted(
        {i for data in parsed.values() for i in data.get("taxonomy_terms", ())}
    )):
        labels = dict(conn.execute(
            "SELECT id, text FROM labels WHERE id IN (SELECT value FROM json_each(?))",
            (compact_json(wanted),),
        ).fetchall())
    return {doc: decode_payload(data, labels or {}) for doc, data in parsed.items()}


def localized(texts: Any, locale: str) -> str:
    """Return the text in `locale`, else Dutch, else ""."""
    try:
        return str(texts.get(locale) or texts.get("nl") or "")
    except AttributeError:
        return ""


FLAGS: tuple[tuple[str, str], ...] = (
    ("live", "1"),
    ("pnt", "pnt"),
    ("free", "free"),
    ("wheelchair", "wheelchair"),
    ("has_points", "n_points > 0"),
    *((f"weekday:{d}", f"(weekday_mask >> {i}) & 1") for i, d in enumerate(WEEKDAYS)),
    *((f"daypart:{d}", f"(daypart_mask >> {i}) & 1") for i, d in enumerate(DAYPARTS)),
)


#: Filter groups kept as a bitmap per value: (group, table, column).
VALUE_GROUPS = (
    ("offer_type", "docs", "offer_type"),
    ("region", "docs", "region"),
    ("dutch_level", "docs", "dutch_level"),
    ("activity", "doc_activity", "activity"),
)


def collect(
    conn: sqlite3.Connection, scope: str, params: tuple[Any, ...]
) -> tuple[dict[str, int], dict[str, dict[str, int]]]:
    """Return flag bitmaps and value bitmaps per group for the documents in `scope`.

    SQLite ORs the bits per 64-document word (SUM of distinct powers of two), so Python
    only handles one row per word and value, not one per document.
    """
    sums = ", ".join(f"SUM(({expr}) << (doc & 63))" for _, expr in FLAGS)
    flag_buffers: dict[Any, bytearray] = {}
    for row in conn.execute(f"SELECT doc >> 6, {sums} FROM docs WHERE {scope} GROUP BY 1", params):
        word = row[0]
        for (name, _), bits in zip(FLAGS, row[1:], strict=True):
            if bits:
                pack_word(flag_buffers, name, word, bits)
    values: dict[str, dict[str, int]] = {}
    for group, table, column in VALUE_GROUPS:
        buffers: dict[Any, bytearray] = {}
        for value, word, bits in conn.execute(
            f"SELECT {column}, doc >> 6, SUM(1 << (doc & 63)) FROM {table}"
            f" WHERE {scope} GROUP BY 1, 2",
            params,
        ):
            pack_word(buffers, value, word, bits)
        values[group] = as_bitmaps(buffers)
    return as_bitmaps(flag_buffers), values


class SwapGate:
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
class PooledConnection:
    """A pooled connection and the file identity it was opened on."""

    conn: sqlite3.Connection
    file_id: tuple[int, int]
    epoch: int


#: Said (and logged by the app) when an engine that may not create an index finds none.
MISSING_INDEX = "no search index; build it with `flask search reindex`"
