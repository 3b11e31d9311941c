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
    """Answer whether the database answers and the index holds what the database published."""
    checks: dict[str, dict[str, object]] = {}
    try:
        with db.new_session() as session:
            session.execute(text("SELECT 1"))
        checks["database"] = {"ok": True}
    except Exception as exc:  # noqa: BLE001 - a probe reports, it never crashes
        checks["database"] = {"ok": False, "detail": type(exc).__name__}
    try:
        from aanbodplatform.search import search_replicas
        from aanbodplatform.services.readiness import search_readiness

        replicas = search_replicas(current_app._get_current_object())  # type: ignore[attr-defined]
        primary = next(iter(replicas))
        engine = replicas[primary]
        with db.new_session() as session:
            state = search_readiness(session, engine, primary, tuple(replicas))
        if not state.ok:
            # The detail may name files or hosts: log it, never publish it.
            log.warning("search index not ready (%s): %s", state.reason, state.detail)
        checks["search"] = {
            "ok": state.ok,
            "engine": engine.name,
            "documents": state.documents,
            "generation": state.generation,
            "published": state.published,
            "pending": state.pending,
            # Per replica: a replica that is down keeps its rows until it is back.
            "backlog": state.backlog,
        }
        if state.reason:
            checks["search"]["reason"] = state.reason
    except Exception as exc:  # noqa: BLE001
        log.warning("readiness check of the search index failed", exc_info=True)
        checks["search"] = {"ok": False, "detail": type(exc).__name__}
    ready = all(bool(c["ok"]) for c in checks.values())
    return jsonify({"status": "ready" if ready else "unavailable", "checks": checks}), (
        200 if ready else 503
    )
