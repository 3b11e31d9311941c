"""Signed links: one capability on one object, with expiry, revocation and purpose."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from flask import current_app

from aanbodplatform.models import AuditEvent, Organisation
from aanbodplatform.services import signed_links
from aanbodplatform.services.signed_links import LinkError

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


@pytest.fixture
def settings(app):  # type: ignore[no-untyped-def]
    return current_app.extensions["settings"]


def _org(session, name: str = "Vereniging") -> Organisation:  # type: ignore[no-untyped-def]
    org = Organisation(name=name)
    session.add(org)
    session.flush()
    return org


def _issue(session, settings, org, **kw):  # type: ignore[no-untyped-def]
    return signed_links.issue(
        session, settings, purpose=kw.pop("purpose", "handover.respond"), entity=org,
        recipient="contact@example.be", valid_for=timedelta(days=30), now=NOW, **kw,
    )


def test_a_fresh_link_resolves_to_its_row(session, settings) -> None:  # type: ignore[no-untyped-def]
    org = _org(session)
    issued = _issue(session, settings, org)
    link = signed_links.resolve(
        session, settings, issued.token, purpose="handover.respond", entity=org, now=NOW
    )
    assert link.id == issued.link.id
    assert link.recipient == "contact@example.be"
    assert signed_links.token_for(settings, link) == issued.token


def test_an_expired_link_says_expired_with_410(session, settings) -> None:  # type: ignore[no-untyped-def]
    org = _org(session)
    issued = _issue(session, settings, org)
    with pytest.raises(LinkError) as caught:
        signed_links.resolve(
            session, settings, issued.token, purpose="handover.respond",
            now=NOW + timedelta(days=30),
        )
    assert caught.value.problem == "expired"
    assert caught.value.status_code == 410
    # One second earlier it still works.
    signed_links.resolve(
        session, settings, issued.token, purpose="handover.respond",
        now=NOW + timedelta(days=30) - timedelta(seconds=1),
    )


def test_a_tampered_token_says_tampered_with_404(session, settings) -> None:  # type: ignore[no-untyped-def]
    org = _org(session)
    issued = _issue(session, settings, org)
    bad = issued.token[:-2] + ("AA" if not issued.token.endswith("AA") else "BB")
    with pytest.raises(LinkError) as caught:
        signed_links.resolve(session, settings, bad, purpose="handover.respond", now=NOW)
    assert caught.value.problem == "tampered"
    assert caught.value.status_code == 404


def test_a_link_for_one_purpose_does_not_open_another(session, settings) -> None:  # type: ignore[no-untyped-def]
    org = _org(session)
    issued = _issue(session, settings, org)
    with pytest.raises(LinkError) as caught:
        signed_links.resolve(session, settings, issued.token, purpose="proof.sign", now=NOW)
    assert caught.value.problem == "tampered"


def test_a_link_for_another_record_is_refused(session, settings) -> None:  # type: ignore[no-untyped-def]
    org, other = _org(session, "A"), _org(session, "B")
    issued = _issue(session, settings, org)
    with pytest.raises(LinkError) as caught:
        signed_links.resolve(
            session, settings, issued.token, purpose="handover.respond", entity=other, now=NOW
        )
    assert caught.value.problem == "wrong_object"


def test_revoked_links_say_revoked(session, settings) -> None:  # type: ignore[no-untyped-def]
    org = _org(session)
    first, second = _issue(session, settings, org), _issue(session, settings, org)
    signed_links.revoke(session, first.link, now=NOW)
    with pytest.raises(LinkError) as caught:
        signed_links.resolve(session, settings, first.token, purpose="handover.respond", now=NOW)
    assert caught.value.problem == "revoked"
    assert caught.value.status_code == 410
    assert signed_links.revoke_all(session, org, now=NOW) == 1
    with pytest.raises(LinkError):
        signed_links.resolve(session, settings, second.token, purpose="handover.respond", now=NOW)


def test_issuing_and_revoking_are_audited(session, settings) -> None:  # type: ignore[no-untyped-def]
    org = _org(session)
    issued = _issue(session, settings, org)
    signed_links.revoke(session, issued.link, now=NOW)
    session.flush()
    actions = [e.action for e in session.query(AuditEvent).order_by(AuditEvent.id)]
    assert actions == ["link.issued", "link.revoked"]


def test_tokens_of_two_links_differ(session, settings) -> None:  # type: ignore[no-untyped-def]
    org = _org(session)
    assert _issue(session, settings, org).token != _issue(session, settings, org).token
