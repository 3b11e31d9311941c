"""Writing offers: the editor's steps, submission, and edits of published offers.

An edit of a published offer that changes the type or the criteria answers waits
in ``pending_changes`` for a moderator while the published version stays visible;
every other edit is published at once and logged in the audit trail.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from aanbodplatform.geo import default_gazetteer, distance_m
from aanbodplatform.i18n import DEFAULT_LOCALE, LOCALE_TAGS
from aanbodplatform.models import (
    Location,
    Offer,
    OfferActivity,
    OfferContact,
    OfferStatusChange,
    OfferTranslation,
    Organisation,
    ScheduleSlot,
    User,
    utcnow,
)
from aanbodplatform.models.offers import AUDIENCES, COST_UNITS, JOIN_WAYS, TRANSLATORS
from aanbodplatform.services import audit
from aanbodplatform.services import offer_lifecycle as lifecycle
from aanbodplatform.services import offer_rules as rules
from aanbodplatform.services.authz import (
    InvalidTransition,
    NotFound,
    PermissionDenied,
    ValidationFailed,
    is_member,
    is_moderator_for,
    require_member,
    require_user,
)
from aanbodplatform.services.organisations import geocode_address
from aanbodplatform.services.taxonomy import get_taxonomy
from aanbodplatform.services.translations import outdated_fields, stamp_sources
from search_index import DAYPARTS, DUTCH_LEVELS, WEEKDAYS

#: The editor's steps, in order.
STEPS: tuple[str, ...] = (
    "basics",
    "texts",
    "places",
    "schedule",
    "practical",
    "contacts",
    "criteria",
    "translations",
)
#: Fields a moderator must approve again when a published offer changes them.
REVIEWED_FIELDS: tuple[str, ...] = (
    "offer_type",
    "dutch_context",
    "dutch_context_evidence",
    "social_participation",
    "social_participation_evidence",
)
#: Character limits, from the offer rules; the editor shows them as you type.
LIMITS: Mapping[str, int] = rules.EDITOR_LIMITS
MIN_EVIDENCE = rules.MIN_EVIDENCE
EDITABLE_STATUSES = ("draft", "submitted", "changes_requested", "published")
SUBMITTABLE_STATUSES = ("draft", "changes_requested")
TRANSLATION_LOCALES: tuple[str, ...] = tuple(t for t in LOCALE_TAGS if t != DEFAULT_LOCALE)
#: A corrected pin may move this far from the postcode at most (a typo guard).
MAX_PIN_DISTANCE_M = rules.MAX_DISTANCE_FROM_POSTCODE_M


def _offer_query() -> Select[Offer]:
    return select(Offer).options(
        selectinload(Offer.organisation),
        selectinload(Offer.activities),
        selectinload(Offer.translations),
        selectinload(Offer.locations),
        selectinload(Offer.slots),
        selectinload(Offer.contacts),
        selectinload(Offer.history),
    )


def load_offer(session: Session, offer_id: int) -> Offer:
    """Return an offer in any status with its parts loaded; raise NotFound."""
    offer = session.scalar(_offer_query().where(Offer.id == offer_id))
    if offer is None:
        raise NotFound("offer")
    return offer


def get_offer_for_viewing(session: Session, user: User | None, offer_id: int) -> Offer:
    """Return an offer in any status for its organisation's members or the moderators of its area."""
    user = require_user(user)
    offer = load_offer(session, offer_id)
    if not (is_member(user, offer.organisation_id) or is_moderator_for(user, offer)):
        raise PermissionDenied("not this organisation's offer")
    return offer


def get_offer_for_editing(session: Session, user: User | None, offer_id: int) -> Offer:
    """Return an offer the user may edit (a member of its organisation)."""
    offer = load_offer(session, offer_id)
    require_member(user, offer.organisation_id)
    return offer


# --- what the editor shows -----------------------------------------------------------------


def current_values(offer: Offer) -> dict[str, Any]:
    """Return the offer's field values with any edit waiting for review laid over them."""
    values = {
        name: getattr(offer, name)
        for name in (
            "offer_type",
            "title_nl",
            "summary_nl",
            "description_nl",
            "schedule_kind",
            "schedule_note",
            "start_date",
            "end_date",
            "capacity",
            "places_free",
            "dutch_level",
            "free",
            "cost_note",
            "cost_amount_cents",
            "cost_unit",
            "reduced_uitpas",
            "reduced_social_tariff",
            "audience",
            "join_how",
            "transit_stop",
            "wheelchair",
            "accessibility_note",
            "insurance_note",
            "dutch_context",
            "dutch_context_evidence",
            "social_participation",
            "social_participation_evidence",
        )
    }
    values.update(pending_fields(offer))
    values["activities"] = offer.activity_codes
    return values


def pending_fields(offer: Offer) -> dict[str, Any]:
    """Return the fields of an edit waiting for review (empty when there is none)."""
    return dict((offer.pending_changes or {}).get("fields", {}))


def pending_returned(offer: Offer) -> dict[str, Any] | None:
    """Return the moderator's answer when a waiting edit was sent back, else None."""
    return (offer.pending_changes or {}).get("returned")


def missing_translations(offer: Offer) -> list[str]:
    """Return the UI locales (other than Dutch) the offer has no translation for."""
    have = {t.locale for t in offer.translations}
    return [tag for tag in TRANSLATION_LOCALES if tag not in have]


@dataclass(frozen=True)
class StepProblem:
    """Something that stops an offer from being submitted, and the step that fixes it."""

    step: str
    message: str


def submission_problems(offer: Offer) -> list[StepProblem]:
    """Return what is missing before the offer can go to the moderators."""
    values = current_values(offer)
    problems: list[StepProblem] = []
    if not (values["title_nl"] or "").strip():
        problems.append(StepProblem("basics", str(_l("Add a Dutch title."))))
    if not (values["summary_nl"] or "").strip():
        problems.append(StepProblem("texts", str(_l("Add a short Dutch summary."))))
    if not offer.locations:
        problems.append(StepProblem("places", str(_l("Add at least one place."))))
    if values["schedule_kind"] == "weekly" and not offer.slots:
        problems.append(
            StepProblem("schedule", str(_l("Add a weekly moment, or choose “by arrangement”.")))
        )
    if not any(c.signs_proof for c in offer.contacts):
        problems.append(
            StepProblem(
                "contacts", str(_l("Add the contact person who signs the proof of participation."))
            )
        )
    for field, message in (
        ("dutch_context_evidence", _l("Explain how participants practise Dutch.")),
        ("social_participation_evidence", _l("Explain how participants meet new people.")),
    ):
        if rules.evidence_too_short(values[field]):
            problems.append(StepProblem("criteria", str(message)))
    return problems


def step_done(offer: Offer, step: str) -> bool:
    """Return True when a step has what submission needs (translations are optional)."""
    return step == "translations" or not any(p.step == step for p in submission_problems(offer))


# --- creating and saving ------------------------------------------------------------------


def _check_type(values: Mapping[str, Any], errors: dict[str, str]) -> None:
    taxonomy = get_taxonomy()
    if values.get("offer_type") not in taxonomy.offer_types:
        errors["offer_type"] = str(_l("Choose the type of offer."))
    unknown = [a for a in values.get("activities", []) if a not in taxonomy.activities]
    if unknown:
        errors["activities"] = str(_l("Choose activities from the list."))


def _check_length(values: Mapping[str, Any], errors: dict[str, str], *names: str) -> None:
    for name in names:
        limit = LIMITS[name]
        if len(values.get(name) or "") > limit:
            errors[name] = str(_l("Use at most %(num)d characters.", num=limit))


def create_offer(
    session: Session, user: User | None, organisation_id: int, values: Mapping[str, Any]
) -> Offer:
    """Create a draft offer for the organisation from the first step (type, activities, title)."""
    org = session.get(Organisation, organisation_id)
    if org is None:
        raise NotFound("organisation")
    user = require_member(user, org)
    errors: dict[str, str] = {}
    _check_type(values, errors)
    if not (values.get("title_nl") or "").strip():
        errors["title_nl"] = str(_l("Add a Dutch title."))
    _check_length(values, errors, "title_nl")
    if errors:
        raise ValidationFailed(errors)
    offer = Offer(
        organisation=org,
        offer_type=values["offer_type"],
        title_nl=values["title_nl"].strip(),
        summary_nl="",
        description_nl="",
        status="draft",
    )
    offer.activities = [
        OfferActivity(activity_code=a) for a in dict.fromkeys(values.get("activities", []))
    ]
    session.add(offer)
    session.flush()
    offer.history.append(OfferStatusChange(from_status=None, to_status="draft", actor_id=user.id))
    audit.record(session, user, "offer.created", offer, {"organisation_id": org.id})
    session.commit()
    return offer


@dataclass(frozen=True)
class SaveResult:
    """What saving a step did: fields changed at once and fields now waiting for review."""

    applied: tuple[str, ...]
    pending: tuple[str, ...]


def save_step(
    session: Session,
    user: User | None,
    offer: Offer,
    step: str,
    values: Mapping[str, Any],
    *,
    geocoder: Any = None,
    now: datetime | None = None,
) -> SaveResult:
    """Validate and save one editor step; reviewed fields of a published offer wait for review."""
    user = require_member(user, offer.organisation_id)
    if offer.status not in EDITABLE_STATUSES:
        raise InvalidTransition(f"cannot edit an offer that is {offer.status}")
    if step not in STEPS:
        raise NotFound("step")
    now = now or utcnow()
    handler = _STEP_HANDLERS[step]
    errors: dict[str, str] = {}
    list_changes: list[str] = []
    scalar_changes = handler(offer, values, errors, geocoder or default_gazetteer(), list_changes)
    if errors:
        # Handlers change nothing before every row is valid; this also drops autoloaded state.
        session.rollback()
        raise ValidationFailed(errors)
    applied: list[str] = list(list_changes)
    pending: list[str] = []
    live = offer.status == "published"
    waiting = pending_fields(offer)
    # An edit already waiting for a moderator was announced; a returned one comes back.
    was_returned = pending_returned(offer) is not None
    was_waiting = bool(waiting) and not was_returned
    # Saying a criterion no longer holds takes effect at once (visitors must not be told
    # more than is true); only upgrades wait for a moderator.
    downgraded = _criterion_downgrades(offer, scalar_changes) if live else set()
    for name in downgraded:
        waiting.pop(name, None)
    for name, value in scalar_changes.items():
        if live and name in REVIEWED_FIELDS and name not in downgraded:
            if value != getattr(offer, name):
                waiting[name] = value
                pending.append(name)
            else:
                # Changed back to the published value: nothing left to review for it.
                waiting.pop(name, None)
            continue
        if getattr(offer, name) != value:
            setattr(offer, name, value)
            applied.append(name)
    if live:
        if waiting:
            offer.pending_changes = {
                "fields": _jsonable(waiting),
                "by": user.id,
                "at": now.isoformat(),
                "returned": None,
            }
        elif offer.pending_changes is not None:
            offer.pending_changes = None
    if applied or pending:
        offer.updated_at = now
        action = "offer.edited_live" if live else "offer.edited"
        audit.record(
            session,
            user,
            action,
            offer,
            {"step": step, "fields": applied, "pending": pending, "downgraded": sorted(downgraded)},
            now=now,
        )
    session.commit()
    if pending and not was_waiting:
        # Imported here: the moderation services read offers through this module.
        from aanbodplatform.services import moderation_mail

        moderation_mail.offer_waiting(session, None, offer, resubmitted=was_returned)
    return SaveResult(tuple(applied), tuple(pending))


#: Each PNT criterion and the explanation that goes with it.
CRITERIA = {
    "dutch_context": "dutch_context_evidence",
    "social_participation": "social_participation_evidence",
}


def _criterion_downgrades(offer: Offer, changes: Mapping[str, Any]) -> set[str]:
    """Return the fields applied at once: criteria switched from yes to no, with their text."""
    found: set[str] = set()
    for answer, evidence in CRITERIA.items():
        if answer in changes and getattr(offer, answer) and changes[answer] is False:
            found.update((answer, evidence))
    return found


def _jsonable(values: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in values.items():
        out[key] = value.isoformat() if isinstance(value, date | time) else value
    return out


# --- step handlers: validate, apply list changes, return scalar changes -------------------


def _basics(
    offer: Offer, values: Mapping[str, Any], errors: dict[str, str], _geo: Any, changed: list[str]
) -> dict[str, Any]:
    _check_type(values, errors)
    if not (values.get("title_nl") or "").strip():
        errors["title_nl"] = str(_l("Add a Dutch title."))
    _check_length(values, errors, "title_nl")
    if errors:
        return {}
    wanted = list(dict.fromkeys(values.get("activities", [])))
    if sorted(wanted) != sorted(offer.activity_codes):
        offer.activities = [OfferActivity(activity_code=a) for a in wanted]
        changed.append("activities")
    return {"offer_type": values["offer_type"], "title_nl": values["title_nl"].strip()}


def _texts(
    offer: Offer, values: Mapping[str, Any], errors: dict[str, str], _geo: Any, changed: list[str]
) -> dict[str, Any]:
    if not (values.get("summary_nl") or "").strip():
        errors["summary_nl"] = str(_l("Add a short Dutch summary."))
    _check_length(values, errors, "summary_nl", "description_nl")
    if errors:
        return {}
    return {
        "summary_nl": values["summary_nl"].strip(),
        "description_nl": (values.get("description_nl") or "").strip(),
    }


def _places(
    offer: Offer,
    values: Mapping[str, Any],
    errors: dict[str, str],
    geocoder: Any,
    changed: list[str],
) -> dict[str, Any]:
    keys = ("name", "street", "postcode", "municipality")
    rows = [
        r for r in values.get("locations", []) if any(str(r.get(k) or "").strip() for k in keys)
    ]
    if not rows:
        errors["locations-0-postcode"] = str(_l("Add at least one place."))
        return {}
    existing = {loc.id: loc for loc in offer.locations}
    planned: list[tuple[Location | None, dict[str, Any]]] = []
    for index, row in enumerate(rows):
        prefix = f"locations-{row.get('_index', index)}-"
        postcode = str(row.get("postcode") or "").strip()
        town = str(row.get("municipality") or "").strip()
        street = str(row.get("street") or "").strip()
        name = str(row.get("name") or "").strip()
        if not postcode and not town:
            errors[prefix + "postcode"] = str(_l("Enter the postcode or the municipality."))
            continue
        for field, text, limit in (
            ("street", street, LIMITS["street"]),
            ("name", name, LIMITS["location_name"]),
        ):
            if len(text) > limit:
                errors[prefix + field] = str(_l("Use at most %(num)d characters.", num=limit))
        found = geocode_address(geocoder, street, postcode, town)
        if found is None or found.municipality_nis is None:
            errors[prefix + "postcode"] = str(
                _l("We cannot find this place in Flanders or Brussels. Check the postcode.")
            )
            continue
        old = existing.get(_int(row.get("id")) or 0)  # ids start at 1
        same_address = old is not None and (old.street or "", old.postcode or "") == (
            street,
            postcode,
        )
        lat, lon, precision = found.lat, found.lon, found.precision
        if same_address and old is not None and old.lat is not None and old.lon is not None:
            # Unchanged address: keep the point (it may have been corrected by hand before).
            lat, lon, precision = old.lat, old.lon, old.precision
        pin_lat, pin_lon = _float(row.get("lat")), _float(row.get("lon"))
        moved = (
            pin_lat is not None
            and pin_lon is not None
            and (abs(pin_lat - lat) > 1e-6 or abs(pin_lon - lon) > 1e-6)
        )
        if moved and pin_lat is not None and pin_lon is not None and (
            same_address or row.get("pin_moved")
        ):
            # A person placed the pin: trust it, within reason (a typo lands far away).
            far = distance_m(pin_lat, pin_lon, found.lat, found.lon) > MAX_PIN_DISTANCE_M
            if not rules.in_belgium(pin_lat, pin_lon) or far:
                errors[prefix + "lat"] = str(
                    _l("The pin is too far from the postcode. Check the map.")
                )
                continue
            lat, lon, precision = round(pin_lat, 6), round(pin_lon, 6), "address"
        planned.append(
            (
                old,
                {
                    "name": name or None,
                    "street": street or None,
                    "postcode": postcode or found.postcode,
                    "municipality_nis": found.municipality_nis,
                    "lat": lat,
                    "lon": lon,
                    "precision": precision,
                },
            )
        )
    if errors:
        return {}
    before = _snapshot(
        offer.locations,
        ("name", "street", "postcode", "municipality_nis", "lat", "lon", "precision"),
    )
    kept: list[Location] = []
    for old, fields in planned:
        location = old if old is not None and old not in kept else Location()
        for key, value in fields.items():
            setattr(location, key, value)
        kept.append(location)
    offer.locations = kept
    if (
        _snapshot(
            kept, ("name", "street", "postcode", "municipality_nis", "lat", "lon", "precision")
        )
        != before
    ):
        changed.append("locations")
    return {}


def _snapshot(items: Iterable[Any], names: tuple[str, ...]) -> list[tuple[Any, ...]]:
    return [tuple(getattr(item, n) for n in names) for item in items]


def _slot_daypart(starts: time | None, given: str | None) -> str | None:
    if given in DAYPARTS:
        return given
    if starts is None:
        return None
    if starts < time(12, 0):
        return "morning"
    return "afternoon" if starts < time(17, 0) else "evening"


def _schedule(
    offer: Offer, values: Mapping[str, Any], errors: dict[str, str], _geo: Any, changed: list[str]
) -> dict[str, Any]:
    kind = values.get("schedule_kind")
    if kind not in ("weekly", "by_arrangement"):
        errors["schedule_kind"] = str(_l("Choose weekly moments or “by arrangement”."))
        return {}
    slots: list[ScheduleSlot] = []
    if kind == "weekly":
        rows = [r for r in values.get("slots", []) if r.get("weekday") or r.get("starts_at")]
        for index, row in enumerate(rows):
            prefix = f"slots-{row.get('_index', index)}-"
            if row.get("weekday") not in WEEKDAYS:
                errors[prefix + "weekday"] = str(_l("Choose a day."))
                continue
            starts, ends = row.get("starts_at"), row.get("ends_at")
            if starts and ends and ends <= starts:
                errors[prefix + "ends_at"] = str(_l("The end time must be after the start time."))
                continue
            slots.append(
                ScheduleSlot(
                    weekday=row["weekday"],
                    daypart=_slot_daypart(starts, row.get("daypart")),
                    starts_at=starts,
                    ends_at=ends,
                )
            )
        if not rows:
            errors["slots-0-weekday"] = str(_l("Add a weekly moment, or choose “by arrangement”."))
    start, end = values.get("start_date"), values.get("end_date")
    if start and end and end < start:
        errors["end_date"] = str(_l("The end date must be on or after the start date."))
    _check_length(values, errors, "schedule_note")
    if errors:
        return {}
    old = [(s.weekday, s.daypart, s.starts_at, s.ends_at) for s in offer.slots]
    new = [(s.weekday, s.daypart, s.starts_at, s.ends_at) for s in slots]
    if old != new:
        offer.slots = slots
        changed.append("slots")
    return {
        "schedule_kind": kind,
        "schedule_note": (values.get("schedule_note") or "").strip() or None,
        "start_date": start,
        "end_date": end,
    }


def _practical(
    offer: Offer, values: Mapping[str, Any], errors: dict[str, str], _geo: Any, changed: list[str]
) -> dict[str, Any]:
    capacity, free_places = values.get("capacity"), values.get("places_free")
    for name, number in (("capacity", capacity), ("places_free", free_places)):
        if number is not None and not 0 <= number <= 100_000:
            errors[name] = str(_l("Enter a number from 0 to 100000."))
    if capacity is not None and free_places is not None and free_places > capacity:
        errors["places_free"] = str(_l("There cannot be more free places than places."))
    if values.get("dutch_level") not in DUTCH_LEVELS:
        errors["dutch_level"] = str(_l("Choose the Dutch level that is welcome."))
    free = bool(values.get("free"))
    amount = _amount_cents(values.get("cost_amount"))
    if amount is False:
        errors["cost_amount"] = str(_l("Enter an amount in euro, like 2,50."))
    elif not free and amount is None and not (values.get("cost_note") or "").strip():
        errors["cost_amount"] = str(_l("Say what it costs."))
    unit = values.get("cost_unit") or None
    if unit is not None and unit not in COST_UNITS:
        errors["cost_unit"] = str(_l("Choose when the amount is paid."))
    audience = [a for a in values.get("audience") or [] if a]
    if any(a not in AUDIENCES for a in audience):
        errors["audience"] = str(_l("Choose from the list."))
    join_how = values.get("join_how") or None
    if join_how is not None and join_how not in JOIN_WAYS:
        errors["join_how"] = str(_l("Choose from the list."))
    stop = (values.get("transit_stop") or "").strip()
    if len(stop) > 120:
        errors["transit_stop"] = str(_l("Use at most %(num)d characters.", num=120))
    _check_length(values, errors, "cost_note", "accessibility_note", "insurance_note")
    if errors:
        return {}
    return {
        "cost_amount_cents": None if free else amount,
        "cost_unit": None if free or amount is None else unit,
        "reduced_uitpas": bool(values.get("reduced_uitpas")),
        "reduced_social_tariff": bool(values.get("reduced_social_tariff")),
        "audience": ",".join(a for a in AUDIENCES if a in audience),
        "join_how": join_how,
        "transit_stop": stop or None,
        "capacity": capacity,
        "places_free": free_places,
        "dutch_level": values["dutch_level"],
        "free": free,
        "cost_note": (values.get("cost_note") or "").strip() or None,
        "wheelchair": bool(values.get("wheelchair")),
        "accessibility_note": (values.get("accessibility_note") or "").strip() or None,
        "insurance_note": (values.get("insurance_note") or "").strip() or None,
    }


def _contacts(
    offer: Offer, values: Mapping[str, Any], errors: dict[str, str], _geo: Any, changed: list[str]
) -> dict[str, Any]:
    from aanbodplatform.services.accounts import is_valid_email, normalise_email

    keys = ("name", "email", "phone")
    rows = [r for r in values.get("contacts", []) if any(str(r.get(k) or "").strip() for k in keys)]
    existing = {c.id: c for c in offer.contacts}
    planned: list[tuple[OfferContact | None, dict[str, Any]]] = []
    for index, row in enumerate(rows):
        prefix = f"contacts-{row.get('_index', index)}-"
        name = str(row.get("name") or "").strip()
        email = normalise_email(str(row.get("email") or ""))
        phone = str(row.get("phone") or "").strip()
        if not name:
            errors[prefix + "name"] = str(_l("Enter the name of the contact person."))
        elif len(name) > LIMITS["contact_name"]:
            errors[prefix + "name"] = str(
                _l("Use at most %(num)d characters.", num=LIMITS["contact_name"])
            )
        if email and not is_valid_email(email):
            errors[prefix + "email"] = str(_l("Enter an email address like name@example.be."))
        elif not email and not phone:
            errors[prefix + "email"] = str(_l("Give an email address or a phone number."))
        if len(phone) > rules.CONTACT_PHONE_MAX:
            errors[prefix + "phone"] = str(_l("Use at most %(num)d characters.", num=rules.CONTACT_PHONE_MAX))
        planned.append(
            (
                existing.get(_int(row.get("id")) or 0),  # ids start at 1
                {
                    "name": name,
                    "email": email or None,
                    "phone": phone or None,
                    "signs_proof": bool(row.get("signs_proof")),
                },
            )
        )
    if not rows:
        errors["contacts-0-name"] = str(_l("Add at least one contact person."))
    elif not errors and not any(fields["signs_proof"] for _old, fields in planned):
        errors["contacts-0-signs_proof"] = str(
            _l("Mark the contact person who signs the proof of participation.")
        )
    if errors:
        return {}
    names = ("name", "email", "phone", "signs_proof")
    before = _snapshot(offer.contacts, names)
    kept: list[OfferContact] = []
    for old, fields in planned:
        contact = old if old is not None and old not in kept else OfferContact()
        for key, value in fields.items():
            setattr(contact, key, value)
        kept.append(contact)
    offer.contacts = kept
    if _snapshot(kept, names) != before:
        changed.append("contacts")
    return {}


def _criteria(
    offer: Offer, values: Mapping[str, Any], errors: dict[str, str], _geo: Any, changed: list[str]
) -> dict[str, Any]:
    for answer, evidence, question in (
        ("dutch_context", "dutch_context_evidence", _l("Answer the question about Dutch.")),
        (
            "social_participation",
            "social_participation_evidence",
            _l("Answer the question about meeting people."),
        ),
    ):
        if values.get(answer) not in (True, False):
            errors[answer] = str(question)
        if rules.evidence_too_short(values.get(evidence)):
            errors[evidence] = str(
                _l("Explain your answer in at least %(num)d characters.", num=MIN_EVIDENCE)
            )
    _check_length(values, errors, "dutch_context_evidence", "social_participation_evidence")
    if errors:
        return {}
    return {
        "dutch_context": bool(values["dutch_context"]),
        "dutch_context_evidence": values["dutch_context_evidence"].strip(),
        "social_participation": bool(values["social_participation"]),
        "social_participation_evidence": values["social_participation_evidence"].strip(),
    }


def _translations(
    offer: Offer, values: Mapping[str, Any], errors: dict[str, str], _geo: Any, changed: list[str]
) -> dict[str, Any]:
    wanted: dict[str, tuple[str, str, str, str]] = {}
    for row in values.get("translations", []):
        tag = row.get("locale")
        if tag not in TRANSLATION_LOCALES:
            continue
        prefix = f"translations-{row.get('_index', TRANSLATION_LOCALES.index(tag))}-"
        title = (row.get("title") or "").strip()
        summary = (row.get("summary") or "").strip()
        described = (row.get("description") or "").replace("\r\n", "\n").strip()
        if not title and not summary:
            continue
        if not title or not summary:
            errors[prefix + ("title" if not title else "summary")] = str(
                _l("A translation needs both a title and a summary.")
            )
            continue
        if len(title) > LIMITS["translation_title"]:
            errors[prefix + "title"] = str(
                _l("Use at most %(num)d characters.", num=LIMITS["translation_title"])
            )
            continue
        if len(summary) > LIMITS["translation_summary"]:
            errors[prefix + "summary"] = str(
                _l("Use at most %(num)d characters.", num=LIMITS["translation_summary"])
            )
            continue
        if len(described) > LIMITS["description_nl"]:
            errors[prefix + "description"] = str(
                _l("Use at most %(num)d characters.", num=LIMITS["description_nl"])
            )
            continue
        by = row.get("translated_by") if row.get("translated_by") in TRANSLATORS else "organisation"
        wanted[tag] = (title, summary, described, by)
    if errors:
        return {}
    names = ("locale", "title", "summary", "description", "translated_by")
    before = _snapshot(offer.translations, names)
    kept: list[OfferTranslation] = []
    for tag in TRANSLATION_LOCALES:
        if tag not in wanted:
            continue
        title, summary, described, by = wanted[tag]
        current = offer.translation(tag) or OfferTranslation(locale=tag)
        stale = set(outdated_fields(current, offer)) if current.id else set()
        now_values = (title, summary, described or None, by)
        if (current.title, current.summary, current.description, current.translated_by) != now_values or stale:
            # Saving the translation again means the organisation made it match today's Dutch.
            current.title, current.summary, current.description, current.translated_by = now_values
            current.translator_id = None
            stamp_sources(current, offer)
        kept.append(current)
    offer.translations = kept
    if _snapshot(kept, names) != before:
        changed.append("translations")
    return {}


_STEP_HANDLERS = {
    "basics": _basics,
    "texts": _texts,
    "places": _places,
    "schedule": _schedule,
    "practical": _practical,
    "contacts": _contacts,
    "criteria": _criteria,
    "translations": _translations,
}


def _amount_cents(value: Any) -> int | None | bool:
    """Return euro text ("2,50", "€ 3") in cents, None when empty, False when not an amount."""
    text = str(value or "").replace("€", "").replace(" ", "").strip()
    if not text:
        return None
    if not re.fullmatch(r"\d{1,5}([.,]\d{1,2})?", text):
        return False
    return round(float(text.replace(",", ".")) * 100)


def _int(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _float(value: Any) -> float | None:
    try:
        number = float(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None
    return number if number is None or number == number else None


# --- status changes by the organisation ----------------------------------------------------


def change_status(
    session: Session,
    offer: Offer,
    actor: User | None,
    to_status: str,
    comment: str | None,
    *,
    action: str,
    now: datetime,
    data: Mapping[str, Any] | None = None,
) -> OfferStatusChange:
    """Move an offer to `to_status` and record it in its history and the audit trail."""
    change = OfferStatusChange(
        from_status=offer.status,
        to_status=to_status,
        actor_id=actor.id if actor is not None else None,
        comment=comment,
        created_at=now,
    )
    offer.history.append(change)
    audit.record(
        session,
        actor,
        action,
        offer,
        {"from": offer.status, "to": to_status, "comment": comment, **(data or {})},
        now=now,
    )
    offer.status = to_status
    offer.updated_at = now
    return change


def submit_offer(
    session: Session, user: User | None, offer: Offer, now: datetime | None = None
) -> Offer:
    """Send a draft (or an offer sent back for changes) to the moderators of its area."""
    require_member(user, offer.organisation_id)
    if offer.status not in SUBMITTABLE_STATUSES:
        raise InvalidTransition(f"cannot submit an offer that is {offer.status}")
    problems = submission_problems(offer)
    if problems:
        raise ValidationFailed({p.step: p.message for p in problems})
    now = now or utcnow()
    resubmitted = offer.status == "changes_requested"
    change_status(
        session, offer, user, lifecycle.target(offer, "submit"), None,
        action="offer.submitted", now=now,
    )
    offer.submitted_at = now
    session.commit()
    # Imported here: the moderation services read offers through this module.
    from aanbodplatform.services import moderation_mail

    moderation_mail.offer_waiting(session, None, offer, resubmitted=resubmitted)
    return offer


def archive_offer(
    session: Session, user: User | None, offer: Offer, now: datetime | None = None
) -> Offer:
    """Take an offer offline at the organisation's request (it leaves search at once)."""
    require_member(user, offer.organisation_id)
    if offer.status == "archived":
        raise InvalidTransition("already archived")
    now = now or utcnow()
    change_status(
        session,
        offer,
        user,
        lifecycle.target(offer, "archive"),
        ARCHIVED_BY_ORGANISATION,
        action="offer.archived",
        now=now,
    )
    session.commit()
    return offer


#: Codes stored as history comments by the system; pages show a translated sentence.
ARCHIVED_BY_ORGANISATION = "organisation:archived"


# --- preview -------------------------------------------------------------------------------


class OfferPreview:
    """An offer as it will look once a waiting edit is approved (read-only, never saved)."""

    def __init__(self, offer: Offer) -> None:
        self._offer = offer
        self._overrides = pending_fields(offer)

    def __getattr__(self, name: str) -> Any:
        if name in self._overrides:
            return self._overrides[name]
        return getattr(self._offer, name)

    @property
    def pnt_eligible(self) -> bool:
        """Return True when the previewed offer meets both PNT criteria."""
        return bool(self.dutch_context and self.social_participation)
