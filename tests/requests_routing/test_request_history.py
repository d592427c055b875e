"""A service request's change history: the Encargado sees on the request's page who moved it,
reassigned it or changed its data, and when; no other role sees it."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from requests_routing.models import ServiceRequest
from requests_routing.services import service_request_change_status, service_request_create
from tests.companies.test_company_history import SECTION, history_text, shown_at

Status = ServiceRequest.Status


@pytest.fixture
def sr(company, pruning, administrativa):
    return service_request_create(
        company=company,
        category=pruning,
        subject="Ramas sobre el cable",
        channel="email",
        created_by=administrativa,
        received_at=timezone.now() - timedelta(days=1),
    )


def page_of(sr) -> str:
    return reverse("requests_routing:request_detail", args=[sr.pk])


def test_status_and_owner_changed_by_the_administrativa_show_up_for_the_encargado(
    client, administrativa, encargado, gestora, sr
):
    client.force_login(administrativa)
    client.post(
        reverse("requests_routing:request_change_status", args=[sr.pk]), {"status": "routed"}
    )
    client.post(reverse("requests_routing:request_reassign", args=[sr.pk]), {"owner": gestora.pk})
    routed, reassigned = sr.history.filter(history_type="~").order_by("history_date")

    client.force_login(encargado)
    text = history_text(client.get(page_of(sr)))

    assert (
        f"{shown_at(reassigned)} · Administrativa · Solicitud · Modificado "
        "Responsable: Administrativa → Gestora"
    ) in text
    assert (
        f"{shown_at(routed)} · Administrativa · Solicitud · Modificado Estado: Recibida → Derivada"
    ) in text
    assert text.index("Responsable: Administrativa → Gestora") < text.index("Recibida → Derivada")


def test_the_creation_names_the_category_department_and_company(client, encargado, sr):
    client.force_login(encargado)
    text = history_text(client.get(page_of(sr)))

    created = text.split("Solicitud · Creado", 1)[1]
    assert "Empresa: — → Bodegas de Prueba SpA" in created
    assert "Categoría: — → Poda de árboles" in created
    assert "Departamento: — → Aseo y Ornato" in created
    assert "Canal: — → Correo" in created
    # The reference is given by the system, and the page's title already shows it.
    assert "Referencia" not in created


def test_a_change_made_by_a_background_task_is_signed_by_the_system(
    client, encargado, administrativa, sr
):
    service_request_change_status(request=sr, status=Status.IN_PROGRESS, actor=None)

    client.force_login(encargado)
    text = history_text(client.get(page_of(sr)))

    assert "Sistema · Solicitud · Modificado Estado: Recibida → En curso" in text


@pytest.mark.parametrize("persona", ["gestora", "administrativa"])
def test_other_roles_see_nothing_of_the_history(client, persona, request, sr):
    client.force_login(request.getfixturevalue(persona))

    content = client.get(page_of(sr)).content.decode()

    assert SECTION not in content
    assert "Historial de cambios" not in content


def test_the_page_costs_the_same_queries_with_few_or_many_changes(
    client, encargado, administrativa, gestora, sr
):
    def queries_for_the_page():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(page_of(sr))
        assert response.status_code == 200
        return len(captured)

    def reassign(times):
        for number in range(times):
            sr.owner = gestora if number % 2 else administrativa
            sr.place = f"Poste {number}"
            sr.save()

    client.force_login(encargado)
    reassign(2)
    with_few = queries_for_the_page()
    reassign(40)
    with_many = queries_for_the_page()

    assert with_many == with_few
