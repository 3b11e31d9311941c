"""Proof pages: the counsellor opens, adds hours, asks to sign, verifies; the contact person
signs through the emailed link; the newcomer's link; the verification page; the PDF."""

from __future__ import annotations

import io
import re
from datetime import date, datetime, timedelta

import pytest
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from pypdf import PdfReader
from sqlalchemy import select

from aanbodplatform.models import Handover, OfferContact, ParticipationProof
from aanbodplatform.services import proofs as svc
from aanbodplatform.services.mail import list_outbox, read_message
from tests.factories import login, make_user
from tests.proof_factories import NOW, build, hours, open_proof, signed

YESTERDAY = (datetime.now().date() - timedelta(days=1)).isoformat()


@pytest.fixture
def w(session, make_offer):  # type: ignore[no-untyped-def]
    world = build(session, make_offer, contract_end_date=date(2099, 12, 31))
    return world


def _signing_link_in_outbox() -> str:
    body = read_message(list_outbox()[-1].path).get_body(("plain",)).get_content()
    return re.search(r"http://\S+/nl/proof/\d+/\S+", body).group(0)


def _path(url: str) -> str:
    return url.split("127.0.0.1:5000", 1)[-1]


def test_the_whole_online_path_through_the_pages(client, session, w) -> None:  # type: ignore[no-untyped-def]
    handover = Handover(
        client_id=w.client.id, offer_id=w.offer.id, organisation_id=w.org.id,
        counsellor_id=w.counsellor.id, status="started", open_slot=1,
    )
    w.offer.contacts.append(OfferContact(name="Anna Trainer", email="anna@club.be", signs_proof=True))
    session.add(handover)
    session.commit()
    login(client, w.counsellor)
    page = client.get(f"/en/counsellor/handovers/{handover.id}")
    assert f'action="/en/counsellor/handovers/{handover.id}/proof"' in page.text
    opened = client.post(f"/en/counsellor/handovers/{handover.id}/proof")
    proof = session.scalars(select(ParticipationProof)).one()
    assert opened.headers["Location"].endswith(f"/en/counsellor/proofs/{proof.id}")
    assert proof.contact_person_id == w.anna.id  # matched by email, not a new record
    assert client.post(
        f"/en/counsellor/proofs/{proof.id}/entries",
        data={"day": YESTERDAY, "hours": "2,5", "description": "Training"},
    ).status_code == 302
    bad = client.post(f"/en/counsellor/proofs/{proof.id}/entries", data={"day": "gisteren", "hours": "x"})
    assert bad.status_code == 422
    assert client.post(f"/en/counsellor/proofs/{proof.id}/request-signature").status_code == 302
    link = _path(_signing_link_in_outbox())

    with client.session_transaction() as state:
        state.clear()
    sign_page = client.get(link)
    assert sign_page.status_code == 200 and "2.5" in sign_page.text
    assert client.post(link + "/sign", data={"signed_name": ""}).status_code == 422
    assert client.post(link + "/sign", data={"signed_name": "Anna Trainer"}).status_code == 302
    session.refresh(proof)
    assert proof.status == "signed" and proof.signed_via == "link"

    login(client, w.counsellor)
    assert client.post(f"/en/counsellor/proofs/{proof.id}/verify").status_code == 302
    session.refresh(proof)
    assert proof.status == "verified"
    assert client.get(link).status_code == 410  # the link ends with the verification


def test_link_pages_answer_expired_tampered_and_another_proof(client, session, w) -> None:  # type: ignore[no-untyped-def]
    proof = open_proof(session, w)
    other = open_proof(session, w, person=w.bert)
    settings = current_app.extensions["settings"]
    issued = svc.signed_links.issue(
        session, settings, purpose=svc.SIGN_PURPOSE, entity=proof, recipient="anna@club.be",
        valid_for=timedelta(days=1),
    )
    session.commit()
    assert client.get(f"/nl/proof/{proof.id}/{issued.token}").status_code == 200
    assert client.get(f"/nl/proof/{proof.id}/{issued.token}x").status_code == 404
    assert client.get(f"/nl/proof/{other.id}/{issued.token}").status_code == 404
    issued.link.expires_at = datetime.now(issued.link.created_at.tzinfo) - timedelta(seconds=1)
    session.commit()
    assert client.get(f"/nl/proof/{proof.id}/{issued.token}").status_code == 410


def test_the_newcomer_link_shows_hours_in_arabic_and_takes_proposals(client, session, w) -> None:  # type: ignore[no-untyped-def]
    proof = open_proof(session, w)
    hours(session, w, proof, date(2026, 2, 3), 90)
    settings = current_app.extensions["settings"]
    issued = svc.issue_newcomer_link(session, settings, w.counsellor, w.client.id)
    page = client.get(f"/ar/my-hours/{issued.token}")
    assert page.status_code == 200
    assert 'dir="rtl"' in page.text and 'lang="ar"' in page.text
    with force_locale("ar"):
        heading = _("My hours")
    assert heading in page.text and "1.5" in page.text
    response = client.post(
        f"/ar/my-hours/{issued.token}/entries",
        data={"proof_id": str(proof.id), "day": YESTERDAY, "hours": "1"},
    )
    assert response.status_code == 302
    assert [e.source for e in proof.entries] == ["counsellor", "newcomer"]
    svc.revoke_newcomer_links(session, w.counsellor, w.client.id)
    assert client.get(f"/ar/my-hours/{issued.token}").status_code == 410


def test_the_verification_page_shows_validity_and_total_only(client, session, w) -> None:  # type: ignore[no-untyped-def]
    proof = open_proof(session, w)
    hours(session, w, proof, date(2026, 2, 3), 150)
    signed(session, w, proof)
    svc.verify(session, w.counsellor, proof.id, now=NOW)
    short = client.get(f"/verify/{proof.verification_code}")
    assert short.status_code == 302
    page = client.get(f"/en/verify/{proof.verification_code}")
    assert page.status_code == 200
    assert 'data-valid="true"' in page.text and "2.5" in page.text
    for secret in (w.client.reference_code, "Amal", "Anna", w.org.name, "anna@club.be", "club"):
        assert secret not in page.text, secret
    assert client.get("/en/verify/NOPE1234").status_code == 404


def test_the_printable_proof_has_the_lines_and_total_in_dutch_and_arabic(client, session, w) -> None:  # type: ignore[no-untyped-def]
    proof = open_proof(session, w)
    hours(session, w, proof, date(2026, 2, 3), 90, description="Training")
    hours(session, w, proof, date(2026, 2, 10), 120)
    signed(session, w, proof)
    login(client, w.counsellor)
    response = client.get(f"/nl/counsellor/proofs/{proof.id}/print.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    with force_locale("nl"):
        total_nl, hours_nl, online_nl = _("Total"), _("Hours"), _("signed online")
    with force_locale("ar"):
        total_ar = _("Total")
    for expected in ("03-02-2026", "10-02-2026", "1.5", "3.5", "Training", total_nl, hours_nl,
                     "Anna Trainer", "0123456749", proof.verification_code, online_nl):
        assert expected in text, expected
    assert total_ar in text or total_ar[::-1] in text


def test_another_counsellor_gets_403_on_my_client_and_proof(client, session, w) -> None:  # type: ignore[no-untyped-def]
    proof = open_proof(session, w)
    login(client, make_user(session, "counsellor", office="Antwerpen"))
    assert client.get(f"/nl/counsellor/proofs/{proof.id}").status_code == 403
    assert client.get(f"/nl/counsellor/clients/{w.client.id}/hours").status_code == 403


def test_the_dashboard_and_client_page_render(client, session, w) -> None:  # type: ignore[no-untyped-def]
    open_proof(session, w)
    login(client, w.counsellor)
    board = client.get("/en/counsellor/proofs?status=draft")
    assert board.status_code == 200 and w.client.reference_code in board.text
    page = client.get(f"/en/counsellor/clients/{w.client.id}/hours?organisation_id={w.org.id}")
    assert page.status_code == 200 and "Anna Trainer" in page.text
    assert not re.search(r"\sstyle=", page.text)
    made = client.post(f"/en/counsellor/clients/{w.client.id}/personal-link")
    assert made.status_code == 200 and "/my-hours/" in made.text and "<svg" in made.text
