"""Moderation rules the lifecycle tests leave open: the order of a change list, which field
an error names, and who the audit log says decided."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from aanbodplatform.models import AuditEvent, Offer
from aanbodplatform.services import moderation
from aanbodplatform.services.authz import ValidationFailed
from aanbodplatform.services.mail import list_outbox, read_message
from tests.factories import build_world, complete_offer
from tests.i18n_support import squash, tr
from tests.unit.test_moderation_pending_edits import _world_with_waiting_edit


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


_NOT_ACCEPTED = "Your offer “%(title)s” was not accepted"
_OFFLINE = "Your offer “%(title)s” is no longer published"


@pytest.mark.parametrize(
    ("status", "subject"),
    [
        ("submitted", _NOT_ACCEPTED),
        ("changes_requested", _NOT_ACCEPTED),
        ("published", _OFFLINE),
    ],
)
def test_a_refusal_is_audited_and_tells_the_organisation(
    app, session, status: str, subject: str
) -> None:
    world = build_world(session)
    moderator = world.users["moderator_in"]
    offer = complete_offer(session, world.org_a, title="Zwemmen A", status=status)
    session.commit()
    for item in list_outbox():
        item.path.unlink()
    moderation.reject(session, None, moderator, offer.id, "  Geen PNT-aanbod.  ")
    session.expire_all()
    offer = session.get(Offer, offer.id)
    event = _last_event(session, offer)
    assert (event.action, event.actor_id) == ("offer.rejected", moderator.id)
    assert (event.data["from"], event.data["to"], event.data["comment"]) == (
        status,
        "archived",
        "Geen PNT-aanbod.",
    )
    assert offer.status == "archived"
    items = list_outbox()
    assert items
    for item in items:
        assert squash(item.subject) == squash(
            tr(app, item.content_language, subject, title="Zwemmen A")
        )
        # The organisation reads the moderator's reason in the mail itself.
        body = read_message(item.path).get_body(preferencelist=("plain",)).get_content()
        assert "Geen PNT-aanbod." in body


def test_refusing_a_waiting_edit_is_audited_with_the_reason(session) -> None:
    world, offer = _world_with_waiting_edit(session)
    moderator = world.users["moderator_in"]
    moderation.reject(session, None, moderator, offer.id, "Niet duidelijk genoeg.")
    event = _last_event(session, offer)
    assert (event.action, event.actor_id, event.data["comment"]) == (
        "offer.edit_rejected",
        moderator.id,
        "Niet duidelijk genoeg.",
    )
