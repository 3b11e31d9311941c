"""Municipalities and PNT regions as a fast, read-only lookup from the shipped data."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class MunicipalityInfo:
    """A municipality's names, region and centre."""

    nis_code: str
    name_nl: str
    name_fr: str | None
    region_code: str
    region_name: str
    province: str | None
    lat: float
    lon: float


@lru_cache(maxsize=1)
def municipalities() -> dict[str, MunicipalityInfo]:
    """Return the 304 municipalities of Flanders and Brussels by NIS code."""
    with (DATA_DIR / "municipalities.csv").open(encoding="utf-8") as handle:
        return {
            row["nis_code"]: MunicipalityInfo(
                nis_code=row["nis_code"],
                name_nl=row["name_nl"],
                name_fr=row["name_fr"] or None,
                region_code=row["pnt_region"],
                region_name=row["pnt_region_name"],
                province=row["province_nl"] or None,
                lat=float(row["lat"]),
                lon=float(row["lon"]),
            )
            for row in csv.DictReader(handle)
        }


@lru_cache(maxsize=1)
def regions() -> dict[str, str]:
    """Return the 18 PNT regions: code → name, in the data's order."""
    out: dict[str, str] = {}
    for info in municipalities().values():
        out.setdefault(info.region_code, info.region_name)
    return dict(sorted(out.items(), key=lambda item: item[1]))
