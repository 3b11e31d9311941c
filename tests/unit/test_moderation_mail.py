"""Moderators are told: at once or in a daily digest; the queue is counted by kind and age."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from aanbodplatform.services import moderation, moderation_mail, offer_editing
from aanbodplatform.services.mail import list_outbox
from tests.factories import build_world, complete_offer, login


def _to() -> list[str]:
    return [item.to for item in list_outbox()]


def test_moderators_of_the_area_hear_at_once_about_submissions(session) -> None:
    world = build_world(session)
    inside = world.users["moderator_in"]
    draft = complete_offer(session, world.org_a, title="Kookclub A", status="draft")
    session.commit()
    offer_editing.submit_offer(session, world.users["member_a"], draft)
    assert _to() == [inside.email]  # not the moderator of Antwerpen, not platform admins
    [item] = list_outbox()
    assert "Kookclub A" in item.subject and item.content_language == "nl"


def test_a_resubmission_says_so_and_digest_moderators_wait(session) -> None:
    world = build_world(session)
    inside = world.users["moderator_in"]
    moderation.request_changes(session, None, world.users["admin"], world.offer_a.id, "Meer uitleg.")
    for item in list_outbox():
        item.path.unlink()
    offer_editing.submit_offer(session, world.users["member_a"], world.offer_a)
    [item] = list_outbox()
    assert item.to == inside.email and "Resubmitted" in _subject_in_english(session, item)
    item.path.unlink()
    inside.moderation_mail = "digest"
    session.commit()
    again = complete_offer(session, world.org_a, title="Zangkoor A", status="draft")
    session.commit()
    offer_editing.submit_offer(session, world.users["member_a"], again)
    assert _to() == []


def _subject_in_english(session, item) -> str:  # type: ignore[no-untyped-def]
    # The moderator's locale is Dutch; compare with the English source through the catalog.
    from flask import current_app

    from tests.i18n_support import squash, tr

    expected = tr(current_app, "nl", "Resubmitted for review: “%(title)s”", title="Praattafel A")
    return "Resubmitted" if squash(item.subject) == squash(expected) else item.subject


def test_the_daily_digest_goes_only_to_those_who_chose_it(app, session) -> None:
    world = build_world(session)
    inside, outside = world.users["moderator_in"], world.users["moderator_out"]
    inside.moderation_mail = "digest"
    outside.moderation_mail = None  # immediate: no digest
    session.commit()
    assert moderation_mail.send_digests(session, None) == 1
    assert _to() == [inside.email]
    # An empty queue sends nothing.
    for item in list_outbox():
        item.path.unlink()
    moderation.publish(session, None, world.users["admin"], world.offer_a.id)
    assert moderation_mail.send_digests(session, None) == 0
    # The command a scheduler runs.
    result = app.test_cli_runner().invoke(args=["moderation", "digest"])
    assert result.exit_code == 0 and "Digests sent: 0." in result.output


def test_the_queue_is_counted_by_kind_and_age(session) -> None:
    now = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
    world = build_world(session)
    items = [
        moderation.QueueItem(world.offer_a, "new", now - timedelta(hours=5)),
        moderation.QueueItem(world.offer_a, "new", now - timedelta(days=3)),
        moderation.QueueItem(world.offer_a, "edit", now - timedelta(days=9)),
        moderation.QueueItem(world.offer_a, "new", now - timedelta(days=7)),
    ]
    summary = moderation_mail.summarise(items, now)
    assert summary.total == 4
    assert summary.by_kind == {"new": 3, "edit": 1}
    assert summary.by_age == {"new": 1, "week": 1, "old": 2}


def test_moderators_choose_the_digest_in_their_profile(client, session) -> None:
    world = build_world(session)
    inside = world.users["moderator_in"]
    login(client, inside)
    page = client.get("/en/account/profile").text
    assert 'name="moderation_mail"' in page
    response = client.post(
        "/en/account/profile",
        data={"display_name": "Mod", "locale": "nl", "moderation_mail": "digest"},
    )
    assert response.status_code == 302
    session.refresh(inside)
    assert inside.moderation_mail == "digest"
    login(client, world.users["member_a"])
    assert 'name="moderation_mail"' not in client.get("/en/account/profile").text


def test_the_queue_page_shows_the_counts(client, session) -> None:
    world = build_world(session)
    login(client, world.users["moderator_in"])
    page = client.get("/en/moderation/").text
    assert "New offers" in page and "Waiting more than 7 days" in page


def test_an_edit_of_a_published_offer_that_waits_is_announced_once(session) -> None:
    world = build_world(session)
    inside = world.users["moderator_in"]
    live = complete_offer(session, world.org_a, title="Zwemmen A", status="published")
    session.commit()
    values = {
        "dutch_context": True,
        "dutch_context_evidence": "Iedereen spreekt Nederlands met elkaar tijdens de les.",
        "social_participation": True,
        "social_participation_evidence": "Je zwemt in een vaste groep met dezelfde mensen.",
    }
    offer_editing.save_step(session, world.users["member_a"], live, "criteria", values)
    assert _to() == [inside.email]
    # A second change to the same waiting edit does not mail again.
    values["social_participation_evidence"] = "Je zwemt in een vaste groep en praat achteraf."
    offer_editing.save_step(session, world.users["member_a"], live, "criteria", values)
    assert _to() == [inside.email]
