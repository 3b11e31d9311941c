"""The new handover routes × every kind of user: who may download the appointment, who records outcomes."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from aanbodplatform.services import handovers as svc
from tests.factories import login, make_client, make_member, make_user

OK, NO, IN = "ok", "403", "signin"
PEOPLE = ("anonymous", "owner", "other_counsellor", "member", "other_member", "moderator", "admin")


@pytest.fixture
def cast(session, make_offer):  # type: ignore[no-untyped-def]
    owner = make_user(session)
    offer = make_offer("Voetbal")
    other_offer = make_offer("Koor")
    people = {
        "owner": owner,
        "other_counsellor": make_user(session),
        "member": make_member(session, offer),
        "other_member": make_member(session, other_offer),
        "moderator": make_user(session, "moderator"),
        "admin": make_user(session, "admin"),
    }
    client_record = make_client(session, owner)
    # The services' "today" is the date in Belgium; the machine's date.today() is a day behind
    # between 23:00 and midnight UTC, when an appointment "today" would be in the past.
    today = svc.local_date(datetime.now(UTC))
    handover = svc.submit_handover(
        session, None, owner, client_record.id, offer.id,
        svc.HandoverInput(consent_given=True, consent_date=today),
    ).handover
    svc.accept(
        session, None, people["member"], handover.id,
        svc.Appointment(today, time(10, 0), "Zaal", "An"),
    )
    svc.mark_started(session, people["member"], handover.id)
    return people, handover


def _outcome(response) -> str:  # type: ignore[no-untyped-def]
    if response.status_code in (301, 302, 303):
        return IN if "/account/signin" in response.headers["Location"] else OK
    if response.status_code == 403:
        return NO
    if response.status_code == 200:
        return OK
    return f"unexpected {response.status_code}"


@pytest.mark.parametrize(
    ("method", "path", "data", "expected"),
    [
        ("GET", "/nl/counsellor/handovers/{id}/appointment.ics", None,
         {"anonymous": IN, "owner": OK, "other_counsellor": NO, "member": NO,
          "other_member": NO, "moderator": NO, "admin": NO}),
        ("GET", "/nl/handovers/{id}/appointment.ics", None,
         {"anonymous": IN, "owner": OK, "other_counsellor": NO, "member": OK,
          "other_member": NO, "moderator": NO, "admin": NO}),
        ("POST", "/nl/handovers/{id}/outcome", {"outcome-outcome": "attend", "outcome-day": "2020-01-01"},
         {"anonymous": IN, "owner": NO, "other_counsellor": NO, "member": OK,
          "other_member": NO, "moderator": NO, "admin": NO}),
    ],
    ids=["counsellor.appointment", "handover_inbox.appointment", "handover_inbox.outcome"],
)
def test_route_by_role(client, session, cast, method, path, data, expected) -> None:
    people, handover = cast
    got = {}
    for who in PEOPLE:
        if who == "anonymous":
            with client.session_transaction() as state:
                state.clear()
        else:
            login(client, people[who])
        response = client.open(path.format(id=handover.id), method=method, data=data)
        got[who] = _outcome(response)
        session.rollback()
        if method == "POST" and got[who] == OK:
            # Recorded once: put it back so every person meets the same state.
            session.refresh(handover)
            assert handover.status == "attended"
            handover.status = "started"
            session.commit()
    assert got == expected
