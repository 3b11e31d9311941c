"""Accounts: sign-up, email confirmation, sign-in, password reset and the profile.

Answers never tell whether an address has an account: sign-up and reset requests
look the same either way, and the owner of the address is told by email instead.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from aanbodplatform.config import Settings
from aanbodplatform.i18n import BY_TAG, DEFAULT_LOCALE
from aanbodplatform.models import User, utcnow
from aanbodplatform.services import audit, mail
from aanbodplatform.services.authz import ValidationFailed

#: A reset link works for one hour (and only until the password changes).
RESET_MAX_AGE = 3600
#: A new staff member's welcome link (choose a password) works for seven days.
WELCOME_MAX_AGE = 7 * 24 * 3600
#: A confirmation link works for three days.
CONFIRM_MAX_AGE = 3 * 24 * 3600
#: An invitation to join an organisation works for two weeks.
INVITE_MAX_AGE = 14 * 24 * 3600
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 200

_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[A-Za-z]{2,}$")
# Compared against when the address is unknown, so a miss takes as long as a hit.
_DUMMY_HASH = generate_password_hash("not-a-real-password-0000")


class TokenError(Exception):
    """A signed link is broken, expired or used up; `expired` says which."""

    def __init__(self, expired: bool) -> None:
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def normalise_email(email: str) -> str:
    """Return the address trimmed and lowercased (addresses are compared without case)."""
    return (email or "").strip().lower()


def is_valid_email(email: str) -> bool:
    """Return True for a plausible email address (one @, a dot in the domain, no spaces)."""
    return len(email) <= 254 and bool(_EMAIL.match(email))


def hash_password(password: str) -> str:
    """Return a salted hash of `password` (werkzeug's scrypt)."""
    return generate_password_hash(password)


def password_problem(password: str) -> str | None:
    """Return a translated reason why `password` is too weak, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return str(_l("Use at least %(num)d characters.", num=MIN_PASSWORD_LENGTH))
    if len(password) > MAX_PASSWORD_LENGTH:
        return str(_l("Use at most %(num)d characters.", num=MAX_PASSWORD_LENGTH))
    if password.strip() == "" or len(set(password)) < 4:
        return str(_l("Choose a password that is harder to guess."))
    return None


# --- signed links ------------------------------------------------------------------------


def _serializer(settings: Settings, purpose: str) -> URLSafeTimedSerializer:
    # One salt per purpose: a confirmation link can never be used as a reset link.
    return URLSafeTimedSerializer(settings.secret_key, salt=f"aanbodplatform.{purpose}")


def make_token(settings: Settings, purpose: str, payload: Any) -> str:
    """Return a signed, timestamped token carrying `payload` for one `purpose`."""
    return _serializer(settings, purpose).dumps(payload)


def read_token(
    settings: Settings, purpose: str, token: str, max_age: int, now: datetime | None = None
) -> Any:
    """Return the payload of a token, or raise TokenError when it is tampered or too old."""
    serializer = _serializer(settings, purpose)
    try:
        payload, signed_at = serializer.loads(token, max_age=None, return_timestamp=True)
    except BadSignature:
        raise TokenError(expired=False) from None
    age = ((now or utcnow()) - signed_at).total_seconds()
    if age > max_age:
        raise TokenError(expired=True)
    if age < -60:
        # Signed "in the future": the clock or the token is wrong.
        raise TokenError(expired=False)
    return payload


def _password_fingerprint(user: User) -> str:
    # Part of the reset token: once the password changes, older links stop working.
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


# --- use cases ---------------------------------------------------------------------------


def find_by_email(session: Session, email: str) -> User | None:
    """Return the account with this address (case-insensitive), if any."""
    return session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def _locale(tag: str | None) -> str:
    return tag if tag in BY_TAG else DEFAULT_LOCALE


def sign_up(
    session: Session,
    settings: Settings,
    *,
    email: str,
    password: str,
    display_name: str,
    locale: str,
) -> User | None:
    """Create an unconfirmed organisation account and mail a confirmation link.

    When the address already has an account, nothing is created and its owner gets
    a short note instead; the caller shows the same answer in both cases.
    """
    address = normalise_email(email)
    errors: dict[str, str] = {}
    if not is_valid_email(address):
        errors["email"] = str(_l("Enter an email address like name@example.be."))
    problem = password_problem(password)
    if problem:
        errors["password"] = problem
    if not display_name.strip():
        errors["display_name"] = str(_l("Enter your name."))
    if errors:
        raise ValidationFailed(errors)
    # Hash first, whatever the address: a known address must not answer faster (timing
    # would tell who has an account).
    password_hash = hash_password(password)
    existing = find_by_email(session, address)
    if existing is not None:
        mail.send(
            mail.render(
                "account_exists",
                existing,
                _l("Someone tried to create an account with your email address"),
                signin_url=mail.absolute_url("account.signin", settings, lang=existing.locale),
                reset_url=mail.absolute_url(
                    "account.reset_request", settings, lang=existing.locale
                ),
            ),
            settings,
        )
        return None
    user = User(
        email=address,
        password_hash=password_hash,
        display_name=display_name.strip()[:120],
        role="organisation_member",
        locale=_locale(locale),
    )
    session.add(user)
    session.flush()
    audit.record(session, user, "account.created", user, {"locale": user.locale})
    session.commit()
    send_confirmation(settings, user)
    return user


def send_confirmation(settings: Settings, user: User) -> None:
    """Mail the user a link that confirms their email address."""
    token = make_token(settings, "confirm", {"uid": user.id, "email": user.email})
    mail.send(
        mail.render(
            "confirm_email",
            user,
            _l("Confirm your email address"),
            confirm_url=mail.absolute_url(
                "account.confirm", settings, lang=user.locale, token=token
            ),
            max_days=CONFIRM_MAX_AGE // 86400,
        ),
        settings,
    )


def confirm_email(session: Session, settings: Settings, token: str) -> User:
    """Mark the address in a confirmation token as confirmed; raise TokenError when invalid."""
    payload = read_token(settings, "confirm", token, CONFIRM_MAX_AGE)
    user = session.get(User, int(payload.get("uid", 0))) if isinstance(payload, dict) else None
    if user is None or user.email != payload.get("email"):
        raise TokenError(expired=False)
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()
        audit.record(session, user, "account.email_confirmed", user)
        session.commit()
    return user


@dataclass(frozen=True)
class SignInResult:
    """The outcome of a sign-in attempt: the user, or why not."""

    user: User | None
    reason: str | None = None  # "wrong" or "unconfirmed"


def authenticate(session: Session, email: str, password: str) -> SignInResult:
    """Check an address and password; the reason for a failure never reveals which was wrong."""
    user = find_by_email(session, email)
    if user is None:
        check_password_hash(_DUMMY_HASH, password or "")
        return SignInResult(None, "wrong")
    if not check_password_hash(user.password_hash, password or "") or not user.is_active:
        return SignInResult(None, "wrong")
    if user.email_confirmed_at is None:
        return SignInResult(None, "unconfirmed")
    user.last_login_at = utcnow()
    session.commit()
    return SignInResult(user)


def request_password_reset(session: Session, settings: Settings, email: str) -> None:
    """Mail a reset link when the address has an account; do nothing visible otherwise."""
    user = find_by_email(session, email)
    if user is None or not user.is_active:
        return
    token = make_token(settings, "reset", {"uid": user.id, "fp": _password_fingerprint(user)})
    mail.send(
        mail.render(
            "reset_password",
            user,
            _l("Choose a new password"),
            reset_url=mail.absolute_url("account.reset", settings, lang=user.locale, token=token),
            minutes=RESET_MAX_AGE // 60,
        ),
        settings,
    )


def welcome_token(settings: Settings, user: User) -> str:
    """Return a link token for a new staff member to choose a password (valid 7 days, once)."""
    return make_token(
        settings, "reset", {"uid": user.id, "fp": _password_fingerprint(user), "welcome": True}
    )


def user_for_reset(
    session: Session, settings: Settings, token: str, now: datetime | None = None
) -> User:
    """Return the user a reset token is for; raise TokenError when broken, old or used."""
    payload = read_token(settings, "reset", token, WELCOME_MAX_AGE, now=now)
    if not (isinstance(payload, dict) and payload.get("welcome")):
        # An ordinary reset link works for an hour only; a welcome link for seven days.
        payload = read_token(settings, "reset", token, RESET_MAX_AGE, now=now)
    user = session.get(User, int(payload.get("uid", 0))) if isinstance(payload, dict) else None
    if user is None or not user.is_active or payload.get("fp") != _password_fingerprint(user):
        raise TokenError(expired=False)
    return user


def reset_password(
    session: Session, settings: Settings, token: str, password: str, now: datetime | None = None
) -> User:
    """Set a new password from a reset link; the link works only once."""
    user = user_for_reset(session, settings, token, now=now)
    problem = password_problem(password)
    if problem:
        raise ValidationFailed({"password": problem})
    user.password_hash = hash_password(password)
    user.end_sessions()
    # Following the emailed link proves the address works.
    user.email_confirmed_at = user.email_confirmed_at or utcnow()
    audit.record(session, user, "account.password_reset", user)
    session.commit()
    return user


def update_profile(
    session: Session,
    user: User,
    *,
    display_name: str,
    locale: str,
    moderation_mail: str | None = None,
) -> User:
    """Change the user's name, the language of their emails and pages, and (moderators)
    whether offers waiting for review are mailed at once or once a day."""
    if not display_name.strip():
        raise ValidationFailed({"display_name": str(_l("Enter your name."))})
    if moderation_mail is not None and user.role == "moderator":
        if moderation_mail not in ("immediate", "digest"):
            raise ValidationFailed({"moderation_mail": str(_l("Choose one of the options."))})
        user.moderation_mail = moderation_mail
    user.display_name = display_name.strip()[:120]
    user.locale = _locale(locale)
    audit.record(
        session,
        user,
        "account.profile_updated",
        user,
        {"locale": user.locale, "moderation_mail": user.moderation_mail},
    )
    session.commit()
    return user


def change_password(session: Session, user: User, *, current: str, new: str) -> None:
    """Change the password after checking the current one."""
    if not check_password_hash(user.password_hash, current or ""):
        raise ValidationFailed({"current_password": str(_l("This is not your current password."))})
    problem = password_problem(new)
    if problem:
        raise ValidationFailed({"new_password": problem})
    user.password_hash = hash_password(new)
    # Whoever else holds a session (a stolen cookie, a shared computer) is signed out.
    user.end_sessions()
    audit.record(session, user, "account.password_changed", user)
    session.commit()


def end_sessions(session: Session, user: User) -> None:
    """End every session of `user` (sign-out everywhere)."""
    user.end_sessions()
    session.commit()
