"""The embedded engine itself: the index file's life (configure, write, rebuild, swap) and searching it."""

from __future__ import annotations

import os
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from search_index.contract import (
    EngineHealth,
    OfferDocument,
    SearchError,
    SearchQuery,
    SearchResult,
)
from search_index.lexicon import Lexicon
from search_index.sqlite.geo import MAX_POINTS, POINT_BITS, grid
from search_index.sqlite.planner import spatial_order
from search_index.sqlite.query import MAX_QUERY_WORDS, Search
from search_index.sqlite.snapshot import read_snapshot, write_snapshot
from search_index.sqlite.state import IndexState
from search_index.sqlite.storage import (
    FIELDS,
    LOG_KEEP,
    LOG_PRUNE_EVERY,
    MISSING_INDEX,
    PATCH_LIMIT,
    POOL_SIZE,
    SCHEMA,
    SCHEMA_VERSION,
    TEXT_VERSION,
    VALUE_GROUPS,
    PooledConnection,
    SwapGate,
    collect,
    compact_json,
    doc_row,
    encode_payload,
    fts_row,
    load_documents,
)
from search_index.sqlite.vocabulary import vocabulary_counts

__all__ = ["SQLiteSearchEngine", "MAX_QUERY_WORDS"]


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
        self._gate = SwapGate()
        self._pool: list[PooledConnection] = []
        self._pool_lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._writer: PooledConnection | None = None
        self._epoch = 0
        self._state: IndexState | None = None
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

    def _open(self) -> PooledConnection:
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
                    return PooledConnection(conn, after, self._epoch)
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
                + SCHEMA
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
            handle: PooledConnection | None = None
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
                    if ok and len(self._pool) < POOL_SIZE and handle.epoch == self._epoch:
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
                if generation % LOG_PRUNE_EVERY == 0:
                    horizon = generation - LOG_KEEP
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

    def _state_for(self, conn: sqlite3.Connection) -> IndexState:
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
                    base = state if len(changed) <= PATCH_LIMIT else None
                if base is None:
                    state = self._from_snapshot(conn, key, int(meta.get("log_start", 0)))
                if base is not None or state is None or state.key != key:
                    state = IndexState(key, conn, base, changed)
                self._state = state
                return state
        return IndexState(key, conn)

    @staticmethod
    def _from_snapshot(conn: sqlite3.Connection, key: tuple[str, int], log_start: int) -> IndexState | None:
        """Return the state from the snapshot a rebuild saved, patched for later writes.

        None when there is no snapshot or the change log no longer reaches back to it.
        """
        found = read_snapshot(conn, tuple(group for group, _, _ in VALUE_GROUPS))
        if found is None:
            return None
        generation, snapshot = found
        if generation == key[1]:
            return IndexState(key, conn, snapshot=snapshot)
        if not log_start <= generation < key[1]:
            return None
        changed = [d for (d,) in conn.execute(
            "SELECT DISTINCT doc FROM changes WHERE generation > ?", (generation,)
        )]
        if len(changed) > PATCH_LIMIT:
            return None
        base = IndexState((key[0], generation), conn, snapshot=snapshot)
        return IndexState(key, conn, base, changed)

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
                conn.executescript(SCHEMA)
                conn.execute("BEGIN")
                conn.execute(
                    "INSERT INTO meta (key, value) VALUES ('schema', ?), ('text_version', ?),"
                    " ('generation', ?), ('log_start', ?), ('index_id', ?)",
                    (SCHEMA_VERSION, TEXT_VERSION, old_generation + 1, old_generation + 1,
                     uuid.uuid4().hex),
                )
                # Neighbouring offers get neighbouring rowids (see planner.py).
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
        flags, values = collect(conn, "1", ())
        order = [r for (r,) in conn.execute("SELECT doc FROM docs ORDER BY published_at DESC, id")]
        col_df = vocabulary_counts(conn)
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
                return Search(conn, state, query, started, plan, self.geo_first).run()
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
        old = load_documents(conn, [doc]).get(doc)
        if old is not None:
            # A contentless FTS5 table forgets a row given exactly the text it indexed.
            conn.execute(
                f"INSERT INTO fts (fts, rowid, {', '.join(FIELDS)})"
                " VALUES ('delete', ?, ?, ?, ?, ?, ?, ?)",
                (doc, *fts_row(old)),
            )
        conn.execute("DELETE FROM doc_activity WHERE doc = ?", (doc,))
        row = conn.execute("SELECT n_points FROM docs WHERE doc = ?", (doc,)).fetchone()
        if row is not None and row[0]:
            conn.executemany(
                "DELETE FROM geo WHERE id = ?", [((doc << POINT_BITS) | k,) for k in range(row[0])]
            )

    @staticmethod
    def _label_ids(conn: sqlite3.Connection, terms: dict[str, None]) -> dict[str, int]:
        """Store taxonomy labels not stored yet; return the ids of all of `terms`."""
        conn.executemany("INSERT OR IGNORE INTO labels (text) VALUES (?)", [(t,) for t in terms])
        return dict(conn.execute(
            "SELECT text, id FROM labels WHERE text IN (SELECT value FROM json_each(?))",
            (compact_json(list(terms)),),
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
        values = doc_row(doc)
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
            (rowid, encode_payload(doc, [ids[t] for t in doc.taxonomy_terms])),
        )
        conn.execute(
            f"INSERT INTO fts (rowid, {', '.join(FIELDS)}) VALUES (?,?,?,?,?,?,?)",
            (rowid, *fts_row(doc)),
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
            x, y, z = grid(p.lat, p.lon)
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
            doc_rows: list[tuple[object, ...]] = []
            payload_rows: list[tuple[int, bytes]] = []
            fts_rows: list[tuple[object, ...]] = []
            act_rows: list[tuple[int, str]] = []
            geo_rows: list[tuple[int, ...]] = []
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
                doc_rows.append((rowid, *doc_row(doc)))
                payload_rows.append((rowid, encode_payload(doc, label_ids)))
                fts_rows.append((rowid, *fts_row(doc)))
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
