"""Offer limits live in one module; the editor, the CSV import and the UiT import use it."""

from __future__ import annotations

import pytest

from aanbodplatform.models import Offer
from aanbodplatform.services import importer, offer_editing, offer_rules, uit_import


def test_the_limits_are_the_documented_numbers() -> None:
    assert (offer_rules.TITLE_MAX, offer_rules.SUMMARY_MAX) == (120, 300)
    assert (offer_rules.TRANSLATION_TITLE_MAX, offer_rules.TRANSLATION_SUMMARY_MAX) == (160, 400)
    assert offer_rules.MIN_EVIDENCE == 20
    assert offer_rules.MAX_DISTANCE_FROM_POSTCODE_M == 20_000
    # The Dutch title and summary fit their database columns.
    assert Offer.__table__.c.title_nl.type.length == 120
    assert Offer.__table__.c.summary_nl.type.length == 300


def test_the_editor_and_the_importers_read_the_same_limits() -> None:
    assert offer_editing.LIMITS["title_nl"] == importer.MAX_LENGTHS["title_nl"] == 120
    assert offer_editing.LIMITS["summary_nl"] == importer.MAX_LENGTHS["summary_nl"] == 300
    assert offer_editing.LIMITS["contact_name"] == importer.MAX_LENGTHS["contact_name"] == 120
    assert offer_editing.LIMITS["translation_title"] == importer.MAX_LENGTHS["title_fr"] == 160
    assert offer_editing.LIMITS["translation_summary"] == importer.MAX_LENGTHS["summary_ar"] == 400
    assert offer_editing.MIN_EVIDENCE == 20
    assert offer_editing.MAX_PIN_DISTANCE_M == 20_000
    assert uit_import.TITLE_MAX == 120 and uit_import.SUMMARY_MAX == 300


@pytest.mark.parametrize(
    "lat, lon, inside",
    [
        (51.0543, 3.7174, True),  # Gent
        (49.4, 2.5, True),  # the box's corners count
        (51.6, 6.5, True),
        (49.39, 4.0, False),
        (51.61, 4.0, False),
        (50.5, 2.49, False),
        (50.5, 6.51, False),
        (3.7174, 51.0543, False),  # swapped
    ],
)
def test_in_belgium_is_the_bounding_box(lat: float, lon: float, inside: bool) -> None:
    assert offer_rules.in_belgium(lat, lon) is inside


def test_evidence_needs_twenty_characters_after_trimming() -> None:
    assert offer_rules.evidence_too_short(None) is True
    assert offer_rules.evidence_too_short("x" * 19) is True
    assert offer_rules.evidence_too_short("   " + "x" * 19 + "   ") is True
    assert offer_rules.evidence_too_short("x" * 20) is False
