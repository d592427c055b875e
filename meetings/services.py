"""The park's monthly meeting cycle, meetings made by hand, attendance, agreements and the
reminders that go to the people invited."""

import calendar
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from companies.models import IndustrialPark
from companies.services import follow_up_complete, follow_up_create
from meetings.calendar import meeting_ics
from meetings.models import Agreement, Attendance, Meeting
from meetings.sections import meeting_sections
from omil_crm.accounts.roles import person_name
from omil_crm.base.notifications import notify
from omil_crm.base.periods import MONTH_NAMES
from omil_crm.base.reminder_emails import reminder_email_create, site_url
from omil_crm.base.workdays import next_working_day

MONTHLY_MEETING_LENGTH = timedelta(hours=2)
# Reminders go this many days before a meeting, at the digest hour; the nearest one due wins.
REMINDER_DAYS = (7, 1)


def monthly_meeting_date(*, park: IndustrialPark, month: date) -> date:
    """The day the park's rule gives for `month`, moved to the next working day when it
    falls on a Chilean public holiday."""
    days = [
        day
        for day in calendar.Calendar().itermonthdates(month.year, month.month)
        if day.month == month.month and day.weekday() == park.meeting_weekday
    ]
    chosen = days[-1] if park.meeting_week == -1 else days[min(park.meeting_week, len(days)) - 1]
    return next_working_day(chosen)


def monthly_meeting_start(*, park: IndustrialPark, month: date) -> datetime:
    day = monthly_meeting_date(park=park, month=month)
    return timezone.make_aware(datetime.combine(day, park.meeting_time))


def schedule_monthly_meeting(*, park: IndustrialPark, month: date) -> tuple[Meeting, bool]:
    """Create the park's meeting for `month` unless it exists; safe to run any number of times.

    Returns the meeting and whether it was created now.
    """
    cycle_month = month.replace(day=1)
    existing = Meeting.objects.filter(park=park, kind=Meeting.Kind.MONTHLY, cycle_month=cycle_month)
    if meeting := existing.first():
        return meeting, False
    starts_at = monthly_meeting_start(park=park, month=cycle_month)
    try:
        with transaction.atomic():
            meeting = Meeting.objects.create(
                park=park,
                kind=Meeting.Kind.MONTHLY,
                title=f"Reunión mensual {park.name} — {_month_name(cycle_month)}",
                cycle_month=cycle_month,
                starts_at=starts_at,
                ends_at=starts_at + MONTHLY_MEETING_LENGTH,
                place=park.meeting_place,
            )
    except IntegrityError:
        # Another scheduler created it in the meantime: the unique constraint decided.
        return existing.get(), False
    return meeting, True


def _next_month(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


@transaction.atomic
def schedule_next_meeting(
    *, park: IndustrialPark, today: date | None = None
) -> tuple[Meeting | None, bool]:
    """Make sure the park's next monthly meeting exists: this month's if its day has not
    passed yet, otherwise next month's. New meetings invite the park's Gestora and
    representative. Returns the meeting and whether it was created now."""
    today = today or timezone.localdate()
    this_month = today.replace(day=1)
    next_month = _next_month(this_month)
    # A third month only matters when next month's meeting was moved by hand into the past.
    for candidate in (this_month, next_month, _next_month(next_month)):
        existing = Meeting.objects.filter(
            park=park, kind=Meeting.Kind.MONTHLY, cycle_month=candidate
        ).first()
        if existing is not None:
            if timezone.localdate(existing.starts_at) >= today:
                return existing, False
            continue
        if monthly_meeting_date(park=park, month=candidate) < today:
            continue
        meeting, created = schedule_monthly_meeting(park=park, month=candidate)
        if created:
            attendance_invite(
                meeting=meeting,
                contacts=[park.representative] if park.representative else [],
                staff=[park.gestora] if park.gestora else [],
            )
        return meeting, created
    return None, False


def schedule_next_meetings(*, today: date | None = None) -> str:
    """The beat job: every park's next monthly meeting, created once."""
    created = []
    for park in IndustrialPark.objects.select_related("representative", "gestora"):
        meeting, is_new = schedule_next_meeting(park=park, today=today)
        if is_new:
            created.append(meeting)
    if not created:
        return "Todas las próximas reuniones mensuales ya estaban creadas."
    return "Creadas: " + "; ".join(
        f"{meeting.title} ({timezone.localtime(meeting.starts_at):%d-%m-%Y %H:%M})"
        for meeting in created
    )


def _check_times(starts_at: datetime, ends_at: datetime) -> None:
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": "El término debe ser posterior al inicio."})


@transaction.atomic
def meeting_create(
    *,
    kind: str,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    created_by,
    park: IndustrialPark | None = None,
    place: str = "",
    agenda: str = "",
) -> Meeting:
    """A meeting made by hand (a business breakfast, a visit from SENCE…). Monthly park
    meetings come only from the park's rule. The person who creates it is invited."""
    if kind == Meeting.Kind.MONTHLY:
        raise ValidationError(
            {"kind": "Las reuniones mensuales del parque se crean solas según su regla."}
        )
    _check_times(starts_at, ends_at)
    if starts_at < timezone.now() - timedelta(days=365):
        raise ValidationError({"starts_at": "La fecha es de hace más de un año; revísela."})
    meeting = Meeting(
        kind=kind,
        title=title.strip(),
        park=park,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place.strip() or (park.meeting_place if park else ""),
        agenda=agenda.strip(),
        created_by=created_by,
    )
    meeting.full_clean()
    meeting.save()
    attendance_invite(meeting=meeting, staff=[created_by])
    return meeting


CALENDAR_FIELDS = ("starts_at", "ends_at", "place", "status", "title")


@transaction.atomic
def meeting_update(*, meeting: Meeting, acting_user, **changes) -> Meeting:
    """Change a meeting's data, agenda, minutes or status. A change calendars care about
    (date, place, title, cancellation) raises the event's version, so subscribed calendars
    and new reminders carry the new date."""
    allowed = {"title", "starts_at", "ends_at", "place", "status", "agenda", "minutes"}
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    before = {name: getattr(meeting, name) for name in CALENDAR_FIELDS}
    for name, value in changes.items():
        setattr(meeting, name, value.strip() if isinstance(value, str) else value)
    _check_times(meeting.starts_at, meeting.ends_at)
    if meeting.status == Meeting.Status.HELD and meeting.starts_at > timezone.now():
        raise ValidationError(
            {"status": "Una reunión que aún no empieza no puede quedar como realizada."}
        )
    if any(getattr(meeting, name) != value for name, value in before.items()):
        meeting.sequence += 1
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def park_meeting_rule_update(
    *, park: IndustrialPark, week: int, weekday: int, meeting_time: time, place: str, acting_user
) -> list[Meeting]:
    """Change the park's monthly meeting rule and move the upcoming monthly meetings that are
    still only scheduled to the new day and hour. Returns the meetings moved."""
    park.meeting_week = week
    park.meeting_weekday = weekday
    park.meeting_time = meeting_time
    park.meeting_place = place.strip()
    park.full_clean()
    park.save(update_fields=["meeting_week", "meeting_weekday", "meeting_time", "meeting_place"])
    moved = []
    upcoming = Meeting.objects.filter(
        park=park,
        kind=Meeting.Kind.MONTHLY,
        status=Meeting.Status.SCHEDULED,
        starts_at__gt=timezone.now(),
    )
    for meeting in upcoming:
        starts_at = monthly_meeting_start(park=park, month=meeting.cycle_month)
        if starts_at <= timezone.now():
            # The new rule's day for that month has passed: keep the date already announced.
            continue
        length = meeting.ends_at - meeting.starts_at
        moved.append(
            meeting_update(
                meeting=meeting,
                acting_user=acting_user,
                starts_at=starts_at,
                ends_at=starts_at + length,
                place=park.meeting_place or meeting.place,
            )
        )
    return moved


@transaction.atomic
def attendance_invite(*, meeting: Meeting, contacts=(), staff=()) -> int:
    """Invite company contacts and staff; someone already invited is left as is."""
    created = 0
    for contact in contacts:
        _, is_new = Attendance.objects.get_or_create(meeting=meeting, contact=contact)
        created += is_new
    for user in staff:
        _, is_new = Attendance.objects.get_or_create(meeting=meeting, staff=user)
        created += is_new
    return created


@transaction.atomic
def attendance_record(*, meeting: Meeting, present: set[int]) -> int:
    """Mark who attended: the invitations whose ids are in `present`, and nobody else.
    Returns how many attended."""
    invitations = Attendance.objects.filter(meeting=meeting)
    invitations.filter(pk__in=present).update(attended=True)
    invitations.exclude(pk__in=present).update(attended=False)
    return invitations.filter(attended=True).count()


def attendance_remove(*, attendance: Attendance) -> None:
    if attendance.attended:
        raise ValidationError("No se puede quitar a alguien que asistió; desmarque su asistencia.")
    attendance.delete()


@transaction.atomic
def agreement_create(
    *,
    meeting: Meeting,
    description: str,
    responsible,
    due_date: date,
    company=None,
    created_by=None,
) -> Agreement:
    """An agreement of a meeting, which becomes a follow-up for its responsible.

    The follow-up hangs on the company concerned; an agreement of the whole park hangs on the
    company of the park's representative, who speaks for it. Someone made responsible by
    another person is notified.
    """
    agreement = Agreement(
        meeting=meeting,
        description=description.strip(),
        responsible=responsible,
        due_date=due_date,
        company=company,
    )
    agreement.full_clean()
    agreement.save()
    follow_up_company = company
    if follow_up_company is None and meeting.park and meeting.park.representative:
        follow_up_company = meeting.park.representative.company
    if follow_up_company is not None:
        agreement.follow_up = follow_up_create(
            company=follow_up_company,
            title=f"Acuerdo de reunión: {agreement.description}"[:200],
            assigned_to=responsible,
            due_date=due_date,
            created_by=created_by,
            source=agreement,
        )
        agreement.save(update_fields=["follow_up"])
    if created_by is not None and created_by != responsible:
        notify(
            recipient=responsible,
            kind="agreement_assigned",
            key=f"agreement_assigned:{responsible.pk}:{agreement.pk}",
            title=f"Acuerdo a su cargo: {agreement.description}"[:200],
            body=f"De «{meeting.title}», para el {due_date:%d-%m-%Y}.",
            url=reverse("meetings:detail", args=[meeting.pk]),
            subject=agreement,
        )
    return agreement


@transaction.atomic
def agreement_complete(*, agreement: Agreement, user) -> Agreement:
    """Mark an agreement fulfilled, and the follow-up it created done with it."""
    agreement.status = Agreement.Status.DONE
    agreement.save(update_fields=["status"])
    if agreement.follow_up is not None:
        follow_up_complete(follow_up=agreement.follow_up, user=user)
    return agreement


def reminder_due(*, meeting: Meeting, now: datetime) -> int | None:
    """Which reminder (days before) is due for the meeting at `now`, if any.

    A reminder is due from the digest hour of its day; when a meeting is created late, only
    the nearest reminder goes out (a meeting set up for tomorrow gets the one-day reminder).
    """
    today = timezone.localdate(now)
    days_left = (timezone.localdate(meeting.starts_at) - today).days
    past_hour = timezone.localtime(now).hour >= settings.DIGEST_HOUR
    due = [days for days in REMINDER_DAYS if days_left < days or (days_left == days and past_hour)]
    return min(due) if due else None


def _reminder_title(meeting: Meeting, days: int, day: date) -> str:
    when = "mañana" if days == 1 else f"el {day:%d-%m-%Y}"
    return f"Recordatorio: {meeting.title}, {when}"[:200]


def meeting_remind(*, meeting: Meeting, days: int) -> int:
    """Remind every person invited to the meeting: staff in the app and by email, company
    contacts by email, each with the .ics attached. Each (person, meeting, reminder, date) is
    reminded once. Returns how many people were reminded now."""
    day = timezone.localdate(meeting.starts_at)
    prefix = f"meeting_reminder:{meeting.pk}:{days}:{day.isoformat()}"
    ics = meeting_ics(meeting)
    url = reverse("meetings:detail", args=[meeting.pk])
    title = _reminder_title(meeting, days, day)
    where = f", {meeting.place}" if meeting.place else ""
    # Built once for every person reminded (the park's balance of a monthly meeting).
    sections = meeting_sections(meeting)
    reminded = 0
    for attendance in meeting.attendances.select_related("contact__company", "staff"):
        user, contact = attendance.staff, attendance.contact
        if user is not None and not user.is_active:
            continue
        if contact is not None and not contact.is_active:
            continue
        key = f"{prefix}:u{user.pk}" if user else f"{prefix}:c{contact.pk}"
        with transaction.atomic():
            notified = user is not None and notify(
                recipient=user,
                kind="meeting_reminder",
                key=key,
                title=title,
                body=f"{timezone.localtime(meeting.starts_at):%d-%m-%Y %H:%M}{where}",
                url=url,
                subject=meeting,
            )
            emailed = reminder_email_create(
                key=key,
                kind="meeting_reminder",
                to_email=user.email if user else contact.email,
                recipient=user,
                template="meeting_reminder",
                context={
                    "meeting": meeting,
                    "days": days,
                    "name": person_name(user) if user else contact.name,
                    # Company contacts do not log in: no link to the app for them.
                    "meeting_url": site_url(url) if user else "",
                    "sections": sections,
                    "staff": user is not None,
                },
                ics=ics,
                send_until=meeting.starts_at,
            )
        reminded += bool(notified or emailed)
    return reminded


def send_meeting_reminders(*, now: datetime | None = None) -> str:
    """The beat job: the reminders due now for the scheduled meetings of the next week."""
    now = now or timezone.now()
    horizon = timezone.make_aware(
        datetime.combine(timezone.localdate(now) + timedelta(days=max(REMINDER_DAYS) + 1), time())
    )
    meetings = Meeting.objects.filter(
        status=Meeting.Status.SCHEDULED, starts_at__gt=now, starts_at__lt=horizon
    ).select_related("park")
    sent = 0
    for meeting in meetings:
        days = reminder_due(meeting=meeting, now=now)
        if days is not None:
            sent += meeting_remind(meeting=meeting, days=days)
    return f"{sent} recordatorios de reunión."


def _month_name(month: date) -> str:
    return f"{MONTH_NAMES[month.month - 1]} {month.year}"
