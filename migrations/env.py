"""Alembic environment: the URL comes from the app's settings unless one is given."""

from __future__ import annotations

from logging.config import fileConfig

from alembic import context

from aanbodplatform.config import load_settings
from aanbodplatform.extensions import make_db_engine
from aanbodplatform.models import Base

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = Base.metadata


def _url() -> str:
    url = config.get_main_option("sqlalchemy.url")
    return url or load_settings().database_url


def run_migrations_offline() -> None:
    """Emit SQL without a database connection."""
    context.configure(
        url=_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run migrations against the database."""
    engine = make_db_engine(_url())
    with engine.connect() as connection:
        # Batch mode lets ALTERs work on SQLite; PostgreSQL runs them directly.
        context.configure(
            connection=connection, target_metadata=target_metadata, render_as_batch=True
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
