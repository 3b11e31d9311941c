"""CSRF protection on every form of the account, organisation, editor, moderation and report pages."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from aanbodplatform import create_app
from aanbodplatform.extensions import db
from tests.conftest import test_env
from tests.factories import build_world, login

BLUEPRINTS = ("account", "organisation", "editor", "moderation", "reports")
# Arguments that fill any of our URL rules; the CSRF check runs before the view looks at them.
ARGS = {
    "lang": "en",  # the refusal is checked by its (English, source) wording
    "org_id": 1,
    "offer_id": 1,
    "membership_id": 1,
    "report_id": 1,
    "token": "abc",
    "step": "texts",
}


@pytest.fixture
def csrf_app(instance) -> Iterator:  # type: ignore[no-untyped-def]
    """Return an app with CSRF protection on, as in production."""
    application = create_app(test_env(instance))
    assert application.config.get("WTF_CSRF_ENABLED", True)
    with application.app_context():
        yield application
    db.session.remove()
    db.engine.dispose()


def _post_urls(app) -> list[str]:  # type: ignore[no-untyped-def]
    urls = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] in BLUEPRINTS and "POST" in rule.methods:
            values = {name: ARGS[name] for name in rule.arguments}
            with app.test_request_context():
                from flask import url_for

                urls.append(url_for(rule.endpoint, **values))
    return sorted(set(urls))


def test_every_post_without_a_token_is_refused(csrf_app) -> None:
    client = csrf_app.test_client()
    urls = _post_urls(csrf_app)
    assert len(urls) >= 25
    for url in urls:
        response = client.post(url, data={"email": "x@example.be"})
        assert response.status_code == 400, url
        assert "The form expired" in response.text, url


def test_signed_in_posts_without_a_token_are_refused_too(csrf_app) -> None:
    world = build_world(db.session)
    client = csrf_app.test_client()
    login(client, world.users["admin"])
    for url in (
        f"/nl/moderation/offers/{world.offer_a.id}/publish",
        f"/nl/editor/{world.offer_a.id}/submit",
        "/nl/account/signout",
    ):
        assert client.post(url).status_code == 400, url
    assert db.session.get(type(world.offer_a), world.offer_a.id).status == "submitted"


def test_forms_carry_a_token_that_is_accepted(csrf_app) -> None:
    client = csrf_app.test_client()
    page = client.get("/nl/account/signin")
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text).group(1)
    wrong = client.post(
        "/nl/account/signin", data={"csrf_token": token + "x", "email": "a@b.be", "password": "x"}
    )
    assert wrong.status_code == 400
    right = client.post(
        "/nl/account/signin", data={"csrf_token": token, "email": "a@b.be", "password": "x"}
    )
    assert right.status_code == 422  # past CSRF: the sign-in itself fails
