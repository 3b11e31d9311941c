"""Fixtures shared by the proof-of-participation tests (test_proofs*.py, test_proof_*_details.py)."""

from __future__ import annotations

import pytest
from flask import current_app

from tests.proof_factories import build


@pytest.fixture
def w(session, make_offer):  # type: ignore[no-untyped-def]
    """Return the proofs' world: a counsellor, a client, an organisation with its people and offers."""
    return build(session, make_offer)


@pytest.fixture
def settings(app):  # type: ignore[no-untyped-def]
    """Return the running app's settings."""
    return current_app.extensions["settings"]
