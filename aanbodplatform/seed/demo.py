"""A deterministic demo catalogue: fictional organisations, offers, accounts and handovers.

Everything here is invented (names, KBO numbers, e-mail addresses at example.org)
and meant for development and demonstrations only: the CLI refuses to run it in
production. The same seed and reference date always give the same rows.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from aanbodplatform.models import (
    Client,
    Handover,
    Location,
    Membership,
    ModeratorScope,
    Offer,
    OfferActivity,
    OfferContact,
    OfferStatusChange,
    OfferTranslation,
    Organisation,
    Postcode,
    ScheduleSlot,
    TranslatorLanguage,
    User,
)
from aanbodplatform.seed.demo_content import (
    CostRule,
    DemoClient,
    OfferTemplate,
    OrganisationKind,
    demo_content,
)
from aanbodplatform.seed.demo_proofs import seed_demo_proofs
from aanbodplatform.services.offer_facts import derive_facts
from aanbodplatform.services.regions import MunicipalityInfo, municipalities, regions
from aanbodplatform.services.taxonomy import get_taxonomy
from aanbodplatform.services.translations import stamp_sources

#: The password of every demo account. Demo only: never use it for a real account.
DEMO_PASSWORD = "demo-aanbod-2026"
DEMO_EMAIL_DOMAIN = "demo.aanbodplatform.be"
#: The default "now": fixed, so two runs with the same seed write identical rows.
DEMO_REFERENCE_NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
DEMO_REGION = "stad-gent"


@dataclass(frozen=True)
class DemoReport:
    """What `seed_demo` created: counts and the demo account per role."""

    offers: int
    organisations: int
    regions: int
    accounts: dict[str, str]


#: The weekday codes in calendar order (Monday first), as `date.weekday()` numbers them.
WEEKDAY_CODES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_TRANSLATORS = ("organisation", "volunteer", "counsellor")


# --- helpers --------------------------------------------------------------------------------


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def demo_kbo_number(rng: random.Random) -> str:
    """Return a random, well-formed KBO number (10 digits, valid mod-97 check)."""
    base = f"{rng.choice('0001')}{rng.randint(2_000_000, 9_999_999):07d}"
    return f"{base}{97 - int(base) % 97:02d}"


def _fill(text: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    return text


@dataclass
class _Org:
    """An organisation being generated, with where it is."""

    row: Organisation
    kind: OrganisationKind
    info: MunicipalityInfo
    postcode: str
    lat: float
    lon: float
    street: str | None
    offers: list[Offer] = field(default_factory=list)
    templates_used: list[str] = field(default_factory=list)

    def unused(self) -> list[str]:
        """Return the templates this organisation has not used yet."""
        return [t for t in self.kind.templates if t not in self.templates_used]


class _Generator:
    """Builds the demo rows from one seeded random generator, in a fixed order."""

    def __init__(self, session: Session, rng: random.Random, now: datetime) -> None:
        self.session = session
        self.rng = rng
        self.content = demo_content()
        self.now = now
        self.postcodes: dict[str, list[tuple[str, float, float]]] = {}
        for code, nis, lat, lon in session.execute(
            select(Postcode.postcode, Postcode.nis_code, Postcode.lat, Postcode.lon)
            .where(Postcode.gewest.in_(("flanders", "brussels")))
            .order_by(Postcode.id)
        ):
            self.postcodes.setdefault(nis, []).append((code, lat, lon))
        self.by_region: dict[str, list[MunicipalityInfo]] = {}
        for info in municipalities().values():
            if info.nis_code in self.postcodes:
                self.by_region.setdefault(info.region_code, []).append(info)
        if not self.by_region:
            raise RuntimeError("reference data is missing; run `flask setup` first")
        self.names = set(session.scalars(select(Organisation.name)))
        self.kbo_numbers = set(
            session.scalars(
                select(Organisation.kbo_number).where(Organisation.kbo_number.is_not(None))
            )
        )

    # places

    def place_in(self, info: MunicipalityInfo) -> tuple[str, float, float]:
        """Return a real postcode of the municipality with its point."""
        return self.rng.choice(self.postcodes[info.nis_code])

    def jitter(self, lat: float, lon: float) -> tuple[float, float]:
        """Return a point a few hundred metres from (lat, lon), as a street address would be."""
        return (
            round(lat + self.rng.uniform(-0.005, 0.005), 6),
            round(lon + self.rng.uniform(-0.008, 0.008), 6),
        )

    def street(self) -> str:
        """Return a plausible street address."""
        return f"{self.rng.choice(self.content.streets)} {self.rng.randint(1, 180)}"

    def person(self) -> tuple[str, str, str]:
        """Return a fictional (name, e-mail at example.org, mobile number)."""
        first, last = self.rng.choice(self.content.first_names), self.rng.choice(self.content.last_names)
        email = f"{_slug(first)}.{_slug(last).replace('-', '')}@example.org"
        digits = [self.rng.randint(0, 99) for _ in range(3)]
        prefix = f"04{self.rng.choice('789')}{self.rng.randint(0, 9)}"
        phone = f"{prefix} {digits[0]:02d} {digits[1]:02d} {digits[2]:02d}"
        return f"{first} {last}", email, phone

    # organisations

    def organisation(self, kind_key: str, info: MunicipalityInfo, name: str | None = None) -> _Org:
        """Create one organisation of `kind_key` in the municipality `info`."""
        kind = self.content.kinds[kind_key]
        values = {
            "gemeente": info.name_nl,
            "regio": info.region_name.replace("Regio ", "").replace("Stad ", ""),
            "jeugdnaam": self.rng.choice(self.content.youth_names),
        }
        base = name or _fill(self.rng.choice(kind.names), values)
        unique = base
        if unique in self.names:
            unique = (
                f"{base} {info.name_nl}"
                if info.name_nl not in base
                else f"{base} ({len(self.names)})"
            )
        while unique in self.names:
            unique = f"{base} ({self.rng.randint(2, 999)})"
        self.names.add(unique)
        postcode, lat, lon = self.place_in(info)
        with_street = self.rng.random() < 0.8
        if with_street:
            lat, lon = self.jitter(lat, lon)
        street = self.street() if with_street else None
        slug = _slug(unique)
        kbo = None
        if self.rng.random() < 0.6:
            kbo = demo_kbo_number(self.rng)
            while kbo in self.kbo_numbers:
                kbo = demo_kbo_number(self.rng)
            self.kbo_numbers.add(kbo)
        created = self.now - timedelta(days=self.rng.randint(400, 900))
        row = Organisation(
            name=unique,
            kbo_number=kbo,
            street=street,
            postcode=postcode,
            municipality_nis=info.nis_code,
            lat=lat,
            lon=lon,
            website=f"https://{slug}.example.org",
            phone=" ".join(
                (
                    f"0{self.rng.randint(2, 9)}",
                    str(self.rng.randint(200, 899)),
                    str(self.rng.randint(10, 99)),
                    str(self.rng.randint(10, 99)),
                )
            ),
            email=f"info@{slug}.example.org",
            description=kind.about,
            created_at=created,
            updated_at=created,
        )
        self.session.add(row)
        return _Org(row, kind, info, postcode, lat, lon, street)

    # offers

    def pick_template(self, org: _Org) -> tuple[str, bool]:
        """Return a template key for the organisation's next offer and whether it repeats one."""
        unused = org.unused()
        if unused:
            # Translated templates come first more often: about a third of offers are translated.
            key = self.rng.choices(unused, [3.0 if t in self.content.translations else 1.0 for t in unused])[0]
        else:
            key = self.rng.choice(
                [t for t in org.kind.templates if not self.content.templates[t].once] or list(org.kind.templates)
            )
        org.templates_used.append(key)
        return key, not unused

    def variant_title(self, org: _Org, title: str, offer_type: str) -> str:
        """Return `title` with an ending that sets a repeated offer apart from the first one."""
        taken = {o.title_nl for o in org.offers}
        for ending in self.rng.sample(self.content.variants[offer_type], len(self.content.variants[offer_type])):
            candidate = f"{title} – {ending}"
            # "Judo voor beginners – beginnersgroep" says the same thing twice.
            if candidate not in taken and ending.split()[0][:8] not in title.lower():
                return candidate
        number = 2
        while f"{title} – groep {number}" in taken:
            number += 1
        return f"{title} – groep {number}"

    def offer(self, org: _Org, status: str, actors: dict[str, User]) -> Offer:
        """Create one offer for `org` with its locations, schedule, contact and history."""
        rng = self.rng
        key, repeat = self.pick_template(org)
        tpl = self.content.templates[key]
        sport_code, sport_noun = org.kind.sport or ("", "")
        values = {
            "gemeente": org.info.name_nl,
            "sport": sport_noun,
            "Sport": sport_noun.capitalize(),
        }
        title = _fill(tpl.title, values)
        if repeat:
            title = self.variant_title(org, title, tpl.offer_type)
        activities = tuple(dict.fromkeys(sport_code if a == "*" else a for a in tpl.activities))
        extras = rng.sample(self.content.description_extras, rng.randint(1, 3))
        description = " ".join([_fill(tpl.lead, values), *extras])
        dutch_ok, social_ok = self.content.not_eligible.get(key, (True, True))
        if not tpl.eligible and not dutch_ok:
            description = f"{description} {self.content.english_evidence}"

        offer = Offer(
            organisation=org.row,
            offer_type=tpl.offer_type,
            title_nl=title[:120],
            summary_nl=_fill(tpl.summary, values)[:300],
            description_nl=description,
            dutch_level=rng.choices(("none", "A1", "A2", "B1"), (40, 30, 20, 10))[0],
            dutch_context=dutch_ok,
            dutch_context_evidence=rng.choice(self.content.dutch_evidence) if dutch_ok else "",
            social_participation=social_ok,
            social_participation_evidence=(
                rng.choice(self.content.social_evidence) if social_ok else rng.choice(self.content.individual_evidence)
            ),
            insurance_note=rng.choice(self.content.insurance),
            status=status,
        )
        if not dutch_ok:
            offer.dutch_context_evidence = self.content.english_evidence
        self._cost_and_access(offer, tpl)
        self._schedule(offer, tpl)
        self._locations(offer, org)
        self._capacity(offer)
        name, email, phone = self.person()
        offer.contacts.append(OfferContact(name=name, email=email, phone=phone, signs_proof=True))
        offer.activities = [OfferActivity(activity_code=code) for code in activities[:3]]
        self._history(offer, org, status, actors)
        # Translations match the template's title, so a variant title stays Dutch only.
        if key in self.content.translations and not repeat and rng.random() < 0.95:
            self._translate(offer, key, values, sport_code)
        # Structured facts the Dutch states plainly; translations were made from this Dutch.
        for name, value in derive_facts(_text_values(offer)).items():
            setattr(offer, name, value)
        for translation in offer.translations:
            stamp_sources(translation, offer)
        org.offers.append(offer)
        self.session.add(offer)
        return offer

    def _cost_and_access(self, offer: Offer, tpl: OfferTemplate) -> None:
        rng = self.rng
        cost = self.content.costs.get(tpl.offer_type, CostRule(0.0, (), ()))
        paid = rng.random() < cost.chance
        offer.free = not paid
        if paid:
            offer.cost_note = rng.choice(cost.notes).replace("{n}", str(rng.choice(cost.amounts)))
        offer.wheelchair = rng.random() < 0.35
        if offer.wheelchair:
            offer.accessibility_note = rng.choice(self.content.accessibility_wheelchair)
        elif rng.random() < 0.3:
            offer.accessibility_note = rng.choice(self.content.accessibility_other)

    def _schedule(self, offer: Offer, tpl: OfferTemplate) -> None:
        rng = self.rng
        when = self.content.when[tpl.when]
        days, parts = when.weekdays, when.dayparts
        if tpl.once:
            # A yearly event has a date, not a weekly moment.
            day = (self.now + timedelta(days=rng.randint(14, 150))).date()
            offer.schedule_kind = "by_arrangement"
            offer.start_date = offer.end_date = day
            offer.schedule_note = self.content.once_schedule_note
            offer.slots = [
                ScheduleSlot(weekday=WEEKDAY_CODES[day.weekday()], daypart=rng.choice(parts))
            ]
            return
        if rng.random() < when.by_arrangement_chance:
            offer.schedule_kind = "by_arrangement"
            offer.schedule_note = rng.choice(self.content.arrangement_notes)
            if rng.random() < 0.4:
                offer.slots = [ScheduleSlot(weekday=None, daypart=rng.choice(parts))]
            return
        offer.schedule_kind = "weekly"
        count = rng.choices((1, 2, 3), (60, 30, 10))[0]
        chosen = sorted(
            rng.sample(days, min(count, len(days))),
            key=WEEKDAY_CODES.index,
        )
        slots = []
        for day in chosen:
            part = rng.choice(parts)
            with_times = rng.random() < 0.8
            start, end = rng.choice(self.content.times[part]) if with_times else (None, None)
            slots.append(ScheduleSlot(weekday=day, daypart=part, starts_at=start, ends_at=end))
        offer.slots = slots
        if rng.random() < 0.2:
            offer.schedule_note = rng.choice(self.content.schedule_notes)
        if rng.random() < 0.25:
            # A season or a series: some have started already, some start soon.
            start = (self.now - timedelta(days=rng.randint(-30, 120))).date()
            offer.start_date = start
            if rng.random() < 0.7:
                offer.end_date = max(start, self.now.date()) + timedelta(days=rng.randint(30, 240))

    def _locations(self, offer: Offer, org: _Org) -> None:
        rng = self.rng
        precision = "address" if org.street else "postcode"
        locations = [
            Location(
                name=org.row.name,
                street=org.street,
                postcode=org.postcode,
                municipality_nis=org.info.nis_code,
                lat=org.lat,
                lon=org.lon,
                precision=precision,
            )
        ]
        if rng.random() < 0.07:
            info = rng.choice(self.by_region[org.info.region_code])
            postcode, lat, lon = self.place_in(info)
            lat, lon = self.jitter(lat, lon)
            locations.append(
                Location(
                    name=_fill(self.content.extra_location_name, {"gemeente": info.name_nl}),
                    street=self.street(),
                    postcode=postcode,
                    municipality_nis=info.nis_code,
                    lat=lat,
                    lon=lon,
                    precision="address",
                )
            )
        offer.locations = locations

    def _capacity(self, offer: Offer) -> None:
        rng = self.rng
        if rng.random() < 0.6:
            capacity = rng.choice((6, 8, 10, 12, 15, 20, 25, 30))
            offer.capacity = capacity
            offer.places_free = 0 if rng.random() < 0.12 else rng.randint(1, capacity)

    def _history(self, offer: Offer, org: _Org, status: str, actors: dict[str, User]) -> None:
        rng = self.rng
        published_days = rng.randint(20, 600)
        stale = rng.random() < 0.06
        if stale:
            confirmed_days = rng.randint(213, 395)
            published_days = max(published_days, confirmed_days + rng.randint(0, 120))
        else:
            confirmed_days = rng.randint(0, min(150, published_days))
        minutes = rng.randint(0, 600)
        submitted = self.now - timedelta(days=published_days + rng.randint(1, 6), minutes=minutes)
        created = submitted - timedelta(days=rng.randint(0, 14))
        moderator = actors["moderator"] if org.info.region_code == DEMO_REGION else actors["admin"]
        if status in ("draft",):
            created = self.now - timedelta(days=rng.randint(1, 60), minutes=minutes)
            offer.created_at = offer.updated_at = created
            return
        offer.submitted_at = submitted
        offer.created_at = created
        offer.history = [
            OfferStatusChange(from_status=None, to_status="submitted", created_at=submitted)
        ]
        if status == "submitted":
            offer.submitted_at = self.now - timedelta(days=rng.randint(0, 10), minutes=minutes)
            offer.history[0].created_at = offer.submitted_at
            offer.updated_at = offer.submitted_at
            return
        if status == "changes_requested":
            requested = submitted + timedelta(days=rng.randint(1, 4))
            offer.history.append(
                OfferStatusChange(
                    from_status="submitted",
                    to_status="changes_requested",
                    actor_id=moderator.id,
                    comment=self.content.changes_requested_comment,
                    created_at=requested,
                )
            )
            offer.updated_at = requested
            return
        published = self.now - timedelta(days=published_days, minutes=minutes)
        confirmed = self.now - timedelta(days=confirmed_days, minutes=rng.randint(0, 600))
        offer.published_at = published
        offer.confirmed_at = max(published, confirmed)
        offer.updated_at = offer.confirmed_at
        offer.history.append(
            OfferStatusChange(
                from_status="submitted",
                to_status="published",
                actor_id=moderator.id,
                comment=None,
                created_at=published,
            )
        )

    def _translate(self, offer: Offer, key: str, values: dict[str, str], sport_code: str) -> None:
        rng = self.rng
        available = sorted(self.content.translations[key])
        count = rng.randint(2, min(5, len(available)))
        locales = sorted(rng.sample(available, count))
        if "en" in available and "en" not in locales and rng.random() < 0.7:
            locales[0] = "en"
        stamp = offer.updated_at or self.now
        translator = rng.choice(_TRANSLATORS)
        sport = get_taxonomy().activities.get(sport_code) if sport_code else None
        translations = []
        for locale in sorted(set(locales)):
            local = {**values, "label": sport.label(locale) if sport else ""}
            title, summary = self.content.translations[key][locale]
            translations.append(
                OfferTranslation(
                    locale=locale,
                    title=_fill(title, local)[:160],
                    summary=_fill(summary, local)[:400],
                    translated_by=translator,
                    updated_at=stamp,
                )
            )
        offer.translations = translations


def _text_values(offer: Offer) -> dict[str, object]:
    return {
        "free": offer.free,
        "cost_note": offer.cost_note,
        "summary_nl": offer.summary_nl,
        "description_nl": offer.description_nl,
    }


# --- accounts, clients and handovers ------------------------------------------------------



def _accounts(gen: _Generator, member_org: Organisation) -> dict[str, User]:
    session, now = gen.session, gen.now
    password_hash: str | None = None
    users: dict[str, User] = {}
    for account in gen.content.accounts:
        role, local, display, office = (
            account.role, account.local_part, account.display_name, account.office
        )
        email = f"{local}@{DEMO_EMAIL_DOMAIN}"
        user = session.scalar(select(User).where(User.email == email))
        if user is None:
            # One hash for all accounts: scrypt is slow on purpose and the password is shared.
            password_hash = password_hash or generate_password_hash(DEMO_PASSWORD)
            user = User(
                email=email,
                password_hash=password_hash,
                display_name=display,
                role=role,
                locale="nl",
                office=office,
                region_code=DEMO_REGION if role in ("counsellor", "moderator", "guide") else None,
                is_coordinator=role == "counsellor",
                email_confirmed_at=now - timedelta(days=90),
                created_at=now - timedelta(days=90),
                updated_at=now - timedelta(days=90),
            )
            session.add(user)
            if role == "moderator":
                user.moderator_scopes.append(ModeratorScope(region_code=DEMO_REGION))
            if role == "translator":
                session.flush()
                session.add_all(
                    TranslatorLanguage(user_id=user.id, locale=tag)
                    for tag in gen.content.translator_locales
                )
        users[role] = user
    session.flush()
    member = users["organisation_member"]
    if not any(m.organisation_id == member_org.id for m in member.memberships):
        session.add(Membership(user=member, organisation=member_org, is_admin=True, state="member"))
    return users


def _clients(gen: _Generator, counsellor: User, rows: tuple[DemoClient, ...]) -> list[Client]:
    session, now = gen.session, gen.now
    clients: list[Client] = []
    for row in rows:
        client = session.scalar(
            select(Client).where(
                Client.counsellor_id == counsellor.id, Client.reference_code == row.reference
            )
        )
        if client is None:
            client = Client(
                counsellor_id=counsellor.id,
                reference_code=row.reference,
                first_name=row.first_name,
                languages=list(row.languages),
                preferred_locale=row.locale,
                dutch_level=row.dutch_level,
                home_postcode=row.postcode,
                weekdays=list(row.weekdays),
                dayparts=list(row.dayparts),
                status=row.status,
                contract_end_date=(now + timedelta(days=gen.rng.randint(150, 500))).date(),
                interests=list(row.interests),
                created_at=now - timedelta(days=gen.rng.randint(10, 80)),
                updated_at=now - timedelta(days=5),
            )
            session.add(client)
        clients.append(client)
    session.flush()
    return clients


def _handovers(
    gen: _Generator, users: dict[str, User], clients: list[Client], offers: list[Offer]
) -> int:
    """Create the demo handovers through the handover service, so their mails (with
    working links for the contact persons) are in the outbox like real ones."""
    # Imported here: the handover service pulls in mail and the web layer's URL map.
    from aanbodplatform.services import handovers as handover_service

    session, now, texts = gen.session, gen.now, gen.content.handover
    counsellor, member = users["counsellor"], users["organisation_member"]
    exists = session.scalar(
        select(func.count()).select_from(Handover).where(Handover.counsellor_id == counsellor.id)
    )
    if exists or len(offers) < 2 or len(clients) < 2:
        return 0
    # Everything before is committed with the handovers (the service commits each step).
    session.flush()
    plans = ((clients[0], offers[0], "sent"), (clients[1], offers[1], "accepted"))
    for client, offer, status in plans:
        started = now - timedelta(days=6 if status == "accepted" else 2, hours=3)
        data = handover_service.HandoverInput(
            wishes=texts.wishes,
            practical_needs=texts.practical_needs_sent
            if status == "sent"
            else texts.practical_needs_accepted,
            preferred_start=(now + timedelta(days=14)).date(),
            note=texts.note,
            shared_fields=["first_name", "languages", "dutch_level"],
            consent_given=True,
            consent_date=started.date(),
        )
        handover = handover_service.submit_handover(
            session, None, counsellor, client.id, offer.id, data,
            now=started + timedelta(minutes=15),
        ).handover
        if status == "accepted":
            handover_service.mark_seen(
                session, member, handover.id, now=started + timedelta(hours=20)
            )
            contact = offer.contacts[0].name if offer.contacts else None
            appointment = handover_service.Appointment(
                day=(now + timedelta(days=5)).date(),
                at=time(14, 0),
                place=(offer.locations[0].name if offer.locations else None)
                or offer.organisation.name,
                ask_for=contact or texts.ask_for,
            )
            handover_service.accept(
                session, None, member, handover.id, appointment,
                now=started + timedelta(hours=46),
            )
    return len(plans)


# --- the use case ---------------------------------------------------------------------------


def _plan_kinds(rng: random.Random, count: int) -> list[str]:
    """Return one kind per organisation: about 6% ineligible kinds, the rest spread evenly."""
    kinds = demo_content().kinds
    eligible = [k for k, kind in kinds.items() if kind.eligible]
    ineligible = [k for k, kind in kinds.items() if not kind.eligible]
    n_bad = max(1, round(count * 0.06)) if count >= 10 else 0
    plan = [ineligible[i % len(ineligible)] for i in range(n_bad)]
    pool: list[str] = []
    while len(plan) + len(pool) < count:
        batch = eligible[:]
        rng.shuffle(batch)
        pool.extend(batch)
    plan.extend(pool[: count - len(plan)])
    rng.shuffle(plan)
    return plan


def seed_demo(
    session: Session,
    *,
    offers: int = 300,
    seed: int = 2026,
    if_empty: bool = False,
    now: datetime | None = None,
) -> DemoReport | None:
    """Create the demo catalogue, accounts, clients and handovers in one transaction."""
    if if_empty and session.scalar(select(func.count()).select_from(Offer)):
        return None
    try:
        return _seed(session, offers, seed, now or DEMO_REFERENCE_NOW)
    except BaseException:
        session.rollback()
        raise


def _seed(session: Session, offers: int, seed: int, now: datetime) -> DemoReport:
    rng = random.Random(seed)
    gen = _Generator(session, rng, now)
    region_codes = [code for code in regions() if code in gen.by_region]
    # At least two organisations per region besides the fixed one in Gent.
    org_count = min(80, max(2 * len(region_codes) + 1, round(offers * 80 / 300)))

    # The organisation-member account belongs to the first, fixed organisation in Gent.
    gent = gen.by_region[DEMO_REGION][0]
    member_org = gen.organisation("buurtwerk", gent, name="Vzw Buurtwerk De Brug")
    orgs = [member_org]
    kinds = _plan_kinds(rng, org_count - 1)
    for index, kind in enumerate(kinds, start=1):
        region = region_codes[index % len(region_codes)]
        orgs.append(gen.organisation(kind, rng.choice(gen.by_region[region])))
    session.flush()
    users = _accounts(gen, member_org.row)

    # Every organisation gets an offer first; the member's organisation three: two published
    # ones for the demo handovers and one waiting in the demo moderator's queue.
    first_round = [member_org, member_org, *orgs]
    created: list[Offer] = []
    for index in range(offers):
        if index < len(first_round):
            org = first_round[index]
        else:
            # Prefer organisations with templates left, so few offers repeat a template;
            # the English-speaking and individual offers never repeat (they stay about 5%).
            weights = [len(o.unused()) + (0.15 if o.kind.eligible else 0.0) for o in orgs]
            org = rng.choices(orgs, weights)[0]
        roll = rng.random()
        if org is member_org and len(org.offers) < 3:
            status = ("published", "published", "submitted")[len(org.offers)]
        elif roll < 0.05:
            status = "draft"
        elif roll < 0.09:
            status = "submitted"
        elif roll < 0.11:
            status = "changes_requested"
        else:
            status = "published"
        created.append(gen.offer(org, status, users))
    session.flush()

    clients = _clients(gen, users["counsellor"], gen.content.counsellor_clients)
    _clients(gen, users["guide"], gen.content.guide_clients)
    handover_offers = [o for o in member_org.offers if o.status == "published"]
    _handovers(gen, users, clients, handover_offers)
    session.commit()
    seed_demo_proofs(session, now)  # issue 12: proofs in every status, through the services
    return DemoReport(
        offers=len(created),
        organisations=len(orgs),
        regions=len({org.info.region_code for org in orgs}),
        accounts={role: user.email for role, user in users.items()},
    )
