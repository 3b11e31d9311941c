"""Clients: scoping, validation, archive and anonymisation, export and erasure, shortlists, settings."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from aanbodplatform.config import ConfigError, load_settings
from aanbodplatform.models import AuditEvent, Client, ClientShortlistItem, Handover
from aanbodplatform.services import clients as svc
from aanbodplatform.services import shortlists
from aanbodplatform.services.authz import NotFound, PermissionDenied, ValidationFailed
from aanbodplatform.services.handovers import HandoverInput, submit_handover
from aanbodplatform.services.mail import list_outbox, read_message
from aanbodplatform.services.retention import months_before
from tests.conftest import test_env
from tests.factories import MONDAY, add_contact, audit_actions, make_client, make_member, make_user


def _input(**changes: object) -> svc.ClientInput:
    values: dict[str, object] = {
        "reference_code": "GT-2026-001",
        "first_name": "  Amina  ",
        "languages": ["ar", "fr"],
        "preferred_locale": "ar",
        "dutch_level": "A2",
        "home_postcode": "9000",
        "weekdays": ["wed", "mon"],
        "dayparts": ["morning"],
        "status": "entitled",
        "interests": ["cooking"],
        "email": "Amina@Example.org",
    }
    values.update(changes)
    return svc.ClientInput(**values)  # type: ignore[arg-type]


# --- settings ----------------------------------------------------------------------------


def test_retention_settings_have_defaults(tmp_path: Path) -> None:
    settings = load_settings(test_env(tmp_path))
    assert settings.handover_retention_months == 24
    assert settings.client_anonymise_after_months == 12


def test_retention_settings_are_read(tmp_path: Path) -> None:
    settings = load_settings(
        test_env(tmp_path, HANDOVER_RETENTION_MONTHS="36", CLIENT_ANONYMISE_AFTER_MONTHS="6")
    )
    assert (settings.handover_retention_months, settings.client_anonymise_after_months) == (36, 6)


@pytest.mark.parametrize("variable", ["HANDOVER_RETENTION_MONTHS", "CLIENT_ANONYMISE_AFTER_MONTHS"])
@pytest.mark.parametrize("value", ["0", "121", "twelve", "1.5", "-3"])
def test_bad_retention_settings_name_the_variable(
    tmp_path: Path, variable: str, value: str
) -> None:
    with pytest.raises(ConfigError, match=variable):
        load_settings(test_env(tmp_path, **{variable: value}))


def test_months_before_clamps_the_day() -> None:
    assert months_before(datetime(2026, 3, 31, tzinfo=UTC), 1) == datetime(2026, 2, 28, tzinfo=UTC)
    assert months_before(datetime(2026, 1, 15, tzinfo=UTC), 24) == datetime(2024, 1, 15, tzinfo=UTC)
    assert months_before(datetime(2024, 3, 30, tzinfo=UTC), 13) == datetime(2023, 2, 28, tzinfo=UTC)


# --- create, update, list ----------------------------------------------------------------


def test_counsellor_creates_a_client_with_clean_data(session) -> None:
    counsellor = make_user(session)
    client = svc.create_client(session, counsellor, _input())
    assert client.counsellor_id == counsellor.id
    assert client.first_name == "Amina"
    assert client.weekdays == ["mon", "wed"]  # calendar order
    assert client.email == "amina@example.org"
    assert audit_actions(session, "client", client.id) == ["client.created"]


def test_guide_keeps_clients_too(session) -> None:
    guide = make_user(session, "guide")
    assert svc.create_client(session, guide, _input()).counsellor_id == guide.id


@pytest.mark.parametrize("role", ["organisation_member", "moderator", "admin"])
def test_other_roles_keep_no_clients(session, role: str) -> None:
    user = make_user(session, role)
    with pytest.raises(PermissionDenied):
        svc.create_client(session, user, _input())
    with pytest.raises(PermissionDenied):
        svc.list_clients(session, user)


def test_visitors_keep_no_clients(session) -> None:
    with pytest.raises(PermissionDenied):
        svc.create_client(session, None, _input())


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"reference_code": ""}, "reference_code"),
        ({"reference_code": "85.07.30-033.28"}, "reference_code"),
        ({"reference_code": "85073003328"}, "reference_code"),
        ({"reference_code": "with space"}, "reference_code"),
        ({"first_name": "x" * 61}, "first_name"),
        ({"languages": ["klingon"]}, "languages"),
        ({"preferred_locale": "de"}, "preferred_locale"),
        ({"dutch_level": "C2"}, "dutch_level"),
        ({"home_postcode": "90000"}, "home_postcode"),
        ({"home_postcode": "0000"}, "home_postcode"),
        ({"weekdays": ["someday"]}, "availability"),
        ({"dayparts": ["night"]}, "availability"),
        ({"status": "citizen"}, "status"),
        ({"interests": ["skydiving"]}, "interests"),
        ({"email": "not-an-address"}, "email"),
    ],
)
def test_invalid_client_data_is_refused_per_field(session, changes, field) -> None:
    counsellor = make_user(session)
    with pytest.raises(ValidationFailed) as caught:
        svc.create_client(session, counsellor, _input(**changes))
    assert field in caught.value.errors


def test_reference_codes_are_unique_per_counsellor(session) -> None:
    first, second = make_user(session), make_user(session)
    svc.create_client(session, first, _input())
    with pytest.raises(ValidationFailed) as caught:
        svc.create_client(session, first, _input())
    assert "reference_code" in caught.value.errors
    # Another counsellor may use the same code for their own client.
    svc.create_client(session, second, _input())


def test_update_audits_the_changed_field_names_not_values(session) -> None:
    counsellor = make_user(session)
    client = svc.create_client(session, counsellor, _input())
    svc.update_client(session, counsellor, client.id, _input(first_name="Amira", dutch_level="B1"))
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "client.updated")).one()
    assert event.data == {"fields": ["dutch_level", "first_name"]}
    assert "Amira" not in json.dumps(event.data)


def test_only_the_owner_and_the_office_coordinator_see_a_client(session, make_offer) -> None:
    owner = make_user(session, office="Gent")
    colleague = make_user(session, office="Gent")
    coordinator = make_user(session, office="Gent", coordinator=True)
    other_coordinator = make_user(session, office="Antwerpen", coordinator=True)
    moderator = make_user(session, "moderator")
    member = make_member(session, make_offer())
    client = make_client(session, owner)

    assert svc.get_client(session, owner, client.id) is client
    assert svc.get_client(session, coordinator, client.id) is client
    for outsider in (colleague, other_coordinator, moderator, member):
        with pytest.raises(PermissionDenied):
            svc.get_client(session, outsider, client.id)
    assert [c.id for c in svc.list_clients(session, owner)] == [client.id]
    assert [c.id for c in svc.list_clients(session, coordinator)] == [client.id]
    assert svc.list_clients(session, colleague) == []
    assert svc.list_clients(session, other_coordinator) == []


def test_coordinator_may_update_and_archive_office_clients(session) -> None:
    owner = make_user(session, office="Gent")
    coordinator = make_user(session, office="Gent", coordinator=True)
    client = make_client(session, owner)
    svc.archive_client(session, coordinator, client.id)
    assert client.archived_at is not None


def test_missing_client_is_not_found(session) -> None:
    with pytest.raises(NotFound):
        svc.get_client(session, make_user(session), 999)


# --- archive and anonymise ---------------------------------------------------------------


def test_archived_clients_leave_the_active_list(session) -> None:
    counsellor = make_user(session)
    client = make_client(session, counsellor)
    svc.archive_client(session, counsellor, client.id)
    assert svc.list_clients(session, counsellor) == []
    assert [c.id for c in svc.list_clients(session, counsellor, archived=True)] == [client.id]
    svc.restore_client(session, counsellor, client.id)
    assert [c.id for c in svc.list_clients(session, counsellor)] == [client.id]
    assert audit_actions(session, "client", client.id)[-2:] == ["client.archived", "client.restored"]


def test_archived_clients_are_anonymised_after_the_set_time(session, make_offer) -> None:
    counsellor = make_user(session)
    offer = make_offer()
    archived_long_ago = make_client(
        session, counsellor, archived_at=datetime(2025, 1, 1, tzinfo=UTC)
    )
    archived_lately = make_client(
        session, counsellor, archived_at=datetime(2025, 12, 1, tzinfo=UTC)
    )
    active = make_client(session, counsellor)
    session.add(ClientShortlistItem(client_id=archived_long_ago.id, offer_id=offer.id))
    session.commit()

    now = datetime(2026, 2, 2, tzinfo=UTC)
    assert svc.anonymise_archived_clients(session, now, 12) == 1
    assert archived_long_ago.anonymised_at == now
    assert archived_long_ago.first_name is None and archived_long_ago.email is None
    assert archived_long_ago.languages == [] and archived_long_ago.home_postcode is None
    assert archived_long_ago.reference_code == f"anon-{archived_long_ago.id}"
    assert session.scalars(select(ClientShortlistItem)).all() == []
    assert archived_lately.anonymised_at is None and active.anonymised_at is None
    assert "client.anonymised" in audit_actions(session, "client", archived_long_ago.id)
    # Running it again changes nothing.
    assert svc.anonymise_archived_clients(session, now, 12) == 0
    # An anonymised client is gone for everyone.
    with pytest.raises(NotFound):
        svc.get_client(session, counsellor, archived_long_ago.id)


def test_anonymising_a_client_erases_their_handovers(session, make_offer) -> None:
    counsellor = make_user(session)
    offer = make_offer()
    add_contact(session, offer)
    client = make_client(session, counsellor)
    handover = submit_handover(
        session,
        None,
        counsellor,
        client.id,
        offer.id,
        HandoverInput(wishes="Voetballen", consent_given=True, consent_date=MONDAY.date()),
        now=MONDAY,
    ).handover
    svc.archive_client(session, counsellor, client.id, now=MONDAY)
    svc.anonymise_archived_clients(session, datetime(2027, 3, 1, tzinfo=UTC), 12)
    session.refresh(handover)
    assert handover.status == "withdrawn"
    assert handover.client_id is None and handover.shared_data == {} and handover.wishes is None
    assert handover.anonymised_at is not None


# --- export and erase --------------------------------------------------------------------


def test_export_holds_everything_about_one_client(session, make_offer) -> None:
    counsellor = make_user(session)
    offer = make_offer()
    add_contact(session, offer)
    client = make_client(session, counsellor)
    shortlists.add_to_shortlist(session, counsellor, client.id, offer.id)
    submit_handover(
        session,
        None,
        counsellor,
        client.id,
        offer.id,
        HandoverInput(wishes="Voetballen", consent_given=True, consent_date=MONDAY.date()),
        now=MONDAY,
    )
    data = svc.export_client(session, counsellor, client.id)
    json.dumps(data)  # JSON-able
    assert data["client"]["first_name"] == "Olena"
    assert data["client"]["reference_code"] == client.reference_code
    assert [item["offer_id"] for item in data["shortlist"]] == [offer.id]
    assert data["handovers"][0]["wishes"] == "Voetballen"
    assert data["handovers"][0]["history"][-1]["to_status"] == "sent"
    assert "client.exported" in audit_actions(session, "client", client.id)


def test_export_is_refused_to_another_counsellor(session) -> None:
    client = make_client(session, make_user(session))
    with pytest.raises(PermissionDenied):
        svc.export_client(session, make_user(session), client.id)


def test_erase_removes_the_client_and_personal_handover_fields(session, make_offer) -> None:
    counsellor = make_user(session)
    offer = make_offer()
    add_contact(session, offer)
    client = make_client(session, counsellor)
    client_id = client.id
    shortlists.add_to_shortlist(session, counsellor, client_id, offer.id)
    handover = submit_handover(
        session,
        None,
        counsellor,
        client_id,
        offer.id,
        HandoverInput(note="Vraag naar Mieke", consent_given=True, consent_date=MONDAY.date()),
        now=MONDAY,
    ).handover
    handover_id = handover.id

    with pytest.raises(PermissionDenied):
        svc.erase_client(session, make_user(session), client_id)
    svc.erase_client(session, counsellor, client_id)
    session.expire_all()
    assert session.get(Client, client_id) is None
    assert session.scalars(select(ClientShortlistItem)).all() == []
    erased = session.get(Handover, handover_id)
    assert erased.client_id is None and erased.note is None and erased.shared_data == {}
    assert erased.status == "withdrawn"
    assert "client.erased" in audit_actions(session, "client", client_id)


# --- shortlists ----------------------------------------------------------------------------


def test_shortlist_add_is_idempotent_and_scoped(session, make_offer) -> None:
    counsellor = make_user(session)
    client = make_client(session, counsellor)
    offer = make_offer()
    assert shortlists.add_to_shortlist(session, counsellor, client.id, offer.id) is True
    assert shortlists.add_to_shortlist(session, counsellor, client.id, offer.id) is False
    assert [e.offer.id for e in shortlists.shortlist(session, counsellor, client.id)] == [offer.id]
    with pytest.raises(PermissionDenied):
        shortlists.add_to_shortlist(session, make_user(session), client.id, offer.id)
    assert shortlists.remove_from_shortlist(session, counsellor, client.id, offer.id) is True
    assert shortlists.shortlist(session, counsellor, client.id) == []


def test_only_published_offers_go_on_a_shortlist(session, make_offer) -> None:
    counsellor = make_user(session)
    client = make_client(session, counsellor)
    draft = make_offer(status="draft")
    with pytest.raises(NotFound):
        shortlists.add_to_shortlist(session, counsellor, client.id, draft.id)


def test_shortlist_email_goes_out_in_the_clients_language(app, session, make_offer) -> None:
    counsellor = make_user(session)
    client = make_client(session, counsellor, preferred_locale="uk")
    offer = make_offer(
        "Voetbal met de buren", translations={"uk": ("Футбол із сусідами", "Граємо")}
    )
    shortlists.add_to_shortlist(session, counsellor, client.id, offer.id)
    assert shortlists.email_shortlist(session, None, counsellor, client.id) is True
    [item] = list_outbox()
    assert item.to == "olena@example.org"
    assert item.content_language == "uk"
    body = read_message(item.path).get_body(("plain",)).get_content()
    assert "Футбол із сусідами" in body
    assert f"/uk/offers/{offer.id}" in body


def test_shortlist_email_needs_an_address(session, make_offer) -> None:
    counsellor = make_user(session)
    client = make_client(session, counsellor, email=None)
    shortlists.add_to_shortlist(session, counsellor, client.id, make_offer().id)
    with pytest.raises(ValidationFailed):
        shortlists.email_shortlist(session, None, counsellor, client.id)


def test_search_prefill_follows_the_client_profile(session) -> None:
    client = make_client(session, make_user(session))
    assert svc.search_prefill(client) == {
        "near": ["9000"],
        "radius_km": ["15"],
        "weekday": ["tue", "thu"],
        "daypart": ["evening"],
        "dutch_level": ["A1"],
        "activity": ["football"],
    }
