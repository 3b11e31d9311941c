"""Moderation rules the lifecycle tests leave open: the order of a change list, which field
an error names, and who the audit log says decided."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from aanbodplatform.models import AuditEvent, Offer
from aanbodplatform.services import moderation
from aanbodplatform.services.authz import ValidationFailed
from tests.workspace_support import build_world, complete_offer


def _last_event(session, offer: Offer) -> AuditEvent:  # type: ignore[no-untyped-def]
    return session.scalars(
        select(AuditEvent)
        .where(AuditEvent.entity_type == "offer", AuditEvent.entity_id == offer.id)
        .order_by(AuditEvent.id.desc())
    ).first()


def test_snapshot_changes_lists_kept_then_new_then_removed_parts() -> None:
    before = {"title": "Zwemmen", "summary": "Oud", "place": "Gent", "same": 1}
    after = {"summary": "Nieuw", "title": "Zwemmen", "price": "gratis", "same": 1}
    assert moderation.snapshot_changes(before, after) == [
        ("summary", "Oud", "Nieuw"),
        ("price", None, "gratis"),
        ("place", "Gent", None),
    ]
    assert moderation.snapshot_changes(before, dict(before)) == []


@pytest.mark.parametrize("reason", ["", "   ", "x" * (moderation.MAX_COMMENT + 1)])
def test_a_refusal_needs_a_reason_of_reasonable_length(session, reason: str) -> None:
    world = build_world(session)
    offer = complete_offer(session, world.org_a, title="Zwemmen A", status="submitted")
    session.commit()
    with pytest.raises(ValidationFailed) as failed:
        moderation.reject(session, None, world.users["moderator_in"], offer.id, reason)
    assert list(failed.value.errors) == ["reason"]
    session.expire_all()
    assert session.get(Offer, offer.id).status == "submitted"


@pytest.mark.parametrize("comment", ["", "x" * (moderation.MAX_COMMENT + 1)])
def test_asking_for_changes_needs_a_comment(session, comment: str) -> None:
    world = build_world(session)
    offer = complete_offer(session, world.org_a, title="Zwemmen A", status="submitted")
    session.commit()
    with pytest.raises(ValidationFailed) as failed:
        moderation.request_changes(session, None, world.users["moderator_in"], offer.id, comment)
    assert list(failed.value.errors) == ["comment"]


@pytest.mark.parametrize(
    ("status", "action", "to_status"),
    [
        ("submitted", "offer.rejected", "archived"),
        ("published", "offer.rejected", "archived"),
    ],
)
def test_a_refusal_is_audited_with_the_moderator_and_the_reason(
    session, status: str, action: str, to_status: str
) -> None:
    world = build_world(session)
    moderator = world.users["moderator_in"]
    offer = complete_offer(session, world.org_a, title="Zwemmen A", status=status)
    session.commit()
    moderation.reject(session, None, moderator, offer.id, "  Geen PNT-aanbod.  ")
    session.expire_all()
    offer = session.get(Offer, offer.id)
    event = _last_event(session, offer)
    assert (event.action, event.actor_id) == (action, moderator.id)
    assert (event.data["from"], event.data["to"]) == (status, to_status)
    assert offer.status == to_status
