"""Building iCalendar (RFC 5545) files that calendar clients accept.

Timed events are written in UTC (`...Z`), which every client converts to the reader's zone
without needing a VTIMEZONE, so a 09:00 Santiago meeting stays 09:00 across both Chilean
daylight-saving changes. Follow-ups are all-day events (a date, no zone). UIDs are built from
the kind and primary key only, so they are the same on every refresh of a feed.
"""

from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event

PRODID = "-//OMIL CRM//Calendario de la OMIL//ES"
UID_DOMAIN = "omil-crm"
TIME_ZONE_HINT = "America/Santiago"


def uid(kind: str, pk: int) -> str:
    return f"{kind}-{pk}@{UID_DOMAIN}"


def new_calendar(name: str = "", *, method: str = "") -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
    # Only a hint for clients that show the calendar's zone; every time is in UTC.
    calendar.add("x-wr-timezone", TIME_ZONE_HINT)
    return calendar


def add_event(
    calendar: Calendar,
    *,
    uid: str,
    summary: str,
    stamp: datetime,
    start: datetime | date,
    end: datetime | date | None = None,
    location: str = "",
    description: str = "",
    url: str = "",
    sequence: int = 0,
    status: str = "CONFIRMED",
) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp.astimezone(UTC))
    if isinstance(start, datetime):
        event.add("dtstart", start.astimezone(UTC))
        event.add("dtend", (end or start + timedelta(hours=1)).astimezone(UTC))
    else:
        event.add("dtstart", start)
        event.add("dtend", end or start + timedelta(days=1))
        event.add("transp", "TRANSPARENT")
    event.add("summary", summary)
    if location:
        event.add("location", location)
    if description:
        event.add("description", description)
    if url:
        event.add("url", url)
    event.add("sequence", sequence)
    event.add("status", status)
    calendar.add_component(event)
    return event


def to_text(calendar: Calendar) -> str:
    return calendar.to_ical().decode("utf-8")
