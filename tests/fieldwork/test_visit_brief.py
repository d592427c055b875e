"""A visit's brief: what the staff member needs at the company's gate, on one phone screen."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from companies.models import Contact
from companies.services import log_visit, visit_plan
from meetings.services import agreement_create, meeting_create
from omil_crm.accounts import roles
from requests_routing.services import service_request_create
from tests.fieldwork.world import at, next_weekday, plan_six_visits
from vacancies.models import Programme
from vacancies.people_services import job_seeker_create
from vacancies.programme_services import programme_offer_create
from vacancies.services import referral_create, vacancy_create


def fill(company, *, gestora, psicologa, pruning, number: int = 0) -> None:
    """Contacts, an open request, an open vacancy with a referral, a pending agreement, a
    programme offered and a past visit: one of each thing the brief shows."""
    Contact.objects.create(
        company=company, name=f"Rosa Vera {number}", phone="+56 9 8765 4321", email="rosa@ej.cl"
    )
    service_request_create(
        company=company,
        category=pruning,
        subject=f"Poda en el acceso {number}",
        channel="visit",
        created_by=gestora,
    )
    vacancy = vacancy_create(
        company=company, title=f"Operario de grúa {number}", captured_by=gestora
    )
    seeker = job_seeker_create(
        registered_by=psicologa,
        rut=["12345678-5", "11111111-1", "22222222-2", "33333333-3", "44444444-4", "55555555-5"][
            number
        ],
        first_name="Luis",
        last_name="Tapia",
        consent_purpose="Intermediación laboral",
    )
    referral_create(job_seeker=seeker, vacancy=vacancy, referred_by=psicologa)
    starts = timezone.now() - timedelta(days=3)
    meeting = meeting_create(
        kind="breakfast",
        title=f"Desayuno empresarial {number}",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        created_by=gestora,
    )
    agreement_create(
        meeting=meeting,
        description=f"Enviar la nómina de cargos {number}",
        responsible=gestora,
        due_date=timezone.localdate() + timedelta(days=5),
        company=company,
    )
    programme, _ = Programme.objects.get_or_create(name="Bono al Trabajo de la Mujer", kind="bonus")
    Programme.objects.get_or_create(name="Subsidio al Empleo Joven", kind="subsidy")
    programme_offer_create(company=company, programme=programme, offered_by=gestora)
    log_visit(
        company=company,
        staff=gestora,
        summary=f"Conversamos con RR.HH. {number}",
        next_step="Llevar perfiles de operarios",
    )


def other_gestora():
    user = get_user_model().objects.create_user(username="gestora-vecina", password="x" * 12)
    user.groups.add(Group.objects.get(name=roles.GESTORA))
    return user


@pytest.fixture
def brief_visit(db, company, gestora, psicologa, pruning):
    fill(company, gestora=gestora, psicologa=psicologa, pruning=pruning)
    return visit_plan(company=company, staff=gestora, planned_for=at(next_weekday(), 10))


@pytest.mark.django_db
def test_it_shows_everything_needed_at_the_gate(client, gestora, brief_visit):
    client.force_login(gestora)

    page = client.get(reverse("fieldwork:brief", args=[brief_visit.pk])).content.decode()

    assert 'href="tel:+56987654321"' in page
    assert 'href="mailto:rosa@ej.cl"' in page
    assert "Poda en el acceso 0" in page and "Recibida" in page
    assert "Operario de grúa 0 — 1 derivación (1 en curso)" in page
    assert "Enviar la nómina de cargos 0" in page
    assert "Bono al Trabajo de la Mujer — Ofrecido" in page
    assert "Podría ofrecer: Subsidio al Empleo Joven." in page
    assert "Conversamos con RR.HH. 0" in page
    assert "Llevar perfiles de operarios" in page


@pytest.mark.django_db
def test_a_done_agreement_is_not_pending(client, gestora, brief_visit):
    brief_visit.company.agreements.update(status="done")
    client.force_login(gestora)

    page = client.get(reverse("fieldwork:brief", args=[brief_visit.pk])).content.decode()

    assert "Enviar la nómina de cargos" not in page


@pytest.mark.django_db
def test_the_brief_costs_the_same_queries_with_more_data(client, gestora, brief_visit, psicologa):
    client.force_login(gestora)
    url = reverse("fieldwork:brief", args=[brief_visit.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(3):
        Contact.objects.create(company=brief_visit.company, name=f"Otro contacto {n}")
        vacancy_create(company=brief_visit.company, title=f"Bodeguero {n}", captured_by=gestora)

    with CaptureQueriesContext(connection) as more:
        client.get(url)

    assert len(more) == len(few) <= 20


@pytest.mark.django_db
def test_the_day_print_has_every_stop_in_bounded_queries(
    client, gestora, psicologa, pruning, settings
):
    day = next_weekday()
    visits = plan_six_visits(staff=gestora, day=day)
    client.force_login(gestora)
    url = reverse("fieldwork:day_print", args=[day.isoformat()])
    client.get(url)
    with CaptureQueriesContext(connection) as empty:
        client.get(url)
    for number, visit in enumerate(visits.values()):
        fill(visit.company, gestora=gestora, psicologa=psicologa, pruning=pruning, number=number)

    with CaptureQueriesContext(connection) as full:
        response = client.get(url)

    page = response.content.decode()
    assert page.count('data-testid="brief"') == 6
    assert page.index("Metalúrgica Quintero Ltda.") < page.index("Áridos Concón SpA")
    assert all(f"Conversamos con RR.HH. {n}" in page for n in range(6))
    assert len(full) <= len(empty) + 3 <= 30


@pytest.mark.django_db
def test_the_encargado_opens_any_brief(client, encargado, brief_visit):
    client.force_login(encargado)

    assert client.get(reverse("fieldwork:brief", args=[brief_visit.pk])).status_code == 200


@pytest.mark.django_db
def test_another_gestora_cannot_open_the_brief(client, brief_visit):
    client.force_login(other_gestora())

    assert client.get(reverse("fieldwork:brief", args=[brief_visit.pk])).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["administrativa", "psicologa", "alcaldia"])
def test_it_refuses_who_does_not_go_to_the_field(client, role, request, brief_visit):
    client.force_login(request.getfixturevalue(role))

    assert client.get(reverse("fieldwork:brief", args=[brief_visit.pk])).status_code == 403
