"""Turning places into points: an offline gazetteer by default, Nominatim when configured.

Both speak geopy's geocoder interface (``geocode(query, exactly_one=True)`` returning
``geopy.location.Location``), so callers never care which one they got. Each result
carries its precision in ``raw["precision"]``.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from geopy.distance import geodesic
from geopy.geocoders import Nominatim
from geopy.location import Location as GeopyLocation
from geopy.point import Point

DATA_DIR = Path(__file__).parent / "data"
#: Exonyms and transliterations of the main municipalities, with their population (see data/README.md).
PLACE_NAMES_FILE = "place_names.csv"
PLACE_NAME_FIXED_COLUMNS = ("nis_code", "name_nl", "population_k", "centre_of")
PRECISIONS = ("address", "locality", "postcode", "municipality")


def fold(text: str) -> str:
    """Return `text` lowercased without accents or punctuation, for fuzzy name lookup."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^0-9a-z]+", " ", stripped.casefold()).strip()


#: Letters written in several ways in Arabic-script languages, mapped to one form, so a
#: place typed on a Persian or Pashto keyboard finds the Arabic spelling and back.
_ARABIC_SCRIPT_FOLD = str.maketrans(
    {
        "\u06cc": "\u064a",  # Persian yeh -> yeh
        "\u0649": "\u064a",  # alef maksura -> yeh
        "\u06a9": "\u0643",  # keheh -> kaf
        "\u0629": "\u0647",  # ta marbuta -> heh
        "\u06c1": "\u0647",  # heh goal -> heh
        "\u06d5": "\u0647",  # ae -> heh
        "\u0640": None,  # tatweel
    }
)


def name_key(text: str) -> str:
    """Return the lookup key of a place name in any script: case, accents, hamza and punctuation folded.

    Latin names fold as in `fold` ("Liège" -> "liege"); Cyrillic keeps its letters with
    ё -> е and й -> и; Arabic-script names lose hamza and harakat and unify ی/ي, ک/ك, ة/ه.
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_ARABIC_SCRIPT_FOLD))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[\W_]+", " ", stripped.casefold().translate(_ARABIC_SCRIPT_FOLD)).strip()


@dataclass(frozen=True)
class Place:
    """A named place in the gazetteer, with its municipality and precision."""

    label: str
    postcode: str | None
    municipality_nis: str
    municipality_name: str
    lat: float
    lon: float
    precision: str
    gewest: str
    #: How much the place matters when ranking suggestions (population in thousands where known).
    importance: int = 0


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Return the geodesic distance between two points in metres."""
    return float(geodesic((lat1, lon1), (lat2, lon2)).meters)


class OfflineGazetteer:
    """Geocodes Belgian postcodes, municipality and locality names from the shipped CSVs.

    Municipalities are also known by the exonyms and transliterations of `place_names.csv`
    (Gand, Anvers, Гент, أنتويرب…), which also rank suggestions by population.
    """

    def __init__(self, data_dir: Path = DATA_DIR) -> None:
        self._by_postcode: dict[str, list[Place]] = {}
        self._by_name: dict[str, list[Place]] = {}
        self._municipalities: dict[str, Place] = {}
        #: (NIS code, UI locale) -> the municipality's name in that language.
        self._local_names: dict[tuple[str, str], str] = {}
        #: NIS code -> every other name of the municipality (all locales, all variants).
        self._other_names: dict[str, list[str]] = {}
        self._load(data_dir)
        self._load_other_names(data_dir / PLACE_NAMES_FILE)

    def _load(self, data_dir: Path) -> None:
        with (data_dir / "municipalities.csv").open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                place = Place(
                    label=row["name_nl"],
                    postcode=None,
                    municipality_nis=row["nis_code"],
                    municipality_name=row["name_nl"],
                    lat=float(row["lat"]),
                    lon=float(row["lon"]),
                    precision="municipality",
                    gewest=row["region"],
                )
                self._municipalities[row["nis_code"]] = place
                for name in (row["name_nl"], row["name_fr"]):
                    if name:
                        self._by_name.setdefault(name_key(name), []).insert(0, place)
        with (data_dir / "be_postcodes.csv").open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                municipality = self._municipalities.get(row["nis_code"])
                name = row["name_nl"] or row["name_fr"]
                place = Place(
                    label=f"{row['postcode']} {name}",
                    postcode=row["postcode"],
                    municipality_nis=row["nis_code"],
                    municipality_name=municipality.municipality_name
                    if municipality
                    else row["municipality_nl"],
                    lat=float(row["lat"]),
                    lon=float(row["lon"]),
                    precision="postcode",
                    gewest=row["region"],
                )
                self._by_postcode.setdefault(row["postcode"], []).append(place)
                for locality in (row["name_nl"], row["name_fr"]):
                    if locality:
                        key = name_key(locality)
                        entry = Place(
                            label=locality,
                            postcode=row["postcode"],
                            municipality_nis=place.municipality_nis,
                            municipality_name=place.municipality_name,
                            lat=place.lat,
                            lon=place.lon,
                            precision="locality",
                            gewest=row["region"],
                        )
                        self._by_name.setdefault(key, []).append(entry)

    def _load_other_names(self, path: Path) -> None:
        """Add exonyms and transliterations, and each listed municipality's population."""
        if not path.exists():
            return
        with path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                known = self._municipalities.get(row["nis_code"])
                if known is None:
                    raise ValueError(f"{path.name}: unknown NIS code {row['nis_code']}")
                place = replace(known, importance=int(row["population_k"] or 0))
                self._municipalities[row["nis_code"]] = place
                for places in self._by_name.values():
                    for i, entry in enumerate(places):
                        if entry is known:
                            places[i] = place
                for column, value in row.items():
                    if column in PLACE_NAME_FIXED_COLUMNS or not value:
                        continue
                    names = [v.strip() for v in value.split("|") if v.strip()]
                    self._local_names.setdefault((row["nis_code"], column), names[0])
                    known_names = self._other_names.setdefault(row["nis_code"], [])
                    known_names.extend(n for n in names if n not in known_names)
                    for name in names:
                        entries = self._by_name.setdefault(name_key(name), [])
                        if place not in entries:
                            entries.insert(0, place)

    def other_names(self, nis_code: str) -> tuple[str, ...]:
        """Return the municipality's exonyms and transliterations (for text search)."""
        return tuple(self._other_names.get(nis_code, ()))

    def local_name(self, place: Place, lang: str) -> str | None:
        """Return the municipality's name in the UI locale `lang`, when the data knows one."""
        if place.precision != "municipality":
            return None
        return self._local_names.get((place.municipality_nis, lang))

    def display_label(self, place: Place, lang: str | None) -> str:
        """Return how to show `place` to a reader of `lang`: "Гент (Gent)", "9000 Gent"."""
        local = self.local_name(place, lang) if lang else None
        if local and name_key(local) != name_key(place.label):
            return f"{local} ({place.label})"
        if place.postcode and not place.label.startswith(place.postcode):
            return f"{place.postcode} {place.label}"
        return place.label

    def municipality(self, nis_code: str) -> Place | None:
        """Return the municipality with this NIS code."""
        return self._municipalities.get(nis_code)

    def postcode(self, postcode: str) -> list[Place]:
        """Return the localities of a postcode, main locality first."""
        return list(self._by_postcode.get(postcode.strip(), []))

    def lookup(self, query: str) -> Place | None:
        """Return the best place for a postcode, a municipality or a locality name."""
        text = (query or "").strip()
        if not text or len(text) > 200:
            return None
        match = re.match(r"^\s*(\d{4})\b\s*(.*)$", text)
        if match:
            places = self._by_postcode.get(match.group(1), [])
            rest = fold(match.group(2))
            if rest:
                for place in places:
                    if fold(place.label).endswith(rest):
                        return place
            return places[0] if places else None
        places = self._by_name.get(name_key(text), [])
        if not places:
            # A chosen suggestion reads "Гент (Gent)": either name will do.
            both = re.match(r"^(.*?)\s*\(([^()]+)\)\s*$", text)
            if both:
                return self.lookup(both.group(2)) or self.lookup(both.group(1))
            return None
        # Prefer Flanders and Brussels: "Sint-Genesius-Rode" before a Walloon namesake.
        return sorted(
            places, key=lambda p: (p.gewest == "wallonia", -PRECISIONS.index(p.precision))
        )[0]

    def suggest(self, prefix: str, limit: int = 8) -> list[Place]:
        """Return places whose postcode or name starts with `prefix`, biggest first, for type-ahead.

        Names: an exact name first, then municipalities by population (where known) before
        localities, then shorter names; "Leu" gives Leuven before Leut and Leupegem.
        """
        text = (prefix or "").strip()
        if not text or len(text) > 100:
            return []
        limit = max(1, min(limit, 20))
        results: list[Place] = []
        seen: set[tuple[str, str | None]] = set()
        if text.isdigit():
            for code in sorted(self._by_postcode):
                if code.startswith(text):
                    for place in self._by_postcode[code]:
                        key = (place.label, place.postcode)
                        if key not in seen:
                            seen.add(key)
                            results.append(place)
                if len(results) >= limit:
                    break
            return results[:limit]
        key = name_key(text)
        if not key:
            return []
        candidates = [
            (name, place)
            for name, places in self._by_name.items()
            if name.startswith(key)
            for place in places
            if place.gewest != "wallonia"
        ]
        candidates.sort(
            key=lambda c: (
                c[0] != key,
                c[1].precision != "municipality",
                -c[1].importance,
                len(c[0]),
                c[0],
            )
        )
        for _name, place in candidates:
            # One entry per name: a city's many postcodes would crowd out the rest.
            dedupe = (name_key(place.label), None)
            if dedupe not in seen:
                seen.add(dedupe)
                results.append(place)
            if len(results) >= limit:
                break
        return results[:limit]

    def geocode(self, query: str, exactly_one: bool = True, **_kwargs: Any) -> GeopyLocation | None:
        """Geocode like a geopy geocoder: return a geopy Location or None."""
        place = self.lookup(query)
        if place is None:
            return None
        raw = {
            "precision": place.precision,
            "postcode": place.postcode,
            "municipality_nis": place.municipality_nis,
            "municipality_name": place.municipality_name,
            "gewest": place.gewest,
        }
        location = GeopyLocation(place.label, Point(place.lat, place.lon), raw)
        return location if exactly_one else [location]  # type: ignore[return-value]


class NominatimGeocoder:
    """geopy's Nominatim with a user agent, timeout, rate limit and cache, limited to Belgium."""

    def __init__(self, user_agent: str, gazetteer: OfflineGazetteer, timeout: float = 5.0) -> None:
        from geopy.extra.rate_limiter import RateLimiter

        self._nominatim = Nominatim(user_agent=user_agent, timeout=timeout)
        self._geocode = RateLimiter(self._nominatim.geocode, min_delay_seconds=1.0, max_retries=1)
        self._gazetteer = gazetteer
        self._cache: dict[str, GeopyLocation | None] = {}

    def geocode(self, query: str, exactly_one: bool = True, **_kwargs: Any) -> GeopyLocation | None:
        """Geocode an address through Nominatim; fall back to the gazetteer on failure."""
        key = query.strip().casefold()
        if key not in self._cache:
            try:
                found = self._geocode(query, exactly_one=True, country_codes="be", addressdetails=True)
            except Exception:  # noqa: BLE001 - any network failure falls back offline
                found = None
            if found is not None:
                found.raw["precision"] = "address"
            self._cache[key] = found or self._gazetteer.geocode(query)
        return self._cache[key]


@lru_cache(maxsize=1)
def default_gazetteer() -> OfflineGazetteer:
    """Return the process-wide offline gazetteer (loaded once)."""
    return OfflineGazetteer()
