"""Limits that hold: shared counters across workers, real client addresses, production rules."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest

from aanbodplatform import create_app
from aanbodplatform.config import ConfigError, load_settings
from aanbodplatform.extensions import db
from tests.conftest import PRODUCTION_ADDRESSES, TEST_SECRET, test_env

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


# --- production refuses placeholders -------------------------------------------------------


def _production(tmp_path: Path, **overrides: str) -> dict[str, str]:
    env = {
        "INSTANCE_PATH": str(tmp_path),
        "APP_ENV": "production",
        "SECRET_KEY": TEST_SECRET,
        **PRODUCTION_ADDRESSES,
    }
    env.update(overrides)
    return {k: v for k, v in env.items() if v != "-"}


@pytest.mark.parametrize(
    ("overrides", "variable"),
    [
        ({"BASE_URL": "-"}, "BASE_URL"),
        ({"BASE_URL": "http://127.0.0.1:5000"}, "BASE_URL"),
        ({"BASE_URL": "http://localhost:8000"}, "BASE_URL"),
        ({"MAIL_SENDER": "-"}, "MAIL_SENDER"),
        ({"MAIL_SENDER": "noreply@aanbodplatform.local"}, "MAIL_SENDER"),
        ({"CONTACT_EMAIL": "-"}, "CONTACT_EMAIL"),
        ({"CONTACT_EMAIL": "info@example.org"}, "CONTACT_EMAIL"),
        ({"RATELIMIT_STORAGE_URI": "memcached://x"}, "RATELIMIT_STORAGE_URI"),
        ({"TRUSTED_PROXIES": "9"}, "TRUSTED_PROXIES"),
        ({"RATELIMIT_KEY_PREFIX": "prod limits"}, "RATELIMIT_KEY_PREFIX"),
        ({"RATELIMIT_KEY_PREFIX": "x" * 65}, "RATELIMIT_KEY_PREFIX"),
    ],
)
def test_production_refuses_placeholders(tmp_path, overrides, variable):
    with pytest.raises(ConfigError, match=variable):
        load_settings(_production(tmp_path, **overrides))


def test_production_with_real_addresses_starts(tmp_path):
    settings = load_settings(_production(tmp_path))
    assert settings.contact_email == "info@aanbod.vlaanderen.be"
    assert settings.ratelimit_storage_uri == "memory://"
    assert settings.ratelimit_key_prefix == ""
    assert load_settings(_production(tmp_path, RATELIMIT_KEY_PREFIX="staging:1")).ratelimit_key_prefix == "staging:1"
    assert settings.trusted_proxies == 0


def test_the_contact_page_shows_the_configured_address(instance):
    app = create_app(test_env(instance, CONTACT_EMAIL="hallo@gemeente.be"))
    with app.app_context():
        page = app.test_client().get("/en/about").get_data(as_text=True)
    db.session.remove()
    db.engine.dispose()
    assert "hallo@gemeente.be" in page


# --- security headers -----------------------------------------------------------------------


def test_frames_are_refused_everywhere(client):
    assert client.get("/en/").headers["X-Frame-Options"] == "DENY"
    assert "Strict-Transport-Security" not in client.get("/en/").headers


def test_production_sends_hsts(instance):
    db.session.remove()
    db.engine.dispose()
    app = create_app(test_env(instance, APP_ENV="production", **PRODUCTION_ADDRESSES))
    with app.app_context():
        response = app.test_client().get("/healthz")
    db.session.remove()
    db.engine.dispose()
    assert response.headers["Strict-Transport-Security"].startswith("max-age=63072000")
    assert response.headers["X-Frame-Options"] == "DENY"


# --- sign-up says nothing through its timing ------------------------------------------------


def test_sign_up_hashes_the_password_for_a_known_address_too(client, session, monkeypatch):
    from aanbodplatform.models import User
    from aanbodplatform.services import accounts

    session.add(
        User(email="known@example.org", password_hash="x", display_name="Known")
    )
    session.commit()
    calls: list[str] = []
    real = accounts.generate_password_hash
    monkeypatch.setattr(
        accounts, "generate_password_hash", lambda p: calls.append(p) or real(p)
    )
    for address in ("known@example.org", "new@example.org"):
        response = client.post(
            "/en/account/signup",
            data={
                "display_name": "Someone",
                "email": address,
                "password": "correct horse battery",
                "locale": "en",
            },
        )
        assert response.status_code == 200
    assert calls == ["correct horse battery", "correct horse battery"]


# --- real client addresses behind the proxy -------------------------------------------------


def _signup(client, forwarded_for: str):  # type: ignore[no-untyped-def]
    return client.post(
        "/en/account/signup",
        data={"display_name": "x", "email": "not-an-address", "password": "short"},
        headers={"X-Forwarded-For": forwarded_for},
    )


def test_behind_a_trusted_proxy_each_visitor_has_their_own_bucket(instance):
    db.session.remove()
    db.engine.dispose()
    app = create_app(test_env(instance, TRUSTED_PROXIES="1"))
    app.config["WTF_CSRF_ENABLED"] = False
    with app.app_context():
        client = app.test_client()
        assert [_signup(client, "203.0.113.7").status_code for _ in range(6)][-1] == 429
        # Another visitor through the same proxy is not blocked by the first one.
        assert _signup(client, "203.0.113.8").status_code == 422
    db.session.remove()
    db.engine.dispose()


def test_without_trusted_proxies_the_header_is_ignored(client):
    # Nobody can dodge the limit by sending a different X-Forwarded-For each time.
    codes = [_signup(client, f"198.51.100.{i}").status_code for i in range(6)]
    assert codes[-1] == 429


# --- one limit shared by several workers ----------------------------------------------------


def _start_workers(env: dict[str, str], count: int) -> tuple[list, list[int]]:
    procs, ports = [], []
    for _ in range(count):
        proc = subprocess.Popen(
            [sys.executable, "-m", "tests.limit_worker"],
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        procs.append(proc)
        ports.append(int(proc.stdout.readline()))
    return procs, ports


def _signin(port: int) -> int:
    body = urllib.parse.urlencode(
        {"email": "someone@example.org", "password": "wrong password!"}
    ).encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/en/account/signin", data=body, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def _attempts_across_workers(instance: Path, storage: str) -> list[int]:
    # A key prefix of its own: runs sharing one Redis must not see each other's counters.
    env = test_env(instance, RATELIMIT_STORAGE_URI=storage, RATELIMIT_KEY_PREFIX=f"test-{uuid.uuid4().hex}")
    procs, ports = _start_workers(env, 3)
    try:
        # Two wrong passwords on each of three workers: six attempts, the limit is five.
        return [_signin(port) for port in ports for _ in range(2)]
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(timeout=10)
            proc.stdout.close()


@pytest.mark.slow
def test_memory_counters_multiply_the_limit_by_the_workers(instance):
    assert 429 not in _attempts_across_workers(instance, "memory://")


@pytest.mark.slow
@pytest.mark.skipif(not _redis_up(), reason="no Redis on 127.0.0.1:6379")
def test_redis_counters_hold_the_limit_across_workers(instance):
    codes = _attempts_across_workers(instance, REDIS_URL)
    assert codes[:5] == [422] * 5
    assert codes[5] == 429
