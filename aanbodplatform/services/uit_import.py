"""UiTdatabank import: events and places (JSON-LD, as the Search API returns them) as drafts.

UiTdatabank is Flanders' database of leisure activities (publiq). An item becomes a
**draft** offer of the organiser's organisation, for the moderator to complete: the
two PNT criteria are never assumed (both off, no evidence). Types and themes map to
our offer types and activities through `data/uit_mapping.json`; the place is geocoded
from the item's own point or, failing that, from its postcode and locality.
Re-importing the same UiT id updates the draft instead of making a second one; once an
offer has left the draft state, a re-import leaves it alone and says so.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from aanbodplatform.geo import OfflineGazetteer, fold
from aanbodplatform.models import (
    ExternalReference,
    Location,
    Offer,
    OfferActivity,
    OfferContact,
    Organisation,
    ScheduleSlot,
    utcnow,
)
from aanbodplatform.services import audit
from aanbodplatform.services.offer_rules import CONTACT_NAME_MAX, SUMMARY_MAX, TITLE_MAX
from aanbodplatform.services.regions import municipalities
from aanbodplatform.services.transactions import savepoint

SOURCE = "uitdatabank"
MAPPING_FILE = Path(__file__).resolve().parent.parent / "data" / "uit_mapping.json"
UIT_ID = re.compile(r"([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})", re.I)
WEEKDAYS = {"monday": "mon", "tuesday": "tue", "wednesday": "wed", "thursday": "thu",
            "friday": "fri", "saturday": "sat", "sunday": "sun"}


class UitFileError(ValueError):
    """The file is not UiTdatabank JSON-LD at all (nothing was imported)."""


@dataclass
class UitImportReport:
    """What an import did, item by item (position is 1-based in the file)."""

    created: list[tuple[int, int]] = field(default_factory=list)
    updated: list[tuple[int, int]] = field(default_factory=list)
    unchanged: list[tuple[int, int]] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)
    rejected: list[tuple[int, str]] = field(default_factory=list)


@lru_cache(maxsize=1)
def uit_mapping() -> dict[str, Any]:
    """Return the UiT type/theme → offer type/activities mapping (shipped data)."""
    return json.loads(MAPPING_FILE.read_text(encoding="utf-8"))


def read_items(payload: Any) -> list[Mapping[str, Any]]:
    """Return the events/places of a Search API answer, a list, or one item."""
    if isinstance(payload, Mapping) and isinstance(payload.get("member"), list):
        items = payload["member"]
    elif isinstance(payload, list):
        items = payload
    elif isinstance(payload, Mapping) and payload.get("@id"):
        items = [payload]
    else:
        raise UitFileError("expected a PagedCollection with 'member', a list or one item")
    return [item if isinstance(item, Mapping) else {} for item in items]


def _text(value: Any, main: str = "nl") -> str:
    # Translatable fields are {"nl": ..., "fr": ...}; older items have plain strings.
    if isinstance(value, Mapping):
        value = value.get(main) or value.get("nl") or next(iter(value.values()), "")
    return value.strip() if isinstance(value, str) else ""


def _plain(text: str) -> str:
    # Descriptions carry HTML (<br/>, <p>); drafts are plain text.
    text = re.sub(r"<\s*br\s*/?>|</p>", "\n", text, flags=re.I)
    text = re.sub(r"<[^>]+>", "", text)
    return re.sub(r"\n{3,}", "\n\n", html.unescape(text)).strip()


def _summary(description: str, title: str) -> str:
    first = re.split(r"(?<=[.!?])\s", description.replace("\n", " "), maxsplit=1)[0].strip()
    text = first or title
    return text if len(text) <= SUMMARY_MAX else text[: SUMMARY_MAX - 1].rstrip() + "…"


def _uit_id(item: Mapping[str, Any]) -> str | None:
    match = UIT_ID.search(str(item.get("@id", "")))
    return match.group(1).lower() if match else None


def _terms(item: Mapping[str, Any], domain: str) -> list[str]:
    terms = item.get("terms") or []
    return [str(t.get("id")) for t in terms if isinstance(t, Mapping) and t.get("domain") == domain]


def map_terms(item: Mapping[str, Any]) -> tuple[str, list[str]]:
    """Return (offer type, activity codes) for an item's UiT event types and themes."""
    mapping = uit_mapping()
    offer_type = mapping["default_offer_type"]
    activities: list[str] = []
    for type_id in _terms(item, "eventtype"):
        entry = mapping["event_types"].get(type_id)
        if entry:
            offer_type = entry["offer_type"]
            activities.extend(entry["activities"])
            break
    for theme_id in _terms(item, "theme"):
        activities.extend(mapping["themes"].get(theme_id, {}).get("activities", []))
    return offer_type, list(dict.fromkeys(activities))


def _place(item: Mapping[str, Any]) -> Mapping[str, Any]:
    # An event names its place under "location"; a place is its own location.
    location = item.get("location")
    return location if isinstance(location, Mapping) else item


def _address(place: Mapping[str, Any]) -> Mapping[str, Any]:
    address = place.get("address") or {}
    if isinstance(address, Mapping) and "postalCode" not in address:
        address = address.get("nl") or next(iter(address.values()), {}) if address else {}
    return address if isinstance(address, Mapping) else {}


def geocode_place(item: Mapping[str, Any], gazetteer: OfflineGazetteer) -> Location | None:
    """Return the item's place as a Location in Flanders or Brussels, or None."""
    place = _place(item)
    address = _address(place)
    postcode = str(address.get("postalCode", "")).strip()
    locality = str(address.get("addressLocality", "")).strip()
    candidates = gazetteer.postcode(postcode) if re.fullmatch(r"\d{4}", postcode) else []
    chosen = None
    if candidates:
        wanted = fold(locality)
        chosen = next((c for c in candidates if wanted and fold(c.label).endswith(wanted)),
                      candidates[0])
    elif locality:
        chosen = gazetteer.lookup(locality)
    if chosen is None or chosen.municipality_nis not in municipalities():
        return None
    geo = place.get("geo") if isinstance(place.get("geo"), Mapping) else {}
    lat, lon, precision = chosen.lat, chosen.lon, "postcode" if candidates else "locality"
    try:
        if geo and geo.get("latitude") is not None and geo.get("longitude") is not None:
            lat, lon, precision = float(geo["latitude"]), float(geo["longitude"]), "address"
    except (TypeError, ValueError):
        pass
    return Location(
        name=_text(place.get("name"))[:200] or None,
        street=str(address.get("streetAddress", "")).strip()[:200] or None,
        postcode=chosen.postcode or (postcode or None),
        municipality_nis=chosen.municipality_nis,
        lat=lat, lon=lon, precision=precision,
    )


def _slots(item: Mapping[str, Any]) -> list[ScheduleSlot]:
    slots: list[ScheduleSlot] = []
    for hours in item.get("openingHours") or []:
        if not isinstance(hours, Mapping):
            continue
        opens, closes = _time(hours.get("opens")), _time(hours.get("closes"))
        for day in hours.get("dayOfWeek") or []:
            if day in WEEKDAYS:
                slots.append(ScheduleSlot(weekday=WEEKDAYS[day], daypart=_daypart(opens),
                                          starts_at=opens, ends_at=closes))
    return slots


def _time(value: Any) -> time | None:
    try:
        return time.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _daypart(start: time | None) -> str | None:
    if start is None:
        return None
    return "morning" if start.hour < 12 else "afternoon" if start.hour < 18 else "evening"


def _date(value: Any) -> date | None:
    try:
        return datetime.fromisoformat(str(value)).date() if value else None
    except ValueError:
        return None


def _price(item: Mapping[str, Any]) -> tuple[bool, str | None]:
    prices = [p for p in item.get("priceInfo") or [] if isinstance(p, Mapping)]
    base = next((p for p in prices if p.get("category") == "base"), None)
    if base is None:
        return True, None
    try:
        amount = float(base.get("price", 0))
    except (TypeError, ValueError):
        return False, None
    if amount == 0:
        return True, None
    return False, f"{amount:.2f} EUR".replace(".", ",")


def _contact(item: Mapping[str, Any]) -> OfferContact | None:
    point: Mapping[str, Any] = item["contactPoint"] if isinstance(item.get("contactPoint"), Mapping) else {}
    emails = [e for e in (point.get("email") or []) if isinstance(e, str) and "@" in e]
    phones = [p for p in (point.get("phone") or []) if isinstance(p, str) and p.strip()]
    if not emails and not phones:
        return None
    organiser = _text((item.get("organizer") or {}).get("name")) if isinstance(
        item.get("organizer"), Mapping) else ""
    return OfferContact(name=(organiser or "UiTdatabank")[:CONTACT_NAME_MAX], email=emails[0] if emails else None,
                        phone=phones[0][:40] if phones else None, signs_proof=False)


def _organisation(session: Session, item: Mapping[str, Any],
                  default: Organisation | None) -> Organisation | None:
    organiser = item.get("organizer")
    if not isinstance(organiser, Mapping) or not _text(organiser.get("name")):
        return default
    external = _uit_id(organiser)
    if external:
        ref = session.scalar(select(ExternalReference).where(
            ExternalReference.source == SOURCE, ExternalReference.kind == "organisation",
            ExternalReference.external_id == external))
        if ref is not None:
            found = session.get(Organisation, ref.entity_id)
            if found is not None:
                return found
    if default is not None:
        return default
    org = Organisation(name=_text(organiser.get("name"))[:200],
                       website=str(organiser.get("url") or "")[:300] or None)
    session.add(org)
    session.flush()
    if external:
        session.add(ExternalReference(source=SOURCE, kind="organisation", external_id=external,
                                      entity_id=org.id))
    return org


def _fill(offer: Offer, item: Mapping[str, Any], location: Location) -> None:
    main = str(item.get("mainLanguage") or "nl")
    title = _text(item.get("name"), main)
    description = _plain(_text(item.get("description"), main))
    offer_type, activities = map_terms(item)
    free, cost_note = _price(item)
    offer.offer_type = offer_type
    offer.title_nl = title[:TITLE_MAX]
    offer.summary_nl = _summary(description, title)
    offer.description_nl = description
    offer.free, offer.cost_note = free, cost_note
    offer.start_date, offer.end_date = _date(item.get("startDate")), _date(item.get("endDate"))
    slots = _slots(item)
    offer.schedule_kind = "weekly" if slots else "by_arrangement"
    offer.schedule_note = None if slots else (
        f"{item.get('calendarType', '')} (UiTdatabank)".strip())
    # The criteria are for the organisation to state and the moderator to check.
    offer.dutch_context, offer.dutch_context_evidence = False, ""
    offer.social_participation, offer.social_participation_evidence = False, ""
    offer.activities = [OfferActivity(activity_code=a) for a in activities]
    offer.locations = [location]
    offer.slots = slots
    contact = _contact(item)
    offer.contacts = [contact] if contact else []


def _hash(item: Mapping[str, Any]) -> str:
    return hashlib.sha256(json.dumps(item, sort_keys=True, default=str).encode()).hexdigest()


def import_uit(
    session: Session,
    items: Iterable[Mapping[str, Any]],
    gazetteer: OfflineGazetteer,
    *,
    organisation: Organisation | None = None,
) -> UitImportReport:
    """Create or update draft offers from UiTdatabank items; one savepoint per item."""
    report = UitImportReport()
    for position, item in enumerate(items, start=1):
        external = _uit_id(item)
        if external is None:
            report.rejected.append((position, "no UiTdatabank id (@id)"))
            continue
        if not _text(item.get("name")):
            report.rejected.append((position, "no name"))
            continue
        location = geocode_place(item, gazetteer)
        if location is None:
            report.rejected.append((position, "place not found in Flanders or Brussels"))
            continue
        ref = session.scalar(select(ExternalReference).where(
            ExternalReference.source == SOURCE, ExternalReference.kind == "offer",
            ExternalReference.external_id == external))
        digest = _hash(item)
        with savepoint(session):
            if ref is not None:
                offer = session.get(Offer, ref.entity_id)
                if offer is not None and offer.status != "draft":
                    report.skipped.append((position, f"offer {offer.id} is {offer.status}"))
                    continue
                if offer is not None and ref.content_hash == digest:
                    report.unchanged.append((position, offer.id))
                    continue
                if offer is not None:
                    _fill(offer, item, location)
                    ref.content_hash, ref.imported_at = digest, utcnow()
                    session.flush()
                    audit.record(session, None, "offer.uit_updated", offer, {"uit_id": external})
                    report.updated.append((position, offer.id))
                    continue
            org = _organisation(session, item, organisation)
            if org is None:
                report.rejected.append((position, "no organiser (use --organisation)"))
                continue
            offer = Offer(organisation=org, status="draft")
            _fill(offer, item, location)
            session.add(offer)
            session.flush()
            if ref is None:
                session.add(ExternalReference(source=SOURCE, kind="offer", external_id=external,
                                              entity_id=offer.id, content_hash=digest))
            else:
                ref.entity_id, ref.content_hash, ref.imported_at = offer.id, digest, utcnow()
            audit.record(session, None, "offer.uit_imported", offer, {"uit_id": external})
            report.created.append((position, offer.id))
    return report
