"""Handovers reach someone who can act: recipients, languages, links, join requests, privacy, clocks."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from aanbodplatform.models import AuditEvent, Membership, ModeratorScope, SignedLink
from aanbodplatform.services import clients as client_service
from aanbodplatform.services import handovers as svc
from aanbodplatform.services import organisations as orgs
from aanbodplatform.services import signed_links
from aanbodplatform.services.authz import PermissionDenied
from aanbodplatform.services.mail import list_outbox, read_message
from tests.factories import MONDAY, make_member, make_user
from tests.unit.test_handovers import APPOINTMENT, CONSENT, World, bring_to, world  # noqa: F401


def outbox_to() -> dict[str, str]:
    """Return {address: content language} of every mail in the outbox."""
    return {item.to: item.content_language for item in list_outbox()}


def body(address: str, index: int = -1) -> str:
    item = [i for i in list_outbox() if i.to == address][index]
    return read_message(item.path).get_body(("plain",)).get_content()


@pytest.fixture
def team(world: World):  # noqa: F811
    """The world's organisation with an English-speaking admin and a member who opted in."""
    s = world.session
    admin = make_member(s, world.offer, locale="en")
    admin.memberships[0].is_admin = True
    chosen = make_member(s, world.offer, locale="tr")
    chosen.memberships[0].receives_handovers = True
    opted_out_admin = make_member(s, world.offer)
    opted_out_admin.memberships[0].is_admin = True
    opted_out_admin.memberships[0].receives_handovers = False
    s.commit()
    return {"admin": admin, "chosen": chosen, "opted_out": opted_out_admin}


# --- who is mailed, in which language -------------------------------------------------------


def test_a_new_handover_reaches_the_contact_and_the_handover_recipients(world, team) -> None:  # noqa: F811
    handover = world.submit()
    assert outbox_to() == {
        "contact@club.be": "nl",  # no account: Dutch
        team["admin"].email: "en",  # admins by default, in their language
        team["chosen"].email: "tr",  # chosen by the organisation
    }
    # Plain members who were not chosen, and admins who opted out, get nothing.
    assert world.member.email not in outbox_to()
    assert team["opted_out"].email not in outbox_to()
    # The contact person gets a signed link; members open the inbox behind sign-in.
    assert f"/nl/handover-link/{handover.id}/" in body("contact@club.be")
    assert f"/en/handovers/{handover.id}" in body(team["admin"].email)
    assert "handover-link" not in body(team["admin"].email)


def test_a_contact_person_with_an_account_is_written_to_in_their_language(world) -> None:  # noqa: F811
    make_user(world.session, "organisation_member", locale="fr", email="contact@club.be")
    world.submit()
    assert outbox_to()["contact@club.be"] == "fr"


def test_reminder_and_counsellors_answer_reach_the_same_people_with_the_same_link(world, team) -> None:  # noqa: F811
    handover = world.submit(now=MONDAY)
    first_link = body("contact@club.be").split("/handover-link/")[1].split()[0]
    for item in list_outbox():
        item.path.unlink()
    svc.tick(world.session, MONDAY + timedelta(days=7))
    assert set(outbox_to()) == {"contact@club.be", team["admin"].email, team["chosen"].email}
    assert first_link in body("contact@club.be")
    for item in list_outbox():
        item.path.unlink()
    svc.ask_question(world.session, None, world.member, handover.id, "Schoenen?", now=MONDAY)
    svc.answer(world.session, None, world.counsellor, handover.id, "Ja.", now=MONDAY)
    assert {"contact@club.be", team["admin"].email, team["chosen"].email} <= set(outbox_to())
    assert first_link in body("contact@club.be")
    assert len(world.session.scalars(select(SignedLink)).all()) == 1


def test_the_withdrawal_notice_carries_no_link(world) -> None:  # noqa: F811
    handover = world.submit()
    svc.withdraw(world.session, None, world.counsellor, handover.id)
    assert "handover-link" not in body("contact@club.be")
    link = world.session.scalars(select(SignedLink)).one()
    assert link.revoked_at is not None


# --- the link ---------------------------------------------------------------------------------


def _token(world) -> str:  # noqa: F811
    return body("contact@club.be", 0).split("/handover-link/")[1].split()[0].split("/", 1)[1]


def test_every_refusal_of_a_link(world, make_offer) -> None:  # noqa: F811
    handover = world.submit()
    token = _token(world)
    opened, who = svc.open_with_link(world.session, None, handover.id, token)
    assert opened.id == handover.id and who.name == "Mieke Contact"
    problems = {}
    for name, args in {
        "tampered": (handover.id, token[:-2] + "xx"),
        "garbage": (handover.id, "not-a-token"),
        "unknown id": (987654, token),
    }.items():
        with pytest.raises(svc.LinkRefused) as exc:
            svc.open_with_link(world.session, None, *args)
        problems[name] = (exc.value.problem, exc.value.status_code)
    assert problems == {
        "tampered": ("tampered", 404),
        "garbage": ("tampered", 404),
        "unknown id": ("tampered", 404),
    }
    other = svc.submit_handover(
        world.session, None, world.counsellor, world.client.id, make_offer("Koor").id, CONSENT
    ).handover
    with pytest.raises(svc.LinkRefused) as exc:
        svc.open_with_link(world.session, None, other.id, token)
    assert (exc.value.problem, exc.value.status_code) == ("wrong_object", 404)
    later = signed_links.utcnow() + timedelta(days=31)
    with pytest.raises(svc.LinkRefused) as exc:
        svc.open_with_link(world.session, None, handover.id, token, now=later)
    assert (exc.value.problem, exc.value.status_code) == ("expired", 410)
    signed_links.revoke_all(world.session, handover)
    world.session.commit()
    with pytest.raises(svc.LinkRefused) as exc:
        svc.open_with_link(world.session, None, handover.id, token)
    assert (exc.value.problem, exc.value.status_code) == ("revoked", 410)


@pytest.mark.parametrize("closing", ["declined", "expired", "withdrawn"])
def test_a_closed_handover_closes_the_link(world, closing) -> None:  # noqa: F811
    handover = bring_to(world, closing)
    token = _token(world)
    with pytest.raises(svc.LinkRefused) as exc:
        svc.open_with_link(world.session, None, handover.id, token)
    assert (exc.value.problem, exc.value.status_code) == ("closed", 410)


def test_a_link_acts_for_the_organisation_on_its_handover_only(world, make_offer) -> None:  # noqa: F811
    handover = world.submit()
    _opened, who = svc.open_with_link(world.session, None, handover.id, _token(world))
    assert svc.allowed_actions(world.session, who, handover) == [
        "mark_seen", "accept", "decline", "question"
    ]
    other = svc.submit_handover(
        world.session, None, world.counsellor, world.client.id, make_offer("Koor").id, CONSENT
    ).handover
    with pytest.raises(PermissionDenied):
        svc.mark_seen(world.session, who, other.id)
    with pytest.raises(PermissionDenied):
        svc.withdraw(world.session, None, who, handover.id)  # the counsellor's, not theirs
    svc.accept(world.session, None, who, handover.id, APPOINTMENT, now=MONDAY)
    event = world.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "handover.accept")
    ).one()
    assert event.actor_id is None
    assert event.data["via"] == "link" and event.data["contact_person"] == "Mieke Contact"
    assert event.data["recipient"] == "contact@club.be"


# --- closed handovers keep only the bare facts -------------------------------------------------


@pytest.mark.parametrize(
    ("status", "hidden"),
    [
        ("sent", False), ("accepted", False), ("started", False), ("attended", False),
        ("declined", True), ("expired", True), ("withdrawn", True),
    ],
)
def test_personal_fields_are_hidden_after_each_closing_status(world, status, hidden) -> None:  # noqa: F811
    handover = bring_to(world, status)
    assert svc.hides_personal_data(world.session, world.member, handover) is hidden
    # The counsellor always sees their own handover in full.
    assert svc.hides_personal_data(world.session, world.counsellor, handover) is False


def test_the_organisations_page_hides_the_client_after_closing(app, client, world) -> None:  # noqa: F811
    from tests.factories import login

    handover = bring_to(world, "sent")
    login(client, world.member)
    assert "Olena" in client.get(f"/nl/handovers/{handover.id}").text
    svc.withdraw(world.session, None, world.counsellor, handover.id, reason="Olena verhuist")
    page = client.get(f"/nl/handovers/{handover.id}").text
    assert "Olena" not in page and "Voetballen met buren" not in page
    assert client.get(f"/nl/handovers/{handover.id}/appointment.ics").status_code == 404
    login(client, world.counsellor)
    assert "Olena" in client.get(f"/nl/counsellor/handovers/{handover.id}").text


# --- the clock counts from the last activity ---------------------------------------------------


def test_expiry_counts_from_the_last_activity(world) -> None:  # noqa: F811
    handover = world.submit(now=MONDAY)
    # A question in the third week restarts both clocks.
    day_12 = MONDAY + timedelta(days=16)  # Wednesday of the third week: 12 working days
    svc.ask_question(world.session, None, world.member, handover.id, "Schoenen?", now=day_12)
    day_15 = MONDAY + timedelta(days=21)
    report = svc.tick(world.session, day_15)
    assert report.expired == [] and handover.status == "sent"
    assert handover.last_activity_at == day_12
    four_after = day_12 + timedelta(days=6)  # Tuesday: 4 working days after the question
    assert svc.tick(world.session, four_after).reminded == []
    five_after = day_12 + timedelta(days=7)
    assert svc.tick(world.session, five_after).reminded == [handover.id]
    fifteen_after = day_12 + timedelta(days=21)
    assert svc.tick(world.session, fifteen_after).expired == [handover.id]


def test_outcomes_need_a_date_not_in_the_future(world) -> None:  # noqa: F811
    from aanbodplatform.services.authz import ValidationFailed

    handover = bring_to(world, "started")
    for day in (None, MONDAY.date() + timedelta(days=1)):
        with pytest.raises(ValidationFailed):
            svc.record_outcome(world.session, None, world.member, handover.id, "stop", day, now=MONDAY)
    svc.record_outcome(
        world.session, None, world.member, handover.id, "stop", MONDAY.date(), now=MONDAY
    )
    assert handover.status == "stopped" and handover.open_slot is None
    assert handover.outcome_date == MONDAY.date()


# --- erasing a client goes through the state machine -------------------------------------------


def test_erasing_a_client_withdraws_through_the_machine_and_tells_the_organisation(world) -> None:  # noqa: F811
    handover = world.submit()
    for item in list_outbox():
        item.path.unlink()
    client_service.erase_client(world.session, world.counsellor, world.client.id, now=MONDAY)
    world.session.refresh(handover)
    assert handover.status == "withdrawn" and handover.open_slot is None
    actions = [
        e.action
        for e in world.session.scalars(
            select(AuditEvent).where(AuditEvent.entity_type == "handover").order_by(AuditEvent.id)
        )
    ]
    assert actions[-2:] == ["handover.withdraw", "handover.anonymised"]
    assert handover.events[-1].to_status == "withdrawn"
    assert world.session.scalars(select(SignedLink)).one().revoked_at is not None
    assert list(outbox_to()) == ["contact@club.be"]


# --- join requests -----------------------------------------------------------------------------


def _requester(world):  # noqa: F811
    return make_user(world.session, "organisation_member", locale="uk")


def test_join_requests_go_to_the_organisations_admins(world, team) -> None:  # noqa: F811
    org = world.offer.organisation
    orgs.request_to_join(world.session, None, _requester(world), org.id)
    assert set(outbox_to()) == {team["admin"].email, team["opted_out"].email}


def test_without_admins_join_requests_go_to_platform_admins_and_local_moderators(world) -> None:  # noqa: F811
    s = world.session
    org = world.offer.organisation
    org.municipality_nis = "44021"  # Gent
    local = make_user(s, "moderator")
    s.add(ModeratorScope(user_id=local.id, municipality_nis="44021"))
    elsewhere = make_user(s, "moderator")
    s.add(ModeratorScope(user_id=elsewhere.id, municipality_nis="11002"))  # Antwerpen
    s.commit()
    requester = _requester(world)
    membership = orgs.request_to_join(s, None, requester, org.id)
    assert set(outbox_to()) == {world.admin.email, local.email}
    # The far-away moderator cannot decide; the local one can, and the requester is told.
    with pytest.raises(PermissionDenied):
        orgs.approve_member(s, elsewhere, org.id, membership.id)
    orgs.approve_member(s, local, org.id, membership.id)
    assert membership.state == "member"
    assert outbox_to()[requester.email] == "uk"


def test_a_refused_requester_is_told(world, team) -> None:  # noqa: F811
    s = world.session
    requester = _requester(world)
    membership = orgs.request_to_join(s, None, requester, world.offer.organisation_id)
    orgs.refuse_request(s, None, team["admin"], world.offer.organisation_id, membership.id)
    assert requester.email in outbox_to()
    assert s.scalar(select(Membership).where(Membership.user_id == requester.id)) is None


def test_the_clients_appointment_mail_carries_the_ics(world) -> None:  # noqa: F811
    handover = bring_to(world, "accepted")
    svc.send_appointment_to_client(world.session, None, world.counsellor, handover.id)
    item = [i for i in list_outbox() if i.to == "olena@example.org"][-1]
    [attached] = list(read_message(item.path).iter_attachments())
    assert attached.get_content_type() == "text/calendar"
    data = attached.get_content()
    data = data.decode() if isinstance(data, bytes) else data
    assert "DTSTART;TZID=Europe/Brussels:20260210T193000" in data
    assert "Sporthal Noord" in data and "Olena" not in data
