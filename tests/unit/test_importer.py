"""The CSV offer import: good rows in, bad rows out with their line and reason, nothing partial."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import OperationalError

from aanbodplatform.geo import default_gazetteer
from aanbodplatform.models import (
    AuditEvent,
    Offer,
    OfferStatusChange,
    Organisation,
    SearchOutbox,
)
from aanbodplatform.services import importer
from aanbodplatform.services.importer import (
    REASONS,
    ImportReport,
    import_offers,
    kbo_is_valid,
    normalise_kbo,
)
from search_index import SearchQuery

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "offers-example.csv"
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
COLUMNS = [
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
    "title_en",
    "summary_en",
    "title_fr",
    "summary_fr",
    "title_fa-AF",
    "summary_fa-AF",
]


def good_row(**changes: str) -> dict[str, str]:
    """Return a valid row, with some values changed."""
    row = {
        "organisation_name": "Vzw Buurtwerk Het Klavertje",
        "organisation_kbo": "0456.789.133",
        "title_nl": "Samen koken in het buurthuis",
        "summary_nl": "Elke week koken we met buren een maaltijd.",
        "description_nl": "Iedereen brengt een recept mee.",
        "offer_type": "neighbourhood",
        "activities": "cooking",
        "street": "",
        "postcode": "9000",
        "municipality": "Gent",
        "lat": "",
        "lon": "",
        "weekdays": "tue",
        "dayparts": "evening",
        "dutch_level": "A1",
        "cost": "free",
        "wheelchair": "yes",
        "dutch_context": "yes",
        "dutch_context_evidence": "Alle vrijwilligers spreken Nederlands met de deelnemers.",
        "social_participation": "yes",
        "social_participation_evidence": "Je kookt in een vaste groep met buurtbewoners.",
        "contact_name": "Els Vermeulen",
        "contact_email": "els.vermeulen@example.org",
        "contact_phone": "0470 12 34 56",
        "status": "published",
    }
    row.update(changes)
    return row


def write_csv(
    path: Path, rows: list[dict[str, str]], columns: list[str] | None = None, *, bom: bool = False
) -> Path:
    """Write `rows` as a comma-separated UTF-8 file with a header row."""
    columns = columns or COLUMNS
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns, lineterminator="\r\n", extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in columns})
    return path


def count(session, model) -> int:  # type: ignore[no-untyped-def]
    """Return the number of rows of `model`."""
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


def run(session, path, **kwargs) -> ImportReport:  # type: ignore[no-untyped-def]
    """Import `path` at the fixed test time."""
    kwargs.setdefault("now", NOW)
    return import_offers(session, path, **kwargs)


# --- good rows ------------------------------------------------------------------------------


def test_a_good_row_is_imported_with_all_its_fields(
    app, session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = replace(app.extensions["settings"], search_sync_after_commit=False)
    monkeypatch.setitem(app.extensions, "settings", settings)
    row = good_row(
        street="Kerkstraat 12",
        lat="51.0536",
        lon="3.7304",
        weekdays="tue;thu",
        dayparts="morning;evening",
        activities="cooking; gardening ;cooking",
        dutch_level="a2",
        cost="paid",
        wheelchair="no",
        description_nl="Eerste regel.\nTweede regel.",
        title_en="Cooking together",
        summary_en="Every week we cook with neighbours.",
        **{"title_fa-AF": "آشپزی با هم", "summary_fa-AF": "هر هفته با همسایه‌ها غذا می‌پزیم."},
    )
    report = run(session, write_csv(tmp_path / "in.csv", [row]))

    assert report.ok and not report.dry_run
    assert [(r.line, r.title) for r in report.imported] == [(2, "Samen koken in het buurthuis")]
    offer = session.get(Offer, report.imported[0].offer_id)
    assert offer.organisation.name == "Vzw Buurtwerk Het Klavertje"
    assert offer.organisation.kbo_number == "0456789133"
    assert offer.offer_type == "neighbourhood"
    assert offer.summary_nl == "Elke week koken we met buren een maaltijd."
    assert offer.description_nl == "Eerste regel.\nTweede regel."
    assert offer.activity_codes == ["cooking", "gardening"]
    assert (offer.dutch_level, offer.free, offer.wheelchair) == ("A2", False, False)
    assert offer.dutch_context and offer.social_participation and offer.pnt_eligible
    assert offer.status == "published"
    assert offer.published_at == offer.confirmed_at == offer.submitted_at == NOW
    assert offer.schedule_kind == "weekly"
    assert sorted((s.weekday, s.daypart) for s in offer.slots) == [
        ("thu", "evening"),
        ("thu", "morning"),
        ("tue", "evening"),
        ("tue", "morning"),
    ]
    [location] = offer.locations
    assert (location.street, location.postcode, location.municipality_nis) == (
        "Kerkstraat 12",
        "9000",
        "44021",
    )
    assert (location.lat, location.lon, location.precision) == (51.0536, 3.7304, "address")
    [contact] = offer.contacts
    assert (contact.name, contact.email, contact.phone, contact.signs_proof) == (
        "Els Vermeulen",
        "els.vermeulen@example.org",
        "0470 12 34 56",
        True,
    )
    assert {t.locale: (t.title, t.translated_by) for t in offer.translations} == {
        "en": ("Cooking together", "organisation"),
        "fa-AF": ("آشپزی با هم", "organisation"),
    }
    [change] = offer.history
    assert (change.from_status, change.to_status, change.created_at) == (None, "published", NOW)
    assert "in.csv" in change.comment
    # The search outbox hears about the new offer in the same transaction (the drain after
    # commit is off in this test, so the rows stay to be read).
    assert session.scalars(select(SearchOutbox.offer_id)).all() == [offer.id]
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "offers.imported"))
    assert event.data["imported"] == [offer.id] and event.data["rejected"] == 0


def test_places_are_geocoded_from_postcode_and_municipality(session, tmp_path: Path) -> None:
    rows = [
        good_row(title_nl="Zonder gemeente", municipality=""),
        good_row(title_nl="Deelgemeente", postcode="3010", municipality="kessel lo"),
        good_row(title_nl="Hoofdplaats", postcode="8800", municipality=""),
        good_row(title_nl="Franse naam", postcode="1080", municipality="Molenbeek-Saint-Jean"),
        good_row(title_nl="Punt zonder straat", lat="51,06", lon="3,72"),
    ]
    report = run(session, write_csv(tmp_path / "in.csv", rows))
    assert report.ok, report.rejected
    places = {r.title: session.get(Offer, r.offer_id).locations[0] for r in report.imported}
    gazetteer = default_gazetteer()
    gent = gazetteer.lookup("9000 Gent")
    assert (places["Zonder gemeente"].lat, places["Zonder gemeente"].lon) == (gent.lat, gent.lon)
    assert places["Zonder gemeente"].precision == "postcode"
    kessel_lo = gazetteer.lookup("3010 Kessel Lo")
    assert places["Deelgemeente"].municipality_nis == "24062"
    assert (places["Deelgemeente"].lat, places["Deelgemeente"].lon) == (
        kessel_lo.lat,
        kessel_lo.lon,
    )
    roeselare = gazetteer.lookup("8800 Roeselare")
    assert (places["Hoofdplaats"].lat, places["Hoofdplaats"].lon) == (roeselare.lat, roeselare.lon)
    assert places["Franse naam"].municipality_nis == "21012"
    assert (places["Punt zonder straat"].lat, places["Punt zonder straat"].lon) == (51.06, 3.72)
    assert places["Punt zonder straat"].precision == "postcode"


def test_an_address_geocoder_is_asked_for_street_addresses(session, tmp_path: Path) -> None:
    asked: list[str] = []

    class FakeNominatim:
        def geocode(self, query: str, exactly_one: bool = True):  # type: ignore[no-untyped-def]
            asked.append(query)
            from geopy.location import Location as GeoLocation
            from geopy.point import Point

            if query.startswith("Kerkstraat"):
                return GeoLocation(query, Point(51.0561, 3.7249), {"precision": "address"})
            return GeoLocation(query, Point(50.0, 5.0), {})  # far away: not trusted

    rows = [
        good_row(title_nl="Met straat", street="Kerkstraat 12"),
        good_row(title_nl="Verkeerde gok", street="Nergensstraat 1"),
    ]
    report = run(session, write_csv(tmp_path / "in.csv", rows), geocoder=FakeNominatim())
    assert report.ok
    first, second = (session.get(Offer, r.offer_id).locations[0] for r in report.imported)
    assert (first.lat, first.lon, first.precision) == (51.0561, 3.7249, "address")
    assert second.precision == "postcode" and second.street == "Nergensstraat 1"
    assert asked == ["Kerkstraat 12, 9000 Gent", "Nergensstraat 1, 9000 Gent"]


def test_drafts_need_no_evidence_and_schedules_follow_the_lists(session, tmp_path: Path) -> None:
    rows = [
        good_row(
            title_nl="Concept",
            status="draft",
            dutch_context_evidence="",
            social_participation_evidence="",
            contact_name="",
            contact_email="",
            contact_phone="",
        ),
        good_row(title_nl="Op afspraak", weekdays="", dayparts="afternoon"),
        good_row(title_nl="Helemaal vrij", weekdays="", dayparts=""),
        good_row(title_nl="Dagen zonder dagdeel", weekdays="MON;Sat", dayparts=""),
    ]
    report = run(session, write_csv(tmp_path / "in.csv", rows))
    assert report.ok, report.rejected
    offers = {r.title: session.get(Offer, r.offer_id) for r in report.imported}
    draft = offers["Concept"]
    assert draft.status == "draft" and draft.published_at is None and draft.confirmed_at is None
    assert draft.contacts == [] and draft.history[0].to_status == "draft"
    assert offers["Op afspraak"].schedule_kind == "by_arrangement"
    assert [(s.weekday, s.daypart) for s in offers["Op afspraak"].slots] == [(None, "afternoon")]
    assert offers["Helemaal vrij"].schedule_kind == "by_arrangement"
    assert offers["Helemaal vrij"].slots == []
    assert [(s.weekday, s.daypart) for s in offers["Dagen zonder dagdeel"].slots] == [
        ("mon", None),
        ("sat", None),
    ]


def test_criteria_answered_no_need_no_evidence(session, tmp_path: Path) -> None:
    row = good_row(
        title_nl="English book club",
        dutch_context="no",
        dutch_context_evidence="",
        social_participation="No",
        social_participation_evidence="",
    )
    report = run(session, write_csv(tmp_path / "in.csv", [row]))
    assert report.ok
    offer = session.get(Offer, report.imported[0].offer_id)
    assert not offer.dutch_context and not offer.social_participation and not offer.pnt_eligible


def test_the_example_file_imports_cleanly(session) -> None:
    report = run(session, EXAMPLE)
    assert report.ok, [(r.line, r.reason) for r in report.rejected]
    assert len(report.imported) >= 6
    assert [r.line for r in report.imported] == list(range(2, 2 + len(report.imported)))
    offers = [session.get(Offer, r.offer_id) for r in report.imported]
    assert any(o.translations for o in offers)
    assert any(o.status == "draft" for o in offers)
    assert {o.locations[0].precision for o in offers} == {"address", "postcode"}
    # Importing the same file again finds every row already there.
    again = run(session, EXAMPLE)
    assert not again.imported
    assert {r.code for r in again.rejected} == {"duplicate_offer"}


def test_a_bom_and_file_objects_are_accepted(session, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "bom.csv", [good_row(title_nl="Met BOM")], bom=True)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert run(session, path).ok
    data = path.read_bytes().replace(b"Met BOM", b"Uit bytes")
    binary = io.BytesIO(data)
    assert run(session, binary).ok
    assert not binary.closed
    text = io.StringIO(data.decode("utf-8-sig").replace("Uit bytes", "Uit tekst"))
    assert run(session, text).ok
    assert count(session, Offer) == 3


def test_progress_is_reported_per_row(session, tmp_path: Path) -> None:
    rows = [good_row(title_nl=f"Aanbod {n}") for n in range(5)] + [good_row(offer_type="x")]
    seen: list[int] = []
    report = run(session, write_csv(tmp_path / "in.csv", rows), progress=seen.append)
    assert seen == [1, 2, 3, 4, 5, 6]
    assert len(report.imported) == 5 and len(report.rejected) == 1


def test_organisations_are_found_by_kbo_then_by_exact_name(session, tmp_path: Path) -> None:
    rows = [
        good_row(title_nl="Een"),
        good_row(title_nl="Twee", organisation_name="Andere naam", organisation_kbo="0456 789 133"),
        good_row(title_nl="Drie", organisation_kbo=""),
        good_row(title_nl="Vier", organisation_name="Nieuwe club", organisation_kbo=""),
        good_row(title_nl="Vijf", organisation_kbo="0812.345.603"),
    ]
    report = run(session, write_csv(tmp_path / "in.csv", rows))
    assert [r.line for r in report.imported] == [2, 3, 4, 5]
    orgs = {r.title: session.get(Offer, r.offer_id).organisation_id for r in report.imported}
    assert orgs["Een"] == orgs["Twee"] == orgs["Drie"] != orgs["Vier"]
    [rejected] = report.rejected
    assert (rejected.line, rejected.code) == (6, "kbo_mismatch")
    assert "0456789133" in rejected.reason
    assert count(session, Organisation) == 2


def test_an_organisation_upload_forces_the_organisation_and_status(session, tmp_path: Path) -> None:
    org = Organisation(name="Kringwinkel De Cirkel")
    session.add(org)
    session.commit()
    columns = [c for c in COLUMNS if not c.startswith("organisation_")]
    rows = [good_row(title_nl="Ingediend", status="draft"), good_row(title_nl="Tweede")]
    report = run(
        session,
        write_csv(tmp_path / "in.csv", rows, columns),
        organisation_id=org.id,
        status="submitted",
    )
    assert report.ok, report.rejected
    for imported in report.imported:
        offer = session.get(Offer, imported.offer_id)
        assert offer.organisation_id == org.id and offer.status == "submitted"
        assert offer.submitted_at == NOW and offer.published_at is None
    assert count(session, Organisation) == 1
    # The organisation's upload is audited by its caller, not by the importer.
    assert count(session, AuditEvent) == 0
    with pytest.raises(ValueError):
        run(session, EXAMPLE, status="archived")


# --- bad rows -------------------------------------------------------------------------------

BAD_ROWS = [
    ({"title_nl": ""}, "missing_value", "title_nl is required but empty"),
    ({"organisation_name": " "}, "missing_value", "organisation_name is required"),
    ({"dutch_context": ""}, "missing_value", "dutch_context is required"),
    (
        {"offer_type": "sauna"},
        "unknown_value",
        "unknown offer_type 'sauna'; allowed: volunteering, buddy",
    ),
    (
        {"activities": "football;quidditch"},
        "unknown_value",
        "unknown activities 'quidditch'; allowed: football",
    ),
    (
        {"weekdays": "mon;funday"},
        "unknown_value",
        "unknown weekdays 'funday'; allowed: mon, tue, wed",
    ),
    (
        {"dayparts": "night"},
        "unknown_value",
        "unknown dayparts 'night'; allowed: morning, afternoon, evening",
    ),
    ({"dutch_level": "C2"}, "unknown_value", "unknown dutch_level 'C2'; allowed: none, A1, A2, B1"),
    ({"cost": "cheap"}, "unknown_value", "unknown cost 'cheap'; allowed: free, paid"),
    (
        {"status": "archived"},
        "unknown_value",
        "unknown status 'archived'; allowed: published, draft",
    ),
    ({"wheelchair": "maybe"}, "not_yes_no", "wheelchair must be yes or no, not 'maybe'"),
    ({"dutch_context": "ja"}, "not_yes_no", "dutch_context must be yes or no, not 'ja'"),
    ({"organisation_kbo": "12345"}, "kbo_format", "organisation_kbo '12345' must be 10 digits"),
    ({"organisation_kbo": "2456789133"}, "kbo_format", "starting with 0 or 1"),
    ({"organisation_kbo": "0456.789.134"}, "kbo_checksum", "fails the mod-97 check"),
    ({"postcode": "90000"}, "postcode_format", "postcode '90000' must be 4 digits"),
    ({"postcode": "900A"}, "postcode_format", "must be 4 digits"),
    ({"postcode": "1005", "municipality": ""}, "postcode_unknown", "postcode 1005 does not exist"),
    ({"postcode": "4000", "municipality": ""}, "postcode_outside_area", "is in Wallonia"),
    (
        {"municipality": "Antwerpen"},
        "municipality_mismatch",
        "municipality 'Antwerpen' does not match postcode 9000 (Gent)",
    ),
    (
        {"lat": "51.05"},
        "coordinate_pair",
        "lat and lon must be given together (only lat is filled in)",
    ),
    ({"lon": "3.72"}, "coordinate_pair", "(only lon is filled in)"),
    ({"lat": "abc", "lon": "3.72"}, "coordinate_not_number", "lat 'abc' is not a number"),
    ({"lat": "51.05", "lon": "nan"}, "coordinate_not_number", "lon 'nan' is not a number"),
    ({"lat": "3.72", "lon": "51.05"}, "coordinate_outside_belgium", "lies outside Belgium"),
    ({"lat": "52.37", "lon": "4.89"}, "coordinate_outside_belgium", "lies outside Belgium"),
    ({"lat": "49.68", "lon": "5.81"}, "coordinate_far_from_postcode", "km from postcode 9000"),
    ({"title_nl": "x" * 121}, "too_long", "title_nl is 121 characters long; the maximum is 120"),
    (
        {"summary_nl": "x" * 301},
        "too_long",
        "summary_nl is 301 characters long; the maximum is 300",
    ),
    (
        {"contact_email": "els@"},
        "invalid_email",
        "contact_email 'els@' is not a valid e-mail address",
    ),
    ({"contact_email": "els @example.org"}, "invalid_email", "not a valid e-mail address"),
    (
        {"contact_phone": "call me"},
        "invalid_phone",
        "contact_phone 'call me' is not a valid phone number",
    ),
    ({"contact_name": ""}, "contact_without_name", "contact_name is required when contact_email"),
    (
        {"contact_name": "", "contact_email": "", "contact_phone": ""},
        "contact_required",
        "contact_name is required to publish",
    ),
    (
        {"dutch_context_evidence": ""},
        "evidence_required",
        "dutch_context_evidence (at least 20 characters) is required to publish when dutch_context is yes",
    ),
    (
        {"social_participation_evidence": "ja"},
        "evidence_required",
        "social_participation_evidence (at least 20",
    ),
    (
        {"title_en": "Cooking"},
        "translation_incomplete",
        "title_en is filled in but summary_en is empty",
    ),
    (
        {"summary_fr": "Cuisiner"},
        "translation_incomplete",
        "summary_fr is filled in but title_fr is empty",
    ),
    (
        {"title_fa-AF": "x" * 161, "summary_fa-AF": "y"},
        "too_long",
        "title_fa-AF is 161 characters long",
    ),
]


@pytest.mark.parametrize(("changes", "code", "reason"), BAD_ROWS)
def test_a_bad_row_is_rejected_with_its_line_and_reason(
    session, tmp_path: Path, changes: dict[str, str], code: str, reason: str
) -> None:
    # The first row spans two physical lines, so the bad row starts on line 4.
    rows = [
        good_row(title_nl="Goed", description_nl="Regel een.\nRegel twee."),
        good_row(**changes),
    ]
    report = run(session, write_csv(tmp_path / "in.csv", rows))
    assert [r.line for r in report.imported] == [2]
    [rejected] = report.rejected
    assert rejected.line == 4
    assert rejected.code == code
    assert reason in rejected.reason
    assert not report.ok
    assert count(session, Offer) == 1


def test_every_problem_of_a_row_is_reported(session, tmp_path: Path) -> None:
    row = good_row(
        offer_type="sauna", postcode="4000", municipality="", contact_email="x", title_en="Hi"
    )
    report = run(session, write_csv(tmp_path / "in.csv", [row]))
    [rejected] = report.rejected
    assert rejected.codes == (
        "unknown_value",
        "invalid_email",
        "translation_incomplete",
        "postcode_outside_area",
    )
    assert rejected.reason.count("; ") >= 3
    assert rejected.params == {
        "column": "offer_type",
        "value": "sauna",
        "allowed": "volunteering, buddy, conversation_table, club, internship, neighbourhood, school",
    }


def test_duplicates_in_the_file_and_in_the_database_are_rejected(session, tmp_path: Path) -> None:
    rows = [
        good_row(),
        good_row(title_nl="  samen KOKEN in het   buurthuis "),
        good_row(postcode="9050", municipality=""),
        good_row(organisation_name="Andere vzw", organisation_kbo=""),
    ]
    report = run(session, write_csv(tmp_path / "in.csv", rows))
    assert [r.line for r in report.imported] == [2, 4, 5]
    [duplicate] = report.rejected
    assert (duplicate.line, duplicate.code, duplicate.params) == (
        3,
        "duplicate_row",
        {"other_line": 2},
    )
    assert duplicate.reason.startswith("duplicate of line 2")
    again = run(session, write_csv(tmp_path / "again.csv", [good_row()]))
    [existing] = again.rejected
    first_id = report.imported[0].offer_id
    assert (existing.code, existing.params) == ("duplicate_offer", {"offer_id": first_id})
    assert existing.reason.startswith("duplicate of existing offer")


def test_a_row_with_the_wrong_number_of_fields_is_rejected(session, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "in.csv", [good_row()])
    with path.open("a", encoding="utf-8", newline="") as handle:
        handle.write("\r\nNog een vzw,,Titel,Samenvatting\r\n")
    report = run(session, path)
    [rejected] = report.rejected
    # Line 3 is blank and skipped; the short row is on physical line 4.
    assert (rejected.line, rejected.code) == (4, "wrong_field_count")
    assert f"expected {len(COLUMNS)} fields" in rejected.reason and "found 4" in rejected.reason
    assert len(report.imported) == 1


# --- the header and the file ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("columns", "code", "reason"),
    [
        (
            COLUMNS + ["title_xx", "summary_xx"],
            "unknown_locale",
            "column title_xx names an unknown locale 'xx'",
        ),
        (COLUMNS + ["title_fa"], "unknown_locale", "unknown locale 'fa'; allowed: en, fr, ar"),
        (COLUMNS + ["remarks"], "unknown_columns", "unknown column(s): remarks"),
        (
            [c for c in COLUMNS if c not in ("postcode", "offer_type")],
            "missing_columns",
            "missing required column(s): offer_type, postcode",
        ),
        (COLUMNS + ["title_nl"], "duplicate_column", "column title_nl appears more than once"),
        (COLUMNS + [""], "blank_column", f"column {len(COLUMNS) + 1} of the header has no name"),
    ],
)
def test_a_bad_header_rejects_the_whole_file(
    session, tmp_path: Path, columns: list[str], code: str, reason: str
) -> None:
    report = run(
        session, write_csv(tmp_path / "in.csv", [good_row(), good_row(title_nl="Twee")], columns)
    )
    assert report.imported == []
    [rejected] = report.rejected
    assert rejected.line == 1 and code in rejected.codes
    assert reason in rejected.reason
    assert count(session, Offer) == 0 and count(session, Organisation) == 0


def test_header_names_are_matched_without_case_or_spaces(session, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "in.csv", [good_row()])
    text = path.read_bytes().decode("utf-8")
    header, rest = text.split("\r\n", 1)
    header = header.replace("title_nl", " Title_NL ").replace("title_fa-AF", "TITLE_FA-af")
    path.write_bytes((header + "\r\n" + rest).encode("utf-8"))
    assert run(session, path).ok


def test_empty_and_header_only_files(session, tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    report = run(session, empty)
    assert [(r.line, r.code) for r in report.rejected] == [(1, "empty_file")]
    header_only = write_csv(tmp_path / "header.csv", [])
    report = run(session, header_only)
    assert report.ok and report.imported == []


def test_a_semicolon_separated_file_is_explained(session, tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_text(";".join(COLUMNS) + "\n" + ";".join(good_row()[c] for c in COLUMNS[:25]) + "\n")
    [rejected] = run(session, path).rejected
    assert (rejected.line, rejected.code) == (1, "wrong_delimiter")
    assert "comma-separated" in rejected.reason


def test_a_file_that_is_not_utf8_imports_nothing(session, tmp_path: Path) -> None:
    # Enough good rows that several are read before the decoder reaches the bad byte.
    rows = [
        good_row(title_nl=f"Aanbod {n}", description_nl="Lange tekst. " * 40) for n in range(30)
    ]
    path = write_csv(tmp_path / "latin1.csv", rows)
    lines = path.read_bytes().split(b"\r\n")
    assert len(b"\r\n".join(lines[:20])) > 8192
    lines[25] = lines[25].replace(b"Aanbod", "Caf\u00e9".encode("latin-1"))
    path.write_bytes(b"\r\n".join(lines))
    report = run(session, path)
    assert report.imported == []
    [rejected] = report.rejected
    assert (rejected.line, rejected.code) == (1, "not_utf8")
    assert rejected.reason.startswith("file is not UTF-8 (first invalid byte on line 26)")
    assert count(session, Offer) == 0 and count(session, Organisation) == 0


def test_a_malformed_line_is_rejected_and_the_rest_read(session, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "in.csv", [good_row()])
    with path.open("a", encoding="utf-8", newline="") as handle:
        handle.write('x,"' + "y" * 200_000 + '"\r\n')
    write_csv(tmp_path / "tail.csv", [good_row(title_nl="Na de fout")])
    with path.open("ab") as handle:
        handle.write((tmp_path / "tail.csv").read_bytes().split(b"\r\n", 1)[1])
    report = run(session, path)
    [rejected] = report.rejected
    assert (rejected.line, rejected.code) == (3, "malformed_csv")
    assert "field larger than field limit" in rejected.reason
    assert [(r.line, r.title) for r in report.imported] == [
        (2, "Samen koken in het buurthuis"),
        (4, "Na de fout"),
    ]


# --- nothing partial, dry runs --------------------------------------------------------------


def test_a_row_failing_late_leaves_nothing_behind(session, tmp_path: Path) -> None:
    rows = [
        good_row(title_nl="Goed"),
        good_row(
            organisation_name="Gloednieuwe vereniging",
            organisation_kbo="0812.345.603",
            title_nl="Laat fout",
            title_en="Late failure",
        ),
    ]
    report = run(session, write_csv(tmp_path / "in.csv", rows))
    assert [r.code for r in report.rejected] == ["translation_incomplete"]
    assert (
        session.scalar(select(Organisation).where(Organisation.name == "Gloednieuwe vereniging"))
        is None
    )
    assert session.scalar(select(Offer).where(Offer.title_nl == "Laat fout")) is None


def test_a_row_failing_in_the_database_is_rolled_back_to_its_savepoint(
    app, session, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    def fail_on_boom(_conn, _cursor, statement, parameters, _context, _many) -> None:  # type: ignore[no-untyped-def]
        # A database failure in the middle of the row (or of its batch): its offer is
        # already inserted.
        if statement.startswith("INSERT INTO offer_translation") and "'Boom'" in repr(parameters):
            raise OperationalError("INSERT", {}, Exception("disk I/O error"))

    bind = session.get_bind()
    event.listen(bind, "before_cursor_execute", fail_on_boom)
    request.addfinalizer(lambda: event.remove(bind, "before_cursor_execute", fail_on_boom))
    rows = [
        good_row(title_nl="Een"),
        good_row(
            organisation_name="Vereniging Boom",
            organisation_kbo="",
            title_nl="Twee",
            title_en="Boom",
            summary_en="Fails after the offer was flushed.",
        ),
        good_row(title_nl="Drie"),
    ]
    report = run(session, write_csv(tmp_path / "in.csv", rows))
    [rejected] = report.rejected
    assert (rejected.line, rejected.code) == (3, "database_error")
    assert "disk I/O error" in rejected.reason
    assert [r.title for r in report.imported] == ["Een", "Drie"]
    assert (
        session.scalar(select(Organisation).where(Organisation.name == "Vereniging Boom")) is None
    )
    assert session.scalar(select(Offer).where(Offer.title_nl == "Twee")) is None
    assert count(session, OfferStatusChange) == 2
    # "Drie" reuses the id the failed row had flushed; the search index must still get it.
    drie = report.imported[1].offer_id
    engine = app.extensions["search_engine"]
    hits = engine.search(SearchQuery(text="Drie", criteria="all")).hits
    assert str(drie) in {hit.document.id for hit in hits}


def test_a_row_failing_after_its_flush_does_not_hide_later_offers_from_search(
    app, session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_write = importer._Writer.write
    real_write_many = importer._Writer.write_many

    def write_then_fail(self, org, data):  # type: ignore[no-untyped-def]
        offer = real_write(self, org, data)
        if data.title_nl == "Twee":
            # As if releasing the savepoint failed: the offer was flushed and queued.
            raise OperationalError("RELEASE SAVEPOINT", {}, Exception("database is locked"))
        return offer

    def write_many_then_fail(self, rows):  # type: ignore[no-untyped-def]
        ids = real_write_many(self, rows)
        if any(data.title_nl == "Twee" for _org, data in rows):
            raise OperationalError("RELEASE SAVEPOINT", {}, Exception("database is locked"))
        return ids

    monkeypatch.setattr(importer._Writer, "write", write_then_fail)
    monkeypatch.setattr(importer._Writer, "write_many", write_many_then_fail)
    rows = [good_row(title_nl="Een"), good_row(title_nl="Twee"), good_row(title_nl="Drie")]
    report = run(session, write_csv(tmp_path / "in.csv", rows))
    assert [(r.line, r.code) for r in report.rejected] == [(3, "database_error")]
    assert session.scalar(select(Offer).where(Offer.title_nl == "Twee")) is None
    drie = report.imported[1].offer_id
    hits = app.extensions["search_engine"].search(SearchQuery(text="Drie", criteria="all")).hits
    assert str(drie) in {hit.document.id for hit in hits}


def test_a_dry_run_writes_nothing_but_reports_everything(session, tmp_path: Path) -> None:
    before = {m: count(session, m) for m in (Offer, Organisation, SearchOutbox, AuditEvent)}
    rows = [good_row(), good_row(title_nl="Twee"), good_row(offer_type="sauna")]
    report = run(session, write_csv(tmp_path / "in.csv", rows), dry_run=True)
    assert report.dry_run
    assert [(r.line, r.offer_id, r.title) for r in report.imported] == [
        (2, None, "Samen koken in het buurthuis"),
        (3, None, "Twee"),
    ]
    assert [r.line for r in report.rejected] == [4]
    assert {m: count(session, m) for m in before} == before
    # The dry run saw its own rows: a duplicate inside the file is still reported.
    report = run(session, write_csv(tmp_path / "dup.csv", [good_row(), good_row()]), dry_run=True)
    assert [r.code for r in report.rejected] == ["duplicate_row"]
    assert count(session, Offer) == 0


def test_a_check_sends_no_insert_and_finds_duplicates_with_one_query(
    session, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    # Issue 16: the check wrote and rolled back every row and read the offers per row.
    from sqlalchemy import event

    org = Organisation(name="Vzw Buurtwerk Het Klavertje")
    session.add(org)
    session.flush()
    first = run(session, write_csv(tmp_path / "one.csv", [good_row()]), organisation_id=org.id)
    assert len(first.imported) == 1
    statements: list[str] = []
    bind = session.get_bind()

    def note(_conn, _cursor, statement, _params, _context, _many):  # type: ignore[no-untyped-def]
        statements.append(" ".join(statement.split()).upper())

    event.listen(bind, "before_cursor_execute", note)
    request.addfinalizer(lambda: event.remove(bind, "before_cursor_execute", note))
    rows = [good_row(title_nl=f"Praattafel {i}") for i in range(60)] + [good_row()]
    report = run(
        session, write_csv(tmp_path / "many.csv", rows), organisation_id=org.id, dry_run=True
    )
    assert len(report.imported) == 60
    assert [(r.line, r.code) for r in report.rejected] == [(62, "duplicate_offer")]
    assert not [s for s in statements if s.startswith(("INSERT", "UPDATE", "DELETE"))]
    offer_reads = [s for s in statements if s.startswith("SELECT") and "JOIN LOCATION" in s]
    assert len(offer_reads) == 1
    assert "OFFER.ORGANISATION_ID = " in offer_reads[0]  # the indexed column


# --- helpers and reasons ------------------------------------------------------------------


def test_kbo_numbers_are_normalised_and_checked() -> None:
    assert normalise_kbo(" BE 0456.789.133 ") == "0456789133"
    assert kbo_is_valid("0456789133")
    assert not kbo_is_valid("0456789134")
    assert not kbo_is_valid("456789133")


def test_every_reason_formats_with_its_documented_params() -> None:
    documented = (Path(__file__).resolve().parents[2] / "docs" / "import-format.md").read_text(
        encoding="utf-8"
    )
    for code in REASONS:
        assert f"`{code}`" in documented, f"{code} is not documented"


# --- the command ----------------------------------------------------------------------------


def test_the_cli_exits_0_when_every_row_is_imported(app, session) -> None:
    result = app.test_cli_runner().invoke(args=["offers", "import", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    assert "rows imported, 0 rejected." in result.output
    assert count(session, Offer) >= 6


def test_the_cli_exits_1_and_names_the_lines_when_rows_are_rejected(
    app, session, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "bad.csv",
        [good_row(), good_row(title_nl="Twee", postcode="4000", municipality="")],
    )
    result = app.test_cli_runner().invoke(args=["offers", "import", str(path)])
    assert result.exit_code == 1
    assert "line 3: postcode 4000 (Luik) is in Wallonia" in result.output
    assert "1 rows imported, 1 rejected." in result.output
    assert count(session, Offer) == 1


def test_the_cli_dry_run_writes_nothing(app, session) -> None:
    result = app.test_cli_runner().invoke(args=["offers", "import", str(EXAMPLE), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "rows would import, 0 rejected." in result.output
    assert count(session, Offer) == 0


def test_the_cli_shows_a_progress_bar_over_the_rows(app, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "in.csv", [good_row(title_nl=f"Aanbod {n}") for n in range(3)])
    assert importer.count_rows(path) == 3
    result = app.test_cli_runner().invoke(args=["offers", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "Importing offers" in result.output
    assert "3 rows imported, 0 rejected." in result.output


def test_count_rows_skips_blank_lines_and_reads_cells_over_several_lines(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "in.csv", [good_row(description_nl="Twee\nregels"), good_row()])
    with path.open("a", encoding="utf-8") as handle:
        handle.write("\r\n,,,\r\n")
    assert importer.count_rows(path) == 2
    (tmp_path / "bad.csv").write_bytes(b"title_nl\n\xff\xfe\n")
    assert importer.count_rows(tmp_path / "bad.csv") == 0


# --- batched writing ------------------------------------------------------------------------


def test_rows_are_written_in_batches_with_the_same_checks_across_batches(
    app, session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    monkeypatch.setattr(importer, "WRITE_BATCH", 2)
    calls: list[int] = []
    real_write_many = importer._Writer.write_many

    def counting(self, rows):  # type: ignore[no-untyped-def]
        calls.append(len(rows))
        return real_write_many(self, rows)

    monkeypatch.setattr(importer._Writer, "write_many", counting)

    def fail_on_boom(_conn, _cursor, statement, parameters, _context, _many) -> None:  # type: ignore[no-untyped-def]
        if statement.startswith("INSERT INTO offer_translation") and "'Boom'" in repr(parameters):
            raise OperationalError("INSERT", {}, Exception("disk I/O error"))

    bind = session.get_bind()
    event.listen(bind, "before_cursor_execute", fail_on_boom)
    request.addfinalizer(lambda: event.remove(bind, "before_cursor_execute", fail_on_boom))
    new_org = {"organisation_name": "Nieuwe vereniging", "organisation_kbo": ""}
    rows = [
        good_row(title_nl="Een"),  # line 2, batch 1
        good_row(title_nl="Twee", **new_org),  # line 3, batch 1 (a new organisation)
        good_row(title_nl="Drie", **new_org),  # line 4, batch 2: finds the organisation of line 3
        good_row(title_nl="Vier", title_en="Boom", summary_en="Fails in the database."),  # line 5, batch 2
        good_row(title_nl="Een"),  # line 6: duplicate of line 2, in an earlier batch
        good_row(title_nl="Vier"),  # line 7: line 5 failed, so this is no duplicate
        good_row(title_nl="Twee", **new_org),  # line 8: duplicate of line 3
    ]
    report = run(session, write_csv(tmp_path / "in.csv", rows))
    assert calls == [2, 2, 1]
    assert [r.line for r in report.imported] == [2, 3, 4, 7]
    assert [(r.line, r.code) for r in report.rejected] == [
        (5, "database_error"),
        (6, "duplicate_row"),
        (8, "duplicate_row"),
    ]
    assert report.rejected[1].params == {"other_line": 2}
    assert report.rejected[2].params == {"other_line": 3}
    orgs = {r.title: session.get(Offer, r.offer_id).organisation_id for r in report.imported}
    assert orgs["Twee"] == orgs["Drie"] != orgs["Een"] == orgs["Vier"]
    assert count(session, Organisation) == 2
    assert count(session, Offer) == 4
    # Every imported offer reached the search index (the outbox was told about the batch).
    engine = app.extensions["search_engine"]
    found = {h.document.id for h in engine.search(SearchQuery(criteria="all", page_size=50)).hits}
    assert {str(r.offer_id) for r in report.imported} <= found


def _offer_rows(session, organisation_id: int) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    """Return every stored value of an organisation's offers and their parts, ids left out."""
    out = []
    for offer in session.scalars(
        select(Offer).where(Offer.organisation_id == organisation_id).order_by(Offer.title_nl)
    ):
        values = {c.key: getattr(offer, c.key) for c in Offer.__table__.columns}
        for key in ("id", "organisation_id"):
            values.pop(key)
        for name in ("locations", "activities", "slots", "contacts", "translations", "history"):
            parts = []
            for part in getattr(offer, name):
                cols = {c.key: getattr(part, c.key) for c in type(part).__table__.columns}
                cols.pop("id", None)
                cols.pop("offer_id", None)
                parts.append(tuple(sorted(cols.items(), key=lambda kv: kv[0])))
            values[name] = sorted(parts, key=repr)
        out.append(values)
    return out


def test_a_batch_writes_exactly_what_row_by_row_writing_writes(
    session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def variety(org: str) -> list[dict[str, str]]:
        return [
            good_row(organisation_name=org, organisation_kbo="", title_nl="Een"),
            good_row(
                organisation_name=org, organisation_kbo="", title_nl="Twee", weekdays="mon;thu",
                dayparts="morning;evening", activities="cooking;gardening", street="Kerkstraat 12",
                lat="51.0536", lon="3.7304", title_en="Two", summary_en="In English.",
                contact_email="", contact_phone="",
            ),
            good_row(
                organisation_name=org, organisation_kbo="", title_nl="Drie", status="draft",
                weekdays="", dayparts="", activities="", contact_name="", contact_email="",
                contact_phone="", dutch_context="no", dutch_context_evidence="", cost="paid",
            ),
        ]

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()  # the same file name: the history names the file
    batched = run(session, write_csv(tmp_path / "a" / "in.csv", variety("Club A")))

    def refuse(self, rows):  # type: ignore[no-untyped-def]
        raise OperationalError("INSERT", {}, Exception("forced row by row"))

    monkeypatch.setattr(importer._Writer, "write_many", refuse)
    one_by_one = run(session, write_csv(tmp_path / "b" / "in.csv", variety("Club B")))
    assert batched.ok and one_by_one.ok and len(batched.imported) == len(one_by_one.imported) == 3
    org_a = session.scalar(select(Organisation.id).where(Organisation.name == "Club A"))
    org_b = session.scalar(select(Organisation.id).where(Organisation.name == "Club B"))
    assert _offer_rows(session, org_a) == _offer_rows(session, org_b)
