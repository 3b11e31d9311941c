"""The command groups other CLI modules add to, apart from the commands (no import cycle)."""

from __future__ import annotations

from flask.cli import AppGroup

search_cli = AppGroup("search", help="Keep the search index in step with the database.")
offers_cli = AppGroup("offers", help="Import offers and run offer maintenance.")
backup_cli = AppGroup("backup", help="Back up the database and restore it (the index is rebuilt).")
users_cli = AppGroup("users", help="Staff accounts: counsellors, guides, moderators, admins.")
moderation_cli = AppGroup("moderation", help="Moderation: the daily digest for moderators.")
