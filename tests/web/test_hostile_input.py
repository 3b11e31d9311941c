"""Hostile input never answers 500: Unicode digits, huge ids, CR/LF in `next` (issue 16)."""

from __future__ import annotations

import pytest

from aanbodplatform.web.guard import safe_next

BIG = str(2**63)


@pytest.mark.parametrize(
    "path",
    [
        "/en/search?page=%C2%B2",
        "/en/search?page=%D9%A3",
        "/api/v1/offers?page=%C2%B2",
        "/api/v1/offers?per_page=%D9%A3",
        "/api/v1/offers?radius_km=%C2%B2",
        "/en/check?step=%C2%B2",
    ],
)
def test_unicode_digits_in_numbers_are_a_client_error(client, path):
    response = client.get(path)
    assert response.status_code in (200, 400, 422)


@pytest.mark.parametrize(
    "path",
    [
        f"/en/offers/{BIG}",
        f"/en/offers/{BIG}-slug",
        f"/api/v1/offers/{BIG}",
        f"/en/offers/{2**64}",
        f"/en/offers/{BIG}/report",
        "/en/offers/%D9%A3",
    ],
)
def test_ids_out_of_range_are_not_found(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    "path",
    [f"/en/moderation/offers/{BIG}", f"/en/organisations/{BIG}/", f"/en/editor/{BIG}/"],
)
def test_ids_out_of_range_are_not_found_signed_in(client, session, path):
    from aanbodplatform.models import User
    from aanbodplatform.services.accounts import hash_password

    user = User(
        email="admin@example.org",
        password_hash=hash_password("correct horse battery"),
        display_name="Admin",
        role="admin",
    )
    session.add(user)
    session.commit()
    with client.session_transaction() as cookie:
        cookie["_user_id"] = user.get_id()
        cookie["_fresh"] = True
    assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/en/search\r\nSet-Cookie: x=1", "/en/searchSet-Cookie:%20x=1"),
        ("/en/search?q=a\nb\x00", "/en/search?q=ab%00"),
        ("/en/\x7fsearch é", "/en/%7Fsearch%20%C3%A9"),
        ("/en/search?q=fiets#top", "/en/search?q=fiets#top"),
        ("/en/search", "/en/search"),
        ("//evil.example/x", None),
        ("/\r\n/evil.example", None),
        ("https://evil.example/", None),
    ],
)
def test_safe_next_rebuilds_the_path_from_its_parts(target, expected):
    assert safe_next(target) == expected


def test_signin_with_crlf_in_next_redirects_safely(client, session):
    from aanbodplatform.models import User
    from aanbodplatform.services.accounts import hash_password, utcnow

    session.add(
        User(
            email="member@example.org",
            password_hash=hash_password("correct horse battery"),
            display_name="Member",
            email_confirmed_at=utcnow(),
        )
    )
    session.commit()
    response = client.post(
        "/en/account/signin?next=/en/search%0D%0AX-Injected:%201",
        data={"email": "member@example.org", "password": "correct horse battery"},
    )
    assert response.status_code == 302
    assert "\n" not in response.headers["Location"]
    assert "X-Injected" not in response.headers


def test_a_nul_character_is_refused_with_400_before_any_query(client) -> None:  # type: ignore[no-untyped-def]
    # PostgreSQL text cannot hold NUL: without this the sign-in query failed there (500).
    response = client.post("/nl/account/signin", data={"email": "a\x00@example.be", "password": "x"})
    assert response.status_code == 400
    assert client.get("/api/v1/offers?q=voet%00bal").status_code == 400
    assert client.get("/nl/search?near=Gent%00").status_code == 400


def test_ids_beyond_a_32_bit_integer_are_404(client) -> None:  # type: ignore[no-untyped-def]
    # PostgreSQL INTEGER keys end at 2**31 - 1: one more must be a miss, not a database error.
    assert client.get("/api/v1/offers/2147483648").status_code == 404
    assert client.get("/nl/offers/2147483648").status_code == 404
