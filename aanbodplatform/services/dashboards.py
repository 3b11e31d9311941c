"""Dashboards for the regierol: the offer landscape of a scope, its gaps and its handovers.

A scope is a municipality, a PNT region or all of Flanders and Brussels. Moderators see
the scopes they cover; platform admins see every scope. Counts that could identify a
person (handovers, hours) below five are shown as "< 5" (`suppress`).
Every function takes `now`, so tests can freeze the clock.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from aanbodplatform.geo import distance_m
from aanbodplatform.models import (
    Client,
    Handover,
    Offer,
    Organisation,
    ParticipationProof,
    User,
    utcnow,
)
from aanbodplatform.services.authz import PermissionDenied, moderator_area, require_user
from aanbodplatform.services.freshness import EXPIRED_CODE
from aanbodplatform.services.regions import municipalities, regions
from aanbodplatform.services.retention import months_before
from aanbodplatform.services.taxonomy import get_taxonomy

#: Below this, a count that could point at a person is shown as "< 5".
SMALL_COUNT = 5
#: A municipality with fewer eligible offers than this within COVERAGE_RADIUS_KM is a gap.
DEFAULT_GAP_THRESHOLD = 3
COVERAGE_RADIUS_KM = 10.0
TREND_MONTHS = 12
FRESHNESS_BUCKETS = ("under_6", "6_to_9", "9_to_12", "unpublished")
HANDOVER_FLOW = ("sent", "seen", "accepted", "declined", "expired")
#: Statuses that answer a handover (the organisation said yes or no).
ANSWER_STATUSES = ("accepted", "declined")


@dataclass(frozen=True)
class Scope:
    """Where a dashboard looks: `kind` is municipality, region or flanders."""

    kind: str
    code: str
    name: str
    nis_codes: frozenset[str]

    @property
    def key(self) -> str:
        """Return the scope as it appears in a URL (`region:stad-gent`, `flanders`)."""
        return "flanders" if self.kind == "flanders" else f"{self.kind}:{self.code}"


def _region_scope(code: str) -> Scope:
    codes = frozenset(m.nis_code for m in municipalities().values() if m.region_code == code)
    return Scope("region", code, regions()[code], codes)


def _municipality_scope(nis: str) -> Scope:
    info = municipalities()[nis]
    return Scope("municipality", nis, info.name_nl, frozenset({nis}))


def flanders_scope() -> Scope:
    """Return the scope of every municipality of Flanders and Brussels."""
    return Scope("flanders", "flanders", "Vlaanderen en Brussel", frozenset(municipalities()))


def scopes_for(user: User | None) -> list[Scope]:
    """Return the scopes a user may see, widest first; empty for everyone else."""
    if user is None or not user.is_active:
        return []
    if user.role == "admin":
        return [flanders_scope(), *(_region_scope(code) for code in regions())]
    if user.role != "moderator":
        return []
    out: list[Scope] = []
    seen: set[str] = set()
    for scope in user.moderator_scopes:
        if scope.region_code and scope.region_code in regions():
            region = _region_scope(scope.region_code)
            if region.key not in seen:
                seen.add(region.key)
                out.append(region)
    for scope in user.moderator_scopes:
        nis = scope.municipality_nis
        if nis and nis in municipalities() and f"municipality:{nis}" not in seen:
            seen.add(f"municipality:{nis}")
            out.append(_municipality_scope(nis))
    return out


def resolve_scope(user: User | None, key: str | None) -> Scope:
    """Return the scope named `key` when the user may see it (default: their widest)."""
    user = require_user(user)
    allowed = scopes_for(user)
    if not allowed:
        raise PermissionDenied("no dashboard scope")
    if not key:
        return allowed[0]
    area = moderator_area(user)
    kind, _, code = key.partition(":")
    if key == "flanders" and user.role == "admin":
        return flanders_scope()
    if kind == "region" and code in regions():
        scope = _region_scope(code)
    elif kind == "municipality" and code in municipalities():
        scope = _municipality_scope(code)
    else:
        raise PermissionDenied("unknown scope")
    # A region's moderator also sees each municipality of the region on its own.
    if area is not None and not scope.nis_codes <= area:
        raise PermissionDenied("scope outside the moderator's area")
    return scope


def suppress(count: int) -> str:
    """Return a count that could identify a person, or "< 5" below five."""
    return f"< {SMALL_COUNT}" if 0 < count < SMALL_COUNT else str(count)


# --- the offer landscape ----------------------------------------------------------------


def _offers_in(session: Session, scope: Scope, statuses: Iterable[str]) -> list[Offer]:
    stmt = (
        select(Offer)
        .where(Offer.status.in_(tuple(statuses)))
        .options(selectinload(Offer.locations), selectinload(Offer.activities),
                 selectinload(Offer.translations), selectinload(Offer.history))
    )
    offers = session.scalars(stmt).all()
    return [o for o in offers if any(loc.municipality_nis in scope.nis_codes
                                     for loc in o.locations)]


@dataclass
class Landscape:
    """What is on offer in a scope (published offers unless said otherwise)."""

    published: int = 0
    eligible: int = 0
    by_type: Counter[str] = field(default_factory=Counter)
    by_activity: Counter[str] = field(default_factory=Counter)
    by_family: Counter[str] = field(default_factory=Counter)
    by_municipality: Counter[str] = field(default_factory=Counter)
    by_dutch_level: Counter[str] = field(default_factory=Counter)
    by_cost: Counter[str] = field(default_factory=Counter)
    by_wheelchair: Counter[str] = field(default_factory=Counter)
    by_translation: Counter[str] = field(default_factory=Counter)
    freshness: Counter[str] = field(default_factory=Counter)
    published_per_month: Counter[str] = field(default_factory=Counter)


def families_of(offer: Offer) -> set[str]:
    """Return the codes of the activity families an offer belongs to (by activity or type)."""
    activities = set(offer.activity_codes)
    return {
        code for code, family in get_taxonomy().families.items()
        if activities & set(family.activities) or offer.offer_type in family.offer_types
    }


def _month(moment: datetime) -> str:
    return f"{moment.year:04d}-{moment.month:02d}"


def trend_months(now: datetime) -> list[str]:
    """Return the last TREND_MONTHS months as YYYY-MM, oldest first, this month last."""
    return [_month(months_before(now.replace(day=1), back)) for back in
            range(TREND_MONTHS - 1, -1, -1)]


def landscape(session: Session, scope: Scope, *, now: datetime | None = None) -> Landscape:
    """Count the scope's published offers by type, activity, place, level, cost, access, language."""
    now = now or utcnow()
    result = Landscape()
    months = set(trend_months(now))
    for offer in _offers_in(session, scope, ("published", "archived")):
        if offer.status == "archived":
            # Unpublished by the freshness rules (12 months without confirmation).
            if any(change.comment == EXPIRED_CODE for change in offer.history):
                result.freshness["unpublished"] += 1
            continue
        result.published += 1
        result.eligible += int(offer.pnt_eligible)
        result.by_type[offer.offer_type] += 1
        result.by_activity.update(offer.activity_codes)
        result.by_family.update(families_of(offer))
        result.by_municipality.update(
            {loc.municipality_nis for loc in offer.locations
             if loc.municipality_nis in scope.nis_codes})
        result.by_dutch_level[offer.dutch_level] += 1
        result.by_cost["free" if offer.free else "paid"] += 1
        result.by_wheelchair["yes" if offer.wheelchair else "no"] += 1
        result.by_translation.update(t.locale for t in offer.translations)
        confirmed = offer.confirmed_at or offer.published_at
        if confirmed is None or confirmed > months_before(now, 6):
            result.freshness["under_6"] += 1
        elif confirmed > months_before(now, 9):
            result.freshness["6_to_9"] += 1
        else:
            result.freshness["9_to_12"] += 1
        if offer.published_at is not None and _month(offer.published_at) in months:
            result.published_per_month[_month(offer.published_at)] += 1
    return result


# --- coverage gaps ----------------------------------------------------------------------


@dataclass(frozen=True)
class Coverage:
    """Eligible offers within reach of one municipality's centre."""

    nis_code: str
    name: str
    lat: float
    lon: float
    total: int
    by_type: dict[str, int]
    by_activity: dict[str, int]
    by_family: dict[str, int]
    gap: bool


def coverage(
    session: Session,
    scope: Scope,
    *,
    threshold: int = DEFAULT_GAP_THRESHOLD,
    radius_km: float = COVERAGE_RADIUS_KM,
) -> list[Coverage]:
    """Return, per municipality of the scope, the eligible offers within `radius_km`; gaps first.

    An offer counts once per municipality, by its nearest location, wherever it is run
    from: a club across the border of the scope still serves its newcomers.
    """
    offers = session.scalars(
        select(Offer).where(Offer.status == "published")
        .options(selectinload(Offer.locations), selectinload(Offer.activities))
    ).all()
    eligible = [o for o in offers if o.pnt_eligible]
    points = [
        (o, [(loc.lat, loc.lon) for loc in o.locations if loc.lat is not None and loc.lon is not None])
        for o in eligible
    ]
    limit_m = radius_km * 1000
    out: list[Coverage] = []
    for nis in sorted(scope.nis_codes):
        info = municipalities()[nis]
        by_type: Counter[str] = Counter()
        by_activity: Counter[str] = Counter()
        by_family: Counter[str] = Counter()
        total = 0
        for offer, pts in points:
            # A cheap box test first: 0.1° of latitude is about 11 km.
            near = [p for p in pts if abs(p[0] - info.lat) < 0.2 and abs(p[1] - info.lon) < 0.3]
            if near and min(distance_m(info.lat, info.lon, la, lo) for la, lo in near) <= limit_m:
                total += 1
                by_type[offer.offer_type] += 1
                by_activity.update(offer.activity_codes)
                by_family.update(families_of(offer))
        out.append(Coverage(nis, info.name_nl, info.lat, info.lon, total, dict(by_type),
                            dict(by_activity), dict(by_family), total < threshold))
    out.sort(key=lambda c: (not c.gap, c.total, c.name))
    return out


# --- region networks --------------------------------------------------------------------


@dataclass(frozen=True)
class SharedOrganisation:
    """An organisation with published offers in several municipalities of the scope."""

    name: str
    municipalities: tuple[str, ...]


def organisations_in_several(session: Session, scope: Scope) -> list[SharedOrganisation]:
    """Return organisations active in two or more of the scope's municipalities, most first."""
    places: dict[int, set[str]] = defaultdict(set)
    names: dict[int, str] = {}
    for offer in _offers_in(session, scope, ("published",)):
        names[offer.organisation_id] = offer.organisation.name
        places[offer.organisation_id].update(
            loc.municipality_nis for loc in offer.locations
            if loc.municipality_nis in scope.nis_codes)
    info = municipalities()
    shared = [
        SharedOrganisation(names[org_id], tuple(sorted(info[n].name_nl for n in codes)))
        for org_id, codes in places.items() if len(codes) >= 2
    ]
    shared.sort(key=lambda s: (-len(s.municipalities), s.name))
    return shared


# --- handovers --------------------------------------------------------------------------


@dataclass
class HandoverFlow:
    """What became of the handovers to offers of the scope (raw counts; show with `suppress`)."""

    counts: Counter[str] = field(default_factory=Counter)
    decline_reasons: Counter[str] = field(default_factory=Counter)
    median_days_to_answer: float | None = None
    sent_per_month: Counter[str] = field(default_factory=Counter)


def handover_flow(session: Session, scope: Scope, *, now: datetime | None = None) -> HandoverFlow:
    """Count handovers by how far they got; the median days from sending to yes or no."""
    now = now or utcnow()
    months = set(trend_months(now))
    handovers = session.scalars(
        select(Handover).where(Handover.sent_at.is_not(None))
        .options(selectinload(Handover.offer).selectinload(Offer.locations),
                 selectinload(Handover.events))
    ).all()
    flow = HandoverFlow()
    waits: list[float] = []
    for handover in handovers:
        if not any(loc.municipality_nis in scope.nis_codes for loc in handover.offer.locations):
            continue
        reached = {e.to_status for e in handover.events if e.kind == "status"} | {handover.status}
        flow.counts["sent"] += 1
        for status in HANDOVER_FLOW[1:]:
            if status in reached:
                flow.counts[status] += 1
        if handover.status == "declined" and handover.decline_reason:
            flow.decline_reasons[handover.decline_reason] += 1
        answers = [e.created_at for e in handover.events
                   if e.kind == "status" and e.to_status in ANSWER_STATUSES]
        if answers and handover.sent_at is not None:
            waits.append((min(answers) - handover.sent_at).total_seconds() / 86400)
        sent_month = _month(handover.sent_at) if handover.sent_at is not None else None
        if sent_month in months:
            flow.sent_per_month[sent_month] += 1
    if len(waits) >= SMALL_COUNT:
        # Fewer answers than that could point at one organisation's reply to one person.
        flow.median_days_to_answer = round(statistics.median(waits), 1)
    return flow



# --- proofs of participation ------------------------------------------------------------


@dataclass
class ProofHours:
    """Verified hours inside the clients' contract terms, per offer type, and how many clients."""

    hours: dict[str, float] = field(default_factory=dict)
    clients: dict[str, int] = field(default_factory=dict)


def proof_hours(session: Session, scope: Scope) -> ProofHours:
    """Sum the verified hours of the scope's organisations per offer type (aggregates only)."""
    from aanbodplatform.services.proofs import proof_minutes

    proofs = session.scalars(
        select(ParticipationProof)
        .join(Organisation, Organisation.id == ParticipationProof.organisation_id)
        .where(ParticipationProof.status == "verified",
               Organisation.municipality_nis.in_(sorted(scope.nis_codes)))
        .options(selectinload(ParticipationProof.entries))
    ).all()
    minutes: Counter[str] = Counter()
    people: dict[str, set[int]] = defaultdict(set)
    clients = {c.id: c for c in session.scalars(
        select(Client).where(Client.id.in_({p.client_id for p in proofs if p.client_id})))}
    for proof in proofs:
        _total, counted = proof_minutes(proof, clients.get(proof.client_id or 0))
        minutes[proof.offer_type] += counted
        if proof.client_id is not None:
            people[proof.offer_type].add(proof.client_id)
    return ProofHours(
        hours={t: round(m / 60, 2) for t, m in minutes.items()},
        clients={t: len(ids) for t, ids in people.items()},
    )
