"""Flask CLI commands for offer upkeep and mail: `offers freshness` and `mail list`."""

from __future__ import annotations

from datetime import UTC, datetime

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from aanbodplatform.cli_groups import offers_cli
from aanbodplatform.extensions import db

mail_cli = AppGroup("mail", help="Look at the mail the platform sends.")


def _parse_now(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            "use an ISO date or time, like 2026-12-01 or 2026-12-01T06:00"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@click.command("freshness")
@click.option(
    "--now", "now_text", default=None, help="Pretend it is this moment (ISO date or time, UTC)."
)
def freshness_command(now_text: str | None) -> None:
    """Send reminders, flag stale offers and unpublish expired ones (safe to run daily)."""
    from aanbodplatform.services.freshness import run_freshness

    settings = current_app.extensions["settings"]
    with db.new_session() as session:
        report = run_freshness(session, settings, now=_parse_now(now_text))
    rows = [
        ("Reminders sent", report.reminded),
        ("Shown as 'may be out of date'", report.stale),
        ("Unpublished (12 months)", report.expired),
    ]
    if report.backfilled:
        rows.append(("Given a checked date", report.backfilled))
    for label, count in rows:
        click.echo(f"{label + ':':<31} {count}")


@mail_cli.command("list")
@click.option(
    "--limit", default=50, show_default=True, help="Show at most this many (newest last)."
)
def mail_list_command(limit: int) -> None:
    """List the messages in the outbox folder (used when no MAIL_SERVER is set)."""
    from aanbodplatform.services.mail import list_outbox

    settings = current_app.extensions["settings"]
    if settings.mail_server:
        click.echo(
            f"Mail goes to {settings.mail_server}; the outbox is only used without MAIL_SERVER."
        )
    items = list_outbox(settings)
    if not items:
        click.echo(f"The outbox is empty ({settings.mail_outbox_path}).")
        return
    for item in items[-max(1, limit) :]:
        click.echo(
            f"{item.date}  [{item.content_language or '?'}]  {item.to}  {item.subject}  ({item.path.name})"
        )
    click.echo(f"{len(items)} message(s) in {settings.mail_outbox_path}")


def register(app: Flask) -> None:
    """Attach `offers freshness` to the existing `offers` group and add the `mail` group."""
    if "freshness" not in offers_cli.commands:
        offers_cli.add_command(freshness_command)
    app.cli.add_command(mail_cli)
