"""The first appointment of a handover as an iCalendar (.ics) file, for any calendar app."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from aanbodplatform.models import Handover, utcnow
from aanbodplatform.services.mail import Attachment

LOCAL_TIMEZONE = ZoneInfo("Europe/Brussels")
#: A first meeting: long enough to be seen in a calendar; the organisation did not say.
DURATION = timedelta(hours=1)
CONTENT_TYPE = "text/calendar"


def filename(handover: Handover) -> str:
    """Return the download name of a handover's appointment file."""
    return f"appointment-{handover.id}.ics"


def ics(handover: Handover, title: str) -> bytes:
    """Return the handover's first appointment as an iCalendar file (no client data in it)."""
    appointment = handover.appointment
    if not appointment:
        raise ValueError("the handover has no appointment")
    hour, minute = (int(part) for part in appointment["time"].split(":"))
    start = datetime.combine(
        date.fromisoformat(appointment["date"]), time(hour, minute), tzinfo=LOCAL_TIMEZONE
    )
    calendar = Calendar()
    calendar.add("prodid", "-//aanbodplatform//handover appointment//NL")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    # A stable UID: a calendar updates the event when the file is opened again.
    event.add("uid", f"handover-{handover.id}@aanbodplatform")
    event.add("dtstamp", utcnow())
    event.add("dtstart", start)
    event.add("dtend", start + DURATION)
    event.add("summary", title)
    event.add("location", appointment["place"])
    event.add("description", appointment["ask_for"])
    calendar.add_component(event)
    return calendar.to_ical()


def attachment(handover: Handover, title: str) -> Attachment:
    """Return the appointment as a mail attachment."""
    return Attachment(filename(handover), CONTENT_TYPE, ics(handover, title))
