"""Meetings a company's people attended, on the company timeline; links from follow-ups back
to the agreement that created them."""

from django.db.models import Exists, OuterRef

from companies.timeline import TimelineSource, choice_label, columns, register, register_link
from meetings.models import Attendance, Meeting
from omil_crm.base.paths import path_for


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


def meeting_url(pk: int) -> str:
    return path_for("meetings:detail", pk)


def agreement_url(pk: int) -> str:
    # The agreement's own address redirects to its meeting, so a list of follow-ups can link
    # to it without reading the meeting of each one.
    return path_for("meetings:agreement", pk)


def register_sources():
    register(TimelineSource("meeting", "Reunión", "people-fill", meeting_entries, meeting_url))
    register_link("meetings.meeting", meeting_url)
    register_link("meetings.agreement", agreement_url)
