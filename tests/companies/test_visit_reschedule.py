"""Rescheduling a planned visit (same checks as planning) and cancelling it with a reason:
both kept in the visit's history and on the company timeline, by the visit's staff member,
the company's owner or the Encargado only, and only by POST."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from companies.models import Visit, VisitChange
from companies.services import visit_plan
from omil_crm.accounts import roles

SANTIAGO = ZoneInfo("America/Santiago")
NOW = datetime(2026, 12, 3, 10, 0, tzinfo=SANTIAGO)
PLANNED = datetime(2026, 12, 9, 10, 0, tzinfo=SANTIAGO)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def office_hours(company):
    """Monday to Friday, 09:00 to 17:00; owned by the gestora."""
    company.visiting_weekdays = "01234"
    company.visiting_from, company.visiting_until = time(9, 0), time(17, 0)
    company.save()
    return company


@pytest.fixture
def planned(office_hours, gestora):
    return visit_plan(
        company=office_hours, staff=gestora, planned_for=PLANNED, next_step="Conocer la planta"
    )


@pytest.fixture
def felipe(db):
    """Another Gestora Territorial: neither the visit's staff member nor the company's owner."""
    user = get_user_model().objects.create_user(
        username="felipe", first_name="Felipe", last_name="Soto", password="x"
    )
    user.groups.add(Group.objects.get(name=roles.GESTORA))
    return user


def as_user(client, user):
    client.force_login(user)
    return client


def reschedule(client, visit, moment: str, **extra):
    data = {"reprogramar-planned_for": moment, **{f"reprogramar-{k}": v for k, v in extra.items()}}
    return client.post(reverse("companies:visit_reschedule", args=[visit.pk]), data)


def cancel(client, visit, reason: str):
    return client.post(
        reverse("companies:visit_cancel", args=[visit.pk]), {"cancelar-reason": reason}
    )


def planned_for(visit) -> datetime:
    visit.refresh_from_db()
    return visit.planned_for


# Rescheduling


def test_it_reschedules_and_lands_on_the_month_of_the_new_date(client, gestora, planned):
    response = reschedule(
        as_user(client, gestora), planned, "2027-01-06T11:30", reason="La gerenta viaja"
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("companies:agenda") + "?vista=mes&fecha=2027-01-01"
    assert planned_for(planned) == datetime(2027, 1, 6, 11, 30, tzinfo=SANTIAGO)
    change = VisitChange.objects.get()
    assert (change.kind, change.previous_planned_for, change.reason, change.changed_by) == (
        VisitChange.Kind.RESCHEDULED,
        PLANNED,
        "La gerenta viaja",
        gestora,
    )


def test_the_visit_page_shows_the_change(client, gestora, planned):
    as_user(client, gestora)
    reschedule(client, planned, "2026-12-10T11:00", reason="La gerenta viaja")

    page = client.get(reverse("companies:visit_detail", args=[planned.pk])).content.decode()

    history = page.split('data-testid="visit-changes"', 1)[1]
    assert "del 09-12-2026 10:00 al 10-12-2026 11:00" in history
    assert "La gerenta viaja" in history


def test_the_company_timeline_shows_the_change(client, gestora, planned, office_hours):
    as_user(client, gestora)
    reschedule(client, planned, "2026-12-10T11:00", reason="La gerenta viaja")

    page = client.get(reverse("companies:detail", args=[office_hours.pk])).content.decode()

    timeline = page.split('data-testid="timeline"', 1)[1]
    assert "Visita reprogramada" in timeline
    assert "Del 09-12-2026 10:00 al 10-12-2026 11:00. Motivo: La gerenta viaja" in timeline


def test_it_warns_when_moving_to_8_december_and_keeps_the_date(client, gestora, planned):
    response = reschedule(as_user(client, gestora), planned, "2026-12-08T10:00")

    assert response.status_code == 200
    warning = response.content.decode().split('data-testid="planning-warning"', 1)[1]
    assert "El 8 de diciembre es feriado: La Inmaculada Concepción." in warning
    assert planned_for(planned) == PLANNED
    assert not VisitChange.objects.exists()


def test_it_moves_to_a_holiday_once_confirmed(client, gestora, planned):
    response = reschedule(
        as_user(client, gestora), planned, "2026-12-08T10:00", confirm_day_off="on"
    )

    assert response.status_code == 302
    assert planned_for(planned) == datetime(2026, 12, 8, 10, 0, tzinfo=SANTIAGO)


def test_it_warns_outside_the_visiting_hours(client, gestora, planned):
    response = reschedule(as_user(client, gestora), planned, "2026-12-10T19:00")

    warning = response.content.decode().split('data-testid="planning-warning"', 1)[1]
    assert "recibe visitas lunes a viernes, de 09:00 a 17:00" in warning
    assert planned_for(planned) == PLANNED


def test_it_refuses_a_past_day(client, gestora, planned):
    response = reschedule(as_user(client, gestora), planned, "2026-12-01T10:00")

    assert "No se puede reprogramar una visita para un día pasado." in response.content.decode()
    assert planned_for(planned) == PLANNED


def test_it_refuses_a_missing_date_next_to_the_field(client, gestora, planned):
    response = reschedule(as_user(client, gestora), planned, "")

    assert response.status_code == 200
    assert "Este campo es obligatorio" in response.content.decode()
    assert planned_for(planned) == PLANNED


def test_it_refuses_a_done_visit(client, gestora, planned):
    Visit.objects.filter(pk=planned.pk).update(status=Visit.Status.DONE, happened_at=NOW)

    response = reschedule(as_user(client, gestora), planned, "2026-12-10T11:00")

    assert response.status_code == 302
    assert not VisitChange.objects.exists()


def test_rescheduling_by_get_is_refused(client, gestora, planned):
    response = as_user(client, gestora).get(
        reverse("companies:visit_reschedule", args=[planned.pk])
    )

    assert response.status_code == 405


# Who may reschedule


def test_the_companys_owner_may_reschedule_a_colleagues_visit(
    client, gestora, felipe, office_hours
):
    visit = visit_plan(company=office_hours, staff=felipe, planned_for=PLANNED)

    response = reschedule(as_user(client, gestora), visit, "2026-12-10T11:00")

    assert response.status_code == 302
    assert planned_for(visit) == datetime(2026, 12, 10, 11, 0, tzinfo=SANTIAGO)


def test_the_visits_staff_member_may_reschedule_at_a_company_she_does_not_own(
    client, felipe, planned
):
    Visit.objects.filter(pk=planned.pk).update(staff=felipe)

    response = reschedule(as_user(client, felipe), planned, "2026-12-10T11:00")

    assert response.status_code == 302


def test_the_encargado_may_reschedule(client, encargado, planned):
    response = reschedule(as_user(client, encargado), planned, "2026-12-10T11:00")

    assert response.status_code == 302
    assert VisitChange.objects.get().changed_by == encargado


def test_another_gestora_may_not_reschedule(client, felipe, planned):
    response = reschedule(as_user(client, felipe), planned, "2026-12-10T11:00")

    assert response.status_code == 403
    assert planned_for(planned) == PLANNED


@pytest.mark.parametrize("persona", ["administrativa", "psicologa"])
def test_roles_without_visits_may_not_reschedule(client, request, persona, planned):
    response = reschedule(
        as_user(client, request.getfixturevalue(persona)), planned, "2026-12-10T11:00"
    )

    assert response.status_code == 403
    assert planned_for(planned) == PLANNED


def test_another_gestora_sees_no_reschedule_form(client, felipe, planned):
    page = as_user(client, felipe).get(reverse("companies:visit_detail", args=[planned.pk]))

    assert 'data-testid="reschedule-form"' not in page.content.decode()


# Cancelling


def test_it_cancels_with_a_reason(client, gestora, planned, office_hours):
    response = cancel(as_user(client, gestora), planned, "Cambio de turno en la planta")

    assert response.status_code == 302
    planned.refresh_from_db()
    assert planned.status == Visit.Status.CANCELLED
    change = VisitChange.objects.get()
    assert (change.kind, change.reason, change.changed_by, change.previous_planned_for) == (
        VisitChange.Kind.CANCELLED,
        "Cambio de turno en la planta",
        gestora,
        PLANNED,
    )
    page = client.get(reverse("companies:detail", args=[office_hours.pk])).content.decode()
    assert "Visita cancelada" in page
    assert "Motivo: Cambio de turno en la planta" in page


def test_it_refuses_to_cancel_without_a_reason(client, gestora, planned):
    response = cancel(as_user(client, gestora), planned, "   ")

    assert response.status_code == 200
    assert "Indique por qué se cancela la visita." in response.content.decode()
    planned.refresh_from_db()
    assert planned.status == Visit.Status.PLANNED
    assert not VisitChange.objects.exists()


def test_a_cancelled_visit_leaves_the_agenda(client, gestora, planned):
    as_user(client, gestora)
    cancel(client, planned, "La empresa cerró por inventario")

    page = client.get(reverse("companies:agenda"), {"vista": "mes"}).content.decode()

    assert "Conocer la planta" not in page


def test_the_encargado_may_cancel(client, encargado, planned):
    response = cancel(as_user(client, encargado), planned, "Se reasigna la cartera")

    assert response.status_code == 302


def test_another_gestora_may_not_cancel(client, felipe, planned):
    response = cancel(as_user(client, felipe), planned, "No corresponde")

    assert response.status_code == 403
    planned.refresh_from_db()
    assert planned.status == Visit.Status.PLANNED


def test_the_administrativa_may_not_cancel(client, administrativa, planned):
    response = cancel(as_user(client, administrativa), planned, "No corresponde")

    assert response.status_code == 403


def test_cancelling_by_get_is_refused(client, gestora, planned):
    response = as_user(client, gestora).get(reverse("companies:visit_cancel", args=[planned.pk]))

    assert response.status_code == 405


def test_it_refuses_a_date_years_ahead(client, gestora, planned):
    response = reschedule(as_user(client, gestora), planned, "2031-12-09T10:00")

    assert "Las visitas se planifican hasta dos años adelante" in response.content.decode()
    assert planned_for(planned) == PLANNED
