"""Planning a visit on a Chilean public holiday or a weekend asks for a confirmation that
names the day; it is never accepted silently."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from companies.models import Visit
from omil_crm.base.workdays import day_off_warning

SANTIAGO = ZoneInfo("America/Santiago")
NOW = datetime(2026, 12, 3, 10, 0, tzinfo=SANTIAGO)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def any_day_company(company):
    # Receives visits every day at any hour: only the calendar can warn.
    company.visiting_weekdays = "0123456"
    company.save()
    return company


@pytest.fixture
def logged_in(client, gestora):
    client.force_login(gestora)
    return client


def plan(client, company, staff, moment: str, **extra):
    data = {"kind": "field", "planned_for": moment, "staff": staff.pk, "next_step": "Visita"}
    return client.post(reverse("companies:visit_plan", args=[company.pk]), {**data, **extra})


def warning_of(response) -> str:
    return response.content.decode().split('data-testid="hours-warning"', 1)[1].split("</div>")[0]


def test_it_warns_that_8_december_is_a_holiday_and_saves_nothing(
    logged_in, any_day_company, gestora
):
    response = plan(logged_in, any_day_company, gestora, "2026-12-08T10:00")

    assert response.status_code == 200
    assert "El 8 de diciembre es feriado: La Inmaculada Concepción." in warning_of(response)
    assert 'name="confirm_day_off"' in response.content.decode()
    assert not Visit.objects.exists()


def test_it_warns_about_a_saturday(logged_in, any_day_company, gestora):
    response = plan(logged_in, any_day_company, gestora, "2026-12-12T10:00")

    assert "El sábado 12 de diciembre es fin de semana." in warning_of(response)
    assert not Visit.objects.exists()


def test_it_plans_on_a_holiday_once_confirmed(logged_in, any_day_company, gestora):
    response = plan(logged_in, any_day_company, gestora, "2026-12-08T10:00", confirm_day_off="on")

    assert response.status_code == 302
    assert Visit.objects.get().planned_for == datetime(2026, 12, 8, 10, 0, tzinfo=SANTIAGO)


def test_confirming_the_hours_does_not_accept_the_holiday(logged_in, company, gestora):
    company.visiting_weekdays = "01234"
    company.visiting_from, company.visiting_until = time(9, 0), time(17, 0)
    company.save()

    response = plan(logged_in, company, gestora, "2026-12-08T20:00", confirm_outside_hours="on")

    assert response.status_code == 200
    assert "es feriado" in warning_of(response)
    assert not Visit.objects.exists()


def test_a_working_day_plans_without_a_warning(logged_in, any_day_company, gestora):
    response = plan(logged_in, any_day_company, gestora, "2026-12-09T10:00")

    assert response.status_code == 302
    assert Visit.objects.count() == 1


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime(2026, 12, 25).date(), "El 25 de diciembre es feriado: Navidad."),
        (datetime(2026, 12, 13).date(), "El domingo 13 de diciembre es fin de semana."),
        (datetime(2026, 12, 9).date(), None),
    ],
)
def test_the_warning_names_the_day(day, expected):
    assert day_off_warning(day) == expected


def test_a_date_years_ahead_is_refused_as_a_typing_mistake(logged_in, any_day_company, gestora):
    response = plan(logged_in, any_day_company, gestora, "9999-12-31T10:00", confirm_day_off="on")

    assert response.status_code == 200
    assert "Las visitas se planifican hasta dos años adelante" in response.content.decode()
    assert not Visit.objects.exists()
