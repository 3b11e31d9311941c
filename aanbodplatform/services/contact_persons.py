"""The contact persons an organisation names to sign proofs (DOMAIN.md: the organisation decides).

A contact person is a record of the organisation, not free text, so a typo never splits
a proof; a buddy can be one without being a user. An offer's contact (`OfferContact`)
points to one of them; offers saved before contact persons existed are linked the
first time a proof needs them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from aanbodplatform.models import ContactPerson, OfferContact, Organisation, User
from aanbodplatform.services import audit
from aanbodplatform.services.accounts import is_valid_email, normalise_email
from aanbodplatform.services.authz import (
    NotFound,
    ValidationFailed,
    active_membership,
    require_member,
)

_PHONE = re.compile(r"^\+?[0-9 ./()-]{6,40}$")


@dataclass
class ContactPersonInput:
    """What an organisation fills in about a contact person."""

    name: str
    role: str = ""
    email: str = ""
    phone: str = ""


def _check(data: ContactPersonInput) -> ContactPersonInput:
    errors: dict[str, str] = {}
    name = " ".join((data.name or "").split())
    role = " ".join((data.role or "").split())
    email = normalise_email(data.email)
    phone = (data.phone or "").strip()
    if not name:
        errors["name"] = str(_l("Enter the name of the contact person."))
    elif len(name) > 120:
        errors["name"] = str(_l("Use at most %(num)d characters.", num=120))
    if len(role) > 120:
        errors["role"] = str(_l("Use at most %(num)d characters.", num=120))
    if email and not is_valid_email(email):
        errors["email"] = str(_l("Enter an email address like name@example.be."))
    if phone and not _PHONE.match(phone):
        errors["phone"] = str(_l("Enter a phone number like 09 123 45 67."))
    if not email and not phone and "email" not in errors:
        errors["email"] = str(_l("Give an email address or a phone number."))
    if errors:
        raise ValidationFailed(errors)
    return ContactPersonInput(name=name, role=role, email=email, phone=phone)


def list_contact_persons(
    session: Session, user: User | None, organisation_id: int, *, active_only: bool = False
) -> list[ContactPerson]:
    """Return the organisation's contact persons by name (members and counsellors)."""
    if user is None or user.role not in ("counsellor", "admin"):
        require_member(user, organisation_id)
    return organisation_contact_persons(session, organisation_id, active_only=active_only)


def organisation_contact_persons(
    session: Session, organisation_id: int, *, active_only: bool = False
) -> list[ContactPerson]:
    """Return an organisation's contact persons by name (no permission check: callers check)."""
    stmt = select(ContactPerson).where(ContactPerson.organisation_id == organisation_id)
    if active_only:
        stmt = stmt.where(ContactPerson.active.is_(True))
    return list(session.scalars(stmt.order_by(func.lower(ContactPerson.name), ContactPerson.id)))


def get_contact_person(session: Session, contact_person_id: int) -> ContactPerson:
    """Return one contact person or raise NotFound."""
    person = session.get(ContactPerson, contact_person_id)
    if person is None:
        raise NotFound("contact person")
    return person


def create_contact_person(
    session: Session, user: User | None, organisation_id: int, data: ContactPersonInput
) -> ContactPerson:
    """Add a contact person to the organisation (its members do this)."""
    require_member(user, organisation_id)
    if session.get(Organisation, organisation_id) is None:
        raise NotFound("organisation")
    clean = _check(data)
    person = ContactPerson(
        organisation_id=organisation_id,
        name=clean.name,
        role=clean.role or None,
        email=clean.email or None,
        phone=clean.phone or None,
    )
    session.add(person)
    session.flush()
    audit.record(session, user, "contact_person.created", person)
    session.commit()
    return person


def update_contact_person(
    session: Session,
    user: User | None,
    organisation_id: int,
    contact_person_id: int,
    data: ContactPersonInput,
    *,
    active: bool = True,
) -> ContactPerson:
    """Change a contact person; a changed email makes the old signing links stop working."""
    require_member(user, organisation_id)
    person = get_contact_person(session, contact_person_id)
    if person.organisation_id != organisation_id:
        raise NotFound("contact person")
    clean = _check(data)
    changed = [
        name
        for name, new in (
            ("name", clean.name),
            ("role", clean.role or None),
            ("email", clean.email or None),
            ("phone", clean.phone or None),
            ("active", active),
        )
        if getattr(person, name) != new
    ]
    person.name = clean.name
    person.role = clean.role or None
    person.email = clean.email or None
    person.phone = clean.phone or None
    person.active = active
    audit.record(session, user, "contact_person.updated", person, {"fields": changed})
    session.commit()
    return person


def is_contact_account(user: User | None, person: ContactPerson) -> bool:
    """Return True when `user` is this contact person signed in: a member with the same email."""
    if user is None or not user.is_active or not person.email:
        return False
    if normalise_email(user.email) != normalise_email(person.email):
        return False
    return active_membership(user, person.organisation_id) is not None


def person_for_offer_contact(session: Session, contact: OfferContact, organisation_id: int) -> ContactPerson:
    """Return the contact person an offer contact is, linking (or creating) one when needed."""
    if contact.contact_person_id is not None:
        person = session.get(ContactPerson, contact.contact_person_id)
        if person is not None:
            return person
    email = normalise_email(contact.email or "")
    candidates = organisation_contact_persons(session, organisation_id)
    person = next((p for p in candidates if email and normalise_email(p.email or "") == email), None)
    if person is None:
        person = next(
            (p for p in candidates if not email and p.name.casefold() == contact.name.casefold()),
            None,
        )
    if person is None:
        person = ContactPerson(
            organisation_id=organisation_id,
            name=contact.name,
            email=email or None,
            phone=contact.phone,
        )
        session.add(person)
        session.flush()
        audit.record(session, None, "contact_person.created", person, {"from_offer_contact": contact.id})
    contact.contact_person_id = person.id
    return person
