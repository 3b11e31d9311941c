"""A saved copy of the embedded engine's in-memory state, so an index opens in milliseconds.

Opening an index used to mean scanning it: the filter bitmaps from the ``docs`` table
and the vocabulary (each term's documents per attribute) from FTS5's ``fts5vocab``,
which walks every doclist; 2 seconds at 100,000 offers.  A rebuild now saves what
that scan yields in the ``snapshot`` table, tagged with its generation.  A reader
whose index is at that generation loads it as it is; one whose index has been written
since loads it and patches it from the change log, as a running reader does after a
write.  An index without a snapshot (built by an older version) is scanned as before.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from array import array
from typing import Any

__all__ = ["SNAPSHOT_SCHEMA", "Snapshot", "read_snapshot", "write_snapshot"]

SNAPSHOT_SCHEMA = "CREATE TABLE IF NOT EXISTS snapshot (name TEXT PRIMARY KEY, value BLOB) WITHOUT ROWID;"
#: Bump when the layout below changes: an unknown layout is ignored (and scanned).
_LAYOUT = 1

#: flags, values per group, vocabulary {term: documents per attribute}, newest-first order.
Snapshot = tuple[dict[str, int], dict[str, dict[str, int]], dict[str, tuple[int, ...]], list[int]]


def _bytes(bitmap: int) -> bytes:
    return bitmap.to_bytes((bitmap.bit_length() + 7) // 8, "little")


def write_snapshot(
    conn: sqlite3.Connection,
    generation: int,
    flags: dict[str, int],
    values: dict[str, dict[str, int]],
    col_df: dict[str, tuple[int, ...]],
    order: list[int],
) -> None:
    """Save the state of an index at `generation` (inside the caller's transaction)."""
    conn.execute(SNAPSHOT_SCHEMA)
    conn.execute("DELETE FROM snapshot")
    rows: list[tuple[str, Any]] = [
        ("layout", _LAYOUT),
        ("generation", generation),
        ("vocabulary", json.dumps(col_df, ensure_ascii=False, separators=(",", ":"))),
    ]
    numbers = array("q", order)
    if sys.byteorder != "little":
        numbers.byteswap()
    rows.append(("order", numbers.tobytes()))
    rows += [(f"flag\x1f{name}", _bytes(bm)) for name, bm in flags.items()]
    rows += [
        (f"value\x1f{group}\x1f{value}", _bytes(bm))
        for group, table in values.items()
        for value, bm in table.items()
    ]
    conn.executemany("INSERT INTO snapshot (name, value) VALUES (?, ?)", rows)


def read_snapshot(conn: sqlite3.Connection, groups: tuple[str, ...]) -> tuple[int, Snapshot] | None:
    """Return (generation, state) saved in the index, or None when there is none."""
    try:
        rows = conn.execute("SELECT name, value FROM snapshot").fetchall()
    except sqlite3.OperationalError:
        return None  # an index built before snapshots
    found = dict(rows)
    if found.get("layout") != _LAYOUT or "generation" not in found:
        return None
    flags: dict[str, int] = {}
    values: dict[str, dict[str, int]] = {g: {} for g in groups}
    for name, value in rows:
        if name.startswith("flag\x1f"):
            flags[name[5:]] = int.from_bytes(value, "little")
        elif name.startswith("value\x1f"):
            _, group, code = name.split("\x1f", 2)
            values.setdefault(group, {})[code] = int.from_bytes(value, "little")
    col_df = {t: tuple(c) for t, c in json.loads(found["vocabulary"]).items()}
    numbers = array("q")
    numbers.frombytes(found["order"])
    if sys.byteorder != "little":
        numbers.byteswap()
    return int(found["generation"]), (flags, values, col_df, numbers.tolist())
