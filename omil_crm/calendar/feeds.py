"""Each staff member's calendar feed: planned visits, meetings, employer events and open
follow-ups, behind a
secret, revocable address that calendar clients (Google, Outlook, Apple, Thunderbird) poll."""

import secrets
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from companies.models import FollowUp, Visit
from events.calendar import add_employer_event
from events.models import EmployerEvent
from meetings.calendar import add_meeting
from meetings.models import Meeting
from omil_crm.accounts.roles import person_name
from omil_crm.base.ical import add_event, new_calendar, to_text, uid
from omil_crm.base.paths import path_for
from omil_crm.base.reminder_emails import site_url
from omil_crm.models import CalendarFeedToken

# How far back the feed goes; older events stay in the subscribers' calendars anyway.
FEED_PAST = timedelta(days=90)
VISIT_LENGTH = timedelta(hours=1)


def active_token(user) -> CalendarFeedToken | None:
    return CalendarFeedToken.objects.filter(user=user, revoked_at__isnull=True).first()


@transaction.atomic
def feed_token_create(*, user) -> CalendarFeedToken:
    """A new secret address for the user's feed; the previous one stops working."""
    feed_token_revoke(user=user)
    return CalendarFeedToken.objects.create(user=user, token=secrets.token_urlsafe(32))


def feed_token_revoke(*, user) -> int:
    return CalendarFeedToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def user_for_token(token: str):
    """The active staff member the token belongs to, or None (unknown, revoked, inactive)."""
    found = (
        CalendarFeedToken.objects.filter(token=token, revoked_at__isnull=True, user__is_active=True)
        .select_related("user")
        .first()
    )
    if found is None:
        return None
    # The one write a GET of the feed makes, on purpose: when the secret address was last
    # read, shown to its owner so a leaked address gets noticed (the use of a credential, like
    # a login's last_login; tests/test_get_writes_nothing.py allows exactly this update).
    # One write an hour at most, however often the client polls.
    now = timezone.now()
    CalendarFeedToken.objects.filter(pk=found.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - timedelta(hours=1))
    ).update(last_used_at=now)
    return found.user


def feed_meetings(user):
    """The meetings the user attends, runs as the park's gestora or created. One lookup by
    index for each, united: with the three ORed over a join, every meeting of the office in
    the window was read with its attendances (3,893 rows at 3× the benchmark data)."""
    recent = Meeting.objects.filter(starts_at__gte=timezone.now() - FEED_PAST).order_by()
    ids = (
        recent.filter(attendances__staff=user)
        .values("pk")
        .union(
            recent.filter(park__gestora=user).values("pk"),
            recent.filter(created_by=user).values("pk"),
        )
    )
    return Meeting.objects.filter(pk__in=ids).select_related("park").order_by("starts_at")


def feed_events(user):
    """The office's employer events, for whoever may see them: they are few a month and
    anyone of the office may be asked to attend. Cancelled ones stay, marked, so calendars
    strike them out."""
    if not user.has_perm("events.view_employerevent"):
        return EmployerEvent.objects.none()
    since = timezone.localdate() - FEED_PAST
    return EmployerEvent.objects.filter(date__gte=since).order_by("date", "start_time", "pk")


def user_feed(user) -> str:
    """The user's calendar as iCalendar text: a fixed number of queries whatever its size."""
    calendar = new_calendar(f"OMIL — {person_name(user)}")
    since = timezone.now() - FEED_PAST
    visits = (
        Visit.objects.filter(staff=user, status=Visit.Status.PLANNED, planned_for__gte=since)
        .select_related("company")
        .order_by("planned_for")
    )
    for visit in visits:
        add_event(
            calendar,
            uid=uid("visita", visit.pk),
            summary=f"{visit.get_kind_display()}: {visit.company}",
            stamp=visit.created_at,
            start=visit.planned_for,
            end=visit.planned_for + VISIT_LENGTH,
            location=visit.company.address,
            description=visit.next_step,
            url=site_url(path_for("companies:visit_detail", visit.pk)),
        )
    for meeting in feed_meetings(user):
        add_meeting(calendar, meeting)
    for event in feed_events(user):
        add_employer_event(calendar, event)
    follow_ups = (
        FollowUp.objects.open()
        .filter(assigned_to=user)
        .select_related("company")
        .order_by("due_date", "pk")
    )
    for follow_up in follow_ups:
        add_event(
            calendar,
            uid=uid("seguimiento", follow_up.pk),
            summary=f"Seguimiento: {follow_up.title}",
            stamp=follow_up.created_at,
            start=follow_up.due_date,
            description=f"{follow_up.company}. {follow_up.notes}".strip(),
            url=site_url(path_for("companies:detail", follow_up.company_id)),
        )
    return to_text(calendar)
