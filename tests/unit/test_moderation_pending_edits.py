"""The waiting edit of a published offer: sent back, refused or published, with literal outcomes.

Each test states the whole expected state (status, live values, the waiting edit, the
history, the audit event and the search index) so that silently dropping the edit or
taking the live offer offline fails here.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from aanbodplatform.models import AuditEvent, Offer
from aanbodplatform.services import moderation, offer_editing
from aanbodplatform.services.authz import InvalidTransition
from search_index import SearchQuery
from tests.factories import build_world, complete_offer

EDITED_AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
DECIDED_AT = datetime(2026, 3, 3, 14, 30, tzinfo=UTC)
LIVE_EVIDENCE = "Deelnemers zitten in vaste groepjes van vijf met buren."
NEW_EVIDENCE = "Je zwemt in een vaste groep met dezelfde mensen, elke week."


def _world_with_waiting_edit(session):  # type: ignore[no-untyped-def]
    """Return (world, offer): a published offer of organisation A with a waiting edit."""
    world = build_world(session)
    live = complete_offer(session, world.org_a, title="Zwemmen A", status="published")
    session.commit()
    offer_editing.save_step(
        session,
        world.users["member_a"],
        live,
        "criteria",
        {
            "dutch_context": True,
            "dutch_context_evidence": live.dutch_context_evidence,
            "social_participation": True,
            "social_participation_evidence": NEW_EVIDENCE,
        },
        now=EDITED_AT,
    )
    return world, live


def _searchable_ids(app) -> set[str]:  # type: ignore[no-untyped-def]
    engine = app.extensions["search_engine"]
    return {h.document.id for h in engine.search(SearchQuery(criteria="all", page_size=50)).hits}


def _last_event(session, offer: Offer) -> AuditEvent:  # type: ignore[no-untyped-def]
    return session.scalars(
        select(AuditEvent)
        .where(AuditEvent.entity_type == "offer", AuditEvent.entity_id == offer.id)
        .order_by(AuditEvent.id.desc())
    ).first()


def _queue(session, world) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [
        (item.offer.title_nl, item.kind)
        for item in moderation.queue(session, world.users["moderator_in"])
    ]


def test_the_waiting_edit_is_queued_and_the_live_offer_unchanged(app, session) -> None:
    world, offer = _world_with_waiting_edit(session)
    assert offer.status == "published"
    assert offer.social_participation_evidence == LIVE_EVIDENCE
    assert offer.pending_changes == {
        "fields": {"social_participation_evidence": NEW_EVIDENCE},
        "by": world.users["member_a"].id,
        "at": EDITED_AT.isoformat(),
        "returned": None,
    }
    assert _queue(session, world) == [("Zwemmen A", "edit"), ("Praattafel A", "new")]  # oldest first
    assert str(offer.id) in _searchable_ids(app)


def test_asking_for_changes_keeps_the_edit_and_the_live_offer(app, session) -> None:
    world, offer = _world_with_waiting_edit(session)
    moderator = world.users["moderator_in"]
    moderation.request_changes(
        session, None, moderator, offer.id, "Zeg ook hoe vaak.", now=DECIDED_AT
    )
    session.expire_all()
    offer = session.get(Offer, offer.id)
    assert offer.status == "published"
    assert offer.social_participation_evidence == LIVE_EVIDENCE
    # The organisation's edit is kept, marked as returned with the moderator's comment.
    assert offer.pending_changes == {
        "fields": {"social_participation_evidence": NEW_EVIDENCE},
        "by": world.users["member_a"].id,
        "at": EDITED_AT.isoformat(),
        "returned": {
            "comment": "Zeg ook hoe vaak.",
            "by": moderator.id,
            "at": DECIDED_AT.isoformat(),
        },
    }
    # The editor shows the organisation its own edit to work on.
    assert offer_editing.current_values(offer)["social_participation_evidence"] == NEW_EVIDENCE
    event = _last_event(session, offer)
    assert (event.action, event.actor_id, event.data["from"], event.data["to"]) == (
        "offer.edit_returned",
        moderator.id,
        "published",
        "published",
    )
    assert [(c.from_status, c.to_status, c.comment) for c in offer.history][-1] == (
        "published",
        "published",
        "Zeg ook hoe vaak.",
    )
    # Back with the organisation: not in the moderators' queue, still online.
    assert _queue(session, world) == [("Praattafel A", "new")]
    assert str(offer.id) in _searchable_ids(app)


def test_a_returned_edit_saved_again_comes_back_to_the_queue(session) -> None:
    world, offer = _world_with_waiting_edit(session)
    moderation.request_changes(
        session, None, world.users["moderator_in"], offer.id, "Zeg ook hoe vaak.", now=DECIDED_AT
    )
    again = NEW_EVIDENCE + " Na het zwemmen drinken we samen iets."
    offer_editing.save_step(
        session,
        world.users["member_a"],
        offer,
        "criteria",
        {
            "dutch_context": True,
            "dutch_context_evidence": offer.dutch_context_evidence,
            "social_participation": True,
            "social_participation_evidence": again,
        },
        now=DECIDED_AT,
    )
    session.expire_all()
    offer = session.get(Offer, offer.id)
    assert offer.pending_changes["fields"] == {"social_participation_evidence": again}
    assert offer.pending_changes["returned"] is None
    assert offer.social_participation_evidence == LIVE_EVIDENCE
    assert _queue(session, world) == [("Zwemmen A", "edit"), ("Praattafel A", "new")]  # oldest first


def test_refusing_the_edit_keeps_the_live_offer_online(app, session) -> None:
    world, offer = _world_with_waiting_edit(session)
    moderator = world.users["moderator_in"]
    moderation.reject(session, None, moderator, offer.id, "Niet duidelijk genoeg.", now=DECIDED_AT)
    session.expire_all()
    offer = session.get(Offer, offer.id)
    assert offer.status == "published"
    assert offer.social_participation_evidence == LIVE_EVIDENCE
    assert offer.pending_changes is None
    event = _last_event(session, offer)
    assert (event.action, event.data["from"], event.data["to"], event.data["fields"]) == (
        "offer.edit_rejected",
        "published",
        "published",
        ["social_participation_evidence"],
    )
    assert _queue(session, world) == [("Praattafel A", "new")]
    assert str(offer.id) in _searchable_ids(app)


def test_publishing_the_edit_applies_it(app, session) -> None:
    world, offer = _world_with_waiting_edit(session)
    moderator = world.users["moderator_in"]
    moderation.publish(session, None, moderator, offer.id, now=DECIDED_AT)
    session.expire_all()
    offer = session.get(Offer, offer.id)
    assert offer.status == "published"
    assert offer.social_participation_evidence == NEW_EVIDENCE
    assert offer.pending_changes is None
    event = _last_event(session, offer)
    assert (event.action, event.data["from"], event.data["to"], event.data["fields"]) == (
        "offer.edit_approved",
        "published",
        "published",
        ["social_participation_evidence"],
    )
    assert _queue(session, world) == [("Praattafel A", "new")]
    assert str(offer.id) in _searchable_ids(app)


def test_nothing_to_decide_on_a_published_offer_without_edit(session) -> None:
    world = build_world(session)
    live = complete_offer(session, world.org_a, title="Zwemmen A", status="published")
    session.commit()
    moderator = world.users["moderator_in"]
    with pytest.raises(InvalidTransition):
        moderation.publish(session, None, moderator, live.id)
    with pytest.raises(InvalidTransition):
        moderation.request_changes(session, None, moderator, live.id, "Iets.")
