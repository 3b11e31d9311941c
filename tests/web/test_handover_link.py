"""A contact person without an account answers a handover through the signed link in the mail."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from aanbodplatform.models import AuditEvent, Handover, SignedLink
from aanbodplatform.services import handovers as svc
from aanbodplatform.services.mail import list_outbox, read_message
from tests.factories import login, logout
from tests.web.test_handover_web import ACCEPT, scene, send_handover  # noqa: F401

TODAY = date.today()


def mailed_link(address: str = "contact@club.be") -> str:
    """Return the path of the handover link in the latest mail to `address`."""
    item = [i for i in list_outbox() if i.to == address][-1]
    body = read_message(item.path).get_body(("plain",)).get_content()
    found = re.search(r"https?://[^/\s]+(/\w+/handover-link/\d+/\S+)", body)
    assert found, body
    return found.group(1)


@pytest.fixture
def sent(client, session, scene):  # noqa: F811
    handover = send_handover(client, session, scene)
    logout(client)  # the contact person has no account and no session
    return handover, mailed_link()


def audit_data(session, action: str) -> list[dict]:
    return [
        e.data
        for e in session.scalars(
            select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
        )
    ]


def test_the_link_opens_the_handover_with_only_the_shared_fields(client, session, sent, scene) -> None:  # noqa: F811
    handover, path = sent
    page = client.get(path)
    assert page.status_code == 200
    assert "Olena" in page.text  # shared: first name
    assert "olena@example.org" not in page.text  # not shared: email
    assert scene["client"].reference_code not in page.text
    assert page.headers["Cache-Control"] == "no-store"
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert "/nl/account/signup" in page.text  # an account is offered, not required
    viewed = audit_data(session, "handover.viewed")[-1]
    assert viewed["via"] == "link" and viewed["contact_person"] == "Mieke Contact"


def test_every_action_through_the_link(client, session, sent, scene) -> None:  # noqa: F811
    handover, path = sent
    assert client.post(f"{path}/seen").status_code == 302
    session.refresh(handover)
    assert handover.status == "seen"
    assert client.post(f"{path}/question", data={"question-text": "Sportschoenen?"}).status_code == 302
    assert handover.events[-1].kind == "question"
    assert handover.events[-1].actor_label == "Mieke Contact"
    assert client.post(f"{path}/accept", data=ACCEPT).status_code == 302
    session.refresh(handover)
    assert handover.status == "accepted" and handover.appointment["ask_for"] == "Mieke"
    page = client.get(path)
    assert "by contact person Mieke Contact via link" in client.get(path.replace("/nl/", "/en/", 1)).text
    assert page.status_code == 200
    ics = client.get(f"{path}/appointment.ics")
    assert ics.status_code == 200 and ics.mimetype == "text/calendar"
    assert b"BEGIN:VEVENT" in ics.data and b"Sporthal Noord" in ics.data
    assert client.post(f"{path}/start").status_code == 302
    session.refresh(handover)
    assert handover.status == "started"
    done = client.post(
        f"{path}/outcome", data={"outcome-outcome": "attend", "outcome-day": TODAY.isoformat()}
    )
    assert done.status_code == 302
    session.refresh(handover)
    assert handover.status == "attended" and handover.outcome_date == TODAY
    actions = [d for d in audit_data(session, "handover.attend")]
    assert actions[-1]["via"] == "link" and actions[-1]["contact_person"] == "Mieke Contact"
    for name in ("handover.mark_seen", "handover.question", "handover.accept", "handover.start"):
        assert audit_data(session, name)[-1]["via"] == "link", name
    # Attended is final: the link is revoked and says the handover is closed.
    assert client.get(path).status_code == 410


def test_declining_through_the_link_closes_it(client, session, sent) -> None:
    handover, path = sent
    answer = client.post(
        f"{path}/decline", data={"decline-reason": "other", "decline-text": "Vol tot juni"}
    )
    assert answer.status_code == 200
    session.refresh(handover)
    assert handover.status == "declined"
    assert audit_data(session, "handover.decline")[-1]["contact_person"] == "Mieke Contact"
    assert client.get(path).status_code == 410
    assert all(link.revoked_at is not None for link in session.scalars(select(SignedLink)))


def test_a_future_outcome_date_is_refused(client, session, sent) -> None:
    handover, path = sent
    client.post(f"{path}/accept", data=ACCEPT)
    client.post(f"{path}/start")
    tomorrow = (TODAY + timedelta(days=2)).isoformat()
    page = client.post(f"{path}/outcome", data={"outcome-outcome": "stop", "outcome-day": tomorrow})
    assert page.status_code == 422
    session.refresh(handover)
    assert handover.status == "started"


@pytest.mark.parametrize(
    ("mangle", "status"),
    [
        (lambda path: path[:-3] + ("abc" if not path.endswith("abc") else "xyz"), 404),
        (lambda path: path + "x", 404),
    ],
)
def test_a_tampered_token_gets_a_clear_page(client, session, sent, mangle, status) -> None:
    handover, path = sent
    page = client.get(mangle(path))
    assert page.status_code == status
    assert "Olena" not in page.text
    assert client.post(mangle(path) + "/seen").status_code == status
    session.refresh(handover)
    assert handover.status == "sent"


def test_an_expired_token(client, session, sent) -> None:
    handover, path = sent
    link = session.scalars(select(SignedLink)).one()
    link.expires_at = link.created_at - timedelta(seconds=1)
    session.commit()
    page = client.get(path)
    assert page.status_code == 410 and "Olena" not in page.text


def test_a_revoked_token(client, session, sent) -> None:
    handover, path = sent
    link = session.scalars(select(SignedLink)).one()
    from aanbodplatform.services import signed_links

    signed_links.revoke(session, link)
    session.commit()
    page = client.get(path)
    assert page.status_code == 410 and "Olena" not in page.text


def test_a_withdrawn_handover_closes_the_link(client, session, sent, scene) -> None:  # noqa: F811
    handover, path = sent
    svc.withdraw(session, None, scene["counsellor"], handover.id)
    page = client.get(path)
    assert page.status_code == 410 and "Olena" not in page.text


def test_another_handovers_token_opens_nothing(client, session, sent, make_offer, scene) -> None:  # noqa: F811
    handover, path = sent
    token = path.rsplit("/", 1)[1]
    other_offer = make_offer("Koor")
    other = svc.submit_handover(
        session,
        None,
        scene["counsellor"],
        scene["client"].id,
        other_offer.id,
        svc.HandoverInput(consent_given=True, consent_date=TODAY),
    ).handover
    page = client.get(f"/nl/handover-link/{other.id}/{token}")
    assert page.status_code == 404 and "Koor" not in page.text
    assert client.post(f"/nl/handover-link/{other.id}/{token}/seen").status_code == 404
    session.refresh(other)
    assert other.status == "sent"
    assert client.get(f"/nl/handover-link/999999/{token}").status_code == 404


def test_the_link_opens_no_other_page(client, sent) -> None:
    handover, path = sent
    client.get(path)
    # No session is made from the link: every signed-in page still asks to sign in.
    for url in (
        f"/nl/handovers/{handover.id}",
        "/nl/handovers/",
        f"/nl/handovers/{handover.id}/appointment.ics",
        f"/nl/counsellor/handovers/{handover.id}",
        "/nl/organisation/",
    ):
        answer = client.get(url)
        assert answer.status_code in (302, 401, 403, 404), url
        assert "Olena" not in answer.text, url


def test_the_counsellor_downloads_the_ics(client, session, sent, scene) -> None:  # noqa: F811
    handover, path = sent
    client.post(f"{path}/accept", data=ACCEPT)
    login(client, scene["counsellor"])
    page = client.get(f"/nl/counsellor/handovers/{handover.id}")
    assert f"/nl/counsellor/handovers/{handover.id}/appointment.ics" in page.text
    ics = client.get(f"/nl/counsellor/handovers/{handover.id}/appointment.ics")
    assert ics.status_code == 200 and b"DTSTART;TZID=Europe/Brussels" in ics.data
    assert "attachment" in ics.headers["Content-Disposition"]
    mails = [i for i in list_outbox() if i.to == scene["counsellor"].email]
    message = read_message(mails[-1].path)
    [attached] = list(message.iter_attachments())
    assert attached.get_content_type() == "text/calendar"
    assert attached.get_filename() == f"appointment-{handover.id}.ics"
    assert session.get(Handover, handover.id).status == "accepted"
