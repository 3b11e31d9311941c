"""Keeping the search index in step with the database through an outbox.

Offer changes are collected on ``after_flush`` (so rows flushed early are not
missed) and written as ``SearchOutbox`` rows in the same transaction. After the
commit the outbox is drained into the engine; if the engine is down the rows
stay and ``flask search sync`` delivers them later. A row names only an offer:
delivery reads the offer's current state, so replaying a row is harmless.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Select, delete, event, exists, func, insert, select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from aanbodplatform.models import (
    Location,
    Offer,
    OfferActivity,
    OfferContact,
    OfferTranslation,
    Organisation,
    ScheduleSlot,
    SearchCursor,
    SearchDelivery,
    SearchOutbox,
    utcnow,
)
from aanbodplatform.services.documents import offer_to_document
from search_index import SearchEngine, SearchError

log = logging.getLogger(__name__)

PENDING_KEY = "search.pending"
WRITTEN_KEY = "search.outboxed"
DIRTY_KEY = "search.dirty"
DEFAULT_TARGET = "default"
_CHILD_MODELS = (OfferTranslation, Location, ScheduleSlot, OfferActivity, OfferContact)
BATCH = 500


def _offer_ids_touched(session: Session) -> set[int]:
    ids: set[int] = set()
    for obj in [*session.new, *session.dirty, *session.deleted]:
        if isinstance(obj, Offer) and obj.id is not None:
            ids.add(obj.id)
        elif isinstance(obj, _CHILD_MODELS) and getattr(obj, "offer_id", None) is not None:
            ids.add(obj.offer_id)
        elif isinstance(obj, Organisation) and obj.id is not None and obj in session.dirty:
            ids.update(
                session.scalars(select(Offer.id).where(Offer.organisation_id == obj.id)).all()
            )
    return ids


def queue_offers(session: Session, offer_ids: Iterable[int]) -> None:
    """Add outbox rows for offers written without the unit of work (bulk inserts).

    The flush hooks below see only objects the session tracks; a bulk insert tells
    the outbox itself, in the same transaction, and the drain runs after the commit.
    """
    written: set[int] = session.info.setdefault(WRITTEN_KEY, set())
    fresh = sorted(set(offer_ids) - written)
    if not fresh:
        return
    now = utcnow()
    session.execute(insert(SearchOutbox), [{"offer_id": i, "created_at": now} for i in fresh])
    written.update(fresh)
    session.info[DIRTY_KEY] = True


def install_outbox(factory: sessionmaker, on_commit: Callable[[], None] | None = None) -> None:
    """Make sessions from `factory` write outbox rows and call `on_commit` after commits."""

    @event.listens_for(factory, "before_flush")
    def _collect_before(session: Session, _ctx: object, _instances: object) -> None:
        # Deleted objects lose their identity after the flush: note their ids now.
        session.info.setdefault(PENDING_KEY, set()).update(_offer_ids_touched(session))

    @event.listens_for(factory, "after_flush")
    def _collect_after(session: Session, _ctx: object) -> None:
        pending: set[int] = session.info.setdefault(PENDING_KEY, set())
        # New offers only have an id once flushed.
        pending.update(_offer_ids_touched(session))
        written: set[int] = session.info.setdefault(WRITTEN_KEY, set())
        fresh = sorted(pending - written)
        if fresh:
            session.connection().execute(
                insert(SearchOutbox), [{"offer_id": i, "created_at": utcnow()} for i in fresh]
            )
            written.update(fresh)
            session.info[DIRTY_KEY] = True

    @event.listens_for(factory, "after_commit")
    def _after_commit(session: Session) -> None:
        if session.in_nested_transaction():
            # SQLAlchemy also reports a released SAVEPOINT as a commit; only the real one counts
            # (draining mid-transaction would wait on this transaction's own write lock).
            return
        dirty = session.info.pop(DIRTY_KEY, False)
        session.info.pop(PENDING_KEY, None)
        session.info.pop(WRITTEN_KEY, None)
        if dirty and on_commit is not None:
            try:
                on_commit()
            except Exception:  # noqa: BLE001 - the outbox keeps the rows for a retry
                log.exception("search sync after commit failed; rows stay in the outbox")

    @event.listens_for(factory, "after_rollback")
    def _after_rollback(session: Session) -> None:
        if session.in_nested_transaction():
            # A rolled-back SAVEPOINT took its outbox rows with it, and SQLite may hand its
            # offer ids out again: forget what was written so later flushes write rows anew
            # (a duplicate row is harmless; a missing one would lose a change).
            session.info.pop(WRITTEN_KEY, None)
            return
        session.info.pop(DIRTY_KEY, None)
        session.info.pop(PENDING_KEY, None)
        session.info.pop(WRITTEN_KEY, None)


@dataclass(frozen=True)
class SyncReport:
    """What one drain of the outbox did."""

    upserted: int
    deleted: int
    last_outbox_id: int


def published_offers_query() -> Select[Offer]:
    """Return a select of published offers with everything a document needs loaded."""
    return (
        select(Offer)
        .where(Offer.status == "published")
        .options(
            selectinload(Offer.organisation),
            selectinload(Offer.activities),
            selectinload(Offer.translations),
            selectinload(Offer.locations),
            selectinload(Offer.slots),
        )
    )


def deliver(session: Session, engine: SearchEngine, offer_ids: Iterable[int]) -> tuple[int, int]:
    """Upsert the published offers among `offer_ids` and delete the rest from the index."""
    ids = sorted(set(offer_ids))
    upserted = deleted = 0
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        offers = session.scalars(published_offers_query().where(Offer.id.in_(chunk))).all()
        present = {o.id for o in offers}
        if offers:
            engine.upsert(offer_to_document(session, o) for o in offers)
            upserted += len(offers)
        gone = [str(i) for i in chunk if i not in present]
        if gone:
            engine.delete(gone)
            deleted += len(gone)
    return upserted, deleted


def _undelivered(target: str) -> ColumnElement[bool]:
    """Return the condition "this outbox row has not reached `target` yet"."""
    return ~exists().where(
        SearchDelivery.outbox_id == SearchOutbox.id, SearchDelivery.target == target
    )


def _mark_delivered(
    session: Session, ids: Sequence[int], target: str, targets: Sequence[str]
) -> None:
    """Note rows `ids` as delivered to `target`; remove those every target now has.

    With one target no mark is needed: the row goes at once, as before replicas.
    """
    if not ids:
        return
    if len(targets) > 1:
        already = set(
            session.scalars(
                select(SearchDelivery.outbox_id).where(
                    SearchDelivery.outbox_id.in_(ids), SearchDelivery.target == target
                )
            )
        )
        now = utcnow()
        fresh = [{"outbox_id": i, "target": target, "delivered_at": now}
                 for i in ids if i not in already]
        if fresh:
            session.execute(insert(SearchDelivery), fresh)
        done = list(
            session.scalars(
                select(SearchDelivery.outbox_id)
                .where(SearchDelivery.outbox_id.in_(ids), SearchDelivery.target.in_(targets))
                .group_by(SearchDelivery.outbox_id)
                .having(func.count() == len(set(targets)))
            )
        )
    else:
        done = list(ids)
    if done:
        # Marks first: SQLite enforces the cascade only with its foreign-key pragma on.
        session.execute(delete(SearchDelivery).where(SearchDelivery.outbox_id.in_(done)))
        session.execute(delete(SearchOutbox).where(SearchOutbox.id.in_(done)))


def sync_outbox(
    session: Session,
    engine: SearchEngine,
    target: str = DEFAULT_TARGET,
    batch: int = BATCH,
    targets: Sequence[str] | None = None,
) -> SyncReport:
    """Deliver the outbox rows `target` has not had yet, in bounded batches.

    No cursor decides what is new: on PostgreSQL ids are handed out before commit, so a
    transaction committing after a higher id was delivered would be skipped forever. Each
    row stays until every target in `targets` (default: `target` alone) has it; a mark per
    (row, target) makes each replica receive it exactly once. `FOR UPDATE SKIP LOCKED` lets
    several drainers share the work without delivering a row twice at once (SQLite
    serialises writers instead); the lock lasts until the marks are committed, so a second
    drainer never counts marks that are not yet visible.
    """
    every = tuple(targets) if targets else (target,)
    upserted = deleted = 0
    last_id = 0
    while True:
        rows = session.execute(
            select(SearchOutbox.id, SearchOutbox.offer_id)
            .where(_undelivered(target))
            .order_by(SearchOutbox.id)
            .limit(batch)
            .with_for_update(skip_locked=True, of=SearchOutbox)
        ).all()
        if not rows:
            break
        try:
            up, gone = deliver(session, engine, (r[1] for r in rows))
        except SearchError as exc:
            session.rollback()
            _note_sync(session, target, error=str(exc)[:2000])
            raise
        ids = [r[0] for r in rows]
        _mark_delivered(session, ids, target, every)
        last_id = max(last_id, ids[-1])
        upserted += up
        deleted += gone
        _note_sync(session, target, last_id=last_id)
        if len(rows) < batch:
            break
    if not last_id:
        session.commit()
    return SyncReport(upserted, deleted, last_id)


def sync_replicas(
    session: Session, replicas: Mapping[str, SearchEngine], batch: int = BATCH
) -> tuple[dict[str, SyncReport], dict[str, str]]:
    """Deliver the outbox to every replica; one that fails keeps its rows, the others go on.

    Returns the reports of the replicas that took their rows and the errors of the others.
    """
    names = tuple(replicas)
    reports: dict[str, SyncReport] = {}
    errors: dict[str, str] = {}
    for name, engine in replicas.items():
        try:
            reports[name] = sync_outbox(session, engine, target=name, batch=batch, targets=names)
        except SearchError as exc:
            log.warning("search replica %s did not take the outbox: %s", name, exc)
            errors[name] = str(exc)
    return reports, errors


def _note_sync(
    session: Session, target: str, *, last_id: int | None = None, error: str | None = None
) -> None:
    """Record a delivery (or its error) on the target's status row and commit."""
    cursor = session.get(SearchCursor, target)
    if cursor is None:
        cursor = SearchCursor(target=target, last_outbox_id=0)
        session.add(cursor)
    if error is not None:
        cursor.last_error = error
    else:
        # Informational only: what was delivered last, never what is skipped next.
        cursor.last_outbox_id = max(cursor.last_outbox_id or 0, last_id or 0)
        cursor.last_sync_at = utcnow()
        cursor.last_error = None
    session.commit()


def pending_count(session: Session, target: str | None = None) -> int:
    """Return how many outbox rows wait for `target` (for any target when None)."""
    query = select(func.count()).select_from(SearchOutbox)
    if target is not None:
        query = query.where(_undelivered(target))
    return int(session.scalar(query) or 0)


def pending_by_target(session: Session, targets: Iterable[str]) -> dict[str, int]:
    """Return the backlog of each target (replica): rows it has not received yet."""
    return {name: pending_count(session, name) for name in targets}


def last_sync(session: Session, target: str = DEFAULT_TARGET) -> datetime | None:
    """Return when `target` last received outbox rows."""
    cursor = session.get(SearchCursor, target)
    return cursor.last_sync_at if cursor else None


def reindex(
    session: Session,
    engine: SearchEngine,
    progress: Callable[[int, int], None] | None = None,
    target: str = DEFAULT_TARGET,
    targets: Sequence[str] | None = None,
) -> int:
    """Rebuild the index from every published offer, then swap it in; return the count.

    The rows the rebuild covers count as delivered to `target` only; other replicas in
    `targets` still receive them.
    """
    # Rows visible now are covered by the rebuild, which reads offers after this point; a row
    # committed later (even with a lower id) stays for the next delivery.
    covered = list(session.scalars(select(SearchOutbox.id).where(_undelivered(target))))
    total = int(
        session.scalar(select(func.count()).select_from(Offer).where(Offer.status == "published"))
        or 0
    )

    def documents():
        done = 0
        last_id = 0
        while True:
            batch = session.scalars(
                published_offers_query().where(Offer.id > last_id).order_by(Offer.id).limit(BATCH)
            ).all()
            if not batch:
                return
            for offer in batch:
                yield offer_to_document(session, offer)
            done += len(batch)
            last_id = batch[-1].id
            session.expunge_all()
            if progress:
                progress(done, total)

    engine.rebuild(documents())
    every = tuple(targets) if targets else (target,)
    for start in range(0, len(covered), BATCH):
        _mark_delivered(session, covered[start : start + BATCH], target, every)
    _note_sync(session, target, last_id=max(covered, default=0))
    return total
