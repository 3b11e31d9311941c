"""The outbox keeps the index in step with the database, even when the engine is down."""

from __future__ import annotations

from collections.abc import Iterable

import pytest
from sqlalchemy import func, select

from aanbodplatform.extensions import db
from aanbodplatform.models import OfferTranslation, SearchOutbox
from aanbodplatform.services.search_sync import pending_count, reindex, sync_outbox
from search_index import OfferDocument, SearchError, SearchQuery


class FlakyEngine:
    """Wraps a real engine; while `down` is set every write fails like an outage."""

    def __init__(self, inner) -> None:  # type: ignore[no-untyped-def]
        self.inner = inner
        self.name = inner.name
        self.down = False
        self.writes = 0

    def _check(self) -> None:
        if self.down:
            raise SearchError("engine unreachable (test)")

    def configure(self) -> None:
        self.inner.configure()

    def upsert(self, docs: Iterable[OfferDocument]) -> None:
        self._check()
        self.writes += 1
        self.inner.upsert(list(docs))

    def delete(self, ids: Iterable[str]) -> None:
        self._check()
        self.writes += 1
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


@pytest.fixture
def engine(app):  # type: ignore[no-untyped-def]
    flaky = FlakyEngine(app.extensions["search_engine"])
    app.extensions["search_engine"] = flaky
    return flaky


def _ids(engine, **query) -> set[str]:  # type: ignore[no-untyped-def]
    result = engine.search(SearchQuery(criteria="all", page_size=100, **query))
    return {hit.document.id for hit in result.hits}


def test_publishing_indexes_after_commit(engine, make_offer, session) -> None:  # type: ignore[no-untyped-def]
    offer = make_offer("Voetbal met de buren", activities=("football",))
    assert str(offer.id) in _ids(engine, text="voetbal")
    assert pending_count(session) == 0


def test_drafts_never_reach_the_index(engine, make_offer) -> None:  # type: ignore[no-untyped-def]
    offer = make_offer("Geheime kooknamiddag", status="draft")
    assert str(offer.id) not in _ids(engine)


def test_edit_updates_and_unpublish_removes(engine, make_offer, session) -> None:  # type: ignore[no-untyped-def]
    offer = make_offer("Schaakclub De Toren", activities=("chess",))
    offer.title_nl = "Schaakclub Het Paard"
    session.commit()
    assert str(offer.id) in _ids(engine, text="paard")
    assert str(offer.id) not in _ids(engine, text="toren")
    offer.status = "archived"
    session.commit()
    assert str(offer.id) not in _ids(engine)


def test_child_changes_are_picked_up(engine, make_offer, session) -> None:  # type: ignore[no-untyped-def]
    offer = make_offer("Naaiatelier in het buurthuis")
    offer.translations.append(
        OfferTranslation(locale="en", title="Sewing workshop", summary="Sew together.")
    )
    session.commit()
    assert str(offer.id) in _ids(engine, text="workshop", locale="en")


def test_rows_flushed_early_are_not_missed(engine, make_offer, session) -> None:  # type: ignore[no-untyped-def]
    offer = make_offer("Wandelclub", commit=False)
    session.flush()  # an early flush, then more changes in the same transaction
    offer.title_nl = "Wandelclub De Stappers"
    session.commit()
    assert str(offer.id) in _ids(engine, text="stappers")


def test_deleting_an_offer_removes_it(engine, make_offer, session) -> None:  # type: ignore[no-untyped-def]
    offer = make_offer("Repair Café Zuid")
    offer_id = str(offer.id)
    session.delete(offer)
    session.commit()
    assert offer_id not in _ids(engine)


def test_engine_down_keeps_rows_and_sync_delivers_later(engine, make_offer, session, app) -> None:  # type: ignore[no-untyped-def]
    engine.down = True
    offer = make_offer("Fietsles voor volwassenen", activities=("cycling",))
    assert pending_count(session) >= 1
    assert session.scalar(select(func.count()).select_from(SearchOutbox)) >= 1
    engine.down = False
    result = app.test_cli_runner().invoke(args=["search", "sync"])
    assert result.exit_code == 0, result.output
    assert str(offer.id) in _ids(engine, text="fietsles")
    assert pending_count(session) == 0


def test_sync_command_fails_clearly_when_engine_is_down(engine, make_offer, app) -> None:  # type: ignore[no-untyped-def]
    engine.down = True
    make_offer("Zwemles")
    result = app.test_cli_runner().invoke(args=["search", "sync"])
    assert result.exit_code != 0
    assert "unavailable" in result.output


def test_replaying_the_outbox_is_harmless(engine, make_offer, session) -> None:  # type: ignore[no-untyped-def]
    offer = make_offer("Koor Vox")
    before = engine.count()
    session.add(SearchOutbox(offer_id=offer.id))
    session.add(SearchOutbox(offer_id=offer.id))
    session.commit()
    with db.new_session() as other:
        sync_outbox(other, engine)
    assert engine.count() == before
    assert str(offer.id) in _ids(engine, text="vox")


def test_reindex_rebuilds_everything(engine, make_offer, session, app) -> None:  # type: ignore[no-untyped-def]
    kept = make_offer("Tuinieren in de volkstuin")
    gone = make_offer("Verdwenen aanbod", status="draft")
    engine.inner.upsert([])  # nothing; then corrupt the index by hand:
    engine.inner.delete([str(kept.id)])
    assert str(kept.id) not in _ids(engine)
    result = app.test_cli_runner().invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert "1 offers" in result.output
    assert _ids(engine) == {str(kept.id)}
    assert str(gone.id) not in _ids(engine)


def test_reindex_function_reports_progress(engine, make_offer, session) -> None:  # type: ignore[no-untyped-def]
    for i in range(3):
        make_offer(f"Praattafel {i}")
    seen: list[tuple[int, int]] = []
    count = reindex(session, engine, progress=lambda done, total: seen.append((done, total)))
    assert count == 3
    assert seen[-1] == (3, 3)


def test_stats_command(engine, make_offer, app) -> None:  # type: ignore[no-untyped-def]
    make_offer("Dansles")
    result = app.test_cli_runner().invoke(args=["search", "stats"])
    assert result.exit_code == 0, result.output
    assert "Documents:       1" in result.output
    assert "Pending changes: 0" in result.output
    assert "Last sync:" in result.output and "never" not in result.output
