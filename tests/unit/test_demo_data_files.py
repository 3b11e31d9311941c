"""The demo content lives in data files and the seeder writes exactly the catalogue it always did.

The literal facts below were read from the database seeded by the demo code before its content
moved to `aanbodplatform/data/demo/`; they pin the default seed (2026, 300 offers).
"""

from __future__ import annotations

import json
from collections import Counter
from importlib import resources

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from aanbodplatform.models import (
    Client,
    Handover,
    Location,
    Offer,
    OfferActivity,
    OfferStatusChange,
    OfferTranslation,
    Organisation,
    ParticipationProof,
    ScheduleSlot,
    User,
)
from aanbodplatform.seed.demo import seed_demo
from aanbodplatform.seed.demo_content import demo_content

DATA_FILES = (
    "accounts.json",
    "kinds.json",
    "people.json",
    "templates.json",
    "texts.json",
    "translations.json",
)


def _count(session: Session, model) -> int:  # type: ignore[no-untyped-def]
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


def _stamp(value) -> str:  # type: ignore[no-untyped-def]
    """Return a datetime as text without its zone (SQLite and PostgreSQL store it differently)."""
    return value.replace(tzinfo=None).isoformat(sep=" ")


@pytest.fixture
def seeded(session) -> Session:  # type: ignore[no-untyped-def]
    """Seed the app's database with the default demo catalogue."""
    assert seed_demo(session) is not None
    return session


def test_the_content_is_plain_json_inside_the_package() -> None:
    folder = resources.files("aanbodplatform").joinpath("data", "demo")
    names = sorted(entry.name for entry in folder.iterdir() if entry.name.endswith(".json"))
    assert tuple(names) == DATA_FILES
    for name in names:
        assert isinstance(json.loads(folder.joinpath(name).read_text(encoding="utf-8")), dict)


def test_the_content_hangs_together() -> None:
    content = demo_content()
    assert (len(content.kinds), len(content.templates), len(content.translations)) == (43, 101, 34)
    # Every template an organisation kind offers exists, and every template is offered.
    offered = {key for kind in content.kinds.values() for key in kind.templates}
    assert offered == set(content.templates)
    assert set(content.translations) <= set(content.templates)
    # Exactly the ineligible templates say which criterion they fail.
    ineligible = {key for key, template in content.templates.items() if not template.eligible}
    assert ineligible == set(content.not_eligible)
    assert {t.when for t in content.templates.values()} <= set(content.when)
    assert content.times["evening"][0][0].isoformat() == "19:00:00"
    assert [a.role for a in content.accounts] == [
        "organisation_member", "counsellor", "moderator", "admin", "guide", "translator",
    ]  # fmt: skip


def test_the_default_seed_writes_the_same_catalogue_as_before(seeded: Session) -> None:
    session = seeded
    counts = {
        model.__name__: _count(session, model)
        for model in (
            Offer, Organisation, Location, ScheduleSlot, OfferTranslation, OfferActivity,
            OfferStatusChange, User, Client, Handover, ParticipationProof,
        )
    }  # fmt: skip
    assert counts == {
        "Offer": 300,
        "Organisation": 80,
        "Location": 317,
        "ScheduleSlot": 402,
        "OfferTranslation": 393,
        "OfferActivity": 465,
        "OfferStatusChange": 550,
        "User": 6,
        "Client": 8,
        "Handover": 2,
        "ParticipationProof": 9,
    }
    statuses = Counter(session.scalars(select(Offer.status)))
    assert statuses == {"published": 263, "draft": 18, "submitted": 14, "changes_requested": 5}


def test_the_first_offer_has_every_field_it_had(seeded: Session) -> None:
    offer = seeded.scalars(select(Offer).order_by(Offer.id).limit(1)).one()
    assert offer.organisation.name == "Vzw Buurtwerk De Brug"
    assert (offer.organisation.street, offer.organisation.postcode) == ("Molenstraat 58", "9041")
    assert offer.organisation.phone == "08 786 80 72"
    assert offer.title_nl == "Samen koken in het buurthuis"
    assert offer.summary_nl == (
        "Elke week koken we met buren een maaltijd en eten we samen aan één grote tafel."
    )
    assert offer.description_nl == (
        "Iedereen brengt een recept mee en we verdelen de taken: snijden, roeren, tafel dekken. "
        "Zo leer je de buurt en haar bewoners beter kennen."
    )
    assert (offer.offer_type, offer.status, offer.dutch_level) == ("neighbourhood", "published", "B1")
    assert offer.dutch_context_evidence == (
        "Onze vrijwilligers zijn Nederlandstalig en kregen een vorming over helder Nederlands "
        "praten met anderstaligen."
    )
    assert offer.social_participation_evidence == (
        "Je komt in contact met bezoekers, bewoners of klanten en met de andere vrijwilligers."
    )
    assert offer.insurance_note == (
        "Deelnemers zijn verzekerd tijdens de activiteit; vraag gerust naar de polis."
    )
    assert (offer.free, offer.cost_note) == (
        False,
        "Bijdrage van € 3 per keer voor eten, koffie en materiaal.",
    )
    assert offer.wheelchair is True
    assert offer.accessibility_note == "Toegankelijk met rolstoel via de zij-ingang; er is een lift."
    assert offer.schedule_kind == "weekly"
    assert sorted(
        (slot.weekday, slot.daypart, slot.starts_at and slot.starts_at.isoformat())
        for slot in offer.slots
    ) == [("fri", "evening", "19:30:00"), ("mon", "evening", None)]
    assert [(loc.name, loc.street, loc.postcode) for loc in offer.locations] == [
        ("Vzw Buurtwerk De Brug", "Molenstraat 58", "9041"),
        ("Ontmoetingsruimte Gent", "Gildestraat 49", "9042"),
    ]
    assert [(c.name, c.email, c.phone) for c in offer.contacts] == [
        ("Annelies De Smet", "annelies.desmet@example.org", "0492 19 34 81")
    ]
    assert offer.activity_codes == ["cooking"]
    assert {t.locale: t.title for t in offer.translations} == {
        "ar": "الطبخ معًا في المركز المجتمعي للحي",
        "en": "Cooking together at the community centre",
        "fr": "Cuisiner ensemble à la maison de quartier",
    }
    assert _stamp(offer.published_at) == "2025-09-02 01:16:00"
    assert _stamp(offer.confirmed_at) == "2026-10-16 00:51:00"


def test_the_first_client_comes_from_the_accounts_file(seeded: Session) -> None:
    client = seeded.scalars(select(Client).order_by(Client.id).limit(1)).one()
    assert (client.reference_code, client.first_name, client.preferred_locale) == (
        "GNT-2026-0141",
        "Amina",
        "ar",
    )
    assert (client.languages, client.weekdays, client.interests) == (
        ["ar", "fr"],
        ["tue", "thu"],
        ["cooking", "children"],
    )
    assert client.contract_end_date.isoformat() == "2027-05-18"
