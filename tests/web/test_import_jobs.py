"""The dashboard import runs as a background job with per-row progress and a quota (issue 16)."""

from __future__ import annotations

import io
import os
import re
import time

import pytest
from sqlalchemy import func, select

from aanbodplatform.models import Offer
from aanbodplatform.services import import_jobs
from tests.factories import build_world, login
from tests.i18n_support import text_of, tr_text
from tests.web.test_organisation import _csv, _row


def _upload(client, org_id: int, data: bytes, **kwargs):  # type: ignore[no-untyped-def]
    return client.post(
        f"/nl/organisations/{org_id}/import",
        data={"file": (io.BytesIO(data), "aanbod.csv")},
        content_type="multipart/form-data",
        **kwargs,
    )


def _folder(app):  # type: ignore[no-untyped-def]
    return app.extensions["settings"].instance_path / "imports"


def test_upload_queues_a_check_and_the_page_shows_its_result(app, client, session):
    world = build_world(session)
    login(client, world.users["member_a"])
    response = _upload(client, world.org_a.id, _csv([_row(), _row(title_nl="Samen fietsen")]))
    assert response.status_code == 302
    match = re.search(r"/import/([A-Za-z0-9_-]{20,64})$", response.headers["Location"])
    assert match
    token = match.group(1)
    status = client.get(f"/nl/organisations/{world.org_a.id}/import/{token}/status")
    assert status.get_json() == {"state": "done", "done": 2, "total": 2}
    page = client.get(response.headers["Location"])
    assert "Samen fietsen" in page.text and 'name="upload"' in page.text


def test_the_job_writes_progress_row_by_row(app, client, session, monkeypatch):
    world = build_world(session)
    login(client, world.users["member_a"])
    seen: list[tuple[str, int, int]] = []
    real_write = import_jobs._write

    def spy(folder, org_id, token, **data):  # type: ignore[no-untyped-def]
        seen.append((data["state"], data["done"], data["total"]))
        real_write(folder, org_id, token, **data)

    monkeypatch.setattr(import_jobs, "_write", spy)
    monkeypatch.setattr(import_jobs, "PROGRESS_EVERY", 1)
    rows = [_row(title_nl=f"Praattafel {i}") for i in range(4)]
    _upload(client, world.org_a.id, _csv(rows))
    assert seen == [
        ("queued", 0, 4),
        ("running", 0, 4),
        ("running", 1, 4),
        ("running", 2, 4),
        ("running", 3, 4),
        ("running", 4, 4),
        ("done", 4, 4),
    ]


def test_a_running_job_shows_a_progress_bar_polled_without_inline_script(app, client, session):
    world = build_world(session)
    login(client, world.users["member_a"])
    folder = _folder(app)
    folder.mkdir(parents=True, exist_ok=True)
    token = "t" * 32
    (folder / f"{world.org_a.id}-{token}.csv").write_text("x\n")
    import_jobs._write(folder, world.org_a.id, token, kind="check", state="running", done=7, total=20)
    page = client.get(f"/en/organisations/{world.org_a.id}/import/{token}")
    assert page.status_code == 200
    assert '<progress id="job-progress" max="20" value="7"' in page.text
    assert "7 of 20 lines done" in page.text
    assert f"/en/organisations/{world.org_a.id}/import/{token}/status" in page.text
    assert "<script>" not in page.text and "js/import.js" in page.text
    # Another organisation's member cannot follow the job.
    login(client, world.users["member_b"])
    assert client.get(f"/en/organisations/{world.org_a.id}/import/{token}/status").status_code == 403


def test_confirm_imports_in_a_job_and_removes_the_file(app, client, session):
    world = build_world(session)
    login(client, world.users["member_a"])
    checked = _upload(client, world.org_a.id, _csv([_row()]))
    token = checked.headers["Location"].rsplit("/", 1)[1]
    csv_file = _folder(app) / f"{world.org_a.id}-{token}.csv"
    assert csv_file.exists()
    done = client.post(
        f"/en/organisations/{world.org_a.id}/import/confirm",
        data={"upload": token},
        follow_redirects=True,
    )
    assert done.status_code == 200
    assert "1 offers are imported" in done.text
    assert not csv_file.exists()
    assert session.scalar(select(func.count()).select_from(Offer)) >= 1


def test_uploads_beyond_the_organisation_quota_are_refused(app, client, session, monkeypatch):
    world = build_world(session)
    login(client, world.users["member_a"])
    data = _csv([_row()])
    big = _csv([_row(title_nl=f"Aanbod {i}") for i in range(12)])
    monkeypatch.setattr(import_jobs, "ORGANISATION_QUOTA_BYTES", len(data) + len(big) - 1)
    assert _upload(client, world.org_a.id, data).status_code == 302
    stored = list(_folder(app).glob(f"{world.org_a.id}-*.csv"))
    refused = _upload(client, world.org_a.id, big)
    assert refused.status_code == 422
    quota_message = tr_text(
        app, "nl", "Your organisation has too many files waiting. Import them or try again tomorrow."
    )
    assert quota_message in text_of(refused.text)
    assert list(_folder(app).glob(f"{world.org_a.id}-*.csv")) == stored
    # Another organisation has its own quota.
    login(client, world.users["member_b"])
    assert _upload(client, world.org_b.id, big).status_code == 302


def test_the_daily_clean_up_removes_old_uploads(app, client, session):
    world = build_world(session)
    login(client, world.users["member_a"])
    _upload(client, world.org_a.id, _csv([_row()]))
    folder = _folder(app)
    files = list(folder.iterdir())
    assert len(files) == 2  # the upload and its job state
    old = time.time() - import_jobs.UPLOAD_MAX_AGE_S - 60
    for path in files:
        os.utime(path, (old, old))
    from aanbodplatform.jobs import prune_uploads_job

    prune_uploads_job.call_local()
    assert list(folder.iterdir()) == []


@pytest.fixture
def real_queue(app):  # type: ignore[no-untyped-def]
    from aanbodplatform.jobs import configure_jobs, huey

    settings = app.extensions["settings"].with_overrides(app_env="development")
    configure_jobs(app, settings)
    try:
        yield huey
    finally:
        huey.storage.flush_queue()
        configure_jobs(app, app.extensions["settings"])


def test_outside_tests_jobs_wait_in_a_sqlite_queue_for_the_worker(app, real_queue):
    from aanbodplatform.jobs import import_job

    assert real_queue.immediate is False
    import_job(1, 1, "x" * 32)
    assert real_queue.pending_count() == 1
    assert (app.extensions["settings"].instance_path / "jobs.sqlite3").exists()


def test_smtp_mail_goes_through_the_queue_not_the_request(app, real_queue, monkeypatch):
    from aanbodplatform.jobs import deliver_mail_job
    from aanbodplatform.services import mail

    connections: list[tuple[str, int]] = []

    class FakeSMTP:
        def __init__(self, host, port, timeout):  # type: ignore[no-untyped-def]
            connections.append((host, port))

        def __enter__(self):  # type: ignore[no-untyped-def]
            return self

        def __exit__(self, *exc):  # type: ignore[no-untyped-def]
            return False

        def starttls(self) -> None:
            pass

        def send_message(self, email) -> None:  # type: ignore[no-untyped-def]
            pass

    monkeypatch.setattr(mail.smtplib, "SMTP", FakeSMTP)
    settings = app.extensions["settings"].with_overrides(mail_server="127.0.0.1")
    message = mail.Message("a@example.org", "Hallo", "Tekst", None, "nl")
    assert mail.send(message, settings) is True
    assert connections == []  # the request did not wait for the mail server
    assert real_queue.pending_count() == 1
    task = real_queue.dequeue()
    assert task.name.endswith("deliver_mail_job")
    app.extensions["settings"] = settings
    try:
        deliver_mail_job.call_local(*task.args)
    finally:
        app.extensions["settings"] = settings.with_overrides(mail_server=None)
    assert connections == [("127.0.0.1", 587)]
