"""Loading the reference data (regions, municipalities, postcodes, taxonomy) idempotently."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from aanbodplatform.models import (
    Activity,
    Municipality,
    OfferType,
    Postcode,
    Region,
    TaxonomyLabel,
)
from aanbodplatform.services.taxonomy import Taxonomy, Term, get_taxonomy

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class LoadReport:
    """How many rows of each kind the reference data holds after loading."""

    regions: int
    municipalities: int
    postcodes: int
    offer_types: int
    activities: int
    labels: int


def load_reference_data(
    session: Session,
    data_dir: Path = DATA_DIR,
    taxonomy: Taxonomy | None = None,
    progress: Callable[[str], None] | None = None,
) -> LoadReport:
    """Insert or update all reference rows; running it twice changes nothing."""
    say = progress or (lambda _msg: None)
    taxonomy = taxonomy or get_taxonomy()
    with (data_dir / "municipalities.csv").open(encoding="utf-8") as handle:
        municipality_rows = list(csv.DictReader(handle))
    say("regions and municipalities")
    regions = {r.code: r for r in session.scalars(select(Region))}
    for row in municipality_rows:
        code = row["pnt_region"]
        region = regions.get(code)
        if region is None:
            region = Region(code=code)
            session.add(region)
            regions[code] = region
        region.name = row["pnt_region_name"]
        region.refreg_code = row["refreg_code"] or None
    session.flush()
    municipalities = {m.nis_code: m for m in session.scalars(select(Municipality))}
    for row in municipality_rows:
        municipality = municipalities.get(row["nis_code"])
        if municipality is None:
            municipality = Municipality(nis_code=row["nis_code"])
            session.add(municipality)
        municipality.name_nl = row["name_nl"]
        municipality.name_fr = row["name_fr"] or None
        municipality.province_nl = row["province_nl"] or None
        municipality.gewest = row["region"]
        municipality.refreg_code = row["refreg_code"] or None
        municipality.refreg_name = row["refreg_name"] or None
        municipality.region_code = row["pnt_region"]
        municipality.lat = float(row["lat"])
        municipality.lon = float(row["lon"])
    session.flush()

    say("postcodes")
    with (data_dir / "be_postcodes.csv").open(encoding="utf-8") as handle:
        postcode_rows = list(csv.DictReader(handle))
    wanted = {
        (r["postcode"], r["name_nl"] or None, r["name_fr"] or None): r for r in postcode_rows
    }
    existing = {(p.postcode, p.name_nl, p.name_fr): p for p in session.scalars(select(Postcode))}
    for key, row in wanted.items():
        postcode = existing.pop(key, None)
        if postcode is None:
            postcode = Postcode(postcode=row["postcode"], name_nl=key[1], name_fr=key[2])
            session.add(postcode)
        postcode.municipality_name_nl = row["municipality_nl"] or None
        postcode.nis_code = row["nis_code"]
        postcode.gewest = row["region"]
        postcode.lat = float(row["lat"])
        postcode.lon = float(row["lon"])
    for stale in existing.values():
        session.delete(stale)
    session.flush()

    say("taxonomy")
    _load_taxonomy(session, taxonomy)
    session.flush()
    return LoadReport(
        regions=len(session.scalars(select(Region.code)).all()),
        municipalities=len(session.scalars(select(Municipality.nis_code)).all()),
        postcodes=len(session.scalars(select(Postcode.id)).all()),
        offer_types=len(session.scalars(select(OfferType.code)).all()),
        activities=len(session.scalars(select(Activity.code)).all()),
        labels=len(session.scalars(select(TaxonomyLabel.id)).all()),
    )


def _load_taxonomy(session: Session, taxonomy: Taxonomy) -> None:
    kinds: tuple[tuple[type[OfferType] | type[Activity], dict[str, Term]], ...] = (
        (OfferType, taxonomy.offer_types),
        (Activity, taxonomy.activities),
    )
    for model, terms in kinds:
        # select() of a union of two models is typed as their common base.
        found = cast("Iterable[OfferType | Activity]", session.scalars(select(model)))
        rows = {row.code: row for row in found}
        for term in terms.values():
            row = rows.get(term.code)
            if row is None:
                row = model(code=term.code)
                session.add(row)
            row.icon = term.icon
            row.position = term.position
    session.execute(delete(TaxonomyLabel))
    for kind, terms in (("offer_type", taxonomy.offer_types), ("activity", taxonomy.activities)):
        for term in terms.values():
            for locale, label in term.labels.items():
                session.add(
                    TaxonomyLabel(
                        kind=kind,
                        code=term.code,
                        locale=locale,
                        label=label,
                        synonyms=list(term.synonyms.get(locale, ())),
                    )
                )
