"""Request ids, JSON logs, per-request timings (database, search engine) and /metrics.

Every request gets an id (a valid incoming ``X-Request-ID`` or a new one); it is in every
log line of the request, in the ``X-Request-ID`` response header and on error pages, so a
person's "reference" leads to the log. `/metrics` speaks the Prometheus text format.

With ``PROMETHEUS_MULTIPROC_DIR`` set (gunicorn.conf.py sets it), every process writes its
series to files in that folder and `/metrics` sums them over all workers, dead ones
included (prometheus_client's multiprocess mode); without it the series live in memory,
per process. The folder must be chosen before this module is imported.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import re
import sys
import time
import uuid
from collections.abc import Callable
from typing import Any

from flask import Flask, Response, abort, current_app, g, has_request_context, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from sqlalchemy import event

log = logging.getLogger("aanbodplatform.request")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

def multiprocess_dir() -> str | None:
    """Return the folder several processes share their series in (None: this process only)."""
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR") or None


if multiprocess_dir() is not None:
    os.makedirs(multiprocess_dir(), exist_ok=True)  # type: ignore[arg-type]

# One registry for the process; every app in it (tests make many) shares these series.
REGISTRY = CollectorRegistry(auto_describe=True)
REQUESTS = Counter(
    "aanbod_http_requests",
    "HTTP requests by route, method and status",
    ["route", "method", "status"],
    registry=REGISTRY,
)
REQUEST_SECONDS = Histogram(
    "aanbod_http_request_seconds", "Time to answer a request", ["route"], registry=REGISTRY
)
SEARCH_SECONDS = Histogram(
    "aanbod_search_seconds",
    "Search engine latency per query",
    buckets=(0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5),
    registry=REGISTRY,
)


def request_id() -> str | None:
    """Return the current request's id (None outside a request)."""
    return getattr(g, "request_id", None) if has_request_context() else None


class RequestIdFilter(logging.Filter):
    """Put the request id on every log record made while a request runs."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Add `request_id` (or "-") to the record."""
        record.request_id = request_id() or "-"
        return True


def configure_logging(log_format: str, level: str = "INFO") -> None:
    """Log to stderr as JSON lines (production) or plain text, with the request id."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_aanbod", False):
            root.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler._aanbod = True  # type: ignore[attr-defined]
    handler.addFilter(RequestIdFilter())
    if log_format == "json":
        from pythonjsonlogger.json import JsonFormatter

        handler.setFormatter(
            JsonFormatter(
                "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
                rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
            )
        )
    else:
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s")
        )
    root.addHandler(handler)
    root.setLevel(level)


def _timed_search(search: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap an engine's `search` to record its latency per request and in the histogram."""

    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return search(*args, **kwargs)
        finally:
            elapsed = time.perf_counter() - started
            SEARCH_SECONDS.observe(elapsed)
            if has_request_context():
                g.search_seconds = getattr(g, "search_seconds", 0.0) + elapsed

    timed.__wrapped__ = search  # type: ignore[attr-defined]
    return timed


#: Who may scrape /metrics without a token: this machine and the private networks.
_LOCAL_NETWORKS = tuple(
    ipaddress.ip_network(n)
    for n in ("127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7")
)


def _is_local(address: str | None) -> bool:
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return False
    return any(ip.version == net.version and ip in net for net in _LOCAL_NETWORKS)


def init_app(app: Flask, db_engine: Any, metrics_token: str | None) -> None:
    """Hook request ids, timings, the request log and /metrics into `app`."""
    engine = app.extensions["search_engine"]
    if not hasattr(engine.search, "__wrapped__"):
        engine.search = _timed_search(engine.search)

    @event.listens_for(db_engine, "before_cursor_execute")
    def _db_start(_conn, _cursor, _stmt, _params, context, _many):  # type: ignore[no-untyped-def]
        context._aanbod_started = time.perf_counter()

    @event.listens_for(db_engine, "after_cursor_execute")
    def _db_end(_conn, _cursor, _stmt, _params, context, _many):  # type: ignore[no-untyped-def]
        if has_request_context():
            g.db_seconds = getattr(g, "db_seconds", 0.0) + (
                time.perf_counter() - context._aanbod_started
            )
            g.db_queries = getattr(g, "db_queries", 0) + 1

    @app.before_request
    def _start() -> None:
        incoming = request.headers.get("X-Request-ID", "")
        g.request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        g.request_started = time.perf_counter()

    @app.after_request
    def _finish(response: Response) -> Response:
        started = getattr(g, "request_started", None)
        if started is None:
            return response
        elapsed = time.perf_counter() - started
        route = request.url_rule.rule if request.url_rule else "unmatched"
        db_s = getattr(g, "db_seconds", 0.0)
        search_s = getattr(g, "search_seconds", 0.0)
        REQUESTS.labels(route, request.method, str(response.status_code)).inc()
        REQUEST_SECONDS.labels(route).observe(elapsed)
        response.headers["X-Request-ID"] = g.request_id
        response.headers["Server-Timing"] = (
            f"app;dur={elapsed * 1000:.1f}, db;dur={db_s * 1000:.1f}, "
            f"search;dur={search_s * 1000:.1f}"
        )
        log.info(
            "request",
            extra={
                "method": request.method,
                "route": route,
                "status": response.status_code,
                "duration_ms": round(elapsed * 1000, 1),
                "db_ms": round(db_s * 1000, 1),
                "db_queries": getattr(g, "db_queries", 0),
                "search_ms": round(search_s * 1000, 1),
            },
        )
        return response

    @app.get("/metrics")
    def metrics():  # type: ignore[no-untyped-def]
        """Answer the Prometheus scrape (a token, or from the local network only)."""
        if metrics_token:
            if request.headers.get("Authorization", "") != f"Bearer {metrics_token}":
                abort(403)
        elif not _is_local(request.remote_addr):
            abort(403)
        body = generate_latest(_request_registry())
        # Read at scrape time from the database and the queue: the same in every worker, so
        # never summed over workers.
        registry = CollectorRegistry()
        registry.register(_BacklogCollector(current_app._get_current_object()))  # type: ignore[attr-defined]
        body += generate_latest(registry)
        return Response(body, mimetype=CONTENT_TYPE_LATEST)


def _request_registry() -> CollectorRegistry:
    """Return the request and search series: summed over all workers in multiprocess mode."""
    if multiprocess_dir() is None:
        return REGISTRY
    from prometheus_client import multiprocess

    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    return registry


class _BacklogCollector:
    """Gauges read at scrape time: the outbox backlog and the job queue depth."""

    def __init__(self, app: Flask) -> None:
        self.app = app

    def collect(self):  # type: ignore[no-untyped-def]
        """Yield the two gauges (-1 when they cannot be read)."""
        from aanbodplatform.extensions import db
        from aanbodplatform.jobs import queue_depth
        from aanbodplatform.search import search_replicas
        from aanbodplatform.services.search_sync import pending_by_target, pending_count

        targets = tuple(search_replicas(self.app))
        try:
            with db.new_session() as session:
                backlog = pending_count(session)
                by_replica = pending_by_target(session, targets)
        except Exception:  # noqa: BLE001 - a scrape reports, it never fails
            backlog, by_replica = -1, dict.fromkeys(targets, -1)
        outbox = GaugeMetricFamily(
            "aanbod_search_outbox_backlog", "Outbox rows not yet delivered to the search engine"
        )
        outbox.add_metric([], backlog)
        yield outbox
        # One replica that is down keeps its rows while the others go on: alert per replica.
        replica = GaugeMetricFamily(
            "aanbod_search_replica_backlog",
            "Outbox rows a search replica has not received yet",
            labels=["replica"],
        )
        for name, rows in by_replica.items():
            replica.add_metric([name], rows)
        yield replica
        queue = GaugeMetricFamily("aanbod_job_queue_depth", "Jobs waiting for the worker")
        queue.add_metric([], queue_depth())
        yield queue
