"""A visit form sent again (a phone that lost the answer, or kept the visit offline): one visit
per client key, the key of someone else refused, and JSON answers in Spanish for the phone's
script while the browser's pages stay as they were."""

import re
import uuid
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from companies.models import Company, FollowUp, Visit
from companies.services import log_visit
from omil_crm.accounts import roles

JSON = {"HTTP_ACCEPT": "application/json"}
REPLAY = {**JSON, "HTTP_X_OFFLINE_REPLAY": "1"}


def visit_data(key, **overrides) -> dict:
    moment = timezone.localtime() - timedelta(hours=1)
    data = {
        "kind": "field",
        "happened_at": moment.strftime("%Y-%m-%dT%H:%M"),
        "summary": "Hablamos con el jefe de bodega en la portería.",
        "needs_detected": "",
        "next_step": "Llamar a RR.HH. el lunes",
        "follow_up_due": (timezone.localdate() + timedelta(days=3)).isoformat(),
        "client_key": str(key),
        "next": "done",
    }
    data.update(overrides)
    return data


def log_url(company) -> str:
    return reverse("companies:visit_log", args=[company.pk])


@pytest.fixture
def key():
    return uuid.uuid4()


@pytest.fixture
def logged_in(client, gestora):
    client.force_login(gestora)
    return client


@pytest.fixture
def felipe(db):
    user = get_user_model().objects.create_user(username="felipe", first_name="Felipe")
    user.groups.add(Group.objects.get(name=roles.GESTORA))
    return user


def test_the_form_carries_a_new_key_each_time(logged_in, company):
    pages = [logged_in.get(log_url(company)).content.decode() for _ in range(2)]

    keys = [re.search(r'name="client_key" value="([0-9a-f-]{36})"', page)[1] for page in pages]
    assert keys[0] != keys[1]


def test_the_same_key_sent_twice_records_one_visit(logged_in, company, key):
    first = logged_in.post(log_url(company), visit_data(key), **REPLAY)
    second = logged_in.post(log_url(company), visit_data(key), **REPLAY)

    visit = Visit.objects.get()
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["visit_url"] == second.json()["visit_url"] == f"/visitas/{visit.pk}/"
    assert second.json()["replayed"] is True
    assert visit.client_key == key
    assert FollowUp.objects.count() == 1


def test_the_browser_sending_the_form_twice_records_one_visit(logged_in, company, key):
    for _ in range(2):
        response = logged_in.post(log_url(company), visit_data(key))
        assert response.status_code == 302

    assert Visit.objects.count() == 1


def test_the_answer_leads_where_the_form_would(logged_in, company, key):
    answer = logged_in.post(log_url(company), visit_data(key, next="vacancy"), **JSON).json()

    visit = Visit.objects.get()
    assert answer["redirect"] == (
        f"{reverse('vacancies:vacancy_create')}?empresa={company.pk}&visita={visit.pk}"
    )
    assert answer["message"] == "Se registró el contacto con Bodegas de Prueba SpA."


def test_a_visit_sent_from_the_form_on_screen_is_confirmed_on_the_next_page(
    logged_in, company, key
):
    logged_in.post(log_url(company), visit_data(key), **JSON)

    page = logged_in.get(reverse("companies:detail", args=[company.pk])).content.decode()
    assert "Se registró el contacto con Bodegas de Prueba SpA." in page


def test_a_visit_replayed_from_the_phone_leaves_no_message_for_later(logged_in, company, key):
    logged_in.post(log_url(company), visit_data(key), **REPLAY)

    page = logged_in.get(reverse("companies:detail", args=[company.pk])).content.decode()
    assert "Se registró el contacto" not in page


def test_the_key_of_another_person_is_refused(client, company, key, gestora, felipe):
    log_visit(company=company, staff=felipe, summary="Visita de Felipe", client_key=key)
    client.force_login(gestora)

    response = client.post(log_url(company), visit_data(key), **REPLAY)

    assert response.status_code == 400
    assert "Esa clave de envío ya se usó en otra visita" in response.json()["message"]
    assert Visit.objects.get().staff == felipe


def test_a_key_used_for_another_company_is_refused(logged_in, company, park, gestora, key):
    other = Company.objects.create(rut="96511460-0", legal_name="Frigorífico Sur", park=park)
    log_visit(company=other, staff=gestora, summary="En el frigorífico", client_key=key)

    response = logged_in.post(log_url(company), visit_data(key), **REPLAY)

    assert response.status_code == 400
    assert list(Visit.objects.values_list("company", flat=True)) == [other.pk]


def test_json_errors_are_in_spanish_and_name_the_field(logged_in, company, key):
    response = logged_in.post(log_url(company), visit_data(key, summary="  "), **REPLAY)

    assert response.status_code == 400
    answer = response.json()
    assert answer["message"] == "No se registró la visita. Resumen: Este campo es obligatorio."
    assert answer["errors"] == {"summary": ["Este campo es obligatorio."]}
    assert not Visit.objects.exists()


def test_a_malformed_key_is_refused_in_spanish(logged_in, company):
    response = logged_in.post(log_url(company), visit_data("no-es-una-clave"), **REPLAY)

    assert response.status_code == 400
    assert "La clave de envío del formulario no es válida." in response.json()["message"]
    assert not Visit.objects.exists()


def test_the_browser_still_gets_the_form_with_its_errors(logged_in, company, key):
    response = logged_in.post(log_url(company), visit_data(key, summary=""))

    assert response.status_code == 200
    assert "Este campo es obligatorio." in response.content.decode()
