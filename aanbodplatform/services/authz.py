"""Domain errors and the role and scope checks every service uses.

Services check permissions themselves (not only views or templates), so a
forgotten check in a view cannot open another organisation's data.
"""

from __future__ import annotations

from collections.abc import Iterable

from aanbodplatform.models import Membership, Offer, Organisation, User
from aanbodplatform.services.regions import municipalities


class DomainError(Exception):
    """Base class of the errors services raise; views map them to HTTP answers."""


class PermissionDenied(DomainError):
    """The user may not do this (the view answers 403)."""


class NotFound(DomainError):
    """The record does not exist (the view answers 404)."""


class InvalidTransition(DomainError):
    """The record is not in a state that allows this action (the view answers 409)."""


class ValidationFailed(DomainError):
    """Input breaks a rule; `errors` maps a field name to a translated message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(", ".join(errors))
        self.errors = errors


def require_user(user: User | None) -> User:
    """Return `user` when signed in and active, else raise PermissionDenied."""
    if user is None or not getattr(user, "is_authenticated", True) or not user.is_active:
        raise PermissionDenied("sign-in required")
    return user


def active_membership(user: User | None, organisation_id: int) -> Membership | None:
    """Return the user's accepted membership of the organisation, if any."""
    if user is None:
        return None
    for membership in user.memberships:
        if membership.organisation_id == organisation_id and membership.state == "member":
            return membership
    return None


def is_member(user: User | None, organisation_id: int) -> bool:
    """Return True for accepted members of the organisation (and admins of the platform)."""
    if user is None:
        return False
    return user.role == "admin" or active_membership(user, organisation_id) is not None


def is_org_admin(user: User | None, organisation_id: int) -> bool:
    """Return True for the organisation's own admins (and admins of the platform)."""
    if user is None:
        return False
    if user.role == "admin":
        return True
    membership = active_membership(user, organisation_id)
    return membership is not None and membership.is_admin


def require_member(user: User | None, organisation: Organisation | int) -> User:
    """Return the user if a member of the organisation, else raise PermissionDenied."""
    org_id = organisation if isinstance(organisation, int) else organisation.id
    member = require_user(user)
    if not is_member(member, org_id):
        raise PermissionDenied("not a member of this organisation")
    return member


def require_org_admin(user: User | None, organisation: Organisation | int) -> User:
    """Return the user if an admin of the organisation, else raise PermissionDenied."""
    org_id = organisation if isinstance(organisation, int) else organisation.id
    admin = require_user(user)
    if not is_org_admin(admin, org_id):
        raise PermissionDenied("not an admin of this organisation")
    return admin


def moderator_area(user: User | None) -> frozenset[str] | None:
    """Return the NIS codes a moderator covers; None means everywhere (platform admins)."""
    if user is None:
        return frozenset()
    if user.role == "admin":
        return None
    if user.role != "moderator":
        return frozenset()
    codes: set[str] = set()
    by_region: dict[str, list[str]] = {}
    for info in municipalities().values():
        by_region.setdefault(info.region_code, []).append(info.nis_code)
    for scope in user.moderator_scopes:
        if scope.municipality_nis:
            codes.add(scope.municipality_nis)
        if scope.region_code:
            codes.update(by_region.get(scope.region_code, ()))
    return frozenset(codes)


def offer_municipalities(offer: Offer) -> set[str]:
    """Return the municipalities an offer happens in (its organisation's when it has no place)."""
    codes = {loc.municipality_nis for loc in offer.locations if loc.municipality_nis}
    if not codes and offer.organisation is not None and offer.organisation.municipality_nis:
        codes.add(offer.organisation.municipality_nis)
    return codes


def covers(area: frozenset[str] | None, codes: Iterable[str]) -> bool:
    """Return True when the area (None: everywhere) includes one of `codes`."""
    return area is None or bool(area.intersection(codes))


def is_moderator_for(user: User | None, offer: Offer) -> bool:
    """Return True when the user moderates an area the offer happens in."""
    if user is None or not user.has_role("moderator"):
        return False
    return covers(moderator_area(user), offer_municipalities(offer))


def require_moderator_for(user: User | None, offer: Offer) -> User:
    """Return the user if a moderator of the offer's area, else raise PermissionDenied."""
    moderator = require_user(user)
    if not is_moderator_for(moderator, offer):
        raise PermissionDenied("offer outside the moderator's area")
    return moderator


def require_moderator(user: User | None) -> User:
    """Raise PermissionDenied unless the user is a moderator (or platform admin)."""
    user = require_user(user)
    if not user.has_role("moderator"):
        raise PermissionDenied("moderators only")
    return user


def require_organisation_account(user: User | None) -> User:
    """Raise PermissionDenied unless the user works for organisations (or is a platform admin)."""
    user = require_user(user)
    if not user.has_role("organisation_member"):
        raise PermissionDenied("organisation accounts only")
    return user
