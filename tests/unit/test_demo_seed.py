"""The demo catalogue: deterministic, spread over every region, varied, with an account per role."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash

from aanbodplatform.extensions import make_db_engine
from aanbodplatform.models import (
    ROLES,
    AuditEvent,
    Client,
    Handover,
    Location,
    Membership,
    ModeratorScope,
    Offer,
    OfferContact,
    OfferStatusChange,
    OfferTranslation,
    Organisation,
    Postcode,
    ScheduleSlot,
    User,
)
from aanbodplatform.seed.demo import (
    DEMO_PASSWORD,
    DEMO_REFERENCE_NOW,
    DemoReport,
    seed_demo,
)
from aanbodplatform.services import handovers as handover_service
from aanbodplatform.services.importer import kbo_is_valid
from aanbodplatform.services.mail import list_outbox, read_message
from aanbodplatform.services.regions import municipalities, regions
from aanbodplatform.services.taxonomy import get_taxonomy
from search_index import SearchQuery


def fresh_engine(template_instance: Path, folder: Path) -> Engine:
    """Return an engine on a fresh copy of the migrated database with reference data."""
    from tests import pg_support

    folder.mkdir()
    if template_instance in pg_support.DATABASE_URLS:
        return make_db_engine(pg_support.clone_database(template_instance))
    target = folder / "aanbodplatform.sqlite3"
    shutil.copy(template_instance / "aanbodplatform.sqlite3", target)
    return make_db_engine(f"sqlite:///{target}")


def snapshot(session: Session) -> list[tuple]:
    """Return everything that should be the same after two runs with one seed."""
    rows = []
    for offer in session.scalars(select(Offer).order_by(Offer.id)):
        rows.append(
            (
                offer.title_nl,
                offer.summary_nl,
                offer.description_nl,
                offer.organisation.name,
                offer.organisation.kbo_number,
                offer.organisation.lat,
                offer.organisation.lon,
                offer.status,
                offer.published_at,
                offer.confirmed_at,
                offer.dutch_level,
                tuple(
                    (loc.postcode, loc.municipality_nis, loc.lat, loc.lon)
                    for loc in offer.locations
                ),
                tuple((s.weekday, s.daypart, s.starts_at) for s in offer.slots),
                tuple((t.locale, t.title, t.summary) for t in offer.translations),
                tuple(offer.activity_codes),
                tuple((c.name, c.email) for c in offer.contacts),
            )
        )
    return rows


def count(session: Session, model, *where) -> int:  # type: ignore[no-untyped-def]
    """Return the number of rows of `model` matching `where`."""
    return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


@pytest.fixture
def seeded(session) -> DemoReport:  # type: ignore[no-untyped-def]
    """Seed the app's database with the default demo catalogue."""
    report = seed_demo(session)
    assert report is not None
    return report


def test_the_same_seed_gives_the_same_catalogue(
    app, template_instance: Path, tmp_path: Path  # app: the handovers' mails need its context
) -> None:
    snapshots = []
    for name in ("first", "second"):
        engine = fresh_engine(template_instance, tmp_path / name)
        with Session(engine) as session:
            # No time limit here: speed is measured in `make bench`, not asserted in a test.
            report = seed_demo(session, seed=7)
            assert report is not None and report.offers == 300
            snapshots.append(snapshot(session))
        engine.dispose()
    assert snapshots[0] == snapshots[1]

    engine = fresh_engine(template_instance, tmp_path / "other")
    with Session(engine) as session:
        seed_demo(session, seed=8)
        other = snapshot(session)
    engine.dispose()
    assert [row[:4] for row in other] != [row[:4] for row in snapshots[0]]


def test_the_report_and_the_counts(session, seeded: DemoReport) -> None:
    assert (seeded.offers, seeded.organisations, seeded.regions) == (300, 80, 18)
    assert count(session, Offer) == 300
    assert count(session, Organisation) == 80
    assert set(seeded.accounts) == set(ROLES)
    assert seeded.accounts["counsellor"] == "counsellor@demo.aanbodplatform.be"


def test_every_region_has_organisations_and_offers(session, seeded: DemoReport) -> None:
    info = municipalities()
    orgs_per_region = Counter(
        info[nis].region_code for nis in session.scalars(select(Organisation.municipality_nis))
    )
    offers_per_region = Counter(
        info[nis].region_code
        for nis in session.scalars(
            # One place per offer (min(): any one, and valid SQL on PostgreSQL too).
            select(func.min(Location.municipality_nis))
            .join(Offer, Offer.id == Location.offer_id)
            .where(Offer.status == "published")
            .group_by(Offer.id)
        )
    )
    for code in regions():
        assert orgs_per_region[code] >= 2, code
        assert offers_per_region[code] >= 3, code


def test_the_catalogue_is_varied(session, seeded: DemoReport) -> None:
    offers = list(session.scalars(select(Offer)))
    statuses = Counter(o.status for o in offers)
    assert statuses["published"] >= 240
    assert statuses["draft"] >= 3 and statuses["submitted"] >= 3
    not_eligible = [o for o in offers if not o.pnt_eligible]
    assert 0.03 * len(offers) <= len(not_eligible) <= 0.1 * len(offers)
    assert any(not o.dutch_context for o in not_eligible)
    assert any(not o.social_participation for o in not_eligible)
    translated = [o for o in offers if o.translations]
    assert 0.25 * len(offers) <= len(translated) <= 0.5 * len(offers)
    locales = Counter(t.locale for o in translated for t in o.translations)
    assert {"en", "fr", "ar", "uk", "tr"} <= set(locales) and len(locales) >= 8
    assert {t.translated_by for o in translated for t in o.translations} == {
        "organisation",
        "volunteer",
        "counsellor",
    }
    assert {o.offer_type for o in offers} == set(get_taxonomy().offer_types)
    assert {o.dutch_level for o in offers} == {"none", "A1", "A2", "B1"}
    assert any(o.schedule_kind == "by_arrangement" for o in offers)
    assert any(len(o.slots) >= 2 for o in offers)
    paid = [o for o in offers if not o.free]
    assert 0.05 * len(offers) <= len(paid) <= 0.3 * len(offers)
    assert all(o.cost_note for o in paid)
    assert 0.2 * len(offers) <= sum(o.wheelchair for o in offers) <= 0.5 * len(offers)
    assert 3 <= sum(len(o.locations) == 2 for o in offers) <= 0.15 * len(offers)
    assert all(len(o.locations) in (1, 2) for o in offers)
    with_capacity = [o for o in offers if o.capacity]
    assert with_capacity and all(0 <= o.places_free <= o.capacity for o in with_capacity)
    dated = [o for o in offers if o.start_date]
    assert dated and all(o.end_date is None or o.end_date >= o.start_date for o in dated)
    assert len({o.title_nl for o in offers}) >= 120


def test_offers_are_consistent(session, seeded: DemoReport) -> None:
    taxonomy = get_taxonomy()
    info = municipalities()
    postcodes = {(p.postcode, p.nis_code) for p in session.scalars(select(Postcode))}
    now = DEMO_REFERENCE_NOW
    stale = 0
    for offer in session.scalars(select(Offer)):
        assert len(offer.title_nl) <= 120 and len(offer.summary_nl) <= 300
        assert 2 <= offer.description_nl.count(". ") + 1 <= 5
        assert 1 <= len(offer.activity_codes) <= 3
        assert set(offer.activity_codes) <= set(taxonomy.activities)
        for location in offer.locations:
            assert 49.4 <= location.lat <= 51.6 and 2.5 <= location.lon <= 6.5
            assert location.municipality_nis in info
            assert (location.postcode, location.municipality_nis) in postcodes
            assert location.precision in ("address", "postcode")
            assert (location.street is not None) == (location.precision == "address")
        assert [c.email.endswith("@example.org") for c in offer.contacts] == [True]
        assert offer.contacts[0].signs_proof
        assert offer.insurance_note
        if offer.schedule_kind == "weekly":
            assert offer.slots
        if offer.status == "published":
            assert offer.published_at <= offer.confirmed_at <= now
            steps = [(h.from_status, h.to_status) for h in offer.history]
            assert steps == [(None, "submitted"), ("submitted", "published")]
            moderator = session.get(User, offer.history[1].actor_id)
            assert moderator.role in ("moderator", "admin")
            if offer.confirmed_at < now - timedelta(days=210):
                assert offer.confirmed_at > now - timedelta(days=400)
                stale += 1
        if offer.status == "draft":
            assert offer.published_at is None and offer.history == []
        if offer.dutch_context:
            assert len(offer.dutch_context_evidence) >= 20
        if offer.social_participation:
            assert len(offer.social_participation_evidence) >= 20
    assert 3 <= stale <= 30
    for org in session.scalars(select(Organisation)):
        assert org.kbo_number is None or kbo_is_valid(org.kbo_number)
        assert org.municipality_nis in info and org.postcode
        assert org.email.endswith(".example.org")
    assert 20 <= count(session, Organisation, Organisation.kbo_number.is_not(None)) <= 70


def test_accounts_clients_and_handovers(session, seeded: DemoReport) -> None:
    users = {u.role: u for u in session.scalars(select(User))}
    assert set(users) == set(ROLES)
    for role, user in users.items():
        assert user.email == seeded.accounts[role]
        assert user.email.endswith("@demo.aanbodplatform.be")
        assert check_password_hash(user.password_hash, DEMO_PASSWORD)
        assert user.is_active and user.email_confirmed_at is not None
    counsellor = users["counsellor"]
    assert counsellor.office == "Agentschap Integratie en Inburgering Gent"
    assert counsellor.region_code == "stad-gent"
    [scope] = session.scalars(select(ModeratorScope))
    assert (scope.user_id, scope.region_code) == (users["moderator"].id, "stad-gent")
    [membership] = session.scalars(select(Membership))
    assert membership.user_id == users["organisation_member"].id
    assert membership.is_admin and membership.state == "member"

    clients = list(session.scalars(select(Client).where(Client.counsellor_id == counsellor.id)))
    assert len(clients) >= 5
    assert len({c.reference_code for c in clients}) == len(clients)
    assert {c.status for c in clients} == {"obliged", "entitled", "exempt"}
    assert all(c.languages and c.home_postcode and c.first_name for c in clients)
    assert count(session, Client, Client.counsellor_id == users["guide"].id) >= 2
    # The demo moderator has an offer of the demo organisation waiting for review.
    waiting = session.scalars(
        select(Offer).where(
            Offer.organisation_id == membership.organisation_id, Offer.status == "submitted"
        )
    ).all()
    assert waiting

    handovers = {h.status: h for h in session.scalars(select(Handover))}
    assert set(handovers) == {"sent", "accepted"}
    for handover in handovers.values():
        offer = session.get(Offer, handover.offer_id)
        assert offer.status == "published"
        assert handover.organisation_id == membership.organisation_id == offer.organisation_id
        assert handover.consent_given and handover.counsellor_id == counsellor.id
        assert handover.sent_at == next(
            e.created_at for e in handover.events if e.to_status == "sent"
        )
    assert [e.to_status for e in handovers["sent"].events] == ["sent"]
    accepted = handovers["accepted"]
    assert [(e.from_status, e.to_status) for e in accepted.events] == [
        ("draft", "sent"),
        ("sent", "seen"),
        ("seen", "accepted"),
    ]
    assert accepted.events[-1].actor_id == users["organisation_member"].id
    assert accepted.appointment["date"] and accepted.appointment["time"]
    # Made through the handover service: the audit trail and the mails are real.
    actions = set(session.scalars(select(AuditEvent.action)))
    assert {"handover.send", "handover.mark_seen", "handover.accept", "link.issued"} <= actions
    contact_mails = [
        item for item in list_outbox() if "handover-link" in _plain_body(item)
    ]
    assert contact_mails, "the contact persons' mails with their links are in the outbox"
    found = re.search(r"/nl/handover-link/(\d+)/(\S+)", _plain_body(contact_mails[0]))
    assert found
    handover, _who = handover_service.open_with_link(
        session, None, int(found.group(1)), found.group(2)
    )
    assert handover.status in ("sent", "accepted")


def _plain_body(item) -> str:  # type: ignore[no-untyped-def]
    return read_message(item.path).get_body(("plain",)).get_content()


def test_if_empty_leaves_an_existing_catalogue_alone(session, seeded: DemoReport) -> None:
    assert seed_demo(session, if_empty=True) is None
    assert count(session, Offer) == 300
    # Without the flag a second run adds to the catalogue and reuses the accounts.
    again = seed_demo(session, offers=20, seed=99)
    assert again is not None and again.offers == 20
    assert count(session, Offer) == 320
    assert count(session, User) == len(ROLES)
    assert count(session, Handover) == 2


def test_a_small_catalogue_still_covers_every_region(session) -> None:
    now = datetime(2027, 5, 1, 8, 0, tzinfo=UTC)
    report = seed_demo(session, offers=40, seed=1, if_empty=True, now=now)
    assert report is not None
    assert (report.offers, report.regions) == (40, 18)
    assert report.organisations >= 37
    latest = session.scalar(select(func.max(Offer.confirmed_at)))
    assert now - timedelta(days=200) < latest <= now


def test_the_published_catalogue_is_searchable(app, session, seeded: DemoReport) -> None:
    engine = app.extensions["search_engine"]
    published = count(session, Offer, Offer.status == "published")
    eligible = count(
        session,
        Offer,
        Offer.status == "published",
        Offer.dutch_context.is_(True),
        Offer.social_participation.is_(True),
    )
    assert engine.search(SearchQuery(criteria="all")).total == published
    assert engine.search(SearchQuery()).total == eligible
    assert engine.search(SearchQuery(text="praattafel")).total >= 1
    assert count(session, OfferStatusChange) > published
    assert count(session, OfferTranslation) > 0 and count(session, ScheduleSlot) > 0
    assert count(session, OfferContact) == 300
