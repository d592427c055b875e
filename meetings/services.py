"""The park's monthly meeting cycle and what meetings leave behind."""

import calendar
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from companies.models import IndustrialPark
from companies.services import follow_up_complete, follow_up_create
from meetings.models import Agreement, Meeting
from omil_crm.workdays import next_working_day

MONTHLY_MEETING_LENGTH = timedelta(hours=2)


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


def schedule_monthly_meeting(*, park: IndustrialPark, month: date) -> tuple[Meeting, bool]:
    """Create the park's meeting for `month` unless it exists; safe to run any number of times.

    Returns the meeting and whether it was created now.
    """
    cycle_month = month.replace(day=1)
    existing = Meeting.objects.filter(park=park, kind=Meeting.Kind.MONTHLY, cycle_month=cycle_month)
    if meeting := existing.first():
        return meeting, False
    day = monthly_meeting_date(park=park, month=cycle_month)
    starts_at = timezone.make_aware(datetime.combine(day, park.meeting_time))
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
    """An agreement of a meeting; when it concerns a company it becomes a follow-up."""
    agreement = Agreement(
        meeting=meeting,
        description=description.strip(),
        responsible=responsible,
        due_date=due_date,
        company=company,
    )
    agreement.full_clean()
    agreement.save()
    if company is not None:
        agreement.follow_up = follow_up_create(
            company=company,
            title=f"Acuerdo de reunión: {agreement.description}"[:200],
            assigned_to=responsible,
            due_date=due_date,
            created_by=created_by,
            source=agreement,
        )
        agreement.save(update_fields=["follow_up"])
    return agreement


@transaction.atomic
def agreement_complete(*, agreement: Agreement, user) -> Agreement:
    """Mark an agreement fulfilled, and the follow-up it created done with it."""
    agreement.status = Agreement.Status.DONE
    agreement.save(update_fields=["status"])
    if agreement.follow_up is not None:
        follow_up_complete(follow_up=agreement.follow_up, user=user)
    return agreement


MONTH_NAMES = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
)


def _month_name(month: date) -> str:
    return f"{MONTH_NAMES[month.month - 1]} {month.year}"
