"""Planning visits within the company's hours, the agenda, and doing or cancelling a visit."""

from datetime import date, datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from companies.models import Company, Visit
from companies.services import visit_plan
from omil_crm.base.workdays import is_working_day

AGENDA = reverse("companies:agenda")
SUNDAY = 6


def next_day(weekdays, after=None) -> date:
    """The first day after `after` (today by default) whose weekday is in `weekdays`, other
    than a public holiday on a weekday (planning on one asks for confirmation)."""
    day = (after or timezone.localdate()) + timedelta(days=1)
    while day.weekday() not in weekdays or (day.weekday() < 5 and not is_working_day(day)):
        day += timedelta(days=1)
    return day


def at(day, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def as_input(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def plan_url(company) -> str:
    return reverse("companies:visit_plan", args=[company.pk])


def plan_data(moment: datetime, staff, **overrides) -> dict:
    data = {
        "kind": "field",
        "planned_for": as_input(moment),
        "staff": staff.pk,
        "next_step": "Presentar la bolsa de empleo",
    }
    data.update(overrides)
    return data


def sections(page: str, testid: str) -> list[str]:
    parts = page.split(f'data-testid="{testid}"')[1:]
    return [part.split("</section>", 1)[0] for part in parts]


@pytest.fixture
def office_hours(company):
    """Monday to Friday, 09:00 to 17:00."""
    company.visiting_weekdays = "01234"
    company.visiting_from, company.visiting_until = time(9, 0), time(17, 0)
    company.save()
    return company


@pytest.fixture
def logged_in(client, gestora):
    client.force_login(gestora)
    return client


# Planning


def test_a_visit_within_the_hours_is_planned_and_leads_to_the_agenda(
    logged_in, office_hours, gestora
):
    moment = at(next_day(range(5)), 10)

    response = logged_in.post(plan_url(office_hours), plan_data(moment, gestora))

    assert response.status_code == 302
    assert response["Location"] == f"{AGENDA}?vista=mes&fecha={moment.date().replace(day=1)}"
    visit = Visit.objects.get()
    assert (visit.status, visit.planned_for, visit.staff, visit.happened_at) == (
        Visit.Status.PLANNED,
        moment,
        gestora,
        None,
    )


def test_a_visit_on_a_sunday_shows_the_hours_and_saves_nothing(logged_in, office_hours, gestora):
    response = logged_in.post(
        plan_url(office_hours), plan_data(at(next_day([SUNDAY]), 10), gestora)
    )

    assert response.status_code == 200
    warning = response.content.decode().split('data-testid="hours-warning"', 1)[1]
    assert "recibe visitas lunes a viernes, de 09:00 a 17:00" in warning
    assert 'name="confirm_outside_hours"' in response.content.decode()
    assert not Visit.objects.exists()


def test_a_visit_after_closing_time_shows_the_hours_and_saves_nothing(
    logged_in, office_hours, gestora
):
    response = logged_in.post(
        plan_url(office_hours), plan_data(at(next_day(range(5)), 20), gestora)
    )

    assert response.status_code == 200
    assert "recibe visitas" in response.content.decode().split('data-testid="hours-warning"')[1]
    assert not Visit.objects.exists()


def test_a_visit_outside_the_hours_is_planned_once_confirmed(logged_in, office_hours, gestora):
    moment = at(next_day([SUNDAY]), 10)

    response = logged_in.post(
        plan_url(office_hours),
        plan_data(moment, gestora, confirm_outside_hours="on", confirm_day_off="on"),
    )

    assert response.status_code == 302
    assert Visit.objects.get().planned_for == moment


def test_a_visit_on_a_past_day_is_refused(logged_in, company, gestora):
    company.visiting_weekdays = "0123456"
    company.save()
    yesterday = at(timezone.localdate() - timedelta(days=1), 12)

    response = logged_in.post(
        plan_url(company), plan_data(yesterday, gestora, confirm_outside_hours="on")
    )

    assert response.status_code == 200
    assert "No se puede planificar una visita para un día pasado." in response.content.decode()
    assert not Visit.objects.exists()


def test_a_visit_may_be_planned_for_a_colleague(logged_in, office_hours, encargado):
    logged_in.post(plan_url(office_hours), plan_data(at(next_day(range(5)), 10), encargado))

    assert Visit.objects.get().staff == encargado


def test_the_psicologa_may_not_plan_a_visit(client, psicologa, office_hours, gestora):
    client.force_login(psicologa)

    response = client.post(plan_url(office_hours), plan_data(at(next_day(range(5)), 10), gestora))

    assert response.status_code == 403
    assert not Visit.objects.exists()


# The agenda


@pytest.fixture
def two_agendas(office_hours, gestora, encargado):
    day = next_day(range(5))
    mine = visit_plan(
        company=office_hours, staff=gestora, planned_for=at(day, 10), next_step="Objetivo mío"
    )
    theirs = visit_plan(
        company=office_hours, staff=encargado, planned_for=at(day, 11), next_step="Objetivo ajeno"
    )
    return mine, theirs


def test_the_agenda_shows_only_my_visits_by_default(logged_in, two_agendas):
    page = logged_in.get(AGENDA).content.decode()

    assert "Objetivo mío" in page
    assert "Objetivo ajeno" not in page


def test_the_team_agenda_shows_everyones_visits(logged_in, two_agendas):
    page = logged_in.get(AGENDA, {"equipo": "1"}).content.decode()

    assert "Objetivo mío" in page
    assert "Objetivo ajeno" in page


def test_the_agenda_groups_visits_by_day(logged_in, office_hours, gestora):
    first = next_day(range(5))
    second = next_day(range(5), after=first)
    for moment, goal in [(at(first, 15), "B"), (at(first, 9, 30), "A"), (at(second, 10), "C")]:
        visit_plan(
            company=office_hours, staff=gestora, planned_for=moment, next_step=f"Objetivo {goal}"
        )

    days = sections(logged_in.get(AGENDA).content.decode(), "agenda-day")

    assert len(days) == 2
    assert days[0].index("Objetivo A") < days[0].index("Objetivo B")
    assert "Objetivo C" not in days[0]
    assert "Objetivo C" in days[1]


def test_a_visit_outside_the_hours_is_marked_in_the_agenda(logged_in, office_hours, gestora):
    visit_plan(company=office_hours, staff=gestora, planned_for=at(next_day([SUNDAY]), 10))

    assert "Fuera de horario" in logged_in.get(AGENDA).content.decode()


def test_a_visit_within_the_hours_is_not_marked(logged_in, office_hours, gestora):
    visit_plan(company=office_hours, staff=gestora, planned_for=at(next_day(range(5)), 10))

    page = logged_in.get(AGENDA).content.decode()

    assert len(sections(page, "agenda-day")) == 1
    assert "Fuera de horario" not in page


# Doing and cancelling a planned visit


@pytest.fixture
def planned(office_hours, gestora):
    return visit_plan(
        company=office_hours,
        staff=gestora,
        planned_for=at(next_day(range(5)), 10),
        next_step="Conocer la planta",
    )


def complete(client, visit, summary="Recorrimos la planta con el jefe de turno."):
    happened = timezone.localtime().replace(second=0, microsecond=0) - timedelta(hours=1)
    response = client.post(
        reverse("companies:visit_complete", args=[visit.pk]),
        {"kind": "field", "happened_at": as_input(happened), "summary": summary, "next": "done"},
        follow=True,
    )
    return response, happened


def test_doing_a_planned_visit_turns_it_into_a_done_visit(logged_in, planned, office_hours):
    response, happened = complete(logged_in, planned)

    assert response.status_code == 200
    assert Visit.objects.count() == 1
    planned.refresh_from_db()
    assert (planned.status, planned.happened_at, planned.summary) == (
        Visit.Status.DONE,
        happened,
        "Recorrimos la planta con el jefe de turno.",
    )
    office_hours.refresh_from_db()
    assert office_hours.last_contact_at == happened
    assert office_hours.status == Company.Status.ACTIVE


def test_a_visit_already_done_cannot_be_done_again(logged_in, planned):
    complete(logged_in, planned)

    response, _ = complete(logged_in, planned, summary="Otra vez")

    assert "Esa visita ya no está planificada." in response.content.decode()
    planned.refresh_from_db()
    assert planned.summary == "Recorrimos la planta con el jefe de turno."


def test_a_planned_visit_is_cancelled(logged_in, planned):
    response = logged_in.post(
        reverse("companies:visit_cancel", args=[planned.pk]),
        {"cancelar-reason": "La empresa suspendió la visita"},
        follow=True,
    )

    planned.refresh_from_db()
    assert planned.status == Visit.Status.CANCELLED
    assert "Visita cancelada." in response.content.decode()
    assert "Conocer la planta" not in response.content.decode()


def test_cancelling_by_get_is_refused(logged_in, planned):
    response = logged_in.get(reverse("companies:visit_cancel", args=[planned.pk]))

    assert response.status_code == 405
    planned.refresh_from_db()
    assert planned.status == Visit.Status.PLANNED


def test_the_agenda_costs_the_same_queries_with_1_or_15_visits(logged_in, office_hours, gestora):
    def queries_for_the_agenda():
        with CaptureQueriesContext(connection) as captured:
            response = logged_in.get(AGENDA, {"equipo": "1"})
        assert response.status_code == 200
        return len(captured)

    day = next_day(range(5))
    visit_plan(company=office_hours, staff=gestora, planned_for=at(day, 9))
    with_one = queries_for_the_agenda()
    for minutes in range(14):
        visit_plan(company=office_hours, staff=gestora, planned_for=at(day, 10, minutes))
    with_fifteen = queries_for_the_agenda()

    assert with_fifteen == with_one
