"""A rebuilt embedded index opens from its saved state, and gives the same answers."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from search_index.contract import FACETS, GeoPoint, SearchQuery
from search_index.sqlite import SQLiteSearchEngine
from search_index.sqlite import engine as sqlite_engine
from search_index.sqlite import state as sqlite_state
from tests.search.test_sqlite_planner import random_corpus

QUERIES = (
    SearchQuery(text="samen", facets=FACETS),
    SearchQuery(text="samne buren", facets=FACETS, criteria="all"),
    SearchQuery(text="koor", origin=GeoPoint(51.05, 3.72), radius_km=20, facets=FACETS),
    SearchQuery(weekdays=frozenset({"mon"}), free_only=True, facets=FACETS, page_size=50),
    SearchQuery(text="sam", sort="newest", page=2, facets=FACETS),
)


def answers(engine: SQLiteSearchEngine) -> list[tuple[object, ...]]:
    """Return the ids, totals and facets of every query."""
    out = []
    for q in QUERIES:
        r = engine.search(q)
        out.append(([h.document.id for h in r.hits], r.total, {g: dict(c) for g, c in r.facets.items()}))
    return out


@pytest.fixture
def built(tmp_path: Path) -> Path:
    """Return the path of an index rebuilt from a random corpus."""
    path = tmp_path / "search.sqlite3"
    engine = SQLiteSearchEngine(path)
    engine.rebuild(random_corpus(300, seed=4))
    engine.close()
    return path


def test_a_rebuilt_index_opens_without_scanning(built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scanned = SQLiteSearchEngine(built)
    scanned_answers = None
    with monkeypatch.context() as m:
        # Without its snapshot the index is scanned, as before.
        m.setattr(sqlite_engine, "read_snapshot", lambda *_a: None)
        scanned.configure()
        scanned_answers = answers(scanned)
    scanned.close()

    def forbidden(*_args: object) -> object:
        raise AssertionError("the index was scanned")

    monkeypatch.setattr(sqlite_engine, "vocabulary_counts", forbidden)
    monkeypatch.setattr(sqlite_state, "load_vocabulary", forbidden)
    monkeypatch.setattr(sqlite_engine, "collect", forbidden)
    monkeypatch.setattr(sqlite_state, "collect", forbidden)
    opened = SQLiteSearchEngine(built)
    opened.configure()
    assert answers(opened) == scanned_answers
    opened.close()


def test_an_index_written_since_its_rebuild_opens_patched(built: Path) -> None:
    writer = SQLiteSearchEngine(built)
    extra = random_corpus(320, seed=9)[300:]
    writer.upsert(replace(d, id=f"new{d.id}") for d in extra)
    writer.upsert([replace(random_corpus(300, seed=4)[5], title={"nl": "Schaakclub vernieuwd"})])
    writer.delete(["o7", "o8"])
    expected = answers(writer)
    writer.close()
    fresh = SQLiteSearchEngine(built)  # as another process would, after the writes
    fresh.configure()
    assert answers(fresh) == expected
    assert fresh.search(SearchQuery(text="vernieuwd", criteria="all")).total == 1
    fresh.close()


def test_an_index_without_a_snapshot_is_scanned(built: Path) -> None:
    reference = SQLiteSearchEngine(built)
    expected = answers(reference)
    reference.close()
    conn = sqlite3.connect(built)
    conn.execute("DROP TABLE snapshot")
    conn.commit()
    conn.close()
    old = SQLiteSearchEngine(built)
    old.configure()
    assert answers(old) == expected
    old.close()


def test_payloads_are_messagepack_and_json_ones_from_older_indexes_still_read(built: Path) -> None:
    import json
    import zlib

    import msgpack

    engine = SQLiteSearchEngine(built)
    expected = engine.search(SearchQuery(text="samen", facets=FACETS, page_size=30))
    engine.close()
    conn = sqlite3.connect(built)
    stored = conn.execute("SELECT doc, payload FROM payloads").fetchall()
    assert stored and all(isinstance(p, bytes) and p[:1] != b"\x78" for _d, p in stored)
    first = msgpack.unpackb(stored[0][1], raw=False)
    assert isinstance(first["taxonomy_terms"], bytes)  # label ids packed, 4 bytes each
    assert len(first["taxonomy_terms"]) % 4 == 0

    def as_json(payload: bytes) -> str:
        data = msgpack.unpackb(payload, raw=False)
        data["taxonomy_terms"] = list(memoryview(data["taxonomy_terms"]).cast("I"))
        return json.dumps(data, ensure_ascii=False)

    # Older indexes: compressed JSON (2026-11) and plain JSON text (before).
    conn.executemany(
        "UPDATE payloads SET payload = ? WHERE doc = ?",
        [(zlib.compress(as_json(p).encode()), d) for d, p in stored[0::3]]
        + [(as_json(p), d) for d, p in stored[1::3]],
    )
    conn.commit()
    conn.close()
    engine = SQLiteSearchEngine(built)
    again = engine.search(SearchQuery(text="samen", facets=FACETS, page_size=30))
    assert len(again.hits) == 30
    assert [h.document for h in again.hits] == [h.document for h in expected.hits]
    engine.close()
