"""Dashboards for local governments: numbers checked against hand-computed fixtures."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest

from aanbodplatform.models import (
    Handover,
    HandoverEvent,
    Location,
    Offer,
    OfferActivity,
    OfferStatusChange,
    OfferTranslation,
    OrganisationNeed,
)
from aanbodplatform.services import dashboards
from aanbodplatform.services.authz import PermissionDenied
from aanbodplatform.services.freshness import EXPIRED_CODE
from tests.factories import login, make_moderator, make_org, make_user, outbox

NOW = datetime(2026, 11, 15, 10, 0, tzinfo=UTC)
DESTELBERGEN = ("44013", 51.0595, 3.7990)
LOCHRISTI = ("44087", 51.0964, 3.8319)
AALTER = ("44084", 51.0902, 3.4469)
GENT = ("44021", 51.0543, 3.7174)
LEUVEN = ("24062", 50.8798, 4.7005)


def _offer(session, org, title, place, *, offer_type="club", eligible=True, status="published",
           activities=(), free=True, wheelchair=False, level="none", published=NOW,
           confirmed=NOW, translations=()):  # type: ignore[no-untyped-def]
    offer = Offer(
        organisation=org, offer_type=offer_type, title_nl=title, summary_nl="Samen.",
        status=status, dutch_context=eligible, dutch_context_evidence="Nederlands met buren.",
        social_participation=True, social_participation_evidence="In een groep.",
        free=free, wheelchair=wheelchair, dutch_level=level,
        published_at=published if status in ("published", "archived") else None,
        confirmed_at=confirmed if status == "published" else None,
    )
    offer.locations = [Location(municipality_nis=place[0], lat=place[1], lon=place[2],
                                precision="postcode")]
    offer.activities = [OfferActivity(activity_code=a) for a in activities]
    offer.translations = [OfferTranslation(locale=t, title="x", summary="y") for t in translations]
    session.add(offer)
    session.flush()
    return offer


@pytest.fixture
def world(session):  # type: ignore[no-untyped-def]
    member = make_user(session, "organisation_member", email="lid@club.be")
    org = make_org(session, "Club Oost", admin=member, nis=DESTELBERGEN[0])
    other = make_org(session, "Buurtwerk", nis=LOCHRISTI[0])
    far = make_org(session, "Leuvense club", nis=LEUVEN[0])
    a = _offer(session, org, "A", DESTELBERGEN, activities=("football",), translations=("ar",))
    b = _offer(session, other, "B", LOCHRISTI, offer_type="conversation_table")
    c = _offer(session, other, "C", GENT, offer_type="volunteering")
    d = _offer(session, org, "D", DESTELBERGEN, eligible=False, free=False, wheelchair=True,
               level="A2", activities=("football", "running"),
               confirmed=NOW - timedelta(days=213), published=datetime(2026, 3, 3, tzinfo=UTC))
    e = _offer(session, far, "E", AALTER)
    _offer(session, org, "Draft", DESTELBERGEN, status="draft")
    x = _offer(session, org, "X", DESTELBERGEN, status="archived",
               published=datetime(2025, 6, 1, tzinfo=UTC))
    x.history = [OfferStatusChange(from_status="published", to_status="archived",
                                   comment=EXPIRED_CODE)]
    leuven = _offer(session, far, "L", LEUVEN)
    # Organisation "Buurtwerk" is active in Lochristi and (through C) in Gent; a second
    # offer puts "Club Oost" in Lochristi too.
    _offer(session, org, "A2", LOCHRISTI)
    session.commit()
    return {"org": org, "member": member, "offers": {"a": a, "b": b, "c": c, "d": d, "e": e,
                                                       "x": x, "leuven": leuven}}


def test_small_counts_are_suppressed() -> None:
    assert [dashboards.suppress(n) for n in (0, 1, 4, 5, 12)] == ["0", "< 5", "< 5", "5", "12"]


def test_the_landscape_of_one_municipality(session, world) -> None:  # type: ignore[no-untyped-def]
    scope = dashboards.resolve_scope(make_user(session, "admin", email="a@adm.be"), "municipality:44013")
    result = dashboards.landscape(session, scope, now=NOW)
    assert (result.published, result.eligible) == (2, 1)
    assert dict(result.by_type) == {"club": 2}
    assert dict(result.by_activity) == {"football": 2, "running": 1}
    assert dict(result.by_municipality) == {"44013": 2}
    assert dict(result.by_dutch_level) == {"none": 1, "A2": 1}
    assert dict(result.by_cost) == {"free": 1, "paid": 1}
    assert dict(result.by_wheelchair) == {"no": 1, "yes": 1}
    assert dict(result.by_translation) == {"ar": 1}
    assert dict(result.freshness) == {"under_6": 1, "6_to_9": 1, "unpublished": 1}
    assert dict(result.published_per_month) == {"2026-11": 1, "2026-03": 1}


def test_the_trend_covers_twelve_months_ending_now() -> None:
    months = dashboards.trend_months(NOW)
    assert months[0] == "2025-12" and months[-1] == "2026-11" and len(months) == 12


def test_coverage_counts_eligible_offers_within_10_km(session, world) -> None:  # type: ignore[no-untyped-def]
    scope = dashboards.resolve_scope(make_user(session, "admin", email="b@adm.be"), "region:regio-gent")
    rows = {c.nis_code: c for c in dashboards.coverage(session, scope, threshold=3)}
    # Destelbergen: A (here), A2 and B (Lochristi, 4.7 km), C (Gent, 5.7 km); D is not eligible.
    assert rows["44013"].total == 4 and rows["44013"].gap is False
    assert rows["44013"].by_type == {"club": 2, "conversation_table": 1, "volunteering": 1}
    # Lochristi: A2 and B (here), A (4.7 km), C (Gent, 9.3 km).
    assert rows["44087"].total == 4
    # Aalter: only E; Gent is 19 km away.
    assert rows["44084"].total == 1 and rows["44084"].gap is True
    assert rows["44084"].by_type == {"club": 1}
    ordered = [c.nis_code for c in dashboards.coverage(session, scope, threshold=3)]
    # Gaps first (fewest offers first), then the rest.
    assert ordered.index("44084") < ordered.index("44013")
    assert all(c.gap for c in dashboards.coverage(session, scope, threshold=3)[:ordered.index("44084") + 1])


def test_organisations_active_in_several_municipalities(session, world) -> None:  # type: ignore[no-untyped-def]
    scope = dashboards.resolve_scope(make_user(session, "admin", email="c@adm.be"), "region:regio-gent")
    shared = dashboards.organisations_in_several(session, scope)
    assert [(s.name, s.municipalities) for s in shared] == [
        ("Club Oost", ("Destelbergen", "Lochristi"))]


def _handover(session, offer, counsellor, steps, *, reason=None):  # type: ignore[no-untyped-def]
    sent = NOW - timedelta(days=20)
    handover = Handover(offer=offer, organisation_id=offer.organisation_id,
                        counsellor_id=counsellor.id, status=steps[-1][0] if steps else "sent",
                        sent_at=sent, open_slot=None, decline_reason=reason)
    handover.events = [HandoverEvent(from_status="draft", to_status="sent", created_at=sent)]
    for status, days in steps:
        handover.events.append(HandoverEvent(from_status=None, to_status=status,
                                             created_at=sent + timedelta(days=days)))
    session.add(handover)
    return handover


def test_the_handover_flow_with_small_counts_hidden(session, world) -> None:  # type: ignore[no-untyped-def]
    counsellor = make_user(session, "counsellor", email="tb@agency.be")
    a, leuven = world["offers"]["a"], world["offers"]["leuven"]
    _handover(session, a, counsellor, [("seen", 1), ("accepted", 2)])
    _handover(session, a, counsellor, [("accepted", 4)])
    _handover(session, a, counsellor, [("declined", 1)], reason="full")
    _handover(session, a, counsellor, [("seen", 2), ("declined", 6)], reason="schedule")
    _handover(session, a, counsellor, [("expired", 15)])
    _handover(session, a, counsellor, [("seen", 1), ("accepted", 3)])
    _handover(session, a, counsellor, [])
    _handover(session, leuven, counsellor, [("accepted", 1)])
    session.commit()
    scope = dashboards.resolve_scope(make_user(session, "admin", email="d@adm.be"), "municipality:44013")
    flow = dashboards.handover_flow(session, scope, now=NOW)
    assert dict(flow.counts) == {"sent": 7, "seen": 3, "accepted": 3, "declined": 2, "expired": 1}
    assert dict(flow.decline_reasons) == {"full": 1, "schedule": 1}
    # Five answers: 2, 4, 1, 6 and 3 days.
    assert flow.median_days_to_answer == 3.0
    assert dict(flow.sent_per_month) == {"2026-10": 7}


def test_a_median_over_fewer_than_five_answers_is_not_shown(session, world) -> None:  # type: ignore[no-untyped-def]
    counsellor = make_user(session, "counsellor", email="tb2@agency.be")
    for days in (1, 2, 3, 4):
        _handover(session, world["offers"]["a"], counsellor, [("accepted", days)])
    session.commit()
    scope = dashboards.resolve_scope(make_user(session, "admin", email="e@adm.be"), "municipality:44013")
    assert dashboards.handover_flow(session, scope, now=NOW).median_days_to_answer is None


# --- scopes ----------------------------------------------------------------------------------


def test_scopes_follow_the_moderator_area(session) -> None:  # type: ignore[no-untyped-def]
    region_mod = make_moderator(session, "m1@gent.be", region="regio-gent")
    town_mod = make_moderator(session, "m2@destelbergen.be", nis="44013")
    admin = make_user(session, "admin", email="f@adm.be")
    member = make_user(session, "organisation_member", email="g@club.be")
    assert [s.key for s in dashboards.scopes_for(region_mod)] == ["region:regio-gent"]
    assert [s.key for s in dashboards.scopes_for(town_mod)] == ["municipality:44013"]
    assert dashboards.scopes_for(admin)[0].key == "flanders"
    assert len(dashboards.scopes_for(admin)) == 19
    assert dashboards.scopes_for(member) == []
    assert dashboards.resolve_scope(region_mod, "municipality:44013").name == "Destelbergen"
    for user, key in [(region_mod, "municipality:44021"), (region_mod, "flanders"),
                      (region_mod, "region:brussel"), (town_mod, "region:regio-gent"),
                      (town_mod, "municipality:44087"), (admin, "region:nowhere"),
                      (admin, "municipality:99999")]:
        with pytest.raises(PermissionDenied):
            dashboards.resolve_scope(user, key)
    with pytest.raises(PermissionDenied):
        dashboards.resolve_scope(member, None)


@pytest.mark.parametrize(("role", "status"), [("moderator", 200), ("admin", 200),
                                              ("organisation_member", 403), ("counsellor", 403),
                                              ("guide", 403)])
def test_the_page_answers_by_role(client, session, world, role, status) -> None:  # type: ignore[no-untyped-def]
    if role == "moderator":
        user = make_moderator(session, "m3@gent.be", region="regio-gent")
    else:
        user = make_user(session, role, email=f"{role}@x.be")
    session.commit()
    login(client, user)
    response = client.get("/en/dashboard/?scope=municipality:44013")
    assert response.status_code == status
    if status == 200:
        page = response.get_data(as_text=True)
        assert "Destelbergen" in page and 'id="coverage-table"' in page


def test_another_area_is_403_and_visitors_sign_in(client, session, world) -> None:  # type: ignore[no-untyped-def]
    login(client, make_moderator(session, "m4@gent.be", region="regio-gent"))
    session.commit()
    assert client.get("/en/dashboard/?scope=region:brussel").status_code == 403
    assert client.get("/en/dashboard/export/types.csv?scope=region:brussel").status_code == 403
    client.get("/en/account/signout")
    with client.session_transaction() as flask_session:
        flask_session.clear()
    response = client.get("/en/dashboard/")
    assert response.status_code == 302 and "/signin" in response.headers["Location"]


def test_the_page_hides_small_handover_counts(client, session, world) -> None:  # type: ignore[no-untyped-def]
    counsellor = make_user(session, "counsellor", email="tb3@agency.be")
    _handover(session, world["offers"]["a"], counsellor, [("accepted", 2)])
    login(client, make_user(session, "admin", email="h@adm.be"))
    session.commit()
    page = client.get("/en/dashboard/?scope=municipality:44013").get_data(as_text=True)
    assert "&lt; 5" in page


def _csv(response) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def test_csv_exports_carry_the_page_numbers(client, session, world) -> None:  # type: ignore[no-untyped-def]
    counsellor = make_user(session, "counsellor", email="tb4@agency.be")
    _handover(session, world["offers"]["a"], counsellor, [("accepted", 2)])
    login(client, make_user(session, "admin", email="i@adm.be"))
    session.commit()
    types = _csv(client.get("/en/dashboard/export/types.csv?scope=municipality:44013"))
    assert types == [["Code", "Label", "Count"], ["club", "Club or association", "2"]]
    handovers = _csv(client.get("/en/dashboard/export/handovers.csv?scope=municipality:44013"))
    assert handovers[1] == ["sent", handovers[1][1], "< 5"]
    coverage = _csv(client.get("/en/dashboard/export/coverage-detail.csv?scope=region:regio-gent"))
    assert coverage[0][:6] == ["nis_code", "municipality", "lat", "lon",
                               "eligible_offers_within_10_km", "gap"]
    aalter = next(r for r in coverage if r[0] == "44084")
    assert aalter[1] == "Aalter" and aalter[4] == "1" and aalter[5] == "yes"
    assert client.get("/en/dashboard/export/nothing.csv").status_code == 404


# --- organisations' needs ---------------------------------------------------------------------


def test_a_need_reaches_the_local_government_and_its_answer_the_members(app, client, session, world) -> None:  # type: ignore[no-untyped-def]
    moderator = make_moderator(session, "m5@destelbergen.be", nis="44013", locale="en")
    make_moderator(session, "m6@antwerpen.be", nis="11002")
    session.commit()
    login(client, world["member"])
    response = client.post(f"/en/organisations/{world['org'].id}/needs",
                           data={"topic": "training", "text": "Wij zoeken een vorming over onthaal."})
    assert response.status_code == 302
    mails = outbox(app)
    assert [m["To"] for m in mails] == ["m5@destelbergen.be"]
    assert "Club Oost" in mails[0]["Subject"]
    need = session.query(OrganisationNeed).one()
    assert (need.municipality_nis, need.status, need.topic) == ("44013", "new", "training")

    login(client, moderator)
    listing = client.get("/en/dashboard/needs").get_data(as_text=True)
    assert "Wij zoeken een vorming over onthaal." in listing
    bad = client.post(f"/en/dashboard/needs/{need.id}", data={"status": "answered", "answer": ""})
    assert bad.status_code == 303
    session.refresh(need)
    assert need.status == "new"  # an answer is required to close it
    client.post(f"/en/dashboard/needs/{need.id}",
                data={"status": "answered", "answer": "Er is een vorming op 3 maart."})
    session.refresh(need)
    assert need.status == "answered" and need.answer == "Er is een vorming op 3 maart."
    answered = outbox(app)[1:]
    assert [m["To"] for m in answered] == ["lid@club.be"]
    rows = _csv(client.get("/en/dashboard/needs.csv"))
    assert rows[0] == ["id", "date", "organisation", "municipality", "topic", "status",
                       "question", "answer"]
    assert rows[1][2:] == ["Club Oost", "Destelbergen", "training", "answered",
                           "Wij zoeken een vorming over onthaal.", "Er is een vorming op 3 maart."]


def test_a_need_without_a_moderator_goes_to_the_platform_admins(app, client, session, world) -> None:  # type: ignore[no-untyped-def]
    make_user(session, "admin", email="beheer@platform.be")
    session.commit()
    login(client, world["member"])
    client.post(f"/en/organisations/{world['org'].id}/needs",
                data={"topic": "insurance", "text": "Zijn vrijwilligers verzekerd?"})
    assert [m["To"] for m in outbox(app)] == ["beheer@platform.be"]


@pytest.mark.parametrize("data", [{"topic": "money", "text": "Een vraag over iets."},
                                  {"topic": "training", "text": "kort"}])
def test_a_bad_need_is_refused_and_nothing_is_saved(client, session, world, data) -> None:  # type: ignore[no-untyped-def]
    login(client, world["member"])
    response = client.post(f"/en/organisations/{world['org'].id}/needs", data=data)
    assert response.status_code == 400
    assert session.query(OrganisationNeed).count() == 0


def test_only_the_area_moderator_handles_a_need(client, session, world) -> None:  # type: ignore[no-untyped-def]
    need = OrganisationNeed(organisation=world["org"], municipality_nis="44013", topic="other",
                            text="Een vraag.", status="new")
    session.add(need)
    outsider = make_moderator(session, "m7@antwerpen.be", nis="11002")
    stranger = make_user(session, "organisation_member", email="j@other.be")
    session.commit()
    login(client, outsider)
    assert client.post(f"/en/dashboard/needs/{need.id}",
                       data={"status": "in_progress"}).status_code == 403
    login(client, stranger)
    assert client.get(f"/en/organisations/{world['org'].id}/needs").status_code == 403


def test_families_count_offers_once_per_family(session, world) -> None:  # type: ignore[no-untyped-def]
    scope = dashboards.resolve_scope(make_user(session, "admin", email="k@adm.be"), "municipality:44013")
    # A (football) and D (football, running) are both sport, each counted once.
    assert dict(dashboards.landscape(session, scope, now=NOW).by_family) == {"sport": 2}
    region = dashboards.resolve_scope(make_user(session, "admin", email="l@adm.be"), "region:regio-gent")
    rows = {c.nis_code: c for c in dashboards.coverage(session, region)}
    # Within 10 km: A (football: sport), B (a conversation table), C and A2 (no family);
    # D is not eligible.
    assert rows["44013"].by_family == {"sport": 1, "language_conversation": 1}


def _verified_proof(session, org, offer_type, client, counsellor, contact, minutes, code):  # type: ignore[no-untyped-def]
    from aanbodplatform.models import HourEntry, ParticipationProof

    proof = ParticipationProof(
        client_id=client.id, counsellor_id=counsellor.id, organisation_id=org.id,
        offer_type=offer_type, contact_person_id=contact.id, status="verified",
        verification_code=code, open_slot=None,
    )
    proof.entries = [HourEntry(day=datetime(2026, 10, 1).date(), minutes=minutes)]
    session.add(proof)
    return proof


def test_verified_hours_per_type_hide_types_with_few_people(app, session, world) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    from aanbodplatform.models import Client, ContactPerson
    from aanbodplatform.web import dashboard_blocks

    counsellor = make_user(session, "counsellor", email="tb5@agency.be")
    org = world["org"]  # Club Oost, Destelbergen
    contact = ContactPerson(organisation_id=org.id, name="An", email="an@club.be")
    session.add(contact)
    session.flush()
    clients = []
    for n in range(6):
        client = Client(counsellor_id=counsellor.id, reference_code=f"C-{n}",
                        contract_end_date=date(2027, 6, 30))
        session.add(client)
        clients.append(client)
    session.flush()
    # Six people with 2 h each in a club; two people with 3 h in a conversation table.
    for n, client in enumerate(clients):
        _verified_proof(session, org, "club", client, counsellor, contact, 120, f"V{n:06d}")
    for n, client in enumerate(clients[:2]):
        _verified_proof(session, org, "conversation_table", client, counsellor, contact, 180,
                        f"W{n:06d}")
    # Not verified: does not count.
    from aanbodplatform.models import ParticipationProof

    session.add(ParticipationProof(client_id=clients[0].id, counsellor_id=counsellor.id,
                                   organisation_id=org.id, offer_type="volunteering",
                                   contact_person_id=contact.id, status="signed",
                                   verification_code="X000001"))
    session.commit()
    scope = dashboards.resolve_scope(make_user(session, "admin", email="m@adm.be"), "municipality:44013")
    result = dashboards.proof_hours(session, scope)
    assert result.hours == {"club": 12.0, "conversation_table": 6.0}
    assert result.clients == {"club": 6, "conversation_table": 2}
    with app.test_request_context("/en/dashboard/"):
        from flask import g

        g.locale_tag = "en"
        block = dashboard_blocks.proof_hours_block(result)
    shown = {row.key: (row.shown, row.hidden) for row in block.rows}
    assert shown["club"] == ("12", False)
    assert shown["conversation_table"][1] is True
    assert "6" not in shown["conversation_table"][0]
