"""Running the suite on PostgreSQL: one migrated template database, cloned for every test.

Set ``TEST_DATABASE_URL`` to a PostgreSQL URL whose role may create databases (for example
``postgresql://aanbod:aanbod@127.0.0.1:5432/postgres``); the suite then runs every test on
its own database cloned from a template with ``CREATE DATABASE … TEMPLATE`` (fast, isolated).
"""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path

from sqlalchemy.engine import make_url

#: Instance folder → the PostgreSQL URL of the database cloned for it.
DATABASE_URLS: dict[Path, str] = {}


def postgres_admin_url() -> str | None:
    """Return the PostgreSQL URL the suite runs on, or None for SQLite."""
    url = os.environ.get("TEST_DATABASE_URL", "").strip()
    return url if url.startswith("postgresql") else None


#: Databases cloned outside the instance fixture, dropped with the template.
LEFTOVERS: list[str] = []


def _admin_execute(sql: str) -> None:
    import psycopg

    url = make_url(postgres_admin_url() or "").set(drivername="postgresql")
    for attempt in range(50):
        try:
            with psycopg.connect(
                url.render_as_string(hide_password=False), autocommit=True
            ) as conn:
                conn.execute(sql)  # type: ignore[arg-type]  # names are generated, never input
            return
        except (psycopg.errors.InsufficientPrivilege, psycopg.errors.ObjectInUse):
            # Autovacuum (a superuser process) may be on the database for a moment.
            if attempt == 49:
                raise
            time.sleep(0.2)


def database_url(name: str) -> str:
    """Return the URL of database `name` on the test server (psycopg 3 driver)."""
    url = make_url(postgres_admin_url() or "").set(drivername="postgresql+psycopg", database=name)
    return url.render_as_string(hide_password=False)


def create_database(template: str | None = None) -> str:
    """Create an empty database (or a clone of `template`); return its name."""
    name = f"aanbod_t_{uuid.uuid4().hex[:12]}"
    _admin_execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    return name


def clone_database(template_instance: Path) -> str:
    """Return the URL of a new clone of the template's database (dropped with the template)."""
    source = make_url(DATABASE_URLS[template_instance]).database or ""
    name = create_database(template=source)
    LEFTOVERS.append(name)
    return database_url(name)


def drop_database(name: str) -> None:
    """Drop database `name`, ending any connection still open on it."""
    _admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
