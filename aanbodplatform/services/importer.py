"""Importing offers from a CSV file: check every row, write the good ones, report the rest.

The format is documented in docs/import-format.md. Checked rows are written in
batches inside a SAVEPOINT (one INSERT per table); a batch the database refuses is
written again row by row, each in its own SAVEPOINT, so a row that fails leaves
nothing behind; the import commits once at the end, or rolls everything back for a
dry run. The file is read as a stream: only the report (one small record per row)
grows with the file.

Every rejection carries a stable ``code`` and ``params``; the English sentence is
built from `REASONS` in one place so a web UI can translate the same codes.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any, NamedTuple, cast

from sqlalchemy import insert, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from aanbodplatform.geo import OfflineGazetteer, default_gazetteer, distance_m, fold
from aanbodplatform.i18n import DEFAULT_LOCALE, LOCALE_TAGS
from aanbodplatform.models import (
    Location,
    Municipality,
    Offer,
    OfferActivity,
    OfferContact,
    OfferStatusChange,
    OfferTranslation,
    Organisation,
    Postcode,
    ScheduleSlot,
    utcnow,
)
from aanbodplatform.models.offers import LOCATION_PRECISIONS
from aanbodplatform.services import audit
from aanbodplatform.services import offer_rules as rules
from aanbodplatform.services.offer_facts import derive_facts, source_hash
from aanbodplatform.services.search_sync import queue_offers
from aanbodplatform.services.taxonomy import get_taxonomy
from aanbodplatform.services.transactions import savepoint
from aanbodplatform.services.translations import stamp_sources
from search_index import DAYPARTS, DUTCH_LEVELS, WEEKDAYS

# --- the format -------------------------------------------------------------------------

REQUIRED_COLUMNS: tuple[str, ...] = (
    "organisation_name",
    "title_nl",
    "summary_nl",
    "offer_type",
    "postcode",
    "dutch_context",
    "social_participation",
)
#: Every column in documented order; translation columns follow for each locale.
BASE_COLUMNS: tuple[str, ...] = (
    "organisation_name",
    "organisation_kbo",
    "title_nl",
    "summary_nl",
    "description_nl",
    "offer_type",
    "activities",
    "street",
    "postcode",
    "municipality",
    "lat",
    "lon",
    "weekdays",
    "dayparts",
    "dutch_level",
    "cost",
    "wheelchair",
    "dutch_context",
    "dutch_context_evidence",
    "social_participation",
    "social_participation_evidence",
    "contact_name",
    "contact_email",
    "contact_phone",
    "status",
)
TRANSLATION_LOCALES: tuple[str, ...] = tuple(t for t in LOCALE_TAGS if t != DEFAULT_LOCALE)
TRANSLATION_COLUMNS: tuple[str, ...] = tuple(
    f"{part}_{locale}" for locale in TRANSLATION_LOCALES for part in ("title", "summary")
)
ALL_COLUMNS: tuple[str, ...] = BASE_COLUMNS + TRANSLATION_COLUMNS

COSTS = ("free", "paid")
YES_NO = ("yes", "no")
IMPORT_STATUSES = ("published", "draft")
DEFAULT_STATUS = "published"
#: Statuses a caller may force on every row (an organisation's upload is "submitted").
FORCEABLE_STATUSES = ("published", "submitted", "draft")
#: Statuses that ask for publication, so the row needs what publishing needs.
PUBLISHING_STATUSES = ("published", "submitted")
ORGANISATION_COLUMNS = ("organisation_name", "organisation_kbo")
CRITERIA = (
    ("dutch_context", "dutch_context_evidence"),
    ("social_participation", "social_participation_evidence"),
)
#: Longest values by column, from the offer rules (the database columns and the offer form).
MAX_LENGTHS: Mapping[str, int] = {
    "organisation_name": rules.ORGANISATION_NAME_MAX,
    "title_nl": rules.TITLE_MAX,
    "summary_nl": rules.SUMMARY_MAX,
    "street": rules.STREET_MAX,
    "municipality": rules.MUNICIPALITY_MAX,
    "contact_name": rules.CONTACT_NAME_MAX,
    "contact_email": rules.CONTACT_EMAIL_MAX,
    "contact_phone": rules.CONTACT_PHONE_MAX,
    **{f"title_{loc}": rules.TRANSLATION_TITLE_MAX for loc in TRANSLATION_LOCALES},
    **{f"summary_{loc}": rules.TRANSLATION_SUMMARY_MAX for loc in TRANSLATION_LOCALES},
}
COVERED_GEWESTEN = ("flanders", "brussels")

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
_PHONE = re.compile(r"^\+?[0-9 ./()\-]{6,40}$")
_LOCALE_COLUMN = re.compile(r"^(title|summary)_(.+)$", re.IGNORECASE)

# --- rejection reasons (one place, so a web UI can translate the codes) -------------

REASONS: Mapping[str, str] = {
    "empty_file": "the file is empty; expected a header row",
    "not_utf8": "file is not UTF-8{where}; save it as 'CSV UTF-8' and import it again",
    "wrong_delimiter": "the header is separated by semicolons; the file must be comma-separated",
    "blank_column": "column {position} of the header has no name",
    "duplicate_column": "column {column} appears more than once in the header",
    "unknown_locale": "column {column} names an unknown locale '{locale}'; allowed: {allowed}",
    "unknown_columns": "unknown column(s): {columns}; see docs/import-format.md",
    "missing_columns": "missing required column(s): {columns}",
    "malformed_csv": "the line cannot be read as CSV ({detail})",
    "wrong_field_count": "expected {expected} fields (one per header column) but found {found}",
    "missing_value": "{column} is required but empty",
    "unknown_value": "unknown {column} '{value}'; allowed: {allowed}",
    "not_yes_no": "{column} must be yes or no, not '{value}'",
    "too_long": "{column} is {length} characters long; the maximum is {maximum}",
    "kbo_format": "organisation_kbo '{value}' must be 10 digits starting with 0 or 1 "
    "(dots and spaces are allowed)",
    "kbo_checksum": "organisation_kbo '{value}' fails the mod-97 check (last two digits)",
    "kbo_mismatch": "organisation '{name}' is registered with KBO number {known}, not {value}",
    "postcode_format": "postcode '{value}' must be 4 digits",
    "postcode_unknown": "postcode {value} does not exist in Belgium",
    "postcode_outside_area": "postcode {value} ({place}) is in Wallonia; the platform covers "
    "Flanders and Brussels only",
    "municipality_mismatch": "municipality '{value}' does not match postcode {postcode} "
    "({expected})",
    "coordinate_pair": "lat and lon must be given together (only {given} is filled in)",
    "coordinate_not_number": "{column} '{value}' is not a number",
    "coordinate_outside_belgium": "lat/lon {lat}, {lon} lies outside Belgium "
    "(lat 49.4 to 51.6, lon 2.5 to 6.5)",
    "coordinate_far_from_postcode": "lat/lon {lat}, {lon} lies {km} km from postcode {postcode}; "
    "check the coordinates",
    "invalid_email": "{column} '{value}' is not a valid e-mail address",
    "invalid_phone": "{column} '{value}' is not a valid phone number",
    "contact_without_name": "contact_name is required when contact_email or contact_phone is given",
    "evidence_required": "{column} (at least {minimum} characters) is required to publish "
    "when {criterion} is yes",
    "contact_required": "contact_name is required to publish: the contact person signs the "
    "proof of participation",
    "translation_incomplete": "{present} is filled in but {missing} is empty; "
    "a translation needs both",
    "duplicate_row": "duplicate of line {other_line}: same organisation, title_nl and postcode",
    "duplicate_offer": "duplicate of existing offer {offer_id}: same organisation, title_nl "
    "and postcode",
    "database_error": "the row could not be saved ({detail})",
}


def reason_text(code: str, params: Mapping[str, Any]) -> str:
    """Return the English sentence for a rejection `code` with its `params`."""
    return REASONS[code].format(**params)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a row (or the header): a stable code and its parameters."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        """Return the English sentence for this problem."""
        return reason_text(self.code, self.params)


@dataclass(frozen=True)
class ImportedRow:
    """A row that was (or, in a dry run, would be) imported."""

    line: int
    offer_id: int | None
    title: str


@dataclass(frozen=True)
class RejectedRow:
    """A row (or, at line 1, the header or the file) that was not imported, with why."""

    line: int
    problems: tuple[Problem, ...]

    @property
    def code(self) -> str:
        """Return the code of the first problem."""
        return self.problems[0].code

    @property
    def params(self) -> Mapping[str, Any]:
        """Return the parameters of the first problem."""
        return self.problems[0].params

    @property
    def codes(self) -> tuple[str, ...]:
        """Return the codes of every problem on the row."""
        return tuple(p.code for p in self.problems)

    @property
    def reason(self) -> str:
        """Return every problem as one English sentence list."""
        return "; ".join(p.message for p in self.problems)


@dataclass
class ImportReport:
    """What an import did (or, for a dry run, would do), row by row."""

    imported: list[ImportedRow] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        """Return True when no row (and not the header) was rejected."""
        return not self.rejected


# --- reading the file ---------------------------------------------------------------------

Source = Path | str | IO[str] | IO[bytes]


@contextmanager
def _open_text(source: Source) -> Iterator[IO[str]]:
    if isinstance(source, str | Path):
        # newline="" lets the csv module see quoted line breaks as part of a field.
        with open(source, encoding="utf-8-sig", newline="") as handle:
            yield handle
        return
    if isinstance(source, io.TextIOBase) or isinstance(source.read(0), str):
        yield cast(IO[str], source)
        return
    # A text stream was yielded above, so what is left is binary.
    wrapper = io.TextIOWrapper(cast(IO[bytes], source), encoding="utf-8-sig", newline="")
    try:
        yield wrapper
    finally:
        # Detach so closing the wrapper never closes the caller's file.
        wrapper.detach()


def _first_bad_line(source: Source) -> int | None:
    """Return the physical line of the first byte that is not UTF-8, when it can be found."""
    if isinstance(source, str | Path):
        handle: IO[bytes] = open(source, "rb")  # noqa: SIM115 - closed below
        close = True
    elif isinstance(source, io.TextIOBase) or not getattr(source, "seekable", lambda: False)():
        return None
    else:
        handle = cast(IO[bytes], source)  # not text, so bytes
        handle.seek(0)
        close = False
    decoder = codecs.getincrementaldecoder("utf-8")()
    line = 1
    try:
        while chunk := handle.read(65536):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                return line + chunk[: exc.start].count(b"\n")
            line += chunk.count(b"\n")
        return None
    finally:
        if close:
            handle.close()


# --- reference data -----------------------------------------------------------------------


class _PostcodePlace(NamedTuple):
    postcode: str
    name_nl: str | None
    name_fr: str | None
    municipality_name_nl: str | None
    nis_code: str
    gewest: str
    lat: float
    lon: float


@dataclass(frozen=True)
class _Place:
    """Where a row's offer happens, resolved and geocoded."""

    postcode: str
    municipality_nis: str
    street: str | None
    lat: float
    lon: float
    precision: str


class _Reference:
    """Postcodes, municipalities and taxonomy codes, loaded once per import."""

    def __init__(self, session: Session, geocoder: Any | None) -> None:
        taxonomy = get_taxonomy()
        self.offer_types = tuple(taxonomy.offer_types)
        self.activities = tuple(taxonomy.activities)
        self.postcodes: dict[str, list[_PostcodePlace]] = {}
        for row in session.execute(
            select(
                Postcode.postcode,
                Postcode.name_nl,
                Postcode.name_fr,
                Postcode.municipality_name_nl,
                Postcode.nis_code,
                Postcode.gewest,
                Postcode.lat,
                Postcode.lon,
            ).order_by(Postcode.id)
        ):
            self.postcodes.setdefault(row.postcode, []).append(_PostcodePlace(*row))
        self.municipality_names: dict[str, set[str]] = {}
        for nis, name_nl, name_fr in session.execute(
            select(Municipality.nis_code, Municipality.name_nl, Municipality.name_fr)
        ):
            self.municipality_names[nis] = {fold(n) for n in (name_nl, name_fr) if n}
        if not self.postcodes or not self.municipality_names:
            raise RuntimeError("reference data is missing; run `flask setup` first")
        self.gazetteer = geocoder if isinstance(geocoder, OfflineGazetteer) else default_gazetteer()
        # The offline gazetteer knows no streets; only another geocoder is asked for one.
        self.address_geocoder = (
            geocoder
            if geocoder is not None and not isinstance(geocoder, OfflineGazetteer)
            else None
        )


# --- validating one row -----------------------------------------------------------------


@dataclass(frozen=True)
class _Options:
    """How one import runs: its clock, its source and what the caller fixed for every row."""

    now: datetime
    source_name: str
    organisation: Organisation | None = None
    status: str | None = None
    #: A check only: rows are validated and compared in memory, never written.
    dry_run: bool = False

    @property
    def required(self) -> tuple[str, ...]:
        """Return the columns every row must fill in."""
        if self.organisation is None:
            return REQUIRED_COLUMNS
        return tuple(c for c in REQUIRED_COLUMNS if c not in ORGANISATION_COLUMNS)


@dataclass
class _RowData:
    """A row's values, checked and converted."""

    organisation_name: str
    organisation_kbo: str | None
    title_nl: str
    summary_nl: str
    description_nl: str
    offer_type: str
    activities: list[str]
    place: _Place
    weekdays: list[str]
    dayparts: list[str]
    dutch_level: str
    free: bool
    wheelchair: bool
    dutch_context: bool
    dutch_context_evidence: str
    social_participation: bool
    social_participation_evidence: str
    contact_name: str | None
    contact_email: str | None
    contact_phone: str | None
    status: str
    translations: dict[str, tuple[str, str]]


def normalise_kbo(value: str) -> str:
    """Return a KBO number without dots, spaces or a leading BE (not yet validated)."""
    cleaned = re.sub(r"[\s.]", "", value)
    return cleaned[2:] if cleaned[:2].upper() == "BE" else cleaned


def kbo_is_valid(number: str) -> bool:
    """Return True for 10 digits starting with 0 or 1 whose last two pass the mod-97 check."""
    if not re.fullmatch(r"[01]\d{9}", number):
        return False
    return 97 - int(number[:8]) % 97 == int(number[8:])


def _list(value: str) -> list[str]:
    items: list[str] = []
    for part in value.split(";"):
        item = part.strip()
        if item and item not in items:
            items.append(item)
    return items


def _allowed(values: tuple[str, ...]) -> str:
    return ", ".join(values)


class _RowChecker:
    """Turns a row's raw values into `_RowData` or a list of problems."""

    def __init__(self, ref: _Reference, options: _Options) -> None:
        self.ref = ref
        self.options = options

    def check(self, values: dict[str, str]) -> tuple[_RowData | None, list[Problem]]:
        """Return the converted row, or None with every problem found."""
        problems: list[Problem] = []
        if self.options.organisation is not None:
            # The caller names the organisation: the row's organisation columns do not count.
            values = {k: v for k, v in values.items() if k not in ORGANISATION_COLUMNS}
        for column in self.options.required:
            if not values.get(column):
                problems.append(Problem("missing_value", {"column": column}))
        for column, maximum in MAX_LENGTHS.items():
            length = len(values.get(column, ""))
            if length > maximum:
                problems.append(
                    Problem("too_long", {"column": column, "length": length, "maximum": maximum})
                )

        kbo = self._kbo(values.get("organisation_kbo", ""), problems)
        offer_type = values.get("offer_type", "")
        if offer_type and offer_type not in self.ref.offer_types:
            problems.append(self._unknown("offer_type", offer_type, self.ref.offer_types))
        activities = _list(values.get("activities", ""))
        for code in activities:
            if code not in self.ref.activities:
                problems.append(self._unknown("activities", code, self.ref.activities))
        weekdays = [w.lower() for w in _list(values.get("weekdays", ""))]
        for day in weekdays:
            if day not in WEEKDAYS:
                problems.append(self._unknown("weekdays", day, WEEKDAYS))
        dayparts = [d.lower() for d in _list(values.get("dayparts", ""))]
        for part in dayparts:
            if part not in DAYPARTS:
                problems.append(self._unknown("dayparts", part, DAYPARTS))
        dutch_level = self._choice(
            values, "dutch_level", DUTCH_LEVELS, "none", problems, upper=True
        )
        cost = self._choice(values, "cost", COSTS, "free", problems)
        status = self.options.status or self._choice(
            values, "status", IMPORT_STATUSES, DEFAULT_STATUS, problems
        )
        publishing = status in PUBLISHING_STATUSES
        wheelchair = self._yes_no(values, "wheelchair", problems)
        criteria: dict[str, bool] = {}
        for criterion, evidence in CRITERIA:
            criteria[criterion] = self._yes_no(values, criterion, problems)
            if criteria[criterion] and publishing and rules.evidence_too_short(values.get(evidence)):
                problems.append(
                    Problem(
                        "evidence_required",
                        {"column": evidence, "criterion": criterion, "minimum": rules.MIN_EVIDENCE},
                    )
                )
        contact = self._contact(values, problems)
        if publishing and not contact[0] and not (contact[1] or contact[2]):
            problems.append(Problem("contact_required"))
        translations = self._translations(values, problems)
        place = self._place(values, problems)

        if problems or place is None:
            return None, problems
        return (
            _RowData(
                organisation_name=values.get("organisation_name", ""),
                organisation_kbo=kbo,
                title_nl=values["title_nl"],
                summary_nl=values["summary_nl"],
                description_nl=values.get("description_nl", ""),
                offer_type=offer_type,
                activities=activities,
                place=place,
                weekdays=[d for d in WEEKDAYS if d in weekdays],
                dayparts=[d for d in DAYPARTS if d in dayparts],
                dutch_level=dutch_level,
                free=cost == "free",
                wheelchair=wheelchair,
                dutch_context=criteria["dutch_context"],
                dutch_context_evidence=values.get("dutch_context_evidence", ""),
                social_participation=criteria["social_participation"],
                social_participation_evidence=values.get("social_participation_evidence", ""),
                contact_name=contact[0],
                contact_email=contact[1],
                contact_phone=contact[2],
                status=status,
                translations=translations,
            ),
            [],
        )

    @staticmethod
    def _unknown(column: str, value: str, allowed: tuple[str, ...]) -> Problem:
        return Problem(
            "unknown_value", {"column": column, "value": value, "allowed": _allowed(allowed)}
        )

    def _choice(
        self,
        values: dict[str, str],
        column: str,
        allowed: tuple[str, ...],
        default: str,
        problems: list[Problem],
        *,
        upper: bool = False,
    ) -> str:
        raw = values.get(column, "")
        if not raw:
            return default
        # Dutch levels are written A1/B1 but "a1" is an obvious match; other values are lower case.
        value = raw.upper() if upper and raw.lower() != "none" else raw.lower()
        if value not in allowed:
            problems.append(self._unknown(column, raw, allowed))
            return default
        return value

    @staticmethod
    def _yes_no(values: dict[str, str], column: str, problems: list[Problem]) -> bool:
        raw = values.get(column, "")
        if not raw:
            return False  # a missing required yes/no is already reported as missing_value
        value = raw.lower()
        if value not in YES_NO:
            problems.append(Problem("not_yes_no", {"column": column, "value": raw}))
            return False
        return value == "yes"

    @staticmethod
    def _kbo(raw: str, problems: list[Problem]) -> str | None:
        if not raw:
            return None
        number = normalise_kbo(raw)
        if not re.fullmatch(r"[01]\d{9}", number):
            problems.append(Problem("kbo_format", {"value": raw}))
            return None
        if not kbo_is_valid(number):
            problems.append(Problem("kbo_checksum", {"value": raw}))
            return None
        return number

    @staticmethod
    def _contact(
        values: dict[str, str], problems: list[Problem]
    ) -> tuple[str | None, str | None, str | None]:
        name = values.get("contact_name") or None
        email = values.get("contact_email") or None
        phone = values.get("contact_phone") or None
        if email and not _EMAIL.match(email):
            problems.append(Problem("invalid_email", {"column": "contact_email", "value": email}))
        if phone and (not _PHONE.match(phone) or sum(c.isdigit() for c in phone) < 6):
            problems.append(Problem("invalid_phone", {"column": "contact_phone", "value": phone}))
        if (email or phone) and not name:
            problems.append(Problem("contact_without_name"))
        return name, email, phone

    @staticmethod
    def _translations(
        values: dict[str, str], problems: list[Problem]
    ) -> dict[str, tuple[str, str]]:
        found: dict[str, tuple[str, str]] = {}
        for locale in TRANSLATION_LOCALES:
            title = values.get(f"title_{locale}", "")
            summary = values.get(f"summary_{locale}", "")
            if title and summary:
                found[locale] = (title, summary)
            elif title or summary:
                present, missing = (
                    (f"title_{locale}", f"summary_{locale}")
                    if title
                    else (f"summary_{locale}", f"title_{locale}")
                )
                problems.append(
                    Problem("translation_incomplete", {"present": present, "missing": missing})
                )
        return found

    def _place(self, values: dict[str, str], problems: list[Problem]) -> _Place | None:
        point = self._given_point(values, problems)
        postcode = values.get("postcode", "")
        if not postcode:
            return None
        if not re.fullmatch(r"\d{4}", postcode):
            problems.append(Problem("postcode_format", {"value": postcode}))
            return None
        places = self.ref.postcodes.get(postcode)
        if not places:
            problems.append(Problem("postcode_unknown", {"value": postcode}))
            return None
        covered = [
            p
            for p in places
            if p.gewest in COVERED_GEWESTEN and p.nis_code in self.ref.municipality_names
        ]
        if not covered:
            first = places[0]
            label = first.municipality_name_nl or first.name_nl or first.name_fr or ""
            problems.append(Problem("postcode_outside_area", {"value": postcode, "place": label}))
            return None
        chosen = self._match_municipality(
            values.get("municipality", ""), postcode, covered, problems
        )
        if chosen is None:
            return None
        street = values.get("street") or None
        locality = chosen.name_nl or chosen.name_fr or ""
        if point is not None:
            km = distance_m(point[0], point[1], chosen.lat, chosen.lon) / 1000
            if km * 1000 > rules.MAX_DISTANCE_FROM_POSTCODE_M:
                problems.append(
                    Problem(
                        "coordinate_far_from_postcode",
                        {"lat": point[0], "lon": point[1], "km": round(km), "postcode": postcode},
                    )
                )
                return None
            precision = "address" if street else "postcode"
            return _Place(postcode, chosen.nis_code, street, point[0], point[1], precision)
        if street and self.ref.address_geocoder is not None:
            found = self._geocode_address(f"{street}, {postcode} {locality}", chosen)
            if found is not None:
                return _Place(postcode, chosen.nis_code, street, *found)
        place = self.ref.gazetteer.lookup(f"{postcode} {locality}")
        if place is not None and place.municipality_nis == chosen.nis_code:
            return _Place(postcode, chosen.nis_code, street, place.lat, place.lon, place.precision)
        return _Place(postcode, chosen.nis_code, street, chosen.lat, chosen.lon, "postcode")

    def _geocode_address(self, query: str, near: _PostcodePlace) -> tuple[float, float, str] | None:
        geocoder = self.ref.address_geocoder
        if geocoder is None:
            return None
        try:
            found = geocoder.geocode(query, exactly_one=True)
        except Exception:  # noqa: BLE001 - a failing geocoder falls back to the postcode
            return None
        if found is None:
            return None
        lat, lon = float(found.latitude), float(found.longitude)
        # A geocoder's best guess in another town is worse than the postcode's centre.
        if distance_m(lat, lon, near.lat, near.lon) > rules.MAX_DISTANCE_FROM_POSTCODE_M:
            return None
        precision = (getattr(found, "raw", None) or {}).get("precision", "address")
        if precision not in LOCATION_PRECISIONS:
            precision = "address"
        return lat, lon, precision

    def _match_municipality(
        self,
        municipality: str,
        postcode: str,
        covered: list[_PostcodePlace],
        problems: list[Problem],
    ) -> _PostcodePlace | None:
        if not municipality:
            # The main locality carries the municipality's name (8800 Roeselare, not Beveren).
            return next(
                (
                    p
                    for p in covered
                    if fold(p.name_nl or p.name_fr or "")
                    in self.ref.municipality_names.get(p.nis_code, set())
                ),
                covered[0],
            )
        key = fold(municipality)
        for place in covered:
            if key in {fold(n) for n in (place.name_nl, place.name_fr) if n}:
                return place
        for place in covered:
            if key in self.ref.municipality_names.get(place.nis_code, set()):
                return place
        expected: list[str] = []
        for place in covered:
            for name in (place.name_nl, place.name_fr):
                if name and name not in expected:
                    expected.append(name)
        problems.append(
            Problem(
                "municipality_mismatch",
                {"value": municipality, "postcode": postcode, "expected": ", ".join(expected)},
            )
        )
        return None

    @staticmethod
    def _given_point(values: dict[str, str], problems: list[Problem]) -> tuple[float, float] | None:
        raw_lat, raw_lon = values.get("lat", ""), values.get("lon", "")
        if not raw_lat and not raw_lon:
            return None
        if not raw_lat or not raw_lon:
            problems.append(Problem("coordinate_pair", {"given": "lat" if raw_lat else "lon"}))
            return None
        numbers: list[float] = []
        for column, raw in (("lat", raw_lat), ("lon", raw_lon)):
            try:
                # A decimal comma is what Belgian spreadsheets write.
                number = float(raw.replace(",", "."))
            except ValueError:
                number = math.nan
            if not math.isfinite(number):
                problems.append(Problem("coordinate_not_number", {"column": column, "value": raw}))
            numbers.append(number)
        if any(not math.isfinite(n) for n in numbers):
            return None
        lat, lon = numbers
        if not rules.in_belgium(lat, lon):
            problems.append(Problem("coordinate_outside_belgium", {"lat": raw_lat, "lon": raw_lon}))
            return None
        return lat, lon


# --- the header ------------------------------------------------------------------------


def check_header(
    cells: list[str], required: tuple[str, ...] = REQUIRED_COLUMNS
) -> tuple[list[str], list[Problem]]:
    """Return the canonical column names of a header row, or the problems that stop the file."""
    known = {name.casefold(): name for name in ALL_COLUMNS}
    problems: list[Problem] = []
    if len(cells) == 1 and ";" in cells[0]:
        return [], [Problem("wrong_delimiter")]
    columns: list[str] = []
    unknown: list[str] = []
    for position, raw in enumerate(cells, start=1):
        name = raw.strip()
        if not name:
            problems.append(Problem("blank_column", {"position": position}))
            columns.append("")
            continue
        canonical = known.get(name.casefold())
        if canonical is None:
            match = _LOCALE_COLUMN.match(name)
            if match and match.group(2).casefold() != DEFAULT_LOCALE:
                problems.append(
                    Problem(
                        "unknown_locale",
                        {
                            "column": name,
                            "locale": match.group(2),
                            "allowed": _allowed(TRANSLATION_LOCALES),
                        },
                    )
                )
            else:
                unknown.append(name)
            columns.append(name)
            continue
        if canonical in columns:
            problems.append(Problem("duplicate_column", {"column": canonical}))
        columns.append(canonical)
    if unknown:
        problems.append(Problem("unknown_columns", {"columns": ", ".join(unknown)}))
    missing = [c for c in required if c not in columns]
    if missing:
        problems.append(Problem("missing_columns", {"columns": ", ".join(missing)}))
    return columns, problems


# --- writing -------------------------------------------------------------------------------


#: Rows written per flush; a batch that fails in the database is written again row by row.
WRITE_BATCH = 500
_MISSING = object()


class _Writer:
    """Finds or creates organisations and writes one offer per valid row.

    The organisations and the keys of their existing offers are read once (two
    queries), not once per row; what the import adds is tracked in memory, with a
    journal so that a batch the database refuses can be undone and written again
    row by row.
    """

    def __init__(self, session: Session, options: _Options) -> None:
        self.session = session
        self.options = options
        self.now = options.now
        self.comment = f"CSV import ({options.source_name})"[:300]
        #: (organisation object, title key, postcode) -> line, for rows of this file.
        self.seen: dict[tuple[Organisation, str, str], int] = {}
        self._by_kbo: dict[str, Organisation] | None = None
        self._by_name: dict[str, Organisation] = {}
        self._existing: dict[tuple[int, str, str | None], int] | None = None
        self._journal: list[tuple[dict[Any, Any], Any, Any]] = []

    def _organisations(self) -> dict[str, Organisation]:
        """Load every organisation once, indexed by KBO number and by exact name."""
        if self._by_kbo is None:
            self._by_kbo = {}
            for org in self.session.scalars(select(Organisation).order_by(Organisation.id)):
                if org.kbo_number:
                    self._by_kbo.setdefault(org.kbo_number, org)
                self._by_name.setdefault(org.name, org)
        return self._by_kbo

    def _existing_offers(self) -> dict[tuple[int, str, str | None], int]:
        """Return (organisation id, title key, postcode) -> lowest offer id, read in one query."""
        if self._existing is None:
            query = (
                select(Offer.organisation_id, Offer.title_nl, Location.postcode, Offer.id)
                .join(Location, Location.offer_id == Offer.id)
                .where(Offer.status != "archived")
                .order_by(Offer.id)
            )
            if self.options.organisation is not None:
                query = query.where(Offer.organisation_id == self.options.organisation.id)
            self._existing = {}
            for org_id, title, postcode, offer_id in self.session.execute(query):
                self._existing.setdefault((org_id, _title_key(title), postcode), offer_id)
        return self._existing

    def _set(self, table: dict[Any, Any], key: Any, value: Any) -> None:
        """Set table[key], noting the old value in the journal."""
        self._journal.append((table, key, table.get(key, _MISSING)))
        table[key] = value

    def mark(self) -> int:
        """Return a journal position to undo back to."""
        return len(self._journal)

    def undo(self, mark: int) -> None:
        """Forget everything noted since `mark` (its rows were not written)."""
        while len(self._journal) > mark:
            table, key, old = self._journal.pop()
            if old is _MISSING:
                table.pop(key, None)
            else:
                table[key] = old

    def find_organisation(self, data: _RowData) -> tuple[Organisation | None, Problem | None]:
        """Return the organisation a row names (by KBO, then exact name), if it exists."""
        if self.options.organisation is not None:
            return self.options.organisation, None
        by_kbo = self._organisations()
        if data.organisation_kbo:
            org = by_kbo.get(data.organisation_kbo)
            if org is not None:
                return org, None
        org = self._by_name.get(data.organisation_name)
        if (
            org is not None
            and data.organisation_kbo
            and org.kbo_number not in (None, data.organisation_kbo)
        ):
            return None, Problem(
                "kbo_mismatch",
                {"name": org.name, "known": org.kbo_number, "value": data.organisation_kbo},
            )
        return org, None

    def duplicate(self, org: Organisation | None, data: _RowData) -> Problem | None:
        """Return a problem when the organisation already has this offer at this postcode."""
        if org is None:
            return None
        title = _title_key(data.title_nl)
        line = self.seen.get((org, title, data.place.postcode))
        if line is not None:
            return Problem("duplicate_row", {"other_line": line})
        if org.id is not None:
            offer_id = self._existing_offers().get((org.id, title, data.place.postcode))
            if offer_id is not None:
                return Problem("duplicate_offer", {"offer_id": offer_id})
        return None

    def admit(self, org: Organisation | None, data: _RowData, line: int) -> Organisation:
        """Note a row about to be written; return its organisation (made here when new)."""
        created = org is None
        if org is None:
            org = Organisation(name=data.organisation_name, kbo_number=data.organisation_kbo)
        self.note(org, data, line, created)
        return org

    def note(self, org: Organisation, data: _RowData, line: int, created: bool) -> None:
        """Remember a row's key, and how later rows find its organisation."""
        kbo = data.organisation_kbo
        if self.options.organisation is None:
            by_kbo = self._organisations()
            if created:
                if kbo and kbo not in by_kbo:
                    self._set(by_kbo, kbo, org)
                if org.name not in self._by_name:
                    self._set(self._by_name, org.name, org)
            elif kbo and org.kbo_number in (None, kbo):
                # The row completes the organisation's KBO number; later rows find it by it
                # (a rolled-back SAVEPOINT expires the object, undoing this too).
                if org.kbo_number is None:
                    org.kbo_number = kbo
                if kbo not in by_kbo:
                    self._set(by_kbo, kbo, org)
        self._set(self.seen, (org, _title_key(data.title_nl), data.place.postcode), line)

    def write(self, org: Organisation | None, data: _RowData) -> Offer:
        """Add the organisation (when new) and the offer with all its parts; flush."""
        if org is None:
            org = Organisation(name=data.organisation_name, kbo_number=data.organisation_kbo)
            self.session.add(org)
        elif data.organisation_kbo and org.kbo_number is None:
            org.kbo_number = data.organisation_kbo
        published = data.status == "published"
        asked = data.status in PUBLISHING_STATUSES
        place = data.place
        contacts = []
        if data.contact_name:
            contacts.append(
                OfferContact(
                    name=data.contact_name,
                    email=data.contact_email,
                    phone=data.contact_phone,
                    signs_proof=True,
                )
            )
        # Every collection is given up front: touching one after a flush would lazy-load it,
        # which made large imports several times slower.
        offer = Offer(
            organisation=org,
            offer_type=data.offer_type,
            title_nl=data.title_nl,
            summary_nl=data.summary_nl,
            description_nl=data.description_nl,
            schedule_kind="weekly" if data.weekdays else "by_arrangement",
            dutch_level=data.dutch_level,
            free=data.free,
            wheelchair=data.wheelchair,
            dutch_context=data.dutch_context,
            dutch_context_evidence=data.dutch_context_evidence,
            social_participation=data.social_participation,
            social_participation_evidence=data.social_participation_evidence,
            status=data.status,
            submitted_at=self.now if asked else None,
            published_at=self.now if published else None,
            confirmed_at=self.now if published else None,
            created_at=self.now,
            updated_at=self.now,
            locations=[
                Location(
                    street=place.street,
                    postcode=place.postcode,
                    municipality_nis=place.municipality_nis,
                    lat=place.lat,
                    lon=place.lon,
                    precision=place.precision,
                )
            ],
            activities=[OfferActivity(activity_code=code) for code in data.activities],
            slots=_slots(data.weekdays, data.dayparts),
            contacts=contacts,
            translations=_translations(data.translations, self.now),
            history=[
                OfferStatusChange(
                    from_status=None,
                    to_status=data.status,
                    comment=self.comment,
                    created_at=self.now,
                )
            ],
        )
        for name, value in derive_facts(
            {
                "free": data.free,
                "cost_note": offer.cost_note,
                "summary_nl": data.summary_nl,
                "description_nl": data.description_nl,
            }
        ).items():
            setattr(offer, name, value)
        for translation in offer.translations:
            stamp_sources(translation, offer)
        self.session.add(offer)
        self.session.flush()
        return offer


    def write_many(self, rows: list[tuple[Organisation, _RowData]]) -> list[int]:
        """Write many rows' offers with one INSERT per table; return the offer ids in order.

        The same rows `write` makes, without building an object graph per row (which
        cost most of an import's time); the search outbox is told directly.  New
        organisations go through the session first: their ids are needed.
        """
        session = self.session
        if any(org.id is None for org, _ in rows) or session.dirty:
            session.add_all({id(org): org for org, _ in rows if org.id is None}.values())
            session.flush()
        now = self.now
        offers = []
        for org, data in rows:
            published = data.status == "published"
            offers.append({
                "organisation_id": org.id,
                "offer_type": data.offer_type,
                "title_nl": data.title_nl,
                "summary_nl": data.summary_nl,
                "description_nl": data.description_nl,
                "schedule_kind": "weekly" if data.weekdays else "by_arrangement",
                "dutch_level": data.dutch_level,
                "free": data.free,
                "wheelchair": data.wheelchair,
                "dutch_context": data.dutch_context,
                "dutch_context_evidence": data.dutch_context_evidence,
                "social_participation": data.social_participation,
                "social_participation_evidence": data.social_participation_evidence,
                "status": data.status,
                "submitted_at": now if data.status in PUBLISHING_STATUSES else None,
                "published_at": now if published else None,
                "confirmed_at": now if published else None,
                "created_at": now,
                "updated_at": now,
                # The same structured facts `write` derives (readable offers, issue 11).
                **derive_facts({
                    "free": data.free,
                    "cost_note": None,
                    "summary_nl": data.summary_nl,
                    "description_nl": data.description_nl,
                }),
            })
        ids = list(session.scalars(
            insert(Offer).returning(Offer.id, sort_by_parameter_order=True), offers
        ))
        children: dict[type, list[dict[str, Any]]] = {
            Location: [], OfferActivity: [], ScheduleSlot: [], OfferContact: [],
            OfferTranslation: [], OfferStatusChange: [],
        }
        for offer_id, (_org, data) in zip(ids, rows, strict=True):
            place = data.place
            children[Location].append({
                "offer_id": offer_id, "street": place.street, "postcode": place.postcode,
                "municipality_nis": place.municipality_nis, "lat": place.lat, "lon": place.lon,
                "precision": place.precision,
            })
            children[OfferActivity].extend(
                {"offer_id": offer_id, "activity_code": code} for code in dict.fromkeys(data.activities)
            )
            children[ScheduleSlot].extend(
                {"offer_id": offer_id, "weekday": slot.weekday, "daypart": slot.daypart}
                for slot in _slots(data.weekdays, data.dayparts)
            )
            if data.contact_name:
                children[OfferContact].append({
                    "offer_id": offer_id, "name": data.contact_name, "email": data.contact_email,
                    "phone": data.contact_phone, "signs_proof": True,
                })
            # Each translation remembers the Dutch it was made from, as `stamp_sources` does.
            sources = {"title_source": source_hash(data.title_nl),
                       "summary_source": source_hash(data.summary_nl)}
            children[OfferTranslation].extend(
                {"offer_id": offer_id, "locale": locale, "title": title, "summary": summary,
                 "translated_by": "organisation", "updated_at": now,
                 "title_source": sources["title_source"] if title else None,
                 "summary_source": sources["summary_source"] if summary else None}
                for locale, (title, summary) in data.translations.items()
            )
            children[OfferStatusChange].append({
                "offer_id": offer_id, "from_status": None, "to_status": data.status,
                "comment": self.comment, "created_at": now,
            })
        for model, values in children.items():
            if values:
                session.execute(insert(model), values)
        queue_offers(session, ids)
        return ids


def _title_key(title: str) -> str:
    return " ".join(title.split()).casefold()


def _slots(weekdays: list[str], dayparts: list[str]) -> list[ScheduleSlot]:
    if not weekdays and not dayparts:
        return []
    # None: any day, or any part of the day.
    days: list[str | None] = [*weekdays] or [None]
    parts: list[str | None] = [*dayparts] or [None]
    return [ScheduleSlot(weekday=day, daypart=part) for day in days for part in parts]


def _translations(found: dict[str, tuple[str, str]], now: datetime) -> list[OfferTranslation]:
    return [
        OfferTranslation(
            locale=locale,
            title=title,
            summary=summary,
            translated_by="organisation",
            updated_at=now,
        )
        for locale, (title, summary) in found.items()
    ]


# Line breaks inside a quoted cell are kept in long texts, folded to spaces elsewhere.
_MULTI_LINE = frozenset(
    {"description_nl", "dutch_context_evidence", "social_participation_evidence"}
)


def _row_values(columns: list[str], cells: list[str]) -> dict[str, str]:
    values: dict[str, str] = {}
    for column, cell in zip(columns, cells, strict=True):
        value = cell.strip()
        values[column] = value if column in _MULTI_LINE else " ".join(value.split())
    return values


# --- the use case --------------------------------------------------------------------------


def count_rows(path: Path | str) -> int:
    """Return how many data rows a CSV file holds (for a progress bar); 0 if unreadable.

    Blank lines are not rows (the import skips them too); a cell may span lines.
    """
    try:
        with _open_text(path) as text:
            reader = csv.reader(text)
            next(reader, None)
            return sum(1 for cells in reader if any(c.strip() for c in cells))
    except (UnicodeDecodeError, csv.Error, OSError):
        return 0


def import_offers(
    session: Session,
    path: Source,
    *,
    dry_run: bool = False,
    geocoder: Any | None = None,
    now: datetime | None = None,
    progress: Callable[[int], None] | None = None,
    organisation_id: int | None = None,
    status: str | None = None,
) -> ImportReport:
    """Import the offers in a CSV file; commit the good rows (or nothing on a dry run).

    With `organisation_id` every row becomes an offer of that organisation and the
    organisation columns are ignored; with `status` every row gets that status
    ("submitted" for an organisation's own upload), whatever its status column says.
    """
    if status is not None and status not in FORCEABLE_STATUSES:
        raise ValueError(f"status must be one of {', '.join(FORCEABLE_STATUSES)}")
    report = ImportReport(dry_run=dry_run)
    source_name = (
        Path(path).name if isinstance(path, str | Path) else getattr(path, "name", "stream")
    )
    try:
        organisation = None
        if organisation_id is not None:
            organisation = session.get(Organisation, organisation_id)
            if organisation is None:
                raise ValueError(f"organisation {organisation_id} does not exist")
        options = _Options(
            now=now or utcnow(),
            source_name=str(source_name),
            organisation=organisation,
            status=status,
            dry_run=dry_run,
        )
        ref = _Reference(session, geocoder)
        with _open_text(path) as text:
            header_ok = _import_rows(session, text, ref, report, options, progress)
    except UnicodeDecodeError:
        session.rollback()
        line = _first_bad_line(path)
        where = f" (first invalid byte on line {line})" if line else ""
        return ImportReport(
            rejected=[RejectedRow(1, (Problem("not_utf8", {"where": where}),))], dry_run=dry_run
        )
    except BaseException:
        session.rollback()
        raise
    if dry_run or not header_ok:
        session.rollback()
        if dry_run:
            report.imported = [ImportedRow(r.line, None, r.title) for r in report.imported]
        return report
    if organisation is None:
        # An organisation's upload is audited by its caller, with the user who made it.
        audit.record(
            session,
            None,
            "offers.imported",
            None,
            {
                "file": str(source_name),
                "imported": [r.offer_id for r in report.imported],
                "rejected": len(report.rejected),
            },
            now=options.now,
        )
    session.commit()
    return report


def _import_rows(
    session: Session,
    text: IO[str],
    ref: _Reference,
    report: ImportReport,
    options: _Options,
    progress: Callable[[int], None] | None,
) -> bool:
    """Import every data row into `report`; return False when the header stops the file."""
    reader = csv.reader(text)
    try:
        header = next(reader)
    except StopIteration:
        report.rejected.append(RejectedRow(1, (Problem("empty_file"),)))
        return False
    except csv.Error as exc:
        report.rejected.append(RejectedRow(1, (Problem("malformed_csv", {"detail": str(exc)}),)))
        return False
    if header:
        header[0] = header[0].lstrip("\ufeff")
    columns, header_problems = check_header(header, options.required)
    if header_problems:
        report.rejected.append(RejectedRow(1, tuple(header_problems)))
        return False
    checker = _RowChecker(ref, options)
    writer = _Writer(session, options)
    batch = _Batch(session, writer, report)
    done = 0
    try:
        while True:
            line = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                batch.flush()
                return True
            except csv.Error as exc:
                report.rejected.append(
                    RejectedRow(line, (Problem("malformed_csv", {"detail": str(exc)}),))
                )
            else:
                if not any(c.strip() for c in cells):
                    continue  # blank lines are not rows
                rejected = _check_row(checker, writer, batch, columns, cells, line)
                if rejected is not None:
                    report.rejected.append(rejected)
            done += 1
            if progress is not None:
                progress(done)
    finally:
        # Rows of a batch the database refused are reported out of line order.
        report.rejected.sort(key=lambda r: r.line)
        report.imported.sort(key=lambda r: r.line)


def _check_row(
    checker: _RowChecker,
    writer: _Writer,
    batch: _Batch,
    columns: list[str],
    cells: list[str],
    line: int,
) -> RejectedRow | None:
    """Check one row; queue it for writing, or return why it is rejected."""
    if len(cells) != len(columns):
        return RejectedRow(
            line,
            (Problem("wrong_field_count", {"expected": len(columns), "found": len(cells)}),),
        )
    data, problems = checker.check(_row_values(columns, cells))
    if data is None:
        return RejectedRow(line, tuple(problems))
    org, problem = writer.find_organisation(data)
    problem = problem or writer.duplicate(org, data)
    if problem is not None:
        return RejectedRow(line, (problem,))
    batch.add(line, org, data)
    return None


class _Batch:
    """Rows checked and waiting to be written, flushed together inside one SAVEPOINT.

    One flush for many rows lets the ORM insert each table's rows together; when
    the database refuses the batch, the SAVEPOINT takes all of it back and the rows
    are written again one by one, each in its own SAVEPOINT, so only the failing row
    is rejected, as if the rows had been written one at a time.
    """

    def __init__(self, session: Session, writer: _Writer, report: ImportReport) -> None:
        self.session = session
        self.writer = writer
        self.report = report
        self.rows: list[tuple[int, Organisation, _RowData]] = []
        self.mark = writer.mark()

    def add(self, line: int, org: Organisation | None, data: _RowData) -> None:
        """Queue a checked row (its organisation and key are noted at once)."""
        self.rows.append((line, self.writer.admit(org, data, line), data))
        if len(self.rows) >= WRITE_BATCH:
            self.flush()

    def flush(self) -> None:
        """Write the queued rows."""
        rows, self.rows = self.rows, []
        if not rows:
            return
        if self.writer.options.dry_run:
            # A check writes nothing: writing and rolling back every row made a 12,500-row
            # file take minutes. Duplicates were found in memory against one query; what
            # only the database could refuse is reported by the import, row by row.
            self.report.imported.extend(ImportedRow(line, None, data.title_nl) for line, _o, data in rows)
            self.mark = self.writer.mark()
            return
        try:
            with savepoint(self.session):
                ids = self.writer.write_many([(org, data) for _line, org, data in rows])
        except SQLAlchemyError:
            self.writer.undo(self.mark)
            # Changes noted before the SAVEPOINT (a completed KBO number) go back too.
            self.session.expire_all()
            self._one_by_one(rows)
        else:
            self.report.imported.extend(
                ImportedRow(line, offer_id, data.title_nl)
                for (line, _org, data), offer_id in zip(rows, ids, strict=True)
            )
        finally:
            self.mark = self.writer.mark()

    def _one_by_one(self, rows: list[tuple[int, Organisation, _RowData]]) -> None:
        """Write rows each in its own SAVEPOINT, checking them again against what was written."""
        for line, _org, data in rows:
            org, problem = self.writer.find_organisation(data)
            problem = problem or self.writer.duplicate(org, data)
            if problem is not None:
                self.report.rejected.append(RejectedRow(line, (problem,)))
                continue
            try:
                with savepoint(self.session):
                    offer = self.writer.write(org, data)
            except SQLAlchemyError as exc:
                detail = str(getattr(exc, "orig", None) or exc).splitlines()[0][:200]
                self.report.rejected.append(
                    RejectedRow(line, (Problem("database_error", {"detail": detail}),))
                )
                continue
            self.writer.note(offer.organisation, data, line, created=org is None)
            self.report.imported.append(ImportedRow(line, offer.id, data.title_nl))
