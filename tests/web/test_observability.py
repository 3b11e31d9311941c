"""Request ids in logs, headers and error pages; per-request timings; /metrics (issue 16)."""

from __future__ import annotations

import json
import logging
import os

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


_WORKER = """
import sys
from aanbodplatform import create_app
app = create_app({"APP_ENV": "test", "INSTANCE_PATH": sys.argv[1], "SECRET_KEY": "m" * 40})
client = app.test_client()
for _ in range(int(sys.argv[2])):
    assert client.get("/healthz").status_code == 200
if sys.argv[3] == "scrape":
    sys.stdout.write(client.get("/metrics").get_data(as_text=True))
"""


def _process(tmp_path, env, requests: int, scrape: bool = False) -> str:  # type: ignore[no-untyped-def]
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", _WORKER, str(tmp_path / "instance"), str(requests),
         "scrape" if scrape else "-"],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _healthz_count(body: str) -> float:
    import re

    match = re.search(
        r'^aanbod_http_requests_total\{method="GET",route="/healthz",status="200"\} (\S+)$',
        body, re.MULTILINE,
    )
    assert match, body
    return float(match.group(1))


def test_metrics_sum_the_counters_of_every_worker_process(tmp_path):
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics")}
    # Two workers answer (and exit, as gunicorn recycles them); a third is scraped.
    _process(tmp_path, env, 3)
    _process(tmp_path, env, 4)
    body = _process(tmp_path, env, 2, scrape=True)
    assert _healthz_count(body) == 9.0
    assert "aanbod_http_request_seconds_count" in body
    assert "aanbod_search_outbox_backlog" in body  # read at scrape time, not summed


def test_without_a_multiprocess_dir_each_process_counts_only_itself(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "PROMETHEUS_MULTIPROC_DIR"}
    _process(tmp_path, env, 3)
    body = _process(tmp_path, env, 2, scrape=True)
    assert _healthz_count(body) == 2.0


def test_gunicorn_config_gives_workers_an_empty_metrics_dir_and_marks_dead_ones(
    tmp_path, monkeypatch
):
    import importlib.util
    from pathlib import Path
    from types import SimpleNamespace

    from prometheus_client import multiprocess

    folder = tmp_path / "metrics"
    folder.mkdir()
    (folder / "counter_123.db").write_bytes(b"old")
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(folder))
    path = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"
    spec = importlib.util.spec_from_file_location("gunicorn_conf", path)
    conf = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(conf)  # type: ignore[union-attr]
    conf.on_starting(None)
    assert list(folder.iterdir()) == []  # stale series would be counted again
    dead: list[int] = []
    monkeypatch.setattr(multiprocess, "mark_process_dead", dead.append)
    conf.child_exit(None, SimpleNamespace(pid=4242))
    assert dead == [4242]
    # Without the variable the server makes (and later removes) a folder of its own.
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR")
    conf.on_starting(None)
    own = Path(os.environ["PROMETHEUS_MULTIPROC_DIR"])
    assert own.is_dir()
    conf.on_exit(None)
    assert not own.exists()
    os.environ.pop("PROMETHEUS_MULTIPROC_DIR")  # set by the hook, not by monkeypatch
