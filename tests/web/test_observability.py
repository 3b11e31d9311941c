"""Request ids in logs, headers and error pages; per-request timings; /metrics (issue 16)."""

from __future__ import annotations

import json
import logging

from aanbodplatform import observability


def test_every_answer_carries_a_request_id(client):
    first = client.get("/en/").headers["X-Request-ID"]
    second = client.get("/en/").headers["X-Request-ID"]
    assert len(first) == 32 and first != second
    assert client.get("/en/", headers={"X-Request-ID": "proxy-abc-12345"}).headers[
        "X-Request-ID"
    ] == "proxy-abc-12345"
    # A forged id with odd characters is replaced, never echoed.
    forged = client.get("/en/", headers={"X-Request-ID": "bad id <script>"})
    assert forged.headers["X-Request-ID"] != "bad id <script>"
    assert len(forged.headers["X-Request-ID"]) == 32


def test_error_pages_and_api_errors_show_the_reference(client):
    page = client.get("/en/offers/999999", headers={"X-Request-ID": "ref-0001-abcd"})
    assert page.status_code == 404
    assert "ref-0001-abcd" in page.get_data(as_text=True)
    api = client.get("/api/v1/no-such-thing", headers={"X-Request-ID": "ref-0002-abcd"})
    assert api.get_json()["error"]["request_id"] == "ref-0002-abcd"


def test_server_timing_reports_database_and_search(client, make_offer):
    make_offer()
    timing = client.get("/en/search").headers["Server-Timing"]
    parts = dict(p.strip().split(";dur=") for p in timing.split(","))
    assert set(parts) == {"app", "db", "search"}
    assert float(parts["search"]) > 0 and float(parts["db"]) >= 0


def test_json_logs_hold_the_request_id_and_timings(client, capsys):
    root = logging.getLogger()
    before = list(root.handlers), root.level
    observability.configure_logging("json")
    try:
        client.get("/en/search", headers={"X-Request-ID": "log-test-0001"})
    finally:
        root.handlers[:] = before[0]
        root.setLevel(before[1])
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line.startswith("{")]
    request_lines = [line for line in lines if line.get("message") == "request"]
    assert request_lines, lines
    entry = request_lines[-1]
    assert entry["request_id"] == "log-test-0001"
    assert entry["route"] == "/<lang>/search" and entry["status"] == 200
    assert {"duration_ms", "db_ms", "db_queries", "search_ms", "level", "time"} <= set(entry)


def test_metrics_in_prometheus_format(client, make_offer):
    make_offer()
    client.get("/en/search")
    client.get("/api/v1/offers")
    body = client.get("/metrics").get_data(as_text=True)
    assert 'aanbod_http_requests_total{method="GET",route="/<lang>/search",status="200"}' in body
    assert 'aanbod_http_requests_total{method="GET",route="/api/v1/offers",status="200"}' in body
    assert "aanbod_search_seconds_count" in body
    assert "aanbod_search_outbox_backlog 0.0" in body
    assert "aanbod_job_queue_depth" in body


def test_metrics_are_not_public(client, app):
    outside = {"REMOTE_ADDR": "203.0.113.9"}
    assert client.get("/metrics", environ_base=outside).status_code == 403
