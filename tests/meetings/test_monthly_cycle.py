from datetime import date, time

import pytest
from django.db import IntegrityError
from django.utils import timezone

from companies.models import Weekday, WeekOfMonth
from meetings.models import Meeting
from meetings.services import agreement_create, monthly_meeting_date, schedule_monthly_meeting


@pytest.mark.django_db
def test_the_second_wednesday_rule(park):
    assert monthly_meeting_date(park=park, month=date(2026, 12, 1)) == date(2026, 12, 9)


@pytest.mark.django_db
def test_a_meeting_on_a_holiday_moves_to_the_next_working_day(park):
    # The second Wednesday of December 2027 is 8 December, la Inmaculada Concepción.
    assert monthly_meeting_date(park=park, month=date(2027, 12, 1)) == date(2027, 12, 9)


@pytest.mark.django_db
def test_the_last_friday_rule(park):
    park.meeting_week = WeekOfMonth.LAST
    park.meeting_weekday = Weekday.FRIDAY

    assert monthly_meeting_date(park=park, month=date(2026, 7, 1)) == date(2026, 7, 31)


@pytest.mark.django_db
def test_scheduling_twice_creates_one_meeting(park):
    first, created = schedule_monthly_meeting(park=park, month=date(2026, 12, 1))
    second, created_again = schedule_monthly_meeting(park=park, month=date(2026, 12, 20))

    assert (created, created_again) == (True, False)
    assert first == second
    assert timezone.localtime(first.starts_at).time() == time(9, 0)
    assert Meeting.objects.count() == 1


@pytest.mark.django_db
def test_the_database_refuses_a_second_monthly_meeting(park):
    meeting, _ = schedule_monthly_meeting(park=park, month=date(2026, 12, 1))

    with pytest.raises(IntegrityError):
        Meeting.objects.create(
            park=park,
            kind=Meeting.Kind.MONTHLY,
            title="Otra",
            cycle_month=date(2026, 12, 1),
            starts_at=meeting.starts_at,
            ends_at=meeting.ends_at,
        )


@pytest.mark.django_db
def test_an_agreement_about_a_company_becomes_a_follow_up(park, company, gestora):
    meeting, _ = schedule_monthly_meeting(park=park, month=date(2026, 12, 1))

    agreement = agreement_create(
        meeting=meeting,
        description="Gestionar luminarias",
        responsible=gestora,
        due_date=date(2026, 12, 30),
        company=company,
    )

    assert agreement.follow_up.assigned_to == gestora
    assert agreement.follow_up.source == agreement
    assert agreement.follow_up.due_date == date(2026, 12, 30)
