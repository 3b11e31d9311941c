"""Email: rendered in the recipient's language, written to the outbox or sent by SMTP."""

from __future__ import annotations

import smtplib

import pytest
from flask_babel import get_locale

from aanbodplatform.services import mail
from aanbodplatform.services.mail import Message, Recipient
from tests.factories import html_part, make_user, outbox, text_part


def test_messages_are_rendered_in_the_recipients_locale_not_the_pages(app, session) -> None:
    user = make_user(session, "organisation_member", email="directrice@example.be", locale="fr", name="Claire")
    seen: list[str] = []

    def subject() -> str:
        # The subject is built inside the recipient's locale: record which one that was.
        seen.append(str(get_locale()))
        return "subject"

    message = mail.render(
        "confirm_email", user, subject, confirm_url="https://x/confirm", max_days=3
    )
    assert seen == ["fr_BE"]
    assert message.locale == "fr"
    assert '<html lang="fr" dir="ltr">' in (message.html or "")
    assert "https://x/confirm" in message.text


def test_right_to_left_recipients_get_a_rtl_html_part(app) -> None:
    message = mail.render(
        "confirm_email",
        Recipient("x@example.be", "ar", "Amal"),
        lambda: str(get_locale()),
        confirm_url="https://x/c",
        max_days=3,
    )
    assert message.subject == "ar"
    assert '<html lang="ar" dir="rtl">' in (message.html or "")


def test_unknown_locales_fall_back_to_dutch(app) -> None:
    message = mail.render(
        "confirm_email",
        Recipient("x@example.be", "xx"),
        lambda: str(get_locale()),
        confirm_url="u",
        max_days=1,
    )
    assert message.locale == "nl"
    assert message.subject == "nl_BE"


def test_without_a_server_messages_land_in_the_outbox_with_content_language(app) -> None:
    message = Message("to@example.be", "Hallo", "tekst", '<html lang="uk"></html>', "uk")
    assert mail.send(message)
    items = mail.list_outbox()
    assert [(i.to, i.subject, i.content_language) for i in items] == [
        ("to@example.be", "Hallo", "uk")
    ]
    parsed = outbox(app)[0]
    assert parsed["Content-Language"] == "uk"
    assert parsed["From"] == app.extensions["settings"].mail_sender
    assert text_part(parsed).strip() == "tekst"
    assert 'lang="uk"' in html_part(parsed)


def test_with_a_server_messages_go_by_smtp_and_not_to_the_outbox(app, monkeypatch) -> None:
    sent: list[tuple[str, object]] = []

    class FakeSMTP:
        def __init__(self, host: str, port: int, timeout: float) -> None:
            sent.append(("connect", (host, port)))

        def __enter__(self) -> FakeSMTP:
            return self

        def __exit__(self, *exc: object) -> None:
            return None

        def starttls(self) -> None:
            sent.append(("starttls", None))

        def login(self, user: str, password: str) -> None:
            sent.append(("login", user))

        def send_message(self, email: object) -> None:
            sent.append(("send", email["To"]))  # type: ignore[index]

    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    settings = app.extensions["settings"].with_overrides(
        mail_server="smtp.example.be", mail_username="robot", mail_password="secret"
    )
    assert mail.send(Message("to@example.be", "S", "t", None, "nl"), settings)
    assert sent == [
        ("connect", ("smtp.example.be", 587)),
        ("starttls", None),
        ("login", "robot"),
        ("send", "to@example.be"),
    ]
    assert mail.list_outbox() == []


def test_a_failing_server_does_not_raise(
    app, monkeypatch, caplog: pytest.LogCaptureFixture
) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise ConnectionRefusedError("no server")

    monkeypatch.setattr(smtplib, "SMTP", refuse)
    settings = app.extensions["settings"].with_overrides(
        mail_server="smtp.example.be", mail_password="pw-123"
    )
    assert mail.send(Message("to@example.be", "S", "secret link", None, "nl"), settings) is False
    assert "pw-123" not in caplog.text and "secret link" not in caplog.text


def test_cli_lists_the_outbox(app) -> None:
    mail.send(Message("to@example.be", "Hallo daar", "t", None, "fr"))
    result = app.test_cli_runner().invoke(args=["mail", "list"])
    assert result.exit_code == 0, result.output
    assert (
        "to@example.be" in result.output
        and "Hallo daar" in result.output
        and "[fr]" in result.output
    )
