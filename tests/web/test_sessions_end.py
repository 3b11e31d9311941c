"""Sessions end: a copied cookie stops working after a password change, a reset or a sign-out."""

from __future__ import annotations

import re

import pytest

from aanbodplatform.models import User
from aanbodplatform.services.accounts import hash_password, make_token, utcnow

PASSWORD = "correct horse battery"
NEW_PASSWORD = "another horse battery"


@pytest.fixture
def member(session):  # type: ignore[no-untyped-def]
    user = User(
        email="member@example.org",
        password_hash=hash_password(PASSWORD),
        display_name="Member",
        email_confirmed_at=utcnow(),
    )
    session.add(user)
    session.commit()
    return user


def _signed_in(app, email: str = "member@example.org", password: str = PASSWORD):  # type: ignore[no-untyped-def]
    client = app.test_client()
    response = client.post("/en/account/signin", data={"email": email, "password": password})
    assert response.status_code == 302
    return client


def _copy(app, source):  # type: ignore[no-untyped-def]
    """Return a second client holding a copy of `source`'s session cookie (a stolen cookie)."""
    thief = app.test_client()
    cookie = source.get_cookie("session")
    assert cookie is not None
    thief.set_cookie("session", cookie.value)
    return thief


def _profile_status(client) -> int:  # type: ignore[no-untyped-def]
    return client.get("/en/account/profile").status_code


def test_a_copied_cookie_works_while_the_session_lives(app, member):
    owner = _signed_in(app)
    thief = _copy(app, owner)
    assert _profile_status(thief) == 200


def test_sign_out_ends_the_copied_cookie(app, member):
    owner = _signed_in(app)
    thief = _copy(app, owner)
    assert owner.post("/en/account/signout").status_code == 302
    assert _profile_status(thief) == 302
    assert _profile_status(owner) == 302


def test_password_change_ends_other_sessions_but_keeps_this_one(app, member):
    owner = _signed_in(app)
    thief = _copy(app, owner)
    other_device = _signed_in(app)
    response = owner.post(
        "/en/account/profile/password",
        data={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert _profile_status(owner) == 200
    assert _profile_status(thief) == 302
    assert _profile_status(other_device) == 302


def test_password_reset_ends_every_session(app, member, session):
    owner = _signed_in(app)
    thief = _copy(app, owner)
    from aanbodplatform.services.accounts import _password_fingerprint

    token = make_token(
        app.extensions["settings"], "reset", {"uid": member.id, "fp": _password_fingerprint(member)}
    )
    visitor = app.test_client()
    response = visitor.post(
        f"/en/account/reset/{token}", data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert _profile_status(thief) == 302
    assert _profile_status(owner) == 302
    assert _profile_status(_signed_in(app, password=NEW_PASSWORD)) == 200


def test_the_session_cookie_holds_no_bare_user_id(app, member):
    owner = _signed_in(app)
    with owner.session_transaction() as state:
        value = state["_user_id"]
    assert re.fullmatch(rf"{member.id}\.[A-Za-z0-9_-]{{32}}", value)
    # A forged cookie with only the id (the old format) is no session.
    forger = app.test_client()
    with forger.session_transaction() as state:
        state["_user_id"] = str(member.id)
    assert _profile_status(forger) == 302
