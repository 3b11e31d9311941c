"""Read services for the public pages: shortlists, distances and the "do I need to do this?" check.

Nothing here knows about HTTP; the public blueprint passes plain values in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from aanbodplatform.geo import OfflineGazetteer, distance_m
from aanbodplatform.models import Offer
from aanbodplatform.services.search import SearchParamError, parse_search
from search_index import GeoPoint

#: A shared shortlist link holds at most this many offers; the rest is ignored.
MAX_SHORTLIST = 50

#: When the accessibility statement was last reviewed (shown on the statement page).
ACCESSIBILITY_STATEMENT_DATE = date(2026, 11, 28)
#: Where visitors report a problem with the site or its accessibility.
# A placeholder until the operator confirms its public mailbox.
CONTACT_EMAIL = "info@aanbodplatform.be"


def parse_id_list(raw: str | Iterable[str], limit: int = MAX_SHORTLIST) -> list[int]:
    """Return the distinct positive offer ids in `raw` ("1,2,3" or a list), junk ignored."""
    parts: list[str] = []
    for chunk in [raw] if isinstance(raw, str) else list(raw):
        parts.extend(chunk.split(","))
    ids: list[int] = []
    for part in parts:
        text = part.strip()
        # isdecimal() also accepts other scripts' digits; only ASCII ids are real ids.
        if text.isascii() and text.isdigit() and len(text) <= 12:
            value = int(text)
            if value > 0 and value not in ids:
                ids.append(value)
        if len(ids) >= limit:
            break
    return ids


def get_published_offers(session: Session, ids: Sequence[int]) -> list[Offer]:
    """Return the published offers among `ids`, in the order of `ids`."""
    if not ids:
        return []
    found = session.scalars(
        select(Offer)
        .where(Offer.id.in_(list(ids)), Offer.status == "published")
        .options(
            selectinload(Offer.organisation),
            selectinload(Offer.translations),
            selectinload(Offer.locations),
            selectinload(Offer.slots),
        )
    ).all()
    by_id = {offer.id: offer for offer in found}
    return [by_id[i] for i in ids if i in by_id]


@dataclass(frozen=True)
class Origin:
    """The point a visitor searched from, with the place name when they typed one."""

    point: GeoPoint
    label: str | None


def origin_from_args(args: Mapping[str, Sequence[str]], gazetteer: OfflineGazetteer) -> Origin | None:
    """Return the searched origin (`near` or `lat`+`lon`) in `args`, or None when absent or invalid."""
    wanted = {name: list(args.get(name) or []) for name in ("near", "lat", "lon")}
    if not any(wanted.values()):
        return None
    try:
        parsed = parse_search(wanted, gazetteer, facets=())
    except SearchParamError:
        # A broken origin on an offer page only costs the distance line, never the page.
        return None
    if parsed.query.origin is None:
        return None
    return Origin(parsed.query.origin, parsed.place.label if parsed.place else None)


def location_distances(offer: Offer, origin: Origin | None) -> list[float | None]:
    """Return the distance in metres from `origin` to each location of `offer` (None if unknown)."""
    out: list[float | None] = []
    for location in offer.locations:
        if origin is None or location.lat is None or location.lon is None:
            out.append(None)
        else:
            out.append(distance_m(origin.point.lat, origin.point.lon, location.lat, location.lon))
    return out


# --- "Do I need to do this?" -------------------------------------------------------------

CHECK_STATUS = ("obliged", "entitled", "unsure")
CHECK_WORK = ("employee", "self_employed", "civil_servant", "none")
CHECK_ENROLLED = ("yes", "no")
#: Work that exempts from the participation and network trajectory.
EXEMPTING_WORK = frozenset({"employee", "self_employed", "civil_servant"})
CHECK_OUTCOMES = ("exempt", "must", "may", "unknown")


@dataclass(frozen=True)
class CheckState:
    """The answers given so far and the step to show next (None when the check is done)."""

    status: str | None
    work: str | None
    enrolled: str | None

    @property
    def step(self) -> int | None:
        """Return the number (1-3) of the first unanswered question, or None when all are answered."""
        for number, answer in enumerate((self.status, self.work, self.enrolled), start=1):
            if answer is None:
                return number
        return None

    @property
    def outcome(self) -> str | None:
        """Return the outcome code once every question is answered."""
        if self.step is not None:
            return None
        return check_outcome(self.status, self.work)

    def answers(self) -> dict[str, str]:
        """Return the given answers by parameter name."""
        given = {"status": self.status, "work": self.work, "enrolled": self.enrolled}
        return {name: value for name, value in given.items() if value is not None}


def read_check(args: Mapping[str, str]) -> CheckState:
    """Return the check state from the answers in `args`; unknown values count as unanswered."""

    def pick(name: str, allowed: tuple[str, ...]) -> str | None:
        value = (args.get(name) or "").strip()
        return value if value in allowed else None

    return CheckState(
        status=pick("status", CHECK_STATUS),
        work=pick("work", CHECK_WORK),
        enrolled=pick("enrolled", CHECK_ENROLLED),
    )


def check_outcome(status: str | None, work: str | None) -> str:
    """Return exempt, must, may or unknown: the likely PNT duty for these answers.

    Only a first indication: the counsellor decides, with the papers in hand.
    """
    if work in EXEMPTING_WORK:
        return "exempt"
    if status == "obliged":
        return "must"
    if status == "entitled":
        return "may"
    return "unknown"
