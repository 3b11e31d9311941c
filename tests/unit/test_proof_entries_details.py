"""Proofs in detail: each refusal of a line of hours, a paper proof, an exemption or an opt-in
names its field with the user's message; removals, openings from a handover, the coordinator's
reading, progress and the dashboard filters do exactly what docs/proofs.md says."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from aanbodplatform.models import (
    AuditEvent,
    CounsellorTask,
    Exemption,
    Handover,
    OfferContact,
    ParticipationProof,
)
from aanbodplatform.services import proofs as svc
from aanbodplatform.services.authz import (
    InvalidTransition,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from tests.factories import make_client, make_user
from tests.i18n_support import in_locale, tr
from tests.proof_factories import NOW, TODAY, hours, open_proof, sign_link, signed

LATER = NOW + timedelta(hours=3)
TUESDAY = date(2026, 2, 3)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100


def _events(session, entity_type: str, entity_id: int, action: str) -> list[AuditEvent]:  # type: ignore[no-untyped-def]
    return list(
        session.scalars(
            select(AuditEvent)
            .where(
                AuditEvent.entity_type == entity_type,
                AuditEvent.entity_id == entity_id,
                AuditEvent.action == action,
            )
            .order_by(AuditEvent.id)
        )
    )


def _entry_refused(app, session, w, proof, **fields) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Return the errors the counsellor sees (in English) for a line of hours; nothing is added."""
    with in_locale(app, "en"), pytest.raises(ValidationFailed) as caught:
        svc.add_entry(
            session, svc.Actor(user=w.counsellor), proof.id, svc.EntryInput(**fields), now=NOW
        )
    session.expire_all()
    assert session.get(ParticipationProof, proof.id).entries == []
    return caught.value.errors


# --- a line of hours: every refusal names its field -----------------------------------------------


def test_a_line_without_a_date_or_a_duration_names_both(app, session, w) -> None:  # type: ignore[no-untyped-def]
    proof = open_proof(session, w)
    assert _entry_refused(app, session, w, proof, day=None, minutes=60) == {
        "day": "Enter the date.",
    }
    assert _entry_refused(app, session, w, proof, day=TUESDAY) == {
        "minutes": "Enter how long, in hours (for example 1.5).",
    }
    assert _entry_refused(app, session, w, proof, day=None) == {
        "day": "Enter the date.",
        "minutes": "Enter how long, in hours (for example 1.5).",
    }
    assert _entry_refused(app, session, w, proof, day=TODAY + timedelta(days=1), minutes=60) == {
        "day": "The date cannot be in the future.",
    }


def test_the_messages_follow_the_users_language(app, session, w) -> None:  # type: ignore[no-untyped-def]
    proof = open_proof(session, w)
    with in_locale(app, "nl"), pytest.raises(ValidationFailed) as caught:
        svc.add_entry(
            session, svc.Actor(user=w.counsellor), proof.id, svc.EntryInput(day=None), now=NOW
        )
    assert caught.value.errors == {
        "day": tr(app, "nl", "Enter the date."),
        "minutes": tr(app, "nl", "Enter how long, in hours (for example 1.5)."),
    }


def test_times_come_both_or_not_at_all_and_must_agree_with_the_duration(app, session, w) -> None:  # type: ignore[no-untyped-def]
    proof = open_proof(session, w)
    assert _entry_refused(app, session, w, proof, day=TUESDAY, minutes=60, starts_at=time(19)) == {
        "starts_at": "Give both times, or neither.",
    }
    assert _entry_refused(app, session, w, proof, day=TUESDAY, minutes=60, ends_at=time(20)) == {
        "starts_at": "Give both times, or neither.",
    }
    assert _entry_refused(
        app, session, w, proof, day=TUESDAY, minutes=60, starts_at=time(19), ends_at=time(21)
    ) == {"minutes": "The duration does not match the times."}
    assert _entry_refused(
        app, session, w, proof, day=TUESDAY, starts_at=time(21), ends_at=time(19)
    ) == {
        "ends_at": "The end time must come after the start time.",
        "minutes": "Enter how long, in hours (for example 1.5).",
    }


@pytest.mark.parametrize(
    ("minutes", "message"),
    [
        (50, "Use quarter hours: 0.25, 0.5, 0.75, 1, …"),
        (-15, "Use quarter hours: 0.25, 0.5, 0.75, 1, …"),
        (12 * 60 + 15, "At most 12 hours a day count."),
    ],
)
def test_a_duration_out_of_bounds_says_which_rule(app, session, w, minutes, message) -> None:  # type: ignore[no-untyped-def]
    proof = open_proof(session, w)
    assert _entry_refused(app, session, w, proof, day=TUESDAY, minutes=minutes) == {
        "minutes": message
    }


def test_the_twelve_hour_day_says_how_many_hours_the_day_already_has(app, session, w) -> None:  # type: ignore[no-untyped-def]
    hours(session, w, open_proof(session, w), TUESDAY, 7 * 60 + 30)
    other = open_proof(session, w, person=w.bert)
    assert _entry_refused(app, session, w, other, day=TUESDAY, minutes=5 * 60) == {
        "minutes": "At most 12 hours a day count. This day already has 7.5 hours.",
    }


def test_a_description_is_tidied_and_at_most_200_characters(app, session, w) -> None:  # type: ignore[no-untyped-def]
    proof = open_proof(session, w)
    assert _entry_refused(app, session, w, proof, day=TUESDAY, minutes=60, description="a" * 201) == {
        "description": "Use at most 200 characters.",
    }
    entry = hours(session, w, proof, TUESDAY, 60, description="  Training \n  " + "b" * 190 + "  ")
    assert entry.description == "Training " + "b" * 190


def test_the_offer_of_a_line_belongs_to_the_proofs_organisation(app, session, w, make_offer) -> None:  # type: ignore[no-untyped-def]
    proof = open_proof(session, w)
    elsewhere = make_offer("Zwemmen", organisation="Zwemclub")
    for offer_id in (elsewhere.id, 999_999):
        assert _entry_refused(app, session, w, proof, day=TUESDAY, minutes=60, offer_id=offer_id) == {
            "offer_id": "Choose an offer of this organisation.",
        }
    entry = hours(session, w, proof, TUESDAY, 60, offer_id=w.offer.id)
    assert entry.offer_id == w.offer.id


def test_adding_a_line_is_audited_at_the_moment_given(session, w) -> None:  # type: ignore[no-untyped-def]
    proof = open_proof(session, w)
    entry = svc.add_entry(
        session, svc.Actor(user=w.counsellor), proof.id,
        svc.EntryInput(day=TUESDAY, minutes=120), now=LATER,
    )
    [event] = _events(session, "participation_proof", proof.id, "proof.entry_added")
    assert event.data == {"entry_id": entry.id, "day": "2026-02-03", "minutes": 120}
    assert event.actor_id == w.counsellor.id
    assert event.created_at == LATER
    assert proof.updated_at == LATER


def test_a_line_added_after_signing_voids_the_signature_at_that_moment(session, w) -> None:  # type: ignore[no-untyped-def]
    proof = open_proof(session, w)
    hours(session, w, proof, TUESDAY, 120)
    signed(session, w, proof)
    svc.add_entry(
        session, svc.Actor(user=w.counsellor), proof.id,
        svc.EntryInput(day=date(2026, 2, 10), minutes=60), now=LATER,
    )
    assert proof.status == "awaiting_signature" and proof.signature_hash is None
    [voided] = _events(session, "participation_proof", proof.id, "proof.signature_voided")
    assert voided.created_at == LATER
    assert voided.data == {"from": "signed", "to": "awaiting_signature"}


# --- removing a line -------------------------------------------------------------------------------


def test_removing_a_line_keeps_the_others_voids_the_signature_and_is_audited(session, w) -> None:  # type: ignore[no-untyped-def]
    proof = open_proof(session, w)
    first = hours(session, w, proof, TUESDAY, 120)
    second = hours(session, w, proof, date(2026, 2, 10), 60)
    signed(session, w, proof)
    first_id = first.id
    svc.remove_entry(session, svc.Actor(user=w.counsellor), proof.id, first_id, now=LATER)
    session.expire_all()
    proof = session.get(ParticipationProof, proof.id)
    assert [e.id for e in proof.entries] == [second.id]
    assert proof.status == "awaiting_signature" and proof.signature_hash is None
    assert proof.updated_at == LATER
    [removed] = _events(session, "participation_proof", proof.id, "proof.entry_removed")
    assert removed.data == {"entry_id": first_id}
    assert removed.actor_id == w.counsellor.id and removed.created_at == LATER
    with pytest.raises(NotFound):
        svc.remove_entry(session, svc.Actor(user=w.counsellor), proof.id, first_id, now=LATER)


def test_the_contact_person_removes_a_line_through_the_link(session, w) -> None:  # type: ignore[no-untyped-def]
    proof = open_proof(session, w)
    entry = hours(session, w, proof, TUESDAY, 120)
    link = sign_link(session, proof).link
    svc.remove_entry(session, svc.Actor(link=link), proof.id, entry.id, now=LATER)
    assert proof.entries == []
    [removed] = _events(session, "participation_proof", proof.id, "proof.entry_removed")
    assert removed.actor_id is None and removed.data["entry_id"] == entry.id


# --- the paper path --------------------------------------------------------------------------------


def test_a_paper_proof_names_every_missing_part(app, session, w, settings) -> None:  # type: ignore[no-untyped-def]
    proof = open_proof(session, w)
    with in_locale(app, "en"), pytest.raises(ValidationFailed) as caught:
        svc.record_paper(
            session, settings, w.counsellor, proof.id, signed_name="   ", signed_on=None,
            scan=b"", now=NOW,
        )
    assert caught.value.errors == {
        "signed_name": "Enter the name of the person who signed.",
        "signed_on": "Enter the date of the signature.",
        "scan": "Attach the scan of the paper proof.",
        "entries": "Add at least one line of hours first.",
    }
    assert proof.status == "draft"


def test_a_paper_proof_refuses_a_long_name_and_a_future_date(app, session, w, settings) -> None:  # type: ignore[no-untyped-def]
    proof = open_proof(session, w)
    hours(session, w, proof, TUESDAY, 120)
    with in_locale(app, "en"), pytest.raises(ValidationFailed) as caught:
        svc.record_paper(
            session, settings, w.counsellor, proof.id, signed_name="A" * 121,
            signed_on=TODAY + timedelta(days=1), scan=PNG, now=NOW,
        )
    assert caught.value.errors == {
        "signed_name": "Use at most 120 characters.",
        "signed_on": "The date cannot be in the future.",
    }
    assert proof.status == "draft" and proof.scan_file is None
    with in_locale(app, "en"), pytest.raises(ValidationFailed) as caught:
        svc.record_paper(
            session, settings, w.counsellor, proof.id, signed_name="Anna Trainer",
            signed_on=TODAY, scan=b"GIF89a....", now=NOW,
        )
    assert caught.value.errors == {"scan": "Attach a PDF, JPEG or PNG file."}


def test_a_paper_proof_is_signed_at_noon_of_the_day_on_paper(session, w, settings) -> None:  # type: ignore[no-untyped-def]
    proof = open_proof(session, w)
    hours(session, w, proof, TUESDAY, 120)
    svc.record_paper(
        session, settings, w.counsellor, proof.id, signed_name="  Anna Trainer ",
        signed_on=date(2026, 2, 5), scan=PNG, now=NOW,
    )
    session.expire_all()
    proof = session.get(ParticipationProof, proof.id)
    assert proof.signed_at == datetime(2026, 2, 5, 12, 0, tzinfo=UTC)
    assert proof.signed_name == "Anna Trainer"
    assert proof.verified_at == NOW
    assert svc.signature_valid(proof) is True
    assert svc.signed_content(proof)["signed_at"] == "2026-02-05T12:00:00+00:00"


# --- exemption and opt-in --------------------------------------------------------------------------


def test_an_exemption_names_every_missing_part(app, session, w) -> None:  # type: ignore[no-untyped-def]
    with in_locale(app, "en"), pytest.raises(ValidationFailed) as caught:
        svc.record_exemption(
            session, w.counsellor, w.client.id, svc.ExemptionInput("holiday", "  ", None), now=NOW
        )
    assert caught.value.errors == {
        "reason": "Choose a reason from the list.",
        "evidence_type": "Say which document you saw.",
        "evidence_date": "Enter the date of the document.",
    }
    with in_locale(app, "en"), pytest.raises(ValidationFailed) as caught:
        svc.record_exemption(
            session, w.counsellor, w.client.id,
            svc.ExemptionInput("work_employee", "x" * 121, TODAY + timedelta(days=1)), now=NOW,
        )
    assert caught.value.errors == {
        "evidence_type": "Use at most 120 characters.",
        "evidence_date": "The date cannot be in the future.",
    }
    assert session.scalar(select(Exemption)) is None


def test_recording_and_removing_an_exemption_are_audited(session, w) -> None:  # type: ignore[no-untyped-def]
    svc.record_exemption(
        session, w.counsellor, w.client.id,
        svc.ExemptionInput("work_employee", "Arbeidscontract   60 %", date(2026, 1, 5)), now=NOW,
    )
    [recorded] = _events(session, "client", w.client.id, "client.exemption_recorded")
    assert recorded.actor_id == w.counsellor.id
    assert recorded.data == {"reason": "work_employee"} and recorded.created_at == NOW
    assert svc.exemption_for(session, w.client.id).evidence_type == "Arbeidscontract 60 %"
    svc.remove_exemption(session, w.counsellor, w.client.id)
    session.expire_all()
    assert session.scalar(select(Exemption)) is None
    [removed] = _events(session, "client", w.client.id, "client.exemption_removed")
    assert removed.actor_id == w.counsellor.id
    # Removing what is not there changes nothing and is not audited again.
    svc.remove_exemption(session, w.counsellor, w.client.id)
    assert len(_events(session, "client", w.client.id, "client.exemption_removed")) == 1
    with pytest.raises(PermissionDenied):
        svc.remove_exemption(session, make_user(session, "counsellor"), w.client.id)


def test_an_opt_in_in_the_future_is_refused(app, session, w) -> None:  # type: ignore[no-untyped-def]
    w.client.status = "entitled"
    session.commit()
    with in_locale(app, "en"), pytest.raises(ValidationFailed) as caught:
        svc.record_opt_in(session, w.counsellor, w.client.id, TODAY + timedelta(days=1), now=NOW)
    assert caught.value.errors == {"opted_in_on": "The date cannot be in the future."}
    with in_locale(app, "en"), pytest.raises(ValidationFailed) as caught:
        svc.record_opt_in(session, w.counsellor, w.client.id, None, now=NOW)
    assert caught.value.errors == {"opted_in_on": "Enter the date of the choice."}
    assert w.client.opted_in_on is None
    svc.record_opt_in(session, w.counsellor, w.client.id, TODAY, now=NOW)  # today is fine
    assert w.client.opted_in_on == TODAY
    [opted] = _events(session, "client", w.client.id, "client.opted_in")
    assert (opted.actor_id, opted.data) == (w.counsellor.id, {"on": TODAY.isoformat()})


# --- opening a proof ---------------------------------------------------------------------------------


def test_an_unknown_organisation_or_type_is_named(app, session, w) -> None:  # type: ignore[no-untyped-def]
    with in_locale(app, "en"), pytest.raises(ValidationFailed) as caught:
        svc.open_proof(session, w.counsellor, w.client.id, 999_999, "juggling", w.anna.id, now=NOW)
    assert caught.value.errors == {
        "organisation_id": "Choose an organisation from the list.",
        "offer_type": "Choose a type of offer from the list.",
        "contact_person_id": "Choose a contact person of this organisation from the list.",
    }
    assert session.scalar(select(ParticipationProof)) is None


def test_two_openings_at_once_end_on_the_same_proof(session, w, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    first = open_proof(session, w)
    real = svc._open_for_key
    calls = []

    def not_yet_there(*args):  # type: ignore[no-untyped-def]
        # The other request's proof is committed only after this one looked.
        calls.append(args)
        return None if len(calls) == 1 else real(*args)

    monkeypatch.setattr(svc, "_open_for_key", not_yet_there)
    proof, created = svc.open_proof(
        session, w.counsellor, w.client.id, w.org.id, "club", w.anna.id, now=NOW
    )
    assert (proof.id, created) == (first.id, False)
    assert len(calls) == 2
    assert session.scalars(select(ParticipationProof.id)).all() == [first.id]


def _handover(session, w, **fields) -> Handover:  # type: ignore[no-untyped-def]
    values = {
        "client_id": w.client.id, "offer_id": w.offer.id, "organisation_id": w.org.id,
        "counsellor_id": w.counsellor.id, "status": "started", "open_slot": 1,
    }
    values.update(fields)
    handover = Handover(**values)
    session.add(handover)
    session.commit()
    return handover


def test_a_proof_from_a_handover_goes_to_the_contact_who_signs(session, w) -> None:  # type: ignore[no-untyped-def]
    w.offer.contacts.append(OfferContact(name="Bert Buddy", email="bert@club.be", signs_proof=False))
    w.offer.contacts.append(OfferContact(name="Anna Trainer", email="anna@club.be", signs_proof=True))
    handover = _handover(session, w, status="attended")
    proof, created = svc.open_from_handover(session, w.counsellor, handover.id, now=NOW)
    assert created is True
    assert proof.contact_person_id == w.anna.id and proof.handover_id == handover.id
    assert (proof.client_id, proof.organisation_id, proof.offer_type) == (w.client.id, w.org.id, "club")


def test_without_a_signing_contact_the_first_contact_signs(session, w) -> None:  # type: ignore[no-untyped-def]
    w.offer.contacts.append(OfferContact(name="Bert Buddy", email="bert@club.be"))
    w.offer.contacts.append(OfferContact(name="Anna Trainer", email="anna@club.be"))
    proof, _created = svc.open_from_handover(session, w.counsellor, _handover(session, w).id, now=NOW)
    assert proof.contact_person_id == w.bert.id


def test_a_handover_without_contacts_asks_to_open_the_proof_directly(app, session, w) -> None:  # type: ignore[no-untyped-def]
    handover = _handover(session, w)
    with in_locale(app, "en"), pytest.raises(ValidationFailed) as caught:
        svc.open_from_handover(session, w.counsellor, handover.id, now=NOW)
    assert caught.value.errors == {
        "contact_person_id": "This offer has no contact person. Open the proof directly.",
    }


def test_a_handover_whose_client_is_gone_is_not_found(session, w) -> None:  # type: ignore[no-untyped-def]
    handover = _handover(session, w, client_id=None, status="declined", open_slot=None)
    with pytest.raises(NotFound):
        svc.open_from_handover(session, w.counsellor, handover.id, now=NOW)
    with pytest.raises(NotFound):
        svc.open_from_handover(session, w.counsellor, 999_999, now=NOW)
    not_started = _handover(session, w, status="sent")
    with pytest.raises(InvalidTransition):
        svc.open_from_handover(session, w.counsellor, not_started.id, now=NOW)


# --- who reads a proof, and who acts for whom --------------------------------------------------------


def test_the_coordinator_of_the_office_reads_the_proof_another_office_does_not(session, w) -> None:  # type: ignore[no-untyped-def]
    proof = open_proof(session, w)
    coordinator = make_user(session, "counsellor", office="Gent", coordinator=True)
    assert svc.get_proof(session, svc.Actor(user=coordinator), proof.id) is proof
    assert svc.parties(proof, svc.Actor(user=coordinator)) == set()
    elsewhere = make_user(session, "counsellor", office="Brugge", coordinator=True)
    with pytest.raises(PermissionDenied):
        svc.get_proof(session, svc.Actor(user=elsewhere), proof.id)


def test_a_signing_link_acts_only_for_its_own_proof_and_current_address(session, w) -> None:  # type: ignore[no-untyped-def]
    proof = open_proof(session, w)
    other = open_proof(session, w, offer_type="volunteering")
    link = sign_link(session, proof).link
    assert svc.parties(proof, svc.Actor(link=link)) == {"contact"}
    assert svc.parties(other, svc.Actor(link=link)) == set()
    w.anna.email = "anna.nieuw@club.be"
    assert svc.parties(proof, svc.Actor(link=link)) == set()


# --- the text of a refusal ------------------------------------------------------------------------


def test_a_refusal_of_2001_characters_is_refused(app, session, w, settings) -> None:  # type: ignore[no-untyped-def]
    proof = open_proof(session, w)
    hours(session, w, proof, TUESDAY, 120)
    svc.request_signature(session, settings, w.counsellor, proof.id, now=NOW)
    link = sign_link(session, proof).link
    with in_locale(app, "en"), pytest.raises(ValidationFailed) as caught:
        svc.refuse(session, settings, svc.Actor(link=link), proof.id, "n" * 2001, now=NOW)
    assert caught.value.errors == {"reason": "Use at most 2000 characters."}
    assert proof.status == "awaiting_signature"


# --- hours as text, progress and the dashboard -------------------------------------------------------


@pytest.mark.parametrize(
    ("minutes", "text"), [(0, "0"), (15, "0.25"), (30, "0.5"), (90, "1.5"), (600, "10"), (2400, "40")]
)
def test_hours_are_written_with_at_most_two_decimals(minutes, text) -> None:
    assert svc.format_hours(minutes) == text


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("", None), (None, None), ("  ", None), ("1,5", 90), (" 2.25 ", 135), ("1:45", 105),
     ("-1", None), ("x", None)],
)
def test_hours_are_read_from_what_people_type(text, minutes) -> None:
    assert svc.minutes_from_hours(text) == minutes


def test_hours_that_only_touch_are_no_overlap(session, w) -> None:  # type: ignore[no-untyped-def]
    proof = open_proof(session, w)
    hours(session, w, proof, TUESDAY, 30, starts_at=time(9), ends_at=time(9, 30))
    other = open_proof(session, w, person=w.bert)
    hours(session, w, other, TUESDAY, 15, starts_at=time(10), ends_at=time(10, 15))
    hours(session, w, other, TUESDAY, 60, starts_at=time(9, 30), ends_at=time(10, 30))
    assert [s.code for s in svc.fraud_signals(session, proof)] == []
    hours(session, w, other, TUESDAY, 30, starts_at=time(8, 45), ends_at=time(9, 15))
    assert [s.code for s in svc.fraud_signals(session, proof)] == ["overlap"]


def test_progress_adds_every_signed_line_and_says_who_must_do_the_hours(session, w) -> None:  # type: ignore[no-untyped-def]
    proof = open_proof(session, w)
    hours(session, w, proof, TUESDAY, 60)
    hours(session, w, proof, date(2026, 2, 10), 120)
    signed(session, w, proof)
    progress = svc.client_progress(session, w.client, today=TODAY)
    assert (progress.verified_minutes, progress.signed_minutes, progress.proposed_minutes) == (0, 180, 0)
    assert progress.required is True
    w.client.status = "entitled"
    assert svc.client_progress(session, w.client, today=TODAY).required is False
    w.client.opted_in_on = date(2026, 2, 1)
    assert svc.client_progress(session, w.client, today=TODAY).required is True


def test_an_empty_status_filter_shows_every_client(session, w) -> None:  # type: ignore[no-untyped-def]
    calm = make_client(session, w.counsellor, contract_end_date=TODAY + timedelta(days=700))
    w.client.contract_end_date = TODAY + timedelta(days=14)
    session.commit()
    for status in (None, ""):
        rows = svc.dashboard(session, w.counsellor, today=TODAY, status=status)
        assert [r.progress.client.id for r in rows] == [w.client.id, calm.id]
    assert svc.dashboard(session, w.counsellor, today=TODAY, status="verified") == []


def test_open_tasks_go_to_the_client_of_their_proof_and_a_task_without_one_to_none(session, w) -> None:  # type: ignore[no-untyped-def]
    proof = open_proof(session, w)
    follow_up = CounsellorTask(
        counsellor_id=w.counsellor.id, proof_id=proof.id, kind="refused_proof", due_on=TODAY
    )
    loose = CounsellorTask(counsellor_id=w.counsellor.id, proof_id=None, kind="call", due_on=TODAY)
    session.add_all([follow_up, loose])
    session.commit()
    rows = svc.dashboard(session, w.counsellor, today=TODAY)
    assert [(r.progress.client.id, r.open_tasks) for r in rows] == [(w.client.id, [follow_up])]


# --- who acts on a proof, links that no longer work, the exemption's limits ----------------------


def test_a_newcomer_link_acts_only_on_its_own_clients_proofs(session, w, settings) -> None:  # type: ignore[no-untyped-def]
    proof = open_proof(session, w)
    other_client = make_client(session, w.counsellor, contract_end_date=date(2026, 12, 31))
    theirs = svc.issue_newcomer_link(session, settings, w.counsellor, other_client.id, now=NOW)
    mine = svc.issue_newcomer_link(session, settings, w.counsellor, w.client.id, now=NOW)
    assert svc.parties(proof, svc.Actor(link=theirs.link)) == set()
    assert svc.allowed_actions(proof, svc.Actor(link=theirs.link)) == []
    assert svc.parties(proof, svc.Actor(link=mine.link)) == {svc.NEWCOMER}


def test_a_deactivated_account_acts_for_nobody(session, w) -> None:  # type: ignore[no-untyped-def]
    proof = open_proof(session, w)
    assert svc.parties(proof, svc.Actor(user=w.counsellor)) == {svc.COUNSELLOR}
    w.counsellor.is_active = False
    session.commit()
    assert svc.parties(proof, svc.Actor(user=w.counsellor)) == set()
    assert svc.parties(proof, svc.Actor()) == set()


def test_links_to_a_missing_proof_or_an_archived_client_say_why_they_fail(session, w, settings) -> None:  # type: ignore[no-untyped-def]
    from aanbodplatform.services.signed_links import LinkError

    proof = open_proof(session, w)
    issued = sign_link(session, proof)
    with pytest.raises(LinkError) as caught:
        svc.resolve_contact(session, settings, issued.token, proof.id + 1000, now=NOW)
    assert caught.value.problem == "tampered"
    newcomer = svc.issue_newcomer_link(session, settings, w.counsellor, w.client.id, now=NOW)
    w.client.archived_at = NOW
    session.commit()
    with pytest.raises(LinkError) as caught:
        svc.resolve_newcomer(session, settings, newcomer.token, now=NOW)
    assert caught.value.problem == "revoked"


def test_an_exemption_takes_120_characters_and_a_second_one_replaces_the_first(session, w) -> None:  # type: ignore[no-untyped-def]
    svc.record_exemption(
        session, w.counsellor, w.client.id,
        svc.ExemptionInput("work_employee", "x" * 120, date(2026, 1, 5)), now=NOW,
    )
    svc.record_exemption(
        session, w.counsellor, w.client.id,
        svc.ExemptionInput("study", "Inschrijvingsbewijs", date(2026, 1, 6)), now=NOW,
    )
    [exemption] = session.scalars(select(Exemption)).all()
    assert (exemption.client_id, exemption.evidence_type, exemption.evidence_date) == (
        w.client.id, "Inschrijvingsbewijs", date(2026, 1, 6),
    )
