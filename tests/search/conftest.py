"""Engine fixtures for the contract suite: every test runs on SQLite and on Meilisearch.

The Meilisearch runs need a live server (``MEILI_URL``, optionally ``MEILI_API_KEY``);
without it they are skipped.  Each Meilisearch fixture gets its own index, deleted
afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from aanbodplatform.services.taxonomy import load_taxonomy
from search_index.contract import SearchEngine
from search_index.lexicon import Lexicon
from tests.search.corpus import CORPUS

#: The shipped taxonomy's phrases and families, as the application gives them.
LEXICON: Lexicon = load_taxonomy().search_lexicon()

ENGINES = ["sqlite", "meilisearch"]
_DROP_METHODS = ("drop", "drop_index", "delete_index", "destroy")


def _make_engine(kind: str, folder: Callable[[], Path]) -> SearchEngine:
    """Return an unconfigured engine of `kind`, skipping Meilisearch without a server."""
    if kind == "sqlite":
        from search_index.sqlite import SQLiteSearchEngine

        return SQLiteSearchEngine(folder() / "search.sqlite3", lexicon=LEXICON)
    url = os.environ.get("MEILI_URL")
    if not url:
        pytest.skip("MEILI_URL not set")
    from search_index.meili_engine import MeiliSearchEngine  # written in parallel: import late

    return MeiliSearchEngine(
        url,
        os.environ.get("MEILI_API_KEY"),
        index_name=f"test_{uuid.uuid4().hex[:12]}",
        lexicon=LEXICON,
    )


def _dispose(engine: SearchEngine) -> None:
    """Release an engine: delete a Meilisearch test index, close SQLite connections."""
    for name in _DROP_METHODS:
        method = getattr(engine, name, None)
        if callable(method):
            method()
            break
    else:
        private = getattr(engine, "_delete_index", None)
        index_name = getattr(engine, "index_name", None)
        if callable(private) and index_name:
            private(index_name)
    close = getattr(engine, "close", None)
    if callable(close):
        close()


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SearchEngine]:
    """Yield a configured, empty engine of each kind (for tests that write)."""
    eng = _make_engine(request.param, lambda: tmp_path)
    eng.configure()
    try:
        yield eng
    finally:
        _dispose(eng)


@pytest.fixture
def loaded(engine: SearchEngine) -> SearchEngine:
    """Return an engine holding the test catalogue (fresh per test; writes allowed)."""
    engine.upsert(CORPUS)
    return engine


@pytest.fixture(scope="module", params=ENGINES)
def catalogue(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SearchEngine]:
    """Yield one engine per kind holding the test catalogue, shared by read-only tests."""
    eng = _make_engine(request.param, lambda: tmp_path_factory.mktemp("catalogue"))
    eng.configure()
    try:
        eng.rebuild(CORPUS)
        yield eng
    finally:
        _dispose(eng)
