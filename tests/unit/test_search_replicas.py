"""The outbox feeds several search replicas, each every change exactly once (issue 16).

Meilisearch's community edition has no replication: the platform writes every change to
each configured replica (MEILI_URLS) itself. A mark per (outbox row, replica) records what
each replica has; a replica that is down keeps its rows while the others go on.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest
from sqlalchemy import func, select

from aanbodplatform.config import load_settings
from aanbodplatform.models import SearchDelivery, SearchOutbox
from aanbodplatform.search import build_replicas, replica_name
from aanbodplatform.services.search_sync import (
    pending_by_target,
    reindex,
    sync_replicas,
)
from search_index import OfferDocument, SearchError, SearchQuery
from search_index.sqlite import SQLiteSearchEngine


class Replica:
    """A real embedded index that records which offers it was sent and can be down."""

    def __init__(self, path: Path) -> None:
        self.inner = SQLiteSearchEngine(path)
        self.inner.rebuild([])
        self.name = self.inner.name
        self.path = self.inner.path
        self.down = False
        self.upserted: list[str] = []

    def _check(self) -> None:
        if self.down:
            raise SearchError("replica unreachable (test)")

    def configure(self) -> None:
        self.inner.configure()

    def upsert(self, docs: Iterable[OfferDocument]) -> None:
        self._check()
        batch = list(docs)
        self.upserted.extend(d.id for d in batch)
        self.inner.upsert(batch)

    def delete(self, ids: Iterable[str]) -> None:
        self._check()
        self.inner.delete(list(ids))

    def rebuild(self, docs: Iterable[OfferDocument]) -> None:
        self._check()
        self.inner.rebuild(docs)

    def search(self, query: SearchQuery):  # type: ignore[no-untyped-def]
        return self.inner.search(query)

    def health(self):  # type: ignore[no-untyped-def]
        return self.inner.health()

    def count(self) -> int:
        return self.inner.count()

    def indexed(self) -> set[str]:
        return {h.document.id for h in self.inner.search(SearchQuery(criteria="all")).hits}


@pytest.fixture
def replicas(app, tmp_path):  # type: ignore[no-untyped-def]
    """Two replicas, "a" (which pages search) and "b", fed after every commit."""
    a, b = Replica(tmp_path / "a.sqlite3"), Replica(tmp_path / "b.sqlite3")
    app.extensions["search_replicas"] = {"a": a, "b": b}
    app.extensions["search_engine"] = a
    return a, b


def _rows(session, model) -> int:  # type: ignore[no-untyped-def]
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_a_replica_that_is_down_catches_up_and_each_gets_every_row_once(
    app, client, session, make_offer, replicas
):
    a, b = replicas
    b.down = True
    first, second = make_offer("Praattafel"), make_offer("Wandelclub")
    # The replica that is up took both changes; the one that is down has them waiting.
    assert a.upserted == [str(first.id), str(second.id)]
    assert b.upserted == []
    assert pending_by_target(session, ["a", "b"]) == {"a": 0, "b": 2}
    assert (_rows(session, SearchOutbox), _rows(session, SearchDelivery)) == (2, 2)
    ready = client.get("/readyz")
    assert ready.status_code == 200  # "a" answers searches and is in step
    assert ready.get_json()["checks"]["search"]["backlog"] == {"a": 0, "b": 2}

    third = make_offer("Koor")
    assert a.upserted == [str(first.id), str(second.id), str(third.id)]  # never twice

    b.down = False
    reports, errors = sync_replicas(session, {"a": a, "b": b})
    assert errors == {}
    assert (reports["a"].upserted, reports["b"].upserted) == (0, 3)
    assert sorted(b.upserted) == sorted([str(first.id), str(second.id), str(third.id)])
    assert b.indexed() == a.indexed() == {str(first.id), str(second.id), str(third.id)}
    # Every replica has every row: the rows and their marks are gone.
    assert (_rows(session, SearchOutbox), _rows(session, SearchDelivery)) == (0, 0)
    sync_replicas(session, {"a": a, "b": b})
    assert len(a.upserted) == len(b.upserted) == 3
    assert client.get("/readyz").get_json()["checks"]["search"]["backlog"] == {"a": 0, "b": 0}


def test_rebuilding_one_replica_leaves_the_rows_for_the_others(
    app, session, make_offer, replicas
):
    a, b = replicas
    a.down = b.down = True
    offer = make_offer("Schaakclub")
    assert pending_by_target(session, ["a", "b"]) == {"a": 1, "b": 1}
    a.down = False
    assert reindex(session, a, target="a", targets=("a", "b")) == 1
    assert pending_by_target(session, ["a", "b"]) == {"a": 0, "b": 1}
    b.down = False
    sync_replicas(session, {"a": a, "b": b})
    assert b.upserted == [str(offer.id)]
    assert _rows(session, SearchOutbox) == 0


def test_meili_urls_make_one_engine_per_replica_named_by_host(tmp_path):
    settings = load_settings({
        "APP_ENV": "test", "INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "r" * 40,
        "SEARCH_ENGINE": "meilisearch",
        "MEILI_URLS": "http://meili-1.internal:7700, http://meili-2.internal:7700/",
    })
    assert settings.meili_url == "http://meili-1.internal:7700"
    built = build_replicas(settings)
    assert list(built) == ["meili-1.internal:7700", "meili-2.internal:7700"]
    assert [e._url for e in built.values()] == [  # type: ignore[attr-defined]
        "http://meili-1.internal:7700", "http://meili-2.internal:7700",
    ]
    assert replica_name("https://search.example.org") == "search.example.org"
    # One engine keeps the target name it always had.
    single = load_settings({"APP_ENV": "test", "INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "r" * 40})
    assert list(build_replicas(single)) == ["default"]


def test_meili_urls_are_checked(tmp_path):
    from aanbodplatform.config import ConfigError

    base = {"APP_ENV": "test", "INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "r" * 40}
    with pytest.raises(ConfigError, match="twice"):
        load_settings({**base, "MEILI_URLS": "http://m:7700,http://m:7700"})
    with pytest.raises(ConfigError, match="MEILI_URLS"):
        load_settings({**base, "MEILI_URLS": "ftp://m:7700"})


def test_metrics_give_each_replica_its_backlog(app, client, make_offer, replicas):
    _a, b = replicas
    b.down = True
    make_offer("Praattafel")
    make_offer("Wandelclub")
    body = client.get("/metrics").get_data(as_text=True)
    assert 'aanbod_search_replica_backlog{replica="a"} 0.0' in body
    assert 'aanbod_search_replica_backlog{replica="b"} 2.0' in body
    assert "aanbod_search_outbox_backlog 2.0" in body  # rows some replica still needs
