"""Organisations' questions and support needs, and how their local government answers them.

A need goes to the local government of the organisation's municipality: the moderators
covering it are mailed (the platform admins when nobody covers it). The moderator moves
it through new → in progress → passed to the agency / answered; an answer is mailed to
the organisation's members.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from aanbodplatform.config import Settings
from aanbodplatform.models import (
    NEED_STATUSES,
    NEED_TOPICS,
    Organisation,
    OrganisationNeed,
    User,
    utcnow,
)
from aanbodplatform.services import audit, mail
from aanbodplatform.services.authz import (
    NotFound,
    PermissionDenied,
    ValidationFailed,
    covers,
    moderator_area,
    require_member,
    require_user,
)
from aanbodplatform.services.dashboards import Scope
from aanbodplatform.services.organisations import member_recipients
from aanbodplatform.services.regions import municipalities

MIN_TEXT, MAX_TEXT = 10, 4000
MAX_ANSWER = 4000


def _area_of(session: Session, org: Organisation) -> str | None:
    if org.municipality_nis in municipalities():
        return org.municipality_nis
    return None


def local_government_recipients(session: Session, nis: str) -> list[User]:
    """Return who answers for `nis`: its moderators, or the platform admins when none."""
    active = session.scalars(
        select(User).where(User.is_active.is_(True), User.role.in_(("moderator", "admin")))
        .options(selectinload(User.moderator_scopes))
    ).all()
    moderators = [u for u in active if u.role == "moderator" and covers(moderator_area(u), {nis})]
    return moderators or [u for u in active if u.role == "admin"]


def send_need(
    session: Session,
    settings: Settings | None,
    user: User | None,
    organisation_id: int,
    *,
    topic: str,
    text: str,
) -> OrganisationNeed:
    """Record a need of the organisation and mail its local government."""
    user = require_user(user)
    org = session.get(Organisation, organisation_id)
    if org is None:
        raise NotFound("organisation")
    require_member(user, org)
    errors: dict[str, str] = {}
    if topic not in NEED_TOPICS:
        errors["topic"] = str(_l("Choose what your question is about."))
    clean = (text or "").strip()
    if len(clean) < MIN_TEXT:
        errors["text"] = str(_l("Write your question in a few words (at least %(num)d characters).",
                                num=MIN_TEXT))
    elif len(clean) > MAX_TEXT:
        errors["text"] = str(_l("Use at most %(num)d characters.", num=MAX_TEXT))
    nis = _area_of(session, org)
    if nis is None:
        errors["organisation"] = str(_l(
            "Add your organisation's address first, so we know which local government to ask."))
    if errors:
        raise ValidationFailed(errors)
    assert nis is not None
    need = OrganisationNeed(organisation=org, author_id=user.id, municipality_nis=nis,
                            topic=topic, text=clean, status="new")
    session.add(need)
    session.flush()
    audit.record(session, user, "need.sent", need, {"topic": topic})
    for recipient in local_government_recipients(session, nis):
        mail.send(mail.render(
            "need_received", recipient,
            lambda: str(_l("A question from %(organisation)s", organisation=org.name)),
            need=need, organisation=org, place=municipalities()[nis].name_nl,
            needs_url=mail.absolute_url("needs.scope_list", settings, lang=recipient.locale),
        ), settings)
    return need


def _require_handler(user: User | None, need: OrganisationNeed) -> User:
    user = require_user(user)
    if user.role not in ("moderator", "admin") or not covers(
            moderator_area(user), {need.municipality_nis}):
        raise PermissionDenied("not the local government of this need")
    return user


def update_need(
    session: Session,
    settings: Settings | None,
    user: User | None,
    need_id: int,
    *,
    status: str,
    answer: str | None = None,
    now: datetime | None = None,
) -> OrganisationNeed:
    """Move a need to `status`; an answer is required for "answered" and mailed to the members."""
    need = session.get(OrganisationNeed, need_id)
    if need is None:
        raise NotFound("need")
    user = _require_handler(user, need)
    errors: dict[str, str] = {}
    if status not in NEED_STATUSES:
        errors["status"] = str(_l("Choose a status."))
    clean = (answer or "").strip()
    if status == "answered" and not clean:
        errors["answer"] = str(_l("Write the answer for the organisation."))
    if len(clean) > MAX_ANSWER:
        errors["answer"] = str(_l("Use at most %(num)d characters.", num=MAX_ANSWER))
    if errors:
        raise ValidationFailed(errors)
    before = need.status
    need.status = status
    need.handled_by_id = user.id
    if clean:
        need.answer = clean
        need.answered_at = now or utcnow()
    audit.record(session, user, "need.status", need, {"from": before, "to": status})
    if clean:
        for member in member_recipients(need.organisation):
            mail.send(mail.render(
                "need_answered", member,
                lambda: str(_l("An answer from your local government")),
                need=need, organisation=need.organisation,
                dashboard_url=mail.absolute_url("needs.organisation_list", settings,
                                                lang=member.locale,
                                                org_id=need.organisation_id),
            ), settings)
    return need


def needs_for_scope(session: Session, scope: Scope) -> list[OrganisationNeed]:
    """Return the needs addressed to the scope's municipalities, open ones first, newest first."""
    needs = session.scalars(
        select(OrganisationNeed)
        .where(OrganisationNeed.municipality_nis.in_(sorted(scope.nis_codes)))
        .options(selectinload(OrganisationNeed.organisation))
        .order_by(OrganisationNeed.created_at.desc(), OrganisationNeed.id.desc())
    ).all()
    return sorted(needs, key=lambda n: n.status == "answered")


def needs_of_organisation(session: Session, user: User | None, org_id: int) -> list[OrganisationNeed]:
    """Return an organisation's needs, newest first (members only)."""
    require_member(require_user(user), org_id)
    return list(session.scalars(
        select(OrganisationNeed).where(OrganisationNeed.organisation_id == org_id)
        .order_by(OrganisationNeed.created_at.desc(), OrganisationNeed.id.desc())
    ))


def csv_rows(needs: Iterable[OrganisationNeed]) -> list[list[str]]:
    """Return the needs as CSV rows with a header row."""
    rows = [["id", "date", "organisation", "municipality", "topic", "status", "question", "answer"]]
    for need in needs:
        info = municipalities().get(need.municipality_nis)
        rows.append([
            str(need.id), need.created_at.date().isoformat(), need.organisation.name,
            info.name_nl if info else need.municipality_nis, need.topic, need.status,
            need.text, need.answer or "",
        ])
    return rows
