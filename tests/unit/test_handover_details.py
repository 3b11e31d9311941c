"""Warm handovers in detail: the messages a refusal names, what the history and audit trail keep,
the dashboard's rows, the clock's calendar, and the edges of withdrawal, links and erasure."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from aanbodplatform.models import AuditEvent, Handover
from aanbodplatform.services import clients as client_service
from aanbodplatform.services import handovers as svc
from aanbodplatform.services.authz import PermissionDenied, ValidationFailed
from aanbodplatform.services.handovers import Appointment, HandoverInput, Transition
from aanbodplatform.services.mail import list_outbox, read_message
from tests.factories import MONDAY, add_contact, make_client, make_member
from tests.i18n_support import in_locale, squash, tr
from tests.unit.test_handovers import APPOINTMENT, CONSENT, World, bring_to, world  # noqa: F401

#: The locale the refusals are checked in: the messages are gettext'ed for the request.
LOCALE = "fr"
LONG_TEXT = "x" * 2001


def refusal(app: Any, call: Callable[[], Any]) -> dict[str, str]:
    """Return the field errors `call` is refused with, run in the locale LOCALE."""
    with in_locale(app, LOCALE), pytest.raises(ValidationFailed) as caught:
        call()
    return caught.value.errors


def fr(app: Any, msgid: str, **variables: Any) -> str:
    """Return `msgid` as the app shows it in LOCALE."""
    return tr(app, LOCALE, msgid, **variables)


def audit_events(session: Any, action: str, handover_id: int) -> list[AuditEvent]:
    """Return the audit events of one action on one handover, oldest first."""
    return list(
        session.scalars(
            select(AuditEvent)
            .where(
                AuditEvent.action == action,
                AuditEvent.entity_type == "handover",
                AuditEvent.entity_id == handover_id,
            )
            .order_by(AuditEvent.id)
        )
    )


def submit_for(world: World, offer: Any, *, now: datetime = MONDAY) -> Handover:  # noqa: F811
    """Send a handover of the world's client for another offer."""
    return svc.submit_handover(
        world.session, None, world.counsellor, world.client.id, offer.id, CONSENT, now=now
    ).handover


# --- the table helper -------------------------------------------------------------------------


def test_a_table_row_is_built_from_tuples_into_sets() -> None:
    row = svc._t(("counsellor", "system"), ("draft", "sent", "seen", "accepted"), "withdrawn")
    assert row == Transition(
        frozenset({"counsellor", "system"}),
        frozenset({"draft", "sent", "seen", "accepted"}),
        "withdrawn",
    )
    assert svc._t(("organisation",), ("sent",), None) == Transition(
        frozenset({"organisation"}), frozenset({"sent"}), None
    )


# --- what a refusal says, in the user's language -----------------------------------------------


def test_accepting_names_each_missing_part_of_the_appointment(app, world: World) -> None:  # noqa: F811
    handover = bring_to(world, "sent")

    def accept(appointment: Appointment) -> Callable[[], Any]:
        return lambda: svc.accept(
            world.session, None, world.member, handover.id, appointment, now=MONDAY
        )

    assert refusal(app, accept(Appointment(None, None, " ", ""))) == {
        "day": fr(app, "Enter the date of the first appointment."),
        "at": fr(app, "Enter the time of the first appointment."),
        "place": fr(app, "Enter where the person should go."),
        "ask_for": fr(app, "Enter whom the person should ask for."),
    }
    # 30 January is before Monday 2 February.
    assert refusal(app, accept(Appointment(date(2026, 1, 30), time(10, 0), "Hier", "Mieke"))) == {
        "day": fr(app, "The date cannot be in the past."),
    }
    too_long = Appointment(date(2026, 2, 10), time(10, 0), "p" * 301, "a" * 121)
    assert refusal(app, accept(too_long)) == {
        "place": fr(app, "Use at most %(num)d characters.", num=300),
        "ask_for": fr(app, "Use at most %(num)d characters.", num=120),
    }
    # At the limits the appointment is taken.
    svc.accept(
        world.session, None, world.member, handover.id,
        Appointment(date(2026, 2, 2), time(10, 0), "p" * 300, "a" * 120), now=MONDAY,
    )  # fmt: skip
    assert handover.status == "accepted"


def test_declining_names_what_is_wrong(app, world: World) -> None:  # noqa: F811
    handover = bring_to(world, "sent")

    def decline(reason: str, text: str = "") -> Callable[[], Any]:
        return lambda: svc.decline(
            world.session, None, world.member, handover.id, reason, text, now=MONDAY
        )

    assert refusal(app, decline("boring")) == {"reason": fr(app, "Choose a reason from the list.")}
    assert refusal(app, decline("other", "   ")) == {
        "text": fr(app, "Explain the reason in a few words.")
    }
    too_long = fr(app, "Use at most %(num)d characters.", num=2000)
    assert refusal(app, decline("schedule", LONG_TEXT)) == {"text": too_long}
    # A too long text is named once, even for "other" (not also "explain the reason").
    assert refusal(app, decline("other", LONG_TEXT)) == {"text": too_long}
    assert handover.status == "sent" and handover.decline_reason is None


def test_questions_and_answers_must_be_written_and_short_enough(app, world: World) -> None:  # noqa: F811
    handover = bring_to(world, "seen")
    s, member, counsellor = world.session, world.member, world.counsellor
    too_long = fr(app, "Use at most %(num)d characters.", num=2000)
    assert refusal(app, lambda: svc.ask_question(s, None, member, handover.id, "  ")) == {
        "text": fr(app, "Write your question.")
    }
    assert refusal(app, lambda: svc.ask_question(s, None, member, handover.id, LONG_TEXT)) == {
        "text": too_long
    }
    assert refusal(app, lambda: svc.answer(s, None, counsellor, handover.id, "")) == {
        "text": fr(app, "Write your answer.")
    }
    assert refusal(app, lambda: svc.answer(s, None, counsellor, handover.id, LONG_TEXT)) == {
        "text": too_long
    }
    # Exactly at the limit is fine, and the text is kept without its surrounding spaces.
    event = svc.ask_question(s, None, member, handover.id, " " + "q" * 2000 + " ", now=MONDAY)
    assert event.comment == "q" * 2000
    assert [e.kind for e in handover.events] == ["status", "status", "question"]


def test_recording_an_outcome_names_what_is_wrong(app, world: World) -> None:  # noqa: F811
    handover = bring_to(world, "started")

    def record(action: str, day: date | None) -> Callable[[], Any]:
        return lambda: svc.record_outcome(
            world.session, None, world.member, handover.id, action, day, now=MONDAY
        )

    assert refusal(app, record("party", MONDAY.date())) == {
        "outcome": fr(app, "Choose what happened from the list.")
    }
    assert refusal(app, record("attend", None)) == {"day": fr(app, "Enter the date.")}
    assert refusal(app, record("attend", date(2026, 2, 3))) == {
        "day": fr(app, "The date cannot be in the future.")
    }
    assert handover.status == "started" and handover.outcome_date is None


def test_a_withdrawal_reason_must_be_short_enough(app, world: World) -> None:  # noqa: F811
    handover = bring_to(world, "sent")
    assert refusal(
        app,
        lambda: svc.withdraw(
            world.session, None, world.counsellor, handover.id, reason=LONG_TEXT, now=MONDAY
        ),
    ) == {"reason": fr(app, "Use at most %(num)d characters.", num=2000)}
    assert handover.status == "sent"


def test_the_appointment_is_not_mailed_to_a_client_without_an_address(app, world: World) -> None:  # noqa: F811
    handover = bring_to(world, "accepted")
    world.client.email = None
    world.session.commit()
    before = len(list_outbox())
    assert refusal(
        app,
        lambda: svc.send_appointment_to_client(
            world.session, None, world.counsellor, handover.id, now=MONDAY
        ),
    ) == {"email": fr(app, "This client has no email address.")}
    assert len(list_outbox()) == before


# --- what the history and the audit trail keep ------------------------------------------------


def test_a_decline_keeps_its_reason_and_explanation(world: World) -> None:  # noqa: F811
    handover = bring_to(world, "seen")
    later = MONDAY + timedelta(hours=2)
    svc.decline(
        world.session, None, world.member, handover.id, "schedule", " Enkel overdag. ", now=later
    )
    last = handover.events[-1]
    assert (last.from_status, last.to_status, last.kind, last.actor_id, last.comment) == (
        "seen", "declined", "status", world.member.id, "Enkel overdag.",
    )  # fmt: skip
    assert (handover.decline_reason, handover.decline_text) == ("schedule", "Enkel overdag.")
    [event] = audit_events(world.session, "handover.decline", handover.id)
    assert event.actor_id == world.member.id and event.created_at == later
    assert event.data == {"from": "seen", "to": "declined", "reason": "schedule"}


def test_an_outcome_keeps_its_date(world: World) -> None:  # noqa: F811
    handover = bring_to(world, "started")
    later = MONDAY + timedelta(days=3)
    svc.record_outcome(
        world.session, None, world.member, handover.id, "attend", date(2026, 2, 4), now=later
    )
    assert handover.status == "attended" and handover.outcome_date == date(2026, 2, 4)
    assert handover.closed_at == later
    [event] = audit_events(world.session, "handover.attend", handover.id)
    assert event.actor_id == world.member.id and event.created_at == later
    assert event.data == {"from": "started", "to": "attended", "date": "2026-02-04"}


def test_an_answer_is_the_counsellors_and_restarts_the_clock(world: World) -> None:  # noqa: F811
    handover = bring_to(world, "sent")
    later = MONDAY + timedelta(days=3)
    svc.answer(world.session, None, world.counsellor, handover.id, " Ja, met de fiets. ", now=later)
    last = handover.events[-1]
    assert (last.from_status, last.to_status, last.kind, last.actor_id, last.comment) == (
        "sent", "sent", "answer", world.counsellor.id, "Ja, met de fiets.",
    )  # fmt: skip
    assert handover.last_activity_at == later
    [event] = audit_events(world.session, "handover.answer", handover.id)
    assert event.actor_id == world.counsellor.id and event.created_at == later
    assert event.data == {"from": "sent", "to": "sent"}
    # The reminder counts from the answer: five working days after Thursday is the next Thursday.
    assert svc.tick(world.session, MONDAY + timedelta(days=9)).reminded == []
    assert svc.tick(world.session, MONDAY + timedelta(days=10)).reminded == [handover.id]


def test_a_withdrawal_keeps_the_counsellors_reason(world: World) -> None:  # noqa: F811
    handover = bring_to(world, "seen")
    later = MONDAY + timedelta(days=1)
    svc.withdraw(
        world.session, None, world.counsellor, handover.id,
        reason="  Ze verhuist naar Antwerpen. ", now=later,
    )  # fmt: skip
    last = handover.events[-1]
    assert (last.from_status, last.to_status, last.actor_id, last.comment) == (
        "seen", "withdrawn", world.counsellor.id, "Ze verhuist naar Antwerpen.",
    )  # fmt: skip
    assert handover.closed_at == later and handover.open_slot is None
    [event] = audit_events(world.session, "handover.withdraw", handover.id)
    assert event.actor_id == world.counsellor.id and event.created_at == later
    assert event.data == {"from": "seen", "to": "withdrawn"}


def test_a_withdrawal_without_a_reason_has_no_comment(world: World) -> None:  # noqa: F811
    handover = bring_to(world, "sent")
    svc.withdraw(world.session, None, world.counsellor, handover.id, reason="   ", now=MONDAY)
    assert handover.events[-1].comment is None


def test_views_are_audited_at_the_moment_given(world: World) -> None:  # noqa: F811
    handover = bring_to(world, "sent")
    later = MONDAY + timedelta(hours=5)
    svc.get_handover(world.session, world.member, handover.id, now=later)
    [event] = audit_events(world.session, "handover.viewed", handover.id)
    assert (event.actor_id, event.created_at, event.data) == (world.member.id, later, {})


def test_the_reminder_is_written_down(world: World) -> None:  # noqa: F811
    handover = world.submit(now=MONDAY)
    next_monday = MONDAY + timedelta(days=7)
    assert svc.tick(world.session, next_monday).reminded == [handover.id]
    last = handover.events[-1]
    assert (last.from_status, last.to_status, last.kind, last.actor_id, last.created_at) == (
        "sent", "sent", "reminder", None, next_monday,
    )  # fmt: skip
    [event] = audit_events(world.session, "handover.reminded", handover.id)
    assert (event.actor_id, event.created_at, event.data) == (None, next_monday, {"working_days": 5})


def test_retention_is_audited_as_the_system_at_the_moment_given(world: World) -> None:  # noqa: F811
    declined = bring_to(world, "declined")
    declined.closed_at = datetime(2024, 1, 10, tzinfo=UTC)
    world.session.commit()
    now = datetime(2026, 2, 2, 6, 0, tzinfo=UTC)
    assert svc.apply_retention(world.session, now, 24) == 1
    [event] = audit_events(world.session, "handover.anonymised", declined.id)
    assert (event.actor_id, event.created_at, event.data) == (None, now, {"reason": "retention"})
    assert declined.anonymised_at == now


def test_the_appointment_mail_is_audited_with_the_clients_language(world: World) -> None:  # noqa: F811
    handover = bring_to(world, "accepted")
    later = MONDAY + timedelta(hours=1)
    assert svc.send_appointment_to_client(
        world.session, None, world.counsellor, handover.id, now=later
    )
    [event] = audit_events(world.session, "handover.appointment_sent_to_client", handover.id)
    assert (event.actor_id, event.created_at, event.data) == (
        world.counsellor.id, later, {"locale": "uk"},
    )  # fmt: skip


# --- the appointment mail once the client has started --------------------------------------------


def test_the_appointment_can_still_be_mailed_after_the_start(world: World) -> None:  # noqa: F811
    handover = bring_to(world, "started")
    before = len(list_outbox())
    assert svc.send_appointment_to_client(
        world.session, None, world.counsellor, handover.id, now=MONDAY
    ) is True
    [item] = list_outbox()[before:]
    assert item.to == "olena@example.org" and item.content_language == "uk"
    text = read_message(item.path).get_body(("plain",)).get_content()
    assert "Sporthal Noord, ingang B" in text and "19:30" in text


# --- the dashboard ----------------------------------------------------------------------------


def test_dashboard_rows_field_by_field(world: World, make_offer) -> None:  # noqa: F811
    s = world.session
    # A second client of the same counsellor: each row must carry its own client.
    other_client = make_client(s, world.counsellor, first_name="Ahmad")
    second_offer, third_offer = make_offer("Koken"), make_offer("Zwemmen")
    second_member = make_member(s, second_offer)
    waiting = world.submit(now=MONDAY)
    # An answer changes `updated_at`, but the organisation has been waiting since the sending.
    answered = MONDAY + timedelta(days=1)
    svc.answer(s, None, world.counsellor, waiting.id, "Ze komt met de fiets.", now=answered)
    accepted = submit_for(world, second_offer, now=MONDAY + timedelta(hours=2))
    svc.accept(s, None, second_member, accepted.id, APPOINTMENT, now=MONDAY + timedelta(days=3))
    draft = svc.submit_handover(
        s, None, world.counsellor, other_client.id, third_offer.id, HandoverInput(wishes="Zwemmen"),
        send=False, now=MONDAY + timedelta(hours=1),
    ).handover  # fmt: skip
    board = svc.counsellor_dashboard(s, world.counsellor)
    rows = {
        status: [(r.handover.id, r.client, r.offer, r.waiting_since) for r in items]
        for status, items in board.items()
    }
    assert rows == {
        "draft": [(draft.id, other_client, third_offer, MONDAY + timedelta(hours=1))],
        "sent": [(waiting.id, world.client, world.offer, MONDAY)],
        "accepted": [(accepted.id, world.client, second_offer, MONDAY + timedelta(days=3))],
    }
    assert list(board) == ["draft", "sent", "accepted"]  # in the order of the statuses


def test_handovers_for_a_client_are_newest_first_and_only_theirs(world: World, make_offer) -> None:  # noqa: F811
    s = world.session
    first = world.submit(now=MONDAY)
    second = submit_for(world, make_offer("Koken"), now=MONDAY + timedelta(hours=1))
    someone_else = make_client(s, world.other_counsellor, first_name="Ahmad")
    svc.submit_handover(
        s, None, world.other_counsellor, someone_else.id, world.offer.id, CONSENT, now=MONDAY
    )
    assert [h.id for h in svc.handovers_for_client(s, world.counsellor, world.client.id)] == [
        second.id,
        first.id,
    ]
    assert svc.handovers_for_client(s, world.other_counsellor, someone_else.id)[0].client_id == (
        someone_else.id
    )
    for outsider in (world.other_counsellor, world.member, None):
        with pytest.raises(PermissionDenied):
            svc.handovers_for_client(s, outsider, world.client.id)


# --- the clock and the calendar ----------------------------------------------------------------


def test_the_clock_skips_public_holidays_unless_told_not_to(world: World) -> None:  # noqa: F811
    # Sent on Tuesday 31 March 2026; Monday 6 April is Easter Monday.
    tuesday = datetime(2026, 3, 31, 8, 0, tzinfo=UTC)
    handover = world.submit(now=tuesday)
    easter_tuesday = datetime(2026, 4, 7, 8, 0, tzinfo=UTC)  # 4 working days, 5 weekdays
    assert svc.tick(world.session, easter_tuesday).reminded == []
    assert handover.reminded_at is None
    assert svc.tick(world.session, easter_tuesday + timedelta(days=1)).reminded == [handover.id]


def test_without_holidays_the_clock_counts_every_weekday(world: World) -> None:  # noqa: F811
    tuesday = datetime(2026, 3, 31, 8, 0, tzinfo=UTC)
    handover = world.submit(now=tuesday)
    easter_tuesday = datetime(2026, 4, 7, 8, 0, tzinfo=UTC)
    report = svc.tick(world.session, easter_tuesday, holidays=False)
    assert report.reminded == [handover.id]
    [event] = audit_events(world.session, "handover.reminded", handover.id)
    assert event.data == {"working_days": 5}


# --- withdrawal: who is told ---------------------------------------------------------------------


def test_withdrawing_a_draft_tells_nobody(world: World) -> None:  # noqa: F811
    draft = bring_to(world, "draft")
    svc.withdraw(world.session, None, world.counsellor, draft.id, now=MONDAY)
    assert draft.status == "withdrawn"
    assert list_outbox() == []


def test_withdrawing_a_sent_handover_tells_the_organisation(app, world: World) -> None:  # noqa: F811
    handover = bring_to(world, "sent")
    before = len(list_outbox())
    svc.withdraw(world.session, None, world.counsellor, handover.id, now=MONDAY)
    [item] = list_outbox()[before:]
    assert item.to == "contact@club.be" and item.content_language == "nl"
    expected = tr(
        app, "nl", "The counsellor withdrew a handover for “%(title)s”", title=world.offer.title_nl
    )
    assert squash(item.subject) == squash(expected)


def test_erasing_a_client_tells_only_the_organisations_that_had_an_open_handover(
    app, world: World, make_offer  # noqa: F811
) -> None:
    s = world.session
    declined = bring_to(world, "declined")
    open_offer = make_offer("Koken")
    add_contact(s, open_offer, "koken@example.be")
    still_open = submit_for(world, open_offer)
    draft_offer = make_offer("Zwemmen")
    add_contact(s, draft_offer, "zwemmen@example.be")
    draft = svc.submit_handover(
        s, None, world.counsellor, world.client.id, draft_offer.id, HandoverInput(), send=False,
        now=MONDAY,
    ).handover  # fmt: skip
    before = len(list_outbox())
    later = MONDAY + timedelta(days=1)
    client_service.erase_client(s, world.counsellor, world.client.id, now=later)
    told = list_outbox()[before:]
    assert [item.to for item in told] == ["koken@example.be"]
    expected = tr(app, "nl", "The counsellor withdrew a handover for “%(title)s”", title="Koken")
    assert squash(told[0].subject) == squash(expected)
    s.expire_all()
    statuses = {h.id: h.status for h in s.scalars(select(Handover))}
    assert statuses == {declined.id: "declined", still_open.id: "withdrawn", draft.id: "withdrawn"}
    [event] = audit_events(s, "handover.withdraw", still_open.id)
    assert (event.actor_id, event.created_at, event.data) == (
        world.counsellor.id, later, {"from": "sent", "to": "withdrawn", "reason": "client_erased"},
    )  # fmt: skip
    assert audit_events(s, "handover.withdraw", declined.id) == []


def test_withdrawing_for_erasure_leaves_a_closed_handover_alone(world: World) -> None:  # noqa: F811
    declined = bring_to(world, "declined")
    events = len(declined.events)
    assert svc.withdraw_for_erasure(world.session, world.counsellor, declined, MONDAY) is False
    assert declined.status == "declined" and len(declined.events) == events
    draft = svc.submit_handover(
        world.session, None, world.counsellor, world.client.id, world.offer.id,
        HandoverInput(), send=False, now=MONDAY,
    ).handover  # fmt: skip
    # A draft is withdrawn, but the organisation never had it: nobody to tell.
    assert svc.withdraw_for_erasure(world.session, world.counsellor, draft, MONDAY) is False
    assert draft.status == "withdrawn"


# --- the contact person's link -------------------------------------------------------------------


def test_opening_the_link_is_audited_at_the_moment_given(world: World) -> None:  # noqa: F811
    handover = world.submit(now=MONDAY)
    token = svc.contact_link_tokens(world.session, None, handover)["contact@club.be"]
    later = MONDAY + timedelta(hours=2)
    opened, who = svc.open_with_link(world.session, None, handover.id, token, now=later)
    assert opened is handover and who.name == "Mieke Contact"
    assert who.link.last_used_at == later
    [event] = audit_events(world.session, "handover.viewed", handover.id)
    assert (event.actor_id, event.created_at, event.data["contact_person"]) == (
        None, later, "Mieke Contact",
    )  # fmt: skip


def test_a_closed_handover_refuses_a_link_that_was_not_revoked(world: World) -> None:  # noqa: F811
    handover = world.submit(now=MONDAY)
    token = svc.contact_link_tokens(world.session, None, handover)["contact@club.be"]
    # Closed behind the state machine's back (by hand in the database): the link still resolves.
    handover.status = "attended"
    world.session.commit()
    with pytest.raises(svc.LinkRefused) as caught:
        svc.open_with_link(world.session, None, handover.id, token, now=MONDAY)
    assert (caught.value.problem, caught.value.status_code) == ("closed", 410)
    assert audit_events(world.session, "handover.viewed", handover.id) == []


# --- writing and sending: what is checked, what is kept --------------------------------------


def test_sending_names_what_consent_is_missing(app, world: World) -> None:  # noqa: F811
    def send(data: HandoverInput) -> Callable[[], Any]:
        return lambda: world.submit(data)

    assert refusal(app, send(HandoverInput(consent_given=False, consent_date=None))) == {
        "consent_given": fr(
            app, "Ask the client for consent first. You cannot send a handover without it."
        ),
        "consent_date": fr(app, "Enter the date the client gave consent."),
    }
    tomorrow = MONDAY.date() + timedelta(days=1)
    assert refusal(app, send(HandoverInput(consent_given=True, consent_date=tomorrow))) == {
        "consent_date": fr(app, "The date of consent cannot be in the future."),
    }
    assert world.session.scalars(select(Handover)).all() == []


def test_the_handover_form_names_each_field_that_is_too_long(app, world: World) -> None:  # noqa: F811
    too_long = fr(app, "Use at most %(num)d characters.", num=2000)
    data = HandoverInput(
        wishes=LONG_TEXT, practical_needs=LONG_TEXT, note=LONG_TEXT,
        consent_given=True, consent_date=MONDAY.date(),
    )  # fmt: skip
    assert refusal(app, lambda: world.submit(data)) == {
        "wishes": too_long, "practical_needs": too_long, "note": too_long,
    }  # fmt: skip
    unknown = HandoverInput(
        shared_fields=["first_name", "national_number"], consent_given=True,
        consent_date=MONDAY.date(),
    )  # fmt: skip
    assert refusal(app, lambda: world.submit(unknown)) == {
        "shared_fields": fr(app, "Choose what to share from the list.")
    }
    assert world.session.scalars(select(Handover)).all() == []


def test_the_handover_keeps_what_the_counsellor_wrote(world: World) -> None:  # noqa: F811
    data = HandoverInput(
        wishes=" Voetballen met buren ", practical_needs="Kinderopvang op dinsdag",
        preferred_start=date(2026, 3, 2), note="", consent_given=True, consent_date=MONDAY.date(),
    )  # fmt: skip
    handover = world.submit(data)
    assert (
        handover.wishes, handover.practical_needs, handover.note, handover.preferred_start,
    ) == ("Voetballen met buren", "Kinderopvang op dinsdag", None, date(2026, 3, 2))  # fmt: skip
    assert (handover.sent_at, handover.consent_date, handover.closed_at) == (
        MONDAY, MONDAY.date(), None,
    )  # fmt: skip
    first = handover.events[0]
    assert (first.from_status, first.to_status, first.actor_id, first.created_at) == (
        "draft", "sent", world.counsellor.id, MONDAY,
    )  # fmt: skip
    # An open handover is not closed, whatever happens to it.
    svc.mark_seen(world.session, world.member, handover.id, now=MONDAY + timedelta(hours=1))
    svc.accept(world.session, None, world.member, handover.id, APPOINTMENT, now=MONDAY)
    assert handover.closed_at is None


def test_empty_texts_are_kept_as_nothing(world: World) -> None:  # noqa: F811
    draft = world.submit(HandoverInput(), send=False)
    assert (draft.wishes, draft.practical_needs, draft.note, draft.preferred_start) == (
        None, None, None, None,
    )  # fmt: skip
    svc.withdraw(world.session, None, world.counsellor, draft.id, now=MONDAY)
    assert draft.events[-1].comment is None
    sent = world.submit()
    svc.decline(world.session, None, world.member, sent.id, "full", now=MONDAY)
    assert sent.decline_text is None and sent.events[-1].comment is None


def test_every_shareable_field_is_shared_as_a_plain_value(world: World) -> None:  # noqa: F811
    everything = HandoverInput(
        shared_fields=list(reversed(svc.SHAREABLE_FIELDS)), consent_given=True,
        consent_date=MONDAY.date(),
    )  # fmt: skip
    handover = world.submit(everything)
    assert handover.shared_fields == [
        "first_name", "languages", "dutch_level", "availability", "interests",
        "home_postcode", "status", "contract_end_date", "email",
    ]  # fmt: skip
    assert handover.shared_data == {
        "first_name": "Olena",
        "languages": ["uk", "ru"],
        "dutch_level": "A1",
        "availability": {"weekdays": ["tue", "thu"], "dayparts": ["evening"]},
        "interests": ["football"],
        "home_postcode": "9000",
        "status": "obliged",
        "contract_end_date": "2027-06-30",
        "email": "olena@example.org",
    }


def test_a_second_submission_returns_the_first_as_neither_created_nor_sent(world: World) -> None:  # noqa: F811
    first = svc.submit_handover(
        world.session, None, world.counsellor, world.client.id, world.offer.id, CONSENT, now=MONDAY
    )
    again = svc.submit_handover(
        world.session, None, world.counsellor, world.client.id, world.offer.id, CONSENT, now=MONDAY
    )
    assert (again.handover.id, again.created, again.sent) == (first.handover.id, False, False)
    assert len(list_outbox()) == 1
    # The same answer when another request won the race: test_handovers.py, racing submission.


def test_updating_a_draft_is_audited(world: World) -> None:  # noqa: F811
    draft = world.submit(HandoverInput(wishes="Iets"), send=False, now=MONDAY)
    later = MONDAY + timedelta(hours=3)
    again = world.submit(HandoverInput(wishes="Iets anders"), send=False, now=later)
    assert again.id == draft.id and again.wishes == "Iets anders" and again.status == "draft"
    [created] = audit_events(world.session, "handover.created", draft.id)
    assert (created.actor_id, created.created_at, created.data) == (
        world.counsellor.id, MONDAY, {"offer_id": world.offer.id},
    )  # fmt: skip
    [updated] = audit_events(world.session, "handover.draft_updated", draft.id)
    assert (updated.actor_id, updated.created_at) == (world.counsellor.id, later)


# --- acting through a link ------------------------------------------------------------------------


def test_a_link_acts_only_on_its_own_handover(world: World, make_offer) -> None:  # noqa: F811
    first = world.submit(now=MONDAY)
    second = submit_for(world, make_offer("Koken"))
    token = svc.contact_link_tokens(world.session, None, first)["contact@club.be"]
    _opened, who = svc.open_with_link(world.session, None, first.id, token, now=MONDAY)
    assert svc.allowed_actions(world.session, who, first) == [
        "mark_seen", "accept", "decline", "question",
    ]  # fmt: skip
    assert svc.parties(world.session, who, second) == set()
    assert svc.allowed_actions(world.session, who, second) == []
    with pytest.raises(PermissionDenied):
        svc.mark_seen(world.session, who, second.id, now=MONDAY)


def test_acting_through_a_link_records_the_contact_person_and_the_moment(world: World) -> None:  # noqa: F811
    handover = world.submit(now=MONDAY)
    token = svc.contact_link_tokens(world.session, None, handover)["contact@club.be"]
    _opened, who = svc.open_with_link(world.session, None, handover.id, token, now=MONDAY)
    later = MONDAY + timedelta(hours=4)
    svc.ask_question(world.session, None, who, handover.id, "Sportschoenen?", now=later)
    last = handover.events[-1]
    assert (last.kind, last.actor_id, last.actor_label, last.created_at) == (
        "question", None, "Mieke Contact", later,
    )  # fmt: skip
    assert who.link.last_used_at == later
    [event] = audit_events(world.session, "handover.question", handover.id)
    assert event.actor_id is None and event.created_at == later
    assert event.data["contact_person"] == "Mieke Contact"
    assert (event.data["from"], event.data["to"]) == ("sent", "sent")


def test_the_mailed_link_is_signed_with_the_settings_given(app, world: World) -> None:  # noqa: F811
    import dataclasses

    other = dataclasses.replace(app.extensions["settings"], secret_key="another-secret-" + "y" * 40)
    handover = svc.submit_handover(
        world.session, other, world.counsellor, world.client.id, world.offer.id, CONSENT, now=MONDAY
    ).handover
    [item] = list_outbox()
    text = read_message(item.path).get_body(("plain",)).get_content()
    token = text.split(f"/nl/handover-link/{handover.id}/", 1)[1].split()[0]
    opened, _who = svc.open_with_link(world.session, other, handover.id, token, now=MONDAY)
    assert opened is handover
    with pytest.raises(svc.LinkRefused) as caught:
        svc.open_with_link(world.session, None, handover.id, token, now=MONDAY)
    assert caught.value.problem == "tampered"
