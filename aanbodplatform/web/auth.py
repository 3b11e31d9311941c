"""Accounts: sign-up, email confirmation, sign-in (rate-limited), sign-out, password reset, profile."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_limiter.util import get_remote_address
from flask_login import login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length, Optional

from aanbodplatform.digits import gettext as _
from aanbodplatform.extensions import db, limiter, login_manager
from aanbodplatform.i18n import LOCALES
from aanbodplatform.inputs import ascii_int
from aanbodplatform.models import User
from aanbodplatform.services import accounts
from aanbodplatform.services.authz import ValidationFailed
from aanbodplatform.web.domain_errors import install_error_handlers
from aanbodplatform.web.form_errors import attach_errors
from aanbodplatform.web.guard import actor, login_required, safe_next, settings

bp = Blueprint("account", __name__, url_prefix="/<lang>/account")
install_error_handlers(bp)

#: Sign-in attempts per minute for one address from one network address.
SIGNIN_LIMIT = "5 per minute"
#: Sign-in attempts per minute from one network address, whatever the address typed
#: (stops trying one common password against many accounts).
SIGNIN_IP_LIMIT = "30 per minute"
#: Sign-up and reset requests per network address (each sends an email).
MAIL_LIMIT = "5 per minute;30 per day"


# --- Flask-Login wiring --------------------------------------------------------------------


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """Return the active user whose id and current session token the session holds."""
    user_id, _dot, token = session_id.partition(".")
    number = ascii_int(user_id)
    if number is None or not token:
        return None
    user = db.session.get(User, number)
    if user is None or not user.is_active or not user.holds_session(token):
        return None
    return user


@login_manager.unauthorized_handler
def unauthorized():  # type: ignore[no-untyped-def]
    """Send visitors to the sign-in page in their language, coming back afterwards."""
    flash(_("Sign in to open this page."), "info")
    target = request.full_path.rstrip("?") if request.method == "GET" else None
    lang = getattr(g, "locale_tag", "nl")
    return redirect(url_for("account.signin", lang=lang, next=safe_next(target)))


# --- forms ---------------------------------------------------------------------------------


def _locale_choices() -> list[SelectChoice]:
    return [SelectChoice(loc.tag, loc.autonym, render_kw={"lang": loc.tag}) for loc in LOCALES]


class SignUpForm(FlaskForm):
    """Create an account for an organisation."""

    display_name = StringField(
        _l("Your name"),
        validators=[
            DataRequired(message=_l("Enter your name.")),
            Length(max=120, message=_l("Use at most %(max)d characters.")),
        ],
    )
    email = EmailField(
        _l("Email address"),
        validators=[DataRequired(message=_l("Enter your email address.")), Length(max=254)],
    )
    password = PasswordField(
        _l("Password"),
        description=_l("At least 10 characters."),
        validators=[DataRequired(message=_l("Choose a password."))],
    )
    locale = SelectField(_l("Language for emails"), choices=_locale_choices)


class SignInForm(FlaskForm):
    """Sign in with an email address and a password."""

    email = EmailField(
        _l("Email address"), validators=[DataRequired(message=_l("Enter your email address."))]
    )
    password = PasswordField(
        _l("Password"), validators=[DataRequired(message=_l("Enter your password."))]
    )


class ResetRequestForm(FlaskForm):
    """Ask for a password reset link."""

    email = EmailField(
        _l("Email address"), validators=[DataRequired(message=_l("Enter your email address."))]
    )


class ResetForm(FlaskForm):
    """Choose a new password from a reset link."""

    password = PasswordField(
        _l("New password"),
        description=_l("At least 10 characters."),
        validators=[DataRequired(message=_l("Choose a password."))],
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[EqualTo("password", message=_l("The two passwords are not the same."))],
    )


class ProfileForm(FlaskForm):
    """Change the name and the language of emails."""

    display_name = StringField(
        _l("Your name"), validators=[DataRequired(message=_l("Enter your name.")), Length(max=120)]
    )
    locale = SelectField(_l("Language for emails"), choices=_locale_choices)
    moderation_mail = RadioField(
        _l("Mail about offers waiting for review"),
        choices=lambda: [
            SelectChoice("immediate", str(_l("At once, for each offer"))),
            SelectChoice("digest", str(_l("Once a day, a summary"))),
        ],
        default="immediate",
        validators=[Optional()],
    )


class PasswordForm(FlaskForm):
    """Change the password."""

    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired(message=_l("Enter your current password."))],
    )
    new_password = PasswordField(
        _l("New password"),
        description=_l("At least 10 characters."),
        validators=[DataRequired(message=_l("Choose a password."))],
    )


# --- rate-limit keys -----------------------------------------------------------------------


def _signin_key() -> str:
    # Per address and network: one attacker cannot lock out everyone behind a shared IP.
    email = accounts.normalise_email(request.form.get("email", ""))[:254]
    return f"signin|{get_remote_address()}|{email}"


# --- views ---------------------------------------------------------------------------------


@bp.route("/signup", methods=["GET", "POST"])
@limiter.limit(MAIL_LIMIT, methods=["POST"], key_func=lambda: f"signup|{get_remote_address()}")
def signup():  # type: ignore[no-untyped-def]
    """Create an account; the answer is the same whether the address is new or known."""
    form = SignUpForm(locale=g.locale_tag)
    if form.validate_on_submit():
        try:
            accounts.sign_up(
                db.session,
                settings(),
                email=form.email.data or "",
                password=form.password.data or "",
                display_name=form.display_name.data or "",
                locale=form.locale.data or g.locale_tag,
            )
        except ValidationFailed as exc:
            attach_errors(form, exc.errors)
        else:
            return render_template("account/check_email.html", email=form.email.data)
    return render_template("account/signup.html", form=form), 422 if form.errors else 200


@bp.get("/confirm/<token>")
def confirm(token: str):  # type: ignore[no-untyped-def]
    """Confirm an email address from the emailed link."""
    accounts.confirm_email(db.session, settings(), token)
    flash(_("Your email address is confirmed. You can sign in now."), "success")
    return redirect(url_for("account.signin"))


@bp.route("/signin", methods=["GET", "POST"])
@limiter.limit(SIGNIN_LIMIT, methods=["POST"], key_func=_signin_key)
@limiter.limit(SIGNIN_IP_LIMIT, methods=["POST"], key_func=lambda: f"signin-ip|{get_remote_address()}")
def signin():  # type: ignore[no-untyped-def]
    """Sign in; after too many attempts for one address the form is refused for a while."""
    form = SignInForm()
    message = None
    if form.validate_on_submit():
        result = accounts.authenticate(db.session, form.email.data or "", form.password.data or "")
        if result.user is not None:
            login_user(result.user)
            target = safe_next(request.args.get("next"))
            return redirect(target or url_for("account.home"))
        if result.reason == "unconfirmed":
            user = accounts.find_by_email(db.session, form.email.data or "")
            if user is not None:
                accounts.send_confirmation(settings(), user)
            message = _("Confirm your email address first. We sent you a new link.")
        else:
            message = _("The email address or the password is not right.")
    status = 422 if (form.errors or message) else 200
    return render_template("account/signin.html", form=form, message=message), status


@bp.post("/signout")
def signout():  # type: ignore[no-untyped-def]
    """Sign out (a POST with a CSRF token, so no link can sign someone out).

    The user's session token is rotated, so a copied cookie of this session stops working
    and every other session of the account ends too.
    """
    user = actor()
    if user is not None:
        accounts.end_sessions(db.session, user)
    logout_user()
    flash(_("You are signed out."), "success")
    return redirect(url_for("public.home"))


@bp.route("/reset", methods=["GET", "POST"])
@limiter.limit(MAIL_LIMIT, methods=["POST"], key_func=lambda: f"reset|{get_remote_address()}")
def reset_request():  # type: ignore[no-untyped-def]
    """Ask for a reset link; the answer never says whether the address has an account."""
    form = ResetRequestForm()
    if form.validate_on_submit():
        accounts.request_password_reset(db.session, settings(), form.email.data or "")
        return render_template("account/check_email.html", email=form.email.data, reset=True)
    return render_template("account/reset_request.html", form=form), 422 if form.errors else 200


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset(token: str):  # type: ignore[no-untyped-def]
    """Choose a new password from a signed link that expires after one hour."""
    accounts.user_for_reset(db.session, settings(), token)
    form = ResetForm()
    if form.validate_on_submit():
        try:
            accounts.reset_password(db.session, settings(), token, form.password.data or "")
        except ValidationFailed as exc:
            attach_errors(form, exc.errors)
        else:
            logout_user()
            flash(_("Your password is changed. Sign in with the new password."), "success")
            return redirect(url_for("account.signin"))
    return render_template("account/reset.html", form=form), 422 if form.errors else 200


@bp.get("/")
@login_required
def home():  # type: ignore[no-untyped-def]
    """Send the user to where their work is: moderation, their organisations or the profile."""
    user = actor()
    assert user is not None
    if user.has_role("moderator"):
        return redirect(url_for("moderation.queue"))
    if user.role == "organisation_member":
        return redirect(url_for("organisation.index"))
    if user.role in ("counsellor", "guide"):
        return redirect(url_for("counsellor.dashboard"))
    return redirect(url_for("account.profile"))


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():  # type: ignore[no-untyped-def]
    """Show and change the name and email language."""
    user = actor()
    assert user is not None
    form = ProfileForm(obj=user) if request.method == "GET" else ProfileForm()
    if request.method == "GET":
        form.moderation_mail.data = user.moderation_mail or "immediate"
    if form.validate_on_submit():
        try:
            accounts.update_profile(
                db.session,
                user,
                display_name=form.display_name.data or "",
                locale=form.locale.data or "",
                moderation_mail=(form.moderation_mail.data or "immediate")
                if user.role == "moderator"
                else None,
            )
        except ValidationFailed as exc:
            attach_errors(form, exc.errors)
        else:
            flash(_("Your profile is saved."), "success")
            return redirect(url_for("account.profile"))
    status = 422 if form.errors else 200
    return render_template(
        "account/profile.html", form=form, password_form=PasswordForm(), user=user
    ), status


@bp.post("/profile/password")
@login_required
def change_password():  # type: ignore[no-untyped-def]
    """Change the password after checking the current one."""
    user = actor()
    assert user is not None
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            accounts.change_password(
                db.session,
                user,
                current=form.current_password.data or "",
                new=form.new_password.data or "",
            )
        except ValidationFailed as exc:
            attach_errors(form, exc.errors)
        else:
            # The password change ended every session; keep this one going.
            login_user(user)
            flash(_("Your password is changed."), "success")
            return redirect(url_for("account.profile"))
    return (
        render_template(
            "account/profile.html", form=ProfileForm(obj=user), password_form=form, user=user
        ),
        422,
    )


def init_app(app) -> None:  # type: ignore[no-untyped-def]
    """Configure Flask-Login for the app (the user loader is registered at import)."""
    login_manager.login_view = "account.signin"
