"""Flask CLI commands for proofs of participation.

    flask --app app proofs export [--from DATE] [--to DATE] [--format json|csv] [--all-statuses]

See docs/proofs.md for the JSON shape and the CSV columns.
"""

from __future__ import annotations

import csv
import json
import sys
from datetime import date, datetime

import click
from flask import Flask
from flask.cli import AppGroup

from aanbodplatform.extensions import db

proofs_cli = AppGroup("proofs", help="Proofs of participation: exports for the case system.")

CSV_COLUMNS = (
    "client_reference",
    "organisation_name",
    "organisation_kbo",
    "offer_type",
    "contact_name",
    "status",
    "total_hours",
    "counted_hours",
    "verified_at",
)


def _day(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("use YYYY-MM-DD, like 2026-03-31", param_hint=name) from None


@proofs_cli.command("export")
@click.option("--from", "date_from", default=None, help="First day of the period (YYYY-MM-DD).")
@click.option("--to", "date_to", default=None, help="Last day of the period (YYYY-MM-DD).")
@click.option(
    "--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True
)
@click.option("--all-statuses", is_flag=True, help="Include proofs that are not verified.")
def export_command(date_from: str | None, date_to: str | None, fmt: str, all_statuses: bool) -> None:
    """Write the verified proofs of the period (and their clients) to standard output."""
    from aanbodplatform.services.proofs import export

    start, end = _day(date_from, "--from"), _day(date_to, "--to")
    if start and end and start > end:
        raise click.BadParameter("--from comes after --to", param_hint="--from")
    with db.new_session() as session:
        data = export(
            session,
            date_from=start,
            date_to=end,
            all_statuses=all_statuses,
            today=datetime.now().date(),
        )
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    writer = csv.writer(sys.stdout)
    writer.writerow(CSV_COLUMNS)
    for proof in data["proofs"]:
        counted = sum(e["hours"] for e in proof["entries"] if e["counts"])
        writer.writerow(
            [proof[c] for c in CSV_COLUMNS[:7]] + [counted, proof["verified_at"] or ""]
        )


def register(app: Flask) -> None:
    """Attach the proof commands to the app."""
    app.cli.add_command(proofs_cli)
