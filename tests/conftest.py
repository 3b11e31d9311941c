"""Shared fixtures: an isolated app and database per test, no network."""

from __future__ import annotations

import os
import shutil
import socket
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy.engine import make_url

from aanbodplatform import create_app
from aanbodplatform.config import load_settings
from aanbodplatform.extensions import db
from aanbodplatform.models import (
    Location,
    Offer,
    OfferActivity,
    OfferTranslation,
    Organisation,
    ScheduleSlot,
)
from tests import pg_support

TEST_SECRET = "test-secret-key-" + "x" * 40
#: Real-looking public addresses: production refuses the development placeholders.
PRODUCTION_ADDRESSES = {
    "BASE_URL": "https://aanbod.vlaanderen.be",
    "MAIL_SENDER": "noreply@aanbod.vlaanderen.be",
    "CONTACT_EMAIL": "info@aanbod.vlaanderen.be",
}
_real_connect = socket.socket.connect


def _loopback_only(self: socket.socket, address):  # type: ignore[no-untyped-def]
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, str) and (
        host in ("localhost", "::1") or host.startswith("127.") or host.startswith("/")
    ):
        return _real_connect(self, address)
    raise OSError(f"network access is disabled in tests (tried {host})")


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket.socket, "connect", _loopback_only)


def test_env(instance: Path, **extra: str) -> dict[str, str]:
    """Return an environment mapping for a test app in `instance`."""
    env = {
        "APP_ENV": "test",
        "INSTANCE_PATH": str(instance),
        "SECRET_KEY": TEST_SECRET,
        "SEARCH_ENGINE": "sqlite",
    }
    if os.environ.get("TRANSLATIONS_DIR"):
        # Lets a run use other catalogs, e.g. pseudo-translations that expose English
        # text a test relies on where the page is in another language.
        env["TRANSLATIONS_DIR"] = os.environ["TRANSLATIONS_DIR"]
    if instance in pg_support.DATABASE_URLS:
        env["DATABASE_URL"] = pg_support.DATABASE_URLS[instance]
    env.update(extra)
    return env


test_env.__test__ = False  # type: ignore[attr-defined]  # a helper, not a test


@pytest.fixture(scope="session")
def template_instance(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Build one migrated database with the reference data, copied into each test."""
    from aanbodplatform.cli import run_migrations
    from aanbodplatform.services.reference import load_reference_data

    # `make mutation` runs pytest once per mutant; building the template is most of a short
    # run, and the mutated modules play no part in it. It names a folder to build it in once.
    kept = os.environ.get("AANBOD_TEST_TEMPLATE_DIR")
    if kept and not pg_support.postgres_admin_url():
        ready = Path(kept) / "complete"
        if ready.exists():
            yield Path(kept)
            return
        instance = Path(kept)
        shutil.rmtree(instance, ignore_errors=True)
        instance.mkdir(parents=True)
    else:
        instance = tmp_path_factory.mktemp("template-instance")
    if pg_support.postgres_admin_url():
        name = pg_support.create_database()
        pg_support.DATABASE_URLS[instance] = pg_support.database_url(name)
    settings = load_settings(test_env(instance))
    run_migrations(settings.database_url)
    from sqlalchemy.orm import Session

    from aanbodplatform.extensions import make_db_engine

    engine = make_db_engine(settings.database_url)
    with Session(engine) as session:
        load_reference_data(session)
        session.commit()
    engine.dispose()
    from search_index.sqlite import SQLiteSearchEngine

    # The app never creates an index by itself (issue 16): each test starts from an empty one.
    SQLiteSearchEngine(settings.search_index_path).rebuild([])
    if kept and instance == Path(kept):
        (instance / "complete").touch()
    yield instance
    if instance in pg_support.DATABASE_URLS:
        while pg_support.LEFTOVERS:
            pg_support.drop_database(pg_support.LEFTOVERS.pop())
        pg_support.drop_database(make_url(pg_support.DATABASE_URLS.pop(instance)).database or "")


def copy_instance(template: Path, target: Path) -> Iterator[Path]:
    """Fill `target` with a copy of the template database and index; drop it afterwards."""
    target.mkdir(exist_ok=True)
    shutil.copy(template / "search.sqlite3", target / "search.sqlite3")
    if template in pg_support.DATABASE_URLS:
        source = make_url(pg_support.DATABASE_URLS[template]).database
        name = pg_support.create_database(template=source)
        pg_support.DATABASE_URLS[target] = pg_support.database_url(name)
        try:
            yield target
        finally:
            pg_support.DATABASE_URLS.pop(target, None)
            pg_support.drop_database(name)
        return
    shutil.copy(template / "aanbodplatform.sqlite3", target / "aanbodplatform.sqlite3")
    yield target


@pytest.fixture
def instance(tmp_path: Path, template_instance: Path) -> Iterator[Path]:
    """Return a fresh instance folder holding a copy of the template database."""
    yield from copy_instance(template_instance, tmp_path / "instance")


class IsolatedClient(FlaskClient):
    """A test client whose every request gets a fresh app context, as in production.

    The `app` fixture keeps an app context open for test code; without this, requests
    would share its `g` (the locale, Flask-Login's cached user) with each other.
    """

    def open(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        """Run one request in its own app context."""
        ctx = self.application.app_context()
        ctx.push()
        try:
            return super().open(*args, **kwargs)
        finally:
            # Popping would run teardown_appcontext and close the test's session;
            # restore the outer context's state without tearing anything down.
            from flask.globals import _cv_app

            _cv_app.reset(ctx._cv_tokens.pop())


@pytest.fixture
def app(instance: Path) -> Iterator:
    """Return an app bound to a fresh database and an empty embedded search index."""
    application = create_app(test_env(instance))
    application.test_client_class = IsolatedClient
    application.config["WTF_CSRF_ENABLED"] = False
    with application.app_context():
        yield application
    db.session.remove()
    db.engine.dispose()


@pytest.fixture
def client(app):  # type: ignore[no-untyped-def]
    """Return a test client."""
    return app.test_client()


@pytest.fixture
def session(app):  # type: ignore[no-untyped-def]
    """Return the app's request-scoped session."""
    return db.session


@pytest.fixture
def make_offer(session):  # type: ignore[no-untyped-def]
    """Return a factory that creates (by default published) offers."""
    counter = {"n": 0}

    def factory(
        title: str = "Praattafel in de bib",
        *,
        summary: str = "Elke week Nederlands praten met vrijwilligers.",
        offer_type: str = "conversation_table",
        activities: tuple[str, ...] = (),
        nis: str = "44021",
        lat: float | None = 51.0543,
        lon: float | None = 3.7174,
        status: str = "published",
        dutch_context: bool = True,
        social_participation: bool = True,
        translations: dict[str, tuple[str, str]] | None = None,
        weekdays: tuple[str, ...] = ("tue",),
        daypart: str | None = "evening",
        organisation: str | None = None,
        commit: bool = True,
        **fields: object,
    ) -> Offer:
        counter["n"] += 1
        org = Organisation(name=organisation or f"Vereniging {counter['n']}")
        now = datetime.now(UTC)
        offer = Offer(
            organisation=org,
            offer_type=offer_type,
            title_nl=title,
            summary_nl=summary,
            description_nl=fields.pop("description_nl", "Een beschrijving."),  # type: ignore[arg-type]
            status=status,
            dutch_context=dutch_context,
            dutch_context_evidence="Vrijwilligers spreken Nederlands.",
            social_participation=social_participation,
            social_participation_evidence="In een groep met buren.",
            published_at=now if status == "published" else None,
            confirmed_at=now if status == "published" else None,
            **fields,
        )
        offer.activities = [OfferActivity(activity_code=a) for a in activities]
        offer.locations = [
            Location(municipality_nis=nis, lat=lat, lon=lon, postcode=None, precision="postcode")
        ]
        offer.slots = [ScheduleSlot(weekday=w, daypart=daypart) for w in weekdays]
        for locale, (t, s) in (translations or {}).items():
            offer.translations.append(
                OfferTranslation(locale=locale, title=t, summary=s, translated_by="volunteer")
            )
        session.add(offer)
        if commit:
            session.commit()
        return offer

    return factory
