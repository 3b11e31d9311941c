"""Accounts through the web: sign-up, confirmation, sign-in (rate-limited), reset links, profile."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from aanbodplatform.models import User, utcnow
from aanbodplatform.services import accounts
from tests.factories import PASSWORD, login, make_user, outbox, text_part
from tests.i18n_support import text_of, tr, tr_text

NEW_PASSWORD = "another long passphrase"


def _link(app, path_part: str) -> str:  # type: ignore[no-untyped-def]
    """Return the path of the last emailed link containing `path_part`."""
    base = app.extensions["settings"].base_url
    for message in reversed(outbox(app)):
        for url in re.findall(r"https?://\S+", text_part(message)):
            if path_part in url:
                return url.removeprefix(base)
    raise AssertionError(f"no emailed link with {path_part}")


def _signup(client, email: str = "nieuw@club.be", locale: str = "nl"):  # type: ignore[no-untyped-def]
    return client.post(
        "/nl/account/signup",
        data={"display_name": "Nieuw Lid", "email": email, "password": PASSWORD, "locale": locale},
    )


def test_sign_up_confirm_and_sign_in(app, client, session) -> None:
    response = _signup(client, "Nieuw@Club.be", locale="fr")
    assert response.status_code == 200
    user = session.scalar(select(User).where(User.email == "nieuw@club.be"))
    assert user is not None and user.locale == "fr" and user.email_confirmed_at is None
    assert user.password_hash != PASSWORD and check_password_hash(user.password_hash, PASSWORD)
    [message] = outbox(app)
    assert message["To"] == "nieuw@club.be" and message["Content-Language"] == "fr"

    refused = client.post(
        "/en/account/signin", data={"email": "nieuw@club.be", "password": PASSWORD}
    )
    assert refused.status_code == 422 and "Confirm your email address first" in refused.text
    assert len(outbox(app)) == 2  # a fresh confirmation link

    confirmed = client.get(_link(app, "/account/confirm/"))
    assert confirmed.status_code == 302
    session.expire_all()
    assert session.get(User, user.id).email_confirmed_at is not None

    signed_in = client.post(
        "/nl/account/signin", data={"email": "NIEUW@club.be", "password": PASSWORD}
    )
    assert signed_in.status_code == 302
    assert client.get("/nl/account/profile").status_code == 200


def test_sign_up_answers_the_same_for_a_known_address(app, client, session) -> None:
    make_user(session, "organisation_member", email="bekend@club.be", locale="uk")
    session.commit()
    first = _signup(client, "bekend@club.be")
    second = _signup(client, "onbekend@club.be")
    assert first.status_code == second.status_code == 200
    assert first.text.replace("bekend@club.be", "X").replace("onX", "X") == second.text.replace(
        "onbekend@club.be", "X"
    )
    assert (
        session.scalar(select(User).where(User.email == "bekend@club.be")).display_name
        != "Nieuw Lid"
    )
    notes = [m for m in outbox(app) if m["To"] == "bekend@club.be"]
    assert len(notes) == 1 and notes[0]["Content-Language"] == "uk"
    assert tr(
        app, "uk", "Someone tried to create an account with your email address. You already have an account."
    ) in text_part(notes[0])


def test_invalid_sign_up_keeps_what_was_typed_and_says_why(app, client) -> None:
    response = client.post(
        "/nl/account/signup",
        data={"display_name": "Mina", "email": "mina@club.be", "password": "kort", "locale": "ar"},
    )
    assert response.status_code == 422
    assert 'value="mina@club.be"' in response.text and 'value="Mina"' in response.text
    assert 'role="alert"' in response.text and 'href="#password"' in response.text
    assert 'id="password-error"' in response.text and 'aria-invalid="true"' in response.text
    assert outbox(app) == []


def test_wrong_password_and_unknown_address_get_the_same_answer(app, client, session) -> None:
    make_user(session, "organisation_member", email="lid@club.be")
    session.commit()
    wrong = client.post(
        "/nl/account/signin", data={"email": "lid@club.be", "password": "nope-nope-nope"}
    )
    unknown = client.post(
        "/nl/account/signin", data={"email": "niemand@club.be", "password": "nope-nope-nope"}
    )
    assert wrong.status_code == unknown.status_code == 422
    assert wrong.text.replace("lid@club.be", "X") == unknown.text.replace("niemand@club.be", "X")


def test_sign_in_is_rate_limited_per_address(app, client, session) -> None:
    make_user(session, "organisation_member", email="lid@club.be")
    session.commit()
    codes = [
        client.post(
            "/nl/account/signin", data={"email": "lid@club.be", "password": f"wrong-{i}"}
        ).status_code
        for i in range(6)
    ]
    assert codes == [422] * 5 + [429]
    # Even the right password waits now...
    assert (
        client.post(
            "/nl/account/signin", data={"email": "lid@club.be", "password": PASSWORD}
        ).status_code
        == 429
    )
    # ...but another address from the same place is not locked out.
    other = client.post("/nl/account/signin", data={"email": "ander@club.be", "password": "x"})
    assert other.status_code == 422


def test_sign_in_is_rate_limited_per_network_address_too(app, client, monkeypatch) -> None:
    # One password tried against many addresses is stopped as well.
    monkeypatch.setattr(accounts, "_DUMMY_HASH", generate_password_hash("x", method="pbkdf2:sha256:1"))
    codes = [
        client.post("/nl/account/signin", data={"email": f"user{i}@club.be", "password": "Welkom123"}).status_code
        for i in range(31)
    ]
    assert codes[:30] == [422] * 30 and codes[30] == 429


def test_next_only_leads_to_pages_of_this_site(app, client, session) -> None:
    make_user(session, "organisation_member", email="lid@club.be")
    session.commit()
    evil = client.post(
        "/nl/account/signin?next=https://evil.example/steal",
        data={"email": "lid@club.be", "password": PASSWORD},
    )
    assert evil.status_code == 302 and "evil.example" not in evil.headers["Location"]
    client.post("/nl/account/signout")
    ok = client.post(
        "/nl/account/signin?next=/nl/account/profile",
        data={"email": "lid@club.be", "password": PASSWORD},
    )
    assert ok.headers["Location"] == "/nl/account/profile"


def test_pages_behind_sign_in_redirect_there_and_come_back(app, client) -> None:
    response = client.get("/fr/account/profile")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/fr/account/signin?next=")


def test_sign_out_needs_a_post(app, client, session) -> None:
    user = make_user(session, "organisation_member", email="lid@club.be")
    session.commit()
    login(client, user)
    assert client.get("/nl/account/signout").status_code == 405
    assert client.post("/nl/account/signout").status_code == 302
    assert client.get("/nl/account/profile").status_code == 302


def test_password_reset_by_a_signed_link_that_works_once(app, client, session) -> None:
    make_user(session, "organisation_member", email="lid@club.be", locale="ru")
    session.commit()
    known = client.post("/nl/account/reset", data={"email": "lid@club.be"})
    unknown = client.post("/nl/account/reset", data={"email": "niemand@club.be"})
    assert known.status_code == unknown.status_code == 200
    assert known.text.replace("lid@club.be", "X") == unknown.text.replace("niemand@club.be", "X")
    [message] = outbox(app)
    assert message["Content-Language"] == "ru"
    link = _link(app, "/account/reset/")
    assert client.get(link).status_code == 200
    mismatch = client.post(link, data={"password": NEW_PASSWORD, "confirm": "something else"})
    assert mismatch.status_code == 422
    done = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 302
    user = session.scalar(select(User).where(User.email == "lid@club.be"))
    session.refresh(user)
    assert check_password_hash(user.password_hash, NEW_PASSWORD)
    # Used once: the password changed, so the same link no longer works.
    again = client.get(link)
    # The emailed link is in the user's language, and so is the page it opens.
    not_valid = tr_text(app, "ru", "This link is not valid. Check that you copied all of it.")
    assert again.status_code == 400 and not_valid in text_of(again.text)


def test_reset_links_expire_after_an_hour(
    app, client, session, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_user(session, "organisation_member", email="lid@club.be")
    session.commit()
    client.post("/nl/account/reset", data={"email": "lid@club.be"})
    link = _link(app, "/account/reset/")
    later = utcnow() + timedelta(minutes=59)
    monkeypatch.setattr(accounts, "utcnow", lambda: later)
    assert client.get(link).status_code == 200
    too_late = utcnow() + timedelta(minutes=61)
    monkeypatch.setattr(accounts, "utcnow", lambda: too_late)
    expired = client.get(link)
    too_old = tr_text(app, "nl", "This link has expired. Ask for a new one.")
    assert expired.status_code == 400 and too_old in text_of(expired.text)


def test_tampered_reset_links_are_refused(app, client, session) -> None:
    make_user(session, "organisation_member", email="lid@club.be")
    session.commit()
    client.post("/nl/account/reset", data={"email": "lid@club.be"})
    link = _link(app, "/account/reset/")
    token = link.rsplit("/", 1)[1]
    payload, rest = token.split(".", 1)
    # Point the token at another user id: the signature no longer matches.
    forged = accounts.make_token(
        app.extensions["settings"].with_overrides(secret_key="another-secret-" + "y" * 40),
        "reset",
        {"uid": 1, "fp": "x"},
    )
    flipped = payload[:-1] + ("A" if payload[-1] != "A" else "B") + "." + rest
    for bad in (flipped, forged, token[:-2]):
        response = client.post(
            f"/nl/account/reset/{bad}", data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
        )
        assert response.status_code == 400
    # A confirmation token is not a reset token, even though both are signed with the same key.
    confirm = accounts.make_token(
        app.extensions["settings"], "confirm", {"uid": 1, "email": "lid@club.be"}
    )
    assert client.get(f"/nl/account/reset/{confirm}").status_code == 400


def test_profile_changes_name_and_email_language(app, client, session) -> None:
    user = make_user(session, "organisation_member", email="lid@club.be")
    session.commit()
    login(client, user)
    page = client.get("/nl/account/profile")
    assert 'lang="ti"' in page.text  # every language is named in itself
    saved = client.post("/nl/account/profile", data={"display_name": "Lid Twee", "locale": "ti"})
    assert saved.status_code == 302
    session.expire_all()
    stored = session.get(User, user.id)
    assert (stored.display_name, stored.locale) == ("Lid Twee", "ti")
    wrong = client.post(
        "/nl/account/profile/password",
        data={"current_password": "not-it-at-all", "new_password": NEW_PASSWORD},
    )
    assert wrong.status_code == 422 and 'href="#current_password"' in wrong.text
    ok = client.post(
        "/nl/account/profile/password",
        data={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
    )
    assert ok.status_code == 302


def test_the_account_nav_partial_renders_for_visitors_and_members(app, client, session) -> None:
    from flask import render_template

    from aanbodplatform.web.guard import actor

    moderator = make_user(session, "moderator", email="mod@gent.be")
    session.commit()
    with app.test_request_context("/nl/"):
        app.preprocess_request()
        assert actor() is None
        html = render_template("_account_nav.html")
    sign_out = tr(app, "nl", "Sign out")
    assert "/nl/account/signin" in html and sign_out not in html
    login(client, moderator)
    page = client.get("/nl/account/profile")
    assert page.status_code == 200
    with app.test_request_context("/nl/"):
        from flask_login import login_user

        login_user(moderator)
        html = render_template("_account_nav.html")
    assert "/nl/moderation/" in html and 'name="csrf_token"' in html and "/nl/organisations/" not in html
    assert sign_out in html
