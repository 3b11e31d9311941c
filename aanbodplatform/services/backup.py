"""Backups that restore: SQLite through its online backup API, PostgreSQL through pg_dump.

A backup holds the database only; the search index is rebuilt from it after a restore (the
index is derived data, and an index from another moment would be stale).
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url


class BackupError(Exception):
    """A backup or restore could not be made; the message says why."""


def _sqlite_file(database_url: str) -> Path:
    path = make_url(database_url).database
    if not path or path == ":memory:":
        raise BackupError("an in-memory database cannot be backed up")
    return Path(path)


def _libpq_url(database_url: str) -> str:
    # pg_dump speaks libpq URLs: no "+psycopg" driver suffix.
    return make_url(database_url).set(drivername="postgresql").render_as_string(
        hide_password=False
    )


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client)")
    return found


def create_backup(database_url: str, target: Path) -> Path:
    """Write a consistent copy of the database to `target` while the site keeps running."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if database_url.startswith("sqlite"):
        source = sqlite3.connect(_sqlite_file(database_url))
        dest = sqlite3.connect(target)
        try:
            with dest:
                source.backup(dest)  # page by page, consistent, writers may continue
        finally:
            dest.close()
            source.close()
        return target
    result = subprocess.run(
        [_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(target),
         "--dbname", _libpq_url(database_url)],  # fmt: skip
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_dump failed: {result.stderr.strip()[:500]}")
    return target


def restore_backup(database_url: str, source: Path) -> None:
    """Replace the database's content with the backup `source` (stop the workers first)."""
    if not source.is_file():
        raise BackupError(f"{source} is not a file")
    if database_url.startswith("sqlite"):
        backup = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        live = sqlite3.connect(_sqlite_file(database_url))
        try:
            if backup.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError(f"{source} is damaged")
            with live:
                backup.backup(live)
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"{source} is not a SQLite backup: {exc}") from exc
        finally:
            live.close()
            backup.close()
        return
    result = subprocess.run(
        [_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",
         "--dbname", _libpq_url(database_url), str(source)],  # fmt: skip
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed: {result.stderr.strip()[:500]}")
