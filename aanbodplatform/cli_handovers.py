"""Flask CLI commands for warm handovers and clients: the clock and the privacy clean-up.

Run them once a day (cron, a systemd timer): both are safe to run more often.

    flask --app app handovers tick      # reminders, expiry, erase old closed handovers
    flask --app app clients anonymise   # anonymise clients archived long enough ago
"""

from __future__ import annotations

from datetime import UTC, datetime

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from aanbodplatform.extensions import db

handovers_cli = AppGroup("handovers", help="Warm handovers: reminders, expiry and retention.")
clients_cli = AppGroup("clients", help="Counsellors' clients: privacy clean-up.")


def _moment(value: str | None) -> datetime:
    """Return `value` (ISO 8601) as an aware datetime, or now."""
    if not value:
        return datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            "use ISO 8601, like 2026-02-09T09:00+01:00", param_hint="--now"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@handovers_cli.command("tick")
@click.option(
    "--now", "now_text", default=None, help="Pretend it is this moment (ISO 8601); for tests."
)
@click.option("--no-holidays", is_flag=True, help="Count Belgian public holidays as working days.")
def tick_command(now_text: str | None, no_holidays: bool) -> None:
    """Send reminders after 5 working days, expire after 15, erase old closed handovers."""
    from aanbodplatform.services.handovers import tick

    settings = current_app.extensions["settings"]
    with db.new_session() as session:
        report = tick(
            session,
            _moment(now_text),
            settings=settings,
            holidays=not no_holidays,
            retention_months=settings.handover_retention_months,
        )
    click.echo(
        f"Reminders sent: {len(report.reminded)}. Expired: {len(report.expired)}. "
        f"Personal data erased (older than {settings.handover_retention_months} months): "
        f"{report.anonymised}."
    )


@clients_cli.command("anonymise")
@click.option(
    "--now", "now_text", default=None, help="Pretend it is this moment (ISO 8601); for tests."
)
def anonymise_command(now_text: str | None) -> None:
    """Anonymise clients archived more than CLIENT_ANONYMISE_AFTER_MONTHS months ago."""
    from aanbodplatform.services.clients import anonymise_archived_clients

    settings = current_app.extensions["settings"]
    with db.new_session() as session:
        count = anonymise_archived_clients(
            session, _moment(now_text), settings.client_anonymise_after_months
        )
    click.echo(
        f"Clients anonymised (archived more than {settings.client_anonymise_after_months} "
        f"months ago): {count}."
    )


def register(app: Flask) -> None:
    """Attach the handover and client commands to the app."""
    app.cli.add_command(handovers_cli)
    app.cli.add_command(clients_cli)
