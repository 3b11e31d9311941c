"""The outbox on PostgreSQL: a transaction that commits late is still delivered (issue 16).

PostgreSQL hands out ids before commit. With a "highest delivered id" cursor, a row whose
transaction commits after a higher id was delivered is never indexed; per-row delivery
(the row is deleted when delivered) cannot skip it.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker

from aanbodplatform.extensions import make_db_engine
from aanbodplatform.models import Location, Offer, Organisation, SearchOutbox
from aanbodplatform.services.search_sync import install_outbox, sync_outbox
from search_index import SearchQuery
from search_index.sqlite import SQLiteSearchEngine
from tests import pg_support

ADMIN_URL = os.environ.get("TEST_POSTGRES_URL") or pg_support.postgres_admin_url()
pytestmark = pytest.mark.skipif(not ADMIN_URL, reason="TEST_POSTGRES_URL not set")


@pytest.fixture
def pg_factory(monkeypatch):  # type: ignore[no-untyped-def]
    from aanbodplatform.cli import run_migrations
    from aanbodplatform.services.reference import load_reference_data

    monkeypatch.setenv("TEST_DATABASE_URL", ADMIN_URL or "")
    name = pg_support.create_database()
    url = pg_support.database_url(name)
    run_migrations(url)
    engine = make_db_engine(url)
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    with factory() as session:
        load_reference_data(session)
        session.commit()
    install_outbox(factory)
    try:
        yield factory
    finally:
        engine.dispose()
        pg_support.drop_database(name)


def _offer(title: str) -> Offer:
    now = datetime.now(UTC)
    offer = Offer(
        organisation=Organisation(name=f"Vereniging {title}"),
        offer_type="conversation_table",
        title_nl=title,
        summary_nl="Samen Nederlands praten.",
        description_nl="Een beschrijving.",
        status="published",
        dutch_context=True,
        dutch_context_evidence="Vrijwilligers spreken Nederlands.",
        social_participation=True,
        social_participation_evidence="In een groep met buren.",
        published_at=now,
        confirmed_at=now,
    )
    offer.locations = [
        Location(municipality_nis="44021", lat=51.05, lon=3.72, postcode=None, precision="postcode")
    ]
    return offer


def _indexed(engine: SQLiteSearchEngine) -> set[str]:
    result = engine.search(SearchQuery(criteria="all", page_size=100))
    return {hit.document.id for hit in result.hits}


def test_a_transaction_committing_late_is_not_skipped(pg_factory, tmp_path: Path) -> None:
    engine = SQLiteSearchEngine(tmp_path / "search.sqlite3")
    engine.rebuild([])
    early, late = pg_factory(), pg_factory()
    # `early` takes the lower outbox id but commits last.
    slow = _offer("Praattafel die laat commit")
    early.add(slow)
    early.flush()
    fast = _offer("Wandelclub die eerst commit")
    late.add(fast)
    late.commit()
    slow_outbox = early.scalar(select(func.min(SearchOutbox.id)))
    fast_outbox = late.scalar(select(func.max(SearchOutbox.id)))
    assert slow_outbox < fast_outbox  # the order that broke the cursor

    with pg_factory() as drainer:
        sync_outbox(drainer, engine)
    assert _indexed(engine) == {str(fast.id)}

    early.commit()
    with pg_factory() as drainer:
        sync_outbox(drainer, engine)
        assert drainer.scalar(select(func.count()).select_from(SearchOutbox)) == 0
    assert _indexed(engine) == {str(fast.id), str(slow.id)}
    early.close()
    late.close()


def test_a_busy_drainer_leaves_locked_rows_to_its_owner(pg_factory, tmp_path: Path) -> None:
    engine = SQLiteSearchEngine(tmp_path / "search.sqlite3")
    engine.rebuild([])
    with pg_factory() as writer:
        writer.add_all([_offer("Koor"), _offer("Schaakclub")])
        writer.commit()
    holder = pg_factory()
    locked = holder.execute(
        select(SearchOutbox.id).order_by(SearchOutbox.id).limit(1).with_for_update()
    ).scalar_one()
    with pg_factory() as drainer:
        report = sync_outbox(drainer, engine)  # does not wait for the locked row
    assert report.upserted == 1
    holder.rollback()
    holder.close()
    with pg_factory() as drainer:
        assert drainer.scalar(select(SearchOutbox.id)) == locked
        sync_outbox(drainer, engine)
    assert len(_indexed(engine)) == 2


class _Replica:
    """An embedded index that can be down, standing in for one Meilisearch replica."""

    def __init__(self, path: Path) -> None:
        self.engine = SQLiteSearchEngine(path)
        self.engine.rebuild([])
        self.name = "sqlite"
        self.down = False
        self.upserted: list[str] = []

    def upsert(self, docs):  # type: ignore[no-untyped-def]
        if self.down:
            from search_index import SearchError

            raise SearchError("replica unreachable (test)")
        batch = list(docs)
        self.upserted.extend(d.id for d in batch)
        self.engine.upsert(batch)

    def delete(self, ids):  # type: ignore[no-untyped-def]
        self.engine.delete(list(ids))


def test_two_replicas_get_a_late_commit_exactly_once_while_one_is_down(
    pg_factory, tmp_path: Path
) -> None:
    from aanbodplatform.models import SearchDelivery
    from aanbodplatform.services.search_sync import pending_by_target, sync_replicas

    a, b = _Replica(tmp_path / "a.sqlite3"), _Replica(tmp_path / "b.sqlite3")
    replicas = {"a": a, "b": b}
    early, late = pg_factory(), pg_factory()
    slow = _offer("Praattafel die laat commit")
    early.add(slow)
    early.flush()  # takes the lower outbox id, commits last
    fast = _offer("Wandelclub die eerst commit")
    late.add(fast)
    late.commit()
    b.down = True
    with pg_factory() as drainer:
        _reports, errors = sync_replicas(drainer, replicas)
    assert set(errors) == {"b"}
    assert (a.upserted, b.upserted) == ([str(fast.id)], [])

    early.commit()
    with pg_factory() as drainer:
        sync_replicas(drainer, replicas)  # b still down: a takes the late row alone
        assert pending_by_target(drainer, ["a", "b"]) == {"a": 0, "b": 2}
    assert a.upserted == [str(fast.id), str(slow.id)]

    b.down = False
    with pg_factory() as drainer:
        _reports, errors = sync_replicas(drainer, replicas)
        assert errors == {}
        assert drainer.scalar(select(func.count()).select_from(SearchOutbox)) == 0
        assert drainer.scalar(select(func.count()).select_from(SearchDelivery)) == 0
    assert sorted(b.upserted) == sorted([str(fast.id), str(slow.id)])
    assert len(a.upserted) == 2  # each replica got each row once
    assert _indexed(a.engine) == _indexed(b.engine) == {str(fast.id), str(slow.id)}
    early.close()
    late.close()
