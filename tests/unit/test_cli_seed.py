"""`flask seed-demo`: fills a development database, refuses production."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select, text

from aanbodplatform import create_app
from aanbodplatform.extensions import db, make_db_engine
from aanbodplatform.models import Offer
from aanbodplatform.seed.demo import DEMO_PASSWORD
from tests.conftest import PRODUCTION_ADDRESSES, test_env


@pytest.fixture
def production_app(instance: Path) -> Iterator[Flask]:
    """Return an app configured for production on a fresh database."""
    application = create_app(test_env(instance, APP_ENV="production", **PRODUCTION_ADDRESSES))
    # The `flask` command pushes an app context; the test runner does not.
    with application.app_context():
        yield application
    db.session.remove()
    db.engine.dispose()


def test_seed_demo_refuses_to_run_in_production(production_app: Flask, instance: Path) -> None:
    assert production_app.extensions["settings"].is_production
    result = production_app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 1
    assert "refuses to run when APP_ENV=production" in result.output
    engine = make_db_engine(production_app.extensions["settings"].database_url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM offer")).scalar() == 0
        assert connection.execute(text("SELECT count(*) FROM user_account")).scalar() == 0
    engine.dispose()


def test_seed_demo_fills_a_development_database_once(app, session) -> None:
    runner = app.test_cli_runner()
    result = runner.invoke(args=["seed-demo", "--offers", "40", "--seed", "3"])
    assert result.exit_code == 0, result.output
    assert "Demo catalogue: 40 offers from" in result.output
    assert "in 18 regions." in result.output
    assert DEMO_PASSWORD in result.output
    for role in ("organisation_member", "counsellor", "moderator", "admin", "guide"):
        assert role in result.output
    assert "counsellor@demo.aanbodplatform.be" in result.output
    assert session.scalar(select(func.count()).select_from(Offer)) == 40

    again = runner.invoke(args=["seed-demo", "--if-empty"])
    assert again.exit_code == 0, again.output
    assert "Offers already exist" in again.output
    assert session.scalar(select(func.count()).select_from(Offer)) == 40
