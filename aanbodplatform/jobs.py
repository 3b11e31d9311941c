"""Background jobs on Huey: imports, search sync, freshness, handover ticks, clean-up.

The queue lives in a SQLite file in the instance folder by default and in Redis when
`REDIS_URL` is set. Run the worker beside the web server with
``huey_consumer aanbodplatform.worker.huey`` (`make run` and `make serve` do). Under
APP_ENV=test jobs run at once, in the request that queues them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Flask, current_app, has_app_context
from huey import Huey, crontab
from huey.storage import RedisStorage, SqliteStorage

from aanbodplatform.config import Settings
from aanbodplatform.extensions import db

log = logging.getLogger(__name__)

# Created in memory (immediate) until `configure_jobs` picks the real storage: importing
# this module never creates a queue file.
huey = Huey("aanbodplatform", immediate=True, storage_class=SqliteStorage, utc=True)
_APP: dict[str, Flask] = {}


def configure_jobs(app: Flask, settings: Settings) -> None:
    """Point the queue at Redis (REDIS_URL) or the instance's SQLite file; run at once in tests."""
    from aanbodplatform.services import mail

    _APP["app"] = app
    if settings.app_env == "test":
        huey.immediate = True
        mail.delivery_queue = None
        return
    mail.delivery_queue = _queue_mail
    if settings.redis_url:
        huey.storage_class = RedisStorage
        huey.storage_kwargs = {"url": settings.redis_url}
    else:
        huey.storage_class = SqliteStorage
        huey.storage_kwargs = {"filename": str(settings.instance_path / "jobs.sqlite3")}
    if huey.immediate:
        huey.immediate = False  # the setter opens the configured storage
    else:
        huey.storage = huey.create_storage()


def _in_app(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Run a job inside an app context (the worker's app, or the request's in tests)."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if has_app_context():
            return fn(*args, **kwargs)
        app = _APP.get("app")
        if app is None:
            from aanbodplatform import create_app

            app = create_app()
        with app.app_context():
            return fn(*args, **kwargs)

    return wrapper


def queue_depth() -> int:
    """Return how many jobs wait in the queue (for /metrics)."""
    try:
        return int(huey.pending_count())
    except Exception:  # noqa: BLE001 - a gauge reports, it never breaks the page
        return -1


# --- imports ---------------------------------------------------------------------------------


@huey.task()
@_in_app
def import_job(user_id: int, org_id: int, token: str) -> None:
    """Check or import an organisation's uploaded CSV file, writing progress as it goes."""
    from aanbodplatform.services import organisations as orgs
    from aanbodplatform.services.import_jobs import run_job, upload_folder

    settings = current_app.extensions["settings"]
    with db.new_session() as session:
        run_job(
            session,
            upload_folder(settings.instance_path),
            user_id,
            org_id,
            token,
            geocoder=orgs.make_geocoder(settings),
        )


# --- exports --------------------------------------------------------------------------------


@huey.task()
@_in_app
def export_job(token: str) -> None:
    """Write the open data file (every published offer as HSDS) with its progress."""
    from flask import url_for

    from aanbodplatform.services.export_jobs import export_folder, run_export
    from aanbodplatform.web.presenters import offer_slug

    settings = current_app.extensions["settings"]
    # Offer links are absolute, on the public address, whichever process builds the file.
    with db.new_session() as session, current_app.test_request_context(base_url=settings.base_url):

        def offer_url(offer: Any) -> str:
            return url_for(
                "public.offer", lang="nl", offer_id=offer.id,
                slug=offer_slug(offer.title_nl), _external=True,
            )

        count = run_export(session, export_folder(settings.instance_path), token, offer_url)
    log.info("open data file written: %d offers", count)


# --- mail -----------------------------------------------------------------------------------


def _queue_mail(message: Any) -> None:
    from dataclasses import asdict

    deliver_mail_job(asdict(message))


@huey.task(retries=5, retry_delay=120)
@_in_app
def deliver_mail_job(message: dict[str, Any]) -> None:
    """Send one email by SMTP; retried for ten minutes when the server does not answer."""
    from aanbodplatform.services import mail

    if not mail.deliver(mail.Message(**message), current_app.extensions["settings"]):
        raise RuntimeError("the mail server did not take the message; retrying")


# --- periodic upkeep -------------------------------------------------------------------------


@huey.periodic_task(crontab(minute="*"))
@_in_app
def search_sync_job() -> None:
    """Deliver outbox rows the after-commit drain could not (engine down, another process)."""
    from aanbodplatform.search import search_replicas
    from aanbodplatform.services.search_sync import reindex, sync_outbox
    from search_index import SearchError
    from search_index.index_status import index_status

    replicas = search_replicas(current_app._get_current_object())  # type: ignore[attr-defined]
    names = tuple(replicas)
    with db.new_session() as session:
        # Each replica on its own: one that is down keeps its rows, the others go on.
        for name, engine in replicas.items():
            try:
                if not index_status(engine).present:
                    # A missing or damaged index is rebuilt from the database, never left empty.
                    log.warning("no usable search index (%s): rebuilding it", name)
                    reindex(session, engine, target=name, targets=names)
                    continue
                sync_outbox(session, engine, target=name, targets=names)
            except SearchError as exc:
                log.warning("search sync of %s failed, rows kept in the outbox: %s", name, exc)


@huey.periodic_task(crontab(minute="15", hour="3"))
@_in_app
def freshness_job() -> None:
    """Send freshness reminders, flag stale offers and unpublish expired ones (daily)."""
    from aanbodplatform.services.freshness import run_freshness

    with db.new_session() as session:
        run_freshness(session, current_app.extensions["settings"])


@huey.periodic_task(crontab(minute="*/15"))
@_in_app
def handover_tick_job() -> None:
    """Send handover reminders, expire unanswered ones, erase old personal data."""
    from datetime import UTC, datetime

    from aanbodplatform.services.handovers import tick

    settings = current_app.extensions["settings"]
    with db.new_session() as session:
        tick(
            session,
            datetime.now(UTC),
            settings=settings,
            holidays=True,
            retention_months=settings.handover_retention_months,
        )


@huey.periodic_task(crontab(minute="30", hour="2"))
@_in_app
def prune_uploads_job() -> None:
    """Remove uploaded import files, job states nobody confirmed and old exports (daily)."""
    from aanbodplatform.services.export_jobs import export_folder
    from aanbodplatform.services.import_jobs import prune_uploads, upload_folder

    instance = current_app.extensions["settings"].instance_path
    removed = prune_uploads(upload_folder(instance)) + prune_uploads(export_folder(instance))
    if removed:
        log.info("removed %d old import files", removed)


@huey.periodic_task(crontab(minute="0", hour="7"))
@_in_app
def moderation_digest_job() -> None:
    """Mail the moderators who chose the daily digest what waits in their queue (daily)."""
    from aanbodplatform.services.moderation_mail import send_digests

    with db.new_session() as session:
        sent = send_digests(session, current_app.extensions["settings"])
    if sent:
        log.info("sent %d moderation digests", sent)


@huey.periodic_task(crontab(minute="*/10"))
@_in_app
def machine_translation_job() -> None:
    """Machine-translate requested offers when MT_URL is set; results wait to be checked."""
    from aanbodplatform.services.machine_translation import (
        machine_translate_requested,
        translator_from_settings,
    )

    translator = translator_from_settings(current_app.extensions["settings"])
    if translator is None:
        return  # off by default: no offer text leaves the platform
    with db.new_session() as session:
        run = machine_translate_requested(session, translator, limit=20)
    for offer_id, locale, reason in run.failed:
        log.warning("machine translation of offer %s into %s failed: %s", offer_id, locale, reason)
