"""Flask commands for offer translations: `flask translations machine`."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from aanbodplatform.extensions import db

translations_cli = AppGroup("translations", help="Offer translations: machine translation of requests.")


@translations_cli.command("machine")
@click.option("--limit", default=50, show_default=True, help="At most this many offer/language pairs.")
def machine_command(limit: int) -> None:
    """Machine-translate requested offers (MT_URL); results wait in the translator queue."""
    from aanbodplatform.services.machine_translation import (
        machine_translate_requested,
        translator_from_settings,
    )

    translator = translator_from_settings(current_app.extensions["settings"])
    if translator is None:
        click.echo("Machine translation is off: set MT_URL to a LibreTranslate-API server.")
        return
    with db.new_session() as session:
        run = machine_translate_requested(session, translator, limit=limit)
    for offer_id, locale in run.translated:
        click.echo(f"translated offer {offer_id} into {locale} (machine, not checked)")
    for offer_id, locale, reason in run.failed:
        click.echo(f"failed offer {offer_id} into {locale}: {reason}", err=True)
    click.echo(f"{len(run.translated)} translated, {len(run.failed)} failed")
    if run.failed:
        raise SystemExit(1)


def register(app: Flask) -> None:
    """Attach the translation commands to the app."""
    app.cli.add_command(translations_cli)
