"""Proofs of participation, the details around the signature: what it covers and its hash, the
signing link, voiding, refusal and the question thread, the fraud signals, the contact
person's list, the exports, a client's erasure and the newcomer's page view."""

from __future__ import annotations

import hashlib
from datetime import date, time, timedelta

import pytest
from flask import current_app
from sqlalchemy import select

from aanbodplatform.models import AuditEvent, CounsellorTask, HourEntry, ParticipationProof
from aanbodplatform.services import proofs as svc
from aanbodplatform.services import signed_links
from aanbodplatform.services.authz import ValidationFailed
from aanbodplatform.services.mail import list_outbox
from tests.factories import make_client
from tests.i18n_support import in_locale, tr
from tests.proof_factories import NOW, TODAY, hours, open_proof, sign_link, signed


def _events(session, action: str) -> list[AuditEvent]:  # type: ignore[no-untyped-def]
    return list(
        session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id))
    )


def _sign_links(session, proof) -> list[signed_links.SignedLink]:  # type: ignore[no-untyped-def]
    return list(
        session.scalars(
            select(signed_links.SignedLink)
            .where(
                signed_links.SignedLink.purpose == svc.SIGN_PURPOSE,
                signed_links.SignedLink.entity_id == proof.id,
            )
            .order_by(signed_links.SignedLink.id)
        )
    )


def _awaiting(session, w, settings, **kw):  # type: ignore[no-untyped-def]
    proof = open_proof(session, w, **kw)
    hours(session, w, proof, date(2026, 2, 3), 120)
    svc.request_signature(session, settings, w.counsellor, proof.id, now=NOW)
    return proof


# --- what a signature covers, and its hash ----------------------------------------------------------


def test_the_signature_covers_who_where_every_line_and_the_name_and_time(session, w) -> None:  # type: ignore[no-untyped-def]
    proof = open_proof(session, w)
    hours(session, w, proof, date(2026, 2, 10), None, starts_at=time(19), ends_at=time(20, 30),
          description="Training", offer_id=w.offer.id)
    hours(session, w, proof, date(2026, 2, 3), 60)
    assert svc.signed_content(proof) == {
        "proof": proof.id,
        "client": w.client.id,
        "organisation": w.org.id,
        "offer_type": "club",
        "contact_person": w.anna.id,
        "entries": [
            ["2026-02-03", 60, None, None, "", None],
            ["2026-02-10", 90, "19:00", "20:30", "Training", w.offer.id],
        ],
        "signed_name": None,
        "signed_at": None,
    }
    signed(session, w, proof)
    content = svc.signed_content(proof)
    assert (content["signed_name"], content["signed_at"]) == ("Anna Trainer", "2026-03-02T10:00:00+00:00")


def test_a_start_time_changed_behind_the_service_breaks_the_signature(session, w) -> None:  # type: ignore[no-untyped-def]
    proof = open_proof(session, w)
    hours(session, w, proof, date(2026, 2, 10), None, starts_at=time(19), ends_at=time(20))
    signed(session, w, proof)
    assert svc.signature_valid(proof)
    proof.entries[0].starts_at = time(19, 15)
    session.commit()
    assert not svc.signature_valid(proof)


def test_the_hash_is_sha256_of_the_content_as_sorted_utf8_json(session, w) -> None:  # type: ignore[no-untyped-def]
    # Stored signatures must keep matching: the serialisation is part of the contract.
    proof = open_proof(session, w)
    hours(session, w, proof, date(2026, 2, 3), 60, description="Café – ploeg")
    signed(session, w, proof)
    text = (
        f'{{"client": {w.client.id}, "contact_person": {w.anna.id}, "entries": [["2026-02-03", '
        f'60, null, null, "Café – ploeg", null]], "offer_type": "club", "organisation": '
        f'{w.org.id}, "proof": {proof.id}, "signed_at": "2026-03-02T10:00:00+00:00", '
        f'"signed_name": "Anna Trainer"}}'
    )
    assert proof.signature_hash == hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert svc.content_hash(proof) == proof.signature_hash


# --- signing ------------------------------------------------------------------------------------------


def test_a_signed_name_is_at_most_120_characters(app, session, w, settings) -> None:  # type: ignore[no-untyped-def]
    proof = _awaiting(session, w, settings)
    link = sign_link(session, proof).link
    with in_locale(app, "en"), pytest.raises(ValidationFailed) as caught:
        svc.sign(session, None, svc.Actor(link=link), proof.id, "A" * 121, now=NOW)
    assert caught.value.errors == {"signed_name": "Use at most 120 characters."}
    assert proof.status == "awaiting_signature" and proof.signature_hash is None
    svc.sign(session, None, svc.Actor(link=link), proof.id, "A" * 120, now=NOW)
    assert proof.status == "signed" and proof.signed_name == "A" * 120


def test_the_audit_of_a_signature_holds_its_hash_and_the_link(session, w, settings) -> None:  # type: ignore[no-untyped-def]
    proof = _awaiting(session, w, settings)
    link = sign_link(session, proof).link
    svc.sign(session, None, svc.Actor(link=link, device="dev-9"), proof.id, "Anna Trainer", now=NOW)
    [event] = _events(session, "proof.sign")
    assert (event.actor_id, event.entity_type, event.entity_id) == (None, "participation_proof", proof.id)
    assert event.data == {
        "from": "awaiting_signature",
        "to": "signed",
        "hash": proof.signature_hash,
        "via": "link",
        "link_id": link.id,
        "recipient": "anna@club.be",
        "device": "dev-9",
    }


# --- asking for a signature: the link -------------------------------------------------------------------


def test_a_signature_needs_lines_first(app, session, w, settings) -> None:  # type: ignore[no-untyped-def]
    proof = open_proof(session, w)
    with in_locale(app, "en"), pytest.raises(ValidationFailed) as caught:
        svc.request_signature(session, settings, w.counsellor, proof.id, now=NOW)
    assert caught.value.errors == {"entries": "Add at least one line of hours first."}
    assert proof.status == "draft" and _sign_links(session, proof) == [] and list_outbox(settings) == []


def test_the_signing_link_is_issued_by_the_counsellor_for_30_days(session, w, settings) -> None:  # type: ignore[no-untyped-def]
    proof = _awaiting(session, w, settings)
    [link] = _sign_links(session, proof)
    assert link.recipient == "anna@club.be" and link.created_by_id == w.counsellor.id
    assert link.created_at == NOW and link.expires_at == NOW + timedelta(days=30)
    [issued] = [e for e in _events(session, "link.issued") if e.entity_id == proof.id]
    assert issued.actor_id == w.counsellor.id and issued.created_at == NOW


def test_asking_again_stops_the_old_link_at_that_moment(session, w, settings) -> None:  # type: ignore[no-untyped-def]
    proof = _awaiting(session, w, settings)
    later = NOW + timedelta(days=1)
    svc.refuse(session, settings, svc.Actor(user=w.member), proof.id, "Niet gezien", now=later)
    svc.reopen(session, w.counsellor, proof.id, now=later)
    svc.request_signature(session, settings, w.counsellor, proof.id, now=later)
    first, second = _sign_links(session, proof)
    assert first.revoked_at == later
    assert second.revoked_at is None and second.created_at == later


# --- a change voids the signature -------------------------------------------------------------------------


def test_voiding_a_signature_is_audited_on_the_proof(session, w) -> None:  # type: ignore[no-untyped-def]
    proof = open_proof(session, w)
    hours(session, w, proof, date(2026, 2, 3), 120)
    signed(session, w, proof)
    later = NOW + timedelta(hours=2)
    svc.add_entry(session, svc.Actor(user=w.counsellor), proof.id,
                  svc.EntryInput(day=date(2026, 2, 10), minutes=60), now=later)
    [event] = _events(session, "proof.signature_voided")
    assert (event.entity_type, event.entity_id, event.actor_id) == (
        "participation_proof", proof.id, w.counsellor.id,
    )
    assert event.data == {"from": "signed", "to": "awaiting_signature"}
    assert event.created_at == later
    assert (proof.signed_name, proof.signed_via, proof.signed_by_id) == (None, None, None)


def test_voiding_a_refused_proof_closes_its_follow_up_task_then(session, w, settings) -> None:  # type: ignore[no-untyped-def]
    proof = _awaiting(session, w, settings)
    svc.refuse(session, settings, svc.Actor(user=w.member), proof.id, "Niet gezien", now=NOW)
    later = NOW + timedelta(hours=3)
    svc.void(session, w.counsellor, proof.id, now=later)
    task = session.scalar(select(CounsellorTask).where(CounsellorTask.proof_id == proof.id))
    assert task.done_at == later
    assert [link.revoked_at for link in _sign_links(session, proof)] == [later]
    assert proof.status == "void" and proof.open_slot is None


# --- refusal and the question thread ----------------------------------------------------------------------


def test_a_refusal_without_a_reason_names_the_reason_field(app, session, w, settings) -> None:  # type: ignore[no-untyped-def]
    proof = _awaiting(session, w, settings)
    with in_locale(app, "en"), pytest.raises(ValidationFailed) as caught:
        svc.refuse(session, settings, svc.Actor(user=w.member), proof.id, " ", now=NOW)
    assert caught.value.errors == {"reason": "Say why you do not sign."}
    assert proof.status == "awaiting_signature"


def test_a_question_is_kept_in_the_thread_and_mailed_as_a_question(app, session, w, settings) -> None:  # type: ignore[no-untyped-def]
    proof = open_proof(session, w)
    hours(session, w, proof, date(2026, 2, 3), 120)
    signed(session, w, proof)
    with in_locale(app, "en"), pytest.raises(ValidationFailed) as caught:
        svc.query(session, settings, w.counsellor, proof.id, "  ", now=NOW)
    assert caught.value.errors == {"text": "Write your question."}
    for item in list_outbox(settings):
        item.path.unlink()
    later = NOW + timedelta(hours=1)
    svc.query(session, settings, w.counsellor, proof.id, "Was dit op dinsdag?", now=later)
    [message] = proof.messages
    assert (message.author, message.kind, message.text, message.created_at) == (
        "counsellor", "question", "Was dit op dinsdag?", later,
    )
    assert proof.status == "queried" and proof.updated_at == later
    [mail] = list_outbox(settings)
    expected = tr(app, "nl", "A counsellor has a question about a proof of participation")
    assert mail.to == "anna@club.be" and mail.subject == " ".join(expected.split())


def test_an_answer_is_kept_in_the_thread(app, session, w, settings) -> None:  # type: ignore[no-untyped-def]
    proof = open_proof(session, w)
    hours(session, w, proof, date(2026, 2, 3), 120)
    signed(session, w, proof)
    svc.query(session, settings, w.counsellor, proof.id, "Was dit op dinsdag?", now=NOW)
    link = sign_link(session, proof).link
    with in_locale(app, "en"), pytest.raises(ValidationFailed) as caught:
        svc.answer(session, settings, svc.Actor(link=link), proof.id, "", now=NOW)
    assert caught.value.errors == {"text": "Write your answer."}
    later = NOW + timedelta(hours=2)
    svc.answer(session, settings, svc.Actor(link=link), proof.id, "Ja, dinsdag.", now=later)
    assert [(m.author, m.kind, m.text, m.created_at) for m in proof.messages][-1] == (
        "contact", "answer", "Ja, dinsdag.", later,
    )
    assert proof.status == "signed" and proof.updated_at == later


# --- fraud signals -----------------------------------------------------------------------------------------


def test_a_void_proof_adds_no_hours_and_no_overlap(session, w) -> None:  # type: ignore[no-untyped-def]
    day = date(2026, 2, 3)
    gone = open_proof(session, w)
    hours(session, w, gone, day, None, starts_at=time(8), ends_at=time(20))
    svc.void(session, w.counsellor, gone.id, now=NOW)
    current = open_proof(session, w, person=w.bert)
    hours(session, w, current, day, None, starts_at=time(18), ends_at=time(19))
    assert svc.fraud_signals(session, current) == []


def test_more_than_twelve_hours_written_behind_the_service_is_signalled(session, w) -> None:  # type: ignore[no-untyped-def]
    # Two requests at once, or rows written by hand, can pass the 12-hour rule; the signal shows it.
    day = date(2026, 2, 3)
    first = open_proof(session, w)
    hours(session, w, first, day, 8 * 60)
    second = open_proof(session, w, person=w.bert)
    session.add(HourEntry(proof_id=second.id, day=day, minutes=5 * 60))
    session.commit()
    assert svc.fraud_signals(session, first) == [svc.Signal("over_12_hours", day=day)]


def test_an_overlap_is_found_past_a_line_without_times(session, w) -> None:  # type: ignore[no-untyped-def]
    day = date(2026, 2, 3)
    first = open_proof(session, w)
    hours(session, w, first, day, None, starts_at=time(18), ends_at=time(20))
    second = open_proof(session, w, person=w.bert)
    hours(session, w, second, day, 60)
    hours(session, w, second, day, None, starts_at=time(19), ends_at=time(21))
    assert svc.fraud_signals(session, first) == [svc.Signal("overlap", day=day)]


def test_a_sunday_offer_on_a_sunday_is_on_schedule(session, w, make_offer) -> None:  # type: ignore[no-untyped-def]
    sunday_offer = make_offer("Zondagsvoetbal", offer_type="club", weekdays=("sun",), commit=False)
    sunday_offer.organisation = w.org
    session.commit()
    proof = open_proof(session, w)
    hours(session, w, proof, date(2026, 2, 8), 60, offer_id=sunday_offer.id)  # a Sunday
    hours(session, w, proof, date(2026, 2, 10), 60, offer_id=sunday_offer.id)  # a Tuesday
    assert svc.fraud_signals(session, proof) == [svc.Signal("off_schedule", day=date(2026, 2, 10))]


def test_every_day_of_a_weekly_offer_is_on_schedule(session, w, make_offer) -> None:  # type: ignore[no-untyped-def]
    every_day = make_offer("Elke dag open", offer_type="club", commit=False,
                           weekdays=("mon", "tue", "wed", "thu", "fri", "sat", "sun"))
    every_day.organisation = w.org
    session.commit()
    proof = open_proof(session, w)
    for day in range(2, 9):  # Monday 2 to Sunday 8 February 2026
        hours(session, w, proof, date(2026, 2, day), 60, offer_id=every_day.id)
    assert svc.fraud_signals(session, proof) == []


def test_a_line_with_one_time_written_behind_the_service_is_not_compared(session, w) -> None:  # type: ignore[no-untyped-def]
    # The service takes both times or neither; a row written by hand with only a start time
    # must not stop the signals (nor count as an overlap).
    day = date(2026, 2, 3)
    first = open_proof(session, w)
    hours(session, w, first, day, 60, starts_at=time(10), ends_at=time(11))
    half = open_proof(session, w, person=w.bert)
    session.add(HourEntry(proof_id=half.id, day=day, minutes=60, starts_at=time(10, 30)))
    session.commit()
    assert svc.fraud_signals(session, half) == []
    assert svc.fraud_signals(session, first) == []


def test_the_newcomers_own_proposal_is_not_a_shared_device(session, w, settings) -> None:  # type: ignore[no-untyped-def]
    proof = open_proof(session, w)
    newcomer = svc.issue_newcomer_link(session, settings, w.counsellor, w.client.id, now=NOW)
    svc.add_entry(session, svc.Actor(link=newcomer.link, device="dev-1"), proof.id,
                  svc.EntryInput(day=date(2026, 2, 3), minutes=60), now=NOW)
    svc.request_signature(session, settings, w.counsellor, proof.id, now=NOW)
    svc.sign(session, None, svc.Actor(link=sign_link(session, proof).link, device="dev-2"),
             proof.id, "Anna Trainer", now=NOW)
    assert svc.fraud_signals(session, proof) == []


def test_a_refusal_from_the_browser_the_newcomer_used_is_signalled(session, w, settings) -> None:  # type: ignore[no-untyped-def]
    proof = _awaiting(session, w, settings)
    newcomer = svc.issue_newcomer_link(session, settings, w.counsellor, w.client.id, now=NOW)
    svc.record_newcomer_view(session, w.client, newcomer.link, "dev-3")
    svc.refuse(session, settings, svc.Actor(link=sign_link(session, proof).link, device="dev-3"),
               proof.id, "Ik ken deze persoon niet", now=NOW)
    assert svc.fraud_signals(session, proof) == [svc.Signal("shared_device")]


def test_the_newcomers_view_is_audited_on_the_client_without_content(session, w, settings) -> None:  # type: ignore[no-untyped-def]
    newcomer = svc.issue_newcomer_link(session, settings, w.counsellor, w.client.id, now=NOW)
    svc.record_newcomer_view(session, w.client, newcomer.link, "dev-4")
    [event] = _events(session, "proof.newcomer_viewed")
    assert (event.actor_id, event.entity_type, event.entity_id) == (None, "client", w.client.id)
    assert event.data == {"via": "link", "link_id": newcomer.link.id, "device": "dev-4"}
    assert newcomer.link.last_used_at is not None


# --- the contact person's list -------------------------------------------------------------------------------


def test_a_contact_account_sees_the_proofs_waiting_for_it_latest_change_first(session, w) -> None:  # type: ignore[no-untyped-def]
    by_status = {}
    for n, status in enumerate(
        ("draft", "awaiting_signature", "signed", "queried", "verified", "refused", "void")
    ):
        other = make_client(session, w.counsellor)
        proof = open_proof(session, w, client=other)
        proof.status = status
        proof.updated_at = NOW + timedelta(hours=n)
        by_status[status] = proof.id
    berts = open_proof(session, w, person=w.bert)
    berts.status = "awaiting_signature"
    session.commit()
    assert [p.id for p in svc.proofs_for_contact_account(session, w.member)] == [
        by_status["queried"], by_status["signed"], by_status["awaiting_signature"],
    ]
    assert svc.proofs_for_contact_account(session, None) == []


# --- the export --------------------------------------------------------------------------------------------------


def _verify(session, w, proof, moment) -> None:  # type: ignore[no-untyped-def]
    hours(session, w, proof, date(2026, 2, 3), 90)
    signed(session, w, proof)
    svc.verify(session, w.counsellor, proof.id, now=moment)


def test_an_exempt_client_has_no_hours_remaining_in_the_export(session, w) -> None:  # type: ignore[no-untyped-def]
    svc.record_exemption(
        session, w.counsellor, w.client.id,
        svc.ExemptionInput("work_employee", "Arbeidscontract", date(2026, 1, 5)), now=NOW,
    )
    _verify(session, w, open_proof(session, w), NOW)
    assert svc.export(session, today=TODAY)["clients"] == [
        {
            "client_reference": w.client.reference_code,
            "exempt": True,
            "verified_hours": 1.5,
            "remaining_hours": 0,
            "contract_end": "2026-12-31",
            "at_risk": False,
        }
    ]


def test_the_export_period_includes_both_ends_whatever_the_order(session, w) -> None:  # type: ignore[no-untyped-def]
    late = open_proof(session, w)
    _verify(session, w, late, NOW + timedelta(days=2))
    early = open_proof(session, w, person=w.bert)
    hours(session, w, early, date(2026, 2, 4), 60)
    svc.request_signature(session, current_app.extensions["settings"], w.counsellor, early.id, now=NOW)
    svc.sign(session, None, svc.Actor(link=sign_link(session, early).link), early.id, "Bert Buddy",
             now=NOW)
    svc.verify(session, w.counsellor, early.id, now=NOW)

    def names(**period) -> list[str]:  # type: ignore[no-untyped-def]
        return [p["contact_name"] for p in svc.export(session, today=TODAY, **period)["proofs"]]

    assert names(date_from=TODAY, date_to=TODAY) == ["Bert Buddy"]
    assert names(date_from=TODAY + timedelta(days=2)) == ["Anna Trainer"]
    assert names(date_to=TODAY + timedelta(days=1)) == ["Bert Buddy"]


def test_the_export_keeps_a_proof_of_an_erased_client_without_a_reference(session, w) -> None:  # type: ignore[no-untyped-def]
    from aanbodplatform.services import clients as client_service

    proof = open_proof(session, w)
    _verify(session, w, proof, NOW)
    client_service.erase_client(session, w.counsellor, w.client.id, now=NOW)
    data = svc.export(session, today=TODAY)
    assert data["clients"] == []
    [row] = data["proofs"]
    assert row["client_reference"] is None and row["contact_name"] == "Anna Trainer"
    assert row["entries"] == [{"date": "2026-02-03", "hours": 1.5, "counts": False}]


# --- privacy: the client's own export and erasure ------------------------------------------------------------


def test_the_client_export_lists_every_field_of_proofs_and_the_exemption(session, w, settings) -> None:  # type: ignore[no-untyped-def]
    proof = open_proof(session, w)
    hours(session, w, proof, date(2026, 2, 3), 90, description="Training")
    signed(session, w, proof)
    svc.query(session, settings, w.counsellor, proof.id, "Was dit op dinsdag?", now=NOW)
    svc.answer(session, settings, svc.Actor(link=sign_link(session, proof).link), proof.id,
               "Ja, dinsdag.", now=NOW)
    svc.verify(session, w.counsellor, proof.id, now=NOW + timedelta(hours=1))
    assert svc.export_for_client(session, w.client) == {
        "proofs": [
            {
                "id": proof.id,
                "organisation_id": w.org.id,
                "offer_type": "club",
                "contact_name": "Anna Trainer",
                "status": "verified",
                "kind": "online",
                "signed_name": "Anna Trainer",
                "signed_at": "2026-03-02T10:00:00+00:00",
                "verified_at": "2026-03-02T11:00:00+00:00",
                "entries": [
                    {"date": "2026-02-03", "minutes": 90, "description": "Training", "counts": True}
                ],
                "messages": [
                    {"author": "counsellor", "text": "Was dit op dinsdag?"},
                    {"author": "contact", "text": "Ja, dinsdag."},
                ],
            }
        ],
        "exemption": None,
        "opted_in_on": None,
    }
    svc.record_exemption(
        session, w.counsellor, w.client.id,
        svc.ExemptionInput("study", "Inschrijvingsbewijs", date(2026, 1, 5)), now=NOW,
    )
    assert svc.export_for_client(session, w.client)["exemption"] == {
        "reason": "study", "evidence_type": "Inschrijvingsbewijs", "evidence_date": "2026-01-05",
    }


def test_erasing_a_client_clears_the_thread_and_audits_it_then(session, w, settings) -> None:  # type: ignore[no-untyped-def]
    from aanbodplatform.services import clients as client_service

    proof = _awaiting(session, w, settings)
    svc.refuse(session, settings, svc.Actor(user=w.member), proof.id, "Niet gezien", now=NOW)
    moment = NOW + timedelta(days=1)
    client_service.erase_client(session, w.counsellor, w.client.id, now=moment)
    session.refresh(proof)
    assert [m.text for m in proof.messages] == [""] and proof.refusal_reason is None
    [event] = _events(session, "proof.anonymised")
    assert (event.entity_type, event.entity_id, event.actor_id) == (
        "participation_proof", proof.id, None,
    )
    assert event.created_at == moment
    assert session.scalar(select(ParticipationProof.client_id).where(ParticipationProof.id == proof.id)) is None


def test_only_the_proofs_own_newcomer_counts_for_the_device_signal(session, w, settings) -> None:  # type: ignore[no-untyped-def]
    from aanbodplatform.models import Client

    # Other sheets first, so that the proof's id is no client's id yet.
    open_proof(session, w, person=w.bert)
    open_proof(session, w, offer_type="volunteering")
    proof = _awaiting(session, w, settings)
    assert session.get(Client, proof.id) is None
    # Another newcomer, whose id happens to equal the proof's, opens their page on the club's
    # laptop; the trainer signs this client's proof on the same laptop.
    stranger = make_client(session, w.counsellor, id=proof.id)
    theirs = svc.issue_newcomer_link(session, settings, w.counsellor, stranger.id, now=NOW)
    svc.record_newcomer_view(session, stranger, theirs.link, "club-laptop")
    svc.sign(session, None, svc.Actor(link=sign_link(session, proof).link, device="club-laptop"),
             proof.id, "Anna Trainer", now=NOW)
    assert svc.fraud_signals(session, proof) == []


def test_a_proof_of_another_client_whose_id_is_this_clients_is_not_its_newcomers(session, w, settings) -> None:  # type: ignore[no-untyped-def]
    from aanbodplatform.models import Client

    open_proof(session, w, person=w.bert)
    open_proof(session, w, offer_type="volunteering")
    theirs = open_proof(session, w)  # the proof of another newcomer (the world's client)
    assert session.get(Client, theirs.id) is None
    client = make_client(session, w.counsellor, id=theirs.id, contract_start_date=date(2026, 1, 1))
    proof = _awaiting(session, w, settings, client=client)
    newcomer = svc.issue_newcomer_link(session, settings, w.counsellor, w.client.id, now=NOW)
    svc.add_entry(session, svc.Actor(link=newcomer.link, device="club-laptop"), theirs.id,
                  svc.EntryInput(day=date(2026, 2, 5), minutes=60), now=NOW)
    svc.sign(session, None, svc.Actor(link=sign_link(session, proof).link, device="club-laptop"),
             proof.id, "Anna Trainer", now=NOW)
    assert svc.fraud_signals(session, proof) == []


def test_the_device_signal_compares_this_proofs_contact_and_newcomer_only(session, w, settings) -> None:  # type: ignore[no-untyped-def]
    other = make_client(session, w.counsellor, contract_start_date=date(2026, 1, 1))
    mine = _awaiting(session, w, settings)
    theirs = open_proof(session, w, client=other)
    mine_link = svc.issue_newcomer_link(session, settings, w.counsellor, w.client.id, now=NOW)
    other_link = svc.issue_newcomer_link(session, settings, w.counsellor, other.id, now=NOW)
    svc.record_newcomer_view(session, w.client, mine_link.link, "tablet")
    svc.add_entry(session, svc.Actor(link=other_link.link, device="laptop"), theirs.id,
                  svc.EntryInput(day=date(2026, 2, 5), minutes=60), now=NOW)
    svc.request_signature(session, settings, w.counsellor, theirs.id, now=NOW)
    # The contact signs each proof on the device the *other* newcomer used.
    svc.sign(session, None, svc.Actor(link=sign_link(session, mine).link, device="laptop"),
             mine.id, "Anna Trainer", now=NOW)
    svc.sign(session, None, svc.Actor(link=sign_link(session, theirs).link, device="tablet"),
             theirs.id, "Anna Trainer", now=NOW)
    assert svc.fraud_signals(session, mine) == []
    assert svc.fraud_signals(session, theirs) == []


def test_an_answer_or_a_line_from_the_newcomers_device_is_signalled(session, w, settings) -> None:  # type: ignore[no-untyped-def]
    answered = _awaiting(session, w, settings)
    edited = _awaiting(session, w, settings, person=w.bert)
    newcomer = svc.issue_newcomer_link(session, settings, w.counsellor, w.client.id, now=NOW)
    svc.record_newcomer_view(session, w.client, newcomer.link, "laptop")
    anna = svc.Actor(link=sign_link(session, answered).link, device="phone")
    svc.sign(session, None, anna, answered.id, "Anna Trainer", now=NOW)
    svc.query(session, settings, w.counsellor, answered.id, "Was dit op dinsdag?", now=NOW)
    svc.answer(session, settings, svc.Actor(link=anna.link, device="laptop"), answered.id,
               "Ja, dinsdag.", now=NOW)
    svc.add_entry(session, svc.Actor(link=sign_link(session, edited).link, device="laptop"),
                  edited.id, svc.EntryInput(day=date(2026, 2, 4), minutes=60), now=NOW)
    assert svc.fraud_signals(session, answered) == [svc.Signal("shared_device")]
    assert svc.fraud_signals(session, edited) == [svc.Signal("shared_device")]


# --- more details: the signing name, the refusal's moments, the newcomer's links, the order of clients --


def test_signing_with_an_account_needs_a_name_and_records_the_account(app, session, w, settings) -> None:  # type: ignore[no-untyped-def]
    proof = _awaiting(session, w, settings)
    member = svc.Actor(user=w.member)
    with in_locale(app, "en"), pytest.raises(ValidationFailed) as caught:
        svc.sign(session, settings, member, proof.id, "  ", now=NOW)
    assert caught.value.errors == {"signed_name": "Type your name to sign."}
    svc.sign(session, settings, member, proof.id, "Anna Trainer", now=NOW)
    assert (proof.signed_via, proof.signed_by_id) == ("account", w.member.id)


def test_a_signature_through_a_link_names_no_account_even_with_one_signed_in(session, w, settings) -> None:  # type: ignore[no-untyped-def]
    # The link is the signer's proof of who they are; an account that happens to be signed in
    # in the same browser is not the signer (a shared computer at the club).
    proof = _awaiting(session, w, settings)
    link = sign_link(session, proof).link
    svc.sign(session, settings, svc.Actor(user=w.member, link=link), proof.id, "Anna Trainer", now=NOW)
    assert (proof.signed_via, proof.signed_by_id) == ("link", None)


def test_a_verification_records_the_counsellor(session, w, settings) -> None:  # type: ignore[no-untyped-def]
    proof = _awaiting(session, w, settings)
    svc.sign(session, settings, svc.Actor(link=sign_link(session, proof).link), proof.id, "Anna Trainer", now=NOW)
    svc.verify(session, w.counsellor, proof.id, now=NOW)
    assert (proof.status, proof.verified_by_id) == ("verified", w.counsellor.id)


def test_a_link_used_to_sign_remembers_when(session, w, settings) -> None:  # type: ignore[no-untyped-def]
    proof = _awaiting(session, w, settings)
    link = sign_link(session, proof).link
    svc.sign(session, settings, svc.Actor(link=link), proof.id, "Anna Trainer", now=NOW)
    assert link.last_used_at == NOW


def test_a_refusal_and_its_task_carry_the_moment(session, w, settings) -> None:  # type: ignore[no-untyped-def]
    proof = _awaiting(session, w, settings)
    later = NOW + timedelta(hours=5)
    svc.refuse(session, settings, svc.Actor(user=w.member), proof.id, "Niet gezien", now=later)
    task = session.scalar(select(CounsellorTask).where(CounsellorTask.proof_id == proof.id))
    assert proof.refused_at == later and task.created_at == later
    [message] = proof.messages
    assert (message.author, message.kind, message.text, message.created_at) == (
        "contact", "refusal", "Niet gezien", later,
    )


def test_revoking_the_newcomers_links_is_audited_with_the_count(session, w, settings) -> None:  # type: ignore[no-untyped-def]
    svc.issue_newcomer_link(session, settings, w.counsellor, w.client.id, now=NOW)
    assert svc.revoke_newcomer_links(session, w.counsellor, w.client.id) == 1
    [event] = [e for e in _events(session, "link.revoked") if e.entity_type == "client"]
    assert (event.entity_id, event.actor_id) == (w.client.id, w.counsellor.id)
    assert event.data == {"purpose": "proof.newcomer", "count": 1}


def test_erasing_a_client_stops_their_links_at_that_moment(session, w, settings) -> None:  # type: ignore[no-untyped-def]
    from aanbodplatform.services import clients as client_service

    proof = _awaiting(session, w, settings)
    newcomer = svc.issue_newcomer_link(session, settings, w.counsellor, w.client.id, now=NOW)
    moment = NOW + timedelta(days=1)
    client_service.erase_client(session, w.counsellor, w.client.id, now=moment)
    assert newcomer.link.revoked_at == moment
    assert [link.revoked_at for link in _sign_links(session, proof)] == [moment]


def test_the_export_lists_clients_by_reference(session, w) -> None:  # type: ignore[no-untyped-def]
    later = make_client(session, w.counsellor, reference_code="AA-0001",
                        contract_start_date=date(2026, 1, 1), contract_end_date=date(2026, 12, 31))
    _verify(session, w, open_proof(session, w), NOW)  # the world's client: KL-…
    _verify(session, w, open_proof(session, w, client=later), NOW)
    assert [c["client_reference"] for c in svc.export(session, today=TODAY)["clients"]] == [
        "AA-0001", w.client.reference_code,
    ]


def test_lines_without_times_or_offer_do_not_hide_later_signals(session, w, make_offer) -> None:  # type: ignore[no-untyped-def]
    weekdays = make_offer("Markt", offer_type="club", weekdays=("mon", "fri"), commit=False)
    weekdays.organisation = w.org
    arranged = make_offer("Op afspraak", offer_type="club", weekdays=("sat",), commit=False)
    arranged.organisation = w.org
    arranged.schedule_kind = "by_arrangement"
    session.commit()
    proof = open_proof(session, w)
    other = open_proof(session, w, person=w.bert)
    hours(session, w, other, date(2026, 2, 1), None, starts_at=time(19), ends_at=time(20))
    hours(session, w, proof, date(2026, 2, 1), 60, offer_id=arranged.id)  # a Sunday, by arrangement
    hours(session, w, proof, date(2026, 2, 2), 60)  # Monday: no times, no offer
    hours(session, w, proof, date(2026, 2, 3), None, starts_at=time(18), ends_at=time(20),
          offer_id=weekdays.id)  # a Tuesday
    hours(session, w, proof, date(2026, 2, 6), 60, offer_id=weekdays.id)  # a Friday
    hours(session, w, proof, date(2026, 2, 9), 60, offer_id=weekdays.id)  # a Monday
    hours(session, w, other, date(2026, 2, 3), None, starts_at=time(19), ends_at=time(21))
    assert svc.fraud_signals(session, proof) == [
        svc.Signal("overlap", day=date(2026, 2, 3)),
        svc.Signal("off_schedule", day=date(2026, 2, 3)),
    ]


def test_a_question_after_the_link_expired_comes_with_a_new_link_from_then(session, w, settings) -> None:  # type: ignore[no-untyped-def]
    proof = _awaiting(session, w, settings)
    svc.sign(session, settings, svc.Actor(user=w.member), proof.id, "Anna Trainer", now=NOW)
    later = NOW + timedelta(days=31)
    svc.query(session, settings, w.counsellor, proof.id, "Was dit op dinsdag?", now=later)
    first, second = _sign_links(session, proof)
    assert first.expires_at == NOW + timedelta(days=30)
    assert (second.created_at, second.expires_at) == (later, later + timedelta(days=30))
    assert second.created_by_id == w.counsellor.id
