"""A contact person answers a handover through the signed link in their mail (no account).

The token opens the one handover it was issued for and nothing else: every view here
resolves it again, acts as "contact person X via link" and never signs anyone in.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_wtf import FlaskForm

from aanbodplatform.digits import gettext as _
from aanbodplatform.extensions import db
from aanbodplatform.models import User
from aanbodplatform.services import handovers as handover_service
from aanbodplatform.services.authz import ValidationFailed
from aanbodplatform.web import handover_presenters as hp
from aanbodplatform.web.domain_errors import install_error_handlers
from aanbodplatform.web.form_errors import attach_errors
from aanbodplatform.web.guard import settings
from aanbodplatform.web.handover_inbox import (
    AcceptForm,
    PlainForm,
    QuestionForm,
    _decline_form,
    forms_for,
    ics_response,
    outcome_form,
)
from aanbodplatform.web.link_pages import keep_private

bp = Blueprint("handover_link", __name__, url_prefix="/<lang>/handover-link/<int:handover_id>")
install_error_handlers(bp)
bp.record_once(lambda state: hp.init_templates(state.app))
keep_private(bp)


@bp.errorhandler(handover_service.LinkRefused)
def _refused(exc: handover_service.LinkRefused):  # type: ignore[no-untyped-def]
    return render_template("handovers/link_problem.html", problem=exc.problem), exc.status_code


def _open(handover_id: int, token: str) -> tuple[Any, handover_service.ViaLink]:
    return handover_service.open_with_link(db.session, settings(), handover_id, token)


def _page(handover_id: int, token: str, forms: dict[str, FlaskForm] | None = None, status: int = 200):  # type: ignore[no-untyped-def]
    handover, who = _open(handover_id, token)
    actions = handover_service.allowed_actions(db.session, who, handover)
    return (
        render_template(
            "handovers/detail.html",
            handover=handover,
            counsellor=db.session.get(User, handover.counsellor_id),
            actions=actions,
            forms=forms_for(actions, forms),
            plain_form=PlainForm(),
            hide_personal=False,
            answer_bp="handover_link",
            link_args={"token": token},
            via_link=who,
            ics_url=url_for("handover_link.appointment", handover_id=handover.id, token=token),
        ),
        status,
    )


def _back(handover_id: int, token: str):  # type: ignore[no-untyped-def]
    return redirect(url_for("handover_link.detail", handover_id=handover_id, token=token))


@bp.get("/<token>")
def detail(handover_id: int, token: str):  # type: ignore[no-untyped-def]
    """Show the handover the link was issued for, with the answers the contact person can give."""
    return _page(handover_id, token)


@bp.post("/<token>/seen")
def seen(handover_id: int, token: str):  # type: ignore[no-untyped-def]
    """Mark the handover as seen."""
    _handover, who = _open(handover_id, token)
    if PlainForm().validate_on_submit():
        handover_service.mark_seen(db.session, who, handover_id)
        flash(_("Marked as seen. The counsellor can see this."), "success")
    return _back(handover_id, token)


@bp.post("/<token>/accept")
def accept(handover_id: int, token: str):  # type: ignore[no-untyped-def]
    """Accept the handover with a first appointment."""
    _handover, who = _open(handover_id, token)
    form = AcceptForm(prefix="accept")
    if form.validate_on_submit():
        appointment = handover_service.Appointment(
            day=form.day.data,
            at=form.at.data,
            place=form.place.data or "",
            ask_for=form.ask_for.data or "",
        )
        try:
            handover_service.accept(db.session, settings(), who, handover_id, appointment)
        except ValidationFailed as exc:
            attach_errors(form, exc.errors)
        else:
            flash(_("Accepted. The counsellor is told about the appointment."), "success")
            return _back(handover_id, token)
    return _page(handover_id, token, {"accept": form}, 422)


@bp.post("/<token>/decline")
def decline(handover_id: int, token: str):  # type: ignore[no-untyped-def]
    """Decline the handover with a reason."""
    _handover, who = _open(handover_id, token)
    form = _decline_form()
    if form.validate_on_submit():
        try:
            handover_service.decline(
                db.session, settings(), who, handover_id, form.reason.data or "", form.text.data or ""
            )
        except ValidationFailed as exc:
            attach_errors(form, exc.errors)
        else:
            flash(_("Declined. The counsellor is told."), "success")
            # The handover is closed now, and so is the link: say so once, kindly.
            return render_template("handovers/link_problem.html", problem="done")
    return _page(handover_id, token, {"decline": form}, 422)


@bp.post("/<token>/question")
def question(handover_id: int, token: str):  # type: ignore[no-untyped-def]
    """Ask the counsellor a question (or answer theirs)."""
    _handover, who = _open(handover_id, token)
    form = QuestionForm(prefix="question")
    if form.validate_on_submit():
        try:
            handover_service.ask_question(
                db.session, settings(), who, handover_id, form.text.data or ""
            )
        except ValidationFailed as exc:
            attach_errors(form, exc.errors)
        else:
            flash(_("Your question is sent to the counsellor."), "success")
            return _back(handover_id, token)
    return _page(handover_id, token, {"question": form}, 422)


@bp.post("/<token>/start")
def start(handover_id: int, token: str):  # type: ignore[no-untyped-def]
    """Record that the newcomer has started."""
    _handover, who = _open(handover_id, token)
    if PlainForm().validate_on_submit():
        handover_service.mark_started(db.session, who, handover_id)
        flash(_("Saved: the newcomer has started."), "success")
    return _back(handover_id, token)


@bp.post("/<token>/outcome")
def outcome(handover_id: int, token: str):  # type: ignore[no-untyped-def]
    """Record that the newcomer attended, did not show up or stopped, with the date."""
    handover, who = _open(handover_id, token)
    form = outcome_form(handover_service.allowed_actions(db.session, who, handover))
    if form.validate_on_submit():
        try:
            handover_service.record_outcome(
                db.session, settings(), who, handover_id, form.outcome.data or "", form.day.data
            )
        except ValidationFailed as exc:
            attach_errors(form, exc.errors)
        else:
            flash(_("Saved. The counsellor is told."), "success")
            return _back(handover_id, token)
    return _page(handover_id, token, {"outcome": form}, 422)


@bp.get("/<token>/appointment.ics")
def appointment(handover_id: int, token: str):  # type: ignore[no-untyped-def]
    """Download the first appointment as a calendar file."""
    _handover, who = _open(handover_id, token)
    return ics_response(*handover_service.appointment_file(db.session, who, handover_id))
