"""Structured offer facts: derive them from Dutch free text, and fingerprint the Dutch sources.

Pure functions (no ORM, no Flask): the importer, the demo seed and the translation services use them.
Migration 0004 carries its own frozen copy, because a migration must not change when this does.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from typing import Any

_AMOUNT = re.compile(
    r"(?:€|\beur(?:o)?\b)\s*(\d{1,4}(?:[.,]\d{1,2})?)|(\d{1,4}(?:[.,]\d{1,2})?)\s*(?:€|\beuro?\b)",
    re.IGNORECASE,
)
_UNITS = (
    ("session", re.compile(r"per (keer|sessie|les|activiteit|avond|namiddag)", re.IGNORECASE)),
    ("month", re.compile(r"per maand|/\s*maand|maandelijks", re.IGNORECASE)),
    ("year", re.compile(r"per (jaar|seizoen|schooljaar)|/\s*jaar|lidgeld|jaarlijks", re.IGNORECASE)),
)
_UITPAS = re.compile(r"uitpas", re.IGNORECASE)
_SOCIAL = re.compile(r"sociaa?le?\s+tarief|kansentarief|verminderd tarief|kansenpas", re.IGNORECASE)
# Order matters: "zonder inschrijving" means walk in, although it contains "inschrijving".
_JOIN = (
    ("walk_in", re.compile(r"zonder inschrijving|kom gerust|kom (maar )?langs|loop (gerust )?binnen|vrij binnen|spring (gerust )?binnen", re.IGNORECASE)),
    ("register", re.compile(r"inschrijv|schrijf (je|u) in|aanmelden|meld (je|u) aan", re.IGNORECASE)),
    ("contact_first", re.compile(r"bel (ons )?eerst|neem (eerst )?contact|contacteer|stuur (ons )?(eerst )?een (mail|bericht)", re.IGNORECASE)),
)
_AUDIENCE = (
    ("women", re.compile(r"\b(voor|enkel|alleen) vrouwen\b|vrouwengroep", re.IGNORECASE)),
    ("families", re.compile(r"\bgezinnen\b|\bouders\b", re.IGNORECASE)),
    ("youth", re.compile(r"\bjongeren\b", re.IGNORECASE)),
    ("seniors", re.compile(r"\bsenioren\b|\b(55|60|65)\s*\+", re.IGNORECASE)),
)


def source_hash(text: str | None) -> str:
    """Return the fingerprint of a Dutch source text (whitespace-insensitive SHA-256)."""
    normal = " ".join((text or "").split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def parse_amount_cents(text: str | None) -> int | None:
    """Return the first euro amount in `text` in cents ("€ 2,50" → 250), or None."""
    match = _AMOUNT.search(text or "")
    if match is None:
        return None
    number = (match.group(1) or match.group(2)).replace(",", ".")
    return round(float(number) * 100)


def derive_facts(values: Mapping[str, Any]) -> dict[str, Any]:
    """Return the structured facts the Dutch texts of an offer state plainly; unknown ones are left out."""
    cost = values.get("cost_note") or ""
    words = " ".join(
        str(values.get(name) or "") for name in ("summary_nl", "description_nl", "cost_note")
    )
    facts: dict[str, Any] = {}
    if not values.get("free", True):
        amount = parse_amount_cents(cost)
        if amount is not None:
            facts["cost_amount_cents"] = amount
            unit = next((code for code, rx in _UNITS if rx.search(cost)), None)
            if unit:
                facts["cost_unit"] = unit
    if _UITPAS.search(words):
        facts["reduced_uitpas"] = True
    if _SOCIAL.search(words):
        facts["reduced_social_tariff"] = True
    join = next((code for code, rx in _JOIN if rx.search(words)), None)
    if join:
        facts["join_how"] = join
    audience = [code for code, rx in _AUDIENCE if rx.search(words)]
    if audience:
        facts["audience"] = ",".join(audience)
    return facts


def missing_facts(offer: Any) -> list[str]:
    """Return the structured facts an offer still lacks ("join_how", "cost_amount_cents").

    Migrated offers keep these empty until the organisation answers; the editor and the
    freshness reminder ask for them.
    """
    missing = []
    if not getattr(offer, "join_how", None):
        missing.append("join_how")
    if not getattr(offer, "free", True) and getattr(offer, "cost_amount_cents", None) is None:
        missing.append("cost_amount_cents")
    return missing
