"""Builders for counsellors, organisations, clients and handovers, shared by the handover tests."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.orm import Session

from aanbodplatform.models import Client, Membership, Offer, OfferContact, User

#: A fixed hash: these users never sign in with a password (tests log them in directly).
NO_PASSWORD = "scrypt:not-a-real-hash"
#: Monday 2 February 2026, 10:00 Brussels time: no public holiday in the next three weeks.
MONDAY = datetime(2026, 2, 2, 9, 0, tzinfo=UTC)
_counter = {"n": 0}


def make_user(
    session: Session,
    role: str = "counsellor",
    *,
    office: str | None = "Gent",
    coordinator: bool = False,
    locale: str = "nl",
    password_hash: str = NO_PASSWORD,
    email: str | None = None,
) -> User:
    """Create an active, confirmed user with `role`."""
    _counter["n"] += 1
    user = User(
        email=email or f"{role}{_counter['n']}@example.be",
        password_hash=password_hash,
        display_name=f"{role.title()} {_counter['n']}",
        role=role,
        locale=locale,
        office=office if role in ("counsellor", "guide") else None,
        is_coordinator=coordinator,
        email_confirmed_at=datetime.now(UTC),
    )
    session.add(user)
    session.commit()
    return user


def make_member(session: Session, offer: Offer, **kwargs: Any) -> User:
    """Create an organisation member of the offer's organisation."""
    user = make_user(session, "organisation_member", **kwargs)
    session.add(Membership(user=user, organisation_id=offer.organisation_id, state="member"))
    session.commit()
    return user


def add_contact(session: Session, offer: Offer, email: str = "contact@club.be") -> OfferContact:
    """Give the offer a contact person with an email address."""
    contact = OfferContact(offer_id=offer.id, name="Mieke Contact", email=email)
    session.add(contact)
    session.commit()
    return contact


def make_client(session: Session, owner: User, **fields: Any) -> Client:
    """Create a client of `owner` with plausible data."""
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


def login(http_client: Any, user: User) -> None:
    """Sign `user` in on a Flask test client through the Flask-Login session."""

    with http_client.session_transaction() as state:
        state["_user_id"] = user.get_id()
        state["_fresh"] = True
