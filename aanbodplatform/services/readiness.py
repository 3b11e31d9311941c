"""Readiness of the search index: does it hold what the database has published?

The index may lag the database by at most the changes still waiting in the outbox; anything
beyond that (a missing, damaged, empty or stale index) makes the instance not ready.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from aanbodplatform.models import Offer
from aanbodplatform.services.search_sync import DEFAULT_TARGET, pending_by_target, pending_count
from search_index import SearchEngine
from search_index.index_status import CORRUPTED, MISSING, UNREACHABLE, index_status

#: Reasons a search index is not ready, as /readyz names them.
REASONS = ("missing", "corrupted", "unreachable", "empty", "stale")


@dataclass(frozen=True)
class SearchReadiness:
    """The index compared with the database's published offers and the outbox backlog."""

    ok: bool
    reason: str | None
    documents: int | None
    generation: int | None
    published: int
    pending: int
    detail: str = ""
    #: Rows each replica (outbox target) has not received yet.
    backlog: dict[str, int] = field(default_factory=dict)


def published_count(session: Session) -> int:
    """Return the number of published offers (what the index should hold)."""
    return int(
        session.scalar(select(func.count()).select_from(Offer).where(Offer.status == "published"))
        or 0
    )


def search_readiness(
    session: Session,
    engine: SearchEngine,
    target: str = DEFAULT_TARGET,
    targets: Sequence[str] = (),
) -> SearchReadiness:
    """Compare the index `engine` (outbox target `target`) with the database.

    Says why it is not ready when it is not; `backlog` gives every replica's pending rows.
    """
    status = index_status(engine)
    published = published_count(session)
    pending = pending_count(session, target)
    backlog = pending_by_target(session, targets or (target,))

    def result(reason: str | None) -> SearchReadiness:
        return SearchReadiness(
            ok=reason is None,
            reason=reason,
            documents=status.documents,
            generation=status.generation,
            published=published,
            pending=pending,
            detail=status.detail,
            backlog=backlog,
        )

    if status.state == MISSING:
        return result("missing")
    if status.state == CORRUPTED:
        return result("corrupted")
    if status.state == UNREACHABLE:
        return result("unreachable")
    documents = status.documents or 0
    # Every pending outbox row may add or remove one document; more difference than that
    # means changes were lost or the index belongs to another database.
    if documents == 0 and published > pending:
        return result("empty")
    if abs(documents - published) > pending:
        return result("stale")
    return result(None)
