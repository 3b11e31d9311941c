"""Email: rendered in the recipient's language, sent by SMTP or written to the outbox.

Without `MAIL_SERVER` every message is written as an ``.eml`` file to the
instance's ``mail-outbox/`` folder, so development and tests need no mail server;
`flask --app app mail list` shows what is there.
"""

from __future__ import annotations

import logging
import smtplib
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import format_datetime, make_msgid, parseaddr
from pathlib import Path
from typing import Any

from flask import current_app, render_template
from flask_babel import force_locale
from jinja2 import TemplateNotFound

from aanbodplatform.config import Settings
from aanbodplatform.i18n import BY_TAG, DEFAULT_LOCALE, get_locale
from aanbodplatform.models import Client, User, utcnow

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Recipient:
    """Who gets a message and in which UI language."""

    email: str
    locale: str = DEFAULT_LOCALE
    name: str | None = None

    @classmethod
    def of(cls, user: User) -> Recipient:
        """Return the recipient for a user account, in the user's own language."""
        return cls(user.email, user.locale or DEFAULT_LOCALE, user.display_name)


@dataclass(frozen=True)
class Attachment:
    """A file sent with a message (for example an appointment as an .ics calendar file)."""

    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class Message:
    """A rendered email: plain text, optional HTML, and the language it is written in."""

    to: str
    subject: str
    text: str
    html: str | None
    locale: str
    attachments: tuple[Attachment, ...] = ()


@dataclass(frozen=True)
class OutboxItem:
    """One message in the outbox folder."""

    path: Path
    to: str
    subject: str
    date: str
    content_language: str


def _settings(settings: Settings | None) -> Settings:
    return settings if settings is not None else current_app.extensions["settings"]


def absolute_url(endpoint: str, settings: Settings | None = None, **values: Any) -> str:
    """Return an absolute link for emails, built on BASE_URL (works outside requests too)."""
    adapter = current_app.url_map.bind("localhost", url_scheme="http")
    path = adapter.build(endpoint, values, force_external=False)
    return _settings(settings).base_url.rstrip("/") + path


@dataclass(frozen=True)
class CounsellorNotice:
    """What every mail to a counsellor about a client needs: who, the client's code, the link."""

    counsellor: User
    client_code: str
    link: str


def counsellor_notice(
    settings: Settings | None,
    session: Any,
    *,
    counsellor_id: int,
    client_id: int | None,
    endpoint: str,
    **link_values: Any,
) -> CounsellorNotice | None:
    """Return the counsellor to tell, with the client's code and a link to `endpoint` in the
    counsellor's language, or None when the account is gone or inactive (nobody to tell)."""
    counsellor = session.get(User, counsellor_id)
    if counsellor is None or not counsellor.is_active:
        return None
    client = session.get(Client, client_id) if client_id else None
    return CounsellorNotice(
        counsellor=counsellor,
        client_code=client.reference_code if client else "",
        link=absolute_url(endpoint, settings, lang=counsellor.locale or "nl", **link_values),
    )


def render(
    template: str,
    recipient: Recipient | User,
    subject: Any,
    *,
    attachments: tuple[Attachment, ...] = (),
    **context: Any,
) -> Message:
    """Render ``email/<template>.txt`` (and ``.html``) and `subject` in the recipient's language.

    `subject` is a lazy string (``lazy_gettext``) or a callable returning a string: it is
    evaluated inside the recipient's locale, so the subject line is translated for them.
    """
    who = recipient if isinstance(recipient, Recipient) else Recipient.of(recipient)
    tag = who.locale if who.locale in BY_TAG else DEFAULT_LOCALE
    ui_locale = get_locale(tag)
    context = {"recipient": who, "locale": ui_locale, **context}
    with force_locale(ui_locale.babel_id):
        subject_text = str(subject() if callable(subject) else subject)
        text = render_template(f"email/{template}.txt", subject=subject_text, **context)
        try:
            html = render_template(f"email/{template}.html", subject=subject_text, **context)
        except TemplateNotFound:
            html = None
    return Message(who.email, " ".join(subject_text.split()), text, html, tag, attachments)


def build_email(message: Message, settings: Settings | None = None) -> EmailMessage:
    """Return the MIME message for `message` with From, Date and Content-Language set."""
    settings = _settings(settings)
    email = EmailMessage()
    email["From"] = settings.mail_sender
    email["To"] = message.to
    email["Subject"] = message.subject
    email["Date"] = format_datetime(utcnow())
    email["Message-ID"] = make_msgid(domain=parseaddr(settings.mail_sender)[1].split("@")[-1])
    email.set_content(message.text)
    if message.html is not None:
        email.add_alternative(message.html, subtype="html")
    for item in message.attachments:
        maintype, _slash, subtype = item.content_type.partition("/")
        email.add_attachment(item.data, maintype=maintype, subtype=subtype, filename=item.filename)
    # Set after the body: set_content() drops every Content-* header set before it.
    # Mail clients and screen readers pick the language (and voice) from this header.
    email["Content-Language"] = message.locale
    return email


#: Set by the job setup (outside tests): hands SMTP delivery to a background job, so a slow
#: or unreachable mail server never holds a request. Takes the message, returns nothing.
delivery_queue: Callable[[Message], None] | None = None


def send(message: Message, settings: Settings | None = None) -> bool:
    """Send `message` by SMTP (through the job queue when there is one), or write it to the
    outbox when no server is set; True when sent or queued."""
    settings = _settings(settings)
    if settings.mail_server and delivery_queue is not None:
        delivery_queue(message)
        return True
    return deliver(message, settings)


def deliver(message: Message, settings: Settings | None = None) -> bool:
    """Send `message` now, by SMTP or to the outbox folder; True on success."""
    settings = _settings(settings)
    email = build_email(message, settings)
    try:
        if settings.mail_server:
            with smtplib.SMTP(settings.mail_server, settings.mail_port, timeout=15) as smtp:
                if settings.mail_use_tls:
                    smtp.starttls()
                if settings.mail_username:
                    smtp.login(settings.mail_username, settings.mail_password or "")
                smtp.send_message(email)
        else:
            folder = settings.mail_outbox_path
            folder.mkdir(parents=True, exist_ok=True)
            stamp = datetime.now().strftime("%Y%m%dT%H%M%S%f")
            path = folder / f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
            path.write_bytes(email.as_bytes(policy=policy.SMTP))
    except (OSError, smtplib.SMTPException):
        # A mail failure must not undo the change that triggered it; the log says who missed it
        # (never the message body: it can hold a sign-in link).
        log.exception("could not send email %r", message.subject)
        return False
    return True


def send_all(messages: Iterable[Message], settings: Settings | None = None) -> int:
    """Send every message; return how many went out."""
    return sum(1 for message in messages if send(message, settings))


def read_message(path: Path) -> EmailMessage:
    """Parse one ``.eml`` file from the outbox."""
    with path.open("rb") as handle:
        return BytesParser(policy=policy.default).parse(handle)


def list_outbox(settings: Settings | None = None) -> list[OutboxItem]:
    """Return the messages in the outbox folder, oldest first."""
    folder = _settings(settings).mail_outbox_path
    if not folder.is_dir():
        return []
    items: list[OutboxItem] = []
    for path in sorted(folder.glob("*.eml")):
        email = read_message(path)
        items.append(
            OutboxItem(
                path=path,
                to=str(email["To"] or ""),
                subject=str(email["Subject"] or ""),
                date=str(email["Date"] or ""),
                content_language=str(email["Content-Language"] or ""),
            )
        )
    return items
