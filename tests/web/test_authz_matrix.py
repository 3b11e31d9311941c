"""Every route of the organisation, editor, moderation and account pages × every role.

Each cell is one of: "ok" (the page or action is allowed: no 403, no sign-in redirect,
no 404/405/500), "403", or "signin" (a redirect to the sign-in page). A new route
without a row here makes `test_every_route_is_in_the_matrix` fail.
"""

from __future__ import annotations

import csv
import io
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from aanbodplatform.extensions import limiter
from aanbodplatform.models import Membership, OfferReport
from aanbodplatform.services.accounts import make_token
from tests.workspace_support import (
    ROLES,
    World,
    build_world,
    complete_offer,
    login,
    logout,
    make_org,
    make_user,
)

BLUEPRINTS = ("account", "organisation", "editor", "moderation", "reports")
OK, NO, IN = "ok", "403", "signin"


def everyone(outcome: str = OK) -> dict[str, str]:
    """Return the same outcome for every role."""
    return dict.fromkeys(ROLES, outcome)


def signed_in(outcome: str = OK) -> dict[str, str]:
    """Return `outcome` for everyone signed in; visitors go to the sign-in page."""
    return {**everyone(outcome), "anonymous": IN}


def only(*roles: str) -> dict[str, str]:
    """Return ok for `roles`, 403 for the other signed-in roles, sign-in for visitors."""
    return {**signed_in(NO), **dict.fromkeys(roles, OK)}


ORG_ROLES = ("member_a", "member_b", "admin")
ORG_A = ("member_a", "admin")
MODERATORS = ("moderator_in", "moderator_out", "admin")
IN_AREA = ("moderator_in", "admin")


# --- fresh targets, so every role meets the same state ---------------------------------------


def _fresh_user_token(app: Any, session: Any, purpose: str) -> str:
    user = make_user(session, f"fresh-{secrets.token_hex(4)}@example.be", confirmed=False)
    session.commit()
    payload = {"uid": user.id, "email": user.email} if purpose == "confirm" else None
    if purpose == "reset":
        from aanbodplatform.services.accounts import _password_fingerprint

        payload = {"uid": user.id, "fp": _password_fingerprint(user)}
    return make_token(app.extensions["settings"], purpose, payload)


def _fresh_membership(session: Any, world: World, state: str) -> int:
    user = make_user(session, f"joiner-{secrets.token_hex(4)}@example.be")
    membership = Membership(user=user, organisation=world.org_a, is_admin=False, state=state)
    session.add(membership)
    session.commit()
    return membership.id


def _fresh_invitation(session: Any, world: World) -> int:
    # A new organisation each time, so member A is never already a member.
    org = make_org(session, f"Uitnodigend {secrets.token_hex(3)}")
    membership = Membership(
        user=world.users["member_a"], organisation=org, is_admin=False, state="invited"
    )
    session.add(membership)
    session.commit()
    return membership.id


def _fresh_offer(session: Any, world: World, status: str) -> int:
    offer = complete_offer(
        session, world.org_a, title=f"Nieuw {secrets.token_hex(3)}", status=status
    )
    session.commit()
    return offer.id


def _fresh_report(session: Any, world: World) -> int:
    offer_id = _fresh_offer(session, world, "published")
    report = OfferReport(offer_id=offer_id, reason="no_answer")
    session.add(report)
    session.commit()
    return report.id


def _fresh_upload(app: Any, world: World) -> str:
    token = secrets.token_urlsafe(24)
    folder = app.extensions["settings"].instance_path / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "organisation_name",
            "title_nl",
            "summary_nl",
            "offer_type",
            "postcode",
            "dutch_context",
            "dutch_context_evidence",
            "social_participation",
            "social_participation_evidence",
            "contact_name",
        ]
    )
    writer.writerow(
        [
            "X",
            f"Import {token[:6]}",
            "Samen.",
            "club",
            "9000",
            "yes",
            "Iedereen spreekt Nederlands met elkaar.",
            "yes",
            "In een vaste groep buren.",
            "Els",
        ]
    )
    (folder / f"{world.org_a.id}-{token}.csv").write_text(out.getvalue(), encoding="utf-8")
    return token


@dataclass(frozen=True)
class Route:
    """One route, how to call it, and what each role gets."""

    endpoint: str
    method: str
    path: Callable[[Any, Any, World], str]
    expect: dict[str, str]
    data: Callable[[Any, Any, World], dict[str, Any]] | None = None

    @property
    def id(self) -> str:
        return f"{self.method} {self.endpoint}"


def _fresh_job(app: Any, world: World) -> str:
    from aanbodplatform.services.import_jobs import _write

    token = _fresh_upload(app, world)
    folder = app.extensions["settings"].instance_path / "imports"
    _write(folder, world.org_a.id, token, kind="check", state="running", done=0, total=1)
    return token


def _p(template: str) -> Callable[[Any, Any, World], str]:
    return lambda app, session, world: template.format(
        a=world.org_a.id, b=world.org_b.id, offer=world.offer_a.id
    )


ROUTES: list[Route] = [
    # accounts
    Route("account.signup", "GET", _p("/nl/account/signup"), everyone()),
    Route(
        "account.signup",
        "POST",
        _p("/nl/account/signup"),
        everyone(),
        lambda a, s, w: {
            "display_name": "X",
            "email": f"x-{secrets.token_hex(3)}@example.be",
            "password": "a long password here",
            "locale": "nl",
        },
    ),
    # Success sends everyone on to the sign-in page.
    Route(
        "account.confirm",
        "GET",
        lambda a, s, w: f"/nl/account/confirm/{_fresh_user_token(a, s, 'confirm')}",
        everyone(IN),
    ),
    Route("account.signin", "GET", _p("/nl/account/signin"), everyone()),
    Route(
        "account.signin",
        "POST",
        _p("/nl/account/signin"),
        everyone(),
        lambda a, s, w: {"email": "nobody@example.be", "password": "wrong password"},
    ),
    Route("account.signout", "POST", _p("/nl/account/signout"), everyone()),
    Route("account.reset_request", "GET", _p("/nl/account/reset"), everyone()),
    Route(
        "account.reset_request",
        "POST",
        _p("/nl/account/reset"),
        everyone(),
        lambda a, s, w: {"email": "x@example.be"},
    ),
    Route(
        "account.reset",
        "GET",
        lambda a, s, w: f"/nl/account/reset/{_fresh_user_token(a, s, 'reset')}",
        everyone(),
    ),
    Route(
        "account.reset",
        "POST",
        lambda a, s, w: f"/nl/account/reset/{_fresh_user_token(a, s, 'reset')}",
        everyone(IN),
        lambda a, s, w: {"password": "a brand new password", "confirm": "a brand new password"},
    ),
    Route("account.home", "GET", _p("/nl/account/"), signed_in()),
    Route("account.profile", "GET", _p("/nl/account/profile"), signed_in()),
    Route(
        "account.profile",
        "POST",
        _p("/nl/account/profile"),
        signed_in(),
        lambda a, s, w: {"display_name": "Naam", "locale": "nl"},
    ),
    Route(
        "account.change_password",
        "POST",
        _p("/nl/account/profile/password"),
        signed_in(),
        lambda a, s, w: {
            "current_password": "not the password",
            "new_password": "whatever it is now",
        },
    ),
    # organisations
    Route("organisation.index", "GET", _p("/nl/organisations/"), only(*ORG_ROLES)),
    Route("organisation.create", "GET", _p("/nl/organisations/new"), only(*ORG_ROLES)),
    Route(
        "organisation.create",
        "POST",
        _p("/nl/organisations/new"),
        only(*ORG_ROLES),
        lambda a, s, w: {"name": ""},
    ),
    Route("organisation.join", "GET", _p("/nl/organisations/join?q=Organisatie"), only(*ORG_ROLES)),
    Route(
        "organisation.join",
        "POST",
        _p("/nl/organisations/join"),
        only(*ORG_ROLES),
        lambda a, s, w: {"organisation_id": str(w.org_a.id)},
    ),
    Route("organisation.dashboard", "GET", _p("/nl/organisations/{a}/"), only(*ORG_A)),
    Route(
        "organisation.invite",
        "POST",
        _p("/nl/organisations/{a}/members/invite"),
        only(*ORG_A),
        lambda a, s, w: {"email": "collega@example.be"},
    ),
    Route(
        "organisation.approve",
        "POST",
        lambda a, s, w: (
            f"/nl/organisations/{w.org_a.id}/members/{_fresh_membership(s, w, 'requested')}/approve"
        ),
        only(*ORG_A),
    ),
    Route(
        "organisation.remove",
        "POST",
        lambda a, s, w: (
            f"/nl/organisations/{w.org_a.id}/members/{_fresh_membership(s, w, 'member')}/remove"
        ),
        only(*ORG_A),
    ),
    Route(
        "organisation.accept_invitation",
        "GET",
        lambda a, s, w: (
            "/nl/organisations/invitations/"
            + make_token(
                a.extensions["settings"], "invite", {"org": w.org_b.id, "email": "a@org-a.be"}
            )
        ),
        signed_in(),
    ),
    Route(
        "organisation.accept_invitation",
        "POST",
        lambda a, s, w: (
            "/nl/organisations/invitations/"
            + make_token(
                a.extensions["settings"], "invite", {"org": w.org_b.id, "email": "a@org-a.be"}
            )
        ),
        only("member_a"),
    ),
    Route(
        "organisation.accept_pending",
        "POST",
        lambda a, s, w: f"/nl/organisations/invitations/{_fresh_invitation(s, w)}/accept",
        only("member_a"),
    ),
    Route(
        "organisation.resolve",
        "POST",
        lambda a, s, w: f"/nl/organisations/{w.org_a.id}/reports/{_fresh_report(s, w)}/resolve",
        only(*ORG_A),
    ),
    Route("organisation.import_offers", "GET", _p("/nl/organisations/{a}/import"), only(*ORG_A)),
    Route(
        "organisation.import_offers",
        "POST",
        _p("/nl/organisations/{a}/import"),
        only(*ORG_A),
        lambda a, s, w: {},
    ),
    Route(
        "organisation.import_job",
        "GET",
        lambda a, s, w: f"/nl/organisations/{w.org_a.id}/import/{_fresh_job(a, w)}",
        only(*ORG_A),
    ),
    Route(
        "organisation.import_job_status",
        "GET",
        lambda a, s, w: f"/nl/organisations/{w.org_a.id}/import/{_fresh_job(a, w)}/status",
        only(*ORG_A),
    ),
    Route(
        "organisation.confirm_import",
        "POST",
        _p("/nl/organisations/{a}/import/confirm"),
        only(*ORG_A),
        lambda a, s, w: {"upload": _fresh_upload(a, w)},
    ),
    # editor
    Route("editor.new", "GET", _p("/nl/editor/new/{a}"), only(*ORG_A)),
    Route(
        "editor.new",
        "POST",
        _p("/nl/editor/new/{a}"),
        only(*ORG_A),
        lambda a, s, w: {"offer_type": "club", "title_nl": "Nieuw aanbod"},
    ),
    Route("editor.overview", "GET", _p("/nl/editor/{offer}/"), only(*ORG_A)),
    Route("editor.step", "GET", _p("/nl/editor/{offer}/texts"), only(*ORG_A)),
    Route(
        "editor.step",
        "POST",
        _p("/nl/editor/{offer}/texts"),
        only(*ORG_A),
        lambda a, s, w: {"summary_nl": "Een samenvatting.", "description_nl": ""},
    ),
    Route(
        "editor.preview",
        "GET",
        _p("/nl/editor/{offer}/preview"),
        only("member_a", "moderator_in", "admin"),
    ),
    Route(
        "editor.submit",
        "POST",
        lambda a, s, w: f"/nl/editor/{_fresh_offer(s, w, 'draft')}/submit",
        only(*ORG_A),
    ),
    Route(
        "editor.confirm",
        "POST",
        lambda a, s, w: f"/nl/editor/{_fresh_offer(s, w, 'published')}/confirm",
        only(*ORG_A),
    ),
    Route(
        "editor.archive",
        "POST",
        lambda a, s, w: f"/nl/editor/{_fresh_offer(s, w, 'published')}/archive",
        only(*ORG_A),
    ),
    # moderation
    Route("moderation.queue", "GET", _p("/nl/moderation/"), only(*MODERATORS)),
    Route("moderation.review", "GET", _p("/nl/moderation/offers/{offer}"), only(*IN_AREA)),
    Route(
        "moderation.publish",
        "POST",
        lambda a, s, w: f"/nl/moderation/offers/{_fresh_offer(s, w, 'submitted')}/publish",
        only(*IN_AREA),
        lambda a, s, w: {"comment": ""},
    ),
    Route(
        "moderation.request_changes",
        "POST",
        lambda a, s, w: f"/nl/moderation/offers/{_fresh_offer(s, w, 'submitted')}/request-changes",
        only(*IN_AREA),
        lambda a, s, w: {"comment": "Graag aanvullen."},
    ),
    Route(
        "moderation.reject",
        "POST",
        lambda a, s, w: f"/nl/moderation/offers/{_fresh_offer(s, w, 'submitted')}/reject",
        only(*IN_AREA),
        lambda a, s, w: {"reason": "Geen Nederlands."},
    ),
    Route(
        "moderation.resolve",
        "POST",
        lambda a, s, w: f"/nl/moderation/reports/{_fresh_report(s, w)}/resolve",
        only(*IN_AREA),
    ),
    # the public report form
    Route(
        "reports.report",
        "GET",
        lambda a, s, w: f"/nl/offers/{_fresh_offer(s, w, 'published')}/report",
        everyone(),
    ),
    Route(
        "reports.report",
        "POST",
        lambda a, s, w: f"/nl/offers/{_fresh_offer(s, w, 'published')}/report",
        everyone(),
        lambda a, s, w: {"reason": "no_answer"},
    ),
]


def _outcome(response: Any) -> str:
    if response.status_code == 302 and "/account/signin" in response.headers.get("Location", ""):
        return IN
    if response.status_code == 403:
        return NO
    if response.status_code in (404, 405, 429) or response.status_code >= 500:
        return f"unexpected {response.status_code}"
    return OK


def test_every_route_is_in_the_matrix(app) -> None:
    covered = {(r.endpoint, r.method) for r in ROUTES}
    present = {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        if rule.endpoint.split(".")[0] in BLUEPRINTS
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert present == covered


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.id)
def test_route_answers_each_role_as_expected(
    app, client, session, route: Route, monkeypatch
) -> None:
    # Rate limits are tested on their own; here the same form is sent once per role.
    monkeypatch.setattr(limiter, "enabled", False)
    world = build_world(session)
    got: dict[str, str] = {}
    for role in ROLES:
        if role == "anonymous":
            logout(client)
        else:
            login(client, world.users[role])
        url = route.path(app, session, world)
        data = route.data(app, session, world) if route.data else None
        response = client.open(url, method=route.method, data=data)
        got[role] = _outcome(response)
        session.rollback()  # forget what this request changed in the test's session
    assert got == route.expect
