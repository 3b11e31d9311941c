"""/readyz tells a missing, empty, stale or corrupted index from a healthy one (issue 16)."""

from __future__ import annotations

import logging

from sqlalchemy import delete

from aanbodplatform import create_app
from aanbodplatform.extensions import db
from aanbodplatform.models import SearchOutbox
from tests.conftest import test_env


def _search_check(client) -> tuple[int, dict]:  # type: ignore[no-untyped-def]
    response = client.get("/readyz")
    return response.status_code, response.get_json()["checks"]["search"]


def test_an_index_in_step_is_ready(client, make_offer):
    make_offer()
    make_offer("Wandelclub")
    status, search = _search_check(client)
    assert status == 200
    assert search["ok"] is True
    assert search["documents"] == 2
    assert search["published"] == 2
    assert search["pending"] == 0
    assert isinstance(search["generation"], int)
    assert "reason" not in search


def test_a_missing_index_is_not_ready_and_not_recreated(app, client, make_offer, caplog):
    make_offer()
    path = app.extensions["settings"].search_index_path
    engine = app.extensions["search_engine"]
    engine.close()
    for suffix in ("", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    status, search = _search_check(client)
    assert (status, search["ok"], search["reason"]) == (503, False, "missing")
    # A search does not quietly create an empty index either.
    assert client.get("/en/search").status_code == 503
    assert not path.exists()
    # A new process (a worker reload, any flask command) says so in its log.
    db.session.remove()
    db.engine.dispose()  # the new app rebinds the shared engine; close the old one first
    with caplog.at_level(logging.WARNING):
        create_app(test_env(path.parent))
    assert "no search index" in caplog.text
    assert not path.exists()


def test_an_empty_index_is_not_ready(app, client, make_offer, session):
    make_offer()
    app.extensions["search_engine"].rebuild([])
    status, search = _search_check(client)
    assert (status, search["reason"], search["documents"], search["published"]) == (
        503,
        "empty",
        0,
        1,
    )


def test_a_stale_index_is_not_ready_beyond_the_outbox(app, client, make_offer, session):
    app.extensions["settings"]  # noqa: B018
    make_offer()
    make_offer("Wandelclub")
    engine = app.extensions["search_engine"]
    first = make_offer("Fietsclub")
    # The index lost a document behind the outbox's back (a restore, a bug): stale.
    engine.delete([str(first.id)])
    status, search = _search_check(client)
    assert (status, search["reason"], search["documents"], search["published"]) == (
        503,
        "stale",
        2,
        3,
    )
    # The same difference while an outbox row is still pending is only lag: ready.
    session.add(SearchOutbox(offer_id=first.id))
    session.commit()
    status, search = _search_check(client)
    assert status in (200,)
    session.execute(delete(SearchOutbox))
    session.commit()


def test_a_corrupted_index_is_not_ready(app, client, make_offer):
    make_offer()
    path = app.extensions["settings"].search_index_path
    engine = app.extensions["search_engine"]
    engine.close()
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    path.write_bytes(b"this is not an index" * 100)
    status, search = _search_check(client)
    assert (status, search["ok"], search["reason"]) == (503, False, "corrupted")


def test_reindex_builds_what_readiness_expects(app, client, make_offer, session):
    from aanbodplatform.services.search_sync import reindex

    make_offer()
    make_offer("Wandelclub")
    engine = app.extensions["search_engine"]
    engine.rebuild([])
    assert _search_check(client)[0] == 503
    reindex(session, engine)
    status, search = _search_check(client)
    assert (status, search["documents"]) == (200, 2)


def test_the_worker_rebuilds_a_missing_index(app, client, make_offer):
    from aanbodplatform.jobs import search_sync_job

    make_offer()
    path = app.extensions["settings"].search_index_path
    app.extensions["search_engine"].close()
    for suffix in ("", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    assert _search_check(client)[1]["reason"] == "missing"
    search_sync_job.call_local()
    status, search = _search_check(client)
    assert (status, search["documents"]) == (200, 1)


def test_a_missing_meilisearch_index_is_reported_missing_and_not_created(app, client, make_offer):
    from search_index.meili_engine import MeiliSearchEngine
    from tests.search.test_meili_engine_unit import FakeClient

    make_offer()
    fake = FakeClient()
    meili = MeiliSearchEngine(
        "http://meili.invalid:7700", index_name="offers", client=fake, create_missing=False
    )
    app.extensions["search_engine"] = meili
    status, search = _search_check(client)
    assert (status, search["ok"], search["reason"], search["engine"]) == (
        503, False, "missing", "meilisearch",
    )
    assert fake.indexes == {}
    # Only a rebuild makes it; then the index holds what the database published.
    fake.offers = 1
    meili.rebuild([])
    status, search = _search_check(client)
    assert (status, search["ok"], search["documents"]) == (200, True, 1)
