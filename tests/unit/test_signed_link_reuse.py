"""One helper for "the link this person already has, or a new one" (handover mails, proof questions)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import current_app
from sqlalchemy import func, select

from aanbodplatform.models import Organisation
from aanbodplatform.models.links import SignedLink
from aanbodplatform.services import signed_links


@pytest.fixture
def settings(app):  # type: ignore[no-untyped-def]
    return current_app.extensions["settings"]


def _token(session, settings, org, recipient: str) -> str:  # type: ignore[no-untyped-def]
    return signed_links.live_token_for(
        session, settings, purpose="handover.respond", entity=org, recipient=recipient,
        valid_for=timedelta(days=30),
    )  # fmt: skip


def _links(session) -> int:  # type: ignore[no-untyped-def]
    return int(session.scalar(select(func.count()).select_from(SignedLink)) or 0)


def test_a_live_link_is_reused_per_recipient_and_a_revoked_one_replaced(session, settings) -> None:  # type: ignore[no-untyped-def]
    org = Organisation(name="Vereniging")
    session.add(org)
    session.flush()
    first = _token(session, settings, org, "anna@club.be")
    assert _links(session) == 1
    assert _token(session, settings, org, "anna@club.be") == first
    assert _links(session) == 1
    other = _token(session, settings, org, "bert@club.be")
    assert other != first and _links(session) == 2
    assert signed_links.revoke_all(session, org, purpose="handover.respond") == 2
    again = _token(session, settings, org, "anna@club.be")
    assert again != first and _links(session) == 3
    link = signed_links.resolve(session, settings, again, purpose="handover.respond", entity=org)
    assert link.recipient == "anna@club.be"


def test_app_settings_fall_back_to_the_running_app(settings) -> None:  # type: ignore[no-untyped-def]
    assert signed_links.app_settings(None) is settings
    assert signed_links.app_settings(settings) is settings


def test_link_pages_are_never_cached_nor_leak_the_token(client) -> None:  # type: ignore[no-untyped-def]
    for url in ("/nl/handover-link/1/not-a-token", "/nl/proof/1/not-a-token", "/nl/my-hours/not-a-token"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["Referrer-Policy"] == "no-referrer"
