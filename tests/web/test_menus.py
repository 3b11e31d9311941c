"""Menus show only what the role may open: every link in the account menu answers 200."""

from __future__ import annotations

import re

import pytest

from tests.factories import ROLES, build_world, login

NAV = re.compile(r'<nav class="account-nav".*?</nav>', re.S)
HREF = re.compile(r'<a href="([^"]+)"')


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
def test_every_menu_link_opens_for_the_role(client, session, role) -> None:
    world = build_world(session)
    login(client, world.users[role])
    page = client.get("/en/account/profile")
    assert page.status_code == 200
    links = HREF.findall(NAV.search(page.text).group(0))
    assert links
    for link in links:
        # Some menu entries forward to the right page (a guide's "My clients"): follow them.
        answer = client.get(link, follow_redirects=True)
        assert answer.status_code == 200, (role, link, answer.status_code)
        assert "/account/signin" not in answer.request.path, (role, link)


def test_the_admin_menu_has_no_counsellor_or_inbox_pages(client, session) -> None:
    world = build_world(session)
    login(client, world.users["admin"])
    nav = NAV.search(client.get("/en/account/profile").text).group(0)
    assert "/en/counsellor/" not in nav and "/en/handovers/" not in nav
    assert "/en/moderation/" in nav
