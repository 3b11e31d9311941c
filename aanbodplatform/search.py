"""Wiring the configured search engine into the app and the outbox drain after commits."""

from __future__ import annotations

import logging

from flask import Flask, current_app, has_app_context

from aanbodplatform.config import Settings
from aanbodplatform.extensions import db
from aanbodplatform.services.search_sync import DEFAULT_TARGET, install_outbox, sync_replicas
from aanbodplatform.services.taxonomy import get_search_lexicon, get_taxonomy
from search_index import SearchEngine, make_engine

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


def replica_name(url: str) -> str:
    """Return the outbox target name of a Meilisearch replica: its host and port."""
    from urllib.parse import urlparse

    return (urlparse(url).netloc or url)[:80]


def build_replicas(settings: Settings) -> dict[str, SearchEngine]:
    """Return the engines that receive the outbox, by target name; the first one searches.

    One engine is the target "default"; several Meilisearch replicas (MEILI_URLS) are
    named by host and port, so their delivery marks survive a reordering of the list.
    """
    from dataclasses import replace

    if settings.search_engine == "meilisearch" and len(settings.meili_urls) > 1:
        return {
            replica_name(url): build_engine(replace(settings, meili_url=url))
            for url in settings.meili_urls
        }
    return {DEFAULT_TARGET: build_engine(settings)}


def search_replicas(app: Flask) -> dict[str, SearchEngine]:
    """Return every engine the outbox feeds, by target; the first is the one that searches."""
    replicas = dict(app.extensions.get("search_replicas") or {})
    # `search_engine` is the primary (the one pages search): it leads, whatever replaced it.
    first = next(iter(replicas), DEFAULT_TARGET)
    replicas[first] = app.extensions["search_engine"]
    return replicas


def _drain_after_commit() -> None:
    if not has_app_context():
        return
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if not app.extensions["settings"].search_sync_after_commit:
        return
    with db.new_session() as session:
        _reports, errors = sync_replicas(session, search_replicas(app))
    if errors:
        log.warning("search engine unavailable; outbox rows kept for `flask search sync`")


def init_search(app: Flask, settings: Settings) -> None:
    """Create the engine, make sure its index exists and hook the outbox into sessions."""
    from search_index import SearchError

    replicas = build_replicas(settings)
    app.extensions["search_replicas"] = replicas
    app.extensions["search_engine"] = next(iter(replicas.values()))
    for name, engine in replicas.items():
        try:
            engine.configure()
        except SearchError as exc:
            # Start anyway: /readyz reports it (503) and the outbox keeps every change.
            log.warning("search engine not ready: %s", exc if len(replicas) == 1 else f"{name}: {exc}")
    if not db.session_factory.kw.get("info", {}).get(_INSTALLED):
        install_outbox(db.session_factory, on_commit=_drain_after_commit)
        db.session_factory.configure(info={_INSTALLED: True})
