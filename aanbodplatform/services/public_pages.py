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
#: The agency's website; its page "verzekering participatie- en netwerktraject" says what the
#: agency insures (DOMAIN.md). The FAQ links here and never claims what organisations do.
AGENCY_URL = "https://www.integratie-inburgering.be/"


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
# The rules as DOMAIN.md tells them, and no stronger: work exempts only at least half-time
# (for employees, self-employed people and civil servants alike); studying probably exempts;
# entitled newcomers may choose the trajectory; people from Ukraine with temporary protection
# are entitled, and the short pre-programmes for them do not include it. Always "probably":
# the counsellor decides.

CHECK_STATUS = ("obliged", "entitled", "ukraine")
CHECK_WORK = ("none", "employee", "self_employed", "civil_servant")
CHECK_YES_NO = ("yes", "no")
#: The offices newcomers go to: Atlas (Antwerpen), IN-Gent (Gent), Bon (Brussels), the agency.
CHECK_OFFICES = ("atlas", "in_gent", "bon", "agency")
_ANTWERPEN, _GENT = "11002", "44021"


@dataclass(frozen=True)
class CheckState:
    """The answers given so far and the step to show next (None when the check is done)."""

    status: str | None
    work: str | None
    half_time: str | None
    study: str | None
    postcode: str | None = None

    @property
    def questions(self) -> tuple[str, ...]:
        """Return the questions this person is asked, in order (half-time only when working)."""
        if self.work in (None, "none"):
            return ("status", "work", "study")
        return ("status", "work", "half_time", "study")

    @property
    def step(self) -> int | None:
        """Return the number of the first unanswered question, or None when all are answered."""
        given = self.answers()
        for number, name in enumerate(self.questions, start=1):
            if name not in given:
                return number
        return None

    @property
    def outcome(self) -> str | None:
        """Return the outcome code once every question is answered."""
        if self.step is not None:
            return None
        return check_outcome(self.status, self.work, self.half_time, self.study)

    @property
    def office(self) -> str | None:
        """Return the office for the given postcode, or None when none (or no valid one) is given."""
        return office_for_postcode(self.postcode) if self.postcode else None

    def answers(self) -> dict[str, str]:
        """Return the given answers by parameter name (half-time only when it is asked)."""
        given = {
            "status": self.status,
            "work": self.work,
            "half_time": self.half_time if self.work not in (None, "none") else None,
            "study": self.study,
        }
        return {name: value for name, value in given.items() if value is not None}


def read_check(args: Mapping[str, str]) -> CheckState:
    """Return the check state from the answers in `args`; unknown values count as unanswered."""

    def pick(name: str, allowed: tuple[str, ...]) -> str | None:
        value = (args.get(name) or "").strip()
        return value if value in allowed else None

    postcode = (args.get("postcode") or "").strip()
    return CheckState(
        status=pick("status", CHECK_STATUS),
        work=pick("work", CHECK_WORK),
        half_time=pick("half_time", CHECK_YES_NO),
        study=pick("study", CHECK_YES_NO),
        postcode=postcode if len(postcode) == 4 and postcode.isascii() and postcode.isdigit() else None,
    )


def check_outcome(
    status: str | None, work: str | None, half_time: str | None, study: str | None
) -> str:
    """Return must, may, probably_exempt or not_concerned: the likely PNT duty for these answers.

    Only a first indication: the counsellor decides, with the papers in hand.
    """
    if status == "ukraine":
        return "not_concerned"
    if status == "entitled":
        return "may"
    works_half_time = work in ("employee", "self_employed", "civil_servant") and half_time == "yes"
    if works_half_time or study == "yes":
        return "probably_exempt"
    return "must"


def office_for_postcode(postcode: str, gazetteer: OfflineGazetteer | None = None) -> str | None:
    """Return atlas, in_gent, bon or agency for a Belgian postcode; None when it is unknown."""
    from aanbodplatform.geo import default_gazetteer

    places = (gazetteer or default_gazetteer()).postcode(postcode)
    if not places:
        return None
    nis = places[0].municipality_nis
    if nis == _ANTWERPEN:
        return "atlas"
    if nis == _GENT:
        return "in_gent"
    if nis.startswith("21"):
        return "bon"
    return "agency"
