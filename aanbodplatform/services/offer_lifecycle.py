"""The offer lifecycle as data: which action moves an offer from which state, and who takes it.

States are the offer's status, except that a published offer with a waiting edit (sent
back or not) is in the state ``edit_waiting``: the moderator decides on the edit, the
published version stays online.  Services move statuses through `target`; pages ask
`allowed_actions` instead of deciding for themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

from aanbodplatform.models import Offer, User
from aanbodplatform.services.authz import InvalidTransition, is_member, is_moderator_for

MEMBER = "member"  # a member of the offer's organisation
MODERATOR = "moderator"  # a moderator of the offer's area, or an admin of the platform
SYSTEM = "system"  # the daily freshness run

STATES = ("draft", "submitted", "changes_requested", "published", "edit_waiting", "archived")


@dataclass(frozen=True)
class Transition:
    """One action: the states it starts from, the status it leads to, who takes it."""

    sources: frozenset[str]
    to: str
    role: str


def _t(sources: tuple[str, ...], to: str, role: str) -> Transition:
    return Transition(frozenset(sources), to, role)


_OPEN = ("draft", "submitted", "changes_requested", "published", "edit_waiting")

TRANSITIONS: dict[str, Transition] = {
    "submit": _t(("draft", "changes_requested"), "submitted", MEMBER),
    "archive": _t(_OPEN, "archived", MEMBER),
    # Confirming an offer that expired publishes it again (freshness checks it expired).
    "confirm_back": _t(("archived",), "published", MEMBER),
    "publish": _t(("submitted",), "published", MODERATOR),
    "request_changes": _t(("submitted",), "changes_requested", MODERATOR),
    "reject": _t(("submitted", "changes_requested"), "archived", MODERATOR),
    "unpublish": _t(("published",), "archived", MODERATOR),
    # The decisions on a waiting edit keep the published version online.
    "approve_edit": _t(("edit_waiting",), "published", MODERATOR),
    "return_edit": _t(("edit_waiting",), "published", MODERATOR),
    "refuse_edit": _t(("edit_waiting",), "published", MODERATOR),
    "expire": _t(("published", "edit_waiting"), "archived", SYSTEM),
}


def state_of(offer: Offer) -> str:
    """Return the offer's lifecycle state (its status, or ``edit_waiting``)."""
    fields = (offer.pending_changes or {}).get("fields") or {}
    if offer.status == "published" and fields:
        return "edit_waiting"
    return offer.status


def can(offer: Offer, action: str) -> bool:
    """Return True when `action` may start from the offer's current state."""
    transition = TRANSITIONS.get(action)
    return transition is not None and state_of(offer) in transition.sources


def target(offer: Offer, action: str) -> str:
    """Return the status `action` moves the offer to; raise InvalidTransition if it cannot."""
    if not can(offer, action):
        raise InvalidTransition(f"cannot {action} an offer in state {state_of(offer)}")
    return TRANSITIONS[action].to


def allowed_actions(offer: Offer, user: User | None) -> frozenset[str]:
    """Return the actions this user may take on the offer now (never the system's)."""
    roles = set()
    if is_member(user, offer.organisation_id):
        roles.add(MEMBER)
    if is_moderator_for(user, offer):
        roles.add(MODERATOR)
    actions = {name for name, t in TRANSITIONS.items() if t.role in roles and can(offer, name)}
    if "confirm_back" in actions:
        # Imported here: freshness reads offers through the editing services.
        from aanbodplatform.services.freshness import expired_by_freshness

        if not expired_by_freshness(offer):
            actions.discard("confirm_back")
    return frozenset(actions)
