"""The OpenAPI 3.1 document: valid, complete, and true to what the API answers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from openapi_spec_validator import validate as validate_openapi
from schemathesis import checks

from aanbodplatform.services import search as search_service

GENT = ("44021", 51.0543, 3.7174)


@pytest.fixture
def catalogue(make_offer):  # type: ignore[no-untyped-def]
    make_offer("Voetbal met de buren", activities=("football",), offer_type="club",
               translations={"ar": ("كرة القدم مع الجيران", "نلعب كل أسبوع.")})
    make_offer("Praattafel in de bib", nis="11002", lat=51.2199, lon=4.4035)
    make_offer("Expat drinks", social_participation=False, nis="24062", lat=50.88, lon=4.70)


def test_the_document_is_valid_openapi_3_1(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.get_json()
    assert spec["openapi"] == "3.1.0"
    validate_openapi(spec)  # raises on an invalid document
    assert set(spec["paths"]) == {
        "/api/v1/offers", "/api/v1/offers/{offer_id}", "/api/v1/places", "/api/v1/hsds/services",
    }


def test_every_search_parameter_is_documented(client) -> None:  # type: ignore[no-untyped-def]
    spec = client.get("/api/v1/openapi.json").get_json()
    documented = {p["name"] for p in spec["paths"]["/api/v1/offers"]["get"]["parameters"]}
    # The service's docstring is the list of names the parser reads.
    names = re.search(r"be shared as a link: (.*?)\.\n", search_service.__doc__ or "", re.S)
    assert names is not None
    parsed = {n.strip() for n in names.group(1).replace("\n", " ").split(",")}
    assert parsed == documented
    for param in spec["paths"]["/api/v1/offers"]["get"]["parameters"]:
        assert param.get("description"), param["name"]


def test_every_operation_documents_its_errors(client) -> None:  # type: ignore[no-untyped-def]
    spec = client.get("/api/v1/openapi.json").get_json()
    for path, item in spec["paths"].items():
        for method, op in item.items():
            assert "200" in op["responses"], (method, path)
            assert op.get("summary"), (method, path)
            assert all(r.get("description") for r in op["responses"].values())
    assert "400" in spec["paths"]["/api/v1/offers"]["get"]["responses"]
    assert "404" in spec["paths"]["/api/v1/offers/{offer_id}"]["get"]["responses"]


def test_the_docs_page_lists_every_operation(client) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/api/docs").get_data(as_text=True)
    assert 'lang="' in page and 'dir="' in page
    for path in ("/api/v1/offers", "/api/v1/offers/{offer_id}", "/api/v1/places",
                 "/api/v1/hsds/services"):
        assert f"GET {path}" in page
    assert "radius_km" in page and "/api/v1/openapi.json" in page


def test_fuzz_the_api_no_server_error_and_responses_match_the_schema(app, catalogue) -> None:  # type: ignore[no-untyped-def]
    """Schemathesis generates requests from the document; every answer must fit it."""
    # Driven by hand over the operations: schemathesis' pytest plugin does not run under
    # this pytest version, and the hypothesis strategies are its real public API.
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 4
    statuses: dict[str, set[int]] = {}
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=60, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        def check(case) -> None:  # type: ignore[no-untyped-def]
            response = case.call()
            assert response.status_code < 500, (case.as_curl_command(), response.text[:300])
            # Raises when the status is undocumented or the body breaks the schema. A free
            # text such as `near` can be schema-valid and still unknown (400), so the
            # "positive data is accepted" check cannot hold for this API and is left out.
            case.validate_response(response, checks=[
                checks.not_a_server_error,
                checks.status_code_conformance,
                checks.content_type_conformance,
                checks.response_schema_conformance,
            ])
            statuses.setdefault(case.operation.label, set()).add(response.status_code)

        check()
    assert 200 in statuses["GET /api/v1/offers"]
    assert 200 in statuses["GET /api/v1/hsds/services"]


def test_the_packaged_hsds_schemas_are_the_shared_ones() -> None:
    shared = Path(__file__).resolve().parents[3] / "shared" / "data" / "hsds"
    packaged = Path(__file__).resolve().parents[2] / "aanbodplatform" / "data" / "hsds"
    if not shared.exists():
        pytest.skip("../shared is not beside the project")
    for name in ("service.json", "organization.json", "service_at_location.json"):
        assert (packaged / name).read_bytes() == (shared / name).read_bytes()
