"""Open Referral HSDS 3.0: published offers as fully nested `service` records.

Mapping (documented in docs/open-data.md):
offer → service; organisation → organization; each location → service_at_location with
its location and address; weekly slots → schedules (RRULE parts); Dutch as the service
language plus every locale the offer is translated into; free/paid → cost_options;
wheelchair/access note → location accessibility; type, activities and the two PNT
criteria → attributes with our own taxonomy ("aanbodplatform-pnt").
Identifiers are UUIDv5 derived from our ids, so they stay the same across exports.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from aanbodplatform.models import Location, Offer, OfferContact, ScheduleSlot
from aanbodplatform.services.regions import municipalities
from aanbodplatform.services.taxonomy import get_taxonomy

#: Namespace of every identifier we hand out in HSDS documents.
HSDS_NAMESPACE = uuid.UUID("6f1c9a52-3f0e-5b7a-9d3c-aa0b0d1a2026")
TAXONOMY_NAME = "aanbodplatform-pnt"
TAXONOMY_URI = "https://aanbodplatform.be/taxonomy/pnt"
WEEKDAY_RRULE = {
    "mon": "MO", "tue": "TU", "wed": "WE", "thu": "TH", "fri": "FR", "sat": "SA", "sun": "SU",
}
DAYPART_HOURS = {"morning": ("09:00", "12:00"), "afternoon": ("13:00", "17:00"),
                 "evening": ("18:00", "22:00")}
#: Language names in the service's own record (HSDS `language.name`), by our locale tag.
LANGUAGE_NAMES = {
    "nl": "Dutch", "en": "English", "fr": "French", "ar": "Arabic", "uk": "Ukrainian",
    "ru": "Russian", "tr": "Turkish", "fa-AF": "Dari", "ps": "Pashto", "ti": "Tigrinya",
    "so": "Somali", "ro": "Romanian", "pl": "Polish", "es": "Spanish",
}
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200
MAX_PAGE = 10_000


def hsds_id(kind: str, key: object) -> str:
    """Return the stable UUID of our record `kind`/`key` in HSDS documents."""
    return str(uuid.uuid5(HSDS_NAMESPACE, f"{kind}:{key}"))


def _taxonomy_detail() -> dict[str, Any]:
    return {
        "id": hsds_id("taxonomy", TAXONOMY_NAME),
        "name": TAXONOMY_NAME,
        "description": "Offer types, activities and the two criteria of the Flemish "
        "participation and network trajectory (PNT), as used by the aanbodplatform.",
        "uri": TAXONOMY_URI,
        "version": "1",
    }


def _term(code: str, name: str, description: str, parent: str | None = None) -> dict[str, Any]:
    term: dict[str, Any] = {
        "id": hsds_id("term", code),
        "code": code,
        "name": name,
        "description": description,
        "taxonomy": TAXONOMY_NAME,
        "taxonomy_id": hsds_id("taxonomy", TAXONOMY_NAME),
        "taxonomy_detail": _taxonomy_detail(),
        "language": "en",
        "term_uri": f"{TAXONOMY_URI}#{code}",
    }
    if parent:
        term["parent_id"] = hsds_id("term", parent)
    return term


def _attribute(offer: Offer, term: dict[str, Any], value: str) -> dict[str, Any]:
    return {
        "id": hsds_id("attribute", f"{offer.id}:{term['code']}"),
        "link_id": hsds_id("service", offer.id),
        "link_type": "service",
        "link_entity": "service",
        "taxonomy_term_id": term["id"],
        "taxonomy_term": term,
        "value": value,
    }


def _attributes(offer: Offer) -> list[dict[str, Any]]:
    taxonomy = get_taxonomy()
    out: list[dict[str, Any]] = []
    kind = taxonomy.term("offer_types", offer.offer_type)
    out.append(_attribute(offer, _term(
        f"type:{offer.offer_type}", kind.label("en") if kind else offer.offer_type,
        "Offer type.", "type"), offer.offer_type))
    for code in offer.activity_codes:
        act = taxonomy.term("activities", code)
        out.append(_attribute(offer, _term(
            f"activity:{code}", act.label("en") if act else code, "Activity.", "activity"), code))
    # The criteria travel with the organisation's own evidence: a reader can judge them.
    out.append(_attribute(offer, _term(
        "criterion:dutch_context", "Dutch-speaking context",
        "The organisation says the activity takes place in Dutch with fluent speakers; "
        "the value is its explanation.", "criterion"),
        offer.dutch_context_evidence if offer.dutch_context else ""))
    out.append(_attribute(offer, _term(
        "criterion:social_participation", "Social participation",
        "The organisation says participants meet new people in a pair or group; "
        "the value is its explanation.", "criterion"),
        offer.social_participation_evidence if offer.social_participation else ""))
    out.append(_attribute(offer, _term(
        "criterion:pnt_eligible", "Meets both PNT criteria (organisation's statement)",
        "true when the organisation states both criteria; the counsellor confirms them "
        "with the newcomer.", "criterion"), "true" if offer.pnt_eligible else "false"))
    out.append(_attribute(offer, _term(
        "dutch_level", "Dutch level welcome", "none, A1, A2 or B1.", None), offer.dutch_level))
    return out


def _schedules(offer: Offer) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for slot in offer.slots:
        schedule: dict[str, Any] = {
            "id": hsds_id("schedule", f"{offer.id}:{slot.id}"),
            "service_id": hsds_id("service", offer.id),
            "freq": "WEEKLY",
            "wkst": "MO",
            "attending_type": "in_person",
        }
        if slot.weekday in WEEKDAY_RRULE:
            schedule["byday"] = WEEKDAY_RRULE[slot.weekday]
        opens, closes = _slot_hours(slot)
        if opens:
            schedule["opens_at"] = opens
        if closes:
            schedule["closes_at"] = closes
        if slot.daypart:
            schedule["description"] = slot.daypart
        if offer.start_date:
            schedule["valid_from"] = offer.start_date.isoformat()
        if offer.end_date:
            schedule["valid_to"] = offer.end_date.isoformat()
        out.append(schedule)
    if offer.schedule_kind == "by_arrangement" and not out:
        out.append({
            "id": hsds_id("schedule", f"{offer.id}:arrangement"),
            "service_id": hsds_id("service", offer.id),
            "description": "by arrangement",
            "notes": offer.schedule_note or "",
        })
    return out


def _slot_hours(slot: ScheduleSlot) -> tuple[str | None, str | None]:
    if slot.starts_at or slot.ends_at:
        return (
            slot.starts_at.strftime("%H:%M") if slot.starts_at else None,
            slot.ends_at.strftime("%H:%M") if slot.ends_at else None,
        )
    return DAYPART_HOURS.get(slot.daypart or "", (None, None))


def _location(offer: Offer, loc: Location) -> dict[str, Any]:
    info = municipalities().get(loc.municipality_nis)
    location_id = hsds_id("location", loc.id)
    location: dict[str, Any] = {
        "id": location_id,
        "location_type": "physical",
        "organization_id": hsds_id("organization", offer.organisation_id),
        "name": loc.name or (info.name_nl if info else loc.municipality_nis),
        "external_identifier": loc.municipality_nis,
        "external_identifier_type": "NIS",
        "addresses": [{
            "id": hsds_id("address", loc.id),
            "location_id": location_id,
            "address_1": loc.street or "",
            "city": info.name_nl if info else "",
            "region": info.region_name if info else "",
            "state_province": (info.province or "") if info else "",
            "postal_code": loc.postcode or "",
            "country": "BE",
            "address_type": "physical",
        }],
        "accessibility": [],
    }
    if loc.lat is not None and loc.lon is not None:
        location["latitude"] = loc.lat
        location["longitude"] = loc.lon
    if offer.wheelchair or offer.accessibility_note:
        location["accessibility"].append({
            "id": hsds_id("accessibility", f"{offer.id}:{loc.id}"),
            "location_id": location_id,
            "description": "wheelchair accessible" if offer.wheelchair else "",
            "details": offer.accessibility_note or "",
        })
    return location


def _contacts(offer: Offer, contacts: list[OfferContact]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for contact in contacts:
        contact_id = hsds_id("contact", contact.id)
        item: dict[str, Any] = {
            "id": contact_id,
            "service_id": hsds_id("service", offer.id),
            "organization_id": hsds_id("organization", offer.organisation_id),
            "name": contact.name,
            "phones": [],
        }
        if contact.email:
            item["email"] = contact.email
        if contact.phone:
            item["phones"].append({
                "id": hsds_id("phone", f"contact:{contact.id}"),
                "contact_id": contact_id,
                "number": contact.phone,
                "type": "voice",
            })
        out.append(item)
    return out


def _organisation(offer: Offer) -> dict[str, Any]:
    org = offer.organisation
    record: dict[str, Any] = {
        "id": hsds_id("organization", org.id),
        "name": org.name,
        "description": org.description or org.name,
    }
    if org.website and org.website.startswith(("http://", "https://")):
        record["website"] = org.website
    if org.email:
        record["email"] = org.email
    if org.kbo_number:
        record["tax_id"] = org.kbo_number
        record["organization_identifiers"] = [{
            "id": hsds_id("org-identifier", org.id),
            "organization_id": record["id"],
            "identifier_scheme": "BE-BCE_KBO",
            "identifier_type": "KBO/BCE enterprise number",
            "identifier": org.kbo_number,
        }]
    return record


def service_document(offer: Offer, *, offer_url: str | None = None) -> dict[str, Any]:
    """Return one published offer as a fully nested HSDS 3.0 `service`."""
    service_id = hsds_id("service", offer.id)
    languages = [{"id": hsds_id("language", f"{offer.id}:nl"), "service_id": service_id,
                  "name": "Dutch", "code": "nl",
                  "note": "The activity takes place in Dutch."}]
    for tr in offer.translations:
        languages.append({
            "id": hsds_id("language", f"{offer.id}:{tr.locale}"),
            "service_id": service_id,
            "name": LANGUAGE_NAMES.get(tr.locale, tr.locale),
            "code": tr.locale,
            "note": "Description translated; the activity itself is in Dutch.",
        })
    cost: dict[str, Any] = {"id": hsds_id("cost", offer.id), "service_id": service_id,
                            "currency": "EUR"}
    if offer.free:
        cost.update(option="free", amount=0)
    else:
        cost.update(option="paid", amount_description=offer.cost_note or "")
    document: dict[str, Any] = {
        "id": service_id,
        "organization_id": hsds_id("organization", offer.organisation_id),
        "name": offer.title_nl,
        "alternate_name": offer.summary_nl,
        "description": offer.description_nl or offer.summary_nl,
        "status": "active",
        "fees_description": offer.cost_note or ("free" if offer.free else ""),
        "eligibility_description": "Newcomers following the participation and network "
        "trajectory; no level of Dutch needed to start." if offer.dutch_level == "none"
        else f"Dutch level welcome: {offer.dutch_level}.",
        "organization": _organisation(offer),
        "service_at_locations": [
            {
                "id": hsds_id("service_at_location", loc.id),
                "service_id": service_id,
                "location_id": hsds_id("location", loc.id),
                "location": _location(offer, loc),
            }
            for loc in offer.locations
        ],
        "schedules": _schedules(offer),
        "languages": languages,
        "cost_options": [cost],
        "contacts": _contacts(offer, list(offer.contacts)),
        "attributes": _attributes(offer),
    }
    if offer_url:
        document["url"] = offer_url
    moment = offer.confirmed_at or offer.published_at or offer.updated_at
    if isinstance(moment, datetime):
        document["last_modified"] = moment.isoformat()
        document["assured_date"] = moment.date().isoformat()
    if offer.insurance_note:
        document["alert"] = offer.insurance_note
    return document


def _published(session: Session) -> Select[Offer]:
    return (
        select(Offer)
        .where(Offer.status == "published")
        .options(
            selectinload(Offer.organisation),
            selectinload(Offer.locations),
            selectinload(Offer.slots),
            selectinload(Offer.contacts),
            selectinload(Offer.translations),
            selectinload(Offer.activities),
        )
        .order_by(Offer.id)
    )


def services_page(
    session: Session, *, page: int = 1, per_page: int = DEFAULT_PER_PAGE, url_for_offer=None
) -> dict[str, Any]:
    """Return one page of published offers in the HSDS API's `Page` shape."""
    total = session.scalar(select(func.count()).select_from(Offer).where(Offer.status == "published")) or 0
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    total_pages = max(1, math.ceil(total / per_page))
    offers = session.scalars(_published(session).offset((page - 1) * per_page).limit(per_page)).all()
    contents = [
        service_document(o, offer_url=url_for_offer(o) if url_for_offer else None) for o in offers
    ]
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": len(contents) == 0,
        "contents": contents,
    }


def iter_services(session: Session, url_for_offer=None) -> Iterator[dict[str, Any]]:
    """Yield every published offer as an HSDS service, in id order, in batches."""
    last_id = 0
    while True:
        batch = session.scalars(_published(session).where(Offer.id > last_id).limit(200)).all()
        if not batch:
            return
        for offer in batch:
            yield service_document(offer, offer_url=url_for_offer(offer) if url_for_offer else None)
        last_id = batch[-1].id
