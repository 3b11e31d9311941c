"""Liveness and readiness probes."""

from __future__ import annotations

import logging

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text

from aanbodplatform.extensions import csrf, db

log = logging.getLogger(__name__)
bp = Blueprint("health", __name__)
csrf.exempt(bp)


@bp.get("/healthz")
def healthz():  # type: ignore[no-untyped-def]
    """Answer that the process is up."""
    return jsonify({"status": "ok"})


@bp.get("/readyz")
def readyz():  # type: ignore[no-untyped-def]
    """Answer whether the database and the search engine are reachable."""
    checks: dict[str, dict[str, object]] = {}
    try:
        with db.new_session() as session:
            session.execute(text("SELECT 1"))
        checks["database"] = {"ok": True}
    except Exception as exc:  # noqa: BLE001 - a probe reports, it never crashes
        checks["database"] = {"ok": False, "detail": type(exc).__name__}
    try:
        health = current_app.extensions["search_engine"].health()
        # The engine's detail may name files or hosts: log it, never publish it.
        if not health.ok:
            log.warning("search engine not ready: %s", health.detail)
        checks["search"] = {"ok": health.ok, "engine": health.engine}
        if health.documents is not None:
            checks["search"]["documents"] = health.documents
    except Exception as exc:  # noqa: BLE001
        checks["search"] = {"ok": False, "detail": type(exc).__name__}
    ready = all(bool(c["ok"]) for c in checks.values())
    return jsonify({"status": "ready" if ready else "unavailable", "checks": checks}), (
        200 if ready else 503
    )
