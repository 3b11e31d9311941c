"""The audit trail: who did what to which record, and when."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from aanbodplatform.models import AuditEvent, User, utcnow


def record(
    session: Session,
    actor: User | None,
    action: str,
    entity: Any,
    data: dict[str, Any] | None = None,
    *,
    now: datetime | None = None,
) -> AuditEvent:
    """Add an audit event for `entity` (a model instance) done by `actor` (None: the system)."""
    if entity is not None and getattr(entity, "id", None) is None:
        # The event names the entity by id, which a new row only has once flushed.
        session.flush()
    event = AuditEvent(
        actor_id=actor.id if actor is not None else None,
        action=action,
        entity_type=getattr(entity, "__tablename__", type(entity).__name__.lower())
        if entity is not None
        else "system",
        entity_id=getattr(entity, "id", None),
        data=_plain(data or {}),
        created_at=now or utcnow(),
    )
    session.add(event)
    return event


def _plain(value: Any) -> Any:
    # JSON columns take only plain values: dates become ISO strings.
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value
