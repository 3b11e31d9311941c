"""Open data commands: `offers export --format hsds` and `offers import-uit`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask import current_app, url_for

from aanbodplatform.extensions import db


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(["hsds"]), default="hsds", show_default=True,
              help="hsds: Open Referral HSDS 3.0 services (see docs/open-data.md).")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
def export_command(fmt: str, target: Path) -> None:
    """Write every published offer to TARGET (JSON)."""
    from aanbodplatform.services.hsds import iter_services
    from aanbodplatform.web.presenters import offer_slug

    base_url = current_app.extensions["settings"].base_url
    count = 0
    with db.new_session() as session, current_app.test_request_context(base_url=base_url):

        def offer_url(offer):  # type: ignore[no-untyped-def]
            return url_for("public.offer", lang="nl", offer_id=offer.id,
                           slug=offer_slug(offer.title_nl), _external=True)

        tmp = target.with_suffix(target.suffix + ".part")
        # Written aside and renamed: a reader never sees half a file.
        with tmp.open("w", encoding="utf-8") as handle:
            handle.write("[")
            for service in iter_services(session, offer_url):
                handle.write(",\n" if count else "\n")
                json.dump(service, handle, ensure_ascii=False)
                count += 1
            handle.write("\n]\n")
        tmp.replace(target)
    click.echo(f"{count} published offers written to {target} ({fmt}).")


@click.command("import-uit")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--organisation", "organisation_id", type=click.IntRange(min=1), default=None,
              help="Attach every draft to this organisation (id) instead of the organiser.")
@click.option("--dry-run", is_flag=True, help="Check and report, write nothing.")
def import_uit_command(source: Path, organisation_id: int | None, dry_run: bool) -> None:
    """Import UiTdatabank events/places (JSON-LD) from SOURCE as draft offers."""
    from aanbodplatform.geo import default_gazetteer
    from aanbodplatform.models import Organisation
    from aanbodplatform.services.uit_import import UitFileError, import_uit, read_items

    try:
        items = read_items(json.loads(source.read_text(encoding="utf-8")))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        click.echo(f"{source}: not a JSON file ({exc}).", err=True)
        sys.exit(2)
    except UitFileError as exc:
        click.echo(f"{source}: {exc}.", err=True)
        sys.exit(2)
    with db.new_session() as session:
        organisation = None
        if organisation_id is not None:
            organisation = session.get(Organisation, organisation_id)
            if organisation is None:
                click.echo(f"No organisation with id {organisation_id}.", err=True)
                sys.exit(2)
        report = import_uit(session, items, default_gazetteer(), organisation=organisation)
        if dry_run:
            session.rollback()
        else:
            session.commit()
    for position, reason in report.rejected:
        click.echo(f"item {position}: rejected: {reason}", err=True)
    for position, reason in report.skipped:
        click.echo(f"item {position}: left alone: {reason}")
    verb = "would be" if dry_run else "were"
    click.echo(
        f"{len(report.created)} drafts {verb} created, {len(report.updated)} updated, "
        f"{len(report.unchanged)} unchanged, {len(report.skipped)} left alone, "
        f"{len(report.rejected)} rejected."
    )
    if report.rejected:
        sys.exit(1)


def register(offers_cli: click.Group) -> None:
    """Add the open data commands to the `offers` group."""
    offers_cli.add_command(export_command)
    offers_cli.add_command(import_uit_command)
