"""Meetings a company's people attended, on the company timeline."""

from django.db.models import Exists, OuterRef

from companies.timeline import TimelineSource, choice_label, columns, register
from meetings.models import Attendance, Meeting


def meeting_entries(company):
    attended = Attendance.objects.filter(
        meeting=OuterRef("pk"), contact__company=company, attended=True
    )
    return columns(
        Meeting.objects.filter(Exists(attended)),
        kind="meeting",
        at="starts_at",
        title="title",
        detail=choice_label("kind", Meeting.Kind.choices),
    )


def register_sources():
    register(TimelineSource("meeting", "Reunión", "people-fill", meeting_entries))
