"""Moderation details, each outcome written out: which offers a moderator's queue holds, the
exact messages of a refused comment, the decision mail per kind and language, the snapshot
kept when an offer is sent back, what a review shows and who hears about a submission."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select

from aanbodplatform.models import (
    AuditEvent,
    Location,
    Offer,
    OfferActivity,
    OfferContact,
    OfferReport,
    OfferTranslation,
    ScheduleSlot,
)
from aanbodplatform.services import freshness, moderation, offer_editing
from aanbodplatform.services.authz import ValidationFailed
from aanbodplatform.services.mail import list_outbox, read_message
from tests.factories import (
    ANTWERPEN,
    GENT,
    build_world,
    complete_offer,
    make_member,
    make_moderator,
    make_org,
    text_part,
)
from tests.i18n_support import in_locale, squash, tr
from tests.unit.test_moderation_pending_edits import _world_with_waiting_edit

DECIDED_AT = datetime(2026, 3, 3, 14, 30, tzinfo=UTC)


# --- the queue: which offers belong to a moderator's area ---------------------------------


def _queued_titles(session, user) -> set[str]:  # type: ignore[no-untyped-def]
    return {item.offer.title_nl for item in moderation.queue(session, user)}


def test_the_queue_counts_the_places_and_else_the_organisations_municipality(session) -> None:
    world = build_world(session)  # "Praattafel A" in Gent, "Praattafel B" in Antwerpen
    online_a = complete_offer(session, world.org_a, title="Online A", status="submitted")
    online_b = complete_offer(
        session, world.org_b, title="Online B", status="submitted", nis=ANTWERPEN
    )
    online_a.locations = []
    online_b.locations = []
    complete_offer(
        session, world.org_a, title="Uitstap A naar Antwerpen", status="submitted", nis=ANTWERPEN
    )
    complete_offer(session, world.org_b, title="Uitstap B naar Gent", status="submitted", nis=GENT)
    session.commit()
    # Without a place the organisation's municipality counts; with places only the places do.
    assert _queued_titles(session, world.users["moderator_in"]) == {
        "Praattafel A",
        "Online A",
        "Uitstap B naar Gent",
    }
    assert _queued_titles(session, world.users["moderator_out"]) == {
        "Praattafel B",
        "Online B",
        "Uitstap A naar Antwerpen",
    }
    assert len(_queued_titles(session, world.users["admin"])) == 6


def test_the_queue_loads_organisations_and_places_with_the_offers(app, session) -> None:
    """The queue page shows each offer's organisation and places: no query per offer."""
    from aanbodplatform.extensions import db

    world = build_world(session)
    moderator = world.users["moderator_in"]

    def statements_for_queue() -> int:
        session.expire_all()
        moderator.moderator_scopes  # noqa: B018  # loaded before counting: not per offer
        count = {"n": 0}

        def _count(*_args: Any) -> None:
            count["n"] += 1

        event.listen(db.engine, "before_cursor_execute", _count)
        try:
            for item in moderation.queue(session, moderator):
                _ = item.offer.organisation.name, [loc.name for loc in item.offer.locations]
        finally:
            event.remove(db.engine, "before_cursor_execute", _count)
        return count["n"]

    one_offer = statements_for_queue()
    for n in range(3):
        org = make_org(session, f"Vereniging {n}")
        complete_offer(session, org, title=f"Wandelclub {n}", status="submitted")
    session.commit()
    assert statements_for_queue() == one_offer


# --- a comment that is missing or too long -------------------------------------------------


@pytest.mark.parametrize(
    ("decide", "field"),
    [(moderation.reject, "reason"), (moderation.request_changes, "comment")],
)
def test_a_missing_comment_is_named_in_the_users_language(app, session, decide, field) -> None:
    world = build_world(session)
    moderator = world.users["moderator_in"]
    with in_locale(app, "en"), pytest.raises(ValidationFailed) as failed:
        decide(session, None, moderator, world.offer_a.id, "   ")
    assert failed.value.errors == {field: "Write a comment for the organisation."}
    with in_locale(app, "fr"), pytest.raises(ValidationFailed) as failed:
        decide(session, None, moderator, world.offer_a.id, None)
    assert failed.value.errors == {field: tr(app, "fr", "Write a comment for the organisation.")}
    session.expire_all()
    assert session.get(Offer, world.offer_a.id).status == "submitted"


@pytest.mark.parametrize(
    ("decide", "field"),
    [
        (moderation.reject, "reason"),
        (moderation.request_changes, "comment"),
        (moderation.publish, "comment"),
    ],
)
def test_a_comment_of_2001_characters_is_refused_and_2000_are_kept(
    app, session, decide, field
) -> None:
    world = build_world(session)
    moderator = world.users["moderator_in"]
    offer_id = world.offer_a.id
    with in_locale(app, "en"), pytest.raises(ValidationFailed) as failed:
        decide(session, None, moderator, offer_id, "x" * 2001)
    assert failed.value.errors == {field: "Use at most 2000 characters."}
    with in_locale(app, "nl"), pytest.raises(ValidationFailed) as failed:
        decide(session, None, moderator, offer_id, "  " + "y" * 2001 + "  ")
    assert failed.value.errors == {
        field: tr(app, "nl", "Use at most %(num)d characters.", num=2000)
    }
    session.expire_all()
    assert session.get(Offer, offer_id).status == "submitted"
    # Spaces around the text do not count.
    decide(session, None, moderator, offer_id, "  " + "z" * 2000 + "  ")
    session.expire_all()
    assert session.get(Offer, offer_id).history[-1].comment == "z" * 2000


# --- the decision mail to the organisation -------------------------------------------------


def _submitted(session):  # type: ignore[no-untyped-def]
    world = build_world(session)
    offer = complete_offer(session, world.org_a, title="Zwemmen A", status="submitted")
    session.commit()
    return world, offer


def _published(session):  # type: ignore[no-untyped-def]
    world = build_world(session)
    offer = complete_offer(session, world.org_a, title="Zwemmen A", status="published")
    session.commit()
    return world, offer


#: kind: (how the offer starts, the decision, from and to status, subject, sentence in the mail)
DECISIONS: dict[str, tuple[Any, Any, tuple[str, str], str, str]] = {
    "published": (
        _submitted,
        moderation.publish,
        ("submitted", "published"),
        "Your offer “Zwemmen A” is published",
        "Your offer “Zwemmen A” is checked and published.",
    ),
    "edit_approved": (
        _world_with_waiting_edit,
        moderation.publish,
        ("published", "published"),
        "Your change to “Zwemmen A” is published",
        "Your change to “Zwemmen A” is checked and published.",
    ),
    "changes_requested": (
        _submitted,
        moderation.request_changes,
        ("submitted", "changes_requested"),
        "Please change your offer “Zwemmen A”",
        "The local government asks you to change your offer “Zwemmen A” before it is published.",
    ),
    "edit_returned": (
        _world_with_waiting_edit,
        moderation.request_changes,
        ("published", "published"),
        "Please look again at your change to “Zwemmen A”",
        "The local government asks you to look again at your change to “Zwemmen A”. "
        "The published version stays online.",
    ),
    "rejected": (
        _submitted,
        moderation.reject,
        ("submitted", "archived"),
        "Your offer “Zwemmen A” was not accepted",
        "The local government did not accept your offer “Zwemmen A”.",
    ),
    "edit_rejected": (
        _world_with_waiting_edit,
        moderation.reject,
        ("published", "published"),
        "Your change to “Zwemmen A” was not accepted",
        "The local government did not accept your change to “Zwemmen A”. "
        "The published version stays online.",
    ),
    "unpublished": (
        _published,
        moderation.reject,
        ("published", "archived"),
        "Your offer “Zwemmen A” is no longer published",
        "The local government took your offer “Zwemmen A” offline.",
    ),
}
#: The source text of each kind's sentence, to compute the Dutch mail through the catalog.
SENTENCE_IDS = {
    "published": "Your offer “%(title)s” is checked and published.",
    "edit_approved": "Your change to “%(title)s” is checked and published.",
    "changes_requested": "The local government asks you to change your offer “%(title)s” "
    "before it is published.",
    "edit_returned": "The local government asks you to look again at your change to "
    "“%(title)s”. The published version stays online.",
    "rejected": "The local government did not accept your offer “%(title)s”.",
    "edit_rejected": "The local government did not accept your change to “%(title)s”. "
    "The published version stays online.",
    "unpublished": "The local government took your offer “%(title)s” offline.",
}


@pytest.mark.parametrize("kind", list(DECISIONS))
def test_each_decision_is_mailed_to_every_member_in_their_language(
    app, session, tmp_path: Path, kind: str
) -> None:
    start, decide, (from_status, to_status), subject, sentence = DECISIONS[kind]
    world, offer = start(session)
    english = make_member(session, offer, email="jo@zwemclub.be", locale="en", name="Jo")
    dutch = world.users["member_a"]
    moderator = world.users["moderator_in"]
    # The settings handed in decide where the mail goes and which address its link uses.
    settings = app.extensions["settings"].with_overrides(
        base_url="https://aanbod.example.be", instance_path=tmp_path / "elsewhere"
    )
    for item in list_outbox():
        item.path.unlink()
    session.expire_all()  # as in a new request: the organisation's members are read again

    decide(session, settings, moderator, offer.id, "  Zeg ook waar het is.  ", now=DECIDED_AT)

    session.expire_all()
    offer = session.get(Offer, offer.id)
    assert offer.status == to_status
    last = offer.history[-1]
    assert (last.from_status, last.to_status, last.actor_id, last.comment) == (
        from_status,
        to_status,
        moderator.id,
        "Zeg ook waar het is.",
    )
    audit = session.scalars(
        select(AuditEvent)
        .where(AuditEvent.entity_type == "offer", AuditEvent.entity_id == offer.id)
        .order_by(AuditEvent.id.desc())
    ).first()
    assert (audit.actor_id, audit.data["comment"]) == (moderator.id, "Zeg ook waar het is.")

    assert list_outbox() == []  # not the app's own outbox: the one of the settings handed in
    mails = {item.to: item for item in list_outbox(settings)}
    assert set(mails) == {english.email, dutch.email}

    to_jo = mails[english.email]
    assert (to_jo.content_language, squash(to_jo.subject)) == ("en", squash(subject))
    body = text_part(read_message(to_jo.path))
    assert "Hello Jo," in body
    assert sentence in body
    assert "Zeg ook waar het is." in body
    assert f"See your offer: https://aanbod.example.be/en/editor/{offer.id}/" in body

    to_an = mails[dutch.email]
    assert to_an.content_language == "nl"
    body = text_part(read_message(to_an.path))
    assert tr(app, "nl", SENTENCE_IDS[kind], title="Zwemmen A") in body
    assert f"https://aanbod.example.be/nl/editor/{offer.id}/" in body


def test_a_first_publication_starts_the_dates_and_a_comment_is_optional(session) -> None:
    world, offer = _submitted(session)
    offer.reminder_sent_at = datetime(2026, 1, 5, tzinfo=UTC)
    session.commit()
    moderation.publish(session, None, world.users["moderator_in"], offer.id, now=DECIDED_AT)
    session.expire_all()
    offer = session.get(Offer, offer.id)
    assert (offer.status, offer.published_at, offer.confirmed_at, offer.reminder_sent_at) == (
        "published",
        DECIDED_AT,
        DECIDED_AT,
        None,
    )
    assert offer.history[-1].comment is None


# --- the snapshot kept when an offer is sent back ------------------------------------------


def test_the_snapshot_holds_every_published_part_as_plain_values(session) -> None:
    world = build_world(session)
    offer = Offer(
        organisation=world.org_a,
        offer_type="club",
        title_nl="Zwemmen",
        summary_nl="Zwemmen met buren.",
        description_nl="Elke week in het zwembad.",
        schedule_kind="period",
        schedule_note="Niet in de schoolvakanties.",
        start_date=date(2026, 3, 2),
        end_date=date(2026, 6, 29),
        capacity=12,
        places_free=4,
        dutch_level="A2",
        free=False,
        cost_note="5 euro per keer",
        wheelchair=True,
        accessibility_note="Lift naar het bad.",
        insurance_note="Verzekerd via de club.",
        dutch_context=True,
        dutch_context_evidence="De trainer spreekt Nederlands.",
        social_participation=False,
        social_participation_evidence="",
        status="submitted",
    )
    offer.activities = [
        OfferActivity(activity_code="football"),
        OfferActivity(activity_code="choir"),
    ]
    offer.slots = [
        ScheduleSlot(weekday="tue", daypart="evening", starts_at=time(19, 0), ends_at=time(21, 30)),
        ScheduleSlot(weekday="sat", daypart=None, starts_at=time(9, 5), ends_at=None),
        ScheduleSlot(weekday=None, daypart="morning", starts_at=None, ends_at=None),
        ScheduleSlot(weekday=None, daypart=None, starts_at=None, ends_at=time(12, 0)),
    ]
    offer.locations = [
        Location(
            name="Zwembad Rooigem",
            street="Rooigemlaan 1",
            postcode="9000",
            municipality_nis=GENT,
            lat=51.06,
            lon=3.69,
        ),
        Location(municipality_nis=ANTWERPEN, postcode="2000", lat=51.22, lon=4.40),
    ]
    offer.contacts = [
        OfferContact(name="An Peeters", email="an@example.be", phone="09 123 45 67"),
        OfferContact(name="Bram", phone="0470 12 34 56"),
    ]
    offer.translations = [
        OfferTranslation(locale="fr", title="Natation", summary="Nager avec les voisins."),
        OfferTranslation(locale="en", title="Swimming", summary="Swim with neighbours."),
    ]
    session.add(offer)
    session.commit()
    assert moderation.offer_snapshot(offer) == {
        "offer_type": "club",
        "title_nl": "Zwemmen",
        "summary_nl": "Zwemmen met buren.",
        "description_nl": "Elke week in het zwembad.",
        "schedule_kind": "period",
        "schedule_note": "Niet in de schoolvakanties.",
        "start_date": "2026-03-02",
        "end_date": "2026-06-29",
        "capacity": 12,
        "places_free": 4,
        "dutch_level": "A2",
        "free": False,
        "cost_note": "5 euro per keer",
        "wheelchair": True,
        "accessibility_note": "Lift naar het bad.",
        "insurance_note": "Verzekerd via de club.",
        "dutch_context": True,
        "dutch_context_evidence": "De trainer spreekt Nederlands.",
        "social_participation": False,
        "social_participation_evidence": "",
        "activities": ["choir", "football"],
        "slots": ["12:00", "morning", "sat 09:05", "tue evening 19:00 21:30"],
        "locations": ["2000, 11002", "Zwembad Rooigem, Rooigemlaan 1, 9000, 44021"],
        "contacts": ["An Peeters, an@example.be, 09 123 45 67", "Bram, 0470 12 34 56"],
        "translation:en": "Swimming — Swim with neighbours.",
        "translation:fr": "Natation — Nager avec les voisins.",
    }


def _send_back_and_resubmit(session, world, offer, moderator, new_title: str) -> None:  # type: ignore[no-untyped-def]
    moderation.request_changes(session, None, moderator, offer.id, "Maak de titel duidelijker.")
    offer = session.get(Offer, offer.id)
    offer.title_nl = new_title
    session.commit()
    offer_editing.submit_offer(session, world.users["member_a"], offer)


def test_a_resubmission_shows_what_changed_since_the_last_version_sent_back(session) -> None:
    world = build_world(session)
    moderator = world.users["moderator_in"]
    offer = complete_offer(session, world.org_a, title="Zwemmen A", status="submitted")
    offer.start_date = date(2026, 3, 2)
    offer.end_date = date(2026, 6, 29)
    session.commit()
    assert moderation.review(session, moderator, offer.id).since_returned is None

    _send_back_and_resubmit(session, world, offer, moderator, "Zwemmen in de Blaarmeersen")
    _send_back_and_resubmit(session, world, offer, moderator, "Zwemmen in Gent")
    # Another offer sent back later must not be compared with this one.
    moderation.request_changes(session, None, world.users["admin"], world.offer_b.id, "Welke dag?")

    review = moderation.review(session, moderator, offer.id)
    assert review.since_returned == [("title_nl", "Zwemmen in de Blaarmeersen", "Zwemmen in Gent")]
    assert (review.changes, review.is_edit) == ([], False)


# --- what a review shows ------------------------------------------------------------------


def test_a_review_lists_the_open_reports_of_this_offer_oldest_first(session) -> None:
    world = build_world(session)
    offer, other = world.offer_a, world.offer_b
    day = datetime(2026, 2, 10, 9, 0, tzinfo=UTC)
    newer = OfferReport(offer_id=offer.id, reason="gone", text="Gesloten.", created_at=day)
    older = OfferReport(offer_id=offer.id, reason="no_answer", created_at=day - timedelta(days=2))
    handled = OfferReport(
        offer_id=offer.id,
        reason="not_dutch",
        created_at=day - timedelta(days=5),
        resolved_at=day - timedelta(days=4),
    )
    elsewhere = OfferReport(offer_id=other.id, reason="gone", created_at=day - timedelta(days=9))
    session.add_all([newer, older, handled, elsewhere])
    session.commit()
    review = moderation.review(session, world.users["moderator_in"], offer.id)
    assert [(r.reason, r.text) for r in review.reports] == [
        ("no_answer", None),
        ("gone", "Gesloten."),
    ]


def test_an_expired_offer_shows_no_edit_to_decide(session) -> None:
    world, offer = _world_with_waiting_edit(session)
    review = moderation.review(session, world.users["moderator_in"], offer.id)
    assert review.is_edit is True
    later = datetime.now(UTC) + timedelta(days=3 * 365)
    freshness.run_freshness(session, None, now=later)
    session.expire_all()
    offer = session.get(Offer, offer.id)
    assert offer.status == "archived"
    assert offer.pending_changes is not None  # expiry leaves the old edit where it was
    review = moderation.review(session, world.users["moderator_in"], offer.id)
    assert (review.changes, review.is_edit) == ([], False)


# --- who hears about a submission ---------------------------------------------------------


def test_the_moderators_for_an_offer_are_the_active_ones_of_its_area(session) -> None:
    world = build_world(session)
    gone = make_moderator(session, "oud@gent.be", nis=GENT)
    gone.is_active = False
    make_moderator(session, "tweede@gent.be", nis=GENT)
    session.commit()

    def emails(offer: Offer) -> list[str]:
        return sorted(m.email for m in moderation.moderators_for(session, offer))

    # Not the inactive one, not platform admins, not the moderator of another municipality.
    assert emails(world.offer_a) == ["mod@gent.be", "tweede@gent.be"]
    assert emails(world.offer_b) == ["mod@antwerpen.be"]
