"""Privacy clock helpers: month arithmetic and erasing a handover's personal fields.

Shared by the client and handover services, which both erase handover data
(retention, client erasure, client anonymisation) and must do it the same way.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

from dateutil.relativedelta import relativedelta

from aanbodplatform.models import Handover


@lru_cache(maxsize=64)
def months_before(moment: datetime, months: int) -> datetime:
    """Return `moment` moved back `months` calendar months (the day clamped to the month's end)."""
    # Cached: a search page asks for the same moment once per result card.
    return moment - relativedelta(months=months)


def scrub_handover(handover: Handover, now: datetime) -> None:
    """Erase every personal field of a handover, keep the bare facts (offer, status, dates)."""
    # The status, offer, organisation and dates stay: they are not about the person and
    # keep the figures (how many handovers led to a start) right.
    handover.client_id = None
    handover.open_slot = None
    handover.shared_data = {}
    handover.wishes = None
    handover.practical_needs = None
    handover.preferred_start = None
    handover.note = None
    handover.appointment = None
    handover.decline_text = None
    handover.anonymised_at = now
    for event in handover.events:
        # Questions and answers are free text and may name the person.
        event.comment = None
