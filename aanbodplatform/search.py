"""Wiring the configured search engine into the app and the outbox drain after commits."""

from __future__ import annotations

import logging

from flask import Flask, current_app, has_app_context

from aanbodplatform.config import Settings
from aanbodplatform.extensions import db
from aanbodplatform.services.search_sync import install_outbox, sync_outbox
from aanbodplatform.services.taxonomy import get_search_lexicon, get_taxonomy
from search_index import SearchEngine, SearchError, make_engine

log = logging.getLogger(__name__)
_INSTALLED = "search.outbox.installed"


def build_engine(settings: Settings) -> SearchEngine:
    """Return the engine the settings ask for."""
    taxonomy = get_taxonomy()
    synonyms = taxonomy.synonym_groups() if settings.search_engine == "meilisearch" else None
    return make_engine(
        settings.search_engine,
        sqlite_path=settings.search_index_path,
        meili_url=settings.meili_url,
        meili_api_key=settings.meili_api_key,
        index_name=settings.meili_index,
        synonyms=synonyms,
        lexicon=get_search_lexicon(),
        # Only `flask search reindex` (or `flask setup`) builds an index: a process that finds
        # none says so instead of serving an empty one.
        create_missing=False,
    )


def _drain_after_commit() -> None:
    if not has_app_context():
        return
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if not app.extensions["settings"].search_sync_after_commit:
        return
    with db.new_session() as session:
        try:
            sync_outbox(session, app.extensions["search_engine"])
        except SearchError:
            log.warning("search engine unavailable; outbox rows kept for `flask search sync`")


def init_search(app: Flask, settings: Settings) -> None:
    """Create the engine, make sure its index exists and hook the outbox into sessions."""
    engine = build_engine(settings)
    app.extensions["search_engine"] = engine
    try:
        engine.configure()
    except SearchError as exc:
        # Start anyway: /readyz reports it (503) and the outbox keeps every change.
        log.warning("search engine not ready: %s", exc)
    if not db.session_factory.kw.get("info", {}).get(_INSTALLED):
        install_outbox(db.session_factory, on_commit=_drain_after_commit)
        db.session_factory.configure(info={_INSTALLED: True})
