"""Organisations: creation (KBO check, geocoded address), members, invitations and the dashboard."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from aanbodplatform.config import Settings
from aanbodplatform.models import (
    Membership,
    Offer,
    OfferReport,
    OfferStatusChange,
    Organisation,
    User,
)
from aanbodplatform.services import audit, mail
from aanbodplatform.services.accounts import (
    INVITE_MAX_AGE,
    TokenError,
    find_by_email,
    is_valid_email,
    make_token,
    normalise_email,
    read_token,
)
from aanbodplatform.services.authz import (
    InvalidTransition,
    NotFound,
    PermissionDenied,
    ValidationFailed,
    covers,
    is_org_admin,
    moderator_area,
    require_member,
    require_org_admin,
    require_user,
)
from aanbodplatform.services.regions import municipalities

_URL = re.compile(r"^https?://[^\s/$.?#].[^\s]*$", re.IGNORECASE)
_PHONE = re.compile(r"^\+?[0-9 ./()\-]{6,40}$")


# --- KBO / enterprise numbers --------------------------------------------------------------


def normalise_kbo(value: str) -> str:
    """Return a KBO number as 10 digits: dots, spaces and a leading BE removed, 9 digits padded."""
    cleaned = re.sub(r"[\s.\-]", "", value or "")
    if cleaned[:2].upper() == "BE":
        cleaned = cleaned[2:]
    # A Dari or Pashto keyboard types ۰۴۰۳…, as the pages show the example number.
    cleaned = "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in cleaned)
    # Older numbers were written with 9 digits; the 10-digit form adds a leading 0.
    if len(cleaned) == 9 and cleaned.isdigit():
        cleaned = "0" + cleaned
    return cleaned


def kbo_check_digits(first_eight: str) -> int:
    """Return the two check digits of a KBO number: 97 - (first 8 digits mod 97)."""
    return 97 - int(first_eight) % 97


def is_valid_kbo(value: str) -> bool:
    """Return True when `value` is a KBO number (10 digits, starts 0 or 1) passing mod-97."""
    number = normalise_kbo(value)
    if not re.fullmatch(r"[01]\d{9}", number):
        return False
    return kbo_check_digits(number[:8]) == int(number[8:])


def format_kbo(number: str) -> str:
    """Return a 10-digit KBO number written as 0123.456.789."""
    return f"{number[:4]}.{number[4:7]}.{number[7:]}" if len(number) == 10 else number


# --- creating an organisation -------------------------------------------------------------


@dataclass(frozen=True)
class OrganisationInput:
    """What a person fills in to create an organisation."""

    name: str
    kbo_number: str = ""
    street: str = ""
    postcode: str = ""
    municipality: str = ""
    website: str = ""
    phone: str = ""
    email: str = ""
    description: str = ""


def _check_input(session: Session, data: OrganisationInput, own_id: int | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not data.name.strip():
        errors["name"] = str(_l("Enter the name of the organisation."))
    if data.kbo_number.strip():
        number = normalise_kbo(data.kbo_number)
        if not is_valid_kbo(number):
            errors["kbo_number"] = str(
                _l("This is not a valid enterprise number. It has 10 digits, like 0403.170.701.")
            )
        else:
            other = session.scalar(select(Organisation).where(Organisation.kbo_number == number))
            if other is not None and other.id != own_id:
                errors["kbo_number"] = str(
                    _l(
                        "An organisation with this enterprise number already exists. Ask to join it."
                    )
                )
    if data.postcode.strip() and not re.fullmatch(r"\d{4}", data.postcode.strip()):
        errors["postcode"] = str(_l("A postcode has 4 digits."))
    if data.website.strip() and not _URL.match(data.website.strip()):
        errors["website"] = str(_l("Enter a web address that starts with https://."))
    if data.phone.strip() and not _PHONE.match(data.phone.strip()):
        errors["phone"] = str(_l("Enter a phone number with digits only, like 09 123 45 67."))
    if data.email.strip() and not is_valid_email(normalise_email(data.email)):
        errors["email"] = str(_l("Enter an email address like name@example.be."))
    return errors


@dataclass(frozen=True)
class GeocodedAddress:
    """A point for an address with its precision and municipality."""

    lat: float
    lon: float
    precision: str
    municipality_nis: str | None
    postcode: str | None


@lru_cache(maxsize=4)
def _nominatim(user_agent: str) -> Any:
    from aanbodplatform.geo import NominatimGeocoder, default_gazetteer

    return NominatimGeocoder(user_agent, default_gazetteer())


def make_geocoder(settings: Settings) -> Any:
    """Return the geocoder the settings choose: the offline gazetteer or Nominatim."""
    if settings.geocoder == "nominatim":
        return _nominatim(settings.nominatim_user_agent)
    from aanbodplatform.geo import default_gazetteer

    return default_gazetteer()


def geocode_address(
    geocoder: Any, street: str, postcode: str, municipality: str
) -> GeocodedAddress | None:
    """Return the best point for an address: the full address first, then postcode or place."""
    street, postcode, municipality = street.strip(), postcode.strip(), municipality.strip()
    locality = " ".join(p for p in (postcode, municipality) if p)
    attempts = []
    if street and locality:
        attempts.append(f"{street}, {locality}")
    if locality:
        attempts.append(locality)
    if postcode:
        attempts.append(postcode)
    for query in attempts:
        found = geocoder.geocode(query, exactly_one=True)
        if found is None:
            continue
        raw = getattr(found, "raw", {}) or {}
        nis = raw.get("municipality_nis")
        if nis is None and postcode:
            # Nominatim does not know NIS codes: take the municipality from the postcode.
            from aanbodplatform.geo import default_gazetteer

            places = default_gazetteer().postcode(postcode)
            nis = places[0].municipality_nis if places else None
        return GeocodedAddress(
            lat=float(found.latitude),
            lon=float(found.longitude),
            precision=str(raw.get("precision", "postcode")),
            municipality_nis=nis if nis in municipalities() else None,
            postcode=raw.get("postcode") or (postcode or None),
        )
    return None


def create_organisation(
    session: Session, user: User | None, data: OrganisationInput, geocoder: Any
) -> Organisation:
    """Create an organisation with the user as its first admin; geocode its address."""
    user = require_user(user)
    if not user.has_role("organisation_member"):
        raise PermissionDenied("only organisation accounts create organisations")
    errors = _check_input(session, data, None)
    point = None
    if not errors and (data.postcode.strip() or data.municipality.strip()):
        point = geocode_address(geocoder, data.street, data.postcode, data.municipality)
        if point is None:
            errors["postcode"] = str(_l("We cannot find this address. Check the postcode."))
    if errors:
        raise ValidationFailed(errors)
    org = Organisation(
        name=data.name.strip()[:200],
        kbo_number=normalise_kbo(data.kbo_number) if data.kbo_number.strip() else None,
        street=data.street.strip() or None,
        postcode=data.postcode.strip() or None,
        municipality_nis=point.municipality_nis if point else None,
        lat=point.lat if point else None,
        lon=point.lon if point else None,
        website=data.website.strip() or None,
        phone=data.phone.strip() or None,
        email=normalise_email(data.email) or None,
        description=data.description.strip() or None,
    )
    session.add(org)
    org.memberships.append(Membership(user=user, is_admin=True, state="member"))
    session.flush()
    audit.record(session, user, "organisation.created", org, {"name": org.name})
    session.commit()
    return org


def get_organisation(session: Session, user: User | None, organisation_id: int) -> Organisation:
    """Return an organisation the user is a member of; raise NotFound or PermissionDenied."""
    org = session.get(Organisation, organisation_id)
    if org is None:
        raise NotFound("organisation")
    require_member(user, org)
    return org


def my_memberships(session: Session, user: User | None) -> list[Membership]:
    """Return the user's memberships (accepted, requested and invited), by organisation name."""
    user = require_user(user)
    if not user.has_role("organisation_member"):
        raise PermissionDenied("organisation accounts only")
    return list(
        session.scalars(
            select(Membership)
            .join(Organisation)
            .where(Membership.user_id == user.id)
            .options(selectinload(Membership.organisation))
            .order_by(Organisation.name)
        )
    )


def find_organisations(session: Session, text: str, limit: int = 20) -> list[Organisation]:
    """Return organisations whose name contains `text` (for "ask to join")."""
    words = text.strip()
    if len(words) < 2:
        return []
    pattern = "%" + words.replace("\\", "").replace("%", "").replace("_", "") + "%"
    return list(
        session.scalars(
            select(Organisation)
            .where(func.lower(Organisation.name).like(pattern.lower()))
            .order_by(Organisation.name)
            .limit(limit)
        )
    )


# --- members -------------------------------------------------------------------------------


def _admins(org: Organisation) -> list[User]:
    return [m.user for m in org.memberships if m.is_admin and m.state == "member"]


def _active_admins(org: Organisation) -> list[User]:
    return [u for u in _admins(org) if u.is_active]


def join_request_deciders(session: Session, org: Organisation) -> list[User]:
    """Return who decides requests to join: the organisation's admins.

    When it has none (yet), the platform admins and the moderators of the organisation's
    municipality decide, so a request never waits for nobody.
    """
    admins = _active_admins(org)
    if admins:
        return admins
    staff = session.scalars(
        select(User)
        .where(User.role.in_(("admin", "moderator")), User.is_active.is_(True))
        .options(selectinload(User.moderator_scopes))
        .order_by(User.id)
    )
    codes = {org.municipality_nis} if org.municipality_nis else set()
    return [
        u
        for u in staff
        if u.role == "admin" or (codes and covers(moderator_area(u), codes))
    ]


def may_decide_requests(session: Session, user: User | None, org: Organisation) -> bool:
    """Return True when the user may accept or refuse requests to join the organisation."""
    if user is None or not user.is_active:
        return False
    if is_org_admin(user, org.id):
        return True
    return not _active_admins(org) and any(
        u.id == user.id for u in join_request_deciders(session, org)
    )


def _require_decider(session: Session, user: User | None, org: Organisation) -> User:
    user = require_user(user)
    if not may_decide_requests(session, user, org):
        raise PermissionDenied("not allowed to decide requests to join")
    return user


def pending_requests(
    session: Session, user: User | None, organisation_id: int
) -> tuple[Organisation, list[Membership]]:
    """Return the organisation and its open requests to join, for someone who decides them."""
    org = session.get(Organisation, organisation_id)
    if org is None:
        raise NotFound("organisation")
    _require_decider(session, user, org)
    return org, [m for m in org.memberships if m.state == "requested"]


def _tell_requester(
    settings: Settings | None, membership: Membership, org: Organisation, accepted: bool
) -> None:
    requester = membership.user
    if not requester.is_active:
        return
    subject = (
        _l("You are now a member of %(organisation)s", organisation=org.name)
        if accepted
        else _l("Your request to join %(organisation)s was not accepted", organisation=org.name)
    )
    mail.send(
        mail.render(
            "join_decided",
            requester,
            subject,
            organisation=org,
            accepted=accepted,
            link=mail.absolute_url(
                "organisation.dashboard" if accepted else "organisation.join",
                settings,
                lang=requester.locale or "nl",
                **({"org_id": org.id} if accepted else {}),
            ),
        ),
        settings,
    )


def refuse_request(
    session: Session,
    settings: Settings | None,
    user: User | None,
    organisation_id: int,
    membership_id: int,
) -> None:
    """Refuse a request to join; the requester is told."""
    org = session.get(Organisation, organisation_id)
    if org is None:
        raise NotFound("organisation")
    _require_decider(session, user, org)
    membership = _membership(org, membership_id)
    if membership.state != "requested":
        raise InvalidTransition("not a request")
    org.memberships.remove(membership)
    session.delete(membership)
    audit.record(
        session, user, "organisation.join_refused", org, {"user_id": membership.user_id}
    )
    session.commit()
    _tell_requester(settings, membership, org, accepted=False)


def set_handover_recipient(
    session: Session,
    user: User | None,
    organisation_id: int,
    membership_id: int,
    receives: bool,
) -> Membership:
    """Choose whether a member is mailed about new handovers (organisation admins)."""
    org = session.get(Organisation, organisation_id)
    if org is None:
        raise NotFound("organisation")
    require_org_admin(user, org)
    membership = _membership(org, membership_id)
    if membership.state != "member":
        raise InvalidTransition("not a member")
    membership.receives_handovers = receives
    audit.record(
        session,
        user,
        "organisation.handover_recipient_set",
        org,
        {"user_id": membership.user_id, "receives": receives},
    )
    session.commit()
    return membership


def _membership(org: Organisation, membership_id: int) -> Membership:
    for membership in org.memberships:
        if membership.id == membership_id:
            return membership
    raise NotFound("membership")


def request_to_join(
    session: Session, settings: Settings, user: User | None, organisation_id: int
) -> Membership:
    """Ask to join an organisation; whoever decides (its admins, else staff) is told by email."""
    user = require_user(user)
    if not user.has_role("organisation_member"):
        raise PermissionDenied("only organisation accounts join organisations")
    org = session.get(Organisation, organisation_id)
    if org is None:
        raise NotFound("organisation")
    existing = next((m for m in org.memberships if m.user_id == user.id), None)
    if existing is not None:
        return existing
    membership = Membership(user=user, organisation=org, is_admin=False, state="requested")
    session.add(membership)
    session.flush()
    audit.record(session, user, "organisation.join_requested", org, {"user_id": user.id})
    session.commit()
    for admin in join_request_deciders(session, org):
        mail.send(
            mail.render(
                "join_request",
                admin,
                _l(
                    "%(name)s asks to join %(organisation)s",
                    name=user.display_name,
                    organisation=org.name,
                ),
                requester=user,
                organisation=org,
                dashboard_url=mail.absolute_url(
                    "organisation.requests", settings, lang=admin.locale, org_id=org.id
                ),
            ),
            settings,
        )
    return membership


def approve_member(
    session: Session,
    user: User | None,
    organisation_id: int,
    membership_id: int,
    settings: Settings | None = None,
) -> Membership:
    """Accept a join request (its deciders only); the requester is told."""
    org = session.get(Organisation, organisation_id)
    if org is None:
        raise NotFound("organisation")
    _require_decider(session, user, org)
    membership = _membership(org, membership_id)
    if membership.state != "requested":
        raise InvalidTransition("not a request")
    membership.state = "member"
    if not _active_admins(org):
        # The first member of an organisation without admins becomes its admin.
        membership.is_admin = True
    audit.record(
        session, user, "organisation.member_approved", org, {"user_id": membership.user_id}
    )
    session.commit()
    _tell_requester(settings, membership, org, accepted=True)
    return membership


def invite_member(
    session: Session, settings: Settings, user: User | None, organisation_id: int, email: str
) -> None:
    """Invite someone by email; the answer is the same whether the address has an account."""
    org = session.get(Organisation, organisation_id)
    if org is None:
        raise NotFound("organisation")
    user = require_org_admin(user, org)
    address = normalise_email(email)
    if not is_valid_email(address):
        raise ValidationFailed({"email": str(_l("Enter an email address like name@example.be."))})
    invitee = find_by_email(session, address)
    token = make_token(settings, "invite", {"org": org.id, "email": address})
    locale = invitee.locale if invitee is not None else user.locale
    if invitee is not None and not any(m.organisation_id == org.id for m in invitee.memberships):
        session.add(Membership(user=invitee, organisation=org, is_admin=False, state="invited"))
    audit.record(session, user, "organisation.member_invited", org, {"email": address})
    session.commit()
    recipient = invitee if invitee is not None else mail.Recipient(address, locale)
    mail.send(
        mail.render(
            "invitation",
            recipient,
            _l("You are invited to join %(organisation)s", organisation=org.name),
            organisation=org,
            inviter=user,
            has_account=invitee is not None,
            accept_url=mail.absolute_url(
                "organisation.accept_invitation", settings, lang=locale, token=token
            ),
            signup_url=mail.absolute_url("account.signup", settings, lang=locale),
            max_days=INVITE_MAX_AGE // 86400,
        ),
        settings,
    )


def accept_invitation(
    session: Session, settings: Settings, user: User | None, token: str
) -> Organisation:
    """Join the organisation of an invitation sent to the signed-in user's address."""
    user = require_user(user)
    payload = read_token(settings, "invite", token, INVITE_MAX_AGE)
    if not isinstance(payload, dict):
        raise TokenError(expired=False)
    if normalise_email(payload.get("email", "")) != normalise_email(user.email):
        raise PermissionDenied("invitation for another address")
    org = session.get(Organisation, int(payload.get("org", 0)))
    if org is None:
        raise NotFound("organisation")
    membership = next((m for m in org.memberships if m.user_id == user.id), None)
    if membership is None:
        membership = Membership(user=user, organisation=org, is_admin=False, state="member")
        session.add(membership)
    membership.state = "member"
    audit.record(session, user, "organisation.invitation_accepted", org, {"user_id": user.id})
    session.commit()
    return org


def accept_pending_invitation(
    session: Session, user: User | None, membership_id: int
) -> Organisation:
    """Accept an invitation shown on the user's own page (no link needed)."""
    user = require_user(user)
    membership = session.get(Membership, membership_id)
    if membership is None:
        raise NotFound("membership")
    if membership.user_id != user.id:
        raise PermissionDenied("another person's invitation")
    if membership.state != "invited":
        raise InvalidTransition("not an invitation")
    membership.state = "member"
    audit.record(
        session,
        user,
        "organisation.invitation_accepted",
        membership.organisation,
        {"user_id": user.id},
    )
    session.commit()
    return membership.organisation


def remove_member(
    session: Session, user: User | None, organisation_id: int, membership_id: int
) -> None:
    """Remove a member, request or invitation (organisation admins only; never the last admin)."""
    org = session.get(Organisation, organisation_id)
    if org is None:
        raise NotFound("organisation")
    require_org_admin(user, org)
    membership = _membership(org, membership_id)
    if membership.is_admin and membership.state == "member" and len(_admins(org)) <= 1:
        raise InvalidTransition("last admin")
    removed_user = membership.user_id
    org.memberships.remove(membership)
    session.delete(membership)
    audit.record(session, user, "organisation.member_removed", org, {"user_id": removed_user})
    session.commit()


# --- the dashboard -------------------------------------------------------------------------


@dataclass
class OfferRow:
    """One offer on the dashboard with its latest moderator comment and open reports."""

    offer: Offer
    last_change: OfferStatusChange | None
    open_reports: list[OfferReport] = field(default_factory=list)

    @property
    def pending_review(self) -> bool:
        """Return True when an edit of the published offer waits for a moderator."""
        return self.offer.pending_changes is not None


@dataclass
class Dashboard:
    """Everything an organisation's dashboard shows."""

    organisation: Organisation
    is_admin: bool
    offers: list[OfferRow]
    members: list[Membership]
    requests: list[Membership]


def dashboard(session: Session, user: User | None, organisation_id: int) -> Dashboard:
    """Return the organisation's offers (with comments and reports) and, for admins, its members."""
    org = get_organisation(session, user, organisation_id)
    offers = list(
        session.scalars(
            select(Offer)
            .where(Offer.organisation_id == org.id)
            .options(selectinload(Offer.history), selectinload(Offer.locations))
            .order_by(Offer.updated_at.desc(), Offer.id.desc())
        )
    )
    reports = _open_reports(session, [o.id for o in offers])
    rows = [
        OfferRow(
            offer=o,
            last_change=next((c for c in reversed(o.history) if c.comment), None),
            open_reports=reports.get(o.id, []),
        )
        for o in offers
    ]
    admin = is_org_admin(user, org.id)
    memberships = sorted(org.memberships, key=lambda m: (m.user.display_name or "").casefold())
    return Dashboard(
        organisation=org,
        is_admin=admin,
        offers=rows,
        members=[m for m in memberships if m.state in ("member", "invited")] if admin else [],
        requests=[m for m in memberships if m.state == "requested"] if admin else [],
    )


def _open_reports(session: Session, offer_ids: Iterable[int]) -> dict[int, list[OfferReport]]:
    ids = list(offer_ids)
    if not ids:
        return {}
    out: dict[int, list[OfferReport]] = {}
    for report in session.scalars(
        select(OfferReport)
        .where(OfferReport.offer_id.in_(ids), OfferReport.resolved_at.is_(None))
        .order_by(OfferReport.created_at)
    ):
        out.setdefault(report.offer_id, []).append(report)
    return out


def member_recipients(org: Organisation) -> list[User]:
    """Return the accepted members of an organisation, who get its offer emails."""
    return [m.user for m in org.memberships if m.state == "member" and m.user.is_active]
