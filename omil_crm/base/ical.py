"""Building iCalendar (RFC 5545) files that calendar clients accept.

Timed events are written in UTC (`...Z`), which every client converts to the reader's zone
without needing a VTIMEZONE, so a 09:00 Santiago meeting stays 09:00 across both Chilean
daylight-saving changes. Follow-ups are all-day events (a date, no zone). UIDs are built from
the kind and primary key only, so they are the same on every refresh of a feed.

The lines are written here rather than through icalendar's component objects: a staff
member's feed of a hundred events spent more time in those objects and in folding their lines
than in all of its queries, and every calendar client polls the feed. Only five kinds of value
are written (text, address, integer, UTC date-time, date); each is escaped and each line folded
as RFC 5545 says, and the tests read every file back with icalendar, the reference parser.
"""

from datetime import UTC, date, datetime, timedelta

PRODID = "-//OMIL CRM//Calendario de la OMIL//ES"
UID_DOMAIN = "omil-crm"
TIME_ZONE_HINT = "America/Santiago"
# RFC 5545 §3.1: lines longer than 75 octets are folded (CRLF and one space).
LINE_OCTETS = 75
CRLF = "\r\n"


class CalendarFile:
    """The content lines of one VCALENDAR, in the order they were added."""

    def __init__(self):
        self.lines: list[str] = ["BEGIN:VCALENDAR"]

    def add(self, name: str, value: str) -> None:
        """One property; `value` already written as its type requires."""
        self.lines.append(_fold(f"{name}:{value}"))


def uid(kind: str, pk: int) -> str:
    return f"{kind}-{pk}@{UID_DOMAIN}"


def text(value: str) -> str:
    """A TEXT value: backslashes, semicolons, commas and line breaks escaped (§3.3.11)."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def utc_moment(moment: datetime) -> str:
    """A DATE-TIME in UTC (§3.3.5, form 2)."""
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _fold(line: str) -> str:
    """The line cut every 75 octets (74 after the first cut, for the leading space), never
    inside a UTF-8 character."""
    encoded = line.encode()
    if len(encoded) <= LINE_OCTETS:
        return line
    pieces, start, room = [], 0, LINE_OCTETS
    while start < len(encoded):
        end = min(start + room, len(encoded))
        while end < len(encoded) and encoded[end] & 0xC0 == 0x80:
            end -= 1  # a continuation byte: cut before the character it belongs to
        pieces.append(encoded[start:end].decode())
        start, room = end, LINE_OCTETS - 1
    return f"{CRLF} ".join(pieces)


def new_calendar(name: str = "", *, method: str = "") -> CalendarFile:
    calendar = CalendarFile()
    calendar.add("VERSION", "2.0")
    calendar.add("PRODID", PRODID)
    calendar.add("CALSCALE", "GREGORIAN")
    if method:
        calendar.add("METHOD", method)
    if name:
        calendar.add("X-WR-CALNAME", text(name))
    # Only a hint for clients that show the calendar's zone; every time is in UTC.
    calendar.add("X-WR-TIMEZONE", TIME_ZONE_HINT)
    return calendar


def add_event(
    calendar: CalendarFile,
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
) -> None:
    add = calendar.add
    add("BEGIN", "VEVENT")
    add("UID", text(uid))
    add("DTSTAMP", utc_moment(stamp))
    if isinstance(start, datetime):
        add("DTSTART", utc_moment(start))
        add("DTEND", utc_moment(end or start + timedelta(hours=1)))
    else:
        add("DTSTART;VALUE=DATE", f"{start:%Y%m%d}")
        add("DTEND;VALUE=DATE", f"{end or start + timedelta(days=1):%Y%m%d}")
        add("TRANSP", "TRANSPARENT")
    add("SUMMARY", text(summary))
    if location:
        add("LOCATION", text(location))
    if description:
        add("DESCRIPTION", text(description))
    if url:
        add("URL", url)
    add("SEQUENCE", str(int(sequence)))
    add("STATUS", status)
    add("END", "VEVENT")


def to_text(calendar: CalendarFile) -> str:
    return CRLF.join([*calendar.lines, "END:VCALENDAR", ""])
