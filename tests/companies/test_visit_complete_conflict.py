"""Completing a planned visit from a form opened earlier (maybe kept on a phone all morning):
sent twice it is recorded once; done, cancelled or moved meanwhile, nothing is overwritten and
the text sent comes back."""

import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from companies.models import Visit
from companies.services import visit_cancel, visit_complete, visit_plan, visit_reschedule
from omil_crm.accounts import roles

SANTIAGO = ZoneInfo("America/Santiago")
NOW = datetime(2026, 12, 9, 12, 0, tzinfo=SANTIAGO)
PLANNED = datetime(2026, 12, 9, 10, 0, tzinfo=SANTIAGO)
JSON = {"HTTP_ACCEPT": "application/json", "HTTP_X_OFFLINE_REPLAY": "1"}
SUMMARY = "Recorrimos la planta con la jefa de RR.HH."


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def planned(company, gestora):
    with time_machine.travel(datetime(2026, 12, 1, 9, 0, tzinfo=SANTIAGO), tick=False):
        return visit_plan(company=company, staff=gestora, planned_for=PLANNED)


@pytest.fixture
def felipe(db):
    user = get_user_model().objects.create_user(
        username="felipe", first_name="Felipe", last_name="Soto"
    )
    user.groups.add(Group.objects.get(name=roles.GESTORA))
    return user


@pytest.fixture
def logged_in(client, gestora):
    client.force_login(gestora)
    return client


def complete_url(visit) -> str:
    return reverse("companies:visit_complete", args=[visit.pk])


def form_data(visit, key, **overrides) -> dict:
    data = {
        "kind": "field",
        "happened_at": "2026-12-09T10:15",
        "summary": SUMMARY,
        "client_key": str(key),
        "plan_version": visit.plan_version,
        "next": "done",
    }
    data.update(overrides)
    return data


def test_completing_twice_with_one_key_records_it_once(logged_in, planned):
    key = uuid.uuid4()
    data = form_data(planned, key)

    first = logged_in.post(complete_url(planned), data, **JSON)
    second = logged_in.post(complete_url(planned), data, **JSON)

    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json()["visit_url"] == f"/visitas/{planned.pk}/"
    planned.refresh_from_db()
    assert (planned.status, planned.summary, planned.client_key) == ("done", SUMMARY, key)
    assert Visit.objects.count() == 1


def test_a_visit_done_meanwhile_by_someone_else_is_not_overwritten(logged_in, planned, felipe):
    data = form_data(planned, uuid.uuid4())
    visit_complete(visit=planned, staff=felipe, summary="Fue Felipe")

    response = logged_in.post(complete_url(planned), data, **JSON)

    assert response.status_code == 409
    answer = response.json()
    assert answer["message"] == (
        "Esta visita ya no está planificada: Felipe Soto la registró como realizada el "
        "09-12-2026 a las 12:00."
    )
    assert answer["summary"] == SUMMARY
    assert answer["log_url"] == reverse("companies:visit_log", args=[planned.company_id])
    planned.refresh_from_db()
    assert (planned.summary, planned.staff) == ("Fue Felipe", felipe)


def test_a_visit_cancelled_meanwhile_stays_cancelled(logged_in, planned, felipe):
    data = form_data(planned, uuid.uuid4())
    visit_cancel(visit=planned, reason="La empresa cerró por inventario", acting_user=felipe)

    response = logged_in.post(complete_url(planned), data, **JSON)

    assert response.status_code == 409
    assert "Felipe Soto la canceló" in response.json()["message"]
    assert "(La empresa cerró por inventario)" in response.json()["message"]
    planned.refresh_from_db()
    assert (planned.status, planned.summary) == ("cancelled", "")


def test_a_visit_moved_meanwhile_is_not_completed(logged_in, planned, felipe):
    data = form_data(planned, uuid.uuid4())
    visit_reschedule(
        visit=planned,
        planned_for=datetime(2026, 12, 11, 9, 30, tzinfo=SANTIAGO),
        acting_user=felipe,
    )

    response = logged_in.post(complete_url(planned), data, **JSON)

    assert response.status_code == 409
    assert response.json()["message"] == (
        "Mientras tanto la visita fue reprogramada por Felipe Soto para el 11-12-2026 a las "
        "09:30; no se registró para no pasar por encima de ese cambio."
    )
    planned.refresh_from_db()
    assert (planned.status, planned.summary) == ("planned", "")


def test_the_conflicting_text_can_be_logged_as_a_new_contact(logged_in, planned, felipe):
    key = uuid.uuid4()
    data = form_data(planned, key)
    visit_complete(visit=planned, staff=felipe, summary="Fue Felipe")
    answer = logged_in.post(complete_url(planned), data, **JSON).json()

    data.pop("plan_version")
    response = logged_in.post(answer["log_url"], data, **JSON)

    assert response.status_code == 201
    assert Visit.objects.get(client_key=key).summary == SUMMARY


def test_in_the_browser_a_moved_visit_keeps_the_text_and_a_second_save_records_it(
    logged_in, planned, felipe
):
    data = form_data(planned, uuid.uuid4())
    visit_reschedule(
        visit=planned,
        planned_for=datetime(2026, 12, 11, 9, 30, tzinfo=SANTIAGO),
        acting_user=felipe,
    )

    page = logged_in.post(complete_url(planned), data).content.decode()

    assert "Mientras tanto la visita fue reprogramada por Felipe Soto" in page
    assert SUMMARY in page
    planned.refresh_from_db()
    assert planned.status == "planned"
    again = logged_in.post(complete_url(planned), {**data, "plan_version": planned.plan_version})
    assert again.status_code == 302
    planned.refresh_from_db()
    assert planned.status == "done"


def test_the_browser_completing_a_visit_no_longer_planned_is_sent_back(logged_in, planned):
    visit_complete(visit=planned, staff=planned.staff, summary="Ya realizada")

    response = logged_in.post(complete_url(planned), form_data(planned, uuid.uuid4()))

    assert response.status_code == 302
    assert response["Location"] == reverse("companies:detail", args=[planned.company_id])
