"""The organisation's side of warm handovers: the inbox and the answers (seen, accept, decline, ask)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, StringField, TextAreaField, TimeField
from wtforms.validators import DataRequired, Length, Optional

from aanbodplatform.digits import gettext as _
from aanbodplatform.extensions import db
from aanbodplatform.models import User
from aanbodplatform.services import handovers as handover_service
from aanbodplatform.services.authz import ValidationFailed
from aanbodplatform.web import handover_presenters as hp
from aanbodplatform.web.domain_errors import install_error_handlers
from aanbodplatform.web.form_errors import attach_errors
from aanbodplatform.web.guard import actor, login_required, settings

bp = Blueprint("handover_inbox", __name__, url_prefix="/<lang>/handovers")
install_error_handlers(bp)
# The two-language helpers and handover words are template globals (emails use them too).
bp.record_once(lambda state: hp.init_templates(state.app))


@bp.after_request
def _no_store(response: Response) -> Response:
    # Handovers hold personal data: never keep them in shared caches.
    response.headers["Cache-Control"] = "no-store"
    return response


class AcceptForm(FlaskForm):
    """Accept with a first appointment: when, where and whom to ask for."""

    day = DateField(
        _l("Date"),
        validators=[DataRequired(message=_l("Enter the date of the first appointment."))],
    )
    at = TimeField(
        _l("Time"),
        validators=[DataRequired(message=_l("Enter the time of the first appointment."))],
    )
    place = StringField(
        _l("Place"),
        description=_l("The address, and where to go in the building."),
        validators=[DataRequired(message=_l("Enter where the person should go.")), Length(max=300)],
        render_kw={"maxlength": 300},
    )
    ask_for = StringField(
        _l("Ask for"),
        description=_l("The name of the person who welcomes the newcomer."),
        validators=[
            DataRequired(message=_l("Enter whom the person should ask for.")),
            Length(max=120),
        ],
        render_kw={"maxlength": 120},
    )


class DeclineForm(FlaskForm):
    """Decline with a reason from the list and a few words."""

    reason = RadioField(
        _l("Reason"),
        validators=[DataRequired(message=_l("Choose a reason from the list."))],
        validate_choice=False,
    )
    text = TextAreaField(
        _l("Explanation"),
        description=_l("Required when you choose another reason."),
        validators=[Optional(), Length(max=2000)],
        render_kw={"maxlength": 2000, "rows": 3},
    )


class QuestionForm(FlaskForm):
    """Ask the counsellor a question."""

    text = TextAreaField(
        _l("Your question"),
        validators=[DataRequired(message=_l("Write your question.")), Length(max=2000)],
        render_kw={"maxlength": 2000, "rows": 3},
    )


class PlainForm(FlaskForm):
    """A form with only the CSRF token (one-click actions)."""


class OutcomeForm(FlaskForm):
    """After the start: the newcomer attended, did not show up or stopped, on a date."""

    outcome = RadioField(
        _l("What happened?"),
        validators=[DataRequired(message=_l("Choose what happened from the list."))],
        validate_choice=False,
    )
    day = DateField(_l("Date"), validators=[DataRequired(message=_l("Enter the date."))])


OUTCOME_LABELS = {
    "attend": _l("The newcomer takes part"),
    "no_show": _l("The newcomer did not show up"),
    "stop": _l("The newcomer stopped"),
}


def outcome_form(actions: list[str], **kwargs: Any) -> OutcomeForm:
    """Return the outcome form offering only the outcomes allowed now."""
    form = OutcomeForm(prefix="outcome", **kwargs)
    form.outcome.choices = [(a, str(label)) for a, label in OUTCOME_LABELS.items() if a in actions]
    return form


def forms_for(actions: list[str], forms: dict[str, FlaskForm] | None = None) -> dict[str, FlaskForm]:
    """Return the answer forms of a handover page (the posted one keeps its errors)."""
    return {
        "accept": AcceptForm(prefix="accept"),
        "decline": _decline_form(),
        "question": QuestionForm(prefix="question"),
        "outcome": outcome_form(actions),
        **(forms or {}),
    }


def _decline_form(**kwargs: Any) -> DeclineForm:
    form = DeclineForm(prefix="decline", **kwargs)
    form.reason.choices = [
        (r, hp.decline_reason_label(r)) for r in handover_service.DECLINE_REASONS
    ]
    return form


@bp.get("/")
@login_required
def inbox():  # type: ignore[no-untyped-def]
    """List the handovers sent to the user's organisations, newest first, with counts."""
    status = request.args.get("status") or None
    if status not in handover_service.STATUS_LABELS:
        status = None
    found = handover_service.organisation_inbox(db.session, actor(), status=status)
    return render_template("handovers/inbox.html", inbox=found, status=status)


def _detail(handover_id: int, forms: dict[str, FlaskForm] | None = None, status: int = 200):  # type: ignore[no-untyped-def]
    handover = handover_service.get_handover(db.session, actor(), handover_id)
    counsellor = db.session.get(User, handover.counsellor_id)
    actions = handover_service.allowed_actions(db.session, actor(), handover)
    return (
        render_template(
            "handovers/detail.html",
            handover=handover,
            counsellor=counsellor,
            actions=actions,
            forms=forms_for(actions, forms),
            plain_form=PlainForm(),
            hide_personal=handover_service.hides_personal_data(db.session, actor(), handover),
            answer_bp="handover_inbox",
            link_args={},
            ics_url=url_for("handover_inbox.appointment", handover_id=handover.id),
        ),
        status,
    )


@bp.get("/<int:handover_id>")
@login_required
def detail(handover_id: int):  # type: ignore[no-untyped-def]
    """Show one handover with what the counsellor shared, its history and the answers."""
    return _detail(handover_id)


@bp.post("/<int:handover_id>/seen")
@login_required
def seen(handover_id: int):  # type: ignore[no-untyped-def]
    """Mark the handover as seen."""
    if PlainForm().validate_on_submit():
        handover_service.mark_seen(db.session, actor(), handover_id)
        flash(_("Marked as seen. The counsellor can see this."), "success")
    return redirect(url_for("handover_inbox.detail", handover_id=handover_id))


@bp.post("/<int:handover_id>/accept")
@login_required
def accept(handover_id: int):  # type: ignore[no-untyped-def]
    """Accept the handover with a first appointment."""
    form = AcceptForm(prefix="accept")
    if form.validate_on_submit():
        appointment = handover_service.Appointment(
            day=form.day.data,
            at=form.at.data,
            place=form.place.data or "",
            ask_for=form.ask_for.data or "",
        )
        try:
            handover_service.accept(db.session, settings(), actor(), handover_id, appointment)
        except ValidationFailed as exc:
            attach_errors(form, exc.errors)
        else:
            flash(_("Accepted. The counsellor is told about the appointment."), "success")
            return redirect(url_for("handover_inbox.detail", handover_id=handover_id))
    return _detail(handover_id, {"accept": form}, 422)


@bp.post("/<int:handover_id>/decline")
@login_required
def decline(handover_id: int):  # type: ignore[no-untyped-def]
    """Decline the handover with a reason."""
    form = _decline_form()
    if form.validate_on_submit():
        try:
            handover_service.decline(
                db.session,
                settings(),
                actor(),
                handover_id,
                form.reason.data or "",
                form.text.data or "",
            )
        except ValidationFailed as exc:
            attach_errors(form, exc.errors)
        else:
            flash(_("Declined. The counsellor is told."), "success")
            return redirect(url_for("handover_inbox.detail", handover_id=handover_id))
    return _detail(handover_id, {"decline": form}, 422)


@bp.post("/<int:handover_id>/question")
@login_required
def question(handover_id: int):  # type: ignore[no-untyped-def]
    """Ask the counsellor a question."""
    form = QuestionForm(prefix="question")
    if form.validate_on_submit():
        try:
            handover_service.ask_question(
                db.session, settings(), actor(), handover_id, form.text.data or ""
            )
        except ValidationFailed as exc:
            attach_errors(form, exc.errors)
        else:
            flash(_("Your question is sent to the counsellor."), "success")
            return redirect(url_for("handover_inbox.detail", handover_id=handover_id))
    return _detail(handover_id, {"question": form}, 422)


@bp.post("/<int:handover_id>/start")
@login_required
def start(handover_id: int):  # type: ignore[no-untyped-def]
    """Record that the newcomer has started."""
    if PlainForm().validate_on_submit():
        handover_service.mark_started(db.session, actor(), handover_id)
        flash(_("Saved: the newcomer has started."), "success")
    return redirect(url_for("handover_inbox.detail", handover_id=handover_id))


@bp.post("/<int:handover_id>/outcome")
@login_required
def outcome(handover_id: int):  # type: ignore[no-untyped-def]
    """Record that the newcomer attended, did not show up or stopped, with the date."""
    handover = handover_service.get_handover(db.session, actor(), handover_id)
    form = outcome_form(handover_service.allowed_actions(db.session, actor(), handover))
    if form.validate_on_submit():
        try:
            handover_service.record_outcome(
                db.session, settings(), actor(), handover_id, form.outcome.data or "", form.day.data
            )
        except ValidationFailed as exc:
            attach_errors(form, exc.errors)
        else:
            flash(_("Saved. The counsellor is told."), "success")
            return redirect(url_for("handover_inbox.detail", handover_id=handover_id))
    return _detail(handover_id, {"outcome": form}, 422)


def ics_response(filename: str, data: bytes) -> Response:
    """Return an .ics file as a download."""
    response = Response(data, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.get("/<int:handover_id>/appointment.ics")
@login_required
def appointment(handover_id: int):  # type: ignore[no-untyped-def]
    """Download the first appointment as a calendar file."""
    return ics_response(*handover_service.appointment_file(db.session, actor(), handover_id))
