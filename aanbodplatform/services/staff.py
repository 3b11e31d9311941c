"""Accounts for the agency's and local governments' staff, created by an admin.

Counsellors, guides and moderators do not sign up themselves: an admin creates the
account (with office, region or moderation area) and the person receives a link to
choose a password. The address counts as confirmed because the admin vouches for it.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from aanbodplatform.config import Settings
from aanbodplatform.i18n import BY_TAG
from aanbodplatform.models import ModeratorScope, TranslatorLanguage, User, utcnow
from aanbodplatform.services import audit, mail
from aanbodplatform.services.accounts import (
    WELCOME_MAX_AGE,
    find_by_email,
    hash_password,
    is_valid_email,
    normalise_email,
    welcome_token,
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
    _validate_shape(wanted)
    return address


def _validate_shape(wanted: StaffAccount) -> None:
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
    send_welcome(settings, user, admin)
    return user


ROLE_CAN = {
    "counsellor": _l(
        "keep your clients' records, search offers together with them and introduce them to "
        "organisations (warm handover)"
    ),
    "guide": _l("help newcomers find offers and keep a list of offers with them"),
    "moderator": _l("check and publish the offers of your area"),
    "admin": _l("manage staff accounts and organisations, and check offers everywhere"),
}


def send_welcome(settings: Settings | None, user: User, admin: User | None) -> bool:
    """Mail a new staff member who made their account, what the role can do, and a link
    (valid 7 days) to choose a password."""
    token = welcome_token(settings or _current_settings(), user)
    return mail.send(
        mail.render(
            "staff_welcome",
            user,
            _l("An account was made for you on the aanbodplatform"),
            made_by=admin.display_name if admin is not None else None,
            role=user.role,
            role_can=ROLE_CAN.get(user.role, ""),
            link=mail.absolute_url("account.reset", settings, lang=user.locale, token=token),
            days=WELCOME_MAX_AGE // 86400,
        ),
        settings,
    )


def _current_settings() -> Settings:
    from flask import current_app

    return current_app.extensions["settings"]


# --- administration on the web ---------------------------------------------------------------


def _require_admin(admin: User | None) -> User:
    from aanbodplatform.services.authz import PermissionDenied, require_user

    user = require_user(admin)
    if user.role != "admin":
        raise PermissionDenied("admins only")
    return user


def find_users(
    session: Session, admin: User | None, *, text: str = "", role: str | None = None
) -> list[User]:
    """Return accounts matching a name or address and a role, by name (admins only)."""
    _require_admin(admin)
    query = select(User).options(
        selectinload(User.moderator_scopes), selectinload(User.memberships)
    )
    words = text.strip()[:100]
    if words:
        pattern = f"%{words.lower()}%"
        query = query.where(
            or_(func.lower(User.email).like(pattern), func.lower(User.display_name).like(pattern))
        )
    if role:
        query = query.where(User.role == role)
    return list(session.scalars(query.order_by(func.lower(User.display_name), User.id).limit(200)))


def get_user(session: Session, admin: User | None, user_id: int) -> User:
    """Return one account for an admin."""
    from aanbodplatform.services.authz import NotFound

    _require_admin(admin)
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("user")
    return user


def set_active(session: Session, admin: User | None, user_id: int, active: bool) -> User:
    """Disable or re-enable an account (never one's own)."""
    acting = _require_admin(admin)
    user = get_user(session, acting, user_id)
    if user.id == acting.id and not active:
        raise StaffAccountError("self: you cannot disable your own account")
    if user.is_active != active:
        user.is_active = active
        audit.record(session, acting, "account.enabled" if active else "account.disabled", user)
        session.commit()
    return user


def change_role(
    session: Session,
    admin: User | None,
    user_id: int,
    *,
    role: str,
    office: str | None = None,
    region_code: str | None = None,
    coordinator: bool = False,
    scope_municipalities: Sequence[str] = (),
    scope_regions: Sequence[str] = (),
) -> User:
    """Change a staff member's role and its office, region or moderation area."""
    acting = _require_admin(admin)
    user = get_user(session, acting, user_id)
    if user.role not in STAFF_ROLES:
        raise StaffAccountError("role: organisation accounts get their place through membership")
    if user.id == acting.id and role != "admin":
        raise StaffAccountError("self: you cannot take away your own admin role")
    wanted = StaffAccount(
        email=user.email,
        display_name=user.display_name,
        role=role,
        locale=user.locale,
        office=office,
        region_code=region_code,
        coordinator=coordinator,
        scope_municipalities=scope_municipalities,
        scope_regions=scope_regions,
    )
    _validate_shape(wanted)
    before = {"role": user.role, "office": user.office, "region": user.region_code}
    user.role = role
    user.office = (office or "").strip()[:120] or None if role in ("counsellor", "guide") else None
    user.region_code = region_code or None if role in ("counsellor", "guide") else None
    user.is_coordinator = bool(coordinator) and role == "counsellor"
    user.moderator_scopes = (
        [ModeratorScope(municipality_nis=nis) for nis in scope_municipalities]
        + [ModeratorScope(region_code=code) for code in scope_regions]
        if role == "moderator"
        else []
    )
    audit.record(
        session,
        acting,
        "account.role_changed",
        user,
        {
            "before": before,
            "role": role,
            "office": user.office,
            "region": user.region_code,
            "municipalities": list(scope_municipalities),
            "regions": list(scope_regions),
        },
    )
    session.commit()
    return user


def resend_invitation(
    session: Session, settings: Settings | None, admin: User | None, user_id: int
) -> User:
    """Send the welcome mail again with a fresh 7-day link."""
    acting = _require_admin(admin)
    user = get_user(session, acting, user_id)
    if not user.is_active:
        raise StaffAccountError("inactive: re-enable the account first")
    audit.record(session, acting, "account.invitation_resent", user)
    session.commit()
    send_welcome(settings, user, acting)
    return user


def moderator_scopes(session: Session, admin: User | None) -> list[User]:
    """Return the moderators with their areas, by name (admins only)."""
    _require_admin(admin)
    return list(
        session.scalars(
            select(User)
            .where(User.role == "moderator")
            .options(selectinload(User.moderator_scopes))
            .order_by(func.lower(User.display_name))
        )
    )


def municipality_code(name: str) -> str | None:
    """Return the NIS code of a municipality given by its (Dutch or French) name or code."""
    text = name.strip().casefold()
    if not text:
        return None
    for nis, info in municipalities().items():
        if text in (nis, info.name_nl.casefold(), (info.name_fr or "").casefold()):
            return nis
    return None


def region_code_for(name: str) -> str | None:
    """Return the code of a PNT region given by its name or code."""
    text = name.strip().casefold()
    if not text:
        return None
    for code, region_name in regions().items():
        if text in (code.casefold(), region_name.casefold()):
            return code
    return None
