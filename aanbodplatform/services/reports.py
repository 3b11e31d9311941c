"""Reports from newcomers and counsellors that an offer is wrong; they go to the organisation and the moderators."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from aanbodplatform.config import Settings
from aanbodplatform.models import Offer, OfferReport, User, utcnow
from aanbodplatform.services import audit, mail
from aanbodplatform.services.authz import (
    InvalidTransition,
    NotFound,
    PermissionDenied,
    ValidationFailed,
    covers,
    is_member,
    is_moderator_for,
    moderator_area,
    offer_municipalities,
    require_moderator,
)
from aanbodplatform.services.moderation import moderators_for
from aanbodplatform.services.organisations import member_recipients

REASONS: tuple[str, ...] = ("no_longer_exists", "not_in_dutch", "no_answer", "other")
MAX_TEXT = 2000


def reason_label(code: str) -> str:
    """Return a report reason in the active language."""
    labels = {
        "no_longer_exists": _l("The offer no longer exists"),
        "not_in_dutch": _l("The activity is not in Dutch"),
        "no_answer": _l("The contact person does not answer"),
        "other": _l("Something else is wrong"),
    }
    return str(labels.get(code, code))


def report_offer(
    session: Session,
    settings: Settings | None,
    offer_id: int,
    reason: str,
    text: str = "",
    now: datetime | None = None,
) -> OfferReport:
    """Store a report on a published offer and tell its organisation and the area's moderators."""
    offer = session.get(Offer, offer_id)
    if offer is None or offer.status != "published":
        raise NotFound("offer")
    errors: dict[str, str] = {}
    if reason not in REASONS:
        errors["reason"] = str(_l("Choose what is wrong."))
    clean = (text or "").strip()
    if reason == "other" and not clean:
        errors["text"] = str(_l("Tell us what is wrong."))
    if len(clean) > MAX_TEXT:
        errors["text"] = str(_l("Use at most %(num)d characters.", num=MAX_TEXT))
    if errors:
        raise ValidationFailed(errors)
    report = OfferReport(
        offer_id=offer.id, reason=reason, text=clean or None, created_at=now or utcnow()
    )
    session.add(report)
    session.flush()
    # Reports are anonymous: the audit trail records the report, never who sent it.
    audit.record(session, None, "offer.reported", offer, {"report_id": report.id, "reason": reason})
    session.commit()
    recipients = {
        u.id: u for u in [*member_recipients(offer.organisation), *moderators_for(session, offer)]
    }
    for user in recipients.values():
        is_org = is_member(user, offer.organisation_id) and user.role != "admin"
        endpoint = "organisation.dashboard" if is_org else "moderation.review"
        values = {"org_id": offer.organisation_id} if is_org else {"offer_id": offer.id}
        mail.send(
            mail.render(
                "offer_reported",
                user,
                _l("Someone reported a problem with “%(title)s”", title=offer.title_nl),
                offer=offer,
                reason=reason,
                text=clean,
                link=mail.absolute_url(endpoint, settings, lang=user.locale, **values),
            ),
            settings,
        )
    return report


def open_reports_for_moderator(session: Session, user: User | None) -> list[OfferReport]:
    """Return unresolved reports on offers in the moderator's area, oldest first."""
    user = require_moderator(user)
    area = moderator_area(user)
    reports = session.scalars(
        select(OfferReport)
        .where(OfferReport.resolved_at.is_(None))
        .order_by(OfferReport.created_at)
    ).all()
    if not reports:
        return []
    offers = {
        o.id: o
        for o in session.scalars(
            select(Offer)
            .where(Offer.id.in_({r.offer_id for r in reports}))
            .options(selectinload(Offer.locations), selectinload(Offer.organisation))
        )
    }
    return [r for r in reports if covers(area, offer_municipalities(offers[r.offer_id]))]


def resolve_report(
    session: Session, user: User | None, report_id: int, now: datetime | None = None
) -> OfferReport:
    """Mark a report as dealt with (the organisation's members or the area's moderators)."""
    report = session.get(OfferReport, report_id)
    if report is None:
        raise NotFound("report")
    offer = session.get(Offer, report.offer_id)
    if offer is None or user is None:
        raise NotFound("offer")
    if not (is_member(user, offer.organisation_id) or is_moderator_for(user, offer)):
        raise PermissionDenied("not this offer's organisation or moderator")
    if report.resolved_at is not None:
        raise InvalidTransition("already resolved")
    report.resolved_at = now or utcnow()
    audit.record(session, user, "offer.report_resolved", offer, {"report_id": report.id})
    session.commit()
    return report
