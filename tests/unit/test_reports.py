"""Reports that an offer is wrong: stored, sent to the organisation and the area's moderators."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from aanbodplatform.models import AuditEvent, OfferReport
from aanbodplatform.services.authz import NotFound, PermissionDenied, ValidationFailed
from aanbodplatform.services.reports import open_reports_for_moderator, report_offer, resolve_report
from tests.factories import (
    ANTWERPEN,
    GENT,
    complete_offer,
    make_moderator,
    make_org,
    make_user,
    outbox,
)


@pytest.fixture
def scene(session):  # type: ignore[no-untyped-def]
    admin = make_user(session, "organisation_member", email="admin@club.be", locale="fr")
    other = make_user(session, "organisation_member", email="ander@club-b.be")
    moderator_in = make_moderator(session, "mod@gent.be", nis=GENT, locale="en")
    moderator_region = make_moderator(session, "mod@regio.be", region=_region_of(GENT))
    moderator_out = make_moderator(session, "mod@antwerpen.be", nis=ANTWERPEN)
    org = make_org(session, "Club", admin=admin)
    make_org(session, "Club B", admin=other)
    offer = complete_offer(session, org, status="published")
    draft = complete_offer(session, org, title="Nog niet af", status="draft")
    session.commit()
    return {
        "offer": offer,
        "draft": draft,
        "admin": admin,
        "other": other,
        "in": moderator_in,
        "region": moderator_region,
        "out": moderator_out,
    }


def _region_of(nis: str) -> str:
    from aanbodplatform.services.regions import municipalities

    return municipalities()[nis].region_code


def test_a_report_is_stored_and_mailed_to_the_organisation_and_the_areas_moderators(
    app, session, scene
) -> None:
    report = report_offer(session, None, scene["offer"].id, "no_answer", "Niemand neemt op.")
    stored = session.get(OfferReport, report.id)
    assert (stored.reason, stored.text, stored.resolved_at) == (
        "no_answer",
        "Niemand neemt op.",
        None,
    )
    recipients = sorted((m["To"], m["Content-Language"]) for m in outbox(app))
    assert recipients == [("admin@club.be", "fr"), ("mod@gent.be", "en"), ("mod@regio.be", "nl")]
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "offer.reported"))
    assert event is not None and event.actor_id is None  # reports are anonymous


@pytest.mark.parametrize(
    ("reason", "text", "field"),
    [("spam", "", "reason"), ("other", "  ", "text"), ("other", "x" * 2001, "text")],
)
def test_invalid_reports_are_refused(
    app, session, scene, reason: str, text: str, field: str
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        report_offer(session, None, scene["offer"].id, reason, text)
    assert field in caught.value.errors
    assert session.scalars(select(OfferReport)).all() == []


def test_only_published_offers_can_be_reported(app, session, scene) -> None:
    with pytest.raises(NotFound):
        report_offer(session, None, scene["draft"].id, "no_longer_exists")


def test_moderators_see_reports_of_their_area_and_resolve_them(app, session, scene) -> None:
    report = report_offer(session, None, scene["offer"].id, "not_in_dutch")
    assert [r.id for r in open_reports_for_moderator(session, scene["in"])] == [report.id]
    assert open_reports_for_moderator(session, scene["out"]) == []
    with pytest.raises(PermissionDenied):
        resolve_report(session, scene["out"], report.id)
    with pytest.raises(PermissionDenied):
        resolve_report(session, scene["other"], report.id)
    resolve_report(session, scene["admin"], report.id)
    assert open_reports_for_moderator(session, scene["in"]) == []


def test_the_public_form_needs_no_account_and_keeps_input_when_invalid(
    app, client, session, scene
) -> None:
    offer = scene["offer"]
    page = client.get(f"/fr/offers/{offer.id}/report")
    assert page.status_code == 200
    assert 'name="reason"' in page.text and "no_longer_exists" in page.text
    invalid = client.post(f"/fr/offers/{offer.id}/report", data={"reason": "other", "text": ""})
    assert invalid.status_code == 422
    assert 'role="alert"' in invalid.text and 'href="#text"' in invalid.text
    done = client.post(
        f"/fr/offers/{offer.id}/report", data={"reason": "other", "text": "Adres klopt niet"}
    )
    assert done.status_code == 200
    assert session.scalar(select(OfferReport.text)) == "Adres klopt niet"
    assert client.get(f"/fr/offers/{scene['draft'].id}/report").status_code == 404


def test_the_public_form_is_rate_limited(app, client, session, scene) -> None:
    url = f"/nl/offers/{scene['offer'].id}/report"
    codes = [client.post(url, data={"reason": "no_answer"}).status_code for _ in range(6)]
    assert codes[:5] == [200] * 5
    assert codes[5] == 429
