"""An employer event as an iCalendar event: the invitation's attachment and the staff feeds."""

from events.models import EmployerEvent
from omil_crm.base.ical import CalendarFile, add_event, new_calendar, to_text, uid
from omil_crm.base.paths import path_for
from omil_crm.base.reminder_emails import site_url


def add_employer_event(calendar: CalendarFile, event: EmployerEvent, *, url: str = "") -> None:
    description = event.description
    if event.online_url:
        description = f"{description}\n\nEnlace: {event.online_url}".strip()
    add_event(
        calendar,
        uid=uid("evento", event.pk),
        summary=event.title,
        stamp=event.updated_at,
        start=event.starts_at,
        end=event.ends_at,
        location=event.online_url if event.modality == event.Modality.ONLINE else event.place,
        description=description,
        url=url or site_url(path_for("events:detail", event.pk)),
        sequence=event.sequence,
        status="CANCELLED" if event.is_cancelled else "CONFIRMED",
    )


def event_ics(event: EmployerEvent, *, url: str = "") -> str:
    """One event as a file to attach (METHOD:PUBLISH); `url` replaces the staff page's link
    (a company's copy links to its portal)."""
    calendar = new_calendar(method="PUBLISH")
    add_employer_event(calendar, event, url=url)
    return to_text(calendar)
