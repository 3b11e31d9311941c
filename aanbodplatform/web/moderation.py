"""Moderation for local governments: the queue of their area, the review page and the decisions."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField

from aanbodplatform.digits import gettext as _
from aanbodplatform.extensions import db
from aanbodplatform.services import moderation, moderation_mail
from aanbodplatform.services.authz import ValidationFailed, require_moderator
from aanbodplatform.services.freshness import is_stale
from aanbodplatform.services.offer_lifecycle import allowed_actions
from aanbodplatform.services.regions import municipalities
from aanbodplatform.services.reports import open_reports_for_moderator, resolve_report
from aanbodplatform.services.taxonomy import get_taxonomy
from aanbodplatform.web.domain_errors import install_error_handlers
from aanbodplatform.web.form_errors import attach_errors
from aanbodplatform.web.guard import actor, back_or, login_required, settings
from aanbodplatform.web.labels import field_value

bp = Blueprint("moderation", __name__, url_prefix="/<lang>/moderation")
install_error_handlers(bp)


def _form_label(form: Any, name: str) -> str:
    # The editor's own field labels: the moderator reads what the organisation filled in.
    return str(getattr(form, name).args[0])


def review_label(key: str) -> str:
    """Return the name of one published part of an offer (a field, the places, a translation)."""
    from aanbodplatform.i18n import BY_TAG
    from aanbodplatform.web import editor_forms as ef

    if key.startswith("translation:"):
        tag = key.split(":", 1)[1]
        language = BY_TAG[tag].autonym if tag in BY_TAG else tag
        return f"{_('Translations')}: {language}"
    special = {
        "activities": _("Activities"),
        "slots": _("When"),
        "locations": _("Places"),
        "contacts": _("Contact persons"),
    }
    if key in special:
        return special[key]
    for form in (ef.BasicsForm, ef.TextsForm, ef.ScheduleForm, ef.PracticalForm, ef.CriteriaForm):
        if hasattr(form, key):
            return _form_label(form, key)
    return key


def review_value(key: str, value: Any) -> str:
    """Return one published part as text for the comparison table."""
    if key == "activities" and isinstance(value, list):
        from flask import g

        terms = get_taxonomy().activities
        tag = getattr(g, "locale_tag", "nl")
        value = [terms[code].label(tag) if code in terms else code for code in value]
    if key == "slots" and isinstance(value, list):
        # "tue evening 19:00 21:00" → the weekday and daypart in words, times as they are.
        value = [" ".join(_slot_word(token) for token in str(slot).split()) for slot in value]
    if key == "locations" and isinstance(value, list):
        names = municipalities()
        value = [", ".join(names[p].name_nl if p in names else p for p in str(loc).split(", "))
                 for loc in value]
    if key == "schedule_kind":
        return _("By arrangement") if value == "by_arrangement" else _("Every week at fixed moments")
    if isinstance(value, list):
        return "; ".join(str(v) for v in value) or "–"
    if value is None or value == "":
        return "–"
    return field_value(key, value)


def _slot_word(token: str) -> str:
    from aanbodplatform.web.presenters import daypart_label, weekday_name
    from search_index import DAYPARTS, WEEKDAYS

    if token in WEEKDAYS:
        return weekday_name(token)
    if token in DAYPARTS:
        return daypart_label(token)
    return token


@bp.context_processor
def _review_helpers() -> dict[str, Any]:
    return {"review_label": review_label, "review_value": review_value}


class PublishForm(FlaskForm):
    """Publish, with an optional comment."""

    comment = TextAreaField(
        _l("Comment for the organisation (optional)"), render_kw={"rows": 2, "maxlength": 2000}
    )


class ChangesForm(FlaskForm):
    """Ask for changes, with a comment."""

    comment = TextAreaField(
        _l("What should the organisation change?"), render_kw={"rows": 4, "maxlength": 2000}
    )


class RejectForm(FlaskForm):
    """Refuse, with a reason."""

    reason = TextAreaField(_l("Why is it not accepted?"), render_kw={"rows": 3, "maxlength": 2000})


@bp.get("/")
@login_required
def queue():  # type: ignore[no-untyped-def]
    """List the offers of the moderator's area that wait for a decision, oldest first, and open reports."""
    items = moderation.queue(db.session, actor())
    reports = open_reports_for_moderator(db.session, actor())
    return render_template(
        "moderation/queue.html",
        items=items,
        summary=moderation_mail.summarise(items),
        reports=reports,
        municipalities=municipalities(),
    )


def _review_page(offer_id: int, publish=None, changes=None, reject=None, status: int = 200):  # type: ignore[no-untyped-def]
    review = moderation.review(db.session, actor(), offer_id)
    return (
        render_template(
            "moderation/review.html",
            review=review,
            offer=review.offer,
            actions=allowed_actions(review.offer, actor()),
            review_snapshot=moderation.offer_snapshot(review.offer),
            publish_form=publish or PublishForm(),
            changes_form=changes or ChangesForm(),
            reject_form=reject or RejectForm(),
            municipalities=municipalities(),
            taxonomy=get_taxonomy(),
            stale=is_stale(review.offer),
        ),
        status,
    )


@bp.get("/offers/<int:offer_id>")
@login_required
def review(offer_id: int):  # type: ignore[no-untyped-def]
    """Show one offer with both criteria explanations side by side and any waiting edit."""
    return _review_page(offer_id)


@bp.post("/offers/<int:offer_id>/publish")
@login_required
def publish(offer_id: int):  # type: ignore[no-untyped-def]
    """Publish the offer (or its waiting edit)."""
    form = PublishForm()
    if form.validate_on_submit():
        try:
            moderation.publish(db.session, settings(), actor(), offer_id, form.comment.data)
        except ValidationFailed as exc:
            attach_errors(form, exc.errors)
            return _review_page(offer_id, publish=form, status=422)
        flash(_("Published. The organisation gets an email."), "success")
        return redirect(url_for("moderation.queue"))
    return _review_page(offer_id, publish=form, status=422)


@bp.post("/offers/<int:offer_id>/request-changes")
@login_required
def request_changes(offer_id: int):  # type: ignore[no-untyped-def]
    """Send the offer (or its waiting edit) back with a comment."""
    form = ChangesForm()
    if form.validate_on_submit():
        try:
            moderation.request_changes(
                db.session, settings(), actor(), offer_id, form.comment.data or ""
            )
        except ValidationFailed as exc:
            attach_errors(form, exc.errors)
            return _review_page(offer_id, changes=form, status=422)
        flash(_("Sent back to the organisation with your comment."), "success")
        return redirect(url_for("moderation.queue"))
    return _review_page(offer_id, changes=form, status=422)


@bp.post("/offers/<int:offer_id>/reject")
@login_required
def reject(offer_id: int):  # type: ignore[no-untyped-def]
    """Refuse the offer (or its waiting edit), with a reason."""
    form = RejectForm()
    if form.validate_on_submit():
        try:
            moderation.reject(db.session, settings(), actor(), offer_id, form.reason.data or "")
        except ValidationFailed as exc:
            attach_errors(form, exc.errors)
            return _review_page(offer_id, reject=form, status=422)
        flash(_("Not accepted. The organisation gets an email with your reason."), "success")
        return redirect(url_for("moderation.queue"))
    return _review_page(offer_id, reject=form, status=422)


@bp.post("/reports/<int:report_id>/resolve")
@login_required
def resolve(report_id: int):  # type: ignore[no-untyped-def]
    """Mark a report in the moderator's area as dealt with."""
    require_moderator(actor())
    resolve_report(db.session, actor(), report_id)
    flash(_("The report is marked as dealt with."), "success")
    return back_or("moderation.queue")
