"""Freshness rules with a frozen clock: reminder once after 6 months, stale after 9, unpublished after 12."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from aanbodplatform.models import AuditEvent, Offer
from aanbodplatform.services.authz import InvalidTransition, PermissionDenied
from aanbodplatform.services.freshness import (
    EXPIRED_CODE,
    confirm_offer,
    is_stale,
    months_before,
    run_freshness,
)
from tests.factories import complete_offer, make_org, make_user, outbox
from tests.i18n_support import squash, tr

CONFIRMED = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)


@pytest.fixture
def published(session):  # type: ignore[no-untyped-def]
    admin = make_user(session, "organisation_member", email="admin@club.be", locale="fr")
    member = make_user(session, "organisation_member", email="lid@club.be", locale="uk")
    outsider = make_user(session, "organisation_member", email="ander@elders.be")
    org = make_org(session, "Club", admin=admin, members=(member,))
    offer = complete_offer(session, org, status="published", now=CONFIRMED)
    session.commit()
    return offer, admin, outsider


def _reload(session, offer: Offer) -> Offer:  # type: ignore[no-untyped-def]
    session.expire_all()
    return session.get(Offer, offer.id)


def test_months_before_counts_calendar_months_and_clamps_month_ends() -> None:
    assert months_before(datetime(2026, 7, 15, tzinfo=UTC), 6) == datetime(2026, 1, 15, tzinfo=UTC)
    assert months_before(datetime(2026, 3, 31, tzinfo=UTC), 1) == datetime(2026, 2, 28, tzinfo=UTC)
    assert months_before(datetime(2027, 1, 15, tzinfo=UTC), 12) == datetime(2026, 1, 15, tzinfo=UTC)


def test_months_before_on_month_ends_and_leap_days() -> None:
    def back(y: int, m: int, d: int, months: int) -> datetime:
        return months_before(datetime(y, m, d, 9, 30, 5, tzinfo=UTC), months)

    assert back(2026, 5, 31, 1) == datetime(2026, 4, 30, 9, 30, 5, tzinfo=UTC)
    assert back(2024, 5, 31, 3) == datetime(2024, 2, 29, 9, 30, 5, tzinfo=UTC)
    assert back(2025, 5, 31, 3) == datetime(2025, 2, 28, 9, 30, 5, tzinfo=UTC)
    assert back(2024, 2, 29, 12) == datetime(2023, 2, 28, 9, 30, 5, tzinfo=UTC)
    assert back(2028, 2, 29, 48) == datetime(2024, 2, 29, 9, 30, 5, tzinfo=UTC)
    assert back(2026, 12, 31, 6) == datetime(2026, 6, 30, 9, 30, 5, tzinfo=UTC)
    assert back(2026, 1, 31, 1) == datetime(2025, 12, 31, 9, 30, 5, tzinfo=UTC)
    assert back(2026, 3, 1, 0) == datetime(2026, 3, 1, 9, 30, 5, tzinfo=UTC)


def test_nothing_happens_before_six_months(app, session, published) -> None:
    offer, *_ = published
    report = run_freshness(session, now=CONFIRMED + timedelta(days=180))
    assert (report.reminded, report.stale, report.expired) == (0, 0, 0)
    assert _reload(session, offer).reminder_sent_at is None
    assert outbox(app) == []


def test_reminder_after_six_months_is_sent_once_in_each_members_language(
    app, session, published
) -> None:
    offer, *_ = published
    now = datetime(2026, 7, 15, 9, 0, tzinfo=UTC)
    first = run_freshness(session, now=now)
    assert first.reminded == 1
    assert _reload(session, offer).reminder_sent_at == now
    messages = outbox(app)
    assert sorted((m["To"], m["Content-Language"]) for m in messages) == [
        ("admin@club.be", "fr"),
        ("lid@club.be", "uk"),
    ]
    # Idempotent: the next days send nothing more.
    again = run_freshness(session, now=now + timedelta(days=1))
    later = run_freshness(session, now=now + timedelta(days=40))
    assert again.reminded == 0 and later.reminded == 0
    assert len(outbox(app)) == 2
    events = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "offer.reminder_sent")
    ).all()
    assert len(events) == 1


def test_stale_after_nine_months(app, session, published) -> None:
    offer, *_ = published
    eight = datetime(2026, 10, 14, tzinfo=UTC)
    nine = datetime(2026, 10, 15, 9, 0, tzinfo=UTC)
    assert not is_stale(offer, eight)
    assert is_stale(offer, nine)
    # The search document carries confirmed_at as epoch seconds; the same helper reads it.
    assert is_stale(int(CONFIRMED.timestamp()), nine)
    assert not is_stale(int(CONFIRMED.timestamp()), eight)
    assert not is_stale(0, nine)  # unknown is not "stale"
    report = run_freshness(session, now=nine)
    assert report.stale == 1 and report.expired == 0
    assert run_freshness(session, now=nine).stale == 1  # a count of state, stable across runs
    assert _reload(session, offer).status == "published"


def test_unpublished_after_twelve_months_with_the_reason_in_its_history(
    app, session, published
) -> None:
    offer, *_ = published
    now = datetime(2027, 1, 15, 9, 0, tzinfo=UTC)
    report = run_freshness(session, now=now)
    assert report.expired == 1
    offer = _reload(session, offer)
    assert offer.status == "archived"
    last = offer.history[-1]
    assert (last.from_status, last.to_status, last.comment, last.actor_id) == (
        "published",
        "archived",
        EXPIRED_CODE,
        None,
    )
    assert (
        session.scalar(select(AuditEvent).where(AuditEvent.action == "offer.expired")) is not None
    )
    # Every member hears it, in their own language.
    subjects = {(m["To"], squash(str(m["Subject"]))) for m in outbox(app)}
    for to, lang in (("admin@club.be", "fr"), ("lid@club.be", "uk")):
        expected = tr(app, lang, "Your offer “%(title)s” is no longer published", title=offer.title_nl)
        assert (to, squash(expected)) in subjects, (to, subjects)
    assert run_freshness(session, now=now + timedelta(days=1)).expired == 0
    assert not is_stale(offer, now)  # not published: no flag


def test_an_expired_offer_can_be_confirmed_back(app, session, published) -> None:
    offer, admin, outsider = published
    now = datetime(2027, 2, 1, tzinfo=UTC)
    run_freshness(session, now=now)
    with pytest.raises(PermissionDenied):
        confirm_offer(session, outsider, offer.id, now=now)
    confirm_offer(session, admin, offer.id, now=now)
    offer = _reload(session, offer)
    assert offer.status == "published"
    assert offer.confirmed_at == now and offer.reminder_sent_at is None
    assert offer.history[-1].from_status == "archived"


def test_confirming_resets_the_clock_and_allows_a_new_reminder(app, session, published) -> None:
    offer, admin, _ = published
    run_freshness(session, now=datetime(2026, 7, 16, tzinfo=UTC))
    confirm_offer(session, admin, offer.id, now=datetime(2026, 8, 1, tzinfo=UTC))
    assert _reload(session, offer).reminder_sent_at is None
    assert run_freshness(session, now=datetime(2026, 12, 1, tzinfo=UTC)).reminded == 0
    assert run_freshness(session, now=datetime(2027, 2, 1, tzinfo=UTC)).reminded == 1


def test_rejected_offers_cannot_be_confirmed_back(app, session, published) -> None:
    offer, admin, _ = published
    offer.status = "archived"
    session.commit()
    with pytest.raises(InvalidTransition):
        confirm_offer(session, admin, offer.id)


def test_the_cli_runs_the_rules_and_prints_counts(app, session, published) -> None:
    runner = app.test_cli_runner()
    result = runner.invoke(args=["offers", "freshness", "--now", "2026-07-20"])
    assert result.exit_code == 0, result.output
    assert re.search(r"Reminders sent:\s+1\n", result.output)
    again = runner.invoke(args=["offers", "freshness", "--now", "2026-07-21"])
    assert re.search(r"Reminders sent:\s+0\n", again.output)
    bad = runner.invoke(args=["offers", "freshness", "--now", "next week"])
    assert bad.exit_code != 0
