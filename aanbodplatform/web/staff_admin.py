"""Staff administration for platform admins: accounts, organisations and moderation areas.

Every change goes through `services.staff` (audited); the CLI (`flask users …`) keeps working.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from aanbodplatform.digits import gettext as _
from aanbodplatform.extensions import db
from aanbodplatform.i18n import LOCALES
from aanbodplatform.models import ROLES
from aanbodplatform.services import organisations as orgs
from aanbodplatform.services import staff
from aanbodplatform.services.authz import PermissionDenied
from aanbodplatform.services.regions import municipalities, regions
from aanbodplatform.web.domain_errors import install_error_handlers
from aanbodplatform.web.guard import actor, login_required, settings
from aanbodplatform.web.labels import role_label

bp = Blueprint("staff_admin", __name__, url_prefix="/<lang>/admin")
install_error_handlers(bp)


@bp.before_request
def _admins_only():  # type: ignore[no-untyped-def]
    user = actor()
    if user is not None and user.role != "admin":
        raise PermissionDenied("admins only")
    return None


def _role_choices() -> list[SelectChoice]:
    return [SelectChoice(role, role_label(role)) for role in staff.STAFF_ROLES]


def _locale_choices() -> list[SelectChoice]:
    return [SelectChoice(loc.tag, loc.autonym, render_kw={"lang": loc.tag}) for loc in LOCALES]


class RoleForm(FlaskForm):
    """A staff member's role with its office and region, or its moderation area."""

    role = SelectField(_l("Role"), choices=_role_choices, validate_choice=False)
    office = StringField(
        _l("Office"),
        description=_l("For counsellors and guides."),
        validators=[Optional(), Length(max=120)],
    )
    region = StringField(
        _l("Region"),
        description=_l("Start typing the name; for counsellors and guides."),
        render_kw={"list": "region-names", "autocomplete": "off"},
    )
    coordinator = BooleanField(_l("Coordinator of the office (sees the office's clients)"))
    scope_municipality = StringField(
        _l("Moderation area: municipality"),
        description=_l("Start typing the name; for moderators."),
        render_kw={"list": "municipality-names", "autocomplete": "off"},
    )
    scope_region = StringField(
        _l("Moderation area: region"),
        description=_l("Start typing the name; for moderators."),
        render_kw={"list": "region-names", "autocomplete": "off"},
    )


class NewStaffForm(RoleForm):
    """A new staff account."""

    email = EmailField(
        _l("Email address"),
        validators=[DataRequired(message=_l("Enter an email address.")), Length(max=254)],
    )
    display_name = StringField(
        _l("Name"), validators=[DataRequired(message=_l("Enter the name.")), Length(max=120)]
    )
    locale = SelectField(_l("Language for emails"), choices=_locale_choices, default="nl")


class PlainForm(FlaskForm):
    """Only the CSRF token."""


def _names() -> dict[str, Any]:
    return {
        "municipality_names": sorted(info.name_nl for info in municipalities().values()),
        "region_names": list(regions().values()),
    }


def _area(form: RoleForm) -> dict[str, Any]:
    """Turn the names typed in the form into codes; unknown names become field errors."""
    values: dict[str, Any] = {
        "role": form.role.data or "",
        "office": form.office.data or None,
        "coordinator": bool(form.coordinator.data),
        "region_code": None,
        "scope_municipalities": [],
        "scope_regions": [],
    }
    ok = True
    for field, key, lookup, many in (
        (form.region, "region_code", staff.region_code_for, False),
        (form.scope_region, "scope_regions", staff.region_code_for, True),
        (form.scope_municipality, "scope_municipalities", staff.municipality_code, True),
    ):
        text = (field.data or "").strip()
        if not text:
            continue
        code = lookup(text)
        if code is None:
            field.errors = [*field.errors, _("Choose a name from the suggestions.")]
            ok = False
        elif many:
            values[key] = [code]
        else:
            values[key] = code
    return values if ok else {}


def _staff_error(form: FlaskForm, exc: staff.StaffAccountError) -> None:
    # The service names the field before the colon; the message is for the admin's eyes.
    field, _sep, _rest = str(exc).partition(":")
    messages = {
        "email": _("This address is not valid or already has an account."),
        "role": _("Choose a role from the list."),
        "name": _("Enter the name."),
        "office/region": _("A counsellor or guide needs an office and a region."),
        "region": _("Choose a name from the suggestions."),
        "scope": _("A moderator needs a municipality or a region."),
        "municipality": _("Choose a name from the suggestions."),
        "self": _("You cannot do this to your own account."),
        "inactive": _("Enable the account first."),
        "locale": _("Choose a language from the list."),
    }
    target = {"office/region": "office", "scope": "scope_municipality", "name": "display_name"}.get(
        field, field
    )
    message = messages.get(field, _("This is not possible."))
    if hasattr(form, target):
        bound = getattr(form, target)
        bound.errors = [*bound.errors, message]
    else:
        flash(message, "error")


@bp.get("/")
@login_required
def index():  # type: ignore[no-untyped-def]
    """Start at the list of accounts."""
    return redirect(url_for("staff_admin.users"))


@bp.get("/users")
@login_required
def users():  # type: ignore[no-untyped-def]
    """Search accounts by name or address and filter them by role."""
    text = (request.args.get("q") or "")[:100]
    role = request.args.get("role") or None
    if role not in ROLES:
        role = None
    found = staff.find_users(db.session, actor(), text=text, role=role)
    return render_template(
        "admin/users.html", users=found, q=text, role=role, roles=ROLES, plain_form=PlainForm()
    )


@bp.route("/users/new", methods=["GET", "POST"])
@login_required
def new_user():  # type: ignore[no-untyped-def]
    """Create a staff account; the person gets a welcome mail with a 7-day link."""
    form = NewStaffForm()
    if form.validate_on_submit():
        area = _area(form)
        if area:
            try:
                user = staff.create_staff_account(
                    db.session,
                    settings(),
                    actor(),
                    staff.StaffAccount(
                        email=form.email.data or "",
                        display_name=form.display_name.data or "",
                        locale=form.locale.data or "nl",
                        **area,
                    ),
                )
            except staff.StaffAccountError as exc:
                db.session.rollback()
                _staff_error(form, exc)
            else:
                flash(_("The account is made. %(name)s gets a welcome mail.", name=user.display_name), "success")
                return redirect(url_for("staff_admin.user", user_id=user.id))
    status = 422 if form.errors else 200
    return render_template("admin/user_new.html", form=form, **_names()), status


def _user_page(user_id: int, form: RoleForm | None = None, status: int = 200):  # type: ignore[no-untyped-def]
    user = staff.get_user(db.session, actor(), user_id)
    if form is None:
        scopes = user.moderator_scopes
        form = RoleForm(
            data={
                "role": user.role,
                "office": user.office or "",
                "region": regions().get(user.region_code or "", ""),
                "coordinator": user.is_coordinator,
                "scope_municipality": next(
                    (municipalities()[s.municipality_nis].name_nl for s in scopes
                     if s.municipality_nis in municipalities()),
                    "",
                ),
                "scope_region": next(
                    (regions()[s.region_code] for s in scopes if s.region_code in regions()), ""
                ),
            }
        )
    return (
        render_template(
            "admin/user.html", user=user, form=form, plain_form=PlainForm(),
            is_staff=user.role in staff.STAFF_ROLES, **_names(),
        ),
        status,
    )


@bp.get("/users/<int:user_id>")
@login_required
def user(user_id: int):  # type: ignore[no-untyped-def]
    """Show one account with its role, area, memberships and the actions."""
    return _user_page(user_id)


@bp.post("/users/<int:user_id>/role")
@login_required
def change_role(user_id: int):  # type: ignore[no-untyped-def]
    """Change the role and its office, region or moderation area."""
    form = RoleForm()
    if form.validate_on_submit():
        area = _area(form)
        if area:
            try:
                staff.change_role(db.session, actor(), user_id, **area)
            except staff.StaffAccountError as exc:
                db.session.rollback()
                _staff_error(form, exc)
            else:
                flash(_("The role is saved."), "success")
                return redirect(url_for("staff_admin.user", user_id=user_id))
    return _user_page(user_id, form, 422)


def _simple(user_id: int, action: Any, done: str):  # type: ignore[no-untyped-def]
    try:
        action()
    except staff.StaffAccountError as exc:
        db.session.rollback()
        _staff_error(PlainForm(), exc)
    else:
        flash(done, "success")
    return redirect(url_for("staff_admin.user", user_id=user_id))


@bp.post("/users/<int:user_id>/disable")
@login_required
def disable(user_id: int):  # type: ignore[no-untyped-def]
    """Disable an account: the person can no longer sign in."""
    return _simple(
        user_id,
        lambda: staff.set_active(db.session, actor(), user_id, False),
        _("The account is disabled."),
    )


@bp.post("/users/<int:user_id>/enable")
@login_required
def enable(user_id: int):  # type: ignore[no-untyped-def]
    """Enable an account again."""
    return _simple(
        user_id,
        lambda: staff.set_active(db.session, actor(), user_id, True),
        _("The account is enabled again."),
    )


@bp.post("/users/<int:user_id>/invite")
@login_required
def invite(user_id: int):  # type: ignore[no-untyped-def]
    """Send the welcome mail again with a fresh link."""
    return _simple(
        user_id,
        lambda: staff.resend_invitation(db.session, settings(), actor(), user_id),
        _("The welcome mail is sent again."),
    )


@bp.get("/organisations")
@login_required
def organisations():  # type: ignore[no-untyped-def]
    """Search organisations; see their members and open requests to join."""
    text = (request.args.get("q") or "")[:100]
    found = orgs.find_organisations(db.session, text, limit=50) if text else []
    return render_template("admin/organisations.html", organisations=found, q=text)


@bp.get("/scopes")
@login_required
def scopes():  # type: ignore[no-untyped-def]
    """Show every moderator's area at a glance."""
    return render_template(
        "admin/scopes.html",
        moderators=staff.moderator_scopes(db.session, actor()),
        municipalities=municipalities(),
        regions=regions(),
    )


# --- the open data file, built by a background job -----------------------------------------


def _export_dir() -> Any:
    from aanbodplatform.services.export_jobs import export_folder

    return export_folder(settings().instance_path)


@bp.route("/exports", methods=["GET", "POST"])
@login_required
def exports():  # type: ignore[no-untyped-def]
    """Offer to prepare the open data file; the worker builds it, the page follows it."""
    from aanbodplatform.jobs import export_job
    from aanbodplatform.services.export_jobs import start_export

    form = PlainForm()
    if request.method == "POST" and form.validate_on_submit():
        token = start_export(db.session, _export_dir(), actor())
        export_job(token)
        return redirect(url_for("staff_admin.export", token=token))
    return render_template("admin/exports.html", job=None, plain_form=form)


@bp.get("/exports/<token>")
@login_required
def export(token: str):  # type: ignore[no-untyped-def]
    """Show how far an export is, then its download link."""
    from aanbodplatform.services.export_jobs import read_export

    job = read_export(_export_dir(), actor(), token)
    return render_template("admin/exports.html", job=job, plain_form=PlainForm())


@bp.get("/exports/<token>/status")
@login_required
def export_status(token: str):  # type: ignore[no-untyped-def]
    """Answer how far an export is, as JSON, for the page's progress bar."""
    from aanbodplatform.services.export_jobs import read_export

    job = read_export(_export_dir(), actor(), token)
    return {"state": job.state, "done": job.done, "total": job.total}


@bp.get("/exports/<token>/download")
@login_required
def export_download(token: str):  # type: ignore[no-untyped-def]
    """Send the finished open data file."""
    from flask import send_file

    from aanbodplatform.services.export_jobs import export_file

    path = export_file(_export_dir(), actor(), token)
    return send_file(
        path, mimetype="application/json", as_attachment=True,
        download_name="aanbod-hsds-services.json",
    )
