"""A company's requests on the portal: its list and one request's page with the public
timeline only (never an internal note, a department's reply or a mail's body)."""

import pytest
from django.test import override_settings
from django.urls import reverse

from requests_routing.models import RequestEvent, ServiceRequest
from requests_routing.services import (
    service_request_add_note,
    service_request_change_status,
    service_request_create,
    service_request_route,
)

pytestmark = pytest.mark.django_db


def detail(client, request):
    return client.get(reverse("portal:request_detail", args=[request.reference]))


def test_the_list_shows_the_companys_requests_open_first(
    portal_client, contact, own_request, pruning, administrativa
):
    older_closed = service_request_create(
        company=contact.company,
        category=pruning,
        subject="Retiro de escombros ya resuelto",
        channel="phone",
        created_by=administrativa,
    )
    service_request_change_status(
        request=older_closed, status="rejected", actor=administrativa, note="No corresponde."
    )

    page = portal_client(contact).get(reverse("portal:requests")).content.decode()

    assert page.index("Poda del árbol del portón norte") < page.index("Retiro de escombros")
    assert "Aseo y Ornato" in page


def test_the_list_filters_open_and_closed(portal_client, contact, own_request, administrativa):
    service_request_change_status(
        request=own_request, status="rejected", actor=administrativa, note="Fuera de la comuna."
    )
    client = portal_client(contact)

    open_page = client.get(reverse("portal:requests"), {"estado": "abiertas"}).content.decode()
    closed_page = client.get(reverse("portal:requests"), {"estado": "cerradas"}).content.decode()

    assert own_request.reference not in open_page
    assert own_request.reference in closed_page


def test_the_list_is_paginated(portal_client, contact, pruning, administrativa):
    for number in range(22):
        service_request_create(
            company=contact.company,
            category=pruning,
            subject=f"Solicitud número {number}",
            channel="phone",
            created_by=administrativa,
        )

    page = portal_client(contact).get(reverse("portal:requests"))

    assert page.context["page"].paginator.num_pages == 2
    assert "22 en total" in page.content.decode()


def test_the_list_never_shows_another_companys_request(portal_client, other_contact, own_request):
    page = portal_client(other_contact).get(reverse("portal:requests")).content.decode()

    assert own_request.reference not in page
    assert "Poda del árbol" not in page


def test_the_page_shows_status_category_department_and_due_date(
    portal_client, contact, own_request
):
    response = detail(portal_client(contact), own_request)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Recibida" in page
    assert "Poda de árboles" in page
    assert "Aseo y Ornato" in page
    assert own_request.due_date.strftime("%d-%m-%Y") in page


def test_another_companys_reference_answers_404(portal_client, other_contact, own_request):
    assert detail(portal_client(other_contact), own_request).status_code == 404


def test_the_timeline_shows_the_derivation_without_internal_text(
    portal_client, contact, own_request, administrativa
):
    service_request_route(
        request=own_request, actor=administrativa, note="Ojo: el jefe de Aseo está de vacaciones."
    )

    page = detail(portal_client(contact), own_request).content.decode()

    assert "Derivada a Aseo y Ornato" in page
    assert "Acuse de recibo enviado a su correo" in page
    assert "vacaciones" not in page
    assert "aseo@example.cl" not in page


def test_internal_notes_and_department_replies_stay_internal(
    portal_client, contact, own_request, administrativa
):
    service_request_add_note(
        request=own_request, actor=administrativa, text="Empresa insistente, llamar antes."
    )
    RequestEvent.objects.create(
        request=own_request,
        kind=RequestEvent.Kind.DEPARTMENT_REPLY,
        created_at=own_request.received_at,
        text="Aseo: no tenemos cuadrilla hasta enero.",
    )

    page = detail(portal_client(contact), own_request).content.decode()

    assert "insistente" not in page
    assert "cuadrilla" not in page


def test_a_note_marked_public_is_shown_to_the_company(
    portal_client, contact, own_request, administrativa
):
    service_request_add_note(
        request=own_request,
        actor=administrativa,
        text="La cuadrilla pasa el jueves en la mañana.",
        public=True,
    )

    page = detail(portal_client(contact), own_request).content.decode()

    assert "Nota de la OMIL" in page
    assert "La cuadrilla pasa el jueves en la mañana." in page


def test_the_resolution_note_is_shown_but_an_in_progress_note_is_not(
    portal_client, contact, own_request, administrativa
):
    service_request_change_status(
        request=own_request, status="in_progress", actor=administrativa, note="Presionar a DOM."
    )
    service_request_change_status(
        request=own_request, status="resolved", actor=administrativa, note="Árbol podado el lunes."
    )

    page = detail(portal_client(contact), own_request).content.decode()

    assert "Estado: En curso" in page
    assert "Presionar a DOM" not in page
    assert "Árbol podado el lunes." in page
    assert "Aviso de resolución enviado a su correo" in page


def test_staff_names_are_hidden_unless_the_setting_shows_them(
    portal_client, contact, own_request, administrativa
):
    administrativa.first_name, administrativa.last_name = "Carolina", "Muñoz"
    administrativa.save()
    client = portal_client(contact)

    hidden = detail(client, own_request).content.decode()
    with override_settings(PORTAL_SHOW_STAFF_NAMES=True):
        shown = detail(client, own_request).content.decode()

    assert "Carolina Muñoz" not in hidden
    assert "Equipo OMIL" in hidden
    assert "Carolina Muñoz" in shown


def test_a_description_typed_by_staff_is_not_shown(portal_client, contact, own_request):
    page = detail(portal_client(contact), own_request).content.decode()

    assert own_request.channel == ServiceRequest.Channel.PHONE
    assert "tendido eléctrico" not in page


def test_the_staff_page_marks_what_the_company_sees(client, administrativa, own_request):
    service_request_add_note(request=own_request, actor=administrativa, text="Interna.")
    service_request_add_note(
        request=own_request, actor=administrativa, text="Para la empresa.", public=True
    )
    client.force_login(administrativa)

    page = client.get(
        reverse("requests_routing:request_detail", args=[own_request.pk])
    ).content.decode()

    # The registration and the public note: not the internal one.
    assert page.count('data-testid="event-public"') == 2


def test_staff_mark_a_note_public_with_the_checkbox(client, administrativa, own_request):
    client.force_login(administrativa)
    url = reverse("requests_routing:request_add_note", args=[own_request.pk])

    client.post(url, {"text": "Interna"})
    client.post(url, {"text": "Visible", "public": "on"})

    notes = own_request.events.filter(kind="note").order_by("pk")
    assert [(note.text, note.public) for note in notes] == [("Interna", False), ("Visible", True)]


def test_the_page_runs_a_fixed_number_of_queries(
    portal_client, contact, own_request, administrativa, django_assert_max_num_queries
):
    client = portal_client(contact)
    for number in range(10):
        service_request_add_note(
            request=own_request, actor=administrativa, text=f"Aviso {number}", public=True
        )

    with django_assert_max_num_queries(12):
        assert detail(client, own_request).status_code == 200


@pytest.mark.parametrize("reference", ["x", "SOL-2026-1\x00", "SOL-" + "9" * 500, "sol-2026-00001"])
def test_a_path_that_is_no_reference_answers_404(portal_client, contact, own_request, reference):
    client = portal_client(contact)

    assert client.get(reverse("portal:request_detail", args=[reference])).status_code == 404
    assert client.get(reverse("portal:request_attachment", args=[reference, 1])).status_code == 404


@pytest.mark.parametrize("value", ["", "todas", "x" * 5000, "\x00"])
def test_extreme_list_values_never_break_the_list(portal_client, contact, value):
    client = portal_client(contact)

    for key in ("estado", "page"):
        assert client.get(reverse("portal:requests"), {key: value}).status_code == 200
