"""Warm handovers: the state machine, scoping, consent, double submission, the clock, retention, audit, mail."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from aanbodplatform.models import HANDOVER_STATUSES, AuditEvent, Handover, HandoverEvent, User
from aanbodplatform.services import handovers as svc
from aanbodplatform.services.authz import (
    InvalidTransition,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from aanbodplatform.services.handovers import (
    Appointment,
    ConsentRequired,
    HandoverInput,
    working_days_between,
)
from aanbodplatform.services.mail import list_outbox, read_message
from tests.factories import (
    MONDAY,
    add_contact,
    make_client,
    make_member,
    make_user,
)
from tests.i18n_support import squash, tr

CONSENT = HandoverInput(
    wishes="Voetballen met buren",
    practical_needs="Kinderopvang op dinsdag",
    note="Ze is enthousiast.",
    consent_given=True,
    consent_date=MONDAY.date(),
)
APPOINTMENT = Appointment(date(2026, 2, 10), time(19, 30), "Sporthal Noord, ingang B", "Mieke")


@dataclass
class World:
    """A counsellor with a client, an offer with a contact, a member and some outsiders."""

    session: Any
    counsellor: User
    client: Any
    offer: Any
    member: User
    other_counsellor: User
    other_member: User
    moderator: User
    guide: User
    admin: User

    def submit(
        self, data: HandoverInput = CONSENT, *, send: bool = True, now: datetime = MONDAY
    ) -> Handover:
        """Submit the handover for the world's client and offer."""
        return svc.submit_handover(
            self.session,
            None,
            self.counsellor,
            self.client.id,
            self.offer.id,
            data,
            send=send,
            now=now,
        ).handover


@pytest.fixture
def world(session, make_offer) -> World:
    counsellor = make_user(session, locale="fr")
    offer = make_offer(
        "Voetbal met de buren", translations={"uk": ("Футбол із сусідами", "Граємо")}
    )
    add_contact(session, offer)
    other_offer = make_offer("Koor")
    return World(
        session=session,
        counsellor=counsellor,
        client=make_client(session, counsellor),
        offer=offer,
        member=make_member(session, offer),
        other_counsellor=make_user(session),
        other_member=make_member(session, other_offer),
        moderator=make_user(session, "moderator"),
        guide=make_user(session, "guide"),
        admin=make_user(session, "admin"),
    )


def bring_to(world: World, status: str) -> Handover:
    """Return a handover of the world in `status`, reached through the services."""
    s, c, m = world.session, world.counsellor, world.member
    if status == "draft":
        return world.submit(HandoverInput(wishes="Iets"), send=False)
    handover = world.submit()
    if status == "seen":
        svc.mark_seen(s, m, handover.id, now=MONDAY)
    elif status in ("accepted", "started"):
        svc.accept(s, None, m, handover.id, APPOINTMENT, now=MONDAY)
        if status == "started":
            svc.mark_started(s, m, handover.id, now=MONDAY)
    elif status in ("attended", "no_show", "stopped"):
        svc.accept(s, None, m, handover.id, APPOINTMENT, now=MONDAY)
        if status != "no_show":
            svc.mark_started(s, m, handover.id, now=MONDAY)
        action = {"attended": "attend", "no_show": "no_show", "stopped": "stop"}[status]
        svc.record_outcome(s, None, m, handover.id, action, MONDAY.date(), now=MONDAY)
    elif status == "declined":
        svc.decline(s, None, m, handover.id, "full", now=MONDAY)
    elif status == "expired":
        svc.tick(s, MONDAY + timedelta(days=21))
    elif status == "withdrawn":
        svc.withdraw(s, None, c, handover.id, now=MONDAY)
    s.refresh(handover)
    assert handover.status == status
    return handover


def do(world: World, action: str, handover: Handover, user: User | None) -> Any:
    """Run one action of the transition table as `user`."""
    s = world.session
    if action == "send":
        return svc.send_draft(s, None, user, handover.id, CONSENT, now=MONDAY)
    if action == "mark_seen":
        return svc.mark_seen(s, user, handover.id, now=MONDAY)
    if action == "accept":
        return svc.accept(s, None, user, handover.id, APPOINTMENT, now=MONDAY)
    if action == "decline":
        return svc.decline(s, None, user, handover.id, "schedule", "Enkel overdag", now=MONDAY)
    if action == "question":
        return svc.ask_question(s, None, user, handover.id, "Heeft ze sportschoenen?", now=MONDAY)
    if action == "answer":
        return svc.answer(s, None, user, handover.id, "Ja.", now=MONDAY)
    if action == "start":
        return svc.mark_started(s, user, handover.id, now=MONDAY)
    if action == "withdraw":
        return svc.withdraw(s, None, user, handover.id, now=MONDAY)
    if action in ("attend", "no_show", "stop"):
        return svc.record_outcome(s, None, user, handover.id, action, MONDAY.date(), now=MONDAY)
    raise AssertionError(action)


#: Written out on purpose (not read from svc.TRANSITIONS): action -> (from statuses, to status).
#: None as the target: the status stays (a question or an answer).
EXPECTED_TABLE: dict[str, tuple[tuple[str, ...], str | None]] = {
    "send": (("draft",), "sent"),
    "mark_seen": (("sent",), "seen"),
    "accept": (("sent", "seen"), "accepted"),
    "decline": (("sent", "seen"), "declined"),
    "question": (("sent", "seen", "accepted"), None),
    "answer": (("sent", "seen", "accepted"), None),
    "start": (("accepted",), "started"),
    "attend": (("started",), "attended"),
    "no_show": (("accepted", "started"), "no_show"),
    "stop": (("started",), "stopped"),
    "withdraw": (("draft", "sent", "seen", "accepted"), "withdrawn"),
}
COUNSELLOR_ACTIONS = {"send", "answer", "withdraw"}
ALL_STATUSES = (
    "draft", "sent", "seen", "accepted", "started", "declined", "expired", "withdrawn",
    "attended", "no_show", "stopped",
)


def actor_for(world: World, action: str) -> User:
    """Return the party the table allows to take `action`."""
    return world.counsellor if action in COUNSELLOR_ACTIONS else world.member


def audit_actions(session, handover_id: int) -> list[str]:
    return list(
        session.scalars(
            select(AuditEvent.action)
            .where(
                AuditEvent.entity_type == "handover",
                AuditEvent.entity_id == handover_id,
                AuditEvent.action.like("handover.%"),
            )
            .order_by(AuditEvent.id)
        )
    )


ACTIONS = list(EXPECTED_TABLE)
ALLOWED = [(a, s) for a, (froms, _to) in EXPECTED_TABLE.items() for s in froms]
FORBIDDEN = [
    (a, s) for a, (froms, _to) in EXPECTED_TABLE.items() for s in ALL_STATUSES if s not in froms
]


def test_the_table_names_every_status_and_action() -> None:
    assert set(HANDOVER_STATUSES) == set(ALL_STATUSES)
    assert set(svc.TRANSITIONS) == {*EXPECTED_TABLE, "expire"}


# --- the state machine --------------------------------------------------------------------


@pytest.mark.parametrize(("action", "status"), ALLOWED)
def test_every_allowed_transition(world: World, action: str, status: str) -> None:
    handover = bring_to(world, status)
    do(world, action, handover, actor_for(world, action))
    world.session.refresh(handover)
    expected = EXPECTED_TABLE[action][1] or status
    assert handover.status == expected
    last = handover.events[-1]
    assert (last.from_status, last.to_status) == (status, expected)
    assert audit_actions(world.session, handover.id)[-1] == f"handover.{action}"


@pytest.mark.parametrize(("action", "status"), FORBIDDEN)
def test_every_forbidden_transition(world: World, action: str, status: str) -> None:
    handover = bring_to(world, status)
    before = len(handover.events)
    # The organisation does not even see drafts: that is a permission, not a state, refusal.
    with pytest.raises((InvalidTransition, PermissionDenied)):
        do(world, action, handover, actor_for(world, action))
    world.session.refresh(handover)
    assert handover.status == status
    assert len(handover.events) == before


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize(
    "outsider", ["other_counsellor", "other_member", "moderator", "guide", "admin"]
)
def test_outsiders_are_refused_every_action(world: World, action: str, outsider: str) -> None:
    status = sorted(set(EXPECTED_TABLE[action][0]) - {"draft"} or {"draft"})[0]
    handover = bring_to(world, status)
    with pytest.raises(PermissionDenied):
        do(world, action, handover, getattr(world, outsider))


def test_only_the_clients_own_counsellor_may_hand_over(world: World) -> None:
    s = world.session
    coordinator = make_user(s, coordinator=True)  # same office as the counsellor
    guide_client = make_client(s, world.guide)
    # (user, client, may hand over), written out.
    rows = [
        (world.counsellor, world.client, True),
        (world.counsellor, None, True),
        (world.counsellor, guide_client, False),
        (world.other_counsellor, world.client, False),
        (world.other_counsellor, None, True),
        (coordinator, world.client, False),
        (world.guide, guide_client, False),
        (world.guide, None, False),
        (world.member, world.client, False),
        (world.moderator, None, False),
        (world.admin, world.client, False),
        (None, world.client, False),
        (None, None, False),
    ]
    for user, client, expected in rows:
        assert svc.may_hand_over(user, client) is expected, (user and user.role, client)
    # The service applies the same rule: the coordinator may see the client, not hand over.
    with pytest.raises(PermissionDenied):
        svc.submit_handover(s, None, coordinator, world.client.id, world.offer.id, CONSENT)


@pytest.mark.parametrize("action", ["mark_seen", "accept", "decline", "question"])
def test_the_counsellor_cannot_answer_for_the_organisation(world: World, action: str) -> None:
    handover = bring_to(world, "sent")
    with pytest.raises(PermissionDenied):
        do(world, action, handover, world.counsellor)


@pytest.mark.parametrize("action", ["withdraw", "answer"])
def test_the_organisation_cannot_act_for_the_counsellor(world: World, action: str) -> None:
    handover = bring_to(world, "sent")
    with pytest.raises(PermissionDenied):
        do(world, action, handover, world.member)


def test_closing_frees_the_slot_for_a_new_handover(world: World) -> None:
    first = bring_to(world, "declined")
    assert first.open_slot is None and first.closed_at is not None
    second = world.submit()
    assert second.id != first.id and second.status == "sent"


def test_started_keeps_the_slot_taken(world: World) -> None:
    started = bring_to(world, "started")
    assert started.open_slot == 1
    assert world.submit().id == started.id


# --- viewing and scoping -------------------------------------------------------------------


def test_views_are_audited(world: World) -> None:
    handover = bring_to(world, "sent")
    svc.get_handover(world.session, world.member, handover.id)
    svc.get_handover(world.session, world.counsellor, handover.id)
    viewed = world.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "handover.viewed")
    ).all()
    assert [e.actor_id for e in viewed] == [world.member.id, world.counsellor.id]


@pytest.mark.parametrize(
    "outsider", ["other_counsellor", "other_member", "moderator", "guide", "admin"]
)
def test_outsiders_cannot_view(world: World, outsider: str) -> None:
    handover = bring_to(world, "sent")
    with pytest.raises(PermissionDenied):
        svc.get_handover(world.session, getattr(world, outsider), handover.id)


def test_the_office_coordinator_may_view_but_not_act(world: World) -> None:
    coordinator = make_user(world.session, office="Gent", coordinator=True)
    handover = bring_to(world, "sent")
    assert svc.get_handover(world.session, coordinator, handover.id) is handover
    assert svc.allowed_actions(world.session, coordinator, handover) == []
    with pytest.raises(PermissionDenied):
        svc.withdraw(world.session, None, coordinator, handover.id)


def test_the_organisation_never_sees_drafts(world: World) -> None:
    draft = bring_to(world, "draft")
    with pytest.raises(PermissionDenied):
        svc.get_handover(world.session, world.member, draft.id)
    assert svc.organisation_inbox(world.session, world.member).handovers == []


def test_missing_handover_is_not_found(world: World) -> None:
    with pytest.raises(NotFound):
        svc.get_handover(world.session, world.counsellor, 4242)


def test_allowed_actions_follow_the_table(world: World) -> None:
    handover = bring_to(world, "sent")
    assert svc.allowed_actions(world.session, world.counsellor, handover) == ["answer", "withdraw"]
    assert svc.allowed_actions(world.session, world.member, handover) == [
        "mark_seen",
        "accept",
        "decline",
        "question",
    ]
    assert svc.allowed_actions(world.session, world.moderator, handover) == []


# --- creating and sending -------------------------------------------------------------------


def test_sending_needs_consent(world: World) -> None:
    with pytest.raises(ConsentRequired) as caught:
        world.submit(HandoverInput(wishes="Voetbal", consent_given=False, consent_date=None))
    assert set(caught.value.errors) == {"consent_given", "consent_date"}
    assert world.session.scalars(select(Handover)).all() == []


def test_consent_date_cannot_be_in_the_future(world: World) -> None:
    data = HandoverInput(consent_given=True, consent_date=MONDAY.date() + timedelta(days=1))
    with pytest.raises(ConsentRequired) as caught:
        world.submit(data)
    assert set(caught.value.errors) == {"consent_date"}


def test_a_draft_needs_no_consent_yet_and_is_sent_later(world: World) -> None:
    draft = bring_to(world, "draft")
    assert draft.consent_given is False and draft.shared_data == {}
    sent = svc.send_draft(world.session, None, world.counsellor, draft.id, CONSENT, now=MONDAY)
    assert sent.id == draft.id and sent.status == "sent"
    assert sent.consent_given and sent.consent_date == MONDAY.date()


def test_only_the_chosen_fields_are_shared(world: World) -> None:
    default = world.submit()
    assert set(default.shared_data) == {"first_name", "languages", "dutch_level", "availability"}
    assert default.shared_data["availability"] == {
        "weekdays": ["tue", "thu"],
        "dayparts": ["evening"],
    }
    assert "email" not in default.shared_data and "home_postcode" not in default.shared_data


def test_sharing_nothing_is_allowed_and_unknown_fields_are_refused(world: World) -> None:
    nothing = HandoverInput(shared_fields=[], consent_given=True, consent_date=MONDAY.date())
    assert world.submit(nothing).shared_data == {}
    svc.withdraw(
        world.session, None, world.counsellor, world.session.scalars(select(Handover)).one().id
    )
    with pytest.raises(ValidationFailed):
        world.submit(
            HandoverInput(
                shared_fields=["national_number"], consent_given=True, consent_date=MONDAY.date()
            )
        )


def test_the_snapshot_does_not_follow_later_edits(world: World) -> None:
    handover = world.submit()
    world.client.first_name = "Changed"
    world.session.commit()
    assert handover.shared_data["first_name"] == "Olena"


def test_double_submission_creates_one_handover(world: World) -> None:
    first = svc.submit_handover(
        world.session, None, world.counsellor, world.client.id, world.offer.id, CONSENT, now=MONDAY
    )
    second = svc.submit_handover(
        world.session, None, world.counsellor, world.client.id, world.offer.id, CONSENT, now=MONDAY
    )
    assert first.created and first.sent
    assert not second.created and not second.sent
    assert second.handover.id == first.handover.id
    assert len(world.session.scalars(select(Handover)).all()) == 1
    # One email to the organisation, not two.
    assert len(list_outbox()) == 1


def test_a_racing_submission_returns_the_winner(world: World, monkeypatch) -> None:
    winner = world.submit()
    mails = len(list_outbox())
    # Simulate the race: our check saw nothing, the insert then hits the unique constraint.
    real = svc.open_handover
    calls = {"n": 0}

    def late_check(session, client_id, offer_id):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        return None if calls["n"] == 1 else real(session, client_id, offer_id)

    monkeypatch.setattr(svc, "open_handover", late_check)
    result = svc.submit_handover(
        world.session, None, world.counsellor, world.client.id, world.offer.id, CONSENT, now=MONDAY
    )
    # The loser reports the winner as neither created nor sent, and sends nothing.
    assert (result.handover.id, result.created, result.sent) == (winner.id, False, False)
    assert len(world.session.scalars(select(Handover)).all()) == 1
    assert len(list_outbox()) == mails


def test_guides_and_other_counsellors_cannot_hand_over(world: World) -> None:
    guide_client = make_client(world.session, world.guide)
    with pytest.raises(PermissionDenied):
        svc.submit_handover(
            world.session, None, world.guide, guide_client.id, world.offer.id, CONSENT
        )
    with pytest.raises(PermissionDenied):
        svc.submit_handover(
            world.session, None, world.other_counsellor, world.client.id, world.offer.id, CONSENT
        )
    coordinator = make_user(world.session, office="Gent", coordinator=True)
    with pytest.raises(PermissionDenied):
        svc.submit_handover(
            world.session, None, coordinator, world.client.id, world.offer.id, CONSENT
        )


def test_unpublished_offers_and_archived_clients_are_refused(world: World, make_offer) -> None:
    draft_offer = make_offer(status="draft")
    with pytest.raises(NotFound):
        svc.submit_handover(
            world.session, None, world.counsellor, world.client.id, draft_offer.id, CONSENT
        )
    world.client.archived_at = MONDAY
    world.session.commit()
    with pytest.raises(InvalidTransition):
        world.submit()


# --- the organisation's answers --------------------------------------------------------------


@pytest.mark.parametrize(
    ("appointment", "fields"),
    [
        (Appointment(None, None, " ", ""), {"day", "at", "place", "ask_for"}),
        (Appointment(date(2026, 1, 30), time(10, 0), "Hier", "Mieke"), {"day"}),
        (Appointment(date(2026, 2, 10), time(10, 0), "x" * 301, "Mieke"), {"place"}),
    ],
)
def test_accepting_needs_a_complete_appointment(world: World, appointment, fields) -> None:
    handover = bring_to(world, "sent")
    with pytest.raises(ValidationFailed) as caught:
        svc.accept(world.session, None, world.member, handover.id, appointment, now=MONDAY)
    assert set(caught.value.errors) == fields
    assert handover.status == "sent"


def test_accepting_stores_the_appointment(world: World) -> None:
    handover = bring_to(world, "accepted")
    assert handover.appointment == {
        "date": "2026-02-10",
        "time": "19:30",
        "place": "Sporthal Noord, ingang B",
        "ask_for": "Mieke",
    }


def test_declining_needs_a_listed_reason_and_text_for_other(world: World) -> None:
    handover = bring_to(world, "sent")
    with pytest.raises(ValidationFailed) as caught:
        svc.decline(world.session, None, world.member, handover.id, "boring")
    assert "reason" in caught.value.errors
    with pytest.raises(ValidationFailed) as caught:
        svc.decline(world.session, None, world.member, handover.id, "other", "  ")
    assert "text" in caught.value.errors
    svc.decline(world.session, None, world.member, handover.id, "other", "We stoppen in maart.")
    assert (handover.decline_reason, handover.decline_text) == ("other", "We stoppen in maart.")


def test_questions_and_answers_keep_the_status(world: World) -> None:
    handover = bring_to(world, "seen")
    svc.ask_question(world.session, None, world.member, handover.id, "Komt ze met de fiets?")
    svc.answer(world.session, None, world.counsellor, handover.id, "Ja, met de fiets.")
    kinds = [(e.kind, e.to_status, e.comment) for e in handover.events[-2:]]
    assert kinds == [
        ("question", "seen", "Komt ze met de fiets?"),
        ("answer", "seen", "Ja, met de fiets."),
    ]
    with pytest.raises(ValidationFailed):
        svc.ask_question(world.session, None, world.member, handover.id, "   ")


def test_the_full_history_and_audit_trail(world: World) -> None:
    handover = bring_to(world, "sent")
    svc.mark_seen(world.session, world.member, handover.id)
    svc.accept(world.session, None, world.member, handover.id, APPOINTMENT, now=MONDAY)
    svc.mark_started(world.session, world.counsellor, handover.id)
    assert [(e.from_status, e.to_status) for e in handover.events] == [
        ("draft", "sent"),
        ("sent", "seen"),
        ("seen", "accepted"),
        ("accepted", "started"),
    ]
    assert audit_actions(world.session, handover.id) == [
        "handover.created",
        "handover.send",
        "handover.mark_seen",
        "handover.accept",
        "handover.start",
    ]
    send_event = world.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "handover.send")
    ).one()
    assert send_event.actor_id == world.counsellor.id and send_event.created_at == MONDAY
    assert send_event.data["shared_fields"] == [
        "first_name",
        "languages",
        "dutch_level",
        "availability",
    ]


# --- lists ---------------------------------------------------------------------------------


def test_inbox_is_newest_first_with_counts(world: World, make_offer) -> None:
    second_offer = make_offer("Praattafel", organisation=None)
    second_offer.organisation_id = world.offer.organisation_id
    world.session.commit()
    old = world.submit(now=MONDAY)
    new = svc.submit_handover(
        world.session,
        None,
        world.counsellor,
        world.client.id,
        second_offer.id,
        CONSENT,
        now=MONDAY + timedelta(hours=3),
    ).handover
    svc.mark_seen(world.session, world.member, old.id)
    inbox = svc.organisation_inbox(world.session, world.member)
    assert [h.id for h, _o in inbox.handovers] == [new.id, old.id]
    assert inbox.counts == {"sent": 1, "seen": 1} and inbox.total == 2
    assert [
        h.id
        for h, _o in svc.organisation_inbox(world.session, world.member, status="seen").handovers
    ] == [old.id]
    assert svc.organisation_inbox(world.session, world.other_member).handovers == []
    with pytest.raises(PermissionDenied):
        svc.organisation_inbox(world.session, world.moderator)


def test_dashboard_groups_by_status_waiting_longest_first(world: World, make_offer) -> None:
    later_offer = make_offer("Koken")
    add_contact(world.session, later_offer, "koken@example.be")
    first = world.submit(now=MONDAY)
    second = svc.submit_handover(
        world.session,
        None,
        world.counsellor,
        world.client.id,
        later_offer.id,
        CONSENT,
        now=MONDAY + timedelta(days=1),
    ).handover
    board = svc.counsellor_dashboard(world.session, world.counsellor)
    assert [row.handover.id for row in board["sent"]] == [first.id, second.id]
    assert svc.counsellor_dashboard(world.session, world.other_counsellor) == {}
    for outsider in (world.guide, world.member, world.moderator):
        with pytest.raises(PermissionDenied):
            svc.counsellor_dashboard(world.session, outsider)


# --- the clock -----------------------------------------------------------------------------


def test_working_days_skip_weekends_and_public_holidays() -> None:
    friday = date(2026, 2, 6)
    assert working_days_between(friday, date(2026, 2, 8)) == 0  # Saturday and Sunday
    assert working_days_between(friday, date(2026, 2, 9)) == 1  # Monday
    assert working_days_between(date(2026, 2, 2), date(2026, 2, 9)) == 5
    # Easter Monday 6 April 2026 is a public holiday.
    assert working_days_between(date(2026, 4, 3), date(2026, 4, 7)) == 1
    assert working_days_between(date(2026, 4, 3), date(2026, 4, 7), holidays=False) == 2


#: The weekdays that are Belgian public holidays, written out from the official calendar.
WEEKDAY_HOLIDAYS = {
    2025: [
        date(2025, 1, 1), date(2025, 4, 21), date(2025, 5, 1), date(2025, 5, 29),
        date(2025, 6, 9), date(2025, 7, 21), date(2025, 8, 15), date(2025, 11, 11),
        date(2025, 12, 25),
    ],
    2026: [
        date(2026, 1, 1), date(2026, 4, 6), date(2026, 5, 1), date(2026, 5, 14),
        date(2026, 5, 25), date(2026, 7, 21), date(2026, 11, 11), date(2026, 12, 25),
    ],
    2027: [
        date(2027, 1, 1), date(2027, 3, 29), date(2027, 5, 6), date(2027, 5, 17),
        date(2027, 7, 21), date(2027, 11, 1), date(2027, 11, 11),
    ],
}


@pytest.mark.parametrize("year", [2025, 2026, 2027])
def test_the_working_days_of_2025_to_2027_skip_exactly_the_belgian_holidays(year: int) -> None:
    day, off = date(year, 1, 1), []
    while day.year == year:
        if day.weekday() < 5 and not svc.is_working_day(day):
            off.append(day)
        day += timedelta(days=1)
    assert off == WEEKDAY_HOLIDAYS[year]
    # Without holidays every weekday counts; weekends never do.
    assert svc.is_working_day(WEEKDAY_HOLIDAYS[year][1], holidays=False) is True
    assert svc.is_working_day(date(2026, 4, 5)) is False  # Easter Sunday 2026, a Sunday
    # A whole year: its 261 weekdays minus the holidays above.
    assert working_days_between(date(year - 1, 12, 31), date(year, 12, 31)) == 261 - len(
        WEEKDAY_HOLIDAYS[year]
    )


def _outbox(to: str | None = None) -> list:
    return [item for item in list_outbox() if to is None or item.to == to]


def test_reminder_after_five_working_days_once(app, world: World) -> None:
    handover = world.submit(now=MONDAY)  # Monday 2 February
    sent_mails = len(_outbox())
    friday = MONDAY + timedelta(days=4)
    assert svc.tick(world.session, friday).reminded == []
    saturday, sunday = MONDAY + timedelta(days=5), MONDAY + timedelta(days=6)
    assert svc.tick(world.session, saturday).reminded == []
    assert svc.tick(world.session, sunday).reminded == []
    next_monday = MONDAY + timedelta(days=7)
    report = svc.tick(world.session, next_monday)
    assert report.reminded == [handover.id] and report.expired == []
    assert handover.reminded_at == next_monday
    assert handover.status == "sent"
    assert handover.events[-1].kind == "reminder"
    # Running the clock again the same day, or the next, sends nothing more.
    assert svc.tick(world.session, next_monday).reminded == []
    assert svc.tick(world.session, next_monday + timedelta(days=1)).reminded == []
    items = _outbox()
    assert len(items) == sent_mails + 1
    reminder = items[-1]
    assert reminder.to == "contact@club.be" and reminder.content_language == "nl"
    # Organisations are written to in Dutch.
    expected = tr(
        app,
        "nl",
        "Reminder: a newcomer is waiting for your answer about “%(title)s”",
        title=world.offer.title_nl,
    )
    assert squash(reminder.subject) == squash(expected)
    assert "handover.reminded" in audit_actions(world.session, handover.id)


def test_sent_on_friday_the_weekend_does_not_count(world: World) -> None:
    friday = MONDAY + timedelta(days=4)
    handover = world.submit(now=friday)
    assert svc.tick(world.session, friday + timedelta(days=6)).reminded == []  # Thursday: 4 days
    assert svc.tick(world.session, friday + timedelta(days=7)).reminded == [
        handover.id
    ]  # Friday: 5


def test_expiry_after_fifteen_working_days_and_the_counsellor_is_told(world: World) -> None:
    handover = world.submit(now=MONDAY)
    svc.mark_seen(world.session, world.member, handover.id, now=MONDAY)
    day_14 = MONDAY + timedelta(days=18)  # Friday of the third week
    assert svc.tick(world.session, day_14).expired == []
    day_15 = MONDAY + timedelta(days=21)  # Monday of the fourth week
    report = svc.tick(world.session, day_15)
    assert report.expired == [handover.id]
    assert handover.status == "expired" and handover.open_slot is None
    assert handover.events[-1].actor_id is None
    assert svc.tick(world.session, day_15 + timedelta(days=1)).expired == []
    [told] = _outbox(world.counsellor.email)
    assert told.content_language == "fr"  # the counsellor's own language


def test_decided_handovers_get_no_reminder(world: World) -> None:
    bring_to(world, "accepted")
    report = svc.tick(world.session, MONDAY + timedelta(days=30))
    assert report.reminded == [] and report.expired == []


# --- retention ------------------------------------------------------------------------------


def test_closed_handovers_are_erased_after_the_retention_period(world: World, make_offer) -> None:
    declined = bring_to(world, "declined")
    declined.closed_at = datetime(2024, 1, 10, tzinfo=UTC)
    declined.events.append(
        HandoverEvent(
            from_status="declined", to_status="declined", kind="question", comment="Naam X"
        )
    )
    other_offer = make_offer("Lopen")
    recent = svc.submit_handover(
        world.session, None, world.counsellor, world.client.id, other_offer.id, CONSENT, now=MONDAY
    ).handover
    svc.withdraw(world.session, None, world.counsellor, recent.id, now=MONDAY)
    still_open_offer = make_offer("Schaken")
    open_one = svc.submit_handover(
        world.session,
        None,
        world.counsellor,
        world.client.id,
        still_open_offer.id,
        CONSENT,
        now=MONDAY,
    ).handover
    open_one.created_at = datetime(2020, 1, 1, tzinfo=UTC)
    world.session.commit()

    now = datetime(2026, 2, 2, tzinfo=UTC)
    report = svc.tick(world.session, now, retention_months=24)
    assert report.anonymised == 1
    world.session.refresh(declined)
    assert declined.anonymised_at == now
    assert declined.client_id is None and declined.shared_data == {} and declined.wishes is None
    assert (
        declined.note is None and declined.practical_needs is None and declined.decline_text is None
    )
    assert all(e.comment is None for e in declined.events)
    # The bare facts stay for the figures.
    assert declined.status == "declined" and declined.offer_id == world.offer.id
    assert recent.anonymised_at is None and open_one.anonymised_at is None
    assert "handover.anonymised" in audit_actions(world.session, declined.id)
    assert svc.apply_retention(world.session, now, 24) == 0


# --- emails -------------------------------------------------------------------------------


def test_the_organisation_is_mailed_in_dutch_without_personal_data(world: World) -> None:
    handover = world.submit()
    [item] = list_outbox()
    assert item.to == "contact@club.be" and item.content_language == "nl"
    body = read_message(item.path).get_body(("plain",)).get_content()
    assert "Voetbal met de buren" in body
    assert f"/nl/handover-link/{handover.id}/" in body
    for personal in ("Olena", "Kinderopvang", world.client.reference_code):
        assert personal not in body


def test_without_contacts_the_organisation_address_is_used(world: World, make_offer) -> None:
    offer = make_offer("Zonder contact")
    offer.organisation.email = "info@vereniging.be"
    world.session.commit()
    svc.submit_handover(
        world.session, None, world.counsellor, world.client.id, offer.id, CONSENT, now=MONDAY
    )
    assert [item.to for item in list_outbox()] == ["info@vereniging.be"]


def test_the_client_gets_the_appointment_in_their_language(world: World) -> None:
    handover = bring_to(world, "accepted")
    before = len(list_outbox())
    assert (
        svc.send_appointment_to_client(world.session, None, world.counsellor, handover.id) is True
    )
    item = list_outbox()[before:][0]
    assert item.to == "olena@example.org" and item.content_language == "uk"
    body = read_message(item.path).get_body(("plain",)).get_content()
    assert "Футбол із сусідами" in body
    assert "Sporthal Noord, ingang B" in body and "Mieke" in body and "19:30" in body
    assert "2026" in body
    with pytest.raises(PermissionDenied):
        svc.send_appointment_to_client(world.session, None, world.member, handover.id)


def test_no_appointment_mail_before_acceptance(world: World) -> None:
    handover = bring_to(world, "sent")
    with pytest.raises(InvalidTransition):
        svc.send_appointment_to_client(world.session, None, world.counsellor, handover.id)


# --- the command line ---------------------------------------------------------------------


def test_tick_command_is_idempotent(app, world: World) -> None:
    handover = world.submit(now=MONDAY)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["handovers", "tick", "--now", "2026-02-09T10:00:00+01:00"])
    assert result.exit_code == 0, result.output
    assert "Reminders sent: 1. Expired: 0." in result.output
    again = runner.invoke(args=["handovers", "tick", "--now", "2026-02-09T11:00:00+01:00"])
    assert "Reminders sent: 0. Expired: 0." in again.output
    world.session.rollback()  # end the read snapshot so the CLI's commit is visible
    assert world.session.get(Handover, handover.id).reminded_at is not None
    bad = runner.invoke(args=["handovers", "tick", "--now", "next tuesday"])
    assert bad.exit_code != 0 and "--now" in bad.output


def test_clients_anonymise_command(app, world: World) -> None:
    world.client.archived_at = datetime(2024, 1, 1, tzinfo=UTC)
    world.session.commit()
    result = app.test_cli_runner().invoke(args=["clients", "anonymise"])
    assert result.exit_code == 0, result.output
    assert "Clients anonymised (archived more than 12 months ago): 1." in result.output
    world.session.expire_all()
    assert world.session.get(type(world.client), world.client.id).anonymised_at is not None
