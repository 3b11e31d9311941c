"""Staff administration on the web: accounts, roles and areas, disable, welcome mail, orgs, scopes."""

from __future__ import annotations

from sqlalchemy import select

from aanbodplatform.models import AuditEvent, User
from aanbodplatform.services.mail import list_outbox, read_message
from tests.factories import build_world, login


def _actions(session) -> list[str]:  # type: ignore[no-untyped-def]
    return list(session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_search_and_filter_accounts(client, session) -> None:
    world = build_world(session)
    login(client, world.users["admin"])
    page = client.get("/en/admin/users?role=moderator").text
    assert "mod@gent.be" in page and "mod@antwerpen.be" in page and "a@org-a.be" not in page
    page = client.get("/en/admin/users?q=gent").text
    assert "mod@gent.be" in page and "mod@antwerpen.be" not in page
    assert client.get("/en/admin/users?role=nonsense").status_code == 200


def test_create_staff_with_names_and_a_welcome_mail(client, session) -> None:
    world = build_world(session)
    admin = world.users["admin"]
    login(client, admin)
    form = client.get("/en/admin/users/new").text
    assert 'list="municipality-names"' in form and '<option value="Gent">' in form
    response = client.post(
        "/en/admin/users/new",
        data={
            "display_name": "Lies Lokaal",
            "email": "lies@leuven.be",
            "locale": "en",
            "role": "moderator",
            "scope_municipality": "Leuven",
        },
    )
    assert response.status_code == 302, response.text[:3000]
    user = session.scalars(select(User).where(User.email == "lies@leuven.be")).one()
    assert [s.municipality_nis for s in user.moderator_scopes] == ["24062"]
    [item] = [i for i in list_outbox() if i.to == "lies@leuven.be"]
    body = read_message(item.path).get_body(("plain",)).get_content()
    assert admin.display_name in body and "7 days" in body and "/en/account/reset/" in body
    # The link sets a password (and works days later, unlike a reset link).
    token = body.split("/en/account/reset/")[1].split()[0]
    assert client.get(f"/en/account/reset/{token}").status_code == 200
    assert "account.staff_created" in _actions(session)


def test_unknown_names_are_refused_with_a_message(client, session) -> None:
    world = build_world(session)
    login(client, world.users["admin"])
    response = client.post(
        "/en/admin/users/new",
        data={"display_name": "X", "email": "x@y.be", "locale": "nl", "role": "moderator",
              "scope_municipality": "Atlantis"},
    )
    assert response.status_code == 422
    assert "Choose a name from the suggestions." in response.text
    assert session.scalars(select(User).where(User.email == "x@y.be")).first() is None


def test_change_role_disable_enable_and_resend(client, session) -> None:
    world = build_world(session)
    login(client, world.users["admin"])
    target = world.users["moderator_out"]
    response = client.post(
        f"/en/admin/users/{target.id}/role",
        data={"role": "counsellor", "office": "Antwerpen Noord", "region": "Stad Antwerpen"},
    )
    assert response.status_code == 302, response.text[:3000]
    session.refresh(target)
    assert (target.role, target.office, target.moderator_scopes) == (
        "counsellor", "Antwerpen Noord", []
    )
    client.post(f"/en/admin/users/{target.id}/disable")
    session.refresh(target)
    assert target.is_active is False
    client.post(f"/en/admin/users/{target.id}/enable")
    session.refresh(target)
    assert target.is_active is True
    client.post(f"/en/admin/users/{target.id}/invite")
    assert [i for i in list_outbox() if i.to == target.email]
    actions = _actions(session)
    for expected in (
        "account.role_changed", "account.disabled", "account.enabled", "account.invitation_resent"
    ):
        assert expected in actions, expected
    # An admin cannot disable themself.
    client.post(f"/en/admin/users/{world.users['admin'].id}/disable")
    session.refresh(world.users["admin"])
    assert world.users["admin"].is_active is True


def test_organisations_and_scopes_at_a_glance(client, session) -> None:
    world = build_world(session)
    login(client, world.users["admin"])
    page = client.get("/en/admin/organisations?q=Organisatie").text
    assert "Organisatie A" in page and "Organisatie B" in page
    scopes = client.get("/en/admin/scopes").text
    assert "Gent" in scopes and "Antwerpen" in scopes


def test_only_admins_open_the_admin_pages(client, session) -> None:
    world = build_world(session)
    for role in ("member_a", "counsellor", "moderator_in"):
        login(client, world.users[role])
        assert client.get("/en/admin/users").status_code == 403, role
