"""Organisations: create one, ask to join, members and invitations, the dashboard and the CSV import."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import EmailField, HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from aanbodplatform.digits import gettext as _
from aanbodplatform.extensions import db
from aanbodplatform.inputs import ascii_int
from aanbodplatform.services import organisations as orgs
from aanbodplatform.services.authz import (
    ValidationFailed,
    is_org_admin,
    require_org_admin,
    require_organisation_account,
)
from aanbodplatform.services.freshness import is_stale
from aanbodplatform.services.reports import resolve_report
from aanbodplatform.web.domain_errors import install_error_handlers
from aanbodplatform.web.form_errors import attach_errors
from aanbodplatform.web.guard import actor, back_or, login_required, settings

bp = Blueprint("organisation", __name__, url_prefix="/<lang>/organisations")
install_error_handlers(bp)



class OrganisationForm(FlaskForm):
    """Create an organisation."""

    name = StringField(
        _l("Name of the organisation"),
        validators=[
            DataRequired(message=_l("Enter the name of the organisation.")),
            Length(max=200),
        ],
        render_kw={"maxlength": 200},
    )
    kbo_number = StringField(
        _l("Enterprise number (KBO)"),
        description=_l("Optional. 10 digits, like 0403.170.701."),
        validators=[Length(max=20)],
    )
    street = StringField(
        _l("Street and number"), validators=[Length(max=200)], render_kw={"maxlength": 200}
    )
    postcode = StringField(
        _l("Postcode"),
        validators=[Length(max=4)],
        render_kw={"inputmode": "numeric", "autocomplete": "postal-code"},
    )
    municipality = StringField(_l("Municipality"), validators=[Length(max=120)])
    website = StringField(
        _l("Website"),
        description=_l("Optional. Starts with https://."),
        validators=[Length(max=300)],
    )
    phone = StringField(_l("Phone"), validators=[Length(max=40)], render_kw={"autocomplete": "tel"})
    email = EmailField(_l("General email address"), validators=[Length(max=254)])
    description = TextAreaField(
        _l("Short description"),
        description=_l("What does your organisation do? Write in Dutch."),
        validators=[Length(max=1000)],
        render_kw={"maxlength": 1000, "rows": 4},
    )


class InviteForm(FlaskForm):
    """Invite a colleague by email."""

    email = EmailField(
        _l("Email address of your colleague"),
        validators=[DataRequired(message=_l("Enter an email address."))],
    )


class JoinForm(FlaskForm):
    """Ask to join an organisation."""

    organisation_id = HiddenField()


class ImportForm(FlaskForm):
    """Upload a CSV file with offers."""

    file = FileField(
        _l("CSV file"),
        description=_l("Comma-separated, UTF-8, in the format of the import guide."),
        validators=[
            FileRequired(message=_l("Choose a file.")),
            FileAllowed(["csv"], message=_l("Choose a .csv file.")),
        ],
    )


class ConfirmImportForm(FlaskForm):
    """Confirm an import that was checked."""

    upload = HiddenField()


def _input(form: OrganisationForm) -> orgs.OrganisationInput:
    return orgs.OrganisationInput(
        name=form.name.data or "",
        kbo_number=form.kbo_number.data or "",
        street=form.street.data or "",
        postcode=form.postcode.data or "",
        municipality=form.municipality.data or "",
        website=form.website.data or "",
        phone=form.phone.data or "",
        email=form.email.data or "",
        description=form.description.data or "",
    )


@bp.get("/")
@login_required
def index():  # type: ignore[no-untyped-def]
    """List the user's organisations, requests and invitations."""
    memberships = orgs.my_memberships(db.session, actor())
    return render_template("organisation/index.html", memberships=memberships)


@bp.route("/new", methods=["GET", "POST"])
@login_required
def create():  # type: ignore[no-untyped-def]
    """Create an organisation; the creator becomes its first admin."""
    user = require_organisation_account(actor())
    form = OrganisationForm()
    if form.validate_on_submit():
        try:
            org = orgs.create_organisation(
                db.session, user, _input(form), orgs.make_geocoder(settings())
            )
        except ValidationFailed as exc:
            attach_errors(form, exc.errors)
        else:
            flash(_("The organisation is created. You are its administrator."), "success")
            return redirect(url_for("organisation.dashboard", org_id=org.id))
    return render_template("organisation/new.html", form=form), 422 if form.errors else 200


@bp.route("/join", methods=["GET", "POST"])
@login_required
def join():  # type: ignore[no-untyped-def]
    """Find an organisation by name and ask to join it."""
    require_organisation_account(actor())
    form = JoinForm()
    if form.validate_on_submit():
        org_id = ascii_int(form.organisation_id.data) or 0
        orgs.request_to_join(db.session, settings(), actor(), org_id)
        flash(
            _("Your request is sent. An administrator of the organisation will answer it."),
            "success",
        )
        return redirect(url_for("organisation.index"))
    text = request.args.get("q", "")[:100]
    found = orgs.find_organisations(db.session, text) if text else []
    return render_template("organisation/join.html", form=form, q=text, found=found)


@bp.get("/<int:org_id>/")
@login_required
def dashboard(org_id: int):  # type: ignore[no-untyped-def]
    """Show the organisation's offers with moderator comments and reports, and its members."""
    board = orgs.dashboard(db.session, actor(), org_id)
    return render_template(
        "organisation/dashboard.html",
        board=board,
        invite_form=InviteForm(),
        is_stale=is_stale,
        kbo=orgs.format_kbo,
    )


@bp.post("/<int:org_id>/members/invite")
@login_required
def invite(org_id: int):  # type: ignore[no-untyped-def]
    """Invite a colleague by email (organisation admins)."""
    form = InviteForm()
    require_org_admin(actor(), org_id)
    if form.validate_on_submit():
        try:
            orgs.invite_member(db.session, settings(), actor(), org_id, form.email.data or "")
        except ValidationFailed as exc:
            for message in exc.errors.values():
                flash(message, "error")
        else:
            flash(_("The invitation is sent to %(email)s.", email=form.email.data), "success")
    else:
        flash(_("Enter an email address."), "error")
    return redirect(url_for("organisation.dashboard", org_id=org_id) + "#members")


def _after_decision(org_id: int):  # type: ignore[no-untyped-def]
    if is_org_admin(actor(), org_id):
        return redirect(url_for("organisation.dashboard", org_id=org_id) + "#members")
    return redirect(url_for("organisation.requests", org_id=org_id))


@bp.get("/<int:org_id>/requests")
@login_required
def requests(org_id: int):  # type: ignore[no-untyped-def]
    """List the open requests to join, for whoever decides them (admins, else staff)."""
    org, pending = orgs.pending_requests(db.session, actor(), org_id)
    return render_template("organisation/requests.html", org=org, pending=pending)


@bp.post("/<int:org_id>/members/<int:membership_id>/approve")
@login_required
def approve(org_id: int, membership_id: int):  # type: ignore[no-untyped-def]
    """Accept a request to join; the requester is told."""
    # CSRF is checked for every POST by CSRFProtect.
    orgs.approve_member(db.session, actor(), org_id, membership_id, settings())
    flash(_("The request is accepted. The person is told."), "success")
    return _after_decision(org_id)


@bp.post("/<int:org_id>/members/<int:membership_id>/refuse")
@login_required
def refuse(org_id: int, membership_id: int):  # type: ignore[no-untyped-def]
    """Refuse a request to join; the requester is told."""
    orgs.refuse_request(db.session, settings(), actor(), org_id, membership_id)
    flash(_("The request is refused. The person is told."), "success")
    return _after_decision(org_id)


@bp.post("/<int:org_id>/members/<int:membership_id>/handovers")
@login_required
def handover_recipient(org_id: int, membership_id: int):  # type: ignore[no-untyped-def]
    """Choose whether a member gets the handover emails (organisation admins)."""
    receives = request.form.get("receives") == "1"
    orgs.set_handover_recipient(db.session, actor(), org_id, membership_id, receives)
    flash(_("Saved who gets the handover emails."), "success")
    return redirect(url_for("organisation.dashboard", org_id=org_id) + "#members")


@bp.post("/<int:org_id>/members/<int:membership_id>/remove")
@login_required
def remove(org_id: int, membership_id: int):  # type: ignore[no-untyped-def]
    """Remove a member, refuse a request or withdraw an invitation (organisation admins)."""
    orgs.remove_member(db.session, actor(), org_id, membership_id)
    flash(_("The person is removed from the organisation."), "success")
    return redirect(url_for("organisation.dashboard", org_id=org_id) + "#members")


@bp.route("/invitations/<token>", methods=["GET", "POST"])
@login_required
def accept_invitation(token: str):  # type: ignore[no-untyped-def]
    """Join an organisation from an emailed invitation (for the invited address only)."""
    if request.method == "POST":
        JoinForm().validate_on_submit()
        org = orgs.accept_invitation(db.session, settings(), actor(), token)
        flash(_("You are now a member of %(organisation)s.", organisation=org.name), "success")
        return redirect(url_for("organisation.dashboard", org_id=org.id))
    return render_template("organisation/invitation.html", form=JoinForm())


@bp.post("/invitations/<int:membership_id>/accept")
@login_required
def accept_pending(membership_id: int):  # type: ignore[no-untyped-def]
    """Accept an invitation listed on the user's page."""
    org = orgs.accept_pending_invitation(db.session, actor(), membership_id)
    flash(_("You are now a member of %(organisation)s.", organisation=org.name), "success")
    return redirect(url_for("organisation.dashboard", org_id=org.id))


@bp.post("/<int:org_id>/reports/<int:report_id>/resolve")
@login_required
def resolve(org_id: int, report_id: int):  # type: ignore[no-untyped-def]
    """Mark a report on one of the organisation's offers as dealt with."""
    orgs.get_organisation(db.session, actor(), org_id)
    resolve_report(db.session, actor(), report_id)
    flash(_("The report is marked as dealt with."), "success")
    return back_or("organisation.dashboard", org_id=org_id)


# --- CSV import ----------------------------------------------------------------------------


def _upload_dir() -> Path:
    from aanbodplatform.services.import_jobs import upload_folder

    return upload_folder(settings().instance_path)


@bp.route("/<int:org_id>/import", methods=["GET", "POST"])
@login_required
def import_offers(org_id: int):  # type: ignore[no-untyped-def]
    """Upload a CSV file; a background job checks it row by row (nothing is saved yet)."""
    from aanbodplatform.jobs import import_job
    from aanbodplatform.services.import_jobs import store_upload

    org = orgs.get_organisation(db.session, actor(), org_id)
    form = ImportForm()
    if form.validate_on_submit():
        upload = form.file.data
        upload.stream.seek(0, 2)
        size = upload.stream.tell()
        upload.stream.seek(0)
        try:
            token = store_upload(_upload_dir(), actor(), org.id, upload.save, size)
        except ValidationFailed as exc:
            attach_errors(form, exc.errors)
        else:
            user = actor()
            assert user is not None
            import_job(user.id, org.id, token)
            return redirect(url_for("organisation.import_job", org_id=org.id, token=token))
    return render_template(
        "organisation/import.html", organisation=org, form=form
    ), 422 if form.errors else 200


@bp.get("/<int:org_id>/import/<token>")
@login_required
def import_job(org_id: int, token: str):  # type: ignore[no-untyped-def]
    """Show how far the check or import of a file is, then its result row by row."""
    from aanbodplatform.services.import_jobs import read_job

    org = orgs.get_organisation(db.session, actor(), org_id)
    job = read_job(_upload_dir(), actor(), org.id, token)
    if job.finished and job.report is not None and job.kind == "check":
        return render_template(
            "organisation/import_report.html",
            organisation=org,
            report=job.report,
            confirm_form=ConfirmImportForm(upload=token),
            problem_text=problem_text,
        )
    return render_template("organisation/import_job.html", organisation=org, job=job)


@bp.get("/<int:org_id>/import/<token>/status")
@login_required
def import_job_status(org_id: int, token: str):  # type: ignore[no-untyped-def]
    """Answer how far a job is, as JSON, for the page's progress bar."""
    from aanbodplatform.services.import_jobs import read_job

    job = read_job(_upload_dir(), actor(), org_id, token)
    return {"state": job.state, "done": job.done, "total": job.total}


@bp.post("/<int:org_id>/import/confirm")
@login_required
def confirm_import(org_id: int):  # type: ignore[no-untyped-def]
    """Import a checked file in the background: its good rows become submitted offers."""
    from aanbodplatform.jobs import import_job as queue_import
    from aanbodplatform.services.import_jobs import queue_confirm

    org = orgs.get_organisation(db.session, actor(), org_id)
    form = ConfirmImportForm()
    if not form.validate_on_submit():
        return back_or("organisation.import_offers", org_id=org.id)
    token = form.upload.data or ""
    queue_confirm(_upload_dir(), actor(), org.id, token)
    user = actor()
    assert user is not None
    queue_import(user.id, org.id, token)
    return redirect(url_for("organisation.import_job", org_id=org.id, token=token))


def problem_text(problem: Any) -> str:
    """Return one import problem in the page language (English from the importer as a fallback)."""
    messages = {
        "empty_file": _l("The file is empty. The first line must name the columns."),
        "not_utf8": _l("The file is not UTF-8. Save it as “CSV UTF-8” and try again."),
        "wrong_delimiter": _l("The columns are separated by semicolons. Use commas."),
        "blank_column": _l("Column %(position)s of the first line has no name."),
        "duplicate_column": _l("The column %(column)s appears twice."),
        "unknown_locale": _l("The column %(column)s names an unknown language."),
        "unknown_columns": _l("Unknown columns: %(columns)s."),
        "missing_columns": _l("Missing columns: %(columns)s."),
        "malformed_csv": _l("This line cannot be read."),
        "wrong_field_count": _l("This line has %(found)s fields instead of %(expected)s."),
        "missing_value": _l("%(column)s is empty."),
        "unknown_value": _l("“%(value)s” is not a valid value for %(column)s."),
        "not_yes_no": _l("%(column)s must be yes or no."),
        "too_long": _l("%(column)s is too long: %(length)s characters, at most %(maximum)s."),
        "kbo_format": _l("The enterprise number has 10 digits and starts with 0 or 1."),
        "kbo_checksum": _l("The enterprise number is not valid (check the last two digits)."),
        "kbo_mismatch": _l("The enterprise number does not match the organisation."),
        "postcode_format": _l("A postcode has 4 digits."),
        "postcode_unknown": _l("The postcode %(value)s does not exist."),
        "postcode_outside_area": _l("The postcode %(value)s is outside Flanders and Brussels."),
        "municipality_mismatch": _l("The municipality does not match the postcode %(postcode)s."),
        "coordinate_pair": _l("Give both lat and lon, or neither."),
        "coordinate_not_number": _l("%(column)s is not a number."),
        "coordinate_outside_belgium": _l("The coordinates are outside Belgium."),
        "coordinate_far_from_postcode": _l("The coordinates are %(km)s km from the postcode."),
        "invalid_email": _l("“%(value)s” is not a valid email address."),
        "invalid_phone": _l("“%(value)s” is not a valid phone number."),
        "contact_without_name": _l("Give the name of the contact person."),
        "evidence_required": _l("%(column)s is required: explain the criterion."),
        "contact_required": _l("Give a contact person. This person signs the proof of participation."),
        "translation_incomplete": _l("A translation needs both a title and a summary."),
        "duplicate_row": _l("Same offer as on line %(other_line)s."),
        "duplicate_offer": _l("This offer already exists."),
        "database_error": _l("This line could not be saved."),
    }
    template = messages.get(getattr(problem, "code", ""))
    if template is None:
        return str(getattr(problem, "message", problem))
    try:
        return str(template) % dict(getattr(problem, "params", {}))
    except (KeyError, TypeError, ValueError):
        return str(template)
