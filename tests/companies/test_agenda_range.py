"""The agenda by week, by month or over any range, with previous/next navigation; planning a
visit lands on the month that holds it, however far out."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from companies.models import Visit
from companies.services import visit_plan

SANTIAGO = ZoneInfo("America/Santiago")
# Thursday 3 December 2026: the Tuesday after is the Inmaculada Concepción.
NOW = datetime(2026, 12, 3, 10, 0, tzinfo=SANTIAGO)
AGENDA = reverse("companies:agenda")


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=SANTIAGO)


def days_shown(page: str) -> list[str]:
    parts = page.split('data-testid="agenda-day"')[1:]
    return [part.split("</section>", 1)[0] for part in parts]


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def logged_in(client, gestora):
    client.force_login(gestora)
    return client


@pytest.fixture
def plan(company, gestora):
    def make(moment: datetime, goal: str, staff=None) -> Visit:
        return visit_plan(
            company=company, staff=staff or gestora, planned_for=moment, next_step=goal
        )

    return make


# Week


def test_it_shows_the_week_of_the_date_asked_for(logged_in, plan):
    plan(at(date(2026, 12, 7)), "Lunes de la semana")
    plan(at(date(2026, 12, 13), 11), "Domingo de la semana")
    plan(at(date(2026, 12, 14)), "Lunes siguiente")

    page = logged_in.get(AGENDA, {"vista": "semana", "fecha": "2026-12-09"}).content.decode()

    assert "Semana del 7 de diciembre de 2026" in page
    assert "Lunes de la semana" in page
    assert "Domingo de la semana" in page
    assert "Lunes siguiente" not in page


def test_it_links_the_previous_and_the_next_week(logged_in):
    page = logged_in.get(AGENDA, {"vista": "semana", "fecha": "2026-12-09"}).content.decode()

    assert f'href="{AGENDA}?vista=semana&amp;fecha=2026-11-30"' in page
    assert f'href="{AGENDA}?vista=semana&amp;fecha=2026-12-14"' in page


# Month


def test_it_shows_a_whole_month_as_a_list_of_the_days_with_visits(logged_in, plan):
    plan(at(date(2026, 12, 4)), "Primera visita")
    plan(at(date(2026, 12, 31), 9), "Fin de año")
    plan(at(date(2027, 1, 4)), "Enero")

    page = logged_in.get(AGENDA, {"vista": "mes", "fecha": "2026-12-01"}).content.decode()

    assert "Diciembre de 2026" in page
    days = days_shown(page)
    assert len(days) == 2
    assert "Primera visita" in days[0]
    assert "Fin de año" in days[1]
    assert "Enero" not in page


def test_it_links_the_previous_and_the_next_month(logged_in):
    page = logged_in.get(AGENDA, {"vista": "mes", "fecha": "2026-12-15"}).content.decode()

    assert f'href="{AGENDA}?vista=mes&amp;fecha=2026-11-01"' in page
    assert f'href="{AGENDA}?vista=mes&amp;fecha=2027-01-01"' in page


def test_it_names_the_holiday_of_a_day_with_visits(logged_in, plan):
    plan(at(date(2026, 12, 8)), "Visita en feriado")

    page = logged_in.get(AGENDA, {"vista": "mes", "fecha": "2026-12-01"}).content.decode()

    assert "Feriado: La Inmaculada Concepción" in days_shown(page)[0]


def test_a_month_costs_the_same_queries_with_1_or_20_visits(
    logged_in, plan, django_assert_max_num_queries
):
    plan(at(date(2026, 12, 4)), "Una")
    with django_assert_max_num_queries(12) as with_one:
        logged_in.get(AGENDA, {"vista": "mes", "fecha": "2026-12-01", "equipo": "1"})
    for day in range(10, 30):
        plan(at(date(2026, 12, day), 9), f"Visita {day}")

    with django_assert_max_num_queries(len(with_one)):
        response = logged_in.get(AGENDA, {"vista": "mes", "fecha": "2026-12-01", "equipo": "1"})

    assert len(days_shown(response.content.decode())) == 21


# Any range


def test_it_shows_any_range_of_days(logged_in, plan):
    plan(at(date(2026, 12, 9)), "Dentro del rango")
    plan(at(date(2026, 12, 22)), "Fuera del rango")

    page = logged_in.get(AGENDA, {"desde": "2026-12-07", "hasta": "2026-12-20"}).content.decode()

    assert "Del 07-12-2026 al 20-12-2026" in page
    assert "Dentro del rango" in page
    assert "Fuera del rango" not in page
    # The next range has the same length and starts the day after.
    assert "desde=2026-12-21&amp;hasta=2027-01-03" in page


def test_it_refuses_a_range_longer_than_three_months_with_a_message(logged_in, plan):
    plan(at(date(2026, 12, 4)), "Visita de mañana")

    response = logged_in.get(AGENDA, {"desde": "2026-01-01", "hasta": "2026-12-31"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "El rango puede abarcar hasta 93 días" in page
    assert "Próximos 14 días" in page
    assert "Visita de mañana" in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"desde": "2026-12-20", "hasta": "2026-12-01"}, "debe ser igual o posterior"),
        ({"desde": "2026-13-01", "hasta": "2026-12-31"}, "La fecha «desde» no es válida"),
        ({"desde": "2026-12-01"}, "indique «desde» y «hasta»"),
        ({"vista": "mes", "fecha": "9999-01-01"}, "entre los años 2000 y 2100"),
        ({"vista": "anio"}, "Elija una vista"),
    ],
)
def test_it_explains_a_range_it_cannot_show(logged_in, query, message):
    response = logged_in.get(AGENDA, query)

    assert response.status_code == 200
    assert message in response.content.decode().split('data-testid="range-error"', 1)[1]


def test_it_keeps_the_team_agenda_while_moving(logged_in, plan, encargado):
    plan(at(date(2026, 12, 16)), "Visita del encargado", staff=encargado)

    page = logged_in.get(
        AGENDA, {"vista": "mes", "fecha": "2026-12-01", "equipo": "1"}
    ).content.decode()

    assert "Visita del encargado" in page
    assert "vista=mes&amp;fecha=2027-01-01&amp;equipo=1" in page


def test_my_agenda_leaves_out_the_teams_visits(logged_in, plan, encargado):
    plan(at(date(2026, 12, 16)), "Visita del encargado", staff=encargado)

    page = logged_in.get(AGENDA, {"vista": "mes", "fecha": "2026-12-01"}).content.decode()

    assert "Visita del encargado" not in page


# Overdue visits


def test_visits_left_planned_on_a_past_day_show_while_the_span_includes_today(
    logged_in, company, gestora
):
    Visit.objects.create(
        company=company,
        staff=gestora,
        status=Visit.Status.PLANNED,
        planned_for=at(date(2026, 11, 20)),
        next_step="Visita olvidada",
    )

    this_week = logged_in.get(AGENDA, {"vista": "semana"}).content.decode()
    next_month = logged_in.get(AGENDA, {"vista": "mes", "fecha": "2027-01-01"}).content.decode()

    assert "Visita olvidada" in this_week.split('data-testid="agenda-overdue"', 1)[1]
    assert "Visita olvidada" not in next_month


# Planning lands on the view that shows the visit


def plan_four_weeks_out(client, company, staff) -> tuple:
    company.visiting_weekdays = "01234"
    company.save()
    moment = at(date(2026, 12, 31), 10)
    response = client.post(
        reverse("companies:visit_plan", args=[company.pk]),
        {
            "kind": "field",
            "planned_for": "2026-12-31T10:00",
            "staff": staff.pk,
            "next_step": "Presentar a las candidatas del taller",
        },
    )
    return response, moment


def test_planning_four_weeks_out_lands_on_the_month_that_shows_the_visit(
    logged_in, company, gestora
):
    response, _ = plan_four_weeks_out(logged_in, company, gestora)

    assert response.status_code == 302
    assert response["Location"] == f"{AGENDA}?vista=mes&fecha=2026-12-01"
    page = logged_in.get(response["Location"]).content.decode()
    assert "Presentar a las candidatas del taller" in page
    assert "jueves 31 de diciembre" in page


def test_planning_for_a_colleague_lands_on_the_teams_month(logged_in, company, encargado):
    response, _ = plan_four_weeks_out(logged_in, company, encargado)

    assert response["Location"] == f"{AGENDA}?vista=mes&fecha=2026-12-01&equipo=1"
    page = logged_in.get(response["Location"]).content.decode()
    assert "Presentar a las candidatas del taller" in page


# Who sees the agenda


def test_the_administrativa_sees_the_teams_agenda(client, administrativa, plan):
    plan(at(date(2026, 12, 16)), "Visita de la gestora")
    client.force_login(administrativa)

    page = client.get(AGENDA, {"vista": "mes"}).content.decode()

    assert "Visita de la gestora" in page
    assert "Reprogramar o cancelar" not in page


def test_the_psicologa_has_no_agenda(client, psicologa):
    client.force_login(psicologa)

    assert client.get(AGENDA, {"vista": "mes"}).status_code == 403
