"""UiTdatabank JSON-LD import: mapping, geocoding, drafts only, idempotent re-imports.

The test files in tests/data/uit/ are written by hand after the examples in publiq's
public UiTdatabank documentation (Search API v3, "Example response for event with all
available fields") and its open-source UDB3 code (event types and themes).
"""

from __future__ import annotations

import json
from datetime import date, time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from aanbodplatform.geo import default_gazetteer
from aanbodplatform.models import ExternalReference, Offer, Organisation
from aanbodplatform.services.uit_import import (
    UitFileError,
    import_uit,
    map_terms,
    read_items,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "uit"


def _items(name: str = "search-api-events.json") -> list:
    return read_items(json.loads((DATA / name).read_text(encoding="utf-8")))


def _offers(session) -> list[Offer]:  # type: ignore[no-untyped-def]
    return list(session.scalars(select(Offer).order_by(Offer.id)))


def test_types_and_themes_map_to_our_taxonomy() -> None:
    swim, choir, workshop, _ = _items()
    assert map_terms(swim) == ("club", ["fitness", "swimming"])
    assert map_terms(choir) == ("club", ["music"])
    assert map_terms(workshop) == ("school", [])
    place = _items("place.json")[0]
    assert map_terms(place) == ("club", [])  # unknown type: the default, no activities


def test_an_import_creates_drafts_with_criteria_never_assumed(session) -> None:  # type: ignore[no-untyped-def]
    report = import_uit(session, _items(), default_gazetteer())
    session.commit()
    assert [p for p, _ in report.created] == [1, 2]
    assert report.rejected == [
        (3, "place not found in Flanders or Brussels"),
        (4, "no UiTdatabank id (@id)"),
    ]
    swim, choir = _offers(session)
    for offer in (swim, choir):
        assert offer.status == "draft"
        assert offer.dutch_context is False and offer.dutch_context_evidence == ""
        assert offer.social_participation is False and offer.social_participation_evidence == ""
    assert swim.title_nl == "Zwemmen voor volwassenen"
    assert swim.summary_nl == "Elke woensdagavond zwemmen we samen in het stedelijk zwembad."
    assert swim.description_nl == (
        "Elke woensdagavond zwemmen we samen in het stedelijk zwembad.\n"
        "Iedereen is welkom, ook beginners.")
    assert swim.organisation.name == "Zwemclub De Golf"
    assert swim.organisation.website == "https://www.zwemclubdegolf.example.be"
    assert swim.free is True and swim.cost_note is None
    assert (swim.start_date, swim.end_date) == (date(2026, 9, 2), date(2027, 6, 30))
    (slot,) = swim.slots
    assert (slot.weekday, slot.daypart, slot.starts_at, slot.ends_at) == (
        "wed", "evening", time(19, 30), time(21, 0))
    (loc,) = swim.locations
    assert (loc.municipality_nis, loc.postcode, loc.precision) == ("44021", "9000", "address")
    assert (loc.lat, loc.lon) == (51.0601, 3.7312)
    assert loc.street == "Zwembadlaan 1" and loc.name == "Zwembad Van Eyck"
    (contact,) = swim.contacts
    assert (contact.email, contact.phone) == ("info@zwemclubdegolf.example.be", "09 123 45 67")
    # Leuven: geocoded from the postcode; paid; HTML paragraphs become lines.
    (loc,) = choir.locations
    assert (loc.municipality_nis, loc.precision) == ("24062", "postcode")
    assert choir.free is False and choir.cost_note == "25,00 EUR"
    assert choir.description_nl == "Wij repeteren elke dinsdag.\nNieuwe stemmen zijn welkom."


def test_reimporting_the_same_ids_updates_instead_of_duplicating(session) -> None:  # type: ignore[no-untyped-def]
    import_uit(session, _items(), default_gazetteer())
    session.commit()
    again = import_uit(session, _items(), default_gazetteer())
    session.commit()
    assert again.created == [] and [p for p, _ in again.unchanged] == [1, 2]
    assert session.scalar(select(func.count()).select_from(Offer)) == 2
    assert session.scalar(select(func.count()).select_from(Organisation)) == 2

    changed = _items()
    changed[0] = {**changed[0], "name": {"nl": "Zwemmen voor volwassenen (nieuw uur)"}}
    third = import_uit(session, changed, default_gazetteer())
    session.commit()
    assert [p for p, _ in third.updated] == [1] and third.created == []
    assert _offers(session)[0].title_nl == "Zwemmen voor volwassenen (nieuw uur)"
    assert session.scalar(select(func.count()).select_from(Offer)) == 2
    refs = session.scalars(select(ExternalReference).where(ExternalReference.kind == "offer")).all()
    assert sorted(r.external_id for r in refs) == [
        "3f0e7c2a-1b4d-4e8a-9c1f-5a6b7c8d9e01", "7d6c5b4a-3928-4716-a5b4-c3d2e1f0a9b8"]


def test_an_offer_past_draft_is_left_alone(session) -> None:  # type: ignore[no-untyped-def]
    import_uit(session, _items(), default_gazetteer())
    swim = _offers(session)[0]
    swim.status = "submitted"
    session.commit()
    changed = _items()
    changed[0] = {**changed[0], "name": {"nl": "Andere titel"}}
    report = import_uit(session, changed, default_gazetteer())
    assert report.skipped == [(1, f"offer {swim.id} is submitted")]
    assert swim.title_nl == "Zwemmen voor volwassenen"


def test_a_place_item_and_a_chosen_organisation(session) -> None:  # type: ignore[no-untyped-def]
    org = Organisation(name="Stad Antwerpen")
    session.add(org)
    session.flush()
    report = import_uit(session, _items("place.json"), default_gazetteer(), organisation=org)
    assert len(report.created) == 1
    (offer,) = _offers(session)
    assert offer.organisation is org
    assert offer.locations[0].municipality_nis == "11002"
    assert offer.schedule_kind == "by_arrangement"


@pytest.mark.parametrize("payload", [{"hello": "world"}, "text", 3])
def test_a_file_that_is_not_uit_json_ld_is_refused(payload) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UitFileError):
        read_items(payload)


def test_the_cli_imports_and_reports(app) -> None:  # type: ignore[no-untyped-def]
    runner = app.test_cli_runner()
    dry = runner.invoke(args=["offers", "import-uit", "--dry-run",
                              str(DATA / "search-api-events.json")])
    assert dry.exit_code == 1  # two items rejected
    assert "2 drafts would be created" in dry.output
    result = runner.invoke(args=["offers", "import-uit", str(DATA / "search-api-events.json")])
    assert "2 drafts were created" in result.output
    assert "item 3: rejected: place not found in Flanders or Brussels" in result.output
    again = runner.invoke(args=["offers", "import-uit", str(DATA / "search-api-events.json")])
    assert "0 drafts were created, 0 updated, 2 unchanged" in again.output
    bad = runner.invoke(args=["offers", "import-uit", str(DATA / "place.json"),
                              "--organisation", "999999"])
    assert bad.exit_code == 2 and "No organisation with id 999999" in bad.output
