"""Proofs of participation: lifecycle table, grouping, the 12-hour day, the term, signatures,
links, refusal follow-up, progress and at-risk, exemptions and the export."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from aanbodplatform.models import AuditEvent, CounsellorTask, Exemption, ParticipationProof
from aanbodplatform.services import proofs as svc
from aanbodplatform.services import signed_links
from aanbodplatform.services.authz import InvalidTransition, PermissionDenied, ValidationFailed
from aanbodplatform.services.mail import list_outbox, read_message
from aanbodplatform.services.signed_links import LinkError
from tests.factories import make_user
from tests.proof_factories import NOW, TODAY, hours, open_proof, sign_link, signed

# --- the lifecycle, written out literally ------------------------------------------------------

EXPECTED = {
    "counsellor": {
        "draft": ["edit", "request_signature", "record_paper", "void"],
        "awaiting_signature": ["edit", "record_paper", "void"],
        "signed": ["edit", "query", "verify", "void"],
        "queried": ["edit", "void"],
        "verified": [],
        "refused": ["record_paper", "reopen", "void"],
        "void": [],
    },
    "contact": {
        "draft": ["edit"],
        "awaiting_signature": ["edit", "sign", "refuse"],
        "signed": ["edit"],
        "queried": ["edit", "answer"],
        "verified": [],
        "refused": [],
        "void": [],
    },
    "newcomer": {
        "draft": ["propose"],
        "awaiting_signature": ["propose"],
        "signed": [],
        "queried": [],
        "verified": [],
        "refused": [],
        "void": [],
    },
    "stranger": dict.fromkeys(
        ("draft", "awaiting_signature", "signed", "queried", "verified", "refused", "void"), []
    ),
}


def test_every_status_allows_exactly_these_actions_to_each_party(session, w, settings) -> None:  # type: ignore[no-untyped-def]
    proof = open_proof(session, w)
    newcomer = signed_links.issue(
        session, settings, purpose=svc.NEWCOMER_PURPOSE, entity=w.client,
        recipient=f"client:{w.client.id}", valid_for=timedelta(days=1),
    )
    contact_link = sign_link(session, proof)
    actors = {
        "counsellor": svc.Actor(user=w.counsellor),
        "contact": svc.Actor(link=contact_link.link),
        "newcomer": svc.Actor(link=newcomer.link),
        "stranger": svc.Actor(user=make_user(session, "counsellor")),
    }
    for party, by_status in EXPECTED.items():
        for status, expected in by_status.items():
            proof.status = status
            assert svc.allowed_actions(proof, actors[party]) == expected, (party, status)
    # The contact person signed in with their own account gets what the link gets.
    for status, expected in EXPECTED["contact"].items():
        proof.status = status
        assert svc.allowed_actions(proof, svc.Actor(user=w.member)) == expected, status


def test_forbidden_moves_are_refused(session, w, settings) -> None:  # type: ignore[no-untyped-def]
    proof = open_proof(session, w)
    with pytest.raises(InvalidTransition):
        svc.verify(session, w.counsellor, proof.id, now=NOW)
    with pytest.raises(PermissionDenied):
        svc.sign(session, None, svc.Actor(user=w.counsellor), proof.id, "Me", now=NOW)
    with pytest.raises(InvalidTransition):
        svc.reopen(session, w.counsellor, proof.id, now=NOW)
    hours(session, w, proof, date(2026, 2, 3), 120)
    signed(session, w, proof)
    with pytest.raises(PermissionDenied):
        svc.verify(session, w.member, proof.id, now=NOW)
    svc.verify(session, w.counsellor, proof.id, now=NOW)
    for move in (svc.void, svc.verify, svc.reopen):
        with pytest.raises(InvalidTransition):
            move(session, w.counsellor, proof.id, now=NOW)
    with pytest.raises(InvalidTransition):
        hours(session, w, proof, date(2026, 2, 4), 60)


def test_every_move_is_audited(session, w) -> None:  # type: ignore[no-untyped-def]
    proof = open_proof(session, w)
    hours(session, w, proof, date(2026, 2, 3), 120)
    signed(session, w, proof)
    svc.query(session, None, w.counsellor, proof.id, "Was dit op dinsdag?", now=NOW)
    link = sign_link(session, proof).link
    svc.answer(session, None, svc.Actor(link=link), proof.id, "Ja, dinsdag.", now=NOW)
    svc.verify(session, w.counsellor, proof.id, now=NOW)
    actions = [
        e.action
        for e in session.scalars(
            select(AuditEvent).where(
                AuditEvent.entity_type == "participation_proof", AuditEvent.entity_id == proof.id
            ).order_by(AuditEvent.id)
        )
        if e.action.startswith("proof.")
    ]
    assert actions == [
        "proof.opened", "proof.entry_added", "proof.request_signature", "proof.sign",
        "proof.query", "proof.answer", "proof.verify",
    ]
    sign_event = session.scalar(select(AuditEvent).where(AuditEvent.action == "proof.sign"))
    assert sign_event.data["via"] == "link"
    opened = session.scalar(select(AuditEvent).where(AuditEvent.action == "proof.opened"))
    assert opened.actor_id == w.counsellor.id
    assert [m.kind for m in proof.messages] == ["question", "answer"]


# --- grouping ----------------------------------------------------------------------------------


def test_same_organisation_type_and_contact_add_up_on_one_proof(session, w) -> None:  # type: ignore[no-untyped-def]
    first = open_proof(session, w)
    again = open_proof(session, w)
    assert again.id == first.id
    _proof, created = svc.open_proof(
        session, w.counsellor, w.client.id, w.org.id, "club", w.anna.id, now=NOW
    )
    assert created is False


def test_another_contact_person_opens_a_new_proof(session, w) -> None:  # type: ignore[no-untyped-def]
    assert open_proof(session, w, person=w.bert).id != open_proof(session, w).id


def test_the_same_contact_with_another_type_opens_a_new_proof(session, w) -> None:  # type: ignore[no-untyped-def]
    assert open_proof(session, w, offer_type="volunteering").id != open_proof(session, w).id


def test_a_verified_proof_is_closed_and_new_hours_go_on_a_new_sheet(session, w) -> None:  # type: ignore[no-untyped-def]
    proof = open_proof(session, w)
    hours(session, w, proof, date(2026, 2, 3), 60)
    signed(session, w, proof)
    svc.verify(session, w.counsellor, proof.id, now=NOW)
    assert open_proof(session, w).id != proof.id


def test_a_contact_person_of_another_organisation_is_refused(session, w, make_offer) -> None:  # type: ignore[no-untyped-def]
    other = make_offer("Elders", organisation="Andere club")
    with pytest.raises(ValidationFailed) as caught:
        svc.open_proof(session, w.counsellor, w.client.id, other.organisation_id, "club", w.anna.id)
    assert "contact_person_id" in caught.value.errors


def test_another_counsellor_cannot_open_a_proof_for_my_client(session, w) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        svc.open_proof(
            session, make_user(session, "counsellor"), w.client.id, w.org.id, "club", w.anna.id
        )


# --- hours: quarter hours, 12 hours a day, the contract term --------------------------------------


def test_at_most_twelve_hours_a_day_across_all_proofs(session, w) -> None:  # type: ignore[no-untyped-def]
    day = date(2026, 2, 3)
    hours(session, w, open_proof(session, w), day, 8 * 60)
    other = open_proof(session, w, person=w.bert)
    with pytest.raises(ValidationFailed) as caught:
        hours(session, w, other, day, 4 * 60 + 15)
    assert "minutes" in caught.value.errors
    hours(session, w, other, day, 4 * 60)  # exactly 12 hours is fine
    assert svc.day_minutes(session, w.client.id, day) == 12 * 60


def test_a_void_proof_frees_its_hours_for_the_day(session, w) -> None:  # type: ignore[no-untyped-def]
    day = date(2026, 2, 3)
    first = open_proof(session, w)
    hours(session, w, first, day, 12 * 60)
    svc.void(session, w.counsellor, first.id, now=NOW)
    hours(session, w, open_proof(session, w, person=w.bert), day, 60)


@pytest.mark.parametrize(
    ("minutes", "ok"), [(15, True), (90, True), (10, False), (0, False), (12 * 60 + 15, False)]
)
def test_durations_are_quarter_hours(session, w, minutes, ok) -> None:  # type: ignore[no-untyped-def]
    proof = open_proof(session, w)
    if ok:
        hours(session, w, proof, date(2026, 2, 3), minutes)
    else:
        with pytest.raises(ValidationFailed):
            hours(session, w, proof, date(2026, 2, 3), minutes)


def test_from_to_gives_the_duration_and_must_agree_with_it(session, w) -> None:  # type: ignore[no-untyped-def]
    from datetime import time

    proof = open_proof(session, w)
    entry = svc.add_entry(
        session, svc.Actor(user=w.counsellor), proof.id,
        svc.EntryInput(day=date(2026, 2, 3), starts_at=time(19), ends_at=time(21, 30)), now=NOW,
    )
    assert entry.minutes == 150
    with pytest.raises(ValidationFailed):
        hours(session, w, proof, date(2026, 2, 4), 60, starts_at=time(19), ends_at=time(21))
    with pytest.raises(ValidationFailed):
        hours(session, w, proof, TODAY + timedelta(days=1), 60)


def test_dates_outside_the_contract_term_are_kept_but_do_not_count(session, w) -> None:  # type: ignore[no-untyped-def]
    w.client.contract_end_date = date(2026, 2, 28)
    proof = open_proof(session, w)
    hours(session, w, proof, date(2025, 12, 31), 60)  # before the start
    hours(session, w, proof, date(2026, 2, 3), 120)
    hours(session, w, proof, date(2026, 3, 1), 180)  # after the end
    signed(session, w, proof)
    svc.verify(session, w.counsellor, proof.id, now=NOW)
    progress = svc.client_progress(session, w.client, today=TODAY)
    assert progress.verified_minutes == 120
    assert progress.outside_term_minutes == 240
    assert [svc.entry_counts(w.client, e) for e in proof.entries] == [False, True, False]
    # A void proof's lines outside the term are not counted there either.
    voided = open_proof(session, w, person=w.bert)
    hours(session, w, voided, date(2026, 3, 2), 30)  # after the end
    svc.void(session, w.counsellor, voided.id, now=NOW)
    assert svc.client_progress(session, w.client, today=TODAY).outside_term_minutes == 240


# --- signatures and links ----------------------------------------------------------------------------


def test_signing_records_name_time_and_a_hash_and_a_change_voids_it(session, w) -> None:  # type: ignore[no-untyped-def]
    proof = open_proof(session, w)
    hours(session, w, proof, date(2026, 2, 3), 120)
    signed(session, w, proof)
    assert proof.status == "signed"
    assert proof.signed_name == "Anna Trainer" and proof.signed_at == NOW
    assert proof.signed_via == "link"
    assert len(proof.signature_hash) == 64 and svc.signature_valid(proof)
    hours(session, w, proof, date(2026, 2, 10), 60)
    assert proof.status == "awaiting_signature"
    assert proof.signature_hash is None and proof.signed_at is None
    assert session.scalar(
        select(AuditEvent).where(AuditEvent.action == "proof.signature_voided")
    ) is not None


def test_content_changed_behind_the_service_cannot_be_verified(session, w) -> None:  # type: ignore[no-untyped-def]
    proof = open_proof(session, w)
    hours(session, w, proof, date(2026, 2, 3), 120)
    signed(session, w, proof)
    proof.entries[0].minutes = 600  # written straight to the row, not through the service
    session.commit()
    assert not svc.signature_valid(proof)
    with pytest.raises(InvalidTransition):
        svc.verify(session, w.counsellor, proof.id, now=NOW)


def test_the_signing_link_goes_only_to_the_registered_email(session, w, settings) -> None:  # type: ignore[no-untyped-def]
    proof = open_proof(session, w)
    hours(session, w, proof, date(2026, 2, 3), 120)
    assert svc.request_signature(session, settings, w.counsellor, proof.id, now=NOW) is True
    messages = [read_message(m.path) for m in list_outbox(settings)]
    assert [str(m["To"]) for m in messages] == ["anna@club.be"]
    link = session.scalar(select(signed_links.SignedLink).where(
        signed_links.SignedLink.purpose == svc.SIGN_PURPOSE))
    assert link.recipient == "anna@club.be"
    token = signed_links.token_for(settings, link)
    assert f"/nl/proof/{proof.id}/{token}" in messages[0].get_body(("plain",)).get_content()


def test_link_access_valid_expired_tampered_revoked_and_another_proofs_token(session, w, settings) -> None:  # type: ignore[no-untyped-def]
    proof = open_proof(session, w)
    other = open_proof(session, w, person=w.bert)
    issued = sign_link(session, proof)
    found, _link = svc.resolve_contact(session, settings, issued.token, proof.id, now=NOW)
    assert found.id == proof.id

    def problem(token: str, proof_id: int, **kw) -> str:  # type: ignore[no-untyped-def]
        with pytest.raises(LinkError) as caught:
            svc.resolve_contact(session, settings, token, proof_id, **kw)
        return caught.value.problem

    assert problem(issued.token, proof.id, now=NOW + svc.SIGN_LINK_VALID) == "expired"
    assert problem(issued.token[:-2] + "xx", proof.id, now=NOW) == "tampered"
    assert problem(issued.token, other.id, now=NOW) == "wrong_object"
    # The organisation changes the contact's email: links sent to the old one stop working.
    w.anna.email = "anna.nieuw@club.be"
    session.commit()
    assert problem(issued.token, proof.id, now=NOW) == "revoked"
    w.anna.email = "anna@club.be"
    signed_links.revoke(session, issued.link)
    session.commit()
    assert problem(issued.token, proof.id, now=NOW) == "revoked"
    # A newcomer's token never opens the signing page.
    newcomer = svc.issue_newcomer_link(session, settings, w.counsellor, w.client.id, now=NOW)
    assert problem(newcomer.token, proof.id, now=NOW) == "tampered"


def test_a_newcomer_proposes_but_cannot_sign(session, w, settings) -> None:  # type: ignore[no-untyped-def]
    proof = open_proof(session, w)
    issued = svc.issue_newcomer_link(session, settings, w.counsellor, w.client.id, now=NOW)
    client, link = svc.resolve_newcomer(session, settings, issued.token, now=NOW)
    assert client.id == w.client.id
    entry = svc.add_entry(
        session, svc.Actor(link=link), proof.id,
        svc.EntryInput(day=date(2026, 2, 3), minutes=90), now=NOW,
    )
    assert entry.source == "newcomer"
    with pytest.raises(PermissionDenied):
        svc.sign(session, None, svc.Actor(link=link), proof.id, "Amal", now=NOW)
    svc.revoke_newcomer_links(session, w.counsellor, w.client.id)
    with pytest.raises(LinkError):
        svc.resolve_newcomer(session, settings, issued.token, now=NOW)


# --- refusal -------------------------------------------------------------------------------------------


def test_a_refusal_tells_the_counsellor_and_opens_a_follow_up_task(session, w, settings) -> None:  # type: ignore[no-untyped-def]
    proof = open_proof(session, w)
    hours(session, w, proof, date(2026, 2, 3), 120)
    svc.request_signature(session, settings, w.counsellor, proof.id, now=NOW)
    with pytest.raises(ValidationFailed):
        svc.refuse(session, settings, svc.Actor(user=w.member), proof.id, "  ", now=NOW)
    svc.refuse(session, settings, svc.Actor(user=w.member), proof.id, "Niet gezien", now=NOW)
    assert proof.status == "refused" and proof.refusal_reason == "Niet gezien"
    task = session.scalar(select(CounsellorTask).where(CounsellorTask.proof_id == proof.id))
    assert task.counsellor_id == w.counsellor.id and task.kind == "refused_proof"
    assert task.due_on == TODAY + timedelta(days=5) and task.done_at is None
    assert [str(read_message(m.path)["To"]) for m in list_outbox(settings)][-1] == w.counsellor.email
    rows = svc.dashboard(session, w.counsellor, today=TODAY)
    assert rows[0].open_tasks == [task]
    svc.reopen(session, w.counsellor, proof.id, now=NOW)
    assert task.done_at is not None and proof.status == "draft"


# --- the paper path -----------------------------------------------------------------------------------


def test_a_paper_proof_needs_a_real_scan(session, w, settings) -> None:  # type: ignore[no-untyped-def]
    proof = open_proof(session, w)
    hours(session, w, proof, date(2026, 2, 3), 120)
    for scan in (b"GIF89a....", b"", b"%PDF-" + b"0" * svc.MAX_SCAN_BYTES):
        with pytest.raises(ValidationFailed) as caught:
            svc.record_paper(
                session, settings, w.counsellor, proof.id, signed_name="Anna",
                signed_on=date(2026, 2, 5), scan=scan, now=NOW,
            )
        assert "scan" in caught.value.errors
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
    svc.record_paper(
        session, settings, w.counsellor, proof.id, signed_name="Anna Trainer",
        signed_on=date(2026, 2, 5), scan=png, now=NOW,
    )
    assert proof.status == "verified" and proof.kind == "paper" and proof.signed_via == "paper"
    assert proof.scan_type == "image/png" and proof.verified_by_id == w.counsellor.id
    assert svc.scan_path(settings, proof).read_bytes() == png


# --- progress, at risk, exemption -------------------------------------------------------------------


def _verified(session, w, minutes_by_day) -> None:  # type: ignore[no-untyped-def]
    proof = open_proof(session, w)
    for day, minutes in minutes_by_day:
        hours(session, w, proof, day, minutes)
    signed(session, w, proof)
    svc.verify(session, w.counsellor, proof.id, now=NOW)


def test_at_risk_when_more_than_three_hours_a_week_are_needed(session, w) -> None:  # type: ignore[no-untyped-def]
    _verified(session, w, [(date(2026, 2, 3), 10 * 60)])  # 30 hours to go
    w.client.contract_end_date = TODAY + timedelta(days=70)  # 10 weeks: exactly 3 h a week
    assert svc.client_progress(session, w.client, today=TODAY).at_risk is False
    w.client.contract_end_date = TODAY + timedelta(days=69)  # a day less: just above 3 h a week
    progress = svc.client_progress(session, w.client, today=TODAY)
    assert progress.at_risk is True and progress.days_left == 69
    assert progress.verified_minutes == 600 and progress.remaining_minutes == 1800


def test_at_risk_when_the_end_has_passed(session, w) -> None:  # type: ignore[no-untyped-def]
    w.client.contract_end_date = TODAY - timedelta(days=1)
    progress = svc.client_progress(session, w.client, today=TODAY)
    assert progress.at_risk is True and progress.days_left == -1


def test_signed_and_proposed_hours_do_not_count_as_verified(session, w, settings) -> None:  # type: ignore[no-untyped-def]
    signed_proof = open_proof(session, w)
    hours(session, w, signed_proof, date(2026, 2, 3), 120)
    signed(session, w, signed_proof)
    hours(session, w, open_proof(session, w, person=w.bert), date(2026, 2, 4), 60)
    progress = svc.client_progress(session, w.client, today=TODAY)
    assert (progress.verified_minutes, progress.signed_minutes, progress.proposed_minutes) == (
        0, 120, 60,
    )


def test_an_exemption_closes_the_requirement(session, w) -> None:  # type: ignore[no-untyped-def]
    w.client.contract_end_date = TODAY + timedelta(days=7)
    assert svc.client_progress(session, w.client, today=TODAY).at_risk is True
    with pytest.raises(ValidationFailed):
        svc.record_exemption(
            session, w.counsellor, w.client.id,
            svc.ExemptionInput("work_part_time", "Contract", date(2026, 1, 5)),
        )
    svc.record_exemption(
        session, w.counsellor, w.client.id,
        svc.ExemptionInput("work_employee", "Arbeidscontract 4 maanden, 60 %", date(2026, 1, 5)),
        now=NOW,
    )
    progress = svc.client_progress(session, w.client, today=TODAY)
    assert progress.exempt is True and progress.at_risk is False
    record = session.scalar(select(Exemption))
    assert record.recorded_by_id == w.counsellor.id and record.reason == "work_employee"


def test_an_entitled_client_is_required_only_after_opting_in(session, w) -> None:  # type: ignore[no-untyped-def]
    w.client.status = "entitled"
    w.client.contract_end_date = TODAY + timedelta(days=7)
    assert svc.client_progress(session, w.client, today=TODAY).at_risk is False
    svc.record_opt_in(session, w.counsellor, w.client.id, date(2026, 2, 1), now=NOW)
    assert w.client.opted_in_on == date(2026, 2, 1)
    assert svc.client_progress(session, w.client, today=TODAY).at_risk is True
    with pytest.raises(InvalidTransition):  # binding: recorded once
        svc.record_opt_in(session, w.counsellor, w.client.id, date(2026, 2, 2), now=NOW)


def test_the_dashboard_lists_clients_at_risk_first_and_filters(session, w) -> None:  # type: ignore[no-untyped-def]
    from tests.factories import make_client

    calm = make_client(session, w.counsellor, contract_end_date=TODAY + timedelta(days=700))
    w.client.contract_end_date = TODAY + timedelta(days=14)
    hours(session, w, open_proof(session, w), date(2026, 2, 3), 60)
    rows = svc.dashboard(session, w.counsellor, today=TODAY)
    assert [r.progress.client.id for r in rows] == [w.client.id, calm.id]
    assert [r.progress.client.id for r in svc.dashboard(
        session, w.counsellor, today=TODAY, status="draft")] == [w.client.id]
    assert [r.progress.client.id for r in svc.dashboard(
        session, w.counsellor, today=TODAY, status="at_risk")] == [w.client.id]


# --- fraud signals --------------------------------------------------------------------------------------


def test_fraud_signals_overlap_and_off_schedule(session, w) -> None:  # type: ignore[no-untyped-def]
    from datetime import time

    first = open_proof(session, w)
    second = open_proof(session, w, person=w.bert)
    hours(session, w, first, date(2026, 2, 4), None, starts_at=time(18), ends_at=time(20),
          offer_id=w.offer.id)  # a Wednesday; the offer runs on Tuesdays
    hours(session, w, second, date(2026, 2, 4), None, starts_at=time(19), ends_at=time(21))
    codes = {s.code for s in svc.fraud_signals(session, first)}
    assert codes == {"overlap", "off_schedule"}


# --- export ------------------------------------------------------------------------------------------------


def test_the_export_has_the_documented_shape_and_sums(session, w) -> None:  # type: ignore[no-untyped-def]
    w.client.contract_end_date = date(2026, 2, 28)
    proof = open_proof(session, w)
    hours(session, w, proof, date(2026, 2, 3), 90)
    hours(session, w, proof, date(2026, 3, 1), 60)
    signed(session, w, proof)
    svc.verify(session, w.counsellor, proof.id, now=NOW)
    hours(session, w, open_proof(session, w, person=w.bert), date(2026, 2, 4), 60)
    data = svc.export(session, today=TODAY)
    assert data == {
        "proofs": [
            {
                "client_reference": w.client.reference_code,
                "organisation_name": w.org.name,
                "organisation_kbo": "0123456749",
                "offer_type": "club",
                "contact_name": "Anna Trainer",
                "status": "verified",
                "total_hours": 2.5,
                "entries": [
                    {"date": "2026-02-03", "hours": 1.5, "counts": True},
                    {"date": "2026-03-01", "hours": 1.0, "counts": False},
                ],
                "verified_at": NOW.isoformat(),
            }
        ],
        "clients": [
            {
                "client_reference": w.client.reference_code,
                "exempt": False,
                "verified_hours": 1.5,
                "remaining_hours": 38.5,
                "contract_end": "2026-02-28",
                "at_risk": True,
            }
        ],
    }
    assert [p["status"] for p in svc.export(session, today=TODAY, all_statuses=True)["proofs"]] == [
        "verified", "draft",
    ]
    assert svc.export(session, today=TODAY, date_from=TODAY + timedelta(days=1))["proofs"] == []
    assert len(session.scalars(select(ParticipationProof)).all()) == 2


def test_the_export_command_writes_json_and_csv(app, session, w) -> None:  # type: ignore[no-untyped-def]
    import csv
    import io
    import json

    proof = open_proof(session, w)
    hours(session, w, proof, date(2026, 2, 3), 90)
    signed(session, w, proof)
    svc.verify(session, w.counsellor, proof.id, now=NOW)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["proofs", "export", "--from", "2026-03-01", "--to", "2026-03-31"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {"proofs", "clients"}
    assert [p["total_hours"] for p in data["proofs"]] == [1.5]
    assert data["clients"][0]["verified_hours"] == 1.5
    outside = runner.invoke(args=["proofs", "export", "--to", "2026-02-28"])
    assert json.loads(outside.output)["proofs"] == []
    rows = list(csv.reader(io.StringIO(runner.invoke(
        args=["proofs", "export", "--format", "csv"]).output)))
    assert rows[0][0] == "client_reference" and rows[1][6] == "1.5"
    bad = runner.invoke(args=["proofs", "export", "--from", "gisteren"])
    assert bad.exit_code != 0 and "YYYY-MM-DD" in bad.output


def test_the_client_export_holds_the_proofs_and_erasing_clears_their_texts(session, w, settings) -> None:  # type: ignore[no-untyped-def]
    from aanbodplatform.services import clients as client_service

    proof = open_proof(session, w)
    hours(session, w, proof, date(2026, 2, 3), 90, description="Voetbaltraining")
    issued = svc.issue_newcomer_link(session, settings, w.counsellor, w.client.id, now=NOW)
    data = client_service.export_client(session, w.counsellor, w.client.id)
    [exported] = data["participation"]["proofs"]
    assert exported["entries"] == [
        {"date": "2026-02-03", "minutes": 90, "description": "Voetbaltraining", "counts": True}
    ]
    client_service.erase_client(session, w.counsellor, w.client.id)
    session.refresh(proof)
    assert proof.client_id is None and proof.entries[0].description is None
    assert issued.link.revoked_at is not None


def test_fraud_signals_many_clients_and_one_device(session, w, settings) -> None:  # type: ignore[no-untyped-def]
    from tests.factories import make_client

    proofs = []
    for _ in range(svc.MANY_CLIENTS):
        other = make_client(session, w.counsellor, contract_end_date=date(2026, 12, 31))
        proof = open_proof(session, w, client=other)
        hours(session, w, proof, date(2026, 2, 3), 60)
        proofs.append(proof)
    for proof in proofs[:-1]:
        signed(session, w, proof)
    assert "many_clients" not in {s.code for s in svc.fraud_signals(session, proofs[0])}
    # The last one is signed from the device the newcomer used to propose hours.
    last = proofs[-1]
    newcomer = svc.issue_newcomer_link(session, settings, w.counsellor, last.client_id, now=NOW)
    svc.add_entry(session, svc.Actor(link=newcomer.link, device="dev-1"), last.id,
                  svc.EntryInput(day=date(2026, 2, 4), minutes=60), now=NOW)
    svc.request_signature(session, settings, w.counsellor, last.id, now=NOW)
    svc.sign(session, None, svc.Actor(link=sign_link(session, last).link, device="dev-1"),
             last.id, "Anna Trainer", now=NOW)
    codes = {s.code for s in svc.fraud_signals(session, last)}
    assert codes == {"many_clients", "shared_device"}
    assert svc.Signal("many_clients", count=svc.MANY_CLIENTS) in svc.fraud_signals(session, last)


def test_contact_persons_need_a_name_and_an_email_or_phone(session, w) -> None:  # type: ignore[no-untyped-def]
    from aanbodplatform.services import contact_persons as cps

    with pytest.raises(ValidationFailed) as caught:
        cps.create_contact_person(session, w.member, w.org.id, cps.ContactPersonInput(name="Buddy"))
    assert set(caught.value.errors) == {"email"}
    with pytest.raises(ValidationFailed):
        cps.create_contact_person(
            session, w.member, w.org.id, cps.ContactPersonInput(name="Buddy", email="geen-mail")
        )
    buddy = cps.create_contact_person(
        session, w.member, w.org.id, cps.ContactPersonInput(name=" Buddy  Jan ", phone="0470 12 34 56")
    )
    assert buddy.name == "Buddy Jan" and buddy.email is None
    with pytest.raises(PermissionDenied):
        cps.create_contact_person(
            session, w.counsellor, w.org.id, cps.ContactPersonInput(name="X", phone="0470 12 34 56")
        )
