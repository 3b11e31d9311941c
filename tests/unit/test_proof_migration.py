"""Migration 0005: every existing offer contact gets a contact person of its organisation."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import create_engine, text

from tests.unit.test_migrations import _config


def test_offer_contacts_become_contact_persons(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'm.sqlite3'}"
    config = _config(url)
    command.upgrade(config, "0003")
    engine = create_engine(url)
    with engine.begin() as c:
        c.execute(text("INSERT INTO offer_type (code, icon, position) VALUES ('club', 'club', 1)"))
        c.execute(text("INSERT INTO organisation (id, name, created_at, updated_at) VALUES "
                       "(1, 'Club', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"))
        for offer_id in (1, 2):
            c.execute(text(
                "INSERT INTO offer (id, organisation_id, offer_type, title_nl, summary_nl, "
                "description_nl, schedule_kind, dutch_level, free, wheelchair, dutch_context, "
                "dutch_context_evidence, social_participation, social_participation_evidence, "
                "status, created_at, updated_at) VALUES (:id, 1, 'club', 'T', 'S', '', 'weekly', "
                "'none', 1, 0, 1, 'x', 1, 'y', 'draft', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            ), {"id": offer_id})
        # The same person on two offers, and another person.
        c.execute(text("INSERT INTO offer_contact (offer_id, name, email, signs_proof) VALUES "
                       "(1, 'An', 'an@club.be', 1), (2, 'An', 'AN@club.be', 1), "
                       "(2, 'Bert', NULL, 0)"))
    engine.dispose()
    command.upgrade(config, "head")
    engine = create_engine(url)
    with engine.connect() as c:
        persons = c.execute(text("SELECT id, name FROM contact_person ORDER BY id")).all()
        links = c.execute(text("SELECT contact_person_id FROM offer_contact ORDER BY id")).scalars().all()
    engine.dispose()
    assert [name for _id, name in persons] == ["An", "Bert"]
    assert links == [persons[0][0], persons[0][0], persons[1][0]]
