"""Demo proofs: every status, one client at risk, one exempt, one refused, one paper proof."""

from __future__ import annotations

from sqlalchemy import select

from aanbodplatform.models import Client, CounsellorTask, ParticipationProof
from aanbodplatform.seed.demo import DEMO_REFERENCE_NOW, seed_demo
from aanbodplatform.services import proofs as svc


def test_the_demo_has_proofs_in_every_status_made_through_the_services(session) -> None:  # type: ignore[no-untyped-def]
    seed_demo(session, offers=40)
    proofs = session.scalars(select(ParticipationProof)).all()
    assert {p.status for p in proofs} == {
        "draft", "awaiting_signature", "signed", "queried", "verified", "refused", "void",
    }
    assert [p.kind for p in proofs].count("paper") == 1
    assert all(svc.signature_valid(p) for p in proofs if p.status in ("signed", "verified"))
    today = DEMO_REFERENCE_NOW.date()
    progress = {
        c.first_name: svc.client_progress(session, c, today=today)
        for c in session.scalars(select(Client).where(Client.reference_code.like("GNT-%")))
    }
    assert [name for name, p in progress.items() if p.at_risk] == ["Oleksandr"]
    assert [name for name, p in progress.items() if p.exempt] == ["Hodan"]
    assert progress["Amina"].verified_minutes == 14 * 60
    assert session.scalar(select(CounsellorTask)).kind == "refused_proof"
    # Seeding again leaves the proofs alone.
    seed_demo(session, offers=40)
    assert len(session.scalars(select(ParticipationProof)).all()) == len(proofs)
