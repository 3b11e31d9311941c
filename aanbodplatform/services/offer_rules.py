"""The limits every offer meets, wherever it comes from: the editor, the CSV import, UiTdatabank.

One home for the lengths (matching the database columns), the minimum explanation of
a PNT criterion and the coordinates we trust, so the three ways in cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Mapping

#: Longest Dutch title and summary (the search cards show them whole).
TITLE_MAX = 120
SUMMARY_MAX = 300
#: Longest title and summary of a translation (other scripts and languages run longer).
TRANSLATION_TITLE_MAX = 160
TRANSLATION_SUMMARY_MAX = 400
DESCRIPTION_MAX = 5000
NOTE_MAX = 300
ACCESSIBILITY_NOTE_MAX = 500
INSURANCE_NOTE_MAX = 1000
EVIDENCE_MAX = 2000
LOCATION_NAME_MAX = 200
STREET_MAX = 200
MUNICIPALITY_MAX = 120
CONTACT_NAME_MAX = 120
CONTACT_EMAIL_MAX = 254
CONTACT_PHONE_MAX = 40
ORGANISATION_NAME_MAX = 200

#: An explanation of a criterion (Dutch context, meeting people) needs at least this many characters.
MIN_EVIDENCE = 20

#: Belgium's bounding box; a point outside it is a typo or swapped coordinates.
BELGIUM_LAT = (49.4, 51.6)
BELGIUM_LON = (2.5, 6.5)
#: A given, geocoded or corrected point further than this from its postcode is not trusted.
MAX_DISTANCE_FROM_POSTCODE_M = 20_000

#: The editor's character limits by field, shown as you type.
EDITOR_LIMITS: Mapping[str, int] = {
    "title_nl": TITLE_MAX,
    "summary_nl": SUMMARY_MAX,
    "description_nl": DESCRIPTION_MAX,
    "schedule_note": NOTE_MAX,
    "cost_note": NOTE_MAX,
    "accessibility_note": ACCESSIBILITY_NOTE_MAX,
    "insurance_note": INSURANCE_NOTE_MAX,
    "dutch_context_evidence": EVIDENCE_MAX,
    "social_participation_evidence": EVIDENCE_MAX,
    "translation_title": TRANSLATION_TITLE_MAX,
    "translation_summary": TRANSLATION_SUMMARY_MAX,
    "location_name": LOCATION_NAME_MAX,
    "street": STREET_MAX,
    "contact_name": CONTACT_NAME_MAX,
}


def in_belgium(lat: float, lon: float) -> bool:
    """Return True when a point lies inside Belgium's bounding box."""
    return BELGIUM_LAT[0] <= lat <= BELGIUM_LAT[1] and BELGIUM_LON[0] <= lon <= BELGIUM_LON[1]


def evidence_too_short(text: str | None) -> bool:
    """Return True when an explanation of a criterion is shorter than MIN_EVIDENCE characters."""
    return len((text or "").strip()) < MIN_EVIDENCE
