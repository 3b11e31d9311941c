"""The import job page in a real browser: the bar follows the job, then the result shows."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import MOBILE, run_axe, screenshot

pytestmark = pytest.mark.browser

PASSWORD = "import-job-test-2026"
TOKEN = "j" * 32


@pytest.fixture(scope="module")
def member(live_server):  # type: ignore[no-untyped-def]
    """Create an organisation member of the Gent offer's organisation."""
    from aanbodplatform.extensions import db
    from aanbodplatform.models import Membership, Offer, User
    from aanbodplatform.services.accounts import hash_password

    with db.new_session() as session:
        user = User(
            email="import@flow.example",
            password_hash=hash_password(PASSWORD),
            display_name="Ilse Import",
            role="organisation_member",
            locale="ar",
            email_confirmed_at=datetime.now(UTC),
        )
        session.add(user)
        session.flush()
        org_id = session.get(Offer, live_server.offers["gent"]).organisation_id
        session.add(Membership(user_id=user.id, organisation_id=org_id, state="member"))
        session.commit()
        return org_id


def test_the_progress_bar_follows_the_job_and_then_shows_the_result(
    live_server, member, new_page
) -> None:
    from aanbodplatform.services.import_jobs import _report_to_json, _write, upload_folder
    from aanbodplatform.services.importer import ImportedRow, ImportReport

    folder = upload_folder(live_server.app.extensions["settings"].instance_path)
    (folder / f"{member}-{TOKEN}.csv").write_text("title_nl\nPraattafel\n", encoding="utf-8")
    _write(folder, member, TOKEN, kind="check", state="running", done=3, total=40)

    page = new_page(viewport=MOBILE)
    page.goto(live_server("/nl/account/signin"))
    page.fill("#email", "import@flow.example")
    page.fill("#password", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    page.goto(live_server(f"/ar/organisations/{member}/import/{TOKEN}"))
    bar = page.locator("#job-progress")
    assert bar.get_attribute("value") == "3"
    assert page.locator("html").get_attribute("dir") == "rtl"

    # The job moves on: the page asks the server and moves the bar, no reload needed.
    _write(folder, member, TOKEN, kind="check", state="running", done=17, total=40)
    expect(bar).to_have_attribute("value", "17", timeout=10_000)
    expect(page.locator("#job-progress-text")).to_contain_text("17")
    screenshot(page, "import-job-running-ar-360")

    # Done: the page reloads into the row-by-row result.
    report = ImportReport(imported=[ImportedRow(2, None, "Praattafel")], dry_run=True)
    _write(folder, member, TOKEN, kind="check", state="done", done=1, total=1,
           report=_report_to_json(report))  # fmt: skip
    page.wait_for_selector("table")
    assert "Praattafel" in page.content()
    assert page.locator('input[name="upload"]').count() == 1


def test_the_job_page_passes_axe(live_server, member, new_page) -> None:
    from aanbodplatform.services.import_jobs import _write, upload_folder

    folder = upload_folder(live_server.app.extensions["settings"].instance_path)
    token = "k" * 32
    (folder / f"{member}-{token}.csv").write_text("x\n", encoding="utf-8")
    _write(folder, member, token, kind="import", state="running", done=5, total=50)
    page = new_page(bypass_csp=True)
    page.goto(live_server("/nl/account/signin"))
    page.fill("#email", "import@flow.example")
    page.fill("#password", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    page.goto(live_server(f"/nl/organisations/{member}/import/{token}"))
    assert run_axe(page) == []
