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
from datetime import timedelta
from typing import Any

import pytest

from aanbodplatform.extensions import limiter
from aanbodplatform.models import Membership, OfferReport, OrganisationNeed, TranslationProposal
from aanbodplatform.services.accounts import make_token
from tests.factories import (
    ROLES,
    World,
    build_world,
    complete_offer,
    login,
    logout,
    make_org,
    make_user,
)

BLUEPRINTS = (
    "account", "organisation", "editor", "moderation", "reports",
    "proofs", "contact_persons", "proof_links", "proof_verify",
    "dashboards", "needs", "handover_link", "staff_admin", "translations",
)
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
    user = make_user(session, "organisation_member", email=f"fresh-{secrets.token_hex(4)}@example.be", confirmed=False)
    session.commit()
    payload = {"uid": user.id, "email": user.email} if purpose == "confirm" else None
    if purpose == "reset":
        from aanbodplatform.services.accounts import _password_fingerprint

        payload = {"uid": user.id, "fp": _password_fingerprint(user)}
    return make_token(app.extensions["settings"], purpose, payload)


def _fresh_membership(session: Any, world: World, state: str) -> int:
    user = make_user(session, "organisation_member", email=f"joiner-{secrets.token_hex(4)}@example.be")
    membership = Membership(user=user, organisation=world.org_a, is_admin=False, state=state)
    session.add(membership)
    session.commit()
    return membership.id


def _fresh_link(app: Any, session: Any, world: World, action: str = "") -> str:
    """Return the path of a contact person's link to a fresh sent handover (or one action)."""
    from aanbodplatform.models import Handover, utcnow
    from aanbodplatform.services import signed_links

    now = utcnow()
    handover = Handover(
        offer_id=world.offer_b.id,
        organisation_id=world.offer_b.organisation_id,
        counsellor_id=world.users["counsellor"].id,
        status="sent",
        open_slot=None,
        consent_given=True,
        sent_at=now,
        created_at=now,
        updated_at=now,
    )
    session.add(handover)
    session.flush()
    issued = signed_links.issue(
        session,
        app.extensions["settings"],
        purpose="handover.respond",
        entity=handover,
        recipient="contact@example.be",
        valid_for=timedelta(days=30),
    )
    session.commit()
    suffix = f"/{action}" if action else ""
    return f"/nl/handover-link/{handover.id}/{issued.token}{suffix}"


def _fresh_staff(session: Any) -> int:
    user = make_user(session, "guide", email=f"staff-{secrets.token_hex(4)}@example.be")
    user.office, user.region_code = "Gent", "stad-gent"
    session.commit()
    return user.id


def _admin_route(method: str, path: str, data: Any = None) -> Route:
    endpoint = "staff_admin." + path.split("|")[0]
    template = path.split("|")[1]
    return Route(
        endpoint,
        method,
        lambda a, s, w: "/nl/admin" + template.format(user=_fresh_staff(s) if "{user}" in template else 0),
        only("admin"),
        data,
    )


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


def _fresh_proposal(session: Any, world: World) -> int:
    offer_id = _fresh_offer(session, world, "published")
    proposal = TranslationProposal(
        offer_id=offer_id,
        locale="ar",
        title="عنوان",
        summary="ملخص",
        title_source="x",
        summary_source="x",
        description_source="x",
        translator_id=world.users["translator"].id,
    )
    session.add(proposal)
    session.commit()
    return proposal.id


def _fresh_report(session: Any, world: World) -> int:
    offer_id = _fresh_offer(session, world, "published")
    report = OfferReport(offer_id=offer_id, reason="no_answer")
    session.add(report)
    session.commit()
    return report.id


def _fresh_need(session: Any, world: World) -> int:
    need = OrganisationNeed(
        organisation=world.org_a, municipality_nis="44021", topic="other", text="Een vraag."
    )
    session.add(need)
    session.commit()
    return need.id


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


# --- proofs (issue 12): a client of the world's counsellor and proofs in a given status ------


def _proof_client(session: Any, world: World) -> Any:
    from tests.factories import make_client

    return make_client(session, world.users["counsellor"], contract_end_date=None)


def _contact(session: Any, world: World, email: str = "cp@org-a.be") -> Any:
    from aanbodplatform.models import ContactPerson

    person = ContactPerson(organisation_id=world.org_a.id, name="Contact A", email=email)
    session.add(person)
    session.commit()
    return person


def _fresh_proof(app: Any, session: Any, world: World, status: str = "draft", *,
                 email: str = "cp@org-a.be") -> Any:
    from datetime import date as day

    from aanbodplatform.services import proofs as svc

    counsellor = world.users["counsellor"]
    client = _proof_client(session, world)
    person = _contact(session, world, email)
    proof, _new = svc.open_proof(
        session, counsellor, client.id, world.org_a.id, "conversation_table", person.id
    )
    settings = app.extensions["settings"]
    if status == "draft":
        return proof
    svc.add_entry(session, svc.Actor(user=counsellor), proof.id,
                  svc.EntryInput(day=day(2026, 2, 3), minutes=60))
    if status == "paper":
        svc.record_paper(session, settings, counsellor, proof.id, signed_name="X",
                         signed_on=day(2026, 2, 4), scan=b"%PDF-1.4 x")
        return proof
    svc.request_signature(session, settings, counsellor, proof.id)
    if status == "awaiting_signature":
        return proof
    link = _sign_token(app, session, proof)[0]
    if status == "refused":
        svc.refuse(session, settings, svc.Actor(link=link), proof.id, "Nee")
        return proof
    svc.sign(session, settings, svc.Actor(link=link), proof.id, "Contact A")
    if status == "verified":
        svc.verify(session, counsellor, proof.id)
    return proof


def _sign_token(app: Any, session: Any, proof: Any) -> tuple[Any, str]:
    from datetime import timedelta

    from aanbodplatform.services import proofs as svc
    from aanbodplatform.services import signed_links

    issued = signed_links.issue(
        session, app.extensions["settings"], purpose=svc.SIGN_PURPOSE, entity=proof,
        recipient=proof.contact_person.email, valid_for=timedelta(days=1),
    )
    session.commit()
    return issued.link, issued.token


def _sign_url(app: Any, session: Any, world: World, suffix: str = "") -> str:
    proof = _fresh_proof(app, session, world, "awaiting_signature")
    return f"/nl/proof/{proof.id}/{_sign_token(app, session, proof)[1]}{suffix}"


def _newcomer_url(app: Any, session: Any, world: World, suffix: str = "") -> str:
    from aanbodplatform.services import proofs as svc

    proof = _fresh_proof(app, session, world)
    issued = svc.issue_newcomer_link(
        session, app.extensions["settings"], world.users["counsellor"], proof.client_id
    )
    return f"/nl/my-hours/{issued.token}{suffix}"


def _started_handover(session: Any, world: World) -> int:
    from aanbodplatform.models import Handover

    client = _proof_client(session, world)
    handover = Handover(
        client_id=client.id, offer_id=world.offer_a.id, organisation_id=world.org_a.id,
        counsellor_id=world.users["counsellor"].id, status="started", open_slot=1,
    )
    session.add(handover)
    session.commit()
    return handover.id


def _proof_path(status: str, suffix: str = "", **kw: Any) -> Callable[[Any, Any, World], str]:
    return lambda a, s, w: f"/nl/counsellor/proofs/{_fresh_proof(a, s, w, status, **kw).id}{suffix}"


def _client_path(suffix: str) -> Callable[[Any, Any, World], str]:
    return lambda a, s, w: f"/nl/counsellor/clients/{_proof_client(s, w).id}{suffix}"


COUNSELLOR = ("counsellor",)


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


def _finished_export(app: Any, session: Any, world: World) -> str:
    from aanbodplatform.services.export_jobs import export_folder, run_export, start_export

    folder = export_folder(app.extensions["settings"].instance_path)
    token = start_export(session, folder, world.users["admin"])
    run_export(session, folder, token)
    return token


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
    # Staff administration: platform admins only.
    _admin_route("GET", "index|/"),
    _admin_route("GET", "users|/users?q=a&role=moderator"),
    _admin_route("GET", "new_user|/users/new"),
    _admin_route(
        "POST",
        "new_user|/users/new",
        lambda a, s, w: {
            "display_name": "Nieuw",
            "email": f"nieuw-{secrets.token_hex(3)}@example.be",
            "locale": "nl",
            "role": "guide",
            "office": "Gent",
            "region": "Stad Gent",
        },
    ),
    _admin_route("GET", "user|/users/{user}"),
    _admin_route(
        "POST",
        "change_role|/users/{user}/role",
        lambda a, s, w: {"role": "moderator", "scope_municipality": "Gent"},
    ),
    _admin_route("POST", "disable|/users/{user}/disable"),
    _admin_route("POST", "enable|/users/{user}/enable"),
    _admin_route("POST", "invite|/users/{user}/invite"),
    _admin_route("GET", "organisations|/organisations?q=Organisatie"),
    _admin_route("GET", "scopes|/scopes"),
    _admin_route("GET", "exports|/exports"),
    _admin_route("POST", "exports|/exports"),
    *(
        Route(
            f"staff_admin.{endpoint}", "GET",
            lambda a, s, w, tail=tail: f"/nl/admin/exports/{_finished_export(a, s, w)}{tail}",
            only("admin"),
        )
        for endpoint, tail in (("export", ""), ("export_status", "/status"),
                               ("export_download", "/download"))
    ),
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
    Route("organisation.requests", "GET", _p("/nl/organisations/{a}/requests"), only(*ORG_A)),
    Route(
        "organisation.refuse",
        "POST",
        lambda a, s, w: (
            f"/nl/organisations/{w.org_a.id}/members/{_fresh_membership(s, w, 'requested')}/refuse"
        ),
        only(*ORG_A),
    ),
    Route(
        "organisation.handover_recipient",
        "POST",
        lambda a, s, w: (
            f"/nl/organisations/{w.org_a.id}/members/{_fresh_membership(s, w, 'member')}/handovers"
        ),
        only(*ORG_A),
        lambda a, s, w: {"receives": "1"},
    ),
    # A contact person's link works for whoever holds it, signed in or not, and for nothing else.
    Route("handover_link.detail", "GET", lambda a, s, w: _fresh_link(a, s, w), everyone()),
    Route("handover_link.seen", "POST", lambda a, s, w: _fresh_link(a, s, w, "seen"), everyone()),
    Route(
        "handover_link.accept",
        "POST",
        lambda a, s, w: _fresh_link(a, s, w, "accept"),
        everyone(),
        lambda a, s, w: {
            "accept-day": "2099-01-05",
            "accept-at": "10:00",
            "accept-place": "Zaal",
            "accept-ask_for": "An",
        },
    ),
    Route(
        "handover_link.decline",
        "POST",
        lambda a, s, w: _fresh_link(a, s, w, "decline"),
        everyone(),
        lambda a, s, w: {"decline-reason": "full"},
    ),
    Route(
        "handover_link.question",
        "POST",
        lambda a, s, w: _fresh_link(a, s, w, "question"),
        everyone(),
        lambda a, s, w: {"question-text": "Wanneer?"},
    ),
    # Not started yet: the actions are refused as "not now" (a redirect back), never a 403.
    Route("handover_link.start", "POST", lambda a, s, w: _fresh_link(a, s, w, "start"), everyone()),
    Route(
        "handover_link.outcome",
        "POST",
        lambda a, s, w: _fresh_link(a, s, w, "outcome"),
        everyone(),
        lambda a, s, w: {"outcome-outcome": "attend", "outcome-day": "2020-01-01"},
    ),
    Route(
        "handover_link.appointment",
        "GET",
        lambda a, s, w: _fresh_link(a, s, w, "appointment.ics"),
        everyone("unexpected 404"),  # no appointment yet: nothing to download, for anyone
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
    # dashboards for local governments and organisations' needs (issue 14)
    Route("dashboards.overview", "GET", _p("/nl/dashboard/"), only(*MODERATORS)),
    Route(
        "dashboards.overview",
        "GET",
        _p("/nl/dashboard/?scope=municipality:44021"),
        only(*IN_AREA),
    ),
    Route(
        "dashboards.export_block",
        "GET",
        _p("/nl/dashboard/export/types.csv?scope=municipality:44021"),
        only(*IN_AREA),
    ),
    Route(
        "dashboards.export_coverage",
        "GET",
        _p("/nl/dashboard/export/coverage-detail.csv"),
        only(*MODERATORS),
    ),
    Route("needs.organisation_list", "GET", _p("/nl/organisations/{a}/needs"), only(*ORG_A)),
    Route(
        "needs.organisation_list",
        "POST",
        _p("/nl/organisations/{a}/needs"),
        only(*ORG_A),
        lambda a, s, w: {"topic": "training", "text": "Wij zoeken een vorming."},
    ),
    Route("needs.scope_list", "GET", _p("/nl/dashboard/needs"), only(*MODERATORS)),
    Route("needs.export_needs", "GET", _p("/nl/dashboard/needs.csv"), only(*MODERATORS)),
    Route(
        "needs.update",
        "POST",
        lambda a, s, w: f"/nl/dashboard/needs/{_fresh_need(s, w)}",
        only(*IN_AREA),
        lambda a, s, w: {"status": "in_progress"},
    ),
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
    # translations (issue 11): ask, the translator's queue, translate, accept or refuse
    Route(
        "translations.ask",
        "POST",
        lambda a, s, w: f"/nl/translations/request/{_fresh_offer(s, w, 'published')}",
        only("member_a", "counsellor", "guide", "admin"),
        lambda a, s, w: {"locale": "ti"},
    ),
    Route("translations.queue", "GET", _p("/nl/translations/"), only("translator", "admin")),
    Route(
        "translations.translate",
        "GET",
        lambda a, s, w: f"/nl/translations/{_fresh_offer(s, w, 'published')}/ar",
        only("translator", "admin"),
    ),
    Route(
        "translations.submit",
        "POST",
        lambda a, s, w: f"/nl/translations/{_fresh_offer(s, w, 'published')}/ar",
        only("translator", "admin"),
        lambda a, s, w: {"title": "عنوان", "summary": "ملخص", "description": "وصف"},
    ),
    Route(
        "translations.proposals",
        "GET",
        _p("/nl/translations/proposals"),
        only("member_a", "member_b", "moderator_in", "moderator_out", "admin"),
    ),
    Route(
        "translations.accept",
        "POST",
        lambda a, s, w: f"/nl/translations/proposals/{_fresh_proposal(s, w)}/accept",
        only("member_a", "moderator_in", "admin"),
    ),
    Route(
        "translations.reject",
        "POST",
        lambda a, s, w: f"/nl/translations/proposals/{_fresh_proposal(s, w)}/reject",
        only("member_a", "moderator_in", "admin"),
    ),
]


ROUTES += [
    # proofs: the counsellor's pages
    Route("proofs.dashboard", "GET", _p("/nl/counsellor/proofs"), only(*COUNSELLOR)),
    Route("proofs.client_hours", "GET", _client_path("/hours"), only(*COUNSELLOR)),
    Route(
        "proofs.open_proof", "POST", _client_path("/proofs"), only(*COUNSELLOR),
        lambda a, s, w: {"organisation_id": str(w.org_a.id), "offer_type": "club",
                         "contact_person_id": str(_contact(s, w).id)},
    ),
    Route(
        "proofs.open_from_handover", "POST",
        lambda a, s, w: f"/nl/counsellor/handovers/{_started_handover(s, w)}/proof",
        only(*COUNSELLOR),
    ),
    Route(
        "proofs.exemption", "POST", _client_path("/exemption"), only(*COUNSELLOR),
        lambda a, s, w: {"reason": "study", "evidence_type": "Inschrijving", "evidence_date": "2026-01-05"},
    ),
    Route("proofs.opt_in", "POST", _client_path("/opt-in"), only(*COUNSELLOR),
          lambda a, s, w: {"opted_in_on": "2026-01-05"}),
    Route("proofs.personal_link", "POST", _client_path("/personal-link"), only(*COUNSELLOR)),
    Route("proofs.revoke_personal_link", "POST", _client_path("/personal-link/revoke"),
          only(*COUNSELLOR)),
    Route("proofs.summary_pdf", "GET", _client_path("/summary.pdf"), only(*COUNSELLOR)),
    Route("proofs.proof", "GET", _proof_path("draft"), only(*COUNSELLOR)),
    Route("proofs.add_entry", "POST", _proof_path("draft", "/entries"), only(*COUNSELLOR),
          lambda a, s, w: {"day": "2026-02-03", "hours": "1"}),
    Route(
        "proofs.remove_entry", "POST",
        lambda a, s, w: (lambda p: f"/nl/counsellor/proofs/{p.id}/entries/{p.entries[0].id}/remove")(
            _fresh_proof(a, s, w, "awaiting_signature")
        ),
        only(*COUNSELLOR),
    ),
    Route("proofs.request_signature", "POST", _proof_path("draft", "/request-signature"),
          only(*COUNSELLOR)),
    Route("proofs.query", "POST", _proof_path("signed", "/query"), only(*COUNSELLOR),
          lambda a, s, w: {"text": "Klopt dit?"}),
    Route("proofs.verify", "POST", _proof_path("signed", "/verify"), only(*COUNSELLOR)),
    Route("proofs.reopen", "POST", _proof_path("refused", "/reopen"), only(*COUNSELLOR)),
    Route("proofs.void", "POST", _proof_path("draft", "/void"), only(*COUNSELLOR)),
    Route(
        "proofs.paper", "POST", _proof_path("awaiting_signature", "/paper"), only(*COUNSELLOR),
        lambda a, s, w: {"signed_name": "X", "signed_on": "2026-02-04",
                         "scan": (io.BytesIO(b"%PDF-1.4 x"), "scan.pdf")},
    ),
    Route("proofs.scan", "GET", _proof_path("paper", "/scan"), only(*COUNSELLOR)),
    Route("proofs.print_pdf", "GET", _proof_path("draft", "/print.pdf"), only(*COUNSELLOR)),
    # contact persons: the organisation's own members
    Route("contact_persons.contact_persons", "GET", _p("/nl/organisations/{a}/contact-persons/"),
          only(*ORG_A)),
    Route(
        "contact_persons.create_contact_person", "POST",
        _p("/nl/organisations/{a}/contact-persons/"), only(*ORG_A),
        lambda a, s, w: {"name": "Buddy", "email": "buddy@org-a.be"},
    ),
    Route(
        "contact_persons.update_contact_person", "POST",
        lambda a, s, w: f"/nl/organisations/{w.org_a.id}/contact-persons/{_contact(s, w).id}",
        only(*ORG_A),
        lambda a, s, w: {"name": "Buddy", "email": "buddy@org-a.be", "active": "1"},
    ),
    # links without an account: the token decides, not the role
    Route("proof_links.contact", "GET", lambda a, s, w: _sign_url(a, s, w), everyone()),
    Route("proof_links.contact_action", "POST", lambda a, s, w: _sign_url(a, s, w, "/sign"),
          everyone(), lambda a, s, w: {"signed_name": "Contact A"}),
    # The contact person's own account (member A's email is the contact person's).
    Route("proof_links.contact_account", "GET",
          lambda a, s, w: f"/nl/proofs/{_fresh_proof(a, s, w, 'awaiting_signature', email='a@org-a.be').id}/confirm",
          only("member_a")),
    Route(
        "proof_links.contact_account_action", "POST",
        lambda a, s, w: f"/nl/proofs/{_fresh_proof(a, s, w, 'awaiting_signature', email='a@org-a.be').id}/confirm/sign",
        only("member_a"),
        lambda a, s, w: {"signed_name": "A"},
    ),
    Route("proof_links.newcomer", "GET", lambda a, s, w: _newcomer_url(a, s, w), everyone()),
    Route("proof_links.propose", "POST", lambda a, s, w: _newcomer_url(a, s, w, "/entries"),
          everyone(), lambda a, s, w: {"day": "2026-02-03", "hours": "1"}),
    Route(
        "proof_links.verify", "GET",
        lambda a, s, w: f"/nl/verify/{_fresh_proof(a, s, w, 'verified').verification_code}",
        everyone(),
    ),
    Route(
        "proof_verify.verify_short", "GET",
        lambda a, s, w: f"/verify/{_fresh_proof(a, s, w, 'verified').verification_code}",
        everyone(),
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
        assert response.status_code < 500, (role, route.id, response.text[:3000])
        got[role] = _outcome(response)
        response.close()  # a streamed file (an export download) holds its handle until closed
        session.rollback()  # forget what this request changed in the test's session
    assert got == route.expect
