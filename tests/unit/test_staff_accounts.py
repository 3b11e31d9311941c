"""Staff accounts are created by an admin, with office, region or moderation area."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from aanbodplatform.models import AuditEvent, User
from aanbodplatform.services.mail import list_outbox


def _create(app, *args: str):  # type: ignore[no-untyped-def]
    return app.test_cli_runner().invoke(args=["users", "create", *args])


def test_create_a_counsellor(app, session) -> None:  # type: ignore[no-untyped-def]
    result = _create(
        app, "--email", "An.Peeters@Integratie.be", "--name", "An Peeters", "--role", "counsellor",
        "--office", "Gent Zuid", "--region", "stad-gent", "--coordinator", "--locale", "fr",
    )
    assert result.exit_code == 0, result.output
    user = session.scalars(select(User).where(User.email == "an.peeters@integratie.be")).one()
    assert (user.role, user.office, user.region_code, user.is_coordinator) == (
        "counsellor", "Gent Zuid", "stad-gent", True
    )
    assert user.email_confirmed_at is not None
    assert session.scalars(select(AuditEvent).where(AuditEvent.action == "account.staff_created")).one()
    mails = [m for m in list_outbox(app.extensions["settings"]) if "an.peeters@integratie.be" in m.to]
    assert mails, "the person gets a link to choose a password"


def test_create_a_moderator_with_an_area(app, session) -> None:  # type: ignore[no-untyped-def]
    result = _create(
        app, "--email", "lb@gent.be", "--name", "Lokaal Bestuur", "--role", "moderator",
        "--municipality", "44021", "--scope-region", "regio-antwerpen",
    )
    assert result.exit_code == 0, result.output
    user = session.scalars(select(User).where(User.email == "lb@gent.be")).one()
    assert {(s.municipality_nis, s.region_code) for s in user.moderator_scopes} == {
        ("44021", None), (None, "regio-antwerpen")
    }
    listing = app.test_cli_runner().invoke(args=["users", "list"])
    assert "lb@gent.be" in listing.output and "44021" in listing.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--email", "x", "--name", "X", "--role", "guide", "--office", "o", "--region", "stad-gent"], "email"),
        (["--email", "a@b.be", "--name", "X", "--role", "counsellor"], "office/region"),
        (["--email", "a@b.be", "--name", "X", "--role", "counsellor", "--office", "o", "--region", "mars"], "region"),
        (["--email", "a@b.be", "--name", "X", "--role", "moderator"], "scope"),
        (["--email", "a@b.be", "--name", "X", "--role", "moderator", "--municipality", "99999"], "municipality"),
        (["--email", "a@b.be", "--name", "X", "--role", "admin", "--locale", "xx"], "locale"),
    ],
)
def test_bad_requests_are_refused_and_nothing_is_written(app, session, args, message) -> None:  # type: ignore[no-untyped-def]
    before = session.scalar(select(User.id).order_by(User.id.desc()).limit(1))
    result = _create(app, *args)
    assert result.exit_code != 0
    assert message in result.output
    assert session.scalar(select(User.id).order_by(User.id.desc()).limit(1)) == before


def test_duplicate_email_is_refused(app) -> None:  # type: ignore[no-untyped-def]
    args = ["--email", "a@b.be", "--name", "A", "--role", "admin"]
    assert _create(app, *args).exit_code == 0
    again = _create(app, *args)
    assert again.exit_code != 0 and "already exists" in again.output
