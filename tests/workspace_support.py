"""Helpers for the organisation, editor and moderation tests (issue 6): people, organisations, offers, mail."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from typing import Any

from werkzeug.security import generate_password_hash

from aanbodplatform.models import (
    Location,
    Membership,
    ModeratorScope,
    Offer,
    OfferContact,
    OfferStatusChange,
    Organisation,
    ScheduleSlot,
    TranslatorLanguage,
    User,
)

PASSWORD = "correct horse battery"
# Hashing with scrypt is slow on purpose; tests that never check a password use this cheap one.
_FAST_HASH = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
GENT = "44021"
ANTWERPEN = "11002"


def make_user(
    session: Any,
    email: str,
    role: str = "organisation_member",
    *,
    locale: str = "nl",
    confirmed: bool = True,
    name: str | None = None,
) -> User:
    """Add a user (password PASSWORD) and flush."""
    user = User(
        email=email,
        password_hash=_FAST_HASH,
        display_name=name or email.split("@")[0].title(),
        role=role,
        locale=locale,
        email_confirmed_at=datetime.now(UTC) if confirmed else None,
    )
    session.add(user)
    session.flush()
    return user


def make_org(
    session: Any,
    name: str,
    *,
    admin: User | None = None,
    members: tuple[User, ...] = (),
    nis: str = GENT,
) -> Organisation:
    """Add an organisation with an admin and members and flush."""
    org = Organisation(name=name, municipality_nis=nis, postcode="9000")
    session.add(org)
    if admin is not None:
        org.memberships.append(Membership(user=admin, is_admin=True, state="member"))
    for member in members:
        org.memberships.append(Membership(user=member, is_admin=False, state="member"))
    session.flush()
    return org


def make_moderator(
    session: Any,
    email: str,
    *,
    nis: str | None = None,
    region: str | None = None,
    locale: str = "nl",
) -> User:
    """Add a moderator scoped to one municipality or one PNT region."""
    user = make_user(session, email, "moderator", locale=locale)
    user.moderator_scopes.append(ModeratorScope(municipality_nis=nis, region_code=region))
    session.flush()
    return user


def complete_offer(
    session: Any,
    org: Organisation,
    *,
    title: str = "Praattafel in de bib",
    status: str = "draft",
    nis: str = GENT,
    now: datetime | None = None,
) -> Offer:
    """Add an offer with everything submission needs, in `status`, and flush."""
    now = now or datetime.now(UTC)
    offer = Offer(
        organisation=org,
        offer_type="conversation_table",
        title_nl=title,
        summary_nl="Elke week Nederlands praten met vrijwilligers.",
        description_nl="We praten over het nieuws.",
        status=status,
        dutch_context=True,
        dutch_context_evidence="Vrijwilligers die vlot Nederlands spreken leiden elke tafel.",
        social_participation=True,
        social_participation_evidence="Deelnemers zitten in vaste groepjes van vijf met buren.",
        submitted_at=now if status in ("submitted", "published") else None,
        published_at=now if status == "published" else None,
        confirmed_at=now if status == "published" else None,
    )
    offer.locations = [
        Location(
            municipality_nis=nis, postcode="9000", lat=51.0543, lon=3.7174, precision="postcode"
        )
    ]
    offer.slots = [ScheduleSlot(weekday="tue", daypart="evening")]
    offer.contacts = [OfferContact(name="An Peeters", email="an@example.be", signs_proof=True)]
    offer.history = [OfferStatusChange(from_status=None, to_status=status)]
    session.add(offer)
    session.flush()
    return offer


def login(client: Any, user: User) -> None:
    """Sign `user` in on `client` without going through the form (fast)."""
    with client.session_transaction() as flask_session:
        flask_session["_user_id"] = user.get_id()
        flask_session["_fresh"] = True


def logout(client: Any) -> None:
    """Forget who is signed in on `client`."""
    with client.session_transaction() as flask_session:
        flask_session.clear()


def outbox(app: Any) -> list[EmailMessage]:
    """Return the parsed messages in the app's mail outbox, oldest first."""
    from aanbodplatform.services.mail import list_outbox, read_message

    return [read_message(item.path) for item in list_outbox(app.extensions["settings"])]


def html_part(message: EmailMessage) -> str:
    """Return the HTML part of a message."""
    part = message.get_body(preferencelist=("html",))
    return part.get_content() if part is not None else ""


def text_part(message: EmailMessage) -> str:
    """Return the plain-text part of a message."""
    part = message.get_body(preferencelist=("plain",))
    return part.get_content() if part is not None else ""


@dataclass
class World:
    """Two organisations with one offer each, and one person per role."""

    org_a: Organisation
    org_b: Organisation
    offer_a: Offer
    offer_b: Offer
    users: dict[str, User]


ROLES = (
    "anonymous",
    "member_a",
    "member_b",
    "counsellor",
    "guide",
    "moderator_in",
    "moderator_out",
    "translator",
    "admin",
)


def build_world(session: Any) -> World:
    """Create the world the authorisation matrix runs in (offer A in Gent, offer B in Antwerpen)."""
    users = {
        "member_a": make_user(session, "a@org-a.be"),
        "member_b": make_user(session, "b@org-b.be"),
        "counsellor": make_user(session, "tb@agency.be", "counsellor"),
        "guide": make_user(session, "gids@example.be", "guide"),
        "moderator_in": make_moderator(session, "mod@gent.be", nis=GENT),
        "moderator_out": make_moderator(session, "mod@antwerpen.be", nis=ANTWERPEN),
        "translator": make_user(session, "vertaler@example.be", "translator"),
        "admin": make_user(session, "admin@platform.be", "admin"),
    }
    session.add(TranslatorLanguage(user_id=users["translator"].id, locale="ar"))
    org_a = make_org(session, "Organisatie A", admin=users["member_a"])
    org_b = make_org(session, "Organisatie B", admin=users["member_b"], nis=ANTWERPEN)
    offer_a = complete_offer(session, org_a, title="Praattafel A", status="submitted")
    offer_b = complete_offer(
        session, org_b, title="Praattafel B", status="submitted", nis=ANTWERPEN
    )
    session.commit()
    return World(org_a, org_b, offer_a, offer_b, users)
