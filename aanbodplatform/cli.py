"""Flask CLI commands: setup, seed-demo, search (sync, reindex, stats), offers import."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import click
from flask import Flask, current_app

from aanbodplatform.cli_groups import backup_cli, moderation_cli, offers_cli, search_cli, users_cli
from aanbodplatform.extensions import db


def _settings():  # type: ignore[no-untyped-def]
    return current_app.extensions["settings"]


def run_migrations(url: str, revision: str = "head") -> None:
    """Upgrade the database at `url` to `revision` with Alembic."""
    from alembic import command
    from alembic.config import Config

    from aanbodplatform.resources import resource_path

    config = Config(str(resource_path("alembic.ini")))
    config.set_main_option("script_location", str(resource_path("migrations")))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    command.upgrade(config, revision)


@click.command("setup")
def setup_command() -> None:
    """Migrate the database, then load the reference data (safe to run again)."""
    from aanbodplatform.services.reference import load_reference_data

    settings = _settings()
    click.echo("Migrating the database…")
    run_migrations(settings.database_url)
    with db.new_session() as session:
        report = load_reference_data(session, progress=lambda m: click.echo(f"Loading {m}…"))
        session.commit()
    click.echo(
        f"Reference data: {report.regions} regions, {report.municipalities} municipalities, "
        f"{report.postcodes} postcodes, {report.offer_types} offer types, "
        f"{report.activities} activities."
    )
    from aanbodplatform.search import search_replicas
    from aanbodplatform.services.search_sync import reindex
    from search_index.index_status import index_status

    replicas = search_replicas(current_app)
    for name, engine in replicas.items():
        if not index_status(engine).present:
            # The app never creates an index by itself; setup builds the first one.
            with db.new_session() as session:
                count = reindex(session, engine, target=name, targets=tuple(replicas))
            click.echo(f"Search index built with {count} offers.")


@click.command("seed-demo")
@click.option("--offers", "offer_count", default=300, show_default=True, help="Offers to create.")
@click.option("--seed", default=2026, show_default=True, help="Random seed (same seed, same data).")
@click.option("--if-empty", is_flag=True, help="Do nothing when offers already exist.")
def seed_demo_command(offer_count: int, seed: int, if_empty: bool) -> None:
    """Create a demo catalogue and one demo account per role (never in production)."""
    from aanbodplatform.seed.demo import DEMO_PASSWORD, seed_demo

    if _settings().is_production:
        raise click.ClickException("seed-demo refuses to run when APP_ENV=production")
    with db.new_session() as session:
        report = seed_demo(session, offers=offer_count, seed=seed, if_empty=if_empty)
    if report is None:
        click.echo("Offers already exist; demo data left as it is.")
        return
    click.echo(
        f"Demo catalogue: {report.offers} offers from {report.organisations} organisations "
        f"in {report.regions} regions."
    )
    click.echo("Demo accounts (password for all: " + DEMO_PASSWORD + "):")
    for role, email in report.accounts.items():
        click.echo(f"  {role:22} {email}")


@offers_cli.command("import")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check every row and report, but write nothing.")
def import_command(csv_file: Path, dry_run: bool) -> None:
    """Import offers from a CSV file (see docs/import-format.md)."""
    from aanbodplatform.services.importer import count_rows, import_offers

    with db.new_session() as session, click.progressbar(
        length=count_rows(csv_file), label="Importing offers", file=sys.stderr
    ) as bar:
        state = {"done": 0}

        def progress(done: int) -> None:
            bar.update(done - state["done"])
            state["done"] = done

        report = import_offers(session, csv_file, dry_run=dry_run, progress=progress)
    for rejection in report.rejected:
        click.echo(f"line {rejection.line}: {rejection.reason}", err=True)
    verb = "would import" if dry_run else "imported"
    click.echo(f"{len(report.imported)} rows {verb}, {len(report.rejected)} rejected.")
    if report.rejected:
        sys.exit(1)


@search_cli.command("sync")
@click.option("--watch", is_flag=True, help="Keep running and deliver new changes as they come.")
@click.option("--interval", default=2.0, show_default=True, help="Seconds between polls with --watch.")
def search_sync_command(watch: bool, interval: float) -> None:
    """Deliver pending outbox rows to the search engine."""
    from aanbodplatform.search import search_replicas
    from aanbodplatform.services.search_sync import sync_replicas

    replicas = search_replicas(current_app)
    while True:
        with db.new_session() as session:
            reports, errors = sync_replicas(session, replicas)
        for name, report in reports.items():
            if report.upserted or report.deleted or not watch:
                where = f" ({name})" if len(replicas) > 1 else ""
                click.echo(
                    f"Synchronised{where}: {report.upserted} upserted, {report.deleted} deleted."
                )
        for name, error in errors.items():
            where = f" ({name})" if len(replicas) > 1 else ""
            if not watch:
                raise click.ClickException(f"search engine unavailable{where}: {error}")
            click.echo(f"Search engine unavailable{where}, retrying: {error}", err=True)
        if not watch:
            return
        time.sleep(max(0.2, interval))


@search_cli.command("reindex")
def search_reindex_command() -> None:
    """Rebuild the whole index from the database and swap it in atomically."""
    from aanbodplatform.search import search_replicas
    from aanbodplatform.services.search_sync import reindex

    replicas = search_replicas(current_app)
    for name, engine in replicas.items():
        with db.new_session() as session:
            from sqlalchemy import func, select

            from aanbodplatform.models import Offer

            total = session.scalar(
                select(func.count()).select_from(Offer).where(Offer.status == "published")
            ) or 0
            label = "Indexing offers" if len(replicas) == 1 else f"Indexing offers ({name})"
            with click.progressbar(length=int(total), label=label) as bar:
                state = {"done": 0}

                def progress(
                    done: int, _total: int, bar: Any = bar, state: dict[str, int] = state
                ) -> None:
                    bar.update(done - state["done"])
                    state["done"] = done

                count = reindex(
                    session, engine, progress=progress, target=name, targets=tuple(replicas)
                )
        click.echo(f"Index rebuilt with {count} offers.")


@search_cli.command("stats")
def search_stats_command() -> None:
    """Print the number of indexed documents, the last sync and pending outbox rows."""
    from aanbodplatform.services.search_sync import last_sync, pending_count

    engine = current_app.extensions["search_engine"]
    health = engine.health()
    with db.new_session() as session:
        pending = pending_count(session)
        last = last_sync(session)
    click.echo(f"Engine:          {engine.name} ({'ok' if health.ok else 'unavailable'})")
    click.echo(f"Documents:       {health.documents if health.documents is not None else '?'}")
    click.echo(f"Last sync:       {last.isoformat(timespec='seconds') if last else 'never'}")
    click.echo(f"Pending changes: {pending}")


@moderation_cli.command("digest")
def moderation_digest_command() -> None:
    """Mail each moderator who chose the daily digest what waits in their queue (run daily)."""
    from aanbodplatform.services.moderation_mail import send_digests

    with db.new_session() as session:
        sent = send_digests(session, _settings())
    click.echo(f"Digests sent: {sent}.")


@users_cli.command("create")
@click.option("--email", required=True, help="The person's work email address.")
@click.option("--name", "display_name", required=True, help="The person's name.")
@click.option("--role", required=True, type=click.Choice(["counsellor", "guide", "moderator", "translator", "admin"]))
@click.option("--locale", default="nl", show_default=True, help="Language of the emails.")
@click.option("--office", default=None, help="Office (counsellors and guides).")
@click.option("--region", "region_code", default=None, help="PNT region code (counsellors and guides).")
@click.option("--coordinator", is_flag=True, help="Coordinator of the office: sees its clients.")
@click.option("--municipality", "scope_municipalities", multiple=True, help="NIS code a moderator unlocks.")
@click.option("--scope-region", "scope_regions", multiple=True, help="PNT region a moderator unlocks.")
@click.option("--translates-into", "translates_into", multiple=True, help="Locale a translator translates into.")
def users_create_command(**options: object) -> None:
    """Create a staff account; the person gets a link to choose a password."""
    from aanbodplatform.services.staff import StaffAccount, StaffAccountError, create_staff_account

    wanted = StaffAccount(**options)  # type: ignore[arg-type]
    with db.new_session() as session:
        try:
            user = create_staff_account(session, _settings(), None, wanted)
        except StaffAccountError as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(f"Created {user.role} {user.email} (id {user.id}); a link to choose a password was mailed.")


@users_cli.command("list")
def users_list_command() -> None:
    """List the staff accounts with their role, office, region and moderation area."""
    from sqlalchemy import select

    from aanbodplatform.models import User

    with db.new_session() as session:
        staff = session.scalars(
            select(User).where(User.role != "organisation_member").order_by(User.role, User.email)
        ).all()
        for user in staff:
            scope = ", ".join(
                s.municipality_nis or s.region_code or "" for s in user.moderator_scopes
            )
            click.echo(
                f"{user.role:11} {user.email:40} {user.office or '-':30} "
                f"{user.region_code or '-':20} {scope}"
            )


@backup_cli.command("create")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write it (default: backups/ in the instance folder).")
def backup_create_command(output: Path | None) -> None:
    """Write a consistent backup of the database while the site keeps running."""
    from datetime import UTC, datetime

    from aanbodplatform.services.backup import BackupError, create_backup

    settings = _settings()
    if output is None:
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        suffix = "sqlite3" if settings.database_url.startswith("sqlite") else "pgdump"
        output = settings.instance_path / "backups" / f"aanbodplatform-{stamp}.{suffix}"
    try:
        create_backup(settings.database_url, output)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Backup written to {output}")


@backup_cli.command("restore")
@click.argument("backup_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def backup_restore_command(backup_file: Path, yes: bool) -> None:
    """Replace the database with a backup, then rebuild the search index from it."""
    from aanbodplatform.services.backup import BackupError, restore_backup
    from aanbodplatform.services.search_sync import reindex

    if not yes:
        click.confirm("This replaces everything in the database. Continue?", abort=True)
    settings = _settings()
    # No open connection may hold a lock (or a stale page cache) while the content changes.
    db.scoped.remove()
    db.engine.dispose()
    try:
        restore_backup(settings.database_url, backup_file)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    from aanbodplatform.search import search_replicas

    replicas = search_replicas(current_app)
    for name, engine in replicas.items():
        with db.new_session() as session:
            count = reindex(session, engine, target=name, targets=tuple(replicas))
    click.echo(f"Database restored from {backup_file}; search index rebuilt with {count} offers.")


def register_cli(app: Flask) -> None:
    """Attach the commands to the app."""
    app.cli.add_command(backup_cli)
    app.cli.add_command(setup_command)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(search_cli)
    app.cli.add_command(offers_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(moderation_cli)
    from aanbodplatform.cli_offers import register as register_offer_cli

    register_offer_cli(app)
    from aanbodplatform.cli_handovers import register as register_handover_cli

    register_handover_cli(app)
    from aanbodplatform.cli_open_data import register as register_open_data_cli

    register_open_data_cli(offers_cli)
    from aanbodplatform.cli_proofs import register as register_proof_cli

    register_proof_cli(app)
    from aanbodplatform.cli_translations import register as register_translation_cli

    register_translation_cli(app)
