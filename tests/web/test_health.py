"""Health probes: /healthz (process up) and /readyz (database and search reachable)."""

from __future__ import annotations

from search_index import EngineHealth


def test_healthz(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_readyz_names_each_check(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ready"
    assert body["checks"]["database"] == {"ok": True}
    assert body["checks"]["search"]["ok"] is True
    assert body["checks"]["search"]["engine"] == "sqlite"
    assert "/" not in str(body["checks"]["search"])  # no file paths in a public probe


def test_readyz_reports_a_search_outage(client, app, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    engine = app.extensions["search_engine"]
    monkeypatch.setattr(engine, "health", lambda: EngineHealth(ok=False, engine="sqlite", detail="/secret/path"))
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "unavailable"
    assert body["checks"]["search"]["ok"] is False
    assert "secret" not in response.get_data(as_text=True)


def test_readyz_reports_a_database_outage(client, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from aanbodplatform.extensions import db

    def broken():  # type: ignore[no-untyped-def]
        raise RuntimeError("database down")

    monkeypatch.setattr(db, "new_session", broken)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["checks"]["database"]["ok"] is False
