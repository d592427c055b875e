"""The database marks a rolled-up month for a recount whatever writes to it, row by row or
in one bulk statement, and marks each month once however many rows the statement holds."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone
from stdnum.cl.rut import calc_check_digit

from companies.models import Company, IndustrialPark, Visit
from omil_crm.models import RollupDirtyMonth
from vacancies.models import Vacancy

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Los resúmenes del panel y sus disparadores son de PostgreSQL; esta base es SQLite.",
)
SANTIAGO = ZoneInfo("America/Santiago")
EVERYTHING = date(1, 1, 1)  # the mark that sends every month back to a recount


def company(number: int, park=None) -> Company:
    rut = 76100000 + number
    return Company.objects.create(
        rut=f"{rut}-{calc_check_digit(str(rut))}",
        legal_name=f"Maestranza Concón {number}",
        park=park,
    )


def at(day: date) -> datetime:
    return datetime.combine(day, time(20, 30), tzinfo=SANTIAGO)


def marked() -> list[date]:
    return list(RollupDirtyMonth.objects.order_by("month").values_list("month", flat=True))


@pytest.fixture
def gestora(db):
    return get_user_model().objects.create_user("gestora.triggers", first_name="Carolina")


def test_a_bulk_import_marks_each_past_month_once(gestora):
    maestranza = company(1)
    days = [date(2025, 3, 4), date(2025, 3, 28), date(2025, 7, 1), date(2025, 7, 31)]
    visits = [
        Visit(company=maestranza, staff=gestora, status=Visit.Status.DONE, happened_at=at(day))
        for day in days * 300
    ]
    # Today's rows are counted live: they mark nothing.
    today = timezone.localdate()
    visits.append(Visit(company=maestranza, staff=gestora, happened_at=at(today)))
    Visit.objects.bulk_create(visits)
    # 20:30 in Santiago on July 31 is August 1 in UTC: the month is Santiago's.
    assert marked() == [date(2025, 3, 1), date(2025, 7, 1)]


def test_a_day_before_today_marks_its_month_even_in_progress(gestora):
    """The job rolls up the month in progress up to the day before yesterday: a visit logged
    for yesterday sends that month back to a live count, as for a sealed month."""
    yesterday = timezone.localdate() - timedelta(days=1)
    Visit.objects.create(
        company=company(9), staff=gestora, status=Visit.Status.DONE, happened_at=at(yesterday)
    )
    assert marked() == [yesterday.replace(day=1)]


def test_a_day_after_today_marks_the_month_in_progress_but_not_a_later_month(gestora):
    """The job rolls up the month in progress again from two days after today (rows dated
    ahead: a vacancy opening next week): a write to a day after today sends the month back
    to a live count. Today's rows and later months' are held by no roll-up: no mark."""
    today = timezone.localdate()
    tomorrow = today + timedelta(days=1)
    next_month = (today.replace(day=28) + timedelta(days=4)).replace(day=1)
    maestranza = company(10)
    for opened_on in (today, next_month, tomorrow):
        Vacancy.objects.create(
            company=maestranza, title="Soldador", opened_on=opened_on, captured_by=gestora
        )
    # On a month's last day, tomorrow is the next month's first day.
    assert marked() == ([today.replace(day=1)] if tomorrow < next_month else [])


def test_a_bulk_update_marks_the_months_rows_leave_and_reach(gestora):
    maestranza = company(2)
    Visit.objects.bulk_create(
        Visit(company=maestranza, staff=gestora, happened_at=at(date(2025, 5, day)))
        for day in range(1, 21)
    )
    RollupDirtyMonth.objects.all().delete()
    Visit.objects.filter(company=maestranza).update(happened_at=at(date(2025, 9, 10)))
    assert marked() == [date(2025, 5, 1), date(2025, 9, 1)]


def test_a_bulk_delete_marks_the_months_of_the_deleted_rows(gestora):
    maestranza = company(3)
    Vacancy.objects.bulk_create(
        Vacancy(
            company=maestranza,
            title="Soldador",
            opened_on=date(2024, month, 10),
            captured_by=gestora,
        )
        for month in (2, 2, 11)
    )
    RollupDirtyMonth.objects.all().delete()
    Vacancy.objects.filter(company=maestranza).delete()
    assert marked() == [date(2024, 2, 1), date(2024, 11, 1)]


def test_moving_vacancies_to_another_company_sends_everything_to_a_recount(gestora):
    first, second = company(4), company(5)
    Vacancy.objects.create(
        company=first, title="Bodeguero", opened_on=date(2024, 6, 3), captured_by=gestora
    )
    RollupDirtyMonth.objects.all().delete()
    Vacancy.objects.filter(company=first).update(title="Bodeguero con licencia")
    assert marked() == [date(2024, 6, 1)]

    RollupDirtyMonth.objects.all().delete()
    Vacancy.objects.filter(company=first).update(company=second)
    assert marked() == [EVERYTHING, date(2024, 6, 1)]


def test_only_a_change_of_park_sends_every_month_to_a_recount(db):
    gulmue = IndustrialPark.objects.create(name="Parque Industrial Gulmué", comuna="05103")
    companies = [company(number, gulmue) for number in range(6, 9)]
    Company.objects.filter(pk__in=[c.pk for c in companies]).update(legal_name="Renombrada")
    assert marked() == []
    Company.objects.filter(pk=companies[0].pk).update(park=None)
    assert marked() == [EVERYTHING]
