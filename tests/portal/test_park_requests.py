"""The park's representative sees the requests of every company of the park: public fields
only, filtered by status and company, with the counts per status on top."""

import pytest
from django.urls import reverse

from requests_routing.services import service_request_add_note, service_request_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def neighbours_request(other_company, pruning, administrativa):
    return service_request_create(
        company=other_company,
        category=pruning,
        subject="Luminaria apagada frente a Envapac",
        channel="phone",
        created_by=administrativa,
    )


def park_page(client, **query):
    return client.get(reverse("portal:park"), query)


def test_the_representative_sees_every_companys_requests_public_fields_only(
    portal_client, representative, own_request, neighbours_request, administrativa
):
    service_request_add_note(
        request=own_request, actor=administrativa, text="Nota interna sobre Bodegas."
    )

    page = park_page(portal_client(representative)).content.decode()

    assert own_request.reference in page
    assert neighbours_request.reference in page
    assert "Bodegas de Prueba SpA" in page
    assert "Aseo y Ornato" in page
    assert own_request.due_date.strftime("%d-%m-%Y") in page
    assert "Poda del árbol del portón norte" not in page  # another company's subject
    assert "tendido eléctrico" not in page  # its description
    assert "Nota interna" not in page


def test_the_counts_per_status_are_on_top(
    portal_client, representative, own_request, neighbours_request
):
    response = park_page(portal_client(representative))

    counts = {value: total for value, _label, total in response.context["counts"]}
    assert counts["received"] == 2
    assert counts["resolved"] == 0


def test_filters_by_status_and_company(
    portal_client, representative, own_request, neighbours_request, administrativa
):
    from requests_routing.services import service_request_route

    service_request_route(request=neighbours_request, actor=administrativa)
    client = portal_client(representative)

    routed = park_page(client, estado="routed").content.decode()
    of_company = park_page(client, empresa=own_request.company_id).content.decode()

    assert neighbours_request.reference in routed
    assert own_request.reference not in routed
    assert own_request.reference in of_company
    assert neighbours_request.reference not in of_company


def test_a_company_of_another_park_is_not_a_filter(
    portal_client, representative, own_request, far_contact, pruning, administrativa
):
    far_request = service_request_create(
        company=far_contact.company,
        category=pruning,
        subject="Poda en el parque costero",
        channel="phone",
        created_by=administrativa,
    )

    page = park_page(portal_client(representative), empresa=far_contact.company_id)

    assert far_request.reference not in page.content.decode()
    assert own_request.reference in page.content.decode()


def test_the_list_is_paginated(
    portal_client, representative, other_company, pruning, administrativa
):
    for number in range(27):
        service_request_create(
            company=other_company,
            category=pruning,
            subject=f"Solicitud {number}",
            channel="phone",
            created_by=administrativa,
        )

    response = park_page(portal_client(representative))

    assert response.context["page"].paginator.num_pages == 2


def test_a_contact_who_is_not_the_representative_gets_404(portal_client, contact, representative):
    assert park_page(portal_client(contact)).status_code == 404


def test_the_menu_offers_the_park_to_the_representative_only(
    portal_client, contact, representative
):
    url = reverse("portal:park")

    assert url in portal_client(representative).get(reverse("portal:home")).content.decode()
    assert url not in portal_client(contact).get(reverse("portal:home")).content.decode()


@pytest.mark.parametrize(
    "value", ["", "abc", "-1", "0", str(2**64), "x" * 5000, "\x00", "9999-12-31", "٣"]
)
def test_extreme_filter_values_never_break_the_page(portal_client, representative, value):
    client = portal_client(representative)

    for key in ("estado", "empresa", "page"):
        assert park_page(client, **{key: value}).status_code == 200, key
