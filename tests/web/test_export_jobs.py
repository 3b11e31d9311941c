"""The open data file is built by a background job with progress, then downloaded (issue 16)."""

from __future__ import annotations

import json
import os
import re
import time

import pytest

from aanbodplatform.services import export_jobs
from aanbodplatform.services.authz import NotFound
from aanbodplatform.services.import_jobs import prune_uploads
from tests.factories import build_world, login


def _folder(app):  # type: ignore[no-untyped-def]
    return app.extensions["settings"].instance_path / "exports"


def _start(client):  # type: ignore[no-untyped-def]
    response = client.post("/en/admin/exports")
    assert response.status_code == 302
    match = re.search(r"/en/admin/exports/([A-Za-z0-9_-]{20,64})$", response.headers["Location"])
    assert match, response.headers["Location"]
    return match.group(1)


def test_an_admin_queues_the_file_and_downloads_it_when_done(app, client, session, make_offer):
    world = build_world(session)
    first = make_offer("Praattafel in de bib")
    second = make_offer("Wandelclub Gent")
    make_offer("Nog een ontwerp", status="draft")
    login(client, world.users["admin"])
    page = client.get("/en/admin/exports")
    assert page.status_code == 200
    assert 'action="/en/admin/exports"' in page.text
    token = _start(client)
    # Jobs run at once in tests: the job is done when the page is asked.
    status = client.get(f"/en/admin/exports/{token}/status").get_json()
    assert status == {"state": "done", "done": 2, "total": 2}
    page = client.get(f"/en/admin/exports/{token}")
    assert "Offers in it: 2." in page.text
    assert f'href="/en/admin/exports/{token}/download"' in page.text
    download = client.get(f"/en/admin/exports/{token}/download")
    assert download.status_code == 200
    assert download.mimetype == "application/json"
    assert "attachment" in download.headers["Content-Disposition"]
    services = json.loads(download.get_data(as_text=True))
    download.close()
    assert [s["name"] for s in services] == [first.title_nl, second.title_nl]
    # Offer links point at the public address, as in the CLI export.
    base = app.extensions["settings"].base_url.rstrip("/")
    assert services[0]["url"].startswith(f"{base}/nl/offers/{first.id}")


def test_the_job_writes_progress_as_it_goes(app, client, session, make_offer, monkeypatch):
    world = build_world(session)
    for i in range(3):
        make_offer(f"Praattafel {i}")
    seen: list[tuple[str, int, int]] = []
    real_write = export_jobs._write

    def spy(folder, token, **data):  # type: ignore[no-untyped-def]
        seen.append((data["state"], data["done"], data["total"]))
        real_write(folder, token, **data)

    monkeypatch.setattr(export_jobs, "_write", spy)
    monkeypatch.setattr(export_jobs, "PROGRESS_EVERY", 1)
    login(client, world.users["admin"])
    _start(client)
    assert seen == [
        ("queued", 0, 3),
        ("running", 0, 3),
        ("running", 1, 3),
        ("running", 2, 3),
        ("running", 3, 3),
        ("done", 3, 3),
    ]


def test_a_running_export_shows_a_progress_bar_without_inline_script(app, client, session):
    world = build_world(session)
    login(client, world.users["admin"])
    folder = export_jobs.export_folder(app.extensions["settings"].instance_path)
    token = "r" * 32
    export_jobs._write(folder, token, kind="hsds", state="running", done=300, total=1200)
    page = client.get(f"/en/admin/exports/{token}")
    assert '<progress id="job-progress" max="1200" value="300"' in page.text
    assert "300 of 1200 offers done" in page.text
    assert f"/en/admin/exports/{token}/status" in page.text
    assert "<script>" not in page.text and "js/import.js" in page.text
    # Not finished: nothing to download yet.
    assert client.get(f"/en/admin/exports/{token}/download").status_code == 404


def test_a_failed_export_says_so_and_offers_to_try_again(app, client, session, make_offer, monkeypatch):
    world = build_world(session)
    make_offer()

    def broken(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk full")
        yield  # pragma: no cover - a generator, like the real one

    monkeypatch.setattr("aanbodplatform.services.hsds.iter_services", broken)
    login(client, world.users["admin"])
    folder = export_jobs.export_folder(app.extensions["settings"].instance_path)
    token = export_jobs.start_export(session, folder, world.users["admin"])
    with pytest.raises(RuntimeError):
        export_jobs.run_export(session, folder, token)
    page = client.get(f"/en/admin/exports/{token}")
    assert 'role="alert"' in page.text and 'action="/en/admin/exports"' in page.text
    assert client.get(f"/en/admin/exports/{token}/download").status_code == 404
    assert not list(folder.glob("*.part"))  # no half-written file left behind


def test_only_admins_see_exports_and_unknown_tokens_are_404(app, client, session):
    world = build_world(session)
    folder = export_jobs.export_folder(app.extensions["settings"].instance_path)
    token = export_jobs.start_export(session, folder, world.users["admin"])
    with pytest.raises(NotFound):
        export_jobs.read_export(folder, world.users["admin"], "not a token")
    login(client, world.users["moderator_in"])
    assert client.post("/en/admin/exports").status_code == 403
    assert client.get(f"/en/admin/exports/{token}/status").status_code == 403
    login(client, world.users["admin"])
    assert client.get("/en/admin/exports/" + "x" * 32).status_code == 404


def test_old_export_files_are_removed_by_the_daily_clean_up(app, session):
    world = build_world(session)
    folder = export_jobs.export_folder(app.extensions["settings"].instance_path)
    token = export_jobs.start_export(session, folder, world.users["admin"])
    export_jobs.run_export(session, folder, token)
    leftover = folder / "hsds-dead.part"
    leftover.write_text("[")
    files = sorted(p.name for p in folder.iterdir())
    assert len(files) == 3
    day_ago = time.time() - 2 * 24 * 3600
    for path in folder.iterdir():
        os.utime(path, (day_ago, day_ago))
    assert prune_uploads(folder) == 3
    assert list(folder.iterdir()) == []
