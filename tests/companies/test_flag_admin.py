"""The Alcaldía flags a newly settled company in the admin and follows what became of it."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from companies.models import Company, CompanyFlag, FollowUp
from companies.services import company_flag_create, log_visit
from omil_crm.accounts import roles
from omil_crm.base.workdays import add_working_days
from omil_crm.models import Notification

ADD = reverse("admin:companies_companyflag_add")
CHANGELIST = reverse("admin:companies_companyflag_changelist")


def flag_data(park, **overrides) -> dict:
    data = {
        "legal_name": "Logística Andina SpA",
        "rut": "78.234.567-2",
        "park": park.pk,
        "address": "Camino Internacional 2500, lote 14",
        "note": "Se instaló en marzo; contratará operarios.",
        "_save": "Guardar",
    }
    data.update(overrides)
    return data


@pytest.fixture
def logged_in(client, alcaldia):
    client.force_login(alcaldia)
    return client


@pytest.fixture
def second_alcaldia(db):
    user = get_user_model().objects.create_user(
        username="alcaldia2", password="x", first_name="Jorge", is_staff=True
    )
    user.groups.add(Group.objects.get(name=roles.ALCALDIA))
    return user


def assert_nothing_flagged() -> None:
    assert not CompanyFlag.objects.exists()
    assert not FollowUp.objects.exists()
    assert not Notification.objects.exists()


# Flagging


def test_flagging_creates_the_company_as_flagged(logged_in, park, gestora):
    response = logged_in.post(ADD, flag_data(park))

    assert response.status_code == 302
    company = Company.objects.get(legal_name="Logística Andina SpA")
    assert (company.rut, company.park, company.status, company.owner) == (
        "78234567-2",
        park,
        Company.Status.FLAGGED,
        gestora,
    )
    assert company.address == "Camino Internacional 2500, lote 14"


def test_flagging_leaves_a_visit_due_in_five_working_days_for_the_gestora(
    logged_in, park, gestora, alcaldia
):
    logged_in.post(ADD, flag_data(park))

    follow_up = FollowUp.objects.get()
    assert (follow_up.title, follow_up.assigned_to, follow_up.created_by) == (
        "Visitar empresa nueva",
        gestora,
        alcaldia,
    )
    assert follow_up.due_date == add_working_days(timezone.localdate(), 5)
    assert CompanyFlag.objects.get().follow_up == follow_up


def test_flagging_notifies_the_gestora(logged_in, park, gestora):
    logged_in.post(ADD, flag_data(park))

    notification = Notification.objects.get()
    assert notification.recipient == gestora
    assert "Logística Andina SpA" in notification.title


def test_a_wrong_check_digit_is_refused(logged_in, park):
    response = logged_in.post(ADD, flag_data(park, rut="78.234.567-5"))

    assert response.status_code == 200
    assert "El dígito verificador del RUT no corresponde." in response.content.decode()
    assert not Company.objects.filter(legal_name="Logística Andina SpA").exists()
    assert_nothing_flagged()


def test_a_rut_already_registered_is_refused_naming_the_company(logged_in, park, company):
    response = logged_in.post(ADD, flag_data(park, rut="76.086.428-5"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Ya existe una empresa con ese RUT (Bodegas de Prueba SpA)" in page
    assert list(Company.objects.all()) == [company]
    assert_nothing_flagged()


# Following the flags


def test_the_alcaldia_sees_only_its_own_flags_pending_a_visit(
    logged_in, park, alcaldia, second_alcaldia
):
    company_flag_create(flagged_by=alcaldia, legal_name="Mía SpA", park=park)
    company_flag_create(flagged_by=second_alcaldia, legal_name="Ajena SpA", park=park)

    page = logged_in.get(CHANGELIST).content.decode()

    assert "Mía SpA" in page
    assert "Pendiente de visita" in page
    assert "Ajena SpA" not in page


def test_after_a_field_visit_the_flag_reads_visited_by_whom(logged_in, park, alcaldia, gestora):
    gestora.first_name, gestora.last_name = "Carla", "Vidal"
    gestora.save()
    flag = company_flag_create(flagged_by=alcaldia, legal_name="Mía SpA", park=park)
    visit = log_visit(company=flag.company, staff=gestora, summary="Primera visita")

    page = logged_in.get(CHANGELIST).content.decode()

    day = timezone.localtime(visit.happened_at).strftime("%d-%m-%Y")
    assert f"Visitada el {day} por Carla Vidal" in page
    assert "Pendiente de visita" not in page
    flag.follow_up.refresh_from_db()
    assert flag.follow_up.done_by == gestora


def test_a_phone_call_does_not_answer_the_flag(logged_in, park, alcaldia, gestora):
    flag = company_flag_create(flagged_by=alcaldia, legal_name="Mía SpA", park=park)
    log_visit(company=flag.company, staff=gestora, kind="call", summary="Llamada")

    assert "Pendiente de visita" in logged_in.get(CHANGELIST).content.decode()
    flag.follow_up.refresh_from_db()
    assert flag.follow_up.is_open


def test_the_encargado_sees_every_flag(client, encargado, park, alcaldia, second_alcaldia):
    company_flag_create(flagged_by=alcaldia, legal_name="Mía SpA", park=park)
    company_flag_create(flagged_by=second_alcaldia, legal_name="Ajena SpA", park=park)
    client.force_login(encargado)

    page = client.get(CHANGELIST).content.decode()

    assert "Mía SpA" in page
    assert "Ajena SpA" in page


def test_the_encargado_may_not_flag_a_company(client, encargado, park):
    client.force_login(encargado)

    assert client.get(ADD).status_code == 403
    assert client.post(ADD, flag_data(park)).status_code == 403
    assert_nothing_flagged()


def test_a_flag_is_view_only_for_the_alcaldia(logged_in, park, alcaldia):
    flag = company_flag_create(flagged_by=alcaldia, legal_name="Mía SpA", park=park, note="Lote 3")

    response = logged_in.get(reverse("admin:companies_companyflag_change", args=[flag.pk]))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Lote 3" in page
    assert 'name="_save"' not in page
    assert 'value="Guardar"' not in page


def test_the_alcaldia_cannot_open_another_alcaldias_flag(logged_in, park, second_alcaldia):
    flag = company_flag_create(flagged_by=second_alcaldia, legal_name="Ajena SpA", park=park)

    response = logged_in.get(
        reverse("admin:companies_companyflag_change", args=[flag.pk]), follow=True
    )

    assert "Ajena SpA" not in response.content.decode()
