"""The demo data works end to end: every demo account's pages render without an error."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from aanbodplatform.models import Client, Handover, Offer, User
from aanbodplatform.seed.demo import seed_demo
from tests.factories import login


@pytest.fixture
def demo(session):  # type: ignore[no-untyped-def]
    return seed_demo(session, offers=120, seed=7)


def _user(session, role: str) -> User:  # type: ignore[no-untyped-def]
    return session.scalars(select(User).where(User.role == role)).first()


def test_public_pages_render_with_demo_data(client, session, demo) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/en/search?near=Gent&radius_km=25").status_code == 200
    offers = session.scalars(select(Offer).where(Offer.status == "published").limit(25)).all()
    for offer in offers:
        response = client.get(f"/en/offers/{offer.id}", follow_redirects=True)
        assert response.status_code == 200, offer.id


def test_counsellor_pages_render_with_demo_data(client, session, demo) -> None:  # type: ignore[no-untyped-def]
    counsellor = _user(session, "counsellor")
    login(client, counsellor)
    assert client.get("/en/counsellor/").status_code == 200
    clients = session.scalars(select(Client).where(Client.counsellor_id == counsellor.id)).all()
    assert clients
    for record in clients:
        assert client.get(f"/en/counsellor/clients/{record.id}").status_code == 200
        together = client.get(f"/en/counsellor/clients/{record.id}/search", follow_redirects=True)
        assert together.status_code == 200
    handovers = session.scalars(select(Handover).where(Handover.counsellor_id == counsellor.id)).all()
    assert {h.status for h in handovers} >= {"sent", "accepted"}
    for handover in handovers:
        assert client.get(f"/en/counsellor/handovers/{handover.id}").status_code == 200


def test_organisation_pages_render_with_demo_data(client, session, demo) -> None:  # type: ignore[no-untyped-def]
    member = _user(session, "organisation_member")
    login(client, member)
    assert client.get("/en/organisations/").status_code == 200
    assert client.get("/en/handovers/").status_code == 200
    for handover in session.scalars(select(Handover)).all():
        if handover.organisation_id in {m.organisation_id for m in member.memberships}:
            assert client.get(f"/en/handovers/{handover.id}").status_code == 200


def test_moderator_pages_render_with_demo_data(client, session, demo) -> None:  # type: ignore[no-untyped-def]
    login(client, _user(session, "moderator"))
    assert client.get("/en/moderation/").status_code == 200
