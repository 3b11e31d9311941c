"""Organisations through the web: creation, members, invitations, the dashboard and the CSV import."""

from __future__ import annotations

import csv
import io
import re

from sqlalchemy import func, select

from aanbodplatform.models import AuditEvent, Membership, Offer, OfferReport, Organisation
from tests.factories import (
    GENT,
    build_world,
    login,
    make_org,
    make_user,
    outbox,
    text_part,
)
from tests.i18n_support import text_of, tr_text

ORG_FORM = {
    "name": "Vzw De Brug",
    "kbo_number": "0403.170.701",
    "street": "Kerkstraat 1",
    "postcode": "9000",
    "municipality": "Gent",
    "website": "https://debrug.example.be",
    "phone": "09 123 45 67",
    "email": "info@debrug.example.be",
    "description": "Buurtwerk in Gent.",
}


def test_an_account_creates_an_organisation_and_becomes_its_admin(app, client, session) -> None:
    user = make_user(session, "organisation_member", email="stichter@debrug.be")
    session.commit()
    login(client, user)
    response = client.post("/nl/organisations/new", data=ORG_FORM)
    assert response.status_code == 302
    org = session.scalar(select(Organisation).where(Organisation.name == "Vzw De Brug"))
    assert org is not None
    assert org.kbo_number == "0403170701"
    assert org.municipality_nis == GENT and org.lat is not None and org.lon is not None
    [membership] = org.memberships
    assert (membership.user_id, membership.is_admin, membership.state) == (user.id, True, "member")
    assert (
        session.scalar(select(AuditEvent).where(AuditEvent.action == "organisation.created"))
        is not None
    )
    dashboard = client.get(response.headers["Location"])
    assert dashboard.status_code == 200 and "0403.170.701" in dashboard.text


def test_a_wrong_kbo_number_is_explained_beside_the_field_and_nothing_is_lost(
    app, client, session
) -> None:
    user = make_user(session, "organisation_member", email="stichter@debrug.be")
    session.commit()
    login(client, user)
    response = client.post("/nl/organisations/new", data={**ORG_FORM, "kbo_number": "0403.170.702"})
    assert response.status_code == 422
    assert 'id="kbo_number-error"' in response.text and 'href="#kbo_number"' in response.text
    assert 'value="Vzw De Brug"' in response.text and 'value="0403.170.702"' in response.text
    assert session.scalar(select(func.count()).select_from(Organisation)) == 0


def test_a_kbo_number_can_only_belong_to_one_organisation(app, client, session) -> None:
    user = make_user(session, "organisation_member", email="stichter@debrug.be")
    session.add(Organisation(name="Al hier", kbo_number="0403170701"))
    session.commit()
    login(client, user)
    response = client.post("/en/organisations/new", data=ORG_FORM)
    assert response.status_code == 422 and "already exists" in response.text


def test_an_unknown_address_is_refused(app, client, session) -> None:
    user = make_user(session, "organisation_member", email="stichter@debrug.be")
    session.commit()
    login(client, user)
    response = client.post(
        "/nl/organisations/new", data={**ORG_FORM, "postcode": "0001", "municipality": ""}
    )
    assert response.status_code == 422 and 'id="postcode-error"' in response.text


def test_asking_to_join_and_being_accepted(app, client, session) -> None:
    admin = make_user(session, "organisation_member", email="admin@club.be", locale="fr")
    newcomer = make_user(session, "organisation_member", email="nieuw@club.be", name="Nieuw")
    org = make_org(session, "Sportclub Zuid", admin=admin)
    session.commit()
    login(client, newcomer)
    found = client.get("/nl/organisations/join?q=sportclub")
    assert "Sportclub Zuid" in found.text
    client.post("/nl/organisations/join", data={"organisation_id": str(org.id)})
    membership = session.scalar(select(Membership).where(Membership.user_id == newcomer.id))
    assert membership.state == "requested"
    assert client.get(f"/nl/organisations/{org.id}/").status_code == 403
    [note] = outbox(app)
    assert note["To"] == "admin@club.be" and note["Content-Language"] == "fr"
    login(client, admin)
    assert "nieuw@club.be" in client.get(f"/nl/organisations/{org.id}/").text
    client.post(f"/nl/organisations/{org.id}/members/{membership.id}/approve")
    login(client, newcomer)
    assert client.get(f"/nl/organisations/{org.id}/").status_code == 200


def test_admins_invite_by_email_and_the_invited_address_joins(app, client, session) -> None:
    admin = make_user(session, "organisation_member", email="admin@club.be")
    colleague = make_user(session, "organisation_member", email="collega@club.be", locale="pl")
    stranger = make_user(session, "organisation_member", email="vreemde@elders.be")
    member = make_user(session, "organisation_member", email="lid@club.be")
    org = make_org(session, "Club", admin=admin, members=(member,))
    session.commit()
    login(client, member)
    assert (
        client.post(
            f"/nl/organisations/{org.id}/members/invite", data={"email": "x@y.be"}
        ).status_code
        == 403
    )
    login(client, admin)
    client.post(f"/nl/organisations/{org.id}/members/invite", data={"email": "Collega@club.be"})
    client.post(
        f"/nl/organisations/{org.id}/members/invite", data={"email": "nog-geen-account@club.be"}
    )
    invitation, unknown = outbox(app)
    assert invitation["To"] == "collega@club.be" and invitation["Content-Language"] == "pl"
    assert "/account/signup" in text_part(unknown)
    base = app.extensions["settings"].base_url
    link = (
        re.search(r"https?://\S+/organisations/invitations/\S+", text_part(invitation))
        .group(0)
        .removeprefix(base)
    )
    login(client, stranger)
    assert client.post(link).status_code == 403  # an invitation works only for its own address
    login(client, colleague)
    assert client.get(link).status_code == 200
    assert client.post(link).status_code == 302
    assert client.get(f"/nl/organisations/{org.id}/").status_code == 200


def test_removing_members_but_never_the_last_admin(app, client, session) -> None:
    admin = make_user(session, "organisation_member", email="admin@club.be")
    member = make_user(session, "organisation_member", email="lid@club.be")
    org = make_org(session, "Club", admin=admin, members=(member,))
    session.commit()
    ids = {m.user_id: m.id for m in org.memberships}
    login(client, admin)
    client.post(f"/nl/organisations/{org.id}/members/{ids[admin.id]}/remove")
    assert session.get(Membership, ids[admin.id]) is not None
    client.post(f"/nl/organisations/{org.id}/members/{ids[member.id]}/remove")
    session.expire_all()
    assert session.get(Membership, ids[member.id]) is None
    login(client, member)
    assert client.get(f"/nl/organisations/{org.id}/").status_code == 403


def test_the_dashboard_shows_comments_reports_and_staleness(app, client, session) -> None:
    world = build_world(session)
    offer = world.offer_a
    offer.history[-1].comment = "Vermeld ook het adres van de zaal."
    offer.status = "changes_requested"
    session.add(OfferReport(offer_id=offer.id, reason="no_answer", text="Geen antwoord"))
    session.commit()
    login(client, world.users["member_a"])
    page = client.get(f"/nl/organisations/{world.org_a.id}/")
    assert "Vermeld ook het adres van de zaal." in page.text
    assert "Geen antwoord" in page.text
    assert "Praattafel B" not in page.text


def _csv(rows: list[dict[str, str]]) -> bytes:
    columns = list(rows[0])
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def _row(**changes: str) -> dict[str, str]:
    row = {
        "organisation_name": "Een heel andere vzw",
        "title_nl": "Samen koken",
        "summary_nl": "Elke week koken we met buren.",
        "offer_type": "neighbourhood",
        "postcode": "9000",
        "weekdays": "tue",
        "dutch_context": "yes",
        "dutch_context_evidence": "Alle vrijwilligers spreken Nederlands met de deelnemers.",
        "social_participation": "yes",
        "social_participation_evidence": "Je kookt in een vaste groep met buurtbewoners.",
        "contact_name": "Els",
        "contact_email": "els@example.org",
        "status": "published",
    }
    row.update(changes)
    return row


def test_bulk_import_checks_first_then_submits_offers_of_this_organisation(
    app, client, session
) -> None:
    world = build_world(session)
    login(client, world.users["member_a"])
    data = _csv(
        [
            _row(),
            _row(title_nl="Samen fietsen", offer_type="club"),
            _row(title_nl="", postcode="12"),
        ]
    )
    before = session.scalar(select(func.count()).select_from(Offer))
    report = client.post(
        f"/nl/organisations/{world.org_a.id}/import",
        data={"file": (io.BytesIO(data), "aanbod.csv")},
        content_type="multipart/form-data",
        follow_redirects=True,  # the check runs as a job; its page shows the result
    )
    assert report.status_code == 200
    assert "Samen koken" in report.text and "Samen fietsen" in report.text
    empty = tr_text(app, "nl", "%(column)s is empty.", column="title_nl")
    assert empty in text_of(report.text)  # the bad line, in the page language
    assert (
        session.scalar(select(func.count()).select_from(Offer)) == before
    )  # a dry run saves nothing
    token = re.search(r'name="upload" type="hidden" value="([^"]+)"', report.text).group(1)
    login(client, world.users["member_b"])
    assert (
        client.post(
            f"/nl/organisations/{world.org_a.id}/import/confirm", data={"upload": token}
        ).status_code
        == 403
    )
    login(client, world.users["member_a"])
    done = client.post(f"/nl/organisations/{world.org_a.id}/import/confirm", data={"upload": token})
    assert done.status_code == 302
    imported = session.scalars(
        select(Offer).where(Offer.title_nl.in_(["Samen koken", "Samen fietsen"]))
    ).all()
    assert len(imported) == 2
    # Whatever the file says, the offers belong to this organisation and wait for moderation.
    assert {(o.organisation_id, o.status) for o in imported} == {(world.org_a.id, "submitted")}
    assert (
        session.scalar(select(Organisation).where(Organisation.name == "Een heel andere vzw"))
        is None
    )
    assert client.get("/api/v1/offers?criteria=all").json["total"] == 0
    login(client, world.users["moderator_in"])
    queue = client.get("/nl/moderation/")
    assert "Samen koken" in queue.text and "Samen fietsen" in queue.text
    login(client, world.users["member_a"])
    again = client.post(
        f"/nl/organisations/{world.org_a.id}/import/confirm", data={"upload": token}
    )
    assert again.status_code == 404  # the checked file is used once


def test_only_members_can_import(app, client, session) -> None:
    world = build_world(session)
    login(client, world.users["member_b"])
    response = client.post(
        f"/nl/organisations/{world.org_a.id}/import",
        data={"file": (io.BytesIO(_csv([_row()])), "aanbod.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 403


def test_every_import_problem_has_a_translatable_text() -> None:
    """A new importer reason must get a message in problem_text, or it shows in English."""
    from types import SimpleNamespace

    from aanbodplatform.services.importer import REASONS
    from aanbodplatform.web.organisation import problem_text

    for code, english in REASONS.items():
        problem = SimpleNamespace(code=code, params={}, message=english)
        assert problem_text(problem) != english, code
