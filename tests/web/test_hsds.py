"""Open Referral HSDS 3.0 export: valid against the compiled schemas, true to the offer."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from aanbodplatform.models import OfferContact, ScheduleSlot
from aanbodplatform.services.hsds import hsds_id, service_document

SCHEMAS = Path(__file__).resolve().parents[2] / "aanbodplatform" / "data" / "hsds"


def _validator(name: str) -> Draft202012Validator:
    schema = json.loads((SCHEMAS / f"{name}.json").read_text(encoding="utf-8"))
    return Draft202012Validator(schema, format_checker=FormatChecker())


def _errors(name: str, document: dict) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in _validator(name).iter_errors(document)]


@pytest.fixture
def offer(make_offer, session):  # type: ignore[no-untyped-def]
    made = make_offer(
        "Voetbal met de buren",
        summary="Elke zaterdag voetballen met buren.",
        offer_type="club",
        activities=("football",),
        nis="44021", lat=51.0543, lon=3.7174,
        translations={"ar": ("كرة القدم مع الجيران", "نلعب كل أسبوع.")},
        weekdays=("sat",), daypart="morning",
        organisation="FC De Buren",
        description_nl="We spelen elke zaterdag op het plein.",
        free=False, cost_note="Lidgeld 20 euro per jaar", wheelchair=True,
        start_date=date(2026, 9, 1),
    )
    made.organisation.kbo_number = "0403170701"
    made.organisation.website = "https://fcdeburen.example.be"
    made.slots = [ScheduleSlot(weekday="sat", daypart="morning", starts_at=time(10, 0),
                               ends_at=time(12, 0))]
    made.contacts = [OfferContact(name="An Peeters", email="an@fcdeburen.example.be",
                                  phone="+32 9 123 45 67")]
    made.confirmed_at = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    session.commit()
    return made


def test_the_document_is_valid_hsds_3(offer) -> None:  # type: ignore[no-untyped-def]
    document = service_document(offer, offer_url="https://aanbod.example/nl/offers/1-x")
    assert _errors("service", document) == []
    assert _errors("organization", document["organization"]) == []
    for sal in document["service_at_locations"]:
        assert _errors("service_at_location", sal) == []


def test_the_validator_does_reject_a_broken_document(offer) -> None:  # type: ignore[no-untyped-def]
    # Proves the check above can fail: a wrong status and a non-UUID id are caught.
    document = service_document(offer)
    document["status"] = "published"
    document["id"] = "offer-1"
    problems = _errors("service", document)
    assert any("status" in p for p in problems) and any("id" in p for p in problems)


def test_the_document_carries_the_offer_as_expected(offer) -> None:  # type: ignore[no-untyped-def]
    document = service_document(offer, offer_url="https://aanbod.example/nl/offers/1-x")
    sid = hsds_id("service", offer.id)
    assert document["id"] == sid
    assert document["name"] == "Voetbal met de buren"
    assert document["alternate_name"] == "Elke zaterdag voetballen met buren."
    assert document["description"] == "We spelen elke zaterdag op het plein."
    assert document["status"] == "active"
    assert document["url"] == "https://aanbod.example/nl/offers/1-x"
    assert document["last_modified"] == "2026-11-02T09:00:00+00:00"
    assert document["organization"]["name"] == "FC De Buren"
    assert document["organization"]["tax_id"] == "0403170701"
    assert document["organization"]["website"] == "https://fcdeburen.example.be"
    (sal,) = document["service_at_locations"]
    location = sal["location"]
    assert location["latitude"] == 51.0543 and location["longitude"] == 3.7174
    assert location["external_identifier"] == "44021"
    assert location["addresses"][0]["city"] == "Gent"
    assert location["addresses"][0]["country"] == "BE"
    assert location["accessibility"][0]["description"] == "wheelchair accessible"
    (schedule,) = document["schedules"]
    assert (schedule["freq"], schedule["byday"], schedule["opens_at"], schedule["closes_at"]) == (
        "WEEKLY", "SA", "10:00", "12:00")
    assert schedule["valid_from"] == "2026-09-01"
    assert [(lang["code"], lang["name"]) for lang in document["languages"]] == [
        ("nl", "Dutch"), ("ar", "Arabic")]
    (cost,) = document["cost_options"]
    assert (cost["option"], cost["currency"], cost["amount_description"]) == (
        "paid", "EUR", "Lidgeld 20 euro per jaar")
    (contact,) = document["contacts"]
    assert contact["name"] == "An Peeters" and contact["email"] == "an@fcdeburen.example.be"
    assert contact["phones"][0]["number"] == "+32 9 123 45 67"
    attributes = {a["taxonomy_term"]["code"]: a["value"] for a in document["attributes"]}
    assert attributes == {
        "type:club": "club",
        "activity:football": "football",
        "criterion:dutch_context": "Vrijwilligers spreken Nederlands.",
        "criterion:social_participation": "In een groep met buren.",
        "criterion:pnt_eligible": "true",
        "dutch_level": "none",
    }
    assert {a["taxonomy_term"]["taxonomy"] for a in document["attributes"]} == {
        "aanbodplatform-pnt"}


def test_ids_are_stable_across_exports(offer) -> None:  # type: ignore[no-untyped-def]
    assert service_document(offer)["id"] == service_document(offer)["id"]
    assert hsds_id("service", 1) != hsds_id("organization", 1)


def test_the_api_pages_only_published_offers(client, make_offer) -> None:  # type: ignore[no-untyped-def]
    for n in range(3):
        make_offer(f"Aanbod {n}")
    make_offer("Nog een ontwerp", status="draft")
    first = client.get("/api/v1/hsds/services?per_page=2").get_json()
    assert (first["total_items"], first["total_pages"], first["page_number"], first["size"]) == (
        3, 2, 1, 2)
    assert first["first_page"] is True and first["last_page"] is False
    second = client.get("/api/v1/hsds/services?per_page=2&page=2").get_json()
    assert second["size"] == 1 and second["last_page"] is True
    names = [s["name"] for s in first["contents"] + second["contents"]]
    assert names == ["Aanbod 0", "Aanbod 1", "Aanbod 2"]
    for service in first["contents"]:
        assert _errors("service", service) == []
        assert service["url"].startswith("http://localhost/nl/offers/")


@pytest.mark.parametrize("query", ["page=0", "page=%C2%B2", "per_page=abc", "per_page=201",
                                   "page=99999999999999999999"])
def test_bad_paging_is_a_400_naming_the_parameter(client, query) -> None:  # type: ignore[no-untyped-def]
    response = client.get(f"/api/v1/hsds/services?{query}&lang=en")
    assert response.status_code == 400
    body = response.get_json()["error"]
    assert body["param"] == query.split("=")[0]
    assert "whole number" in body["message"]


def test_cli_export_writes_a_valid_file(app, make_offer, tmp_path) -> None:  # type: ignore[no-untyped-def]
    make_offer("Praattafel")
    make_offer("Ontwerp", status="draft")
    target = tmp_path / "hsds.json"
    result = app.test_cli_runner().invoke(
        args=["offers", "export", "--format", "hsds", str(target)])
    assert result.exit_code == 0, result.output
    data = json.loads(target.read_text(encoding="utf-8"))
    assert [s["name"] for s in data] == ["Praattafel"]
    assert _errors("service", data[0]) == []
    assert "1" in result.output
