"""What an index holds, read without creating or changing anything: present, generation, count.

Kept apart from the engines so a readiness probe can tell a missing, damaged or empty index
from a healthy one; an engine that quietly creates an empty index would report "ok".
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from search_index.contract import SearchEngine

#: States an index can be in, as readiness reports them.
PRESENT, MISSING, CORRUPTED, UNREACHABLE = "present", "missing", "corrupted", "unreachable"


@dataclass(frozen=True)
class IndexStatus:
    """An index's state, its generation (bumped by every write and rebuild) and document count."""

    state: str
    documents: int | None = None
    generation: int | None = None
    index_id: str | None = None
    detail: str = ""

    @property
    def present(self) -> bool:
        """Return True when the index exists and could be read."""
        return self.state == PRESENT


def sqlite_index_status(path: Path) -> IndexStatus:
    """Read the embedded index file at `path` read-only (never creating it)."""
    if not path.exists():
        return IndexStatus(MISSING, detail=str(path))
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5.0)
    except sqlite3.Error as exc:
        return IndexStatus(CORRUPTED, detail=str(exc))
    try:
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        if "schema" not in meta:
            return IndexStatus(CORRUPTED, detail="the index file has no metadata")
        documents = int(conn.execute("SELECT COUNT(*) FROM docs").fetchone()[0])
        return IndexStatus(
            PRESENT,
            documents=documents,
            generation=int(meta.get("generation", 0)),
            index_id=str(meta.get("index_id", "")) or None,
        )
    except (sqlite3.Error, ValueError) as exc:
        # "file is not a database", a missing table, a truncated file: all mean rebuild.
        return IndexStatus(CORRUPTED, detail=str(exc))
    finally:
        conn.close()


def index_status(engine: SearchEngine) -> IndexStatus:
    """Return the status of `engine`'s index: from its file when embedded, else its health."""
    path = getattr(engine, "path", None)
    if engine.name == "sqlite" and isinstance(path, Path):
        status = sqlite_index_status(path)
        if not status.present:
            return status
    exists = getattr(engine, "index_exists", None)
    if callable(exists):
        # A server engine (Meilisearch) that answers but has no index is missing, not down.
        try:
            if not exists():
                return IndexStatus(MISSING, detail=f"index {getattr(engine, 'index_name', '')}")
        except Exception as exc:  # noqa: BLE001 - a status reports, it never raises
            return IndexStatus(UNREACHABLE, detail=str(exc))
    try:
        health = engine.health()
    except Exception as exc:  # noqa: BLE001 - a status reports, it never raises
        return IndexStatus(UNREACHABLE, detail=str(exc))
    if not health.ok:
        return IndexStatus(UNREACHABLE, detail=health.detail)
    if engine.name == "sqlite" and isinstance(path, Path):
        return status
    return IndexStatus(PRESENT, documents=health.documents)
