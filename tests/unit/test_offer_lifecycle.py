"""The offer lifecycle, written out literally: which action starts from which state, and who.

Expectations are typed here, not read from `offer_lifecycle.TRANSITIONS`.
"""

from __future__ import annotations

import pytest

from aanbodplatform.services import offer_lifecycle as lifecycle
from aanbodplatform.services.authz import InvalidTransition
from tests.factories import build_world, complete_offer

STATES = ("draft", "submitted", "changes_requested", "published", "edit_waiting", "archived")

#: action -> the states it starts from and the status it leads to (written out on purpose).
EXPECTED: dict[str, tuple[set[str], str]] = {
    "submit": ({"draft", "changes_requested"}, "submitted"),
    "archive": (
        {"draft", "submitted", "changes_requested", "published", "edit_waiting"},
        "archived",
    ),
    "confirm_back": ({"archived"}, "published"),
    "publish": ({"submitted"}, "published"),
    "request_changes": ({"submitted"}, "changes_requested"),
    "reject": ({"submitted", "changes_requested"}, "archived"),
    "unpublish": ({"published"}, "archived"),
    "approve_edit": ({"edit_waiting"}, "published"),
    "return_edit": ({"edit_waiting"}, "published"),
    "refuse_edit": ({"edit_waiting"}, "published"),
    "expire": ({"published", "edit_waiting"}, "archived"),
}

#: state -> what the organisation's member / the area's moderator may do there (not expired).
MEMBER_ACTIONS = {
    "draft": {"submit", "archive"},
    "submitted": {"archive"},
    "changes_requested": {"submit", "archive"},
    "published": {"archive"},
    "edit_waiting": {"archive"},
    "archived": set(),
}
MODERATOR_ACTIONS = {
    "draft": set(),
    "submitted": {"publish", "request_changes", "reject"},
    "changes_requested": {"reject"},
    "published": {"unpublish"},
    "edit_waiting": {"approve_edit", "return_edit", "refuse_edit"},
    "archived": set(),
}


class _Offer:
    """Just what the lifecycle reads of an offer."""

    def __init__(self, state: str) -> None:
        self.status = "published" if state == "edit_waiting" else state
        self.pending_changes = (
            {"fields": {"offer_type": "club"}, "returned": None} if state == "edit_waiting" else None
        )


def test_the_table_has_exactly_these_actions() -> None:
    assert set(lifecycle.TRANSITIONS) == set(EXPECTED)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("action", list(EXPECTED))
def test_every_action_in_every_state(action: str, state: str) -> None:
    offer = _Offer(state)
    sources, to = EXPECTED[action]
    if state in sources:
        assert lifecycle.target(offer, action) == to  # type: ignore[arg-type]
    else:
        with pytest.raises(InvalidTransition):
            lifecycle.target(offer, action)  # type: ignore[arg-type]


def test_a_returned_edit_still_waits_for_a_decision() -> None:
    offer = _Offer("published")
    offer.pending_changes = {"fields": {"offer_type": "club"}, "returned": {"comment": "x"}}
    assert lifecycle.state_of(offer) == "edit_waiting"  # type: ignore[arg-type]
    offer.pending_changes = {"fields": {}}
    assert lifecycle.state_of(offer) == "published"  # type: ignore[arg-type]


def _put_in(offer, state: str) -> None:  # type: ignore[no-untyped-def]
    offer.status = "published" if state == "edit_waiting" else state
    offer.pending_changes = (
        {"fields": {"offer_type": "club"}, "returned": None} if state == "edit_waiting" else None
    )


@pytest.mark.parametrize("state", STATES)
def test_who_may_do_what(session, state: str) -> None:
    world = build_world(session)
    offer = complete_offer(session, world.org_a, title="Zwemmen A", status="published")
    session.commit()
    _put_in(offer, state)
    users = world.users
    assert lifecycle.allowed_actions(offer, users["member_a"]) == MEMBER_ACTIONS[state]
    assert lifecycle.allowed_actions(offer, users["moderator_in"]) == MODERATOR_ACTIONS[state]
    # An admin of the platform is both; others may do nothing.
    assert lifecycle.allowed_actions(offer, users["admin"]) == (
        MEMBER_ACTIONS[state] | MODERATOR_ACTIONS[state]
    )
    for outsider in ("member_b", "moderator_out", "counsellor", "guide"):
        assert lifecycle.allowed_actions(offer, users[outsider]) == set(), outsider
    assert lifecycle.allowed_actions(offer, None) == set()
