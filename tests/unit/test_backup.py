"""`flask backup create` and `flask backup restore`: what was backed up comes back (issue 16)."""

from __future__ import annotations

from sqlalchemy import select

from aanbodplatform.extensions import db
from aanbodplatform.models import Offer


def _offers(session) -> list[tuple[int, str, str]]:  # type: ignore[no-untyped-def]
    return [
        (o.id, o.title_nl, o.status)
        for o in session.scalars(select(Offer).order_by(Offer.id))
    ]


def test_backup_then_restore_gives_back_the_data_and_rebuilds_the_index(
    app, client, session, make_offer, tmp_path
):
    kept = make_offer("Praattafel in de bib")
    make_offer("Wandelclub De Stappers")
    make_offer("Kookatelier", status="draft")
    before = _offers(session)
    runner = app.test_cli_runner()
    target = tmp_path / "backup.bin"
    created = runner.invoke(args=["backup", "create", "--output", str(target)])
    assert created.exit_code == 0, created.output
    assert target.stat().st_size > 0

    # Life goes on after the backup: an offer is deleted, another added and one renamed.
    session.delete(session.get(Offer, kept.id))
    make_offer("Nieuw na de backup")
    after_backup = session.scalars(select(Offer).where(Offer.title_nl == "Wandelclub De Stappers")).one()
    after_backup.title_nl = "Hernoemd"
    session.commit()
    assert _offers(session) != before
    session.close()

    restored = runner.invoke(args=["backup", "restore", str(target), "--yes"])
    assert restored.exit_code == 0, restored.output
    assert "search index rebuilt with 2 offers" in restored.output
    with db.new_session() as fresh:
        assert _offers(fresh) == before
    engine = app.extensions["search_engine"]
    assert engine.count() == 2
    ready = client.get("/readyz")
    assert ready.status_code == 200, ready.get_json()


def test_restore_refuses_a_file_that_is_no_backup(app, tmp_path):
    bogus = tmp_path / "not-a-backup"
    bogus.write_bytes(b"nothing to see" * 50)
    result = app.test_cli_runner().invoke(args=["backup", "restore", str(bogus), "--yes"])
    assert result.exit_code != 0
    assert "backup" in result.output.lower() or "failed" in result.output.lower()
