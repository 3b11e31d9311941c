"""Accounts for the agency's and local governments' staff, created by an admin.

Counsellors, guides and moderators do not sign up themselves: an admin creates the
account (with office, region or moderation area) and the person receives a link to
choose a password. The address counts as confirmed because the admin vouches for it.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from aanbodplatform.config import Settings
from aanbodplatform.i18n import BY_TAG
from aanbodplatform.models import ModeratorScope, TranslatorLanguage, User, utcnow
from aanbodplatform.services import audit
from aanbodplatform.services.accounts import (
    find_by_email,
    hash_password,
    is_valid_email,
    normalise_email,
    request_password_reset,
)
from aanbodplatform.services.regions import municipalities, regions

STAFF_ROLES = ("counsellor", "guide", "moderator", "translator", "admin")


class StaffAccountError(ValueError):
    """The account cannot be created as asked; the message says why."""


@dataclass(frozen=True)
class StaffAccount:
    """What an admin asked for."""

    email: str
    display_name: str
    role: str
    locale: str = "nl"
    office: str | None = None
    region_code: str | None = None
    coordinator: bool = False
    scope_municipalities: Sequence[str] = ()
    scope_regions: Sequence[str] = ()
    translates_into: Sequence[str] = ()


def _validate(session: Session, wanted: StaffAccount) -> str:
    address = normalise_email(wanted.email)
    if not is_valid_email(address):
        raise StaffAccountError(f"email: {wanted.email!r} is not a valid email address")
    if find_by_email(session, address) is not None:
        raise StaffAccountError(f"email: an account for {address} already exists")
    if wanted.role not in STAFF_ROLES:
        raise StaffAccountError(f"role: {wanted.role!r} is not one of {', '.join(STAFF_ROLES)}")
    if not wanted.display_name.strip():
        raise StaffAccountError("name: give the person's name")
    if wanted.locale not in BY_TAG:
        raise StaffAccountError(f"locale: {wanted.locale!r} is not a UI language")
    known_regions = regions()
    for code in [wanted.region_code, *wanted.scope_regions]:
        if code and code not in known_regions:
            raise StaffAccountError(f"region: {code!r} is not a PNT region")
    for nis in wanted.scope_municipalities:
        if nis not in municipalities():
            raise StaffAccountError(f"municipality: {nis!r} is not a NIS code of Flanders or Brussels")
    if wanted.role in ("counsellor", "guide") and not (wanted.office and wanted.region_code):
        raise StaffAccountError("office/region: a counsellor or guide belongs to an office and a region")
    if wanted.role == "moderator" and not (wanted.scope_municipalities or wanted.scope_regions):
        raise StaffAccountError("scope: a moderator needs at least one municipality or region")
    for tag in wanted.translates_into:
        if tag not in BY_TAG or tag == "nl":
            raise StaffAccountError(f"translates-into: {tag!r} is not a UI language other than nl")
    if wanted.role == "translator" and not wanted.translates_into:
        raise StaffAccountError("translates-into: a translator needs at least one language")
    return address


def create_staff_account(
    session: Session, settings: Settings, admin: User | None, wanted: StaffAccount
) -> User:
    """Create a staff account with its office, region or moderation area; mail a password link."""
    if admin is not None and admin.role != "admin":
        raise StaffAccountError("only an admin creates staff accounts")
    address = _validate(session, wanted)
    user = User(
        email=address,
        # Nobody knows this password: the person chooses one through the mailed link.
        password_hash=hash_password(secrets.token_urlsafe(32)),
        display_name=wanted.display_name.strip()[:120],
        role=wanted.role,
        locale=wanted.locale,
        office=(wanted.office or "").strip()[:120] or None,
        region_code=wanted.region_code or None,
        is_coordinator=bool(wanted.coordinator),
        email_confirmed_at=utcnow(),
    )
    user.moderator_scopes = [ModeratorScope(municipality_nis=nis) for nis in wanted.scope_municipalities]
    user.moderator_scopes += [ModeratorScope(region_code=code) for code in wanted.scope_regions]
    session.add(user)
    session.flush()
    session.add_all(
        TranslatorLanguage(user_id=user.id, locale=tag)
        for tag in dict.fromkeys(wanted.translates_into)
    )
    audit.record(
        session,
        admin,
        "account.staff_created",
        user,
        {
            "role": user.role,
            "office": user.office,
            "region": user.region_code,
            "municipalities": list(wanted.scope_municipalities),
            "regions": list(wanted.scope_regions),
            "translates_into": list(wanted.translates_into),
        },
    )
    session.commit()
    request_password_reset(session, settings, address)
    return user
