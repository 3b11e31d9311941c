"""Transaction helpers that behave the same on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy.orm import Session, SessionTransaction


def savepoint(session: Session) -> SessionTransaction:
    """Open a SAVEPOINT inside a real outer transaction, on every database.

    pysqlite sends BEGIN only before the first write, so a SAVEPOINT opened first
    would itself be the outermost transaction and its RELEASE would commit. We keep
    pysqlite's lazy BEGIN elsewhere (reads stay outside long-lived snapshots, which
    avoids SQLITE_BUSY_SNAPSHOT under concurrent writers) and start the outer
    transaction explicitly only where a savepoint needs one.
    """
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        raw = connection.connection.dbapi_connection
        if raw is not None and not raw.in_transaction:
            connection.exec_driver_sql("BEGIN")
    return session.begin_nested()
