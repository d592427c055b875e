"""A meeting as an iCalendar event: the .ics download, the email invitation and the feeds."""

from meetings.models import Meeting
from omil_crm.base.ical import CalendarFile, add_event, new_calendar, to_text, uid
from omil_crm.base.paths import path_for
from omil_crm.base.reminder_emails import site_url


def add_meeting(calendar: CalendarFile, meeting: Meeting, *, url: str = "") -> None:
    place = meeting.place or (meeting.park.address if meeting.park else "")
    add_event(
        calendar,
        uid=uid("reunion", meeting.pk),
        summary=meeting.title,
        stamp=meeting.updated_at,
        start=meeting.starts_at,
        end=meeting.ends_at,
        location=place,
        description=meeting.agenda,
        url=url or site_url(path_for("meetings:detail", meeting.pk)),
        sequence=meeting.sequence,
        status="CANCELLED" if meeting.status == Meeting.Status.CANCELLED else "CONFIRMED",
    )


def meeting_ics(meeting: Meeting, *, url: str = "") -> str:
    """One meeting as a file to open or attach (METHOD:PUBLISH: added, never answered). `url`
    replaces the link to the staff page (a company's copy links to its portal)."""
    calendar = new_calendar(method="PUBLISH")
    add_meeting(calendar, meeting, url=url)
    return to_text(calendar)
