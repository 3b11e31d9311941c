"""Migration 0004 derives the structured facts the Dutch texts state plainly, and stamps translations."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import create_engine, text

from aanbodplatform.services.offer_facts import source_hash
from tests.unit.test_migrations import _config


def test_existing_offers_get_derived_facts_and_translation_sources(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'm.sqlite3'}"
    config = _config(url)
    command.upgrade(config, "0002")
    engine = create_engine(url)
    now = "2026-11-01 10:00:00"
    offer_sql = (
        "INSERT INTO offer (id, organisation_id, offer_type, title_nl, summary_nl, description_nl, "
        "schedule_kind, dutch_level, free, cost_note, wheelchair, dutch_context, dutch_context_evidence, "
        "social_participation, social_participation_evidence, status, created_at, updated_at) VALUES "
        "(:id, 1, 'club', :title, :summary, :description, 'weekly', 'none', :free, :cost, 0, 1, 'x', 1, 'y', "
        "'published', :now, :now)"
    )
    with engine.begin() as db:
        db.execute(text("INSERT INTO organisation (id, name, created_at, updated_at) VALUES (1, 'Club', :n, :n)"), {"n": now})
        db.execute(text(offer_sql), {
            "id": 1, "title": "Koken", "summary": "Samen koken. Kom gerust langs.", "description": "Voor gezinnen.",
            "free": 0, "cost": "3 euro per keer, kansentarief met UiTPAS", "now": now,
        })
        db.execute(text(offer_sql), {
            "id": 2, "title": "Wandelen", "summary": "Samen wandelen.", "description": "", "free": 1,
            "cost": None, "now": now,
        })
        db.execute(text(
            "INSERT INTO offer_translation (id, offer_id, locale, title, summary, translated_by, updated_at) "
            "VALUES (1, 1, 'en', 'Cooking', 'Cooking together.', 'organisation', :n)"
        ), {"n": now})
    command.upgrade(config, "head")
    with engine.connect() as db:
        rows = db.execute(text(
            "SELECT id, cost_amount_cents, cost_unit, reduced_uitpas, reduced_social_tariff, audience, join_how "
            "FROM offer ORDER BY id"
        )).all()
        sources = db.execute(text("SELECT title_source, summary_source, description_source FROM offer_translation")).one()
    engine.dispose()
    assert [tuple(r) for r in rows] == [
        (1, 300, "session", 1, 1, "families", "walk_in"),
        (2, None, None, 0, 0, "", None),
    ]
    assert tuple(sources) == (source_hash("Koken"), source_hash("Samen koken. Kom gerust langs."), None)
