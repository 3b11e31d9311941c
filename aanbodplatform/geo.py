"""Turning places into points: an offline gazetteer by default, Nominatim when configured.

Both speak geopy's geocoder interface (``geocode(query, exactly_one=True)`` returning
``geopy.location.Location``), so callers never care which one they got. Each result
carries its precision in ``raw["precision"]``.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from geopy.distance import geodesic
from geopy.geocoders import Nominatim
from geopy.location import Location as GeopyLocation
from geopy.point import Point

DATA_DIR = Path(__file__).parent / "data"
PRECISIONS = ("address", "locality", "postcode", "municipality")


def fold(text: str) -> str:
    """Return `text` lowercased without accents or punctuation, for fuzzy name lookup."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^0-9a-z]+", " ", stripped.casefold()).strip()


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


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Return the geodesic distance between two points in metres."""
    return float(geodesic((lat1, lon1), (lat2, lon2)).meters)


class OfflineGazetteer:
    """Geocodes Belgian postcodes, municipality and locality names from the shipped CSVs."""

    def __init__(self, data_dir: Path = DATA_DIR) -> None:
        self._by_postcode: dict[str, list[Place]] = {}
        self._by_name: dict[str, list[Place]] = {}
        self._municipalities: dict[str, Place] = {}
        self._load(data_dir)

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
                        self._by_name.setdefault(fold(name), []).insert(0, place)
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
                        key = fold(locality)
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
        places = self._by_name.get(fold(text), [])
        if not places:
            return None
        # Prefer Flanders and Brussels: "Sint-Genesius-Rode" before a Walloon namesake.
        return sorted(
            places, key=lambda p: (p.gewest == "wallonia", -PRECISIONS.index(p.precision))
        )[0]

    def suggest(self, prefix: str, limit: int = 8) -> list[Place]:
        """Return places whose postcode or name starts with `prefix`, for type-ahead."""
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
        key = fold(text)
        if not key:
            return []
        names = sorted(n for n in self._by_name if n.startswith(key))
        names.sort(key=lambda n: (n != key, len(n), n))
        for name in names:
            for place in self._by_name[name]:
                if place.gewest == "wallonia":
                    continue
                # One entry per name: a city's many postcodes would crowd out the rest.
                dedupe = (fold(place.label), None)
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
