"""Extension objects, created unbound and bound to an app in the factory."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, cast

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf import CSRFProtect
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, scoped_session, sessionmaker

from aanbodplatform.digits import NativeDigitsBabel

if TYPE_CHECKING:
    from flask import Flask


class Database:
    """The SQLAlchemy engine and a request-scoped session, bound by `init_app`."""

    def __init__(self) -> None:
        self._engine: Engine | None = None
        self.session_factory = sessionmaker(expire_on_commit=False)
        self.scoped = scoped_session(self.session_factory)
        # The scoped session proxies every Session method to the current request's
        # session, so services can take a plain `Session` and views pass `db.session`.
        self.session = cast(Session, self.scoped)

    @property
    def engine(self) -> Engine:
        """Return the bound engine."""
        if self._engine is None:
            raise RuntimeError("the database is not bound to an app yet")
        return self._engine

    def init_app(self, app: Flask, url: str) -> None:
        """Create the engine for `url` and remove the session after each request."""
        self._engine = make_db_engine(url)
        self.session_factory.configure(bind=self._engine)
        self.scoped.remove()
        app.teardown_appcontext(lambda _exc: self.scoped.remove())

    @contextmanager
    def new_session(self) -> Iterator[Session]:
        """Yield a fresh session outside the request scope (CLI, background work)."""
        session = self.session_factory()
        try:
            yield session
        finally:
            session.close()


def make_db_engine(url: str) -> Engine:
    """Return an engine for `url`; SQLite gets foreign keys, WAL and a busy timeout."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


db = Database()
babel = NativeDigitsBabel()
login_manager = LoginManager()
csrf = CSRFProtect()
# The storage comes from RATELIMIT_STORAGE_URI (app config), so several workers can share it.
limiter = Limiter(key_func=get_remote_address, default_limits=[])


def account_or_address() -> str:
    """Return the rate-limit key: the signed-in account, else the client's network address.

    Behind the trusted proxies (TRUSTED_PROXIES) the address is the visitor's own, so people
    behind one proxy do not share a bucket; a signed-in person has one bucket wherever they are.
    """
    from flask_login import current_user

    if current_user and getattr(current_user, "is_authenticated", False):
        return f"account:{current_user.id}"
    return f"address:{get_remote_address()}"
