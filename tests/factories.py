"""The one set of test factories: people, organisations, offers, clients, sign-in and mail.

Every test builds its users, organisations and clients here (the handover, workspace and
client tests each had their own copies before).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.message import EmailMessage
from typing import Any

from sqlalchemy import select
from werkzeug.security import generate_password_hash

from aanbodplatform.models import (
    AuditEvent,
    Client,
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
#: Monday 2 February 2026, 10:00 Brussels time: no public holiday in the next three weeks.
MONDAY = datetime(2026, 2, 2, 9, 0, tzinfo=UTC)
_counter = {"n": 0}


def make_user(
    session: Any,
    role: str = "counsellor",
    *,
    email: str | None = None,
    name: str | None = None,
    office: str | None = "Gent",
    coordinator: bool = False,
    locale: str = "nl",
    confirmed: bool = True,
    password_hash: str = _FAST_HASH,
) -> User:
    """Add and commit a user with `role` (password PASSWORD); counsellors and guides get an office."""
    _counter["n"] += 1
    user = User(
        email=email or f"{role}{_counter['n']}@example.be",
        password_hash=password_hash,
        display_name=name
        or (email.split("@")[0].title() if email else f"{role.title()} {_counter['n']}"),
        role=role,
        locale=locale,
        office=office if role in ("counsellor", "guide") else None,
        is_coordinator=coordinator,
        email_confirmed_at=datetime.now(UTC) if confirmed else None,
    )
    session.add(user)
    session.commit()
    return user


def make_member(session: Any, offer: Offer, **kwargs: Any) -> User:
    """Add an organisation member of the offer's organisation."""
    user = make_user(session, "organisation_member", **kwargs)
    session.add(Membership(user=user, organisation_id=offer.organisation_id, state="member"))
    session.commit()
    return user


def add_contact(session: Any, offer: Offer, email: str = "contact@club.be") -> OfferContact:
    """Give the offer a contact person with an email address."""
    contact = OfferContact(offer_id=offer.id, name="Mieke Contact", email=email)
    session.add(contact)
    session.commit()
    return contact


def make_client(session: Any, owner: User, **fields: Any) -> Client:
    """Add a client of `owner` with plausible data."""
    _counter["n"] += 1
    values: dict[str, Any] = {
        "reference_code": f"KL-{_counter['n']:04d}",
        "first_name": "Olena",
        "languages": ["uk", "ru"],
        "preferred_locale": "uk",
        "dutch_level": "A1",
        "home_postcode": "9000",
        "weekdays": ["tue", "thu"],
        "dayparts": ["evening"],
        "status": "obliged",
        "contract_end_date": date(2027, 6, 30),
        "interests": ["football"],
        "email": "olena@example.org",
    }
    values.update(fields)
    client = Client(counsellor_id=owner.id, **values)
    session.add(client)
    session.commit()
    return client


def audit_actions(session: Any, entity_type: str, entity_id: int) -> list[str]:
    """Return the audited actions on one entity, oldest first."""
    return list(
        session.scalars(
            select(AuditEvent.action)
            .where(AuditEvent.entity_type == entity_type, AuditEvent.entity_id == entity_id)
            .order_by(AuditEvent.id)
        )
    )


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
    user = make_user(session, "moderator", email=email, locale=locale)
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
    """Sign `user` in on a Flask test client through the Flask-Login session (no form: fast)."""
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
        "member_a": make_user(session, "organisation_member", email="a@org-a.be"),
        "member_b": make_user(session, "organisation_member", email="b@org-b.be"),
        "counsellor": make_user(session, "counsellor", email="tb@agency.be"),
        "guide": make_user(session, "guide", email="gids@example.be"),
        "moderator_in": make_moderator(session, "mod@gent.be", nis=GENT),
        "moderator_out": make_moderator(session, "mod@antwerpen.be", nis=ANTWERPEN),
        "translator": make_user(session, "translator", email="vertaler@example.be"),
        "admin": make_user(session, "admin", email="admin@platform.be"),
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
